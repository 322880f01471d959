//! Disassembly listings framed exactly as GNU objdump 2.40 frames them:
//! `ia64-linux-gnu-objdump -d FILE` for an ELF64 IA-64 file ([`disasm_elf`]) and
//! `ia64-linux-gnu-objdump -D -b binary -m ia64 --adjust-vma=BASE FILE` for a flat
//! binary ([`disasm_raw`]). The instruction column comes from
//! [`ia64::disasm::bundle_text`]; this module does everything around it.
//!
//! What objdump does, established by running it on purpose-built files (the tests
//! in `tests/disasm_cli.rs` compare every line against it):
//!
//! * **Header.** An empty line, `NAME:     file format elf64-ia64-little` (five
//!   spaces; `binary` for a flat file), an empty line. Each disassembled section
//!   then starts with an empty line and `Disassembly of section .text:`. `-d` shows
//!   the sections with `SHF_EXECINSTR` and file contents, in section header order,
//!   and skips empty ones without a heading. A flat binary is one section `.data`
//!   at the `--adjust-vma` address; an empty flat file prints nothing at all.
//! * **Blocks and symbol lines.** A section is cut at its symbols. Each block
//!   starts with an empty line and `<16 hex digits> <name>:`. The first block's
//!   symbol is looked up at the section start among the symbols of this section
//!   only; when the first symbol lies further in, objdump names the start after it
//!   (`0000000000000000 <late-0x10>:`), and a section without symbols is labelled
//!   with its own name (`<.text>`, `<.data>`). Of several symbols at one address one
//!   line is printed, for the best one in this order: in this section; not named
//!   `*gnu_compiled*`/`*gcc2_compiled*`; not a file name (`*.o`, `*.a`); a
//!   function; an object; not local; global rather than weak; larger `st_size`;
//!   not starting with `.`; then by name. Section and file symbols, undefined
//!   and common symbols, and nameless ones are never used.
//! * **Address column.** The address without leading zeros, right-aligned in a
//!   field whose width is 16 hex digits minus the section end address's leading
//!   zeros rounded so that at least one remains, in steps of four (`   0:`,
//!   `    1000:`, `a000000000000000:`); then a tab. When the section end wraps
//!   past 2^64 the rounding applies to the wrapped value, so addresses lose their
//!   high digits (`fff0:` for a section at `0xfffffffffffffff0`).
//! * **Slot lines.** objdump steps through a bundle slot by slot: the slot number
//!   is `(address & 15) / 6`, the slot's bytes are 6 (slot 0), 6 (slot 1; 10 for
//!   the L+X pair of MLX) or 4 (slot 2). The byte column shows at most 6 bytes as
//!   `xx ` padded with three spaces per missing byte, then a tab, the template
//!   marker column (`[MII] ` on slot 0, six spaces otherwise), the predicate
//!   column (`(p04) ` or six spaces) and the instruction. The last 4 bytes of an
//!   L+X pair go on a continuation line with the address, a tab and the bytes,
//!   with no text. A byte beyond the end of its block prints as a space.
//! * **Zero runs.** Before each slot objdump counts zero bytes up to the end of the
//!   block: 16 or more (IA-64's threshold), or fewer than 3 that reach the end of
//!   the block, print `\t...` and are skipped, in multiples of 4 unless the run
//!   reaches the end. Disassembly then resumes at an address that need not be a
//!   slot start, and the slot rule above applies to it (`0x98` is slot 1 of the
//!   bundle at `0x90`).
//! * **Bundles that cannot be read.** The whole 16-byte bundle must lie inside the
//!   section and, for `-d`, before the next symbol; otherwise objdump prints
//!   `Address 0x<bundle address> is out of bounds.` after the address column, an
//!   empty line, and gives up on the rest of that block (a section whose size is
//!   not a multiple of 16, a symbol inside a bundle).
//! * **Data objects.** With `-d`, a block whose symbol is an `STT_OBJECT` in this
//!   section (and not a function) is dumped as data: 16 bytes a line as `xx `,
//!   four spaces and the bytes as ASCII (`.` for anything outside 0x20..=0x7e).
//! * **Branch targets.** `10 <foo+0x10>`: the address without leading zeros, then
//!   the nearest symbol at or below it (the same preference order, and
//!   `<foo-0x10>` when only later symbols qualify). In a file with relocation
//!   sections a target inside the current section must be named by a symbol of
//!   that section. A file with no usable symbols, and every flat binary, print
//!   `0x10` instead.

