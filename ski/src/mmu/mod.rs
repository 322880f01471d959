//! Virtual addressing and protection (SDM Vol 2 ch 4): region registers (read from
//! [`MmuCtx::rr`]), protection key registers, 8 instruction and 8 data translation
//! registers, bounded translation caches, the short-format VHPT walker, every purge
//! form, and the access checks with the faults they raise.
//!
//! # What the MMU implements
//!
//! * **TLB.** [`TR_COUNT`] TRs and [`TC_COUNT`] TC entries per side; TC replacement
//!   is deterministic (lowest invalid entry, then round robin; see `tlb.rs`).
//!   Translations are matched by (rid, address bits 60:ps); all 61 region-offset
//!   bits are implemented, like Ski, so no virtual address is unimplemented.
//! * **Protection keys.** [`PKR_COUNT`] registers with 24-bit keys; checked when
//!   psr.pk = 1.
//! * **VHPT walker** (short format). Enabled for a data reference when pta.ve and
//!   rr.ve are 1; for an instruction fetch it also needs psr.dt = 1 and psr.ic = 1
//!   (the walker's own reference is a data access, and Ski requires collection for
//!   instruction walks). The walker reads the entry through the DTLB only (never
//!   recursively): a miss there raises VHPT Translation (vector 0). It aborts —
//!   raising Instruction/Data TLB — when that translation is not present, not
//!   write-back, fails its key check, has a = 0, or when the entry has a reserved
//!   field; entries with p = 0 are inserted (SDM Vol 2 §4.1.5.2). The entry is read
//!   in the byte order of dcr.be, as Ski does. A long-format table (pta.vf = 1) is
//!   never walked: the walker always aborts, which §4.1.5.2 allows.
//! * **Fault order** (SDM Vol 2 §5.6 and Figure 4-16): TLB miss (Alternate, VHPT
//!   Translation, TLB), Page Not Present, NaT Page Consumption, Key Miss, Key
//!   Permission, Access Rights, Dirty Bit, Access Bit, Unaligned Reference,
//!   Unsupported Data Reference.
//! * **Data Nested TLB.** A data TLB miss (Alternate, VHPT, TLB) while psr.ic = 0 is
//!   reported as [`Vector::DataNestedTlb`] directly.
//! * **Unaligned references** fault whether psr.ac is 0 or 1: with psr.ac = 0 the
//!   SDM leaves it to the implementation (Vol 2 §5.8, Unaligned Reference vector),
//!   and Ski faults on every
//!   misaligned data reference, so this MMU does too. `size` is the alignment the
//!   reference needs (16 for ldfe/stfe, spill/fill and 16-byte accesses); it is
//!   rounded up to a power of two.
//! * **Unsupported Data Reference**: a semaphore ([`Access::ReadWrite`]) to a UC or
//!   WC page, or (except for fetchadd, [`RefFlags::fetchadd`]) a UCE page, as Ski
//!   does; in physical mode, to an address with bit 63 set (uncacheable).
//! * **Machine checks** (an insert overlapping a TR, a TC purge overlapping a TR;
//!   SDM Vol 2 Table 4-1) are not IVT vectors. The MMU reports them as an
//!   [`MmuFault`] whose vector is [`MmuFault::MACHINE_CHECK_VECTOR`] (the reserved
//!   entry 13, so a core that delivered it anyway would land in an entry no
//!   software uses): the core must test [`MmuFault::is_machine_check`] and stop
//!   the run. Purges, which return nothing, leave the fault for
//!   [`Mmu::take_machine_check`] and change nothing.
//!
//! # What the core does
//!
//! * Builds [`MmuCtx`]: for RSE references it passes psr.dt = psr.rt and cpl =
//!   rsc.pl; for `probe` with a level operand it calls [`Mmu::probe`].
//! * Writes the interruption resources: the MMU fills isr.x/w/r/na and isr.code
//!   (0x20 for NaT Page Consumption, 0x30 for Reserved Register/Field); the core
//!   adds isr.code{3:0} for non-access instructions, ei, ni, ir, rs, sp and ed
//!   (from [`Mmu::code_page_ed`]), and writes IFA/ITIR/IHA only when psr.ic = 1.
//! * Applies psr.be: the MMU returns physical addresses only; the core swaps the
//!   bytes of data loads and stores. Instruction fetches are always little-endian.
//! * Defers faults of speculative loads (dcr and psr.ic rules) using every
//!   condition [`Mmu::translate_spec`] returns, and uses the memory attribute
//!   ([`Mmu::data_attribute`], [`ma_is_speculative`]) for speculative and
//!   advanced loads.
//! * Checks privilege, psr.ic, NaT operands, and reserved PKR/RR/PTA fields before
//!   calling the privileged operations here, and invalidates its own caches when a
//!   region register changes (the MMU reads them fresh from every [`MmuCtx`]).

