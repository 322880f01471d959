//! The interruption vector table (IVT): its 68 vectors, where each one starts, how
//! big its slot is, and its names.
//!
//! Geometry and names: facts sheet §1.1–1.2 (`shared/reference/xen-ia64-facts.md`),
//! which follows the SDM (Vol 2 Part 1, Interruption Vector Descriptions) and Linux
//! `arch/ia64/kernel/ivt.S` (the handler names). Vectors 0–19 have 64-bundle slots
//! (0x400 bytes), vectors 20–67 16-bundle slots (0x100 bytes); the table is 0x8000
//! bytes and 0x8000 aligned, the CPU ignoring the low 15 bits of cr.iva.

use num_enum::{IntoPrimitive, TryFromPrimitive};
use static_assertions::const_assert_eq;
use thiserror::Error;

/// Size of the IVT in bytes.
pub const IVT_SIZE: u32 = 0x8000;
/// Required alignment of the IVT (cr.iva) in bytes.
pub const IVT_ALIGN: u64 = 0x8000;
/// Number of vectors.
pub const VECTOR_COUNT: usize = 68;
/// Number of long (64-bundle) vectors, which come first.
pub const LONG_COUNT: u8 = 20;
/// Slot size of vectors 0–19: 64 bundles.
pub const LONG_SLOT: u32 = 0x400;
/// Slot size of vectors 20–67: 16 bundles.
pub const SHORT_SLOT: u32 = 0x100;

