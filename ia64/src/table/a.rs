//! A-unit rows of the instruction table: integer ALU, compare, multimedia ALU
//! (SDM Vol. 3 §4.2, formats A1–A10). A-unit instructions run in M and I slots.

use crate::form::{enc, Form, Unit::A};
use crate::operand::Opnd::*;

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

/// Format A1/A2/A3 (major 8, `x2a` = 0, `ve` = 0): `x4` (32:29) and `x2b` (28:27).
const fn a1(x4: u64, x2b: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, 0), (33, 1, 0), (29, 4, x4), (27, 2, x2b)])
}

/// Format A2 (`shladd`): like A1 but `x2b` holds the count.
const fn a2(x4: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, 0), (33, 1, 0), (29, 4, x4)])
}

/// Format A4 (major 8, `x2a` (35:34), `ve` = 0).
const fn a4(x2a: u64) -> (u64, u64) {
    enc(&[major(8), (34, 2, x2a), (33, 1, 0)])
}

/// Adds the bits of `imm` fields fixed at zero (pseudo-ops such as `mov r1=r3`).
const fn zero(bits: (u64, u64), fixed: u64) -> (u64, u64) {
    (bits.0, bits.1 | fixed)
}

/// Every A-unit form.
pub static FORMS: &[Form] = &[
    Form::new("add", A, a1(0, 0), &[R1, R2, R3], 1),
    Form::new("sub", A, a1(1, 1), &[R1, R2, R3], 1),
    Form::new("addp4", A, a1(2, 0), &[R1, R2, R3], 1),
    Form::new("and", A, a1(3, 0), &[R1, R2, R3], 1),
    Form::new("andcm", A, a1(3, 1), &[R1, R2, R3], 1),
    Form::new("or", A, a1(3, 2), &[R1, R2, R3], 1),
    Form::new("xor", A, a1(3, 3), &[R1, R2, R3], 1),
    Form::new("shladd", A, a2(4), &[R1, R2, COUNT2, R3], 1),
    Form::new("adds", A, a4(2), &[R1, IMM14, R3], 1),
    Form::new("mov", A, zero(a4(2), IMM14.slot_mask()), &[R1, R3], 1),
    Form::new("addp4", A, a4(3), &[R1, IMM14, R3], 1),
    Form::new("addl", A, enc(&[major(9)]), &[R1, IMM22, R3_2], 1),
    Form::new("mov", A, zero(enc(&[major(9)]), R3_2.slot_mask()), &[R1, IMM22], 1),
];
