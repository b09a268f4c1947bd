//! The openCypher TCK runner: reads the Gherkin feature files of the shared TCK with a small
//! hand-written reader, runs every scenario on a fresh temporary kizuna database, compares
//! results, errors and side effects as the TCK defines them, and prints per-file and total
//! pass/fail/skip counts. See `shared/tck-full/README.md` for the format it implements.
//!
//! Environment: `KIZUNA_TCK_DIR` (where the TCK is), `KIZUNA_TCK_FILTER` (run only features
//! whose path contains it), `KIZUNA_TCK_VERBOSE=1` (query, expected and actual for each
//! failure), `KIZUNA_TCK_STRICT=1` (ignore `tests/tck-pending.tsv`),
//! `KIZUNA_TCK_WRITE_PENDING=1` (rewrite `tests/tck-pending.tsv` with the failing scenarios),
//! `KIZUNA_TCK_THREADS` (worker threads; default: available parallelism). A positional
//! argument (`cargo test --test tck -- Match1`) filters like `KIZUNA_TCK_FILTER`.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use kizuna::query::{ErrorKind, Phase, QueryError};
use kizuna::{Database, ExecOptions, GraphPath, Params, QueryResult, Value};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, digit0, digit1, multispace0, one_of};
use nom::combinator::opt;
use nom::multi::{many0, separated_list0};
use nom::{IResult, Parser};

/// Time limit of each query (setup and control queries included).
const QUERY_TIMEOUT: Duration = Duration::from_secs(10);
/// A scenario still running after this long ignored its time limit: the run is aborted
/// with its name rather than left hanging in CI.
const HANG_LIMIT: Duration = Duration::from_secs(60);

const EXPECTED_FILES: usize = 220;
const EXPECTED_SCENARIOS: usize = 3897;

const PENDING_FILE: &str = "tests/tck-pending.tsv";

// ---------------------------------------------------------------------------------------
// Feature reader
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    None,
    Doc(String),
    Table(Vec<Vec<String>>),
}

#[derive(Debug, Clone)]
struct Step {
    text: String,
    arg: Arg,
    line: usize,
}

#[derive(Debug, Clone)]
struct Scenario {
    number: u32,
    /// 1-based row of the Examples table for an expanded outline.
    row: Option<usize>,
    title: String,
    tags: Vec<String>,
    steps: Vec<Step>,
    line: usize,
}

#[derive(Debug)]
struct Feature {
    /// Path relative to the TCK folder, with `/` separators (`features/clauses/…`).
    path: String,
    scenarios: Vec<Scenario>,
}

struct RawScenario {
    title: String,
    tags: Vec<String>,
    outline: bool,
    steps: Vec<Step>,
    examples: Vec<Vec<String>>,
    line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Preamble,
    Background,
    Scenario,
    Examples,
}

const STEP_KEYWORDS: &[&str] = &["Given ", "When ", "Then ", "And ", "But ", "* "];

fn parse_feature(path: &str, source: &str) -> Result<Feature, String> {
    let text = source.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut background: Vec<Step> = Vec::new();
    let mut raws: Vec<RawScenario> = Vec::new();
    let mut feature_tags: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut section = Section::Preamble;
    let mut seen_feature = false;
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        let lineno = i + 1;
        i += 1;
        let t = line.trim();
        let here = || format!("{path}:{lineno}");
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('@') {
            tags.extend(t.split_whitespace().map(str::to_owned));
            continue;
        }
        if t.starts_with("Feature:") {
            feature_tags = std::mem::take(&mut tags);
            seen_feature = true;
            section = Section::Preamble;
            continue;
        }
        if t.starts_with("Background:") {
            section = Section::Background;
            continue;
        }
        let scenario_head = t
            .strip_prefix("Scenario Outline:")
            .or_else(|| t.strip_prefix("Scenario Template:"))
            .map(|title| (title, true))
            .or_else(|| t.strip_prefix("Scenario:").map(|title| (title, false)));
        if let Some((title, outline)) = scenario_head {
            let mut all_tags = feature_tags.clone();
            all_tags.append(&mut tags);
            raws.push(RawScenario {
                title: title.trim().to_owned(),
                tags: all_tags,
                outline,
                steps: Vec::new(),
                examples: Vec::new(),
                line: lineno,
            });
            section = Section::Scenario;
            continue;
        }
        if t.starts_with("Examples:") || t.starts_with("Scenarios:") {
            match raws.last() {
                Some(raw) if raw.outline => section = Section::Examples,
                _ => return Err(format!("{}: Examples outside a Scenario Outline", here())),
            }
            continue;
        }
        if t.starts_with('|') {
            let row = split_row(t).map_err(|e| format!("{}: {e}", here()))?;
            if section == Section::Examples {
                if let Some(raw) = raws.last_mut() {
                    raw.examples.push(row);
                }
                continue;
            }
            let step = steps_of(section, &mut background, &mut raws)
                .and_then(|steps| steps.last_mut())
                .ok_or_else(|| format!("{}: table without a step", here()))?;
            match &mut step.arg {
                Arg::Table(rows) => rows.push(row),
                Arg::None => step.arg = Arg::Table(vec![row]),
                Arg::Doc(_) => {
                    return Err(format!("{}: step has a doc string and a table", here()))
                }
            }
            continue;
        }
        if t.starts_with("\"\"\"") {
            let indent = line.len() - line.trim_start().len();
            let mut body: Vec<&str> = Vec::new();
            loop {
                let Some(&l) = lines.get(i) else {
                    return Err(format!("{}: unterminated doc string", here()));
                };
                i += 1;
                if l.trim() == "\"\"\"" {
                    break;
                }
                body.push(strip_indent(l, indent));
            }
            let step = steps_of(section, &mut background, &mut raws)
                .and_then(|steps| steps.last_mut())
                .ok_or_else(|| format!("{}: doc string without a step", here()))?;
            if step.arg != Arg::None {
                return Err(format!("{}: step has two arguments", here()));
            }
            step.arg = Arg::Doc(body.join("\n"));
            continue;
        }
        if let Some(rest) = STEP_KEYWORDS.iter().find_map(|k| t.strip_prefix(k)) {
            let steps = steps_of(section, &mut background, &mut raws)
                .ok_or_else(|| format!("{}: step outside a scenario", here()))?;
            steps.push(Step {
                text: rest.trim().to_owned(),
                arg: Arg::None,
                line: lineno,
            });
            continue;
        }
        if section == Section::Preamble && seen_feature {
            // Free-text description of the feature.
            continue;
        }
        return Err(format!("{}: unrecognised line: {t}", here()));
    }

    let mut scenarios = Vec::new();
    for raw in raws {
        let number = scenario_number(&raw.title)
            .ok_or_else(|| format!("{path}:{}: title lacks a [N] number", raw.line))?;
        let mut steps = background.clone();
        steps.extend(raw.steps);
        if raw.outline {
            let Some((header, rows)) = raw.examples.split_first() else {
                return Err(format!("{path}:{}: outline without Examples", raw.line));
            };
            for (k, row) in rows.iter().enumerate() {
                if row.len() != header.len() {
                    return Err(format!(
                        "{path}:{}: Examples row {} has {} cells, header has {}",
                        raw.line,
                        k + 1,
                        row.len(),
                        header.len()
                    ));
                }
                scenarios.push(Scenario {
                    number,
                    row: Some(k + 1),
                    title: substitute(&raw.title, header, row),
                    tags: raw.tags.clone(),
                    steps: steps
                        .iter()
                        .map(|s| substitute_step(s, header, row))
                        .collect(),
                    line: raw.line,
                });
            }
        } else {
            scenarios.push(Scenario {
                number,
                row: None,
                title: raw.title,
                tags: raw.tags,
                steps,
                line: raw.line,
            });
        }
    }
    Ok(Feature {
        path: path.to_owned(),
        scenarios,
    })
}

fn steps_of<'a>(
    section: Section,
    background: &'a mut Vec<Step>,
    raws: &'a mut [RawScenario],
) -> Option<&'a mut Vec<Step>> {
    match section {
        Section::Background => Some(background),
        Section::Scenario => raws.last_mut().map(|r| &mut r.steps),
        Section::Preamble | Section::Examples => None,
    }
}

