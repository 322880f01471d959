//! Dependency checker: read-after-write and write-after-write conflicts inside an
//! instruction group, reported as warnings the way `ia64-linux-gnu-as -xexplicit`
//! reports them.
//!
//! SDM Vol. 1 §3.4 and Vol. 3 "Resource and Dependency Semantics": inside one
//! instruction group an instruction must not read a resource an earlier one wrote
//! (RAW) nor write one an earlier one wrote (WAW), with exceptions per resource
//! (a branch may read a predicate an integer compare wrote, `mov b=` then an indirect
//! branch, parallel compares of the same type, `ld.c`, r0/f0/f1/p0).
//!
//! The facts are held as data: `Rule`s name a resource kind, the instruction
//! classes that write it (mark) and the classes that then conflict (check), and the
//! serialization a conflict needs (a stop, or a stop plus `srlz.d`/`srlz.i`). Each
//! instruction's classes come from its mnemonic family (`FAMILIES`) and its operand
//! kinds in the instruction table; the specific registers come from its operands.
//! Predicate knowledge (compares writing complementary predicates, `.pred.rel`)
//! suppresses conflicts between instructions whose predicates cannot both be true;
//! labels start new entry paths, on which that knowledge is not assumed.

use std::format;
use std::string::String;
use std::sync::OnceLock;
use std::vec;
use std::vec::Vec;

use crate::bundle::SlotUnit;
use crate::decode::Instruction;
use crate::form::{Form, Unit};
use crate::operand::{Class, Opnd};
use crate::regs::Ar;

pub use super::diag::Loc;

/// One dependency violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepWarning {
    /// Where the offending instruction is.
    pub loc: Loc,
    /// What is violated: the instruction, `RAW` or `WAW`, the resource and the
    /// serialization it needs.
    pub message: String,
    /// Where the earlier, conflicting instruction is.
    pub other: Option<Loc>,
}

/// What automatic mode inserts before an instruction to resolve a conflict
/// (SDM Vol. 3 "Resource and Dependency Semantics": a stop, or a stop and the
/// serialization the resource needs, followed by another stop).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// An instruction-group stop.
    Stop,
    /// A stop, then `srlz.d` (GNU as adds no stop after it).
    StopSrlzD,
    /// A stop, `srlz.i`, and a stop.
    StopSrlzI,
    /// `srlz.d` alone: the conflicting write is already behind a stop.
    SrlzD,
    /// `srlz.i` and a stop: the conflicting write is already behind a stop.
    SrlzI,
}

/// The kind of a `.pred.rel` directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredRel {
    /// `"clear"`: forget every relation of the named predicates.
    Clear,
    /// `"imply"`: the first predicate implies the second.
    Imply,
    /// `"mutex"`: at most one of the predicates is true.
    Mutex,
}

// ---------------------------------------------------------------------------
// Instruction classes: one bit each.

type Cls = u128;

const GR_W: Cls = 1 << 0;
const GR_R: Cls = 1 << 1;
const LDC: Cls = 1 << 2;
const FR_W: Cls = 1 << 3;
const FR_R: Cls = 1 << 4;
const LDFC: Cls = 1 << 5;
const PR_NORM_INT: Cls = 1 << 6;
const PR_UNC_INT: Cls = 1 << 7;
const PR_NORM_FP: Cls = 1 << 8;
const PR_UNC_FP: Cls = 1 << 9;
const PR_AND: Cls = 1 << 10;
const PR_OR: Cls = 1 << 11;
const PR_RD: Cls = 1 << 12;
const PR_RD_BR: Cls = 1 << 13;
const MOV_FROM_PR: Cls = 1 << 14;
const MOV_TO_PR_ALL: Cls = 1 << 15;
const MOV_TO_PR_ROT: Cls = 1 << 16;
const MOV_TO_BR: Cls = 1 << 17;
const MOV_FROM_BR: Cls = 1 << 18;
const BR_CALL: Cls = 1 << 19;
const IND_BRS: Cls = 1 << 20;
const IND_BRP: Cls = 1 << 21;
const MOV_TO_AR: Cls = 1 << 22;
const MOV_FROM_AR: Cls = 1 << 23;
const MOV_TO_CR: Cls = 1 << 24;
const MOV_FROM_CR: Cls = 1 << 25;
const MOV_FROM_PMD: Cls = 1 << 26;
const MEM_R: Cls = 1 << 27;
const MEM_W: Cls = 1 << 28;
const MEM_SPEC: Cls = 1 << 29;
const LFETCH: Cls = 1 << 30;
const PROBE: Cls = 1 << 31;
const PROBE_FAULT: Cls = 1 << 32;
const TO_PSR_L: Cls = 1 << 33;
const TO_PSR_UM: Cls = 1 << 34;
const FROM_PSR: Cls = 1 << 35;
const FROM_PSR_UM: Cls = 1 << 36;
const SYS_MASK: Cls = 1 << 37;
const USER_MASK: Cls = 1 << 38;
const BSW: Cls = 1 << 39;
const EPC: Cls = 1 << 40;
const ALLOC: Cls = 1 << 41;
const FLUSHRS: Cls = 1 << 42;
const LOADRS: Cls = 1 << 43;
const COVER: Cls = 1 << 44;
const CLRRRB: Cls = 1 << 45;
const RFI: Cls = 1 << 46;
const BR_RET: Cls = 1 << 47;
const BR_IA: Cls = 1 << 48;
const ITC_ITR: Cls = 1 << 49;
const PRIV: Cls = 1 << 50;
const CHK: Cls = 1 << 51;
const BRANCHES: Cls = 1 << 52;
const MOD_SCHED: Cls = 1 << 53;
const MOD_SCHED_CNT: Cls = 1 << 54;
const CMPXCHG: Cls = 1 << 55;
const LD16: Cls = 1 << 56;
const ST16: Cls = 1 << 57;
const CMP8XCHG16: Cls = 1 << 58;
const ST8_SPILL: Cls = 1 << 59;
const LD8_FILL: Cls = 1 << 60;
const FP_ARITH: Cls = 1 << 61;
const FCMP: Cls = 1 << 62;
const FPCMP: Cls = 1 << 63;
const FSETC_ANY: Cls = 1 << 64;
const FCHKF_ANY: Cls = 1 << 65;
const THASH: Cls = 1 << 66;
const SRLZ_D: Cls = 1 << 67;
const SRLZ_I: Cls = 1 << 68;
const MOV_FROM_ITC: Cls = 1 << 69;
const RSE_W: Cls = 1 << 70;
const RSE_R: Cls = 1 << 71;
const MOV_TO_IND: Cls = 1 << 88;
const MOV_FROM_IND: Cls = 1 << 89;
/// `fp-arith`, `fcmp` or `fpcmp` with status field `.sN`: bit `FPA + N`.
const FPA: u32 = 72;
/// `fsetc.sN`.
const FSETC: u32 = 76;
/// `fclrf.sN`.
const FCLRF: u32 = 80;
/// `fchkf.sN`.
const FCHKF: u32 = 84;

const fn sf(base: u32, n: u8) -> Cls {
    1 << (base + n as u32)
}

const PR_WRITERS: Cls = PR_NORM_INT | PR_UNC_INT | PR_NORM_FP | PR_UNC_FP;
const MEM: Cls = MEM_R | MEM_W;
/// Every predicate writer.
const PR_ALL_W: Cls = PR_WRITERS | PR_AND | PR_OR | MOV_TO_PR_ALL | MOV_TO_PR_ROT | MOD_SCHED;

