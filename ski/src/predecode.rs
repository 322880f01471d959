//! Predecoding: a bundle is decoded once (with `ia64::decode`, so the table is
//! the single source of truth) into a compact `Copy` record of three [`Op`]s —
//! handler function pointer, qualifying predicate, resolved register numbers and
//! immediates, branch targets made absolute — plus the template's stops. Records
//! are cached by bundle address in a direct-mapped [`Cache`], flushed on `fc`,
//! `sync.i`, TLB and region changes, and stores to pages holding cached code.
//!
//! Architectural checks that depend only on the encoding happen here once: a
//! write to r0, f0 or f1, equal predicate targets of a compare, a post-increment
//! load whose base is its target, an unpredicable form with a predicate — all
//! become an Illegal Operation op.

use crate::exec::{self, alu, branch, cmp, fpu, mem, mm, shift, sys, Handler};
use crate::state::Cpu;
use ia64::bundle::Template;
use ia64::decode::{self, Instruction, Slot};
use ia64::form::{Flags, Unit};
use ia64::operand::{Class, Opnd};

/// One predecoded instruction.
#[derive(Clone, Copy)]
pub(crate) struct Op {
    /// What to run.
    pub h: Handler,
    /// Qualifying predicate the dispatcher tests (0 = always).
    pub qp: u8,
    /// GR / FR / PR numbers, by role (see each handler's module).
    pub r1: u8,
    pub r2: u8,
    pub r3: u8,
    /// Highest stacked GR named (checked against the frame); 0 if none.
    pub max: u8,
    /// Small per-handler fields.
    pub a: u8,
    pub b: u8,
    pub c: u8,
    /// Immediate, mask or absolute target.
    pub imm: u64,
    /// Index of the decoded instruction in `Cpu::insns` (F-unit and messages).
    pub ext: u32,
    /// What the dispatcher must know about the op besides its handler
    /// ([`gate`] bits; none of [`gate::CHECKS`] for the common unpredicated op).
    pub gate: u8,
    /// The op's slot in its bundle.
    pub slot: u8,
    /// Which of the operations the run loop executes inline this is
    /// ([`Kind::Call`]: none, call `h`).
    pub kind: Kind,
}

/// The operations the run loop's fast path runs inline (a `match` the
/// compiler turns into a jump table inside the loop, keeping the loop's state
/// in registers) instead of through [`Op::h`]. An op of any other kind than
/// [`Kind::Call`] still has the handler that does the same, which the
/// slot-by-slot path calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    /// Call the handler.
    Call,
    /// `add r1 = r2, r3` (and `+ 1`): [`alu::add`].
    Add,
    /// `adds`/`addl`: [`alu::addi`].
    AddImm,
    /// `mov r1 = r3`: [`alu::mov`].
    Mov,
    /// `mov r1 = imm`, `movl`: [`alu::movi`].
    MovImm,
    /// `and`, `xor`: [`alu::and`], [`alu::xor`].
    And,
    Xor,
    /// `shladd`: [`alu::shladd`].
    Shladd,
    /// `cmp.eq`/`cmp.ne` of two registers: [`cmp::cmp_eq`].
    CmpEq,
    /// `cmp.lt p1, p2 = imm8, r3`: [`cmp::cmp_imm_lt`].
    CmpImmLt,
    /// `ld8` without completers: [`mem::ld_plain`].
    Ld8,
    /// `st8` without post-increment: [`mem::st`].
    St8,
    /// `br.cond` to an IP-relative target: [`branch::br`].
    Br,
    /// `br.cloop`: [`branch::br_cloop`].
    BrCloop,
    /// `br.call` to an IP-relative target: [`branch::br_call`].
    BrCall,
    /// `br.ret`: [`branch::br_ret`].
    BrRet,
    /// `alloc`: [`sys::alloc`].
    Alloc,
    /// `mov ar.pfs = r2`: [`sys::mov_to_pfs`].
    MovToPfs,
}

/// [`Op::gate`] bits.
pub(crate) mod gate {
    /// The op does nothing but count (nop, hint): the dispatcher skips the
    /// call (the fast path visits it only for the stop after it).
    pub const NOP: u8 = 1;
    /// The op has a qualifying predicate other than p0.
    pub const PRED: u8 = 2;
    /// An earlier slot of the bundle may change the frame (`alloc`, `cover`):
    /// the bundle-level frame check does not cover this op.
    pub const RECHECK: u8 = 4;
    /// The fast path's ops end before this one.
    pub const END: u8 = 8;
    /// An instruction-group stop follows this slot.
    pub const STOP: u8 = 16;
    /// The op may change the frame and return [`super::exec::Flow::Next`]
    /// (`alloc`, `cover`): later ops of its bundle get [`RECHECK`].
    pub const FRAME: u8 = 32;
    /// The bits that make the fast path test more than "call the handler".
    pub const CHECKS: u8 = NOP | PRED | RECHECK | END;
    /// The fast path must look at `attention` after this op: a stop follows
    /// it (the instruction group's end may raise the timer interrupt), or it
    /// may set `attention` and continue (the handlers of [`super::Kind::Call`],
    /// a store, which may write cached code, `alloc`, whose spills may). The
    /// other ops of [`super::Kind`] never set it and go on.
    pub const ATTEND: u8 = 64;
}

impl Op {
    /// An op running `h` under `qp` with every field 0.
    pub(crate) const fn new(h: Handler, qp: u8) -> Op {
        Op {
            h,
            qp,
            r1: 0,
            r2: 0,
            r3: 0,
            max: 0,
            a: 0,
            b: 0,
            c: 0,
            imm: 0,
            ext: 0,
            gate: 0,
            slot: 0,
            kind: Kind::Call,
        }
    }
}

