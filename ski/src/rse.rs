//! The register stack engine (SDM Vol 2 Ch 6): frames, spills and fills.
//!
//! The model is the SDM's: below the current frame (which starts at ar.bsp) lie
//! the *dirty* registers (not yet written to the backing store, addresses
//! ar.bspstore..ar.bsp) and below them the *clean* ones (written, still in
//! registers, addresses RSE.BspLoad..ar.bspstore); every other physical register
//! is invalid. At most [`N_PHYS`] registers are clean + dirty + current. The RSE
//! runs in the "enforced lazy" manner whatever ar.rsc.mode says (an
//! implementation may, SDM Vol 2 §6.4): it spills only when `alloc` (or a
//! returning frame) needs room, and fills only when a `br.ret` or `rfi` returns to
//! registers it no longer holds. This is deterministic and keeps ar.bspstore where
//! a program can predict it.
//!
//! NaT bits of spilled registers collect in ar.rnat and are stored at every
//! address whose bits 8:3 are all ones (SDM Vol 2 §6.5.1); ar.bspstore never
//! rests on such a slot.

use crate::exec::Raised;
use crate::interrupt::{isrb, Intr};
use crate::mmu::Access;
use crate::state::{is_collection, psrb, regcount, skip_regs, Cpu, N_PHYS, STK};

/// ar.bsp, ar.bspstore, ar.rnat, ar.rsc numbers.
pub(crate) const AR_RSC: usize = 16;
pub(crate) const AR_BSP: usize = 17;
pub(crate) const AR_BSPSTORE: usize = 18;
pub(crate) const AR_RNAT: usize = 19;

impl Cpu {
    /// Circular index (into the stacked part of `gr`) of the register whose
    /// backing-store address is `addr`.
    #[inline]
    fn stk_index(&self, addr: u64) -> usize {
        let d = regcount(addr).wrapping_sub(regcount(self.ar[AR_BSP]));
        32 + ((self.bof as u64).wrapping_add(d) as usize & (STK - 1))
    }

    /// Dirty registers (ar.bspstore .. ar.bsp).
    pub(crate) fn rse_ndirty(&self) -> usize {
        regcount(self.ar[AR_BSP]).wrapping_sub(regcount(self.ar[AR_BSPSTORE])) as usize
    }

    /// Clean registers (RSE.BspLoad .. ar.bspstore).
    pub(crate) fn rse_nclean(&self) -> usize {
        regcount(self.ar[AR_BSPSTORE]).wrapping_sub(regcount(self.bspload)) as usize
    }

    /// Translates an RSE access (SDM Vol 2 §6.5.4: translated when psr.rt = 1, at
    /// privilege ar.rsc.pl) and delivers the fault with isr.rs if it fails.
    fn rse_pa(&mut self, addr: u64, write: bool) -> Result<u64, Raised> {
        if self.psr & psrb::RT == 0 {
            return Ok(addr & !(1 << 63));
        }
        let mut cx = self.mmu_ctx();
        let pl = (self.ar[AR_RSC] >> 2 & 3) as u8;
        cx.cpl = pl;
        cx.psr = (cx.psr & !(psrb::CPL | psrb::DT)) | (pl as u64) << psrb::CPL_SHIFT | psrb::DT;
        let acc = if write { Access::Write } else { Access::Read };
        match self.mmu.translate(&cx, &mut self.mem, addr, 8, acc, false) {
            Ok(pa) => Ok(pa),
            Err(f) => {
                self.deliver(
                    f.vector,
                    Intr {
                        isr: f.isr | isrb::RS,
                        ..Intr::of_mmu(&f)
                    },
                );
                Err(Raised)
            }
        }
    }

    fn rse_read(&mut self, addr: u64) -> Result<u64, Raised> {
        let pa = self.rse_pa(addr, false)?;
        let v = self.mem.read_small(pa, 8);
        Ok(if self.ar[AR_RSC] & 0x10 != 0 {
            v.swap_bytes()
        } else {
            v
        })
    }

    fn rse_write(&mut self, addr: u64, v: u64) -> Result<(), Raised> {
        let pa = self.rse_pa(addr, true)?;
        let v = if self.ar[AR_RSC] & 0x10 != 0 {
            v.swap_bytes()
        } else {
            v
        };
        self.mem.write_small(pa, 8, v);
        if self.mem.take_code_write() {
            self.flush_code = true;
            self.attention = true;
        }
        Ok(())
    }