/// Mnemonic families: an entry matches a mnemonic equal to it or starting with it
/// and a dot (`ld8` matches `ld8.acq.nt1`). The classes follow SDM Vol. 3 "Resource
/// and Dependency Semantics" (instruction classes) as binutils 2.40 applies them.
const FAMILIES: &[(&str, Cls)] = &[
    // Integer ALU and multimedia: read and write general registers.
    ("add", GR_W | GR_R | PR_RD),
    ("addl", GR_W | GR_R | PR_RD),
    ("addp4", GR_W | GR_R | PR_RD),
    ("adds", GR_W | GR_R | PR_RD),
    ("and", GR_W | GR_R | PR_RD),
    ("andcm", GR_W | GR_R | PR_RD),
    ("czx1", GR_W | GR_R | PR_RD),
    ("czx2", GR_W | GR_R | PR_RD),
    ("dep", GR_W | GR_R | PR_RD),
    ("extr", GR_W | GR_R | PR_RD),
    ("mix1", GR_W | GR_R | PR_RD),
    ("mix2", GR_W | GR_R | PR_RD),
    ("mix4", GR_W | GR_R | PR_RD),
    ("mux1", GR_W | GR_R | PR_RD),
    ("mux2", GR_W | GR_R | PR_RD),
    ("or", GR_W | GR_R | PR_RD),
    ("pack2", GR_W | GR_R | PR_RD),
    ("pack4", GR_W | GR_R | PR_RD),
    ("padd1", GR_W | GR_R | PR_RD),
    ("padd2", GR_W | GR_R | PR_RD),
    ("padd4", GR_W | GR_R | PR_RD),
    ("pavg1", GR_W | GR_R | PR_RD),
    ("pavg2", GR_W | GR_R | PR_RD),
    ("pavgsub1", GR_W | GR_R | PR_RD),
    ("pavgsub2", GR_W | GR_R | PR_RD),
    ("pcmp1", GR_W | GR_R | PR_RD),
    ("pcmp2", GR_W | GR_R | PR_RD),
    ("pcmp4", GR_W | GR_R | PR_RD),
    ("pmax1", GR_W | GR_R | PR_RD),
    ("pmax2", GR_W | GR_R | PR_RD),
    ("pmin1", GR_W | GR_R | PR_RD),
    ("pmin2", GR_W | GR_R | PR_RD),
    ("pmpy2", GR_W | GR_R | PR_RD),
    ("pmpyshr2", GR_W | GR_R | PR_RD),
    ("popcnt", GR_W | GR_R | PR_RD),
    ("psad1", GR_W | GR_R | PR_RD),
    ("pshl2", GR_W | GR_R | PR_RD),
    ("pshl4", GR_W | GR_R | PR_RD),
    ("pshladd2", GR_W | GR_R | PR_RD),
    ("pshr2", GR_W | GR_R | PR_RD),
    ("pshr4", GR_W | GR_R | PR_RD),
    ("pshradd2", GR_W | GR_R | PR_RD),
    ("psub1", GR_W | GR_R | PR_RD),
    ("psub2", GR_W | GR_R | PR_RD),
    ("psub4", GR_W | GR_R | PR_RD),
    ("shl", GR_W | GR_R | PR_RD),
    ("shladd", GR_W | GR_R | PR_RD),
    ("shladdp4", GR_W | GR_R | PR_RD),
    ("shr", GR_W | GR_R | PR_RD),
    ("shrp", GR_W | GR_R | PR_RD),
    ("sub", GR_W | GR_R | PR_RD),
    ("sxt1", GR_W | GR_R | PR_RD),
    ("sxt2", GR_W | GR_R | PR_RD),
    ("sxt4", GR_W | GR_R | PR_RD),
    ("unpack1", GR_W | GR_R | PR_RD),
    ("unpack2", GR_W | GR_R | PR_RD),
    ("unpack4", GR_W | GR_R | PR_RD),
    ("xor", GR_W | GR_R | PR_RD),
    ("zxt1", GR_W | GR_R | PR_RD),
    ("zxt2", GR_W | GR_R | PR_RD),
    ("zxt4", GR_W | GR_R | PR_RD),
    ("movl", GR_W | PR_RD),
    ("tak", GR_W | GR_R | PR_RD | PRIV),
    ("tpa", GR_W | GR_R | PR_RD | PRIV),
    ("thash", GR_W | GR_R | PR_RD | THASH),
    ("ttag", GR_W | GR_R | PR_RD | THASH),
    // Compares write predicates (the type comes from the mnemonic's suffix).
    ("cmp", GR_R | PR_RD),
    ("cmp4", GR_R | PR_RD),
    ("tbit", GR_R | PR_RD),
    ("tnat", GR_R | PR_RD),
    ("fcmp", FR_R | PR_RD | FCMP),
    ("fclass", FR_R | PR_RD),
    ("fpcmp", PR_RD | FPCMP),
    // Floating point.
    ("fadd", FR_W | FR_R | PR_RD | FP_ARITH),
    ("famax", FR_W | FR_R | PR_RD | FP_ARITH),
    ("famin", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fcvt.fx", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fcvt.fxu", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fcvt.xuf", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fma", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fmax", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fmin", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fmpy", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fms", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fnma", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fnmpy", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fnorm", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpamax", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpamin", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpcvt.fx", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpcvt.fxu", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpma", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpmax", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpmin", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpmpy", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpms", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpnma", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fpnmpy", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fprcpa", FR_W | FR_R | PR_RD | FP_ARITH | PR_UNC_FP),
    ("fprsqrta", FR_W | FR_R | PR_RD | FP_ARITH | PR_UNC_FP),
    ("frcpa", FR_W | FR_R | PR_RD | FP_ARITH | PR_UNC_FP),
    ("frsqrta", FR_W | FR_R | PR_RD | FP_ARITH | PR_UNC_FP),
    ("fsub", FR_W | FR_R | PR_RD | FP_ARITH),
    ("fabs", FR_W | FR_R | PR_RD),
    ("fand", FR_W | FR_R | PR_RD),
    ("fandcm", FR_W | FR_R | PR_RD),
    ("fcvt.xf", FR_W | FR_R | PR_RD),
    ("fmerge", FR_W | FR_R | PR_RD),
    ("fmix", FR_W | FR_R | PR_RD),
    ("fneg", FR_W | FR_R | PR_RD),
    ("fnegabs", FR_W | FR_R | PR_RD),
    ("for", FR_W | FR_R | PR_RD),
    ("fpabs", FR_W | FR_R | PR_RD),
    ("fpmerge", FR_W | FR_R | PR_RD),
    ("fpack", FR_W | FR_R | PR_RD),
    ("fpneg", FR_W | FR_R | PR_RD),
    ("fpnegabs", FR_W | FR_R | PR_RD),
    ("fselect", FR_W | FR_R | PR_RD),
    ("fswap", FR_W | FR_R | PR_RD),
    ("fsxt", FR_W | FR_R | PR_RD),
    ("fxor", FR_W | FR_R | PR_RD),
    ("xma", FR_W | FR_R | PR_RD),
    ("xmpy", FR_W | FR_R | PR_RD),
    ("getf", GR_W | FR_R | PR_RD),
    ("setf", GR_R | FR_W | PR_RD),
    ("fsetc", PR_RD | FSETC_ANY),
    ("fclrf", PR_RD),
    ("fchkf", PR_RD | FCHKF_ANY | CHK),
    // Memory.
    ("ld1", GR_W | GR_R | PR_RD | MEM_R),
    ("ld2", GR_W | GR_R | PR_RD | MEM_R),
    ("ld4", GR_W | GR_R | PR_RD | MEM_R),
    ("ld8", GR_W | GR_R | PR_RD | MEM_R),
    ("ld8.fill", GR_W | GR_R | PR_RD | MEM_R | LD8_FILL),
    ("ld16", LD16),
    ("ldfs", FR_W | GR_R | PR_RD | MEM_R),
    ("ldfd", FR_W | GR_R | PR_RD | MEM_R),
    ("ldfe", FR_W | GR_R | PR_RD | MEM_R),
    ("ldf8", FR_W | GR_R | PR_RD | MEM_R),
    ("ldf.fill", FR_W | GR_R | PR_RD | MEM_R),
    ("ldfps", FR_W | GR_R | PR_RD | MEM_R),
    ("ldfpd", FR_W | GR_R | PR_RD | MEM_R),
    ("ldfp8", FR_W | GR_R | PR_RD | MEM_R),
    ("st1", GR_R | PR_RD | MEM_W),
    ("st2", GR_R | PR_RD | MEM_W),
    ("st4", GR_R | PR_RD | MEM_W),
    ("st8", GR_R | PR_RD | MEM_W),
    ("st8.spill", GR_R | PR_RD | MEM_W | ST8_SPILL),
    ("st16", ST16),
    ("stfs", GR_R | FR_R | PR_RD | MEM_W),
    ("stfd", GR_R | FR_R | PR_RD | MEM_W),
    ("stfe", GR_R | FR_R | PR_RD | MEM_W),
    ("stf8", GR_R | FR_R | PR_RD | MEM_W),
    ("stf.spill", GR_R | FR_R | PR_RD | MEM_W),
    ("cmpxchg1", GR_W | GR_R | PR_RD | MEM | CMPXCHG),
    ("cmpxchg2", GR_W | GR_R | PR_RD | MEM | CMPXCHG),
    ("cmpxchg4", GR_W | GR_R | PR_RD | MEM | CMPXCHG),
    ("cmpxchg8", GR_W | GR_R | PR_RD | MEM | CMPXCHG),
    ("cmp8xchg16", CMP8XCHG16),
    ("xchg1", GR_W | GR_R | PR_RD | MEM),
    ("xchg2", GR_W | GR_R | PR_RD | MEM),
    ("xchg4", GR_W | GR_R | PR_RD | MEM),
    ("xchg8", GR_W | GR_R | PR_RD | MEM),
    ("fetchadd4", GR_W | GR_R | PR_RD | MEM),
    ("fetchadd8", GR_W | GR_R | PR_RD | MEM),
    ("lfetch", PR_RD | LFETCH),
    ("probe", GR_R | PR_RD | PROBE),
    ("fc", GR_R | PR_RD),
    ("chk.s", GR_R | FR_R | PR_RD | CHK),
    ("chk.a", PR_RD | CHK),
    ("invala", PR_RD),
    // System.
    ("itc.i", GR_R | PR_RD | ITC_ITR | PRIV),
    ("itc.d", GR_R | PR_RD | ITC_ITR | PRIV),
    ("itr.i", GR_R | PR_RD | ITC_ITR | PRIV),
    ("itr.d", GR_R | PR_RD | ITC_ITR | PRIV),
    ("ptc", GR_R | PR_RD | PRIV),
    ("ptr", GR_R | PR_RD | PRIV),
    ("ssm", PR_RD | SYS_MASK | PRIV),
    ("rsm", PR_RD | SYS_MASK | PRIV),
    ("sum", PR_RD | USER_MASK),
    ("rum", USER_MASK),
    ("srlz.d", PR_RD | SRLZ_D),
    ("srlz.i", PR_RD | SRLZ_I),
    ("sync", PR_RD),
    ("mf", PR_RD),
    ("fwb", PR_RD),
    ("break.m", PR_RD),
    ("break.i", PR_RD),
    ("break.f", PR_RD),
    ("break.x", PR_RD),
    ("nop.m", PR_RD),
    ("nop.i", PR_RD),
    ("nop.f", PR_RD),
    ("nop.x", PR_RD),
    ("break.b", PR_RD_BR),
    ("nop.b", PR_RD_BR),
    ("alloc", GR_W | ALLOC | RSE_W | RSE_R),
    ("flushrs", FLUSHRS | RSE_W | RSE_R),
    ("loadrs", LOADRS | RSE_W | RSE_R),
    ("cover", COVER | RSE_W | RSE_R),
    ("clrrrb", CLRRRB),
    ("rfi", RFI | PRIV | RSE_W | RSE_R),
    ("bsw", BSW | PRIV),
    ("epc", EPC),
    // Branches.
    ("br.call", BR_CALL | PR_RD_BR | BRANCHES | RSE_W | RSE_R),
    ("brl.call", BR_CALL | PR_RD_BR | BRANCHES | RSE_W | RSE_R),
    ("br.cond", PR_RD_BR | BRANCHES),
    ("brl.cond", PR_RD_BR | BRANCHES),
    (
        "br.ret",
        BR_RET | PR_RD_BR | BRANCHES | IND_BRS | RSE_W | RSE_R,
    ),
    ("br.ia", BR_IA | BRANCHES | IND_BRS | RSE_W | RSE_R),
    ("br.cloop", MOD_SCHED_CNT | BRANCHES),
    ("br.ctop", MOD_SCHED | MOD_SCHED_CNT | BRANCHES),
    ("br.cexit", MOD_SCHED | MOD_SCHED_CNT | BRANCHES),
    ("br.wtop", MOD_SCHED | PR_RD_BR | BRANCHES),
    ("br.wexit", MOD_SCHED | PR_RD_BR | BRANCHES),
];

/// The compare type of a predicate write, for parallel compares (SDM Vol. 3 `cmp`:
/// two `.and` writes, or two `.or` writes, of one predicate may share a group).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctype {
    None,
    And,
    Or,
}

/// What the checker needs of one instruction.
struct Desc<'a> {
    insn: &'a Instruction,
    form: &'static Form,
    name: String,
    cls: Cls,
    /// The two predicate outputs' compare types.
    ctype: [Ctype; 2],
    /// Whether the memory operand's base register is post-incremented.
    postinc: bool,
}

impl Desc<'_> {
    fn ops(&self) -> impl Iterator<Item = (usize, Opnd, i64)> + '_ {
        self.form
            .operands
            .iter()
            .copied()
            .zip(self.insn.ops.iter().copied())
            .enumerate()
            .map(|(i, (o, v))| (i, o, v))
    }

    fn outputs(&self) -> usize {
        self.form.outputs as usize
    }

    fn has(&self, c: Cls) -> bool {
        self.cls & c != 0
    }

    /// The application register a `mov` to or from one names, and whether it is
    /// written (`mov ar=`).
    fn ar(&self) -> Option<(u8, bool)> {
        self.ops()
            .find(|(_, o, _)| o.spec().class == Class::Ar)
            .map(|(i, _, v)| (v as u8, i < self.outputs()))
    }

    /// The control register a `mov` to or from one names, and whether it is written.
    fn cr(&self) -> Option<(u8, bool)> {
        self.ops()
            .find(|(_, o, _)| o.spec().class == Class::Cr)
            .map(|(i, _, v)| (v as u8, i < self.outputs()))
    }

    /// The `imm24` of `ssm`/`rsm`/`sum`/`rum`.
    fn psr_mask(&self) -> u64 {
        self.ops()
            .find(|(_, o, _)| *o == Opnd::IMM24)
            .map_or(0, |(_, _, v)| v as u64)
    }

    fn is_conditional_branch(&self) -> bool {
        let n = self.name.as_str();
        (n == "br" || n.starts_with("br.") || n.starts_with("brl"))
            && !self.has(BR_IA | MOD_SCHED | MOD_SCHED_CNT)
            && !n.starts_with("brp")
    }
}

