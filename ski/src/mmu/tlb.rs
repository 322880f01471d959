//! The translation lookaside buffer of one side (instruction or data): 8 translation
//! registers and a bounded translation cache, searched by region identifier and
//! virtual page number (SDM Vol 2 §4.1.1, §4.1.1.1).
//!
//! Matching ignores the virtual region number: a translation is tagged by the rid
//! of the region register it was inserted through and by address bits 60:ps, as the
//! SDM describes (§4.1.1.1), so two regions with the same rid share translations.
//!
//! Replacement in the translation cache is deterministic: an insert takes the
//! lowest-numbered invalid entry, and when every entry is valid it evicts the entry
//! at a round-robin pointer that advances by one on each such eviction. Nothing
//! depends on host state.

use ia64::regs::Pte;

/// Number of translation registers per side (ITR0–7, DTR0–7; issue 5).
pub const TR_COUNT: usize = 8;

/// Number of translation cache entries per side (the same size Ski uses).
pub const TC_COUNT: usize = 128;

/// Mask of the address bits inside a region (bits 60:0, SDM Vol 2 §4.1.2); this
/// implementation implements all of them (IMPL_VA_MSB = 60, like Ski).
pub(crate) const OFFSET_MASK: u64 = (1 << 61) - 1;

/// Physical page number bits of a PTE (49:12), where the physical address lives.
pub(crate) const PPN_MASK: u64 = ((1 << 50) - 1) & !0xfff;

/// One translation: the TLB insertion format, decoded for matching.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The hidden valid bit (SDM Vol 2 §4.1.1.1: p is not a valid bit).
    pub(crate) valid: bool,
    /// Region identifier from RR[ifa.vrn] at insertion.
    pub(crate) rid: u32,
    /// Address bits 60:ps of the page (low bits zero).
    pub(crate) vpn: u64,
    /// log2 of the page size.
    pub(crate) ps: u8,
    /// The PTE in insertion format, with the ppn bits below the page size cleared.
    pub(crate) pte: u64,
    /// Protection key (itir.key).
    pub(crate) key: u32,
}

impl Entry {
    /// A valid entry for the page of `va` (only bits 60:0 are used).
    pub(crate) fn new(rid: u32, va: u64, ps: u8, pte: u64, key: u32) -> Entry {
        let low = low_mask(ps);
        Entry {
            valid: true,
            rid,
            vpn: va & OFFSET_MASK & !low,
            ps,
            pte: pte & !(low & PPN_MASK),
            key,
        }
    }

    /// Whether this entry translates address `va` of region `rid`.
    #[inline]
    pub(crate) fn matches(&self, rid: u32, va: u64) -> bool {
        self.valid && self.rid == rid && (va & OFFSET_MASK & !low_mask(self.ps)) == self.vpn
    }

    /// Whether this entry overlaps the range of 2^ps bytes holding `va` in region
    /// `rid` (partially or completely, as the purge and insert rules of SDM Vol 2
    /// §4.1.1.2 and Table 4-1 put it). Both ranges are naturally aligned powers of
    /// two, so they overlap exactly when they agree above the larger size.
    #[inline]
    pub(crate) fn overlaps(&self, rid: u32, va: u64, ps: u8) -> bool {
        let big = low_mask(ps.max(self.ps));
        self.valid && self.rid == rid && (va & OFFSET_MASK & !big) == (self.vpn & !big)
    }

    /// The physical address `va` maps to through this entry.
    #[inline]
    pub(crate) fn phys(&self, va: u64) -> u64 {
        let low = low_mask(self.ps);
        (self.pte & PPN_MASK & !low) | (va & low)
    }

    /// The PTE as a typed value.
    #[inline]
    pub(crate) fn pte(&self) -> Pte {
        Pte::from_bits_retain(self.pte)
    }
}

/// Mask of the bits below a page of 2^ps bytes (ps up to 63).
#[inline]
pub(crate) fn low_mask(ps: u8) -> u64 {
    if ps >= 64 {
        u64::MAX
    } else {
        (1u64 << ps) - 1
    }
}

