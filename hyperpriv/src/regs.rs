//! The few architectural names the interface needs: general registers, the slot
//! a `break` may sit in, and privilege levels.
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

/// The privilege levels of the interface (facts §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum PrivilegeLevel {
    /// PL0: the hypervisor, and a guest kernel running natively.
    Pl0 = 0,
    /// PL1: a guest kernel under the hypervisor (Xen's `CONFIG_CPL0_EMUL` = 1).
    Pl1 = 1,
    /// PL3: user code.
    Pl3 = 3,
}

impl PrivilegeLevel {
    /// Where the hypervisor runs.
    pub const HYPERVISOR: Self = Self::Pl0;
    /// Where a guest kernel runs natively.
    pub const KERNEL_NATIVE: Self = Self::Pl0;
    /// Where a guest kernel runs under the hypervisor (facts §9, CONFIG_CPL0_EMUL).
    pub const KERNEL_PV: Self = Self::Pl1;
    /// Where user code runs.
    pub const USER: Self = Self::Pl3;
}
