//! Errors of the interface: a number or a structure coming from a guest is either a
//! named thing or one of these, with the offending value and where it was found.
use thiserror::Error;

/// A guest-supplied number or structure that the interface does not define.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AbiError {
    /// A `break` immediate outside HYPERPRIVOP_START..=HYPERPRIVOP_MAX (facts §2.2).
    #[error("break immediate {imm:#x} is not a hyperprivop (valid: 0x1..=0x1a)")]
    UnknownHyperprivop {
        /// The immediate as delivered in cr.iim.
        imm: u64,
    },
    /// An `r2` value below 0x100 that is not in the hypercall table (facts §4.2).
    #[error("hypercall number r2 = {r2:#x} is not defined")]
    UnknownHypercall {
        /// The value of r2 at the `break 0x1000`.
        r2: u64,
    },
    /// An `r2` value in the firmware range (`r2 >> 8 != 0`) that is not defined.
    #[error("firmware call r2 = {r2:#x} is not defined")]
    UnknownFirmwareCall {
        /// The value of r2 at the `break 0x1000`.
        r2: u64,
    },
    /// A memory-map entry whose `type` is not a [`crate::MemType`].
    #[error("memory-map entry {index}: unknown type {value}")]
    UnknownMemType {
        /// Index of the entry in the memory map.
        index: usize,
        /// The `type` field found.
        value: u32,
    },
    /// A start info whose `magic` field is not [`crate::STARTINFO_MAGIC`].
    #[error("start info at offset 0x0: magic {found:#018x} is not {expected:#018x}")]
    BadMagic {
        /// The magic found.
        found: u64,
        /// The magic expected.
        expected: u64,
    },
    /// A start info whose `version` field this crate does not know.
    #[error("start info at offset 0x8: version {found} is not supported (expected {expected})")]
    BadVersion {
        /// The version found.
        found: u32,
        /// The version this crate implements.
        expected: u32,
    },
    /// A start info whose `memmap_count` exceeds the capacity of `memmap`.
    #[error("start info at offset 0x24: memmap_count {count} exceeds the {max} entries of memmap")]
    MemMapOverflow {
        /// The count found.
        count: u32,
        /// The capacity.
        max: usize,
    },
    /// A command line that does not fit with its terminating NUL.
    #[error("command line of {len} bytes does not fit: at most {max} bytes plus a NUL")]
    CmdlineTooLong {
        /// Length of the rejected command line.
        len: usize,
        /// The longest accepted length.
        max: usize,
    },
    /// A command line with no terminating NUL inside the `cmdline` array.
    #[error("start info command line has no NUL terminator in its {max} bytes")]
    CmdlineUnterminated {
        /// Size of the `cmdline` array.
        max: usize,
    },
    /// A command line that is not UTF-8.
    #[error("start info command line is not UTF-8 at byte {offset}")]
    CmdlineNotUtf8 {
        /// Offset of the first invalid byte within the command line.
        offset: usize,
    },
}
