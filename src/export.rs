//! Export of the whole graph for other engines and tools: neo4j-admin CSV (which
//! `kizuna import` reads back), a Cypher script (for `kizuna run` and Neo4j), GraphML and
//! JSON Lines. Owns the file layouts and the value encodings of each format; sees only the
//! in-memory [`Graph`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::graph::Graph;
use crate::render::json_value;
use crate::value::{
    display_key, escape_string, format_float, Node, Properties, Relationship, Value,
};

/// The formats `kizuna export --format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Cypher,
    GraphMl,
    Json,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "cypher" => Some(ExportFormat::Cypher),
            "graphml" => Some(ExportFormat::GraphMl),
            "json" | "jsonl" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default)]
pub struct ExportSummary {
    pub nodes: usize,
    pub relationships: usize,
    /// The files written (empty when writing to standard output).
    pub files: Vec<PathBuf>,
    /// Values the format cannot carry exactly, each with how often it happened.
    pub warnings: Vec<String>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} is a file; CSV export writes a directory (nodes.csv, relationships.csv)", path.display())]
    NotADirectory { path: PathBuf },
}

/// Counts of values a format could not carry exactly, by kind of problem.
#[derive(Default)]
struct Warnings(BTreeMap<String, usize>);

impl Warnings {
    fn add(&mut self, what: String) {
        *self.0.entry(what).or_default() += 1;
    }

    fn into_lines(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(what, n)| format!("{what} ({n} time{})", if n == 1 { "" } else { "s" }))
            .collect()
    }
}

/// Writes the whole graph to `path` in `format`. `-` means standard output (not for CSV,
/// which writes a directory).
pub fn export(
    graph: &Graph,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary {
        nodes: graph.node_count(),
        relationships: graph.relationship_count(),
        ..ExportSummary::default()
    };
    let mut warnings = Warnings::default();
    if format == ExportFormat::Csv {
        summary.files = write_csv(graph, path, &mut warnings)?;
        summary.warnings = warnings.into_lines();
        return Ok(summary);
    }
    let to_stdout = path.as_os_str() == "-";
    let io_err = |source| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    let mut out: BufWriter<Box<dyn Write>> = if to_stdout {
        BufWriter::new(Box::new(io::stdout().lock()))
    } else {
        summary.files.push(path.to_owned());
        BufWriter::with_capacity(1 << 16, Box::new(File::create(path).map_err(io_err)?))
    };
    let written = match format {
        ExportFormat::Cypher => write_cypher(graph, &mut out, &mut warnings),
        ExportFormat::GraphMl => write_graphml(graph, &mut out, &mut warnings),
        ExportFormat::Json => write_json(graph, &mut out),
        ExportFormat::Csv => Ok(()),
    };
    written.and_then(|()| out.flush()).map_err(io_err)?;
    summary.warnings = warnings.into_lines();
    Ok(summary)
}

/// Every node as an owned record, decoded one at a time.
fn nodes(graph: &Graph) -> impl Iterator<Item = Node> + '_ {
    graph
        .node_ids()
        .into_iter()
        .filter_map(|id| graph.node(id).map(|n| n.to_node()))
}

/// Every relationship as an owned record, decoded one at a time.
fn relationships(graph: &Graph) -> impl Iterator<Item = Relationship> + '_ {
    graph
        .relationship_ids()
        .into_iter()
        .filter_map(|id| graph.relationship(id).map(|r| r.to_relationship()))
}

// ---- JSON Lines --------------------------------------------------------------------------

fn write_json(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    for node in nodes(graph) {
        writeln!(out, "{}", json_value(&Value::Node(node.id), graph))?;
    }
    for rel in relationships(graph) {
        writeln!(out, "{}", json_value(&Value::Relationship(rel.id), graph))?;
    }
    Ok(())
}

// ---- neo4j-admin CSV ---------------------------------------------------------------------

/// The type of a CSV column, as neo4j-admin spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CsvType {
    Long,
    Double,
    Boolean,
    String,
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
    Duration,
}