/// Builds the full mnemonic: the form's name and its variable completers.
pub(super) fn mnemonic(insn: &Instruction) -> String {
    let f = insn.form();
    let mut s = String::from(f.name);
    for (k, c) in f.completers.iter().enumerate() {
        s.push_str(c.name(insn.comps[k] as u64).unwrap_or(""));
    }
    s
}

fn family(name: &str) -> Cls {
    FAMILIES
        .iter()
        .filter(|(p, _)| {
            name == *p || (name.starts_with(p) && name.as_bytes().get(p.len()) == Some(&b'.'))
        })
        .fold(0, |a, (_, c)| a | c)
}

/// The classes of the `mov` forms, which one mnemonic spells for many instructions:
/// decided by the operand kinds.
fn mov_classes(form: &Form, ops: &[i64]) -> Cls {
    let cls = |k: usize| form.operands.get(k).map(|o| o.spec().class);
    let fixed = |k: usize| form.operands.get(k).copied();
    let base = PR_RD;
    match (cls(0), cls(1)) {
        // `mov r1=r3` (`adds`), `mov r1=imm22` (`addl`).
        (Some(Class::Gr), Some(Class::Gr)) => base | GR_W | GR_R,
        (Some(Class::Gr), Some(Class::Dec)) => base | GR_W,
        (Some(Class::Fr), _) => base | FR_W | FR_R,
        (Some(Class::Ar), _) => base | MOV_TO_AR | GR_R,
        (Some(Class::Gr), Some(Class::Ar)) => {
            let itc = ops
                .get(1)
                .is_some_and(|&n| n == ar::ITC.into() || n == ar::RUC.into());
            base | MOV_FROM_AR | GR_W | if itc { MOV_FROM_ITC } else { 0 }
        }
        (Some(Class::Cr), _) => base | MOV_TO_CR | GR_R | PRIV,
        (Some(Class::Gr), Some(Class::Cr)) => base | MOV_FROM_CR | GR_W | PRIV,
        (Some(Class::Br), _) => base | MOV_TO_BR | GR_R,
        (Some(Class::Gr), Some(Class::Br)) => base | MOV_FROM_BR | GR_W,
        (Some(Class::Indirect(_)), _) => base | GR_R | PRIV | MOV_TO_IND,
        (Some(Class::Gr), Some(Class::Indirect(file))) => {
            let pmd = if file == "pmd" { MOV_FROM_PMD } else { PRIV };
            base | GR_W | GR_R | pmd | MOV_FROM_IND
        }
        _ => match (fixed(0), fixed(1)) {
            (Some(Opnd::PR), _) => base | MOV_TO_PR_ALL | GR_R,
            (Some(Opnd::PR_ROT), _) => base | MOV_TO_PR_ROT,
            (Some(Opnd::PSR_L), _) => base | TO_PSR_L | GR_R | PRIV,
            (Some(Opnd::PSR_UM), _) => base | TO_PSR_UM | GR_R,
            (_, Some(Opnd::PR)) => base | MOV_FROM_PR | GR_W,
            (_, Some(Opnd::IP)) => base | GR_W,
            (_, Some(Opnd::PSR)) => base | FROM_PSR | GR_W | PRIV,
            (_, Some(Opnd::PSR_UM)) => base | FROM_PSR_UM | GR_W,
            _ => 0,
        },
    }
}

fn describe(insn: &Instruction) -> Desc<'_> {
    let form = insn.form();
    let name = mnemonic(insn);
    let mut cls = if form.name.starts_with("mov") && !form.name.starts_with("movl") {
        mov_classes(form, insn.operands())
    } else {
        family(&name)
    };
    // Indirect branches and `brp` read a branch register.
    if form.operands.contains(&Opnd::B2) {
        if name.starts_with("brp") {
            cls |= IND_BRP;
        } else if name.starts_with("br.") {
            cls |= IND_BRS;
        }
    }
    let branch = name == "br" || name.starts_with("br.") || name.starts_with("brl");
    if branch {
        cls |= BRANCHES;
    }
    // `br` alone is `br.cond` (SDM Vol. 3 `br`: the pseudo-op of a predicated branch).
    if form.unit == Unit::B && (name.starts_with("br.few") || name.starts_with("br.many")) {
        cls |= PR_RD_BR;
    }
    // `ld.c`/`ldf.c`: the loaded register's RAW is not a conflict (SDM Vol. 3 `ld`).
    if name.contains(".c.clr") || name.contains(".c.nc") {
        cls |= if cls & FR_W != 0 { LDFC } else { LDC };
    }
    if name.contains(".s.") || name.ends_with(".s") || name.contains(".sa") {
        cls |= MEM_SPEC & if cls & MEM_R != 0 { !0 } else { 0 };
    }
    if name.starts_with("probe") && name.contains(".fault") {
        cls |= PROBE_FAULT;
    } else if name.starts_with("probe") {
        cls |= GR_W;
    }
    let sfn = status_field(&name);
    if cls & (FP_ARITH | FCMP | FPCMP) != 0 {
        cls |= sf(FPA, sfn);
    }
    if name.starts_with("fsetc") {
        cls |= sf(FSETC, sfn);
    }
    if name.starts_with("fclrf") {
        cls |= sf(FCLRF, sfn);
    }
    if name.starts_with("fchkf") {
        cls |= sf(FCHKF, sfn);
    }
    if cls & MOV_TO_AR != 0 {
        cls |= RSE_W | RSE_R;
    }
    if cls & MOV_FROM_AR != 0 {
        cls |= RSE_R;
    }
    // Compares: the predicate outputs' kind.
    let mut ctype = [Ctype::None; 2];
    let writes_preds = form.outputs >= 2
        && form.operands[..2]
            .iter()
            .all(|o| o.spec().class == Class::Pr);
    if writes_preds {
        let int = cls & GR_R != 0;
        if name.ends_with(".or.andcm") {
            ctype = [Ctype::Or, Ctype::And];
            cls |= PR_AND | PR_OR;
        } else if name.ends_with(".and.orcm") {
            ctype = [Ctype::And, Ctype::Or];
            cls |= PR_AND | PR_OR;
        } else if name.ends_with(".and") || name.ends_with(".andcm") {
            ctype = [Ctype::And; 2];
            cls |= PR_AND;
        } else if name.ends_with(".or") || name.ends_with(".orcm") {
            ctype = [Ctype::Or; 2];
            cls |= PR_OR;
        } else if name.contains(".unc") {
            cls |= if int { PR_UNC_INT } else { PR_UNC_FP };
        } else {
            cls |= if int { PR_NORM_INT } else { PR_NORM_FP };
        }
    }
    let mem_at = form.operands.iter().position(|o| *o == Opnd::MEM);
    // The base register is updated by a load's `r2`/`imm9` or a store's `imm9`.
    let store = mem_at == Some(0) && form.outputs > 0;
    let postinc = mem_at.is_some_and(|m| {
        form.operands[m + 1..].iter().any(|o| match o {
            Opnd::IMM9A => store,
            Opnd::R2 | Opnd::IMM9B | Opnd::POSTINC8 | Opnd::POSTINC16 => !store,
            _ => false,
        }) && ["ld", "st", "lfetch"].iter().any(|p| name.starts_with(p))
    });
    if postinc {
        cls |= GR_W | GR_R;
    }
    Desc {
        insn,
        form,
        name,
        cls,
        ctype,
        postinc,
    }
}

/// The status field `.sN` of a floating-point mnemonic (`.s0` when none is written).
fn status_field(name: &str) -> u8 {
    for (n, s) in [".s1", ".s2", ".s3"].iter().enumerate() {
        if name.ends_with(s) || name.contains(&format!("{s}.")) {
            return n as u8 + 1;
        }
    }
    0
}

// ---------------------------------------------------------------------------
// Resources and rules.

/// PSR bit numbers (SDM Vol. 2 §3.3.2, Table 3-2), taken from
/// [`crate::regs::Psr`] and named here for use in patterns.
mod psr {
    use crate::regs::Psr;

    const fn bit(flag: Psr) -> u8 {
        flag.bits().trailing_zeros() as u8
    }

    pub const BE: u8 = bit(Psr::BE);
    pub const UP: u8 = bit(Psr::UP);
    pub const AC: u8 = bit(Psr::AC);
    pub const MFL: u8 = bit(Psr::MFL);
    pub const MFH: u8 = bit(Psr::MFH);
    pub const IC: u8 = bit(Psr::IC);
    pub const I: u8 = bit(Psr::I);
    pub const PK: u8 = bit(Psr::PK);
    pub const DT: u8 = bit(Psr::DT);
    pub const DFL: u8 = bit(Psr::DFL);
    pub const DFH: u8 = bit(Psr::DFH);
    pub const SP: u8 = bit(Psr::SP);
    pub const PP: u8 = bit(Psr::PP);
    pub const DI: u8 = bit(Psr::DI);
    pub const SI: u8 = bit(Psr::SI);
    pub const DB: u8 = bit(Psr::DB);
    pub const LP: u8 = bit(Psr::LP);
    pub const TB: u8 = bit(Psr::TB);
    pub const RT: u8 = bit(Psr::RT);
    pub const CPL: u8 = crate::regs::psr::CPL.shift as u8;
    pub const BN: u8 = bit(Psr::BN);
}

/// Application register numbers (SDM Vol. 1 §3.1.8, Table 3-3), taken from
/// [`crate::regs::Ar`] and named here for use in patterns.
mod ar {
    use super::Ar;

    pub const RSC: u8 = Ar::Rsc.number();
    pub const BSP: u8 = Ar::Bsp.number();
    pub const BSPSTORE: u8 = Ar::Bspstore.number();
    pub const RNAT: u8 = Ar::Rnat.number();
    pub const CSD: u8 = Ar::Csd.number();
    pub const CCV: u8 = Ar::Ccv.number();
    pub const UNAT: u8 = Ar::Unat.number();
    pub const FPSR: u8 = Ar::Fpsr.number();
    pub const ITC: u8 = Ar::Itc.number();
    pub const RUC: u8 = Ar::Ruc.number();
    pub const PFS: u8 = Ar::Pfs.number();
    pub const LC: u8 = Ar::Lc.number();
    pub const EC: u8 = Ar::Ec.number();
}

/// Control register numbers (SDM Vol. 2 §3.3.1, Table 3-3), taken from
/// [`crate::regs::Cr`] and named here for use in patterns.
mod cr {
    use crate::regs::Cr;

