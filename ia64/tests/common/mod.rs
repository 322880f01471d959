//! Shared support for tests that use GNU binutils for ia64 as an oracle.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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
