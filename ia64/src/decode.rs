//! Decoder: 16 bytes → a bundle of decoded instructions, or a precise reason why not.
//!
//! Slots are matched against the instruction table through a decision tree built
//! once from the rows' opcode masks: at each node the bits every remaining candidate
//! fixes are used as a direct index, so a lookup costs a few shifts and loads; a
//! leaf holds the few rows that still overlap, most specific first.

use alloc::boxed::Box;
use alloc::vec::Vec;
use once_cell::race::OnceBox;

use crate::bundle::{Bundle, SlotUnit, Template};
use crate::form::{Flags, Form};
use crate::operand::{Opnd, Xform};
use crate::table::{self, FormId};

/// Most operands any form has.
pub const MAX_OPERANDS: usize = 6;
/// Most variable completers any form has.
pub const MAX_COMPLETERS: usize = 4;

/// A typed instruction: a form with its qualifying predicate, operand values and
/// completer values. The decoder produces it; the encoder consumes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instruction {
    /// The table row.
    pub form: FormId,
    /// Qualifying predicate (0..=63).
    pub qp: u8,
    /// Operand values in the form's operand order (registers by number, immediates
    /// by value, targets as byte displacements from the bundle's address).
    pub ops: [i64; MAX_OPERANDS],
    /// Completer field values in the form's completer order.
    pub comps: [u8; MAX_COMPLETERS],
}

impl Instruction {
    /// The table row.
    #[inline]
    pub fn form(&self) -> &'static Form {
        self.form.form()
    }

    /// The operand values actually used by the form.
    pub fn operands(&self) -> &[i64] {
        &self.ops[..self.form().operands.len()]
    }
}

/// Why a slot or bundle did not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The template code is one of the eight reserved ones.
    #[error("reserved template {0:#04x}")]
    ReservedTemplate(u8),
    /// No form matches the slot: a reserved opcode, or a reserved value in an
    /// opcode extension, completer or operand field.
    #[error("reserved opcode or field in slot {slot} ({unit:?} unit): {bits:#013x}")]
    Reserved {
        /// Slot number, 0..=2.
        slot: u8,
        /// The unit type the template gives the slot.
        unit: SlotUnit,
        /// The slot's 41 bits.
        bits: u64,
    },
}

/// One slot of a decoded bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A decoded instruction.
    Insn(Instruction),
    /// The slot holds no valid instruction.
    Invalid(DecodeError),
    /// The L slot of an MLX bundle, whose bits belong to the X instruction in slot 2.
    LongImmediate,
}

/// A decoded bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodedBundle {
    /// The template.
    pub template: Template,
    /// The three slots.
    pub slots: [Slot; 3],
}

// ---------------------------------------------------------------------------
// The decision tree.

/// A tree node packed in a `u64`, so a walk is one load per level.
///
/// Leaf (bit 63 set): try `candidates[start..start + len]`, `start` in bits 31:0
/// and `len` in bits 39:32. Split: index the children by up to two runs of slot
/// bits, `(shift, width)` in bits 5:0/9:6 and 15:10/19:16, concatenated low run
/// first; the children start at `children[first]`, `first` in bits 51:20.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Node(u64);

const LEAF: u64 = 1 << 63;

impl Node {
    fn leaf(start: u32, len: u32) -> Node {
        Node(LEAF | (len as u64) << 32 | start as u64)
    }

    fn split(runs: [(u32, u32); 2], first: u32) -> Node {
        let [(s1, w1), (s2, w2)] = runs;
        Node((s1 | w1 << 6 | s2 << 10 | w2 << 16) as u64 | (first as u64) << 20)
    }
}

struct Tree {
    /// Root node of each (slot unit, major opcode) group: `roots[unit * 16 + major]`.
    roots: [Node; 5 * 16],
    /// Children of split nodes, each split's children contiguous.
    children: Vec<Node>,
    /// Leaf candidates, as indexes into `compiled`.
    candidates: Vec<u32>,
    /// Every decodable row, compiled for fast extraction.
    compiled: Vec<Compiled>,
    /// One extraction plan per operand kind, indexed by `Opnd as u8`.
    plans: Vec<OpPlan>,
}

