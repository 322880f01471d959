//! Packing instructions into bundles the way `ia64-linux-gnu-as -xexplicit` does.
//!
//! Observed GNU as behaviour, reproduced here (facts, not code): instructions are
//! queued; a bundle is formed from the front of the queue once four are waiting
//! (or when the queue is flushed). Unless the first instruction carries a
//! template directive, the template is the "best" one for the unit types of the
//! first up to three instructions (stopping before a labelled one): a template
//! scores 3 per instruction that fits a slot in order, plus 2 for each free slot that is an M or I unit (GNU as's default Itanium 2
//! tuning), a long instruction in MLX counting for both of its slots; the first highest-scoring template wins. Slots are
//! then filled in order; an instruction that does not fit the slot's unit moves on
//! to the next slot (leaving a nop behind). A stop written between two
//! instructions of a bundle switches to `M;;MI` (stop after slot 0) or `MI;;I`
//! (after slot 1) when possible, otherwise the bundle ends. A labelled
//! instruction always starts a bundle; `br.cloop`-style instructions go in slot 2;
//! instructions that must end a group go in slot 0 of `M;;MI` (M unit) or slot 2
//! (B unit).

use std::collections::VecDeque;
use std::string::String;
use std::vec::Vec;

use super::diag::Loc;
use super::insn::{Deferred, InsnType};
use crate::bundle::SlotUnit;
use crate::decode::Instruction;
use crate::form::Flags;

/// An instruction waiting to be bundled.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The instruction (for a dynamic `nop`/`break`, the unit-less row).
    pub insn: Instruction,
    /// How it goes into slots.
    pub ty: InsnType,
    /// The row's flags.
    pub flags: Flags,
    /// A stop follows it.
    pub stop: bool,
    /// Labels defined just before it (symbol indices).
    pub labels: Vec<usize>,
    /// A template directive before it: the template's index (code >> 1).
    pub user_template: Option<u8>,
    /// `{` before it.
    pub manual_on: bool,
    /// `}` after it.
    pub manual_off: bool,
    /// Operand values not known yet.
    pub deferred: Vec<Deferred>,
    /// The same instruction for the other of the M and I units, when both take
    /// it (`mov` to or from an application register that either unit may access):
    /// the instruction then goes wherever an A-unit instruction would.
    pub alt: Option<Instruction>,
    /// Where it was written.
    pub loc: Loc,
    /// The dependency checker has seen it already (automatic mode checks each
    /// instruction when it is written, to place stops before bundling).
    pub checked: bool,
}

/// Slot units of the 16 template pairs (index = code >> 1); `None` is reserved.
pub const UNITS: [Option<[SlotUnit; 3]>; 16] = {
    use SlotUnit::*;
    [
        Some([M, I, I]),
        Some([M, I, I]),
        Some([M, L, X]),
        None,
        Some([M, M, I]),
        Some([M, M, I]),
        Some([M, F, I]),
        Some([M, M, F]),
        Some([M, I, B]),
        Some([M, B, B]),
        None,
        Some([B, B, B]),
        Some([M, M, B]),
        None,
        Some([M, F, B]),
        None,
    ]
};

/// Template index of `M;;MI`.
const T_M_MI: u8 = 5;
/// Template index of `MI;;I`.
const T_MI_I: u8 = 1;
/// Template index of `MII`.
const T_MII: u8 = 0;
/// Template index of `MMI`.
const T_MMI: u8 = 4;

fn fits(t: u8, ty: Option<InsnType>, slot: usize) -> bool {
    let Some(ty) = ty else { return false };
    if ty == InsnType::Dyn {
        return true;
    }
    let Some(units) = UNITS[t as usize] else {
        return false;
    };
    let u = units[slot];
    match ty {
        InsnType::A => matches!(u, SlotUnit::M | SlotUnit::I),
        InsnType::I => u == SlotUnit::I,
        InsnType::M => u == SlotUnit::M,
        InsnType::B => u == SlotUnit::B,
        InsnType::F => u == SlotUnit::F,
        InsnType::X => u == SlotUnit::L,
        InsnType::Dyn => true,
    }
}

