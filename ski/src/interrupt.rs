//! Interruption delivery, `rfi`, and external interrupts (IRR/IVR/TPR/EOI, the
//! ITV/ITM timer).
//!
//! Delivery follows SDM Vol 2 §5.5 ("Interruption Handling") and the Ski sheet:
//! with psr.ic = 1, IPSR/IIP/IIPA/IFS are written (ifs.v = 0) together with the
//! vector's own resources (IFA, ITIR, IHA, IIM); with psr.ic = 0 only ISR is
//! written (isr.ni = 1) and a data TLB miss becomes a Data Nested TLB fault. The
//! new PSR keeps rt, up, mfl, mfh, pk, it, dt and mc, takes be and pp from the DCR,
//! and clears everything else (cpl 0, ic 0, i 0, bn 0, ri 0).
//!
//! External interrupts (SDM Vol 2 §5.8): a vector is pending in IRR; it is
//! deliverable when psr.i = 1, tpr.mmi = 0, its priority class is above tpr.mic and
//! above the class of the highest vector in service. Reading cr.ivr acknowledges
//! the highest deliverable vector (moves it to in-service) or returns 15
//! (spurious); writing cr.eoi retires the highest in-service vector. Delivery is
//! checked at every instruction boundary where something that can change it
//! happened (the `attention` flag), so it is deterministic.
//!
//! Timer: `ar.itc` advances by one at the end of every instruction group (the cost
//! model will replace this; see stats.rs). When it becomes equal to cr.itm and
//! itv.m = 0, vector itv.vector becomes pending.

use crate::exec::Flow;
use crate::mmu::MmuFault;
use crate::state::{psrb, Cpu};
use ia64::regs::Cr;
use ia64::vector::Vector;

/// The resources an interruption writes besides IPSR/IIP/IIPA/IFS.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Intr {
    /// ISR bits other than ei and ni (code, vector, x/w/r/na/sp/rs/ir/ed).
    pub isr: u64,
    /// Value for cr.ifa.
    pub ifa: Option<u64>,
    /// Value for cr.itir.
    pub itir: Option<u64>,
    /// Value for cr.iha.
    pub iha: Option<u64>,
    /// Value for cr.iim.
    pub iim: Option<u64>,
    /// A trap: IIP/ri name the next instruction rather than the current one.
    pub trap: bool,
}

impl Intr {
    /// The resources an MMU fault writes: its ISR bits, IFA, ITIR and (for the
    /// vectors that define it) IHA.
    #[inline]
    pub(crate) fn of_mmu(f: &MmuFault) -> Intr {
        Intr {
            isr: f.isr,
            ifa: Some(f.ifa),
            itir: Some(f.itir),
            iha: f.iha,
            ..Intr::default()
        }
    }
}

/// ISR bit positions (SDM Vol 2 §3.3.5.2, Table 3-7).
pub(crate) mod isrb {
    pub const X: u64 = 1 << 32;
    pub const W: u64 = 1 << 33;
    pub const R: u64 = 1 << 34;
    pub const NA: u64 = 1 << 35;
    /// Speculative load exception.
    pub const SP: u64 = 1 << 36;
    pub const RS: u64 = 1 << 37;
    pub const IR: u64 = 1 << 38;
    pub const NI: u64 = 1 << 39;
    pub const EI_SHIFT: u32 = 41;
    /// Exception deferral: the code page's ITLB.ed.
    pub const ED: u64 = 1 << 43;
}

/// General Exception ISR codes (SDM Vol 2 §8, "General Exception vector").
pub(crate) mod gex {
    /// Illegal Operation fault.
    pub const ILLEGAL_OP: u64 = 0x00;
    /// Privileged Operation fault.
    pub const PRIV_OP: u64 = 0x10;
    /// Privileged Register fault.
    pub const PRIV_REG: u64 = 0x20;
    /// Reserved Register/Field fault.
    pub const RESERVED_REG: u64 = 0x30;
}

