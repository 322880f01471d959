//! Loads, stores, semaphores, FP memory operations, `setf`/`getf`, `lfetch`,
//! speculation and the ALAT (SDM Vol 3 `ld`, `st`, `ld16`, `st16`, `ld8.fill`,
//! `st8.spill`, `xchg`, `cmpxchg`, `cmp8xchg16`, `fetchadd`, `ldf`, `ldfp`, `stf`,
//! `setf`, `getf`, `lfetch`, `chk.s`, `chk.a`, `invala`; Vol 1 §4.4.5 for
//! speculation and advanced loads).
//!
//! Op fields: `r1` target GR (or FR), `r2` store source / post-increment register /
//! second FR of a pair, `r3` the address register, `a` the access size in bytes,
//! `b` the load type ([`ldt`]), `c` flags ([`flag`]), `imm` the post-increment
//! immediate (or the `fetchadd` increment).
//!
//! Deferral of speculative loads (`.s`, `.sa`) follows SDM Vol 2 §5.5.5 (see
//! `spec.rs`): a NaT address or psr.ed = 1 defers before translating; with
//! psr.ic = 0 every data-reference fault is deferred; NaT Page Consumption
//! always is; with psr.it = 1 and the code page's ITLB.ed = 1 (the recovery
//! model) Unaligned Data Reference is, and each other fault when its DCR bit
//! (dm, dp, dk, dx, dr, da, dd) is 1. Every qualified condition is weighed,
//! and the highest-priority one not deferred is raised with isr.sp = 1 and
//! isr.ed = ITLB.ed. A UC or UCE page defers a speculative load, and keeps
//! `ld.a` from reading or allocating. There is no spontaneous deferral
//! (Table 5-5 makes it optional).
//!
//! ALAT (SDM Vol 1 §4.4.5.3, Vol 3 `ld`/`ldf` operation): entries are tagged by
//! physical register ([`Cpu::gr_tag`]: the stacked register's slot in the
//! physical file, the bank of r16–r31, the rotated FR). Only advanced loads,
//! `ld.c.clr`/`chk.a.clr`, `invala`/`invala.e` and overlapping stores remove
//! entries; a plain or speculative load to a register with an entry leaves it
//! (the `ld` pseudocode invalidates only when `check_clear || advanced`), and
//! frame changes (alloc, br.call, br.ret, cover, rfi, bsw) leave every entry,
//! since they do not change which physical register an entry names. A
//! speculative advanced load that defers removes the target's entry and adds
//! none (Vol 1 §4.4.5.4). The RSE drops the entry of a stacked register it
//! fills (`rse.rs`): the slot may have been reused by a deeper frame whose
//! own advanced load left an entry there, which must not answer for the
//! refilled register; the ALAT may lose entries at any time (Vol 1
//! §4.4.5.3.1), so this costs at most a recovery branch.

use super::spec::SpecRead;
use super::{Flow, Raised};
use crate::fp::{self, Fr};
use crate::interrupt::{isrb, nacode, Intr};
use crate::mmu::Access;
use crate::predecode::Op;
use crate::state::{psrb, AlatEntry, Cpu, ALAT_ENTRIES};
use ia64::vector::Vector;

/// Load types (the `ldtype` completer, SDM Vol 3 Table 4-29).
pub(crate) mod ldt {
    pub const NONE: u8 = 0;
    pub const S: u8 = 1;
    pub const A: u8 = 2;
    pub const SA: u8 = 3;
    pub const C_CLR: u8 = 8;
    pub const C_NC: u8 = 9;
    /// `.c.clr.acq`: predecoding makes it [`C_CLR`] (no visible acquire).
    pub const C_CLR_ACQ: u8 = 10;
}

/// `Op::c` flags.
pub(crate) mod flag {
    /// Post-increment by a register (`r2`).
    pub const INC_REG: u8 = 1;
    /// Post-increment by `imm`.
    pub const INC_IMM: u8 = 2;
    /// `lfetch.fault` (may fault) / FP form details.
    pub const FAULT: u8 = 4;
}

/// FP memory formats (the `fsz` completer: `e`, `8`, `s`, `d`), plus spill/fill.
pub(crate) mod fmt {
    pub const EXT: u8 = 0;
    pub const INT: u8 = 1;
    pub const SINGLE: u8 = 2;
    pub const DOUBLE: u8 = 3;
    pub const SPILL: u8 = 4;
}