mod rights;
pub(crate) mod spec;
mod tlb;
mod vhpt;

#[cfg(test)]
mod tests;

use ia64::regs::{Isr, Psr, Pta, Pte, Rr};
use ia64::vector::Vector;

use crate::memory::PhysMem;

pub use rights::{
    access_allowed, epc_promotes, KEY_BITS, PKR_COUNT, PKR_RD, PKR_RESERVED, PKR_V, PKR_WD, PKR_XD,
};
pub use spec::{ma_is_speculative, SpecRead};
pub use tlb::{TC_COUNT, TR_COUNT};
pub use vhpt::{thash, ttag};

use rights::{KeyCheck, Pkrs};
use tlb::{Entry, Side};
use vhpt::{insert_reserved, region_register};

/// The kind of memory reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A data read (loads, RSE fills, lfetch, fc, probe.r).
    Read,
    /// A data write (stores, RSE spills, probe.w).
    Write,
    /// An instruction fetch (translated with psr.it).
    Execute,
    /// A semaphore: read and write at once (xchg, cmpxchg, fetchadd).
    ReadWrite,
}

/// The CPU state the MMU reads on every access (the core builds it; cheap Copy).
#[derive(Clone, Copy, Debug)]
pub struct MmuCtx {
    /// PSR (it, dt, ic, pk, da, ia are read here).
    pub psr: u64,
    /// Region registers rr0–rr7.
    pub rr: [u64; 8],
    /// cr.pta.
    pub pta: u64,
    /// cr.dcr (dcr.be gives the byte order of VHPT entries).
    pub dcr: u64,
    /// The privilege level access rights are checked at (psr.cpl, or rsc.pl for
    /// RSE references).
    pub cpl: u8,
}

/// A translation fault: the vector plus the resources the core writes (SDM Vol 2
/// §5.5, §5.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MmuFault {
    /// The IVT vector to deliver, or [`MmuFault::MACHINE_CHECK_VECTOR`].
    pub vector: Vector,
    /// ISR bits the MMU knows: x, w, r, na and code.
    pub isr: u64,
    /// IFA: the faulting data address, or the bundle address of a fetch.
    pub ifa: u64,
    /// ITIR: default translation information, ps = rr.ps and key = rr.rid of the
    /// region of IFA (of IHA for VHPT Translation).
    pub itir: u64,
    /// IHA, for the vectors that define it (VHPT Translation, Instruction/Data TLB).
    pub iha: Option<u64>,
}

impl MmuFault {
    /// The vector a machine check is reported with (see the module docs): IVT entry
    /// 13, which the architecture reserves.
    pub const MACHINE_CHECK_VECTOR: Vector = Vector::Reserved13;

    /// Whether this is a machine check (an overlapping TR insert or TC purge), not a
    /// fault to deliver through the IVT.
    pub fn is_machine_check(&self) -> bool {
        self.vector == Self::MACHINE_CHECK_VECTOR
    }
}

/// A successful translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Translation {
    /// The physical address.
    pub pa: u64,
    /// The memory attribute (pte.ma encoding: 0 WB, 4 UC, 5 UCE, 6 WC, 7 NaTPage;
    /// in physical mode 0, or 4 when address bit 63 is set).
    pub ma: u8,
    /// pte.ed of the translation (false in physical mode).
    pub ed: bool,
}