/// An IVT entry, by its number (0–67). Reserved entries are named `ReservedN`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TryFromPrimitive, IntoPrimitive,
)]
#[repr(u8)]
pub enum Vector {
    /// 0x0000: VHPT Translation vector.
    VhptTranslation = 0,
    /// 0x0400: Instruction TLB vector.
    InstructionTlb = 1,
    /// 0x0800: Data TLB vector.
    DataTlb = 2,
    /// 0x0c00: Alternate Instruction TLB vector.
    AlternateInstructionTlb = 3,
    /// 0x1000: Alternate Data TLB vector.
    AlternateDataTlb = 4,
    /// 0x1400: Data Nested TLB vector (a data TLB miss with psr.ic = 0).
    DataNestedTlb = 5,
    /// 0x1800: Instruction Key Miss vector.
    InstructionKeyMiss = 6,
    /// 0x1c00: Data Key Miss vector.
    DataKeyMiss = 7,
    /// 0x2000: Dirty-Bit vector.
    DirtyBit = 8,
    /// 0x2400: Instruction Access-Bit vector.
    InstructionAccessBit = 9,
    /// 0x2800: Data Access-Bit vector.
    DataAccessBit = 10,
    /// 0x2c00: Break Instruction vector (system calls, hyperprivops, hypercalls).
    BreakInstruction = 11,
    /// 0x3000: External Interrupt vector.
    ExternalInterrupt = 12,
    /// 0x3400: reserved.
    Reserved13 = 13,
    /// 0x3800: reserved (native Linux keeps `ia64_syscall_setup` here).
    Reserved14 = 14,
    /// 0x3c00: reserved.
    Reserved15 = 15,
    /// 0x4000: reserved (native Linux keeps `account_sys_enter` here).
    Reserved16 = 16,
    /// 0x4400: reserved.
    Reserved17 = 17,
    /// 0x4800: reserved.
    Reserved18 = 18,
    /// 0x4c00: reserved.
    Reserved19 = 19,
    /// 0x5000: Page Not Present vector.
    PageNotPresent = 20,
    /// 0x5100: Key Permission vector.
    KeyPermission = 21,
    /// 0x5200: Instruction Access Rights vector.
    InstructionAccessRights = 22,
    /// 0x5300: Data Access Rights vector.
    DataAccessRights = 23,
    /// 0x5400: General Exception vector (illegal operation, privileged operation,
    /// privileged register, reserved register/field, …).
    GeneralException = 24,
    /// 0x5500: Disabled FP-Register vector.
    DisabledFpRegister = 25,
    /// 0x5600: NaT Consumption vector.
    NatConsumption = 26,
    /// 0x5700: Speculation vector.
    Speculation = 27,
    /// 0x5800: reserved.
    Reserved28 = 28,
    /// 0x5900: Debug vector.
    Debug = 29,
    /// 0x5a00: Unaligned Reference vector.
    UnalignedReference = 30,
    /// 0x5b00: Unsupported Data Reference vector.
    UnsupportedDataReference = 31,
    /// 0x5c00: Floating-Point Fault vector.
    FloatingPointFault = 32,
    /// 0x5d00: Floating-Point Trap vector.
    FloatingPointTrap = 33,
    /// 0x5e00: Lower-Privilege Transfer Trap vector.
    LowerPrivilegeTransferTrap = 34,
    /// 0x5f00: Taken Branch Trap vector.
    TakenBranchTrap = 35,
    /// 0x6000: Single Step Trap vector.
    SingleStepTrap = 36,
    /// 0x6100: reserved.
    Reserved37 = 37,
    /// 0x6200: reserved.
    Reserved38 = 38,
    /// 0x6300: reserved.
    Reserved39 = 39,
    /// 0x6400: reserved.
    Reserved40 = 40,
    /// 0x6500: reserved.
    Reserved41 = 41,
    /// 0x6600: reserved.
    Reserved42 = 42,
    /// 0x6700: reserved.
    Reserved43 = 43,
    /// 0x6800: reserved.
    Reserved44 = 44,
    /// 0x6900: IA-32 Exception vector.
    Ia32Exception = 45,
    /// 0x6a00: IA-32 Intercept vector.
    Ia32Intercept = 46,
    /// 0x6b00: IA-32 Interrupt vector.
    Ia32Interrupt = 47,
    /// 0x6c00: reserved.
    Reserved48 = 48,
    /// 0x6d00: reserved.
    Reserved49 = 49,
    /// 0x6e00: reserved.
    Reserved50 = 50,
    /// 0x6f00: reserved.
    Reserved51 = 51,
    /// 0x7000: reserved.
    Reserved52 = 52,
    /// 0x7100: reserved.
    Reserved53 = 53,
    /// 0x7200: reserved.
    Reserved54 = 54,
    /// 0x7300: reserved.
    Reserved55 = 55,
    /// 0x7400: reserved.
    Reserved56 = 56,
    /// 0x7500: reserved.
    Reserved57 = 57,
    /// 0x7600: reserved.
    Reserved58 = 58,
    /// 0x7700: reserved.
    Reserved59 = 59,
    /// 0x7800: reserved.
    Reserved60 = 60,
    /// 0x7900: reserved.
    Reserved61 = 61,
    /// 0x7a00: reserved.
    Reserved62 = 62,
    /// 0x7b00: reserved.
    Reserved63 = 63,
    /// 0x7c00: reserved.
    Reserved64 = 64,
    /// 0x7d00: reserved.
    Reserved65 = 65,
    /// 0x7e00: reserved.
    Reserved66 = 66,
    /// 0x7f00: reserved.
    Reserved67 = 67,
}

/// Why an IVT offset names no vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum VectorError {
    /// The offset is at or past the end of the 0x8000-byte table.
    #[error("IVT offset {offset:#x} is outside the table (size {IVT_SIZE:#x})")]
    OutsideTable {
        /// The rejected offset.
        offset: u32,
    },
    /// The offset lies inside a vector's slot but not at its start.
    #[error("IVT offset {offset:#x} is inside vector {vector} (at {start:#x}), not at its start")]
    NotSlotStart {
        /// The rejected offset.
        offset: u32,
        /// The number of the vector whose slot holds the offset.
        vector: u8,
        /// Where that vector's slot starts.
        start: u32,
    },
}

