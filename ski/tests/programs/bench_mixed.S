// Benchmark workload "mixed": loads, stores, ALU operations, a call and taken
// branches in every iteration (ITERS iterations; see bench_loop.S).
	.explicit
	.ifndef ITERS
	.equ ITERS, 1000
	.endif
	.text
	.global _start
_start:
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
	adds r41 = -1, r41 ;;
	cmp.ne p8, p0 = r41, r0
(p8)	br.cond.sptk.few loop ;;
	ld8 r42 = [r40] ;;
	movl r3 = ITERS ;;
	cmp.ne p8, p0 = r42, r3 ;;		// every increment landed
	mov r15 = 66
	mov r32 = 0 ;;
(p8)	mov r32 = 1 ;;
	break.m 0x80000 ;;

leaf:
	and r47 = r45, r46
	shladd r48 = r46, 2, r45 ;;
	br.ret.sptk.many b0 ;;
