//! The 82-bit register format: classification of encodings, unpacking to a
//! normalized value, and the memory-format conversions of FP loads, stores,
//! spills, fills, `setf` and `getf`.
//!
//! Encodings (SDM Vol 1 §5.1.1, Table 5-2): exponent 0x1FFFF holds infinities
//! (significand 1.000…), NaNs (1.xxx…, bit 62 set for quiet) and the unsupported
//! pseudo-NaNs/pseudo-infinities (integer bit clear); NaTVal is +, 0x1FFFE, 0;
//! a zero significand under any other non-zero exponent is a pseudo-zero; an
//! integer bit of 0 under a non-zero exponent is an unnormal; exponent 0 holds
//! double-extended denormals and pseudo-denormals, whose exponent *means*
//! 0x0C001 (the double-extended minimum), not 0x00001.

use super::Fr;

/// Exponent bias of the register format.
pub(crate) const BIAS: i32 = 0xffff;
/// The exponent of infinities and NaNs.
pub(crate) const EXP_SPECIAL: u32 = 0x1ffff;
/// The exponent of integers in the significand (2^63 at bit 63): ldf8, setf.sig,
/// fcvt.fx and every parallel/logical result (SDM `FP_INTEGER_EXP`).
pub(crate) const INTEGER_EXP: u32 = 0x1003e;
/// The explicit integer bit.
pub(crate) const INT_BIT: u64 = 1 << 63;
/// The quiet bit of a NaN's significand.
pub(crate) const QUIET_BIT: u64 = 1 << 62;
/// What a register exponent of 0 means: the double-extended minimum exponent
/// (SDM Vol 1 §5.1.1: double-extended denormals load with exponent 0x00000
/// "instead of 0x0C001").
const EXP_ZERO_MEANS: u32 = 0xc001;

/// The class of a register encoding, in the order the SDM tests them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// NaTVal: the deferred-exception token.
    NatVal,
    /// Pseudo-NaN or pseudo-infinity: exponent 0x1FFFF with the integer bit clear.
    Unsupported,
    /// Signaling NaN.
    SNan,
    /// Quiet NaN.
    QNan,
    /// ±∞.
    Inf,
    /// ±0 or a pseudo-zero.
    Zero,
    /// Any other finite value (normal, unnormal, denormal, pseudo-denormal).
    Finite,
}

impl Fr {
    /// Quiet NaN indefinite: the default result of an invalid operation.
    pub const QNAN_INDEFINITE: Fr = Fr {
        sign: true,
        exp: EXP_SPECIAL,
        significand: 0xc000_0000_0000_0000,
    };

    /// An integer in the significand, as ldf8, setf.sig, xma and the parallel
    /// and logical operations produce it.
    pub const fn integer(v: u64) -> Fr {
        Fr {
            sign: false,
            exp: INTEGER_EXP,
            significand: v,
        }
    }

    /// Whether this is NaTVal, the FR form of a NaT.
    pub const fn is_natval(self) -> bool {
        !self.sign && self.exp == 0x1fffe && self.significand == 0
    }

    /// The encoding's class.
    pub(crate) const fn class(self) -> Class {
        if self.is_natval() {
            Class::NatVal
        } else if self.exp == EXP_SPECIAL {
            if self.significand & INT_BIT == 0 {
                Class::Unsupported
            } else if self.significand == INT_BIT {
                Class::Inf
            } else if self.significand & QUIET_BIT != 0 {
                Class::QNan
            } else {
                Class::SNan
            }
        } else if self.significand == 0 {
            Class::Zero
        } else {
            Class::Finite
        }
    }

    /// Whether this is a NaN (quiet or signaling).
    pub(crate) const fn is_nan(self) -> bool {
        matches!(self.class(), Class::QNan | Class::SNan)
    }

