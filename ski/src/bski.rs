//! A runner for the real Ski: runs an ELF under `bski` (Ski's batch front end,
//! when one is on `PATH`), captures its final state in the dump format of
//! shared/reference/ski-conventions.md, and parses dumps in that format.
//!
//! Ski has no "dump at exit" switch. What it has is `-i FILE`, a command file
//! processed before the batch loop: `run` simulates until the program stops
//! (SSC EXIT, `break 0` or an error all end `run` by unwinding to the command
//! interpreter, so the file continues), and `eval NAME` prints `NAME = VALUE` on
//! standard error for each of Ski's internal register symbols. The runner writes
//! such a file with one `eval` per dump line and reassembles the answers in the
//! sheet's order. Facts about Ski's symbols used here (checked against bski):
//! * `ip` prints as a code symbol when one matches, so the runner evaluates
//!   `ip+0`, which Ski prints as `Hex: X   Decimal: Y`; the slot is in bits 2–3.
//! * `lc`, `ec` and `$insts$` print in decimal, every other symbol in hex.
//! * r16–r31 are the current bank; `bkr0`..`bkr15` the other one, so psr.bn
//!   decides which of them is bank 0.
//! * After the file ends, bski exits with r8 & 0xff (SSC EXIT writes its code to
//!   r8), which the runner reports as the exit status.
//! * Console output (SSC PUTCHAR) is lost in system mode unless the program
//!   calls CONSOLE_INIT, which starts an xterm; the runner does not capture it.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a `bski` run or a dump could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BskiError {
    /// The process could not be started or waited for.
    #[error("running {program}: {source}")]
    Spawn {
        /// The program that failed.
        program: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The command file could not be written.
    #[error("writing Ski command file {path}: {source}")]
    Script {
        /// Where the file was to go.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// bski ran longer than allowed and was killed.
    #[error("bski did not finish within {0:?}")]
    Timeout(Duration),
    /// bski's answer to an `eval` is missing or malformed.
    #[error("bski output, line {line}: {what}")]
    Output {
        /// 1-based line of standard error (0: end of output).
        line: usize,
        /// What was wrong.
        what: String,
    },
    /// A dump line is not `name value`.
    #[error("dump line {line}: {what}")]
    Dump {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        what: String,
    },
}

/// One final state in the sheet's format: `(name, value)` pairs in order, values
/// as text (hex for registers, decimal for `ip.slot` and `insts`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dump {
    /// The pairs, in the sheet's order.
    pub fields: Vec<(String, String)>,
}

impl Dump {
    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The dump as text: one `name value` line each, the name left-aligned.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (n, v) in &self.fields {
            let _ = writeln!(s, "{n:<16} {v}");
        }
        s
    }
}

/// Parses a dump: one `name value` pair per line (any amount of white space
/// between them); blank lines are ignored.
pub fn parse_dump(text: &str) -> Result<Dump, BskiError> {
    let mut fields = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        let Some(name) = words.next() else { continue };
        let (Some(value), None) = (words.next(), words.next()) else {
            return Err(BskiError::Dump {
                line: i + 1,
                what: format!("expected `name value`, found {line:?}"),
            });
        };
        fields.push((name.to_string(), value.to_string()));
    }
    Ok(Dump { fields })
}

/// What ended Ski's `run`, from its message on standard error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkiStop {
    /// SSC EXIT with this status ("kernel exited with status N").
    Exited(i64),
    /// `break 0` ("Halting Simulation").
    Halted,
    /// Any other message (an unimplemented feature, an RSE error, ...).
    Other(String),
}

/// Ski's own counters from the line it prints after `run`
/// (`N insts (F faults), S sec, R i/s, ...`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SkiStats {
    /// Instructions Ski counted (inexact: its fast loop drops part of the count,
    /// ski-conventions.md "Differences").
    pub insts: u64,
    /// Interruptions Ski counted.
    pub faults: u64,
    /// Simulation time Ski measured, in seconds (two decimals).
    pub secs: f64,
}

