//! I-unit rows of the instruction table (SDM Vol. 3 §4.3, formats I1–I29): the
//! multimedia multiply, mix, pack, unpack, min/max, shift and permute forms
//! (major 7), shift right pair, extract, deposit and the bit tests (major 5),
//! deposit (major 4), and the miscellaneous forms of major 0: moves to and from
//! branch, predicate and application registers and `ip`, sign and zero extension,
//! compute zero index, `nop.i`/`hint.i`/`break.i` and `chk.s.i`. Format I30 (`tf`)
//! and `clz`, `mpy4`, `mpyshl4` are Itanium 9500 additions that objdump 2.40 decodes.
//!
//! Each mask holds exactly the bits binutils checks: a field a format leaves
//! unused (bits 26:24 of `mux1`, `r2` of `popcnt`, bit 27 of every major-7 form,
//! bits 12:9 of `mov b1=r2`) lies outside it, so both decoders ignore it.
//!
//! objdump's pseudo-ops:
//! * `extr`/`extr.u` whose length is 64 − pos print as `shr`/`shr.u r1=r3,pos`,
//!   and `dep.z` whose length is 64 − pos as `shl r1=r2,pos`: their rows carry a
//!   [`ShiftCount`](crate::operand::Xform::ShiftCount) operand, which decodes only
//!   when the two fields agree, and come first among rows with the same mask;
//! * `mov b1=r2,tag` with no hint at all (`wh` none, no `.ret`, no `.imp`) prints
//!   as `mov b1=r2`, dropping the tag.
//!
//! Assembler-only rows, which objdump never prints: the `tbit`/`tnat`/`tf`
//! relations written with p1 and p2 swapped (`.nz`, `.andcm`, `.orcm`...),
//! `mov pr=r2` (all-ones mask), and the unit-less `mov` to and from an AR,
//! `chk.s`, `nop`, `hint` and `break` that GNU as places in an I slot.

use crate::form::{enc, Completer, Flags, Form, Unit::I};
use crate::operand::Opnd::{self, *};
use Test::{Bit, Feature, Nat};

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

/// Both sets of fixed bits (fields must not overlap).
const fn join(a: (u64, u64), b: (u64, u64)) -> (u64, u64) {
    assert!(a.1 & b.1 == 0, "join: overlapping fields");
    (a.0 | b.0, a.1 | b.1)
}

/// Assembler-only rows.
const ASM: Flags = Flags::ASM_ONLY;

/// `za` (36) and `zb` (33) of major 7 select the element size in bytes.
const fn zab(size: u64) -> (u64, u64) {
    match size {
        1 => enc(&[(36, 1, 0), (33, 1, 0)]),
        2 => enc(&[(36, 1, 0), (33, 1, 1)]),
        4 => enc(&[(36, 1, 1), (33, 1, 0)]),
        _ => enc(&[(36, 1, 1), (33, 1, 1)]),
    }
}

/// Formats I2–I9 (major 7, `ve` (32) = 0): element size, `x2a` (35:34), `x2b`
/// (29:28) and `x2c` (31:30).
const fn mm(size: u64, x2a: u64, x2b: u64, x2c: u64) -> (u64, u64) {
    join(
        zab(size),
        enc(&[
            major(7),
            (32, 1, 0),
            (34, 2, x2a),
            (28, 2, x2b),
            (30, 2, x2c),
        ]),
    )
}

/// Format I1 (`pmpyshr2`): like [`mm`] for 2-byte elements, but `x2c` holds the count.
const fn i1(x2b: u64) -> (u64, u64) {
    join(
        zab(2),
        enc(&[major(7), (32, 1, 0), (34, 2, 0), (28, 2, x2b)]),
    )
}

/// Format I10–I17 (major 5): `x2` (35:34) and `x` (33).
const fn x2x(x2: u64, x: u64) -> (u64, u64) {
    enc(&[major(5), (34, 2, x2), (33, 1, x)])
}

/// Format I11 (`extr`): `ya` (13) = 1 for the signed form.
const fn i11(ya: u64) -> (u64, u64) {
    join(x2x(1, 0), enc(&[(13, 1, ya)]))
}

/// Format I12/I13 (`dep.z`): `yb` (26) = 1 for the `imm8` source.
const fn i12(yb: u64) -> (u64, u64) {
    join(x2x(1, 1), enc(&[(26, 1, yb)]))
}