/// ALAT tag of an FR.
const FR_TAG: u16 = 256;
/// ALAT tags of bank-1 r16–r31 start here (GR tags 0..160 are physical
/// indexes: r0–r31 and 128 stacked slots).
const BANK1_TAG: u16 = 160;

impl Cpu {
    /// The ALAT tag of logical GR `n`: the physical register it names now
    /// (the stacked slot after renaming and rotation; for r16–r31, which bank).
    pub(crate) fn gr_tag(&self, n: u8) -> u16 {
        let i = self.ix(n) as u16;
        if (16..32).contains(&i) && self.psr & psrb::BN != 0 {
            BANK1_TAG + (i - 16)
        } else {
            i
        }
    }

    /// Drops the ALAT entry of stacked physical register `i` (the RSE refilled it).
    pub(crate) fn alat_drop_physical(&mut self, i: usize) {
        if self.alat_live {
            self.alat_remove(i as u16);
        }
    }

    pub(crate) fn alat_invalidate_range(&mut self, pa: u64, size: u64) {
        for e in self.alat.iter_mut() {
            if e.valid && pa < e.addr + e.size as u64 && e.addr < pa + size {
                e.valid = false;
            }
        }
    }

    fn alat_find(&self, tag: u16) -> Option<usize> {
        self.alat.iter().position(|e| e.valid && e.tag == tag)
    }

    fn alat_insert(&mut self, tag: u16, addr: u64, size: u8) {
        let i = self.alat_find(tag).unwrap_or_else(|| {
            let i = self.alat_next;
            self.alat_next = (i + 1) % ALAT_ENTRIES;
            i
        });
        self.alat[i] = AlatEntry {
            tag,
            addr,
            size,
            valid: true,
        };
        self.alat_live = true;
    }

    fn alat_remove(&mut self, tag: u16) {
        if let Some(i) = self.alat_find(tag) {
            self.alat[i].valid = false;
        }
    }

    /// `invala`: empties the ALAT.
    pub(crate) fn alat_clear(&mut self) {
        for e in self.alat.iter_mut() {
            e.valid = false;
        }
        self.alat_live = false;
    }

    /// Post-increment of the address register.
    #[inline(always)]
    fn post_inc(&mut self, o: &Op, addr: u64, an: bool) {
        if o.c & flag::INC_IMM != 0 {
            self.w(o.r3, addr.wrapping_add(o.imm), an);
        } else if o.c & flag::INC_REG != 0 {
            let (d, dn) = self.rn(o.r2);
            self.w(o.r3, addr.wrapping_add(d), an | dn);
        }
    }

    /// Disabled FP register check for FR `n` (SDM Vol 2 §5.6, vector 0x5500:
    /// isr.code bit 0 for the low partition f2–f31, bit 1 for f32–f127).
    pub(crate) fn fp_disabled(&mut self, n: u8) -> Result<(), Raised> {
        use crate::state::psrb;
        let bit = if n >= 32 {
            psrb::DFH
        } else if n >= 2 {
            psrb::DFL
        } else {
            0
        };
        if self.psr & bit != 0 {
            let isr = if n >= 32 { 2 } else { 1 };
            self.deliver(
                Vector::DisabledFpRegister,
                Intr {
                    isr,
                    ..Intr::default()
                },
            );
            return Err(Raised);
        }
        Ok(())
    }
}

/// Plain integer load `ld<N> r1 = [r3]` (no completer with an effect, no
/// post-increment): the hot path, one instance per size so the memory access
/// is a fixed-size copy.
#[inline]
pub(crate) fn ld_plain<const N: usize>(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    if an {
        c.slot = o.slot;
        return c.nat_consumption(isrb::R);
    }
    let pa = match c.data_pa_at(o.slot, addr, N as u64, Access::Read) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    let v = c.load_pa(pa, N);
    c.w(o.r1, v, false);
    Flow::Next
}

/// The fast path's `ld8` ([`crate::predecode::Kind::Ld8`]): an address
/// without NaT that [`Cpu::quick_data_pa`] translates, little-endian, to a
/// page in the memory's lookaside is read here, inline; anything else (and
/// every fault) goes to [`ld_plain`], which starts again from the top (this
/// path changes nothing before it knows it can finish). Out of line: inside
/// the fast loop it would cost the loop registers every workload pays for.
#[inline(never)]
pub(crate) fn ld8_fast(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    if !an && c.psr & psrb::BE == 0 {
        if let Some(v) = c
            .quick_data_pa(addr, 8, Access::Read)
            .and_then(|pa| c.mem.quick_read::<8>(pa))
        {
            c.w(o.r1, v, false);
            return Flow::Next;
        }
    }
    ld_plain_cold(c, o)
}

