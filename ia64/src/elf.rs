//! ELF64 little-endian files for IA-64 (`EM_IA_64` = 50): a reader for the file
//! header, section headers, section names and symbol tables. The project's one ELF
//! writer is the assembler's ([`crate::asm::elfout`]); the tests below read what it
//! writes.
//!
//! Field layouts and constants are those of the System V gABI (ELF-64 Object File
//! Format 1.5) and the IA-64 processor supplement. The reader never panics and never
//! trusts an offset or a count from the file: every read is bounds-checked and a bad
//! file gives an [`ElfError`] that says where (file offset) and why.

use std::string::String;
use std::vec::Vec;

use thiserror::Error;

/// `e_machine` of IA-64 (gABI machine table).
pub const EM_IA_64: u16 = 50;
/// `e_type` of a relocatable object.
pub const ET_REL: u16 = 1;
/// `e_type` of an executable.
pub const ET_EXEC: u16 = 2;
/// `e_type` of a shared object.
pub const ET_DYN: u16 = 3;

/// Section type: unused header.
pub const SHT_NULL: u32 = 0;
/// Section type: program data.
pub const SHT_PROGBITS: u32 = 1;
/// Section type: symbol table.
pub const SHT_SYMTAB: u32 = 2;
/// Section type: string table.
pub const SHT_STRTAB: u32 = 3;
/// Section type: relocations with addends.
pub const SHT_RELA: u32 = 4;
/// Section type: occupies no file space (`.bss`).
pub const SHT_NOBITS: u32 = 8;
/// Section type: relocations without addends.
pub const SHT_REL: u32 = 9;
/// Section type: dynamic symbol table.
pub const SHT_DYNSYM: u32 = 11;

/// Section flag: writable.
pub const SHF_WRITE: u64 = 0x1;
/// Section flag: occupies memory at run time.
pub const SHF_ALLOC: u64 = 0x2;
/// Section flag: holds machine instructions.
pub const SHF_EXECINSTR: u64 = 0x4;
/// Section flag: `sh_info` holds a section index (gABI; set on `.rela` sections).
pub const SHF_INFO_LINK: u64 = 0x40;
/// Section flag (IA-64 processor-specific): short data, addressed off `gp`
/// (`.sdata`, `.sbss`; the `s` flag letter of GNU as). `nm` shows its symbols
/// as `g`/`s`.
pub const SHF_IA_64_SHORT: u64 = 0x1000_0000;
/// `e_flags`: the 64-bit ABI (`EF_IA_64_ABI64`, GNU as's default on ia64-linux).
pub const EF_IA_64_ABI64: u32 = 0x10;

/// Symbol section index: undefined.
pub const SHN_UNDEF: u16 = 0;
/// First reserved symbol section index.
pub const SHN_LORESERVE: u16 = 0xff00;
/// Symbol section index: absolute value.
pub const SHN_ABS: u16 = 0xfff1;
/// Symbol section index: common block.
pub const SHN_COMMON: u16 = 0xfff2;
/// Section index escape: the real value is elsewhere (`e_shstrndx` in section 0's
/// `sh_link`).
pub const SHN_XINDEX: u16 = 0xffff;

/// Symbol binding: local.
pub const STB_LOCAL: u8 = 0;
/// Symbol binding: global.
pub const STB_GLOBAL: u8 = 1;
/// Symbol binding: weak.
pub const STB_WEAK: u8 = 2;
/// Symbol type: unspecified.
pub const STT_NOTYPE: u8 = 0;
/// Symbol type: data object.
pub const STT_OBJECT: u8 = 1;
/// Symbol type: function.
pub const STT_FUNC: u8 = 2;
/// Symbol type: section.
pub const STT_SECTION: u8 = 3;
/// Symbol type: source file name.
pub const STT_FILE: u8 = 4;

/// Program header type: loadable segment.
pub const PT_LOAD: u32 = 1;