/// Extra properties of a reference that change which checks apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RefFlags {
    /// A non-access reference (lfetch.fault, probe.fault, fc): isr.na is set, and
    /// the dirty-bit, unaligned and unsupported-reference checks are skipped.
    pub non_access: bool,
    /// The semaphore is a fetchadd, which UCE pages export instead of refusing.
    pub fetchadd: bool,
}

/// ISR.code of NaT Page Consumption (SDM Vol 2 §5.8, NaT Consumption vector).
const ISR_NAT_PAGE: u64 = 0x20;
/// ISR.code of Reserved Register/Field (General Exception vector).
const ISR_RESERVED_FIELD: u64 = 0x30;
/// pte.ma of NaTPage, and of UC/UCE/WC.
const MA_NATPAGE: u8 = 7;
const MA_UC: u8 = 4;
const MA_UCE: u8 = 5;
const MA_WC: u8 = 6;
/// Physical address bit 63: the uncacheable attribute in physical mode (SDM Vol 2
/// §4.4, physical addressing); it is not part of the address.
const PHYS_UC: u64 = 1 << 63;

/// The ISR access bits of a reference.
fn isr_access(access: Access, non_access: bool) -> u64 {
    let rw = match access {
        Access::Read => Isr::R,
        Access::Write => Isr::W,
        Access::ReadWrite => Isr::R | Isr::W,
        Access::Execute => Isr::X,
    };
    let na = if non_access { Isr::NA } else { Isr::empty() };
    (rw | na).bits()
}

/// Default ITIR of a region: ps = rr.ps, key = rr.rid, all else 0.
fn default_itir(rr: Rr) -> u64 {
    (u64::from(rr.rid()) << 8) | (u64::from(rr.ps()) << 2)
}

/// The pte.ma field as a raw encoding.
fn ma_of(pte: u64) -> u8 {
    ((pte >> 2) & 7) as u8
}

/// Where the faults of one reference point.
#[derive(Clone, Copy)]
struct Site {
    ifa: u64,
    itir: u64,
    isr: u64,
}

impl Site {
    fn fault(self, vector: Vector) -> MmuFault {
        MmuFault {
            vector,
            isr: self.isr,
            ifa: self.ifa,
            itir: self.itir,
            iha: None,
        }
    }

    fn fault_iha(self, vector: Vector, iha: u64) -> MmuFault {
        MmuFault {
            iha: Some(iha),
            ..self.fault(vector)
        }
    }
}

/// What the VHPT walker found.
enum Walk {
    /// The entry to insert.
    Found(Entry),
    /// The walker's own reference missed in the DTLB: VHPT Translation.
    Miss,
    /// The search was aborted or the entry unusable: TLB Miss.
    Abort,
}

/// The MMU: TLBs, protection key registers and the VHPT walker. Region registers,
/// PSR, PTA and DCR live in the core and arrive in every [`MmuCtx`].
#[derive(Clone, Debug, Default)]
pub struct Mmu {
    itlb: Side,
    dtlb: Side,
    pkrs: Pkrs,
    generation: u64,
    machine_check: Option<MmuFault>,
}

impl Mmu {
    /// An MMU with empty TRs and TCs and every PKR 0 (invalid).
    pub fn new() -> Mmu {
        Mmu::default()
    }

    /// Translates a data reference of `size` bytes (with psr.dt) or an instruction
    /// fetch of the bundle at `va` (with psr.it), returning the physical address.
    pub fn translate(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        size: u64,
        access: Access,
        non_access: bool,
    ) -> Result<u64, MmuFault> {
        let flags = RefFlags {
            non_access,
            fetchadd: false,
        };
        self.translate_full(cx, mem, va, size, access, flags)
            .map(|t| t.pa)
    }

