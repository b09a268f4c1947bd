//! The openCypher parser: query text → [`ast::Statement`], with a byte span on every node
//! and syntax errors that say where (line and character column) and what was expected.
//! It also owns the script splitter the REPL and script runner use.
//!
//! The grammar is written with nom 8 over `nom_locate` spans. Failed alternatives record
//! what they expected at the furthest offset reached in a small shared state (carried in
//! the span's `extra` field), so the final error reports the furthest point and every
//! token that would have been accepted there, not whichever alternative happened to be
//! tried last.

use std::cell::{Cell, RefCell};

use nom::{IResult, Input};
use nom_locate::LocatedSpan;

use super::ast;
use super::error::QueryError;

mod clause;
mod expr;
mod schema;
mod script;
#[cfg(test)]
mod tests;

pub use script::{
    is_statement_complete, split_script, split_statements, tokens, StatementText, Token, TokenKind,
};

/// How deeply expressions may nest (parentheses, lists, maps, operators). Later stages
/// walk the tree recursively, so the parser is where unbounded depth is refused.
pub const MAX_NESTING: usize = 256;

/// What one level of brackets (a nested list, map, call or subscript, which the parser
/// handles by recursion) costs of [`MAX_NESTING`]: recursion frames are large in debug
/// builds, and 2 MiB thread stacks must hold the deepest accepted query.
pub const BRACKET_COST: usize = 5;

pub(crate) fn too_deep_message() -> String {
    format!(
        "expression nested too deeply: the limit is {MAX_NESTING} levels of operators and \
         parentheses, or {} of brackets",
        MAX_NESTING / BRACKET_COST
    )
}

/// Parses one statement. Surrounding whitespace and comments and one trailing `;` are
/// accepted.
pub fn parse_statement(source: &str) -> Result<ast::Statement, QueryError> {
    let state = State {
        source,
        furthest: Cell::new(0),
        expected: RefCell::new(Vec::new()),
        depth: Cell::new(0),
        open_comment: Cell::new(None),
        speculating: Cell::new(false),
        inline_predicates: RefCell::new(Vec::new()),
        inline_allowed: Cell::new(false),
    };
    let input = In::new_extra(source, &state);
    match clause::statement(input) {
        Ok((_, statement)) => Ok(statement),
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(state.into_error(e)),
        Err(nom::Err::Incomplete(_)) => Err(QueryError::syntax(
            source,
            source.len(),
            "UnexpectedSyntax",
            "unexpected end of input",
        )),
    }
}

/// What a failed parser would have accepted, for the error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// A literal token or keyword, shown quoted.
    Token(&'static str),
    /// A description such as "an expression", shown as is.
    Label(&'static str),
}

/// Shared, per-parse bookkeeping carried in every span.
pub(crate) struct State<'s> {
    source: &'s str,
    furthest: Cell<usize>,
    expected: RefCell<Vec<Expect>>,
    depth: Cell<usize>,
    /// Start of a `/*` comment that never closes.
    open_comment: Cell<Option<usize>>,
    /// A pattern in expression position is being tried: one nested inside it is not tried
    /// again (which would make nested parentheses cost exponential time).
    speculating: Cell<bool>,
    /// The `WHERE`s written inside node and relationship patterns, until the clause or
    /// expression that holds the pattern takes them into its own `WHERE`.
    inline_predicates: RefCell<Vec<ast::Expr>>,
    /// Whether the pattern being read may hold such a `WHERE` (a `MATCH` or a pattern
    /// expression may; `CREATE` and `MERGE` may not).
    inline_allowed: Cell<bool>,
}

pub(crate) type In<'a> = LocatedSpan<&'a str, &'a State<'a>>;
pub(crate) type PResult<'a, T> = IResult<In<'a>, T, PError>;

/// The nom error type: where the failing parser stood, and for hard failures (literal
/// overflow, bad escapes, nesting too deep) their own code and message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PError {
    offset: usize,
    fatal: Option<(&'static str, String)>,
}

impl<'a> nom::error::ParseError<In<'a>> for PError {
    fn from_error_kind(input: In<'a>, _kind: nom::error::ErrorKind) -> Self {
        PError {
            offset: input.location_offset(),
            fatal: None,
        }
    }

    fn append(_input: In<'a>, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        match (&self.fatal, &other.fatal) {
            (Some(_), _) => self,
            (None, Some(_)) => other,
            _ if other.offset > self.offset => other,
            _ => self,
        }
    }
}

