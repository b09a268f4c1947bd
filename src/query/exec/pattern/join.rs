//! Parts of a MATCH matched once for every row of the parts before them: a part of one
//! node that shares nothing with the parts before it (`MATCH (a:X), (b:Y)`) is matched
//! alone the first time a row reaches it, under the WHERE's conditions on it alone, and
//! its nodes are kept; every row of the parts before then takes them from there instead
//! of scanning again. When the WHERE equates an expression of the parts before with one
//! of this part (`a.founded = b.founded`), the nodes are kept by the hash of their side's
//! value and a row meets only those whose hash is its own: a hash join on values.
//!
//! Rows come out as the nested scan gives them (a row's nodes in scan order), and the
//! WHERE still decides every row; the hash only passes over nodes whose side is unequal,
//! and only where the conjuncts before the equality cannot raise an error.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use crate::query::ast::{BinaryOp, Expr, ExprKind};
use crate::query::eval;
use crate::query::QueryError;
use crate::value::{NodeId, Value};

use super::{Conjunct, Matcher, PartMaps, PartSpec, Row, Scope};

/// The most nodes a part keeps: past it, the part is scanned for every row as before.
const MAX_KEPT: usize = 1 << 24;

/// How a part of one node is joined to the parts before it.
pub(super) struct PartJoin<'e> {
    /// The slots the parts before bind, empty while the part is matched alone.
    before: Vec<usize>,
    /// `(before, this part)`: the sides of the WHERE's equality the nodes are hashed by.
    key: Option<(&'e Expr, &'e Expr)>,
}

