//! Instruction execution: one handler function per operation, called through
//! the predecoded [`Op`] records.
//!
//! A handler runs only when its qualifying predicate is true (forms whose
//! predicate has other meanings — `.unc` compares, `br.wtop` — carry qp 0 and
//! read the real predicate themselves) and after the dispatcher has checked that
//! every stacked register the instruction names is inside the current frame. It
//! returns a [`Flow`]; an interruption it raises has already been delivered when
//! it returns [`Flow::Jump`].

pub(crate) mod alu;
pub(crate) mod branch;
pub(crate) mod cmp;
pub(crate) mod fpu;
pub(crate) mod mem;
pub(crate) mod mm;
pub(crate) mod shift;
pub(crate) mod spec;
pub(crate) mod sys;

use crate::interrupt::{isrb, Intr};
use crate::mmu::{Access, MmuFault, RefFlags};
use crate::predecode::{Kind, Op};
use crate::state::{psrb, Cpu, UtlbEntry, UTLB_ENTRIES, UTLB_PSR};
use ia64::vector::Vector;

/// What the dispatcher does after an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Continue with the next slot.
    Next,
    /// A branch was taken: `ip` holds the target (slot 0).
    Taken,
    /// Control moved elsewhere (interruption, `rfi`): `ip` and `slot` say where.
    Jump,
    /// The machine stops: `Cpu::exit` says why.
    Stop,
}

/// An interruption was raised and delivered (or the machine was told to stop);
/// the instruction must not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Raised;

/// A data-access fault not yet delivered (speculative loads may defer it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DataFault {
    pub vector: Vector,
    pub intr: Intr,
}

impl From<MmuFault> for DataFault {
    fn from(f: MmuFault) -> DataFault {
        DataFault {
            vector: f.vector,
            intr: Intr::of_mmu(&f),
        }
    }
}

/// Handler signature.
pub(crate) type Handler = fn(&mut Cpu, &Op) -> Flow;

/// Runs `o` (its predicate and frame already checked): the operations of
/// [`Kind`] inline, with the caller's state in registers, the rest through
/// their handler. `c.slot` (psr.ri) is set to the op's slot only for the ops
/// that may raise an interruption or read it, here or, for `alloc`,
/// `mov ar.pfs`, `ld8` and `st8`, by the handler on its faulting paths; the
/// others cannot observe it.
#[inline(always)]
pub(crate) fn run(c: &mut Cpu, o: &Op) -> Flow {
    match o.kind {
        Kind::Call => {
            c.slot = o.slot;
            (o.h)(c, o)
        }
        Kind::Add => alu::add(c, o),
        Kind::AddImm => alu::addi(c, o),
        Kind::Mov => alu::mov(c, o),
        Kind::MovImm => alu::movi(c, o),
        Kind::And => alu::and(c, o),
        Kind::Xor => alu::xor(c, o),
        Kind::Shladd => alu::shladd(c, o),
        Kind::CmpEq => cmp::cmp_eq(c, o),
        Kind::CmpImmLt => cmp::cmp_imm_lt(c, o),
        Kind::Ld8 => mem::ld8_fast(c, o),
        Kind::St8 => mem::st8_fast(c, o),
        Kind::Br => branch::br(c, o),
        Kind::BrCloop => branch::br_cloop(c, o),
        Kind::BrCall => branch::br_call(c, o),
        // br.ret moves to the return's target (slot 0) before anything it
        // does can fault (a fill fault is taken after the return: see
        // `Cpu::rse_return`), so its own slot is never seen.
        Kind::BrRet => branch::br_ret(c, o),
        Kind::Alloc => sys::alloc(c, o),
        Kind::MovToPfs => sys::mov_to_pfs(c, o),
    }
}

/// Physical address bits of a physical-mode data address (bit 63 only selects
/// the uncacheable attribute; SDM Vol 2 §4.4.5).
const PHYS_MASK: u64 = !(1 << 63);

/// Data Debug (vector 0x5900) for a data access matching a breakpoint.
#[cold]
fn debug_fault(va: u64, acc: Access) -> DataFault {
    DataFault {
        vector: Vector::Debug,
        intr: Intr {
            isr: access_bits(acc),
            ifa: Some(va),
            ..Intr::default()
        },
    }
}

/// Unsupported Data Reference (vector 0x5b00) for a semaphore to an
/// uncacheable physical address (bit 63 set, SDM Vol 2 §4.4.5: semaphores
/// need a cacheable attribute), as the MMU raises it for translated UC pages.
#[cold]
fn unsupported_fault(va: u64, acc: Access) -> DataFault {
    DataFault {
        vector: Vector::UnsupportedDataReference,
        intr: Intr {
            isr: access_bits(acc),
            ifa: Some(va),
            ..Intr::default()
        },
    }
}

