//! Rows counted per node before a part's last hop (the plan's `RowsPerNode`): when the
//! projection only counts rows (or sees them once) and reads the variables bound before
//! the hop's near node through some of their properties at most, every row that reaches
//! the hop at one node with the same values of those properties leads to the same rows
//! from there. So the rows are counted per near node and values instead of being walked
//! on, and once the part has been matched, the hop walks from each group once and hands on
//! each row it gives with the group's count, for the projection to take repeated; a row
//! of the group (its first) stands for all of them.
//!
//! The WHERE cannot fail (the plan says so). When it reads nothing the hop binds, it
//! decides each row where it is counted; otherwise a row is counted when the conjuncts
//! that read nothing of the hop hold, and the whole WHERE is decided on the rows the hop
//! gives from the group's row, whose values of what the later conjuncts read are every
//! row's of the group. Each thread, and each input row, counts its own rows: a node two of
//! them reach is walked by both, each with its own count.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use crate::graph::{KeyId, PropertyRef};
use crate::query::eval::hash_stored;
use crate::query::exec::project::HashChains;
use crate::query::plan::{RowsPerNode, Step};
use crate::query::QueryError;
use crate::value::{NodeId, Value};

use super::{Matcher, Move, Row, STOPPED};

/// Whether `step` is a MATCH whose rows are counted per node before its last hop.
pub(crate) fn counts_rows_per_node(step: &Step<'_>) -> bool {
    matches!(step.parts.as_slice(), [part] if part.rows_per_node.is_some())
}

/// The groups of rows reaching the last hop, with how many rows each holds.
#[derive(Default)]
pub(super) struct Frontier {
    groups: Vec<Group>,
    /// Per near node, the order in which it was first reached (and, counted by node
    /// alone, its group).
    places: FxHashMap<NodeId, usize>,
    /// Counted by node and values: the groups by the hash of both.
    chains: HashChains,
    /// The keys' slots and property keys, found when the first row is counted.
    keys: Option<Vec<(usize, Option<KeyId>)>>,
    /// The part's moves, as the walk that counted the rows took them.
    moves: Vec<Move>,
    /// The counted nodes are being walked on from.
    walking: bool,
    /// What the rows kept for groups hold, charged to the memory limit.
    held: usize,
    /// No more groups are made (past [`MAX_GROUPS`] or the memory limit): rows that would
    /// start one walk on at once.
    full: bool,
}

/// The most groups counted at once; past them, rows walk on as they come.
const MAX_GROUPS: usize = 1 << 21;

/// Rows that reached the last hop at one node with the same key values.
struct Group {
    node: NodeId,
    /// The order in which the node was first reached.
    order: usize,
    count: u64,
    key: Vec<Value>,
    /// The first row of the group, which stands for all of them after the hop (kept when
    /// something after the hop reads earlier variables).
    row: Option<Row>,
}

impl Frontier {
    /// The place of `node` in the order nodes were first reached.
    fn order_of(&mut self, node: NodeId) -> usize {
        let next = self.places.len();
        *self.places.entry(node).or_insert(next)
    }
}

