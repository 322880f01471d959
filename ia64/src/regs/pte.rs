//! The short-format page table entry: the VHPT short format, which is also the first
//! doubleword of the long format and the translation `itc`/`itr` insert.
//!
//! Layout: SDM Vol 2 Table 4-3 (Translation Interface Fields: p {0}, ma {4:2}, a {5},
//! d {6}, pl {8:7}, ar {11:9}, ppn {49:12}, ed {52}, ig {63:53}) and Figure 4-12 (1
//! and 50–51 reserved); Linux `arch/ia64/include/asm/pgtable.h` `_PAGE_*` agrees.
//! The memory attribute and access-rights encodings are Linux's `_PAGE_MA_*` and
//! `_PAGE_AR_*`; their meaning is SDM Vol 2 §4.4 and §4.1.1.6 (Page Access Rights).

use bitflags::bitflags;
use num_enum::{IntoPrimitive, TryFromPrimitive};

use super::field::{Field, FieldError};
use super::pl::PrivilegeLevel;

/// pte.ma: memory attribute.
const MA: Field = Field::new("pte", "ma", 2, 3);
/// pte.pl: privilege level of the page.
const PL: Field = Field::new("pte", "pl", 7, 2);
/// pte.ar: access rights.
const AR: Field = Field::new("pte", "ar", 9, 3);
/// pte.ppn: physical page number, address bits 49:12.
const PPN: Field = Field::new("pte", "ppn", 12, 38);
/// ig: bits the hardware ignores and software may use.
const IGNORED: Field = Field::new("pte", "ig", 53, 11);

bitflags! {
    /// A short-format page table entry (and the TLB insertion format).
    ///
    /// When p is 0 the hardware ignores every other bit. Reserved bits (1, 50–51)
    /// are kept by every setter, and so are the ignored bits 53–63, which software
    /// may use.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Pte: u64 {
        /// p (bit 0): present — the translation is valid.
        const P = 1 << 0;
        /// a (bit 5): accessed — clear raises an access-bit fault on a reference.
        const A = 1 << 5;
        /// d (bit 6): dirty — clear raises a dirty-bit fault on a write.
        const D = 1 << 6;
        /// ed (bit 52): exception deferral — on a code page, speculative loads
        /// executed from it may defer their exceptions (ISR.ed reports the bit).
        const ED = 1 << 52;

        // ma, pl, ar, ppn: multi-bit fields with typed accessors; 53–63: ignored
        // by the hardware, free for software.
        const _ = MA.mask() | PL.mask() | AR.mask() | PPN.mask() | IGNORED.mask();
    }
}

/// The memory attribute of a page (pte.ma). Encodings 1–3 are reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum MemoryAttribute {
    /// WB: write-back, cacheable.
    WriteBack = 0,
    /// UC: uncacheable.
    Uncacheable = 4,
    /// UCE: uncacheable, exported (fetchadd may be exported to the platform).
    UncacheableExported = 5,
    /// WC: write-coalescing, uncacheable.
    WriteCoalescing = 6,
    /// NaTPage: speculative loads return NaT; other references fault.
    NatPage = 7,
}

/// The access rights of a page (pte.ar). Encodings 0–3 apply at privilege levels
/// numerically at most pte.pl; encodings 4–6 give the first rights at CPL = pte.pl
/// and the second at more privileged levels (SDM Vol 2 §4.1.1.6, Page Access
/// Rights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum AccessRights {
    /// Read only.
    R = 0,
    /// Read, execute.
    Rx = 1,
    /// Read, write.
    Rw = 2,
    /// Read, write, execute.
    Rwx = 3,
    /// Read at CPL = pl; read, write at more privileged levels.
    RRw = 4,
    /// Read, execute at CPL = pl; read, write, execute at more privileged levels.
    RxRwx = 5,
    /// Read, write, execute at CPL = pl; read, write at more privileged levels.
    RwxRw = 6,
    /// Execute-only promotion page: less privileged code may execute it, and `epc`
    /// on it raises the privilege level to pl (how Linux maps the gate page, with
    /// pl 0); more privileged levels may read and execute it.
    XRx = 7,
}

