// Break Instruction vector (0x2c00): every unit's break, with the immediate in
// cr.iim, the slot in isr.ei and ipsr.ri, the bundle in cr.iip (SDM Vol 2 §5.8,
// "Break Instruction vector"; Vol 3 "break": a B-slot break.b writes iim = 0
// per ski-conventions.md). ipsr keeps psr.ic = 1 and psr.ic = 0 in the handler.
	.include "common.inc"
	.include "ivt.inc"
_start:
	IVT_INSTALL
	IVT_CLEAR
	.align 16
b_m:
	{ .mii
	break.m 0x12345
	nop.i 0
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_BREAK, 1
	CHECK_IMM r22, 0x12345, 2
	CHECK_IMM r19, b_m, 3
	extr.u r3 = r17, 41, 2 ;;		// ipsr.ri
	CHECK_IMM r3, 0, 4
	extr.u r3 = r18, 41, 2 ;;		// isr.ei
	CHECK_IMM r3, 0, 5
	tbit.z p6, p7 = r17, 13 ;;		// ipsr.ic was 1
	FAIL_IF p6, 6
	CHECK_IMM r26, 1, 7
	extr.u r3 = r18, 0, 16 ;;		// isr.code is 0 for break
	CHECK_IMM r3, 0, 8

	IVT_CLEAR
	.align 16
b_i:
	{ .mii
	nop.m 0
	nop.i 0
	break.i 0x1fffff ;;
	}
	CHECK_IMM r16, VEC_BREAK, 10
	CHECK_IMM r22, 0x1fffff, 11
	CHECK_IMM r19, b_i, 12
	extr.u r3 = r17, 41, 2 ;;
	CHECK_IMM r3, 2, 13
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 2, 14
	CHECK_IMM r26, 2, 15

	IVT_CLEAR
	.align 16
b_b:
	{ .mib
	nop.m 0
	nop.i 0
	break.b 0x777 ;;
	}
	CHECK_IMM r16, VEC_BREAK, 20
	CHECK_IMM r22, 0, 21			// a B-slot break delivers iim = 0
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 2, 22

	IVT_CLEAR
	.align 16
b_f:
	{ .mfi
	nop.m 0
	break.f 0x55
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_BREAK, 30
	CHECK_IMM r22, 0x55, 31
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 1, 32

	IVT_CLEAR
	.align 16
b_x:
	{ .mlx
	nop.m 0
	break.x 0x123456789abcdef ;;
	}
	CHECK_IMM r16, VEC_BREAK, 40
	CHECK_IMM r22, 0x123456789abcdef & 0x1fffff, 41
	extr.u r3 = r18, 41, 2 ;;
	CHECK_IMM r3, 1, 42			// the X instruction occupies slot 1 (+2)
	CHECK_IMM r19, b_x, 43

	// A predicated-off break does nothing.
	IVT_CLEAR
	cmp.ne p9, p0 = r0, r0 ;;
(p9)	break.m 0x99 ;;
	CHECK_IMM r16, -1, 50
	CHECK_IMM r26, 5, 51
	PASS
	TEST_EXITS
	IVT_TABLE
