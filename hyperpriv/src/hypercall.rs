//! Hypercalls: `break 0x1000` with the call number in r2 (facts §4).
//!
//! Numbers below 0x100 are Xen hypercalls with the stacked-register convention: they
//! are ordinary C calls at a function boundary, with a kernel stack and an RSE frame,
//! and the hypervisor may block, preempt and continue them, so it takes the caller's
//! stacked r32..r36 the way a system call does (facts §4.3). Numbers with
//! `r2 >> 8 != 0` are firmware calls, always served on the slow path, each with its
//! own registers (facts §4.2).
use num_enum::{IntoPrimitive, TryFromPrimitive};

use crate::error::AbiError;
use crate::regs::{BreakSlot, Gr};

/// The `break` immediate of a hypercall: Xen's default per-domain breakimm,
/// `__IA64_XEN_HYPERCALL_DEFAULT` (facts §4.1).
pub const HYPERCALL_BREAK_IMM: u64 = 0x1000;
/// The guest's own system-call `break` immediate (Linux `__BREAK_SYSCALL`); it never
/// collides with [`HYPERCALL_BREAK_IMM`] (facts §4.1).
pub const GUEST_SYSCALL_BREAK_IMM: u64 = 0x10_0000;
/// Size of the hypercall table; numbers at or above it are not implemented
/// (facts §4.1, X-cfg NR_hypercalls).
pub const NR_HYPERCALLS: u64 = 64;
/// The low bits of r2 that select a call within a firmware class; the class is
/// `r2 & !FW_HYPERCALL_NUM_MASK_LOW` (facts §4.2, X dom_fw.h).
pub const FW_HYPERCALL_NUM_MASK_LOW: u64 = 0xff;
/// The register that carries the virtual address for
/// [`FirmwareCall::SetSharedInfoVa`] (facts §3.1).
pub const SET_SHARED_INFO_VA_REG: Gr = Gr(28);

/// A Xen hypercall an IA-64 guest uses, by its number in r2 (facts §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u64)]
pub enum Hypercall {
    /// `__HYPERVISOR_sched_op_compat`.
    SchedOpCompat = 6,
    /// `__HYPERVISOR_platform_op`.
    PlatformOp = 7,
    /// `__HYPERVISOR_memory_op`.
    MemoryOp = 12,
    /// `__HYPERVISOR_multicall`.
    Multicall = 13,
    /// `__HYPERVISOR_set_timer_op` (Xen/IA-64's final table has no handler for it).
    SetTimerOp = 15,
    /// `__HYPERVISOR_xen_version`.
    XenVersion = 17,
    /// `__HYPERVISOR_console_io`.
    ConsoleIo = 18,
    /// `__HYPERVISOR_grant_table_op`.
    GrantTableOp = 20,
    /// `__HYPERVISOR_vcpu_op`.
    VcpuOp = 24,
    /// `__HYPERVISOR_xsm_op`.
    XsmOp = 27,
    /// `__HYPERVISOR_sched_op`.
    SchedOp = 29,
    /// `__HYPERVISOR_callback_op`.
    CallbackOp = 30,
    /// `__HYPERVISOR_xenoprof_op`.
    XenoprofOp = 31,
    /// `__HYPERVISOR_event_channel_op`.
    EventChannelOp = 32,
    /// `__HYPERVISOR_physdev_op`.
    PhysdevOp = 33,
    /// `__HYPERVISOR_hvm_op`.
    HvmOp = 34,
    /// `__HYPERVISOR_sysctl`.
    Sysctl = 35,
    /// `__HYPERVISOR_domctl`.
    Domctl = 36,
    /// `__HYPERVISOR_kexec_op`.
    KexecOp = 37,
    /// `__HYPERVISOR_tmem_op`.
    TmemOp = 38,
    /// `__HYPERVISOR_ia64_dom0vp_op` = arch_0: physmap and p2m operations.
    Ia64Dom0vpOp = 48,
    /// `__HYPERVISOR_ia64_fast_eoi` = arch_1: PHYSDEVOP_eoi without the physdev path.
    Ia64FastEoi = 49,
    /// `__HYPERVISOR_ia64_debug_op` = arch_2.
    Ia64DebugOp = 50,
}