/// [`ld_plain`] out of line, for [`ld8_fast`].
#[cold]
#[inline(never)]
fn ld_plain_cold(c: &mut Cpu, o: &Op) -> Flow {
    ld_plain::<8>(c, o)
}

/// The fast path's `st8` ([`crate::predecode::Kind::St8`], no
/// post-increment), as [`ld8_fast`]: inline when the page is in the
/// lookaside, holds no predecoded code and no ALAT entry can be hit (the
/// ALAT is empty), else [`st`].
#[inline(never)]
pub(crate) fn st8_fast(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    let (v, vn) = c.rn(o.r2);
    if !(an | vn) && c.psr & psrb::BE == 0 && !c.alat_live {
        if let Some(pa) = c.quick_data_pa(addr, 8, Access::Write) {
            if c.mem.quick_write::<8>(pa, v) {
                return Flow::Next;
            }
        }
    }
    st_cold(c, o)
}

/// [`st`] out of line, for [`st8_fast`].
#[cold]
#[inline(never)]
fn st_cold(c: &mut Cpu, o: &Op) -> Flow {
    st::<8>(c, o)
}

/// [`ld_plain`] for an access of `size` bytes (1, 2, 4 or 8).
pub(crate) fn ld_plain_of(size: u8) -> super::Handler {
    match size {
        1 => ld_plain::<1>,
        2 => ld_plain::<2>,
        4 => ld_plain::<4>,
        _ => ld_plain::<8>,
    }
}

/// Integer loads with any completer and post-increment.
pub(crate) fn ld(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    let size = o.a as u64;
    let tag = c.gr_tag(o.r1);
    match load_start(c, o, addr, an, size, tag) {
        Load::Raised(flow) => return flow,
        Load::Hit => {}
        Load::Defer => c.w(o.r1, 0, true),
        Load::Zero => c.w(o.r1, 0, false),
        Load::Read { pa, entry } => {
            let v = c.load_pa(pa, size as usize);
            c.w(o.r1, v, false);
            if entry {
                c.alat_insert(tag, pa, size as u8);
            }
        }
    }
    c.post_inc(o, addr, an);
    Flow::Next
}

/// What a load of the `ld`/`ldf` family does once [`load_start`] has looked
/// at its ALAT entry, its address's NaT and its translation.
enum Load {
    /// A fault was raised: nothing is written, no post-increment.
    Raised(Flow),
    /// A check load (`.c.clr`, `.c.nc`) found its entry: nothing is read.
    Hit,
    /// Deferred: NaT (NaTVal) in the targets.
    Defer,
    /// An advanced load to a non-speculative page: zero in the targets, no
    /// read and no entry (Vol 3 `ld`, "ld.a to sequential memory").
    Zero,
    /// Read at `pa`, and add an ALAT entry for it if `entry`.
    Read { pa: u64, entry: bool },
}

/// The ALAT, deferral and translation steps `ld` and `ldf` share (SDM Vol 3
/// `ld`, `ldf`): `tag` is the target's ALAT tag, `align` the alignment the
/// access needs. Every outcome but a hit of a check load leaves the ALAT as
/// the caller's writes and post-increment expect.
fn load_start(c: &mut Cpu, o: &Op, addr: u64, an: bool, align: u64, tag: u16) -> Load {
    // Predecoding turned `.c.clr.acq` into `.c.clr`.
    if matches!(o.b, ldt::C_CLR | ldt::C_NC) {
        if let Some(i) = c.alat_find(tag) {
            if o.b == ldt::C_CLR {
                c.alat[i].valid = false;
            }
            return Load::Hit;
        }
    }
    let spec = matches!(o.b, ldt::S | ldt::SA);
    let advanced = matches!(o.b, ldt::A | ldt::SA);
    // A deferred advanced load's old entry goes (SDM Vol 1 §4.4.5.4; Vol 3
    // `ld`: `check_clear || advanced` invalidates).
    let defer = |c: &mut Cpu| {
        if advanced {
            c.alat_remove(tag);
        }
        Load::Defer
    };
    if spec && (an || c.psr_ed()) {
        return defer(c);
    }
    if an {
        return Load::Raised(c.nat_consumption(isrb::R));
    }
    let pa = if spec {
        match c.spec_read(addr, align) {
            SpecRead::Load(pa) => pa,
            SpecRead::Defer => return defer(c),
            SpecRead::Raised => return Load::Raised(c.raised()),
        }
    } else {
        match c.try_data_pa(addr, align, Access::Read, false) {
            Ok(pa) => pa,
            Err(f) => {
                c.deliver(f.vector, f.intr);
                return Load::Raised(c.raised());
            }
        }
    };
    // ALAT entries only for speculative pages (Vol 3 `ld`: `ma_is_speculative`
    // before `alat_write`); a speculative load already deferred on the others.
    let entry = (advanced || o.b == ldt::C_NC) && (spec || c.speculative_page(addr));
    if advanced && !entry {
        c.alat_remove(tag);
        return Load::Zero;
    }
    Load::Read { pa, entry }
}

