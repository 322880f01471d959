//! Generates the decoder from the instruction table.
//!
//! The table's own modules are compiled into this script, so the decoder cannot
//! drift from the rows the encoder and disassembler read. It writes
//! `$OUT_DIR/decode_tree.rs`, which `src/decode.rs` includes:
//!
//! * per (slot unit, major opcode) group, a function holding a decision tree of
//!   nested `match`es on opcode bits, each a jump table over one or two runs of
//!   bits, and a table of those functions;
//! * per row shape (operand kinds and completers), an extractor: straight-line
//!   code with constant shifts, masks and sign extensions, inlined into the
//!   leaves;
//! * per template code, its slots' unit indexes.
//!
//! Priority is the table's rule (see `src/table/mod.rs`): among the rows whose
//! fixed bits match a slot, the one with more fixed bits wins, ties go to the
//! earlier row, and assembler-only rows are never chosen. A row whose completer
//! holds a reserved value, or whose operand rejects its field, does not match,
//! and the next candidate is tried.

// The table modules carry the encoder's and assembler's helpers too; this script
// reads only the rows. Their operand kinds keep the manual's names (`SOF`, `MEM`),
// which clippy accepts in the library only because they are public there.
#![allow(dead_code, clippy::upper_case_acronyms)]

#[path = "src/bundle.rs"]
mod bundle;
#[path = "src/form.rs"]
mod form;
#[path = "src/operand.rs"]
mod operand;
#[path = "src/table/mod.rs"]
mod table;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use bundle::{SlotUnit, TEMPLATES};
use form::{Flags, Form};
use operand::{Opnd, Xform, L_SLOT};

/// The slot units that have decoders, with the name their code is generated under.
const UNITS: [(SlotUnit, &str); 5] = [
    (SlotUnit::M, "m"),
    (SlotUnit::I, "i"),
    (SlotUnit::F, "f"),
    (SlotUnit::B, "b"),
    (SlotUnit::X, "x"),
];

/// The major opcode's bits (40:37); a group fixes them.
const MAJOR: u64 = 0xf << 37;
/// Bits a tree node may split on: everything above the qualifying predicate and
/// below the major opcode.
const SPLITTABLE: u64 = ((1u64 << 37) - 1) & !0x3f;
/// Widest index of one `match` (a jump table of at most 1024 entries). Measured:
/// wider indexes make shallower trees, and 10 bits cover a whole opcode
/// extension (`x2a`, `ve`, `x4`, `x2b` of format A1) in one jump.
const MAX_SPLIT_BITS: u32 = 10;

/// A row the decoder may choose.
struct Row {
    /// The `FormId`'s raw value.
    id: u16,
    form: &'static Form,
    /// Index of its extractor in the shape list.
    shape: usize,
}

/// What an extractor needs to know about a row: its operand kinds and, for each
/// completer, `(lo, len, valid)` with `valid` the bitmap of non-reserved values,
/// or `None` when every value is valid.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    operands: Vec<u8>,
    completers: Vec<(u8, u8, Option<u64>)>,
}

impl Shape {
    fn of(f: &Form) -> Shape {
        Shape {
            operands: f.operands.iter().map(|&o| o as u8).collect(),
            completers: f
                .completers
                .iter()
                .map(|c| {
                    assert!(c.len <= 6, "{}: completer wider than 6 bits", f.name);
                    let all = if c.len == 6 {
                        u64::MAX
                    } else {
                        (1u64 << (1u64 << c.len)) - 1
                    };
                    // A value without a name, listed as `None` or past the list's
                    // end, is reserved.
                    let valid = c
                        .names
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.is_some())
                        .fold(0u64, |m, (v, _)| m | 1 << v);
                    (c.lo, c.len, (valid != all).then_some(valid))
                })
                .collect(),
        }
    }

    /// Whether the extractor can reject a slot: a completer with reserved values
    /// or an operand that rejects some fields.
    fn fallible(&self) -> bool {
        self.completers.iter().any(|c| c.2.is_some())
            || self
                .operands
                .iter()
                .any(|&k| can_reject(Opnd::ALL[k as usize]))
    }
}

