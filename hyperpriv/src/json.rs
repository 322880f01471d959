//! The interface as JSON, for tools that are neither assembly nor C.
//!
//! Constant values are strings (`"0xfffffffffff04880"`, `"-1"`): IA-64 addresses do
//! not fit the 53 bits a JSON number holds exactly. Sizes, offsets and call numbers
//! are plain numbers.
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

use crate::constants::{constant_groups, ConstValue};
use crate::hypercall::{FirmwareCall, Hypercall, HYPERCALL_CONVENTION};
use crate::hyperprivop::{HYPERPRIVOPS, HYPERPRIVOP_CONVENTION};
use crate::layout::{doc_line, STRUCTS};
use crate::regs::{BreakSlot, Gr};

/// A JSON value, kept in insertion order so the output is deterministic.
enum J {
    Null,
    Bool(bool),
    Num(u64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

fn s(text: impl Into<String>) -> J {
    J::Str(text.into())
}

fn regs(list: &[Gr]) -> J {
    J::Arr(list.iter().map(|r| s(r.to_string())).collect())
}

fn slots(list: &[BreakSlot]) -> J {
    J::Arr(list.iter().map(|b| s(b.letter())).collect())
}

fn strs(list: &[&str]) -> J {
    J::Arr(list.iter().map(|t| s(*t)).collect())
}

fn escape(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl J {
    fn is_scalar(&self) -> bool {
        !matches!(self, J::Arr(_) | J::Obj(_))
    }

    fn render(&self, out: &mut String, indent: usize) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => {
                let _ = write!(out, "{n}");
            }
            J::Str(t) => escape(out, t),
            // Arrays of scalars (register lists) stay on one line.
            J::Arr(items) if items.iter().all(J::is_scalar) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.render(out, indent);
                }
                out.push(']');
            }
            J::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    push_indent(out, indent + 1);
                    item.render(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent);
                out.push(']');
            }
            J::Obj(members) => {
                out.push_str("{\n");
                for (i, (key, value)) in members.iter().enumerate() {
                    push_indent(out, indent + 1);
                    escape(out, key);
                    out.push_str(": ");
                    value.render(out, indent + 1);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent);
                out.push('}');
            }
        }
    }
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// The interface as a JSON document.
pub fn json() -> String {
    let hp = HYPERPRIVOP_CONVENTION;
    let hyperprivop_convention = J::Obj(Vec::from([
        ("args", regs(&hp.args)),
        ("result", s(hp.result.to_string())),
        ("break_slots", slots(&hp.break_slots)),
        (
            "fast_path_scratch",
            regs(&[hp.fast_path_scratch.0, hp.fast_path_scratch.1]),
        ),
    ]));
    let hyperprivops = HYPERPRIVOPS
        .iter()
        .map(|i| {
            J::Obj(Vec::from([
                ("number", J::Num(i.op.imm())),
                ("name", s(i.name)),
                ("emulates", s(i.emulates)),
                ("inputs", regs(i.inputs)),
                ("output", i.output.map_or(J::Null, |r| s(r.to_string()))),
                ("also_changes", regs(i.also_changes)),
                ("xsi_inputs", strs(i.xsi_inputs)),
                ("xsi_outputs", strs(i.xsi_outputs)),
                ("fast_path", J::Bool(i.fast_path)),
            ]))
        })
        .collect();

    let hc = HYPERCALL_CONVENTION;
    let hypercall_convention = J::Obj(Vec::from([
        ("number", s(hc.number.to_string())),
        ("args", regs(&hc.args)),
        ("result", s(hc.result.to_string())),
        ("break_imm", J::Num(hc.break_imm)),
        ("break_slots", slots(&hc.break_slots)),
        ("firmware_range", s("r2 >> 8 != 0")),
    ]));
    let hypercalls = Hypercall::ALL
        .iter()
        .map(|h| {
            J::Obj(Vec::from([
                ("number", J::Num(h.number())),
                ("name", s(h.name())),
            ]))
        })
        .collect();
    let firmware_calls = FirmwareCall::ALL
        .iter()
        .map(|f| {
            J::Obj(Vec::from([
                ("number", J::Num(f.number())),
                ("name", s(f.name())),
                ("registers", s(f.registers())),
            ]))
        })
        .collect();

    let mut constants = Vec::new();
    for group in constant_groups() {
        for c in group.constants {
            let value = match c.value {
                ConstValue::Unsigned(v) => format!("{v:#x}"),
                ConstValue::Signed(v) => v.to_string(),
            };
            constants.push(J::Obj(Vec::from([
                ("group", s(group.title)),
                ("name", J::Str(c.name)),
                ("value", J::Str(value)),
                ("doc", J::Str(c.doc)),
            ])));
        }
    }

    let structs = STRUCTS
        .iter()
        .map(|d| {
            let fields = d
                .fields
                .iter()
                .map(|f| {
                    J::Obj(Vec::from([
                        ("name", s(f.name)),
                        ("offset", J::Num(f.offset as u64)),
                        ("size", J::Num(f.size() as u64)),
                        ("type", s(f.ty.name())),
                        ("count", f.array.map_or(J::Null, |n| J::Num(n as u64))),
                        ("doc", J::Str(doc_line(f.doc))),
                    ]))
                })
                .collect();
            J::Obj(Vec::from([
                ("name", s(d.c_name)),
                ("rust_name", s(d.rust_name)),
                ("size", J::Num(d.size as u64)),
                ("doc", J::Str(doc_line(d.doc))),
                ("fields", J::Arr(fields)),
            ]))
        })
        .collect();

    let doc = J::Obj(Vec::from([
        ("generator", s("hyperpriv")),
        ("hyperprivop_convention", hyperprivop_convention),
        ("hyperprivops", J::Arr(hyperprivops)),
        ("hypercall_convention", hypercall_convention),
        ("hypercalls", J::Arr(hypercalls)),
        ("firmware_calls", J::Arr(firmware_calls)),
        ("constants", J::Arr(constants)),
        ("structs", J::Arr(structs)),
    ]));
    let mut out = String::new();
    doc.render(&mut out, 0);
    out.push('\n');
    out.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::AbiStruct;
    use crate::MappedRegs;
    use serde_json::Value;

    fn parsed() -> Value {
        serde_json::from_str(&json()).expect("valid JSON")
    }

    #[test]
    fn escaping_survives_a_parser() {
        let mut out = String::new();
        escape(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(
            serde_json::from_str::<String>(&out).expect("parse"),
            "a\"b\\c\nd\u{1}é"
        );
    }

    #[test]
    fn document_carries_every_item() {
        let v = parsed();
        assert_eq!(v["hyperprivops"].as_array().map(Vec::len), Some(26));
        let set_kr = &v["hyperprivops"][0x11];
        assert_eq!(set_kr["name"], "SET_KR");
        assert_eq!(set_kr["inputs"], serde_json::json!(["r8", "r9"]));
        assert_eq!(set_kr["also_changes"], serde_json::json!(["r8"]));
        assert_eq!(
            v["hypercall_convention"]["args"],
            serde_json::json!(["r32", "r33", "r34", "r35", "r36"])
        );
        assert_eq!(
            v["hypercalls"].as_array().map(Vec::len),
            Some(Hypercall::ALL.len())
        );
        let xsi_ipsr = v["constants"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == "XSI_IPSR"))
            .expect("XSI_IPSR");
        assert_eq!(xsi_ipsr["value"], "0xfffffffffff04880");
        let regs = v["structs"]
            .as_array()
            .and_then(|a| a.iter().find(|s| s["name"] == "mapped_regs"))
            .expect("mapped_regs");
        assert_eq!(regs["size"], 4096);
        assert_eq!(
            regs["fields"].as_array().map(Vec::len),
            Some(MappedRegs::DESC.fields.len())
        );
    }
}
