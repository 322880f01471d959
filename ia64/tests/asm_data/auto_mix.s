	.text
	.auto
	.proc f
f:
L0:
	fcmp.eq p9,p11=f6,f6
	ld8 r1=[r15]
	mov r2=r4
	(p10) mov ar.unat=r2
	br.cond.dptk.many b0
	(p7) mov ar.ccv=r1
	st8 [r3]=r15
	tbit.z p11,p7=r2,3
	(p6) br.cond.dptk.many b7
	(p7) cmpxchg8.acq r14=[r33],r15,ar.ccv
	fcmp.eq p9,p8=f8,f7
	ld8.c.clr r2=[r32]
	mov r34=ip
	(p6) br.cond.sptk.few L1
	ldfd f7=[r14]
	(p10) ld8.s r32=[r8]
	mov r32=b6
	mov r14=r34
	shladd r5=r33,2,r32
	mov r9=ar.unat
	(p9) mov r8=b0
	(p8) mov r3=ip
	mov ar.ccv=r14
	mov r5=ar.unat
	mov ar.unat=r5
	mov r9=b0
	(p11) stfd [r4]=f6
	(p8) fetchadd8.rel r1=[r3],1
	mov ar.lc=r8
	ld8.c.clr r32=[r33]
	shladd r33=r15,2,r9
	(p11) mov ar.ccv=r9
	and r14=r3,r2
	(p10) shladd r3=r15,2,r2
	(p7) br.call.sptk.many b0=L9
	br.cond.dptk.many b6
	(p9) mov pr=r14,0xff3e
	(p6) tbit.z p11,p8=r34,3
	(p6) ld8.c.clr r4=[r15]
	ld8.c.clr r1=[r15]
L1:
	chk.s r34,L4
	ldfd f7=[r15]
	movl r4=0x123456789
	popcnt r4=r4
	mov ar.pfs=r4
	mov r1=b6
	fma.d f8=f9,f33,f32
	(p6) mov ar.lc=r4
	(p10) mov b7=r1
	chk.s r33,L1
	ld4 r34=[r4],8
	stfd [r33]=f8
	mov r9=ar.pfs
	mov r3=r3
	;;
	fetchadd8.rel r33=[r3],1
	(p9) br.cond.sptk.few L5
	(p6) xma.l f33=f32,f32,f6
	st8 [r4]=r4
	;;
	fadd f7=f33,f10
	dep r3=r1,r34,4,8
	mov r15=pr
	(p7) movl r15=0x123456789
	mov r32=ar.unat
	;;
	(p9) st4 [r32]=r34,16
	shladd r15=r15,2,r15
	(p10) czx1.l r1=r4
	adds r15=15,r15
	;;
	and r32=r15,r32
	ld8.c.clr r15=[r15]
	movl r34=0x123456789
	cmp.eq p7,p9=r3,r9
	mov r33=ar.unat
	(p8) and r2=r3,r34
	(p7) mov ar.lc=r14
	ld8 r14=[r3]
	(p9) setf.sig f10=r9
	fma.d f6=f32,f8,f6
	mov r1=pr
	extr.u r15=r2,4,8
	(p6) popcnt r2=r5
L2:
	(p7) czx1.l r9=r33
	cmp.eq p10,p10=r32,r14
	mov r34=r3
	and r1=r33,r2
	mov r4=r2
	ld4 r8=[r15],8
	cmp.lt.unc p6,p10=r34,r4
	ldfd f7=[r4]
	br.cond.dptk.many b0
	movl r5=0x123456789
	sub r1=r1,r1
	xma.l f10=f9,f7,f9
	chk.s r14,L8
	mov ar.ccv=r5
	setf.sig f33=r34
	st8 [r8]=r1
	(p11) add r5=r9,r3
	ld8.s r15=[r33]
	(p7) br.cond.sptk.few L4
	;;
	(p9) stfd [r1]=f8
	mov b7=r8
	(p7) tbit.z p6,p8=r9,3
	cmp.lt.unc p7,p7=r15,r1
	(p10) mov r1=r9
	;;
	tbit.z p6,p10=r15,3
	st4 [r34]=r32,16
	fcmp.eq p9,p7=f8,f32
	(p11) st4 [r15]=r33,16
	ld8.c.clr r3=[r15]
	cmpxchg8.acq r1=[r33],r32,ar.ccv
	nop.m 0
	(p6) setf.sig f7=r33
	ld8 r14=[r15]
	sub r33=r4,r14
	mov r34=pr
	(p10) dep r2=r34,r34,4,8
	and r4=r34,r4
	chk.s r14,L6
	ld8.a r1=[r32]
	(p7) fma.d f8=f8,f32,f32
