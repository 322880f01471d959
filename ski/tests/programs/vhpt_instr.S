// The instruction-side VHPT walker (SDM Vol 2 §4.1.5, §4.1.8 and Figure
// 4-16; vectors §5.8), short format (pta.vf = 0), with psr.it/dt/ic on and
// region 0 pinned (mmu.inc). Region 1 (rid RID1, 16 KiB pages, rr1.ve = 1)
// holds code windows onto the page `rcode`:
//   1. the walker finds the entry: the fetch succeeds with no interruption,
//      and the translation it inserted is in the ITC (the fetch still works
//      after the VHPT entry is cleared) and not in the DTC (a load from the
//      same address walks again and meets the cleared entry: Page Not
//      Present, isr.r);
//   2. the walker's own reference misses the DTLB (the table of the second
//      PTA is not mapped): VHPT Translation (0x0000) with isr.x, iip = ifa =
//      the bundle, iha = thash, itir of the region of iha; the hook maps the
//      table and the retried fetch walks successfully;
//   3. the walker finds an entry with a reserved field (pte bit 1): it may
//      not insert it (§4.1.5.2), so Instruction TLB (0x0400) with the same
//      resources; the hook rewrites the entry and the retry succeeds.
// Faults 2 and 3 also check cr.iipa: the fetch of a branch target faults
// before anything there ran, so the last successfully executed bundle is
// the branch's (SDM Vol 2 §3.3.5.6).
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.equ RID1, 0x100
	.equ PS, 14
	.equ ITIR1, (RID1 << 8) | (PS << 2)
	.equ VA_A, REGION1 + 0x1000000		// walk succeeds
	.equ VA_B, REGION1 + 0x1800000		// VHPT Translation
	.equ VA_C, REGION1 + 0x2000000		// Instruction TLB
	.equ VHPT_VA,  REGION1 + 0x400000	// first table: mapped by dtr[1]
	.equ VHPT_PA,  0x400000
	.equ VHPT2_VA, REGION1 + 0x800000	// second table: unmapped at first
	.equ VHPT2_PA, 0x500000
	.equ VHPT_LOG, 16			// 64 KiB tables
	// thash offsets: ((va{60:0} >> 14) << 3) & 0xffff (SDM Vol 2 §4.1.5.3).
	.equ H_A, 0x2000
	.equ H_B, 0x3000
	.equ H_C, 0x4000
	.equ PTE_RSV1, 0x2			// pte bit 1 is reserved
	.equ PAGE_NP, 0x5000

// Branch from the bundle `site` to the window at `va` (its thash in `iha`);
// the fetch faults, `hook` fixes the cause, and the retried fetch runs rcode,
// which returns to `back`. Then check, with codes `code` to `code`+8: the
// code ran once, after exactly one interruption, on vector `vec`, with
// iip = ifa = the window, that iha, the itir of region 1, isr.x, and
// iipa = `site` (the branch's bundle).
	.macro FETCH_FAULT va, iha, hook, vec, site, back, code
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = \back
	mov r25 = 1
	movl r27 = \hook ;;
	mov b6 = \va ;;
	.align 16
\site:
	{ .mib
	nop.m 0
	nop.i 0
	br.sptk.many b6 ;;
	}
\back:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, \code
	CHECK_ONE r63, \code+1
	CHECK_IMM r16, \vec, \code+2
	CHECK_REG r19, \va, \code+3
	CHECK_REG r20, \va, \code+4
	CHECK_REG r23, \iha, \code+5
	CHECK_IMM r21, ITIR1, \code+6
	CHECK_IMM r18, ISR_X, \code+7
	CHECK_IMM r24, \site, \code+8
	.endm

