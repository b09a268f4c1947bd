//! Aggregation: one [`Accumulator`] per aggregate call and group, fed one value per row.
//! The executor groups rows and evaluates the arguments; this module only folds values.

use rustc_hash::FxHashSet as HashSet;
use std::cmp::Ordering;

use super::compare::{compare_for_order, equivalent, ValueKey};
use super::{argument_error, describe, type_error};
use crate::query::budget::{heap_bytes, VALUE_BYTES};
use crate::query::catalog::Aggregate;
use crate::query::{ErrorKind, QueryError};
use crate::value::{NodeId, Value};

#[derive(Debug, Clone)]
enum State {
    CountStar(i64),
    Count(i64),
    Sum {
        int: i64,
        float: f64,
        is_float: bool,
    },
    Avg {
        int: i128,
        float: f64,
        n: u64,
    },
    Min(Option<Value>),
    Max(Option<Value>),
    Collect(Vec<Value>),
    StDev {
        values: Vec<f64>,
        population: bool,
    },
    Percentile {
        values: Vec<Value>,
        percentile: Option<f64>,
        continuous: bool,
    },
}

/// Integer arguments of one aggregate gathered outside it (see
/// [`Accumulator::absorb_integers`]): how many, their sum in the order they came (`None`
/// once it overflowed), the same sum wide, the least and the greatest.
#[derive(Debug, Clone, Copy)]
pub struct IntegerRun {
    pub count: u64,
    pub sum: Option<i64>,
    pub wide_sum: i128,
    pub min: i64,
    pub max: i64,
}

impl Default for IntegerRun {
    fn default() -> Self {
        IntegerRun {
            count: 0,
            sum: Some(0),
            wide_sum: 0,
            min: i64::MAX,
            max: i64::MIN,
        }
    }
}

impl IntegerRun {
    #[inline]
    pub fn push(&mut self, value: i64) {
        self.count += 1;
        self.sum = self.sum.and_then(|sum| sum.checked_add(value));
        self.wide_sum += i128::from(value);
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }
}

/// The running state of one aggregate call over one group.
#[derive(Debug, Clone)]
pub struct Accumulator {
    state: State,
    /// For `DISTINCT`: the values seen so far, by Cypher equivalence (boxed: most
    /// aggregates have none, and a grouping keeps one accumulator per group and call).
    seen: Option<Box<Seen>>,
}

/// The values a `DISTINCT` aggregate has seen. A node is equivalent only to the same node,
/// so nodes are kept by id alone: `count(DISTINCT n)` over many nodes then hashes a plain
/// integer instead of a whole value. Both kinds are kept only once one is seen, and other
/// values in a list while they are few: a grouping keeps one per group, and most groups
/// see a handful.
#[derive(Debug, Clone, Default)]
struct Seen {
    nodes: Option<Box<NodeIdSet>>,
    values: ValueSet,
}

/// Values other than nodes, by Cypher equivalence: compared one by one while there are at
/// most [`ValueSet::FEW`], hashed past that.
#[derive(Debug, Clone)]
enum ValueSet {
    Few(Vec<ValueKey>),
    Many(HashSet<ValueKey>),
}

impl Default for ValueSet {
    fn default() -> Self {
        ValueSet::Few(Vec::new())
    }
}

impl ValueSet {
    const FEW: usize = 8;

    /// Whether `value` is new, recording it.
    fn insert(&mut self, value: &Value) -> bool {
        let few = match self {
            ValueSet::Many(many) => return many.insert(ValueKey(value.clone())),
            ValueSet::Few(few) => few,
        };
        if few.iter().any(|seen| equivalent(&seen.0, value)) {
            return false;
        }
        if few.len() < Self::FEW {
            // Grown one at a time: most lists stay short.
            few.reserve_exact(1);
            few.push(ValueKey(value.clone()));
            return true;
        }
        let mut many: HashSet<ValueKey> = few.drain(..).collect();
        many.insert(ValueKey(value.clone()));
        *self = ValueSet::Many(many);
        true
    }

    fn into_values(self) -> Box<dyn Iterator<Item = Value>> {
        match self {
            ValueSet::Few(few) => Box::new(few.into_iter().map(|key| key.0)),
            ValueSet::Many(many) => Box::new(many.into_iter().map(|key| key.0)),
        }
    }
}

