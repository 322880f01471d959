// Branches (SDM Vol 3 "br", "brl", "mov br"): conditional, call/return with
// b0 and ar.pfs, indirect, br.cloop with ar.lc, the modulo-scheduled
// br.ctop/br.cexit/br.wtop with ar.ec and rotating registers and predicates,
// clrrrb, predicate register moves.
	.include "common.inc"
_start:
	// Conditional branches.
	cmp.eq p8, p9 = r0, r0 ;;
(p9)	br.cond.sptk.many bad1
(p8)	br.cond.dptk.few ok1 ;;
bad1:
	FAIL 1
ok1:
	// Indirect branch through b6.
	movl r40 = ok2 ;;
	mov b6 = r40 ;;
	br.sptk.many b6 ;;
	FAIL 2
ok2:
	// Long branch.
	brl.sptk.many ok3 ;;
	FAIL 3
ok3:
	// Call and return: b0 holds the return address, ar.pfs the caller's frame.
	mov r41 = 0 ;;
	br.call.sptk.many b0 = leaf ;;
	CHECK_IMM r41, 1, 4
	CHECK_IMM r8, 0x77, 5
	// Calls through a register and a long call.
	movl r42 = leaf ;;
	mov b5 = r42 ;;
	br.call.sptk.many b0 = b5 ;;
	CHECK_IMM r41, 2, 6
	brl.call.sptk.many b0 = leaf ;;
	CHECK_IMM r41, 3, 7

	// br.cloop: lc iterations, lc counts down; the body runs lc+1 times.
	mov ar.lc = 9
	mov r43 = 0 ;;
loop1:
	adds r43 = 1, r43
	br.cloop.sptk.few loop1 ;;
	CHECK_IMM r43, 10, 8
	mov r44 = ar.lc ;;
	CHECK_IMM r44, 0, 9

	// br.ctop with rotation: a counted loop of 5 with ec = 2 runs 6 times
	// (5 kernel iterations + 1 epilogue), rotating r32.. and p16...
	alloc r45 = ar.pfs, 0, 24, 0, 8 ;;	// sor = 8: r32..r39 rotate
	mov ar.lc = 4
	mov ar.ec = 2
	mov r46 = 0
	mov r40 = 0				// r40 is above the rotating region
	mov pr.rot = 1 << 16 ;;			// p16 = 1, p17.. = 0
loop2:
(p16)	adds r32 = 100, r46			// stage 1
(p17)	add r40 = r40, r33			// stage 2 sees last iteration's r32
	adds r46 = 1, r46
	br.ctop.sptk.few loop2 ;;
	CHECK_IMM r46, 6, 10
	CHECK_IMM r40, 100 + 101 + 102 + 103 + 104, 11
	mov r47 = ar.ec ;;
	CHECK_IMM r47, 0, 12
	clrrrb ;;
	mov r48 = 5 ;;
	mov r32 = 5 ;;
	CHECK_REG r32, r48, 13

	// br.wtop: while-loop form; runs while the qp is true, then ec drains.
	mov ar.ec = 1
	mov r49 = 0
	cmp.eq p16, p0 = r0, r0 ;;
loop3:
	adds r49 = 1, r49 ;;
	cmp.gt p8, p0 = 3, r49 ;;
(p8)	br.wtop.sptk.few loop3 ;;
	CHECK_IMM r49, 3, 14
	clrrrb ;;

	// Predicate moves.
	mov r50 = pr ;;
	movl r51 = 0x5555aaaa00000000 | 1 ;;
	mov pr = r51, -1 ;;
	mov r52 = pr ;;
	CHECK_IMM r52, 0x5555aaaa00000001, 15
	mov pr = r0, 0x1fe ;;			// mask: p1..p8 only
	mov r52 = pr ;;
	CHECK_IMM r52, 0x5555aaaa00000001, 16
	mov pr = r50, -1 ;;
	alloc r45 = ar.pfs, 0, 96, 0, 0 ;;	// back to the entry frame size
	PASS

// The caller's frame is all outputs (sol = 0), so the callee's inputs r32..r41
// are the caller's r32..r41.
leaf:
	alloc r42 = ar.pfs, 10, 2, 0, 0 ;;
	adds r41 = 1, r41
	mov r8 = 0x77
	mov ar.pfs = r42 ;;
	br.ret.sptk.many b0 ;;
	TEST_EXITS
