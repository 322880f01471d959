//! `ia64pv disasm`: objdump-identical disassembly listings of ELF64 IA-64 files
//! and flat binaries (see [`crate::objdump`]).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::objdump::{disasm_elf, disasm_raw};

/// Arguments of `ia64pv disasm`.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct DisasmArgs {
    /// The file to disassemble: an ELF64 IA-64 file, or with `--raw` a flat binary.
    pub file: PathBuf,
    /// Treat FILE as a flat binary of bundles, like
    /// `objdump -D -b binary -m ia64 --adjust-vma=BASE`.
    #[arg(long)]
    pub raw: bool,
    /// Address of the first byte of a flat binary: hex with `0x`, or decimal.
    #[arg(long, value_name = "ADDR", default_value = "0", value_parser = parse_addr, requires = "raw")]
    pub base: u64,
}

/// Parses an address: `0x` followed by hex digits, or decimal digits.
fn parse_addr(s: &str) -> Result<u64, String> {
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s.parse(),
    };
    parsed.map_err(|e| format!("`{s}` is not an address (hex with 0x, or decimal): {e}"))
}

/// Prints the listing of `args.file` on stdout.
pub fn run(args: DisasmArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    // objdump names the file as it was given on the command line.
    let name = args.file.display().to_string();
    let listing = if args.raw {
        if bytes.is_empty() {
            bail!("{name}: file is empty");
        }
        disasm_raw(&bytes, &name, args.base)
    } else {
        disasm_elf(&bytes, &name)
            .with_context(|| format!("{name}: not a readable ELF64 IA-64 file"))?
    };
    let mut out = std::io::stdout().lock();
    out.write_all(listing.as_bytes())
        .context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: DisasmArgs,
    }

    #[test]
    fn base_accepts_hex_and_decimal() {
        assert_eq!(parse_addr("0xa000000000000000"), Ok(0xa000_0000_0000_0000));
        assert_eq!(parse_addr("4096"), Ok(4096));
        assert!(parse_addr("0x").is_err());
        assert!(parse_addr("ten").is_err());
        let cli = Cli::try_parse_from(["t", "f.bin", "--raw", "--base", "0x1000"]).expect("valid");
        assert_eq!(
            cli.args,
            DisasmArgs {
                file: "f.bin".into(),
                raw: true,
                base: 0x1000
            }
        );
        assert!(
            Cli::try_parse_from(["t", "f.o", "--base", "16"]).is_err(),
            "--base needs --raw"
        );
    }

    #[test]
    fn unreadable_and_foreign_files_are_errors_with_context() {
        let dir = std::env::temp_dir().join(format!("ia64pv-cli-disasm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("not-elf");
        std::fs::write(&file, b"hello, world\n").expect("write");
        let err = run(DisasmArgs {
            file: file.clone(),
            raw: false,
            base: 0,
        })
        .expect_err("not ELF");
        let msg = format!("{err:#}");
        assert!(
            msg.contains("not a readable ELF64 IA-64 file")
                && msg.contains("bad magic at offset 0"),
            "{msg}"
        );
        let err = run(DisasmArgs {
            file: dir.join("missing"),
            raw: false,
            base: 0,
        })
        .expect_err("missing");
        assert!(format!("{err:#}").contains("cannot read"));
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
