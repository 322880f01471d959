//! The simulator never panics on guest code (issue 5: "undefined encodings
//! raise Illegal Operation; anything not yet implemented stops with a named
//! `Exit::Unimplemented`"), and runs are deterministic.
//!
//! Each case builds a random machine: code at 0x100000 and an IVT at
//! 0x200000 made of bundles of valid instructions drawn from every row of the
//! instruction table (`ia64::corpus::packed_bundles`, so privileged, RSE, TLB,
//! FP and branch instructions all occur) or of random bytes (reserved templates
//! and encodings), random general and predicate registers, and `cr.iva`
//! pointing at the random IVT, so faults land in more random code. It runs a
//! budget of instructions in slices and must stop with one of the `Exit`s,
//! never panic; running the same case again must give the same state dump.

use ia64::corpus::SplitMix64 as Rng;
use ski::{Config, Exit, Machine};

/// Where the random code and IVT sit (physical addresses; Ski's entry state
/// runs in physical mode).
const CODE: u64 = 0x10_0000;
const IVT: u64 = 0x20_0000;
/// Bundles of code; the IVT is its full 32 KiB.
const CODE_BUNDLES: usize = 64;
const IVT_BUNDLES: usize = 0x8000 / 16;
/// Instructions per case, run in slices of `SLICE`.
const BUDGET: u64 = 3_000;
const SLICE: u64 = 700;

/// `n` bundles: mostly valid code from the table, one in eight random bytes.
fn bundles(rng: &mut Rng, valid: &[[u8; 16]], n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n * 16);
    for _ in 0..n {
        if rng.next_u64().is_multiple_of(8) {
            out.extend_from_slice(&rng.next_u64().to_le_bytes());
            out.extend_from_slice(&rng.next_u64().to_le_bytes());
        } else {
            out.extend_from_slice(&valid[rng.next_u64() as usize % valid.len()]);
        }
    }
    out
}

/// Runs case `seed` in slices of `SLICE`; returns its exit and final state dump.
fn run_case(seed: u64, valid: &[[u8; 16]]) -> (Exit, String) {
    run_sliced(seed, valid, SLICE)
}

/// Runs case `seed` in slices of `slice` instructions; returns its exit and
/// final state dump (FP registers included).
fn run_sliced(seed: u64, valid: &[[u8; 16]], slice: u64) -> (Exit, String) {
    let mut rng = Rng(seed);
    let mut m = Machine::new(Config::default());
    m.write_mem(CODE, &bundles(&mut rng, valid, CODE_BUNDLES));
    m.write_mem(IVT, &bundles(&mut rng, valid, IVT_BUNDLES));
    for r in 1..32 {
        // Small values half the time, so base registers often point at memory
        // near the code and the IVT.
        let v = match rng.next_u64() % 4 {
            0 => CODE + rng.next_u64() % 0x1_0000,
            1 => rng.next_u64() % 64,
            _ => rng.next_u64(),
        };
        m.set_gr(r, v, rng.next_u64().is_multiple_of(64));
    }
    for p in 1..64 {
        m.set_pr(p, rng.next_u64().is_multiple_of(2));
    }
    m.set_cr(2, IVT); // cr.iva
    m.set_ip(CODE, 0);
    let mut exit = Exit::Budget;
    let mut done = 0;
    while done < BUDGET && exit == Exit::Budget {
        exit = m.run(slice.min(BUDGET - done));
        done += slice;
    }
    (
        exit,
        format!(
            "{}{}insts {}\n",
            m.state_dump(),
            m.state_dump_fp(),
            m.stats().insts
        ),
    )
}

#[test]
fn random_code_never_panics_and_runs_deterministically() {
    let valid = ia64::corpus::packed_bundles();
    let cases: u64 = 2_000;
    let mut kinds = std::collections::BTreeMap::<&str, u32>::new();
    let mut missing = std::collections::BTreeSet::new();
    for seed in 0..cases {
        let outcome = std::panic::catch_unwind(|| run_case(seed, &valid));
        let Ok((exit, dump)) = outcome else {
            panic!("case {seed} panicked (rerun: run_case({seed}, ...))");
        };
        let kind = match exit {
            Exit::Halted { .. } => "halted",
            Exit::Exited(_) => "exited",
            Exit::Budget => "budget",
            Exit::Fault { .. } => "fault",
            Exit::HostCall { .. } => "host call",
            Exit::Unimplemented { ref what, .. } => {
                missing.insert(what.clone());
                "unimplemented"
            }
        };
        *kinds.entry(kind).or_default() += 1;
        // Every fourth case again: the same machine must end in the same state.
        if seed % 4 == 0 {
            let (again, dump2) = run_case(seed, &valid);
            assert_eq!(again, exit, "case {seed}: exit differs between runs");
            assert_eq!(dump2, dump, "case {seed}: state differs between runs");
        }
    }
    eprintln!("random_code: {cases} cases, exits {kinds:?}, unimplemented: {missing:?}");
    // The cases must exercise more than an immediate stop: most run out their
    // budget or reach a break in the random code.
    assert!(
        kinds.get("budget").copied().unwrap_or(0) + kinds.get("halted").copied().unwrap_or(0)
            > (cases / 4) as u32,
        "{kinds:?}"
    );
}

/// The fast path (whole bundles back to back, hot ops inline) and the
/// slot-by-slot path (a budget of one instruction at a time never enters the
/// fast path) must agree on random code: same exit, state, FP state and count.
#[test]
fn fast_and_single_step_paths_agree_on_random_code() {
    let valid = ia64::corpus::packed_bundles();
    for seed in 10_000..10_500u64 {
        let whole = run_sliced(seed, &valid, BUDGET);
        let stepped = run_sliced(seed, &valid, 1);
        assert_eq!(stepped.0, whole.0, "case {seed}: exit");
        assert_eq!(stepped.1, whole.1, "case {seed}: state");
    }
}