/// Size of the ELF64 file header.
pub const EHDR_SIZE: usize = 64;
/// Size of one ELF64 section header.
pub const SHDR_SIZE: usize = 64;
/// Size of one ELF64 program header.
pub const PHDR_SIZE: usize = 56;
/// Size of one ELF64 symbol table entry.
pub const SYM_SIZE: usize = 24;
/// Size of one ELF64 relocation with addend (`Elf64_Rela`).
pub const RELA_SIZE: usize = 24;

/// Why a file is not a readable ELF64 IA-64 file, with the file offset at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ElfError {
    /// The file ends inside a structure.
    #[error("truncated {what} at offset {offset:#x}: needs {need} bytes, the file has {len}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Its file offset.
        offset: u64,
        /// Bytes it needs from `offset`.
        need: u64,
        /// Length of the file.
        len: u64,
    },
    /// `e_ident[0..4]` is not `\x7fELF`.
    #[error("bad magic at offset 0: {found:02x?}, expected [7f, 45, 4c, 46] (\\x7fELF)")]
    BadMagic {
        /// The four bytes found.
        found: [u8; 4],
    },
    /// `e_ident[EI_CLASS]` is not ELFCLASS64.
    #[error("not ELF64 at offset 4: class byte is {class}, expected 2 (ELFCLASS64)")]
    NotElf64 {
        /// The class byte.
        class: u8,
    },
    /// `e_ident[EI_DATA]` is not ELFDATA2LSB.
    #[error("not little-endian at offset 5: data byte is {data}, expected 1 (ELFDATA2LSB)")]
    NotLittleEndian {
        /// The data-encoding byte.
        data: u8,
    },
    /// `e_ident[EI_VERSION]` is not EV_CURRENT.
    #[error("bad ELF version at offset 6: {version}, expected 1 (EV_CURRENT)")]
    BadVersion {
        /// The version byte.
        version: u8,
    },
    /// `e_machine` is not `EM_IA_64`.
    #[error("machine at offset 0x12 is {machine} ({name}), not IA-64 (50)")]
    WrongMachine {
        /// The `e_machine` value.
        machine: u16,
        /// Its common name, or "unknown".
        name: &'static str,
    },
    /// A header's entry size field disagrees with ELF64.
    #[error("{what} entry size at offset {offset:#x} is {size}, expected {expected}")]
    BadEntrySize {
        /// Which table.
        what: &'static str,
        /// File offset of the size field.
        offset: u64,
        /// The size found.
        size: u64,
        /// The ELF64 size.
        expected: u64,
    },
    /// A structure lies (partly) outside the file.
    #[error(
        "{what} at offset {offset:#x} with size {size:#x} lies outside the file ({len:#x} bytes)"
    )]
    OutOfRange {
        /// What was being located.
        what: &'static str,
        /// Its file offset.
        offset: u64,
        /// Its size.
        size: u64,
        /// Length of the file.
        len: u64,
    },
    /// A section index refers to no section header.
    #[error("{what} {index} (field at offset {offset:#x}) is not a section: the file has {count} sections")]
    BadSectionIndex {
        /// Which field holds the index.
        what: &'static str,
        /// The index.
        index: u64,
        /// File offset of the field.
        offset: u64,
        /// Number of section headers.
        count: usize,
    },
    /// A name offset points outside its string table or the string has no NUL.
    #[error("{what} name at string table offset {index:#x} (table at file offset {table:#x}, size {size:#x}) is not a NUL-terminated string inside the table")]
    BadString {
        /// Whose name.
        what: &'static str,
        /// Offset within the string table.
        index: u64,
        /// File offset of the string table.
        table: u64,
        /// Size of the string table.
        size: u64,
    },
    /// The section requested has no bytes in the file.
    #[error("section {index} has type SHT_NOBITS and no file contents")]
    NoBits {
        /// The section index.
        index: usize,
    },
}

/// The ELF64 file header fields a reader needs (gABI "ELF Header").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHeader {
    /// Object file type (`ET_REL`, `ET_EXEC`, ...).
    pub e_type: u16,
    /// Machine (always `EM_IA_64` once parsed).
    pub e_machine: u16,
    /// Entry point.
    pub e_entry: u64,
    /// File offset of the program header table.
    pub e_phoff: u64,
    /// File offset of the section header table.
    pub e_shoff: u64,
    /// Processor flags.
    pub e_flags: u32,
    /// Number of program headers.
    pub e_phnum: u16,
    /// Number of section headers (after the `e_shnum == 0` escape is resolved).
    pub shnum: usize,
    /// Index of the section name string table (after the `SHN_XINDEX` escape).
    pub shstrndx: usize,
}

