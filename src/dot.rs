//! DOT export: the whole graph or the subgraph a query returns, written as a Graphviz
//! diagram whose shapes, colours and line styles carry meaning, and rendered to SVG or PNG
//! by Graphviz's `dot` when asked.
//!
//! **Invariant:** the same drawing and options give byte-identical DOT text: nodes are
//! keyed by kizuna ids (`n12`) and written in id order, edges in id order, clusters in
//! country-code order, properties come from sorted maps. petgraph's `Dot` is not used
//! because its ids are unstable indices and it neither escapes attributes nor clusters.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::graph::{Direction, Graph};
use crate::provenance::{Catalogue, Citation, SOURCE_LABEL};
use crate::query::parser::split_statements;
use crate::shell::Session;
use crate::value::{Node, NodeId, RelId, Relationship, Value};
use crate::{Error, QueryResult};

/// The font asked of Graphviz: it has Latin, Cyrillic, Japanese and Chinese glyphs.
/// Where it is missing, fontconfig substitutes the closest installed family.
pub const DEFAULT_FONT: &str = "Noto Sans CJK JP";

/// Longest annotation value on an edge before it is shortened with `…`.
const MAX_ANNOTATION: usize = 40;
/// English names are wrapped at spaces to about this many characters per line.
const WRAP_AT: usize = 24;

/// Which relationship properties annotate edges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EdgeLabels {
    /// The date of exchanges only: enough to tell parallel exchanges apart without
    /// burying the diagram in text.
    #[default]
    Default,
    /// These property keys, in this order, on every edge that has them (empty: none).
    Keys(Vec<String>),
}

impl EdgeLabels {
    /// `date,topic` → those keys; `none` or an empty text → no annotations.
    pub fn parse(text: &str) -> EdgeLabels {
        let keys: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty() && *k != "none")
            .map(str::to_owned)
            .collect();
        EdgeLabels::Keys(keys)
    }
}

/// Graphviz layout engines worth choosing between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Layered, left to right: paths and chains of funding read as flows.
    Dot,
    /// Force-directed with clusters: countries become regions of a map.
    Fdp,
    /// Force-directed, no clusters.
    Neato,
    /// Force-directed for large graphs, no clusters.
    Sfdp,
    /// Circular.
    Circo,
    /// Radial around a centre.
    Twopi,
}

impl Layout {
    pub const NAMES: &'static [&'static str] = &["dot", "fdp", "neato", "sfdp", "circo", "twopi"];

    pub fn parse(name: &str) -> Option<Layout> {
        match name {
            "dot" => Some(Layout::Dot),
            "fdp" => Some(Layout::Fdp),
            "neato" => Some(Layout::Neato),
            "sfdp" => Some(Layout::Sfdp),
            "circo" => Some(Layout::Circo),
            "twopi" => Some(Layout::Twopi),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Fdp => "fdp",
            Layout::Neato => "neato",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
            Layout::Twopi => "twopi",
        }
    }
}

/// How the diagram is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotOptions {
    /// Group institutions in one box per `country` property.
    pub cluster_by_country: bool,
    /// The layout engine, written into the DOT text as `layout=…`. `None`: `fdp` when
    /// clustering by country (a map of countries reads better than layers of them),
    /// `dot` otherwise.
    pub layout: Option<Layout>,
    pub edge_labels: EdgeLabels,
    /// Font family for every text.
    pub font: String,
    /// Add a legend of the kinds and relationship types present.
    pub legend: bool,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            cluster_by_country: false,
            layout: None,
            edge_labels: EdgeLabels::Default,
            font: DEFAULT_FONT.to_owned(),
            legend: true,
        }
    }
}

/// What to draw: copies of nodes and relationships, in id order, and the source catalogue
/// their tooltips cite.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    pub nodes: BTreeMap<NodeId, Node>,
    pub relationships: BTreeMap<RelId, Relationship>,
    pub catalogue: Catalogue,
}