/// One operand's extraction, precomputed from its [`Opnd`] kind.
#[derive(Clone, Copy, Debug)]
struct OpPlan {
    kind: Opnd,
    /// `(source bit, width)` of each piece, low part first; source bits at or above
    /// 64 are in the L slot.
    pieces: [(u8, u8); 6],
    npieces: u8,
    width: u8,
    /// 0: unsigned; 1: signed; 2: signed then shifted by `shl`; 3: anything else
    /// (through [`Opnd::value_of_field`]).
    how: u8,
    shl: u8,
}

/// A row compiled for the decoder's inner loop: small, so the rows of a hot
/// group share a few cache lines; operand plans are looked up by kind.
#[derive(Clone, Copy, Debug)]
struct Compiled {
    opcode: u64,
    mask: u64,
    id: FormId,
    /// Whether a completer has reserved values or an operand can reject its field.
    check: bool,
    nops: u8,
    /// Operand kinds, as indexes into [`Tree::plans`].
    ops: [u8; MAX_OPERANDS],
    /// Completers with reserved values: `(lo, len, bitmap of valid values)`.
    comp_checks: [(u8, u8, u64); MAX_COMPLETERS],
    ncomp_checks: u8,
    /// Whether an operand can reject its field (checked by extraction).
    op_check: bool,
}

impl OpPlan {
    fn new(kind: Opnd) -> OpPlan {
        let spec = kind.spec();
        let mut pieces = [(0u8, 0u8); 6];
        for (k, p) in spec.pieces.iter().enumerate() {
            pieces[k] = (p.lo, p.len);
        }
        let (how, shl) = match spec.xform {
            Xform::Unsigned => (0, 0),
            Xform::Signed => (1, 0),
            Xform::SignedShl(s) => (2, s),
            _ => (3, 0),
        };
        OpPlan {
            kind,
            pieces,
            npieces: spec.pieces.len() as u8,
            width: kind.width() as u8,
            how,
            shl,
        }
    }

    #[inline(always)]
    fn value(&self, slot: u64, lslot: u64) -> Option<i64> {
        let mut v = 0u64;
        let mut at = 0u32;
        for &(lo, len) in &self.pieces[..self.npieces as usize] {
            let src = if lo >= 64 { lslot } else { slot };
            v |= ((src >> (lo & 63)) & ((1u64 << len) - 1)) << at;
            at += len as u32;
        }
        match self.how {
            0 => Some(v as i64),
            1 => Some(crate::operand::sext(v, self.width as u32)),
            2 => Some(crate::operand::sext(v, self.width as u32) << self.shl),
            _ => self.kind.value_of_field(v),
        }
    }
}

impl Compiled {
    fn new(id: FormId) -> Compiled {
        let f = id.form();
        let mut ops = [0u8; MAX_OPERANDS];
        for (k, &op) in f.operands.iter().enumerate() {
            ops[k] = op as u8;
        }
        let check = f
            .completers
            .iter()
            .any(|c| c.names.iter().any(Option::is_none))
            || f.operands.iter().any(|op| {
                !matches!(
                    op.spec().xform,
                    Xform::Unsigned | Xform::Signed | Xform::SignedShl(_)
                )
            });
        let mut comp_checks = [(0u8, 0u8, 0u64); MAX_COMPLETERS];
        let mut ncomp_checks = 0;
        for c in f
            .completers
            .iter()
            .filter(|c| c.names.iter().any(Option::is_none))
        {
            let valid = c
                .names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.is_some())
                .fold(0u64, |m, (v, _)| m | 1 << v);
            comp_checks[ncomp_checks] = (c.lo, c.len, valid);
            ncomp_checks += 1;
        }
        let op_check = f.operands.iter().any(|op| {
            !matches!(
                op.spec().xform,
                Xform::Unsigned | Xform::Signed | Xform::SignedShl(_)
            )
        });
        Compiled {
            opcode: f.opcode,
            mask: f.mask,
            id,
            check,
            nops: f.operands.len() as u8,
            ops,
            comp_checks,
            ncomp_checks: ncomp_checks as u8,
            op_check,
        }
    }
}

const fn unit_slot_index(u: SlotUnit) -> usize {
    match u {
        SlotUnit::M => 0,
        SlotUnit::I => 1,
        SlotUnit::F => 2,
        SlotUnit::B => 3,
        SlotUnit::L | SlotUnit::X => 4,
    }
}

