//! Execution of F-unit instructions: a table maps each row name of
//! `ia64::table::f` to an operation; the operation reads its register fields
//! from the instruction's encoding (so pseudo-ops such as `fmpy` — `fma` with
//! f2 = f0 — and assembler-only spellings such as `fcmp.gt` — `fcmp.lt` with the
//! sources swapped — run exactly what their bits say), then follows the SDM Vol 3
//! pseudocode: target-register check, Disabled FP-Register check, NaTVal
//! propagation, faults, result, FPSR flags, psr.mfl/mfh, traps.

use std::sync::OnceLock;

use ia64::decode::Instruction;
use ia64::regs::Psr;

use super::arith::{fma, Env, Format, Pc, Status};
use super::format::{load_single, store_single, INTEGER_EXP};
use super::ops::{classify, compare, min_max, recip, rsqrt, to_integer, Approx, MinMax, Rel};
use super::{FpContext, FpException, Fr};

/// Where `fma`-family precision comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prec {
    /// Majors 8, 0xA, 0xC: `x` (bit 36) set is `.s`, clear takes sf.pc.
    SByX,
    /// `.d`.
    Double,
}

/// `fmerge`/`fpmerge` variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Merge {
    /// Sign of f2, the rest of f3.
    Sign,
    /// Negated sign of f2, the rest of f3.
    NegSign,
    /// Sign and exponent of f2, significand of f3.
    SignExp,
}

/// Bitwise operations on significands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Logic {
    /// `fand`.
    And,
    /// `fandcm`: f2 & !f3.
    AndCm,
    /// `for`.
    Or,
    /// `fxor`.
    Xor,
}

/// What a row does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// `fma`, `fms`, `fnma` and their pseudo-ops.
    Fma {
        prec: Prec,
        neg_product: bool,
        neg_addend: bool,
    },
    /// `fpma`, `fpms`, `fpnma` and their pseudo-ops.
    Pfma { neg_product: bool, neg_addend: bool },
    /// `xma.l`, `.h`, `.hu` (x2 in bits 35:34).
    Xma,
    /// `fselect`.
    Fselect,
    /// `fcmp` (relation in `rb`, `ra`).
    Fcmp,
    /// `fclass.m`.
    Fclass,
    /// `frcpa`.
    Frcpa,
    /// `frsqrta`.
    Frsqrta,
    /// `fprcpa`.
    Fprcpa,
    /// `fprsqrta`.
    Fprsqrta,
    /// `fmin`, `fmax`, `famin`, `famax`.
    MinMax(MinMax),
    /// Their parallel forms.
    PMinMax(MinMax),
    /// `fpcmp` (relation in x6 bits 29:27).
    Fpcmp,
    /// `fmerge` and `mov`, `fabs`, `fneg`, `fnegabs`.
    Merge(Merge),
    /// `fpmerge` and its pseudo-ops.
    PMerge(Merge),
    /// `fmix.l`, `.r`, `.lr`.
    Mix,
    /// `fsxt.l`, `.r`.
    Sxt,
    /// `fpack`.
    Pack,
    /// `fswap`, `.nl`, `.nr`.
    Swap,
    /// `fand`, `fandcm`, `for`, `fxor`.
    Logic(Logic),
    /// `fcvt.fx`, `.fxu`, `.trunc`.
    Fcvt,
    /// `fpcvt.fx`, `.fxu`, `.trunc`.
    Fpcvt,
    /// `fcvt.xf`.
    Fcvtxf,
    /// `fsetc`.
    Fsetc,
    /// `fclrf`.
    Fclrf,
    /// `fchkf`.
    Fchkf,
    /// `break.f`.
    Break,
    /// `nop.f`, `hint.f`.
    Nop,
}

/// `fma` and its relatives at precision `prec`, with the product or the addend
/// negated.
const fn fma_op(prec: Prec, neg_product: bool, neg_addend: bool) -> Op {
    Op::Fma {
        prec,
        neg_product,
        neg_addend,
    }
}

/// `fpma` and its relatives, with the product or the addend negated.
const fn fpma_op(neg_product: bool, neg_addend: bool) -> Op {
    Op::Pfma {
        neg_product,
        neg_addend,
    }
}

const FMA: Op = fma_op(Prec::SByX, false, false);
const FMS: Op = fma_op(Prec::SByX, false, true);
const FNMA: Op = fma_op(Prec::SByX, true, false);
const FMA_D: Op = fma_op(Prec::Double, false, false);
const FMS_D: Op = fma_op(Prec::Double, false, true);
const FNMA_D: Op = fma_op(Prec::Double, true, false);
const FPMA: Op = fpma_op(false, false);
const FPMS: Op = fpma_op(false, true);
const FPNMA: Op = fpma_op(true, false);

