//! B-unit rows of the instruction table: branches, branch predict, and the
//! branch-unit system instructions (SDM Vol. 3 §4.5, formats B1–B9).
//!
//! objdump's pseudo-op: a `br.cond` with qualifying predicate p0 and the static
//! taken hint `.sptk` is always taken, and is printed as plain `br` (the rows
//! named "br" fix qp = 0 and `wh` = 0 in their mask, so they win over `br.cond`).

use crate::form::{enc, Completer, Flags, Form, Unit::B};
use crate::operand::Opnd::*;

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

/// `bwh` (35:33 minus `d`): whether-taken hint of IP-relative and indirect branches.
const BWH: Completer = Completer {
    lo: 33,
    len: 2,
    names: &[Some(".sptk"), Some(".spnt"), Some(".dptk"), Some(".dpnt")],
};
/// `bwh` of format B5 (indirect call): three bits, odd values only.
const BWH5: Completer = Completer {
    lo: 32,
    len: 3,
    names: &[
        None,
        Some(".sptk"),
        None,
        Some(".spnt"),
        None,
        Some(".dptk"),
        None,
        Some(".dpnt"),
    ],
};
/// `ph` (12): sequential prefetch hint.
const PH: Completer = Completer {
    lo: 12,
    len: 1,
    names: &[Some(".few"), Some(".many")],
};
/// `dh` (35): branch cache deallocation hint.
const DH: Completer = Completer {
    lo: 35,
    len: 1,
    names: &[Some(""), Some(".clr")],
};
/// `ipwh` (4:3) of `brp` with an IP-relative target (format B6).
const IPWH: Completer = Completer {
    lo: 3,
    len: 2,
    names: &[Some(".sptk"), Some(".loop"), Some(".dptk"), Some(".exit")],
};
/// `indwh` (4:3) of `brp` with an indirect target (format B7).
const INDWH: Completer = Completer {
    lo: 3,
    len: 2,
    names: &[Some(".sptk"), None, Some(".dptk"), None],
};
/// `ih` (35): importance hint of `brp`.
const IH: Completer = Completer {
    lo: 35,
    len: 1,
    names: &[Some(""), Some(".imp")],
};

const HINTS: &[Completer] = &[BWH, PH, DH];
const HINTS_P0: &[Completer] = &[PH, DH];

/// Format B1/B2 (major 4): IP-relative branch of type `btype` (8:6).
const fn b1(btype: u64) -> (u64, u64) {
    enc(&[major(4), (6, 3, btype)])
}

/// The plain-`br` pseudo-op of a conditional branch: qp = p0 and `.sptk` fixed.
const fn p0_sptk(bits: (u64, u64)) -> (u64, u64) {
    (bits.0, bits.1 | 0x3f | 3 << 33)
}

/// Format B4 (major 0): indirect branch with `x6` (32:27) and `btype` (8:6).
const fn b4(x6: u64, btype: u64) -> (u64, u64) {
    enc(&[major(0), (27, 6, x6), (6, 3, btype)])
}

/// Format B8/B9 (major 0 or 2) with `x6` (32:27).
const fn b8(maj: u64, x6: u64) -> (u64, u64) {
    enc(&[major(maj), (27, 6, x6)])
}

const LOOP: Flags = Flags::SLOT2.with(Flags::NO_PRED);
/// Format B8 ignores the qualifying predicate field: objdump prints no predicate.
const B8: Flags = Flags::NO_PRED;
const LAST: Flags = Flags::LAST.with(B8);

/// Every B-unit form.
pub static FORMS: &[Form] = &[
    // B1: IP-relative conditional and loop branches.
    Form::new("br", B, p0_sptk(b1(0)), &[TGT25], 0).comp(HINTS_P0),
    Form::new("br.cond", B, b1(0), &[TGT25], 0).comp(HINTS),
    Form::new("br.wexit", B, b1(2), &[TGT25], 0)
        .comp(HINTS)
        .flags(Flags::SLOT2),
    Form::new("br.wtop", B, b1(3), &[TGT25], 0)
        .comp(HINTS)
        .flags(Flags::SLOT2),
    // B2: counted branches; the qualifying predicate is ignored.
    Form::new("br.cloop", B, b1(5), &[TGT25], 0)
        .comp(HINTS)
        .flags(LOOP),
    Form::new("br.cexit", B, b1(6), &[TGT25], 0)
        .comp(HINTS)
        .flags(LOOP),
    Form::new("br.ctop", B, b1(7), &[TGT25], 0)
        .comp(HINTS)
        .flags(LOOP),
    // B3: IP-relative call.
    Form::new("br.call", B, enc(&[major(5)]), &[B1, TGT25], 1).comp(HINTS),
    // B4: indirect branches and return.
    Form::new("br", B, p0_sptk(b4(0x20, 0)), &[B2], 0).comp(HINTS_P0),
    Form::new("br.cond", B, b4(0x20, 0), &[B2], 0).comp(HINTS),
    Form::new("br.ia", B, b4(0x20, 1), &[B2], 0).comp(HINTS),
    Form::new("br.ret", B, b4(0x21, 4), &[B2], 0).comp(HINTS),
    // B5: indirect call.
    Form::new("br.call", B, enc(&[major(1)]), &[B1, B2], 1).comp(&[BWH5, PH, DH]),
    // B6, B7: branch predict.
    Form::new("brp", B, enc(&[major(7)]), &[TGT25, TAG13], 0)
        .comp(&[IPWH, IH])
        .flags(Flags::NO_PRED),
    Form::new("brp", B, b8(2, 0x10), &[B2, TAG13], 0)
        .comp(&[INDWH, IH])
        .flags(Flags::NO_PRED),
    Form::new("brp.ret", B, b8(2, 0x11), &[B2, TAG13], 0)
        .comp(&[INDWH, IH])
        .flags(Flags::NO_PRED),
    // B8: miscellaneous.
    Form::new("cover", B, b8(0, 0x02), &[], 0).flags(LAST),
    Form::new("clrrrb", B, b8(0, 0x04), &[], 0).flags(LAST),
    Form::new("clrrrb.pr", B, b8(0, 0x05), &[], 0).flags(LAST),
    Form::new("rfi", B, b8(0, 0x08), &[], 0).flags(LAST.with(Flags::PRIV)),
    Form::new("bsw.0", B, b8(0, 0x0c), &[], 0).flags(LAST.with(Flags::PRIV)),
    Form::new("bsw.1", B, b8(0, 0x0d), &[], 0).flags(LAST.with(Flags::PRIV)),
    Form::new("epc", B, b8(0, 0x10), &[], 0).flags(B8),
    Form::new("vmsw.0", B, b8(0, 0x18), &[], 0).flags(B8.with(Flags::PRIV)),
    Form::new("vmsw.1", B, b8(0, 0x19), &[], 0).flags(B8.with(Flags::PRIV)),
    // B9: break, nop, hint.
    Form::new("break.b", B, b8(0, 0x00), &[IMM21], 0),
    Form::new("nop.b", B, b8(2, 0x00), &[IMM21], 0),
    Form::new("hint.b", B, b8(2, 0x01), &[IMM21], 0),
];
