//! Decode and disassembly throughput, side by side with yaxpeax-ia64 0.3 on the
//! same corpora: every table row's sample instructions (valid code), the same
//! instructions densely packed, and random bundles. "ia64pv" is the full decode
//! (`Decoder::decode_each`), "ia64pv-identify" finds and validates the rows only
//! (`Decoder::identify_each`). Run: `cargo bench -p ia64 --bench decode`.
//!
//! With `IA64_DECODE_PASSES=DECODER:CORPUS:N` set (`DECODER` one of `ia64pv`,
//! `ia64pv-identify`, `yaxpeax-ia64`; `CORPUS` `table`, `packed` or `random`), the binary
//! instead decodes the corpus `N` times and exits: run it under
//! `valgrind --tool=callgrind` with two values of `N` to count instructions per
//! bundle independently of the machine's load (see `BENCHMARKS.md`).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use ia64::decode::Decoder;
use ia64::disasm::{bundle_text, RawAddrs};
use yaxpeax_arch::{Decoder as _, U8Reader};

fn random_bundles(n: usize) -> Vec<[u8; 16]> {
    let mut r = ia64::corpus::SplitMix64(0x5eed);
    (0..n).map(|_| r.bundle()).collect()
}

fn corpora() -> Vec<(&'static str, Vec<u8>)> {
    let table: Vec<u8> = ia64::corpus::bundles().concat();
    let packed: Vec<u8> = ia64::corpus::packed_bundles().concat();
    let random: Vec<u8> = random_bundles(table.len() / 16).concat();
    vec![("table", table), ("packed", packed), ("random", random)]
}

/// Full decode: every slot's row, qualifying predicate, operand values and
/// completers, as yaxpeax-ia64 produces them. Returns the bundles decoded.
fn ia64pv(bytes: &[u8]) -> usize {
    let mut ok = 0usize;
    Decoder::new().decode_each(bytes, |_, template, slots| {
        ok += template.is_ok() as usize;
        black_box(slots);
    });
    ok
}

/// Identification only: every slot's row, with reserved fields checked and
/// operands left in the slot bits (what a predecoder scans with). Returns the
/// slots identified.
fn ia64pv_identify(bytes: &[u8]) -> usize {
    let mut ok = 0usize;
    Decoder::new().identify_each(bytes, |_, rows| {
        ok += rows.forms.iter().filter(|f| f.is_some()).count();
    });
    ok
}

/// yaxpeax-ia64's full decode. Returns the bundles decoded.
fn yaxpeax(bytes: &[u8]) -> usize {
    let d = yaxpeax_ia64::InstDecoder::default();
    let mut inst = yaxpeax_ia64::InstructionBundle::default();
    let mut ok = 0usize;
    for chunk in bytes.chunks_exact(16) {
        let mut r = U8Reader::new(chunk);
        if d.decode_into(&mut inst, &mut r).is_ok() {
            ok += 1;
        }
        black_box(&inst);
    }
    ok
}

/// A decoder's loop over a corpus.
type Run = fn(&[u8]) -> usize;

/// The decoders side by side, by benchmark name.
const DECODERS: [(&str, Run); 3] = [
    ("ia64pv", ia64pv),
    ("ia64pv-identify", ia64pv_identify),
    ("yaxpeax-ia64", yaxpeax),
];

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for (name, bytes) in corpora() {
        // Throughput in elements: bundles per second.
        g.throughput(Throughput::Elements((bytes.len() / 16) as u64));
        for (decoder, run) in DECODERS {
            g.bench_with_input(BenchmarkId::new(decoder, name), &bytes, |b, bytes| {
                b.iter(|| run(bytes))
            });
        }
    }
    g.finish();
}

fn disasm(c: &mut Criterion) {
    let mut g = c.benchmark_group("disasm");
    for (name, bytes) in corpora() {
        let n = bytes.len() / 16;
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("ia64pv", name), &bytes, |b, bytes| {
            b.iter(|| {
                let mut len = 0usize;
                for (k, chunk) in bytes.chunks_exact(16).enumerate() {
                    let t = bundle_text(chunk.try_into().unwrap(), k as u64 * 16, &RawAddrs);
                    len += t.lines.iter().map(|l| l.text.len()).sum::<usize>();
                }
                len
            })
        });
        g.bench_with_input(
            BenchmarkId::new("yaxpeax-ia64", name),
            &bytes,
            |b, bytes| {
                let d = yaxpeax_ia64::InstDecoder::default();
                let mut inst = yaxpeax_ia64::InstructionBundle::default();
                let mut s = String::new();
                b.iter(|| {
                    let mut len = 0usize;
                    for chunk in bytes.chunks_exact(16) {
                        let mut r = U8Reader::new(chunk);
                        if d.decode_into(&mut inst, &mut r).is_ok() {
                            s.clear();
                            let _ = write!(s, "{inst}");
                            len += s.len();
                        }
                    }
                    len
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, decode, disasm);

/// `IA64_DECODE_PASSES=DECODER:CORPUS:N`: decode one corpus `N` times, for an
/// instruction count under callgrind.
fn passes(spec: &str) {
    let mut parts = spec.split(':');
    let (Some(decoder), Some(corpus), Some(n)) = (parts.next(), parts.next(), parts.next()) else {
        panic!("IA64_DECODE_PASSES={spec}: expected DECODER:CORPUS:N");
    };
    let n: usize = n.parse().expect("IA64_DECODE_PASSES: N is a number");
    let run = DECODERS
        .iter()
        .find(|(name, _)| *name == decoder)
        .unwrap_or_else(|| panic!("IA64_DECODE_PASSES: no decoder {decoder}"))
        .1;
    let bytes = corpora()
        .into_iter()
        .find(|(name, _)| *name == corpus)
        .unwrap_or_else(|| panic!("IA64_DECODE_PASSES: no corpus {corpus}"))
        .1;
    let mut total = 0;
    for _ in 0..n {
        total += run(black_box(&bytes));
    }
    println!(
        "{decoder} {corpus}: {} bundles, {n} passes, {total}",
        bytes.len() / 16
    );
}

fn main() {
    match std::env::var("IA64_DECODE_PASSES") {
        Ok(spec) => passes(&spec),
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
