//! Compares and bit tests writing two predicates (SDM Vol 3 `cmp`, `cmp4`,
//! `tbit`, `tnat`, `tf`), with every compare type: normal, `.unc`, and the
//! parallel `.and`, `.or`, `.or.andcm`.
//!
//! Op fields: `r1` = p1, `a` = p2, `r2`/`r3` the GR sources (r2 = 0 for the forms
//! comparing against r0), `imm` the immediate, `c` the real qualifying predicate
//! (`.unc` forms run with qp 0 so they can clear their targets), `b` packs the
//! relation (bits 2:0, [`rel`]), the compare type (bits 5:3, [`ctype`]), `cmp4`
//! (bit 6) and "first source is the immediate" (bit 7). For `tbit` the relation is
//! "bit clear" or "bit set" and `imm` the bit position.

use super::Flow;
use crate::predecode::Op;
use crate::state::Cpu;

/// Relations.
pub(crate) mod rel {
    pub const EQ: u8 = 0;
    pub const NE: u8 = 1;
    pub const LT: u8 = 2;
    pub const LE: u8 = 3;
    pub const GT: u8 = 4;
    pub const GE: u8 = 5;
    pub const LTU: u8 = 6;
    /// `tbit.z`/`tnat.z`/`tf.z`: true when the tested bit is 0; otherwise `.nz`.
    pub const Z: u8 = 0;
    /// `.nz`.
    pub const NZ: u8 = 1;
}

/// Compare types.
pub(crate) mod ctype {
    pub const NONE: u8 = 0;
    pub const UNC: u8 = 1;
    pub const AND: u8 = 2;
    pub const OR: u8 = 3;
    pub const OR_ANDCM: u8 = 4;
}

/// Packs the `b` field.
pub(crate) const fn pack(relation: u8, ct: u8, cmp4: bool, imm: bool) -> u8 {
    relation | ct << 3 | (cmp4 as u8) << 6 | (imm as u8) << 7
}

/// Writes the two predicates for result `r` (with NaT `nat`) by compare type.
#[inline(always)]
fn write_preds(c: &mut Cpu, o: &Op, r: bool, nat: bool) {
    let (p1, p2) = (o.r1, o.a);
    match o.b >> 3 & 7 {
        ctype::NONE => {
            c.set_p(p1, r && !nat);
            c.set_p(p2, !r && !nat);
        }
        ctype::UNC => {
            let q = c.p(o.c);
            c.set_p(p1, q && r && !nat);
            c.set_p(p2, q && !r && !nat);
        }
        ctype::AND => {
            if nat || !r {
                c.set_p(p1, false);
                c.set_p(p2, false);
            }
        }
        ctype::OR => {
            if !nat && r {
                c.set_p(p1, true);
                c.set_p(p2, true);
            }
        }
        _ => {
            if !nat && r {
                c.set_p(p1, true);
                c.set_p(p2, false);
            }
        }
    }
}

/// `cmp`/`cmp4` in every form.
pub(crate) fn cmp(c: &mut Cpu, o: &Op) -> Flow {
    if o.b >> 3 & 7 == ctype::UNC && !c.p(o.c) {
        c.set_p(o.r1, false);
        c.set_p(o.a, false);
        return Flow::Next;
    }
    let (a, na) = if o.b & 0x80 != 0 {
        (o.imm, false)
    } else {
        c.rn(o.r2)
    };
    let (b, nb) = c.rn(o.r3);
    let (a, b) = if o.b & 0x40 != 0 {
        // cmp4: the low 32 bits, sign-extended for signed relations.
        if o.b & 7 == rel::LTU {
            (a & 0xffff_ffff, b & 0xffff_ffff)
        } else {
            (a as i32 as i64 as u64, b as i32 as i64 as u64)
        }
    } else {
        (a, b)
    };
    let r = match o.b & 7 {
        rel::EQ => a == b,
        rel::NE => a != b,
        rel::LT => (a as i64) < (b as i64),
        rel::LE => (a as i64) <= (b as i64),
        rel::GT => (a as i64) > (b as i64),
        rel::GE => (a as i64) >= (b as i64),
        _ => a < b,
    };
    write_preds(c, o, r, na | nb);
    Flow::Next
}

/// `cmp.eq p1, p2 = r2, r3` (normal type), the most frequent compare.
#[inline]
pub(crate) fn cmp_eq(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r2);
    let (b, nb) = c.rn(o.r3);
    let nat = na | nb;
    c.set_p(o.r1, a == b && !nat);
    c.set_p(o.a, a != b && !nat);
    Flow::Next
}

/// `cmp.lt p1, p2 = imm8, r3` style compares of an immediate (normal type).
#[inline]
pub(crate) fn cmp_imm_lt(c: &mut Cpu, o: &Op) -> Flow {
    let (b, nb) = c.rn(o.r3);
    let r = (o.imm as i64) < (b as i64);
    c.set_p(o.r1, r && !nb);
    c.set_p(o.a, !r && !nb);
    Flow::Next
}

/// `tbit`: tests bit `imm` of r3.
pub(crate) fn tbit(c: &mut Cpu, o: &Op) -> Flow {
    if o.b >> 3 & 7 == ctype::UNC && !c.p(o.c) {
        c.set_p(o.r1, false);
        c.set_p(o.a, false);
        return Flow::Next;
    }
    let (v, n) = c.rn(o.r3);
    let set = v >> (o.imm & 63) & 1 != 0;
    write_preds(c, o, set == (o.b & 7 == rel::NZ), n);
    Flow::Next
}

/// `tnat`: tests r3's NaT bit (never itself "NaT").
pub(crate) fn tnat(c: &mut Cpu, o: &Op) -> Flow {
    if o.b >> 3 & 7 == ctype::UNC && !c.p(o.c) {
        c.set_p(o.r1, false);
        c.set_p(o.a, false);
        return Flow::Next;
    }
    let set = c.natr(o.r3);
    write_preds(c, o, set == (o.b & 7 == rel::NZ), false);
    Flow::Next
}

/// `tf`: tests processor feature bit `imm` (32..=63); ia64pv implements none of
/// the optional features, so every bit reads 0.
pub(crate) fn tf(c: &mut Cpu, o: &Op) -> Flow {
    if o.b >> 3 & 7 == ctype::UNC && !c.p(o.c) {
        c.set_p(o.r1, false);
        c.set_p(o.a, false);
        return Flow::Next;
    }
    write_preds(c, o, o.b & 7 == rel::Z, false);
    Flow::Next
}