/// Removes up to `n` leading blanks: doc string lines lose the indentation of the opening
/// delimiter, and no more.
fn strip_indent(line: &str, n: usize) -> &str {
    let mut rest = line;
    for _ in 0..n {
        match rest.strip_prefix([' ', '\t']) {
            Some(r) => rest = r,
            None => break,
        }
    }
    rest
}

/// `[12] Some title` → 12.
fn scenario_number(title: &str) -> Option<u32> {
    let rest = title.strip_prefix('[')?;
    let end = rest.find(']')?;
    rest.get(..end)?.trim().parse().ok()
}

/// Splits a table row on unescaped `|`, trims each cell and un-escapes it as Gherkin does.
fn split_row(line: &str) -> Result<Vec<String>, String> {
    let body = line
        .strip_prefix('|')
        .ok_or_else(|| "table row does not start with |".to_owned())?;
    let mut cells = Vec::new();
    let mut raw = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                raw.push('\\');
                if let Some(next) = chars.next() {
                    raw.push(next);
                }
            }
            '|' => {
                cells.push(unescape_cell(raw.trim()));
                raw.clear();
            }
            c => raw.push(c),
        }
    }
    if !raw.trim().is_empty() {
        return Err(format!("table row does not end with |: {line}"));
    }
    Ok(cells)
}

fn unescape_cell(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('|') => out.push('|'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Replaces `<column>` placeholders of an outline by the row's values, in one pass so a
/// value is never substituted again.
fn substitute(text: &str, header: &[String], row: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let replaced = after.find('>').and_then(|end| {
            let name = &after[..end];
            let k = header.iter().position(|h| h == name)?;
            Some((row.get(k)?, end))
        });
        match replaced {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn substitute_step(step: &Step, header: &[String], row: &[String]) -> Step {
    let arg = match &step.arg {
        Arg::None => Arg::None,
        Arg::Doc(doc) => Arg::Doc(substitute(doc, header, row)),
        Arg::Table(rows) => Arg::Table(
            rows.iter()
                .map(|r| r.iter().map(|c| substitute(c, header, row)).collect())
                .collect(),
        ),
    };
    Step {
        text: substitute(&step.text, header, row),
        arg,
        line: step.line,
    }
}

// ---------------------------------------------------------------------------------------
// Values: the TCK notation, kizuna's results, and one comparable rendering of both
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Val>),
    Map(BTreeMap<String, Val>),
    Node(NodeVal),
    Rel(RelVal),
    /// Start node, then (relationship, traversed in its stored direction, next node).
    Path(NodeVal, Vec<(RelVal, bool, NodeVal)>),
    /// Something the result could not describe (an entity missing from its snapshot).
    Missing(String),
}

#[derive(Debug, Clone)]
struct NodeVal {
    labels: BTreeSet<String>,
    props: BTreeMap<String, Val>,
}

#[derive(Debug, Clone)]
struct RelVal {
    ty: String,
    props: BTreeMap<String, Val>,
}

type PResult<'a, T> = IResult<&'a str, T>;

fn nom_fail<T>(i: &str) -> PResult<'_, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Verify,
    )))
}

/// Parses one whole cell of the value notation.
fn parse_value(text: &str) -> Result<Val, String> {
    match value(text) {
        Ok(("", v)) => Ok(v),
        Ok((rest, _)) => Err(format!("unexpected text {rest:?} in value {text:?}")),
        Err(e) => Err(format!("cannot parse value {text:?}: {e}")),
    }
}

fn value(i: &str) -> PResult<'_, Val> {
    let (i, _) = multispace0(i)?;
    let (i, v) = alt((
        literal_word,
        number,
        string,
        node.map(Val::Node),
        relationship.map(Val::Rel),
        list,
        map.map(Val::Map),
        path,
    ))
    .parse(i)?;
    let (i, _) = multispace0(i)?;
    Ok((i, v))
}

fn literal_word(i: &str) -> PResult<'_, Val> {
    alt((
        tag("null").map(|_| Val::Null),
        tag("true").map(|_| Val::Bool(true)),
        tag("false").map(|_| Val::Bool(false)),
        tag("NaN").map(|_| Val::Float(f64::NAN)),
    ))
    .parse(i)
}

fn number(i: &str) -> PResult<'_, Val> {
    let (rest, _) = (
        opt(char('-')),
        digit0,
        opt((char('.'), digit1)),
        opt((one_of("eE"), opt(one_of("+-")), digit1)),
    )
        .parse(i)?;
    // The consumed text, measured by length: nom's `recognize` loses it when the number
    // ends the input.
    let text = i.get(..i.len() - rest.len()).unwrap_or("");
    if !text.contains(|c: char| c.is_ascii_digit()) {
        return nom_fail(i);
    }
    if text.contains(['.', 'e', 'E']) {
        match text.parse::<f64>() {
            Ok(f) => Ok((rest, Val::Float(f))),
            Err(_) => nom_fail(i),
        }
    } else {
        match text.parse::<i64>() {
            Ok(n) => Ok((rest, Val::Int(n))),
            Err(_) => nom_fail(i),
        }
    }
}

/// `'…'` where `\'` is a quote and `\\` a backslash; any other character is literal.
fn string(i: &str) -> PResult<'_, Val> {
    let Some(body) = i.strip_prefix('\'') else {
        return nom_fail(i);
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, '\'')) => out.push('\''),
                Some((_, '\\')) => out.push('\\'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => return nom_fail(i),
            },
            '\'' => return Ok((&body[at + 1..], Val::Str(out))),
            c => out.push(c),
        }
    }
    nom_fail(i)
}

fn list(i: &str) -> PResult<'_, Val> {
    let (i, _) = char('[')(i)?;
    let (i, items) = separated_list0(char(','), value).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, _) = char(']')(i)?;
    Ok((i, Val::List(items)))
}

fn name(i: &str) -> PResult<'_, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$')(i)
}

fn map_entry(i: &str) -> PResult<'_, (String, Val)> {
    let (i, _) = multispace0(i)?;
    let (i, key) = name(i)?;
    let (i, _) = multispace0(i)?;
    let (i, _) = char(':')(i)?;
    let (i, v) = value(i)?;
    Ok((i, (key.to_owned(), v)))
}

fn map(i: &str) -> PResult<'_, BTreeMap<String, Val>> {
    let (i, _) = char('{')(i)?;
    let (i, entries) = separated_list0(char(','), map_entry).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, _) = char('}')(i)?;
    Ok((i, entries.into_iter().collect()))
}

fn label(i: &str) -> PResult<'_, String> {
    let (i, _) = multispace0(i)?;
    let (i, _) = char(':')(i)?;
    let (i, _) = multispace0(i)?;
    let (i, l) = name(i)?;
    Ok((i, l.to_owned()))
}

fn node(i: &str) -> PResult<'_, NodeVal> {
    let (i, _) = char('(')(i)?;
    let (i, labels) = many0(label).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, props) = opt(map).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, _) = char(')')(i)?;
    Ok((
        i,
        NodeVal {
            labels: labels.into_iter().collect(),
            props: props.unwrap_or_default(),
        },
    ))
}

fn relationship(i: &str) -> PResult<'_, RelVal> {
    let (i, _) = char('[')(i)?;
    let (i, ty) = label(i)?;
    let (i, _) = multispace0(i)?;
    let (i, props) = opt(map).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, _) = char(']')(i)?;
    Ok((
        i,
        RelVal {
            ty,
            props: props.unwrap_or_default(),
        },
    ))
}

fn path_step(i: &str) -> PResult<'_, (RelVal, bool, NodeVal)> {
    let forward = (tag("-"), relationship, tag("->"), node).map(|(_, r, _, n)| (r, true, n));
    let backward = (tag("<-"), relationship, tag("-"), node).map(|(_, r, _, n)| (r, false, n));
    let (i, _) = multispace0(i)?;
    alt((forward, backward)).parse(i)
}

fn path(i: &str) -> PResult<'_, Val> {
    let (i, _) = char('<')(i)?;
    let (i, _) = multispace0(i)?;
    let (i, start) = node(i)?;
    let (i, steps) = many0(path_step).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, _) = char('>')(i)?;
    Ok((i, Val::Path(start, steps)))
}

/// One canonical text per value: equal renderings mean equal values as the TCK compares
/// them (label sets and maps are sorted; with `unordered_lists`, list elements are too).
fn render(v: &Val, unordered_lists: bool) -> String {
    let mut out = String::new();
    write_val(&mut out, v, unordered_lists);
    out
}

