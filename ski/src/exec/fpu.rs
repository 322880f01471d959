//! The bridge to the floating-point unit ([`crate::fp`]): the core implements
//! [`FpContext`] (logical register numbers, rotation applied here) and maps the
//! unit's exceptions to interruptions.

use super::Flow;
use crate::fp::{self, FpContext, FpException, Fr};
use crate::interrupt::Intr;
use crate::predecode::Op;
use crate::state::{psrb, Cpu};
use ia64::vector::Vector;

impl FpContext for Cpu {
    fn fr(&self, n: u8) -> Fr {
        self.f(n)
    }
    fn set_fr(&mut self, n: u8, v: Fr) {
        self.set_f(n, v)
    }
    fn pr(&self, n: u8) -> bool {
        self.p(n)
    }
    fn set_pr(&mut self, n: u8, v: bool) {
        self.set_p(n, v)
    }
    fn gr(&self, n: u8) -> (u64, bool) {
        self.rn(n)
    }
    fn set_gr(&mut self, n: u8, v: u64, nat: bool) {
        if n != 0 {
            self.w(n, v, nat)
        }
    }
    fn fpsr(&self) -> u64 {
        self.ar[40]
    }
    fn set_fpsr(&mut self, v: u64) {
        self.ar[40] = v
    }
    fn psr(&self) -> u64 {
        self.psr
    }
    fn set_psr_mfl_mfh(&mut self, low: bool, high: bool) {
        if low {
            self.psr |= psrb::MFL;
        }
        if high {
            self.psr |= psrb::MFH;
        }
    }
    fn branch(&mut self, disp: i64) {
        self.fp_branch = Some(self.ip.wrapping_add(disp as u64));
    }
}

/// F-unit instructions and `xma`: `ext` indexes the decoded instruction.
/// Forms whose predicate is not a plain qualifying predicate (`fcmp.unc`,
/// `fclass.unc`, `fprcpa`...) run with qp 0 and `fp::execute` reads it.
pub(crate) fn fp_exec(c: &mut Cpu, o: &Op) -> Flow {
    let Some(insn) = c.insns.get(o.ext as usize).copied() else {
        return c.illegal();
    };
    match fp::execute(&insn, c) {
        Ok(()) => match c.fp_branch.take() {
            Some(t) => {
                c.ip = t & !0xf;
                c.slot = 0;
                Flow::Taken
            }
            None => Flow::Next,
        },
        Err(FpException::Fault { isr_code }) => c.deliver(
            Vector::FloatingPointFault,
            Intr {
                isr: isr_code as u64,
                ..Intr::default()
            },
        ),
        Err(FpException::Trap { isr_code }) => c.deliver(
            Vector::FloatingPointTrap,
            Intr {
                isr: isr_code as u64,
                trap: true,
                ..Intr::default()
            },
        ),
        Err(FpException::Disabled { high }) => c.deliver(
            Vector::DisabledFpRegister,
            Intr {
                isr: if high { 2 } else { 1 },
                ..Intr::default()
            },
        ),
        Err(FpException::Illegal) => c.illegal(),
        Err(FpException::ReservedField) => c.general(crate::interrupt::gex::RESERVED_REG),
        Err(FpException::Break { imm }) => {
            let op = Op { imm, a: 0, ..*o };
            crate::exec::sys::brk(c, &op)
        }
    }
}

/// `fcmp.unc` / `fclass.m.unc`: with a false qualifying predicate (in `c`) both
/// target predicates (`r1`, `a`) are cleared; otherwise the FP unit runs it.
pub(crate) fn fp_unc(c: &mut Cpu, o: &Op) -> Flow {
    if !c.p(o.c) {
        c.set_p(o.r1, false);
        c.set_p(o.a, false);
        return Flow::Next;
    }
    fp_exec(c, o)
}
