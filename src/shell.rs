//! Running statements for people and scripts: a session holds the database, parameters
//! and output settings; scripts are split into statements and run one by one (or as one
//! transaction), with errors reported as `FILE:LINE:COL` and a caret; diagrams of what a
//! statement returns are drawn from its result (the `dot` module only draws).

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use crate::dot::{DotError, Drawing};
use crate::query::ast::{self, Clause};
use crate::query::display::Name;
use crate::query::parser::{parse_statement, split_script, split_statements};
use crate::render::{self, Format};
use crate::value::{NodeId, Value};
use crate::{Database, Error, ExecOptions, Params, QueryResult, WriteStats};

/// A database with the settings statements run under.
pub struct Session {
    pub db: Database,
    pub format: Format,
    pub params: Params,
    pub timing: bool,
    /// Tables uncut and unwrapped, paths with every property.
    pub wide: bool,
    /// A run as one transaction prints every statement's result, not one summary line.
    pub verbose: bool,
    pub timeout: Option<Duration>,
    pub max_rows: Option<usize>,
    /// The depth limit of variable-length patterns (`None`: the default).
    pub max_depth: Option<usize>,
    /// The memory limit of a statement, in bytes (`None`: no limit).
    pub max_memory: Option<usize>,
    /// How many threads a large read may use (`None`: one per core).
    pub threads: Option<usize>,
    /// Set by Ctrl-C while a statement runs.
    pub cancel: Arc<AtomicBool>,
}

/// How a script ended when some statement failed.
#[derive(Debug)]
pub struct ScriptFailure {
    /// The error, rendered with its position in the script.
    pub message: String,
    /// Whether it was an error in the query (exit 1) rather than in the database (exit 3).
    pub is_query_error: bool,
}

