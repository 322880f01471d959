//! DCR (cr.dcr, CR0), the default control register: defaults taken on an
//! interruption and which speculative-load faults are deferred.
//!
//! Layout: SDM Vol 2 §3.3.4.1; bit numbers from Linux `arch/ia64/include/asm/kregs.h`
//! (`IA64_DCR_*_BIT`), which also gives the meaning of each defer bit.

use bitflags::bitflags;

bitflags! {
    /// The default control register (cr.dcr). All its fields are single bits; the
    /// reserved bits (3–7, 15–63) are kept as they are.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Dcr: u64 {
        /// pp (bit 0): privileged performance monitor default — the value psr.pp
        /// takes on an interruption.
        const PP = 1 << 0;
        /// be (bit 1): big-endian default — the value psr.be takes on an
        /// interruption.
        const BE = 1 << 1;
        /// lc (bit 2): IA-32 lock check enable — an IA-32 locked access that would
        /// need an external bus lock raises an IA-32 Intercept (Lock) instead.
        const LC = 1 << 2;
        /// dm (bit 8): defer TLB miss faults of speculative loads (VHPT data, data
        /// TLB, alternate data TLB).
        const DM = 1 << 8;
        /// dp (bit 9): defer data page-not-present faults of speculative loads.
        const DP = 1 << 9;
        /// dk (bit 10): defer data key miss faults of speculative loads.
        const DK = 1 << 10;
        /// dx (bit 11): defer key permission faults of speculative loads.
        const DX = 1 << 11;
        /// dr (bit 12): defer data access-rights faults of speculative loads.
        const DR = 1 << 12;
        /// da (bit 13): defer data access-bit faults of speculative loads.
        const DA = 1 << 13;
        /// dd (bit 14): defer data debug faults of speculative loads.
        const DD = 1 << 14;
    }
}

impl Dcr {
    /// Bits the SDM reserves: 3–7 and 15–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_bits_match_the_manual() {
        let table: [(Dcr, u32); 10] = [
            (Dcr::PP, 0),
            (Dcr::BE, 1),
            (Dcr::LC, 2),
            (Dcr::DM, 8),
            (Dcr::DP, 9),
            (Dcr::DK, 10),
            (Dcr::DX, 11),
            (Dcr::DR, 12),
            (Dcr::DA, 13),
            (Dcr::DD, 14),
        ];
        for (flag, bit) in table {
            assert_eq!(flag.bits(), 1 << bit, "{flag:?}");
        }
        assert_eq!(Dcr::all().iter_names().count(), table.len());
    }

    #[test]
    fn reserved_bits_survive_flag_changes() {
        assert_eq!(Dcr::RESERVED, !0x7f07);
        let mut dcr = Dcr::from_bits_retain(u64::MAX);
        dcr.remove(Dcr::all());
        assert_eq!(dcr.bits(), Dcr::RESERVED);
        dcr.insert(Dcr::DM | Dcr::BE);
        assert_eq!(dcr.bits(), Dcr::RESERVED | (1 << 8) | (1 << 1));
        assert_eq!(dcr.reserved_bits(), Dcr::RESERVED);
    }
}