/// A predecoded bundle.
#[derive(Clone, Copy)]
pub(crate) struct Decoded {
    /// The ops, the fast path's first: the ones before the first with
    /// [`gate::END`] are the slots it visits, in slot order — every op that is
    /// not a nop, and every nop a stop follows (nops without a stop only
    /// count). [`Decoded::op`] finds a slot's op.
    pub ops: [Op; 3],
    /// Index in `ops` of the op of each slot.
    pub by_slot: [u8; 3],
    /// Number of slots (2 for MLX: its long instruction is slot 1, psr.ri = 1).
    pub nslots: u8,
    /// The smallest frame (sof) holding every stacked GR named by an op without
    /// [`gate::RECHECK`]: one compare covers them all when the bundle is entered.
    pub need_sof: u8,
}

impl Decoded {
    /// A bundle of `ops` in slot order with stop bits `stops` (bit n: an
    /// instruction-group stop follows slot n; for MLX the stop after the long
    /// instruction is bit 1), its fast-path metadata derived.
    fn new(mut slots: [Op; 3], stops: u8, nslots: u8) -> Decoded {
        let mut bmax = 0u8;
        let mut frame_may_change = false;
        for (s, op) in slots.iter_mut().enumerate() {
            op.slot = s as u8;
            op.gate &= gate::NOP | gate::FRAME;
            let attend =
                stops >> s & 1 != 0 || matches!(op.kind, Kind::Call | Kind::St8 | Kind::Alloc);
            op.gate |= if stops >> s & 1 != 0 { gate::STOP } else { 0 }
                | if attend { gate::ATTEND } else { 0 }
                | if op.qp != 0 { gate::PRED } else { 0 }
                | if frame_may_change { gate::RECHECK } else { 0 };
            if s >= nslots as usize {
                continue;
            }
            if !frame_may_change {
                bmax = bmax.max(op.max);
            }
            frame_may_change |= op.gate & gate::FRAME != 0;
        }
        let visited = |s: usize| {
            let g = slots[s].gate;
            s < nslots as usize && (g & gate::NOP == 0 || g & gate::STOP != 0)
        };
        let mut order = [0u8; 3];
        let mut k = 0;
        for pass in [true, false] {
            for s in 0..3 {
                if visited(s) == pass {
                    order[k] = s as u8;
                    k += 1;
                }
            }
        }
        let nact = (0..3).filter(|&s| visited(s)).count() as u8;
        let mut by_slot = [0u8; 3];
        for (i, &s) in order.iter().enumerate() {
            by_slot[s as usize] = i as u8;
        }
        let mut ops = order.map(|s| slots[s as usize]);
        for op in ops.iter_mut().skip(nact as usize) {
            op.gate |= gate::END;
        }
        Decoded {
            ops,
            by_slot,
            nslots,
            need_sof: if bmax >= 32 { bmax - 31 } else { 0 },
        }
    }

    /// The op of slot `s` (0..3).
    #[inline(always)]
    pub(crate) fn op(&self, s: usize) -> &Op {
        &self.ops[self.by_slot[s % 3] as usize % 3]
    }
}

const ILLEGAL: Op = Op::new(exec::illegal, 0);

/// Entries in the predecode cache (direct-mapped by bundle address).
const CACHE_ENTRIES: usize = 1 << 14;

/// The fetch key of physical-mode fetches. A fetch key (translation mode,
/// privilege, psr.pk; see `machine::fetch_key`) is 1..=15, so that the bundle
/// address (16-byte aligned) ORed with it is a tag naming both, and 0 an empty
/// entry: one compare finds a bundle cached under the current key.
pub(crate) const KEY_PHYSICAL: u64 = 1;

/// One predecode cache entry (aligned so it occupies exactly two cache lines).
#[derive(Clone, Copy)]
#[repr(align(64))]
pub(crate) struct Entry {
    /// Bundle address | the fetch key it was validated under; 0 if empty.
    tag: u64,
    /// Physical address the bundle was read from.
    pa: u64,
    /// The predecoded bundle.
    pub d: Decoded,
}

// An op fits half a cache line, and a cache entry two.
const _: () = assert!(std::mem::size_of::<Op>() == 32);
const _: () = assert!(std::mem::size_of::<Entry>() == 128);

/// The predecode cache: direct-mapped, its size fixed so an index masked by
/// [`Cache::index`] needs no bounds check, tag, key and bundle side by side.
pub(crate) struct Cache {
    entries: Box<[Entry; CACHE_ENTRIES]>,
}

impl Cache {
    pub(crate) fn new() -> Cache {
        let empty = Entry {
            tag: 0,
            pa: 0,
            d: Decoded::new([ILLEGAL; 3], 0, 3),
        };
        let entries: Box<[Entry]> = vec![empty; CACHE_ENTRIES].into_boxed_slice();
        Cache {
            entries: entries
                .try_into()
                .unwrap_or_else(|_| unreachable!("the vector has CACHE_ENTRIES entries")),
        }
    }

    #[inline(always)]
    pub(crate) fn index(ip: u64) -> usize {
        (ip >> 4) as usize & (CACHE_ENTRIES - 1)
    }

    /// The bundle for `ip` if cached under `key`.
    #[inline(always)]
    pub(crate) fn hit(&self, ip: u64, key: u64) -> Option<&Decoded> {
        let e = &self.entries[Self::index(ip)];
        (e.tag == ip | key).then_some(&e.d)
    }

    /// The physical address of a cached bundle for `ip` whatever its key.
    pub(crate) fn cached_pa(&self, ip: u64) -> Option<u64> {
        let e = &self.entries[Self::index(ip)];
        (e.tag != 0 && e.tag & !0xf == ip).then_some(e.pa)
    }

    /// Re-validates the entry for `ip` under a new key.
    pub(crate) fn rekey(&mut self, ip: u64, key: u64) -> &Decoded {
        let e = &mut self.entries[Self::index(ip)];
        e.tag = ip | key;
        &e.d
    }

    pub(crate) fn insert(&mut self, ip: u64, key: u64, pa: u64, d: Decoded) -> &Decoded {
        let e = &mut self.entries[Self::index(ip)];
        *e = Entry {
            tag: ip | key,
            pa,
            d,
        };
        &e.d
    }

