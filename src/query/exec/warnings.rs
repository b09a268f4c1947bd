//! Warnings instead of silent emptiness: labels, relationship types and property keys a
//! statement reads that the database has never seen, each with a did-you-mean, and a
//! match on an empty database.

use std::collections::HashSet;

use crate::graph::{is_name_key, normalize_name, Graph};
use crate::query::ast::{
    BinaryOp, Clause, Expr, ExprKind, Literal, PatternPart, SetItem, SingleQuery, Statement,
};

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

/// What a match on an empty database is told.
pub(crate) const EMPTY_DATABASE: &str =
    "the database is empty; `kizuna seed` loads the seed dataset";

/// Warnings for every unknown name the reading parts of `statement` mention.
pub(crate) fn unknown_names(graph: &Graph, statement: &Statement) -> Vec<String> {
    let queries: Vec<&SingleQuery> = std::iter::once(&statement.first)
        .chain(statement.unions.iter().map(|(_, q)| q))
        .collect();
    let clauses = || queries.iter().flat_map(|q| q.clauses.iter());
    if graph.node_count() == 0 {
        let matches = clauses().any(|c| matches!(c, Clause::Match(_)));
        return if matches {
            vec![EMPTY_DATABASE.to_owned()]
        } else {
            Vec::new()
        };
    }
    let labels = graph.labels();
    let types = graph.relationship_types();
    let keys = graph.property_keys();
    let written = written_keys(clauses());
    let maps = map_variables(clauses());
    let mut out = Vec::new();
    let check_key = |key: &str, out: &mut Vec<String>| {
        if !graph.knows_property_key(key) && !written.contains(key) {
            warn("property key", key, &keys, out);
        }
    };
    let check_reads = |expr: &Expr, out: &mut Vec<String>| {
        visit(expr, &mut |e| {
            if let ExprKind::Property(base, key) = &e.kind {
                let on_a_map = match &base.kind {
                    ExprKind::Map(_) | ExprKind::FunctionCall { .. } => true,
                    ExprKind::Variable(v) => maps.contains(v.as_str()),
                    _ => false,
                };
                // `d.year` of a date is no property key, whatever `d` is bound to.
                if !on_a_map && !crate::query::eval::is_temporal_accessor(key) {
                    check_key(key, out);
                }
            }
        });
    };
    for clause in clauses() {
        match clause {
            Clause::Match(m) => {
                for (key, text) in m.pattern.iter().flat_map(literal_names) {
                    other_name(graph, key, text, &mut out);
                }
                if let Some(w) = &m.where_clause {
                    visit(w, &mut |e| {
                        if let Some((key, text)) = compared_name(e) {
                            other_name(graph, key, text, &mut out);
                        }
                    });
                }
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
                    check_reads(w, &mut out);
                }
            }
            Clause::With(p) | Clause::Return(p) => {
                let reads = p.items.iter().map(|i| &i.expr);
                let sorts = p.order_by.iter().map(|s| &s.expr);
                for expr in reads.chain(sorts).chain(p.where_clause.iter()) {
                    check_reads(expr, &mut out);
                }
            }
            Clause::Unwind(u) => check_reads(&u.expr, &mut out),
            Clause::Call(c) => {
                for expr in c.args.iter().flatten().chain(c.where_clause.iter()) {
                    check_reads(expr, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

/// `(key, text)` of each `{name: 'text'}` (or another name key) in a pattern's nodes.
fn literal_names(part: &PatternPart) -> Vec<(&str, &str)> {
    let element = &part.element;
    std::iter::once(&element.start)
        .chain(element.chain.iter().map(|(_, n)| n))
        .filter_map(|node| node.properties.as_ref())
        .flat_map(|props| match &props.kind {
            ExprKind::Map(entries) => entries.iter().collect(),
            _ => Vec::new(),
        })
        .filter_map(|(key, value)| Some((key.as_str(), string_literal(value)?)))
        .collect()
}

/// `(key, text)` of `n.key = 'text'` (either way round).
fn compared_name(expr: &Expr) -> Option<(&str, &str)> {
    let ExprKind::Binary(BinaryOp::Eq, a, b) = &expr.kind else {
        return None;
    };
    property_and_text(a, b).or_else(|| property_and_text(b, a))
}

fn property_and_text<'e>(property: &'e Expr, text: &'e Expr) -> Option<(&'e str, &'e str)> {
    match &property.kind {
        ExprKind::Property(_, key) => Some(key.as_str()).zip(string_literal(text)),
        _ => None,
    }
}

fn string_literal(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Literal(Literal::String(s)) => Some(s),
        _ => None,
    }
}

/// When no institution has `text` as its `key` but some are known by it under another
/// name (an alias, a translation, another case), a warning saying which and how to match.
fn other_name(graph: &Graph, key: &str, text: &str, out: &mut Vec<String>) {
    if !is_name_key(key) {
        return;
    }
    let named: Vec<_> = graph.nodes_named(&normalize_name(text)).collect();
    let exact = named.iter().any(|&id| {
        graph
            .node(id)
            .and_then(|n| n.property(key))
            .is_some_and(|v| v.as_str() == Some(text))
    });
    if exact || named.is_empty() {
        return;
    }
    let canonical: Vec<String> = named
        .iter()
        .filter_map(|&id| graph.node(id)?.property(key)?.as_str().map(str::to_owned))
        .take(3)
        .collect();
    if canonical.is_empty() {
        return;
    }
    let message = format!(
        "no institution has the {key} '{text}', but it is another name of {}: match on `{key}: '{}'`, or find it by any of its names with CALL db.search('{text}')",
        canonical
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", "),
        canonical[0]
    );
    if !out.contains(&message) {
        out.push(message);
    }
}

/// Property keys the statement itself writes, which a later clause may read before the
/// database has ever held them.
fn written_keys<'s>(clauses: impl Iterator<Item = &'s Clause>) -> HashSet<String> {
    let mut keys = HashSet::new();
    let from_pattern = |part: &PatternPart, keys: &mut HashSet<String>| {
        pattern_names(part, &mut |kind, name| {
            if let Name::Key = kind {
                keys.insert(name.to_owned());
            }
        });
    };
    let from_items = |items: &[SetItem], keys: &mut HashSet<String>| {
        for item in items {
            match item {
                SetItem::Property { target, .. } => {
                    if let ExprKind::Property(_, key) = &target.kind {
                        keys.insert(key.clone());
                    }
                }
                SetItem::Replace { value, .. } | SetItem::Merge { value, .. } => {
                    if let ExprKind::Map(entries) = &value.kind {
                        keys.extend(entries.iter().map(|(k, _)| k.clone()));
                    }
                }
                SetItem::Labels { .. } => {}
            }
        }
    };
    for clause in clauses {
        match clause {
            Clause::Create(c) => c.pattern.iter().for_each(|p| from_pattern(p, &mut keys)),
            Clause::Merge(m) => {
                from_pattern(&m.part, &mut keys);
                from_items(&m.on_create, &mut keys);
                from_items(&m.on_match, &mut keys);
            }
            Clause::Set(items, _) => from_items(items, &mut keys),
            _ => {}
        }
    }
    keys
}

/// Variables bound to a map or list of maps written in the statement (`WITH {a: 1} AS m`),
/// whose keys are not the database's.
fn map_variables<'s>(clauses: impl Iterator<Item = &'s Clause>) -> HashSet<&'s str> {
    let is_map = |e: &Expr| match &e.kind {
        ExprKind::Map(_) => true,
        ExprKind::List(items) => items.iter().any(|i| matches!(i.kind, ExprKind::Map(_))),
        _ => false,
    };
    let mut names = HashSet::new();
    for clause in clauses {
        match clause {
            Clause::With(p) => names.extend(
                p.items
                    .iter()
                    .filter(|i| is_map(&i.expr))
                    .filter_map(|i| i.alias.as_ref().map(|a| a.name.as_str())),
            ),
            Clause::Unwind(u) if is_map(&u.expr) => {
                names.insert(u.variable.name.as_str());
            }
            _ => {}
        }
    }
    names
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

    fn warnings_of(db: &mut crate::Database, statement: &str) -> Vec<String> {
        db.execute(statement).unwrap().warnings
    }

    #[test]
    fn unknown_keys_warn_wherever_they_are_read() {
        let mut db = crate::Database::open_temporary().unwrap();
        assert_eq!(
            warnings_of(&mut db, "MATCH (h) RETURN h.name"),
            vec![EMPTY_DATABASE.to_owned()]
        );
        assert!(warnings_of(&mut db, "CREATE (:Hospital {name: 'Kameda'})").is_empty());
        let typo = "the property key `nmae` does not exist in this database; did you mean `name`?";
        for statement in [
            "MATCH (h:Hospital) RETURN h.nmae",
            "MATCH (h:Hospital) WITH h ORDER BY h.nmae RETURN h",
            "MATCH (h:Hospital) WITH h WHERE h.nmae = 'x' RETURN h",
            "MATCH (h:Hospital) UNWIND [h.nmae] AS n RETURN n",
            "MATCH (h:Hospital) WHERE h.nmae = 'x' RETURN h",
        ] {
            assert_eq!(
                warnings_of(&mut db, statement),
                vec![typo.to_owned()],
                "{statement}"
            );
        }
        // Keys the statement writes itself, and keys of maps it wrote, are not the database's.
        for statement in [
            "MATCH (h:Hospital) SET h.founded = 1954 RETURN h.founded",
            "CREATE (n:Hospital {city: 'Kamogawa'}) RETURN n.city",
            "WITH {a: 1} AS m RETURN m.a, {b: 2}.b",
        ] {
            assert!(warnings_of(&mut db, statement).is_empty(), "{statement}");
        }
    }

    #[test]
    fn an_alias_where_a_name_is_matched_says_whose_it_is() {
        let mut db = crate::Database::open_temporary().unwrap();
        db.execute("CREATE (:Hospital {name: 'National Center for Global Health and Medicine', aliases: ['NCGM']})")
            .unwrap();
        let expected = "no institution has the name 'NCGM', but it is another name of 'National Center for Global Health and Medicine': match on `name: 'National Center for Global Health and Medicine'`, or find it by any of its names with CALL db.search('NCGM')";
        for statement in [
            "MATCH (h {name: 'NCGM'}) RETURN h",
            "MATCH (h) WHERE h.name = 'NCGM' RETURN h",
            "MATCH (h) WHERE 'NCGM' = h.name RETURN h",
        ] {
            assert_eq!(
                warnings_of(&mut db, statement),
                vec![expected.to_owned()],
                "{statement}"
            );
        }
        for statement in [
            "MATCH (h {name: 'National Center for Global Health and Medicine'}) RETURN h",
            "MATCH (h {name: 'Nobody'}) RETURN h",
        ] {
            assert!(warnings_of(&mut db, statement).is_empty(), "{statement}");
        }
    }
}
