// General Exception vector (0x5400) and its isr.code values (SDM Vol 2 §5.8
// "General Exception vector", Table 5-x ISR code{7:4}: 0 Illegal Operation,
// 1 Privileged Operation, 2 Privileged Register, 3 Reserved Register/Field):
// a reserved template, privileged instructions and registers at PL3, a
// reserved field in a region register. cr.ifa/cr.itir are don't-care here.
	.include "common.inc"
	.include "ivt.inc"
_start:
	IVT_INSTALL

	// Illegal Operation: reserved template 0x06 (SDM Vol 3 Table 4-3).
	IVT_CLEAR
	.align 16
bad_bundle:
	data8 0x0000000000000006
	data8 0x0000000000000000
	CHECK_IMM r16, VEC_GENERAL, 1
	extr.u r3 = r18, 0, 16 ;;
	CHECK_IMM r3, 0x00, 2
	CHECK_IMM r19, bad_bundle, 3
	// The handler skips one slot at a time, and each of the three slots
	// of the reserved bundle faults again.
	CHECK_IMM r26, 3, 16

	// Privileged Operation: rsm psr.i at PL3.
	IVT_CLEAR
	GO_PL3 pl3_a
pl3_a:
	rsm PSR_I ;;
	GO_PL0
	CHECK_IMM r16, VEC_BREAK, 4		// the last record is GO_PL0's break
	CHECK_IMM r26, 5, 5			// + rsm + GO_PL0's break

	// Privileged Operation: mov from a control register at PL3.
	IVT_CLEAR
	GO_PL3 pl3_b
pl3_b:
	mov r40 = cr.iva ;;
	mov r41 = r16 ;;			// save before GO_PL0 records again
	mov r42 = r18
	mov r43 = r17 ;;
	GO_PL0
	CHECK_IMM r41, VEC_GENERAL, 6
	extr.u r3 = r42, 0, 16 ;;
	CHECK_IMM r3, 0x10, 7
	extr.u r3 = r43, 32, 2 ;;		// ipsr.cpl = 3
	CHECK_IMM r3, 3, 8

	// Privileged Register: write a kernel register (ar.k1) at PL3.
	IVT_CLEAR
	GO_PL3 pl3_c
pl3_c:
	mov ar.k1 = r0 ;;
	mov r41 = r16
	mov r42 = r18 ;;
	GO_PL0
	CHECK_IMM r41, VEC_GENERAL, 9
	extr.u r3 = r42, 0, 16 ;;
	CHECK_IMM r3, 0x20, 10

	// Reserved Register/Field: a region register with rr.ps = 0, a page size
	// no implementation supports (SDM Vol 2 §4.1.1.5).
	IVT_CLEAR
	mov r44 = 0
	mov r45 = (0x100 << 8) | (0 << 2) ;;
	mov rr[r44] = r45 ;;
	CHECK_IMM r16, VEC_GENERAL, 11
	extr.u r3 = r18, 0, 16 ;;
	CHECK_IMM r3, 0x30, 12
	mov r46 = rr[r44] ;;			// unchanged
	CHECK_IMM r46, 0, 13

	// Illegal Operation: a stacked register outside the current frame.
	IVT_CLEAR
	alloc r2 = ar.pfs, 0, 2, 0, 0 ;;
	mov r40 = 1 ;;
	alloc r2 = ar.pfs, 0, 96, 0, 0 ;;
	CHECK_IMM r16, VEC_GENERAL, 14
	extr.u r3 = r18, 0, 16 ;;
	CHECK_IMM r3, 0x00, 15
	PASS
	TEST_EXITS
	IVT_TABLE
