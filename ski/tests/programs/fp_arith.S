// Floating point (SDM Vol 1 ch 5, Vol 3 F-unit and FP memory instructions):
// fma/fms/fnma and the fadd/fmpy aliases in double and single precision,
// fpma on pairs of singles, fmin/fmax, fcmp (eq/lt/unord, quiet and NaN
// operands), fclass, fcvt.fx/fxu/xf with rounding and truncation, setf/getf
// in every form, ldfs/ldfd/ldfe/ldf8/ldfps, stfs/stfd/stfe/stf8, spill/fill
// (memory layouts checked byte-exactly), the fpsr.sf0 flags (inexact,
// overflow, underflow, invalid), and the Floating-Point Fault (0x5c00,
// invalid, nothing written) and Trap (0x5d00, inexact, result written, iip
// past the instruction) with their isr.code. Results are IEEE values computed
// off-line and checked through getf.d / getf.s / getf.sig.
	.include "common.inc"
	.include "ivt.inc"
	.include "mmu.inc"
	.equ BUF, 0x200000
	// fpsr: every trap disabled, sf0 = 64-bit precision, round to nearest
	// (Linux's FPSR_DEFAULT).
	.equ FPSR_DEF, 0x0009804c0270033f
	// sf0.flags bits: v 13, d 14, z 15, o 16, u 17, i 18 (SDM Vol 1 §5.2.2).
	.equ FL_V, (1 << 13)
	.equ FL_O, (1 << 16)
	.equ FL_U, (1 << 17)
	.equ FL_I, (1 << 18)
	.equ FL_ALL, (0x3f << 13)

	// Load a double constant's bits into FR `f` (clobbers r2).
	.macro SETD f, bits
	movl r2 = \bits ;;
	setf.d \f = r2 ;;
	.endm
	// Check FR `f` as a double / single / significand (clobbers r2, r3).
	.macro CHECK_D f, bits, code
	getf.d r3 = \f ;;
	CHECK_IMM r3, \bits, \code
	.endm
	.macro CHECK_S f, bits, code
	getf.s r3 = \f ;;
	CHECK_IMM r3, \bits, \code
	.endm
	.macro CHECK_SIG f, bits, code
	getf.sig r3 = \f ;;
	CHECK_IMM r3, \bits, \code
	.endm
	// Check the sf0 flags (all six) against `want`.
	.macro CHECK_FLAGS want, code
	mov r3 = ar.fpsr ;;
	movl r2 = FL_ALL ;;
	and r3 = r3, r2 ;;
	CHECK_IMM r3, \want, \code
	.endm
