//! Region registers rr0..rr7 (`mov rr[r3]=r2`): the region identifier, preferred
//! page size and VHPT walker enable of each eighth of the address space.
//!
//! Layout: SDM Vol 2 §4.1.2; ve is bit 0, ps bits 2–7 and rid bits 8–31 (facts
//! sheet §1.3, from Xen's `xenkregs.h`; Linux `union ia64_rr` agrees).

use bitflags::bitflags;

use super::field::{Field, FieldError};

/// rr.ps: log2 of the preferred page size.
const PS: Field = Field::new("rr", "ps", 2, 6);
/// rr.rid: region identifier.
const RID: Field = Field::new("rr", "rid", 8, 24);

bitflags! {
    /// A region register.
    ///
    /// ve is a flag, ps and rid have typed accessors; reserved bits (1, 32–63) are
    /// kept by every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Rr: u64 {
        /// ve (bit 0): VHPT walker enable for this region.
        const VE = 1 << 0;

        // ps and rid: multi-bit fields with typed accessors.
        const _ = PS.mask() | RID.mask();
    }
}

impl Rr {
    /// Bits the SDM reserves: 1 and 32–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// Bit 61 and up of a virtual address select its region register (SDM Vol 2
    /// §4.1.2: the virtual region number).
    pub const VRN_SHIFT: u32 = 61;

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// The region register index (0–7) that translates virtual address `va`.
    pub const fn index_of(va: u64) -> u8 {
        (va >> Self::VRN_SHIFT) as u8
    }

    /// rr.ps: log2 of the preferred page size.
    pub const fn ps(&self) -> u8 {
        PS.get(self.bits()) as u8
    }

    /// Sets rr.ps (6 bits); every other bit is kept.
    pub fn set_ps(&mut self, log2_size: u8) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(PS.try_put(self.bits(), u64::from(log2_size))?);
        Ok(())
    }

    /// rr.rid: the region identifier.
    pub const fn rid(&self) -> u32 {
        RID.get(self.bits()) as u32
    }

    /// Sets rr.rid (24 bits); every other bit is kept.
    pub fn set_rid(&mut self, rid: u32) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(RID.try_put(self.bits(), u64::from(rid))?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn positions_match_the_facts_sheet() {
        assert_eq!(Rr::VE.bits(), 1);
        assert_eq!(PS.mask(), 0xfc);
        assert_eq!(RID.mask(), 0xffff_ff00);
        assert_eq!(Rr::RESERVED, 0xffff_ffff_0000_0002);
    }

    #[test]
    fn fields_round_trip_and_preserve_other_bits() {
        for background in check::BACKGROUNDS {
            for value in check::sample_values(PS) {
                let mut rr = Rr::from_bits_retain(background);
                rr.set_ps(value as u8).unwrap();
                assert_eq!(u64::from(rr.ps()), value);
                check::only_field_changed(background, rr.bits(), PS);
            }
            for value in check::sample_values(RID) {
                let mut rr = Rr::from_bits_retain(background);
                rr.set_rid(value as u32).unwrap();
                assert_eq!(u64::from(rr.rid()), value);
                check::only_field_changed(background, rr.bits(), RID);
            }
        }
    }

    #[test]
    fn wide_values_are_rejected() {
        let mut rr = Rr::VE;
        assert!(matches!(
            rr.set_ps(0x40),
            Err(FieldError::TooWide { field: "ps", .. })
        ));
        assert!(matches!(
            rr.set_rid(0x100_0000),
            Err(FieldError::TooWide { field: "rid", .. })
        ));
        assert_eq!(rr, Rr::VE);
    }

    #[test]
    fn region_index_of_addresses() {
        assert_eq!(Rr::index_of(0), 0);
        assert_eq!(Rr::index_of(0xa000_0000_0000_0000), 5);
        assert_eq!(Rr::index_of(0xe000_0000_0000_0000), 7);
        assert_eq!(Rr::index_of(0xffff_ffff_fff0_0000), 7);
        assert_eq!(Rr::index_of(0x1fff_ffff_ffff_ffff), 0);
    }
}