    pub const IPSR: u8 = Cr::Ipsr.number();
    pub const ISR: u8 = Cr::Isr.number();
    pub const IIP: u8 = Cr::Iip.number();
    pub const IFA: u8 = Cr::Ifa.number();
    pub const ITIR: u8 = Cr::Itir.number();
    pub const IIPA: u8 = Cr::Iipa.number();
    pub const IFS: u8 = Cr::Ifs.number();
    pub const IIM: u8 = Cr::Iim.number();
    pub const IHA: u8 = Cr::Iha.number();
    pub const IVR: u8 = Cr::Ivr.number();
    pub const TPR: u8 = Cr::Tpr.number();
    pub const IRR0: u8 = Cr::Irr0.number();
    pub const IIB0: u8 = Cr::Iib0.number();
    pub const IIB1: u8 = Cr::Iib1.number();
}

/// A kind of resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rk {
    Gr,
    Fr,
    Pr,
    Br,
    /// One application register, accessed by `mov` or implicitly.
    Ar(u8),
    /// The ignored application registers 48–63 and 112–127, by number.
    ArIg,
    /// `ar.unat` bits: spills and fills touch an unknown bit.
    Unat,
    /// `ar.fpsr` status field N controls.
    FpsrCtl(u8),
    /// `ar.fpsr` status field N flags.
    FpsrFlags(u8),
    /// `ar.fpsr` trap enables and reserved bits.
    FpsrTraps,
    /// One control register.
    Cr(u8),
    /// `cr.irr0..3`, written by reading `cr.ivr`.
    Irr,
    /// One PSR bit.
    Psr(u8),
    /// The current frame marker.
    Cfm,
    /// The register stack engine's state.
    Rse,
    /// An indirect register file (`rr`, `pkr`...): the index is a general
    /// register's run-time value, so any two accesses may meet.
    Ind(&'static str),
}

/// How a conflict is cleared (SDM Vol. 1 §3.4; Vol. 2 §3.2 serialization).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sem {
    /// A stop clears it.
    Implied,
    /// A stop and then `srlz.d` clear it.
    Data,
    /// A stop and then `srlz.i` clear it.
    Instr,
}

impl Sem {
    fn name(self) -> &'static str {
        match self {
            Sem::Implied => "a stop is required",
            Sem::Data => "a stop and srlz.d are required",
            Sem::Instr => "a stop and srlz.i are required",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Raw,
    Waw,
}

/// One dependency rule: instructions of class `mark` (minus `mark_not`) write the
/// resource; a later instruction of class `check` that reads (RAW) or writes (WAW)
/// the same resource conflicts.
#[derive(Clone, Copy, Debug)]
struct Rule {
    mode: Mode,
    rk: Rk,
    mark: Cls,
    mark_not: Cls,
    check: Cls,
    sem: Sem,
}

const fn raw(rk: Rk, mark: Cls, check: Cls, sem: Sem) -> Rule {
    Rule {
        mode: Mode::Raw,
        rk,
        mark,
        mark_not: 0,
        check,
        sem,
    }
}

const fn waw(rk: Rk, mark: Cls, check: Cls) -> Rule {
    Rule {
        mode: Mode::Waw,
        rk,
        mark,
        mark_not: 0,
        check,
        sem: Sem::Implied,
    }
}

/// The two rules of a resource that `writers` write and `readers` read: RAW from
/// a writer to a reader (cleared by `sem`), and WAW between two writers.
const fn raw_waw(rk: Rk, writers: Cls, readers: Cls, sem: Sem) -> [Rule; 2] {
    [raw(rk, writers, readers, sem), waw(rk, writers, writers)]
}

use Sem::{Data, Implied, Instr};

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(build_rules)
}

/// PSR bits that share their rules, every class that writes them, and their RAW
/// rules as (writers, readers, serialization).
type PsrRule = (&'static [u8], Cls, &'static [(Cls, Cls, Sem)]);

fn build_rules() -> Vec<Rule> {
    let mut v = vec![
        // General and floating-point registers; `ld.c` targets have no RAW.
        Rule {
            mark_not: LDC,
            ..raw(Rk::Gr, GR_W, GR_R, Implied)
        },
        waw(Rk::Gr, GR_W | LDC, GR_W | LDC),
        Rule {
            mark_not: LDFC,
            ..raw(Rk::Fr, FR_W, FR_R, Implied)
        },
        waw(Rk::Fr, FR_W | LDFC, FR_W | LDFC),
        // Predicates: branches may read what an integer compare or `mov pr=` wrote;
        // two parallel compares of one type may write the same predicate.
        raw(
            Rk::Pr,
            PR_ALL_W,
            PR_RD | MOV_FROM_PR | MOV_TO_PR_ALL | MOV_TO_PR_ROT,
            Implied,
        ),
        raw(
            Rk::Pr,
            PR_NORM_FP | PR_UNC_FP | MOD_SCHED,
            PR_RD_BR,
            Implied,
        ),
        waw(Rk::Pr, PR_ALL_W, PR_ALL_W),
        // Branch registers: `mov b=` then an indirect branch is allowed.
        raw(Rk::Br, BR_CALL, IND_BRS | IND_BRP | MOV_FROM_BR, Implied),
        raw(Rk::Br, MOV_TO_BR, IND_BRP | MOV_FROM_BR, Implied),
        waw(Rk::Br, BR_CALL, MOV_TO_BR),
        waw(Rk::Br, MOV_TO_BR, MOV_TO_BR | BR_CALL),
    ];
    // Application registers with implicit users.
    v.extend(raw_waw(
        Rk::Ar(ar::BSP),
        BR_CALL | BR_RET | COVER | MOV_TO_AR | RFI,
        BR_CALL | BR_IA | BR_RET | COVER | FLUSHRS | LOADRS | MOV_FROM_AR | RFI,
        Implied,
    ));
    v.extend(raw_waw(
        Rk::Ar(ar::BSPSTORE),
        ALLOC | LOADRS | FLUSHRS | MOV_TO_AR,
        ALLOC | BR_IA | FLUSHRS | MOV_FROM_AR,
        Implied,
    ));
    v.push(raw(
        Rk::Ar(ar::CCV),
        MOV_TO_AR,
        BR_IA | CMPXCHG | MOV_FROM_AR,
        Implied,
    ));
    v.extend(raw_waw(
        Rk::Ar(ar::CSD),
        LD16 | MOV_TO_AR,
        BR_IA | CMP8XCHG16 | MOV_FROM_AR | ST16,
        Implied,
    ));
    v.extend(raw_waw(
        Rk::Ar(ar::EC),
        MOD_SCHED | BR_RET | MOV_TO_AR,
        BR_CALL | BR_IA | MOD_SCHED | MOV_FROM_AR,
        Implied,
    ));
    v.extend(raw_waw(
        Rk::Ar(ar::LC),
        MOD_SCHED_CNT | MOV_TO_AR,
        BR_IA | MOD_SCHED_CNT | MOV_FROM_AR,
        Implied,
    ));
    v.extend([
        raw(
            Rk::Ar(ar::PFS),
            BR_CALL,
            ALLOC | BR_IA | BR_RET | EPC | MOV_FROM_AR,
            Implied,
        ),
        raw(
            Rk::Ar(ar::PFS),
            MOV_TO_AR,
            ALLOC | BR_IA | EPC | MOV_FROM_AR,
            Implied,
        ),
        waw(Rk::Ar(ar::PFS), BR_CALL, MOV_TO_AR),
    ]);
    v.extend(raw_waw(
        Rk::Ar(ar::RNAT),
        ALLOC | FLUSHRS | LOADRS | MOV_TO_AR,
        ALLOC | BR_IA | FLUSHRS | LOADRS | MOV_FROM_AR,
        Implied,
    ));
    v.push(raw(
        Rk::Ar(ar::RSC),
        MOV_TO_AR,
        ALLOC | BR_IA | FLUSHRS | LOADRS | MOV_FROM_AR | MOV_TO_AR,
        Implied,
    ));
    v.extend(raw_waw(
        Rk::Unat,
        MOV_TO_AR | ST8_SPILL,
        BR_IA | LD8_FILL | MOV_FROM_AR,
        Implied,
    ));
    v.extend(raw_waw(
        Rk::FpsrTraps,
        MOV_TO_AR,
        BR_IA | FP_ARITH | FCHKF_ANY | FCMP | FPCMP | MOV_FROM_AR,
        Implied,
    ));
    v.extend(raw_waw(Rk::ArIg, MOV_TO_AR, BR_IA | MOV_FROM_AR, Implied));
    // Control registers with implicit users.
    v.extend(raw_waw(Rk::Irr, MOV_FROM_CR, MOV_FROM_CR, Data));
    v.extend([
        raw(Rk::Cr(cr::IFA), MOV_TO_CR, ITC_ITR, Implied),
        raw(Rk::Cr(cr::ITIR), MOV_TO_CR, ITC_ITR, Implied),
        raw(Rk::Cr(cr::IFS), MOV_TO_CR, RFI, Implied),
        raw(Rk::Cr(cr::IFS), COVER, RFI | MOV_FROM_CR, Implied),
        waw(Rk::Cr(cr::IFS), COVER, MOV_TO_CR | COVER),
        raw(Rk::Cr(cr::IIP), MOV_TO_CR, RFI, Implied),
        raw(Rk::Cr(cr::IPSR), MOV_TO_CR, RFI, Implied),
        raw(Rk::Cr(cr::TPR), MOV_TO_CR, RFI, Implied),
        raw(Rk::Cr(0), MOV_TO_CR, MEM_SPEC, Data),
        raw(Rk::Cr(9), MOV_TO_CR, THASH, Data),
        raw(Rk::Cr(8), MOV_TO_CR, MEM | THASH, Data),
    ]);
    // PSR bits with a single writer.
    v.extend(raw_waw(Rk::Psr(psr::BN), BSW, GR_R | GR_W, Implied));
    v.extend(raw_waw(
        Rk::Psr(psr::CPL),
        EPC,
        PRIV | BR_CALL | EPC | MOV_FROM_ITC | MOV_TO_AR | MOV_FROM_PMD | PROBE | MEM | LFETCH,
        Implied,
    ));
    // The frame marker and the register stack engine.
    v.extend([
        raw(
            Rk::Cfm,
            MOD_SCHED,
            MOD_SCHED | COVER | ALLOC | RFI | LOADRS | BR_RET | BR_CALL,
            Implied,
        ),
        waw(
            Rk::Cfm,
            MOD_SCHED | BR_CALL | BR_RET | ALLOC | CLRRRB | COVER | RFI,
            MOD_SCHED | BR_CALL | BR_RET | ALLOC | CLRRRB | COVER | RFI,
        ),
    ]);
    v.extend(raw_waw(Rk::Rse, RSE_W, RSE_R, Implied));
    // Indirect register files (SDM Vol. 2 §3.3.7 and Ch. 7): `mov file[r]=` then
    // `mov =file[r]` or another write of the file.
    for f in ["rr", "pkr", "pmc", "pmd", "dbr", "ibr"] {
        if f == "pkr" {
            // GNU as's table has a second, data-serialized RAW rule for the key
            // registers (it warns twice, and its automatic mode adds `srlz.d`).
            v.push(raw(Rk::Ind(f), MOV_TO_IND, MOV_FROM_IND, Data));
        }
        v.extend(raw_waw(Rk::Ind(f), MOV_TO_IND, MOV_FROM_IND, Implied));
    }
    v.push(raw(Rk::Ind("msr"), MOV_TO_IND, MOV_FROM_IND, Instr));
    v.push(Rule {
        sem: Data,
        ..waw(Rk::Ind("msr"), MOV_TO_IND, MOV_TO_IND)
    });
    // Application registers only `mov` reaches (the kernel registers k0-k7 and
    // the rest below); ar.ccv and ar.rsc have their RAW rules above, with their
    // implicit readers, and only their WAW rule here.
    const MOV_ONLY: [Ar; 17] = [
        Ar::K0,
        Ar::K1,
        Ar::K2,
        Ar::K3,
        Ar::K4,
        Ar::K5,
        Ar::K6,
        Ar::K7,
        Ar::Fcr,
        Ar::Eflag,
        Ar::Ssd,
        Ar::Cflg,
        Ar::Fsr,
        Ar::Fir,
        Ar::Fdr,
        Ar::Itc,
        Ar::Ruc,
    ];
    for n in MOV_ONLY.map(Ar::number) {
        v.push(raw(Rk::Ar(n), MOV_TO_AR, BR_IA | MOV_FROM_AR, Implied));
    }
    for n in MOV_ONLY
        .into_iter()
        .chain([Ar::Ccv, Ar::Rsc])
        .map(Ar::number)
    {
        v.push(waw(Rk::Ar(n), MOV_TO_AR, MOV_TO_AR));
    }
    // ar.fpsr status fields (SDM Vol. 1 §5.2.2).
    for s in 0..4u8 {
        let fsetc_reader = if s == 0 { FSETC_ANY } else { 0 };
        let fchkf = if s == 0 { FCHKF_ANY } else { sf(FCHKF, s) };
        v.extend(raw_waw(
            Rk::FpsrCtl(s),
            MOV_TO_AR | sf(FSETC, s),
            BR_IA | sf(FPA, s) | fsetc_reader | MOV_FROM_AR,
            Implied,
        ));
        v.push(raw(
            Rk::FpsrFlags(s),
            sf(FPA, s) | sf(FCLRF, s) | MOV_TO_AR,
            BR_IA | fchkf | MOV_FROM_AR,
            Implied,
        ));
        v.push(waw(
            Rk::FpsrFlags(s),
            sf(FCLRF, s) | MOV_TO_AR,
            sf(FCLRF, s) | MOV_TO_AR | sf(FPA, s),
        ));
        v.push(waw(Rk::FpsrFlags(s), sf(FPA, s), sf(FCLRF, s) | MOV_TO_AR));
    }
    // Control registers by number: `mov cr=` then `mov =cr` needs srlz.d.
    for n in [
        0u8, 1, 2, 8, 9, 16, 17, 19, 20, 21, 22, 23, 24, 25, 64, 66, 72, 73, 74, 80, 81,
    ] {
        let sem = match n {
            2 => Instr,
            _ => Data,
        };
        v.extend(raw_waw(Rk::Cr(n), MOV_TO_CR, MOV_FROM_CR, sem));
    }
    v.push(raw(Rk::Cr(cr::TPR), MOV_TO_CR, MOV_FROM_CR, Data));
    v.push(waw(Rk::Cr(67), MOV_TO_CR, MOV_TO_CR));
    // PSR bits written by `sum`/`rum`/`mov psr.um=` (UM), `ssm`/`rsm` (SYS) and
    // `mov psr.l=` (L), SDM Vol. 2 §3.3.2.
    const UM: Cls = USER_MASK | TO_PSR_UM;
    const SYS: Cls = SYS_MASK | TO_PSR_L;
    const FROM: Cls = FROM_PSR;
    const BOTH: Cls = FROM_PSR | FROM_PSR_UM;
    let psr_rules: &[PsrRule] = &[
        (
            &[psr::AC, psr::BE],
            UM | SYS,
            &[
                (UM, MEM, Implied),
                (SYS, MEM, Data),
                (UM | SYS, BOTH, Implied),
            ],
        ),
        (&[psr::UP], UM | SYS, &[(UM | SYS, BOTH, Implied)]),
        (
            &[psr::MFL, psr::MFH],
            UM | SYS,
            &[(UM | SYS | FR_W, BOTH, Implied)],
        ),
        (
            &[psr::DB],
            TO_PSR_L,
            &[
                (TO_PSR_L, LFETCH | MEM | PROBE_FAULT, Data),
                (TO_PSR_L, FROM, Implied),
            ],
        ),
        (
            &[psr::DFH, psr::DFL],
            SYS,
            &[(SYS, FR_R | FR_W, Data), (SYS, FROM, Implied)],
        ),
        (&[psr::DI], SYS, &[(SYS, BR_IA, Data), (SYS, FROM, Implied)]),
        (&[psr::DT], SYS, &[(SYS, MEM, Data), (SYS, FROM, Implied)]),
        (&[psr::I, psr::PP], SYS, &[(SYS, FROM, Implied)]),
        (
            &[psr::IC],
            SYS,
            &[
                (SYS, FROM, Implied),
                (SYS, COVER | ITC_ITR | MOV_FROM_CR | MOV_TO_CR, Data),
            ],
        ),
        (
            &[psr::LP],
            TO_PSR_L,
            &[(TO_PSR_L, FROM, Implied), (TO_PSR_L, BR_RET, Data)],
        ),
        (
            &[psr::PK],
            SYS,
            &[(SYS, LFETCH | MEM | PROBE, Data), (SYS, FROM, Implied)],
        ),
        (
            &[psr::RT],
            TO_PSR_L,
            &[
                (TO_PSR_L, FROM, Implied),
                (TO_PSR_L, ALLOC | FLUSHRS | LOADRS, Data),
            ],
        ),
        (
            &[psr::SI],
            SYS,
            &[(SYS, FROM, Implied), (SYS, MOV_FROM_ITC, Data)],
        ),
        (
            &[psr::SP],
            SYS,
            &[
                (SYS, FROM, Implied),
                (SYS, MOV_FROM_PMD | TO_PSR_UM | USER_MASK, Data),
            ],
        ),
        (
            &[psr::TB],
            TO_PSR_L,
            &[(TO_PSR_L, BRANCHES | CHK, Data), (TO_PSR_L, FROM, Implied)],
        ),
    ];
    for &(bits, writers, reads) in psr_rules {
        for &bit in bits {
            for &(w, r, sem) in reads {
                v.push(raw(Rk::Psr(bit), w, r, sem));
            }
            let first = if matches!(bit, psr::MFL | psr::MFH) {
                writers | FR_W
            } else {
                writers
            };
            v.push(waw(Rk::Psr(bit), first, writers));
        }
    }
    v
}