/// Row name → operation, for every row of `ia64::table::f`.
static OPS: &[(&str, Op)] = &[
    ("fma", FMA),
    ("fmpy", FMA),
    ("fadd", FMA),
    ("fnorm", FMA),
    ("fcvt.xuf", FMA),
    ("fms", FMS),
    ("fsub", FMS),
    ("fnma", FNMA),
    ("fnmpy", FNMA),
    ("fma.d", FMA_D),
    ("fmpy.d", FMA_D),
    ("fadd.d", FMA_D),
    ("fnorm.d", FMA_D),
    ("fcvt.xuf.d", FMA_D),
    ("fms.d", FMS_D),
    ("fsub.d", FMS_D),
    ("fnma.d", FNMA_D),
    ("fnmpy.d", FNMA_D),
    ("fpma", FPMA),
    ("fpmpy", FPMA),
    ("fpms", FPMS),
    ("fpnma", FPNMA),
    ("fpnmpy", FPNMA),
    ("xma", Op::Xma),
    ("xmpy", Op::Xma),
    ("xma.lu", Op::Xma),
    ("xmpy.lu", Op::Xma),
    ("fselect", Op::Fselect),
    ("fcmp.eq", Op::Fcmp),
    ("fcmp.lt", Op::Fcmp),
    ("fcmp.le", Op::Fcmp),
    ("fcmp.unord", Op::Fcmp),
    ("fcmp.gt", Op::Fcmp),
    ("fcmp.ge", Op::Fcmp),
    ("fcmp.neq", Op::Fcmp),
    ("fcmp.nlt", Op::Fcmp),
    ("fcmp.nle", Op::Fcmp),
    ("fcmp.ngt", Op::Fcmp),
    ("fcmp.nge", Op::Fcmp),
    ("fcmp.ord", Op::Fcmp),
    ("fclass.m", Op::Fclass),
    ("fclass.nm", Op::Fclass),
    ("frcpa", Op::Frcpa),
    ("frsqrta", Op::Frsqrta),
    ("fprcpa", Op::Fprcpa),
    ("fprsqrta", Op::Fprsqrta),
    ("fmin", Op::MinMax(MinMax::Min)),
    ("fmax", Op::MinMax(MinMax::Max)),
    ("famin", Op::MinMax(MinMax::AMin)),
    ("famax", Op::MinMax(MinMax::AMax)),
    ("fpmin", Op::PMinMax(MinMax::Min)),
    ("fpmax", Op::PMinMax(MinMax::Max)),
    ("fpamin", Op::PMinMax(MinMax::AMin)),
    ("fpamax", Op::PMinMax(MinMax::AMax)),
    ("fpcmp", Op::Fpcmp),
    ("fpcmp.gt", Op::Fpcmp),
    ("fpcmp.ge", Op::Fpcmp),
    ("fpcmp.ngt", Op::Fpcmp),
    ("fpcmp.nge", Op::Fpcmp),
    ("mov", Op::Merge(Merge::Sign)),
    ("fabs", Op::Merge(Merge::Sign)),
    ("fmerge.s", Op::Merge(Merge::Sign)),
    ("fneg", Op::Merge(Merge::NegSign)),
    ("fnegabs", Op::Merge(Merge::NegSign)),
    ("fmerge.ns", Op::Merge(Merge::NegSign)),
    ("fmerge.se", Op::Merge(Merge::SignExp)),
    ("fpabs", Op::PMerge(Merge::Sign)),
    ("fpmerge.s", Op::PMerge(Merge::Sign)),
    ("fpneg", Op::PMerge(Merge::NegSign)),
    ("fpnegabs", Op::PMerge(Merge::NegSign)),
    ("fpmerge.ns", Op::PMerge(Merge::NegSign)),
    ("fpmerge.se", Op::PMerge(Merge::SignExp)),
    ("fmix", Op::Mix),
    ("fsxt", Op::Sxt),
    ("fpack", Op::Pack),
    ("fswap", Op::Swap),
    ("fand", Op::Logic(Logic::And)),
    ("fandcm", Op::Logic(Logic::AndCm)),
    ("for", Op::Logic(Logic::Or)),
    ("fxor", Op::Logic(Logic::Xor)),
    ("fcvt", Op::Fcvt),
    ("fpcvt", Op::Fpcvt),
    ("fcvt.xf", Op::Fcvtxf),
    ("fsetc", Op::Fsetc),
    ("fclrf", Op::Fclrf),
    ("fchkf", Op::Fchkf),
    ("break.f", Op::Break),
    ("nop.f", Op::Nop),
    ("hint.f", Op::Nop),
];

