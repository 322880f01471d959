//! Hyperprivops: `break imm` with imm in 0x1..=0x1a, each standing in for one
//! privileged instruction, with the static-register convention (facts §2).
//!
//! A hyperprivop must work wherever its native instruction works, including IVT
//! entry paths that run with virtual psr.ic = 0, no kernel stack, and a register
//! frame that still belongs to the interrupted context (facts §4.3). So arguments
//! travel in fixed static registers and the fast path never allocates a frame.
use num_enum::{IntoPrimitive, TryFromPrimitive};

use crate::error::AbiError;
use crate::regs::{BreakSlot, Gr};

/// First hyperprivop number (facts §2.2, L-xiface).
pub const HYPERPRIVOP_START: u8 = 0x1;
/// Last hyperprivop number, inclusive, in the final interface (facts §2.2).
pub const HYPERPRIVOP_MAX: u8 = 0x1a;
/// Bits of the virtualized psr that GET_PSR returns: {31:0, 36:35} (facts §2.2).
pub const HYPERPRIVOP_GET_PSR_MASK: u64 = 0x18_ffff_ffff;

/// A hyperprivop: the immediate of the `break` that requests it (facts §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, TryFromPrimitive, IntoPrimitive)]
#[repr(u8)]
pub enum Hyperprivop {
    /// `rfi`.
    Rfi = 0x01,
    /// `rsm psr.dt`: enter metaphysical mode.
    RsmDt = 0x02,
    /// `ssm psr.dt`: leave metaphysical mode.
    SsmDt = 0x03,
    /// `cover`.
    Cover = 0x04,
    /// `itc.d`.
    ItcD = 0x05,
    /// `itc.i`.
    ItcI = 0x06,
    /// `ssm psr.i`, issued only when an event is pending.
    SsmI = 0x07,
    /// `mov r = cr.ivr`.
    GetIvr = 0x08,
    /// `mov r = cr.tpr`.
    GetTpr = 0x09,
    /// `mov cr.tpr = r`.
    SetTpr = 0x0a,
    /// `mov cr.eoi = r`.
    Eoi = 0x0b,
    /// `mov cr.itm = r`.
    SetItm = 0x0c,
    /// `thash`.
    Thash = 0x0d,
    /// `ptc.ga`.
    PtcGa = 0x0e,
    /// `itr.d`.
    ItrD = 0x0f,
    /// `mov r = rr[r]`.
    GetRr = 0x10,
    /// `mov rr[r] = r`.
    SetRr = 0x11,
    /// `mov ar.kN = r`.
    SetKr = 0x12,
    /// `fc`.
    Fc = 0x13,
    /// `mov r = cpuid[r]`.
    GetCpuid = 0x14,
    /// `mov r = pmd[r]`.
    GetPmd = 0x15,
    /// `mov r = ar.eflag`.
    GetEflag = 0x16,
    /// `mov ar.eflag = r`.
    SetEflag = 0x17,
    /// `rsm psr.be`.
    RsmBe = 0x18,
    /// `mov r = psr`.
    GetPsr = 0x19,
    /// Five region-register writes, rr0..rr4, in one trap.
    SetRr0ToRr4 = 0x1a,
}

/// What a hyperprivop stands for and which registers it uses (facts §2.2, §2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HyperprivopInfo {
    /// The hyperprivop.
    pub op: Hyperprivop,
    /// Xen's name without the `HYPERPRIVOP_` prefix.
    pub name: &'static str,
    /// The privileged instruction it stands for.
    pub emulates: &'static str,
    /// Static registers it reads, in argument order.
    pub inputs: &'static [Gr],
    /// The register it returns a value in, if any.
    pub output: Option<Gr>,
    /// Guest registers it changes besides `output` (SET_KR decrements r8, facts §2.3).
    pub also_changes: &'static [Gr],
    /// `XSI_*` fields it reads as implicit inputs.
    pub xsi_inputs: &'static [&'static str],
    /// `XSI_*` fields it writes.
    pub xsi_outputs: &'static [&'static str],
    /// Whether the hypervisor serves it on the assembly fast path; the others go
    /// through the slow path that saves the full frame (facts §2.2).
    pub fast_path: bool,
}

