//! Instruction syntax: register names, operand shapes, and the lookup from a
//! written mnemonic to the table rows that can encode it. The instruction table
//! ([`crate::table`]) is the only source of mnemonics and operands; this module
//! indexes it by spelled name (a row's name followed by one spelling of each of its
//! variable completers) and matches written operands against each row's operand
//! kinds.

use std::collections::HashMap;
use std::string::{String, ToString};
use std::sync::OnceLock;
use std::vec::Vec;

use super::expr::{Expr, Parser};
use crate::decode::{Instruction, MAX_COMPLETERS, MAX_OPERANDS};
use crate::form::{Flags, Form, Unit};
use crate::operand::{Class, Opnd};
use crate::table::{self, FormId};

/// A register file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegFile {
    /// General registers.
    Gr,
    /// Floating-point registers.
    Fr,
    /// Predicates.
    Pr,
    /// Branch registers.
    Br,
    /// Application registers.
    Ar,
    /// Control registers.
    Cr,
}

/// One written operand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A register.
    Reg(RegFile, u16),
    /// `[rN]`.
    Mem(u16),
    /// `file[rN]` (`rr[r3]`, `dbr[r2]`...).
    Indirect(String, u16),
    /// A named special operand: `psr`, `psr.l`, `psr.um`, `ip`, `pr`, `pr.rot`, `dahrN`.
    Special(&'static str),
    /// An expression (immediates, targets).
    Expr(Expr),
}

/// Names of special operands that are written literally.
const SPECIALS: &[&str] = &[
    "psr", "psr.l", "psr.um", "ip", "pr", "pr.rot", "dahr0", "dahr1", "dahr2", "dahr3", "dahr4",
    "dahr5", "dahr6", "dahr7",
];

fn static_regs() -> &'static HashMap<String, (RegFile, u16)> {
    static REGS: OnceLock<HashMap<String, (RegFile, u16)>> = OnceLock::new();
    REGS.get_or_init(|| {
        let mut m = HashMap::new();
        for n in 0..128u16 {
            m.insert(std::format!("r{n}"), (RegFile::Gr, n));
            m.insert(std::format!("f{n}"), (RegFile::Fr, n));
            m.insert(std::format!("ar{n}"), (RegFile::Ar, n));
            m.insert(std::format!("cr{n}"), (RegFile::Cr, n));
            if let Some(name) = crate::disasm::ar_name(n as u8) {
                m.insert(name.to_string(), (RegFile::Ar, n));
            }
            if let Some(name) = crate::disasm::cr_name(n as u8) {
                m.insert(name.to_string(), (RegFile::Cr, n));
            }
        }
        for n in 0..64u16 {
            m.insert(std::format!("p{n}"), (RegFile::Pr, n));
        }
        for n in 0..8u16 {
            m.insert(std::format!("b{n}"), (RegFile::Br, n));
            // The software conventions' argument and return registers (GNU as names).
            m.insert(std::format!("farg{n}"), (RegFile::Fr, 8 + n));
            m.insert(std::format!("fret{n}"), (RegFile::Fr, 8 + n));
        }
        for n in 0..4u16 {
            m.insert(std::format!("ret{n}"), (RegFile::Gr, 8 + n));
        }
        m.insert("gp".into(), (RegFile::Gr, 1));
        m.insert("sp".into(), (RegFile::Gr, 12));
        m.insert("tp".into(), (RegFile::Gr, 13));
        m.insert("rp".into(), (RegFile::Br, 0));
        m
    })
}

/// The register a fixed name denotes (`r5`, `sp`, `ar.lc`, `cr.iva`, `p63`...).
pub fn static_reg(name: &str) -> Option<(RegFile, u16)> {
    static_regs().get(name).copied()
}

/// The `@name` constants GNU as knows for `fclass` and `mux1` operands.
pub fn at_constant(name: &str) -> Option<i64> {
    Some(match name {
        "@alt" => 0xa,
        "@brcst" => 0x0,
        "@mix" => 0x8,
        "@rev" => 0xb,
        "@shuf" => 0x9,
        "@nat" | "@natval" => 0x100,
        "@qnan" => 0x080,
        "@snan" => 0x040,
        "@pos" => 0x001,
        "@neg" => 0x002,
        "@zero" => 0x004,
        "@unorm" => 0x008,
        "@norm" => 0x010,
        "@inf" => 0x020,
        _ => return psr_bit(name),
    })
}

