//! M-unit system rows of the instruction table: speculation and advanced-load
//! checks, ALAT invalidation, memory fences and serialization, the register stack
//! engine, cache flushes, moves to and from application, control and indirect
//! registers and the PSR, `alloc`, `break`/`nop`/`hint`, `probe`, the TLB and the
//! system-mask instructions (SDM Vol. 3 §4.4, formats M20–M48, majors 0 and 1).
//!
//! Masks are exactly the bits binutils 2.40 checks when it disassembles: the major
//! opcode, `x3` (35:33) and, where the format has them, `x6` (32:27, that is `x2`
//! and `x4` of major 0) and the one-bit extensions (`y` of `nop.m`/`hint.m`, `x` of
//! `fc.i`). Bits the manual calls ignored or reserved inside a format (bit 36 of
//! most major-1 forms, the unused register fields) are outside the masks: objdump
//! decodes the instruction whatever they hold.
//!
//! Privilege (flag `PRIV`) follows each instruction's page in SDM Vol. 3 ch. 2:
//! control registers, the PSR (all of it, not `psr.um`), `ssm`/`rsm`, the TLB
//! instructions, `tpa`/`tak`, and the indirect register files except reads of
//! `pmd`, `cpuid` and `dahr`. Group placement: `alloc`, `flushrs` and `loadrs` must
//! be first in an instruction group; `itc.d`, `itc.i`, `ptc.g` and `ptc.ga` last
//! (their manual pages; GNU as enforces both). objdump never prints a predicate on
//! `alloc`, `flushrs` and `loadrs` (GNU as refuses one), hence `NO_PRED`.

use crate::form::{enc, Flags, Form, Unit::M};
use crate::operand::Opnd::*;

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

/// Formats M24–M27, M30 and M37 (major 0, `x3` = 0) with `x6` = `x2` (32:31) :
/// `x4` (30:27).
const fn m0(x6: u64) -> (u64, u64) {
    enc(&[major(0), (33, 3, 0), (27, 6, x6)])
}

/// Format M44 (`sum`, `rum`, `ssm`, `rsm`): major 0, `x3` = 0 and `x4` only, since
/// `x2`'s bits hold `i2d` of the immediate.
const fn m44(x4: u64) -> (u64, u64) {
    enc(&[major(0), (33, 3, 0), (27, 4, x4)])
}

/// Formats M37 (`nop.m`) and M48 (`hint.m`): `x6` = 1 and `y` (26).
const fn m48(y: u64) -> (u64, u64) {
    enc(&[major(0), (33, 3, 0), (27, 6, 1), (26, 1, y)])
}

/// `hint.m` and the Itanium 9500 `mov dahrN=imm16` share `y` = 1; binutils tells
/// them apart by bits 11:10 (0: `hint.m`, 1: `mov dahr`, 2 and 3 reserved) and
/// takes the `dahr` number from bits 25:23.
const fn hint_m() -> (u64, u64) {
    let (op, mask) = m48(1);
    (op, mask | 3 << 10)
}

/// `mov dahrN=imm16`: `hint.m`'s opcode with bits 11:10 = 1 and N in 25:23.
const fn dahr_imm(n: u64) -> (u64, u64) {
    let (op, mask) = m48(1);
    (op | 1 << 10 | n << 23, mask | 3 << 10 | 7 << 23)
}

/// Formats M29, M31–M33, M35, M36, M38–M43 and M45–M47 (major 1, `x3` = 0) with
/// `x6` (32:27).
const fn m1(x6: u64) -> (u64, u64) {
    enc(&[major(1), (33, 3, 0), (27, 6, x6)])
}

/// Format M28 (`fc`, `fc.i`): `x6` = 0x30 and `x` (36).
const fn m28(x: u64) -> (u64, u64) {
    enc(&[major(1), (33, 3, 0), (27, 6, 0x30), (36, 1, x)])
}

/// Formats M20–M23 and M34, whose operands fill everything but `x3` (35:33).
const fn x3(maj: u64, x3: u64) -> (u64, u64) {
    enc(&[major(maj), (33, 3, x3)])
}

const PRIV: Flags = Flags::PRIV;
/// Must open an instruction group, and carries no predicate.
const FIRST: Flags = Flags::FIRST.with(Flags::NO_PRED);
/// Privileged and must close an instruction group.
const PRIV_LAST: Flags = Flags::PRIV.with(Flags::LAST);