/// Node ids, in a hash set while they are few for their range, then as a bitmap of the
/// ids below [`NodeIdSet::BITMAP_IDS`] (ids are handed out densely from zero: 1,000,000
/// nodes take 125 KB) and a hash set of those above. A bitmap from the start would cost
/// every group of a grouping its own 125 KB (`WITH h, count(DISTINCT f)`).
#[derive(Debug, Clone, Default)]
struct NodeIdSet {
    /// The ids, until the bitmap is the smaller.
    sparse: HashSet<NodeId>,
    /// The largest id in `sparse`.
    highest: NodeId,
    dense: bool,
    words: Vec<u64>,
    large: HashSet<NodeId>,
}

impl NodeIdSet {
    /// Ids below this go to the bitmap, which then never exceeds 8 MiB.
    const BITMAP_IDS: NodeId = 1 << 26;
    /// About what a hash set spends on an id, in bits (a bitmap spends one per id of its
    /// range).
    const SPARSE_BITS: u64 = 128;
    /// Fewer ids than this stay in the hash set whatever their range.
    const SPARSE_LEAST: u64 = 64;

    fn insert(&mut self, id: NodeId) -> bool {
        if self.dense {
            return self.insert_dense(id);
        }
        let fresh = self.sparse.insert(id);
        self.highest = self.highest.max(id);
        let range = self.highest.min(Self::BITMAP_IDS);
        let len = self.sparse.len() as u64;
        if fresh && len >= Self::SPARSE_LEAST && len * Self::SPARSE_BITS > range {
            self.dense = true;
            for id in std::mem::take(&mut self.sparse) {
                self.insert_dense(id);
            }
        }
        fresh
    }

    fn insert_dense(&mut self, id: NodeId) -> bool {
        if id >= Self::BITMAP_IDS {
            return self.large.insert(id);
        }
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        if word >= self.words.len() {
            self.words.resize((word + 1).next_power_of_two(), 0);
        }
        let fresh = self.words[word] & bit == 0;
        self.words[word] |= bit;
        fresh
    }
}

impl Seen {
    /// Whether `value` is new, recording it.
    fn insert(&mut self, value: &Value) -> bool {
        match value {
            Value::Node(id) => self.nodes.get_or_insert_with(Box::default).insert(*id),
            other => self.values.insert(other),
        }
    }

    /// Every value seen, in no particular order.
    fn into_values(self) -> impl Iterator<Item = Value> {
        let nodes = self.nodes.map(|nodes| *nodes).unwrap_or_default();
        let small = (nodes.words.into_iter().enumerate()).flat_map(|(word, bits)| {
            (0..64u64)
                .filter(move |bit| bits & (1 << bit) != 0)
                .map(move |bit| Value::Node(word as u64 * 64 + bit))
        });
        let large = nodes.large.into_iter().map(Value::Node);
        let sparse = nodes.sparse.into_iter().map(Value::Node);
        small
            .chain(large)
            .chain(sparse)
            .chain(self.values.into_values())
    }
}

impl Accumulator {
    /// An accumulator for `function`, `count(DISTINCT x)` when `distinct`.
    pub fn new(function: Aggregate, distinct: bool) -> Self {
        let state = match function {
            Aggregate::Count => State::Count(0),
            Aggregate::Sum => State::Sum {
                int: 0,
                float: 0.0,
                is_float: false,
            },
            Aggregate::Avg => State::Avg {
                int: 0,
                float: 0.0,
                n: 0,
            },
            Aggregate::Min => State::Min(None),
            Aggregate::Max => State::Max(None),
            Aggregate::Collect => State::Collect(Vec::new()),
            Aggregate::StDev | Aggregate::StDevP => State::StDev {
                values: Vec::new(),
                population: function == Aggregate::StDevP,
            },
            Aggregate::PercentileDisc | Aggregate::PercentileCont => State::Percentile {
                values: Vec::new(),
                percentile: None,
                continuous: function == Aggregate::PercentileCont,
            },
        };
        Accumulator {
            state,
            seen: distinct.then(Box::default),
        }
    }

    /// `count(*)`: counts rows, nulls or not.
    pub fn count_star() -> Self {
        Accumulator {
            state: State::CountStar(0),
            seen: None,
        }
    }

    /// Whether [`Self::absorb_integers`] can stand for feeding this aggregate integers one
    /// by one: `count`, `sum`, `avg`, `min` and `max` without `DISTINCT`.
    pub fn absorbs_integers(&self) -> bool {
        self.seen.is_none()
            && matches!(
                self.state,
                State::Count(_)
                    | State::Sum {
                        is_float: false,
                        ..
                    }
                    | State::Avg { .. }
                    | State::Min(_)
                    | State::Max(_)
            )
    }

