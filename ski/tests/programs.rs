//! Runs the self-checking programs of `tests/programs/` under [`ski::Machine`].
//!
//! Each program ends with SSC EXIT: code 0 means every check passed, any other
//! code is the number of the first failing check (see `programs/common.inc`).
//! Programs are assembled by the project's assembler (`ia64::asm`, explicit
//! mode, the programs directory on the include path) and linked with `.text` at
//! 0x100000, as `ia64pv as --exec --section-start .text=0x100000` does.
//! `every_program_assembles_like_gnu` checks that GNU binutils
//! (`ia64-linux-gnu-as -xexplicit`, `ia64-linux-gnu-ld -Ttext=0x100000`) build
//! the same loadable bytes and entry; without them that one test skips loudly,
//! except under `CI=true`, where a missing tool is a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ia64::asm::Options;
use ia64::elf::{ElfError, ElfFile, SHF_ALLOC};
use ski::program::{self, TEXT_BASE as TEXT};
use ski::{Config, Exit, Machine};

/// Instructions a program may run before the test calls it a hang; the
/// longest program (extint's timer wait) needs well under a million.
const BUDGET: u64 = 50_000_000;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs")
}

/// Assembles `text` (named `name` in diagnostics) with the programs directory
/// on the include path and links it at [`TEXT`]; returns the ELF's bytes.
fn assemble_program(name: &str, text: String) -> Vec<u8> {
    let opts = Options {
        include_dirs: vec![programs_dir()],
        ..Options::default()
    };
    program::build(name, &text, &opts).unwrap_or_else(|e| panic!("{e}"))
}