/// ISR.code{3:0} of a fault raised by a non-access instruction (isr.na = 1;
/// SDM Vol 2 §5.8, Table 8-x "ISR code for non-access instructions").
pub(crate) mod nacode {
    /// `probe.r`, `probe.w` (the non-faulting forms).
    pub const PROBE: u64 = 2;
    /// `lfetch.fault`.
    pub const LFETCH: u64 = 4;
    /// `probe.r.fault`, `probe.w.fault`, `probe.rw.fault`.
    pub const PROBE_FAULT: u64 = 5;
}

/// ISR.code of the branch and single-step traps (SDM Vol 2 §5.8, the
/// Lower-Privilege Transfer, Taken Branch and Single Step vectors): a bit
/// vector of the traps the just-executed instruction raised.
pub(crate) mod trapcode {
    /// Lower-Privilege Transfer (and Unimplemented Instruction Address) trap.
    pub const LP: u64 = 1 << 1;
    /// Taken Branch trap.
    pub const TB: u64 = 1 << 2;
    /// Single Step trap.
    pub const SS: u64 = 1 << 3;
}

/// ISR.code{7:4} of a Register NaT Consumption fault (SDM Vol 2 §5.8, NaT
/// Consumption vector: 1 = register NaT, 2 = NaT Page; code{3:0} is the
/// non-access type).
const ISR_REG_NAT: u64 = 0x10;

/// PSR bits an interruption preserves (Ski sheet; SDM Vol 2 §5.5.1).
const PSR_KEPT: u64 =
    psrb::RT | psrb::UP | psrb::MFL | psrb::MFH | psrb::PK | psrb::IT | psrb::DT | psrb::MC;

/// Whether ISR.ed is defined for interruption `v` with ISR bits `isr`: every
/// data-reference fault — Alternate Data TLB, VHPT (data), Data TLB, Data Page
/// Not Present, Data Key Miss, Data Key Permission, Data Access Rights, Data
/// Dirty Bit, Data Access Bit, Data Debug, Unaligned and Unsupported Data
/// Reference — speculative or not, takes the code page's ITLB.ed (SDM Vol 2
/// §3.3.5.2, Table 3-7: "set to the value of the TLB exception deferral bit
/// (TLB.ed) for the code page containing the faulting instruction"), except
/// a mandatory RSE fill or spill ("For mandatory RSE fill or spill
/// references, ISR.ed is always 0", ch 8 Page Not Present vector) and an
/// instruction fetch (isr.x). The NaT Consumption vector (register NaT or
/// NaT Page) leaves it 0, as Ski does. Speculative loads add it for every
/// fault they raise (`exec/spec.rs`).
fn data_ed_defined(v: Vector, isr: u64) -> bool {
    isr & (isrb::X | isrb::RS) == 0
        && matches!(
            v,
            Vector::AlternateDataTlb
                | Vector::VhptTranslation
                | Vector::DataTlb
                | Vector::PageNotPresent
                | Vector::DataKeyMiss
                | Vector::KeyPermission
                | Vector::DataAccessRights
                | Vector::DirtyBit
                | Vector::DataAccessBit
                | Vector::Debug
                | Vector::UnalignedReference
                | Vector::UnsupportedDataReference
        )
}