/// The `psr.*` bit masks GNU as accepts as constants (`rsm psr.i`), by the
/// PSR bit positions of SDM Vol. 2 Table 3-2.
fn psr_bit(name: &str) -> Option<i64> {
    const BITS: &[(&str, u32)] = &[
        ("psr.be", 1),
        ("psr.up", 2),
        ("psr.ac", 3),
        ("psr.mfl", 4),
        ("psr.mfh", 5),
        ("psr.ic", 13),
        ("psr.i", 14),
        ("psr.pk", 15),
        ("psr.dt", 17),
        ("psr.dfl", 18),
        ("psr.dfh", 19),
        ("psr.sp", 20),
        ("psr.pp", 21),
        ("psr.di", 22),
        ("psr.si", 23),
        ("psr.db", 24),
        ("psr.lp", 25),
        ("psr.tb", 26),
        ("psr.rt", 27),
        ("psr.is", 34),
        ("psr.mc", 35),
        ("psr.it", 36),
        ("psr.id", 37),
        ("psr.da", 38),
        ("psr.dd", 39),
        ("psr.ss", 40),
        ("psr.ed", 43),
        ("psr.bn", 44),
        ("psr.ia", 45),
        ("psr.vm", 46),
    ];
    BITS.iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, b)| 1i64 << b)
}

/// How an instruction goes into a slot when bundling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InsnType {
    /// Integer ALU: an M or an I slot.
    A,
    /// I slot.
    I,
    /// M slot.
    M,
    /// B slot.
    B,
    /// F slot.
    F,
    /// The L+X pair.
    X,
    /// `nop`, `break`, `hint`, `chk.s` without a unit: whatever the slot is.
    Dyn,
}

impl InsnType {
    /// The type of a form's unit.
    pub fn of(unit: Unit) -> InsnType {
        match unit {
            Unit::A => InsnType::A,
            Unit::I => InsnType::I,
            Unit::M => InsnType::M,
            Unit::B => InsnType::B,
            Unit::F => InsnType::F,
            Unit::X => InsnType::X,
        }
    }
}

/// The spelled-name index of the table.
pub struct Index {
    by_name: HashMap<String, Vec<(FormId, [u8; MAX_COMPLETERS])>>,
}

/// Default spellings GNU as assumes when a completer is left out: no suffix, the
/// `.few` prefetch hint, status field `.s0`.
fn is_default(name: &str) -> bool {
    matches!(name, "" | ".few" | ".s0")
}

impl Index {
    fn build() -> Index {
        let mut by_name: HashMap<String, Vec<(FormId, [u8; MAX_COMPLETERS])>> = HashMap::new();
        for (id, f) in table::all() {
            // Every combination of completer values; a default spelling may also
            // be omitted.
            let mut combos: Vec<(String, [u8; MAX_COMPLETERS])> =
                std::vec![(f.name.to_string(), [0; MAX_COMPLETERS])];
            for (k, c) in f.completers.iter().enumerate() {
                let mut next = Vec::new();
                for (prefix, vals) in &combos {
                    for (v, n) in c.names.iter().enumerate() {
                        let Some(n) = n else { continue };
                        let mut vv = *vals;
                        vv[k] = v as u8;
                        next.push((std::format!("{prefix}{n}"), vv));
                        if is_default(n) && !n.is_empty() {
                            next.push((prefix.clone(), vv));
                        }
                    }
                }
                combos = next;
            }
            for (name, vals) in combos {
                let e = by_name.entry(name).or_default();
                if !e.iter().any(|(i, _)| *i == id) {
                    e.push((id, vals));
                }
            }
        }
        Index { by_name }
    }