/// `((src >> lo) & mask)`, without the no-op parts; always one parenthesized term.
fn bits(src: &str, lo: u8, len: u8) -> String {
    let shifted = if lo == 0 {
        src.to_string()
    } else {
        format!("({src} >> {lo})")
    };
    if lo as u32 + len as u32 >= 64 {
        shifted
    } else {
        format!("({shifted} & {:#x})", (1u64 << len) - 1)
    }
}

/// The operand's concatenated field bits, as one parenthesized `u64` term over
/// `s` (the slot) and `l` (the L slot).
fn field_expr(kind: Opnd) -> String {
    let mut terms = Vec::new();
    let mut at = 0u32;
    for p in kind.spec().pieces {
        let (src, lo) = if p.lo >= L_SLOT {
            ("l", p.lo - L_SLOT)
        } else {
            ("s", p.lo)
        };
        let t = bits(src, lo, p.len);
        terms.push(if at == 0 { t } else { format!("({t} << {at})") });
        at += p.len as u32;
    }
    match terms.len() {
        0 => "0u64".to_string(),
        1 => terms.remove(0),
        _ => format!("({})", terms.join(" | ")),
    }
}

/// `expr` without one pair of parentheses around all of it.
fn bare(expr: &str) -> &str {
    let inner = match expr.strip_prefix('(').and_then(|e| e.strip_suffix(')')) {
        Some(inner) => inner,
        None => return expr,
    };
    // Only if the first `(` closes at the end.
    let mut depth = 0;
    for c in inner.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return expr;
        }
    }
    inner
}

/// The operand's value as an `i64` expression (mirroring
/// `Opnd::value_of_field`); `return false` when the field is reserved.
fn value_expr(kind: Opnd) -> String {
    let f = field_expr(kind);
    let w = kind.width();
    let sext = || {
        if w == 0 || w >= 64 {
            format!("{f} as i64")
        } else {
            format!("({f} << {}) as i64 >> {}", 64 - w, 64 - w)
        }
    };
    match kind.spec().xform {
        Xform::Unsigned | Xform::ClassSigns => format!("{f} as i64"),
        Xform::Signed => sext(),
        Xform::SignedShl(k) => format!("({}) << {k}", sext()),
        Xform::PlusOne => format!("{f} as i64 + 1"),
        Xform::From63 => format!("63 - {f} as i64"),
        Xform::Times8 => format!("{f} as i64 * 8"),
        // A listed value; past the list's end the field is reserved.
        Xform::Map(_) if can_reject(kind) => format!(
            "match MAP_{kind:?}.get({f} as usize) {{ Some(&v) => v, None => return false }}"
        ),
        Xform::Map(_) => format!("MAP_{kind:?}[{f} as usize]"),
        // The low half, which the high half must repeat.
        Xform::Twice => {
            let half = w / 2;
            format!(
                "{{ let f = {}; let v = f & {:#x}; if f >> {half} != v {{ return false; }} v as i64 }}",
                bare(&f),
                (1u64 << half) - 1
            )
        }
        // A count in the low half (63 minus it for `cpos`), the high half holding
        // 63 minus the count.
        Xform::ShiftCount { cpos } => {
            let half = w / 2;
            let max = (1u64 << half) - 1;
            let count = if cpos {
                format!("{max} - (f & {max})")
            } else {
                format!("f & {max}")
            };
            format!(
                "{{ let f = {}; let c = {count}; if f >> {half} != {max} - c {{ return false; }} c as i64 }}",
                bare(&f)
            )
        }
    }
}