fn runs_in(form: &Form, u: SlotUnit) -> bool {
    crate::encode::fits(form.unit, u)
}

/// Bits a node may split on: everything above the qualifying predicate and below
/// the major opcode.
const SPLITTABLE: u64 = ((1u64 << 37) - 1) & !0x3f;
/// Widest direct index one node uses.
const MAX_SPLIT_BITS: u32 = 8;

impl Tree {
    fn build() -> Tree {
        let mut tree = Tree {
            roots: [Node::leaf(0, 0); 80],
            children: Vec::new(),
            candidates: Vec::new(),
            compiled: Vec::new(),
            plans: Opnd::ALL.iter().map(|&k| OpPlan::new(k)).collect(),
        };
        let mut index = alloc::collections::BTreeMap::new();
        for (ui, u) in [
            SlotUnit::M,
            SlotUnit::I,
            SlotUnit::F,
            SlotUnit::B,
            SlotUnit::X,
        ]
        .into_iter()
        .enumerate()
        {
            for major in 0..16u8 {
                let mut group: Vec<(FormId, &Form)> = table::all()
                    .filter(|(_, f)| {
                        runs_in(f, u) && f.major() == major && !f.flags.has(Flags::ASM_ONLY)
                    })
                    .collect();
                // Most specific first; ties keep table order (the sort is stable).
                group.sort_by_key(|(_, f)| core::cmp::Reverse(f.mask.count_ones()));
                let ids: Vec<FormId> = group.iter().map(|(id, _)| *id).collect();
                tree.roots[ui * 16 + major as usize] = tree.node(&ids, 0, &mut index);
            }
        }
        tree
    }

    /// Builds the node for `ids` (sorted by priority); `used` are bits already split on.
    fn node(
        &mut self,
        ids: &[FormId],
        used: u64,
        index: &mut alloc::collections::BTreeMap<FormId, u32>,
    ) -> Node {
        let common = ids.iter().fold(SPLITTABLE, |m, id| m & id.form().mask) & !used;
        if ids.len() <= 1 || common == 0 {
            let start = self.candidates.len() as u32;
            for &id in ids {
                let c = *index.entry(id).or_insert_with(|| {
                    self.compiled.push(Compiled::new(id));
                    (self.compiled.len() - 1) as u32
                });
                self.candidates.push(c);
            }
            return Node::leaf(start, ids.len() as u32);
        }
        // The contiguous runs of common bits, widest first; take up to two of
        // them, MAX_SPLIT_BITS wide in all.
        let mut runs: Vec<(u32, u32)> = Vec::new();
        let mut lo = 0;
        while lo < 41 {
            if common >> lo & 1 == 0 {
                lo += 1;
                continue;
            }
            let mut len = 0;
            while lo + len < 41 && common >> (lo + len) & 1 == 1 {
                len += 1;
            }
            runs.push((lo, len));
            lo += len;
        }
        runs.sort_by_key(|&(lo, len)| (core::cmp::Reverse(len), lo));
        let w1 = runs[0].1.min(MAX_SPLIT_BITS);
        let r1 = (runs[0].0, w1);
        let r2 = match runs.get(1) {
            Some(&(lo, len)) if w1 < MAX_SPLIT_BITS => (lo, len.min(MAX_SPLIT_BITS - w1)),
            _ => (0, 0),
        };
        let m1 = ((1u64 << r1.1) - 1) << r1.0;
        let m2 = ((1u64 << r2.1) - 1) << r2.0;
        let n = 1u64 << (r1.1 + r2.1);
        let mut kids = Vec::with_capacity(n as usize);
        for v in 0..n {
            let want = (v & ((1 << r1.1) - 1)) << r1.0 | (v >> r1.1) << r2.0;
            let sub: Vec<FormId> = ids
                .iter()
                .copied()
                .filter(|id| id.form().opcode & (m1 | m2) == want)
                .collect();
            kids.push(self.node(&sub, used | m1 | m2, index));
        }
        let first = self.children.len() as u32;
        self.children.extend(kids);
        Node::split([r1, r2], first)
    }

