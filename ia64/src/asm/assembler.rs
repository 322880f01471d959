//! The assembler proper: reads source lines (with macros, conditionals and
//! includes), handles directives and labels, parses instructions through the
//! table index, queues them for [`super::pack`], and resolves symbols and
//! relocations when the input ends.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::string::{String, ToString};
use std::sync::Arc;
use std::vec::Vec;

use super::deps::{mnemonic, Checker, DepWarning, PredRel, Remedy};
use super::diag::{Diagnostic, Diagnostics, Loc, Severity};
use super::expr::{is_name_char, is_name_start, BinOp, Expr, Parser, UnOp};
use super::insn::{self, InsnType, Operand, RegFile};
use super::object::{self as obj, Binding, Field, Object, Reloc, SymSection, Target};
use super::pack::{self, Pending};
use crate::bundle::{Bundle, SlotUnit};
use crate::encode::encode;
use crate::form::{Flags, Unit};
use crate::operand::{Class, Opnd};

/// Assembler settings.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Directories searched by `.include` after the including file's directory.
    pub include_dirs: Vec<PathBuf>,
    /// `--defsym NAME=VALUE` definitions.
    pub defsyms: Vec<(String, i64)>,
    /// Treat warnings as errors.
    pub fatal_warnings: bool,
    /// Start in automatic mode (`-xauto`): instruction-group stops are inserted
    /// where a dependency needs one, and written stops are ignored. Otherwise
    /// explicit mode (`-xexplicit`): stops are as written, conflicts are warned.
    pub auto: bool,
}

/// One input: a name for diagnostics and its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// File name (used for diagnostics and relative `.include`s).
    pub name: String,
    /// The text.
    pub text: String,
}

/// A successful run: the object, and what it printed or warned.
#[derive(Clone, Debug)]
pub struct Assembled {
    /// The object.
    pub object: Object,
    /// Warnings (dependency violations, `.warning`).
    pub warnings: Vec<Diagnostic>,
    /// Text of `.print` directives, in order.
    pub printed: Vec<String>,
}

/// Largest section a `.skip`, `.org` or `.align` may create (guards memory).
const MAX_SECTION_BYTES: u64 = 1 << 28;
/// Most lines one `.rept` may expand to.
const MAX_EXPANSION_LINES: u128 = 1 << 22;
/// Most nested macro expansions (GNU as's limit is also a nesting depth).
const MACRO_DEPTH_LIMIT: usize = 100;

#[derive(Clone, Debug)]
enum Def {
    Undef,
    Abs(i64),
    Sect(usize, u64),
    Pending,
    Expr(Expr, Option<(usize, u64)>),
}

#[derive(Clone, Debug)]
struct Sym {
    name: String,
    def: Def,
    binding: Binding,
    kind: u8,
    size: Option<Expr>,
    loc: Option<Loc>,
    used: bool,
    section_of: Option<usize>,
    resolving: bool,
}

#[derive(Clone, Debug)]
enum FixKind {
    Data(u8),
    Insn { slot: u8, opnd: Opnd, long: bool },
}

#[derive(Clone, Debug)]
struct Fixup {
    offset: u64,
    kind: FixKind,
    expr: Expr,
    loc: Loc,
    src: String,
}

struct Sect {
    name: String,
    sh_type: u32,
    flags: u64,
    align: u64,
    data: Vec<u8>,
    bss: u64,
    fixups: Vec<Fixup>,
    queue: VecDeque<Pending>,
    labels: Vec<usize>,
    last_bundle: Option<usize>,
    relocs: Vec<Reloc>,
}

impl Sect {
    fn code(&self) -> bool {
        self.flags & obj::SHF_EXECINSTR != 0
    }
    fn len(&self) -> u64 {
        if self.sh_type == obj::SHT_NOBITS {
            self.bss
        } else {
            self.data.len() as u64
        }
    }
}

#[derive(Clone, Debug)]
struct Macro {
    params: Vec<(String, Option<String>)>,
    body: Vec<(String, u32)>,
    file: Arc<str>,
}

struct Frame {
    file: Arc<str>,
    lines: Vec<(String, u32)>,
    idx: usize,
    is_macro: bool,
}

impl Frame {
    /// The lines of source file `name`, numbered from 1.
    fn of_file(name: &str, text: &str) -> Frame {
        Frame {
            file: Arc::from(name),
            lines: text
                .lines()
                .enumerate()
                .map(|(n, l)| (l.to_string(), n as u32 + 1))
                .collect(),
            idx: 0,
            is_macro: false,
        }
    }
}

#[derive(Clone, Copy)]
struct Cond {
    active: bool,
    done: bool,
    outer: bool,
}

enum Capture {
    Macro {
        name: String,
        params: Vec<(String, Option<String>)>,
        depth: usize,
        body: Vec<(String, u32)>,
    },
    Repeat {
        kind: RepeatKind,
        depth: usize,
        body: Vec<(String, u32)>,
    },
}

enum RepeatKind {
    Rept(i64),
    Irp(String, Vec<String>),
}

#[derive(Clone, Copy, Default)]
struct Frame3 {
    ins: u16,
    locs: u16,
    outs: u16,
}

/// The assembler's state for one run.
pub struct Assembler {
    opts: Options,
    diags: Vec<Diagnostic>,
    printed: Vec<String>,
    sects: Vec<Sect>,
    cur: usize,
    prev: usize,
    stack: Vec<(usize, usize)>,
    syms: Vec<Sym>,
    sym_ix: HashMap<String, usize>,
    local_count: HashMap<u32, u32>,
    macros: HashMap<String, Macro>,
    macro_counter: u64,
    frames: Vec<Frame>,
    conds: Vec<Cond>,
    capture: Option<Capture>,
    in_comment: bool,
    regstk: Frame3,
    rot: HashMap<String, (RegFile, u16, u16)>,
    in_bundle: bool,
    bundle_started: bool,
    next_template: Option<u8>,
    next_manual_on: bool,
    procs: Vec<String>,
    checker: Checker,
    /// Automatic mode is in force (see [`Options::auto`]).
    auto: bool,
    /// The mode was chosen by `.auto`/`.explicit` rather than by default; GNU as
    /// then does not switch to explicit mode for a `{` bundle.
    mode_set: bool,
    /// The current `{` bundle left default automatic mode; `}` returns to it.
    bundle_auto: bool,
    /// An instruction automatic mode inserted (`srlz`) is being assembled.
    inserting: bool,
    line_text: String,
    loc_file: Arc<str>,
    loc_line: u32,
    ended: bool,
}

/// Assembles one source text named `name` (for diagnostics and relative
/// `.include`s): [`assemble`] with a single [`Source`].
pub fn assemble_text(name: &str, text: &str, opts: &Options) -> Result<Assembled, Diagnostics> {
    assemble(
        &[Source {
            name: name.into(),
            text: text.into(),
        }],
        opts,
    )
}

/// Assembles `sources` as one unit (like `as a.s b.s`).
pub fn assemble(sources: &[Source], opts: &Options) -> Result<Assembled, Diagnostics> {
    let mut a = Assembler::new(opts.clone());
    for s in sources {
        a.run_file(&s.name, &s.text);
    }
    a.finish()
}

fn strip_quotes(s: &str) -> Option<&str> {
    let s = s.trim();
    s.strip_prefix('"')?.strip_suffix('"')
}

