//! The non-multiply-add operations on values: compare, classify, min/max,
//! conversion to integer, and the reciprocal and reciprocal-square-root
//! approximations with their special cases (SDM Vol 3 `fcmp`, `fclass`, `fmin`,
//! `fcvt.fx`, `frcpa`, `frsqrta` and their parallel forms).

use core::cmp::Ordering;

use super::arith::{fault, flag, inf, round_shift, Env, Status};
use super::format::{Class, BIAS, INT_BIT};
use super::Fr;

/// An `fcmp`/`fpcmp` relation before negation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rel {
    /// Equal.
    Eq,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Unordered.
    Unord,
}

/// Orders two values that are neither NaN, unsupported nor NaTVal; zeros of
/// either sign (and pseudo-zeros) are equal.
fn order(a: Fr, b: Fr) -> Ordering {
    // (sign-adjusted) key: infinity above every finite, finite by (exponent, significand).
    fn key(f: Fr) -> (i8, i64, u64) {
        match (f.class(), f.unpack()) {
            (Class::Inf, _) => (2, 0, 0),
            (_, Some((e, s))) => (1, i64::from(e), s),
            _ => (0, 0, 0),
        }
    }
    let (ka, kb) = (key(a), key(b));
    let sa = a.sign && ka.0 != 0;
    let sb = b.sign && kb.0 != 0;
    match (sa, sb) {
        (false, false) => ka.cmp(&kb),
        (true, true) => kb.cmp(&ka),
        (false, true) => {
            if ka.0 == 0 && kb.0 == 0 {
                Ordering::Equal
            } else {
                Ordering::Greater
            }
        }
        (true, false) => {
            if ka.0 == 0 && kb.0 == 0 {
                Ordering::Equal
            } else {
                Ordering::Less
            }
        }
    }
}

/// `fcmp`: the relation's truth. Signaling NaNs and unsupported encodings raise
/// Invalid for every relation; quiet NaNs too for `lt` and `le` (the signaling
/// relations); unnormal operands raise Denormal.
pub(crate) fn compare(env: &Env, a: Fr, b: Fr, rel: Rel) -> Result<(bool, Status), u8> {
    let mut st = Status::default();
    let signaling = |f: Fr| matches!(f.class(), Class::SNan | Class::Unsupported);
    if signaling(a) || signaling(b) {
        env.signal(&mut st, flag::V)?;
        return Ok((rel == Rel::Unord, st));
    }
    if a.is_nan() || b.is_nan() {
        if matches!(rel, Rel::Lt | Rel::Le) {
            env.signal(&mut st, flag::V)?;
        }
        return Ok((rel == Rel::Unord, st));
    }
    env.check_unnormal(&mut st, &[a, b])?;
    let o = order(a, b);
    let r = match rel {
        Rel::Eq => o == Ordering::Equal,
        Rel::Lt => o == Ordering::Less,
        Rel::Le => o != Ordering::Greater,
        Rel::Unord => false,
    };
    Ok((r, st))
}

/// `fclass`: whether `f` is in the classes of `mask` (SDM `fclass9`: bit 0 +,
/// 1 −, 2 zero, 3 unnormal, 4 normal, 5 infinity, 6 SNaN, 7 QNaN, 8 NaTVal).
/// Pseudo-zeros are unnormals; unsupported encodings are in no class.
pub(crate) fn classify(f: Fr, mask: u16) -> bool {
    let bit = |n: u16| mask & (1 << n) != 0;
    let class = f.class();
    match class {
        Class::Unsupported => false,
        Class::NatVal => bit(8),
        Class::QNan => bit(7),
        Class::SNan => bit(6),
        _ => {
            let signed = if f.sign { bit(1) } else { bit(0) };
            signed
                && match class {
                    Class::Inf => bit(5),
                    _ if f.is_unnormal_operand() => bit(3),
                    Class::Zero => bit(2),
                    _ => bit(4),
                }
        }
    }
}

