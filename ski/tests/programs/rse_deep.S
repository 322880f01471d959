// The register stack engine under a deep call chain (SDM Vol 2 §6): 300
// nested frames of 10 registers overflow the 96 physical stacked registers many
// times, so the RSE spills to the backing store on the way down and fills on the
// way back; every frame checks its locals (values and NaT bits, which travel
// through the RNaT collections) and ar.bsp after each return. flushrs then
// writes every dirty register and leaves ar.bsp = ar.bspstore.
	.include "common.inc"
	.equ BSTORE, 0x400000
	.equ DEPTH, 300
	.equ MAGIC, 0x5a5a1234
_start:
	alloc r2 = ar.pfs, 0, 16, 1, 0		// locals r32..r47, output r48
	mov ar.rsc = 0 ;;			// enforced lazy, PL0, little-endian
	movl r40 = BSTORE ;;
	mov ar.bspstore = r40 ;;
	mov r41 = ar.bsp ;;
	CHECK_REG r41, r40, 1			// empty dirty partition: bsp = bspstore
	mov r42 = -1 ;;
	mov ar.unat = r42 ;;			// every ld8.fill below makes a NaT
	mov r43 = ar.bsp
	mov r48 = DEPTH ;;
	br.call.sptk.many b0 = rec ;;
	mov r44 = ar.bsp ;;
	CHECK_REG r44, r43, 2
	CHECK_IMM r8, DEPTH + 1, 3		// depths DEPTH..0 each count once
	flushrs ;;
	mov r45 = ar.bsp
	mov r46 = ar.bspstore ;;
	CHECK_REG r45, r46, 4
	PASS

// rec(r32 = depth): recurse to depth 0; return r8 = number of levels.
rec:
	alloc r33 = ar.pfs, 1, 8, 1, 0
	mov r34 = b0
	movl r2 = MAGIC ;;
	add r35 = r32, r32
	xor r36 = r32, r2
	shl r37 = r32, 7
	mov r38 = ar.bsp
	tbit.nz p8, p9 = r32, 0 ;;
(p8)	ld8.fill r39 = [r38]			// odd depths: a NaT local
(p9)	mov r39 = r32
	cmp.eq p10, p11 = 0, r32 ;;
(p10)	mov r8 = 0
(p11)	adds r41 = -1, r32
(p11)	br.call.sptk.many b0 = rec ;;
	adds r8 = 1, r8
	mov r40 = ar.bsp ;;
	CHECK_REG r40, r38, 10			// bsp is back where this frame put it
	add r2 = r32, r32 ;;
	CHECK_REG r35, r2, 11
	movl r2 = MAGIC ;;
	xor r2 = r32, r2 ;;
	CHECK_REG r36, r2, 12
	shl r2 = r32, 7 ;;
	CHECK_REG r37, r2, 13
	tbit.nz p8, p9 = r32, 0 ;;
(p8)	br.cond.sptk.many odd ;;
	CHECK_NAT r39, 0, 14
	CHECK_REG r39, r32, 15
	br.sptk.many checked ;;
odd:
	CHECK_NAT r39, 1, 16
checked:
	mov b0 = r34
	mov ar.pfs = r33 ;;
	br.ret.sptk.many b0 ;;
	TEST_EXITS