impl State<'_> {
    fn record(&self, offset: usize, what: Expect) {
        let furthest = self.furthest.get();
        let mut expected = self.expected.borrow_mut();
        if offset > furthest {
            self.furthest.set(offset);
            expected.clear();
        } else if offset < furthest {
            return;
        }
        if !expected.contains(&what) {
            expected.push(what);
        }
    }

    fn into_error(self, e: PError) -> QueryError {
        let source = self.source;
        if let Some((code, message)) = e.fatal {
            return QueryError::syntax(source, e.offset, code, message);
        }
        let expected = self.expected.into_inner();
        let offset = if expected.is_empty() {
            e.offset
        } else {
            self.furthest.get().max(e.offset)
        };
        if offset >= source.len() {
            if let Some(start) = self.open_comment.get() {
                return QueryError::syntax(
                    source,
                    start,
                    "UnexpectedSyntax",
                    "unterminated comment: '/*' has no closing '*/'",
                );
            }
        }
        let rest = source.get(offset..).unwrap_or("");
        let mut code = "UnexpectedSyntax";
        let found = match rest.chars().next() {
            None => "end of input".to_string(),
            Some(c) if is_ident_start(c) || c.is_ascii_digit() => {
                let n = ident_len_loose(rest);
                format!("'{}'", rest.get(..n).unwrap_or(rest))
            }
            Some(c) if !c.is_ascii() => {
                code = "InvalidUnicodeCharacter";
                format!("character '{c}' (U+{:04X})", c as u32)
            }
            Some(c) => format!("'{c}'"),
        };
        let message = if expected.is_empty() {
            format!("unexpected {found}")
        } else {
            format!("unexpected {found}, expected {}", describe(&expected))
        };
        QueryError::syntax(source, offset, code, message)
    }
}

/// `a`, `a or b`, `a, b or c`.
fn describe(expected: &[Expect]) -> String {
    let words: Vec<String> = expected
        .iter()
        .map(|e| match e {
            Expect::Token(t) => format!("'{t}'"),
            Expect::Label(l) => (*l).to_string(),
        })
        .collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} or {last}", init.join(", ")),
    }
}

// ---------------------------------------------------------------------------------------
// Lexical helpers shared by the grammar modules. Every token parser skips leading
// whitespace and comments itself and never consumes trailing ones, so a node's span ends
// exactly at its last token.

pub(crate) fn off(i: &In<'_>) -> usize {
    i.location_offset()
}

pub(crate) fn span(start: usize, rest: &In<'_>) -> ast::Span {
    ast::Span::new(start, off(rest))
}

/// The source text of a span (for projection column names).
pub(crate) fn text_of(i: &In<'_>, span: ast::Span) -> String {
    i.extra
        .source
        .get(span.start..span.end)
        .unwrap_or_default()
        .to_string()
}

pub(crate) fn advance(i: In<'_>, n: usize) -> In<'_> {
    i.take_from(n)
}

/// Skips whitespace and comments. An unclosed `/*` runs to the end of the input (and is
/// named in the error that follows).
pub(crate) fn ws(i: In<'_>) -> In<'_> {
    let s = *i.fragment();
    let bytes = s.as_bytes();
    let mut pos = 0;
    loop {
        match bytes.get(pos) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => pos += 1,
            Some(b'/') if bytes.get(pos + 1) == Some(&b'/') => {
                pos = s[pos..].find('\n').map_or(s.len(), |n| pos + n);
            }
            Some(b'/') if bytes.get(pos + 1) == Some(&b'*') => match s[pos + 2..].find("*/") {
                Some(n) => pos += n + 4,
                None => {
                    i.extra.open_comment.set(Some(off(&i) + pos));
                    pos = s.len();
                }
            },
            Some(b) if *b >= 0x80 => match s[pos..].chars().next() {
                Some(c) if c.is_whitespace() => pos += c.len_utf8(),
                _ => break,
            },
            _ => break,
        }
    }
    advance(i, pos)
}

/// Records that `what` was expected at the current position and fails there.
pub(crate) fn fail<'a, T>(i: In<'a>, what: Expect) -> PResult<'a, T> {
    let i = ws(i);
    i.extra.record(off(&i), what);
    Err(nom::Err::Error(PError {
        offset: off(&i),
        fatal: None,
    }))
}

