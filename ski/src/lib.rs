//! A Ski-compatible IA-64 system simulator.
//!
//! [`Machine`] holds the whole system (CPU state, physical memory, MMU) and runs
//! it with [`Machine::run`], returning an [`Exit`]; the CPU never prints or exits the
//! process. Programs load with Ski's system-mode rules, simulator system calls
//! follow Ski (shared/reference/ski-conventions.md), and counts are exact.
//!
//! Module map: `state` registers; `rse` the register stack engine;
//! `exec` the instruction handlers; `predecode` the bundle cache; `interrupt`
//! delivery, `rfi`, external interrupts and the timer; `ssc` simulator system
//! calls; `dump` the final-state dump; [`fp`] floating point; [`mmu`] address
//! translation; [`memory`] physical memory.
#![warn(missing_docs)]

pub mod bski;
mod config;
mod dump;
mod exec;
mod exit;
mod fast;
pub mod fp;
mod interrupt;
mod machine;
pub mod memory;
pub mod mmu;
mod predecode;
pub mod program;
mod rse;
pub mod ssc;
mod state;
mod stats;

pub use config::Config;
pub use exit::Exit;
pub use machine::{LoadError, Machine};
pub use state::N_PHYS;
pub use stats::Stats;