/// Sum of every slot size; must be the table size.
const TOTAL: u32 = {
    let mut total = 0;
    let mut n = 0;
    while n < VECTOR_COUNT {
        total += Vector::ALL[n].slot_size();
        n += 1;
    }
    total
};
const_assert_eq!(TOTAL, IVT_SIZE);
const_assert_eq!(
    LONG_COUNT as u32 * LONG_SLOT + (VECTOR_COUNT as u32 - LONG_COUNT as u32) * SHORT_SLOT,
    IVT_SIZE
);
const_assert_eq!(Vector::Reserved67.offset() + SHORT_SLOT, IVT_SIZE);
const_assert_eq!(
    Vector::PageNotPresent.offset(),
    LONG_COUNT as u32 * LONG_SLOT
);

impl Vector {
    /// Every vector, in number (and offset) order.
    pub const ALL: [Vector; VECTOR_COUNT] = {
        use Vector::*;
        [
            VhptTranslation,
            InstructionTlb,
            DataTlb,
            AlternateInstructionTlb,
            AlternateDataTlb,
            DataNestedTlb,
            InstructionKeyMiss,
            DataKeyMiss,
            DirtyBit,
            InstructionAccessBit,
            DataAccessBit,
            BreakInstruction,
            ExternalInterrupt,
            Reserved13,
            Reserved14,
            Reserved15,
            Reserved16,
            Reserved17,
            Reserved18,
            Reserved19,
            PageNotPresent,
            KeyPermission,
            InstructionAccessRights,
            DataAccessRights,
            GeneralException,
            DisabledFpRegister,
            NatConsumption,
            Speculation,
            Reserved28,
            Debug,
            UnalignedReference,
            UnsupportedDataReference,
            FloatingPointFault,
            FloatingPointTrap,
            LowerPrivilegeTransferTrap,
            TakenBranchTrap,
            SingleStepTrap,
            Reserved37,
            Reserved38,
            Reserved39,
            Reserved40,
            Reserved41,
            Reserved42,
            Reserved43,
            Reserved44,
            Ia32Exception,
            Ia32Intercept,
            Ia32Interrupt,
            Reserved48,
            Reserved49,
            Reserved50,
            Reserved51,
            Reserved52,
            Reserved53,
            Reserved54,
            Reserved55,
            Reserved56,
            Reserved57,
            Reserved58,
            Reserved59,
            Reserved60,
            Reserved61,
            Reserved62,
            Reserved63,
            Reserved64,
            Reserved65,
            Reserved66,
            Reserved67,
        ]
    };

    /// The vector numbered `number` (0–67), as a `const fn`.
    pub const fn from_number(number: u8) -> Option<Vector> {
        if (number as usize) < VECTOR_COUNT {
            Some(Vector::ALL[number as usize])
        } else {
            None
        }
    }

    /// The vector number (0–67).
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// Offset of the vector's slot from the start of the IVT (cr.iva).
    pub const fn offset(self) -> u32 {
        let n = self as u32;
        if n < LONG_COUNT as u32 {
            n * LONG_SLOT
        } else {
            LONG_COUNT as u32 * LONG_SLOT + (n - LONG_COUNT as u32) * SHORT_SLOT
        }
    }

    /// Size of the vector's slot in bytes: 0x400 for vectors 0–19, 0x100 after.
    pub const fn slot_size(self) -> u32 {
        if (self as u8) < LONG_COUNT {
            LONG_SLOT
        } else {
            SHORT_SLOT
        }
    }

    /// Number of 16-byte bundles the slot holds (64 or 16).
    pub const fn bundles(self) -> u32 {
        self.slot_size() / 16
    }

    /// Whether the SDM leaves this entry reserved.
    pub const fn is_reserved(self) -> bool {
        matches!(self as u8, 13..=19 | 28 | 37..=44 | 48..=67)
    }

