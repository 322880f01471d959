//! Bundles: 128-bit containers of a 5-bit template and three 41-bit slots.
//!
//! SDM Vol. 3 §3.3 ("Instruction Encoding Overview"): the template (bits 4:0) fixes
//! the execution-unit type of each slot and where the instruction-group stops fall.
//! Slot 0 occupies bits 45:5, slot 1 bits 86:46, slot 2 bits 127:87.

use core::fmt;

/// Mask of the 41 significant bits of an instruction slot.
pub const SLOT_MASK: u64 = (1 << 41) - 1;

/// Size of a bundle in bytes.
pub const BUNDLE_BYTES: usize = 16;

/// The unit type a template assigns to a slot (SDM Vol. 3 Table 3-10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlotUnit {
    /// Memory unit: runs M-type and A-type instructions.
    M,
    /// Integer unit: runs I-type and A-type instructions.
    I,
    /// Floating-point unit.
    F,
    /// Branch unit.
    B,
    /// The L slot of an MLX bundle: the first half of a long X-unit instruction.
    L,
    /// The X slot of an MLX bundle: the second half of a long instruction.
    X,
}

impl SlotUnit {
    /// The letter objdump prints in a template marker.
    pub const fn letter(self) -> char {
        match self {
            SlotUnit::M => 'M',
            SlotUnit::I => 'I',
            SlotUnit::F => 'F',
            SlotUnit::B => 'B',
            SlotUnit::L => 'L',
            SlotUnit::X => 'X',
        }
    }
}

/// A valid template: its slot units and its stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Template {
    /// The 5-bit template code.
    pub code: u8,
    /// The unit type of each slot.
    pub units: [SlotUnit; 3],
    /// Bit `n` set: an instruction-group stop follows slot `n`.
    pub stops: u8,
}

use SlotUnit::{B, F, I, L, M, X};

const fn t(code: u8, units: [SlotUnit; 3], stops: u8) -> Option<Template> {
    Some(Template { code, units, stops })
}

/// All 32 template codes; `None` marks the 8 reserved ones (SDM Vol. 3 Table 3-10).
pub const TEMPLATES: [Option<Template>; 32] = [
    t(0x00, [M, I, I], 0b000),
    t(0x01, [M, I, I], 0b100),
    t(0x02, [M, I, I], 0b010),
    t(0x03, [M, I, I], 0b110),
    t(0x04, [M, L, X], 0b000),
    t(0x05, [M, L, X], 0b100),
    None,
    None,
    t(0x08, [M, M, I], 0b000),
    t(0x09, [M, M, I], 0b100),
    t(0x0a, [M, M, I], 0b001),
    t(0x0b, [M, M, I], 0b101),
    t(0x0c, [M, F, I], 0b000),
    t(0x0d, [M, F, I], 0b100),
    t(0x0e, [M, M, F], 0b000),
    t(0x0f, [M, M, F], 0b100),
    t(0x10, [M, I, B], 0b000),
    t(0x11, [M, I, B], 0b100),
    t(0x12, [M, B, B], 0b000),
    t(0x13, [M, B, B], 0b100),
    None,
    None,
    t(0x16, [B, B, B], 0b000),
    t(0x17, [B, B, B], 0b100),
    t(0x18, [M, M, B], 0b000),
    t(0x19, [M, M, B], 0b100),
    None,
    None,
    t(0x1c, [M, F, B], 0b000),
    t(0x1d, [M, F, B], 0b100),
    None,
    None,
];

impl Template {
    /// The template for a 5-bit code, or `None` if the code is reserved.
    pub const fn from_code(code: u8) -> Option<Template> {
        TEMPLATES[(code & 0x1f) as usize]
    }

    /// Whether an instruction-group stop follows slot `slot` (0..=2).
    pub const fn stop_after(self, slot: usize) -> bool {
        self.stops & (1 << slot) != 0
    }

    /// Whether this is an MLX template (slots 1 and 2 hold one long instruction).
    pub const fn is_mlx(self) -> bool {
        matches!(self.units[1], SlotUnit::L)
    }

