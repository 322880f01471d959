//! System and register-move instructions (SDM Vol 3 `mov` to/from AR, CR, PSR,
//! PR, BR, IP and the indirect register files; `alloc`, `sum`/`rum`/`ssm`/`rsm`,
//! `cover`, `clrrrb`, `flushrs`, `loadrs`, `rfi`, `bsw`, `epc`, `break`, `fc`,
//! `sync.i`, TLB management, `thash`/`ttag`/`tpa`/`tak`, `probe`).
//!
//! Op fields, by instruction: `r1`/`r2`/`r3` GRs; `a` the AR/CR/BR number or the
//! indirect file ([`mod@file`]); `b` a sub-kind; `imm` immediates and masks.

use super::{Flow, Raised};
use crate::interrupt::{gex, isrb, nacode, Intr};
use crate::mmu::Access;
use crate::predecode::Op;
use crate::rse::{AR_BSP, AR_BSPSTORE, AR_RNAT, AR_RSC};
use crate::state::{psrb, Cpu};
use ia64::regs::{ArKind, Cr};
use ia64::vector::Vector;

/// SSC break immediates (Ski sheet, "Simulator system calls").
const SSC_IMM: [u64; 2] = [0x80000, 0x80001];

/// ar.itc.
const AR_ITC: usize = 44;

/// `break` in any unit (`a` = 1 in a B slot): Ski's halt (imm 0), a simulator
/// system call (0x80000, 0x80001), or a Break Instruction fault.
pub(crate) fn brk(c: &mut Cpu, o: &Op) -> Flow {
    if o.imm == 0 {
        c.exit = Some(crate::Exit::Halted { ip: c.ip });
        return Flow::Stop;
    }
    if SSC_IMM.contains(&o.imm) {
        return c.ssc();
    }
    // Ski delivers iim = 0 for a break in a B slot (Ski sheet); break.x gives
    // the low 21 bits of its immediate, like the other units (SDM Vol 3 `break`).
    let iim = if o.a == 1 { 0 } else { o.imm & 0x1f_ffff };
    c.deliver(
        Vector::BreakInstruction,
        Intr {
            iim: Some(iim),
            ..Intr::default()
        },
    )
}

/// Which unit a `mov` to/from an AR ran on (`b`).
pub(crate) mod unit {
    pub const M: u8 = 0;
    pub const I: u8 = 1;
}

/// Whether AR `n` may be accessed from `unit` and exists (neither reserved nor
/// out of range). Both are fixed by the encoding, so the predecoder checks
/// once and makes a failing access an Illegal Operation op.
pub(crate) fn ar_valid(n: u8, u: u8) -> bool {
    let ok_unit = match n {
        0..=47 => u == unit::M,
        64..=111 => u == unit::I,
        _ => true,
    };
    ok_unit && !matches!(ArKind::of(n), Some(ArKind::Reserved) | None)
}

/// Whether AR `n` is an ignored number (reads 0, writes dropped).
#[inline]
fn ar_ignored(n: u8) -> bool {
    matches!(ArKind::of(n), Some(ArKind::Ignored))
}

fn priv_reg(c: &mut Cpu) -> Flow {
    c.general(gex::PRIV_REG)
}

fn reserved_field(c: &mut Cpu) -> Flow {
    c.general(gex::RESERVED_REG)
}

/// Writes AR `n` with value `v` after the unit/NaT checks.
fn write_ar(c: &mut Cpu, n: u8, v: u64) -> Flow {
    if ar_ignored(n) {
        return Flow::Next;
    }
    let cpl = c.cpl();
    match n as usize {
        0..=7 if cpl != 0 => return priv_reg(c),
        AR_BSP => return c.illegal(),
        AR_RSC => {
            // rsc: mode 1:0, pl 3:2, be 4, loadrs 29:16 (SDM Vol 2 §6.2.1).
            if v & !(0x1f | 0x3fff << 16) != 0 {
                return reserved_field(c);
            }
            let pl = ((v >> 2 & 3) as u8).max(cpl);
            c.ar[AR_RSC] = (v & !0xc) | (pl as u64) << 2;
            return Flow::Next;
        }
        AR_BSPSTORE => {
            if c.ar[AR_RSC] & 3 != 0 {
                return c.illegal();
            }
            c.rse_write_bspstore(v);
            return Flow::Next;
        }
        AR_RNAT => {
            if c.ar[AR_RSC] & 3 != 0 {
                return c.illegal();
            }
            // Bit 63 of ar.rnat is ignored on write (it would map a collection slot).
            c.ar[AR_RNAT] = v & !(1 << 63);
            return Flow::Next;
        }
        AR_ITC if cpl != 0 => return priv_reg(c),
        66 => {
            c.ar[66] = v & 0x3f;
            return Flow::Next;
        }
        64 if v & !PFS_DEFINED != 0 => return reserved_field(c),
        _ => {}
    }
    c.ar[n as usize] = v;
    if n as usize == AR_ITC {
        c.retime();
    }
    Flow::Next
}

