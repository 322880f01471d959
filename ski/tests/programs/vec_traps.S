// Traps and the debug fault (SDM Vol 2 §5.8): Taken Branch trap (psr.tb,
// 0x5f00: cr.iip = the branch target, cr.iipa = the branch), Single Step trap
// (psr.ss, 0x6000: cr.iip = the next instruction, or a taken branch's target),
// Lower-Privilege Transfer trap (psr.lp, 0x5e00, a br.ret demoting to PL3),
// and the Debug fault (0x5900) from a data breakpoint register with psr.db.
// Every trap names the trapping instruction: its bundle in cr.iipa (Vol 2
// §3.3.5.6), its slot in isr.ei, and isr.code has the bit of each trap it
// raised (lp 2, tb 4, ss 8). The Debug fault's cr.iipa is not checked: the
// last instruction executed with psr.ic = 1 before it is RFI_TO's `rsm
// psr.ic`, after which the SDM leaves IIPA undefined. Every psr bit is set
// through rfi (RFI_TO); the handler hook turns the bit off in ipsr so rfi
// returns with it clear, keeping the recorded ipsr in r28.
	.include "common.inc"
	.include "ivt.inc"
	.equ BUF, 0x200000
_start:
	IVT_INSTALL

	// Taken Branch trap.
	IVT_CLEAR
	mov r25 = 1
	movl r27 = clear_tb ;;
	RFI_TO tb_on, PSR_TB
tb_on:
	nop.m 0 ;;				// not a branch: no trap
	.align 16
tb_branch:
	{ .mib
	nop.m 0
	nop.i 0
	br.sptk.many tb_target ;;
	}
	FAIL 1
	.align 16
tb_target:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r16, VEC_TAKEN_BR, 2
	CHECK_IMM r19, tb_target, 3
	CHECK_IMM r24, tb_branch, 4
	CHECK_IMM r26, 1, 5
	CHECK_IMM r18, (2 << 41) | 4, 18	// isr: ei = the branch's slot, code.tb

	// Single Step trap: one trap after the first instruction.
	IVT_CLEAR
	mov r25 = 1
	movl r27 = clear_ss ;;
	RFI_TO ss_on, PSR_SS
	.align 16
ss_on:
	{ .mii
	mov r40 = 1
	nop.i 0
	nop.i 0 ;;
	}
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r16, VEC_SINGLE_STEP, 6
	CHECK_IMM r19, ss_on, 7
	extr.u r3 = r17, 41, 2 ;;		// ipsr.ri: the next slot
	CHECK_IMM r3, 1, 8
	CHECK_IMM r26, 2, 9
	CHECK_IMM r24, ss_on, 16	// iipa: the trapping instruction's bundle
	CHECK_IMM r18, 8, 19			// isr: ei = slot 0, code.ss

	// Single Step trap on a taken branch (here in slot 0, so the first
	// instruction stepped): IIP = the target, IIPA = the branch's bundle.
	IVT_CLEAR
	mov r25 = 1
	movl r27 = clear_ss ;;
	RFI_TO ss_branch, PSR_SS
	.align 16
ss_branch:
	{ .bbb
	br.sptk.many ss_target
	nop.b 0
	nop.b 0 ;;
	}
	FAIL 21
	.align 16
ss_target:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r16, VEC_SINGLE_STEP, 22
	CHECK_IMM r19, ss_target, 23
	extr.u r3 = r17, 41, 2 ;;		// ipsr.ri: slot 0 of the target
	CHECK_IMM r3, 0, 24
	CHECK_IMM r24, ss_branch, 25
	CHECK_IMM r18, 8, 26			// isr: ei = the branch's slot, code.ss
	CHECK_IMM r26, 3, 27

	// Lower-Privilege Transfer trap: br.ret to PL3 with psr.lp.
	IVT_CLEAR
	mov r25 = 3				// resume at the target, at PL0
	movl r27 = clear_lp ;;
	RFI_TO lp_on, PSR_LP
lp_on:
	br.call.sptk.many b0 = lp_fn ;;		// returns to lp_target instead
	FAIL 10
lp_fn:
	movl r41 = lp_target ;;
	mov b1 = r41
	mov r42 = ar.pfs ;;
	dep r42 = -1, r42, 62, 2 ;;		// pfs.ppl = 3
	mov ar.pfs = r42 ;;
	.align 16
lp_ret:
	{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b1 ;;
	}
lp_target:
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r16, VEC_LP_TRANSFER, 11
	CHECK_IMM r19, lp_target, 12
	extr.u r3 = r17, 32, 2 ;;		// the trap happened at PL3
	CHECK_IMM r3, 3, 13
	CHECK_IMM r24, lp_ret, 17	// iipa: the branch's bundle (IIP: its target)
	CHECK_IMM r18, (2 << 41) | 2, 20	// isr: ei = the branch's slot, code.lp

	// Debug fault: dbr0/dbr1 match reads of the 8 bytes at BUF, at any PL.
	movl r43 = BUF
	mov r44 = 0
	mov r45 = 1 ;;
	mov dbr[r44] = r43
	movl r46 = (1 << 63) | (0xf << 56) | 0xfffffffffffff8 ;;
	mov dbr[r45] = r46 ;;
	srlz.d ;;
	IVT_CLEAR
	mov r25 = 1
	movl r27 = clear_db ;;
	RFI_TO db_on, PSR_DB
db_on:
	ld8 r47 = [r43] ;;
	mov r25 = 0
	mov r27 = 0 ;;
	CHECK_IMM r16, VEC_DEBUG, 14
	CHECK_REG r20, r43, 15
	PASS

// Hooks: clear the trap's enable bit in the ipsr rfi will use.
clear_tb:
	mov r28 = r17
	dep r17 = 0, r17, 26, 1
	br.sptk.many vec_done ;;
clear_ss:
	mov r28 = r17
	dep r17 = 0, r17, 40, 1
	br.sptk.many vec_done ;;
clear_lp:
	mov r28 = r17
	dep r17 = 0, r17, 25, 1
	br.sptk.many vec_done ;;
clear_db:
	mov r28 = r17
	dep r17 = 0, r17, 24, 1
	br.sptk.many vec_done ;;
	TEST_EXITS
	IVT_TABLE
