//! Passes the target triple to the crate's tests: the C89 layout test finds the host
//! C compiler through the `cc` crate, which needs it.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=HYPERPRIV_TARGET={target}");
}
