// The ops the run loop's fast path runs inline (ski/src/exec/mod.rs `run`),
// where they must leave it or behave as the slot-by-slot path does: NaT
// propagation through the inline ALU ops and compares, faults raised by
// inline loads, stores and `mov ar.pfs` (with cr.iipa for a fault in the
// first slot of a bundle a branch entered), `alloc` followed in its own
// bundle by a register beyond the new frame, a call and return from a frame
// with rotated registers, and a store over a cached bundle.
	.include "common.inc"
	.include "ivt.inc"
	.equ BUF, 0x200000
	// isr.code{7:4} of General Exceptions (SDM Vol 2 §5.8).
	.equ GE_ILLEGAL_OP, 0
	.equ GE_RESERVED, 3
_start:
	IVT_INSTALL
	movl r40 = BUF
	MAKE_NAT r42, r40
	mov r43 = 5 ;;

	// NaT propagation through the inline ALU ops.
	add r44 = r42, r43
	adds r45 = 1, r42
	mov r46 = r42 ;;
	CHECK_NAT r44, 1, 1
	CHECK_NAT r45, 1, 2
	CHECK_NAT r46, 1, 3
	and r47 = r43, r42
	xor r48 = r42, r43
	shladd r49 = r43, 2, r42 ;;
	CHECK_NAT r47, 1, 4
	CHECK_NAT r48, 1, 5
	CHECK_NAT r49, 1, 6
	shladd r50 = r43, 2, r43 ;;
	CHECK_IMM r50, 25, 7
	CHECK_NAT r50, 0, 8

	// A NaT source clears both targets of a normal compare.
	cmp.eq p8, p9 = r0, r0 ;;
	cmp.eq p8, p9 = r42, r43 ;;
	FAIL_IF p8, 9
	FAIL_IF p9, 10
	cmp.eq p8, p9 = r0, r0 ;;
	cmp.lt p8, p9 = 3, r42 ;;
	FAIL_IF p8, 11
	FAIL_IF p9, 12
	cmp.lt p8, p9 = 3, r43 ;;
	FAIL_UNLESS p8, 13
	FAIL_IF p9, 14

	// A NaT address in the first slot of a bundle a branch entered: NaT
	// Consumption, cr.iip the load's bundle, cr.iipa the branch's.
	IVT_CLEAR
br_bundle:
	{ .mib
	nop.m 0
	nop.i 0
	br.sptk.many ld_bundle ;;
	}
ld_bundle:
	{ .mmi
	ld8 r52 = [r42]
	nop.m 0
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_NAT_CONSUME, 15
	CHECK_IMM r19, ld_bundle, 16
	CHECK_IMM r24, br_bundle, 17
	// A NaT data register in a store; a NaT address in slot 1: each taken
	// once, naming its slot.
	IVT_CLEAR
	adds r57 = 1, r26
	{ .mmi
	nop.m 0
	st8 [r40] = r42
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_NAT_CONSUME, 18
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 1, 34
	CHECK_REG r26, r57, 35
	IVT_CLEAR
	adds r57 = 1, r26
	{ .mmi
	nop.m 0
	ld8 r52 = [r42]
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_NAT_CONSUME, 36
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 1, 37
	CHECK_REG r26, r57, 38

	// mov ar.pfs: from a NaT register, NaT Consumption; with a reserved
	// bit (40, between pfs.pfm and pfs.pec), Reserved Register/Field; each
	// taken once, naming the instruction's slot in isr.ei (bits 42:41) (a
	// wrong slot would make the handler's skip run the instruction again).
	mov r53 = ar.pfs ;;
	IVT_CLEAR
	adds r57 = 1, r26
	{ .mii
	nop.m 0
	nop.i 0
	mov.i ar.pfs = r42 ;;
	}
	CHECK_IMM r16, VEC_NAT_CONSUME, 19
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 2, 30
	CHECK_REG r26, r57, 32
	movl r54 = 1 << 40 ;;
	IVT_CLEAR
	adds r57 = 1, r26
	{ .mii
	nop.m 0
	mov.i ar.pfs = r54
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_GENERAL, 20
	extr.u r3 = r18, 4, 4 ;;
	CHECK_IMM r3, GE_RESERVED, 21
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 1, 31
	CHECK_REG r26, r57, 33
	mov r3 = ar.pfs ;;
	CHECK_REG r3, r53, 22

	// alloc, then in the same bundle a register beyond the new frame:
	// Illegal Operation (the op after the alloc is checked against the
	// frame the alloc made).
	IVT_CLEAR
	{ .mii
	alloc r55 = ar.pfs, 0, 30, 0, 0
	add r70 = r43, r0
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_GENERAL, 23
	extr.u r3 = r18, 4, 4 ;;
	CHECK_IMM r3, GE_ILLEGAL_OP, 24
	alloc r55 = ar.pfs, 0, 64, 0, 0 ;;

	// A call from a frame whose rotating registers are rotated (one
	// br.ctop: rrb.gr = 7) and the return: the callee sees the caller's
	// outputs, and the caller gets its rotation back.
	alloc r47 = ar.pfs, 0, 16, 8, 8 ;;	// rotating r32..r39, outputs r48..r55
	mov r33 = 11
	mov ar.lc = 0
	mov ar.ec = 1 ;;
	br.ctop.sptk.few 1f ;;
1:	CHECK_IMM r34, 11, 25			// r33's value, one rotation on
	mov r48 = 21 ;;
	br.call.sptk.many b0 = callee ;;
	CHECK_IMM r34, 11, 26
	CHECK_IMM r49, 22, 27
	clrrrb ;;
	alloc r56 = ar.pfs, 0, 64, 0, 0 ;;

	// A store over a bundle the predecode cache holds, made visible to
	// instruction fetch as the architecture requires (fc, sync.i, srlz.i;
	// SDM Vol 2 §4.4.6.2): the bundle runs again as stored.
	mov r59 = 0 ;;
smc_target:
	{ .mii
	mov r58 = 1
	nop.i 0
	nop.i 0 ;;
	}
	cmp.ne p8, p9 = r59, r0 ;;
(p8)	br.cond.dpnt.few smc_done ;;
	CHECK_IMM r58, 1, 28
	movl r60 = smc_new
	movl r61 = smc_target ;;
	adds r62 = 8, r60
	adds r63 = 8, r61 ;;
	ld8 r64 = [r60]
	ld8 r65 = [r62] ;;
	st8 [r61] = r64 ;;
	st8 [r63] = r65
	mov r59 = 1 ;;
	fc r61 ;;
	sync.i ;;
	srlz.i ;;
	br.cond.sptk.few smc_target ;;
smc_done:
	CHECK_IMM r58, 2, 29
	PASS

callee:
	alloc r40 = ar.pfs, 8, 1, 0, 0 ;;
	adds r33 = 1, r32 ;;
	mov ar.pfs = r40 ;;
	br.ret.sptk.many b0 ;;

	// Never run in place: the bundle the store above copies over smc_target.
smc_new:
	{ .mii
	mov r58 = 2
	nop.i 0
	nop.i 0 ;;
	}
	TEST_EXITS
	IVT_TABLE
