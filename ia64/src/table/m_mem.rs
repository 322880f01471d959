//! M-unit memory rows of the instruction table: integer and floating-point loads
//! and stores, semaphores, `lfetch`, `setf`/`getf` (SDM Vol. 3 §4.4.1–§4.4.4,
//! formats M1–M19; majors 4–7).
//!
//! The opcode extension `x6` (bits 35:30) splits into an access type (35:32) and a
//! size (31:30); both, and the locality hint (29:28), are completers so that one
//! row covers a family (`ld` + `1` + `.c.clr` + `.nta`). Values binutils does not
//! decode are `None`.
//!
//! Itanium 9500 widened the hint to three bits, putting the third in a field the
//! form leaves unused: bit 19 for loads without base update, bit 12 for stores and
//! `lfetch`. binutils 2.40 decodes it (`.d4`..`.d7`), so each such family has a
//! second row with that bit set, and a third, assembler-only row for the other
//! spellings gas accepts for the two-bit hints (`.d1` for `.nt1`, `.d3` for
//! `.nta`...).

use crate::form::{enc, Completer, Flags, Form, Unit::M};
use crate::operand::Opnd::*;

/// Major opcode (40:37), `m` (36) and `x` (27) of formats that have both bits.
const fn mx(major: u64, m: u64, x: u64) -> (u64, u64) {
    enc(&[(37, 4, major), (36, 1, m), (27, 1, x)])
}

/// Major opcode alone: in majors 5 and 7 bits 36 and 27 are `imm9`'s `s` and `i`.
const fn mj(major: u64) -> (u64, u64) {
    enc(&[(37, 4, major)])
}

/// `bits` with one more fixed field `(lo, len, value)`.
const fn with(bits: (u64, u64), field: (u8, u8, u64)) -> (u64, u64) {
    let (op, mask) = enc(&[field]);
    assert!(bits.1 & mask == 0, "with: field already fixed");
    (bits.0 | op, bits.1 | mask)
}

/// All of `x6` (35:30).
const fn x6(v: u64) -> (u8, u8, u64) {
    (30, 6, v)
}

/// The access-type half of `x6` (35:32); the size half (31:30) stays a completer.
const fn x6hi(v: u64) -> (u8, u8, u64) {
    (32, 4, v)
}

/// `x6` bits 35:33 and 31:30 with bit 32 (`.acq`/`.rel`) left to a completer.
const fn x6_but_32(v: u64) -> (u64, u64) {
    let (a, am) = enc(&[(33, 3, v >> 3)]);
    let (b, bm) = enc(&[(30, 2, v & 3)]);
    (a | b, am | bm)
}

/// Adds the fixed `x6` bits of [`x6_but_32`].
const fn with2(bits: (u64, u64), more: (u64, u64)) -> (u64, u64) {
    assert!(bits.1 & more.1 == 0, "with2: field already fixed");
    (bits.0 | more.0, bits.1 | more.1)
}

/// No flags: a row the decoder may choose.
const NONE: Flags = Flags::NONE;
/// An assembler-only spelling.
const ASM_ONLY: Flags = Flags::ASM_ONLY;

/// Third hint bit of loads without base update (formats M1, M6): bit 19.
const LD_D: u8 = 19;
/// Third hint bit of stores and `lfetch` (formats M4, M9, M13–M15): bit 12.
const ST_D: u8 = 12;

/// `bits` with the third hint bit at `at` clear (`v` = 0) or set (`v` = 1).
const fn d(bits: (u64, u64), at: u8, v: u64) -> (u64, u64) {
    with(bits, (at, 1, v))
}

// ---------------------------------------------------------------------------
// Completers.

/// Integer access size, `x6` bits 31:30.
const SZ: Completer = Completer {
    lo: 30,
    len: 2,
    names: &[Some("1"), Some("2"), Some("4"), Some("8")],
};

/// Integer load type, `x6` bits 35:32 (SDM Vol. 3 §4.4.1): `6` is `ld8.fill`
/// (its own row); the store and semaphore values belong to other rows.
const LD_TYPE: Completer = Completer {
    lo: 32,
    len: 4,
    names: &[
        Some(""),
        Some(".s"),
        Some(".a"),
        Some(".sa"),
        Some(".bias"),
        Some(".acq"),
        None,
        None,
        Some(".c.clr"),
        Some(".c.nc"),
        Some(".c.clr.acq"),
        None,
        None,
        None,
        None,
        None,
    ],
};