    #[inline]
    fn lookup(&self, u: SlotUnit, slot: u64, lslot: u64) -> Option<Instruction> {
        let major = (slot >> 37) as usize & 0xf;
        let mut n = self.roots[unit_slot_index(u) * 16 + major].0;
        while n & LEAF == 0 {
            let (s1, w1) = (n & 63, (n >> 6) & 15);
            let (s2, w2) = ((n >> 10) & 63, (n >> 16) & 15);
            let v = (slot >> s1) & ((1 << w1) - 1) | ((slot >> s2) & ((1 << w2) - 1)) << w1;
            n = self.children[((n >> 20) as u32 as u64 + v) as usize].0;
        }
        let start = n as u32 as usize;
        let len = (n >> 32) as u8 as usize;
        self.candidates[start..start + len]
            .iter()
            .find_map(|&c| self.extract(&self.compiled[c as usize], slot, lslot))
    }
}

impl Tree {
    /// The row that decodes `slot`, checking reserved fields, without building the
    /// instruction.
    #[inline]
    fn identify(&self, u: SlotUnit, slot: u64, lslot: u64) -> Option<FormId> {
        let major = (slot >> 37) as usize & 0xf;
        let mut n = self.roots[unit_slot_index(u) * 16 + major].0;
        while n & LEAF == 0 {
            let (s1, w1) = (n & 63, (n >> 6) & 15);
            let (s2, w2) = ((n >> 10) & 63, (n >> 16) & 15);
            let v = (slot >> s1) & ((1 << w1) - 1) | ((slot >> s2) & ((1 << w2) - 1)) << w1;
            n = self.children[((n >> 20) as u32 as u64 + v) as usize].0;
        }
        let start = n as u32 as usize;
        let len = (n >> 32) as u8 as usize;
        self.candidates[start..start + len].iter().find_map(|&c| {
            let c = &self.compiled[c as usize];
            if slot & c.mask != c.opcode {
                return None;
            }
            for &(lo, len, valid) in &c.comp_checks[..c.ncomp_checks as usize] {
                if valid >> ((slot >> lo) & ((1 << len) - 1)) & 1 == 0 {
                    return None;
                }
            }
            if c.op_check {
                for k in 0..c.nops as usize {
                    self.plans[c.ops[k] as usize].value(slot, lslot)?;
                }
            }
            Some(c.id)
        })
    }

    /// The instruction for a compiled row, or `None` if the fixed bits differ or a
    /// field is reserved.
    #[inline(always)]
    fn extract(&self, c: &Compiled, slot: u64, lslot: u64) -> Option<Instruction> {
        if slot & c.mask != c.opcode {
            return None;
        }
        let mut insn = Instruction {
            form: c.id,
            qp: (slot & 0x3f) as u8,
            ops: [0; MAX_OPERANDS],
            comps: [0; MAX_COMPLETERS],
        };
        let f = c.id.form();
        for (k, comp) in f.completers.iter().enumerate() {
            let v = comp.field(slot);
            if c.check {
                comp.name(v)?;
            }
            insn.comps[k] = v as u8;
        }
        for k in 0..c.nops as usize {
            insn.ops[k] = self.plans[c.ops[k] as usize].value(slot, lslot)?;
        }
        Some(insn)
    }
}

static TREE: OnceBox<Tree> = OnceBox::new();

fn tree() -> &'static Tree {
    TREE.get_or_init(|| Box::new(Tree::build()))
}

/// Decodes one slot of unit type `unit` (`lslot` is the L slot for an X-unit slot
/// and ignored otherwise). `slot_no` only labels the error.
pub fn decode_slot(
    unit: SlotUnit,
    slot: u64,
    lslot: u64,
    slot_no: u8,
) -> Result<Instruction, DecodeError> {
    tree()
        .lookup(unit, slot, lslot)
        .ok_or(DecodeError::Reserved {
            slot: slot_no,
            unit,
            bits: slot,
        })
}

/// Decodes a bundle. A reserved template is an error; a slot that holds no valid
/// instruction is reported in that slot as [`Slot::Invalid`].
pub fn decode_bundle(bytes: &[u8; 16]) -> Result<DecodedBundle, DecodeError> {
    let b = Bundle::from_bytes(*bytes);
    let template = b
        .template()
        .ok_or(DecodeError::ReservedTemplate(b.template_code()))?;
    let s = b.slots();
    let mut slots = [Slot::LongImmediate; 3];
    for n in 0..3 {
        let u = template.units[n];
        slots[n] = match u {
            SlotUnit::L => Slot::LongImmediate,
            _ => match decode_slot(u, s[n], s[1], n as u8) {
                Ok(i) => Slot::Insn(i),
                Err(e) => Slot::Invalid(e),
            },
        };
    }
    Ok(DecodedBundle { template, slots })
}