    /// The rows (with completer values) a spelled mnemonic names. GNU as also
    /// takes `br.sptk` for `br.cond.sptk` and `brl.sptk` for `brl.cond.sptk`.
    pub fn lookup(&self, mnemonic: &str) -> Option<&[(FormId, [u8; MAX_COMPLETERS])]> {
        if let Some(v) = self.by_name.get(mnemonic) {
            return Some(v);
        }
        for base in ["br.", "brl."] {
            if let Some(rest) = mnemonic.strip_prefix(base) {
                let alt = std::format!("{}cond.{rest}", base);
                if let Some(v) = self.by_name.get(&alt) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Whether any row has this spelled mnemonic without its last completer,
    /// meaning the mnemonic is known but a completer is wrong.
    pub fn known_prefix(&self, mnemonic: &str) -> Option<String> {
        let mut m = mnemonic;
        while let Some(p) = m.rfind('.') {
            m = &m[..p];
            if self.by_name.contains_key(m) || table::all().any(|(_, f)| f.name == m) {
                return Some(m.to_string());
            }
        }
        None
    }
}

/// The table index, built once.
pub fn index() -> &'static Index {
    static IDX: OnceLock<Index> = OnceLock::new();
    IDX.get_or_init(Index::build)
}

/// The row of a dynamic instruction (`nop`, `break`, `hint`, `chk.s`) for a unit.
pub fn dyn_form(base: &str, unit: crate::bundle::SlotUnit, ops: usize) -> Option<FormId> {
    use crate::bundle::SlotUnit;
    let suffix = match unit {
        SlotUnit::M => "m",
        SlotUnit::I => "i",
        SlotUnit::F => "f",
        SlotUnit::B => "b",
        SlotUnit::L | SlotUnit::X => "x",
    };
    let name = std::format!("{base}.{suffix}");
    index()
        .by_name
        .get(&name)?
        .iter()
        .find(|(id, _)| id.form().operands.len() == ops)
        .map(|(id, _)| *id)
}

/// A written operand's text split from the statement, with its byte offset.
#[derive(Clone, Debug)]
pub struct OperandText<'a> {
    /// The operand text, trimmed.
    pub text: &'a str,
    /// Byte offset in the statement.
    pub at: usize,
}

/// Splits `outputs = inputs` at top-level commas and the `=`; returns the operand
/// texts and how many stand left of `=`.
pub fn split_operands<'a>(
    s: &'a str,
    base: usize,
) -> Result<(Vec<OperandText<'a>>, usize), (usize, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut outputs = None;
    let push =
        |from: usize, to: usize, out: &mut Vec<OperandText<'a>>| -> Result<(), (usize, String)> {
            let t = &s[from..to];
            let lead = t.len() - t.trim_start().len();
            let t = t.trim();
            if t.is_empty() {
                return Err((base + from, "missing operand".into()));
            }
            out.push(OperandText {
                text: t,
                at: base + from + lead,
            });
            Ok(())
        };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'\'' => i += 1,
            b',' if depth == 0 => {
                push(start, i, &mut out)?;
                start = i + 1;
            }
            b'=' if depth == 0
                && b.get(i + 1) != Some(&b'=')
                && (i == 0 || !b"=!<>".contains(&b[i - 1])) =>
            {
                if outputs.is_some() {
                    return Err((base + i, "more than one `=`".into()));
                }
                push(start, i, &mut out)?;
                outputs = Some(out.len());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if !s.trim().is_empty() || outputs.is_some() {
        push(start, s.len(), &mut out)?;
    }
    Ok((out, outputs.unwrap_or(0)))
}

/// Parses one operand. `reg` resolves a name to a register (static names,
/// `in`/`loc`/`out` and rotating names of the current frame).
pub fn parse_operand(
    text: &str,
    reg: &dyn Fn(&str) -> Option<(RegFile, u16)>,
) -> Result<Operand, (usize, String)> {
    let t = text.trim();
    let gr = |inner: &str, at: usize| -> Result<u16, (usize, String)> {
        match reg(inner.trim()) {
            Some((RegFile::Gr, n)) => Ok(n),
            _ => Err((
                at,
                std::format!("expected a general register, found `{}`", inner.trim()),
            )),
        }
    };
    if let Some(inner) = t.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return Err((t.len(), "expected `]`".into()));
        };
        return Ok(Operand::Mem(gr(inner, 1)?));
    }
    if let Some((f, n)) = reg(t) {
        return Ok(Operand::Reg(f, n));
    }
    if let Some(open) = t.find('[') {
        let file = &t[..open];
        if !file.is_empty() && file.bytes().all(|c| c.is_ascii_alphabetic()) && t.ends_with(']') {
            let lower = file.to_ascii_lowercase();
            return Ok(Operand::Indirect(
                lower,
                gr(&t[open + 1..t.len() - 1], open + 1)?,
            ));
        }
    }
    if let Some(s) = SPECIALS.iter().find(|s| **s == t) {
        return Ok(Operand::Special(s));
    }
    let mut p = Parser::new(t);
    let e = p.expr().map_err(|e| (e.at, e.message))?;
    if !p.at_end() {
        return Err((p.pos, "junk after operand".into()));
    }
    Ok(Operand::Expr(e))
}