impl CsvType {
    fn of(value: &Value) -> Option<CsvType> {
        match value {
            Value::Int(_) => Some(CsvType::Long),
            Value::Float(_) => Some(CsvType::Double),
            Value::Bool(_) => Some(CsvType::Boolean),
            Value::String(_) => Some(CsvType::String),
            Value::Date(_) => Some(CsvType::Date),
            Value::LocalTime(_) => Some(CsvType::LocalTime),
            Value::Time(_) => Some(CsvType::Time),
            Value::LocalDateTime(_) => Some(CsvType::LocalDateTime),
            Value::DateTime(_) => Some(CsvType::DateTime),
            Value::Duration(_) => Some(CsvType::Duration),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            CsvType::Long => "long",
            CsvType::Double => "double",
            CsvType::Boolean => "boolean",
            CsvType::String => "string",
            CsvType::Date => "date",
            CsvType::LocalTime => "localtime",
            CsvType::Time => "time",
            CsvType::LocalDateTime => "localdatetime",
            CsvType::DateTime => "datetime",
            CsvType::Duration => "duration",
        }
    }
}

/// A column type: a scalar type, or an array of one.
type ColumnType = (CsvType, bool);

const ARRAY_DELIMITER: char = ';';

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_nan() => "NaN".into(),
        Value::Float(f) if f.is_infinite() => {
            if *f > 0.0 { "Infinity" } else { "-Infinity" }.into()
        }
        Value::Float(f) => format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        other => other.temporal_text().unwrap_or_else(|| other.to_string()),
    }
}

/// The column type and cell text of one property value, or `None` (with a warning) when
/// CSV cannot carry it: an empty string or empty list reads back as an absent property.
fn csv_cell(key: &str, value: &Value, warnings: &mut Warnings) -> Option<(ColumnType, String)> {
    match value {
        Value::List(items) => {
            let Some(first) = items.first().and_then(CsvType::of) else {
                warnings.add(format!(
                    "property `{key}`: an empty list cannot be told from an absent property in CSV; left out"
                ));
                return None;
            };
            if items.iter().any(|item| CsvType::of(item) != Some(first)) {
                warnings.add(format!(
                    "property `{key}`: a list of mixed types has no CSV array type; written as a JSON string"
                ));
                return Some(((CsvType::String, false), value_json(value)));
            }
            if first == CsvType::String
                && items
                    .iter()
                    .any(|i| i.as_str().is_some_and(|s| s.contains(ARRAY_DELIMITER)))
            {
                warnings.add(format!(
                    "property `{key}`: a list element contains `;`, the array delimiter; it will read back split"
                ));
            }
            let text = items
                .iter()
                .map(scalar_text)
                .collect::<Vec<_>>()
                .join(&ARRAY_DELIMITER.to_string());
            if text.is_empty() {
                warnings.add(format!(
                    "property `{key}`: the list [''] cannot be told from an absent property in CSV; left out"
                ));
                return None;
            }
            Some(((first, true), text))
        }
        Value::String(s) if s.is_empty() => {
            warnings.add(format!(
                "property `{key}`: an empty string cannot be told from an absent property in CSV; left out"
            ));
            None
        }
        other => Some(((CsvType::of(other)?, false), scalar_text(other))),
    }
}

fn value_json(value: &Value) -> String {
    struct NoEntities;
    impl crate::graph::EntityLookup for NoEntities {
        fn node(&self, _: u64) -> Option<crate::graph::NodeRef<'_>> {
            None
        }
        fn relationship(&self, _: u64) -> Option<crate::graph::RelRef<'_>> {
            None
        }
    }
    json_value(value, &NoEntities).to_string()
}

/// The cells of one entity's properties, keyed by property.
type Cells = BTreeMap<String, (ColumnType, String)>;

fn cells(properties: &Properties, warnings: &mut Warnings) -> Cells {
    properties
        .iter()
        .filter_map(|(k, v)| csv_cell(k, v, warnings).map(|cell| (k.clone(), cell)))
        .collect()
}

/// Entities are spread over as few files as possible such that, within a file, each
/// property key has one column type (usually one file; a key holding integers on some
/// nodes and strings on others needs two). Returns each file's columns and each entity's
/// file, in the order given.
fn partition(
    entities: impl Iterator<Item = Properties>,
    warnings: &mut Warnings,
) -> (Vec<BTreeMap<String, ColumnType>>, Vec<usize>) {
    let mut files: Vec<BTreeMap<String, ColumnType>> = vec![BTreeMap::new()];
    let mut assignment = Vec::new();
    for properties in entities {
        let cells = cells(&properties, warnings);
        let fits = |file: &BTreeMap<String, ColumnType>| {
            cells
                .iter()
                .all(|(k, (t, _))| file.get(k).is_none_or(|ft| ft == t))
        };
        let index = match files.iter().position(fits) {
            Some(i) => i,
            None => {
                files.push(BTreeMap::new());
                files.len() - 1
            }
        };
        if let Some(file) = files.get_mut(index) {
            for (k, (t, _)) in &cells {
                file.insert(k.clone(), *t);
            }
        }
        assignment.push(index);
    }
    (files, assignment)
}