// ---------------------------------------------------------------------------
// Which specific resources an instruction touches.

/// One specific resource: `index` names the register or bit; `None` is an unknown
/// one of the kind (conflicts with every other).
#[derive(Clone, Copy, Debug)]
struct Spec {
    index: Option<u32>,
    ctype: Ctype,
}

const fn at(i: u32) -> Spec {
    Spec {
        index: Some(i),
        ctype: Ctype::None,
    }
}

const UNKNOWN: Spec = Spec {
    index: None,
    ctype: Ctype::None,
};

/// Interruption control registers, whose access needs `psr.ic` (SDM Vol. 2 §3.3.5).
fn is_interruption_cr(n: u8) -> bool {
    matches!(
        n,
        cr::ITIR
            | cr::IFS
            | cr::IIM
            | cr::IIP
            | cr::IPSR
            | cr::ISR
            | cr::IFA
            | cr::IHA
            | cr::IIPA
            | cr::IIB0
            | cr::IIB1
    )
}

/// The specific resources of kind `rk` that `d` writes (`write`) or reads.
fn specify(rk: Rk, d: &Desc<'_>, write: bool) -> Vec<Spec> {
    let mut out = Vec::new();
    let outs = d.outputs();
    match rk {
        Rk::Gr => {
            for (i, o, v) in d.ops() {
                let c = o.spec().class;
                if write {
                    if i < outs && c == Class::Gr {
                        out.push(at(v as u32));
                    }
                    if o == Opnd::MEM && d.postinc {
                        out.push(at(v as u32));
                    }
                } else {
                    let ind = matches!(c, Class::Indirect(f) if f != "dtr" && f != "itr");
                    if (i >= outs && c == Class::Gr) || o == Opnd::MEM || ind {
                        out.push(at(v as u32));
                    }
                }
            }
        }
        Rk::Fr => {
            for (i, o, v) in d.ops() {
                if o.spec().class != Class::Fr {
                    continue;
                }
                // Only the first output counts as written (`ldfp`'s second target
                // and the sources are not writes), as binutils 2.40 applies it.
                let hit = if write { i == 0 && outs > 0 } else { i >= outs };
                if hit {
                    out.push(at(v as u32));
                }
            }
        }
        Rk::Pr => {
            if write {
                if d.has(MOV_TO_PR_ALL) {
                    let mask = d
                        .ops()
                        .find(|(_, o, _)| *o == Opnd::MASK17)
                        .map_or(0, |(_, _, v)| v as u64);
                    out.extend((1..16).filter(|i| mask >> i & 1 == 1).map(at));
                    if mask >> 16 & 1 == 1 {
                        out.extend((16..63).map(at));
                    }
                    if mask >> 63 & 1 == 1 {
                        out.push(at(63));
                    }
                } else if d.has(MOV_TO_PR_ROT) {
                    out.extend((16..64).map(at));
                } else if d.has(MOD_SCHED) {
                    out.push(at(63));
                } else {
                    for (i, o, v) in d.ops().take(outs.min(2)) {
                        if o.spec().class == Class::Pr && v != 0 {
                            out.push(Spec {
                                index: Some(v as u32),
                                ctype: d.ctype[i],
                            });
                        }
                    }
                }
            } else {
                if d.insn.qp != 0 && !d.form.flags.has(crate::form::Flags::NO_PRED) {
                    out.push(at(d.insn.qp as u32));
                }
                if d.has(MOV_FROM_PR) {
                    out.extend((1..64).map(at));
                }
            }
        }
        Rk::Br => {
            for (i, o, v) in d.ops() {
                if o.spec().class == Class::Br && (i < outs) == write {
                    out.push(at(v as u32));
                }
            }
        }
        Rk::Ar(n) => match d.ar() {
            Some((reg, is_write)) if is_write == write && reg == n => out.push(at(0)),
            Some((reg, true)) => {
                if matches!(n, ar::BSP | ar::RNAT) && reg == ar::BSPSTORE {
                    out.push(at(0));
                }
                if matches!(n, ar::BSP | ar::RNAT | ar::RSC)
                    && !write
                    && matches!(reg, ar::BSPSTORE | ar::RNAT)
                {
                    out.push(at(0));
                }
            }
            Some((reg, false)) => {
                if n == ar::RSC && !write && matches!(reg, ar::BSPSTORE | ar::RNAT) {
                    out.push(at(0));
                }
            }
            None => out.push(at(0)),
        },
        Rk::ArIg => {
            if let Some((reg, w)) = d.ar() {
                if w == write && matches!(reg, 48..=63 | 112..=127) {
                    out.push(at(reg as u32));
                }
            }
        }
        Rk::Unat => match d.ar() {
            Some((ar::UNAT, w)) if w == write => out.push(at(0)),
            Some(_) => {}
            None => out.push(UNKNOWN),
        },
        Rk::FpsrCtl(_) | Rk::FpsrFlags(_) | Rk::FpsrTraps => match d.ar() {
            Some((ar::FPSR, w)) if w == write => out.push(at(0)),
            Some(_) => {}
            None => out.push(at(0)),
        },
        Rk::Cr(n) => match d.cr() {
            Some((reg, w)) if w == write && reg == n => out.push(at(0)),
            Some((cr::IVR, false)) if !write && (n == cr::TPR) => out.push(at(0)),
            Some(_) => {}
            None => out.push(at(0)),
        },
        Rk::Irr => match d.cr() {
            Some((cr::IVR, false)) if write => out.extend((0..4).map(|i| at(cr::IRR0 as u32 + i))),
            Some((reg, false)) if !write && (cr::IRR0..cr::IRR0 + 4).contains(&reg) => {
                out.push(at(reg as u32))
            }
            _ => {}
        },
        Rk::Psr(bit) => {
            if psr_touches(bit, d, write) {
                out.push(at(0));
            }
        }
        Rk::Cfm => out.push(at(0)),
        Rk::Ind(file) => {
            let hit = d
                .ops()
                .any(|(i, o, _)| o.spec().class == Class::Indirect(file) && (i < outs) == write);
            if hit {
                out.push(UNKNOWN);
            }
        }
        Rk::Rse => match d.ar() {
            Some((reg, true)) => {
                let hit = if write {
                    reg == ar::BSPSTORE
                } else {
                    matches!(reg, ar::BSPSTORE | ar::RNAT)
                };
                if hit {
                    out.push(at(0));
                }
            }
            Some((reg, false)) => {
                if !write && matches!(reg, ar::BSP | ar::BSPSTORE | ar::RNAT) {
                    out.push(at(0));
                }
            }
            None => out.push(at(0)),
        },
    }
    out
}