    pub(crate) fn flush(&mut self) {
        for e in self.entries.iter_mut() {
            e.tag = 0;
        }
    }
}

/// Predecodes the 16 bytes of the bundle at `ip`.
pub(crate) fn build(cpu: &mut Cpu, ip: u64, bytes: &[u8; 16]) -> Decoded {
    let mut slots = [Slot::LongImmediate; 3];
    let t: Template = match decode::decode_into(bytes, &mut slots) {
        Ok(t) => t,
        Err(_) => return Decoded::new([ILLEGAL; 3], 0, 3),
    };
    let op_of = |cpu: &mut Cpu, s: &Slot| match s {
        Slot::Insn(i) => translate(cpu, i, ip),
        _ => ILLEGAL,
    };
    if t.is_mlx() {
        let o0 = op_of(cpu, &slots[0]);
        let o1 = op_of(cpu, &slots[2]);
        let stops = (t.stops & 1) | if t.stops & 4 != 0 { 2 } else { 0 };
        return Decoded::new([o0, o1, ILLEGAL], stops, 2);
    }
    let ops = [
        op_of(cpu, &slots[0]),
        op_of(cpu, &slots[1]),
        op_of(cpu, &slots[2]),
    ];
    Decoded::new(ops, t.stops, 3)
}

/// The completer text of completer `k`.
fn comp(i: &Instruction, k: usize) -> &'static str {
    i.form()
        .completers
        .get(k)
        .and_then(|c| c.name(i.comps[k] as u64))
        .unwrap_or("")
}

