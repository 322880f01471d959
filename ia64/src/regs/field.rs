//! Multi-bit register fields: one description (register, name, position, width)
//! from which every typed getter and setter of this module is built, and the error a
//! setter returns when a value does not fit.

use thiserror::Error;

/// Why a value could not be written into a register field.
///
/// Setters never truncate: a value that does not fit, a reserved encoding or a
/// misaligned address is an error naming the register and the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FieldError {
    /// The value has bits set above the field's width.
    #[error("{register}.{field}: {value:#x} does not fit in {width} bits")]
    TooWide {
        /// Register name as the SDM spells it (`"psr"`, `"itir"`).
        register: &'static str,
        /// Field name as the SDM spells it (`"cpl"`, `"ps"`).
        field: &'static str,
        /// The rejected value.
        value: u64,
        /// Width of the field in bits.
        width: u32,
    },
    /// The value fits, but the SDM reserves that encoding of the field.
    #[error("{register}.{field}: {value:#x} is a reserved encoding")]
    Reserved {
        /// Register name as the SDM spells it.
        register: &'static str,
        /// Field name as the SDM spells it.
        field: &'static str,
        /// The reserved value (as stored in the field, or as passed to the setter).
        value: u64,
    },
    /// An address field was given an address with bits set below its alignment.
    #[error("{register}.{field}: address {value:#x} is not aligned to {align:#x}")]
    Misaligned {
        /// Register name as the SDM spells it.
        register: &'static str,
        /// Field name as the SDM spells it.
        field: &'static str,
        /// The rejected address.
        value: u64,
        /// The required alignment in bytes.
        align: u64,
    },
}

/// One multi-bit field of a 64-bit register: `width` bits starting at bit `shift`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) register: &'static str,
    pub(crate) name: &'static str,
    pub(crate) shift: u32,
    pub(crate) width: u32,
}

impl Field {
    pub(crate) const fn new(
        register: &'static str,
        name: &'static str,
        shift: u32,
        width: u32,
    ) -> Self {
        // Every field in this module is narrower than the register; a 64-bit field
        // would overflow `max` below, so reject it when the constant is evaluated.
        assert!(width > 0 && width < 64 && shift + width <= 64);
        Self {
            register,
            name,
            shift,
            width,
        }
    }

    /// Largest value the field can hold.
    pub(crate) const fn max(self) -> u64 {
        (1u64 << self.width) - 1
    }

    /// The field's bits in place.
    pub(crate) const fn mask(self) -> u64 {
        self.max() << self.shift
    }

    /// The field's value, shifted down to bit 0.
    pub(crate) const fn get(self, bits: u64) -> u64 {
        (bits >> self.shift) & self.max()
    }

    /// `bits` with the field replaced by `value`, every other bit (reserved bits
    /// included) unchanged. `value` must already be known to fit.
    pub(crate) const fn put(self, bits: u64, value: u64) -> u64 {
        (bits & !self.mask()) | ((value & self.max()) << self.shift)
    }

    /// `bits` with the field replaced by `value`, or an error if `value` does not fit.
    pub(crate) const fn try_put(self, bits: u64, value: u64) -> Result<u64, FieldError> {
        if value > self.max() {
            return Err(self.too_wide(value));
        }
        Ok(self.put(bits, value))
    }

    pub(crate) const fn too_wide(self, value: u64) -> FieldError {
        FieldError::TooWide {
            register: self.register,
            field: self.name,
            value,
            width: self.width,
        }
    }

    pub(crate) const fn reserved(self, value: u64) -> FieldError {
        FieldError::Reserved {
            register: self.register,
            field: self.name,
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Field = Field::new("reg", "f", 8, 4);

    #[test]
    fn mask_and_max() {
        assert_eq!(F.max(), 0xf);
        assert_eq!(F.mask(), 0xf00);
    }

    #[test]
    fn put_keeps_other_bits() {
        let bits = 0xffff_0000_0000_f0ff;
        assert_eq!(F.put(bits, 0x5), 0xffff_0000_0000_f5ff);
        assert_eq!(F.get(F.put(bits, 0x5)), 0x5);
    }

    #[test]
    fn try_put_rejects_wide_values() {
        assert_eq!(F.try_put(0, 0xf), Ok(0xf00));
        assert_eq!(
            F.try_put(0, 0x10),
            Err(FieldError::TooWide {
                register: "reg",
                field: "f",
                value: 0x10,
                width: 4
            })
        );
    }

    #[test]
    fn errors_name_register_and_field() {
        use alloc::string::ToString;
        assert_eq!(
            F.too_wide(0x10).to_string(),
            "reg.f: 0x10 does not fit in 4 bits"
        );
        assert_eq!(
            F.reserved(3).to_string(),
            "reg.f: 0x3 is a reserved encoding"
        );
    }
}

/// Test helpers shared by the register modules' tests.
#[cfg(test)]
pub(crate) mod check {
    use super::Field;

    /// Register values that exercise reserved bits: all clear, all set, and two
    /// alternating patterns.
    pub(crate) const BACKGROUNDS: [u64; 4] =
        [0, u64::MAX, 0xa5a5_a5a5_a5a5_a5a5, 0x5a5a_5a5a_5a5a_5a5a];

    /// Asserts that `after` differs from `before` at most inside `field`.
    pub(crate) fn only_field_changed(before: u64, after: u64, field: Field) {
        assert_eq!(
            before & !field.mask(),
            after & !field.mask(),
            "{}.{}: bits outside the field changed ({before:#x} -> {after:#x})",
            field.register,
            field.name
        );
    }

    /// Values to try in a field: zero, one, the maximum, and a middle pattern.
    pub(crate) fn sample_values(field: Field) -> [u64; 4] {
        [0, 1, field.max(), field.max() / 3]
    }
}
