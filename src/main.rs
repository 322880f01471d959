//! `ia64pv`: the command-line front end of the ia64pv toolkit.
use anyhow::Result;
use clap::{Parser, Subcommand};

/// Paravirtualization toolkit for IA-64.
#[derive(Parser)]
#[command(name = "ia64pv", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {}
}
