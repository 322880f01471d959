//! FPSR (ar.fpsr, AR40), the floating-point status register: six trap-disable bits
//! and four status fields sf0..sf3, each with its own controls (precision, rounding,
//! flush-to-zero, widest-range exponent, traps disabled) and IEEE status flags.
//! Instructions pick a status field with their `.s0`..`.s3` completer.
//!
//! Layout: SDM Vol 1 §5.2.2: traps 5:0, sf0 18:6, sf1 31:19, sf2 44:32, sf3 57:45,
//! 58–63 reserved; inside a status field ftz 0, wre 1, pc 3:2, rc 5:4, td 6, v 7,
//! d 8, z 9, o 10, u 11, i 12. Bit numbers and encodings as Linux
//! `arch/ia64/include/asm/fpu.h` (`FPSR_*`, `FPSF_*`, `FPRC_*`) has them.

use bitflags::bitflags;
use num_enum::{IntoPrimitive, TryFromPrimitive};

use super::field::{Field, FieldError};

/// Width of one status field.
const SF_WIDTH: u32 = 13;

/// The four status fields in the register, sf0 first.
const SF: [Field; 4] = [
    Field::new("fpsr", "sf0", 6, SF_WIDTH),
    Field::new("fpsr", "sf1", 6 + SF_WIDTH, SF_WIDTH),
    Field::new("fpsr", "sf2", 6 + 2 * SF_WIDTH, SF_WIDTH),
    Field::new("fpsr", "sf3", 6 + 3 * SF_WIDTH, SF_WIDTH),
];

/// sf.pc: precision control.
const PC: Field = Field::new("fpsr.sf", "pc", 2, 2);
/// sf.rc: rounding control.
const RC: Field = Field::new("fpsr.sf", "rc", 4, 2);
/// The whole status field, to check a value fits before it is stored.
const SF_ALL: Field = Field::new("fpsr.sf", "sf", 0, SF_WIDTH);

bitflags! {
    /// The floating-point status register (ar.fpsr).
    ///
    /// The trap-disable bits are flags; the status fields are read and written as
    /// [`StatusField`] values. Reserved bits (58–63) are kept by every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Fpsr: u64 {
        /// traps.vd (bit 0): invalid operation floating-point exception trap disabled.
        const VD = 1 << 0;
        /// traps.dd (bit 1): denormal/unnormal operand exception trap disabled.
        const DD = 1 << 1;
        /// traps.zd (bit 2): zero divide exception trap disabled.
        const ZD = 1 << 2;
        /// traps.od (bit 3): overflow exception trap disabled.
        const OD = 1 << 3;
        /// traps.ud (bit 4): underflow exception trap disabled.
        const UD = 1 << 4;
        /// traps.id (bit 5): inexact exception trap disabled.
        const ID = 1 << 5;

        // sf0..sf3: status fields, read and written as StatusField.
        const _ = SF[0].mask() | SF[1].mask() | SF[2].mask() | SF[3].mask();
    }
}

bitflags! {
    /// One FPSR status field (13 bits): controls and IEEE status flags.
    ///
    /// Single-bit fields are flags; pc and rc have typed accessors.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct StatusField: u16 {
        /// ftz (bit 0): flush-to-zero mode — tiny results become zero.
        const FTZ = 1 << 0;
        /// wre (bit 1): widest range exponent — results use the 17-bit exponent
        /// range whatever the precision.
        const WRE = 1 << 1;
        /// td (bit 6): traps disabled — this status field raises no floating-point
        /// traps or faults. Reserved in sf0, which must keep it 0.
        const TD = 1 << 6;
        /// v (bit 7): invalid operation flag.
        const V = 1 << 7;
        /// d (bit 8): denormal/unnormal operand flag.
        const D = 1 << 8;
        /// z (bit 9): zero divide flag.
        const Z = 1 << 9;
        /// o (bit 10): overflow flag.
        const O = 1 << 10;
        /// u (bit 11): underflow flag.
        const U = 1 << 11;
        /// i (bit 12): inexact flag.
        const I = 1 << 12;

        // pc and rc: multi-bit fields with typed accessors.
        const _ = (PC.mask() | RC.mask()) as u16;
    }
}

/// Which status field (the `.s0`..`.s3` completer of floating-point instructions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum StatusFieldIndex {
    /// sf0, the main status field (`.s0`, the default completer).
    Sf0 = 0,
    /// sf1 (`.s1`).
    Sf1 = 1,
    /// sf2 (`.s2`).
    Sf2 = 2,
    /// sf3 (`.s3`).
    Sf3 = 3,
}