    /// Spills the dirty register at ar.bspstore (and ar.rnat when the next slot is a
    /// collection slot).
    fn rse_spill_one(&mut self) -> Result<(), Raised> {
        let a = self.ar[AR_BSPSTORE];
        let i = self.stk_index(a);
        self.rse_write(a, self.gr[i])?;
        let bit = 1u64 << (a >> 3 & 63);
        if self.nat[i] {
            self.ar[AR_RNAT] |= bit;
        } else {
            self.ar[AR_RNAT] &= !bit;
        }
        let mut next = a + 8;
        if is_collection(next) {
            self.rse_write(next, self.ar[AR_RNAT])?;
            next += 8;
        }
        self.ar[AR_BSPSTORE] = next;
        self.stats.rse_spills += 1;
        Ok(())
    }

    /// Fills the register just below RSE.BspLoad.
    fn rse_fill_one(&mut self) -> Result<(), Raised> {
        let mut a = self.bspload - 8;
        if is_collection(a) {
            a -= 8;
        }
        let slot = a | 0x1f8;
        let natword = if slot >= self.ar[AR_BSPSTORE] {
            self.ar[AR_RNAT]
        } else {
            self.rse_read(slot)?
        };
        let v = self.rse_read(a)?;
        let i = self.stk_index(a);
        self.gr[i] = v;
        self.nat[i] = natword >> (a >> 3 & 63) & 1 != 0;
        // An entry left here by a deeper frame must not answer for the refilled
        // register (see exec/mem.rs, "ALAT").
        self.alat_drop_physical(i);
        self.bspload = a;
        self.stats.rse_fills += 1;
        Ok(())
    }

    /// Makes room for a current frame of `sof` registers: drops clean registers,
    /// then spills dirty ones, until clean + dirty + `sof` fits [`N_PHYS`].
    #[inline]
    pub(crate) fn rse_make_room(&mut self, sof: usize) -> Result<(), Raised> {
        if self.rse_has_room(sof) {
            return Ok(());
        }
        self.rse_make_room_slow(sof)
    }

    /// Whether clean + dirty + `sof` registers fit [`N_PHYS`] as they are.
    #[inline(always)]
    pub(crate) fn rse_has_room(&self, sof: usize) -> bool {
        // clean + dirty = the registers between RSE.BspLoad and ar.bsp.
        let held = regcount(self.ar[AR_BSP]).wrapping_sub(regcount(self.bspload)) as usize;
        held.wrapping_add(sof) <= N_PHYS
    }

    #[cold]
    fn rse_make_room_slow(&mut self, sof: usize) -> Result<(), Raised> {
        while self.rse_nclean() + self.rse_ndirty() + sof > N_PHYS {
            if self.rse_nclean() > 0 {
                self.bspload = skip_regs(self.bspload, 1);
            } else {
                self.rse_spill_one()?;
            }
        }
        Ok(())
    }

    /// [`Cpu::rse_call`] from a frame without rotation (sor, rrb.gr,
    /// rrb.fr and rrb.pr all 0, which the callee's frame keeps) with `sol`
    /// locals.
    #[inline(always)]
    pub(crate) fn rse_call_unrotated(&mut self, sol: usize) {
        self.ar[AR_BSP] = skip_regs(self.ar[AR_BSP], sol as i64);
        self.sof -= sol;
        self.sol = 0;
        if sol != 0 {
            self.bof = (self.bof + sol) & (STK - 1);
            self.remap();
        }
    }

    /// `br.call`: the caller's locals become dirty; the outputs become the new frame.
    #[inline]
    pub(crate) fn rse_call(&mut self) {
        let sol = self.sol;
        self.ar[AR_BSP] = skip_regs(self.ar[AR_BSP], sol as i64);
        let unchanged = sol == 0 && self.sor == 0 && self.rrb_gr == 0;
        self.bof = (self.bof + sol) & (STK - 1);
        self.sof -= sol;
        self.sol = 0;
        self.sor = 0;
        self.rrb_gr = 0;
        self.rrb_fr = 0;
        self.set_rrb_pr(0);
        if !unchanged {
            self.remap();
        }
    }

