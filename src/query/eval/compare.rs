//! Value comparison: Cypher's three-valued `=`, the comparability rules of `<`, `<=`, `>`
//! and `>=`, the total order that `ORDER BY`, `min` and `max` use, and the equivalence
//! (with its hash) that `DISTINCT` and grouping use.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use crate::graph::PropertyRef;
use crate::query::ast::BinaryOp;
use crate::value::Value;

/// 2^63 as a float: the first float above every `i64`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// Where integer `i` lies relative to float `f`, exactly (no rounding of `i` to a float,
/// so `2^53 + 1` and `2^53 as f64` are not equal). `None` when `f` is NaN.
pub fn cmp_int_float(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= TWO_POW_63 {
        return Some(Ordering::Less);
    }
    if f < -TWO_POW_63 {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    // In range and integral, so the cast is exact.
    let whole_int = whole as i64;
    Some(match i.cmp(&whole_int) {
        Ordering::Equal => {
            if f > whole {
                Ordering::Less
            } else if f < whole {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        }
        other => other,
    })
}

/// Cypher `=`: `None` is null. Numbers compare by value across integer and float, NaN
/// equals nothing, values of different types are unequal, and lists and maps are equal
/// only if every member is: a definite mismatch anywhere makes them unequal, otherwise a
/// null member makes the answer null.
pub fn cypher_equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => {
            Some(cmp_int_float(*i, *f) == Some(Ordering::Equal))
        }
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || !x.keys().eq(y.keys()) {
                return Some(false);
            }
            all_equal(x.values().zip(y.values()))
        }
        (Value::Node(x), Value::Node(y)) => Some(x == y),
        (Value::Relationship(x), Value::Relationship(y)) => Some(x == y),
        (Value::Path(x), Value::Path(y)) => Some(x == y),
        (Value::Duration(x), Value::Duration(y)) => Some(x == y),
        (x, y) => Some(same_temporal(x, y)),
    }
}

/// Whether two values are the same temporal instant-like value (false for anything else).
fn same_temporal(a: &Value, b: &Value) -> bool {
    match (a.as_temporal(), b.as_temporal()) {
        (Some(x), Some(y)) => x.compare(&y) == Some(Ordering::Equal),
        _ => false,
    }
}

fn all_equal<'v>(pairs: impl Iterator<Item = (&'v Value, &'v Value)>) -> Option<bool> {
    let mut unknown = false;
    for (x, y) in pairs {
        match cypher_equals(x, y) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// The outcome of comparing two values with `<` and friends.
enum Comparison {
    Ordered(Ordering),
    /// NaN was involved: every inequality is false.
    Unordered,
    /// Incomparable types or a null: every inequality is null.
    Unknown,
}

fn compare_partial(a: &Value, b: &Value) -> Comparison {
    let float_cmp = |x: f64, y: f64| match x.partial_cmp(&y) {
        Some(o) => Comparison::Ordered(o),
        None => Comparison::Unordered,
    };
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Comparison::Ordered(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => float_cmp(*x, *y),
        (Value::Int(i), Value::Float(f)) => match cmp_int_float(*i, *f) {
            Some(o) => Comparison::Ordered(o),
            None => Comparison::Unordered,
        },
        (Value::Float(f), Value::Int(i)) => match cmp_int_float(*i, *f) {
            Some(o) => Comparison::Ordered(o.reverse()),
            None => Comparison::Unordered,
        },
        (Value::String(x), Value::String(y)) => Comparison::Ordered(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Comparison::Ordered(x.cmp(y)),
        (x, y) if x.is_temporal() && y.is_temporal() => {
            match (x.as_temporal(), y.as_temporal()) {
                (Some(p), Some(q)) => p
                    .compare_instants(&q)
                    .map_or(Comparison::Unknown, Comparison::Ordered),
                // Durations have no order: a month is not a fixed number of days.
                _ => Comparison::Unknown,
            }
        }
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match compare_partial(p, q) {
                    Comparison::Ordered(Ordering::Equal) => {}
                    other => return other,
                }
            }
            Comparison::Ordered(x.len().cmp(&y.len()))
        }
        _ => Comparison::Unknown,
    }
}

