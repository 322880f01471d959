//! The XSI shared area: `shared_info` at XSI_BASE and `mapped_regs` at
//! XSI_BASE + XMAPPEDREGS_OFS, in Xen's final layout byte for byte (facts §3).
//!
//! The guest reads and writes its virtual privileged state here with plain loads and
//! stores; the hypervisor pins both pages with data TRs so either side can touch them
//! with psr.ic = 0 (facts §3.1).
use core::mem::{offset_of, size_of};

use static_assertions::{const_assert, const_assert_eq};

use crate::layout::abi_struct;

/// Guest virtual address of the XSI area: −1 MiB, reachable with a 22-bit `addl`
/// immediate instead of `movl` (facts §3.1, L-xprivop).
pub const XSI_BASE: u64 = 0xffff_ffff_fff0_0000;
/// log2 of [`XSI_SIZE`] (facts §3.1).
pub const XSI_SHIFT: u32 = 14;
/// Size of the shared_info part of the XSI area: 16 KiB (facts §3.1).
pub const XSI_SIZE: u64 = 1 << XSI_SHIFT;
/// log2 of [`XMAPPEDREGS_SIZE`] (facts §3.1).
pub const XMAPPEDREGS_SHIFT: u32 = 12;
/// Size of `mapped_regs`: 4 KiB (facts §3.1).
pub const XMAPPEDREGS_SIZE: u64 = 1 << XMAPPEDREGS_SHIFT;
/// Offset of `mapped_regs` from XSI_BASE: right after shared_info (facts §3.1).
pub const XMAPPEDREGS_OFS: u64 = XSI_SIZE;
/// Guest virtual address of `mapped_regs` (facts §3.1).
pub const XMAPPEDREGS_BASE: u64 = XSI_BASE + XMAPPEDREGS_OFS;
/// Number of `vcpu_info` slots in shared_info: Xen/IA-64's MAX_VIRT_CPUS
/// (L-xiface), which keeps shared_info inside one page.
pub const MAX_VIRT_CPUS: usize = 64;
/// Offset from a vCPU's event mask to its pending byte: the pending byte sits just
/// before the mask, so `pending = interrupt_mask_addr - 1` (facts §3.4,
/// Linux's MASK_TO_PEND_OFS).
pub const MASK_TO_PEND_OFS: i64 = offset_of!(VcpuInfo, evtchn_upcall_pending) as i64
    - offset_of!(VcpuInfo, evtchn_upcall_mask) as i64;

abi_struct! {
    /// Xen's `vcpu_time_info`: the per-vCPU system-time record inside [`VcpuInfo`].
    pub struct VcpuTimeInfo as "vcpu_time_info" {
        /// Odd while the hypervisor updates the record.
        pub version: u32,
        /// Padding (zero).
        pub pad0: u32,
        /// ar.itc value at the last update.
        pub tsc_timestamp: u64,
        /// System time in ns at the last update.
        pub system_time: u64,
        /// Multiplier from itc ticks to ns, a 32.32 fixed-point fraction.
        pub tsc_to_system_mul: u32,
        /// Shift applied to the itc delta before the multiplication.
        pub tsc_shift: i8,
        /// Padding (zero).
        pub pad1: [u8; 3],
    }
}

abi_struct! {
    /// Xen's `vcpu_info`: one per vCPU at the start of shared_info.
    ///
    /// Xen's trailing `arch_vcpu_info` is empty on IA-64 and is left out: an empty
    /// struct has size 0 in GNU C and is not valid C89.
    pub struct VcpuInfo as "vcpu_info" {
        /// Non-zero when an event is pending; always the byte before the mask (facts 3.4).
        pub evtchn_upcall_pending: u8,
        /// Virtual psr.i is NOT this byte; XSI_PSR_I_ADDR points here (facts 3.4).
        pub evtchn_upcall_mask: u8,
        /// Padding (zero) that LP64 C inserts implicitly.
        pub pad0: [u8; 6],
        /// Which words of evtchn_pending have bits set.
        pub evtchn_pending_sel: u64,
        /// System time of this vCPU.
        pub time: VcpuTimeInfo,
    }
}

