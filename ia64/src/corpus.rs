//! Generated instruction corpora: for every row of the table, instructions with
//! each operand at its minimum, maximum, zero and negative values (one operand
//! varied at a time), every completer value, and a predicated variant.
//!
//! The binutils conformance tests assemble these with GNU as; the benchmarks use
//! them as a corpus of valid code.

use alloc::vec;
use alloc::vec::Vec;

use crate::bundle::Bundle;
use crate::decode::{Instruction, MAX_COMPLETERS, MAX_OPERANDS};
use crate::encode::encode;
use crate::form::{Completer, Flags, Form, Unit};
use crate::operand::{Class, Opnd, Xform};
use crate::table::{self, FormId};

/// Values to try for an operand; `base` is the value used while others vary.
pub fn samples(op: Opnd, output: bool, k: usize) -> (i64, Vec<i64>) {
    let spec = op.spec();
    let (lo, hi) = op.range();
    let clamp = |v: i64| v.clamp(lo, hi);
    let mut v: Vec<i64> = match spec.class {
        Class::Gr | Class::Mem | Class::Indirect(_) => vec![if output { 1 } else { 0 }, hi, 33],
        Class::Fr => vec![if output { 2 } else { 0 }, hi, 33],
        Class::Pr => vec![0, hi, 17],
        Class::Br => vec![0, hi],
        Class::Ar | Class::Cr => (0..=hi).collect(),
        Class::Fixed(_) => vec![],
        Class::Dec | Class::Hex | Class::Mbtype | Class::Target => {
            let mut v = vec![lo, hi, 0, -1, 1, -16, 16];
            if let Xform::Map(vals) = spec.xform {
                v.extend_from_slice(vals);
            }
            v
        }
    };
    if spec.xform == Xform::ClassSigns {
        // GNU as adds both signs to a class mask that names none; write masks as
        // it encodes them, so the text and the bits agree.
        for x in v.iter_mut() {
            *x = crate::operand::gas_fclass_mask(*x as u64) as i64;
        }
    }
    v.retain(|&x| op.field_of_value(x).is_some());
    v.sort_unstable();
    v.dedup();
    let base = match spec.class {
        Class::Gr | Class::Fr | Class::Mem | Class::Indirect(_) => clamp(8 + 3 * k as i64),
        Class::Pr => clamp(6 + k as i64),
        Class::Br => clamp(1 + k as i64),
        Class::Ar => 65.min(hi),
        Class::Cr => 0,
        Class::Fixed(_) => 0,
        _ => v
            .iter()
            .copied()
            .find(|&x| x > 0)
            .or(v.first().copied())
            .unwrap_or(0),
    };
    (base, v)
}

fn first_valid(c: &Completer) -> u8 {
    c.names.iter().position(|n| n.is_some()).unwrap_or(0) as u8
}

/// The instructions to try for one row.
pub fn cases(id: FormId, f: &Form) -> Vec<Instruction> {
    let mut base = Instruction {
        form: id,
        qp: 0,
        ops: [0; MAX_OPERANDS],
        comps: [0; MAX_COMPLETERS],
    };
    let mut per_op = Vec::new();
    for (k, &op) in f.operands.iter().enumerate() {
        let (mut b, s) = samples(op, k < f.outputs as usize, k);
        // GNU as only puts M-unit application registers (0..=47) in an M slot.
        if op.spec().class == Class::Ar && f.unit == Unit::M {
            b = 36;
        }
        base.ops[k] = b;
        per_op.push(s);
    }
    for (k, c) in f.completers.iter().enumerate() {
        base.comps[k] = first_valid(c);
    }
    let mut out = vec![base];
    for (k, s) in per_op.iter().enumerate() {
        for &v in s {
            let mut i = base;
            i.ops[k] = v;
            out.push(i);
        }
    }
    for (k, c) in f.completers.iter().enumerate() {
        for (v, n) in c.names.iter().enumerate() {
            if n.is_some() {
                let mut i = base;
                i.comps[k] = v as u8;
                out.push(i);
            }
        }
    }
    if !f.flags.has(Flags::NO_PRED) {
        let mut i = base;
        i.qp = 63;
        out.push(i);
    }
    out.sort_by_key(|i| (i.qp, i.ops, i.comps));
    out.dedup();
    out
}

/// The bundle layout a row's cases are assembled in: the template directive and
/// the slot the instruction takes.
pub fn layout(f: &Form) -> (&'static str, usize) {
    let last = f.flags.has(Flags::LAST);
    match f.unit {
        Unit::A | Unit::M if last => (".mmi", 0),
        Unit::A | Unit::M => (".mii", 0),
        Unit::I => (".mii", 1),
        Unit::F => (".mfi", 1),
        Unit::B => (".mib", 2),
        Unit::X => (".mlx", 2),
    }
}

/// Template code for a row's test bundle (see [`layout`]).
pub fn template_code(f: &Form) -> u8 {
    match layout(f).0 {
        ".mmi" => 0x08,
        ".mii" => 0x00,
        ".mfi" => 0x0c,
        ".mib" => 0x10,
        _ => 0x04,
    }
}

