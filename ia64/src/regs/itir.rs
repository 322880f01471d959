//! ITIR (cr.itir), the interruption TLB insertion register: page size and protection
//! key of the translation an `itc`/`itr` inserts, and of the one that faulted.
//!
//! Layout: SDM Vol 2 §3.3.5.6; ps is bits 2–7 and key bits 8–31 (facts sheet §1.3,
//! from Xen's `xenkregs.h`; Linux `union ia64_itir` agrees).

use bitflags::bitflags;

use super::field::{Field, FieldError};

/// itir.ps: log2 of the page size.
const PS: Field = Field::new("itir", "ps", 2, 6);
/// itir.key: protection key.
const KEY: Field = Field::new("itir", "key", 8, 24);

bitflags! {
    /// The interruption TLB insertion register (cr.itir).
    ///
    /// Both fields have typed accessors; reserved bits (0–1, 32–63) are kept by every
    /// setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Itir: u64 {
        // ps and key: multi-bit fields with typed accessors.
        const _ = PS.mask() | KEY.mask();
    }
}

impl Itir {
    /// Bits the SDM reserves: 0–1 and 32–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// itir.ps: log2 of the page size in bytes (12 for 4 KiB, 14 for 16 KiB).
    pub const fn ps(&self) -> u8 {
        PS.get(self.bits()) as u8
    }

    /// Sets itir.ps (6 bits); every other bit is kept. Which sizes a processor
    /// supports is implementation specific, so any 6-bit value is accepted.
    pub fn set_ps(&mut self, log2_size: u8) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(PS.try_put(self.bits(), u64::from(log2_size))?);
        Ok(())
    }

    /// itir.key: the protection key.
    pub const fn key(&self) -> u32 {
        KEY.get(self.bits()) as u32
    }

    /// Sets itir.key (24 bits); every other bit is kept.
    pub fn set_key(&mut self, key: u32) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(KEY.try_put(self.bits(), u64::from(key))?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn positions_match_the_facts_sheet() {
        assert_eq!(PS.mask(), 0xfc);
        assert_eq!(KEY.mask(), 0xffff_ff00);
        assert_eq!(Itir::RESERVED, 0xffff_ffff_0000_0003);
    }

    #[test]
    fn fields_round_trip_and_preserve_other_bits() {
        for background in check::BACKGROUNDS {
            for value in check::sample_values(PS) {
                let mut itir = Itir::from_bits_retain(background);
                itir.set_ps(value as u8).unwrap();
                assert_eq!(u64::from(itir.ps()), value);
                check::only_field_changed(background, itir.bits(), PS);
            }
            for value in check::sample_values(KEY) {
                let mut itir = Itir::from_bits_retain(background);
                itir.set_key(value as u32).unwrap();
                assert_eq!(u64::from(itir.key()), value);
                check::only_field_changed(background, itir.bits(), KEY);
            }
        }
    }

    #[test]
    fn wide_values_are_rejected() {
        let mut itir = Itir::empty();
        assert!(matches!(
            itir.set_ps(64),
            Err(FieldError::TooWide { field: "ps", .. })
        ));
        assert!(matches!(
            itir.set_key(1 << 24),
            Err(FieldError::TooWide { field: "key", .. })
        ));
        assert_eq!(itir, Itir::empty());
    }

    #[test]
    fn linux_itr_value() {
        // Linux's ia64_itr writes `log_page_size << 2` into cr.itir.
        let mut itir = Itir::empty();
        itir.set_ps(26).unwrap();
        assert_eq!(itir.bits(), 26 << 2);
    }
}
