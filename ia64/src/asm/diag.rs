//! Source locations and diagnostics: every error and warning carries its
//! `file:line:column`, the source line and a caret under the column, and a run
//! collects all of them instead of stopping at the first.

use std::fmt;
use std::string::String;
use std::sync::Arc;
use std::vec::Vec;

/// A position in a source file (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    /// The file name as given (or as found on the include path).
    pub file: Arc<str>,
    /// Line number, from 1.
    pub line: u32,
    /// Column number, from 1 (in characters).
    pub column: u32,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The run fails.
    Error,
    /// Reported; an error only under `--fatal-warnings`.
    Warning,
}

/// One error or warning with its location and the source line it points into.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{loc}: {}: {message}", match .severity { Severity::Error => "error", Severity::Warning => "warning" })]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub loc: Loc,
    /// What went wrong, precisely.
    pub message: String,
    /// The source line, for the caret display.
    pub source_line: String,
    /// A second location that explains the first (the earlier definition, the
    /// conflicting instruction).
    pub note: Option<(Loc, String)>,
}

impl Diagnostic {
    /// The diagnostic as a compiler prints it: the header line, the source line,
    /// a caret under the column, and the note if any.
    pub fn render(&self) -> String {
        let mut s = std::format!("{self}\n");
        if !self.source_line.is_empty() {
            s.push_str(&std::format!(
                "    {}\n",
                self.source_line.replace('\t', " ")
            ));
            let pad: String = " ".repeat(self.loc.column.saturating_sub(1) as usize);
            s.push_str(&std::format!("    {pad}^\n"));
        }
        if let Some((loc, msg)) = &self.note {
            s.push_str(&std::format!("{loc}: note: {msg}\n"));
        }
        s
    }
}

/// Every diagnostic of a failed run, in source order of discovery.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} error(s):\n{}", self.errors().count(), self.render())]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The errors among the diagnostics.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    /// All diagnostics rendered one after the other.
    pub fn render(&self) -> String {
        self.0.iter().map(Diagnostic::render).collect()
    }
}