impl Hypercall {
    /// Every hypercall in number order.
    pub const ALL: [Hypercall; 23] = {
        use Hypercall::*;
        [
            SchedOpCompat,
            PlatformOp,
            MemoryOp,
            Multicall,
            SetTimerOp,
            XenVersion,
            ConsoleIo,
            GrantTableOp,
            VcpuOp,
            XsmOp,
            SchedOp,
            CallbackOp,
            XenoprofOp,
            EventChannelOp,
            PhysdevOp,
            HvmOp,
            Sysctl,
            Domctl,
            KexecOp,
            TmemOp,
            Ia64Dom0vpOp,
            Ia64FastEoi,
            Ia64DebugOp,
        ]
    };

    /// The number the guest puts in r2.
    pub const fn number(self) -> u64 {
        self as u64
    }

    /// Xen's macro name (`__HYPERVISOR_memory_op`).
    pub const fn name(self) -> &'static str {
        use Hypercall::*;
        match self {
            SchedOpCompat => "__HYPERVISOR_sched_op_compat",
            PlatformOp => "__HYPERVISOR_platform_op",
            MemoryOp => "__HYPERVISOR_memory_op",
            Multicall => "__HYPERVISOR_multicall",
            SetTimerOp => "__HYPERVISOR_set_timer_op",
            XenVersion => "__HYPERVISOR_xen_version",
            ConsoleIo => "__HYPERVISOR_console_io",
            GrantTableOp => "__HYPERVISOR_grant_table_op",
            VcpuOp => "__HYPERVISOR_vcpu_op",
            XsmOp => "__HYPERVISOR_xsm_op",
            SchedOp => "__HYPERVISOR_sched_op",
            CallbackOp => "__HYPERVISOR_callback_op",
            XenoprofOp => "__HYPERVISOR_xenoprof_op",
            EventChannelOp => "__HYPERVISOR_event_channel_op",
            PhysdevOp => "__HYPERVISOR_physdev_op",
            HvmOp => "__HYPERVISOR_hvm_op",
            Sysctl => "__HYPERVISOR_sysctl",
            Domctl => "__HYPERVISOR_domctl",
            KexecOp => "__HYPERVISOR_kexec_op",
            TmemOp => "__HYPERVISOR_tmem_op",
            Ia64Dom0vpOp => "__HYPERVISOR_ia64_dom0vp_op",
            Ia64FastEoi => "__HYPERVISOR_ia64_fast_eoi",
            Ia64DebugOp => "__HYPERVISOR_ia64_debug_op",
        }
    }
}

/// A firmware or architecture call: `break 0x1000` with `r2 >> 8 != 0`, always
/// served on the slow path, with static registers of its own (facts §4.2,
/// X dom_fw.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u64)]
pub enum FirmwareCall {
    /// EFI GetTime.
    EfiGetTime = 0x300,
    /// EFI SetTime.
    EfiSetTime = 0x301,
    /// EFI GetWakeupTime.
    EfiGetWakeupTime = 0x302,
    /// EFI SetWakeupTime.
    EfiSetWakeupTime = 0x303,
    /// EFI SetVirtualAddressMap.
    EfiSetVirtualAddressMap = 0x304,
    /// EFI GetVariable.
    EfiGetVariable = 0x305,
    /// EFI GetNextVariableName.
    EfiGetNextVariable = 0x306,
    /// EFI SetVariable.
    EfiSetVariable = 0x307,
    /// EFI GetNextHighMonotonicCount.
    EfiGetNextHighMonoCount = 0x308,
    /// EFI ResetSystem.
    EfiResetSystem = 0x309,
    /// Send an IPI.
    Ipi = 0x400,
    /// The first FPSWA call, kept for the old ABI only.
    FpswaBroken = 0x500,
    /// The floating-point software assist.
    Fpswa = 0x501,
    /// Announce where the guest mapped the XSI area.
    SetSharedInfoVa = 0x600,
    /// Switch a hypervisor optimization on or off (`__HYPERVISOR_opt_feature`).
    OptFeature = 0x700,
    /// Hvmstub I/O emulation.
    Sioemu = 0x800,
    /// A PAL procedure call.
    PalCall = 0x1000,
    /// A SAL procedure call.
    SalCall = 0x1100,
    /// Return from a SAL rendezvous.
    SalReturn = 0x1200,
}

