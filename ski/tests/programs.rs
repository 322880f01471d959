//! Runs the self-checking programs of `tests/programs/` under [`ski::Machine`].
//!
//! Each program ends with SSC EXIT: code 0 means every check passed, any other
//! code is the number of the first failing check (see `programs/common.inc`).
//! Programs are assembled with GNU binutils for ia64 (`ia64-linux-gnu-as
//! -xexplicit`, `ia64-linux-gnu-ld -Ttext=0x100000`). Without them a test is
//! skipped loudly, except under `CI=true`, where a missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use ski::{Config, Exit, Machine};

const AS: &str = "ia64-linux-gnu-as";
const LD: &str = "ia64-linux-gnu-ld";
/// Instructions a program may run before the test calls it a hang; the
/// longest program (extint's timer wait) needs well under a million.
const BUDGET: u64 = 50_000_000;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs")
}

fn on_path(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether binutils are usable; panics under CI=true when they are not.
fn binutils_or_skip(test: &str) -> bool {
    if on_path(AS) && on_path(LD) {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {AS}/{LD} not installed, and CI=true requires them");
    }
    eprintln!("SKIPPED: {test}: {AS}/{LD} not installed");
    false
}

/// Assembles and links `programs/NAME.S`; returns the ELF's bytes.
fn build(name: &str) -> Vec<u8> {
    let dir = programs_dir();
    let out = std::env::temp_dir().join(format!("ia64pv-programs-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("create the build directory");
    let src = dir.join(format!("{name}.S"));
    let obj = out.join(format!("{name}.o"));
    let elf = out.join(format!("{name}.elf"));
    let st = Command::new(AS)
        .arg("-xexplicit")
        .arg("-I")
        .arg(&dir)
        .arg(&src)
        .arg("-o")
        .arg(&obj)
        .status()
        .expect("run the assembler");
    assert!(st.success(), "{AS} failed on {}", src.display());
    let st = Command::new(LD)
        .arg("-Ttext=0x100000")
        .arg(&obj)
        .arg("-o")
        .arg(&elf)
        .status()
        .expect("run the linker");
    assert!(st.success(), "{LD} failed on {}", obj.display());
    std::fs::read(&elf).expect("read the linked program")
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

fn check(name: &str) {
    if !binutils_or_skip(name) {
        return;
    }
    let (exit, console) = run(&build(name));
    assert_eq!(
        exit,
        Exit::Exited(0),
        "{name}: expected PASS (exit 0); a nonzero code is the failing check's number (console {console:?})"
    );
    // The bench_* workloads are self-contained and print nothing.
    if !name.starts_with("bench_") {
        assert_eq!(console, "PASS\n", "{name}: console");
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
    prot_vec,
    spec_unsup,
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
    if !binutils_or_skip("a_failing_program_is_detected") {
        return;
    }
    let out = std::env::temp_dir().join(format!("ia64pv-programs-fail-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("create the build directory");
    let src = out.join("failing.S");
    std::fs::write(
        &src,
        "\t.include \"common.inc\"\n_start:\n\tmov r40 = 1 ;;\n\tCHECK_IMM r40, 2, 7\n\tPASS\n\tTEST_EXITS\n",
    )
    .expect("write the failing program");
    let obj = out.join("failing.o");
    let elf = out.join("failing.elf");
    assert!(Command::new(AS)
        .args(["-xexplicit", "-I"])
        .arg(programs_dir())
        .arg(&src)
        .arg("-o")
        .arg(&obj)
        .status()
        .expect("assemble")
        .success());
    assert!(Command::new(LD)
        .arg("-Ttext=0x100000")
        .arg(&obj)
        .arg("-o")
        .arg(&elf)
        .status()
        .expect("link")
        .success());
    let (exit, console) = run(&std::fs::read(&elf).expect("read"));
    assert_eq!(exit, Exit::Exited(7));
    assert_eq!(console, "FAIL\n");
}
