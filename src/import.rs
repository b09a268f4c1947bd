//! Bulk import of CSV files in the neo4j-admin header convention (`id:ID`, `:LABEL`,
//! `:START_ID`, `:END_ID`, `:TYPE`, typed property columns). Owns header parsing, value
//! parsing, string-id resolution and the all-or-nothing protocol.
//!
//! Two streaming passes: node files first (string id → kizuna id), then relationship
//! files. Records go straight into the in-memory graph (which must hold them anyway);
//! beside it only the id map grows with the data. Then the store writes the whole graph as
//! a new snapshot, made visible by one small final batch. Any error removes the imported
//! records from the graph, so the database is as it was before.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use rustc_hash::FxHashMap as HashMap;

use crate::store::StoreError;
use crate::temporal;
use crate::value::{NodeId, Properties, Value};
use crate::Database;

/// Records per snapshot chunk at most, unless told otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 10_000;

/// For tests of crash recovery: when set to N, the process aborts right after the N-th
/// chunk of the import's snapshot reaches the store, as a crash would.
pub const CRASH_AFTER_BATCHES_ENV: &str = crate::store::CRASH_AFTER_CHUNKS_ENV;

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Nodes or relationships per snapshot chunk at most (a chunk also closes at about
    /// 96 KiB, which the default reaches first on typical data).
    pub batch_size: usize,
    /// Separates the elements of array columns and the labels of `:LABEL`.
    pub array_delimiter: char,
    /// Draw a progress bar on standard error.
    pub progress: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            batch_size: DEFAULT_BATCH_SIZE,
            array_delimiter: ';',
            progress: false,
        }
    }
}

/// What an import added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub nodes: u64,
    pub relationships: u64,
    /// Snapshot chunks written (0 for a temporary database).
    pub batches: u64,
    pub elapsed: Duration,
    /// What the import did that may not be what was meant (it still happened).
    pub warnings: Vec<String>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} nodes and {} relationships in {:.1} s",
            self.nodes,
            self.relationships,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Where in an input file something is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based line where the record starts (the header is line 1).
    pub line: u64,
    /// 1-based field number, with the column's header, when one field is at fault.
    pub column: Option<(usize, String)>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)?;
        if let Some((number, header)) = &self.column {
            write!(f, ": column {number} ({header})")?;
        }
        Ok(())
    }
}

/// Why an import failed. In every case nothing of it remains.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The input is wrong: a bad header, a bad value, a dangling or duplicate id.
    #[error("{location}: {message}; nothing was imported")]
    Data { location: Location, message: String },
    #[error("cannot read {}: {source}; nothing was imported", file.display())]
    Io { file: PathBuf, source: io::Error },
    #[error("the database is open read-only (--read-only); nothing was imported")]
    ReadOnly,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// Whether the database (rather than the input or the request) is at fault.
    pub fn is_database_error(&self) -> bool {
        matches!(self, ImportError::Store(_))
    }
}

/// The type of a property column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Bool,
    String,
    /// `date`, `localtime`, `time`, `localdatetime`, `datetime`: ISO text of that type.
    Temporal(temporal::Kind),
    /// ISO 8601 durations (`P1Y2M`, `PT1H30M`).
    Duration,
}

impl Kind {
    fn parse(name: &str) -> Option<Kind> {
        match name.to_ascii_lowercase().as_str() {
            "int" | "long" | "short" | "byte" => Some(Kind::Int),
            "float" | "double" => Some(Kind::Float),
            "boolean" => Some(Kind::Bool),
            "string" | "char" => Some(Kind::String),
            "duration" => Some(Kind::Duration),
            other => temporal::Kind::from_function(other).map(Kind::Temporal),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Int => "an integer",
            Kind::Float => "a float",
            Kind::Bool => "a boolean (true or false)",
            Kind::String => "a string",
            Kind::Temporal(temporal::Kind::Date) => "a date (2020-03-24)",
            Kind::Temporal(temporal::Kind::LocalTime) => "a local time (14:30:00)",
            Kind::Temporal(temporal::Kind::Time) => "a time with an offset (14:30:00+06:00)",
            Kind::Temporal(temporal::Kind::LocalDateTime) => {
                "a local date and time (2020-03-24T14:30:00)"
            }
            Kind::Temporal(temporal::Kind::DateTime) => {
                "a date and time with an offset or zone (2020-03-24T14:30:00+06:00)"
            }
            Kind::Duration => "a duration (P1Y2M10DT2H)",
        }
    }

