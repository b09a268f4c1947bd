//! The interactive shell: multi-line statements ended by `;`, history across sessions,
//! completion of keywords, schema names, parameters and institution names, highlighting,
//! meta-commands (`:help`), and Ctrl-C that cancels the running statement.

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::graph::normalize_name;
use crate::query::exec::procedure_names;
use crate::query::parser::{is_statement_complete, tokens, TokenKind};
use crate::render::Format;
use crate::shell::Session;

/// Errors that end the shell (a failing statement never does).
#[derive(Debug, thiserror::Error)]
pub enum ReplError {
    #[error("the terminal could not be used: {0}")]
    Terminal(#[from] ReadlineError),
}

/// Keywords offered by completion, in the case they are completed in.
pub const KEYWORDS: &[&str] = &[
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "WITH",
    "UNWIND",
    "RETURN",
    "DISTINCT",
    "ORDER BY",
    "ASC",
    "DESC",
    "SKIP",
    "OFFSET",
    "LIMIT",
    "CREATE",
    "MERGE",
    "ON CREATE SET",
    "ON MATCH SET",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH DELETE",
    "FOREACH",
    "CALL",
    "YIELD",
    "UNION",
    "UNION ALL",
    "AS",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "STARTS WITH",
    "ENDS WITH",
    "CONTAINS",
    "IS NULL",
    "IS NOT NULL",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "true",
    "false",
    "null",
    "shortestPath",
    "allShortestPaths",
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "collect",
    "size",
    "length",
    "labels",
    "type",
    "keys",
    "properties",
    "coalesce",
    "toUpper",
    "toLower",
    "substring",
    "toString",
    "toInteger",
    "toFloat",
    "nodes",
    "relationships",
    "date",
    "datetime",
    "localdatetime",
    "localtime",
    "time",
    "duration",
    "reduce",
    "elementId",
    "rand",
];

const META_COMMANDS: &[&str] = &[
    ":help",
    ":schema",
    ":source",
    ":param",
    ":params",
    ":format",
    ":timing",
    ":wide",
    ":timeout",
    ":max-memory",
    ":dot",
    ":why",
    ":quit",
    ":exit",
];

static CANCEL: OnceLock<Arc<AtomicBool>> = OnceLock::new();

extern "C" fn on_interrupt(_: libc::c_int) {
    if let Some(flag) = CANCEL.get() {
        flag.store(true, Ordering::Relaxed);
    }
}

/// While a statement runs the terminal is not in raw mode, so Ctrl-C arrives as SIGINT:
/// turn it into the cancellation flag instead of ending the process. Called before every
/// statement, because the line editor installs its own handler while it reads.
fn install_interrupt_handler(flag: &Arc<AtomicBool>) {
    let _ = CANCEL.set(flag.clone());
    // SAFETY: the handler only stores into an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_interrupt as *const () as libc::sighandler_t,
        );
    }
}

/// The rustyline helper: completion, validation and highlighting over the session.
pub struct ShellHelper {
    session: Rc<RefCell<Session>>,
    colour: bool,
    /// The prompt of a statement's second and later lines.
    continuation: String,
}

/// A multi-line input as history keeps it: each later line indented by the width of the
/// continuation prompt (outside strings, where the spaces would change a value), so that
/// a recalled entry can show that prompt in their place without moving the cursor.
fn history_entry(input: &str, continuation: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let indent = " ".repeat(continuation.width());
    let mut entry = String::with_capacity(input.len());
    for (i, line) in input.split('\n').enumerate() {
        if i > 0 {
            entry.push('\n');
            let in_string = open_quote(&entry, entry.len()).is_some();
            if !in_string && !line.starts_with(&indent) {
                entry.push_str(&indent);
            }
        }
        entry.push_str(line);
    }
    entry
}

