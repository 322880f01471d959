//! ELF64 output for IA-64 (little-endian, `EM_IA_64` = 50, `e_flags` =
//! `EF_IA_64_ABI64` as GNU as sets it): relocatable objects that
//! `ia64-linux-gnu-ld` links, executables laid out at chosen addresses with the
//! relocations applied and GNU ld's symbol table, and flat binaries with a
//! symbol map.

use std::collections::HashMap;
use std::string::{String, ToString};
use std::vec::Vec;

use super::object::{self as obj, Binding, Field, Object, SymSection, Target};
use crate::bundle::Bundle;

use crate::elf::{
    EF_IA_64_ABI64, EHDR_SIZE, EM_IA_64, ET_EXEC, ET_REL, PHDR_SIZE, PT_LOAD, RELA_SIZE, SHDR_SIZE,
    SHF_INFO_LINK, SHN_ABS, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, SYM_SIZE,
};

/// GNU ld's page size for ia64 (`MAXPAGESIZE`), used to align segments in the file.
const PAGE: u64 = 0x10000;

/// Why linking failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// A relocation refers to a symbol nobody defines.
    #[error("undefined symbol `{0}`")]
    Undefined(String),
    /// The entry symbol does not exist.
    #[error("entry symbol `{0}` is not defined")]
    NoEntry(String),
    /// A relocated value does not fit its field.
    #[error("relocation at {section}+{offset:#x}: value {value:#x} does not fit")]
    Overflow {
        /// Section name.
        section: String,
        /// Offset of the relocation.
        offset: u64,
        /// The computed value.
        value: i64,
    },
    /// A section placed so that it, or the 8-byte-aligned end the default linker
    /// script puts after it, would run past the end of the 64-bit address space.
    #[error("section `{section}` at {addr:#x} with size {size:#x} runs past the end of the address space")]
    AddressSpace {
        /// Section name.
        section: String,
        /// Its address.
        addr: u64,
        /// Its size.
        size: u64,
    },
    /// `--section-start` names a section that does not exist.
    #[error("no section `{0}`")]
    NoSection(String),
}

struct Strtab {
    data: Vec<u8>,
    at: HashMap<String, u32>,
}

impl Strtab {
    fn new() -> Strtab {
        Strtab {
            data: std::vec![0],
            at: HashMap::new(),
        }
    }
    fn add(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&o) = self.at.get(s) {
            return o;
        }
        let o = self.data.len() as u32;
        self.data.extend_from_slice(s.as_bytes());
        self.data.push(0);
        self.at.insert(s.to_string(), o);
        o
    }
}

/// A section header to write (the null one is `Shdr::default()`).
#[derive(Default)]
struct Shdr {
    name: u32,
    sh_type: u32,
    flags: u64,
    addr: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
    align: u64,
    entsize: u64,
}

fn put_shdr(out: &mut Vec<u8>, h: &Shdr) {
    out.extend_from_slice(&h.name.to_le_bytes());
    out.extend_from_slice(&h.sh_type.to_le_bytes());
    out.extend_from_slice(&h.flags.to_le_bytes());
    out.extend_from_slice(&h.addr.to_le_bytes());
    out.extend_from_slice(&h.offset.to_le_bytes());
    out.extend_from_slice(&h.size.to_le_bytes());
    out.extend_from_slice(&h.link.to_le_bytes());
    out.extend_from_slice(&h.info.to_le_bytes());
    out.extend_from_slice(&h.align.to_le_bytes());
    out.extend_from_slice(&h.entsize.to_le_bytes());
}

#[allow(clippy::too_many_arguments)] // one per ELF header field that varies
fn header(
    out: &mut Vec<u8>,
    e_type: u16,
    entry: u64,
    phoff: u64,
    phnum: u16,
    shoff: u64,
    shnum: u16,
    shstrndx: u16,
) {
    out.extend_from_slice(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&e_type.to_le_bytes());
    out.extend_from_slice(&EM_IA_64.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&entry.to_le_bytes());
    out.extend_from_slice(&phoff.to_le_bytes());
    out.extend_from_slice(&shoff.to_le_bytes());
    out.extend_from_slice(&EF_IA_64_ABI64.to_le_bytes());
    out.extend_from_slice(&(EHDR_SIZE as u16).to_le_bytes());
    out.extend_from_slice(&(PHDR_SIZE as u16).to_le_bytes());
    out.extend_from_slice(&phnum.to_le_bytes());
    out.extend_from_slice(&(SHDR_SIZE as u16).to_le_bytes());
    out.extend_from_slice(&shnum.to_le_bytes());
    out.extend_from_slice(&shstrndx.to_le_bytes());
}

fn pad_to(out: &mut Vec<u8>, align: u64) {
    let a = align.max(1) as usize;
    while !out.len().is_multiple_of(a) {
        out.push(0);
    }
}

