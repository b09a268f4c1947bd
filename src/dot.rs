//! DOT export: the whole graph or the subgraph a query returns, written as a Graphviz
//! diagram whose shapes, colours and line styles carry meaning, and rendered to SVG or PNG
//! by Graphviz's `dot` when asked.
//!
//! **Invariant:** the same drawing and options give byte-identical DOT text: nodes are
//! keyed by kizuna ids (`n12`) and written in id order, edges in the order of their first
//! relationship's id, clusters in country-code order, properties come from sorted maps. petgraph's `Dot` is not used
//! because its ids are unstable indices and it neither escapes attributes nor clusters.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::graph::{Direction, Graph};
use crate::provenance::{Catalogue, Citation, SOURCE_LABEL};
use crate::value::{Node, NodeId, RelId, Relationship, Value};
use crate::QueryResult;

mod edges;
mod legend;

/// The font asked of Graphviz: it has Latin, Cyrillic, Japanese and Chinese glyphs.
/// Where it is missing, fontconfig substitutes the closest installed family.
pub const DEFAULT_FONT: &str = "Noto Sans CJK JP";

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
    /// The layout engine, written into the DOT text as `layout=…`. `None`: `dot`, the one
    /// engine that lays edge labels out with the graph, so that each gets room of its own
    /// beside its edge (and the same image every time). `fdp` draws clustered countries as
    /// a map, but packs them so tightly that labels between them often find no room.
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

impl DotOptions {
    /// The `dot` subcommand's options as the shell's `:dot` takes them, before its query:
    /// `--cluster-by country --edge-labels date,topic MATCH …` gives those options and the
    /// rest of the text. A value with spaces is quoted (`--font 'Noto Serif CJK JP'`).
    pub fn parse_leading(text: &str) -> Result<(DotOptions, &str), String> {
        let mut options = DotOptions::default();
        let mut rest = text.trim_start();
        while let Some(after) = rest.strip_prefix("--") {
            let (name, after) = after.split_once(char::is_whitespace).unwrap_or((after, ""));
            if name == "no-legend" {
                options.legend = false;
                rest = after.trim_start();
                continue;
            }
            if !["cluster-by", "layout", "edge-labels", "font"].contains(&name) {
                return Err(format!(
                    "unknown option --{name}; the options are --cluster-by country, \
                     --layout ENGINE, --edge-labels KEYS, --font FAMILY and --no-legend"
                ));
            }
            let (value, after) =
                option_value(after).ok_or_else(|| format!("--{name} needs a value"))?;
            match name {
                "cluster-by" if value == "country" => options.cluster_by_country = true,
                "cluster-by" => return Err(format!("--cluster-by takes country, not {value}")),
                "layout" => {
                    options.layout = Some(Layout::parse(&value).ok_or_else(|| {
                        format!(
                            "--layout takes one of {}, not {value}",
                            Layout::NAMES.join(", ")
                        )
                    })?)
                }
                "edge-labels" => options.edge_labels = EdgeLabels::parse(&value),
                // `font`, the one name left.
                _ => options.font = value,
            }
            rest = after.trim_start();
        }
        Ok((options, rest))
    }
}

/// The first word of `text`, or the text between a leading pair of quotes; then the rest.
fn option_value(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if let Some(quote) = text.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let inner = &text[1..];
        let end = inner.find(quote)?;
        return Some((inner[..end].to_owned(), &inner[end + 1..]));
    }
    let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    (!word.is_empty()).then(|| (word.to_owned(), rest))
}

/// What to draw: copies of nodes and relationships, in id order, and the source catalogue
/// their tooltips cite.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    pub nodes: BTreeMap<NodeId, Node>,
    pub relationships: BTreeMap<RelId, Relationship>,
    pub catalogue: Catalogue,
    /// The drawn nodes the query started from, outlined (see `Session::drawing`); empty for
    /// the whole graph, and when every drawn node would be one.
    pub starts: BTreeSet<NodeId>,
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
            starts: BTreeSet::new(),
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
}

