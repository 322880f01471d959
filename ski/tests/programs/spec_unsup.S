// Speculation recovery and Unsupported Data Reference (SDM Vol 1 §4.4.4-4.4.5,
// Vol 2 §5.5.5, §5.8 vectors 0x5700 and 0x5b00):
//   chk.s on a GR (ld8.s from a NaT address, NaT propagated through an add)
//   and on an FR (ldfd.s: NaTVal) branches to recovery code; ld8.s deferring a
//   TLB miss with psr.ic = 0 (deferral is required then); chk.a after a
//   conflicting store and after invala branches; ld.c reloads after a
//   conflicting store. Both simulators implement the recovery branch, so the
//   Speculation vector (0x5700, which the SDM allows an implementation to
//   raise instead of branching) is never entered: r26 must not move.
//   Unsupported Data Reference: semaphores (cmpxchg, fetchadd) to an
//   uncacheable physical address (bit 63), xchg to a UC and to a UCE page;
//   fetchadd to a UCE page is exported and succeeds. isr has r and w (a
//   semaphore reads and writes), ifa the address.
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.equ BUF, 0x200000
	.equ RID1, 0x100
	.equ PS, 14
	.equ VA_UC,  REGION1 + 0x100000
	.equ VA_UCE, REGION1 + 0x200000
	.equ VA_MISS, REGION1 + 0x300000
	.equ UC_BIT, 0x8000000000000000
_start:
	IVT_INSTALL
	movl r40 = BUF
	movl r41 = 0x1234 ;;
	st8 [r40] = r41
	mov r42 = -1 ;;
	mov ar.unat = r42 ;;
	ld8.fill r43 = [r40] ;;			// r43: NaT
	mov r63 = r26

	// chk.s on a GR: the deferred load, NaT propagated by add.
	mov r60 = 0 ;;
	ld8.s r44 = [r43] ;;
	CHECK_NAT r44, 1, 1
	add r45 = 8, r44 ;;
	chk.s r45, rec1 ;;
	FAIL 2
back1:
	CHECK_IMM r60, 1, 3
	CHECK_REG r45, r41, 4
	CHECK_NAT r45, 0, 5
	// No NaT: chk.s falls through.
	chk.s r45, rec_never ;;

	// chk.s on an FR: ldfd.s from a NaT address gives NaTVal.
	ldfd.s f8 = [r43] ;;
	fclass.m p8, p9 = f8, 0x100 ;;		// @nat
	FAIL_UNLESS p8, 6
	chk.s f8, rec2 ;;
	FAIL 7
back2:
	CHECK_IMM r60, 2, 8
	getf.sig r46 = f8 ;;
	CHECK_REG r46, r41, 9

	// ld8.s deferring a translation miss with psr.ic = 0 (SDM Vol 2 §5.5.5:
	// with psr.ic = 0 every speculative load fault is deferred).
	movl r47 = REGION1
	movl r48 = (RID1 << 8) | (PS << 2) ;;
	mov rr[r47] = r48 ;;
	srlz.d ;;
	movl r49 = VA_MISS ;;
	rsm PSR_IC ;;
	ssm PSR_DT ;;
	srlz.d ;;
	ld8.s r50 = [r49] ;;
	rsm PSR_DT ;;
	ssm PSR_IC ;;
	srlz.d ;;
	CHECK_NAT r50, 1, 10

	// chk.a after a conflicting store: the ALAT entry is gone.
	adds r51 = 16, r40
	mov r52 = 0x55 ;;
	st8 [r51] = r52 ;;
	ld8.a r53 = [r51] ;;
	mov r54 = 0x66 ;;
	st8 [r51] = r54 ;;			// same address: invalidates the entry
	chk.a.clr r53, rec3 ;;
	FAIL 11