abi_struct! {
    /// Xen/IA-64's `arch_shared_info` (L-xiface, facts 3.4).
    pub struct ArchSharedInfo as "arch_shared_info" {
        /// Page frame number of the start-info page.
        pub start_info_pfn: u64,
        /// Interrupt vector for event-channel notifications.
        pub evtchn_vector: u32,
        /// Number of memmap_info pages (only 1 is supported).
        pub memmap_info_num_pages: u32,
        /// Page frame number of the first memmap_info page.
        pub memmap_info_pfn: u64,
        /// Reserved (zero).
        pub pad: [u64; 31],
    }
}

abi_struct! {
    /// Xen's `shared_info` as laid out for IA-64, at XSI_BASE.
    pub struct SharedInfo as "shared_info" {
        /// Per-vCPU event and time state.
        pub vcpu_info: [VcpuInfo; MAX_VIRT_CPUS],
        /// Pending bit per event channel.
        pub evtchn_pending: [u64; 64],
        /// Mask bit per event channel.
        pub evtchn_mask: [u64; 64],
        /// Wall-clock record version, odd while updating.
        pub wc_version: u32,
        /// Wall-clock seconds at system time 0.
        pub wc_sec: u32,
        /// Wall-clock nanoseconds at system time 0.
        pub wc_nsec: u32,
        /// Padding (zero) that LP64 C inserts implicitly.
        pub pad0: u32,
        /// Architecture-specific part.
        pub arch: ArchSharedInfo,
    }
}

abi_struct! {
    /// Xen's final `struct mapped_regs` (facts 3.2): the guest's virtual privileged
    /// state, at XSI_BASE + XMAPPEDREGS_OFS. Words 0x000..0xbff mirror the VT-i VPD.
    pub struct MappedRegs as "mapped_regs" {
        /// VT-i acceleration control bits (union vac).
        pub vac: u64,
        /// VT-i virtualization disable control bits (union vdc).
        pub vdc: u64,
        /// VT-i virtual environment address.
        pub virt_env_vaddr: u64,
        /// Reserved.
        pub reserved1: [u64; 29],
        /// VT-i highest pending interrupt.
        pub vhpi: u64,
        /// Reserved.
        pub reserved2: [u64; 95],
        /// Bank-1 r16..r31 while virtual bank 0 is active (Xen: vgr / bank1_regs).
        pub bank1_regs: [u64; 16],
        /// Bank-0 r16..r31 while virtual bank 1 is active (Xen: vbgr / bank0_regs).
        pub bank0_regs: [u64; 16],
        /// NaT bits of bank1_regs.
        pub vnat: u64,
        /// NaT bits of bank0_regs.
        pub vbnat: u64,
        /// Virtual CPUID registers.
        pub vcpuid: [u64; 5],
        /// Reserved.
        pub reserved3: [u64; 11],
        /// VT-i virtual psr.
        pub vpsr: u64,
        /// VT-i virtual pr.
        pub vpr: u64,
        /// Reserved.
        pub reserved4: [u64; 76],
        /// cr.dcr (CR0); start of `vcr[128]`, laid out by CR number.
        pub dcr: u64,
        /// cr.itm (CR1).
        pub itm: u64,
        /// cr.iva (CR2).
        pub iva: u64,
        /// CR3..CR7.
        pub rsv1: [u64; 5],
        /// cr.pta (CR8).
        pub pta: u64,
        /// CR9..CR15.
        pub rsv2: [u64; 7],
        /// cr.ipsr (CR16).
        pub ipsr: u64,
        /// cr.isr (CR17).
        pub isr: u64,
        /// CR18.
        pub rsv3: u64,
        /// cr.iip (CR19).
        pub iip: u64,
        /// cr.ifa (CR20).
        pub ifa: u64,
        /// cr.itir (CR21).
        pub itir: u64,
        /// cr.iipa (CR22).
        pub iipa: u64,
        /// cr.ifs (CR23).
        pub ifs: u64,
        /// cr.iim (CR24).
        pub iim: u64,
        /// cr.iha (CR25).
        pub iha: u64,
        /// CR26..CR63.
        pub rsv4: [u64; 38],
        /// cr.lid (CR64).
        pub lid: u64,
        /// cr.ivr (CR65).
        pub ivr: u64,
        /// cr.tpr (CR66).
        pub tpr: u64,
        /// cr.eoi (CR67).
        pub eoi: u64,
        /// cr.irr0..cr.irr3 (CR68..CR71).
        pub irr: [u64; 4],
        /// cr.itv (CR72).
        pub itv: u64,
        /// cr.pmv (CR73).
        pub pmv: u64,
        /// cr.cmcv (CR74).
        pub cmcv: u64,
        /// CR75..CR79.
        pub rsv5: [u64; 5],
        /// cr.lrr0 (CR80).
        pub lrr0: u64,
        /// cr.lrr1 (CR81).
        pub lrr1: u64,
        /// CR82..CR127.
        pub rsv6: [u64; 46],
        /// cr.ifs as captured by the hypervisor when it reflected an interruption.
        pub precover_ifs: u64,
        /// Virtual ar.unat.
        pub unat: u64,
        /// Virtual psr.ic (Xen: int interrupt_collection_enabled).
        pub interrupt_collection_enabled: u32,
        /// Padding (zero) that LP64 C inserts implicitly.
        pub pad0: u32,
        /// Address of this vCPU's evtchn_upcall_mask (Xen: a pointer).
        pub interrupt_mask_addr: u64,
        /// Xen: int pending_interruption.
        pub pending_interruption: u32,
        /// Virtual psr.pp.
        pub vpsr_pp: u8,
        /// Virtual psr.dfh.
        pub vpsr_dfh: u8,
        /// Host psr.dfh.
        pub hpsr_dfh: u8,
        /// Host psr.mfh.
        pub hpsr_mfh: u8,
        /// Reserved.
        pub reserved5_1: [u64; 4],
        /// 1 while the guest runs in metaphysical (psr.dt = 0) mode.
        pub metaphysical_mode: u32,
        /// Active virtual register bank, 0 or 1.
        pub banknum: u32,
        /// Virtual region registers rr0..rr7.
        pub rrs: [u64; 8],
        /// Virtual kernel registers ar.k0..ar.k7.
        pub krs: [u64; 8],
        /// Hyperprivop temporaries.
        pub tmp: [u64; 16],
        /// Virtual ar.itc = machine ar.itc + itc_offset.
        pub itc_offset: u64,
        /// Last ar.itc value handed to the guest, kept monotonic.
        pub itc_last: u64,
        /// Reserved up to 4 KiB (the rest of Xen's `reserved5[128]`).
        pub reserved5_2: [u64; 84],
    }
}