/// GNU as's default tuning (Itanium 2) prefers templates whose unused slots are
/// M or I units: a nop there costs least.
fn extra(t: u8, slot: usize) -> u32 {
    if fits(t, Some(InsnType::M), slot) || fits(t, Some(InsnType::I), slot) {
        2
    } else {
        0
    }
}

/// A long instruction in slot 1 of MLX also fills slot 2.
fn long_fills(t: u8, ty: Option<InsnType>) -> bool {
    t == 2 && ty == Some(InsnType::X)
}

/// The best template for up to three instruction types.
pub fn best_template(ty: [Option<InsnType>; 3]) -> u8 {
    let mut best = 0;
    let mut best_t = 0;
    for t in 0..16u8 {
        let [a, b, c] = ty;
        let g = if fits(t, a, 0) {
            if fits(t, b, 1) {
                if long_fills(t, b) || fits(t, c, 2) {
                    9
                } else {
                    6 + extra(t, 2)
                }
            } else if fits(t, b, 2) {
                6 + extra(t, 1)
            } else {
                3 + extra(t, 1) + extra(t, 2)
            }
        } else if fits(t, a, 1) {
            if long_fills(t, a) || fits(t, b, 2) {
                6
            } else {
                3 + extra(t, 2)
            }
        } else if fits(t, a, 2) {
            3 + extra(t, 1)
        } else {
            0
        };
        if g > best {
            best = g;
            best_t = t;
        }
    }
    best_t
}

/// One formed bundle.
#[derive(Debug)]
pub struct Packed {
    /// The template code (index << 1 | stop at the end).
    pub code: u8,
    /// The instructions placed and the slot and unit each took (a long
    /// instruction is reported at slot 2).
    pub placed: Vec<(usize, SlotUnit, Pending)>,
    /// Errors found while packing (location, message).
    pub errors: Vec<(Loc, String)>,
}

fn ty_name(ty: InsnType) -> &'static str {
    match ty {
        InsnType::A => "A",
        InsnType::I => "I",
        InsnType::M => "M",
        InsnType::B => "B",
        InsnType::F => "F",
        InsnType::X => "X",
        InsnType::Dyn => "any",
    }
}

/// The template's name as its directive spells it (`.mii`).
pub fn template_name(t: u8) -> String {
    match UNITS[t as usize & 15] {
        Some(u) => {
            let mut s = String::from(".");
            for x in u {
                if x != SlotUnit::X {
                    s.push(x.letter().to_ascii_lowercase());
                }
            }
            if s == ".ml" {
                s.push('x');
            }
            s
        }
        None => String::from(".???"),
    }
}