/// The defined fields of ar.pfs: pfm 37:0, pec 57:52, ppl 63:62; the rest is
/// reserved.
const PFS_DEFINED: u64 = ((1 << 38) - 1) | 0x3f << 52 | 3 << 62;

/// `mov ar3 = r2` (an AR [`ar_valid`] accepted for the unit).
pub(crate) fn mov_to_ar(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r2);
    if n {
        return c.nat_consumption(0);
    }
    write_ar(c, o.a, v)
}

/// `mov ar.pfs = r2`: [`mov_to_ar`] for the register every function epilogue
/// writes.
#[inline]
pub(crate) fn mov_to_pfs(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r2);
    // (psr.ri is set here, where the fault is raised, rather than before:
    // the fast path leaves it to this handler.)
    if n {
        c.slot = o.slot;
        return c.nat_consumption(0);
    }
    if v & !PFS_DEFINED != 0 {
        c.slot = o.slot;
        return reserved_field(c);
    }
    c.ar[64] = v;
    Flow::Next
}

/// `mov ar3 = imm8` (an AR [`ar_valid`] accepted for the unit).
pub(crate) fn mov_to_ar_imm(c: &mut Cpu, o: &Op) -> Flow {
    write_ar(c, o.a, o.imm)
}

/// `mov r1 = ar3` (an AR [`ar_valid`] accepted for the unit).
pub(crate) fn mov_from_ar(c: &mut Cpu, o: &Op) -> Flow {
    let n = o.a as usize;
    let v = if ar_ignored(o.a) {
        0
    } else {
        if n == AR_ITC && c.psr & psrb::SI != 0 && c.cpl() != 0 {
            return priv_reg(c);
        }
        c.ar[n]
    };
    c.w(o.r1, v, false);
    Flow::Next
}

/// Whether CR `n` exists (SDM Vol 2 §3.3, Table 3-3). Fixed by the encoding,
/// so the predecoder checks once and makes a `mov` naming a missing CR an
/// Illegal Operation op.
pub(crate) fn cr_exists(n: u8) -> bool {
    Cr::try_from(n).is_ok()
}

/// CR numbers the moves treat specially.
mod crn {
    use ia64::regs::Cr;
    pub const DCR: u8 = Cr::Dcr as u8;
    pub const ITM: u8 = Cr::Itm as u8;
    pub const IVA: u8 = Cr::Iva as u8;
    pub const PTA: u8 = Cr::Pta as u8;
    pub const IVR: u8 = Cr::Ivr as u8;
    pub const TPR: u8 = Cr::Tpr as u8;
    pub const EOI: u8 = Cr::Eoi as u8;
    pub const IRR0: u8 = Cr::Irr0 as u8;
    pub const IRR3: u8 = Cr::Irr3 as u8;
    pub const ITV: u8 = Cr::Itv as u8;
    pub const IIPA: u8 = Cr::Iipa as u8;
}

/// The interruption CRs (ipsr .. iha and the reserved numbers up to 27),
/// which `mov` reaches only with psr.ic = 0 (SDM Vol 2 §3.3.5).
pub(crate) const INTERRUPTION_CRS: std::ops::RangeInclusive<u8> = 16..=27;

