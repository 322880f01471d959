//! Conformance of the CR and AR tables with GNU binutils, the project's oracle:
//! every register number 0–127 is assembled with `ia64-linux-gnu-as -xexplicit` and
//! disassembled with `ia64-linux-gnu-objdump -d`, and the names and units must be
//! the ones [`Cr`] and [`Ar`] give. Without binutils these tests skip loudly, and
//! fail under `CI=true` (ARCHITECTURE.md, "Oracles").

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{env, format, fs, panic};

use super::{Ar, ArUnit, Cr};
use crate::oracle;

const AS: &str = "ia64-linux-gnu-as";
const OBJDUMP: &str = "ia64-linux-gnu-objdump";

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = env::temp_dir().join(format!("ia64-regs-{test}-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("create scratch directory");
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: a leftover directory in the temp dir is harmless.
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Assembles `lines` (one instruction group each); returns the object file, or
/// GNU as's stderr if it failed.
fn assemble(scratch: &Scratch, name: &str, lines: &[String]) -> Result<PathBuf, String> {
    let source = scratch.path(&format!("{name}.s"));
    let object = scratch.path(&format!("{name}.o"));
    fs::write(&source, lines.join("\n") + "\n").expect("write assembly source");
    let out = Command::new(AS)
        .arg("-xexplicit")
        .arg("-o")
        .arg(&object)
        .arg(&source)
        .output()
        .expect("run GNU as");
    if out.status.success() {
        Ok(object)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The instruction text of every non-nop slot objdump prints, in order, without
/// template markers and stops.
fn disassemble(object: &Path) -> Vec<String> {
    let out = Command::new(OBJDUMP)
        .arg("-d")
        .arg(object)
        .output()
        .expect("run objdump");
    assert!(
        out.status.success(),
        "objdump failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        // Slot lines are "addr:\tbytes\t[template]   text".
        .filter_map(|line| line.split('\t').nth(2))
        .map(|slot| {
            let slot = slot.trim_start();
            let slot = match slot.strip_prefix('[') {
                Some(rest) => rest.split_once(']').map_or(rest, |(_, text)| text),
                None => slot,
            };
            slot.trim().trim_end_matches(";;").to_string()
        })
        .filter(|slot| !slot.starts_with("nop."))
        .collect()
}

/// The line numbers (1-based) GNU as reported errors on.
fn error_lines(stderr: &str, source: &str) -> BTreeSet<usize> {
    stderr
        .lines()
        .filter_map(|line| line.split_once(": Error:").map(|(location, _)| location))
        .filter_map(|location| location.rsplit_once(':'))
        .filter(|(file, _)| file.ends_with(source))
        .filter_map(|(_, number)| number.parse().ok())
        .collect()
}

/// Asserts objdump printed exactly `expected`, naming the first slot that differs.
fn assert_slots(actual: &[String], expected: &[String]) {
    for (index, (got, want)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(got, want, "slot {index} differs");
    }
    assert_eq!(actual.len(), expected.len(), "number of slots");
}

fn unit_letter(unit: ArUnit) -> &'static str {
    match unit {
        ArUnit::I => "i",
        ArUnit::M | ArUnit::Either => "m",
    }
}

#[test]
fn every_cr_number_disassembles_to_our_name() {
    let test = "every_cr_number_disassembles_to_our_name";
    if !oracle::binutils(test, &["as", "objdump"]) {
        return;
    }
    let scratch = Scratch::new(test);
    let lines: Vec<String> = (0..128).map(|n| format!("mov r1=cr{n} ;;")).collect();
    let object =
        assemble(&scratch, "cr", &lines).unwrap_or_else(|err| panic!("GNU as failed:\n{err}"));
    let expected: Vec<String> = (0..128u8)
        .map(|n| {
            let name =
                Cr::try_from(n).map_or_else(|_| format!("cr{n}"), |cr| cr.name().to_string());
            format!("mov r1={name}")
        })
        .collect();
    assert_slots(&disassemble(&object), &expected);
}

#[test]
fn every_cr_name_assembles_to_its_number() {
    let test = "every_cr_name_assembles_to_its_number";
    if !oracle::binutils(test, &["as", "objdump"]) {
        return;
    }
    let scratch = Scratch::new(test);
    // Write each CR from r2 and read it back, so both directions of `mov` are
    // checked; the disassembly shows the number GNU as encoded, by name.
    let lines: Vec<String> = Cr::ALL
        .iter()
        .flat_map(|cr| [format!("mov {cr}=r2 ;;"), format!("mov r1={cr} ;;")])
        .collect();
    let object =
        assemble(&scratch, "crnames", &lines).unwrap_or_else(|err| panic!("GNU as failed:\n{err}"));
    let expected: Vec<String> = Cr::ALL
        .iter()
        .flat_map(|cr| [format!("mov {cr}=r2"), format!("mov r1={cr}")])
        .collect();
    assert_slots(&disassemble(&object), &expected);
}

#[test]
fn every_ar_number_disassembles_to_our_name() {
    let test = "every_ar_number_disassembles_to_our_name";
    if !oracle::binutils(test, &["as", "objdump"]) {
        return;
    }
    let scratch = Scratch::new(test);
    let forms: Vec<String> = (0..128u8)
        .map(|n| {
            let unit = ArUnit::of(n).expect("numbers below 128 have a unit");
            let name =
                Ar::try_from(n).map_or_else(|_| format!("ar{n}"), |ar| ar.name().to_string());
            format!("mov.{} r1={name}", unit_letter(unit))
        })
        .collect();
    let lines: Vec<String> = (0..128u8)
        .map(|n| {
            let unit = ArUnit::of(n).expect("numbers below 128 have a unit");
            format!("mov.{} r1=ar{n} ;;", unit_letter(unit))
        })
        .collect();
    let object =
        assemble(&scratch, "ar", &lines).unwrap_or_else(|err| panic!("GNU as failed:\n{err}"));
    assert_slots(&disassemble(&object), &forms);
}

#[test]
fn every_ar_name_assembles_on_its_unit() {
    let test = "every_ar_name_assembles_on_its_unit";
    if !oracle::binutils(test, &["as", "objdump"]) {
        return;
    }
    let scratch = Scratch::new(test);
    // Plain `mov`: GNU as picks the unit, and objdump shows which one it picked.
    let lines: Vec<String> = Ar::ALL.iter().map(|ar| format!("mov r1={ar} ;;")).collect();
    let object =
        assemble(&scratch, "arnames", &lines).unwrap_or_else(|err| panic!("GNU as failed:\n{err}"));
    let expected: Vec<String> = Ar::ALL
        .iter()
        .map(|ar| format!("mov.{} r1={ar}", unit_letter(ar.unit())))
        .collect();
    assert_slots(&disassemble(&object), &expected);
}

#[test]
fn ar_unit_rule_matches_gnu_as() {
    let test = "ar_unit_rule_matches_gnu_as";
    if !oracle::binutils(test, &["as", "objdump"]) {
        return;
    }
    let scratch = Scratch::new(test);
    for (letter, refused) in [("m", ArUnit::I), ("i", ArUnit::M)] {
        let name = format!("unit_{letter}");
        let lines: Vec<String> = (0..128)
            .map(|n| format!("mov.{letter} r1=ar{n} ;;"))
            .collect();
        let stderr = match assemble(&scratch, &name, &lines) {
            Ok(_) => String::new(),
            Err(stderr) => stderr,
        };
        let rejected: BTreeSet<u8> = error_lines(&stderr, &format!("{name}.s"))
            .into_iter()
            .map(|line| u8::try_from(line - 1).expect("line numbers stay below 129"))
            .collect();
        let expected: BTreeSet<u8> = (0..128u8)
            .filter(|&n| ArUnit::of(n) == Some(refused))
            .collect();
        assert_eq!(
            rejected, expected,
            "mov.{letter}: numbers GNU as refuses\n{stderr}"
        );
    }
}

#[test]
fn error_lines_are_parsed() {
    let stderr = "/tmp/x/a.s: Assembler messages:\n/tmp/x/a.s:3: Error: AR 2 can only be accessed by M-unit\n/tmp/x/a.s:10: Error: something\n/tmp/x/a.s:11: Warning: harmless\n";
    assert_eq!(error_lines(stderr, "a.s"), BTreeSet::from([3, 10]));
    assert_eq!(error_lines(stderr, "b.s"), BTreeSet::new());
}
