//! Tests of the MMU through its public interface: every vector it raises, every
//! insert and purge form, page sizes 4 KiB–4 GiB, the VHPT walker, and the priority
//! order when several conditions hold.

use super::*;
use crate::memory::MemError;

/// Physical memory backed by a `Vec`, starting at 0; accesses past its end fail.
struct TestMem(Vec<u8>);

impl TestMem {
    fn new() -> TestMem {
        TestMem(vec![0; 1 << 20])
    }

    fn put(&mut self, pa: u64, v: u64) {
        self.write(pa, &v.to_le_bytes())
            .expect("test address in range");
    }
}

impl PhysMem for TestMem {
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Result<(), MemError> {
        let s = usize::try_from(pa).map_err(|_| MemError::Unimplemented { pa })?;
        let src = self
            .0
            .get(s..s + buf.len())
            .ok_or(MemError::Unimplemented { pa })?;
        buf.copy_from_slice(src);
        Ok(())
    }

    fn write(&mut self, pa: u64, buf: &[u8]) -> Result<(), MemError> {
        let s = usize::try_from(pa).map_err(|_| MemError::Unimplemented { pa })?;
        let dst = self
            .0
            .get_mut(s..s + buf.len())
            .ok_or(MemError::Unimplemented { pa })?;
        dst.copy_from_slice(buf);
        Ok(())
    }
}

const IT: u64 = 1 << 36;
const DT: u64 = 1 << 17;
const IC: u64 = 1 << 13;
const PK: u64 = 1 << 15;
const DA: u64 = 1 << 38;
const IA: u64 = 1 << 45;
/// Translation on, collection on.
const ON: u64 = IT | DT | IC;

/// Region register n: rid 0x100 + n, ps 12 (4 KiB), ve as given.
fn rr(n: u64, ve: bool) -> u64 {
    ((0x100 + n) << 8) | (12 << 2) | u64::from(ve)
}

/// A context with translation on, rid 0x100+n per region, VHPT walker off.
fn cx() -> MmuCtx {
    let mut rrs = [0; 8];
    for (n, r) in rrs.iter_mut().enumerate() {
        *r = rr(n as u64, false);
    }
    MmuCtx {
        psr: ON,
        rr: rrs,
        pta: 0,
        dcr: 0,
        cpl: 0,
    }
}

const P: u64 = 1;
const A: u64 = 1 << 5;
const D: u64 = 1 << 6;
const ED: u64 = 1 << 52;

/// A PTE mapping physical `pa` with `ar`, `pl`, memory attribute `ma` and `flags`.
fn pte(pa: u64, ar: u64, pl: u64, ma: u64, flags: u64) -> u64 {
    pa | (ar << 9) | (pl << 7) | (ma << 2) | flags
}

/// A present, accessed, dirty, WB, RWX, PL0 page at `pa`.
fn good(pa: u64) -> u64 {
    pte(pa, 3, 0, 0, P | A | D)
}

/// ITIR for page size 2^ps and key.
fn itir(ps: u64, key: u64) -> u64 {
    (key << 8) | (ps << 2)
}

fn read(m: &mut Mmu, c: &MmuCtx, va: u64, size: u64) -> Result<u64, MmuFault> {
    m.translate(c, &mut TestMem::new(), va, size, Access::Read, false)
}

fn access(m: &mut Mmu, c: &MmuCtx, va: u64, a: Access) -> Result<u64, MmuFault> {
    m.translate(c, &mut TestMem::new(), va, 8, a, false)
}

fn vector(r: Result<u64, MmuFault>) -> Vector {
    match r {
        Err(f) => f.vector,
        Ok(pa) => panic!("expected a fault, translated to {pa:#x}"),
    }
}

const R: u64 = 1 << 34;
const W: u64 = 1 << 33;
const X: u64 = 1 << 32;
const NA: u64 = 1 << 35;

// ---------------------------------------------------------------- physical mode

#[test]
fn physical_mode_drops_bit_63_and_checks_alignment() {
    let mut m = Mmu::new();
    let mut c = cx();
    c.psr = IC;
    assert_eq!(read(&mut m, &c, 0x8000_0000_0010_0008, 8), Ok(0x10_0008));
    assert_eq!(
        access(&mut m, &c, 0x8000_0000_0010_0001, Access::Execute),
        Ok(0x10_0001)
    );
    let f = read(&mut m, &c, 0x10_0004, 8).unwrap_err();
    assert_eq!(f.vector, Vector::UnalignedReference);
    assert_eq!((f.ifa, f.isr), (0x10_0004, R));
    assert_eq!(
        vector(access(&mut m, &c, 0x8000_0000_0010_0000, Access::ReadWrite)),
        Vector::UnsupportedDataReference
    );
    assert_eq!(
        access(&mut m, &c, 0x10_0000, Access::ReadWrite),
        Ok(0x10_0000)
    );
    let t = m
        .translate_full(
            &c,
            &mut TestMem::new(),
            1 << 63,
            1,
            Access::Read,
            RefFlags::default(),
        )
        .unwrap();
    assert_eq!((t.pa, t.ma, t.ed), (0, 4, false));
    // Data translation on, instruction translation off: only data is translated.
    c.psr = DT | IC;
    assert_eq!(access(&mut m, &c, 0x5000, Access::Execute), Ok(0x5000));
    assert_eq!(
        vector(read(&mut m, &c, 0x5000, 8)),
        Vector::AlternateDataTlb
    );
}

// ---------------------------------------------------------------- TLB misses

#[test]
fn alternate_tlb_faults_carry_default_itir_and_no_iha() {
    let mut m = Mmu::new();
    let c = cx();
    let va = 0x6000_0000_0001_2345;
    let f = access(&mut m, &c, va, Access::Write).unwrap_err();
    assert_eq!(f.vector, Vector::AlternateDataTlb);
    assert_eq!(f.ifa, va);
    assert_eq!(f.itir, itir(12, 0x103));
    assert_eq!(f.isr, W);
    assert_eq!(f.iha, None);
    let f = access(&mut m, &c, va, Access::Execute).unwrap_err();
    assert_eq!(f.vector, Vector::AlternateInstructionTlb);
    assert_eq!(f.ifa, 0x6000_0000_0001_2340, "IFA is the bundle address");
    assert_eq!(f.isr, X);
    let f = access(&mut m, &c, va & !7, Access::ReadWrite).unwrap_err();
    assert_eq!(f.isr, R | W);
}

