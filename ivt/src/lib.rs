//! The guest interruption vector table (IVT) of ia64pv.
//!
//! This crate will hold the guest IVT source, the pv macro sets (`native`, `xen`),
//! the guest kernel runtime, the vector metadata and the pv-site clobber verifier
//! with its patch tables. No issue has filled it yet.
#![no_std]