L3:
	br.call.sptk.many b0=L0
	mov r33=ip
	fadd f8=f32,f10
	mov r2=pr
	(p6) xma.l f9=f6,f8,f9
	movl r14=0x123456789
	(p7) mov r2=ar.lc
	st4 [r5]=r8,16
	br.cond.dptk.many b0
	setf.sig f9=r9
	;;
	add r33=r14,r9
	st4 [r9]=r8,16
	(p8) mov b6=r2
	fma.d f32=f8,f8,f8
	mov r32=ar.lc
	mov ar.unat=r1
	shladd r5=r33,2,r3
	cmp.lt.unc p8,p7=r8,r9
	sxt4 r15=r15
	(p11) mov r9=r14
	st8 [r5]=r14
	;;
	(p9) xma.l f9=f8,f8,f8
	mov ar.pfs=r5
	getf.sig r15=f32
	ldfd f6=[r4]
	mov r14=ip
	sxt4 r3=r15
	(p10) mov r2=r8
	cmp.eq p7,p6=r34,r9
	mov ar.pfs=r9
	(p8) sxt4 r32=r8
	movl r4=0x123456789
	getf.sig r33=f9
	tbit.z p6,p7=r1,3
	sxt4 r14=r32
	and r15=r14,r14
	(p7) ld8 r15=[r33]
	mov r14=ar.pfs
	(p7) czx1.l r4=r32
	chk.s r3,L4
L4:
	mov ar.unat=r2
	tbit.z p10,p7=r9,3
	popcnt r1=r15
	mov r8=pr
	getf.sig r4=f10
	mov r5=ar.ccv
	fma.d f32=f32,f9,f6
	ld8.s r8=[r4]
	ld8.c.clr r9=[r8]
	(p8) fma.d f32=f33,f10,f6
	fma.d f33=f7,f7,f9
	sxt4 r2=r32
	stfd [r14]=f9
	shladd r3=r9,2,r1
	(p7) br.cond.sptk.few L6
	(p9) shladd r34=r8,2,r34
	mov r8=r4
	extr.u r1=r5,4,8
	mov r8=ar.lc
	(p8) ld8 r2=[r8]
	ld4 r4=[r9],8
	tbit.z p9,p6=r1,3
	fma.d f9=f7,f8,f8
	(p9) mov pr=r4,0xff3e
	czx1.l r9=r1
	shladd r34=r2,2,r32
	cmp.lt.unc p10,p6=r5,r34
	fcmp.eq p8,p6=f32,f33
	br.cond.dptk.many b0
	;;
	(p11) setf.sig f9=r9
	mov ar.unat=r3
	(p11) stfd [r5]=f33
	st4 [r8]=r8,16
	popcnt r2=r15
	(p9) sxt4 r2=r33
	;;
	xma.l f7=f9,f6,f6
	(p9) mov r14=r34
	(p9) stfd [r14]=f10
	getf.sig r33=f33
	cmp4.ne p10,p8=0,r8
