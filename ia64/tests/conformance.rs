//! Conformance of the instruction table against GNU binutils 2.40.
//!
//! For every row of the table, instructions are generated with each operand at its
//! minimum, maximum, zero and negative values (one operand varied at a time), every
//! completer value and a predicated variant. Each goes in its own bundle, is
//! assembled with `ia64-linux-gnu-as -xexplicit` and disassembled with
//! `ia64-linux-gnu-objdump`, and for every one:
//! * our encoder reproduces GNU as's bits,
//! * our disassembly equals objdump's line,
//! * decoding GNU as's bits and encoding the result gives the same bits.
//!
//! Lines gas rejects (a register pair it forbids, say) are dropped and counted; a
//! row with no accepted line at all fails. `IA64_SLICE=a|i|m_mem|m_sys|b|f|x` and
//! `IA64_FORM=prefix` narrow the run while developing.

mod common;

use std::fmt::Write as _;

use ia64::bundle::{Bundle, SlotUnit};
use ia64::corpus::{cases, layout};
use ia64::decode::{decode_slot, Instruction};
use ia64::disasm::write_insn;
use ia64::encode::encode;
use ia64::form::{Flags, Form, Unit};
use ia64::table::{self, FormId};

const SLICE_NAMES: [&str; 7] = ["a", "i", "m_mem", "m_sys", "b", "f", "x"];

struct Case {
    insn: Instruction,
    slot: usize,
    text: String,
    first_line: usize,
    last_line: usize,
}

fn source(cases: &mut [Case]) -> String {
    let mut src = String::from("\t.text\n");
    let mut line = 2;
    for (n, c) in cases.iter_mut().enumerate() {
        let (_, slot) = layout(c.insn.form());
        c.slot = slot;
        let text = common::render(&c.insn, n);
        let bundle = common::braced_bundle(n, &c.insn, &text);
        c.first_line = line;
        // The brace lines and one per slot; the closing brace is the last line.
        line += bundle.lines().count() - 1;
        src.push_str(&bundle);
        c.last_line = line;
        line += 1;
        c.text = text;
    }
    src
}

/// The filtered rows and their cases, assembled: the accepted cases, the `.text`
/// bytes (one bundle per case), objdump's lines, and what gas rejected.
struct Corpus {
    rows: Vec<FormId>,
    cases: Vec<Case>,
    bytes: Vec<u8>,
    objdump: Vec<(u64, String)>,
    rejected: Vec<(FormId, String)>,
    filtered: bool,
}

fn corpus(name: &str) -> Corpus {
    let slice = std::env::var("IA64_SLICE").ok();
    let prefix = std::env::var("IA64_FORM").ok();
    let mut cases_all = Vec::new();
    let mut rows = Vec::new();
    for (id, f) in table::all() {
        let s = SLICE_NAMES[(id.0 >> 12) as usize];
        if slice.as_deref().is_some_and(|want| want != s) {
            continue;
        }
        if prefix.as_deref().is_some_and(|p| !f.name.starts_with(p)) {
            continue;
        }
        rows.push(id);
        for insn in cases(id, f) {
            cases_all.push(Case {
                insn,
                slot: 0,
                text: String::new(),
                first_line: 0,
                last_line: 0,
            });
        }
    }
    let dir = common::scratch(name);
    let src_path = dir.join("corpus.s");
    let obj = dir.join("corpus.o");
    let mut rejected: Vec<(FormId, String)> = Vec::new();
    // Drop the lines gas rejects, then assemble again.
    let mut cases = cases_all;
    for _round in 0..4 {
        let src = source(&mut cases);
        std::fs::write(&src_path, &src).unwrap();
        match common::gas_mode(&src_path, &obj, "-xnone") {
            Ok(()) => break,
            Err((bad, msg)) => {
                assert!(!bad.is_empty(), "gas failed without line numbers:\n{msg}");
                let before = cases.len();
                cases.retain(|c| {
                    let hit = bad.iter().any(|&l| l >= c.first_line && l <= c.last_line);
                    if hit {
                        rejected.push((c.insn.form, c.text.clone()));
                    }
                    !hit
                });
                assert!(
                    cases.len() < before,
                    "gas rejected lines outside any case:\n{msg}"
                );
            }
        }
    }
    let src = source(&mut cases);
    std::fs::write(&src_path, &src).unwrap();
    if let Err((_, msg)) = common::gas_mode(&src_path, &obj, "-xnone") {
        panic!("corpus still rejected after dropping lines:\n{msg}");
    }
    let bytes = common::text_bytes(&obj, &dir);
    assert_eq!(bytes.len(), cases.len() * 16, "one bundle per case");
    let objdump = common::objdump_raw(&dir.join("text.bin"));
    Corpus {
        rows,
        cases,
        bytes,
        objdump,
        rejected,
        filtered: slice.is_some() || prefix.is_some(),
    }
}