fn sym_entry(out: &mut Vec<u8>, name: u32, info: u8, shndx: u16, value: u64, size: u64) {
    out.extend_from_slice(&name.to_le_bytes());
    out.push(info);
    out.push(0);
    out.extend_from_slice(&shndx.to_le_bytes());
    out.extend_from_slice(&value.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
}

fn bind_code(b: Binding) -> u8 {
    match b {
        Binding::Local => 0,
        Binding::Global => 1,
        Binding::Weak => 2,
    }
}

/// Writes the object as an ELF64 relocatable file (ET_REL): each section
/// followed by its `.rela` section, then `.symtab`, `.strtab`, `.shstrtab`.
pub fn write_rel(o: &Object) -> Vec<u8> {
    let mut out = std::vec![0u8; EHDR_SIZE];
    let mut shstr = Strtab::new();
    let mut strtab = Strtab::new();
    let mut shdrs = std::vec![Shdr::default()];
    // Header index of each section and of its rela section.
    let mut idx = Vec::new();
    let mut next = 1u32;
    for s in &o.sections {
        idx.push(next);
        next += if s.relocs.is_empty() { 1 } else { 2 };
    }
    let symtab_ix = next;
    for (k, s) in o.sections.iter().enumerate() {
        pad_to(&mut out, s.align);
        let offset = out.len() as u64;
        if s.sh_type != obj::SHT_NOBITS {
            out.extend_from_slice(&s.data);
        }
        shdrs.push(Shdr {
            name: shstr.add(&s.name),
            sh_type: s.sh_type,
            flags: s.flags,
            addr: 0,
            offset,
            size: s.size,
            link: 0,
            info: 0,
            align: s.align,
            entsize: 0,
        });
        if !s.relocs.is_empty() {
            shdrs.push(Shdr {
                name: shstr.add(&std::format!(".rela{}", s.name)),
                sh_type: SHT_RELA,
                flags: SHF_INFO_LINK,
                addr: 0,
                offset: 0,
                size: 0,
                link: symtab_ix,
                info: idx[k],
                align: 8,
                entsize: RELA_SIZE as u64,
            });
        }
    }
    // Symbol table: null, then the object's symbols (section symbols have no name).
    let mut syms = std::vec![0u8; SYM_SIZE];
    let mut first_global = 1 + o.symbols.len() as u32;
    for (k, s) in o.symbols.iter().enumerate() {
        if s.binding != Binding::Local && first_global == 1 + o.symbols.len() as u32 {
            first_global = 1 + k as u32;
        }
        let shndx = match s.section {
            SymSection::Undefined => 0,
            SymSection::Absolute => SHN_ABS,
            SymSection::Section(i) => idx[i] as u16,
        };
        let name = if s.kind == obj::STT_SECTION {
            0
        } else {
            strtab.add(&s.name)
        };
        sym_entry(
            &mut syms,
            name,
            bind_code(s.binding) << 4 | s.kind,
            shndx,
            s.value,
            s.size,
        );
    }
    let section_sym: HashMap<usize, u32> = o
        .symbols
        .iter()
        .enumerate()
        .filter_map(|(k, s)| match (s.kind, s.section) {
            (obj::STT_SECTION, SymSection::Section(i)) => Some((i, 1 + k as u32)),
            _ => None,
        })
        .collect();
    // Relocation sections.
    let mut h = 1;
    for s in &o.sections {
        h += 1;
        if s.relocs.is_empty() {
            continue;
        }
        pad_to(&mut out, 8);
        let offset = out.len() as u64;
        for r in &s.relocs {
            let sym = match r.target {
                Target::Section(i) => section_sym.get(&i).copied().unwrap_or(0),
                Target::Symbol(i) => 1 + i as u32,
            };
            out.extend_from_slice(&r.offset.to_le_bytes());
            out.extend_from_slice(&(((sym as u64) << 32) | r.rtype as u64).to_le_bytes());
            out.extend_from_slice(&r.addend.to_le_bytes());
        }
        shdrs[h].offset = offset;
        shdrs[h].size = (s.relocs.len() * RELA_SIZE) as u64;
        h += 1;
    }
    pad_to(&mut out, 8);
    let sym_off = out.len() as u64;
    out.extend_from_slice(&syms);
    let strtab_ix = symtab_ix + 1;
    shdrs.push(Shdr {
        name: shstr.add(".symtab"),
        sh_type: SHT_SYMTAB,
        flags: 0,
        addr: 0,
        offset: sym_off,
        size: syms.len() as u64,
        link: strtab_ix,
        info: first_global,
        align: 8,
        entsize: SYM_SIZE as u64,
    });
    let str_off = out.len() as u64;
    out.extend_from_slice(&strtab.data);
    shdrs.push(Shdr {
        name: shstr.add(".strtab"),
        sh_type: SHT_STRTAB,
        flags: 0,
        addr: 0,
        offset: str_off,
        size: strtab.data.len() as u64,
        link: 0,
        info: 0,
        align: 1,
        entsize: 0,
    });
    finish(&mut out, shdrs, shstr, ET_REL, 0, 0, 0);
    out
}

/// Ends an ELF file: appends `.shstrtab` (the last section), the section header
/// table, and writes the file header over the 64 bytes reserved at the start.
fn finish(
    out: &mut Vec<u8>,
    mut shdrs: Vec<Shdr>,
    mut shstr: Strtab,
    e_type: u16,
    entry: u64,
    phoff: u64,
    phnum: u16,
) {
    let name = shstr.add(".shstrtab");
    let offset = out.len() as u64;
    out.extend_from_slice(&shstr.data);
    shdrs.push(Shdr {
        name,
        sh_type: SHT_STRTAB,
        flags: 0,
        addr: 0,
        offset,
        size: shstr.data.len() as u64,
        link: 0,
        info: 0,
        align: 1,
        entsize: 0,
    });
    pad_to(out, 8);
    let shoff = out.len() as u64;
    for s in &shdrs {
        put_shdr(out, s);
    }
    let mut hdr = Vec::new();
    header(
        &mut hdr,
        e_type,
        entry,
        phoff,
        phnum,
        shoff,
        shdrs.len() as u16,
        (shdrs.len() - 1) as u16,
    );
    out[..64].copy_from_slice(&hdr);
}

/// Placement for an executable.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// `--section-start NAME=ADDR`.
    pub section_start: Vec<(String, u64)>,
    /// `--entry SYMBOL` (default: `_start`, else the start of `.text`).
    pub entry: Option<String>,
}