impl Matcher<'_, '_, '_> {
    /// Whether move `step` of part `index` is where the rows are counted per node: as
    /// planned, for a consumer of repeated rows, into a node the row does not bind (the
    /// order of moves is the plan's), and not while the counted nodes are walked on from
    /// or once no more groups are made.
    pub(super) fn counts_at(&self, index: usize, step: usize, moves: &[Move], row: &Row) -> bool {
        let planned = (self.plan_ops.get(index)).and_then(|ops| ops.rows_per_node.as_ref());
        if planned.is_none_or(|p| p.step != step || (p.late && !self.conjuncts_complete))
            || index != 0
            || self.parts.len() != 1
            || self.repeats.is_none()
            || self.frontier.walking
            || self.frontier.full
            || step + 1 != moves.len()
        {
            return false;
        }
        let mv = moves[step];
        let far = &self.parts[index].nodes[mv.to];
        self.states[index].nodes[mv.to].is_none()
            && far.slot.is_none_or(|slot| row[slot].is_null())
            && self.parts[index].rels[mv.rel].range.is_none()
    }

    /// Counts a row reaching the last hop at its near node, when the WHERE keeps it (the
    /// part of it that reads nothing of the hop, when the rest reads the hop). False when
    /// the row is to walk on instead: it would start a group, and no more are made.
    pub(super) fn count_at_frontier(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &Row,
    ) -> Result<bool, QueryError> {
        let Some(plan) = (self.plan_ops.get(index)).and_then(|ops| ops.rows_per_node.as_ref())
        else {
            return Ok(true);
        };
        let mv = moves[step];
        if plan.late {
            if !self.early_conjuncts_hold(row, mv) {
                return Ok(true);
            }
        } else if let Some(w) = self.sink.where_clause {
            if !self.all_conjuncts_true() && !self.exec.holds(w, &self.bindings(row))? {
                return Ok(true);
            }
        }
        let Some(near) = self.states[index].nodes[mv.from] else {
            return Ok(true);
        };
        if self.frontier.moves.is_empty() {
            self.frontier.moves = moves.to_vec();
        }
        let keyed = !plan.keys.is_empty();
        if self.frontier.keys.is_none() {
            // A key whose variable the row lacks could not part the groups: walk on.
            let Some(keys) = self.key_places(plan) else {
                self.frontier.full = true;
                return Ok(false);
            };
            self.frontier.keys = Some(keys);
        }
        if !keyed {
            if let Some(&order) = self.frontier.places.get(&near) {
                self.frontier.groups[order].count += 1;
                return Ok(true);
            }
            // Without keys a row stands for its group only where the WHERE reads the hop.
            return Ok(self.start_group(near, Vec::new(), plan.late.then_some(row)));
        }
        let (hash, found, key) = {
            let places = self.frontier.keys.as_deref().unwrap_or_default();
            let values: Vec<Option<PropertyRef<'_>>> = (places.iter())
                .map(|&(slot, key)| self.property_at(slot, key, row, None).flatten())
                .collect();
            let hash = group_hash(near, &values);
            let groups = &self.frontier.groups;
            let found = self.frontier.chains.find(hash, |at| {
                groups[at].node == near && same_key(&groups[at].key, &values)
            });
            let key = found.is_none().then(|| {
                let owned = values.into_iter();
                owned.map(|v| v.map_or(Value::Null, PropertyRef::into_value))
            });
            (hash, found, key.map(Iterator::collect))
        };
        if let Some(at) = found {
            self.frontier.groups[at].count += 1;
            return Ok(true);
        }
        if !self.start_group(near, key.unwrap_or_default(), Some(row)) {
            return Ok(false);
        }
        self.frontier.chains.add(hash);
        Ok(true)
    }

    /// Starts a group of one row at `near` with `key`, keeping `row` to stand for it when
    /// given: the row is charged to the memory limit while the statement holds at most a
    /// quarter of it. False, once past that or [`MAX_GROUPS`], and then no more are made.
    fn start_group(&mut self, near: NodeId, key: Vec<Value>, row: Option<&Row>) -> bool {
        if self.frontier.full || self.frontier.groups.len() >= MAX_GROUPS {
            self.frontier.full = true;
            return false;
        }
        let bytes = row.map_or(0, |row| crate::query::budget::row_bytes(row));
        if !self.exec.guard.budget.charge_spare(bytes, 4) {
            self.frontier.full = true;
            return false;
        }
        self.frontier.held += bytes;
        let order = self.frontier.order_of(near);
        self.frontier.groups.push(Group {
            node: near,
            order,
            count: 1,
            key,
            row: row.cloned(),
        });
        true
    }

    /// The slots and property keys of the plan's keys (`None` when a variable has no
    /// slot).
    fn key_places(&self, plan: &RowsPerNode) -> Option<Vec<(usize, Option<KeyId>)>> {
        let graph = &*self.exec.graph;
        (plan.keys.iter())
            .map(|(variable, key)| Some((self.scope.slot(variable)?, graph.key_id(key))))
            .collect()
    }

    /// Whether every conjunct of the WHERE that reads nothing move `mv` binds holds for
    /// `row`: as the look-ahead found it where it looked, else evaluated here.
    fn early_conjuncts_hold(&self, row: &Row, mv: Move) -> bool {
        let part = &self.parts[0];
        let hop_slots = [part.rels[mv.rel].slot, part.nodes[mv.to].slot];
        let look = self.look;
        if look.null {
            return false;
        }
        let found_true = |j: usize| {
            look.passed != STOPPED && (j < look.passed || (j < 64 && look.checked & (1 << j) != 0))
        };
        self.conjuncts.iter().enumerate().all(|(j, c)| {
            c.slots.iter().any(|s| hop_slots.contains(&Some(*s)))
                || found_true(j)
                || self.verdict(c, row, None) == Some(Some(true))
        })
    }

    /// Walks the last hop from each group once, handing on each row with the group's
    /// count.
    pub(super) fn expand_frontier(&mut self, row: &mut Row) -> Result<(), QueryError> {
        let mut groups = std::mem::take(&mut self.frontier.groups);
        self.frontier.places.clear();
        self.exec
            .guard
            .budget
            .release(std::mem::take(&mut self.frontier.held));
        self.frontier.full = false;
        self.frontier.chains = HashChains::default();
        let moves = std::mem::take(&mut self.frontier.moves);
        let plan = (self.plan_ops.first()).and_then(|ops| ops.rows_per_node.as_ref());
        let (Some(plan), Some(repeats)) = (plan, self.repeats) else {
            return Ok(());
        };
        let Some(&mv) = moves.get(plan.step) else {
            return Ok(());
        };
        // A node's groups one after another: its relationships are walked while at hand.
        groups.sort_by_key(|g| g.order);
        let (op, late) = (plan.op, plan.late);
        // Unless the WHERE reads the hop, it decided every row where it was counted.
        let where_clause = self.sink.where_clause;
        let conjuncts = self.conjuncts;
        if !late {
            self.sink.where_clause = None;
            self.conjuncts = &[];
        }
        self.frontier.walking = true;
        let slot = self.parts[0].nodes[mv.from].slot;
        let blank = row.clone();
        let mut result = Ok(());
        for group in groups {
            if let Some((profile, _, _)) = self.profile {
                profile.row(op);
            }
            repeats.set(group.count);
            if let Some(standing) = &group.row {
                row.clone_from(standing);
            }
            let newly_set = slot.filter(|&slot| row[slot].is_null());
            if let Some(slot) = newly_set {
                row[slot] = Value::Node(group.node);
            }
            self.states[0].nodes[mv.from] = Some(group.node);
            result = self.expand_step(0, &moves, plan.step, row);
            self.states[0].nodes[mv.from] = None;
            if group.row.is_some() {
                row.clone_from(&blank);
            } else if let Some(slot) = newly_set {
                row[slot] = Value::Null;
            }
            if result.is_err() || self.done() {
                break;
            }
        }
        repeats.set(1);
        self.frontier.walking = false;
        self.conjuncts = conjuncts;
        self.sink.where_clause = where_clause;
        result
    }
}

/// The hash of a near node and the key values read at it.
fn group_hash(node: NodeId, values: &[Option<PropertyRef<'_>>]) -> u64 {
    let mut hasher = FxHasher::default();
    node.hash(&mut hasher);
    for value in values {
        hash_stored(value.as_ref(), &mut hasher);
    }
    hasher.finish()
}

/// Whether a group's key holds exactly the values read (`1` and `1.0`, or `0.0` and
/// `-0.0`, differ: a row of the group stands for the others in every function of them).
fn same_key(key: &[Value], values: &[Option<PropertyRef<'_>>]) -> bool {
    key.len() == values.len()
        && key.iter().zip(values).all(|(k, v)| match v {
            None => k.is_null(),
            Some(PropertyRef::Str(s)) => matches!(k, Value::String(k) if k == s),
            Some(PropertyRef::Value(v)) => identical(k, v),
        })
}

/// Structural equality with floats compared bit for bit (every NaN alike).
fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| identical(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && (x.iter().zip(y)).all(|((kx, vx), (ky, vy))| kx == ky && identical(vx, vy))
        }
        _ => a == b,
    }
}