/// `ld8.fill r1 = [r3]`: value and NaT (from ar.unat) restored.
pub(crate) fn ld_fill(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    if an {
        return c.nat_consumption(isrb::R);
    }
    let pa = match c.data_pa(addr, 8, Access::Read) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    let v = c.load_pa(pa, 8);
    let nat = c.ar[36] >> (addr >> 3 & 63) & 1 != 0;
    c.w(o.r1, v, nat);
    c.post_inc(o, addr, an);
    Flow::Next
}

/// `ld16 r1, ar.csd = [r3]`.
pub(crate) fn ld16(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    if an {
        return c.nat_consumption(isrb::R);
    }
    let pa = match c.data_pa(addr, 16, Access::Read) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    let lo = c.load_pa(pa, 8);
    let hi = c.load_pa(pa + 8, 8);
    c.w(o.r1, lo, false);
    c.ar[25] = hi;
    Flow::Next
}

/// Integer stores `st<N> [r3] = r2` with optional post-increment by `imm`, one
/// instance per size so the memory access is a fixed-size copy.
#[inline]
pub(crate) fn st<const N: usize>(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    let (v, vn) = c.rn(o.r2);
    if an || vn {
        c.slot = o.slot;
        return c.nat_consumption(isrb::W);
    }
    let pa = match c.data_pa_at(o.slot, addr, N as u64, Access::Write) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    c.store_pa(pa, N, v);
    if o.c & flag::INC_IMM != 0 {
        c.w(o.r3, addr.wrapping_add(o.imm), false);
    }
    Flow::Next
}

/// [`st`] for an access of `size` bytes (1, 2, 4 or 8).
pub(crate) fn st_of(size: u8) -> super::Handler {
    match size {
        1 => st::<1>,
        2 => st::<2>,
        4 => st::<4>,
        _ => st::<8>,
    }
}

/// `st8.spill [r3] = r2`: stores the value and records the NaT in ar.unat.
pub(crate) fn st_spill(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    if an {
        return c.nat_consumption(isrb::W);
    }
    let (v, vn) = c.rn(o.r2);
    let pa = match c.data_pa(addr, 8, Access::Write) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    c.store_pa(pa, 8, v);
    let bit = 1u64 << (addr >> 3 & 63);
    if vn {
        c.ar[36] |= bit;
    } else {
        c.ar[36] &= !bit;
    }
    if o.c & flag::INC_IMM != 0 {
        c.w(o.r3, addr.wrapping_add(o.imm), false);
    }
    Flow::Next
}

/// `st16 [r3] = r2, ar.csd`.
pub(crate) fn st16(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    let (v, vn) = c.rn(o.r2);
    if an || vn {
        return c.nat_consumption(isrb::W);
    }
    let pa = match c.data_pa(addr, 16, Access::Write) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    c.store_pa(pa, 8, v);
    let hi = c.ar[25];
    c.store_pa(pa + 8, 8, hi);
    Flow::Next
}

/// Semaphore kinds in `Op::b`.
pub(crate) mod sem {
    pub const XCHG: u8 = 0;
    pub const CMPXCHG: u8 = 1;
    pub const FETCHADD: u8 = 2;
    pub const CMP8XCHG16: u8 = 3;
}