/// A hard failure with its own detail code: no alternative is tried after it.
pub(crate) fn fatal<'a, T>(
    offset: usize,
    code: &'static str,
    message: impl Into<String>,
) -> PResult<'a, T> {
    Err(fatal_error(offset, code, message))
}

/// The error [`fatal`] fails with.
pub(crate) fn fatal_error(
    offset: usize,
    code: &'static str,
    message: impl Into<String>,
) -> nom::Err<PError> {
    nom::Err::Failure(PError {
        offset,
        fatal: Some((code, message.into())),
    })
}

/// Refuses a part of Neo4j's Cypher that kizuna does not have: the error names it, says
/// so, and puts the caret on it; `hint` says what to do instead.
pub(crate) fn not_supported<'a, T>(offset: usize, feature: &str, hint: &str) -> PResult<'a, T> {
    fatal(
        offset,
        "NotSupported",
        format!("kizuna does not support {feature}; {hint}"),
    )
}

/// Runs `f`; when it fails without getting past the start, its expectations there are
/// replaced by `label` ("an expression" rather than a list of every possible atom).
pub(crate) fn labelled<'a, T>(
    i: In<'a>,
    label: &'static str,
    f: impl FnOnce(In<'a>) -> PResult<'a, T>,
) -> PResult<'a, T> {
    let i = ws(i);
    let start = off(&i);
    let state = i.extra;
    let before_furthest = state.furthest.get();
    let before_len = state.expected.borrow().len();
    let result = f(i);
    if let Err(nom::Err::Error(_)) = &result {
        if state.furthest.get() == start {
            let mut expected = state.expected.borrow_mut();
            if before_furthest == start {
                expected.truncate(before_len);
            } else {
                expected.clear();
            }
            drop(expected);
            state.record(start, Expect::Label(label));
        }
    }
    result
}

/// A punctuation token, silently: `Some((rest, start))` when it is next.
pub(crate) fn try_sym<'a>(i: In<'a>, s: &str) -> Option<(In<'a>, usize)> {
    let i = ws(i);
    if i.fragment().starts_with(s) {
        let start = off(&i);
        Some((advance(i, s.len()), start))
    } else {
        None
    }
}

/// A punctuation token that must come next; returns its start offset.
pub(crate) fn sym<'a>(i: In<'a>, s: &'static str) -> PResult<'a, usize> {
    match try_sym(i, s) {
        Some((rest, start)) => Ok((rest, start)),
        None => fail(i, Expect::Token(s)),
    }
}

pub(crate) fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

pub(crate) fn is_ident_part(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Byte length of the unquoted identifier at the start of `s` (0 when there is none).
pub(crate) fn ident_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if is_ident_start(c) => {}
        _ => return 0,
    }
    chars
        .find(|(_, c)| !is_ident_part(*c))
        .map_or(s.len(), |(n, _)| n)
}

/// Like [`ident_len`] but also for words starting with a digit (for error messages).
fn ident_len_loose(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !is_ident_part(*c))
        .map_or(s.len(), |(n, _)| n)
}

/// A keyword, silently: `Some((rest, start))` when the next word is `word` (any case).
pub(crate) fn try_kw<'a>(i: In<'a>, word: &str) -> Option<(In<'a>, usize)> {
    let i = ws(i);
    let s = *i.fragment();
    let n = ident_len(s);
    if n == word.len() && s[..n].eq_ignore_ascii_case(word) {
        let start = off(&i);
        Some((advance(i, n), start))
    } else {
        None
    }
}

/// A keyword that must come next (`word` is given in upper case).
pub(crate) fn kw<'a>(i: In<'a>, word: &'static str) -> PResult<'a, usize> {
    match try_kw(i, word) {
        Some(found) => Ok(found),
        None => fail(i, Expect::Token(word)),
    }
}

/// The next unquoted word, without consuming it.
pub(crate) fn peek_word<'a>(i: &In<'a>) -> &'a str {
    let i = ws(*i);
    let s: &'a str = i.fragment();
    &s[..ident_len(s)]
}

