//! The legend: one small table (a Graphviz HTML-like label on one node) naming the kinds,
//! relationship types and highlights present in the drawing, and nothing else.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{edge_style, kind_style, shorten, Drawing, KindStyle, KINDS, OTHER_KIND};

/// The outline of the nodes a query started from.
pub(super) const START_COLOR: &str = "#D1495B";

/// Text inside an HTML-like label: the five characters that mean something there become
/// entities (so `&lt;` typed in a name stays as typed), line breaks end the line.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<BR/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Words for the legend's relationship types.
fn type_caption(rel_type: &str) -> &str {
    match rel_type {
        "FUNDED" => "funded (amount, or what was given)",
        "EXCHANGED_WITH" => "exchanged with (date)",
        "PARTNERED_WITH" => "partnered with",
        "PART_OF" => "part of",
        other => other,
    }
}

/// A line drawn in text: its weight or dots, and an arrowhead for directed types.
fn line_sample(rel_type: &str) -> String {
    let style = edge_style(rel_type);
    let line = match style.style {
        Some("bold") => "━━━",
        // Box-drawing dots blur into a line at legend size.
        Some("dotted") => "· · ·",
        _ => "───",
    };
    let head = if style.undirected { "" } else { "▶" };
    format!("{line}{head}")
}

/// The kinds present, in the order of `KINDS`, and the labels of nodes of no known kind.
fn kinds_present(drawing: &Drawing) -> (Vec<&'static KindStyle>, BTreeSet<&str>) {
    let mut present: Vec<&KindStyle> = Vec::new();
    let mut other_labels: BTreeSet<&str> = BTreeSet::new();
    for node in drawing.nodes.values() {
        let kind = kind_style(node);
        if kind.kind == OTHER_KIND.kind {
            other_labels.insert(node.labels.first().map_or("no label", String::as_str));
        }
        if !present.iter().any(|k| k.kind == kind.kind) {
            present.push(kind);
        }
    }
    let order = |k: &KindStyle| KINDS.iter().position(|s| s.kind == k.kind);
    present.sort_by_key(|k| order(k).unwrap_or(KINDS.len()));
    (present, other_labels)
}

/// A cell drawn like a node of the kind: its fill, and dashed when the kind is.
fn kind_cell(kind: &KindStyle, other_labels: &BTreeSet<&str>) -> String {
    let caption = if kind.kind == OTHER_KIND.kind {
        let names: Vec<&str> = other_labels.iter().copied().collect();
        shorten(&names.join(", "), 40)
    } else {
        kind.kind.to_owned()
    };
    let dashed = if kind.style.contains("dashed") {
        " STYLE=\"dashed\""
    } else {
        ""
    };
    format!(
        "<TD BGCOLOR=\"{}\" BORDER=\"1\"{dashed}>{}</TD>",
        kind.fill,
        html_text(&caption)
    )
}

fn type_cell(rel_type: &str) -> String {
    format!(
        "<TD ALIGN=\"LEFT\"><FONT COLOR=\"{}\">{} {}</FONT></TD>",
        edge_style(rel_type).color,
        line_sample(rel_type),
        html_text(type_caption(rel_type))
    )
}

fn start_cell() -> String {
    format!("<TD BORDER=\"2\" COLOR=\"{START_COLOR}\">where the query starts</TD>")
}

/// The legend node: kinds in the first column, relationship types in the second.
pub(super) fn write_legend(out: &mut String, drawing: &Drawing) {
    let (kinds, other_labels) = kinds_present(drawing);
    let mut left: Vec<String> = kinds.iter().map(|k| kind_cell(k, &other_labels)).collect();
    if !drawing.starts.is_empty() {
        left.push(start_cell());
    }
    let types: BTreeSet<&str> = drawing
        .relationships
        .values()
        .map(|r| r.rel_type.as_str())
        .collect();
    let right: Vec<String> = types.into_iter().map(type_cell).collect();

    let mut rows = String::new();
    for row in 0..left.len().max(right.len()) {
        let cell = |column: &[String]| {
            column
                .get(row)
                .cloned()
                .unwrap_or_else(|| "<TD></TD>".to_owned())
        };
        let _ = write!(rows, "<TR>{}{}</TR>", cell(&left), cell(&right));
    }
    let _ = writeln!(
        out,
        "  legend [id=\"legend\", shape=plain, fontsize=9, tooltip=\"legend\", label=<<TABLE \
         BORDER=\"1\" COLOR=\"#B0B0A8\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\" \
         STYLE=\"rounded\">{rows}</TABLE>>];"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_is_escaped() {
        assert_eq!(
            html_text("<b> & \"x\"\nnext"),
            "&lt;b&gt; &amp; &quot;x&quot;<BR/>next"
        );
    }
}