/// The unit type of the slot a case sits in, and the offset of its objdump line.
fn slot_of(f: &Form, slot: usize) -> (SlotUnit, u64) {
    let unit = match f.unit {
        Unit::A | Unit::M if slot == 0 => SlotUnit::M,
        Unit::A | Unit::I => SlotUnit::I,
        Unit::M => SlotUnit::M,
        Unit::F => SlotUnit::F,
        Unit::B => SlotUnit::B,
        Unit::X => SlotUnit::X,
    };
    let off = match slot {
        0 => 0,
        1 => 6,
        _ if f.unit == Unit::X => 6,
        _ => 12,
    };
    (unit, off)
}

/// Encodes every case of a row with our encoder (other slots zero: `break`),
/// disassembles with objdump and compares; returns the number of cases.
fn objdump_only_check(id: FormId) -> Result<usize, String> {
    let f = id.form();
    let (tmpl, slot) = layout(f);
    let code = match tmpl {
        ".mmi" => 0x08,
        ".mii" => 0x00,
        ".mfi" => 0x0c,
        ".mib" => 0x10,
        _ => 0x04,
    };
    let mut raw = Vec::new();
    let mut insns = Vec::new();
    for insn in cases(id, f) {
        let e = encode(&insn).map_err(|e| e.to_string())?;
        let mut b = Bundle::new(code, [0; 3]).with_slot(slot, e.slot);
        if let Some(l) = e.lslot {
            b = b.with_slot(1, l);
        }
        raw.extend_from_slice(&b.to_bytes());
        insns.push(insn);
    }
    let dir = common::scratch(&format!("objdump-only-{}", id.0));
    let bin = dir.join("row.bin");
    std::fs::write(&bin, &raw).unwrap();
    let theirs: std::collections::HashMap<u64, String> =
        common::objdump_raw(&bin).into_iter().collect();
    for (n, chunk) in raw.chunks_exact(16).enumerate() {
        let addr = n as u64 * 16;
        let t = ia64::disasm::bundle_text(chunk.try_into().unwrap(), addr, &ia64::disasm::RawAddrs);
        let (_, off) = slot_of(f, slot);
        let ours = t
            .lines
            .iter()
            .find(|l| l.offset as u64 == off)
            .map(|l| l.text.clone());
        let want = theirs.get(&(addr + off)).cloned();
        if ours != want {
            return Err(format!("objdump {want:?}, ours {ours:?}"));
        }
        let b = Bundle::from_bytes(chunk.try_into().unwrap());
        let (unit, _) = slot_of(f, slot);
        let d =
            decode_slot(unit, b.slot(slot), b.slot(1), slot as u8).map_err(|e| e.to_string())?;
        let e = encode(&d).map_err(|e| e.to_string())?;
        if e.slot != b.slot(slot) {
            return Err(format!("round trip {:#x} -> {:#x}", b.slot(slot), e.slot));
        }
    }
    Ok(insns.len())
}

#[test]
fn every_row_matches_binutils() {
    if !common::binutils("every_row_matches_binutils") {
        return;
    }
    let Corpus {
        rows,
        cases,
        bytes,
        objdump: theirs,
        rejected,
        filtered,
    } = corpus("conformance");
    // The corpus is assembled with -xnone for speed; every bundle is explicit, so
    // -xexplicit (the mode this project targets) must give the same bytes.
    let dir = common::scratch("conformance-explicit");
    let obj = dir.join("explicit.o");
    let src = common::scratch_path("conformance").join("corpus.s");
    common::gas(&src, &obj).expect("the accepted corpus assembles with -xexplicit");
    assert_eq!(
        common::text_bytes(&obj, &dir),
        bytes,
        "-xexplicit and -xnone bytes differ"
    );
    let mut failures = Vec::new();
    let mut tested = std::collections::BTreeSet::new();
    for (n, c) in cases.iter().enumerate() {
        let addr = n as u64 * 16;
        let b = Bundle::from_bytes(bytes[n * 16..n * 16 + 16].try_into().unwrap());
        let raw = b.slot(c.slot);
        let lraw = b.slot(1);
        let f = c.insn.form();
        // 1. Our encoder reproduces GNU as.
        match encode(&c.insn) {
            Ok(e) if e.slot == raw && e.lslot.is_none_or(|l| l == lraw) => {}
            Ok(e) => failures.push(format!(
                "{}: encode: ours {:#013x}/{:?}, gas {raw:#013x}/{lraw:#013x}",
                c.text, e.slot, e.lslot
            )),
            Err(e) => failures.push(format!("{}: encode error: {e}", c.text)),
        }
        // 2. Disassembly equals objdump's.
        let (unit, line_off) = slot_of(f, c.slot);
        let want = theirs
            .iter()
            .find(|(a, _)| *a == addr + line_off)
            .map(|(_, t)| t.trim_end_matches(";;").to_string())
            .unwrap_or_default();
        match decode_slot(unit, raw, lraw, c.slot as u8) {
            Ok(d) => {
                let mut ours = String::new();
                if d.qp != 0 && !d.form().flags.has(Flags::NO_PRED) {
                    write!(ours, "(p{:02}) ", d.qp).unwrap();
                }
                write_insn(&mut ours, &d, addr, &ia64::disasm::RawAddrs).unwrap();
                if ours != want {
                    failures.push(format!(
                        "{}: {raw:#013x}\n    objdump: {want}\n    ours:    {ours}",
                        c.text
                    ));
                }
                // 3. decode → encode round trip.
                match encode(&d) {
                    Ok(e) if e.slot == raw => {}
                    Ok(e) => failures.push(format!(
                        "{}: round trip {raw:#013x} -> {:#013x} via {}",
                        c.text,
                        e.slot,
                        d.form().name
                    )),
                    Err(e) => failures.push(format!("{}: round trip encode error: {e}", c.text)),
                }
            }
            Err(e) => failures.push(format!("{}: {e}; objdump: {want}", c.text)),
        }
        tested.insert(c.insn.form);
    }
    // Rows gas refuses outright (e.g. `hint.b`: "shouldn't be used") are still
    // decoded by objdump: check our encoding of them against objdump's text.
    let uncovered: Vec<FormId> = rows
        .iter()
        .copied()
        .filter(|id| !tested.contains(id))
        .collect();
    let mut objdump_only = Vec::new();
    for id in uncovered {
        let f = id.form();
        let why: Vec<_> = rejected
            .iter()
            .filter(|(r, _)| *r == id)
            .map(|(_, t)| t.clone())
            .take(3)
            .collect();
        match objdump_only_check(id) {
            Ok(n) if n > 0 => objdump_only.push(format!("{} ({n} cases)", f.name)),
            Ok(_) => failures.push(format!("row {} ({:?}): no case at all", f.name, f.unit)),
            Err(e) => failures.push(format!(
                "row {} ({:?}): no line accepted by gas (e.g. {why:?}), and against objdump: {e}",
                f.name, f.unit
            )),
        }
    }
    if !objdump_only.is_empty() {
        eprintln!(
            "rows gas refuses, checked against objdump only: {}",
            objdump_only.join(", ")
        );
    }
    eprintln!(
        "conformance: {} rows, {} instructions checked, {} lines rejected by gas, {} failures",
        rows.len(),
        cases.len(),
        rejected.len(),
        failures.len()
    );
    for f in failures.iter().take(200) {
        eprintln!("  {f}");
    }
    assert!(
        failures.is_empty(),
        "{} conformance failures",
        failures.len()
    );
    assert!(!rows.is_empty() || filtered, "empty table");
}

