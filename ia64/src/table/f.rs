//! F-unit rows of the instruction table: floating-point multiply-add, compare,
//! classify, reciprocal approximation, min/max, merge/mix/pack/logical, convert,
//! status-field control, `xma`, `fselect`, the parallel (`fp…`) forms and the
//! F-slot `break`/`nop`/`hint` (SDM Vol. 3 §4.6, formats F1–F16).
//!
//! Pseudo-ops that objdump prints (`fmpy` for `fma` with `f2` = f0, `fadd` for
//! `fma` with `f4` = f1, `mov`/`fneg` for `fmerge` with `f2` = `f3`, `fabs` for
//! `fmerge.s` with `f2` = f0, …) are rows that fix the operand fields that select
//! them, so the decoder prefers them. Assembler-only spellings (`fcmp.gt`,
//! `fclass.nm`, `fcvt.xuf`, `xma.lu`, …) are [`Flags::ASM_ONLY`] rows. Every
//! form that takes `.sf` may also be written without it, meaning `.s0`.

use crate::form::{enc, Completer, Flags, Form, Unit::F};
use crate::operand::Opnd::{self, *};
use crate::table::SF;

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

/// Adds the bits of operand field `op`, all fixed at `value`, to an encoding:
/// the operand-selected pseudo-ops (`fmpy` is `fma` with `f2` = 0).
const fn fix(bits: (u64, u64), op: Opnd, value: u64) -> (u64, u64) {
    let m = op.slot_mask();
    let lo = m.trailing_zeros();
    (bits.0 | (value << lo & m), bits.1 | m)
}

/// `fmpy`-style pseudo-op: `f2` (the addend) fixed at f0.
const fn no_addend(bits: (u64, u64)) -> (u64, u64) {
    fix(bits, F2, 0)
}

/// `fadd`-style pseudo-op: `f4` (the multiplier) fixed at f1 (+1.0).
const fn times_one(bits: (u64, u64)) -> (u64, u64) {
    fix(bits, F4, 1)
}

/// Format F1 (majors 8–0xD): `x` (36) left to a completer (`.s`).
const fn f1(m: u64) -> (u64, u64) {
    enc(&[major(m)])
}

/// Format F1/F2/F3 with `x` (36) fixed: majors 9, 0xB, 0xD pick `.d` (0) or the
/// parallel form (1); major 0xE picks `fselect` (0) or `xma` (1).
const fn f1x(m: u64, x: u64) -> (u64, u64) {
    enc(&[major(m), (36, 1, x)])
}

/// Format F4 (`fcmp`, major 4): `rb` (36) and `ra` (33) pick the relation.
const fn f4(rb: u64, ra: u64) -> (u64, u64) {
    enc(&[major(4), (36, 1, rb), (33, 1, ra)])
}

/// Formats F6/F7 (`frcpa`/`frsqrta`, majors 0 and 1): `x` (33) = 1, `q` (36).
const fn f6(m: u64, q: u64) -> (u64, u64) {
    enc(&[major(m), (36, 1, q), (33, 1, 1)])
}

/// Formats F8–F15 (majors 0 and 1): `x` (33) = 0 and `x6` (32:27).
const fn x6(m: u64, x6: u64) -> (u64, u64) {
    enc(&[major(m), (33, 1, 0), (27, 6, x6)])
}

/// A family of formats F8–F10 whose low `low` bits of `x6` are a completer:
/// `x` (33) = 0 and the high bits of `x6` from the family's first value `first`.
const fn x6_group(m: u64, first: u64, low: u8) -> (u64, u64) {
    enc(&[major(m), (33, 1, 0), (27 + low, 6 - low, first >> low)])
}

/// Format F16 (`nop.f`/`hint.f`): `x6` = 1 and `y` (26).
const fn f16(y: u64) -> (u64, u64) {
    enc(&[major(0), (33, 1, 0), (27, 6, 1), (26, 1, y)])
}