/// Where a hit was found, remembered to make the next search of the same page cheap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Tr(usize),
    Tc(usize),
}

/// One side of the TLB: translation registers and translation cache.
#[derive(Clone, Debug)]
pub(crate) struct Side {
    tr: [Entry; TR_COUNT],
    tc: Vec<Entry>,
    /// Round-robin eviction pointer into `tc`.
    victim: usize,
    /// The slot of the last hit; checked first by [`Side::lookup`].
    last: Option<Slot>,
}

impl Default for Side {
    fn default() -> Self {
        Side {
            tr: [Entry::default(); TR_COUNT],
            tc: vec![Entry::default(); TC_COUNT],
            victim: 0,
            last: None,
        }
    }
}

impl Side {
    fn entry(&self, slot: Slot) -> Option<&Entry> {
        match slot {
            Slot::Tr(i) => self.tr.get(i),
            Slot::Tc(i) => self.tc.get(i),
        }
    }

    /// Finds the translation of `va` in region `rid` without remembering the hit.
    pub(crate) fn find(&self, rid: u32, va: u64) -> Option<Entry> {
        self.search(rid, va).and_then(|s| self.entry(s).copied())
    }

    fn search(&self, rid: u32, va: u64) -> Option<Slot> {
        if let Some(s) = self.last {
            if self.entry(s).is_some_and(|e| e.matches(rid, va)) {
                return Some(s);
            }
        }
        // Inserts never let a TC entry overlap a TR or another TC entry, so at most
        // one entry matches and the search order does not change the result.
        if let Some(i) = self.tr.iter().position(|e| e.matches(rid, va)) {
            return Some(Slot::Tr(i));
        }
        self.tc
            .iter()
            .position(|e| e.matches(rid, va))
            .map(Slot::Tc)
    }

    /// Finds the translation of `va` in region `rid` and remembers the hit.
    #[inline]
    pub(crate) fn lookup(&mut self, rid: u32, va: u64) -> Option<Entry> {
        let slot = self.search(rid, va)?;
        self.last = Some(slot);
        self.entry(slot).copied()
    }

    /// Whether a translation register other than `except` overlaps the range.
    pub(crate) fn tr_overlaps(&self, rid: u32, va: u64, ps: u8, except: Option<usize>) -> bool {
        self.tr
            .iter()
            .enumerate()
            .any(|(i, e)| Some(i) != except && e.overlaps(rid, va, ps))
    }

    /// Invalidates every TC entry overlapping the range; reports whether any did.
    pub(crate) fn purge_tc(&mut self, rid: u32, va: u64, ps: u8) -> bool {
        let mut any = false;
        for e in self.tc.iter_mut().filter(|e| e.overlaps(rid, va, ps)) {
            e.valid = false;
            any = true;
        }
        any
    }

    /// Invalidates every TR overlapping the range; reports whether any did.
    pub(crate) fn purge_tr(&mut self, rid: u32, va: u64, ps: u8) -> bool {
        let mut any = false;
        for e in self.tr.iter_mut().filter(|e| e.overlaps(rid, va, ps)) {
            e.valid = false;
            any = true;
        }
        any
    }

    /// Invalidates the whole translation cache (ptc.e).
    pub(crate) fn clear_tc(&mut self) {
        self.tc.iter_mut().for_each(|e| e.valid = false);
    }

    /// Inserts `e` into the translation cache after purging the entries it
    /// overlaps; returns the index it went to.
    pub(crate) fn insert_tc(&mut self, e: Entry) -> usize {
        self.purge_tc(e.rid, e.vpn, e.ps);
        let index = match self.tc.iter().position(|t| !t.valid) {
            Some(free) => free,
            None => {
                let v = self.victim;
                self.victim = (v + 1) % TC_COUNT;
                v
            }
        };
        if let Some(slot) = self.tc.get_mut(index) {
            *slot = e;
        }
        index
    }

    /// Writes translation register `slot` (already range-checked by the caller).
    pub(crate) fn set_tr(&mut self, slot: usize, e: Entry) {
        if let Some(t) = self.tr.get_mut(slot) {
            *t = e;
        }
    }