/// A handle on the decoder's tables, for hot loops: it saves the one-time
/// initialization check that the free functions make on every call.
#[derive(Clone, Copy)]
pub struct Decoder {
    tree: &'static Tree,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder::new()
    }
}

impl core::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Decoder")
    }
}

impl Decoder {
    /// The decoder (its tables are built on first use, once per process).
    pub fn new() -> Decoder {
        Decoder { tree: tree() }
    }

    /// Decodes a bundle into `out`, returning the template: [`decode_bundle`]
    /// without the copy of its result.
    #[inline]
    pub fn decode_into(
        &self,
        bytes: &[u8; 16],
        out: &mut [Slot; 3],
    ) -> Result<Template, DecodeError> {
        let b = Bundle::from_bytes(*bytes);
        let template = b
            .template()
            .ok_or(DecodeError::ReservedTemplate(b.template_code()))?;
        let s = b.slots();
        for (n, o) in out.iter_mut().enumerate() {
            let u = template.units[n];
            *o = match u {
                SlotUnit::L => Slot::LongImmediate,
                _ => match self.tree.lookup(u, s[n], s[1]) {
                    Some(i) => Slot::Insn(i),
                    None => Slot::Invalid(DecodeError::Reserved {
                        slot: n as u8,
                        unit: u,
                        bits: s[n],
                    }),
                },
            };
        }
        Ok(template)
    }

    /// Finds the row of every slot of a bundle without extracting operands, into
    /// `out`; returns `false` for a reserved template (and leaves `out` alone).
    #[inline]
    pub fn identify_into(&self, bytes: &[u8; 16], out: &mut SlotForms) -> bool {
        let b = Bundle::from_bytes(*bytes);
        let Some(template) = b.template() else {
            return false;
        };
        let bits = b.slots();
        out.template = template;
        out.bits = bits;
        for n in 0..3 {
            let u = template.units[n];
            out.forms[n] = if u == SlotUnit::L {
                None
            } else {
                self.tree.identify(u, bits[n], bits[1])
            };
        }
        true
    }
}

/// Decodes a bundle into `out`, returning the template (see [`Decoder`] for the
/// fastest form).
#[inline]
pub fn decode_into(bytes: &[u8; 16], out: &mut [Slot; 3]) -> Result<Template, DecodeError> {
    Decoder::new().decode_into(bytes, out)
}

/// The rows of a bundle's slots, found without extracting operands: the fast
/// path for scanning code (a predecoder keeps the row and the slot bits, and
/// extracts operands with [`SlotForms::instruction`] when it needs them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotForms {
    /// The template.
    pub template: Template,
    /// The slot bits (slot 1 is the L slot of an MLX bundle).
    pub bits: [u64; 3],
    /// The row of each slot; `None` for a slot that holds no valid instruction and
    /// for the L slot of an MLX bundle.
    pub forms: [Option<FormId>; 3],
}

impl SlotForms {
    /// The full instruction in slot `n`, if it holds one.
    pub fn instruction(&self, n: usize) -> Option<Instruction> {
        self.forms[n]?;
        tree().lookup(self.template.units[n], self.bits[n], self.bits[1])
    }
}

/// Finds the row of every slot of a bundle without extracting operands.
pub fn identify_bundle(bytes: &[u8; 16]) -> Result<SlotForms, DecodeError> {
    let b = Bundle::from_bytes(*bytes);
    let mut out = SlotForms {
        template: b
            .template()
            .ok_or(DecodeError::ReservedTemplate(b.template_code()))?,
        bits: [0; 3],
        forms: [None; 3],
    };
    Decoder::new().identify_into(bytes, &mut out);
    Ok(out)
}

/// The operand kinds of a decoded instruction paired with their values.
pub fn operand_pairs(insn: &Instruction) -> impl Iterator<Item = (Opnd, i64)> + '_ {
    insn.form()
        .operands
        .iter()
        .copied()
        .zip(insn.ops.iter().copied())
}