/// `xchg`, `cmpxchg`, `fetchadd`, `cmp8xchg16`: atomic read-modify-write.
pub(crate) fn semaphore(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    let (v, vn) = if o.b == sem::FETCHADD {
        (o.imm, false)
    } else {
        c.rn(o.r2)
    };
    if an || vn {
        return c.nat_consumption(isrb::R | isrb::W);
    }
    let size = o.a as u64;
    let align = if o.b == sem::CMP8XCHG16 { 16 } else { size };
    let pa = if o.b == sem::FETCHADD {
        c.fetchadd_pa(addr, align)
    } else {
        c.data_pa(addr, align, Access::ReadWrite)
    };
    let pa = match pa {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    let pa = if o.b == sem::CMP8XCHG16 {
        pa | (addr & 8)
    } else {
        pa
    };
    let old = c.load_pa(pa, size as usize);
    let mask = if size == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * size)) - 1
    };
    match o.b {
        sem::XCHG => c.store_pa(pa, size as usize, v),
        sem::CMPXCHG => {
            if old == c.ar[32] & mask {
                c.store_pa(pa, size as usize, v);
            }
        }
        sem::FETCHADD => c.store_pa(pa, size as usize, old.wrapping_add(v)),
        _ => {
            if old == c.ar[32] {
                let csd = c.ar[25];
                c.store_pa(pa, 8, v);
                c.store_pa(pa ^ 8, 8, csd);
            }
        }
    }
    c.w(o.r1, old, false);
    Flow::Next
}

/// `lfetch` (with `.fault` and psr.ed = 0: the access is translated and may
/// fault, as a non-access reference). Post-increments.
pub(crate) fn lfetch(c: &mut Cpu, o: &Op) -> Flow {
    let (addr, an) = c.rn(o.r3);
    // psr.ed = 1: no NaT check and no translation (Vol 3 `lfetch`; the
    // handler of a faulting lfetch sets ipsr.ed to cancel it, Vol 2 §5.5.5).
    if o.c & flag::FAULT != 0 && !c.psr_ed() {
        if an {
            return c.nat_consumption(isrb::R | isrb::NA | nacode::LFETCH);
        }
        if let Err(f) = c.try_data_pa(addr, 1, Access::Read, true) {
            let mut intr = f.intr;
            intr.isr |= isrb::NA | nacode::LFETCH;
            c.deliver(f.vector, intr);
            return c.raised();
        }
    }
    c.post_inc(o, addr, an);
    Flow::Next
}

/// Reads an FP memory operand of format `f` at `pa`.
fn fp_load_at(c: &mut Cpu, pa: u64, f: u8) -> Fr {
    match f {
        fmt::SINGLE => fp::load_single(c.load_pa(pa, 4) as u32),
        fmt::DOUBLE => fp::load_double(c.load_pa(pa, 8)),
        fmt::INT => fp::load_integer(c.load_pa(pa, 8)),
        fmt::EXT => {
            let mut b = [0u8; 10];
            c.load_bytes(pa, &mut b);
            fp::load_ext(b)
        }
        _ => {
            let mut b = [0u8; 16];
            c.load_bytes(pa, &mut b);
            fp::fill(b)
        }
    }
}

fn fmt_size(f: u8) -> (u64, u64) {
    // (bytes, alignment)
    match f {
        fmt::SINGLE => (4, 4),
        fmt::DOUBLE | fmt::INT => (8, 8),
        fmt::EXT => (10, 16),
        _ => (16, 16),
    }
}

/// `ldf` in every format and type, `ldf.fill`, and `ldfp` pairs (`r2` holds the
/// second FR, `c & FAULT` marks a pair).
pub(crate) fn ldf(c: &mut Cpu, o: &Op) -> Flow {
    let pair = o.c & flag::FAULT != 0;
    if c.fp_disabled(o.r1).is_err() || (pair && c.fp_disabled(o.r2).is_err()) {
        return c.raised();
    }
    let (addr, an) = c.rn(o.r3);
    let f = o.a;
    let (size, align) = fmt_size(f);
    let (size, align) = if pair {
        (size * 2, size * 2)
    } else {
        (size, align)
    };
    let tag = FR_TAG + c.fix(o.r1) as u16;
    let targets = |c: &mut Cpu, v: Fr| {
        c.set_f(o.r1, v);
        if pair {
            c.set_f(o.r2, v);
        }
    };
    match load_start(c, o, addr, an, align, tag) {
        Load::Raised(flow) => return flow,
        Load::Hit => {}
        Load::Defer => targets(c, Fr::NATVAL),
        // Vol 3 `ldf`: FP_INT_ZERO for the integer form, FP_ZERO otherwise.
        Load::Zero if f == fmt::INT => targets(c, fp::load_integer(0)),
        Load::Zero => targets(c, Fr::ZERO),
        Load::Read { pa, entry } => {
            let v = fp_load_at(c, pa, f);
            c.set_f(o.r1, v);
            if pair {
                let half = size / 2;
                let v2 = fp_load_at(c, pa + half, f);
                c.set_f(o.r2, v2);
            }
            if entry {
                c.alat_insert(tag, pa, size as u8);
            }
        }
    }
    c.post_inc(o, addr, an);
    Flow::Next
}