use std::cmp::Ordering;
use std::fmt::Write;

use ia64::disasm::{bundle_text, RawAddrs, Symbolizer};
use ia64::elf::{
    ElfError, ElfFile, ET_REL, SHF_EXECINSTR, SHN_ABS, SHN_LORESERVE, SHN_UNDEF, SHT_DYNSYM,
    SHT_NOBITS, SHT_NULL, SHT_REL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL,
    STT_FILE, STT_FUNC, STT_OBJECT, STT_SECTION,
};

/// The format name objdump gives an ELF64 little-endian IA-64 file.
const ELF_FORMAT: &str = "elf64-ia64-little";

/// Zero bytes that objdump skips before a slot (binutils sets 16 for IA-64).
const SKIP_ZEROES: u64 = 16;

/// A zero tail shorter than this at the end of a block is skipped too.
const SKIP_ZEROES_AT_END: u64 = 3;

/// Bytes shown on one line for instructions (the IA-64 disassembler's setting).
const INSN_BYTES_PER_LINE: u64 = 6;

/// Bytes shown on one line for a data object.
const DATA_BYTES_PER_LINE: u64 = 16;

/// One section being disassembled.
struct Section<'a> {
    /// Section header index (0 for a flat binary's only section).
    index: usize,
    /// Name as stored.
    name: String,
    /// Address of the first byte.
    vma: u64,
    /// Contents.
    data: &'a [u8],
}

impl Section<'_> {
    fn size(&self) -> u64 {
        self.data.len() as u64
    }
}

/// A symbol as objdump's disassembler sees it.
#[derive(Clone, Debug)]
struct Sym {
    name: String,
    /// Absolute address.
    value: u64,
    /// Section header index, `None` for an absolute symbol.
    section: Option<usize>,
    /// Name of that section (`*ABS*` for absolute symbols).
    section_name: String,
    function: bool,
    object: bool,
    local: bool,
    global: bool,
    /// `st_size`, used to order symbols at the same address.
    size: u64,
}

/// The symbol table sorted for one section, plus what lookups need.
struct SymTab<'s> {
    syms: &'s [Sym],
    /// The file has relocation sections (BFD's `HAS_RELOC`).
    has_reloc: bool,
}

/// Symbol names and section names are printed with control characters made
/// visible, as objdump does (`^A`, `^?`).
fn sanitized(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push(char::from(c as u8 + 0x40));
            }
            '\u{7f}' => out.push_str("^?"),
            _ => out.push(c),
        }
    }
    out
}

/// File-name symbols by objdump's heuristic: longer than two characters and
/// ending in `.o` or `.a`.
fn looks_like_file(name: &str) -> bool {
    name.len() > 2 && (name.ends_with(".o") || name.ends_with(".a"))
}

fn compiler_marker(name: &str) -> bool {
    name.contains("gnu_compiled") || name.contains("gcc2_compiled")
}

/// objdump's order of symbols for disassembling `section`: by address, then the
/// preference order documented at the top of this module.
fn compare_syms(a: &Sym, b: &Sym, section: &str) -> Ordering {
    // `true` sorts first in each key.
    let first = |x: bool, y: bool| y.cmp(&x);
    a.value
        .cmp(&b.value)
        .then_with(|| first(a.section_name == section, b.section_name == section))
        .then_with(|| first(!compiler_marker(&a.name), !compiler_marker(&b.name)))
        .then_with(|| first(!looks_like_file(&a.name), !looks_like_file(&b.name)))
        .then_with(|| first(a.function, b.function))
        .then_with(|| first(a.object, b.object))
        .then_with(|| first(!a.local, !b.local))
        .then_with(|| first(a.global, b.global))
        .then_with(|| b.size.cmp(&a.size))
        .then_with(|| first(!a.name.starts_with('.'), !b.name.starts_with('.')))
        .then_with(|| a.name.as_bytes().cmp(b.name.as_bytes()))
}

