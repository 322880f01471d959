// Benchmark workload "fault": the mixed loop plus a Break Instruction fault and
// an rfi in every iteration (ITERS iterations; see bench_loop.S). The break
// sits in slot 2, so the handler resumes at the next bundle.
	.explicit
	.ifndef ITERS
	.equ ITERS, 1000
	.endif
	.text
	.global _start
_start:
	movl r2 = ivt ;;
	mov cr.iva = r2 ;;
	ssm 0x2000 ;;				// psr.ic
	srlz.i ;;
	movl r40 = 0x200000
	movl r41 = ITERS ;;
loop:
	ld8 r42 = [r40]
	adds r43 = 8, r40 ;;
	ld8 r44 = [r43]
	adds r42 = 1, r42 ;;
	st8 [r40] = r42
	add r45 = r42, r44
	xor r46 = r42, r44 ;;
	st8 [r43] = r45
	br.call.sptk.many b0 = leaf ;;
	{ .mmi
	nop.m 0
	nop.m 0
	break.i 0x1 ;;
	}
	adds r41 = -1, r41 ;;
	cmp.ne p8, p0 = r41, r0
(p8)	br.cond.sptk.few loop ;;
	ld8 r42 = [r40] ;;
	movl r3 = ITERS ;;
	cmp.ne p8, p0 = r42, r3 ;;
	cmp.ne.or p8, p0 = r42, r16 ;;		// the handler ran every time
	mov r15 = 66
	mov r32 = 0 ;;
(p8)	mov r32 = 1 ;;
	break.m 0x80000 ;;

leaf:
	and r47 = r45, r46
	shladd r48 = r46, 2, r45 ;;
	br.ret.sptk.many b0 ;;

	.align 32768
ivt:
	.org ivt + 0x2c00
break_handler:
	mov r17 = cr.iip
	mov r18 = cr.ipsr
	adds r16 = 1, r16 ;;
	adds r17 = 16, r17
	dep r18 = 0, r18, 41, 2 ;;
	mov cr.iip = r17
	mov cr.ipsr = r18 ;;
	rfi ;;
	.org ivt + 0x8000