    fn value(self, text: &str) -> Result<Value, String> {
        let trimmed = text.trim();
        match self {
            Kind::String => Ok(Value::String(text.to_owned())),
            Kind::Int => trimmed
                .parse::<i64>()
                .map(Value::Int)
                .map_err(|_| format!("{} is not {}", quoted(text), self.describe())),
            Kind::Float => trimmed
                .parse::<f64>()
                .map(Value::Float)
                .map_err(|_| format!("{} is not {}", quoted(text), self.describe())),
            Kind::Bool => {
                if trimmed.eq_ignore_ascii_case("true") {
                    Ok(Value::Bool(true))
                } else if trimmed.eq_ignore_ascii_case("false") {
                    Ok(Value::Bool(false))
                } else {
                    Err(format!("{} is not {}", quoted(text), self.describe()))
                }
            }
            Kind::Temporal(kind) => temporal::parse(kind, trimmed)
                .map(Value::from)
                .map_err(|_| format!("{} is not {}", quoted(text), self.describe())),
            Kind::Duration => temporal::parse_duration(trimmed)
                .map(Value::from)
                .map_err(|_| format!("{} is not {}", quoted(text), self.describe())),
        }
    }
}

/// A field's text for an error message, cut when long.
fn quoted(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        format!("`{text}`")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("`{cut}…`")
    }
}

/// What one header field declares.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    /// `name:ID(space)`: the node's id within an id space; stored as property `name`
    /// (a string) when the header names one, as neo4j-admin does.
    Id {
        property: Option<String>,
        space: String,
    },
    Label,
    StartId(String),
    EndId(String),
    Type,
    Ignore,
    Property {
        key: String,
        kind: Kind,
        array: bool,
    },
}

/// The id space in `ID(space)`-style types, or an error when the parentheses are broken.
fn id_space(kind: &str, keyword: &str) -> Option<Result<String, String>> {
    let upper = kind.to_ascii_uppercase();
    let rest = upper.strip_prefix(keyword)?;
    if rest.is_empty() {
        return Some(Ok(String::new()));
    }
    if !rest.starts_with('(') {
        return None;
    }
    let inner = kind.get(keyword.len()..).unwrap_or("");
    Some(
        match inner.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            Some(space) => Ok(space.trim().to_owned()),
            None => Err(format!(
                "`{kind}` has an unclosed id space: write {keyword}(Space)"
            )),
        },
    )
}

fn parse_column(field: &str) -> Result<Column, String> {
    let field = field.trim();
    let (name, kind) = match field.rfind(':') {
        Some(at) => (field[..at].trim(), field[at + 1..].trim()),
        None => (field, ""),
    };
    if kind.is_empty() {
        if name.is_empty() {
            return Err("an empty column name".into());
        }
        return Ok(Column::Property {
            key: name.to_owned(),
            kind: Kind::String,
            array: false,
        });
    }
    let named = (!name.is_empty()).then(|| name.to_owned());
    if let Some(space) = id_space(kind, "ID") {
        return Ok(Column::Id {
            property: named,
            space: space?,
        });
    }
    if let Some(space) = id_space(kind, "START_ID") {
        return Ok(Column::StartId(space?));
    }
    if let Some(space) = id_space(kind, "END_ID") {
        return Ok(Column::EndId(space?));
    }
    match kind.to_ascii_uppercase().as_str() {
        "LABEL" => return Ok(Column::Label),
        "TYPE" => return Ok(Column::Type),
        "IGNORE" => return Ok(Column::Ignore),
        _ => {}
    }
    let (base, array) = match kind.strip_suffix("[]") {
        Some(base) => (base.trim(), true),
        None => (kind, false),
    };
    let Some(key) = named else {
        return Err(format!(
            "the column `{field}` has a type but no property name"
        ));
    };
    match Kind::parse(base) {
        Some(kind) => Ok(Column::Property { key, kind, array }),
        None => Err(format!(
            "unknown column type `{kind}`: kizuna knows int, long, short, byte, float, double, \
             boolean, string, char, date, localtime, time, localdatetime, datetime, duration \
             and their arrays (`string[]`)"
        )),
    }
}

/// Whether a file holds nodes or relationships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Nodes,
    Relationships,
}

/// A validated header.
struct Header {
    names: Vec<String>,
    columns: Vec<Column>,
    /// For nodes: the id column. For relationships: start, end and type columns.
    id: usize,
    end: usize,
    rel_type: usize,
}

