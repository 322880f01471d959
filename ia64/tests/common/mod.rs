//! Shared support for tests that use GNU binutils for ia64 as an oracle.
#![allow(dead_code)]

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use ia64::corpus::layout;
use ia64::decode::Instruction;
use ia64::disasm::{write_insn, Symbolizer};
use ia64::form::Flags;

/// Whether the binutils oracle is installed, by the workspace's one rule
/// ([`ia64::oracle`]): under `CI=true` a missing tool is a failure; elsewhere the
/// caller skips, and this prints why.
pub fn binutils(test: &str) -> bool {
    ia64::oracle::binutils(test, &["as", "objdump"])
}

/// The path of scratch directory `name` (see [`scratch`]), without touching it.
pub fn scratch_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()))
}

/// A fresh scratch directory under the target directory, private to this test
/// process (two test runs sharing a target directory must not delete each
/// other's files).
pub fn scratch(name: &str) -> PathBuf {
    let base = scratch_path(name);
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("create scratch dir");
    base
}

/// Runs a command, returning stdout, or stderr as the error.
pub fn run(cmd: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("{cmd}: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Assembles `src` with `ia64-linux-gnu-as -xexplicit`. On failure returns the
/// 1-based line numbers gas complained about (errors only) and its message.
pub fn gas(src: &Path, obj: &Path) -> Result<(), (Vec<usize>, String)> {
    gas_mode(src, obj, "-xexplicit")
}

/// Like [`gas`] with another `-x` mode. `-xnone` gives the same bytes for
/// explicitly bundled code without gas's dependency-violation analysis, which
/// takes minutes on a large corpus.
pub fn gas_mode(src: &Path, obj: &Path, mode: &str) -> Result<(), (Vec<usize>, String)> {
    let out = Command::new("ia64-linux-gnu-as")
        .arg(mode)
        .arg("-o")
        .arg(obj)
        .arg(src)
        .output()
        .map_err(|e| (vec![], e.to_string()))?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let name = src.to_string_lossy();
    let mut lines = Vec::new();
    for l in err.lines() {
        // "file.s:12: Error: ..."
        if let Some(rest) = l.strip_prefix(&format!("{name}:")) {
            let mut it = rest.splitn(2, ':');
            if let (Some(n), Some(msg)) = (it.next(), it.next()) {
                if msg.trim_start().starts_with("Error") {
                    if let Ok(n) = n.parse() {
                        lines.push(n);
                    }
                }
            }
        }
    }
    Err((lines, err))
}

/// The `.text` of an object as a flat binary.
pub fn text_bytes(obj: &Path, dir: &Path) -> Vec<u8> {
    let bin = dir.join("text.bin");
    run(
        "ia64-linux-gnu-objcopy",
        &[
            "-O",
            "binary",
            "-j",
            ".text",
            &obj.to_string_lossy(),
            &bin.to_string_lossy(),
        ],
    )
    .expect("objcopy");
    std::fs::read(&bin).expect("read text.bin")
}

/// objdump's instruction column of each slot line of a flat binary, with the
/// line's address.
pub fn objdump_raw(bin: &Path) -> Vec<(u64, String)> {
    objdump_raw_full(bin)
        .into_iter()
        .map(|(a, _, t)| (a, t))
        .collect()
}

/// Like [`objdump_raw`], with the template marker column (`[MII]` or blank).
pub fn objdump_raw_full(bin: &Path) -> Vec<(u64, String, String)> {
    let text = run(
        "ia64-linux-gnu-objdump",
        &["-D", "-b", "binary", "-m", "ia64", &bin.to_string_lossy()],
    )
    .expect("objdump");
    let mut v = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(_bytes), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(addr) = addr.trim().strip_suffix(':') else {
            continue;
        };
        let Ok(addr) = u64::from_str_radix(addr, 16) else {
            continue;
        };
        // The marker column is 6 characters ("[MII] " or blanks).
        let marker: String = rest.chars().take(6).collect();
        let body: String = rest.chars().skip(6).collect();
        v.push((
            addr,
            marker.trim().to_string(),
            body.trim_start().to_string(),
        ));
    }
    v
}

/// Branch targets written `Lk+disp`: relative to the label `Lk` of the case's
/// own bundle (the decoded displacement is from that bundle).
struct LabelRel(usize);

impl Symbolizer for LabelRel {
    fn write_target(&self, addr: u64, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "L{}{:+}", self.0, addr as i64)
    }
}

/// An instruction as GNU as source: its qualifying predicate and objdump's
/// text, with branch targets relative to label `L{label}`.
pub fn render(insn: &Instruction, label: usize) -> String {
    let mut s = String::new();
    if insn.qp != 0 {
        write!(s, "(p{}) ", insn.qp).unwrap();
    }
    write_insn(&mut s, insn, 0, &LabelRel(label)).unwrap();
    s
}

/// An explicit bundle `L{label}: { .tmpl ... }` holding `text`, an instruction
/// of `insn`'s row, in the slot the corpus lays that row out in, nops in the
/// other slots, and the stops the row needs (after its slot when it must end an
/// instruction group, and at the bundle's end). One line per slot, between the
/// opening and closing brace lines.
pub fn braced_bundle(label: usize, insn: &Instruction, text: &str) -> String {
    let f = insn.form();
    let (tmpl, slot) = layout(f);
    let fill: [&str; 3] = match tmpl {
        ".mmi" => ["nop.m 0", "nop.m 0", "nop.i 0"],
        ".mii" => ["nop.m 0", "nop.i 0", "nop.i 0"],
        ".mfi" => ["nop.m 0", "nop.f 0", "nop.i 0"],
        ".mib" => ["nop.m 0", "nop.i 0", "nop.b 0"],
        _ => ["nop.m 0", "", ""],
    };
    let last = f.flags.has(Flags::LAST);
    let slots = if tmpl == ".mlx" { 2 } else { 3 };
    // In an MLX bundle the long instruction is the second line written.
    let at = if tmpl == ".mlx" { 1 } else { slot };
    let mut t = format!("L{label}:\t{{ {tmpl}\n");
    for (s, filler) in fill.iter().enumerate().take(slots) {
        let body = if s == at { text } else { filler };
        let stop = if s == slots - 1 || (last && s == slot) {
            " ;;"
        } else {
            ""
        };
        t.push_str(&format!("\t{body}{stop}\n"));
    }
    t.push_str("\t}\n");
    t
}

/// The `.s` files of `tests/asm_data` whose names start with `prefix`, sorted.
pub fn asm_data(prefix: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/asm_data");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("asm_data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "s")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    v.sort();
    v
}
