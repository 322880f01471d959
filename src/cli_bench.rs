//! `ia64pv bench sim`: fixed simulator workloads, timed, in MIPS.
//!
//! The workloads are the `bench_*.S` programs of `ski/tests/programs/`,
//! assembled at run time by the project's own assembler ([`ia64::asm`]) with
//! `ITERS` set by `--defsym`, and linked at 0x100000, so no binutils are needed.
//! Each runs on [`ski::Machine`]; MIPS = exact instruction count (Ski's counting
//! rule) / wall time of `Machine::run`. When `bski` is on `PATH`, the same ELF
//! runs under Ski in the same command: Ski's MIPS uses *our* exact count for the
//! same deterministic program (Ski's own count is inexact,
//! shared/reference/ski-conventions.md) over the simulation time Ski reports
//! with `-stats` (two decimals, so iteration counts keep Ski busy for seconds).

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use ia64::asm::Options;
use ski::bski::{self, SkiStop};
use ski::program;
use ski::{Config, Exit, Machine};

/// Arguments of `ia64pv bench`.
#[derive(clap::Args, Debug, Clone, PartialEq)]
pub struct BenchArgs {
    /// What to benchmark (only `sim`: the simulator's fixed workloads).
    #[arg(value_parser = ["sim"])]
    pub what: String,
    /// Multiply every workload's iteration count by this factor.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Do not run Ski even when `bski` is on PATH.
    #[arg(long)]
    pub no_ski: bool,
    /// Only the workloads whose name contains this text.
    #[arg(long)]
    pub only: Option<String>,
    /// Run each workload this many times, alternating ours and Ski, and print
    /// medians and the spread of the ratios (for machines whose load varies).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
}

/// One fixed workload.
struct Workload {
    name: &'static str,
    what: &'static str,
    source: &'static str,
    iters: u64,
}

/// The workloads, in the order the issue lists them; iteration counts give
/// roughly 10^8 instructions each.
const WORKLOADS: [Workload; 5] = [
    Workload {
        name: "loop",
        what: "one-bundle br.cloop loop",
        source: include_str!("../ski/tests/programs/bench_loop.S"),
        iters: 40_000_000,
    },
    Workload {
        name: "mixed",
        what: "loads, stores, ALU, calls, taken branches",
        source: include_str!("../ski/tests/programs/bench_mixed.S"),
        iters: 5_000_000,
    },
    Workload {
        name: "call",
        what: "call + alloc + return",
        source: include_str!("../ski/tests/programs/bench_call.S"),
        iters: 10_000_000,
    },
    Workload {
        name: "fault",
        what: "mixed + break fault + rfi per iteration",
        source: include_str!("../ski/tests/programs/bench_fault.S"),
        iters: 3_000_000,
    },
    Workload {
        name: "tlb",
        what: "fault workload with psr.it/psr.dt on",
        source: include_str!("../ski/tests/programs/bench_tlb.S"),
        iters: 3_000_000,
    },
];

/// Assembles a workload with `ITERS` defined and links it at 0x100000.
pub fn build_workload(name: &str, source: &str, iters: u64) -> anyhow::Result<Vec<u8>> {
    let opts = Options {
        defsyms: vec![("ITERS".to_string(), iters as i64)],
        ..Options::default()
    };
    Ok(program::build(&format!("bench_{name}.S"), source, &opts)?)
}

/// Runs an ELF to its SSC EXIT on our simulator; returns (instructions, time).
fn run_ours(elf: &[u8]) -> anyhow::Result<(u64, Duration)> {
    let mut m = Machine::new(Config::default());
    m.load_elf(elf).context("loading the workload")?;
    let start = Instant::now();
    let exit = loop {
        match m.run(u64::MAX) {
            Exit::Budget => continue,
            e => break e,
        }
    };
    let t = start.elapsed();
    match exit {
        Exit::Exited(0) => Ok((m.stats().insts, t)),
        other => bail!("the workload did not exit with 0: {other:?}"),
    }
}

fn mips(insts: u64, secs: f64) -> f64 {
    insts as f64 / secs / 1e6
}

