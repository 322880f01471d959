//! The final-state dump in the Ski sheet's format ("Final-state dump format"):
//! one `name value` pair per line, the name padded to 16 columns, values as 16
//! lower-case hex digits except `ip.slot` and `insts` (decimal) and predicates and
//! NaT bits (0 or 1).

use crate::state::Cpu;
use ia64::regs::Cr;
use std::fmt::Write;

fn hex(out: &mut String, name: &str, v: u64) {
    let _ = writeln!(out, "{name:<16} {v:016x}");
}

fn dec(out: &mut String, name: &str, v: u64) {
    let _ = writeln!(out, "{name:<16} {v}");
}

impl Cpu {
    /// The dump; with `fp`, the FP registers f2..f127 follow.
    pub(crate) fn dump(&self, fp: bool) -> String {
        let mut s = String::with_capacity(16 * 1024);
        hex(&mut s, "ip", self.ip | (self.slot as u64) << 2);
        hex(&mut s, "ip.bundle", self.ip);
        dec(&mut s, "ip.slot", self.slot as u64);
        hex(&mut s, "psr", self.psr | (self.slot as u64) << 41);
        hex(&mut s, "cfm", self.cfm());
        let crs: [(&str, Cr); 23] = [
            ("ipsr", Cr::Ipsr),
            ("isr", Cr::Isr),
            ("iip", Cr::Iip),
            ("ifa", Cr::Ifa),
            ("itir", Cr::Itir),
            ("iipa", Cr::Iipa),
            ("ifs", Cr::Ifs),
            ("iim", Cr::Iim),
            ("iha", Cr::Iha),
            ("iva", Cr::Iva),
            ("dcr", Cr::Dcr),
            ("pta", Cr::Pta),
            ("itm", Cr::Itm),
            ("itv", Cr::Itv),
            ("pmv", Cr::Pmv),
            ("cmcv", Cr::Cmcv),
            ("tpr", Cr::Tpr),
            ("lid", Cr::Lid),
            ("ivr", Cr::Ivr),
            ("irr0", Cr::Irr0),
            ("irr1", Cr::Irr1),
            ("irr2", Cr::Irr2),
            ("irr3", Cr::Irr3),
        ];
        for (name, cr) in crs {
            let v = if cr == Cr::Ivr {
                // Shown without acknowledging: the vector a read would return.
                self.deliverable_vector().map_or(15, u64::from)
            } else {
                self.cr[cr as usize]
            };
            hex(&mut s, name, v);
        }
        hex(&mut s, "lrr0", self.cr[Cr::Lrr0 as usize]);
        hex(&mut s, "lrr1", self.cr[Cr::Lrr1 as usize]);
        for (name, n) in [
            ("rsc", 16),
            ("bsp", 17),
            ("bspst", 18),
            ("rnat", 19),
            ("ccv", 32),
            ("unat", 36),
            ("fpsr", 40),
            ("pfs", 64),
            ("lc", 65),
            ("ec", 66),
        ] {
            hex(&mut s, name, self.ar[n]);
        }
        for k in 0..8 {
            hex(&mut s, &format!("k{k}"), self.ar[k]);
        }
        for b in 0..8 {
            hex(&mut s, &format!("b{b}"), self.br[b]);
        }
        for p in 0..64u8 {
            dec(&mut s, &format!("p{p}"), self.p(p) as u64);
        }
        for r in 0..128u8 {
            let (v, n) = self.rn(r);
            hex(&mut s, &format!("r{r}"), v);
            dec(&mut s, &format!("r{r}.nat"), n as u64);
        }
        for r in 0..8 {
            hex(&mut s, &format!("rr{r}"), self.rr[r]);
        }
        for bank in 0..2u8 {
            for i in 0..16 {
                let (v, n) = self.banked(bank, i);
                hex(&mut s, &format!("bank{bank}.r{}", 16 + i), v);
                dec(&mut s, &format!("bank{bank}.r{}.nat", 16 + i), n as u64);
            }
        }
        dec(&mut s, "insts", self.stats.insts);
        if fp {
            for f in 2..128u8 {
                let v = self.f(f);
                hex(&mut s, &format!("f{f}.s"), v.sign as u64);
                hex(&mut s, &format!("f{f}.e"), v.exp as u64);
                hex(&mut s, &format!("f{f}.m"), v.significand);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_state_dump_lines_in_order() {
        let c = Cpu::new();
        let d = c.dump(false);
        let names: Vec<&str> = d
            .lines()
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(&names[..5], &["ip", "ip.bundle", "ip.slot", "psr", "cfm"]);
        assert_eq!(names.last(), Some(&"insts"));
        assert!(
            d.contains("cfm              0000000000000060\n"),
            "sof 96 at entry"
        );
        assert!(d.contains("pta              000000000000003c\n"));
        assert!(d.contains("ivr              000000000000000f\n"));
        assert!(d.contains("p0               1\n"));
        assert_eq!(
            names.iter().filter(|n| n.starts_with("bank1.r")).count(),
            32
        );
        let fp = c.dump(true);
        assert!(fp.contains("f2.e"));
        assert!(!fp.contains("f1.e"));
    }
}
