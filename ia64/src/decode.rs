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
use crate::operand::Opnd;
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

#[derive(Clone, Copy, Debug)]
enum Node {
    /// Index children by `(slot >> shift) & ((1 << bits) - 1)`.
    Split { shift: u8, bits: u8, first_child: u32 },
    /// Try `candidates[start..start + len]` in order.
    Leaf { start: u32, len: u32 },
}

struct Tree {
    /// Root node of each (slot unit, major opcode) group: `roots[unit * 16 + major]`.
    roots: [u32; 5 * 16],
    nodes: Vec<Node>,
    children: Vec<u32>,
    candidates: Vec<FormId>,
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
            roots: [0; 80],
            nodes: Vec::new(),
            children: Vec::new(),
            candidates: Vec::new(),
        };
        for (ui, u) in [SlotUnit::M, SlotUnit::I, SlotUnit::F, SlotUnit::B, SlotUnit::X]
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
                tree.roots[ui * 16 + major as usize] = tree.node(&ids, 0);
            }
        }
        tree
    }

    /// Builds the node for `ids` (sorted by priority); `used` are bits already split on.
    fn node(&mut self, ids: &[FormId], used: u64) -> u32 {
        let common = ids
            .iter()
            .fold(SPLITTABLE, |m, id| m & id.form().mask)
            & !used;
        if ids.len() <= 2 || common == 0 {
            let start = self.candidates.len() as u32;
            self.candidates.extend_from_slice(ids);
            self.nodes.push(Node::Leaf { start, len: ids.len() as u32 });
            return (self.nodes.len() - 1) as u32;
        }
        // The widest contiguous run of common bits, at most MAX_SPLIT_BITS wide.
        let (mut best_lo, mut best_len) = (0u32, 0u32);
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
            if len > best_len {
                (best_lo, best_len) = (lo, len);
            }
            lo += len;
        }
        let bits = best_len.min(MAX_SPLIT_BITS);
        let field_mask = ((1u64 << bits) - 1) << best_lo;
        let me = self.nodes.len() as u32;
        self.nodes.push(Node::Leaf { start: 0, len: 0 });
        let mut kids = Vec::with_capacity(1 << bits);
        for v in 0..(1u64 << bits) {
            let want = v << best_lo;
            let sub: Vec<FormId> = ids
                .iter()
                .copied()
                .filter(|id| id.form().opcode & field_mask == want)
                .collect();
            kids.push(self.node(&sub, used | field_mask));
        }
        let first_child = self.children.len() as u32;
        self.children.extend(kids);
        self.nodes[me as usize] = Node::Split { shift: best_lo as u8, bits: bits as u8, first_child };
        me
    }

    #[inline]
    fn lookup(&self, u: SlotUnit, slot: u64, lslot: u64) -> Option<Instruction> {
        let major = (slot >> 37) as usize & 0xf;
        let mut n = self.roots[unit_slot_index(u) * 16 + major];
        loop {
            match self.nodes[n as usize] {
                Node::Split { shift, bits, first_child } => {
                    let v = (slot >> shift) & ((1u64 << bits) - 1);
                    n = self.children[(first_child as u64 + v) as usize];
                }
                Node::Leaf { start, len } => {
                    let cands = &self.candidates[start as usize..(start + len) as usize];
                    return cands.iter().find_map(|&id| extract(id, slot, lslot));
                }
            }
        }
    }
}

static TREE: OnceBox<Tree> = OnceBox::new();

fn tree() -> &'static Tree {
    TREE.get_or_init(|| Box::new(Tree::build()))
}

/// Builds the instruction for `id` from the slot bits, or `None` if the fixed bits
/// differ or a completer or operand field holds a reserved value.
#[inline]
fn extract(id: FormId, slot: u64, lslot: u64) -> Option<Instruction> {
    let f = id.form();
    if !f.matches(slot) {
        return None;
    }
    let mut insn = Instruction {
        form: id,
        qp: (slot & 0x3f) as u8,
        ops: [0; MAX_OPERANDS],
        comps: [0; MAX_COMPLETERS],
    };
    for (k, c) in f.completers.iter().enumerate() {
        let v = c.field(slot);
        c.name(v)?;
        insn.comps[k] = v as u8;
    }
    for (k, op) in f.operands.iter().enumerate() {
        insn.ops[k] = op.value_of_field(op.field(slot, lslot))?;
    }
    Some(insn)
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
        .ok_or(DecodeError::Reserved { slot: slot_no, unit, bits: slot })
}

/// Decodes a bundle. A reserved template is an error; a slot that holds no valid
/// instruction is reported in that slot as [`Slot::Invalid`].
pub fn decode_bundle(bytes: &[u8; 16]) -> Result<DecodedBundle, DecodeError> {
    let b = Bundle::from_bytes(*bytes);
    let template = b.template().ok_or(DecodeError::ReservedTemplate(b.template_code()))?;
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

/// Decodes a bundle into `out`, returning the template; a faster form of
/// [`decode_bundle`] for hot loops that keeps its output buffer.
#[inline]
pub fn decode_into(bytes: &[u8; 16], out: &mut [Slot; 3]) -> Result<Template, DecodeError> {
    let b = Bundle::from_bytes(*bytes);
    let template = b.template().ok_or(DecodeError::ReservedTemplate(b.template_code()))?;
    let s = b.slots();
    let t = tree();
    for n in 0..3 {
        let u = template.units[n];
        out[n] = match u {
            SlotUnit::L => Slot::LongImmediate,
            _ => match t.lookup(u, s[n], s[1]) {
                Some(i) => Slot::Insn(i),
                None => Slot::Invalid(DecodeError::Reserved { slot: n as u8, unit: u, bits: s[n] }),
            },
        };
    }
    Ok(template)
}

/// The operand kinds of a decoded instruction paired with their values.
pub fn operand_pairs(insn: &Instruction) -> impl Iterator<Item = (Opnd, i64)> + '_ {
    insn.form().operands.iter().copied().zip(insn.ops.iter().copied())
}