/// One measurement of a workload: our MIPS, and Ski's when it ran.
fn measure(
    name: &str,
    elf: &[u8],
    bski_path: Option<&std::path::Path>,
    tmp: &std::path::Path,
) -> anyhow::Result<(u64, f64, Option<f64>)> {
    let (insts, t) = run_ours(elf)?;
    let ours = mips(insts, t.as_secs_f64());
    let Some(b) = bski_path else {
        return Ok((insts, ours, None));
    };
    std::fs::create_dir_all(tmp).context("creating a temporary directory")?;
    let path = tmp.join(format!("bench_{name}.elf"));
    std::fs::write(&path, elf).context("writing the workload ELF")?;
    let (stop, stats, _wall) = bski::run_timed(b, &path, Duration::from_secs(600))?;
    if stop != SkiStop::Exited(0) {
        bail!("{name}: Ski stopped with {stop:?}");
    }
    Ok((
        insts,
        ours,
        stats
            .filter(|s| s.secs > 0.0)
            .map(|st| mips(insts, st.secs)),
    ))
}

/// The median of `v` (the mean of the middle two for an even count).
fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Runs the benchmark and prints one line per workload.
pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    let bski_path = if args.no_ski { None } else { bski::find_bski() };
    match &bski_path {
        Some(p) => println!("Ski: {}", p.display()),
        None => println!("Ski: not run (no bski on PATH)"),
    }
    if args.runs > 1 {
        println!(
            "{} runs each, ours and Ski alternating: medians, and the ratio's min..max",
            args.runs
        );
    }
    println!(
        "{:<6} {:>12} {:>9} {:>9} {:>7}  workload",
        "name", "insts", "ours", "Ski", "ratio"
    );
    let tmp = std::env::temp_dir().join(format!("ia64pv-bench-{}", std::process::id()));
    for w in WORKLOADS.iter().filter(|w| {
        args.only
            .as_ref()
            .is_none_or(|o| w.name.contains(o.as_str()))
    }) {
        let iters = ((w.iters as f64) * args.scale).max(1.0) as u64;
        let elf = build_workload(w.name, w.source, iters)?;
        let (mut insts, mut ours, mut ski, mut ratios) = (0, Vec::new(), Vec::new(), Vec::new());
        for _ in 0..args.runs {
            let (n, o, s) = measure(w.name, &elf, bski_path.as_deref(), &tmp)?;
            insts = n;
            ours.push(o);
            if let Some(s) = s {
                ski.push(s);
                ratios.push(o / s);
            }
        }
        let (ski_col, ratio_col) = if ratios.is_empty() {
            (format!("{:>9}", "-"), format!("{:>7}", "-"))
        } else {
            (
                format!("{:>9.1}", median(&ski)),
                format!("{:>6.2}x", median(&ratios)),
            )
        };
        let spread = if ratios.len() > 1 {
            let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = ratios.iter().copied().fold(0.0, f64::max);
            format!(" ({lo:.2}..{hi:.2})")
        } else {
            String::new()
        };
        println!(
            "{:<6} {:>12} {:>9.1} {} {}{}  {}",
            w.name,
            insts,
            median(&ours),
            ski_col,
            ratio_col,
            spread,
            w.what
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workload_assembles_runs_and_counts_its_iterations() {
        let mut counts = Vec::new();
        for w in &WORKLOADS {
            let small = build_workload(w.name, w.source, 100).expect("build");
            let large = build_workload(w.name, w.source, 200).expect("build");
            let (a, _) = run_ours(&small).expect("run");
            let (b, _) = run_ours(&large).expect("run");
            // The instruction count grows linearly with ITERS: the loop is
            // really iterated, not cut short.
            assert!(b > a, "{}: {a} then {b}", w.name);
            counts.push((w.name, (b - a) / 100));
        }
        // The one-bundle loop executes 3 slots per iteration.
        assert_eq!(counts[0], ("loop", 3));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn a_broken_source_is_an_error() {
        assert!(build_workload("x", "\t.text\n_start:\n\tnot_an_insn r1\n", 1).is_err());
    }
}
