//! Parts of a MATCH matched once for every row that reaches them: a part of one node that
//! shares nothing with the parts before it (`MATCH (a:X), (b:Y)`), or with the MATCH's
//! input rows (`MATCH (a:X) MATCH (b:Y)`), is matched alone the first time a row reaches
//! it, under the WHERE's conditions on it alone, and its nodes are kept for the whole
//! MATCH (every input row, every thread); each row then takes them from there instead of
//! scanning again. When the WHERE equates an expression of the row with one of this part
//! (`a.founded = b.founded`), the nodes are kept by the hash of their side's value and a
//! row meets only those whose hash is its own: a hash join on values.
//!
//! Rows come out as the nested scan gives them (a row's nodes in scan order), and the
//! WHERE still decides every row; the hash only passes over nodes whose side is unequal,
//! and only where the conjuncts before the equality cannot raise an error.

use std::hash::Hasher;
use std::sync::{Mutex, OnceLock, PoisonError};

use rustc_hash::{FxHashMap, FxHasher};

use crate::query::ast::{BinaryOp, Expr, ExprKind};
use crate::query::eval;
use crate::query::plan::{read_variables, JoinKey, JoinPlan};
use crate::query::QueryError;
use crate::value::{NodeId, Value};

use super::super::Executor;
use super::{Conjunct, Matcher, PartMaps, PartSpec, Row, Scope};

/// The most nodes a part keeps: past it, the part is scanned for every row as before.
const MAX_KEPT: usize = 1 << 24;

/// How a part of one node is joined to the rows that reach it.
pub(super) struct PartJoin<'e> {
    /// The slots the parts before bind, empty while the part is matched alone.
    before: Vec<usize>,
    /// `(the row, this part)`: the sides of the WHERE's equalities the nodes are hashed
    /// by, together (none: every row meets every node).
    keys: Vec<(&'e Expr, &'e Expr)>,
    /// The WHERE's conjuncts that read this part's node and nothing else of the row (in
    /// their order, up to the first other one that can raise an error): the nodes are
    /// kept under these.
    own: Vec<Conjunct<'e>>,
}

/// A part's kept nodes, built by the first thread to reach it while the others wait.
pub(super) type KeptCell = BuiltOnce<Kept>;

/// A value built once for a whole MATCH (every input row and thread) by the first thread
/// to need it, while the others wait.
pub(super) struct BuiltOnce<T> {
    value: OnceLock<T>,
    building: Mutex<()>,
}

impl<T> Default for BuiltOnce<T> {
    fn default() -> Self {
        BuiltOnce {
            value: OnceLock::new(),
            building: Mutex::new(()),
        }
    }
}

impl<T> BuiltOnce<T> {
    /// The value, built by `build` if no thread has built it yet.
    pub(super) fn get_or_build<E>(&self, build: impl FnOnce() -> Result<T, E>) -> Result<&T, E> {
        if let Some(value) = self.value.get() {
            return Ok(value);
        }
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = self.value.get() {
            return Ok(value);
        }
        let built = build()?;
        Ok(self.value.get_or_init(|| built))
    }
}

/// A part's nodes, matched once.
pub(super) enum Kept {
    Nodes {
        nodes: Vec<NodeId>,
        /// Per hash of the key, the places in `nodes` whose key has it, ascending.
        buckets: FxHashMap<u64, Vec<u32>>,
        /// The places whose key is null, cannot be hashed or raised an error: every row
        /// meets them.
        unkeyed: Vec<u32>,
    },
    /// More than [`MAX_KEPT`]: scanned for every row.
    TooMany,
}

/// The pattern's parts as [`part_joins`] sees them.
pub(super) struct JoinInputs<'a, 'e> {
    pub(super) parts: &'a [PartSpec<'a>],
    /// Per part, the plan's join, if any.
    pub(super) planned: &'a [Option<JoinPlan>],
    pub(super) scope: &'a Scope,
    pub(super) input_len: usize,
    pub(super) conjuncts: &'a [Conjunct<'e>],
    pub(super) maps: &'a [PartMaps],
    /// The slots of the nodes and relationships the pattern binds.
    pub(super) entities: &'a [usize],
}