const R8: Gr = Gr(8);
const R9: Gr = Gr(9);
const R10: Gr = Gr(10);
const R11: Gr = Gr(11);
const R14: Gr = Gr(14);

const fn info(
    op: Hyperprivop,
    name: &'static str,
    emulates: &'static str,
    inputs: &'static [Gr],
    output: Option<Gr>,
    fast_path: bool,
) -> HyperprivopInfo {
    HyperprivopInfo {
        op,
        name,
        emulates,
        inputs,
        output,
        also_changes: &[],
        xsi_inputs: &[],
        xsi_outputs: &[],
        fast_path,
    }
}

/// Every hyperprivop, indexed by `number - HYPERPRIVOP_START` (facts §2.2).
///
/// `fast_path` follows Xen's final tree: ITC_D and ITC_I have fast code that is
/// compiled out (FAST_ITC undefined), PTC_GA's is compiled out on SMP; EOI ignores r8.
pub static HYPERPRIVOPS: [HyperprivopInfo; 26] = {
    use Hyperprivop::*;
    [
        HyperprivopInfo {
            xsi_inputs: &["XSI_IPSR", "XSI_IIP", "XSI_IFS", "XSI_BANKNUM"],
            ..info(Rfi, "RFI", "rfi", &[], None, true)
        },
        info(RsmDt, "RSM_DT", "rsm psr.dt", &[], None, true),
        info(SsmDt, "SSM_DT", "ssm psr.dt", &[], None, true),
        HyperprivopInfo {
            xsi_outputs: &["XSI_IFS"],
            ..info(Cover, "COVER", "cover", &[], None, true)
        },
        HyperprivopInfo {
            xsi_inputs: &["XSI_IFA", "XSI_ITIR"],
            ..info(ItcD, "ITC_D", "itc.d", &[R8], None, false)
        },
        HyperprivopInfo {
            xsi_inputs: &["XSI_IFA", "XSI_ITIR"],
            ..info(ItcI, "ITC_I", "itc.i", &[R8], None, false)
        },
        info(SsmI, "SSM_I", "ssm psr.i", &[], None, true),
        info(GetIvr, "GET_IVR", "mov r=cr.ivr", &[], Some(R8), false),
        info(GetTpr, "GET_TPR", "mov r=cr.tpr", &[], Some(R8), false),
        info(SetTpr, "SET_TPR", "mov cr.tpr=r", &[R8], None, false),
        info(Eoi, "EOI", "mov cr.eoi=r", &[], None, false),
        info(SetItm, "SET_ITM", "mov cr.itm=r", &[R8], None, true),
        info(Thash, "THASH", "thash", &[R8], Some(R8), true),
        info(PtcGa, "PTC_GA", "ptc.ga", &[R8, R9], None, false),
        HyperprivopInfo {
            xsi_inputs: &["XSI_IFA", "XSI_ITIR"],
            ..info(ItrD, "ITR_D", "itr.d", &[R8, R9], None, false)
        },
        info(GetRr, "GET_RR", "mov r=rr[r]", &[R8], Some(R8), true),
        info(SetRr, "SET_RR", "mov rr[r]=r", &[R8, R9], None, true),
        HyperprivopInfo {
            also_changes: &[R8],
            ..info(SetKr, "SET_KR", "mov ar.kN=r", &[R8, R9], None, true)
        },
        info(Fc, "FC", "fc", &[R8], None, false),
        info(
            GetCpuid,
            "GET_CPUID",
            "mov r=cpuid[r]",
            &[R8],
            Some(R8),
            false,
        ),
        info(GetPmd, "GET_PMD", "mov r=pmd[r]", &[R8], Some(R8), false),
        info(
            GetEflag,
            "GET_EFLAG",
            "mov r=ar.eflag",
            &[],
            Some(R8),
            false,
        ),
        info(SetEflag, "SET_EFLAG", "mov ar.eflag=r", &[R8], None, false),
        info(RsmBe, "RSM_BE", "rsm psr.be", &[], None, false),
        info(GetPsr, "GET_PSR", "mov r=psr", &[], Some(R8), true),
        info(
            SetRr0ToRr4,
            "SET_RR0_TO_RR4",
            "mov rr[r]=r (rr0..rr4)",
            &[R8, R9, R10, R11, R14],
            None,
            true,
        ),
    ]
};