impl FirmwareCall {
    /// Every firmware call in number order.
    pub const ALL: [FirmwareCall; 19] = {
        use FirmwareCall::*;
        [
            EfiGetTime,
            EfiSetTime,
            EfiGetWakeupTime,
            EfiSetWakeupTime,
            EfiSetVirtualAddressMap,
            EfiGetVariable,
            EfiGetNextVariable,
            EfiSetVariable,
            EfiGetNextHighMonoCount,
            EfiResetSystem,
            Ipi,
            FpswaBroken,
            Fpswa,
            SetSharedInfoVa,
            OptFeature,
            Sioemu,
            PalCall,
            SalCall,
            SalReturn,
        ]
    };

    /// The number the guest puts in r2.
    pub const fn number(self) -> u64 {
        self as u64
    }

    /// Xen's macro name (`FW_HYPERCALL_SET_SHARED_INFO_VA`).
    pub const fn name(self) -> &'static str {
        use FirmwareCall::*;
        match self {
            EfiGetTime => "FW_HYPERCALL_EFI_GET_TIME",
            EfiSetTime => "FW_HYPERCALL_EFI_SET_TIME",
            EfiGetWakeupTime => "FW_HYPERCALL_EFI_GET_WAKEUP_TIME",
            EfiSetWakeupTime => "FW_HYPERCALL_EFI_SET_WAKEUP_TIME",
            EfiSetVirtualAddressMap => "FW_HYPERCALL_EFI_SET_VIRTUAL_ADDRESS_MAP",
            EfiGetVariable => "FW_HYPERCALL_EFI_GET_VARIABLE",
            EfiGetNextVariable => "FW_HYPERCALL_EFI_GET_NEXT_VARIABLE",
            EfiSetVariable => "FW_HYPERCALL_EFI_SET_VARIABLE",
            EfiGetNextHighMonoCount => "FW_HYPERCALL_EFI_GET_NEXT_HIGH_MONO_COUNT",
            EfiResetSystem => "FW_HYPERCALL_EFI_RESET_SYSTEM",
            Ipi => "FW_HYPERCALL_IPI",
            FpswaBroken => "FW_HYPERCALL_FPSWA_BROKEN",
            Fpswa => "FW_HYPERCALL_FPSWA",
            SetSharedInfoVa => "FW_HYPERCALL_SET_SHARED_INFO_VA",
            OptFeature => "__HYPERVISOR_opt_feature",
            Sioemu => "FW_HYPERCALL_SIOEMU",
            PalCall => "FW_HYPERCALL_PAL_CALL",
            SalCall => "FW_HYPERCALL_SAL_CALL",
            SalReturn => "FW_HYPERCALL_SAL_RETURN",
        }
    }

    /// The registers the call uses, as the facts sheet gives them (§3.1, §4.2).
    pub const fn registers(self) -> &'static str {
        use FirmwareCall::*;
        match self {
            PalCall => "r28 = index; r29-r31 = args (stacked r33-r35 for indices >= PAL_COPY_PAL); results r8-r11",
            SalCall => "args in stacked r32-r39; results r8-r11",
            Ipi => "r14 = cpu, r15 = vector",
            SetSharedInfoVa => "r28 = va; result r8",
            OptFeature => "r32 = guest address of struct xen_ia64_opt_feature",
            EfiGetTime | EfiSetTime | EfiGetWakeupTime | EfiSetWakeupTime
            | EfiSetVirtualAddressMap | EfiGetVariable | EfiGetNextVariable | EfiSetVariable
            | EfiGetNextHighMonoCount | EfiResetSystem => "EFI runtime arguments in stacked r32 and up",
            SalReturn | FpswaBroken | Fpswa | Sioemu => "call-specific",
        }
    }
}

