//! Expressions as GNU as reads them: numbers (decimal, `0x`, `0b`, octal with a
//! leading `0`, `'c'` characters), symbols, `.` (the location counter), numeric
//! local label references (`1b`, `1f`), unary `- ~ ! +`, and binary operators
//! with GNU as's precedence (highest first): `* / % << >>`; `| & ^ !`; `+ -`;
//! `== != <> < > <= >=`; `&&`; `||`. Comparisons give -1 for true, as in GNU as.

use std::boxed::Box;
use std::string::{String, ToString};

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `|`
    Or,
    /// `&`
    And,
    /// `^`
    Xor,
    /// `!` (or not)
    OrNot,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `==`
    Eq,
    /// `!=`, `<>`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `&&`
    LAnd,
    /// `||`
    LOr,
}

impl BinOp {
    fn rank(self) -> u8 {
        use BinOp::*;
        match self {
            Mul | Div | Rem | Shl | Shr => 9,
            Or | And | Xor | OrNot => 8,
            Add | Sub => 7,
            Eq | Ne | Lt | Gt | Le | Ge => 6,
            LAnd => 5,
            LOr => 4,
        }
    }

    /// Applies the operator to two constants; `None` on division by zero.
    pub fn apply(self, a: i64, b: i64) -> Option<i64> {
        use BinOp::*;
        let t = |c: bool| if c { -1 } else { 0 };
        Some(match self {
            Mul => a.wrapping_mul(b),
            Div => a.checked_div(b).or(if b == -1 {
                Some(a.wrapping_neg())
            } else {
                None
            })?,
            Rem => a.checked_rem(b).or(if b == -1 { Some(0) } else { None })?,
            Shl => {
                if (0..64).contains(&b) {
                    a.wrapping_shl(b as u32)
                } else {
                    0
                }
            }
            Shr => {
                if (0..64).contains(&b) {
                    ((a as u64) >> b) as i64
                } else {
                    0
                }
            }
            Or => a | b,
            And => a & b,
            Xor => a ^ b,
            OrNot => a | !b,
            Add => a.wrapping_add(b),
            Sub => a.wrapping_sub(b),
            Eq => t(a == b),
            Ne => t(a != b),
            Lt => t(a < b),
            Gt => t(a > b),
            Le => t(a <= b),
            Ge => t(a >= b),
            LAnd => (a != 0 && b != 0) as i64,
            LOr => (a != 0 || b != 0) as i64,
        })
    }
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-`
    Neg,
    /// `~`
    Not,
    /// `!`
    LNot,
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A number.
    Num(i64),
    /// A symbol (or a register name: the operand parser decides).
    Sym(String),
    /// `.`, the current location.
    Dot,
    /// `Nb` (`forward` false) or `Nf`.
    Local {
        /// The label number.
        label: u32,
        /// `f` rather than `b`.
        forward: bool,
    },
    /// Unary operation.
    Un(UnOp, Box<Expr>),
    /// Binary operation.
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

/// A parse failure at a byte offset of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset into the parsed text.
    pub at: usize,
    /// What was expected.
    pub message: String,
}

/// Whether `c` can start a symbol name.
pub fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'.' || c == b'$' || c == b'@'
}

/// Whether `c` can continue a symbol name.
pub fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$' || c == b'?' || c == b'@'
}

/// A cursor over one operand's text.
pub struct Parser<'a> {
    s: &'a [u8],
    /// Current byte offset.
    pub pos: usize,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `s`.
    pub fn new(s: &'a str) -> Parser<'a> {
        Parser {
            s: s.as_bytes(),
            pos: 0,
        }
    }

    fn err<T>(&self, message: &str) -> Result<T, ExprError> {
        Err(ExprError {
            at: self.pos,
            message: message.to_string(),
        })
    }

    /// Skips blanks.
    pub fn ws(&mut self) {
        while self.pos < self.s.len() && (self.s[self.pos] == b' ' || self.s[self.pos] == b'\t') {
            self.pos += 1;
        }
    }

    /// The next byte after blanks, if any.
    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.pos).copied()
    }

    /// Whether all input was consumed.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// Reads a symbol name.
    pub fn name(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.pos;
        if self.pos < self.s.len() && is_name_start(self.s[self.pos]) {
            while self.pos < self.s.len() && is_name_char(self.s[self.pos]) {
                self.pos += 1;
            }
            std::str::from_utf8(&self.s[start..self.pos]).ok()
        } else {
            None
        }
    }

    /// Parses a full expression.
    pub fn expr(&mut self) -> Result<Expr, ExprError> {
        self.binary(0)
    }

    fn binop(&mut self) -> Option<(BinOp, usize)> {
        self.ws();
        let rest = &self.s[self.pos..];
        let two = |a: u8, b: u8| rest.len() >= 2 && rest[0] == a && rest[1] == b;
        use BinOp::*;
        Some(if two(b'<', b'<') {
            (Shl, 2)
        } else if two(b'>', b'>') {
            (Shr, 2)
        } else if two(b'=', b'=') {
            (Eq, 2)
        } else if two(b'!', b'=') || two(b'<', b'>') {
            (Ne, 2)
        } else if two(b'<', b'=') {
            (Le, 2)
        } else if two(b'>', b'=') {
            (Ge, 2)
        } else if two(b'&', b'&') {
            (LAnd, 2)
        } else if two(b'|', b'|') {
            (LOr, 2)
        } else {
            match rest.first()? {
                b'*' => (Mul, 1),
                b'/' => (Div, 1),
                b'%' => (Rem, 1),
                b'|' => (Or, 1),
                b'&' => (And, 1),
                b'^' => (Xor, 1),
                b'!' => (OrNot, 1),
                b'+' => (Add, 1),
                b'-' => (Sub, 1),
                b'<' => (Lt, 1),
                b'>' => (Gt, 1),
                _ => return None,
            }
        })
    }

    fn binary(&mut self, min: u8) -> Result<Expr, ExprError> {
        let mut lhs = self.unary()?;
        while let Some((op, len)) = self.binop() {
            if op.rank() <= min {
                break;
            }
            self.pos += len;
            let rhs = self.binary(op.rank())?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        let Some(c) = self.peek() else {
            return self.err("expected an expression");
        };
        let op = match c {
            b'-' => Some(UnOp::Neg),
            b'~' => Some(UnOp::Not),
            b'!' => Some(UnOp::LNot),
            b'+' => None,
            _ => return self.primary(),
        };
        self.pos += 1;
        let e = self.unary()?;
        Ok(match op {
            Some(op) => Expr::Un(op, Box::new(e)),
            None => e,
        })
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let Some(c) = self.peek() else {
            return self.err("expected an expression");
        };
        if c == b'(' {
            self.pos += 1;
            let e = self.expr()?;
            if self.peek() != Some(b')') {
                return self.err("expected `)`");
            }
            self.pos += 1;
            return Ok(e);
        }
        if c == b'\'' {
            // GNU as: a quote followed by one character (escapes allowed); a
            // closing quote is optional.
            self.pos += 1;
            let (v, n) = char_value(&self.s[self.pos..]).ok_or(ExprError {
                at: self.pos,
                message: "expected a character after `'`".into(),
            })?;
            self.pos += n;
            if self.s.get(self.pos) == Some(&b'\'') {
                self.pos += 1;
            }
            return Ok(Expr::Num(v as i64));
        }
        if c.is_ascii_digit() {
            return self.number();
        }
        if c == b'.' && !self.s.get(self.pos + 1).is_some_and(|&n| is_name_char(n)) {
            self.pos += 1;
            return Ok(Expr::Dot);
        }
        if let Some(n) = self.name() {
            return Ok(Expr::Sym(n.to_string()));
        }
        self.err("expected an expression")
    }

    fn number(&mut self) -> Result<Expr, ExprError> {
        let start = self.pos;
        let s = self.s;
        let mut end = self.pos;
        while end < s.len() && s[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let text = std::str::from_utf8(&s[start..end]).unwrap_or("");
        self.pos = end;
        let bytes = text.as_bytes();
        // `1b` / `1f`: a numeric local label reference.
        if let Some(&last) = bytes.last() {
            if (last == b'b' || last == b'f')
                && bytes.len() > 1
                && bytes[..bytes.len() - 1].iter().all(u8::is_ascii_digit)
            {
                let label = text[..text.len() - 1]
                    .parse::<u32>()
                    .map_err(|_| ExprError {
                        at: start,
                        message: "local label number too large".into(),
                    })?;
                return Ok(Expr::Local {
                    label,
                    forward: last == b'f',
                });
            }
        }
        let (digits, radix) = if let Some(h) = text.strip_prefix("0x").or(text.strip_prefix("0X")) {
            (h, 16)
        } else if let Some(b) = text.strip_prefix("0b").or(text.strip_prefix("0B")) {
            (b, 2)
        } else if text.len() > 1 && text.starts_with('0') {
            (&text[1..], 8)
        } else {
            (text, 10)
        };
        match u64::from_str_radix(digits, radix) {
            Ok(v) => Ok(Expr::Num(v as i64)),
            Err(_) => Err(ExprError {
                at: start,
                message: std::format!("invalid number `{text}`"),
            }),
        }
    }
}