    /// `br.ret`: restores frame `pfm` (from ar.pfs) and fills its registers if the
    /// RSE no longer holds them. On a fill fault the return has happened and the
    /// fault is delivered with isr.ir (incomplete frame); `rfi` resumes the fills.
    #[inline(always)]
    pub(crate) fn rse_return(&mut self, pfm: u64) -> Result<(), Raised> {
        let sol = (pfm >> 7 & 0x7f) as usize;
        let bsp = skip_regs(self.ar[AR_BSP], -(sol as i64));
        self.ar[AR_BSP] = bsp;
        self.bof = (self.bof + STK - (sol & (STK - 1))) & (STK - 1);
        if (pfm >> 14) | self.rrb_pr as u64 == 0 {
            // A frame without rotation returning where the predicates are not
            // rotated either (the common case): `set_cfm` minus the rotation work.
            let sof = (pfm & 0x7f) as usize;
            self.sof = sof;
            self.sol = sol;
            self.sor = 0;
            self.rrb_gr = 0;
            self.rrb_fr = 0;
            self.remap();
            // `rse_complete_frame`'s common case: every register of the frame
            // held, the partitions in order, room for the frame.
            let (load, store) = (self.bspload, self.ar[AR_BSPSTORE]);
            let held = regcount(bsp).wrapping_sub(regcount(load)) as usize;
            if load <= store && store <= bsp && held.wrapping_add(sof) <= N_PHYS {
                return Ok(());
            }
            return self.rse_return_rest(None);
        }
        self.rse_return_rest(Some(pfm))
    }

    /// The rest of [`Cpu::rse_return`] out of line: `set_cfm` for a frame
    /// with rotation (`Some`), fills and spills for any frame.
    #[cold]
    #[inline(never)]
    fn rse_return_rest(&mut self, rotating: Option<u64>) -> Result<(), Raised> {
        if let Some(pfm) = rotating {
            self.set_cfm(pfm);
        }
        self.rse_complete_frame()
    }

    /// `rfi` with ifs.v: restores the covered frame `ifm`.
    pub(crate) fn rse_restore_ifm(&mut self, ifm: u64) {
        let sof = (ifm & 0x7f) as usize;
        self.ar[AR_BSP] = skip_regs(self.ar[AR_BSP], -(sof as i64));
        self.bof = (self.bof + STK - (sof & (STK - 1))) & (STK - 1);
        self.set_cfm(ifm);
    }

    /// Loads the registers of the current frame that lie below RSE.BspLoad and keeps
    /// the partitions consistent (ar.bspstore never above ar.bsp).
    #[inline]
    pub(crate) fn rse_complete_frame(&mut self) -> Result<(), Raised> {
        let bsp = self.ar[AR_BSP];
        if self.bspload <= self.ar[AR_BSPSTORE] && self.ar[AR_BSPSTORE] <= bsp {
            // Every register of the frame is still held and the partitions are
            // in order: only the room check remains.
            let sof = self.sof;
            return self.rse_make_room(sof);
        }
        self.rse_complete_frame_slow()
    }

    #[cold]
    fn rse_complete_frame_slow(&mut self) -> Result<(), Raised> {
        let bsp = self.ar[AR_BSP];
        if self.bspload > bsp {
            // Registers between ar.bsp and RSE.BspLoad must come back from memory.
            // Fills run downwards from RSE.BspLoad (SDM Vol 2 §6.5.3).
            let target = bsp;
            while self.bspload > target {
                if let Err(e) = self.rse_fill_one() {
                    self.cr[ia64::regs::Cr::Isr as usize] |= isrb::IR;
                    return Err(e);
                }
            }
        }
        if self.ar[AR_BSPSTORE] > bsp {
            // The frame we returned to had been spilled: its registers are current
            // again, so the store pointer moves back to the frame's base, and the
            // NaT collection for that (partial) group comes from memory if the
            // group's collection slot had already been written.
            let old = self.ar[AR_BSPSTORE];
            let slot = bsp | 0x1f8;
            if slot < old {
                self.ar[AR_RNAT] = self.rse_read(slot)?;
            }
            self.ar[AR_BSPSTORE] = bsp;
        }
        if self.bspload > self.ar[AR_BSPSTORE] {
            self.bspload = self.ar[AR_BSPSTORE];
        }
        let sof = self.sof;
        self.rse_make_room(sof)
    }