fn write_val(out: &mut String, v: &Val, ul: bool) {
    match v {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Val::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Val::Float(f) if f.is_nan() => out.push_str("NaN"),
        // Debug is the shortest text that reads back as the same f64, and always shows a
        // `.` or an exponent, so 1 and 1.0 stay apart. Zeros compare as IEEE does: the TCK
        // expects `0.0` for `RETURN -0.0` (Literals5 [9], [10]).
        Val::Float(f) => {
            let f = if *f == 0.0 { 0.0 } else { *f };
            let _ = write!(out, "{f:?}");
        }
        Val::Str(s) => {
            out.push('\'');
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\'' => out.push_str("\\'"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
            out.push('\'');
        }
        Val::List(items) => {
            let mut parts: Vec<String> = items.iter().map(|x| render(x, ul)).collect();
            if ul {
                parts.sort();
            }
            out.push('[');
            out.push_str(&parts.join(", "));
            out.push(']');
        }
        Val::Map(m) => write_map(out, m, ul),
        Val::Node(n) => write_node(out, n, ul),
        Val::Rel(r) => write_rel(out, r, ul),
        Val::Path(start, steps) => {
            out.push('<');
            write_node(out, start, ul);
            for (r, forward, n) in steps {
                out.push_str(if *forward { "-" } else { "<-" });
                write_rel(out, r, ul);
                out.push_str(if *forward { "->" } else { "-" });
                write_node(out, n, ul);
            }
            out.push('>');
        }
        Val::Missing(what) => {
            let _ = write!(out, "<<{what}>>");
        }
    }
}

fn write_map(out: &mut String, m: &BTreeMap<String, Val>, ul: bool) {
    out.push('{');
    for (k, (key, v)) in m.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(key);
        out.push_str(": ");
        write_val(out, v, ul);
    }
    out.push('}');
}

fn write_node(out: &mut String, n: &NodeVal, ul: bool) {
    out.push('(');
    for l in &n.labels {
        out.push(':');
        out.push_str(l);
    }
    if !n.props.is_empty() {
        if !n.labels.is_empty() {
            out.push(' ');
        }
        write_map(out, &n.props, ul);
    }
    out.push(')');
}

fn write_rel(out: &mut String, r: &RelVal, ul: bool) {
    out.push_str("[:");
    out.push_str(&r.ty);
    if !r.props.is_empty() {
        out.push(' ');
        write_map(out, &r.props, ul);
    }
    out.push(']');
}

/// A kizuna value in the comparable form, entities looked up in the result's snapshot.
fn actual_val(v: &Value, res: &QueryResult) -> Val {
    match v {
        Value::Null => Val::Null,
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(n) => Val::Int(*n),
        Value::Float(f) => Val::Float(*f),
        Value::String(s) => Val::Str(s.clone()),
        Value::List(items) => Val::List(items.iter().map(|x| actual_val(x, res)).collect()),
        Value::Map(m) => Val::Map(
            m.iter()
                .map(|(k, x)| (k.clone(), actual_val(x, res)))
                .collect(),
        ),
        Value::Node(id) => match actual_node(*id, res) {
            Ok(n) => Val::Node(n),
            Err(e) => Val::Missing(e),
        },
        Value::Relationship(id) => match actual_rel(*id, res) {
            Ok(r) => Val::Rel(r.0),
            Err(e) => Val::Missing(e),
        },
        Value::Path(p) => actual_path(p, res).unwrap_or_else(Val::Missing),
        // The TCK writes temporal values as the strings of their ISO form.
        temporal => Val::Str(temporal.temporal_text().unwrap_or_default()),
    }
}

fn props_val(props: &kizuna::Properties, res: &QueryResult) -> BTreeMap<String, Val> {
    props
        .iter()
        .map(|(k, x)| (k.clone(), actual_val(x, res)))
        .collect()
}

fn actual_node(id: u64, res: &QueryResult) -> Result<NodeVal, String> {
    let n = res
        .nodes
        .get(&id)
        .ok_or_else(|| format!("node {id} missing from QueryResult.nodes"))?;
    Ok(NodeVal {
        labels: n.labels.iter().cloned().collect(),
        props: props_val(&n.properties, res),
    })
}

/// The relationship with its stored start and end.
fn actual_rel(id: u64, res: &QueryResult) -> Result<(RelVal, u64, u64), String> {
    let r = res
        .relationships
        .get(&id)
        .ok_or_else(|| format!("relationship {id} missing from QueryResult.relationships"))?;
    Ok((
        RelVal {
            ty: r.rel_type.clone(),
            props: props_val(&r.properties, res),
        },
        r.start,
        r.end,
    ))
}

fn actual_path(p: &GraphPath, res: &QueryResult) -> Result<Val, String> {
    if p.nodes.len() != p.relationships.len() + 1 {
        return Err(format!(
            "path with {} nodes and {} relationships",
            p.nodes.len(),
            p.relationships.len()
        ));
    }
    let mut ids = p.nodes.iter();
    let first = *ids.next().ok_or("path without nodes")?;
    let start = actual_node(first, res)?;
    let mut steps = Vec::new();
    let mut here = first;
    for (&rid, &next) in p.relationships.iter().zip(ids) {
        let (rel, from, to) = actual_rel(rid, res)?;
        let forward = if from == here && to == next {
            true
        } else if from == next && to == here {
            false
        } else {
            return Err(format!(
                "relationship {rid} ({from}->{to}) does not join path nodes {here} and {next}"
            ));
        };
        steps.push((rel, forward, actual_node(next, res)?));
        here = next;
    }
    Ok(Val::Path(start, steps))
}

