//! Build script of the root package: writes the generated IA-64 assembly include
//! of the hypervisor interface (`hyperpriv.inc`) into `OUT_DIR`, where the
//! project's IA-64 sources find it when `build.rs` assembles them.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let inc = hyperpriv::asm_include();
    std::fs::write(out.join("hyperpriv.inc"), inc).expect("write hyperpriv.inc");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=hyperpriv/src");
}