impl Cpu {
    /// Delivers interruption `v` for the instruction in the current slot and moves
    /// execution to its IVT entry. Always returns [`Flow::Jump`] (or
    /// [`Flow::Stop`] when the configuration asks to stop on faults).
    pub(crate) fn deliver(&mut self, mut v: Vector, f: Intr) -> Flow {
        let ic = self.psr & psrb::IC != 0;
        if !ic
            && matches!(
                v,
                Vector::DataTlb | Vector::AlternateDataTlb | Vector::VhptTranslation
            )
            && f.isr & isrb::X == 0
        {
            // SDM Vol 2 §5.5.2: a data TLB miss with psr.ic = 0 is a Data Nested TLB fault.
            v = Vector::DataNestedTlb;
        }
        if self.stop_on_fault {
            self.exit = Some(crate::Exit::Fault {
                vector: v,
                ip: self.ip,
            });
            return Flow::Stop;
        }
        let (mut iip, mut ri) = (self.ip, self.slot as u64);
        if f.trap {
            ri += 1;
            if ri > 2 || (ri == 2 && self.cur_is_mlx) {
                ri = 0;
                iip = iip.wrapping_add(16);
            }
        }
        let mut isr = f.isr | (self.slot as u64 & 3) << isrb::EI_SHIFT;
        if !ic {
            isr |= isrb::NI;
        }
        if data_ed_defined(v, f.isr) && self.code_ed() {
            isr |= isrb::ED;
        }
        self.cr[Cr::Isr as usize] = isr;
        if ic {
            self.cr[Cr::Ipsr as usize] = (self.psr & !psrb::RI) | ri << psrb::RI_SHIFT;
            self.cr[Cr::Iip as usize] = iip;
            self.cr[Cr::Iipa as usize] = self.last_executed(f.trap);
            self.cr[Cr::Ifs as usize] = 0;
            if let Some(x) = f.ifa {
                self.cr[Cr::Ifa as usize] = x;
            }
            if let Some(x) = f.itir {
                self.cr[Cr::Itir as usize] = x;
            }
            if let Some(x) = f.iha {
                self.cr[Cr::Iha as usize] = x;
            }
            if let Some(x) = f.iim {
                self.cr[Cr::Iim as usize] = x;
            }
        }
        // With psr.ic = 0 IIPA stays as it is: it is the last successfully
        // executed bundle for whatever runs after a later `rfi`.
        self.iipa_last = self.cr[Cr::Iipa as usize];
        let dcr = self.cr[Cr::Dcr as usize];
        // dcr.pp is bit 0, dcr.be bit 1 (SDM Vol 2 §3.3.4.1).
        let mut npsr = self.psr & PSR_KEPT;
        if dcr & 1 != 0 {
            npsr |= psrb::PP;
        }
        if dcr & 2 != 0 {
            npsr |= psrb::BE;
        }
        self.switch_bank(false);
        self.psr = npsr;
        self.one_shot_armed = false;
        self.ip = (self.cr[Cr::Iva as usize] & !0x7fff).wrapping_add(v.offset() as u64);
        self.slot = 0;
        self.stats.interruptions[v.number() as usize] += 1;
        self.attention = true;
        Flow::Jump
    }

    /// The bundle IIPA reports for an interruption of the instruction in the
    /// current slot (SDM Vol 2 §3.3.5.6): the last instruction that completed
    /// and had started with psr.ic = 1. For a trap that is the trapping
    /// instruction itself (unless it is the one that turned psr.ic on); for a
    /// fault or an interrupt before the instruction, the one before it: in
    /// this bundle if one completed here since `first_slot`, else `prev_ip`.
    fn last_executed(&self, trap: bool) -> u64 {
        let done = self.slot + u8::from(trap);
        if done > self.first_slot {
            self.ip
        } else {
            self.prev_ip
        }
    }

    /// Delivers the trap of a taken branch that was in slot `slot` of the
    /// bundle at `from`, with IP already at its target: the Lower-Privilege
    /// Transfer trap if `lp`, else the Taken Branch trap with psr.tb, else the
    /// Single Step trap (psr.ss). One interruption reports them all: ISR.code
    /// has a bit for each (§5.8). IIP is the target (slot 0), IIPA the
    /// branch's bundle (Vol 2 §3.3.5.6: "in the case of a branch related
    /// trap"), ISR.ei the branch's slot.
    #[cold]
    #[inline(never)]
    pub(crate) fn branch_trap(&mut self, from: u64, slot: u8, lp: bool) -> Flow {
        let tb = self.psr & psrb::TB != 0;
        let (v, mut code) = if lp {
            (Vector::LowerPrivilegeTransferTrap, trapcode::LP)
        } else if tb {
            (Vector::TakenBranchTrap, 0)
        } else {
            (Vector::SingleStepTrap, 0)
        };
        if tb {
            code |= trapcode::TB;
        }
        if self.psr & psrb::SS != 0 {
            code |= trapcode::SS;
        }
        // IIPA: the branch completed, so `last_executed` must answer `from`.
        self.prev_ip = from;
        self.first_slot = 0;
        self.slot = 0;
        self.deliver(
            v,
            Intr {
                isr: code | (slot as u64 & 3) << isrb::EI_SHIFT,
                ..Intr::default()
            },
        )
    }