/// The result of one `bski` run.
#[derive(Clone, Debug)]
pub struct SkiRun {
    /// How `run` ended.
    pub stop: SkiStop,
    /// bski's exit status (r8 & 0xff after SSC EXIT), `None` if killed by a signal.
    pub status: Option<i32>,
    /// The final state, in the sheet's format.
    pub dump: Dump,
    /// Ski's counters, when it printed them.
    pub stats: Option<SkiStats>,
    /// Wall time of the whole bski process.
    pub wall: Duration,
    /// Everything bski wrote on standard error.
    pub stderr: String,
}

/// How to run `bski`.
#[derive(Clone, Debug)]
pub struct SkiOptions {
    /// Also dump f2..f127 (sign, exponent, significand).
    pub fp: bool,
    /// Kill bski after this long.
    pub timeout: Duration,
}

impl Default for SkiOptions {
    fn default() -> Self {
        SkiOptions {
            fp: false,
            timeout: Duration::from_secs(60),
        }
    }
}

/// The first executable file named `bski` in the directories of `PATH`.
pub fn find_bski() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("bski"))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Control registers of the dump, in the sheet's order, by Ski's symbol names
/// (which are the sheet's names).
const CRS: [&str; 22] = [
    "ipsr", "isr", "iip", "ifa", "itir", "iipa", "ifs", "iim", "iha", "iva", "dcr", "pta", "itm",
    "itv", "pmv", "cmcv", "tpr", "lid", "ivr", "irr0", "irr1", "irr2",
];
/// The rest of the interrupt registers after `irr2`.
const CRS_TAIL: [&str; 3] = ["irr3", "lrr0", "lrr1"];
/// Application registers of the dump, in the sheet's order (`k0..k7` follow).
const ARS: [&str; 11] = [
    "rsc", "bsp", "bspst", "rnat", "ccv", "unat", "fpsr", "pfs", "lc", "ec", "itc",
];

/// Ski symbols whose `eval` answer is decimal.
fn is_decimal(sym: &str) -> bool {
    matches!(sym, "lc" | "ec" | "$insts$")
}

/// The Ski symbols the command file evaluates, in order (after `ip+0`).
fn symbols(fp: bool) -> Vec<String> {
    let mut v: Vec<String> = ["psr", "cfm"].iter().map(|s| s.to_string()).collect();
    v.extend(CRS.iter().chain(CRS_TAIL.iter()).map(|s| s.to_string()));
    v.extend(ARS.iter().map(|s| s.to_string()));
    v.extend((0..8).map(|i| format!("k{i}")));
    v.extend((0..8).map(|i| format!("b{i}")));
    v.extend((0..64).map(|i| format!("p{i}")));
    for i in 0..128 {
        v.push(format!("r{i}"));
        v.push(format!("r{i}.nat"));
    }
    v.extend((0..8).map(|i| format!("rr{i}")));
    for i in 0..16 {
        v.push(format!("bkr{i}"));
        v.push(format!("bkr{i}.nat"));
    }
    v.push("$insts$".to_string());
    if fp {
        for i in 2..128 {
            v.push(format!("f{i}.s"));
            v.push(format!("f{i}.e"));
            v.push(format!("f{i}.m"));
        }
    }
    v
}

/// The command file that runs the program and prints its final state.
pub fn dump_script(fp: bool) -> String {
    let mut s = String::from("run\neval ip+0\n");
    for sym in symbols(fp) {
        s.push_str("eval ");
        s.push_str(&sym);
        s.push('\n');
    }
    s
}

/// Finds the stop message and the counters line in bski's standard error.
fn parse_stop(stderr: &str) -> (SkiStop, Option<SkiStats>) {
    let mut stop = None;
    let mut stats = None;
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("kernel exited with status ") {
            if let Ok(code) = rest.trim().parse() {
                stop.get_or_insert(SkiStop::Exited(code));
            }
        } else if line.starts_with("Halting Simulation") {
            stop.get_or_insert(SkiStop::Halted);
        } else if let Some(s) = parse_stats_line(line) {
            stats = Some(s);
        } else if stop.is_none() && stats.is_none() && !line.trim().is_empty() {
            stop = Some(SkiStop::Other(line.trim().to_string()));
        }
    }
    (stop.unwrap_or_else(|| SkiStop::Other(String::new())), stats)
}