fn edge_style(rel_type: &str) -> EdgeStyle {
    match rel_type {
        "FUNDED" => EdgeStyle {
            color: "#B8860B",
            style: Some("bold"),
            undirected: false,
        },
        "EXCHANGED_WITH" => EdgeStyle {
            color: "#2F6EB5",
            style: None,
            undirected: true,
        },
        "PARTNERED_WITH" => EdgeStyle {
            color: "#3C8D3C",
            style: None,
            undirected: true,
        },
        "PART_OF" => EdgeStyle {
            color: "#777777",
            style: Some("dotted"),
            undirected: false,
        },
        _ => EdgeStyle {
            color: "#555555",
            style: None,
            undirected: false,
        },
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
/// need nothing: they only mean something in HTML and record labels, and the one HTML-like
/// label (the legend) is escaped as HTML instead.
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
        other => other.temporal_text().unwrap_or_else(|| other.to_string()),
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
        other => other.temporal_text(),
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

// ---- writer ----------------------------------------------------------------------------

/// The DOT text of a drawing.
pub fn to_dot(drawing: &Drawing, options: &DotOptions) -> String {
    let layout = options.layout.unwrap_or(Layout::Dot);
    let mut out = String::new();
    let _ = writeln!(out, "digraph kizuna {{");
    let edges = edges::merge_parallel(drawing.relationships.values());
    let labelled = edges
        .iter()
        .filter(|e| !e.label(&options.edge_labels).is_empty())
        .count();
    write_defaults(
        &mut out,
        layout,
        &quote(&options.font),
        spring_length(labelled, edges.len()),
    );
    if options.cluster_by_country {
        write_countries(&mut out, drawing);
    } else {
        for node in drawing.nodes.values() {
            write_node(&mut out, "  ", node, drawing);
        }
    }
    write_edges(&mut out, &edges, drawing, &options.edge_labels, layout);
    if options.legend && !drawing.nodes.is_empty() {
        legend::write_legend(&mut out, drawing);
    }
    out.push_str("}\n");
    out
}

/// The ideal edge length of the force-directed engines (`K`, in inches): fdp's own 0.3
/// when no edge is labelled, growing to 0.8 as the share of labelled edges does, so that
/// external labels find room beside their edges instead of being left out.
fn spring_length(labelled: usize, edges: usize) -> String {
    let share = if edges == 0 {
        0.0
    } else {
        labelled as f64 / edges as f64
    };
    format!("{:.2}", 0.3 + 0.5 * share)
}

fn write_defaults(out: &mut String, layout: Layout, font: &str, spring_length: String) {
    // rankdir, nodesep and ranksep steer `dot`; overlap, sep and K the force-directed
    // engines; each engine ignores the others' attributes. `forcelabels=false` lets the
    // force-directed engines leave out an edge's label where it would cover a name or
    // another label: the edge's tooltip still says it all.
    let _ = writeln!(
        out,
        "  graph [layout={}, charset=\"UTF-8\", rankdir=LR, newrank=true, nodesep=0.3, \
         ranksep=0.7, overlap=false, splines=true, sep=\"+10\", K={spring_length}, \
         forcelabels=false, pad=0.3, fontname={font}, fontsize=14];",
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
}

/// One cluster per country code, titled with the country's name; nodes without a
/// country outside any.
fn write_countries(out: &mut String, drawing: &Drawing) {
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
            write_node(out, "    ", node, drawing);
        }
        let _ = writeln!(out, "  }}");
    }
    for node in loose {
        write_node(out, "  ", node, drawing);
    }
}

/// One edge per group of parallel relationships. `dot` lays labels out with the graph, so
/// they get room of their own; the force-directed engines place nodes first, so there
/// labels are external (`xlabel`) and placed afterwards where they cover nothing.
fn write_edges(
    out: &mut String,
    edges: &[edges::Edge<'_>],
    drawing: &Drawing,
    labels: &EdgeLabels,
    layout: Layout,
) {
    let label_attr = if layout == Layout::Dot {
        "label"
    } else {
        "xlabel"
    };
    for edge in edges {
        let first = edge.first();
        let style = edge_style(&first.rel_type);
        let mut attrs = vec![
            format!("id={}", quote(&edge.svg_id())),
            format!("color={}", quote(style.color)),
        ];
        let label = edge.label(labels);
        if !label.is_empty() {
            attrs.push(format!("{label_attr}={}", quote(&label)));
            attrs.push(format!("fontcolor={}", quote(style.color)));
            if label == first.rel_type {
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
        if edge.rels.len() > 1 {
            attrs.push(format!("penwidth={}", merged_penwidth(edge.rels.len())));
        }
        attrs.push(format!(
            "tooltip={}",
            quote(&edge.tooltip(labels, &drawing.catalogue))
        ));
        let _ = writeln!(
            out,
            "  n{} -> n{} [{}];",
            first.start,
            first.end,
            attrs.join(", ")
        );
    }
}

/// A merged edge is drawn heavier the more relationships it stands for, within reason.
fn merged_penwidth(count: usize) -> String {
    format!("{:.1}", (1.2 + 0.4 * (count as f64 - 1.0)).min(3.2))
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

/// A node in its kind's shape and colours; a node the query started from also gets a
/// heavy outline of the start colour and says so in its tooltip.
fn write_node(out: &mut String, indent: &str, node: &Node, drawing: &Drawing) {
    let kind = kind_style(node);
    let mut tooltip = node_tooltip(node, &drawing.catalogue);
    let mut outline = String::new();
    if drawing.starts.contains(&node.id) {
        tooltip = format!("where the query starts\n{tooltip}");
        outline = format!(", color={}, penwidth=3", quote(legend::START_COLOR));
    }
    let _ = writeln!(
        out,
        "{indent}n{} [id={}, label={}, tooltip={}, shape={}, style={}, fillcolor={}{outline}];",
        node.id,
        quote(&format!("n{}", node.id)),
        quote(&node_label(node)),
        quote(&tooltip),
        kind.shape,
        quote(kind.style),
        quote(kind.fill),
    );
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
    Ok(messages
        .lines()
        .map(explain_warning)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Graphviz's warnings in kizuna's words where kizuna caused them: the count of external
/// labels placed (`forcelabels=false`) becomes how many were left out and where to find them.
fn explain_warning(line: &str) -> String {
    let counts = line
        .strip_prefix("Warning: ")
        .and_then(|rest| rest.strip_suffix(" exterior labels positioned."))
        .and_then(|rest| rest.split_once(" out of "))
        .and_then(|(placed, all)| {
            Some((placed.parse::<usize>().ok()?, all.parse::<usize>().ok()?))
        });
    match counts {
        Some((placed, all)) => format!(
            "{} of {all} edge labels found no room beside their edges and were left out \
             (in an SVG, an edge's tooltip still shows its label; `--layout dot` gives \
             every label room)",
            all.saturating_sub(placed)
        ),
        None => line.to_owned(),
    }
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
    fn the_shell_takes_the_subcommand_options_before_its_query() {
        let (options, query) = DotOptions::parse_leading(
            "--cluster-by country --no-legend --layout fdp --edge-labels date,topic \
             --font 'Noto Serif CJK JP' MATCH (n) RETURN n",
        )
        .unwrap();
        assert_eq!(
            options,
            DotOptions {
                cluster_by_country: true,
                layout: Some(Layout::Fdp),
                edge_labels: EdgeLabels::parse("date,topic"),
                font: "Noto Serif CJK JP".to_owned(),
                legend: false,
            }
        );
        assert_eq!(query, "MATCH (n) RETURN n");
        assert_eq!(
            DotOptions::parse_leading("").unwrap(),
            (DotOptions::default(), "")
        );
        for (text, says) in [
            ("--layout dott", "--layout takes one of"),
            ("--cluster-by city", "--cluster-by takes country"),
            ("--edge-labels", "--edge-labels needs a value"),
            ("--legend MATCH (n) RETURN n", "unknown option --legend"),
            ("--legend", "unknown option --legend"),
        ] {
            let error = DotOptions::parse_leading(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }

    #[test]
    fn left_out_labels_are_counted_in_kizuna_words() {
        assert_eq!(
            explain_warning("Warning: 102 out of 116 exterior labels positioned."),
            "14 of 116 edge labels found no room beside their edges and were left out (in \
             an SVG, an edge's tooltip still shows its label; `--layout dot` gives every \
             label room)"
        );
        assert_eq!(explain_warning("Warning: other"), "Warning: other");
    }
}
