//! `kizuna check`: reads every record straight from the store and reports what is wrong
//! with it (snapshot chunks that are missing or fail their checksum, records that do not
//! decode, relationships whose endpoints are gone, counters behind the ids, a crashed
//! snapshot's or import's leftovers, indexes that disagree, the format).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::graph::Graph;
use crate::store::{files, Access, Contents, Store, StoreError, FORMAT_VERSION};
use crate::value::NodeId;

/// Problems listed one by one before the rest are only counted.
const SHOWN_PROBLEMS: usize = 20;

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    pub path: PathBuf,
    pub format: Option<u32>,
    pub nodes: usize,
    pub relationships: usize,
    /// The current snapshot generation, if there is one, and the delta records beside it.
    pub snapshot: Option<u64>,
    pub deltas: usize,
    /// One sentence per problem; empty when the database is sound.
    pub problems: Vec<String>,
    /// What an interrupted open, snapshot or import left, which the next writable open
    /// clears: worth knowing, not damage.
    pub notes: Vec<String>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = self
            .format
            .map_or_else(|| "no format version".to_owned(), |v| format!("format {v}"));
        let layout = match self.snapshot {
            Some(generation) => format!("snapshot generation {generation}"),
            None => "no snapshot".to_owned(),
        };
        writeln!(
            f,
            "{}: {format}, {} nodes, {} relationships ({layout}, {} delta records)",
            self.path.display(),
            self.nodes,
            self.relationships,
            self.deltas
        )?;
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        if self.problems.is_empty() {
            return writeln!(f, "no problems found");
        }
        let count = self.problems.len();
        writeln!(
            f,
            "{count} problem{} found:",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in self.problems.iter().take(SHOWN_PROBLEMS) {
            writeln!(f, "- {problem}")?;
        }
        if count > SHOWN_PROBLEMS {
            writeln!(f, "… and {} more", count - SHOWN_PROBLEMS)?;
        }
        Ok(())
    }
}

/// Checks the database at `path` (which must exist). It works on a private copy of the
/// files (see [`Access::Read`]), so the original stays byte for byte as it was, damaged or
/// not: a crashed import or snapshot is reported, not discarded.
pub fn check(path: &Path) -> Result<CheckReport, StoreError> {
    let store = Store::open_unrecovered(path, Access::Read)?;
    Ok(examine(&store)?.0)
}

/// Checks a store that is already open (by [`crate::Database::check`]). An ordinary open
/// has discarded a crashed import's records already, so only the check of an unrecovered
/// store (above) can report one.
pub(crate) fn check_store(store: &Store) -> Result<CheckReport, StoreError> {
    Ok(examine(store)?.0)
}