    /// Number of valid translation cache entries.
    #[cfg(test)]
    pub(crate) fn tc_valid(&self) -> usize {
        self.tc.iter().filter(|e| e.valid).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PTE: u64 = 0x0000_0000_0123_4661; // p, a, d, ar=3, ppn 0x1234

    #[test]
    fn matching_uses_rid_and_page_bits_not_the_region_number() {
        let e = Entry::new(7, 0x2000_0000_0000_5abc, 12, PTE, 0);
        assert!(e.matches(7, 0x2000_0000_0000_5000));
        assert!(e.matches(7, 0x4000_0000_0000_5fff));
        assert!(!e.matches(8, 0x2000_0000_0000_5000));
        assert!(!e.matches(7, 0x2000_0000_0000_6000));
        assert_eq!(e.phys(0x2000_0000_0000_5abc), 0x0123_4abc);
    }

    #[test]
    fn large_pages_clear_low_ppn_bits() {
        let e = Entry::new(1, 0x12_3456_7000, 24, 0x0000_0000_7fff_f001, 0);
        assert_eq!(e.vpn, 0x12_3400_0000);
        assert_eq!(e.phys(0x12_3456_789a), 0x7f56_789a);
    }

    #[test]
    fn overlap_is_symmetric_in_size() {
        let small = Entry::new(1, 0x10_3000, 12, PTE, 0);
        assert!(small.overlaps(1, 0x10_0000, 20));
        assert!(!small.overlaps(1, 0x20_0000, 20));
        let big = Entry::new(1, 0x10_0000, 20, PTE, 0);
        assert!(big.overlaps(1, 0x10_3000, 12));
        assert!(!big.overlaps(1, 0x20_3000, 12));
        assert!(!big.overlaps(2, 0x10_3000, 12));
    }

    #[test]
    fn replacement_fills_free_slots_then_round_robin() {
        let mut s = Side::default();
        for i in 0..TC_COUNT as u64 {
            assert_eq!(s.insert_tc(Entry::new(1, i << 12, 12, PTE, 0)), i as usize);
        }
        assert_eq!(s.tc_valid(), TC_COUNT);
        // Full: evictions walk 0, 1, 2 …
        assert_eq!(s.insert_tc(Entry::new(1, 0x100_0000, 12, PTE, 0)), 0);
        assert_eq!(s.insert_tc(Entry::new(1, 0x200_0000, 12, PTE, 0)), 1);
        assert!(s.find(1, 0).is_none());
        assert!(s.find(1, 0x2000).is_some());
        // A purged slot is reused before the round-robin pointer.
        assert!(s.purge_tc(1, 0x5000, 12));
        assert_eq!(s.insert_tc(Entry::new(1, 0x300_0000, 12, PTE, 0)), 5);
    }

    #[test]
    fn insert_purges_overlapping_entries() {
        let mut s = Side::default();
        s.insert_tc(Entry::new(1, 0x1000, 12, PTE, 0));
        s.insert_tc(Entry::new(1, 0x2000, 12, PTE, 0));
        s.insert_tc(Entry::new(1, 0x40_0000, 12, PTE, 0));
        s.insert_tc(Entry::new(1, 0, 16, PTE, 0));
        assert_eq!(s.tc_valid(), 2);
        assert_eq!(s.find(1, 0x1000).map(|e| e.ps), Some(16));
    }

    #[test]
    fn lookup_hint_never_returns_a_stale_entry() {
        let mut s = Side::default();
        s.insert_tc(Entry::new(1, 0x1000, 12, PTE, 0));
        assert!(s.lookup(1, 0x1000).is_some());
        s.purge_tc(1, 0x1000, 12);
        assert!(s.lookup(1, 0x1000).is_none());
        s.set_tr(3, Entry::new(1, 0x1000, 12, PTE, 9));
        assert_eq!(s.lookup(1, 0x1000).map(|e| e.key), Some(9));
        assert!(s.tr_overlaps(1, 0x1000, 12, None));
        assert!(!s.tr_overlaps(1, 0x1000, 12, Some(3)));
    }
}
