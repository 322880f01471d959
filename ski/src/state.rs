//! The CPU's architectural state and its register accessors.
//!
//! General registers live in one array: r0–r31 of the current bank at indices
//! 0–31, then the stacked physical registers as a circular buffer of 128 entries
//! (more than the 96 the RSE may keep live, so positions never collide). A
//! stacked register's slot is fixed by its backing-store address
//! (`(regcount(addr) + phys_off) & 127`), which makes calls and returns a matter of
//! moving `bof`. Predicates are stored in their *logical* numbering (rotation
//! is applied when rrb.pr changes, not on every read), which makes the per-
//! instruction qualifying-predicate test one shift.

use crate::fp::Fr;
use crate::memory::SparseMem;
use crate::mmu::{Mmu, MmuCtx};
use ia64::regs::Psr;

/// Stacked physical registers the RSE keeps live (Itanium 2, SDM Vol 2 §6.1:
/// the number is implementation specific; 96 is what Itanium 2 and Ski have).
pub const N_PHYS: usize = 96;
/// Size of the circular buffer holding the stacked registers.
pub(crate) const STK: usize = 128;
/// Size of the general register array: 32 static + the stacked buffer, padded
/// to 256 so an index held in a `u8` (see [`Cpu::map`]) needs no bounds check.
pub(crate) const GR_FILE: usize = 256;
const _: () = assert!(GR_FILE >= 32 + STK);

/// `32 + j % 128` for every j a frame can start its 96 logical stacked
/// registers at: [`Cpu::remap`] copies a window of it.
const STACKED_IX: [u8; STK + 96] = {
    let mut t = [0u8; STK + 96];
    let mut j = 0;
    while j < STK + 96 {
        t[j] = 32 + (j % STK) as u8;
        j += 1;
    }
    t
};

/// PSR bits used on hot paths (SDM Vol 2 §3.3.2, Table 3-2).
pub(crate) mod psrb {
    use super::Psr;
    pub const BE: u64 = Psr::BE.bits();
    pub const UP: u64 = Psr::UP.bits();
    pub const MFL: u64 = Psr::MFL.bits();
    pub const MFH: u64 = Psr::MFH.bits();
    pub const IC: u64 = Psr::IC.bits();
    pub const I: u64 = Psr::I.bits();
    pub const PK: u64 = Psr::PK.bits();
    pub const DT: u64 = Psr::DT.bits();
    pub const DFL: u64 = Psr::DFL.bits();
    pub const DFH: u64 = Psr::DFH.bits();
    pub const SP: u64 = Psr::SP.bits();
    pub const PP: u64 = Psr::PP.bits();
    pub const SI: u64 = Psr::SI.bits();
    pub const RT: u64 = Psr::RT.bits();
    pub const IT: u64 = Psr::IT.bits();
    pub const MC: u64 = Psr::MC.bits();
    pub const BN: u64 = Psr::BN.bits();
    pub const LP: u64 = Psr::LP.bits();
    pub const DB: u64 = Psr::DB.bits();
    pub const DA: u64 = Psr::DA.bits();
    pub const TB: u64 = Psr::TB.bits();
    pub const SS: u64 = Psr::SS.bits();
    pub const ED: u64 = Psr::ED.bits();
    /// The bits that last one instruction: ia, id, da, dd and ed. `rfi` may
    /// set them; the instruction it returns to clears them when it completes
    /// (SDM Vol 2 §3.3.2, Table 3-2), and an interruption clears them.
    pub const ONE_SHOT: u64 =
        Psr::IA.bits() | Psr::ID.bits() | Psr::DA.bits() | Psr::DD.bits() | Psr::ED.bits();
    pub const CPL_SHIFT: u32 = 32;
    pub const CPL: u64 = 3 << CPL_SHIFT;
    pub const RI_SHIFT: u32 = 41;
    pub const RI: u64 = 3 << RI_SHIFT;
    /// Every defined PSR bit (the rest are reserved).
    pub const DEFINED: u64 = Psr::all().bits();
}

