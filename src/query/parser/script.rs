//! Splitting scripts into statements, and telling the REPL whether a buffer is complete.
//! Both only need to know where strings, quoted names and comments start and end.

use crate::query::QueryError;

/// One statement of a script: its text (without the `;`) and its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementText<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// What the scanner found at one byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lexeme {
    /// Significant code outside strings and comments.
    Code,
    /// A `;` outside strings and comments.
    Semicolon,
    /// Whitespace or comment text.
    Blank,
    /// Inside a string or quoted name.
    Quoted,
}

/// A string, quoted name or block comment that the text ends inside.
#[derive(Clone, Copy)]
struct Unclosed {
    /// Where its opening quote or `/*` is.
    offset: usize,
    /// The opening quote, or `*` for a block comment.
    opener: char,
}

/// Calls `visit(offset, lexeme)` for each char; returns the string, quoted name or block
/// comment the text ends inside, if any.
fn scan(text: &str, mut visit: impl FnMut(usize, Lexeme)) -> Option<Unclosed> {
    #[derive(PartialEq)]
    enum St {
        Code,
        Str(char),
        Line,
        Block,
    }
    let mut st = St::Code;
    let mut opened_at = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((n, c)) = chars.next() {
        match st {
            St::Code => match c {
                '\'' | '"' | '`' => {
                    st = St::Str(c);
                    opened_at = n;
                    visit(n, Lexeme::Quoted);
                }
                '/' if chars.peek().map(|p| p.1) == Some('/') => {
                    st = St::Line;
                    visit(n, Lexeme::Blank);
                }
                '/' if chars.peek().map(|p| p.1) == Some('*') => {
                    st = St::Block;
                    opened_at = n;
                    visit(n, Lexeme::Blank);
                    if let Some((m, _)) = chars.next() {
                        visit(m, Lexeme::Blank);
                    }
                }
                ';' => visit(n, Lexeme::Semicolon),
                c if c.is_whitespace() => visit(n, Lexeme::Blank),
                _ => visit(n, Lexeme::Code),
            },
            St::Str(q) => {
                visit(n, Lexeme::Quoted);
                if c == '\\' && q != '`' {
                    if let Some((m, _)) = chars.next() {
                        visit(m, Lexeme::Quoted);
                    }
                } else if c == q {
                    // A doubled backquote is an escaped backquote inside the name.
                    if q == '`' && chars.peek().map(|p| p.1) == Some('`') {
                        if let Some((m, _)) = chars.next() {
                            visit(m, Lexeme::Quoted);
                        }
                    } else {
                        st = St::Code;
                    }
                }
            }
            St::Line => {
                visit(n, Lexeme::Blank);
                if c == '\n' {
                    st = St::Code;
                }
            }
            St::Block => {
                visit(n, Lexeme::Blank);
                if c == '*' && chars.peek().map(|p| p.1) == Some('/') {
                    if let Some((m, _)) = chars.next() {
                        visit(m, Lexeme::Blank);
                    }
                    st = St::Code;
                }
            }
        }
    }
    match st {
        St::Str(quote) => Some(Unclosed {
            offset: opened_at,
            opener: quote,
        }),
        St::Block => Some(Unclosed {
            offset: opened_at,
            opener: '*',
        }),
        St::Code | St::Line => None,
    }
}

/// Splits a script on `;` outside strings, quoted names and comments. Pieces holding only
/// whitespace and comments are dropped; the others are trimmed of surrounding whitespace.
pub fn split_statements(script: &str) -> Vec<StatementText<'_>> {
    let mut out = Vec::new();
    let mut piece_start = 0;
    let mut significant = false;
    fn push<'a>(
        script: &'a str,
        from: usize,
        to: usize,
        significant: bool,
        out: &mut Vec<StatementText<'a>>,
    ) {
        if !significant {
            return;
        }
        let raw = script.get(from..to).unwrap_or_default();
        let lead = raw.len() - raw.trim_start().len();
        out.push(StatementText {
            text: raw.trim(),
            offset: from + lead,
        });
    }
    scan(script, |n, lexeme| match lexeme {
        Lexeme::Semicolon => {
            push(script, piece_start, n, significant, &mut out);
            piece_start = n + 1;
            significant = false;
        }
        Lexeme::Code | Lexeme::Quoted => significant = true,
        Lexeme::Blank => {}
    });
    push(script, piece_start, script.len(), significant, &mut out);
    out
}

/// Splits a script as [`split_statements`] does, and checks that it does not end inside
/// a string, quoted name or block comment. When it does, the statements are those that
/// end before the opening, and the error (a syntax error at the opening) says so.
pub fn split_script(script: &str) -> (Vec<StatementText<'_>>, Option<QueryError>) {
    let mut statements = split_statements(script);
    let Some(open) = scan(script, |_, _| {}) else {
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

/// For the REPL: the buffer is a `:command` line, or its last significant character is
/// a `;` outside strings and comments.
pub fn is_statement_complete(buffer: &str) -> bool {
    if buffer.trim_start().starts_with(':') {
        return true;
    }
    let mut last = None;
    let open = scan(buffer, |_, lexeme| {
        if lexeme != Lexeme::Blank {
            last = Some(lexeme);
        }
    });
    open.is_none() && last == Some(Lexeme::Semicolon)
}