/// Which bit test a format I16/I17/I30 row encodes.
#[derive(Clone, Copy)]
enum Test {
    /// `tbit` (I16): `ya` (13) = 0.
    Bit,
    /// `tnat` (I17): `ya` = 1; bits 19:14 are unused.
    Nat,
    /// `tf` (I30): `ya` = 1 and `xc` (19) = 1.
    Feature,
}

/// Formats I16/I17/I30 (major 5, `x2` = 0): `ta` (33) and `tb` (36) pick the
/// relation type; `c` (12) is left to a completer.
const fn test(t: Test, ta: u64, tb: u64) -> (u64, u64) {
    let rel = enc(&[major(5), (34, 2, 0), (33, 1, ta), (36, 1, tb)]);
    match t {
        Bit => join(rel, enc(&[(13, 1, 0)])),
        Nat => join(rel, enc(&[(13, 1, 1)])),
        Feature => join(rel, enc(&[(13, 1, 1), (19, 1, 1)])),
    }
}

/// A relation type of a bit test: `ta`, `tb`, and the names of `c` (12) for it.
#[derive(Clone, Copy)]
struct Rel {
    ta: u64,
    tb: u64,
    c: &'static [Completer],
}

/// A [`Rel`] whose `c` values are named `$c0` and `$c1`.
macro_rules! rel {
    ($ta:literal, $tb:literal, $c0:literal, $c1:literal) => {
        Rel {
            ta: $ta,
            tb: $tb,
            c: &[Completer {
                lo: 12,
                len: 1,
                names: &[Some($c0), Some($c1)],
            }],
        }
    };
}

// The relations as objdump prints them, p1 written first...
const R_NONE: Rel = rel!(0, 0, ".z", ".z.unc");
const R_AND: Rel = rel!(0, 1, ".z.and", ".nz.and");
const R_OR: Rel = rel!(1, 0, ".z.or", ".nz.or");
const R_OR_ANDCM: Rel = rel!(1, 1, ".z.or.andcm", ".nz.or.andcm");
// ...and GNU as's names for the same encodings written with p2 first.
const R_NONE_CM: Rel = rel!(0, 0, ".nz", ".nz.unc");
const R_ANDCM: Rel = rel!(0, 1, ".nz.andcm", ".z.andcm");
const R_ORCM: Rel = rel!(1, 0, ".nz.orcm", ".z.orcm");
const R_AND_ORCM: Rel = rel!(1, 1, ".nz.and.orcm", ".z.and.orcm");

/// A bit test row as objdump prints it.
const fn t_row(name: &'static str, t: Test, r: Rel, ops: &'static [Opnd]) -> Form {
    Form::new(name, I, test(t, r.ta, r.tb), ops, 2).comp(r.c)
}

/// A bit test row with p2 written first: assembler-only.
const fn t_asm(name: &'static str, t: Test, r: Rel, ops: &'static [Opnd]) -> Form {
    t_row(name, t, r, ops).flags(ASM)
}

/// Format I18/I19/I22/I25–I29 (major 0, `x3` (35:33) = 0): `x6` (32:27).
const fn x6(v: u64) -> (u64, u64) {
    enc(&[major(0), (33, 3, 0), (27, 6, v)])
}

/// Format I18 (`nop.i`, `hint.i`): `x6` = 1 and `y` (26).
const fn i18(y: u64) -> (u64, u64) {
    join(x6(1), enc(&[(26, 1, y)]))
}

/// Formats I20, I21, I23, I24 (major 0): `x3` (35:33).
const fn x3(v: u64) -> (u64, u64) {
    enc(&[major(0), (33, 3, v)])
}

/// Format I21 (`mov b1=r2`, `x3` = 7) with some of `x` (22), `wh` (21:20) and
/// `ih` (23) fixed.
const fn i21(fixed: &[(u8, u8, u64)]) -> (u64, u64) {
    join(x3(7), enc(fixed))
}

/// Format I21 `wh` value "none": no whether-taken hint.
const WH_NONE: u64 = 1;

/// `x` (22) of format I21: the target is a return address.
const RET: Completer = Completer {
    lo: 22,
    len: 1,
    names: &[Some(""), Some(".ret")],
};
/// `wh` (21:20) of format I21; 1 (no hint) is left to the rows that fix it, where
/// objdump's spelling differs, and 3 is reserved.
const MWH: Completer = Completer {
    lo: 20,
    len: 2,
    names: &[Some(".sptk"), None, Some(".dptk"), None],
};
/// `ih` (23) of format I21: importance hint.
const IH: Completer = Completer {
    lo: 23,
    len: 1,
    names: &[Some(""), Some(".imp")],
};

