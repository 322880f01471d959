//! The virtual hash page table: the hash (`thash`) and tag (`ttag`) functions and
//! the reserved-field rules an entry must pass to be inserted.
//!
//! Short format (pta.vf = 0, SDM Vol 2 §4.1.5.3, §4.1.6.1, Figure 4-14): a linear
//! table per region, entry address
//!
//! ```text
//! Mask        = (1 << pta.size) - 1
//! VHPT_Offset = (va{60:0} >> rr[va.vrn].ps) << 3
//! VHPT_Addr   = va{63:61} << 61
//!             | ((pta{60:15} & ~Mask{60:15}) | (VHPT_Offset{60:15} & Mask{60:15})) << 15
//!             | VHPT_Offset{14:0}
//! ```
//!
//! This implementation implements every address bit of a region (IMPL_VA_MSB = 60,
//! as Ski does), so no virtual address is unimplemented.
//!
//! Long format (pta.vf = 1): the hash and tag are implementation specific (SDM Vol
//! 2 §4.1.6.2); these are the ones Ski uses (hash = hpn xor rid, 32-byte entries in
//! the region of pta.base; tag = hpn xor (rid << 39)), so `thash`/`ttag` results
//! match Ski. The walker itself does not walk a long-format table: the SDM lets a
//! walker abort any search (§4.1.5.2), and this one always does, raising the TLB
//! Miss fault.

use ia64::regs::{Pta, Pte, Rr};

use super::tlb::OFFSET_MASK;

/// Bits 14:0 of a VHPT address, which always come from the offset.
const LOW15: u64 = (1 << 15) - 1;

/// The VHPT entry address for `va` (the `thash` instruction, and IHA on TLB faults).
pub fn thash(pta: u64, rr: &[u64; 8], va: u64) -> u64 {
    let pta_t = Pta::from_bits_retain(pta);
    let r = region_register(rr, va);
    let hpn = (va & OFFSET_MASK) >> r.ps().min(63);
    let (region, offset) = if pta_t.contains(Pta::VF) {
        (pta & !OFFSET_MASK, (hpn ^ u64::from(r.rid())) << 5)
    } else {
        (va & !OFFSET_MASK, hpn << 3)
    };
    let size = pta_t.size();
    let mask = if size >= 64 {
        u64::MAX
    } else {
        (1u64 << size) - 1
    };
    let mid = ((pta & !mask) | (offset & mask)) & OFFSET_MASK & !LOW15;
    region | mid | (offset & LOW15)
}

/// The long-format translation tag for `va` (the `ttag` instruction; the short
/// format does not use tags). Bit 63 (ti) is always 0.
pub fn ttag(rr: &[u64; 8], va: u64) -> u64 {
    let r = region_register(rr, va);
    (((va & OFFSET_MASK) >> r.ps().min(63)) ^ (u64::from(r.rid()) << 39)) & !(1 << 63)
}

/// The region register selected by bits 63:61 of `va`.
pub(crate) fn region_register(rr: &[u64; 8], va: u64) -> Rr {
    Rr::from_bits_retain(rr[(va >> Rr::VRN_SHIFT) as usize & 7])
}

/// Whether a page size is implemented for inserts (4 KiB and up, like Ski; the
/// architected insertable sizes 4 KiB–4 GiB of SDM Vol 2 Table 4-5 are all in range).
pub(crate) fn page_size_supported(ps: u8) -> bool {
    (12..=63).contains(&ps)
}

/// Memory attribute encodings the SDM reserves (pte.ma 1–3, Vol 2 §4.4).
fn ma_reserved(pte: u64) -> bool {
    matches!((pte >> 2) & 7, 1..=3)
}

/// Whether a PTE/ITIR pair has a reserved field set, so that an insert raises
/// Reserved Register/Field and the walker refuses the entry (SDM Vol 2 §4.1.1.5;
/// Ski checks the same fields: itir{1:0} and an unimplemented page size always,
/// and, when pte.p = 1, the PTE's reserved bits, reserved memory attributes and
/// itir{63:32}).
pub(crate) fn insert_reserved(pte: u64, itir: u64) -> bool {
    let ps = ((itir >> 2) & 0x3f) as u8;
    if itir & 3 != 0 || !page_size_supported(ps) {
        return true;
    }
    pte & Pte::P.bits() != 0 && (pte & Pte::RESERVED != 0 || ma_reserved(pte) || itir >> 32 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rr_with(ps: u64, rid: u64, ve: bool) -> [u64; 8] {
        [(rid << 8) | (ps << 2) | u64::from(ve); 8]
    }

    #[test]
    fn short_format_is_the_linear_index_in_the_region_of_va() {
        // pta.base = 0x1_0000_0000 (in every region), size 2^24, vf 0, ve 1.
        let pta = 0x1_0000_0000 | (24 << 2) | 1;
        let rr = rr_with(12, 0x42, true);
        // va page 0x12345 of region 2 → offset 0x12345 * 8.
        let va = 0x4000_0000_1234_5678;
        assert_eq!(thash(pta, &rr, va), 0x4000_0001_0009_1a28);
        // The region bits come from va, not from pta.
        assert_eq!(thash(pta | (5 << 61), &rr, va), 0x4000_0001_0009_1a28);
        // Offsets wrap inside the table: bits above the size come from the base.
        let far = 0x4000_0100_0000_0000;
        assert_eq!(thash(pta, &rr, far), 0x4000_0001_0000_0000);
    }

    #[test]
    fn short_format_follows_the_region_page_size() {
        let pta = 0x8_0000_0000 | (30 << 2) | 1;
        for ps in [12u64, 13, 14, 16, 18, 20, 22, 24, 26, 28, 32] {
            let rr = rr_with(ps, 1, true);
            let va = 0x2000_0000_0000_0000 | (5 << ps) | 0x7;
            let want = 0x2000_0008_0000_0000 | (5 << 3);
            assert_eq!(thash(pta, &rr, va), want, "ps {ps}");
        }
    }

    #[test]
    fn base_bits_below_the_table_size_are_ignored() {
        // A base not aligned to the table size: bits inside the mask are replaced.
        let pta = 0x1234_8000 | (20 << 2) | 1;
        let rr = rr_with(12, 0, true);
        assert_eq!(thash(pta, &rr, 0x3000), 0x1230_0018);
    }

    #[test]
    fn long_format_hash_and_tag() {
        let pta = (6 << 61) | 0x10_0000 | (1 << 8) | (18 << 2) | 1;
        let rr = rr_with(14, 0x55, true);
        let va = 0x2000_0000_0001_c000; // hpn 7
        assert_eq!(
            thash(pta, &rr, va),
            (6 << 61) | 0x10_0000 | ((7 ^ 0x55) << 5)
        );
        assert_eq!(ttag(&rr, va), 7 ^ (0x55 << 39));
    }

    #[test]
    fn reserved_insert_fields() {
        let ok = 0x661 | 0x1000; // p a d ar=3 ppn 1
        let itir = 12 << 2;
        assert!(!insert_reserved(ok, itir));
        assert!(insert_reserved(ok, itir | 1));
        assert!(insert_reserved(ok, 11 << 2));
        assert!(insert_reserved(ok | 2, itir));
        assert!(insert_reserved(ok | (1 << 50), itir));
        assert!(insert_reserved(ok | (2 << 2), itir));
        assert!(insert_reserved(ok, itir | (1 << 32)));
        // Not present: only the ITIR's own rules apply.
        assert!(!insert_reserved((ok & !1) | 2 | (2 << 2), itir | (1 << 40)));
        assert!(insert_reserved(ok & !1, 8 << 2));
    }
}
