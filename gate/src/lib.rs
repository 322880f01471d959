//! The ia64pv gate page.
//!
//! This crate will hold the gate page source (native and Xen flavours): fast system
//! calls through `epc`, the signal trampoline and the patch lists. No issue has
//! filled it yet.
#![no_std]
