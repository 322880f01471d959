//! The ia64pv assembler: GNU-as-compatible IA-64 assembly (binutils 2.40,
//! `-xexplicit`) to ELF64 relocatable objects, executables and flat binaries.
//!
//! * [`assembler`] reads sources (macros, conditionals, includes), directives and
//!   instructions, and resolves symbols and relocations;
//! * [`insn`] matches written instructions against the instruction table
//!   ([`crate::table`]), which is the only source of mnemonics and operands;
//! * [`pack`] packs unbraced instructions into bundles as GNU as does;
//! * [`object`] is the assembled object and [`elfout`] writes it as ELF (ET_REL or
//!   ET_EXEC) or a flat binary.

pub mod assembler;
pub mod diag;
pub mod elfout;
pub mod expr;
pub mod insn;
pub mod object;
pub mod pack;

pub use assembler::{assemble, assemble_text, Assembled, Options, Source};
pub use diag::{Diagnostic, Diagnostics, Loc, Severity};
pub use object::Object;

pub mod deps;