/// A linked image: allocated sections at their addresses, relocations applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// `(name, address, bytes, size, flags, NOBITS)` of each allocated section.
    pub sections: Vec<ImageSection>,
    /// The entry address.
    pub entry: u64,
    /// Defined symbols with their final values, sorted by address.
    pub symbols: Vec<(String, u64)>,
    /// The symbol table GNU ld writes for the same link, without the null
    /// entry and the section symbols: the object's local symbols in its order,
    /// then its global and weak ones, then `_start` when it is the default entry
    /// and undefined, then the default linker script's `__bss_start`, `_edata`
    /// and `_end`.
    pub symtab: Vec<ImageSymbol>,
}

/// One symbol of an [`Image`]'s symbol table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSymbol {
    /// Name.
    pub name: String,
    /// Final value: an address, or the absolute value.
    pub value: u64,
    /// Size, as the object gave it.
    pub size: u64,
    /// ELF symbol type (`STT_*`), as the object gave it.
    pub kind: u8,
    /// Binding.
    pub binding: Binding,
    /// Where it is defined; `Section(i)` indexes [`Image::sections`].
    pub section: SymSection,
}

/// One allocated section of an [`Image`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSection {
    /// Name.
    pub name: String,
    /// Load address.
    pub addr: u64,
    /// Contents (empty for NOBITS).
    pub data: Vec<u8>,
    /// Size in memory.
    pub size: u64,
    /// `SHF_*` flags.
    pub flags: u64,
    /// Whether it occupies no file space.
    pub nobits: bool,
}

fn insert_field(
    data: &mut [u8],
    offset: u64,
    slot: u8,
    opnd: crate::operand::Opnd,
    value: i64,
) -> bool {
    let Some(field) = opnd.field_of_value(value) else {
        return false;
    };
    let at = (offset & !0xf) as usize;
    let Some(bytes) = data.get(at..at + 16) else {
        return false;
    };
    let Ok(arr) = <[u8; 16]>::try_from(bytes) else {
        return false;
    };
    let b = Bundle::from_bytes(arr);
    let mut s = b.slot(slot as usize);
    let mut l = b.slot(1);
    opnd.insert(field, &mut s, &mut l);
    let nb = if slot == 1 {
        b.with_slot(1, s)
    } else {
        b.with_slot(slot as usize, s).with_slot(1, l)
    };
    data[at..at + 16].copy_from_slice(&nb.to_bytes());
    true
}

