//! The edges of a diagram: parallel relationships of one type merged into one edge, and
//! what each edge's label (short) and tooltip (complete) say, by a small table of rules
//! per relationship type.

use std::collections::{BTreeMap, BTreeSet};

use super::{citation_lines, edge_style, plain, shorten, thousands, EdgeLabels};
use crate::provenance::Catalogue;
use crate::value::{NodeId, Relationship, Value};

/// Longest property text on an edge before it is shortened with `…` (the tooltip keeps
/// all of it).
const MAX_ANNOTATION: usize = 28;

/// What an edge of one relationship type says before any annotation asked for.
struct LabelRule {
    rel_type: &'static str,
    /// The first of these properties present heads the label (`amount` with its
    /// `currency` and thousands separators): for money, how much, or else what was given.
    headline: &'static [&'static str],
    /// Whether the type's name heads the label when none of `headline` is present.
    name_otherwise: bool,
    /// Annotations under the headline when `--edge-labels` is not given.
    default_keys: &'static [&'static str],
}

const LABEL_RULES: &[LabelRule] = &[
    LabelRule {
        rel_type: "FUNDED",
        headline: &["amount", "purpose", "items", "topic"],
        name_otherwise: true,
        default_keys: &[],
    },
    LabelRule {
        rel_type: "EXCHANGED_WITH",
        headline: &[],
        name_otherwise: false,
        default_keys: &["date"],
    },
    LabelRule {
        rel_type: "PARTNERED_WITH",
        headline: &[],
        name_otherwise: false,
        default_keys: &[],
    },
    LabelRule {
        rel_type: "PART_OF",
        headline: &[],
        name_otherwise: false,
        default_keys: &[],
    },
];

/// Types without a style of their own are told apart by name.
const OTHER_TYPES: LabelRule = LabelRule {
    rel_type: "",
    headline: &[],
    name_otherwise: true,
    default_keys: &[],
};

fn label_rule(rel_type: &str) -> &'static LabelRule {
    LABEL_RULES
        .iter()
        .find(|r| r.rel_type == rel_type)
        .unwrap_or(&OTHER_TYPES)
}

/// One drawn edge: every relationship of one type between the same two nodes (either
/// way round for symmetric types), in id order.
pub(super) struct Edge<'a> {
    pub rels: Vec<&'a Relationship>,
}

impl<'a> Edge<'a> {
    pub fn first(&self) -> &'a Relationship {
        self.rels[0]
    }

    /// The SVG id: `r7`, or `r7_r9_r12` for merged relationships.
    pub fn svg_id(&self) -> String {
        let ids: Vec<String> = self.rels.iter().map(|r| format!("r{}", r.id)).collect();
        ids.join("_")
    }

    /// The label: the headline and annotations of one relationship, or for several
    /// `3× EXCHANGED_WITH` over what they have in common (one value, or a range of dates).
    pub fn label(&self, labels: &EdgeLabels) -> String {
        match self.rels.as_slice() {
            [one] => RelText::of(one, labels).short_lines().join("\n"),
            many => merged_label(many, labels),
        }
    }

    /// Every relationship's type, id and labelled properties in full, then its sources.
    pub fn tooltip(&self, labels: &EdgeLabels, catalogue: &Catalogue) -> String {
        let blocks: Vec<String> = self
            .rels
            .iter()
            .map(|rel| {
                let mut lines = vec![format!("{} #{}", rel.rel_type, rel.id)];
                lines.extend(RelText::of(rel, labels).full_lines());
                let cited = citation_lines(&catalogue.cite(&rel.properties));
                if !cited.is_empty() {
                    lines.push(cited);
                }
                lines.join("\n")
            })
            .collect();
        blocks.join("\n\n")
    }
}

/// Groups relationships (given in id order) into edges, in the order of their first ids.
pub(super) fn merge_parallel<'a>(rels: impl Iterator<Item = &'a Relationship>) -> Vec<Edge<'a>> {
    let mut edges: Vec<Edge<'a>> = Vec::new();
    let mut by_ends: BTreeMap<(&str, NodeId, NodeId), usize> = BTreeMap::new();
    for rel in rels {
        let ends = if edge_style(&rel.rel_type).undirected {
            (rel.start.min(rel.end), rel.start.max(rel.end))
        } else {
            (rel.start, rel.end)
        };
        let key = (rel.rel_type.as_str(), ends.0, ends.1);
        match by_ends.get(&key) {
            Some(&at) => edges[at].rels.push(rel),
            None => {
                by_ends.insert(key, edges.len());
                edges.push(Edge { rels: vec![rel] });
            }
        }
    }
    edges
}

