//! Assembler benchmark: a generated source of 200,000 instructions (every form of
//! the table in turn, as a plain stream with stops, labels and branches, the way
//! hand-written code looks), assembled by ia64pv's assembler in-process and by
//! `ia64-linux-gnu-as -xexplicit` as a process, side by side.
//!
//! Run: `cargo bench -p ia64 --bench asm` (prints both times and the ratio).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use ia64::asm::{assemble, elfout, Options, Source};
use ia64::corpus::cases;
use ia64::disasm::{write_insn, Symbolizer};
use ia64::form::Flags;
use ia64::table;

const INSNS: usize = 200_000;

struct Back;

impl Symbolizer for Back {
    fn write_target(&self, _addr: u64, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        out.write_str("1b")
    }
}

/// The source: instructions GNU as accepts in any slot position (rows it refuses
/// or that need special placement are left out), a stop every 5 instructions and
/// a local label every 40.
fn source() -> String {
    let mut lines = Vec::new();
    for (id, f) in table::all() {
        if f.flags.has(Flags::ASM_ONLY)
            || f.flags.has(Flags::LAST)
            || f.flags.has(Flags::SLOT2)
            || f.flags.has(Flags::PRIV)
        {
            continue;
        }
        if f.name.starts_with("hint")
            || f.name.contains("dahr")
            || f.name == "alloc"
            || f.name.starts_with("tf")
        {
            continue;
        }
        // The first case our assembler and GNU as both take alone in a bundle
        // (some cases are valid encodings GNU as refuses, such as `mov.i ar.k0`).
        for insn in cases(id, f).into_iter().filter(|i| i.qp == 0) {
            let mut s = String::new();
            let _ = write_insn(&mut s, &insn, 0, &Back);
            let probe = format!("\t.text\n1:\n\t{s}\n");
            let src = [Source {
                name: "probe.s".into(),
                text: probe,
            }];
            if assemble(&src, &Options::default()).is_ok()
                && !(s.starts_with("mov.i ar") || s.starts_with("mov.m ar"))
            {
                lines.push(s);
                break;
            }
        }
    }
    let mut src = String::from("\t.text\n1:\n");
    for k in 0..INSNS {
        if k % 40 == 39 {
            src.push_str("1:\n");
        }
        let _ = writeln!(src, "\t{}", lines[k % lines.len()]);
        if k % 5 == 4 {
            src.push_str("\t;;\n");
        }
    }
    src
}

fn best_of<F: FnMut() -> bool>(runs: usize, mut f: F) -> Option<Duration> {
    let mut best = None;
    for _ in 0..runs {
        let t = Instant::now();
        if !f() {
            return None;
        }
        let d = t.elapsed();
        best = Some(best.map_or(d, |b: Duration| b.min(d)));
    }
    best
}

fn main() {
    let src = source();
    let dir = std::env::temp_dir().join("ia64pv-asm-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("bench.s");
    std::fs::write(&path, &src).expect("write bench.s");
    let sources = [Source {
        name: path.display().to_string(),
        text: src.clone(),
    }];
    let ours = best_of(3, || match assemble(&sources, &Options::default()) {
        Ok(a) => {
            let bytes = elfout::write_rel(&a.object);
            std::fs::write(dir.join("ours.o"), bytes).is_ok()
        }
        Err(d) => {
            eprintln!(
                "{}",
                d.render().lines().take(20).collect::<Vec<_>>().join("\n")
            );
            false
        }
    });
    let gas = best_of(3, || {
        std::process::Command::new("ia64-linux-gnu-as")
            .arg("-xexplicit")
            .arg("-o")
            .arg(dir.join("gas.o"))
            .arg(&path)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    println!(
        "asm benchmark: {INSNS} instructions, {} bytes of source",
        src.len()
    );
    match ours {
        Some(d) => println!(
            "  ia64pv as (in-process, best of 3): {:>8.1} ms",
            d.as_secs_f64() * 1e3
        ),
        None => println!("  ia64pv as: FAILED"),
    }
    match gas {
        Some(d) => println!(
            "  ia64-linux-gnu-as -xexplicit (best of 3): {:>8.1} ms",
            d.as_secs_f64() * 1e3
        ),
        None => println!("  ia64-linux-gnu-as: not installed or failed (SKIPPED)"),
    }
    if let (Some(o), Some(g)) = (ours, gas) {
        println!(
            "  ratio ia64pv / gas: {:.2}",
            o.as_secs_f64() / g.as_secs_f64()
        );
    }
}
