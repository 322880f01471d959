//! Multimedia (parallel integer) instructions (SDM Vol 3 §2 pages of `padd`,
//! `psub`, `pavg`, `pavgsub`, `pcmp`, `pshladd2`, `pshradd2`, `pmpy2`,
//! `pmpyshr2`, `mix`, `pack`, `unpack`, `pmin`, `pmax`, `psad1`, `mux1`, `mux2`,
//! `pshl`, `pshr`, `mpy4`, `mpyshl4`, `popcnt`, `clz`, `czx`).
//!
//! Every operation is a function of two 64-bit sources (and the op's small
//! fields); one handler per operation evaluates it with lane helpers. The result's
//! NaT is the OR of the sources'. Op fields: `r1` target, `r2`/`r3` sources, `a`
//! the count or permutation, `b` the [`MmOp`] selector for the shared handlers.

use super::Flow;
use crate::predecode::Op;
use crate::state::Cpu;

/// Lanes of width `w` bits (8, 16, 32) of `x`, as unsigned values.
#[inline]
fn lane(x: u64, w: u32, i: u32) -> u64 {
    (x >> (w * i)) & ((1u64 << w) - 1)
}

/// Sign-extends a `w`-bit lane.
#[inline]
fn slane(x: u64, w: u32, i: u32) -> i64 {
    let sh = 64 - w;
    (((x >> (w * i)) << sh) as i64) >> sh
}

/// Builds a value from lanes computed by `f`.
#[inline]
fn lanes(w: u32, mut f: impl FnMut(u32) -> u64) -> u64 {
    let m = (1u64 << w) - 1;
    (0..64 / w).fold(0, |acc, i| acc | (f(i) & m) << (w * i))
}

fn sat_s(v: i64, w: u32) -> u64 {
    let max = (1i64 << (w - 1)) - 1;
    let min = -(1i64 << (w - 1));
    v.clamp(min, max) as u64
}

fn sat_u(v: i64, w: u32) -> u64 {
    v.clamp(0, (1i64 << w) - 1) as u64
}

/// Saturation of `padd`/`psub`: none, `.sss`, `.uuu`, `.uus`.
#[derive(Clone, Copy)]
enum Sat {
    None,
    Sss,
    Uuu,
    Uus,
}

fn addsub(a: u64, b: u64, w: u32, sat: Sat, sub: bool) -> u64 {
    lanes(w, |i| {
        let (x, y) = match sat {
            Sat::None | Sat::Uuu => (lane(a, w, i) as i64, lane(b, w, i) as i64),
            Sat::Sss => (slane(a, w, i), slane(b, w, i)),
            Sat::Uus => (lane(a, w, i) as i64, slane(b, w, i)),
        };
        let r = if sub { x - y } else { x + y };
        match sat {
            Sat::None => r as u64,
            Sat::Sss => sat_s(r, w),
            Sat::Uuu | Sat::Uus => sat_u(r, w),
        }
    })
}

/// The shared multimedia operations, selected by `Op::b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum MmOp {
    Padd1,
    Padd1Sss,
    Padd1Uuu,
    Padd1Uus,
    Padd2,
    Padd2Sss,
    Padd2Uuu,
    Padd2Uus,
    Padd4,
    Psub1,
    Psub1Sss,
    Psub1Uuu,
    Psub1Uus,
    Psub2,
    Psub2Sss,
    Psub2Uuu,
    Psub2Uus,
    Psub4,
    Pavg1,
    Pavg1Raz,
    Pavg2,
    Pavg2Raz,
    Pavgsub1,
    Pavgsub2,
    Pcmp1Eq,
    Pcmp1Gt,
    Pcmp2Eq,
    Pcmp2Gt,
    Pcmp4Eq,
    Pcmp4Gt,
    Pshladd2,
    Pshradd2,
    Pmpyshr2,
    Pmpyshr2U,
    Pmpy2R,
    Pmpy2L,
    Mix1R,
    Mix2R,
    Mix4R,
    Mix1L,
    Mix2L,
    Mix4L,
    Pack2Uss,
    Pack2Sss,
    Pack4Sss,
    Unpack1H,
    Unpack2H,
    Unpack4H,
    Unpack1L,
    Unpack2L,
    Unpack4L,
    Pmin1U,
    Pmax1U,
    Pmin2,
    Pmax2,
    Psad1,
    Mpy4,
    Mpyshl4,
    Pshl2,
    Pshl4,
    Pshr2,
    Pshr4,
    Pshr2U,
    Pshr4U,
    Mux1,
    Mux2,
    Popcnt,
    Clz,
    Czx1L,
    Czx2L,
    Czx1R,
    Czx2R,
}

