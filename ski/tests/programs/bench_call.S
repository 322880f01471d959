// Benchmark workload "call": a call, an alloc of a new frame and a return in
// every iteration (ITERS iterations; see bench_loop.S).
	.explicit
	.ifndef ITERS
	.equ ITERS, 1000
	.endif
	.text
	.global _start
_start:
	alloc r2 = ar.pfs, 0, 4, 2, 0 ;;	// locals r32..r35, outputs r36, r37
	movl r32 = ITERS
	mov r33 = 0 ;;
loop:
	mov r36 = r32
	mov r37 = 1
	br.call.sptk.many b0 = fn ;;
	add r33 = r33, r8
	adds r32 = -1, r32 ;;
	cmp.ne p8, p0 = r32, r0
(p8)	br.cond.sptk.few loop ;;
	movl r3 = ITERS * (ITERS + 3) / 2 ;;
	cmp.ne p8, p0 = r33, r3 ;;
	mov r15 = 66
	mov r32 = 0 ;;
(p8)	mov r32 = 1 ;;
	break.m 0x80000 ;;

fn:
	alloc r34 = ar.pfs, 2, 3, 0, 0
	add r8 = r32, r33 ;;
	mov ar.pfs = r34
	br.ret.sptk.many b0 ;;