/// Precision control (sf.pc): the significand width results are rounded to.
/// Encoding 1 is reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum PrecisionControl {
    /// 24-bit significand (IEEE single).
    Single = 0,
    /// 53-bit significand (IEEE double).
    Double = 2,
    /// 64-bit significand (double-extended).
    DoubleExtended = 3,
}

/// Rounding control (sf.rc), Linux `FPRC_*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum RoundingControl {
    /// Round to nearest (even).
    Nearest = 0,
    /// Round toward −∞.
    Down = 1,
    /// Round toward +∞.
    Up = 2,
    /// Round toward zero (truncate).
    TowardZero = 3,
}

impl StatusField {
    /// Bits of the `u16` outside the 13-bit status field.
    pub const RESERVED: u16 = !Self::all().bits();

    /// sf.pc: precision control, or the reserved encoding 1 as an error.
    pub fn pc(&self) -> Result<PrecisionControl, FieldError> {
        let raw = PC.get(u64::from(self.bits()));
        PrecisionControl::try_from(raw as u8).map_err(|_| PC.reserved(raw))
    }

    /// Sets sf.pc; every other bit is kept.
    pub fn set_pc(&mut self, precision: PrecisionControl) {
        *self = Self::from_bits_retain(PC.put(u64::from(self.bits()), precision as u64) as u16);
    }

    /// sf.rc: rounding control.
    pub const fn rc(&self) -> RoundingControl {
        match RC.get(self.bits() as u64) {
            0 => RoundingControl::Nearest,
            1 => RoundingControl::Down,
            2 => RoundingControl::Up,
            _ => RoundingControl::TowardZero,
        }
    }

    /// Sets sf.rc; every other bit is kept.
    pub fn set_rc(&mut self, rounding: RoundingControl) {
        *self = Self::from_bits_retain(RC.put(u64::from(self.bits()), rounding as u64) as u16);
    }
}

impl Fpsr {
    /// Bits the SDM reserves: 58–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The value Linux gives every new thread (`FPSR_DEFAULT`, also HP-UX's): all
    /// traps disabled; every status field with 64-bit precision and round to
    /// nearest; sf1 adds wre and td, sf2 and sf3 add td.
    pub const LINUX_DEFAULT: Self = Self::from_bits_retain(0x0009_804c_0270_033f);

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// Whether writing this value to ar.fpsr sets a reserved field: a reserved bit,
    /// sf0.td, or precision control 1 in any status field (SDM Vol 1 §5.2.2).
    pub fn has_reserved_fields(&self) -> bool {
        let sf0_td = self.sf(StatusFieldIndex::Sf0).contains(StatusField::TD);
        let reserved_pc = SF.iter().any(|field| PC.get(field.get(self.bits())) == 1);
        self.reserved_bits() != 0 || sf0_td || reserved_pc
    }

    /// Status field `index`.
    pub const fn sf(&self, index: StatusFieldIndex) -> StatusField {
        StatusField::from_bits_retain(SF[index as usize].get(self.bits()) as u16)
    }

