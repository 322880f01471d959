// Shifts, field ops and multimedia (SDM Vol 3 "shl", "shr", "shrp", "extr",
// "dep", "mux", "padd", "psub", "pavg", "pcmp", "pmin", "pmax", "psad",
// "popcnt", "mix", "unpack", "pshl", "pshr", "pmpy", "pmpyshr", "czx").
	.include "common.inc"
_start:
	movl r40 = 0x0123456789abcdef
	movl r41 = 0xfedcba9876543210
	mov r42 = 12
	mov r43 = 64
	mov r44 = 0x5a ;;
	shl r45 = r40, r42 ;;
	CHECK_IMM r45, 0x3456789abcdef000, 1
	shr r45 = r41, r42 ;;
	CHECK_IMM r45, 0xffffedcba9876543, 2
	shr.u r45 = r41, r42 ;;
	CHECK_IMM r45, 0x000fedcba9876543, 3
	shl r45 = r40, r43 ;;			// counts above 63 give 0
	CHECK_IMM r45, 0, 4
	shr r45 = r41, r43 ;;			// ... or the sign
	CHECK_IMM r45, -1, 5
	shl r45 = r40, 12 ;;			// immediate forms (dep.z / extr.u)
	CHECK_IMM r45, 0x3456789abcdef000, 6
	shr.u r45 = r41, 12 ;;
	CHECK_IMM r45, 0x000fedcba9876543, 7
	shrp r45 = r41, r40, 16 ;;
	CHECK_IMM r45, 0x32100123456789ab, 8
	extr r45 = r41, 52, 12 ;;
	CHECK_IMM r45, 0xffffffffffffffed, 9
	extr.u r45 = r41, 8, 12 ;;
	CHECK_IMM r45, 0x432, 10
	dep r45 = r44, r40, 20, 8 ;;
	CHECK_IMM r45, 0x0123456785abcdef, 11
	dep.z r45 = r44, 8, 4 ;;
	CHECK_IMM r45, 0xa00, 12
	dep.z r45 = -1, 60, 6 ;;		// the field is cut at bit 63
	CHECK_IMM r45, 0xf000000000000000, 13
	dep r45 = -1, r0, 4, 8 ;;		// imm1 form: sign bit replicated
	CHECK_IMM r45, 0xff0, 14

	padd1 r45 = r40, r41 ;;
	CHECK_IMM r45, 0xffffffffffffffff, 20
	psub1 r45 = r40, r41 ;;
	CHECK_IMM r45, 0x03478bcf13579bdf, 21
	psub2.uuu r45 = r40, r41 ;;
	CHECK_IMM r45, 0x0000000013579bdf, 22
	pavg1 r45 = r40, r41 ;;			// odd sums: the lsb is ORed in
	CHECK_IMM r45, 0x7f7f7f7f7f7f7f7f, 23
	pavg1.raz r45 = r40, r41 ;;		// ... or rounded away from zero
	CHECK_IMM r45, 0x8080808080808080, 49
	pcmp2.gt r45 = r40, r41 ;;
	CHECK_IMM r45, 0xffffffff00000000, 24
	pmin1.u r45 = r40, r41 ;;
	CHECK_IMM r45, 0x0123456776543210, 25
	pmax2 r45 = r40, r41 ;;
	CHECK_IMM r45, 0x0123456776543210, 26
	psad1 r45 = r40, r41 ;;
	CHECK_IMM r45, 0x440, 27
	popcnt r45 = r40 ;;
	CHECK_IMM r45, 32, 28
	mix1.l r45 = r40, r41 ;;
	CHECK_IMM r45, 0x01fe45ba8976cd32, 29
	mix1.r r45 = r40, r41 ;;
	CHECK_IMM r45, 0x23dc6798ab54ef10, 30
	unpack1.h r45 = r40, r41 ;;
	CHECK_IMM r45, 0x01fe23dc45ba6798, 31
	unpack1.l r45 = r40, r41 ;;
	CHECK_IMM r45, 0x8976ab54cd32ef10, 32
	mux1 r45 = r40, @rev ;;
	CHECK_IMM r45, 0xefcdab8967452301, 33
	mux1 r45 = r40, @brcst ;;
	CHECK_IMM r45, 0xefefefefefefefef, 34
	mux2 r45 = r40, 0x1b ;;
	CHECK_IMM r45, 0xcdef89ab45670123, 35
	pshl2 r45 = r40, 4 ;;
	CHECK_IMM r45, 0x123056709ab0def0, 36
	pshr2.u r45 = r41, 4 ;;
	CHECK_IMM r45, 0x0fed0ba907650321, 37
	pshr2 r45 = r41, 4 ;;
	CHECK_IMM r45, 0xffedfba907650321, 38
	pmpy2.r r45 = r40, r41 ;;
	CHECK_IMM r45, 0xed2f0b28f6358cf0, 39
	pmpy2.l r45 = r40, r41 ;;
	CHECK_IMM r45, 0xfffeb414c94dfe1c, 40
	pmpyshr2.u r45 = r40, r41, 0 ;;
	CHECK_IMM r45, 0xb4140b28fe1c8cf0, 41
	pmpyshr2 r45 = r40, r41, 16 ;;
	CHECK_IMM r45, 0xfffeed2fc94df635, 42
	movl r46 = 0x1100220033440055 ;;
	czx1.l r45 = r46 ;;
	CHECK_IMM r45, 1, 45
	czx1.r r45 = r46 ;;
	CHECK_IMM r45, 1, 46
	czx1.l r45 = r40 ;;			// no zero byte: 8
	CHECK_IMM r45, 8, 47
	padd2.sss r45 = r40, r41 ;;
	CHECK_IMM r45, 0xffffffffffffffff, 48
	PASS
	TEST_EXITS