/// Every M-unit system form.
pub static FORMS: &[Form] = &[
    // M20, M21: speculation checks (major 1, x3 = 1 and 3).
    Form::new("chk.s.m", M, x3(1, 1), &[R2, TGT25C], 0),
    Form::new("chk.s", M, x3(1, 3), &[F2, TGT25C], 0),
    // M22, M23: advanced-load checks (major 0, x3 = 4..7).
    Form::new("chk.a.nc", M, x3(0, 4), &[R1, TGT25], 0),
    Form::new("chk.a.clr", M, x3(0, 5), &[R1, TGT25], 0),
    Form::new("chk.a.nc", M, x3(0, 6), &[F1, TGT25], 0),
    Form::new("chk.a.clr", M, x3(0, 7), &[F1, TGT25], 0),
    // M24: ALAT, fences, serialization.
    Form::new("invala", M, m0(0x10), &[], 0),
    Form::new("fwb", M, m0(0x20), &[], 0),
    Form::new("mf", M, m0(0x22), &[], 0),
    Form::new("mf.a", M, m0(0x23), &[], 0),
    Form::new("srlz.d", M, m0(0x30), &[], 0),
    Form::new("srlz.i", M, m0(0x31), &[], 0),
    Form::new("sync.i", M, m0(0x33), &[], 0),
    // M25: register stack engine.
    Form::new("flushrs", M, m0(0x0c), &[], 0).flags(FIRST),
    Form::new("loadrs", M, m0(0x0a), &[], 0).flags(FIRST),
    // M26, M27: invalidate one ALAT entry.
    Form::new("invala.e", M, m0(0x12), &[R1], 0),
    Form::new("invala.e", M, m0(0x13), &[F1], 0),
    // M28: flush cache.
    Form::new("fc", M, m28(0), &[R3], 0),
    Form::new("fc.i", M, m28(1), &[R3], 0),
    // M29–M31: application registers. objdump decodes every number, the I-unit
    // ones (64–111) included; GNU as refuses those in an M slot.
    Form::new("mov.m", M, m1(0x2a), &[AR3, R2], 1),
    Form::new("mov.m", M, m0(0x28), &[AR3, IMM8], 1),
    Form::new("mov.m", M, m1(0x22), &[R1, AR3], 1),
    // GNU as also takes plain `mov` for an M-unit application register, and
    // `chk.s` for a general register in an M slot; objdump prints the forms above.
    Form::new("mov", M, m1(0x2a), &[AR3, R2], 1).flags(Flags::ASM_ONLY),
    Form::new("mov", M, m0(0x28), &[AR3, IMM8], 1).flags(Flags::ASM_ONLY),
    Form::new("mov", M, m1(0x22), &[R1, AR3], 1).flags(Flags::ASM_ONLY),
    Form::new("chk.s", M, x3(1, 1), &[R2, TGT25C], 0).flags(Flags::ASM_ONLY),
    // M32, M33: control registers.
    Form::new("mov", M, m1(0x2c), &[CR3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x24), &[R1, CR3], 1).flags(PRIV),
    // M34: objdump prints sof, sol and sor*8 and checks none of them.
    Form::new("alloc", M, x3(1, 6), &[R1, AR_PFS, SOF, SOL, SOR], 1).flags(FIRST),
    // M35, M36: processor status register.
    Form::new("mov", M, m1(0x2d), &[PSR_L, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x29), &[PSR_UM, R2], 1),
    Form::new("mov", M, m1(0x25), &[R1, PSR], 1).flags(PRIV),
    Form::new("mov", M, m1(0x21), &[R1, PSR_UM], 1),
    // M37, M48: break, nop, hint.
    Form::new("break.m", M, m0(0x00), &[IMM21], 0),
    Form::new("nop.m", M, m48(0), &[IMM21], 0),
    Form::new("hint.m", M, hint_m(), &[IMM19_HINT_M], 0),
    // Itanium 9500: data access hint registers, write by immediate and read.
    Form::new("mov", M, dahr_imm(0), &[DAHR0, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(1), &[DAHR1, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(2), &[DAHR2, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(3), &[DAHR3, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(4), &[DAHR4, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(5), &[DAHR5, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(6), &[DAHR6, IMM16_DAHR], 1),
    Form::new("mov", M, dahr_imm(7), &[DAHR7, IMM16_DAHR], 1),
    Form::new("mov", M, m1(0x20), &[R1, DAHR_R3], 1),
    // M38–M40: probe access rights.
    Form::new("probe.r", M, m1(0x38), &[R1, R3, R2], 1),
    Form::new("probe.w", M, m1(0x39), &[R1, R3, R2], 1),
    Form::new("probe.r", M, m1(0x18), &[R1, R3, IMM2], 1),
    Form::new("probe.w", M, m1(0x19), &[R1, R3, IMM2], 1),
    Form::new("probe.rw.fault", M, m1(0x31), &[R3, IMM2], 0),
    Form::new("probe.r.fault", M, m1(0x32), &[R3, IMM2], 0),
    Form::new("probe.w.fault", M, m1(0x33), &[R3, IMM2], 0),
    // M41: insert translation cache entry.
    Form::new("itc.d", M, m1(0x2e), &[R2], 0).flags(PRIV_LAST),
    Form::new("itc.i", M, m1(0x2f), &[R2], 0).flags(PRIV_LAST),
    // M42: move to indirect registers, insert translation register.
    Form::new("mov", M, m1(0x00), &[RR_R3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x01), &[DBR_R3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x02), &[IBR_R3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x03), &[PKR_R3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x04), &[PMC_R3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x05), &[PMD_R3, R2], 1).flags(PRIV),
    Form::new("mov", M, m1(0x06), &[MSR_R3, R2], 1).flags(PRIV),
    Form::new("itr.d", M, m1(0x0e), &[DTR_R3, R2], 1).flags(PRIV),
    Form::new("itr.i", M, m1(0x0f), &[ITR_R3, R2], 1).flags(PRIV),
    // M43: move from indirect registers; pmd and cpuid are readable at any level.
    Form::new("mov", M, m1(0x10), &[R1, RR_R3], 1).flags(PRIV),
    Form::new("mov", M, m1(0x11), &[R1, DBR_R3], 1).flags(PRIV),
    Form::new("mov", M, m1(0x12), &[R1, IBR_R3], 1).flags(PRIV),
    Form::new("mov", M, m1(0x13), &[R1, PKR_R3], 1).flags(PRIV),
    Form::new("mov", M, m1(0x14), &[R1, PMC_R3], 1).flags(PRIV),
    Form::new("mov", M, m1(0x15), &[R1, PMD_R3], 1),
    Form::new("mov", M, m1(0x16), &[R1, MSR_R3], 1).flags(PRIV),
    Form::new("mov", M, m1(0x17), &[R1, CPUID_R3], 1),
    // M44: user and system mask.
    Form::new("sum", M, m44(4), &[IMM24], 0),
    Form::new("rum", M, m44(5), &[IMM24], 0),
    Form::new("ssm", M, m44(6), &[IMM24], 0).flags(PRIV),
    Form::new("rsm", M, m44(7), &[IMM24], 0).flags(PRIV),
    // M45, M47: purge translations.
    Form::new("ptc.l", M, m1(0x09), &[R3, R2], 0).flags(PRIV),
    Form::new("ptc.g", M, m1(0x0a), &[R3, R2], 0).flags(PRIV_LAST),
    Form::new("ptc.ga", M, m1(0x0b), &[R3, R2], 0).flags(PRIV_LAST),
    Form::new("ptr.d", M, m1(0x0c), &[R3, R2], 0).flags(PRIV),
    Form::new("ptr.i", M, m1(0x0d), &[R3, R2], 0).flags(PRIV),
    Form::new("ptc.e", M, m1(0x34), &[R3], 0).flags(PRIV),
    // M46: translation hashing and access.
    Form::new("thash", M, m1(0x1a), &[R1, R3], 1),
    Form::new("ttag", M, m1(0x1b), &[R1, R3], 1),
    Form::new("tpa", M, m1(0x1e), &[R1, R3], 1).flags(PRIV),
    Form::new("tak", M, m1(0x1f), &[R1, R3], 1).flags(PRIV),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::SlotUnit;
    use crate::decode::decode_slot;
    use alloc::vec;
    use alloc::vec::Vec;

    /// The row a slot decodes to in an M slot, by name and operand values.
    fn decoded(slot: u64) -> Option<(&'static str, Vec<i64>)> {
        let d = decode_slot(SlotUnit::M, slot, 0, 0).ok()?;
        Some((d.form().name, d.operands().to_vec()))
    }

    /// Slot bits GNU as 2.40 produced for these instructions.
    #[test]
    fn gas_encodings_decode() {
        let cases: &[(u64, &str, &[i64])] = &[
            (0x00188000000, "srlz.i", &[]),
            (0x2178004000, "itc.i", &[2]),
            (0x3180300000, "fc.i", &[3]),
            (0x00000ffff3c0, "hint.m", &[0x3ffff]),
            (0x00000e8005c0, "mov", &[0, 7]),
            (0x2c08818040, "alloc", &[1, 0, 12, 8, 8]),
            (0x11400f6000, "mov.m", &[0, -5]),
            (0x2200004000, "chk.s.m", &[2, 0]),
        ];
        for &(bits, name, ops) in cases {
            assert_eq!(decoded(bits), Some((name, ops.to_vec())), "{bits:#x}");
        }
    }

    /// binutils reserves `hint.m`'s bits 11:10 = 2 and 3, and reads 1 as `mov dahr`.
    #[test]
    fn hint_m_selector_bits() {
        let hint = 0x0000c000000u64;
        assert_eq!(decoded(hint).map(|d| d.0), Some("hint.m"));
        assert_eq!(decoded(hint | 1 << 10 | 5 << 23), Some(("mov", vec![0, 0])));
        assert!(decoded(hint | 2 << 10).is_none());
        assert!(decoded(hint | 3 << 10).is_none());
    }

    #[test]
    fn group_and_privilege_flags() {
        for f in FORMS {
            let first = matches!(f.name, "alloc" | "flushrs" | "loadrs");
            assert_eq!(f.flags.has(Flags::FIRST), first, "{}", f.name);
            let last = matches!(f.name, "itc.d" | "itc.i" | "ptc.g" | "ptc.ga");
            assert_eq!(f.flags.has(Flags::LAST), last, "{}", f.name);
            let user = [
                "sum", "rum", "fc", "probe.r", "thash", "mov.m", "break.m", "alloc",
            ];
            if user.contains(&f.name) {
                assert!(!f.flags.has(Flags::PRIV), "{}", f.name);
            }
            if matches!(f.name, "ssm" | "rsm" | "tpa" | "tak" | "itr.d" | "ptc.e") {
                assert!(f.flags.has(Flags::PRIV), "{}", f.name);
            }
        }
    }
}
