//! Branches (SDM Vol 3 `br`, `brl`): conditional, call, return, counted loops
//! (`cloop`, `ctop`, `cexit`) and while loops (`wtop`, `wexit`) with register
//! rotation.
//!
//! Op fields: `imm` the absolute target of IP-relative forms (the predecode cache
//! is per bundle address, so the target is resolved once), `a` = b1, `b` = b2,
//! `c` the real qualifying predicate of `wtop`/`wexit` (they run with qp 0).

use super::Flow;
use crate::predecode::Op;
use crate::state::{psrb, Cpu};

/// ar.pfs, ar.lc, ar.ec.
const PFS: usize = 64;
const LC: usize = 65;
const EC: usize = 66;

#[inline(always)]
fn taken(c: &mut Cpu, target: u64) -> Flow {
    c.ip = target;
    c.slot = 0;
    Flow::Taken
}

/// `br.cond target` (and `br.few`/`brl`).
#[inline]
pub(crate) fn br(c: &mut Cpu, o: &Op) -> Flow {
    taken(c, o.imm)
}

/// `br.cond b2`.
pub(crate) fn br_ind(c: &mut Cpu, o: &Op) -> Flow {
    let t = c.br[o.b as usize & 7] & !0xf;
    taken(c, t)
}

#[inline(always)]
fn call(c: &mut Cpu, o: &Op, target: u64) -> Flow {
    c.br[o.a as usize & 7] = c.ip.wrapping_add(16);
    let pfs_rest = (c.ar[EC] & 0x3f) << 52 | (c.cpl() as u64) << 62;
    if c.sor | c.rrb_gr | c.rrb_fr | c.rrb_pr == 0 {
        // A caller without rotation (the common case): its CFM is just sof
        // and sol, and the callee's frame needs no rotation state cleared.
        let sol = c.sol;
        c.ar[PFS] = c.sof as u64 | (sol as u64) << 7 | pfs_rest;
        c.rse_call_unrotated(sol);
    } else {
        c.ar[PFS] = c.cfm() | pfs_rest;
        c.rse_call();
    }
    taken(c, target)
}

/// `br.call b1 = target` / `brl.call`.
#[inline]
pub(crate) fn br_call(c: &mut Cpu, o: &Op) -> Flow {
    call(c, o, o.imm)
}

/// `br.call b1 = b2`.
pub(crate) fn br_call_ind(c: &mut Cpu, o: &Op) -> Flow {
    let t = c.br[o.b as usize & 7] & !0xf;
    call(c, o, t)
}

/// `br.ret b2`: restores the caller's frame, ar.ec and (never raising) privilege.
#[inline]
pub(crate) fn br_ret(c: &mut Cpu, o: &Op) -> Flow {
    let target = c.br[o.b as usize & 7] & !0xf;
    let pfs = c.ar[PFS];
    c.ar[EC] = pfs >> 52 & 0x3f;
    if (pfs >> 62) as u8 > c.cpl() {
        return br_ret_demoting(c, o, target, pfs);
    }
    c.ip = target;
    c.slot = 0;
    if c.rse_return(pfs & PFM).is_err() {
        return c.raised();
    }
    Flow::Taken
}

/// The frame-marker bits of ar.pfs (pfs.pfm, SDM Vol 3 `br`).
const PFM: u64 = (1 << 38) - 1;

/// The rest of a `br.ret` (op `o`, IP still at its bundle) that lowers the
/// privilege to pfs.ppl, with the Lower-Privilege Transfer trap psr.lp asks
/// for: it names the branch (its bundle in IIPA, its slot in isr.ei) while
/// IIP is the target. Out of line, so the common return stays small. The
/// slot comes from the op: the fast path does not set psr.ri for `br.ret`.
#[cold]
#[inline(never)]
fn br_ret_demoting(c: &mut Cpu, o: &Op, target: u64, pfs: u64) -> Flow {
    let from = c.ip;
    c.ip = target;
    c.slot = 0;
    c.psr = (c.psr & !psrb::CPL) | (pfs >> 62) << psrb::CPL_SHIFT;
    // The fetch key and the data translation context follow psr.cpl.
    c.attention = true;
    if c.rse_return(pfs & PFM).is_err() {
        return c.raised();
    }
    if c.psr & psrb::LP != 0 {
        return c.branch_trap(from, o.slot, true);
    }
    Flow::Taken
}

/// `br.cloop`: counted loop on ar.lc.
#[inline]
pub(crate) fn br_cloop(c: &mut Cpu, o: &Op) -> Flow {
    let lc = c.ar[LC];
    if lc != 0 {
        c.ar[LC] = lc - 1;
        return taken(c, o.imm);
    }
    Flow::Next
}

/// Rotates the registers one step: rrb.gr, rrb.fr, rrb.pr decrement (modulo the
/// rotating region), after p63 was written (SDM Vol 3 `br`, `rotate_regs`).
fn rotate(c: &mut Cpu) {
    if c.sor != 0 {
        c.rrb_gr = if c.rrb_gr == 0 {
            c.sor - 1
        } else {
            c.rrb_gr - 1
        };
        c.remap();
    }
    c.rrb_fr = if c.rrb_fr == 0 { 95 } else { c.rrb_fr - 1 };
    let pr = if c.rrb_pr == 0 { 47 } else { c.rrb_pr - 1 };
    c.set_rrb_pr(pr);
}

/// `br.ctop` (`b` = 0) and `br.cexit` (`b` = 1): modulo-scheduled counted loops;
/// the kernel runs while ar.lc is non-zero.
pub(crate) fn br_ctop(c: &mut Cpu, o: &Op) -> Flow {
    let lc = c.ar[LC];
    let kernel = lc != 0;
    if kernel {
        c.ar[LC] = lc - 1;
    }
    modulo_loop(c, o, kernel, true)
}

/// `br.wtop` (`b` = 0) and `br.wexit` (`b` = 1): modulo-scheduled while loops;
/// the qualifying predicate (in `c`) is the loop condition.
pub(crate) fn br_wtop(c: &mut Cpu, o: &Op) -> Flow {
    let kernel = c.p(o.c);
    modulo_loop(c, o, kernel, false)
}

/// The rest of a modulo-scheduled loop branch (SDM Vol 3 `br`, ctop/cexit and
/// wtop/wexit): a kernel iteration writes `stage` to p63 and rotates; after it
/// the epilogue drains ar.ec, rotating with p63 = 0. `top` (`b` = 0) branches
/// while the loop continues, `exit` (`b` = 1) when it ends.
#[inline]
fn modulo_loop(c: &mut Cpu, o: &Op, kernel: bool, stage: bool) -> Flow {
    let ec = c.ar[EC] & 0x3f;
    let cont = if kernel {
        c.set_p(63, stage);
        rotate(c);
        true
    } else if ec != 0 {
        c.ar[EC] = ec - 1;
        c.set_p(63, false);
        rotate(c);
        ec > 1
    } else {
        c.set_p(63, false);
        false
    };
    if cont == (o.b == 0) {
        taken(c, o.imm)
    } else {
        Flow::Next
    }
}

/// `br.ia`: a switch to the IA-32 instruction set, which ia64pv does not model.
pub(crate) fn br_ia(c: &mut Cpu, _o: &Op) -> Flow {
    c.exit = Some(crate::Exit::Unimplemented {
        ip: c.ip,
        what: "br.ia (IA-32 instruction set)".to_string(),
    });
    Flow::Stop
}
