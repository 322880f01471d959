//! Conformance of the assembler against GNU binutils 2.40 (`ia64-linux-gnu-as
//! -xexplicit`, `objdump`, `ld`).
//!
//! * Directive, macro, expression and IA-64-directive corpora (`tests/asm_data/*.s`):
//!   `objdump -d -r` of our object equals GNU as's; `.text` and `.data` bytes and
//!   the symbol table (`nm`) are identical; our object linked by GNU ld equals GNU
//!   ld's link of GNU as's object; our direct executable (`link`) has the same
//!   loadable bytes and entry as that link, the same symbol table (`nm -n`) and
//!   the same `objdump -d` text (labels included).
//! * Every instruction form (the ISA corpus, [`ia64::corpus::cases`]), written once
//!   in explicit bundles and once as a plain stream that the assembler must bundle
//!   itself (with stops and labels sprinkled in): identical objects.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ia64::asm::elfout::{self, Layout};
use ia64::asm::{assemble, Options, Source};
use ia64::corpus::cases;
use ia64::elf::ElfFile;
use ia64::table;

fn ours(src: &Path, out: &Path) -> Result<ia64::asm::Object, String> {
    let text = std::fs::read_to_string(src).map_err(|e| e.to_string())?;
    let a = assemble(
        &[Source {
            name: src.display().to_string(),
            text,
        }],
        &Options::default(),
    )
    .map_err(|d| d.render())?;
    std::fs::write(out, elfout::write_rel(&a.object)).map_err(|e| e.to_string())?;
    Ok(a.object)
}

fn objdump_dr(obj: &Path) -> String {
    let t = common::run(
        "ia64-linux-gnu-objdump",
        &["-d", "-r", &obj.to_string_lossy()],
    )
    .expect("objdump");
    // Drop the line naming the file.
    t.lines().skip(2).collect::<Vec<_>>().join("\n")
}

/// `objdump -d` of an executable, without the line naming the file.
fn objdump_d(exe: &Path) -> String {
    let t =
        common::run("ia64-linux-gnu-objdump", &["-d", &exe.to_string_lossy()]).expect("objdump");
    t.lines().skip(2).collect::<Vec<_>>().join("\n")
}

/// The lines of `ld` (GNU ld's link) and `ours` that differ, position by
/// position (at most 40), and the line counts.
fn line_diff(ld: &str, ours: &str) -> String {
    let mut out = format!(
        "({} vs {} lines)\n",
        ld.lines().count(),
        ours.lines().count()
    );
    let (a, b): (Vec<&str>, Vec<&str>) = (ld.lines().collect(), ours.lines().collect());
    let mut shown = 0;
    for k in 0..a.len().max(b.len()) {
        let (x, y) = (
            a.get(k).copied().unwrap_or(""),
            b.get(k).copied().unwrap_or(""),
        );
        if x != y && shown < 40 {
            out.push_str(&format!("  ld:   {x}\n  ours: {y}\n"));
            shown += 1;
        }
    }
    out
}

fn section_bytes(obj: &Path, sec: &str, dir: &Path, tag: &str) -> Vec<u8> {
    let bin = dir.join(format!("{tag}{sec}.bin"));
    let _ = std::fs::remove_file(&bin);
    let r = common::run(
        "ia64-linux-gnu-objcopy",
        &[
            "-O",
            "binary",
            "-j",
            sec,
            &obj.to_string_lossy(),
            &bin.to_string_lossy(),
        ],
    );
    if r.is_err() {
        return Vec::new();
    }
    std::fs::read(&bin).unwrap_or_default()
}

fn nm(obj: &Path) -> String {
    common::run("ia64-linux-gnu-nm", &["-n", &obj.to_string_lossy()]).expect("nm")
}

/// The loadable bytes of an executable: every `PT_LOAD` segment's file bytes at
/// their addresses, and the entry point.
fn loadable(path: &Path) -> (BTreeMap<u64, Vec<u8>>, u64) {
    let d = std::fs::read(path).expect("read executable");
    let f = ElfFile::parse(&d).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let segs = f
        .segments()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_iter()
        .filter(|s| !s.data.is_empty())
        .map(|s| (s.vaddr, s.data.to_vec()))
        .collect();
    (segs, f.header().e_entry)
}

