// Protection faults and their resources (SDM Vol 2 §4.1.1, §5.8), region 0
// pinned (mmu.inc), test pages in region 1 inserted with itc:
//   data: Page Not Present (0x5000), Data Access Bit (0x2800), Dirty Bit
//   (0x2000), Data Access Rights (0x5300) from ar and from pte.pl < psr.cpl
//   (a PL0 page read at PL3; a PL3 page is readable there), Data Key Miss
//   (0x1c00) and Key Permission (0x5100, pkr.wd and pkr.rd) with psr.pk;
//   instruction: Page Not Present, Instruction Access Bit (0x2400),
//   Instruction Access Rights (0x5200), Instruction Key Miss (0x1800) and
//   Key Permission (pkr.xd).
// Every one of these vectors defines ifa = the referenced address (the bundle
// for fetches) and itir = the default translation information of its region
// (rr.ps, key = rr.rid), and isr.x/w/r by the access. Faults that the hook
// fixes (a new itc, a new pkr) resume at cr.iip and must then succeed.
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.equ RID1, 0x100
	.equ PS, 14
	.equ ITIR1, (RID1 << 8) | (PS << 2)
	.equ VA_P,  REGION1 + 0x100000		// data page -> BUF
	.equ VA_P3, REGION1 + 0x200000		// PL3 data page -> BUF
	.equ VA_X,  REGION1 + 0x800000		// code page -> rcode
	.equ BUF, 0x200000
	.equ KEY_D, 0x55
	.equ KEY_I, 0x66
	// pkr fields (SDM Vol 2 §4.1.3, Figure 4-8): v 0, wd 1, rd 2, xd 3, key 31:8.
	.equ PKR_V, 1
	.equ PKR_WD, 2
	.equ PKR_RD, 4
	.equ PKR_XD, 8
_start:
	IVT_INSTALL
	IDENTITY_MAP
	movl r40 = REGION1
	movl r41 = ITIR1 ;;
	mov rr[r40] = r41
	mov r42 = PKR_V ;;			// key 0 (the pinned pages) valid
	mov pkr[r0] = r42 ;;
	srlz.d ;;
	movl r44 = BUF
	movl r45 = 0x1111 ;;
	st8 [r44] = r45
	movl r46 = VA_P
	movl r47 = VA_P3
	mov r39 = PS << 2 ;;			// itir of the inserts: key 0
	RFI_TO data_on, PSR_DT
data_on:
	// --- Data Page Not Present ---
	movl r48 = BUF + PTE_OK - PTE_P ;;
	ITC d, r46, r48, r39
	IVT_CLEAR
	mov r63 = r26
	movl r70 = BUF + PTE_OK
	mov r71 = PS << 2
	mov r25 = 1
	movl r27 = hook_itc_d ;;
np_site:
	ld8 r50 = [r46] ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_REG r50, r45, 1
	CHECK_ONE r63, 2
	CHECK_IMM r16, VEC_PAGE_NP, 3
	CHECK_IMM r19, np_site, 4
	CHECK_REG r20, r46, 5
	CHECK_IMM r21, ITIR1, 6
	CHECK_IMM r18, ISR_R, 7

	// --- Data Access Bit ---
	movl r48 = BUF + PTE_OK - PTE_A ;;
	ITC d, r46, r48, r39
	IVT_CLEAR
	mov r63 = r26
	mov r25 = 1
	movl r27 = hook_itc_d ;;
ab_site:
	ld8 r50 = [r46] ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_REG r50, r45, 8
	CHECK_ONE r63, 9
	CHECK_IMM r16, VEC_DACCESS, 10
	CHECK_IMM r19, ab_site, 11
	CHECK_REG r20, r46, 12
	CHECK_IMM r21, ITIR1, 13
	CHECK_IMM r18, ISR_R, 14

	// --- Dirty Bit: a store to a clean page ---
	movl r48 = BUF + PTE_OK - PTE_D ;;
	ITC d, r46, r48, r39
	adds r49 = 8, r46
	mov r51 = 0x44 ;;
	IVT_CLEAR
	mov r63 = r26
	mov r25 = 1
	movl r27 = hook_itc_d ;;
