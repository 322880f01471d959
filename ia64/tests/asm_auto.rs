//! Automatic mode (`.auto`, `-xauto`): the stops (and serializations) GNU as
//! inserts itself must be the same, so the objects must be byte-identical to
//! `ia64-linux-gnu-as`'s. The corpus is `tests/asm_data/auto*.s` plus generated
//! random instruction mixes.

mod common;

use std::path::Path;

use ia64::asm::{assemble, elfout, Options, Source};

fn ours(src: &Path, out: &Path, auto: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(src).map_err(|e| e.to_string())?;
    let a = assemble(
        &[Source {
            name: src.display().to_string(),
            text,
        }],
        &Options {
            auto,
            ..Options::default()
        },
    )
    .map_err(|d| d.render())?;
    std::fs::write(out, elfout::write_rel(&a.object)).map_err(|e| e.to_string())
}

fn objdump_dr(obj: &Path) -> String {
    let t = common::run(
        "ia64-linux-gnu-objdump",
        &["-d", "-r", &obj.to_string_lossy()],
    )
    .expect("objdump");
    // Drop the line naming the file.
    t.lines().skip(2).collect::<Vec<_>>().join("\n")
}

/// Assembles `src` with GNU as in `mode` and with ours; returns a description of
/// each difference.
fn compare(src: &Path, mode: &str, dir: &Path) -> Vec<String> {
    let stem = src.file_stem().unwrap_or_default().to_string_lossy();
    let (gas_o, our_o) = (dir.join("gas.o"), dir.join("our.o"));
    if let Err((_, m)) = common::gas_mode(src, &gas_o, mode) {
        panic!("{stem} ({mode}): GNU as rejected the source:\n{m}");
    }
    if let Err(m) = ours(src, &our_o, mode == "-xauto") {
        return vec![format!("{stem} ({mode}): our assembler failed:\n{m}")];
    }
    let mut out = Vec::new();
    let (g, o) = (objdump_dr(&gas_o), objdump_dr(&our_o));
    if g != o {
        out.push(format!(
            "{stem} ({mode}): objdump -d -r differs\n--- gas\n{g}\n--- ours\n{o}"
        ));
    } else if common::text_bytes(&gas_o, dir) != common::text_bytes(&our_o, dir) {
        out.push(format!("{stem} ({mode}): .text bytes differ"));
    }
    out
}

