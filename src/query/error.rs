//! Query errors: what went wrong, in which phase, and where in the query text.

use std::fmt;

use unicode_width::UnicodeWidthStr;

/// A position in a query text, 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    /// Byte offset into the text.
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `source` (clamped to the text, and moved back to a
    /// character boundary).
    pub fn from_offset(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() as u32 + 1;
        Position {
            line,
            column,
            offset,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The class of an error, named as the openCypher TCK names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    SyntaxError,
    SemanticError,
    ParameterMissing,
    TypeError,
    ArgumentError,
    ArithmeticError,
    EntityNotFound,
    ConstraintVerificationFailed,
    ConstraintValidationFailed,
    ProcedureError,
    /// The query was cancelled (Ctrl-C or the API's cancellation flag).
    Cancelled,
    /// A resource limit (time, rows, expansion depth) was reached.
    LimitExceeded,
    /// The database refused the write (read-only mode) or storage failed.
    Database,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::SemanticError => "SemanticError",
            ErrorKind::ParameterMissing => "ParameterMissing",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::ArgumentError => "ArgumentError",
            ErrorKind::ArithmeticError => "ArithmeticError",
            ErrorKind::EntityNotFound => "EntityNotFound",
            ErrorKind::ConstraintVerificationFailed => "ConstraintVerificationFailed",
            ErrorKind::ConstraintValidationFailed => "ConstraintValidationFailed",
            ErrorKind::ProcedureError => "ProcedureError",
            ErrorKind::Cancelled => "Cancelled",
            ErrorKind::LimitExceeded => "LimitExceeded",
            ErrorKind::Database => "DatabaseError",
        }
    }
}

/// When the error was found: before execution started, or during it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Compile,
    Runtime,
}

/// An error in a query: its [`ErrorDetail`], read through the error (`err.kind`,
/// `err.message`). The detail is boxed so that a `Result` of a value is not much larger
/// than the value: the evaluator returns one from every node of every expression.
#[derive(Clone, PartialEq, thiserror::Error)]
#[error("{detail}")]
pub struct QueryError {
    detail: Box<ErrorDetail>,
}

impl std::ops::Deref for QueryError {
    type Target = ErrorDetail;

    fn deref(&self) -> &ErrorDetail {
        &self.detail
    }
}

impl std::ops::DerefMut for QueryError {
    fn deref_mut(&mut self) -> &mut ErrorDetail {
        &mut self.detail
    }
}

impl fmt::Debug for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.detail.fmt(f)
    }
}

/// What a [`QueryError`] says: the TCK classification (kind, phase, detail code), a
/// sentence for people, and where it is when that is known.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ErrorDetail {
    pub kind: ErrorKind,
    pub phase: Phase,
    /// Detail code such as `VariableTypeConflict`, `UndefinedVariable`,
    /// `InvalidArgumentType`, `UnexpectedSyntax`.
    pub code: &'static str,
    pub message: String,
    pub position: Option<Position>,
}

impl fmt::Display for ErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(pos) => write!(f, "{} at {pos}: {}", self.kind.name(), self.message),
            None => write!(f, "{}: {}", self.kind.name(), self.message),
        }
    }
}

impl QueryError {
    pub fn new(
        kind: ErrorKind,
        phase: Phase,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        QueryError {
            detail: Box::new(ErrorDetail {
                kind,
                phase,
                code,
                message: message.into(),
                position: None,
            }),
        }
    }

    /// A syntax error at byte `offset` of `source`.
    pub fn syntax(
        source: &str,
        offset: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        QueryError::new(ErrorKind::SyntaxError, Phase::Compile, code, message)
            .at(Position::from_offset(source, offset))
    }

    /// A compile-time semantic error (the TCK files these as `SyntaxError`).
    pub fn semantic(code: &'static str, message: impl Into<String>) -> Self {
        QueryError::new(ErrorKind::SyntaxError, Phase::Compile, code, message)
    }

    /// A runtime error.
    pub fn runtime(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        QueryError::new(kind, Phase::Runtime, code, message)
    }

    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Sets the position from a byte offset, unless one is already known.
    pub fn at_offset(mut self, source: &str, offset: usize) -> Self {
        if self.position.is_none() {
            self.position = Some(Position::from_offset(source, offset));
        }
        self
    }

    /// Shifts the position of an error found in a statement that starts at `base` in a
    /// larger text (a script), so that it names the line and column in that text.
    pub fn relocate(mut self, text: &str, base: usize) -> Self {
        if let Some(pos) = self.position {
            self.position = Some(Position::from_offset(text, base + pos.offset));
        }
        self
    }

    /// The message with the offending line and a caret under the position:
    ///
    /// ```text
    /// SyntaxError at 1:10: expected ')' or ','
    ///   MATCH (n RETURN n
    ///            ^
    /// ```
    ///
    /// `origin` (a file name) is prefixed as `FILE:LINE:COL`.
    pub fn render(&self, source: &str, origin: Option<&str>) -> String {
        let Some(pos) = self.position else {
            return match origin {
                Some(file) => format!("{file}: {self}"),
                None => self.to_string(),
            };
        };
        let head = match origin {
            Some(file) => format!("{file}:{pos}: {}: {}", self.kind.name(), self.message),
            None => self.to_string(),
        };
        // A position always comes from `source`, but a caller may pass another text: clamp
        // to a character boundary rather than slice inside a character.
        let mut offset = pos.offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        let line = source[line_start..line_end].trim_end_matches('\r');
        let before = &source[line_start..offset.clamp(line_start, line_end)];
        let pad = before.replace('\t', " ").width();
        format!(
            "{head}\n  {}\n  {}^",
            line.replace('\t', " "),
            " ".repeat(pad)
        )
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;

    #[test]
    fn render_survives_a_position_from_another_text() {
        let error = QueryError::syntax("RETURN 'ab'", 9, "UnexpectedSyntax", "boom");
        let shown = error.render("RETURN '亀田'", None);
        assert!(shown.contains('^'), "{shown}");
    }
}