    /// Whether this operand raises the Denormal/Unnormal Operand exception:
    /// unnormals, pseudo-zeros (Vol 1 §5.1.1 classifies them as unnormalized),
    /// denormals and pseudo-denormals. NaNs, infinities and NaTVal do not.
    pub(crate) const fn is_unnormal_operand(self) -> bool {
        match self.class() {
            Class::Zero => self.exp != 0,
            Class::Finite => self.exp == 0 || self.significand & INT_BIT == 0,
            _ => false,
        }
    }

    /// A true zero (exponent 0): pseudo-zeros times infinity give infinity, not
    /// Invalid (SDM Vol 1 §5.1.1).
    pub(crate) const fn is_true_zero(self) -> bool {
        self.exp == 0 && self.significand == 0
    }

    /// A finite non-zero value as (unbiased exponent of bit 63, normalized
    /// significand): value = sig × 2^(e − 63). `None` for any other class.
    pub(crate) fn unpack(self) -> Option<(i32, u64)> {
        if !matches!(self.class(), Class::Finite) {
            return None;
        }
        let exp = if self.exp == 0 {
            EXP_ZERO_MEANS
        } else {
            self.exp
        };
        let lz = self.significand.leading_zeros();
        Some((exp as i32 - BIAS - lz as i32, self.significand << lz))
    }

    /// This NaN made quiet (the result of an operation on a signaling NaN).
    pub(crate) const fn quieted(self) -> Fr {
        Fr {
            significand: self.significand | QUIET_BIT,
            ..self
        }
    }
}

/// `ldfs`/`setf.s`: an IEEE single to the register format (SDM Vol 1 Table 5-4;
/// denormals keep their value with exponent 0xFF81 and the integer bit clear).
pub fn load_single(bits: u32) -> Fr {
    let frac = u64::from(bits & 0x7f_ffff) << 40;
    from_ieee(bits >> 31 != 0, (bits >> 23) & 0xff, frac, 0xff, 0xff80)
}

/// `ldfd`/`setf.d`: an IEEE double to the register format (denormals get
/// exponent 0xFC01 with the integer bit clear).
pub fn load_double(bits: u64) -> Fr {
    let frac = (bits & ((1 << 52) - 1)) << 11;
    from_ieee(
        bits >> 63 != 0,
        ((bits >> 52) & 0x7ff) as u32,
        frac,
        0x7ff,
        0xfc00,
    )
}

/// An IEEE binary value's fields in the register format: `frac` is the fraction
/// left-aligned below the integer bit, `max` the all-ones exponent (infinity and
/// NaN, which get the register format's special exponent) and `rebias` what turns
/// the format's biased exponent into the register's (0xFFFF − the format's bias);
/// a denormal's exponent is that of the smallest normal, `rebias + 1`.
fn from_ieee(sign: bool, exp: u32, frac: u64, max: u32, rebias: u32) -> Fr {
    let (exp, significand) = match (exp, frac) {
        (0, 0) => (0, 0),
        (0, _) => (rebias + 1, frac),
        (e, _) if e == max => (EXP_SPECIAL, INT_BIT | frac),
        (e, _) => (e + rebias, INT_BIT | frac),
    };
    Fr {
        sign,
        exp,
        significand,
    }
}

/// `ldfe`: a double-extended value, 10 bytes in little-endian order (the core
/// reverses them first for a big-endian access). The explicit significand is
/// kept as is; exponent 0x7FFF becomes 0x1FFFF and 0 stays 0.
pub fn load_ext(bytes: [u8; 10]) -> Fr {
    let [s0, s1, s2, s3, s4, s5, s6, s7, e0, e1] = bytes;
    let significand = u64::from_le_bytes([s0, s1, s2, s3, s4, s5, s6, s7]);
    let se = u16::from_le_bytes([e0, e1]);
    let exp = u32::from(se & 0x7fff);
    let exp = match exp {
        0 => 0,
        0x7fff => EXP_SPECIAL,
        e => e + 0xc000,
    };
    Fr {
        sign: se >> 15 != 0,
        exp,
        significand,
    }
}

