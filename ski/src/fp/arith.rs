//! IEEE arithmetic on register-format values, exact to the bit: the fused
//! multiply-add with one rounding, rounding to a precision and exponent range with
//! overflow, underflow (tininess after rounding), flush-to-zero and the
//! trap-enabled wrapped-exponent results, and the status each operation raises.
//!
//! Every operation returns `Err(fault bits)` when an enabled fault (invalid,
//! denormal, zero-divide, software assist) stops it — nothing is written then —
//! or the result and a [`Status`]: the flags to OR into the status field and the
//! trap bits to report (SDM Vol 1 §5.4, Vol 3 `fp_ieee_round`).

use super::format::{Class, BIAS, INT_BIT};
use super::Fr;

/// Flag and trap-disable bits, in FPSR order (traps.vd..id and sf.v..i).
pub(crate) mod flag {
    /// Invalid operation.
    pub const V: u8 = 1 << 0;
    /// Denormal/unnormal operand.
    pub const D: u8 = 1 << 1;
    /// Zero divide.
    pub const Z: u8 = 1 << 2;
    /// Overflow.
    pub const O: u8 = 1 << 3;
    /// Underflow.
    pub const U: u8 = 1 << 4;
    /// Inexact.
    pub const I: u8 = 1 << 5;
}

/// Fault bits of one operation, in ISR.code order (SDM Vol 2 Floating-point
/// Fault vector): v, d, z, swa.
pub(crate) mod fault {
    /// Invalid operation.
    pub const V: u8 = 1 << 0;
    /// Denormal/unnormal operand.
    pub const D: u8 = 1 << 1;
    /// Zero divide.
    pub const Z: u8 = 1 << 2;
    /// Software assist: the processor asks system software to finish (frcpa,
    /// frsqrta outside the range their Newton-Raphson sequences handle).
    pub const SWA: u8 = 1 << 3;
}

/// Rounding control (sf.rc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rc {
    /// To nearest, ties to even.
    Nearest,
    /// Toward −∞.
    Down,
    /// Toward +∞.
    Up,
    /// Toward zero.
    Zero,
}

/// The dynamic environment of one operation: a status field's controls and the
/// traps it has disabled.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Env {
    /// Rounding.
    pub rc: Rc,
    /// sf.ftz: tiny results become zero when underflow traps are disabled.
    pub ftz: bool,
    /// sf.wre: results use the 17-bit exponent range.
    pub wre: bool,
    /// sf.pc: 0 single, 2 double, 3 double-extended (1 is reserved).
    pub pc: u8,
    /// Disabled traps ([`flag`] bits): fpsr.traps, or all six when sf.td is set.
    pub disabled: u8,
}

impl Env {
    /// The environment of status field `sf` (0..=3) of an FPSR value (layout SDM
    /// Vol 1 §5.2.2: traps 5:0, sf0 at 6, 13 bits per field).
    pub fn from_fpsr(fpsr: u64, sf: u8) -> Env {
        let field = (fpsr >> (6 + 13 * u32::from(sf & 3))) & 0x1fff;
        let td = field & (1 << 6) != 0;
        Env {
            rc: match (field >> 4) & 3 {
                0 => Rc::Nearest,
                1 => Rc::Down,
                2 => Rc::Up,
                _ => Rc::Zero,
            },
            ftz: field & 1 != 0,
            wre: field & 2 != 0,
            pc: ((field >> 2) & 3) as u8,
            disabled: if td { 0x3f } else { (fpsr & 0x3f) as u8 },
        }
    }

    /// This environment rounding toward zero (the `.trunc` conversions).
    pub fn truncating(self) -> Env {
        Env {
            rc: Rc::Zero,
            ..self
        }
    }

    fn enabled(&self, f: u8) -> bool {
        self.disabled & f == 0
    }