/// The list of a [`Xform::Map`] operand kind as a static array, indexed by field.
fn map_table(kind: Opnd) -> Option<String> {
    match kind.spec().xform {
        Xform::Map(vals) => Some(format!(
            "/// `Opnd::{kind:?}`'s values by field.\nstatic MAP_{kind:?}: [i64; {}] = {vals:?};\n\n",
            vals.len()
        )),
        _ => None,
    }
}

/// Whether an operand kind can reject its field.
fn can_reject(kind: Opnd) -> bool {
    match kind.spec().xform {
        Xform::Map(vals) => (vals.len() as u64) < 1u64 << kind.width(),
        Xform::Twice | Xform::ShiftCount { .. } => true,
        _ => false,
    }
}

/// The extractor of shape `n`: checks the completers' reserved values and the
/// operands' fields, then hands the instruction to the sink. Inlined into the
/// leaves, so the trees call nothing and save no registers.
fn extractor(out: &mut String, n: usize, shape: &Shape) {
    let mut body = String::new();
    let mut comps = Vec::new();
    for (k, &(lo, len, valid)) in shape.completers.iter().enumerate() {
        writeln!(body, "    let c{k} = {};", bare(&bits("s", lo, len))).unwrap();
        if let Some(valid) = valid {
            writeln!(
                body,
                "    if ({valid:#x}u64 >> c{k}) & 1 == 0 {{ return false; }}"
            )
            .unwrap();
        }
        comps.push(format!("c{k} as u8"));
    }
    let mut ops = Vec::new();
    for (k, &op) in shape.operands.iter().enumerate() {
        let kind = Opnd::ALL[op as usize];
        if kind.spec().pieces.is_empty() {
            ops.push("0".to_string());
        } else {
            writeln!(body, "    let o{k}: i64 = {};", value_expr(kind)).unwrap();
            ops.push(format!("o{k}"));
        }
    }
    comps.resize(4, "0".to_string());
    ops.resize(6, "0".to_string());
    writeln!(
        out,
        "#[inline(always)]\nfn row{n}<K: Sink>(id: u16, s: u64, l: u64, out: &mut K::Out) -> bool {{\n{body}    \
         K::insn(out, Instruction {{ form: FormId(id), qp: (s & 0x3f) as u8, ops: [{}], comps: [{}] }});\n    \
         true\n}}\n",
        ops.join(", "),
        comps.join(", ")
    )
    .unwrap();
}

/// Statistics written into the generated file's header.
#[derive(Default)]
struct Stats {
    splits: usize,
    leaves: usize,
    max_leaf: usize,
}

