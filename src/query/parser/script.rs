//! Splitting scripts into statements, and telling the REPL whether a buffer is complete.
//! Both only need to know where strings, quoted names and comments start and end.

use crate::query::QueryError;

/// One statement of a script: its text (without the `;`) and its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementText<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// What a [`Token`] is, as far as splitting scripts and colouring them need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A name or keyword: a letter or `_`, then letters, digits and `_`.
    Word,
    /// A number: a digit, then letters, digits and `.` (`0x1F`, `1.5e3`).
    Number,
    /// A string in single or double quotes, escapes included.
    String,
    /// A name in backquotes (a doubled backquote stands for one).
    QuotedName,
    /// A `//` comment to the end of the line, or a `/* … */` comment.
    Comment,
    Whitespace,
    /// A `;`: the end of a statement.
    Semicolon,
    /// Any other character (an operator or bracket).
    Symbol,
}

/// One token of a script: its kind and its bytes `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    fn blank(&self) -> bool {
        matches!(self.kind, TokenKind::Whitespace | TokenKind::Comment)
    }
}

/// A string, quoted name or block comment that the text ends inside.
#[derive(Clone, Copy)]
struct Unclosed {
    /// Where its opening quote or `/*` is.
    offset: usize,
    /// The opening quote, or `*` for a block comment.
    opener: char,
}

/// The tokens of `text`, in order and covering every byte. A string, quoted name or block
/// comment that the text ends inside runs to the end.
pub fn tokens(text: &str) -> Vec<Token> {
    lex(text).0
}

/// The tokens, and the string, quoted name or block comment the text ends inside, if any.
fn lex(text: &str) -> (Vec<Token>, Option<Unclosed>) {
    let mut out = Vec::new();
    let mut unclosed = None;
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let mut opened = |len: Option<usize>, opener: char| {
            len.unwrap_or_else(|| {
                unclosed = Some(Unclosed { offset: at, opener });
                rest.len()
            })
        };
        let (kind, len) = match c {
            '\'' | '"' => (TokenKind::String, opened(quoted_len(rest, c), c)),
            '`' => (TokenKind::QuotedName, opened(quoted_len(rest, c), c)),
            '/' if rest.starts_with("//") => (
                TokenKind::Comment,
                rest.find('\n').map_or(rest.len(), |n| n + 1),
            ),
            '/' if rest.starts_with("/*") => (
                TokenKind::Comment,
                opened(rest[2..].find("*/").map(|n| n + 4), '*'),
            ),
            ';' => (TokenKind::Semicolon, 1),
            c if c.is_whitespace() => (TokenKind::Whitespace, run_len(rest, char::is_whitespace)),
            c if c.is_alphabetic() || c == '_' => (
                TokenKind::Word,
                run_len(rest, |c| c.is_alphanumeric() || c == '_'),
            ),
            c if c.is_ascii_digit() => (
                TokenKind::Number,
                run_len(rest, |c| c.is_ascii_alphanumeric() || c == '.'),
            ),
            c => (TokenKind::Symbol, c.len_utf8()),
        };
        out.push(Token {
            kind,
            start: at,
            end: at + len,
        });
        at += len;
    }
    (out, unclosed)
}

/// The length of the leading run of chars that `keep` accepts.
fn run_len(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.find(|c| !keep(c)).unwrap_or(text.len())
}

/// The length of the string or quoted name that opens `text` with `quote`, or `None` when
/// `text` ends inside it. Backslash escapes in strings; a doubled backquote in a quoted
/// name.
fn quoted_len(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((n, c)) = chars.next() {
        if c == '\\' && quote != '`' {
            chars.next();
        } else if c == quote {
            if quote == '`' && chars.peek().map(|p| p.1) == Some('`') {
                chars.next();
            } else {
                return Some(n + c.len_utf8());
            }
        }
    }
    None
}

/// Splits a script on `;` outside strings, quoted names and comments. Pieces holding only
/// whitespace and comments are dropped; the others are trimmed of surrounding whitespace.
pub fn split_statements(script: &str) -> Vec<StatementText<'_>> {
    let mut out = Vec::new();
    let mut piece: Vec<Token> = Vec::new();
    let mut push = |piece: &mut Vec<Token>| {
        let significant = piece.iter().any(|t| !t.blank());
        let first = piece.iter().find(|t| t.kind != TokenKind::Whitespace);
        let last = piece.iter().rfind(|t| t.kind != TokenKind::Whitespace);
        if let (true, Some(first), Some(last)) = (significant, first, last) {
            out.push(StatementText {
                // A line comment's token ends with its newline.
                text: script[first.start..last.end].trim_end(),
                offset: first.start,
            });
        }
        piece.clear();
    };
    for token in tokens(script) {
        if token.kind == TokenKind::Semicolon {
            push(&mut piece);
        } else {
            piece.push(token);
        }
    }
    push(&mut piece);
    out
}

/// Splits a script as [`split_statements`] does, and checks that it does not end inside
/// a string, quoted name or block comment. When it does, the statements are those that
/// end before the opening, and the error (a syntax error at the opening) says so.
pub fn split_script(script: &str) -> (Vec<StatementText<'_>>, Option<QueryError>) {
    let mut statements = split_statements(script);
    let Some(open) = lex(script).1 else {
        return (statements, None);
    };
    statements.retain(|s| s.offset + s.text.len() <= open.offset);
    let message = match open.opener {
        '*' => "unterminated comment: '/*' has no closing '*/'".to_owned(),
        '`' => "unterminated quoted name: '`' has no closing '`'".to_owned(),
        quote => format!("unterminated string literal: {quote} has no closing {quote}"),
    };
    let error = QueryError::syntax(script, open.offset, "UnexpectedSyntax", message);
    (statements, Some(error))
}

/// For the REPL: the buffer is a `:command` line, or its last significant token is a `;`
/// outside strings and comments.
pub fn is_statement_complete(buffer: &str) -> bool {
    if buffer.trim_start().starts_with(':') {
        return true;
    }
    let (tokens, unclosed) = lex(buffer);
    unclosed.is_none()
        && tokens
            .iter()
            .rev()
            .find(|t| !t.blank())
            .is_some_and(|t| t.kind == TokenKind::Semicolon)
}
