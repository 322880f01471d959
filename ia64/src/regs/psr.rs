//! PSR, the processor status register, and IPSR (cr.ipsr), which holds a copy of it
//! during an interruption.
//!
//! Layout: SDM Vol 2 §3.3.2 (Table 3-2); the bit numbers are those of the facts sheet
//! §1.3 and of Linux `arch/ia64/include/asm/kregs.h` (`IA64_PSR_*_BIT`), which agree.
//! Bit 46 (vm) is the virtualization bit of processors with VT-i (the facts sheet
//! notes Xen's name for it, IA64_PSR_VM_BIT).

use bitflags::bitflags;

use super::field::{Field, FieldError};
use super::pl::PrivilegeLevel;

/// psr.cpl: current privilege level.
pub(crate) const CPL: Field = Field::new("psr", "cpl", 32, 2);
/// psr.ri: restart instruction, the slot of the next instruction to execute.
const RI: Field = Field::new("psr", "ri", 41, 2);

bitflags! {
    /// The processor status register (PSR) and its interruption copy IPSR.
    ///
    /// Single-bit fields are flags; `cpl` and `ri` have typed accessors. Bits the SDM
    /// reserves are kept as they are by every setter ([`Psr::RESERVED`] lists them).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Psr: u64 {
        /// be (bit 1): big-endian — data memory references are big-endian.
        const BE = 1 << 1;
        /// up (bit 2): user performance monitor enable.
        const UP = 1 << 2;
        /// ac (bit 3): alignment check — every unaligned data reference faults.
        const AC = 1 << 3;
        /// mfl (bit 4): lower (f2..f31) floating-point registers written.
        const MFL = 1 << 4;
        /// mfh (bit 5): upper (f32..f127) floating-point registers written.
        const MFH = 1 << 5;
        /// ic (bit 13): interruption collection — interruption resources (IPSR, IIP,
        /// IFA, …) are written on an interruption.
        const IC = 1 << 13;
        /// i (bit 14): interrupt enable — unmasked external interrupts are taken.
        const I = 1 << 14;
        /// pk (bit 15): protection key enable.
        const PK = 1 << 15;
        /// dt (bit 17): data address translation enable.
        const DT = 1 << 17;
        /// dfl (bit 18): disabled floating-point low register set (f2..f31).
        const DFL = 1 << 18;
        /// dfh (bit 19): disabled floating-point high register set (f32..f127).
        const DFH = 1 << 19;
        /// sp (bit 20): secure performance monitors.
        const SP = 1 << 20;
        /// pp (bit 21): privileged performance monitor enable.
        const PP = 1 << 21;
        /// di (bit 22): disable instruction set transition (`br.ia` faults).
        const DI = 1 << 22;
        /// si (bit 23): secure interval timer — ar.itc readable only at PL0.
        const SI = 1 << 23;
        /// db (bit 24): debug breakpoint fault enable.
        const DB = 1 << 24;
        /// lp (bit 25): lower-privilege transfer trap enable.
        const LP = 1 << 25;
        /// tb (bit 26): taken branch trap enable.
        const TB = 1 << 26;
        /// rt (bit 27): register stack translation enable.
        const RT = 1 << 27;
        /// is (bit 34): instruction set — 1 while executing IA-32 code.
        const IS = 1 << 34;
        /// mc (bit 35): machine check abort mask.
        const MC = 1 << 35;
        /// it (bit 36): instruction address translation enable.
        const IT = 1 << 36;
        /// id (bit 37): instruction debug fault disable (for one instruction).
        const ID = 1 << 37;
        /// da (bit 38): disable data access-bit and dirty-bit faults (for one
        /// instruction).
        const DA = 1 << 38;
        /// dd (bit 39): data debug fault disable (for one instruction).
        const DD = 1 << 39;
        /// ss (bit 40): single step trap enable.
        const SS = 1 << 40;
        /// ed (bit 43): exception deferral — a speculative load of the restarted
        /// instruction defers its exception.
        const ED = 1 << 43;
        /// bn (bit 44): register bank — 1 selects bank 1 of r16..r31, 0 bank 0.
        const BN = 1 << 44;
        /// ia (bit 45): disable instruction access-bit faults (for one instruction).
        const IA = 1 << 45;
        /// vm (bit 46): virtual machine — virtualization-sensitive instructions raise
        /// the virtualization fault (processors with VT-i).
        const VM = 1 << 46;

        // cpl and ri: multi-bit fields, accessed through Psr::cpl and Psr::ri.
        const _ = CPL.mask() | RI.mask();
    }
}