db_site:
	st8 [r49] = r51 ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_ONE r63, 15
	CHECK_IMM r16, VEC_DIRTY, 16
	CHECK_IMM r19, db_site, 17
	CHECK_REG r20, r49, 18
	CHECK_IMM r21, ITIR1, 19
	CHECK_IMM r18, ISR_W, 20
	ld8 r50 = [r49] ;;
	CHECK_REG r50, r51, 21

	// --- Data Access Rights: a store to a read-only page (skipped) ---
	movl r48 = BUF + PTE_OK - PTE_AR_RWX + PTE_AR_R ;;
	ITC d, r46, r48, r39
	mov r51 = 0x99 ;;
	IVT_CLEAR
	mov r63 = r26 ;;
ar_site:
	st8 [r46] = r51 ;;
	CHECK_ONE r63, 22
	CHECK_IMM r16, VEC_DACC_RIGHTS, 23
	CHECK_IMM r19, ar_site, 24
	CHECK_REG r20, r46, 25
	CHECK_IMM r21, ITIR1, 26
	CHECK_IMM r18, ISR_W, 27
	ld8 r50 = [r46] ;;			// reading is allowed, the data unchanged
	CHECK_REG r50, r45, 28

	// --- Privilege: pte.pl 0 at psr.cpl 3 faults, pte.pl 3 does not ---
	movl r48 = BUF + PTE_OK ;;
	ITC d, r46, r48, r39
	movl r48 = BUF + PTE_OK + PTE_PL3 ;;
	ITC d, r47, r48, r39
	IVT_CLEAR
	mov r63 = r26 ;;
	GO_PL3 at_pl3
at_pl3:
pl_site:
	ld8 r50 = [r46] ;;
	CHECK_ONE r63, 29
	CHECK_IMM r16, VEC_DACC_RIGHTS, 30
	CHECK_IMM r19, pl_site, 31
	CHECK_REG r20, r46, 32
	CHECK_IMM r18, ISR_R, 33
	extr.u r3 = r17, 32, 2 ;;		// ipsr.cpl
	CHECK_IMM r3, 3, 34
	IVT_CLEAR
	ld8 r52 = [r47] ;;
	CHECK_REG r52, r45, 35
	CHECK_IMM r16, -1, 36
	GO_PL0

	// --- Data Key Miss, then Key Permission (psr.pk) ---
	movl r39 = (KEY_D << 8) | (PS << 2) ;;
	ITC d, r46, r48, r39
	mov r39 = PS << 2
	ssm PSR_PK ;;
	srlz.d ;;
	IVT_CLEAR
	mov r63 = r26
	mov r72 = 1
	movl r73 = (KEY_D << 8) | PKR_V
	mov r74 = 0
	mov r25 = 1
	movl r27 = hook_pkr ;;
km_site:
	ld8 r50 = [r46] ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_REG r50, r45, 37
	CHECK_ONE r63, 38
	CHECK_IMM r16, VEC_DKEY_MISS, 39
	CHECK_IMM r19, km_site, 40
	CHECK_REG r20, r46, 41
	CHECK_IMM r21, ITIR1, 42
	CHECK_IMM r18, ISR_R, 43
	movl r2 = (KEY_D << 8) | PKR_V | PKR_WD ;;
	mov pkr[r72] = r2 ;;
	srlz.d ;;
	IVT_CLEAR
	mov r63 = r26 ;;
kw_site:
	st8 [r46] = r51 ;;
	CHECK_ONE r63, 44
	CHECK_IMM r16, VEC_KEY_PERM, 45
	CHECK_IMM r19, kw_site, 46
	CHECK_REG r20, r46, 47
	CHECK_IMM r21, ITIR1, 48
	CHECK_IMM r18, ISR_W, 49
	ld8 r50 = [r46] ;;			// wd alone still lets reads through
	CHECK_REG r50, r45, 50
	movl r2 = (KEY_D << 8) | PKR_V | PKR_RD ;;
	mov pkr[r72] = r2 ;;
	srlz.d ;;
	IVT_CLEAR
	mov r63 = r26 ;;