/// Floating-point access size, `x6` bits 31:30 (`ldfe`, `ldf8`, `ldfs`, `ldfd`).
const FSZ: Completer = Completer {
    lo: 30,
    len: 2,
    names: &[Some("e"), Some("8"), Some("s"), Some("d")],
};

/// Floating-point pair size, `x6` bits 31:30: no extended pair.
const FPSZ: Completer = Completer {
    lo: 30,
    len: 2,
    names: &[None, Some("8"), Some("s"), Some("d")],
};

/// `ldfp8`/`ldfpd` with base update: the two sizes that post-increment by 16.
const FPSZ16: Completer = Completer {
    lo: 30,
    len: 2,
    names: &[None, Some("8"), None, Some("d")],
};

/// Floating-point load type, `x6` bits 35:32 (SDM Vol. 3 §4.4.1): no `.bias`,
/// `.acq` or `.c.clr.acq`.
const FLD_TYPE: Completer = Completer {
    lo: 32,
    len: 4,
    names: &[
        Some(""),
        Some(".s"),
        Some(".a"),
        Some(".sa"),
        None,
        None,
        None,
        None,
        Some(".c.clr"),
        Some(".c.nc"),
        None,
        None,
        None,
        None,
        None,
        None,
    ],
};

/// `.rel` of a store, `x6` bit 32.
const REL: Completer = Completer {
    lo: 32,
    len: 1,
    names: &[Some(""), Some(".rel")],
};

/// `.acq` of `ld16`, `x6` bit 32.
const ACQ: Completer = Completer {
    lo: 32,
    len: 1,
    names: &[Some(""), Some(".acq")],
};

/// Ordering of `cmpxchg`, `cmp8xchg16` and `fetchadd`, `x6` bit 32.
const SEM: Completer = Completer {
    lo: 32,
    len: 1,
    names: &[Some(".acq"), Some(".rel")],
};

/// `fetchadd` size, `x6` bit 30.
const FA_SZ: Completer = Completer {
    lo: 30,
    len: 1,
    names: &[Some("4"), Some("8")],
};

/// `setf`/`getf` part, `x6` bits 31:30.
const SETF_PART: Completer = Completer {
    lo: 30,
    len: 2,
    names: &[Some(".sig"), Some(".exp"), Some(".s"), Some(".d")],
};

/// `lfetch` type, `x6` bits 31:30.
const LF_TYPE: Completer = Completer {
    lo: 30,
    len: 2,
    names: &[Some(""), Some(".excl"), Some(".fault"), Some(".fault.excl")],
};

/// Load hint (29:28) of a load without base update, third hint bit clear.
const LD_HINT: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[Some(""), Some(".nt1"), Some(".d2"), Some(".nta")],
};

/// Load hint of loads with base update, load pairs and semaphores: value 2 is
/// reserved there.
const LDU_HINT: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[Some(""), Some(".nt1"), None, Some(".nta")],
};

/// Store hint (29:28) of a store without base update, third hint bit clear.
const ST_HINT: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[Some(""), Some(".d1"), Some(".d2"), Some(".nta")],
};

/// Store hint of a store with immediate base update: only none and `.nta`.
const STU_HINT: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[Some(""), None, None, Some(".nta")],
};

/// `lfetch` hint (29:28), third hint bit clear.
const LF_HINT: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[Some(""), Some(".nt1"), Some(".nt2"), Some(".nta")],
};

/// gas's other spellings of [`LD_HINT`]'s values 1..=3 (assembler only).
const LD_ALIAS: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[None, Some(".d1"), Some(".nt2"), Some(".d3")],
};

/// gas's other spellings of [`ST_HINT`]'s values 1..=3 (assembler only).
const ST_ALIAS: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[None, Some(".nt1"), Some(".nt2"), Some(".d3")],
};