/// Whether `d` touches PSR bit `bit` (`write`: as a writer).
fn psr_touches(bit: u8, d: &Desc<'_>, write: bool) -> bool {
    let fr_in = |lo: i64, hi: i64, outputs_only: bool| {
        d.ops().any(|(i, o, v)| {
            o.spec().class == Class::Fr
                && (!outputs_only || i < d.outputs())
                && (lo..=hi).contains(&v)
        })
    };
    // `mov psr.l=` writes bits 0..31 and 35, 36; `mov =psr` reads those and cpl.
    let low_half = bit < 32 || bit == 35 || bit == 36;
    if d.has(TO_PSR_UM | FROM_PSR_UM) && (write == d.has(TO_PSR_UM)) {
        return bit < 6;
    }
    if d.has(FROM_PSR) && !write {
        return low_half || bit == psr::CPL;
    }
    if d.has(TO_PSR_L) && write {
        return low_half;
    }
    if d.has(SYS_MASK | USER_MASK) && write {
        return d.psr_mask() >> bit & 1 == 1;
    }
    match bit {
        psr::DFL if !write => fr_in(2, 31, false),
        psr::DFH if !write => fr_in(32, 127, false),
        psr::MFL if write => fr_in(2, 31, true),
        psr::MFH if write => fr_in(32, 127, true),
        psr::BN if !write => d
            .ops()
            .any(|(_, o, v)| o.spec().class == Class::Gr && (16..=31).contains(&v)),
        psr::IC if !write => d.cr().is_none_or(|(n, _)| is_interruption_cr(n)),
        psr::CPL if !write => match d.ar() {
            Some((n, w)) => n == ar::ITC || n == ar::RUC || (w && (n == ar::RSC || n < 8)),
            None => true,
        },
        _ => true,
    }
}

// ---------------------------------------------------------------------------
// The checker.

/// A resource an earlier instruction of the group (or an earlier group, for
/// conflicts a stop alone does not clear) wrote.
#[derive(Clone, Debug)]
struct Mark {
    rule: usize,
    spec: Spec,
    qp: u8,
    path: u32,
    loc: Loc,
    /// A stop has been seen since (only marks of serialized rules survive one).
    stopped: bool,
    /// `srlz.i` followed the stop: the next stop clears the mark.
    srlz_i: bool,
    /// A later branch on the same predicate clears the mark (the predicate was not
    /// rewritten in between).
    link_to_qp_branch: bool,
    /// Written by `mov pr=`: GNU as (binutils 2.40, observed) does not excuse a
    /// `mov r=pr` in the same group by predicate exclusion.
    mov_to_pr: bool,
}

#[derive(Clone, Copy, Debug)]
struct Mutex {
    mask: u64,
    path: u32,
}

#[derive(Clone, Copy, Debug)]
struct Imply {
    p1: u8,
    p2: u8,
    path: u32,
    p2_branched: bool,
}

/// The dependency checker for one assembly.
#[derive(Debug, Default)]
pub struct Checker {
    marks: Vec<Mark>,
    mutexes: Vec<Mutex>,
    implies: Vec<Imply>,
    /// Entry paths (labels) seen since the last taken branch.
    path: u32,
}

impl Checker {
    /// A checker with no history.
    pub fn new() -> Checker {
        Checker::default()
    }

    /// An instruction was emitted; returns warnings for RAW/WAW conflicts with earlier
    /// instructions of the current instruction group.
    pub fn push(&mut self, insn: &Instruction, _slot_unit: SlotUnit, loc: &Loc) -> Vec<DepWarning> {
        let d = describe(insn);
        let warnings = self.check(&d, loc);
        self.mark(&d, loc);
        self.update(&d, loc);
        self.note_predicates(&d);
        warnings
    }

    /// A stop (`;;`) ends the instruction group.
    pub fn stop(&mut self) {
        self.group_break(None, None);
    }

    /// A label (a possible branch target) was defined.
    pub fn label(&mut self) {
        self.path += 1;
    }

    /// A predicate-relation directive (`.pred.rel "mutex", p1, p2` etc.).
    pub fn pred_rel(&mut self, kind: PredRel, preds: &[u8]) {
        let mut mask = preds
            .iter()
            .filter(|&&p| p != 0 && p < 64)
            .fold(0u64, |m, &p| m | 1 << p);
        match kind {
            PredRel::Clear => {
                if preds.is_empty() {
                    mask = !1;
                }
                self.clear_mutex(mask);
                self.clear_implies(mask, mask);
            }
            PredRel::Imply => {
                if let [p1, p2] = preds {
                    if *p1 != 0 && *p2 != 0 {
                        self.add_imply(*p1, *p2);
                    }
                }
            }
            PredRel::Mutex => {
                self.clear_mutex(mask);
                if mask.count_ones() >= 2 {
                    self.mutexes.push(Mutex {
                        mask,
                        path: self.path,
                    });
                }
            }
        }
    }

    fn check(&self, d: &Desc<'_>, loc: &Loc) -> Vec<DepWarning> {
        self.check_sem(d, loc)
            .into_iter()
            .map(|(w, _, _)| w)
            .collect()
    }

    /// What must be inserted before `insn` so that it does not conflict with the
    /// current instruction group (GNU as's automatic mode); `None` when nothing.
    /// Only the first conflict is answered: after inserting its remedy, ask again.
    pub fn remedy(&self, insn: &Instruction, loc: &Loc) -> Option<Remedy> {
        let d = describe(insn);
        self.check_sem(&d, loc)
            .first()
            .map(|(_, sem, stopped)| match (sem, stopped) {
                (Sem::Implied, _) => Remedy::Stop,
                (Sem::Data, false) => Remedy::StopSrlzD,
                (Sem::Instr, false) => Remedy::StopSrlzI,
                (Sem::Data, true) => Remedy::SrlzD,
                (Sem::Instr, true) => Remedy::SrlzI,
            })
    }

    fn check_sem(&self, d: &Desc<'_>, loc: &Loc) -> Vec<(DepWarning, Sem, bool)> {
        let rules = rules();
        let mut out = Vec::new();
        for m in &self.marks {
            let rule = &rules[m.rule];
            if d.cls & rule.check == 0 {
                continue;
            }
            if m.stopped && rule.sem == Sem::Implied {
                continue;
            }
            let write = rule.mode == Mode::Waw;
            // `.unc` compares and `frcpa` write their predicates whatever the
            // qualifying predicate, so predicate exclusion does not help them.
            let unc_write = write && rule.rk == Rk::Pr && d.has(PR_UNC_INT | PR_UNC_FP);
            for path in 0..=self.path {
                if m.path < path {
                    continue;
                }
                let branched = d.insn.qp != 0
                    && self
                        .implies
                        .iter()
                        .any(|i| i.path >= path && i.p1 == d.insn.qp && i.p2_branched);
                if branched {
                    continue;
                }
                let inexcusable = unc_write || (m.mov_to_pr && d.has(MOV_FROM_PR));
                if !inexcusable && self.mutex(m.qp, d.insn.qp, path) {
                    continue;
                }
                let Some(certain) = conflict(rule, m, &specify(rule.rk, d, write)) else {
                    continue;
                };
                let certain = certain && d.insn.qp == 0;
                out.push((
                    DepWarning {
                        loc: loc.clone(),
                        message: format!(
                            "`{}` {} a {} dependency on {}{} ({})",
                            d.name,
                            if certain { "violates" } else { "may violate" },
                            if write { "WAW" } else { "RAW" },
                            resource_name(rule.rk, &m.spec),
                            if path < self.path {
                                " on the first entry path that meets it"
                            } else {
                                ""
                            },
                            rule.sem.name(),
                        ),
                        other: Some(m.loc.clone()),
                    },
                    rule.sem,
                    m.stopped,
                ));
                break;
            }
        }
        out
    }

    fn mark(&mut self, d: &Desc<'_>, loc: &Loc) {
        // A conditional branch uses its resources only when taken, and then the
        // group's following instructions are not on its path (SDM Vol. 1 §3.4).
        if d.is_conditional_branch() || d.has(RFI) {
            return;
        }
        for (k, rule) in rules().iter().enumerate() {
            if d.cls & rule.mark == 0 || d.cls & rule.mark_not != 0 {
                continue;
            }
            for spec in specify(rule.rk, d, true) {
                self.marks.push(Mark {
                    rule: k,
                    spec,
                    qp: d.insn.qp,
                    path: self.path,
                    loc: loc.clone(),
                    stopped: false,
                    srlz_i: false,
                    link_to_qp_branch: true,
                    mov_to_pr: d.has(MOV_TO_PR_ALL),
                });
            }
        }
    }