    /// Raises a General Exception with `code` (see [`gex`]).
    #[cold]
    pub(crate) fn general(&mut self, code: u64) -> Flow {
        self.deliver(
            Vector::GeneralException,
            Intr {
                isr: code,
                ..Intr::default()
            },
        )
    }

    /// Raises an Illegal Operation fault.
    #[cold]
    pub(crate) fn illegal(&mut self) -> Flow {
        self.general(gex::ILLEGAL_OP)
    }

    /// Raises a Privileged Operation fault.
    #[cold]
    pub(crate) fn privileged(&mut self) -> Flow {
        self.general(gex::PRIV_OP)
    }

    /// Raises a Register NaT Consumption fault (SDM Vol 2 §5.8, vector 0x5600:
    /// isr.code{7:4} = 1 for a register NaT, plus the access kind bits and,
    /// for non-access instructions, code{3:0}).
    #[cold]
    pub(crate) fn nat_consumption(&mut self, kind: u64) -> Flow {
        self.deliver(
            Vector::NatConsumption,
            Intr {
                isr: ISR_REG_NAT | kind,
                ..Intr::default()
            },
        )
    }

    /// Executes `rfi` (SDM Vol 3 `rfi`): restores PSR, IP, slot and, if ifs.v, the
    /// interrupted frame.
    pub(crate) fn rfi(&mut self) -> Flow {
        let ipsr = self.cr[Cr::Ipsr as usize] & psrb::DEFINED;
        let ifs = self.cr[Cr::Ifs as usize];
        let ri = (ipsr >> psrb::RI_SHIFT) & 3;
        if ri == 3 {
            return self.illegal();
        }
        // IIPA (SDM Vol 2 §3.3.5.6): an `rfi` that starts with psr.ic = 0 (the
        // usual case) is not a "last successfully executed instruction", so the
        // first instruction it returns to still has IIPA's value as its
        // predecessor. One that starts with psr.ic = 1 is, and if it turns
        // psr.ic off IIPA keeps it.
        if self.psr & psrb::IC != 0 {
            self.iipa_last = self.ip;
            if ipsr & psrb::IC == 0 {
                self.cr[Cr::Iipa as usize] = self.ip;
            }
        } else {
            self.iipa_last = self.cr[Cr::Iipa as usize];
        }
        self.switch_bank(ipsr & psrb::BN != 0);
        self.psr = ipsr & !psrb::RI;
        self.one_shot_armed = self.psr & psrb::ONE_SHOT != 0;
        self.ip = self.cr[Cr::Iip as usize] & !0xf;
        self.slot = ri as u8;
        self.attention = true;
        if ifs >> 63 != 0 {
            self.rse_restore_ifm(ifs & ((1 << 38) - 1));
            if self.rse_complete_frame().is_err() {
                return Flow::Jump;
            }
        }
        Flow::Jump
    }

    /// Makes vector `vec` pending in IRR.
    pub(crate) fn pend(&mut self, vec: u8) {
        self.cr[Cr::Irr0 as usize + (vec >> 6) as usize] |= 1 << (vec & 63);
        self.attention = true;
    }

    fn irr(&self, vec: u8) -> bool {
        self.cr[Cr::Irr0 as usize + (vec >> 6) as usize] >> (vec & 63) & 1 != 0
    }

    /// Highest vector in service, if any.
    fn highest_in_service(&self) -> Option<u8> {
        (0..4usize).rev().find_map(|w| {
            let bits = self.in_service[w];
            (bits != 0).then(|| (w * 64 + 63 - bits.leading_zeros() as usize) as u8)
        })
    }

    /// The highest pending vector that TPR and the in-service vectors let through.
    pub(crate) fn deliverable_vector(&self) -> Option<u8> {
        let tpr = self.cr[Cr::Tpr as usize];
        if tpr >> 16 & 1 != 0 {
            return None;
        }
        let mic = (tpr >> 4 & 0xf) as u8;
        let floor = self.highest_in_service().map_or(0, |v| v >> 4);
        (16..=255u8).rev().find(|&v| self.irr(v)).filter(|&v| {
            let class = v >> 4;
            class > mic && (self.highest_in_service().is_none() || class > floor)
        })
    }