    /// Raises a fault-class exception (`flag::V`, `D` or `Z`): a fault when its
    /// trap is enabled, else its flag.
    pub fn signal(&self, st: &mut Status, f: u8) -> Result<(), u8> {
        if self.enabled(f) {
            Err(match f {
                flag::V => fault::V,
                flag::D => fault::D,
                _ => fault::Z,
            })
        } else {
            st.flags |= f;
            Ok(())
        }
    }

    /// Raises Denormal/Unnormal Operand if any operand is one.
    pub fn check_unnormal(&self, st: &mut Status, ops: &[Fr]) -> Result<(), u8> {
        if ops.iter().any(|f| f.is_unnormal_operand()) {
            self.signal(st, flag::D)?;
        }
        Ok(())
    }

    /// Reports an inexact result: the flag, and the trap when enabled, with fpa
    /// (the delivered magnitude exceeds the exact one).
    fn inexact(&self, st: &mut Status, rounded_up: bool) {
        st.flags |= flag::I;
        if self.enabled(flag::I) {
            st.traps |= flag::I;
            st.fpa = rounded_up;
        }
    }
}

/// What a completed operation reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Status {
    /// Flags to OR into the status field ([`flag`] bits).
    pub flags: u8,
    /// Traps to raise: `flag::O`, `U`, `I`.
    pub traps: u8,
    /// ISR.fpa: the delivered result's magnitude exceeds the exact result's.
    pub fpa: bool,
}

impl Status {
    /// An enabled overflow or underflow trap (`f` is `flag::O` or `flag::U`):
    /// flag and trap, with inexact reported beside it when the rounding was
    /// inexact (SDM Vol 3 `fp_ieee_round`); the caller returns the result with
    /// its exponent wrapped.
    fn range_trap(&mut self, f: u8, inexact: bool, rounded_up: bool) {
        let bits = if inexact { f | flag::I } else { f };
        self.flags |= bits;
        self.traps |= bits;
        self.fpa = rounded_up;
    }
}

/// Where results are rounded to: significand bits and exponent range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Format {
    /// Significand bits: 24, 53 or 64.
    pub bits: u32,
    /// Smallest normal exponent (unbiased).
    pub emin: i32,
    /// Largest exponent (unbiased).
    pub emax: i32,
    /// A parallel (single-pair) result: trap-enabled results wrap the exponent
    /// within 8 bits instead of 17.
    pub simd: bool,
}

impl Format {
    const fn new(bits: u32, exp_bits: u32, simd: bool) -> Format {
        let emax = (1 << (exp_bits - 1)) - 1;
        Format {
            bits,
            emin: 1 - emax,
            emax,
            simd,
        }
    }

    /// The 8-bit, 24-bit single format of each half of a parallel operation (SDM
    /// Vol 1 Table 5-6: parallel results ignore pc and wre).
    pub const SIMD: Format = Format::new(24, 8, true);

    /// The result format of a scalar arithmetic instruction (SDM Vol 1 Table
    /// 5-6): `.s`/`.d` fix the significand and give the single/double range unless
    /// wre; no completer takes sf.pc with the 15-bit range unless wre.
    pub fn scalar(pc: Pc, env: &Env) -> Format {
        let (bits, exp_bits) = match pc {
            Pc::Single => (24, 8),
            Pc::Double => (53, 11),
            // pc = 01 is reserved and cannot be written (mov to ar.fpsr and fsetc
            // fault on it); were it there, single is as good a reading as any.
            Pc::Dynamic => (
                match env.pc {
                    2 => 53,
                    3 => 64,
                    _ => 24,
                },
                15,
            ),
        };
        Format::new(bits, if env.wre { 17 } else { exp_bits }, false)
    }

    /// Whether denormal results use register exponent 0 (the double-extended
    /// range; SDM Vol 1 §5.1.1) rather than `emin` with the integer bit clear.
    const fn ext_denormals(&self) -> bool {
        self.emin == -16382
    }
}

/// The precision an instruction names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pc {
    /// `.s`.
    Single,
    /// `.d`.
    Double,
    /// No completer: sf.pc.
    Dynamic,
}

