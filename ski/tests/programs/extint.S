// External interrupts and the interval timer (SDM Vol 2 §5.8.3, §3.3.4.x):
// an interrupt injected with SSC CONNECT_INTERRUPT/GENERATE_INTERRUPT (58/59,
// ski-conventions.md) stays pending in cr.irr while psr.i = 0, is masked by
// cr.tpr.mic, and is delivered to 0x3000 once enabled; cr.ivr returns the
// vector (15, spurious, when nothing is pending) and cr.eoi ends it. The
// timer: cr.itv names the vector and cr.itm the ar.itc value that fires it.
	.include "common.inc"
	.include "ivt.inc"
	.equ IRQ_TYPE, 1			// Ski's DISK_IRPT
	.equ IRQ_VEC, 0x40
	.equ TIMER_VEC, 0xe0
_start:
	IVT_INSTALL
	mov r25 = 1 ;;				// interrupts resume where they hit
	mov r40 = cr.ivr ;;			// nothing pending: spurious
	srlz.d ;;				// an ivr read changes irr
	CHECK_IMM r40, 15, 1
	mov r15 = SSC_CONNECT_INTERRUPT
	mov r32 = IRQ_TYPE
	mov r33 = IRQ_VEC ;;
	break.m SSC_BREAK ;;
	IVT_CLEAR
	mov r15 = SSC_GENERATE_INTERRUPT
	mov r32 = IRQ_TYPE ;;
	break.m SSC_BREAK ;;
	CHECK_IMM r16, -1, 2			// psr.i = 0: held pending
	mov r41 = cr.irr1 ;;			// vector 0x40 = irr1 bit 0
	CHECK_IMM r41, 1, 3
	mov r42 = IRQ_VEC ;;
	mov cr.tpr = r42 ;;			// mic = 4 masks classes 0..4
	srlz.d ;;
	ssm PSR_I ;;
	srlz.d ;;
	nop.m 0 ;;
	CHECK_IMM r16, -1, 4
	mov cr.tpr = r0 ;;
	srlz.d ;;
	nop.m 0 ;;
	nop.m 0 ;;
	rsm PSR_I ;;
	srlz.d ;;
	CHECK_IMM r16, VEC_EXTINT, 5
	CHECK_IMM r28, IRQ_VEC, 6
	CHECK_IMM r26, 1, 7
	tbit.nz p8, p0 = r17, 14 ;;		// ipsr.i was 1
	FAIL_UNLESS p8, 8
	mov r43 = cr.irr1 ;;			// acknowledged by the ivr read
	CHECK_IMM r43, 0, 9

	// The interval timer.
	IVT_CLEAR
	mov r44 = TIMER_VEC ;;
	mov cr.itv = r44
	mov r45 = ar.itc ;;
	adds r45 = 2000, r45 ;;
	mov cr.itm = r45 ;;
	srlz.d ;;
	ssm PSR_I ;;
	srlz.d ;;
	movl r46 = 1000000 ;;
	mov ar.lc = r46 ;;
spin:
	cmp.eq p8, p0 = 2, r26
(p8)	br.cond.dpnt.few spun ;;
	br.cloop.sptk.few spin ;;
spun:
	rsm PSR_I ;;
	srlz.d ;;
	CHECK_IMM r16, VEC_EXTINT, 10
	CHECK_IMM r28, TIMER_VEC, 11
	mov r47 = ar.itc ;;
	cmp.ltu p8, p0 = r47, r45 ;;		// it fired at or after itm
	FAIL_IF p8, 12
	PASS
	TEST_EXITS
	IVT_TABLE
