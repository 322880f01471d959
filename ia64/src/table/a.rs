//! A-unit rows of the instruction table: integer ALU, compare, multimedia ALU
//! (SDM Vol. 3 §4.2, formats A1–A10). A-unit instructions run in M and I slots.
//!
//! Besides the forms objdump prints, the table carries the assembler's pseudo-ops
//! for these encodings as [`Flags::ASM_ONLY`] rows (SDM Vol. 3 `cmp` page, "pseudo-op
//! relations" and "pseudo-op ctypes"): the swapped relations (`cmp.gt` is `cmp.lt`
//! with the sources exchanged, `cmp.ge` with the predicates exchanged), the
//! complemented parallel types (`.andcm`, `.orcm`, `.and.orcm`) and, for immediate
//! compares, `cmp.le`/`cmp.gt` with the immediate stored minus one. binutils 2.40
//! accepts each of them and prints the canonical form.

use crate::form::{enc, Flags, Form, Unit::A};
use crate::operand::Opnd::{self, *};

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

/// Formats A1 and A3 (major 8, `x2a` (35:34) = 0, `ve` (33) = 0): `x4` (32:29) and
/// `x2b` (28:27). Bit 36 is not decoded (binutils ignores it; A3 uses it as the sign).
const fn a1(x4: u64, x2b: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, 0), (33, 1, 0), (29, 4, x4), (27, 2, x2b)])
}

/// Format A2 (`shladd`): like A1 but `x2b` holds the count.
const fn a2(x4: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, 0), (33, 1, 0), (29, 4, x4)])
}

/// Format A4 (major 8, `x2a` (35:34), `ve` = 0).
const fn a4(x2a: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, x2a), (33, 1, 0)])
}

/// Format A9 (major 8, `x2a` = 1): `za` (36) and `zb` (33) give the element size
/// (1: 0/0, 2: 0/1, 4: 1/0), `x4` (32:29) the operation, `x2b` (28:27) the saturation.
const fn a9(za: u64, zb: u64, x4: u64, x2b: u64) -> (u64, u64) {
    enc(&[
        major(8),
        (34, 2, 1),
        (36, 1, za),
        (33, 1, zb),
        (29, 4, x4),
        (27, 2, x2b),
    ])
}

/// Format A10 (`pshladd2`/`pshradd2`): A9 with `za` = 0, `zb` = 1; `x2b` holds the count.
const fn a10(x4: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, 1), (36, 1, 0), (33, 1, 1), (29, 4, x4)])
}

/// Formats A6 (`tb` = 0) and A7 (`tb` = 1): major 0xC/0xD/0xE picks the relation,
/// `x2` (35:34) 0 for `cmp` and 1 for `cmp4`, `tb` (36), `ta` (33) and `c` (12) the
/// type. A7's `r2` field (19:13) should be 0, but binutils ignores it and prints `r0`.
const fn a6(major_op: u64, x2: u64, tb: u64, ta: u64, c: u64) -> (u64, u64) {
    enc(&[
        major(major_op),
        (34, 2, x2),
        (36, 1, tb),
        (33, 1, ta),
        (12, 1, c),
    ])
}

/// Format A8 (immediate compares): like A6 with `x2` 2 (`cmp`) or 3 (`cmp4`) and no
/// `tb`, bit 36 being the immediate's sign.
const fn a8(major_op: u64, x2: u64, ta: u64, c: u64) -> (u64, u64) {
    enc(&[major(major_op), (34, 2, x2), (33, 1, ta), (12, 1, c)])
}

/// Adds the bits of `imm` fields fixed at zero (pseudo-ops such as `mov r1=r3`).
const fn zero(bits: (u64, u64), fixed: u64) -> (u64, u64) {
    (bits.0, bits.1 | fixed)
}

/// A compare: two predicate outputs.
const fn cmp(name: &'static str, bits: (u64, u64), ops: &'static [Opnd]) -> Form {
    Form::new(name, A, bits, ops, 2)
}

/// An assembler pseudo-op of a compare encoding.
const fn alias(name: &'static str, bits: (u64, u64), ops: &'static [Opnd]) -> Form {
    cmp(name, bits, ops).flags(Flags::ASM_ONLY)
}

// Compare operand orders: `PQ` writes p1 first, `QP` p2 first (the predicates
// exchanged); then the sources as written.
const PQ_RR: &[Opnd] = &[P1, P2, R2, R3];
const QP_RR: &[Opnd] = &[P2, P1, R2, R3];
const PQ_SWAP: &[Opnd] = &[P1, P2, R3, R2];
const QP_SWAP: &[Opnd] = &[P2, P1, R3, R2];
const PQ_ZR: &[Opnd] = &[P1, P2, GR0, R3];
const QP_ZR: &[Opnd] = &[P2, P1, GR0, R3];
const PQ_RZ: &[Opnd] = &[P1, P2, R3, GR0];
// Where gas reads `r0,r0` as the other order, the alias leaves r3 = r0 to it.
const PQ_NZ: &[Opnd] = &[P1, P2, R3_NOT_R0, GR0];
const QP_NZ: &[Opnd] = &[P2, P1, R3_NOT_R0, GR0];
const PQ_ZN: &[Opnd] = &[P1, P2, GR0, R3_NOT_R0];
const PQ_IR: &[Opnd] = &[P1, P2, IMM8, R3];
const QP_IR: &[Opnd] = &[P2, P1, IMM8, R3];
const PQ_M1R: &[Opnd] = &[P1, P2, IMM8_M1, R3];
const QP_M1R: &[Opnd] = &[P2, P1, IMM8_M1, R3];
const PQ_M1UR: &[Opnd] = &[P1, P2, IMM8_M1_U, R3];
const QP_M1UR: &[Opnd] = &[P2, P1, IMM8_M1_U, R3];
const PQ_U4R: &[Opnd] = &[P1, P2, IMM8_U4, R3];
const QP_U4R: &[Opnd] = &[P2, P1, IMM8_U4, R3];
const PQ_M1U4R: &[Opnd] = &[P1, P2, IMM8_M1_U4, R3];
const QP_M1U4R: &[Opnd] = &[P2, P1, IMM8_M1_U4, R3];