/// The operation of each row of `ia64::table::f` (by row index), and that
/// table's index in `ia64::table::SLICES`.
struct Dispatch {
    slice: usize,
    ops: Vec<Option<Op>>,
}

fn dispatch() -> &'static Dispatch {
    static D: OnceLock<Dispatch> = OnceLock::new();
    D.get_or_init(|| {
        let forms = ia64::table::f::FORMS;
        // Compared by value: the same table may sit at two addresses.
        let slice = ia64::table::SLICES
            .iter()
            .position(|s| *s == forms)
            .unwrap_or(usize::MAX);
        let ops = forms
            .iter()
            .map(|f| OPS.iter().find(|(n, _)| *n == f.name).map(|&(_, op)| op))
            .collect();
        Dispatch { slice, ops }
    })
}

fn op_of(insn: &Instruction) -> Option<Op> {
    let d = dispatch();
    let id = insn.form.0;
    if usize::from(id >> 12) != d.slice {
        return None;
    }
    d.ops.get(usize::from(id & 0xfff)).copied().flatten()
}

/// The fields of an F-unit slot (SDM Vol 3 §4.6, formats F1–F16).
#[derive(Clone, Copy, Debug)]
struct Slot(u64);

impl Slot {
    fn field(self, lo: u32, len: u32) -> u64 {
        (self.0 >> lo) & ((1 << len) - 1)
    }
    fn f1(self) -> u8 {
        self.field(6, 7) as u8
    }
    fn f2(self) -> u8 {
        self.field(13, 7) as u8
    }
    fn f3(self) -> u8 {
        self.field(20, 7) as u8
    }
    fn f4(self) -> u8 {
        self.field(27, 7) as u8
    }
    fn p1(self) -> u8 {
        self.field(6, 6) as u8
    }
    fn p2(self) -> u8 {
        self.field(27, 6) as u8
    }
    fn sf(self) -> u8 {
        self.field(34, 2) as u8
    }
    fn bit(self, n: u32) -> bool {
        self.field(n, 1) != 0
    }
}

/// Disabled FP-Register check for the FRs an instruction names (SDM
/// `fp_reg_disabled`): f2–f31 with psr.dfl, f32–f127 with psr.dfh. The core
/// uses it for the M-unit FP operations too.
pub fn disabled_check(psr: u64, regs: &[u8]) -> Result<(), FpException> {
    let psr = Psr::from_bits_retain(psr);
    let low = psr.contains(Psr::DFL) && regs.iter().any(|&r| (2..32).contains(&r));
    let high = psr.contains(Psr::DFH) && regs.iter().any(|&r| r >= 32);
    if low || high {
        Err(FpException::Disabled { high })
    } else {
        Ok(())
    }
}

/// Writing f0 or f1 is an Illegal Operation (SDM `fp_check_target_register`).
fn check_target(f1: u8) -> Result<(), FpException> {
    if f1 < 2 {
        Err(FpException::Illegal)
    } else {
        Ok(())
    }
}

/// Fault bits of one lane (scalar or high half), and of the low half.
fn fault_code(hi: u8, lo: u8) -> FpException {
    FpException::Fault {
        isr_code: u16::from(hi) | u16::from(lo) << 4,
    }
}

/// The trap code bits of one lane: o, u, i, fpa.
fn trap_bits(st: &Status) -> u16 {
    use super::arith::flag;
    if st.traps == 0 {
        return 0;
    }
    let mut b = 0;
    if st.traps & flag::O != 0 {
        b |= 1;
    }
    if st.traps & flag::U != 0 {
        b |= 2;
    }
    if st.traps & flag::I != 0 {
        b |= 4;
    }
    if st.fpa {
        b |= 8;
    }
    b
}

/// The executing instruction's context.
struct Run<'a> {
    cx: &'a mut dyn FpContext,
    s: Slot,
    sf: u8,
    env: Env,
}