L5:
	(p7) cmp.eq p7,p7=r4,r3
	(p6) fetchadd8.rel r9=[r5],1
	movl r33=0x123456789
	chk.s r1,L1
	;;
	setf.sig f8=r1
	(p7) setf.sig f10=r32
	and r3=r14,r32
	czx1.l r1=r2
	nop.m 0
	mov ar.lc=r1
	(p11) cmp.eq p11,p7=r1,r8
	(p8) mov ar.lc=r2
	popcnt r14=r2
	popcnt r15=r3
	mov r9=r34
	cmp4.ne p9,p6=0,r5
	mov r1=b6
	mov ar.ccv=r4
	mov ar.unat=r9
	mov r8=r14
	(p10) st8 [r3]=r33
	(p10) mov ar.ccv=r8
	(p8) ldfd f7=[r15]
	(p9) and r4=r5,r3
	adds r14=-20,r1
	br.cond.dptk.many b7
	ldfd f33=[r4]
	br.call.sptk.many b0=L7
	(p10) fadd f7=f9,f8
	getf.sig r4=f6
	sxt4 r33=r8
	(p9) br.cond.sptk.few L8
	czx1.l r9=r5
	mov ar.unat=r8
	(p6) mov r32=ar.unat
	(p10) mov r14=pr
	mov pr=r2,0xff3e
	mov ar.unat=r14
	(p11) ld8.s r3=[r2]
	fcmp.eq p10,p6=f6,f33
L6:
	mov r3=ar.lc
	;;
	and r34=r34,r2
	mov r3=ip
	mov r2=ar.pfs
	br.call.sptk.many b0=L2
	br.call.sptk.many b0=L7
	movl r14=0x123456789
	cmp.eq p7,p8=r8,r1
	(p8) mov ar.ccv=r33
	(p8) mov r2=ar.lc
	shladd r8=r14,2,r15
	ld8.c.clr r2=[r5]
	br.cond.dptk.many b7
	cmp.eq p8,p10=r3,r8
	mov r3=r32
	shladd r15=r5,2,r5
	fetchadd8.rel r8=[r34],1
	;;
	(p8) adds r32=60,r9
	mov ar.lc=r3
	br.call.sptk.many b0=L0
	cmpxchg8.acq r2=[r15],r8,ar.ccv
	mov r32=ar.ccv
	mov ar.lc=r14
	add r4=r34,r3
	and r33=r5,r9
	(p10) add r8=r32,r33
	(p10) br.cond.sptk.few L7
	(p10) add r1=r9,r3
	shladd r2=r1,2,r32
	(p7) fma.d f10=f10,f32,f10
	mov r3=ar.ccv
	and r1=r34,r14
	add r9=r34,r14
	chk.s r4,L1
	(p8) chk.s r34,L4
	cmp.lt.unc p11,p9=r33,r15
	cmp4.ne p7,p6=0,r15
	;;
	cmp.eq p11,p7=r3,r34
	fma.d f8=f10,f7,f9
	br.cond.dptk.many b7
L7:
	dep r15=r34,r1,4,8
	mov ar.unat=r4
	tbit.z p9,p10=r32,3
	(p6) ldfd f6=[r2]
	ldfd f7=[r34]
	;;
	(p11) adds r33=-90,r34
	(p10) adds r8=-49,r15
	and r34=r9,r2
	(p6) fadd f33=f33,f33
	sxt4 r5=r14
	ld8 r33=[r4]
	mov b0=r8
	(p8) cmp4.ne p8,p10=0,r15
	cmp4.ne p6,p9=0,r1
	(p9) czx1.l r34=r1
	fadd f33=f6,f10
	ldfd f10=[r4]
	sxt4 r1=r8
	mov r3=ip
	fetchadd8.rel r15=[r5],1
	ldfd f7=[r34]
	(p11) ldfd f33=[r2]
	ld8.c.clr r2=[r33]
	ld8 r9=[r34]
	(p7) chk.s r5,L4
	dep r9=r33,r4,4,8
	st8 [r34]=r32
	mov r15=b0
	mov r34=ar.unat
	mov r5=pr
	st8 [r33]=r34
	fma.d f33=f32,f33,f33
	(p7) mov r34=ar.pfs
	extr.u r4=r8,4,8
	cmp.eq p11,p6=r3,r33
	(p7) mov r5=ar.lc
	mov ar.unat=r2
	ld8 r9=[r14]
	;;
	mov ar.ccv=r9
	movl r5=0x123456789
