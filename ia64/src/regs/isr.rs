//! ISR (cr.isr), the interruption status register: what the interrupted instruction
//! was doing when the interruption was raised.
//!
//! Layout: SDM Vol 2 §3.3.5.3; the facts sheet §1.3 gives the field list (code 15:0,
//! IA-32 vector 23:16, x 32 … so 40, ei 42:41, ed 43), which Linux's `union ia64_isr`
//! (`arch/ia64/include/asm/processor.h`) matches bit for bit. The non-access codes
//! are Linux's `IA64_ISR_CODE_*` (`arch/ia64/include/asm/kregs.h`).

use bitflags::bitflags;
use num_enum::{IntoPrimitive, TryFromPrimitive};

use super::field::{Field, FieldError};

/// isr.code: interruption code, vector specific.
const CODE: Field = Field::new("isr", "code", 0, 16);
/// isr.vector: the IA-32 exception or interrupt vector number.
const VECTOR: Field = Field::new("isr", "vector", 16, 8);
/// isr.ei: excepting instruction, the slot (0–2) of the instruction that faulted.
const EI: Field = Field::new("isr", "ei", 41, 2);

bitflags! {
    /// The interruption status register (cr.isr).
    ///
    /// Single-bit fields are flags; `code`, `vector` and `ei` have typed accessors.
    /// Reserved bits (24–31, 44–63) are kept by every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Isr: u64 {
        /// x (bit 32): execute — the interruption came from an instruction fetch.
        const X = 1 << 32;
        /// w (bit 33): write — the interrupted access was a write.
        const W = 1 << 33;
        /// r (bit 34): read — the interrupted access was a read.
        const R = 1 << 34;
        /// na (bit 35): non-access — raised by a non-access instruction (tpa, fc,
        /// probe, tak, lfetch); `code{3:0}` says which ([`NonAccess`]).
        const NA = 1 << 35;
        /// sp (bit 36): speculative load — raised by a speculative load.
        const SP = 1 << 36;
        /// rs (bit 37): register stack — raised by a mandatory RSE load or store.
        const RS = 1 << 37;
        /// ir (bit 38): incomplete register frame — raised while loading the
        /// current frame (by `rfi` or `br.ret`).
        const IR = 1 << 38;
        /// ni (bit 39): nested interruption — psr.ic was 0 when it was raised.
        const NI = 1 << 39;
        /// so (bit 40): IA-32 supervisor override.
        const SO = 1 << 40;
        /// ed (bit 43): exception deferral — the ed bit of the translation of the
        /// code page holding the interrupted instruction.
        const ED = 1 << 43;

        // code, vector and ei: multi-bit fields with typed accessors.
        const _ = CODE.mask() | VECTOR.mask() | EI.mask();
    }
}

/// The non-access instruction that raised an interruption, held in isr.code{3:0}
/// when isr.na is set (Linux `IA64_ISR_CODE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum NonAccess {
    /// `tpa`: translate to physical address.
    Tpa = 0,
    /// `fc`: flush cache.
    Fc = 1,
    /// `probe`: probe access.
    Probe = 2,
    /// `tak`: translation access key.
    Tak = 3,
    /// `lfetch`: line prefetch (including `lfetch.fault`).
    Lfetch = 4,
    /// `probe.fault`: faulting probe.
    ProbeFault = 5,
}

impl Isr {
    /// Bits the SDM reserves: 24–31 and 44–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// isr.code: the interruption code (its meaning depends on the vector).
    pub const fn code(&self) -> u16 {
        CODE.get(self.bits()) as u16
    }

    /// Sets isr.code; every other bit is kept.
    pub fn set_code(&mut self, code: u16) {
        *self = Self::from_bits_retain(CODE.put(self.bits(), u64::from(code)));
    }

    /// isr.vector: the IA-32 vector number.
    pub const fn vector(&self) -> u8 {
        VECTOR.get(self.bits()) as u8
    }

    /// Sets isr.vector; every other bit is kept.
    pub fn set_vector(&mut self, vector: u8) {
        *self = Self::from_bits_retain(VECTOR.put(self.bits(), u64::from(vector)));
    }

