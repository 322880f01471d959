// The ALAT across register-frame changes and plain loads (SDM Vol 1
// §4.4.5.3-4.4.5.4, Vol 3 `ld` operation). Entries are tagged by physical
// register. Checks marked "required" would be false ALAT hits if they
// failed; those marked "kept" test that ours keeps an entry the SDM does
// not remove (an implementation may still drop entries at any time).
//   1. a plain ld8 to a register with an entry keeps it (kept; the `ld`
//      pseudocode invalidates only for check_clear || advanced), and a store
//      to the address removes it (required);
//   2. a speculative advanced load that defers (NaT address) removes the
//      target's entry (required, Vol 1 §4.4.5.4);
//   3. br.call, alloc and br.ret of a callee using its own registers keep the
//      caller's entry (kept), and a store still removes it (required);
//   4. a 16-deep call chain wraps the physical register file; the frame at
//      depth 15 reuses r43's physical register for an advanced load of
//      another address; after the returns refill r43, a store to r43's
//      address must make chk.a fail (required: the deeper entry must not
//      answer for r43);
//   5. bank 1 r16 and bank 0 r16 are different registers: an entry for one
//      is no entry for the other (required), and survives bsw (kept).
	.include "common.inc"
	.equ BUF, 0x200000
	.equ A, BUF
	.equ B, BUF + 0x100
	.equ C, BUF + 0x200
	.equ DEPTH, 16
	.equ REUSE, 15				// depth whose loc3 is r43's register

// Stop with `code` unless `chk.a.nc reg` branches (no entry).
	.macro MUST_MISS reg, code
	chk.a.nc \reg, 1f ;;
	FAIL \code
1:
	.endm

// Stop with `code` if `chk.a.nc reg` branches (entry lost).
	.macro MUST_HIT reg, code
	chk.a.nc \reg, 1f ;;
	br.cond.sptk.many 2f ;;
1:
	FAIL \code
2:
	.endm

_start:
	alloc r2 = ar.pfs, 24, 0, 0, 0		// r32..r55, all locals
	movl r44 = A
	movl r45 = B
	movl r8 = C ;;
	invala ;;
	// --- 1. plain load ---
	ld8.a r40 = [r44] ;;
	ld8 r40 = [r45] ;;
	MUST_HIT r40, 1
	st8 [r44] = r0 ;;
	MUST_MISS r40, 2
	// --- 2. deferred ld.sa ---
	mov r3 = 1 ;;
	mov ar.unat = r3 ;;			// bit 0: the NaT of BUF's slot
	ld8.fill r9 = [r44] ;;			// r9 is NaT
	ld8.a r41 = [r44] ;;
	ld8.sa r41 = [r9] ;;
	CHECK_NAT r41, 1, 3
	MUST_MISS r41, 4
	// --- 3. a call keeps the caller's entry ---
	ld8.a r42 = [r44] ;;
	mov r10 = 0 ;;
	br.call.sptk.many b0 = leaf ;;
	MUST_HIT r42, 5
	st8 [r44] = r0 ;;
	MUST_MISS r42, 6
	// --- 4. the physical register file wraps ---
	ld8.a r43 = [r44] ;;
	mov r10 = 0 ;;
	br.call.sptk.many b0 = deep ;;
	CHECK_IMM r10, DEPTH, 7
	st8 [r44] = r0 ;;
	MUST_MISS r43, 8
	// --- 5. banked registers ---
	bsw.1 ;;
	ld8.a r16 = [r44] ;;
	bsw.0 ;;
	MUST_MISS r16, 9
	ld8.a r16 = [r45] ;;
	bsw.1 ;;
	st8 [r45] = r0 ;;			// removes bank 0's entry only
	MUST_HIT r16, 10
	bsw.0 ;;
	MUST_MISS r16, 11
	PASS

// A callee with its own frame and its own advanced loads.
leaf:
	alloc r11 = ar.pfs, 0, 8, 0, 0
	ld8.a r32 = [r8]
	ld8.a r39 = [r8] ;;
	mov ar.pfs = r11 ;;
	br.ret.sptk.many b0 ;;

// Recursion to DEPTH with 8 locals per frame; r10 counts the depth. The frame
// at depth REUSE advanced-loads C into all its locals.
deep:
	alloc r11 = ar.pfs, 0, 8, 0, 0
	adds r10 = 1, r10
	mov r12 = b0 ;;
	cmp.eq p8, p0 = REUSE, r10 ;;
(p8)	ld8.a r32 = [r8]
(p8)	ld8.a r33 = [r8] ;;
(p8)	ld8.a r34 = [r8]
(p8)	ld8.a r35 = [r8] ;;
(p8)	ld8.a r36 = [r8]
(p8)	ld8.a r37 = [r8] ;;
(p8)	ld8.a r38 = [r8]
(p8)	ld8.a r39 = [r8] ;;
	mov r32 = r12				// b0 and ar.pfs live in the frame
	mov r33 = r11
	cmp.lt p9, p0 = r10, r0 ;;
	mov r13 = DEPTH ;;
	cmp.lt p9, p0 = r10, r13 ;;
(p9)	br.call.sptk.many b0 = deep ;;
	mov b0 = r32
	mov ar.pfs = r33 ;;
	br.ret.sptk.many b0 ;;
	TEST_EXITS
