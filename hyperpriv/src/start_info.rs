//! The start info a guest kernel boots with, natively and under the hypervisor,
//! and its memory map.
//!
//! Xen's own start_info used `unsigned long` and a packed memory-map entry, so its
//! layout depended on the consumer; this one has fixed-width fields, natural
//! alignment and explicit padding only, so 32- and 64-bit consumers agree.
use num_enum::{IntoPrimitive, TryFromPrimitive};
use static_assertions::const_assert_eq;

use crate::error::AbiError;
use crate::layout::abi_struct;

/// `StartInfo::magic`: the bytes "IA64PVSI" read as a little-endian u64.
pub const STARTINFO_MAGIC: u64 = u64::from_le_bytes(*b"IA64PVSI");
/// The `StartInfo::version` this crate writes and accepts.
pub const STARTINFO_VERSION: u32 = 1;
/// Capacity of `StartInfo::memmap`.
pub const STARTINFO_MEMMAP_MAX: usize = 32;
/// Size of `StartInfo::cmdline`, NUL included: Xen's MAX_GUEST_CMDLINE.
pub const STARTINFO_CMDLINE_MAX: usize = 1024;

abi_struct! {
    /// One memory-map entry: 24 bytes, 8-byte aligned, never packed.
    pub struct MemMapEntry as "memmap_entry" {
        /// Guest-physical start address.
        pub addr: u64,
        /// Length in bytes.
        pub size: u64,
        /// A MemType value.
        pub r#type: u32,
        /// Reserved (zero); keeps the next entry 8-byte aligned.
        pub reserved: u32,
    }
}

abi_struct! {
    /// What a guest kernel boots with. The loader (native) or the domain builder
    /// (hypervisor) fills it in.
    pub struct StartInfo as "start_info" {
        /// STARTINFO_MAGIC.
        pub magic: u64,
        /// STARTINFO_VERSION.
        pub version: u32,
        /// StartFlags bits.
        pub flags: u32,
        /// Guest virtual address of the XSI area (XSI_BASE) under the hypervisor; 0 natively.
        pub xsi_base: u64,
        /// Privilege level of the guest kernel: 0 natively, 1 under the hypervisor.
        pub privilege_level: u32,
        /// Event channel of the console; valid with StartFlags::CONSOLE_EVTCHN.
        pub console_evtchn: u32,
        /// External-interrupt vector for event-channel notifications (arch_shared_info.evtchn_vector).
        pub evtchn_vector: u32,
        /// Number of valid entries in memmap.
        pub memmap_count: u32,
        /// The memory map, memmap_count entries used.
        pub memmap: [MemMapEntry; STARTINFO_MEMMAP_MAX],
        /// Kernel command line, NUL-terminated.
        pub cmdline: [u8; STARTINFO_CMDLINE_MAX],
    }
}

const_assert_eq!(core::mem::size_of::<MemMapEntry>(), 24);
const_assert_eq!(core::mem::align_of::<MemMapEntry>(), 8);
const_assert_eq!(core::mem::size_of::<StartInfo>(), 0x728);
const_assert_eq!(core::mem::offset_of!(StartInfo, memmap), 0x28);
const_assert_eq!(core::mem::offset_of!(StartInfo, cmdline), 0x328);

bitflags::bitflags! {
    /// Bits of `StartInfo::flags`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct StartFlags: u32 {
        /// The guest runs under the hypervisor: `xsi_base` is valid and privileged
        /// operations must go through hyperprivops and XSI.
        const HYPERVISOR = 1 << 0;
        /// `console_evtchn` is valid.
        const CONSOLE_EVTCHN = 1 << 1;
    }
}

/// The `type` of a memory-map entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u32)]
pub enum MemType {
    /// Usable RAM.
    Ram = 1,
    /// Reserved: neither RAM for the allocator nor I/O.
    Reserved = 2,
    /// Memory-mapped I/O.
    Io = 3,
    /// Owned by the hypervisor; the guest must not touch it.
    Hypervisor = 4,
}

impl MemType {
    /// Every memory type in number order.
    pub const ALL: [MemType; 4] = [
        MemType::Ram,
        MemType::Reserved,
        MemType::Io,
        MemType::Hypervisor,
    ];

    /// The constant name used in the generated artifacts (`MEMTYPE_RAM`).
    pub const fn name(self) -> &'static str {
        match self {
            MemType::Ram => "MEMTYPE_RAM",
            MemType::Reserved => "MEMTYPE_RESERVED",
            MemType::Io => "MEMTYPE_IO",
            MemType::Hypervisor => "MEMTYPE_HYPERVISOR",
        }
    }
}

impl MemMapEntry {
    /// An entry of `kind` covering `size` bytes from `addr`.
    pub const fn new(addr: u64, size: u64, kind: MemType) -> Self {
        Self {
            addr,
            size,
            r#type: kind as u32,
            reserved: 0,
        }
    }
}

impl StartInfo {
    /// An empty start info with magic and version set.
    pub const fn new() -> Self {
        Self {
            magic: STARTINFO_MAGIC,
            version: STARTINFO_VERSION,
            ..Self::ZERO
        }
    }

