//! Where facts come from: the source catalogue (`Source` nodes keyed by document), the
//! `source` property through which nodes and relationships name their documents, and
//! the citations `db.provenance`, the shell's `:why` and the DOT tooltips show.
//!
//! **Invariant:** the catalogue is ordinary data. Nothing here writes; a source key that
//! no `Source` node carries still yields a citation, only without a title.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::graph::Graph;
use crate::value::{NodeId, Properties, RelId, Value};

/// The label of catalogue entries.
pub const SOURCE_LABEL: &str = "Source";
/// The property of a `Source` node that facts name it by (the document's file name).
pub const KEY: &str = "key";
/// The property of a fact that names its sources: a list of keys (a single string is
/// read as a list of one).
pub const SOURCE: &str = "source";
/// The property of a fact that quotes its first source.
pub const EVIDENCE: &str = "evidence";

/// The source keys a `source` value names, in order.
pub fn source_keys(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(key)) => vec![key.clone()],
        Some(Value::List(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// What the catalogue says about one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub title: Option<String>,
    pub title_en: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// Every `Source` node of a graph, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    entries: BTreeMap<String, Entry>,
}

fn text(properties: &Properties, key: &str) -> Option<String> {
    properties
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

impl Catalogue {
    pub fn of(graph: &Graph) -> Catalogue {
        let mut entries = BTreeMap::new();
        for id in graph.nodes_with_label(SOURCE_LABEL) {
            let Some(node) = graph.node(id) else { continue };
            let properties = node.properties();
            let Some(key) = text(&properties, KEY) else {
                continue;
            };
            let entry = Entry {
                title: text(&properties, "title"),
                title_en: text(&properties, "title_en"),
                publisher: text(&properties, "publisher"),
                published: text(&properties, "published"),
                url: text(&properties, "url"),
            };
            entries.insert(key, entry);
        }
        Catalogue { entries }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// One citation per source a fact with these properties names, in the order named.
    /// The evidence quote belongs to the first source.
    pub fn cite(&self, properties: &Properties) -> Vec<Citation> {
        let evidence = text(properties, EVIDENCE);
        source_keys(properties.get(SOURCE))
            .into_iter()
            .enumerate()
            .map(|(i, key)| Citation {
                entry: self.entries.get(&key).cloned(),
                evidence: if i == 0 { evidence.clone() } else { None },
                key,
            })
            .collect()
    }
}

/// One source of one fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub key: String,
    /// `None` when the catalogue has no entry for the key.
    pub entry: Option<Entry>,
    pub evidence: Option<String>,
}

impl Citation {
    /// `title (title_en), publisher, published`, as much as is known; the key alone when
    /// the catalogue does not know it.
    pub fn heading(&self) -> String {
        let Some(entry) = &self.entry else {
            return format!("{} (not in the source catalogue)", self.key);
        };
        let mut out = entry.title.clone().unwrap_or_else(|| self.key.clone());
        if let Some(english) = entry
            .title_en
            .as_ref()
            .filter(|e| Some(*e) != entry.title.as_ref())
        {
            let _ = write!(out, " ({english})");
        }
        for detail in [&entry.publisher, &entry.published].into_iter().flatten() {
            let _ = write!(out, ", {detail}");
        }
        out
    }
}

/// A node or a relationship whose provenance is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Node(NodeId),
    Relationship(RelId),
}

impl Fact {
    /// The properties of the fact, if it exists.
    pub fn properties(self, graph: &Graph) -> Option<Properties> {
        match self {
            Fact::Node(id) => graph.node(id).map(|n| n.properties()),
            Fact::Relationship(id) => graph.relationship(id).map(|r| r.properties()),
        }
    }

    /// `Kameda Medical Center (Hospital 41)` or
    /// `Beihai People's Hospital -[EXCHANGED_WITH]-> Kameda Medical Center (relationship 97)`.
    pub fn describe(self, graph: &Graph) -> String {
        let node_name = |id: NodeId| {
            graph
                .node(id)
                .and_then(|n| n.property("name").or_else(|| n.property(KEY)))
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| format!("node {id}"))
        };
        match self {
            Fact::Node(id) => {
                let kind = graph
                    .node(id)
                    .and_then(|n| n.first_label())
                    .unwrap_or("node");
                format!("{} ({kind} {id})", node_name(id))
            }
            Fact::Relationship(id) => match graph.relationship(id) {
                Some(rel) => format!(
                    "{} -[{}]-> {} (relationship {id})",
                    node_name(rel.start()),
                    rel.rel_type(),
                    node_name(rel.end())
                ),
                None => format!("relationship {id}"),
            },
        }
    }
}