/// Which of `fmin`, `fmax`, `famin`, `famax`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MinMax {
    /// `f2 < f3 ? f2 : f3`.
    Min,
    /// `f2 > f3 ? f2 : f3`.
    Max,
    /// By magnitude: `|f2| < |f3| ? f2 : f3`.
    AMin,
    /// By magnitude: `|f2| > |f3| ? f2 : f3`.
    AMax,
}

/// `fmin`/`fmax`/`famin`/`famax`: selects an operand unchanged. Any NaN or
/// unsupported operand raises Invalid and selects `b` (f3), as the comparison
/// is false.
pub(crate) fn min_max(env: &Env, a: Fr, b: Fr, kind: MinMax) -> Result<(Fr, Status), u8> {
    let mut st = Status::default();
    let odd = |f: Fr| matches!(f.class(), Class::SNan | Class::QNan | Class::Unsupported);
    if odd(a) || odd(b) {
        env.signal(&mut st, flag::V)?;
        return Ok((b, st));
    }
    env.check_unnormal(&mut st, &[a, b])?;
    let abs = |f: Fr| Fr { sign: false, ..f };
    let pick_a = match kind {
        MinMax::Min => order(a, b) == Ordering::Less,
        MinMax::Max => order(a, b) == Ordering::Greater,
        MinMax::AMin => order(abs(a), abs(b)) == Ordering::Less,
        MinMax::AMax => order(abs(a), abs(b)) == Ordering::Greater,
    };
    Ok((if pick_a { a } else { b }, st))
}

/// `fcvt.fx`/`fcvt.fxu` (`width` 64) and each half of `fpcvt` (`width` 32):
/// rounds by `env` to an integer. Out of range, infinities and NaNs raise
/// Invalid and give the integer indefinite, the most negative value.
pub(crate) fn to_integer(env: &Env, f: Fr, signed: bool, width: u32) -> Result<(u64, Status), u8> {
    let mut st = Status::default();
    let indefinite = 1u64 << (width - 1);
    if f.class() == Class::Zero {
        env.check_unnormal(&mut st, &[f])?;
        return Ok((0, st));
    }
    let Some((e, sig)) = f.unpack().filter(|&(e, _)| e < width as i32) else {
        env.signal(&mut st, flag::V)?;
        return Ok((indefinite, st));
    };
    let s = (63 - e) as u32 + 64;
    let (k, inexact, up) = round_shift(u128::from(sig) << 64, false, s, env.rc, f.sign);
    if k != 0 {
        let limit = if signed {
            1u128 << (width - 1)
        } else {
            1u128 << width
        };
        let fits = if signed {
            k < limit || (f.sign && k == limit)
        } else {
            !f.sign && k < limit
        };
        if !fits {
            env.signal(&mut st, flag::V)?;
            return Ok((indefinite, st));
        }
    }
    env.check_unnormal(&mut st, &[f])?;
    if inexact {
        st.flags |= flag::I;
        if env.disabled & flag::I == 0 {
            st.traps |= flag::I;
            st.fpa = up;
        }
    }
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    let v = if f.sign {
        (k as u64).wrapping_neg()
    } else {
        k as u64
    };
    Ok((v & mask, st))
}

/// The reciprocal table: 11-bit approximations of 1/(1 + (i + ½)/256), leading 1
/// included. The SDM's `frcpa` table has exactly these entries; they are
/// `round(2^11 / (1 + (2i + 1)/512))` (checked at every index).
const RECIP: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let d = 513 + 2 * i as u64;
        t[i] = ((2 * (1u64 << 20) + d) / (2 * d)) as u16;
        i += 1;
    }
    t
};