    /// `cover`: a new empty frame above the current one; with psr.ic = 0 the old
    /// CFM goes to cr.ifs (SDM Vol 3 `cover`).
    pub(crate) fn rse_cover(&mut self) {
        if self.psr & psrb::IC == 0 {
            self.cr[ia64::regs::Cr::Ifs as usize] = self.cfm() | 1 << 63;
        }
        let sof = self.sof;
        self.ar[AR_BSP] = skip_regs(self.ar[AR_BSP], sof as i64);
        self.bof = (self.bof + sof) & (STK - 1);
        self.sof = 0;
        self.sol = 0;
        self.sor = 0;
        self.rrb_gr = 0;
        self.rrb_fr = 0;
        self.set_rrb_pr(0);
        self.remap();
    }

    /// `flushrs`: spills every dirty register.
    pub(crate) fn rse_flush(&mut self) -> Result<(), Raised> {
        while self.ar[AR_BSPSTORE] < self.ar[AR_BSP] {
            self.rse_spill_one()?;
        }
        Ok(())
    }

    /// `loadrs`: makes exactly ar.rsc.loadrs bytes below ar.bsp dirty, loading them
    /// from memory if needed and invalidating everything below (SDM Vol 3 `loadrs`).
    pub(crate) fn rse_loadrs(&mut self) -> Result<(), Raised> {
        let bytes = self.ar[AR_RSC] >> 16 & 0x3fff;
        let bsp = self.ar[AR_BSP];
        let target = bsp.wrapping_sub(bytes);
        if target < self.bspload {
            while self.bspload > target {
                self.rse_fill_one()?;
            }
            // A target on a collection slot means the slot itself is not loaded.
        }
        let tgt = if is_collection(target) {
            target + 8
        } else {
            target
        };
        if tgt != self.ar[AR_BSPSTORE] {
            let slot = tgt | 0x1f8;
            if slot < self.ar[AR_BSPSTORE] && slot < bsp {
                self.ar[AR_RNAT] = self.rse_read(slot)?;
            }
        }
        self.ar[AR_BSPSTORE] = tgt;
        self.bspload = tgt;
        Ok(())
    }

