//! Integer ALU instructions (SDM Vol 3: `add`, `sub`, `addp4`, `and`, `andcm`,
//! `or`, `xor`, `shladd`, `shladdp4`, `adds`/`addl`, `movl`) and the sign/zero
//! extensions. NaT bits: the result's NaT is the OR of the sources' NaTs.
//!
//! Operand conventions (set by the predecoder): `r1` target, `r2`/`r3` sources,
//! `imm` the immediate (already sign-extended) or the `+1` of the three-operand
//! `add`/`sub`, `a` the shladd count.

use super::Flow;
use crate::predecode::Op;
use crate::state::Cpu;

macro_rules! rr {
    ($name:ident, |$a:ident, $b:ident, $o:ident| $e:expr) => {
        #[doc = concat!("`", stringify!($name), "` with two register sources.")]
        #[inline]
        pub(crate) fn $name(c: &mut Cpu, $o: &Op) -> Flow {
            let ($a, na) = c.rn($o.r2);
            let ($b, nb) = c.rn($o.r3);
            c.w($o.r1, $e, na | nb);
            Flow::Next
        }
    };
}

macro_rules! ir {
    ($name:ident, |$b:ident, $o:ident| $e:expr) => {
        #[doc = concat!("`", stringify!($name), "` with an immediate and a register source.")]
        #[inline]
        pub(crate) fn $name(c: &mut Cpu, $o: &Op) -> Flow {
            let ($b, nb) = c.rn($o.r3);
            c.w($o.r1, $e, nb);
            Flow::Next
        }
    };
}

/// The 32-bit pointer form of `sum`: its low 32 bits, with bits 31:30 of the
/// base `r3` copied to region bits 62:61 (SDM Vol 3 `addp4`).
#[inline]
fn p4(sum: u64, r3: u64) -> u64 {
    (sum & 0xffff_ffff) | (r3 >> 30 & 3) << 61
}

rr!(add, |a, b, o| a.wrapping_add(b).wrapping_add(o.imm));
rr!(sub, |a, b, o| a.wrapping_sub(b).wrapping_sub(o.imm));
rr!(addp4, |a, b, _o| p4(a.wrapping_add(b), b));
rr!(and, |a, b, _o| a & b);
rr!(andcm, |a, b, _o| a & !b);
rr!(or, |a, b, _o| a | b);
rr!(xor, |a, b, _o| a ^ b);
rr!(shladd, |a, b, o| (a << o.a).wrapping_add(b));
rr!(shladdp4, |a, b, o| p4((a << o.a).wrapping_add(b), b));
ir!(addi, |b, o| b.wrapping_add(o.imm));
ir!(subi, |b, o| o.imm.wrapping_sub(b));
ir!(andi, |b, o| o.imm & b);
ir!(andcmi, |b, o| o.imm & !b);
ir!(ori, |b, o| o.imm | b);
ir!(xori, |b, o| o.imm ^ b);
ir!(addp4i, |b, o| p4(b.wrapping_add(o.imm), b));
ir!(zxt1, |b, _o| b & 0xff);
ir!(zxt2, |b, _o| b & 0xffff);
ir!(zxt4, |b, _o| b & 0xffff_ffff);
ir!(sxt1, |b, _o| b as i8 as i64 as u64);
ir!(sxt2, |b, _o| b as i16 as i64 as u64);
ir!(sxt4, |b, _o| b as i32 as i64 as u64);

/// `mov r1 = r3` (the `adds r1 = 0, r3` encoding).
#[inline]
pub(crate) fn mov(c: &mut Cpu, o: &Op) -> Flow {
    let (v, n) = c.rn(o.r3);
    c.w(o.r1, v, n);
    Flow::Next
}

/// `mov r1 = imm` / `movl r1 = imm64`.
#[inline]
pub(crate) fn movi(c: &mut Cpu, o: &Op) -> Flow {
    c.w(o.r1, o.imm, false);
    Flow::Next
}

#[cfg(test)]
mod tests {
    use super::p4;

    #[test]
    fn addp4_moves_region_bits() {
        assert_eq!(p4(0x8000_1234, 0x8000_0000), 2 << 61 | 0x8000_1234);
        assert_eq!(p4(0x1_4000_0000, 0x4000_0000), 1 << 61 | 0x4000_0000);
        assert_eq!(p4(0xffff_ffff_0000_0010, 0), 0x10);
    }
}