fn file_name(stem: &str, index: usize) -> String {
    if index == 0 {
        format!("{stem}.csv")
    } else {
        format!("{stem}-{}.csv", index + 1)
    }
}

fn column_header(key: &str, (t, array): ColumnType) -> String {
    format!("{key}:{}{}", t.name(), if array { "[]" } else { "" })
}

struct CsvFiles {
    writers: Vec<(PathBuf, csv::Writer<BufWriter<File>>)>,
}

impl CsvFiles {
    fn create(dir: &Path, stem: &str, headers: Vec<Vec<String>>) -> Result<CsvFiles, ExportError> {
        let mut writers = Vec::new();
        for (i, header) in headers.into_iter().enumerate() {
            let path = dir.join(file_name(stem, i));
            let file = File::create(&path).map_err(|source| ExportError::Io {
                path: path.clone(),
                source,
            })?;
            let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
            writer
                .write_record(&header)
                .map_err(|e| csv_write_error(&path, e))?;
            writers.push((path, writer));
        }
        Ok(CsvFiles { writers })
    }

    fn write(&mut self, index: usize, record: &[String]) -> Result<(), ExportError> {
        match self.writers.get_mut(index) {
            Some((path, writer)) => writer
                .write_record(record)
                .map_err(|e| csv_write_error(path, e)),
            None => Ok(()),
        }
    }

    fn finish(self) -> Result<Vec<PathBuf>, ExportError> {
        let mut paths = Vec::new();
        for (path, mut writer) in self.writers {
            writer.flush().map_err(|source| ExportError::Io {
                path: path.clone(),
                source,
            })?;
            paths.push(path);
        }
        Ok(paths)
    }
}

fn csv_write_error(path: &Path, error: csv::Error) -> ExportError {
    let source = match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    };
    ExportError::Io {
        path: path.to_owned(),
        source,
    }
}

/// One row: the fixed cells, then each column's cell (empty when absent).
fn row(
    mut fixed: Vec<String>,
    columns: Option<&BTreeMap<String, ColumnType>>,
    properties: &Properties,
) -> Vec<String> {
    // Its warnings were counted during partitioning already.
    let mut quiet = Warnings::default();
    let mut cells = cells(properties, &mut quiet);
    for key in columns.into_iter().flat_map(BTreeMap::keys) {
        fixed.push(cells.remove(key).map(|(_, text)| text).unwrap_or_default());
    }
    fixed
}

fn write_csv(
    graph: &Graph,
    dir: &Path,
    warnings: &mut Warnings,
) -> Result<Vec<PathBuf>, ExportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::NotADirectory {
            path: dir.to_owned(),
        });
    }
    fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut written = Vec::new();

    let (node_files, node_assignment) = partition(nodes(graph).map(|n| n.properties), warnings);
    let headers = node_files
        .iter()
        .map(|columns| {
            [":ID".to_owned(), ":LABEL".to_owned()]
                .into_iter()
                .chain(columns.iter().map(|(k, t)| column_header(k, *t)))
                .collect()
        })
        .collect();
    let mut files = CsvFiles::create(dir, "nodes", headers)?;
    for (node, &index) in nodes(graph).zip(&node_assignment) {
        if node.labels.iter().any(|l| l.contains(ARRAY_DELIMITER)) {
            warnings
                .add("a label contains `;`, the label delimiter; it will read back split".into());
        }
        let fixed = vec![node.id.to_string(), node.labels.join(";")];
        files.write(index, &row(fixed, node_files.get(index), &node.properties))?;
    }
    written.extend(files.finish()?);

    let (rel_files, rel_assignment) =
        partition(relationships(graph).map(|r| r.properties), warnings);
    let headers = rel_files
        .iter()
        .map(|columns| {
            [
                ":START_ID".to_owned(),
                ":END_ID".to_owned(),
                ":TYPE".to_owned(),
            ]
            .into_iter()
            .chain(columns.iter().map(|(k, t)| column_header(k, *t)))
            .collect()
        })
        .collect();
    let mut files = CsvFiles::create(dir, "relationships", headers)?;
    for (rel, &index) in relationships(graph).zip(&rel_assignment) {
        let fixed = vec![
            rel.start.to_string(),
            rel.end.to_string(),
            rel.rel_type.clone(),
        ];
        files.write(index, &row(fixed, rel_files.get(index), &rel.properties))?;
    }
    written.extend(files.finish()?);
    Ok(written)
}

