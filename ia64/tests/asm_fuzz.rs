//! Fuzzing the assembler's parser: no input, however malformed, makes it panic.
//! Inputs are random bytes and random lines built from assembly fragments (so
//! most of them get deep into the parser, the packer and the fixup resolver).

use ia64::asm::elfout::{self, Layout};
use ia64::asm::{assemble, Options, Source};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "\t.text",
    "\t.data",
    "\t.bss",
    "{ .mii",
    "{ .mlx",
    "}",
    ";;",
    "x:",
    "1:",
    "(p6)",
    "add r1 = r2, r3",
    "movl r5 = x",
    "br.cond.sptk 1b",
    "br.call.sptk.many b0 = 1f",
    "ld8 r1 = [r2], 8",
    "data8 x - .",
    ".align 16",
    ".org 4",
    ".skip 3",
    ".byte 1, 2",
    "\t.macro m a=1\n\tadds r1 = \\a, r2\n\t.endm",
    "m 5",
    ".rept 2",
    ".endr",
    ".if 1",
    ".else",
    ".endif",
    ".equ y, x + 4",
    "alloc r32 = ar.pfs, 1, 1, 1, 0",
    "mov in0 = loc0",
    ".rotr a[8]",
    "mov a[9] = r1",
    "brl.sptk.few x",
    "nop 0",
    "break.m 0x1000",
    "mov r1 = ar.lc",
    "mov psr.l = r2",
    "\"unterminated",
    "/* open",
    "*/",
    ".section .x, \"ax\"",
    ".previous",
    ".pushsection .y",
    ".popsection",
    ".irp r, r1, r2",
    "mov \\r = 0",
    ".exitm",
    ".endm",
    "adds r1 = 0x7fffffffffffffff * 2, r2",
    "(1 + ",
    "r999",
    ".proc f",
    ".endp",
    "cmp.eq p1, p2 = 5, r3",
];

fn check(text: String) {
    let src = [Source {
        name: "fuzz.s".into(),
        text,
    }];
    if let Ok(a) = assemble(&src, &Options::default()) {
        let _ = elfout::write_rel(&a.object);
        let layout = Layout {
            section_start: vec![(".text".into(), 0x1000)],
            entry: None,
        };
        if let Ok(img) = elfout::link(&a.object, &layout) {
            let _ = img.to_elf();
            let _ = img.binary(&[]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn random_fragments_never_panic(picks in proptest::collection::vec((0..FRAGMENTS.len(), any::<u8>()), 0..60)) {
        let mut text = String::new();
        for (k, glue) in picks {
            text.push_str(FRAGMENTS[k]);
            text.push(match glue % 4 { 0 => ';', 1 => ' ', _ => '\n' });
        }
        check(text);
    }
}