/// One ELF64 section header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SectionHeader {
    /// Offset of the name in the section name string table.
    pub sh_name: u32,
    /// Section type (`SHT_*`).
    pub sh_type: u32,
    /// Flags (`SHF_*`).
    pub sh_flags: u64,
    /// Address at run time.
    pub sh_addr: u64,
    /// File offset of the contents.
    pub sh_offset: u64,
    /// Size in bytes.
    pub sh_size: u64,
    /// Linked section (string table of a symbol table, symbol table of relocations).
    pub sh_link: u32,
    /// Extra information (section the relocations apply to).
    pub sh_info: u32,
    /// Alignment.
    pub sh_addralign: u64,
    /// Size of one entry for tables.
    pub sh_entsize: u64,
}

/// One symbol table entry with its name resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The name (bytes of the string table, lossily decoded as UTF-8).
    pub name: String,
    /// `st_value`.
    pub value: u64,
    /// `st_size`.
    pub size: u64,
    /// `st_info`: binding in the high nibble, type in the low nibble.
    pub info: u8,
    /// `st_other` (visibility).
    pub other: u8,
    /// `st_shndx`: the section index or a reserved `SHN_*` value.
    pub shndx: u16,
}

impl Symbol {
    /// The binding (`STB_*`).
    pub fn binding(&self) -> u8 {
        self.info >> 4
    }

    /// The type (`STT_*`).
    pub fn kind(&self) -> u8 {
        self.info & 0xf
    }
}

/// A loadable segment (gABI "Program Header", `PT_LOAD`) with its file bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// Virtual address (`p_vaddr`).
    pub vaddr: u64,
    /// Physical address (`p_paddr`).
    pub paddr: u64,
    /// Size in memory (`p_memsz`); bytes past the file bytes are zero.
    pub memsz: u64,
    /// Flags (`p_flags`: 1 execute, 2 write, 4 read).
    pub flags: u32,
    /// The file bytes (`p_filesz` of them, from `p_offset`).
    pub data: &'a [u8],
}

/// A parsed ELF64 little-endian IA-64 file borrowing its bytes.
#[derive(Debug, Clone)]
pub struct ElfFile<'a> {
    data: &'a [u8],
    header: FileHeader,
    sections: Vec<SectionHeader>,
}

/// Bounds-checked little-endian reads.
fn bytes<'a>(
    data: &'a [u8],
    offset: u64,
    need: u64,
    what: &'static str,
) -> Result<&'a [u8], ElfError> {
    let truncated = || ElfError::Truncated {
        what,
        offset,
        need,
        len: data.len() as u64,
    };
    let start = usize::try_from(offset).map_err(|_| truncated())?;
    let n = usize::try_from(need).map_err(|_| truncated())?;
    let end = start.checked_add(n).ok_or_else(truncated)?;
    data.get(start..end).ok_or_else(truncated)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Common names of a few machines, so a wrong file says what it is.
fn machine_name(machine: u16) -> &'static str {
    match machine {
        2 => "SPARC",
        3 => "i386",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        22 => "S/390",
        40 => "ARM",
        43 => "SPARC V9",
        50 => "IA-64",
        62 => "x86-64",
        183 => "AArch64",
        243 => "RISC-V",
        258 => "LoongArch",
        _ => "unknown",
    }
}

fn parse_section_header(b: &[u8]) -> SectionHeader {
    SectionHeader {
        sh_name: u32_at(b, 0),
        sh_type: u32_at(b, 4),
        sh_flags: u64_at(b, 8),
        sh_addr: u64_at(b, 16),
        sh_offset: u64_at(b, 24),
        sh_size: u64_at(b, 32),
        sh_link: u32_at(b, 40),
        sh_info: u32_at(b, 44),
        sh_addralign: u64_at(b, 48),
        sh_entsize: u64_at(b, 56),
    }
}

