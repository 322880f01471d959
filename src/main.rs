//! `ia64pv`: the command-line front end of the ia64pv toolkit.
use anyhow::Result;
use clap::{Parser, Subcommand};

use ia64pv::cli_disasm::{self, DisasmArgs};

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