/// The value each `imm8` field (`s` and `imm7b`, 0..=255) stands for under an
/// immediate compare pseudo-op. `minus_one`: the field holds the written value
/// minus one (`cmp.le`, `cmp.gt`: `a <= b` is `a - 1 < b`). `unsigned32`: negative
/// fields are written as 32-bit unsigned numbers (`cmp4.ltu p1,p2=0xffffff80,r3`).
/// `unsigned`: the compare is unsigned, so the field of -1 (written value 0, or
/// 2^32 for `cmp4`) cannot be reached: `x <=u 0` is not `x <u 2^64 - 1`. That slot
/// repeats field 0's value, which the encoder finds first, so no value selects it.
const fn imm8_values(minus_one: bool, unsigned32: bool, unsigned: bool) -> [i64; 256] {
    let mut v = [0i64; 256];
    let mut f = 0;
    while f < 256 {
        let s = (f as i64) << 56 >> 56;
        let mut x = if minus_one { s + 1 } else { s };
        if unsigned32 && s < 0 {
            x += 1 << 32;
        }
        v[f] = x;
        f += 1;
    }
    if unsigned && minus_one {
        v[255] = v[0];
    }
    v
}

/// `imm8` of signed `cmp.le`/`cmp.gt` (and `cmp4`): -127..=128, stored minus one.
pub const IMM8_M1_VALUES: [i64; 256] = imm8_values(true, false, false);
/// `imm8` of `cmp.leu`/`cmp.gtu` (and `cmp4`): -127..=-1 and 1..=128, stored minus one.
pub const IMM8_M1_U_VALUES: [i64; 256] = imm8_values(true, false, true);
/// `imm8` of `cmp4.ltu`/`cmp4.geu` written as 32-bit numbers: 0..=127 and
/// 0xffffff80..=0xffffffff.
pub const IMM8_U4_VALUES: [i64; 256] = imm8_values(false, true, false);
/// `imm8` of `cmp4.leu`/`cmp4.gtu` written as 32-bit numbers: 1..=128 and
/// 0xffffff81..=0xffffffff, stored minus one.
pub const IMM8_M1_U4_VALUES: [i64; 256] = imm8_values(true, true, true);

/// General register numbers of an `r3` field (26:20) with fields below `first`
/// unreachable: they hold -1, a number no source can name. Assembler-only forms
/// use it where gas reads the same text as an earlier form: `add r1=imm,r3` is
/// `addl` for r0..r3, and `cmp.lt.and p1,p2=r3,r0` is the `r0,r3` form when r3 is r0.
const fn gr_from(first: usize) -> [i64; 128] {
    let mut v = [-1i64; 128];
    let mut f = first;
    while f < 128 {
        v[f] = f as i64;
        f += 1;
    }
    v
}

/// `r3` of the assembler's `add r1=imm14,r3` (`adds`): r4..r127.
pub const R3_FROM4_VALUES: [i64; 128] = gr_from(4);
/// `r3` of the assembler's swapped parallel compares against r0: r1..r127.
pub const R3_FROM1_VALUES: [i64; 128] = gr_from(1);