impl SymTab<'_> {
    /// Whether symbol `i` may name an address of `sec`: any symbol, or with
    /// `want_section` only those of `sec` itself.
    fn ok(&self, want_section: bool, i: usize, sec: &Section) -> bool {
        !want_section || self.syms[i].section == Some(sec.index)
    }

    /// objdump's `find_symbol_for_address`: the index of the symbol naming `vma`
    /// while disassembling `sec`, if any. The search deliberately keeps objdump's
    /// quirks: when no symbol lies at or below `vma` it starts from the first
    /// symbol, which then names the address as `sym-0x...`.
    fn find(&self, vma: u64, sec: &Section, require_sec: bool) -> Option<usize> {
        let syms = self.syms;
        let n = syms.len();
        if n == 0 {
            return None;
        }
        // Binary search over (min, max]: ends with min at the last symbol whose
        // value is <= vma, or 0 when there is none.
        let (mut min, mut max) = (0usize, n);
        while min + 1 < max {
            let mid = (max + min) / 2;
            match syms[mid].value.cmp(&vma) {
                Ordering::Greater => max = mid,
                Ordering::Less => min = mid,
                Ordering::Equal => {
                    min = mid;
                    break;
                }
            }
        }
        let mut place = min;
        while place > 0 && syms[place].value == syms[place - 1].value {
            place -= 1;
        }
        // Among the symbols at that value prefer one of this section.
        let mut m = place;
        while m < max && syms[m].value == syms[place].value {
            if self.ok(true, m, sec) {
                return Some(m);
            }
            m += 1;
        }
        let want_section = require_sec
            || (self.has_reloc && vma >= sec.vma && vma < sec.vma.wrapping_add(sec.size()));
        if !self.ok(want_section, place, sec) {
            let mut newplace = n;
            for i in (0..m).rev() {
                if self.ok(want_section, i, sec) {
                    if newplace == n {
                        newplace = i;
                    }
                    if syms[i].value != syms[newplace].value {
                        break;
                    }
                    newplace = i;
                }
            }
            if newplace != n {
                place = newplace;
            } else if let Some(i) = (place + 1..n).find(|&i| self.ok(want_section, i, sec)) {
                place = i;
            }
            if !self.ok(want_section, place, sec) {
                return None;
            }
        }
        Some(place)
    }
}

/// Writes `vma` and the symbol that names it, objdump's
/// `objdump_print_addr_with_sym`: all 16 digits for symbol lines, no leading
/// zeros for branch targets.
fn write_addr_with_sym(
    out: &mut dyn std::fmt::Write,
    vma: u64,
    sym: Option<&Sym>,
    sec: &Section,
    skip_zeroes: bool,
) -> std::fmt::Result {
    if skip_zeroes {
        write!(out, "{vma:x} <")?;
    } else {
        write!(out, "{vma:016x} <")?;
    }
    let (name, base) = match sym {
        Some(s) => (sanitized(&s.name), s.value),
        None => (sanitized(&sec.name), sec.vma),
    };
    out.write_str(&name)?;
    match base.cmp(&vma) {
        Ordering::Equal => {}
        Ordering::Greater => write!(out, "-{:#x}", base - vma)?,
        Ordering::Less => write!(out, "+{:#x}", vma - base)?,
    }
    out.write_char('>')
}

/// Branch targets of an ELF file, named by its symbols.
struct ElfTargets<'s, 'a> {
    tab: &'s SymTab<'s>,
    sec: &'s Section<'a>,
}

impl Symbolizer for ElfTargets<'_, '_> {
    fn write_target(&self, addr: u64, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        if self.tab.syms.is_empty() {
            return RawAddrs.write_target(addr, out);
        }
        let sym = self
            .tab
            .find(addr, self.sec, false)
            .map(|i| &self.tab.syms[i]);
        write_addr_with_sym(out, addr, sym, self.sec, true)
    }
}

/// Characters of the 16-digit address to drop so addresses line up (see the
/// module documentation).
fn skip_addr_chars(sec: &Section) -> usize {
    let end = format!("{:016x}", sec.vma.wrapping_add(sec.size()));
    let mut skip = end.bytes().take_while(|&c| c == b'0').count();
    if skip == end.len() && sec.vma != 0 {
        skip = 0;
    }
    if skip != 0 {
        skip = (skip - 1) & !3;
    }
    skip
}

/// The address column without its tab.
fn write_addr_col(out: &mut String, addr: u64, skip: usize) {
    let full = format!("{addr:016x}");
    let digits = &full[skip..];
    let zeros = digits
        .bytes()
        .take_while(|&c| c == b'0')
        .count()
        .min(digits.len() - 1);
    out.extend(std::iter::repeat_n(' ', zeros));
    out.push_str(&digits[zeros..]);
}