/// Format I23 `mask17` all ones: `mov pr=r2` writes every predicate.
const fn full17(bits: (u64, u64)) -> (u64, u64) {
    let m = MASK17.slot_mask();
    (bits.0 | m, bits.1 | m)
}

/// Every I-unit form.
pub static FORMS: &[Form] = &[
    // I1: multimedia multiply and shift.
    Form::new("pmpyshr2", I, i1(3), &[R1, R2, R3, COUNT2_PMPY], 1),
    Form::new("pmpyshr2.u", I, i1(1), &[R1, R2, R3, COUNT2_PMPY], 1),
    // I2: multiply, mix, pack, unpack, min/max, sum of absolute differences.
    Form::new("pmpy2.r", I, mm(2, 2, 1, 3), &[R1, R2, R3], 1),
    Form::new("pmpy2.l", I, mm(2, 2, 3, 3), &[R1, R2, R3], 1),
    Form::new("mix1.r", I, mm(1, 2, 0, 2), &[R1, R2, R3], 1),
    Form::new("mix2.r", I, mm(2, 2, 0, 2), &[R1, R2, R3], 1),
    Form::new("mix4.r", I, mm(4, 2, 0, 2), &[R1, R2, R3], 1),
    Form::new("mix1.l", I, mm(1, 2, 2, 2), &[R1, R2, R3], 1),
    Form::new("mix2.l", I, mm(2, 2, 2, 2), &[R1, R2, R3], 1),
    Form::new("mix4.l", I, mm(4, 2, 2, 2), &[R1, R2, R3], 1),
    Form::new("pack2.uss", I, mm(2, 2, 0, 0), &[R1, R2, R3], 1),
    Form::new("pack2.sss", I, mm(2, 2, 2, 0), &[R1, R2, R3], 1),
    Form::new("pack4.sss", I, mm(4, 2, 2, 0), &[R1, R2, R3], 1),
    Form::new("unpack1.h", I, mm(1, 2, 0, 1), &[R1, R2, R3], 1),
    Form::new("unpack2.h", I, mm(2, 2, 0, 1), &[R1, R2, R3], 1),
    Form::new("unpack4.h", I, mm(4, 2, 0, 1), &[R1, R2, R3], 1),
    Form::new("unpack1.l", I, mm(1, 2, 2, 1), &[R1, R2, R3], 1),
    Form::new("unpack2.l", I, mm(2, 2, 2, 1), &[R1, R2, R3], 1),
    Form::new("unpack4.l", I, mm(4, 2, 2, 1), &[R1, R2, R3], 1),
    Form::new("pmin1.u", I, mm(1, 2, 1, 0), &[R1, R2, R3], 1),
    Form::new("pmax1.u", I, mm(1, 2, 1, 1), &[R1, R2, R3], 1),
    Form::new("pmin2", I, mm(2, 2, 3, 0), &[R1, R2, R3], 1),
    Form::new("pmax2", I, mm(2, 2, 3, 1), &[R1, R2, R3], 1),
    Form::new("psad1", I, mm(1, 2, 3, 2), &[R1, R2, R3], 1),
    // Itanium 9500: 32 × 32-bit multiply, and multiply then shift left 32.
    Form::new("mpy4", I, mm(4, 0, 1, 3), &[R1, R2, R3], 1),
    Form::new("mpyshl4", I, mm(4, 0, 3, 3), &[R1, R2, R3], 1),
    // I3, I4: byte and halfword permutations.
    Form::new("mux1", I, mm(1, 3, 2, 2), &[R1, R2, MBTYPE4], 1),
    Form::new("mux2", I, mm(2, 3, 2, 2), &[R1, R2, MHTYPE8], 1),
    // I5: shift right by a register (element sizes 2, 4 and the whole 8 bytes).
    Form::new("pshr2", I, mm(2, 0, 2, 0), &[R1, R3, R2], 1),
    Form::new("pshr4", I, mm(4, 0, 2, 0), &[R1, R3, R2], 1),
    Form::new("shr", I, mm(8, 0, 2, 0), &[R1, R3, R2], 1),
    Form::new("pshr2.u", I, mm(2, 0, 0, 0), &[R1, R3, R2], 1),
    Form::new("pshr4.u", I, mm(4, 0, 0, 0), &[R1, R3, R2], 1),
    Form::new("shr.u", I, mm(8, 0, 0, 0), &[R1, R3, R2], 1),
    // I6: shift right by an immediate.
    Form::new("pshr2", I, mm(2, 1, 3, 0), &[R1, R3, COUNT5B], 1),
    Form::new("pshr4", I, mm(4, 1, 3, 0), &[R1, R3, COUNT5B], 1),
    Form::new("pshr2.u", I, mm(2, 1, 1, 0), &[R1, R3, COUNT5B], 1),
    Form::new("pshr4.u", I, mm(4, 1, 1, 0), &[R1, R3, COUNT5B], 1),
    // I7: shift left by a register.
    Form::new("pshl2", I, mm(2, 0, 0, 1), &[R1, R2, R3], 1),
    Form::new("pshl4", I, mm(4, 0, 0, 1), &[R1, R2, R3], 1),
    Form::new("shl", I, mm(8, 0, 0, 1), &[R1, R2, R3], 1),
    // I8: shift left by an immediate.
    Form::new("pshl2", I, mm(2, 3, 1, 1), &[R1, R2, CCOUNT5C], 1),
    Form::new("pshl4", I, mm(4, 3, 1, 1), &[R1, R2, CCOUNT5C], 1),
    // I9: population count; count leading zeros (Itanium 9500).
    Form::new("popcnt", I, mm(2, 1, 1, 2), &[R1, R3], 1),
    Form::new("clz", I, mm(2, 1, 1, 3), &[R1, R3], 1),
    // I10: shift right pair.
    Form::new("shrp", I, x2x(3, 0), &[R1, R2, R3, COUNT6D], 1),
    // I11: extract; the shift pseudo-ops first (same mask, tied fields).
    Form::new("shr.u", I, i11(0), &[R1, R3, SHR_COUNT], 1),
    Form::new("extr.u", I, i11(0), &[R1, R3, POS6B, LEN6D], 1),
    Form::new("shr", I, i11(1), &[R1, R3, SHR_COUNT], 1),
    Form::new("extr", I, i11(1), &[R1, R3, POS6B, LEN6D], 1),
    // I12: zero and deposit; its shift pseudo-op first. I13: with an immediate.
    Form::new("shl", I, i12(0), &[R1, R2, SHL_COUNT], 1),
    Form::new("dep.z", I, i12(0), &[R1, R2, CPOS6C, LEN6D], 1),
    Form::new("dep.z", I, i12(1), &[R1, IMM8, CPOS6C, LEN6D], 1),
    // I14: deposit a one-bit immediate. I15 (major 4): deposit a register.
    Form::new("dep", I, x2x(3, 1), &[R1, IMM1, R3, CPOS6B, LEN6D], 1),
    Form::new("dep", I, enc(&[major(4)]), &[R1, R2, R3, CPOS6D, LEN4D], 1),
    // I16: test bit.
    t_row("tbit", Bit, R_NONE, &[P1, P2, R3, POS6B]),
    t_row("tbit", Bit, R_AND, &[P1, P2, R3, POS6B]),
    t_row("tbit", Bit, R_OR, &[P1, P2, R3, POS6B]),
    t_row("tbit", Bit, R_OR_ANDCM, &[P1, P2, R3, POS6B]),
    t_asm("tbit", Bit, R_NONE_CM, &[P2, P1, R3, POS6B]),
    t_asm("tbit", Bit, R_ANDCM, &[P2, P1, R3, POS6B]),
    t_asm("tbit", Bit, R_ORCM, &[P2, P1, R3, POS6B]),
    t_asm("tbit", Bit, R_AND_ORCM, &[P2, P1, R3, POS6B]),
    // I17: test NaT.
    t_row("tnat", Nat, R_NONE, &[P1, P2, R3]),
    t_row("tnat", Nat, R_AND, &[P1, P2, R3]),
    t_row("tnat", Nat, R_OR, &[P1, P2, R3]),
    t_row("tnat", Nat, R_OR_ANDCM, &[P1, P2, R3]),
    t_asm("tnat", Nat, R_NONE_CM, &[P2, P1, R3]),
    t_asm("tnat", Nat, R_ANDCM, &[P2, P1, R3]),
    t_asm("tnat", Nat, R_ORCM, &[P2, P1, R3]),
    t_asm("tnat", Nat, R_AND_ORCM, &[P2, P1, R3]),
    // I30 (Itanium 9500): test feature.
    t_row("tf", Feature, R_NONE, &[P1, P2, IMM5B_32]),
    t_row("tf", Feature, R_AND, &[P1, P2, IMM5B_32]),
    t_row("tf", Feature, R_OR, &[P1, P2, IMM5B_32]),
    t_row("tf", Feature, R_OR_ANDCM, &[P1, P2, IMM5B_32]),
    t_asm("tf", Feature, R_NONE_CM, &[P2, P1, IMM5B_32]),
    t_asm("tf", Feature, R_ANDCM, &[P2, P1, IMM5B_32]),
    t_asm("tf", Feature, R_ORCM, &[P2, P1, IMM5B_32]),
    t_asm("tf", Feature, R_AND_ORCM, &[P2, P1, IMM5B_32]),
    // I18, I19: nop, hint, break; bit 26 is unused by `break.i`.
    Form::new("break.i", I, x6(0), &[IMM21], 0),
    Form::new("nop.i", I, i18(0), &[IMM21], 0),
    Form::new("hint.i", I, i18(1), &[IMM21], 0),
    Form::new("break", I, x6(0), &[IMM21], 0).flags(ASM),
    Form::new("nop", I, i18(0), &[IMM21], 0).flags(ASM),
    Form::new("hint", I, i18(1), &[IMM21], 0).flags(ASM),
    // I20: speculation check.
    Form::new("chk.s.i", I, x3(1), &[R2, TGT25C], 0),
    Form::new("chk.s", I, x3(1), &[R2, TGT25C], 0).flags(ASM),
    // I21: move to BR. objdump's spelling: no `wh` suffix for "none", and no tag
    // at all when there is no hint either.
    Form::new(
        "mov",
        I,
        i21(&[(22, 1, 0), (20, 2, WH_NONE), (23, 1, 0)]),
        &[B1, R2],
        1,
    ),
    Form::new(
        "mov.imp",
        I,
        i21(&[(22, 1, 0), (20, 2, WH_NONE), (23, 1, 1)]),
        &[B1, R2, TAG13B],
        1,
    ),
    Form::new(
        "mov.ret",
        I,
        i21(&[(22, 1, 1), (20, 2, WH_NONE)]),
        &[B1, R2, TAG13B],
        1,
    )
    .comp(&[IH]),
    Form::new("mov", I, i21(&[]), &[B1, R2, TAG13B], 1).comp(&[RET, MWH, IH]),
    // I22: move from BR.
    Form::new("mov", I, x6(0x31), &[R1, B2], 1),
    // I23, I24: move to predicates.
    Form::new("mov", I, x3(3), &[PR, R2, MASK17], 1),
    Form::new("mov", I, full17(x3(3)), &[PR, R2], 1).flags(ASM),
    Form::new("mov", I, x3(2), &[PR_ROT, IMM44], 1),
    // I25: move from IP and from predicates.
    Form::new("mov", I, x6(0x30), &[R1, IP], 1),
    Form::new("mov", I, x6(0x33), &[R1, PR], 1),
    // I26–I28: move to and from an AR (GNU as also takes them without `.i`).
    Form::new("mov.i", I, x6(0x2a), &[AR3, R2], 1),
    Form::new("mov.i", I, x6(0x0a), &[AR3, IMM8], 1),
    Form::new("mov.i", I, x6(0x32), &[R1, AR3], 1),
    Form::new("mov", I, x6(0x2a), &[AR3, R2], 1).flags(ASM),
    Form::new("mov", I, x6(0x0a), &[AR3, IMM8], 1).flags(ASM),
    Form::new("mov", I, x6(0x32), &[R1, AR3], 1).flags(ASM),
    // I29: zero and sign extension, compute zero index.
    Form::new("zxt1", I, x6(0x10), &[R1, R3], 1),
    Form::new("zxt2", I, x6(0x11), &[R1, R3], 1),
    Form::new("zxt4", I, x6(0x12), &[R1, R3], 1),
    Form::new("sxt1", I, x6(0x14), &[R1, R3], 1),
    Form::new("sxt2", I, x6(0x15), &[R1, R3], 1),
    Form::new("sxt4", I, x6(0x16), &[R1, R3], 1),
    Form::new("czx1.l", I, x6(0x18), &[R1, R3], 1),
    Form::new("czx2.l", I, x6(0x19), &[R1, R3], 1),
    Form::new("czx1.r", I, x6(0x1c), &[R1, R3], 1),
    Form::new("czx2.r", I, x6(0x1d), &[R1, R3], 1),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::SlotUnit;
    use crate::decode::{decode_slot, Instruction, MAX_COMPLETERS, MAX_OPERANDS};
    use crate::encode::encode;
    use crate::table::FormId;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// The id of the printed (not assembler-only) row `name` with `ops`.
    fn row(name: &str, ops: &[Opnd]) -> FormId {
        let k = FORMS
            .iter()
            .position(|f| f.name == name && f.operands == ops && !f.flags.has(ASM))
            .unwrap_or_else(|| panic!("no row {name} {ops:?}"));
        FormId::new(1, k)
    }

    fn insn(id: FormId, ops: &[i64], comps: &[u8]) -> Instruction {
        let mut i = Instruction {
            form: id,
            qp: 0,
            ops: [0; MAX_OPERANDS],
            comps: [0; MAX_COMPLETERS],
        };
        i.ops[..ops.len()].copy_from_slice(ops);
        i.comps[..comps.len()].copy_from_slice(comps);
        i
    }

    /// The mnemonic with completers and the operand values a slot decodes to.
    fn decoded(slot: u64) -> Option<(String, Vec<i64>)> {
        let d = decode_slot(SlotUnit::I, slot, 0, 1).ok()?;
        let f = d.form();
        let mut name = String::from(f.name);
        for (k, c) in f.completers.iter().enumerate() {
            name.push_str(c.name(d.comps[k] as u64)?);
        }
        Some((name, d.operands().to_vec()))
    }

    #[test]
    fn shift_counts_tie_position_and_length() {
        for op in [SHR_COUNT, SHL_COUNT] {
            for v in 0..=63 {
                let f = op.field_of_value(v).expect("count in range");
                assert_eq!(op.value_of_field(f), Some(v), "{op:?} {v}");
                // Any other length is not this pseudo-op.
                assert_eq!(op.value_of_field(f ^ 1 << 6), None, "{op:?} {v}");
            }
            assert_eq!(op.field_of_value(64), None);
            assert_eq!(op.field_of_value(-1), None);
        }
        // shr.u r1=r3,5 is extr.u r1=r3,5,59; shl r1=r2,5 is dep.z r1=r2,5,59.
        assert_eq!(SHR_COUNT.field_of_value(5), Some(5 | 58 << 6));
        assert_eq!(SHL_COUNT.field_of_value(5), Some(58 | 58 << 6));
    }

    #[test]
    fn extract_and_deposit_print_as_shifts_only_when_tied() {
        let extr_u = row("extr.u", &[R1, R3, POS6B, LEN6D]);
        let dep_z = row("dep.z", &[R1, R2, CPOS6C, LEN6D]);
        for (id, shift) in [(extr_u, "shr.u"), (dep_z, "shl")] {
            let tied = encode(&insn(id, &[1, 3, 5, 59], &[]))
                .expect("encodes")
                .slot;
            assert_eq!(decoded(tied), Some((shift.into(), alloc::vec![1, 3, 5])));
            let untied = encode(&insn(id, &[1, 3, 5, 58], &[]))
                .expect("encodes")
                .slot;
            assert_eq!(
                decoded(untied),
                Some((id.form().name.into(), alloc::vec![1, 3, 5, 58]))
            );
        }
    }

    #[test]
    fn move_to_br_drops_the_tag_only_without_hints() {
        // x3 = 7, b1 = 1, r2 = 2, timm9c = 3, then `wh` and the `x`/`ih` bits.
        let base = 7u64 << 33 | 3 << 24 | 2 << 13 | 1 << 6;
        let d = |wh: u64, ret: u64, imp: u64| decoded(base | wh << 20 | ret << 22 | imp << 23);
        assert_eq!(d(1, 0, 0), Some(("mov".into(), alloc::vec![1, 2])));
        assert_eq!(d(1, 1, 0), Some(("mov.ret".into(), alloc::vec![1, 2, 48])));
        assert_eq!(d(1, 0, 1), Some(("mov.imp".into(), alloc::vec![1, 2, 48])));
        assert_eq!(
            d(0, 1, 1),
            Some(("mov.ret.sptk.imp".into(), alloc::vec![1, 2, 48]))
        );
        assert_eq!(d(2, 0, 0), Some(("mov.dptk".into(), alloc::vec![1, 2, 48])));
        for (ret, imp) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            assert_eq!(d(3, ret, imp), None, "wh = 3 is reserved");
        }
    }

    #[test]
    fn swapped_bit_tests_name_the_complementary_relation() {
        // GNU as writes `tbit.nz p1,p2=...` for `tbit.z p2,p1=...`, `.andcm` for
        // the swapped `.and`, `.orcm` for `.or`, `.and.orcm` for `.or.andcm`.
        let complement = |s: &str| -> String {
            let t: Vec<&str> = s.split('.').skip(1).collect();
            let z = if t[0] == "z" { "nz" } else { "z" };
            let rel = match &t[1..] {
                [] => "",
                ["unc"] => ".unc",
                ["andcm"] => ".and",
                ["orcm"] => ".or",
                ["and", "orcm"] => ".or.andcm",
                other => panic!("unexpected swapped relation {other:?}"),
            };
            alloc::format!(".{z}{rel}")
        };
        let mut checked = 0;
        for asm in FORMS
            .iter()
            .filter(|f| f.flags.has(ASM) && f.completers.len() == 1)
        {
            let printed = FORMS
                .iter()
                .find(|f| !f.flags.has(ASM) && f.opcode == asm.opcode && f.mask == asm.mask)
                .expect("a printed row with the same encoding");
            assert_eq!(printed.operands[0], asm.operands[1]);
            assert_eq!(printed.operands[1], asm.operands[0]);
            for c in 0..2 {
                let a = asm.completers[0].name(c).expect("named");
                let p = printed.completers[0].name(c).expect("named");
                assert_eq!(complement(a), p, "{}{a}", asm.name);
                checked += 1;
            }
        }
        assert_eq!(
            checked,
            3 * 4 * 2,
            "tbit, tnat and tf, four relation types each"
        );
    }

    #[test]
    fn every_i_unit_instruction_is_present() {
        // SDM rev. 2.3 Vol. 3 Table 4-17 ff. (I-unit instructions), the Itanium
        // 9500 additions, and the pseudo-ops objdump prints.
        let names = [
            "pmpyshr2",
            "pmpyshr2.u",
            "pmpy2.r",
            "pmpy2.l",
            "mix1.r",
            "mix2.r",
            "mix4.r",
            "mix1.l",
            "mix2.l",
            "mix4.l",
            "pack2.uss",
            "pack2.sss",
            "pack4.sss",
            "unpack1.h",
            "unpack2.h",
            "unpack4.h",
            "unpack1.l",
            "unpack2.l",
            "unpack4.l",
            "pmin1.u",
            "pmax1.u",
            "pmin2",
            "pmax2",
            "psad1",
            "mux1",
            "mux2",
            "pshr2",
            "pshr4",
            "shr",
            "pshr2.u",
            "pshr4.u",
            "shr.u",
            "pshl2",
            "pshl4",
            "shl",
            "popcnt",
            "shrp",
            "extr.u",
            "extr",
            "dep.z",
            "dep",
            "tbit",
            "tnat",
            "break.i",
            "nop.i",
            "hint.i",
            "chk.s.i",
            "mov",
            "mov.imp",
            "mov.ret",
            "mov.i",
            "zxt1",
            "zxt2",
            "zxt4",
            "sxt1",
            "sxt2",
            "sxt4",
            "czx1.l",
            "czx2.l",
            "czx1.r",
            "czx2.r",
            "tf",
            "clz",
            "mpy4",
            "mpyshl4",
        ];
        for n in names {
            assert!(
                FORMS.iter().any(|f| f.name == n && !f.flags.has(ASM)),
                "{n} missing"
            );
        }
        // mov: to and from BR, to PR (mask and rotating), from IP and PR.
        for ops in [
            &[B1, R2][..],
            &[B1, R2, TAG13B],
            &[R1, B2],
            &[PR, R2, MASK17],
        ] {
            row("mov", ops);
        }
        for ops in [&[PR_ROT, IMM44][..], &[R1, IP], &[R1, PR]] {
            row("mov", ops);
        }
        for ops in [&[AR3, R2][..], &[AR3, IMM8], &[R1, AR3]] {
            row("mov.i", ops);
        }
    }
}