/// Places the allocated sections and applies every relocation, as GNU ld does
/// for a static link with `--section-start`: sections without a start address
/// follow the previous one at their alignment.
pub fn link(o: &Object, layout: &Layout) -> Result<Image, LinkError> {
    for (n, _) in &layout.section_start {
        if o.section(n).is_none() {
            return Err(LinkError::NoSection(n.clone()));
        }
    }
    let mut addrs = std::vec![None; o.sections.len()];
    let mut next = 0u64;
    for (k, s) in o.sections.iter().enumerate() {
        if s.flags & obj::SHF_ALLOC == 0 {
            continue;
        }
        if s.size == 0 && !layout.section_start.iter().any(|(n, _)| *n == s.name) {
            continue;
        }
        let beyond = |addr: u64| LinkError::AddressSpace {
            section: s.name.clone(),
            addr,
            size: s.size,
        };
        let a = match layout.section_start.iter().find(|(n, _)| *n == s.name) {
            Some(&(_, a)) => a,
            None => next
                .checked_next_multiple_of(s.align.max(1))
                .ok_or_else(|| beyond(next))?,
        };
        addrs[k] = Some(a);
        // The end, and `_end` rounded up to 8 after it, must be addresses.
        next = a
            .checked_add(s.size)
            .filter(|end| end.checked_next_multiple_of(8).is_some())
            .ok_or_else(|| beyond(a))?;
    }
    let sym_addr = |i: usize| -> Result<u64, LinkError> {
        let s = &o.symbols[i];
        match s.section {
            SymSection::Absolute => Ok(s.value),
            SymSection::Section(k) => Ok(addrs[k].unwrap_or(0) + s.value),
            SymSection::Undefined => Err(LinkError::Undefined(s.name.clone())),
        }
    };
    let mut sections = Vec::new();
    for (k, s) in o.sections.iter().enumerate() {
        let Some(base) = addrs[k] else { continue };
        let mut data = s.data.clone();
        for r in &s.relocs {
            let sv = match r.target {
                Target::Section(i) => addrs[i].unwrap_or(0),
                Target::Symbol(i) => sym_addr(i)?,
            };
            let p = base + r.offset;
            let mut v = sv.wrapping_add(r.addend as u64) as i64;
            if r.pcrel {
                let p = if matches!(r.field, Field::Insn { .. }) {
                    p & !0xf
                } else {
                    p
                };
                v = v.wrapping_sub(p as i64);
            }
            // GNU ld relaxes an in-range `brl` to a `br` in an MBB bundle (the
            // X3/X4 and B1/B3 formats keep their fields at the same bits; only the
            // major opcode changes, 0xC/0xD to 4/5) and fills slot 1 with `nop.b 0`.
            if r.rtype == obj::rtype::PCREL60B
                && crate::operand::Opnd::TGT25.field_of_value(v).is_some()
            {
                let at = (r.offset & !0xf) as usize;
                if let Some(arr) = data
                    .get(at..at + 16)
                    .and_then(|b| <[u8; 16]>::try_from(b).ok())
                {
                    let b = Bundle::from_bytes(arr);
                    if matches!(b.template_code(), 0x04 | 0x05) {
                        let x = b.slot(2);
                        let major = (x >> 37) & 0xf;
                        let x = (x & !(0xf << 37)) | ((major - 8) << 37);
                        let code = 0x12 | (b.template_code() & 1);
                        let nb = Bundle::new(code, [b.slot(0), 0x40_0000_0000, x]);
                        data[at..at + 16].copy_from_slice(&nb.to_bytes());
                        if insert_field(&mut data, at as u64, 2, crate::operand::Opnd::TGT25, v) {
                            continue;
                        }
                    }
                }
            }
            let ok = match r.field {
                Field::Data(n) => {
                    let at = r.offset as usize;
                    let fits = n == 8 || (v >= -(1i64 << (n * 8 - 1)) && v < (1i64 << (n * 8)));
                    if fits {
                        if let Some(d) = data.get_mut(at..at + n as usize) {
                            d.copy_from_slice(&v.to_le_bytes()[..n as usize]);
                        }
                    }
                    fits
                }
                Field::Insn { slot, opnd } => insert_field(&mut data, r.offset, slot, opnd, v),
            };
            if !ok {
                return Err(LinkError::Overflow {
                    section: s.name.clone(),
                    offset: r.offset,
                    value: v,
                });
            }
        }
        sections.push((
            k,
            ImageSection {
                name: s.name.clone(),
                addr: base,
                data: if s.sh_type == obj::SHT_NOBITS {
                    Vec::new()
                } else {
                    data
                },
                size: s.size,
                flags: s.flags,
                nobits: s.sh_type == obj::SHT_NOBITS,
            },
        ));
    }
    // GNU ld numbers the output sections by address (and the ELF program headers
    // must ascend by address, gABI "Program Header").
    sections.sort_by_key(|(_, s)| s.addr);
    let mut image_ix = std::vec![None; o.sections.len()];
    for (j, &(k, _)) in sections.iter().enumerate() {
        image_ix[k] = Some(j);
    }
    let sections: Vec<ImageSection> = sections.into_iter().map(|(_, s)| s).collect();
    let symtab = symbol_table(o, layout, &image_ix, &sections);
    let mut symbols = Vec::new();
    for (i, s) in o.symbols.iter().enumerate() {
        if s.kind == obj::STT_SECTION || s.section == SymSection::Undefined {
            continue;
        }
        if let SymSection::Section(k) = s.section {
            if addrs[k].is_none() {
                continue;
            }
        }
        symbols.push((s.name.clone(), sym_addr(i)?));
    }
    symbols.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let find = |n: &str| symbols.iter().find(|(m, _)| m == n).map(|&(_, a)| a);
    let entry = match &layout.entry {
        Some(e) => match find(e) {
            Some(a) => a,
            None => match parse_number(e) {
                Some(a) => a,
                None => return Err(LinkError::NoEntry(e.clone())),
            },
        },
        None => find("_start")
            .or_else(|| sections.iter().find(|s| s.name == ".text").map(|s| s.addr))
            .unwrap_or(0),
    };
    Ok(Image {
        sections,
        entry,
        symbols,
        symtab,
    })
}