    /// The SDM name of the vector ("Data Nested TLB"), or "reserved".
    pub const fn name(self) -> &'static str {
        use Vector::*;
        match self {
            VhptTranslation => "VHPT Translation",
            InstructionTlb => "Instruction TLB",
            DataTlb => "Data TLB",
            AlternateInstructionTlb => "Alternate Instruction TLB",
            AlternateDataTlb => "Alternate Data TLB",
            DataNestedTlb => "Data Nested TLB",
            InstructionKeyMiss => "Instruction Key Miss",
            DataKeyMiss => "Data Key Miss",
            DirtyBit => "Dirty-Bit",
            InstructionAccessBit => "Instruction Access-Bit",
            DataAccessBit => "Data Access-Bit",
            BreakInstruction => "Break Instruction",
            ExternalInterrupt => "External Interrupt",
            PageNotPresent => "Page Not Present",
            KeyPermission => "Key Permission",
            InstructionAccessRights => "Instruction Access Rights",
            DataAccessRights => "Data Access Rights",
            GeneralException => "General Exception",
            DisabledFpRegister => "Disabled FP-Register",
            NatConsumption => "NaT Consumption",
            Speculation => "Speculation",
            Debug => "Debug",
            UnalignedReference => "Unaligned Reference",
            UnsupportedDataReference => "Unsupported Data Reference",
            FloatingPointFault => "Floating-Point Fault",
            FloatingPointTrap => "Floating-Point Trap",
            LowerPrivilegeTransferTrap => "Lower-Privilege Transfer Trap",
            TakenBranchTrap => "Taken Branch Trap",
            SingleStepTrap => "Single Step Trap",
            Ia32Exception => "IA-32 Exception",
            Ia32Intercept => "IA-32 Intercept",
            Ia32Interrupt => "IA-32 Interrupt",
            _ => "reserved",
        }
    }

    /// The symbol Linux's `ivt.S` gives the handler at this entry, or `None` for
    /// reserved entries.
    pub const fn linux_handler(self) -> Option<&'static str> {
        use Vector::*;
        Some(match self {
            VhptTranslation => "vhpt_miss",
            InstructionTlb => "itlb_miss",
            DataTlb => "dtlb_miss",
            AlternateInstructionTlb => "alt_itlb_miss",
            AlternateDataTlb => "alt_dtlb_miss",
            DataNestedTlb => "nested_dtlb_miss",
            InstructionKeyMiss => "ikey_miss",
            DataKeyMiss => "dkey_miss",
            DirtyBit => "dirty_bit",
            InstructionAccessBit => "iaccess_bit",
            DataAccessBit => "daccess_bit",
            BreakInstruction => "break_fault",
            ExternalInterrupt => "interrupt",
            PageNotPresent => "page_not_present",
            KeyPermission => "key_permission",
            InstructionAccessRights => "iaccess_rights",
            DataAccessRights => "daccess_rights",
            GeneralException => "general_exception",
            DisabledFpRegister => "disabled_fp_reg",
            NatConsumption => "nat_consumption",
            Speculation => "speculation_vector",
            Debug => "debug_vector",
            UnalignedReference => "unaligned_access",
            UnsupportedDataReference => "unsupported_data_reference",
            FloatingPointFault => "floating_point_fault",
            FloatingPointTrap => "floating_point_trap",
            LowerPrivilegeTransferTrap => "lower_privilege_trap",
            TakenBranchTrap => "taken_branch_trap",
            SingleStepTrap => "single_step_trap",
            Ia32Exception => "ia32_exception",
            Ia32Intercept => "ia32_intercept",
            Ia32Interrupt => "ia32_interrupt",
            _ => return None,
        })
    }

    /// The vector whose slot contains IVT offset `offset` (anywhere in the slot).
    pub const fn containing(offset: u32) -> Result<Vector, VectorError> {
        let short_base = LONG_COUNT as u32 * LONG_SLOT;
        let number = if offset >= IVT_SIZE {
            return Err(VectorError::OutsideTable { offset });
        } else if offset < short_base {
            offset / LONG_SLOT
        } else {
            LONG_COUNT as u32 + (offset - short_base) / SHORT_SLOT
        };
        // In range: the slots tile exactly IVT_SIZE bytes (TOTAL is asserted above),
        // so an offset below IVT_SIZE gives a number below VECTOR_COUNT.
        Ok(Vector::ALL[number as usize])
    }

    /// The vector whose slot starts at IVT offset `offset`.
    pub const fn from_offset(offset: u32) -> Result<Vector, VectorError> {
        match Vector::containing(offset) {
            Ok(vector) if vector.offset() == offset => Ok(vector),
            Ok(vector) => Err(VectorError::NotSlotStart {
                offset,
                vector: vector.number(),
                start: vector.offset(),
            }),
            Err(err) => Err(err),
        }
    }
}

