//! Test helpers for external tools (GNU binutils for ia64, the host C compiler):
//! a missing tool fails the test under `CI=true` and is skipped loudly elsewhere.
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// True when running in CI, where every oracle must be installed.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports a missing tool: panics under CI, prints a SKIPPED line otherwise.
pub fn missing(what: &str) {
    assert!(
        !in_ci(),
        "{what} is required when CI=true but is not installed"
    );
    eprintln!("SKIPPED: {what} not installed");
}

/// Whether `tool args` runs successfully; reports it as missing when not.
pub fn require_tool(tool: &str, args: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        missing(tool);
    }
    ok
}

/// A fresh directory for one test's files.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hyperpriv-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}