/// The reciprocal-square-root table: index bit 7 = 1 for an even exponent
/// (1/√m), 0 for an odd one (1/√(2m)); bits 6:0 the top fraction bits of m.
/// Entries are `round(2^11 / √x)` at the interval midpoint, as the SDM's table.
const RSQRT: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        // x = (257 + 2j) / 256, doubled for the odd-exponent half; find
        // round(2048 / √x) = round(√y), y = 2^22 · 256 / (257 + 2j) [/ 2].
        let j = (i & 127) as u64;
        let num = (1u64 << 30) * if i < 128 { 1 } else { 2 };
        let den = (257 + 2 * j) * 2;
        // Largest k with k² ≤ 4y, i.e. k² · den ≤ 4 · num; then round(√y) = (k + 1) / 2.
        let mut lo = 0u64;
        let mut hi = 1 << 13;
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if mid * mid * den <= 4 * num {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        t[i] = lo.div_ceil(2) as u16;
        i += 1;
    }
    t
};

/// What an approximation instruction produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Approx {
    /// The value for f1.
    pub value: Fr,
    /// p2: the value is an approximation the Newton-Raphson sequence may use.
    pub valid: bool,
}

/// The first NaN result of a two-operand operation, `a` first, raising Invalid
/// for a signaling one; `None` when neither operand is a NaN.
fn nan_result(env: &Env, st: &mut Status, a: Fr, b: Fr) -> Result<Option<Fr>, u8> {
    if !a.is_nan() && !b.is_nan() {
        return Ok(None);
    }
    if a.class() == Class::SNan || b.class() == Class::SNan {
        env.signal(st, flag::V)?;
    }
    Ok(Some(if a.is_nan() { a.quieted() } else { b.quieted() }))
}

/// The table reciprocal of a finite non-zero value: sign kept, exponent
/// `−e − 1`, 11 significant bits.
fn recip_of(f: Fr) -> Fr {
    let (e, s) = f.unpack().unwrap_or((0, INT_BIT));
    let idx = ((s >> 55) & 0xff) as usize;
    Fr {
        sign: f.sign,
        exp: (BIAS - e - 1) as u32,
        significand: u64::from(RECIP[idx]) << 53,
    }
}

/// The table reciprocal square root of a positive finite value.
fn rsqrt_of(f: Fr) -> Fr {
    let (e, s) = f.unpack().unwrap_or((0, INT_BIT));
    let even = e & 1 == 0;
    let idx = usize::from(even) << 7 | ((s >> 56) & 0x7f) as usize;
    Fr {
        sign: false,
        exp: (BIAS - (e >> 1) - 1) as u32,
        significand: u64::from(RSQRT[idx]) << 53,
    }
}

/// Biased, normalized exponent of a finite value (may be ≤ 0 for denormals).
fn norm_exp(f: Fr) -> i32 {
    f.unpack().map_or(0, |(e, _)| e + BIAS)
}

