//! Counters: Ski's counting rule, exact at exit (Ski sheet, "Counting rule").
//!
//! Every executed slot counts, predicated-off instructions and nops included; an
//! MLX bundle's long instruction counts once; a faulting instruction counts once
//! and the vector's first instruction is the next one counted. An instruction
//! group ends at a stop bit, at a taken branch (including `rfi` and an
//! interruption), and `ar.itc` advances by one at the end of every group.

use ia64::vector::{Vector, VECTOR_COUNT};

/// Execution counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Instructions (slots) executed.
    pub insts: u64,
    /// Bundles entered (a bundle re-entered after a branch or `rfi` counts again).
    pub bundles: u64,
    /// Instruction groups completed.
    pub groups: u64,
    /// Interruptions delivered, by vector number.
    pub interruptions: [u64; VECTOR_COUNT],
    /// Predecode cache misses (bundles decoded).
    pub decodes: u64,
    /// Whole predecode-cache flushes.
    pub flushes: u64,
    /// Registers the RSE spilled to the backing store (NaT collections not counted).
    pub rse_spills: u64,
    /// Registers the RSE filled from the backing store.
    pub rse_fills: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            insts: 0,
            bundles: 0,
            groups: 0,
            interruptions: [0; VECTOR_COUNT],
            decodes: 0,
            flushes: 0,
            rse_spills: 0,
            rse_fills: 0,
        }
    }
}

impl Stats {
    /// Interruptions delivered through `v`.
    pub fn interruptions_of(&self, v: Vector) -> u64 {
        self.interruptions[v.number() as usize]
    }

    /// Total interruptions delivered.
    pub fn total_interruptions(&self) -> u64 {
        self.interruptions.iter().sum()
    }

    /// A human-readable summary (what `ia64pv run --stats` prints).
    pub fn report(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "instructions {}", self.insts);
        let _ = writeln!(s, "bundles      {}", self.bundles);
        let _ = writeln!(s, "groups       {}", self.groups);
        let _ = writeln!(s, "interruptions {}", self.total_interruptions());
        for v in Vector::ALL {
            let n = self.interruptions[v.number() as usize];
            if n != 0 {
                let _ = writeln!(s, "  {:#06x} {:<32} {}", v.offset(), v.name(), n);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_only_used_vectors() {
        let mut s = Stats {
            insts: 7,
            ..Stats::default()
        };
        s.interruptions[Vector::BreakInstruction.number() as usize] = 2;
        let r = s.report();
        assert!(r.contains("instructions 7"));
        assert!(r.contains("0x2c00"));
        assert!(!r.contains("0x3000"));
        assert_eq!(s.total_interruptions(), 2);
    }
}