impl Psr {
    /// Bits the SDM reserves: 0, 6–12, 16, 28–31 and 47–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The user mask (psr.um, bits 0–5) as a mask of bit positions: the bits
    /// `sum`/`rum` may change at any privilege level (facts sheet §1.3). Bit 0 inside
    /// it is reserved.
    pub const USER_MASK: u64 = 0x3f;

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// psr.cpl: the current privilege level.
    pub const fn cpl(&self) -> PrivilegeLevel {
        PrivilegeLevel::from_low_bits(CPL.get(self.bits()))
    }

    /// Sets psr.cpl; every other bit is kept.
    pub fn set_cpl(&mut self, level: PrivilegeLevel) {
        *self = Self::from_bits_retain(CPL.put(self.bits(), level as u64));
    }

    /// psr.ri: the slot (0–2) of the instruction to restart at. The value 3 is
    /// reserved but can be read back if it was stored raw.
    pub const fn ri(&self) -> u8 {
        RI.get(self.bits()) as u8
    }

    /// Sets psr.ri to `slot`; 3 is a reserved encoding and larger values do not fit.
    pub fn set_ri(&mut self, slot: u8) -> Result<(), FieldError> {
        if slot == 3 {
            return Err(RI.reserved(3));
        }
        *self = Self::from_bits_retain(RI.try_put(self.bits(), u64::from(slot))?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    /// The PSR table of the facts sheet §1.3, name by name.
    #[test]
    fn flag_bits_match_the_facts_sheet() {
        let table: [(Psr, u32); 30] = [
            (Psr::BE, 1),
            (Psr::UP, 2),
            (Psr::AC, 3),
            (Psr::MFL, 4),
            (Psr::MFH, 5),
            (Psr::IC, 13),
            (Psr::I, 14),
            (Psr::PK, 15),
            (Psr::DT, 17),
            (Psr::DFL, 18),
            (Psr::DFH, 19),
            (Psr::SP, 20),
            (Psr::PP, 21),
            (Psr::DI, 22),
            (Psr::SI, 23),
            (Psr::DB, 24),
            (Psr::LP, 25),
            (Psr::TB, 26),
            (Psr::RT, 27),
            (Psr::IS, 34),
            (Psr::MC, 35),
            (Psr::IT, 36),
            (Psr::ID, 37),
            (Psr::DA, 38),
            (Psr::DD, 39),
            (Psr::SS, 40),
            (Psr::ED, 43),
            (Psr::BN, 44),
            (Psr::IA, 45),
            (Psr::VM, 46),
        ];
        for (flag, bit) in table {
            assert_eq!(flag.bits(), 1 << bit, "{flag:?}");
        }
        assert_eq!(Psr::all().iter_names().count(), table.len());
        assert_eq!(CPL.mask(), 0b11 << 32);
        assert_eq!(RI.mask(), 0b11 << 41);
    }

    #[test]
    fn reserved_bits_are_the_sdm_ones() {
        let mut expected = 1u64; // bit 0
        for bit in (6..=12).chain([16]).chain(28..=31).chain(47..=63) {
            expected |= 1 << bit;
        }
        assert_eq!(Psr::RESERVED, expected);
        assert_eq!(Psr::from_bits_retain(u64::MAX).reserved_bits(), expected);
        assert_eq!(Psr::IC.reserved_bits(), 0);
    }

    #[test]
    fn user_mask_is_the_um_flags() {
        let um = Psr::BE | Psr::UP | Psr::AC | Psr::MFL | Psr::MFH;
        assert_eq!(Psr::USER_MASK, um.bits() | 1);
    }

    #[test]
    fn cpl_round_trips_and_preserves_other_bits() {
        for background in check::BACKGROUNDS {
            for n in 0..4u8 {
                let level = PrivilegeLevel::try_from(n).unwrap();
                let mut psr = Psr::from_bits_retain(background);
                psr.set_cpl(level);
                assert_eq!(psr.cpl(), level);
                check::only_field_changed(background, psr.bits(), CPL);
            }
        }
    }

    #[test]
    fn ri_round_trips_and_rejects_reserved_and_wide_values() {
        for background in check::BACKGROUNDS {
            for slot in 0..3u8 {
                let mut psr = Psr::from_bits_retain(background);
                psr.set_ri(slot).unwrap();
                assert_eq!(psr.ri(), slot);
                check::only_field_changed(background, psr.bits(), RI);
            }
            let mut psr = Psr::from_bits_retain(background);
            assert!(matches!(
                psr.set_ri(3),
                Err(FieldError::Reserved { field: "ri", .. })
            ));
            assert!(matches!(
                psr.set_ri(4),
                Err(FieldError::TooWide { field: "ri", .. })
            ));
            assert_eq!(psr.bits(), background, "a failed set must not write");
        }
    }

    #[test]
    fn raw_ri_of_three_reads_back() {
        assert_eq!(Psr::from_bits_retain(3 << 41).ri(), 3);
    }
}