impl MmOp {
    /// Every operation, in discriminant order.
    pub(crate) const ALL: &'static [MmOp] = {
        use MmOp::*;
        &[
            Padd1, Padd1Sss, Padd1Uuu, Padd1Uus, Padd2, Padd2Sss, Padd2Uuu, Padd2Uus, Padd4, Psub1,
            Psub1Sss, Psub1Uuu, Psub1Uus, Psub2, Psub2Sss, Psub2Uuu, Psub2Uus, Psub4, Pavg1,
            Pavg1Raz, Pavg2, Pavg2Raz, Pavgsub1, Pavgsub2, Pcmp1Eq, Pcmp1Gt, Pcmp2Eq, Pcmp2Gt,
            Pcmp4Eq, Pcmp4Gt, Pshladd2, Pshradd2, Pmpyshr2, Pmpyshr2U, Pmpy2R, Pmpy2L, Mix1R,
            Mix2R, Mix4R, Mix1L, Mix2L, Mix4L, Pack2Uss, Pack2Sss, Pack4Sss, Unpack1H, Unpack2H,
            Unpack4H, Unpack1L, Unpack2L, Unpack4L, Pmin1U, Pmax1U, Pmin2, Pmax2, Psad1, Mpy4,
            Mpyshl4, Pshl2, Pshl4, Pshr2, Pshr4, Pshr2U, Pshr4U, Mux1, Mux2, Popcnt, Clz, Czx1L,
            Czx2L, Czx1R, Czx2R,
        ]
    };

    /// The operation for a form name (the canonical mnemonics of the table).
    pub(crate) fn from_name(name: &str) -> Option<MmOp> {
        use MmOp::*;
        Some(match name {
            "padd1" => Padd1,
            "padd1.sss" => Padd1Sss,
            "padd1.uuu" => Padd1Uuu,
            "padd1.uus" => Padd1Uus,
            "padd2" => Padd2,
            "padd2.sss" => Padd2Sss,
            "padd2.uuu" => Padd2Uuu,
            "padd2.uus" => Padd2Uus,
            "padd4" => Padd4,
            "psub1" => Psub1,
            "psub1.sss" => Psub1Sss,
            "psub1.uuu" => Psub1Uuu,
            "psub1.uus" => Psub1Uus,
            "psub2" => Psub2,
            "psub2.sss" => Psub2Sss,
            "psub2.uuu" => Psub2Uuu,
            "psub2.uus" => Psub2Uus,
            "psub4" => Psub4,
            "pavg1" => Pavg1,
            "pavg1.raz" => Pavg1Raz,
            "pavg2" => Pavg2,
            "pavg2.raz" => Pavg2Raz,
            "pavgsub1" => Pavgsub1,
            "pavgsub2" => Pavgsub2,
            "pcmp1.eq" => Pcmp1Eq,
            "pcmp1.gt" => Pcmp1Gt,
            "pcmp2.eq" => Pcmp2Eq,
            "pcmp2.gt" => Pcmp2Gt,
            "pcmp4.eq" => Pcmp4Eq,
            "pcmp4.gt" => Pcmp4Gt,
            "pshladd2" => Pshladd2,
            "pshradd2" => Pshradd2,
            "pmpyshr2" => Pmpyshr2,
            "pmpyshr2.u" => Pmpyshr2U,
            "pmpy2.r" => Pmpy2R,
            "pmpy2.l" => Pmpy2L,
            "mix1.r" => Mix1R,
            "mix2.r" => Mix2R,
            "mix4.r" => Mix4R,
            "mix1.l" => Mix1L,
            "mix2.l" => Mix2L,
            "mix4.l" => Mix4L,
            "pack2.uss" => Pack2Uss,
            "pack2.sss" => Pack2Sss,
            "pack4.sss" => Pack4Sss,
            "unpack1.h" => Unpack1H,
            "unpack2.h" => Unpack2H,
            "unpack4.h" => Unpack4H,
            "unpack1.l" => Unpack1L,
            "unpack2.l" => Unpack2L,
            "unpack4.l" => Unpack4L,
            "pmin1.u" => Pmin1U,
            "pmax1.u" => Pmax1U,
            "pmin2" => Pmin2,
            "pmax2" => Pmax2,
            "psad1" => Psad1,
            "mpy4" => Mpy4,
            "mpyshl4" => Mpyshl4,
            "pshl2" => Pshl2,
            "pshl4" => Pshl4,
            "pshr2" => Pshr2,
            "pshr4" => Pshr4,
            "pshr2.u" => Pshr2U,
            "pshr4.u" => Pshr4U,
            "mux1" => Mux1,
            "mux2" => Mux2,
            "popcnt" => Popcnt,
            "clz" => Clz,
            "czx1.l" => Czx1L,
            "czx2.l" => Czx2L,
            "czx1.r" => Czx1R,
            "czx2.r" => Czx2R,
            _ => return None,
        })
    }
}