    fn update(&mut self, d: &Desc<'_>, loc: &Loc) {
        let qp = d.insn.qp;
        if d.has(SRLZ_I) {
            for m in &mut self.marks {
                if m.stopped {
                    m.srlz_i = true;
                }
            }
        } else if d.has(SRLZ_D) {
            self.marks.retain(|m| !m.stopped);
        } else if d.has(RFI | BR_IA) || (d.is_conditional_branch() && qp == 0) {
            // A taken branch: the next instruction starts afresh.
            self.marks.clear();
            self.path = 0;
        } else if d.is_conditional_branch() {
            let mut gone = Vec::new();
            for i in &mut self.implies {
                if i.p2 == qp {
                    i.p2_branched = true;
                    gone.push(i.p1);
                }
            }
            self.marks.retain(|m| !gone.contains(&m.qp));
            if d.has(BR_CALL) {
                self.group_break(Some(qp), Some(loc));
            } else {
                self.marks
                    .retain(|m| !(m.qp == qp && m.link_to_qp_branch && m.loc.line != loc.line));
            }
        }
    }

    /// Ends a group: marks a stop clears go, the others wait for serialization.
    /// `qp`/`except`: only marks under that predicate, not from that line.
    fn group_break(&mut self, qp: Option<u8>, except: Option<&Loc>) {
        let rules = rules();
        self.marks.retain_mut(|m| {
            if qp.is_some_and(|q| q != m.qp)
                || except.is_some_and(|l| l.line == m.loc.line && l.file == m.loc.file)
            {
                return true;
            }
            if rules[m.rule].sem == Sem::Implied || m.srlz_i {
                return false;
            }
            m.stopped = true;
            true
        });
    }

    fn mutex(&self, p1: u8, p2: u8, path: u32) -> bool {
        if p1 == p2 {
            return false;
        }
        let mask = 1u64 << p1 | 1u64 << p2;
        self.mutexes
            .iter()
            .any(|m| m.path >= path && m.mask & mask == mask)
    }

    fn clear_mutex(&mut self, mask: u64) {
        self.mutexes.retain(|m| m.mask & mask == 0);
    }

    fn clear_implies(&mut self, p1_mask: u64, p2_mask: u64) {
        self.implies
            .retain(|i| (1u64 << i.p1) & p1_mask == 0 && (1u64 << i.p2) & p2_mask == 0);
    }

    fn add_imply(&mut self, p1: u8, p2: u8) {
        if p1 == p2
            || self
                .implies
                .iter()
                .any(|i| i.p1 == p1 && i.p2 == p2 && i.path == self.path && !i.p2_branched)
        {
            return;
        }
        self.implies.push(Imply {
            p1,
            p2,
            path: self.path,
            p2_branched: false,
        });
        // Transitivity, and a mutex with p2 holds for p1 too.
        let more: Vec<(u8, u8)> = self
            .implies
            .iter()
            .flat_map(|i| {
                let mut v = Vec::new();
                if i.p1 == p2 {
                    v.push((p1, i.p2));
                }
                if i.p2 == p1 {
                    v.push((i.p1, p2));
                }
                v
            })
            .collect();
        for (a, b) in more {
            self.add_imply(a, b);
        }
        let bit = 1u64 << p1;
        let m2 = 1u64 << p2;
        let new: Vec<u64> = self
            .mutexes
            .iter()
            .filter(|m| m.mask & m2 != 0)
            .map(|m| (m.mask & !m2) | bit)
            .collect();
        for mask in new {
            self.mutexes.push(Mutex {
                mask,
                path: self.path,
            });
        }
    }

    /// Tracks what the instruction teaches about predicates (SDM Vol. 3 `cmp`: a
    /// normal or `.unc` compare writes complementary predicates).
    fn note_predicates(&mut self, d: &Desc<'_>) {
        let mut change = 0u64;
        for (i, o, v) in d.ops().take(d.outputs()) {
            if o.spec().class == Class::Pr && i < 2 {
                change |= 1u64 << v;
            }
        }
        // `mov pr=r,mask` is not followed: GNU as (binutils 2.40, observed) keeps
        // predicate relations and branch links across it, warning for neither a
        // `(p8)` write after `cmp p10,p8` and `mov pr` nor after `(p8) br`.
        if d.has(MOV_TO_PR_ROT) {
            change = !0xffff;
        }
        for m in &mut self.marks {
            if change >> m.qp & 1 == 1 {
                m.link_to_qp_branch = false;
            }
        }
        let pair = d.outputs() >= 2
            && d.form.operands[..2]
                .iter()
                .all(|o| o.spec().class == Class::Pr);
        if d.has(CLRRRB | MOD_SCHED) {
            change |= !0xffff;
            self.clear_mutex(change);
            self.clear_implies(change, change);
        } else if d.has(BR_CALL)
            || d.has(RFI | BR_IA)
            || (d.is_conditional_branch() && d.insn.qp == 0)
        {
            self.clear_mutex(!0);
            self.clear_implies(!0, !0);
            if d.has(BR_CALL) {
                for m in &mut self.marks {
                    m.link_to_qp_branch = false;
                }
            }
        } else if pair {
            let (p1, p2) = (d.insn.ops[0] as u8, d.insn.ops[1] as u8);
            let m1 = if p1 != 0 { 1u64 << p1 } else { 0 };
            let m2 = if p2 != 0 { 1u64 << p2 } else { 0 };
            if p1 == 0 && p2 == 0 {
                return;
            }
            match d.ctype {
                [Ctype::Or, Ctype::And] | [Ctype::And, Ctype::Or] => self.clear_implies(m2, m1),
                [Ctype::And, _] => self.clear_implies(0, m1 | m2),
                [Ctype::Or, _] => {
                    self.clear_mutex(m1 | m2);
                    self.clear_implies(m1 | m2, 0);
                }
                _ => {
                    self.clear_implies(m1 | m2, m1 | m2);
                    let added = if p1 == 0 || p2 == 0 {
                        self.clear_mutex(m1 | m2);
                        0
                    } else {
                        self.update_mutex(m1 | m2)
                    };
                    let unc = d.has(PR_UNC_INT | PR_UNC_FP);
                    if d.insn.qp == 0 || unc {
                        if added == 0 && p1 != 0 && p2 != 0 {
                            self.mutexes.push(Mutex {
                                mask: m1 | m2,
                                path: self.path,
                            });
                        }
                        if d.insn.qp != 0 {
                            if p1 != 0 {
                                self.add_imply(p1, d.insn.qp);
                            }
                            if p2 != 0 {
                                self.add_imply(p2, d.insn.qp);
                            }
                        }
                    }
                }
            }
        } else {
            self.clear_mutex(change);
            self.clear_implies(change, change);
        }
    }

    /// A compare makes the two predicates of `mask` mutually exclusive: drop older
    /// relations that name them. Returns -1 if the same relation already held on
    /// this path, 1 if a new one was added, 0 otherwise.
    fn update_mutex(&mut self, mask: u64) -> i32 {
        let mut add = 0;
        let mut i = 0;
        while i < self.mutexes.len() {
            let m = self.mutexes[i];
            if m.mask & mask == 0 {
                i += 1;
                continue;
            }
            if m.mask == mask && m.path == self.path {
                add = -1;
                i += 1;
                continue;
            }
            let mut keep = false;
            if m.path == self.path {
                if add == 0 && m.mask & mask == mask {
                    add = 1;
                }
                let rest = m.mask & !mask;
                self.mutexes[i].mask = rest;
                keep = rest & rest.wrapping_sub(1) != 0;
            }
            if keep {
                i += 1;
            } else {
                self.mutexes.swap_remove(i);
            }
        }
        if add == 1 {
            self.mutexes.push(Mutex {
                mask,
                path: self.path,
            });
        }
        add
    }
}

/// Whether a later access `specs` conflicts with mark `m`: `Some(true)` for a
/// certain conflict, `Some(false)` for a possible one.
fn conflict(rule: &Rule, m: &Mark, specs: &[Spec]) -> Option<bool> {
    for s in specs.iter().rev() {
        if rule.rk == Rk::Pr && s.ctype != Ctype::None && s.ctype == m.spec.ctype {
            continue;
        }
        match (s.index, m.spec.index) {
            (Some(a), Some(b)) if a == b => return Some(true),
            (Some(_), Some(_)) => {}
            _ => return Some(false),
        }
    }
    None
}

