//! Page access rights (pte.ar × pte.pl × CPL, SDM Vol 2 §4.1.1.6, Table 4-4) and
//! protection key registers (SDM Vol 2 §4.1.3, Figure 4-8, Table 4-7).

use super::Access;

/// Number of protection key registers implemented (the architectural minimum,
/// SDM Vol 2 §4.1.3; Ski implements 16 too).
pub const PKR_COUNT: usize = 16;

/// pkr.v (bit 0): the register holds a valid key.
pub const PKR_V: u64 = 1 << 0;
/// pkr.wd (bit 1): write disable.
pub const PKR_WD: u64 = 1 << 1;
/// pkr.rd (bit 2): read disable.
pub const PKR_RD: u64 = 1 << 2;
/// pkr.xd (bit 3): execute disable.
pub const PKR_XD: u64 = 1 << 3;
/// Number of implemented key bits (pkr.key is bits 31:8; Ski implements 24, which
/// is also the number of rid bits, as §4.1.3 requires key bits ≥ rid bits).
pub const KEY_BITS: u32 = 24;
const KEY_SHIFT: u32 = 8;
const KEY_MASK: u64 = ((1 << KEY_BITS) - 1) << KEY_SHIFT;

/// The bits of a PKR that are reserved (4–7 and 32–63); writing one of them raises
/// Reserved Register/Field, which the core checks with this mask.
pub const PKR_RESERVED: u64 = !(KEY_MASK | PKR_V | PKR_WD | PKR_RD | PKR_XD);

/// Whether `access` is allowed to a page with access rights `ar` and privilege level
/// `pl` at privilege level `cpl` (all two/three-bit values; higher bits ignored).
///
/// The table (SDM Vol 2 Table 4-4, and Ski's `accessRights`, which agrees): with
/// ar 0–6 nothing is allowed at a CPL numerically above pl. ar 0 R, 1 RX, 2 RW, 3
/// RWX at every allowed level. ar 4–6 give their first rights at CPL = pl and their
/// second ones at more privileged levels, and the PL0 column always has the second
/// rights: 4 R / RW, 5 RX / RWX (the write only at CPL 0), 6 RWX / RW. ar 7 is the
/// execute-only promotion page: execute at every CPL (the `epc` promotion case is
/// [`epc_promotes`]), read as well at CPL 0, never write.
pub fn access_allowed(ar: u8, pl: u8, cpl: u8, access: Access) -> bool {
    let (ar, pl, cpl) = (ar & 7, pl & 3, cpl & 3);
    let write = matches!(access, Access::Write | Access::ReadWrite);
    if ar == 7 {
        return match access {
            Access::Execute => true,
            Access::Read => cpl == 0,
            Access::Write | Access::ReadWrite => false,
        };
    }
    if cpl > pl {
        return false;
    }
    match ar {
        0 => access == Access::Read,
        1 => !write,
        2 => access != Access::Execute,
        3 => true,
        4 => access != Access::Execute && (!write || cpl == 0 || cpl < pl),
        5 => !write || cpl == 0,
        _ => access != Access::Execute || (cpl == pl && cpl != 0),
    }
}

/// Whether `epc` executed from a page with rights `ar` and level `pl` at `cpl`
/// raises the privilege level to `pl` (SDM Vol 3 `epc`: only an execute-only page,
/// ar 7, promotes, and only to a more privileged level).
pub fn epc_promotes(ar: u8, pl: u8, cpl: u8) -> bool {
    ar & 7 == 7 && (pl & 3) < (cpl & 3)
}

/// Outcome of a protection key check (SDM Vol 2 §4.1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyCheck {
    /// A valid PKR holds the key and does not disable the access.
    Allowed,
    /// No valid PKR holds the key: Key Miss.
    Miss,
    /// The matching PKR disables the access: Key Permission.
    Denied,
}

/// The protection key registers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pkrs {
    regs: [u64; PKR_COUNT],
}

impl Pkrs {
    /// PKR `n` (out-of-range numbers read as 0; the core raises Reserved
    /// Register/Field for them before asking).
    pub(crate) fn get(&self, n: u8) -> u64 {
        self.regs.get(usize::from(n)).copied().unwrap_or(0)
    }

    /// Writes PKR `n`. A valid key already held by another valid PKR is removed
    /// from it first, so no two valid registers hold the same key (SDM Vol 3 `mov
    /// pkr`, which Ski follows). Returns whether `n` names a register.
    pub(crate) fn set(&mut self, n: u8, value: u64) -> bool {
        let index = usize::from(n);
        if index >= PKR_COUNT {
            return false;
        }
        if value & PKR_V != 0 {
            let key = value & KEY_MASK;
            for r in self.regs.iter_mut() {
                if *r & PKR_V != 0 && *r & KEY_MASK == key {
                    *r &= !PKR_V;
                }
            }
        }
        self.regs[index] = value;
        true
    }