/// `ldf8`/`setf.sig`: a 64-bit integer into the significand, exponent 0x1003E,
/// sign + (zero becomes a pseudo-zero, as the SDM's `ldf8` defines).
pub fn load_integer(bits: u64) -> Fr {
    Fr::integer(bits)
}

/// `ldf.fill`: the 16-byte spill format, little-endian: significand in bytes 0–7,
/// exponent in bits 16:0 and sign in bit 17 of bytes 8–15 (SDM Vol 1 §5.3).
pub fn fill(bytes: [u8; 16]) -> Fr {
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&bytes[..8]);
    hi.copy_from_slice(&bytes[8..]);
    let se = u64::from_le_bytes(hi);
    Fr {
        sign: (se >> 17) & 1 != 0,
        exp: (se & 0x1ffff) as u32,
        significand: u64::from_le_bytes(lo),
    }
}

/// `stfs`/`getf.s`/`fpack`: the register value to IEEE single by taking bits, no
/// rounding: exponent bits {16, 6:0} when the integer bit is set, else 0;
/// fraction bits 62:40.
pub fn store_single(v: Fr) -> u32 {
    let exp = if v.significand & INT_BIT != 0 {
        ((v.exp >> 16) & 1) << 7 | (v.exp & 0x7f)
    } else {
        0
    };
    u32::from(v.sign) << 31 | exp << 23 | ((v.significand >> 40) & 0x7f_ffff) as u32
}

/// `stfd`/`getf.d`: exponent bits {16, 9:0} when the integer bit is set, else 0;
/// fraction bits 62:11.
pub fn store_double(v: Fr) -> u64 {
    let exp = if v.significand & INT_BIT != 0 {
        u64::from(((v.exp >> 16) & 1) << 10 | (v.exp & 0x3ff))
    } else {
        0
    };
    u64::from(v.sign) << 63 | exp << 52 | ((v.significand >> 11) & ((1 << 52) - 1))
}

/// `stfe`: exponent bits {16, 13:0}, the whole significand; little-endian bytes.
pub fn store_ext(v: Fr) -> [u8; 10] {
    let exp = (((v.exp >> 16) & 1) << 14 | (v.exp & 0x3fff)) as u16;
    let se = u16::from(v.sign) << 15 | exp;
    let mut out = [0u8; 10];
    out[..8].copy_from_slice(&v.significand.to_le_bytes());
    out[8..].copy_from_slice(&se.to_le_bytes());
    out
}

/// `stf8`/`getf.sig`: the significand.
pub fn store_integer(v: Fr) -> u64 {
    v.significand
}

/// `stf.spill`: the exact 82 bits in the 16-byte spill format (see [`fill`]).
pub fn spill(v: Fr) -> [u8; 16] {
    let se = u64::from(v.sign) << 17 | u64::from(v.exp & 0x1ffff);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&v.significand.to_le_bytes());
    out[8..].copy_from_slice(&se.to_le_bytes());
    out
}

/// `setf.sig`.
pub fn setf_sig(v: u64) -> Fr {
    load_integer(v)
}

/// `setf.exp`: sign from bit 17, exponent from bits 16:0, significand 1.000….
pub fn setf_exp(v: u64) -> Fr {
    Fr {
        sign: (v >> 17) & 1 != 0,
        exp: (v & 0x1ffff) as u32,
        significand: INT_BIT,
    }
}

/// `setf.s`: the low 32 bits as an IEEE single.
pub fn setf_s(v: u64) -> Fr {
    load_single(v as u32)
}

/// `setf.d`.
pub fn setf_d(v: u64) -> Fr {
    load_double(v)
}

/// `getf.sig`.
pub fn getf_sig(v: Fr) -> u64 {
    store_integer(v)
}

/// `getf.exp`: sign in bit 17, exponent in bits 16:0.
pub fn getf_exp(v: Fr) -> u64 {
    u64::from(v.sign) << 17 | u64::from(v.exp & 0x1ffff)
}

/// `getf.s`: the single, zero-extended.
pub fn getf_s(v: Fr) -> u64 {
    u64::from(store_single(v))
}

