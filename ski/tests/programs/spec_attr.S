// Speculative loads beyond the DCR (spec_dcr): psr.ed, memory attributes,
// exception qualification, and isr.ed on ordinary data faults.
//   * psr.ed (SDM Vol 2 §5.5.5; Vol 3 ld, lfetch): set by rfi from ipsr, it
//     makes the instruction rfi returns to defer (ld8.s: NaT without
//     reading; lfetch.fault: no translation, no fault) and lasts that one
//     instruction (Vol 2 Table 3-2): the next load reads, and a later
//     interruption saves ipsr.ed = 0.
//   * Speculation attributes (Vol 2 §4.4.6, §5.5.5; Vol 3 ld, ldf): UC and
//     UCE (and physical addresses with bit 63) are not speculative. ld.s,
//     ld.sa, ldf.s defer there (NaT / NaTVal); ld.a and ldf8.a read nothing,
//     write zero and allocate no ALAT entry (chk.a branches); ld.c.nc reloads
//     but allocates none. WC is speculative: ld.s and ld.a read it.
//   * Qualification (Vol 2 §5.5.5, Table 5-3): a deferred condition does not
//     hide a lower-priority one that is not deferred. No-recovery model: an
//     unaligned ld8.s to a NaTPage (NaT Page Consumption always deferred)
//     raises Unaligned Data Reference. Recovery model (code from a region 1
//     alias with ITLB.ed = 1) with psr.pk: a page whose key no PKR holds and
//     whose a = 0 raises Data Access Bit when dcr.dk = 1 and dcr.da = 0,
//     defers when both are 1, raises Data Key Miss when dcr.dk = 0.
//   * isr.ed (Vol 2 §3.3.5.2 Table 3-7): a plain ld8 from the ITLB.ed = 1
//     page has isr.ed = 1 on its TLB miss and on its Unaligned Data
//     Reference, not only speculative loads.
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.include "spec.inc"
	.equ RID1, 0x100
	.equ RID2, 0x200
	.equ PS2, 13
	.equ ITIR2, (RID2 << 8) | (PS2 << 2)
	.equ KEY_NONE, 0x777			// in no PKR
	.equ VA_UC,    REGION2 + 0x100000
	.equ VA_UCE,   REGION2 + 0x200000
	.equ VA_WC,    REGION2 + 0x300000
	.equ VA_MISS,  REGION2 + 0x400000
	.equ VA_NATPG, REGION2 + 0x500000
	.equ VA_KEY,   REGION2 + 0x600000
	.equ BUF, 0x200000
	.equ UC_BIT, 0x8000000000000000
	.equ PTE_MA_WC, (6 << 2)
	.equ PSR_ED, (1 << 43)
	.equ DCR_DK, (1 << 10)
	.equ DCR_DA, (1 << 13)

_start:
	IVT_INSTALL
	movl r40 = BUF
	movl r41 = BUF + UC_BIT
	movl r42 = 0x1234 ;;
	st8 [r40] = r42
	mov r59 = 0 ;;				// recovery branches taken

	// --- Non-speculative physical memory (bit 63: UC) ---
	mov r58 = r26 ;;
	ld8.s r62 = [r41] ;;			// deferred, not read
	CHECK_NAT r62, 1, 7
	mov r63 = -1 ;;
	ld8.a r63 = [r41] ;;			// no read, zero, no ALAT entry
	CHECK_IMM r63, 0, 8
	CHECK_NAT r63, 0, 9
	chk.a.clr r63, rec1 ;;
	FAIL 10
back1:
	CHECK_IMM r59, 1, 11
	ld8.sa r64 = [r41] ;;
	CHECK_NAT r64, 1, 12
	ldfd.s f8 = [r41] ;;
	fclass.m p8, p9 = f8, 0x100 ;;		// @nat
	FAIL_UNLESS p8, 13
	ldf8.a f9 = [r41] ;;			// the integer zero, no entry
	getf.sig r65 = f9 ;;
	CHECK_IMM r65, 0, 14
	chk.a.clr f9, rec2 ;;
	FAIL 15
back2:
	CHECK_IMM r59, 2, 16
	invala ;;
	ld8.c.nc r66 = [r41] ;;			// misses: reloads, no entry
	CHECK_REG r66, r42, 17
	chk.a.nc r66, rec3 ;;
	FAIL 18
back3:
	CHECK_IMM r59, 3, 19
	CHECK_NONE r58, 20

	// --- Translation on: UC, UCE, WC, NaTPage and key-miss pages ---
	IDENTITY_MAP
	movl r43 = REGION2
	movl r44 = ITIR2 ;;			// rr2: walker off
	mov rr[r43] = r44 ;;
	ED_CODE_ALIAS RID1
	mov r4 = PS2 << 2
	ITC_D_AT r50, VA_UC, BUF + PTE_OK + PTE_MA_UC, r4
	ITC_D_AT r51, VA_UCE, BUF + PTE_OK + PTE_MA_UCE, r4
	ITC_D_AT r52, VA_WC, BUF + PTE_OK + PTE_MA_WC, r4
	ITC_D_AT r53, VA_NATPG, BUF + PTE_OK + PTE_MA_NATPAGE, r4
	movl r4 = (KEY_NONE << 8) | (PS2 << 2)
	ITC_D_AT r54, VA_KEY, BUF + PTE_OK - PTE_A, r4	// accessed bit 0
	movl r55 = VA_MISS ;;
	RFI_TO xlate_on, PSR_IT | PSR_DT
