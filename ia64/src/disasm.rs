//! Disassembler: instruction text identical to `ia64-linux-gnu-objdump -d`
//! (binutils 2.40).
//!
//! objdump writes an instruction as its qualifying predicate `(pNN) ` (when not
//! p0), the mnemonic with its completers, one space, the outputs joined by `,`, an
//! `=`, and the inputs joined by `,`; a stop after the slot appends `;;`. A slot
//! that holds no valid instruction, and every slot of a bundle with a reserved
//! template, is written `data8 0x…` with the slot's 41 bits, and objdump marks no
//! stop after it.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write};

use crate::bundle::Bundle;
use crate::decode::{decode_bundle, Instruction, Slot};
use crate::form::Flags;
use crate::operand::{Class, MBTYPE_NAMES};

/// Writes branch targets the way the caller wants (objdump: `10 <foo+0x10>` for an
/// ELF file with symbols, `0x30cc70` for a raw binary).
pub trait Symbolizer {
    /// Writes the absolute target address `addr`.
    fn write_target(&self, addr: u64, out: &mut dyn fmt::Write) -> fmt::Result;
}

/// Targets as bare hexadecimal addresses, as objdump prints them with no symbols.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawAddrs;

impl Symbolizer for RawAddrs {
    fn write_target(&self, addr: u64, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{addr:#x}")
    }
}

/// One printed line of a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotLine {
    /// Offset of the line's first byte within the bundle (0, 6 or 12).
    pub offset: u8,
    /// Number of bytes the line covers (6 for slots 0 and 1, 4 for slot 2; 10 for
    /// the L+X pair of an MLX bundle).
    pub len: u8,
    /// The instruction column: `(pNN) ` when predicated, the instruction, `;;` when
    /// a stop follows.
    pub text: String,
}

/// The text objdump prints for one bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleText {
    /// The template marker, `[MII]`, or `[-d-]` style for a reserved template
    /// (the digit is the template code shifted right by one, in hex).
    pub marker: String,
    /// The slot lines: three, or two for MLX.
    pub lines: Vec<SlotLine>,
}

/// The name objdump gives application register `n`.
pub fn ar_name(n: u8) -> Option<&'static str> {
    crate::regs::ar::Ar::try_from(n).ok().map(|a| a.name())
}

/// The name objdump gives control register `n`.
pub fn cr_name(n: u8) -> Option<&'static str> {
    crate::regs::cr::Cr::try_from(n).ok().map(|c| c.name())
}

/// Writes one instruction (no predicate, no stop) at bundle address `addr`.
pub fn write_insn(
    out: &mut dyn fmt::Write,
    insn: &Instruction,
    addr: u64,
    sym: &dyn Symbolizer,
) -> fmt::Result {
    let f = insn.form();
    out.write_str(f.name)?;
    for (k, c) in f.completers.iter().enumerate() {
        out.write_str(c.name(insn.comps[k] as u64).unwrap_or(""))?;
    }
    if f.operands.is_empty() {
        return Ok(());
    }
    out.write_char(' ')?;
    for (k, (op, &v)) in f.operands.iter().zip(insn.ops.iter()).enumerate() {
        if k > 0 {
            out.write_char(if k == f.outputs as usize { '=' } else { ',' })?;
        }
        match op.spec().class {
            Class::Gr => write!(out, "r{v}")?,
            Class::Fr => write!(out, "f{v}")?,
            Class::Pr => write!(out, "p{v}")?,
            Class::Br => write!(out, "b{v}")?,
            Class::Ar => match ar_name(v as u8) {
                Some(n) => out.write_str(n)?,
                None => write!(out, "ar{v}")?,
            },
            Class::Cr => match cr_name(v as u8) {
                Some(n) => out.write_str(n)?,
                None => write!(out, "cr{v}")?,
            },
            Class::Mem => write!(out, "[r{v}]")?,
            Class::Indirect(file) => write!(out, "{file}[r{v}]")?,
            Class::Fixed(s) => out.write_str(s)?,
            Class::Dec => write!(out, "{v}")?,
            Class::Hex => write!(out, "{:#x}", v as u64)?,
            Class::Target => sym.write_target(addr.wrapping_add(v as u64), out)?,
            Class::Mbtype => match MBTYPE_NAMES.get(v as usize).copied().flatten() {
                Some(n) => out.write_str(n)?,
                // objdump prints a reserved permutation's number in hex (`0x1`).
                None => write!(out, "{:#x}", v as u64)?,
            },
        }
    }
    Ok(())
}

/// A slot that holds no instruction, as objdump writes it with C's `%#011llx`:
/// eleven characters, `0x` and at least nine hex digits, except that C prints no
/// `0x` for zero (so zero is eleven `0`s).
fn data8(bits: u64) -> String {
    if bits == 0 {
        alloc::format!("data8 {bits:011x}")
    } else {
        alloc::format!("data8 {bits:#011x}")
    }
}

/// Writes `(pNN) ` for a predicated instruction.
fn write_pred(out: &mut String, insn: &Instruction) {
    if insn.qp != 0 && !insn.form().flags.has(Flags::NO_PRED) {
        let _ = write!(out, "(p{:02}) ", insn.qp);
    }
}

/// The objdump text of one bundle at address `addr`.
pub fn bundle_text(bytes: &[u8; 16], addr: u64, sym: &dyn Symbolizer) -> BundleText {
    let b = Bundle::from_bytes(*bytes);
    let raw = b.slots();
    let decoded = match decode_bundle(bytes) {
        Ok(d) => d,
        Err(_) => {
            let code = b.template_code();
            let mut lines = Vec::with_capacity(3);
            for (n, (offset, len)) in [(0u8, 6u8), (6, 6), (12, 4)].into_iter().enumerate() {
                lines.push(SlotLine {
                    offset,
                    len,
                    text: data8(raw[n]),
                });
            }
            return BundleText {
                marker: alloc::format!("[-{:x}-]", code >> 1),
                lines,
            };
        }
    };
    let t = decoded.template;
    let name = t.name();
    let marker = alloc::format!("[{}]", core::str::from_utf8(&name).unwrap_or("???"));
    let mut lines = Vec::with_capacity(3);
    for (n, &bits) in raw.iter().enumerate() {
        let (offset, len) = match (n, t.is_mlx()) {
            (0, _) => (0u8, 6u8),
            (1, true) => continue,
            (1, false) => (6, 6),
            (2, true) => (6, 10),
            _ => (12, 4),
        };
        let mut text = String::new();
        match &decoded.slots[n] {
            Slot::Insn(insn) => {
                write_pred(&mut text, insn);
                let _ = write_insn(&mut text, insn, addr, sym);
                // objdump marks stops only after instructions, never after `data8`.
                if t.stop_after(n) {
                    text.push_str(";;");
                }
            }
            Slot::Invalid(_) | Slot::LongImmediate => {
                text = data8(bits);
            }
        }
        lines.push(SlotLine { offset, len, text });
    }
    BundleText { marker, lines }
}
