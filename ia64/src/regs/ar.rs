//! Application register numbers (`mov r1=ar.bspstore` reads AR18), and which
//! execution unit may access each of the 128.
//!
//! Numbers and units: SDM Vol 1 §3.1.8, Table 3-3 (Application Registers): AR0–47
//! are M-unit registers, AR48–63 ignored (M or I), AR64–111 I-unit, AR112–127
//! ignored (M or I); numbers not named there are reserved. AR45 (ruc, resource
//! utilization counter) is defined from the Itanium 9500 on; earlier processors
//! reserve it. Names: the spelling `ia64-linux-gnu-objdump -d` (binutils 2.40)
//! prints; the conformance tests check every number and the unit rule against
//! GNU as and objdump.

register_numbers! {
    /// An application register, by its number.
    ///
    /// Numbers not listed are reserved or ignored ([`ArKind::of`] says which):
    /// `Ar::try_from(n)` fails for them.
    pub enum Ar("application register") {
        /// AR0 k0: kernel register 0 (writable only at PL0).
        K0 = 0 => "ar.k0",
        /// AR1 k1: kernel register 1.
        K1 = 1 => "ar.k1",
        /// AR2 k2: kernel register 2.
        K2 = 2 => "ar.k2",
        /// AR3 k3: kernel register 3.
        K3 = 3 => "ar.k3",
        /// AR4 k4: kernel register 4.
        K4 = 4 => "ar.k4",
        /// AR5 k5: kernel register 5.
        K5 = 5 => "ar.k5",
        /// AR6 k6: kernel register 6.
        K6 = 6 => "ar.k6",
        /// AR7 k7: kernel register 7.
        K7 = 7 => "ar.k7",
        /// AR16 rsc: register stack configuration ([`super::Rsc`]).
        Rsc = 16 => "ar.rsc",
        /// AR17 bsp: backing store pointer (read-only).
        Bsp = 17 => "ar.bsp",
        /// AR18 bspstore: backing store pointer for memory stores.
        Bspstore = 18 => "ar.bspstore",
        /// AR19 rnat: RSE NaT collection register.
        Rnat = 19 => "ar.rnat",
        /// AR21 fcr: IA-32 floating-point control register.
        Fcr = 21 => "ar.fcr",
        /// AR24 eflag: IA-32 EFLAG register.
        Eflag = 24 => "ar.eflag",
        /// AR25 csd: IA-32 code segment descriptor (also the 16-byte `ld16`/`st16`
        /// companion data).
        Csd = 25 => "ar.csd",
        /// AR26 ssd: IA-32 stack segment descriptor.
        Ssd = 26 => "ar.ssd",
        /// AR27 cflg: IA-32 combined CR0 and CR4 register.
        Cflg = 27 => "ar.cflg",
        /// AR28 fsr: IA-32 floating-point status register.
        Fsr = 28 => "ar.fsr",
        /// AR29 fir: IA-32 floating-point instruction register.
        Fir = 29 => "ar.fir",
        /// AR30 fdr: IA-32 floating-point data register.
        Fdr = 30 => "ar.fdr",
        /// AR32 ccv: compare and exchange compare value register.
        Ccv = 32 => "ar.ccv",
        /// AR36 unat: user NaT collection register.
        Unat = 36 => "ar.unat",
        /// AR40 fpsr: floating-point status register ([`super::Fpsr`]).
        Fpsr = 40 => "ar.fpsr",
        /// AR44 itc: interval time counter.
        Itc = 44 => "ar.itc",
        /// AR45 ruc: resource utilization counter (Itanium 9500 and later).
        Ruc = 45 => "ar.ruc",
        /// AR64 pfs: previous function state.
        Pfs = 64 => "ar.pfs",
        /// AR65 lc: loop count register.
        Lc = 65 => "ar.lc",
        /// AR66 ec: epilog count register.
        Ec = 66 => "ar.ec",
    }
}

/// The execution unit a `mov` to or from an application register runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArUnit {
    /// Only the M unit (`mov.m`).
    M,
    /// Only the I unit (`mov.i`).
    I,
    /// Either unit (the ignored ranges 48–63 and 112–127).
    Either,
}

/// What an application register number names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArKind {
    /// A defined register.
    Named(Ar),
    /// A reserved number: accessing it raises an Illegal Operation fault.
    Reserved,
    /// An ignored number (48–63, 112–127): reads return 0 and writes are dropped.
    Ignored,
}

impl ArUnit {
    /// The unit that may access application register `number`, or `None` if the
    /// number is 128 or more.
    pub const fn of(number: u8) -> Option<ArUnit> {
        match number {
            0..=47 => Some(ArUnit::M),
            48..=63 | 112..=127 => Some(ArUnit::Either),
            64..=111 => Some(ArUnit::I),
            _ => None,
        }
    }
}