    /// Whether this aggregate only counts its non-null arguments (`count(x)`), whatever
    /// their kind.
    pub fn only_counts(&self) -> bool {
        self.seen.is_none() && matches!(self.state, State::Count(_))
    }

    /// Takes in integer arguments gathered without it, as feeding them one by one would
    /// (for an aggregate [`Self::absorbs_integers`] accepts; `count(x)` takes the count of
    /// any arguments). An overflowing sum fails as it would have.
    pub fn absorb_integers(&mut self, run: &IntegerRun) -> Result<(), QueryError> {
        if run.count == 0 {
            return Ok(());
        }
        match &mut self.state {
            State::Count(n) => *n = n.saturating_add(i64::try_from(run.count).unwrap_or(i64::MAX)),
            State::Sum { int, .. } => {
                let sum = run.sum.ok_or_else(sum_overflow)?;
                *int = int.checked_add(sum).ok_or_else(sum_overflow)?;
            }
            State::Avg { int, n, .. } => {
                *int += run.wide_sum;
                *n += run.count;
            }
            State::Min(_) | State::Max(_) => {
                for bound in [run.min, run.max] {
                    self.update_ref(&Value::Int(bound))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Counts one row if this is `count(*)`, which reads no argument; says whether it was.
    #[inline]
    pub fn count_row(&mut self) -> bool {
        match &mut self.state {
            State::CountStar(n) => {
                *n += 1;
                true
            }
            _ => false,
        }
    }

    /// [`Self::update`] with a borrowed value, copied only where the aggregate keeps it:
    /// several aggregates of one argument (`min(x), max(x), avg(x)`) share it.
    pub fn update_ref(&mut self, value: &Value) -> Result<(), QueryError> {
        if self.seen.is_none() && !value.is_null() {
            match (&mut self.state, value) {
                (State::Count(n), _) => *n += 1,
                (State::Sum { int, is_float, .. }, Value::Int(i)) if !*is_float => {
                    *int = int.checked_add(*i).ok_or_else(sum_overflow)?;
                }
                (State::Avg { int, n, .. }, Value::Int(i)) => {
                    *int += i128::from(*i);
                    *n += 1;
                }
                (State::Min(best), _) if !improves(best, value, Ordering::Less) => {}
                (State::Max(best), _) if !improves(best, value, Ordering::Greater) => {}
                _ => return self.update(value.clone()),
            }
            return Ok(());
        }
        self.update(value.clone())
    }

    /// Feeds one row's argument value. Nulls are skipped (except by `count(*)`), and so
    /// are repeats under `DISTINCT`.
    pub fn update(&mut self, value: Value) -> Result<(), QueryError> {
        if let State::CountStar(n) = &mut self.state {
            *n += 1;
            return Ok(());
        }
        if value.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen {
            if !seen.insert(&value) {
                return Ok(());
            }
        }
        match &mut self.state {
            State::CountStar(n) | State::Count(n) => *n += 1,
            State::Sum {
                int,
                float,
                is_float,
            } => match value {
                Value::Int(i) => {
                    if *is_float {
                        *float += i as f64;
                    } else {
                        *int = int.checked_add(i).ok_or_else(sum_overflow)?;
                    }
                }
                Value::Float(f) => {
                    if !*is_float {
                        *is_float = true;
                        *float = *int as f64;
                    }
                    *float += f;
                }
                other => return Err(not_numeric("sum", &other)),
            },
            State::Avg { int, float, n } => {
                match value {
                    Value::Int(i) => *int += i128::from(i),
                    Value::Float(f) => *float += f,
                    other => return Err(not_numeric("avg", &other)),
                }
                *n += 1;
            }
            State::Min(best) => keep_if(best, value, Ordering::Less),
            State::Max(best) => keep_if(best, value, Ordering::Greater),
            State::Collect(items) => items.push(value),
            State::StDev { values, .. } => match value {
                Value::Int(i) => values.push(i as f64),
                Value::Float(f) => values.push(f),
                other => return Err(not_numeric("stDev", &other)),
            },
            State::Percentile { values, .. } => match value {
                Value::Int(_) | Value::Float(_) => values.push(value),
                other => return Err(not_numeric("percentile", &other)),
            },
        }
        Ok(())
    }

    /// Feeds `times` rows that share the argument `value` at once: a `count(*)` or a plain
    /// `count(x)` counts them all; a `DISTINCT` aggregate, `min` and `max` see the value once,
    /// which is all that repeats change for them. `Ok(false)`, with nothing changed, for
    /// every other aggregate.
    pub fn update_repeated(&mut self, value: &Value, times: u64) -> Result<bool, QueryError> {
        let times = i64::try_from(times).unwrap_or(i64::MAX);
        let once = match self.state {
            State::Min(_) | State::Max(_) => true,
            State::Collect(_) | State::CountStar(_) => false,
            _ => self.seen.is_some(),
        };
        match &mut self.state {
            _ if once => self.update(value.clone())?,
            State::CountStar(n) => *n = n.saturating_add(times),
            State::Count(n) if self.seen.is_none() => {
                if !value.is_null() {
                    *n = n.saturating_add(times);
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Feeds one row of a two-argument aggregate, `percentileDisc(x, p)` or
    /// `percentileCont(x, p)`: `p` must be a number between 0 and 1 (it is read from the
    /// first row that has one). Other aggregates ignore `arg`.
    pub fn update_with_arg(&mut self, value: Value, arg: &Value) -> Result<(), QueryError> {
        if let State::Percentile { percentile, .. } = &mut self.state {
            if percentile.is_none() {
                let p = match arg {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    other => {
                        return Err(type_error(
                            "InvalidArgumentType",
                            format!(
                                "A percentile must be a number, but got {}.",
                                describe(other)
                            ),
                        ))
                    }
                };
                if !(0.0..=1.0).contains(&p) {
                    return Err(argument_error(
                        "NumberOutOfRange",
                        format!("A percentile must lie between 0.0 and 1.0, but got {p}."),
                    ));
                }
                *percentile = Some(p);
            }
        }
        self.update(value)
    }

    /// Takes in what `other`, an accumulator of the same call, gathered from rows that come
    /// after this one's: the result is what one accumulator fed all those rows in order
    /// would give (up to the rounding of float sums, which add in another order).
    pub fn merge(&mut self, other: Accumulator) -> Result<(), QueryError> {
        if let (State::Percentile { percentile, .. }, State::Percentile { percentile: p, .. }) =
            (&mut self.state, &other.state)
        {
            *percentile = percentile.or(*p);
        }
        if let Some(seen) = other.seen {
            // Only the distinct values tell what this one has not seen; collect keeps
            // them in the order they came.
            let values: Vec<Value> = match other.state {
                State::Collect(items) => items,
                _ => seen.into_values().collect(),
            };
            return values.into_iter().try_for_each(|v| self.update(v));
        }
        match (&mut self.state, other.state) {
            (State::CountStar(n), State::CountStar(m)) | (State::Count(n), State::Count(m)) => {
                *n = n.saturating_add(m);
            }
            (
                State::Sum {
                    int,
                    float,
                    is_float,
                },
                State::Sum {
                    int: more_int,
                    float: more_float,
                    is_float: more_is_float,
                },
            ) => match (*is_float, more_is_float) {
                (false, false) => *int = int.checked_add(more_int).ok_or_else(sum_overflow)?,
                (false, true) => {
                    *is_float = true;
                    *float = *int as f64 + more_float;
                }
                (true, false) => *float += more_int as f64,
                (true, true) => *float += more_float,
            },
            (
                State::Avg { int, float, n },
                State::Avg {
                    int: more_int,
                    float: more_float,
                    n: more_n,
                },
            ) => {
                *int += more_int;
                *float += more_float;
                *n += more_n;
            }
            (State::Min(best), State::Min(Some(value))) => keep_if(best, value, Ordering::Less),
            (State::Max(best), State::Max(Some(value))) => keep_if(best, value, Ordering::Greater),
            (State::Collect(items), State::Collect(more)) => items.extend(more),
            (State::StDev { values, .. }, State::StDev { values: more, .. }) => {
                values.extend(more);
            }
            (State::Percentile { values, .. }, State::Percentile { values: more, .. }) => {
                values.extend(more);
            }
            _ => {}
        }
        Ok(())
    }

    /// An estimate of the bytes feeding `value` would add to what the accumulator keeps:
    /// the values `collect` and the percentiles keep, the numbers of the deviations, what
    /// `DISTINCT` remembers.
    pub fn retained_bytes(&self, value: &Value) -> usize {
        if value.is_null() || matches!(self.state, State::CountStar(_)) {
            return 0;
        }
        let whole = VALUE_BYTES + heap_bytes(value);
        let kept = match self.state {
            State::Collect(_) | State::Percentile { .. } => whole,
            State::StDev { .. } => std::mem::size_of::<f64>(),
            _ => 0,
        };
        let remembered = match (&self.seen, value) {
            (None, _) => 0,
            // An id in a hash set, or less once the ids are a bitmap.
            (Some(_), Value::Node(_)) => (NodeIdSet::SPARSE_BITS / 8) as usize,
            // A hash set entry: the value and its share of the table.
            (Some(_), _) => whole + 8,
        };
        kept + remembered
    }

    /// The aggregate's value for the group.
    pub fn finish(self) -> Value {
        match self.state {
            State::CountStar(n) | State::Count(n) => Value::Int(n),
            State::Sum {
                int,
                float,
                is_float,
            } => {
                if is_float {
                    Value::Float(float)
                } else {
                    Value::Int(int)
                }
            }
            State::Avg { int, float, n } => {
                if n == 0 {
                    Value::Null
                } else {
                    Value::Float((int as f64 + float) / n as f64)
                }
            }
            State::Min(best) | State::Max(best) => best.unwrap_or(Value::Null),
            State::Collect(items) => Value::List(items),
            State::StDev { values, population } => Value::Float(std_dev(&values, population)),
            State::Percentile {
                mut values,
                percentile,
                continuous,
            } => {
                if values.is_empty() {
                    return Value::Null;
                }
                values.sort_by(compare_for_order);
                let p = percentile.unwrap_or(0.5);
                if continuous {
                    percentile_cont(&values, p)
                } else {
                    percentile_disc(values, p)
                }
            }
        }
    }
}

/// Keeps `value` as `best` when there is none yet or it orders `than` it.
fn keep_if(best: &mut Option<Value>, value: Value, than: Ordering) {
    if improves(best, &value, than) {
        *best = Some(value);
    }
}

/// Whether `value` orders `than` the best so far (or is the first).
fn improves(best: &Option<Value>, value: &Value, than: Ordering) -> bool {
    best.as_ref()
        .is_none_or(|b| compare_for_order(value, b) == than)
}

fn sum_overflow() -> QueryError {
    QueryError::runtime(
        ErrorKind::ArithmeticError,
        "IntegerOverflow",
        "sum() overflowed the 64-bit integer range.",
    )
}

fn not_numeric(name: &str, value: &Value) -> QueryError {
    type_error(
        "InvalidArgumentType",
        format!("{name}() needs numbers, but got {}.", describe(value)),
    )
}

/// Standard deviation by Welford's method (stable for large values): sample (`n - 1`)
/// or population (`n`); 0.0 for too few values.
fn std_dev(values: &[f64], population: bool) -> f64 {
    let (mut n, mut mean, mut m2) = (0.0f64, 0.0f64, 0.0f64);
    for &x in values {
        n += 1.0;
        let delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
    }
    let denominator = if population { n } else { n - 1.0 };
    if denominator <= 0.0 {
        0.0
    } else {
        (m2 / denominator).sqrt()
    }
}

fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// The nearest-rank percentile: the smallest value with at least `p` of the values at or
/// below it. Keeps the value's own type.
fn percentile_disc(values: Vec<Value>, p: f64) -> Value {
    let n = values.len();
    let rank = (p * n as f64).ceil() as usize;
    let index = rank.saturating_sub(1).min(n.saturating_sub(1));
    values.into_iter().nth(index).unwrap_or(Value::Null)
}

/// The linearly interpolated percentile, always a float.
fn percentile_cont(values: &[Value], p: f64) -> Value {
    let n = values.len();
    let position = p * (n.saturating_sub(1)) as f64;
    let lower = position.floor() as usize;
    let upper = position.ceil() as usize;
    let (Some(lo), Some(hi)) = (values.get(lower), values.get(upper)) else {
        return Value::Null;
    };
    let (lo, hi) = (as_float(lo), as_float(hi));
    Value::Float(lo + (hi - lo) * (position - lower as f64))
}

#[cfg(test)]
mod node_id_set_tests {
    use super::NodeIdSet;

    #[test]
    fn small_and_large_ids_are_each_seen_once() {
        let mut set = NodeIdSet::default();
        for id in [
            0,
            63,
            64,
            1_000_000,
            NodeIdSet::BITMAP_IDS - 1,
            NodeIdSet::BITMAP_IDS,
            u64::MAX,
        ] {
            assert!(set.insert(id), "{id} is new");
            assert!(!set.insert(id), "{id} is seen");
        }
        assert!(set.insert(1));
        assert!(set.words.len() * 64 <= NodeIdSet::BITMAP_IDS as usize);
    }

    /// A few ids of a large range stay in a hash set; many of a small range become a
    /// bitmap, keeping every id seen.
    #[test]
    fn ids_become_a_bitmap_only_when_it_is_the_smaller() {
        let mut set = NodeIdSet::default();
        for id in (0..1_000_000).step_by(100_000) {
            assert!(set.insert(id));
        }
        assert!(!set.dense && set.words.is_empty());
        for id in 0..20_000 {
            set.insert(id);
        }
        assert!(set.dense && set.sparse.is_empty());
        for id in (0..1_000_000).step_by(100_000).chain(0..20_000) {
            assert!(!set.insert(id), "{id} is seen");
        }
        assert!(set.insert(20_001));
    }
}

#[cfg(test)]
mod value_set_tests {
    use super::ValueSet;
    use crate::value::Value;

    /// Values equivalent under Cypher's rules are one value, whether the set is still a
    /// list or has become a hash set.
    #[test]
    fn equivalent_values_are_seen_once_in_few_and_many() {
        let mut set = ValueSet::default();
        let mut distinct = 0;
        for i in 0..20 {
            let value = Value::Int(i);
            assert!(set.insert(&value), "{i} is new");
            distinct += 1;
            assert!(!set.insert(&Value::Float(i as f64)), "{i}.0 is {i}");
            let few = matches!(set, ValueSet::Few(_));
            assert_eq!(few, distinct <= ValueSet::FEW, "after {distinct} values");
        }
        let nan = Value::Float(f64::NAN);
        assert!(set.insert(&nan) && !set.insert(&nan));
        let text = Value::String("KZ".to_owned());
        assert!(set.insert(&text) && !set.insert(&text));
        assert_eq!(set.into_values().count(), 22);
    }
}

#[cfg(test)]
mod merge_tests {
    use super::{Accumulator, Aggregate};
    use crate::value::Value;

    fn values() -> Vec<Value> {
        vec![
            Value::Int(3),
            Value::Null,
            Value::Int(-7),
            Value::Float(2.5),
            Value::Int(3),
            Value::Node(5),
            Value::Int(11),
            Value::Node(5),
            Value::Float(-0.25),
            Value::Int(3),
        ]
    }

    fn fed(function: Aggregate, distinct: bool, values: &[Value]) -> Accumulator {
        let mut acc = Accumulator::new(function, distinct);
        for value in values {
            // Nodes are only for the aggregates that take any value.
            let numeric_only = !matches!(
                function,
                Aggregate::Count | Aggregate::Collect | Aggregate::Min | Aggregate::Max
            );
            if numeric_only && matches!(value, Value::Node(_)) {
                continue;
            }
            acc.update_with_arg(value.clone(), &Value::Float(0.4))
                .expect("a number");
        }
        acc
    }

    fn close(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Float(x), Value::Float(y)) => (x - y).abs() < 1e-9,
            _ => a == b,
        }
    }

    /// Feeding a prefix to one accumulator and the rest to another, then merging, gives
    /// what one accumulator fed everything gives, at every split point.
    #[test]
    fn merging_two_halves_equals_feeding_one() {
        let all = values();

        for &name in Aggregate::ALL {
            for distinct in [false, true] {
                let whole = fed(name, distinct, &all).finish();
                for split in 0..=all.len() {
                    let mut first = fed(name, distinct, &all[..split]);
                    let second = fed(name, distinct, &all[split..]);
                    first.merge(second).expect("merge");
                    let merged = first.finish();
                    assert!(
                        close(&merged, &whole),
                        "{name:?} distinct={distinct} split at {split}: {merged:?} vs {whole:?}"
                    );
                }
            }
        }
        let mut star = Accumulator::count_star();
        let mut more = Accumulator::count_star();
        star.update(Value::Null).expect("count");
        more.update(Value::Null).expect("count");
        star.merge(more).expect("merge");
        assert_eq!(star.finish(), Value::Int(2));
    }
}
