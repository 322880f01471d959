//! The assembled object: sections with their bytes and relocations, and the
//! symbol table, in the order GNU as writes them. [`crate::asm::elfout`] turns it
//! into ELF files and flat images.

use std::string::String;
use std::vec::Vec;

use crate::operand::Opnd;

/// IA-64 relocation types (psABI for IA-64, "Relocation Types").
pub mod rtype {
    /// `imm14` of `adds`: S + A.
    pub const IMM14: u32 = 0x21;
    /// `imm22` of `addl`: S + A.
    pub const IMM22: u32 = 0x22;
    /// `imm64` of `movl`: S + A.
    pub const IMM64: u32 = 0x23;
    /// 32-bit little-endian data: S + A.
    pub const DIR32LSB: u32 = 0x25;
    /// 64-bit little-endian data: S + A.
    pub const DIR64LSB: u32 = 0x27;
    /// `brl` target: S + A - P.
    pub const PCREL60B: u32 = 0x48;
    /// B-unit 21-bit branch target: S + A - P.
    pub const PCREL21B: u32 = 0x49;
    /// `chk.s.m` target: S + A - P.
    pub const PCREL21M: u32 = 0x4a;
    /// `chk.s.i` / `fchkf` target: S + A - P.
    pub const PCREL21F: u32 = 0x4b;
    /// 32-bit little-endian PC-relative data: S + A - P.
    pub const PCREL32LSB: u32 = 0x4d;
    /// 64-bit little-endian PC-relative data: S + A - P.
    pub const PCREL64LSB: u32 = 0x4f;
}

// The ELF numbers objects are made of, under the names the assembler uses
// (`obj::SHF_ALLOC`); defined once, in `crate::elf`.
pub use crate::elf::{
    SHF_ALLOC, SHF_EXECINSTR, SHF_IA_64_SHORT, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, STT_FUNC,
    STT_NOTYPE, STT_OBJECT, STT_SECTION,
};

/// What a relocation refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A section (by index in [`Object::sections`]): its start.
    Section(usize),
    /// A symbol (by index in [`Object::symbols`]).
    Symbol(usize),
}

/// Where a relocation's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Little-endian data of this many bytes.
    Data(u8),
    /// An instruction operand: the slot (0..=2) of the bundle at the relocation's
    /// offset rounded down to 16, and the operand kind.
    Insn {
        /// Slot number.
        slot: u8,
        /// The operand kind whose field receives the value.
        opnd: Opnd,
    },
}

/// One relocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// `r_offset`: byte offset, or bundle offset + slot for instructions (GNU as
    /// numbers the L+X pair of MLX as slot 1).
    pub offset: u64,
    /// Relocation type ([`rtype`]).
    pub rtype: u32,
    /// Symbol or section.
    pub target: Target,
    /// Addend.
    pub addend: i64,
    /// Where the value goes.
    pub field: Field,
    /// PC-relative (S + A - P).
    pub pcrel: bool,
}

/// One section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Name.
    pub name: String,
    /// `SHT_PROGBITS` or `SHT_NOBITS`.
    pub sh_type: u32,
    /// `SHF_*` flags.
    pub flags: u64,
    /// Alignment in bytes.
    pub align: u64,
    /// Contents (empty for NOBITS).
    pub data: Vec<u8>,
    /// Size (the data length, or the reserved size for NOBITS).
    pub size: u64,
    /// Relocations against this section's contents.
    pub relocs: Vec<Reloc>,
}

/// Where a symbol is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymSection {
    /// Undefined.
    Undefined,
    /// An absolute value.
    Absolute,
    /// A section, by index.
    Section(usize),
}

/// Symbol binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// Local.
    Local,
    /// Global.
    Global,
    /// Weak.
    Weak,
}

/// One symbol of the symbol table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// Name (empty for section symbols).
    pub name: String,
    /// Value (offset in its section, or the absolute value).
    pub value: u64,
    /// Size.
    pub size: u64,
    /// ELF symbol type (`STT_*`).
    pub kind: u8,
    /// Binding.
    pub binding: Binding,
    /// Section.
    pub section: SymSection,
}

/// An assembled object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Object {
    /// Sections in creation order (`.text`, `.data`, `.bss` first).
    pub sections: Vec<Section>,
    /// Symbols: section and local symbols first, then global ones (GNU as order).
    pub symbols: Vec<Symbol>,
}

impl Object {
    /// A section by name.
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// A named symbol.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols.iter().find(|s| s.name == name)
    }
}