#[test]
fn walker_disabled_by_pta_or_rr_gives_alternate_vectors() {
    let mut m = Mmu::new();
    let mut c = cx();
    c.pta = 0x10_0000 | (15 << 2); // ve = 0
    c.rr[0] = rr(0, true);
    assert_eq!(
        vector(read(&mut m, &c, 0x1000, 8)),
        Vector::AlternateDataTlb
    );
    c.pta |= 1;
    c.rr[0] = rr(0, false);
    assert_eq!(
        vector(read(&mut m, &c, 0x1000, 8)),
        Vector::AlternateDataTlb
    );
    assert_eq!(
        vector(access(&mut m, &c, 0x1000, Access::Execute)),
        Vector::AlternateInstructionTlb
    );
}

#[test]
fn data_misses_with_collection_off_are_nested() {
    let mut m = Mmu::new();
    let mut c = cx();
    c.psr = IT | DT;
    assert_eq!(vector(read(&mut m, &c, 0x1000, 8)), Vector::DataNestedTlb);
    // The walker's own miss and an abort are nested too.
    let mut w = walker_region1();
    w.c.psr = IT | DT;
    assert_eq!(
        vector(w.go(0x2000_0000_0400_0000, Access::Read)),
        Vector::DataNestedTlb
    );
    w.entry(0x2000_0000_0000_5000, good(0x5000) | 2);
    assert_eq!(
        vector(w.go(0x2000_0000_0000_5000, Access::Read)),
        Vector::DataNestedTlb
    );
    // Instruction misses are never nested.
    assert_eq!(
        vector(access(&mut m, &c, 0x1000, Access::Execute)),
        Vector::AlternateInstructionTlb
    );
}

// ---------------------------------------------------------------- inserts and page sizes

#[test]
fn itc_translates_every_page_size_from_4k_to_4g() {
    for ps in [12u64, 13, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32] {
        let mut m = Mmu::new();
        let c = cx();
        let size = 1u64 << ps;
        let va = 0x2000_0000_0000_0000 | (3 * size);
        let pa = 5 * size;
        m.itc(&c, false, va + 0x10, itir(ps, 0), good(pa)).unwrap();
        assert_eq!(
            read(&mut m, &c, va + size - 8, 8),
            Ok(pa + size - 8),
            "ps {ps}"
        );
        assert_eq!(read(&mut m, &c, va, 8), Ok(pa), "ps {ps}");
        assert_eq!(
            vector(read(&mut m, &c, va + size, 8)),
            Vector::AlternateDataTlb,
            "ps {ps}: the next page is not mapped"
        );
        assert_eq!(
            vector(read(&mut m, &c, va - 8, 8)),
            Vector::AlternateDataTlb
        );
        // The ITLB is separate.
        assert_eq!(
            vector(access(&mut m, &c, va, Access::Execute)),
            Vector::AlternateInstructionTlb
        );
        m.itc(&c, true, va, itir(ps, 0), good(pa)).unwrap();
        assert_eq!(
            access(&mut m, &c, va + 0x20, Access::Execute),
            Ok(pa + 0x20)
        );
    }
}

#[test]
fn translations_are_tagged_by_rid() {
    let mut m = Mmu::new();
    let mut c = cx();
    m.itc(&c, false, 0x2000_0000_0000_1000, itir(12, 0), good(0x7000))
        .unwrap();
    // Same rid through another region register: hit.
    c.rr[3] = c.rr[1];
    assert_eq!(read(&mut m, &c, 0x6000_0000_0000_1008, 8), Ok(0x7008));
    // Changing the rid of region 1 hides the translation.
    c.rr[1] = rr(9, false);
    assert_eq!(
        vector(read(&mut m, &c, 0x2000_0000_0000_1000, 8)),
        Vector::AlternateDataTlb
    );
}

#[test]
fn itc_purges_overlapping_entries() {
    let mut m = Mmu::new();
    let c = cx();
    m.itc(&c, false, 0x1000, itir(12, 0), good(0x11000))
        .unwrap();
    m.itc(&c, false, 0x5000, itir(12, 0), good(0x15000))
        .unwrap();
    m.itc(&c, false, 0x20000, itir(12, 0), good(0x21000))
        .unwrap();
    // A 64 KiB page over the first two.
    m.itc(&c, false, 0x0, itir(16, 0), good(0x40000)).unwrap();
    assert_eq!(read(&mut m, &c, 0x5008, 8), Ok(0x45008));
    assert_eq!(read(&mut m, &c, 0x20008, 8), Ok(0x21008));
    // A small page inside the big one replaces it.
    m.itc(&c, false, 0x3000, itir(12, 0), good(0x93000))
        .unwrap();
    assert_eq!(
        vector(read(&mut m, &c, 0x5008, 8)),
        Vector::AlternateDataTlb
    );
    assert_eq!(read(&mut m, &c, 0x3008, 8), Ok(0x93008));
}

#[test]
fn translation_cache_is_bounded_with_round_robin_replacement() {
    let mut m = Mmu::new();
    let c = cx();
    for i in 0..=TC_COUNT as u64 {
        m.itc(&c, false, i << 12, itir(12, 0), good(i << 12))
            .unwrap();
    }
    assert_eq!(vector(read(&mut m, &c, 0, 8)), Vector::AlternateDataTlb);
    assert_eq!(read(&mut m, &c, 0x1000, 8), Ok(0x1000));
    let last = (TC_COUNT as u64) << 12;
    assert_eq!(read(&mut m, &c, last, 8), Ok(last));
    // The next eviction takes entry 1.
    m.itc(&c, false, 0x900_0000, itir(12, 0), good(0)).unwrap();
    assert_eq!(
        vector(read(&mut m, &c, 0x1000, 8)),
        Vector::AlternateDataTlb
    );
    assert_eq!(read(&mut m, &c, 0x2000, 8), Ok(0x2000));
}