back3:
	CHECK_IMM r60, 3, 12
	CHECK_REG r53, r54, 13
	// ld.c after a conflicting store reloads.
	ld8.a r55 = [r51] ;;
	mov r56 = 0x77 ;;
	st8 [r51] = r56 ;;
	ld8.c.clr r55 = [r51] ;;
	CHECK_REG r55, r56, 14
	// chk.a after invala: the ALAT is empty.
	ld8.a r57 = [r51] ;;
	invala ;;
	chk.a.nc r57, rec4 ;;
	FAIL 15
back4:
	CHECK_IMM r60, 4, 16
	CHECK_NONE r63, 17			// no interruption so far

	// --- Unsupported Data Reference, physical mode, bit 63 set ---
	movl r58 = BUF + UC_BIT
	mov ar.ccv = r41 ;;
	IVT_CLEAR
	mov r63 = r26 ;;
ud1_site:
	cmpxchg8.acq r59 = [r58], r42, ar.ccv ;;
	CHECK_ONE r63, 18
	CHECK_IMM r16, VEC_UNSUPP_DATA, 19
	CHECK_IMM r19, ud1_site, 20
	CHECK_REG r20, r58, 21
	CHECK_IMM r18, ISR_R | ISR_W, 22
	ld8 r3 = [r40] ;;			// memory unchanged
	CHECK_REG r3, r41, 23
	IVT_CLEAR
	mov r63 = r26 ;;
ud2_site:
	fetchadd8.acq r59 = [r58], 1 ;;
	CHECK_ONE r63, 24
	CHECK_IMM r16, VEC_UNSUPP_DATA, 25
	CHECK_IMM r19, ud2_site, 26
	CHECK_REG r20, r58, 27
	CHECK_IMM r18, ISR_R | ISR_W, 28

	// --- Translated: UC and UCE pages ---
	IDENTITY_MAP
	mov r39 = PS << 2
	movl r61 = VA_UC
	movl r62 = VA_UCE
	movl r64 = BUF + PTE_OK + PTE_MA_UC
	movl r65 = BUF + PTE_OK + PTE_MA_UCE ;;
	ITC d, r61, r64, r39
	ITC d, r62, r65, r39
	ssm PSR_DT ;;
	srlz.d ;;
	IVT_CLEAR
	mov r63 = r26 ;;
ud3_site:
	xchg8 r59 = [r61], r42 ;;
	CHECK_ONE r63, 29
	CHECK_IMM r16, VEC_UNSUPP_DATA, 30
	CHECK_IMM r19, ud3_site, 31
	CHECK_REG r20, r61, 32
	CHECK_IMM r18, ISR_R | ISR_W, 33
	IVT_CLEAR
	mov r63 = r26 ;;
ud4_site:
	xchg8 r59 = [r62], r42 ;;
	CHECK_ONE r63, 34
	CHECK_IMM r16, VEC_UNSUPP_DATA, 35
	CHECK_REG r20, r62, 36
	IVT_CLEAR
	mov r63 = r26 ;;
	fetchadd8.rel r59 = [r62], 1 ;;		// exported to the UCE page
	CHECK_NONE r63, 37
	CHECK_REG r59, r41, 38
	ld8 r3 = [r62] ;;
	adds r2 = 1, r41 ;;
	CHECK_REG r3, r2, 39
	rsm PSR_DT ;;
	srlz.d ;;
	PASS

// Recovery code: redo the work non-speculatively and return.
rec1:
	adds r60 = 1, r60
	ld8 r44 = [r40] ;;
	adds r45 = 8, r44 ;;
	adds r45 = -8, r45
	br.sptk.many back1 ;;
rec2:
	adds r60 = 1, r60
	ldfd f8 = [r40] ;;			// 0x1234 as a double's bits...
	ldf8 f8 = [r40] ;;			// ...reloaded as an integer significand
	br.sptk.many back2 ;;
rec3:
	adds r60 = 1, r60
	ld8 r53 = [r51]
	br.sptk.many back3 ;;
rec4:
	adds r60 = 1, r60
	br.sptk.many back4 ;;
rec_never:
	FAIL 40
	TEST_EXITS
	IVT_TABLE