/// `shown` (the line as displayed) with the indentation of its later lines replaced by the
/// continuation prompt of the same width.
fn show_continuations(shown: &str, continuation: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let indent = " ".repeat(continuation.width());
    shown.replace(&format!("\n{indent}"), &format!("\n{continuation}"))
}

/// The word being typed at `pos` and where it starts.
fn current_word(line: &str, pos: usize) -> (usize, &str) {
    let before = &line[..pos];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start, &before[start..])
}

/// Inside an open quote at `pos`: where the quoted text starts.
fn open_quote(line: &str, pos: usize) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in line[..pos].char_indices() {
        match (open, c) {
            (_, _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some((_, q)), c) if c == q => open = None,
            (None, '\'' | '"') => open = Some((i + 1, c)),
            _ => {}
        }
    }
    open.map(|(start, _)| start)
}

/// The bracket (`(`, `[` or `{`) that `before` leaves open innermost, outside quotes.
fn innermost_bracket(before: &str) -> Option<char> {
    let mut open = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in before.chars() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => open.push(c),
            (None, ')' | ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// The property whose value a quote opened right after `before` is: `name` for
/// `{name: ` and for `n.name = `.
fn quoted_property(before: &str) -> Option<&str> {
    let before = before.trim_end();
    let (rest, is_map_entry) = match before.strip_suffix(':') {
        Some(rest) => (rest, true),
        None => (before.strip_suffix('=')?, false),
    };
    let rest = rest.trim_end().trim_end_matches('`');
    let start = rest
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let key = &rest[start..];
    let introduced = rest[..start].trim_end_matches('`');
    let fits = if is_map_entry {
        introduced.trim_end().ends_with(['{', ','])
    } else {
        introduced.ends_with('.')
    };
    (fits && !key.is_empty()).then_some(key)
}

fn pairs(items: impl IntoIterator<Item = String>) -> Vec<Pair> {
    items
        .into_iter()
        .map(|s| Pair {
            display: s.clone(),
            replacement: s,
        })
        .collect()
}

impl ShellHelper {
    /// Institution names (in any language) starting with `prefix`, as stored, each with
    /// the node it names.
    fn names_starting(&self, prefix: &str) -> Vec<(String, crate::value::NodeId)> {
        let session = self.session.borrow();
        let graph = session.db.graph();
        let wanted = normalize_name(prefix);
        let mut found: Vec<(String, crate::value::NodeId)> = Vec::new();
        for (normalized, ids) in graph.name_entries() {
            if !normalized.starts_with(&wanted) {
                continue;
            }
            for &id in ids {
                let Some(node) = graph.node(id) else { continue };
                for (key, value) in &node.properties() {
                    let strings: Vec<&str> = match value {
                        crate::Value::String(s) => vec![s.as_str()],
                        crate::Value::List(items) => {
                            items.iter().filter_map(crate::Value::as_str).collect()
                        }
                        _ => continue,
                    };
                    for s in strings {
                        if crate::graph::is_name_key(key)
                            && normalize_name(s) == normalized
                            && !found.iter().any(|(f, n)| f == s && *n == id)
                        {
                            found.push((s.to_owned(), id));
                        }
                    }
                }
            }
            if found.len() >= 50 {
                break;
            }
        }
        found.sort();
        found
    }

    /// Completions of a quoted name. When the quote is the value of a property (`{name: '`,
    /// `.name = '`), a name of the node in another key (an alias, a translation) completes
    /// to that property's value, which is what will match: `'ncgm` → `'National Center …`.
    fn name_completions(&self, prefix: &str, key: Option<&str>) -> Vec<Pair> {
        let found = self.names_starting(prefix);
        let session = self.session.borrow();
        let graph = session.db.graph();
        let mut out: Vec<Pair> = Vec::new();
        for (matched, id) in found {
            let canonical = key
                .and_then(|k| graph.node(id).and_then(|n| n.property(k)))
                .and_then(|v| v.as_str().map(str::to_owned));
            let pair = match canonical {
                Some(value) if value != matched => Pair {
                    display: format!("{matched} → {value}"),
                    replacement: value,
                },
                _ => Pair {
                    display: matched.clone(),
                    replacement: matched,
                },
            };
            if !out.iter().any(|p| p.replacement == pair.replacement) {
                out.push(pair);
            }
        }
        out
    }

    /// Schema words, keywords or parameters starting with `prefix`, by what precedes it;
    /// `in_relationship`: the word is inside a relationship pattern's brackets.
    fn schema_words(
        &self,
        prefix: &str,
        after: Option<char>,
        in_relationship: bool,
    ) -> Vec<String> {
        let session = self.session.borrow();
        let graph = session.db.graph();
        let lower = prefix.to_lowercase();
        let matches = |s: &str| s.to_lowercase().starts_with(&lower);
        let mut words: Vec<String> = match after {
            Some(':') => {
                // Inside `[…]` a relationship type is meant, elsewhere a label: offer
                // those first, then the others.
                let (first, then) = if in_relationship {
                    (graph.relationship_types(), graph.labels())
                } else {
                    (graph.labels(), graph.relationship_types())
                };
                let mut words: Vec<String> = Vec::new();
                for mut group in [first, then] {
                    group.retain(|s| matches(s));
                    group.sort_unstable();
                    for word in group {
                        if !words.iter().any(|w| w == word) {
                            words.push(word.to_owned());
                        }
                    }
                }
                return words;
            }
            Some('.') => graph
                .property_keys()
                .into_iter()
                .filter(|s| matches(s))
                .map(str::to_owned)
                .collect(),
            Some('$') => session
                .params
                .keys()
                .filter(|s| matches(s))
                .cloned()
                .collect(),
            _ => KEYWORDS
                .iter()
                .copied()
                .chain(procedure_names())
                .filter(|s| matches(s))
                .map(str::to_owned)
                .collect(),
        };
        words.sort();
        words.dedup();
        words
    }
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        if let Some(start) = open_quote(line, pos) {
            let key = quoted_property(&line[..start.saturating_sub(1)]);
            return Ok((start, self.name_completions(&line[start..pos], key)));
        }
        if line.starts_with(':') && !line.contains(' ') {
            let found = META_COMMANDS
                .iter()
                .filter(|m| m.starts_with(line))
                .map(|m| m.to_string());
            return Ok((0, pairs(found)));
        }
        let (start, word) = current_word(line, pos);
        // A property key after `n.`: complete only the part after the last dot.
        if let Some(dot) = word.rfind('.') {
            let is_procedure = procedure_names().any(|p| p.starts_with(word));
            if !is_procedure {
                let key_start = start + dot + 1;
                return Ok((
                    key_start,
                    pairs(self.schema_words(&line[key_start..pos], Some('.'), false)),
                ));
            }
        }
        let after = line[..start]
            .chars()
            .last()
            .filter(|c| matches!(c, ':' | '$'));
        let in_relationship = innermost_bracket(&line[..start]) == Some('[');
        Ok((
            start,
            pairs(self.schema_words(word, after, in_relationship)),
        ))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Validator for ShellHelper {}

/// Whether the lines typed so far make a whole input: a meta-command, or statements ended
/// by a `;` outside strings and comments.
pub fn input_complete(buffer: &str) -> bool {
    let trimmed = buffer.trim();
    trimmed.is_empty() || trimmed.starts_with(':') || is_statement_complete(buffer)
}

/// Colours keywords, strings, numbers and comments for the terminal, from the same tokens
/// the script splitter reads.
pub fn highlight_line(line: &str) -> String {
    const KEYWORD: &str = "\x1b[1;36m";
    const STRING: &str = "\x1b[32m";
    const NUMBER: &str = "\x1b[33m";
    const COMMENT: &str = "\x1b[2m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::with_capacity(line.len() + 16);
    let mut previous: Option<&str> = None;
    for token in tokens(line) {
        let text = &line[token.start..token.end];
        // A word after `.`, `:` or `$` is a property, label or parameter, never a keyword.
        let named = matches!(previous, Some("." | ":" | "$"));
        let colour = match token.kind {
            TokenKind::String => Some(STRING),
            TokenKind::Number => Some(NUMBER),
            TokenKind::Comment => Some(COMMENT),
            TokenKind::Word if !named && is_keyword(text) => Some(KEYWORD),
            _ => None,
        };
        match colour {
            Some(colour) => {
                out.push_str(colour);
                out.push_str(text);
                out.push_str(RESET);
            }
            None => out.push_str(text),
        }
        if token.kind != TokenKind::Whitespace {
            previous = Some(text);
        }
    }
    out
}

/// Whether `word` is (a word of) a Cypher keyword, in any case.
fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| {
        k.split(' ').any(|part| part.eq_ignore_ascii_case(word))
            && k.chars().next().is_some_and(char::is_uppercase)
    })
}

impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        let shown = if self.colour {
            Cow::Owned(highlight_line(line))
        } else {
            Cow::Borrowed(line)
        };
        if line.contains('\n') {
            Cow::Owned(show_continuations(&shown, &self.continuation))
        } else {
            shown
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.colour
    }
}

