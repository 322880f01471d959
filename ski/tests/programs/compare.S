// Compares and predicate writes (SDM Vol 3 "cmp", "cmp4", "tbit", "tnat",
// Table "Comparison Types"): relations, the normal/unc/and/or/or.andcm/
// and.orcm types, NaT sources clearing both targets, p0 as a target.
	.include "common.inc"
_start:
	mov r40 = -1
	mov r41 = 1
	movl r42 = 0x80000000 ;;
	cmp.lt p8, p9 = r40, r41 ;;
	FAIL_UNLESS p8, 1
	FAIL_IF p9, 2
	cmp.ltu p8, p9 = r40, r41 ;;
	FAIL_IF p8, 3
	FAIL_UNLESS p9, 4
	cmp.eq p8, p9 = 1, r41 ;;
	FAIL_UNLESS p8, 5
	cmp.ne p8, p9 = 1, r41 ;;
	FAIL_IF p8, 6
	cmp.gt p8, p9 = r41, r40 ;;		// pseudo-op: lt with swapped operands
	FAIL_UNLESS p8, 7
	cmp.le p8, p9 = r41, r41 ;;
	FAIL_UNLESS p8, 8
	cmp.ge p8, p9 = r40, r41 ;;
	FAIL_IF p8, 9
	cmp.geu p8, p9 = r40, r41 ;;
	FAIL_UNLESS p8, 10
	cmp.lt p8, p9 = -2, r40 ;;		// imm8 form: -2 < -1
	FAIL_UNLESS p8, 11
	cmp.ltu p8, p9 = 127, r40 ;;
	FAIL_UNLESS p8, 12
	// cmp4 looks at the low 32 bits only, signed.
	cmp4.lt p8, p9 = r42, r0 ;;
	FAIL_UNLESS p8, 13
	cmp.lt p8, p9 = r42, r0 ;;
	FAIL_IF p8, 14
	cmp4.eq p8, p9 = r40, r40 ;;
	FAIL_UNLESS p8, 15

	// unc: both targets cleared when the qualifying predicate is false.
	cmp.eq p8, p9 = r0, r0 ;;		// p8 = 1, p9 = 0
	cmp.eq p10, p11 = r0, r0 ;;
(p9)	cmp.eq.unc p10, p11 = r0, r0 ;;
	FAIL_IF p10, 20
	FAIL_IF p11, 21
	// normal type with a false qp writes nothing.
	cmp.eq p10, p11 = r0, r0 ;;
(p9)	cmp.ne p10, p11 = r0, r0 ;;
	FAIL_UNLESS p10, 22

	// Parallel compares: or/and types write only one way.
	cmp.ne p12, p13 = r0, r0 ;;		// p12 = 0, p13 = 1
	cmp.eq.or p12, p13 = r41, r41 ;;	// true: both set to 1
	FAIL_UNLESS p12, 23
	FAIL_UNLESS p13, 24
	cmp.ne p12, p13 = r0, r0 ;;
	cmp.eq.or p12, p13 = r41, r40 ;;	// false: nothing written
	FAIL_IF p12, 25
	FAIL_UNLESS p13, 26
	cmp.eq p12, p13 = r0, r0 ;;		// p12 = 1, p13 = 0
	cmp.eq.and p12, p13 = r41, r40 ;;	// false: both cleared
	FAIL_IF p12, 27
	FAIL_IF p13, 28
	cmp.eq p12, p13 = r0, r0 ;;
	cmp.eq.and p12, p13 = r41, r41 ;;	// true: nothing written
	FAIL_UNLESS p12, 29
	FAIL_IF p13, 30
	cmp.ne p12, p13 = r0, r0 ;;		// p12 = 0, p13 = 1
	cmp.eq.or.andcm p12, p13 = r41, r41 ;;	// true: p12 = 1, p13 = 0
	FAIL_UNLESS p12, 31
	FAIL_IF p13, 32
	cmp.ne p12, p13 = r0, r0 ;;
	cmp.eq.and.orcm p12, p13 = r41, r40 ;;	// false: p12 = 0, p13 = 1
	FAIL_IF p12, 33
	FAIL_UNLESS p13, 34
	// Parallel compare against zero: cmp.gt.and with r0 form.
	cmp.eq p12, p13 = r0, r0 ;;
	cmp.gt.and p12, p13 = r41, r0 ;;
	FAIL_UNLESS p12, 35

	// tbit and tnat.
	tbit.nz p8, p9 = r42, 31 ;;
	FAIL_UNLESS p8, 40
	tbit.z p8, p9 = r42, 30 ;;
	FAIL_UNLESS p8, 41
	tnat.z p8, p9 = r42 ;;
	FAIL_UNLESS p8, 42

	// A NaT source: a normal compare clears both targets (SDM "cmp"). The
	// NaT comes from ld8.fill with the matching ar.unat bit set.
	mov r43 = 0x1000
	mov ar.unat = r40 ;;			// all UNaT bits set
	ld8.fill r46 = [r43] ;;
	tnat.nz p8, p9 = r46 ;;
	FAIL_UNLESS p8, 44
	cmp.eq p10, p11 = r0, r0 ;;
	cmp.eq p10, p11 = r46, r46 ;;
	FAIL_IF p10, 45
	FAIL_IF p11, 46
	// ... but tnat is not a consumer.
	tnat.nz p10, p11 = r46 ;;
	FAIL_UNLESS p10, 47

	// A target of p0 is discarded; p0 stays 1.
	cmp.ne p0, p8 = r0, r0 ;;
	FAIL_UNLESS p0, 48
	FAIL_UNLESS p8, 49
	PASS
	TEST_EXITS