    /// Checks `access` to a page tagged with `key`.
    pub(crate) fn check(&self, key: u32, access: Access) -> KeyCheck {
        let key = (u64::from(key) << KEY_SHIFT) & KEY_MASK;
        let Some(r) = self
            .regs
            .iter()
            .find(|&&r| r & PKR_V != 0 && r & KEY_MASK == key)
        else {
            return KeyCheck::Miss;
        };
        let disable = match access {
            Access::Read => PKR_RD,
            Access::Write => PKR_WD,
            Access::ReadWrite => PKR_RD | PKR_WD,
            Access::Execute => PKR_XD,
        };
        if r & disable != 0 {
            KeyCheck::Denied
        } else {
            KeyCheck::Allowed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Access::{Execute as X, Read as R, ReadWrite as M, Write as W};

    /// Rights at one (ar, pl, cpl) as a string of the allowed accesses.
    fn rights(ar: u8, pl: u8, cpl: u8) -> String {
        let mut s = String::new();
        for (a, c) in [(R, 'R'), (W, 'W'), (X, 'X')] {
            if access_allowed(ar, pl, cpl, a) {
                s.push(c);
            }
        }
        assert_eq!(
            access_allowed(ar, pl, cpl, M),
            access_allowed(ar, pl, cpl, R) && access_allowed(ar, pl, cpl, W),
            "a semaphore needs both read and write rights (ar {ar} pl {pl} cpl {cpl})"
        );
        if s.is_empty() {
            s.push('-');
        }
        s
    }

    /// SDM Vol 2 Table 4-4, row by row: for each (ar, pl) the rights at CPL 3, 2,
    /// 1, 0.
    #[test]
    fn the_whole_access_rights_table() {
        let table: [(u8, u8, [&str; 4]); 32] = [
            (0, 3, ["R", "R", "R", "R"]),
            (0, 2, ["-", "R", "R", "R"]),
            (0, 1, ["-", "-", "R", "R"]),
            (0, 0, ["-", "-", "-", "R"]),
            (1, 3, ["RX", "RX", "RX", "RX"]),
            (1, 2, ["-", "RX", "RX", "RX"]),
            (1, 1, ["-", "-", "RX", "RX"]),
            (1, 0, ["-", "-", "-", "RX"]),
            (2, 3, ["RW", "RW", "RW", "RW"]),
            (2, 2, ["-", "RW", "RW", "RW"]),
            (2, 1, ["-", "-", "RW", "RW"]),
            (2, 0, ["-", "-", "-", "RW"]),
            (3, 3, ["RWX", "RWX", "RWX", "RWX"]),
            (3, 2, ["-", "RWX", "RWX", "RWX"]),
            (3, 1, ["-", "-", "RWX", "RWX"]),
            (3, 0, ["-", "-", "-", "RWX"]),
            (4, 3, ["R", "RW", "RW", "RW"]),
            (4, 2, ["-", "R", "RW", "RW"]),
            (4, 1, ["-", "-", "R", "RW"]),
            (4, 0, ["-", "-", "-", "RW"]),
            (5, 3, ["RX", "RX", "RX", "RWX"]),
            (5, 2, ["-", "RX", "RX", "RWX"]),
            (5, 1, ["-", "-", "RX", "RWX"]),
            (5, 0, ["-", "-", "-", "RWX"]),
            (6, 3, ["RWX", "RW", "RW", "RW"]),
            (6, 2, ["-", "RWX", "RW", "RW"]),
            (6, 1, ["-", "-", "RWX", "RW"]),
            (6, 0, ["-", "-", "-", "RW"]),
            (7, 3, ["X", "X", "X", "RX"]),
            (7, 2, ["X", "X", "X", "RX"]),
            (7, 1, ["X", "X", "X", "RX"]),
            (7, 0, ["X", "X", "X", "RX"]),
        ];
        for (ar, pl, row) in table {
            for (i, want) in row.iter().enumerate() {
                let cpl = 3 - i as u8;
                assert_eq!(rights(ar, pl, cpl), *want, "ar {ar} pl {pl} cpl {cpl}");
            }
        }
    }

    #[test]
    fn epc_promotes_only_from_execute_only_pages_to_higher_privilege() {
        assert!(epc_promotes(7, 0, 3));
        assert!(epc_promotes(7, 1, 2));
        assert!(!epc_promotes(7, 2, 2));
        assert!(!epc_promotes(7, 3, 0));
        for ar in 0..7 {
            assert!(!epc_promotes(ar, 0, 3));
        }
    }

    #[test]
    fn key_matching_and_disable_bits() {
        let mut p = Pkrs::default();
        assert_eq!(p.check(5, R), KeyCheck::Miss);
        assert!(p.set(3, (5 << 8) | PKR_V | PKR_WD));
        assert_eq!(p.check(5, R), KeyCheck::Allowed);
        assert_eq!(p.check(5, W), KeyCheck::Denied);
        assert_eq!(p.check(5, M), KeyCheck::Denied);
        assert_eq!(p.check(5, X), KeyCheck::Allowed);
        assert_eq!(p.check(6, R), KeyCheck::Miss);
        // An invalid register never matches.
        assert!(p.set(3, 5 << 8));
        assert_eq!(p.check(5, R), KeyCheck::Miss);
        assert!(p.set(4, (5 << 8) | PKR_V | PKR_RD | PKR_XD));
        assert_eq!(p.check(5, R), KeyCheck::Denied);
        assert_eq!(p.check(5, X), KeyCheck::Denied);
        assert_eq!(p.check(5, W), KeyCheck::Allowed);
        assert!(!p.set(PKR_COUNT as u8, PKR_V));
        assert_eq!(p.get(PKR_COUNT as u8), 0);
    }

    #[test]
    fn writing_a_duplicate_key_invalidates_the_old_register() {
        let mut p = Pkrs::default();
        p.set(0, (9 << 8) | PKR_V | PKR_WD);
        p.set(7, (9 << 8) | PKR_V);
        assert_eq!(p.get(0) & PKR_V, 0);
        assert_eq!(p.get(0), (9 << 8) | PKR_WD);
        assert_eq!(p.check(9, W), KeyCheck::Allowed);
    }

    #[test]
    fn reserved_pkr_bits() {
        assert_eq!(PKR_RESERVED, 0xffff_ffff_0000_00f0);
    }
}