/// Splits at top-level commas (outside quotes and parentheses).
fn split_commas(s: &str) -> Vec<(usize, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut q = false;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if q {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                q = false;
            }
        } else {
            match c {
                b'"' => q = true,
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                b',' if depth == 0 => {
                    out.push((start, &s[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if !s.trim().is_empty() || !out.is_empty() {
        out.push((start, &s[start..]));
    }
    out.into_iter()
        .map(|(at, t)| (at + (t.len() - t.trim_start().len()), t.trim()))
        .collect()
}

/// Decodes a string literal's contents.
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match super::expr::char_value(&b[i..]) {
            Some((v, n)) => {
                out.push(v);
                i += n;
            }
            None => break,
        }
    }
    out
}

impl Assembler {
    fn new(opts: Options) -> Assembler {
        let mut a = Assembler {
            opts,
            diags: Vec::new(),
            printed: Vec::new(),
            sects: Vec::new(),
            cur: 0,
            prev: 0,
            stack: Vec::new(),
            syms: Vec::new(),
            sym_ix: HashMap::new(),
            local_count: HashMap::new(),
            macros: HashMap::new(),
            macro_counter: 0,
            frames: Vec::new(),
            conds: Vec::new(),
            capture: None,
            in_comment: false,
            regstk: Frame3::default(),
            rot: HashMap::new(),
            in_bundle: false,
            bundle_started: false,
            next_template: None,
            next_manual_on: false,
            procs: Vec::new(),
            checker: Checker::new(),
            auto: false,
            mode_set: false,
            bundle_auto: false,
            inserting: false,
            line_text: String::new(),
            loc_file: Arc::from(""),
            loc_line: 0,
            ended: false,
        };
        a.section_named(
            ".text",
            Some((obj::SHT_PROGBITS, obj::SHF_ALLOC | obj::SHF_EXECINSTR)),
        );
        a.section_named(
            ".data",
            Some((obj::SHT_PROGBITS, obj::SHF_ALLOC | obj::SHF_WRITE)),
        );
        a.section_named(
            ".bss",
            Some((obj::SHT_NOBITS, obj::SHF_ALLOC | obj::SHF_WRITE)),
        );
        a.sects[0].align = 16;
        a.auto = a.opts.auto;
        a.cur = 0;
        a.prev = 0;
        for (name, v) in a.opts.defsyms.clone() {
            let i = a.sym(&name);
            a.syms[i].def = Def::Abs(v);
        }
        a
    }

    // ------------------------------------------------------------------
    // Diagnostics.

    fn loc(&self, col: usize) -> Loc {
        Loc {
            file: self.loc_file.clone(),
            line: self.loc_line,
            column: col as u32 + 1,
        }
    }

    fn warn_at(&mut self, col: usize, msg: impl Into<String>) {
        self.report_at(Severity::Warning, col, msg.into());
    }

    fn error_at(&mut self, col: usize, msg: impl Into<String>) {
        self.report_at(Severity::Error, col, msg.into());
    }

    /// Reports `msg` at column `col` of the current line, quoting the line.
    fn report_at(&mut self, severity: Severity, col: usize, msg: String) {
        let loc = self.loc(col);
        self.diag(severity, loc, msg, self.line_text.clone(), None);
    }

    fn diag(
        &mut self,
        severity: Severity,
        loc: Loc,
        message: String,
        source_line: String,
        note: Option<(Loc, String)>,
    ) {
        let severity = if severity == Severity::Warning && self.opts.fatal_warnings {
            Severity::Error
        } else {
            severity
        };
        self.diags.push(Diagnostic {
            severity,
            loc,
            message,
            source_line,
            note,
        });
    }

    // ------------------------------------------------------------------
    // Input.

    fn run_file(&mut self, name: &str, text: &str) {
        self.frames.push(Frame::of_file(name, text));
        self.ended = false;
        self.run();
        self.in_comment = false;
    }

    fn run(&mut self) {
        while let Some(f) = self.frames.last_mut() {
            if f.idx >= f.lines.len() || self.ended {
                self.frames.pop();
                if self.frames.is_empty() {
                    break;
                }
                continue;
            }
            let (line, no) = f.lines[f.idx].clone();
            f.idx += 1;
            self.loc_file = f.file.clone();
            self.loc_line = no;
            self.line(&line);
        }
        self.ended = false;
    }

    /// Removes comments: `//` to the end, `#` at the start, `/* */` (may span lines).
    fn strip_comments(&mut self, line: &str) -> String {
        let b = line.as_bytes();
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        let mut q = false;
        if !self.in_comment && line.trim_start().starts_with('#') {
            return String::new();
        }
        while i < b.len() {
            if self.in_comment {
                if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    self.in_comment = false;
                    out.push_str("  ");
                    i += 2;
                } else {
                    out.push(' ');
                    i += 1;
                }
                continue;
            }
            let c = b[i];
            if q {
                if c == b'\\' && i + 1 < b.len() && b[i + 1].is_ascii() {
                    out.push_str(&line[i..i + 2]);
                    i += 2;
                    continue;
                }
                if c == b'"' {
                    q = false;
                }
            } else if c == b'"' {
                q = true;
            } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
                break;
            } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                self.in_comment = true;
                out.push_str("  ");
                i += 2;
                continue;
            } else if c == b'\'' && i + 1 < b.len() {
                let n = super::expr::char_value(&b[i + 1..]).map_or(1, |(_, n)| n);
                let end = (i + 1 + n).min(b.len());
                if line.is_char_boundary(end) {
                    out.push_str(&line[i..end]);
                    i = end;
                    continue;
                }
            }
            let ch_len = line[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&line[i..i + ch_len]);
            i += ch_len;
        }
        out
    }

    fn first_word(s: &str) -> (&str, &str) {
        let t = s.trim_start();
        // Skip a leading `label:`.
        let t = match t.find(':') {
            Some(p) if p > 0 && t[..p].bytes().all(is_name_char) && !t[..p].starts_with('.') => {
                t[p + 1..].trim_start()
            }
            _ => t,
        };
        let end = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
        (&t[..end], t[end..].trim())
    }

    fn active(&self) -> bool {
        self.conds.last().is_none_or(|c| c.active)
    }

    fn line(&mut self, raw: &str) {
        let text = self.strip_comments(raw);
        self.line_text = raw.to_string();
        if self.capture.is_some() {
            self.capture_line(raw, &text);
            return;
        }
        let (word, rest) = Self::first_word(&text);
        let lw = word.to_ascii_lowercase();
        if self.conditional(&lw, rest, &text) {
            return;
        }
        if !self.active() {
            return;
        }
        match lw.as_str() {
            ".macro" => {
                let (name, params) = self.macro_header(rest);
                self.capture = Some(Capture::Macro {
                    name,
                    params,
                    depth: 0,
                    body: Vec::new(),
                });
                return;
            }
            ".rept" => {
                let col = text.find(rest).unwrap_or(0);
                let n = self.const_expr(rest, col).unwrap_or(0);
                self.capture = Some(Capture::Repeat {
                    kind: RepeatKind::Rept(n),
                    depth: 0,
                    body: Vec::new(),
                });
                return;
            }
            ".irp" | ".irpc" => {
                let parts = split_commas(rest);
                let (name, vals) = match parts.split_first() {
                    Some(((_, n), v)) => (
                        n.to_string(),
                        v.iter().map(|(_, s)| s.to_string()).collect::<Vec<_>>(),
                    ),
                    None => (String::new(), Vec::new()),
                };
                let vals = if lw == ".irpc" {
                    vals.concat().chars().map(|c| c.to_string()).collect()
                } else if vals.is_empty() {
                    std::vec![String::new()]
                } else {
                    vals
                };
                self.capture = Some(Capture::Repeat {
                    kind: RepeatKind::Irp(name, vals),
                    depth: 0,
                    body: Vec::new(),
                });
                return;
            }
            _ => {}
        }
        self.statements(&text);
    }

    fn capture_line(&mut self, raw: &str, text: &str) {
        let (word, _) = Self::first_word(text);
        let lw = word.to_ascii_lowercase();
        let no = self.loc_line;
        let Some(cap) = self.capture.as_mut() else {
            return;
        };
        // A nested capture of the same kind opens and closes inside the body; the
        // closing directive at depth 0 ends this one.
        let (depth, body, opens, close) = match cap {
            Capture::Macro { depth, body, .. } => (depth, body, lw == ".macro", ".endm"),
            Capture::Repeat { depth, body, .. } => {
                let opens = matches!(lw.as_str(), ".rept" | ".irp" | ".irpc");
                (depth, body, opens, ".endr")
            }
        };
        if opens {
            *depth += 1;
        }
        if lw != close || *depth > 0 {
            if lw == close {
                *depth -= 1;
            }
            body.push((raw.to_string(), no));
            return;
        }
        match self.capture.take() {
            Some(Capture::Macro {
                name, params, body, ..
            }) => {
                let file = self.loc_file.clone();
                self.macros
                    .insert(name.to_ascii_lowercase(), Macro { params, body, file });
            }
            Some(Capture::Repeat { kind, body, .. }) => {
                let mut lines = Vec::new();
                match kind {
                    RepeatKind::Rept(n) => {
                        if n.max(0) as u128 * body.len() as u128 > MAX_EXPANSION_LINES {
                            self.error_at(0, std::format!("`.rept {n}` expands to too many lines (at most {MAX_EXPANSION_LINES})"));
                            return;
                        }
                        for _ in 0..n.max(0) {
                            lines.extend(body.iter().cloned());
                        }
                    }
                    RepeatKind::Irp(name, vals) => {
                        for v in vals {
                            let args = [(name.clone(), v)];
                            for (l, no) in &body {
                                lines.push((self.substitute(l, &args), *no));
                            }
                        }
                    }
                }
                self.push_expansion(lines, false);
            }
            None => {}
        }
    }

    fn push_expansion(&mut self, lines: Vec<(String, u32)>, is_macro: bool) {
        let depth = self.frames.iter().filter(|f| f.is_macro).count();
        if depth >= MACRO_DEPTH_LIMIT {
            self.error_at(
                0,
                std::format!(
                    "macro recursion limit reached ({MACRO_DEPTH_LIMIT} nested expansions)"
                ),
            );
            return;
        }
        let file = self.loc_file.clone();
        self.frames.push(Frame {
            file,
            lines,
            idx: 0,
            is_macro,
        });
    }

    fn macro_header(&mut self, rest: &str) -> (String, Vec<(String, Option<String>)>) {
        let rest = rest.trim();
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        let name = rest[..end].to_string();
        let mut params = Vec::new();
        for p in rest[end..]
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match p.split_once('=') {
                Some((n, d)) => params.push((
                    n.trim().trim_end_matches(":req").to_string(),
                    Some(d.trim().to_string()),
                )),
                None => params.push((p.trim_end_matches(":req").to_string(), None)),
            }
        }
        if name.is_empty() {
            self.error_at(0, "`.macro` needs a name");
        }
        (name, params)
    }

    fn substitute(&self, line: &str, args: &[(String, String)]) -> String {
        let b = line.as_bytes();
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                if b.get(i + 1) == Some(&b'@') {
                    out.push_str(&self.macro_counter.to_string());
                    i += 2;
                    continue;
                }
                if b.get(i + 1) == Some(&b'(') && b.get(i + 2) == Some(&b')') {
                    i += 3;
                    continue;
                }
                let mut j = i + 1;
                while j < b.len()
                    && (b[j].is_ascii_alphanumeric()
                        || b[j] == b'_'
                        || b[j] == b'.'
                        || b[j] == b'$')
                {
                    j += 1;
                }
                let name = &line[i + 1..j];
                // The longest parameter name that is a prefix of what follows.
                let best = args
                    .iter()
                    .filter(|(n, _)| !n.is_empty() && name.starts_with(n.as_str()))
                    .max_by_key(|(n, _)| n.len());
                if let Some((n, v)) = best {
                    out.push_str(v);
                    i += 1 + n.len();
                    continue;
                }
            }
            let ch = line[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&line[i..i + ch]);
            i += ch;
        }
        out
    }

    fn invoke_macro(&mut self, name: &str, rest: &str) {
        let Some(m) = self.macros.get(name).cloned() else {
            return;
        };
        let mut values: Vec<Option<String>> = std::vec![None; m.params.len()];
        let mut positional = 0;
        for (_, a) in split_commas(rest) {
            if let Some((k, v)) = a.split_once('=') {
                if let Some(ix) = m.params.iter().position(|(n, _)| n == k.trim()) {
                    values[ix] = Some(v.trim().to_string());
                    continue;
                }
            }
            if positional < values.len() {
                values[positional] = Some(a.to_string());
                positional += 1;
            } else {
                self.error_at(0, std::format!("too many arguments to macro `{name}`"));
            }
        }
        let args: Vec<(String, String)> = m
            .params
            .iter()
            .zip(values)
            .map(|((n, d), v)| (n.clone(), v.or(d.clone()).unwrap_or_default()))
            .collect();
        let lines = m
            .body
            .iter()
            .map(|(l, no)| (self.substitute(l, &args), *no))
            .collect();
        // `\@` counts the macro expansions before this one.
        self.macro_counter += 1;
        self.push_expansion(lines, true);
        if let Some(f) = self.frames.last_mut() {
            if f.is_macro {
                f.file = m.file.clone();
            }
        }
    }

    /// Handles `.if`-family directives; returns whether the line was one.
    fn conditional(&mut self, w: &str, rest: &str, text: &str) -> bool {
        let col = text.find(rest).unwrap_or(0);
        let outer = self.active();
        match w {
            ".if" | ".ifeq" | ".ifne" | ".ifdef" | ".ifndef" | ".ifnotdef" | ".ifc" | ".ifnc"
            | ".ifb" | ".ifnb" => {
                let v = if outer {
                    self.cond_value(w, rest, col)
                } else {
                    false
                };
                self.conds.push(Cond {
                    active: outer && v,
                    done: v,
                    outer,
                });
                true
            }
            ".elseif" => {
                let Some(c) = self.conds.last().copied() else {
                    self.error_at(0, "`.elseif` without `.if`");
                    return true;
                };
                let v = c.outer && !c.done && self.cond_value(".if", rest, col);
                if let Some(c) = self.conds.last_mut() {
                    c.active = v;
                    c.done |= v;
                }
                true
            }
            ".else" => {
                match self.conds.last_mut() {
                    Some(c) => {
                        c.active = c.outer && !c.done;
                        c.done = true;
                    }
                    None => self.error_at(0, "`.else` without `.if`"),
                }
                true
            }
            ".endif" => {
                if self.conds.pop().is_none() {
                    self.error_at(0, "`.endif` without `.if`");
                }
                true
            }
            _ => false,
        }
    }

    fn cond_value(&mut self, w: &str, rest: &str, col: usize) -> bool {
        match w {
            ".ifdef" | ".ifndef" | ".ifnotdef" => {
                let name = rest.trim();
                let def = self
                    .sym_ix
                    .get(name)
                    .is_some_and(|&i| !matches!(self.syms[i].def, Def::Undef));
                (w == ".ifdef") == def
            }
            ".ifc" | ".ifnc" => {
                let parts = split_commas(rest);
                let get = |k: usize| {
                    parts
                        .get(k)
                        .map(|(_, s)| strip_quotes(s).unwrap_or(s).to_string())
                        .unwrap_or_default()
                };
                (get(0) == get(1)) == (w == ".ifc")
            }
            ".ifb" | ".ifnb" => rest.trim().is_empty() == (w == ".ifb"),
            _ => {
                let v = self.const_expr(rest, col).unwrap_or(0);
                match w {
                    ".ifeq" => v == 0,
                    _ => v != 0,
                }
            }
        }
    }

    // ------------------------------------------------------------------
    // Statements.

    fn statements(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        let mut q = false;
        while i < b.len() {
            let c = b[i];
            if q {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    q = false;
                }
            } else if c == b'"' {
                q = true;
            } else if c == b'\'' {
                i += 1;
            } else if c == b';' {
                let frames = self.frames.len();
                self.statement(&text[start..i], start);
                if self.frames.len() > frames {
                    self.defer_rest_of_line(text, i);
                    return;
                }
                if b.get(i + 1) == Some(&b';') {
                    self.written_stop(i);
                    i += 1;
                }
                start = i + 1;
            }
            i += 1;
        }
        if start < text.len() {
            self.statement(&text[start..], start);
        }
    }

    /// The statement before byte `at` of `text` invoked a macro (or included a
    /// file): GNU as reads the expansion before the rest of the line, so a `;;`
    /// there stops after the expansion's last instruction, not before its first.
    /// The rest becomes a one-line frame under the expansion's, with what was read
    /// blanked so columns in diagnostics stay those of the source line.
    fn defer_rest_of_line(&mut self, text: &str, at: usize) {
        let Some(expansion) = self.frames.pop() else {
            return;
        };
        let mut rest = " ".repeat(at);
        rest.push_str(&text[at..]);
        self.frames.push(Frame {
            file: self.loc_file.clone(),
            lines: std::vec![(rest, self.loc_line)],
            idx: 0,
            is_macro: false,
        });
        self.frames.push(expansion);
    }

    fn statement(&mut self, s: &str, base: usize) {
        let lead = s.len() - s.trim_start().len();
        let mut s = s.trim();
        let mut col = base + lead;
        if s.is_empty() {
            return;
        }
        // Labels.
        loop {
            let b = s.as_bytes();
            if b[0] == b'{' || b[0] == b'}' {
                if b[0] == b'{' {
                    self.open_bundle(col);
                } else {
                    self.close_bundle(col);
                }
                let t = &s[1..];
                col += 1 + (t.len() - t.trim_start().len());
                s = t.trim();
                if s.is_empty() {
                    return;
                }
                continue;
            }
            let mut j = 0;
            if b[0].is_ascii_digit() {
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
            } else if is_name_start(b[0]) {
                while j < b.len() && is_name_char(b[j]) {
                    j += 1;
                }
            }
            if j > 0 && b.get(j) == Some(&b':') && b.get(j + 1) != Some(&b':') {
                let name = &s[..j];
                if name.as_bytes()[0].is_ascii_digit() {
                    let n: u32 = name.parse().unwrap_or(0);
                    let c = self.local_count.entry(n).or_insert(0);
                    *c += 1;
                    let inst = *c;
                    let internal = std::format!("\u{2}{n}:{inst}");
                    self.define_label(&internal, col);
                } else {
                    self.define_label(name, col);
                }
                let t = &s[j + 1..];
                col += j + 1 + (t.len() - t.trim_start().len());
                s = t.trim();
                if s.is_empty() {
                    return;
                }
                continue;
            }
            break;
        }
        // `sym = expr`.
        let b = s.as_bytes();
        if is_name_start(b[0]) {
            let mut j = 0;
            while j < b.len() && is_name_char(b[j]) {
                j += 1;
            }
            let after = s[j..].trim_start();
            if after.starts_with('=') && !after.starts_with("==") {
                let name = s[..j].to_string();
                let eq = s.len() - after.len();
                self.set_symbol(&name, &s[eq + 1..], col + eq + 1, false);
                return;
            }
        }
        // Qualifying predicate.
        let mut qp = 0u8;
        if s.starts_with('(') {
            let Some(close) = s.find(')') else {
                self.error_at(col, "expected `)` after the qualifying predicate");
                return;
            };
            let inner = s[1..close].trim();
            match self.reg_of(inner) {
                Some((RegFile::Pr, n)) => qp = n as u8,
                _ => {
                    self.error_at(
                        col + 1,
                        std::format!("qualifying predicate expected, found `{inner}`"),
                    );
                    return;
                }
            }
            let t = &s[close + 1..];
            col += close + 1 + (t.len() - t.trim_start().len());
            s = t.trim();
            if s.is_empty() {
                self.error_at(col, "qualifying predicate not followed by an instruction");
                return;
            }
        }
        let end = s.find(|c: char| c.is_whitespace()).unwrap_or(s.len());
        let word = &s[..end];
        let rest_raw = &s[end..];
        let rest = rest_raw.trim_start();
        let rest_col = col + end + (rest_raw.len() - rest.len());
        let lw = word.to_ascii_lowercase();
        if self.macros.contains_key(&lw) {
            self.invoke_macro(&lw, rest);
            return;
        }
        if lw.starts_with('.') && qp == 0 {
            self.directive(&lw, rest.trim_end(), col, rest_col);
            return;
        }
        // GNU as for ia64 also spells its data directives without the dot.
        if qp == 0
            && matches!(
                lw.as_str(),
                "data1" | "data2" | "data4" | "data8" | "data2.ua" | "data4.ua" | "data8.ua"
            )
        {
            self.directive(&std::format!(".{lw}"), rest.trim_end(), col, rest_col);
            return;
        }
        self.instruction(&lw, qp, rest.trim_end(), col, rest_col);
    }

    // ------------------------------------------------------------------
    // Symbols.

    fn sym(&mut self, name: &str) -> usize {
        if let Some(&i) = self.sym_ix.get(name) {
            return i;
        }
        let i = self.syms.len();
        self.syms.push(Sym {
            name: name.to_string(),
            def: Def::Undef,
            binding: Binding::Local,
            kind: obj::STT_NOTYPE,
            size: None,
            loc: None,
            used: false,
            section_of: None,
            resolving: false,
        });
        self.sym_ix.insert(name.to_string(), i);
        i
    }

    fn check_redefinition(&mut self, i: usize, col: usize) -> bool {
        if matches!(self.syms[i].def, Def::Undef) {
            return true;
        }
        let name = self.syms[i].name.clone();
        let shown = if name.starts_with('\u{2}') {
            "local label".to_string()
        } else {
            std::format!("`{name}`")
        };
        let note = self.syms[i]
            .loc
            .clone()
            .map(|l| (l, "first defined here".to_string()));
        let loc = self.loc(col);
        self.diag(
            Severity::Error,
            loc,
            std::format!("symbol {shown} is already defined"),
            self.line_text.clone(),
            note,
        );
        false
    }

    fn define_label(&mut self, name: &str, col: usize) {
        let i = self.sym(name);
        if !self.check_redefinition(i, col) {
            return;
        }
        self.syms[i].loc = Some(self.loc(col));
        let cur = self.cur;
        if self.sects[cur].code() {
            if self.in_bundle && self.bundle_started {
                self.error_at(
                    col,
                    "label inside a bundle: a label must be first in a bundle",
                );
            }
            self.syms[i].def = Def::Pending;
            self.sects[cur].labels.push(i);
            self.checker.label();
        } else {
            let off = self.sects[cur].len();
            self.syms[i].def = Def::Sect(cur, off);
        }
    }

    fn set_symbol(&mut self, name: &str, expr_text: &str, col: usize, equiv: bool) {
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(is_name_char) {
            self.error_at(col, std::format!("invalid symbol name `{name}`"));
            return;
        }
        let Some(e) = self.parse_expr(expr_text, col) else {
            return;
        };
        let i = self.sym(name);
        if equiv && !self.check_redefinition(i, col) {
            return;
        }
        self.syms[i].loc = Some(self.loc(col));
        let dot = Some((self.cur, self.sects[self.cur].len()));
        self.syms[i].def = match self.eval(&e, dot, false) {
            Ok(Val::Const(v)) => Def::Abs(v),
            Ok(Val::Rel {
                sec,
                off,
                sym: None,
            }) => Def::Sect(sec, off as u64),
            _ => Def::Expr(e, dot),
        };
    }

    fn local_name(&self, label: u32, forward: bool) -> String {
        let c = self.local_count.get(&label).copied().unwrap_or(0);
        let inst = if forward { c + 1 } else { c };
        std::format!("\u{2}{label}:{inst}")
    }

    /// Replaces `Nb`/`Nf` with the internal names they denote here.
    fn bind_locals(&self, e: &Expr) -> Expr {
        match e {
            Expr::Local { label, forward } => Expr::Sym(self.local_name(*label, *forward)),
            Expr::Un(op, a) => Expr::Un(*op, std::boxed::Box::new(self.bind_locals(a))),
            Expr::Bin(op, a, b) => Expr::Bin(
                *op,
                std::boxed::Box::new(self.bind_locals(a)),
                std::boxed::Box::new(self.bind_locals(b)),
            ),
            other => other.clone(),
        }
    }

    fn parse_expr(&mut self, text: &str, col: usize) -> Option<Expr> {
        let mut p = Parser::new(text);
        match p.expr() {
            Ok(e) if p.at_end() => Some(self.bind_locals(&e)),
            Ok(_) => {
                self.error_at(col + p.pos, "junk at the end of the expression");
                None
            }
            Err(e) => {
                self.error_at(col + e.at, e.message);
                None
            }
        }
    }

    fn const_expr(&mut self, text: &str, col: usize) -> Option<i64> {
        let e = self.parse_expr(text, col)?;
        let dot = Some((self.cur, self.sects[self.cur].len()));
        match self.eval(&e, dot, false) {
            Ok(Val::Const(v)) => Some(v),
            Ok(_) => {
                self.error_at(col, "expression must be an absolute constant");
                None
            }
            Err(EvalError::NotYet(name)) => {
                self.error_at(
                    col,
                    std::format!(
                        "undefined symbol `{name}` in an expression that must be constant"
                    ),
                );
                None
            }
            Err(EvalError::Bad(m)) => {
                self.error_at(col, m);
                None
            }
        }
    }

    fn eval(&mut self, e: &Expr, dot: Option<(usize, u64)>, last: bool) -> Result<Val, EvalError> {
        Ok(match e {
            Expr::Num(v) => Val::Const(*v),
            Expr::Dot => match dot {
                Some((s, o)) => Val::Rel {
                    sec: s,
                    off: o as i64,
                    sym: None,
                },
                None => return Err(EvalError::Bad("`.` is not available here".into())),
            },
            Expr::Local { .. } => {
                let e2 = self.bind_locals(e);
                return self.eval(&e2, dot, last);
            }
            Expr::Sym(name) => {
                if let Some(v) = insn::at_constant(name) {
                    return Ok(Val::Const(v));
                }
                let i = self.sym(name);
                self.syms[i].used = true;
                let global = self.syms[i].binding != Binding::Local;
                match self.syms[i].def.clone() {
                    Def::Abs(v) => Val::Const(v),
                    Def::Sect(s, o) => Val::Rel {
                        sec: s,
                        off: o as i64,
                        sym: global.then_some(i),
                    },
                    Def::Undef | Def::Pending if !last => {
                        return Err(EvalError::NotYet(name.clone()))
                    }
                    Def::Undef | Def::Pending => Val::Undef { sym: i, add: 0 },
                    Def::Expr(x, d) => {
                        if self.syms[i].resolving {
                            return Err(EvalError::Bad(std::format!(
                                "symbol `{name}` is defined in terms of itself"
                            )));
                        }
                        self.syms[i].resolving = true;
                        let r = self.eval(&x, d, last);
                        self.syms[i].resolving = false;
                        r?
                    }
                }
            }
            Expr::Un(op, a) => {
                let v = self.eval(a, dot, last)?;
                match (op, v) {
                    (UnOp::Neg, Val::Const(v)) => Val::Const(v.wrapping_neg()),
                    (UnOp::Not, Val::Const(v)) => Val::Const(!v),
                    (UnOp::LNot, Val::Const(v)) => Val::Const((v == 0) as i64),
                    _ => {
                        return Err(EvalError::Bad(
                            "unary operator on a relocatable value".into(),
                        ))
                    }
                }
            }
            Expr::Bin(op, a, b) => {
                let x = self.eval(a, dot, last)?;
                let y = self.eval(b, dot, last)?;
                match (op, x, y) {
                    (_, Val::Const(p), Val::Const(q)) => Val::Const(
                        op.apply(p, q)
                            .ok_or_else(|| EvalError::Bad("division by zero".into()))?,
                    ),
                    (BinOp::Add, Val::Rel { sec, off, sym }, Val::Const(c))
                    | (BinOp::Add, Val::Const(c), Val::Rel { sec, off, sym }) => Val::Rel {
                        sec,
                        off: off.wrapping_add(c),
                        sym,
                    },
                    (BinOp::Sub, Val::Rel { sec, off, sym }, Val::Const(c)) => Val::Rel {
                        sec,
                        off: off.wrapping_sub(c),
                        sym,
                    },
                    (BinOp::Add, Val::Undef { sym, add }, Val::Const(c))
                    | (BinOp::Add, Val::Const(c), Val::Undef { sym, add }) => Val::Undef {
                        sym,
                        add: add.wrapping_add(c),
                    },
                    (BinOp::Sub, Val::Undef { sym, add }, Val::Const(c)) => Val::Undef {
                        sym,
                        add: add.wrapping_sub(c),
                    },
                    (
                        BinOp::Sub,
                        Val::Rel {
                            sec: s1, off: o1, ..
                        },
                        Val::Rel {
                            sec: s2, off: o2, ..
                        },
                    ) if s1 == s2 => Val::Const(o1.wrapping_sub(o2)),
                    (BinOp::Sub, l, Val::Rel { sec, off, .. }) => Val::PcRel {
                        target: std::boxed::Box::new(l),
                        sec,
                        off,
                    },
                    _ => {
                        return Err(EvalError::Bad(
                            "invalid operands for a relocatable expression".into(),
                        ))
                    }
                }
            }
        })
    }

    fn reg_of(&self, name: &str) -> Option<(RegFile, u16)> {
        if let Some(r) = insn::static_reg(name) {
            return Some(r);
        }
        let dyn_reg = |prefix: &str, base: u16, count: u16| -> Option<(RegFile, u16)> {
            let n: u16 = name.strip_prefix(prefix)?.parse().ok()?;
            (n < count).then_some((RegFile::Gr, base + n))
        };
        let f = self.regstk;
        if let Some(r) = dyn_reg("in", 32, f.ins)
            .or_else(|| dyn_reg("loc", 32 + f.ins, f.locs))
            .or_else(|| dyn_reg("out", 32 + f.ins + f.locs, f.outs))
        {
            return Some(r);
        }
        let (base, idx) = match name.find('[') {
            Some(p) if name.ends_with(']') => (
                &name[..p],
                name[p + 1..name.len() - 1].trim().parse::<u16>().ok()?,
            ),
            _ => (name, 0),
        };
        let &(file, first, count) = self.rot.get(base)?;
        (idx < count).then_some((file, first + idx))
    }

    // ------------------------------------------------------------------
    // Sections.

    fn section_named(&mut self, name: &str, kind: Option<(u32, u64)>) -> usize {
        /// The flags of a short-data section.
        const SHORT_DATA: u64 = obj::SHF_ALLOC | obj::SHF_WRITE | obj::SHF_IA_64_SHORT;
        if let Some(i) = self.sects.iter().position(|s| s.name == name) {
            self.switch_to(i);
            return i;
        }
        let (sh_type, flags) = kind.unwrap_or_else(|| {
            if name.starts_with(".text") {
                (obj::SHT_PROGBITS, obj::SHF_ALLOC | obj::SHF_EXECINSTR)
            } else if name.starts_with(".bss") || name.starts_with(".sbss") {
                (obj::SHT_NOBITS, obj::SHF_ALLOC | obj::SHF_WRITE)
            } else if name.starts_with(".data") || name.starts_with(".sdata") {
                (obj::SHT_PROGBITS, obj::SHF_ALLOC | obj::SHF_WRITE)
            } else if name.starts_with(".rodata") {
                (obj::SHT_PROGBITS, obj::SHF_ALLOC)
            } else {
                (obj::SHT_PROGBITS, 0)
            }
        });
        // GNU as treats every section whose name starts `.sdata` or `.sbss` as
        // short data, whatever flags the `.section` gave: allocated, writable,
        // gp-addressed, and without file space for `.sbss`.
        let (sh_type, flags) = if name.starts_with(".sbss") {
            (obj::SHT_NOBITS, flags | SHORT_DATA)
        } else if name.starts_with(".sdata") {
            (sh_type, flags | SHORT_DATA)
        } else {
            (sh_type, flags)
        };
        self.syms.push(Sym {
            name: String::new(),
            def: Def::Sect(self.sects.len(), 0),
            binding: Binding::Local,
            kind: obj::STT_SECTION,
            size: None,
            loc: None,
            used: false,
            section_of: Some(self.sects.len()),
            resolving: false,
        });
        self.sects.push(Sect {
            name: name.to_string(),
            sh_type,
            flags,
            align: 1,
            data: Vec::new(),
            bss: 0,
            fixups: Vec::new(),
            queue: VecDeque::new(),
            labels: Vec::new(),
            last_bundle: None,
            relocs: Vec::new(),
        });
        let i = self.sects.len() - 1;
        self.switch_to(i);
        i
    }

    fn switch_to(&mut self, i: usize) {
        if i != self.cur {
            self.flush(self.cur);
            self.prev = self.cur;
            self.cur = i;
        }
    }

    /// GNU as ends the instruction group and empties the bundle queue before any
    /// data, alignment or section change in a code section.
    fn flush(&mut self, s: usize) {
        if !self.sects[s].code() {
            return;
        }
        if let Some(p) = self.sects[s].queue.back_mut() {
            p.stop = true;
        }
        while !self.sects[s].queue.is_empty() {
            self.emit_bundle(s);
        }
        if self.auto {
            // The queued instructions were checked as they came: the stop just
            // forced after the last one must reach the checker too.
            self.checker.stop();
        }
        let off = self.sects[s].len();
        for l in std::mem::take(&mut self.sects[s].labels) {
            self.syms[l].def = Def::Sect(s, off);
        }
    }

    fn stop(&mut self) {
        if !self.active() {
            return;
        }
        let s = self.cur;
        self.checker.stop();
        if let Some(p) = self.sects[s].queue.back_mut() {
            p.stop = true;
        } else if let Some(off) = self.sects[s].last_bundle {
            if off + 16 == self.sects[s].data.len() {
                self.sects[s].data[off] |= 1;
            }
        }
    }

    /// A `;;` in the source. GNU as ignores written stops in automatic mode (with
    /// a warning): it places its own.
    fn written_stop(&mut self, col: usize) {
        if self.auto && self.active() {
            self.warn_at(col, "explicit stops are ignored in automatic mode");
            return;
        }
        self.stop();
    }

    /// Switches between automatic (`auto`) and explicit mode. GNU as ends the
    /// instruction group at a switch that changes the mode.
    fn set_mode(&mut self, auto: bool) {
        if auto == self.auto {
            return;
        }
        if auto {
            // Instructions queued in explicit mode are checked when bundled;
            // check them now, before the automatic mode checks the next ones
            // as they come.
            self.check_queued(self.cur);
        }
        self.stop();
        self.auto = auto;
    }

    /// Runs the dependency checker over the instructions of section `s`'s queue
    /// that it has not seen yet, in their order.
    fn check_queued(&mut self, s: usize) {
        let mut ws = Vec::new();
        for p in self.sects[s].queue.iter_mut().filter(|p| !p.checked) {
            p.checked = true;
            ws.extend(self.checker.push(&p.insn, unit_guess(p.ty), &p.loc));
            if p.stop {
                self.checker.stop();
            }
        }
        for w in ws {
            self.dep_warning(w);
        }
    }

    fn dep_warning(&mut self, w: DepWarning) {
        let note = w.other.map(|o| (o, "conflicting instruction".to_string()));
        self.diag(Severity::Warning, w.loc, w.message, String::new(), note);
    }

    /// Automatic mode: ends the group (adding the serialization a resource needs)
    /// until `insn` conflicts with nothing in it, then records it.
    fn auto_check(&mut self, insn: &crate::decode::Instruction, ty: InsnType, col: usize) {
        let loc = self.loc(col);
        // Each remedy clears at least the conflict found; a handful suffices
        // (stop, serialization, stop), the bound only guards against a loop.
        for _ in 0..if self.inserting { 0 } else { 4 } {
            // (stop before, serialization, stop after)
            let (before, srlz, after) = match self.checker.remedy(insn, &loc) {
                None => break,
                Some(Remedy::Stop) => (true, None, false),
                Some(Remedy::StopSrlzD) => (true, Some("srlz.d"), false),
                Some(Remedy::StopSrlzI) => (true, Some("srlz.i"), true),
                Some(Remedy::SrlzD) => (false, Some("srlz.d"), false),
                Some(Remedy::SrlzI) => (false, Some("srlz.i"), true),
            };
            if before {
                self.stop();
            }
            if let Some(m) = srlz {
                // The serialization itself is only recorded, never remedied:
                // that bounds the recursion whatever the checker answers.
                let outer = std::mem::replace(&mut self.inserting, true);
                self.instruction(m, 0, "", col, col);
                self.inserting = outer;
            }
            if after {
                self.stop();
            }
        }
        // Automatic mode does not warn: whatever the remedies above left (nothing,
        // unless the bound was hit) is accepted, as GNU as accepts it.
        let _ = self.checker.push(insn, unit_guess(ty), &loc);
    }

    fn open_bundle(&mut self, col: usize) {
        if self.in_bundle {
            self.error_at(col, "`{` inside a bundle");
        }
        if self.auto {
            if self.mode_set {
                self.warn_at(col, "`{` after an explicit switch to automatic mode");
            } else {
                // GNU as assembles a bundle written in braces in explicit mode
                // when automatic mode is only the default.
                self.set_mode(false);
                self.bundle_auto = true;
            }
        }
        self.in_bundle = true;
        self.bundle_started = false;
        self.next_manual_on = true;
    }

    fn close_bundle(&mut self, col: usize) {
        if !self.in_bundle {
            self.error_at(col, "`}` without `{`");
            return;
        }
        self.in_bundle = false;
        let s = self.cur;
        match self.sects[s].queue.back_mut() {
            Some(p) if self.bundle_started => p.manual_off = true,
            _ => self.error_at(col, "empty bundle"),
        }
        self.next_manual_on = false;
        self.next_template = None;
        if std::mem::take(&mut self.bundle_auto) {
            self.set_mode(true);
        }
    }

    // ------------------------------------------------------------------
    // Instructions.

    fn instruction(&mut self, mnemonic: &str, qp: u8, rest: &str, col: usize, rest_col: usize) {
        let s = self.cur;
        if !self.sects[s].code() {
            self.error_at(
                col,
                std::format!(
                    "instruction `{mnemonic}` in a non-code section `{}`",
                    self.sects[s].name
                ),
            );
            return;
        }
        let idx = insn::index();
        let Some(cands) = idx.lookup(mnemonic) else {
            match idx.known_prefix(mnemonic) {
                Some(p) => self.error_at(
                    col + p.len(),
                    std::format!("unknown completer `{}` for `{p}`", &mnemonic[p.len()..]),
                ),
                None => self.error_at(col, std::format!("unknown mnemonic `{mnemonic}`")),
            }
            return;
        };
        let cands = cands.to_vec();
        let (texts, outputs) = match insn::split_operands(rest, rest_col) {
            Ok(v) => v,
            Err((at, m)) => {
                self.error_at(at, m);
                return;
            }
        };
        let mut ops = Vec::new();
        for t in &texts {
            let parsed = {
                let this = &*self;
                insn::parse_operand(t.text, &|n| this.reg_of(n))
            };
            match parsed {
                Ok(Operand::Expr(e)) => ops.push(Operand::Expr(self.bind_locals(&e))),
                Ok(o) => ops.push(o),
                Err((at, m)) => {
                    self.error_at(t.at + at, m);
                    return;
                }
            }
        }
        // GNU as's `alloc r1=ar.pfs,i,l,o,r`: sof = i+l+o, sol = i+l, sor = r.
        let mut outputs = outputs;
        if mnemonic == "alloc" && ops.len() == 6 {
            let vals: Vec<Option<i64>> = ops[2..]
                .iter()
                .map(|o| match o {
                    Operand::Expr(e) => {
                        let dot = None;
                        match self.eval(e, dot, false) {
                            Ok(Val::Const(v)) => Some(v),
                            _ => None,
                        }
                    }
                    _ => None,
                })
                .collect();
            let [Some(i), Some(l), Some(o), Some(r)] = vals[..] else {
                self.error_at(rest_col, "`alloc` needs constant frame sizes");
                return;
            };
            if i + l + o > 96 || r > i + l + o || r % 8 != 0 {
                self.error_at(rest_col, std::format!("invalid frame: inputs {i}, locals {l}, outputs {o}, rotating {r} (at most 96 registers, rotating a multiple of 8 within the frame)"));
                return;
            }
            self.regstk = Frame3 {
                ins: i as u16,
                locs: l as u16,
                outs: o as u16,
            };
            ops = std::vec![
                ops[0].clone(),
                ops[1].clone(),
                Operand::Expr(Expr::Num(i + l + o)),
                Operand::Expr(Expr::Num(i + l)),
                Operand::Expr(Expr::Num(r))
            ];
            outputs = 1;
        }
        let dot = Some((s, self.sects[s].len()));
        let mut errs = Vec::new();
        let mut found = None;
        let mut alt = None;
        for &(id, comps) in &cands {
            let mut ev = |e: &Expr| -> Option<i64> {
                match self.eval(e, dot, false) {
                    Ok(Val::Const(v)) => Some(v),
                    _ => None,
                }
            };
            match insn::match_form(id, comps, qp, &ops, outputs, &mut ev) {
                Ok(m) => match &found {
                    None => found = Some(m),
                    Some((first, _)) => {
                        // An M-unit and an I-unit row both take it: keep both.
                        let (u1, u2) = (first.form().unit, m.0.form().unit);
                        if alt.is_none()
                            && matches!((u1, u2), (Unit::M, Unit::I) | (Unit::I, Unit::M))
                        {
                            alt = Some(m.0);
                        }
                    }
                },
                Err(e) => errs.push(e),
            }
        }
        let Some((insn_v, deferred)) = found else {
            // Report the most specific failure: one that got to an operand.
            let best = errs
                .iter()
                .filter(|e| e.operand.is_some())
                .max_by_key(|e| e.operand)
                .or(errs.first());
            match best {
                Some(e) => {
                    let at = e.operand.and_then(|k| texts.get(k)).map_or(col, |t| t.at);
                    let m = e.message.clone();
                    self.error_at(at, std::format!("`{mnemonic}`: {m}"));
                }
                None => self.error_at(
                    col,
                    std::format!("`{mnemonic}`: no form takes these operands"),
                ),
            }
            return;
        };
        let f = insn_v.form();
        if qp != 0 && f.flags.has(Flags::NO_PRED) {
            self.error_at(col, std::format!("`{mnemonic}` cannot be predicated"));
            return;
        }
        let ty = if insn::is_dynamic(f) {
            InsnType::Dyn
        } else if alt.is_some() {
            InsnType::A
        } else {
            InsnType::of(f.unit)
        };
        if f.flags.has(Flags::FIRST) {
            // GNU as starts a new instruction group before an instruction that
            // must be first in its group.
            self.stop();
        }
        let checked = self.auto;
        if checked {
            self.auto_check(&insn_v, ty, col);
            if f.flags.has(Flags::LAST) {
                self.checker.stop();
            }
        }
        let labels = std::mem::take(&mut self.sects[s].labels);
        let p = Pending {
            checked,
            insn: insn_v,
            ty,
            flags: f.flags,
            // GNU as ends the instruction group after an instruction that must be
            // last in its group.
            stop: f.flags.has(Flags::LAST),
            labels,
            user_template: self.next_template.take(),
            manual_on: std::mem::take(&mut self.next_manual_on),
            manual_off: false,
            deferred,
            alt,
            loc: self.loc(col),
        };
        if self.in_bundle {
            self.bundle_started = true;
        }
        self.sects[s].queue.push_back(p);
        if self.sects[s].queue.len() >= 4 {
            self.emit_bundle(s);
        }
    }

    fn emit_bundle(&mut self, s: usize) {
        let packed = pack::emit_one(&mut self.sects[s].queue, &|p| mnemonic(&p.insn));
        for (loc, m) in packed.errors {
            self.diag(Severity::Error, loc, m, String::new(), None);
        }
        let units = pack::UNITS[(packed.code >> 1) as usize].unwrap_or([
            SlotUnit::M,
            SlotUnit::I,
            SlotUnit::I,
        ]);
        let mut slots = [0u64; 3];
        for (k, u) in units.iter().enumerate() {
            // GNU as's nops: `nop.m/i/f 0` and `nop.b 0`; the L slot of an empty MLX
            // holds the same bits as `nop.x 0`'s second half.
            slots[k] = if *u == SlotUnit::B {
                0x40_0000_0000
            } else {
                0x00_0800_0000
            };
        }
        let off = self.sects[s].data.len() as u64;
        let mut fixups = Vec::new();
        for (slot, unit, p) in &packed.placed {
            let mut i = p.insn;
            if let Some(a) = p.alt {
                if !i.form().unit.runs_in(*unit) {
                    i = a;
                }
            }
            if p.ty == InsnType::Dyn {
                let base = if i.form().name == "chk.s" {
                    "chk.s"
                } else {
                    i.form().name
                };
                match insn::dyn_form(base, *unit, i.form().operands.len()) {
                    Some(id) => i.form = id,
                    None => {
                        self.diag(
                            Severity::Error,
                            p.loc.clone(),
                            std::format!("`{base}` cannot go in a {} slot", unit.letter()),
                            String::new(),
                            None,
                        );
                        continue;
                    }
                }
            }
            for d in &p.deferred {
                let opnd = i.form().operands[d.index];
                fixups.push(Fixup {
                    offset: off,
                    kind: FixKind::Insn {
                        slot: *slot as u8,
                        opnd,
                        long: *unit == SlotUnit::X,
                    },
                    expr: d.expr.clone(),
                    loc: p.loc.clone(),
                    src: String::new(),
                });
            }
            match encode(&i) {
                Ok(e) => {
                    slots[*slot] = e.slot;
                    if let Some(l) = e.lslot {
                        slots[1] = l;
                    }
                }
                Err(e) => self.diag(
                    Severity::Error,
                    p.loc.clone(),
                    e.to_string(),
                    String::new(),
                    None,
                ),
            }
            if p.checked {
                // Checked when it was written (automatic mode).
                continue;
            }
            for w in self.checker.push(&i, *unit, &p.loc) {
                self.dep_warning(w);
            }
            let t = crate::bundle::Template::from_code(packed.code);
            if p.stop || t.is_some_and(|t| t.stop_after(*slot) && *slot < 2) {
                self.checker.stop();
            }
        }
        let b = Bundle::new(packed.code, slots);
        self.sects[s].data.extend_from_slice(&b.to_bytes());
        self.sects[s].last_bundle = Some(off as usize);
        for (_, _, p) in &packed.placed {
            for &l in &p.labels {
                self.syms[l].def = Def::Sect(s, off);
            }
        }
        self.sects[s].fixups.extend(fixups);
    }

    // ------------------------------------------------------------------
    // Directives.

    fn directive(&mut self, d: &str, rest: &str, col: usize, rcol: usize) {
        let s = self.cur;
        match d {
            ".text" => {
                self.section_named(".text", None);
            }
            ".data" => {
                self.section_named(".data", None);
            }
            ".bss" => {
                self.section_named(".bss", None);
            }
            ".rodata" | ".sdata" | ".sbss" => {
                self.section_named(d, None);
            }
            ".section" | ".pushsection" => {
                let parts = split_commas(rest);
                let Some(&(_, name)) = parts.first() else {
                    self.error_at(rcol, "`.section` needs a name");
                    return;
                };
                let name = strip_quotes(name).unwrap_or(name).to_string();
                let kind = parts.get(1).map(|(_, f)| {
                    let f = strip_quotes(f).unwrap_or(f);
                    let mut flags = 0;
                    for c in f.chars() {
                        match c {
                            'a' => flags |= obj::SHF_ALLOC,
                            'w' => flags |= obj::SHF_WRITE,
                            'x' => flags |= obj::SHF_EXECINSTR,
                            's' => flags |= obj::SHF_IA_64_SHORT,
                            _ => {}
                        }
                    }
                    let nobits = parts.get(2).is_some_and(|(_, t)| t.contains("nobits"));
                    (
                        if nobits {
                            obj::SHT_NOBITS
                        } else {
                            obj::SHT_PROGBITS
                        },
                        flags,
                    )
                });
                if d == ".pushsection" {
                    self.stack.push((self.cur, self.prev));
                }
                self.section_named(&name, kind);
            }
            ".previous" => {
                let p = self.prev;
                self.switch_to(p);
            }
            ".popsection" => match self.stack.pop() {
                Some((c, p)) => {
                    self.switch_to(c);
                    self.prev = p;
                }
                None => self.error_at(col, "`.popsection` without `.pushsection`"),
            },
            ".align" | ".balign" | ".p2align" => {
                let parts = split_commas(rest);
                let Some(&(at, n)) = parts.first() else {
                    self.error_at(rcol, "alignment expected");
                    return;
                };
                let Some(n) = self.const_expr(n, rcol + at) else {
                    return;
                };
                let bytes = if d == ".p2align" {
                    1i64.checked_shl(n as u32).unwrap_or(0)
                } else {
                    n
                };
                if bytes <= 0 || bytes & (bytes - 1) != 0 {
                    self.error_at(
                        rcol + at,
                        std::format!("alignment {n} is not a power of two"),
                    );
                    return;
                }
                let fill = match parts.get(1) {
                    Some(&(at, f)) => self.const_expr(f, rcol + at).map(|v| v as u8),
                    None => None,
                };
                self.align(bytes as u64, fill);
            }
            ".org" => {
                let Some(e) = self.parse_expr(rest, rcol) else {
                    return;
                };
                self.flush(s);
                let dot = Some((s, self.sects[s].len()));
                let target = match self.eval(&e, dot, false) {
                    Ok(Val::Rel { sec, off, .. }) if sec == s => off,
                    Ok(Val::Const(v)) => v,
                    _ => {
                        self.error_at(
                            rcol,
                            "`.org` needs a constant or a location in this section",
                        );
                        return;
                    }
                };
                let here = self.sects[s].len() as i64;
                if target < here {
                    self.error_at(rcol, std::format!("`.org` moves the location counter backwards (from {here:#x} to {target:#x})"));
                    return;
                }
                self.skip((target - here) as u64, 0, rcol);
            }
            ".skip" | ".space" => {
                let parts = split_commas(rest);
                let Some(&(at, n)) = parts.first() else {
                    self.error_at(rcol, "size expected");
                    return;
                };
                let Some(n) = self.const_expr(n, rcol + at) else {
                    return;
                };
                let fill = match parts.get(1) {
                    Some(&(at, f)) => self.const_expr(f, rcol + at).unwrap_or(0) as u8,
                    None => 0,
                };
                if n < 0 {
                    self.error_at(rcol, "negative size");
                    return;
                }
                self.flush(s);
                self.skip(n as u64, fill, rcol);
            }
            ".byte" | ".data1" | ".data1.ua" => self.data(rest, rcol, 1, false),
            ".2byte" | ".short" | ".data2.ua" => self.data(rest, rcol, 2, false),
            ".4byte" | ".long" | ".int" | ".data4.ua" => self.data(rest, rcol, 4, false),
            ".8byte" | ".quad" | ".data8.ua" => self.data(rest, rcol, 8, false),
            ".data2" => self.data(rest, rcol, 2, true),
            ".data4" => self.data(rest, rcol, 4, true),
            ".data8" => self.data(rest, rcol, 8, true),
            ".ascii" | ".asciz" | ".string" | ".stringz" => {
                for (at, part) in split_commas(rest) {
                    let Some(body) = strip_quotes(part) else {
                        self.error_at(rcol + at, "expected a string in double quotes");
                        continue;
                    };
                    let mut bytes = unescape(body);
                    if d != ".ascii" {
                        bytes.push(0);
                    }
                    self.emit_bytes(&bytes, rcol);
                }
            }
            ".incbin" => {
                let parts = split_commas(rest);
                let Some(path) = self.named_file(d, parts.first().map(|&(_, n)| n), rcol) else {
                    return;
                };
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        let skip = parts
                            .get(1)
                            .and_then(|&(at, v)| self.const_expr(v, rcol + at))
                            .unwrap_or(0)
                            .max(0) as usize;
                        let count = parts
                            .get(2)
                            .and_then(|&(at, v)| self.const_expr(v, rcol + at));
                        let from = skip.min(bytes.len());
                        let to = count
                            .map_or(bytes.len(), |c| (from + c.max(0) as usize).min(bytes.len()));
                        self.emit_bytes(&bytes[from..to], rcol);
                    }
                    Err(e) => {
                        self.error_at(rcol, std::format!("cannot read `{}`: {e}", path.display()))
                    }
                }
            }
            ".global" | ".globl" | ".weak" | ".local" => {
                for (at, n) in split_commas(rest) {
                    if n.is_empty() || !n.bytes().all(is_name_char) {
                        self.error_at(rcol + at, std::format!("invalid symbol name `{n}`"));
                        continue;
                    }
                    let i = self.sym(n);
                    self.syms[i].binding = match d {
                        ".weak" => Binding::Weak,
                        ".local" => Binding::Local,
                        _ => Binding::Global,
                    };
                }
            }
            ".type" => {
                let parts = split_commas(rest);
                if let [(_, n), (at, t)] = parts[..] {
                    let i = self.sym(n);
                    let t = t.trim_start_matches(['@', '%', '#']);
                    self.syms[i].kind = match t {
                        "function" | "STT_FUNC" => obj::STT_FUNC,
                        "object" | "STT_OBJECT" => obj::STT_OBJECT,
                        "notype" | "STT_NOTYPE" => obj::STT_NOTYPE,
                        _ => {
                            self.error_at(rcol + at, std::format!("unknown symbol type `{t}`"));
                            return;
                        }
                    };
                } else {
                    self.error_at(rcol, "`.type` needs a symbol and a type");
                }
            }
            ".size" => {
                let parts = split_commas(rest);
                if let [(_, n), (at, e)] = parts[..] {
                    let Some(e) = self.parse_expr(e, rcol + at) else {
                        return;
                    };
                    let i = self.sym(n);
                    // `.` in the size means here: fix it now.
                    let dot = Some((self.cur, self.sects[self.cur].len()));
                    let e = match self.eval(&e, dot, false) {
                        Ok(Val::Const(v)) => Expr::Num(v),
                        _ => e,
                    };
                    self.syms[i].size = Some(e);
                } else {
                    self.error_at(rcol, "`.size` needs a symbol and an expression");
                }
            }
            ".set" | ".equ" | ".equiv" => match rest.split_once(',') {
                Some((n, e)) => {
                    let ecol = rcol + n.len() + 1;
                    self.set_symbol(n, e, ecol, d == ".equiv");
                }
                None => self.error_at(rcol, std::format!("`{d}` needs a symbol and an expression")),
            },
            ".proc" => {
                for (_, n) in split_commas(rest) {
                    let i = self.sym(n);
                    self.syms[i].kind = obj::STT_FUNC;
                    self.procs.push(n.to_string());
                }
            }
            ".endp" => {
                self.flush(s);
                let names: Vec<String> = if rest.is_empty() {
                    std::mem::take(&mut self.procs)
                } else {
                    self.procs.clear();
                    split_commas(rest)
                        .into_iter()
                        .map(|(_, n)| n.to_string())
                        .collect()
                };
                for n in names {
                    let i = self.sym(&n);
                    let here = self.sects[s].len() as i64;
                    self.syms[i].size = Some(Expr::Bin(
                        BinOp::Sub,
                        std::boxed::Box::new(Expr::Num(here)),
                        std::boxed::Box::new(Expr::Sym(n)),
                    ));
                    self.syms[i].size = match self.syms[i].def {
                        Def::Sect(_, o) => Some(Expr::Num(here - o as i64)),
                        _ => self.syms[i].size.take(),
                    };
                }
            }
            ".regstk" => {
                let vals: Vec<i64> = split_commas(rest)
                    .iter()
                    .filter_map(|&(at, v)| self.const_expr(v, rcol + at))
                    .collect();
                if let [i, l, o, _r] = vals[..] {
                    self.regstk = Frame3 {
                        ins: i as u16,
                        locs: l as u16,
                        outs: o as u16,
                    };
                } else {
                    self.error_at(rcol, "`.regstk` needs inputs, locals, outputs, rotating");
                }
            }
            ".rotr" | ".rotp" | ".rotf" => {
                let (file, mut next) = match d {
                    ".rotr" => (RegFile::Gr, 32u16),
                    ".rotf" => (RegFile::Fr, 32),
                    _ => (RegFile::Pr, 16),
                };
                self.rot.retain(|_, v| v.0 != file);
                for (at, spec) in split_commas(rest) {
                    let Some((name, n)) = spec.strip_suffix(']').and_then(|s| s.split_once('['))
                    else {
                        self.error_at(rcol + at, "expected `name[count]`");
                        continue;
                    };
                    let Some(n) = self.const_expr(n, rcol + at) else {
                        continue;
                    };
                    self.rot
                        .insert(name.trim().to_string(), (file, next, n as u16));
                    next += n as u16;
                }
            }
            ".explicit" | ".auto" => {
                self.mode_set = true;
                self.set_mode(d == ".auto");
            }
            ".default" => {
                self.mode_set = false;
                self.set_mode(self.opts.auto);
            }
            ".prologue" | ".body" | ".file" | ".ident" | ".psr" | ".radix" | ".lsb" | ".msb"
            | ".save" | ".fframe" | ".vframe" | ".restore" | ".spill" | ".unwentry"
            | ".personality" | ".handlerdata" | ".label_state" | ".copy_state" | ".xdata1" => {}
            ".pred.rel"
            | ".pred.rel.mutex"
            | ".pred.rel.imply"
            | ".pred.rel.clear"
            | ".pred.safe_across_calls"
            | ".pred.vector" => {
                let mut parts = split_commas(rest);
                let kind = if let Some(k) = d.strip_prefix(".pred.rel.") {
                    k.to_string()
                } else if d == ".pred.rel" && !parts.is_empty() {
                    let k = parts.remove(0).1;
                    strip_quotes(k).unwrap_or(k).to_string()
                } else {
                    "clear".to_string()
                };
                let preds: Vec<u8> = parts
                    .iter()
                    .filter_map(|(_, p)| match self.reg_of(p) {
                        Some((RegFile::Pr, n)) => Some(n as u8),
                        _ => None,
                    })
                    .collect();
                let rel = match kind.as_str() {
                    "mutex" => PredRel::Mutex,
                    "imply" => PredRel::Imply,
                    _ => PredRel::Clear,
                };
                self.checker.pred_rel(rel, &preds);
            }
            ".mii" | ".mmi" | ".mfi" | ".mmf" | ".mib" | ".mbb" | ".bbb" | ".mmb" | ".mfb"
            | ".mlx" => {
                let t = match d {
                    ".mii" => 0,
                    ".mlx" => 2,
                    ".mmi" => 4,
                    ".mfi" => 6,
                    ".mmf" => 7,
                    ".mib" => 8,
                    ".mbb" => 9,
                    ".bbb" => 11,
                    ".mmb" => 12,
                    _ => 14,
                };
                self.next_template = Some(t);
            }
            ".include" => {
                let Some(path) = self.named_file(d, Some(rest), rcol) else {
                    return;
                };
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        let name = path.to_string_lossy();
                        self.frames.push(Frame::of_file(&name, &text));
                    }
                    Err(e) => {
                        self.error_at(rcol, std::format!("cannot read `{}`: {e}", path.display()))
                    }
                }
            }
            ".err" => self.error_at(col, "`.err` encountered"),
            ".error" => {
                let m = strip_quotes(rest).unwrap_or(rest).to_string();
                self.error_at(col, m);
            }
            ".warning" => {
                let m = strip_quotes(rest).unwrap_or(rest).to_string();
                let loc = self.loc(col);
                self.diag(Severity::Warning, loc, m, self.line_text.clone(), None);
            }
            ".print" => {
                let m = strip_quotes(rest).unwrap_or(rest).to_string();
                self.printed.push(m);
            }
            ".exitm" => {
                while let Some(f) = self.frames.last() {
                    let m = f.is_macro;
                    self.frames.pop();
                    if m {
                        break;
                    }
                }
            }
            ".end" => self.ended = true,
            ".endm" | ".endr" => self.error_at(
                col,
                std::format!("`{d}` without a matching opening directive"),
            ),
            _ => self.error_at(col, std::format!("unknown directive `{d}`")),
        }
    }

    /// The file that directive `d` (`.include`, `.incbin`) names in double quotes
    /// (`quoted`), found on the include path; `None` after reporting why not.
    fn named_file(&mut self, d: &str, quoted: Option<&str>, col: usize) -> Option<PathBuf> {
        let Some(name) = quoted.and_then(strip_quotes) else {
            self.error_at(
                col,
                std::format!("`{d}` needs a file name in double quotes"),
            );
            return None;
        };
        let path = self.find_file(name);
        if path.is_none() {
            let what = if d == ".include" {
                "include file"
            } else {
                "file"
            };
            self.error_at(col, std::format!("{what} `{name}` not found"));
        }
        path
    }

    fn find_file(&self, name: &str) -> Option<PathBuf> {
        let p = Path::new(name);
        if p.is_absolute() {
            return p.exists().then(|| p.to_path_buf());
        }
        let here = Path::new(&*self.loc_file).parent().map(Path::to_path_buf);
        here.into_iter()
            .chain(self.opts.include_dirs.iter().cloned())
            .chain(std::iter::once(PathBuf::from(".")))
            .map(|d| d.join(name))
            .find(|c| c.exists())
    }

    fn align(&mut self, bytes: u64, fill: Option<u8>) {
        let s = self.cur;
        self.flush(s);
        let here = self.sects[s].len();
        let pad = (bytes - here % bytes) % bytes;
        self.sects[s].align = self.sects[s].align.max(bytes);
        if self.sects[s].code() && fill.is_none() && pad.is_multiple_of(16) {
            // GNU as pads code with `[MMI] nop.m 0; nop.m 0; nop.i 0` bundles.
            let nop = Bundle::new(0x08, [0x0008000000, 0x0008000000, 0x0008000000]).to_bytes();
            for _ in 0..pad / 16 {
                self.sects[s].data.extend_from_slice(&nop);
            }
        } else {
            self.skip(pad, fill.unwrap_or(0), 0);
        }
    }

    fn skip(&mut self, n: u64, fill: u8, col: usize) {
        let s = self.cur;
        if self.sects[s].sh_type == obj::SHT_NOBITS {
            if fill != 0 {
                self.error_at(col, "non-zero fill in a NOBITS section");
            }
            self.sects[s].bss += n;
        } else if n > MAX_SECTION_BYTES {
            self.error_at(
                col,
                std::format!("size {n} is too large (at most {MAX_SECTION_BYTES} bytes)"),
            );
        } else {
            let len = self.sects[s].data.len() + n as usize;
            self.sects[s].data.resize(len, fill);
        }
    }

    fn emit_bytes(&mut self, b: &[u8], col: usize) {
        let s = self.cur;
        self.flush(s);
        if self.sects[s].sh_type == obj::SHT_NOBITS {
            self.error_at(
                col,
                std::format!("data in NOBITS section `{}`", self.sects[s].name),
            );
            return;
        }
        self.sects[s].data.extend_from_slice(b);
    }

    fn data(&mut self, rest: &str, rcol: usize, size: u8, aligned: bool) {
        let s = self.cur;
        self.flush(s);
        if aligned {
            // GNU as aligns `data2/4/8` to their size (ia64 automatic alignment).
            let here = self.sects[s].len();
            let pad = (size as u64 - here % size as u64) % size as u64;
            self.skip(pad, 0, rcol);
            self.sects[s].align = self.sects[s].align.max(size as u64);
        }
        for (at, part) in split_commas(rest) {
            let Some(e) = self.parse_expr(part, rcol + at) else {
                continue;
            };
            if self.sects[s].sh_type == obj::SHT_NOBITS {
                self.error_at(
                    rcol,
                    std::format!("data in NOBITS section `{}`", self.sects[s].name),
                );
                return;
            }
            let off = self.sects[s].data.len() as u64;
            self.sects[s].data.resize(off as usize + size as usize, 0);
            let loc = self.loc(rcol + at);
            self.sects[s].fixups.push(Fixup {
                offset: off,
                kind: FixKind::Data(size),
                expr: e,
                loc,
                src: self.line_text.clone(),
            });
        }
    }

    // ------------------------------------------------------------------
    // The end: resolve fixups, build the object.

    fn finish(mut self) -> Result<Assembled, Diagnostics> {
        if self.capture.is_some() {
            self.error_at(
                0,
                "end of input inside `.macro` or `.rept` (missing `.endm`/`.endr`)",
            );
        }
        if !self.conds.is_empty() {
            self.error_at(0, "end of input inside `.if` (missing `.endif`)");
        }
        if self.in_bundle {
            self.error_at(0, "end of input inside a bundle (missing `}`)");
        }
        for s in 0..self.sects.len() {
            self.flush(s);
        }
        for s in 0..self.sects.len() {
            let fixups = std::mem::take(&mut self.sects[s].fixups);
            for f in fixups {
                self.resolve(s, f);
            }
        }
        let object = self.build_object();
        let (errors, warnings): (Vec<_>, Vec<_>) = self
            .diags
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        if !errors.is_empty() {
            let mut all = errors;
            all.extend(warnings);
            return Err(Diagnostics(all));
        }
        Ok(Assembled {
            object,
            warnings,
            printed: self.printed,
        })
    }

    fn fix_error(&mut self, f: &Fixup, m: String) {
        self.diag(Severity::Error, f.loc.clone(), m, f.src.clone(), None);
    }

    fn reloc_target(&mut self, v: &Val) -> Option<(Target, i64)> {
        match v {
            Val::Rel {
                sec,
                off,
                sym: None,
            } => Some((Target::Section(*sec), *off)),
            Val::Rel {
                off, sym: Some(i), ..
            } => {
                let so = match self.syms[*i].def {
                    Def::Sect(_, o) => o as i64,
                    _ => 0,
                };
                Some((Target::Symbol(*i), off - so))
            }
            Val::Undef { sym, add } => {
                if self.syms[*sym].binding == Binding::Local {
                    self.syms[*sym].binding = Binding::Global;
                }
                Some((Target::Symbol(*sym), *add))
            }
            _ => None,
        }
    }

    /// The relocation of type `rtype` (PC-relative when `pcrel`) that puts fixup
    /// `f`'s value `v` in place, or `None` after reporting `error` when `v` is
    /// nothing a relocation can refer to.
    fn reloc(&mut self, f: &Fixup, v: &Val, rtype: u32, pcrel: bool, error: &str) -> Option<Reloc> {
        let Some((target, addend)) = self.reloc_target(v) else {
            self.fix_error(f, error.into());
            return None;
        };
        let (offset, field) = match f.kind {
            FixKind::Data(size) => (f.offset, Field::Data(size)),
            // GNU as numbers the L+X pair of MLX as slot 1.
            FixKind::Insn { slot, opnd, long } => {
                let rslot = if long { 1 } else { slot as u64 };
                (f.offset + rslot, Field::Insn { slot, opnd })
            }
        };
        Some(Reloc {
            offset,
            rtype,
            target,
            addend,
            field,
            pcrel,
        })
    }

    fn resolve(&mut self, s: usize, f: Fixup) {
        let dot = Some((s, f.offset));
        let v = match self.eval(&f.expr, dot, true) {
            Ok(v) => v,
            Err(EvalError::Bad(m)) | Err(EvalError::NotYet(m)) => {
                self.fix_error(&f, m);
                return;
            }
        };
        match f.kind {
            FixKind::Data(size) => {
                let at = f.offset as usize;
                match v {
                    Val::Const(c) => {
                        let bits = size as u32 * 8;
                        let ok = bits == 64 || (c >= -(1i64 << (bits - 1)) && c < (1i64 << bits));
                        if !ok {
                            self.fix_error(
                                &f,
                                std::format!("value {c:#x} does not fit in {size} byte(s)"),
                            );
                            return;
                        }
                        self.sects[s].data[at..at + size as usize]
                            .copy_from_slice(&c.to_le_bytes()[..size as usize]);
                    }
                    Val::PcRel { target, sec, off } if sec == s && matches!(size, 4 | 8) => {
                        let rtype = if size == 8 {
                            obj::rtype::PCREL64LSB
                        } else {
                            obj::rtype::PCREL32LSB
                        };
                        let error = "cannot express this PC-relative value";
                        if let Some(r) = self.reloc(&f, &target, rtype, true, error) {
                            // The value is relative to `off`, the relocation to its own place.
                            let addend = r.addend.wrapping_add((f.offset as i64).wrapping_sub(off));
                            self.sects[s].relocs.push(Reloc { addend, ..r });
                        }
                    }
                    other => {
                        let error =
                            std::format!("cannot express a relocation for {size}-byte data");
                        let rtype = match size {
                            8 => obj::rtype::DIR64LSB,
                            4 => obj::rtype::DIR32LSB,
                            _ => return self.fix_error(&f, error),
                        };
                        if let Some(r) = self.reloc(&f, &other, rtype, false, &error) {
                            self.sects[s].relocs.push(r);
                        }
                    }
                }
            }
            FixKind::Insn { slot, opnd, .. } => {
                let bundle = f.offset;
                if opnd.spec().class == Class::Target {
                    let local = match &v {
                        Val::Rel {
                            sec,
                            off,
                            sym: None,
                        } if *sec == s => Some(off.wrapping_sub(bundle as i64)),
                        Val::Const(c) => Some(c.wrapping_sub(bundle as i64)),
                        _ => None,
                    };
                    if let Some(disp) = local {
                        match opnd.field_of_value(disp) {
                            Some(field) => self.patch(s, bundle, slot, opnd, field),
                            None => {
                                let (lo, hi) = opnd.range();
                                self.fix_error(&f, std::format!("branch target out of range: displacement {disp} is not in {lo}..={hi} (or not a multiple of 16)"));
                            }
                        }
                        return;
                    }
                    let rtype = match opnd {
                        Opnd::TGT25 => obj::rtype::PCREL21B,
                        Opnd::TGT25C => obj::rtype::PCREL21M,
                        Opnd::TGT25F => obj::rtype::PCREL21F,
                        Opnd::TGT64 => obj::rtype::PCREL60B,
                        _ => {
                            self.fix_error(&f, "this target must be in the same section".into());
                            return;
                        }
                    };
                    if let Some(r) = self.reloc(&f, &v, rtype, true, "invalid branch target") {
                        self.sects[s].relocs.push(r);
                    }
                    return;
                }
                match v {
                    Val::Const(c) => match opnd.field_of_value(insn::assembler_value(opnd, c)) {
                        Some(field) => self.patch(s, bundle, slot, opnd, field),
                        None => {
                            let (lo, hi) = opnd.range();
                            self.fix_error(&f, std::format!("value {c} out of range {lo}..{hi}"));
                        }
                    },
                    other => {
                        let rtype = match opnd {
                            Opnd::IMM14 => obj::rtype::IMM14,
                            Opnd::IMM22 => obj::rtype::IMM22,
                            Opnd::IMM64 => obj::rtype::IMM64,
                            _ => {
                                self.fix_error(
                                    &f,
                                    "this operand needs a constant: no relocation can express it"
                                        .into(),
                                );
                                return;
                            }
                        };
                        let error = "invalid relocatable operand";
                        if let Some(r) = self.reloc(&f, &other, rtype, false, error) {
                            self.sects[s].relocs.push(r);
                        }
                    }
                }
            }
        }
    }

    fn patch(&mut self, s: usize, bundle: u64, slot: u8, opnd: Opnd, field: u64) {
        let at = bundle as usize;
        let Some(bytes) = self.sects[s].data.get(at..at + 16) else {
            return;
        };
        let Ok(arr) = <[u8; 16]>::try_from(bytes) else {
            return;
        };
        let b = Bundle::from_bytes(arr);
        let mut sl = b.slot(slot as usize);
        let mut l = b.slot(1);
        opnd.insert(field, &mut sl, &mut l);
        let nb = b
            .with_slot(slot as usize, sl)
            .with_slot(1, if slot == 1 { sl } else { l });
        self.sects[s].data[at..at + 16].copy_from_slice(&nb.to_bytes());
    }

    fn build_object(&mut self) -> Object {
        let mut o = Object::default();
        for s in &self.sects {
            o.sections.push(obj::Section {
                name: s.name.clone(),
                sh_type: s.sh_type,
                flags: s.flags,
                align: s.align,
                data: s.data.clone(),
                size: s.len(),
                relocs: Vec::new(),
            });
        }
        // Symbol order: section symbols and locals in creation order, then globals.
        let mut map: Vec<Option<usize>> = std::vec![None; self.syms.len()];
        let mut order: Vec<usize> = Vec::new();
        for pass in 0..2 {
            for i in 0..self.syms.len() {
                let sy = &self.syms[i];
                let global = sy.binding != Binding::Local;
                if (pass == 0) == global {
                    continue;
                }
                if sy.section_of.is_none() {
                    if sy.name.starts_with('\u{2}') || sy.name.starts_with(".L") {
                        continue;
                    }
                    // GNU as leaves out undefined symbols nothing refers to.
                    if matches!(sy.def, Def::Undef) && !sy.used {
                        continue;
                    }
                }
                order.push(i);
            }
        }
        for &i in &order {
            let sym_size = self.syms[i].size.clone();
            let size = match sym_size {
                Some(e) => match self.eval(&e, None, true) {
                    Ok(Val::Const(v)) => v as u64,
                    _ => 0,
                },
                None => 0,
            };
            let def = self.syms[i].def.clone();
            let (section, value) = match def {
                Def::Abs(v) => (SymSection::Absolute, v as u64),
                Def::Sect(s, off) => (SymSection::Section(s), off),
                Def::Expr(e, d) => match self.eval(&e, d, true) {
                    Ok(Val::Const(v)) => (SymSection::Absolute, v as u64),
                    Ok(Val::Rel { sec, off, .. }) => (SymSection::Section(sec), off as u64),
                    _ => (SymSection::Undefined, 0),
                },
                Def::Undef | Def::Pending => (SymSection::Undefined, 0),
            };
            let sy = &self.syms[i];
            let binding = if sy.binding == Binding::Local && section == SymSection::Undefined {
                Binding::Global
            } else {
                sy.binding
            };
            map[i] = Some(o.symbols.len());
            o.symbols.push(obj::Symbol {
                name: sy.name.clone(),
                value,
                size,
                kind: sy.kind,
                binding,
                section,
            });
        }
        // Locals must precede globals in ELF: undefined locals became global.
        let (loc, glob): (Vec<usize>, Vec<usize>) =
            (0..o.symbols.len()).partition(|&k| o.symbols[k].binding == Binding::Local);
        let perm: Vec<usize> = loc.into_iter().chain(glob).collect();
        let mut inv = std::vec![0; perm.len()];
        for (new, &old) in perm.iter().enumerate() {
            inv[old] = new;
        }
        o.symbols = perm.iter().map(|&k| o.symbols[k].clone()).collect();
        for (k, s) in self.sects.iter().enumerate() {
            for r in &s.relocs {
                let mut r = r.clone();
                r.target = match r.target {
                    Target::Section(x) => Target::Section(x),
                    Target::Symbol(i) => match map[i] {
                        Some(m) => Target::Symbol(inv[m]),
                        None => Target::Section(k),
                    },
                };
                o.sections[k].relocs.push(r);
            }
        }
        o
    }
}

