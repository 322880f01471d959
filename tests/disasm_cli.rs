//! `ia64pv disasm` against `ia64-linux-gnu-objdump` (binutils 2.40): sources are
//! assembled with `ia64-linux-gnu-as -xexplicit` (and linked with
//! `ia64-linux-gnu-ld`), objdump lists them, and every line of our listing must
//! equal objdump's. Without binutils these tests skip loudly, and fail under
//! `CI=true`.

use std::path::PathBuf;
use std::process::Command;

use ia64pv::objdump::{disasm_elf, disasm_raw};

const AS: &str = "ia64-linux-gnu-as";
const LD: &str = "ia64-linux-gnu-ld";
const OBJDUMP: &str = "ia64-linux-gnu-objdump";
const OBJCOPY: &str = "ia64-linux-gnu-objcopy";

/// A scratch directory for one test, removed when the test passes.
struct Work {
    dir: PathBuf,
}

impl Work {
    /// The directory, or `None` (after a loud message) when binutils is missing.
    fn new(test: &str) -> Option<Self> {
        if !ia64::oracle::binutils(test, &["as", "ld", "objdump", "objcopy"]) {
            return None;
        }
        let dir = std::env::temp_dir().join(format!("ia64pv-disasm-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch directory");
        Some(Self { dir })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Runs `tool` in the scratch directory; panics with its stderr on failure.
    fn run(&self, tool: &str, args: &[&str]) -> String {
        let out = Command::new(tool)
            .args(args)
            .current_dir(&self.dir)
            .output()
            .expect("run binutils");
        assert!(
            out.status.success(),
            "{tool} {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("objdump prints UTF-8")
    }

    /// Assembles `src` into `name`.o.
    fn assemble(&self, name: &str, src: &str) -> String {
        let s = format!("{name}.s");
        let o = format!("{name}.o");
        std::fs::write(self.path(&s), src).expect("write source");
        self.run(AS, &["-xexplicit", &s, "-o", &o]);
        o
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path(name), bytes).expect("write file");
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read file")
    }

    /// objdump -d of `file` against ours.
    fn check_elf(&self, file: &str) {
        let theirs = self.run(OBJDUMP, &["-d", file]);
        let ours =
            disasm_elf(&self.read(file), file).expect("our reader accepts what binutils wrote");
        same_lines(file, &ours, &theirs);
    }

    /// objdump -D -b binary of `file` at `base` against ours.
    fn check_raw(&self, file: &str, base: u64) {
        let adjust = format!("--adjust-vma={base:#x}");
        let theirs = self.run(
            OBJDUMP,
            &["-D", "-b", "binary", "-m", "ia64", &adjust, file],
        );
        let ours = disasm_raw(&self.read(file), file, base);
        same_lines(&format!("{file} at {base:#x}"), &ours, &theirs);
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Every line equal; on failure, the first differing lines with their numbers.
fn same_lines(what: &str, ours: &str, theirs: &str) {
    let o: Vec<&str> = ours.split('\n').collect();
    let t: Vec<&str> = theirs.split('\n').collect();
    let diffs: Vec<String> = (0..o.len().max(t.len()))
        .filter(|&i| o.get(i) != t.get(i))
        .take(8)
        .map(|i| {
            format!(
                "line {}:\n  objdump: {:?}\n  ours:    {:?}",
                i + 1,
                t.get(i),
                o.get(i)
            )
        })
        .collect();
    assert!(
        diffs.is_empty(),
        "{what}: listings differ ({} lines vs objdump's {}):\n{}",
        o.len(),
        t.len(),
        diffs.join("\n")
    );
}

/// An MII bundle of nops with a stop.
const NOPS: &str = "{ .mii\n nop.m 0\n nop.i 0\n nop.i 0 ;;\n}\n";

/// Two text sections and an empty one; global, local, weak and function symbols,
/// two at one address; a first symbol past the section start; a data object in
/// code; a symbol inside a bundle; zero runs of every kind; a section whose
/// size is not a multiple of 16; branches to symbols, past them and to an
/// external symbol (so the file has relocations).
const SECTIONS_AND_SYMBOLS: &str = r#"
	.text
	.global start
	.type start,@function
alias:
start:
	{ .mib
	  mov r8=r9
	  nop.i 0
	  br.call.sptk.many b0=external ;;
	}
	{ .mlx
	  nop.m 0
	  movl r8=0x123456789abcdef0 ;;
	}
	.skip 48
	.weak soft
soft:
	{ .mib
	  nop.m 0
	  nop.i 0
	  br.call.sptk.many b0=other ;;
	}
	.byte 0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0
	.byte 0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0
	.byte 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0
	.byte 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1
	.byte 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0
	.byte 0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0
	.byte 0x11,1,2,3,4,5,6,7
inside:
	.byte 8,9,10,11,12,13,14,15
	.global table
	.type table,@object
	.size table,20
table:
	.byte 0x41,0x42,0x43,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20
	.byte 0x7f,0x20,0x7e,0x80
	.align 16
zz_local:
aa_local:
	{ .mib
	  nop.m 0
	  nop.i 0
	  br.sptk.many inside ;;
	}
	.byte 1,2,3,4,5,6,7
	.section .text.empty,"ax",@progbits
	.section .text.two,"ax",@progbits
	{ .mib
	  nop.m 0
	  nop.i 0
	  br.call.sptk.many b0=.+0x20 ;;
	}
	.global other
	.type other,@function
other:
	{ .mib
	  nop.m 0
	  nop.i 0
	  br.call.sptk.many b0=.-0x10 ;;
	}
	{ .mlx
	  nop.m 0
	  brl.call.sptk.many b0=start ;;
	}
	.skip 20
	.data
	.quad 1
"#;

#[test]
fn relocatable_with_sections_symbols_zero_runs_and_data() {
    let Some(w) = Work::new("relocatable") else {
        return;
    };
    let o = w.assemble("sections", SECTIONS_AND_SYMBOLS);
    w.check_elf(&o);
}

/// The same shapes with every branch resolved by the assembler: a file without
/// relocation sections names targets by the nearest symbol of any section.
#[test]
fn relocatable_without_relocations() {
    let Some(w) = Work::new("no-relocs") else {
        return;
    };
    let src = SECTIONS_AND_SYMBOLS
        .replace("b0=external", "b0=alias")
        .replace("b0=other", "b0=aa_local")
        .replace("b0=start", "b0=.+0x300");
    let o = w.assemble("norelocs", &src);
    assert!(
        !w.run("ia64-linux-gnu-readelf", &["-S", &o])
            .contains(".rela"),
        "the source must need no relocations"
    );
    w.check_elf(&o);
}

/// A branch whose target lies in its own section before that section's first
/// symbol: with relocations objdump must name it from this section
/// (`<late-0x..>`), without them by the nearest symbol of another section.
#[test]
fn target_naming_depends_on_relocations() {
    let Some(w) = Work::new("reloc-naming") else {
        return;
    };
    let body = |extra: &str| {
        format!(
            "\t.text\nfirst:\n{NOPS}{NOPS}\n\t.section .text.b,\"ax\",@progbits\n\
             {{ .mib\n nop.m 0\n nop.i 0\n br.call.sptk.many b0=.+0x10 ;;\n}}\n{NOPS}late:\n{NOPS}{extra}"
        )
    };
    let with = w.assemble(
        "with",
        &body("{ .mib\n nop.m 0\n nop.i 0\n br.call.sptk.many b0=far ;;\n}\n"),
    );
    let without = w.assemble("without", &body(""));
    w.check_elf(&with);
    w.check_elf(&without);
}

/// An executable at the gate page address (`0xa000000000000000`), two objects.
#[test]
fn executable_at_high_address() {
    let Some(w) = Work::new("exec") else { return };
    let a = w.assemble("a", SECTIONS_AND_SYMBOLS);
    let b = w.assemble(
        "b",
        "\t.text\n\t.global external\nexternal:\n{ .mib\n nop.m 0\n nop.i 0\n br.ret.sptk.many b0 ;;\n}\n",
    );
    w.run(
        LD,
        &[
            "-Ttext=0xa000000000000000",
            "-e",
            "start",
            &a,
            &b,
            "-o",
            "gate.x",
        ],
    );
    w.check_elf("gate.x");
}

/// A file without symbols: sections are labelled by name and targets print as
/// `0x...`.
#[test]
fn stripped_file() {
    let Some(w) = Work::new("stripped") else {
        return;
    };
    let o = w.assemble("s", SECTIONS_AND_SYMBOLS);
    w.run(OBJCOPY, &["--strip-all", &o, "stripped.o"]);
    w.check_elf("stripped.o");
}

/// A file with no executable section prints only the header.
#[test]
fn no_code_sections() {
    let Some(w) = Work::new("nocode") else { return };
    let o = w.assemble("d", "\t.data\n\t.quad 1\n");
    w.check_elf(&o);
}

/// Flat binaries: assembled code, random bundles, zero runs and partial bundles,
/// at several `--adjust-vma` bases including one that wraps past 2^64.
#[test]
fn raw_binaries() {
    let Some(w) = Work::new("raw") else { return };
    let o = w.assemble("code", SECTIONS_AND_SYMBOLS);
    w.run(OBJCOPY, &["-O", "binary", "-j", ".text", &o, "code.bin"]);
    let mut random = Vec::new();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..256u32 {
        let mut bundle = [0u8; 16];
        for b in &mut bundle {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        // Every template code, and now and then a run of zeros inside a bundle.
        bundle[0] = (bundle[0] & !0x1f) | (i % 32) as u8;
        if i % 7 == 3 {
            bundle[(i % 10) as usize..].fill(0);
        }
        if i % 23 == 5 {
            random.extend([0u8; 40]);
        }
        random.extend(bundle);
    }
    random.extend([0xa5; 7]);
    w.write("random.bin", &random);
    w.write(
        "tail2.bin",
        &[1, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 4, 0, 0, 0],
    );
    w.write("tail3.bin", &[0, 0, 0]);
    for base in [0, 0x1000, 0xa000_0000_0000_0000, 0xffff_ffff_ffff_fff0] {
        w.check_raw("code.bin", base);
        w.check_raw("random.bin", base);
    }
    w.check_raw("tail2.bin", 0);
    w.check_raw("tail3.bin", 0);
}

/// Our ELF reader rejects what is not ELF64 little-endian IA-64, saying why.
#[test]
fn foreign_files_are_rejected() {
    let Some(w) = Work::new("foreign") else {
        return;
    };
    let o = w.assemble("ok", NOPS);
    let good = w.read(&o);
    let mut x86 = good.clone();
    x86[18..20].copy_from_slice(&62u16.to_le_bytes());
    let err = disasm_elf(&x86, "x")
        .expect_err("x86-64 machine")
        .to_string();
    assert!(err.contains("is 62 (x86-64), not IA-64"), "{err}");
    let err = disasm_elf(&good[..30], "x")
        .expect_err("truncated")
        .to_string();
    assert!(
        err.contains("truncated ELF64 file header at offset 0x0"),
        "{err}"
    );
}