/// What a `break 0x1000` asks for, decided by r2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HypercallTarget {
    /// `r2 >> 8 == 0`: a hypercall with the stacked convention.
    Hypercall(Hypercall),
    /// `r2 >> 8 != 0`: a firmware call.
    Firmware(FirmwareCall),
}

/// True when r2 selects a firmware call rather than a hypercall: Xen's fast path
/// sends every `r2 >> 8 != 0` to the slow path (facts §4.1).
pub const fn is_firmware_range(r2: u64) -> bool {
    r2 >> 8 != 0
}

/// Decodes the r2 of a `break 0x1000`.
pub fn decode_hypercall(r2: u64) -> Result<HypercallTarget, AbiError> {
    if is_firmware_range(r2) {
        FirmwareCall::try_from(r2)
            .map(HypercallTarget::Firmware)
            .map_err(|_| AbiError::UnknownFirmwareCall { r2 })
    } else {
        Hypercall::try_from(r2)
            .map(HypercallTarget::Hypercall)
            .map_err(|_| AbiError::UnknownHypercall { r2 })
    }
}

/// The stacked-register convention of hypercalls (facts §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StackedConvention {
    /// The register holding the call number.
    pub number: Gr,
    /// The caller's stacked argument registers, in order; the hypervisor allocates a
    /// frame over them exactly as a system call does.
    pub args: [Gr; 5],
    /// The result register.
    pub result: Gr,
    /// The `break` immediate.
    pub break_imm: u64,
    /// Slots the `break` may sit in.
    pub break_slots: [BreakSlot; 2],
}

/// The hypercall convention: r2 = number, r32..r36 = arguments, r8 = result,
/// `break 0x1000` in an M or I slot.
pub const HYPERCALL_CONVENTION: StackedConvention = StackedConvention {
    number: Gr(2),
    args: [Gr(32), Gr(33), Gr(34), Gr(35), Gr(36)],
    result: Gr(8),
    break_imm: HYPERCALL_BREAK_IMM,
    break_slots: [BreakSlot::M, BreakSlot::I],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_ranges_decode_to_their_own_kind() {
        for h in Hypercall::ALL {
            assert!(h.number() < NR_HYPERCALLS, "{}", h.name());
            assert_eq!(
                decode_hypercall(h.number()),
                Ok(HypercallTarget::Hypercall(h))
            );
        }
        for f in FirmwareCall::ALL {
            assert!(is_firmware_range(f.number()), "{}", f.name());
            assert_eq!(
                decode_hypercall(f.number()),
                Ok(HypercallTarget::Firmware(f))
            );
        }
    }

    #[test]
    fn unknown_numbers_are_errors_of_their_range() {
        assert_eq!(
            decode_hypercall(0),
            Err(AbiError::UnknownHypercall { r2: 0 })
        );
        assert_eq!(
            decode_hypercall(0xff),
            Err(AbiError::UnknownHypercall { r2: 0xff })
        );
        assert_eq!(
            decode_hypercall(0x100),
            Err(AbiError::UnknownFirmwareCall { r2: 0x100 })
        );
        assert_eq!(
            decode_hypercall(u64::MAX),
            Err(AbiError::UnknownFirmwareCall { r2: u64::MAX })
        );
    }

    #[test]
    fn all_lists_are_sorted_and_complete() {
        assert!(Hypercall::ALL
            .windows(2)
            .all(|w| w[0].number() < w[1].number()));
        assert!(FirmwareCall::ALL
            .windows(2)
            .all(|w| w[0].number() < w[1].number()));
        let hypercalls = (0..0x100)
            .filter(|&n| Hypercall::try_from(n).is_ok())
            .count();
        assert_eq!(hypercalls, Hypercall::ALL.len());
        let firmware = (0x100..0x2000)
            .filter(|&n| FirmwareCall::try_from(n).is_ok())
            .count();
        assert_eq!(firmware, FirmwareCall::ALL.len());
    }
}
