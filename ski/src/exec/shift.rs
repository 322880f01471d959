//! Shifts and bit fields (SDM Vol 3 `shl`, `shr`, `shr.u`, `shrp`, `extr`,
//! `extr.u`, `dep`, `dep.z`). The `shl`/`shr` immediate pseudo-ops arrive here as
//! the `dep.z`/`extr` they encode.
//!
//! Op fields: `r1` target, `r2`/`r3` sources, `a` = pos (or shrp count), `b` = len,
//! `imm` the deposited immediate.

use super::Flow;
use crate::predecode::Op;
use crate::state::Cpu;

/// The low `len` bits set (len 1..=64).
#[inline(always)]
fn mask(len: u32) -> u64 {
    if len >= 64 {
        u64::MAX
    } else {
        (1u64 << len) - 1
    }
}

/// `shl r1 = r2, r3`.
pub(crate) fn shl(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r2);
    let (n, nn) = c.rn(o.r3);
    c.w(o.r1, if n > 63 { 0 } else { a << n }, na | nn);
    Flow::Next
}

/// `shr r1 = r3, r2` (arithmetic).
pub(crate) fn shr(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r3);
    let (n, nn) = c.rn(o.r2);
    c.w(o.r1, ((a as i64) >> n.min(63)) as u64, na | nn);
    Flow::Next
}

/// `shr.u r1 = r3, r2`.
pub(crate) fn shr_u(c: &mut Cpu, o: &Op) -> Flow {
    let (a, na) = c.rn(o.r3);
    let (n, nn) = c.rn(o.r2);
    c.w(o.r1, if n > 63 { 0 } else { a >> n }, na | nn);
    Flow::Next
}

/// `shrp r1 = r2, r3, count`: the 128-bit r2:r3 shifted right.
pub(crate) fn shrp(c: &mut Cpu, o: &Op) -> Flow {
    let (hi, nh) = c.rn(o.r2);
    let (lo, nl) = c.rn(o.r3);
    let n = o.a as u32;
    let v = if n == 0 {
        lo
    } else {
        (lo >> n) | (hi << (64 - n))
    };
    c.w(o.r1, v, nh | nl);
    Flow::Next
}

/// `extr.u r1 = r3, pos, len`.
pub(crate) fn extr_u(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r3);
    c.w(o.r1, (v >> o.a) & mask(o.b as u32), n);
    Flow::Next
}

/// `extr r1 = r3, pos, len` (sign-extended; bits beyond 63 read as the sign).
pub(crate) fn extr(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r3);
    let (pos, len) = (o.a as u32, o.b as u32);
    let r = if pos + len >= 64 {
        ((v as i64) >> pos) as u64
    } else {
        let sh = 64 - len;
        ((((v >> pos) << sh) as i64) >> sh) as u64
    };
    c.w(o.r1, r, n);
    Flow::Next
}

/// `dep.z r1 = r2, pos, len`.
pub(crate) fn dep_z(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r2);
    c.w(o.r1, (v & mask(o.b as u32)) << o.a, n);
    Flow::Next
}

/// `dep.z r1 = imm8, pos, len`.
pub(crate) fn dep_zi(c: &mut Cpu, o: &Op) -> Flow {
    c.w(o.r1, (o.imm & mask(o.b as u32)) << o.a, false);
    Flow::Next
}

/// `dep r1 = imm1, r3, pos, len` (imm is 0 or all ones).
pub(crate) fn dep_i(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r3);
    let m = mask(o.b as u32) << o.a;
    c.w(o.r1, (v & !m) | (o.imm & m), n);
    Flow::Next
}

/// `dep r1 = r2, r3, pos, len`.
pub(crate) fn dep(c: &mut Cpu, o: &Op) -> Flow {
    let (s, ns) = c.rn(o.r2);
    let (v, n) = c.rn(o.r3);
    let m = mask(o.b as u32) << o.a;
    c.w(o.r1, (v & !m) | ((s << o.a) & m), n | ns);
    Flow::Next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::nop;

    fn op(r1: u8, r2: u8, r3: u8, a: u8, b: u8, imm: u64) -> Op {
        Op {
            r1,
            r2,
            r3,
            a,
            b,
            imm,
            ..Op::new(nop, 0)
        }
    }

    #[test]
    fn fields() {
        let mut c = Cpu::new();
        c.w(2, 0xf0f0_0000_0000_00ff, false);
        extr(&mut c, &op(3, 0, 2, 60, 8, 0));
        assert_eq!(c.r(3), 0xffff_ffff_ffff_ffff, "sign bits beyond 63");
        extr_u(&mut c, &op(3, 0, 2, 4, 8, 0));
        assert_eq!(c.r(3), 0x0f);
        extr(&mut c, &op(3, 0, 2, 4, 4, 0));
        assert_eq!(c.r(3), u64::MAX, "0b1111 sign-extended");
        dep_z(&mut c, &op(3, 2, 0, 60, 8, 0));
        assert_eq!(c.r(3), 0xf000_0000_0000_0000);
        c.w(4, 0, false);
        dep(&mut c, &op(3, 2, 4, 8, 4, 0));
        assert_eq!(c.r(3), 0xf00);
        dep_i(&mut c, &op(3, 0, 4, 1, 3, u64::MAX));
        assert_eq!(c.r(3), 0xe);
    }

    #[test]
    fn shifts_saturate() {
        let mut c = Cpu::new();
        c.w(2, 0x8000_0000_0000_0000, false);
        c.w(3, 200, false);
        shr(&mut c, &op(4, 3, 2, 0, 0, 0));
        assert_eq!(c.r(4), u64::MAX);
        shr_u(&mut c, &op(4, 3, 2, 0, 0, 0));
        assert_eq!(c.r(4), 0);
        shl(&mut c, &op(4, 2, 3, 0, 0, 0));
        assert_eq!(c.r(4), 0);
        c.w(5, 1, true);
        shrp(&mut c, &op(6, 5, 2, 4, 0, 0));
        assert_eq!(c.rn(6), (0x1800_0000_0000_0000, true));
    }
}