/// `.s` (single precision) of `fma`/`fms`/`fnma` and their pseudo-ops: `x` (36)
/// of majors 8, 0xA, 0xC.
const PC_S: Completer = Completer {
    lo: 36,
    len: 1,
    names: &[Some(""), Some(".s")],
};

/// `.unc` of `fcmp`/`fclass`: `ta` (12).
const UNC: Completer = Completer {
    lo: 12,
    len: 1,
    names: &[Some(""), Some(".unc")],
};

/// `xma`/`xmpy` result part: `x2` (35:34); 1 is reserved.
const XMA: Completer = Completer {
    lo: 34,
    len: 2,
    names: &[Some(".l"), None, Some(".hu"), Some(".h")],
};

/// `fpcmp` relation: the low three bits of `x6` 0x30–0x37 (29:27).
const FPCMP_REL: Completer = Completer {
    lo: 27,
    len: 3,
    names: &[
        Some(".eq"),
        Some(".lt"),
        Some(".le"),
        Some(".unord"),
        Some(".neq"),
        Some(".nlt"),
        Some(".nle"),
        Some(".ord"),
    ],
};

/// `fcvt`/`fpcvt` to-integer kind: the low two bits of `x6` 0x18–0x1b (28:27).
const CVT: Completer = Completer {
    lo: 27,
    len: 2,
    names: &[
        Some(".fx"),
        Some(".fxu"),
        Some(".fx.trunc"),
        Some(".fxu.trunc"),
    ],
};

/// `fswap` variant: the low two bits of `x6` 0x34–0x36 (28:27); 0x37 is reserved.
const SWAP: Completer = Completer {
    lo: 27,
    len: 2,
    names: &[Some(""), Some(".nl"), Some(".nr"), None],
};

/// `fmix` variant: the low two bits of `x6` 0x39–0x3b (28:27); 0x38 is reserved.
const MIX: Completer = Completer {
    lo: 27,
    len: 2,
    names: &[None, Some(".lr"), Some(".r"), Some(".l")],
};

/// `fsxt` side: the low bit of `x6` 0x3c/0x3d (27).
const SXT: Completer = Completer {
    lo: 27,
    len: 1,
    names: &[Some(".r"), Some(".l")],
};

/// `f1=f3,f4,f2`: the multiply-add operand order.
const FMA_OPS: &[Opnd] = &[F1, F3, F4, F2];
/// `f1=f3,f4`: multiply only.
const MPY_OPS: &[Opnd] = &[F1, F3, F4];
/// `f1=f3,f2`: add/subtract only.
const ADD_OPS: &[Opnd] = &[F1, F3, F2];
/// `f1=f3`.
const F13: &[Opnd] = &[F1, F3];
/// `f1=f2,f3`.
const F123: &[Opnd] = &[F1, F2, F3];
/// `f1=f2`.
const F12: &[Opnd] = &[F1, F2];

/// An `fcmp` relation row (format F4) with `.unc` and `.sf`.
const fn fcmp(name: &'static str, bits: (u64, u64), ops: &'static [Opnd]) -> Form {
    Form::new(name, F, bits, ops, 2).comp(&[UNC, SF])
}

/// An assembler-only `fcmp` spelling: a relation written with swapped sources or
/// swapped targets of one that exists.
const fn fcmp_asm(name: &'static str, bits: (u64, u64), ops: &'static [Opnd]) -> Form {
    fcmp(name, bits, ops).flags(Flags::ASM_ONLY)
}

/// A row with the status-field completer only.
const fn sf(name: &'static str, bits: (u64, u64), ops: &'static [Opnd], outputs: u8) -> Form {
    Form::new(name, F, bits, ops, outputs).comp(&[SF])
}