impl Run<'_> {
    fn fr(&self, n: u8) -> Fr {
        self.cx.fr(n)
    }

    fn disabled(&self, regs: &[u8]) -> Result<(), FpException> {
        disabled_check(self.cx.psr(), regs)
    }

    /// Writes f1 and sets psr.mfl/mfh (SDM `fp_update_psr`).
    fn write(&mut self, f1: u8, v: Fr) {
        self.cx.set_fr(f1, v);
        self.cx.set_psr_mfl_mfh((2..32).contains(&f1), f1 >= 32);
    }

    fn set_pr(&mut self, p: u8, v: bool) {
        if p != 0 {
            self.cx.set_pr(p, v);
        }
    }

    /// ORs flags into the status field (SDM `fp_update_fpsr`).
    fn flags(&mut self, flags: u8) {
        if flags != 0 {
            let shift = 6 + 13 * u32::from(self.sf) + 7;
            let v = self.cx.fpsr() | u64::from(flags) << shift;
            self.cx.set_fpsr(v);
        }
    }

    /// Completes a scalar operation: result, flags, psr, then a trap if any.
    fn finish(&mut self, f1: u8, v: Fr, st: Status) -> Result<(), FpException> {
        self.write(f1, v);
        self.flags(st.flags);
        match trap_bits(&st) {
            0 => Ok(()),
            b => Err(FpException::Trap {
                isr_code: 1 | b << 11,
            }),
        }
    }

    /// Completes a parallel operation whose halves (high, low) reported `hi`, `lo`.
    fn finish_pair(&mut self, f1: u8, v: u64, hi: Status, lo: Status) -> Result<(), FpException> {
        self.write(f1, Fr::integer(v));
        self.flags(hi.flags | lo.flags);
        match (trap_bits(&hi), trap_bits(&lo)) {
            (0, 0) => Ok(()),
            (h, l) => Err(FpException::Trap {
                isr_code: 1 | h << 11 | l << 7,
            }),
        }
    }
}

/// The two singles of a parallel register: (bits 63:32, bits 31:0).
fn halves(f: Fr) -> (u32, u32) {
    ((f.significand >> 32) as u32, f.significand as u32)
}

fn pair(hi: u32, lo: u32) -> u64 {
    u64::from(hi) << 32 | u64::from(lo)
}

/// One half's result and status.
type Lane<T> = (T, Status);

/// Runs a per-half operation on both singles; a fault in either stops both.
fn both<T>(
    hi: impl FnOnce() -> Result<(T, Status), u8>,
    lo: impl FnOnce() -> Result<(T, Status), u8>,
) -> Result<(Lane<T>, Lane<T>), FpException> {
    match (hi(), lo()) {
        (Ok(h), Ok(l)) => Ok((h, l)),
        (h, l) => Err(fault_code(h.err().unwrap_or(0), l.err().unwrap_or(0))),
    }
}

