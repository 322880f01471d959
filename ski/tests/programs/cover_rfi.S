// cover and rfi across frames (SDM Vol 2 §5.5.1 and Vol 3 "cover", "rfi"): a
// fault taken inside an alloc'ed frame; the handler covers it (cr.ifs gets
// v = 1 and the interrupted cfm), allocates and scribbles on a frame of its
// own, and rfi restores the interrupted frame from cr.ifs. The interrupted
// registers, ar.bsp and the frame size (read back through ar.pfs of a call)
// must all survive.
	.include "common.inc"
	.include "ivt.inc"
	.equ BSTORE, 0x400000
_start:
	mov ar.rsc = 0 ;;
	movl r40 = BSTORE ;;
	mov ar.bspstore = r40 ;;
	IVT_INSTALL
	alloc r2 = ar.pfs, 0, 5, 1, 0 ;;	// sof = 6, sol = 5
	mov r32 = 32
	mov r33 = 33
	mov r34 = 34
	mov r35 = 35
	mov r36 = 36
	mov r37 = ar.bsp ;;
	movl r27 = cover_hook ;;
	IVT_CLEAR
	.align 16
before_break:
	{ .mii
	nop.m 0
	nop.i 0
	nop.i 0 ;;
	}
	break.m 0x42 ;;
	mov r27 = 0 ;;
	CHECK_IMM r16, VEC_BREAK, 1
	// cr.iipa of a fault: the bundle of the last instruction completed
	// with psr.ic = 1 before it (SDM Vol 2 §3.3.5.6).
	CHECK_IMM r24, before_break, 10
	// cr.ifs after cover: v (bit 63) and ifm = the interrupted cfm.
	CHECK_IMM r28, (1 << 63) | (5 << 7) | 6, 2
	CHECK_IMM r32, 32, 3
	CHECK_IMM r33, 33, 4
	CHECK_IMM r34, 34, 5
	CHECK_IMM r35, 35, 6
	CHECK_IMM r36, 36, 7
	mov r36 = ar.bsp ;;
	CHECK_REG r36, r37, 8
	br.call.sptk.many b0 = get_pfs ;;
	extr.u r35 = r8, 0, 38 ;;		// pfs.pfm = the caller's cfm
	CHECK_IMM r35, (5 << 7) | 6, 9
	PASS

get_pfs:
	alloc r8 = ar.pfs, 1, 0, 0, 0 ;;
	br.ret.sptk.many b0 ;;

// Handler hook: cover the interrupted frame, keep cr.ifs in r28, then use a
// new frame before returning through vec_done's rfi.
cover_hook:
	cover ;;
	mov r28 = cr.ifs ;;
	alloc r29 = ar.pfs, 0, 8, 0, 0 ;;
	mov r32 = -1
	mov r33 = -1
	mov r34 = -1
	mov r35 = -1
	mov r36 = -1
	mov r37 = -1
	mov r38 = -1
	mov r39 = -1 ;;
	br.sptk.many vec_done ;;
	TEST_EXITS
	IVT_TABLE
