//! IFS (cr.ifs), the interruption function state: a saved frame marker and whether
//! it is valid. `cover` with psr.ic = 0 writes it; `rfi` restores CFM from it when
//! IFS.v is set (facts sheet §1.3).
//!
//! Layout: SDM Vol 2 §3.3.5.9; ifm is bits 0–37 and v is bit 63 (facts sheet §1.3,
//! from Xen's `xenkregs.h`).

use bitflags::bitflags;

use super::cfm::{Cfm, CFM_WIDTH};
use super::field::{Field, FieldError};

/// ifs.ifm: the interruption frame marker, a CFM image.
const IFM: Field = Field::new("ifs", "ifm", 0, CFM_WIDTH);

bitflags! {
    /// The interruption function state register (cr.ifs).
    ///
    /// ifm has a typed accessor returning a [`Cfm`]; reserved bits 38–62 are kept by
    /// every setter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(transparent)]
    pub struct Ifs: u64 {
        /// v (bit 63): valid — ifm holds a frame marker that `rfi` restores.
        const V = 1 << 63;

        // ifm: multi-bit field with a typed accessor.
        const _ = IFM.mask();
    }
}

impl Ifs {
    /// Bits the SDM reserves: 38–62.
    pub const RESERVED: u64 = !Self::all().bits();

    /// The reserved bits that are set in this value.
    pub const fn reserved_bits(&self) -> u64 {
        self.bits() & Self::RESERVED
    }

    /// ifs.ifm: the saved frame marker.
    pub const fn ifm(&self) -> Cfm {
        Cfm::from_bits_retain(IFM.get(self.bits()))
    }

    /// Sets ifs.ifm; every other bit is kept. A `Cfm` with bits set above the
    /// frame marker's 38 bits does not fit.
    pub fn set_ifm(&mut self, cfm: Cfm) -> Result<(), FieldError> {
        *self = Self::from_bits_retain(IFM.try_put(self.bits(), cfm.bits())?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::check;
    use super::*;

    #[test]
    fn positions_match_the_facts_sheet() {
        assert_eq!(Ifs::V.bits(), 1 << 63);
        assert_eq!(IFM.mask(), (1 << 38) - 1);
        assert_eq!(Ifs::RESERVED, ((1u64 << 63) - 1) & !((1 << 38) - 1));
    }

    #[test]
    fn ifm_round_trips_and_preserves_other_bits() {
        let mut cfm = Cfm::empty();
        cfm.set_sof(20).unwrap();
        cfm.set_sol(12).unwrap();
        cfm.set_rrb_pr(0x3f).unwrap();
        for background in check::BACKGROUNDS {
            let mut ifs = Ifs::from_bits_retain(background);
            ifs.set_ifm(cfm).unwrap();
            assert_eq!(ifs.ifm(), cfm);
            check::only_field_changed(background, ifs.bits(), IFM);
        }
    }

    #[test]
    fn ifm_rejects_bits_beyond_the_frame_marker() {
        let mut ifs = Ifs::V;
        let err = ifs.set_ifm(Cfm::from_bits_retain(1 << 38));
        assert!(matches!(
            err,
            Err(FieldError::TooWide {
                register: "ifs",
                field: "ifm",
                ..
            })
        ));
        assert_eq!(ifs, Ifs::V);
    }
}
