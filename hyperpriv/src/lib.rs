//! The ia64pv hypervisor interface, defined once in Rust.
//!
//! The hypervisor and a paravirtualized IA-64 guest meet at four things, each defined
//! here with the numbers of the Xen/IA-64 interface (`shared/reference/xen-ia64-facts.md`,
//! cited below as "facts §N"):
//!
//! * [`Hyperprivop`]s: `break 0x1..=0x1a` standing in for one privileged instruction
//!   each, with the static-register convention ([`HYPERPRIVOP_CONVENTION`]);
//! * [`Hypercall`]s and [`FirmwareCall`]s: `break 0x1000` with the number in `r2` and,
//!   for hypercalls, the stacked-register convention ([`HYPERCALL_CONVENTION`]);
//! * the XSI shared area: [`SharedInfo`] at [`XSI_BASE`] and [`MappedRegs`] at
//!   [`XMAPPEDREGS_BASE`], with every `XSI_*` offset and address;
//! * [`StartInfo`]: what a guest boots with, natively and under the hypervisor.
//!
//! Every interface struct is `#[repr(C)]`, has only fixed-width fields and explicit
//! padding (asserted at compile time: see [`layout`]), so a 32-bit and a 64-bit
//! consumer see the same bytes. From the same definitions the crate renders an
//! assembly include, a C89 header and JSON ([`abi_text`]).
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]

extern crate alloc;

mod abi;
mod asm;
mod c89;
mod constants;
mod error;
mod hypercall;
mod hyperprivop;
mod json;
pub mod layout;
mod regs;
mod start_info;
mod xsi;

#[cfg(test)]
mod facts;
#[cfg(test)]
mod testutil;

pub use abi::{abi_text, AbiFormat};
pub use asm::asm_include;
pub use c89::{c89_check_source, c89_header, C89_HEADER_NAME};
pub use constants::{constant_groups, ConstGroup, ConstValue, Constant};
pub use error::AbiError;
pub use hypercall::{
    decode_hypercall, is_firmware_range, FirmwareCall, Hypercall, HypercallTarget,
    StackedConvention, FW_HYPERCALL_NUM_MASK_LOW, GUEST_SYSCALL_BREAK_IMM, HYPERCALL_BREAK_IMM,
    HYPERCALL_CONVENTION, NR_HYPERCALLS, SET_SHARED_INFO_VA_REG,
};
pub use hyperprivop::{
    Hyperprivop, HyperprivopInfo, StaticConvention, HYPERPRIVOPS, HYPERPRIVOP_CONVENTION,
    HYPERPRIVOP_GET_PSR_MASK, HYPERPRIVOP_MAX, HYPERPRIVOP_START,
};
pub use json::json;
pub use regs::{
    BreakSlot, Gr, PrivilegeLevel, HYPERVISOR_PL, KERNEL_PL_NATIVE, KERNEL_PL_PV, USER_PL,
};
pub use start_info::{
    MemMapEntry, MemType, StartFlags, StartInfo, STARTINFO_CMDLINE_MAX, STARTINFO_MAGIC,
    STARTINFO_MEMMAP_MAX, STARTINFO_VERSION,
};
pub use xsi::*;