/// The check's report and the graph of what it could read, for [`repair`].
fn examine(store: &Store) -> Result<(CheckReport, Graph), StoreError> {
    let path = store.path();
    let scan = store.scan()?;
    let mut notes = leftover_files(path);
    if let Some(bytes) = store.discarded_log_bytes().filter(|&b| b > 0) {
        notes.push(format!(
            "sled's recovery skips {bytes} bytes of its log that follow the first record it cannot read: \
             after a crash these are writes that were never reported done, otherwise they are damage \
             (`kizuna check --repair` keeps a backup of the files before it rebuilds the database)"
        ));
    }
    let mut problems = scan.damaged.clone();
    match scan.format {
        None => problems.push("the format version (m/format) is missing".to_owned()),
        Some(v) if v == 0 || v > FORMAT_VERSION => problems.push(format!(
            "the format version is {v}, but this kizuna reads versions 1 to {FORMAT_VERSION}"
        )),
        Some(v) if v < 2 && scan.snapshot.is_some() => problems.push(format!(
            "the database has a snapshot, but its format version is {v}, not 2: older kizuna would misread it"
        )),
        Some(_) => {}
    }
    let current = scan.snapshot.map_or(0, |s| s.generation);
    for &(generation, chunks) in &scan.stale_generations {
        let (state, s) = (
            if generation > current {
                "was left unfinished (a crash while it was written)"
            } else {
                "was replaced, but its chunks remain"
            },
            if chunks == 1 { "" } else { "s" },
        );
        notes.push(format!(
            "snapshot generation {generation} {state}: {chunks} chunk{s} no pointer names; the next writable open discards them"
        ));
    }
    if scan.stale_commits > 0 {
        notes.push(format!(
            "{} commit record{} of writes the snapshot already holds remain; the next writable open discards them",
            scan.stale_commits,
            if scan.stale_commits == 1 { "" } else { "s" }
        ));
    }
    let node_ids: std::collections::HashSet<NodeId> = scan.nodes.iter().map(|n| n.id).collect();
    let (mut dangling, mut dangling_problems) = (0, Vec::new());
    for rel in &scan.relationships {
        for (end, id) in [("starts", rel.start), ("ends", rel.end)] {
            if !node_ids.contains(&id) {
                dangling_problems.push(format!(
                    "relationship {} (:{}) {end} at node {id}, which does not exist",
                    rel.id, rel.rel_type
                ));
            }
        }
        dangling += usize::from(!node_ids.contains(&rel.start) || !node_ids.contains(&rel.end));
    }
    counter_problems(
        "m/next_node",
        "node",
        scan.next_node,
        scan.nodes.iter().map(|n| n.id).max(),
        &mut problems,
    );
    counter_problems(
        "m/next_rel",
        "relationship",
        scan.next_rel,
        scan.relationships.iter().map(|r| r.id).max(),
        &mut problems,
    );
    for id in &scan.pending_imports {
        notes.push(format!(
            "import {id} was left unfinished (its marker m/import/{id} remains); the next writable open discards what it wrote"
        ));
    }
    // After the few whole-database problems, which a long list must not hide.
    problems.extend(dangling_problems);
    let (nodes, relationships) = (scan.nodes.len(), scan.relationships.len());
    // Counters above every id present, so that a repaired database reuses none.
    let next_node_id = scan
        .next_node
        .unwrap_or(0)
        .max(next_id(scan.nodes.iter().map(|n| n.id)));
    let next_rel_id = scan
        .next_rel
        .unwrap_or(0)
        .max(next_id(scan.relationships.iter().map(|r| r.id)));
    let mut graph = Graph::from_contents(Contents {
        next_node_id,
        next_rel_id,
        nodes: scan.nodes,
        relationships: scan.relationships,
    });
    graph.restore_indexes(scan.index_defs);
    if graph.node_count() != nodes {
        problems.push(format!(
            "{nodes} node records were read but the graph holds {}",
            graph.node_count()
        ));
    }
    if graph.relationship_count() + dangling != relationships {
        problems.push(format!(
            "{} relationship records have both endpoints but the graph holds {}",
            relationships - dangling,
            graph.relationship_count()
        ));
    }
    problems.extend(graph.index_problems());
    let report = CheckReport {
        path: path.to_owned(),
        format: scan.format,
        snapshot: scan.snapshot.map(|s| s.generation),
        deltas: scan.deltas,
        nodes,
        relationships,
        problems,
        notes,
    };
    Ok((report, graph))
}

fn next_id(ids: impl Iterator<Item = u64>) -> u64 {
    ids.max().map_or(0, |highest| highest + 1)
}

/// Leftover files of sled's that the next writable open removes.
fn leftover_files(path: &Path) -> Vec<String> {
    files::unfinished_snapshots(path)
        .unwrap_or_default()
        .into_iter()
        .map(|name| {
            format!("{name} is a snapshot file an interrupted open left unfinished; the next writable open removes it")
        })
        .collect()
}

/// What [`repair`] did.
#[derive(Debug)]
pub struct RepairReport {
    pub path: PathBuf,
    /// Where the original files were moved, untouched; `None` when there was nothing to
    /// repair.
    pub backup: Option<PathBuf>,
    pub nodes: usize,
    pub relationships: usize,
    /// What the check found, which the repaired database no longer holds.
    pub dropped: Vec<String>,
}