#[test]
fn reserved_insert_fields_raise_reserved_register_field() {
    let mut m = Mmu::new();
    let c = cx();
    for (it, p) in [
        (itir(12, 0) | 1, good(0)),
        (itir(11, 0), good(0)),
        (itir(12, 0), good(0) | 2),
        (itir(12, 0), good(0) | (1 << 51)),
        (itir(12, 0), pte(0, 3, 0, 1, P | A | D)),
        (itir(12, 0) | (1 << 40), good(0)),
    ] {
        let f = m.itc(&c, false, 0x1000, it, p).unwrap_err();
        assert_eq!(
            f.vector,
            Vector::GeneralException,
            "itir {it:#x} pte {p:#x}"
        );
        assert_eq!(f.isr, 0x30);
        let f = m.itr(&c, true, 0, 0x1000, it, p).unwrap_err();
        assert_eq!((f.vector, f.isr), (Vector::GeneralException, 0x30));
    }
    let f = m
        .itr(&c, false, TR_COUNT as u64, 0x1000, itir(12, 0), good(0))
        .unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::GeneralException, 0x30));
    assert_eq!(m.generation(), 0, "failed inserts change nothing");
}

#[test]
fn inserts_overlapping_a_tr_are_machine_checks() {
    let mut m = Mmu::new();
    let c = cx();
    m.itr(&c, false, 2, 0x10_0000, itir(20, 0), good(0x10_0000))
        .unwrap();
    let f = m
        .itc(&c, false, 0x10_4000, itir(12, 0), good(0))
        .unwrap_err();
    assert!(f.is_machine_check());
    assert_eq!(f.vector, MmuFault::MACHINE_CHECK_VECTOR);
    // The other side does not overlap.
    m.itc(&c, true, 0x10_4000, itir(12, 0), good(0)).unwrap();
    // Another TR over it is a machine check; rewriting the same slot is not.
    let f = m
        .itr(&c, false, 3, 0x10_8000, itir(12, 0), good(0))
        .unwrap_err();
    assert!(f.is_machine_check());
    m.itr(&c, false, 2, 0x10_8000, itir(12, 0), good(0x50_0000))
        .unwrap();
    assert_eq!(read(&mut m, &c, 0x10_8010, 8), Ok(0x50_0010));
    assert_eq!(
        vector(read(&mut m, &c, 0x10_0000, 8)),
        Vector::AlternateDataTlb
    );
}

#[test]
fn itr_purges_overlapping_tc_entries_of_its_side() {
    let mut m = Mmu::new();
    let c = cx();
    m.itc(&c, false, 0x3000, itir(12, 0), good(0x3000)).unwrap();
    m.itc(&c, true, 0x3000, itir(12, 0), good(0x3000)).unwrap();
    m.itr(&c, false, 0, 0x0, itir(16, 0), good(0x80000))
        .unwrap();
    assert_eq!(read(&mut m, &c, 0x3000, 8), Ok(0x83000));
    assert_eq!(access(&mut m, &c, 0x3000, Access::Execute), Ok(0x3000));
}

// ---------------------------------------------------------------- purges

#[test]
fn ptc_l_and_ptc_g_purge_overlapping_tc_entries_of_both_sides() {
    for global in [false, true] {
        let mut m = Mmu::new();
        let c = cx();
        for va in [0x1000u64, 0x2000, 0x4_0000] {
            m.itc(&c, false, va, itir(12, 0), good(va)).unwrap();
            m.itc(&c, true, va, itir(12, 0), good(va)).unwrap();
        }
        // Region 1 has a different rid and is untouched.
        m.itc(&c, false, 0x2000_0000_0000_1000, itir(12, 0), good(0x1000))
            .unwrap();
        let g = m.generation();
        if global {
            m.ptc_g(&c, 0x1234, 14);
        } else {
            m.ptc_l(&c, 0x1234, 14);
        }
        assert!(m.generation() > g);
        assert_eq!(m.take_machine_check(), None);
        for a in [Access::Read, Access::Execute] {
            assert!(access(&mut m, &c, 0x1000, a).is_err());
            assert!(access(&mut m, &c, 0x2000, a).is_err());
            assert_eq!(access(&mut m, &c, 0x4_0000, a), Ok(0x4_0000));
        }
        assert_eq!(read(&mut m, &c, 0x2000_0000_0000_1000, 8), Ok(0x1000));
    }
}

#[test]
fn purge_of_a_big_entry_by_a_small_range() {
    let mut m = Mmu::new();
    let c = cx();
    m.itc(&c, false, 0x100_0000, itir(24, 0), good(0x100_0000))
        .unwrap();
    m.ptc_l(&c, 0x1ff_f000, 12);
    assert_eq!(
        vector(read(&mut m, &c, 0x100_0000, 8)),
        Vector::AlternateDataTlb
    );
    // Sizes below 4 KiB purge 4 KiB.
    m.itc(&c, false, 0x5000, itir(12, 0), good(0x5000)).unwrap();
    m.ptc_l(&c, 0x5ff8, 0);
    assert_eq!(
        vector(read(&mut m, &c, 0x5000, 8)),
        Vector::AlternateDataTlb
    );
}

#[test]
fn ptc_overlapping_a_tr_is_a_pending_machine_check() {
    let mut m = Mmu::new();
    let c = cx();
    m.itr(&c, true, 0, 0x10_0000, itir(12, 0), good(0x10_0000))
        .unwrap();
    m.itc(&c, false, 0x10_1000, itir(12, 0), good(0x10_1000))
        .unwrap();
    m.ptc_l(&c, 0x10_0000, 16);
    let f = m.take_machine_check().expect("machine check");
    assert!(f.is_machine_check());
    assert_eq!(m.take_machine_check(), None);
    // Nothing was purged.
    assert_eq!(read(&mut m, &c, 0x10_1000, 8), Ok(0x10_1000));
    assert_eq!(
        access(&mut m, &c, 0x10_0000, Access::Execute),
        Ok(0x10_0000)
    );
}

