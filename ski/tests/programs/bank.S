// Register banks (SDM Vol 2 §3.3.2 psr.bn, Vol 3 "bsw"): r16..r31 exist twice;
// bsw switches, values and NaT bits stay with their bank, registers outside
// r16..r31 are shared, and an interruption switches to bank 0 while rfi
// restores the interrupted bank from ipsr.bn.
	.include "common.inc"
	.include "ivt.inc"
_start:
	mov r16 = 0x100
	mov r31 = 0x131
	mov r15 = 0x15
	mov r40 = -1 ;;
	mov ar.unat = r40
	mov r41 = 0x1000 ;;
	ld8.fill r20 = [r41] ;;			// bank 0 r20 is NaT
	bsw.1 ;;
	CHECK_NAT r20, 0, 2			// bank 1 r20: no NaT
	mov r16 = 0x116
	mov r31 = 0x1131
	mov r20 = 0x120
	mov r15 = 0x99 ;;			// r15 is not banked
	bsw.0 ;;
	CHECK_IMM r16, 0x100, 3
	CHECK_IMM r31, 0x131, 4
	CHECK_NAT r20, 1, 5
	CHECK_IMM r15, 0x99, 6
	bsw.1 ;;
	CHECK_IMM r16, 0x116, 7
	CHECK_IMM r20, 0x120, 8

	// Interruption from bank 1: the handler records in bank 0.
	bsw.0 ;;
	IVT_INSTALL
	IVT_CLEAR
	.align 16
before_break:
	{ .mib
	nop.m 0
	nop.i 0
	bsw.1 ;;
	}
	break.m 0x33 ;;
	CHECK_IMM r16, 0x116, 9			// bank 1 untouched by the handler
	CHECK_IMM r31, 0x1131, 10		// (so rfi restored bn = 1;
						// mov from psr cannot read bit 44)
	bsw.0 ;;
	CHECK_IMM r16, VEC_BREAK, 12		// bank 0 has the record
	tbit.nz p8, p0 = r17, 44 ;;		// ipsr.bn = 1
	FAIL_UNLESS p8, 13
	CHECK_IMM r22, 0x33, 14
	// cr.iipa of a fault: the bundle of the last instruction completed
	// with psr.ic = 1 before it, here bsw.1 (SDM Vol 2 §3.3.5.6).
	CHECK_IMM r24, before_break, 15
	PASS
	TEST_EXITS
	IVT_TABLE
