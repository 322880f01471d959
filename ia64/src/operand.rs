//! Operand kinds: where each operand lives in an instruction slot, how its field
//! bits map to a value, and how it is written in assembly.
//!
//! Field positions follow the instruction format descriptions of SDM Vol. 3 Ch. 4
//! (e.g. format A5's `imm22` is `s` at bit 36, `imm9d` at 35:27, `imm5c` at 26:22 and
//! `imm7b` at 19:13). A field made of several pieces is listed low part first: the
//! first piece supplies the value's least significant bits.

/// Added to a piece's bit position when the piece lives in the L slot of an MLX
/// bundle (the X-unit instruction's other half).
pub const L_SLOT: u8 = 64;

/// A contiguous run of bits in a slot: `len` bits starting at bit `lo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Lowest bit position (add [`L_SLOT`] for a piece in the L slot).
    pub lo: u8,
    /// Number of bits.
    pub len: u8,
}

/// How the concatenated field bits become the operand's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Xform {
    /// The field, unsigned.
    Unsigned,
    /// The field, sign-extended from its total width.
    Signed,
    /// The field sign-extended, then shifted left by the given amount (branch
    /// displacements are in bundles: shift 4).
    SignedShl(u8),
    /// The field plus one (lengths and counts stored minus one).
    PlusOne,
    /// 63 minus the field (bit positions stored complemented, e.g. `dep`'s `cpos`).
    From63,
    /// The field times eight (`alloc`'s `sor`, stored in units of 8 registers).
    Times8,
    /// The field indexes a list of values; values outside the list are reserved.
    Map(&'static [i64]),
    /// One value held twice: the field's low and high halves must be equal (a
    /// register written in two fields, as `fmerge.s f1=f3,f3` is `mov f1=f3`);
    /// unequal halves are reserved for the form.
    Twice,
    /// An `fclass9` class mask (SDM Vol. 3 `fclass`: bits 1:0 are the signs,
    /// 5:2 zero/unnormal/normal/infinity, 8:6 NaNs and NaTVal). The field is the
    /// value, both ways; GNU as's rule that a mask naming classes but no sign
    /// means both signs is [`gas_fclass_mask`], applied by the assembler.
    ClassSigns,
    /// A shift count kept in two equal halves, a position (low half) and a length
    /// minus one (high half), tied by length = 64 − count: the `shr`/`shl`
    /// pseudo-ops of `extr` and `dep.z`. The value is the low half (63 minus it
    /// when the position is stored complemented, `cpos`); a high half other than
    /// 63 − value is reserved, so the underlying instruction is printed instead.
    ShiftCount {
        /// The position half holds 63 − count (`dep.z`'s `cpos6c`).
        cpos: bool,
    },
}

/// How an operand is written in assembly, and what register file it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// General register `rN`.
    Gr,
    /// Floating-point register `fN`.
    Fr,
    /// Predicate register `pN`.
    Pr,
    /// Branch register `bN`.
    Br,
    /// Application register, by number (`ar.lc`, `ar44` style names).
    Ar,
    /// Control register, by number (`cr.ipsr` style names).
    Cr,
    /// Memory operand `[rN]`.
    Mem,
    /// An indirect register file indexed by a general register, e.g. `rr[r3]`.
    Indirect(&'static str),
    /// A fixed operand with no field, written literally (`psr.l`, `ar.pfs`, `pr`).
    Fixed(&'static str),
    /// An immediate printed as a signed decimal.
    Dec,
    /// An immediate printed in hexadecimal as a 64-bit two's complement value.
    Hex,
    /// An IP-relative target, printed as an address.
    Target,
    /// `mux1`'s permutation type, printed by name (`@rev`).
    Mbtype,
}

/// Full description of one operand kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpndSpec {
    /// How the operand is written.
    pub class: Class,
    /// The field's pieces, low part first. Empty for a fixed operand.
    pub pieces: &'static [Piece],
    /// How the field bits map to the value.
    pub xform: Xform,
}

