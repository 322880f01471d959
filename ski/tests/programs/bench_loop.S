// Benchmark workload "loop": a one-bundle br.cloop loop, ITERS iterations.
// Self-contained (no includes) so `ia64pv bench sim` can assemble it with the
// project's assembler; ITERS comes from --defsym, with a short default for the
// test suite. Exits through SSC EXIT with 0.
	.explicit
	.ifndef ITERS
	.equ ITERS, 1000
	.endif
	.text
	.global _start
_start:
	movl r2 = ITERS - 1 ;;
	mov ar.lc = r2 ;;
	.align 16
loop:
	{ .mib
	nop.m 0
	nop.i 0
	br.cloop.sptk.few loop ;;
	}
	mov r15 = 66
	mov r32 = 0 ;;
	break.m 0x80000 ;;