/// How one block of a section is shown.
struct Block<'s, 'a> {
    sec: &'s Section<'a>,
    /// Instructions, or a data object's bytes.
    insns: bool,
    /// Bundles must end at or before this address (`-d` stops at the next
    /// symbol); 0 means no limit, as in objdump.
    stop_vma: u64,
    skip: usize,
    targets: &'s dyn Symbolizer,
}

/// Result of disassembling the slot at one address.
enum SlotOut {
    /// The slot's length in bytes and its text column.
    Text(u64, String),
    /// The bundle could not be read; the bundle address.
    OutOfBounds(u64),
}

impl Block<'_, '_> {
    /// The IA-64 disassembler's step at `addr`: the slot `(addr & 15) / 6` of the
    /// bundle containing `addr`.
    fn slot_at(&self, addr: u64) -> SlotOut {
        let bundle = addr & !0xf;
        let slot = (addr & 0xf) / 6;
        let off = bundle.wrapping_sub(self.sec.vma);
        let len = self.sec.size();
        // The read check of binutils' buffer_read_memory, in its wrapping arithmetic.
        let unreadable = bundle < self.sec.vma
            || off > len
            || off + 16 > len
            || (self.stop_vma != 0
                && (bundle >= self.stop_vma || bundle.wrapping_add(16) > self.stop_vma));
        if unreadable {
            return SlotOut::OutOfBounds(bundle);
        }
        // Readable means off + 16 <= the section size, so this always succeeds.
        let Some(bytes) = usize::try_from(off)
            .ok()
            .and_then(|o| self.sec.data.get(o..o + 16))
            .and_then(|b| <&[u8; 16]>::try_from(b).ok())
        else {
            return SlotOut::OutOfBounds(bundle);
        };
        let bt = bundle_text(bytes, bundle, self.targets);
        let start = slot * 6;
        let line = bt.lines.iter().find(|l| {
            let o = u64::from(l.offset);
            o <= start && start < o + u64::from(l.len)
        });
        let size = match (slot, line) {
            (1, Some(l)) => u64::from(l.len),
            (2, _) => 4,
            _ => 6,
        };
        let mut text = if slot == 0 {
            format!("{} ", bt.marker)
        } else {
            " ".repeat(6)
        };
        if let Some(l) = line {
            if !l.text.starts_with('(') {
                text.push_str("      ");
            }
            text.push_str(&l.text);
        }
        SlotOut::Text(size, text)
    }

    /// objdump's `disassemble_bytes` over section offsets `start..stop`.
    fn write(&self, out: &mut String, start: u64, stop: u64) {
        let data = self.sec.data;
        let byte = |j: u64| data.get(j as usize).copied().unwrap_or(0);
        let per_line = if self.insns {
            INSN_BYTES_PER_LINE
        } else {
            DATA_BYTES_PER_LINE
        };
        let mut at = start;
        while at < stop {
            let zeros = (at..stop).take_while(|&j| byte(j) == 0).count() as u64;
            if zeros >= SKIP_ZEROES || (at + zeros == stop && zeros < SKIP_ZEROES_AT_END) {
                out.push_str("\t...\n");
                at += if at + zeros == stop {
                    zeros
                } else {
                    zeros & !3
                };
                continue;
            }
            let addr = self.sec.vma.wrapping_add(at);
            write_addr_col(out, addr, self.skip);
            out.push_str(":\t");
            let (octets, text) = if self.insns {
                match self.slot_at(addr) {
                    SlotOut::Text(n, t) => (n, t),
                    SlotOut::OutOfBounds(b) => {
                        let _ = writeln!(out, "Address {b:#x} is out of bounds.\n");
                        return;
                    }
                }
            } else {
                let n = DATA_BYTES_PER_LINE.min(stop - at);
                let ascii = (at..at + n)
                    .map(|j| match byte(j) {
                        c @ 0x20..=0x7e => char::from(c),
                        _ => '.',
                    })
                    .collect();
                (n, ascii)
            };
            let mut shown = octets.min(per_line);
            let write_bytes = |out: &mut String, from: u64, to: u64| {
                for j in from..to {
                    if j < stop {
                        let _ = write!(out, "{:02x}", byte(j));
                    }
                    out.push(' ');
                }
            };
            write_bytes(out, at, at + shown);
            for _ in shown..per_line {
                out.push_str("   ");
            }
            out.push_str(if self.insns { "\t" } else { "    " });
            out.push_str(&text);
            while shown < octets {
                out.push('\n');
                write_addr_col(out, addr.wrapping_add(shown), self.skip);
                out.push_str(":\t");
                let next = (shown + per_line).min(octets);
                write_bytes(out, at + shown, at + next);
                shown = next;
            }
            out.push('\n');
            at += octets;
        }
    }
}

