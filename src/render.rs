//! Renderers of query results for people (table) and machines (CSV, JSON Lines). They see
//! values and the result's entity snapshot, never the graph.

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::graph::{NodeRef, RelRef};
use crate::query::EntityLookup;
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

/// The widest a table cell gets before it is cut with an ellipsis.
const MAX_CELL_WIDTH: usize = 60;

/// Cypher-like text of a value: `(:Hospital {name: 'Kameda'})`, `[:FUNDED {amount: 5}]`.
pub fn display_value(value: &Value, lookup: &dyn EntityLookup) -> String {
    let mut out = String::new();
    write_value(&mut out, value, lookup);
    out
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
        write_value(out, v, lookup);
    }
    out.push('}');
}

fn write_node(out: &mut String, node: NodeRef<'_>, lookup: &dyn EntityLookup) {
    out.push('(');
    for label in node.labels() {
        let _ = write!(out, ":{}", display_key(label));
    }
    let mut inner = String::new();
    write_properties(&mut inner, &node.properties(), lookup);
    if node.labels().len() == 0 {
        out.push_str(inner.trim_start());
    } else {
        out.push_str(&inner);
    }
    out.push(')');
}

fn write_relationship(out: &mut String, rel: RelRef<'_>, lookup: &dyn EntityLookup) {
    let _ = write!(out, "[:{}", display_key(rel.rel_type()));
    write_properties(out, &rel.properties(), lookup);
    out.push(']');
}

fn write_value(out: &mut String, value: &Value, lookup: &dyn EntityLookup) {
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
                write_value(out, item, lookup);
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
                write_value(out, v, lookup);
            }
            out.push('}');
        }
        Value::Node(id) => match lookup.node(*id) {
            Some(node) => write_node(out, node, lookup),
            None => {
                let _ = write!(out, "(deleted node {id})");
            }
        },
        Value::Relationship(id) => match lookup.relationship(*id) {
            Some(rel) => write_relationship(out, rel, lookup),
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
                    write_value(out, &Value::Relationship(rel_id), lookup);
                    out.push_str(if forward { "->" } else { "-" });
                }
                write_value(out, &Value::Node(*node_id), lookup);
            }
        }
    }
}

/// The text of a cell: strings bare, everything else in Cypher notation.
fn cell_text(value: &Value, lookup: &dyn EntityLookup) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => display_value(other, lookup),
    }
}

/// Cuts `text` to `max` display columns, ending with an ellipsis when cut; newlines and
/// tabs become visible escapes so that a row stays one line.
fn fit(text: &str, max: usize) -> String {
    let flat = text
        .replace('\n', "\\n")
        .replace('\t', " ")
        .replace('\r', "\\r");
    if flat.width() <= max {
        return flat;
    }
    let mut out = String::new();
    let mut width = 0;
    for c in flat.chars() {
        let w = c.width().unwrap_or(0);
        if width + w > max.saturating_sub(1) {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
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

/// A boxed table with a header, for terminals; `max_width` (the terminal's width) narrows
/// the widest columns so that rows do not wrap.
pub fn table(result: &QueryResult, max_width: Option<usize>) -> String {
    if result.columns.is_empty() {
        return String::new();
    }
    let texts: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|row| row.iter().map(|v| cell_text(v, result)).collect())
        .collect();
    let natural: Vec<usize> = (0..result.columns.len())
        .map(|i| {
            texts
                .iter()
                .filter_map(|row| row.get(i))
                .chain(std::iter::once(&result.columns[i]))
                .map(|c| fit(c, MAX_CELL_WIDTH).width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = column_widths(natural, max_width);
    let header: Vec<String> = result
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| fit(c, *w))
        .collect();
    let cells: Vec<Vec<String>> = texts
        .iter()
        .map(|row| row.iter().zip(&widths).map(|(c, w)| fit(c, *w)).collect())
        .collect();
    let rule = |left: &str, mid: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        format!("{left}{}{right}\n", parts.join(mid))
    };
    let line = |row: &[String]| {
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!(" {} ", pad(c, *w)))
            .collect();
        format!("│{}│\n", parts.join("│"))
    };
    let mut out = rule("┌", "┬", "┐");
    out.push_str(&line(&header));
    out.push_str(&rule("├", "┼", "┤"));
    for row in &cells {
        out.push_str(&line(row));
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
                Value::Bool(_) | Value::Int(_) | Value::Float(_) => cell_text(v, result),
                Value::String(s) => csv_field(s),
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

/// Writes a result in `format` to `out`; warnings and statistics go to `err` for machine
/// formats so that `out` stays parseable.
pub fn write_result(
    out: &mut dyn Write,
    err: &mut dyn Write,
    result: &QueryResult,
    format: Format,
    timing: bool,
) -> io::Result<()> {
    match format {
        Format::Table => {
            out.write_all(table(result, terminal_width()).as_bytes())?;
            let footer = footer(result, timing);
            if !footer.is_empty() {
                writeln!(out, "{footer}")?;
            }
            for warning in &result.warnings {
                writeln!(out, "warning: {warning}")?;
            }
        }
        Format::Csv | Format::Json => {
            if format == Format::Csv {
                write_csv(out, result)?;
            } else {
                write_json(out, result)?;
            }
            for warning in &result.warnings {
                writeln!(err, "warning: {warning}")?;
            }
            if let Some(stats) = result.stats.summary() {
                writeln!(err, "{stats}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("abc", 5), "abc");
        assert_eq!(fit("亀田総合病院", 7), "亀田総…");
        assert_eq!(fit("a\nb", 10), "a\\nb");
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