/// A part's nodes, matched once.
pub(super) enum Kept {
    NotYet,
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

/// Per part, how it is joined to the parts before, if it is.
pub(super) fn plan_joins<'e>(
    parts: &[PartSpec<'_>],
    scope: &Scope,
    input_len: usize,
    conjuncts: &[Conjunct<'e>],
    maps: &[PartMaps],
) -> Vec<Option<PartJoin<'e>>> {
    let mut before: Vec<usize> = Vec::new();
    let mut joins = Vec::with_capacity(parts.len());
    for (index, part) in parts.iter().enumerate() {
        let stands_alone = index > 0
            && part.rels.is_empty()
            && part.shortest.is_none()
            && part.nodes.len() == 1
            && part.nodes[0]
                .slot
                .is_none_or(|slot| slot >= input_len && !before.contains(&slot))
            && (part.nodes[0].props.is_none() || maps[index].nodes[0].is_some());
        let join = stands_alone.then(|| PartJoin {
            before: before.clone(),
            key: part.nodes[0]
                .slot
                .and_then(|own| join_key(conjuncts, scope, &before, own)),
        });
        joins.push(join);
        before.extend(part.nodes.iter().filter_map(|n| n.slot));
        before.extend(part.rels.iter().filter_map(|r| r.slot));
        before.extend(part.path_slot);
        before.retain(|&slot| slot >= input_len);
    }
    joins
}

/// The first conjunct `x = y` with one side reading only slots in `before` (some) and the
/// other only `own`, when every conjunct before it cannot raise an error: a row whose
/// sides differ then fails the WHERE whatever the other conjuncts give.
fn join_key<'e>(
    conjuncts: &[Conjunct<'e>],
    scope: &Scope,
    before: &[usize],
    own: usize,
) -> Option<(&'e Expr, &'e Expr)> {
    for c in conjuncts {
        if let ExprKind::Binary(BinaryOp::Eq, l, r) = &c.expr.kind {
            let (ls, rs) = (plain_slots(l, scope), plain_slots(r, scope));
            let reads_before = |s: &Option<Vec<usize>>| {
                s.as_ref()
                    .is_some_and(|s| !s.is_empty() && s.iter().all(|x| before.contains(x)))
            };
            let reads_own = |s: &Option<Vec<usize>>| s.as_deref() == Some(&[own][..]);
            if reads_before(&ls) && reads_own(&rs) {
                return Some((l, r));
            }
            if reads_own(&ls) && reads_before(&rs) {
                return Some((r, l));
            }
        }
        if !c.infallible {
            return None;
        }
    }
    None
}

/// The slots of the row's variables `expr` reads, or `None` when it binds variables of its
/// own (a comprehension, a quantifier, `reduce`, a subquery), which could hide a name.
fn plain_slots(expr: &Expr, scope: &Scope) -> Option<Vec<usize>> {
    let mut slots = Vec::new();
    let mut plain = true;
    crate::query::walk::visit(expr, &mut |e| match &e.kind {
        ExprKind::Variable(v) => {
            if let Some(slot) = scope.slot(v).filter(|s| !slots.contains(s)) {
                slots.push(slot);
            }
        }
        ExprKind::ListComprehension { .. }
        | ExprKind::Quantifier { .. }
        | ExprKind::Reduce { .. }
        | ExprKind::Subquery(_) => plain = false,
        _ => {}
    });
    plain.then_some(slots)
}

/// A hash under which values that Cypher's `=` finds equal fall together (numbers by their
/// value as a float, which an integer equal to a float has exactly); `None` for null, NaN
/// and the kinds not hashed here, which then meet every row.
fn join_hash(value: &Value) -> Option<u64> {
    let mut hasher = FxHasher::default();
    match value {
        Value::Int(i) => number_hash(&mut hasher, *i as f64),
        Value::Float(f) if !f.is_nan() => number_hash(&mut hasher, *f),
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
    Some(hasher.finish())
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

impl Matcher<'_, '_, '_> {
    /// Part `index`, which [`plan_joins`] found standing alone, from its kept nodes;
    /// `None` when it keeps too many, for the caller to scan it.
    pub(super) fn match_kept(
        &mut self,
        index: usize,
        join: &PartJoin<'_>,
        row: &mut Row,
    ) -> Option<Result<(), QueryError>> {
        if matches!(self.kept[index], Kept::NotYet) {
            match self.keep(index, join, row) {
                Ok(kept) => self.kept[index] = kept,
                Err(e) => return Some(Err(e)),
            }
        }
        let kept = std::mem::replace(&mut self.kept[index], Kept::NotYet);
        let result = match &kept {
            Kept::Nodes {
                nodes,
                buckets,
                unkeyed,
            } => {
                let probe = join.key.and_then(|(before, _)| {
                    let value = eval::eval(before, &self.bindings(row), &self.exec.ctx()).ok()?;
                    join_hash(&value)
                });
                match probe {
                    Some(hash) => {
                        let bucket = buckets.get(&hash).map_or(&[][..], Vec::as_slice);
                        self.replay(index, nodes, merged(bucket, unkeyed), row)
                    }
                    None => self.replay(index, nodes, 0..nodes.len() as u32, row),
                }
            }
            Kept::TooMany | Kept::NotYet => {
                self.kept[index] = kept;
                return None;
            }
        };
        self.kept[index] = kept;
        Some(result)
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
                let start = ops.get(index).map_or(&[][..], |p| p.start.as_slice());
                start.iter().for_each(|&op| profile.row(op));
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
    /// the conjuncts that read nothing of them, and hashes its nodes by the key.
    fn keep(&mut self, index: usize, join: &PartJoin<'_>, row: &Row) -> Result<Kept, QueryError> {
        let mut alone = row.clone();
        for &slot in &join.before {
            alone[slot] = Value::Null;
        }
        let look = std::mem::take(&mut self.look);
        let profile = self.profile.take();
        self.collecting = Some(index);
        let result = self.match_part(index, &mut alone);
        self.collecting = None;
        self.profile = profile;
        self.look = look;
        let nodes = std::mem::take(&mut self.collected);
        let overflowed = std::mem::take(&mut self.overflow);
        result?;
        if overflowed {
            return Ok(Kept::TooMany);
        }
        let mut buckets: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut unkeyed = Vec::new();
        for (place, &id) in nodes.iter().enumerate() {
            let hash = match (join.key, self.parts[index].nodes[0].slot) {
                (Some((_, own)), Some(slot)) => {
                    alone[slot] = Value::Node(id);
                    let value = eval::eval(own, &self.bindings(&alone), &self.exec.ctx());
                    value.ok().as_ref().and_then(join_hash)
                }
                _ => None,
            };
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