/// objdump's `disassemble_section`: the heading, then one block per symbol.
fn write_section(out: &mut String, sec: &Section, tab: &SymTab, disassemble_all: bool) {
    let stop = sec.size();
    if stop == 0 {
        return;
    }
    let _ = write!(out, "\nDisassembly of section {}:\n", sanitized(&sec.name));
    let syms = tab.syms;
    let targets = ElfTargets { tab, sec };
    let skip = skip_addr_chars(sec);
    let mut place = tab.find(sec.vma, sec, true);
    let mut sym = place.map(|i| &syms[i]);
    let mut at = 0u64;
    while at < stop {
        let addr = sec.vma.wrapping_add(at);
        out.push('\n');
        let _ = write_addr_with_sym(out, addr, sym, sec, false);
        out.push_str(":\n");
        let nextsym = match sym {
            Some(s) if s.value > addr => Some(s),
            None => None,
            Some(s) => {
                let mut p = place.unwrap_or(0);
                while p < syms.len()
                    && !(syms[p].section_name == sec.name && syms[p].value > s.value)
                {
                    p += 1;
                }
                place = Some(p);
                syms.get(p)
            }
        };
        let mut next = match (sym, nextsym) {
            (Some(s), _) if s.value > addr => s.value.wrapping_sub(sec.vma),
            (_, None) => stop,
            (_, Some(n)) => n.value.wrapping_sub(sec.vma),
        };
        if next > stop || next <= at {
            next = stop;
        }
        let insns = disassemble_all
            || match sym {
                None => true,
                Some(s) => {
                    s.section != Some(sec.index)
                        || s.value > addr
                        || (!s.object && !compiler_marker(&s.name))
                        || s.function
                }
            };
        let block = Block {
            sec,
            insns,
            stop_vma: if disassemble_all {
                0
            } else {
                sec.vma.wrapping_add(next)
            },
            skip,
            targets: &targets,
        };
        block.write(out, at, next);
        at = next;
        sym = nextsym;
    }
}

/// The symbols objdump uses for disassembly: the static symbol table, or the
/// dynamic one when the static one is empty, without section and file symbols,
/// undefined, common and nameless ones.
fn elf_symbols(elf: &ElfFile) -> Result<Vec<Sym>, ElfError> {
    let mut raw = Vec::new();
    for ty in [SHT_SYMTAB, SHT_DYNSYM] {
        if let Some(i) = elf.find_section_type(ty) {
            raw = elf.symbols(i)?;
            if !raw.is_empty() {
                break;
            }
        }
    }
    let relocatable = elf.header().e_type == ET_REL;
    let mut out = Vec::new();
    for s in raw {
        // binutils keeps section symbols of .plt/.got sections, whose names are
        // the section names.
        let sec_name = match s.shndx {
            SHN_ABS => "*ABS*".to_string(),
            SHN_UNDEF => continue,
            i if i >= SHN_LORESERVE => continue,
            i => elf.section_name(usize::from(i)).unwrap_or_default(),
        };
        let name = if s.kind() == STT_SECTION && s.name.is_empty() {
            sec_name.clone()
        } else {
            s.name.clone()
        };
        let significant = name.starts_with(".plt") || name.starts_with(".got");
        if name.is_empty() || (matches!(s.kind(), STT_SECTION | STT_FILE) && !significant) {
            continue;
        }
        let section = (s.shndx != SHN_ABS).then_some(usize::from(s.shndx));
        let base = match section {
            Some(i) if relocatable => elf.sections().get(i).map_or(0, |h| h.sh_addr),
            _ => 0,
        };
        out.push(Sym {
            name,
            value: base.wrapping_add(s.value),
            section,
            section_name: sec_name,
            function: s.kind() == STT_FUNC,
            object: s.kind() == STT_OBJECT,
            local: s.binding() == STB_LOCAL,
            global: s.binding() == STB_GLOBAL,
            size: if s.kind() == STT_SECTION { 0 } else { s.size },
        });
    }
    Ok(out)
}