/// The run-time checks of `mov` to/from an existing CR: the interruption CRs
/// only with psr.ic = 0 (checked first, as Ski and the SDM do), then
/// privilege.
#[inline(always)]
fn cr_check(c: &mut Cpu, n: u8) -> Result<(), Raised> {
    if INTERRUPTION_CRS.contains(&n) && c.psr & psrb::IC != 0 {
        c.illegal();
        return Err(Raised);
    }
    if c.cpl() != 0 {
        c.privileged();
        return Err(Raised);
    }
    Ok(())
}

/// `mov cr3 = r2` (a CR [`cr_exists`] accepted).
pub(crate) fn mov_to_cr(c: &mut Cpu, o: &Op) -> Flow {
    if cr_check(c, o.a).is_err() {
        return c.raised();
    }
    let (v, n) = c.rn(o.r2);
    if n {
        return c.nat_consumption(0);
    }
    match o.a {
        crn::IVR | crn::IRR0..=crn::IRR3 => return c.illegal(),
        crn::EOI => {
            c.write_eoi();
            return Flow::Next;
        }
        crn::IVA => c.cr[o.a as usize] = v & !0x7fff,
        crn::TPR | crn::ITV | crn::ITM => {
            c.cr[o.a as usize] = v;
            c.retime();
            c.attention = true;
        }
        crn::PTA | crn::DCR => {
            c.cr[o.a as usize] = v;
            c.flush_code = true;
            c.attention = true;
        }
        _ => c.cr[o.a as usize & 127] = v,
    }
    Flow::Next
}

/// [`mov_to_cr`] of an interruption CR ([`INTERRUPTION_CRS`], chosen by the
/// predecoder): none of them has side effects, so after the checks this is
/// a plain write (the handlers of every interruption make several).
pub(crate) fn mov_to_icr(c: &mut Cpu, o: &Op) -> Flow {
    if c.psr & psrb::IC != 0 {
        return c.illegal();
    }
    if c.cpl() != 0 {
        return c.privileged();
    }
    let (v, n) = c.rn(o.r2);
    if n {
        return c.nat_consumption(0);
    }
    c.cr[o.a as usize & 127] = v;
    Flow::Next
}

/// [`mov_from_cr`] of an interruption CR ([`INTERRUPTION_CRS`]).
pub(crate) fn mov_from_icr(c: &mut Cpu, o: &Op) -> Flow {
    if c.psr & psrb::IC != 0 {
        return c.illegal();
    }
    if c.cpl() != 0 {
        return c.privileged();
    }
    let v = c.cr[o.a as usize & 127];
    c.w(o.r1, v, false);
    Flow::Next
}

/// `mov r1 = cr3` (a CR [`cr_exists`] accepted).
pub(crate) fn mov_from_cr(c: &mut Cpu, o: &Op) -> Flow {
    if cr_check(c, o.a).is_err() {
        return c.raised();
    }
    let v = match o.a {
        crn::IVR => c.read_ivr(),
        crn::EOI => 0,
        _ => c.cr[o.a as usize & 127],
    };
    c.w(o.r1, v, false);
    Flow::Next
}

/// psr.um: be, up, ac, mfl, mfh (bits 5:1; bit 0 is reserved).
const UM: u64 = 0x3e;
/// The PSR bits `ssm`/`rsm` and `mov psr.l` may name: defined bits of 31:0.
const PSR_L: u64 = psrb::DEFINED & 0xffff_ffff;

/// After a PSR change: things that depend on it are re-checked.
fn psr_changed(c: &mut Cpu, old: u64) {
    let d = old ^ c.psr;
    if d & psrb::IC != 0 {
        ic_changed(c, old);
    }
    if d & (psrb::I | psrb::SS) != 0 || c.psr & psrb::SS != 0 {
        c.attention = true;
    }
    if d & (psrb::IT | psrb::PK | psrb::CPL) != 0 {
        c.attention = true;
    }
}

