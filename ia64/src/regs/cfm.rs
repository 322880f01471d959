//! CFM, the current frame marker: the size and rotation state of the current
//! register stack frame. Software sees it only through IFS.ifm (after `cover`) and
//! PFS.pfm (after `br.call`), both in this layout.
//!
//! Layout: SDM Vol 1 §3.1.7 (Current Frame Marker): sof 6:0, sol 13:7, sor 17:14,
//! rrb.gr 24:18, rrb.fr 31:25, rrb.pr 37:32 — 38 bits in all, which is why IFS.ifm
//! is bits 0–37 (facts sheet §1.3). Ski's frame-marker accessors use the same
//! positions.

use bitflags::bitflags;

use super::field::{Field, FieldError};

/// sof: size of frame (stacked general registers, 0–96).
const SOF: Field = Field::new("cfm", "sof", 0, 7);
/// sol: size of locals (0–sof).
const SOL: Field = Field::new("cfm", "sol", 7, 7);
/// sor: size of the rotating region, in units of 8 registers.
const SOR: Field = Field::new("cfm", "sor", 14, 4);
/// rrb.gr: register rename base for general registers.
const RRB_GR: Field = Field::new("cfm", "rrb.gr", 18, 7);
/// rrb.fr: register rename base for floating-point registers.
const RRB_FR: Field = Field::new("cfm", "rrb.fr", 25, 7);
/// rrb.pr: register rename base for predicate registers.
const RRB_PR: Field = Field::new("cfm", "rrb.pr", 32, 6);

/// Number of bits a frame marker occupies.
pub(super) const CFM_WIDTH: u32 = 38;

bitflags! {
    /// A frame marker (CFM, IFS.ifm, PFS.pfm). It has no single-bit fields: every
    /// field has a typed accessor. Bits 38–63 are not part of a frame marker and are
    /// kept as they are by every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Cfm: u64 {
        // sof, sol, sor, rrb.gr, rrb.fr, rrb.pr: multi-bit fields with typed accessors.
        const _ = SOF.mask() | SOL.mask() | SOR.mask() | RRB_GR.mask() | RRB_FR.mask() | RRB_PR.mask();
    }
}

impl Cfm {
    /// Bits outside the frame marker: 38–63.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The bits outside the frame marker that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// cfm.sof: size of the frame, in stacked registers.
    pub const fn sof(&self) -> u8 {
        SOF.get(self.bits()) as u8
    }

    /// Sets cfm.sof (7 bits); every other bit is kept.
    pub fn set_sof(&mut self, sof: u8) -> Result<(), FieldError> {
        self.put_field(SOF, sof)
    }

    /// cfm.sol: size of the locals portion of the frame.
    pub const fn sol(&self) -> u8 {
        SOL.get(self.bits()) as u8
    }

    /// Sets cfm.sol (7 bits); every other bit is kept.
    pub fn set_sol(&mut self, sol: u8) -> Result<(), FieldError> {
        self.put_field(SOL, sol)
    }

    /// cfm.sor: size of the rotating portion, in units of 8 registers.
    pub const fn sor(&self) -> u8 {
        SOR.get(self.bits()) as u8
    }

    /// Sets cfm.sor (4 bits, in units of 8 registers); every other bit is kept.
    pub fn set_sor(&mut self, sor: u8) -> Result<(), FieldError> {
        self.put_field(SOR, sor)
    }

    /// The size of the rotating portion in registers (`sor × 8`).
    pub const fn rotating_registers(&self) -> u8 {
        self.sor() * 8
    }

    /// cfm.rrb.gr: rename base of the rotating general registers.
    pub const fn rrb_gr(&self) -> u8 {
        RRB_GR.get(self.bits()) as u8
    }

    /// Sets cfm.rrb.gr (7 bits); every other bit is kept.
    pub fn set_rrb_gr(&mut self, rrb: u8) -> Result<(), FieldError> {
        self.put_field(RRB_GR, rrb)
    }

    /// cfm.rrb.fr: rename base of the rotating floating-point registers.
    pub const fn rrb_fr(&self) -> u8 {
        RRB_FR.get(self.bits()) as u8
    }

    /// Sets cfm.rrb.fr (7 bits); every other bit is kept.
    pub fn set_rrb_fr(&mut self, rrb: u8) -> Result<(), FieldError> {
        self.put_field(RRB_FR, rrb)
    }

    /// cfm.rrb.pr: rename base of the rotating predicate registers.
    pub const fn rrb_pr(&self) -> u8 {
        RRB_PR.get(self.bits()) as u8
    }

    /// Sets cfm.rrb.pr (6 bits); every other bit is kept.
    pub fn set_rrb_pr(&mut self, rrb: u8) -> Result<(), FieldError> {
        self.put_field(RRB_PR, rrb)
    }

    fn put_field(&mut self, field: Field, value: u8) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(field.try_put(self.bits(), u64::from(value))?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    type Get = fn(&Cfm) -> u8;
    type Set = fn(&mut Cfm, u8) -> Result<(), FieldError>;

    const FIELDS: [(Field, Get, Set); 6] = [
        (SOF, Cfm::sof, Cfm::set_sof),
        (SOL, Cfm::sol, Cfm::set_sol),
        (SOR, Cfm::sor, Cfm::set_sor),
        (RRB_GR, Cfm::rrb_gr, Cfm::set_rrb_gr),
        (RRB_FR, Cfm::rrb_fr, Cfm::set_rrb_fr),
        (RRB_PR, Cfm::rrb_pr, Cfm::set_rrb_pr),
    ];

    #[test]
    fn field_positions_match_the_manual() {
        assert_eq!(SOF.mask(), 0x7f);
        assert_eq!(SOL.mask(), 0x7f << 7);
        assert_eq!(SOR.mask(), 0xf << 14);
        assert_eq!(RRB_GR.mask(), 0x7f << 18);
        assert_eq!(RRB_FR.mask(), 0x7f << 25);
        assert_eq!(RRB_PR.mask(), 0x3f << 32);
        assert_eq!(Cfm::all().bits(), (1 << CFM_WIDTH) - 1);
        assert_eq!(Cfm::RESERVED, !((1u64 << 38) - 1));
    }

    #[test]
    fn fields_round_trip_and_preserve_other_bits() {
        for background in check::BACKGROUNDS {
            for (field, get, set) in FIELDS {
                for value in check::sample_values(field) {
                    let mut cfm = Cfm::from_bits_retain(background);
                    set(&mut cfm, value as u8).unwrap();
                    assert_eq!(u64::from(get(&cfm)), value, "{}", field.name);
                    check::only_field_changed(background, cfm.bits(), field);
                }
                let mut cfm = Cfm::from_bits_retain(background);
                let wide = (field.max() + 1) as u8;
                assert!(
                    matches!(set(&mut cfm, wide), Err(FieldError::TooWide { .. })),
                    "{}",
                    field.name
                );
                assert_eq!(cfm.bits(), background);
            }
        }
    }

    #[test]
    fn a_typical_frame() {
        // The frame `alloc rX=ar.pfs,0,40,56,16` leaves: sof 96, sol 40, sor 2 (16
        // rotating registers), here with rrb.pr 1.
        let mut cfm = Cfm::empty();
        cfm.set_sof(96).unwrap();
        cfm.set_sol(40).unwrap();
        cfm.set_sor(2).unwrap();
        cfm.set_rrb_pr(1).unwrap();
        assert_eq!(cfm.bits(), 96 | (40 << 7) | (2 << 14) | (1 << 32));
        assert_eq!(cfm.rotating_registers(), 16);
    }
}