/// Parses `N insts (F faults), S sec, ...`.
fn parse_stats_line(line: &str) -> Option<SkiStats> {
    let (insts, rest) = line.split_once(" insts (")?;
    let (faults, rest) = rest.split_once(" faults), ")?;
    let (secs, _) = rest.split_once(" sec")?;
    Some(SkiStats {
        insts: insts.trim().parse().ok()?,
        faults: faults.trim().parse().ok()?,
        secs: secs.trim().parse().ok()?,
    })
}

/// One answer of `eval`: `(name, value)`; the name is `None` for `Hex:` lines.
fn parse_eval_line(line: &str) -> Option<(Option<&str>, &str)> {
    if let Some(rest) = line.strip_prefix("Hex: ") {
        return Some((None, rest.split_whitespace().next()?));
    }
    let (name, value) = line.split_once(" = ")?;
    Some((Some(name), value.trim()))
}

/// Builds the sheet-format dump from bski's standard error after the
/// [`dump_script`] command file ran.
pub fn dump_from_eval(stderr: &str, fp: bool) -> Result<Dump, BskiError> {
    let mut answers = stderr
        .lines()
        .enumerate()
        .filter_map(|(i, l)| parse_eval_line(l).map(|a| (i + 1, a)));
    let bad = |line, what: String| BskiError::Output { line, what };
    let (_, ip) = answers
        .find(|(_, (n, _))| n.is_none())
        .ok_or_else(|| bad(0, "no answer for `ip+0`".into()))?;
    let ip = u64::from_str_radix(ip.1, 16).map_err(|e| bad(0, format!("ip {:?}: {e}", ip.1)))?;
    let mut values = std::collections::HashMap::new();
    for sym in symbols(fp) {
        let (line, (name, text)) = answers
            .next()
            .ok_or_else(|| bad(0, format!("no answer for `{sym}`")))?;
        if name != Some(sym.as_str()) {
            return Err(bad(line, format!("expected `{sym}`, found {name:?}")));
        }
        let radix = if is_decimal(&sym) { 10 } else { 16 };
        let v = u64::from_str_radix(text, radix)
            .map_err(|e| bad(line, format!("`{sym}` = {text:?}: {e}")))?;
        values.insert(sym, v);
    }
    let val = |n: &str| values.get(n).copied().unwrap_or(0);
    let mut d = Dump::default();
    let hex = |d: &mut Dump, name: String, v: u64| d.fields.push((name, format!("{v:016x}")));
    let bit = |d: &mut Dump, name: String, v: u64| d.fields.push((name, format!("{}", v & 1)));
    hex(&mut d, "ip".into(), ip);
    hex(&mut d, "ip.bundle".into(), ip & !0xf);
    d.fields
        .push(("ip.slot".into(), format!("{}", (ip >> 2) & 3)));
    hex(&mut d, "psr".into(), val("psr"));
    hex(&mut d, "cfm".into(), val("cfm"));
    for n in CRS.iter().chain(CRS_TAIL.iter()) {
        hex(&mut d, n.to_string(), val(n));
    }
    for n in ARS.iter().filter(|n| **n != "itc") {
        hex(&mut d, n.to_string(), val(n));
    }
    for i in 0..8 {
        hex(&mut d, format!("k{i}"), val(&format!("k{i}")));
    }
    for i in 0..8 {
        hex(&mut d, format!("b{i}"), val(&format!("b{i}")));
    }
    for i in 0..64 {
        bit(&mut d, format!("p{i}"), val(&format!("p{i}")));
    }
    for i in 0..128 {
        hex(&mut d, format!("r{i}"), val(&format!("r{i}")));
        bit(&mut d, format!("r{i}.nat"), val(&format!("r{i}.nat")));
    }
    for i in 0..8 {
        hex(&mut d, format!("rr{i}"), val(&format!("rr{i}")));
    }
    // psr.bn is bit 44 (SDM Vol 2 §3.3.2): with bank 1 current, Ski's r16..r31
    // are bank 1 and its bkr0..bkr15 bank 0.
    let bn = val("psr") >> 44 & 1 == 1;
    for bank in 0..2u64 {
        let current = (bank == 1) == bn;
        for i in 0..16 {
            let (v, nat) = if current {
                (
                    val(&format!("r{}", 16 + i)),
                    val(&format!("r{}.nat", 16 + i)),
                )
            } else {
                (val(&format!("bkr{i}")), val(&format!("bkr{i}.nat")))
            };
            hex(&mut d, format!("bank{bank}.r{}", 16 + i), v);
            bit(&mut d, format!("bank{bank}.r{}.nat", 16 + i), nat);
        }
    }
    d.fields
        .push(("insts".into(), format!("{}", val("$insts$"))));
    hex(&mut d, "itc".into(), val("itc"));
    if fp {
        for i in 2..128 {
            for part in ["s", "e", "m"] {
                let n = format!("f{i}.{part}");
                let v = val(&n);
                hex(&mut d, n, v);
            }
        }
    }
    Ok(d)
}