/// IIPA across an `ssm`/`rsm`/`mov psr.l` that changed psr.ic (SDM Vol 2
/// §3.3.5.6): only instructions that start with psr.ic = 1 become the "last
/// successfully executed instruction". Turning it off, this instruction was
/// one (it started with ic = 1), and IIPA keeps it (the SDM leaves IIPA
/// undefined after an explicit clear; this is the value a continuously
/// updated IIPA would hold). Turning it on, this one was not: until the next
/// instruction completes, the last one is still the one IIPA holds.
#[cold]
fn ic_changed(c: &mut Cpu, old: u64) {
    if old & psrb::IC != 0 {
        c.cr[crn::IIPA as usize] = c.ip;
    } else {
        c.prev_ip = c.cr[crn::IIPA as usize];
        c.first_slot = c.slot + 1;
        // The next bundle must count from slot 0 again, which the run loop's
        // boundary check sees to (`check_attention`). `ssm` is an M-unit
        // instruction, never in slot 2, so a bundle boundary always follows it
        // inside the fast path's loop, where `attend` resets `first_slot`.
        c.attention = true;
    }
}

/// `sum imm24` (`b` = 0), `rum` (1), `ssm` (2), `rsm` (3).
pub(crate) fn psr_mask(c: &mut Cpu, o: &Op) -> Flow {
    let system = o.b >= 2;
    if system && c.cpl() != 0 {
        return c.privileged();
    }
    let allowed = if system { PSR_L & 0xff_ffff } else { UM };
    if o.imm & !allowed != 0 {
        return reserved_field(c);
    }
    let old = c.psr;
    if o.b & 1 == 0 {
        c.psr |= o.imm;
    } else {
        c.psr &= !o.imm;
    }
    psr_changed(c, old);
    Flow::Next
}

/// `mov psr.l = r2`.
pub(crate) fn mov_to_psr_l(c: &mut Cpu, o: &Op) -> Flow {
    if c.cpl() != 0 {
        return c.privileged();
    }
    let (v, n) = c.rn(o.r2);
    if n {
        return c.nat_consumption(0);
    }
    if v & 0xffff_ffff & !PSR_L != 0 {
        return reserved_field(c);
    }
    let old = c.psr;
    c.psr = (c.psr & !0xffff_ffff) | (v & 0xffff_ffff);
    psr_changed(c, old);
    Flow::Next
}

/// `mov psr.um = r2`.
pub(crate) fn mov_to_psr_um(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r2);
    if n {
        return c.nat_consumption(0);
    }
    if v & 0x3f & !UM != 0 {
        return reserved_field(c);
    }
    c.psr = (c.psr & !UM) | (v & UM);
    Flow::Next
}

/// `mov r1 = psr` (`b` = 0: bits 36:35 and 31:0) or `mov r1 = psr.um` (`b` = 1).
pub(crate) fn mov_from_psr(c: &mut Cpu, o: &Op) -> Flow {
    let v = if o.b == 1 {
        c.psr & UM
    } else {
        if c.cpl() != 0 {
            return c.privileged();
        }
        c.psr & (0x3 << 35 | 0xffff_ffff)
    };
    c.w(o.r1, v, false);
    Flow::Next
}

/// `mov pr = r2, mask17` (mask in `imm`, bit n for pn).
pub(crate) fn mov_to_pr(c: &mut Cpu, o: &Op) -> Flow {
    let v = c.r(o.r2);
    c.pr = (c.pr & !o.imm) | (v & o.imm) | 1;
    Flow::Next
}

/// `mov pr.rot = imm44` (value already shifted to bit 16).
pub(crate) fn mov_to_pr_rot(c: &mut Cpu, o: &Op) -> Flow {
    c.pr = (c.pr & 0xffff) | (o.imm & !0xffff);
    Flow::Next
}

/// `mov r1 = pr`.
pub(crate) fn mov_from_pr(c: &mut Cpu, o: &Op) -> Flow {
    let v = c.pr;
    c.w(o.r1, v, false);
    Flow::Next
}

/// `mov r1 = ip`.
pub(crate) fn mov_from_ip(c: &mut Cpu, o: &Op) -> Flow {
    let v = c.ip;
    c.w(o.r1, v, false);
    Flow::Next
}

/// `mov b1 = r2` (all tag/hint forms).
pub(crate) fn mov_to_br(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r2);
    if n {
        return c.nat_consumption(0);
    }
    c.br[o.a as usize & 7] = v;
    Flow::Next
}

