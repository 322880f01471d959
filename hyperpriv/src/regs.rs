//! The few architectural names the interface needs: general registers, the slot
//! a `break` may sit in, and the privilege levels the interface assigns
//! (`ia64::regs::PrivilegeLevel`).
use core::fmt;

/// An IA-64 general register, `r0`..`r127`, named by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gr(pub u8);

impl fmt::Display for Gr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

/// The execution unit of the slot a `break` is issued from.
///
/// Only M and I slots deliver the immediate in cr.iim; a B-slot `break` delivers
/// iim = 0, which the hypervisor takes for "no hyperprivop" (ARCHITECTURE.md ABI table,
/// facts §2.1 step 1), so neither convention allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BreakSlot {
    /// `break.m` in a memory slot.
    M,
    /// `break.i` in an integer slot.
    I,
}

impl BreakSlot {
    /// The unit letter, as used in templates (`M`, `I`).
    pub const fn letter(self) -> &'static str {
        match self {
            BreakSlot::M => "M",
            BreakSlot::I => "I",
        }
    }
}

pub use ia64::regs::PrivilegeLevel;

/// Where the hypervisor runs (facts §9).
pub const HYPERVISOR_PL: PrivilegeLevel = PrivilegeLevel::Pl0;
/// Where a guest kernel runs natively (facts §9).
pub const KERNEL_PL_NATIVE: PrivilegeLevel = PrivilegeLevel::Pl0;
/// Where a guest kernel runs under the hypervisor (facts §9, Xen's
/// `CONFIG_CPL0_EMUL` = 1).
pub const KERNEL_PL_PV: PrivilegeLevel = PrivilegeLevel::Pl1;
/// Where user code runs (facts §9).
pub const USER_PL: PrivilegeLevel = PrivilegeLevel::Pl3;