#[derive(Clone, Debug)]
enum Val {
    Const(i64),
    Rel {
        sec: usize,
        off: i64,
        sym: Option<usize>,
    },
    Undef {
        sym: usize,
        add: i64,
    },
    PcRel {
        target: std::boxed::Box<Val>,
        sec: usize,
        off: i64,
    },
}

enum EvalError {
    NotYet(String),
    Bad(String),
}

/// The unit an instruction most likely takes, for the checker before bundling
/// (it does not depend on the unit).
fn unit_guess(ty: InsnType) -> SlotUnit {
    match ty {
        InsnType::I => SlotUnit::I,
        InsnType::B => SlotUnit::B,
        InsnType::F => SlotUnit::F,
        InsnType::X => SlotUnit::X,
        InsnType::A | InsnType::M | InsnType::Dyn => SlotUnit::M,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    fn text(src: &str, auto: bool) -> (Vec<u8>, Vec<Diagnostic>) {
        let a = assemble(
            &[Source {
                name: "t.s".into(),
                text: src.into(),
            }],
            &Options {
                auto,
                ..Options::default()
            },
        )
        .unwrap_or_else(|d| panic!("{}", d.render()));
        let t = a
            .object
            .sections
            .iter()
            .find(|s| s.name == ".text")
            .map(|s| s.data.clone())
            .unwrap_or_default();
        (t, a.warnings)
    }

    /// Template codes (stop bit included) of each bundle.
    fn templates(t: &[u8]) -> Vec<u8> {
        t.chunks(16).map(|b| b[0] & 0x1f).collect()
    }

    const DEP: &str = "\tadd r1=r2,r3\n\tadd r4=r1,r5\n";

    #[test]
    fn auto_mode_stops_before_a_dependent_instruction() {
        // Explicit mode: one MII bundle, no stop inside, a warning.
        let (t, w) = text(DEP, false);
        assert_eq!(templates(&t), [0x01]);
        assert_eq!(w.len(), 1);
        // `.auto`, or automatic mode on the command line: `M;;MI`, no warning.
        for (src, auto) in [(format!("\t.auto\n{DEP}"), false), (DEP.to_string(), true)] {
            let (t, w) = text(&src, auto);
            assert_eq!(templates(&t), [0x0b], "{src}");
            assert!(w.is_empty(), "{w:?}");
        }
    }

    #[test]
    fn written_stops_are_ignored_in_auto_mode() {
        let src = "\t.auto\n\tadd r1=r2,r3 ;;\n\tadd r4=r5,r6\n";
        let (t, w) = text(src, false);
        assert_eq!(templates(&t), [0x01]);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("ignored"), "{}", w[0].message);
        let (t, _) = text(&src.replace("\t.auto\n", ""), false);
        assert_eq!(templates(&t), [0x0b]);
    }

    #[test]
    fn mode_switches_end_the_group() {
        // `.default` returns to the command-line mode. Explicit: the switch from
        // `.auto` stops after `r9` and `r4` is only warned about (`M;;MI`).
        // Automatic: no switch, so no stop after `r9`, but one before `r4`
        // (`MI;;I`). Both as GNU as 2.40 assembles them.
        let src = format!("\t.auto\n\tadd r9=r2,r3\n\t.default\n{DEP}");
        let (t, w) = text(&src, false);
        assert_eq!(templates(&t), [0x0b], "{t:02x?}");
        assert_eq!(w.len(), 1);
        let (t, w) = text(&src, true);
        assert_eq!(templates(&t), [0x03], "{t:02x?}");
        assert!(w.is_empty());
    }

    #[test]
    fn data_serialization_is_inserted() {
        // GNU as 2.40: `mov cr.tpr=r5;; srlz.d nop.i` then `mov r6=cr.tpr`.
        let (t, _) = text("\t.auto\n\tmov cr.tpr=r5\n\tmov r6=cr.tpr\n", false);
        assert_eq!(templates(&t), [0x0a, 0x01]);
        assert_eq!(
            t[..16],
            [0x0a, 0, 0x14, 0x84, 0x2c, 0x04, 0, 0, 0, 0x60, 0, 0, 0, 0, 0x04, 0]
        );
    }
}
