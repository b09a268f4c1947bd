//! `kizuna stats`: what a database holds, by label and by relationship type.

use std::fmt::Write as _;

use crate::Database;

/// Node counts per label and relationship counts per type, as aligned text.
pub fn report(db: &Database) -> String {
    let graph = db.graph();
    let mut out = String::new();
    if let Some(path) = db.path() {
        let _ = writeln!(out, "database: {}", path.display());
    }
    let labels = graph.labels();
    let types = graph.relationship_types();
    let width = labels
        .iter()
        .chain(types.iter())
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max(13);
    let _ = writeln!(out, "nodes: {}", graph.node_count());
    for label in labels {
        let _ = writeln!(out, "  {label:<width$}  {:>9}", graph.label_count(label));
    }
    let _ = writeln!(out, "relationships: {}", graph.relationship_count());
    for rel_type in types {
        let _ = writeln!(
            out,
            "  {rel_type:<width$}  {:>9}",
            graph.type_count(rel_type)
        );
    }
    if db.path().is_some() {
        let _ = writeln!(out, "bytes on disk: {}", db.size_on_disk());
    }
    out
}
