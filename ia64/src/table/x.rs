//! X-unit rows of the instruction table: the long instructions that fill the L+X
//! slot pair of an MLX bundle (SDM Vol. 3 §4.7, formats X1–X5). Operand pieces in
//! the L slot are marked with [`L_SLOT`](crate::operand::L_SLOT).

use crate::form::{enc, Completer, Form, Unit::X};
use crate::operand::Opnd::*;

/// Major opcode, bits 40:37.
const fn major(v: u64) -> (u8, u8, u64) {
    (37, 4, v)
}

const BWH: Completer = Completer {
    lo: 33,
    len: 2,
    names: &[Some(".sptk"), Some(".spnt"), Some(".dptk"), Some(".dpnt")],
};
const PH: Completer = Completer {
    lo: 12,
    len: 1,
    names: &[Some(".few"), Some(".many")],
};
const DH: Completer = Completer {
    lo: 35,
    len: 1,
    names: &[Some(""), Some(".clr")],
};

/// Formats X1 and X5 (major 0): `x3` (35:33), `x6` (32:27), and `y` (26) for nop/hint.
const fn x1(x6: u64, y: Option<u64>) -> (u64, u64) {
    match y {
        Some(y) => enc(&[major(0), (33, 3, 0), (27, 6, x6), (26, 1, y)]),
        None => enc(&[major(0), (33, 3, 0), (27, 6, x6)]),
    }
}

/// Every X-unit form.
pub static FORMS: &[Form] = &[
    // X1, X5: break, nop, hint with a 62-bit immediate.
    Form::new("break.x", X, x1(0, None), &[IMM62], 0),
    Form::new("nop.x", X, x1(1, Some(0)), &[IMM62], 0),
    Form::new("hint.x", X, x1(1, Some(1)), &[IMM62], 0),
    // X2: move long immediate (`vc`, bit 20, is 0).
    Form::new("movl", X, enc(&[major(6), (20, 1, 0)]), &[R1, IMM64], 1),
    // X3, X4: long branch and long call.
    // objdump prints a qp-0 `.sptk` long branch as plain `brl` (see b.rs).
    Form::new(
        "brl",
        X,
        enc(&[major(0xc), (6, 3, 0), (33, 2, 0), (0, 6, 0)]),
        &[TGT64],
        0,
    )
    .comp(&[PH, DH]),
    Form::new("brl.cond", X, enc(&[major(0xc), (6, 3, 0)]), &[TGT64], 0).comp(&[BWH, PH, DH]),
    Form::new("brl.call", X, enc(&[major(0xd)]), &[B1, TGT64], 1).comp(&[BWH, PH, DH]),
];