/// Flattens segments into (address → byte) runs so that segmentation differences
/// (one segment per section or several sections per segment) do not matter.
fn memory(segs: &BTreeMap<u64, Vec<u8>>) -> BTreeMap<u64, u8> {
    let mut m = BTreeMap::new();
    for (a, b) in segs {
        for (k, &x) in b.iter().enumerate() {
            m.insert(a + k as u64, x);
        }
    }
    m
}

#[test]
fn directive_corpora_match_gnu_as_and_ld() {
    if !common::binutils("directive_corpora_match_gnu_as_and_ld") {
        return;
    }
    let files = common::asm_data("");
    assert!(files.len() >= 4, "corpus files missing");
    let mut failures = Vec::new();
    for src in &files {
        let stem = src.file_stem().unwrap().to_string_lossy().to_string();
        let dir = common::scratch(&format!("asm-{stem}"));
        let gas_o = dir.join("gas.o");
        let our_o = dir.join("our.o");
        if let Err((_, m)) = common::gas(src, &gas_o) {
            panic!("{stem}: GNU as rejected the corpus:\n{m}");
        }
        let obj = match ours(src, &our_o) {
            Ok(o) => o,
            Err(m) => {
                failures.push(format!("{stem}: our assembler failed:\n{m}"));
                continue;
            }
        };
        let (g, o) = (objdump_dr(&gas_o), objdump_dr(&our_o));
        if g != o {
            failures.push(format!(
                "{stem}: objdump -d -r differs\n--- gas\n{g}\n--- ours\n{o}"
            ));
        }
        for sec in [".text", ".data"] {
            if section_bytes(&gas_o, sec, &dir, "gas") != section_bytes(&our_o, sec, &dir, "our") {
                failures.push(format!("{stem}: {sec} bytes differ"));
            }
        }
        if nm(&gas_o) != nm(&our_o) {
            failures.push(format!(
                "{stem}: symbol tables differ\n--- gas\n{}\n--- ours\n{}",
                nm(&gas_o),
                nm(&our_o)
            ));
        }
        // Link both with every allocated section placed explicitly.
        let mut starts = Vec::new();
        let mut addr = 0x10_0000u64;
        for s in &obj.sections {
            if s.flags & ia64::asm::object::SHF_ALLOC != 0 && s.size > 0 {
                starts.push((s.name.clone(), addr));
                addr += 0x10_0000;
            }
        }
        let entry = obj
            .symbols
            .iter()
            .find(|s| {
                s.binding != ia64::asm::object::Binding::Local
                    && s.section == ia64::asm::object::SymSection::Section(0)
            })
            .map(|s| s.name.clone());
        let mut ld_args: Vec<String> = Vec::new();
        for (n, a) in &starts {
            ld_args.push(format!("--section-start={n}={a:#x}"));
        }
        if let Some(e) = &entry {
            ld_args.push(format!("--entry={e}"));
        }
        let link = |obj: &Path, out: &Path| -> Result<String, String> {
            let mut a = ld_args.clone();
            a.extend([
                "-o".into(),
                out.to_string_lossy().into(),
                obj.to_string_lossy().into(),
            ]);
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            common::run("ia64-linux-gnu-ld", &a)
        };
        let (gas_x, our_x, direct_x) = (dir.join("gas.x"), dir.join("our.x"), dir.join("direct.x"));
        if let Err(e) = link(&gas_o, &gas_x) {
            panic!("{stem}: GNU ld failed on GNU as's object: {e}");
        }
        if let Err(e) = link(&our_o, &our_x) {
            failures.push(format!("{stem}: GNU ld failed on our object: {e}"));
            continue;
        }
        let (gl, ge) = loadable(&gas_x);
        let (ol, oe) = loadable(&our_x);
        if memory(&gl) != memory(&ol) || ge != oe {
            failures.push(format!("{stem}: GNU ld's links of the two objects differ"));
        }
        let layout = Layout {
            section_start: starts.clone(),
            entry: entry.clone(),
        };
        match elfout::link(&obj, &layout) {
            Ok(img) => {
                std::fs::write(&direct_x, img.to_elf()).unwrap();
                let (dl, de) = loadable(&direct_x);
                // GNU ld's first segment also maps the ELF headers: compare the
                // bytes of the sections' address ranges.
                let inside = |m: BTreeMap<u64, u8>| -> BTreeMap<u64, u8> {
                    m.into_iter()
                        .filter(|(a, _)| {
                            img.sections
                                .iter()
                                .any(|s| *a >= s.addr && *a < s.addr + s.data.len() as u64)
                        })
                        .collect()
                };
                let (dm, gm) = (memory(&dl), inside(memory(&gl)));
                if dm != gm || de != ge {
                    failures.push(format!(
                        "{stem}: direct executable differs from GNU ld's link (entry {de:#x} vs {ge:#x}, {} vs {} bytes)",
                        dm.len(),
                        gm.len()
                    ));
                }
                // The symbol table: binding, type, section and value of every
                // symbol (`nm -n`), and the labels objdump picks from it.
                let (gn, dn) = (nm(&gas_x), nm(&direct_x));
                if gn != dn {
                    failures.push(format!(
                        "{stem}: direct executable: nm -n differs from GNU ld's link\n{}",
                        line_diff(&gn, &dn)
                    ));
                }
                let (gd, dd) = (objdump_d(&gas_x), objdump_d(&direct_x));
                if gd != dd {
                    failures.push(format!(
                        "{stem}: direct executable: objdump -d differs from GNU ld's link\n{}",
                        line_diff(&gd, &dd)
                    ));
                }
            }
            Err(e) => failures.push(format!("{stem}: direct link failed: {e}")),
        }
    }
    for f in &failures {
        eprintln!("{f}\n");
    }
    assert!(failures.is_empty(), "{} failure(s)", failures.len());
}