/// One statement of GNU ld's default linker script for ia64 ELF executables
/// (`ia64-linux-gnu-ld --verbose`, binutils 2.40) that matters to a static link
/// of one object: the output sections an assembly program can fill, in script
/// order, and the assignments that define `_edata`, `__bss_start` and `_end`.
enum Stmt {
    /// An output section and the input section names it takes (a trailing `*`
    /// matches any rest of the name).
    Out(&'static str, &'static [&'static str]),
    /// `. = 0x6000000000000000 + (. & (MAXPAGESIZE - 1))`: the data segment
    /// starts at the same offset in its page in region 3.
    DataSegment,
    /// `_edata = .`
    Edata,
    /// `. = .; __bss_start = .`
    BssStart,
    /// `. = ALIGN(8); … _end = .`
    End,
}

/// The statements of the default script, in its order.
const SCRIPT: &[Stmt] = &[
    Stmt::Out(".init", &[".init"]),
    Stmt::Out(".text", &[".text", ".text.*", ".stub", ".gnu.linkonce.t.*"]),
    Stmt::Out(".fini", &[".fini"]),
    Stmt::Out(".rodata", &[".rodata", ".rodata.*", ".gnu.linkonce.r.*"]),
    Stmt::Out(".rodata1", &[".rodata1"]),
    Stmt::Out(".sdata2", &[".sdata2", ".sdata2.*", ".gnu.linkonce.s2.*"]),
    Stmt::Out(".sbss2", &[".sbss2", ".sbss2.*", ".gnu.linkonce.sb2.*"]),
    Stmt::Out(".opd", &[".opd"]),
    Stmt::Out(".IA_64.unwind_info", &[".IA_64.unwind_info*"]),
    Stmt::Out(".IA_64.unwind", &[".IA_64.unwind*"]),
    Stmt::DataSegment,
    Stmt::Out(".tdata", &[".tdata", ".tdata.*", ".gnu.linkonce.td.*"]),
    Stmt::Out(".tbss", &[".tbss", ".tbss.*", ".gnu.linkonce.tb.*"]),
    Stmt::Out(".preinit_array", &[".preinit_array"]),
    Stmt::Out(".init_array", &[".init_array", ".init_array.*"]),
    Stmt::Out(".fini_array", &[".fini_array", ".fini_array.*"]),
    Stmt::Out(".data.rel.ro", &[".data.rel.ro", ".data.rel.ro.*"]),
    Stmt::Out(".data", &[".data", ".data.*", ".gnu.linkonce.d.*"]),
    Stmt::Out(".data1", &[".data1"]),
    Stmt::Out(".ctors", &[".ctors", ".ctors.*"]),
    Stmt::Out(".dtors", &[".dtors", ".dtors.*"]),
    Stmt::Out(".got", &[".got", ".got.plt"]),
    Stmt::Out(".IA_64.pltoff", &[".IA_64.pltoff"]),
    Stmt::Out(".sdata", &[".sdata", ".sdata.*", ".gnu.linkonce.s.*"]),
    Stmt::Edata,
    Stmt::BssStart,
    Stmt::Out(".sbss", &[".sbss", ".sbss.*", ".gnu.linkonce.sb.*"]),
    Stmt::Out(".bss", &[".bss", ".bss.*", ".gnu.linkonce.b.*"]),
    Stmt::End,
];

/// Where the default script's location counter starts
/// (`SEGMENT_START("text-segment", 0x4000000000000000)`).
const TEXT_SEGMENT: u64 = 0x4000_0000_0000_0000;
/// The data segment's region (`. = 0x6000000000000000 + …`).
const DATA_SEGMENT: u64 = 0x6000_0000_0000_0000;

fn script_out(name: &str) -> Option<usize> {
    SCRIPT
        .iter()
        .position(|st| matches!(st, Stmt::Out(n, _) if *n == name))
}

/// The script position of an allocated section: the output section statement
/// that takes it, and 0 for a script section or 1 for an orphan placed after
/// it. `None` for an orphan with a `--section-start` address, which GNU ld puts
/// after every script statement (so it moves neither `.` nor `_end`).
fn script_slot(s: &obj::Section, started: bool) -> Option<(usize, u8)> {
    let matched = SCRIPT.iter().position(|st| match st {
        Stmt::Out(_, pats) => pats.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => s.name.starts_with(prefix),
            None => s.name == *p,
        }),
        _ => false,
    });
    if let Some(k) = matched {
        return Some((k, 0));
    }
    if started {
        return None;
    }
    // GNU ld's orphan placement: after the script section of the same kind.
    let like = if s.sh_type == obj::SHT_NOBITS {
        ".bss"
    } else if s.flags & obj::SHF_WRITE != 0 {
        ".data"
    } else if s.flags & obj::SHF_EXECINSTR != 0 {
        ".text"
    } else {
        ".rodata"
    };
    script_out(like).map(|k| (k, 1))
}

/// The symbol table of a link, in GNU ld's order (see [`Image::symtab`]).
///
/// Symbol values follow the image; `_edata`, `__bss_start` and `_end` follow
/// the default script's location counter over the image's sections, and take
/// the section GNU ld gives a symbol assigned outside output sections: the
/// previous output section, except after an assignment to `.`, which makes it
/// the next kept one (falling back to the previous, then the last section).
/// Sections that stay empty are not output; their local symbols are dropped and
/// their global ones keep the location counter's value there.
fn symbol_table(
    o: &Object,
    layout: &Layout,
    image_ix: &[Option<usize>],
    sections: &[ImageSection],
) -> Vec<ImageSymbol> {
    let slot: Vec<Option<(usize, u8)>> = o
        .sections
        .iter()
        .map(|s| {
            let started = layout.section_start.iter().any(|(n, _)| *n == s.name);
            if s.flags & obj::SHF_ALLOC == 0 {
                None
            } else {
                script_slot(s, started)
            }
        })
        .collect();
    let end_ix = SCRIPT.len() - 1;
    // The first output section after script position `k` and before `_end`.
    let next_kept = |k: usize| -> Option<usize> {
        (0..o.sections.len())
            .filter(|&i| image_ix[i].is_some())
            .filter_map(|i| slot[i].map(|sl| (sl, i)))
            .filter(|&((at, _), _)| at > k && at < end_ix)
            .min()
            .and_then(|(_, i)| image_ix[i])
    };
    // With no better section, GNU ld takes the last one (or none at all).
    let last = sections
        .len()
        .checked_sub(1)
        .map_or(SymSection::Absolute, SymSection::Section);
    // `SEGMENT_START(…) + SIZEOF_HEADERS`, with one program header per section;
    // it only shows when no section precedes the data segment.
    let mut dot = TEXT_SEGMENT + (EHDR_SIZE + PHDR_SIZE * sections.len()) as u64;
    let mut current: Option<usize> = None;
    let mut prefer_next = true;
    // Value and section for the global symbols of sections that stay empty.
    let mut empty_at: Vec<Option<(u64, Option<usize>)>> = std::vec![None; o.sections.len()];
    let mut script_syms: Vec<(&str, u64, SymSection)> = Vec::new();
    for (k, st) in SCRIPT.iter().enumerate() {
        let section_for_dot = |current: Option<usize>, prefer_next: bool| match current {
            Some(c) if !prefer_next => SymSection::Section(c),
            _ => next_kept(k).or(current).map_or(last, SymSection::Section),
        };
        match st {
            Stmt::Out(..) => {
                for sub in 0..2 {
                    for i in (0..o.sections.len()).filter(|&i| slot[i] == Some((k, sub))) {
                        match image_ix[i] {
                            Some(j) => {
                                dot = sections[j].addr + sections[j].size;
                                current = Some(j);
                                prefer_next = false;
                            }
                            None => empty_at[i] = Some((dot, current)),
                        }
                    }
                }
            }
            Stmt::DataSegment => {
                dot = DATA_SEGMENT + (dot & (PAGE - 1));
                prefer_next = true;
            }
            Stmt::Edata => script_syms.push(("_edata", dot, section_for_dot(current, prefer_next))),
            Stmt::BssStart => {
                prefer_next = true;
                script_syms.push(("__bss_start", dot, section_for_dot(current, prefer_next)));
            }
            Stmt::End => {
                // `link` checked every section end rounds up without overflow.
                dot = dot.checked_next_multiple_of(8).unwrap_or(dot);
                prefer_next = true;
                script_syms.push(("_end", dot, section_for_dot(current, prefer_next)));
            }
        }
    }
    let mut locals = Vec::new();
    let mut globals = Vec::new();
    for s in &o.symbols {
        if s.kind == obj::STT_SECTION {
            continue;
        }
        let local = s.binding == Binding::Local;
        if !local && script_syms.iter().any(|(n, ..)| *n == s.name) {
            continue;
        }
        let (value, section) = match s.section {
            // An undefined symbol no relocation needs: GNU ld leaves it out
            // (a needed one is a link error).
            SymSection::Undefined => continue,
            SymSection::Absolute => (s.value, SymSection::Absolute),
            SymSection::Section(k) => {
                let placed = image_ix.get(k).copied().flatten();
                match (placed, empty_at.get(k).copied().flatten()) {
                    (Some(j), _) => (sections[j].addr + s.value, SymSection::Section(j)),
                    (None, Some((dot, prev))) if !local => {
                        let near = prev.or_else(|| slot[k].and_then(|(pos, _)| next_kept(pos)));
                        (dot + s.value, near.map_or(last, SymSection::Section))
                    }
                    _ => continue,
                }
            }
        };
        let sym = ImageSymbol {
            name: s.name.clone(),
            value,
            size: s.size,
            kind: s.kind,
            binding: s.binding,
            section,
        };
        if local {
            locals.push(sym);
        } else {
            globals.push(sym);
        }
    }
    // Without `--entry`, GNU ld asks for `_start` and keeps the request as an
    // undefined symbol when nothing defines it.
    if layout.entry.is_none() && !globals.iter().any(|g| g.name == "_start") {
        globals.push(ImageSymbol {
            name: "_start".into(),
            value: 0,
            size: 0,
            kind: obj::STT_NOTYPE,
            binding: Binding::Global,
            section: SymSection::Undefined,
        });
    }
    for (name, value, section) in script_syms {
        globals.push(ImageSymbol {
            name: name.into(),
            value,
            size: 0,
            kind: obj::STT_NOTYPE,
            binding: Binding::Global,
            section,
        });
    }
    locals.extend(globals);
    locals
}