impl ArKind {
    /// What application register `number` is, or `None` if the number is 128 or
    /// more.
    pub fn of(number: u8) -> Option<ArKind> {
        match number {
            48..=63 | 112..=127 => Some(ArKind::Ignored),
            0..=111 => Some(Ar::try_from(number).map_or(ArKind::Reserved, ArKind::Named)),
            _ => None,
        }
    }
}

impl Ar {
    /// The unit that accesses this register: [`ArUnit::I`] for pfs, lc and ec,
    /// [`ArUnit::M`] for the rest.
    pub const fn unit(self) -> ArUnit {
        // No named register lies in an ignored (either-unit) range, so the SDM's
        // rule reduces to the AR64 boundary.
        if self as u8 >= 64 {
            ArUnit::I
        } else {
            ArUnit::M
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_the_manual() {
        let table: [(Ar, u8); 28] = [
            (Ar::K0, 0),
            (Ar::K1, 1),
            (Ar::K2, 2),
            (Ar::K3, 3),
            (Ar::K4, 4),
            (Ar::K5, 5),
            (Ar::K6, 6),
            (Ar::K7, 7),
            (Ar::Rsc, 16),
            (Ar::Bsp, 17),
            (Ar::Bspstore, 18),
            (Ar::Rnat, 19),
            (Ar::Fcr, 21),
            (Ar::Eflag, 24),
            (Ar::Csd, 25),
            (Ar::Ssd, 26),
            (Ar::Cflg, 27),
            (Ar::Fsr, 28),
            (Ar::Fir, 29),
            (Ar::Fdr, 30),
            (Ar::Ccv, 32),
            (Ar::Unat, 36),
            (Ar::Fpsr, 40),
            (Ar::Itc, 44),
            (Ar::Ruc, 45),
            (Ar::Pfs, 64),
            (Ar::Lc, 65),
            (Ar::Ec, 66),
        ];
        for (ar, number) in table {
            assert_eq!(ar.number(), number, "{ar:?}");
            assert_eq!(u8::from(ar), number);
            assert_eq!(Ar::try_from(number), Ok(ar));
        }
        assert_eq!(Ar::ALL.map(Ar::number), table.map(|(_, n)| n));
    }

    #[test]
    fn units_follow_the_manual() {
        for ar in Ar::ALL {
            let expected = match ar {
                Ar::Pfs | Ar::Lc | Ar::Ec => ArUnit::I,
                _ => ArUnit::M,
            };
            assert_eq!(ar.unit(), expected, "{ar:?}");
            assert_eq!(ArUnit::of(ar.number()), Some(expected), "{ar:?}");
        }
        assert_eq!(ArUnit::of(47), Some(ArUnit::M));
        assert_eq!(ArUnit::of(48), Some(ArUnit::Either));
        assert_eq!(ArUnit::of(63), Some(ArUnit::Either));
        assert_eq!(ArUnit::of(64), Some(ArUnit::I));
        assert_eq!(ArUnit::of(111), Some(ArUnit::I));
        assert_eq!(ArUnit::of(112), Some(ArUnit::Either));
        assert_eq!(ArUnit::of(127), Some(ArUnit::Either));
        assert_eq!(ArUnit::of(128), None);
    }

    #[test]
    fn kinds_cover_every_number() {
        assert_eq!(ArKind::of(0), Some(ArKind::Named(Ar::K0)));
        assert_eq!(ArKind::of(8), Some(ArKind::Reserved));
        assert_eq!(ArKind::of(45), Some(ArKind::Named(Ar::Ruc)));
        assert_eq!(ArKind::of(47), Some(ArKind::Reserved));
        assert_eq!(ArKind::of(50), Some(ArKind::Ignored));
        assert_eq!(ArKind::of(66), Some(ArKind::Named(Ar::Ec)));
        assert_eq!(ArKind::of(67), Some(ArKind::Reserved));
        assert_eq!(ArKind::of(120), Some(ArKind::Ignored));
        assert_eq!(ArKind::of(128), None);
        let named = (0..=127u8)
            .filter(|&n| matches!(ArKind::of(n), Some(ArKind::Named(_))))
            .count();
        let ignored = (0..=127u8)
            .filter(|&n| ArKind::of(n) == Some(ArKind::Ignored))
            .count();
        assert_eq!(named, Ar::ALL.len());
        assert_eq!(ignored, 32);
    }

    #[test]
    fn names_round_trip() {
        for ar in Ar::ALL {
            assert!(ar.name().starts_with("ar."));
            assert_eq!(Ar::from_name(ar.name()), Some(ar));
            assert_eq!(alloc::format!("{ar}"), ar.name());
        }
        assert_eq!(Ar::from_name("ar.k0"), Some(Ar::K0));
        assert_eq!(Ar::from_name("ar.kr0"), None);
        assert_eq!(Ar::from_name("ar8"), None);
    }
}