/// Every single-bit change of each row's first accepted encoding decodes and
/// prints exactly as objdump shows it: this pins each row's mask and reserved
/// completer values to binutils' own.
#[test]
fn neighbourhood() {
    if !common::binutils("neighbourhood") {
        return;
    }
    let c = corpus("neighbourhood");
    let mut seen = std::collections::BTreeSet::new();
    // (bundle, the case it came from, offset of the flipped slot's line)
    let mut bundles: Vec<(u128, String, u8)> = Vec::new();
    for (n, case) in c.cases.iter().enumerate() {
        if !seen.insert(case.insn.form) {
            continue;
        }
        let b = Bundle::from_bytes(c.bytes[n * 16..n * 16 + 16].try_into().unwrap());
        let f = case.insn.form();
        let mut flips: Vec<Bundle> = (0..41)
            .map(|bit| b.with_slot(case.slot, b.slot(case.slot) ^ (1 << bit)))
            .collect();
        if f.unit == Unit::X {
            flips.extend((0..41).map(|bit| b.with_slot(1, b.slot(1) ^ (1 << bit))));
        }
        let (_, off) = slot_of(f, case.slot);
        for fb in flips {
            bundles.push((fb.0, case.text.clone(), off as u8));
        }
    }
    let dir = common::scratch("neighbourhood-bin");
    let bin = dir.join("flips.bin");
    let raw: Vec<u8> = bundles
        .iter()
        .flat_map(|(b, _, _)| b.to_le_bytes())
        .collect();
    std::fs::write(&bin, &raw).unwrap();
    let theirs: std::collections::HashMap<u64, String> =
        common::objdump_raw(&bin).into_iter().collect();
    let mut failures = Vec::new();
    for (k, (b, origin, off)) in bundles.iter().enumerate() {
        let addr = k as u64 * 16;
        let t = ia64::disasm::bundle_text(&b.to_le_bytes(), addr, &ia64::disasm::RawAddrs);
        // Only the flipped slot's line: the fillers are other rows' business.
        for l in t.lines.iter().filter(|l| l.offset == *off) {
            let want = theirs
                .get(&(addr + l.offset as u64))
                .map(String::as_str)
                .unwrap_or("<none>");
            if l.text != want {
                let slot = Bundle(*b).slot(match l.offset {
                    0 => 0,
                    6 => 1,
                    _ => 2,
                });
                failures.push(format!(
                    "flip of `{origin}`: {slot:#013x}\n    objdump: {want}\n    ours:    {}",
                    l.text
                ));
            }
        }
    }
    eprintln!(
        "neighbourhood: {} bundles, {} failures",
        bundles.len(),
        failures.len()
    );
    for f in failures.iter().take(200) {
        eprintln!("  {f}");
    }
    assert!(
        failures.is_empty(),
        "{} neighbourhood failures",
        failures.len()
    );
}
