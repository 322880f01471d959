//! The instruction table: every IA-64 instruction form, once.
//!
//! One file per unit type holds that unit's rows ([`a`], [`i`], [`m_mem`] and
//! [`m_sys`] for the M unit, [`b`], [`f`], [`x`]); the encoder, decoder,
//! disassembler and assembler all read these rows and nothing else. A [`FormId`]
//! names a row.
//!
//! Row conventions:
//! * `opcode`/`mask` cover the major opcode and every extension bit of the form;
//!   operand and completer fields are outside the mask.
//! * Where two rows match the same bits, the one with more fixed bits wins (this is
//!   how pseudo-ops like `mov r1=r3` for `adds r1=0,r3` are chosen); rows flagged
//!   [`Flags::ASM_ONLY`](crate::form::Flags::ASM_ONLY) are never chosen by the decoder.

pub mod a;
pub mod b;
pub mod f;
pub mod i;
pub mod m_mem;
pub mod m_sys;
pub mod x;

use crate::form::{Completer, Form};

/// Index of a row in the instruction table: the row's file in the top bits, its
/// position in that file's slice in the low 12.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FormId(pub u16);

/// The table's slices, one per file.
pub static SLICES: [&[Form]; 7] = [
    a::FORMS,
    i::FORMS,
    m_mem::FORMS,
    m_sys::FORMS,
    b::FORMS,
    f::FORMS,
    x::FORMS,
];

impl FormId {
    /// The id of row `index` of slice `slice`.
    pub const fn new(slice: usize, index: usize) -> FormId {
        FormId(((slice as u16) << 12) | index as u16)
    }

    /// The row.
    #[inline]
    pub fn form(self) -> &'static Form {
        &SLICES[(self.0 >> 12) as usize][(self.0 & 0xfff) as usize]
    }
}

/// Every row with its id, file by file.
pub fn all() -> impl Iterator<Item = (FormId, &'static Form)> {
    SLICES.iter().enumerate().flat_map(|(s, forms)| {
        forms
            .iter()
            .enumerate()
            .map(move |(i, f)| (FormId::new(s, i), f))
    })
}

/// Completer `.sf` of floating-point arithmetic: status field (bits 35:34).
pub const SF: Completer = Completer {
    lo: 34,
    len: 2,
    names: &[Some(".s0"), Some(".s1"), Some(".s2"), Some(".s3")],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_well_formed() {
        for (id, f) in all() {
            assert_eq!(id.form(), f);
            assert_eq!(
                f.opcode & !f.mask,
                0,
                "{}: opcode bits outside mask",
                f.name
            );
            assert_eq!(f.mask >> 41, 0, "{}: mask wider than a slot", f.name);
            assert_eq!(f.mask >> 37, 0xf, "{}: major opcode not fixed", f.name);
            for op in f.operands {
                assert_eq!(
                    op.slot_mask() & f.mask,
                    0,
                    "{}: {op:?} overlaps opcode",
                    f.name
                );
            }
            for c in f.completers {
                assert_eq!(
                    c.mask() & f.mask,
                    0,
                    "{}: completer overlaps opcode",
                    f.name
                );
            }
            assert!(f.outputs as usize <= f.operands.len(), "{}", f.name);
        }
    }
}