_start:
	IVT_INSTALL
	IDENTITY_MAP
	movl r40 = REGION1
	movl r41 = ITIR1 | 1 ;;			// rr1: ve = 1
	mov rr[r40] = r41 ;;
	srlz.d ;;
	// dtr[1]: the first table, VHPT_VA -> VHPT_PA, 64 KiB.
	rsm PSR_IC ;;
	srlz.d ;;
	movl r2 = VHPT_VA
	mov r3 = (RID1 << 8) | (VHPT_LOG << 2) ;;
	mov cr.ifa = r2
	mov cr.itir = r3
	movl r2 = VHPT_PA + PTE_OK
	mov r3 = 1 ;;
	itr.d dtr[r3] = r2 ;;
	ssm PSR_IC ;;
	srlz.i ;;
	movl r46 = VHPT_VA | (VHPT_LOG << 2) | 1 ;;
	mov cr.pta = r46 ;;
	srlz.d ;;
	RFI_TO xlate_on, PSR_IT | PSR_DT
xlate_on:
	// --- 1. The walker finds the entry ---
	movl r50 = VA_A ;;
	thash r51 = r50 ;;
	CHECK_IMM r51, VHPT_VA + H_A, 1
	movl r52 = VHPT_PA + H_A
	movl r53 = rcode + PTE_OK ;;
	st8 [r52] = r53
	mov r63 = r26
	mov r60 = 0
	movl r61 = back1 ;;
	mov b6 = r50 ;;
	br.sptk.many b6 ;;
back1:
	CHECK_IMM r60, 1, 2			// the code ran
	CHECK_NONE r63, 3			// without an interruption
	// The entry goes; the ITC still translates the window.
	st8 [r52] = r0 ;;
	movl r61 = back2 ;;
	mov b6 = r50 ;;
	br.sptk.many b6 ;;
back2:
	CHECK_IMM r60, 2, 4
	CHECK_NONE r63, 5
	// The walk filled the ITC only: a load walks again, finds the cleared
	// (not present) entry, inserts it and faults Page Not Present.
	IVT_CLEAR
	mov r63 = r26
	mov r25 = 0 ;;
	ld8 r54 = [r50] ;;
	CHECK_ONE r63, 6
	CHECK_IMM r16, PAGE_NP, 7
	CHECK_REG r20, r50, 8
	CHECK_IMM r18, ISR_R, 9

	// --- 2. VHPT Translation: the second table is not mapped ---
	movl r46 = VHPT2_VA | (VHPT_LOG << 2) | 1 ;;
	mov cr.pta = r46 ;;
	srlz.d ;;
	movl r55 = VA_B ;;
	thash r56 = r55 ;;
	CHECK_IMM r56, VHPT2_VA + H_B, 10
	movl r2 = VHPT2_PA + H_B
	movl r3 = rcode + PTE_OK ;;
	st8 [r2] = r3
	movl r70 = VHPT2_PA + PTE_OK		// the hook maps the table's page
	mov r71 = VHPT_LOG << 2
	FETCH_FAULT r55, r56, hook_map_vhpt, VEC_VHPT, br_b, back3, 11
	movl r2 = PSR_IT | PSR_DT | PSR_IC | (3 << 41) ;;
	and r3 = r2, r17 ;;
	CHECK_IMM r3, PSR_IT | PSR_DT | PSR_IC, 20

	// --- 3. Instruction TLB: the entry has a reserved field ---
	movl r57 = VA_C ;;
	thash r58 = r57 ;;
	CHECK_IMM r58, VHPT2_VA + H_C, 21
	movl r71 = VHPT2_PA + H_C
	movl r70 = rcode + PTE_OK
	movl r2 = rcode + PTE_OK + PTE_RSV1 ;;
	st8 [r71] = r2
	FETCH_FAULT r57, r58, hook_fix_vhpt, VEC_ITLB, br_c, back4, 22
	PASS

// Handler hooks (mmu.inc) and the page the region 1 code windows map.
	HOOK_MAP_VHPT
	HOOK_FIX_VHPT
	REGION_CODE
	TEST_EXITS
	IVT_TABLE
