//! RSC (ar.rsc, AR16), the register stack configuration register: how eagerly the
//! register stack engine (RSE) spills and fills, at which privilege level and
//! byte order, and how much `loadrs` reloads.
//!
//! Layout: SDM Vol 1 §3.1.8.2: mode 1:0, pl 3:2, be 4, loadrs 29:16,
//! 5–15 and 30–63 reserved (mini-os `ia64_cpu.h`, from FreeBSD, `IA64_RSC_*`). Linux
//! starts user threads with ar.rsc = 0xf, "eager mode, privilege level 3"
//! (`start_thread` in `arch/ia64/include/asm/processor.h`).

use bitflags::bitflags;
use num_enum::{IntoPrimitive, TryFromPrimitive};

use super::field::{Field, FieldError};
use super::pl::PrivilegeLevel;

/// rsc.mode: RSE mode.
const MODE: Field = Field::new("rsc", "mode", 0, 2);
/// rsc.pl: privilege level of RSE memory references.
const PL: Field = Field::new("rsc", "pl", 2, 2);
/// rsc.loadrs: bytes `loadrs` ensures are loaded below ar.bsp.
const LOADRS: Field = Field::new("rsc", "loadrs", 16, 14);

bitflags! {
    /// The register stack configuration register (ar.rsc).
    ///
    /// be is a flag; mode, pl and loadrs have typed accessors. Reserved bits (5–15,
    /// 30–63) are kept by every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Rsc: u64 {
        /// be (bit 4): RSE byte order — RSE spills and fills are big-endian.
        const BE = 1 << 4;

        // mode, pl and loadrs: multi-bit fields with typed accessors.
        const _ = MODE.mask() | PL.mask() | LOADRS.mask();
    }
}

/// The RSE mode (rsc.mode). Bit 0 enables eager stores (spills), bit 1 eager loads
/// (fills).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum RseMode {
    /// Enforced lazy: the RSE spills and fills only when it must. `loadrs` raises
    /// an Illegal Operation fault in any other mode (SDM Vol 3, `loadrs`).
    EnforcedLazy = 0,
    /// Store intensive: the RSE spills eagerly.
    StoreIntensive = 1,
    /// Load intensive: the RSE fills eagerly.
    LoadIntensive = 2,
    /// Eager: the RSE spills and fills eagerly.
    Eager = 3,
}

impl RseMode {
    const fn from_low_bits(bits: u64) -> Self {
        match bits & 3 {
            0 => Self::EnforcedLazy,
            1 => Self::StoreIntensive,
            2 => Self::LoadIntensive,
            _ => Self::Eager,
        }
    }
}

impl Rsc {
    /// Bits the SDM reserves: 5–15 and 30–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// rsc.mode: the RSE mode.
    pub const fn mode(&self) -> RseMode {
        RseMode::from_low_bits(MODE.get(self.bits()))
    }

    /// Sets rsc.mode; every other bit is kept.
    pub fn set_mode(&mut self, mode: RseMode) {
        *self = Self::from_bits_retain(MODE.put(self.bits(), mode as u64));
    }

    /// rsc.pl: the privilege level of RSE memory references.
    pub const fn pl(&self) -> PrivilegeLevel {
        PrivilegeLevel::from_low_bits(PL.get(self.bits()))
    }

    /// Sets rsc.pl; every other bit is kept.
    pub fn set_pl(&mut self, level: PrivilegeLevel) {
        *self = Self::from_bits_retain(PL.put(self.bits(), level as u64));
    }

    /// rsc.loadrs: the number of bytes below ar.bsp that `loadrs` ensures are
    /// loaded (its low 3 bits are ignored by `loadrs`).
    pub const fn loadrs(&self) -> u16 {
        LOADRS.get(self.bits()) as u16
    }

    /// Sets rsc.loadrs (14 bits); every other bit is kept.
    pub fn set_loadrs(&mut self, bytes: u16) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(LOADRS.try_put(self.bits(), u64::from(bytes))?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn positions_match_the_manual() {
        assert_eq!(Rsc::BE.bits(), 1 << 4);
        assert_eq!(MODE.mask(), 0x3);
        assert_eq!(PL.mask(), 0xc);
        assert_eq!(LOADRS.mask(), 0x3fff << 16);
        assert_eq!(Rsc::RESERVED, !(0x1f | (0x3fff << 16)));
    }

    #[test]
    fn linux_user_value() {
        let mut rsc = Rsc::empty();
        rsc.set_mode(RseMode::Eager);
        rsc.set_pl(PrivilegeLevel::Pl3);
        assert_eq!(rsc.bits(), 0xf);
    }

    #[test]
    fn fields_round_trip_and_preserve_other_bits() {
        for background in check::BACKGROUNDS {
            for n in 0..4u8 {
                let mode = RseMode::try_from(n).unwrap();
                let mut rsc = Rsc::from_bits_retain(background);
                rsc.set_mode(mode);
                assert_eq!(rsc.mode(), mode);
                assert_eq!(u8::from(rsc.mode()), n);
                check::only_field_changed(background, rsc.bits(), MODE);

                let level = PrivilegeLevel::try_from(n).unwrap();
                let mut rsc = Rsc::from_bits_retain(background);
                rsc.set_pl(level);
                assert_eq!(rsc.pl(), level);
                check::only_field_changed(background, rsc.bits(), PL);
            }
            for value in check::sample_values(LOADRS) {
                let mut rsc = Rsc::from_bits_retain(background);
                rsc.set_loadrs(value as u16).unwrap();
                assert_eq!(u64::from(rsc.loadrs()), value);
                check::only_field_changed(background, rsc.bits(), LOADRS);
            }
        }
    }

    #[test]
    fn wide_loadrs_is_rejected() {
        let mut rsc = Rsc::BE;
        assert!(matches!(
            rsc.set_loadrs(0x4000),
            Err(FieldError::TooWide {
                field: "loadrs",
                ..
            })
        ));
        assert_eq!(rsc, Rsc::BE);
    }
}
