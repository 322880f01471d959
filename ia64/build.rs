//! Generates the decoder from the instruction table.
//!
//! The table's own modules are compiled into this script, so the decoder cannot
//! drift from the rows the encoder and disassembler read. It writes
//! `$OUT_DIR/decode_tables.rs`, which `src/decode.rs` includes:
//!
//! * the decoding tables: per (slot unit, major opcode) group, a tree whose inner
//!   nodes index their children by any set of up to `MAX_SPLIT_BITS` slot bits
//!   (gathered as `pext` does) and whose leaves name one row and the fixed bits it
//!   still has to check, as columns (`MASK`, `BASE`, `KIDS`, `CHK_MASK`,
//!   `CHK_VAL`, `FORM`, `SHAPE`); leaves are their own children, so every slot is
//!   found in the same number of steps (`DEPTH`) without a branch on its bits;
//! * per row shape (operand kinds and completers), an extractor: straight-line
//!   code with constant shifts, masks and sign extensions;
//! * per template code, its slots' unit indexes.
//!
//! Priority is the table's rule (see `src/table/mod.rs`): among the rows whose
//! fixed bits match a slot, the one with more fixed bits wins, ties go to the
//! earlier row, and assembler-only rows are never chosen. A row whose completer
//! holds a reserved value, or whose operand rejects its field, does not match,
//! and the next candidate is tried. The trees resolve all of that while they are
//! built: a leaf is made only where the first row still in play is either
//! decided by the bits indexed on the way or alone with nothing but fixed bits
//! left to check, so a leaf's check is one mask and compare.

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
/// Most bits one node indexes by (2048 children). Measured: 10 bits make some
/// trees three steps deep (every walk takes as many steps as the deepest), 11
/// and 12 two; 11 keeps the children table smaller.
const MAX_SPLIT_BITS: usize = 11;
/// The unit index of the L slot, whose groups match nothing (nor do a reserved
/// template's slots, which get it too).
const L_INDEX: usize = UNITS.len();
/// One root per unit index (the L slot's included) and major opcode.
const ROOTS: usize = (L_INDEX + 1) * 16;

/// A row the decoder may choose.
struct Row {
    /// The `FormId`'s raw value.
    id: u16,
    form: &'static Form,
    /// Index of its extractor in the shape list.
    shape: usize,
}

/// What an extractor needs to know about a row: its operand kinds and its
/// completers' fields `(lo, len)`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    operands: Vec<u8>,
    completers: Vec<(u8, u8)>,
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
                    (c.lo, c.len)
                })
                .collect(),
        }
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
/// `Opnd::value_of_field`). The tables have already checked that the field is
/// not reserved.
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
        Xform::Map(_) if can_reject(kind) => {
            format!("MAP_{kind:?}.get({f} as usize).copied().unwrap_or(0)")
        }
        Xform::Map(_) => format!("MAP_{kind:?}[{f} as usize]"),
        // The low half (the high half repeats it).
        Xform::Twice => format!("({} & {:#x}) as i64", bare(&f), (1u64 << (w / 2)) - 1),
        // The count in the low half (63 minus it for `cpos`).
        Xform::ShiftCount { cpos } => {
            let max = (1u64 << (w / 2)) - 1;
            if cpos {
                format!("{max} - ({} & {max}) as i64", bare(&f))
            } else {
                format!("({} & {max}) as i64", bare(&f))
            }
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

/// A row's decision bits: the bits on which its acceptance depends (its fixed
/// bits, and the fields of its completers with reserved values and of its operands
/// that can reject).
fn decision_bits(r: &Row) -> u64 {
    r.form.mask & !MAJOR | reject_bits(r)
}

/// The fields of a row's completers with reserved values and of its operands that
/// can reject their field.
fn reject_bits(r: &Row) -> u64 {
    let comps = r
        .form
        .completers
        .iter()
        .filter(|c| c.names.len() < 1 << c.len || c.names.iter().any(Option::is_none))
        .fold(0, |m, c| m | c.mask());
    let ops = r
        .form
        .operands
        .iter()
        .filter(|&&o| can_reject(o))
        .fold(0, |m, o| m | o.slot_mask());
    comps | ops
}

/// Whether row `r` can still match a slot whose bits `known` equal `vals`: its
/// fixed bits agree, and every completer and rejecting operand whose field is
/// wholly known accepts it.
fn consistent(r: &Row, known: u64, vals: u64) -> bool {
    if (r.form.opcode ^ vals) & r.form.mask & known != 0 {
        return false;
    }
    let comps_ok = r
        .form
        .completers
        .iter()
        .all(|c| c.mask() & !known != 0 || c.name(c.field(vals)).is_some());
    let ops_ok = r.form.operands.iter().all(|&o| {
        !can_reject(o)
            || o.slot_mask() & !known != 0
            || o.value_of_field(o.field(vals, 0)).is_some()
    });
    comps_ok && ops_ok
}

/// One node of the generated tables, as `src/decode.rs` declares it.
#[derive(Clone)]
struct TableNode {
    mask: u64,
    chk_mask: u64,
    chk_val: u64,
    base: usize,
    form: u16,
    shape: usize,
}

/// The `form` of a leaf that matches nothing.
const NO_FORM: u16 = 0xffff;

/// Builds the decoding tables: a tree per (unit, major opcode) group whose inner
/// nodes index their children by a set of slot bits (gathered like `pext`), and
/// whose leaves name one row and the bits it still has to check.
struct Tables<'a> {
    rows: &'a [Row],
    nodes: Vec<TableNode>,
    kids: Vec<usize>,
    leaves: BTreeMap<u16, usize>,
    inner: BTreeMap<(u64, Vec<usize>), (usize, usize)>,
}