    /// Reads cr.ivr: acknowledges and returns the highest deliverable vector, or 15.
    pub(crate) fn read_ivr(&mut self) -> u64 {
        match self.deliverable_vector() {
            Some(v) => {
                self.cr[Cr::Irr0 as usize + (v >> 6) as usize] &= !(1 << (v & 63));
                self.in_service[(v >> 6) as usize] |= 1 << (v & 63);
                self.attention = true;
                v as u64
            }
            None => 15,
        }
    }

    /// Writes cr.eoi: retires the highest in-service vector.
    pub(crate) fn write_eoi(&mut self) {
        if let Some(v) = self.highest_in_service() {
            self.in_service[(v >> 6) as usize] &= !(1 << (v & 63));
        }
        self.attention = true;
    }

    /// End of an instruction group: advances ar.itc and fires the timer.
    #[inline(always)]
    pub(crate) fn group_end(&mut self) {
        self.stats.groups += 1;
        let itc = self.ar[44].wrapping_add(1);
        self.ar[44] = itc;
        if itc == self.tick_at {
            self.group_event(itc);
        }
    }

    /// The rest of [`Cpu::group_end`] when ar.itc reached `tick_at`: the
    /// timer match, the SSC periodic interrupt.
    #[cold]
    fn group_event(&mut self, itc: u64) {
        if itc == self.cr[Cr::Itm as usize] {
            self.timer_match();
        }
        if self.periodic != 0 {
            self.periodic_tick();
        }
        self.retime();
    }

    /// Recomputes `tick_at` after a write to cr.itm, ar.itc or the SSC
    /// periodic interrupt: with no periodic interrupt the next event is
    /// ar.itc reaching cr.itm; with one, every group end is looked at.
    pub(crate) fn retime(&mut self) {
        self.tick_at = if self.periodic != 0 {
            self.ar[44].wrapping_add(1)
        } else {
            self.cr[Cr::Itm as usize]
        };
    }

    #[cold]
    fn timer_match(&mut self) {
        let itv = self.cr[Cr::Itv as usize];
        if itv >> 16 & 1 == 0 {
            self.pend((itv & 0xff) as u8);
        }
    }

    #[cold]
    fn periodic_tick(&mut self) {
        self.periodic_left -= 1;
        if self.periodic_left == 0 {
            self.periodic_left = self.periodic;
            let v = self.ssc_vectors[self.periodic_type as usize & 15];
            self.pend(v);
        }
    }