/// gas's other spellings of [`LF_HINT`]'s values 1..=3 (assembler only).
const LF_ALIAS: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[None, Some(".d1"), Some(".d2"), Some(".d3")],
};

/// Hint (29:28) of every form with the third hint bit set.
const D_HINT: Completer = Completer {
    lo: 28,
    len: 2,
    names: &[Some(".d4"), Some(".d5"), Some(".d6"), Some(".d7")],
};

// ---------------------------------------------------------------------------
// Opcode bits per format.

/// M1 integer load and M4 integer store: major 4, `m` = 0, `x` = 0.
const M1: (u64, u64) = mx(4, 0, 0);
/// M2 integer load with register base update: `m` = 1, `x` = 0.
const M2: (u64, u64) = mx(4, 1, 0);
/// M3 integer load and M5 integer store with immediate base update: major 5.
const M3: (u64, u64) = mj(5);
/// M16 semaphores, M17 `fetchadd`, M19 `getf`, and the 16-byte `ld16`/`st16`:
/// major 4, `m` = 0, `x` = 1.
const M16: (u64, u64) = mx(4, 0, 1);
/// M6 FP load, M9 FP store, M13 `lfetch`: major 6, `m` = 0, `x` = 0.
const M6: (u64, u64) = mx(6, 0, 0);
/// M7 FP load and M14 `lfetch` with register base update: `m` = 1, `x` = 0.
const M7: (u64, u64) = mx(6, 1, 0);
/// M8 FP load, M10 FP store, M15 `lfetch` with immediate base update: major 7.
const M8: (u64, u64) = mj(7);
/// M11 FP load pair and M18 `setf`: major 6, `m` = 0, `x` = 1.
const M11: (u64, u64) = mx(6, 0, 1);
/// M12 FP load pair with base update: major 6, `m` = 1, `x` = 1.
const M12: (u64, u64) = mx(6, 1, 1);
/// `ld16` (x6 0x28, `.acq` 0x2c).
const LD16: (u64, u64) = with2(M16, x6_but_32(0x28));
/// `st16` (x6 0x30, `.rel` 0x34).
const ST16: (u64, u64) = with2(M16, x6_but_32(0x30));
/// `cmpxchg` (x6 0x00..=0x07).
const CMPXCHG: (u64, u64) = with(M16, (33, 3, 0));
/// `cmp8xchg16` (x6 0x20, `.rel` 0x24).
const CMP8XCHG16: (u64, u64) = with2(M16, x6_but_32(0x20));
/// `st` (x6 0x30..=0x37: bit 32 is `.rel`).
const ST: (u64, u64) = with(M1, (33, 3, 0x30 >> 3));
/// `fetchadd` (x6 0x12, 0x13, 0x16, 0x17: bit 32 is `.rel`, bit 30 the size).
const FETCHADD: (u64, u64) = with(with(M16, (33, 3, 0x12 >> 3)), (31, 1, 1));
/// M13 `lfetch` without base update (x6 0x2c..=0x2f).
const LFETCH_M13: (u64, u64) = with(M6, x6hi(0xb));
/// `lfetch.count`: plain M13 `lfetch` (x6 0x2c) with bit 19 set.
const LFETCH_COUNT_BITS: (u64, u64) = with(with(M6, x6(0x2c)), (19, 1, 1));

/// The rows of a family whose hint has a third bit at `$at`: the two-bit hints
/// `$hint` (third bit clear), `.d4`..`.d7` (third bit set), and, for the
/// assembler only, gas's other spellings `$alias` of the two-bit hints.
macro_rules! hint3 {
    ($flags:expr, $name:literal, $bits:expr, $at:expr, $ops:expr, $outs:literal,
     [$($c:expr),*], $hint:expr, $alias:expr) => {
        &[
            Form::new($name, M, d($bits, $at, 0), $ops, $outs)
                .comp(&[$($c,)* $hint])
                .flags($flags),
            Form::new($name, M, d($bits, $at, 1), $ops, $outs)
                .comp(&[$($c,)* D_HINT])
                .flags($flags),
            Form::new($name, M, d($bits, $at, 0), $ops, $outs)
                .comp(&[$($c,)* $alias])
                .flags(ASM_ONLY),
        ]
    };
}