/// Assembles and links `programs/NAME.S` with the project's assembler.
fn build(name: &str) -> Vec<u8> {
    let path = programs_dir().join(format!("{name}.S"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assemble_program(&path.to_string_lossy(), text)
}

/// Assembles and links `programs/NAME.S` with GNU as and ld.
fn build_gnu(name: &str, out: &Path) -> Vec<u8> {
    let dir = programs_dir();
    let src = dir.join(format!("{name}.S"));
    let obj = out.join(format!("{name}.o"));
    let elf = out.join(format!("{name}.elf"));
    let st = Command::new("ia64-linux-gnu-as")
        .arg("-xexplicit")
        .arg("-I")
        .arg(&dir)
        .arg(&src)
        .arg("-o")
        .arg(&obj)
        .status()
        .expect("run the assembler");
    assert!(st.success(), "GNU as failed on {}", src.display());
    let st = Command::new("ia64-linux-gnu-ld")
        .arg(format!("-Ttext={TEXT:#x}"))
        .arg(&obj)
        .arg("-o")
        .arg(&elf)
        .status()
        .expect("run the linker");
    assert!(st.success(), "GNU ld failed on {}", obj.display());
    std::fs::read(&elf).expect("read the linked program")
}

/// What a program is made of: its entry, and the bytes of its allocated sections
/// (zeros for `.bss`-like ones) by address. ELF headers that a linker maps into
/// a segment are not part of it.
fn memory_image(elf: &[u8], what: &str) -> (u64, BTreeMap<u64, u8>) {
    let f = ElfFile::parse(elf).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut mem = BTreeMap::new();
    for (k, sh) in f.sections().iter().enumerate() {
        if sh.sh_flags & SHF_ALLOC == 0 {
            continue;
        }
        let data = match f.section_data(k) {
            Ok(d) => d.to_vec(),
            Err(ElfError::NoBits { .. }) => vec![0; sh.sh_size as usize],
            Err(e) => panic!("{what}: {e}"),
        };
        mem.extend(
            data.into_iter()
                .enumerate()
                .map(|(i, b)| (sh.sh_addr + i as u64, b)),
        );
    }
    (f.header().e_entry, mem)
}

/// Runs a program to its end; returns the exit and the console output.
fn run(elf: &[u8]) -> (Exit, String) {
    let mut m = Machine::new(Config {
        max_insns: Some(BUDGET),
        ..Config::default()
    });
    m.load_elf(elf).expect("load the program");
    let exit = m.run(BUDGET);
    let console = String::from_utf8_lossy(&m.take_console()).into_owned();
    (exit, console)
}

/// Runs a program to its end in budgets cycling through `slices`; returns
/// everything observable: the exit, the console, the state dump and the
/// counters (without the predecode cache's, which follow the run pattern).
fn run_sliced(elf: &[u8], slices: &[u64]) -> (Exit, String, String, ski::Stats) {
    let mut m = Machine::new(Config {
        max_insns: Some(BUDGET),
        ..Config::default()
    });
    m.load_elf(elf).expect("load the program");
    let mut budgets = slices.iter().cycle();
    let exit = loop {
        let e = m.run(budgets.next().copied().unwrap_or(u64::MAX));
        if e != Exit::Budget || m.stats().insts >= BUDGET {
            break e;
        }
    };
    let console = String::from_utf8_lossy(&m.take_console()).into_owned();
    let mut stats = m.stats().clone();
    stats.decodes = 0;
    stats.flushes = 0;
    (exit, console, m.state_dump_fp(), stats)
}

fn check(name: &str) {
    let elf = build(name);
    let (exit, console) = run(&elf);
    assert_eq!(
        exit,
        Exit::Exited(0),
        "{name}: expected PASS (exit 0); a nonzero code is the failing check's number (console {console:?})"
    );
    // The bench_* workloads are self-contained and print nothing.
    if !name.starts_with("bench_") {
        assert_eq!(console, "PASS\n", "{name}: console");
    }
    // The run loop's fast path and its slot-by-slot path must not differ:
    // a budget of 1 or 2 runs every bundle slot by slot, mixed budgets stop
    // inside bundles and resume there, one budget takes the fast path
    // wherever it can.
    let whole = run_sliced(&elf, &[u64::MAX]);
    for slices in [&[1u64][..], &[2], &[1, 2, 3, 5, 7, 11]] {
        let sliced = run_sliced(&elf, slices);
        assert_eq!(whole.0, sliced.0, "{name}: budgets {slices:?}: exit");
        assert_eq!(whole.1, sliced.1, "{name}: budgets {slices:?}: console");
        assert_eq!(whole.3, sliced.3, "{name}: budgets {slices:?}: counters");
        assert_eq!(whole.2, sliced.2, "{name}: budgets {slices:?}: state");
    }
}

macro_rules! programs {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
        /// Every `.S` in the directory has a test above.
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

programs!(
    alu,
    compare,
    shift_mm,
    mm_pack,
    loadstore,
    branch,
    rse_deep,
    cover_rfi,
    bank,
    vec_break,
    vec_general,
    vec_except,
    vec_traps,
    tlb,
    tlb_vec,
    vhpt_instr,
    prot_vec,
    spec_unsup,
    spec_dcr,
    spec_attr,
    alat_frame,
    fp_arith,
    extint,
    fast_path,
    bench_loop,
    bench_mixed,
    bench_call,
    bench_fault,
    bench_tlb,
);

#[test]
fn every_program_has_a_test() {
    let mut missing = Vec::new();
    for e in std::fs::read_dir(programs_dir()).expect("read the programs directory") {
        let p = e.expect("directory entry").path();
        if p.extension().is_some_and(|x| x == "S") {
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if !LISTED.contains(&stem.as_str()) {
                missing.push(stem);
            }
        }
    }
    assert!(missing.is_empty(), "programs without a test: {missing:?}");
}

/// The harness must be able to fail: a program that exits with a check
/// number is reported as a failure, and one that halts is not a pass.
#[test]
fn a_failing_program_is_detected() {
    let elf = assemble_program(
        "failing.S",
        "\t.include \"common.inc\"\n_start:\n\tmov r40 = 1 ;;\n\tCHECK_IMM r40, 2, 7\n\tPASS\n\tTEST_EXITS\n"
            .into(),
    );
    let (exit, console) = run(&elf);
    assert_eq!(exit, Exit::Exited(7));
    assert_eq!(console, "FAIL\n");
}

/// The project's assembler and linker build every program exactly as GNU as
/// and ld do: the same entry and the same bytes at the same addresses.
#[test]
fn every_program_assembles_like_gnu() {
    if !ia64::oracle::binutils("every_program_assembles_like_gnu", &["as", "ld"]) {
        return;
    }
    let out = std::env::temp_dir().join(format!("ia64pv-programs-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("create the build directory");
    let mut differ = Vec::new();
    for name in LISTED {
        let ours = memory_image(&build(name), name);
        let gnu = memory_image(&build_gnu(name, &out), name);
        if ours.0 != gnu.0 {
            differ.push(format!("{name}: entry {:#x}, GNU {:#x}", ours.0, gnu.0));
        }
        if let Some((a, _)) = ours
            .1
            .iter()
            .zip(&gnu.1)
            .find(|(x, y)| x != y)
            .map(|(x, _)| x)
        {
            differ.push(format!("{name}: first difference at {a:#x}"));
        } else if ours.1.len() != gnu.1.len() {
            differ.push(format!(
                "{name}: {} bytes loaded, GNU {}",
                ours.1.len(),
                gnu.1.len()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(differ.is_empty(), "{differ:#?}");
}