/// Builds the op for one decoded instruction of the bundle at `ip`.
fn translate(cpu: &mut Cpu, i: &Instruction, ip: u64) -> Op {
    let f = i.form();
    let mut o = Op::new(exec::unimplemented, i.qp);
    // Registers by operand kind; outputs checked for the read-only registers.
    let mut max = 0u8;
    for (k, (&kind, &v)) in f.operands.iter().zip(i.ops.iter()).enumerate() {
        let out = k < f.outputs as usize;
        let v8 = (v & 0x7f) as u8;
        match kind {
            Opnd::R1 => o.r1 = v8,
            Opnd::R2 => o.r2 = v8,
            Opnd::R3 | Opnd::R3_2 | Opnd::R3_NOT_R0 | Opnd::R3_NOT_R0_3 | Opnd::MEM => o.r3 = v8,
            Opnd::F1 => o.r1 = v8,
            Opnd::F2 => o.r2 = v8,
            Opnd::F3 => o.r3 = v8,
            Opnd::P1 => o.r1 = v8,
            Opnd::P2 => o.a = v8,
            _ => {
                if let Class::Indirect(_) = kind.spec().class {
                    o.r3 = v8;
                }
            }
        }
        let class = kind.spec().class;
        if matches!(class, Class::Gr | Class::Mem | Class::Indirect(_)) {
            max = max.max(v8);
            if out && class == Class::Gr && v8 == 0 {
                return ILLEGAL_AT(i);
            }
        }
        if out && class == Class::Fr && v8 < 2 {
            return ILLEGAL_AT(i);
        }
    }
    if f.outputs == 2
        && matches!(f.operands.first(), Some(Opnd::P1))
        && matches!(f.operands.get(1), Some(Opnd::P2))
        && o.r1 == o.a
    {
        return ILLEGAL_AT(i);
    }
    o.max = if max >= 32 { max } else { 0 };
    if f.flags.has(Flags::NO_PRED) {
        if i.qp != 0 && f.unit == Unit::M {
            return ILLEGAL_AT(i);
        }
        o.qp = 0;
    }
    let ops = &i.ops;
    let kinds = f.operands;
    let has = |k: Opnd| kinds.contains(&k);
    let target = |v: i64| ip.wrapping_add(v as u64);
    let name = f.name;
    let h: Handler = match f.unit {
        Unit::F => return fp_op(cpu, i, o),
        _ => match name {
            // ---- A unit
            "add" => {
                o.imm = has(Opnd::ONE) as u64;
                o.kind = Kind::Add;
                alu::add
            }
            "sub" if has(Opnd::IMM8) => {
                o.imm = ops[1] as u64;
                alu::subi
            }
            "sub" => {
                o.imm = has(Opnd::ONE) as u64;
                alu::sub
            }
            "addp4" if has(Opnd::IMM14) => {
                o.imm = ops[1] as u64;
                alu::addp4i
            }
            "addp4" => alu::addp4,
            "and" | "andcm" | "or" | "xor" if has(Opnd::IMM8) => {
                o.imm = ops[1] as u64;
                match name {
                    "and" => alu::andi,
                    "andcm" => alu::andcmi,
                    "or" => alu::ori,
                    _ => alu::xori,
                }
            }
            "and" => {
                o.kind = Kind::And;
                alu::and
            }
            "andcm" => alu::andcm,
            "or" => alu::or,
            "xor" => {
                o.kind = Kind::Xor;
                alu::xor
            }
            "shladd" | "shladdp4" => {
                o.a = ops[2] as u8;
                if name == "shladd" {
                    o.kind = Kind::Shladd;
                    alu::shladd
                } else {
                    alu::shladdp4
                }
            }
            "adds" | "addl" => {
                o.imm = ops[1] as u64;
                o.kind = Kind::AddImm;
                alu::addi
            }
            "mov" if kinds == &[Opnd::R1, Opnd::R3][..] => {
                o.kind = Kind::Mov;
                alu::mov
            }
            "mov" if kinds == &[Opnd::R1, Opnd::IMM22][..] => {
                o.imm = ops[1] as u64;
                o.kind = Kind::MovImm;
                alu::movi
            }
            "zxt1" => alu::zxt1,
            "zxt2" => alu::zxt2,
            "zxt4" => alu::zxt4,
            "sxt1" => alu::sxt1,
            "sxt2" => alu::sxt2,
            "sxt4" => alu::sxt4,
            n if n.starts_with("cmp") && !n.starts_with("cmpxchg") && n != "cmp8xchg16" => {
                return cmp_op(i, o)
            }
            "tbit" | "tnat" | "tf" => return test_op(i, o),
            // ---- multimedia and shifts
            "shr" | "shr.u" if has(Opnd::SHR_COUNT) => {
                o.a = ops[2] as u8;
                o.b = 64 - ops[2] as u8;
                if name == "shr" {
                    shift::extr
                } else {
                    shift::extr_u
                }
            }
            "shr" => shift::shr,
            "shr.u" => shift::shr_u,
            "shl" if has(Opnd::SHL_COUNT) => {
                o.a = ops[2] as u8;
                o.b = 64 - ops[2] as u8;
                shift::dep_z
            }
            "shl" => shift::shl,
            "shrp" => {
                o.a = ops[3] as u8;
                shift::shrp
            }
            "extr" | "extr.u" => {
                o.a = ops[2] as u8;
                o.b = ops[3] as u8;
                if name == "extr" {
                    shift::extr
                } else {
                    shift::extr_u
                }
            }
            "dep.z" => {
                o.a = ops[2] as u8;
                o.b = ops[3] as u8;
                if has(Opnd::IMM8) {
                    o.imm = ops[1] as u64;
                    shift::dep_zi
                } else {
                    shift::dep_z
                }
            }
            "dep" if has(Opnd::IMM1) => {
                o.imm = ops[1] as u64;
                o.a = ops[3] as u8;
                o.b = ops[4] as u8;
                shift::dep_i
            }
            "dep" => {
                o.a = ops[3] as u8;
                o.b = ops[4] as u8;
                shift::dep
            }
            n if mm::MmOp::from_name(n).is_some() => return mm_op(i, o),
            // ---- I-unit moves
            "mov" | "mov.imp" | "mov.ret" if has(Opnd::B1) => {
                o.a = ops[0] as u8;
                sys::mov_to_br
            }
            "mov" if has(Opnd::B2) => {
                o.a = ops[1] as u8;
                sys::mov_from_br
            }
            "mov" if has(Opnd::MASK17) => {
                o.imm = ops[2] as u64;
                sys::mov_to_pr
            }
            "mov" if has(Opnd::PR_ROT) => {
                o.imm = ops[1] as u64;
                sys::mov_to_pr_rot
            }
            "mov" if has(Opnd::IP) => sys::mov_from_ip,
            "mov" if has(Opnd::PR) => sys::mov_from_pr,
            "mov.i" | "mov.m" => {
                o.b = if name == "mov.i" {
                    sys::unit::I
                } else {
                    sys::unit::M
                };
                o.a = if kinds[0] == Opnd::AR3 {
                    ops[0]
                } else {
                    ops[1]
                } as u8;
                if !sys::ar_valid(o.a, o.b) {
                    return ILLEGAL_AT(i);
                }
                if kinds[0] == Opnd::AR3 {
                    if has(Opnd::IMM8) {
                        o.imm = ops[1] as u64;
                        sys::mov_to_ar_imm
                    } else if o.a == 64 {
                        o.kind = Kind::MovToPfs;
                        sys::mov_to_pfs
                    } else {
                        sys::mov_to_ar
                    }
                } else {
                    sys::mov_from_ar
                }
            }
            "break.i" | "break.m" | "break.b" | "break.x" => {
                o.imm = ops[0] as u64;
                o.a = (name == "break.b") as u8;
                sys::brk
            }
            "nop.i" | "nop.m" | "nop.b" | "nop.x" | "hint.i" | "hint.m" | "hint.b" | "hint.x" => {
                exec::nop
            }
            "chk.s.i" | "chk.s.m" => {
                o.imm = target(ops[1]);
                mem::chk_s
            }
            "chk.s" => {
                o.a = 1;
                o.imm = target(ops[1]);
                mem::chk_s
            }
            "chk.a.nc" | "chk.a.clr" => {
                o.a = (kinds[0] == Opnd::F1) as u8;
                o.b = (name == "chk.a.clr") as u8;
                o.imm = target(ops[1]);
                if o.a == 1 {
                    o.max = 0;
                }
                mem::chk_a
            }
            // ---- M unit memory
            "ld" | "ld8.fill" | "ld16" => return load_op(i, o),
            "st" | "st8.spill" | "st16" => {
                o.a = if name == "st" {
                    1 << (i.comps[0] & 3)
                } else {
                    8
                };
                if has(Opnd::IMM9A) {
                    o.imm = ops[2] as u64;
                    o.c = mem::flag::INC_IMM;
                    if o.r3 == 0 {
                        return ILLEGAL_AT(i);
                    }
                }
                match name {
                    "st" => {
                        if o.a == 8 && o.c == 0 {
                            o.kind = Kind::St8;
                        }
                        mem::st_of(o.a)
                    }
                    "st8.spill" => mem::st_spill,
                    _ => mem::st16,
                }
            }
            "xchg" | "cmpxchg" => {
                o.a = 1 << (i.comps[0] & 3);
                o.b = if name == "xchg" {
                    mem::sem::XCHG
                } else {
                    mem::sem::CMPXCHG
                };
                mem::semaphore
            }
            "fetchadd" => {
                o.a = if i.comps[0] == 0 { 4 } else { 8 };
                o.b = mem::sem::FETCHADD;
                o.imm = ops[2] as u64;
                mem::semaphore
            }
            "cmp8xchg16" => {
                o.a = 8;
                o.b = mem::sem::CMP8XCHG16;
                mem::semaphore
            }
            "getf" => {
                o.a = i.comps[0];
                mem::getf
            }
            "setf" => {
                o.a = i.comps[0];
                mem::setf
            }
            "ldf" | "ldf.fill" | "ldfp" | "ldfps" => return fp_load_op(i, o),
            "stf" | "stf.spill" => {
                o.a = if name == "stf" {
                    i.comps[0]
                } else {
                    mem::fmt::SPILL
                };
                if has(Opnd::IMM9A) {
                    o.imm = ops[2] as u64;
                    o.c = mem::flag::INC_IMM;
                    if o.r3 == 0 {
                        return ILLEGAL_AT(i);
                    }
                }
                mem::stf
            }
            "lfetch" => {
                if i.comps[0] >= 2 {
                    o.c |= mem::flag::FAULT;
                }
                if has(Opnd::IMM9B) {
                    o.imm = ops[1] as u64;
                    o.c |= mem::flag::INC_IMM;
                } else if has(Opnd::R2) {
                    o.c |= mem::flag::INC_REG;
                }
                if o.c & (mem::flag::INC_IMM | mem::flag::INC_REG) != 0 && o.r3 == 0 {
                    return ILLEGAL_AT(i);
                }
                mem::lfetch
            }
            "lfetch.count" => exec::nop,
            "invala" => mem::invala,
            "invala.e" => {
                o.a = (kinds[0] == Opnd::F1) as u8;
                if o.a == 1 {
                    o.max = 0;
                }
                mem::invala_e
            }
            "fwb" | "mf" | "mf.a" | "srlz.d" | "srlz.i" | "brp" | "brp.ret" => exec::nop,
            "sync.i" => sys::code_sync,
            "fc" | "fc.i" => {
                o.b = 1;
                sys::code_sync
            }
            "flushrs" => sys::flushrs,
            "loadrs" => sys::loadrs,
            "mov" if has(Opnd::CR3) => {
                o.a = if kinds[0] == Opnd::CR3 {
                    ops[0]
                } else {
                    ops[1]
                } as u8;
                if !sys::cr_exists(o.a) {
                    return ILLEGAL_AT(i);
                }
                let interruption = sys::INTERRUPTION_CRS.contains(&o.a);
                match (kinds[0] == Opnd::CR3, interruption) {
                    (true, true) => sys::mov_to_icr,
                    (true, false) => sys::mov_to_cr,
                    (false, true) => sys::mov_from_icr,
                    (false, false) => sys::mov_from_cr,
                }
            }
            "alloc" => {
                o.a = ops[2] as u8;
                o.b = ops[3] as u8;
                o.c = ops[4] as u8;
                o.max = 0;
                if !sys::alloc_valid(o.r1, o.a, o.b, o.c) {
                    return ILLEGAL_AT(i);
                }
                o.gate = gate::FRAME;
                o.kind = Kind::Alloc;
                sys::alloc
            }
            "mov" if has(Opnd::PSR_L) => sys::mov_to_psr_l,
            "mov" if has(Opnd::PSR_UM) && kinds[0] == Opnd::PSR_UM => sys::mov_to_psr_um,
            "mov" if has(Opnd::PSR_UM) => {
                o.b = 1;
                sys::mov_from_psr
            }
            "mov" if has(Opnd::PSR) => sys::mov_from_psr,
            "mov" if has(Opnd::IMM16_DAHR) => exec::nop,
            "mov" if has(Opnd::DAHR_R3) => {
                o.imm = 0;
                alu::movi
            }
            "probe.r" | "probe.w" | "probe.rw.fault" | "probe.r.fault" | "probe.w.fault" => {
                let mut b = 0;
                if name.starts_with("probe.w") {
                    b |= 1;
                }
                if has(Opnd::IMM2) {
                    b |= 2;
                    let at = kinds.iter().position(|k| *k == Opnd::IMM2).unwrap_or(0);
                    o.imm = ops[at] as u64;
                }
                if name.ends_with(".fault") {
                    b |= 4;
                }
                if name == "probe.rw.fault" {
                    b |= 8;
                }
                o.b = b;
                sys::probe
            }
            "itc.d" | "itc.i" | "itr.d" | "itr.i" => {
                o.b = match name {
                    "itc.d" => sys::tlb::ITC_D,
                    "itc.i" => sys::tlb::ITC_I,
                    "itr.d" => sys::tlb::ITR_D,
                    _ => sys::tlb::ITR_I,
                };
                sys::tlb_insert
            }
            "mov" if indirect_file(kinds).is_some() => {
                o.a = indirect_file(kinds).unwrap_or(0);
                if f.outputs == 1 && kinds[0] == Opnd::R1 {
                    sys::mov_from_ind
                } else {
                    sys::mov_to_ind
                }
            }
            "sum" | "rum" | "ssm" | "rsm" => {
                o.imm = ops[0] as u64;
                o.b = match name {
                    "sum" => 0,
                    "rum" => 1,
                    "ssm" => 2,
                    _ => 3,
                };
                sys::psr_mask
            }
            "ptc.l" | "ptc.g" | "ptc.ga" | "ptr.d" | "ptr.i" | "ptc.e" => {
                o.b = match name {
                    "ptc.l" => sys::purge::PTC_L,
                    "ptc.g" => sys::purge::PTC_G,
                    "ptc.ga" => sys::purge::PTC_GA,
                    "ptr.d" => sys::purge::PTR_D,
                    "ptr.i" => sys::purge::PTR_I,
                    _ => sys::purge::PTC_E,
                };
                sys::tlb_purge
            }
            "thash" | "ttag" | "tpa" | "tak" => {
                o.b = match name {
                    "thash" => sys::query::THASH,
                    "ttag" => sys::query::TTAG,
                    "tpa" => sys::query::TPA,
                    _ => sys::query::TAK,
                };
                sys::tlb_query
            }
            // ---- B unit
            "br" | "br.cond" | "brl" | "brl.cond" if has(Opnd::B2) => {
                o.b = ops[0] as u8;
                branch::br_ind
            }
            "br" | "br.cond" | "brl" | "brl.cond" => {
                o.imm = target(ops[0]);
                o.kind = Kind::Br;
                branch::br
            }
            "br.call" | "brl.call" if has(Opnd::B2) => {
                o.a = ops[0] as u8;
                o.b = ops[1] as u8;
                branch::br_call_ind
            }
            "br.call" | "brl.call" => {
                o.a = ops[0] as u8;
                o.imm = target(ops[1]);
                o.kind = Kind::BrCall;
                branch::br_call
            }
            "br.ret" => {
                o.b = ops[0] as u8;
                o.kind = Kind::BrRet;
                branch::br_ret
            }
            "br.ia" => branch::br_ia,
            "br.cloop" => {
                o.imm = target(ops[0]);
                o.kind = Kind::BrCloop;
                branch::br_cloop
            }
            "br.ctop" | "br.cexit" => {
                o.imm = target(ops[0]);
                o.b = (name == "br.cexit") as u8;
                branch::br_ctop
            }
            "br.wtop" | "br.wexit" => {
                o.imm = target(ops[0]);
                o.b = (name == "br.wexit") as u8;
                o.c = i.qp;
                o.qp = 0;
                branch::br_wtop
            }
            "cover" => {
                o.gate = gate::FRAME;
                sys::cover
            }
            "clrrrb" => sys::clrrrb,
            "clrrrb.pr" => {
                o.b = 1;
                sys::clrrrb
            }
            "rfi" => sys::rfi,
            "bsw.0" | "bsw.1" => {
                o.b = (name == "bsw.1") as u8;
                sys::bsw
            }
            "epc" => sys::epc,
            "vmsw.0" | "vmsw.1" => exec::illegal,
            "movl" => {
                o.imm = ops[1] as u64;
                o.kind = Kind::MovImm;
                alu::movi
            }
            _ => {
                o.ext = push_insn(cpu, i);
                exec::unimplemented
            }
        },
    };
    o.h = h;
    // Function addresses identify the handler; a missed match only costs a call.
    if std::ptr::eq(h as *const (), exec::nop as *const ()) {
        o.gate |= gate::NOP;
    }
    o
}