/// A value an operand needs that is not known yet: an expression to evaluate when
/// symbols are defined (a target, an immediate with a symbol).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deferred {
    /// Operand index in the form.
    pub index: usize,
    /// The expression.
    pub expr: Expr,
}

/// Why no row took the operands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchError {
    /// Operand index the best candidate failed on (`None`: count mismatch).
    pub operand: Option<usize>,
    /// Precise message.
    pub message: String,
}

/// How an expression operand evaluates now: a constant, or not yet known.
pub type EvalNow<'a> = dyn FnMut(&Expr) -> Option<i64> + 'a;

fn fixed_matches(name: &str, o: &Operand) -> bool {
    match (name, o) {
        ("ar.pfs", Operand::Reg(RegFile::Ar, 64))
        | ("ar.ccv", Operand::Reg(RegFile::Ar, 32))
        | ("ar.csd", Operand::Reg(RegFile::Ar, 25))
        | ("r0", Operand::Reg(RegFile::Gr, 0))
        | ("f0", Operand::Reg(RegFile::Fr, 0)) => true,
        ("1", Operand::Expr(Expr::Num(1)))
        | ("8", Operand::Expr(Expr::Num(8)))
        | ("16", Operand::Expr(Expr::Num(16))) => true,
        (n, Operand::Special(s)) => n == *s,
        _ => false,
    }
}

/// Tries one row: on success the instruction (deferred operands hold 0) and the
/// deferred expressions.
pub fn match_form(
    id: FormId,
    comps: [u8; MAX_COMPLETERS],
    qp: u8,
    ops: &[Operand],
    outputs: usize,
    eval: &mut EvalNow<'_>,
) -> Result<(Instruction, Vec<Deferred>), MatchError> {
    let f = id.form();
    if ops.len() != f.operands.len() || outputs != f.outputs as usize {
        return Err(MatchError {
            operand: None,
            message: std::format!(
                "`{}` takes {} output(s) and {} input(s)",
                f.name,
                f.outputs,
                f.operands.len() - f.outputs as usize
            ),
        });
    }
    let mut insn = Instruction {
        form: id,
        qp,
        ops: [0; MAX_OPERANDS],
        comps,
    };
    let mut deferred = Vec::new();
    for (k, (&kind, o)) in f.operands.iter().zip(ops).enumerate() {
        let bad = |msg: String| MatchError {
            operand: Some(k),
            message: msg,
        };
        let spec = kind.spec();
        let want_reg = |file: RegFile| -> Option<i64> {
            match o {
                Operand::Reg(g, n) if *g == file => Some(*n as i64),
                _ => None,
            }
        };
        let value = match spec.class {
            Class::Gr => want_reg(RegFile::Gr),
            Class::Fr => want_reg(RegFile::Fr),
            Class::Pr => want_reg(RegFile::Pr),
            Class::Br => want_reg(RegFile::Br),
            Class::Ar => match o {
                // GNU as: AR0-47 only in an M slot, AR64-111 only in an I slot
                // (SDM Vol. 1 Table 3-3).
                Operand::Reg(RegFile::Ar, n) => {
                    let n = *n;
                    let ok = match f.unit {
                        Unit::M => !(64..=111).contains(&n),
                        Unit::I => !(0..=47).contains(&n),
                        _ => true,
                    };
                    if !ok {
                        return Err(bad(std::format!(
                            "ar{n} is not accessible from the {:?} unit",
                            f.unit
                        )));
                    }
                    Some(n as i64)
                }
                _ => None,
            },
            Class::Cr => want_reg(RegFile::Cr),
            Class::Mem => match o {
                Operand::Mem(n) => Some(*n as i64),
                _ => None,
            },
            Class::Indirect(file) => match o {
                Operand::Indirect(name, n) if name == file => Some(*n as i64),
                _ => None,
            },
            Class::Fixed(name) => {
                if fixed_matches(name, o) {
                    continue;
                }
                return Err(bad(std::format!("expected `{name}`")));
            }
            Class::Dec | Class::Hex | Class::Target | Class::Mbtype => match o {
                Operand::Expr(e) => match eval(e) {
                    Some(v) => Some(v),
                    None => {
                        deferred.push(Deferred {
                            index: k,
                            expr: e.clone(),
                        });
                        continue;
                    }
                },
                _ => None,
            },
        };
        let Some(v) = value else {
            return Err(bad(std::format!(
                "operand {} has the wrong kind (expected {})",
                k + 1,
                describe(kind)
            )));
        };
        if spec.class == Class::Target {
            // A constant target is an absolute address: keep it for the caller.
            deferred.push(Deferred {
                index: k,
                expr: Expr::Num(v),
            });
            continue;
        }
        let mut v = assembler_value(kind, v);
        if kind.field_of_value(v).is_none() && spec.class == Class::Hex {
            // A hexadecimal mask may be written unsigned: GNU as takes
            // `mov pr=r2,0x1fffe` for the sign-extended 17-bit mask.
            let (lo, hi) = kind.range();
            let span = -(lo as i128) * 2;
            if (v as i128) > hi as i128 && (v as i128) < span {
                v = (v as i128 - span) as i64;
            }
        }
        if kind.field_of_value(v).is_none() {
            let (lo, hi) = kind.range();
            let msg = if (lo..=hi).contains(&v) {
                std::format!("operand {}: value {v} cannot be encoded", k + 1)
            } else {
                std::format!("operand {}: value {v} out of range {lo}..{hi}", k + 1)
            };
            return Err(bad(msg));
        }
        insn.ops[k] = v;
    }
    Ok((insn, deferred))
}