/// `getf.d`.
pub fn getf_d(v: Fr) -> u64 {
    store_double(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natval_and_constants_classify() {
        assert_eq!(Fr::NATVAL.class(), Class::NatVal);
        assert!(Fr::NATVAL.is_natval());
        // The same bits with the sign set are a pseudo-zero, not NaTVal.
        let neg = Fr {
            sign: true,
            ..Fr::NATVAL
        };
        assert_eq!(neg.class(), Class::Zero);
        assert!(neg.is_unnormal_operand());
        assert_eq!(Fr::ZERO.class(), Class::Zero);
        assert!(!Fr::ZERO.is_unnormal_operand());
        assert_eq!(Fr::ONE.unpack(), Some((0, INT_BIT)));
        assert_eq!(Fr::QNAN_INDEFINITE.class(), Class::QNan);
        let pseudo_inf = Fr {
            sign: false,
            exp: EXP_SPECIAL,
            significand: 0,
        };
        assert_eq!(pseudo_inf.class(), Class::Unsupported);
        let snan = Fr {
            sign: false,
            exp: EXP_SPECIAL,
            significand: INT_BIT | 1,
        };
        assert_eq!(snan.class(), Class::SNan);
        assert_eq!(snan.quieted().class(), Class::QNan);
    }

    #[test]
    fn exponent_zero_means_the_extended_minimum() {
        // A double-extended denormal: 0.1 × 2^-16382 = 2^-16383.
        let d = Fr {
            sign: false,
            exp: 0,
            significand: 1 << 62,
        };
        assert!(d.is_unnormal_operand());
        assert_eq!(d.unpack(), Some((-16383, INT_BIT)));
        // A pseudo-denormal (integer bit set) is 1.0 × 2^-16382.
        let p = Fr {
            sign: false,
            exp: 0,
            significand: INT_BIT,
        };
        assert!(p.is_unnormal_operand());
        assert_eq!(p.unpack(), Some((-16382, INT_BIT)));
    }

    fn value_of(f: Fr) -> f64 {
        match f.unpack() {
            Some((e, s)) => {
                let v = s as f64 / 2f64.powi(63) * 2f64.powi(e / 2) * 2f64.powi(e - e / 2);
                if f.sign {
                    -v
                } else {
                    v
                }
            }
            None if f.class() == Class::Zero => {
                if f.sign {
                    -0.0
                } else {
                    0.0
                }
            }
            None if f.class() == Class::Inf => {
                if f.sign {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }
            }
            None => f64::NAN,
        }
    }

    #[test]
    fn single_loads_keep_the_value_and_stores_give_the_bits_back() {
        let samples = [
            0u32,
            0x8000_0000,
            1,
            0x007f_ffff,
            0x0080_0000,
            0x3f80_0000,
            0xc2f6_e979,
            0x7f7f_ffff,
            0x7f80_0000,
            0xff80_0000,
            0x7fc0_0000,
            0x7f80_0001,
            0xffbf_ffff,
            0x8000_0001,
        ];
        for bits in samples {
            let fr = load_single(bits);
            let host = f32::from_bits(bits);
            if host.is_nan() {
                assert!(fr.is_nan(), "{bits:#x}");
                assert_eq!(
                    fr.class() == Class::QNan,
                    bits & 0x40_0000 != 0,
                    "{bits:#x}"
                );
            } else {
                let v = value_of(fr);
                assert_eq!(v, f64::from(host), "{bits:#x}");
                assert_eq!(v.is_sign_negative(), host.is_sign_negative(), "{bits:#x}");
            }
            assert_eq!(store_single(fr), bits, "{bits:#x}");
            assert_eq!(getf_s(setf_s(u64::from(bits))), u64::from(bits));
        }
    }

    #[test]
    fn double_loads_keep_the_value_and_stores_give_the_bits_back() {
        let samples = [
            0u64,
            1 << 63,
            1,
            0x000f_ffff_ffff_ffff,
            0x0010_0000_0000_0000,
            0x3ff0_0000_0000_0000,
            0x4009_21fb_5444_2d18,
            0x7fef_ffff_ffff_ffff,
            0x7ff0_0000_0000_0000,
            0xfff8_0000_0000_0000,
            0x7ff0_0000_0000_0001,
            0x8000_0000_0000_0001,
        ];
        for bits in samples {
            let fr = load_double(bits);
            let host = f64::from_bits(bits);
            if host.is_nan() {
                assert!(fr.is_nan(), "{bits:#x}");
            } else {
                assert_eq!(value_of(fr), host, "{bits:#x}");
                assert_eq!(value_of(fr).is_sign_negative(), host.is_sign_negative());
            }
            assert_eq!(store_double(fr), bits, "{bits:#x}");
            assert_eq!(getf_d(setf_d(bits)), bits);
        }
    }

    #[test]
    fn stores_take_bits_without_rounding() {
        // 1 + 2^-30 in the register: the single store drops the low bits.
        let v = Fr {
            sign: false,
            exp: 0xffff,
            significand: INT_BIT | 1 << 33,
        };
        assert_eq!(store_single(v), 0x3f80_0000);
        assert_eq!(store_double(v), 0x3ff0_0000_0040_0000);
        // An unnormal stores with a zero exponent field.
        let u = Fr {
            sign: true,
            exp: 0xffff,
            significand: 1 << 62,
        };
        assert_eq!(store_single(u), 0x8040_0000);
        // Integers (exponent 0x1003E) keep exponent bits {16, 6:0} = 1, 0x3e.
        assert_eq!(store_single(Fr::integer(INT_BIT)), 0x5f00_0000);
    }

    #[test]
    fn extended_round_trips() {
        let cases: [[u8; 10]; 5] = [
            [0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f], // 1.0
            [0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0xff], // -inf
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],          // smallest denormal
            [0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0x7f], // QNaN
            [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x08, 0x34, 0x12], // unnormal
        ];
        for bytes in cases {
            assert_eq!(store_ext(load_ext(bytes)), bytes, "{bytes:x?}");
        }
        assert_eq!(load_ext(cases[0]), Fr::ONE);
        assert_eq!(load_ext(cases[1]).class(), Class::Inf);
        assert_eq!(load_ext(cases[2]).exp, 0);
    }

    #[test]
    fn spill_and_fill_are_exact_for_every_field() {
        let values = [
            Fr::ZERO,
            Fr::ONE,
            Fr::NATVAL,
            Fr::QNAN_INDEFINITE,
            Fr {
                sign: true,
                exp: 0x1_2345,
                significand: 0x0123_4567_89ab_cdef,
            },
            Fr {
                sign: true,
                exp: 0x1_ffff,
                significand: 0,
            },
        ];
        for v in values {
            let bytes = spill(v);
            assert_eq!(fill(bytes), v);
            assert_eq!(
                bytes[8..],
                [
                    v.exp as u8,
                    (v.exp >> 8) as u8,
                    (v.exp >> 16) as u8 | (v.sign as u8) << 1,
                    0,
                    0,
                    0,
                    0,
                    0
                ]
            );
        }
    }

    #[test]
    fn setf_and_getf_fields() {
        let e = setf_exp(0x2_0000 | 0xffff);
        assert_eq!(
            e,
            Fr {
                sign: true,
                exp: 0xffff,
                significand: INT_BIT
            }
        );
        assert_eq!(getf_exp(e), 0x2_ffff);
        assert_eq!(getf_exp(Fr::NATVAL), 0x1fffe);
        let s = setf_sig(42);
        assert_eq!((s.sign, s.exp, s.significand), (false, 0x1003e, 42));
        assert_eq!(getf_sig(s), 42);
        // Zero loads as a pseudo-zero under the integer exponent.
        assert!(setf_sig(0).is_unnormal_operand());
        assert_eq!(load_integer(7), Fr::integer(7));
        assert_eq!(store_integer(Fr::integer(9)), 9);
    }
}