/// Executes one F-unit instruction (or `xma`) whose qualifying predicate is
/// true. `Ok` when it completed without an interruption; a trap is reported
/// after the instruction's results were written.
///
/// A false qualifying predicate (read through `cx`) runs [`predicated_off`]
/// instead, so a core may pass `.unc` compares and `frcpa` here unfiltered.
pub fn execute(insn: &Instruction, cx: &mut dyn FpContext) -> Result<(), FpException> {
    if insn.qp != 0 && !cx.pr(insn.qp) {
        predicated_off(insn, cx);
        return Ok(());
    }
    let op = op_of(insn).ok_or(FpException::Illegal)?;
    let s = Slot(
        ia64::encode::encode(insn)
            .map_err(|_| FpException::Illegal)?
            .slot,
    );
    let sf = s.sf();
    let env = Env::from_fpsr(cx.fpsr(), sf);
    let mut r = Run { cx, s, sf, env };
    match op {
        Op::Fma {
            prec,
            neg_product,
            neg_addend,
        } => scalar_fma(&mut r, prec, neg_product, neg_addend),
        Op::Pfma {
            neg_product,
            neg_addend,
        } => parallel_fma(&mut r, neg_product, neg_addend),
        Op::Xma => xma(&mut r),
        Op::Fselect => bitwise3(&mut r, |f3, f4, f2| (f3 & f2) | (f4 & !f2)),
        Op::Fcmp => fcmp(&mut r),
        Op::Fclass => fclass(&mut r),
        Op::Frcpa | Op::Fprcpa => frcpa(&mut r, op == Op::Fprcpa),
        Op::Frsqrta | Op::Fprsqrta => frsqrta(&mut r, op == Op::Fprsqrta),
        Op::MinMax(kind) => arith2(&mut r, |env, a, b| min_max(env, a, b, kind)),
        Op::PMinMax(kind) => parallel_min_max(&mut r, kind),
        Op::Fpcmp => fpcmp(&mut r),
        Op::Merge(m) => data2(&mut r, |a, b| merge(m, a, b)),
        Op::PMerge(m) => {
            let mask = match m {
                Merge::Sign | Merge::NegSign => 0x8000_0000_8000_0000u64,
                Merge::SignExp => 0xff80_0000_ff80_0000,
            };
            let neg = m == Merge::NegSign;
            data2(&mut r, move |a, b| {
                let sign = if neg { !a.significand } else { a.significand };
                Fr::integer((sign & mask) | (b.significand & !mask))
            })
        }
        Op::Mix => {
            let pick = match s.field(27, 2) {
                1 => |a: Fr, b: Fr| pair(halves(a).0, halves(b).1),
                2 => |a: Fr, b: Fr| pair(halves(a).1, halves(b).1),
                3 => |a: Fr, b: Fr| pair(halves(a).0, halves(b).0),
                _ => return Err(FpException::Illegal),
            };
            data2(&mut r, move |a, b| Fr::integer(pick(a, b)))
        }
        Op::Sxt => {
            let left = s.bit(27);
            data2(&mut r, move |a, b| {
                let bit = if left { 63 } else { 31 };
                let ext = if (a.significand >> bit) & 1 != 0 {
                    u32::MAX
                } else {
                    0
                };
                Fr::integer(pair(ext, if left { halves(b).0 } else { halves(b).1 }))
            })
        }
        Op::Pack => data2(&mut r, |a, b| {
            Fr::integer(pair(store_single(a), store_single(b)))
        }),
        Op::Swap => {
            let kind = s.field(27, 2);
            if kind == 3 {
                return Err(FpException::Illegal);
            }
            data2(&mut r, move |a, b| {
                let v = pair(halves(b).1, halves(a).0);
                Fr::integer(match kind {
                    1 => v ^ 1 << 63,
                    2 => v ^ 1 << 31,
                    _ => v,
                })
            })
        }
        Op::Logic(l) => data2(&mut r, move |a, b| {
            let (x, y) = (a.significand, b.significand);
            Fr::integer(match l {
                Logic::And => x & y,
                Logic::AndCm => x & !y,
                Logic::Or => x | y,
                Logic::Xor => x ^ y,
            })
        }),
        Op::Fcvt => fcvt(&mut r, false),
        Op::Fpcvt => fcvt(&mut r, true),
        Op::Fcvtxf => fcvt_xf(&mut r),
        Op::Fsetc => fsetc(&mut r),
        Op::Fclrf => {
            let v = r.cx.fpsr() & !(0x3f << (6 + 13 * u32::from(sf) + 7));
            r.cx.set_fpsr(v);
            Ok(())
        }
        Op::Fchkf => {
            let fpsr = r.cx.fpsr();
            let flags_of = |n: u8| (fpsr >> (6 + 13 * u32::from(n) + 7)) & 0x3f;
            let flags = flags_of(sf);
            // SDM fchkf: branch if a flag is set whose trap is enabled, or one
            // sf0 does not have.
            if flags & !(fpsr & 0x3f) != 0 || flags & !flags_of(0) != 0 {
                r.cx.branch(insn.ops[0]);
            }
            Ok(())
        }
        Op::Break => Err(FpException::Break {
            imm: insn.ops[0] as u64,
        }),
        Op::Nop => Ok(()),
    }
}

/// Does what a false qualifying predicate still does: `fcmp.unc`/`fclass.unc`
/// clear p1 and p2; `frcpa`, `frsqrta`, `fprcpa`, `fprsqrta` clear p2 (SDM Vol 3
/// pseudocode `else` branches). Every other instruction does nothing.
pub fn predicated_off(insn: &Instruction, cx: &mut dyn FpContext) {
    let Some(op) = op_of(insn) else { return };
    let Ok(enc) = ia64::encode::encode(insn) else {
        return;
    };
    let s = Slot(enc.slot);
    let clear = |cx: &mut dyn FpContext, p: u8| {
        if p != 0 {
            cx.set_pr(p, false);
        }
    };
    match op {
        Op::Fcmp | Op::Fclass if s.bit(12) => {
            clear(cx, s.p1());
            clear(cx, s.p2());
        }
        Op::Frcpa | Op::Fprcpa | Op::Frsqrta | Op::Fprsqrta => clear(cx, s.p2()),
        _ => {}
    }
}