#[test]
fn ptc_e_clears_both_caches_but_not_the_trs() {
    let mut m = Mmu::new();
    let c = cx();
    m.itr(&c, false, 7, 0x40_0000, itir(12, 0), good(0x40_0000))
        .unwrap();
    m.itc(&c, false, 0x1000, itir(12, 0), good(0x1000)).unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0), good(0x1000)).unwrap();
    let g = m.generation();
    m.ptc_e(0);
    assert!(m.generation() > g);
    assert!(read(&mut m, &c, 0x1000, 8).is_err());
    assert!(access(&mut m, &c, 0x1000, Access::Execute).is_err());
    assert_eq!(read(&mut m, &c, 0x40_0000, 8), Ok(0x40_0000));
}

#[test]
fn ptr_purges_the_trs_and_tcs_of_one_side_in_range() {
    for instr in [false, true] {
        let mut m = Mmu::new();
        let c = cx();
        let a = if instr { Access::Execute } else { Access::Read };
        let other = if instr { Access::Read } else { Access::Execute };
        for (slot, va) in [(0u64, 0x10_0000u64), (1, 0x20_0000), (2, 0x10_4000)] {
            m.itr(&c, instr, slot, va, itir(12, 0), good(va)).unwrap();
            m.itr(&c, !instr, slot, va, itir(12, 0), good(va)).unwrap();
        }
        m.itc(&c, instr, 0x10_8000, itir(12, 0), good(0x10_8000))
            .unwrap();
        m.ptr(&c, instr, 0x10_0000, 16);
        assert!(access(&mut m, &c, 0x10_0000, a).is_err());
        assert!(access(&mut m, &c, 0x10_4000, a).is_err());
        assert!(access(&mut m, &c, 0x10_8000, a).is_err());
        assert_eq!(access(&mut m, &c, 0x20_0000, a), Ok(0x20_0000));
        assert_eq!(access(&mut m, &c, 0x10_0000, other), Ok(0x10_0000));
        // The purged slot can be reused without a machine check.
        m.itr(&c, instr, 5, 0x10_0000, itir(16, 0), good(0x10_0000))
            .unwrap();
    }
}

#[test]
fn generation_counts_every_tlb_and_pkr_change() {
    let mut m = Mmu::new();
    let c = cx();
    let mut last = m.generation();
    let mut bumped = |m: &Mmu| {
        let g = m.generation();
        assert!(g > last);
        last = g;
    };
    m.itc(&c, false, 0x1000, itir(12, 0), good(0)).unwrap();
    bumped(&m);
    m.itr(&c, true, 0, 0x1000, itir(12, 0), good(0)).unwrap();
    bumped(&m);
    m.ptc_l(&c, 0x8000, 12);
    bumped(&m);
    m.ptc_g(&c, 0x8000, 12);
    bumped(&m);
    m.ptr(&c, true, 0x1000, 12);
    bumped(&m);
    m.ptc_e(0);
    bumped(&m);
    m.set_pkr(0, 1);
    bumped(&m);
    // Reads and lookups do not change it.
    let g = m.generation();
    let _ = read(&mut m, &c, 0x1000, 8);
    let _ = m.tak(&c, 0x1000);
    assert_eq!(m.generation(), g);
}

// ---------------------------------------------------------------- faults after a hit

#[test]
fn page_not_present() {
    let mut m = Mmu::new();
    let c = cx();
    m.itc(&c, false, 0x1000, itir(12, 0), pte(0x1000, 3, 0, 0, A | D))
        .unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0), pte(0x1000, 3, 0, 0, A | D))
        .unwrap();
    let f = access(&mut m, &c, 0x1008, Access::Write).unwrap_err();
    assert_eq!(
        (f.vector, f.isr, f.ifa),
        (Vector::PageNotPresent, W, 0x1008)
    );
    assert_eq!(
        f.itir,
        itir(12, 0x100),
        "ITIR is the region default, not the entry"
    );
    let f = access(&mut m, &c, 0x1008, Access::Execute).unwrap_err();
    assert_eq!(
        (f.vector, f.isr, f.ifa),
        (Vector::PageNotPresent, X, 0x1000)
    );
}

#[test]
fn nat_page_consumption() {
    let mut m = Mmu::new();
    let c = cx();
    let nat = pte(0x1000, 3, 0, 7, P | A | D);
    m.itc(&c, false, 0x1000, itir(12, 0), nat).unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0), nat).unwrap();
    let f = access(&mut m, &c, 0x1000, Access::Read).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::NatConsumption, R | 0x20));
    let f = access(&mut m, &c, 0x1000, Access::Execute).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::NatConsumption, X | 0x20));
}

#[test]
fn key_miss_and_key_permission() {
    let mut m = Mmu::new();
    let mut c = cx();
    m.itc(&c, false, 0x1000, itir(12, 0x77), good(0x1000))
        .unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0x77), good(0x1000))
        .unwrap();
    // psr.pk = 0: keys are not checked.
    assert!(read(&mut m, &c, 0x1000, 8).is_ok());
    c.psr |= PK;
    assert_eq!(vector(read(&mut m, &c, 0x1000, 8)), Vector::DataKeyMiss);
    assert_eq!(
        vector(access(&mut m, &c, 0x1000, Access::Execute)),
        Vector::InstructionKeyMiss
    );
    m.set_pkr(5, (0x77 << 8) | PKR_V);
    assert!(read(&mut m, &c, 0x1000, 8).is_ok());
    assert!(access(&mut m, &c, 0x1000, Access::Execute).is_ok());
    for (bit, denied) in [
        (PKR_RD, [Access::Read, Access::ReadWrite]),
        (PKR_WD, [Access::Write, Access::ReadWrite]),
        (PKR_XD, [Access::Execute, Access::Execute]),
    ] {
        m.set_pkr(5, (0x77 << 8) | PKR_V | bit);
        assert_eq!(m.pkr(5), (0x77 << 8) | PKR_V | bit);
        for a in [
            Access::Read,
            Access::Write,
            Access::ReadWrite,
            Access::Execute,
        ] {
            let r = access(&mut m, &c, 0x1000, a);
            if denied.contains(&a) {
                let f = r.unwrap_err();
                assert_eq!(f.vector, Vector::KeyPermission, "{bit:#x} {a:?}");
                assert_eq!(f.isr, isr_access(a, false));
            } else {
                assert!(r.is_ok(), "{bit:#x} {a:?}");
            }
        }
    }
}