/// Parses a decimal or `0x` number (for `--entry` and `--section-start`).
pub fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

impl Image {
    /// Writes an ELF64 executable (ET_EXEC): one `PT_LOAD` per section, file
    /// offsets congruent to addresses modulo the page size, plus section headers
    /// and a symbol table so objdump can read it.
    pub fn to_elf(&self) -> Vec<u8> {
        let phnum = self.sections.len();
        let mut out = std::vec![0u8; EHDR_SIZE + PHDR_SIZE * phnum];
        let mut phdrs = Vec::new();
        let mut shstr = Strtab::new();
        let mut shdrs = std::vec![Shdr::default()];
        for s in &self.sections {
            let want = s.addr % PAGE;
            let have = out.len() as u64 % PAGE;
            let pad = (want + PAGE - have) % PAGE;
            out.resize(out.len() + pad as usize, 0);
            let off = out.len() as u64;
            out.extend_from_slice(&s.data);
            let mut fl = 4u32;
            if s.flags & obj::SHF_WRITE != 0 {
                fl |= 2;
            }
            if s.flags & obj::SHF_EXECINSTR != 0 {
                fl |= 1;
            }
            phdrs.push((fl, off, s.addr, s.data.len() as u64, s.size));
            shdrs.push(Shdr {
                name: shstr.add(&s.name),
                sh_type: if s.nobits {
                    obj::SHT_NOBITS
                } else {
                    obj::SHT_PROGBITS
                },
                flags: s.flags,
                addr: s.addr,
                offset: off,
                size: s.size,
                link: 0,
                info: 0,
                align: 16,
                entsize: 0,
            });
        }
        // As GNU ld writes it: the null symbol, a section symbol per section,
        // the local symbols, then (from `sh_info` on) the global ones.
        let mut strtab = Strtab::new();
        let mut syms = std::vec![0u8; SYM_SIZE];
        for (k, s) in self.sections.iter().enumerate() {
            sym_entry(&mut syms, 0, obj::STT_SECTION, k as u16 + 1, s.addr, 0);
        }
        let locals = self
            .symtab
            .iter()
            .take_while(|s| s.binding == Binding::Local)
            .count();
        for s in &self.symtab {
            let shndx = match s.section {
                SymSection::Undefined => 0,
                SymSection::Absolute => SHN_ABS,
                SymSection::Section(i) => i as u16 + 1,
            };
            sym_entry(
                &mut syms,
                strtab.add(&s.name),
                bind_code(s.binding) << 4 | s.kind,
                shndx,
                s.value,
                s.size,
            );
        }
        let first_global = (1 + self.sections.len() + locals) as u32;
        pad_to(&mut out, 8);
        let so = out.len() as u64;
        out.extend_from_slice(&syms);
        let symtab_ix = shdrs.len() as u32;
        shdrs.push(Shdr {
            name: shstr.add(".symtab"),
            sh_type: SHT_SYMTAB,
            flags: 0,
            addr: 0,
            offset: so,
            size: syms.len() as u64,
            link: symtab_ix + 1,
            info: first_global,
            align: 8,
            entsize: SYM_SIZE as u64,
        });
        let to = out.len() as u64;
        out.extend_from_slice(&strtab.data);
        shdrs.push(Shdr {
            name: shstr.add(".strtab"),
            sh_type: SHT_STRTAB,
            flags: 0,
            addr: 0,
            offset: to,
            size: strtab.data.len() as u64,
            link: 0,
            info: 0,
            align: 1,
            entsize: 0,
        });
        finish(
            &mut out,
            shdrs,
            shstr,
            ET_EXEC,
            self.entry,
            EHDR_SIZE as u64,
            phnum as u16,
        );
        for (k, (fl, off, addr, filesz, memsz)) in phdrs.into_iter().enumerate() {
            let p = EHDR_SIZE + PHDR_SIZE * k;
            let mut ph = Vec::with_capacity(PHDR_SIZE);
            ph.extend_from_slice(&PT_LOAD.to_le_bytes());
            ph.extend_from_slice(&fl.to_le_bytes());
            ph.extend_from_slice(&off.to_le_bytes());
            ph.extend_from_slice(&addr.to_le_bytes());
            ph.extend_from_slice(&addr.to_le_bytes());
            ph.extend_from_slice(&filesz.to_le_bytes());
            ph.extend_from_slice(&memsz.to_le_bytes());
            ph.extend_from_slice(&PAGE.to_le_bytes());
            out[p..p + 56].copy_from_slice(&ph);
        }
        out
    }

