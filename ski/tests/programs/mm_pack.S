// Saturating pack (SDM Vol 3 "pack"): r2's elements, saturated, fill the low
// half of r1 and r3's the high half.
	.include "common.inc"
_start:
	movl r40 = 0x0123456789abcdef
	movl r41 = 0xfedcba9876543210 ;;
	pack2.sss r45 = r40, r41 ;;
	CHECK_IMM r45, 0x80807f7f7f7f8080, 43
	pack2.uss r45 = r40, r41 ;;
	CHECK_IMM r45, 0x0000ffffffff0000, 44
	movl r42 = 0x00010002fffe0003
	movl r43 = 0x7fff8000007f0080 ;;
	pack2.sss r45 = r42, r43 ;;
	CHECK_IMM r45, 0x7f807f7f0102fe03, 45
	pack4.sss r45 = r40, r41 ;;
	CHECK_IMM r45, 0x80007fff7fff8000, 46
	PASS
	TEST_EXITS