/// A parameter value: the notation's scalars, lists and maps.
fn to_param(v: &Val) -> Result<Value, String> {
    Ok(match v {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Int(n) => Value::Int(*n),
        Val::Float(f) => Value::Float(*f),
        Val::Str(s) => Value::String(s.clone()),
        Val::List(items) => Value::List(items.iter().map(to_param).collect::<Result<_, _>>()?),
        Val::Map(m) => Value::Map(
            m.iter()
                .map(|(k, x)| Ok((k.clone(), to_param(x)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => return Err(format!("{} cannot be a parameter", render(other, false))),
    })
}

// ---------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct ExpectedError {
    ty: String,
    phase: String,
    detail: String,
}

impl ExpectedError {
    fn matches(&self, e: &QueryError) -> bool {
        let ty = self.ty == "Error" || self.ty == e.kind.name();
        let phase = match self.phase.as_str() {
            "compile time" => e.phase == Phase::Compile,
            "runtime" => e.phase == Phase::Runtime,
            _ => true,
        };
        let detail = self.detail == "*" || e.code == "*" || self.detail == e.code;
        ty && phase && detail
    }

    fn describe(&self) -> String {
        format!("{} at {}: {}", self.ty, self.phase, self.detail)
    }
}

#[derive(Debug)]
enum Expect {
    Rows {
        ordered: bool,
        unordered_lists: bool,
        columns: Vec<String>,
        rows: Vec<Vec<Val>>,
    },
    Empty,
    Error(ExpectedError),
}

#[derive(Debug)]
enum Action {
    Nothing,
    NamedGraph(String),
    Setup(String),
    Parameters(Params),
    Query(String),
    ControlQuery(String),
    Expect(Expect),
    /// `there exists a procedure SIGNATURE:` with its table of inputs and outputs.
    Procedure {
        signature: String,
        table: Vec<Vec<String>>,
    },
    /// Expected counts by key (`+nodes`, …); keys not listed are 0.
    SideEffects(BTreeMap<String, usize>),
}

const SIDE_EFFECT_KEYS: [&str; 8] = [
    "+nodes",
    "-nodes",
    "+relationships",
    "-relationships",
    "+labels",
    "-labels",
    "+properties",
    "-properties",
];

fn doc_of(step: &Step) -> Result<String, String> {
    match &step.arg {
        Arg::Doc(d) => Ok(d.clone()),
        _ => Err(format!("step {:?} needs a doc string", step.text)),
    }
}

fn table_of(step: &Step) -> Result<&[Vec<String>], String> {
    match &step.arg {
        Arg::Table(t) => Ok(t),
        _ => Err(format!("step {:?} needs a table", step.text)),
    }
}

fn classify(step: &Step) -> Result<Action, String> {
    let t = step.text.trim();
    let no_arg = |a: Action| {
        if step.arg == Arg::None {
            Ok(a)
        } else {
            Err(format!("step {t:?} takes no argument"))
        }
    };
    match t {
        "an empty graph" | "any graph" => return no_arg(Action::Nothing),
        "having executed:" => return Ok(Action::Setup(doc_of(step)?)),
        "executing query:" => return Ok(Action::Query(doc_of(step)?)),
        "executing control query:" => return Ok(Action::ControlQuery(doc_of(step)?)),
        "the result should be empty" => return no_arg(Action::Expect(Expect::Empty)),
        "no side effects" => return no_arg(Action::SideEffects(BTreeMap::new())),
        "parameters are:" => {
            let mut params = Params::new();
            for row in table_of(step)? {
                let [name, text] = row.as_slice() else {
                    return Err(format!("parameter row {row:?} needs two cells"));
                };
                params.insert(name.clone(), to_param(&parse_value(text)?)?);
            }
            return Ok(Action::Parameters(params));
        }
        "the side effects should be:" => {
            let mut counts = BTreeMap::new();
            for row in table_of(step)? {
                let [key, n] = row.as_slice() else {
                    return Err(format!("side effect row {row:?} needs two cells"));
                };
                if !SIDE_EFFECT_KEYS.contains(&key.as_str()) {
                    return Err(format!("unknown side effect {key:?}"));
                }
                let n: usize = n
                    .parse()
                    .map_err(|_| format!("side effect count {n:?} is not a number"))?;
                counts.insert(key.clone(), n);
            }
            return Ok(Action::SideEffects(counts));
        }
        _ => {}
    }
    if let Some(signature) = t.strip_prefix("there exists a procedure ") {
        let signature = signature.trim_end().trim_end_matches(':').trim_end();
        return Ok(Action::Procedure {
            signature: signature.to_owned(),
            table: table_of(step)?.to_vec(),
        });
    }
    if let Some(mode) = t
        .strip_prefix("the result should be")
        .and_then(|m| m.strip_suffix(':'))
    {
        let (ordered, unordered_lists) = match mode.trim() {
            ", in any order" => (false, false),
            ", in order" => (true, false),
            "(ignoring element order for lists)" => (false, true),
            ", in order (ignoring element order for lists)" => (true, true),
            other => return Err(format!("unknown result form {other:?}")),
        };
        let table = table_of(step)?;
        let Some((columns, rows)) = table.split_first() else {
            return Err("result table without a header row".to_owned());
        };
        let rows = rows
            .iter()
            .map(|r| {
                if r.len() != columns.len() {
                    return Err(format!("result row {r:?} does not match the header"));
                }
                r.iter().map(|c| parse_value(c)).collect()
            })
            .collect::<Result<_, String>>()?;
        return Ok(Action::Expect(Expect::Rows {
            ordered,
            unordered_lists,
            columns: columns.clone(),
            rows,
        }));
    }
    if let Some((head, rest)) = t.split_once(" should be raised at ") {
        let ty = head
            .strip_prefix("an ")
            .or_else(|| head.strip_prefix("a "))
            .ok_or_else(|| format!("unknown error step {t:?}"))?;
        let (phase, detail) = rest
            .split_once(':')
            .ok_or_else(|| format!("error step without detail: {t:?}"))?;
        let phase = phase.trim();
        if !["compile time", "runtime", "any time"].contains(&phase) {
            return Err(format!("unknown error phase {phase:?}"));
        }
        return no_arg(Action::Expect(Expect::Error(ExpectedError {
            ty: ty.trim().to_owned(),
            phase: phase.to_owned(),
            detail: detail.trim().to_owned(),
        })));
    }
    if let Some(name) = t
        .strip_prefix("the ")
        .and_then(|r| r.strip_suffix(" graph"))
    {
        return no_arg(Action::NamedGraph(name.trim().to_owned()));
    }
    Err(format!("unknown step {t:?}"))
}

// ---------------------------------------------------------------------------------------
// Running a scenario
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Failure {
    /// Short, stable category for tck-pending.tsv (`result-mismatch`, …).
    category: String,
    /// Sentences and tables for people.
    message: String,
    query: Option<String>,
}

fn fail(category: impl Into<String>, message: impl Into<String>) -> Failure {
    Failure {
        category: category.into(),
        message: message.into(),
        query: None,
    }
}

/// The first few words of a message, as a category that stays stable across runs.
fn first_words(message: &str, n: usize) -> String {
    message
        .split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', ',', '.', ';'])
        .to_owned()
}

fn describe_error(e: &kizuna::Error) -> String {
    match e {
        kizuna::Error::Query(q) => format!(
            "{} at {} ({}): {}",
            q.kind.name(),
            phase_name(q.phase),
            q.code,
            q.message
        ),
        other => format!("non-query error: {other}"),
    }
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Compile => "compile time",
        Phase::Runtime => "runtime",
    }
}

/// Category of an error where a result was expected.
fn unexpected_error_category(e: &kizuna::Error) -> String {
    match e {
        // A parse failure names the syntax the engine lacks in its first words; any other
        // error is better grouped by its code.
        kizuna::Error::Query(q)
            if q.kind.name() == "SyntaxError" && q.code == "UnexpectedSyntax" =>
        {
            format!("unsupported:{}", first_words(&q.message, 4))
        }
        kizuna::Error::Query(q) => format!("unexpected-error:{}:{}", q.kind.name(), q.code),
        _ => "other-error".to_owned(),
    }
}

#[derive(Default, Debug, PartialEq)]
struct Snapshot {
    nodes: BTreeSet<u64>,
    rels: BTreeSet<u64>,
    labels: BTreeSet<String>,
    /// (is a node, element id, key, canonical value).
    props: BTreeSet<(bool, u64, String, String)>,
}

fn snapshot(db: &Database) -> Snapshot {
    let empty = QueryResult::default();
    let mut s = Snapshot::default();
    for n in db.nodes() {
        s.nodes.insert(n.id);
        s.labels.extend(n.labels.iter().cloned());
        for (k, v) in &n.properties {
            let v = render(&actual_val(v, &empty), false);
            s.props.insert((true, n.id, k.clone(), v));
        }
    }
    for r in db.relationships() {
        s.rels.insert(r.id);
        for (k, v) in &r.properties {
            let v = render(&actual_val(v, &empty), false);
            s.props.insert((false, r.id, k.clone(), v));
        }
    }
    s
}

/// The eight side-effect counts, as a state difference between two snapshots.
fn side_effects(before: &Snapshot, after: &Snapshot) -> BTreeMap<String, usize> {
    let counts = [
        after.nodes.difference(&before.nodes).count(),
        before.nodes.difference(&after.nodes).count(),
        after.rels.difference(&before.rels).count(),
        before.rels.difference(&after.rels).count(),
        after.labels.difference(&before.labels).count(),
        before.labels.difference(&after.labels).count(),
        after.props.difference(&before.props).count(),
        before.props.difference(&after.props).count(),
    ];
    SIDE_EFFECT_KEYS
        .iter()
        .zip(counts)
        .map(|(k, n)| ((*k).to_owned(), n))
        .collect()
}

fn format_effects(m: &BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = SIDE_EFFECT_KEYS
        .iter()
        .filter_map(|k| m.get(*k).filter(|n| **n > 0).map(|n| format!("{k} {n}")))
        .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn check_side_effects(
    expected: &BTreeMap<String, usize>,
    effects: Option<&(Snapshot, Snapshot)>,
) -> Result<(), Failure> {
    let Some((before, after)) = effects else {
        return Err(fail(
            "runner:no-query",
            "side effects checked before any query ran",
        ));
    };
    let actual = side_effects(before, after);
    let wanted: BTreeMap<String, usize> = SIDE_EFFECT_KEYS
        .iter()
        .map(|k| ((*k).to_owned(), expected.get(*k).copied().unwrap_or(0)))
        .collect();
    if actual == wanted {
        Ok(())
    } else {
        Err(fail(
            "side-effects-mismatch",
            format!(
                "side effects differ\n  expected: {}\n  actual:   {}",
                format_effects(&wanted),
                format_effects(&actual)
            ),
        ))
    }
}

fn format_rows(columns: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "    | {} |", columns.join(" | "));
    for r in rows {
        let _ = writeln!(out, "    | {} |", r.join(" | "));
    }
    out
}

fn check_expected(
    expect: &Expect,
    last: Option<&Result<QueryResult, kizuna::Error>>,
    effects: Option<&(Snapshot, Snapshot)>,
) -> Result<(), Failure> {
    let Some(outcome) = last else {
        return Err(fail(
            "runner:no-query",
            "a result was checked before any query ran",
        ));
    };
    match (expect, outcome) {
        (Expect::Error(exp), Ok(res)) => Err(fail(
            format!("missing-error:{}:{}", exp.ty, exp.detail),
            format!(
                "expected {}, but the query succeeded with {} row(s)",
                exp.describe(),
                res.rows.len()
            ),
        )),
        (Expect::Error(exp), Err(kizuna::Error::Query(q))) if exp.matches(q) => {
            check_side_effects(&BTreeMap::new(), effects)
        }
        (Expect::Error(exp), Err(e @ kizuna::Error::Query(_))) => Err(fail(
            format!("error-mismatch:{}:{}", exp.ty, exp.detail),
            format!(
                "expected {}\n  actual:   {}",
                exp.describe(),
                describe_error(e)
            ),
        )),
        (Expect::Error(exp), Err(other)) => Err(fail(
            "other-error",
            format!("expected {}, got {}", exp.describe(), describe_error(other)),
        )),
        (_, Err(e)) => Err(fail(
            unexpected_error_category(e),
            format!("expected a result, got {}", describe_error(e)),
        )),
        (Expect::Empty, Ok(res)) => {
            if res.rows.is_empty() && res.columns.is_empty() {
                Ok(())
            } else {
                Err(fail(
                    "result-mismatch",
                    format!(
                        "expected an empty result (no rows, no columns), got columns {:?} and {} row(s)",
                        res.columns,
                        res.rows.len()
                    ),
                ))
            }
        }
        (
            Expect::Rows {
                ordered,
                unordered_lists,
                columns,
                rows,
            },
            Ok(res),
        ) => {
            let ul = *unordered_lists;
            let mut want: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|v| render(v, ul)).collect())
                .collect();
            let mut got: Vec<Vec<String>> = res
                .rows
                .iter()
                .map(|r| r.iter().map(|v| render(&actual_val(v, res), ul)).collect())
                .collect();
            let shown = format!(
                "  expected{}:\n{}  actual:\n{}",
                if *ordered {
                    " (in order)"
                } else {
                    " (any order)"
                },
                format_rows(columns, &want),
                format_rows(&res.columns, &got)
            );
            if &res.columns != columns {
                return Err(fail(
                    "column-mismatch",
                    format!(
                        "columns differ: expected {columns:?}, got {:?}\n{shown}",
                        res.columns
                    ),
                ));
            }
            if !ordered {
                want.sort();
                got.sort();
            }
            if want == got {
                Ok(())
            } else {
                Err(fail("result-mismatch", format!("rows differ\n{shown}")))
            }
        }
    }
}