/// Number of non-collection backing-store slots below `addr` (SDM Vol 2 §6.5.1:
/// every 64th doubleword, the one with address bits 8:3 all ones, holds NaT bits).
#[inline]
pub(crate) fn regcount(addr: u64) -> u64 {
    (addr >> 3).wrapping_sub(addr >> 9)
}

/// The backing-store address of register slot number `n` (inverse of [`regcount`]).
#[inline]
pub(crate) fn reg_addr(n: u64) -> u64 {
    n.wrapping_add(n / 63).wrapping_mul(8)
}

/// `addr` moved by `n` registers (negative: down), skipping NaT collection slots.
///
/// A move that stays inside `addr`'s 64-doubleword group below its collection
/// slot (slot 63) is plain address arithmetic, which is what `reg_addr(regcount)`
/// yields there; only a move across a group pays for the division by 63.
#[inline]
pub(crate) fn skip_regs(addr: u64, n: i64) -> u64 {
    if (addr >> 3 & 63).wrapping_add(n as u64) < 63 {
        return (addr & !7).wrapping_add((n as u64).wrapping_mul(8));
    }
    reg_addr(regcount(addr).wrapping_add(n as u64))
}

/// Whether `addr` is a NaT collection slot.
#[inline]
pub(crate) fn is_collection(addr: u64) -> bool {
    addr & 0x1f8 == 0x1f8
}

/// One entry of the Advanced Load Address Table (SDM Vol 1 §4.4.5.2).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AlatEntry {
    /// Register tag: unified GR index, or 256 + physical FR number.
    pub tag: u16,
    /// Physical address of the load.
    pub addr: u64,
    /// Size of the load in bytes.
    pub size: u8,
    /// Whether the entry is valid.
    pub valid: bool,
}

/// ALAT capacity (Itanium 2 has 32 entries, fully associative).
pub(crate) const ALAT_ENTRIES: usize = 32;

/// One entry of the data micro-TLB: a 4 KiB virtual page (the smallest IA-64
/// page, so a whole translation page is always one or more of them) and the
/// physical page a successful translation gave it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UtlbEntry {
    /// Virtual address >> 12, or `u64::MAX` for an empty entry.
    pub vpn: u64,
    /// Physical address of the page (bits 11:0 zero).
    pub pa: u64,
    /// A read, and a write, of this page succeeded.
    pub read: bool,
    pub write: bool,
}

impl UtlbEntry {
    pub(crate) const EMPTY: UtlbEntry = UtlbEntry {
        vpn: u64::MAX,
        pa: 0,
        read: false,
        write: false,
    };
}

/// Data micro-TLB entries (direct-mapped by virtual page).
pub(crate) const UTLB_ENTRIES: usize = 64;

/// The PSR bits a successful data translation depends on besides the TLB
/// contents and the region registers (SDM Vol 2 §4.1: psr.pk, psr.da and the
/// privilege level; psr.dt is 1 whenever the micro-TLB is used).
pub(crate) const UTLB_PSR: u64 = psrb::PK | psrb::DA | psrb::CPL;

