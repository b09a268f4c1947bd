//! Renderers of query results for people (table) and machines (CSV, JSON Lines). They see
//! values and the result's entity snapshot, never the graph.

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::graph::EntityLookup;
use crate::graph::{NodeRef, RelRef};
use crate::query::plan::PlanOperator;
use crate::result::QueryResult;
use crate::value::{display_key, escape_string, format_float, Value};

/// An output format as the `--format` option names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" | "jsonl" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// How much of an entity inside a path is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Every property.
    Full,
    /// Inside a path: a node's labels and name, a relationship's type and date, so that a
    /// chain of institutions reads as one (`:wide` shows everything).
    Brief,
}

/// Cypher-like text of a value: `(:Hospital {name: 'Kameda'})`, `[:FUNDED {amount: 5}]`.
pub fn display_value(value: &Value, lookup: &dyn EntityLookup) -> String {
    let mut out = String::new();
    write_value(&mut out, value, lookup, Detail::Full);
    out
}

/// The properties a brief entity shows, when it has them; otherwise it shows all.
const BRIEF_NODE_KEYS: &[&str] = &["name"];
const BRIEF_RELATIONSHIP_KEYS: &[&str] = &["date"];

/// `props` cut down to `keys` for a brief entity: a node without a name keeps them all,
/// since nothing else would tell it apart.
fn brief_properties(
    props: crate::value::Properties,
    keys: &[&str],
    keep_all_when_none: bool,
) -> crate::value::Properties {
    let kept: crate::value::Properties = props
        .iter()
        .filter(|(k, _)| keys.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if kept.is_empty() && keep_all_when_none {
        props
    } else {
        kept
    }
}

fn write_properties(out: &mut String, props: &crate::value::Properties, lookup: &dyn EntityLookup) {
    if props.is_empty() {
        return;
    }
    out.push_str(" {");
    // The name first: it is what a person looks for.
    let ordered = props
        .iter()
        .filter(|(k, _)| k.as_str() == "name")
        .chain(props.iter().filter(|(k, _)| k.as_str() != "name"));
    for (i, (k, v)) in ordered.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}: ", display_key(k));
        write_value(out, v, lookup, Detail::Full);
    }
    out.push('}');
}

fn write_node(out: &mut String, node: NodeRef<'_>, lookup: &dyn EntityLookup, detail: Detail) {
    out.push('(');
    for label in node.labels() {
        let _ = write!(out, ":{}", display_key(label));
    }
    let props = match detail {
        Detail::Full => node.properties(),
        Detail::Brief => brief_properties(node.properties(), BRIEF_NODE_KEYS, true),
    };
    let mut inner = String::new();
    write_properties(&mut inner, &props, lookup);
    if node.labels().len() == 0 {
        out.push_str(inner.trim_start());
    } else {
        out.push_str(&inner);
    }
    out.push(')');
}

fn write_relationship(
    out: &mut String,
    rel: RelRef<'_>,
    lookup: &dyn EntityLookup,
    detail: Detail,
) {
    let _ = write!(out, "[:{}", display_key(rel.rel_type()));
    let props = match detail {
        Detail::Full => rel.properties(),
        Detail::Brief => brief_properties(rel.properties(), BRIEF_RELATIONSHIP_KEYS, false),
    };
    write_properties(out, &props, lookup);
    out.push(']');
}

/// Writes `value`; `detail` applies to the entities inside paths.
fn write_value(out: &mut String, value: &Value, lookup: &dyn EntityLookup, detail: Detail) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => {
            let _ = write!(out, "'{}'", escape_string(s));
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, lookup, detail);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", display_key(k));
                write_value(out, v, lookup, detail);
            }
            out.push('}');
        }
        Value::Node(id) => match lookup.node(*id) {
            Some(node) => write_node(out, node, lookup, Detail::Full),
            None => {
                let _ = write!(out, "(deleted node {id})");
            }
        },
        Value::Relationship(id) => match lookup.relationship(*id) {
            Some(rel) => write_relationship(out, rel, lookup, Detail::Full),
            None => {
                let _ = write!(out, "[deleted relationship {id}]");
            }
        },
        Value::Path(path) => {
            for (i, node_id) in path.nodes.iter().enumerate() {
                if i > 0 {
                    let rel_id = path.relationships[i - 1];
                    let forward = lookup
                        .relationship(rel_id)
                        .is_none_or(|r| r.start() == path.nodes[i - 1]);
                    out.push_str(if forward { "-" } else { "<-" });
                    match lookup.relationship(rel_id) {
                        Some(rel) => write_relationship(out, rel, lookup, detail),
                        None => write_value(out, &Value::Relationship(rel_id), lookup, detail),
                    }
                    out.push_str(if forward { "->" } else { "-" });
                }
                match lookup.node(*node_id) {
                    Some(node) => write_node(out, node, lookup, detail),
                    None => write_value(out, &Value::Node(*node_id), lookup, detail),
                }
            }
        }
        // Temporal values in their ISO form, as Neo4j shows them.
        temporal => out.push_str(&temporal.temporal_text().unwrap_or_default()),
    }
}

