//! The exception conditions of a speculative data read, all of them rather
//! than the first: a speculative load defers some conditions, and then a
//! lower-priority one that is neither deferred nor precluded must still raise
//! its fault (SDM Vol 2 §5.5.5: "qualification, deferral and prioritization").
//!
//! Qualification (Vol 2 §5.5.5, Table 5-3): a data TLB miss (Alternate Data
//! TLB, VHPT data, Data TLB) and Data Page Not Present preclude the
//! conditions that need the translation — NaT Page Consumption, Key Miss,
//! Key Permission, Access Rights, Access Bit (and Unsupported Data Reference,
//! which only semaphores raise) — but not Data Debug nor Unaligned Data
//! Reference, which depend on the address alone. NaT Page, key, rights and
//! access-bit conditions preclude nothing. Key Miss and Key Permission
//! exclude each other (a key matches a PKR or it does not). Register NaT
//! Consumption of the address is the core's (it precludes everything), and
//! no address is unimplemented here (module docs). Data Debug is the core's
//! too ([`SpecRead::faults`] leaves it out).

use ia64::regs::{Psr, Pte};
use ia64::vector::Vector;

use super::rights::{access_allowed, KeyCheck};
use super::{
    check_alignment, default_itir, isr_access, ma_of, physical, region_register, Access, Mmu,
    MmuCtx, MmuFault, RefFlags, Site, Translation, ISR_NAT_PAGE, MA_NATPAGE,
};
use crate::memory::PhysMem;

/// At most this many conditions survive qualification together: NaT Page,
/// a key condition, Access Rights, Access Bit and Unaligned.
pub(crate) const MAX_CONDITIONS: usize = 5;

/// The qualified exception conditions of a speculative read, highest priority
/// first, and the translation when qualification left one.
#[derive(Clone, Copy, Debug)]
pub struct SpecRead {
    faults: [Option<MmuFault>; MAX_CONDITIONS],
    /// The translation, or `None` when a TLB miss or Page Not Present
    /// precluded it.
    pub translation: Option<Translation>,
}

impl SpecRead {
    fn new() -> SpecRead {
        SpecRead {
            faults: [None; MAX_CONDITIONS],
            translation: None,
        }
    }

    fn push(&mut self, f: MmuFault) {
        let free = self.faults.iter_mut().find(|s| s.is_none());
        debug_assert!(free.is_some(), "more than MAX_CONDITIONS conditions");
        if let Some(slot) = free {
            *slot = Some(f);
        }
    }

    /// The conditions, in the priority order of SDM Vol 2 Table 5-4 (Data Debug,
    /// which the core checks, belongs just before Unaligned Data Reference).
    pub fn faults(&self) -> impl Iterator<Item = &MmuFault> {
        self.faults.iter().flatten()
    }
}

/// Whether memory attribute `ma` is speculative (SDM Vol 2 §4.4.6, Table 4-11:
/// WB, WC and NaTPage are; UC and UCE are not).
pub fn ma_is_speculative(ma: u8) -> bool {
    !matches!(ma, super::MA_UC | super::MA_UCE)
}

impl Mmu {
    /// Every qualified exception condition of a speculative read of `size`
    /// bytes at `va` (see the module docs), and the translation if one was
    /// found. The VHPT walker runs as for any data reference.
    pub fn translate_spec(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        size: u64,
    ) -> SpecRead {
        let psr = Psr::from_bits_retain(cx.psr);
        let rr = region_register(&cx.rr, va);
        let site = Site {
            ifa: va,
            itir: default_itir(rr),
            isr: isr_access(Access::Read, false),
        };
        let mut out = SpecRead::new();
        if !psr.contains(Psr::DT) {
            match physical(site, va, size, Access::Read, RefFlags::default()) {
                Ok(t) => out.translation = Some(t),
                Err(f) => {
                    out.push(f);
                    out.translation = Some(Translation {
                        pa: va & !super::PHYS_UC,
                        ma: if va & super::PHYS_UC != 0 {
                            super::MA_UC
                        } else {
                            0
                        },
                        ed: false,
                    });
                }
            }
            return out;
        }
        let e = match self.lookup_data(cx, mem, va, rr, site) {
            Ok(e) if e.pte().contains(Pte::P) => e,
            Ok(_) => {
                out.push(site.fault(Vector::PageNotPresent));
                if let Err(f) = check_alignment(site, va, size) {
                    out.push(f);
                }
                return out;
            }
            Err(f) => {
                out.push(f);
                if let Err(f) = check_alignment(site, va, size) {
                    out.push(f);
                }
                return out;
            }
        };
        let pte = e.pte();
        let ma = ma_of(e.pte);
        if ma == MA_NATPAGE {
            let mut f = site.fault(Vector::NatConsumption);
            f.isr |= ISR_NAT_PAGE;
            out.push(f);
        }
        if psr.contains(Psr::PK) {
            match self.pkrs.check(e.key, Access::Read) {
                KeyCheck::Allowed => {}
                KeyCheck::Miss => out.push(site.fault(Vector::DataKeyMiss)),
                KeyCheck::Denied => out.push(site.fault(Vector::KeyPermission)),
            }
        }
        if !access_allowed(pte.ar() as u8, pte.pl() as u8, cx.cpl, Access::Read) {
            out.push(site.fault(Vector::DataAccessRights));
        }
        if !psr.contains(Psr::DA) && !pte.contains(Pte::A) {
            out.push(site.fault(Vector::DataAccessBit));
        }
        if let Err(f) = check_alignment(site, va, size) {
            out.push(f);
        }
        out.translation = Some(Translation {
            pa: e.phys(va),
            ma,
            ed: pte.contains(Pte::ED),
        });
        out
    }

    /// The memory attribute of the data translation of `va` now in the DTLB
    /// (with psr.dt = 0: UC when address bit 63 is set, else WB; SDM Vol 2
    /// §4.4.5). `None` when the DTLB holds no present translation of `va`.
    pub fn data_attribute(&self, cx: &MmuCtx, va: u64) -> Option<u8> {
        if !Psr::from_bits_retain(cx.psr).contains(Psr::DT) {
            return Some(if va & super::PHYS_UC != 0 {
                super::MA_UC
            } else {
                0
            });
        }
        let e = self.dtlb.find(region_register(&cx.rr, va).rid(), va)?;
        e.pte().contains(Pte::P).then(|| ma_of(e.pte))
    }
}