/// The complete CPU (and the system pieces it owns: memory, MMU, counters).
pub struct Cpu {
    /// General registers: static at 0..32, stacked circular at 32..160 (the
    /// rest is padding).
    pub(crate) gr: [u64; GR_FILE],
    /// NaT bits of `gr`.
    pub(crate) nat: [bool; GR_FILE],
    /// The other bank of r16–r31 (bank 1 while psr.bn = 0, bank 0 while bn = 1).
    pub(crate) other_bank: [u64; 16],
    /// NaT bits of `other_bank`.
    pub(crate) other_nat: [bool; 16],
    /// Index in `gr` of every logical GR 0..128 under the current frame and
    /// rotation: register reads and writes are one table load instead of the
    /// frame and rotation arithmetic. [`Cpu::remap`] rebuilds it whenever `bof`,
    /// `sor` or `rrb_gr` change.
    /// (256 entries so a `u8` register number indexes it without a mask or
    /// a bounds check; numbers from 128 up never occur and map to r0.)
    pub(crate) map: [u8; 256],
    /// Circular index (0..128) of the current frame's r32.
    pub(crate) bof: usize,
    /// CFM fields.
    pub(crate) sof: usize,
    pub(crate) sol: usize,
    pub(crate) sor: usize,
    pub(crate) rrb_gr: usize,
    pub(crate) rrb_fr: usize,
    pub(crate) rrb_pr: usize,
    /// Predicates, logical numbering, bit n = pn (p0 always 1).
    pub(crate) pr: u64,
    /// Branch registers.
    pub(crate) br: [u64; 8],
    /// Application registers by number (ar.bsp, bspstore, rnat included).
    pub(crate) ar: [u64; 128],
    /// Control registers by number.
    pub(crate) cr: [u64; 128],
    /// Floating-point registers, physical numbering.
    pub(crate) fr: [Fr; 128],
    /// Processor status register.
    pub(crate) psr: u64,
    /// Address of the current bundle.
    pub(crate) ip: u64,
    /// Slot of the current instruction.
    pub(crate) slot: u8,
    /// Region registers.
    pub(crate) rr: [u64; 8],
    /// Data and instruction breakpoint registers.
    pub(crate) dbr: [u64; 16],
    pub(crate) ibr: [u64; 16],
    /// Performance monitor configuration and data registers.
    pub(crate) pmc: [u64; 32],
    pub(crate) pmd: [u64; 32],
    /// RSE.BspLoad: the next (lower) backing-store address the RSE fills from.
    pub(crate) bspload: u64,
    /// Interrupts in service (bit per vector), for IVR/EOI nesting (SDM Vol 2 §5.8.3).
    pub(crate) in_service: [u64; 4],
    /// ALAT.
    pub(crate) alat: [AlatEntry; ALAT_ENTRIES],
    pub(crate) alat_next: usize,
    /// Whether any ALAT entry may be valid (stores skip the ALAT search otherwise).
    pub(crate) alat_live: bool,
    /// The data micro-TLB: successful translations with psr.dt = 1, valid
    /// while the MMU's generation is `utlb_gen` and the PSR bits [`UTLB_PSR`]
    /// are `utlb_psr` (the region registers empty it when written). It only
    /// remembers what [`crate::mmu::Mmu::translate`] answered, and the MMU's
    /// answer for a hit depends on nothing else (its TC replacement counts
    /// inserts, not lookups).
    pub(crate) utlb: [UtlbEntry; UTLB_ENTRIES],
    pub(crate) utlb_gen: u64,
    pub(crate) utlb_psr: u64,
    /// Decoded instructions the predecoded ops refer to (F-unit execution,
    /// messages); cleared with the predecode cache.
    pub(crate) insns: Vec<ia64::decode::Instruction>,
    /// Physical memory.
    pub(crate) mem: SparseMem,
    /// Address translation.
    pub(crate) mmu: Mmu,
    /// Something needs the slow path at the next instruction boundary (pending
    /// interrupt check, cache flush).
    pub(crate) attention: bool,
    /// `rfi` just set a [`psrb::ONE_SHOT`] bit: the next attention check is
    /// the one before the instruction it returns to, which must see the bit.
    pub(crate) one_shot_armed: bool,
    /// The predecode cache must be flushed before the next fetch.
    pub(crate) flush_code: bool,
    /// IIPA bookkeeping (SDM Vol 2 §3.3.5.6; see `interrupt.rs`): the bundle
    /// of the last instruction that completed with psr.ic = 1 before the
    /// current bundle was entered, and the first slot of the current bundle
    /// whose completion counts (the entry slot, or the one after an `ssm` that
    /// turned psr.ic on). IIPA follows from them without a store per instruction.
    pub(crate) prev_ip: u64,
    pub(crate) first_slot: u8,
    /// The last successfully executed bundle as of the last control transfer
    /// that the run loop cannot follow (`rfi`, an interruption, a stop): the
    /// loop takes it as the previous bundle of the next one it enters.
    pub(crate) iipa_last: u64,
    /// Console output (SSC PUTCHAR) not yet taken by the embedder.
    pub(crate) console: Vec<u8>,
    /// Interrupt vectors registered with SSC CONNECT_INTERRUPT (type → vector).
    pub(crate) ssc_vectors: [u8; 16],
    /// Why the machine stopped, if an instruction stopped it.
    pub(crate) exit: Option<crate::exit::Exit>,
    /// Counters.
    pub(crate) stats: crate::stats::Stats,
    /// Return [`crate::Exit::Fault`] instead of delivering interruptions.
    pub(crate) stop_on_fault: bool,
    /// Target of an `fchkf` branch taken inside the FP unit.
    pub(crate) fp_branch: Option<u64>,
    /// The current bundle is MLX (its long instruction is slot 1).
    pub(crate) cur_is_mlx: bool,
    /// SSC SET_PERIODIC_INTERRUPT: period in instruction groups (0 = off), groups
    /// left, and the interrupt type whose connected vector is raised.
    pub(crate) periodic: u64,
    pub(crate) periodic_left: u64,
    pub(crate) periodic_type: u64,
    /// The ar.itc value at which a group end must look at the timer and the
    /// periodic interrupt ([`Cpu::retime`] keeps it; one compare per group).
    pub(crate) tick_at: u64,
}