fn scalar_fma(
    r: &mut Run,
    prec: Prec,
    neg_product: bool,
    neg_addend: bool,
) -> Result<(), FpException> {
    let (f1, f2, f3, f4) = (r.s.f1(), r.s.f2(), r.s.f3(), r.s.f4());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3, f4])?;
    let (a, b, c) = (r.fr(f3), r.fr(f4), r.fr(f2));
    if a.is_natval() || b.is_natval() || c.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    let pc = match prec {
        Prec::Double => Pc::Double,
        Prec::SByX if r.s.bit(36) => Pc::Single,
        Prec::SByX => Pc::Dynamic,
    };
    let fmt = Format::scalar(pc, &r.env);
    let addend = (f2 != 0).then_some(c);
    match fma(&r.env, &fmt, a, b, addend, neg_product, neg_addend) {
        Ok((v, st)) => r.finish(f1, v, st),
        Err(bits) => Err(fault_code(bits, 0)),
    }
}

fn parallel_fma(r: &mut Run, neg_product: bool, neg_addend: bool) -> Result<(), FpException> {
    let (f1, f2, f3, f4) = (r.s.f1(), r.s.f2(), r.s.f3(), r.s.f4());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3, f4])?;
    let (a, b, c) = (r.fr(f3), r.fr(f4), r.fr(f2));
    if a.is_natval() || b.is_natval() || c.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    let (ah, al) = halves(a);
    let (bh, bl) = halves(b);
    let (ch, cl) = halves(c);
    let env = r.env;
    let lane = |x: u32, y: u32, z: u32| {
        let addend = (f2 != 0).then(|| load_single(z));
        fma(
            &env,
            &Format::SIMD,
            load_single(x),
            load_single(y),
            addend,
            neg_product,
            neg_addend,
        )
    };
    let ((vh, sh), (vl, sl)) = both(|| lane(ah, bh, ch), || lane(al, bl, cl))?;
    r.finish_pair(f1, pair(store_single(vh), store_single(vl)), sh, sl)
}

fn xma(r: &mut Run) -> Result<(), FpException> {
    let (f1, f2, f3, f4) = (r.s.f1(), r.s.f2(), r.s.f3(), r.s.f4());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3, f4])?;
    let (a, b, c) = (r.fr(f3), r.fr(f4), r.fr(f2));
    if a.is_natval() || b.is_natval() || c.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    let (x, y, z) = (a.significand, b.significand, u128::from(c.significand));
    // SDM xma: f3 × f4 as signed (.h) or unsigned (.l, .hu) integers, plus f2
    // zero-extended; .l takes the low 64 bits, .h/.hu the high.
    let v = match r.s.field(34, 2) {
        0 => x.wrapping_mul(y).wrapping_add(c.significand),
        2 => ((u128::from(x) * u128::from(y)).wrapping_add(z) >> 64) as u64,
        3 => ((i128::from(x as i64) * i128::from(y as i64)).wrapping_add(z as i128) >> 64) as u64,
        _ => return Err(FpException::Illegal),
    };
    r.write(f1, Fr::integer(v));
    Ok(())
}

/// A data-movement operation of f2 and f3 (no status).
fn data2(r: &mut Run, f: impl FnOnce(Fr, Fr) -> Fr) -> Result<(), FpException> {
    let (f1, f2, f3) = (r.s.f1(), r.s.f2(), r.s.f3());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3])?;
    let (a, b) = (r.fr(f2), r.fr(f3));
    let v = if a.is_natval() || b.is_natval() {
        Fr::NATVAL
    } else {
        f(a, b)
    };
    r.write(f1, v);
    Ok(())
}

/// A bitwise operation of the significands of f3, f4, f2 (`fselect`).
fn bitwise3(r: &mut Run, f: impl FnOnce(u64, u64, u64) -> u64) -> Result<(), FpException> {
    let (f1, f2, f3, f4) = (r.s.f1(), r.s.f2(), r.s.f3(), r.s.f4());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3, f4])?;
    let (a, b, c) = (r.fr(f3), r.fr(f4), r.fr(f2));
    let v = if a.is_natval() || b.is_natval() || c.is_natval() {
        Fr::NATVAL
    } else {
        Fr::integer(f(a.significand, b.significand, c.significand))
    };
    r.write(f1, v);
    Ok(())
}

fn merge(m: Merge, a: Fr, b: Fr) -> Fr {
    match m {
        Merge::Sign => Fr { sign: a.sign, ..b },
        Merge::NegSign => Fr { sign: !a.sign, ..b },
        Merge::SignExp => Fr {
            sign: a.sign,
            exp: a.exp,
            significand: b.significand,
        },
    }
}