    /// isr.ei: the slot (0–2) of the excepting instruction. 3 is reserved but can
    /// be read back if it was stored raw.
    pub const fn ei(&self) -> u8 {
        EI.get(self.bits()) as u8
    }

    /// Sets isr.ei to `slot`; 3 is a reserved encoding and larger values do not fit.
    pub fn set_ei(&mut self, slot: u8) -> Result<(), FieldError> {
        if slot == 3 {
            return Err(EI.reserved(3));
        }
        *self = Self::from_bits_retain(EI.try_put(self.bits(), u64::from(slot))?);
        Ok(())
    }

    /// The non-access instruction that raised the interruption: `Some` only when
    /// isr.na is set and isr.code{3:0} is one of the six defined codes.
    pub fn non_access(&self) -> Option<NonAccess> {
        if !self.contains(Self::NA) {
            return None;
        }
        NonAccess::try_from((self.code() & 0xf) as u8).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn flag_bits_match_the_facts_sheet() {
        let table: [(Isr, u32); 10] = [
            (Isr::X, 32),
            (Isr::W, 33),
            (Isr::R, 34),
            (Isr::NA, 35),
            (Isr::SP, 36),
            (Isr::RS, 37),
            (Isr::IR, 38),
            (Isr::NI, 39),
            (Isr::SO, 40),
            (Isr::ED, 43),
        ];
        for (flag, bit) in table {
            assert_eq!(flag.bits(), 1 << bit, "{flag:?}");
        }
        assert_eq!(Isr::all().iter_names().count(), table.len());
        assert_eq!(CODE.mask(), 0xffff);
        assert_eq!(VECTOR.mask(), 0xff_0000);
        assert_eq!(EI.mask(), 0b11 << 41);
    }

    #[test]
    fn reserved_bits_are_the_sdm_ones() {
        assert_eq!(Isr::RESERVED, 0xffff_f000_ff00_0000);
        assert_eq!(
            Isr::from_bits_retain(u64::MAX).reserved_bits(),
            Isr::RESERVED
        );
    }

    #[test]
    fn code_and_vector_round_trip() {
        for background in check::BACKGROUNDS {
            for code in [0u16, 1, 0x8000, 0xffff, 0x1234] {
                let mut isr = Isr::from_bits_retain(background);
                isr.set_code(code);
                assert_eq!(isr.code(), code);
                check::only_field_changed(background, isr.bits(), CODE);
            }
            for vector in [0u8, 1, 0x80, 0xff] {
                let mut isr = Isr::from_bits_retain(background);
                isr.set_vector(vector);
                assert_eq!(isr.vector(), vector);
                check::only_field_changed(background, isr.bits(), VECTOR);
            }
        }
    }

    #[test]
    fn ei_round_trips_and_rejects_reserved_and_wide_values() {
        for background in check::BACKGROUNDS {
            for slot in 0..3u8 {
                let mut isr = Isr::from_bits_retain(background);
                isr.set_ei(slot).unwrap();
                assert_eq!(isr.ei(), slot);
                check::only_field_changed(background, isr.bits(), EI);
            }
            let mut isr = Isr::from_bits_retain(background);
            assert!(matches!(
                isr.set_ei(3),
                Err(FieldError::Reserved { field: "ei", .. })
            ));
            assert!(matches!(
                isr.set_ei(7),
                Err(FieldError::TooWide { field: "ei", .. })
            ));
            assert_eq!(isr.bits(), background);
        }
    }

    #[test]
    fn non_access_needs_na_and_a_defined_code() {
        let mut isr = Isr::NA;
        for (code, expected) in [
            (0u16, NonAccess::Tpa),
            (1, NonAccess::Fc),
            (2, NonAccess::Probe),
            (3, NonAccess::Tak),
            (4, NonAccess::Lfetch),
            (5, NonAccess::ProbeFault),
        ] {
            isr.set_code(code | 0x30);
            assert_eq!(isr.non_access(), Some(expected));
        }
        isr.set_code(6);
        assert_eq!(isr.non_access(), None);
        isr.set_code(4);
        isr.remove(Isr::NA);
        assert_eq!(isr.non_access(), None);
    }
}
