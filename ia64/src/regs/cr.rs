//! Control register numbers (`mov r1=cr.ipsr` reads CR16).
//!
//! Numbers: SDM Vol 2 §3.3 (Control Registers). Names: the spelling
//! `ia64-linux-gnu-objdump -d` (binutils 2.40) prints, which is the SDM name with a
//! `cr.` prefix; the conformance tests check every number 0–127 against it, so the
//! enum holds exactly the CRs binutils names — including iib0/iib1, which the SDM
//! defines as optional.

register_numbers! {
    /// A control register, by its number.
    ///
    /// Numbers not listed are reserved: `Cr::try_from(n)` fails for them.
    pub enum Cr("control register") {
        /// CR0 dcr: default control register ([`super::Dcr`]).
        Dcr = 0 => "cr.dcr",
        /// CR1 itm: interval timer match register.
        Itm = 1 => "cr.itm",
        /// CR2 iva: interruption vector address (the IVT base, 32 KiB aligned).
        Iva = 2 => "cr.iva",
        /// CR8 pta: page table address ([`super::Pta`]).
        Pta = 8 => "cr.pta",
        /// CR16 ipsr: interruption processor status register ([`super::Psr`]).
        Ipsr = 16 => "cr.ipsr",
        /// CR17 isr: interruption status register ([`super::Isr`]).
        Isr = 17 => "cr.isr",
        /// CR19 iip: interruption instruction bundle pointer.
        Iip = 19 => "cr.iip",
        /// CR20 ifa: interruption faulting address.
        Ifa = 20 => "cr.ifa",
        /// CR21 itir: interruption TLB insertion register ([`super::Itir`]).
        Itir = 21 => "cr.itir",
        /// CR22 iipa: interruption instruction previous address.
        Iipa = 22 => "cr.iipa",
        /// CR23 ifs: interruption function state ([`super::Ifs`]).
        Ifs = 23 => "cr.ifs",
        /// CR24 iim: interruption immediate register (the `break` immediate).
        Iim = 24 => "cr.iim",
        /// CR25 iha: interruption hash address.
        Iha = 25 => "cr.iha",
        /// CR26 iib0: interruption instruction bundle, low half (where implemented,
        /// SDM Vol 2 §3.3.5.10).
        Iib0 = 26 => "cr.iib0",
        /// CR27 iib1: interruption instruction bundle, high half (where implemented).
        Iib1 = 27 => "cr.iib1",
        /// CR64 lid: local interrupt ID.
        Lid = 64 => "cr.lid",
        /// CR65 ivr: external interrupt vector register (read-only; reading it
        /// acknowledges the interrupt).
        Ivr = 65 => "cr.ivr",
        /// CR66 tpr: task priority register.
        Tpr = 66 => "cr.tpr",
        /// CR67 eoi: end of external interrupt.
        Eoi = 67 => "cr.eoi",
        /// CR68 irr0: external interrupt request register 0 (vectors 0–63).
        Irr0 = 68 => "cr.irr0",
        /// CR69 irr1: external interrupt request register 1 (vectors 64–127).
        Irr1 = 69 => "cr.irr1",
        /// CR70 irr2: external interrupt request register 2 (vectors 128–191).
        Irr2 = 70 => "cr.irr2",
        /// CR71 irr3: external interrupt request register 3 (vectors 192–255).
        Irr3 = 71 => "cr.irr3",
        /// CR72 itv: interval timer vector.
        Itv = 72 => "cr.itv",
        /// CR73 pmv: performance monitoring vector.
        Pmv = 73 => "cr.pmv",
        /// CR74 cmcv: corrected machine check vector.
        Cmcv = 74 => "cr.cmcv",
        /// CR80 lrr0: local redirection register 0 (LINT0).
        Lrr0 = 80 => "cr.lrr0",
        /// CR81 lrr1: local redirection register 1 (LINT1).
        Lrr1 = 81 => "cr.lrr1",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_the_manual() {
        let table: [(Cr, u8); 28] = [
            (Cr::Dcr, 0),
            (Cr::Itm, 1),
            (Cr::Iva, 2),
            (Cr::Pta, 8),
            (Cr::Ipsr, 16),
            (Cr::Isr, 17),
            (Cr::Iip, 19),
            (Cr::Ifa, 20),
            (Cr::Itir, 21),
            (Cr::Iipa, 22),
            (Cr::Ifs, 23),
            (Cr::Iim, 24),
            (Cr::Iha, 25),
            (Cr::Iib0, 26),
            (Cr::Iib1, 27),
            (Cr::Lid, 64),
            (Cr::Ivr, 65),
            (Cr::Tpr, 66),
            (Cr::Eoi, 67),
            (Cr::Irr0, 68),
            (Cr::Irr1, 69),
            (Cr::Irr2, 70),
            (Cr::Irr3, 71),
            (Cr::Itv, 72),
            (Cr::Pmv, 73),
            (Cr::Cmcv, 74),
            (Cr::Lrr0, 80),
            (Cr::Lrr1, 81),
        ];
        for (cr, number) in table {
            assert_eq!(cr.number(), number, "{cr:?}");
            assert_eq!(u8::from(cr), number);
            assert_eq!(Cr::try_from(number), Ok(cr));
        }
        assert_eq!(Cr::ALL.map(Cr::number), table.map(|(_, n)| n));
    }

    #[test]
    fn reserved_numbers_are_errors() {
        let named = Cr::ALL.map(Cr::number);
        for n in 0..=u8::MAX {
            assert_eq!(Cr::try_from(n).is_ok(), named.contains(&n), "cr{n}");
        }
    }

    #[test]
    fn names_round_trip() {
        for cr in Cr::ALL {
            assert!(cr.name().starts_with("cr."));
            assert_eq!(Cr::from_name(cr.name()), Some(cr));
            assert_eq!(alloc::format!("{cr}"), cr.name());
        }
        assert_eq!(Cr::from_name("cr.ipsr"), Some(Cr::Ipsr));
        assert_eq!(Cr::from_name("ipsr"), None);
        assert_eq!(Cr::from_name("cr3"), None);
    }
}