/// The text of a cell: strings bare, everything else in Cypher notation (paths brief
/// unless `wide`).
fn cell_text(value: &Value, lookup: &dyn EntityLookup, wide: bool) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            let detail = if wide { Detail::Full } else { Detail::Brief };
            write_value(&mut out, other, lookup, detail);
            out
        }
    };
    // Newlines and tabs become visible escapes so that a cell's lines are the table's.
    text.replace('\n', "\\n")
        .replace('\t', " ")
        .replace('\r', "\\r")
}

/// Whether a path's next hop starts between `before` and `after`: at the `-[` or `<-[`
/// that follows a node.
fn starts_hop(before: char, after: char) -> bool {
    before == ')' && matches!(after, '-' | '<')
}

/// `text` cut before every character for which `cut_before(previous, next)` holds.
fn split_where(text: &str, cut_before: impl Fn(char, char) -> bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous = None;
    for (i, c) in text.char_indices() {
        if previous.is_some_and(|p| cut_before(p, c)) {
            pieces.push(&text[start..i]);
            start = i;
        }
        previous = Some(c);
    }
    pieces.push(&text[start..]);
    pieces
}

/// `text` in lines of at most `width` display columns. A path too long for one line puts
/// each hop on a line of its own; within that, lines break after spaces, and mid-word
/// only when a word is wider than the column.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    if text.width() <= width {
        return vec![text.to_owned()];
    }
    split_where(text, starts_hop)
        .into_iter()
        .flat_map(|hop| wrap_words(hop, width))
        .collect()
}

/// Greedy filling of lines with the words of `text` (each with its trailing space).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in split_where(text, |before, _| before == ' ') {
        let last = lines.last_mut().expect("lines starts with one line");
        if last.width() + word.trim_end().width() <= width {
            last.push_str(word);
            continue;
        }
        if !last.is_empty() {
            lines.push(String::new());
        }
        for c in word.chars() {
            let last = lines.last_mut().expect("lines is never empty");
            if !last.is_empty() && last.width() + c.width().unwrap_or(0) > width {
                lines.push(String::new());
            }
            lines.last_mut().expect("lines is never empty").push(c);
        }
    }
    lines.iter().map(|l| l.trim_end().to_owned()).collect()
}

fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.push_str(&" ".repeat(width.saturating_sub(text.width())));
    out
}

/// The narrowest a column is squeezed to when the table must fit a terminal.
const MIN_CELL_WIDTH: usize = 8;

/// Column widths no wider than their contents, narrowed (widest first) until the whole
/// table fits `max_width` display columns, when that is given and possible.
fn column_widths(natural: Vec<usize>, max_width: Option<usize>) -> Vec<usize> {
    let mut widths = natural;
    let Some(max_width) = max_width else {
        return widths;
    };
    // Every column costs its width plus a space each side and one border.
    let total = |w: &[usize]| w.iter().sum::<usize>() + 3 * w.len() + 1;
    while total(&widths) > max_width {
        let Some((widest, width)) = widths.iter().copied().enumerate().max_by_key(|(_, w)| *w)
        else {
            break;
        };
        if width <= MIN_CELL_WIDTH {
            break;
        }
        widths[widest] = width - 1;
    }
    widths
}

/// How a table is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableLayout {
    /// The terminal's width: columns wider than fits are narrowed and their cells wrapped
    /// over several lines. `None`: every row is one line.
    pub max_width: Option<usize>,
    /// Paths with every property, and no narrowing: everything, uncut, one row a line.
    pub wide: bool,
}