/// `mov r1 = b2`.
pub(crate) fn mov_from_br(c: &mut Cpu, o: &Op) -> Flow {
    let v = c.br[o.a as usize & 7];
    c.w(o.r1, v, false);
    Flow::Next
}

/// Whether the frame `alloc r1 = ar.pfs, i, l, o, r` asks for is one the
/// register stack can hold (SDM Vol 3 `alloc`: sof ≤ 96, sol and sor within
/// sof, r1 inside the new frame). Fixed by the encoding, so the predecoder
/// checks once and makes a failing `alloc` an Illegal Operation op.
pub(crate) fn alloc_valid(r1: u8, sof: u8, sol: u8, sor: u8) -> bool {
    sof <= 96 && sol <= sof && sor <= sof && (r1 as usize) < 32 + sof as usize
}

/// `alloc r1 = ar.pfs, i, l, o, r` ([`alloc_valid`] accepted): sof in `a`, sol
/// in `b`, sor in `c`.
#[inline]
pub(crate) fn alloc(c: &mut Cpu, o: &Op) -> Flow {
    let (sof, sol) = (o.a as usize, o.b as usize);
    if o.c as usize == c.sor {
        // The rotating region keeps its size (the common case): nothing to check
        // about the rotation bases and no map to rebuild, so this path stays free
        // of the register saves the general one needs.
        if !c.rse_has_room(sof) {
            // Spills may fault: psr.ri is set here, the fast path leaves it
            // to this handler.
            c.slot = o.slot;
            if c.rse_make_room(sof).is_err() {
                return c.raised();
            }
        }
        let pfs = c.ar[64];
        c.sof = sof;
        c.sol = sol;
        c.w(o.r1, pfs, false);
        return Flow::Next;
    }
    alloc_resize(c, o)
}

/// [`alloc`] changing the size of the rotating region, which is a Reserved
/// Register/Field fault while any rotation base is not 0 (SDM Vol 3 `alloc`).
#[inline(never)]
fn alloc_resize(c: &mut Cpu, o: &Op) -> Flow {
    c.slot = o.slot;
    let (sof, sol, sor) = (o.a as usize, o.b as usize, o.c as usize);
    if (c.rrb_gr | c.rrb_fr | c.rrb_pr) != 0 {
        return reserved_field(c);
    }
    if c.rse_make_room(sof).is_err() {
        return c.raised();
    }
    let pfs = c.ar[64];
    c.sof = sof;
    c.sol = sol;
    c.sor = sor;
    c.remap();
    c.w(o.r1, pfs, false);
    Flow::Next
}

/// `cover`.
pub(crate) fn cover(c: &mut Cpu, _o: &Op) -> Flow {
    c.rse_cover();
    Flow::Next
}

/// `clrrrb` (`b` = 0) and `clrrrb.pr` (`b` = 1).
pub(crate) fn clrrrb(c: &mut Cpu, o: &Op) -> Flow {
    if o.b == 0 {
        c.rrb_gr = 0;
        c.rrb_fr = 0;
        c.remap();
    }
    c.set_rrb_pr(0);
    Flow::Next
}

/// `flushrs`.
pub(crate) fn flushrs(c: &mut Cpu, _o: &Op) -> Flow {
    if c.rse_flush().is_err() {
        return c.raised();
    }
    Flow::Next
}

/// `loadrs`.
pub(crate) fn loadrs(c: &mut Cpu, _o: &Op) -> Flow {
    // SDM Vol 3 `loadrs`: a non-zero rsc.loadrs with a non-empty frame is illegal.
    if c.ar[AR_RSC] >> 16 & 0x3fff != 0 && c.sof != 0 {
        return c.illegal();
    }
    if c.rse_loadrs().is_err() {
        return c.raised();
    }
    Flow::Next
}

/// `rfi`.
pub(crate) fn rfi(c: &mut Cpu, _o: &Op) -> Flow {
    if c.cpl() != 0 {
        return c.privileged();
    }
    c.rfi()
}

/// `bsw.0` (`b` = 0) / `bsw.1` (`b` = 1).
pub(crate) fn bsw(c: &mut Cpu, o: &Op) -> Flow {
    if c.cpl() != 0 {
        return c.privileged();
    }
    c.switch_bank(o.b == 1);
    Flow::Next
}