    /// [`Mmu::translate`] with the memory attribute of the page and the fetchadd
    /// distinction.
    pub fn translate_full(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        size: u64,
        access: Access,
        flags: RefFlags,
    ) -> Result<Translation, MmuFault> {
        let psr = Psr::from_bits_retain(cx.psr);
        let instr = access == Access::Execute;
        let rr = region_register(&cx.rr, va);
        let site = Site {
            ifa: if instr { va & !0xf } else { va },
            itir: default_itir(rr),
            isr: isr_access(access, flags.non_access),
        };
        let translated = if instr {
            psr.contains(Psr::IT)
        } else {
            psr.contains(Psr::DT)
        };
        if !translated {
            return physical(site, va, size, access, flags);
        }
        let entry = if instr {
            self.lookup_instr(cx, mem, va, rr, site)?
        } else {
            self.lookup_data(cx, mem, va, rr, site)?
        };
        self.check(cx, &entry, site, va, size, access, flags)
    }

    /// Searches the ITLB, then walks the VHPT, for an instruction fetch.
    fn lookup_instr(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        rr: Rr,
        site: Site,
    ) -> Result<Entry, MmuFault> {
        if let Some(e) = self.itlb.lookup(rr.rid(), va) {
            return Ok(e);
        }
        let psr = Psr::from_bits_retain(cx.psr);
        let walker = Pta::from_bits_retain(cx.pta).contains(Pta::VE)
            && rr.contains(Rr::VE)
            && psr.contains(Psr::DT | Psr::IC);
        if !walker {
            return Err(site.fault(Vector::AlternateInstructionTlb));
        }
        let iha = thash(cx.pta, &cx.rr, va);
        match self.walk(cx, mem, va, rr, iha, true) {
            Walk::Found(e) => Ok(e),
            Walk::Miss => Err(vhpt_site(cx, site, iha).fault_iha(Vector::VhptTranslation, iha)),
            Walk::Abort => Err(site.fault_iha(Vector::InstructionTlb, iha)),
        }
    }

    /// Searches the DTLB, then walks the VHPT, for a data reference.
    fn lookup_data(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        rr: Rr,
        site: Site,
    ) -> Result<Entry, MmuFault> {
        if let Some(e) = self.dtlb.lookup(rr.rid(), va) {
            return Ok(e);
        }
        // With psr.ic = 0 every data TLB miss becomes Data Nested TLB (SDM Vol 2
        // Figure 4-16; facts sheet §1.3).
        let nested = !Psr::from_bits_retain(cx.psr).contains(Psr::IC);
        let pick = |v: Vector| if nested { Vector::DataNestedTlb } else { v };
        let walker = Pta::from_bits_retain(cx.pta).contains(Pta::VE) && rr.contains(Rr::VE);
        if !walker {
            return Err(site.fault(pick(Vector::AlternateDataTlb)));
        }
        let iha = thash(cx.pta, &cx.rr, va);
        match self.walk(cx, mem, va, rr, iha, false) {
            Walk::Found(e) => Ok(e),
            Walk::Miss => {
                Err(vhpt_site(cx, site, iha).fault_iha(pick(Vector::VhptTranslation), iha))
            }
            Walk::Abort => Err(site.fault_iha(pick(Vector::DataTlb), iha)),
        }
    }

