//! One instruction form: a row of the instruction table.
//!
//! A form fixes a mnemonic, the unit type it executes on, the opcode bits that
//! identify it (`opcode` under `mask`), its operands in assembly order (the first
//! `outputs` of them stand left of `=`), and its variable completers: fields whose
//! value selects a suffix of the mnemonic (load hints, branch hints, `.sf`).

use crate::bundle::SlotUnit;
use crate::operand::Opnd;

/// The instruction type of a form (SDM Vol. 3 Table 3-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// Integer ALU: runs in an M or an I slot.
    A,
    /// Non-ALU integer: I slot.
    I,
    /// Memory: M slot.
    M,
    /// Branch: B slot.
    B,
    /// Floating point: F slot.
    F,
    /// Long immediate: the L+X slot pair of an MLX bundle.
    X,
}

impl Unit {
    /// Whether an instruction of this type may sit in a slot of type `slot` (SDM
    /// Vol. 3 Table 3-1: A-type instructions run in M and I slots).
    pub const fn runs_in(self, slot: SlotUnit) -> bool {
        matches!(
            (self, slot),
            (Unit::A, SlotUnit::M | SlotUnit::I)
                | (Unit::M, SlotUnit::M)
                | (Unit::I, SlotUnit::I)
                | (Unit::F, SlotUnit::F)
                | (Unit::B, SlotUnit::B)
                | (Unit::X, SlotUnit::X)
        )
    }
}

/// A variable completer: a field whose value picks a suffix of the mnemonic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Completer {
    /// Lowest bit of the field in the slot.
    pub lo: u8,
    /// Width of the field.
    pub len: u8,
    /// Suffix for each field value (`""` for none); `None` marks a reserved value.
    pub names: &'static [Option<&'static str>],
}

impl Completer {
    /// The field's mask in the slot.
    pub const fn mask(&self) -> u64 {
        ((1u64 << self.len) - 1) << self.lo
    }

    /// The field value of a slot.
    #[inline]
    pub const fn field(&self, slot: u64) -> u64 {
        (slot >> self.lo) & ((1u64 << self.len) - 1)
    }

    /// The suffix for a field value, `None` if reserved.
    #[inline]
    pub fn name(&self, value: u64) -> Option<&'static str> {
        self.names.get(value as usize).copied().flatten()
    }
}

/// Properties of a form that the assembler and the dependency checker need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Flags(pub u16);

impl Flags {
    /// No special properties.
    pub const NONE: Flags = Flags(0);
    /// Must be the first instruction of an instruction group (`alloc`, `flushrs`, `loadrs`).
    pub const FIRST: Flags = Flags(1 << 0);
    /// Must be the last instruction of an instruction group (`rfi`, `cover`, `bsw`, `itc`...).
    pub const LAST: Flags = Flags(1 << 1);
    /// Only valid in slot 2 of a bundle (`br.cloop`, `br.ctop`...).
    pub const SLOT2: Flags = Flags(1 << 2);
    /// An assembler-only alias: the decoder never chooses it.
    pub const ASM_ONLY: Flags = Flags(1 << 3);
    /// The qualifying predicate field is not a predicate (must be p0 in assembly).
    pub const NO_PRED: Flags = Flags(1 << 4);
    /// A privileged instruction (CPL 0 only).
    pub const PRIV: Flags = Flags(1 << 5);

    /// Union of two flag sets.
    pub const fn with(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    /// Whether all of `other`'s flags are set.
    pub const fn has(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
}

/// One row of the instruction table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    /// The mnemonic with its fixed completers, e.g. `"ld8.acq"`.
    pub name: &'static str,
    /// The unit type.
    pub unit: Unit,
    /// The fixed bits, including the major opcode in bits 40:37.
    pub opcode: u64,
    /// Which bits of the slot are fixed.
    pub mask: u64,
    /// Operands in assembly order.
    pub operands: &'static [Opnd],
    /// How many leading operands are outputs (written left of `=`).
    pub outputs: u8,
    /// Variable completers, appended to `name` in order.
    pub completers: &'static [Completer],
    /// Assembler-relevant properties.
    pub flags: Flags,
}

/// Opcode and mask from a list of `(lo, len, value)` fields.
///
/// ```
/// use ia64::form::enc;
/// // Major opcode 8, x2a = 2, ve = 0: the `adds` encoding of format A4.
/// let (op, mask) = enc(&[(37, 4, 8), (34, 2, 2), (33, 1, 0)]);
/// assert_eq!(op >> 37, 8);
/// assert_eq!(mask, 0xf << 37 | 0x3 << 34 | 1 << 33);
/// ```
pub const fn enc(fields: &[(u8, u8, u64)]) -> (u64, u64) {
    let mut op = 0u64;
    let mut mask = 0u64;
    let mut i = 0;
    while i < fields.len() {
        let (lo, len, val) = fields[i];
        let m = ((1u64 << len) - 1) << lo;
        assert!(val < (1u64 << len), "enc: value wider than its field");
        assert!(mask & m == 0, "enc: overlapping fields");
        op |= val << lo;
        mask |= m;
        i += 1;
    }
    (op, mask)
}

impl Form {
    /// A form with no completers and no flags.
    pub const fn new(
        name: &'static str,
        unit: Unit,
        bits: (u64, u64),
        operands: &'static [Opnd],
        outputs: u8,
    ) -> Form {
        Form {
            name,
            unit,
            opcode: bits.0,
            mask: bits.1,
            operands,
            outputs,
            completers: &[],
            flags: Flags::NONE,
        }
    }

    /// This form with variable completers.
    pub const fn comp(mut self, completers: &'static [Completer]) -> Form {
        self.completers = completers;
        self
    }

    /// This form with flags.
    pub const fn flags(mut self, flags: Flags) -> Form {
        self.flags = self.flags.with(flags);
        self
    }

    /// The major opcode (bits 40:37).
    pub const fn major(&self) -> u8 {
        (self.opcode >> 37) as u8
    }

    /// Whether a slot's fixed bits match this form.
    #[inline]
    pub const fn matches(&self, slot: u64) -> bool {
        slot & self.mask == self.opcode
    }
}