/// `epc` (SDM Vol 3 `epc`): with instruction translation off, promotes to
/// privilege 0; with it on, to the level of the execute-only page holding the
/// `epc` if that is more privileged (the MMU knows the ITLB entry).
pub(crate) fn epc(c: &mut Cpu, _o: &Op) -> Flow {
    let ppl = (c.ar[64] >> 62) as u8;
    if ppl < c.cpl() {
        return c.illegal();
    }
    let new = if c.psr & psrb::IT == 0 {
        Some(0)
    } else {
        let cx = c.mmu_ctx();
        c.mmu.epc_promotion(&cx, c.ip)
    };
    if let Some(pl) = new {
        c.psr = (c.psr & !psrb::CPL) | (pl as u64) << psrb::CPL_SHIFT;
        c.attention = true;
    }
    Flow::Next
}

/// `fc`, `fc.i`, `sync.i`: the predecode cache is dropped before the next fetch.
pub(crate) fn code_sync(c: &mut Cpu, o: &Op) -> Flow {
    if o.b == 1 && c.natr(o.r3) {
        return c.nat_consumption(0);
    }
    c.flush_code = true;
    c.attention = true;
    Flow::Next
}

/// Indirect register files (`a` of the `mov` forms).
pub(crate) mod file {
    pub const RR: u8 = 0;
    pub const PKR: u8 = 1;
    pub const DBR: u8 = 2;
    pub const IBR: u8 = 3;
    pub const PMC: u8 = 4;
    pub const PMD: u8 = 5;
    pub const MSR: u8 = 6;
    pub const CPUID: u8 = 7;
}

/// CPUID registers (SDM Vol 2 §3.1.11): vendor "ia64pv" in 0–1, 3 = version
/// (number of the last register 4, family 0x20, model/revision/archrev 0), 4 = no
/// optional features.
fn cpuid(n: u64) -> Option<u64> {
    let vendor = *b"ia64pv\0\0\0\0\0\0\0\0\0\0";
    match n {
        0 => Some(u64::from_le_bytes(vendor[..8].try_into().unwrap_or([0; 8]))),
        1 => Some(u64::from_le_bytes(vendor[8..].try_into().unwrap_or([0; 8]))),
        2 | 4 => Some(0),
        3 => Some(4 | 0x20 << 24),
        _ => None,
    }
}

/// `mov file[r3] = r2`.
pub(crate) fn mov_to_ind(c: &mut Cpu, o: &Op) -> Flow {
    if c.cpl() != 0 {
        return c.privileged();
    }
    let (idx, ni) = c.rn(o.r3);
    let (v, nv) = c.rn(o.r2);
    if ni || nv {
        return c.nat_consumption(0);
    }
    match o.a {
        file::RR => {
            // rr: ve 0, ps 7:2, rid 31:8; bit 1 and 63:32 reserved (SDM Vol 2 §4.1.2).
            // Page sizes 4K..4G as Itanium 2 implements them (SDM Vol 2 §4.1.1.5).
            let ps = v >> 2 & 0x3f;
            if v & !(1 | 0xfc | 0xff_ffff << 8) != 0
                || !matches!(
                    ps,
                    12 | 13 | 14 | 16 | 18 | 20 | 22 | 24 | 26 | 28 | 30 | 32
                )
            {
                return reserved_field(c);
            }
            c.rr[(idx >> 61) as usize] = v;
            c.utlb_flush();
            c.flush_code = true;
            c.attention = true;
        }
        file::PKR => {
            c.mmu.set_pkr((idx & 0xff) as u8, v);
            c.flush_code = true;
            c.attention = true;
        }
        file::DBR => c.dbr[(idx & 15) as usize] = v,
        file::IBR => c.ibr[(idx & 15) as usize] = v,
        file::PMC => c.pmc[(idx & 31) as usize] = v,
        file::PMD => c.pmd[(idx & 31) as usize] = v,
        _ => {}
    }
    Flow::Next
}

