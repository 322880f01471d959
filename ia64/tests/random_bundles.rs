//! Random bundles: the decoder and disassembler never panic on any 16 bytes, and
//! on a large sample every line objdump prints — template marker, instruction
//! text, `data8` for what it cannot decode, reserved templates — equals ours.

mod common;

use ia64::corpus::SplitMix64 as SplitMix;
use ia64::decode::decode_bundle;
use ia64::disasm::{bundle_text, RawAddrs};

#[test]
fn a_million_random_bundles_do_not_panic() {
    let mut rng = SplitMix(0x1a64);
    let mut decoded = 0usize;
    for k in 0..1_000_000u64 {
        let b = rng.bundle();
        if decode_bundle(&b).is_ok() {
            decoded += 1;
        }
        if k % 8 == 0 {
            let t = bundle_text(&b, k * 16, &RawAddrs);
            assert!(t.lines.len() == 2 || t.lines.len() == 3);
        }
    }
    // 24 of the 32 template codes are valid.
    assert!(decoded > 700_000 && decoded < 800_000, "{decoded}");
}

#[test]
fn random_bundles_match_objdump() {
    if !common::binutils("random_bundles_match_objdump") {
        return;
    }
    const N: usize = 100_000;
    let mut rng = SplitMix(0xb1u64 << 32 | 0x7e5);
    let bundles: Vec<[u8; 16]> = (0..N).map(|_| rng.bundle()).collect();
    let dir = common::scratch("random-bundles");
    let bin = dir.join("random.bin");
    std::fs::write(&bin, bundles.concat()).unwrap();
    let theirs = common::objdump_raw_full(&bin);
    let mut ours = Vec::with_capacity(theirs.len());
    for (k, b) in bundles.iter().enumerate() {
        let addr = k as u64 * 16;
        let t = bundle_text(b, addr, &RawAddrs);
        for (n, l) in t.lines.iter().enumerate() {
            let marker = if n == 0 {
                t.marker.clone()
            } else {
                String::new()
            };
            ours.push((addr + l.offset as u64, marker, l.text.clone()));
        }
    }
    assert_eq!(ours.len(), theirs.len(), "line count");
    let bad: Vec<_> = ours.iter().zip(&theirs).filter(|(a, b)| a != b).collect();
    for (o, t) in bad.iter().take(100) {
        let k = (o.0 / 16) as usize;
        let bits = u128::from_le_bytes(bundles[k]);
        eprintln!(
            "{:#x} bundle {bits:#034x}\n    objdump: {} {}\n    ours:    {} {}",
            o.0, t.1, t.2, o.1, o.2
        );
    }
    eprintln!(
        "random: {} lines compared, {} differ",
        ours.len(),
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "{} of {} lines differ from objdump",
        bad.len(),
        ours.len()
    );
}