/// An Illegal Operation op for instruction `i` (keeps its predicate).
#[allow(non_snake_case)]
fn ILLEGAL_AT(i: &Instruction) -> Op {
    Op::new(exec::illegal, i.qp)
}

fn push_insn(cpu: &mut Cpu, i: &Instruction) -> u32 {
    cpu.insns.push(*i);
    (cpu.insns.len() - 1) as u32
}

/// The indirect register file a `mov` names.
fn indirect_file(kinds: &[Opnd]) -> Option<u8> {
    kinds.iter().find_map(|k| match k {
        Opnd::RR_R3 => Some(sys::file::RR),
        Opnd::PKR_R3 => Some(sys::file::PKR),
        Opnd::DBR_R3 => Some(sys::file::DBR),
        Opnd::IBR_R3 => Some(sys::file::IBR),
        Opnd::PMC_R3 => Some(sys::file::PMC),
        Opnd::PMD_R3 => Some(sys::file::PMD),
        Opnd::MSR_R3 => Some(sys::file::MSR),
        Opnd::CPUID_R3 => Some(sys::file::CPUID),
        _ => None,
    })
}

/// Compare type from a mnemonic suffix.
fn ctype_of(s: &str) -> u8 {
    if s.ends_with(".or.andcm") {
        cmp::ctype::OR_ANDCM
    } else if s.ends_with(".unc") {
        cmp::ctype::UNC
    } else if s.ends_with(".and") {
        cmp::ctype::AND
    } else if s.ends_with(".or") {
        cmp::ctype::OR
    } else {
        cmp::ctype::NONE
    }
}

