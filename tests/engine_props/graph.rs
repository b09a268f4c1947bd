//! Random graphs: what is generated, how it is written through the library, and the graph
//! read back from the library that the reference evaluator runs on.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use kizuna::{Database, Properties, Value};

use super::common::Rng;
use super::Val;

pub const LABELS: [&str; 3] = ["A", "B", "C"];
pub const TYPES: [&str; 3] = ["R", "S", "T"];
/// String values share prefixes so that `STARTS WITH` and ranges split them unevenly.
pub const STRINGS: [&str; 5] = ["", "a", "ab", "b", "ba"];
/// Property indexes some graphs get, so that matches start from seeks.
const INDEXES: [&str; 4] = [
    "CREATE INDEX FOR (n:A) ON (n.k)",
    "CREATE INDEX FOR (n:B) ON (n.s)",
    "CREATE INDEX FOR (n:C) ON (n.k, n.s)",
    "CREATE INDEX FOR ()-[r:R]-() ON (r.w)",
];

/// A node as generated: labels and the two node properties, each possibly absent.
#[derive(Clone, Debug)]
pub struct NodeSpec {
    pub labels: Vec<&'static str>,
    pub k: Option<i64>,
    pub s: Option<&'static str>,
}

/// A relationship as generated, between two positions of `GraphSpec::nodes`.
#[derive(Clone, Debug)]
pub struct RelSpec {
    pub rel_type: &'static str,
    pub from: usize,
    pub to: usize,
    pub w: Option<i64>,
}

/// A graph as generated, with the index statements run on it.
#[derive(Clone, Debug)]
pub struct GraphSpec {
    pub nodes: Vec<NodeSpec>,
    pub rels: Vec<RelSpec>,
    pub indexes: Vec<&'static str>,
}

/// Between 10 and 60 nodes and up to twice as many relationships, with self-loops and
/// parallel relationships drawn on purpose as well as by chance.
pub fn random_graph(rng: &mut Rng) -> GraphSpec {
    let node_count = 10 + rng.below(51) as usize;
    let nodes = (0..node_count).map(|_| random_node(rng)).collect();
    let rel_count = node_count / 2 + rng.below(2 * node_count as u64) as usize;
    let mut rels: Vec<RelSpec> = Vec::new();
    for _ in 0..rel_count {
        let mut rel = random_rel(rng, node_count);
        match (rng.below(8), rels.last()) {
            (0, _) => rel.to = rel.from,
            (1, Some(previous)) => (rel.from, rel.to) = (previous.from, previous.to),
            _ => {}
        }
        rels.push(rel);
    }
    let indexes = INDEXES
        .iter()
        .copied()
        .filter(|_| rng.below(3) == 0)
        .collect();
    GraphSpec {
        nodes,
        rels,
        indexes,
    }
}

fn random_node(rng: &mut Rng) -> NodeSpec {
    NodeSpec {
        labels: LABELS
            .iter()
            .copied()
            .filter(|_| rng.below(2) == 0)
            .collect(),
        k: (rng.below(5) != 0).then(|| rng.below(4) as i64),
        s: (rng.below(3) != 0).then(|| STRINGS[rng.below(STRINGS.len() as u64) as usize]),
    }
}

fn random_rel(rng: &mut Rng, node_count: usize) -> RelSpec {
    RelSpec {
        rel_type: TYPES[rng.below(TYPES.len() as u64) as usize],
        from: rng.below(node_count as u64) as usize,
        to: rng.below(node_count as u64) as usize,
        w: (rng.below(3) != 0).then(|| rng.below(3) as i64),
    }
}

impl GraphSpec {
    /// Writes the graph into a new temporary database and creates its indexes.
    pub fn build(&self) -> Database {
        let mut db = Database::open_temporary().expect("temporary database");
        db.write(|tx| {
            let mut ids = Vec::new();
            for node in &self.nodes {
                let labels = node.labels.iter().map(|l| l.to_string()).collect();
                ids.push(tx.create_node(labels, node.properties())?);
            }
            for rel in &self.rels {
                let mut props = Properties::new();
                if let Some(w) = rel.w {
                    props.insert("w".into(), Value::Int(w));
                }
                tx.create_relationship(rel.rel_type, ids[rel.from], ids[rel.to], props)?;
            }
            Ok(())
        })
        .expect("write graph");
        for statement in &self.indexes {
            db.execute(statement)
                .unwrap_or_else(|e| panic!("{statement}: {e}"));
        }
        db
    }