    /// `mov ar.bspstore = v` (rsc.mode must be 0): the dirty registers keep their
    /// count and follow the new store pointer; the clean partition is invalidated
    /// (SDM Vol 2 §6.5.2).
    pub(crate) fn rse_write_bspstore(&mut self, v: u64) {
        let v = v & !7;
        let ndirty = self.rse_ndirty();
        let new_bsp = skip_regs(v, ndirty as i64);
        // Positions in the circular buffer are relative to ar.bsp and `bof`, so the
        // dirty registers stay where they are.
        self.ar[AR_BSPSTORE] = v;
        self.ar[AR_BSP] = new_bsp;
        self.bspload = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu_with_frame(sof: usize, sol: usize) -> Box<Cpu> {
        let mut c = Cpu::new();
        c.sof = sof;
        c.sol = sol;
        c
    }

    #[test]
    fn call_and_return_move_bsp_by_locals() {
        let mut c = cpu_with_frame(10, 6);
        c.ar[AR_BSP] = 0x1000;
        c.ar[AR_BSPSTORE] = 0x1000;
        c.bspload = 0x1000;
        c.w(35, 0x35, false);
        c.w(38, 0x38, true);
        let pfm = c.cfm();
        c.rse_call();
        assert_eq!(c.ar[AR_BSP], 0x1030);
        assert_eq!(c.sof, 4);
        assert_eq!(c.rn(32), (0x38, true), "caller's r38 is callee's r32");
        c.rse_return(pfm).unwrap();
        assert_eq!(c.ar[AR_BSP], 0x1000);
        assert_eq!((c.sof, c.sol), (10, 6));
        assert_eq!(c.r(35), 0x35);
    }

    #[test]
    fn deep_calls_spill_and_returns_fill_with_nats() {
        let mut c = cpu_with_frame(0, 0);
        c.ar[AR_BSP] = 0x1f0; // one register below the first collection slot
        c.ar[AR_BSPSTORE] = 0x1f0;
        c.bspload = 0x1f0;
        let mut pfms = Vec::new();
        // 40 nested frames of 8 locals each: 320 registers, far beyond 96.
        for depth in 0..40u64 {
            c.rse_make_room(8).unwrap();
            c.sof = 8;
            c.sol = 8;
            for k in 0..8u8 {
                c.w(
                    32 + k,
                    depth * 100 + k as u64,
                    (depth + k as u64).is_multiple_of(3),
                );
            }
            pfms.push(c.cfm());
            c.rse_call();
        }
        assert!(c.ar[AR_BSPSTORE] > 0x1f0, "spills happened");
        assert!(c.rse_ndirty() + c.rse_nclean() + c.sof <= N_PHYS);
        // The collection slot at 0x1f8 holds NaT bits of the first group.
        for depth in (0..40u64).rev() {
            c.rse_return(pfms[depth as usize]).unwrap();
            for k in 0..8u8 {
                let want = (depth * 100 + k as u64, (depth + k as u64).is_multiple_of(3));
                assert_eq!(c.rn(32 + k), want, "depth {depth} r{}", 32 + k);
            }
        }
        assert_eq!(c.ar[AR_BSP], 0x1f0);
        assert!(c.ar[AR_BSPSTORE] <= c.ar[AR_BSP]);
    }

    #[test]
    fn flushrs_writes_everything_and_rnat_lands_in_collection_slot() {
        let mut c = cpu_with_frame(70, 70);
        c.ar[AR_BSP] = 0;
        for k in 0..70u8 {
            c.w(32 + k, k as u64 + 1, k == 5);
        }
        c.rse_call();
        c.rse_flush().unwrap();
        assert_eq!(c.ar[AR_BSPSTORE], c.ar[AR_BSP]);
        assert_eq!(c.ar[AR_BSP], skip_regs(0, 70));
        assert_eq!(c.mem.read_small(0, 8), 1);
        assert_eq!(
            c.mem.read_small(0x200, 8),
            64,
            "reg 63 after the collection slot"
        );
        assert_eq!(c.mem.read_small(0x1f8, 8), 1 << 5, "NaT of r37 at bit 5");
    }

    #[test]
    fn cover_and_restore_ifm() {
        let mut c = cpu_with_frame(12, 4);
        c.w(40, 99, false);
        let cfm = c.cfm();
        c.rse_cover();
        assert_eq!(c.sof, 0);
        assert_eq!(c.cr[ia64::regs::Cr::Ifs as usize], cfm | 1 << 63);
        assert_eq!(c.ar[AR_BSP], 12 * 8);
        c.rse_restore_ifm(cfm);
        c.rse_complete_frame().unwrap();
        assert_eq!(c.r(40), 99);
        assert_eq!(c.ar[AR_BSP], 0);
    }

    #[test]
    fn loadrs_zero_invalidates_and_reloads_from_memory() {
        let mut c = cpu_with_frame(8, 8);
        for k in 0..8u8 {
            c.w(32 + k, 7, false);
        }
        c.rse_call();
        c.rse_flush().unwrap();
        // Change the backing store behind the RSE's back, invalidate, return.
        c.mem.write_small(8, 8, 0x1234);
        c.ar[AR_RSC] = 0;
        c.rse_loadrs().unwrap();
        assert_eq!(c.bspload, c.ar[AR_BSP]);
        c.rse_return(8 | 8 << 7).unwrap();
        assert_eq!(c.r(33), 0x1234);
    }

    #[test]
    fn bspstore_write_moves_dirty_registers_with_it() {
        let mut c = cpu_with_frame(2, 2);
        c.w(32, 11, false);
        c.w(33, 22, false);
        c.rse_call(); // two dirty registers
        c.rse_write_bspstore(0x8000);
        assert_eq!(c.ar[AR_BSP], 0x8010);
        c.rse_flush().unwrap();
        assert_eq!(c.mem.read_small(0x8000, 8), 11);
        assert_eq!(c.mem.read_small(0x8008, 8), 22);
    }
}