/// The value GNU as encodes for a written one: an `fclass` mask naming a class
/// but no sign means both signs ([`crate::operand::gas_fclass_mask`]), and a
/// `mov pr=` mask is any 17-bit integer with bit 0 dropped.
pub fn assembler_value(kind: Opnd, v: i64) -> i64 {
    if kind.spec().xform == crate::operand::Xform::ClassSigns {
        crate::operand::gas_fclass_mask(v as u64) as i64
    } else if kind == Opnd::MASK17 && (-0x10000..=0x1ffff).contains(&v) {
        // GNU as takes `mov pr=r2,mask` as any 17-bit integer, signed or not, and
        // drops bit 0 (p0 cannot be written): -1 and 0x1ffff both mean "all".
        crate::operand::sext((v as u64) & 0x1ffff, 17) & !1
    } else {
        v
    }
}

fn describe(kind: Opnd) -> &'static str {
    match kind.spec().class {
        Class::Gr => "a general register",
        Class::Fr => "a floating-point register",
        Class::Pr => "a predicate register",
        Class::Br => "a branch register",
        Class::Ar => "an application register",
        Class::Cr => "a control register",
        Class::Mem => "a memory operand `[rN]`",
        Class::Indirect(_) => "an indirect register `file[rN]`",
        Class::Fixed(_) => "a fixed operand",
        Class::Dec | Class::Hex | Class::Mbtype => "an immediate",
        Class::Target => "a branch target",
    }
}

/// Whether a form is the assembler's unit-less spelling of `nop`, `break`, `hint`
/// or `chk.s` (the unit is chosen by the slot).
pub fn is_dynamic(f: &Form) -> bool {
    f.flags.has(Flags::ASM_ONLY) && matches!(f.name, "nop" | "break" | "hint" | "chk.s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_spellings() {
        let idx = index();
        assert!(idx.lookup("br.cond.sptk.few").is_some());
        assert!(idx.lookup("br.cond.sptk").is_some(), ".few may be left out");
        assert!(
            idx.lookup("br.sptk.many").is_some(),
            "br.sptk is br.cond.sptk"
        );
        assert!(idx.lookup("fma").is_some(), ".s0 may be left out");
        assert!(idx.lookup("ld8").is_some());
        assert!(idx.lookup("ld8.bogus").is_none());
        assert_eq!(idx.known_prefix("ld8.bogus").as_deref(), Some("ld8"));
    }

    #[test]
    fn operands_split_and_parse() {
        let (ops, outs) = split_operands("r1 = [r2], 8", 0).unwrap();
        assert_eq!(outs, 1);
        assert_eq!(ops.len(), 3);
        let r = |n: &str| static_reg(n);
        assert_eq!(parse_operand(ops[1].text, &r), Ok(Operand::Mem(2)));
        assert_eq!(
            parse_operand("rr[r3]", &r),
            Ok(Operand::Indirect("rr".into(), 3))
        );
        assert_eq!(
            parse_operand("ar.lc", &r),
            Ok(Operand::Reg(RegFile::Ar, 65))
        );
        assert_eq!(parse_operand("sp", &r), Ok(Operand::Reg(RegFile::Gr, 12)));
        assert_eq!(parse_operand("psr.l", &r), Ok(Operand::Special("psr.l")));
        assert!(parse_operand("[r1", &r).is_err());
        assert!(split_operands("r1=,r2", 0).is_err());
    }
}