/// Per part, how it is joined to the rows that reach it: as the plan says, where what the
/// plan could not know holds. A part stands alone only while its node is new to the row
/// and its property map is the same on every row (its parameters are given), and a key
/// is used only while the conjuncts before it cannot raise an error (a constant call
/// before it gives a value).
pub(super) fn part_joins<'e>(
    exec: &Executor<'_>,
    inputs: JoinInputs<'_, 'e>,
) -> Vec<Option<PartJoin<'e>>> {
    let JoinInputs {
        parts,
        planned,
        scope,
        input_len,
        conjuncts,
        maps,
        entities,
    } = inputs;
    let mut before: Vec<usize> = Vec::new();
    let mut joins = Vec::with_capacity(parts.len());
    for (index, part) in parts.iter().enumerate() {
        let plan = planned.get(index).cloned().flatten();
        let own = part.nodes.first().and_then(|n| n.slot);
        let stands_alone = plan.is_some()
            && part.rels.is_empty()
            && part.shortest.is_none()
            && part.nodes.len() == 1
            && own.is_none_or(|slot| slot >= input_len && !before.contains(&slot))
            && (part.nodes[0].props.is_none() || maps[index].nodes[0].is_some());
        let join = plan.filter(|_| stands_alone).map(|plan| PartJoin {
            before: before.clone(),
            keys: (plan.keys.iter())
                .map_while(|&key| key_sides(conjuncts, key))
                .collect(),
            own: own.map_or_else(Vec::new, |own| {
                own_conjuncts(conjuncts, scope, own)
                    .map(|c| Conjunct::new(exec, c.expr, c.slots.clone(), scope, entities))
                    .collect()
            }),
        });
        joins.push(join);
        before.extend(part.nodes.iter().filter_map(|n| n.slot));
        before.extend(part.rels.iter().filter_map(|r| r.slot));
        before.extend(part.path_slot);
        before.retain(|&slot| slot >= input_len);
    }
    joins
}

/// The conjuncts that read `own` and nothing else of the row, in order, up to the first
/// other one that can raise an error: a node they reject fails the WHERE whatever the
/// row, and an error is left to the WHERE on complete rows.
pub(super) fn own_conjuncts<'c, 'e>(
    conjuncts: &'c [Conjunct<'e>],
    scope: &'c Scope,
    own: usize,
) -> impl Iterator<Item = &'c Conjunct<'e>> {
    let mut open = true;
    conjuncts.iter().filter(move |c| {
        let alone = read_variables(c.expr)
            .iter()
            .all(|v| scope.slot(v) == Some(own));
        let kept = open && alone;
        open &= alone || c.infallible;
        kept
    })
}

/// `(the row's side, the part's side)` of a planned key, while every conjunct before it
/// cannot raise an error.
fn key_sides<'e>(conjuncts: &[Conjunct<'e>], key: JoinKey) -> Option<(&'e Expr, &'e Expr)> {
    let before = conjuncts.get(..key.conjunct)?;
    if !before.iter().all(|c| c.infallible) {
        return None;
    }
    match &conjuncts.get(key.conjunct)?.expr.kind {
        ExprKind::Binary(BinaryOp::Eq, l, r) if key.own_left => Some((r, l)),
        ExprKind::Binary(BinaryOp::Eq, l, r) => Some((l, r)),
        _ => None,
    }
}

/// The hash of the values of `sides` (each side of every key) on `row`: `None` when there
/// are no keys, or one raises an error or has a value [`join_hash`] leaves out.
fn keys_hash<'e>(
    matcher: &Matcher<'_, '_, '_>,
    sides: impl Iterator<Item = &'e Expr>,
    row: &Row,
) -> Option<u64> {
    let mut hasher = FxHasher::default();
    let mut any = false;
    for side in sides {
        let value = eval::eval(side, &matcher.bindings(row), &matcher.exec.ctx()).ok()?;
        join_hash(&mut hasher, &value)?;
        any = true;
    }
    any.then(|| hasher.finish())
}

/// Adds `value` to `hasher` so that values Cypher's `=` finds equal fall together
/// (numbers by their value as a float, which an integer equal to a float has exactly);
/// `None` for null, NaN and the kinds not hashed here, which then meet every row.
fn join_hash(hasher: &mut FxHasher, value: &Value) -> Option<()> {
    match value {
        Value::Int(i) => number_hash(hasher, *i as f64),
        Value::Float(f) if !f.is_nan() => number_hash(hasher, *f),
        Value::String(s) => {
            hasher.write_u8(1);
            hasher.write(s.as_bytes());
        }
        Value::Bool(b) => {
            hasher.write_u8(2);
            hasher.write_u8(u8::from(*b));
        }
        Value::Node(id) => {
            hasher.write_u8(3);
            hasher.write_u64(*id);
        }
        Value::Relationship(id) => {
            hasher.write_u8(4);
            hasher.write_u64(*id);
        }
        _ => return None,
    }
    Some(())
}

fn number_hash(hasher: &mut FxHasher, x: f64) {
    hasher.write_u8(0);
    // -0.0 + 0.0 is 0.0, which -0.0 equals.
    hasher.write_u64((x + 0.0).to_bits());
}

