//! Every number the facts sheet (`shared/reference/xen-ia64-facts.md`) gives for the
//! interface, copied here as tables and checked against the crate. The tables are
//! deliberately literal copies, not derived from the code under test.
use crate::*;

/// One row of the §2.2 table: number, name, emulates, inputs, output, fast path.
type HyperprivopRow = (
    u8,
    &'static str,
    &'static str,
    &'static [u8],
    Option<u8>,
    bool,
);

/// §2.2, row by row.
const HYPERPRIVOP_TABLE: &[HyperprivopRow] = &[
    (0x01, "RFI", "rfi", &[], None, true),
    (0x02, "RSM_DT", "rsm psr.dt", &[], None, true),
    (0x03, "SSM_DT", "ssm psr.dt", &[], None, true),
    (0x04, "COVER", "cover", &[], None, true),
    (0x05, "ITC_D", "itc.d", &[8], None, false),
    (0x06, "ITC_I", "itc.i", &[8], None, false),
    (0x07, "SSM_I", "ssm psr.i", &[], None, true),
    (0x08, "GET_IVR", "mov r=cr.ivr", &[], Some(8), false),
    (0x09, "GET_TPR", "mov r=cr.tpr", &[], Some(8), false),
    (0x0a, "SET_TPR", "mov cr.tpr=r", &[8], None, false),
    (0x0b, "EOI", "mov cr.eoi=r", &[], None, false),
    (0x0c, "SET_ITM", "mov cr.itm=r", &[8], None, true),
    (0x0d, "THASH", "thash", &[8], Some(8), true),
    (0x0e, "PTC_GA", "ptc.ga", &[8, 9], None, false),
    (0x0f, "ITR_D", "itr.d", &[8, 9], None, false),
    (0x10, "GET_RR", "mov r=rr[r]", &[8], Some(8), true),
    (0x11, "SET_RR", "mov rr[r]=r", &[8, 9], None, true),
    (0x12, "SET_KR", "mov ar.kN=r", &[8, 9], None, true),
    (0x13, "FC", "fc", &[8], None, false),
    (0x14, "GET_CPUID", "mov r=cpuid[r]", &[8], Some(8), false),
    (0x15, "GET_PMD", "mov r=pmd[r]", &[8], Some(8), false),
    (0x16, "GET_EFLAG", "mov r=ar.eflag", &[], Some(8), false),
    (0x17, "SET_EFLAG", "mov ar.eflag=r", &[8], None, false),
    (0x18, "RSM_BE", "rsm psr.be", &[], None, false),
    (0x19, "GET_PSR", "mov r=psr", &[], Some(8), true),
    (
        0x1a,
        "SET_RR0_TO_RR4",
        "mov rr[r]=r (rr0..rr4)",
        &[8, 9, 10, 11, 14],
        None,
        true,
    ),
];

/// §4.2: hypercall numbers, including the ia64-specific arch_0..arch_2.
const HYPERCALL_TABLE: &[(u64, &str)] = &[
    (6, "sched_op_compat"),
    (7, "platform_op"),
    (12, "memory_op"),
    (13, "multicall"),
    (15, "set_timer_op"),
    (17, "xen_version"),
    (18, "console_io"),
    (20, "grant_table_op"),
    (24, "vcpu_op"),
    (27, "xsm_op"),
    (29, "sched_op"),
    (30, "callback_op"),
    (31, "xenoprof_op"),
    (32, "event_channel_op"),
    (33, "physdev_op"),
    (34, "hvm_op"),
    (35, "sysctl"),
    (36, "domctl"),
    (37, "kexec_op"),
    (38, "tmem_op"),
    (48, "ia64_dom0vp_op"),
    (49, "ia64_fast_eoi"),
    (50, "ia64_debug_op"),
];

/// §4.2 firmware calls (r2 >> 8 != 0) and §3.1 SET_SHARED_INFO_VA.
const FIRMWARE_TABLE: &[(u64, &str)] = &[
    (0x1000, "FW_HYPERCALL_PAL_CALL"),
    (0x1100, "FW_HYPERCALL_SAL_CALL"),
    (0x1200, "FW_HYPERCALL_SAL_RETURN"),
    (0x300, "FW_HYPERCALL_EFI_GET_TIME"),
    (0x309, "FW_HYPERCALL_EFI_RESET_SYSTEM"),
    (0x400, "FW_HYPERCALL_IPI"),
    (0x500, "FW_HYPERCALL_FPSWA_BROKEN"),
    (0x501, "FW_HYPERCALL_FPSWA"),
    (0x600, "FW_HYPERCALL_SET_SHARED_INFO_VA"),
    (0x700, "__HYPERVISOR_opt_feature"),
    (0x800, "FW_HYPERCALL_SIOEMU"),
];