kr_site:
	ld8 r50 = [r46] ;;
	CHECK_ONE r63, 51
	CHECK_IMM r16, VEC_KEY_PERM, 52
	CHECK_IMM r19, kr_site, 53
	CHECK_IMM r18, ISR_R, 54
	rsm PSR_PK ;;
	srlz.d ;;

	// --- Instruction side: psr.it on, region-1 code page ---
	RFI_TO code_on, PSR_IT
code_on:
	movl r53 = VA_X
	movl r70 = rcode + PTE_OK
	mov r71 = PS << 2
	movl r54 = rcode + PTE_OK - PTE_P ;;
	ITC i, r53, r54, r39
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = back_np
	mov r25 = 1
	movl r27 = hook_itc_i ;;
	mov b6 = r53 ;;				// rcode left its return address in b6
	br.sptk.many b6 ;;
back_np:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, 55
	CHECK_ONE r63, 56
	CHECK_IMM r16, VEC_PAGE_NP, 57
	CHECK_REG r19, r53, 58
	CHECK_REG r20, r53, 59
	CHECK_IMM r21, ITIR1, 60
	CHECK_IMM r18, ISR_X, 61

	movl r54 = rcode + PTE_OK - PTE_A ;;
	ITC i, r53, r54, r39
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = back_ab
	mov r25 = 1
	movl r27 = hook_itc_i ;;
	mov b6 = r53 ;;				// rcode left its return address in b6
	br.sptk.many b6 ;;
back_ab:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, 62
	CHECK_ONE r63, 63
	CHECK_IMM r16, VEC_IACCESS, 64
	CHECK_REG r19, r53, 65
	CHECK_REG r20, r53, 66
	CHECK_IMM r21, ITIR1, 67
	CHECK_IMM r18, ISR_X, 68

	movl r54 = rcode + PTE_OK - PTE_AR_RWX + PTE_AR_R ;;
	ITC i, r53, r54, r39
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = back_ar
	mov r25 = 1
	movl r27 = hook_itc_i ;;
	mov b6 = r53 ;;				// rcode left its return address in b6
	br.sptk.many b6 ;;
back_ar:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, 69
	CHECK_ONE r63, 70
	CHECK_IMM r16, VEC_IACC_RIGHTS, 71
	CHECK_REG r19, r53, 72
	CHECK_REG r20, r53, 73
	CHECK_IMM r21, ITIR1, 74
	CHECK_IMM r18, ISR_X, 75

	// Instruction Key Miss, then Key Permission (pkr.xd).
	movl r39 = (KEY_I << 8) | (PS << 2) ;;
	ITC i, r53, r70, r39
	ssm PSR_PK ;;
	srlz.i ;;
	IVT_CLEAR
	mov r63 = r26
	mov r60 = 0
	movl r61 = back_km
	mov r72 = 2
	movl r73 = (KEY_I << 8) | PKR_V | PKR_XD
	mov r74 = 0
	mov r25 = 1
	movl r27 = hook_pkr ;;
	mov b6 = r53 ;;
	br.sptk.many b6 ;;
back_km:
	// The hook made the key valid but execute-disabled: the retried fetch
	// raised Key Permission, whose hook entry (same hook) re-enabled it.
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r60, 1, 76
	sub r3 = r26, r63 ;;
	CHECK_IMM r3, 2, 77
	CHECK_IMM r16, VEC_KEY_PERM, 78
	CHECK_REG r19, r53, 79
	CHECK_REG r20, r53, 80
	CHECK_IMM r21, ITIR1, 81
	CHECK_IMM r18, ISR_X, 82
	CHECK_IMM r74, VEC_IKEY_MISS, 83	// the first of the two
	rsm PSR_PK ;;
	srlz.i ;;
	PASS

// Handler hooks (bank 0, psr.ic = 0, psr.dt = 0); the itc ones are mmu.inc's.
	HOOK_ITC d
	HOOK_ITC i
// Write pkr[r72] = r73; then clear its xd bit in r73 for a next entry, and
// remember the first vector seen in r74.
hook_pkr:
	mov pkr[r72] = r73 ;;
	cmp.eq p8, p9 = 0, r74 ;;
(p8)	mov r74 = r16
	movl r29 = ~PKR_XD ;;
	and r73 = r73, r29 ;;
	br.sptk.many vec_done ;;

// The page the region 1 code window maps.
	REGION_CODE
	TEST_EXITS
	IVT_TABLE