/// A boxed table with a header, for terminals. Nothing is ever cut: a cell too wide for
/// its column continues on the next lines.
pub fn table(result: &QueryResult, layout: TableLayout) -> String {
    if result.columns.is_empty() {
        return String::new();
    }
    let texts: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| cell_text(v, result, layout.wide))
                .collect()
        })
        .collect();
    let natural: Vec<usize> = (0..result.columns.len())
        .map(|i| {
            texts
                .iter()
                .filter_map(|row| row.get(i))
                .chain(std::iter::once(&result.columns[i]))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let max_width = if layout.wide { None } else { layout.max_width };
    let widths = column_widths(natural, max_width);
    let wrap_row = |row: &[String]| -> Vec<Vec<String>> {
        row.iter().zip(&widths).map(|(c, w)| wrap(c, *w)).collect()
    };
    let header = wrap_row(&result.columns);
    let rows: Vec<Vec<Vec<String>>> = texts.iter().map(|row| wrap_row(row)).collect();
    // Rows of several lines need a rule between them to be told apart.
    let separate_rows = rows.iter().any(|row| row.iter().any(|cell| cell.len() > 1));
    let rule = |left: &str, mid: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        format!("{left}{}{right}\n", parts.join(mid))
    };
    let lines = |row: &[Vec<String>]| -> String {
        let height = row.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|line| {
                let parts: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, w)| {
                        let text = cell.get(line).map_or("", String::as_str);
                        format!(" {} ", pad(text, *w))
                    })
                    .collect();
                format!("│{}│\n", parts.join("│"))
            })
            .collect()
    };
    let mut out = rule("┌", "┬", "┐");
    out.push_str(&lines(&header));
    out.push_str(&rule("├", "┼", "┤"));
    for (i, row) in rows.iter().enumerate() {
        if i > 0 && separate_rows {
            out.push_str(&rule("├", "┼", "┤"));
        }
        out.push_str(&lines(row));
    }
    out.push_str(&rule("└", "┴", "┘"));
    out
}

/// The JSON form of a value: entities as objects, NaN and infinities as strings.
pub fn json_value(value: &Value, lookup: &dyn EntityLookup) -> serde_json::Value {
    use serde_json::{json, Map, Value as J};
    let props = |p: &crate::value::Properties| -> J {
        J::Object(
            p.iter()
                .map(|(k, v)| (k.clone(), json_value(v, lookup)))
                .collect::<Map<_, _>>(),
        )
    };
    match value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or_else(|| J::String(format_float(*f)), J::Number)
        }
        Value::String(s) => J::String(s.clone()),
        Value::List(items) => J::Array(items.iter().map(|v| json_value(v, lookup)).collect()),
        Value::Map(map) => J::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), json_value(v, lookup)))
                .collect(),
        ),
        Value::Node(id) => match lookup.node(*id) {
            Some(n) => {
                json!({"id": id, "labels": n.labels().collect::<Vec<_>>(), "properties": props(&n.properties())})
            }
            None => json!({"id": id, "deleted": true}),
        },
        Value::Relationship(id) => match lookup.relationship(*id) {
            Some(r) => {
                json!({"id": id, "type": r.rel_type(), "start": r.start(), "end": r.end(), "properties": props(&r.properties())})
            }
            None => json!({"id": id, "deleted": true}),
        },
        Value::Path(p) => json!({
            "nodes": p.nodes.iter().map(|n| json_value(&Value::Node(*n), lookup)).collect::<Vec<_>>(),
            "relationships": p.relationships.iter().map(|r| json_value(&Value::Relationship(*r), lookup)).collect::<Vec<_>>(),
        }),
        temporal => J::String(temporal.temporal_text().unwrap_or_default()),
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// CSV: a header of column names, then one line per row; scalars plain, null empty,
/// everything else as JSON text.
pub fn write_csv(out: &mut dyn Write, result: &QueryResult) -> io::Result<()> {
    if result.columns.is_empty() {
        return Ok(());
    }
    let header: Vec<String> = result.columns.iter().map(|c| csv_field(c)).collect();
    writeln!(out, "{}", header.join(","))?;
    for row in &result.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::Bool(_) | Value::Int(_) | Value::Float(_) => display_value(v, result),
                Value::String(s) => csv_field(s),
                temporal if temporal.is_temporal() => {
                    csv_field(&temporal.temporal_text().unwrap_or_default())
                }
                other => csv_field(&json_value(other, result).to_string()),
            })
            .collect();
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

/// JSON Lines: one object per row, keyed by column name.
pub fn write_json(out: &mut dyn Write, result: &QueryResult) -> io::Result<()> {
    for row in &result.rows {
        let object: serde_json::Map<String, serde_json::Value> = result
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| (c.clone(), json_value(v, result)))
            .collect();
        writeln!(out, "{}", serde_json::Value::Object(object))?;
    }
    Ok(())
}

/// The width of the terminal on standard output, if it is one.
pub fn terminal_width() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills a plain struct we own; a failure leaves it zeroed.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

/// The footer under a table: rows, write statistics, elapsed time.
pub fn footer(result: &QueryResult, timing: bool) -> String {
    let mut parts = Vec::new();
    if !result.columns.is_empty() {
        let n = result.rows.len();
        parts.push(format!("{n} row{}", if n == 1 { "" } else { "s" }));
    }
    if let Some(stats) = result.stats.summary() {
        parts.push(stats);
    }
    if timing {
        parts.push(format!("{:.1} ms", result.elapsed.as_secs_f64() * 1000.0));
    }
    parts.join(", ")
}

