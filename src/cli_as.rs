//! `ia64pv as`: the GNU-as-compatible IA-64 assembler on the command line
//! (see [`ia64::asm`]). Writes an ET_REL object, or with `--exec` an ET_EXEC
//! image, or with `--binary` a flat binary plus a symbol map (`OUT.map`).

use std::path::PathBuf;

use anyhow::{bail, Context};
use ia64::asm::elfout::{self, Layout};
use ia64::asm::{assemble, Options, Source};

/// Arguments of `ia64pv as`.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct AsArgs {
    /// Source files, assembled as one unit in order (like `as a.s b.s`).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output file (default `a.out`).
    #[arg(short = 'o', value_name = "OUT", default_value = "a.out")]
    pub output: PathBuf,
    /// A directory searched by `.include` (repeatable).
    #[arg(short = 'I', value_name = "DIR")]
    pub include: Vec<PathBuf>,
    /// Define SYM as the absolute value VAL before assembling (repeatable).
    #[arg(long = "defsym", value_name = "SYM=VAL")]
    pub defsym: Vec<String>,
    /// Turn warnings (dependency violations, `.warning`) into errors.
    #[arg(long)]
    pub fatal_warnings: bool,
    /// Dependency-violation mode, as GNU as's `-x`: `explicit` (default: stops as
    /// written, violations warned) or `auto` (`-xauto`: stops inserted where
    /// needed, written stops ignored).
    #[arg(short = 'x', value_name = "MODE", default_value = "explicit",
          value_parser = ["explicit", "auto"])]
    pub x: String,
    /// Write an executable (ET_EXEC) with the relocations applied.
    #[arg(long)]
    pub exec: bool,
    /// Load address of a section, `NAME=ADDR` (repeatable; with --exec or --binary).
    #[arg(long = "section-start", value_name = "SEC=ADDR")]
    pub section_start: Vec<String>,
    /// Entry symbol or address (with --exec).
    #[arg(long, value_name = "SYM")]
    pub entry: Option<String>,
    /// Write a flat binary of these sections (repeatable) and `OUT.map`.
    #[arg(long = "binary", value_name = "SEC", num_args = 1)]
    pub binary: Vec<String>,
}

fn number(s: &str) -> anyhow::Result<i64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let v = elfout::parse_number(t).with_context(|| format!("`{s}` is not a number"))? as i64;
    Ok(if neg { v.wrapping_neg() } else { v })
}