impl Cpu {
    /// The flow after an interruption was raised by a helper.
    #[inline]
    pub(crate) fn raised(&self) -> Flow {
        if self.exit.is_some() {
            Flow::Stop
        } else {
            Flow::Jump
        }
    }

    /// Translates a data access without delivering a fault. `align` is the
    /// natural alignment the access needs (its size, 16 for 10-byte FP).
    #[inline]
    pub(crate) fn try_data_pa(
        &mut self,
        va: u64,
        align: u64,
        acc: Access,
        non_access: bool,
    ) -> Result<u64, DataFault> {
        if self.psr & (psrb::DT | psrb::DB) == 0 {
            return self.physical_data_pa(va, align, acc);
        }
        if let Some(pa) = self.utlb_lookup(va, align, acc) {
            return Ok(pa);
        }
        self.try_data_pa_slow(va, align, acc, non_access)
    }

    /// The physical address of an aligned read or write that needs no
    /// fault check beyond alignment: psr.dt = 0 and psr.db = 0, or the data
    /// micro-TLB's answer. None: [`Cpu::try_data_pa`] decides (it may raise).
    #[inline(always)]
    pub(crate) fn quick_data_pa(&self, va: u64, align: u64, acc: Access) -> Option<u64> {
        if self.psr & (psrb::DT | psrb::DB) == 0 {
            return (va & (align - 1) == 0).then_some(va & PHYS_MASK);
        }
        self.utlb_lookup(va, align, acc)
    }

    /// A data access with psr.dt = 0: the alignment check, and a semaphore's
    /// check for an uncacheable address ([`unsupported_fault`]).
    #[inline(always)]
    fn physical_data_pa(&self, va: u64, align: u64, acc: Access) -> Result<u64, DataFault> {
        if va & (align - 1) != 0 {
            return Err(self.unaligned_fault(va, acc));
        }
        if acc == Access::ReadWrite && va & !PHYS_MASK != 0 {
            return Err(unsupported_fault(va, acc));
        }
        Ok(va & PHYS_MASK)
    }

    /// The micro-TLB's answer for an aligned read or write with psr.dt = 1 and
    /// psr.db = 0 (anything else, or a miss, goes to the MMU: an unaligned
    /// access must meet the MMU's fault order).
    #[inline(always)]
    fn utlb_lookup(&self, va: u64, align: u64, acc: Access) -> Option<u64> {
        if self.psr & psrb::DB != 0
            || va & (align - 1) != 0
            || self.mmu.generation() != self.utlb_gen
            || self.psr & UTLB_PSR != self.utlb_psr
        {
            return None;
        }
        let vpn = va >> 12;
        let e = &self.utlb[vpn as usize % UTLB_ENTRIES];
        let ok = match acc {
            Access::Read => e.read,
            Access::Write => e.write,
            _ => false,
        };
        (e.vpn == vpn && ok).then_some(e.pa | (va & 0xfff))
    }

    /// Remembers a successful translation of an aligned read or write.
    fn utlb_fill(&mut self, va: u64, align: u64, acc: Access, pa: u64) {
        let (gen, psr) = (self.mmu.generation(), self.psr & UTLB_PSR);
        if gen != self.utlb_gen || psr != self.utlb_psr {
            self.utlb_flush();
            self.utlb_gen = gen;
            self.utlb_psr = psr;
        }
        if va & (align - 1) != 0 || align > 4096 {
            return;
        }
        let vpn = va >> 12;
        let e = &mut self.utlb[vpn as usize % UTLB_ENTRIES];
        if e.vpn != vpn {
            *e = UtlbEntry {
                vpn,
                pa: pa & !0xfff,
                read: false,
                write: false,
            };
        }
        match acc {
            Access::Read => e.read = true,
            Access::Write => e.write = true,
            _ => {}
        }
    }

    /// Empties the data micro-TLB (a region register changed).
    pub(crate) fn utlb_flush(&mut self) {
        self.utlb = [UtlbEntry::EMPTY; UTLB_ENTRIES];
    }