/// Evaluates `op` on sources `a` (r2 or r3 as the form defines) and `b`, with the
/// count / permutation `n`.
pub(crate) fn eval(op: MmOp, a: u64, b: u64, n: u32) -> u64 {
    use MmOp::*;
    match op {
        Padd1 => addsub(a, b, 8, Sat::None, false),
        Padd1Sss => addsub(a, b, 8, Sat::Sss, false),
        Padd1Uuu => addsub(a, b, 8, Sat::Uuu, false),
        Padd1Uus => addsub(a, b, 8, Sat::Uus, false),
        Padd2 => addsub(a, b, 16, Sat::None, false),
        Padd2Sss => addsub(a, b, 16, Sat::Sss, false),
        Padd2Uuu => addsub(a, b, 16, Sat::Uuu, false),
        Padd2Uus => addsub(a, b, 16, Sat::Uus, false),
        Padd4 => addsub(a, b, 32, Sat::None, false),
        Psub1 => addsub(a, b, 8, Sat::None, true),
        Psub1Sss => addsub(a, b, 8, Sat::Sss, true),
        Psub1Uuu => addsub(a, b, 8, Sat::Uuu, true),
        Psub1Uus => addsub(a, b, 8, Sat::Uus, true),
        Psub2 => addsub(a, b, 16, Sat::None, true),
        Psub2Sss => addsub(a, b, 16, Sat::Sss, true),
        Psub2Uuu => addsub(a, b, 16, Sat::Uuu, true),
        Psub2Uus => addsub(a, b, 16, Sat::Uus, true),
        Psub4 => addsub(a, b, 32, Sat::None, true),
        Pavg1 | Pavg2 | Pavg1Raz | Pavg2Raz => {
            let w = if matches!(op, Pavg1 | Pavg1Raz) {
                8
            } else {
                16
            };
            let raz = matches!(op, Pavg1Raz | Pavg2Raz);
            lanes(w, |i| {
                let s = lane(a, w, i) + lane(b, w, i);
                // Default rounding ORs the shifted-out bit into the result's LSB;
                // .raz rounds halves up.
                if raz {
                    (s + 1) >> 1
                } else {
                    (s >> 1) | (s & 1)
                }
            })
        }
        Pavgsub1 | Pavgsub2 => {
            let w = if op == Pavgsub1 { 8 } else { 16 };
            lanes(w, |i| {
                let d = lane(a, w, i) as i64 - lane(b, w, i) as i64;
                ((d >> 1) | (d & 1)) as u64
            })
        }
        Pcmp1Eq | Pcmp2Eq | Pcmp4Eq => {
            let w = match op {
                Pcmp1Eq => 8,
                Pcmp2Eq => 16,
                _ => 32,
            };
            lanes(w, |i| {
                if lane(a, w, i) == lane(b, w, i) {
                    u64::MAX
                } else {
                    0
                }
            })
        }
        Pcmp1Gt | Pcmp2Gt | Pcmp4Gt => {
            let w = match op {
                Pcmp1Gt => 8,
                Pcmp2Gt => 16,
                _ => 32,
            };
            lanes(w, |i| {
                if slane(a, w, i) > slane(b, w, i) {
                    u64::MAX
                } else {
                    0
                }
            })
        }
        Pshladd2 => lanes(16, |i| sat_s((slane(a, 16, i) << n) + slane(b, 16, i), 16)),
        Pshradd2 => lanes(16, |i| sat_s((slane(a, 16, i) >> n) + slane(b, 16, i), 16)),
        Pmpyshr2 => lanes(16, |i| ((slane(a, 16, i) * slane(b, 16, i)) >> n) as u64),
        Pmpyshr2U => lanes(16, |i| (lane(a, 16, i) * lane(b, 16, i)) >> n),
        Pmpy2R => lanes(32, |i| (slane(a, 16, 2 * i) * slane(b, 16, 2 * i)) as u64),
        Pmpy2L => lanes(32, |i| {
            (slane(a, 16, 2 * i + 1) * slane(b, 16, 2 * i + 1)) as u64
        }),
        Mix1R | Mix2R | Mix4R | Mix1L | Mix2L | Mix4L => {
            let w = match op {
                Mix1R | Mix1L => 8,
                Mix2R | Mix2L => 16,
                _ => 32,
            };
            let left = matches!(op, Mix1L | Mix2L | Mix4L) as u32;
            // Even result lanes from r3, odd from r2; .r takes the sources' even
            // lanes, .l their odd lanes.
            lanes(w, |i| {
                if i & 1 == 0 {
                    lane(b, w, i + left)
                } else {
                    lane(a, w, i - 1 + left)
                }
            })
        }
        // r2's elements fill the low half, r3's the high half.
        Pack2Uss => lanes(8, |i| {
            if i < 4 {
                sat_u(slane(a, 16, i), 8)
            } else {
                sat_u(slane(b, 16, i - 4), 8)
            }
        }),
        Pack2Sss => lanes(8, |i| {
            if i < 4 {
                sat_s(slane(a, 16, i), 8)
            } else {
                sat_s(slane(b, 16, i - 4), 8)
            }
        }),
        Pack4Sss => lanes(16, |i| {
            if i < 2 {
                sat_s(slane(a, 32, i), 16)
            } else {
                sat_s(slane(b, 32, i - 2), 16)
            }
        }),
        Unpack1H | Unpack2H | Unpack4H | Unpack1L | Unpack2L | Unpack4L => {
            let w = match op {
                Unpack1H | Unpack1L => 8,
                Unpack2H | Unpack2L => 16,
                _ => 32,
            };
            let base = if matches!(op, Unpack1H | Unpack2H | Unpack4H) {
                32 / w
            } else {
                0
            };
            lanes(w, |i| {
                if i & 1 == 0 {
                    lane(b, w, base + i / 2)
                } else {
                    lane(a, w, base + i / 2)
                }
            })
        }
        Pmin1U => lanes(8, |i| lane(a, 8, i).min(lane(b, 8, i))),
        Pmax1U => lanes(8, |i| lane(a, 8, i).max(lane(b, 8, i))),
        Pmin2 => lanes(16, |i| slane(a, 16, i).min(slane(b, 16, i)) as u64),
        Pmax2 => lanes(16, |i| slane(a, 16, i).max(slane(b, 16, i)) as u64),
        Psad1 => (0..8).map(|i| lane(a, 8, i).abs_diff(lane(b, 8, i))).sum(),
        Mpy4 => (a & 0xffff_ffff) * (b & 0xffff_ffff),
        Mpyshl4 => ((a & 0xffff_ffff) * (b >> 32)) << 32,
        Pshl2 | Pshl4 => {
            let w = if op == Pshl2 { 16 } else { 32 };
            lanes(w, |i| {
                if b > (w as u64 - 1) {
                    0
                } else {
                    lane(a, w, i) << b
                }
            })
        }
        Pshr2 | Pshr4 => {
            let w = if op == Pshr2 { 16 } else { 32 };
            lanes(w, |i| (slane(a, w, i) >> b.min(w as u64 - 1)) as u64)
        }
        Pshr2U | Pshr4U => {
            let w = if op == Pshr2U { 16 } else { 32 };
            lanes(w, |i| {
                if b > (w as u64 - 1) {
                    0
                } else {
                    lane(a, w, i) >> b
                }
            })
        }
        Mux1 => {
            let perm: [u32; 8] = match n {
                0x0 => [0; 8],
                0x8 => [0, 4, 2, 6, 1, 5, 3, 7],
                0x9 => [0, 4, 1, 5, 2, 6, 3, 7],
                0xa => [0, 2, 4, 6, 1, 3, 5, 7],
                _ => [7, 6, 5, 4, 3, 2, 1, 0],
            };
            lanes(8, |i| lane(a, 8, perm[i as usize]))
        }
        Mux2 => lanes(16, |i| lane(a, 16, n >> (2 * i) & 3)),
        Popcnt => a.count_ones() as u64,
        Clz => a.leading_zeros() as u64,
        Czx1L => (0..8).find(|&i| lane(a, 8, 7 - i) == 0).unwrap_or(8) as u64,
        Czx2L => (0..4).find(|&i| lane(a, 16, 3 - i) == 0).unwrap_or(4) as u64,
        Czx1R => (0..8).find(|&i| lane(a, 8, i) == 0).unwrap_or(8) as u64,
        Czx2R => (0..4).find(|&i| lane(a, 16, i) == 0).unwrap_or(4) as u64,
    }
}