/// What one relationship's label says, before shortening: the headline, then
/// `(key, text)` annotations.
struct RelText {
    headline: Option<(Vec<&'static str>, String)>,
    annotations: Vec<(String, String)>,
}

impl RelText {
    fn of(rel: &Relationship, labels: &EdgeLabels) -> RelText {
        let rule = label_rule(&rel.rel_type);
        let headline = headline(rel, rule);
        let keys: Vec<&str> = match labels {
            EdgeLabels::Default => rule.default_keys.to_vec(),
            EdgeLabels::Keys(keys) => keys.iter().map(String::as_str).collect(),
        };
        let used = headline
            .as_ref()
            .map_or(&[][..], |(keys, _)| keys.as_slice());
        let annotations = keys
            .into_iter()
            .filter(|key| !used.contains(key))
            .filter_map(|key| {
                let value = rel.properties.get(key).filter(|v| !v.is_null())?;
                Some((key.to_owned(), as_precise_as_known(rel, key, plain(value))))
            })
            .collect();
        RelText {
            headline,
            annotations,
        }
    }

    fn headline_text(&self) -> Option<&str> {
        self.headline.as_ref().map(|(_, text)| text.as_str())
    }

    fn short_lines(&self) -> Vec<String> {
        self.headline_text()
            .into_iter()
            .chain(self.annotations.iter().map(|(_, text)| text.as_str()))
            .map(|text| shorten(text, MAX_ANNOTATION))
            .collect()
    }

