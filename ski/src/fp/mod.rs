//! Floating point: the 82-bit register format, the memory-format conversions of
//! FP loads, stores, `setf` and `getf`, and the execution of every F-unit
//! instruction (and `xma`) with FPSR status fields, faults and traps.
//!
//! * [`Fr`] is one register; [`format`](mod@format)'s functions convert it to and from
//!   memory (`load_*`, `store_*`, `spill`/`fill`, `setf_*`/`getf_*`).
//! * [`execute`] runs one F-unit instruction whose qualifying predicate is true
//!   through an [`FpContext`] the core implements; [`predicated_off`] does the
//!   part of a false-predicated one that still writes (`.unc` compares clear both
//!   targets, `frcpa`-like instructions clear p2).
//! * Arithmetic is IEEE 754 exact to the bit in every precision and exponent range
//!   of SDM Vol 1 Table 5-6, with sf.rc, sf.pc, sf.wre and sf.ftz, one rounding
//!   for the fused multiply-add, tininess detected after rounding, and the
//!   trap-enabled overflow/underflow results with the exponent kept in the 17-bit
//!   register format.
//!
//! NaT handling for the core's M-unit FP operations: `setf` from a GR whose NaT bit
//! is set writes [`Fr::NATVAL`]; `getf` of a NaTVal ([`Fr::is_natval`]) sets the
//! target's NaT bit (the value is what the `getf_*` conversion returns, as Ski
//! has it); `stf` (not `.spill`) of a NaTVal raises Register NaT Consumption.
//! [`disabled_check`] gives the Disabled FP-Register fault for them.

mod arith;
mod exec;
pub mod format;
mod ops;

pub use exec::{disabled_check, execute, predicated_off};
pub use format::{
    fill, getf_d, getf_exp, getf_s, getf_sig, load_double, load_ext, load_integer, load_single,
    setf_d, setf_exp, setf_s, setf_sig, spill, store_double, store_ext, store_integer,
    store_single,
};

/// A floating-point register in the 82-bit register format (SDM Vol 1 §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Fr {
    /// Sign bit (bit 81).
    pub sign: bool,
    /// 17-bit biased exponent (bits 80:64), bias 0xFFFF.
    pub exp: u32,
    /// Significand (bits 63:0) with the explicit integer bit 63.
    pub significand: u64,
}

impl Fr {
    /// +0.0, the value of f0.
    pub const ZERO: Fr = Fr {
        sign: false,
        exp: 0,
        significand: 0,
    };
    /// +1.0, the value of f1.
    pub const ONE: Fr = Fr {
        sign: false,
        exp: 0xffff,
        significand: 1 << 63,
    };
    /// NaTVal: sign 0, exponent 0x1FFFE, significand 0 (SDM Vol 1 Table 5-2).
    pub const NATVAL: Fr = Fr {
        sign: false,
        exp: 0x1fffe,
        significand: 0,
    };
}

/// What F-unit execution needs from the CPU (implemented by the core).
///
/// Register numbers are logical: the core applies register rotation.
pub trait FpContext {
    /// Reads FR `n` (f0 reads +0.0, f1 reads +1.0).
    fn fr(&self, n: u8) -> Fr;
    /// Writes FR `n` (never f0 or f1: those raise Illegal Operation first).
    fn set_fr(&mut self, n: u8, v: Fr);
    /// Reads PR `n`.
    fn pr(&self, n: u8) -> bool;
    /// Writes PR `n` (never p0: writes to it are dropped here).
    fn set_pr(&mut self, n: u8, v: bool);
    /// Reads GR `n` with its NaT bit.
    fn gr(&self, n: u8) -> (u64, bool);
    /// Writes GR `n` with its NaT bit.
    fn set_gr(&mut self, n: u8, v: u64, nat: bool);
    /// Reads ar.fpsr.
    fn fpsr(&self) -> u64;
    /// Writes ar.fpsr.
    fn set_fpsr(&mut self, v: u64);
    /// Reads the PSR (psr.dfl, psr.dfh are consulted).
    fn psr(&self) -> u64;
    /// Sets psr.mfl (`low`: an FR in f2–f31 was written) and/or psr.mfh (`high`:
    /// f32–f127); `false` leaves a bit as it is.
    fn set_psr_mfl_mfh(&mut self, low: bool, high: bool);
    /// Takes the branch of `fchkf`: `disp` bytes from the current bundle's address
    /// (the decoded `target25` operand).
    fn branch(&mut self, disp: i64);
}

/// An FP fault or trap to deliver, or an interruption an F-unit instruction
/// raises otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpException {
    /// Floating-point Exception fault (vector 32, 0x5C00); nothing was written.
    /// `isr_code`: bits 0–3 v, d, z, swa of a scalar operation or of the high
    /// (bits 63:32) single of a parallel one; bits 4–7 the same for the low single
    /// (Ski's placement; Linux's handler tests `0x11`, `0x22`, `0x44`).
    Fault {
        /// ISR.code.
        isr_code: u16,
    },
    /// Floating-point Exception trap (vector 33, 0x5D00), after the instruction
    /// completed. `isr_code`: bit 0 fp (set); bits 11–14 o, u, i, fpa of a scalar
    /// operation or of the high single; bits 7–10 the same for the low single
    /// (SDM Vol 1 §5.4.1.3: fpa is ISR{14}).
    Trap {
        /// ISR.code.
        isr_code: u16,
    },
    /// Disabled Floating-Point Register fault (vector 25, 0x5500). `high`: an
    /// operand in f32–f127 with psr.dfh set (ISR.code bit 1), else one in f2–f31
    /// with psr.dfl set (bit 0). When both partitions fault `high` is true.
    Disabled {
        /// The high partition faulted.
        high: bool,
    },
    /// Illegal Operation fault (General Exception, ISR.code 0): a write to f0/f1,
    /// `fcmp`/`fclass` with p1 = p2, a reserved completer, or a form that is not
    /// F-unit.
    Illegal,
    /// Reserved Register/Field fault (General Exception, ISR.code 0x30): `fsetc`
    /// setting sf0.td or a precision control of 01.
    ReservedField,
    /// `break.f`: a Break Instruction fault (vector 11) with this immediate (the
    /// core applies Ski's `break 0` halt and SSC conventions).
    Break {
        /// imm21.
        imm: u64,
    },
}
