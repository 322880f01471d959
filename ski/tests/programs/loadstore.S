// Integer loads and stores (SDM Vol 3 "ld", "st", "ld.fill", "st.spill",
// "ld.a", "chk.a", "invala", "xchg", "cmpxchg", "fetchadd"): sizes, zero
// extension, post-increment by register and immediate, little-endian order,
// spill/fill with ar.unat, the ALAT and the semaphores.
	.include "common.inc"
	.equ BUF, 0x200000
_start:
	movl r40 = BUF
	movl r41 = 0x8877665544332211 ;;
	st8 [r40] = r41 ;;
	ld1 r42 = [r40] ;;
	CHECK_IMM r42, 0x11, 1
	ld2 r42 = [r40] ;;
	CHECK_IMM r42, 0x2211, 2
	ld4 r42 = [r40] ;;
	CHECK_IMM r42, 0x44332211, 3
	ld8 r42 = [r40] ;;
	CHECK_REG r42, r41, 4
	adds r43 = 7, r40 ;;
	ld1 r42 = [r43] ;;			// zero-extended, never sign-extended
	CHECK_IMM r42, 0x88, 5
	adds r43 = 16, r40 ;;
	st1 [r43] = r41, 2 ;;			// post-increment by immediate
	st2 [r43] = r41, 2 ;;			// (every access naturally aligned:
	st4 [r43] = r41 ;;			// psr.ac = 0 leaves unaligned ones to
	adds r43 = 16, r40 ;;			// the implementation)
	ld8 r42 = [r43] ;;
	CHECK_IMM r42, 0x4433221122110011, 6
	mov r44 = 8
	mov r45 = r40 ;;
	ld8 r42 = [r45], r44 ;;			// post-increment by register
	CHECK_IMM r42, 0x8877665544332211, 7
	movl r46 = BUF + 8 ;;
	CHECK_REG r45, r46, 8
	ld8 r42 = [r45], -8 ;;
	CHECK_REG r45, r40, 9
	st8.rel [r40] = r0 ;;
	ld8.acq r42 = [r40] ;;
	CHECK_IMM r42, 0, 10
	ld8.bias r42 = [r43] ;;
	lfetch [r40] ;;
	mov r43 = r40 ;;
	lfetch.fault.excl [r43], 64 ;;

	// Spill and fill: the NaT bit travels through ar.unat bit addr{8:3}.
	mov ar.unat = r0
	mov r47 = 0x1000 ;;
	mov ar.unat = r41 ;;
	ld8.fill r48 = [r40] ;;			// bit 0 of 0x...11 is 1: NaT
	CHECK_NAT r48, 1, 11
	mov ar.unat = r0 ;;
	adds r49 = 8, r40 ;;
	st8.spill [r49] = r48 ;;		// spills the NaT: unat bit 1 set
	mov r50 = ar.unat ;;
	CHECK_IMM r50, 2, 12
	ld8 r51 = [r49] ;;
	CHECK_IMM r51, 0, 13			// a NaT register spills its value (0)
	ld8.fill r52 = [r49] ;;
	CHECK_NAT r52, 1, 14
	st8.spill [r49] = r41 ;;
	mov r50 = ar.unat ;;
	CHECK_IMM r50, 0, 15
	ld8.fill r52 = [r49] ;;
	CHECK_NAT r52, 0, 16
	CHECK_REG r52, r41, 17

	// ALAT: ld.a then chk.a. Without a conflicting store chk.a may pass or
	// branch (the ALAT may drop entries at any time, SDM Vol 1 §4.4.5.2), so
	// recovery just reloads; after a store to the address it must branch.
	invala ;;
	ld8.a r53 = [r40] ;;
	chk.a.clr r53, recover1 ;;
	br.sptk.many after1 ;;
recover1:
	ld8 r53 = [r40] ;;
	br.sptk.many after1 ;;
after1:
	ld8 r54 = [r40] ;;
	CHECK_REG r53, r54, 20
	ld8.a r53 = [r40] ;;
	st8 [r40] = r41 ;;
	mov r54 = 0 ;;
	chk.a.clr r53, recover2 ;;
	FAIL 21
recover2:
	ld8.c.clr r53 = [r40] ;;		// reload: the entry is gone
	CHECK_REG r53, r41, 22

	// Semaphores.
	st8 [r40] = r0 ;;
	mov r55 = 5 ;;
	xchg8 r56 = [r40], r55 ;;
	CHECK_IMM r56, 0, 30
	ld8 r56 = [r40] ;;
	CHECK_IMM r56, 5, 31
	mov ar.ccv = 5
	mov r57 = 9 ;;
	cmpxchg8.acq r58 = [r40], r57, ar.ccv ;;
	CHECK_IMM r58, 5, 32
	ld8 r58 = [r40] ;;
	CHECK_IMM r58, 9, 33
	mov ar.ccv = 5 ;;
	cmpxchg8.rel r58 = [r40], r55, ar.ccv ;;	// mismatch: memory unchanged
	CHECK_IMM r58, 9, 34
	ld8 r58 = [r40] ;;
	CHECK_IMM r58, 9, 35
	fetchadd8.acq r59 = [r40], 16 ;;
	CHECK_IMM r59, 9, 36
	fetchadd4.rel r59 = [r40], -1 ;;
	CHECK_IMM r59, 25, 37
	ld8 r59 = [r40] ;;
	CHECK_IMM r59, 24, 38
	mov ar.ccv = 24 ;;
	cmpxchg4.acq r60 = [r40], r55, ar.ccv ;;
	CHECK_IMM r60, 24, 39
	ld4 r60 = [r40] ;;
	CHECK_IMM r60, 5, 40
	xchg1 r60 = [r40], r0 ;;
	CHECK_IMM r60, 5, 41

	// Memory at any physical address below 2^63 is zero-filled RAM.
	movl r61 = 0x1000000000 ;;
	ld8 r62 = [r61] ;;
	CHECK_IMM r62, 0, 42
	st8 [r61] = r41 ;;
	ld8 r62 = [r61] ;;
	CHECK_REG r62, r41, 43
	PASS
	TEST_EXITS
