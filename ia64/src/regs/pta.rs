//! PTA (cr.pta, CR8), the page table address register: where the virtual hash page
//! table (VHPT) is, how big it is, its format, and whether the walker is enabled.
//!
//! Layout: SDM Vol 2 §3.3.4.4; ve is bit 0, size bits 2–7, vf bit 8 and base from
//! bit 15 (facts sheet §1.3, from Xen's `xenkregs.h`).

use bitflags::bitflags;

use super::field::{Field, FieldError};

/// pta.size: log2 of the VHPT size in bytes.
const SIZE: Field = Field::new("pta", "size", 2, 6);
/// pta.base: the VHPT base address, bits 63:15.
const BASE: Field = Field::new("pta", "base", 15, 49);

bitflags! {
    /// The page table address register (cr.pta).
    ///
    /// ve and vf are flags, size and base have typed accessors; reserved bits (1,
    /// 9–14) are kept by every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Pta: u64 {
        /// ve (bit 0): VHPT walker enable.
        const VE = 1 << 0;
        /// vf (bit 8): VHPT format — 0 short format (per-region), 1 long format
        /// (global).
        const VF = 1 << 8;

        // size and base: multi-bit fields with typed accessors.
        const _ = SIZE.mask() | BASE.mask();
    }
}

impl Pta {
    /// Bits the SDM reserves: 1 and 9–14.
    pub const RESERVED: u64 = !Self::all().bits();

    /// Alignment of the base address the field can hold (2^15 bytes).
    pub const BASE_ALIGN: u64 = 1 << 15;

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// pta.size: log2 of the VHPT size in bytes.
    pub const fn size(&self) -> u8 {
        SIZE.get(self.bits()) as u8
    }

    /// Sets pta.size (6 bits); every other bit is kept.
    pub fn set_size(&mut self, log2_size: u8) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(SIZE.try_put(self.bits(), u64::from(log2_size))?);
        Ok(())
    }

    /// pta.base as an address: bits 63:15 of the register, low bits zero.
    pub const fn base(&self) -> u64 {
        self.bits() & BASE.mask()
    }

    /// Sets pta.base to the address `base`, which must be aligned to
    /// [`Pta::BASE_ALIGN`]; every other bit is kept.
    pub fn set_base(&mut self, base: u64) -> Result<(), FieldError> {
        if base & !BASE.mask() != 0 {
            return Err(FieldError::Misaligned {
                register: BASE.register,
                field: BASE.name,
                value: base,
                align: Self::BASE_ALIGN,
            });
        }
        *self = Self::from_bits_retain(BASE.put(self.bits(), base >> BASE.shift));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn positions_match_the_facts_sheet() {
        assert_eq!(Pta::VE.bits(), 1);
        assert_eq!(Pta::VF.bits(), 1 << 8);
        assert_eq!(SIZE.mask(), 0xfc);
        assert_eq!(BASE.mask(), !0x7fff);
        assert_eq!(Pta::RESERVED, 0x7e02);
    }

    #[test]
    fn fields_round_trip_and_preserve_other_bits() {
        for background in check::BACKGROUNDS {
            for value in check::sample_values(SIZE) {
                let mut pta = Pta::from_bits_retain(background);
                pta.set_size(value as u8).unwrap();
                assert_eq!(u64::from(pta.size()), value);
                check::only_field_changed(background, pta.bits(), SIZE);
            }
            for base in [0, Pta::BASE_ALIGN, 0xa000_0000_0400_0000, !0x7fff] {
                let mut pta = Pta::from_bits_retain(background);
                pta.set_base(base).unwrap();
                assert_eq!(pta.base(), base);
                check::only_field_changed(background, pta.bits(), BASE);
            }
        }
    }

    #[test]
    fn bad_values_are_rejected() {
        let mut pta = Pta::VE;
        assert!(matches!(
            pta.set_size(64),
            Err(FieldError::TooWide { field: "size", .. })
        ));
        assert_eq!(
            pta.set_base(0x1_4000),
            Err(FieldError::Misaligned {
                register: "pta",
                field: "base",
                value: 0x1_4000,
                align: 0x8000
            })
        );
        assert_eq!(pta, Pta::VE);
    }
}