/// The resource's name for a message, with its class first (`GR r2`, `PSR.ic`).
fn resource_name(rk: Rk, s: &Spec) -> String {
    let i = s.index.unwrap_or(0);
    match rk {
        Rk::Gr => format!("GR r{i}"),
        Rk::Fr => format!("FR f{i}"),
        Rk::Pr => format!("PR p{i}"),
        Rk::Br => format!("BR b{i}"),
        Rk::Ar(n) => format!("AR ar{n}"),
        Rk::ArIg => format!("AR ar{i}"),
        Rk::Unat => "AR ar.unat".into(),
        Rk::FpsrCtl(n) => format!("AR ar.fpsr.sf{n}.controls"),
        Rk::FpsrFlags(n) => format!("AR ar.fpsr.sf{n}.flags"),
        Rk::FpsrTraps => "AR ar.fpsr.traps".into(),
        Rk::Cr(n) => format!("CR cr{n}"),
        Rk::Irr => format!("CR cr{i}"),
        Rk::Psr(b) => format!("PSR bit {b}"),
        Rk::Cfm => "CFM".into(),
        Rk::Rse => "RSE".into(),
        Rk::Ind(f) => format!("{} {f}[]", f.to_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{MAX_COMPLETERS, MAX_OPERANDS};
    use crate::table;
    use std::sync::Arc;
    use Opnd::*;

    /// The instruction of the table row named `name` with operand kinds `kinds`.
    fn ins(qp: u8, name: &str, kinds: &[Opnd], vals: &[i64]) -> Instruction {
        let (id, _) = table::all()
            .find(|(_, f)| f.name == name && f.operands == kinds)
            .unwrap_or_else(|| panic!("no row {name} {kinds:?}"));
        let mut ops = [0; MAX_OPERANDS];
        ops[..vals.len()].copy_from_slice(vals);
        Instruction {
            form: id,
            qp,
            ops,
            comps: [0; MAX_COMPLETERS],
        }
    }

    fn loc(line: u32) -> Loc {
        Loc {
            file: Arc::from("t.s"),
            line,
            column: 1,
        }
    }

    /// Feeds instructions on lines 1, 2, ...; `None` is a stop. Returns, per
    /// warning, its line, the line of the conflicting usage and the message.
    fn run(ck: &mut Checker, prog: &[Option<Instruction>]) -> Vec<(u32, u32, String)> {
        let mut out = Vec::new();
        for (n, p) in prog.iter().enumerate() {
            match p {
                Some(i) => {
                    for w in ck.push(i, SlotUnit::I, &loc(n as u32 + 1)) {
                        let other = w.other.map_or(0, |o| o.line);
                        out.push((w.loc.line, other, w.message));
                    }
                }
                None => ck.stop(),
            }
        }
        out
    }

    fn add(qp: u8, r1: i64, r2: i64, r3: i64) -> Instruction {
        ins(qp, "add", &[R1, R2, R3], &[r1, r2, r3])
    }

    fn cmp_eq(qp: u8, p1: i64, p2: i64) -> Instruction {
        ins(qp, "cmp.eq", &[P1, P2, R2, R3], &[p1, p2, 1, 2])
    }

    #[test]
    fn gr_raw_and_waw_within_a_group_only() {
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[
                Some(add(0, 4, 2, 3)),
                Some(add(0, 5, 4, 0)),
                Some(add(0, 4, 1, 1)),
            ],
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!((w[0].0, w[0].1), (2, 1));
        assert!(
            w[0].2.contains("RAW") && w[0].2.contains("GR r4"),
            "{}",
            w[0].2
        );
        assert_eq!((w[1].0, w[1].1), (3, 1));
        assert!(w[1].2.contains("WAW"), "{}", w[1].2);
        let mut ck = Checker::new();
        assert!(run(
            &mut ck,
            &[Some(add(0, 4, 2, 3)), None, Some(add(0, 5, 4, 0))]
        )
        .is_empty());
    }

    #[test]
    fn ld_c_target_has_no_raw_but_a_waw() {
        let mut ldc = ins(0, "ld", &[R1, Opnd::MEM], &[6, 7]);
        // Size 8 (completer value 3), type `.c.clr` (value 8).
        ldc.comps[0] = 3;
        ldc.comps[1] = 8;
        assert_eq!(mnemonic(&ldc), "ld8.c.clr");
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[Some(ldc), Some(add(0, 8, 6, 0)), Some(add(0, 6, 1, 1))],
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].2.contains("WAW") && w[0].0 == 3);
    }

    #[test]
    fn post_increment_writes_the_base() {
        let ld = ins(0, "ld", &[R1, Opnd::MEM, IMM9B], &[14, 15, 8]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(ld), Some(add(0, 16, 15, 0))]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].2.contains("GR r15"));
    }

    #[test]
    fn fr_raw() {
        let fadd = |f1, f3, f2| ins(0, "fadd", &[F1, F3, F2], &[f1, f3, f2]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(fadd(6, 7, 8)), Some(fadd(9, 6, 0))]);
        assert!(
            w.iter()
                .any(|w| w.2.contains("RAW") && w.2.contains("FR f6")),
            "{w:?}"
        );
    }

    #[test]
    fn complementary_predicates_do_not_conflict() {
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[
                Some(cmp_eq(0, 6, 7)),
                Some(add(6, 3, 4, 5)),
                Some(add(7, 3, 4, 6)),
            ],
        );
        // Both adds read p6/p7 the compare wrote (RAW); they do not conflict on r3.
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().all(|w| w.2.contains("RAW") && w.2.contains("PR")));
    }

    #[test]
    fn labels_start_a_path_without_predicate_knowledge() {
        let mut ck = Checker::new();
        run(&mut ck, &[Some(cmp_eq(0, 6, 7)), None]);
        ck.label();
        let w = run(&mut ck, &[Some(add(6, 3, 4, 5)), Some(add(7, 3, 4, 6))]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].2.contains("WAW") && w[0].2.contains("GR r3"), "{w:?}");
    }

    #[test]
    fn pred_rel_mutex_and_clear() {
        let prog = [Some(add(8, 6, 7, 0)), Some(add(9, 6, 8, 0)), None];
        let mut ck = Checker::new();
        assert_eq!(run(&mut ck, &prog).len(), 1);
        ck.pred_rel(PredRel::Mutex, &[8, 9]);
        assert!(run(&mut ck, &prog).is_empty());
        ck.pred_rel(PredRel::Clear, &[8]);
        assert_eq!(run(&mut ck, &prog).len(), 1);
    }

    #[test]
    fn branch_may_read_an_integer_compare_result() {
        let br = ins(6, "br.cond", &[TGT25], &[0x20]);
        let mut ck = Checker::new();
        assert!(run(&mut ck, &[Some(cmp_eq(0, 6, 7)), Some(br)]).is_empty());
        let mut fcmp = ins(0, "fcmp.eq", &[P1, P2, F2, F3], &[6, 7, 2, 3]);
        fcmp.comps = [0; MAX_COMPLETERS];
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(fcmp), Some(br)]);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn parallel_compares_of_one_type_share_a_predicate() {
        let and = |a, b| ins(0, "cmp.eq.and", &[P1, P2, R2, R3], &[a, b, 1, 2]);
        let or = |a, b| ins(0, "cmp.eq.or", &[P1, P2, R2, R3], &[a, b, 1, 2]);
        let mut ck = Checker::new();
        assert!(run(&mut ck, &[Some(and(10, 11)), Some(and(10, 11))]).is_empty());
        let mut ck = Checker::new();
        assert_eq!(
            run(&mut ck, &[Some(and(10, 11)), Some(or(10, 11))]).len(),
            2
        );
    }

    #[test]
    fn branch_registers() {
        let mov_b = |b, r| ins(0, "mov", &[B1, R2], &[b, r]);
        let br = ins(0, "br.cond", &[B2], &[6]);
        let mut ck = Checker::new();
        assert!(run(&mut ck, &[Some(mov_b(6, 2)), Some(br)]).is_empty());
        let from = ins(0, "mov", &[R1, B2], &[4, 7]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(mov_b(7, 3)), Some(from)]);
        assert!(w.len() == 1 && w[0].2.contains("BR b7"), "{w:?}");
    }

    #[test]
    fn application_registers_explicit_and_implicit() {
        let to_lc = ins(0, "mov.i", &[AR3, R2], &[65, 2]);
        let from_lc = ins(0, "mov.i", &[R1, AR3], &[4, 65]);
        let from_ec = ins(0, "mov.i", &[R1, AR3], &[5, 66]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(to_lc), Some(from_ec), Some(from_lc)]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].0 == 3 && w[0].2.contains("AR ar65"));
        // `alloc` reads ar.pfs that `mov ar.pfs=` wrote.
        let to_pfs = ins(0, "mov.i", &[AR3, R2], &[64, 2]);
        let alloc = ins(0, "alloc", &[R1, AR_PFS, SOF, SOL, SOR], &[32, 0, 4, 2, 0]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(to_pfs), Some(alloc)]);
        assert!(w.iter().any(|w| w.2.contains("AR ar64")), "{w:?}");
    }

    #[test]
    fn control_registers_need_data_serialization() {
        let to_ifa = ins(0, "mov", &[CR3, R2], &[20, 2]);
        let from_ifa = ins(0, "mov", &[R1, CR3], &[3, 20]);
        let srlz_d = ins(0, "srlz.d", &[], &[]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(to_ifa), None, Some(from_ifa)]);
        assert_eq!(w.len(), 1, "a stop alone does not clear it: {w:?}");
        assert!(w[0].2.contains("srlz.d"));
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[Some(to_ifa), None, Some(srlz_d), None, Some(from_ifa)],
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn remedies_for_automatic_mode() {
        let mut ck = Checker::new();
        let _ = ck.push(&add(0, 1, 2, 3), SlotUnit::I, &loc(1));
        assert_eq!(ck.remedy(&add(0, 4, 1, 5), &loc(2)), Some(Remedy::Stop));
        assert_eq!(ck.remedy(&add(0, 4, 6, 5), &loc(2)), None);
        ck.stop();
        assert_eq!(ck.remedy(&add(0, 4, 1, 5), &loc(2)), None);
        // A control register: a stop and `srlz.d`; behind a stop, `srlz.d` only.
        let to_ifa = ins(0, "mov", &[CR3, R2], &[20, 2]);
        let from_ifa = ins(0, "mov", &[R1, CR3], &[3, 20]);
        let _ = ck.push(&to_ifa, SlotUnit::M, &loc(3));
        assert_eq!(ck.remedy(&from_ifa, &loc(4)), Some(Remedy::StopSrlzD));
        ck.stop();
        assert_eq!(ck.remedy(&from_ifa, &loc(4)), Some(Remedy::SrlzD));
        let _ = ck.push(&ins(0, "srlz.d", &[], &[]), SlotUnit::M, &loc(4));
        assert_eq!(ck.remedy(&from_ifa, &loc(5)), None);
    }

    #[test]
    fn mov_to_pr_as_gnu_as_follows_it() {
        let mov_to_pr = |qp, mask| ins(qp, "mov", &[PR, R2, MASK17], &[0, 3, mask]);
        let mov_from_pr = |qp| ins(qp, "mov", &[R1, PR], &[8, 0]);
        // The relation `cmp` made survives `mov pr=`...
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[
                Some(cmp_eq(0, 10, 8)),
                None,
                Some(mov_to_pr(10, 0xff3e)),
                Some(add(8, 1, 2, 3)),
            ],
        );
        assert!(w.is_empty(), "{w:?}");
        // ...but does not excuse reading all predicates after it.
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[
                Some(cmp_eq(0, 10, 6)),
                None,
                Some(mov_to_pr(10, 0x2)),
                Some(mov_from_pr(6)),
            ],
        );
        assert!(w.len() == 1 && w[0].2.contains("p1"), "{w:?}");
    }

    #[test]
    fn br_call_after_mov_to_the_same_br() {
        let mov_b0 = ins(0, "mov", &[B1, R2], &[0, 33]);
        let call = ins(0, "br.call", &[B1, TGT25], &[0, 0]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(mov_b0), Some(call)]);
        assert!(
            w.len() == 1 && w[0].2.contains("WAW") && w[0].2.contains("b0"),
            "{w:?}"
        );
    }

    #[test]
    fn psr_fields() {
        let ssm = |mask| ins(0, "ssm", &[IMM24], &[mask]);
        let from_ipsr = ins(0, "mov", &[R1, CR3], &[3, 16]);
        let from_iva = ins(0, "mov", &[R1, CR3], &[4, 2]);
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[Some(ssm(1 << 13)), Some(from_iva), Some(from_ipsr)],
        );
        assert_eq!(w.len(), 1, "only interruption CRs read psr.ic: {w:?}");
        assert!(w[0].0 == 3 && w[0].2.contains("PSR bit 13"));
        let from_psr = ins(0, "mov", &[R1, PSR], &[3, 0]);
        let mut ck = Checker::new();
        let w = run(&mut ck, &[Some(ssm(1 << 14 | 1 << 21)), Some(from_psr)]);
        assert_eq!(w.len(), 2, "{w:?}");
    }

    #[test]
    fn taken_branch_and_predicated_branch() {
        let br = ins(0, "br.cond", &[TGT25], &[0x20]);
        let mut ck = Checker::new();
        assert!(run(
            &mut ck,
            &[Some(add(0, 4, 2, 3)), Some(br), Some(add(0, 5, 4, 0))]
        )
        .is_empty());
        // A branch on p10 ends the path of instructions predicated on p10.
        let brp = ins(10, "br.cond", &[TGT25], &[0x20]);
        let mut ck = Checker::new();
        let w = run(
            &mut ck,
            &[Some(add(10, 9, 1, 0)), Some(brp), Some(add(0, 9, 2, 0))],
        );
        assert!(w.is_empty(), "{w:?}");
    }
}
