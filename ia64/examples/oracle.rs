//! Compares this crate's decoder, encoder and disassembler with GNU binutils on
//! assembly sources: `cargo run -p ia64 --example oracle -- FILE.s...`.
//!
//! Each source is assembled with `ia64-linux-gnu-as -xexplicit`, its `.text` is
//! dumped as a flat binary and disassembled by `ia64-linux-gnu-objdump`; every slot
//! line must equal ours, and every decoded instruction must re-encode to the same
//! bits. Mismatches are printed with the slot's bits; the exit code is the count.
use std::process::Command;

use ia64::bundle::Bundle;
use ia64::decode::{decode_bundle, Slot};
use ia64::disasm::{bundle_text, RawAddrs};
use ia64::encode::encode;

fn run(cmd: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("{cmd}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// objdump's instruction column for each slot line with text, by byte offset.
fn objdump_lines(bin: &str) -> Result<Vec<(u64, String)>, String> {
    let text = run("ia64-linux-gnu-objdump", &["-D", "-b", "binary", "-m", "ia64", bin])?;
    let mut v = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(_bytes), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(addr) = addr.trim().strip_suffix(':') else { continue };
        let Ok(addr) = u64::from_str_radix(addr, 16) else { continue };
        // Marker column is 6 characters ("[MII] " or blanks).
        let body: String = rest.chars().skip(6).collect();
        v.push((addr, body.trim_start().to_string()));
    }
    Ok(v)
}

fn check(src: &str) -> Result<usize, String> {
    let obj = format!("{src}.o");
    let bin = format!("{src}.bin");
    run("ia64-linux-gnu-as", &["-xexplicit", "-o", &obj, src])?;
    run("ia64-linux-gnu-objcopy", &["-O", "binary", "-j", ".text", &obj, &bin])?;
    let bytes = std::fs::read(&bin).map_err(|e| format!("{bin}: {e}"))?;
    let theirs = objdump_lines(&bin)?;
    let mut ours = Vec::new();
    let mut bad = 0;
    for (k, chunk) in bytes.chunks_exact(16).enumerate() {
        let b: [u8; 16] = chunk.try_into().expect("16-byte chunk");
        let addr = (k * 16) as u64;
        let t = bundle_text(&b, addr, &RawAddrs);
        for l in &t.lines {
            ours.push((addr + l.offset as u64, l.text.clone(), Bundle::from_bytes(b).slot((l.offset / 6) as usize)));
        }
        if let Ok(d) = decode_bundle(&b) {
            for (n, s) in d.slots.iter().enumerate() {
                if let Slot::Insn(i) = s {
                    let raw = Bundle::from_bytes(b).slot(n);
                    match encode(i) {
                        Ok(e) if e.slot == raw => {}
                        Ok(e) => {
                            bad += 1;
                            println!("{src}: {addr:#x} slot {n}: re-encodes to {:#013x}, was {raw:#013x} ({})", e.slot, i.form().name);
                        }
                        Err(e) => {
                            bad += 1;
                            println!("{src}: {addr:#x} slot {n}: encode error {e}");
                        }
                    }
                }
            }
        }
    }
    if ours.len() != theirs.len() {
        println!("{src}: {} lines from objdump, {} from us", theirs.len(), ours.len());
        bad += 1;
    }
    for ((a, t, raw), (a2, t2)) in ours.iter().zip(theirs.iter()) {
        if a != a2 || t != t2 {
            bad += 1;
            println!("{src}: {a:#x} bits {raw:#013x}\n  objdump: {t2}\n  ours:    {t}");
        }
    }
    Ok(bad)
}

fn main() {
    let mut bad = 0;
    for src in std::env::args().skip(1) {
        match check(&src) {
            Ok(n) => bad += n,
            Err(e) => {
                eprintln!("{e}");
                bad += 1;
            }
        }
    }
    println!("{bad} mismatches");
    std::process::exit(bad.min(255) as i32);
}