/// Keeps `sig >> s` and rounds by `rc`: (kept, inexact, incremented).
pub(crate) fn round_shift(
    sig: u128,
    sticky: bool,
    s: u32,
    rc: Rc,
    sign: bool,
) -> (u128, bool, bool) {
    let (kept, guard, rest) = match s {
        0 => (sig, false, sticky),
        1..=127 => (
            sig >> s,
            (sig >> (s - 1)) & 1 != 0,
            sig & ((1u128 << (s - 1)) - 1) != 0 || sticky,
        ),
        128 => (0, sig >> 127 != 0, sig << 1 != 0 || sticky),
        _ => (0, false, sig != 0 || sticky),
    };
    let up = match rc {
        Rc::Nearest => guard && (rest || kept & 1 != 0),
        Rc::Down => sign && (guard || rest),
        Rc::Up => !sign && (guard || rest),
        Rc::Zero => false,
    };
    (kept + u128::from(up), guard || rest, up)
}

/// A signed zero.
const fn zero(sign: bool) -> Fr {
    Fr {
        sign,
        exp: 0,
        significand: 0,
    }
}

/// A signed infinity.
pub(crate) const fn inf(sign: bool) -> Fr {
    Fr {
        sign,
        exp: super::format::EXP_SPECIAL,
        significand: INT_BIT,
    }
}

/// The trap-enabled overflow/underflow result: the rounded significand with the
/// exponent wrapped into the register's 17 bits, or a single's 8 bits for a
/// parallel half (SDM Vol 2 §8.1.2.4: "the exponent is not wrapped" to the
/// destination precision; Itanium keeps it in the 17-bit register format).
fn wrapped(sign: bool, e: i32, significand: u64, fmt: &Format) -> Fr {
    let exp = if fmt.simd {
        (e + 127).rem_euclid(256) + (BIAS - 127)
    } else {
        (e + BIAS).rem_euclid(1 << 17)
    };
    Fr {
        sign,
        exp: exp as u32,
        significand,
    }
}

/// Rounds the exact value `sig × 2^(e − 127)` (`sig` normalized, bit 127 set;
/// `sticky` for non-zero bits below it) to `fmt`, raising O, U and I.
pub(crate) fn round(
    env: &Env,
    st: &mut Status,
    fmt: &Format,
    sign: bool,
    e: i32,
    sig: u128,
    sticky: bool,
) -> Fr {
    let p = fmt.bits;
    let (mut kept, inexact, up) = round_shift(sig, sticky, 128 - p, env.rc, sign);
    let mut e1 = e;
    if kept >> p != 0 {
        kept >>= 1;
        e1 += 1;
    }
    let significand = (kept << (64 - p)) as u64;
    if e1 > fmt.emax {
        if env.enabled(flag::O) {
            st.range_trap(flag::O, inexact, up);
            return wrapped(sign, e1, significand, fmt);
        }
        st.flags |= flag::O | flag::I;
        let to_inf = match env.rc {
            Rc::Nearest => true,
            Rc::Down => sign,
            Rc::Up => !sign,
            Rc::Zero => false,
        };
        if env.enabled(flag::I) {
            st.traps |= flag::I;
            st.fpa = to_inf;
        }
        return if to_inf {
            inf(sign)
        } else {
            let max = (u64::MAX >> (64 - p)) << (64 - p);
            Fr {
                sign,
                exp: (fmt.emax + BIAS) as u32,
                significand: max,
            }
        };
    }
    if e1 < fmt.emin {
        if env.enabled(flag::U) {
            st.range_trap(flag::U, inexact, up);
            return wrapped(sign, e1, significand, fmt);
        }
        if env.ftz {
            st.flags |= flag::U | flag::I;
            if env.enabled(flag::I) {
                st.traps |= flag::I;
                st.fpa = false;
            }
            return zero(sign);
        }
        // Denormalize: round the exact value at the fixed weight 2^(emin − p + 1).
        let s = (128 - p) as i64 + i64::from(fmt.emin) - i64::from(e);
        let (kept, inexact, up) = round_shift(sig, sticky, s.clamp(0, 200) as u32, env.rc, sign);
        if inexact {
            st.flags |= flag::U;
            env.inexact(st, up);
        }
        if kept == 0 {
            return zero(sign);
        }
        let significand = (kept << (64 - p)) as u64;
        let exp = if significand & INT_BIT == 0 && fmt.ext_denormals() {
            0
        } else {
            (fmt.emin + BIAS) as u32
        };
        return Fr {
            sign,
            exp,
            significand,
        };
    }
    if inexact {
        env.inexact(st, up);
    }
    Fr {
        sign,
        exp: (e1 + BIAS) as u32,
        significand,
    }
}