/// Runs a process to completion with a time limit; returns (status, stdout,
/// stderr, wall time).
fn run_process(
    mut cmd: Command,
    program: &Path,
    timeout: Duration,
) -> Result<(Option<i32>, Vec<u8>, String, Duration), BskiError> {
    let spawn_err = |source| BskiError::Spawn {
        program: program.to_path_buf(),
        source,
    };
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_err)?;
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        if let Some(p) = out_pipe.as_mut() {
            let _ = p.read_to_end(&mut b);
        }
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        if let Some(p) = err_pipe.as_mut() {
            let _ = p.read_to_end(&mut b);
        }
        b
    });
    let status = loop {
        if let Some(st) = child.try_wait().map_err(spawn_err)? {
            break st;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(BskiError::Timeout(timeout));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = start.elapsed();
    let out = out_t.join().unwrap_or_default();
    let err = err_t.join().unwrap_or_default();
    Ok((
        status.code(),
        out,
        String::from_utf8_lossy(&err).into_owned(),
        wall,
    ))
}

/// A command file path no other run uses at the same time.
fn script_path() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("ia64pv-bski-{}-{n}.cmd", std::process::id()))
}

/// Runs `elf` under `bski` and captures its final state.
pub fn run(bski: &Path, elf: &Path, opts: &SkiOptions) -> Result<SkiRun, BskiError> {
    let script = script_path();
    std::fs::write(&script, dump_script(opts.fp)).map_err(|source| BskiError::Script {
        path: script.clone(),
        source,
    })?;
    let mut cmd = Command::new(bski);
    cmd.arg("-i").arg(&script).arg(elf);
    let result = run_process(cmd, bski, opts.timeout);
    let _ = std::fs::remove_file(&script);
    let (status, _stdout, stderr, wall) = result?;
    let (stop, stats) = parse_stop(&stderr);
    let dump = dump_from_eval(&stderr, opts.fp)?;
    Ok(SkiRun {
        stop,
        status,
        dump,
        stats,
        wall,
        stderr,
    })
}