/// The places `a` and `b` (each ascending) hold between them, ascending.
fn merged<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => return None,
        };
        Some(next)
    })
}

impl<'e> Matcher<'e, '_, '_> {
    /// Part `index`, which [`part_joins`] found standing alone, from its kept nodes;
    /// `None` when it keeps too many, for the caller to scan it.
    pub(super) fn match_kept(
        &mut self,
        index: usize,
        join: &'e PartJoin<'e>,
        row: &mut Row,
    ) -> Option<Result<(), QueryError>> {
        let cell: &'e KeptCell = &self.kept[index];
        let kept = match cell.get_or_build(|| self.keep(index, join, row)) {
            Ok(kept) => kept,
            Err(e) => return Some(Err(e)),
        };
        let Kept::Nodes {
            nodes,
            buckets,
            unkeyed,
        } = kept
        else {
            return None;
        };
        let probe = keys_hash(self, join.keys.iter().map(|&(row_side, _)| row_side), row);
        Some(match probe {
            Some(hash) => {
                let bucket = buckets.get(&hash).map_or(&[][..], Vec::as_slice);
                self.replay(index, nodes, merged(bucket, unkeyed), row)
            }
            None => self.replay(index, nodes, 0..nodes.len() as u32, row),
        })
    }

    /// Binds part `index`'s node to each kept node at `places` in turn and goes on.
    fn replay(
        &mut self,
        index: usize,
        nodes: &[NodeId],
        places: impl Iterator<Item = u32>,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        let slot = self.parts[index].nodes[0].slot;
        for place in places {
            self.exec.guard.tick()?;
            if let Some((profile, ops, _)) = self.profile {
                // The scan's rows were counted once, when its nodes were kept.
                let start = ops.get(index).map_or(&[][..], |p| p.start.as_slice());
                start
                    .iter()
                    .skip(start.len().saturating_sub(1))
                    .for_each(|&op| profile.row(op));
            }
            let id = nodes[place as usize];
            if let Some(slot) = slot {
                row[slot] = Value::Node(id);
            }
            self.states[index].nodes[0] = Some(id);
            let result = self.expand(index, &[], 0, row);
            self.states[index].nodes[0] = None;
            if let Some(slot) = slot {
                row[slot] = Value::Null;
            }
            result?;
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    /// Matches part `index` alone, in a copy of `row` without the parts before, under
    /// its own conjuncts and the WHERE's hints of constants (nothing the row gives), and
    /// hashes its nodes by the key.
    fn keep(
        &mut self,
        index: usize,
        join: &'e PartJoin<'e>,
        row: &Row,
    ) -> Result<Kept, QueryError> {
        let mut alone = row.clone();
        for &slot in &join.before {
            alone[slot] = Value::Null;
        }
        let look = std::mem::take(&mut self.look);
        let profile = self.profile.take();
        let conjuncts = std::mem::replace(&mut self.conjuncts, &join.own);
        let hints = std::mem::replace(&mut self.hints, self.constant_hints);
        self.collecting = Some(index);
        let result = self.match_part(index, &mut alone);
        self.collecting = None;
        self.hints = hints;
        self.conjuncts = conjuncts;
        self.profile = profile;
        self.look = look;
        let nodes = std::mem::take(&mut self.collected);
        let overflowed = std::mem::take(&mut self.overflow);
        result?;
        if overflowed {
            return Ok(Kept::TooMany);
        }
        if let Some((profile, ops, _)) = self.profile {
            let start = ops.get(index).map_or(&[][..], |p| p.start.as_slice());
            if let [scan, _, ..] = start {
                profile.rows(*scan, nodes.len());
            }
        }
        let mut buckets: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut unkeyed = Vec::new();
        for (place, &id) in nodes.iter().enumerate() {
            let hash = self.parts[index].nodes[0].slot.and_then(|slot| {
                alone[slot] = Value::Node(id);
                keys_hash(self, join.keys.iter().map(|&(_, own)| own), &alone)
            });
            match hash {
                Some(hash) => buckets.entry(hash).or_default().push(place as u32),
                None => unkeyed.push(place as u32),
            }
        }
        Ok(Kept::Nodes {
            nodes,
            buckets,
            unkeyed,
        })
    }

    /// While part `index` is matched alone: keeps the node it bound, instead of going on.
    pub(super) fn collect(&mut self, index: usize) {
        match self.states[index].nodes[0] {
            Some(id) if self.collected.len() <= MAX_KEPT => self.collected.push(id),
            _ => self.overflow = true,
        }
    }
}