/// The families, in table order (one family per line where it fits).
#[rustfmt::skip]
const PARTS: &[&[Form]] = &[
    // M1: ld r1=[r3]. Bits 18:13 are ignored.
    hint3!(NONE, "ld", M1, LD_D, &[R1, MEM], 1, [SZ, LD_TYPE], LD_HINT, LD_ALIAS),
    hint3!(NONE, "ld8.fill", with(M1, x6(0x1b)), LD_D, &[R1, MEM], 1, [], LD_HINT, LD_ALIAS),
    // M1 with x = 1: ld16 r1,ar.csd=[r3]; gas also takes it without `ar.csd`.
    hint3!(NONE, "ld16", LD16, LD_D, &[R1, AR_CSD, MEM], 2, [ACQ], LD_HINT, LD_ALIAS),
    hint3!(ASM_ONLY, "ld16", LD16, LD_D, &[R1, MEM], 1, [ACQ], LD_HINT, LD_ALIAS),
    // M2: ld r1=[r3],r2.
    &[
        Form::new("ld", M, M2, &[R1, MEM, R2], 1).comp(&[SZ, LD_TYPE, LDU_HINT]),
        Form::new("ld8.fill", M, with(M2, x6(0x1b)), &[R1, MEM, R2], 1).comp(&[LDU_HINT]),
    ],
    // M3: ld r1=[r3],imm9.
    &[
        Form::new("ld", M, M3, &[R1, MEM, IMM9B], 1).comp(&[SZ, LD_TYPE, LDU_HINT]),
        Form::new("ld8.fill", M, with(M3, x6(0x1b)), &[R1, MEM, IMM9B], 1).comp(&[LDU_HINT]),
    ],
    // M4: st [r3]=r2. Bits 11:6 are ignored.
    hint3!(NONE, "st", ST, ST_D, &[MEM, R2], 1, [SZ, REL], ST_HINT, ST_ALIAS),
    hint3!(NONE, "st8.spill", with(M1, x6(0x3b)), ST_D, &[MEM, R2], 1, [], ST_HINT, ST_ALIAS),
    // M4 with x = 1: st16 [r3]=r2,ar.csd; gas also takes it without `ar.csd`.
    hint3!(NONE, "st16", ST16, ST_D, &[MEM, R2, AR_CSD], 1, [REL], ST_HINT, ST_ALIAS),
    hint3!(ASM_ONLY, "st16", ST16, ST_D, &[MEM, R2], 1, [REL], ST_HINT, ST_ALIAS),
    // M5: st [r3]=r2,imm9.
    &[
        Form::new("st", M, with(M3, (33, 3, 0x30 >> 3)), &[MEM, R2, IMM9A], 1).comp(&[SZ, REL, STU_HINT]),
        Form::new("st8.spill", M, with(M3, x6(0x3b)), &[MEM, R2, IMM9A], 1).comp(&[STU_HINT]),
    ],
    // M16: cmpxchg r1=[r3],r2,ar.ccv and cmp8xchg16 r1=[r3],r2,ar.csd,ar.ccv (gas
    // also takes both without their implicit operands); xchg r1=[r3],r2.
    &[
        Form::new("cmpxchg", M, CMPXCHG, &[R1, MEM, R2, AR_CCV], 1).comp(&[SZ, SEM, LDU_HINT]),
        Form::new("cmpxchg", M, CMPXCHG, &[R1, MEM, R2], 1)
            .comp(&[SZ, SEM, LDU_HINT])
            .flags(ASM_ONLY),
        Form::new("cmp8xchg16", M, CMP8XCHG16, &[R1, MEM, R2, AR_CSD, AR_CCV], 1)
            .comp(&[SEM, LDU_HINT]),
        Form::new("cmp8xchg16", M, CMP8XCHG16, &[R1, MEM, R2], 1)
            .comp(&[SEM, LDU_HINT])
            .flags(ASM_ONLY),
        Form::new("xchg", M, with(M16, x6hi(0x2)), &[R1, MEM, R2], 1).comp(&[SZ, LDU_HINT]),
    ],
    // M17: fetchadd r1=[r3],inc3. Bits 19:16 are ignored.
    &[Form::new("fetchadd", M, FETCHADD, &[R1, MEM, INC3], 1).comp(&[FA_SZ, SEM, LDU_HINT])],
    // M19: getf r1=f2. Bits 26:20 and 29:28 are ignored.
    &[Form::new("getf", M, with(M16, x6hi(0x7)), &[R1, F2], 1).comp(&[SETF_PART])],
    // M6: ldf f1=[r3]. Bits 18:13 are ignored.
    hint3!(NONE, "ldf", M6, LD_D, &[F1, MEM], 1, [FSZ, FLD_TYPE], LD_HINT, LD_ALIAS),
    hint3!(NONE, "ldf.fill", with(M6, x6(0x1b)), LD_D, &[F1, MEM], 1, [], LD_HINT, LD_ALIAS),
    // M7: ldf f1=[r3],r2.
    &[
        Form::new("ldf", M, M7, &[F1, MEM, R2], 1).comp(&[FSZ, FLD_TYPE, LDU_HINT]),
        Form::new("ldf.fill", M, with(M7, x6(0x1b)), &[F1, MEM, R2], 1).comp(&[LDU_HINT]),
    ],
    // M8: ldf f1=[r3],imm9.
    &[
        Form::new("ldf", M, M8, &[F1, MEM, IMM9B], 1).comp(&[FSZ, FLD_TYPE, LDU_HINT]),
        Form::new("ldf.fill", M, with(M8, x6(0x1b)), &[F1, MEM, IMM9B], 1).comp(&[LDU_HINT]),
    ],
    // M9: stf [r3]=f2. Bits 11:6 are ignored.
    hint3!(NONE, "stf", with(M6, x6hi(0xc)), ST_D, &[MEM, F2], 1, [FSZ], ST_HINT, ST_ALIAS),
    hint3!(NONE, "stf.spill", with(M6, x6(0x3b)), ST_D, &[MEM, F2], 1, [], ST_HINT, ST_ALIAS),
    // M10: stf [r3]=f2,imm9.
    &[
        Form::new("stf", M, with(M8, x6hi(0xc)), &[MEM, F2, IMM9A], 1).comp(&[FSZ, STU_HINT]),
        Form::new("stf.spill", M, with(M8, x6(0x3b)), &[MEM, F2, IMM9A], 1).comp(&[STU_HINT]),
    ],
    // M11: ldfp f1,f2=[r3]. M12: ldfp f1,f2=[r3],8|16, the increment being the
    // pair's size.
    &[
        Form::new("ldfp", M, M11, &[F1, F2, MEM], 2).comp(&[FPSZ, FLD_TYPE, LDU_HINT]),
        Form::new("ldfp", M, M12, &[F1, F2, MEM, POSTINC16], 2).comp(&[FPSZ16, FLD_TYPE, LDU_HINT]),
        Form::new("ldfps", M, with(M12, (30, 2, 2)), &[F1, F2, MEM, POSTINC8], 2)
            .comp(&[FLD_TYPE, LDU_HINT]),
    ],
    // M18: setf f1=r2. Bits 26:20 and 29:28 are ignored.
    &[Form::new("setf", M, with(M11, x6hi(0x7)), &[F1, R2], 1).comp(&[SETF_PART])],
    // M13: lfetch [r3]. Bits 11:6 and 18:13 are ignored, and bit 19 too except in
    // plain `lfetch`, where it selects `lfetch.count`: that row fixes more bits
    // and so wins in decoding.
    hint3!(NONE, "lfetch", LFETCH_M13, ST_D, &[MEM], 0, [LF_TYPE], LF_HINT, LF_ALIAS),
    // Itanium 9500 lfetch.count [r3],count,stride (not in SDM rev. 2.3). Bit 18
    // is ignored.
    hint3!(NONE, "lfetch.count", LFETCH_COUNT_BITS, ST_D, &[MEM, LFETCH_COUNT, LFETCH_STRIDE], 0,
        [], LF_HINT, LF_ALIAS),
    // M14: lfetch [r3],r2.
    hint3!(NONE, "lfetch", with(M7, x6hi(0xb)), ST_D, &[MEM, R2], 0, [LF_TYPE], LF_HINT, LF_ALIAS),
    // M15: lfetch [r3],imm9.
    hint3!(NONE, "lfetch", with(M8, x6hi(0xb)), ST_D, &[MEM, IMM9B], 0, [LF_TYPE], LF_HINT, LF_ALIAS),
];