impl core::fmt::Display for Vector {
    /// "0x5400 General Exception (24)", the way `ivt.S` comments name entries.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{:#06x} {} ({})",
            self.offset(),
            self.name(),
            self.number()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    /// The named rows of the facts sheet §1.2: offset, number, slot size in
    /// bundles, name, Linux handler.
    const FACTS: [(u32, u8, u32, &str, Option<&str>); 32] = [
        (0x0000, 0, 64, "VHPT Translation", Some("vhpt_miss")),
        (0x0400, 1, 64, "Instruction TLB", Some("itlb_miss")),
        (0x0800, 2, 64, "Data TLB", Some("dtlb_miss")),
        (
            0x0c00,
            3,
            64,
            "Alternate Instruction TLB",
            Some("alt_itlb_miss"),
        ),
        (0x1000, 4, 64, "Alternate Data TLB", Some("alt_dtlb_miss")),
        (0x1400, 5, 64, "Data Nested TLB", Some("nested_dtlb_miss")),
        (0x1800, 6, 64, "Instruction Key Miss", Some("ikey_miss")),
        (0x1c00, 7, 64, "Data Key Miss", Some("dkey_miss")),
        (0x2000, 8, 64, "Dirty-Bit", Some("dirty_bit")),
        (0x2400, 9, 64, "Instruction Access-Bit", Some("iaccess_bit")),
        (0x2800, 10, 64, "Data Access-Bit", Some("daccess_bit")),
        (0x2c00, 11, 64, "Break Instruction", Some("break_fault")),
        (0x3000, 12, 64, "External Interrupt", Some("interrupt")),
        (0x5000, 20, 16, "Page Not Present", Some("page_not_present")),
        (0x5100, 21, 16, "Key Permission", Some("key_permission")),
        (
            0x5200,
            22,
            16,
            "Instruction Access Rights",
            Some("iaccess_rights"),
        ),
        (0x5300, 23, 16, "Data Access Rights", Some("daccess_rights")),
        (
            0x5400,
            24,
            16,
            "General Exception",
            Some("general_exception"),
        ),
        (
            0x5500,
            25,
            16,
            "Disabled FP-Register",
            Some("disabled_fp_reg"),
        ),
        (0x5600, 26, 16, "NaT Consumption", Some("nat_consumption")),
        (0x5700, 27, 16, "Speculation", Some("speculation_vector")),
        (0x5900, 29, 16, "Debug", Some("debug_vector")),
        (
            0x5a00,
            30,
            16,
            "Unaligned Reference",
            Some("unaligned_access"),
        ),
        (
            0x5b00,
            31,
            16,
            "Unsupported Data Reference",
            Some("unsupported_data_reference"),
        ),
        (
            0x5c00,
            32,
            16,
            "Floating-Point Fault",
            Some("floating_point_fault"),
        ),
        (
            0x5d00,
            33,
            16,
            "Floating-Point Trap",
            Some("floating_point_trap"),
        ),
        (
            0x5e00,
            34,
            16,
            "Lower-Privilege Transfer Trap",
            Some("lower_privilege_trap"),
        ),
        (
            0x5f00,
            35,
            16,
            "Taken Branch Trap",
            Some("taken_branch_trap"),
        ),
        (0x6000, 36, 16, "Single Step Trap", Some("single_step_trap")),
        (0x6900, 45, 16, "IA-32 Exception", Some("ia32_exception")),
        (0x6a00, 46, 16, "IA-32 Intercept", Some("ia32_intercept")),
        (0x6b00, 47, 16, "IA-32 Interrupt", Some("ia32_interrupt")),
    ];

