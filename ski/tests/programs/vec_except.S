// Data-related faults with their resources (SDM Vol 2 §5.8): NaT Consumption
// (0x5600, isr.r), Unaligned Reference with psr.ac (0x5a00, cr.ifa = the
// address, isr.r/isr.w), Disabled FP-Register (0x5500, isr.code bit 1 for the
// high partition), Floating-Point Fault (0x5c00, zero-divide from frcpa with
// every fpsr trap enabled) and Floating-Point Trap (0x5d00, inexact).
	.include "common.inc"
	.include "ivt.inc"
	.equ BUF, 0x200000
	.equ ISR_W, (1 << 33)
	.equ ISR_R, (1 << 34)
_start:
	IVT_INSTALL
	movl r40 = BUF
	MAKE_NAT r42, r40

	IVT_CLEAR
	ld8 r43 = [r42] ;;			// NaT address
	CHECK_IMM r16, VEC_NAT_CONSUME, 1
	movl r3 = ISR_R ;;
	and r3 = r3, r18 ;;
	CHECK_IMM r3, ISR_R, 2
	IVT_CLEAR
	st8 [r40] = r42 ;;			// a NaT data register in a store
	CHECK_IMM r16, VEC_NAT_CONSUME, 3
	movl r3 = ISR_W ;;
	and r3 = r3, r18 ;;
	CHECK_IMM r3, ISR_W, 4

	// Unaligned Reference.
	ssm PSR_AC ;;
	srlz.d ;;
	IVT_CLEAR
	adds r44 = 3, r40 ;;
	ld4 r45 = [r44] ;;
	CHECK_IMM r16, VEC_UNALIGNED, 5
	CHECK_REG r20, r44, 6
	movl r3 = ISR_R ;;
	and r3 = r3, r18 ;;
	CHECK_IMM r3, ISR_R, 7
	IVT_CLEAR
	st2 [r44] = r0 ;;
	CHECK_IMM r16, VEC_UNALIGNED, 8
	CHECK_REG r20, r44, 9
	movl r3 = ISR_W ;;
	and r3 = r3, r18 ;;
	CHECK_IMM r3, ISR_W, 10
	rsm PSR_AC ;;
	srlz.d ;;

	// Disabled FP-Register: f32..f127 with psr.dfh.
	ssm PSR_DFH ;;
	srlz.d ;;
	IVT_CLEAR
	mov f40 = f1 ;;
	CHECK_IMM r16, VEC_DISABLED_FP, 11
	extr.u r3 = r18, 0, 16 ;;
	CHECK_IMM r3, 2, 12
	IVT_CLEAR
	mov f10 = f1 ;;				// the low partition is still enabled
	CHECK_IMM r16, -1, 13
	rsm PSR_DFH ;;
	srlz.d ;;

	// Floating-Point Fault: frcpa of 1/0 with fpsr.traps.zd = 0 (enabled).
	mov ar.fpsr = r0 ;;
	IVT_CLEAR
	frcpa.s0 f8, p8 = f1, f0 ;;
	CHECK_IMM r16, VEC_FP_FAULT, 14
	// Floating-Point Trap: single-precision rounding of 1 + 2^-52 is inexact.
	movl r46 = 0x3ff0000000000001 ;;
	setf.d f9 = r46 ;;
	IVT_CLEAR
	mov r25 = 1 ;;				// a trap: cr.iip is already past it
	.align 16
fp_trap_at:
	{ .mfi
	nop.m 0
	fma.s.s0 f10 = f9, f1, f0
	nop.i 0 ;;
	}
	mov r25 = 0 ;;
	CHECK_IMM r16, VEC_FP_TRAP, 15
	// cr.iipa of a trap: the trapping instruction's bundle (SDM Vol 2
	// §3.3.5.6).
	CHECK_IMM r24, fp_trap_at, 16
	PASS
	TEST_EXITS
	IVT_TABLE