    /// The short-format VHPT walker: reads the entry at `iha` and inserts it into
    /// the ITC (`instr`) or DTC.
    fn walk(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        rr: Rr,
        iha: u64,
        instr: bool,
    ) -> Walk {
        let psr = Psr::from_bits_retain(cx.psr);
        if Pta::from_bits_retain(cx.pta).contains(Pta::VF) {
            return Walk::Abort;
        }
        let table_rr = region_register(&cx.rr, iha);
        let Some(t) = self.dtlb.lookup(table_rr.rid(), iha) else {
            return Walk::Miss;
        };
        let tp = t.pte();
        if !tp.contains(Pte::P) || ma_of(t.pte) != 0 || !tp.contains(Pte::A) {
            return Walk::Abort;
        }
        if psr.contains(Psr::PK) && self.pkrs.check(t.key, Access::Read) != KeyCheck::Allowed {
            return Walk::Abort;
        }
        let mut raw = [0u8; 8];
        if mem.read(t.phys(iha), &mut raw).is_err() {
            return Walk::Abort;
        }
        let big = cx.dcr & ia64::regs::Dcr::BE.bits() != 0;
        let pte = if big {
            u64::from_be_bytes(raw)
        } else {
            u64::from_le_bytes(raw)
        };
        // Short format: page size and key come from the region (SDM Vol 2 §4.1.5.3).
        let itir = default_itir(rr);
        let ps = rr.ps();
        let side = if instr {
            &mut self.itlb
        } else {
            &mut self.dtlb
        };
        if insert_reserved(pte, itir) || side.tr_overlaps(rr.rid(), va, ps, None) {
            return Walk::Abort;
        }
        let e = Entry::new(rr.rid(), va, ps, pte, rr.rid());
        side.insert_tc(e);
        self.generation += 1;
        Walk::Found(e)
    }