    #[cold]
    fn try_data_pa_slow(
        &mut self,
        va: u64,
        align: u64,
        acc: Access,
        non_access: bool,
    ) -> Result<u64, DataFault> {
        let pa = if self.psr & psrb::DT == 0 {
            self.physical_data_pa(va, align, acc)
                .map_err(|f| self.debug_first(f, va, align, acc))?
        } else {
            let pa = match self.translate_data(va, align, acc, non_access) {
                Ok(pa) => pa,
                Err(f) if !non_access => return Err(self.debug_first(f, va, align, acc)),
                Err(f) => return Err(f),
            };
            if !non_access {
                self.utlb_fill(va, align, acc, pa);
            }
            pa
        };
        if self.psr & psrb::DB != 0 && !non_access && self.dbr_hit(va, align, acc) {
            return Err(debug_fault(va, acc));
        }
        Ok(pa)
    }

    /// Data Debug outranks Unaligned and Unsupported Data Reference (SDM Vol 2
    /// §5.6, the interruption priorities: Data Access Bit, Data Debug,
    /// Unaligned Data Reference, Unsupported Data Reference), which the MMU
    /// checks before the core sees the breakpoints: `f` becomes Data Debug
    /// when it is one of those two and a data breakpoint matches.
    #[cold]
    fn debug_first(&self, f: DataFault, va: u64, align: u64, acc: Access) -> DataFault {
        let below = matches!(
            f.vector,
            Vector::UnalignedReference | Vector::UnsupportedDataReference
        );
        if below && self.psr & psrb::DB != 0 && self.dbr_hit(va, align, acc) {
            debug_fault(va, acc)
        } else {
            f
        }
    }

    /// Whether a data access hits a data breakpoint register pair (SDM Vol 2
    /// §7.1.2: even dbr = address, odd dbr = mask 55:0, plm 59:56, w 62, r 63).
    fn dbr_hit(&self, va: u64, size: u64, acc: Access) -> bool {
        let cpl = self.cpl();
        (0..8).any(|k| {
            let (addr, ctl) = (self.dbr[2 * k], self.dbr[2 * k + 1]);
            let mask = ctl & ((1 << 56) - 1);
            let plm = ctl >> 56 & 0xf;
            let kind = match acc {
                Access::Read => ctl >> 63 & 1 != 0,
                Access::Write => ctl >> 62 & 1 != 0,
                Access::ReadWrite => ctl >> 62 & 3 != 0,
                Access::Execute => false,
            };
            let first = va & !(size.max(1) - 1);
            kind && plm >> cpl & 1 != 0 && (first ^ addr) & mask & !7 == 0
        })
    }

    fn translate_data(
        &mut self,
        va: u64,
        align: u64,
        acc: Access,
        non_access: bool,
    ) -> Result<u64, DataFault> {
        let flags = RefFlags {
            non_access,
            fetchadd: false,
        };
        self.translate_data_flags(va, align, acc, flags)
    }

    fn translate_data_flags(
        &mut self,
        va: u64,
        align: u64,
        acc: Access,
        flags: RefFlags,
    ) -> Result<u64, DataFault> {
        let cx = self.mmu_ctx();
        match self
            .mmu
            .translate_full(&cx, &mut self.mem, va, align, acc, flags)
        {
            Ok(t) => Ok(t.pa),
            Err(f) => Err(f.into()),
        }
    }

    #[cold]
    fn unaligned_fault(&self, va: u64, acc: Access) -> DataFault {
        DataFault {
            vector: Vector::UnalignedReference,
            intr: Intr {
                isr: access_bits(acc),
                ifa: Some(va),
                ..Intr::default()
            },
        }
    }

    /// [`Cpu::data_pa`] for `fetchadd`, which a UCE page exports instead of
    /// refusing (SDM Vol 2 §4.4, the UCE attribute; the MMU's
    /// [`RefFlags::fetchadd`]). With psr.db the general path, which checks the
    /// data breakpoints, is taken, and it does not make that exception.
    pub(crate) fn fetchadd_pa(&mut self, va: u64, align: u64) -> Result<u64, Raised> {
        if self.psr & psrb::DT == 0 || self.psr & psrb::DB != 0 {
            return self.data_pa(va, align, Access::ReadWrite);
        }
        let flags = RefFlags {
            non_access: false,
            fetchadd: true,
        };
        match self.translate_data_flags(va, align, Access::ReadWrite, flags) {
            Ok(pa) => Ok(pa),
            Err(f) => {
                self.deliver(f.vector, f.intr);
                Err(Raised)
            }
        }
    }

    /// Translates a data access, delivering the fault if there is one.
    #[inline]
    pub(crate) fn data_pa(&mut self, va: u64, align: u64, acc: Access) -> Result<u64, Raised> {
        match self.try_data_pa(va, align, acc, false) {
            Ok(pa) => Ok(pa),
            Err(f) => {
                self.deliver(f.vector, f.intr);
                Err(Raised)
            }
        }
    }