impl Drawing {
    /// Every node and relationship of the graph, except the source catalogue's nodes:
    /// they are not institutions, and every tooltip already cites them.
    pub fn whole(graph: &Graph) -> Drawing {
        let nodes = graph
            .node_ids()
            .into_iter()
            .filter_map(|id| graph.node(id))
            .filter(|n| !n.has_label(SOURCE_LABEL))
            .map(|n| (n.id(), n.to_node()))
            .collect();
        let relationships = graph
            .relationship_ids()
            .into_iter()
            .filter_map(|id| graph.relationship(id).map(|r| (id, r.to_relationship())))
            .collect();
        Drawing {
            nodes,
            relationships,
            catalogue: Catalogue::of(graph),
        }
    }

    /// Every node, relationship and path in the result's values (nested in lists and maps
    /// too), with the end nodes of every relationship. When the result holds nodes but no
    /// relationship, the relationships among those nodes are looked up in `graph`, so that
    /// `MATCH (n:Hospital) RETURN n` draws how the hospitals are connected.
    pub fn of_result(result: &QueryResult, graph: &Graph) -> Drawing {
        let mut node_ids = BTreeSet::new();
        let mut rel_ids = BTreeSet::new();
        for row in &result.rows {
            for value in row {
                collect_ids(value, &mut node_ids, &mut rel_ids);
            }
        }
        let mut drawing = Drawing {
            catalogue: Catalogue::of(graph),
            ..Drawing::default()
        };
        for id in &rel_ids {
            let found = result
                .relationships
                .get(id)
                .cloned()
                .or_else(|| graph.relationship(*id).map(|r| r.to_relationship()));
            if let Some(rel) = found {
                node_ids.insert(rel.start);
                node_ids.insert(rel.end);
                drawing.relationships.insert(*id, rel);
            }
        }
        if rel_ids.is_empty() {
            for &id in &node_ids {
                for (rel, other) in graph.relationships_at(id, Direction::Outgoing) {
                    if node_ids.contains(&other) {
                        drawing
                            .relationships
                            .insert(rel.id(), rel.to_relationship());
                    }
                }
            }
        }
        for id in node_ids {
            // A node deleted by the statement itself is drawn bare rather than leaving
            // its relationships dangling.
            let node = result
                .nodes
                .get(&id)
                .cloned()
                .or_else(|| graph.node(id).map(|n| n.to_node()))
                .unwrap_or_else(|| Node {
                    id,
                    labels: Vec::new(),
                    properties: Default::default(),
                });
            drawing.nodes.insert(id, node);
        }
        drawing
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.relationships.is_empty()
    }

    /// `3 institutions, 2 relationships`.
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}",
            plural(self.nodes.len(), "institution", "institutions"),
            plural(self.relationships.len(), "relationship", "relationships")
        )
    }
}

fn collect_ids(value: &Value, nodes: &mut BTreeSet<NodeId>, rels: &mut BTreeSet<RelId>) {
    match value {
        Value::Node(id) => {
            nodes.insert(*id);
        }
        Value::Relationship(id) => {
            rels.insert(*id);
        }
        Value::Path(path) => {
            nodes.extend(path.nodes.iter().copied());
            rels.extend(path.relationships.iter().copied());
        }
        Value::List(items) => {
            for item in items {
                collect_ids(item, nodes, rels);
            }
        }
        Value::Map(entries) => {
            for item in entries.values() {
                collect_ids(item, nodes, rels);
            }
        }
        _ => {}
    }
}

// ---- style -----------------------------------------------------------------------------

/// How one kind of institution looks.
struct KindStyle {
    kind: &'static str,
    shape: &'static str,
    fill: &'static str,
    style: &'static str,
}