#[test]
fn access_rights_faults_use_cpl() {
    let mut m = Mmu::new();
    let mut c = cx();
    // ar 2 (RW) at pl 1; ar 1 (RX) for code at pl 0.
    m.itc(
        &c,
        false,
        0x1000,
        itir(12, 0),
        pte(0x1000, 2, 1, 0, P | A | D),
    )
    .unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0), pte(0x1000, 1, 0, 0, P | A))
        .unwrap();
    c.cpl = 1;
    assert!(access(&mut m, &c, 0x1000, Access::Write).is_ok());
    assert_eq!(
        vector(access(&mut m, &c, 0x1000, Access::Execute)),
        Vector::InstructionAccessRights
    );
    c.cpl = 0;
    assert!(access(&mut m, &c, 0x1000, Access::Execute).is_ok());
    c.cpl = 2;
    let f = access(&mut m, &c, 0x1000, Access::Read).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::DataAccessRights, R));
}

#[test]
fn dirty_bit_on_writes_and_semaphores_unless_psr_da() {
    let mut m = Mmu::new();
    let mut c = cx();
    m.itc(&c, false, 0x1000, itir(12, 0), pte(0x1000, 3, 0, 0, P | A))
        .unwrap();
    assert!(access(&mut m, &c, 0x1000, Access::Read).is_ok());
    let f = access(&mut m, &c, 0x1000, Access::Write).unwrap_err();
    assert_eq!((f.vector, f.isr, f.ifa), (Vector::DirtyBit, W, 0x1000));
    assert_eq!(
        vector(access(&mut m, &c, 0x1000, Access::ReadWrite)),
        Vector::DirtyBit
    );
    c.psr |= DA;
    assert!(access(&mut m, &c, 0x1000, Access::Write).is_ok());
}

#[test]
fn access_bits_unless_psr_da_or_psr_ia() {
    let mut m = Mmu::new();
    let mut c = cx();
    m.itc(&c, false, 0x1000, itir(12, 0), pte(0x1000, 3, 0, 0, P | D))
        .unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0), pte(0x1000, 3, 0, 0, P))
        .unwrap();
    let f = access(&mut m, &c, 0x1000, Access::Read).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::DataAccessBit, R));
    let f = access(&mut m, &c, 0x1000, Access::Execute).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::InstructionAccessBit, X));
    c.psr |= DA;
    assert!(access(&mut m, &c, 0x1000, Access::Read).is_ok());
    assert!(access(&mut m, &c, 0x1000, Access::Execute).is_err());
    c.psr = ON | IA;
    assert!(access(&mut m, &c, 0x1000, Access::Execute).is_ok());
    assert!(access(&mut m, &c, 0x1000, Access::Read).is_err());
}

#[test]
fn unaligned_references() {
    let mut m = Mmu::new();
    let c = cx();
    m.itc(&c, false, 0x1000, itir(12, 0), good(0x1000)).unwrap();
    for (va, size, ok) in [
        (0x1001, 1, true),
        (0x1002, 2, true),
        (0x1003, 2, false),
        (0x1004, 4, true),
        (0x1004, 8, false),
        (0x1008, 8, true),
        (0x1008, 16, false),
        (0x1010, 10, true),
        (0x1008, 10, false),
    ] {
        let r = read(&mut m, &c, va, size);
        if ok {
            assert!(r.is_ok(), "{va:#x}/{size}");
        } else {
            let f = r.unwrap_err();
            assert_eq!(
                (f.vector, f.ifa),
                (Vector::UnalignedReference, va),
                "{va:#x}/{size}"
            );
        }
    }
    // Non-access references are not checked.
    assert!(m
        .translate(&c, &mut TestMem::new(), 0x1003, 8, Access::Read, true)
        .is_ok());
}

#[test]
fn unsupported_data_reference_for_semaphores_to_uncacheable_pages() {
    let mut m = Mmu::new();
    let c = cx();
    for (ma, plain, fetchadd) in [
        (0u64, true, true),
        (4, false, false),
        (5, false, true),
        (6, false, false),
    ] {
        let va = 0x10_0000 + (ma << 12);
        m.itc(&c, false, va, itir(12, 0), pte(va, 3, 0, ma, P | A | D))
            .unwrap();
        // Ordinary loads and stores are fine on every attribute.
        assert!(access(&mut m, &c, va, Access::Write).is_ok());
        let r = access(&mut m, &c, va, Access::ReadWrite);
        assert_eq!(r.is_ok(), plain, "ma {ma}");
        if let Err(f) = r {
            assert_eq!((f.vector, f.isr), (Vector::UnsupportedDataReference, R | W));
        }
        let flags = RefFlags {
            non_access: false,
            fetchadd: true,
        };
        let t = m.translate_full(&c, &mut TestMem::new(), va, 8, Access::ReadWrite, flags);
        assert_eq!(t.is_ok(), fetchadd, "fetchadd, ma {ma}");
        if let Ok(t) = t {
            assert_eq!(t.ma, ma as u8);
        }
    }
}

#[test]
fn non_access_references_set_isr_na_and_skip_the_dirty_bit() {
    let mut m = Mmu::new();
    let c = cx();
    let f = m
        .translate(&c, &mut TestMem::new(), 0x1000, 1, Access::Read, true)
        .unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::AlternateDataTlb, R | NA));
    m.itc(&c, false, 0x1000, itir(12, 0), pte(0x1000, 3, 0, 0, P))
        .unwrap();
    let f = m
        .translate(&c, &mut TestMem::new(), 0x1000, 1, Access::Write, true)
        .unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::DataAccessBit, W | NA));
}

#[test]
fn translation_reports_memory_attribute_and_ed() {
    let mut m = Mmu::new();
    let c = cx();
    m.itc(
        &c,
        false,
        0x1000,
        itir(12, 0),
        pte(0x9000, 3, 0, 4, P | A | D | ED),
    )
    .unwrap();
    let t = m
        .translate_full(
            &c,
            &mut TestMem::new(),
            0x1010,
            8,
            Access::Read,
            RefFlags::default(),
        )
        .unwrap();
    assert_eq!(
        t,
        Translation {
            pa: 0x9010,
            ma: 4,
            ed: true
        }
    );
}