/// A plan as a table: the operator tree in the first column (a child indented under its
/// parent), then details, the estimate and, under PROFILE, rows and time.
pub fn plan_table(plan: &PlanOperator, layout: TableLayout) -> String {
    let profiled = plan.lines().iter().any(|(_, op)| op.rows.is_some());
    let mut columns: Vec<String> = ["Operator", "Details", "Estimated rows"]
        .map(String::from)
        .to_vec();
    if profiled {
        columns.extend(["Rows", "Time (ms)"].map(String::from));
    }
    let rows = plan
        .lines()
        .into_iter()
        .map(|(depth, op)| {
            let mut row = vec![
                Value::String(format!("{}+{}", "| ".repeat(depth), op.name)),
                Value::String(op.details.clone()),
                Value::String(crate::query::plan::format_estimate(op.estimated_rows)),
            ];
            if profiled {
                let rows = op.rows.map_or(String::new(), |r| r.to_string());
                let mut time = op
                    .time
                    .map_or(String::new(), |t| format!("{:.3}", t.as_secs_f64() * 1e3));
                if let Some(threads) = op.threads {
                    time.push_str(&format!(" ({threads} threads)"));
                }
                row.extend([Value::String(rows), Value::String(time)]);
            }
            row
        })
        .collect();
    let described = QueryResult {
        columns,
        rows,
        ..QueryResult::default()
    };
    table(&described, layout)
}

/// A plan as JSON: each operator with its children.
pub fn plan_json(plan: &PlanOperator) -> serde_json::Value {
    let mut object = serde_json::json!({
        "operator": plan.name,
        "details": plan.details,
        "estimated_rows": plan.estimated_rows,
    });
    if let Some(rows) = plan.rows {
        object["rows"] = rows.into();
    }
    if let Some(time) = plan.time {
        object["time_ms"] = (time.as_secs_f64() * 1e3).into();
    }
    if let Some(threads) = plan.threads {
        object["threads"] = threads.into();
    }
    object["children"] = plan.children.iter().map(plan_json).collect();
    object
}

/// How results are shown: the format and, for tables, the layout and the timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    pub format: Format,
    pub timing: bool,
    pub wide: bool,
}

/// Writes a result as `presentation` says to `out`; for machine formats, warnings and the
/// footer (rows, write statistics, time) go to `err` so that `out` stays parseable.
pub fn write_result(
    out: &mut dyn Write,
    err: &mut dyn Write,
    result: &QueryResult,
    presentation: Presentation,
) -> io::Result<()> {
    let footer = footer(result, presentation.timing);
    match presentation.format {
        Format::Table => {
            let layout = TableLayout {
                max_width: terminal_width(),
                wide: presentation.wide,
            };
            out.write_all(table(result, layout).as_bytes())?;
            if let Some(plan) = &result.plan {
                out.write_all(plan_table(plan, layout).as_bytes())?;
            }
            if !footer.is_empty() {
                writeln!(out, "{footer}")?;
            }
            for warning in &result.warnings {
                writeln!(out, "warning: {warning}")?;
            }
        }
        Format::Csv | Format::Json => {
            if presentation.format == Format::Csv {
                write_csv(out, result)?;
                if let Some(plan) = &result.plan {
                    err.write_all(plan.render().as_bytes())?;
                }
            } else {
                write_json(out, result)?;
                if let Some(plan) = &result.plan {
                    writeln!(out, "{}", serde_json::json!({ "plan": plan_json(plan) }))?;
                }
            }
            for warning in &result.warnings {
                writeln!(err, "warning: {warning}")?;
            }
            if !footer.is_empty() {
                writeln!(err, "{footer}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_hops_and_display_width() {
        assert_eq!(wrap("abc", 5), vec!["abc"]);
        assert_eq!(wrap("亀田総合病院", 7), vec!["亀田総", "合病院"]);
        assert_eq!(wrap("one two three", 8), vec!["one two", "three"]);
        assert_eq!(
            wrap("(:A {name: 'x'})-[:T]->(:B)<-[:U]-(:C)", 20),
            vec!["(:A {name: 'x'})", "-[:T]->(:B)", "<-[:U]-(:C)"]
        );
        assert_eq!(
            wrap("(:A {name: 'xy'})-[:T]->(:B)", 12),
            vec!["(:A {name:", "'xy'})", "-[:T]->(:B)"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_tables_narrow_their_widest_columns() {
        assert_eq!(column_widths(vec![10, 50, 5], None), vec![10, 50, 5]);
        // 10 + 30 + 5 + 3 * 3 + 1 = 55 columns.
        assert_eq!(column_widths(vec![10, 50, 5], Some(55)), vec![10, 30, 5]);
        assert_eq!(column_widths(vec![40, 40], Some(47)), vec![20, 20]);
        // Never below the minimum, even when the terminal is too narrow.
        assert_eq!(column_widths(vec![20, 20], Some(10)), vec![8, 8]);
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