/// A 256-bit unsigned integer: the exact sum of a 128-bit product and an addend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct U256 {
    hi: u128,
    lo: u128,
}

impl U256 {
    /// Shifts right by `n`, returning whether non-zero bits fell off.
    fn shr_sticky(self, n: u32) -> (U256, bool) {
        match n {
            0 => (self, false),
            1..=127 => (
                U256 {
                    hi: self.hi >> n,
                    lo: self.lo >> n | self.hi << (128 - n),
                },
                self.lo << (128 - n) != 0,
            ),
            128 => (U256 { hi: 0, lo: self.hi }, self.lo != 0),
            129..=255 => (
                U256 {
                    hi: 0,
                    lo: self.hi >> (n - 128),
                },
                self.lo != 0 || self.hi << (256 - n) != 0,
            ),
            _ => (U256 { hi: 0, lo: 0 }, self.hi != 0 || self.lo != 0),
        }
    }

    fn shl(self, n: u32) -> U256 {
        match n {
            0 => self,
            1..=127 => U256 {
                hi: self.hi << n | self.lo >> (128 - n),
                lo: self.lo << n,
            },
            128..=255 => U256 {
                hi: self.lo << (n - 128),
                lo: 0,
            },
            _ => U256 { hi: 0, lo: 0 },
        }
    }

    fn add(self, o: U256) -> U256 {
        let (lo, c) = self.lo.overflowing_add(o.lo);
        U256 {
            hi: self.hi.wrapping_add(o.hi).wrapping_add(u128::from(c)),
            lo,
        }
    }

    fn sub(self, o: U256) -> U256 {
        let (lo, b) = self.lo.overflowing_sub(o.lo);
        U256 {
            hi: self.hi.wrapping_sub(o.hi).wrapping_sub(u128::from(b)),
            lo,
        }
    }

    fn leading_zeros(self) -> u32 {
        if self.hi != 0 {
            self.hi.leading_zeros()
        } else {
            128 + self.lo.leading_zeros()
        }
    }

    fn is_zero(self) -> bool {
        self.hi == 0 && self.lo == 0
    }
}

/// An exact non-zero term: `mant × 2^(e − 254)`, `mant` with its top bit at 254.
#[derive(Clone, Copy, Debug)]
struct Term {
    sign: bool,
    e: i32,
    mant: U256,
}