/// Whether BFD would mark the file `HAS_RELOC`: it has a relocation section that
/// applies to another section using the static symbol table.
fn has_reloc(elf: &ElfFile) -> bool {
    let symtab = elf.find_section_type(SHT_SYMTAB);
    let secs = elf.sections();
    secs.iter().any(|s| {
        matches!(s.sh_type, SHT_REL | SHT_RELA)
            && Some(s.sh_link as usize) == symtab
            && s.sh_info != 0
            && secs
                .get(s.sh_info as usize)
                .is_some_and(|t| !matches!(t.sh_type, SHT_REL | SHT_RELA | SHT_SYMTAB | SHT_STRTAB))
    })
}

/// `ia64-linux-gnu-objdump -d` of an ELF64 little-endian IA-64 file: every line,
/// as objdump prints it for a file named `file_name`.
pub fn disasm_elf(file_bytes: &[u8], file_name: &str) -> Result<String, ElfError> {
    let elf = ElfFile::parse(file_bytes)?;
    let syms = elf_symbols(&elf)?;
    let has_reloc = has_reloc(&elf);
    let mut out = format!("\n{file_name}:     file format {ELF_FORMAT}\n\n");
    for (index, sh) in elf.sections().iter().enumerate() {
        let code = sh.sh_flags & SHF_EXECINSTR != 0;
        let has_contents = !matches!(
            sh.sh_type,
            SHT_NULL | SHT_NOBITS | SHT_SYMTAB | SHT_DYNSYM | SHT_REL | SHT_RELA
        );
        if index == 0 || !code || !has_contents || sh.sh_size == 0 {
            continue;
        }
        let sec = Section {
            index,
            name: elf.section_name(index)?,
            vma: sh.sh_addr,
            data: elf.section_data(index)?,
        };
        let mut sorted = syms.clone();
        sorted.sort_by(|a, b| compare_syms(a, b, &sec.name));
        write_section(
            &mut out,
            &sec,
            &SymTab {
                syms: &sorted,
                has_reloc,
            },
            false,
        );
    }
    Ok(out)
}