/// Runs the assembler; diagnostics go to stderr.
pub fn run(args: AsArgs) -> anyhow::Result<()> {
    let mut opts = Options {
        include_dirs: args.include.clone(),
        fatal_warnings: args.fatal_warnings,
        auto: args.x == "auto",
        ..Options::default()
    };
    for d in &args.defsym {
        let Some((k, v)) = d.split_once('=') else {
            bail!("--defsym expects SYM=VAL, got `{d}`")
        };
        opts.defsyms.push((k.to_string(), number(v)?));
    }
    let mut sources = Vec::new();
    for p in &args.inputs {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        sources.push(Source {
            name: p.display().to_string(),
            text,
        });
    }
    let assembled = match assemble(&sources, &opts) {
        Ok(a) => a,
        Err(d) => {
            eprint!("{}", d.render());
            bail!("{} error(s)", d.errors().count());
        }
    };
    for w in &assembled.warnings {
        eprint!("{}", w.render());
    }
    for p in &assembled.printed {
        println!("{p}");
    }
    let mut layout = Layout {
        entry: args.entry.clone(),
        ..Layout::default()
    };
    for s in &args.section_start {
        let Some((k, v)) = s.split_once('=') else {
            bail!("--section-start expects SEC=ADDR, got `{s}`")
        };
        layout
            .section_start
            .push((k.to_string(), number(v)? as u64));
    }
    if args.exec || !args.binary.is_empty() {
        let image = elfout::link(&assembled.object, &layout)?;
        if args.exec {
            std::fs::write(&args.output, image.to_elf())
                .with_context(|| format!("cannot write {}", args.output.display()))?;
        } else {
            let (bytes, _) = image.binary(&args.binary);
            std::fs::write(&args.output, bytes)
                .with_context(|| format!("cannot write {}", args.output.display()))?;
            let mut map = args.output.clone().into_os_string();
            map.push(".map");
            std::fs::write(&map, image.symbol_map()).context("cannot write the symbol map")?;
        }
    } else {
        std::fs::write(&args.output, elfout::write_rel(&assembled.object))
            .with_context(|| format!("cannot write {}", args.output.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(dir: &std::path::Path, extra: &[&str]) -> AsArgs {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            a: AsArgs,
        }
        let src = dir.join("t.s");
        let mut v: Vec<String> = vec!["as".into(), src.display().to_string()];
        v.extend(extra.iter().map(|s| s.to_string()));
        Cli::parse_from(v).a
    }

    #[test]
    fn x_selects_the_dependency_mode() {
        let dir = std::env::temp_dir().join(format!("ia64pv-cli-as-x-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.s"), "\tadd r1=r2,r3\n\tadd r4=r1,r5\n").unwrap();
        let o = dir.join("t.o");
        let o = o.to_str().unwrap();
        assert_eq!(args(&dir, &["-o", o]).x, "explicit");
        let a = args(&dir, &["-o", o, "-xauto"]);
        assert_eq!(a.x, "auto");
        run(a).expect("object");
        let obj = std::fs::read(o).unwrap();
        // The stop automatic mode inserts between the two `add`s: `M;;MI` with
        // the closing stop (template code 0x0b) starts the only bundle.
        let text = obj
            .windows(6)
            .position(|w| w == [0x0b, 0x08, 0x08, 0x06, 0x00, 0x20]);
        assert!(text.is_some(), "no M;;MI bundle");
        run(args(&dir, &["-o", o, "--fatal-warnings"])).expect_err("explicit mode warns");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn object_exec_and_binary_outputs() {
        let dir = std::env::temp_dir().join(format!("ia64pv-cli-as-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("inc")).unwrap();
        std::fs::write(dir.join("inc/defs.inc"), ".equ VALUE, 7\n").unwrap();
        std::fs::write(
            dir.join("t.s"),
            "\t.include \"defs.inc\"\n\t.text\n\t.global _start\n_start:\tmov r8 = VALUE + EXTRA\n\t;;\n\t.data\nd:\tdata8 _start\n",
        )
        .unwrap();
        let o = dir.join("t.o");
        let inc = dir.join("inc");
        let base = [
            "-o",
            o.to_str().unwrap(),
            "-I",
            inc.to_str().unwrap(),
            "--defsym",
            "EXTRA=0x10",
        ];
        run(args(&dir, &base)).expect("object");
        assert_eq!(&std::fs::read(&o).unwrap()[..4], b"\x7fELF");
        let mut exec = base.to_vec();
        exec.extend([
            "--exec",
            "--section-start",
            ".text=0x4000",
            "--section-start",
            ".data=0x8000",
            "--entry",
            "_start",
        ]);
        run(args(&dir, &exec)).expect("exec");
        let e = std::fs::read(&o).unwrap();
        assert_eq!(u16::from_le_bytes([e[16], e[17]]), 2, "ET_EXEC");
        assert_eq!(
            u64::from_le_bytes(e[24..32].try_into().unwrap()),
            0x4000,
            "entry"
        );
        let mut bin = base.to_vec();
        bin.extend([
            "--section-start",
            ".text=0x4000",
            "--section-start",
            ".data=0x4010",
            "--binary",
            ".text",
            "--binary",
            ".data",
        ]);
        run(args(&dir, &bin)).expect("binary");
        let b = std::fs::read(&o).unwrap();
        assert_eq!(b.len(), 24);
        assert_eq!(b[16..24], 0x4000u64.to_le_bytes(), "data8 _start relocated");
        let map = std::fs::read_to_string(dir.join("t.o.map")).unwrap();
        assert!(map.contains("0000000000004000 _start"), "{map}");
        std::fs::write(dir.join("t.s"), "\t.text\n\tbogus r1\n").unwrap();
        assert!(run(args(&dir, &base)).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