/// `mov r1 = file[r3]`.
pub(crate) fn mov_from_ind(c: &mut Cpu, o: &Op) -> Flow {
    let (idx, ni) = c.rn(o.r3);
    if ni {
        return c.nat_consumption(0);
    }
    if o.a != file::CPUID && o.a != file::PMD && c.cpl() != 0 {
        return c.privileged();
    }
    let v = match o.a {
        file::RR => c.rr[(idx >> 61) as usize],
        file::PKR => c.mmu.pkr((idx & 0xff) as u8),
        file::DBR => c.dbr[(idx & 15) as usize],
        file::IBR => c.ibr[(idx & 15) as usize],
        file::PMC => c.pmc[(idx & 31) as usize],
        file::PMD => {
            // Performance monitors read 0 at PL > 0 when psr.sp is set (SDM Vol 2 §7.2.1).
            if c.cpl() != 0 && c.psr & psrb::SP != 0 {
                0
            } else {
                c.pmd[(idx & 31) as usize]
            }
        }
        file::MSR => 0,
        _ => match cpuid(idx) {
            Some(v) => v,
            None => return reserved_field(c),
        },
    };
    c.w(o.r1, v, false);
    Flow::Next
}

/// Delivers an MMU fault from a TLB-management instruction; a machine check (an
/// overlapping TR insert or TC purge) goes to firmware, which ia64pv does not
/// model, so the run stops.
fn mmu_fault(c: &mut Cpu, f: crate::mmu::MmuFault) -> Flow {
    if f.is_machine_check() {
        return machine_check(c);
    }
    c.deliver(f.vector, Intr::of_mmu(&f))
}

/// TLB insertion kinds (`b`): `itc.d`, `itc.i`, `itr.d`, `itr.i`.
pub(crate) mod tlb {
    pub const ITC_D: u8 = 0;
    pub const ITC_I: u8 = 1;
    pub const ITR_D: u8 = 2;
    pub const ITR_I: u8 = 3;
}

/// `itc.d/.i r2`, `itr.d/.i dtr[r3] = r2`: insert with cr.ifa and cr.itir; psr.ic
/// must be 0 (SDM Vol 3 `itc`).
pub(crate) fn tlb_insert(c: &mut Cpu, o: &Op) -> Flow {
    if c.cpl() != 0 {
        return c.privileged();
    }
    if c.psr & psrb::IC != 0 {
        return c.illegal();
    }
    let (pte, np) = c.rn(o.r2);
    let (slot, ns) = if o.b >= tlb::ITR_D {
        c.rn(o.r3)
    } else {
        (0, false)
    };
    if np || ns {
        return c.nat_consumption(0);
    }
    let cx = c.mmu_ctx();
    let ifa = c.cr[Cr::Ifa as usize];
    let itir = c.cr[Cr::Itir as usize];
    let instr = o.b & 1 == 1;
    let r = if o.b >= tlb::ITR_D {
        c.mmu.itr(&cx, instr, slot, ifa, itir, pte)
    } else {
        c.mmu.itc(&cx, instr, ifa, itir, pte)
    };
    c.flush_code = true;
    c.attention = true;
    match r {
        Ok(()) => Flow::Next,
        Err(f) => mmu_fault(c, f),
    }
}

/// Purge kinds (`b`): `ptc.l`, `ptc.g`, `ptc.ga`, `ptr.d`, `ptr.i`, `ptc.e`.
pub(crate) mod purge {
    pub const PTC_L: u8 = 0;
    pub const PTC_G: u8 = 1;
    pub const PTC_GA: u8 = 2;
    pub const PTR_D: u8 = 3;
    pub const PTR_I: u8 = 4;
    pub const PTC_E: u8 = 5;
}

/// `ptc.l/.g/.ga r3, r2`, `ptr.d/.i r3, r2`, `ptc.e r3`.
pub(crate) fn tlb_purge(c: &mut Cpu, o: &Op) -> Flow {
    if c.cpl() != 0 {
        return c.privileged();
    }
    let (va, nv) = c.rn(o.r3);
    let (ps, np) = if o.b == purge::PTC_E {
        (0, false)
    } else {
        c.rn(o.r2)
    };
    if nv || np {
        return c.nat_consumption(0);
    }
    let ps = ps >> 2 & 0x3f;
    let cx = c.mmu_ctx();
    match o.b {
        purge::PTC_L => c.mmu.ptc_l(&cx, va, ps),
        purge::PTC_G | purge::PTC_GA => c.mmu.ptc_g(&cx, va, ps),
        purge::PTR_D => c.mmu.ptr(&cx, false, va, ps),
        purge::PTR_I => c.mmu.ptr(&cx, true, va, ps),
        _ => c.mmu.ptc_e(va),
    }
    c.flush_code = true;
    c.attention = true;
    if c.mmu.take_machine_check().is_some() {
        return machine_check(c);
    }
    Flow::Next
}