    /// For the tooltip: only what the label had to shorten or name by key.
    fn full_lines(&self) -> Vec<String> {
        let headline = self
            .headline
            .as_ref()
            .filter(|(keys, _)| !keys.is_empty())
            .map(|(keys, text)| format!("{}: {text}", keys[0]));
        headline
            .into_iter()
            .chain(
                self.annotations
                    .iter()
                    .map(|(key, text)| format!("{key}: {text}")),
            )
            .collect()
    }
}

/// The rule's first headline property present (with the keys it used), or the type name.
fn headline(rel: &Relationship, rule: &LabelRule) -> Option<(Vec<&'static str>, String)> {
    for &key in rule.headline {
        let Some(value) = rel.properties.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        if key == "amount" {
            let Some(amount) = thousands(value) else {
                continue;
            };
            return Some(match rel.properties.get("currency").map(plain) {
                Some(currency) => (vec!["amount", "currency"], format!("{amount} {currency}")),
                None => (vec!["amount"], amount),
            });
        }
        return Some((vec![key], plain(value)));
    }
    rule.name_otherwise
        .then(|| (Vec::new(), rel.rel_type.clone()))
}

/// `3× EXCHANGED_WITH`, then the headline when all share it, then per annotation key
/// the one value they share, the range of their dates, or how many values they have.
fn merged_label(rels: &[&Relationship], labels: &EdgeLabels) -> String {
    let texts: Vec<RelText> = rels.iter().map(|r| RelText::of(r, labels)).collect();
    let mut lines = vec![format!("{}× {}", rels.len(), rels[0].rel_type)];
    let headlines: BTreeSet<Option<&str>> = texts.iter().map(RelText::headline_text).collect();
    if let [Some(shared)] = headlines.into_iter().collect::<Vec<_>>().as_slice() {
        if *shared != rels[0].rel_type {
            lines.push(shorten(shared, MAX_ANNOTATION));
        }
    }
    let mut keys: Vec<&str> = Vec::new();
    for text in &texts {
        for (key, _) in &text.annotations {
            if !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
    }
    for key in keys {
        let values: BTreeSet<&str> = texts
            .iter()
            .flat_map(|t| t.annotations.iter())
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect();
        lines.push(summarise(key, &values));
    }
    lines.join("\n")
}

/// A date shown no more precisely than its `<key>_precision` (`month`, `year`) says it is
/// known: a fact of June 2020 is stored as 2020-06-01 and drawn as `2020-06`.
fn as_precise_as_known(rel: &Relationship, key: &str, text: String) -> String {
    let precision = rel.properties.get(&format!("{key}_precision"));
    let kept = match precision {
        Some(Value::String(p)) if p == "year" => 4,
        Some(Value::String(p)) if p == "month" => 7,
        _ => return text,
    };
    text.chars().take(kept).collect()
}

/// One value as it is; dates as `first…last`; other values as a count (`3 topics`).
fn summarise(key: &str, values: &BTreeSet<&str>) -> String {
    let (Some(first), Some(last)) = (values.first(), values.last()) else {
        return String::new();
    };
    if values.len() == 1 {
        shorten(first, MAX_ANNOTATION)
    } else if key == "date" || key.ends_with("_date") {
        format!("{first}…{last}")
    } else {
        format!("{} {key}s", values.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::RelId;

    fn rel(
        id: RelId,
        rel_type: &str,
        ends: (NodeId, NodeId),
        props: &[(&str, Value)],
    ) -> Relationship {
        Relationship {
            id,
            rel_type: rel_type.to_owned(),
            start: ends.0,
            end: ends.1,
            properties: props
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }

    #[test]
    fn edge_labels_follow_the_options() {
        let r = rel(
            3,
            "EXCHANGED_WITH",
            (1, 2),
            &[("date", "2020-06".into()), ("topic", "telemedicine".into())],
        );
        let edges = merge_parallel([&r].into_iter());
        assert_eq!(edges[0].label(&EdgeLabels::Default), "2020-06");
        assert_eq!(
            edges[0].label(&EdgeLabels::parse("topic,date")),
            "telemedicine\n2020-06"
        );
        assert_eq!(edges[0].label(&EdgeLabels::parse("none")), "");
    }

    #[test]
    fn funding_says_how_much_or_else_what() {
        let money = rel(
            1,
            "FUNDED",
            (1, 2),
            &[("amount", Value::Int(68_790)), ("currency", "USD".into())],
        );
        let goods = rel(
            2,
            "FUNDED",
            (1, 3),
            &[
                ("purpose", "CT examination room".into()),
                ("topic", "equipment".into()),
            ],
        );
        let bare = rel(3, "FUNDED", (1, 4), &[]);
        let labels = EdgeLabels::parse("purpose,topic");
        let edges = merge_parallel([&money, &goods, &bare].into_iter());
        assert_eq!(edges[0].label(&EdgeLabels::Default), "68,790 USD");
        assert_eq!(edges[1].label(&labels), "CT examination room\nequipment");
        assert_eq!(edges[2].label(&labels), "FUNDED");
    }

    #[test]
    fn parallel_relationships_become_one_edge() {
        let rels = [
            rel(1, "EXCHANGED_WITH", (1, 2), &[("date", "2020-11".into())]),
            rel(2, "EXCHANGED_WITH", (2, 1), &[("date", "2020-03".into())]),
            rel(3, "SUPPORTED", (1, 2), &[]),
            rel(4, "EXCHANGED_WITH", (1, 2), &[("date", "2020-06".into())]),
            rel(5, "SUPPORTED", (2, 1), &[]),
        ];
        let edges = merge_parallel(rels.iter());
        let ids: Vec<String> = edges.iter().map(Edge::svg_id).collect();
        assert_eq!(ids, ["r1_r2_r4", "r3", "r5"]);
        assert_eq!(
            edges[0].label(&EdgeLabels::Default),
            "3× EXCHANGED_WITH\n2020-03…2020-11"
        );
        let long = "a topic much longer than the label can hold";
        let same = [
            rel(1, "PARTNERED_WITH", (1, 2), &[("topic", long.into())]),
            rel(2, "PARTNERED_WITH", (1, 2), &[("topic", long.into())]),
            rel(3, "PARTNERED_WITH", (1, 2), &[("topic", "other".into())]),
        ];
        let edges = merge_parallel(same[..2].iter());
        let labels = EdgeLabels::parse("topic");
        assert_eq!(
            edges[0].label(&labels),
            "2× PARTNERED_WITH\na topic much longer than th…"
        );
        assert!(edges[0]
            .tooltip(&labels, &Catalogue::default())
            .contains(long));
        let edges = merge_parallel(same.iter());
        assert_eq!(edges[0].label(&labels), "3× PARTNERED_WITH\n2 topics");
    }
}