/// Every F-unit form.
pub static FORMS: &[Form] = &[
    // F1, major 8/0xA/0xC: fma/fms/fnma with `.s` at bit 36, and their pseudo-ops.
    Form::new("fma", F, f1(8), FMA_OPS, 1).comp(&[PC_S, SF]),
    Form::new("fmpy", F, no_addend(f1(8)), MPY_OPS, 1).comp(&[PC_S, SF]),
    Form::new("fadd", F, times_one(f1(8)), ADD_OPS, 1).comp(&[PC_S, SF]),
    Form::new("fnorm", F, times_one(no_addend(f1(8))), F13, 1).comp(&[PC_S, SF]),
    Form::new("fcvt.xuf", F, times_one(no_addend(f1(8))), F13, 1)
        .comp(&[PC_S, SF])
        .flags(Flags::ASM_ONLY),
    Form::new("fms", F, f1(0xa), FMA_OPS, 1).comp(&[PC_S, SF]),
    Form::new("fsub", F, times_one(f1(0xa)), ADD_OPS, 1).comp(&[PC_S, SF]),
    Form::new("fnma", F, f1(0xc), FMA_OPS, 1).comp(&[PC_S, SF]),
    Form::new("fnmpy", F, no_addend(f1(0xc)), MPY_OPS, 1).comp(&[PC_S, SF]),
    // F1, majors 9/0xB/0xD with x = 0: the `.d` forms.
    sf("fma.d", f1x(9, 0), FMA_OPS, 1),
    sf("fmpy.d", no_addend(f1x(9, 0)), MPY_OPS, 1),
    sf("fadd.d", times_one(f1x(9, 0)), ADD_OPS, 1),
    sf("fnorm.d", times_one(no_addend(f1x(9, 0))), F13, 1),
    sf("fcvt.xuf.d", times_one(no_addend(f1x(9, 0))), F13, 1).flags(Flags::ASM_ONLY),
    sf("fms.d", f1x(0xb, 0), FMA_OPS, 1),
    sf("fsub.d", times_one(f1x(0xb, 0)), ADD_OPS, 1),
    sf("fnma.d", f1x(0xd, 0), FMA_OPS, 1),
    sf("fnmpy.d", no_addend(f1x(0xd, 0)), MPY_OPS, 1),
    // F1, majors 9/0xB/0xD with x = 1: parallel multiply-add.
    sf("fpma", f1x(9, 1), FMA_OPS, 1),
    sf("fpmpy", no_addend(f1x(9, 1)), MPY_OPS, 1),
    sf("fpms", f1x(0xb, 1), FMA_OPS, 1),
    sf("fpnma", f1x(0xd, 1), FMA_OPS, 1),
    sf("fpnmpy", no_addend(f1x(0xd, 1)), MPY_OPS, 1),
    // F2 (major 0xE, x = 1): xma with its x2 completer.
    Form::new("xma", F, f1x(0xe, 1), FMA_OPS, 1).comp(&[XMA]),
    Form::new("xmpy", F, no_addend(f1x(0xe, 1)), MPY_OPS, 1).comp(&[XMA]),
    Form::new(
        "xma.lu",
        F,
        enc(&[major(0xe), (36, 1, 1), (34, 2, 0)]),
        FMA_OPS,
        1,
    )
    .flags(Flags::ASM_ONLY),
    Form::new(
        "xmpy.lu",
        F,
        no_addend(enc(&[major(0xe), (36, 1, 1), (34, 2, 0)])),
        MPY_OPS,
        1,
    )
    .flags(Flags::ASM_ONLY),
    // F3 (major 0xE, x = 0).
    Form::new("fselect", F, f1x(0xe, 0), FMA_OPS, 1),
    // F4 (major 4): fcmp; the other relations swap sources or targets.
    fcmp("fcmp.eq", f4(0, 0), &[P1, P2, F2, F3]),
    fcmp("fcmp.lt", f4(1, 0), &[P1, P2, F2, F3]),
    fcmp("fcmp.le", f4(0, 1), &[P1, P2, F2, F3]),
    fcmp("fcmp.unord", f4(1, 1), &[P1, P2, F2, F3]),
    fcmp_asm("fcmp.gt", f4(1, 0), &[P1, P2, F3, F2]),
    fcmp_asm("fcmp.ge", f4(0, 1), &[P1, P2, F3, F2]),
    fcmp_asm("fcmp.neq", f4(0, 0), &[P2, P1, F2, F3]),
    fcmp_asm("fcmp.nlt", f4(1, 0), &[P2, P1, F2, F3]),
    fcmp_asm("fcmp.nle", f4(0, 1), &[P2, P1, F2, F3]),
    fcmp_asm("fcmp.ngt", f4(1, 0), &[P2, P1, F3, F2]),
    fcmp_asm("fcmp.nge", f4(0, 1), &[P2, P1, F3, F2]),
    fcmp_asm("fcmp.ord", f4(1, 1), &[P2, P1, F2, F3]),
    // F5 (major 5): fclass.
    Form::new("fclass.m", F, enc(&[major(5)]), &[P1, P2, F2, FCLASS9], 2).comp(&[UNC]),
    Form::new("fclass.nm", F, enc(&[major(5)]), &[P2, P1, F2, FCLASS9], 2)
        .comp(&[UNC])
        .flags(Flags::ASM_ONLY),
    // F6/F7: reciprocal and reciprocal square root approximation.
    sf("frcpa", f6(0, 0), &[F1, P2, F2, F3], 2),
    sf("frsqrta", f6(0, 1), &[F1, P2, F3], 2),
    sf("fprcpa", f6(1, 0), &[F1, P2, F2, F3], 2),
    sf("fprsqrta", f6(1, 1), &[F1, P2, F3], 2),
    // F8: min/max, and the parallel compare.
    sf("fmin", x6(0, 0x14), F123, 1),
    sf("fmax", x6(0, 0x15), F123, 1),
    sf("famin", x6(0, 0x16), F123, 1),
    sf("famax", x6(0, 0x17), F123, 1),
    sf("fpmin", x6(1, 0x14), F123, 1),
    sf("fpmax", x6(1, 0x15), F123, 1),
    sf("fpamin", x6(1, 0x16), F123, 1),
    sf("fpamax", x6(1, 0x17), F123, 1),
    Form::new("fpcmp", F, x6_group(1, 0x30, 3), F123, 1).comp(&[FPCMP_REL, SF]),
    sf("fpcmp.gt", x6(1, 0x31), &[F1, F3, F2], 1).flags(Flags::ASM_ONLY),
    sf("fpcmp.ge", x6(1, 0x32), &[F1, F3, F2], 1).flags(Flags::ASM_ONLY),
    sf("fpcmp.ngt", x6(1, 0x35), &[F1, F3, F2], 1).flags(Flags::ASM_ONLY),
    sf("fpcmp.nge", x6(1, 0x36), &[F1, F3, F2], 1).flags(Flags::ASM_ONLY),
    // F9: merge and its pseudo-ops. `mov`/`fneg`/`fpneg` (f2 = f3) come before
    // the merge they alias: equal masks are tried in table order.
    Form::new("mov", F, fix(fix(x6(0, 0x10), F2, 0), F3, 0), &[F1, F0], 1),
    Form::new("mov", F, x6(0, 0x10), &[F1, F3_TWICE], 1),
    Form::new("fabs", F, fix(x6(0, 0x10), F2, 0), F13, 1),
    Form::new("fmerge.s", F, x6(0, 0x10), F123, 1),
    Form::new("fneg", F, fix(fix(x6(0, 0x11), F2, 0), F3, 0), &[F1, F0], 1),
    Form::new("fneg", F, x6(0, 0x11), &[F1, F3_TWICE], 1),
    Form::new("fnegabs", F, fix(x6(0, 0x11), F2, 0), F13, 1),
    Form::new("fmerge.ns", F, x6(0, 0x11), F123, 1),
    Form::new("fmerge.se", F, x6(0, 0x12), F123, 1),
    Form::new("fpabs", F, fix(x6(1, 0x10), F2, 0), F13, 1),
    Form::new("fpmerge.s", F, x6(1, 0x10), F123, 1),
    Form::new(
        "fpneg",
        F,
        fix(fix(x6(1, 0x11), F2, 0), F3, 0),
        &[F1, F0],
        1,
    ),
    Form::new("fpneg", F, x6(1, 0x11), &[F1, F3_TWICE], 1),
    Form::new("fpnegabs", F, fix(x6(1, 0x11), F2, 0), F13, 1),
    Form::new("fpmerge.ns", F, x6(1, 0x11), F123, 1),
    Form::new("fpmerge.se", F, x6(1, 0x12), F123, 1),
    // F9: mix, sign-extend, pack, swap and logical operations.
    Form::new("fmix", F, x6_group(0, 0x38, 2), F123, 1).comp(&[MIX]),
    Form::new("fsxt", F, x6_group(0, 0x3c, 1), F123, 1).comp(&[SXT]),
    Form::new("fpack", F, x6(0, 0x28), F123, 1),
    Form::new("fswap", F, x6_group(0, 0x34, 2), F123, 1).comp(&[SWAP]),
    Form::new("fand", F, x6(0, 0x2c), F123, 1),
    Form::new("fandcm", F, x6(0, 0x2d), F123, 1),
    Form::new("for", F, x6(0, 0x2e), F123, 1),
    Form::new("fxor", F, x6(0, 0x2f), F123, 1),
    // F10: convert floating-point to integer; F11: integer to floating-point.
    Form::new("fcvt", F, x6_group(0, 0x18, 2), F12, 1).comp(&[CVT, SF]),
    Form::new("fpcvt", F, x6_group(1, 0x18, 2), F12, 1).comp(&[CVT, SF]),
    Form::new("fcvt.xf", F, x6(0, 0x1c), F12, 1),
    // F12–F14: status field control and check.
    sf("fsetc", x6(0, 0x04), &[AMASK7, OMASK7], 0),
    sf("fclrf", x6(0, 0x05), &[], 0),
    sf("fchkf", x6(0, 0x08), &[TGT25F], 0),
    // F15/F16: break, nop, hint.
    Form::new("break.f", F, x6(0, 0x00), &[IMM21], 0),
    Form::new("nop.f", F, f16(0), &[IMM21], 0),
    Form::new("hint.f", F, f16(1), &[IMM21], 0),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::SlotUnit;
    use crate::decode::{decode_slot, Instruction, MAX_COMPLETERS, MAX_OPERANDS};
    use crate::disasm::{write_insn, RawAddrs};
    use crate::encode::encode;
    use crate::table::all;
    use alloc::string::String;

    /// A slot from its major opcode and the `f1`..`f4` fields (bits 36:34 in `hi`).
    fn slot(m: u64, hi: u64, f1: u64, f2: u64, f3: u64, f4: u64) -> u64 {
        m << 37 | hi << 34 | f4 << 27 | f3 << 20 | f2 << 13 | f1 << 6
    }

    fn text(bits: u64) -> String {
        let insn = decode_slot(SlotUnit::F, bits, 0, 1).expect("decodes");
        let mut s = String::new();
        write_insn(&mut s, &insn, 0, &RawAddrs).expect("writes");
        s
    }

    #[test]
    fn multiply_add_pseudo_ops_follow_the_fixed_operands() {
        assert_eq!(text(slot(8, 0b001, 1, 2, 3, 4)), "fma.s1 f1=f3,f4,f2");
        assert_eq!(text(slot(8, 0, 1, 0, 3, 4)), "fmpy.s0 f1=f3,f4");
        assert_eq!(text(slot(8, 0b100, 1, 2, 3, 1)), "fadd.s.s0 f1=f3,f2");
        assert_eq!(text(slot(9, 0b011, 1, 0, 3, 1)), "fnorm.d.s3 f1=f3");
        // fms has no multiply-only pseudo-op, fnma no add-only one.
        assert_eq!(text(slot(0xa, 0, 1, 0, 3, 1)), "fsub.s0 f1=f3,f0");
        assert_eq!(text(slot(0xc, 0, 1, 2, 3, 1)), "fnma.s0 f1=f3,f1,f2");
        assert_eq!(text(slot(0xe, 0b110, 1, 0, 3, 4)), "xmpy.hu f1=f3,f4");
    }

    #[test]
    fn merge_pseudo_ops_need_their_operand_pattern() {
        let merge = |x6: u64, f2: u64, f3: u64| (x6 << 27) | (f3 << 20) | (f2 << 13) | (1 << 6);
        assert_eq!(text(merge(0x10, 7, 7)), "mov f1=f7");
        assert_eq!(text(merge(0x10, 7, 8)), "fmerge.s f1=f7,f8");
        assert_eq!(text(merge(0x10, 0, 8)), "fabs f1=f8");
        assert_eq!(text(merge(0x10, 0, 0)), "mov f1=f0");
        assert_eq!(text(merge(0x11, 0, 0)), "fneg f1=f0");
        assert_eq!(text(merge(0x11, 0, 9)), "fnegabs f1=f9");
        assert_eq!(text(merge(0x12, 9, 9)), "fmerge.se f1=f9,f9");
        let pmerge = |x6: u64, f2: u64, f3: u64| 1 << 37 | merge(x6, f2, f3);
        assert_eq!(text(pmerge(0x10, 0, 0)), "fpabs f1=f0");
        assert_eq!(text(pmerge(0x11, 0, 0)), "fpneg f1=f0");
        assert_eq!(text(pmerge(0x10, 5, 5)), "fpmerge.s f1=f5,f5");
    }

    #[test]
    fn reserved_extensions_do_not_decode() {
        for (m, x6) in [(0u64, 0x13u64), (0, 0x37), (0, 0x38), (1, 0x1c), (1, 0x28)] {
            assert!(
                decode_slot(SlotUnit::F, m << 37 | x6 << 27, 0, 1).is_err(),
                "{m} {x6:#x}"
            );
        }
        // xma's x2 = 1.
        assert!(decode_slot(SlotUnit::F, slot(0xe, 0b101, 1, 2, 3, 4), 0, 1).is_err());
    }

    #[test]
    fn fclass_masks_without_signs_get_both() {
        // The encoder is exact; GNU as's sign rule is the assembler's business.
        assert_eq!(FCLASS9.field_of_value(0x10), Some(0x10));
        assert_eq!(crate::operand::gas_fclass_mask(0x10), 0x13);
        assert_eq!(crate::operand::gas_fclass_mask(0x11), 0x11);
        assert_eq!(FCLASS9.field_of_value(0x11), Some(0x11));
        assert_eq!(FCLASS9.field_of_value(0x1c0), Some(0x1c0));
        assert_eq!(FCLASS9.field_of_value(0x200), None);
        assert_eq!(FCLASS9.value_of_field(0x10), Some(0x10));
    }

    #[test]
    fn mov_source_is_written_twice() {
        assert_eq!(F3_TWICE.field_of_value(5), Some(5 << 7 | 5));
        assert_eq!(F3_TWICE.field_of_value(128), None);
        assert_eq!(F3_TWICE.value_of_field(9 << 7 | 9), Some(9));
        assert_eq!(F3_TWICE.value_of_field(9 << 7 | 8), None);
    }

    /// Every assembler-only spelling encodes to bits that a printable row decodes.
    #[test]
    fn assembler_only_rows_alias_printable_ones() {
        let slice = crate::table::SLICES
            .iter()
            .position(|s| *s == FORMS)
            .expect("in table");
        for (id, f) in all().filter(|(id, _)| (id.0 >> 12) as usize == slice) {
            assert_eq!(f.unit, F, "{}", f.name);
            if !f.flags.has(Flags::ASM_ONLY) {
                continue;
            }
            let mut insn = Instruction {
                form: id,
                qp: 0,
                ops: [0; MAX_OPERANDS],
                comps: [0; MAX_COMPLETERS],
            };
            for (k, op) in f.operands.iter().enumerate() {
                insn.ops[k] = op.range().0 + 1 + k as i64;
            }
            let bits = encode(&insn).expect("encodes").slot;
            let back = decode_slot(SlotUnit::F, bits, 0, 1).expect("decodes");
            assert_ne!(back.form, id, "{}", f.name);
            assert!(!back.form().flags.has(Flags::ASM_ONLY));
            assert_eq!(encode(&back).expect("re-encodes").slot, bits, "{}", f.name);
        }
    }
}
