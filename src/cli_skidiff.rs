//! `ia64pv ski-diff PROGRAM...`: runs each program on our simulator and under
//! the real Ski (`bski` on `PATH`) and diffs the two final-state dumps
//! (shared/reference/ski-conventions.md, "Final-state dump format").
//!
//! A program is an ELF, or a `.S` file built first by the project's assembler
//! and linker (`ski::program::build`: `.text` at 0x100000, entry `_start`),
//! with its own directory on the include path. Compared: every dump line both sides have, except
//! * `itc` (ours follows modelled cycles, Ski's host time) and `insts` (Ski's
//!   count is inexact; both are printed for information);
//! * `ifa`, `itir`, `iha` when the last interruption reported no memory
//!   reference (our isr has none of x, w, r, na: bits 32..35), because the SDM
//!   leaves them undefined then (break, General Exception, external interrupt);
//! * stacked registers outside the current frame (`r{32+sof}`..`r127`), which
//!   no instruction can read;
//! * `iipa` when psr.ic = 1 at exit: reading it then raises Illegal Operation
//!   and the SDM lets the hardware update it as instructions complete (Vol 2
//!   §3.3.5.6), so only its value at an interruption is architectural (Ski
//!   updates it all the time, ours at interruptions, `rfi` and psr.ic changes).
//!
//! Exit status: 0 every program same, 1 some differ, 2 Ski unavailable or a
//! program could not be built or run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use ski::bski::{self, Dump, SkiOptions, SkiStop};
use ski::{Config, Exit, Machine};

/// Arguments of `ia64pv ski-diff`.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct SkiDiffArgs {
    /// Programs: ELF files, or `.S` sources to assemble first.
    #[arg(required = true)]
    pub programs: Vec<PathBuf>,
    /// Also compare f2..f127.
    #[arg(long)]
    pub fp: bool,
    /// Instruction budget on our side (and wall-clock seconds for Ski: budget / 10^6 + 10).
    #[arg(long, default_value_t = 100_000_000)]
    pub max_insns: u64,
    /// Print the full differing lines even when there are many.
    #[arg(long)]
    pub all: bool,
}

/// Why a field is left out of the comparison, if it is.
fn ignored(name: &str, ours: &Dump) -> bool {
    if matches!(name, "itc" | "insts") {
        return true;
    }
    let isr = ours
        .get("isr")
        .and_then(|v| u64::from_str_radix(v, 16).ok())
        .unwrap_or(0);
    if matches!(name, "ifa" | "itir" | "iha") && isr >> 32 & 0xf == 0 {
        return true;
    }
    // psr.ic is bit 13 (SDM Vol 2 §3.3.2).
    let psr = ours
        .get("psr")
        .and_then(|v| u64::from_str_radix(v, 16).ok())
        .unwrap_or(0);
    if name == "iipa" && psr >> 13 & 1 != 0 {
        return true;
    }
    if let Some(n) = name.strip_prefix('r').map(|s| s.trim_end_matches(".nat")) {
        if let Ok(n) = n.parse::<u64>() {
            let cfm = ours
                .get("cfm")
                .and_then(|v| u64::from_str_radix(v, 16).ok())
                .unwrap_or(0);
            let sof = cfm & 0x7f;
            return n >= 32 + sof && !name.starts_with("rr");
        }
    }
    false
}

/// The differing `(name, ours, ski)` lines of two dumps.
pub fn diff(ours: &Dump, ski: &Dump) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (name, v) in &ours.fields {
        if ignored(name, ours) {
            continue;
        }
        if let Some(s) = ski.get(name) {
            if s != v {
                out.push((name.clone(), v.clone(), s.to_string()));
            }
        }
    }
    out
}

/// The program as an ELF file on disk (assembling a `.S` into `tmp`).
fn elf_of(program: &Path, tmp: &Path) -> anyhow::Result<PathBuf> {
    if program.extension().is_none_or(|e| e != "S") {
        return Ok(program.to_path_buf());
    }
    std::fs::create_dir_all(tmp).context("creating a temporary directory")?;
    let stem = program
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("program");
    let dir = program.parent().unwrap_or(Path::new("."));
    let elf = tmp.join(format!("{stem}.elf"));
    let text = std::fs::read_to_string(program)
        .with_context(|| format!("cannot read {}", program.display()))?;
    let opts = ia64::asm::Options {
        include_dirs: vec![dir.to_path_buf()],
        ..ia64::asm::Options::default()
    };
    let image = ski::program::build(&program.display().to_string(), &text, &opts)?;
    std::fs::write(&elf, image).context("writing the ELF")?;
    Ok(elf)
}

