// TLB miss vectors and their resources (SDM Vol 2 §5.8, §4.1.5), with
// psr.it/dt on and region 0 pinned (mmu.inc):
//   Alternate Instruction TLB (0x0c00): a fetch from region 1 with rr1.ve = 0;
//   VHPT Translation (0x0000): the walker's own reference misses (cr.iha =
//     thash(ifa), itir from the region of iha);
//   Data TLB (0x0800) and Instruction TLB (0x0400): the walker finds an entry
//     with a reserved field (p = 1, ma = 1), which it may not insert
//     (§4.1.5.3), so it aborts;
//   Alternate Data TLB (0x1000): region 2, walker off, from lfetch.fault
//     (a non-access reference: isr.na, isr.code{3:0} = 4, SDM Vol 2 Table 5-x
//     "ISR codes for non-access instructions").
// Each handler hook fixes the cause (itc, or rewrites the VHPT entry) and
// resumes at cr.iip; the program then checks ipsr, isr (whole), iip, ifa,
// itir and iha, and that exactly one interruption was taken.
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.equ RID1, 0x100
	.equ RID2, 0x200
	.equ PS, 14				// rr1: 16 KiB pages
	.equ PS2, 13				// rr2: 8 KiB pages
	.equ ITIR1, (RID1 << 8) | (PS << 2)	// default itir of region 1
	.equ ITIR2, (RID2 << 8) | (PS2 << 2)
	.equ VA_C,  REGION1 + 0x1000000	// code window, Alternate ITLB
	.equ VA_C2, REGION1 + 0x1800000	// code window, walker
	.equ VA_D,  REGION1 + 0x2000000	// data, VHPT Translation
	.equ VA_D2, REGION1 + 0x2400000	// data, Data TLB
	.equ VA_A,  REGION2 + 0x3000000	// data, Alternate DTLB
	.equ BUF, 0x200000
	.equ VHPT_VA, REGION1 + 0x400000
	.equ VHPT_PA, 0x400000
	.equ VHPT_LOG, 16			// 64 KiB table
	// thash offsets: ((va{60:0} >> 14) << 3) & 0xffff (SDM Vol 2 §4.1.5.3).
	.equ H_C2, 0x3000
	.equ H_D,  0x4000
	.equ H_D2, 0x4800
	.equ PSR_XLATE, PSR_IT | PSR_DT | PSR_IC
_start:
	IVT_INSTALL
	IDENTITY_MAP
	movl r40 = REGION1
	movl r41 = ITIR1 ;;			// rr1: ve = 0 for now
	mov rr[r40] = r41
	movl r42 = REGION2
	movl r43 = ITIR2 ;;
	mov rr[r42] = r43 ;;
	srlz.d ;;
	movl r44 = BUF
	movl r45 = 0x1111 ;;
	st8 [r44] = r45
	RFI_TO xlate_on, PSR_IT | PSR_DT
xlate_on:
	// --- Alternate Instruction TLB ---
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = back1
	movl r62 = VA_C ;;
	movl r70 = rcode + PTE_OK
	mov r71 = PS << 2
	mov r25 = 1
	movl r27 = hook_itc_i ;;
	mov b6 = r62 ;;
	br.sptk.many b6 ;;
back1:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, 1
	CHECK_ONE r63, 2
	CHECK_IMM r16, VEC_ALT_ITLB, 3
	CHECK_IMM r19, VA_C, 4
	CHECK_IMM r20, VA_C, 5
	CHECK_IMM r21, ITIR1, 6
	CHECK_IMM r18, ISR_X, 7
	movl r2 = PSR_XLATE | (3 << 41) | (3 << 32) ;;
	and r3 = r2, r17 ;;			// ipsr: it, dt, ic on, ri 0, cpl 0
	CHECK_IMM r3, PSR_XLATE, 8

	// --- VHPT Translation: walker on, the table not mapped ---
	movl r46 = VHPT_VA | (VHPT_LOG << 2) | 1 ;;
	mov cr.pta = r46
	movl r41 = ITIR1 | 1 ;;			// rr1.ve = 1
	mov rr[r40] = r41 ;;
	srlz.d ;;
	movl r47 = VA_D ;;
	thash r48 = r47 ;;
	CHECK_IMM r48, VHPT_VA + H_D, 9
	movl r49 = VHPT_PA + H_D
	movl r50 = BUF + PTE_OK ;;
	st8 [r49] = r50
	IVT_CLEAR
	mov r63 = r26
	movl r70 = VHPT_PA + PTE_OK
	mov r71 = VHPT_LOG << 2
	mov r25 = 1
	movl r27 = hook_map_vhpt ;;
	.align 16