// ---------------------------------------------------------------- priorities

#[test]
fn priorities_when_several_conditions_hold() {
    let c0 = {
        let mut c = cx();
        c.psr |= PK;
        c.cpl = 3;
        c
    };
    // (pte, itir key has a PKR?, access, size) → expected vector; each case also
    // holds every condition of the cases below it.
    let cases: [(u64, bool, Access, u64, Vector); 7] = [
        // not present + NaTPage + key miss + rights + dirty + access + unaligned
        (
            pte(0x1000, 0, 0, 7, 0),
            false,
            Access::Write,
            8,
            Vector::PageNotPresent,
        ),
        (
            pte(0x1000, 0, 0, 7, P),
            false,
            Access::Write,
            8,
            Vector::NatConsumption,
        ),
        (
            pte(0x1000, 0, 0, 0, P),
            false,
            Access::Write,
            8,
            Vector::DataKeyMiss,
        ),
        (
            pte(0x1000, 0, 0, 0, P),
            true,
            Access::Write,
            8,
            Vector::DataAccessRights,
        ),
        (
            pte(0x1000, 2, 3, 0, P),
            true,
            Access::Write,
            8,
            Vector::DirtyBit,
        ),
        (
            pte(0x1000, 2, 3, 0, P | D),
            true,
            Access::Write,
            8,
            Vector::DataAccessBit,
        ),
        (
            pte(0x1000, 2, 3, 4, P | A | D),
            true,
            Access::ReadWrite,
            8,
            Vector::UnalignedReference,
        ),
    ];
    for (p, key, a, size, want) in cases {
        let mut m = Mmu::new();
        if key {
            m.set_pkr(0, (0x5 << 8) | PKR_V);
        }
        m.itc(&c0, false, 0x1000, itir(12, 5), p).unwrap();
        let r = m.translate(&c0, &mut TestMem::new(), 0x1004, size, a, false);
        assert_eq!(vector(r), want, "pte {p:#x}");
    }
    // Key permission comes before access rights.
    let mut m = Mmu::new();
    m.set_pkr(0, (0x5 << 8) | PKR_V | PKR_WD);
    m.itc(&c0, false, 0x1000, itir(12, 5), pte(0x1000, 0, 0, 0, P))
        .unwrap();
    assert_eq!(
        vector(access(&mut m, &c0, 0x1000, Access::Write)),
        Vector::KeyPermission
    );
    // A TLB miss comes before everything.
    assert_eq!(
        vector(access(&mut m, &c0, 0x3001, Access::Write)),
        Vector::AlternateDataTlb
    );
    // Unaligned comes before unsupported.
    let c = cx();
    let mut m = Mmu::new();
    m.itc(
        &c,
        false,
        0x1000,
        itir(12, 0),
        pte(0x1000, 3, 0, 4, P | A | D),
    )
    .unwrap();
    assert_eq!(
        vector(m.translate(&c, &mut TestMem::new(), 0x1004, 8, Access::ReadWrite, false)),
        Vector::UnalignedReference
    );
}

#[test]
fn instruction_priorities() {
    let mut c = cx();
    c.psr |= PK;
    c.cpl = 3;
    let cases: [(u64, bool, Vector); 5] = [
        (pte(0x1000, 0, 0, 7, 0), false, Vector::PageNotPresent),
        (pte(0x1000, 0, 0, 7, P), false, Vector::NatConsumption),
        (pte(0x1000, 0, 0, 0, P), false, Vector::InstructionKeyMiss),
        (
            pte(0x1000, 0, 0, 0, P),
            true,
            Vector::InstructionAccessRights,
        ),
        (pte(0x1000, 1, 3, 0, P), true, Vector::InstructionAccessBit),
    ];
    for (p, key, want) in cases {
        let mut m = Mmu::new();
        if key {
            m.set_pkr(1, (0x6 << 8) | PKR_V);
        }
        m.itc(&c, true, 0x1000, itir(12, 6), p).unwrap();
        assert_eq!(
            vector(access(&mut m, &c, 0x1000, Access::Execute)),
            want,
            "pte {p:#x}"
        );
    }
}

// ---------------------------------------------------------------- VHPT walker

/// A walker set-up: region 1 (rid 0x101, 4 KiB pages, ve = 1) walks a short-format
/// VHPT at offset [`TABLE`] of its region (pta.size 2^20), of which the first 64 KiB
/// are mapped by DTR0 onto physical [`VHPT_PA`].
struct Walker {
    m: Mmu,
    c: MmuCtx,
    mem: TestMem,
}

/// pta.base (an offset inside every region: the short format uses va's region).
const TABLE: u64 = 0x10_0000_0000;
const VHPT_PA: u64 = 0x8_0000;
/// The VHPT of region 1 as a virtual address.
const TABLE_R1: u64 = (1 << 61) | TABLE;

fn walker_region1() -> Walker {
    let mut c = cx();
    c.pta = TABLE | (20 << 2) | 1;
    c.rr[1] = rr(1, true);
    let mut m = Mmu::new();
    m.itr(&c, false, 0, TABLE_R1, itir(16, 0), good(VHPT_PA))
        .unwrap();
    Walker {
        m,
        c,
        mem: TestMem::new(),
    }
}

impl Walker {
    /// Writes `value` as the VHPT entry of `va`; returns the entry's address.
    fn entry(&mut self, va: u64, value: u64) -> u64 {
        let iha = self.m.thash(&self.c, va);
        assert_eq!(
            iha >> 61,
            va >> 61,
            "the short format hashes into va's region"
        );
        let off = (iha & ((1 << 61) - 1)) - TABLE;
        assert!(off < 0x1_0000, "entry inside the mapped VHPT page");
        self.mem.put(VHPT_PA + off, value);
        iha
    }

    fn go(&mut self, va: u64, a: Access) -> Result<u64, MmuFault> {
        self.m.translate(&self.c, &mut self.mem, va, 1, a, false)
    }
}