// Sizes (facts §3.1, §3.2, §3.4). shared_info must fit in its 16 KiB and
// mapped_regs must be exactly its 4 KiB page.
const_assert_eq!(size_of::<MappedRegs>() as u64, XMAPPEDREGS_SIZE);
const_assert_eq!(size_of::<MappedRegs>(), 4096);
const_assert_eq!(size_of::<VcpuTimeInfo>(), 32);
const_assert_eq!(size_of::<VcpuInfo>(), 48);
const_assert_eq!(size_of::<ArchSharedInfo>(), 272);
const_assert_eq!(size_of::<SharedInfo>(), 4384);
const_assert!(size_of::<SharedInfo>() as u64 <= XSI_SIZE);
const_assert_eq!(MASK_TO_PEND_OFS, -1);

// Every offset of the facts §3.2 table, as published by Xen.
const_assert_eq!(offset_of!(MappedRegs, vac), 0x000);
const_assert_eq!(offset_of!(MappedRegs, vdc), 0x008);
const_assert_eq!(offset_of!(MappedRegs, virt_env_vaddr), 0x010);
const_assert_eq!(offset_of!(MappedRegs, reserved1), 0x018);
const_assert_eq!(offset_of!(MappedRegs, vhpi), 0x100);
const_assert_eq!(offset_of!(MappedRegs, reserved2), 0x108);
const_assert_eq!(offset_of!(MappedRegs, bank1_regs), 0x400);
const_assert_eq!(offset_of!(MappedRegs, bank0_regs), 0x480);
const_assert_eq!(offset_of!(MappedRegs, vnat), 0x500);
const_assert_eq!(offset_of!(MappedRegs, vbnat), 0x508);
const_assert_eq!(offset_of!(MappedRegs, vcpuid), 0x510);
const_assert_eq!(offset_of!(MappedRegs, reserved3), 0x538);
const_assert_eq!(offset_of!(MappedRegs, vpsr), 0x590);
const_assert_eq!(offset_of!(MappedRegs, vpr), 0x598);
const_assert_eq!(offset_of!(MappedRegs, reserved4), 0x5a0);
const_assert_eq!(offset_of!(MappedRegs, dcr), 0x800);
const_assert_eq!(offset_of!(MappedRegs, itm), 0x808);
const_assert_eq!(offset_of!(MappedRegs, iva), 0x810);
const_assert_eq!(offset_of!(MappedRegs, pta), 0x840);
const_assert_eq!(offset_of!(MappedRegs, ipsr), 0x880);
const_assert_eq!(offset_of!(MappedRegs, isr), 0x888);
const_assert_eq!(offset_of!(MappedRegs, iip), 0x898);
const_assert_eq!(offset_of!(MappedRegs, ifa), 0x8a0);
const_assert_eq!(offset_of!(MappedRegs, itir), 0x8a8);
const_assert_eq!(offset_of!(MappedRegs, iipa), 0x8b0);
const_assert_eq!(offset_of!(MappedRegs, ifs), 0x8b8);
const_assert_eq!(offset_of!(MappedRegs, iim), 0x8c0);
const_assert_eq!(offset_of!(MappedRegs, iha), 0x8c8);
const_assert_eq!(offset_of!(MappedRegs, lid), 0xa00);
const_assert_eq!(offset_of!(MappedRegs, ivr), 0xa08);
const_assert_eq!(offset_of!(MappedRegs, tpr), 0xa10);
const_assert_eq!(offset_of!(MappedRegs, eoi), 0xa18);
const_assert_eq!(offset_of!(MappedRegs, irr), 0xa20);
const_assert_eq!(offset_of!(MappedRegs, itv), 0xa40);
const_assert_eq!(offset_of!(MappedRegs, pmv), 0xa48);
const_assert_eq!(offset_of!(MappedRegs, cmcv), 0xa50);
const_assert_eq!(offset_of!(MappedRegs, lrr0), 0xa80);
const_assert_eq!(offset_of!(MappedRegs, lrr1), 0xa88);
const_assert_eq!(offset_of!(MappedRegs, precover_ifs), 0xc00);
const_assert_eq!(offset_of!(MappedRegs, unat), 0xc08);
const_assert_eq!(offset_of!(MappedRegs, interrupt_collection_enabled), 0xc10);
const_assert_eq!(offset_of!(MappedRegs, interrupt_mask_addr), 0xc18);
const_assert_eq!(offset_of!(MappedRegs, pending_interruption), 0xc20);
const_assert_eq!(offset_of!(MappedRegs, vpsr_pp), 0xc24);
const_assert_eq!(offset_of!(MappedRegs, vpsr_dfh), 0xc25);
const_assert_eq!(offset_of!(MappedRegs, hpsr_dfh), 0xc26);
const_assert_eq!(offset_of!(MappedRegs, hpsr_mfh), 0xc27);
const_assert_eq!(offset_of!(MappedRegs, reserved5_1), 0xc28);
const_assert_eq!(offset_of!(MappedRegs, metaphysical_mode), 0xc48);
const_assert_eq!(offset_of!(MappedRegs, banknum), 0xc4c);
const_assert_eq!(offset_of!(MappedRegs, rrs), 0xc50);
const_assert_eq!(offset_of!(MappedRegs, krs), 0xc90);
const_assert_eq!(offset_of!(MappedRegs, tmp), 0xcd0);
const_assert_eq!(offset_of!(MappedRegs, itc_offset), 0xd50);
const_assert_eq!(offset_of!(MappedRegs, itc_last), 0xd58);
// The vcr[128] block spans 0x800..0xc00, laid out by CR number.
const_assert_eq!(
    offset_of!(MappedRegs, precover_ifs) - offset_of!(MappedRegs, dcr),
    128 * 8
);