fn parse_header(file: &Path, kind: FileKind, fields: &[String]) -> Result<Header, ImportError> {
    let at = |column: Option<usize>, message: String| ImportError::Data {
        location: Location {
            file: file.to_owned(),
            line: 1,
            column: column.map(|i| (i + 1, fields.get(i).cloned().unwrap_or_default())),
        },
        message,
    };
    let mut columns = Vec::with_capacity(fields.len());
    let mut keys: HashMap<String, usize> = HashMap::default();
    for (i, field) in fields.iter().enumerate() {
        let column = parse_column(field).map_err(|m| at(Some(i), m))?;
        let wrong_file = match (&column, kind) {
            (Column::Id { .. } | Column::Label, FileKind::Relationships) => {
                Some("belongs in a node file, not a relationship file")
            }
            (Column::StartId(_) | Column::EndId(_) | Column::Type, FileKind::Nodes) => {
                Some("belongs in a relationship file, not a node file")
            }
            _ => None,
        };
        if let Some(why) = wrong_file {
            return Err(at(Some(i), format!("the column `{}` {why}", field.trim())));
        }
        let key = match &column {
            Column::Property { key, .. } => Some(key.clone()),
            Column::Id {
                property: Some(key),
                ..
            } => Some(key.clone()),
            _ => None,
        };
        if let Some(key) = key {
            if let Some(first) = keys.insert(key.clone(), i) {
                return Err(at(
                    Some(i),
                    format!("the property `{key}` already has column {}", first + 1),
                ));
            }
        }
        columns.push(column);
    }
    let find = |wanted: &dyn Fn(&Column) -> bool, needs: &str| -> Result<usize, ImportError> {
        let mut found = columns.iter().enumerate().filter(|(_, c)| wanted(c));
        // `needs` reads "a node file needs an id:ID": its last word names the column.
        let column = needs.rsplit(' ').next().unwrap_or(needs);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Ok(i),
            (None, _) => Err(at(
                None,
                format!("{needs} column, and this header has none"),
            )),
            (Some(_), Some((j, _))) => Err(at(Some(j), format!("a second {column} column"))),
        }
    };
    let header = match kind {
        FileKind::Nodes => Header {
            id: find(
                &|c| matches!(c, Column::Id { .. }),
                "a node file needs an id:ID",
            )?,
            end: 0,
            rel_type: 0,
            names: fields.to_vec(),
            columns,
        },
        FileKind::Relationships => Header {
            id: find(
                &|c| matches!(c, Column::StartId(_)),
                "a relationship file needs a :START_ID",
            )?,
            end: find(
                &|c| matches!(c, Column::EndId(_)),
                "a relationship file needs an :END_ID",
            )?,
            rel_type: find(
                &|c| matches!(c, Column::Type),
                "a relationship file needs a :TYPE",
            )?,
            names: fields.to_vec(),
            columns,
        },
    };
    Ok(header)
}

/// One input file being read, with what is needed to say where an error is.
struct Input {
    path: PathBuf,
    reader: csv::Reader<CountingReader>,
    header: Header,
    record: csv::StringRecord,
    /// Line of the record in `record`.
    line: u64,
}

/// Counts the bytes read, for the progress bar.
struct CountingReader {
    inner: BufReader<File>,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

fn csv_error(path: &Path, error: csv::Error) -> ImportError {
    let line = error.position().map_or(0, |p| p.line());
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("field {} is not valid UTF-8 text", err.field() + 1)
        }
        csv::ErrorKind::Io(e) => {
            return ImportError::Io {
                file: path.to_owned(),
                source: io::Error::new(e.kind(), e.to_string()),
            }
        }
        _ => error.to_string(),
    };
    ImportError::Data {
        location: Location {
            file: path.to_owned(),
            line,
            column: None,
        },
        message,
    }
}

impl Input {
    fn open(
        path: &Path,
        kind: FileKind,
        read: std::rc::Rc<std::cell::Cell<u64>>,
    ) -> Result<Input, ImportError> {
        let file = File::open(path).map_err(|source| ImportError::Io {
            file: path.to_owned(),
            source,
        })?;
        let counting = CountingReader {
            inner: BufReader::with_capacity(1 << 16, file),
            read,
        };
        // Flexible: a short or long row is reported with its line rather than as csv's
        // own error.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(counting);
        let mut record = csv::StringRecord::new();
        let has_header = reader
            .read_record(&mut record)
            .map_err(|e| csv_error(path, e))?;
        if !has_header {
            return Err(ImportError::Data {
                location: Location {
                    file: path.to_owned(),
                    line: 1,
                    column: None,
                },
                message: "the file is empty: it needs at least a header line".into(),
            });
        }
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            // A byte-order mark is not part of the first column's name.
            .map(|(i, f)| {
                if i == 0 {
                    f.trim_start_matches('\u{feff}').to_owned()
                } else {
                    f.to_owned()
                }
            })
            .collect();
        let header = parse_header(path, kind, &fields)?;
        Ok(Input {
            path: path.to_owned(),
            reader,
            header,
            record,
            line: 1,
        })
    }

