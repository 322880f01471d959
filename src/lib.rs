//! The ia64pv library facade: images, scenarios and reports built on the member
//! crates `ia64`, `ivt`, `hyperpriv`, `gate` and `ski`.
#![warn(missing_docs)]

pub use ia64;
pub mod cli_as;
pub mod cli_bench;
pub mod cli_disasm;
pub mod cli_run;
pub mod cli_skidiff;
pub mod objdump;
