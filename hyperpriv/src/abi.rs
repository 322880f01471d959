//! The generated artifacts, selected by format: what `ia64pv abi --asm | --c | --json`
//! prints.
use alloc::string::String;

/// One rendering of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbiFormat {
    /// The assembly include: `.equ NAME, value` lines ([`crate::asm_include`]).
    Asm,
    /// The C89 header ([`crate::c89_header`]).
    C,
    /// JSON ([`crate::json`]).
    Json,
}

/// The interface rendered as `kind`. The text depends only on this crate's
/// definitions (no time stamps, no host data), so it is byte-for-byte reproducible.
pub fn abi_text(kind: AbiFormat) -> String {
    match kind {
        AbiFormat::Asm => crate::asm::asm_include(),
        AbiFormat::C => crate::c89::c89_header(),
        AbiFormat::Json => crate::json::json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_are_ascii_and_reproducible() {
        for kind in [AbiFormat::Asm, AbiFormat::C, AbiFormat::Json] {
            let text = abi_text(kind);
            // The project's assembler and strict C89 compilers read ASCII only.
            if let Some((line, _)) = text.lines().enumerate().find(|(_, l)| !l.is_ascii()) {
                panic!(
                    "{kind:?} line {} is not ASCII: {:?}",
                    line + 1,
                    text.lines().nth(line)
                );
            }
            assert_eq!(
                text,
                abi_text(kind),
                "{kind:?} differs between two renderings"
            );
        }
    }
}