/// The value of one (possibly escaped) character at the start of `s`, and how many
/// bytes it took.
pub fn char_value(s: &[u8]) -> Option<(u8, usize)> {
    let c = *s.first()?;
    if c != b'\\' {
        return Some((c, 1));
    }
    let e = *s.get(1)?;
    Some(match e {
        b'n' => (b'\n', 2),
        b't' => (b'\t', 2),
        b'r' => (b'\r', 2),
        b'b' => (8, 2),
        b'f' => (12, 2),
        b'0'..=b'7' => {
            let mut v: u32 = 0;
            let mut n = 1;
            while n < 4 && s.get(n).is_some_and(|d| (b'0'..=b'7').contains(d)) {
                v = v * 8 + (s[n] - b'0') as u32;
                n += 1;
            }
            (v as u8, n)
        }
        b'x' | b'X' => {
            let mut v: u32 = 0;
            let mut n = 2;
            while s.get(n).is_some_and(u8::is_ascii_hexdigit) {
                v = (v * 16 + (s[n] as char).to_digit(16).unwrap_or(0)) & 0xff;
                n += 1;
            }
            (v as u8, n)
        }
        other => (other, 2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(s: &str) -> i64 {
        fn go(e: &Expr) -> i64 {
            match e {
                Expr::Num(v) => *v,
                Expr::Un(UnOp::Neg, a) => go(a).wrapping_neg(),
                Expr::Un(UnOp::Not, a) => !go(a),
                Expr::Un(UnOp::LNot, a) => (go(a) == 0) as i64,
                Expr::Bin(op, a, b) => op.apply(go(a), go(b)).unwrap(),
                other => panic!("{other:?}"),
            }
        }
        let mut p = Parser::new(s);
        let e = p.expr().unwrap();
        assert!(p.at_end(), "{s}");
        go(&e)
    }

    #[test]
    fn gas_precedence_and_numbers() {
        assert_eq!(eval("1 + 2 * 3"), 7);
        assert_eq!(eval("(1 + 2) * 3"), 9);
        // `|` binds tighter than `+` in GNU as.
        assert_eq!(eval("1 | 2 + 4"), 7);
        assert_eq!(eval("8 | 1 + 1"), 10);
        assert_eq!(eval("0x10 + 010 + 0b11"), 16 + 8 + 3);
        assert_eq!(eval("1 < 2"), -1);
        assert_eq!(eval("1 < 2 && 3"), 1);
        assert_eq!(eval("-1 >> 60"), 15);
        assert_eq!(eval("'a'"), 97);
        assert_eq!(eval("~0 ^ 5"), !5);
    }

    #[test]
    fn local_refs_and_errors() {
        assert_eq!(
            Parser::new("1b").expr(),
            Ok(Expr::Local {
                label: 1,
                forward: false
            })
        );
        assert_eq!(
            Parser::new("12f").expr(),
            Ok(Expr::Local {
                label: 12,
                forward: true
            })
        );
        assert!(Parser::new("(1").expr().is_err());
        assert!(Parser::new("0x").expr().is_err());
        assert!(Parser::new("4 / ").expr().is_err());
        assert_eq!(BinOp::Div.apply(1, 0), None);
    }
}