/// `ia64-linux-gnu-objdump -D -b binary -m ia64 --adjust-vma=BASE` of a flat
/// binary named `file_name` whose first byte is at address `base`. An empty file
/// gives no output, as objdump gives none.
pub fn disasm_raw(bytes: &[u8], file_name: &str, base: u64) -> String {
    if bytes.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{file_name}:     file format binary\n\n");
    let sec = Section {
        index: 0,
        name: ".data".to_string(),
        vma: base,
        data: bytes,
    };
    write_section(
        &mut out,
        &sec,
        &SymTab {
            syms: &[],
            has_reloc: false,
        },
        true,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ia64::asm::elfout::{link, write_rel, Layout};
    use ia64::asm::{assemble_text, Object, Options};
    use ia64::elf::{STB_WEAK, STT_NOTYPE};

    /// `src` assembled by the project's assembler, as `ia64pv as` does.
    fn assembled(src: &str) -> Object {
        assemble_text("t.s", src, &Options::default())
            .expect("assembles")
            .object
    }

    /// `src` as a relocatable file (`ia64pv as`).
    fn object(src: &str) -> Vec<u8> {
        write_rel(&assembled(src))
    }

    /// `src` as an executable with `.text` at `text_addr` (`ia64pv as --exec`).
    fn executable(src: &str, text_addr: u64) -> Vec<u8> {
        let layout = Layout {
            section_start: vec![(".text".into(), text_addr)],
            entry: None,
        };
        link(&assembled(src), &layout).expect("links").to_elf()
    }

    /// The source of [`NOPS`].
    const NOPS_SRC: &str = "\t{ .mii\n\tnop.m 0\n\tnop.i 0\n\tnop.i 0 ;;\n\t}\n";

    /// A bundle `nop.m 0; nop.i 0; nop.i 0;;` (template MII with stop).
    const NOPS: [u8; 16] = [1, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 4, 0];

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn address_column_width_follows_section_end() {
        let sec = |vma, len| Section {
            index: 1,
            name: ".t".into(),
            vma,
            data: &NOPS[..len],
        };
        let mut s = String::new();
        write_addr_col(&mut s, 0, skip_addr_chars(&sec(0, 16)));
        assert_eq!(s, "   0");
        s.clear();
        write_addr_col(&mut s, 0x1000, skip_addr_chars(&sec(0x1000, 16)));
        assert_eq!(s, "    1000");
        s.clear();
        write_addr_col(
            &mut s,
            0xa000_0000_0000_0010,
            skip_addr_chars(&sec(0xa000_0000_0000_0000, 16)),
        );
        assert_eq!(s, "a000000000000010");
        // The end wraps to 0x0: nothing is skipped.
        s.clear();
        write_addr_col(
            &mut s,
            0xffff_ffff_ffff_fff0,
            skip_addr_chars(&sec(0xffff_ffff_ffff_fff0, 16)),
        );
        assert_eq!(s, "fffffffffffffff0");
    }

    #[test]
    fn symbols_at_one_address_prefer_global_function() {
        let mk = |name: &str, binding, kind| Sym {
            name: name.into(),
            value: 0x10,
            section: Some(1),
            section_name: ".text".into(),
            function: kind == STT_FUNC,
            object: kind == STT_OBJECT,
            local: binding == STB_LOCAL,
            global: binding == STB_GLOBAL,
            size: 0,
        };
        let mut v = [
            mk(".dot", STB_GLOBAL, STT_NOTYPE),
            mk("local", STB_LOCAL, STT_NOTYPE),
            mk("weak", STB_WEAK, STT_NOTYPE),
            mk("glob", STB_GLOBAL, STT_NOTYPE),
            mk("func", STB_LOCAL, STT_FUNC),
            mk("x.o", STB_GLOBAL, STT_FUNC),
        ];
        v.sort_by(|a, b| compare_syms(a, b, ".text"));
        let names: Vec<&str> = v.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["func", "glob", ".dot", "weak", "local", "x.o"]);
    }

    #[test]
    fn elf_listing_frames_blocks_and_zero_runs() {
        // A bundle, 32 zero bytes, a bundle, and half a bundle's bytes at `tail`.
        let src = format!(
            "\t.text\n\t.global start\n\t.type start, @function\nstart:\nstart_alias:\n\
             {NOPS_SRC}\t.skip 32\n{NOPS_SRC}tail:\tdata1 1, 0, 0, 0, 1, 0, 0, 0\n"
        );
        let out = disasm_elf(&object(&src), "t.o").expect("valid file");
        let l = lines(&out);
        assert_eq!(
            &l[..7],
            [
                "",
                "t.o:     file format elf64-ia64-little",
                "",
                "",
                "Disassembly of section .text:",
                "",
                "0000000000000000 <start>:"
            ]
        );
        assert!(
            l[7].starts_with("   0:\t01 00 00 00 01 00 \t[MII] "),
            "{}",
            l[7]
        );
        assert!(
            l[8].starts_with("   6:\t00 00 00 02 00 00 \t      "),
            "{}",
            l[8]
        );
        assert!(
            l[9].starts_with("   c:\t00 00 04 00       \t      "),
            "{}",
            l[9]
        );
        assert_eq!(l[10], "\t...");
        assert!(
            l[11].starts_with("  30:\t01 00 00 00 01 00 \t[MII] "),
            "{}",
            l[11]
        );
        assert_eq!(
            &l[14..],
            [
                "",
                "0000000000000040 <tail>:",
                "  40:\tAddress 0x40 is out of bounds.",
                ""
            ]
        );
    }

    #[test]
    fn data_objects_are_dumped_as_bytes_and_ascii() {
        let src = format!(
            "\t.text\n\t.global f, table\n\t.type f, @function\n\t.type table, @object\n\
             f:\n{NOPS_SRC}table:\tdata1 0x41, 0x42, 0, 0x7f\n\t.ascii \"0123456789abcdefgh\"\n\
             \t.size table, 22\n"
        );
        let out = disasm_elf(&object(&src), "x").expect("valid file");
        let l = lines(&out);
        assert_eq!(l[l.len() - 3], "0000000000000010 <table>:");
        assert_eq!(
            l[l.len() - 2],
            "  10:\t41 42 00 7f 30 31 32 33 34 35 36 37 38 39 61 62     AB..0123456789ab"
        );
        assert_eq!(
            l[l.len() - 1],
            "  20:\t63 64 65 66 67 68                                   cdefgh"
        );
    }

    /// In an executable, symbol values are addresses (in a relocatable file they
    /// are section offsets): labels and branch targets must not add the section
    /// address again.
    #[test]
    fn executable_symbols_are_addresses() {
        let src = format!(
            "\t.text\n\t.global f, g\n\t.type f, @function\nf:\n{NOPS_SRC}\
             g:\t{{ .mib\n\tnop.m 0\n\tnop.i 0\n\tbr.few f ;;\n\t}}\n"
        );
        let out = disasm_elf(&executable(&src, 0x4000), "x").expect("valid file");
        let l = lines(&out);
        assert_eq!(l[6], "0000000000004000 <f>:");
        assert!(
            l[7].starts_with("    4000:\t01 00 00 00 01 00 \t[MII] "),
            "{}",
            l[7]
        );
        assert_eq!(l[11], "0000000000004010 <g>:");
        assert!(l[14].ends_with("br.few 4000 <f>;;"), "{}", l[14]);
        assert_eq!(l.len(), 15, "{out}");
    }

    #[test]
    fn first_label_names_a_later_symbol_or_the_section() {
        let section = "\t.section .text.a, \"ax\", @progbits\n";
        let out = disasm_elf(
            &object(&format!(
                "{section}{NOPS_SRC}\t.global late\nlate:\n{NOPS_SRC}"
            )),
            "a.o",
        )
        .expect("valid");
        assert!(out.contains("\n0000000000000000 <late-0x10>:\n"), "{out}");
        assert!(out.contains("\n0000000000000010 <late>:\n"), "{out}");
        let out =
            disasm_elf(&object(&format!("{section}{NOPS_SRC}{NOPS_SRC}")), "a.o").expect("valid");
        assert!(out.contains("\n0000000000000000 <.text.a>:\n"), "{out}");
    }

    /// A weak symbol read from the file ranks below a global one and above a
    /// local one at the same address; the names are chosen so that the name
    /// tie-break alone would pick the other symbol.
    #[test]
    fn weak_symbols_rank_between_global_and_local() {
        let src = format!(
            "\t.text\n\t.weak a_weak, z_weak\n\t.global z_glob\n\
             a_weak:\nz_glob:\n{NOPS_SRC}a_local:\nz_weak:\n{NOPS_SRC}"
        );
        let out = disasm_elf(&object(&src), "w.o").expect("valid");
        let labels: Vec<&str> = lines(&out)
            .into_iter()
            .filter(|l| l.ends_with(">:"))
            .collect();
        assert_eq!(
            labels,
            ["0000000000000000 <z_glob>:", "0000000000000010 <z_weak>:"]
        );
    }

    #[test]
    fn raw_listing_wraps_and_stops_at_partial_bundle() {
        assert_eq!(disasm_raw(&[], "e.bin", 0), "");
        let mut b = NOPS.to_vec();
        b.extend([1, 2, 3]);
        let out = disasm_raw(&b, "r.bin", 0xffff_ffff_ffff_fff0);
        let l = lines(&out);
        assert_eq!(
            &l[..7],
            [
                "",
                "r.bin:     file format binary",
                "",
                "",
                "Disassembly of section .data:",
                "",
                "fffffffffffffff0 <.data>:"
            ]
        );
        assert!(
            l[7].starts_with("fff0:\t01 00 00 00 01 00 \t[MII] "),
            "{}",
            l[7]
        );
        assert_eq!(&l[10..], ["   0:\tAddress 0x0 is out of bounds.", ""]);
    }

    #[test]
    fn short_zero_tail_is_skipped_and_longer_one_is_not() {
        let mut b = NOPS.to_vec();
        b.extend([0, 0]);
        assert!(disasm_raw(&b, "z", 0).ends_with("\n\t...\n"));
        b.push(0);
        assert!(disasm_raw(&b, "z", 0).ends_with("  10:\tAddress 0x10 is out of bounds.\n\n"));
    }

    #[test]
    fn non_ia64_file_is_an_error() {
        let mut b = object(NOPS_SRC);
        assert!(disasm_elf(&b, "x").is_ok());
        // e_machine (offset 0x12) patched to x86-64.
        b[18] = 62;
        assert!(matches!(
            disasm_elf(&b, "x"),
            Err(ElfError::WrongMachine { machine: 62, .. })
        ));
        assert!(matches!(
            disasm_elf(b"#!/bin/sh\n", "x"),
            Err(ElfError::BadMagic {
                found: [b'#', b'!', b'/', b'b']
            })
        ));
        assert!(matches!(
            disasm_elf(b"\x7fEL", "x"),
            Err(ElfError::Truncated {
                offset: 0,
                need: 16,
                ..
            })
        ));
    }
}
