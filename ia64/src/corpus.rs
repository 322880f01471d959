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