#[test]
fn walker_finds_and_inserts_short_format_entries() {
    let va = 0x2000_0000_0000_7123;
    let mut w = walker_region1();
    w.entry(va, good(0x3_3000));
    let g = w.m.generation();
    assert_eq!(w.go(va, Access::Read), Ok(0x3_3123));
    assert!(w.m.generation() > g, "the walker insert is a TLB change");
    // The entry is now in the DTC: clearing the table does not matter.
    w.entry(va, 0);
    assert_eq!(w.go(va + 8, Access::Read), Ok(0x3_312b));
    // The ITLB walks separately and inserts into the ITC.
    w.entry(va, good(0x4_4000));
    assert_eq!(w.go(va & !0xf, Access::Execute), Ok(0x4_4120));
    assert_eq!(w.go(va, Access::Read), Ok(0x3_3123));
}

#[test]
fn walker_miss_raises_vhpt_translation_with_iha() {
    let mut w = walker_region1();
    // An address whose entry lies outside the mapped 64 KiB of the table.
    let va = 0x2000_0000_0400_0000;
    let iha = w.m.thash(&w.c, va);
    for (a, isr) in [(Access::Read, R), (Access::Execute, X)] {
        let f = w.go(va, a).unwrap_err();
        assert_eq!(f.vector, Vector::VhptTranslation, "{a:?}");
        assert_eq!(f.iha, Some(iha));
        assert_eq!(f.ifa, va);
        assert_eq!(f.isr, isr);
        assert_eq!(f.itir, itir(12, 0x101));
    }
}

#[test]
fn walker_aborts_raise_tlb_faults_with_iha() {
    // (how the VHPT page is mapped, what the entry is) → vector of a data read
    let bad_entries = [
        pte(0x3000, 3, 0, 2, P | A | D), // reserved memory attribute
        good(0x3000) | (1 << 50),        // reserved bit
    ];
    for value in bad_entries {
        let mut w = walker_region1();
        let va = 0x2000_0000_0000_5000;
        let iha = w.entry(va, value);
        let f = w.go(va, Access::Read).unwrap_err();
        assert_eq!(
            (f.vector, f.iha),
            (Vector::DataTlb, Some(iha)),
            "{value:#x}"
        );
        let f = w.go(va, Access::Execute).unwrap_err();
        assert_eq!((f.vector, f.iha), (Vector::InstructionTlb, Some(iha)));
    }
    let table = TABLE_R1;
    for mapping in [
        pte(VHPT_PA, 3, 0, 0, D),         // not present
        pte(VHPT_PA, 3, 0, 4, P | A | D), // uncacheable
        pte(VHPT_PA, 3, 0, 0, P | D),     // access bit clear
    ] {
        let mut w = walker_region1();
        w.m.itr(&w.c, false, 0, table, itir(16, 0), mapping)
            .unwrap();
        let va = 0x2000_0000_0000_5000;
        w.entry(va, good(0x3000));
        assert_eq!(
            vector(w.go(va, Access::Read)),
            Vector::DataTlb,
            "{mapping:#x}"
        );
    }
    // A key the walker may not read with aborts too.
    let mut w = walker_region1();
    w.m.itr(&w.c, false, 0, table, itir(16, 9), good(VHPT_PA))
        .unwrap();
    w.c.psr |= PK;
    let va = 0x2000_0000_0000_5000;
    w.entry(va, good(0x3000));
    w.m.set_pkr(0, (9 << 8) | PKR_V | PKR_RD);
    assert_eq!(vector(w.go(va, Access::Write)), Vector::DataTlb);
    w.m.set_pkr(0, (9 << 8) | PKR_V);
    assert_eq!(
        vector(w.go(va, Access::Read)),
        Vector::DataKeyMiss,
        "key 0x101 has no PKR"
    );
}

#[test]
fn walker_inserts_not_present_entries() {
    let mut w = walker_region1();
    let va = 0x2000_0000_0000_6000;
    w.entry(va, 0xdead_0000); // p = 0: everything else is software's
    assert_eq!(vector(w.go(va, Access::Read)), Vector::PageNotPresent);
    // Now in the DTC: the same fault without a walk.
    w.entry(va, good(0x1000));
    assert_eq!(vector(w.go(va, Access::Read)), Vector::PageNotPresent);
}

#[test]
fn walker_uses_region_page_size_and_rid_as_key() {
    let mut w = walker_region1();
    w.c.rr[1] = (0x101 << 8) | (16 << 2) | 1; // 64 KiB pages in region 1
    let va = 0x2000_0000_0023_4567;
    w.entry(va, good(0x5_0000));
    assert_eq!(w.go(va, Access::Read), Ok(0x5_4567));
    assert_eq!(w.m.tak(&w.c, va), 0x101 << 8);
}

#[test]
fn walker_reads_entries_in_dcr_be_byte_order() {
    let mut w = walker_region1();
    w.c.dcr = 1 << 1;
    let va = 0x2000_0000_0000_2000;
    w.entry(va, good(0x7000).swap_bytes());
    assert_eq!(w.go(va, Access::Read), Ok(0x7000));
}

#[test]
fn instruction_walks_need_psr_dt_and_psr_ic() {
    let va = 0x2000_0000_0000_2000;
    for psr in [IT | IC, IT | DT] {
        let mut w = walker_region1();
        w.entry(va, good(0x7000));
        w.c.psr = psr;
        assert_eq!(
            vector(w.go(va, Access::Execute)),
            Vector::AlternateInstructionTlb
        );
    }
}

#[test]
fn long_format_tables_are_never_walked() {
    let mut w = walker_region1();
    w.c.pta |= 1 << 8;
    let va = 0x2000_0000_0000_2000;
    let f = w.go(va, Access::Read).unwrap_err();
    assert_eq!(f.vector, Vector::DataTlb);
    assert_eq!(f.iha, Some(thash(w.c.pta, &w.c.rr, va)));
}

