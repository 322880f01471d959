//! Privilege levels, the two-bit field shared by psr.cpl, rsc.pl and pte.pl.

use num_enum::{IntoPrimitive, TryFromPrimitive};

/// An IA-64 privilege level (SDM Vol 2 §3.3.2 psr.cpl; §4.1.1.5 pte.pl; Vol 1 §3.1.8.2
/// rsc.pl). Level 0 is the most privileged.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TryFromPrimitive, IntoPrimitive,
)]
#[repr(u8)]
pub enum PrivilegeLevel {
    /// PL0: the most privileged level (the hypervisor, or a native kernel).
    Pl0 = 0,
    /// PL1 (a paravirtualized guest kernel in this project).
    Pl1 = 1,
    /// PL2.
    Pl2 = 2,
    /// PL3: the least privileged level (user code).
    Pl3 = 3,
}

impl PrivilegeLevel {
    /// The level held in the low two bits of `bits`; higher bits are ignored, so
    /// every two-bit field value names a level.
    pub const fn from_low_bits(bits: u64) -> Self {
        match bits & 3 {
            0 => Self::Pl0,
            1 => Self::Pl1,
            2 => Self::Pl2,
            _ => Self::Pl3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_bits_and_numbers_agree() {
        for n in 0u8..4 {
            let pl = PrivilegeLevel::from_low_bits(u64::from(n));
            assert_eq!(u8::from(pl), n);
            assert_eq!(PrivilegeLevel::try_from(n), Ok(pl));
        }
        assert!(PrivilegeLevel::try_from(4u8).is_err());
        assert_eq!(PrivilegeLevel::from_low_bits(0b110), PrivilegeLevel::Pl2);
    }
}