#[cold]
fn machine_check(c: &mut Cpu) -> Flow {
    c.exit = Some(crate::Exit::Unimplemented {
        ip: c.ip,
        what: "machine check (overlapping translation register insert or purge)".to_string(),
    });
    Flow::Stop
}

/// Translation queries (`b`): `thash`, `ttag`, `tpa`, `tak`.
pub(crate) mod query {
    pub const THASH: u8 = 0;
    pub const TTAG: u8 = 1;
    pub const TPA: u8 = 2;
    pub const TAK: u8 = 3;
}

/// `thash`, `ttag`, `tpa`, `tak r1 = r3`.
pub(crate) fn tlb_query(c: &mut Cpu, o: &Op) -> Flow {
    let (va, nv) = c.rn(o.r3);
    if matches!(o.b, query::TPA | query::TAK) && c.cpl() != 0 {
        return c.privileged();
    }
    if nv {
        if matches!(o.b, query::THASH | query::TTAG) {
            c.w(o.r1, 0, true);
            return Flow::Next;
        }
        return c.nat_consumption(isrb::NA);
    }
    let cx = c.mmu_ctx();
    let v = match o.b {
        query::THASH => c.mmu.thash(&cx, va),
        query::TTAG => c.mmu.ttag(&cx, va),
        query::TPA => match c.mmu.tpa(&cx, &mut c.mem, va) {
            Ok(pa) => pa,
            Err(f) => {
                let mut f = f;
                f.isr |= isrb::NA;
                return mmu_fault(c, f);
            }
        },
        _ => c.mmu.tak(&cx, va),
    };
    c.w(o.r1, v, false);
    Flow::Next
}

/// `probe.r/.w r1 = r3, r2|imm2` (`b`: bit 0 write, bit 1 immediate level,
/// bit 2 `.fault` form with `.rw` in bit 3).
pub(crate) fn probe(c: &mut Cpu, o: &Op) -> Flow {
    let (va, nv) = c.rn(o.r3);
    let (pl, np) = if o.b & 2 != 0 {
        (o.imm, false)
    } else {
        c.rn(o.r2)
    };
    if nv || np {
        if o.b & 4 == 0 {
            c.w(o.r1, 0, true);
            return Flow::Next;
        }
        return c.nat_consumption(isrb::NA | nacode::PROBE_FAULT);
    }
    let pl = ((pl & 3) as u8).max(c.cpl());
    let acc = match (o.b & 1 != 0, o.b & 8 != 0) {
        (_, true) => Access::ReadWrite,
        (true, false) => Access::Write,
        (false, false) => Access::Read,
    };
    if c.psr & psrb::DT == 0 {
        if o.b & 4 == 0 {
            c.w(o.r1, 1, false);
        }
        return Flow::Next;
    }
    let mut cx = c.mmu_ctx();
    if o.b & 4 == 0 {
        return match c.mmu.probe(&cx, &mut c.mem, va, acc, pl) {
            Ok(ok) => {
                c.w(o.r1, ok as u64, false);
                Flow::Next
            }
            Err(mut f) => {
                f.isr |= nacode::PROBE;
                mmu_fault(c, f)
            }
        };
    }
    cx.cpl = pl;
    cx.psr = (cx.psr & !psrb::CPL) | (pl as u64) << psrb::CPL_SHIFT;
    match c.mmu.translate(&cx, &mut c.mem, va, 1, acc, true) {
        Ok(_) => Flow::Next,
        Err(f) => {
            let mut f = f;
            f.isr |= isrb::NA | nacode::PROBE_FAULT;
            mmu_fault(c, f)
        }
    }
}