/// One generated line, the range of source lines it spans.
struct Line {
    text: String,
    first: usize,
    last: usize,
}

/// Assembles `lines` with gas, dropping lines it rejects; returns the source.
fn accepted_source(name: &str, header: &str, lines: &mut Vec<Line>, dir: &Path) -> PathBuf {
    let src = dir.join(format!("{name}.s"));
    let obj = dir.join(format!("{name}-probe.o"));
    for _ in 0..6 {
        let mut text = String::from(header);
        let mut n = header.lines().count() + 1;
        for l in lines.iter_mut() {
            l.first = n;
            n += l.text.lines().count();
            l.last = n - 1;
            text.push_str(&l.text);
        }
        std::fs::write(&src, &text).unwrap();
        // Which lines gas rejects does not depend on -x; -xnone skips the
        // dependency analysis that takes minutes here. The comparison itself
        // (`compare`) assembles with -xexplicit.
        match common::gas_mode(&src, &obj, "-xnone") {
            Ok(()) => return src,
            Err((bad, msg)) => {
                let msg: String = msg
                    .lines()
                    .filter(|l| l.contains("Error"))
                    .take(20)
                    .collect::<Vec<_>>()
                    .join("\n");
                assert!(!bad.is_empty(), "gas failed without line numbers:\n{msg}");
                lines.retain(|l| !bad.iter().any(|&b| b >= l.first && b <= l.last));
            }
        }
    }
    panic!("{name}: gas still rejects the corpus");
}

fn compare(name: &str, src: &Path, dir: &Path) -> Vec<String> {
    let gas_o = dir.join(format!("{name}-gas.o"));
    let our_o = dir.join(format!("{name}-our.o"));
    if let Err((lines, msg)) = common::gas(src, &gas_o) {
        let head: String = msg
            .lines()
            .filter(|l| l.contains("Error"))
            .take(10)
            .collect::<Vec<_>>()
            .join("\n");
        return vec![format!(
            "{name}: GNU as failed on the accepted source (lines {:?}…):\n{head}",
            &lines[..lines.len().min(10)]
        )];
    }
    let mut failures = Vec::new();
    if let Err(m) = ours(src, &our_o) {
        let first: String = m.lines().take(40).collect::<Vec<_>>().join("\n");
        failures.push(format!("{name}: our assembler failed:\n{first}"));
        return failures;
    }
    let (g, o) = (objdump_dr(&gas_o), objdump_dr(&our_o));
    if g != o {
        let diffs: Vec<String> = g
            .lines()
            .zip(o.lines())
            .filter(|(a, b)| a != b)
            .take(30)
            .map(|(a, b)| format!("  gas:  {a}\n  ours: {b}"))
            .collect();
        failures.push(format!(
            "{name}: objdump -d -r differs ({} vs {} lines):\n{}",
            g.lines().count(),
            o.lines().count(),
            diffs.join("\n")
        ));
    }
    if section_bytes(&gas_o, ".text", dir, &format!("{name}g"))
        != section_bytes(&our_o, ".text", dir, &format!("{name}o"))
    {
        failures.push(format!("{name}: .text bytes differ"));
    }
    failures
}