impl Session {
    pub fn new(db: Database, format: Format) -> Session {
        Session {
            db,
            format,
            params: Params::new(),
            timing: false,
            wide: false,
            verbose: false,
            timeout: None,
            max_rows: None,
            max_depth: None,
            max_memory: None,
            threads: None,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn exec_options(&self) -> ExecOptions {
        ExecOptions {
            cancel: Some(self.cancel.clone()),
            timeout: self.timeout,
            max_rows: self.max_rows,
            max_depth: self.max_depth,
            max_memory: self.max_memory,
            threads: self.threads,
            ..ExecOptions::default()
        }
    }

    /// Executes one statement.
    pub fn execute(&mut self, statement: &str) -> Result<QueryResult, Error> {
        self.cancel
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let mut options = self.exec_options();
        let display = crate::progress::ProgressDisplay::on_terminal();
        options.progress = display.as_ref().map(|d| d.counter());
        self.db.execute_with(statement, &self.params, &options)
    }

    /// Prints a result in the session's format.
    pub fn print(&self, result: &QueryResult, out: &mut dyn Write, err: &mut dyn Write) {
        // A closed pipe (`kizuna … | head`) is not an error worth reporting.
        let presentation = render::Presentation {
            format: self.format,
            timing: self.timing,
            wide: self.wide,
        };
        let _ = render::write_result(out, err, result, presentation);
        let _ = out.flush();
    }

    /// Prints the results of a run as one transaction: every result when `verbose`, else
    /// those with columns and one line adding up what the others wrote.
    fn print_atomic(&self, results: &[QueryResult], out: &mut dyn Write, err: &mut dyn Write) {
        let (with_columns, writes_only): (Vec<&QueryResult>, Vec<&QueryResult>) = results
            .iter()
            .partition(|r| self.verbose || !r.columns.is_empty());
        for result in with_columns {
            self.print(result, out, err);
        }
        if writes_only.is_empty() {
            return;
        }
        let mut written = WriteStats::default();
        for result in &writes_only {
            written.add(&result.stats);
        }
        let count = writes_only.len();
        let line = format!(
            "{count} statement{} in one transaction: {}",
            if count == 1 { "" } else { "s" },
            written
                .summary()
                .unwrap_or_else(|| "nothing changed".to_owned())
        );
        let _ = if self.format == Format::Table {
            writeln!(out, "{line}")
        } else {
            writeln!(err, "{line}")
        };
    }

    /// Runs every statement of `text` (from `origin`, a file name, when there is one).
    /// Without `atomic`, statements before a failure stay done; with it, none does. A
    /// script that ends inside a string or a block comment fails at its opening, after
    /// the statements before it (none with `atomic`).
    pub fn run_script(
        &mut self,
        text: &str,
        origin: Option<&str>,
        atomic: bool,
        continue_on_error: bool,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<(), ScriptFailure> {
        let (statements, unclosed) = split_script(text);
        let describe = |e: &Error, base: usize| -> ScriptFailure {
            match e {
                Error::Query(q) => ScriptFailure {
                    message: q.clone().relocate(text, base).render(text, origin),
                    is_query_error: true,
                },
                other => ScriptFailure {
                    message: match origin {
                        Some(file) => format!("{file}: {other}"),
                        None => other.to_string(),
                    },
                    is_query_error: false,
                },
            }
        };
        let unclosed = unclosed.map(|e| describe(&Error::Query(e), 0));
        if atomic {
            if let Some(mut failure) = unclosed {
                failure.message.push_str("\nnothing was changed (--atomic)");
                return Err(failure);
            }
            let texts: Vec<&str> = statements.iter().map(|s| s.text).collect();
            self.cancel
                .store(false, std::sync::atomic::Ordering::Relaxed);
            let mut options = self.exec_options();
            let display = crate::progress::ProgressDisplay::on_terminal();
            options.progress = display.as_ref().map(|d| d.counter());
            let outcome = self.db.execute_atomic(&texts, &self.params, &options);
            drop(display);
            return match outcome {
                Ok(results) => {
                    self.print_atomic(&results, out, err);
                    Ok(())
                }
                Err((index, e)) => {
                    let base = statements.get(index).map_or(0, |s| s.offset);
                    let mut failure = describe(&e, base);
                    failure.message.push_str("\nnothing was changed (--atomic)");
                    Err(failure)
                }
            };
        }
        let mut failed = Failed::default();
        for statement in &statements {
            match self.execute(statement.text) {
                Ok(result) => self.print(&result, out, err),
                Err(e) => failed.add(describe(&e, statement.offset), continue_on_error, err)?,
            }
        }
        let total = statements.len() + usize::from(unclosed.is_some());
        if let Some(failure) = unclosed {
            failed.add(failure, continue_on_error, err)?;
        }
        if failed.count == 0 {
            return Ok(());
        }
        Err(ScriptFailure {
            message: format!("{} of {total} statements failed", failed.count),
            is_query_error: failed.all_query_errors,
        })
    }
}

/// The failures of a script run with `--continue-on-error`.
struct Failed {
    count: usize,
    all_query_errors: bool,
}

impl Default for Failed {
    fn default() -> Failed {
        Failed {
            count: 0,
            all_query_errors: true,
        }
    }
}

impl Failed {
    /// Reports `failure` and goes on when the script continues on errors; else ends it.
    fn add(
        &mut self,
        failure: ScriptFailure,
        continue_on_error: bool,
        err: &mut dyn Write,
    ) -> Result<(), ScriptFailure> {
        if !continue_on_error {
            return Err(failure);
        }
        let _ = writeln!(err, "{}", failure.message);
        self.count += 1;
        self.all_query_errors &= failure.is_query_error;
        Ok(())
    }
}

/// The interactive shell's memory limit when `--max-memory` is not given: a quarter of
/// the machine's physical memory (`None` when the system does not say).
pub fn default_max_memory() -> Option<usize> {
    // SAFETY: sysconf only reads system configuration.
    let (pages, page_size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    let pages = usize::try_from(pages).ok().filter(|&p| p > 0)?;
    let page_size = usize::try_from(page_size).ok().filter(|&p| p > 0)?;
    Some(pages.saturating_mul(page_size) / 4)
}

/// The text of a query file, or a sentence naming `FILE:LINE:COL` of the first byte that
/// is not UTF-8.
pub fn utf8_text(bytes: Vec<u8>, origin: &str) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let valid = e.utf8_error().valid_up_to();
        let before = bytes.get(..valid).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Everything before `valid` is UTF-8, so counting chars there is safe.
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        let byte = bytes.get(valid).copied().unwrap_or(0);
        format!(
            "{origin}:{line}:{column}: the file is not UTF-8 text (byte 0x{byte:02X} cannot start or continue a character); save it as UTF-8"
        )
    })
}

/// Reads `name=value`: the value as a Cypher literal (number, quoted string, list, map,
/// boolean, null) when it is one, else as a plain string.
pub fn parse_param(param: &str) -> Option<(String, crate::Value)> {
    let (name, text) = param.split_once('=')?;
    let name = name.trim().trim_start_matches('$');
    if name.is_empty() {
        return None;
    }
    Some((name.to_owned(), literal_or_string(text)))
}

fn literal_or_string(text: &str) -> crate::Value {
    let plain = || crate::Value::String(text.to_owned());
    let query = format!("RETURN {text} AS v");
    let Ok(statement) = crate::query::parser::parse_statement(&query) else {
        return plain();
    };
    let is_literal = statement.unions.is_empty()
        && matches!(statement.first.clauses.as_slice(), [crate::query::ast::Clause::Return(p)]
            if p.items.len() == 1 && is_literal_expr(&p.items[0].expr));
    if !is_literal {
        return plain();
    }
    let Ok(mut db) = Database::open_temporary() else {
        return plain();
    };
    match db.execute(&query) {
        Ok(mut result) => result
            .rows
            .pop()
            .and_then(|mut row| row.pop())
            .unwrap_or_else(plain),
        Err(_) => plain(),
    }
}

fn is_literal_expr(expr: &crate::query::ast::Expr) -> bool {
    use crate::query::ast::{ExprKind, Literal, UnaryOp};
    match &expr.kind {
        ExprKind::Literal(_) => true,
        ExprKind::List(items) => items.iter().all(is_literal_expr),
        ExprKind::Map(entries) => entries.iter().all(|(_, e)| is_literal_expr(e)),
        ExprKind::Unary(UnaryOp::Minus, inner) => matches!(
            inner.kind,
            ExprKind::Literal(Literal::Integer(_) | Literal::Float(_))
        ),
        _ => false,
    }
}

// ---- diagrams -----------------------------------------------------------------------------

impl Session {
    /// The drawing of the whole graph (no statement) or of what `statement` returns;
    /// `origin` names the file the statement came from, for error messages.
    pub fn drawing(
        &mut self,
        statement: Option<&str>,
        origin: Option<&str>,
    ) -> Result<Drawing, DotError> {
        let Some(text) = statement else {
            return Ok(Drawing::whole(self.db.graph()));
        };
        let statements: Vec<_> = split_statements(text)
            .into_iter()
            .filter(|s| !s.text.trim().trim_end_matches(';').trim().is_empty())
            .collect();
        let statement = match statements.as_slice() {
            [one] => one,
            [] => {
                return Err(DotError::Input(format!(
                    "{} holds no statement to draw",
                    origin.unwrap_or("the query")
                )))
            }
            many => {
                return Err(DotError::Input(format!(
                    "{} holds {} statements; a diagram draws the result of one",
                    origin.unwrap_or("the query"),
                    many.len()
                )))
            }
        };
        match self.execute(statement.text) {
            Ok(result) => {
                let mut drawing = Drawing::of_result(&result, self.db.graph());
                drawing.starts = self.start_nodes(statement.text, &drawing);
                Ok(drawing)
            }
            Err(Error::Query(q)) => Err(DotError::Query(
                q.relocate(text, statement.offset).render(text, origin),
            )),
            Err(other) => Err(DotError::Query(match origin {
                Some(file) => format!("{file}: {other}"),
                None => other.to_string(),
            })),
        }
    }

