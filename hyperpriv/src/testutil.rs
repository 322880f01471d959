//! Test helpers. Whether an external tool (GNU binutils for ia64, the host C
//! compiler) is there, and what a test does when it is not, is the workspace's
//! one rule in `ia64::oracle`.
use std::path::PathBuf;

/// A fresh directory for one test's files.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hyperpriv-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}