impl<'a> ElfFile<'a> {
    /// Parses the file header and the section header table of `data`.
    pub fn parse(data: &'a [u8]) -> Result<Self, ElfError> {
        let len = data.len() as u64;
        // A short file that is plainly not ELF says so rather than "truncated".
        let head = data.get(..4).unwrap_or(data);
        if !b"\x7fELF".starts_with(head) {
            let mut found = [0u8; 4];
            found[..head.len()].copy_from_slice(head);
            return Err(ElfError::BadMagic { found });
        }
        let ident = bytes(data, 0, 16, "ELF identification")?;
        if ident[4] != 2 {
            return Err(ElfError::NotElf64 { class: ident[4] });
        }
        if ident[5] != 1 {
            return Err(ElfError::NotLittleEndian { data: ident[5] });
        }
        if ident[6] != 1 {
            return Err(ElfError::BadVersion { version: ident[6] });
        }
        let h = bytes(data, 0, EHDR_SIZE as u64, "ELF64 file header")?;
        let e_machine = u16_at(h, 18);
        if e_machine != EM_IA_64 {
            return Err(ElfError::WrongMachine {
                machine: e_machine,
                name: machine_name(e_machine),
            });
        }
        let e_shoff = u64_at(h, 40);
        let e_shentsize = u16_at(h, 58);
        let e_shnum = u16_at(h, 60);
        let e_shstrndx = u16_at(h, 62);
        let mut header = FileHeader {
            e_type: u16_at(h, 16),
            e_machine,
            e_entry: u64_at(h, 24),
            e_phoff: u64_at(h, 32),
            e_shoff,
            e_flags: u32_at(h, 48),
            e_phnum: u16_at(h, 56),
            shnum: usize::from(e_shnum),
            shstrndx: usize::from(e_shstrndx),
        };
        let mut sections = Vec::new();
        if e_shoff != 0 {
            if usize::from(e_shentsize) != SHDR_SIZE {
                return Err(ElfError::BadEntrySize {
                    what: "section header",
                    offset: 58,
                    size: u64::from(e_shentsize),
                    expected: SHDR_SIZE as u64,
                });
            }
            // gABI: with 0xff00 or more sections, e_shnum is 0 and section 0's
            // sh_size holds the count; e_shstrndx escapes the same way via sh_link.
            let outside = |size| ElfError::OutOfRange {
                what: "section header table",
                offset: e_shoff,
                size,
                len,
            };
            let first = bytes(data, e_shoff, SHDR_SIZE as u64, "section header 0")
                .map_err(|_| outside(SHDR_SIZE as u64))?;
            let first = parse_section_header(first);
            let count = if e_shnum == 0 {
                first.sh_size
            } else {
                u64::from(e_shnum)
            };
            if e_shstrndx == SHN_XINDEX {
                header.shstrndx = first.sh_link as usize;
            }
            let table_size = count.saturating_mul(SHDR_SIZE as u64);
            let table = bytes(data, e_shoff, table_size, "section header table")
                .map_err(|_| outside(table_size))?;
            sections = table
                .chunks_exact(SHDR_SIZE)
                .map(parse_section_header)
                .collect();
            header.shnum = sections.len();
        } else {
            header.shnum = 0;
        }
        if header.shstrndx != usize::from(SHN_UNDEF) && header.shstrndx >= sections.len() {
            return Err(ElfError::BadSectionIndex {
                what: "e_shstrndx",
                index: header.shstrndx as u64,
                offset: 62,
                count: sections.len(),
            });
        }
        Ok(Self {
            data,
            header,
            sections,
        })
    }

    /// The file header.
    pub fn header(&self) -> &FileHeader {
        &self.header
    }

    /// The section headers, in file order (index 0 is the null section).
    pub fn sections(&self) -> &[SectionHeader] {
        &self.sections
    }

    /// The whole file.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// File offset of section header `index`'s field at byte `field`, for errors.
    fn shdr_field(&self, index: usize, field: u64) -> u64 {
        self.header
            .e_shoff
            .wrapping_add((index * SHDR_SIZE) as u64)
            .wrapping_add(field)
    }