impl Cpu {
    /// A CPU in Ski's system-mode entry state (Ski sheet, "Loading and entry state").
    pub(crate) fn new() -> Box<Cpu> {
        let mut c = Box::new(Cpu {
            gr: [0; GR_FILE],
            nat: [false; GR_FILE],
            map: {
                let mut m = [0u8; 256];
                let mut n = 0;
                while n < 32 {
                    m[n] = n as u8;
                    n += 1;
                }
                m
            },
            other_bank: [0; 16],
            other_nat: [false; 16],
            bof: 0,
            sof: 96,
            sol: 0,
            sor: 0,
            rrb_gr: 0,
            rrb_fr: 0,
            rrb_pr: 0,
            pr: 1,
            br: [0; 8],
            ar: [0; 128],
            cr: [0; 128],
            fr: [Fr::ZERO; 128],
            psr: 0,
            ip: 0,
            slot: 0,
            rr: [0; 8],
            dbr: [0; 16],
            ibr: [0; 16],
            pmc: [0; 32],
            pmd: [0; 32],
            bspload: 0,
            in_service: [0; 4],
            alat: [AlatEntry::default(); ALAT_ENTRIES],
            alat_next: 0,
            alat_live: false,
            utlb: [UtlbEntry::EMPTY; UTLB_ENTRIES],
            utlb_gen: 0,
            utlb_psr: 0,
            insns: Vec::new(),
            mem: SparseMem::new(),
            mmu: Mmu::new(),
            attention: false,
            one_shot_armed: false,
            flush_code: false,
            prev_ip: 0,
            first_slot: 0,
            iipa_last: 0,
            console: Vec::new(),
            ssc_vectors: [0; 16],
            exit: None,
            stats: crate::stats::Stats::default(),
            stop_on_fault: false,
            fp_branch: None,
            cur_is_mlx: false,
            periodic: 0,
            periodic_left: 0,
            periodic_type: 0,
            tick_at: 0,
        });
        c.remap();
        c.fr[1] = Fr::ONE;
        c.cr[ia64::regs::Cr::Pta as usize] = 0x3c;
        c.cr[ia64::regs::Cr::Ivr as usize] = 0xf;
        c
    }

    // ---------------------------------------------------------------------
    // General registers.