    /// The checks after a translation is found, in priority order.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        cx: &MmuCtx,
        e: &Entry,
        site: Site,
        va: u64,
        size: u64,
        access: Access,
        flags: RefFlags,
    ) -> Result<Translation, MmuFault> {
        let psr = Psr::from_bits_retain(cx.psr);
        let instr = access == Access::Execute;
        let pte = e.pte();
        let ma = ma_of(e.pte);
        if !pte.contains(Pte::P) {
            return Err(site.fault(Vector::PageNotPresent));
        }
        if ma == MA_NATPAGE {
            let mut f = site.fault(Vector::NatConsumption);
            f.isr |= ISR_NAT_PAGE;
            return Err(f);
        }
        if psr.contains(Psr::PK) {
            match self.pkrs.check(e.key, access) {
                KeyCheck::Allowed => {}
                KeyCheck::Miss if instr => return Err(site.fault(Vector::InstructionKeyMiss)),
                KeyCheck::Miss => return Err(site.fault(Vector::DataKeyMiss)),
                KeyCheck::Denied => return Err(site.fault(Vector::KeyPermission)),
            }
        }
        if !access_allowed(pte.ar() as u8, pte.pl() as u8, cx.cpl, access) {
            return Err(site.fault(if instr {
                Vector::InstructionAccessRights
            } else {
                Vector::DataAccessRights
            }));
        }
        if instr {
            if !psr.contains(Psr::IA) && !pte.contains(Pte::A) {
                return Err(site.fault(Vector::InstructionAccessBit));
            }
        } else if !psr.contains(Psr::DA) {
            let writes = matches!(access, Access::Write | Access::ReadWrite);
            if writes && !flags.non_access && !pte.contains(Pte::D) {
                return Err(site.fault(Vector::DirtyBit));
            }
            if !pte.contains(Pte::A) {
                return Err(site.fault(Vector::DataAccessBit));
            }
        }
        if !instr && !flags.non_access {
            check_alignment(site, va, size)?;
            let unsupported = access == Access::ReadWrite
                && (ma == MA_UC || ma == MA_WC || (ma == MA_UCE && !flags.fetchadd));
            if unsupported {
                return Err(site.fault(Vector::UnsupportedDataReference));
            }
        }
        Ok(Translation {
            pa: e.phys(va),
            ma,
            ed: pte.contains(Pte::ED),
        })
    }

    /// Inserts a translation cache entry (`itc.i` when `instr`, else `itc.d`) for
    /// the page of `ifa`, purging the TC entries it overlaps (SDM Vol 3 `itc`).
    /// Reserved fields raise Reserved Register/Field; an overlap with a TR of the
    /// same side is a machine check.
    pub fn itc(
        &mut self,
        cx: &MmuCtx,
        instr: bool,
        ifa: u64,
        itir: u64,
        pte: u64,
    ) -> Result<(), MmuFault> {
        let e = insert_entry(cx, ifa, itir, pte)?;
        let side = self.side(instr);
        if side.tr_overlaps(e.rid, ifa, e.ps, None) {
            return Err(machine_check(cx, ifa));
        }
        side.insert_tc(e);
        self.generation += 1;
        Ok(())
    }

    /// Inserts translation register `slot` (`itr.i` when `instr`, else `itr.d`),
    /// purging the overlapping TC entries of the same side. A slot number of
    /// [`TR_COUNT`] or more, or a reserved field, raises Reserved Register/Field;
    /// an overlap with another TR of the side is a machine check (the TR being
    /// replaced does not count, unlike Ski, which also checks the slot itself).
    pub fn itr(
        &mut self,
        cx: &MmuCtx,
        instr: bool,
        slot: u64,
        ifa: u64,
        itir: u64,
        pte: u64,
    ) -> Result<(), MmuFault> {
        let index = match usize::try_from(slot) {
            Ok(i) if i < TR_COUNT => i,
            _ => return Err(reserved_field(cx, ifa)),
        };
        let e = insert_entry(cx, ifa, itir, pte)?;
        let side = self.side(instr);
        if side.tr_overlaps(e.rid, ifa, e.ps, Some(index)) {
            return Err(machine_check(cx, ifa));
        }
        side.purge_tc(e.rid, ifa, e.ps);
        side.set_tr(index, e);
        self.generation += 1;
        Ok(())
    }

    /// `ptc.l`: purges every ITC and DTC entry overlapping the 2^`ps` bytes at `va`
    /// in the region of `va`. `ps` is the log2 size (GR\[r2\]{7:2}); sizes below 4
    /// KiB purge 4 KiB (purging more is always allowed). A range overlapping a TR
    /// is a machine check (SDM Vol 2 Table 4-1): nothing is purged and the fault
    /// waits in [`Mmu::take_machine_check`].
    pub fn ptc_l(&mut self, cx: &MmuCtx, va: u64, ps: u64) {
        let ps = purge_size(ps);
        let rid = region_register(&cx.rr, va).rid();
        if self.itlb.tr_overlaps(rid, va, ps, None) || self.dtlb.tr_overlaps(rid, va, ps, None) {
            self.machine_check = Some(machine_check(cx, va));
            return;
        }
        self.itlb.purge_tc(rid, va, ps);
        self.dtlb.purge_tc(rid, va, ps);
        self.generation += 1;
    }

    /// `ptc.g` and `ptc.ga`: on this single processor the same purge as
    /// [`Mmu::ptc_l`] (the ALAT part of ptc.ga is the core's).
    pub fn ptc_g(&mut self, cx: &MmuCtx, va: u64, ps: u64) {
        self.ptc_l(cx, va, ps);
    }

    /// `ptc.e`: purges the whole ITC and DTC, whatever `addr` selects (the SDM
    /// allows purging more than the selected set; PAL_PTCE_INFO loops then see one
    /// purge do everything).
    pub fn ptc_e(&mut self, addr: u64) {
        let _ = addr;
        self.itlb.clear_tc();
        self.dtlb.clear_tc();
        self.generation += 1;
    }

    /// `ptr.i` (`instr`) or `ptr.d`: purges the TRs of that side overlapping the
    /// 2^`ps` bytes at `va`, and the overlapping TC entries of the side too.
    pub fn ptr(&mut self, cx: &MmuCtx, instr: bool, va: u64, ps: u64) {
        let ps = purge_size(ps);
        let rid = region_register(&cx.rr, va).rid();
        let side = self.side(instr);
        side.purge_tr(rid, va, ps);
        side.purge_tc(rid, va, ps);
        self.generation += 1;
    }

    /// `thash`: the VHPT entry address of `va`.
    pub fn thash(&self, cx: &MmuCtx, va: u64) -> u64 {
        thash(cx.pta, &cx.rr, va)
    }

    /// `ttag`: the long-format tag of `va`.
    pub fn ttag(&self, cx: &MmuCtx, va: u64) -> u64 {
        ttag(&cx.rr, va)
    }

    /// `tpa`: the physical address of data address `va`, through the DTLB and the
    /// walker whatever psr.dt says. Faults: the TLB misses, Page Not Present and
    /// NaT Page Consumption, with isr.na (code 0, tpa); no key or rights checks.
    pub fn tpa(&mut self, cx: &MmuCtx, mem: &mut dyn PhysMem, va: u64) -> Result<u64, MmuFault> {
        let rr = region_register(&cx.rr, va);
        let site = Site {
            ifa: va,
            itir: default_itir(rr),
            isr: Isr::NA.bits(),
        };
        let e = self.lookup_data(cx, mem, va, rr, site)?;
        let pte = e.pte();
        if !pte.contains(Pte::P) {
            return Err(site.fault(Vector::PageNotPresent));
        }
        if ma_of(e.pte) == MA_NATPAGE {
            let mut f = site.fault(Vector::NatConsumption);
            f.isr |= ISR_NAT_PAGE;
            return Err(f);
        }
        Ok(e.phys(va))
    }

    /// `tak`: the key of the present DTLB translation of `va` in place (key << 8),
    /// or 1 when there is none. It never faults and does not walk the VHPT (the SDM
    /// makes the walk optional).
    pub fn tak(&mut self, cx: &MmuCtx, va: u64) -> u64 {
        let rid = region_register(&cx.rr, va).rid();
        match self.dtlb.find(rid, va) {
            Some(e) if e.pte().contains(Pte::P) => u64::from(e.key) << 8,
            _ => 1,
        }
    }

    /// Non-faulting `probe.r`/`probe.w`/`probe.rw` at privilege level `pl`: whether
    /// `access` would be allowed (rights and key permission), as Ski does it. The
    /// TLB misses, Page Not Present, NaT Page Consumption and Key Miss still fault,
    /// with isr.na.
    pub fn probe(
        &mut self,
        cx: &MmuCtx,
        mem: &mut dyn PhysMem,
        va: u64,
        access: Access,
        pl: u8,
    ) -> Result<bool, MmuFault> {
        let rr = region_register(&cx.rr, va);
        let site = Site {
            ifa: va,
            itir: default_itir(rr),
            isr: isr_access(access, true),
        };
        let e = self.lookup_data(cx, mem, va, rr, site)?;
        let pte = e.pte();
        if !pte.contains(Pte::P) {
            return Err(site.fault(Vector::PageNotPresent));
        }
        if ma_of(e.pte) == MA_NATPAGE {
            let mut f = site.fault(Vector::NatConsumption);
            f.isr |= ISR_NAT_PAGE;
            return Err(f);
        }
        if Psr::from_bits_retain(cx.psr).contains(Psr::PK) {
            match self.pkrs.check(e.key, access) {
                KeyCheck::Allowed => {}
                KeyCheck::Miss => return Err(site.fault(Vector::DataKeyMiss)),
                KeyCheck::Denied => return Ok(false),
            }
        }
        Ok(access_allowed(pte.ar() as u8, pte.pl() as u8, pl, access))
    }

    /// The privilege level `epc` at bundle `ip` promotes to: `Some(pl)` when
    /// instruction translation is on and the ITLB maps `ip` with an execute-only
    /// page (ar 7) of a level more privileged than cx.cpl; `None` otherwise.
    pub fn epc_promotion(&self, cx: &MmuCtx, ip: u64) -> Option<u8> {
        if !Psr::from_bits_retain(cx.psr).contains(Psr::IT) {
            return None;
        }
        let e = self.itlb.find(region_register(&cx.rr, ip).rid(), ip)?;
        let pte = e.pte();
        let (ar, pl) = (pte.ar() as u8, pte.pl() as u8);
        epc_promotes(ar, pl, cx.cpl).then_some(pl)
    }

    /// pte.ed of the ITLB translation of the code page at `ip` (false in physical
    /// mode or without a translation): the value of isr.ed for data faults.
    pub fn code_page_ed(&self, cx: &MmuCtx, ip: u64) -> bool {
        Psr::from_bits_retain(cx.psr).contains(Psr::IT)
            && self
                .itlb
                .find(region_register(&cx.rr, ip).rid(), ip)
                .is_some_and(|e| e.pte().contains(Pte::ED))
    }

    /// PKR `n` (0 when `n` is [`PKR_COUNT`] or more).
    pub fn pkr(&self, n: u8) -> u64 {
        self.pkrs.get(n)
    }

    /// Writes PKR `n`; a valid key held by another valid PKR is invalidated there.
    /// Numbers of [`PKR_COUNT`] or more and [`PKR_RESERVED`] bits are the core's to
    /// refuse (Reserved Register/Field); an out-of-range number changes nothing.
    pub fn set_pkr(&mut self, n: u8, v: u64) {
        if self.pkrs.set(n, v) {
            self.generation += 1;
        }
    }

    /// Bumped on every insert, purge and PKR change: the core's predecode cache
    /// invalidates when it changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The machine check a purge raised, if any (taking it clears it).
    pub fn take_machine_check(&mut self) -> Option<MmuFault> {
        self.machine_check.take()
    }

    fn side(&mut self, instr: bool) -> &mut Side {
        if instr {
            &mut self.itlb
        } else {
            &mut self.dtlb
        }
    }
}