/// §3.2: offset within mapped_regs of every field the table lists.
const MAPPED_REGS_TABLE: &[(usize, &str)] = &[
    (0x000, "vac"),
    (0x008, "vdc"),
    (0x010, "virt_env_vaddr"),
    (0x018, "reserved1"),
    (0x100, "vhpi"),
    (0x108, "reserved2"),
    (0x400, "bank1_regs"),
    (0x480, "bank0_regs"),
    (0x500, "vnat"),
    (0x508, "vbnat"),
    (0x510, "vcpuid"),
    (0x538, "reserved3"),
    (0x590, "vpsr"),
    (0x598, "vpr"),
    (0x5a0, "reserved4"),
    (0x800, "dcr"),
    (0x808, "itm"),
    (0x810, "iva"),
    (0x840, "pta"),
    (0x880, "ipsr"),
    (0x888, "isr"),
    (0x898, "iip"),
    (0x8a0, "ifa"),
    (0x8a8, "itir"),
    (0x8b0, "iipa"),
    (0x8b8, "ifs"),
    (0x8c0, "iim"),
    (0x8c8, "iha"),
    (0xa00, "lid"),
    (0xa08, "ivr"),
    (0xa10, "tpr"),
    (0xa18, "eoi"),
    (0xa20, "irr"),
    (0xa40, "itv"),
    (0xa48, "pmv"),
    (0xa50, "cmcv"),
    (0xa80, "lrr0"),
    (0xa88, "lrr1"),
    (0xc00, "precover_ifs"),
    (0xc08, "unat"),
    (0xc10, "interrupt_collection_enabled"),
    (0xc18, "interrupt_mask_addr"),
    (0xc20, "pending_interruption"),
    (0xc24, "vpsr_pp"),
    (0xc25, "vpsr_dfh"),
    (0xc26, "hpsr_dfh"),
    (0xc27, "hpsr_mfh"),
    (0xc28, "reserved5_1"),
    (0xc48, "metaphysical_mode"),
    (0xc4c, "banknum"),
    (0xc50, "rrs"),
    (0xc90, "krs"),
    (0xcd0, "tmp"),
    (0xd50, "itc_offset"),
    (0xd58, "itc_last"),
];

/// §3.2 (XSI name column, XSI_<X>_OFS = 0x4000 + off) and the appendix.
const XSI_OFS_TABLE: &[(&str, u64)] = &[
    ("XSI_BANK1_R16", 0x4400),
    ("XSI_BANK0_R16", 0x4480),
    ("XSI_B1NATS", 0x4500),
    ("XSI_B1NAT", 0x4500),
    ("XSI_B0NATS", 0x4508),
    ("XSI_PTA", 0x4840),
    ("XSI_IPSR", 0x4880),
    ("XSI_ISR", 0x4888),
    ("XSI_IIP", 0x4898),
    ("XSI_IFA", 0x48a0),
    ("XSI_ITIR", 0x48a8),
    ("XSI_IIPA", 0x48b0),
    ("XSI_IFS", 0x48b8),
    ("XSI_IIM", 0x48c0),
    ("XSI_IHA", 0x48c8),
    ("XSI_TPR", 0x4a10),
    ("XSI_ITV", 0x4a40),
    ("XSI_PRECOVER_IFS", 0x4c00),
    ("XSI_PSR_IC", 0x4c10),
    ("XSI_PSR_I_ADDR", 0x4c18),
    ("XSI_VPSR_PP", 0x4c24),
    ("XSI_VPSR_DFH", 0x4c25),
    ("XSI_HPSR_DFH", 0x4c26),
    ("XSI_METAPHYS", 0x4c48),
    ("XSI_BANKNUM", 0x4c4c),
    ("XSI_RR0", 0x4c50),
    ("XSI_KR0", 0x4c90),
    ("XSI_ITC_OFFSET", 0x4d50),
    ("XSI_ITC_LAST", 0x4d58),
];

/// §3.3 examples of absolute guest addresses.
const XSI_ADDR_TABLE: &[(&str, u64)] = &[
    ("XSI_IPSR", 0xfffffffffff04880),
    ("XSI_PSR_IC", 0xfffffffffff04c10),
    ("XSI_PSR_I_ADDR", 0xfffffffffff04c18),
    ("XSI_BANK1_R16", 0xfffffffffff04400),
    ("XSI_BANKNUM", 0xfffffffffff04c4c),
];

#[test]
fn hyperprivops_match_the_facts_sheet() {
    assert_eq!(HYPERPRIVOP_START, 0x1);
    assert_eq!(HYPERPRIVOP_MAX, 0x1a);
    assert_eq!(HYPERPRIVOP_GET_PSR_MASK, 0x18ffffffff);
    assert_eq!(HYPERPRIVOP_TABLE.len(), HYPERPRIVOPS.len());
    for &(number, name, emulates, inputs, output, fast) in HYPERPRIVOP_TABLE {
        let op = Hyperprivop::from_imm(number.into()).unwrap_or_else(|e| panic!("{e}"));
        let info = op.info();
        assert_eq!(info.name, name, "{number:#x}");
        assert_eq!(info.emulates, emulates, "{name}");
        let got: Vec<u8> = info.inputs.iter().map(|r| r.0).collect();
        assert_eq!(got, inputs, "{name} inputs");
        assert_eq!(info.output.map(|r| r.0), output, "{name} output");
        assert_eq!(info.fast_path, fast, "{name} fast path");
        // §2.3: only SET_KR changes a register besides its output (r8).
        let expected_extra: &[Gr] = if name == "SET_KR" { &[Gr(8)] } else { &[] };
        assert_eq!(info.also_changes, expected_extra, "{name} extra registers");
    }
    // §2.2 appendix: the convention.
    assert_eq!(
        HYPERPRIVOP_CONVENTION.args,
        [Gr(8), Gr(9), Gr(10), Gr(11), Gr(14)]
    );
    assert_eq!(HYPERPRIVOP_CONVENTION.result, Gr(8));
}