    /// Reads the next record; false at the end of the file.
    fn next(&mut self) -> Result<bool, ImportError> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| csv_error(&self.path, e))?;
        if !more {
            return Ok(false);
        }
        self.line = self.record.position().map_or(self.line + 1, |p| p.line());
        let (got, want) = (self.record.len(), self.header.columns.len());
        if got != want {
            let message = if got < want {
                format!("{got} fields where the header has {want}: missing columns")
            } else {
                format!("{got} fields where the header has {want}: extra columns")
            };
            return Err(self.error(None, message));
        }
        Ok(true)
    }

    fn error(&self, column: Option<usize>, message: String) -> ImportError {
        ImportError::Data {
            location: Location {
                file: self.path.clone(),
                line: self.line,
                column: column
                    .map(|i| (i + 1, self.header.names.get(i).cloned().unwrap_or_default())),
            },
            message,
        }
    }

    fn field(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("")
    }

    /// The properties of the current record (every property column with a value).
    fn properties(&self, delimiter: char) -> Result<Properties, ImportError> {
        let mut properties = Properties::new();
        for (i, column) in self.header.columns.iter().enumerate() {
            let Column::Property { key, kind, array } = column else {
                continue;
            };
            let text = self.field(i);
            if text.is_empty() {
                continue;
            }
            let value = if *array {
                let mut items = Vec::new();
                for (n, item) in text.split(delimiter).enumerate() {
                    if item.trim().is_empty() && *kind != Kind::String {
                        return Err(
                            self.error(Some(i), format!("element {} of the array is empty", n + 1))
                        );
                    }
                    items.push(kind.value(item).map_err(|m| {
                        self.error(Some(i), format!("element {} of the array: {m}", n + 1))
                    })?);
                }
                Value::List(items)
            } else {
                kind.value(text).map_err(|m| self.error(Some(i), m))?
            };
            properties.insert(key.clone(), value);
        }
        Ok(properties)
    }
}

/// A string id as a hash key: inline when short (most are), so that a lookup among
/// millions touches the table alone instead of chasing a pointer to each key.
#[derive(PartialEq, Eq, Hash)]
enum IdKey {
    Short { len: u8, bytes: [u8; 22] },
    Long(Box<str>),
}

impl IdKey {
    fn new(text: &str) -> IdKey {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= 22 => {
                let mut bytes = [0; 22];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                IdKey::Short { len, bytes }
            }
            _ => IdKey::Long(text.into()),
        }
    }
}

/// String ids of one id space → kizuna ids.
///
/// Ids written as plain decimal numbers (no sign, no leading zero: the text is the
/// number's only spelling) are the common case and are often dense, so they go into a
/// vector indexed by the number while it stays within a few times the ids seen; a lookup
/// then costs one memory access instead of a hash table's two. Every other id, and a
/// number too large for the vector, goes into the hash map.
#[derive(Default)]
struct IdSpace {
    dense: Vec<NodeId>,
    map: HashMap<IdKey, NodeId>,
    len: usize,
}

impl IdSpace {
    const EMPTY: NodeId = NodeId::MAX;

    /// The number `text` spells, when it is a canonical decimal.
    fn number(text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let canonical = !bytes.is_empty()
            && bytes.len() <= 18
            && bytes.iter().all(u8::is_ascii_digit)
            && (bytes[0] != b'0' || bytes.len() == 1);
        canonical.then(|| {
            bytes
                .iter()
                .fold(0usize, |n, b| n * 10 + usize::from(b - b'0'))
        })
    }

    fn get(&self, text: &str) -> Option<NodeId> {
        if let Some(n) = IdSpace::number(text) {
            match self.dense.get(n) {
                Some(&id) if id != IdSpace::EMPTY => return Some(id),
                _ => {}
            }
        }
        self.map.get(&IdKey::new(text)).copied()
    }

    /// Records `text` → `id`; false when `text` already has an id.
    fn insert(&mut self, text: &str, id: NodeId) -> bool {
        if self.get(text).is_some() {
            return false;
        }
        self.len += 1;
        match IdSpace::number(text) {
            Some(n) if n < 4 * self.len + 1024 => {
                if n >= self.dense.len() {
                    let grown = (n + 1).max(self.dense.len() * 2);
                    self.dense
                        .resize(grown.min(4 * self.len + 1024), IdSpace::EMPTY);
                }
                self.dense[n] = id;
            }
            _ => {
                self.map.insert(IdKey::new(text), id);
            }
        }
        true
    }
}