/// A reference with translation off: bit 63 is the uncacheable attribute and not
/// part of the address (SDM Vol 2 §4.4, physical addressing).
fn physical(
    site: Site,
    va: u64,
    size: u64,
    access: Access,
    flags: RefFlags,
) -> Result<Translation, MmuFault> {
    let ma = if va & PHYS_UC != 0 { MA_UC } else { 0 };
    if access != Access::Execute && !flags.non_access {
        check_alignment(site, va, size)?;
        if access == Access::ReadWrite && ma == MA_UC {
            return Err(site.fault(Vector::UnsupportedDataReference));
        }
    }
    Ok(Translation {
        pa: va & !PHYS_UC,
        ma,
        ed: false,
    })
}

/// Unaligned Reference when `va` is not aligned to `size` rounded up to a power of
/// two.
fn check_alignment(site: Site, va: u64, size: u64) -> Result<(), MmuFault> {
    let align = size.max(1).checked_next_power_of_two().unwrap_or(1 << 63);
    if va & (align - 1) != 0 {
        return Err(site.fault(Vector::UnalignedReference));
    }
    Ok(())
}

/// The fault site of a VHPT Translation fault: IFA stays the original address, ITIR
/// describes the region of the VHPT address.
fn vhpt_site(cx: &MmuCtx, site: Site, iha: u64) -> Site {
    Site {
        itir: default_itir(region_register(&cx.rr, iha)),
        ..site
    }
}