    /// Index in `gr` of logical register `n` (0..=127; callers have checked the
    /// frame bound).
    #[inline(always)]
    pub(crate) fn ix(&self, n: u8) -> usize {
        debug_assert!(n < 128, "register number {n}");
        self.map[n as usize] as usize
    }

    /// Rebuilds the stacked part of [`Cpu::map`] from `bof`, `sor` and
    /// `rrb_gr` (r0–r31 always map to themselves): stacked r32+k maps to
    /// `32 + (bof + k') % 128`, where k' is k rotated by rrb.gr inside the
    /// rotating region (k < sor; SDM Vol 1 §4.5.1). Without rotation this is a
    /// 96-byte copy out of [`STACKED_IX`], so calls and returns stay cheap.
    #[inline(always)]
    pub(crate) fn remap(&mut self) {
        let bof = self.bof & (STK - 1);
        self.map[32..128].copy_from_slice(&STACKED_IX[bof..bof + 96]);
        if self.sor != 0 {
            self.remap_rotating();
        }
    }

    /// The rotating region's part of [`Cpu::remap`].
    fn remap_rotating(&mut self) {
        let (sor, rrb) = (self.sor, self.rrb_gr);
        for k in 0..sor.min(96) {
            let mut r = k + rrb;
            if r >= sor {
                r -= sor;
            }
            self.map[32 + k] = 32 + ((self.bof + r) & (STK - 1)) as u8;
        }
    }

    /// Reads logical GR `n`.
    #[inline(always)]
    pub(crate) fn r(&self, n: u8) -> u64 {
        self.gr[self.ix(n)]
    }

    /// Reads logical GR `n` and its NaT bit.
    #[inline(always)]
    pub(crate) fn rn(&self, n: u8) -> (u64, bool) {
        let i = self.ix(n);
        (self.gr[i], self.nat[i])
    }

    /// NaT bit of logical GR `n`.
    #[inline(always)]
    pub(crate) fn natr(&self, n: u8) -> bool {
        self.nat[self.ix(n)]
    }

    /// Writes logical GR `n` (never r0: the predecoder turns such writes into
    /// Illegal Operation).
    #[inline(always)]
    pub(crate) fn w(&mut self, n: u8, v: u64, nat: bool) {
        let i = self.ix(n);
        self.gr[i] = v;
        self.nat[i] = nat;
    }

    // ---------------------------------------------------------------------
    // Predicates.

    /// Logical predicate `n`.
    #[inline(always)]
    pub(crate) fn p(&self, n: u8) -> bool {
        self.pr >> (n & 63) & 1 != 0
    }

    /// Writes logical predicate `n` (writes to p0 are ignored).
    #[inline(always)]
    pub(crate) fn set_p(&mut self, n: u8, v: bool) {
        let m = 1u64 << (n & 63);
        self.pr = if v { self.pr | m } else { self.pr & !m } | 1;
    }

    /// Changes rrb.pr, re-numbering the rotating predicates p16–p63.
    #[inline]
    pub(crate) fn set_rrb_pr(&mut self, new: usize) {
        if self.rrb_pr != new {
            self.rotate_pr(new);
        }
    }

    /// [`Cpu::set_rrb_pr`] when rrb.pr changes.
    fn rotate_pr(&mut self, new: usize) {
        let old = self.rrb_pr;
        // Logical i <-> physical 16 + (i - 16 + rrb) % 48: converting from old to
        // new numbering rotates the 48 rotating bits by (old - new).
        let rot = self.pr >> 16;
        let shift = (old + 48 - new) % 48;
        let mask = (1u64 << 48) - 1;
        let r = if shift == 0 {
            rot
        } else {
            ((rot << shift) | (rot >> (48 - shift))) & mask
        };
        self.pr = (self.pr & 0xffff) | (r << 16);
        self.rrb_pr = new;
    }

