//! `ia64pv`: the command-line front end of the ia64pv toolkit.
use anyhow::Result;
use clap::{Parser, Subcommand};

use ia64pv::cli_as::{self, AsArgs};
use ia64pv::cli_bench::{self, BenchArgs};
use ia64pv::cli_disasm::{self, DisasmArgs};
use ia64pv::cli_run::{self, RunArgs};
use ia64pv::cli_skidiff::{self, SkiDiffArgs};

/// Paravirtualization toolkit for IA-64.
#[derive(Parser)]
#[command(name = "ia64pv", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Disassemble an ELF64 IA-64 file (or a flat binary) exactly as
    /// `ia64-linux-gnu-objdump -d` prints it.
    Disasm(DisasmArgs),
    /// Print the hypervisor interface as an assembly include, a C89 header or JSON.
    Abi(AbiArgs),
    /// Assemble GNU as (ia64, `-xexplicit`) sources into an ELF64 object, an
    /// executable (`--exec`) or a flat binary (`--binary`).
    As(AsArgs),
    /// Run a bare-metal ELF64 IA-64 program on the simulator, like Ski's `bski`
    /// (console on stdout; exit status = the program's EXIT code & 0xff).
    Run(RunArgs),
    /// Run programs here and under Ski (`bski` on PATH) and diff the final
    /// states (exit status 0 same, 1 different, 2 no Ski or an error).
    SkiDiff(SkiDiffArgs),
    /// Benchmark: `bench sim` runs the simulator's fixed workloads and prints
    /// MIPS (and the ratio to Ski when `bski` is on PATH).
    Bench(BenchArgs),
}

/// Which rendering of the hypervisor interface to print.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
struct AbiArgs {
    /// `.equ` lines for GNU as and the ia64pv assembler.
    #[arg(long)]
    asm: bool,
    /// A C89 header with its own fixed-width typedefs.
    #[arg(long)]
    c: bool,
    /// JSON: every number, struct size and field offset.
    #[arg(long)]
    json: bool,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Disasm(args) => cli_disasm::run(args),
        Command::As(args) => cli_as::run(args),
        Command::Run(args) => {
            let status = cli_run::run(args)?;
            std::process::exit(status as i32)
        }
        Command::SkiDiff(args) => {
            let status = cli_skidiff::run(args)?;
            std::process::exit(status as i32)
        }
        Command::Bench(args) => cli_bench::run(args),
        Command::Abi(a) => {
            use hyperpriv::{abi_text, AbiFormat};
            let kind = if a.asm {
                AbiFormat::Asm
            } else if a.c {
                AbiFormat::C
            } else {
                AbiFormat::Json
            };
            print!("{}", abi_text(kind));
            Ok(())
        }
    }
}