fn run_setup(
    db: &mut Database,
    query: &str,
    params: &Params,
    options: &ExecOptions,
) -> Result<(), Failure> {
    match db.execute_with(query, params, options) {
        Ok(_) => Ok(()),
        Err(e) => {
            let words = match &e {
                kizuna::Error::Query(q) => {
                    format!("{}: {}", q.kind.name(), first_words(&q.message, 4))
                }
                other => first_words(&other.to_string(), 4),
            };
            Err(Failure {
                category: format!("setup-error:{words}"),
                message: format!("setup query failed: {}", describe_error(&e)),
                query: Some(query.to_owned()),
            })
        }
    }
}

/// Runs `EXPLAIN query`: when it is accepted (`Ok(true)`) it must show a plan, return no
/// rows and change nothing; `Ok(false)` when the statement does not compile.
fn explain(
    db: &mut Database,
    query: &str,
    params: &Params,
    options: &ExecOptions,
    before: &Snapshot,
) -> Result<bool, Failure> {
    let Ok(result) = db.execute_with(&format!("EXPLAIN {query}"), params, options) else {
        return Ok(false);
    };
    let shown = result.plan.as_ref().map_or(0, |plan| plan.lines().len());
    if shown == 0 || !result.rows.is_empty() || !result.stats.is_empty() {
        return Err(fail(
            "explain",
            format!(
                "EXPLAIN gave {shown} operators and {} rows",
                result.rows.len()
            ),
        ));
    }
    if snapshot(db) != *before {
        return Err(fail("explain", "EXPLAIN changed the graph".to_owned()));
    }
    Ok(true)
}

/// Runs a scenario with the planner's choices, then again with the naive plan (each
/// part from its first node, no rewrites): both must give what the scenario expects.
fn run_scenario_both_ways(tck: &Path, sc: &Scenario) -> Result<(), Failure> {
    run_scenario(tck, sc, false)?;
    run_scenario(tck, sc, true).map_err(|mut failure| {
        failure.category = format!("naive-plan:{}", failure.category);
        failure
    })
}

fn run_scenario(tck: &Path, sc: &Scenario, naive_plan: bool) -> Result<(), Failure> {
    let mut db = Database::open_temporary().map_err(|e| {
        fail(
            "open-error",
            format!("Database::open_temporary failed: {e}"),
        )
    })?;
    // The planned run divides every MATCH that can be among three threads, reads property
    // columns from the first read and closes every hop it can by a hash join from its far
    // end, so that the whole TCK checks that none of these changes an answer; the naive run
    // stays whole and reads records.
    let options = ExecOptions {
        timeout: Some(QUERY_TIMEOUT),
        naive_plan,
        threads: Some(if naive_plan { 1 } else { 3 }),
        parallel_from: Some(0),
        columns_from: Some(0),
        hash_joins_from: Some(0),
        ..ExecOptions::default()
    };
    let mut params = Params::new();
    let mut last_query: Option<String> = None;
    let mut last: Option<Result<QueryResult, kizuna::Error>> = None;
    let mut effects: Option<(Snapshot, Snapshot)> = None;
    for step in &sc.steps {
        let action = classify(step).map_err(|e| fail("runner:bad-step", e))?;
        let checked = match action {
            Action::Nothing => Ok(()),
            Action::NamedGraph(name) => {
                let file = tck
                    .join("graphs")
                    .join(&name)
                    .join(format!("{name}.cypher"));
                let script = std::fs::read_to_string(&file).map_err(|e| {
                    fail(
                        "runner:named-graph",
                        format!("cannot read {}: {e}", file.display()),
                    )
                })?;
                let query = script.trim().trim_end_matches(';');
                run_setup(&mut db, query, &Params::new(), &options)
            }
            Action::Setup(query) => run_setup(&mut db, &query, &params, &options),
            Action::Parameters(p) => {
                params.extend(p);
                Ok(())
            }
            Action::Query(query) => {
                let before = snapshot(&db);
                let explained = explain(&mut db, &query, &params, &options, &before);
                last = Some(db.execute_with(&query, &params, &options));
                effects = Some((before, snapshot(&db)));
                last_query = Some(query);
                match (explained, last.as_ref()) {
                    (Err(failure), _) => Err(failure),
                    (Ok(false), Some(Ok(_))) => Err(fail(
                        "explain",
                        "EXPLAIN failed where the query itself runs".to_owned(),
                    )),
                    _ => Ok(()),
                }
            }
            Action::ControlQuery(query) => {
                last = Some(db.execute_with(&query, &params, &options));
                last_query = Some(query);
                Ok(())
            }
            Action::Expect(expect) => check_expected(&expect, last.as_ref(), effects.as_ref()),
            Action::SideEffects(expected) => check_side_effects(&expected, effects.as_ref()),
            Action::Procedure { signature, table } => define_procedure(&mut db, &signature, &table),
        };
        checked.map_err(|mut f| {
            if f.query.is_none() {
                f.query = last_query.clone();
            }
            f
        })?;
    }
    Ok(())
}

/// Registers the procedure a scenario declares: its table's header names the arguments and
/// outputs (a lone `|` for a procedure without either), each further row one answer.
fn define_procedure(
    db: &mut Database,
    signature: &str,
    table: &[Vec<String>],
) -> Result<(), Failure> {
    let rows = table
        .iter()
        .skip(1)
        .map(|row| {
            row.iter()
                .map(|cell| parse_value(cell).and_then(|v| to_param(&v)))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail("runner:procedure", e))?;
    db.define_procedure(signature, rows)
        .map_err(|e| fail("procedure-declaration", format!("{signature}: {e}")))
}

// Panics inside a scenario are caught and reported as that scenario's failure; the hook
// records the message instead of printing it.
thread_local! {
    static IN_SCENARIO: Cell<bool> = const { Cell::new(false) };
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if IN_SCENARIO.with(Cell::get) {
            let message = info.to_string().replace('\n', " ");
            PANIC_MESSAGE.with(|m| *m.borrow_mut() = Some(message));
        } else {
            default(info);
        }
    }));
}

