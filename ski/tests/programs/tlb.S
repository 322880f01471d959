// Translation (SDM Vol 2 §4.1): a data translation register, an Alternate
// Data TLB fault (walker disabled, pta.ve = 0) filled by itc.d from the
// handler, the Data Nested TLB fault (a miss with psr.ic = 0), the short-format
// VHPT walker finding an entry, and a Page Not Present fault when the entry the
// walker finds has p = 0 (short format has no tag, so the walk itself
// succeeds), reporting cr.ifa.
	.include "common.inc"
	.include "ivt.inc"
	.equ RID, 0x123
	.equ PS, 14				// 16 KiB pages
	.equ VA, 0x2000000000200000		// region 1
	.equ PA, 0x200000
	.equ VHPT_VA, 0x2000000000400000	// the VHPT, mapped by dtr[1]
	.equ VHPT_PA, 0x400000
	.equ VHPT_LOG, 16			// 64 KiB table
	// PTE: p | ma = WB | a | d | pl 0 | ar 3 (RWX) (SDM Vol 2 Figure 4-x).
	.equ PTE_FLAGS, 0x1 | 0x20 | 0x40 | (3 << 9)
_start:
	IVT_INSTALL
	movl r40 = PA
	movl r41 = 0x1122334455667788 ;;
	st8 [r40] = r41				// the data, stored physically
	movl r42 = VA
	mov r43 = 1 ;;
	movl r44 = (RID << 8) | (PS << 2) ;;	// rr1: ve = 0
	movl r45 = VA ;;
	mov rr[r45] = r44 ;;
	srlz.d ;;

	// dtr[0]: VA -> PA.
	rsm PSR_IC ;;
	srlz.d ;;
	mov r46 = PS << 2 ;;
	mov cr.itir = r46
	mov cr.ifa = r42 ;;
	movl r47 = PA | PTE_FLAGS ;;
	mov r48 = 0 ;;
	itr.d dtr[r48] = r47 ;;
	ssm PSR_IC ;;
	srlz.d ;;
	ssm PSR_DT ;;
	srlz.d ;;
	IVT_CLEAR
	ld8 r49 = [r42] ;;
	CHECK_REG r49, r41, 1
	CHECK_IMM r16, -1, 2
	tpa r50 = r42 ;;
	CHECK_REG r50, r40, 3

	// Alternate Data TLB: a page no TR covers; the hook inserts it with
	// itc.d (cr.ifa and cr.itir are already set by the fault) and resumes.
	movl r51 = VA + 0x10000 ;;		// -> PA + 0x10000
	movl r52 = PA + 0x10000 ;;
	rsm PSR_DT ;;
	srlz.d ;;
	st8 [r52] = r43 ;;
	ssm PSR_DT ;;
	srlz.d ;;
	IVT_CLEAR
	mov r25 = 1
	movl r27 = fill_hook ;;
	ld8 r53 = [r51] ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r53, 1, 4
	CHECK_IMM r16, VEC_ALT_DTLB, 5
	CHECK_REG r20, r51, 6
	extr.u r3 = r21, 2, 6 ;;		// itir.ps from rr1
	CHECK_IMM r3, PS, 7
	movl r3 = 1 << 34 ;;			// isr.r
	and r3 = r3, r18 ;;
	CHECK_IMM r3, 1 << 34, 8

	// Data Nested TLB: a miss with psr.ic = 0 writes no resources; the
	// hook continues at nested_cont (still with psr.ic = 0).
	movl r54 = VA + 0x40000 ;;
	IVT_CLEAR
	movl r27 = nested_hook ;;
	rsm PSR_IC ;;
	srlz.d ;;
	ld8 r55 = [r54] ;;
	FAIL 9
nested_cont:
	mov r27 = 0 ;;
	ssm PSR_IC | PSR_DT ;;			// the handler ran with psr.dt = 0
	srlz.d ;;
	CHECK_IMM r16, VEC_NESTED_DTLB, 10
	CHECK_REG r20, r51, 11			// cr.ifa still the previous fault's

	// The VHPT walker: map the table with dtr[1], enable pta.ve and rr1.ve,
	// store a PTE for VA2 at thash(VA2); the reference then needs no fault.
	rsm PSR_IC ;;
	srlz.d ;;
	mov r46 = VHPT_LOG << 2 ;;
	mov cr.itir = r46
	movl r56 = VHPT_VA ;;
	mov cr.ifa = r56
	movl r47 = VHPT_PA | PTE_FLAGS ;;
	mov r48 = 1 ;;
	itr.d dtr[r48] = r47 ;;
	ssm PSR_IC ;;
	srlz.d ;;
	movl r57 = VHPT_VA | (VHPT_LOG << 2) | 1 ;;	// pta: base, size, ve
	mov cr.pta = r57
	movl r44 = (RID << 8) | (PS << 2) | 1 ;;	// rr1.ve = 1
	mov rr[r45] = r44 ;;
	srlz.d ;;
	movl r58 = VA + 0x80000 ;;
	thash r59 = r58 ;;
	movl r3 = VHPT_VA ;;
	sub r60 = r59, r3 ;;
	movl r3 = (1 << VHPT_LOG) - 8 ;;	// the hash lies inside the table
	cmp.gtu p8, p0 = r60, r3 ;;
	FAIL_IF p8, 12
	movl r61 = (PA + 0x80000) | PTE_FLAGS ;;
	st8 [r59] = r61 ;;
	movl r62 = PA + 0x80000 ;;
	rsm PSR_DT ;;
	srlz.d ;;
	mov r63 = 0x77 ;;
	st8 [r62] = r63 ;;
	ssm PSR_DT ;;
	srlz.d ;;
	IVT_CLEAR
	ld8 r67 = [r58] ;;
	CHECK_IMM r67, 0x77, 13
	CHECK_IMM r16, -1, 14

	// Page Not Present: walker on, the entry at thash(VA3) has p = 0.
	movl r64 = VA + 0xc0000 ;;
	thash r65 = r64 ;;
	st8 [r65] = r0 ;;
	IVT_CLEAR
	.align 16
pnp_load:
	{ .mmi
	mov r3 = 0 ;;				// completes: the last one before the fault
	ld8 r66 = [r64]
	nop.i 0 ;;
	}
	CHECK_IMM r16, VEC_PAGE_NP, 15
	CHECK_REG r20, r64, 16
	// cr.iipa of a fault after an earlier slot of the same bundle completed
	// with psr.ic = 1: that bundle (SDM Vol 2 §3.3.5.6).
	CHECK_IMM r24, pnp_load, 17
	rsm PSR_DT ;;
	srlz.d ;;
	PASS

// Insert a translation for cr.ifa: the same offset in region 0 (PA + ...).
fill_hook:
	movl r29 = 0x0fffffffffffc000 ;;
	and r29 = r29, r20 ;;
	movl r30 = PTE_FLAGS ;;
	or r29 = r29, r30 ;;
	itc.d r29 ;;
	srlz.d ;;
	br.sptk.many vec_done ;;

nested_hook:
	mov pr = r31, -1 ;;
	br.sptk.many nested_cont ;;
	TEST_EXITS
	IVT_TABLE