    #[test]
    fn named_vectors_match_the_facts_sheet() {
        for (offset, number, bundles, name, handler) in FACTS {
            let vector = Vector::try_from(number).unwrap();
            assert_eq!(vector.offset(), offset, "{name}");
            assert_eq!(vector.bundles(), bundles, "{name}");
            assert_eq!(vector.name(), name);
            assert_eq!(vector.linux_handler(), handler);
            assert!(!vector.is_reserved(), "{name}");
            assert_eq!(Vector::from_offset(offset), Ok(vector));
        }
    }

    #[test]
    fn every_other_vector_is_reserved() {
        let named: alloc::vec::Vec<u8> = FACTS.iter().map(|row| row.1).collect();
        for vector in Vector::ALL {
            let reserved = !named.contains(&vector.number());
            assert_eq!(vector.is_reserved(), reserved, "{vector}");
            if reserved {
                assert_eq!(vector.name(), "reserved");
                assert_eq!(vector.linux_handler(), None);
                assert_eq!(
                    format!("{vector:?}"),
                    format!("Reserved{}", vector.number())
                );
            }
        }
        assert_eq!(
            Vector::ALL.iter().filter(|v| v.is_reserved()).count(),
            VECTOR_COUNT - FACTS.len()
        );
    }

    #[test]
    fn slots_tile_the_table() {
        let mut next = 0;
        for (n, vector) in Vector::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(vector.number()), n);
            assert_eq!(Vector::try_from(vector.number()), Ok(vector));
            assert_eq!(Vector::from_number(vector.number()), Some(vector));
            assert_eq!(vector.offset(), next, "{vector}");
            assert_eq!(vector.slot_size(), if n < 20 { 0x400 } else { 0x100 });
            next += vector.slot_size();
        }
        assert_eq!(next, IVT_SIZE);
        assert_eq!(TOTAL, 0x8000);
        assert!(Vector::try_from(68u8).is_err());
        assert_eq!(Vector::from_number(68), None);
    }

    #[test]
    fn offsets_inside_slots() {
        for vector in Vector::ALL {
            let start = vector.offset();
            let last = start + vector.slot_size() - 1;
            assert_eq!(Vector::containing(start), Ok(vector));
            assert_eq!(Vector::containing(last), Ok(vector));
            assert_eq!(
                Vector::from_offset(start + 0x10),
                Err(VectorError::NotSlotStart {
                    offset: start + 0x10,
                    vector: vector.number(),
                    start
                })
            );
        }
        for offset in [IVT_SIZE, IVT_SIZE + 0x400, u32::MAX] {
            assert_eq!(
                Vector::containing(offset),
                Err(VectorError::OutsideTable { offset })
            );
            assert_eq!(
                Vector::from_offset(offset),
                Err(VectorError::OutsideTable { offset })
            );
        }
    }

    #[test]
    fn display_and_errors_read_well() {
        assert_eq!(
            Vector::GeneralException.to_string(),
            "0x5400 General Exception (24)"
        );
        assert_eq!(
            Vector::VhptTranslation.to_string(),
            "0x0000 VHPT Translation (0)"
        );
        assert_eq!(
            Vector::from_offset(0x5410).unwrap_err().to_string(),
            "IVT offset 0x5410 is inside vector 24 (at 0x5400), not at its start"
        );
        assert_eq!(
            Vector::from_offset(0x8000).unwrap_err().to_string(),
            "IVT offset 0x8000 is outside the table (size 0x8000)"
        );
    }
}