impl<'a> Tables<'a> {
    fn new(rows: &'a [Row]) -> Tables<'a> {
        // The roots come first, at their group's index; filled in as built.
        let placeholder = TableNode {
            mask: 0,
            chk_mask: 0,
            chk_val: 1,
            base: 0,
            form: NO_FORM,
            shape: 0,
        };
        Tables {
            rows,
            nodes: vec![placeholder; ROOTS],
            kids: Vec::new(),
            leaves: BTreeMap::new(),
            inner: BTreeMap::new(),
        }
    }

    /// A leaf for row `row` (`None`: a leaf that matches nothing). A leaf indexes
    /// by no bits, and its only child is itself, so walking on from a leaf stays
    /// there.
    fn leaf(&mut self, row: Option<usize>) -> usize {
        let form = row.map_or(NO_FORM, |r| self.rows[r].id);
        if let Some(&n) = self.leaves.get(&form) {
            return n;
        }
        let n = self.nodes.len();
        let (chk_mask, chk_val, shape) = match row {
            Some(r) => {
                let f = self.rows[r].form;
                (f.mask, f.opcode, self.rows[r].shape)
            }
            None => (0, 1, 0),
        };
        self.nodes.push(TableNode {
            mask: 0,
            chk_mask,
            chk_val,
            base: self.kids.len(),
            form,
            shape,
        });
        self.kids.push(n);
        self.leaves.insert(form, n);
        n
    }

    /// The subtree over `cands` (indexes into `rows`, in priority order) for slots
    /// whose bits `known` equal `vals`: its node and its depth.
    fn build(&mut self, cands: &[usize], known: u64, vals: u64) -> (usize, usize) {
        let live: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&r| consistent(&self.rows[r], known, vals))
            .collect();
        let Some(&first) = live.first() else {
            return (self.leaf(None), 0);
        };
        let r1 = &self.rows[first];
        let unknown = decision_bits(r1) & !known;
        // The first row is decided by the bits known here, or it is alone and only
        // its fixed bits remain: the leaf's check settles it.
        if unknown == 0 || (live.len() == 1 && unknown & !r1.form.mask == 0) {
            return (self.leaf(Some(first)), 0);
        }
        // Bits worth indexing: unknown decision bits of some row, except those
        // every row fixes to the same value (the leaf's check covers them).
        let mut score = [0usize; 41];
        let mut same = SPLITTABLE & !known;
        for &r in &live {
            let row = &self.rows[r];
            let d = decision_bits(row) & !known;
            for (b, s) in score.iter_mut().enumerate() {
                *s += (d >> b & 1) as usize;
            }
            same &= row.form.mask & !reject_bits(row) & !(row.form.opcode ^ r1.form.opcode);
        }
        let mut bits: Vec<usize> = (0..41)
            .filter(|&b| score[b] > 0 && (same >> b) & 1 == 0)
            .collect();
        if bits.is_empty() {
            return (self.leaf(Some(first)), 0);
        }
        bits.sort_by_key(|&b| (std::cmp::Reverse(score[b]), b));
        bits.truncate(MAX_SPLIT_BITS);
        let mask = bits.iter().fold(0u64, |m, &b| m | 1 << b);
        let mut kids = Vec::new();
        let mut depth = 0;
        for v in 0..1u64 << bits.len() {
            let set = deposit(v, mask);
            let (kid, d) = self.build(&live, known | mask, vals | set);
            kids.push(kid);
            depth = depth.max(d + 1);
        }
        let key = (mask, kids);
        if let Some(&found) = self.inner.get(&key) {
            return found;
        }
        let n = self.nodes.len();
        self.nodes.push(TableNode {
            mask,
            chk_mask: 0,
            chk_val: 1,
            base: self.kids.len(),
            form: NO_FORM,
            shape: 0,
        });
        self.kids.extend_from_slice(&key.1);
        self.inner.insert(key, (n, depth));
        (n, depth)
    }
}