    /// The predicates in physical numbering (for `mov r=pr` nothing needs this: it is
    /// logical; used by tests of the rotation).
    #[cfg(test)]
    pub(crate) fn pr_physical(&self) -> u64 {
        let mut v = self.pr & 0xffff;
        for i in 16..64usize {
            if self.pr >> i & 1 != 0 {
                v |= 1 << (16 + (i - 16 + self.rrb_pr) % 48);
            }
        }
        v
    }

    // ---------------------------------------------------------------------
    // Floating-point registers.

    /// Physical number of logical FR `n`.
    #[inline]
    pub(crate) fn fix(&self, n: u8) -> usize {
        let n = (n & 127) as usize;
        if n < 32 {
            n
        } else {
            32 + (n - 32 + self.rrb_fr) % 96
        }
    }

    /// Reads logical FR `n`.
    #[inline]
    pub(crate) fn f(&self, n: u8) -> Fr {
        self.fr[self.fix(n)]
    }

    /// Writes logical FR `n` (f0 and f1 are read-only; the predecoder rejects them)
    /// and sets psr.mfl / psr.mfh.
    #[inline]
    pub(crate) fn set_f(&mut self, n: u8, v: Fr) {
        let i = self.fix(n);
        if i >= 2 {
            self.fr[i] = v;
            self.psr |= if i < 32 { psrb::MFL } else { psrb::MFH };
        }
    }

    // ---------------------------------------------------------------------
    // CFM.

    /// The CFM as a register value (SDM Vol 1 §3.1.7).
    pub(crate) fn cfm(&self) -> u64 {
        self.sof as u64
            | (self.sol as u64) << 7
            | ((self.sor / 8) as u64) << 14
            | (self.rrb_gr as u64) << 18
            | (self.rrb_fr as u64) << 25
            | (self.rrb_pr as u64) << 32
    }

    /// Loads the CFM fields from a register value (rotation bases included).
    #[inline]
    pub(crate) fn set_cfm(&mut self, v: u64) {
        self.sof = (v & 0x7f) as usize;
        self.sol = (v >> 7 & 0x7f) as usize;
        self.sor = ((v >> 14 & 0xf) * 8) as usize;
        self.rrb_gr = (v >> 18 & 0x7f) as usize;
        self.rrb_fr = (v >> 25 & 0x7f) as usize;
        self.set_rrb_pr((v >> 32 & 0x3f) as usize);
        self.remap();
    }

    // ---------------------------------------------------------------------
    // PSR.

    /// Current privilege level.
    #[inline(always)]
    pub(crate) fn cpl(&self) -> u8 {
        (self.psr >> psrb::CPL_SHIFT & 3) as u8
    }

    /// The MMU's view of the CPU.
    #[inline]
    pub(crate) fn mmu_ctx(&self) -> MmuCtx {
        MmuCtx {
            psr: self.psr,
            rr: self.rr,
            pta: self.cr[ia64::regs::Cr::Pta as usize],
            dcr: self.cr[ia64::regs::Cr::Dcr as usize],
            cpl: self.cpl(),
        }
    }

    /// Switches register banks if `bn` differs from psr.bn, and sets psr.bn.
    pub(crate) fn switch_bank(&mut self, bn: bool) {
        let cur = self.psr & psrb::BN != 0;
        if cur != bn {
            for i in 0..16 {
                std::mem::swap(&mut self.gr[16 + i], &mut self.other_bank[i]);
                std::mem::swap(&mut self.nat[16 + i], &mut self.other_nat[i]);
            }
        }
        if bn {
            self.psr |= psrb::BN;
        } else {
            self.psr &= !psrb::BN;
        }
    }