    /// Sets status field `index`; every other bit is kept. A value with bits set
    /// above the field's 13 bits does not fit.
    pub fn set_sf(
        &mut self,
        index: StatusFieldIndex,
        value: StatusField,
    ) -> Result<(), FieldError> {
        let field = SF[index as usize];
        let raw = u64::from(value.bits());
        if raw > SF_ALL.max() {
            return Err(field.too_wide(raw));
        }
        *self = Self::from_bits_retain(field.put(self.bits(), raw));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    const INDICES: [StatusFieldIndex; 4] = [
        StatusFieldIndex::Sf0,
        StatusFieldIndex::Sf1,
        StatusFieldIndex::Sf2,
        StatusFieldIndex::Sf3,
    ];

    #[test]
    fn positions_match_linux() {
        let traps = [Fpsr::VD, Fpsr::DD, Fpsr::ZD, Fpsr::OD, Fpsr::UD, Fpsr::ID];
        for (bit, flag) in traps.into_iter().enumerate() {
            assert_eq!(flag.bits(), 1 << bit);
        }
        // FPSR_S0(x) = x << 6, S1 << 19, S2 << 32, S3 << 45.
        let shifts: [u32; 4] = [6, 19, 32, 45];
        for (field, shift) in SF.iter().zip(shifts) {
            assert_eq!(field.shift, shift);
        }
        assert_eq!(Fpsr::RESERVED, !((1u64 << 58) - 1));
        let flags = [
            (StatusField::FTZ, 0),
            (StatusField::WRE, 1),
            (StatusField::TD, 6),
            (StatusField::V, 7),
            (StatusField::D, 8),
            (StatusField::Z, 9),
            (StatusField::O, 10),
            (StatusField::U, 11),
            (StatusField::I, 12),
        ];
        for (flag, bit) in flags {
            assert_eq!(flag.bits(), 1 << bit, "{flag:?}");
        }
        assert_eq!(StatusField::all().iter_names().count(), flags.len());
        assert_eq!(PC.mask(), 0xc);
        assert_eq!(RC.mask(), 0x30);
        assert_eq!(StatusField::RESERVED, 0xe000);
    }

    #[test]
    fn linux_default_built_from_typed_fields() {
        let mut base = StatusField::empty();
        base.set_pc(PrecisionControl::DoubleExtended);
        base.set_rc(RoundingControl::Nearest);
        let mut fpsr = Fpsr::VD | Fpsr::DD | Fpsr::ZD | Fpsr::OD | Fpsr::UD | Fpsr::ID;
        fpsr.set_sf(StatusFieldIndex::Sf0, base).unwrap();
        fpsr.set_sf(
            StatusFieldIndex::Sf1,
            base | StatusField::TD | StatusField::WRE,
        )
        .unwrap();
        fpsr.set_sf(StatusFieldIndex::Sf2, base | StatusField::TD)
            .unwrap();
        fpsr.set_sf(StatusFieldIndex::Sf3, base | StatusField::TD)
            .unwrap();
        assert_eq!(fpsr, Fpsr::LINUX_DEFAULT);
        assert!(!fpsr.has_reserved_fields());
        assert_eq!(
            Fpsr::LINUX_DEFAULT.sf(StatusFieldIndex::Sf1).pc(),
            Ok(PrecisionControl::DoubleExtended)
        );
    }

    #[test]
    fn status_fields_round_trip_and_preserve_other_bits() {
        let values = [
            StatusField::empty(),
            StatusField::all(),
            StatusField::I | StatusField::V | StatusField::FTZ,
            StatusField::from_bits_retain(0x1fff),
        ];
        for background in check::BACKGROUNDS {
            for (index, field) in INDICES.into_iter().zip(SF) {
                for value in values {
                    let mut fpsr = Fpsr::from_bits_retain(background);
                    fpsr.set_sf(index, value).unwrap();
                    assert_eq!(fpsr.sf(index), value);
                    check::only_field_changed(background, fpsr.bits(), field);
                }
                let mut fpsr = Fpsr::from_bits_retain(background);
                let wide = StatusField::from_bits_retain(1 << 13);
                assert!(matches!(
                    fpsr.set_sf(index, wide),
                    Err(FieldError::TooWide { .. })
                ));
                assert_eq!(fpsr.bits(), background);
            }
        }
    }

    #[test]
    fn pc_and_rc_round_trip() {
        for background in [0u16, 0x1fff] {
            for n in [0u8, 2, 3] {
                let precision = PrecisionControl::try_from(n).unwrap();
                let mut sf = StatusField::from_bits_retain(background);
                sf.set_pc(precision);
                assert_eq!(sf.pc(), Ok(precision));
                assert_eq!(sf.bits() & !0xc, background & !0xc);
            }
            for n in 0..4u8 {
                let rounding = RoundingControl::try_from(n).unwrap();
                let mut sf = StatusField::from_bits_retain(background);
                sf.set_rc(rounding);
                assert_eq!(sf.rc(), rounding);
                assert_eq!(u8::from(sf.rc()), n);
                assert_eq!(sf.bits() & !0x30, background & !0x30);
            }
        }
        assert_eq!(
            StatusField::from_bits_retain(1 << 2).pc(),
            Err(FieldError::Reserved {
                register: "fpsr.sf",
                field: "pc",
                value: 1
            })
        );
    }

    #[test]
    fn reserved_fields_are_detected() {
        let good = Fpsr::LINUX_DEFAULT;
        assert!(!good.has_reserved_fields());
        assert!(Fpsr::from_bits_retain(good.bits() | 1 << 58).has_reserved_fields());
        // sf0.td is bit 6 + 6.
        assert!(Fpsr::from_bits_retain(good.bits() | 1 << 12).has_reserved_fields());
        for field in SF {
            let with_pc_1 = PC.put(field.get(good.bits()), 1);
            let fpsr = Fpsr::from_bits_retain(field.put(good.bits(), with_pc_1));
            assert!(fpsr.has_reserved_fields(), "{}", field.name);
        }
    }
}