/// Forms one bundle from the front of `q` (which must not be empty), removing
/// the instructions placed.
pub fn emit_one(q: &mut VecDeque<Pending>, mnemonic: &dyn Fn(&Pending) -> String) -> Packed {
    let mut errors = Vec::new();
    let n = q.len().min(3);
    let user = q[0].user_template;
    let mut t = match user {
        Some(t) => t,
        None => {
            let mut ty = [None; 3];
            for i in 0..n {
                if i != 0 && !q[i].labels.is_empty() {
                    break;
                }
                ty[i] = Some(q[i].ty);
            }
            best_template(ty)
        }
    };
    let mut placed: Vec<(usize, SlotUnit, Pending)> = Vec::new();
    let mut end_group = false;
    let mut manual = false;
    let mut i = 0usize;
    let mut first = true;
    while i < 3 && !q.is_empty() {
        let p = &q[0];
        if p.flags.has(Flags::SLOT2) {
            if manual && i != 2 {
                errors.push((
                    p.loc.clone(),
                    std::format!("`{}` must be last in a bundle", mnemonic(p)),
                ));
            } else {
                i = 2;
            }
        }
        if p.flags.has(Flags::LAST) {
            let (slot, tmpl) = match p.ty {
                InsnType::M => (0, T_M_MI),
                InsnType::B => (2, t),
                _ => (i, t),
            };
            if manual && i != slot {
                errors.push((
                    p.loc.clone(),
                    std::format!("`{}` must be last in an instruction group", mnemonic(p)),
                ));
            }
            if slot < i {
                break;
            }
            i = slot;
            t = tmpl;
        }
        if !first && !p.labels.is_empty() {
            if manual {
                errors.push((
                    p.loc.clone(),
                    "label inside a bundle: a label must be first in a bundle".into(),
                ));
            }
            break;
        }
        if p.manual_on {
            if first {
                manual = true;
            } else {
                break;
            }
        }
        if end_group {
            let units = UNITS[t as usize];
            let slot_unit = |k: usize| units.map(|u| u[k]);
            if i == 1
                && (user == Some(T_MMI) || (user.is_none() && slot_unit(0) == Some(SlotUnit::M)))
            {
                t = T_M_MI;
                end_group = false;
            } else if i == 2
                && (user == Some(T_MII) || (user.is_none() && slot_unit(1) == Some(SlotUnit::I)))
                && !p.flags.has(Flags::FIRST)
            {
                t = T_MI_I;
                end_group = false;
            } else if !first {
                break;
            }
        }
        let Some(units) = UNITS[t as usize] else {
            errors.push((p.loc.clone(), "reserved template".into()));
            q.pop_front();
            break;
        };
        let required = units[i];
        let unit = match p.ty {
            InsnType::Dyn => {
                if p.insn.form().name == "chk.s" {
                    if required == SlotUnit::I {
                        SlotUnit::I
                    } else {
                        SlotUnit::M
                    }
                } else {
                    required
                }
            }
            InsnType::A if matches!(required, SlotUnit::M | SlotUnit::I) => required,
            InsnType::A => SlotUnit::M,
            InsnType::X => SlotUnit::L,
            InsnType::I => SlotUnit::I,
            InsnType::M => SlotUnit::M,
            InsnType::B => SlotUnit::B,
            InsnType::F => SlotUnit::F,
        };
        if unit != required {
            if manual {
                errors.push((
                    p.loc.clone(),
                    std::format!(
                        "`{}` ({} unit) is not valid in slot {} ({} unit) of the {} template",
                        mnemonic(p),
                        ty_name(p.ty),
                        i,
                        required.letter(),
                        template_name(t)
                    ),
                ));
                q.pop_front();
                first = false;
                i += 1;
                continue;
            }
            if required == SlotUnit::L {
                break;
            }
            i += 1;
            continue;
        }
        let Some(p) = q.pop_front() else { break };
        first = false;
        // A stop the template already has after this slot absorbs a written one.
        end_group = p.stop
            && !crate::bundle::Template::from_code(t << 1).is_some_and(|tm| tm.stop_after(i));
        let off = p.manual_off;
        let slot = if required == SlotUnit::L { 2 } else { i };
        let slot_unit = if required == SlotUnit::L {
            SlotUnit::X
        } else {
            required
        };
        placed.push((slot, slot_unit, p));
        if required == SlotUnit::L {
            i += 1;
        }
        if off {
            manual = false;
            break;
        }
        i += 1;
    }
    if manual {
        match q.front() {
            Some(p) if !p.manual_on => errors.push((
                p.loc.clone(),
                std::format!(
                    "`{}` does not fit into the {} template",
                    mnemonic(p),
                    template_name(t)
                ),
            )),
            _ => {
                if let Some((_, _, p)) = placed.last() {
                    errors.push((p.loc.clone(), "missing `}` at the end of the bundle".into()));
                }
            }
        }
    }
    Packed {
        code: (t << 1) | end_group as u8,
        placed,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InsnType::*;

    #[test]
    fn best_templates_as_gas_picks_them() {
        // Values observed with GNU as 2.40 (see the conformance corpus).
        assert_eq!(best_template([Some(A), Some(M), Some(A)]), T_MMI);
        assert_eq!(best_template([Some(F), Some(B), None]), 14, "MFB");
        assert_eq!(best_template([Some(A), Some(X), Some(I)]), 2, "MLX");
        assert_eq!(best_template([Some(A), Some(X), None]), 2, "MLX");
        assert_eq!(best_template([Some(I), Some(A), None]), T_MII);
        assert_eq!(best_template([Some(B), None, None]), 8, "MIB");
        assert_eq!(template_name(2), ".mlx");
        assert_eq!(template_name(6), ".mfi");
    }
}