fn cmp_op(i: &Instruction, mut o: Op) -> Op {
    let f = i.form();
    let mut parts = f.name.split('.');
    let cmp4 = parts.next() == Some("cmp4");
    let relation = match parts.next() {
        Some("eq") => cmp::rel::EQ,
        Some("ne") => cmp::rel::NE,
        Some("lt") => cmp::rel::LT,
        Some("le") => cmp::rel::LE,
        Some("gt") => cmp::rel::GT,
        Some("ge") => cmp::rel::GE,
        _ => cmp::rel::LTU,
    };
    let ct = ctype_of(f.name);
    let imm = f.operands.contains(&Opnd::IMM8);
    if imm {
        o.imm = i.ops[2] as u64;
    }
    o.b = cmp::pack(relation, ct, cmp4, imm);
    o.c = i.qp;
    if ct == cmp::ctype::UNC {
        o.qp = 0;
    }
    (o.h, o.kind) = match (relation, ct, cmp4, imm) {
        (cmp::rel::EQ, cmp::ctype::NONE, false, false) => (cmp::cmp_eq as Handler, Kind::CmpEq),
        (cmp::rel::LT, cmp::ctype::NONE, false, true) => {
            (cmp::cmp_imm_lt as Handler, Kind::CmpImmLt)
        }
        _ => (cmp::cmp as Handler, Kind::Call),
    };
    o
}

fn test_op(i: &Instruction, mut o: Op) -> Op {
    let f = i.form();
    let c0 = comp(i, 0);
    let nz = c0.starts_with(".nz");
    let ct = ctype_of(c0);
    o.b = cmp::pack(
        if nz { cmp::rel::NZ } else { cmp::rel::Z },
        ct,
        false,
        false,
    );
    o.c = i.qp;
    if ct == cmp::ctype::UNC {
        o.qp = 0;
    }
    o.h = match f.name {
        "tbit" => {
            o.imm = i.ops[3] as u64;
            cmp::tbit
        }
        "tnat" => cmp::tnat,
        _ => cmp::tf,
    };
    o
}