/// Two-source form `r1 = r2, r3` (also `pmpyshr2`, whose count is in `a`).
pub(crate) fn mm_rr(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r2);
    let (b, nb) = c.rn(o.r3);
    let op = MmOp::ALL[o.b as usize % MmOp::ALL.len()];
    c.w(o.r1, eval(op, a, b, o.a as u32), na | nb);
    Flow::Next
}

/// `pshladd2`/`pshradd2 r1 = r2, count, r3`.
pub(crate) fn mm_shadd(c: &mut Cpu, o: &Op) -> Flow {
    mm_rr(c, o)
}

/// Variable shifts `pshl r1 = r2, r3` / `pshr r1 = r3, r2`: the predecoder puts
/// the shifted source in `r2` and the count source in `r3`.
pub(crate) fn mm_shift(c: &mut Cpu, o: &Op) -> Flow {
    mm_rr(c, o)
}

/// Immediate shifts: count in `imm`.
pub(crate) fn mm_shift_imm(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r2);
    let op = MmOp::ALL[o.b as usize % MmOp::ALL.len()];
    c.w(o.r1, eval(op, a, o.imm, 0), na);
    Flow::Next
}

/// One-source forms (`mux1`, `mux2`, `popcnt`, `clz`, `czx`): source in `r2`.
pub(crate) fn mm_r(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r2);
    let op = MmOp::ALL[o.b as usize % MmOp::ALL.len()];
    c.w(o.r1, eval(op, a, 0, o.a as u32), na);
    Flow::Next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_discriminant_order() {
        for (i, op) in MmOp::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
        }
    }

    #[test]
    fn saturating_adds() {
        assert_eq!(eval(MmOp::Padd1, 0xff, 0x01, 0), 0x00);
        assert_eq!(eval(MmOp::Padd1Uuu, 0xff, 0x01, 0), 0xff);
        assert_eq!(eval(MmOp::Padd1Sss, 0x7f, 0x01, 0), 0x7f);
        assert_eq!(eval(MmOp::Psub2Sss, 0x8000, 0x0001, 0), 0x8000);
        assert_eq!(
            eval(MmOp::Psub1Uus, 0x05, 0xff, 0),
            0x06,
            "5 - (-1) unsigned"
        );
        assert_eq!(eval(MmOp::Padd4, 0xffff_ffff, 1, 0), 0);
    }

    #[test]
    fn permutations() {
        let x = 0x0706_0504_0302_0100u64;
        assert_eq!(eval(MmOp::Mux1, x, 0, 0xb), 0x0001_0203_0405_0607);
        assert_eq!(eval(MmOp::Mux1, x, 0, 0x0), 0);
        assert_eq!(eval(MmOp::Mux1, x, 0, 0x9), 0x0703_0602_0501_0400);
        assert_eq!(
            eval(MmOp::Mux2, 0x0003_0002_0001_0000, 0, 0x1b),
            0x0000_0001_0002_0003
        );
        let a = 0x1716_1514_1312_1110u64;
        assert_eq!(eval(MmOp::Mix1R, a, x, 0), 0x1606_1404_1202_1000);
        assert_eq!(eval(MmOp::Mix1L, a, x, 0), 0x1707_1505_1303_1101);
        assert_eq!(eval(MmOp::Unpack1L, a, x, 0), 0x1303_1202_1101_1000);
        assert_eq!(eval(MmOp::Unpack1H, a, x, 0), 0x1707_1606_1505_1404);
        assert_eq!(eval(MmOp::Mix4L, a, x, 0), 0x1716_1514_0706_0504);
    }

    #[test]
    fn misc() {
        assert_eq!(eval(MmOp::Czx1R, 0x1122_3344_5566_0077, 0, 0), 1);
        assert_eq!(eval(MmOp::Czx1L, 0x1100_3344_5566_7788, 0, 0), 1);
        assert_eq!(eval(MmOp::Czx2R, u64::MAX, 0, 0), 4);
        assert_eq!(
            eval(MmOp::Psad1, 0x0000_0000_0000_0a01, 0x0000_0000_0000_0103, 0),
            11
        );
        assert_eq!(eval(MmOp::Pack2Sss, 0x0000_0000_ff80_0100, 0, 0), 0x80_7f);
        assert_eq!(eval(MmOp::Pshr2, 0x8000, 20, 0), 0xffff);
        assert_eq!(eval(MmOp::Pavg1, 1, 2, 0), 1 | 1);
        assert_eq!(eval(MmOp::Pavg1Raz, 1, 2, 0), 2);
        assert_eq!(eval(MmOp::Mpyshl4, 3, 5 << 32, 0), 15 << 32);
        assert_eq!(eval(MmOp::Pmpy2R, 0xffff, 0x0002, 0), 0xffff_fffe);
    }
}
