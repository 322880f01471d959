//! The IA-64 instruction set architecture for ia64pv.
//!
//! One instruction table ([`table`]) describes every instruction form once; the
//! encoder ([`encode`]), decoder ([`decode`]) and disassembler ([`disasm`]) all
//! derive from it. Register types ([`regs`]) and the interruption vector table
//! geometry ([`vector`]) live here too. The ISA part builds `no_std` + `alloc`; the
//! default `std` feature adds the assembler ([`asm`]), ELF file support ([`elf`])
//! and the rule for tests that use binutils as an oracle ([`oracle`]).
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "std")]
pub mod asm;
pub mod bundle;
pub mod corpus;
pub mod decode;
pub mod disasm;
#[cfg(feature = "std")]
pub mod elf;
pub mod encode;
pub mod form;
pub mod operand;
#[cfg(feature = "std")]
pub mod oracle;
pub mod regs;
pub mod table;
pub mod vector;