/// `a × b + c` (`c` = `None`: f2 was f0, an IEEE multiply — SDM `fma`: "if f2 is
/// f0, an IEEE multiply is performed"); `neg_product` for `fnma`, `neg_addend`
/// for `fms`. NaN results keep their operand's sign. NaTVal is the caller's.
pub(crate) fn fma(
    env: &Env,
    fmt: &Format,
    a: Fr,
    b: Fr,
    c: Option<Fr>,
    neg_product: bool,
    neg_addend: bool,
) -> Result<(Fr, Status), u8> {
    let mut st = Status::default();
    let cv = c.unwrap_or(Fr::ZERO);
    let ops = [a, b, cv];
    if ops.iter().any(|f| f.class() == Class::Unsupported) {
        env.signal(&mut st, flag::V)?;
        return Ok((Fr::QNAN_INDEFINITE, st));
    }
    if ops.iter().any(|f| f.is_nan()) {
        if ops.iter().any(|f| f.class() == Class::SNan) {
            env.signal(&mut st, flag::V)?;
        }
        // NaN priority: f4 (b), then f2 (c), then f3 (a) — SDM fma_exception_fault_check.
        let nan = [b, cv, a]
            .into_iter()
            .find(|f| f.is_nan())
            .unwrap_or(Fr::QNAN_INDEFINITE);
        return Ok((nan.quieted(), st));
    }
    let sign_p = a.sign ^ b.sign ^ neg_product;
    let sign_c = cv.sign ^ neg_addend;
    let (a_inf, b_inf, c_inf) = (
        a.class() == Class::Inf,
        b.class() == Class::Inf,
        cv.class() == Class::Inf,
    );
    if a_inf || b_inf || c_inf {
        if a_inf || b_inf {
            if a.is_true_zero() || b.is_true_zero() || (c_inf && sign_c != sign_p) {
                env.signal(&mut st, flag::V)?;
                return Ok((Fr::QNAN_INDEFINITE, st));
            }
            env.check_unnormal(&mut st, &ops)?;
            return Ok((inf(sign_p), st));
        }
        env.check_unnormal(&mut st, &ops)?;
        return Ok((inf(sign_c), st));
    }
    env.check_unnormal(&mut st, &ops)?;
    let (pa, pb) = match (a.unpack(), b.unpack()) {
        (Some(x), Some(y)) => (x, y),
        _ => {
            // A zero product.
            let r = match (c, cv.unpack()) {
                (None, _) => zero(sign_p),
                (Some(_), None) => zero(if sign_p == sign_c {
                    sign_p
                } else {
                    env.rc == Rc::Down
                }),
                (Some(_), Some((ec, sc))) => {
                    round(env, &mut st, fmt, sign_c, ec, u128::from(sc) << 64, false)
                }
            };
            return Ok((r, st));
        }
    };
    let prod = u128::from(pa.1) * u128::from(pb.1);
    let lz = prod.leading_zeros();
    let e_p = pa.0 + pb.0 + 1 - lz as i32;
    let Some((ec, sc)) = cv.unpack() else {
        return Ok((round(env, &mut st, fmt, sign_p, e_p, prod << lz, false), st));
    };
    let p = Term {
        sign: sign_p,
        e: e_p,
        mant: U256 {
            hi: prod << lz,
            lo: 0,
        }
        .shr_sticky(1)
        .0,
    };
    let q = Term {
        sign: sign_c,
        e: ec,
        mant: U256 {
            hi: u128::from(sc) << 64,
            lo: 0,
        }
        .shr_sticky(1)
        .0,
    };
    let (big, small) = if (p.e, p.mant) >= (q.e, q.mant) {
        (p, q)
    } else {
        (q, p)
    };
    let shift = (big.e - small.e).min(300) as u32;
    let (aligned, sticky) = small.mant.shr_sticky(shift);
    let sum = if big.sign == small.sign {
        big.mant.add(aligned)
    } else {
        let d = big.mant.sub(aligned);
        if sticky {
            d.sub(U256 { hi: 0, lo: 1 })
        } else {
            d
        }
    };
    if sum.is_zero() && !sticky {
        // Exact cancellation: +0, or −0 when rounding down (IEEE 754 §6.3).
        return Ok((zero(env.rc == Rc::Down), st));
    }
    let lz = sum.leading_zeros();
    let norm = sum.shl(lz);
    let e = big.e + 1 - lz as i32;
    Ok((
        round(
            env,
            &mut st,
            fmt,
            big.sign,
            e,
            norm.hi,
            norm.lo != 0 || sticky,
        ),
        st,
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fp::format::{load_double, load_single, store_double, store_single};

    /// An environment with every trap disabled, round to nearest.
    pub fn quiet_env(rc: Rc) -> Env {
        Env {
            rc,
            ftz: false,
            wre: false,
            pc: 3,
            disabled: 0x3f,
        }
    }

    const RCS: [Rc; 4] = [Rc::Nearest, Rc::Down, Rc::Up, Rc::Zero];

    /// Sets the host's rounding mode for the closure (x86-64 MXCSR.RC).
    fn with_host_rounding<T>(rc: Rc, f: impl FnOnce() -> T) -> T {
        #[cfg(target_arch = "x86_64")]
        {
            #[allow(deprecated)]
            use core::arch::x86_64::{_mm_getcsr, _mm_setcsr};
            let mode = match rc {
                Rc::Nearest => 0,
                Rc::Down => 1,
                Rc::Up => 2,
                Rc::Zero => 3,
            };
            // SAFETY: MXCSR only changes how SSE arithmetic rounds on this thread;
            // it is restored before returning.
            #[allow(deprecated)]
            let old = unsafe { _mm_getcsr() };
            #[allow(deprecated)]
            unsafe {
                _mm_setcsr((old & !0x6000) | mode << 13)
            };
            let r = core::hint::black_box(f());
            #[allow(deprecated)]
            unsafe {
                _mm_setcsr(old)
            };
            r
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            assert_eq!(rc, Rc::Nearest, "host rounding modes need x86-64");
            f()
        }
    }

    /// A deterministic stream of interesting doubles.
    pub fn doubles(n: usize) -> Vec<f64> {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut out = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            3.0,
            0.1,
            1e308,
            -1e308,
            5e-324,
            2.2250738585072014e-308,
            1e-310,
            0.5,
        ];
        while out.len() < n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            let scaled = if v.is_finite() {
                v
            } else {
                f64::from_bits(x >> 2)
            };
            out.push(scaled);
            out.push(((x >> 11) as f64) / ((x & 0xffff) as f64 + 1.0));
        }
        out
    }

    fn host_fma64(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }

    #[test]
    fn double_fma_matches_the_host_in_every_rounding_mode() {
        let vals = doubles(60);
        let mut checked = 0;
        for rc in RCS {
            let env = quiet_env(rc);
            let fmt = Format::scalar(Pc::Double, &Env { wre: false, ..env });
            for (i, &a) in vals.iter().enumerate() {
                for &b in vals.iter().skip(i % 7).step_by(5) {
                    for &c in vals.iter().step_by(11) {
                        let want = with_host_rounding(rc, || host_fma64(a, b, c));
                        let (got, _) = fma(
                            &env,
                            &fmt,
                            load_double(a.to_bits()),
                            load_double(b.to_bits()),
                            Some(load_double(c.to_bits())),
                            false,
                            false,
                        )
                        .expect("traps disabled");
                        if want.is_nan() {
                            assert!(got.is_nan(), "{a:e}*{b:e}+{c:e}");
                        } else {
                            assert_eq!(
                                store_double(got),
                                want.to_bits(),
                                "{rc:?} {a:e}*{b:e}+{c:e}: {got:x?}"
                            );
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn single_products_and_sums_match_the_host() {
        let vals: Vec<f32> = doubles(200).into_iter().map(|d| d as f32).collect();
        for rc in RCS {
            let env = quiet_env(rc);
            let fmt = Format::scalar(Pc::Single, &env);
            for w in vals.windows(2) {
                let (a, b) = (w[0], w[1]);
                let fa = load_single(a.to_bits());
                let fb = load_single(b.to_bits());
                let want_mul = with_host_rounding(rc, || a * b);
                let (got, _) = fma(&env, &fmt, fa, fb, None, false, false).expect("no faults");
                if !want_mul.is_nan() {
                    assert_eq!(store_single(got), want_mul.to_bits(), "{rc:?} {a:e}*{b:e}");
                }
                let want_add = with_host_rounding(rc, || a + b);
                let (got, _) =
                    fma(&env, &fmt, fa, Fr::ONE, Some(fb), false, false).expect("no faults");
                if !want_add.is_nan() {
                    assert_eq!(store_single(got), want_add.to_bits(), "{rc:?} {a:e}+{b:e}");
                }
                let want_sub = with_host_rounding(rc, || a - b);
                let (got, _) =
                    fma(&env, &fmt, fa, Fr::ONE, Some(fb), false, true).expect("no faults");
                if !want_sub.is_nan() {
                    assert_eq!(store_single(got), want_sub.to_bits(), "{rc:?} {a:e}-{b:e}");
                }
            }
        }
    }

    #[test]
    fn flags_follow_ieee() {
        let env = quiet_env(Rc::Nearest);
        let fmt = Format::scalar(Pc::Double, &env);
        let d = |v: f64| load_double(v.to_bits());
        let (_, st) = fma(&env, &fmt, d(1.0), d(3.0), Some(d(0.5)), false, false).unwrap();
        assert_eq!(st.flags, 0);
        let (_, st) = fma(&env, &fmt, d(0.1), d(3.0), None, false, false).unwrap();
        assert_eq!(st.flags, flag::I);
        let (r, st) = fma(&env, &fmt, d(1e300), d(1e300), None, false, false).unwrap();
        assert_eq!(st.flags, flag::O | flag::I);
        assert_eq!(store_double(r), f64::INFINITY.to_bits());
        let (r, st) = fma(&env, &fmt, d(1e-300), d(1e-300), None, false, false).unwrap();
        assert_eq!(st.flags, flag::U | flag::I);
        assert_eq!(store_double(r), 0);
        // Exact tiny results raise nothing when underflow traps are disabled.
        let (r, st) = fma(&env, &fmt, d(5e-324), d(1.0), None, false, false).unwrap();
        assert_eq!((st.flags, store_double(r)), (flag::D, 1));
        let inf_ = d(f64::INFINITY);
        let (r, st) = fma(&env, &fmt, inf_, d(1.0), Some(inf_), false, true).unwrap();
        assert_eq!((r, st.flags), (Fr::QNAN_INDEFINITE, flag::V));
        let (r, st) = fma(&env, &fmt, inf_, Fr::ZERO, None, false, false).unwrap();
        assert_eq!((r, st.flags), (Fr::QNAN_INDEFINITE, flag::V));
        // A pseudo-zero times infinity is infinity (SDM Vol 1 §5.1.1), with D.
        let pz = Fr {
            sign: false,
            exp: 0x1003e,
            significand: 0,
        };
        let (r, st) = fma(&env, &fmt, inf_, pz, None, false, false).unwrap();
        assert_eq!((r, st.flags), (inf(false), flag::D));
    }

    #[test]
    fn enabled_faults_stop_the_operation() {
        let mut env = quiet_env(Rc::Nearest);
        env.disabled = 0;
        let fmt = Format::new(64, 17, false);
        let snan = Fr {
            sign: false,
            exp: 0x1ffff,
            significand: INT_BIT | 5,
        };
        assert_eq!(
            fma(&env, &fmt, snan, Fr::ONE, None, false, false),
            Err(fault::V)
        );
        let den = load_double(1);
        assert_eq!(
            fma(&env, &fmt, den, Fr::ONE, None, false, false),
            Err(fault::D)
        );
        // Quiet NaNs propagate without a fault; f4 wins over f2 over f3.
        let q1 = Fr {
            sign: true,
            exp: 0x1ffff,
            significand: 0xc000_0000_0000_0001,
        };
        let q2 = Fr {
            sign: false,
            exp: 0x1ffff,
            significand: 0xc000_0000_0000_0002,
        };
        assert_eq!(
            fma(&env, &fmt, q1, q2, None, false, false).map(|r| r.0),
            Ok(q2)
        );
        assert_eq!(
            fma(&env, &fmt, q1, Fr::ONE, Some(q2), true, true).map(|r| r.0),
            Ok(q2)
        );
    }

    #[test]
    fn trap_enabled_overflow_wraps_the_exponent() {
        let mut env = quiet_env(Rc::Nearest);
        env.disabled = flag::I;
        let fmt = Format::scalar(Pc::Double, &env);
        let big = load_double(1e300f64.to_bits());
        let (r, st) = fma(&env, &fmt, big, big, None, false, false).unwrap();
        assert_eq!(st.traps & flag::O, flag::O);
        assert_eq!(st.flags & flag::O, flag::O);
        // 1e600 in the 17-bit register format, rounded to 53 bits.
        let (e, _) = r.unpack().expect("finite");
        assert_eq!(e, 1993);
        // Underflow with traps enabled also delivers the wrapped (here: in range) value.
        let tiny = load_double(1e-300f64.to_bits());
        let (r, st) = fma(&env, &fmt, tiny, tiny, None, false, false).unwrap();
        assert_eq!(st.traps & flag::U, flag::U);
        assert_eq!(r.unpack().map(|x| x.0), Some(-1994));
    }

    #[test]
    fn zero_signs_and_ieee_multiply() {
        let fmt = Format::new(64, 17, false);
        let nz = Fr {
            sign: true,
            ..Fr::ZERO
        };
        for rc in RCS {
            let env = quiet_env(rc);
            // (−0 × 1) + (+0): +0, except −0 when rounding down.
            let (r, _) = fma(&env, &fmt, nz, Fr::ONE, Some(Fr::ZERO), false, false).unwrap();
            assert_eq!(r.sign, rc == Rc::Down);
            // With f2 = f0 the product's sign survives: IEEE multiply.
            let (r, _) = fma(&env, &fmt, nz, Fr::ONE, None, false, false).unwrap();
            assert!(r.sign);
            // 1 − 1 = +0, or −0 when rounding down.
            let (r, _) = fma(&env, &fmt, Fr::ONE, Fr::ONE, Some(Fr::ONE), false, true).unwrap();
            assert_eq!(r, zero(rc == Rc::Down));
        }
    }

    #[test]
    fn extended_denormal_results_use_exponent_zero() {
        let env = quiet_env(Rc::Nearest);
        let fmt = Format::scalar(Pc::Dynamic, &env);
        let tiny = Fr {
            sign: false,
            exp: (BIAS - 16382) as u32,
            significand: INT_BIT,
        };
        let half = Fr {
            sign: false,
            exp: (BIAS - 1) as u32,
            significand: INT_BIT,
        };
        let (r, st) = fma(&env, &fmt, tiny, half, None, false, false).unwrap();
        assert_eq!(
            r,
            Fr {
                sign: false,
                exp: 0,
                significand: 1 << 62
            }
        );
        assert_eq!(st.flags, 0);
        // With wre the same value is normal.
        let wre = Env { wre: true, ..env };
        let (r, _) = fma(
            &wre,
            &Format::scalar(Pc::Dynamic, &wre),
            tiny,
            half,
            None,
            false,
            false,
        )
        .unwrap();
        assert_eq!(
            r,
            Fr {
                sign: false,
                exp: (BIAS - 16383) as u32,
                significand: INT_BIT
            }
        );
    }

    #[test]
    fn ftz_flushes_tiny_results() {
        let env = Env {
            ftz: true,
            ..quiet_env(Rc::Nearest)
        };
        let fmt = Format::scalar(Pc::Single, &env);
        let tiny = load_single(0x0080_0000);
        let half = load_single(0x3f00_0000);
        let (r, st) = fma(&env, &fmt, tiny, half, None, true, false).unwrap();
        assert_eq!(r, zero(true));
        assert_eq!(st.flags, flag::U | flag::I);
    }

    #[test]
    fn env_reads_status_fields() {
        let fpsr = 0x0009_804c_0270_033f; // Linux's FPSR_DEFAULT
        let e0 = Env::from_fpsr(fpsr, 0);
        assert_eq!(
            (e0.pc, e0.rc, e0.wre, e0.ftz, e0.disabled),
            (3, Rc::Nearest, false, false, 0x3f)
        );
        let e1 = Env::from_fpsr(fpsr, 1);
        assert!(e1.wre);
        assert_eq!(Env::from_fpsr(0, 0).disabled, 0);
        assert_eq!(Env::from_fpsr(0b11 << (6 + 4), 0).rc, Rc::Zero);
    }
}