    /// The drawn nodes that the statement's [`start_probe`] returns, unless that is every
    /// drawn node (outlining them all would say nothing).
    fn start_nodes(&mut self, statement: &str, drawing: &Drawing) -> BTreeSet<NodeId> {
        let Some(probe) = parse_statement(statement)
            .ok()
            .as_ref()
            .and_then(start_probe)
        else {
            return BTreeSet::new();
        };
        // A probe that fails (a limit, say) only costs the highlight.
        let Ok(result) = self.execute(&probe) else {
            return BTreeSet::new();
        };
        let starts: BTreeSet<NodeId> = result
            .rows
            .iter()
            .flatten()
            .filter_map(|value| match value {
                Value::Node(id) if drawing.nodes.contains_key(id) => Some(*id),
                _ => None,
            })
            .collect();
        if starts.len() == drawing.nodes.len() {
            BTreeSet::new()
        } else {
            starts
        }
    }
}

/// Where a query starts: the node in the first position of its first `MATCH`'s first
/// pattern. The probe is the statement's clauses up to and including that `MATCH` (its
/// `WHERE` too), returning that node's distinct bindings. `None` when the statement has
/// no `MATCH`, or writes before it (the probe must only read).
pub fn start_probe(statement: &ast::Statement) -> Option<String> {
    const ANONYMOUS_START: &str = "kizuna_start";
    let clauses = &statement.first.clauses;
    let at = clauses.iter().position(|c| matches!(c, Clause::Match(_)))?;
    let reads_only = clauses[..at]
        .iter()
        .all(|c| matches!(c, Clause::Unwind(_) | Clause::With(_)));
    if !reads_only {
        return None;
    }
    let mut prefix = clauses[..=at].to_vec();
    let Some(Clause::Match(first_match)) = prefix.last_mut() else {
        return None;
    };
    let start = &mut first_match.pattern.first_mut()?.element.start;
    let variable = start.variable.get_or_insert_with(|| ast::Variable {
        name: ANONYMOUS_START.to_owned(),
        span: start.span,
    });
    let name = Name(&variable.name).to_string();
    let prefix = ast::SingleQuery { clauses: prefix };
    Some(format!("{prefix} RETURN DISTINCT {name}"))
}