/// `frcpa f1, p2 = f2, f3` (`parallel`: one half of `fprcpa`). Special operands
/// give the IEEE quotient f2/f3 with p2 = 0; otherwise the table reciprocal of
/// f3 with p2 = 1, unless the quotient is outside the range the division
/// sequence handles: then `frcpa` raises the Software Assist fault and `fprcpa`
/// clears p2. The range limits are the SDM pseudocode's (as Ski implements it).
pub(crate) fn recip(env: &Env, num: Fr, den: Fr, parallel: bool) -> Result<(Approx, Status), u8> {
    let mut st = Status::default();
    let special = |value: Fr| Approx {
        value,
        valid: false,
    };
    if !parallel && (num.class() == Class::Unsupported || den.class() == Class::Unsupported) {
        env.signal(&mut st, flag::V)?;
        return Ok((special(Fr::QNAN_INDEFINITE), st));
    }
    if let Some(nan) = nan_result(env, &mut st, num, den)? {
        return Ok((special(nan), st));
    }
    let (n_inf, d_inf) = (num.class() == Class::Inf, den.class() == Class::Inf);
    let (n_zero, d_zero) = (num.class() == Class::Zero, den.class() == Class::Zero);
    let sign = num.sign ^ den.sign;
    if (n_inf && d_inf) || (n_zero && d_zero) {
        env.signal(&mut st, flag::V)?;
        return Ok((special(Fr::QNAN_INDEFINITE), st));
    }
    if !n_inf && d_zero {
        env.signal(&mut st, flag::Z)?;
        return Ok((special(inf(sign)), st));
    }
    let (e2, e3) = (norm_exp(num), norm_exp(den));
    if !parallel && !n_inf && !n_zero && !d_inf {
        let est = e2 - e3;
        if e3 <= 0 || e3 >= 2 * BIAS - 2 || est <= 2 - BIAS || est >= BIAS || e2 <= 64 {
            return Err(fault::SWA);
        }
    }
    env.check_unnormal(&mut st, &[num, den])?;
    let zero = Fr {
        sign,
        exp: 0,
        significand: 0,
    };
    if n_inf {
        return Ok((special(inf(sign)), st));
    }
    if n_zero || d_inf {
        return Ok((special(zero), st));
    }
    if parallel {
        // A single denominator whose reciprocal leaves the single range.
        if den.is_unnormal_operand() {
            return Ok((special(inf(den.sign)), st));
        }
        if e3 >= BIAS + 127 - 2 {
            return Ok((
                special(Fr {
                    sign: den.sign,
                    exp: 0,
                    significand: 0,
                }),
                st,
            ));
        }
        let est = e2 - e3;
        let valid = !(est >= 127 || est <= 2 - 127 || e2 <= BIAS - 127 + 24);
        return Ok((
            Approx {
                value: recip_of(den),
                valid,
            },
            st,
        ));
    }
    Ok((
        Approx {
            value: recip_of(den),
            valid: true,
        },
        st,
    ))
}