    /// The graph as one Cypher script that recreates it (nodes in id order).
    pub fn cypher(&self) -> String {
        let mut text = String::new();
        for statement in &self.indexes {
            let _ = writeln!(text, "{statement};");
        }
        let mut items: Vec<String> = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let labels: String = node.labels.iter().map(|l| format!(":{l}")).collect();
            let mut props = Vec::new();
            if let Some(k) = node.k {
                props.push(format!("k: {k}"));
            }
            if let Some(s) = node.s {
                props.push(format!("s: '{s}'"));
            }
            items.push(format!("(v{i}{labels}{})", map_text(&props)));
        }
        for rel in &self.rels {
            let props = rel
                .w
                .map(|w| format!("w: {w}"))
                .into_iter()
                .collect::<Vec<_>>();
            items.push(format!(
                "(v{})-[:{}{}]->(v{})",
                rel.from,
                rel.rel_type,
                map_text(&props),
                rel.to
            ));
        }
        if !items.is_empty() {
            let _ = write!(text, "CREATE {};", items.join(",\n       "));
        }
        text
    }

    /// The graph without relationship `index`.
    pub fn without_rel(&self, index: usize) -> GraphSpec {
        let mut smaller = self.clone();
        smaller.rels.remove(index);
        smaller
    }

    /// The graph without its index statement `index`.
    pub fn without_index(&self, index: usize) -> GraphSpec {
        let mut smaller = self.clone();
        smaller.indexes.remove(index);
        smaller
    }

    /// The graph without node `index` and its relationships.
    pub fn without_node(&self, index: usize) -> GraphSpec {
        let mut smaller = self.clone();
        smaller.nodes.remove(index);
        smaller.rels.retain(|r| r.from != index && r.to != index);
        for rel in &mut smaller.rels {
            rel.from -= usize::from(rel.from > index);
            rel.to -= usize::from(rel.to > index);
        }
        smaller
    }
}

impl NodeSpec {
    fn properties(&self) -> Properties {
        let mut props = Properties::new();
        if let Some(k) = self.k {
            props.insert("k".into(), Value::Int(k));
        }
        if let Some(s) = self.s {
            props.insert("s".into(), Value::String(s.to_owned()));
        }
        props
    }
}

fn map_text(entries: &[String]) -> String {
    if entries.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", entries.join(", "))
    }
}

/// A node as the library returns it.
pub struct StoredNode {
    pub id: u64,
    pub labels: Vec<String>,
    pub props: BTreeMap<String, Val>,
}

/// A relationship as the library returns it.
pub struct StoredRel {
    pub id: u64,
    pub rel_type: String,
    pub start: u64,
    pub end: u64,
    pub props: BTreeMap<String, Val>,
}

/// The whole graph as read back through the library's accessors, with each node's
/// relationships (a self-loop listed once).
pub struct StoredGraph {
    pub nodes: Vec<StoredNode>,
    pub rels: Vec<StoredRel>,
    pub node_at: BTreeMap<u64, usize>,
    pub rel_at: BTreeMap<u64, usize>,
    pub incident: BTreeMap<u64, Vec<usize>>,
}

impl StoredGraph {
    pub fn read(db: &Database) -> StoredGraph {
        let nodes: Vec<StoredNode> = db
            .nodes()
            .map(|n| StoredNode {
                id: n.id,
                labels: n.labels,
                props: stored_props(&n.properties),
            })
            .collect();
        let rels: Vec<StoredRel> = db
            .relationships()
            .map(|r| StoredRel {
                id: r.id,
                rel_type: r.rel_type,
                start: r.start,
                end: r.end,
                props: stored_props(&r.properties),
            })
            .collect();
        let node_at = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let rel_at = rels.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let mut incident: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (i, rel) in rels.iter().enumerate() {
            incident.entry(rel.start).or_default().push(i);
            if rel.end != rel.start {
                incident.entry(rel.end).or_default().push(i);
            }
        }
        StoredGraph {
            nodes,
            rels,
            node_at,
            rel_at,
            incident,
        }
    }

    pub fn node(&self, id: u64) -> &StoredNode {
        &self.nodes[self.node_at[&id]]
    }

    pub fn rel(&self, id: u64) -> &StoredRel {
        &self.rels[self.rel_at[&id]]
    }

    pub fn incident(&self, node: u64) -> impl Iterator<Item = &StoredRel> {
        self.incident
            .get(&node)
            .into_iter()
            .flatten()
            .map(|&i| &self.rels[i])
    }
}

fn stored_props(props: &Properties) -> BTreeMap<String, Val> {
    props
        .iter()
        .map(|(key, value)| (key.clone(), Val::from_value(value)))
        .collect()
}