    /// The slow path at an instruction boundary: delivers a Single Step trap
    /// (psr.ss, only `after` an instruction) or a deliverable external interrupt.
    /// `after`: the current slot has just completed, so the interruption names
    /// the next instruction. Returns [`Flow::Next`] if nothing was delivered.
    pub(crate) fn check_attention(&mut self, after: bool) -> Flow {
        if self.psr & psrb::ONE_SHOT != 0 {
            // psr.ia/id/da/dd/ed hold for the one instruction `rfi` returned
            // to (SDM Vol 2 Table 3-2): the check before it keeps them, the
            // first check after it (it completed, or it was a taken branch)
            // clears them.
            if self.one_shot_armed {
                self.one_shot_armed = false;
            } else {
                self.psr &= !psrb::ONE_SHOT;
            }
        }
        if !after {
            // At a bundle boundary (the loop's top, `fast::attend`), where a
            // pending code flush was made and IIPA's bookkeeping reset, only
            // single-stepping and the one-shot bits keep the flag up. Between
            // a bundle's instructions it stays up, so that the boundary check
            // after the bundle still comes: for the flush `fc`, `sync.i` or a
            // store to cached code asked for, or to count IIPA from slot 0
            // again after an `ssm` that turned psr.ic on (`first_slot`; the
            // fast path does not reset it per bundle).
            self.attention = self.psr & (psrb::SS | psrb::ONE_SHOT) != 0;
        }
        if after && self.psr & psrb::SS != 0 {
            return self.deliver(
                Vector::SingleStepTrap,
                Intr {
                    isr: trapcode::SS,
                    trap: true,
                    ..Intr::default()
                },
            );
        }
        if self.psr & psrb::I != 0 && self.deliverable_vector().is_some() {
            return self.deliver(
                Vector::ExternalInterrupt,
                Intr {
                    trap: after,
                    ..Intr::default()
                },
            );
        }
        Flow::Next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ivr_acknowledges_highest_and_eoi_retires() {
        let mut c = Cpu::new();
        c.pend(0x20);
        c.pend(0x41);
        assert_eq!(c.deliverable_vector(), Some(0x41));
        assert_eq!(c.read_ivr(), 0x41);
        // 0x20 is a lower class than the in-service 0x41: masked until EOI.
        assert_eq!(c.read_ivr(), 15);
        c.write_eoi();
        assert_eq!(c.read_ivr(), 0x20);
        c.write_eoi();
        assert_eq!(c.read_ivr(), 15);
    }

    #[test]
    fn tpr_masks_by_class() {
        let mut c = Cpu::new();
        c.pend(0x35);
        c.cr[Cr::Tpr as usize] = 0x30;
        assert_eq!(c.deliverable_vector(), None);
        c.cr[Cr::Tpr as usize] = 0x20;
        assert_eq!(c.deliverable_vector(), Some(0x35));
        c.cr[Cr::Tpr as usize] = 1 << 16;
        assert_eq!(c.deliverable_vector(), None);
    }

    #[test]
    fn delivery_writes_resources_and_new_psr() {
        let mut c = Cpu::new();
        c.psr = psrb::IC | psrb::DT | psrb::I | 2 << psrb::CPL_SHIFT | psrb::BN;
        c.cr[Cr::Iva as usize] = 0x10000 | 0x123; // low 15 bits ignored
        c.cr[Cr::Dcr as usize] = 2;
        c.ip = 0x4000;
        c.slot = 2;
        c.first_slot = 2;
        c.prev_ip = 0x3ff0;
        let f = c.deliver(
            Vector::BreakInstruction,
            Intr {
                iim: Some(0x55),
                ..Intr::default()
            },
        );
        assert_eq!(f, Flow::Jump);
        assert_eq!(c.ip, 0x10000 + 0x2c00);
        assert_eq!(c.psr, psrb::DT | psrb::BE);
        assert_eq!(c.cr[Cr::Iip as usize], 0x4000);
        assert_eq!(c.cr[Cr::Ipsr as usize] >> psrb::RI_SHIFT & 3, 2);
        assert_eq!(c.cr[Cr::Ipsr as usize] & psrb::BN, psrb::BN);
        assert_eq!(c.cr[Cr::Isr as usize] >> isrb::EI_SHIFT & 3, 2);
        assert_eq!(c.cr[Cr::Iim as usize], 0x55);
        assert_eq!(c.cr[Cr::Iipa as usize], 0x3ff0);
        assert_eq!(c.stats.interruptions_of(Vector::BreakInstruction), 1);
    }

    /// A branch trap names the branch (bundle in IIPA, slot in isr.ei) while
    /// IIP is the target, and isr.code has a bit per trap raised.
    #[test]
    fn branch_trap_names_the_branch() {
        let cases = [
            (psrb::TB, false, Vector::TakenBranchTrap, trapcode::TB),
            (psrb::SS, false, Vector::SingleStepTrap, trapcode::SS),
            (
                psrb::LP | psrb::TB | psrb::SS,
                true,
                Vector::LowerPrivilegeTransferTrap,
                trapcode::LP | trapcode::TB | trapcode::SS,
            ),
        ];
        for (bits, lp, v, code) in cases {
            let mut c = Cpu::new();
            c.psr = psrb::IC | bits;
            c.cr[Cr::Iva as usize] = 0x10000;
            // The run loop's view after the branch in slot 2 of 0x4000 went
            // to 0x8000: the bundle before the branch's was 0x3ff0.
            c.prev_ip = 0x3ff0;
            c.first_slot = 0;
            c.ip = 0x8000;
            c.slot = 0;
            assert_eq!(c.branch_trap(0x4000, 2, lp), Flow::Jump);
            assert_eq!(c.ip, 0x10000 + v.offset() as u64, "{v:?}");
            assert_eq!(c.cr[Cr::Iip as usize], 0x8000, "{v:?}");
            assert_eq!(c.cr[Cr::Ipsr as usize] >> psrb::RI_SHIFT & 3, 0, "{v:?}");
            assert_eq!(c.cr[Cr::Iipa as usize], 0x4000, "{v:?}");
            assert_eq!(c.cr[Cr::Isr as usize], 2 << isrb::EI_SHIFT | code, "{v:?}");
            assert_eq!(c.stats.interruptions_of(v), 1, "{v:?}");
        }
    }

    #[test]
    fn ic_zero_tlb_miss_is_nested_and_keeps_iip() {
        let mut c = Cpu::new();
        c.cr[Cr::Iip as usize] = 0x777;
        c.ip = 0x1000;
        c.deliver(
            Vector::DataTlb,
            Intr {
                isr: isrb::R,
                ifa: Some(5),
                ..Intr::default()
            },
        );
        assert_eq!(c.ip, Vector::DataNestedTlb.offset() as u64);
        assert_eq!(c.cr[Cr::Iip as usize], 0x777);
        assert_ne!(c.cr[Cr::Isr as usize] & isrb::NI, 0);
        assert_eq!(c.cr[Cr::Ifa as usize], 0, "ifa not written with psr.ic = 0");
    }

    #[test]
    fn register_nat_consumption_reports_code_0x10() {
        let mut c = Cpu::new();
        c.psr = psrb::IC;
        c.nat_consumption(isrb::R | isrb::NA | nacode::LFETCH);
        assert_eq!(c.ip, Vector::NatConsumption.offset() as u64);
        assert_eq!(
            c.cr[Cr::Isr as usize],
            isrb::R | isrb::NA | 0x10 | nacode::LFETCH,
            "code{{7:4}} = 1 (register NaT), code{{3:0}} = 4 (lfetch)"
        );
    }

    #[test]
    fn timer_fires_when_itc_reaches_itm() {
        let mut c = Cpu::new();
        c.cr[Cr::Itm as usize] = 3;
        c.cr[Cr::Itv as usize] = 0xef;
        c.retime();
        c.group_end();
        c.group_end();
        assert_eq!(c.deliverable_vector(), None);
        c.group_end();
        assert_eq!(c.deliverable_vector(), Some(0xef));
        let mut m = Cpu::new();
        m.cr[Cr::Itm as usize] = 1;
        m.cr[Cr::Itv as usize] = 0xef | 1 << 16;
        m.retime();
        m.group_end();
        assert_eq!(m.deliverable_vector(), None, "itv.m masks the timer");
    }

    /// The periodic interrupt and the timer share the group-end check:
    /// both fire where they are due, before and after ar.itc and cr.itm
    /// are written.
    #[test]
    fn periodic_interrupt_and_timer_fire_together() {
        let mut c = Cpu::new();
        c.ssc_vectors[1] = 0x40;
        c.periodic_type = 1;
        c.periodic = 3;
        c.periodic_left = 3;
        c.cr[Cr::Itv as usize] = 0xe0;
        c.cr[Cr::Itm as usize] = 5;
        c.retime();
        let mut fired = Vec::new();
        for k in 1..=7 {
            c.group_end();
            for v in [0x40u8, 0xe0] {
                if c.irr(v) {
                    fired.push((k, v));
                    c.cr[Cr::Irr0 as usize + (v >> 6) as usize] &= !(1 << (v & 63));
                }
            }
        }
        assert_eq!(fired, [(3, 0x40), (5, 0xe0), (6, 0x40)]);
        // ar.itc moved back below cr.itm: the timer fires again when reached,
        // with the periodic interrupt switched off.
        c.periodic = 0;
        c.ar[44] = 2;
        c.retime();
        for _ in 0..3 {
            c.group_end();
        }
        assert!(c.irr(0xe0));
        assert!(!c.irr(0x40));
    }
}