// ---- Cypher ------------------------------------------------------------------------------

/// Nodes per CREATE statement.
const CYPHER_NODE_BATCH: usize = 100;

/// A Cypher literal that both kizuna and Neo4j read back as the same value.
fn cypher_literal(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        // The lexer reads the digits before the minus sign: i64::MIN has no literal.
        Value::Int(i64::MIN) => "(-9223372036854775807 - 1)".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_nan() => "(0.0 / 0.0)".into(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 {
            "(1.0 / 0.0)"
        } else {
            "(-1.0 / 0.0)"
        }
        .into(),
        Value::Float(f) => format_float(*f),
        Value::String(s) => format!("'{}'", escape_string(s)),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(cypher_literal)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Map(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", display_key(k), cypher_literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        // A constructor call: `date('2020-03-24')`, `duration('P1M')`.
        temporal if temporal.is_temporal() => temporal.to_string(),
        // Entities are never property values.
        other => format!("'{}'", escape_string(&other.to_string())),
    }
}

fn cypher_map(
    properties: &Properties,
    extra: Option<(&str, String)>,
    warnings: &mut Warnings,
) -> String {
    let mut parts: Vec<String> = properties
        .iter()
        .map(|(k, v)| {
            if let Value::List(items) = v {
                let first = items.first().map(Value::type_name);
                if items.iter().any(|i| Some(i.type_name()) != first) {
                    warnings.add(format!(
                        "property `{k}`: a list of mixed types, which kizuna reads back but Neo4j refuses"
                    ));
                }
            }
            format!("{}: {}", display_key(k), cypher_literal(v))
        })
        .collect();
    if let Some((key, literal)) = extra {
        parts.push(format!("{}: {literal}", display_key(key)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", parts.join(", "))
    }
}

/// A name for a temporary marker that the graph does not use yet.
fn unused(base: &str, used: impl Fn(&str) -> bool) -> String {
    let mut name = base.to_owned();
    while used(&name) {
        name.push('_');
    }
    name
}

fn write_cypher(graph: &Graph, out: &mut dyn Write, warnings: &mut Warnings) -> io::Result<()> {
    // The temporary key starts with `name_` so that kizuna's name index finds each node
    // in one step; Neo4j finds it through the index the header suggests.
    let label = unused("KizunaExport", |l| graph.knows_label(l));
    let key = unused("name_kizuna_export", |k| graph.knows_property_key(k));
    let (label_q, key_q) = (display_key(&label), display_key(&key));
    writeln!(
        out,
        "// kizuna export: {} nodes, {} relationships.",
        graph.node_count(),
        graph.relationship_count()
    )?;
    writeln!(
        out,
        "// Load with `kizuna --db NEW run --atomic THIS_FILE` (one transaction), or in Neo4j"
    )?;
    writeln!(
        out,
        "// with cypher-shell; for a large graph create this index there first:"
    )?;
    writeln!(
        out,
        "//   CREATE INDEX kizuna_export FOR (n:{label_q}) ON (n.{key_q});"
    )?;
    writeln!(
        out,
        "// Nodes carry the temporary label {label} and property {key} until the last statement."
    )?;
    let ids = graph.node_ids();
    for chunk in ids.chunks(CYPHER_NODE_BATCH) {
        let parts: Vec<String> = chunk
            .iter()
            .filter_map(|&id| graph.node(id).map(|n| n.to_node()))
            .map(|node| {
                let labels: String = node
                    .labels
                    .iter()
                    .chain(std::iter::once(&label))
                    .map(|l| format!(":{}", display_key(l)))
                    .collect();
                let map = cypher_map(
                    &node.properties,
                    Some((&key, format!("'n{}'", node.id))),
                    warnings,
                );
                format!("({labels}{map})")
            })
            .collect();
        writeln!(out, "CREATE {};", parts.join(",\n       "))?;
    }
    for rel in relationships(graph) {
        let find = |var: &str, id: u64| format!("({var}:{label_q} {{{key_q}: 'n{id}'}})");
        let end_var = if rel.start == rel.end { "a" } else { "b" };
        let matched = if rel.start == rel.end {
            find("a", rel.start)
        } else {
            format!("{}, {}", find("a", rel.start), find("b", rel.end))
        };
        writeln!(
            out,
            "MATCH {matched} CREATE (a)-[:{}{}]->({end_var});",
            display_key(&rel.rel_type),
            cypher_map(&rel.properties, None, warnings)
        )?;
    }
    writeln!(out, "MATCH (n:{label_q}) REMOVE n:{label_q}, n.{key_q};")?;
    for def in graph.index_defs() {
        let command = crate::query::ast::SchemaCommand::CreateIndex {
            name: Some(def.name),
            if_not_exists: true,
            target: def.target,
            keys: def.keys,
        };
        writeln!(out, "{command};")?;
    }
    Ok(())
}

// ---- GraphML -----------------------------------------------------------------------------

/// A GraphML `attr.type` for a property key, from every value it holds.
fn graphml_type(types: &BTreeSet<&'static str>) -> &'static str {
    match types.iter().next() {
        Some(&only) if types.len() == 1 => only,
        _ => "string",
    }
}

fn graphml_value_type(value: &Value) -> &'static str {
    match value {
        Value::Int(_) => "long",
        Value::Float(_) => "double",
        Value::Bool(_) => "boolean",
        _ => "string",
    }
}

/// XML text with the five special characters escaped; characters XML 1.0 cannot hold at
/// all become U+FFFD.
fn xml_escape(text: &str, warnings: &mut Warnings) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A literal carriage return would be read back as a newline.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                warnings.add("a control character XML cannot hold was replaced by U+FFFD".into());
                out.push('\u{fffd}');
            }
            c => out.push(c),
        }
    }
    out
}