/// Number of rows in `parts`.
const fn total(parts: &[&[Form]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// The rows of `parts` in order, as one array of `N` rows.
const fn cat<const N: usize>(parts: &[&[Form]]) -> [Form; N] {
    let mut out = [parts[0][0]; N];
    let mut k = 0;
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(k == N, "cat: row count");
    out
}

/// Every M-unit memory form, as one array.
const ALL: [Form; total(PARTS)] = cat(PARTS);

/// Every M-unit memory form.
pub static FORMS: &[Form] = &ALL;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::SlotUnit;
    use crate::decode::{decode_slot, Instruction, MAX_COMPLETERS, MAX_OPERANDS};
    use crate::disasm::{write_insn, RawAddrs};
    use crate::encode::encode;
    use crate::operand::{Class, Opnd};
    use crate::table::{self, FormId};
    use alloc::string::String;
    use alloc::vec::Vec;

    /// objdump's text for an M slot, or `None` where it prints `data8`.
    fn text(slot: u64) -> Option<String> {
        let insn = decode_slot(SlotUnit::M, slot, 0, 0).ok()?;
        let mut s = String::new();
        write_insn(&mut s, &insn, 0, &RawAddrs).ok()?;
        Some(s)
    }

    /// A slot from major opcode, `x6`, hint and the register fields r1, r2, r3.
    fn slot(major: u64, x6: u64, hint: u64, r1: u64, r2: u64, r3: u64) -> u64 {
        major << 37 | x6 << 30 | hint << 28 | r3 << 20 | r2 << 13 | r1 << 6
    }

    #[test]
    fn third_hint_bit_gives_d_hints() {
        // Expected texts are what binutils 2.40 objdump prints for these bits.
        let ld8_fill = slot(4, 0x1b, 1, 1, 0, 3);
        assert_eq!(text(ld8_fill).as_deref(), Some("ld8.fill.nt1 r1=[r3]"));
        assert_eq!(
            text(ld8_fill | 1 << 19).as_deref(),
            Some("ld8.fill.d5 r1=[r3]")
        );
        // Bits 18:13 of a load without base update are ignored.
        assert_eq!(
            text(ld8_fill | 0x3f << 13).as_deref(),
            Some("ld8.fill.nt1 r1=[r3]")
        );
        let st = slot(4, 0x34, 2, 0, 2, 3);
        assert_eq!(text(st).as_deref(), Some("st1.rel.d2 [r3]=r2"));
        assert_eq!(text(st | 1 << 12).as_deref(), Some("st1.rel.d6 [r3]=r2"));
        let stf = slot(6, 0x3b, 3, 0, 2, 3);
        assert_eq!(text(stf | 1 << 12).as_deref(), Some("stf.spill.d7 [r3]=f2"));
    }

    #[test]
    fn bit_19_of_plain_lfetch_is_lfetch_count() {
        let lf = slot(6, 0x2c, 2, 0, 0, 3);
        assert_eq!(text(lf).as_deref(), Some("lfetch.nt2 [r3]"));
        // count 64 (field 63), stride -1024 (field -16).
        let count = lf | 1 << 19 | 63 << 6 | 0x10 << 13;
        assert_eq!(
            text(count).as_deref(),
            Some("lfetch.count.nt2 [r3],64,-1024")
        );
        // In lfetch.excl bit 19 is ignored.
        let excl = slot(6, 0x2d, 0, 0, 0, 3);
        assert_eq!(text(excl | 1 << 19).as_deref(), Some("lfetch.excl [r3]"));
    }

    #[test]
    fn pair_post_increment_is_the_pair_size() {
        assert_eq!(
            text(slot(6, 0x02, 0, 8, 9, 3) | 1 << 36 | 1 << 27).as_deref(),
            Some("ldfps f8,f9=[r3],8")
        );
        assert_eq!(
            text(slot(6, 0x23, 3, 8, 9, 3) | 1 << 36 | 1 << 27).as_deref(),
            Some("ldfpd.c.clr.nta f8,f9=[r3],16")
        );
    }

    #[test]
    fn reserved_values_do_not_decode() {
        for bad in [
            slot(4, 0x18, 0, 1, 2, 3),                     // ld type 6 is only ld8.fill
            slot(4, 0x00, 2, 1, 2, 3) | 1 << 36,           // hint 2 with register update
            slot(5, 0x30, 1, 1, 2, 3), // store with imm update: only none and .nta
            slot(4, 0x10, 0, 1, 2, 3) | 1 << 27, // fetchadd x6 0x10
            slot(6, 0x00, 0, 1, 2, 3) | 1 << 27, // no ldfpe
            slot(6, 0x28, 0, 1, 2, 3), // no ldf.c.clr.acq
            slot(4, 0x28, 0, 1, 2, 3) | 1 << 36 | 1 << 27, // no ld16 with update
        ] {
            assert_eq!(text(bad), None, "{bad:#013x}");
        }
    }

    /// Ids and rows of this file's forms.
    fn mine() -> Vec<(FormId, &'static Form)> {
        let s = table::SLICES
            .iter()
            .position(|s| *s == FORMS)
            .expect("m_mem in SLICES");
        table::SLICES[s]
            .iter()
            .enumerate()
            .map(|(i, f)| (FormId::new(s, i), f))
            .collect()
    }

    /// An instruction of `id` with fixed sample operands and completers `comps`.
    fn sample(id: FormId, comps: [u8; MAX_COMPLETERS]) -> Instruction {
        let mut ops = [0i64; MAX_OPERANDS];
        for (k, op) in id.form().operands.iter().enumerate() {
            ops[k] = match (op, op.spec().class) {
                (Opnd::IMM9A | Opnd::IMM9B, _) => -3,
                (Opnd::INC3, _) => 8,
                (_, Class::Fixed(_)) => 0,
                (_, Class::Dec) => op.range().1,
                _ => 10 + k as i64,
            };
        }
        Instruction {
            form: id,
            qp: 5,
            ops,
            comps,
        }
    }

    #[test]
    fn assembler_spellings_encode_like_the_decoded_rows() {
        let rows = mine();
        let mut checked = 0;
        for &(alias_id, alias) in rows.iter().filter(|(_, f)| f.flags.has(ASM_ONLY)) {
            // The decoder's row for the same bits, with the same explicit operands.
            let explicit = |f: &Form| -> Vec<Opnd> {
                f.operands
                    .iter()
                    .copied()
                    .filter(|o| o.width() > 0)
                    .collect()
            };
            let (canon_id, canon) = rows
                .iter()
                .copied()
                .find(|(_, f)| {
                    !f.flags.has(ASM_ONLY)
                        && f.name == alias.name
                        && f.opcode == alias.opcode
                        && f.mask == alias.mask
                        && explicit(f) == explicit(alias)
                })
                .unwrap_or_else(|| panic!("no decoded row for {}", alias.name));
            let last = alias.completers.len() - 1;
            for v in 0..4u8 {
                let mut comps = [0u8; MAX_COMPLETERS];
                comps[last] = v;
                if alias.completers[last].name(v as u64).is_none() {
                    continue;
                }
                let a = encode(&sample(alias_id, comps)).map(|e| e.slot);
                let mut insn = sample(canon_id, comps);
                // Line the explicit operands up with the canonical row's order.
                let alias_ops = sample(alias_id, comps).ops;
                let mut vals = alias
                    .operands
                    .iter()
                    .zip(alias_ops)
                    .filter(|(o, _)| o.width() > 0)
                    .map(|(_, v)| v);
                for (k, op) in canon.operands.iter().enumerate() {
                    if op.width() > 0 {
                        insn.ops[k] = vals.next().unwrap_or(0);
                    }
                }
                assert_eq!(a, encode(&insn).map(|e| e.slot), "{} value {v}", alias.name);
                checked += 1;
            }
        }
        assert!(checked > 30, "only {checked} alias spellings checked");
    }
}