/// Government bodies in warm colours, care and research in cool ones, money in yellow;
/// each kind also has its own outline so the diagram still reads in greyscale. Shapes
/// that grow with their label (houses, hexagons) are avoided: names are long.
const KINDS: &[KindStyle] = &[
    KindStyle {
        kind: "Ministry",
        shape: "box",
        fill: "#F4B6B6",
        style: "filled,bold",
    },
    KindStyle {
        kind: "Government",
        shape: "box",
        fill: "#F5C29A",
        style: "filled,bold,diagonals",
    },
    KindStyle {
        kind: "Agency",
        shape: "box",
        fill: "#FBE0C3",
        style: "filled,diagonals",
    },
    KindStyle {
        kind: "Embassy",
        shape: "cds",
        fill: "#EBC8DB",
        style: "filled",
    },
    KindStyle {
        kind: "Hospital",
        shape: "box",
        fill: "#BFD9F2",
        style: "filled,rounded",
    },
    KindStyle {
        kind: "University",
        shape: "tab",
        fill: "#CDE8C4",
        style: "filled",
    },
    KindStyle {
        kind: "ResearchCenter",
        shape: "component",
        fill: "#C5E3E6",
        style: "filled",
    },
    KindStyle {
        kind: "Foundation",
        shape: "ellipse",
        fill: "#FFE9A3",
        style: "filled",
    },
    KindStyle {
        kind: "Association",
        shape: "folder",
        fill: "#DCD3EE",
        style: "filled",
    },
    KindStyle {
        kind: "Company",
        shape: "box3d",
        fill: "#E2E2E2",
        style: "filled",
    },
    KindStyle {
        kind: "Program",
        shape: "note",
        fill: "#FFF6D5",
        style: "filled",
    },
    // A meeting rather than an institution: light and dashed, so it recedes behind them.
    KindStyle {
        kind: "Event",
        shape: "box",
        fill: "#F4F4F4",
        style: "filled,rounded,dashed",
    },
];

const OTHER_KIND: KindStyle = KindStyle {
    kind: "other",
    shape: "box",
    fill: "#FFFFFF",
    style: "filled,dashed",
};

fn kind_style(node: &Node) -> &'static KindStyle {
    node.labels
        .first()
        .and_then(|label| KINDS.iter().find(|k| k.kind == label))
        .unwrap_or(&OTHER_KIND)
}

/// How one relationship type looks: colour, line style, arrowheads.
struct EdgeStyle {
    color: &'static str,
    style: Option<&'static str>,
    undirected: bool,
    /// Labelled with the type name (the core types are told apart by style and legend).
    type_label: bool,
}

fn edge_style(rel_type: &str) -> EdgeStyle {
    match rel_type {
        "FUNDED" => EdgeStyle {
            color: "#B8860B",
            style: Some("bold"),
            undirected: false,
            type_label: false,
        },
        "EXCHANGED_WITH" => EdgeStyle {
            color: "#2F6EB5",
            style: None,
            undirected: true,
            type_label: false,
        },
        "PARTNERED_WITH" => EdgeStyle {
            color: "#3C8D3C",
            style: None,
            undirected: true,
            type_label: false,
        },
        "PART_OF" => EdgeStyle {
            color: "#777777",
            style: Some("dotted"),
            undirected: false,
            type_label: false,
        },
        _ => EdgeStyle {
            color: "#555555",
            style: None,
            undirected: false,
            type_label: true,
        },
    }
}

/// Words for the legend's edge samples.
fn type_caption(rel_type: &str) -> &str {
    match rel_type {
        "FUNDED" => "funded (amount)",
        "EXCHANGED_WITH" => "exchanged with (date)",
        "PARTNERED_WITH" => "partnered with",
        "PART_OF" => "part of",
        other => other,
    }
}