// shared_info, derived from L-xiface and Xen's public xen.h for IA-64 (LP64).
const_assert_eq!(offset_of!(VcpuInfo, evtchn_upcall_pending), 0);
const_assert_eq!(offset_of!(VcpuInfo, evtchn_upcall_mask), 1);
const_assert_eq!(offset_of!(VcpuInfo, evtchn_pending_sel), 8);
const_assert_eq!(offset_of!(VcpuInfo, time), 16);
const_assert_eq!(offset_of!(SharedInfo, evtchn_pending), 3072);
const_assert_eq!(offset_of!(SharedInfo, evtchn_mask), 3584);
const_assert_eq!(offset_of!(SharedInfo, wc_version), 4096);
const_assert_eq!(offset_of!(SharedInfo, arch), 4112);
const_assert_eq!(offset_of!(ArchSharedInfo, evtchn_vector), 8);
const_assert_eq!(offset_of!(ArchSharedInfo, memmap_info_pfn), 16);

/// One named field of `mapped_regs` as the guest and the hypervisor address it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XsiField {
    /// The `XSI_*` name without `_OFS` (`XSI_IPSR`).
    pub name: &'static str,
    /// The `mapped_regs` field it names (`ipsr`).
    pub field: &'static str,
    /// Offset from XSI_BASE (`XSI_IPSR_OFS`).
    pub ofs: u64,
    /// Guest virtual address (`XSI_IPSR`).
    pub addr: u64,
}