#[test]
fn every_form_assembles_as_gnu_as_does() {
    if !common::binutils("every_form_assembles_as_gnu_as_does") {
        return;
    }
    let dir = common::scratch("asm-forms");
    // 1. Explicit bundles, one case per bundle, as the ISA conformance test writes them.
    let mut braced = Vec::new();
    let mut n = 0usize;
    for (id, f) in table::all() {
        for insn in cases(id, f) {
            let text = common::render(&insn, n);
            braced.push(Line {
                text: common::braced_bundle(n, &insn, &text),
                first: 0,
                last: 0,
            });
            n += 1;
        }
    }
    let src = accepted_source("braced", "\t.text\n", &mut braced, &dir);
    let mut failures = compare("braced", &src, &dir);
    // 2. The same instructions as a plain stream: our packer must choose GNU as's
    //    templates, nops and stops. Targets are relative to one label at the start.
    let mut plain = Vec::new();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for (id, f) in table::all() {
        for insn in cases(id, f) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut t = format!("\t{}\n", common::render(&insn, 0));
            match seed % 8 {
                0 => t.push_str("\t;;\n"),
                1 => t = format!("M{}:\n{t}", plain.len()),
                _ => {}
            }
            plain.push(Line {
                text: t,
                first: 0,
                last: 0,
            });
        }
    }
    let src = accepted_source("plain", "\t.text\nL0:\n", &mut plain, &dir);
    failures.extend(compare("plain", &src, &dir));
    eprintln!(
        "forms: {} braced cases, {} plain lines",
        braced.len(),
        plain.len()
    );
    for f in &failures {
        eprintln!("{f}\n");
    }
    assert!(failures.is_empty(), "{} failure(s)", failures.len());
}

/// Section types and flags as GNU as gives them: the short-data prefixes
/// (`.sdata*`, `.sbss*`: allocated, writable, `SHF_IA_64_SHORT`, and no file
/// space for `.sbss*`, whatever flags `.section` names), the `s` flag letter,
/// and names without a special meaning, which keep exactly the flags given.
#[test]
fn section_kinds_match_gnu_as() {
    if !common::binutils("section_kinds_match_gnu_as") {
        return;
    }
    let dir = common::scratch("asm-section-kinds");
    let src = dir.join("kinds.s");
    std::fs::write(
        &src,
        "\t.section .sdata,\"aw\"\n\tdata8 1\n\t.sbss\n\t.skip 8\n\t.section .sdata.x\n\tdata1 1\n\
         \t.section .sdata2,\"aw\"\n\tdata1 1\n\t.section .sbssx,\"aw\",@nobits\n\t.skip 1\n\
         \t.section .sbssy,\"aw\"\n\t.skip 1\n\t.section .sdatafoo,\"a\"\n\tdata1 1\n\
         \t.section .foo,\"aws\"\n\tdata1 1\n\t.section .datax,\"a\"\n\tdata1 1\n\
         \t.section .bssq,\"a\"\n\t.skip 1\n\t.section .gnu.linkonce.s.x,\"aw\"\n\tdata1 1\n",
    )
    .expect("write the source");
    let kinds = |obj: &Path| -> Vec<(String, u32, u64)> {
        let bytes = std::fs::read(obj).expect("read the object");
        let f = ElfFile::parse(&bytes).expect("parse the object");
        (1..f.sections().len())
            .map(|i| {
                let sh = f.sections()[i];
                (f.section_name(i).expect("name"), sh.sh_type, sh.sh_flags)
            })
            .filter(|(n, ..)| !matches!(n.as_str(), ".symtab" | ".strtab" | ".shstrtab"))
            .collect()
    };
    let gas_o = dir.join("gas.o");
    let our_o = dir.join("our.o");
    common::gas(&src, &gas_o).unwrap_or_else(|(_, m)| panic!("GNU as: {m}"));
    ours(&src, &our_o).expect("our assembler");
    let (g, o) = (kinds(&gas_o), kinds(&our_o));
    assert!(
        g.iter().any(|k| k.2 & 0x1000_0000 != 0),
        "the corpus has short data: {g:?}"
    );
    assert_eq!(o, g);
}