/// The citations of a fact, as a readable block: what the fact is, then each source's
/// heading, address and quote.
pub fn explain(graph: &Graph, fact: Fact) -> String {
    let mut out = fact.describe(graph);
    let properties = fact.properties(graph).unwrap_or_default();
    // What the seed says about how certain the fact is, before where it comes from.
    for key in ["status", "note"] {
        if let Some(value) = properties.get(key).and_then(Value::as_str) {
            let _ = write!(out, "\n  {key}: {value}");
        }
    }
    let citations = Catalogue::of(graph).cite(&properties);
    if citations.is_empty() {
        out.push_str("\n  names no source");
    }
    for (i, citation) in citations.iter().enumerate() {
        let _ = write!(out, "\n  [{}] {}", i + 1, citation.heading());
        let _ = write!(out, "\n      file: {}", citation.key);
        if let Some(url) = citation.entry.as_ref().and_then(|e| e.url.as_ref()) {
            let _ = write!(out, "\n      url: {url}");
        }
        if let Some(quote) = &citation.evidence {
            let _ = write!(out, "\n      「{quote}」");
        }
    }
    out
}

/// Source keys that records named from `first_node` and `first_rel` on cite but the
/// catalogue lacks, with how many records cite each; empty when the graph has no
/// catalogue at all (data that does not use one is not held to it).
pub fn unknown_sources(
    graph: &Graph,
    first_node: NodeId,
    first_rel: RelId,
) -> BTreeMap<String, usize> {
    let catalogue = Catalogue::of(graph);
    let mut unknown = BTreeMap::new();
    if catalogue.is_empty() {
        return unknown;
    }
    let mut note = |value: Option<Value>| {
        for key in source_keys(value.as_ref()) {
            if !catalogue.contains(&key) {
                *unknown.entry(key).or_insert(0) += 1;
            }
        }
    };
    for id in graph.node_ids().into_iter().filter(|&id| id >= first_node) {
        note(graph.node(id).and_then(|n| n.property(SOURCE)));
    }
    for id in graph
        .relationship_ids()
        .into_iter()
        .filter(|&id| id >= first_rel)
    {
        note(graph.relationship(id).and_then(|r| r.property(SOURCE)));
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties(pairs: &[(&str, Value)]) -> Properties {
        let mut properties = Properties::new();
        for (key, value) in pairs {
            properties.insert((*key).to_owned(), value.clone());
        }
        properties
    }

    fn catalogue() -> Catalogue {
        let entry = Entry {
            title: Some("中日医学云端交流会".into()),
            title_en: Some("Japan-China online medical exchanges".into()),
            publisher: Some("an exchange center".into()),
            published: Some("2021".into()),
            url: None,
        };
        Catalogue {
            entries: [("004.txt".to_owned(), entry)].into_iter().collect(),
        }
    }

    #[test]
    fn a_source_is_a_list_of_keys_or_one_key() {
        let list = Value::List(vec!["a.txt".into(), Value::Int(3), "b.txt".into()]);
        assert_eq!(source_keys(Some(&list)), ["a.txt", "b.txt"]);
        assert_eq!(source_keys(Some(&Value::from("a.txt"))), ["a.txt"]);
        assert!(source_keys(None).is_empty());
    }

    #[test]
    fn the_quote_goes_with_the_first_source_and_unknown_keys_are_cited_bare() {
        let fact = properties(&[
            (
                SOURCE,
                Value::List(vec!["004.txt".into(), "missing.txt".into()]),
            ),
            (EVIDENCE, "9次线上形式".into()),
        ]);
        let citations = catalogue().cite(&fact);
        assert_eq!(citations.len(), 2);
        assert_eq!(citations[0].evidence.as_deref(), Some("9次线上形式"));
        assert_eq!(
            citations[0].heading(),
            "中日医学云端交流会 (Japan-China online medical exchanges), an exchange center, 2021"
        );
        assert_eq!(citations[1].evidence, None);
        assert_eq!(
            citations[1].heading(),
            "missing.txt (not in the source catalogue)"
        );
    }
}