/// Words that cannot be bare variable names (they would be ambiguous after an expression
/// or at the start of a clause). They remain usable as labels, types, keys and, quoted
/// in backquotes, as variables.
pub(crate) const RESERVED: &[&str] = &[
    "ALL",
    "AND",
    "AS",
    "ASC",
    "ASCENDING",
    "BY",
    "CALL",
    "CASE",
    "CONTAINS",
    "CREATE",
    "DELETE",
    "DESC",
    "DESCENDING",
    "DETACH",
    "DISTINCT",
    "ELSE",
    "END",
    "ENDS",
    "FALSE",
    "IN",
    "IS",
    "LIMIT",
    "MATCH",
    "MERGE",
    "NOT",
    "NULL",
    "ON",
    "OPTIONAL",
    "OR",
    "ORDER",
    "REMOVE",
    "RETURN",
    "SET",
    "SKIP",
    "STARTS",
    "THEN",
    "TRUE",
    "UNION",
    "UNWIND",
    "WHEN",
    "WHERE",
    "WITH",
    "XOR",
    "YIELD",
];

pub fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Reserved words that cannot stand bare for a variable: those that begin a clause or a
/// part of one, and those that begin an expression of their own. Every other reserved word
/// (`end`, `all`, `contains`, `in`, …) names a variable wherever one is expected, as in
/// Neo4j 5, and after `AS` any word does.
const NEVER_VARIABLES: &[&str] = &[
    "CALL", "CASE", "CREATE", "DELETE", "DETACH", "DISTINCT", "FALSE", "LIMIT", "MATCH", "MERGE",
    "NOT", "NULL", "ON", "OPTIONAL", "ORDER", "REMOVE", "RETURN", "SET", "SKIP", "TRUE", "UNION",
    "UNWIND", "WHEN", "WHERE", "WITH", "YIELD",
];

pub(crate) fn can_name_variable(word: &str) -> bool {
    !word.is_empty() && !NEVER_VARIABLES.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// A name: an unquoted identifier or a backquoted one (`` `a``b` `` is ``a`b``). Reserved
/// words are refused unless `allow_reserved`. Returns the name and its span.
pub(crate) fn name<'a>(
    i: In<'a>,
    allow_reserved: bool,
    label: &'static str,
) -> PResult<'a, (String, ast::Span)> {
    let i = ws(i);
    let start = off(&i);
    let s = *i.fragment();
    if let Some(body) = s.strip_prefix('`') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((n, c)) = chars.next() {
            if c == '`' {
                if body[n + 1..].starts_with('`') {
                    out.push('`');
                    chars.next();
                } else {
                    let rest = advance(i, n + 2);
                    return Ok((rest, (out, span(start, &rest))));
                }
            } else {
                out.push(c);
            }
        }
        return fatal(
            start,
            "UnexpectedSyntax",
            "unterminated quoted name: '`' has no closing '`'",
        );
    }
    let n = ident_len(s);
    if n == 0 || (!allow_reserved && is_reserved(&s[..n])) {
        return fail(i, Expect::Label(label));
    }
    let rest = advance(i, n);
    Ok((rest, (s[..n].to_string(), span(start, &rest))))
}

pub(crate) fn variable(i: In<'_>) -> PResult<'_, ast::Variable> {
    let j = ws(i);
    if !j.fragment().starts_with('`') && !can_name_variable(peek_word(&j)) {
        return fail(j, Expect::Label("a variable name"));
    }
    let (rest, (name, span)) = name(j, true, "a variable name")?;
    Ok((rest, ast::Variable { name, span }))
}

/// The name after `AS`: any word, keywords included (`RETURN 1 AS end`).
pub(crate) fn alias(i: In<'_>) -> PResult<'_, ast::Variable> {
    let (rest, (name, span)) = name(i, true, "a variable name")?;
    Ok((rest, ast::Variable { name, span }))
}

/// Enters one nesting level (an expression inside brackets, one more operator); fails
/// when the limit is passed. Callers restore the depth they saw.
pub(crate) fn deeper<'a>(i: &In<'a>, levels: usize) -> Result<usize, nom::Err<PError>> {
    let state = i.extra;
    let before = state.depth.get();
    let after = before + levels;
    if after > MAX_NESTING {
        return Err(nom::Err::Failure(PError {
            offset: off(&ws(*i)),
            fatal: Some(("NestingTooDeep", too_deep_message())),
        }));
    }
    state.depth.set(after);
    Ok(before)
}

pub(crate) fn open_comment(i: &In<'_>) -> Option<usize> {
    i.extra.open_comment.get()
}

pub(crate) fn restore_depth(i: &In<'_>, before: usize) {
    i.extra.depth.set(before);
}
