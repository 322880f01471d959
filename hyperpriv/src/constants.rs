//! The named constants of the interface, in one list from which the assembly
//! include, the C header and the JSON are rendered.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::hypercall::{
    FirmwareCall, Hypercall, FW_HYPERCALL_NUM_MASK_LOW, GUEST_SYSCALL_BREAK_IMM,
    HYPERCALL_BREAK_IMM, NR_HYPERCALLS,
};
use crate::hyperprivop::{
    HYPERPRIVOPS, HYPERPRIVOP_GET_PSR_MASK, HYPERPRIVOP_MAX, HYPERPRIVOP_START,
};
use crate::layout::{doc_line, STRUCTS};
use crate::regs::{HYPERVISOR_PL, KERNEL_PL_NATIVE, KERNEL_PL_PV, USER_PL};
use crate::start_info::{
    MemType, StartFlags, STARTINFO_CMDLINE_MAX, STARTINFO_MAGIC, STARTINFO_MEMMAP_MAX,
    STARTINFO_VERSION,
};
use crate::xsi::{
    MASK_TO_PEND_OFS, MAX_VIRT_CPUS, XMAPPEDREGS_BASE, XMAPPEDREGS_OFS, XMAPPEDREGS_SHIFT,
    XMAPPEDREGS_SIZE, XSI_BASE, XSI_FIELDS, XSI_SHIFT, XSI_SIZE,
};

/// The value of a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstValue {
    /// A number, address or mask.
    Unsigned(u64),
    /// A signed offset (only MASK_TO_PEND_OFS is negative).
    Signed(i64),
}

/// One named constant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    /// The name, the same in assembly, C and JSON.
    pub name: String,
    /// The value.
    pub value: ConstValue,
    /// One line saying what it is.
    pub doc: String,
}

/// Constants that belong together, with a title for the generated files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstGroup {
    /// Title, citing where the numbers come from.
    pub title: &'static str,
    /// The constants, in a fixed order.
    pub constants: Vec<Constant>,
}

fn u(name: impl Into<String>, value: u64, doc: impl Into<String>) -> Constant {
    Constant {
        name: name.into(),
        value: ConstValue::Unsigned(value),
        doc: doc.into(),
    }
}

