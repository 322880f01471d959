//! Stand-in for the dependency checker (`deps.rs`, written separately) with the
//! same interface: read-after-write and write-after-write conflicts on general,
//! floating-point, predicate and branch registers inside one instruction group.
//! Predicated writes under predicates declared mutually exclusive
//! (`.pred.rel "mutex"`) do not conflict.

use std::string::String;
use std::sync::Arc;
use std::vec::Vec;

use crate::bundle::SlotUnit;
use crate::decode::Instruction;
use crate::operand::Class;

/// A source location (same fields as [`super::diag::Loc`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepLoc {
    /// File.
    pub file: Arc<str>,
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
}

/// A dependency violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepWarning {
    /// The later instruction.
    pub loc: DepLoc,
    /// What conflicts.
    pub message: String,
    /// The earlier instruction of the pair.
    pub other: Option<DepLoc>,
}

/// Predicate relations (`.pred.rel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredRel {
    /// Forget relations.
    Clear,
    /// The first predicate implies the second.
    Imply,
    /// At most one of the predicates is true.
    Mutex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Res {
    Gr(u8),
    Fr(u8),
    Pr(u8),
    Br(u8),
}

impl Res {
    fn name(self) -> String {
        match self {
            Res::Gr(n) => std::format!("r{n}"),
            Res::Fr(n) => std::format!("f{n}"),
            Res::Pr(n) => std::format!("p{n}"),
            Res::Br(n) => std::format!("b{n}"),
        }
    }
}

/// The checker's state: what the current instruction group wrote.
#[derive(Debug, Default)]
pub struct Checker {
    writes: Vec<(Res, u8, DepLoc)>,
    mutex: Vec<u64>,
}

impl Checker {
    /// A checker at the start of an instruction group.
    pub fn new() -> Checker {
        Checker::default()
    }

    fn exclusive(&self, a: u8, b: u8) -> bool {
        a != b
            && a != 0
            && b != 0
            && self
                .mutex
                .iter()
                .any(|m| m >> a & 1 == 1 && m >> b & 1 == 1)
    }

    /// An instruction was emitted; returns conflicts with earlier instructions of
    /// the group.
    pub fn push(&mut self, insn: &Instruction, _unit: SlotUnit, loc: &DepLoc) -> Vec<DepWarning> {
        let f = insn.form();
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        if insn.qp != 0 {
            reads.push(Res::Pr(insn.qp));
        }
        for (k, op) in f.operands.iter().enumerate() {
            let v = insn.ops[k] as u8;
            let r = match op.spec().class {
                Class::Gr | Class::Mem | Class::Indirect(_) => Res::Gr(v),
                Class::Fr => Res::Fr(v),
                Class::Pr => Res::Pr(v),
                Class::Br => Res::Br(v),
                _ => continue,
            };
            let is_write = k < f.outputs as usize
                && matches!(
                    op.spec().class,
                    Class::Gr | Class::Fr | Class::Pr | Class::Br
                );
            if is_write {
                // r0, f0, f1 and p0 are constant: writing them is not a dependency.
                if matches!(r, Res::Gr(0) | Res::Fr(0) | Res::Fr(1) | Res::Pr(0)) {
                    continue;
                }
                writes.push(r);
            } else {
                reads.push(r);
            }
        }
        let mut out = Vec::new();
        for (mode, list) in [("RAW", &reads), ("WAW", &writes)] {
            for r in list {
                if let Some((_, qp, at)) = self
                    .writes
                    .iter()
                    .find(|(w, qp, _)| w == r && !self.exclusive(*qp, insn.qp))
                {
                    let _ = qp;
                    out.push(DepWarning {
                        loc: loc.clone(),
                        message: std::format!(
                            "{mode} dependency violation on {} in the same instruction group",
                            r.name()
                        ),
                        other: Some(at.clone()),
                    });
                }
            }
        }
        for w in writes {
            self.writes.push((w, insn.qp, loc.clone()));
        }
        out
    }

    /// A stop: a new instruction group begins.
    pub fn stop(&mut self) {
        self.writes.clear();
    }

    /// A label: a branch may arrive here, so relations are forgotten.
    pub fn label(&mut self) {
        self.mutex.clear();
    }

    /// A predicate relation directive.
    pub fn pred_rel(&mut self, kind: PredRel, preds: &[u8]) {
        match kind {
            PredRel::Mutex => self
                .mutex
                .push(preds.iter().fold(0u64, |m, &p| m | 1 << (p & 63))),
            PredRel::Clear => self.mutex.clear(),
            PredRel::Imply => {}
        }
    }
}