fn graphml_text(value: &Value) -> String {
    match value {
        Value::List(_) | Value::Map(_) => value_json(value),
        other => scalar_text(other),
    }
}

/// Keys of one domain (`node` or `edge`): property key → (GraphML id, attr.type).
fn graphml_keys(
    all: impl Iterator<Item = Properties>,
    prefix: &str,
) -> BTreeMap<String, (String, &'static str)> {
    let mut types: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for properties in all {
        for (k, v) in &properties {
            types
                .entry(k.clone())
                .or_default()
                .insert(graphml_value_type(v));
        }
    }
    types
        .into_iter()
        .enumerate()
        .map(|(i, (k, t))| (k, (format!("{prefix}{i}"), graphml_type(&t))))
        .collect()
}

fn write_graphml(graph: &Graph, out: &mut dyn Write, warnings: &mut Warnings) -> io::Result<()> {
    let node_keys = graphml_keys(nodes(graph).map(|n| n.properties), "k_n");
    let edge_keys = graphml_keys(relationships(graph).map(|r| r.properties), "k_e");
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(
        out,
        r#"  <key id="labels" for="node" attr.name="labels" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="label" for="edge" attr.name="label" attr.type="string"/>"#
    )?;
    for (domain, keys, reserved) in [
        ("node", &node_keys, "labels"),
        ("edge", &edge_keys, "label"),
    ] {
        for (key, (id, attr_type)) in keys {
            let name = if key == reserved {
                warnings.add(format!(
                    "the {domain} property `{key}` is written as `{key}_property`: `{key}` holds the {}",
                    if domain == "node" { "labels" } else { "relationship type" }
                ));
                format!("{key}_property")
            } else {
                key.clone()
            };
            writeln!(
                out,
                r#"  <key id="{id}" for="{domain}" attr.name="{}" attr.type="{attr_type}"/>"#,
                xml_escape(&name, warnings)
            )?;
        }
    }
    writeln!(out, r#"  <graph id="G" edgedefault="directed">"#)?;
    for node in nodes(graph) {
        let labels: String = node.labels.iter().map(|l| format!(":{l}")).collect();
        write!(
            out,
            r#"    <node id="n{}"><data key="labels">{}</data>"#,
            node.id,
            xml_escape(&labels, warnings)
        )?;
        for (k, v) in &node.properties {
            if let Some((id, _)) = node_keys.get(k) {
                write!(
                    out,
                    r#"<data key="{id}">{}</data>"#,
                    xml_escape(&graphml_text(v), warnings)
                )?;
            }
        }
        writeln!(out, "</node>")?;
    }
    for rel in relationships(graph) {
        write!(
            out,
            r#"    <edge id="e{}" source="n{}" target="n{}"><data key="label">{}</data>"#,
            rel.id,
            rel.start,
            rel.end,
            xml_escape(&rel.rel_type, warnings)
        )?;
        for (k, v) in &rel.properties {
            if let Some((id, _)) = edge_keys.get(k) {
                write!(
                    out,
                    r#"<data key="{id}">{}</data>"#,
                    xml_escape(&graphml_text(v), warnings)
                )?;
            }
        }
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(())
}