_start:
	IVT_INSTALL
	movl r40 = FPSR_DEF ;;
	mov ar.fpsr = r40 ;;
	movl r41 = BUF

	// --- fma family, double ---
	SETD f8, 0x3ff8000000000000		// 1.5
	SETD f9, 0x4000000000000000		// 2.0
	SETD f7, 0x3fd0000000000000		// 0.25
	fma.d.s0 f10 = f8, f9, f7
	fms.d.s0 f11 = f8, f9, f7
	fnma.d.s0 f12 = f8, f9, f7 ;;
	CHECK_D f10, 0x400a000000000000, 1	// 3.25
	CHECK_D f11, 0x4006000000000000, 2	// 2.75
	CHECK_D f12, 0xc006000000000000, 3	// -2.75
	CHECK_FLAGS 0, 4			// all exact

	// fadd.d: 0.1 + 0.2 is inexact.
	SETD f13, 0x3fb999999999999a
	SETD f14, 0x3fc999999999999a
	fadd.d.s0 f15 = f13, f14 ;;
	CHECK_D f15, 0x3fd3333333333334, 5
	CHECK_FLAGS FL_I, 6
	fclrf.s0 ;;
	CHECK_FLAGS 0, 7

	// fmpy.s: singles 1.1f * 3.3f, rounded to single.
	movl r42 = 0x3f8ccccd
	movl r43 = 0x40533333 ;;
	setf.s f16 = r42
	setf.s f17 = r43 ;;
	fmpy.s.s0 f18 = f16, f17 ;;
	CHECK_S f18, 0x406851ec, 8

	// Overflow and underflow in double.
	SETD f19, 0x7fe0000000000000		// 2^1023
	fmpy.d.s0 f20 = f19, f19 ;;
	CHECK_D f20, 0x7ff0000000000000, 9	// +inf
	CHECK_FLAGS FL_O | FL_I, 10
	fclrf.s0
	SETD f21, 0x1a90991a9bfa58c8		// 1e-180
	fmpy.d.s0 f22 = f21, f21 ;;
	CHECK_D f22, 0, 11			// rounds to +0
	CHECK_FLAGS FL_U | FL_I, 12
	fclrf.s0 ;;

	// --- fpma on pairs: (2, 3) * (4, 0.5) + (1, 1) = (9, 2.5) ---
	movl r44 = 0x4000000040400000
	movl r45 = 0x408000003f000000
	movl r46 = 0x3f8000003f800000 ;;
	setf.sig f23 = r44
	setf.sig f24 = r45
	setf.sig f25 = r46 ;;
	fpma.s0 f26 = f23, f24, f25 ;;
	CHECK_SIG f26, 0x4110000040200000, 13
	// fpack builds the same pair from register values.
	SETD f27, 0x4000000000000000
	SETD f28, 0x4008000000000000
	fpack f29 = f27, f28 ;;
	CHECK_SIG f29, 0x4000000040400000, 14

	// --- fmin / fmax ---
	fmin.s0 f30 = f1, f9
	fmax.s0 f31 = f1, f9 ;;
	CHECK_D f30, 0x3ff0000000000000, 15
	CHECK_D f31, 0x4000000000000000, 16

	// --- fcmp ---
	fcmp.eq.s0 p8, p9 = f8, f8 ;;
	FAIL_UNLESS p8, 17
	FAIL_IF p9, 18
	fcmp.lt.s0 p8, p9 = f9, f8 ;;		// 2 < 1.5: false
	FAIL_IF p8, 19
	FAIL_UNLESS p9, 20
	fcmp.le.s0 p8, p9 = f8, f9 ;;
	FAIL_UNLESS p8, 21
	SETD f32, 0x7ff8000000000000		// quiet NaN
	fcmp.unord.s0 p8, p9 = f32, f8 ;;
	FAIL_UNLESS p8, 22
	fcmp.eq.s0 p8, p9 = f32, f32 ;;
	FAIL_IF p8, 23
	CHECK_FLAGS 0, 24			// eq/unord are quiet on a qNaN
	fcmp.lt.s0 p8, p9 = f32, f8 ;;
	FAIL_IF p8, 25
	CHECK_FLAGS FL_V, 26			// lt signals invalid on any NaN
	fclrf.s0 ;;

	// --- fclass ---
	fclass.m p8, p9 = f20, 0x021 ;;		// @pos | @inf
	FAIL_UNLESS p8, 27
	fclass.m p8, p9 = f1, 0x011 ;;		// @pos | @norm
	FAIL_UNLESS p8, 28
	fclass.m p8, p9 = f1, 0x007 ;;		// @pos | @neg | @zero
	FAIL_IF p8, 29
	fclass.m p8, p9 = f32, 0x080 ;;		// @qnan
	FAIL_UNLESS p8, 30

	// --- fcvt ---
	fcvt.fx.trunc.s0 f33 = f12 ;;		// -2.75 -> -2
	CHECK_SIG f33, 0xfffffffffffffffe, 31
	SETD f34, 0x4004000000000000		// 2.5
	fcvt.fx.s0 f35 = f34 ;;			// nearest even -> 2
	CHECK_SIG f35, 2, 32
	SETD f36, 0x400e000000000000		// 3.75
	fcvt.fxu.trunc.s0 f37 = f36 ;;
	CHECK_SIG f37, 3, 33
	fclrf.s0
	mov r47 = -5 ;;
	setf.sig f38 = r47 ;;
	fcvt.xf f39 = f38 ;;
	CHECK_D f39, 0xc014000000000000, 34	// -5.0
	CHECK_SIG f38, 0xfffffffffffffffb, 35

	// --- setf / getf ---
	movl r48 = 0x1003e ;;
	setf.exp f40 = r48 ;;
	getf.exp r49 = f40 ;;
	CHECK_REG r49, r48, 36
	movl r50 = 0x3fc00000 ;;
	setf.s f41 = r50 ;;
	CHECK_D f41, 0x3ff8000000000000, 37
	CHECK_S f8, 0x3fc00000, 38

	// --- FP loads and stores ---
	st4 [r41] = r50 ;;			// 1.5 as a single
	ldfs f42 = [r41] ;;
	adds r51 = 8, r41 ;;
	stfd [r51] = f42 ;;
	ld8 r52 = [r51] ;;
	CHECK_IMM r52, 0x3ff8000000000000, 39
	ldfd f43 = [r51] ;;
	stfs [r41] = f43 ;;
	ld4 r52 = [r41] ;;
	CHECK_REG r52, r50, 40
	// ldfe: 1.5 in the 80-bit memory format (significand, then sign+exp).
	adds r53 = 16, r41
	adds r54 = 24, r41
	movl r55 = 0xc000000000000000
	movl r56 = 0x3fff ;;
	st8 [r53] = r55
	st2 [r54] = r56 ;;
	ldfe f44 = [r53] ;;
	CHECK_D f44, 0x3ff8000000000000, 41
	adds r57 = 32, r41 ;;
	stfe [r57] = f1 ;;			// 1.0
	ld8 r52 = [r57] ;;
	CHECK_IMM r52, 0x8000000000000000, 42
	adds r58 = 40, r41 ;;
	ld2 r52 = [r58] ;;
	CHECK_IMM r52, 0x3fff, 43
	// ldf8 / stf8: the integer format.
	mov r59 = 7 ;;
	st8 [r41] = r59 ;;
	ldf8 f45 = [r41] ;;
	fcvt.xf f46 = f45 ;;
	CHECK_D f46, 0x401c000000000000, 44
	stf8 [r51] = f38 ;;
	ld8 r52 = [r51] ;;
	CHECK_REG r52, r47, 45
	// spill / fill: 16 bytes, significand then exponent (biased 0xffff) and
	// sign at bit 17 of the second word.
	adds r60 = 48, r41 ;;
	stf.spill [r60] = f12 ;;		// -2.75
	ld8 r52 = [r60] ;;
	CHECK_IMM r52, 0xb000000000000000, 46
	adds r61 = 56, r41 ;;
	ld8 r52 = [r61] ;;
	CHECK_IMM r52, 0x30000, 47		// sign 1, exponent 0x10000
	ldf.fill f47 = [r60] ;;
	CHECK_D f47, 0xc006000000000000, 48
	// ldfps: a pair of singles.
	adds r62 = 64, r41
	movl r63 = 0xc00000003fc00000 ;;	// 1.5 at +64, -2.0 at +68
	st8 [r62] = r63 ;;
	ldfps f48, f49 = [r62] ;;
	CHECK_S f48, 0x3fc00000, 49
	CHECK_S f49, 0xc0000000, 50

	// --- Floating-Point Fault: invalid (0 * inf) with traps.vd enabled ---
	SETD f50, 0x4014000000000000		// 5.0, must stay
	movl r64 = FPSR_DEF & ~1 ;;
	mov ar.fpsr = r64 ;;
	IVT_CLEAR
	mov r65 = r26 ;;