impl Helper for ShellHelper {}

fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("KIZUNA_HISTORY") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".kizuna_history"))
}

const HELP: &str = "\
Statements are openCypher and end with `;` (they may span lines).
  MATCH (h:Hospital)-[r:EXCHANGED_WITH]-(o) RETURN h.name, r.topic, o.name;
  CALL db.search('亀田') YIELD node, score RETURN node.name, score;
  CALL db.schema();   CALL db.procedures();
Meta-commands:
  :help                  this text
  :schema                labels and relationship types with counts and keys
  :source FILE           run the statements of a file
  :param NAME => EXPR    set a parameter ($NAME); :params lists them
  :format table|csv|json how results are shown
  :timing on|off         show how long each statement took
  :wide on|off           tables uncut, one row a line, paths with every property
  :timeout SECONDS|off   stop a statement after this long (--timeout)
  :max-memory SIZE|off   stop a statement that would hold more, e.g. 2G (--max-memory)
  :dot FILE [QUERY]      DOT diagram of the graph or of QUERY's result (FILE.svg/.png: rendered);
                         `kizuna dot`'s options go before QUERY: --cluster-by country, --no-legend
  :why NAME | REL-ID     the sources of an institution or relationship, with titles and quotes
  :quit, :exit, Ctrl-D   leave
