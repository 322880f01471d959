// Deferral of speculative load faults (SDM Vol 2 §5.5.5, Tables 5-4 and
// 5-5; DCR bits Vol 2 §3.3.4.1: dm 8, dp 9, dk 10, dx 11, dr 12, da 13,
// dd 14). With psr.ic = 1 and psr.it = 1:
//   * the code page's ITLB.ed = 0 (no-recovery model): a TLB miss is raised
//     whatever the DCR says, and so is an Unaligned Data Reference;
//   * ITLB.ed = 1 (recovery model): a fault is deferred when its own DCR bit
//     is 1 (dm for the TLB misses, dp for Page Not Present) and raised when
//     it is 0; Unaligned Data Reference is deferred;
//   * NaT Page Consumption is deferred whatever the DCR and ITLB.ed;
//   * with psr.ic = 0 everything is deferred (always-defer model).
// A raised fault has isr.sp = 1 and isr.ed = ITLB.ed (Table 3-7). The
// no-recovery part runs from region 0's pinned itr[0] (pte.ed = 0); the
// recovery part runs from a region 1 alias of the same code, itr[1] with
// pte.ed = 1 (re-inserting itr[0] in place is a machine check under Ski).
// Its faults resume at cr.iip after the hook sets the DCR bit, so the retry
// defers. Data: region 2 (walker off): VA_MISS never mapped, VA_NP mapped
// not present, VA_NATPG a NaTPage (ma = 7).
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.include "spec.inc"
	.equ RID1, 0x100
	.equ RID2, 0x200
	.equ PS2, 13
	.equ ITIR2, (RID2 << 8) | (PS2 << 2)
	.equ VA_MISS,  REGION2 + 0x100000
	.equ VA_NP,    REGION2 + 0x200000
	.equ VA_NATPG, REGION2 + 0x300000
	.equ BUF, 0x200000
	.equ DCR_DM, (1 << 8)
	.equ DCR_DP, (1 << 9)
	.equ DCR_ALL, 0x7f00
	.equ ALT_DTLB, 0x1000
	.equ PAGE_NP, 0x5000
	.equ UNALIGNED, 0x5a00

// No interruption since `saved` and `reg` is NaT.
	.macro CHECK_DEFERRED saved, reg, code
	CHECK_NONE \saved, \code
	CHECK_NAT \reg, 1, \code
	.endm

_start:
	IVT_INSTALL
	IDENTITY_MAP
	movl r40 = REGION2
	movl r41 = ITIR2 ;;			// rr2: walker off
	mov rr[r40] = r41 ;;
	ED_CODE_ALIAS RID1
	mov r4 = PS2 << 2
	ITC_D_AT r2, VA_NP, BUF + PTE_OK - PTE_P, r4	// not present
	ITC_D_AT r2, VA_NATPG, BUF + PTE_OK + PTE_MA_NATPAGE, r4
	movl r50 = VA_MISS
	movl r51 = VA_NP
	movl r52 = VA_NATPG
	movl r53 = BUF + 1 ;;
	mov r25 = 0				// faults: skip the load
	RFI_TO xlate_on, PSR_IT | PSR_DT
xlate_on:
	// --- ITLB.ed = 0: no-recovery model ---
	SET_DCR DCR_ALL
	mov r63 = r26
	mov r60 = 7 ;;
	ld8.s r60 = [r50] ;;			// TLB miss, raised despite dcr.dm
	CHECK_FAULT r63, ALT_DTLB, ISR_R | ISR_SP, 1
	CHECK_IMM r60, 7, 2			// the skipped load wrote nothing
	SET_DCR 0
	mov r63 = r26 ;;
	ld8.s r61 = [r53] ;;			// unaligned: raised
	CHECK_FAULT r63, UNALIGNED, ISR_R | ISR_SP, 3
	mov r63 = r26 ;;
	ld8.s r62 = [r52] ;;			// NaT Page: always deferred
	CHECK_DEFERRED r63, r62, 4
	mov r63 = r26
	SET_DCR DCR_DM ;;
	ldf8.s f10 = [r50] ;;			// FP form: raised too
	CHECK_FAULT r63, ALT_DTLB, ISR_R | ISR_SP, 5

	// --- psr.ic = 0: always-defer model ---
	SET_DCR 0
	rsm PSR_IC ;;
	srlz.d ;;
	ld8.s r64 = [r50] ;;
	ssm PSR_IC ;;
	srlz.d ;;
	CHECK_NAT r64, 1, 6

	// --- ITLB.ed = 1: recovery model, from the region 1 alias ---
	movl r2 = REGION1 + recovery ;;
	mov b6 = r2 ;;
	br.sptk.many b6 ;;
recovery:
	mov r25 = 1				// faults: resume at cr.iip ...
	movl r27 = hook_dcr ;;			// ... after setting dcr = r72
	SET_DCR DCR_DM
	mov r63 = r26 ;;
	ld8.s r65 = [r50] ;;			// TLB miss, dcr.dm = 1: deferred
	CHECK_DEFERRED r63, r65, 7
	mov r63 = r26 ;;
	ldf8.s f11 = [r50] ;;
	getf.sig r66 = f11 ;;			// NaTVal reads back as a NaT
	CHECK_DEFERRED r63, r66, 8
	mov r63 = r26
	mov r72 = DCR_DP ;;
	ld8.s r67 = [r51] ;;			// Page Not Present, dcr.dp = 0: raised;
	CHECK_FAULT r63, PAGE_NP, ISR_R | ISR_SP | ISR_ED, 9
	CHECK_NAT r67, 1, 10			// the retry with dcr.dp = 1 deferred
	mov r63 = r26
	mov r72 = DCR_DM ;;
	ld8.s r69 = [r50] ;;			// TLB miss, dcr.dm = 0 (dp only): raised
	CHECK_FAULT r63, ALT_DTLB, ISR_R | ISR_SP | ISR_ED, 11
	CHECK_NAT r69, 1, 12
	SET_DCR 0
	mov r63 = r26 ;;
	ld8.s r70 = [r53] ;;			// unaligned: deferred
	CHECK_DEFERRED r63, r70, 13
	// A load that needs no deferral still loads.
	movl r2 = BUF
	movl r3 = 0x1234 ;;
	st8 [r2] = r3 ;;
	ld8.s r71 = [r2] ;;
	CHECK_NAT r71, 0, 14
	CHECK_IMM r71, 0x1234, 15
	mov r25 = 0
	mov r27 = 0 ;;
	PASS

// Handler hook (bank 0, psr.ic = 0): dcr = r72, then resume.
hook_dcr:
	mov cr.dcr = r72 ;;
	br.sptk.many vec_done ;;
	TEST_EXITS
	IVT_TABLE