/// Code of a tree node over `rows` (in priority order) as a `bool` expression;
/// the bits in `used` are known, and equal in every row here.
fn node(rows: &[&Row], used: u64, shapes: &[Shape], stats: &mut Stats) -> String {
    if rows.is_empty() {
        return "false".to_string();
    }
    // The bits worth indexing by: those that at least half of the rows fix. A row
    // that leaves an index bit free goes to both sides of it.
    let need = (rows.len() / 2).max(2);
    let eligible = (0..41)
        .filter(|&b| {
            (SPLITTABLE & !used) >> b & 1 == 1
                && rows.iter().filter(|r| r.form.mask >> b & 1 == 1).count() >= need
        })
        .fold(0u64, |m, b| m | 1 << b);
    if rows.len() <= 1 || eligible == 0 {
        return leaf(rows, used, shapes, stats);
    }
    // The contiguous runs of those bits, widest first; up to two of them,
    // MAX_SPLIT_BITS wide in all, form the index.
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut lo = 0;
    while lo < 41 {
        if eligible >> lo & 1 == 0 {
            lo += 1;
            continue;
        }
        let mut len = 0;
        while lo + len < 41 && eligible >> (lo + len) & 1 == 1 {
            len += 1;
        }
        runs.push((lo, len));
        lo += len;
    }
    runs.sort_by_key(|&(lo, len)| (std::cmp::Reverse(len), lo));
    let w1 = runs[0].1.min(MAX_SPLIT_BITS);
    let r1 = (runs[0].0, w1);
    let r2 = match runs.get(1) {
        Some(&(lo, len)) if w1 < MAX_SPLIT_BITS => (lo, len.min(MAX_SPLIT_BITS - w1)),
        _ => (0, 0),
    };
    let m1 = ((1u64 << r1.1) - 1) << r1.0;
    let m2 = ((1u64 << r2.1) - 1) << r2.0;
    stats.splits += 1;
    // Every index value gets an arm, so the `match` covers the index's whole range
    // and compiles to a jump table without a range check; children with identical
    // code share an arm. Values are written out one by one: a range pattern would
    // be lowered to comparisons.
    let mut arms: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for v in 0..1u64 << (r1.1 + r2.1) {
        let want = (v & ((1 << r1.1) - 1)) << r1.0 | (v >> r1.1) << r2.0;
        let sub: Vec<&Row> = rows
            .iter()
            .copied()
            .filter(|r| (r.form.opcode ^ want) & r.form.mask & (m1 | m2) == 0)
            .collect();
        arms.entry(node(&sub, used | m1 | m2, shapes, stats))
            .or_default()
            .push(v);
    }
    let mut index = bits("s", r1.0 as u8, r1.1 as u8);
    if r2.1 > 0 {
        index = format!(
            "{index} | ({} << {})",
            bits("s", r2.0 as u8, r2.1 as u8),
            r1.1
        );
    }
    let mut arms: Vec<(Vec<u64>, String)> = arms.into_iter().map(|(c, v)| (v, c)).collect();
    arms.sort();
    let mut code = format!("match {} {{\n", bare(&index));
    for (values, child) in arms {
        let pat: Vec<String> = values.iter().map(u64::to_string).collect();
        writeln!(code, "{} => {child},", pat.join(" | ")).unwrap();
    }
    code.push_str("_ => false,\n}");
    code
}

