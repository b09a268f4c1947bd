//! Values, nodes, relationships and paths: the data model shared by every layer.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::temporal::{self, Temporal};

/// Stable identifier of a node; never reused within a database.
pub type NodeId = u64;
/// Stable identifier of a relationship; never reused within a database.
pub type RelId = u64;

/// Properties of a node or relationship, sorted by key so that output is deterministic.
pub type Properties = PropertyMap;

/// A small map from property key to value, kept as a vector sorted by key.
///
/// Nodes and relationships carry a handful of properties each; a sorted vector costs a
/// fraction of a `BTreeMap`'s node allocation, which matters at millions of relationships.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyMap {
    entries: Vec<(String, Value)>,
}

impl PropertyMap {
    pub fn new() -> Self {
        PropertyMap::default()
    }

    /// A map of entries already sorted by key, without duplicates (as the graph decodes
    /// them); anything else is sorted here.
    pub(crate) fn from_sorted(entries: Vec<(String, Value)>) -> Self {
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            PropertyMap { entries }
        } else {
            entries.into_iter().collect()
        }
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key`, returning the value it replaced.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.position(key).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Value)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The properties as a Cypher map value.
    pub fn to_map(&self) -> BTreeMap<String, Value> {
        self.entries.iter().cloned().collect()
    }

    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
}

impl FromIterator<(String, Value)> for PropertyMap {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut map = PropertyMap::new();
        map.extend(iter);
        map
    }
}

impl Extend<(String, Value)> for PropertyMap {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl From<BTreeMap<String, Value>> for PropertyMap {
    fn from(map: BTreeMap<String, Value>) -> Self {
        // Already sorted and unique: no searching needed.
        PropertyMap {
            entries: map.into_iter().collect(),
        }
    }
}

impl IntoIterator for PropertyMap {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a PropertyMap {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for PropertyMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for PropertyMap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Straight into the vector: records are written in key order, so loading a
        // million of them allocates nothing but the entries themselves.
        struct Entries;

        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = PropertyMap;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of properties")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<PropertyMap, A::Error> {
                let mut entries: Vec<(String, Value)> =
                    Vec::with_capacity(access.size_hint().unwrap_or(0));
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                let sorted = entries.windows(2).all(|w| w[0].0 < w[1].0);
                if sorted {
                    Ok(PropertyMap { entries })
                } else {
                    Ok(entries.into_iter().collect())
                }
            }
        }

        deserializer.deserialize_map(Entries)
    }
}

/// A Cypher value.
///
/// Nodes, relationships and paths are references by id: their labels and properties are
/// looked up in the graph (during execution) or in a [`crate::QueryResult`]'s entity
/// snapshot (after execution). Scalars, lists of scalars and the temporal values may be
/// stored as properties; a stored list may not contain maps or nulls (as in Neo4j). New
/// variants go at the end: stored records name variants by position.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Node(NodeId),
    Relationship(RelId),
    /// Boxed: paths are rare, and keeping them out of line halves the size of every value.
    Path(Box<Path>),
    Date(temporal::Date),
    LocalTime(temporal::LocalTime),
    Time(temporal::Time),
    LocalDateTime(temporal::LocalDateTime),
    /// Boxed, as the zone name would otherwise widen every value.
    DateTime(Box<temporal::DateTime>),
    Duration(Box<temporal::Duration>),
}

/// A path: `nodes.len() == relationships.len() + 1`; relationship `i` joins node `i` and
/// node `i + 1`, in either stored direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Path {
    pub nodes: Vec<NodeId>,
    pub relationships: Vec<RelId>,
}

/// A node (an institution) as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: NodeId,
    /// The first label is the node's kind.
    pub labels: Vec<String>,
    pub properties: Properties,
}

/// A directed, typed relationship as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: RelId,
    pub rel_type: String,
    pub start: NodeId,
    pub end: NodeId,
    pub properties: Properties,
}

impl Value {
    /// The Cypher type name, as used in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::String(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Node(_) => "Node",
            Value::Relationship(_) => "Relationship",
            Value::Path(_) => "Path",
            Value::Date(_) => "Date",
            Value::LocalTime(_) => "LocalTime",
            Value::Time(_) => "Time",
            Value::LocalDateTime(_) => "LocalDateTime",
            Value::DateTime(_) => "DateTime",
            Value::Duration(_) => "Duration",
        }
    }

    /// The value as a temporal instant, if it is one (durations are not).
    pub fn as_temporal(&self) -> Option<Temporal> {
        Some(match self {
            Value::Date(d) => Temporal::Date(*d),
            Value::LocalTime(t) => Temporal::LocalTime(*t),
            Value::Time(t) => Temporal::Time(*t),
            Value::LocalDateTime(t) => Temporal::LocalDateTime(*t),
            Value::DateTime(t) => Temporal::DateTime((**t).clone()),
            _ => return None,
        })
    }

    /// Whether the value is a temporal instant or a duration.
    pub fn is_temporal(&self) -> bool {
        matches!(
            self,
            Value::Date(_)
                | Value::LocalTime(_)
                | Value::Time(_)
                | Value::LocalDateTime(_)
                | Value::DateTime(_)
                | Value::Duration(_)
        )
    }

    /// The ISO text of a temporal value or duration (`None` for other values).
    pub fn temporal_text(&self) -> Option<String> {
        match self {
            Value::Duration(d) => Some(d.to_string()),
            other => other.as_temporal().map(|t| t.to_string()),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether the value may be stored as a property value (null means "remove").
    pub fn is_storable(&self) -> bool {
        match self {
            Value::List(items) => items.iter().all(Value::is_storable_scalar),
            other => other.is_storable_scalar(),
        }
    }

    fn is_storable_scalar(&self) -> bool {
        matches!(
            self,
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::String(_)
        ) || self.is_temporal()
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// The compact binary form of a temporal value or duration inside the graph's and the
/// snapshot's own record encodings (which tag it and prefix its length).
pub(crate) fn temporal_bytes(value: &Value) -> Vec<u8> {
    bincode::serde::encode_to_vec(value, bincode::config::standard()).unwrap_or_default()
}

/// The value [`temporal_bytes`] wrote; null for anything else.
pub(crate) fn temporal_from_bytes(bytes: &[u8]) -> Value {
    match bincode::serde::decode_from_slice(bytes, bincode::config::standard()) {
        Ok((value, _)) => value,
        Err(_) => Value::Null,
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}
impl From<Temporal> for Value {
    fn from(t: Temporal) -> Self {
        match t {
            Temporal::Date(d) => Value::Date(d),
            Temporal::LocalTime(t) => Value::LocalTime(t),
            Temporal::Time(t) => Value::Time(t),
            Temporal::LocalDateTime(t) => Value::LocalDateTime(t),
            Temporal::DateTime(t) => Value::DateTime(Box::new(t)),
        }
    }
}
impl From<temporal::Duration> for Value {
    fn from(d: temporal::Duration) -> Self {
        Value::Duration(Box::new(d))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

/// Structural equality used by tests and by storage round trips: `Int(1) != Float(1.0)`,
/// and `NaN == NaN`. Cypher's own `=` (with null logic and numeric coercion) lives in the
/// query evaluator.
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Node(a), Value::Node(b)) => a == b,
            (Value::Relationship(a), Value::Relationship(b)) => a == b,
            (Value::Path(a), Value::Path(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::LocalTime(a), Value::LocalTime(b)) => a == b,
            (Value::Time(a), Value::Time(b)) => a == b,
            (Value::LocalDateTime(a), Value::LocalDateTime(b)) => a == b,
            (Value::DateTime(a), Value::DateTime(b)) => a == b,
            (Value::Duration(a), Value::Duration(b)) => a == b,
            _ => false,
        }
    }
}

/// Cypher literal notation for scalars, lists and maps; entities print by id.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", format_float(*x)),
            Value::String(s) => write!(f, "'{}'", escape_string(s)),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Map(map) => {
                f.write_str("{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {v}", crate::value::display_key(k))?;
                }
                f.write_str("}")
            }
            Value::Node(id) => write!(f, "node({id})"),
            Value::Relationship(id) => write!(f, "relationship({id})"),
            Value::Path(p) => write!(f, "path({} nodes)", p.nodes.len()),
            Value::Duration(d) => write!(f, "duration('{d}')"),
            other => match other.as_temporal() {
                Some(t) => write!(f, "{}('{t}')", other.type_name().to_ascii_lowercase()),
                None => Ok(()),
            },
        }
    }
}

/// A float as Cypher prints it: always with a fractional part or exponent.
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let s = format!("{x:?}");
    if s.contains('.') || s.contains('e') || s.contains("inf") {
        s
    } else {
        format!("{s}.0")
    }
}

/// A float as Neo4j turns it into a string (`toString`, concatenation), which is Java's
/// `Double.toString`: the shortest digits that read back as the same float, written as a
/// plain decimal when 10^-3 <= |x| < 10^7 and otherwise as one digit, a point, at least
/// one more digit and `E` with the exponent (`1.0E20`, `1.23456789E8`, `1.0E-5`).
pub fn java_float_text(x: f64) -> String {
    let magnitude = x.abs();
    if !x.is_finite() || magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        return format_float(x);
    }
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    if mantissa.contains('.') {
        format!("{mantissa}E{exponent}")
    } else {
        format!("{mantissa}.0E{exponent}")
    }
}

/// Escapes a string for a single-quoted Cypher literal.
pub fn escape_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// A map key or identifier, backquoted when it is not a plain identifier.
pub fn display_key(k: &str) -> String {
    let plain = !k.is_empty()
        && k.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        k.to_owned()
    } else {
        format!("`{}`", k.replace('`', "``"))
    }
}

#[cfg(test)]
mod tests {
    use super::java_float_text;

    #[test]
    fn floats_are_written_as_java_writes_them() {
        for (x, text) in [
            (1e20, "1.0E20"),
            (123_456_789.0, "1.23456789E8"),
            (1e7, "1.0E7"),
            (9_999_999.5, "9999999.5"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (-2.5e-10, "-2.5E-10"),
            (1.0, "1.0"),
            (0.0, "0.0"),
        ] {
            assert_eq!(java_float_text(x), text, "{x}");
        }
    }
}