/// `stf` in every format and `stf.spill`, optional post-increment by `imm`.
pub(crate) fn stf(c: &mut Cpu, o: &Op) -> Flow {
    if c.fp_disabled(o.r2).is_err() {
        return c.raised();
    }
    let (addr, an) = c.rn(o.r3);
    if an {
        return c.nat_consumption(isrb::W);
    }
    let (_, align) = fmt_size(o.a);
    let v = c.f(o.r2);
    if o.a != fmt::SPILL && v == Fr::NATVAL {
        // Storing NaTVal in a non-spill format consumes a NaT (SDM Vol 3 `stf`).
        return c.nat_consumption(isrb::W);
    }
    let pa = match c.data_pa(addr, align, Access::Write) {
        Ok(pa) => pa,
        Err(Raised) => return c.raised(),
    };
    match o.a {
        fmt::SINGLE => c.store_pa(pa, 4, fp::store_single(v) as u64),
        fmt::DOUBLE => c.store_pa(pa, 8, fp::store_double(v)),
        fmt::INT => c.store_pa(pa, 8, fp::store_integer(v)),
        fmt::EXT => c.store_bytes(pa, &fp::store_ext(v)),
        _ => c.store_bytes(pa, &fp::spill(v)),
    }
    if o.c & flag::INC_IMM != 0 {
        c.w(o.r3, addr.wrapping_add(o.imm), false);
    }
    Flow::Next
}

/// `setf.sig/.exp/.s/.d f1 = r2` (`a` selects, in the completer's order).
pub(crate) fn setf(c: &mut Cpu, o: &Op) -> Flow {
    if c.fp_disabled(o.r1).is_err() {
        return c.raised();
    }
    let (v, n) = c.rn(o.r2);
    let f = if n {
        Fr::NATVAL
    } else {
        match o.a {
            0 => fp::setf_sig(v),
            1 => fp::setf_exp(v),
            2 => fp::setf_s(v),
            _ => fp::setf_d(v),
        }
    };
    c.set_f(o.r1, f);
    Flow::Next
}

/// `getf.sig/.exp/.s/.d r1 = f2`.
pub(crate) fn getf(c: &mut Cpu, o: &Op) -> Flow {
    if c.fp_disabled(o.r2).is_err() {
        return c.raised();
    }
    let f = c.f(o.r2);
    if f == Fr::NATVAL {
        c.w(o.r1, 0, true);
        return Flow::Next;
    }
    let v = match o.a {
        0 => fp::getf_sig(f),
        1 => fp::getf_exp(f),
        2 => fp::getf_s(f),
        _ => fp::getf_d(f),
    };
    c.w(o.r1, v, false);
    Flow::Next
}

/// `chk.s r2, target` / `chk.s f2, target` (`a` = 1 for the FR form): branches
/// to the recovery code if the source is NaT / NaTVal.
pub(crate) fn chk_s(c: &mut Cpu, o: &Op) -> Flow {
    let deferred = if o.a == 1 {
        c.f(o.r2) == Fr::NATVAL
    } else {
        c.natr(o.r2)
    };
    if deferred {
        c.ip = o.imm;
        c.slot = 0;
        return Flow::Taken;
    }
    Flow::Next
}

/// `chk.a.nc/.clr r1|f1, target` (`a` = 1 for FR, `b` = 1 for `.clr`).
pub(crate) fn chk_a(c: &mut Cpu, o: &Op) -> Flow {
    let tag = if o.a == 1 {
        FR_TAG + c.fix(o.r1) as u16
    } else {
        c.gr_tag(o.r1)
    };
    match c.alat_find(tag) {
        Some(i) => {
            if o.b == 1 {
                c.alat[i].valid = false;
            }
            Flow::Next
        }
        None => {
            c.ip = o.imm;
            c.slot = 0;
            Flow::Taken
        }
    }
}

/// `invala`.
pub(crate) fn invala(c: &mut Cpu, _o: &Op) -> Flow {
    c.alat_clear();
    Flow::Next
}

/// `invala.e r1` / `invala.e f1` (`a` = 1 for FR).
pub(crate) fn invala_e(c: &mut Cpu, o: &Op) -> Flow {
    let tag = if o.a == 1 {
        FR_TAG + c.fix(o.r1) as u16
    } else {
        c.gr_tag(o.r1)
    };
    c.alat_remove(tag);
    Flow::Next
}