/// Every A-unit form.
pub static FORMS: &[Form] = &[
    // A1: register ALU.
    Form::new("add", A, a1(0, 0), &[R1, R2, R3], 1),
    Form::new("add", A, a1(0, 1), &[R1, R2, R3, ONE], 1),
    Form::new("sub", A, a1(1, 1), &[R1, R2, R3], 1),
    Form::new("sub", A, a1(1, 0), &[R1, R2, R3, ONE], 1),
    Form::new("addp4", A, a1(2, 0), &[R1, R2, R3], 1),
    Form::new("and", A, a1(3, 0), &[R1, R2, R3], 1),
    Form::new("andcm", A, a1(3, 1), &[R1, R2, R3], 1),
    Form::new("or", A, a1(3, 2), &[R1, R2, R3], 1),
    Form::new("xor", A, a1(3, 3), &[R1, R2, R3], 1),
    // A2: shift left and add.
    Form::new("shladd", A, a2(4), &[R1, R2, COUNT2, R3], 1),
    Form::new("shladdp4", A, a2(6), &[R1, R2, COUNT2, R3], 1),
    // A3: immediate ALU.
    Form::new("sub", A, a1(9, 1), &[R1, IMM8, R3], 1),
    Form::new("and", A, a1(0xb, 0), &[R1, IMM8, R3], 1),
    Form::new("andcm", A, a1(0xb, 1), &[R1, IMM8, R3], 1),
    Form::new("or", A, a1(0xb, 2), &[R1, IMM8, R3], 1),
    Form::new("xor", A, a1(0xb, 3), &[R1, IMM8, R3], 1),
    // A4: add imm14; `mov r1=r3` is `adds r1=0,r3`.
    Form::new("adds", A, a4(2), &[R1, IMM14, R3], 1),
    Form::new("mov", A, zero(a4(2), IMM14.slot_mask()), &[R1, R3], 1),
    Form::new("addp4", A, a4(3), &[R1, IMM14, R3], 1),
    // A5: add imm22; `mov r1=imm22` is `addl r1=imm22,r0`.
    Form::new("addl", A, enc(&[major(9)]), &[R1, IMM22, R3_2], 1),
    Form::new(
        "mov",
        A,
        zero(enc(&[major(9)]), R3_2.slot_mask()),
        &[R1, IMM22],
        1,
    ),
    // The assembler's `add r1=imm,r3`: `addl` when r3 is r0..r3, else `adds`.
    Form::new("add", A, enc(&[major(9)]), &[R1, IMM22, R3_2], 1).flags(Flags::ASM_ONLY),
    Form::new("add", A, a4(2), &[R1, IMM14, R3_NOT_R0_3], 1).flags(Flags::ASM_ONLY),
    // A9: multimedia ALU.
    Form::new("padd1", A, a9(0, 0, 0, 0), &[R1, R2, R3], 1),
    Form::new("padd1.sss", A, a9(0, 0, 0, 1), &[R1, R2, R3], 1),
    Form::new("padd1.uuu", A, a9(0, 0, 0, 2), &[R1, R2, R3], 1),
    Form::new("padd1.uus", A, a9(0, 0, 0, 3), &[R1, R2, R3], 1),
    Form::new("padd2", A, a9(0, 1, 0, 0), &[R1, R2, R3], 1),
    Form::new("padd2.sss", A, a9(0, 1, 0, 1), &[R1, R2, R3], 1),
    Form::new("padd2.uuu", A, a9(0, 1, 0, 2), &[R1, R2, R3], 1),
    Form::new("padd2.uus", A, a9(0, 1, 0, 3), &[R1, R2, R3], 1),
    Form::new("padd4", A, a9(1, 0, 0, 0), &[R1, R2, R3], 1),
    Form::new("psub1", A, a9(0, 0, 1, 0), &[R1, R2, R3], 1),
    Form::new("psub1.sss", A, a9(0, 0, 1, 1), &[R1, R2, R3], 1),
    Form::new("psub1.uuu", A, a9(0, 0, 1, 2), &[R1, R2, R3], 1),
    Form::new("psub1.uus", A, a9(0, 0, 1, 3), &[R1, R2, R3], 1),
    Form::new("psub2", A, a9(0, 1, 1, 0), &[R1, R2, R3], 1),
    Form::new("psub2.sss", A, a9(0, 1, 1, 1), &[R1, R2, R3], 1),
    Form::new("psub2.uuu", A, a9(0, 1, 1, 2), &[R1, R2, R3], 1),
    Form::new("psub2.uus", A, a9(0, 1, 1, 3), &[R1, R2, R3], 1),
    Form::new("psub4", A, a9(1, 0, 1, 0), &[R1, R2, R3], 1),
    Form::new("pavg1", A, a9(0, 0, 2, 2), &[R1, R2, R3], 1),
    Form::new("pavg1.raz", A, a9(0, 0, 2, 3), &[R1, R2, R3], 1),
    Form::new("pavg2", A, a9(0, 1, 2, 2), &[R1, R2, R3], 1),
    Form::new("pavg2.raz", A, a9(0, 1, 2, 3), &[R1, R2, R3], 1),
    Form::new("pavgsub1", A, a9(0, 0, 3, 2), &[R1, R2, R3], 1),
    Form::new("pavgsub2", A, a9(0, 1, 3, 2), &[R1, R2, R3], 1),
    Form::new("pcmp1.eq", A, a9(0, 0, 9, 0), &[R1, R2, R3], 1),
    Form::new("pcmp1.gt", A, a9(0, 0, 9, 1), &[R1, R2, R3], 1),
    Form::new("pcmp2.eq", A, a9(0, 1, 9, 0), &[R1, R2, R3], 1),
    Form::new("pcmp2.gt", A, a9(0, 1, 9, 1), &[R1, R2, R3], 1),
    Form::new("pcmp4.eq", A, a9(1, 0, 9, 0), &[R1, R2, R3], 1),
    Form::new("pcmp4.gt", A, a9(1, 0, 9, 1), &[R1, R2, R3], 1),
    // A10: multimedia shift and add.
    Form::new("pshladd2", A, a10(4), &[R1, R2, COUNT2, R3], 1),
    Form::new("pshradd2", A, a10(6), &[R1, R2, COUNT2, R3], 1),
    // A6: cmp register forms, major 0xc.
    cmp("cmp.lt", a6(0xc, 0, 0, 0, 0), PQ_RR),
    alias("cmp.le", a6(0xc, 0, 0, 0, 0), QP_SWAP),
    alias("cmp.gt", a6(0xc, 0, 0, 0, 0), PQ_SWAP),
    alias("cmp.ge", a6(0xc, 0, 0, 0, 0), QP_RR),
    cmp("cmp.lt.unc", a6(0xc, 0, 0, 0, 1), PQ_RR),
    alias("cmp.le.unc", a6(0xc, 0, 0, 0, 1), QP_SWAP),
    alias("cmp.gt.unc", a6(0xc, 0, 0, 0, 1), PQ_SWAP),
    alias("cmp.ge.unc", a6(0xc, 0, 0, 0, 1), QP_RR),
    cmp("cmp.eq.and", a6(0xc, 0, 0, 1, 0), PQ_RR),
    alias("cmp.ne.andcm", a6(0xc, 0, 0, 1, 0), PQ_RR),
    cmp("cmp.ne.and", a6(0xc, 0, 0, 1, 1), PQ_RR),
    alias("cmp.eq.andcm", a6(0xc, 0, 0, 1, 1), PQ_RR),
    // A7: cmp parallel forms against r0, major 0xc.
    cmp("cmp.gt.and", a6(0xc, 0, 1, 0, 0), PQ_ZR),
    alias("cmp.lt.and", a6(0xc, 0, 1, 0, 0), PQ_NZ),
    alias("cmp.le.andcm", a6(0xc, 0, 1, 0, 0), PQ_ZN),
    alias("cmp.ge.andcm", a6(0xc, 0, 1, 0, 0), PQ_RZ),
    cmp("cmp.le.and", a6(0xc, 0, 1, 0, 1), PQ_ZR),
    alias("cmp.ge.and", a6(0xc, 0, 1, 0, 1), PQ_NZ),
    alias("cmp.gt.andcm", a6(0xc, 0, 1, 0, 1), PQ_ZN),
    alias("cmp.lt.andcm", a6(0xc, 0, 1, 0, 1), PQ_RZ),
    cmp("cmp.ge.and", a6(0xc, 0, 1, 1, 0), PQ_ZR),
    alias("cmp.le.and", a6(0xc, 0, 1, 1, 0), PQ_NZ),
    alias("cmp.lt.andcm", a6(0xc, 0, 1, 1, 0), PQ_ZN),
    alias("cmp.gt.andcm", a6(0xc, 0, 1, 1, 0), PQ_RZ),
    cmp("cmp.lt.and", a6(0xc, 0, 1, 1, 1), PQ_ZR),
    alias("cmp.gt.and", a6(0xc, 0, 1, 1, 1), PQ_NZ),
    alias("cmp.ge.andcm", a6(0xc, 0, 1, 1, 1), PQ_ZN),
    alias("cmp.le.andcm", a6(0xc, 0, 1, 1, 1), PQ_RZ),
    // A6: cmp4 register forms, major 0xc.
    cmp("cmp4.lt", a6(0xc, 1, 0, 0, 0), PQ_RR),
    alias("cmp4.le", a6(0xc, 1, 0, 0, 0), QP_SWAP),
    alias("cmp4.gt", a6(0xc, 1, 0, 0, 0), PQ_SWAP),
    alias("cmp4.ge", a6(0xc, 1, 0, 0, 0), QP_RR),
    cmp("cmp4.lt.unc", a6(0xc, 1, 0, 0, 1), PQ_RR),
    alias("cmp4.le.unc", a6(0xc, 1, 0, 0, 1), QP_SWAP),
    alias("cmp4.gt.unc", a6(0xc, 1, 0, 0, 1), PQ_SWAP),
    alias("cmp4.ge.unc", a6(0xc, 1, 0, 0, 1), QP_RR),
    cmp("cmp4.eq.and", a6(0xc, 1, 0, 1, 0), PQ_RR),
    alias("cmp4.ne.andcm", a6(0xc, 1, 0, 1, 0), PQ_RR),
    cmp("cmp4.ne.and", a6(0xc, 1, 0, 1, 1), PQ_RR),
    alias("cmp4.eq.andcm", a6(0xc, 1, 0, 1, 1), PQ_RR),
    // A7: cmp4 parallel forms against r0, major 0xc.
    cmp("cmp4.gt.and", a6(0xc, 1, 1, 0, 0), PQ_ZR),
    alias("cmp4.lt.and", a6(0xc, 1, 1, 0, 0), PQ_NZ),
    alias("cmp4.le.andcm", a6(0xc, 1, 1, 0, 0), PQ_ZN),
    alias("cmp4.ge.andcm", a6(0xc, 1, 1, 0, 0), PQ_RZ),
    cmp("cmp4.le.and", a6(0xc, 1, 1, 0, 1), PQ_ZR),
    alias("cmp4.ge.and", a6(0xc, 1, 1, 0, 1), PQ_NZ),
    alias("cmp4.gt.andcm", a6(0xc, 1, 1, 0, 1), PQ_ZN),
    alias("cmp4.lt.andcm", a6(0xc, 1, 1, 0, 1), PQ_RZ),
    cmp("cmp4.ge.and", a6(0xc, 1, 1, 1, 0), PQ_ZR),
    alias("cmp4.le.and", a6(0xc, 1, 1, 1, 0), PQ_NZ),
    alias("cmp4.lt.andcm", a6(0xc, 1, 1, 1, 0), PQ_ZN),
    alias("cmp4.gt.andcm", a6(0xc, 1, 1, 1, 0), PQ_RZ),
    cmp("cmp4.lt.and", a6(0xc, 1, 1, 1, 1), PQ_ZR),
    alias("cmp4.gt.and", a6(0xc, 1, 1, 1, 1), PQ_NZ),
    alias("cmp4.ge.andcm", a6(0xc, 1, 1, 1, 1), PQ_ZN),
    alias("cmp4.le.andcm", a6(0xc, 1, 1, 1, 1), PQ_RZ),
    // A8: cmp immediate forms, major 0xc.
    cmp("cmp.lt", a8(0xc, 2, 0, 0), PQ_IR),
    alias("cmp.le", a8(0xc, 2, 0, 0), PQ_M1R),
    alias("cmp.gt", a8(0xc, 2, 0, 0), QP_M1R),
    alias("cmp.ge", a8(0xc, 2, 0, 0), QP_IR),
    cmp("cmp.lt.unc", a8(0xc, 2, 0, 1), PQ_IR),
    alias("cmp.le.unc", a8(0xc, 2, 0, 1), PQ_M1R),
    alias("cmp.gt.unc", a8(0xc, 2, 0, 1), QP_M1R),
    alias("cmp.ge.unc", a8(0xc, 2, 0, 1), QP_IR),
    cmp("cmp.eq.and", a8(0xc, 2, 1, 0), PQ_IR),
    alias("cmp.ne.andcm", a8(0xc, 2, 1, 0), PQ_IR),
    cmp("cmp.ne.and", a8(0xc, 2, 1, 1), PQ_IR),
    alias("cmp.eq.andcm", a8(0xc, 2, 1, 1), PQ_IR),
    // A8: cmp4 immediate forms, major 0xc.
    cmp("cmp4.lt", a8(0xc, 3, 0, 0), PQ_IR),
    alias("cmp4.le", a8(0xc, 3, 0, 0), PQ_M1R),
    alias("cmp4.gt", a8(0xc, 3, 0, 0), QP_M1R),
    alias("cmp4.ge", a8(0xc, 3, 0, 0), QP_IR),
    cmp("cmp4.lt.unc", a8(0xc, 3, 0, 1), PQ_IR),
    alias("cmp4.le.unc", a8(0xc, 3, 0, 1), PQ_M1R),
    alias("cmp4.gt.unc", a8(0xc, 3, 0, 1), QP_M1R),
    alias("cmp4.ge.unc", a8(0xc, 3, 0, 1), QP_IR),
    cmp("cmp4.eq.and", a8(0xc, 3, 1, 0), PQ_IR),
    alias("cmp4.ne.andcm", a8(0xc, 3, 1, 0), PQ_IR),
    cmp("cmp4.ne.and", a8(0xc, 3, 1, 1), PQ_IR),
    alias("cmp4.eq.andcm", a8(0xc, 3, 1, 1), PQ_IR),
    // A6: cmp register forms, major 0xd.
    cmp("cmp.ltu", a6(0xd, 0, 0, 0, 0), PQ_RR),
    alias("cmp.leu", a6(0xd, 0, 0, 0, 0), QP_SWAP),
    alias("cmp.gtu", a6(0xd, 0, 0, 0, 0), PQ_SWAP),
    alias("cmp.geu", a6(0xd, 0, 0, 0, 0), QP_RR),
    cmp("cmp.ltu.unc", a6(0xd, 0, 0, 0, 1), PQ_RR),
    alias("cmp.leu.unc", a6(0xd, 0, 0, 0, 1), QP_SWAP),
    alias("cmp.gtu.unc", a6(0xd, 0, 0, 0, 1), PQ_SWAP),
    alias("cmp.geu.unc", a6(0xd, 0, 0, 0, 1), QP_RR),
    cmp("cmp.eq.or", a6(0xd, 0, 0, 1, 0), PQ_RR),
    alias("cmp.ne.orcm", a6(0xd, 0, 0, 1, 0), PQ_RR),
    cmp("cmp.ne.or", a6(0xd, 0, 0, 1, 1), PQ_RR),
    alias("cmp.eq.orcm", a6(0xd, 0, 0, 1, 1), PQ_RR),
    // A7: cmp parallel forms against r0, major 0xd.
    cmp("cmp.gt.or", a6(0xd, 0, 1, 0, 0), PQ_ZR),
    alias("cmp.lt.or", a6(0xd, 0, 1, 0, 0), PQ_NZ),
    alias("cmp.le.orcm", a6(0xd, 0, 1, 0, 0), PQ_ZN),
    alias("cmp.ge.orcm", a6(0xd, 0, 1, 0, 0), PQ_RZ),
    cmp("cmp.le.or", a6(0xd, 0, 1, 0, 1), PQ_ZR),
    alias("cmp.ge.or", a6(0xd, 0, 1, 0, 1), PQ_NZ),
    alias("cmp.gt.orcm", a6(0xd, 0, 1, 0, 1), PQ_ZN),
    alias("cmp.lt.orcm", a6(0xd, 0, 1, 0, 1), PQ_RZ),
    cmp("cmp.ge.or", a6(0xd, 0, 1, 1, 0), PQ_ZR),
    alias("cmp.le.or", a6(0xd, 0, 1, 1, 0), PQ_NZ),
    alias("cmp.lt.orcm", a6(0xd, 0, 1, 1, 0), PQ_ZN),
    alias("cmp.gt.orcm", a6(0xd, 0, 1, 1, 0), PQ_RZ),
    cmp("cmp.lt.or", a6(0xd, 0, 1, 1, 1), PQ_ZR),
    alias("cmp.gt.or", a6(0xd, 0, 1, 1, 1), PQ_NZ),
    alias("cmp.ge.orcm", a6(0xd, 0, 1, 1, 1), PQ_ZN),
    alias("cmp.le.orcm", a6(0xd, 0, 1, 1, 1), PQ_RZ),
    // A6: cmp4 register forms, major 0xd.
    cmp("cmp4.ltu", a6(0xd, 1, 0, 0, 0), PQ_RR),
    alias("cmp4.leu", a6(0xd, 1, 0, 0, 0), QP_SWAP),
    alias("cmp4.gtu", a6(0xd, 1, 0, 0, 0), PQ_SWAP),
    alias("cmp4.geu", a6(0xd, 1, 0, 0, 0), QP_RR),
    cmp("cmp4.ltu.unc", a6(0xd, 1, 0, 0, 1), PQ_RR),
    alias("cmp4.leu.unc", a6(0xd, 1, 0, 0, 1), QP_SWAP),
    alias("cmp4.gtu.unc", a6(0xd, 1, 0, 0, 1), PQ_SWAP),
    alias("cmp4.geu.unc", a6(0xd, 1, 0, 0, 1), QP_RR),
    cmp("cmp4.eq.or", a6(0xd, 1, 0, 1, 0), PQ_RR),
    alias("cmp4.ne.orcm", a6(0xd, 1, 0, 1, 0), PQ_RR),
    cmp("cmp4.ne.or", a6(0xd, 1, 0, 1, 1), PQ_RR),
    alias("cmp4.eq.orcm", a6(0xd, 1, 0, 1, 1), PQ_RR),
    // A7: cmp4 parallel forms against r0, major 0xd.
    cmp("cmp4.gt.or", a6(0xd, 1, 1, 0, 0), PQ_ZR),
    alias("cmp4.lt.or", a6(0xd, 1, 1, 0, 0), PQ_NZ),
    alias("cmp4.le.orcm", a6(0xd, 1, 1, 0, 0), PQ_ZN),
    alias("cmp4.ge.orcm", a6(0xd, 1, 1, 0, 0), PQ_RZ),
    cmp("cmp4.le.or", a6(0xd, 1, 1, 0, 1), PQ_ZR),
    alias("cmp4.ge.or", a6(0xd, 1, 1, 0, 1), PQ_NZ),
    alias("cmp4.gt.orcm", a6(0xd, 1, 1, 0, 1), PQ_ZN),
    alias("cmp4.lt.orcm", a6(0xd, 1, 1, 0, 1), PQ_RZ),
    cmp("cmp4.ge.or", a6(0xd, 1, 1, 1, 0), PQ_ZR),
    alias("cmp4.le.or", a6(0xd, 1, 1, 1, 0), PQ_NZ),
    alias("cmp4.lt.orcm", a6(0xd, 1, 1, 1, 0), PQ_ZN),
    alias("cmp4.gt.orcm", a6(0xd, 1, 1, 1, 0), PQ_RZ),
    cmp("cmp4.lt.or", a6(0xd, 1, 1, 1, 1), PQ_ZR),
    alias("cmp4.gt.or", a6(0xd, 1, 1, 1, 1), PQ_NZ),
    alias("cmp4.ge.orcm", a6(0xd, 1, 1, 1, 1), PQ_ZN),
    alias("cmp4.le.orcm", a6(0xd, 1, 1, 1, 1), PQ_RZ),
    // A8: cmp immediate forms, major 0xd.
    cmp("cmp.ltu", a8(0xd, 2, 0, 0), PQ_IR),
    alias("cmp.leu", a8(0xd, 2, 0, 0), PQ_M1UR),
    alias("cmp.gtu", a8(0xd, 2, 0, 0), QP_M1UR),
    alias("cmp.geu", a8(0xd, 2, 0, 0), QP_IR),
    cmp("cmp.ltu.unc", a8(0xd, 2, 0, 1), PQ_IR),
    alias("cmp.leu.unc", a8(0xd, 2, 0, 1), PQ_M1UR),
    alias("cmp.gtu.unc", a8(0xd, 2, 0, 1), QP_M1UR),
    alias("cmp.geu.unc", a8(0xd, 2, 0, 1), QP_IR),
    cmp("cmp.eq.or", a8(0xd, 2, 1, 0), PQ_IR),
    alias("cmp.ne.orcm", a8(0xd, 2, 1, 0), PQ_IR),
    cmp("cmp.ne.or", a8(0xd, 2, 1, 1), PQ_IR),
    alias("cmp.eq.orcm", a8(0xd, 2, 1, 1), PQ_IR),
    // A8: cmp4 immediate forms, major 0xd.
    cmp("cmp4.ltu", a8(0xd, 3, 0, 0), PQ_IR),
    alias("cmp4.leu", a8(0xd, 3, 0, 0), PQ_M1UR),
    alias("cmp4.gtu", a8(0xd, 3, 0, 0), QP_M1UR),
    alias("cmp4.geu", a8(0xd, 3, 0, 0), QP_IR),
    alias("cmp4.ltu", a8(0xd, 3, 0, 0), PQ_U4R),
    alias("cmp4.leu", a8(0xd, 3, 0, 0), PQ_M1U4R),
    alias("cmp4.gtu", a8(0xd, 3, 0, 0), QP_M1U4R),
    alias("cmp4.geu", a8(0xd, 3, 0, 0), QP_U4R),
    cmp("cmp4.ltu.unc", a8(0xd, 3, 0, 1), PQ_IR),
    alias("cmp4.leu.unc", a8(0xd, 3, 0, 1), PQ_M1UR),
    alias("cmp4.gtu.unc", a8(0xd, 3, 0, 1), QP_M1UR),
    alias("cmp4.geu.unc", a8(0xd, 3, 0, 1), QP_IR),
    alias("cmp4.ltu.unc", a8(0xd, 3, 0, 1), PQ_U4R),
    alias("cmp4.leu.unc", a8(0xd, 3, 0, 1), PQ_M1U4R),
    alias("cmp4.gtu.unc", a8(0xd, 3, 0, 1), QP_M1U4R),
    alias("cmp4.geu.unc", a8(0xd, 3, 0, 1), QP_U4R),
    cmp("cmp4.eq.or", a8(0xd, 3, 1, 0), PQ_IR),
    alias("cmp4.ne.orcm", a8(0xd, 3, 1, 0), PQ_IR),
    cmp("cmp4.ne.or", a8(0xd, 3, 1, 1), PQ_IR),
    alias("cmp4.eq.orcm", a8(0xd, 3, 1, 1), PQ_IR),
    // A6: cmp register forms, major 0xe.
    cmp("cmp.eq", a6(0xe, 0, 0, 0, 0), PQ_RR),
    alias("cmp.ne", a6(0xe, 0, 0, 0, 0), QP_RR),
    cmp("cmp.eq.unc", a6(0xe, 0, 0, 0, 1), PQ_RR),
    alias("cmp.ne.unc", a6(0xe, 0, 0, 0, 1), QP_RR),
    cmp("cmp.eq.or.andcm", a6(0xe, 0, 0, 1, 0), PQ_RR),
    alias("cmp.ne.and.orcm", a6(0xe, 0, 0, 1, 0), QP_RR),
    cmp("cmp.ne.or.andcm", a6(0xe, 0, 0, 1, 1), PQ_RR),
    alias("cmp.eq.and.orcm", a6(0xe, 0, 0, 1, 1), QP_RR),
    // A7: cmp parallel forms against r0, major 0xe.
    cmp("cmp.gt.or.andcm", a6(0xe, 0, 1, 0, 0), PQ_ZR),
    alias("cmp.lt.or.andcm", a6(0xe, 0, 1, 0, 0), PQ_NZ),
    alias("cmp.le.and.orcm", a6(0xe, 0, 1, 0, 0), QP_ZR),
    alias("cmp.ge.and.orcm", a6(0xe, 0, 1, 0, 0), QP_NZ),
    cmp("cmp.le.or.andcm", a6(0xe, 0, 1, 0, 1), PQ_ZR),
    alias("cmp.ge.or.andcm", a6(0xe, 0, 1, 0, 1), PQ_NZ),
    alias("cmp.gt.and.orcm", a6(0xe, 0, 1, 0, 1), QP_ZR),
    alias("cmp.lt.and.orcm", a6(0xe, 0, 1, 0, 1), QP_NZ),
    cmp("cmp.ge.or.andcm", a6(0xe, 0, 1, 1, 0), PQ_ZR),
    alias("cmp.le.or.andcm", a6(0xe, 0, 1, 1, 0), PQ_NZ),
    alias("cmp.lt.and.orcm", a6(0xe, 0, 1, 1, 0), QP_ZR),
    alias("cmp.gt.and.orcm", a6(0xe, 0, 1, 1, 0), QP_NZ),
    cmp("cmp.lt.or.andcm", a6(0xe, 0, 1, 1, 1), PQ_ZR),
    alias("cmp.gt.or.andcm", a6(0xe, 0, 1, 1, 1), PQ_NZ),
    alias("cmp.ge.and.orcm", a6(0xe, 0, 1, 1, 1), QP_ZR),
    alias("cmp.le.and.orcm", a6(0xe, 0, 1, 1, 1), QP_NZ),
    // A6: cmp4 register forms, major 0xe.
    cmp("cmp4.eq", a6(0xe, 1, 0, 0, 0), PQ_RR),
    alias("cmp4.ne", a6(0xe, 1, 0, 0, 0), QP_RR),
    cmp("cmp4.eq.unc", a6(0xe, 1, 0, 0, 1), PQ_RR),
    alias("cmp4.ne.unc", a6(0xe, 1, 0, 0, 1), QP_RR),
    cmp("cmp4.eq.or.andcm", a6(0xe, 1, 0, 1, 0), PQ_RR),
    alias("cmp4.ne.and.orcm", a6(0xe, 1, 0, 1, 0), QP_RR),
    cmp("cmp4.ne.or.andcm", a6(0xe, 1, 0, 1, 1), PQ_RR),
    alias("cmp4.eq.and.orcm", a6(0xe, 1, 0, 1, 1), QP_RR),
    // A7: cmp4 parallel forms against r0, major 0xe.
    cmp("cmp4.gt.or.andcm", a6(0xe, 1, 1, 0, 0), PQ_ZR),
    alias("cmp4.lt.or.andcm", a6(0xe, 1, 1, 0, 0), PQ_NZ),
    alias("cmp4.le.and.orcm", a6(0xe, 1, 1, 0, 0), QP_ZR),
    alias("cmp4.ge.and.orcm", a6(0xe, 1, 1, 0, 0), QP_NZ),
    cmp("cmp4.le.or.andcm", a6(0xe, 1, 1, 0, 1), PQ_ZR),
    alias("cmp4.ge.or.andcm", a6(0xe, 1, 1, 0, 1), PQ_NZ),
    alias("cmp4.gt.and.orcm", a6(0xe, 1, 1, 0, 1), QP_ZR),
    alias("cmp4.lt.and.orcm", a6(0xe, 1, 1, 0, 1), QP_NZ),
    cmp("cmp4.ge.or.andcm", a6(0xe, 1, 1, 1, 0), PQ_ZR),
    alias("cmp4.le.or.andcm", a6(0xe, 1, 1, 1, 0), PQ_NZ),
    alias("cmp4.lt.and.orcm", a6(0xe, 1, 1, 1, 0), QP_ZR),
    alias("cmp4.gt.and.orcm", a6(0xe, 1, 1, 1, 0), QP_NZ),
    cmp("cmp4.lt.or.andcm", a6(0xe, 1, 1, 1, 1), PQ_ZR),
    alias("cmp4.gt.or.andcm", a6(0xe, 1, 1, 1, 1), PQ_NZ),
    alias("cmp4.ge.and.orcm", a6(0xe, 1, 1, 1, 1), QP_ZR),
    alias("cmp4.le.and.orcm", a6(0xe, 1, 1, 1, 1), QP_NZ),
    // A8: cmp immediate forms, major 0xe.
    cmp("cmp.eq", a8(0xe, 2, 0, 0), PQ_IR),
    alias("cmp.ne", a8(0xe, 2, 0, 0), QP_IR),
    cmp("cmp.eq.unc", a8(0xe, 2, 0, 1), PQ_IR),
    alias("cmp.ne.unc", a8(0xe, 2, 0, 1), QP_IR),
    cmp("cmp.eq.or.andcm", a8(0xe, 2, 1, 0), PQ_IR),
    alias("cmp.ne.and.orcm", a8(0xe, 2, 1, 0), QP_IR),
    cmp("cmp.ne.or.andcm", a8(0xe, 2, 1, 1), PQ_IR),
    alias("cmp.eq.and.orcm", a8(0xe, 2, 1, 1), QP_IR),
    // A8: cmp4 immediate forms, major 0xe.
    cmp("cmp4.eq", a8(0xe, 3, 0, 0), PQ_IR),
    alias("cmp4.ne", a8(0xe, 3, 0, 0), QP_IR),
    cmp("cmp4.eq.unc", a8(0xe, 3, 0, 1), PQ_IR),
    alias("cmp4.ne.unc", a8(0xe, 3, 0, 1), QP_IR),
    cmp("cmp4.eq.or.andcm", a8(0xe, 3, 1, 0), PQ_IR),
    alias("cmp4.ne.and.orcm", a8(0xe, 3, 1, 0), QP_IR),
    cmp("cmp4.ne.or.andcm", a8(0xe, 3, 1, 1), PQ_IR),
    alias("cmp4.eq.and.orcm", a8(0xe, 3, 1, 1), QP_IR),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::SlotUnit;
    use crate::decode::{decode_slot, Instruction, MAX_COMPLETERS, MAX_OPERANDS};
    use crate::disasm::{write_insn, RawAddrs};
    use crate::encode::encode;
    use crate::operand::Class;
    use crate::table::FormId;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// General register values the compare tests read: signs, 32-bit wrap-around
    /// and the all-ones pattern.
    fn gr(n: i64) -> i64 {
        match n {
            0 => 0,
            5 => -3,
            9 => 200,
            17 => 0x1_0000_0005,
            20 => -1,
            _ => n * 1000 - 60_000,
        }
    }

    /// The predicates a compare writes, by the SDM's definition of its relation and
    /// type as written in `f.name`, for operand values `ops` and predicate file `pr`.
    fn run_cmp(f: &Form, ops: &[i64], pr: &mut [bool; 64]) {
        let mut parts = f.name.split('.');
        let width = parts.next().unwrap_or("");
        let rel = parts.next().unwrap_or("");
        let ctype: Vec<&str> = parts.collect();
        let src = |k: usize| match f.operands[k].spec().class {
            Class::Gr | Class::Fixed(_) => gr(ops[k]),
            _ => ops[k],
        };
        let (a, b) = (src(2), src(3));
        let (sa, sb, ua, ub) = if width == "cmp4" {
            let (a, b) = (a as i32, b as i32);
            (a as i64, b as i64, a as u32 as u64, b as u32 as u64)
        } else {
            (a, b, a as u64, b as u64)
        };
        let r = match rel {
            "eq" => sa == sb,
            "ne" => sa != sb,
            "lt" => sa < sb,
            "le" => sa <= sb,
            "gt" => sa > sb,
            "ge" => sa >= sb,
            "ltu" => ua < ub,
            "leu" => ua <= ub,
            "gtu" => ua > ub,
            "geu" => ua >= ub,
            other => panic!("{}: relation {other}", f.name),
        };
        let (p, q) = (ops[0] as usize, ops[1] as usize);
        match ctype.as_slice() {
            [] | ["unc"] => (pr[p], pr[q]) = (r, !r),
            ["and"] if !r => (pr[p], pr[q]) = (false, false),
            ["or"] if r => (pr[p], pr[q]) = (true, true),
            ["or", "andcm"] if r => (pr[p], pr[q]) = (true, false),
            ["andcm"] if r => (pr[p], pr[q]) = (false, false),
            ["orcm"] if !r => (pr[p], pr[q]) = (true, true),
            ["and", "orcm"] if !r => (pr[p], pr[q]) = (false, true),
            ["and" | "or" | "andcm" | "orcm"] | ["or", "andcm"] | ["and", "orcm"] => {}
            other => panic!("{}: type {other:?}", f.name),
        }
    }

    /// Operand values to try for each operand of a compare.
    fn samples(op: Opnd) -> Vec<i64> {
        match op.spec().class {
            Class::Pr => Vec::new(),
            Class::Fixed(_) => alloc::vec![0],
            Class::Gr => [0, 5, 9, 17, 20]
                .into_iter()
                .filter(|&v| op.field_of_value(v).is_some())
                .collect(),
            _ => [
                -128,
                -127,
                -3,
                -1,
                0,
                1,
                5,
                127,
                128,
                0xffff_ff80,
                0xffff_ffff,
            ]
            .into_iter()
            .filter(|&v| op.field_of_value(v).is_some())
            .collect(),
        }
    }

    fn insn(id: FormId, ops: &[i64]) -> Instruction {
        let mut i = Instruction {
            form: id,
            qp: 0,
            ops: [0; MAX_OPERANDS],
            comps: [0; MAX_COMPLETERS],
        };
        i.ops[..ops.len()].copy_from_slice(ops);
        i
    }

    /// Every compare pseudo-op encodes to a compare the decoder knows, and the two
    /// set the same predicates for every source value and prior predicate state.
    #[test]
    fn compare_pseudo_ops_mean_what_they_say() {
        let mut checked = 0;
        for (k, f) in FORMS.iter().enumerate() {
            if !f.name.starts_with("cmp") || !f.flags.has(Flags::ASM_ONLY) {
                continue;
            }
            let id = FormId::new(0, k);
            assert_eq!(id.form(), f, "slice 0 is the A unit");
            for &x in &samples(f.operands[2]) {
                for &y in &samples(f.operands[3]) {
                    let ops = [6, 7, x, y];
                    let alias = insn(id, &ops);
                    let slot = encode(&alias).expect("pseudo-op encodes").slot;
                    let canon = decode_slot(SlotUnit::I, slot, 0, 1).expect("decodes");
                    let cf = canon.form();
                    assert!(!cf.flags.has(Flags::ASM_ONLY), "{}", f.name);
                    for init in 0..4u8 {
                        let mut want = [false; 64];
                        (want[6], want[7]) = (init & 1 != 0, init & 2 != 0);
                        let mut got = want;
                        run_cmp(f, &ops, &mut want);
                        run_cmp(cf, canon.operands(), &mut got);
                        assert_eq!(
                            (got[6], got[7]),
                            (want[6], want[7]),
                            "{} {ops:?} as {} {:?}, p6/p7 were {init:#04b}",
                            f.name,
                            cf.name,
                            canon.operands()
                        );
                        assert_eq!(got, want, "only p6 and p7 change");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "only {checked} cases");
    }

    /// The pseudo-op immediate tables hold each value at most once, except the one
    /// documented unreachable field, and unsigned `<=` never takes 0.
    #[test]
    fn pseudo_immediates_are_unambiguous() {
        for (vals, hole) in [
            (&IMM8_M1_VALUES, false),
            (&IMM8_M1_U_VALUES, true),
            (&IMM8_U4_VALUES, false),
            (&IMM8_M1_U4_VALUES, true),
        ] {
            let mut sorted = vals.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), if hole { 255 } else { 256 });
            if hole {
                assert_eq!(vals[255], vals[0], "the hole repeats field 0");
            }
        }
        assert_eq!(IMM8_M1.field_of_value(0), Some(0xff));
        assert_eq!(IMM8_M1_U.field_of_value(0), None);
        assert_eq!(IMM8_M1_U.field_of_value(1), Some(0));
        assert_eq!(IMM8_M1_U.range(), (-127, 128));
        assert_eq!(IMM8_U4.field_of_value(0xffff_ff80), Some(0x80));
        assert_eq!(IMM8_M1_U4.field_of_value(0xffff_ffff), Some(0xfe));
        assert_eq!(IMM8_M1_U4.field_of_value(1 << 32), None);
        assert_eq!(R3_NOT_R0_3.field_of_value(3), None);
        assert_eq!(R3_NOT_R0_3.field_of_value(4), Some(4));
        assert_eq!(R3_NOT_R0.field_of_value(0), None);
        assert_eq!(R3_NOT_R0.field_of_value(127), Some(127));
    }

    /// Format A7 prints `r0` whatever the `r2` field holds, as binutils does.
    #[test]
    fn parallel_compare_ignores_r2() {
        let k = FORMS
            .iter()
            .position(|f| f.name == "cmp.gt.and" && !f.flags.has(Flags::ASM_ONLY))
            .expect("row");
        let slot = encode(&insn(FormId::new(0, k), &[6, 7, 0, 9]))
            .expect("encodes")
            .slot;
        for r2 in [0u64, 1, 0x7f] {
            let d = decode_slot(SlotUnit::M, slot | r2 << 13, 0, 0).expect("decodes");
            let mut s = String::new();
            write_insn(&mut s, &d, 0, &RawAddrs).expect("writes");
            assert_eq!(s, "cmp.gt.and p6,p7=r0,r9");
        }
    }
}
