//! `kizuna check`: reads every record straight from the store and reports what is wrong
//! with it (snapshot chunks that are missing or fail their checksum, records that do not
//! decode, relationships whose endpoints are gone, counters behind the ids, a crashed
//! snapshot's or import's leftovers, indexes that disagree, the format).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::graph::Graph;
use crate::store::{Contents, Store, StoreError, FORMAT_VERSION};
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

/// Checks the database at `path` (which must exist). A crashed import is reported, not
/// discarded: the check changes nothing.
pub fn check(path: &Path) -> Result<CheckReport, StoreError> {
    check_store(&Store::open_unrecovered(path, false)?)
}

/// Checks a store that is already open (by [`crate::Database::check`]). An ordinary open
/// has discarded a crashed import's records already, so only the check of an unrecovered
/// store (above) can report one.
pub(crate) fn check_store(store: &Store) -> Result<CheckReport, StoreError> {
    let path = store.path();
    let scan = store.scan()?;
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
        problems.push(format!(
            "snapshot generation {generation} {state}: {chunks} chunk{s} no pointer names; the next ordinary open discards them"
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
        problems.push(format!(
            "import {id} was left unfinished (its marker m/import/{id} remains); the next ordinary open discards what it wrote"
        ));
    }
    // After the few whole-database problems, which a long list must not hide.
    problems.extend(dangling_problems);
    let (nodes, relationships) = (scan.nodes.len(), scan.relationships.len());
    let graph = Graph::from_contents(Contents {
        next_node_id: scan.next_node.unwrap_or(0),
        next_rel_id: scan.next_rel.unwrap_or(0),
        nodes: scan.nodes,
        relationships: scan.relationships,
    });
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
    Ok(CheckReport {
        path: path.to_owned(),
        format: scan.format,
        snapshot: scan.snapshot.map(|s| s.generation),
        deltas: scan.deltas,
        nodes,
        relationships,
        problems,
    })
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
