//! `ia64pv run`: runs a bare-metal ELF64 IA-64 program on the ia64pv simulator
//! (the `ski` crate) the way Ski's batch front end `bski` does.
//!
//! Console output (SSC PUTCHAR) goes to stdout as the program produces it; the
//! simulator's own messages go to stderr. Exit status:
//!
//! | how the run ended | status |
//! |---|---|
//! | SSC EXIT with code *c* | *c* & 0xff (as `bski`) |
//! | `--max-insns` budget exhausted | 124 |
//! | `break 0` halt | 125 |
//! | an unimplemented instruction or SSC | 126 |
//! | the file could not be read or loaded | 1 |

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use ski::{Config, Exit, Machine};

/// Exit status for a run stopped by `--max-insns`.
pub const STATUS_BUDGET: u8 = 124;
/// Exit status for a `break 0` halt.
pub const STATUS_HALT: u8 = 125;
/// Exit status for an unimplemented instruction or simulator system call.
pub const STATUS_UNIMPLEMENTED: u8 = 126;

/// Instructions run between console flushes.
const SLICE: u64 = 1 << 22;

/// Arguments of `ia64pv run`.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct RunArgs {
    /// Stop after this many instructions (exit status 124).
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,
    /// Write the final state, in the Ski sheet's dump format, to FILE.
    #[arg(long, value_name = "FILE")]
    pub state_out: Option<PathBuf>,
    /// Add the FP registers f2..f127 to the `--state-out` dump.
    #[arg(long, requires = "state_out")]
    pub state_out_fp: bool,
    /// Print instruction, bundle, group and per-vector interruption counts to stderr.
    #[arg(long)]
    pub stats: bool,
    /// The program: an ELF64 IA-64 executable linked in region 0.
    pub program: PathBuf,
}

/// Runs the program; returns the process exit status.
pub fn run(args: RunArgs) -> anyhow::Result<u8> {
    let bytes = std::fs::read(&args.program)
        .with_context(|| format!("cannot read {}", args.program.display()))?;
    let mut m = Machine::new(Config {
        max_insns: args.max_insns,
        ..Config::default()
    });
    m.load_elf(&bytes)
        .with_context(|| format!("cannot load {}", args.program.display()))?;
    let start = std::time::Instant::now();
    let mut out = std::io::stdout().lock();
    let exit = loop {
        let e = m.run(SLICE);
        out.write_all(&m.take_console())?;
        match e {
            Exit::Budget if args.max_insns.is_none_or(|n| m.stats().insts < n) => continue,
            Exit::HostCall { num } => {
                // Host file I/O is not offered: the call fails with r8 = -1.
                eprintln!("ia64pv run: simulator system call {num} (host file I/O) is not supported; returning -1");
                m.set_gr(8, u64::MAX, false);
                continue;
            }
            other => break other,
        }
    };
    out.flush()?;
    let elapsed = start.elapsed();
    if let Some(path) = &args.state_out {
        let dump = if args.state_out_fp {
            m.state_dump_fp()
        } else {
            m.state_dump()
        };
        std::fs::write(path, dump).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.stats {
        let s = m.stats();
        eprint!("{}", s.report());
        let secs = elapsed.as_secs_f64();
        if secs > 0.0 {
            eprintln!("mips         {:.1}", s.insts as f64 / secs / 1e6);
        }
    }
    Ok(match exit {
        Exit::Exited(code) => (code & 0xff) as u8,
        Exit::Budget => {
            eprintln!(
                "ia64pv run: instruction budget exhausted after {} instructions at ip {:#x}",
                m.stats().insts,
                m.ip()
            );
            STATUS_BUDGET
        }
        Exit::Halted { ip } => {
            eprintln!(
                "ia64pv run: halted by break 0 at ip {ip:#x} after {} instructions",
                m.stats().insts
            );
            STATUS_HALT
        }
        Exit::Unimplemented { ip, what } => {
            eprintln!("ia64pv run: unimplemented {what} at ip {ip:#x}");
            STATUS_UNIMPLEMENTED
        }
        Exit::Fault { vector, ip } => {
            eprintln!("ia64pv run: stopped on {} at ip {ip:#x}", vector.name());
            STATUS_UNIMPLEMENTED
        }
        Exit::HostCall { num } => {
            eprintln!("ia64pv run: unexpected host call {num}");
            STATUS_UNIMPLEMENTED
        }
    })
}