/// Every case of every row, packed densely into bundles as code is: each bundle
/// takes a template that fits the next instructions waiting for its slots (A-unit
/// instructions alternate between M and I slots), and only a slot nothing can
/// fill holds a `nop` of its unit. Rows whose cases do not encode are skipped.
pub fn packed_bundles() -> Vec<[u8; 16]> {
    use alloc::collections::VecDeque;
    // Queues of encoded slots by the slot type they need: M, I, F, B, X (with L).
    let mut q: [VecDeque<(u64, u64)>; 5] = Default::default();
    let mut a_to_m = true;
    for (id, f) in table::all() {
        if f.flags.has(Flags::ASM_ONLY) {
            continue;
        }
        for insn in cases(id, f) {
            let Ok(e) = encode(&insn) else { continue };
            let k = match f.unit {
                Unit::A => {
                    a_to_m = !a_to_m;
                    if a_to_m {
                        0
                    } else {
                        1
                    }
                }
                Unit::M => 0,
                Unit::I => 1,
                Unit::F => 2,
                Unit::B => 3,
                Unit::X => 4,
            };
            q[k].push_back((e.slot, e.lslot.unwrap_or(0)));
        }
    }
    let nop = |name: &str| -> u64 {
        table::all()
            .find(|(_, f)| f.name == name)
            .and_then(|(id, _)| {
                let i = Instruction {
                    form: id,
                    qp: 0,
                    ops: [0; MAX_OPERANDS],
                    comps: [0; MAX_COMPLETERS],
                };
                encode(&i).ok()
            })
            .map_or(0, |e| e.slot)
    };
    let nops = [nop("nop.m"), nop("nop.i"), nop("nop.f"), nop("nop.b")];
    // Templates in a fixed rotation, as slot-type lists (0 M, 1 I, 2 F, 3 B, 4 X).
    const ROTATION: [(u8, [usize; 3]); 8] = [
        (0x00, [0, 1, 1]),
        (0x08, [0, 0, 1]),
        (0x0c, [0, 2, 1]),
        (0x10, [0, 1, 3]),
        (0x0e, [0, 0, 2]),
        (0x04, [0, 4, 4]),
        (0x12, [0, 3, 3]),
        (0x1c, [0, 2, 3]),
    ];
    let mut out = Vec::new();
    let mut r = 0;
    while q.iter().any(|x| !x.is_empty()) {
        let (code, kinds) = ROTATION[r % ROTATION.len()];
        r += 1;
        if kinds[1] == 4 && q[4].is_empty() {
            continue;
        }
        let mut slots = [0u64; 3];
        for n in 0..3 {
            let k = kinds[n];
            if k == 4 {
                if n == 2 {
                    let (x, l) = q[4].pop_front().unwrap_or((0, 0));
                    slots[2] = x;
                    slots[1] = l;
                }
                continue;
            }
            slots[n] = q[k].pop_front().map_or(nops[k], |(s, _)| s);
        }
        out.push(Bundle::new(code, slots).to_bytes());
    }
    out
}

/// Every case of every row, each encoded alone in a bundle (the other slots hold
/// zeros, which decode as `break`). Rows whose cases do not encode are skipped.
pub fn bundles() -> Vec<[u8; 16]> {
    let mut out = Vec::new();
    for (id, f) in table::all() {
        let (_, slot) = layout(f);
        for insn in cases(id, f) {
            let Ok(e) = encode(&insn) else { continue };
            let mut b = Bundle::new(template_code(f), [0; 3]).with_slot(slot, e.slot);
            if let Some(l) = e.lslot {
                b = b.with_slot(1, l);
            }
            out.push(b.to_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode_bundle, Slot};

    #[test]
    fn packed_bundles_are_all_valid_code() {
        let b = packed_bundles();
        let one_per_bundle = bundles().len();
        // Dense packing: well under one bundle per instruction.
        assert!(
            b.len() * 2 < one_per_bundle,
            "{} vs {one_per_bundle}",
            b.len()
        );
        for bytes in &b {
            let d = decode_bundle(bytes).expect("valid template");
            for s in d.slots {
                assert!(!matches!(s, Slot::Invalid(_)), "{s:?}");
            }
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a small, well-mixed, seedable
/// stream of 64-bit values, so a random corpus is the same on every run and a
/// failure can be reproduced from its seed.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Sixteen random bytes: a bundle (a quarter of them have reserved
    /// templates, and most of their slots hold reserved encodings).
    pub fn bundle(&mut self) -> [u8; 16] {
        let lo = self.next_u64();
        let hi = self.next_u64();
        (u128::from(hi) << 64 | u128::from(lo)).to_le_bytes()
    }
}

#[cfg(test)]
mod splitmix_tests {
    use super::SplitMix64;

    #[test]
    fn splitmix64_matches_the_reference_values() {
        // The first outputs for seed 0 of the reference implementation
        // (xoshiro authors' splitmix64.c).
        let mut r = SplitMix64(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(r.next_u64(), 0x06c4_5d18_8009_454f);
    }
}