    /// A flat binary of the named sections (all allocated ones if `names` is
    /// empty): from the lowest start to the highest end, gaps filled with zeros.
    /// Returns the bytes and the address of the first byte.
    pub fn binary(&self, names: &[String]) -> (Vec<u8>, u64) {
        let chosen: Vec<&ImageSection> = self
            .sections
            .iter()
            .filter(|s| names.is_empty() || names.contains(&s.name))
            .collect();
        let Some(lo) = chosen.iter().map(|s| s.addr).min() else {
            return (Vec::new(), 0);
        };
        let hi = chosen
            .iter()
            .filter(|s| !s.nobits)
            .map(|s| s.addr + s.data.len() as u64)
            .max()
            .unwrap_or(lo);
        let mut out = std::vec![0u8; (hi - lo) as usize];
        for s in chosen.iter().filter(|s| !s.nobits) {
            let at = (s.addr - lo) as usize;
            out[at..at + s.data.len()].copy_from_slice(&s.data);
        }
        (out, lo)
    }

    /// The symbol map: one `address name` line per symbol, by address.
    pub fn symbol_map(&self) -> String {
        self.symbols
            .iter()
            .map(|(n, a)| std::format!("{a:016x} {n}\n"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asm::{assemble_text, Options};

    fn object(src: &str) -> Object {
        assemble_text("t.s", src, &Options::default())
            .expect("assembles")
            .object
    }

    #[test]
    fn sections_past_the_address_space_are_errors_not_panics() {
        let o = object("\t.text\n_start:\tnop.m 0\n\t.data\n\tdata8 1\n\tdata1 2\n");
        let at = |sec: &str, addr: u64| Layout {
            section_start: std::vec![(sec.into(), addr)],
            entry: None,
        };
        // A 16-byte bundle that would end past 2^64, and a 9-byte .data whose
        // 8-aligned `_end` would.
        for (sec, addr) in [
            (".text", 0xffff_ffff_ffff_fff8),
            (".data", 0xffff_ffff_ffff_fff0),
        ] {
            match link(&o, &at(sec, addr)) {
                Err(LinkError::AddressSpace { section, .. }) => assert_eq!(section, sec),
                other => panic!("{sec} at {addr:#x}: {other:?}"),
            }
        }
        // Just below still links: .text at ..ffd0, then .data at ..ffe0..ffe9,
        // `_end` at ..fff0.
        let top = link(&o, &at(".text", 0xffff_ffff_ffff_ffd0));
        assert!(top.is_ok(), "{top:?}");
    }

    #[test]
    fn relocatable_file_reads_back() {
        let o = object(
            "\t.text\n\t.global f\nf:\tbr.call.sptk.many b0 = ext\n\t;;\n\t.data\n\tdata8 f\n",
        );
        let bytes = write_rel(&o);
        let e = crate::elf::ElfFile::parse(&bytes).expect("parses");
        assert_eq!(e.header().e_type, 1);
        let names: Vec<String> = (0..e.sections().len())
            .filter_map(|i| e.section_name(i).ok())
            .collect();
        for n in [
            ".text",
            ".rela.text",
            ".data",
            ".rela.data",
            ".bss",
            ".symtab",
            ".strtab",
            ".shstrtab",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
        }
    }

    /// `(name, value, size, binding, type, shndx)` of a symbol.
    type Row = (String, u64, u64, u8, u8, u16);

    /// The executable's symbol table without the null entry, and `sh_info` of
    /// `.symtab`.
    fn exec_symbols(img: &Image) -> (Vec<Row>, u32) {
        let bytes = img.to_elf();
        let e = crate::elf::ElfFile::parse(&bytes).expect("parses");
        let ix = e.find_section_type(SHT_SYMTAB).expect("symtab");
        let rows = e
            .symbols(ix)
            .expect("symbols")
            .into_iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.value,
                    s.size,
                    s.binding(),
                    s.kind(),
                    s.shndx,
                )
            })
            .collect();
        (rows, e.sections()[ix].sh_info)
    }

