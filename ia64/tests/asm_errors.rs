//! One test per error class of the assembler: each checks the message and the
//! `file:line:column` location, and that every error of a run is reported.

use ia64::asm::{assemble, Diagnostics, Options, Source};

fn errors(src: &str) -> Diagnostics {
    errors_with(src, &Options::default())
}

fn errors_with(src: &str, opts: &Options) -> Diagnostics {
    match assemble(
        &[Source {
            name: "t.s".into(),
            text: src.into(),
        }],
        opts,
    ) {
        Ok(_) => panic!("assembled without errors:\n{src}"),
        Err(d) => d,
    }
}

/// The first error's (line, column, message).
fn first(d: &Diagnostics) -> (u32, u32, String) {
    let e = d.errors().next().expect("an error");
    (e.loc.line, e.loc.column, e.message.clone())
}

#[test]
fn unknown_mnemonic() {
    let d = errors("\t.text\n\tfrobnicate r1 = r2\n");
    assert_eq!(first(&d), (2, 2, "unknown mnemonic `frobnicate`".into()));
    let r = d.render();
    assert!(r.contains("t.s:2:2: error:"), "{r}");
    assert!(
        r.contains("frobnicate r1 = r2\n     ^"),
        "caret under the column:\n{r}"
    );
}

#[test]
fn unknown_completer() {
    let d = errors("\t.text\n\tld8.bogus r1 = [r2]\n");
    assert_eq!(
        first(&d),
        (2, 5, "unknown completer `.bogus` for `ld8`".into())
    );
}

#[test]
fn operand_out_of_range_names_the_range() {
    let d = errors("\t.text\n\tadds r1 = 8192, r2\n");
    let (line, col, msg) = first(&d);
    assert_eq!((line, col), (2, 12));
    assert!(msg.contains("8192 out of range -8192..8191"), "{msg}");
}

#[test]
fn instruction_not_valid_for_the_template_unit() {
    let d = errors("\t.text\n\t{ .mii\n\tnop.m 0\n\tld8 r1 = [r2]\n\tnop.i 0\n\t}\n");
    let (line, _, msg) = first(&d);
    assert_eq!(line, 4);
    assert!(
        msg.contains("`ld8` (M unit) is not valid in slot 1 (I unit) of the .mii template"),
        "{msg}"
    );
}

#[test]
fn label_inside_a_bundle() {
    let d = errors("\t.text\n\t{ .mii\n\tnop.m 0\nhere:\tnop.i 0\n\tnop.i 0\n\t}\n");
    assert_eq!(
        first(&d),
        (
            4,
            1,
            "label inside a bundle: a label must be first in a bundle".into()
        )
    );
}

#[test]
fn undefined_symbol_where_a_constant_is_needed() {
    let d = errors("\t.data\n\t.skip nowhere\n");
    assert_eq!(
        first(&d),
        (
            2,
            8,
            "undefined symbol `nowhere` in an expression that must be constant".into()
        )
    );
}

#[test]
fn doubly_defined_symbol_points_at_the_first_definition() {
    let d = errors("\t.text\nx:\tnop.m 0\n\t;;\nx:\tnop.m 0\n");
    assert_eq!(first(&d), (4, 1, "symbol `x` is already defined".into()));
    let e = d.errors().next().unwrap();
    let (loc, _) = e.note.clone().expect("note");
    assert_eq!((loc.line, loc.column), (2, 1));
}

#[test]
fn macro_recursion_limit() {
    let d = errors("\t.macro forever\n\tforever\n\t.endm\n\t.text\n\tforever\n");
    let (_, _, msg) = first(&d);
    assert!(msg.starts_with("macro recursion limit reached"), "{msg}");
}

#[test]
fn org_moving_backwards() {
    let d = errors("\t.data\n\t.skip 16\n\t.org 8\n");
    assert_eq!(
        first(&d),
        (
            3,
            7,
            "`.org` moves the location counter backwards (from 0x10 to 0x8)".into()
        )
    );
}

#[test]
fn branch_out_of_range() {
    let d = errors("\t.text\n\tbr.cond.sptk far\n\t;;\n\t.skip 0x1000000\nfar:\tnop.m 0\n");
    let (line, _, msg) = first(&d);
    assert_eq!(line, 2);
    assert!(msg.starts_with("branch target out of range"), "{msg}");
}

#[test]
fn all_errors_of_a_run_are_reported() {
    let d = errors("\t.text\n\tbogus1\n\tadds r1 = 99999, r2\n\tbogus2 r1\n\t.frob\n");
    let lines: Vec<u32> = d.errors().map(|e| e.loc.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5]);
}

#[test]
fn fatal_warnings_turn_dependency_warnings_into_errors() {
    let src = "\t.text\n\tmov r1 = r2\n\tmov r1 = r3\n\t;;\n";
    let ok = assemble(
        &[Source {
            name: "t.s".into(),
            text: src.into(),
        }],
        &Options::default(),
    )
    .expect("assembles");
    assert_eq!(ok.warnings.len(), 1, "WAW on r1 is a warning");
    assert_eq!(ok.warnings[0].loc.line, 3);
    let opts = Options {
        fatal_warnings: true,
        ..Options::default()
    };
    let d = errors_with(src, &opts);
    assert!(first(&d).2.contains("WAW"), "{:?}", first(&d));
}

#[test]
fn error_directive_and_missing_endif() {
    let d = errors("\t.error \"stop here\"\n\t.if 1\n");
    let msgs: Vec<String> = d.errors().map(|e| e.message.clone()).collect();
    assert_eq!(msgs[0], "stop here");
    assert!(msgs[1].contains("missing `.endif`"), "{msgs:?}");
}
