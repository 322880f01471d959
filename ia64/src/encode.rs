//! Encoder: a typed instruction → its 41-bit slot (and L slot for long forms);
//! three slots and a template → 16 bytes. Values out of a field's range are
//! errors, never truncated.

use crate::bundle::{Bundle, SlotUnit, Template};
use crate::decode::Instruction;
use crate::form::Unit;

/// Why an instruction or bundle could not be encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// An operand value does not fit its field.
    #[error("operand {index} of `{mnemonic}`: {value} is out of range {min}..={max}")]
    OutOfRange {
        /// The form's mnemonic.
        mnemonic: &'static str,
        /// Operand position (0-based).
        index: usize,
        /// The rejected value.
        value: i64,
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// An operand value is in range but not representable (e.g. a branch
    /// displacement that is not a multiple of 16).
    #[error("operand {index} of `{mnemonic}`: {value} is not encodable")]
    NotEncodable {
        /// The form's mnemonic.
        mnemonic: &'static str,
        /// Operand position (0-based).
        index: usize,
        /// The rejected value.
        value: i64,
    },
    /// A completer value is reserved.
    #[error("completer {index} of `{mnemonic}`: value {value} is reserved")]
    BadCompleter {
        /// The form's mnemonic.
        mnemonic: &'static str,
        /// Completer position (0-based).
        index: usize,
        /// The rejected value.
        value: u8,
    },
    /// The qualifying predicate is not 0..=63.
    #[error("qualifying predicate p{0} does not exist")]
    BadPredicate(u8),
    /// The template code is reserved.
    #[error("reserved template {0:#04x}")]
    ReservedTemplate(u8),
    /// An instruction's unit type does not fit the template's slot.
    #[error("slot {slot}: `{mnemonic}` ({unit:?} unit) cannot go in a {slot_unit:?} slot")]
    WrongUnit {
        /// Slot number.
        slot: usize,
        /// The instruction's mnemonic.
        mnemonic: &'static str,
        /// The instruction's unit type.
        unit: Unit,
        /// The unit type the template assigns.
        slot_unit: SlotUnit,
    },
}

/// The encoded bits of one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded {
    /// The instruction's own slot.
    pub slot: u64,
    /// The L slot, for X-unit (long) instructions.
    pub lslot: Option<u64>,
}

/// Encodes one instruction.
pub fn encode(insn: &Instruction) -> Result<Encoded, EncodeError> {
    let f = insn.form();
    if insn.qp > 63 {
        return Err(EncodeError::BadPredicate(insn.qp));
    }
    let mut slot = f.opcode | insn.qp as u64;
    let mut lslot = 0u64;
    for (index, c) in f.completers.iter().enumerate() {
        let v = insn.comps[index];
        if c.name(v as u64).is_none() {
            return Err(EncodeError::BadCompleter {
                mnemonic: f.name,
                index,
                value: v,
            });
        }
        slot |= (v as u64) << c.lo;
    }
    for (index, op) in f.operands.iter().enumerate() {
        let value = insn.ops[index];
        if op.width() == 0 {
            continue;
        }
        let field = op.field_of_value(value).ok_or_else(|| {
            let (min, max) = op.range();
            if (min..=max).contains(&value) {
                EncodeError::NotEncodable {
                    mnemonic: f.name,
                    index,
                    value,
                }
            } else {
                EncodeError::OutOfRange {
                    mnemonic: f.name,
                    index,
                    value,
                    min,
                    max,
                }
            }
        })?;
        op.insert(field, &mut slot, &mut lslot);
    }
    Ok(Encoded {
        slot,
        lslot: (f.unit == Unit::X).then_some(lslot),
    })
}

/// Encodes a bundle of a template and its instructions: three for most templates,
/// two (slot 0 and the long instruction) for MLX.
pub fn encode_bundle(template: u8, insns: &[Instruction]) -> Result<Bundle, EncodeError> {
    let t = Template::from_code(template).ok_or(EncodeError::ReservedTemplate(template))?;
    let mut slots = [0u64; 3];
    let mut k = 0;
    for (n, &su) in t.units.iter().enumerate() {
        if su == SlotUnit::L {
            continue;
        }
        let Some(insn) = insns.get(k) else { break };
        k += 1;
        let f = insn.form();
        if !f.unit.runs_in(su) {
            return Err(EncodeError::WrongUnit {
                slot: n,
                mnemonic: f.name,
                unit: f.unit,
                slot_unit: su,
            });
        }
        let e = encode(insn)?;
        slots[n] = e.slot;
        if let Some(l) = e.lslot {
            slots[1] = l;
        }
    }
    Ok(Bundle::new(template, slots))
}