impl AccessRights {
    const fn from_low_bits(bits: u64) -> Self {
        match bits & 7 {
            0 => Self::R,
            1 => Self::Rx,
            2 => Self::Rw,
            3 => Self::Rwx,
            4 => Self::RRw,
            5 => Self::RxRwx,
            6 => Self::RwxRw,
            _ => Self::XRx,
        }
    }
}

impl Pte {
    /// Bits the SDM reserves: 1, 50 and 51.
    pub const RESERVED: u64 = !Self::all().bits();

    /// Size of the unit pte.ppn counts in (address bits 11:0 are not stored).
    pub const PAGE_UNIT: u64 = 1 << 12;

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// pte.ma: the memory attribute, or the reserved encoding as an error.
    pub fn ma(&self) -> Result<MemoryAttribute, FieldError> {
        let raw = MA.get(self.bits());
        MemoryAttribute::try_from(raw as u8).map_err(|_| MA.reserved(raw))
    }

    /// Sets pte.ma; every other bit is kept.
    pub fn set_ma(&mut self, attribute: MemoryAttribute) {
        *self = Self::from_bits_retain(MA.put(self.bits(), attribute as u64));
    }

    /// pte.pl: the privilege level of the page.
    pub const fn pl(&self) -> PrivilegeLevel {
        PrivilegeLevel::from_low_bits(PL.get(self.bits()))
    }

    /// Sets pte.pl; every other bit is kept.
    pub fn set_pl(&mut self, level: PrivilegeLevel) {
        *self = Self::from_bits_retain(PL.put(self.bits(), level as u64));
    }

    /// pte.ar: the access rights.
    pub const fn ar(&self) -> AccessRights {
        AccessRights::from_low_bits(AR.get(self.bits()))
    }

    /// Sets pte.ar; every other bit is kept.
    pub fn set_ar(&mut self, rights: AccessRights) {
        *self = Self::from_bits_retain(AR.put(self.bits(), rights as u64));
    }

    /// pte.ppn: the physical page number, in 4 KiB units.
    pub const fn ppn(&self) -> u64 {
        PPN.get(self.bits())
    }