vhpt_site:
	{ .mmi
	nop.m 0
	ld8 r51 = [r47]				// slot 1: ei = 1, ipsr.ri = 1
	nop.i 0 ;;
	}
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_REG r51, r45, 10
	CHECK_ONE r63, 11
	CHECK_IMM r16, VEC_VHPT, 12
	CHECK_IMM r19, vhpt_site, 13
	CHECK_REG r20, r47, 14
	CHECK_IMM r23, VHPT_VA + H_D, 15
	CHECK_IMM r21, ITIR1, 16
	CHECK_IMM r18, ISR_R | ISR_EI1, 17
	extr.u r3 = r17, 41, 2 ;;
	CHECK_IMM r3, 1, 18

	// --- Data TLB: the walker finds a reserved entry and aborts ---
	movl r52 = VA_D2 ;;
	thash r53 = r52 ;;
	CHECK_IMM r53, VHPT_VA + H_D2, 19
	movl r71 = VHPT_PA + H_D2
	movl r70 = (BUF + 0x4000) + PTE_OK
	movl r2 = (BUF + 0x4000) + PTE_OK + PTE_MA_RSV ;;
	st8 [r71] = r2
	movl r57 = 0x2222 ;;
	IVT_CLEAR
	mov r63 = r26
	mov r25 = 1
	movl r27 = hook_fix_vhpt ;;
dtlb_site:
	st8 [r52] = r57 ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_ONE r63, 20
	CHECK_IMM r16, VEC_DTLB, 21
	CHECK_IMM r19, dtlb_site, 22
	CHECK_REG r20, r52, 23
	CHECK_IMM r23, VHPT_VA + H_D2, 24
	CHECK_IMM r21, ITIR1, 25
	CHECK_IMM r18, ISR_W, 26
	movl r2 = BUF + 0x4000 ;;
	ld8 r3 = [r2] ;;			// the store reached the right page
	CHECK_REG r3, r57, 27

	// --- Instruction TLB: the same through the instruction walker ---
	movl r58 = VA_C2 ;;
	thash r59 = r58 ;;
	CHECK_IMM r59, VHPT_VA + H_C2, 28
	movl r71 = VHPT_PA + H_C2
	movl r70 = rcode + PTE_OK
	movl r2 = rcode + PTE_OK + PTE_MA_RSV ;;
	st8 [r71] = r2
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = back4
	mov r25 = 1
	movl r27 = hook_fix_vhpt ;;
	mov b6 = r58 ;;
	br.sptk.many b6 ;;
back4:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, 29
	CHECK_ONE r63, 30
	CHECK_IMM r16, VEC_ITLB, 31
	CHECK_REG r19, r58, 32
	CHECK_REG r20, r58, 33
	CHECK_IMM r23, VHPT_VA + H_C2, 34
	CHECK_IMM r21, ITIR1, 35
	CHECK_IMM r18, ISR_X, 36

	// --- Alternate Data TLB from lfetch.fault (non-access) ---
	movl r64 = VA_A + 0x88 ;;
	IVT_CLEAR
	mov r63 = r26
	movl r70 = (BUF + 0x8000) + PTE_OK
	mov r71 = PS2 << 2
	mov r25 = 1
	movl r27 = hook_itc_d ;;
altd_site:
	lfetch.fault [r64] ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_ONE r63, 37
	CHECK_IMM r16, VEC_ALT_DTLB, 38
	CHECK_IMM r19, altd_site, 39
	CHECK_REG r20, r64, 40
	CHECK_IMM r21, ITIR2, 41
	CHECK_IMM r18, ISR_R | ISR_NA | 4, 42
	// The inserted 8 KiB page is usable.
	movl r2 = BUF + 0x8088
	movl r3 = 0x3333 ;;
	st8 [r2] = r3 ;;
	ld8 r65 = [r64] ;;
	CHECK_IMM r65, 0x3333, 43
	PASS					// still translated: region 0 is pinned

// Handler hooks (mmu.inc) and the page the region 1 code windows map.
	HOOK_ITC i
	HOOK_ITC d
	HOOK_MAP_VHPT
	HOOK_FIX_VHPT
	REGION_CODE
	TEST_EXITS
	IVT_TABLE