/// Runs `body`, turning a panic into a failure that carries the panic message.
fn guarded(body: impl FnOnce() -> Result<(), Failure>) -> Result<(), Failure> {
    IN_SCENARIO.with(|f| f.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(body));
    IN_SCENARIO.with(|f| f.set(false));
    match outcome {
        Ok(result) => result,
        Err(_) => {
            let message = PANIC_MESSAGE
                .with(|m| m.borrow_mut().take())
                .unwrap_or_else(|| "panic without a message".to_owned());
            Err(fail("panic", message))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Skips and the pending list
// ---------------------------------------------------------------------------------------

type Key = (String, u32, Option<usize>);

struct ListEntry {
    reason: String,
    title: String,
}

fn parse_tsv(text: &str, origin: &str) -> Result<BTreeMap<Key, ListEntry>, String> {
    let mut out = BTreeMap::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(feature), Some(number), Some(row), Some(reason)) =
            (cols.first(), cols.get(1), cols.get(2), cols.get(3))
        else {
            return Err(format!(
                "{origin}:{}: expected at least 4 tab-separated columns",
                k + 1
            ));
        };
        let number: u32 = number
            .parse()
            .map_err(|_| format!("{origin}:{}: bad scenario number {number:?}", k + 1))?;
        let row = match *row {
            "-" => None,
            r => Some(
                r.parse::<usize>()
                    .map_err(|_| format!("{origin}:{}: bad example row {r:?}", k + 1))?,
            ),
        };
        out.insert(
            ((*feature).to_owned(), number, row),
            ListEntry {
                reason: (*reason).to_owned(),
                title: cols.get(4).copied().unwrap_or("").to_owned(),
            },
        );
    }
    Ok(out)
}

fn key_of(feature: &Feature, sc: &Scenario) -> Key {
    (feature.path.clone(), sc.number, sc.row)
}

fn clean_tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

// ---------------------------------------------------------------------------------------
// Self-checks of the reader, the notation parser and the comparator
// ---------------------------------------------------------------------------------------

fn self_check(features: &[Feature]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };

    // The notation: each pair renders identically (or not, for the `false` cases).
    let same = [
        ("null", "null", true),
        ("true", " true ", true),
        ("1", "1.0", false),
        ("-1", "-1", true),
        (".5", "0.5", true),
        ("-.5", "-0.5", true),
        ("1e-305", "1e-305", true),
        ("-1.2635418652381264e305", "-1.2635418652381264e305", true),
        ("1e3", "1000.0", true),
        ("NaN", "NaN", true),
        ("-0.0", "0.0", true),
        ("'a'", "'b'", false),
        ("'it\\'s'", "'it\\'s'", true),
        ("[1, [2, 'x'], {}]", "[1,[2,'x'],{}]", true),
        ("[]", "[ ]", true),
        ("{num:1, name: 'a'}", "{name: 'a', num: 1}", true),
        ("(:A:B {k: 1})", "(:B:A {k:1})", true),
        ("(:A)", "(:A {})", true),
        ("()", "({name: 'a'})", false),
        ("[:T {k: 'v'}]", "[:T{k:'v'}]", true),
        ("[:T]", "[:S]", false),
        (
            "<(:A)-[:R]->(:B)<-[:S {w: 2}]-()>",
            "<(:A)-[:R]->(:B)<-[:S {w:2}]-()>",
            true,
        ),
        ("<(:A)-[:R]->(:B)>", "<(:A)<-[:R]-(:B)>", false),
        ("<()>", "<()>", true),
        ("[1, 2]", "[2, 1]", false),
    ];
    for (a, b, equal) in same {
        match (parse_value(a), parse_value(b)) {
            (Ok(x), Ok(y)) => check(
                (render(&x, false) == render(&y, false)) == equal,
                format!(
                    "notation: {a} vs {b} should compare {}",
                    if equal { "equal" } else { "different" }
                ),
            ),
            (x, y) => check(
                false,
                format!("notation: cannot parse {a} / {b}: {x:?} {y:?}"),
            ),
        }
    }
    let strings = [
        ("'a\\\\b\\'c'", "a\\b'c"),
        ("'\\n'", "\\n"),
        ("''", ""),
        ("'as#?lßdj'", "as#?lßdj"),
    ];
    for (text, want) in strings {
        let got = parse_value(text);
        check(
            matches!(&got, Ok(Val::Str(s)) if s == want),
            format!("notation: {text} should be the string {want:?}, got {got:?}"),
        );
    }
    for bad in [
        "'abc",
        "[1, 2",
        "{a 1}",
        "1 2",
        "(:A",
        "<()",
        "-",
        "",
        "9223372036854775808",
    ] {
        check(
            parse_value(bad).is_err(),
            format!("notation: {bad:?} should not parse"),
        );
    }
    match (parse_value("[1, 2, [3, 4]]"), parse_value("[[4, 3], 2, 1]")) {
        (Ok(x), Ok(y)) => {
            check(
                render(&x, true) == render(&y, true),
                "lists: order ignored".into(),
            );
            check(
                render(&x, false) != render(&y, false),
                "lists: order kept".into(),
            );
        }
        _ => check(false, "lists: cannot parse".into()),
    }

    // Error expectations: type, phase and detail each compared unless a wildcard.
    let semantic = |code| QueryError::semantic(code, "m");
    let runtime_type = QueryError::runtime(ErrorKind::TypeError, "InvalidArgumentType", "m");
    let expect = |ty: &str, phase: &str, detail: &str| ExpectedError {
        ty: ty.into(),
        phase: phase.into(),
        detail: detail.into(),
    };
    let cases = [
        (
            expect("SyntaxError", "compile time", "VariableTypeConflict"),
            semantic("VariableTypeConflict"),
            true,
        ),
        (
            expect("SyntaxError", "compile time", "VariableTypeConflict"),
            semantic("UndefinedVariable"),
            false,
        ),
        (
            expect("SyntaxError", "runtime", "*"),
            semantic("UndefinedVariable"),
            false,
        ),
        (expect("Error", "any time", "*"), runtime_type.clone(), true),
        (
            expect("TypeError", "compile time", "InvalidArgumentType"),
            runtime_type.clone(),
            false,
        ),
        (
            expect("ArgumentError", "runtime", "InvalidArgumentType"),
            runtime_type,
            false,
        ),
    ];
    for (exp, err, want) in cases {
        check(
            exp.matches(&err) == want,
            format!("errors: {} vs {err} should match: {want}", exp.describe()),
        );
    }

    // Gherkin un-escaping of table cells (Literals6 [5], a real newline, an escaped bar).
    let row = split_row(r#"| 'a\\\\bcn5t\'"\\\\//\\\\"\'' | '\nFoo\n' | a\|b | x\y |  |"#);
    let want = [
        r#"'a\\bcn5t\'"\\//\\"\''"#.to_owned(),
        "'\nFoo\n'".to_owned(),
        "a|b".to_owned(),
        "x\\y".to_owned(),
        String::new(),
    ];
    check(
        row.as_deref() == Ok(&want[..]),
        format!("cells: un-escaping gave {row:?}"),
    );
    let literal = want.first().map(|c| parse_value(c)).and_then(Result::ok);
    check(
        matches!(&literal, Some(Val::Str(s)) if s == "a\\bcn5t'\"\\//\\\"'"),
        format!("cells: Literals6 [5] value is {literal:?}"),
    );

    // The reader: background, outline, tags, comments, CRLF, doc string indentation.
    let sample = "# licence\r\nFeature: F\r\n  Some description.\r\n\r\n  Background:\r\n    Given an empty graph\r\n\r\n  @ignore\r\n  Scenario Outline: [3] Outline <x>\r\n    When executing query:\r\n      \"\"\"\r\n      RETURN <x> AS v\r\n        # not a comment\r\n      \"\"\"\r\n    Then the result should be, in any order:\r\n      | v   |\r\n      | <x> |\r\n\r\n    Examples:\r\n      | x |\r\n      | 1 |\r\n      |   |\r\n\r\n#  Scenario: [4] commented out\r\n  Scenario: [5] Plain\r\n    Given any graph";
    match parse_feature("sample.feature", sample) {
        Ok(f) => {
            check(
                f.scenarios.len() == 3,
                format!("reader: {} scenarios, want 3", f.scenarios.len()),
            );
            if let [a, b, c] = f.scenarios.as_slice() {
                check(
                    a.number == 3 && a.row == Some(1) && b.row == Some(2),
                    "reader: outline rows".into(),
                );
                check(
                    a.title == "[3] Outline 1",
                    format!("reader: title {:?}", a.title),
                );
                check(
                    a.tags == ["@ignore"] && c.tags.is_empty(),
                    "reader: tags".into(),
                );
                check(
                    a.steps.len() == 3 && c.steps.len() == 2,
                    "reader: background steps".into(),
                );
                check(
                    a.steps.get(1).map(|s| &s.arg)
                        == Some(&Arg::Doc("RETURN 1 AS v\n  # not a comment".into())),
                    format!("reader: doc string {:?}", a.steps.get(1)),
                );
                check(
                    b.steps.get(2).map(|s| &s.arg)
                        == Some(&Arg::Table(vec![vec!["v".into()], vec![String::new()]])),
                    "reader: empty example cell".into(),
                );
                check(
                    c.number == 5 && c.row.is_none(),
                    "reader: plain scenario".into(),
                );
            }
        }
        Err(e) => check(false, format!("reader: sample failed: {e}")),
    }

    // kizuna values to the comparable form, paths keeping the stored direction.
    let mut res = QueryResult::default();
    let props =
        |k: &str, v: Value| -> kizuna::Properties { [(k.to_owned(), v)].into_iter().collect() };
    for (id, labels) in [(1u64, vec!["B", "A"]), (2, vec![]), (3, vec!["C"])] {
        res.nodes.insert(
            id,
            kizuna::Node {
                id,
                labels: labels.into_iter().map(str::to_owned).collect(),
                properties: props("name", Value::String(format!("n{id}"))),
            },
        );
    }
    for (id, start, end, ty) in [(10u64, 1u64, 2u64, "R"), (11, 3, 2, "S")] {
        res.relationships.insert(
            id,
            kizuna::Relationship {
                id,
                rel_type: ty.to_owned(),
                start,
                end,
                properties: props("w", Value::Float(1.0)),
            },
        );
    }
    let path = Value::Path(Box::new(GraphPath {
        nodes: vec![1, 2, 3],
        relationships: vec![10, 11],
    }));
    let got = render(&actual_val(&path, &res), false);
    let want = parse_value(
        "<(:A:B {name: 'n1'})-[:R {w: 1.0}]->({name: 'n2'})<-[:S {w: 1.0}]-(:C {name: 'n3'})>",
    )
    .map(|v| render(&v, false));
    check(
        want.as_deref() == Ok(got.as_str()),
        format!("actual: path renders as {got}"),
    );
    let list = Value::List(vec![Value::Int(1), Value::Float(1.0), Value::Node(9)]);
    let got = render(&actual_val(&list, &res), false);
    check(
        got.starts_with("[1, 1.0, <<node 9"),
        format!("actual: list renders as {got}"),
    );

    // A panic is one scenario's failure, with its message.
    let caught = guarded(|| panic!("deliberate panic of the self-check"));
    check(
        matches!(&caught, Err(f) if f.category == "panic" && f.message.contains("deliberate panic")),
        format!("panics: caught as {caught:?}"),
    );

    // Side effects are a state difference.
    let mut before = Snapshot::default();
    before.nodes.insert(1);
    before.labels.insert("L".into());
    before.props.insert((true, 1, "name".into(), "'a'".into()));
    let mut after = Snapshot::default();
    after.nodes.extend([1, 2]);
    after.labels.extend(["L".to_owned(), "M".to_owned()]);
    after.props.insert((true, 1, "name".into(), "'b'".into()));
    let diff = side_effects(&before, &after);
    check(
        format_effects(&diff) == "+nodes 1, +labels 1, +properties 1, -properties 1",
        format!("side effects: {}", format_effects(&diff)),
    );

    // The TCK itself: file and scenario counts, every step understood, every skip real.
    check(
        features.len() == EXPECTED_FILES,
        format!(
            "tck: {} feature files, want {EXPECTED_FILES}",
            features.len()
        ),
    );
    let total: usize = features.iter().map(|f| f.scenarios.len()).sum();
    check(
        total == EXPECTED_SCENARIOS,
        format!("tck: {total} scenarios, want {EXPECTED_SCENARIOS}"),
    );
    let mut keys = BTreeSet::new();
    for f in features {
        for sc in &f.scenarios {
            if !keys.insert(key_of(f, sc)) {
                check(
                    false,
                    format!(
                        "tck: {} [{}] row {:?} is not unique",
                        f.path, sc.number, sc.row
                    ),
                );
            }
            for step in &sc.steps {
                if let Err(e) = classify(step) {
                    check(false, format!("tck: {}:{}: {e}", f.path, step.line));
                }
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

enum Status {
    Passed,
    /// Passed, but tck-pending.tsv still lists it.
    NowPassing,
    Failed(Failure),
    Skipped {
        reason: String,
        pending: bool,
    },
}

/// The part of libtest's command line that matters here: `cargo test -- --list`, and a
/// positional filter (`cargo test Match1`), used as a feature path filter.
struct TestArgs {
    list: bool,
    filter: Option<String>,
}

impl TestArgs {
    fn from_env() -> TestArgs {
        let mut out = TestArgs {
            list: false,
            filter: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--list" => out.list = true,
                // libtest options that take a value in the next argument.
                "--test-threads" | "--skip" | "--format" | "--color" | "--logfile" | "-Z" => {
                    args.next();
                }
                a if a.starts_with('-') => {}
                a => out.filter = Some(a.to_owned()),
            }
        }
        out
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

fn collect_features(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_features(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

fn load_features(tck: &Path) -> Result<Vec<Feature>, String> {
    let mut files = Vec::new();
    collect_features(&tck.join("features"), &mut files)
        .map_err(|e| format!("cannot list {}: {e}", tck.join("features").display()))?;
    let mut features = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(tck)
            .unwrap_or(&file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        features.push(parse_feature(&rel, &text)?);
    }
    features.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(features)
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn main() -> ExitCode {
    install_panic_hook();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tck = std::env::var_os("KIZUNA_TCK_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared/tck-full"));
    if !tck.join("features").is_dir() {
        let missing = format!(
            "the openCypher TCK was not found at {} (no features/ folder there); \
             set KIZUNA_TCK_DIR to the TCK's folder to run it",
            tck.display()
        );
        if std::env::var_os("CI").is_some() {
            eprintln!("tck: {missing}");
            return ExitCode::FAILURE;
        }
        println!("tck: skipped: {missing}");
        return ExitCode::SUCCESS;
    }
    let args = TestArgs::from_env();
    if args.list {
        // What libtest prints for `cargo test -- --list`: one test, the whole suite.
        println!("tck: test");
        return ExitCode::SUCCESS;
    }
    let filter = std::env::var("KIZUNA_TCK_FILTER")
        .ok()
        .filter(|f| !f.is_empty())
        .or(args.filter)
        .unwrap_or_default();
    let verbose = env_flag("KIZUNA_TCK_VERBOSE");
    let write_pending = env_flag("KIZUNA_TCK_WRITE_PENDING");
    let strict = env_flag("KIZUNA_TCK_STRICT");
    let threads = std::env::var("KIZUNA_TCK_THREADS")
        .ok()
        .and_then(|t| t.parse::<usize>().ok())
        .filter(|t| *t > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));

    let features = match load_features(&tck) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("tck: {e}");
            return ExitCode::FAILURE;
        }
    };
    let pending_path = manifest.join(PENDING_FILE);
    let pending = match std::fs::read_to_string(&pending_path) {
        Ok(text) => match parse_tsv(&text, PENDING_FILE) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("tck: {e}");
                return ExitCode::FAILURE;
            }
        },
        Err(_) => BTreeMap::new(),
    };

    let problems = self_check(&features);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("tck self-check failed: {p}");
        }
        return ExitCode::FAILURE;
    }
    let total: usize = features.iter().map(|f| f.scenarios.len()).sum();
    println!(
        "tck: self-checks passed ({} files, {total} scenarios, notation and reader samples)",
        features.len()
    );
    let known: BTreeSet<Key> = features
        .iter()
        .flat_map(|f| f.scenarios.iter().map(move |sc| key_of(f, sc)))
        .collect();
    for key in pending.keys().filter(|k| !known.contains(*k)) {
        println!(
            "tck: warning: {PENDING_FILE} names {} [{}] row {:?}, which does not exist",
            key.0, key.1, key.2
        );
    }
    let use_pending = !(strict || write_pending);

    let selected: Vec<&Feature> = features
        .iter()
        .filter(|f| f.path.contains(&filter))
        .collect();
    let jobs: Vec<(usize, usize)> = selected
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| (0..f.scenarios.len()).map(move |si| (fi, si)))
        .collect();
    let results: Vec<Mutex<Option<Status>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let running: Vec<Mutex<Option<(String, Instant)>>> =
        (0..threads).map(|_| Mutex::new(None)).collect();
    let started = Instant::now();

    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                for slot in &running {
                    if let Ok(guard) = slot.lock() {
                        if let Some((name, since)) = guard.as_ref() {
                            if since.elapsed() > HANG_LIMIT {
                                eprintln!(
                                    "tck: {name} has run for {} s despite the {} s query time limit; aborting",
                                    HANG_LIMIT.as_secs(),
                                    QUERY_TIMEOUT.as_secs()
                                );
                                std::process::exit(2);
                            }
                        }
                    }
                }
            }
        });
        let workers: Vec<_> = (0..threads)
            .map(|w| {
                let (jobs, selected, results, next, running, pending, tck) =
                    (&jobs, &selected, &results, &next, &running, &pending, &tck);
                s.spawn(move || loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(fi, si)) = jobs.get(k) else { break };
                    let Some(feature) = selected.get(fi) else {
                        break;
                    };
                    let Some(sc) = feature.scenarios.get(si) else {
                        break;
                    };
                    let key = key_of(feature, sc);
                    let status = if sc.tags.iter().any(|t| t == "@ignore") {
                        Status::Skipped {
                            reason: "upstream-ignore".into(),
                            pending: false,
                        }
                    } else {
                        if let Some(slot) = running.get(w) {
                            if let Ok(mut g) = slot.lock() {
                                *g = Some((
                                    format!("{} [{}] (line {})", feature.path, sc.number, sc.line),
                                    Instant::now(),
                                ));
                            }
                        }
                        let outcome = guarded(|| run_scenario_both_ways(tck, sc));
                        if let Some(slot) = running.get(w) {
                            if let Ok(mut g) = slot.lock() {
                                *g = None;
                            }
                        }
                        let listed = pending.get(&key).filter(|_| use_pending);
                        match (outcome, listed) {
                            (Ok(()), None) => Status::Passed,
                            (Ok(()), Some(_)) => Status::NowPassing,
                            (Err(f), None) => Status::Failed(f),
                            (Err(_), Some(entry)) => Status::Skipped {
                                reason: entry.reason.clone(),
                                pending: true,
                            },
                        }
                    };
                    if let Some(slot) = results.get(k) {
                        if let Ok(mut g) = slot.lock() {
                            *g = Some(status);
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            if w.join().is_err() {
                eprintln!("tck: a worker thread panicked");
            }
        }
        done.store(true, Ordering::Relaxed);
    });
    let elapsed = started.elapsed();

    let mut statuses: Vec<Status> = results
        .into_iter()
        .map(|m| {
            m.into_inner().ok().flatten().unwrap_or_else(|| {
                Status::Failed(fail("runner:not-run", "the scenario was never run"))
            })
        })
        .collect();

    if write_pending {
        let mut lines: BTreeMap<Key, String> = BTreeMap::new();
        // Entries of features outside the filter stay as they were.
        for (key, entry) in &pending {
            if !selected.iter().any(|f| f.path == key.0) {
                lines.insert(key.clone(), format!("{}\t{}", entry.reason, entry.title));
            }
        }
        for (status, (fi, si)) in statuses.iter_mut().zip(&jobs) {
            let (Some(f), Some(sc)) = (
                selected.get(*fi),
                selected.get(*fi).and_then(|f| f.scenarios.get(*si)),
            ) else {
                continue;
            };
            if let Status::Failed(failure) = status {
                let reason = clean_tsv(&failure.category);
                lines.insert(key_of(f, sc), format!("{reason}\t{}", clean_tsv(&sc.title)));
                *status = Status::Skipped {
                    reason,
                    pending: true,
                };
            }
        }
        let mut text = String::from(
            "# Scenarios of the openCypher TCK that kizuna does not pass yet, with a short reason.\n\
             # feature<TAB>scenario number<TAB>example row (1-based; - for a plain Scenario)<TAB>reason<TAB>title\n\
             # Regenerate with: KIZUNA_TCK_WRITE_PENDING=1 cargo test --test tck\n",
        );
        for ((feature, number, row), rest) in &lines {
            let row = row.map_or_else(|| "-".to_owned(), |r| r.to_string());
            let _ = writeln!(text, "{feature}\t{number}\t{row}\t{rest}");
        }
        match std::fs::write(&pending_path, text) {
            Ok(()) => println!("tck: wrote {} entries to {PENDING_FILE}", lines.len()),
            Err(e) => {
                eprintln!("tck: cannot write {}: {e}", pending_path.display());
                return ExitCode::FAILURE;
            }
        }
    }

    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    let mut outside: BTreeMap<String, usize> = BTreeMap::new();
    let mut pending_reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut now_passing = 0usize;
    let mut cursor = 0usize;
    for (fi, feature) in selected.iter().enumerate() {
        let (mut p, mut f, mut s) = (0usize, 0usize, 0usize);
        let mut notes = Vec::new();
        while let Some(&(jf, si)) = jobs.get(cursor) {
            if jf != fi {
                break;
            }
            let (Some(sc), Some(status)) = (feature.scenarios.get(si), statuses.get(cursor)) else {
                break;
            };
            cursor += 1;
            let name = match sc.row {
                Some(r) => format!("{} (example {r})", sc.title),
                None => sc.title.clone(),
            };
            match status {
                Status::Passed => p += 1,
                Status::NowPassing => {
                    p += 1;
                    now_passing += 1;
                    notes.push(format!("  now passing, remove from {PENDING_FILE}: {name}"));
                }
                Status::Failed(failure) => {
                    f += 1;
                    let first = failure.message.lines().next().unwrap_or("");
                    if verbose {
                        let mut note =
                            format!("  FAIL {name} [line {}]: {}", sc.line, failure.category);
                        if let Some(q) = &failure.query {
                            let _ = write!(note, "\n    query:\n{}", indent(q, "      "));
                        }
                        let _ = write!(note, "\n{}", indent(&failure.message, "    "));
                        notes.push(note);
                    } else {
                        let first: String = first.chars().take(160).collect();
                        notes.push(format!("  FAIL {name}: {}: {first}", failure.category));
                    }
                }
                Status::Skipped { reason, pending } => {
                    s += 1;
                    let counts = if *pending {
                        &mut pending_reasons
                    } else {
                        &mut outside
                    };
                    *counts.entry(reason.clone()).or_default() += 1;
                }
            }
        }
        println!("{}: {p} passed, {f} failed, {s} skipped", feature.path);
        for n in notes {
            println!("{n}");
        }
        passed += p;
        failed += f;
        skipped += s;
    }
    if !outside.is_empty() {
        println!("skipped, tagged @ignore upstream:");
        for (reason, n) in &outside {
            println!("  {reason}: {n}");
        }
    }
    if !pending_reasons.is_empty() {
        println!("skipped, pending in {PENDING_FILE}:");
        for (reason, n) in &pending_reasons {
            println!("  {reason}: {n}");
        }
    }
    if now_passing > 0 {
        println!(
            "now passing: {now_passing} scenario(s) listed in {PENDING_FILE} pass; remove them"
        );
    }
    if strict {
        println!("(strict mode: {PENDING_FILE} ignored)");
    }
    println!(
        "ran {} scenario(s) in {:.1} s on {threads} thread(s)",
        jobs.len(),
        elapsed.as_secs_f64()
    );
    println!("tck: {passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
