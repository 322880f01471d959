// Integer ALU (A-unit): add/sub forms, logical ops, shladd, addp4, immediates,
// movl and mov forms (SDM Vol 3 "add", "sub", "and", "shladd", "addp4", "movl").
	.include "common.inc"
_start:
	movl r40 = 0x0123456789abcdef
	movl r41 = 0xfedcba9876543210 ;;
	add r42 = r40, r41 ;;
	CHECK_IMM r42, 0xffffffffffffffff, 1
	add r42 = r40, r41, 1 ;;
	CHECK_IMM r42, 0, 2
	sub r43 = r40, r41 ;;
	CHECK_IMM r43, 0x02468acf13579bdf, 3
	sub r43 = r40, r41, 1 ;;
	CHECK_IMM r43, 0x02468acf13579bde, 4
	sub r44 = -5, r40 ;;
	CHECK_IMM r44, 0xfedcba9876543211 - 5, 5
	adds r45 = -8192, r40 ;;
	CHECK_IMM r45, 0x0123456789abcdef - 8192, 6
	adds r45 = 8191, r40 ;;
	CHECK_IMM r45, 0x0123456789abcdef + 8191, 7
	addl r46 = -2097152, r0 ;;
	CHECK_IMM r46, -2097152, 8
	addl r46 = 0x1fffff, r3 ;;
	mov r3 = 0 ;;
	addl r46 = 0x1fffff, r3 ;;
	CHECK_IMM r46, 0x1fffff, 9

	and r47 = r40, r41 ;;
	CHECK_IMM r47, 0x0000000000000000 | (0x0123456789abcdef & 0xfedcba9876543210), 10
	or r47 = r40, r41 ;;
	CHECK_IMM r47, 0xffffffffffffffff, 11
	xor r47 = r40, r41 ;;
	CHECK_IMM r47, 0xffffffffffffffff, 12
	andcm r47 = r40, r41 ;;
	CHECK_IMM r47, 0x0123456789abcdef, 13
	and r47 = 0x0f, r40 ;;
	CHECK_IMM r47, 0xf, 14
	or r47 = -128, r0 ;;
	CHECK_IMM r47, -128, 15
	xor r47 = 127, r40 ;;
	CHECK_IMM r47, 0x0123456789abcdef ^ 127, 16
	andcm r47 = -1, r40 ;;
	CHECK_IMM r47, 0xfedcba9876543210, 17

	shladd r48 = r40, 1, r41 ;;
	CHECK_IMM r48, (0x0123456789abcdef << 1) + 0xfedcba9876543210, 20
	shladd r48 = r40, 4, r0 ;;
	CHECK_IMM r48, 0x123456789abcdef0, 21
	movl r49 = 0x80000000ffffffff ;;
	shladdp4 r48 = r49, 2, r0 ;;		// 32-bit result, region bits from r0
	CHECK_IMM r48, 0xfffffffc, 22
	movl r50 = 0x00000000c0001000 ;;
	addp4 r51 = r50, r0 ;;			// region bits come from r3 (r0)
	CHECK_IMM r51, 0xc0001000, 23
	addp4 r51 = 0x10, r50 ;;		// r3{31:30} go to bits 62:61
	CHECK_IMM r51, 0x60000000c0001010, 24

	mov r52 = r40 ;;
	CHECK_REG r52, r40, 30
	mov r52 = -1 ;;
	CHECK_IMM r52, 0xffffffffffffffff, 31
	movl r53 = 0x8000000000000000 ;;
	CHECK_IMM r53, 0x8000000000000000, 32
	// r0 always reads 0.
	CHECK_IMM r0, 0, 33

	// Carry-free 64-bit wrap-around.
	movl r54 = 0x7fffffffffffffff ;;
	adds r54 = 1, r54 ;;
	CHECK_IMM r54, 0x8000000000000000, 34

	// Predicated-off ALU ops do not write.
	mov r55 = 7
	cmp.eq p9, p10 = r0, r40 ;;
(p9)	mov r55 = 9 ;;
	CHECK_IMM r55, 7, 35
(p10)	mov r55 = 9 ;;
	CHECK_IMM r55, 9, 36

	// Integer multiply through xma (F unit) and setf/getf.
	setf.sig f6 = r40
	setf.sig f7 = r41 ;;
	xma.l f8 = f6, f7, f0
	xma.hu f9 = f6, f7, f0 ;;
	getf.sig r56 = f8
	getf.sig r57 = f9 ;;
	CHECK_IMM r56, 0x2236d88fe5618cf0, 40
	CHECK_IMM r57, 0x0121fa00ad77d742, 41
	PASS
	TEST_EXITS