    /// Bank `b`'s r16+i and NaT, whichever bank is current.
    pub(crate) fn banked(&self, b: u8, i: usize) -> (u64, bool) {
        let cur = (self.psr & psrb::BN != 0) as u8;
        if b == cur {
            (self.gr[16 + i], self.nat[16 + i])
        } else {
            (self.other_bank[i], self.other_nat[i])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regcount_and_addresses_skip_collection_slots() {
        assert_eq!(regcount(0), 0);
        assert_eq!(regcount(0x1f0), 62);
        assert_eq!(regcount(0x200), 63);
        assert_eq!(reg_addr(62), 0x1f0);
        assert_eq!(reg_addr(63), 0x200);
        assert_eq!(skip_regs(0x1f0, 1), 0x200);
        assert_eq!(skip_regs(0x200, -1), 0x1f0);
        assert_eq!(skip_regs(0x1000, 96), reg_addr(regcount(0x1000) + 96));
        // The in-group fast path agrees with the counting definition everywhere,
        // collection slots, unaligned addresses and the top of memory included.
        for base in [0u64, 0x4000, 0xffff_ffff_ffff_fc00] {
            for off in 0..0x400u64 {
                let a = base.wrapping_add(off);
                for n in -130i64..=130 {
                    let want = reg_addr(regcount(a).wrapping_add(n as u64));
                    assert_eq!(skip_regs(a, n), want, "{a:#x} {n}");
                }
            }
        }
        for a in (0..0x2000u64).step_by(8).filter(|a| !is_collection(*a)) {
            assert_eq!(reg_addr(regcount(a)), a, "{a:#x}");
        }
    }

    #[test]
    fn predicate_rotation_round_trips() {
        let mut c = Cpu::new();
        c.set_p(16, true);
        c.set_p(63, true);
        let phys = c.pr_physical();
        c.set_rrb_pr(47);
        // The physical file does not change when only the numbering does.
        assert_eq!(c.pr_physical(), phys);
        // With rrb.pr = 47 (i.e. -1), logical p17 names the old p16.
        assert!(c.p(17));
        assert!(c.p(16), "old p63 is now p16");
        c.set_rrb_pr(0);
        assert!(c.p(16) && c.p(63) && !c.p(17));
    }

    #[test]
    fn bank_switch_swaps_r16_to_r31_only() {
        let mut c = Cpu::new();
        c.w(16, 5, false);
        c.w(15, 7, false);
        c.switch_bank(true);
        assert_eq!(c.r(16), 0);
        assert_eq!(c.r(15), 7);
        c.w(16, 9, true);
        assert_eq!(c.banked(0, 0), (5, false));
        assert_eq!(c.banked(1, 0), (9, true));
        c.switch_bank(false);
        assert_eq!(c.r(16), 5);
    }

    #[test]
    fn gr_rotation_wraps_inside_sor() {
        let mut c = Cpu::new();
        c.sor = 16;
        for i in 32..48u8 {
            c.w(i, i as u64, false);
        }
        c.rrb_gr = 15; // one rotation: rrb - 1 mod sor
        c.remap();
        assert_eq!(c.r(33), 32);
        assert_eq!(c.r(32), 47);
        assert_eq!(c.r(48), 0, "outside the rotating region: not rotated");
    }

    /// The register map agrees with the frame arithmetic of SDM Vol 1 §4.5.1
    /// for every frame base, rotating region and rotation base.
    #[test]
    fn map_matches_frame_and_rotation_arithmetic() {
        let mut c = Cpu::new();
        for bof in [0usize, 1, 37, 100, 127] {
            for sor in [0usize, 8, 16, 96] {
                for rrb in [0usize, 1, 7, sor.saturating_sub(1)] {
                    c.bof = bof;
                    c.sor = sor;
                    c.rrb_gr = rrb;
                    c.remap();
                    for n in 0..128u8 {
                        let want = if n < 32 {
                            n as usize
                        } else {
                            let mut k = n as usize - 32;
                            if k < sor {
                                k = (k + rrb) % sor;
                            }
                            32 + (bof + k) % STK
                        };
                        assert_eq!(c.ix(n), want, "bof {bof} sor {sor} rrb {rrb} r{n}");
                    }
                }
            }
        }
    }
}