    /// Sets pte.ppn (38 bits, in 4 KiB units); every other bit is kept.
    pub fn set_ppn(&mut self, ppn: u64) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(PPN.try_put(self.bits(), ppn)?);
        Ok(())
    }

    /// The physical address pte.ppn points at (bits 49:12 of the entry, low bits
    /// zero).
    pub const fn phys_addr(&self) -> u64 {
        self.bits() & PPN.mask()
    }

    /// Sets pte.ppn from a physical address, which must be 4 KiB aligned and below
    /// 2^50; every other bit is kept.
    pub fn set_phys_addr(&mut self, addr: u64) -> Result<(), FieldError> {
        if !addr.is_multiple_of(Self::PAGE_UNIT) {
            return Err(FieldError::Misaligned {
                register: PPN.register,
                field: PPN.name,
                value: addr,
                align: Self::PAGE_UNIT,
            });
        }
        self.set_ppn(addr >> PPN.shift)
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn positions_match_the_manual() {
        assert_eq!(Pte::P.bits(), 1);
        assert_eq!(Pte::A.bits(), 1 << 5);
        assert_eq!(Pte::D.bits(), 1 << 6);
        assert_eq!(Pte::ED.bits(), 1 << 52);
        assert_eq!(MA.mask(), 0x1c);
        assert_eq!(PL.mask(), 0x180);
        assert_eq!(AR.mask(), 0xe00);
        // Linux: _PAGE_PPN_MASK = ((1 << 50) - 1) & ~0xfff.
        assert_eq!(PPN.mask(), ((1 << 50) - 1) & !0xfff);
        assert_eq!(Pte::RESERVED, (1 << 1) | (1 << 50) | (1 << 51));
    }

    #[test]
    fn encodings_match_linux() {
        // Linux _PAGE_MA_* are shifted by 2, _PAGE_AR_* by 9.
        let ma = [
            (MemoryAttribute::WriteBack, 0x0 << 2),
            (MemoryAttribute::Uncacheable, 0x4 << 2),
            (MemoryAttribute::UncacheableExported, 0x5 << 2),
            (MemoryAttribute::WriteCoalescing, 0x6 << 2),
            (MemoryAttribute::NatPage, 0x7 << 2),
        ];
        for (attribute, bits) in ma {
            let mut pte = Pte::empty();
            pte.set_ma(attribute);
            assert_eq!(pte.bits(), bits);
            assert_eq!(pte.ma(), Ok(attribute));
        }
        for n in 0..8u8 {
            let rights = AccessRights::try_from(n).unwrap();
            let mut pte = Pte::empty();
            pte.set_ar(rights);
            assert_eq!(pte.bits(), u64::from(n) << 9);
            assert_eq!(pte.ar(), rights);
        }
    }

    #[test]
    fn reserved_memory_attributes_read_as_errors() {
        for raw in 1..=3u64 {
            let pte = Pte::from_bits_retain(raw << 2);
            assert_eq!(
                pte.ma(),
                Err(FieldError::Reserved {
                    register: "pte",
                    field: "ma",
                    value: raw
                })
            );
        }
    }

    #[test]
    fn linux_page_kernel() {
        // PAGE_KERNEL = ED | A | P | D | MA_WB | PL_0 | AR_RWX.
        let mut pte = Pte::ED | Pte::A | Pte::P | Pte::D;
        pte.set_ma(MemoryAttribute::WriteBack);
        pte.set_pl(PrivilegeLevel::Pl0);
        pte.set_ar(AccessRights::Rwx);
        pte.set_phys_addr(0x400_0000).unwrap();
        assert_eq!(
            pte.bits(),
            (1 << 52) | 0x20 | 0x1 | 0x40 | (3 << 9) | 0x400_0000
        );
        assert_eq!(pte.ppn(), 0x4000);
    }

    #[test]
    fn fields_round_trip_and_preserve_other_bits() {
        for background in check::BACKGROUNDS {
            for n in 0..4u8 {
                let level = PrivilegeLevel::try_from(n).unwrap();
                let mut pte = Pte::from_bits_retain(background);
                pte.set_pl(level);
                assert_eq!(pte.pl(), level);
                check::only_field_changed(background, pte.bits(), PL);
            }
            let mut pte = Pte::from_bits_retain(background);
            pte.set_ma(MemoryAttribute::Uncacheable);
            check::only_field_changed(background, pte.bits(), MA);
            let mut pte = Pte::from_bits_retain(background);
            pte.set_ar(AccessRights::XRx);
            check::only_field_changed(background, pte.bits(), AR);
            for value in check::sample_values(PPN) {
                let mut pte = Pte::from_bits_retain(background);
                pte.set_ppn(value).unwrap();
                assert_eq!(pte.ppn(), value);
                assert_eq!(pte.phys_addr(), value << 12);
                check::only_field_changed(background, pte.bits(), PPN);
            }
        }
    }

    #[test]
    fn bad_addresses_are_rejected() {
        let mut pte = Pte::P;
        assert!(matches!(
            pte.set_ppn(1 << 38),
            Err(FieldError::TooWide { field: "ppn", .. })
        ));
        assert!(matches!(
            pte.set_phys_addr(1 << 50),
            Err(FieldError::TooWide { field: "ppn", .. })
        ));
        assert!(matches!(
            pte.set_phys_addr(0x1800),
            Err(FieldError::Misaligned { align: 0x1000, .. })
        ));
        assert_eq!(pte, Pte::P);
    }
}
