// Automatic mode (`.auto`): GNU as inserts the stops. Hand-written cases.
	.text
	.auto
// RAW and WAW on general registers.
	add r1=r2,r3
	add r4=r1,r5
	ld8 r6=[r4]
	add r6=r7,r8
	st8 [r6]=r1
// Written stops are ignored in automatic mode.
	add r9=r10,r11 ;;
	add r12=r13,r14
// Floating-point registers.
	ldfd f6=[r2]
	fma.d f7=f6,f8,f9
	fadd f7=f10,f11
	stfd [r3]=f7
	getf.sig r15=f7
// Predicates: a compare feeding a branch needs no stop, a qualifying
// predicate of another instruction does.
	cmp.eq p6,p7=r1,r2
(p6)	br.cond.sptk.few 1f
(p7)	add r3=r4,r5
(p6)	add r3=r6,r7
	add r8=r3,r0
1:	cmp.lt.unc p8,p9=r8,r9
(p8)	mov r10=r11
(p9)	mov r10=r12
	mov pr=r10,0xff3e
(p6)	add r1=r2,r3
	mov r11=pr
// Branch registers and indirect branches.
	mov b6=r8
	br.cond.sptk.many b6
	mov b7=r9
	mov r12=b7
	br.call.sptk.many b0=b7
	add r8=r8,r9
	br.call.sptk.many b0=foo
	mov r13=b0
// Application registers.
	mov ar.lc=r9
	br.cloop.sptk.few 1b
	mov r10=ar.lc
	mov ar.ccv=r11
	cmpxchg8.acq r12=[r13],r14,ar.ccv
	mov ar.unat=r15
	st8.spill [r2]=r4
	mov r16=ar.unat
	mov ar.rsc=r0
	flushrs
	mov r17=ar.bsp
	alloc r32=ar.pfs,2,2,2,0
	add r33=r32,r34
	mov ar.pfs=r32
	br.ret.sptk.many b0
// Control registers: a stop and a serialization are inserted where needed.
foo:
	mov cr.iva=r1
	mov r2=cr.iva
	mov cr.ipsr=r3
	mov r4=cr.ipsr
	mov cr.tpr=r5
	mov r6=cr.tpr
	mov psr.l=r7
	mov r8=psr
	ssm 0x4000
	rsm 0x4000
	mov r9=psr.um
	sum 1
	mov r10=psr.um
	mov rr[r1]=r2
	mov r3=rr[r1]
	mov pkr[r4]=r5
	mov r6=pkr[r4]
	itc.d r7
	srlz.d
	rfi
// Long immediates and labels.
bar:	movl r20=0x123456789abcdef
	add r21=r20,r1
2:	add r21=r21,r20
	cmp.ne p10,p11=r21,r0
(p10)	br.cond.dptk.few 2b
	ld8.a r22=[r21]
	ld8.c.clr r22=[r21]
	add r23=r22,r0
	ld8.s r24=[r23]
	chk.s r24,bar
	br.ret.sptk.many b0