/// A scalar arithmetic operation of f2 and f3 with status (`fmin`…).
fn arith2(
    r: &mut Run,
    f: impl FnOnce(&Env, Fr, Fr) -> Result<(Fr, Status), u8>,
) -> Result<(), FpException> {
    let (f1, f2, f3) = (r.s.f1(), r.s.f2(), r.s.f3());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3])?;
    let (a, b) = (r.fr(f2), r.fr(f3));
    if a.is_natval() || b.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    match f(&r.env, a, b) {
        Ok((v, st)) => r.finish(f1, v, st),
        Err(bits) => Err(fault_code(bits, 0)),
    }
}

fn parallel_min_max(r: &mut Run, kind: MinMax) -> Result<(), FpException> {
    let (f1, f2, f3) = (r.s.f1(), r.s.f2(), r.s.f3());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3])?;
    let (a, b) = (r.fr(f2), r.fr(f3));
    if a.is_natval() || b.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    let ((ah, al), (bh, bl)) = (halves(a), halves(b));
    let env = r.env;
    // The selected single is returned bit for bit.
    let lane = |x: u32, y: u32| {
        min_max(&env, load_single(x), load_single(y), kind)
            .map(|(v, st)| (if v == load_single(x) { x } else { y }, st))
    };
    let ((vh, sh), (vl, sl)) = both(|| lane(ah, bh), || lane(al, bl))?;
    r.finish_pair(f1, pair(vh, vl), sh, sl)
}

fn fcmp(r: &mut Run) -> Result<(), FpException> {
    let (p1, p2, f2, f3) = (r.s.p1(), r.s.p2(), r.s.f2(), r.s.f3());
    if p1 == p2 {
        return Err(FpException::Illegal);
    }
    r.disabled(&[f2, f3])?;
    let (a, b) = (r.fr(f2), r.fr(f3));
    if a.is_natval() || b.is_natval() {
        r.set_pr(p1, false);
        r.set_pr(p2, false);
        return Ok(());
    }
    let rel = match (r.s.bit(36), r.s.bit(33)) {
        (false, false) => Rel::Eq,
        (true, false) => Rel::Lt,
        (false, true) => Rel::Le,
        (true, true) => Rel::Unord,
    };
    let (v, st) = compare(&r.env, a, b, rel).map_err(|bits| fault_code(bits, 0))?;
    r.set_pr(p1, v);
    r.set_pr(p2, !v);
    r.flags(st.flags);
    Ok(())
}

fn fclass(r: &mut Run) -> Result<(), FpException> {
    let (p1, p2, f2) = (r.s.p1(), r.s.p2(), r.s.f2());
    if p1 == p2 {
        return Err(FpException::Illegal);
    }
    r.disabled(&[f2])?;
    let mask = (r.s.field(33, 2) | r.s.field(20, 7) << 2) as u16;
    let a = r.fr(f2);
    // SDM fclass: a NaTVal not tested for (@nat clear) clears both targets.
    let (v1, v2) = if a.is_natval() && mask & 0x100 == 0 {
        (false, false)
    } else {
        let v = classify(a, mask);
        (v, !v)
    };
    r.set_pr(p1, v1);
    r.set_pr(p2, v2);
    Ok(())
}

fn frcpa(r: &mut Run, parallel: bool) -> Result<(), FpException> {
    let (f1, p2, f2, f3) = (r.s.f1(), r.s.p2(), r.s.f2(), r.s.f3());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3])?;
    let (a, b) = (r.fr(f2), r.fr(f3));
    if a.is_natval() || b.is_natval() {
        r.write(f1, Fr::NATVAL);
        r.set_pr(p2, false);
        return Ok(());
    }
    let env = r.env;
    if parallel {
        let ((ah, al), (bh, bl)) = (halves(a), halves(b));
        let lane = |x: u32, y: u32| recip(&env, load_single(x), load_single(y), true);
        let ((xh, sh), (xl, sl)) = both(|| lane(ah, bh), || lane(al, bl))?;
        r.set_pr(p2, xh.valid && xl.valid);
        return r.finish_pair(
            f1,
            pair(store_single(xh.value), store_single(xl.value)),
            sh,
            sl,
        );
    }
    let (x, st): (Approx, Status) = recip(&env, a, b, false).map_err(|bits| fault_code(bits, 0))?;
    r.set_pr(p2, x.valid);
    r.finish(f1, x.value, st)
}