/// Every constant of the interface, grouped, in a fixed order.
pub fn constant_groups() -> Vec<ConstGroup> {
    let mut hyperprivops = Vec::new();
    hyperprivops.push(u(
        "HYPERPRIVOP_START",
        HYPERPRIVOP_START.into(),
        "first hyperprivop number",
    ));
    for i in &HYPERPRIVOPS {
        hyperprivops.push(u(
            format!("HYPERPRIVOP_{}", i.name),
            i.op.imm(),
            format!("break imm for {}", i.emulates),
        ));
    }
    hyperprivops.push(u(
        "HYPERPRIVOP_MAX",
        HYPERPRIVOP_MAX.into(),
        "last hyperprivop number",
    ));
    hyperprivops.push(u(
        "HYPERPRIVOP_GET_PSR_MASK",
        HYPERPRIVOP_GET_PSR_MASK,
        "psr bits GET_PSR returns",
    ));

    let convention = [
        u(
            "HYPERCALL_BREAK_IMM",
            HYPERCALL_BREAK_IMM,
            "break imm of every hypercall and firmware call",
        ),
        u(
            "GUEST_SYSCALL_BREAK_IMM",
            GUEST_SYSCALL_BREAK_IMM,
            "break imm of the guest's own system calls",
        ),
        u(
            "NR_HYPERCALLS",
            NR_HYPERCALLS,
            "size of the hypercall table",
        ),
        u(
            "FW_HYPERCALL_NUM_MASK_LOW",
            FW_HYPERCALL_NUM_MASK_LOW,
            "r2 bits that select a call within a firmware class",
        ),
    ];

    let hypercalls = Hypercall::ALL
        .iter()
        .map(|h| u(h.name(), h.number(), "hypercall number in r2"));
    let firmware = FirmwareCall::ALL
        .iter()
        .map(|f| u(f.name(), f.number(), f.registers()));

    let levels = [
        u(
            "HYPERVISOR_PL",
            u64::from(u8::from(HYPERVISOR_PL)),
            "privilege level of the hypervisor",
        ),
        u(
            "KERNEL_PL_NATIVE",
            u64::from(u8::from(KERNEL_PL_NATIVE)),
            "privilege level of a native guest kernel",
        ),
        u(
            "KERNEL_PL_PV",
            u64::from(u8::from(KERNEL_PL_PV)),
            "privilege level of a guest kernel under the hypervisor (CONFIG_CPL0_EMUL)",
        ),
        u(
            "USER_PL",
            u64::from(u8::from(USER_PL)),
            "privilege level of user code",
        ),
    ];

    let mut xsi = Vec::from([
        u(
            "XSI_BASE",
            XSI_BASE,
            "guest virtual address of the XSI area",
        ),
        u("XSI_SHIFT", XSI_SHIFT.into(), "log2 of XSI_SIZE"),
        u("XSI_SIZE", XSI_SIZE, "size of the shared_info part of XSI"),
        u(
            "XMAPPEDREGS_SHIFT",
            XMAPPEDREGS_SHIFT.into(),
            "log2 of XMAPPEDREGS_SIZE",
        ),
        u("XMAPPEDREGS_SIZE", XMAPPEDREGS_SIZE, "size of mapped_regs"),
        u(
            "XMAPPEDREGS_OFS",
            XMAPPEDREGS_OFS,
            "offset of mapped_regs from XSI_BASE",
        ),
        u(
            "XMAPPEDREGS_BASE",
            XMAPPEDREGS_BASE,
            "guest virtual address of mapped_regs",
        ),
        u(
            "MAX_VIRT_CPUS",
            MAX_VIRT_CPUS as u64,
            "vcpu_info slots in shared_info",
        ),
        Constant {
            name: "MASK_TO_PEND_OFS".to_string(),
            value: ConstValue::Signed(MASK_TO_PEND_OFS),
            doc: "pending byte = event mask address + this".to_string(),
        },
    ]);
    for f in XSI_FIELDS {
        xsi.push(u(
            format!("{}_OFS", f.name),
            f.ofs,
            format!("offset of mapped_regs.{} from XSI_BASE", f.field),
        ));
    }
    for f in XSI_FIELDS {
        xsi.push(u(
            f.name,
            f.addr,
            format!("address of mapped_regs.{}", f.field),
        ));
    }

    let mut start = Vec::from([
        u(
            "STARTINFO_MAGIC",
            STARTINFO_MAGIC,
            "start_info.magic (\"IA64PVSI\")",
        ),
        u(
            "STARTINFO_VERSION",
            STARTINFO_VERSION.into(),
            "start_info.version",
        ),
        u(
            "STARTINFO_MEMMAP_MAX",
            STARTINFO_MEMMAP_MAX as u64,
            "entries in start_info.memmap",
        ),
        u(
            "STARTINFO_CMDLINE_MAX",
            STARTINFO_CMDLINE_MAX as u64,
            "bytes in start_info.cmdline, NUL included",
        ),
    ]);
    for (name, flag) in StartFlags::all().iter_names() {
        start.push(u(
            format!("SIF_{name}"),
            flag.bits().into(),
            "start_info.flags bit",
        ));
    }
    for t in MemType::ALL {
        start.push(u(t.name(), t as u64, "memmap_entry.type"));
    }

    let mut layouts = Vec::new();
    for desc in STRUCTS {
        let prefix = desc.c_name.to_uppercase();
        layouts.push(u(
            format!("{prefix}_SIZE"),
            desc.size as u64,
            format!("sizeof(struct ia64pv_{})", desc.c_name),
        ));
        for f in desc.fields {
            layouts.push(u(
                format!("{prefix}_{}_OFS", f.name.to_uppercase()),
                f.offset as u64,
                format!("{}: {}", f.name, doc_line(f.doc)),
            ));
        }
    }

    Vec::from([
        ConstGroup {
            title: "Hyperprivops: break immediates (facts 2.2)",
            constants: hyperprivops,
        },
        ConstGroup {
            title: "Hypercall convention (facts 4.1)",
            constants: convention.into(),
        },
        ConstGroup {
            title: "Hypercalls: r2 below 0x100, stacked arguments (facts 4.2)",
            constants: hypercalls.collect(),
        },
        ConstGroup {
            title: "Firmware calls: r2 >> 8 != 0, static registers (facts 4.2)",
            constants: firmware.collect(),
        },
        ConstGroup {
            title: "Privilege levels (facts 9)",
            constants: levels.into(),
        },
        ConstGroup {
            title: "XSI area and mapped_regs (facts 3)",
            constants: xsi,
        },
        ConstGroup {
            title: "Start info",
            constants: start,
        },
        ConstGroup {
            title: "Struct sizes and field offsets",
            constants: layouts,
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_identifiers() {
        let mut seen = HashSet::new();
        for g in constant_groups() {
            for c in g.constants {
                assert!(
                    c.name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                        && !c.name.starts_with(|ch: char| ch.is_ascii_digit()),
                    "{}",
                    c.name
                );
                assert!(seen.insert(c.name.clone()), "duplicate {}", c.name);
                assert!(
                    !c.doc.contains("*/"),
                    "{} doc would end a C comment",
                    c.name
                );
            }
        }
    }

    #[test]
    fn layout_constants_follow_the_descriptions() {
        let all: Vec<Constant> = constant_groups()
            .into_iter()
            .flat_map(|g| g.constants)
            .collect();
        let get = |n: &str| all.iter().find(|c| c.name == n).map(|c| c.value);
        assert_eq!(get("MAPPED_REGS_SIZE"), Some(ConstValue::Unsigned(4096)));
        assert_eq!(
            get("MAPPED_REGS_IPSR_OFS"),
            Some(ConstValue::Unsigned(0x880))
        );
        assert_eq!(get("MEMMAP_ENTRY_TYPE_OFS"), Some(ConstValue::Unsigned(16)));
        assert_eq!(
            get("START_INFO_CMDLINE_OFS"),
            Some(ConstValue::Unsigned(0x328))
        );
        assert_eq!(get("SIF_HYPERVISOR"), Some(ConstValue::Unsigned(1)));
        assert_eq!(get("MASK_TO_PEND_OFS"), Some(ConstValue::Signed(-1)));
    }
}