macro_rules! xsi_fields {
    ($( $(#[doc = $doc:literal])* $name:ident, $ofs:ident = $field:ident; )*) => {
        $(
            #[doc = concat!("Offset from XSI_BASE of `mapped_regs.", stringify!($field), "`.")]
            $(#[doc = $doc])*
            pub const $ofs: u64 = XMAPPEDREGS_OFS + offset_of!(MappedRegs, $field) as u64;
            #[doc = concat!("Guest virtual address of `mapped_regs.", stringify!($field), "`.")]
            $(#[doc = $doc])*
            pub const $name: u64 = XSI_BASE + $ofs;
        )*

        /// Every `XSI_*` name of Linux (L-xprivop, L-asmoff) and Xen
        /// (asm-xsi-offsets.c), facts §3.3, in that order.
        pub const XSI_FIELDS: &[XsiField] = &[$(
            XsiField { name: stringify!($name), field: stringify!($field), ofs: $ofs, addr: $name },
        )*];
    };
}

xsi_fields! {
    /// Pointer to this vCPU's event mask: virtual psr.i is its complement (facts §3.4).
    XSI_PSR_I_ADDR, XSI_PSR_I_ADDR_OFS = interrupt_mask_addr;
    XSI_IPSR, XSI_IPSR_OFS = ipsr;
    XSI_IIP, XSI_IIP_OFS = iip;
    XSI_IFS, XSI_IFS_OFS = ifs;
    XSI_PRECOVER_IFS, XSI_PRECOVER_IFS_OFS = precover_ifs;
    XSI_ISR, XSI_ISR_OFS = isr;
    XSI_IFA, XSI_IFA_OFS = ifa;
    XSI_IIPA, XSI_IIPA_OFS = iipa;
    XSI_IIM, XSI_IIM_OFS = iim;
    XSI_IHA, XSI_IHA_OFS = iha;
    XSI_ITIR, XSI_ITIR_OFS = itir;
    /// Virtual psr.ic, a 4-byte int (facts §3.4).
    XSI_PSR_IC, XSI_PSR_IC_OFS = interrupt_collection_enabled;
    XSI_BANKNUM, XSI_BANKNUM_OFS = banknum;
    XSI_BANK0_R16, XSI_BANK0_R16_OFS = bank0_regs;
    XSI_BANK1_R16, XSI_BANK1_R16_OFS = bank1_regs;
    XSI_B0NATS, XSI_B0NATS_OFS = vbnat;
    XSI_B1NATS, XSI_B1NATS_OFS = vnat;
    /// Linux's name for XSI_B1NATS.
    XSI_B1NAT, XSI_B1NAT_OFS = vnat;
    XSI_ITC_OFFSET, XSI_ITC_OFFSET_OFS = itc_offset;
    XSI_ITC_LAST, XSI_ITC_LAST_OFS = itc_last;
    XSI_TPR, XSI_TPR_OFS = tpr;
    XSI_ITV, XSI_ITV_OFS = itv;
    XSI_PTA, XSI_PTA_OFS = pta;
    XSI_VPSR_DFH, XSI_VPSR_DFH_OFS = vpsr_dfh;
    XSI_HPSR_DFH, XSI_HPSR_DFH_OFS = hpsr_dfh;
    XSI_VPSR_PP, XSI_VPSR_PP_OFS = vpsr_pp;
    XSI_METAPHYS, XSI_METAPHYS_OFS = metaphysical_mode;
    XSI_RR0, XSI_RR0_OFS = rrs;
    XSI_KR0, XSI_KR0_OFS = krs;
}

/// The value the hypervisor stores in `mapped_regs.interrupt_mask_addr` for `vcpu`:
/// the address of that vCPU's `evtchn_upcall_mask` in shared_info (facts §3.4,
/// Xen's INT_ENABLE_OFFSET).
pub const fn interrupt_mask_addr(shared_info_va: u64, vcpu: u32) -> u64 {
    shared_info_va
        + vcpu as u64 * size_of::<VcpuInfo>() as u64
        + offset_of!(VcpuInfo, evtchn_upcall_mask) as u64
}

/// The address of the pending byte that goes with the mask at `mask_addr`
/// (`mask_addr + MASK_TO_PEND_OFS`, facts §3.4).
pub const fn pending_addr(mask_addr: u64) -> u64 {
    mask_addr.wrapping_add_signed(MASK_TO_PEND_OFS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::AbiStruct;

    #[test]
    fn xsi_table_matches_the_struct_descriptions() {
        let desc = MappedRegs::DESC;
        for f in XSI_FIELDS {
            let field = desc
                .field(f.field)
                .unwrap_or_else(|| panic!("{} has no field", f.name));
            assert_eq!(f.ofs, XMAPPEDREGS_OFS + field.offset as u64, "{}", f.name);
            assert_eq!(f.addr, XSI_BASE + f.ofs, "{}", f.name);
        }
    }

    #[test]
    fn every_xsi_address_fits_an_addl_immediate() {
        // facts §3.1: the area was placed at −1 MiB so that addl's signed 22-bit
        // immediate reaches it.
        for f in XSI_FIELDS {
            let v = f.addr as i64;
            assert!(
                (-(1 << 21)..(1 << 21)).contains(&v),
                "{} = {:#x}",
                f.name,
                f.addr
            );
        }
    }

    #[test]
    fn mask_and_pending_addresses_follow_the_vcpu_index() {
        let m0 = interrupt_mask_addr(XSI_BASE, 0);
        let m3 = interrupt_mask_addr(XSI_BASE, 3);
        assert_eq!(m0, XSI_BASE + 1);
        assert_eq!(m3, XSI_BASE + 3 * 48 + 1);
        assert_eq!(pending_addr(m3), XSI_BASE + 3 * 48);

        let mut si = SharedInfo::ZERO;
        si.vcpu_info[3].evtchn_upcall_mask = 1;
        si.vcpu_info[3].evtchn_upcall_pending = 7;
        // SAFETY: SharedInfo is repr(C) plain integers; reading its bytes is sound.
        let bytes = unsafe {
            core::slice::from_raw_parts(
                (&si as *const SharedInfo).cast::<u8>(),
                size_of::<SharedInfo>(),
            )
        };
        assert_eq!(bytes[(m3 - XSI_BASE) as usize], 1);
        assert_eq!(bytes[(pending_addr(m3) - XSI_BASE) as usize], 7);
    }

    #[test]
    fn zero_is_all_zero_bytes() {
        let regs = MappedRegs::ZERO;
        // SAFETY: MappedRegs is repr(C) plain integers with no padding (asserted).
        let bytes = unsafe {
            core::slice::from_raw_parts(
                (&regs as *const MappedRegs).cast::<u8>(),
                size_of::<MappedRegs>(),
            )
        };
        assert!(bytes.iter().all(|&b| b == 0));
        assert_eq!(MappedRegs::default(), regs);
    }
}