impl fmt::Display for RepairReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(backup) = &self.backup else {
            return writeln!(
                f,
                "{}: no damage found, nothing to repair ({} nodes, {} relationships)",
                self.path.display(),
                self.nodes,
                self.relationships
            );
        };
        writeln!(
            f,
            "{}: rebuilt with the {} nodes and {} relationships that could be read",
            self.path.display(),
            self.nodes,
            self.relationships
        )?;
        writeln!(f, "dropped or corrected:")?;
        for item in self.dropped.iter().take(SHOWN_PROBLEMS) {
            writeln!(f, "- {item}")?;
        }
        if self.dropped.len() > SHOWN_PROBLEMS {
            writeln!(f, "… and {} more", self.dropped.len() - SHOWN_PROBLEMS)?;
        }
        writeln!(
            f,
            "the original files are kept, unchanged, in {}",
            backup.display()
        )
    }
}

/// Rebuilds a damaged database from what a check can read of it: every node and
/// relationship record that decodes, without relationships whose endpoints are gone,
/// with counters above every id. The original directory is first moved aside, unchanged,
/// as the backup; the repaired database is built beside it and then takes its place.
pub fn repair(path: &Path) -> Result<RepairReport, StoreError> {
    if !path.is_dir() {
        return Err(StoreError::Missing {
            path: path.to_owned(),
        });
    }
    let lock = Store::lock_exclusively(path)?;
    // When sled cannot read its own snapshot file, its log alone still holds every record
    // before the first one it cannot read.
    let (mut report, graph) = match Store::open_copy_held(path, &lock, true) {
        Err(StoreError::Corrupt { .. }) => {
            let (mut report, graph) = examine(&Store::open_copy_held(path, &lock, false)?)?;
            report.problems.insert(
                0,
                "sled could not read its files as they were; what it reads of its log from the start, up to the first record it cannot read, was kept".to_owned(),
            );
            (report, graph)
        }
        opened => examine(&opened?)?,
    };
    let mut repaired = RepairReport {
        path: path.to_owned(),
        backup: None,
        nodes: graph.node_count(),
        relationships: graph.relationship_count(),
        dropped: Vec::new(),
    };
    if report.is_clean() {
        return Ok(repaired);
    }
    let io_err = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Io { path, source }
    };
    let building = sibling(path, "repairing");
    if building.exists() {
        std::fs::remove_dir_all(&building).map_err(io_err(&building))?;
    }
    {
        let store = Store::open(&building, Access::Write { create: true })?;
        crate::write_snapshot(&store, &graph, usize::MAX, |_| {})?;
        // The index definitions, which the snapshot does not carry.
        let mut schema = graph.take_changes();
        schema.index_defs = Some(graph.index_defs());
        store.commit(&schema)?;
    }
    let backup = sibling(path, &format!("damaged-{}", unix_seconds()));
    // The lock moves with the directory; whoever opens `path` next finds the new one.
    std::fs::rename(path, &backup).map_err(io_err(path))?;
    drop(lock);
    std::fs::rename(&building, path).map_err(io_err(path))?;
    repaired.backup = Some(backup);
    repaired.dropped = std::mem::take(&mut report.problems);
    repaired.dropped.extend(report.notes);
    Ok(repaired)
}

/// `<path>.<suffix>`, beside the database directory.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Checks a temporary database, which has only its in-memory graph: the indexes against
/// the entities they index.
pub(crate) fn check_graph(graph: &Graph) -> CheckReport {
    CheckReport {
        path: PathBuf::from("(in memory)"),
        format: None,
        nodes: graph.node_count(),
        relationships: graph.relationship_count(),
        snapshot: None,
        deltas: 0,
        problems: graph.index_problems(),
        notes: Vec::new(),
    }
}

/// A counter must exceed every id handed out, or the next write would reuse one.
fn counter_problems(
    key: &str,
    what: &str,
    counter: Option<u64>,
    highest: Option<u64>,
    problems: &mut Vec<String>,
) {
    let Some(highest) = highest else { return };
    match counter {
        None => problems.push(format!(
            "the counter {key} is missing, though {what} {highest} exists"
        )),
        Some(next) if next <= highest => problems.push(format!(
            "the counter {key} is {next}, not above the highest {what} id {highest}: a new {what} would reuse an id"
        )),
        Some(_) => {}
    }
}