/// The entry an itc/itr inserts, or Reserved Register/Field.
fn insert_entry(cx: &MmuCtx, ifa: u64, itir: u64, pte: u64) -> Result<Entry, MmuFault> {
    if insert_reserved(pte, itir) {
        return Err(reserved_field(cx, ifa));
    }
    let ps = ((itir >> 2) & 0x3f) as u8;
    let key = ((itir >> 8) & 0xff_ffff) as u32;
    let rid = region_register(&cx.rr, ifa).rid();
    Ok(Entry::new(rid, ifa, ps, pte, key))
}

/// Reserved Register/Field (General Exception, isr.code 0x30).
fn reserved_field(cx: &MmuCtx, ifa: u64) -> MmuFault {
    MmuFault {
        vector: Vector::GeneralException,
        isr: ISR_RESERVED_FIELD,
        ifa,
        itir: default_itir(region_register(&cx.rr, ifa)),
        iha: None,
    }
}

/// A machine check for an overlapping TR (see the module docs).
fn machine_check(cx: &MmuCtx, va: u64) -> MmuFault {
    MmuFault {
        vector: MmuFault::MACHINE_CHECK_VECTOR,
        isr: 0,
        ifa: va,
        itir: default_itir(region_register(&cx.rr, va)),
        iha: None,
    }
}

/// The log2 size a purge uses: at least 4 KiB, at most the whole address space.
fn purge_size(ps: u64) -> u8 {
    ps.clamp(12, 63) as u8
}