/// English names of the countries the data is likely to name (ISO 3166 alpha-2).
const COUNTRIES: &[(&str, &str)] = &[
    ("AE", "United Arab Emirates"),
    ("AF", "Afghanistan"),
    ("AM", "Armenia"),
    ("AR", "Argentina"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AZ", "Azerbaijan"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium"),
    ("BR", "Brazil"),
    ("BY", "Belarus"),
    ("CA", "Canada"),
    ("CH", "Switzerland"),
    ("CN", "China"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DK", "Denmark"),
    ("EG", "Egypt"),
    ("ES", "Spain"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("GE", "Georgia"),
    ("HK", "Hong Kong"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IN", "India"),
    ("IR", "Iran"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("KZ", "Kazakhstan"),
    ("LA", "Laos"),
    ("LK", "Sri Lanka"),
    ("MM", "Myanmar"),
    ("MN", "Mongolia"),
    ("MY", "Malaysia"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NZ", "New Zealand"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("QA", "Qatar"),
    ("RU", "Russia"),
    ("SA", "Saudi Arabia"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan"),
    ("TM", "Turkmenistan"),
    ("TR", "Türkiye"),
    ("TW", "Taiwan"),
    ("UA", "Ukraine"),
    ("US", "United States"),
    ("UZ", "Uzbekistan"),
    ("VN", "Vietnam"),
    ("ZA", "South Africa"),
];

/// The English name of an ISO 3166 alpha-2 code; an unknown code is shown as itself.
pub fn country_name(code: &str) -> &str {
    COUNTRIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map_or(code, |(_, name)| name)
}

// ---- text ------------------------------------------------------------------------------

/// A DOT quoted string. Quotes and backslashes are escaped (a backslash would otherwise
/// start a Graphviz escape such as `\N`), newlines become `\n`, other control characters
/// spaces, and `&` becomes `&amp;` because Graphviz decodes entities in labels. `<>{}|`
/// need nothing: they only mean something in HTML and record labels, never emitted here.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A property value as people read it on a diagram.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::List(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Wraps at spaces to lines of about `width` characters (a longer word keeps its line).
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// `1234567` → `1,234,567`; fractions keep two decimals.
pub fn thousands(value: &Value) -> Option<String> {
    let group = |digits: &str| {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    match value {
        Value::Int(i) => {
            let sign = if *i < 0 { "-" } else { "" };
            Some(format!("{sign}{}", group(&i.unsigned_abs().to_string())))
        }
        Value::Float(x) if x.is_finite() => {
            let sign = if *x < 0.0 { "-" } else { "" };
            let text = format!("{:.2}", x.abs());
            let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
            if fraction == "00" {
                Some(format!("{sign}{}", group(whole)))
            } else {
                Some(format!("{sign}{}.{fraction}", group(whole)))
            }
        }
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

const NATIVE_NAME_KEYS: &[&str] = &["name_ja", "name_zh", "name_ru", "name_kk"];

/// English name (wrapped) on the first line(s), the native name under it; nodes without
/// any name show their kind and id.
fn node_label(node: &Node) -> String {
    let name = node.properties.get("name").map(plain);
    let native = NATIVE_NAME_KEYS
        .iter()
        .find_map(|k| node.properties.get(k))
        .map(plain)
        .filter(|n| Some(n) != name.as_ref());
    match (name, native) {
        (Some(name), Some(native)) => format!("{}\n{native}", wrap(&name, WRAP_AT)),
        (Some(name), None) => wrap(&name, WRAP_AT),
        (None, Some(native)) => native,
        (None, None) => {
            let kind = node.labels.first().map_or("node", String::as_str);
            format!("{kind} #{}", node.id)
        }
    }
}

fn edge_label(rel: &Relationship, style: &EdgeStyle, labels: &EdgeLabels) -> String {
    let mut lines = Vec::new();
    if rel.rel_type == "FUNDED" {
        let amount = rel.properties.get("amount").and_then(thousands);
        let currency = rel.properties.get("currency").map(plain);
        match (amount, currency) {
            (Some(amount), Some(currency)) => lines.push(format!("{amount} {currency}")),
            (Some(amount), None) => lines.push(amount),
            _ => lines.push("FUNDED".to_owned()),
        }
    } else if style.type_label {
        lines.push(rel.rel_type.clone());
    }
    let keys: Vec<&str> = match labels {
        EdgeLabels::Default if rel.rel_type == "EXCHANGED_WITH" => vec!["date"],
        EdgeLabels::Default => Vec::new(),
        EdgeLabels::Keys(keys) => keys.iter().map(String::as_str).collect(),
    };
    for key in keys {
        if let Some(value) = rel.properties.get(key).filter(|v| !v.is_null()) {
            lines.push(shorten(&plain(value), MAX_ANNOTATION));
        }
    }
    lines.join("\n")
}

// ---- writer ----------------------------------------------------------------------------

/// The DOT text of a drawing.
pub fn to_dot(drawing: &Drawing, options: &DotOptions) -> String {
    let font = quote(&options.font);
    let layout = options.layout.unwrap_or(if options.cluster_by_country {
        Layout::Fdp
    } else {
        Layout::Dot
    });
    let mut out = String::new();
    let _ = writeln!(out, "digraph kizuna {{");
    // rankdir, nodesep and ranksep steer `dot`; overlap and sep the force-directed
    // engines; each engine ignores the others' attributes.
    let _ = writeln!(
        out,
        "  graph [layout={}, charset=\"UTF-8\", rankdir=LR, newrank=true, nodesep=0.3, \
         ranksep=0.7, overlap=false, splines=true, sep=\"+10\", pad=0.3, \
         fontname={font}, fontsize=14];",
        layout.name()
    );
    let _ = writeln!(
        out,
        "  node [fontname={font}, fontsize=11, margin=\"0.12,0.06\", penwidth=0.8];"
    );
    let _ = writeln!(
        out,
        "  edge [fontname={font}, fontsize=9, penwidth=1.2, arrowsize=0.7];"
    );

    if options.cluster_by_country {
        let mut by_country: BTreeMap<String, Vec<&Node>> = BTreeMap::new();
        let mut loose = Vec::new();
        for node in drawing.nodes.values() {
            match node.properties.get("country").map(plain) {
                Some(code) if !code.trim().is_empty() => by_country
                    .entry(code.trim().to_uppercase())
                    .or_default()
                    .push(node),
                _ => loose.push(node),
            }
        }
        for (code, nodes) in &by_country {
            let _ = writeln!(out, "  subgraph {} {{", quote(&format!("cluster_{code}")));
            let _ = writeln!(
                out,
                "    graph [label={}, style=\"rounded,filled\", fillcolor=\"#F7F7F4\", \
                 color=\"#B0B0A8\", fontsize=16, labeljust=l];",
                quote(country_name(code))
            );
            for node in nodes {
                write_node(&mut out, "    ", node, &drawing.catalogue);
            }
            let _ = writeln!(out, "  }}");
        }
        for node in loose {
            write_node(&mut out, "  ", node, &drawing.catalogue);
        }
    } else {
        for node in drawing.nodes.values() {
            write_node(&mut out, "  ", node, &drawing.catalogue);
        }
    }

    for rel in drawing.relationships.values() {
        let style = edge_style(&rel.rel_type);
        let mut attrs = vec![
            format!("id={}", quote(&format!("r{}", rel.id))),
            format!("color={}", quote(style.color)),
        ];
        let label = edge_label(rel, &style, &options.edge_labels);
        if !label.is_empty() {
            attrs.push(format!("label={}", quote(&label)));
            attrs.push(format!("fontcolor={}", quote(style.color)));
            if style.type_label {
                // Type names repeat on many edges: smaller, so names stay the focus.
                attrs.push("fontsize=8".to_owned());
            }
        }
        if let Some(line) = style.style {
            attrs.push(format!("style={line}"));
        }
        if style.undirected {
            attrs.push("dir=none".to_owned());
        }
        attrs.push(format!(
            "tooltip={}",
            quote(&edge_tooltip(rel, &drawing.catalogue))
        ));
        let _ = writeln!(
            out,
            "  n{} -> n{} [{}];",
            rel.start,
            rel.end,
            attrs.join(", ")
        );
    }

    if options.legend && !drawing.nodes.is_empty() {
        write_legend(&mut out, drawing);
    }
    out.push_str("}\n");
    out
}

/// The sources a fact cites, one per line (`title, publisher, date`), then the quote.
fn citation_lines(citations: &[Citation]) -> String {
    let mut lines = Vec::new();
    for citation in citations {
        lines.push(format!("source: {}", citation.heading()));
    }
    if let Some(quote) = citations.iter().find_map(|c| c.evidence.as_ref()) {
        lines.push(format!("「{quote}」"));
    }
    lines.join("\n")
}

/// What hovering over a node shows: its kind and id, then its sources.
fn node_tooltip(node: &Node, catalogue: &Catalogue) -> String {
    let what = match node.labels.first() {
        Some(label) => format!("{label} #{}", node.id),
        None => format!("#{}", node.id),
    };
    let cited = citation_lines(&catalogue.cite(&node.properties));
    if cited.is_empty() {
        what
    } else {
        format!("{what}\n{cited}")
    }
}

/// What hovering over an edge shows: its type and id, then its sources and quote.
fn edge_tooltip(rel: &Relationship, catalogue: &Catalogue) -> String {
    let what = format!("{} #{}", rel.rel_type, rel.id);
    let cited = citation_lines(&catalogue.cite(&rel.properties));
    if cited.is_empty() {
        what
    } else {
        format!("{what}\n{cited}")
    }
}

fn write_node(out: &mut String, indent: &str, node: &Node, catalogue: &Catalogue) {
    let kind = kind_style(node);
    let tooltip = node_tooltip(node, catalogue);
    let _ = writeln!(
        out,
        "{indent}n{} [id={}, label={}, tooltip={}, shape={}, style={}, fillcolor={}];",
        node.id,
        quote(&format!("n{}", node.id)),
        quote(&node_label(node)),
        quote(&tooltip),
        kind.shape,
        quote(kind.style),
        quote(kind.fill),
    );
}

/// A box with a sample of every kind and relationship type present.
fn write_legend(out: &mut String, drawing: &Drawing) {
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
    let types: BTreeSet<&str> = drawing
        .relationships
        .values()
        .map(|r| r.rel_type.as_str())
        .collect();

    let _ = writeln!(out, "  subgraph cluster_legend {{");
    let _ = writeln!(
        out,
        "    graph [label=\"Legend\", style=\"rounded\", color=\"#B0B0A8\", fontsize=12, \
         labeljust=l];"
    );
    let _ = writeln!(out, "    node [fontsize=10, width=0, height=0];");
    // `dot` stacks unconnected samples in one column by itself (they share a rank); the
    // force-directed engines would scatter them, so each sample is also pinned (`pos`
    // with `!`, in inches), which `dot` ignores. The spacing clears `sep`, or Graphviz
    // would fall back to straight edges for the whole diagram.
    let mut y = 0.0;
    for kind in &present {
        let caption = if kind.kind == OTHER_KIND.kind {
            let names: Vec<&str> = other_labels.iter().copied().collect();
            format!("other: {}", shorten(&names.join(", "), MAX_ANNOTATION))
        } else {
            kind.kind.to_owned()
        };
        let _ = writeln!(
            out,
            "    {} [label={}, shape={}, style={}, fillcolor={}, pos=\"0,{y:.2}!\"];",
            quote(&format!("legend_{}", kind.kind)),
            quote(&caption),
            kind.shape,
            quote(kind.style),
            quote(kind.fill),
        );
        y -= 0.7;
    }
    // An edge sample runs from its caption to a point, so the caption stays next to
    // its line however the engine places things. A second column keeps the box short.
    let mut y = 0.0;
    for rel_type in types {
        let style = edge_style(rel_type);
        let caption = format!("legend_{rel_type}_caption");
        let end = format!("legend_{rel_type}_end");
        let _ = writeln!(
            out,
            "    {} [label={}, shape=plaintext, fontcolor={}, pos=\"2.6,{y:.2}!\"];",
            quote(&caption),
            quote(type_caption(rel_type)),
            quote(style.color)
        );
        let _ = writeln!(
            out,
            "    {} [label=\"\", shape=point, width=0.05, color={}, pos=\"4.2,{y:.2}!\"];",
            quote(&end),
            quote(style.color)
        );
        let mut attrs = vec![
            "len=1.2".to_owned(),
            format!("color={}", quote(style.color)),
        ];
        if let Some(line) = style.style {
            attrs.push(format!("style={line}"));
        }
        if style.undirected {
            attrs.push("dir=none".to_owned());
        }
        let _ = writeln!(
            out,
            "    {} -> {} [{}];",
            quote(&caption),
            quote(&end),
            attrs.join(", ")
        );
        y -= 0.6;
    }
    let _ = writeln!(out, "  }}");
}

// ---- commands ----------------------------------------------------------------------------

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum DotError {
    /// The query failed; the message shows where, with a caret.
    #[error("{0}")]
    Query(String),
    #[error("{0}")]
    Input(String),
    #[error("cannot write {path}: {source}")]
    Output {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// The drawing of the whole graph (no statement) or of what `statement` returns;
/// `origin` names the file the statement came from, for error messages.
pub fn drawing_for(
    session: &mut Session,
    statement: Option<&str>,
    origin: Option<&str>,
) -> Result<Drawing, DotError> {
    let Some(text) = statement else {
        return Ok(Drawing::whole(session.db.graph()));
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
    match session.execute(statement.text) {
        Ok(result) => Ok(Drawing::of_result(&result, session.db.graph())),
        Err(Error::Query(q)) => Err(DotError::Query(
            q.relocate(text, statement.offset).render(text, origin),
        )),
        Err(other) => Err(DotError::Query(match origin {
            Some(file) => format!("{file}: {other}"),
            None => other.to_string(),
        })),
    }
}

/// Writes DOT text to `path`, or renders it there when `image` is given. Returns
/// Graphviz's warnings, if any.
pub fn write_to(dot: &str, path: &Path, image: Option<ImageFormat>) -> Result<String, DotError> {
    match image {
        Some(format) => Ok(render(dot, format, path)?),
        None => std::fs::write(path, dot)
            .map(|()| String::new())
            .map_err(|source| DotError::Output {
                path: path.display().to_string(),
                source,
            }),
    }
}

// ---- rendering ---------------------------------------------------------------------------

/// Image formats Graphviz renders for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    pub fn parse(name: &str) -> Option<ImageFormat> {
        match name.to_ascii_lowercase().as_str() {
            "svg" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            _ => None,
        }
    }

    /// The format a file name asks for by its extension (`.svg`, `.png`).
    pub fn from_path(path: &Path) -> Option<ImageFormat> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(ImageFormat::parse)
    }

    fn flag(self) -> &'static str {
        match self {
            ImageFormat::Svg => "-Tsvg",
            ImageFormat::Png => "-Tpng",
        }
    }
}

/// Why Graphviz could not render.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "rendering needs Graphviz's `dot` program, which is not installed: install it with \
         `apt-get install graphviz` (Debian, Ubuntu) or `brew install graphviz` (macOS)"
    )]
    NotInstalled,
    #[error("Graphviz's `dot` could not be run: {0}")]
    Io(std::io::Error),
    #[error("Graphviz's `dot` failed: {0}")]
    Failed(String),
}

/// Runs `dot -Tsvg|-Tpng -o OUT` over `dot` text; returns its warnings (usually none).
pub fn render(dot: &str, format: ImageFormat, out: &Path) -> Result<String, RenderError> {
    let mut child = Command::new("dot")
        .arg(format.flag())
        .arg("-o")
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RenderError::NotInstalled,
            _ => RenderError::Io(e),
        })?;
    // Fed from a thread: Graphviz may fill its stderr pipe before it has read all input.
    let feeder = child.stdin.take().map(|mut stdin| {
        let text = dot.as_bytes().to_vec();
        std::thread::spawn(move || stdin.write_all(&text))
    });
    let output = child.wait_with_output().map_err(RenderError::Io)?;
    if let Some(feeder) = feeder {
        // A write error only means dot stopped reading; its status says why.
        let _ = feeder.join();
    }
    let messages = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if !output.status.success() {
        return Err(RenderError::Failed(if messages.is_empty() {
            output.status.to_string()
        } else {
            messages
        }));
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: NodeId, label: &str, props: &[(&str, Value)]) -> Node {
        Node {
            id,
            labels: vec![label.to_owned()],
            properties: props
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }

    #[test]
    fn quoting_survives_hostile_text() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(quote("<{|}> & \t"), "\"<{|}> &amp;  \"");
        assert_eq!(quote("亀田 Қазақ 🏥"), "\"亀田 Қазақ 🏥\"");
    }

    #[test]
    fn amounts_get_thousands_separators() {
        assert_eq!(
            thousands(&Value::Int(1_234_567)).as_deref(),
            Some("1,234,567")
        );
        assert_eq!(thousands(&Value::Int(-1000)).as_deref(), Some("-1,000"));
        assert_eq!(thousands(&Value::Int(999)).as_deref(), Some("999"));
        assert_eq!(
            thousands(&Value::Float(2500000.0)).as_deref(),
            Some("2,500,000")
        );
        assert_eq!(
            thousands(&Value::Float(1234.5)).as_deref(),
            Some("1,234.50")
        );
        assert_eq!(thousands(&Value::Float(f64::NAN)), None);
        assert_eq!(
            thousands(&Value::Int(i64::MIN)).as_deref(),
            Some("-9,223,372,036,854,775,808")
        );
    }

    #[test]
    fn labels_put_the_native_name_second() {
        let n = node(
            1,
            "Hospital",
            &[
                ("name", "Kameda Medical Center".into()),
                ("name_ja", "亀田総合病院".into()),
                ("name_ru", "Больница".into()),
            ],
        );
        assert_eq!(node_label(&n), "Kameda Medical Center\n亀田総合病院");
        let bare = node(7, "Thing", &[]);
        assert_eq!(node_label(&bare), "Thing #7");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("Ministry of Health, Labour and Welfare", 24),
            "Ministry of Health,\nLabour and Welfare"
        );
        assert_eq!(wrap("Supercalifragilistic", 5), "Supercalifragilistic");
    }

    #[test]
    fn unknown_countries_show_their_code() {
        assert_eq!(country_name("jp"), "Japan");
        assert_eq!(country_name("XX"), "XX");
    }

    #[test]
    fn edge_labels_follow_the_options() {
        let rel = Relationship {
            id: 3,
            rel_type: "EXCHANGED_WITH".into(),
            start: 1,
            end: 2,
            properties: [
                ("date".to_owned(), Value::from("2020-06")),
                ("topic".to_owned(), Value::from("telemedicine")),
            ]
            .into_iter()
            .collect(),
        };
        let style = edge_style(&rel.rel_type);
        assert_eq!(edge_label(&rel, &style, &EdgeLabels::Default), "2020-06");
        assert_eq!(
            edge_label(&rel, &style, &EdgeLabels::parse("topic,date")),
            "telemedicine\n2020-06"
        );
        assert_eq!(edge_label(&rel, &style, &EdgeLabels::parse("none")), "");
    }
}
