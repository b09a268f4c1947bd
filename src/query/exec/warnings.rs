//! Warnings instead of silent emptiness: labels, relationship types and property keys a
//! statement reads that the database has never seen, each with a did-you-mean.

use crate::graph::Graph;
use crate::query::ast::{Clause, ExprKind, PatternPart, Statement};

use super::walk::visit;

/// Edit distance between two short names, by characters, ignoring case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The known name closest to `unknown`, if it is close enough to be a likely typo.
fn closest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (distance(unknown, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn warn(kind: &str, name: &str, known: &[&str], out: &mut Vec<String>) {
    let hint = closest(name, known)
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    let message = format!("the {kind} `{name}` does not exist in this database{hint}");
    if !out.contains(&message) {
        out.push(message);
    }
}

/// Warnings for every unknown name the reading parts of `statement` mention.
pub(crate) fn unknown_names(graph: &Graph, statement: &Statement) -> Vec<String> {
    if graph.node_count() == 0 {
        return Vec::new();
    }
    let labels = graph.labels();
    let types = graph.relationship_types();
    let keys = graph.property_keys();
    let mut out = Vec::new();
    let check_key = |key: &str, out: &mut Vec<String>| {
        if !graph.knows_property_key(key) {
            warn("property key", key, &keys, out);
        }
    };
    let queries = std::iter::once(&statement.first).chain(statement.unions.iter().map(|(_, q)| q));
    for query in queries {
        for clause in &query.clauses {
            let Clause::Match(m) = clause else { continue };
            for part in &m.pattern {
                pattern_names(part, &mut |kind, name| match kind {
                    Name::Label if !graph.knows_label(name) => {
                        warn("label", name, &labels, &mut out)
                    }
                    Name::Type if !graph.knows_type(name) => {
                        warn("relationship type", name, &types, &mut out)
                    }
                    Name::Key => check_key(name, &mut out),
                    _ => {}
                });
            }
            if let Some(w) = &m.where_clause {
                visit(w, &mut |e| {
                    if let ExprKind::Property(_, key) = &e.kind {
                        check_key(key, &mut out);
                    }
                });
            }
        }
    }
    out
}

enum Name {
    Label,
    Type,
    Key,
}

fn pattern_names(part: &PatternPart, f: &mut dyn FnMut(Name, &str)) {
    let element = &part.element;
    let nodes = std::iter::once(&element.start).chain(element.chain.iter().map(|(_, n)| n));
    for node in nodes {
        node.labels.iter().for_each(|l| f(Name::Label, l));
        if let Some(props) = &node.properties {
            if let ExprKind::Map(entries) = &props.kind {
                entries.iter().for_each(|(k, _)| f(Name::Key, k));
            }
        }
    }
    for (rel, _) in &element.chain {
        rel.types.iter().for_each(|t| f(Name::Type, t));
        if let Some(props) = &rel.properties {
            if let ExprKind::Map(entries) = &props.kind {
                entries.iter().for_each(|(k, _)| f(Name::Key, k));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            closest("hospital", &["Hospital", "Ministry"]),
            Some("Hospital")
        );
        assert_eq!(closest("FUNDS", &["FUNDED", "PART_OF"]), Some("FUNDED"));
        assert_eq!(closest("Zebra", &["Hospital", "Ministry"]), None);
    }
}