/// The inverse of `pext`: the low bits of `v` spread over the set bits of `mask`.
fn deposit(v: u64, mask: u64) -> u64 {
    let mut out = 0;
    let mut k = 0;
    for b in 0..64 {
        if mask >> b & 1 == 1 {
            out |= (v >> k & 1) << b;
            k += 1;
        }
    }
    out
}

/// The extractor of shape `n`: straight-line code with constant shifts and masks
/// that builds the instruction of a slot the tables have accepted for one of the
/// shape's rows.
fn extractor(out: &mut String, n: usize, shape: &Shape) {
    let mut body = String::new();
    let mut comps = Vec::new();
    for (k, &(lo, len)) in shape.completers.iter().enumerate() {
        writeln!(body, "    let c{k} = {};", bare(&bits("s", lo, len))).unwrap();
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
        "#[inline(always)]\nfn row{n}(id: u16, s: u64, l: u64) -> Instruction {{\n{body}    \
         Instruction {{ form: FormId(id), qp: (s & 0x3f) as u8, ops: [{}], comps: [{}] }}\n}}\n",
        ops.join(", "),
        comps.join(", ")
    )
    .unwrap();
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
    // The extractors by shape, called through a table: each writes its slot
    // itself, so a call costs its own few instructions.
    for n in 0..shapes.len() {
        writeln!(
            out,
            "fn fill{n}(id: u16, s: u64, l: u64, out: &mut Slot) {{\n\
             *out = Slot::Insn(row{n}(id, s, l));\n}}\n"
        )
        .unwrap();
    }
    writeln!(
        out,
        "/// Each shape's extractor, writing a slot.\n\
         pub(super) static FILL: [Fill; {}] = [{}];\n\n\
         /// The instruction of form `id` and shape `shape` from its slot `s` and the\n\
         /// L slot `l`.\n\
         pub(super) fn extract(shape: u16, id: u16, s: u64, l: u64) -> Instruction {{\n\
         let mut out = Slot::LongImmediate;\n\
         FILL[shape as usize](id, s, l, &mut out);\n\
         match out {{\nSlot::Insn(i) => i,\n_ => unreachable!(),\n}}\n}}\n",
        shapes.len(),
        (0..shapes.len())
            .map(|n| format!("fill{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();

    // Each decodable row's shape, by `FormId` (slice, index); assembler-only
    // rows have none.
    let slices = table::SLICES.len();
    let width = table::SLICES.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut shape_of = vec![vec![u16::MAX; width]; slices];
    for r in &rows {
        shape_of[(r.id >> 12) as usize][(r.id & 0xfff) as usize] = r.shape as u16;
    }
    writeln!(
        out,
        "/// Each decodable row's shape by `FormId` slice and index (`u16::MAX` for\n\
         /// assembler-only rows).\n\
         pub(super) static SHAPE_OF: [[u16; {width}]; {slices}] = {shape_of:?};\n"
    )
    .unwrap();

    // The tables: one tree per (unit, major opcode) group, rows in priority
    // order (most fixed bits first; ties keep table order, the sort is stable).
    let mut tables = Tables::new(&rows);
    let mut depth = 0;
    let mut depths = [0usize; 8];
    for (u, (unit, _)) in UNITS.iter().enumerate() {
        for major in 0..16u8 {
            let mut group: Vec<usize> = (0..rows.len())
                .filter(|&r| rows[r].form.unit.runs_in(*unit) && rows[r].form.major() == major)
                .collect();
            group.sort_by_key(|&r| std::cmp::Reverse(rows[r].form.mask.count_ones()));
            let (root, d) = tables.build(&group, MAJOR, (major as u64) << 37);
            tables.nodes[u * 16 + major as usize] = tables.nodes[root].clone();
            depth = depth.max(d);
            depths[d] += 1;
        }
    }
    // The L slot's groups (and a reserved template's) match nothing.
    let none = tables.leaf(None);
    for g in L_INDEX * 16..ROOTS {
        tables.nodes[g] = tables.nodes[none].clone();
    }
    let Tables { nodes, kids, .. } = tables;
    assert!(nodes.len() <= 1 << 16, "node indexes must fit a u16");
    // Both tables padded to a power of two, so an index masked to their length is
    // in bounds without a check; padding children lead to the empty leaf.
    let node_len = nodes.len().next_power_of_two();
    let kid_len = kids.len().next_power_of_two();
    // Padding nodes are copies of the empty leaf; padding children lead to it.
    let mut padded = nodes.clone();
    padded.resize(node_len, nodes[none].clone());
    let column =
        |f: &dyn Fn(&TableNode) -> String| padded.iter().map(f).collect::<Vec<_>>().join(", ");
    let mut kid_list: Vec<usize> = kids.clone();
    kid_list.resize(kid_len, none);
    writeln!(
        out,
        "/// How many steps from a root reach a leaf on every path.\n\
         pub(super) const DEPTH: usize = {depth};\n\n\
         /// Each node's index bits (none for a leaf). Nodes are numbered with the\n\
         /// roots first, at unit index times 16 plus major opcode.\n\
         pub(super) static MASK: [u64; {node_len}] = [{}];\n\n\
         /// Where each node's children start in `KIDS` (a leaf's one child is itself).\n\
         pub(super) static BASE: [u32; {node_len}] = [{}];\n\n\
         /// Each leaf's check: the slot bits under `CHK_MASK` must equal `CHK_VAL`\n\
         /// (a value outside the mask for a leaf that matches nothing).\n\
         pub(super) static CHK_MASK: [u64; {node_len}] = [{}];\n\n\
         /// See `CHK_MASK`.\n\
         pub(super) static CHK_VAL: [u64; {node_len}] = [{}];\n\n\
         /// Each leaf's row, as a `FormId`'s raw value.\n\
         pub(super) static FORM: [u16; {node_len}] = [{}];\n\n\
         /// Each leaf's row's shape.\n\
         pub(super) static SHAPE: [u16; {node_len}] = [{}];\n\n\
         /// Every inner node's children, from its `BASE`.\n\
         pub(super) static KIDS: [u16; {kid_len}] = {kid_list:?};\n",
        column(&|n| format!("{:#x}", n.mask)),
        column(&|n| n.base.to_string()),
        column(&|n| format!("{:#x}", n.chk_mask)),
        column(&|n| format!("{:#x}", n.chk_val)),
        column(&|n| format!("{:#x}", n.form)),
        column(&|n| n.shape.to_string()),
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
        L_INDEX - 1,
    )
    .unwrap();
    // Each template code's slots as unit index times 16 (a reserved code's slots
    // get the L slot's, which match nothing).
    let index_of = |u: SlotUnit| UNITS.iter().position(|(x, _)| *x == u).unwrap_or(L_INDEX) * 16;
    let units: Vec<String> = TEMPLATES
        .iter()
        .map(|t| {
            format!(
                "{:?}",
                t.map_or([L_INDEX * 16; 3], |t| t.units.map(index_of))
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
        "// Generated by build.rs from the instruction table: {} rows, {} shapes, {} nodes, \
         {} children, depth {depth} (groups by depth: {:?}).\n\n",
        rows.len(),
        shapes.len(),
        nodes.len(),
        kids.len(),
        &depths[..=depth],
    );
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = std::path::Path::new(&dir).join("decode_tables.rs");
    std::fs::write(&path, header + &out).expect("write the generated decoder");
}
