//! A Ski-compatible IA-64 system simulator.
//!
//! This crate will hold the simulator library (state, execution, interruptions,
//! simulator system calls, counting) and a runner for the real Ski when a `bski`
//! binary is on `PATH`. No issue has filled it yet.