Keys: Tab completes, Ctrl-R searches history, Ctrl-C clears the line or cancels a running statement.";

enum Flow {
    Continue,
    Quit,
}

fn meta_command(session: &Rc<RefCell<Session>>, line: &str) -> Flow {
    let line = line.trim().trim_end_matches(';').trim();
    let (command, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let mut s = session.borrow_mut();
    match command {
        ":quit" | ":exit" | ":q" => return Flow::Quit,
        ":help" | ":h" | ":?" => println!("{HELP}"),
        ":schema" => run_and_print(&mut s, "CALL db.schema()", Some(Format::Table)),
        ":params" => {
            if s.params.is_empty() {
                println!("no parameters; set one with :param name => value");
            }
            for (name, value) in &s.params {
                println!("${name} => {value}");
            }
        }
        ":param" => match rest.split_once("=>") {
            Some((name, expr)) => {
                let name = name.trim().trim_start_matches('$').to_owned();
                match s.execute(&format!("RETURN {} AS value", expr.trim())) {
                    Ok(mut result) => {
                        let value = result
                            .rows
                            .pop()
                            .and_then(|mut r| r.pop())
                            .unwrap_or(crate::Value::Null);
                        println!("${name} => {value}");
                        s.params.insert(name, value);
                    }
                    Err(e) => eprintln!("{e}"),
                }
            }
            None => eprintln!("usage: :param NAME => EXPRESSION"),
        },
        ":format" => match Format::parse(rest) {
            Some(format) => {
                s.format = format;
                println!("{}", format_confirmation(format));
            }
            None => eprintln!("usage: :format table|csv|json (now {})", s.format.name()),
        },
        ":timing" => match on_or_off(rest) {
            Some(on) => {
                s.timing = on;
                println!("{}", switch_confirmation("timing", on, TIMING_MEANS));
            }
            None => eprintln!("usage: :timing on|off (now {})", on_off(s.timing)),
        },
        ":wide" => match on_or_off(rest) {
            Some(on) => {
                s.wide = on;
                println!("{}", switch_confirmation("wide", on, WIDE_MEANS));
            }
            None => eprintln!("usage: :wide on|off (now {})", on_off(s.wide)),
        },
        ":timeout" => limit_command(
            "timeout SECONDS|off",
            rest,
            &mut s.timeout,
            |text| {
                let seconds: f64 = text.parse().ok()?;
                (seconds.is_finite() && seconds > 0.0 && seconds < 1e9)
                    .then(|| std::time::Duration::from_secs_f64(seconds))
            },
            |limit| format!("{:.1} s", limit.as_secs_f64()),
        ),
        ":max-memory" => limit_command(
            "max-memory SIZE|off",
            rest,
            &mut s.max_memory,
            crate::query::budget::parse_size,
            |&limit| crate::query::budget::format_size(limit),
        ),
        ":source" => match std::fs::read_to_string(rest) {
            Ok(text) => {
                let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
                match s.run_script(&text, Some(rest), false, false, &mut out, &mut err) {
                    Ok(()) => println!("{}", source_confirmation(rest, &text)),
                    Err(failure) => eprintln!("{}", failure.message),
                }
            }
            Err(e) => eprintln!("cannot read {rest}: {e}"),
        },
        ":dot" => dot_command(&mut s, rest),
        ":why" => why_command(&s, rest),
        other => eprintln!("unknown command {other}; :help lists them"),
    }
    Flow::Continue
}

/// `:timeout` and `:max-memory`: without an argument, shows the limit; `off` removes it;
/// anything else is read by `parse`.
fn limit_command<T>(
    usage: &str,
    rest: &str,
    limit: &mut Option<T>,
    parse: impl Fn(&str) -> Option<T>,
    show: impl Fn(&T) -> String,
) {
    let now = |limit: &Option<T>| limit.as_ref().map_or_else(|| "off".to_owned(), &show);
    match rest {
        "" => println!("{}", now(limit)),
        "off" => *limit = None,
        text => match parse(text) {
            Some(value) => {
                println!("{}", show(&value));
                *limit = Some(value);
            }
            None => eprintln!("usage: :{usage} (now {})", now(limit)),
        },
    }
}

const TIMING_MEANS: &str = "each result says how long it took";
const WIDE_MEANS: &str = "tables show every value whole on one line, paths every property";

fn on_or_off(word: &str) -> Option<bool> {
    match word {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// What `:timing on` and the like answer: the new state and what it means.
fn switch_confirmation(name: &str, on: bool, means: &str) -> String {
    if on {
        format!("{name} on: {means}")
    } else {
        format!("{name} off")
    }
}

/// What `:format` answers: the new format, and where the row count goes now.
fn format_confirmation(format: Format) -> String {
    match format {
        Format::Table => "results now show as tables".to_owned(),
        other => format!(
            "results now show as {}; row counts and warnings go to standard error",
            other.name()
        ),
    }
}

/// What `:source FILE` answers once every statement of FILE has run.
fn source_confirmation(file: &str, text: &str) -> String {
    let count = crate::query::parser::split_statements(text).len();
    format!(
        "ran {count} statement{} from {file}",
        if count == 1 { "" } else { "s" }
    )
}

/// `:dot FILE [OPTIONS] [QUERY]`: the whole graph, or what QUERY returns, as DOT text in
/// FILE, or rendered by Graphviz when FILE ends in `.svg` or `.png`; OPTIONS are those of
/// `kizuna dot`.
fn dot_command(session: &mut Session, rest: &str) {
    use crate::dot;
    let (file, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if file.is_empty() {
        eprintln!("usage: :dot FILE [OPTIONS] [QUERY]");
        return;
    }
    let (options, query) = match dot::DotOptions::parse_leading(after) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return;
        }
    };
    let query = Some(query.trim()).filter(|q| !q.is_empty());
    let path = std::path::Path::new(file);
    let outcome = session.drawing(query, None).and_then(|drawing| {
        let text = dot::to_dot(&drawing, &options);
        dot::write_to(&text, path, dot::ImageFormat::from_path(path))
            .map(|warnings| (drawing.summary(), warnings))
    });
    match outcome {
        Ok((summary, warnings)) => {
            if !warnings.is_empty() {
                eprintln!("{warnings}");
            }
            println!("wrote {file}: {summary}");
        }
        Err(e) => eprintln!("{e}"),
    }
}

/// `:why NAME | ID`: what `CALL db.provenance` gives for an institution (by name) or a
/// relationship (by id), as a readable block.
fn why_command(session: &Session, rest: &str) {
    use crate::provenance::{explain, Fact};
    let graph = session.db.graph();
    let target = rest.trim_matches(|c| c == '\'' || c == '"').trim();
    if target.is_empty() {
        eprintln!("usage: :why INSTITUTION NAME | RELATIONSHIP ID");
        return;
    }
    let fact = match target.parse::<u64>() {
        Ok(id) if graph.relationship(id).is_some() => Fact::Relationship(id),
        Ok(id) => {
            eprintln!("there is no relationship {id}; :why takes a relationship id or an institution's name");
            return;
        }
        Err(_) => {
            let name = crate::Value::from(target);
            match crate::query::exec::resolve_node(graph, ":why", &name) {
                Ok(Some(id)) => Fact::Node(id),
                Ok(None) => return,
                Err(e) => {
                    eprintln!("{}", e.message);
                    return;
                }
            }
        }
    };
    println!("{}", explain(graph, fact));
}

fn run_and_print(session: &mut Session, statement: &str, format: Option<Format>) {
    match session.execute(statement) {
        Ok(result) => {
            let saved = session.format;
            if let Some(format) = format {
                session.format = format;
            }
            session.print(&result, &mut std::io::stdout(), &mut std::io::stderr());
            session.format = saved;
        }
        Err(crate::Error::Query(e)) => eprintln!("{}", e.render(statement, None)),
        Err(e) => eprintln!("{e}"),
    }
}

/// Runs the shell until `:quit` or Ctrl-D.
pub fn run(mut session: Session) -> Result<(), ReplError> {
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb");
    let db_name = session
        .db
        .path()
        .and_then(|p| p.file_name())
        .map_or_else(|| "memory".to_owned(), |n| n.to_string_lossy().into_owned());
    println!(
        "kizuna {} · {}: {} nodes, {} relationships{}",
        env!("CARGO_PKG_VERSION"),
        session
            .db
            .path()
            .map_or_else(|| "in memory".into(), |p| p.display().to_string()),
        session.db.graph().node_count(),
        session.db.graph().relationship_count(),
        if session.db.is_read_only() {
            " (read-only)"
        } else {
            ""
        },
    );
    println!("End statements with `;`. Type :help for help, :quit to leave.");
    // People at a prompt want to see how long a statement took; `:timing off` hides it.
    session.timing = true;
    let session = Rc::new(RefCell::new(session));
    let prompt = format!("{db_name}> ");
    let continuation = format!("{:>width$}> ", "…", width = db_name.chars().count());
    let mut editor: Editor<ShellHelper, DefaultHistory> = Editor::new()?;
    editor.set_helper(Some(ShellHelper {
        session: session.clone(),
        colour,
        continuation: continuation.clone(),
    }));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    let mut buffer = String::new();
    loop {
        let shown = if buffer.is_empty() {
            &prompt
        } else {
            &continuation
        };
        match editor.readline(shown) {
            Ok(line) => {
                if !buffer.is_empty() {
                    buffer.push('\n');
                }
                buffer.push_str(&line);
                if !input_complete(&buffer) {
                    continue;
                }
                let input = std::mem::take(&mut buffer);
                if input.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(history_entry(&input, &continuation));
                if input.trim_start().starts_with(':') {
                    if let Flow::Quit = meta_command(&session, &input) {
                        break;
                    }
                    continue;
                }
                let mut s = session.borrow_mut();
                install_interrupt_handler(&s.cancel);
                let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
                if let Err(failure) = s.run_script(&input, None, false, false, &mut out, &mut err) {
                    eprintln!("{}", failure.message);
                }
            }
            // Ctrl-C at the prompt abandons what was typed.
            Err(ReadlineError::Interrupted) => buffer.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper_with_one_hospital() -> ShellHelper {
        let mut db = crate::Database::open_temporary().unwrap();
        db.execute("CREATE (:Hospital {name: 'Kameda Medical Center', name_ja: '亀田総合病院', aliases: ['KMC']})-[:PART_OF]->(:University)-[:HOSTED]->(:Hostel)")
            .unwrap();
        let mut session = Session::new(db, Format::Table);
        session
            .params
            .insert("year".into(), crate::Value::Int(2020));
        ShellHelper {
            session: Rc::new(RefCell::new(session)),
            colour: false,
            continuation: "…> ".into(),
        }
    }

    fn completions(helper: &ShellHelper, line: &str) -> (usize, Vec<String>) {
        let history = DefaultHistory::new();
        let ctx = Context::new(&history);
        let (start, found) = helper.complete(line, line.len(), &ctx).unwrap();
        (start, found.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn completes_names_schema_keywords_procedures_and_parameters() {
        let helper = helper_with_one_hospital();
        assert_eq!(
            completions(&helper, "MATCH (n {name: 'kameda m"),
            (17, vec!["Kameda Medical Center".to_string()])
        );
        assert_eq!(
            completions(&helper, "CALL db.search('亀田"),
            (16, vec!["亀田総合病院".to_string()])
        );
        assert_eq!(
            completions(&helper, "MATCH (n:Hosp"),
            (9, vec!["Hospital".to_string()])
        );
        assert_eq!(
            completions(&helper, "MATCH ()-[:PA"),
            (11, vec!["PART_OF".to_string()])
        );
        assert_eq!(
            completions(&helper, "RETURN n.name_"),
            (9, vec!["name_ja".to_string()])
        );
        assert_eq!(
            completions(&helper, "CALL db.sea"),
            (5, vec!["db.search".to_string()])
        );
        assert_eq!(
            completions(&helper, "RETURN $ye"),
            (8, vec!["year".to_string()])
        );
        assert!(completions(&helper, "opt")
            .1
            .contains(&"OPTIONAL MATCH".to_string()));
        assert_eq!(
            completions(&helper, ":sch"),
            (0, vec![":schema".to_string()])
        );
    }

    #[test]
    fn a_name_in_another_key_completes_to_the_value_that_matches() {
        let helper = helper_with_one_hospital();
        let kameda = vec!["Kameda Medical Center".to_string()];
        assert_eq!(
            completions(&helper, "MATCH (n {name: '亀田"),
            (17, kameda.clone())
        );
        assert_eq!(
            completions(&helper, "MATCH (n {name: 'kmc"),
            (17, kameda.clone())
        );
        assert_eq!(
            completions(&helper, "MATCH (n) WHERE n.name = 'KM"),
            (26, kameda)
        );
        assert_eq!(
            completions(&helper, "MATCH (n {name_ja: 'kameda"),
            (20, vec!["亀田総合病院".to_string()])
        );
    }

    #[test]
    fn labels_come_first_in_nodes_and_types_in_relationships() {
        let helper = helper_with_one_hospital();
        let label_first = vec!["Hospital".to_string(), "Hostel".into(), "HOSTED".into()];
        assert_eq!(completions(&helper, "MATCH (n:Hos").1, label_first);
        assert_eq!(completions(&helper, "MATCH (n) WHERE n:Hos").1, label_first);
        assert_eq!(
            completions(&helper, "MATCH (a)-[r:Hos").1,
            vec!["HOSTED".to_string(), "Hospital".into(), "Hostel".into()]
        );
    }

    #[test]
    fn knows_which_property_a_quote_is_the_value_of() {
        assert_eq!(quoted_property("MATCH (n {name: "), Some("name"));
        assert_eq!(quoted_property("MATCH (n {a: 1, name_ja:"), Some("name_ja"));
        assert_eq!(quoted_property("MATCH (n) WHERE n.name = "), Some("name"));
        assert_eq!(quoted_property("MATCH (n) WHERE x = "), None);
        assert_eq!(quoted_property("CALL db.search("), None);
        assert_eq!(innermost_bracket("MATCH (a)-[r:"), Some('['));
        assert_eq!(innermost_bracket("MATCH (a {name: ')'})-(b:"), Some('('));
        assert_eq!(innermost_bracket("RETURN 1"), None);
    }

    #[test]
    fn history_indents_later_lines_where_the_prompt_is_shown() {
        let entry = history_entry("MATCH (n)\nRETURN 'a\nb';", "  …> ");
        assert_eq!(entry, "MATCH (n)\n     RETURN 'a\nb';");
        assert_eq!(history_entry(&entry, "  …> "), entry);
        assert_eq!(
            show_continuations(&entry, "  …> "),
            "MATCH (n)\n  …> RETURN 'a\nb';"
        );
    }

    #[test]
    fn finds_open_quotes() {
        assert_eq!(open_quote("MATCH (n {name: 'Kam", 20), Some(17));
        assert_eq!(open_quote("RETURN 'a' + 'b'", 16), None);
        assert_eq!(open_quote("RETURN 'it\\'s", 13), Some(8));
    }

    #[test]
    fn input_is_complete_at_a_semicolon_outside_strings() {
        assert!(input_complete(":help"));
        assert!(input_complete("MATCH (n)\nRETURN n;"));
        assert!(!input_complete("MATCH (n)\nRETURN n"));
        assert!(!input_complete("RETURN ';'"));
        assert!(!input_complete("RETURN 1 // done;"));
        assert!(input_complete("RETURN 1; // done"));
    }

    #[test]
    fn current_word_stops_at_punctuation() {
        assert_eq!(current_word("MATCH (n:Hosp", 13), (9, "Hosp"));
        assert_eq!(current_word("RETURN n.na", 11), (7, "n.na"));
    }

    #[test]
    fn highlights_keywords_not_properties() {
        let text = highlight_line("MATCH (n) RETURN n.match, 'x', 42");
        assert!(text.contains("\x1b[1;36mMATCH\x1b[0m"));
        assert!(text.contains(".match"));
        assert!(text.contains("\x1b[32m'x'\x1b[0m"));
        assert!(text.contains("\x1b[33m42\x1b[0m"));
        let commented = highlight_line("RETURN 1 // it's a comment, not a string");
        assert!(commented.ends_with("\x1b[2m// it's a comment, not a string\x1b[0m"));
        let quoted = highlight_line("RETURN `it's` AS x");
        assert!(!quoted.contains("\x1b[32m"), "{quoted:?}");
    }
}