/// A leaf: the rows still in play, tried in priority order.
fn leaf(rows: &[&Row], used: u64, shapes: &[Shape], stats: &mut Stats) -> String {
    stats.leaves += 1;
    stats.max_leaf = stats.max_leaf.max(rows.len());
    let mut code = String::from("{\n");
    for r in rows {
        let rest = r.form.mask & !used & !MAJOR;
        let call = format!("row{}::<K>({:#06x}, s, l, out)", r.shape, r.id);
        let cond = if rest == 0 {
            String::new()
        } else {
            format!("s & {rest:#x} == {:#x} && ", r.form.opcode & rest)
        };
        writeln!(code, "if {cond}{call} {{\nreturn true;\n}}").unwrap();
        if rest == 0 && !shapes[r.shape].fallible() {
            // Nothing after a row that takes whatever the remaining bits are can
            // be chosen.
            break;
        }
    }
    code + "false\n}"
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/bundle.rs");
    println!("cargo:rerun-if-changed=src/form.rs");
    println!("cargo:rerun-if-changed=src/operand.rs");
    println!("cargo:rerun-if-changed=src/table");

    let mut shapes: Vec<Shape> = Vec::new();
    let mut shape_index: BTreeMap<Shape, usize> = BTreeMap::new();
    let mut rows: Vec<Row> = Vec::new();
    for (id, f) in table::all() {
        if f.flags.has(Flags::ASM_ONLY) {
            continue;
        }
        let sh = Shape::of(f);
        let shape = *shape_index.entry(sh.clone()).or_insert_with(|| {
            shapes.push(sh);
            shapes.len() - 1
        });
        rows.push(Row {
            id: id.0,
            form: f,
            shape,
        });
    }

    let mut out = String::new();
    let mut stats = Stats::default();
    let mut kinds: Vec<u8> = shapes
        .iter()
        .flat_map(|s| s.operands.iter().copied())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    for k in kinds {
        out.extend(map_table(Opnd::ALL[k as usize]));
    }
    for (n, shape) in shapes.iter().enumerate() {
        extractor(&mut out, n, shape);
    }

    // Every (unit, major opcode) group's decoder, called through one table
    // indexed by unit index times 16 plus major opcode: choosing a slot's tree is
    // one indirect call.
    let mut table = Vec::new();
    for (unit, name) in UNITS {
        for major in 0..16u8 {
            let mut group: Vec<&Row> = rows
                .iter()
                .filter(|r| r.form.unit.runs_in(unit) && r.form.major() == major)
                .collect();
            // Most specific first; ties keep table order (the sort is stable).
            group.sort_by_key(|r| std::cmp::Reverse(r.form.mask.count_ones()));
            let body = node(&group, MAJOR, &shapes, &mut stats);
            writeln!(
                out,
                "/// Decodes slot `n`, of unit type {unit:?} and major opcode {major}, into `out`.\n\
                 fn {name}_{major}<K: Sink>(s: u64, l: u64, n: u8, out: &mut K::Out) {{\n\
                 #[inline(always)]\n\
                 fn tree<K: Sink>(s: u64, l: u64, out: &mut K::Out) -> bool {{\n{body}\n}}\n\
                 if !tree::<K>(s, l, out) {{\nK::reserved(out, n, SlotUnit::{unit:?}, s);\n}}\n}}\n"
            )
            .unwrap();
            table.push(format!("{name}_{major}::<Self>"));
        }
    }
    // Unit index 5 is the L slot; 6 and 7, which no slot has, fill the table to a
    // power of two.
    table.resize(128, "long::<Self>".to_string());
    writeln!(
        out,
        "/// The L slot of an MLX bundle.\n\
         fn long<K: Sink>(s: u64, l: u64, n: u8, out: &mut K::Out) {{\nK::long(out);\n}}\n\n\
         /// A group's decoder.\n\
         type Group<K> = fn(u64, u64, u8, &mut <K as Sink>::Out);\n\n\
         /// The group decoders.\n\
         pub(super) trait Groups: Sink + Sized {{\n\
         /// By unit index times 16 plus major opcode.\n\
         const GROUPS: [Group<Self>; 128] = [{}];\n}}\n\n\
         impl<K: Sink> Groups for K {{}}\n",
        table.join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "/// The unit index of a slot unit type (an L slot decodes as the X slot it\n\
         /// belongs to).\n\
         pub(super) const fn unit_index(u: SlotUnit) -> usize {{\n\
         match u {{\n{}SlotUnit::L => {},\n}}\n}}\n",
        UNITS
            .iter()
            .enumerate()
            .map(|(k, (u, _))| format!("SlotUnit::{u:?} => {k},\n"))
            .collect::<String>(),
        UNITS.len() - 1,
    )
    .unwrap();
    // Each template code's slots as unit index times 16 (reserved codes, which
    // callers reject first, get the L slot's).
    let index_of = |u: SlotUnit| {
        UNITS
            .iter()
            .position(|(x, _)| *x == u)
            .unwrap_or(UNITS.len())
            * 16
    };
    let units: Vec<String> = TEMPLATES
        .iter()
        .map(|t| {
            format!(
                "{:?}",
                t.map_or([UNITS.len() * 16; 3], |t| t.units.map(index_of))
            )
        })
        .collect();
    writeln!(
        out,
        "/// Each slot's unit index times 16, by template code.\n\
         pub(super) static UNITS: [[u8; 3]; 32] = [{}];",
        units.join(", ")
    )
    .unwrap();

    let header = format!(
        "// Generated by build.rs from the instruction table: {} rows, {} shapes, {} splits, \
         {} leaves (at most {} rows each).\n\n",
        rows.len(),
        shapes.len(),
        stats.splits,
        stats.leaves,
        stats.max_leaf
    );
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = std::path::Path::new(&dir).join("decode_tree.rs");
    std::fs::write(&path, header + &out).expect("write the generated decoder");
}
