// IA-64 directives: procedures, register frames, rotating names, templates,
// explicit bundles, local labels, predicates, long branches.
	.text
	.proc func
	.global func
func:
	.prologue
	alloc r32 = ar.pfs, 2, 6, 2, 8
	.body
	mov in0 = 1
	mov loc2 = in1
	mov out1 = loc0
	;;
	.regstk 1, 7, 1, 8
	add out0 = in0, loc0
	;;
	.rotr a[4], b[4]
	.rotp pp[8]
	.rotf ff[8]
	mov a[3] = b[0]
	mov ff[1] = ff[7]
	;;
1:	cmp.eq p6, p7 = r1, r2
	;;
	.pred.rel "mutex", p6, p7
(p6)	mov r3 = 1
(p7)	mov r3 = 2
(p6)	br.cond.dptk 1b
	br.cond.sptk 1f
	;;
	.mfi
	nop.m 0
	nop.f 0
	nop.i 0
	;;
	{ .mib
	nop.m 0
	nop.i 0
	br.cloop.sptk.few 1b
	}
	{ .mlx
	nop.m 0
	brl.sptk.few far
	;;
	}
1:	mov r1 = ar.lc
	mov ar.lc = r2
	mov r3 = ar.k7
	mov cr.iva = r4
	mov r5 = psr
	mov psr.l = r6
	mov r7 = pr
	mov pr = r8, 0x1fffe
	mov b1 = r9
	mov r10 = ip
	rsm psr.i
	ssm psr.ic
	;;
	srlz.d
	;;
	ld8 r11 = [sp], 8
	st8 [gp] = r12, 16
	;;
	fclass.m p8, p9 = f2, @nat | @qnan
	mux1 r13 = r14, @rev
	;;
	movl r15 = far
	;;
	nop 0
	break 0x1000
	;;
	.endp func
	.section .fartext, "ax"
far:
	br.ret.sptk.many rp
	;;
	// `mov pr=` masks as GNU as reads them: any 17-bit integer, bit 0 dropped.
	mov pr=r2,-1
	;;
	mov pr=r3,0x1ffff
	;;
	mov pr=r4,0x10000
	;;
	mov pr=r5,3
	;;