/// Runs `elf` under `bski -stats` without a command file (Ski's fast `run`
/// loop, for timing) and returns its counters and the process wall time.
pub fn run_timed(
    bski: &Path,
    elf: &Path,
    timeout: Duration,
) -> Result<(SkiStop, Option<SkiStats>, Duration), BskiError> {
    let mut cmd = Command::new(bski);
    cmd.arg("-stats").arg(elf);
    let (_, _, stderr, wall) = run_process(cmd, bski, timeout)?;
    let (stop, stats) = parse_stop(&stderr);
    Ok((stop, stats, wall))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// bski's answers for a state where every symbol is zero except a few.
    fn fake_output(fp: bool, set: &[(&str, &str)]) -> String {
        let mut s = String::from("kernel exited with status 3\n");
        s.push_str("31 insts (2 faults), 0.25 sec, 124 i/s, 17 cycles, 1.82 ipc\n");
        s.push_str("Hex: 1000b8   Decimal: 1048760\n");
        for sym in symbols(fp) {
            let v = set.iter().find(|(n, _)| *n == sym).map_or("0", |(_, v)| v);
            s.push_str(&format!("{sym} = {v}\n"));
        }
        s.push_str("Nothing to run\n");
        s
    }

    #[test]
    fn script_starts_with_run_and_evaluates_every_line() {
        let s = dump_script(false);
        let mut lines = s.lines();
        assert_eq!(lines.next(), Some("run"));
        assert_eq!(lines.next(), Some("eval ip+0"));
        assert!(s.contains("eval bkr15.nat\n"));
        assert!(!s.contains("f2.s"));
        assert!(dump_script(true).contains("eval f127.m\n"));
    }

    #[test]
    fn stop_and_stats_are_read() {
        let (stop, stats) = parse_stop(&fake_output(false, &[]));
        assert_eq!(stop, SkiStop::Exited(3));
        let st = stats.expect("stats line");
        assert_eq!((st.insts, st.faults), (31, 2));
        assert!((st.secs - 0.25).abs() < 1e-9);
        let (stop, _) = parse_stop("Halting Simulation\n5 insts (0 faults), 0.00 sec, 1 i/s\n");
        assert_eq!(stop, SkiStop::Halted);
        let (stop, _) = parse_stop("RSE error @ 100\n");
        assert_eq!(stop, SkiStop::Other("RSE error @ 100".into()));
    }

    #[test]
    fn eval_answers_become_a_sheet_dump() {
        let out = fake_output(
            false,
            &[
                ("psr", "100000000000"), // bn = 1
                ("r16", "aa"),
                ("bkr0", "bb"),
                ("bkr0.nat", "1"),
                ("lc", "10"),
                ("$insts$", "31"),
                ("p0", "1"),
            ],
        );
        let d = dump_from_eval(&out, false).expect("dump");
        assert_eq!(d.get("ip"), Some("00000000001000b8"));
        assert_eq!(d.get("ip.bundle"), Some("00000000001000b0"));
        assert_eq!(d.get("ip.slot"), Some("2"));
        assert_eq!(d.get("lc"), Some("000000000000000a"));
        assert_eq!(d.get("bank1.r16"), Some("00000000000000aa"));
        assert_eq!(d.get("bank0.r16"), Some("00000000000000bb"));
        assert_eq!(d.get("bank0.r16.nat"), Some("1"));
        assert_eq!(d.get("p0"), Some("1"));
        assert_eq!(d.get("insts"), Some("31"));
        let names: Vec<&str> = d.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(&names[..5], ["ip", "ip.bundle", "ip.slot", "psr", "cfm"]);
        let round = parse_dump(&d.to_text()).expect("parse");
        assert_eq!(round, d);
    }

    #[test]
    fn a_missing_or_misordered_answer_is_an_error() {
        let out = fake_output(false, &[]).replace("cfm = 0\n", "");
        assert!(matches!(
            dump_from_eval(&out, false),
            Err(BskiError::Output { .. })
        ));
        let out = fake_output(false, &[]).replace("Hex: ", "Hux: ");
        assert!(dump_from_eval(&out, false).is_err());
        let out = fake_output(false, &[("r5", "xyz")]);
        assert!(dump_from_eval(&out, false).is_err());
    }

    #[test]
    fn dump_lines_must_be_pairs() {
        assert!(parse_dump("ip 0\n\npsr 1\n").is_ok());
        match parse_dump("ip 0\npsr\n") {
            Err(BskiError::Dump { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected a dump error, got {other:?}"),
        }
        assert!(parse_dump("ip 0 1\n").is_err());
    }
}