/// `frsqrta f1, p2 = f3` (`parallel`: one half of `fprsqrta`). Special operands
/// give the IEEE square root (±0, +∞; parallel: the reciprocal square root, ∞
/// and +0) with p2 = 0; negative operands raise Invalid; tiny operands raise
/// Software Assist (`frsqrta`) or clear p2 (`fprsqrta`).
pub(crate) fn rsqrt(env: &Env, f: Fr, parallel: bool) -> Result<(Approx, Status), u8> {
    let mut st = Status::default();
    let special = |value: Fr| Approx {
        value,
        valid: false,
    };
    if !parallel && f.class() == Class::Unsupported {
        env.signal(&mut st, flag::V)?;
        return Ok((special(Fr::QNAN_INDEFINITE), st));
    }
    if let Some(nan) = nan_result(env, &mut st, f, f)? {
        return Ok((special(nan), st));
    }
    let is_zero = f.class() == Class::Zero;
    if f.sign && !is_zero {
        env.signal(&mut st, flag::V)?;
        return Ok((special(Fr::QNAN_INDEFINITE), st));
    }
    if f.class() == Class::Inf {
        return Ok((special(if parallel { Fr::ZERO } else { inf(false) }), st));
    }
    if !parallel && !is_zero && norm_exp(f) <= 64 {
        return Err(fault::SWA);
    }
    env.check_unnormal(&mut st, &[f])?;
    if is_zero {
        let v = if parallel {
            inf(f.sign)
        } else {
            Fr {
                sign: f.sign,
                exp: 0,
                significand: 0,
            }
        };
        return Ok((special(v), st));
    }
    let valid = !parallel || norm_exp(f) > BIAS - 127 + 24;
    Ok((
        Approx {
            value: rsqrt_of(f),
            valid,
        },
        st,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fp::arith::tests::{doubles, quiet_env};
    use crate::fp::arith::Rc;
    use crate::fp::format::{load_double, load_single};

    fn d(v: f64) -> Fr {
        load_double(v.to_bits())
    }

    #[test]
    fn tables_have_the_sdm_entries() {
        assert_eq!(
            (RECIP[0], RECIP[1], RECIP[128], RECIP[255]),
            (0x7fc, 0x7f4, 0x554, 0x401)
        );
        assert_eq!(
            (RSQRT[0], RSQRT[127], RSQRT[128], RSQRT[255]),
            (0x5a5, 0x401, 0x7fc, 0x5aa)
        );
        assert!(RECIP.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn approximations_are_within_the_documented_error() {
        // The SDM promises relative errors below 2^-8.886 (frcpa) and 2^-8.831
        // (frsqrta).
        let env = quiet_env(Rc::Nearest);
        for v in doubles(400)
            .into_iter()
            .filter(|v| v.is_normal() && v.abs() > 1e-200 && v.abs() < 1e200)
        {
            let (r, st) = recip(&env, Fr::ONE, d(v), false).expect("in range");
            assert!(r.valid && st.flags == 0, "{v:e}");
            let got = crate::fp::format::store_double(r.value);
            let rel = (f64::from_bits(got) * v - 1.0).abs();
            assert!(rel < 2f64.powf(-8.886), "1/{v:e}: {rel}");
            let (r, _) = rsqrt(&env, d(v.abs()), false).expect("in range");
            let got = f64::from_bits(crate::fp::format::store_double(r.value));
            let rel = (got * v.abs().sqrt() - 1.0).abs();
            assert!(r.valid && rel < 2f64.powf(-8.831), "rsqrt {v:e}: {rel}");
        }
    }

    #[test]
    fn recip_special_cases_set_p2_as_the_sdm_says() {
        let env = quiet_env(Rc::Nearest);
        let (r, st) = recip(&env, d(1.0), d(0.0), false).unwrap();
        assert_eq!((r.value, r.valid, st.flags), (inf(false), false, flag::Z));
        let (r, st) = recip(&env, d(0.0), d(0.0), false).unwrap();
        assert_eq!(
            (r.value, r.valid, st.flags),
            (Fr::QNAN_INDEFINITE, false, flag::V)
        );
        let (r, _) = recip(&env, d(-0.0), d(3.0), false).unwrap();
        assert_eq!(
            (r.value, r.valid),
            (
                Fr {
                    sign: true,
                    exp: 0,
                    significand: 0
                },
                false
            )
        );
        let (r, _) = recip(&env, d(f64::INFINITY), d(-3.0), false).unwrap();
        assert_eq!((r.value, r.valid), (inf(true), false));
        // Outside the division sequence's range: a denominator whose normalized
        // exponent is ≤ 0, or a numerator whose exponent is ≤ 64.
        let tiny = Fr {
            sign: false,
            exp: 1,
            significand: 1,
        };
        assert_eq!(recip(&env, d(1.0), tiny, false), Err(fault::SWA));
        let small = Fr {
            sign: false,
            exp: 64,
            significand: INT_BIT,
        };
        assert_eq!(recip(&env, small, d(1.0), false), Err(fault::SWA));
        assert_eq!(rsqrt(&env, small, false), Err(fault::SWA));
        let mut strict = env;
        strict.disabled = 0;
        assert_eq!(recip(&strict, d(1.0), d(0.0), false), Err(fault::Z));
        assert_eq!(
            rsqrt(&env, d(-4.0), false).map(|r| r.0.value),
            Ok(Fr::QNAN_INDEFINITE)
        );
        assert_eq!(
            rsqrt(&env, d(f64::INFINITY), false).map(|r| r.0.value),
            Ok(inf(false))
        );
        assert_eq!(rsqrt(&env, d(-0.0), false).map(|r| r.0.value), Ok(d(-0.0)));
        // Parallel: a single denormal denominator gives infinity, p2 clear.
        let (r, _) = recip(&env, load_single(0x3f80_0000), load_single(1), true).unwrap();
        assert_eq!((r.value, r.valid), (inf(false), false));
    }

    #[test]
    fn compare_all_relations_against_the_host() {
        let env = quiet_env(Rc::Nearest);
        let mut vals = doubles(40);
        vals.extend([f64::INFINITY, f64::NEG_INFINITY, f64::NAN]);
        for &a in &vals {
            for &b in &vals {
                let (fa, fb) = (d(a), d(b));
                let run = |rel| compare(&env, fa, fb, rel).expect("disabled").0;
                assert_eq!(run(Rel::Eq), a == b, "{a} == {b}");
                assert_eq!(run(Rel::Lt), a < b, "{a} < {b}");
                assert_eq!(run(Rel::Le), a <= b, "{a} <= {b}");
                assert_eq!(run(Rel::Unord), a.is_nan() || b.is_nan());
            }
        }
        // Quiet NaNs: invalid only for the signaling relations.
        let (_, st) = compare(&env, d(f64::NAN), d(1.0), Rel::Eq).unwrap();
        assert_eq!(st.flags, 0);
        let (_, st) = compare(&env, d(f64::NAN), d(1.0), Rel::Le).unwrap();
        assert_eq!(st.flags, flag::V);
    }

    #[test]
    fn min_max_select_operands() {
        let env = quiet_env(Rc::Nearest);
        let pick = |a: f64, b: f64, k| min_max(&env, d(a), d(b), k).unwrap().0;
        assert_eq!(pick(1.0, 2.0, MinMax::Min), d(1.0));
        assert_eq!(pick(1.0, 2.0, MinMax::Max), d(2.0));
        assert_eq!(pick(-3.0, 2.0, MinMax::AMin), d(2.0));
        assert_eq!(pick(-3.0, 2.0, MinMax::AMax), d(-3.0));
        // Equal operands and NaNs select f3.
        assert_eq!(pick(0.0, -0.0, MinMax::Min), d(-0.0));
        let (r, st) = min_max(&env, d(f64::NAN), d(5.0), MinMax::Max).unwrap();
        assert_eq!((r, st.flags), (d(5.0), flag::V));
    }

    #[test]
    fn integer_conversion_rounds_and_saturates_to_indefinite() {
        for (rc, v, want) in [
            (Rc::Nearest, 2.5, 2i64),
            (Rc::Nearest, 3.5, 4),
            (Rc::Nearest, -2.5, -2),
            (Rc::Down, -2.1, -3),
            (Rc::Up, 2.1, 3),
            (Rc::Zero, -2.9, -2),
            (Rc::Nearest, i64::MIN as f64, i64::MIN),
        ] {
            let (r, _) = to_integer(&quiet_env(rc), d(v), true, 64).unwrap();
            assert_eq!(r as i64, want, "{rc:?} {v}");
        }
        let env = quiet_env(Rc::Nearest);
        let (r, st) = to_integer(&env, d(9.3e18), true, 64).unwrap();
        assert_eq!((r, st.flags), (1 << 63, flag::V));
        let (r, st) = to_integer(&env, d(9.3e18), false, 64).unwrap();
        assert_eq!((r, st.flags), (9_300_000_000_000_000_000, 0));
        let (r, st) = to_integer(&env, d(-0.3), false, 64).unwrap();
        assert_eq!((r, st.flags), (0, flag::I));
        let (r, st) = to_integer(&env, d(-1.0), false, 64).unwrap();
        assert_eq!((r, st.flags), (1 << 63, flag::V));
        let (r, _) = to_integer(&env, d(-7.0), true, 32).unwrap();
        assert_eq!(r, 0xffff_fff9);
        let (r, st) = to_integer(&env, d(f64::NAN), true, 32).unwrap();
        assert_eq!((r, st.flags), (0x8000_0000, flag::V));
    }

    #[test]
    fn classes() {
        assert!(classify(d(1.0), 0x011));
        assert!(!classify(d(1.0), 0x012));
        assert!(classify(d(-0.0), 0x006));
        assert!(classify(d(5e-324), 0x009));
        assert!(classify(Fr::integer(0), 0x009), "pseudo-zero is unnormal");
        assert!(classify(d(f64::NAN), 0x080));
        assert!(classify(Fr::NATVAL, 0x100));
        assert!(!classify(Fr::NATVAL, 0x0ff));
        assert!(classify(d(f64::NEG_INFINITY), 0x022));
        let unsupported = Fr {
            sign: false,
            exp: 0x1ffff,
            significand: 1,
        };
        assert!(!classify(unsupported, 0x1ff));
    }
}