    /// [`Cpu::data_pa`] for the handlers the fast path runs without setting
    /// psr.ri first: `slot` becomes psr.ri only when a fault is delivered.
    #[inline]
    pub(crate) fn data_pa_at(
        &mut self,
        slot: u8,
        va: u64,
        align: u64,
        acc: Access,
    ) -> Result<u64, Raised> {
        match self.try_data_pa(va, align, acc, false) {
            Ok(pa) => Ok(pa),
            Err(f) => {
                self.slot = slot;
                self.deliver(f.vector, f.intr);
                Err(Raised)
            }
        }
    }

    /// Loads `size` (1, 2, 4, 8) bytes from physical address `pa`, honouring psr.be.
    #[inline(always)]
    pub(crate) fn load_pa(&mut self, pa: u64, size: usize) -> u64 {
        let v = self.mem.read_small(pa, size);
        if self.psr & psrb::BE != 0 {
            v.swap_bytes() >> (64 - 8 * size as u32)
        } else {
            v
        }
    }

    /// Stores `size` bytes of `v` at physical address `pa`, honouring psr.be, and
    /// keeps the ALAT and the predecode cache coherent.
    #[inline(always)]
    pub(crate) fn store_pa(&mut self, pa: u64, size: usize, v: u64) {
        let v = if self.psr & psrb::BE != 0 {
            v.swap_bytes() >> (64 - 8 * size as u32)
        } else {
            v
        };
        self.mem.write_small(pa, size, v);
        self.after_store(pa, size as u64);
    }

    /// ALAT invalidation and self-modifying-code detection after a store.
    #[inline]
    pub(crate) fn after_store(&mut self, pa: u64, size: u64) {
        if self.alat_live {
            self.alat_invalidate_range(pa, size);
        }
        if self.mem.take_code_write() {
            self.flush_code = true;
            self.attention = true;
        }
    }

    /// Reads `buf.len()` bytes at `pa` (FP and 16-byte accesses), honouring psr.be
    /// over the whole access.
    pub(crate) fn load_bytes(&mut self, pa: u64, buf: &mut [u8]) {
        use crate::memory::PhysMem;
        let _ = self.mem.read(pa, buf);
        if self.psr & psrb::BE != 0 {
            buf.reverse();
        }
    }

    /// Writes `buf` at `pa`, honouring psr.be over the whole access.
    pub(crate) fn store_bytes(&mut self, pa: u64, buf: &[u8]) {
        use crate::memory::PhysMem;
        if self.psr & psrb::BE != 0 {
            let mut b = buf.to_vec();
            b.reverse();
            let _ = self.mem.write(pa, &b);
        } else {
            let _ = self.mem.write(pa, buf);
        }
        self.after_store(pa, buf.len() as u64);
    }
}

/// ISR x/w/r bits for an access kind.
pub(crate) fn access_bits(acc: Access) -> u64 {
    match acc {
        Access::Read => isrb::R,
        Access::Write => isrb::W,
        Access::Execute => isrb::X,
        Access::ReadWrite => isrb::R | isrb::W,
    }
}

/// Handler for a slot that holds no valid instruction, or an encoding that is
/// architecturally illegal (r0 or f0/f1 as a target, equal predicate targets...).
pub(crate) fn illegal(c: &mut Cpu, _o: &Op) -> Flow {
    c.illegal()
}

/// Handler for instructions whose only effect is to count (nop, hint, brp,
/// lfetch without .fault, memory-ordering and cache-hint instructions that have
/// nothing to order in a one-CPU in-order model).
pub(crate) fn nop(_c: &mut Cpu, _o: &Op) -> Flow {
    Flow::Next
}

/// Handler for something not implemented: stops with `Exit::Unimplemented`.
pub(crate) fn unimplemented(c: &mut Cpu, o: &Op) -> Flow {
    let what = c
        .insns
        .get(o.ext as usize)
        .map(|i| format!("instruction `{}`", mnemonic(i)))
        .unwrap_or_else(|| "instruction".to_string());
    c.exit = Some(crate::Exit::Unimplemented { ip: c.ip, what });
    Flow::Stop
}

/// The full mnemonic of an instruction (name and completers), for messages.
pub(crate) fn mnemonic(i: &ia64::decode::Instruction) -> String {
    let f = i.form();
    let mut s = f.name.to_string();
    for (k, c) in f.completers.iter().enumerate() {
        s.push_str(c.name(i.comps[k] as u64).unwrap_or(""));
    }
    s
}