/// `mux1` permutation names by `mbtype4` value (SDM Vol. 3 `mux` page).
pub const MBTYPE_NAMES: [Option<&str>; 16] = [
    Some("@brcst"),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some("@mix"),
    Some("@shuf"),
    Some("@alt"),
    Some("@rev"),
    None,
    None,
    None,
    None,
];

macro_rules! opnds {
    ($( $(#[doc = $doc:literal])* $name:ident => $class:expr, [$($lo:expr, $len:expr);*], $x:expr; )*) => {
        /// Every operand kind of the instruction table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(non_camel_case_types)]
        #[repr(u8)]
        pub enum Opnd {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Opnd {
            /// Every kind, in declaration order (`Opnd::ALL[k as usize] == k`).
            pub const ALL: &'static [Opnd] = &[$(Opnd::$name),*];

            /// The kind's full description.
            pub const fn spec(self) -> OpndSpec {
                match self {
                    $( Opnd::$name => OpndSpec {
                        class: $class,
                        pieces: &[$(Piece { lo: $lo, len: $len }),*],
                        xform: $x,
                    }, )*
                }
            }
        }
    };
}

use Class::*;
use Xform::*;

opnds! {
    /// `r1`: general register in bits 12:6.
    R1 => Gr, [6, 7], Unsigned;
    /// `r2`: general register in bits 19:13.
    R2 => Gr, [13, 7], Unsigned;
    /// `r3`: general register in bits 26:20.
    R3 => Gr, [20, 7], Unsigned;
    /// `r3` of format A5 (`addl`): only r0..r3, in bits 21:20.
    R3_2 => Gr, [20, 2], Unsigned;
    /// `f1`: floating-point register in bits 12:6.
    F1 => Fr, [6, 7], Unsigned;
    /// `f2`: floating-point register in bits 19:13.
    F2 => Fr, [13, 7], Unsigned;
    /// `f3`: floating-point register in bits 26:20.
    F3 => Fr, [20, 7], Unsigned;
    /// `f4`: floating-point register in bits 33:27.
    F4 => Fr, [27, 7], Unsigned;
    /// `p1`: predicate in bits 11:6.
    P1 => Pr, [6, 6], Unsigned;
    /// `p2`: predicate in bits 32:27.
    P2 => Pr, [27, 6], Unsigned;
    /// `b1`: branch register in bits 8:6.
    B1 => Br, [6, 3], Unsigned;
    /// `b2`: branch register in bits 15:13.
    B2 => Br, [13, 3], Unsigned;
    /// `ar3`: application register number in bits 26:20.
    AR3 => Ar, [20, 7], Unsigned;
    /// `cr3`: control register number in bits 26:20.
    CR3 => Cr, [20, 7], Unsigned;
    /// `[r3]`: memory addressed by the general register in bits 26:20.
    MEM => Mem, [20, 7], Unsigned;
    /// `cpuid[r3]`.
    CPUID_R3 => Indirect("cpuid"), [20, 7], Unsigned;
    /// `dbr[r3]`.
    DBR_R3 => Indirect("dbr"), [20, 7], Unsigned;
    /// `ibr[r3]`.
    IBR_R3 => Indirect("ibr"), [20, 7], Unsigned;
    /// `pkr[r3]`.
    PKR_R3 => Indirect("pkr"), [20, 7], Unsigned;
    /// `pmc[r3]`.
    PMC_R3 => Indirect("pmc"), [20, 7], Unsigned;
    /// `pmd[r3]`.
    PMD_R3 => Indirect("pmd"), [20, 7], Unsigned;
    /// `rr[r3]`.
    RR_R3 => Indirect("rr"), [20, 7], Unsigned;
    /// `msr[r3]`.
    MSR_R3 => Indirect("msr"), [20, 7], Unsigned;
    /// `dtr[r3]` (`itr.d`).
    DTR_R3 => Indirect("dtr"), [20, 7], Unsigned;
    /// `itr[r3]` (`itr.i`).
    ITR_R3 => Indirect("itr"), [20, 7], Unsigned;
    /// `psr`.
    PSR => Fixed("psr"), [], Unsigned;
    /// `psr.l`.
    PSR_L => Fixed("psr.l"), [], Unsigned;
    /// `psr.um`.
    PSR_UM => Fixed("psr.um"), [], Unsigned;
    /// `ip`.
    IP => Fixed("ip"), [], Unsigned;
    /// `pr`.
    PR => Fixed("pr"), [], Unsigned;
    /// `pr.rot`.
    PR_ROT => Fixed("pr.rot"), [], Unsigned;
    /// `ar.pfs` (`alloc`).
    AR_PFS => Fixed("ar.pfs"), [], Unsigned;
    /// `ar.ccv` (`cmpxchg`).
    AR_CCV => Fixed("ar.ccv"), [], Unsigned;
    /// `ar.csd` (`ld16`, `st16`, `cmp8xchg16`).
    AR_CSD => Fixed("ar.csd"), [], Unsigned;
    /// `imm8`: `s` (36) and `imm7b` (19:13), signed (formats A3, A8, I27, M30).
    IMM8 => Dec, [13, 7; 36, 1], Signed;
    /// `imm14`: `imm7b`, `imm6d` (32:27), `s` (36), signed (format A4).
    IMM14 => Dec, [13, 7; 27, 6; 36, 1], Signed;
    /// `imm22`: `imm7b`, `imm9d` (35:27), `imm5c` (26:22), `s` (36) (format A5).
    IMM22 => Dec, [13, 7; 27, 9; 22, 5; 36, 1], Signed;
    /// `imm9` of a load or `lfetch` with immediate post-increment: `imm7b`, `i` (27), `s` (36).
    IMM9B => Dec, [13, 7; 27, 1; 36, 1], Signed;
    /// `imm9` of a store with immediate post-increment: `imm7a` (12:6), `i` (27), `s` (36).
    IMM9A => Dec, [6, 7; 27, 1; 36, 1], Signed;
    /// `imm21` of `break`/`nop`/`hint`: `imm20a` (25:6), `i` (36), unsigned.
    IMM21 => Hex, [6, 20; 36, 1], Unsigned;
    /// `imm24` of `sum`/`rum`/`ssm`/`rsm`: `imm21a` (26:6), `i2d` (32:31), `i` (36).
    IMM24 => Hex, [6, 21; 31, 2; 36, 1], Unsigned;
    /// `imm44` of `mov pr.rot=`: `imm27a` (32:6), `s` (36), scaled by 2^16.
    IMM44 => Hex, [6, 27; 36, 1], SignedShl(16);
    /// `mask17` of `mov pr=r2,mask`: `mask7a` (12:6), `mask8c` (31:24), `s` (36), scaled by 2.
    MASK17 => Hex, [6, 7; 24, 8; 36, 1], SignedShl(1);
    /// `imm1` of `dep r1=imm1,...`: `s` (36), -1 or 0.
    IMM1 => Dec, [36, 1], Signed;
    /// `imm2` of `probe` (14:13).
    IMM2 => Dec, [13, 2], Unsigned;
    /// `imm62` of `break.x`/`nop.x`/`hint.x`: `imm20a`, `i` (36), the L slot's `imm41`
    /// (`i` is bit 20 of the value, as in `imm21`; GNU as and objdump agree on this).
    IMM62 => Hex, [6, 20; 36, 1; L_SLOT, 41], Unsigned;
    /// `imm64` of `movl`: `imm7b`, `imm9d`, `imm5c`, `ic` (21), the L slot's `imm41`, `i` (36).
    IMM64 => Hex, [13, 7; 27, 9; 22, 5; 21, 1; L_SLOT, 41; 36, 1], Unsigned;
    /// `count2` of `shladd`/`shladdp4`: `ct2d` (28:27), stored minus one.
    COUNT2 => Dec, [27, 2], PlusOne;
    /// `count2` of `pmpyshr2`: `ct2d` (31:30) selects 0, 7, 15 or 16.
    COUNT2_PMPY => Dec, [30, 2], Map(&[0, 7, 15, 16]);
    /// `count5` of `pshr`/`pshl` immediate forms in bits 18:14 (`count5b`).
    COUNT5B => Dec, [14, 5], Unsigned;
    /// `count5` of `pshl` immediate form in bits 24:20 (`ccount5c`, stored as 31 - count).
    CCOUNT5C => Dec, [20, 5], Map(&[31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    /// `count6` of `shr`/`shl`-style immediates and `shrp` (32:27, `count6d`).
    COUNT6D => Dec, [27, 6], Unsigned;
    /// `pos6` in bits 19:14 (`pos6b`: `extr`, `tbit`).
    POS6B => Dec, [14, 6], Unsigned;
    /// `len6` in bits 32:27 (`len6d`), stored minus one.
    LEN6D => Dec, [27, 6], PlusOne;
    /// `len4` in bits 30:27 (`len4d`, format I15 `dep`), stored minus one.
    LEN4D => Dec, [27, 4], PlusOne;
    /// `pos6` stored as 63 - pos in bits 25:20 (`cpos6c`: `dep.z`).
    CPOS6C => Dec, [20, 6], From63;
    /// `pos6` stored as 63 - pos in bits 19:14 (`cpos6b`: `dep` with `imm1`).
    CPOS6B => Dec, [14, 6], From63;
    /// `pos6` stored as 63 - pos in bits 36:31 (`cpos6d`: format I15 `dep`).
    CPOS6D => Dec, [31, 6], From63;
    /// `mbtype4` of `mux1` (23:20), by name.
    MBTYPE4 => Mbtype, [20, 4], Unsigned;
    /// `mhtype8` of `mux2` (27:20).
    MHTYPE8 => Hex, [20, 8], Unsigned;
    /// `inc3` of `fetchadd`: `i2b` (14:13) and `s` (15) select ±16, ±8, ±4, ±1.
    INC3 => Dec, [13, 3], Map(&[16, 8, 4, 1, -16, -8, -4, -1]);
    /// `sof` of `alloc` (19:13): size of frame.
    SOF => Dec, [13, 7], Unsigned;
    /// `sol` of `alloc` (26:20): size of locals (inputs + locals).
    SOL => Dec, [20, 7], Unsigned;
    /// `sor` of `alloc` (30:27): size of the rotating region, in units of 8.
    SOR => Dec, [27, 4], Times8;
    /// `target25`: `imm20b` (32:13), `s` (36), in bundles (formats B1, B3, B6, M22, I20).
    TGT25 => Target, [13, 20; 36, 1], SignedShl(4);
    /// `target25` of `chk.s.m` (format M20): `imm7a` (12:6), `imm13c` (32:20), `s` (36).
    TGT25C => Target, [6, 7; 20, 13; 36, 1], SignedShl(4);
    /// `target25` of `fchkf` (format F14): `imm20a` (25:6), `s` (36).
    TGT25F => Target, [6, 20; 36, 1], SignedShl(4);
    /// `target64` of `brl`: `imm20b`, the L slot's `imm39` (40:2), `i` (36).
    TGT64 => Target, [13, 20; L_SLOT + 2, 39; 36, 1], SignedShl(4);
    /// `tag13` of `brp` (format B6/B7): `timm7a` (12:6), `t2e` (34:33).
    TAG13 => Target, [6, 7; 33, 2], SignedShl(4);
    /// `tag13` of `mov b1=r2,tag` (format I21): `timm9c` (32:24).
    TAG13B => Target, [24, 9], SignedShl(4);
    /// `fclass9` of `fclass` (format F5): `fc2` (34:33) is the low two bits,
    /// `fclass7c` (26:20) the high seven.
    FCLASS9 => Hex, [33, 2; 20, 7], ClassSigns;
    /// `amask7` of `fsetc` (format F12, `amask7b`: 19:13).
    AMASK7 => Hex, [13, 7], Unsigned;
    /// `omask7` of `fsetc` (format F12, `omask7c`: 26:20).
    OMASK7 => Hex, [20, 7], Unsigned;
    // -- further kinds are added below this line --
    /// `r0` written literally: the first source of a parallel compare against zero
    /// (format A7), whose `r2` field (19:13) binutils does not check.
    GR0 => Fixed("r0"), [], Unsigned;
    /// The `1` of `add r1=r2,r3,1` and `sub r1=r2,r3,1` (format A1), written literally.
    ONE => Fixed("1"), [], Unsigned;
    /// `imm8` (`imm7b`, `s`) of the assembler's `cmp.le`/`cmp.gt` immediate pseudo-ops:
    /// the field holds the written value minus one.
    IMM8_M1 => Dec, [13, 7; 36, 1], Map(&crate::table::a::IMM8_M1_VALUES);
    /// `imm8` of the assembler's `cmp.leu`/`cmp.gtu` immediate pseudo-ops: value minus
    /// one, 0 excluded.
    IMM8_M1_U => Dec, [13, 7; 36, 1], Map(&crate::table::a::IMM8_M1_U_VALUES);
    /// `imm8` of `cmp4.ltu`/`cmp4.geu` written as a 32-bit unsigned number.
    IMM8_U4 => Dec, [13, 7; 36, 1], Map(&crate::table::a::IMM8_U4_VALUES);
    /// `imm8` of `cmp4.leu`/`cmp4.gtu` written as a 32-bit unsigned number, minus one.
    IMM8_M1_U4 => Dec, [13, 7; 36, 1], Map(&crate::table::a::IMM8_M1_U4_VALUES);
    /// `r3` (26:20) other than r0..r3: the assembler's `add r1=imm14,r3` (`adds`).
    R3_NOT_R0_3 => Gr, [20, 7], Map(&crate::table::a::R3_FROM4_VALUES);
    /// `r3` (26:20) other than r0: the assembler's swapped parallel compares against r0.
    R3_NOT_R0 => Gr, [20, 7], Map(&crate::table::a::R3_FROM1_VALUES);
    /// The post-increment of `ldfps` with base update (format M12): implied by the
    /// access size, 8 bytes; written literally.
    POSTINC8 => Fixed("8"), [], Unsigned;
    /// The post-increment of `ldfp8`/`ldfpd` with base update (format M12): 16 bytes.
    POSTINC16 => Fixed("16"), [], Unsigned;
    /// `count` of `lfetch.count` (Itanium 9500): bits 11:6, stored minus one (1..=64 lines).
    LFETCH_COUNT => Dec, [6, 6], PlusOne;
    /// `stride` of `lfetch.count` (Itanium 9500): bits 17:13, signed, in 64-byte lines.
    LFETCH_STRIDE => Dec, [13, 5], SignedShl(6);
    /// `f3` of `mov f1=f3` (format F9 `fmerge.s f1=f3,f3`): `f3` (26:20) and `f2`
    /// (19:13) must name the same register.
    F3_TWICE => Fr, [20, 7; 13, 7], Twice;
    /// `f0` written literally: `mov f1=f0`, `fneg f1=f0` (format F9 with `f2` = `f3` = 0).
    F0 => Fixed("f0"), [], Unsigned;
    /// `imm19` of `hint.m` (format M48 as binutils 2.40 encodes it): bits 9:6, 25:12
    /// and `i` (36); bits 11:10 select between `hint.m` (0) and `mov dahr` (1).
    IMM19_HINT_M => Dec, [6, 4; 12, 14; 36, 1], Unsigned;
    /// `imm16` of `mov dahrN=imm16` (Itanium 9500): bits 9:6, 22:12 and `i` (36).
    IMM16_DAHR => Dec, [6, 4; 12, 11; 36, 1], Unsigned;
    /// `dahr[r3]`: data access hint register indexed by the general register in 26:20.
    DAHR_R3 => Indirect("dahr"), [20, 7], Unsigned;
    /// `dahr0` (`mov dahrN=imm16` fixes N in bits 25:23 of its opcode).
    DAHR0 => Fixed("dahr0"), [], Unsigned;
    /// `dahr1`.
    DAHR1 => Fixed("dahr1"), [], Unsigned;
    /// `dahr2`.
    DAHR2 => Fixed("dahr2"), [], Unsigned;
    /// `dahr3`.
    DAHR3 => Fixed("dahr3"), [], Unsigned;
    /// `dahr4`.
    DAHR4 => Fixed("dahr4"), [], Unsigned;
    /// `dahr5`.
    DAHR5 => Fixed("dahr5"), [], Unsigned;
    /// `dahr6`.
    DAHR6 => Fixed("dahr6"), [], Unsigned;
    /// `dahr7`.
    DAHR7 => Fixed("dahr7"), [], Unsigned;
    /// `imm5` of `tf` (format I30, Itanium 9500): `imm5b` (18:14) names feature bit 32..=63.
    IMM5B_32 => Dec, [14, 5], Map(&[32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63]);
    /// Count of the `shr`/`shr.u` pseudo-ops of `extr`: `pos6b` (19:14) with `len6d` (32:27) = 63 − count.
    SHR_COUNT => Dec, [14, 6; 27, 6], ShiftCount { cpos: false };
    /// Count of the `shl` pseudo-op of `dep.z`: `cpos6c` (25:20) and `len6d` (32:27) both 63 − count.
    SHL_COUNT => Dec, [20, 6; 27, 6], ShiftCount { cpos: true };
}

impl Opnd {
    /// Total width in bits of the operand's field (0 for a fixed operand).
    pub const fn width(self) -> u32 {
        let pieces = self.spec().pieces;
        let mut w = 0;
        let mut i = 0;
        while i < pieces.len() {
            w += pieces[i].len as u32;
            i += 1;
        }
        w
    }

    /// The mask of the operand's bits in the instruction's own slot (pieces in the
    /// L slot are not included).
    pub const fn slot_mask(self) -> u64 {
        let pieces = self.spec().pieces;
        let mut m = 0u64;
        let mut i = 0;
        while i < pieces.len() {
            if pieces[i].lo < L_SLOT {
                m |= ((1u64 << pieces[i].len) - 1) << pieces[i].lo;
            }
            i += 1;
        }
        m
    }

    /// The concatenated raw field bits from a slot (and the L slot for X-unit forms).
    #[inline]
    pub fn field(self, slot: u64, lslot: u64) -> u64 {
        let mut v = 0u64;
        let mut at = 0u32;
        for pc in self.spec().pieces {
            let (src, lo) = if pc.lo >= L_SLOT {
                (lslot, pc.lo - L_SLOT)
            } else {
                (slot, pc.lo)
            };
            let bits = (src >> lo) & ((1u64 << pc.len) - 1);
            v |= bits << at;
            at += pc.len as u32;
        }
        v
    }

    /// The operand's value from its raw field bits, or `None` if the field holds a
    /// reserved value (only [`Xform::Map`] has those).
    #[inline]
    pub fn value_of_field(self, field: u64) -> Option<i64> {
        let spec = self.spec();
        let w = self.width();
        Some(match spec.xform {
            Xform::Unsigned => field as i64,
            Xform::Signed => sext(field, w),
            Xform::SignedShl(s) => sext(field, w).wrapping_shl(s as u32),
            Xform::PlusOne => field as i64 + 1,
            Xform::From63 => 63 - field as i64,
            Xform::Times8 => field as i64 * 8,
            Xform::Map(vals) => *vals.get(field as usize)?,
            Xform::ClassSigns => field as i64,
            Xform::Twice => {
                let half = field & ((1u64 << (w / 2)) - 1);
                if field >> (w / 2) != half {
                    return None;
                }
                half as i64
            }
            Xform::ShiftCount { cpos } => {
                let half = w / 2;
                let max = (1u64 << half) - 1;
                let (pos, len) = (field & max, field >> half);
                let count = if cpos { max - pos } else { pos };
                return (len == max - count).then_some(count as i64);
            }
        })
    }

    /// The raw field bits for a value, or `None` if the value is out of range or
    /// not representable (for example a misaligned branch displacement).
    pub fn field_of_value(self, value: i64) -> Option<u64> {
        let spec = self.spec();
        let w = self.width();
        let fmax: u64 = if w >= 64 { u64::MAX } else { (1u64 << w) - 1 };
        let in_unsigned = |v: i64| -> Option<u64> {
            if w >= 64 || (v >= 0 && (v as u64) <= fmax) {
                Some(v as u64)
            } else {
                None
            }
        };
        let in_signed = |v: i64| -> Option<u64> {
            if w >= 64 {
                return Some(v as u64);
            }
            let min = -(1i64 << (w - 1));
            let max = (1i64 << (w - 1)) - 1;
            (min..=max).contains(&v).then_some((v as u64) & fmax)
        };
        match spec.xform {
            Xform::Unsigned => in_unsigned(value),
            Xform::Signed => in_signed(value),
            Xform::SignedShl(s) => {
                if value & ((1i64 << s) - 1) != 0 {
                    return None;
                }
                in_signed(value >> s)
            }
            Xform::PlusOne => in_unsigned(value.checked_sub(1)?),
            Xform::From63 => in_unsigned(63i64.checked_sub(value)?),
            Xform::Times8 => {
                if value % 8 != 0 {
                    return None;
                }
                in_unsigned(value / 8)
            }
            Xform::Map(vals) => vals.iter().position(|&v| v == value).map(|i| i as u64),
            Xform::ClassSigns => in_unsigned(value),
            Xform::Twice => (0..1i64 << (w / 2))
                .contains(&value)
                .then(|| (value as u64) << (w / 2) | value as u64),
            Xform::ShiftCount { cpos } => {
                let half = w / 2;
                let max = (1i64 << half) - 1;
                if !(0..=max).contains(&value) {
                    return None;
                }
                let pos = if cpos { max - value } else { value };
                Some((pos | ((max - value) << half)) as u64)
            }
        }
    }

    /// The range of values the operand accepts, for error messages: `(min, max)`.
    pub fn range(self) -> (i64, i64) {
        let w = self.width();
        let spec = self.spec();
        let umax = if w >= 63 { i64::MAX } else { (1i64 << w) - 1 };
        let (smin, smax) = if w >= 64 {
            (i64::MIN, i64::MAX)
        } else if w == 0 {
            (0, 0)
        } else {
            (-(1i64 << (w - 1)), (1i64 << (w - 1)) - 1)
        };
        match spec.xform {
            Xform::Unsigned => (0, umax),
            Xform::Signed => (smin, smax),
            Xform::SignedShl(s) => (smin.wrapping_shl(s as u32), smax.wrapping_shl(s as u32)),
            Xform::PlusOne => (1, umax + 1),
            Xform::From63 => (63 - umax, 63),
            Xform::Times8 => (0, umax * 8),
            Xform::Map(vals) => (
                vals.iter().copied().min().unwrap_or(0),
                vals.iter().copied().max().unwrap_or(0),
            ),
            Xform::ShiftCount { .. } => (0, (1i64 << (w / 2)) - 1),
            Xform::Twice => (0, (1i64 << (w / 2)) - 1),
            Xform::ClassSigns => (0, umax),
        }
    }

    /// Writes `field` back into a slot (and the L slot) at the operand's pieces.
    pub fn insert(self, field: u64, slot: &mut u64, lslot: &mut u64) {
        let mut at = 0u32;
        for pc in self.spec().pieces {
            let m = (1u64 << pc.len) - 1;
            let bits = (field >> at) & m;
            if pc.lo >= L_SLOT {
                let lo = pc.lo - L_SLOT;
                *lslot = (*lslot & !(m << lo)) | (bits << lo);
            } else {
                *slot = (*slot & !(m << pc.lo)) | (bits << pc.lo);
            }
            at += pc.len as u32;
        }
    }

    /// Whether the operand names a register that is written when it is an output.
    pub const fn is_register(self) -> bool {
        matches!(
            self.spec().class,
            Class::Gr | Class::Fr | Class::Pr | Class::Br | Class::Ar | Class::Cr
        )
    }
}

/// The `fclass` mask GNU as encodes for a written mask: one that names classes
/// (bits 5:2) but neither sign gets both signs (`0x10` becomes `0x13`). The
/// encoder itself is exact; the assembler applies this when it parses `fclass`.
pub const fn gas_fclass_mask(v: u64) -> u64 {
    if v & 0x3 == 0 && v & 0x3c != 0 {
        v | 0x3
    } else {
        v
    }
}

/// Sign-extends the low `width` bits of `v`.
#[inline]
pub const fn sext(v: u64, width: u32) -> i64 {
    if width == 0 || width >= 64 {
        return v as i64;
    }
    let sh = 64 - width;
    ((v << sh) as i64) >> sh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_the_manual() {
        assert_eq!(Opnd::IMM8.width(), 8);
        assert_eq!(Opnd::IMM14.width(), 14);
        assert_eq!(Opnd::IMM22.width(), 22);
        assert_eq!(Opnd::IMM21.width(), 21);
        assert_eq!(Opnd::IMM24.width(), 24);
        assert_eq!(Opnd::IMM62.width(), 62);
        assert_eq!(Opnd::IMM64.width(), 64);
        assert_eq!(Opnd::TGT25.width(), 21);
        assert_eq!(Opnd::TGT64.width(), 60);
        assert_eq!(Opnd::MASK17.width(), 16);
    }

    #[test]
    fn field_value_round_trip() {
        for op in [
            Opnd::IMM14,
            Opnd::IMM22,
            Opnd::IMM9A,
            Opnd::TGT25,
            Opnd::INC3,
        ] {
            let (lo, hi) = op.range();
            for v in [lo, hi, 0, -1, 1] {
                if let Some(f) = op.field_of_value(v) {
                    assert_eq!(op.value_of_field(f), Some(v), "{op:?} {v}");
                }
            }
            assert!(op.field_of_value(hi.saturating_add(16)).is_none(), "{op:?}");
        }
        assert_eq!(Opnd::TGT25.field_of_value(8), None, "misaligned target");
        assert_eq!(Opnd::COUNT2.field_of_value(0), None);
        assert_eq!(Opnd::COUNT2.field_of_value(4), Some(3));
        assert_eq!(Opnd::CPOS6C.value_of_field(60), Some(3));
    }

    #[test]
    fn insert_then_extract() {
        let mut s = 0u64;
        let mut l = 0u64;
        let f = Opnd::IMM64.field_of_value(0x1234_5678_9abc_def0).unwrap();
        Opnd::IMM64.insert(f, &mut s, &mut l);
        assert_eq!(Opnd::IMM64.field(s, l), f);
        assert_eq!(s & !Opnd::IMM64.slot_mask(), 0);
        assert_eq!(l >> 41, 0);
    }
}