    fn section(
        &self,
        index: usize,
        what: &'static str,
        field_offset: u64,
    ) -> Result<&SectionHeader, ElfError> {
        self.sections.get(index).ok_or(ElfError::BadSectionIndex {
            what,
            index: index as u64,
            offset: field_offset,
            count: self.sections.len(),
        })
    }

    /// The file contents of section `index` (empty for a zero-size section).
    pub fn section_data(&self, index: usize) -> Result<&'a [u8], ElfError> {
        let sh = *self.section(index, "section", 0)?;
        if sh.sh_type == SHT_NOBITS {
            return Err(ElfError::NoBits { index });
        }
        bytes(self.data, sh.sh_offset, sh.sh_size, "section contents").map_err(|_| {
            ElfError::OutOfRange {
                what: "section contents",
                offset: sh.sh_offset,
                size: sh.sh_size,
                len: self.data.len() as u64,
            }
        })
    }

    /// The NUL-terminated string at `index` in string table section `table`.
    fn string(
        &self,
        table: usize,
        index: u64,
        what: &'static str,
        field: u64,
    ) -> Result<String, ElfError> {
        let sh = *self.section(table, "string table", field)?;
        let bad = || ElfError::BadString {
            what,
            index,
            table: sh.sh_offset,
            size: sh.sh_size,
        };
        let strtab = self.section_data(table).map_err(|_| bad())?;
        let start = usize::try_from(index).map_err(|_| bad())?;
        let tail = strtab.get(start..).ok_or_else(bad)?;
        let end = tail.iter().position(|&c| c == 0).ok_or_else(bad)?;
        Ok(String::from_utf8_lossy(&tail[..end]).into_owned())
    }

    /// The name of section `index` (empty when the file has no section name table).
    pub fn section_name(&self, index: usize) -> Result<String, ElfError> {
        let sh = *self.section(index, "section", 0)?;
        if self.header.shstrndx == usize::from(SHN_UNDEF) {
            return Ok(String::new());
        }
        self.string(
            self.header.shstrndx,
            u64::from(sh.sh_name),
            "section",
            self.shdr_field(index, 0),
        )
    }

    /// The loadable (`PT_LOAD`) segments, in program header order; other program
    /// headers are skipped. Errors name the offset of the header or bytes at fault.
    pub fn segments(&self) -> Result<Vec<Segment<'a>>, ElfError> {
        let h = &self.header;
        let mut out = Vec::new();
        // `parse` checked the file header is whole: e_phentsize is at 54.
        let entsize = u16_at(self.data, 54);
        if h.e_phnum > 0 && usize::from(entsize) != PHDR_SIZE {
            return Err(ElfError::BadEntrySize {
                what: "program header",
                offset: 54,
                size: u64::from(entsize),
                expected: PHDR_SIZE as u64,
            });
        }
        for k in 0..u64::from(h.e_phnum) {
            let at = h.e_phoff.saturating_add(k * PHDR_SIZE as u64);
            let ph = bytes(self.data, at, PHDR_SIZE as u64, "program header")?;
            if u32_at(ph, 0) != PT_LOAD {
                continue;
            }
            let (offset, filesz) = (u64_at(ph, 8), u64_at(ph, 32));
            let data =
                bytes(self.data, offset, filesz, "segment").map_err(|_| ElfError::OutOfRange {
                    what: "segment",
                    offset,
                    size: filesz,
                    len: self.data.len() as u64,
                })?;
            out.push(Segment {
                vaddr: u64_at(ph, 16),
                paddr: u64_at(ph, 24),
                memsz: u64_at(ph, 40),
                flags: u32_at(ph, 4),
                data,
            });
        }
        Ok(out)
    }

    /// Index of the first section of type `sh_type`, if any.
    pub fn find_section_type(&self, sh_type: u32) -> Option<usize> {
        self.sections.iter().position(|s| s.sh_type == sh_type)
    }

    /// The symbols of symbol table section `index` (`SHT_SYMTAB` or `SHT_DYNSYM`),
    /// without the null entry 0.
    pub fn symbols(&self, index: usize) -> Result<Vec<Symbol>, ElfError> {
        let sh = *self.section(index, "symbol table", 0)?;
        if sh.sh_entsize != SYM_SIZE as u64 {
            return Err(ElfError::BadEntrySize {
                what: "symbol table",
                offset: self.shdr_field(index, 56),
                size: sh.sh_entsize,
                expected: SYM_SIZE as u64,
            });
        }
        let table = self.section_data(index)?;
        let strtab = sh.sh_link as usize;
        self.section(
            strtab,
            "symbol string table (sh_link)",
            self.shdr_field(index, 40),
        )?;
        let mut out = Vec::with_capacity(table.len() / SYM_SIZE);
        for e in table.chunks_exact(SYM_SIZE).skip(1) {
            out.push(Symbol {
                name: self.string(strtab, u64::from(u32_at(e, 0)), "symbol", sh.sh_offset)?,
                info: e[4],
                other: e[5],
                shndx: u16_at(e, 6),
                value: u64_at(e, 8),
                size: u64_at(e, 16),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asm::elfout::{link, write_rel, Layout};
    use crate::asm::{assemble_text, Object, Options};
    use std::string::ToString;
    use std::{format, panic, vec};

    /// Where the executable test loads `.text`: a region 5 address, so every
    /// address has all 64 bits.
    const TEXT_ADDR: u64 = 0xa000_0000_0000_0000;

    /// The sample's source: `.text` holds the bytes 0..48, labelled by a local `l`
    /// of size 4 at 0, a global function `g` at 16 and a weak `w` at 32; `abs` is a
    /// global absolute symbol (0x30); `.bss` reserves 32 bytes.
    fn sample_source() -> String {
        let bytes = |from: u8| {
            (from..from + 16)
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "\t.text\nl:\tdata1 {}\n\t.size l, 4\n\t.global g, abs\n\t.type g, @function\n\
             g:\tdata1 {}\n\t.weak w\nw:\tdata1 {}\n\t.set abs, 0x30\n\t.bss\n\t.skip 32\n",
            bytes(0),
            bytes(16),
            bytes(32)
        )
    }

    /// `src` assembled by the project's assembler, as `ia64pv as` does.
    fn assembled(src: &str) -> Object {
        assemble_text("t.s", src, &Options::default())
            .expect("assembles")
            .object
    }

    /// The sample as a relocatable file.
    fn sample() -> Vec<u8> {
        write_rel(&assembled(&sample_source()))
    }

    #[test]
    fn relocatable_file_reads_back() {
        let bytes = sample();
        let f = ElfFile::parse(&bytes).expect("parse");
        assert_eq!(f.header().e_type, ET_REL);
        assert_eq!(f.header().e_machine, EM_IA_64);
        assert_eq!(f.header().e_phnum, 0);
        let names: Vec<String> = (0..f.sections().len())
            .map(|i| f.section_name(i).expect("name"))
            .collect();
        // GNU as's layout, which the assembler keeps: `.data` and `.bss` always exist.
        assert_eq!(
            names,
            [
                "",
                ".text",
                ".data",
                ".bss",
                ".symtab",
                ".strtab",
                ".shstrtab"
            ]
        );
        assert_eq!(
            f.section_data(1).expect("text"),
            &(0..48u8).collect::<Vec<_>>()[..]
        );
        assert_eq!(f.section_data(2), Ok(&[][..]));
        assert_eq!(f.section_data(3), Err(ElfError::NoBits { index: 3 }));
        assert_eq!(f.sections()[3].sh_size, 32);
        let symtab = f.find_section_type(SHT_SYMTAB).expect("symtab");
        assert_eq!(symtab, 4);
        let syms = f.symbols(symtab).expect("symbols");
        assert_eq!(syms.len(), 7, "{syms:?}");
        // Locals first, as the gABI requires; `sh_info` counts them with the null
        // entry, which `symbols` leaves out.
        let locals = syms.iter().take_while(|s| s.binding() == STB_LOCAL).count();
        assert!(
            syms[locals..].iter().all(|s| s.binding() != STB_LOCAL),
            "{syms:?}"
        );
        assert_eq!(f.sections()[symtab].sh_info as usize, locals + 1);
        let section_symbols: Vec<u16> = syms
            .iter()
            .filter(|s| s.kind() == STT_SECTION)
            .map(|s| s.shndx)
            .collect();
        assert_eq!(section_symbols, [1, 2, 3]);
        let named = |n: &str| {
            let s = syms
                .iter()
                .find(|s| s.name == n)
                .unwrap_or_else(|| panic!("no symbol {n} in {syms:?}"));
            (s.value, s.size, s.binding(), s.kind(), s.shndx)
        };
        assert_eq!(named("l"), (0, 4, STB_LOCAL, STT_NOTYPE, 1));
        assert_eq!(named("g"), (16, 0, STB_GLOBAL, STT_FUNC, 1));
        assert_eq!(named("w"), (32, 0, STB_WEAK, STT_NOTYPE, 1));
        assert_eq!(named("abs"), (0x30, 0, STB_GLOBAL, STT_NOTYPE, SHN_ABS));
    }

    #[test]
    fn executable_has_load_segments() {
        let layout = Layout {
            section_start: vec![(".text".into(), TEXT_ADDR)],
            entry: Some("g".into()),
        };
        let bytes = link(&assembled(&sample_source()), &layout)
            .expect("links")
            .to_elf();
        let f = ElfFile::parse(&bytes).expect("parse");
        let h = f.header();
        assert_eq!(h.e_type, ET_EXEC);
        assert_eq!(h.e_entry, TEXT_ADDR + 16);
        assert_eq!(h.e_phoff, EHDR_SIZE as u64);
        // `.text` and `.bss`; the empty `.data` gets no segment.
        assert_eq!(h.e_phnum, 2);
        // p_type, p_flags (R = 4, W = 2, X = 1), p_vaddr, p_filesz and p_memsz
        // (gABI "Program Header").
        let ph = |k: usize| {
            let p = &bytes[EHDR_SIZE + k * PHDR_SIZE..EHDR_SIZE + (k + 1) * PHDR_SIZE];
            (
                u32_at(p, 0),
                u32_at(p, 4),
                u64_at(p, 16),
                u64_at(p, 32),
                u64_at(p, 40),
            )
        };
        assert_eq!(ph(0), (PT_LOAD, 5, TEXT_ADDR, 48, 48));
        assert_eq!(ph(1), (PT_LOAD, 6, TEXT_ADDR + 48, 0, 32));
        let text = (0..f.sections().len())
            .find(|&i| f.section_name(i).as_deref() == Ok(".text"))
            .expect(".text");
        assert_eq!(f.sections()[text].sh_addr, TEXT_ADDR);
        let syms = f
            .symbols(f.find_section_type(SHT_SYMTAB).expect("symtab"))
            .expect("symbols");
        let g = syms.iter().find(|s| s.name == "g").expect("g");
        assert_eq!((g.value, usize::from(g.shndx)), (TEXT_ADDR + 16, text));

        // The reader's view of the same headers.
        let segs = f.segments().expect("segments");
        let seen: Vec<(u32, u64, u64, usize, u64)> = segs
            .iter()
            .map(|s| (s.flags, s.vaddr, s.paddr, s.data.len(), s.memsz))
            .collect();
        assert_eq!(
            seen,
            [
                (5, TEXT_ADDR, TEXT_ADDR, 48, 48),
                (6, TEXT_ADDR + 48, TEXT_ADDR + 48, 0, 32)
            ]
        );
        assert_eq!(segs[0].data, f.section_data(text).expect("text bytes"));

        // A segment reaching past the end of the file, and a wrong entry size.
        let mut cut = bytes.clone();
        let filesz_at = EHDR_SIZE + 32;
        cut[filesz_at..filesz_at + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(matches!(
            ElfFile::parse(&cut)
                .expect("headers still parse")
                .segments(),
            Err(ElfError::OutOfRange {
                what: "segment",
                size: 0x100_0000_0000,
                ..
            })
        ));
        let mut wide = bytes.clone();
        wide[54] = 64;
        assert!(matches!(
            ElfFile::parse(&wide)
                .expect("headers still parse")
                .segments(),
            Err(ElfError::BadEntrySize {
                offset: 54,
                size: 64,
                ..
            })
        ));
    }

    #[test]
    fn header_errors_name_offset_and_reason() {
        let good = sample();
        let with = |at: usize, v: &[u8]| {
            let mut b = good.clone();
            b[at..at + v.len()].copy_from_slice(v);
            ElfFile::parse(&b).map(|_| ()).expect_err("must fail")
        };
        assert!(matches!(with(1, b"X"), ElfError::BadMagic { .. }));
        assert_eq!(with(4, &[1]), ElfError::NotElf64 { class: 1 });
        assert_eq!(with(5, &[2]), ElfError::NotLittleEndian { data: 2 });
        assert_eq!(with(6, &[0]), ElfError::BadVersion { version: 0 });
        let e = with(18, &62u16.to_le_bytes());
        assert_eq!(
            e,
            ElfError::WrongMachine {
                machine: 62,
                name: "x86-64"
            }
        );
        assert_eq!(
            e.to_string(),
            "machine at offset 0x12 is 62 (x86-64), not IA-64 (50)"
        );
        assert!(matches!(
            with(58, &[40, 0]),
            ElfError::BadEntrySize {
                offset: 58,
                size: 40,
                ..
            }
        ));
        assert!(matches!(
            with(62, &[99, 0]),
            ElfError::BadSectionIndex {
                what: "e_shstrndx",
                index: 99,
                ..
            }
        ));
        assert!(matches!(
            with(40, &u64::MAX.to_le_bytes()),
            ElfError::OutOfRange { .. }
        ));
        let e = ElfFile::parse(&good[..40]).expect_err("short");
        assert_eq!(
            e,
            ElfError::Truncated {
                what: "ELF64 file header",
                offset: 0,
                need: 64,
                len: 40
            }
        );
        assert_eq!(
            e.to_string(),
            "truncated ELF64 file header at offset 0x0: needs 64 bytes, the file has 40"
        );
    }

    #[test]
    fn section_contents_out_of_range_is_an_error() {
        let mut b = sample();
        let f = ElfFile::parse(&b).expect("parse");
        let shoff = f.header().e_shoff as usize;
        let count = f.sections().len();
        // Section 1's sh_size (field at +32) far beyond the file.
        b[shoff + SHDR_SIZE + 32..shoff + SHDR_SIZE + 40]
            .copy_from_slice(&0x1_0000u64.to_le_bytes());
        let f = ElfFile::parse(&b).expect("headers still parse");
        assert!(matches!(
            f.section_data(1),
            Err(ElfError::OutOfRange { size: 0x1_0000, .. })
        ));
        assert_eq!(
            f.section_name(count),
            Err(ElfError::BadSectionIndex {
                what: "section",
                index: count as u64,
                offset: 0,
                count
            })
        );
    }

    /// Every truncation and many garbled bytes of a valid file: parsing and reading
    /// everything may fail but must never panic.
    #[test]
    fn truncated_and_garbled_files_never_panic() {
        let good = sample();
        let read_all = |b: &[u8]| {
            if let Ok(f) = ElfFile::parse(b) {
                for i in 0..f.sections().len() + 2 {
                    let _ = f.section_name(i);
                    let _ = f.section_data(i);
                    let _ = f.symbols(i);
                }
            }
        };
        for n in 0..good.len() {
            read_all(&good[..n]);
        }
        // A fixed xorshift sequence: deterministic, covers every byte position.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut parsed = 0;
        for round in 0..4000 {
            let mut b = good.clone();
            for _ in 0..1 + round % 4 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let at = (x as usize) % b.len();
                b[at] = (x >> 32) as u8;
            }
            if ElfFile::parse(&b).is_ok() {
                parsed += 1;
            }
            read_all(&b);
        }
        // Most single-byte changes leave the header valid; the walk above really
        // exercised the readers and not just the magic check.
        assert!(parsed > 1000, "only {parsed} garbled files parsed");
    }
}