#[test]
fn walker_insert_refused_over_a_tr() {
    let mut w = walker_region1();
    let va = 0x2000_0000_0000_2000;
    w.m.itr(
        &w.c,
        false,
        3,
        0x2000_0000_0000_3000,
        itir(12, 0),
        good(0x3000),
    )
    .unwrap();
    w.c.rr[1] = (0x101 << 8) | (14 << 2) | 1; // 16 KiB pages overlap the TR
    w.entry(va, good(0x8000));
    assert_eq!(vector(w.go(va, Access::Read)), Vector::DataTlb);
}

// ---------------------------------------------------------------- tpa, tak, probe, epc

#[test]
fn tpa_translates_and_faults_as_a_non_access() {
    let mut m = Mmu::new();
    let mut c = cx();
    c.psr = IC; // tpa translates whatever psr.dt says
    let f = m.tpa(&c, &mut TestMem::new(), 0x1000).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::AlternateDataTlb, NA));
    // No rights, key, dirty or access checks.
    c.psr |= PK;
    m.itc(&c, false, 0x1000, itir(12, 3), pte(0x5000, 0, 0, 0, P))
        .unwrap();
    c.cpl = 3;
    assert_eq!(m.tpa(&c, &mut TestMem::new(), 0x1ffb), Ok(0x5ffb));
    m.itc(&c, false, 0x2000, itir(12, 0), pte(0x5000, 0, 0, 0, 0))
        .unwrap();
    let f = m.tpa(&c, &mut TestMem::new(), 0x2000).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::PageNotPresent, NA));
    m.itc(&c, false, 0x3000, itir(12, 0), pte(0x5000, 0, 0, 7, P))
        .unwrap();
    let f = m.tpa(&c, &mut TestMem::new(), 0x3000).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::NatConsumption, NA | 0x20));
}

#[test]
fn tak_returns_the_key_or_one() {
    let mut m = Mmu::new();
    let c = cx();
    assert_eq!(m.tak(&c, 0x1000), 1);
    m.itc(&c, false, 0x1000, itir(12, 0xabcdef), good(0))
        .unwrap();
    assert_eq!(m.tak(&c, 0x1fff), 0xab_cdef << 8);
    m.itc(&c, false, 0x2000, itir(12, 0x12), pte(0, 3, 0, 0, 0))
        .unwrap();
    assert_eq!(m.tak(&c, 0x2000), 1, "not present");
    // The instruction TLB does not count.
    m.itc(&c, true, 0x3000, itir(12, 0x12), good(0)).unwrap();
    assert_eq!(m.tak(&c, 0x3000), 1);
}

#[test]
fn probe_checks_rights_at_the_given_level_and_key_permission() {
    let mut m = Mmu::new();
    let mut c = cx();
    m.itc(&c, false, 0x1000, itir(12, 4), pte(0x1000, 4, 2, 0, P))
        .unwrap();
    let mut mem = TestMem::new();
    assert_eq!(m.probe(&c, &mut mem, 0x1000, Access::Read, 2), Ok(true));
    assert_eq!(m.probe(&c, &mut mem, 0x1000, Access::Write, 2), Ok(false));
    assert_eq!(m.probe(&c, &mut mem, 0x1000, Access::Write, 1), Ok(true));
    assert_eq!(m.probe(&c, &mut mem, 0x1000, Access::Read, 3), Ok(false));
    c.psr |= PK;
    let f = m.probe(&c, &mut mem, 0x1000, Access::Read, 0).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::DataKeyMiss, R | NA));
    m.set_pkr(2, (4 << 8) | PKR_V | PKR_RD);
    assert_eq!(m.probe(&c, &mut mem, 0x1000, Access::Read, 0), Ok(false));
    let f = m.probe(&c, &mut mem, 0x9000, Access::Write, 0).unwrap_err();
    assert_eq!((f.vector, f.isr), (Vector::AlternateDataTlb, W | NA));
}

#[test]
fn epc_promotion_and_code_page_ed() {
    let mut m = Mmu::new();
    let mut c = cx();
    let gate = 0xa000_0000_0000_0000;
    m.itr(
        &c,
        true,
        1,
        gate,
        itir(16, 0),
        pte(0x8000, 7, 0, 0, P | A | ED),
    )
    .unwrap();
    m.itc(&c, true, 0x1000, itir(12, 0), pte(0x9000, 3, 3, 0, P | A))
        .unwrap();
    c.cpl = 3;
    assert_eq!(m.epc_promotion(&c, gate + 0x40), Some(0));
    assert_eq!(m.epc_promotion(&c, 0x1000), None);
    assert_eq!(m.epc_promotion(&c, 0x5000), None);
    c.cpl = 0;
    assert_eq!(m.epc_promotion(&c, gate), None);
    assert!(m.code_page_ed(&c, gate + 0x10));
    assert!(!m.code_page_ed(&c, 0x1000));
    c.psr = DT | IC;
    c.cpl = 3;
    assert_eq!(
        m.epc_promotion(&c, gate),
        None,
        "no promotion in physical mode"
    );
    assert!(!m.code_page_ed(&c, gate));
    // And the execute-only page executes at PL3 without promotion.
    c.psr = ON;
    assert!(access(&mut m, &c, gate, Access::Execute).is_ok());
    m.itc(&c, false, gate, itir(16, 0), pte(0x1_0000, 7, 0, 0, P | A))
        .unwrap();
    assert_eq!(
        vector(access(&mut m, &c, gate, Access::Read)),
        Vector::DataAccessRights
    );
    c.cpl = 0;
    assert_eq!(access(&mut m, &c, gate + 8, Access::Read), Ok(0x1_0008));
}

#[test]
fn pkr_writes_keep_keys_unique() {
    let mut m = Mmu::new();
    m.set_pkr(0, (3 << 8) | PKR_V);
    m.set_pkr(1, (3 << 8) | PKR_V | PKR_WD);
    assert_eq!(m.pkr(0), 3 << 8);
    assert_eq!(m.pkr(1), (3 << 8) | PKR_V | PKR_WD);
    let g = m.generation();
    m.set_pkr(PKR_COUNT as u8, PKR_V);
    assert_eq!(m.generation(), g, "a nonexistent PKR changes nothing");
    assert_eq!(m.pkr(PKR_COUNT as u8), 0);
}