fn frsqrta(r: &mut Run, parallel: bool) -> Result<(), FpException> {
    let (f1, p2, f3) = (r.s.f1(), r.s.p2(), r.s.f3());
    check_target(f1)?;
    r.disabled(&[f1, f3])?;
    let a = r.fr(f3);
    if a.is_natval() {
        r.write(f1, Fr::NATVAL);
        r.set_pr(p2, false);
        return Ok(());
    }
    let env = r.env;
    if parallel {
        let (ah, al) = halves(a);
        let lane = |x: u32| rsqrt(&env, load_single(x), true);
        let ((xh, sh), (xl, sl)) = both(|| lane(ah), || lane(al))?;
        r.set_pr(p2, xh.valid && xl.valid);
        return r.finish_pair(
            f1,
            pair(store_single(xh.value), store_single(xl.value)),
            sh,
            sl,
        );
    }
    let (x, st) = rsqrt(&env, a, false).map_err(|bits| fault_code(bits, 0))?;
    r.set_pr(p2, x.valid);
    r.finish(f1, x.value, st)
}

fn fpcmp(r: &mut Run) -> Result<(), FpException> {
    let (f1, f2, f3) = (r.s.f1(), r.s.f2(), r.s.f3());
    check_target(f1)?;
    r.disabled(&[f1, f2, f3])?;
    let (a, b) = (r.fr(f2), r.fr(f3));
    if a.is_natval() || b.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    let code = r.s.field(27, 3);
    let rel = [Rel::Eq, Rel::Lt, Rel::Le, Rel::Unord][(code & 3) as usize];
    let negate = code & 4 != 0;
    let env = r.env;
    let lane = |x: u32, y: u32| {
        compare(&env, load_single(x), load_single(y), rel)
            .map(|(v, st)| (if v != negate { u32::MAX } else { 0 }, st))
    };
    let ((ah, al), (bh, bl)) = (halves(a), halves(b));
    let ((vh, sh), (vl, sl)) = both(|| lane(ah, bh), || lane(al, bl))?;
    r.finish_pair(f1, pair(vh, vl), sh, sl)
}

fn fcvt(r: &mut Run, parallel: bool) -> Result<(), FpException> {
    let (f1, f2) = (r.s.f1(), r.s.f2());
    check_target(f1)?;
    r.disabled(&[f1, f2])?;
    let a = r.fr(f2);
    if a.is_natval() {
        r.write(f1, Fr::NATVAL);
        return Ok(());
    }
    // x6 bits 28:27: fx, fxu, fx.trunc, fxu.trunc.
    let kind = r.s.field(27, 2);
    let signed = kind & 1 == 0;
    let env = if kind & 2 != 0 {
        r.env.truncating()
    } else {
        r.env
    };
    if parallel {
        let (ah, al) = halves(a);
        let lane =
            |x: u32| to_integer(&env, load_single(x), signed, 32).map(|(v, st)| (v as u32, st));
        let ((vh, sh), (vl, sl)) = both(|| lane(ah), || lane(al))?;
        return r.finish_pair(f1, pair(vh, vl), sh, sl);
    }
    let (v, st) = to_integer(&env, a, signed, 64).map_err(|bits| fault_code(bits, 0))?;
    r.finish(f1, Fr::integer(v), st)
}

fn fcvt_xf(r: &mut Run) -> Result<(), FpException> {
    let (f1, f2) = (r.s.f1(), r.s.f2());
    check_target(f1)?;
    r.disabled(&[f1, f2])?;
    let a = r.fr(f2);
    let v = if a.is_natval() {
        Fr::NATVAL
    } else {
        // The 64-bit signed integer converts exactly (64-bit significand).
        let i = a.significand as i64;
        let mag = i.unsigned_abs();
        if mag == 0 {
            Fr::ZERO
        } else {
            let lz = mag.leading_zeros();
            Fr {
                sign: i < 0,
                exp: INTEGER_EXP - lz,
                significand: mag << lz,
            }
        }
    };
    r.write(f1, v);
    Ok(())
}

fn fsetc(r: &mut Run) -> Result<(), FpException> {
    let shift = 6 + 13 * u32::from(r.sf);
    let fpsr = r.cx.fpsr();
    let controls = (fpsr >> shift) & 0x7f;
    let amask = r.s.field(13, 7);
    let omask = r.s.field(20, 7);
    let new = (controls & amask) | omask;
    // sf0.td is reserved, and so is pc = 01 in every field (SDM Vol 1 §5.2.2).
    if (r.sf == 0 && new & (1 << 6) != 0) || (new >> 2) & 3 == 1 {
        return Err(FpException::ReservedField);
    }
    r.cx.set_fpsr((fpsr & !(0x7f << shift)) | new << shift);
    Ok(())
}

#[cfg(test)]
mod tests;
