//! The rule for tests that need an external oracle, in one place for every crate
//! of the workspace (ARCHITECTURE.md, "Oracles and how tests use them"): GNU
//! binutils for ia64 (`ia64-linux-gnu-as`, `-objdump`, ...) or another tool such as
//! a host C compiler. When the tool is missing, the test **fails** under `CI=true`
//! (CI installs every oracle, so a missing one is a broken setup) and otherwise
//! **skips loudly**: it prints `SKIPPED: <test>: <tool> not installed` and returns
//! without checking anything.
//!
//! ```no_run
//! #[test]
//! fn listing_matches_objdump() {
//!     if !ia64::oracle::binutils("listing_matches_objdump", &["as", "objdump"]) {
//!         return;
//!     }
//!     // ... run ia64-linux-gnu-as and ia64-linux-gnu-objdump ...
//! }
//! ```

use std::env;
use std::ffi::OsStr;
use std::format;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::string::String;

/// Prefix of the GNU binutils commands for ia64 (`ia64-linux-gnu-as`).
pub const BINUTILS_PREFIX: &str = "ia64-linux-gnu-";

/// The Debian package that installs them, named in skip and failure messages.
pub const BINUTILS_PACKAGE: &str = "binutils-ia64-linux-gnu";

/// Whether the tests run under CI (`CI=true`), where every oracle must be
/// installed.
pub fn in_ci() -> bool {
    env::var_os("CI").is_some_and(|v| v == "true")
}

/// The command of binutils tool `tool`: `"as"` gives `"ia64-linux-gnu-as"`.
pub fn binutils_command(tool: &str) -> String {
    format!("{BINUTILS_PREFIX}{tool}")
}

/// The executable file `command` in the first directory of `PATH` that has one,
/// as the shell would find it.
pub fn find_on_path(command: &str) -> Option<PathBuf> {
    find_in(&env::var_os("PATH")?, command)
}

/// [`find_on_path`] with the value of `PATH` given.
fn find_in(path: &OsStr, command: &str) -> Option<PathBuf> {
    let file = format!("{command}{}", env::consts::EXE_SUFFIX);
    env::split_paths(path)
        .map(|dir| dir.join(&file))
        .find(|p| is_executable(p))
}

/// Where binutils tool `tool` (`"as"`, `"objdump"`, ...) is installed, if it is
/// on `PATH`.
pub fn find_binutils(tool: &str) -> Option<PathBuf> {
    find_on_path(&binutils_command(tool))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// Applies the rule to test `test`, which cannot run because `what` (a tool, or a
/// description such as "a host C compiler") is not installed: fails under CI,
/// otherwise prints the skip message. The caller then returns from the test.
///
/// # Panics
///
/// Under `CI=true`, always: that is how the test fails.
#[track_caller]
pub fn missing(test: &str, what: &str) {
    report(test, what, "");
}

/// Whether every binutils tool in `tools` (short names: `"as"`, `"objdump"`) is on
/// `PATH`. When one is not, applies the rule as [`missing`] does for the first
/// missing tool and returns `false`: the caller returns from the test.
///
/// # Panics
///
/// Under `CI=true` when a tool is missing.
#[track_caller]
pub fn binutils(test: &str, tools: &[&str]) -> bool {
    match tools.iter().find(|t| find_binutils(t).is_none()) {
        None => true,
        Some(tool) => {
            let hint = format!(" (apt-get install {BINUTILS_PACKAGE})");
            report(test, &binutils_command(tool), &hint);
            false
        }
    }
}

#[track_caller]
fn report(test: &str, what: &str, hint: &str) {
    match verdict(in_ci(), test, what, hint) {
        // Straight to the process's stderr: the test harness captures `eprintln!`
        // of passing tests, and a skipped test passes, so its message would be lost.
        Ok(skip) => {
            let _ = writeln!(std::io::stderr(), "{skip}");
        }
        Err(failure) => panic!("{failure}"),
    }
}

/// The rule itself: the skip message, or under CI the failure message.
fn verdict(ci: bool, test: &str, what: &str, hint: &str) -> Result<String, String> {
    if ci {
        Err(format!(
            "{test}: {what} is required under CI=true but is not installed{hint}"
        ))
    } else {
        Ok(format!("SKIPPED: {test}: {what} not installed{hint}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn binutils_commands_carry_the_target_prefix() {
        assert_eq!(binutils_command("objdump"), "ia64-linux-gnu-objdump");
    }

    #[test]
    fn ci_fails_and_elsewhere_skips_loudly() {
        assert_eq!(
            verdict(false, "t", "ia64-linux-gnu-as", " (hint)"),
            Ok("SKIPPED: t: ia64-linux-gnu-as not installed (hint)".into())
        );
        assert_eq!(
            verdict(true, "t", "a host C compiler", ""),
            Err("t: a host C compiler is required under CI=true but is not installed".into())
        );
    }

    /// The lookup takes the first directory of `PATH` with an executable file of
    /// that name, passing over a plain file of the same name and a directory.
    #[cfg(unix)]
    #[test]
    fn path_lookup_finds_the_first_executable() {
        use std::os::unix::fs::PermissionsExt;
        let base = env::temp_dir().join(format!("ia64-oracle-{}", std::process::id()));
        let dirs: Vec<PathBuf> = ["plain", "subdir", "exec", "later"]
            .iter()
            .map(|d| base.join(d))
            .collect();
        for d in &dirs {
            std::fs::create_dir_all(d).expect("create scratch directory");
        }
        std::fs::write(dirs[0].join("tool"), "").expect("write plain file");
        std::fs::create_dir_all(dirs[1].join("tool")).expect("create directory");
        for d in &dirs[2..] {
            let exe = d.join("tool");
            std::fs::write(&exe, "#!/bin/sh\n").expect("write tool");
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755))
                .expect("make tool executable");
        }
        let path = env::join_paths(&dirs).expect("PATH value");
        assert_eq!(find_in(&path, "tool"), Some(dirs[2].join("tool")));
        assert_eq!(find_in(&path, "other"), None);
        let only_plain = env::join_paths(&dirs[..2]).expect("PATH value");
        assert_eq!(find_in(&only_plain, "tool"), None);
        let _ = std::fs::remove_dir_all(&base);
    }
}