fn mm_op(i: &Instruction, mut o: Op) -> Op {
    let f = i.form();
    let Some(op) = mm::MmOp::from_name(f.name) else {
        return ILLEGAL_AT(i);
    };
    o.b = op as u8;
    let kinds = f.operands;
    let ops = &i.ops;
    use mm::MmOp::*;
    o.h = match op {
        Pshr2 | Pshr4 | Pshr2U | Pshr4U if kinds.contains(&Opnd::COUNT5B) => {
            o.r2 = ops[1] as u8;
            o.imm = ops[2] as u64;
            mm::mm_shift_imm
        }
        Pshl2 | Pshl4 if kinds.contains(&Opnd::CCOUNT5C) => {
            o.imm = ops[2] as u64;
            mm::mm_shift_imm
        }
        Pshr2 | Pshr4 | Pshr2U | Pshr4U => {
            // pshr r1 = r3, r2: shifted value in r3, count in r2.
            let (src, cnt) = (ops[1] as u8, ops[2] as u8);
            o.r2 = src;
            o.r3 = cnt;
            mm::mm_shift
        }
        Pshl2 | Pshl4 => mm::mm_shift,
        Mux1 | Mux2 => {
            o.a = ops[2] as u8;
            mm::mm_r
        }
        Popcnt | Clz | Czx1L | Czx2L | Czx1R | Czx2R => {
            o.r2 = ops[1] as u8;
            mm::mm_r
        }
        Pshladd2 | Pshradd2 => {
            o.a = ops[2] as u8;
            mm::mm_shadd
        }
        Pmpyshr2 | Pmpyshr2U => {
            o.a = ops[3] as u8;
            mm::mm_rr
        }
        _ => mm::mm_rr,
    };
    o
}

fn ldtype(i: &Instruction, k: usize) -> u8 {
    i.comps.get(k).copied().unwrap_or(0)
}

fn load_op(i: &Instruction, mut o: Op) -> Op {
    let f = i.form();
    let kinds = f.operands;
    let ops = &i.ops;
    if kinds.contains(&Opnd::IMM9B) {
        o.imm = ops[2] as u64;
        o.c = mem::flag::INC_IMM;
    } else if kinds.contains(&Opnd::R2) {
        o.c = mem::flag::INC_REG;
    }
    if o.c != 0 && (o.r1 == o.r3 || o.r3 == 0) {
        return ILLEGAL_AT(i);
    }
    match f.name {
        "ld" => {
            o.a = 1 << (i.comps[0] & 3);
            o.b = ldtype(i, 1);
            // .bias and .acq have no effect a one-CPU in-order model can see.
            if matches!(o.b, 4 | 5) {
                o.b = mem::ldt::NONE;
            }
            if o.b == mem::ldt::C_CLR_ACQ {
                o.b = mem::ldt::C_CLR;
            }
            o.h = if o.b == mem::ldt::NONE && o.c == 0 {
                if o.a == 8 {
                    o.kind = Kind::Ld8;
                }
                mem::ld_plain_of(o.a)
            } else {
                mem::ld
            };
        }
        "ld8.fill" => {
            o.a = 8;
            o.h = mem::ld_fill;
        }
        _ => {
            o.a = 16;
            o.h = mem::ld16;
        }
    }
    o
}

fn fp_load_op(i: &Instruction, mut o: Op) -> Op {
    let f = i.form();
    let kinds = f.operands;
    let ops = &i.ops;
    o.max = o.r3.max(if kinds.contains(&Opnd::R2) { o.r2 } else { 0 });
    if o.max < 32 {
        o.max = 0;
    }
    match f.name {
        "ldf" => {
            o.a = i.comps[0];
            o.b = ldtype(i, 1);
            if kinds.contains(&Opnd::IMM9B) {
                o.imm = ops[2] as u64;
                o.c = mem::flag::INC_IMM;
            } else if kinds.contains(&Opnd::R2) {
                o.c = mem::flag::INC_REG;
            }
        }
        "ldf.fill" => {
            o.a = mem::fmt::SPILL;
            if kinds.contains(&Opnd::IMM9B) {
                o.imm = ops[2] as u64;
                o.c = mem::flag::INC_IMM;
            } else if kinds.contains(&Opnd::R2) {
                o.c = mem::flag::INC_REG;
            }
        }
        _ => {
            // ldfp8 / ldfps / ldfpd: f1, f2 = [r3] (r2 carries f2).
            o.r2 = ops[1] as u8;
            o.c = mem::flag::FAULT;
            if f.name == "ldfps" {
                o.a = mem::fmt::SINGLE;
                o.b = ldtype(i, 0);
            } else {
                o.a = i.comps[0];
                o.b = ldtype(i, 1);
            }
            if kinds.contains(&Opnd::POSTINC16) || kinds.contains(&Opnd::POSTINC8) {
                o.imm = if kinds.contains(&Opnd::POSTINC16) {
                    16
                } else {
                    8
                };
                o.c |= mem::flag::INC_IMM;
            }
            // The two targets must be in different halves (odd/even) and differ.
            if (o.r1 ^ o.r2) & 1 == 0 {
                return ILLEGAL_AT(i);
            }
        }
    }
    if o.c & (mem::flag::INC_IMM | mem::flag::INC_REG) != 0 && o.r3 == 0 {
        return ILLEGAL_AT(i);
    }
    o.h = mem::ldf;
    o
}

