//! Building bare-metal programs for the simulator from assembly source: the
//! project's assembler ([`ia64::asm`]) and its direct linker, with `.text` at
//! [`TEXT_BASE`] and the entry at `_start` — the layout of the self-checking
//! programs and benchmark workloads, which Ski loads the same way
//! (ski-conventions.md: system mode, segments at their physical addresses).

use std::string::String;
use std::vec::Vec;

use ia64::asm::elfout::{link, Layout, LinkError};
use ia64::asm::{assemble_text, Options};

/// Where a program's `.text` is linked: clear of a 32 KiB IVT at 0 and of the
/// low pages programs use for data.
pub const TEXT_BASE: u64 = 0x10_0000;

/// Why a program did not build.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The assembler's diagnostics, rendered with file:line:column.
    #[error("assembling {name}:\n{diagnostics}")]
    Assemble {
        /// The source's name.
        name: String,
        /// The rendered diagnostics.
        diagnostics: String,
    },
    /// The link failed.
    #[error("linking {name}: {error}")]
    Link {
        /// The source's name.
        name: String,
        /// Why.
        error: LinkError,
    },
}

/// Assembles `text` (named `name` in diagnostics; `.include`s search
/// `opts.include_dirs`) and links it as an ELF executable with `.text` at
/// [`TEXT_BASE`] and entry `_start`.
pub fn build(name: &str, text: &str, opts: &Options) -> Result<Vec<u8>, BuildError> {
    let assembled = assemble_text(name, text, opts).map_err(|d| BuildError::Assemble {
        name: name.into(),
        diagnostics: d.render(),
    })?;
    let layout = Layout {
        section_start: vec![(".text".into(), TEXT_BASE)],
        entry: Some("_start".into()),
    };
    link(&assembled.object, &layout)
        .map(|image| image.to_elf())
        .map_err(|error| BuildError::Link {
            name: name.into(),
            error,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Exit, Machine};

    #[test]
    fn a_program_builds_loads_and_runs_from_text_base() {
        let src = "\t.text\n\t.global _start\n_start:\n\tmov r15 = 66\n\tmov r32 = 7 ;;\n\
                   \tbreak.m 0x80000 ;;\n";
        let elf = build("t.S", src, &Options::default()).expect("builds");
        let mut m = Machine::new(Config::default());
        m.load_elf(&elf).expect("loads");
        assert_eq!(m.ip(), TEXT_BASE);
        assert_eq!(m.run(100), Exit::Exited(7));
    }

    #[test]
    fn errors_name_the_source_and_the_place() {
        let e = build(
            "bad.S",
            "\t.text\n_start:\n\tnot_an_insn r1\n",
            &Options::default(),
        )
        .expect_err("must fail");
        let text = e.to_string();
        assert!(text.contains("bad.S:3:"), "{text}");
        let e = build(
            "u.S",
            "\t.text\n_start:\n\tbr.few nowhere ;;\n",
            &Options::default(),
        )
        .expect_err("must fail");
        assert!(matches!(e, BuildError::Link { .. }), "{e}");
    }
}