    /// Checks magic, version, memmap_count, the memory types and the command line.
    pub fn validate(&self) -> Result<(), AbiError> {
        if self.magic != STARTINFO_MAGIC {
            return Err(AbiError::BadMagic {
                found: self.magic,
                expected: STARTINFO_MAGIC,
            });
        }
        if self.version != STARTINFO_VERSION {
            return Err(AbiError::BadVersion {
                found: self.version,
                expected: STARTINFO_VERSION,
            });
        }
        for (index, e) in self.memmap()?.iter().enumerate() {
            MemType::try_from(e.r#type).map_err(|_| AbiError::UnknownMemType {
                index,
                value: e.r#type,
            })?;
        }
        self.cmdline().map(|_| ())
    }

    /// The flags as [`StartFlags`]; unknown bits are kept.
    pub const fn start_flags(&self) -> StartFlags {
        StartFlags::from_bits_retain(self.flags)
    }

    /// The used part of the memory map.
    pub fn memmap(&self) -> Result<&[MemMapEntry], AbiError> {
        self.memmap
            .get(..self.memmap_count as usize)
            .ok_or(AbiError::MemMapOverflow {
                count: self.memmap_count,
                max: STARTINFO_MEMMAP_MAX,
            })
    }

    /// Appends a memory-map entry.
    pub fn push_memmap(&mut self, entry: MemMapEntry) -> Result<(), AbiError> {
        let overflow = AbiError::MemMapOverflow {
            count: self.memmap_count + 1,
            max: STARTINFO_MEMMAP_MAX,
        };
        let slot = self
            .memmap
            .get_mut(self.memmap_count as usize)
            .ok_or(overflow)?;
        *slot = entry;
        self.memmap_count += 1;
        Ok(())
    }

    /// The command line up to its NUL.
    pub fn cmdline(&self) -> Result<&str, AbiError> {
        let len =
            self.cmdline
                .iter()
                .position(|&b| b == 0)
                .ok_or(AbiError::CmdlineUnterminated {
                    max: STARTINFO_CMDLINE_MAX,
                })?;
        core::str::from_utf8(&self.cmdline[..len]).map_err(|e| AbiError::CmdlineNotUtf8 {
            offset: e.valid_up_to(),
        })
    }

    /// Sets the command line; the rest of the array is zeroed.
    pub fn set_cmdline(&mut self, line: &str) -> Result<(), AbiError> {
        let bytes = line.as_bytes();
        let max = STARTINFO_CMDLINE_MAX - 1;
        if bytes.len() > max {
            return Err(AbiError::CmdlineTooLong {
                len: bytes.len(),
                max,
            });
        }
        self.cmdline = [0; STARTINFO_CMDLINE_MAX];
        self.cmdline[..bytes.len()].copy_from_slice(bytes);
        Ok(())
    }
}

impl Default for StartFlags {
    fn default() -> Self {
        Self::empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xsi::XSI_BASE;

    fn sample() -> StartInfo {
        let mut si = StartInfo::new();
        si.flags = (StartFlags::HYPERVISOR | StartFlags::CONSOLE_EVTCHN).bits();
        si.xsi_base = XSI_BASE;
        si.privilege_level = 1;
        si.push_memmap(MemMapEntry::new(0, 64 << 20, MemType::Ram))
            .unwrap();
        si.push_memmap(MemMapEntry::new(0xf000_0000, 0x1000, MemType::Io))
            .unwrap();
        si.set_cmdline("console=hvc0 root=/dev/ram").unwrap();
        si
    }

    #[test]
    fn a_filled_start_info_validates_and_reads_back() {
        let si = sample();
        assert_eq!(si.validate(), Ok(()));
        assert_eq!(si.cmdline(), Ok("console=hvc0 root=/dev/ram"));
        assert_eq!(si.memmap().map(|m| m.len()), Ok(2));
        assert!(si.start_flags().contains(StartFlags::HYPERVISOR));
        assert_eq!(&STARTINFO_MAGIC.to_le_bytes(), b"IA64PVSI");
    }

    #[test]
    fn bad_fields_are_reported_with_their_values() {
        let mut si = sample();
        si.magic = 1;
        assert_eq!(
            si.validate(),
            Err(AbiError::BadMagic {
                found: 1,
                expected: STARTINFO_MAGIC
            })
        );

        let mut si = sample();
        si.version = 9;
        assert_eq!(
            si.validate(),
            Err(AbiError::BadVersion {
                found: 9,
                expected: 1
            })
        );

        let mut si = sample();
        si.memmap[1].r#type = 77;
        assert_eq!(
            si.validate(),
            Err(AbiError::UnknownMemType {
                index: 1,
                value: 77
            })
        );

        let mut si = sample();
        si.memmap_count = 33;
        assert_eq!(
            si.validate(),
            Err(AbiError::MemMapOverflow { count: 33, max: 32 })
        );

        let mut si = sample();
        si.cmdline = [b'x'; STARTINFO_CMDLINE_MAX];
        assert_eq!(
            si.validate(),
            Err(AbiError::CmdlineUnterminated { max: 1024 })
        );

        let mut si = sample();
        si.cmdline[3] = 0xff;
        assert_eq!(si.cmdline(), Err(AbiError::CmdlineNotUtf8 { offset: 3 }));
    }

    #[test]
    fn capacities_are_enforced() {
        let mut si = StartInfo::new();
        for i in 0..STARTINFO_MEMMAP_MAX as u64 {
            si.push_memmap(MemMapEntry::new(i << 20, 1 << 20, MemType::Ram))
                .unwrap();
        }
        assert_eq!(
            si.push_memmap(MemMapEntry::new(0, 1, MemType::Ram)),
            Err(AbiError::MemMapOverflow { count: 33, max: 32 })
        );
        let long = "a".repeat(STARTINFO_CMDLINE_MAX);
        assert_eq!(
            si.set_cmdline(&long),
            Err(AbiError::CmdlineTooLong {
                len: 1024,
                max: 1023
            })
        );
        assert_eq!(si.set_cmdline(&long[1..]), Ok(()));
        assert_eq!(si.cmdline().map(str::len), Ok(1023));
        assert_eq!(si.set_cmdline("short"), Ok(()));
        assert_eq!(
            si.cmdline(),
            Ok("short"),
            "a shorter line must clear the old tail"
        );
    }
}