/// `a < b` and friends (`op` is one of `Lt`, `Le`, `Gt`, `Ge`): `None` (null) when the
/// values are not comparable (different types, maps, entities, a null); false whenever a
/// NaN is compared.
pub fn compare_values(op: BinaryOp, a: &Value, b: &Value) -> Option<bool> {
    match compare_partial(a, b) {
        Comparison::Ordered(o) => Some(match op {
            BinaryOp::Lt => o == Ordering::Less,
            BinaryOp::Le => o != Ordering::Greater,
            BinaryOp::Gt => o == Ordering::Greater,
            BinaryOp::Ge => o != Ordering::Less,
            _ => false,
        }),
        Comparison::Unordered => Some(false),
        Comparison::Unknown => None,
    }
}

/// Rank of a value's type in the ascending `ORDER BY` order.
fn order_rank(v: &Value) -> u8 {
    match v {
        Value::Map(_) => 0,
        Value::Node(_) => 1,
        Value::Relationship(_) => 2,
        Value::List(_) => 3,
        Value::Path(_) => 4,
        Value::DateTime(_) => 5,
        Value::LocalDateTime(_) => 6,
        Value::Date(_) => 7,
        Value::Time(_) => 8,
        Value::LocalTime(_) => 9,
        Value::Duration(_) => 10,
        Value::String(_) => 11,
        Value::Bool(_) => 12,
        Value::Int(_) | Value::Float(_) => 13,
        Value::Null => 14,
    }
}