    #[test]
    fn executable_symbols_keep_binding_type_size_and_section() {
        // `PSR_SP` is an absolute constant equal to `.text`'s address: it must stay
        // absolute so that a disassembler labels the bundle `_start`.
        let o = object(
            "\t.equ PSR_SP, 1 << 20\n\t.global GABS\n\tGABS = 0x10\n\t.text\n\t.global _start\n\t.type _start, @function\n_start:\n\t{ .mib\n\tnop.m 0\n\tnop.i 0\n\tbr.ret.sptk.many b0 ;;\n\t}\n\t.size _start, 16\nlocal:\n\tbr.ret.sptk.many b0\n\t;;\n\t.data\n\t.weak w\n\t.type w, @object\nw:\tdata8 0\n\t.size w, 8\n",
        );
        let layout = Layout {
            section_start: std::vec![(".text".into(), 0x10_0000), (".data".into(), 0x20_0000)],
            entry: None,
        };
        let (rows, first_global) = exec_symbols(&link(&o, &layout).expect("links"));
        let s = |n: &str| -> Row {
            rows.iter()
                .find(|r| r.0 == n)
                .cloned()
                .unwrap_or_else(|| panic!("{n} missing"))
        };
        // Section symbols first (no name, STT_SECTION), one per section, at its address.
        assert_eq!(
            rows[0],
            (String::new(), 0x10_0000, 0, 0, obj::STT_SECTION, 1)
        );
        assert_eq!(
            rows[1],
            (String::new(), 0x20_0000, 0, 0, obj::STT_SECTION, 2)
        );
        assert_eq!(
            s("PSR_SP"),
            ("PSR_SP".into(), 0x10_0000, 0, 0, obj::STT_NOTYPE, SHN_ABS)
        );
        assert_eq!(
            s("local"),
            ("local".into(), 0x10_0010, 0, 0, obj::STT_NOTYPE, 1)
        );
        assert_eq!(
            s("GABS"),
            ("GABS".into(), 0x10, 0, 1, obj::STT_NOTYPE, SHN_ABS)
        );
        assert_eq!(
            s("_start"),
            ("_start".into(), 0x10_0000, 16, 1, obj::STT_FUNC, 1)
        );
        assert_eq!(s("w"), ("w".into(), 0x20_0000, 8, 2, obj::STT_OBJECT, 2));
        // The default script's symbols: `.data` ends the data, `.bss` stays empty.
        assert_eq!(s("_edata").1, 0x20_0008);
        assert_eq!(s("__bss_start").1, 0x20_0008);
        assert_eq!(
            s("_end"),
            ("_end".into(), 0x20_0008, 0, 1, obj::STT_NOTYPE, 2)
        );
        // Locals before globals, `sh_info` at the first global (the null entry counts).
        let locals = rows.iter().take_while(|r| r.3 == 0).count();
        assert!(rows[locals..].iter().all(|r| r.3 != 0));
        assert_eq!(first_global as usize, locals + 1);
    }

    #[test]
    fn script_symbols_follow_the_data_segment_rule() {
        // Only `.text`: the data segment starts at the same offset in its page of
        // region 3, and every script symbol lands in `.text`, the one section.
        let o = object("\t.text\n_start:\n\tbr.ret.sptk.many b0\n\t;;\n\t.data\nempty:\n");
        let layout = Layout {
            section_start: std::vec![(".text".into(), 0x10_0000)],
            entry: None,
        };
        let (rows, _) = exec_symbols(&link(&o, &layout).expect("links"));
        for n in ["_edata", "__bss_start", "_end"] {
            let r = rows.iter().find(|r| r.0 == n).expect(n);
            assert_eq!((r.1, r.5), (0x6000_0000_0000_0010, 1), "{n}");
        }
        // `_start` is local here, so GNU ld's default entry stays undefined; the
        // label of the emptied `.data` goes with its section.
        assert!(rows.iter().any(|r| r.0 == "_start" && r.3 == 1 && r.5 == 0));
        assert!(!rows.iter().any(|r| r.0 == "empty"));
    }

    #[test]
    fn link_applies_relocations_and_relaxes_brl() {
        let o = object("\t.text\n\t.global _start\n_start:\n\t{ .mlx\n\tnop.m 0\n\tbrl.sptk.few far ;;\n\t}\n\t.data\nd:\tdata8 _start + 4\n\t.section .far, \"ax\"\nfar:\tbr.ret.sptk.many b0\n\t;;\n");
        let layout = Layout {
            section_start: std::vec![
                (".text".into(), 0x1000),
                (".data".into(), 0x2000),
                (".far".into(), 0x3000)
            ],
            entry: None,
        };
        let img = link(&o, &layout).expect("links");
        assert_eq!(img.entry, 0x1000);
        let data = img.sections.iter().find(|s| s.name == ".data").unwrap();
        assert_eq!(data.data[..8], 0x1004u64.to_le_bytes());
        let text = img.sections.iter().find(|s| s.name == ".text").unwrap();
        let b = Bundle::from_bytes(text.data[..16].try_into().unwrap());
        assert_eq!(b.template_code(), 0x13, "brl within range becomes MBB br");
        assert_eq!(
            crate::operand::Opnd::TGT25
                .value_of_field(crate::operand::Opnd::TGT25.field(b.slot(2), 0)),
            Some(0x2000)
        );
        assert!(matches!(
            link(
                &object("\tbr.call.sptk.many b0 = nowhere\n"),
                &Layout::default()
            ),
            Err(LinkError::Undefined(_))
        ));
    }
}