/// F-unit instructions go to the FP unit; `break.f`/`nop.f`/`hint.f` are handled
/// here.
fn fp_op(cpu: &mut Cpu, i: &Instruction, mut o: Op) -> Op {
    let name = i.form().name;
    match name {
        "break.f" => {
            o.imm = i.ops[0] as u64;
            o.h = sys::brk;
        }
        "nop.f" | "hint.f" => o.h = exec::nop,
        _ => {
            o.ext = push_insn(cpu, i);
            o.max = 0;
            if (name.starts_with("fcmp") || name == "fclass.m") && i.comps[0] == 1 {
                o.c = i.qp;
                o.qp = 0;
                o.h = fpu::fp_unc;
            } else {
                o.h = fpu::fp_exec;
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use ia64::decode::{MAX_COMPLETERS, MAX_OPERANDS};

    /// Every form the decoder can produce, outside the F unit (which goes to
    /// `fp::execute`), gets a handler of its own: none falls through to
    /// `Exit::Unimplemented` except `br.ia` (IA-32), whose handler says so.
    #[test]
    fn every_non_fp_form_has_a_handler() {
        let mut cpu = Cpu::new();
        let mut missing = Vec::new();
        for (id, f) in ia64::table::all() {
            if f.flags.has(Flags::ASM_ONLY) || f.unit == Unit::F {
                continue;
            }
            let mut ops = [0i64; MAX_OPERANDS];
            for (k, v) in ops.iter_mut().enumerate() {
                *v = 33 + k as i64;
            }
            let i = Instruction {
                form: id,
                qp: 0,
                ops,
                comps: [0; MAX_COMPLETERS],
            };
            let o = translate(&mut cpu, &i, 0x1000);
            if std::ptr::eq(o.h as *const (), exec::unimplemented as *const ()) {
                missing.push(f.name);
            }
        }
        assert!(missing.is_empty(), "no handler for {missing:?}");
    }

    #[test]
    fn encoding_checks_become_illegal_operation() {
        use ia64::encode::encode_bundle;
        let find = |name: &str, kinds: &[Opnd]| {
            ia64::table::all()
                .find(|(_, f)| {
                    f.name == name && f.operands == kinds && !f.flags.has(Flags::ASM_ONLY)
                })
                .map(|(id, _)| id)
                .expect("form")
        };
        let add = find("add", &[Opnd::R1, Opnd::R2, Opnd::R3]);
        let nop_i = find("nop.i", &[Opnd::IMM21]);
        let mk = |form, ops: &[i64]| {
            let mut o = [0i64; MAX_OPERANDS];
            o[..ops.len()].copy_from_slice(ops);
            Instruction {
                form,
                qp: 0,
                ops: o,
                comps: [0; MAX_COMPLETERS],
            }
        };
        // add r0 = r1, r2 ; add r8 = r1, r2 ; nop.i
        let b = encode_bundle(
            0x00,
            &[mk(add, &[0, 1, 2]), mk(add, &[8, 1, 2]), mk(nop_i, &[0])],
        )
        .expect("encode");
        let mut cpu = Cpu::new();
        let d = build(&mut cpu, 0x1000, &b.to_bytes());
        assert!(std::ptr::eq(
            d.op(0).h as *const (),
            exec::illegal as *const ()
        ));
        // (Compared by "not illegal": optimized builds may merge handlers with
        // identical bodies, so `alu::add` need not have a unique address.)
        assert!(!std::ptr::eq(
            d.op(1).h as *const (),
            exec::illegal as *const ()
        ));
        assert!(d.op(2).gate & gate::NOP != 0);
        assert_eq!(d.nslots, 3);
        // A reserved template: every slot is Illegal Operation.
        let mut bytes = b.to_bytes();
        bytes[0] = (bytes[0] & !0x1f) | 0x06;
        let d = build(&mut cpu, 0x1000, &bytes);
        assert!(std::ptr::eq(
            d.op(0).h as *const (),
            exec::illegal as *const ()
        ));
    }

    /// Ops the fast path visits.
    fn visited(d: &Decoded) -> usize {
        d.ops.iter().take_while(|o| o.gate & gate::END == 0).count()
    }

    /// The fast path's order: ops first, then nops followed by a stop, each
    /// in slot order; plain nops left out; `by_slot` finds every slot; the
    /// frame check covers ops up to an `alloc`, the ones after it recheck.
    #[test]
    fn decoded_orders_ops_for_the_fast_path() {
        let mut add = Op::new(alu::add, 0);
        add.max = 40;
        add.kind = Kind::Add;
        let mut nop = Op::new(exec::nop, 0);
        nop.gate = gate::NOP;
        let pred = Op { qp: 5, ..add };
        // nop ; add (p5) ; add r40 ;; with a stop after slot 0 and slot 2.
        let d = Decoded::new([nop, pred, add], 0b101, 3);
        assert_eq!(visited(&d), 3);
        assert_eq!(
            [d.ops[0].slot, d.ops[1].slot, d.ops[2].slot],
            [0, 1, 2],
            "a nop with a stop is visited"
        );
        assert_eq!(d.ops[0].gate, gate::NOP | gate::STOP | gate::ATTEND);
        assert_eq!(d.ops[1].gate, gate::PRED);
        assert_eq!(d.ops[2].gate, gate::STOP | gate::ATTEND);
        let stop = |i: usize| d.ops[i].gate & gate::STOP != 0;
        assert!(stop(0) && !stop(1) && stop(2));
        assert_eq!(d.need_sof, 40 - 31);
        // add r40 ; nop ; nop, no stops: only slot 0 is visited.
        let d = Decoded::new([add, nop, nop], 0, 3);
        assert_eq!(visited(&d), 1);
        assert_eq!(d.ops[0].slot, 0);
        for s in 0..3 {
            assert_eq!(d.op(s).slot as usize, s, "by_slot finds slot {s}");
        }
        // alloc ; add r40: the add is checked after the alloc ran.
        let alloc = Op {
            gate: gate::FRAME,
            kind: Kind::Alloc,
            ..Op::new(sys::alloc, 0)
        };
        let d = Decoded::new([alloc, add, nop], 0b100, 3);
        assert_eq!(d.need_sof, 0);
        assert_eq!(d.op(1).gate, gate::RECHECK);
        // `alloc` may spill onto cached code: `attention` is looked at after
        // it, as after every handler called through its pointer.
        assert_eq!(d.op(0).gate, gate::FRAME | gate::ATTEND);
        assert_eq!(visited(&d), 3);
        let d = Decoded::new([Op::new(alu::add, 0), add, nop], 0, 3);
        assert_eq!(d.op(0).gate, gate::ATTEND);
        assert_eq!(d.op(1).gate, 0);
        // MLX: two slots, slot 2 never visited.
        let d = Decoded::new([add, add, add], 0b010, 2);
        assert_eq!((d.nslots, visited(&d)), (2, 2));
    }
}