// The table is indexed by number: prove every row sits at its own number.
const _: () = {
    let mut i = 0;
    while i < HYPERPRIVOPS.len() {
        assert!(HYPERPRIVOPS[i].op as usize == i + HYPERPRIVOP_START as usize);
        i += 1;
    }
    assert!(HYPERPRIVOPS.len() == (HYPERPRIVOP_MAX - HYPERPRIVOP_START + 1) as usize);
};

impl Hyperprivop {
    /// Decodes a `break` immediate (cr.iim) into a hyperprivop.
    pub fn from_imm(imm: u64) -> Result<Self, AbiError> {
        u8::try_from(imm)
            .ok()
            .and_then(|n| Self::try_from(n).ok())
            .ok_or(AbiError::UnknownHyperprivop { imm })
    }

    /// The `break` immediate that requests this hyperprivop.
    pub const fn imm(self) -> u64 {
        self as u64
    }

    /// Its registers and metadata.
    pub fn info(self) -> &'static HyperprivopInfo {
        &HYPERPRIVOPS[(self as u8 - HYPERPRIVOP_START) as usize]
    }

    /// Xen's name without the `HYPERPRIVOP_` prefix (`SET_KR`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Every hyperprivop in number order.
    pub fn all() -> impl Iterator<Item = Hyperprivop> {
        HYPERPRIVOPS.iter().map(|i| i.op)
    }
}

/// The static-register convention of hyperprivops (facts §2.1, §2.3, §4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaticConvention {
    /// Argument registers, in order (r8, r9, r10, r11, r14).
    pub args: [Gr; 5],
    /// Result register.
    pub result: Gr,
    /// Slots a hyperprivop `break` may sit in.
    pub break_slots: [BreakSlot; 2],
    /// The only registers the hypervisor's fast path may use as scratch: its own
    /// bank-0 r16..r31 (first, last), with psr.ic = 0, no calls and pinned memory only.
    pub fast_path_scratch: (Gr, Gr),
}

/// The hyperprivop convention: inputs r8, r9, r10, r11, r14; result r8.
pub const HYPERPRIVOP_CONVENTION: StaticConvention = StaticConvention {
    args: [R8, R9, R10, R11, R14],
    result: R8,
    break_slots: [BreakSlot::M, BreakSlot::I],
    fast_path_scratch: (Gr(16), Gr(31)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xsi::XSI_FIELDS;

    #[test]
    fn decoding_round_trips_and_rejects_the_rest() {
        for op in Hyperprivop::all() {
            assert_eq!(Hyperprivop::from_imm(op.imm()), Ok(op));
        }
        for imm in [0, 0x1b, 0x100, 0x1000, 0x1_0000_0001] {
            assert_eq!(
                Hyperprivop::from_imm(imm),
                Err(AbiError::UnknownHyperprivop { imm })
            );
        }
    }

    #[test]
    fn registers_stay_inside_the_convention() {
        for i in &HYPERPRIVOPS {
            for r in i.inputs {
                assert!(
                    HYPERPRIVOP_CONVENTION.args.contains(r),
                    "{} reads {r}",
                    i.name
                );
            }
            if let Some(r) = i.output {
                assert_eq!(r, HYPERPRIVOP_CONVENTION.result, "{}", i.name);
            }
            for name in i.xsi_inputs.iter().chain(i.xsi_outputs) {
                assert!(
                    XSI_FIELDS.iter().any(|f| f.name == *name),
                    "{}: {name}",
                    i.name
                );
            }
        }
    }
}