#[test]
fn auto_directive_corpus_matches_gnu_as() {
    if !common::binutils("auto_directive_corpus_matches_gnu_as") {
        return;
    }
    let files = common::asm_data("auto");
    assert!(files.len() >= 4, "auto corpus files missing");
    let mut failures = Vec::new();
    for src in &files {
        let stem = src.file_stem().unwrap_or_default().to_string_lossy();
        let dir = common::scratch(&format!("asm-auto-{stem}"));
        failures.extend(compare(src, "-xexplicit", &dir));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The same sources with `.auto` removed, automatic mode chosen on the command
/// line instead (where `{` bundles switch to explicit mode for their duration).
#[test]
fn xauto_corpus_matches_gnu_as() {
    if !common::binutils("xauto_corpus_matches_gnu_as") {
        return;
    }
    let mut failures = Vec::new();
    for src in &common::asm_data("auto") {
        let stem = src.file_stem().unwrap_or_default().to_string_lossy();
        let dir = common::scratch(&format!("asm-xauto-{stem}"));
        let text = std::fs::read_to_string(src).expect("read corpus");
        let stripped: String = text
            .lines()
            .filter(|l| l.trim() != ".auto")
            .map(|l| format!("{l}\n"))
            .collect();
        let s = dir.join(format!("{stem}.s"));
        std::fs::write(&s, stripped).expect("write source");
        failures.extend(compare(&s, "-xauto", &dir));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A small deterministic generator (64-bit LCG, Knuth's MMIX constants).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Random instruction mixes over few registers, so that dependencies of every
/// kind (GR, FR, PR, BR, AR, qualifying predicates, branches, labels) are dense.
fn random_mix(seed: u64, lines: usize) -> String {
    let mut r = Rng(seed);
    let gr = [1, 2, 3, 4, 8, 9, 14, 32, 33];
    let fr = [6, 7, 8, 9, 32];
    let pr = [6, 7, 8, 9, 10];
    let br = [0, 6, 7];
    let mut s = String::from("\t.text\n\t.auto\n\t.proc f\nf:\n");
    let mut label = 0;
    for n in 0..lines {
        if n % 25 == 0 {
            s.push_str(&format!("L{label}:\n"));
            label += 1;
        }
        let g = |r: &mut Rng| format!("r{}", gr[r.next(gr.len())]);
        let f = |r: &mut Rng| format!("f{}", fr[r.next(fr.len())]);
        let p = |r: &mut Rng| format!("p{}", pr[r.next(pr.len())]);
        let b = |r: &mut Rng| format!("b{}", br[r.next(br.len())]);
        // Two different predicates: GNU as rejects a compare writing one twice.
        let pair = |r: &mut Rng| {
            let i = r.next(pr.len());
            let j = (i + 1 + r.next(pr.len() - 1)) % pr.len();
            (format!("p{}", pr[i]), format!("p{}", pr[j]))
        };
        let qp = if r.next(4) == 0 {
            format!("({}) ", p(&mut r))
        } else {
            String::new()
        };
        let insn = match r.next(24) {
            0 => format!("add {}={},{}", g(&mut r), g(&mut r), g(&mut r)),
            1 => format!(
                "adds {}={},{}",
                g(&mut r),
                r.next(200) as i64 - 100,
                g(&mut r)
            ),
            2 => format!("ld8 {}=[{}]", g(&mut r), g(&mut r)),
            3 => format!("st8 [{}]={},8", g(&mut r), g(&mut r)),
            4 => format!("ldfd {}=[{}]", f(&mut r), g(&mut r)),
            5 => format!(
                "fma.d {}={},{},{}",
                f(&mut r),
                f(&mut r),
                f(&mut r),
                f(&mut r)
            ),
            6 => format!("getf.sig {}={}", g(&mut r), f(&mut r)),
            7 => format!("setf.sig {}={}", f(&mut r), g(&mut r)),
            8 => {
                let (a, b) = pair(&mut r);
                format!("cmp.eq {a},{b}={},{}", g(&mut r), g(&mut r))
            }
            9 => {
                let (a, b) = pair(&mut r);
                format!("cmp.lt.unc {a},{b}={},{}", g(&mut r), g(&mut r))
            }
            10 => {
                let (a, b) = pair(&mut r);
                format!("tbit.nz {a},{b}={},5", g(&mut r))
            }
            11 => format!("mov {}={}", b(&mut r), g(&mut r)),
            12 => format!("mov {}={}", g(&mut r), b(&mut r)),
            13 => format!("mov ar.lc={}", g(&mut r)),
            14 => format!("mov {}=ar.lc", g(&mut r)),
            15 => format!("mov ar.ccv={}", g(&mut r)),
            16 => format!(
                "cmpxchg8.acq {}=[{}],{},ar.ccv",
                g(&mut r),
                g(&mut r),
                g(&mut r)
            ),
            17 => format!("mov {}=pr", g(&mut r)),
            18 => format!("mov pr={},0xff3e", g(&mut r)),
            19 => format!("movl {}=0x{:x}", g(&mut r), r.next(1 << 30)),
            20 => format!("br.cond.sptk.few L{}", r.next(label + 3)),
            21 => format!("br.call.sptk.many b0=L{}", r.next(label + 3)),
            22 => format!("br.cond.dptk.many {}", b(&mut r)),
            _ => format!("extr.u {}={},4,8", g(&mut r), g(&mut r)),
        };
        s.push_str(&format!("\t{qp}{insn}\n"));
    }
    for l in label..label + 3 {
        s.push_str(&format!("L{l}:\tadd r1=r2,r3\n"));
    }
    s.push_str("\tbr.ret.sptk.many b0\n\t.endp f\n");
    s
}

#[test]
fn random_auto_mixes_match_gnu_as() {
    if !common::binutils("random_auto_mixes_match_gnu_as") {
        return;
    }
    let mut failures = Vec::new();
    for seed in 1..=8u64 {
        let dir = common::scratch(&format!("asm-auto-mix{seed}"));
        let s = dir.join(format!("mix{seed}.s"));
        std::fs::write(&s, random_mix(seed, 500)).expect("write source");
        failures.extend(compare(&s, "-xexplicit", &dir));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