    /// The three unit letters, e.g. `"MII"` (objdump's marker text without brackets).
    pub fn name(self) -> [u8; 3] {
        [
            self.units[0].letter() as u8,
            self.units[1].letter() as u8,
            self.units[2].letter() as u8,
        ]
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for u in self.units {
            write!(f, "{}", u.letter())?;
        }
        Ok(())
    }
}

/// A raw bundle: 128 bits, little-endian as stored in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Bundle(pub u128);

impl Bundle {
    /// A bundle from its 16 bytes in memory order.
    pub const fn from_bytes(bytes: [u8; 16]) -> Bundle {
        Bundle(u128::from_le_bytes(bytes))
    }

    /// The 16 bytes in memory order.
    pub const fn to_bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }

    /// A bundle built from a template code and three 41-bit slots.
    ///
    /// Bits above 41 in a slot are ignored; callers that must not lose bits check
    /// with [`SLOT_MASK`] first (the encoder does).
    pub const fn new(template: u8, slots: [u64; 3]) -> Bundle {
        let mut v = (template & 0x1f) as u128;
        v |= ((slots[0] & SLOT_MASK) as u128) << 5;
        v |= ((slots[1] & SLOT_MASK) as u128) << 46;
        v |= ((slots[2] & SLOT_MASK) as u128) << 87;
        Bundle(v)
    }

    /// The 5-bit template code.
    pub const fn template_code(self) -> u8 {
        (self.0 & 0x1f) as u8
    }

    /// The template, or `None` for a reserved code.
    pub const fn template(self) -> Option<Template> {
        Template::from_code(self.template_code())
    }

    /// Slot `n` (0..=2) as a 41-bit value.
    pub const fn slot(self, n: usize) -> u64 {
        ((self.0 >> (5 + 41 * n)) as u64) & SLOT_MASK
    }

    /// All three slots.
    pub const fn slots(self) -> [u64; 3] {
        [self.slot(0), self.slot(1), self.slot(2)]
    }

    /// This bundle with slot `n` (0..=2) replaced by `value` (41 bits).
    pub const fn with_slot(self, n: usize, value: u64) -> Bundle {
        let shift = 5 + 41 * n;
        let mask = (SLOT_MASK as u128) << shift;
        Bundle((self.0 & !mask) | (((value & SLOT_MASK) as u128) << shift))
    }

    /// This bundle with its template code replaced.
    pub const fn with_template(self, code: u8) -> Bundle {
        Bundle((self.0 & !0x1f) | (code & 0x1f) as u128)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_four_valid_templates() {
        assert_eq!(TEMPLATES.iter().filter(|t| t.is_some()).count(), 24);
        for (i, t) in TEMPLATES.iter().enumerate() {
            if let Some(t) = t {
                assert_eq!(t.code as usize, i);
                // Odd codes add a stop at the end of the bundle.
                assert_eq!(t.stop_after(2), i & 1 == 1, "template {i:#x}");
            }
        }
    }

    #[test]
    fn slots_round_trip() {
        let s = [0x0123_4567_89ab, 0x01ff_ffff_ffff, 0x00aa_5555_0f0f];
        let b = Bundle::new(0x1d, s);
        assert_eq!(b.template_code(), 0x1d);
        assert_eq!(b.slots(), s);
        assert_eq!(Bundle::from_bytes(b.to_bytes()), b);
        let c = b.with_slot(1, 7).with_template(0x10);
        assert_eq!(c.slots(), [s[0], 7, s[2]]);
        assert_eq!(c.template_code(), 0x10);
    }

    #[test]
    fn known_bundle_bytes() {
        // `[MII] mov r8=r9 ; add r1=r2,r3 ; mov r4=r5;;` as GNU as 2.40 emits it.
        let bytes = [
            0x01, 0x40, 0x00, 0x12, 0x00, 0x21, 0x10, 0x10, 0x0c, 0x00, 0x40, 0x80, 0x00, 0x28,
            0x00, 0x84,
        ];
        let b = Bundle::from_bytes(bytes);
        let t = b.template().unwrap();
        assert_eq!(t.name(), *b"MII");
        assert!(t.stop_after(2) && !t.stop_after(0) && !t.stop_after(1));
        // adds r8=0,r9: major opcode 8 in bits 40:37.
        assert_eq!(b.slot(0) >> 37, 8);
    }
}
