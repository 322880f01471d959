//! Why [`crate::Machine::run`] returned, in the style of `kvm-ioctls`' `VcpuExit`.

use ia64::vector::Vector;

/// The reason a run stopped. The caller decides what to do; the CPU never prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// `break 0` executed (Ski's halt); `ip` is the bundle holding it.
    Halted {
        /// Bundle address of the `break 0`.
        ip: u64,
    },
    /// SSC EXIT with this code (r32).
    Exited(u64),
    /// The instruction budget ran out; [`crate::Machine::run`] can be called again.
    Budget,
    /// An interruption was raised while [`crate::Config::stop_on_fault`] is set:
    /// it was not delivered, and `ip` is the faulting bundle. Also returned,
    /// whatever the configuration, when the interruption vector table itself
    /// cannot be fetched while psr.ic = 0 (each delivery would fault again
    /// without executing an instruction, forever).
    Fault {
        /// The vector the interruption would have gone to.
        vector: Vector,
        /// Bundle address of the faulting instruction.
        ip: u64,
    },
    /// A simulator system call the machine leaves to its embedder (host file I/O,
    /// 50..=55): r15 held `num`, arguments are in r32..r35. The embedder writes
    /// r8 and calls `run` again; execution continues after the `break`.
    HostCall {
        /// The SSC number.
        num: u64,
    },
    /// Something the simulator does not implement; nothing was executed for it.
    Unimplemented {
        /// Bundle address.
        ip: u64,
        /// What is missing.
        what: String,
    },
}
