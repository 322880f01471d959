//! Speculative and advanced loads where they need more than a translation:
//! fault deferral, psr.ed and the speculation attribute of the page.
//!
//! * **Deferral** (SDM Vol 2 §5.5.5): a speculative load (`ld.s`, `ld.sa`,
//!   `ldf.s`, `ldfp.s`, ...) collects every exception condition of its read,
//!   qualified by Table 5-3 ([`crate::mmu::SpecRead`]), decides for each
//!   whether it is deferred ([`Cpu::spec_defers`], Table 5-4) and raises the
//!   highest-priority one that is not ("If PSR.ed is 0 and there is at least
//!   one exception condition which is neither precluded nor deferred, then a
//!   fault is taken corresponding to the highest-priority" one). A deferred
//!   condition therefore does not hide a lower one.
//! * **psr.ed** (Vol 2 §5.5.5: "When PSR.ed is 1, then a deferred exception
//!   indicator (NaT bit or NaTVal) is written to the load target register,
//!   regardless of whether it has an exception or not"; Vol 3 `ld`/`ldf`:
//!   `defer = speculative && (GR[r3].nat || PSR.ed)` before any translation;
//!   `lfetch` does nothing with psr.ed = 1). `rfi` sets it from ipsr, an
//!   interruption clears it, and it lasts one instruction (`interrupt.rs`).
//! * **Speculation attribute** (Vol 2 §4.4.6 and §5.5.5, "or if the memory
//!   attribute of the referenced page is not speculative, then a deferred
//!   exception indicator is written"; Vol 3 `ld`: "ld.a to sequential
//!   memory", `ma_is_speculative` before `alat_write`): UC and UCE pages (and
//!   physical addresses with bit 63) are not speculative. A speculative load
//!   to them defers without reading; `ld.a`/`ldf.a` neither reads nor
//!   allocates an ALAT entry and writes zero (GR 0 with NaT clear, FR +0.0 or
//!   the integer zero); `ld.c.nc`/`ldf.c.nc` that misses reloads but
//!   allocates no entry. WC and NaTPage are speculative attributes (a NaTPage
//!   read is NaT Page Consumption, always deferred).

use super::{debug_fault, DataFault};
use crate::interrupt::isrb;
use crate::mmu::{ma_is_speculative, Access};
use crate::state::{psrb, Cpu};
use ia64::regs::Dcr;
use ia64::vector::Vector;

/// How the read of a speculative load ends.
pub(crate) enum SpecRead {
    /// Read at this physical address.
    Load(u64),
    /// Write the deferred exception indicator; nothing is read.
    Defer,
    /// A fault was raised (and delivered).
    Raised,
}

impl Cpu {
    /// psr.ed: a speculative load defers without translating.
    #[inline]
    pub(crate) fn psr_ed(&self) -> bool {
        self.psr & psrb::ED != 0
    }

    /// Translates the read of a speculative load of `align` bytes at `va`
    /// (address not NaT, psr.ed = 0; see the module docs).
    #[inline]
    pub(crate) fn spec_read(&mut self, va: u64, align: u64) -> SpecRead {
        match self.try_data_pa(va, align, Access::Read, false) {
            Ok(pa) if self.speculative_page(va) => SpecRead::Load(pa),
            Ok(_) => SpecRead::Defer,
            Err(_) => self.spec_qualify(va, align),
        }
    }

    /// Whether the page `va` was just translated through has a speculative
    /// memory attribute (Vol 2 §4.4.6). A translation that is no longer in
    /// the DTLB cannot happen here (the read was translated just before).
    pub(crate) fn speculative_page(&self, va: u64) -> bool {
        let cx = self.mmu_ctx();
        self.mmu
            .data_attribute(&cx, va)
            .is_none_or(ma_is_speculative)
    }

    /// The read faulted: qualify, defer and prioritize every condition.
    #[cold]
    fn spec_qualify(&mut self, va: u64, align: u64) -> SpecRead {
        let cx = self.mmu_ctx();
        let r = self.mmu.translate_spec(&cx, &mut self.mem, va, align);
        // Data Debug ranks between Data Access Bit and Unaligned Data
        // Reference (Table 5-4's order) and is qualified by neither a TLB miss
        // nor Page Not Present (Table 5-3).
        let mut debug = (self.psr & psrb::DB != 0 && self.dbr_hit(va, align, Access::Read))
            .then(|| debug_fault(va, Access::Read));
        // The MMU's conditions and Data Debug.
        let mut list = [None; crate::mmu::spec::MAX_CONDITIONS + 1];
        let mut n = 0;
        for f in r.faults() {
            if f.vector == Vector::UnalignedReference {
                if let Some(d) = debug.take() {
                    list[n] = Some(d);
                    n += 1;
                }
            }
            list[n] = Some(DataFault::from(*f));
            n += 1;
        }
        if let Some(d) = debug {
            // Not placed before an Unaligned condition: n < 6 here.
            list[n] = Some(d);
        }
        let mut deferred = false;
        for f in list.into_iter().flatten() {
            if !self.spec_defers(f.vector) {
                return self.raise_spec(f);
            }
            deferred = true;
        }
        match r.translation {
            Some(t) if !deferred && ma_is_speculative(t.ma) => SpecRead::Load(t.pa),
            _ => SpecRead::Defer,
        }
    }