/// Records handed from the parsing thread to the graph at a time.
const HANDOFF: usize = 2048;

/// Parsed records on their way to the graph, in file order.
enum Parsed {
    Nodes(Vec<(Vec<String>, Properties)>),
    Relationships(Vec<(String, NodeId, NodeId, Properties)>),
}

/// Records between two updates of the progress bar.
const PROGRESS_EVERY: u64 = 4096;

/// Records read so far, and the progress bar that shows them.
struct Progress {
    nodes: u64,
    relationships: u64,
    bar: ProgressBar,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl Progress {
    fn count(&mut self, node: bool) {
        if node {
            self.nodes += 1;
        } else {
            self.relationships += 1;
        }
        if (self.nodes + self.relationships) % PROGRESS_EVERY == 0 {
            self.show();
        }
    }

    fn show(&self) {
        self.bar.set_position(self.read.get());
        self.bar.set_message(format!(
            "{} nodes, {} relationships",
            self.nodes, self.relationships
        ));
    }
}

/// The parsing side of a running import: it reads the files, resolves ids and hands the
/// records to the thread that builds them into the graph (which numbers them in the same
/// order, from the same first ids).
struct Importer {
    options: ImportOptions,
    ids: HashMap<String, IdSpace>,
    next_node: NodeId,
    progress: Progress,
    out: mpsc::SyncSender<Parsed>,
    /// Emptied batches coming back, so that their memory is reused rather than freed on
    /// the other thread.
    recycled: mpsc::Receiver<Parsed>,
    nodes: Vec<(Vec<String>, Properties)>,
    relationships: Vec<(String, NodeId, NodeId, Properties)>,
}

impl Importer {
    fn hand_off(&mut self) {
        // The receiver outlives this thread: a failed send cannot happen.
        if !self.nodes.is_empty() {
            let batch = std::mem::replace(&mut self.nodes, empty_nodes(&self.recycled));
            let _ = self.out.send(Parsed::Nodes(batch));
        }
        if !self.relationships.is_empty() {
            let batch = std::mem::replace(&mut self.relationships, empty_rels(&self.recycled));
            let _ = self.out.send(Parsed::Relationships(batch));
        }
    }

    fn node_file(&mut self, path: &Path) -> Result<(), ImportError> {
        let mut input = Input::open(path, FileKind::Nodes, self.progress.read.clone())?;
        let id_column = input.header.id;
        let label_columns: Vec<usize> = (0..input.header.columns.len())
            .filter(|&i| input.header.columns.get(i) == Some(&Column::Label))
            .collect();
        let (id_property, space) = match input.header.columns.get(id_column) {
            Some(Column::Id { property, space }) => (property.clone(), space.clone()),
            _ => (None, String::new()),
        };
        let space_ids = self.ids.entry(space.clone()).or_default();
        while input.next()? {
            let text = input.field(id_column);
            if text.is_empty() {
                return Err(input.error(Some(id_column), "the node has no id".into()));
            }
            if !space_ids.insert(text, self.next_node) {
                let scope = if space.is_empty() {
                    String::new()
                } else {
                    format!(" in the id space {space}")
                };
                return Err(input.error(
                    Some(id_column),
                    format!(
                        "duplicate id {}{scope}: an earlier node already has it",
                        quoted(text)
                    ),
                ));
            }
            let mut labels = Vec::with_capacity(1);
            for &i in &label_columns {
                for label in input.field(i).split(self.options.array_delimiter) {
                    let label = label.trim();
                    if !label.is_empty() && !labels.iter().any(|l| l == label) {
                        labels.push(label.to_owned());
                    }
                }
            }
            let mut properties = input.properties(self.options.array_delimiter)?;
            if let Some(key) = &id_property {
                properties.insert(key.clone(), Value::String(text.to_owned()));
            }
            self.next_node += 1;
            self.nodes.push((labels, properties));
            if self.nodes.len() >= HANDOFF {
                let batch = std::mem::replace(&mut self.nodes, empty_nodes(&self.recycled));
                let _ = self.out.send(Parsed::Nodes(batch));
            }
            self.progress.count(true);
        }
        Ok(())
    }