#[test]
fn hypercalls_match_the_facts_sheet() {
    assert_eq!(HYPERCALL_TABLE.len(), Hypercall::ALL.len());
    for &(number, name) in HYPERCALL_TABLE {
        match decode_hypercall(number) {
            Ok(HypercallTarget::Hypercall(h)) => {
                assert_eq!(h.name(), format!("__HYPERVISOR_{name}"), "{number}");
            }
            other => panic!("{number} ({name}) decoded as {other:?}"),
        }
    }
    for &(number, name) in FIRMWARE_TABLE {
        assert!(is_firmware_range(number), "{name}");
        match decode_hypercall(number) {
            Ok(HypercallTarget::Firmware(f)) => assert_eq!(f.name(), name, "{number:#x}"),
            other => panic!("{number:#x} ({name}) decoded as {other:?}"),
        }
    }
    // §4.1 and the appendix.
    assert_eq!(HYPERCALL_BREAK_IMM, 0x1000);
    assert_eq!(GUEST_SYSCALL_BREAK_IMM, 0x100000);
    assert_eq!(NR_HYPERCALLS, 64);
    assert_eq!(FW_HYPERCALL_NUM_MASK_LOW, 0xff);
    assert_eq!(HYPERCALL_CONVENTION.number, Gr(2));
    assert_eq!(
        HYPERCALL_CONVENTION.args,
        [Gr(32), Gr(33), Gr(34), Gr(35), Gr(36)]
    );
    assert_eq!(HYPERCALL_CONVENTION.result, Gr(8));
    assert_eq!(HYPERCALL_CONVENTION.break_imm, 0x1000);
    assert_eq!(
        HYPERCALL_CONVENTION.break_slots,
        [BreakSlot::M, BreakSlot::I]
    );
    assert_eq!(SET_SHARED_INFO_VA_REG, Gr(28));
}

#[test]
fn xsi_matches_the_facts_sheet() {
    assert_eq!(XSI_BASE, 0xfffffffffff00000);
    assert_eq!(XSI_SHIFT, 14);
    assert_eq!(XSI_SIZE, 16 * 1024);
    assert_eq!(XMAPPEDREGS_OFS, 0x4000);
    assert_eq!(XMAPPEDREGS_SHIFT, 12);
    assert_eq!(XMAPPEDREGS_BASE, 0xfffffffffff04000);
    assert_eq!(core::mem::size_of::<MappedRegs>(), 4096);
    assert_eq!(MASK_TO_PEND_OFS, -1);

    let desc = <MappedRegs as layout::AbiStruct>::DESC;
    for &(offset, name) in MAPPED_REGS_TABLE {
        let field = desc
            .field(name)
            .unwrap_or_else(|| panic!("no field {name}"));
        assert_eq!(field.offset, offset, "mapped_regs.{name}");
    }
    assert_eq!(
        XSI_OFS_TABLE.len(),
        XSI_FIELDS.len(),
        "every XSI name of §3.3 and no other"
    );
    for &(name, ofs) in XSI_OFS_TABLE {
        let f = XSI_FIELDS
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(f.ofs, ofs, "{name}_OFS");
        assert_eq!(f.addr, 0xfffffffffff00000 + ofs, "{name}");
    }
    for &(name, addr) in XSI_ADDR_TABLE {
        let f = XSI_FIELDS
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(f.addr, addr, "{name}");
    }
    // A few named constants, so a wrong macro row cannot hide behind the table.
    assert_eq!(XSI_PSR_IC_OFS, 0x4c10);
    assert_eq!(XSI_PSR_I_ADDR, 0xfffffffffff04c18);
    assert_eq!(XSI_ITC_LAST_OFS, 0x4d58);
    assert_eq!(XSI_B1NAT, XSI_B1NATS);
}

#[test]
fn privilege_levels_match_the_facts_sheet() {
    // §9: hypervisor CPL 0, PV guest kernel CPL 1 (CONFIG_CPL0_EMUL), user CPL 3.
    assert_eq!(u8::from(HYPERVISOR_PL), 0);
    assert_eq!(u8::from(KERNEL_PL_NATIVE), 0);
    assert_eq!(u8::from(KERNEL_PL_PV), 1);
    assert_eq!(u8::from(USER_PL), 3);
}