    /// Whether a speculative load defers fault `v` instead of raising it (SDM
    /// Vol 2 §5.5.5, Table 5-4; DCR bits Vol 2 §3.3.4.1). Register NaT
    /// Consumption of the address is deferred by the caller before translating.
    pub(crate) fn spec_defers(&self, v: Vector) -> bool {
        if self.psr & psrb::IC == 0 || v == Vector::NatConsumption {
            return true;
        }
        if !self.recovery_model() {
            return false;
        }
        let dcr = Dcr::from_bits_retain(self.cr[ia64::regs::Cr::Dcr as usize]);
        let bit = match v {
            Vector::UnalignedReference => return true,
            Vector::AlternateDataTlb | Vector::VhptTranslation | Vector::DataTlb => Dcr::DM,
            Vector::PageNotPresent => Dcr::DP,
            Vector::DataKeyMiss => Dcr::DK,
            Vector::KeyPermission => Dcr::DX,
            Vector::DataAccessRights => Dcr::DR,
            Vector::DataAccessBit => Dcr::DA,
            Vector::Debug => Dcr::DD,
            _ => return false,
        };
        dcr.contains(bit)
    }

    /// psr.it = 1 and the code page's ITLB.ed = 1: the recovery model of
    /// SDM Vol 2 §5.5.5, where the DCR bits decide deferral.
    fn recovery_model(&self) -> bool {
        self.psr & psrb::IT != 0 && self.code_ed()
    }

    /// ITLB.ed of the page holding the current instruction (isr.ed).
    pub(crate) fn code_ed(&self) -> bool {
        let cx = self.mmu_ctx();
        self.mmu.code_page_ed(&cx, self.ip)
    }

    /// Delivers a speculative load's fault that was not deferred: isr.sp = 1
    /// and isr.ed = ITLB.ed (SDM Vol 2 §3.3.5.2, Table 3-7).
    #[cold]
    fn raise_spec(&mut self, f: DataFault) -> SpecRead {
        let mut intr = f.intr;
        intr.isr |= isrb::SP;
        if self.code_ed() {
            intr.isr |= isrb::ED;
        }
        self.deliver(f.vector, intr);
        SpecRead::Raised
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mmu::Access;

    /// A CPU in physical mode with psr.db and a read breakpoint on the
    /// 8 bytes at 0x1000 (dbr0 address, dbr1 r = bit 63, plm all, mask all).
    fn with_breakpoint() -> Box<Cpu> {
        let mut c = Cpu::new();
        c.psr = psrb::IC | psrb::DB;
        c.dbr[0] = 0x1000;
        c.dbr[1] = 1 << 63 | 0xf << 56 | ((1 << 56) - 1);
        c
    }

    #[test]
    fn data_debug_outranks_unaligned() {
        let mut c = with_breakpoint();
        let f = c
            .try_data_pa(0x1001, 8, Access::Read, false)
            .expect_err("unaligned and on a breakpoint");
        assert_eq!(f.vector, Vector::Debug);
        c.dbr[1] = 0;
        let f = c
            .try_data_pa(0x1001, 8, Access::Read, false)
            .expect_err("unaligned");
        assert_eq!(f.vector, Vector::UnalignedReference);
    }

    #[test]
    fn speculative_read_raises_debug_before_unaligned() {
        let mut c = with_breakpoint();
        assert!(matches!(c.spec_read(0x1001, 8), SpecRead::Raised));
        assert_eq!(c.stats.interruptions[Vector::Debug.number() as usize], 1);
        assert_ne!(c.cr[ia64::regs::Cr::Isr as usize] & isrb::SP, 0);
    }

    #[test]
    fn speculative_read_of_uncacheable_physical_address_defers() {
        let mut c = Cpu::new();
        c.psr = psrb::IC;
        assert!(matches!(c.spec_read(1 << 63 | 0x2000, 8), SpecRead::Defer));
        assert!(matches!(c.spec_read(0x2000, 8), SpecRead::Load(0x2000)));
    }

    #[test]
    fn psr_ed_lasts_one_instruction_after_rfi() {
        let mut c = Cpu::new();
        c.cr[ia64::regs::Cr::Ipsr as usize] = psrb::IC | psrb::ED;
        c.rfi();
        c.check_attention(false);
        assert!(c.psr_ed(), "the instruction rfi returns to sees psr.ed");
        c.check_attention(true);
        assert!(!c.psr_ed(), "cleared once that instruction completed");
        // The check at the next bundle boundary lowers the flag.
        c.check_attention(false);
        assert!(!c.psr_ed());
        assert!(!c.attention);
    }
}