    fn relationship_file(&mut self, path: &Path) -> Result<(), ImportError> {
        let mut input = Input::open(path, FileKind::Relationships, self.progress.read.clone())?;
        let (start_column, end_column, type_column) =
            (input.header.id, input.header.end, input.header.rel_type);
        let space_of = |column: usize| match input.header.columns.get(column) {
            Some(Column::StartId(space) | Column::EndId(space)) => space.clone(),
            _ => String::new(),
        };
        let (start_space, end_space) = (space_of(start_column), space_of(end_column));
        let empty = IdSpace::default();
        let start_ids = self.ids.get(&start_space).unwrap_or(&empty);
        let end_ids = self.ids.get(&end_space).unwrap_or(&empty);
        while input.next()? {
            let start = resolve(&input, start_column, &start_space, start_ids)?;
            let end = resolve(&input, end_column, &end_space, end_ids)?;
            let rel_type = input.field(type_column).trim();
            if rel_type.is_empty() {
                return Err(input.error(Some(type_column), "the relationship has no type".into()));
            }
            let properties = input.properties(self.options.array_delimiter)?;
            self.relationships
                .push((rel_type.to_owned(), start, end, properties));
            if self.relationships.len() >= HANDOFF {
                let batch = std::mem::replace(&mut self.relationships, empty_rels(&self.recycled));
                let _ = self.out.send(Parsed::Relationships(batch));
            }
            self.progress.count(false);
        }
        Ok(())
    }
}

/// An empty node batch, reused when one came back.
fn empty_nodes(recycled: &mpsc::Receiver<Parsed>) -> Vec<(Vec<String>, Properties)> {
    match recycled.try_recv() {
        Ok(Parsed::Nodes(batch)) => batch,
        _ => Vec::with_capacity(HANDOFF),
    }
}

/// An empty relationship batch, reused when one came back.
fn empty_rels(recycled: &mpsc::Receiver<Parsed>) -> Vec<(String, NodeId, NodeId, Properties)> {
    match recycled.try_recv() {
        Ok(Parsed::Relationships(batch)) => batch,
        _ => Vec::with_capacity(HANDOFF),
    }
}

/// The kizuna id of the node that `column` of the current record names.
fn resolve(
    input: &Input,
    column: usize,
    space: &str,
    ids: &IdSpace,
) -> Result<NodeId, ImportError> {
    let text = input.field(column);
    if text.is_empty() {
        return Err(input.error(Some(column), "the relationship has no endpoint id".into()));
    }
    ids.get(text).ok_or_else(|| {
        let scope = if space.is_empty() {
            String::new()
        } else {
            format!(" in the id space {space}")
        };
        input.error(
            Some(column),
            format!("no node has the id {}{scope}", quoted(text)),
        )
    })
}

fn progress_bar(enabled: bool, total: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} {bytes_per_sec}, ETA {eta}  {msg}",
    );
    if let Ok(style) = style {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Checks every header before anything is written, so that a wrong file is reported at
/// once rather than after the nodes of a large import.
fn check_headers(nodes: &[PathBuf], edges: &[PathBuf]) -> Result<(), ImportError> {
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    for path in nodes {
        Input::open(path, FileKind::Nodes, read.clone())?;
    }
    for path in edges {
        Input::open(path, FileKind::Relationships, read.clone())?;
    }
    Ok(())
}

/// A sentence about the source keys imported records cite that the database's source
/// catalogue does not hold; none when every key is known or there is no catalogue.
fn unknown_source_warning(
    graph: &crate::Graph,
    first_node: crate::NodeId,
    first_rel: crate::RelId,
) -> Option<String> {
    const SHOWN: usize = 5;
    let unknown = crate::provenance::unknown_sources(graph, first_node, first_rel);
    if unknown.is_empty() {
        return None;
    }
    let records: usize = unknown.values().sum();
    let listed: Vec<String> = unknown
        .iter()
        .take(SHOWN)
        .map(|(key, count)| format!("{key} ({count})"))
        .collect();
    let more = match unknown.len().saturating_sub(SHOWN) {
        0 => String::new(),
        rest => format!(" and {rest} more"),
    };
    Some(format!(
        "{records} imported record(s) cite sources that are not in the source catalogue (no Source node has that key): {}{more}",
        listed.join(", ")
    ))
}

/// Imports node files, then relationship files, into `db` as one all-or-nothing change.
///
/// The records go straight into the in-memory graph; then, for a database on disk, the
/// whole graph is written as a new snapshot whose last step (one small flushed batch)
/// makes the import visible. Any error removes what the import added to the graph, and
/// nothing of it is visible on disk.
pub fn import(
    db: &mut Database,
    nodes: &[PathBuf],
    edges: &[PathBuf],
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    if db.read_only {
        return Err(ImportError::ReadOnly);
    }
    let started = Instant::now();
    check_headers(nodes, edges)?;
    let total: u64 = nodes
        .iter()
        .chain(edges)
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    // Outside a transaction, take_changes reports just the id counters.
    let counters = db.graph.take_changes();
    let (first_node, first_rel) = (counters.next_node_id, counters.next_rel_id);
    let progress = progress_bar(options.progress, total);
    let (parsed, failed) = std::thread::scope(|scope| {
        let (out, batches) = mpsc::sync_channel(16);
        let (recycle, recycled) = mpsc::channel();
        let bar = progress.clone();
        // Parsing on one thread, building the graph on this one.
        let parser = scope.spawn(move || {
            let mut importer = Importer {
                options: options.clone(),
                ids: HashMap::default(),
                next_node: first_node,
                progress: Progress {
                    nodes: 0,
                    relationships: 0,
                    bar,
                    read: std::rc::Rc::new(std::cell::Cell::new(0)),
                },
                out,
                recycled,
                nodes: Vec::with_capacity(HANDOFF),
                relationships: Vec::with_capacity(HANDOFF),
            };
            let outcome = (|| {
                for path in nodes {
                    importer.node_file(path)?;
                }
                importer.hand_off();
                for path in edges {
                    importer.relationship_file(path)?;
                }
                importer.hand_off();
                Ok::<_, ImportError>(())
            })();
            importer.progress.show();
            outcome.map(|()| (importer.progress.nodes, importer.progress.relationships))
        });
        for batch in batches {
            match batch {
                Parsed::Nodes(mut nodes) => {
                    for (labels, properties) in nodes.drain(..) {
                        db.graph.create_node(labels, properties);
                    }
                    let _ = recycle.send(Parsed::Nodes(nodes));
                }
                Parsed::Relationships(mut relationships) => {
                    for (rel_type, start, end, properties) in relationships.drain(..) {
                        // Both endpoints were resolved to nodes of the graph.
                        db.graph
                            .create_relationship(rel_type, start, end, properties);
                    }
                    let _ = recycle.send(Parsed::Relationships(relationships));
                }
            }
        }
        match parser.join() {
            Ok(outcome) => (outcome, false),
            Err(_) => (Ok((0, 0)), true),
        }
    });
    if failed {
        db.graph.discard_from(first_node, first_rel);
        return Err(ImportError::Io {
            file: nodes.first().cloned().unwrap_or_default(),
            source: io::Error::other("the thread reading the files failed"),
        });
    }
    let outcome = parsed;
    let mut chunks = 0;
    let outcome = outcome.and_then(|counts| {
        let Some(store) = &db.store else {
            return Ok(counts);
        };
        let records = db.graph.node_count() + db.graph.relationship_count();
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{wide_bar}] {human_pos}/{human_len} records, ETA {eta}  {msg}",
        );
        if let Ok(style) = style {
            progress.set_style(style.progress_chars("=> "));
        }
        progress.set_length(records as u64);
        progress.set_position(0);
        progress.set_message("writing the snapshot");
        let written = crate::write_snapshot(store, &db.graph, options.batch_size, |done| {
            progress.set_position(done)
        })?;
        chunks = written.chunks;
        Ok(counts)
    });
    progress.finish_and_clear();
    let (imported_nodes, imported_relationships) = match outcome {
        Ok(counts) => counts,
        Err(e) => {
            db.graph.discard_from(first_node, first_rel);
            return Err(e);
        }
    };
    Ok(ImportSummary {
        nodes: imported_nodes,
        relationships: imported_relationships,
        batches: chunks,
        elapsed: started.elapsed(),
        warnings: unknown_source_warning(&db.graph, first_node, first_rel)
            .into_iter()
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(key: &str, kind: Kind, array: bool) -> Column {
        Column::Property {
            key: key.into(),
            kind,
            array,
        }
    }

    #[test]
    fn header_fields() {
        let cases = [
            ("name", property("name", Kind::String, false)),
            ("founded:int", property("founded", Kind::Int, false)),
            ("amount:Double", property("amount", Kind::Float, false)),
            ("aliases:string[]", property("aliases", Kind::String, true)),
            ("ok:boolean[]", property("ok", Kind::Bool, true)),
            ("a:b:long", property("a:b", Kind::Int, false)),
            (
                "id:ID",
                Column::Id {
                    property: Some("id".into()),
                    space: String::new(),
                },
            ),
            (
                ":ID(Org)",
                Column::Id {
                    property: None,
                    space: "Org".into(),
                },
            ),
            (":START_ID(Org)", Column::StartId("Org".into())),
            (":END_ID", Column::EndId(String::new())),
            (":LABEL", Column::Label),
            (":TYPE", Column::Type),
            ("x:IGNORE", Column::Ignore),
        ];
        for (field, expected) in cases {
            assert_eq!(parse_column(field), Ok(expected), "{field}");
        }
        for bad in ["when:instant", ":int", ":ID(Org", "x:IDENT", ""] {
            assert!(parse_column(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn values_of_each_kind() {
        assert_eq!(Kind::Int.value(" 42 "), Ok(Value::Int(42)));
        assert_eq!(Kind::Float.value("1e3"), Ok(Value::Float(1000.0)));
        assert_eq!(Kind::Float.value("7"), Ok(Value::Float(7.0)));
        assert!(matches!(Kind::Float.value("NaN"), Ok(Value::Float(f)) if f.is_nan()));
        assert_eq!(
            Kind::Float.value("-Infinity"),
            Ok(Value::Float(f64::NEG_INFINITY))
        );
        assert_eq!(Kind::Bool.value("TRUE"), Ok(Value::Bool(true)));
        assert_eq!(Kind::String.value(" kept "), Ok(Value::from(" kept ")));
        assert!(Kind::Int.value("1.5").is_err());
        assert!(Kind::Bool.value("1").is_err());
    }

    #[test]
    fn temporal_columns_read_iso_text() {
        for (name, text, shown) in [
            ("date", "2020-03-24", "2020-03-24"),
            ("localtime", "14:30", "14:30"),
            ("time", "14:30:00+06:00", "14:30+06:00"),
            ("localdatetime", "2020-03-24T14:30:00", "2020-03-24T14:30"),
            (
                "DateTime",
                "2020-03-24T14:30+06:00[Asia/Almaty]",
                "2020-03-24T14:30+06:00[Asia/Almaty]",
            ),
            ("duration", "P1Y2M3DT4H", "P1Y2M3DT4H"),
        ] {
            let Ok(Column::Property { kind, .. }) = parse_column(&format!("when:{name}")) else {
                panic!("{name} is a column type");
            };
            let value = kind.value(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(value.temporal_text().as_deref(), Some(shown), "{name}");
        }
        let date = Kind::Temporal(temporal::Kind::Date);
        let refused = date.value("24/03/2020").unwrap_err();
        assert!(refused.contains("is not a date"), "{refused}");
    }

    #[test]
    fn id_spaces_keep_every_spelling_apart() {
        let mut ids = IdSpace::default();
        let texts = [
            "0",
            "7",
            "07",
            "007",
            "-7",
            "+7",
            "7 ",
            "x",
            "",
            "18446744073709551616",
            "99999999999999999",
            "1000000",
            "42",
            "long-id-beyond-twenty-two-bytes",
        ];
        for (n, text) in texts.iter().enumerate() {
            assert!(ids.insert(text, n as NodeId), "{text:?}");
        }
        for (n, text) in texts.iter().enumerate() {
            assert_eq!(ids.get(text), Some(n as NodeId), "{text:?}");
            assert!(!ids.insert(text, 99), "{text:?} is a duplicate");
        }
        assert_eq!(ids.get("8"), None);
        assert_eq!(ids.get("0007"), None);
        // Dense numbers stay in the vector, whose size follows the ids seen.
        let mut dense = IdSpace::default();
        for n in 0..10_000u64 {
            assert!(dense.insert(&n.to_string(), n + 5));
        }
        assert!(dense.map.is_empty());
        assert!(dense.dense.len() <= 4 * 10_000 + 1024);
        assert_eq!(dense.get("9999"), Some(10_004));
    }

    #[test]
    fn a_temporary_database_imports_in_memory() {
        let dir = std::env::temp_dir().join(format!("kizuna-import-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let nodes = dir.join("n.csv");
        let edges = dir.join("e.csv");
        std::fs::write(&nodes, "id:ID,:LABEL,name\na,X,A\nb,X;Y,B\n").unwrap();
        std::fs::write(&edges, ":START_ID,:END_ID,:TYPE\na,b,T\n").unwrap();
        let mut db = Database::open_temporary().unwrap();
        let options = ImportOptions {
            batch_size: 1,
            ..ImportOptions::default()
        };
        let summary = import(
            &mut db,
            std::slice::from_ref(&nodes),
            std::slice::from_ref(&edges),
            &options,
        )
        .unwrap();
        assert_eq!((summary.nodes, summary.relationships), (2, 1));
        assert_eq!(db.graph().label_count("X"), 2);
        assert_eq!(db.graph().relationship_count(), 1);
        std::fs::write(&edges, ":START_ID,:END_ID,:TYPE\na,zz,T\n").unwrap();
        assert!(import(&mut db, &[nodes], &[edges], &options).is_err());
        assert_eq!(db.graph().node_count(), 2, "a failed import adds nothing");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