L8:
	st4 [r34]=r9,16
	;;
	getf.sig r9=f32
	mov ar.pfs=r4
	chk.s r33,L9
	(p6) ld8.a r14=[r9]
	br.cond.dptk.many b6
	mov ar.ccv=r33
	mov ar.unat=r1
	mov r33=ar.ccv
	stfd [r8]=f33
	;;
	mov r2=ip
	;;
	(p11) dep r4=r15,r8,4,8
	cmpxchg8.acq r4=[r34],r14,ar.ccv
	br.cond.dptk.many b6
	mov r14=ar.ccv
	(p10) ld8.a r2=[r34]
	mov r5=b6
	(p9) shladd r9=r33,2,r34
	fetchadd8.rel r4=[r5],1
	extr.u r9=r14,4,8
	st8 [r2]=r33
	chk.s r4,L2
	br.cond.dptk.many b6
	cmp4.ne p11,p7=0,r14
	setf.sig f9=r33
	mov ar.unat=r14
	;;
	mov r8=ar.pfs
	tbit.z p9,p9=r32,3
	ld8.s r3=[r5]
	(p10) shladd r8=r3,2,r15
	br.cond.dptk.many b7
	;;
	and r5=r32,r2
	(p9) setf.sig f8=r3
	mov ar.ccv=r3
	ld8.c.clr r2=[r33]
	xma.l f33=f8,f7,f9
	(p9) extr.u r33=r2,4,8
	cmp.eq p7,p9=r14,r15
	mov r34=pr
	(p10) mov r34=ip
	;;
L9:
	fcmp.eq p10,p9=f32,f8
	mov ar.lc=r33
	br.cond.dptk.many b7
	;;
	(p11) br.call.sptk.many b0=L5
	ld8 r14=[r3]
	;;
	nop.m 0
	ld8 r8=[r8]
	extr.u r4=r5,4,8
	mov ar.unat=r1
	cmp4.ne p9,p9=0,r8
	cmp.lt.unc p8,p7=r33,r14
	(p11) mov b6=r3
	(p6) br.cond.dptk.many b6
	mov ar.ccv=r1
	(p7) ld8 r14=[r32]
	shladd r15=r32,2,r9
	br.cond.dptk.many b7
	(p6) ld8.a r33=[r33]
	(p11) sxt4 r3=r1
	ld8 r33=[r1]
	st8 [r15]=r34
	(p6) tbit.z p8,p6=r9,3
	fetchadd8.rel r1=[r14],1
	adds r9=47,r34
	(p11) mov r9=ar.unat
	ld8.s r14=[r9]
	mov r4=r3
	(p11) mov ar.unat=r33
	(p6) mov r3=r14
	;;
	mov r14=ar.pfs
	stfd [r8]=f33
	ld8.c.clr r34=[r2]
	xma.l f9=f32,f8,f6
	(p11) add r33=r32,r2
	tbit.z p7,p9=r32,3
	mov ar.lc=r34
	(p6) ld8.a r8=[r33]
	mov r14=ar.ccv
	popcnt r8=r5
	br.call.sptk.many b0=L9
	(p11) br.cond.sptk.few L0
	(p8) br.cond.sptk.few L9
	getf.sig r33=f9
	setf.sig f8=r34
	;;
	cmp.eq p7,p10=r1,r5
	(p10) cmpxchg8.acq r33=[r14],r8,ar.ccv
	dep r9=r4,r34,4,8
	setf.sig f6=r33
	(p8) nop.m 0
	add r14=r15,r2
	mov r4=b6
	cmp.eq p10,p8=r14,r15
	(p6) fma.d f7=f33,f32,f8
	cmpxchg8.acq r15=[r3],r4,ar.ccv
	;;
	mov r2=ip
	mov r3=pr
	sub r15=r32,r1
	fadd f33=f10,f9
	fadd f33=f8,f9
	mov r32=ar.unat
	br.ret.sptk.many b0
	.endp f