/// Our run: the exit and the dump.
fn run_ours(elf: &Path, args: &SkiDiffArgs) -> anyhow::Result<(Exit, Dump)> {
    let bytes = std::fs::read(elf).with_context(|| format!("cannot read {}", elf.display()))?;
    let mut m = Machine::new(Config {
        max_insns: Some(args.max_insns),
        ..Config::default()
    });
    m.load_elf(&bytes)
        .with_context(|| format!("cannot load {}", elf.display()))?;
    let exit = loop {
        match m.run(args.max_insns) {
            Exit::Budget if m.stats().insts < args.max_insns => continue,
            Exit::HostCall { .. } => {
                m.set_gr(8, u64::MAX, false);
                continue;
            }
            e => break e,
        }
    };
    let text = if args.fp {
        m.state_dump_fp()
    } else {
        m.state_dump()
    };
    Ok((exit, bski::parse_dump(&text)?))
}

fn describe_ours(e: &Exit) -> String {
    match e {
        Exit::Exited(c) => format!("exit {c}"),
        Exit::Halted { ip } => format!("halt at {ip:#x}"),
        Exit::Budget => "budget".into(),
        other => format!("{other:?}"),
    }
}

fn describe_ski(s: &SkiStop) -> String {
    match s {
        SkiStop::Exited(c) => format!("exit {c}"),
        SkiStop::Halted => "halt".into(),
        SkiStop::Other(m) => m.clone(),
    }
}

/// Runs the comparison; returns the process exit status.
pub fn run(args: SkiDiffArgs) -> anyhow::Result<u8> {
    let Some(bski_path) = bski::find_bski() else {
        eprintln!("ia64pv ski-diff: no `bski` on PATH; nothing to compare with");
        return Ok(2);
    };
    let tmp = std::env::temp_dir().join(format!("ia64pv-skidiff-{}", std::process::id()));
    let opts = SkiOptions {
        fp: args.fp,
        timeout: Duration::from_secs(args.max_insns / 1_000_000 + 10),
    };
    let mut status = 0u8;
    for program in &args.programs {
        let name = program
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let result = (|| -> anyhow::Result<()> {
            let elf = elf_of(program, &tmp)?;
            let (exit, ours) = run_ours(&elf, &args)?;
            let ski = bski::run(&bski_path, &elf, &opts)?;
            let d = diff(&ours, &ski.dump);
            let same_exit = match (&exit, &ski.stop) {
                (Exit::Exited(a), SkiStop::Exited(b)) => *a as i64 == *b,
                (Exit::Halted { .. }, SkiStop::Halted) => true,
                _ => false,
            };
            let verdict = if d.is_empty() && same_exit {
                "same"
            } else {
                "different"
            };
            println!(
                "{name}: {verdict} (ours {}, Ski {}; insts ours {}, Ski {})",
                describe_ours(&exit),
                describe_ski(&ski.stop),
                ours.get("insts").unwrap_or("?"),
                ski.dump.get("insts").unwrap_or("?"),
            );
            let shown = if args.all { d.len() } else { d.len().min(20) };
            for (n, o, s) in &d[..shown] {
                println!("    {n:<16} ours {o}  ski {s}");
            }
            if shown < d.len() {
                println!("    ... {} more (--all shows them)", d.len() - shown);
            }
            if verdict != "same" {
                status = status.max(1);
            }
            Ok(())
        })();
        if let Err(e) = result {
            println!("{name}: error: {e:#}");
            status = 2;
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(lines: &[(&str, &str)]) -> Dump {
        Dump {
            fields: lines
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        }
    }

    #[test]
    fn differences_are_found_and_ignored_fields_skipped() {
        let ours = dump(&[
            ("isr", "0000000000000000"),
            ("cfm", "0000000000000002"),
            ("ifa", "0000000000000001"),
            ("itc", "0000000000000005"),
            ("r32", "0000000000000001"),
            ("r40", "0000000000000001"),
            ("rr1", "0000000000000001"),
            ("r33.nat", "0"),
        ]);
        let ski = dump(&[
            ("isr", "0000000000000000"),
            ("cfm", "0000000000000002"),
            ("ifa", "0000000000000002"),
            ("itc", "0000000000000009"),
            ("r32", "0000000000000002"),
            ("r40", "0000000000000002"),
            ("rr1", "0000000000000002"),
            ("r33.nat", "1"),
        ]);
        let names: Vec<String> = diff(&ours, &ski).into_iter().map(|(n, _, _)| n).collect();
        // ifa (no memory reference), itc and the out-of-frame r40 are skipped.
        assert_eq!(names, ["r32", "rr1", "r33.nat"]);
    }

    #[test]
    fn iipa_counts_only_with_collection_off() {
        let with_ic = |psr: &str, iipa: &str| dump(&[("psr", psr), ("iipa", iipa)]);
        let (on, off) = ("0000000000002000", "0000000000000000");
        assert!(diff(&with_ic(on, "10"), &with_ic(on, "20")).is_empty());
        assert_eq!(diff(&with_ic(off, "10"), &with_ic(off, "20")).len(), 1);
    }

    #[test]
    fn ifa_counts_after_a_memory_fault() {
        let ours = dump(&[("isr", "0000000400000000"), ("ifa", "0000000000000001")]);
        let ski = dump(&[("isr", "0000000400000000"), ("ifa", "0000000000000002")]);
        assert_eq!(diff(&ours, &ski).len(), 1);
    }
}