ff_site:
	fmpy.d.s0 f50 = f0, f20 ;;
	CHECK_ONE r65, 51
	CHECK_IMM r16, VEC_FP_FAULT, 52
	CHECK_IMM r19, ff_site, 53
	extr.u r3 = r18, 0, 16 ;;
	CHECK_IMM r3, 1, 54			// isr.code: v
	CHECK_D f50, 0x4014000000000000, 55	// a fault writes nothing
	// --- Floating-Point Trap: inexact with traps.id enabled ---
	movl r64 = FPSR_DEF & ~0x20 ;;
	mov ar.fpsr = r64 ;;
	IVT_CLEAR
	mov r65 = r26
	mov r25 = 1 ;;				// a trap: cr.iip is already past it
	.align 16
ft_site:
	{ .mfi
	nop.m 0
	fadd.d.s0 f51 = f13, f14
	nop.i 0 ;;
	}
	mov r25 = 0 ;;
	CHECK_ONE r65, 56
	CHECK_IMM r16, VEC_FP_TRAP, 57
	CHECK_IMM r19, ft_site, 58		// next instruction: slot 2 here
	extr.u r3 = r17, 41, 2 ;;
	CHECK_IMM r3, 2, 59
	extr.u r3 = r18, 0, 16 ;;
	CHECK_IMM r3, 0x6001, 60		// isr.code: fp trap, i (13), fpa (14): rounded up
	CHECK_D f51, 0x3fd3333333333334, 61	// the result is written
	mov ar.fpsr = r40 ;;
	PASS
	TEST_EXITS
	IVT_TABLE