/// The total order of `ORDER BY … ASC` (and of `min`/`max`): maps, nodes,
/// relationships, lists, paths, date times, local date times, dates, times, local
/// times, durations, strings, booleans, numbers (NaN after every other number, integers
/// and floats by value), then null.
pub fn compare_for_order(a: &Value, b: &Value) -> Ordering {
    // Integers are most of what sorts and min/max compare: no rank lookup for them.
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return x.cmp(y);
    }
    let (ra, rb) = (order_rank(a), order_rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => {
            for ((kx, vx), (ky, vy)) in x.iter().zip(y) {
                let o = kx.cmp(ky).then_with(|| compare_for_order(vx, vy));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Node(x), Value::Node(y)) => x.cmp(y),
        (Value::Relationship(x), Value::Relationship(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = compare_for_order(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Path(x), Value::Path(y)) => x
            .nodes
            .cmp(&y.nodes)
            .then_with(|| x.relationships.cmp(&y.relationships)),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => order_floats(*x, *y),
        (Value::Int(i), Value::Float(f)) => cmp_int_float(*i, *f).unwrap_or(Ordering::Less),
        (Value::Float(f), Value::Int(i)) => cmp_int_float(*i, *f)
            .map(Ordering::reverse)
            .unwrap_or(Ordering::Greater),
        (Value::Duration(x), Value::Duration(y)) => {
            (x.months, x.days, x.seconds, x.nanos).cmp(&(y.months, y.days, y.seconds, y.nanos))
        }
        (x, y) => match (x.as_temporal(), y.as_temporal()) {
            (Some(p), Some(q)) => p.compare(&q).unwrap_or(Ordering::Equal),
            _ => Ordering::Equal,
        },
    }
}

/// Compares two rows of `ORDER BY` keys: key `i` sorts descending when `descending[i]`
/// (a missing flag means ascending).
pub fn compare_sort_keys(a: &[Value], b: &[Value], descending: &[bool]) -> Ordering {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let o = compare_for_order(x, y);
        let o = if descending.get(i).copied().unwrap_or(false) {
            o.reverse()
        } else {
            o
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn order_floats(x: f64, y: f64) -> Ordering {
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

/// Cypher equivalence, the sameness of `DISTINCT` and grouping keys: like `=` except that
/// null is equivalent to null and NaN to NaN, so it is always a definite answer.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => {
            cmp_int_float(*i, *f) == Some(Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equivalent(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && equivalent(vx, vy))
        }
        (Value::Node(x), Value::Node(y)) => x == y,
        (Value::Relationship(x), Value::Relationship(y)) => x == y,
        (Value::Path(x), Value::Path(y)) => x == y,
        (Value::Duration(x), Value::Duration(y)) => x == y,
        (x, y) => same_temporal(x, y),
    }
}

/// Hashes `v` consistently with [`equivalent`]: an integral float hashes as the integer
/// it equals, every NaN hashes alike.
pub fn hash_value<H: Hasher>(v: &Value, state: &mut H) {
    match v {
        Value::Null => state.write_u8(0),
        Value::Bool(b) => {
            state.write_u8(1);
            b.hash(state);
        }
        Value::Int(i) => {
            state.write_u8(2);
            i.hash(state);
        }
        Value::Float(f) => {
            if f.is_nan() {
                state.write_u8(3);
            } else if f.fract() == 0.0 && *f >= -TWO_POW_63 && *f < TWO_POW_63 {
                state.write_u8(2);
                (*f as i64).hash(state);
            } else {
                state.write_u8(4);
                f.to_bits().hash(state);
            }
        }
        Value::String(s) => hash_str(s, state),
        Value::List(items) => {
            state.write_u8(6);
            items.len().hash(state);
            for item in items {
                hash_value(item, state);
            }
        }
        Value::Map(map) => {
            state.write_u8(7);
            map.len().hash(state);
            for (k, item) in map {
                k.hash(state);
                hash_value(item, state);
            }
        }
        Value::Node(id) => {
            state.write_u8(8);
            id.hash(state);
        }
        Value::Relationship(id) => {
            state.write_u8(9);
            id.hash(state);
        }
        Value::Path(p) => {
            state.write_u8(10);
            p.hash(state);
        }
        Value::Date(d) => {
            state.write_u8(11);
            d.hash(state);
        }
        Value::LocalTime(t) => {
            state.write_u8(12);
            t.hash(state);
        }
        Value::Time(t) => {
            state.write_u8(13);
            t.hash(state);
        }
        Value::LocalDateTime(t) => {
            state.write_u8(14);
            t.hash(state);
        }
        Value::DateTime(t) => {
            state.write_u8(15);
            t.hash(state);
        }
        Value::Duration(d) => {
            state.write_u8(16);
            d.hash(state);
        }
    }
}

/// Hashes a string as [`hash_value`] hashes the string value of it, without the value.
pub fn hash_str<H: Hasher>(s: &str, state: &mut H) {
    state.write_u8(5);
    s.hash(state);
}

/// Hashes a property as stored (`None`: absent) as [`hash_value`] hashes its value (null
/// for an absent one), without building the value.
pub fn hash_stored<H: Hasher>(stored: Option<&PropertyRef<'_>>, state: &mut H) {
    match stored {
        None => hash_value(&Value::Null, state),
        Some(PropertyRef::Str(s)) => hash_str(s, state),
        Some(PropertyRef::Value(v)) => hash_value(v, state),
    }
}

/// One value compared by Cypher equivalence, for `count(DISTINCT x)` and the like: a
/// [`GroupKey`] of one value without the vector.
#[derive(Debug, Clone)]
pub struct ValueKey(pub Value);

impl PartialEq for ValueKey {
    fn eq(&self, other: &Self) -> bool {
        equivalent(&self.0, &other.0)
    }
}

impl Eq for ValueKey {}

impl Hash for ValueKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

/// A tuple of values compared by Cypher equivalence, for `HashMap`/`HashSet` keys in
/// `DISTINCT`, grouping and `count(DISTINCT …)`: `null ≡ null`, `1 ≡ 1.0`, `NaN ≡ NaN`.
#[derive(Debug, Clone)]
pub struct GroupKey(pub Vec<Value>);

impl PartialEq for GroupKey {
    fn eq(&self, other: &Self) -> bool {
        equivalent_values(&self.0, &other.0)
    }
}

impl Eq for GroupKey {}

impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_values(self.0.iter(), state);
    }
}

/// Whether two tuples of values are equivalent item by item ([`equivalent`]).
pub fn equivalent_values(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equivalent(x, y))
}

/// Hashes a tuple of values consistently with [`equivalent_values`].
pub fn hash_values<'v, H: Hasher>(values: impl ExactSizeIterator<Item = &'v Value>, state: &mut H) {
    values.len().hash(state);
    for v in values {
        hash_value(v, state);
    }
}