xlate_on:
	mov r58 = r26 ;;
	ld8.s r67 = [r50] ;;			// UC: deferred
	CHECK_NAT r67, 1, 21
	ld8.s r68 = [r51] ;;			// UCE: deferred
	CHECK_NAT r68, 1, 22
	ld8.s r69 = [r52] ;;			// WC: speculative, read
	CHECK_NAT r69, 0, 23
	CHECK_REG r69, r42, 24
	ld8.a r70 = [r52] ;;			// WC: read (an ALAT entry is
	CHECK_REG r70, r42, 39			// the implementation's to keep)
	CHECK_NONE r58, 25

	// --- psr.ed (through dtr[0]: write-back, speculative) ---
	mov r58 = r26 ;;
	RFI_TO ed_1, PSR_IT | PSR_DT | PSR_ED
ed_1:
	ld8.s r60 = [r40]			// psr.ed = 1: NaT, nothing read
	ld8.s r61 = [r40] ;;			// psr.ed cleared: reads
	CHECK_NAT r60, 1, 1
	CHECK_NAT r61, 0, 2
	CHECK_REG r61, r42, 3
	CHECK_NONE r58, 4
	break.m 0x1 ;;				// ipsr.ed is 0 now
	CHECK_ONE r58, 5
	CHECK_IMM r16, VEC_BREAK, 5
	tbit.nz p8, p9 = r17, 43 ;;
	FAIL_IF p8, 6

	// --- psr.ed cancels lfetch.fault ---
	mov r58 = r26 ;;
	RFI_TO ed_2, PSR_IT | PSR_DT | PSR_ED
ed_2:
	lfetch.fault [r55] ;;			// psr.ed = 1: no translation
	CHECK_NONE r58, 26
	lfetch.fault [r55] ;;			// psr.ed = 0: Alternate Data TLB
	CHECK_ONE r58, 27
	CHECK_IMM r16, VEC_ALT_DTLB, 28

	// --- No-recovery model: NaT Page deferred, Unaligned raised ---
	SET_DCR 0
	mov r58 = r26
	mov r71 = 7 ;;
	adds r3 = 1, r53 ;;
	ld8.s r71 = [r3] ;;
	CHECK_FAULT r58, VEC_UNALIGNED, ISR_R | ISR_SP, 29
	CHECK_IMM r71, 7, 30			// skipped: nothing written

	// --- Recovery model, from the region 1 alias ---
	movl r2 = REGION1 + recovery ;;
	mov b6 = r2 ;;
	br.sptk.many b6 ;;
recovery:
	// isr.ed on a plain load's TLB miss and Unaligned fault.
	mov r58 = r26 ;;
	ld8 r72 = [r55] ;;
	CHECK_FAULT r58, VEC_ALT_DTLB, ISR_R | ISR_ED, 31
	mov r58 = r26
	adds r3 = 1, r40 ;;
	ld8 r72 = [r3] ;;
	CHECK_FAULT r58, VEC_UNALIGNED, ISR_R | ISR_ED, 32
	// psr.pk: key 0 (region 0 and the data pages) and RID1 (the alias's
	// itr key) are valid; KEY_NONE is in no PKR.
	mov r2 = 1
	mov r3 = 0 ;;
	mov pkr[r3] = r2
	movl r2 = (RID1 << 8) | 1
	mov r3 = 1 ;;
	mov pkr[r3] = r2 ;;
	srlz.d ;;
	ssm PSR_PK ;;
	srlz.d ;;
	SET_DCR DCR_DK
	mov r58 = r26 ;;
	ld8.s r73 = [r54] ;;			// Key Miss deferred, Access Bit not
	CHECK_FAULT r58, VEC_DACCESS, ISR_R | ISR_SP | ISR_ED, 33
	SET_DCR DCR_DK | DCR_DA
	mov r58 = r26 ;;
	ld8.s r74 = [r54] ;;			// both deferred
	CHECK_NONE r58, 34
	CHECK_NAT r74, 1, 35
	SET_DCR DCR_DA
	mov r58 = r26 ;;
	ld8.s r75 = [r54] ;;			// Key Miss first, not deferred
	CHECK_FAULT r58, VEC_DKEY_MISS, ISR_R | ISR_SP | ISR_ED, 36
	rsm PSR_PK ;;
	srlz.d ;;
	SET_DCR 0
	PASS

// Recovery code: count and return.
rec1:
	adds r59 = 1, r59
	br.sptk.many back1 ;;
rec2:
	adds r59 = 1, r59
	br.sptk.many back2 ;;
rec3:
	adds r59 = 1, r59
	br.sptk.many back3 ;;
	TEST_EXITS
	IVT_TABLE
