//! Pattern matching for MATCH, OPTIONAL MATCH and MERGE: compiles a pattern against a
//! scope, picks where each part starts (bound variable, id or name equality, smallest
//! label, all nodes), and expands depth-first over the graph with relationship uniqueness.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::algo::{self, PathOptions, Traversal};
use crate::graph::property_index::PropertyIndex;
use crate::graph::{
    normalize_name, places_in, Column, ColumnOwner, Direction, Graph, HopAt, KeyId, LabelId,
    Preload, PropertyRef, RelTypeId, RelView, Truths,
};
use crate::graph::{EntityLookup, NodeRef, RelRef};
use crate::query::ast::{
    BinaryOp, Clause, Expr, ExprKind, Match, PatternPart, Projection, ShortestKind,
};
use crate::query::eval::{compare_values, cypher_equals, EvalContext};

use super::walk::contains_aggregate;
use crate::query::plan::hints::{collect_hints, is_indexed_name, name_in_map, Condition, Hints};
use crate::query::{ErrorKind, QueryError};
use crate::value::{NodeId, Path, RelId, Value};

use super::parallel::Share;
use super::{BoundExpr, Executor, Profile, Row, RowBindings, Scope, Table};
use crate::query::plan::{
    cannot_fail, is_constant, is_foldable, where_conjuncts, JoinPlan, OpId, Operands, PartOps, Step,
};

mod columnar;
mod ends;
mod every;
mod far_join;
mod frontier;
mod join;
mod pairs;
mod seek;
mod toward;

use far_join::FarHop;
use frontier::{counts_rows_per_node, Frontier};
use join::{own_conjuncts, JoinInputs, KeptCell, PartJoin};
use pairs::PairsHop;

/// A node position of a pattern part.
pub(crate) struct NodeSpec<'p> {
    pub(crate) slot: Option<usize>,
    pub(crate) labels: &'p [String],
    pub(crate) props: Option<&'p Expr>,
}

/// A relationship position of a pattern part.
pub(crate) struct RelSpec<'p> {
    pub(crate) slot: Option<usize>,
    pub(crate) types: &'p [String],
    pub(crate) props: Option<&'p Expr>,
    pub(crate) direction: Direction,
    /// `(min, max)` hops for a variable-length relationship.
    pub(crate) range: Option<(u64, Option<u64>)>,
}

pub(crate) struct PartSpec<'p> {
    pub(crate) path_slot: Option<usize>,
    pub(crate) shortest: Option<ShortestKind>,
    pub(crate) nodes: Vec<NodeSpec<'p>>,
    pub(crate) rels: Vec<RelSpec<'p>>,
}

/// Adds the pattern's variables to `scope` and describes each part by slots.
pub(crate) fn compile<'p>(parts: &'p [PatternPart], scope: &mut Scope) -> Vec<PartSpec<'p>> {
    parts
        .iter()
        .map(|part| {
            let path_slot = part.variable.as_ref().map(|v| scope.add(&v.name));
            let element = &part.element;
            let node = |n: &'p crate::query::ast::NodePattern, scope: &mut Scope| NodeSpec {
                slot: n.variable.as_ref().map(|v| scope.add(&v.name)),
                labels: &n.labels,
                props: n.properties.as_ref(),
            };
            let mut nodes = vec![node(&element.start, scope)];
            let mut rels = Vec::new();
            for (rel, next) in &element.chain {
                rels.push(RelSpec {
                    slot: rel.variable.as_ref().map(|v| scope.add(&v.name)),
                    types: &rel.types,
                    props: rel.properties.as_ref(),
                    direction: rel.direction.into(),
                    range: rel.length.map(|l| (l.min.unwrap_or(1), l.max)),
                });
                nodes.push(node(next, scope));
            }
            PartSpec {
                path_slot,
                shortest: part.shortest,
                nodes,
                rels,
            }
        })
        .collect()
}

/// A pattern compiled against the scope of its input rows.
pub(crate) struct Pattern<'p> {
    pub(crate) parts: Vec<PartSpec<'p>>,
    /// The input scope plus the pattern's new variables.
    pub(crate) scope: Scope,
    /// Slots below this are bound by the input row.
    pub(crate) input_len: usize,
    /// The consumer keeps only distinct rows (a planner decision, see
    /// [`crate::query::plan::shapes::rows_as_set`]): rows that differ only in what no variable shows may
    /// be produced once.
    pub(crate) rows_as_set: bool,
    /// Slots of this pattern's variables that neither the WHERE nor the consumer reads
    /// (meaningful with `rows_as_set`).
    pub(crate) unseen: Vec<usize>,
    /// Slots of this pattern's variables read for nothing but their identity (see
    /// the plan's [`crate::query::plan::shapes::AsSet`]; filled with `rows_as_set`): no use loading
    /// their nodes ahead.
    pub(crate) identity_only: Vec<usize>,
    /// The position each part starts at, as planned.
    pub(crate) starts: Vec<usize>,
    /// The relationship position a part starts at instead, as planned.
    pub(crate) relationship_starts: Vec<Option<usize>>,
    /// Per part, how it is joined to the rows that reach it, as planned.
    pub(crate) joins: Vec<Option<JoinPlan>>,
    /// Slots of this pattern's nodes and relationships whose properties the rows'
    /// consumer reads by id (a projection fed straight from the match reading
    /// `r.amount`): an expansion prefetches where their properties are.
    pub(crate) properties_read: Vec<usize>,
    /// Under PROFILE: the operators counting each part's rows, and the WHERE's.
    pub(crate) ops: Vec<PartOps>,
    pub(crate) filter_op: Option<OpId>,
}

impl<'p> Pattern<'p> {
    pub(crate) fn new(parts: &'p [PatternPart], input: &Scope, starts: &[usize]) -> Pattern<'p> {
        let mut scope = input.clone();
        let parts = compile(parts, &mut scope);
        Pattern {
            parts,
            scope,
            input_len: input.len(),
            rows_as_set: false,
            unseen: Vec::new(),
            identity_only: Vec::new(),
            starts: starts.to_vec(),
            relationship_starts: Vec::new(),
            joins: Vec::new(),
            properties_read: Vec::new(),
            ops: Vec::new(),
            filter_op: None,
        }
    }

    /// The pattern of a planned MATCH, with the operators PROFILE counts its rows against.
    fn planned(parts: &'p [PatternPart], input: &Scope, step: &Step<'_>) -> Pattern<'p> {
        let mut pattern = Pattern::new(parts, input, &step.starts);
        pattern.ops = step.parts.clone();
        pattern.relationship_starts = step.relationship_starts.clone();
        pattern.joins = step.joins.clone();
        pattern.filter_op = step.filter;
        pattern
    }
}

/// What one relationship position matched.
#[derive(Clone, Debug)]
enum Hop {
    One(RelId),
    /// A variable-length match: the relationships and the nodes between them, left to right.
    Many {
        rels: Vec<RelId>,
        inner: Vec<NodeId>,
    },
}

/// Whether `expr` has its value before the match: it reads no variable the pattern binds
/// (only those below `input_len`) and calls nothing whose value changes between calls.
fn known_before_match(expr: &Expr, scope: &Scope, input_len: usize) -> bool {
    let mut known = true;
    super::walk::visit(expr, &mut |e| match &e.kind {
        ExprKind::Variable(v) => known &= scope.slot(v).is_some_and(|s| s < input_len),
        ExprKind::FunctionCall { function, .. } => known &= !function.is_volatile(),
        _ => {}
    });
    known
}

/// The conjuncts of `predicate` ([`where_conjuncts`]), each with the slots of the match's
/// new variables it reads.
fn conjuncts_of<'e>(
    predicate: &'e Expr,
    scope: &Scope,
    input_len: usize,
) -> (Vec<(&'e Expr, Vec<usize>)>, bool) {
    let (conjuncts, complete) = where_conjuncts(predicate);
    let new_slots = |conjunct: &Expr| {
        let mut slots = Vec::new();
        super::walk::visit(conjunct, &mut |e| {
            if let ExprKind::Variable(v) = &e.kind {
                if let Some(slot) = scope.slot(v).filter(|&s| s >= input_len) {
                    if !slots.contains(&slot) {
                        slots.push(slot);
                    }
                }
            }
        });
        slots
    };
    let conjuncts = conjuncts.into_iter().map(|c| (c, new_slots(c))).collect();
    (conjuncts, complete)
}

/// One conjunct of the WHERE, prepared for checking on partial matches.
struct Conjunct<'e> {
    expr: &'e Expr,
    /// `expr` bound to the match's row.
    bound: BoundExpr,
    /// The slots of this match's variables it reads.
    slots: Vec<usize>,
    /// It cannot raise an error, so a conjunct after it may be checked first: a false
    /// there makes the `AND` false whatever this one gives.
    infallible: bool,
    /// `entity.key ⊙ constant`, compared in place in the graph.
    in_place: Option<InPlace>,
}

/// A comparison of a property of a node or relationship bound by the pattern with a
/// literal, a parameter or another such property, which never raises an error.
struct InPlace {
    slot: usize,
    key: Option<KeyId>,
    op: BinaryOp,
    other: Operand,
    /// The other operand is the left one.
    flipped: bool,
}

/// A comparison with a constant tabulated over a node column ([`Truths`]) once it has
/// been asked often enough to pay for it ([`Tabulation::pays_after`]): from then on each
/// test reads one bit instead of a value.
#[derive(Default)]
struct Tabulation {
    /// Tests answered from the column so far, counted by the matchers in batches.
    tests: AtomicUsize,
    truths: OnceLock<Truths>,
}

impl Operand {
    fn constant(value: Value) -> Operand {
        Operand::Constant(value, Tabulation::default())
    }
}

impl Tabulation {
    /// How many tests answered from `column` pay for its table: building it costs a few
    /// nanoseconds a position, and a table saves most of a test's random read, which is
    /// dear in a column of texts (a span, then the text) and cheap in one of word codes or
    /// numbers.
    fn pays_after(column: &Column) -> usize {
        match column {
            Column::Texts { .. } => column.len() / 64,
            _ => column.len() / 8,
        }
    }
}

/// What a property is compared with in place.
enum Operand {
    /// A value known before the match, with the comparison's answers over the key's node
    /// column once they pay.
    Constant(Value, Tabulation),
    /// A property of another entity of the pattern (`c.country = h.country`).
    Property { slot: usize, key: Option<KeyId> },
}

/// What the look-ahead knows of the conjuncts for the partial match so far.
#[derive(Clone, Copy, Default)]
struct Look {
    /// How many leading conjuncts hold (true or null); [`STOPPED`] after an error.
    passed: usize,
    /// Conjuncts past `passed` already found true or null (bit `i` for conjunct `i`).
    checked: u64,
    /// Some conjunct found so far was null (the predicate cannot be true).
    null: bool,
}

/// [`Look::passed`] once a conjunct raised an error: the look-ahead is over, and only
/// the whole predicate on complete rows decides (and raises).
const STOPPED: usize = usize::MAX;

/// `property IN items` as Cypher answers it: true when an item equals it, else null when
/// an item is null or cannot be compared with it, else false.
fn is_in(property: PropertyRef<'_>, items: &[Value]) -> Option<bool> {
    let mut unknown = false;
    if let PropertyRef::Str(s) = property {
        for item in items {
            match item {
                Value::String(c) if c == s => return Some(true),
                Value::String(_) => {}
                other => unknown |= cypher_equals(&Value::String(s.to_owned()), other).is_none(),
            }
        }
        return (!unknown).then_some(false);
    }
    let value = property.into_value();
    for item in items {
        match cypher_equals(&value, item) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(false)
}

/// `a op b` on strings (`b op a` when `flipped`): a comparison or a string test.
fn compared(op: BinaryOp, a: &str, b: &str, flipped: bool) -> bool {
    let (a, b) = if flipped { (b, a) } else { (a, b) };
    match op {
        BinaryOp::StartsWith => a.starts_with(b),
        BinaryOp::EndsWith => a.ends_with(b),
        BinaryOp::Contains => a.contains(b),
        _ => ordered(op, a.cmp(b)),
    }
}

/// The answers of `cmp`, a comparison with `constant`, at every position of `column`.
fn tabulate(cmp: &InPlace, column: &Column, constant: &Value) -> Truths {
    match constant {
        Value::String(needle) if cmp.op == BinaryOp::Contains && !cmp.flipped => {
            column.containing(needle)
        }
        _ => column.truths(|value| compared_with(cmp, value, constant)),
    }
}

/// An [`InPlace`] comparison of the stored `property` with a constant (null: `None`).
fn compared_with(
    cmp: &InPlace,
    property: Option<PropertyRef<'_>>,
    constant: &Value,
) -> Option<bool> {
    compared_by(cmp.op, cmp.flipped, property, constant)
}

/// `property op constant` (`constant op property` when `flipped`), null when the property
/// is absent.
fn compared_by(
    op: BinaryOp,
    flipped: bool,
    property: Option<PropertyRef<'_>>,
    constant: &Value,
) -> Option<bool> {
    match (property, constant) {
        (None, _) => None,
        (Some(property), Value::List(items)) if op == BinaryOp::In => is_in(property, items),
        (Some(PropertyRef::Str(s)), Value::String(c)) => Some(compared(op, s, c.as_str(), flipped)),
        (Some(PropertyRef::Value(Value::Int(a))), Value::Int(b)) if is_order(op) => {
            let (l, r) = if flipped { (*b, a) } else { (a, *b) };
            Some(ordered(op, l.cmp(&r)))
        }
        (Some(property), constant) => {
            compared_values(op, &property.into_value(), constant, flipped)
        }
    }
}

/// Whether `op` compares by order or equality (and so may have its operands swapped by
/// flipping it).
fn is_order(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

/// What an order comparison `op` says of two values in `order`.
fn ordered(op: BinaryOp, order: std::cmp::Ordering) -> bool {
    match op {
        BinaryOp::Eq => order.is_eq(),
        BinaryOp::Ne => order.is_ne(),
        BinaryOp::Lt => order.is_lt(),
        BinaryOp::Le => order.is_le(),
        BinaryOp::Gt => order.is_gt(),
        _ => order.is_ge(),
    }
}

/// `a op b` on any values, as Cypher compares them (`b op a` when `flipped`); a string
/// test of anything but two strings is null.
fn compared_values(op: BinaryOp, a: &Value, b: &Value, flipped: bool) -> Option<bool> {
    let (l, r) = if flipped { (b, a) } else { (a, b) };
    match op {
        BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => match (l, r) {
            (Value::String(l), Value::String(r)) => Some(compared(op, l, r, false)),
            _ => None,
        },
        BinaryOp::Eq => cypher_equals(l, r),
        BinaryOp::Ne => cypher_equals(l, r).map(|b| !b),
        op => compare_values(op, l, r),
    }
}

/// The slots of `pattern`'s nodes and relationships whose properties `projection` reads.
fn properties_read(pattern: &Pattern<'_>, projection: &Projection) -> Vec<usize> {
    let rels = pattern
        .parts
        .iter()
        .flat_map(|p| &p.rels)
        .filter_map(|r| r.slot);
    let nodes = pattern
        .parts
        .iter()
        .flat_map(|p| &p.nodes)
        .filter_map(|n| n.slot);
    let mut slots: Vec<usize> = rels.chain(nodes).collect();
    let mut read = Vec::new();
    for expr in super::walk::projection_expressions(projection) {
        super::walk::visit(expr, &mut |e| {
            if let ExprKind::Property(base, _) = &e.kind {
                if let ExprKind::Variable(v) = &base.kind {
                    read.extend(pattern.scope.slot(v));
                }
            }
        });
    }
    slots.retain(|s| read.contains(s));
    slots
}

/// The slots that only ever hold a node or a relationship bound by this pattern (not
/// lists of relationships, not paths, not variables bound before it).
fn entity_slots(parts: &[PartSpec<'_>], input_len: usize) -> Vec<usize> {
    let mut other = Vec::new();
    let mut entities = Vec::new();
    for part in parts {
        other.extend(part.path_slot);
        entities.extend(part.nodes.iter().filter_map(|n| n.slot));
        for rel in &part.rels {
            match rel.range {
                None => entities.extend(rel.slot),
                Some(_) => other.extend(rel.slot),
            }
        }
    }
    entities.retain(|s| *s >= input_len && !other.contains(s));
    entities
}

impl<'e> Matcher<'e, '_, '_> {
    /// The conjuncts that compare a property of the relationship at `slot` with a
    /// constant and may be checked before any other (every conjunct before them cannot
    /// fail).
    fn rel_conditions(&self, slot: Option<usize>) -> Vec<&'e Conjunct<'e>> {
        let conjuncts = self.conjuncts;
        (rel_conditions(conjuncts, slot).into_iter())
            .map(|j| &conjuncts[j])
            .collect()
    }

    /// The type's list of storage slots, the columns of the keys that
    /// [`Matcher::rel_conditions`] read and those conditions, when there are some and the
    /// graph has (or builds now) a column for each key.
    fn rel_condition_columns(
        &self,
        slot: Option<usize>,
        rel_type: &str,
    ) -> Option<(&'e [u32], ScanColumns, Vec<&'e Conjunct<'e>>)> {
        let exec = self.exec;
        let conditions = self.rel_conditions(slot);
        let keys: Option<Vec<KeyId>> = conditions
            .iter()
            .map(|c| c.in_place.as_ref().and_then(|cmp| cmp.key))
            .collect();
        let mut keys = keys?;
        keys.sort_unstable();
        keys.dedup();
        let of_type = exec.graph.type_id(rel_type)?;
        let list = exec.graph.slots_of_type(of_type);
        let columns = ScanColumns::of(exec, ColumnOwner::Type(of_type), keys, list.len())?;
        Some((list, columns, conditions))
    }
}

/// The places of the conjuncts that compare a property of the relationship at `slot`
/// with a constant and may be checked before any other (every conjunct before them
/// cannot fail).
fn rel_conditions(conjuncts: &[Conjunct<'_>], slot: Option<usize>) -> Vec<usize> {
    leading(conjuncts)
        .filter(|(_, c)| {
            c.in_place_constant().is_some()
                && c.in_place
                    .as_ref()
                    .is_some_and(|cmp| Some(cmp.slot) == slot)
        })
        .map(|(j, _)| j)
        .collect()
}

/// The conjuncts that may be checked before any other (every conjunct before them cannot
/// fail), with their places.
fn leading<'c, 'e>(
    conjuncts: &'c [Conjunct<'e>],
) -> impl Iterator<Item = (usize, &'c Conjunct<'e>)> {
    (conjuncts.iter().enumerate()).take_while(|(j, _)| *j == 0 || conjuncts[j - 1].infallible)
}

/// The places of the conjuncts a hop that meets the relationship at `slot` may test on
/// its own, before binding anything: those that may be checked first and compare one of
/// its properties with a constant, or by order or equality with a property of another
/// entity (bound before the hop, or else left to the look-ahead).
fn hop_conditions(conjuncts: &[Conjunct<'_>], slot: usize) -> Vec<usize> {
    let tested = |cmp: &InPlace| match &cmp.other {
        Operand::Constant(..) => cmp.slot == slot,
        Operand::Property { slot: other, .. } => {
            is_order(cmp.op) && ((cmp.slot == slot) != (*other == slot))
        }
    };
    leading(conjuncts)
        .filter(|(_, c)| c.in_place.as_ref().is_some_and(tested))
        .map(|(j, _)| j)
        .collect()
}

impl<'e> Conjunct<'e> {
    /// The constant it compares a property with in place, when it does.
    fn in_place_constant(&self) -> Option<&Value> {
        match &self.in_place.as_ref()?.other {
            Operand::Constant(constant, _) => Some(constant),
            Operand::Property { .. } => None,
        }
    }

    fn new(
        exec: &Executor<'_>,
        expr: &'e Expr,
        slots: Vec<usize>,
        scope: &Scope,
        entities: &[usize],
    ) -> Conjunct<'e> {
        fn entity_property<'x>(
            e: &'x Expr,
            scope: &Scope,
            entities: &[usize],
        ) -> Option<(usize, &'x str)> {
            match &e.kind {
                ExprKind::Property(base, key) => match &base.kind {
                    ExprKind::Variable(v) => scope
                        .slot(v)
                        .filter(|s| entities.contains(s))
                        .map(|s| (s, key.as_str())),
                    _ => None,
                },
                _ => None,
            }
        }
        let entity = |e: &'e Expr| entity_property(e, scope, entities);
        let empty_scope = Scope::default();
        let empty = RowBindings {
            scope: &empty_scope,
            row: &[],
        };
        // The value of a literal or parameter, or of a call of such that gives one
        // (`range(1, 9)`): the same on every row, evaluated once here; `None` for anything
        // else, and for a call that raises an error, which stays the WHERE's.
        let known = |name: &str| exec.params.contains_key(name);
        let folded = |e: &Expr| {
            (is_constant(e, &known) || is_foldable(e, &known))
                .then(|| exec.eval(e, &empty).ok())
                .flatten()
        };
        let operands = Operands {
            constant: &|e| folded(e).is_some(),
            list: &|e| matches!(folded(e), Some(Value::List(_))),
            entity: &|v| scope.slot(v).is_some_and(|s| entities.contains(&s)),
        };
        let infallible = cannot_fail(expr, &operands);
        let in_place = match &expr.kind {
            ExprKind::Binary(op, l, r) if op.is_comparison() => {
                let key_id = |key: &str| exec.graph.key_id(key);
                let (left, right) = (folded(l), folded(r));
                let in_place = match (entity(l), entity(r)) {
                    (Some(p), Some((other, other_key))) => Some((
                        p,
                        Operand::Property {
                            slot: other,
                            key: key_id(other_key),
                        },
                        false,
                    )),
                    (Some(p), None) => right.map(|v| (p, Operand::constant(v), false)),
                    (None, Some(p)) => left.map(|v| (p, Operand::constant(v), true)),
                    (None, None) => None,
                };
                in_place.map(|((slot, key), other, flipped)| InPlace {
                    slot,
                    key: key_id(key),
                    op: *op,
                    other,
                    flipped,
                })
            }
            ExprKind::Binary(BinaryOp::In, l, r) => {
                // `n.key IN [constants]`: checked in place.
                let list = folded(r).filter(|v| matches!(v, Value::List(_)));
                entity(l).zip(list).map(|((slot, key), list)| InPlace {
                    slot,
                    key: exec.graph.key_id(key),
                    op: BinaryOp::In,
                    other: Operand::constant(list),
                    flipped: false,
                })
            }
            _ => None,
        };
        Conjunct {
            expr,
            bound: exec.bind(expr, scope),
            slots,
            infallible,
            in_place,
        }
    }
}

/// A condition's value as a verdict: `None` when it is not a boolean or null.
fn truth_of(value: &Value) -> Option<Option<bool>> {
    match value {
        Value::Bool(b) => Some(Some(*b)),
        Value::Null => Some(None),
        _ => None,
    }
}

/// What matching a pattern needs of it and its WHERE besides the row, worked out once for
/// every row a MATCH extends.
struct Prepared<'e> {
    where_clause: Option<&'e Expr>,
    /// The WHERE's conjuncts in evaluation order (see [`conjuncts_of`]).
    conjuncts: Vec<Conjunct<'e>>,
    /// Whether `conjuncts` is the whole WHERE.
    conjuncts_complete: bool,
    /// Per part and node position, the label ids it needs (`None`: a label no node has).
    label_ids: Vec<Vec<Option<Vec<LabelId>>>>,
    /// Per part and relationship position, the type ids it accepts (`None`: any type).
    type_ids: Vec<Vec<Option<Vec<RelTypeId>>>>,
    /// Per part, the property maps of its node and relationship positions that are the
    /// same on every row.
    constant_maps: Vec<PartMaps>,
    /// The node positions' map literals that read only variables of the input row
    /// (`{country: wanted}` after `UNWIND … AS wanted`): evaluated once per input row.
    row_maps: Vec<RowMap<'e>>,
    /// Ids and property values the WHERE asks of the pattern's variables.
    hints: Hints<'e>,
    /// For a MATCH over several input rows: indexes of (label, key) built for it alone,
    /// where a part starts by scanning a label under conditions on a key whose values the
    /// rows give, and no index answers them. Built once, each row's start is then a seek
    /// instead of a scan: a hash join of the rows with the label's nodes, on the key.
    temporary: Vec<PropertyIndex>,
    /// The node property columns its in-place comparisons read, once the graph has them.
    node_columns: NodeColumns,
    /// The relationship property columns they read beside the adjacency.
    hop_columns: HopColumns,
    /// Per part, how it is joined to the rows that reach it when it stands alone
    /// ([`join::part_joins`]), and its nodes once kept, for every row and thread.
    joins: Vec<Option<PartJoin<'e>>>,
    kept: Vec<KeptCell>,
    /// The WHERE's hints whose values are constants: a part standing alone, or the far
    /// node of a far join, is matched under these, whatever row reaches it.
    constant_hints: Hints<'e>,
    /// Per part, the hops the plan closes by a hash join from their far end, with their
    /// tables once built, for every row and thread.
    far_joins: Vec<Vec<FarHop>>,
    /// Per part, the moves into a bound node the plan closes from a table of pairs, with
    /// their tables once built, for every row and thread.
    pairs: Vec<Vec<PairsHop>>,
    /// The WHERE's conditions on every relationship of a path, checked as each is taken.
    every: Vec<every::EveryRelationship<'e>>,
}

/// The node property columns a MATCH's in-place comparisons read, as the graph hands
/// them over: every [`NodeColumns::BATCH`] reads of records, a matcher counts them with
/// the graph ([`Graph::columns`]), which builds a key's column once its reads have cost
/// about what the build does.
struct NodeColumns {
    keys: Vec<KeyId>,
    ready: TakenColumns,
    /// How many reads a matcher counts before it tells the graph.
    batch: u32,
}

/// One column for each of a list of keys, each taken from the graph once the reads
/// counted with it have built it ([`Graph::columns`]).
struct TakenColumns(Vec<OnceLock<Arc<Column>>>);

impl TakenColumns {
    fn new(keys: usize) -> TakenColumns {
        TakenColumns((0..keys).map(|_| OnceLock::new()).collect())
    }

    #[inline]
    fn get(&self, at: usize) -> Option<&Column> {
        self.0.get(at)?.get().map(|column| &**column)
    }

    fn all_taken(&self) -> bool {
        self.0.iter().all(|column| column.get().is_some())
    }

    /// Counts `reads` reads of those of `keys` (the list's keys, in order) without a
    /// column yet with the graph's columns of `owner`, taking any it has for them now.
    fn count_reads(&self, exec: &Executor<'_>, owner: ColumnOwner, keys: &[KeyId], reads: u32) {
        let missing: Vec<usize> = (0..keys.len())
            .filter(|&at| self.get(at).is_none())
            .collect();
        let wanted: Vec<KeyId> = missing.iter().map(|&at| keys[at]).collect();
        let from = exec.guard.options.columns_from;
        let columns = exec.graph.columns(owner, &wanted, reads as usize, from);
        for (at, column) in missing.into_iter().zip(columns) {
            if let Some(column) = column {
                let _ = self.0[at].set(column);
            }
        }
    }
}

/// The keys a matcher's columns are for: each once, none under the naive plan.
fn column_keys(exec: &Executor<'_>, mut keys: Vec<KeyId>) -> Vec<KeyId> {
    keys.sort_unstable();
    keys.dedup();
    if exec.guard.options.naive_plan {
        keys.clear();
    }
    keys
}

/// Adds one to `counter`, a count of reads (or tests) in a batch: the count of a full
/// batch, which the caller then reports, starting the next.
fn full_batch(counter: &Cell<u32>, batch: u32) -> Option<u32> {
    let counted = counter.get() + 1;
    if counted < batch {
        counter.set(counted);
        return None;
    }
    counter.set(0);
    Some(counted)
}

impl NodeColumns {
    const BATCH: u32 = 256;

    /// How many reads a matcher counts before it tells the graph.
    fn batch(exec: &Executor<'_>) -> u32 {
        let from = exec.guard.options.columns_from;
        from.map_or(Self::BATCH, |from| {
            from.clamp(1, Self::BATCH as usize) as u32
        })
    }

    /// The columns of the keys the in-place comparisons and the maps read (`more`: the
    /// keys of maps evaluated per row).
    fn of(
        exec: &Executor<'_>,
        conjuncts: &[Conjunct<'_>],
        maps: &[PartMaps],
        more: Vec<KeyId>,
    ) -> NodeColumns {
        let mut keys: Vec<KeyId> = more;
        for cmp in conjuncts.iter().filter_map(|c| c.in_place.as_ref()) {
            keys.extend(cmp.key);
            if let Operand::Property { key, .. } = &cmp.other {
                keys.extend(*key);
            }
        }
        let node_maps = maps.iter().flat_map(|m| m.nodes.iter().flatten());
        keys.extend(node_maps.flat_map(|map| map.0.iter().filter_map(|(key, _)| *key)));
        let keys = column_keys(exec, keys);
        NodeColumns {
            ready: TakenColumns::new(keys.len()),
            keys,
            batch: Self::batch(exec),
        }
    }

    #[inline]
    fn get(&self, key: KeyId) -> Option<&Column> {
        self.ready.get(self.keys.iter().position(|&k| k == key)?)
    }

    /// Whether node `id` (live or not) has every entry of `map`, read from the columns;
    /// `None` while a key of it has no column.
    fn map_holds(&self, graph: &Graph, map: &ConstantMap, id: NodeId) -> Option<bool> {
        let keys = map.0.iter().filter_map(|(key, _)| *key);
        if !keys.clone().all(|key| self.get(key).is_some()) {
            return None;
        }
        Some(map.holds(|key| graph.node_value(self.get(key)?, id).flatten()))
    }

    /// Counts `reads` reads of the keys without a column yet, taking any column the graph
    /// has for them now.
    fn count_reads(&self, exec: &Executor<'_>, reads: u32) {
        (self.ready).count_reads(exec, ColumnOwner::Nodes, &self.keys, reads);
    }
}

/// The relationship property columns a MATCH's in-place comparisons read of the
/// relationship a traversal has just met, by its place in the compact adjacency
/// ([`ColumnOwner::Hops`]): a node's relationships' values then lie in a row, where their
/// records lie anywhere. Counted with the graph as [`NodeColumns`] are.
struct HopColumns {
    keys: Vec<KeyId>,
    /// By direction (incoming, outgoing), each key's column once the graph has it.
    ready: [TakenColumns; 2],
    batch: u32,
    /// Per relationship slot, the conjuncts a hop may test on its own ([`hop_conditions`]):
    /// it passes over the relationships their columns make false before binding anything.
    conditions: Vec<(usize, Vec<usize>)>,
    /// The relationship slots some conjunct reads other than in place, from records.
    read_whole: Vec<usize>,
}

impl HopColumns {
    fn of(
        exec: &Executor<'_>,
        conjuncts: &[Conjunct<'_>],
        scope: &Scope,
        rel_slots: &[usize],
    ) -> HopColumns {
        let mut keys: Vec<KeyId> = Vec::new();
        for cmp in conjuncts.iter().filter_map(|c| c.in_place.as_ref()) {
            if rel_slots.contains(&cmp.slot) {
                keys.extend(cmp.key);
            }
            if let Operand::Property { slot, key } = &cmp.other {
                keys.extend(key.filter(|_| rel_slots.contains(slot)));
            }
        }
        // What the other conjuncts read of the relationships, for the evaluator.
        let of_relationship = |v: &str| scope.slot(v).is_some_and(|s| rel_slots.contains(&s));
        for c in conjuncts.iter().filter(|c| c.in_place.is_none()) {
            let read = properties_read_of(c.expr, &of_relationship);
            keys.extend(read.filter_map(|key| exec.graph.key_id(key)));
        }
        let keys = column_keys(exec, keys);
        let conditions = (rel_slots.iter())
            .map(|&slot| (slot, hop_conditions(conjuncts, slot)))
            .filter(|(_, found)| !found.is_empty() && !keys.is_empty())
            .collect();
        let read_whole = (rel_slots.iter().copied())
            .filter(|slot| {
                (conjuncts.iter()).any(|c| c.in_place.is_none() && c.slots.contains(slot))
            })
            .collect();
        HopColumns {
            ready: [TakenColumns::new(keys.len()), TakenColumns::new(keys.len())],
            keys,
            batch: NodeColumns::batch(exec),
            conditions,
            read_whole,
        }
    }

    /// Whether the conjuncts read nothing of the relationship at `slot`, met in
    /// `direction`, but what the columns at hand answer.
    fn cover(&self, slot: usize, direction: Direction) -> bool {
        let ready = |outgoing: bool| self.ready[usize::from(outgoing)].all_taken();
        let directions_ready = match direction {
            Direction::Outgoing => ready(true),
            Direction::Incoming => ready(false),
            Direction::Both => ready(true) && ready(false),
        };
        !self.keys.is_empty() && directions_ready && !self.read_whole.contains(&slot)
    }

    #[inline]
    fn get(&self, hop: HopAt, key: KeyId) -> Option<&Column> {
        let at = self.keys.iter().position(|&k| k == key)?;
        self.ready[usize::from(hop.outgoing)].get(at)
    }

    /// Counts `reads` reads of the keys without a column yet in one direction, taking any
    /// column the graph has for them now.
    fn count_reads(&self, exec: &Executor<'_>, outgoing: bool, reads: u32) {
        let owner = ColumnOwner::Hops { outgoing };
        self.ready[usize::from(outgoing)].count_reads(exec, owner, &self.keys, reads);
    }
}

/// The keys of the properties `expr` reads of the variables `wanted` picks (`v.key`).
fn properties_read_of<'x>(
    expr: &'x Expr,
    wanted: &dyn Fn(&str) -> bool,
) -> impl Iterator<Item = &'x str> {
    let mut keys = Vec::new();
    super::walk::visit(expr, &mut |e| {
        if let ExprKind::Property(base, key) = &e.kind {
            if matches!(&base.kind, ExprKind::Variable(v) if wanted(v)) {
                keys.push(key.as_str());
            }
        }
    });
    keys.into_iter()
}

/// What the evaluator reads of the graph while the look-ahead checks a conjunct on the
/// relationship a walk has just met: that relationship's properties come from its hop
/// columns where they have been built.
struct HopLookup<'m, 'e, 'p, 'a, 'r> {
    matcher: &'m Matcher<'e, 'p, 'a>,
    rel: &'r RelView<'r>,
}

impl HopLookup<'_, '_, '_, '_, '_> {
    fn graph(&self) -> &dyn EntityLookup {
        &*self.matcher.exec.graph
    }
}

impl EntityLookup for HopLookup<'_, '_, '_, '_, '_> {
    fn node(&self, id: NodeId) -> Option<NodeRef<'_>> {
        self.graph().node(id)
    }

    fn relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        self.graph().relationship(id)
    }

    fn deleted_relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        self.graph().deleted_relationship(id)
    }

    fn relationship_property(&self, id: RelId, key: KeyId, name: &str) -> Option<Option<Value>> {
        if id != self.rel.id() {
            return self.graph().relationship_property(id, key, name);
        }
        let value = self.matcher.hop_property(self.rel, key);
        Some(value.map(PropertyRef::into_value))
    }

    fn node_has_label(&self, id: NodeId, label: Option<LabelId>, name: &str) -> Option<bool> {
        self.graph().node_has_label(id, label, name)
    }
}

/// A comparison a hop makes of each relationship it meets from a column: its property
/// `key` `op` `with` (`with` `op` it when `flipped`).
struct HopTest<'c> {
    key: KeyId,
    op: BinaryOp,
    flipped: bool,
    with: Cow<'c, Value>,
}

/// The slots of a pattern's single relationships (not those of variable length).
fn relationship_slots(parts: &[PartSpec<'_>]) -> Vec<usize> {
    let rels = parts.iter().flat_map(|p| &p.rels);
    rels.filter(|r| r.range.is_none())
        .filter_map(|r| r.slot)
        .collect()
}

/// The [`ConstantMap`]s of a part's positions.
struct PartMaps {
    nodes: Vec<Option<ConstantMap>>,
    rels: Vec<Option<ConstantMap>>,
}

/// Where matched rows go, and how many more are wanted.
struct Sink<'t> {
    where_clause: Option<&'t Expr>,
    emit: &'t mut dyn FnMut(&[Value]) -> Result<(), QueryError>,
    emitted: usize,
    wanted: Option<usize>,
}

/// Receives every row a MATCH produces.
pub(crate) type Emit<'t> = &'t mut dyn FnMut(&[Value]) -> Result<(), QueryError>;

/// What an [`Emit`] refers to, for a borrow shorter than the function's own life.
type EmitTo<'f> = dyn FnMut(&[Value]) -> Result<(), QueryError> + 'f;

/// The partial match of one part.
struct PartState {
    nodes: Vec<Option<NodeId>>,
    hops: Vec<Option<Hop>>,
}

struct Matcher<'e, 'p, 'a> {
    exec: &'e Executor<'a>,
    parts: &'e [PartSpec<'p>],
    scope: &'e Scope,
    /// Slots below this were bound before matching began (a null there is an unmatched
    /// OPTIONAL MATCH variable, which no pattern can match).
    input_len: usize,
    hints: &'e Hints<'e>,
    /// The WHERE's conjuncts in evaluation order, up to the first whose value may differ
    /// between calls.
    conjuncts: &'e [Conjunct<'e>],
    /// Whether `conjuncts` is the whole WHERE.
    conjuncts_complete: bool,
    look: Look,
    /// Per part and node position, the label ids it needs (`None`: a label no node has).
    label_ids: &'e [Vec<Option<Vec<LabelId>>>],
    /// Per part and relationship position, the type ids it accepts (`None`: any type).
    type_ids: &'e [Vec<Option<Vec<RelTypeId>>>],
    /// Per part, its positions' property maps that are the same on every row.
    constant_maps: &'e [PartMaps],
    /// The maps of [`Prepared::row_maps`] evaluated for this input row, by part and node
    /// position.
    row_maps: Vec<((usize, usize), ConstantMap)>,
    sink: Sink<'e>,
    used: Vec<RelId>,
    states: Vec<PartState>,
    rows_as_set: bool,
    unseen: &'e [usize],
    identity_only: &'e [usize],
    /// The position each part starts at, as planned.
    starts: &'e [usize],
    /// The relationship position a part starts at instead, as planned.
    relationship_starts: &'e [Option<usize>],
    /// See [`Pattern::properties_read`].
    properties_read: &'e [usize],
    /// Under PROFILE: where to count rows (each part's operators, the WHERE's).
    profile: Option<(&'e Profile, &'e [PartOps], Option<OpId>)>,
    /// This thread's share of the first part's starts, when a match is divided.
    share: Option<Share>,
    /// This thread's share of the first hop's relationships, when a match from one start
    /// divides them (set once that start is found).
    hop_share: Option<Share>,
    /// Indexes built for this MATCH alone (see [`Prepared::temporary`]).
    temporary: &'e [PropertyIndex],
    node_columns: &'e NodeColumns,
    /// Node properties read from records since the last batch counted with the graph.
    record_reads: Cell<u32>,
    hop_columns: &'e HopColumns,
    /// Properties of relationships met in the adjacency read from their records since the
    /// last batch counted with the graph, by direction (incoming, outgoing).
    hop_reads: [Cell<u32>; 2],
    /// Comparisons answered from a column since the last batch counted with a
    /// [`Tabulation`] (all credited to the one whose test ends the batch: a sample).
    column_tests: Cell<u32>,
    /// Per part, how it is joined to the rows that reach it, and its nodes once kept.
    joins: &'e [Option<PartJoin<'e>>],
    kept: &'e [KeptCell],
    constant_hints: &'e Hints<'e>,
    far_joins: &'e [Vec<FarHop>],
    pairs: &'e [Vec<PairsHop>],
    /// Per part, its planned operators and choices (the hops taken toward a bound node).
    plan_ops: &'e [PartOps],
    /// Where the consumer takes rows repeated: the count of the row being handed on, set
    /// by a part whose rows are counted per node (`None`: every row is handed on alone).
    repeats: Option<&'e Cell<u64>>,
    /// The nodes the rows reaching a last hop counted per node share, with their counts.
    frontier: Frontier,
    every: &'e [every::EveryRelationship<'e>],
    /// The row a condition on every relationship is checked in: the relationship alone.
    every_row: Row,
    /// The tables of the hops taken toward a bound node, each for its latest near node.
    toward_tables: Vec<toward::TowardTable>,
    /// The part being matched alone to keep its nodes ([`join`]), and those found so far.
    collecting: Option<usize>,
    collected: Vec<NodeId>,
    /// A part matched alone found more nodes than it may keep: stop.
    overflow: bool,
}

/// A bound node with at most this many relationships is walked to close a hop into it,
/// whatever the other end's degree.
const SHORT_LIST: usize = 16;

/// How many start candidates ahead of the one being expanded to prefetch adjacency for.
const PREFETCH_AHEAD: usize = 8;

/// A first hop that reads nothing of the relationships it takes.
const NO_LOADS: Preload = Preload {
    properties: false,
    records: false,
    far_data: false,
};

/// What an expansion can check of its far end before it reads the relationship: that it
/// is the node already bound there, or that it carries the position's labels (asked of the
/// label index; `None` is a label no node has).
fn far_end_test<'g>(
    graph: &'g crate::graph::Graph,
    bound: Option<NodeId>,
    labels: &'g Option<Vec<LabelId>>,
) -> impl Fn(NodeId) -> bool + 'g {
    move |other| match (bound, labels) {
        (Some(node), _) => other == node,
        (None, Some(ids)) => ids.iter().all(|&label| graph.node_has_label(other, label)),
        (None, None) => false,
    }
}

/// A MATCH over one input row that is a plain scan of one kind of entity: one part that is
/// either one node (of at most one label, its property map, if any, of constants and
/// naming no name) or one relationship of named types (not variable-length, without
/// properties, between two new nodes without properties, started from the relationship;
/// the ends' labels are tested on each). Its WHERE is all comparisons of the
/// entity's properties with constants, and the next clause asks no limit or set semantics.
/// Its rows are the entities that pass (a relationship twice if undirected, once for a
/// self-loop), and nothing about them but the entity (and a relationship's ends) matters.
struct StoredScan<'m> {
    scanned: Scanned<'m>,
    /// The entity's slot.
    slot: usize,
    /// The WHERE's comparisons, with the constant each compares with.
    conditions: Vec<(&'m InPlace, &'m Value)>,
    /// The node's property map, when it has one of constants.
    map: Option<&'m ConstantMap>,
}

enum Scanned<'m> {
    /// The nodes of a label, or every node.
    Nodes { label: Option<&'m str> },
    /// The relationships of one type or of several (`[r:A|B]`).
    Relationships {
        rel_types: &'m [String],
        direction: Direction,
        /// The slots of the nodes on the pattern's left and right, if named.
        ends: [Option<usize>; 2],
        /// The labels the left and right nodes need (`None`: a label no node has).
        end_labels: [&'m Option<Vec<LabelId>>; 2],
    },
}

impl Scanned<'_> {
    /// Whether the relationship at `slot` of the graph's storage has ends with the labels
    /// the pattern asks (`turned`: its end is the pattern's left node).
    fn ends_hold(&self, graph: &Graph, slot: u32, turned: bool) -> bool {
        let Scanned::Relationships { end_labels, .. } = self else {
            return true;
        };
        if end_labels
            .iter()
            .all(|labels| labels.as_ref().is_some_and(Vec::is_empty))
        {
            return true;
        }
        let Some(rel) = graph.relationship_at_slot(slot) else {
            return false;
        };
        let ends = match turned {
            false => [rel.start(), rel.end()],
            true => [rel.end(), rel.start()],
        };
        ends.iter().zip(end_labels).all(|(&node, labels)| {
            labels
                .as_ref()
                .is_some_and(|labels| labels.iter().all(|&l| graph.node_has_label(node, l)))
        })
    }
}

impl<'m> StoredScan<'m> {
    fn of(ready: &'m ReadyMatch<'_>, input: &[Row], graph: &Graph) -> Option<StoredScan<'m>> {
        let (pattern, prepared) = (&ready.pattern, &ready.prepared);
        if input.len() != 1 || ready.wanted.is_some() || ready.optional {
            return None;
        }
        let [part] = pattern.parts.as_slice() else {
            return None;
        };
        if part.path_slot.is_some() || part.shortest.is_some() || !prepared.conjuncts_complete {
            return None;
        }
        let new = |slot: Option<usize>| slot.is_none_or(|s| s >= pattern.input_len);
        let mut map = None;
        let (scanned, slot) = match part.rels.as_slice() {
            [] => {
                let node = &part.nodes[0];
                let label = match node.labels {
                    [] => None,
                    [label] => Some(label.as_str()),
                    _ => return None,
                };
                let slot = node.slot.filter(|&s| new(Some(s)))?;
                // A map of constants is conditions of equality, unless it names a name,
                // which the name index seeks.
                map = match node.props {
                    None => None,
                    Some(props) if name_in_map(props, &|_| true).is_none() => {
                        Some(prepared.constant_maps[0].nodes[0].as_ref()?)
                    }
                    Some(_) => return None,
                };
                let name = &pattern.scope.names()[slot];
                if seeks_nodes(graph, &prepared.hints, name, label) {
                    return None;
                }
                (Scanned::Nodes { label }, slot)
            }
            [rel] => {
                let ends = [part.nodes[0].slot, part.nodes[1].slot];
                let plain = pattern.relationship_starts.first() == Some(&Some(0))
                    && rel.range.is_none()
                    && rel.props.is_none()
                    && part.path_slot.is_none()
                    && part.nodes.iter().all(|n| n.props.is_none())
                    && new(ends[0])
                    && new(ends[1])
                    && (ends[0].is_none() || ends[0] != ends[1]);
                let slot = rel.slot.filter(|&slot| plain && new(Some(slot)))?;
                if rel.types.is_empty() {
                    return None;
                }
                let direction = rel.direction;
                let labels = &prepared.label_ids[0];
                let scanned = Scanned::Relationships {
                    rel_types: rel.types,
                    direction,
                    ends,
                    end_labels: [&labels[0], &labels[1]],
                };
                (scanned, slot)
            }
            _ => return None,
        };
        let conditions = prepared
            .conjuncts
            .iter()
            .map(|c| match c.in_place.as_ref()? {
                cmp @ InPlace {
                    other: Operand::Constant(constant, _),
                    ..
                } if cmp.slot == slot => Some((cmp, constant)),
                _ => None,
            });
        Some(StoredScan {
            scanned,
            slot,
            conditions: conditions.collect::<Option<_>>()?,
            map,
        })
    }

    /// Whether an entity whose properties `read` gives passes every condition.
    fn holds<'g>(&self, read: &dyn Fn(KeyId) -> Option<PropertyRef<'g>>) -> bool {
        self.map.is_none_or(|map| map.holds(read))
            && self.conditions.iter().all(|&(cmp, constant)| {
                let property = cmp.key.and_then(read);
                compared_with(cmp, property, constant) == Some(true)
            })
    }

    /// The property keys its conditions read.
    fn keys(&self) -> impl Iterator<Item = KeyId> + '_ {
        let compared = self.conditions.iter().filter_map(|(cmp, _)| cmp.key);
        let mapped = self
            .map
            .iter()
            .flat_map(|map| map.0.iter().filter_map(|(key, _)| *key));
        compared.chain(mapped)
    }
}

/// What a [`StoredScan`] walks: node ids (this thread's share of them), or places in a
/// type's list of storage slots; with the columns it reads, when the graph has one for
/// every key it reads.
enum Places<'g> {
    Nodes(Vec<NodeId>, Option<ScanColumns>),
    Relationships(&'g [u32], std::ops::Range<usize>, Option<ScanColumns>),
}

impl Places<'_> {
    /// The entity at `place`, as its variable's value.
    fn entity(&self, graph: &Graph, place: usize) -> Value {
        match self {
            Places::Nodes(candidates, _) => Value::Node(candidates[place]),
            Places::Relationships(list, ..) => graph
                .relationship_at_slot(list[place])
                .map_or(Value::Null, |rel| Value::Relationship(rel.id())),
        }
    }

    /// The row of `scan` at `place` (an index of the node ids, or of the type's list):
    /// the input row with the entity bound, and a relationship's ends where the pattern
    /// names them (`turned`: the pattern's left node is the relationship's end).
    fn row(
        &self,
        graph: &Graph,
        scan: &StoredScan<'_>,
        input: &Row,
        width: usize,
        (place, turned): (usize, bool),
    ) -> Row {
        let mut row = input.clone();
        row.resize(width, Value::Null);
        match (self, &scan.scanned) {
            (Places::Nodes(candidates, _), _) => row[scan.slot] = Value::Node(candidates[place]),
            (Places::Relationships(list, ..), Scanned::Relationships { ends, .. }) => {
                if let Some(rel) = graph.relationship_at_slot(list[place]) {
                    let (left, right) = if turned {
                        (rel.end(), rel.start())
                    } else {
                        (rel.start(), rel.end())
                    };
                    row[scan.slot] = Value::Relationship(rel.id());
                    for (end, id) in ends.iter().zip([left, right]) {
                        if let Some(end) = *end {
                            row[end] = Value::Node(id);
                        }
                    }
                }
            }
            (Places::Relationships(..), Scanned::Nodes { .. }) => {}
        }
        row
    }
}

/// The property columns a scan reads, by key.
struct ScanColumns {
    keys: Vec<KeyId>,
    columns: Vec<Arc<Column>>,
}

impl ScanColumns {
    /// The columns of `keys` over `owner`, after counting `reads` reads of each; `None`
    /// unless the graph has (or builds now) a column for every one.
    fn of(exec: &Executor<'_>, owner: ColumnOwner, keys: Vec<KeyId>, reads: usize) -> Option<Self> {
        if keys.is_empty() || exec.guard.options.naive_plan {
            return None;
        }
        let from = exec.guard.options.columns_from;
        let columns = exec.graph.columns(owner, &keys, reads, from);
        let columns = columns.into_iter().collect::<Option<Vec<_>>>()?;
        Some(ScanColumns { keys, columns })
    }

    #[inline]
    fn get(&self, key: KeyId, at: usize) -> Option<PropertyRef<'_>> {
        self.column(key)?.get(at)
    }

    fn column(&self, key: KeyId) -> Option<&Column> {
        let column = self.keys.iter().position(|&k| k == key)?;
        Some(&self.columns[column])
    }
}

/// The nodes whose name the name index finds equal to `name`: none for null, `None` for a
/// value that is not a string, which the index does not hold (the candidates are then
/// scanned).
fn named_nodes(graph: &Graph, name: &Value) -> Option<Vec<NodeId>> {
    match name {
        Value::String(s) => Some(graph.nodes_named(&normalize_name(s)).collect()),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// The nodes whose name the name index finds equal to one of `list`'s, in id order, each
/// once: none for null; `None` for a list holding anything but strings and nulls, or for
/// what is not a list (whose error the WHERE then raises).
fn nodes_named_in(graph: &Graph, list: &Value) -> Option<Vec<NodeId>> {
    let items = match list {
        Value::List(items) => items,
        Value::Null => return Some(Vec::new()),
        _ => return None,
    };
    let mut ids = Vec::new();
    for item in items {
        ids.extend(named_nodes(graph, item)?);
    }
    ids.sort_unstable();
    ids.dedup();
    Some(ids)
}

/// Whether the matcher would find the nodes of variable `name` (of `label`) otherwise than
/// by a scan: by the name index, which a condition of equality on a name (or membership
/// in a list) answers, or by a property index of the label.
fn seeks_nodes(graph: &Graph, hints: &Hints<'_>, name: &str, label: Option<&str>) -> bool {
    let by_name = hints.properties.get(name).is_some_and(|conditions| {
        let equal_name = |(key, cond): &(String, Condition<'_>)| {
            is_indexed_name(key) && matches!(cond, Condition::Equal(_) | Condition::In(_))
        };
        conditions.iter().any(equal_name)
    });
    let indexed = label.is_some_and(|label| {
        let of_label =
            |index: &PropertyIndex| index.def.is_for_nodes() && index.def.label_or_type() == label;
        graph.property_indexes().iter().any(of_label)
    });
    by_name || indexed || hints.ids.contains_key(name)
}

/// A pattern's property map that is the same on every row (`{country: 'KZ'}`), evaluated
/// once: each key as the graph numbers it (`None`: a key no entity has) with the value the
/// entity's property must equal, compared where the property is stored.
struct ConstantMap(Vec<(Option<KeyId>, Value)>);

impl ConstantMap {
    fn of(exec: &Executor<'_>, props: Option<&Expr>) -> Option<ConstantMap> {
        let props = props.filter(|p| is_constant(p, &|name| exec.params.contains_key(name)))?;
        let empty = RowBindings {
            scope: &Scope::default(),
            row: &[],
        };
        ConstantMap::evaluated(exec, props, &empty)
    }

    /// `props` evaluated where `bindings` bind its variables; `None` unless it gives a map
    /// (an error is left to the match, which raises it where it would have).
    fn evaluated(exec: &Executor<'_>, props: &Expr, bindings: &RowBindings<'_>) -> Option<Self> {
        let Ok(Value::Map(map)) = exec.eval(props, bindings) else {
            return None;
        };
        let entries = map
            .into_iter()
            .map(|(key, value)| (exec.graph.key_id(&key), value));
        Some(ConstantMap(entries.collect()))
    }

    /// Whether every entry equals the property `read` gives for its key.
    fn holds<'g>(&self, read: impl Fn(KeyId) -> Option<PropertyRef<'g>>) -> bool {
        self.0
            .iter()
            .all(|(key, expected)| match key.and_then(&read) {
                None => false,
                Some(PropertyRef::Str(s)) => matches!(expected, Value::String(e) if e == s),
                Some(property) => cypher_equals(&property.into_value(), expected) == Some(true),
            })
    }
}

/// A node position's property map literal that reads only variables of the input row.
struct RowMap<'e> {
    part: usize,
    pos: usize,
    props: &'e Expr,
}

impl<'e> RowMap<'e> {
    /// The node positions of `parts` whose maps are not constant but read nothing the
    /// pattern binds.
    fn of(parts: &[PartSpec<'e>], maps: &[PartMaps], scope: &Scope, input_len: usize) -> Vec<Self> {
        let input = |name: &str| scope.slot(name).is_some_and(|slot| slot < input_len);
        let mut found = Vec::new();
        for (part, (spec, maps)) in parts.iter().zip(maps).enumerate() {
            for (pos, (node, constant)) in spec.nodes.iter().zip(&maps.nodes).enumerate() {
                let Some(props) = node.props.filter(|_| constant.is_none()) else {
                    continue;
                };
                let literal = matches!(props.kind, ExprKind::Map(_));
                if literal
                    && crate::query::plan::read_variables(props)
                        .into_iter()
                        .all(input)
                {
                    found.push(RowMap { part, pos, props });
                }
            }
        }
        found
    }

    /// The keys the map literal names, as the graph numbers them.
    fn keys(&self, graph: &Graph) -> Vec<KeyId> {
        match &self.props.kind {
            ExprKind::Map(entries) => entries
                .iter()
                .filter_map(|(k, _)| graph.key_id(k))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A MATCH ready to run over its input rows, the same for every thread of a divided one:
/// its pattern, what matching needs besides each row, and how its rows are wanted.
struct ReadyMatch<'m> {
    pattern: Pattern<'m>,
    prepared: Prepared<'m>,
    /// At most this many rows in all (a LIMIT the next clause passes on).
    wanted: Option<usize>,
    /// An OPTIONAL MATCH: a row that matches nothing is handed on with nulls.
    optional: bool,
}

/// The slot whose values differ between the shares of a MATCH divided by its starts: the
/// first part's start node, or its starting relationship.
fn partitioned_slot(ready: &ReadyMatch<'_>, step: &Step<'_>, share: Share) -> Option<usize> {
    let part = ready.pattern.parts.first()?;
    if part.shortest.is_some() || share.divides_first_hop() {
        return None;
    }
    match step.relationship_starts.first() {
        Some(&Some(rel)) => part.rels.get(rel)?.slot,
        _ => part.nodes.get(*step.starts.first()?)?.slot,
    }
}

impl<'a> Executor<'a> {
    /// MATCH alone: its rows become a table (at most `limit` of them, when given).
    pub(crate) fn match_clause(
        &self,
        table: Table,
        m: &Match,
        next: Option<&Clause>,
        step: &Step<'_>,
        limit: Option<usize>,
    ) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        compile(&m.pattern, &mut scope);
        let wanted = if m.optional {
            None
        } else {
            limit.or_else(|| limit_hint(self, next))
        };
        let ready = self.ready(&table, m, step, wanted, None);
        let (first, others) = self.divided(&table, m, step, &|exec, input, share| {
            let mut found = Vec::new();
            let budget = &exec.guard.budget;
            exec.match_each(&ready, input, share, None, &mut |row| {
                budget.charge_row(row)?;
                found.push(row.to_vec());
                Ok(())
            })?;
            Ok(found)
        })?;
        let mut rows = first;
        rows.extend(others.into_iter().flatten());
        if let Some(wanted) = wanted {
            rows.truncate(wanted);
        }
        Ok(Table { scope, rows })
    }

    /// MATCH followed by WITH or RETURN: matched rows go straight into the projection,
    /// so that aggregation and LIMIT never hold the whole match in memory.
    pub(crate) fn match_then_project(
        &self,
        table: Table,
        m: &Match,
        projection: &crate::query::ast::Projection,
        next: &Clause,
        step: &Step<'_>,
    ) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        compile(&m.pattern, &mut scope);
        let wanted = if m.optional {
            None
        } else {
            limit_hint(self, Some(next))
        };
        let slots_of = |names: &[String]| -> Vec<usize> {
            names.iter().filter_map(|name| scope.slot(name)).collect()
        };
        let as_set = step
            .as_set
            .as_ref()
            .map(|set| (slots_of(&set.unseen), slots_of(&set.identity_only)));
        let returns = matches!(next, Clause::Return(_));
        let mut ready = self.ready(&table, m, step, wanted, as_set);
        ready.pattern.properties_read = properties_read(&ready.pattern, projection);
        let (mut projector, others) = self.divided(&table, m, step, &|exec, input, share| {
            let mut projector = super::project::Projector::new(projection, &scope);
            if returns {
                projector = projector.returns(exec.guard.max_rows());
            }
            // Rows counted per node come with their count, which the matcher sets here.
            let repeats = Cell::new(1);
            let counted = counts_rows_per_node(step).then_some(&repeats);
            if !exec.scan_stored(&ready, input, share, &mut projector)? {
                exec.match_each(
                    &ready,
                    input,
                    share,
                    counted,
                    &mut |row| match repeats.get() {
                        1 => projector.push(exec, row),
                        times => projector.push_repeated(exec, row, times),
                    },
                )?;
            }
            if let Some(share) = share {
                projector.close_share(exec, partitioned_slot(&ready, step, share))?;
            }
            Ok(projector)
        })?;
        for later in others {
            projector.absorb(later)?;
        }
        projector.finish(self)
    }

    /// A MATCH that scans one kind of entity, whose rows feed nothing but a projection of
    /// that entity's properties ([`StoredScan`]): each entity is checked against the
    /// WHERE's comparisons and handed to the projection as it is stored, with no row built
    /// for it. Its properties are read from the graph's columns where it has them for
    /// every key read ([`ScanColumns`]), else from the records. False, with nothing done,
    /// for any other MATCH.
    fn scan_stored(
        &self,
        ready: &ReadyMatch<'_>,
        input: &[Row],
        share: Option<Share>,
        projector: &mut super::project::Projector<'_>,
    ) -> Result<bool, QueryError> {
        let graph = &*self.graph;
        let Some(scan) = StoredScan::of(ready, input, graph) else {
            return Ok(false);
        };
        let Some(mut keys) = projector.stored_keys(self, scan.slot) else {
            return Ok(false);
        };
        keys.extend(scan.keys());
        keys.sort_unstable();
        keys.dedup();
        let places = match scan.scanned {
            Scanned::Nodes { label } => {
                let mut candidates = match label {
                    Some(label) => graph.nodes_with_label(label).collect(),
                    None => graph.node_ids(),
                };
                if let Some(share) = share {
                    let range = share.of_len(candidates.len());
                    candidates.truncate(range.end);
                    candidates.drain(..range.start);
                }
                let columns = ScanColumns::of(self, ColumnOwner::Nodes, keys, candidates.len());
                Places::Nodes(candidates, columns)
            }
            Scanned::Relationships { rel_types, .. } => {
                let slots = graph.relationship_slots();
                let range = share.map_or(0..slots, |s| s.of_len(slots));
                let places_of = |rel_type: &String| {
                    let of_type = graph.type_id(rel_type);
                    let list = of_type.map_or(&[][..], |t| graph.slots_of_type(t));
                    let places = places_in(list, range.clone());
                    let columns = of_type.and_then(|t| {
                        ScanColumns::of(self, ColumnOwner::Type(t), keys.clone(), places.len())
                    });
                    Places::Relationships(list, places, columns)
                };
                if let [rel_type] = rel_types {
                    places_of(rel_type)
                } else {
                    // Several types are aggregated from columns one after another, or walked
                    // in storage order as the matcher would.
                    let each = rel_types.iter().map(places_of).collect();
                    return self.aggregate_types(ready, &scan, input, each, projector);
                }
            }
        };
        if !self.aggregate_columns(ready, &scan, input, &places, projector)? {
            self.scan_places(ready, &scan, input, &places, projector)?;
        }
        Ok(true)
    }

    /// The loop of [`Self::scan_stored`] over the places chosen.
    fn scan_places<'c>(
        &'c self,
        ready: &ReadyMatch<'_>,
        scan: &StoredScan<'_>,
        input: &[Row],
        places: &'c Places<'c>,
        projector: &mut super::project::Projector<'_>,
    ) -> Result<(), QueryError> {
        let graph = &*self.graph;
        let pattern = &ready.pattern;
        let start_ops = pattern.ops.first().map_or(&[][..], |p| p.start.as_slice());
        let count = |op: OpId| {
            if let Some(profile) = &self.profile {
                profile.row(op);
            }
        };
        // One row of the scan: the entity (by how its properties are read) and where it is
        // (its row is built only when a group needs one).
        let mut take = |holds: bool,
                        read: &dyn Fn(KeyId) -> Option<PropertyRef<'c>>,
                        at: (usize, bool)|
         -> Result<(), QueryError> {
            start_ops.iter().for_each(|&op| count(op));
            if !holds {
                return Ok(());
            }
            pattern.filter_op.into_iter().for_each(count);
            let representative = || places.row(graph, scan, &input[0], pattern.scope.len(), at);
            let entity = || places.entity(graph, at.0);
            projector.push_stored(self, read, &entity, &representative)
        };
        match (places, &scan.scanned) {
            (Places::Nodes(candidates, columns), _) => {
                for (place, &id) in candidates.iter().enumerate() {
                    self.guard.tick()?;
                    if let Some(columns) = columns {
                        let Some(at) = graph.node_position(id) else {
                            continue;
                        };
                        let read = |key| columns.get(key, at);
                        take(scan.holds(&read), &read, (place, false))?;
                    } else if let Some(node) = graph.node(id) {
                        let read = |key| node.property_ref(key);
                        take(scan.holds(&read), &read, (place, false))?;
                    }
                }
            }
            (
                Places::Relationships(list, range, columns),
                &Scanned::Relationships { direction, .. },
            ) => {
                for at in range.clone() {
                    self.guard.tick()?;
                    let record = || graph.relationship_at_slot(list[at]);
                    let found;
                    let read: &dyn Fn(KeyId) -> Option<PropertyRef<'c>> = match columns {
                        Some(columns) => &move |key| columns.get(key, at),
                        None => {
                            found = record();
                            &|key| found.as_ref()?.property_ref(key)
                        }
                    };
                    let holds = scan.holds(read);
                    let ends_hold = |turned| scan.scanned.ends_hold(graph, list[at], turned);
                    let turns: &[bool] = match direction {
                        Direction::Outgoing => &[false],
                        Direction::Incoming => &[true],
                        Direction::Both if record().is_some_and(|r| r.start() == r.end()) => {
                            &[false]
                        }
                        Direction::Both => &[false, true],
                    };
                    for &turned in turns {
                        take(holds && ends_hold(turned), read, (at, turned))?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The pattern of a planned MATCH over the rows of `table`, and what matching it
    /// needs besides each row: the same for every thread of a divided MATCH.
    fn ready<'m>(
        &self,
        table: &Table,
        m: &'m Match,
        step: &Step<'_>,
        wanted: Option<usize>,
        as_set: Option<(Vec<usize>, Vec<usize>)>,
    ) -> ReadyMatch<'m> {
        let mut pattern = Pattern::planned(&m.pattern, &table.scope, step);
        if let Some((unseen, identity_only)) = as_set {
            pattern.rows_as_set = true;
            pattern.unseen = unseen;
            pattern.identity_only = identity_only;
        }
        let prepared = self.prepare(&pattern, m.where_clause.as_ref(), table.rows.len());
        ReadyMatch {
            pattern,
            prepared,
            wanted,
            optional: m.optional,
        }
    }

    /// Runs a MATCH over `rows` (with `share`, this thread's share of the starts), handing
    /// each result row to `emit`; an OPTIONAL MATCH that finds nothing hands on the input
    /// row with nulls.
    fn match_each(
        &self,
        ready: &ReadyMatch<'_>,
        rows: &[Row],
        share: Option<Share>,
        repeats: Option<&Cell<u64>>,
        emit: Emit<'_>,
    ) -> Result<(), QueryError> {
        let ReadyMatch {
            pattern,
            prepared,
            wanted,
            optional,
        } = ready;
        let mut emitted = 0;
        for row in rows {
            let remaining = wanted.map(|w| w.saturating_sub(emitted));
            if remaining == Some(0) {
                break;
            }
            let sink = (remaining, &mut *emit);
            let found =
                self.match_prepared(pattern, prepared, row.clone(), share, repeats, sink)?;
            if found == 0 && *optional {
                let mut row = row.clone();
                row.resize(pattern.scope.len(), Value::Null);
                emit(&row)?;
                emitted += 1;
            }
            emitted += found;
        }
        Ok(())
    }

    /// Every extension of `row` that matches the parts (and the predicate).
    pub(crate) fn match_row(
        &self,
        pattern: &Pattern<'_>,
        row: Row,
        where_clause: Option<&Expr>,
        wanted: Option<usize>,
        emit: Emit<'_>,
    ) -> Result<usize, QueryError> {
        let prepared = self.prepare(pattern, where_clause, 1);
        self.match_prepared(pattern, &prepared, row, None, None, (wanted, emit))
    }

    /// What matching `pattern` with `where_clause` over `rows` input rows needs besides
    /// each row.
    fn prepare<'e>(
        &self,
        pattern: &Pattern<'e>,
        where_clause: Option<&'e Expr>,
        rows: usize,
    ) -> Prepared<'e> {
        let Pattern {
            parts,
            scope,
            input_len,
            ..
        } = pattern;
        let input_len = *input_len;
        let entities = entity_slots(parts, input_len);
        let (conjuncts, conjuncts_complete) = match where_clause {
            Some(w) => {
                let (found, complete) = conjuncts_of(w, scope, input_len);
                let conjuncts = found
                    .into_iter()
                    .map(|(expr, slots)| Conjunct::new(self, expr, slots, scope, &entities))
                    .collect();
                (conjuncts, complete)
            }
            None => (Vec::new(), true),
        };
        let graph = &*self.graph;
        let label_ids = parts
            .iter()
            .map(|p| {
                p.nodes
                    .iter()
                    .map(|n| n.labels.iter().map(|l| graph.label_id(l)).collect())
                    .collect()
            })
            .collect();
        let type_ids = parts
            .iter()
            .map(|p| {
                p.rels
                    .iter()
                    .map(|r| {
                        (!r.types.is_empty())
                            .then(|| r.types.iter().filter_map(|t| graph.type_id(t)).collect())
                    })
                    .collect()
            })
            .collect();
        let constant_maps: Vec<PartMaps> = parts
            .iter()
            .map(|p| PartMaps {
                nodes: p
                    .nodes
                    .iter()
                    .map(|n| ConstantMap::of(self, n.props))
                    .collect(),
                rels: p
                    .rels
                    .iter()
                    .map(|r| ConstantMap::of(self, r.props))
                    .collect(),
            })
            .collect();
        let mut hints = Hints::default();
        if let Some(w) = where_clause {
            collect_hints(w, &|e| known_before_match(e, scope, input_len), &mut hints);
        }
        let temporary = if rows >= seek::TEMPORARY_INDEX_MIN_ROWS {
            self.temporary_indexes(pattern, &hints)
        } else {
            Vec::new()
        };
        let row_maps = RowMap::of(parts, &constant_maps, scope, input_len);
        let row_map_keys = row_maps.iter().flat_map(|m| m.keys(&self.graph)).collect();
        let node_columns = NodeColumns::of(self, &conjuncts, &constant_maps, row_map_keys);
        let hop_columns = HopColumns::of(self, &conjuncts, scope, &relationship_slots(parts));
        let inputs = JoinInputs {
            parts,
            planned: &pattern.joins,
            scope,
            input_len,
            conjuncts: &conjuncts,
            maps: &constant_maps,
            entities: &entities,
        };
        let joins = join::part_joins(self, inputs);
        let kept = joins.iter().map(|_| KeptCell::default()).collect();
        let far_joins: Vec<Vec<FarHop>> = (pattern.ops.iter())
            .map(|ops| {
                ops.far_joins
                    .iter()
                    .map(|&plan| FarHop::new(plan))
                    .collect()
            })
            .collect();
        let pairs = (pattern.ops.iter())
            .map(|ops| {
                ops.into_pairs
                    .iter()
                    .map(|&rel| PairsHop::new(rel))
                    .collect()
            })
            .collect();
        let alone = joins.iter().any(Option::is_some) || far_joins.iter().any(|f| !f.is_empty());
        let mut constant_hints = Hints::default();
        if let (Some(w), true) = (where_clause, alone) {
            let known = |name: &str| self.params.contains_key(name);
            collect_hints(w, &|e| is_constant(e, &known), &mut constant_hints);
        }
        // The naive plan walks every path for the WHERE to decide, as a reference.
        let every = match self.guard.options.naive_plan {
            true => Vec::new(),
            false => every::every_relationship(self, parts, scope, input_len, &conjuncts),
        };
        Prepared {
            every,
            where_clause,
            conjuncts,
            conjuncts_complete,
            label_ids,
            type_ids,
            constant_maps,
            row_maps,
            hints,
            temporary,
            node_columns,
            hop_columns,
            joins,
            kept,
            constant_hints,
            far_joins,
            pairs,
        }
    }

    /// [`Self::match_row`] with what [`Self::prepare`] worked out for the pattern.
    fn match_prepared<'f>(
        &self,
        pattern: &Pattern<'_>,
        prepared: &Prepared<'_>,
        mut row: Row,
        share: Option<Share>,
        repeats: Option<&Cell<u64>>,
        (wanted, emit): (Option<usize>, &mut EmitTo<'f>),
    ) -> Result<usize, QueryError> {
        let Pattern {
            parts,
            scope,
            input_len,
            rows_as_set,
            unseen,
            identity_only,
            starts,
            relationship_starts,
            properties_read,
            ops,
            filter_op,
            ..
        } = pattern;
        let (scope, input_len) = (scope, *input_len);
        row.resize(scope.len(), Value::Null);
        let Prepared {
            where_clause,
            conjuncts,
            conjuncts_complete,
            label_ids,
            type_ids,
            constant_maps,
            row_maps,
            hints,
            temporary,
            node_columns,
            hop_columns,
            joins,
            kept,
            constant_hints,
            far_joins,
            pairs,
            every,
        } = prepared;
        let bindings = RowBindings { scope, row: &row };
        let row_maps = (row_maps.iter())
            .filter_map(|m| {
                Some((
                    (m.part, m.pos),
                    ConstantMap::evaluated(self, m.props, &bindings)?,
                ))
            })
            .collect();
        let where_clause = *where_clause;
        let conjuncts_complete = *conjuncts_complete;
        let mut matcher = Matcher {
            exec: self,
            parts,
            scope,
            input_len,
            hints,
            conjuncts,
            conjuncts_complete,
            look: Look::default(),
            label_ids,
            type_ids,
            constant_maps,
            row_maps,
            sink: Sink {
                where_clause,
                emit,
                emitted: 0,
                wanted,
            },
            used: Vec::new(),
            rows_as_set: *rows_as_set,
            unseen,
            identity_only,
            starts,
            relationship_starts,
            properties_read,
            profile: self
                .profile
                .as_ref()
                .map(|p| (p, ops.as_slice(), *filter_op)),
            share,
            hop_share: None,
            temporary,
            node_columns,
            record_reads: Cell::new(0),
            hop_columns,
            hop_reads: Default::default(),
            column_tests: Cell::new(0),
            joins,
            kept,
            constant_hints,
            far_joins,
            pairs,
            plan_ops: ops,
            repeats,
            frontier: Frontier::default(),
            every,
            every_row: vec![Value::Null],
            toward_tables: Vec::new(),
            collecting: None,
            collected: Vec::new(),
            overflow: false,
            states: parts
                .iter()
                .map(|p| PartState {
                    nodes: vec![None; p.nodes.len()],
                    hops: vec![None; p.rels.len()],
                })
                .collect(),
        };
        matcher.match_part(0, &mut row)?;
        matcher.expand_frontier(&mut row)?;
        Ok(matcher.sink.emitted)
    }
}

/// `LIMIT n` (plus SKIP) of the next clause when it only passes rows through, so that
/// matching can stop early.
fn limit_hint(exec: &Executor<'_>, next: Option<&Clause>) -> Option<usize> {
    let projection = match next? {
        Clause::Return(p) | Clause::With(p) => p,
        _ => return None,
    };
    if projection.distinct || !projection.order_by.is_empty() || projection.where_clause.is_some() {
        return None;
    }
    if projection.items.iter().any(|i| contains_aggregate(&i.expr)) {
        return None;
    }
    let count = |e: &Option<Expr>| -> Option<usize> {
        match e {
            None => Some(0),
            Some(e) => match exec.eval(
                e,
                &RowBindings {
                    scope: &Scope::default(),
                    row: &[],
                },
            ) {
                Ok(Value::Int(n)) if n >= 0 => Some(n as usize),
                _ => None,
            },
        }
    };
    let limit = count(&projection.limit).filter(|_| projection.limit.is_some())?;
    Some(limit + count(&projection.skip)?)
}

fn reverse(direction: Direction) -> Direction {
    match direction {
        Direction::Outgoing => Direction::Incoming,
        Direction::Incoming => Direction::Outgoing,
        Direction::Both => Direction::Both,
    }
}

/// One step of expansion: relationship position `rel`, from node position `from` to `to`.
#[derive(Clone, Copy)]
struct Move {
    rel: usize,
    from: usize,
    to: usize,
    forward: bool,
}

impl<'e> Matcher<'e, '_, '_> {
    fn bindings<'r>(&'r self, row: &'r [Value]) -> RowBindings<'r> {
        RowBindings {
            scope: self.scope,
            row,
        }
    }

    /// Whether `slot` may still be bound by this match.
    fn is_free(&self, slot: usize, row: &Row) -> bool {
        slot >= self.input_len && row[slot].is_null()
    }

    fn done(&self) -> bool {
        self.overflow || self.sink.wanted.is_some_and(|w| self.sink.emitted >= w)
    }

    fn match_part(&mut self, index: usize, row: &mut Row) -> Result<(), QueryError> {
        if self.done() {
            return Ok(());
        }
        let Some(part) = self.parts.get(index) else {
            let keep = match self.sink.where_clause {
                // Every conjunct was found true on this very row: so is the predicate.
                Some(_) if self.all_conjuncts_true() => true,
                Some(w) => self.exec.holds(w, &self.bindings(row))?,
                None => true,
            };
            if keep {
                if let Some((profile, _, Some(filter))) = self.profile {
                    profile.row(filter);
                }
                (self.sink.emit)(row)?;
                self.sink.emitted += 1;
            }
            return Ok(());
        };
        let joins = self.joins;
        if let Some(join) = joins.get(index).and_then(Option::as_ref) {
            // A divided match divides the first part's starts: each share scans its own.
            let divided = index == 0 && self.share.is_some();
            if self.collecting != Some(index) && !divided {
                if let Some(result) = self.match_kept(index, join, row) {
                    return result;
                }
            }
        }
        // A divided match divides its first part's starts; a search that finds its own
        // is left whole to the first share.
        let share = self.share.filter(|_| index == 0);
        if part.shortest.is_some() {
            if share.is_some_and(|s| !s.is_first()) {
                return Ok(());
            }
            return self.match_shortest(index, row);
        }
        if let Some(&Some(rel)) = self.relationship_starts.get(index) {
            return self.match_from_relationships(index, rel, share, row);
        }
        let start = self.starts.get(index).copied().unwrap_or(0);
        let mut moves = Vec::with_capacity(part.rels.len());
        // The end bound before the walk: by the input row, or by the start's own variable.
        let start_slot = part.nodes[start].slot;
        let end_bound = |pos: usize| {
            part.nodes[pos]
                .slot
                .is_some_and(|slot| Some(slot) == start_slot || !row[slot].is_null())
        };
        let (order, bound_end) = crate::query::plan::move_order(part.rels.len(), start, end_bound);
        moves.extend(order.into_iter().map(|(from, to)| Move {
            rel: from.min(to),
            from,
            to,
            forward: to == from + 1,
        }));
        let (mut candidates, fitting) = self.candidates_fitting(part, start, row)?;
        match share {
            // Every share starts at the one start and takes its part of the first hop.
            Some(share) if share.divides_first_hop() && candidates.len() == 1 => {
                self.hop_share = Some(share);
            }
            Some(share) => {
                let range = share.of_len(candidates.len());
                candidates.truncate(range.end);
                candidates.drain(..range.start);
            }
            None => {}
        }
        // The start is counted once, by the first share, when every share has it.
        let counts_start = self.hop_share.is_none_or(Share::is_first);
        let first = moves.first().map(|mv| {
            let direction = self.parts[index].rels[mv.rel].direction;
            let direction = if mv.forward {
                direction
            } else {
                reverse(direction)
            };
            (mv, direction)
        });
        let graph = &*self.exec.graph;
        // Per candidate (by position modulo the distance), how many relationships the
        // prefetch found its first hop may take: none means no row can start there.
        let mut admissible = [None; PREFETCH_AHEAD];
        let single_hop =
            first.is_some_and(|(mv, _)| self.parts[index].rels[mv.rel].range.is_none());
        let loads = first.map_or(NO_LOADS, |(mv, _)| self.hop_loads(index, mv));
        for (at, &candidate) in candidates.iter().enumerate() {
            self.exec.guard.tick()?;
            if let (Some((profile, ops, _)), true) = (self.profile, counts_start) {
                let start = ops.get(index).map_or(&[][..], |p| p.start.as_slice());
                start.iter().for_each(|&op| profile.row(op));
            }
            // The candidates' data is far apart in memory: start loading a later one's
            // runs, and a nearer one's relationships, so that their cache misses overlap
            // the work on this one.
            if let Some((mv, direction)) = first {
                if let Some(&ahead) = candidates.get(at + PREFETCH_AHEAD) {
                    graph.prefetch_relationships(ahead, direction);
                }
                let near = at + PREFETCH_AHEAD / 2;
                if let Some(&ahead) = candidates.get(near) {
                    let far = far_end_test(graph, None, &self.label_ids[index][mv.to]);
                    let types = self.type_ids[index][mv.rel].as_deref();
                    admissible[near % PREFETCH_AHEAD] =
                        graph.prefetch_relationship_properties(ahead, direction, types, far, loads);
                }
            }
            // A single hop with no relationship to take yields no row (the prefetch's test
            // of the far end is looser than the expansion's, never stricter).
            let found = std::mem::take(&mut admissible[at % PREFETCH_AHEAD]);
            if single_hop && found == Some(0) {
                continue;
            }
            if let Some(bound) = self.bind_node_at(index, start, candidate, row, fitting)? {
                self.expand_from_both_ends(index, &moves, bound_end, row)?;
                self.unbind_node(index, start, bound, row);
            }
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    /// What a hop of a part reads of the relationships it takes: their properties
    /// when the relationship has a variable or a property map, the far ends' records when
    /// the far end has a property map the columns may not answer.
    fn hop_loads(&self, index: usize, mv: &Move) -> Preload {
        let part = &self.parts[index];
        let rel = &part.rels[mv.rel];
        // Properties the hop columns answer need no record.
        let from_columns = |slot| {
            !self.properties_read.contains(&slot) && self.hop_columns.cover(slot, rel.direction)
        };
        Preload {
            properties: rel.slot.is_some_and(|slot| !from_columns(slot)) || rel.props.is_some(),
            records: rel
                .slot
                .is_some_and(|slot| self.properties_read.contains(&slot)),
            far_data: part.nodes[mv.to].props.is_some()
                || (part.nodes[mv.to].slot)
                    .is_some_and(|slot| self.properties_read.contains(&slot)),
        }
    }

    /// Walks `moves` from the bound start and, when the walk also starts from the other
    /// end (`bound_end`, see [`crate::query::plan::move_order`]), from that end's node too.
    fn expand_from_both_ends(
        &mut self,
        index: usize,
        moves: &[Move],
        bound_end: Option<usize>,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        let Some(end) = bound_end else {
            return self.expand(index, moves, 0, row);
        };
        let node = self.parts[index].nodes[end]
            .slot
            .and_then(|slot| match row[slot] {
                Value::Node(id) => Some(id),
                _ => None,
            });
        let Some(node) = node else {
            return Ok(());
        };
        let Some(bound) = self.bind_node_at(index, end, node, row, false)? else {
            return Ok(());
        };
        let result = self.expand(index, moves, 0, row);
        self.unbind_node(index, end, bound, row);
        result
    }

    /// Starts part `index` at relationship position `rel`: every relationship of its one
    /// type, in each direction the pattern allows, binds the relationship and both its
    /// ends, then the other moves go on from there (forward after it, then backward).
    fn match_from_relationships(
        &mut self,
        index: usize,
        rel: usize,
        share: Option<Share>,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        let exec = self.exec;
        let part = &self.parts[index];
        let spec = &part.rels[rel];
        let forward = (rel + 1..part.rels.len()).map(|j| Move {
            rel: j,
            from: j,
            to: j + 1,
            forward: true,
        });
        let backward = (0..rel).rev().map(|j| Move {
            rel: j,
            from: j + 1,
            to: j,
            forward: false,
        });
        let moves: Vec<Move> = forward.chain(backward).collect();
        let slots = exec.graph.relationship_slots();
        let slots = share.map_or(0..slots, |s| s.of_len(slots));
        if moves.is_empty() && is_bare_hop(part, rel) {
            return self.scan_bare_hops(index, rel, spec.types, slots, row);
        }
        let columns = match spec.types {
            [rel_type] => self.rel_condition_columns(spec.slot, rel_type),
            _ => None,
        };
        if let Some((list, columns, conditions)) = columns {
            // Relationships that a condition read from the columns rules out are passed
            // over without their records being visited.
            for at in crate::graph::places_in(list, slots) {
                exec.guard.tick()?;
                let read = |key| columns.get(key, at);
                // Only a false rules the relationship out: after a null, a later conjunct
                // may still raise its error.
                let fails = |c: &&Conjunct<'_>| match (&c.in_place, c.in_place_constant()) {
                    (Some(cmp), Some(constant)) => {
                        compared_with(cmp, cmp.key.and_then(read), constant) == Some(false)
                    }
                    _ => false,
                };
                if conditions.iter().any(fails) {
                    continue;
                }
                if let Some(found) = exec.graph.relationship_at_slot(list[at]) {
                    if self.start_at_relationship(index, (rel, &found), &moves, row)? {
                        return Ok(());
                    }
                }
            }
            return Ok(());
        }
        for found in exec.graph.relationships_of_types_in(spec.types, slots) {
            exec.guard.tick()?;
            if self.start_at_relationship(index, (rel, &found), &moves, row)? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Starts the part at relationship `found`, the pattern's relationship `rel`, in each
    /// direction the pattern takes it; true once the match wants no more rows.
    fn start_at_relationship(
        &mut self,
        index: usize,
        (rel, found): (usize, &RelView<'_>),
        moves: &[Move],
        row: &mut Row,
    ) -> Result<bool, QueryError> {
        let look = self.look;
        let spec = &self.parts[index].rels[rel];
        let (start, end) = (found.start(), found.end());
        let both = [(start, end), (end, start)];
        let ends = match spec.direction {
            Direction::Outgoing => &both[..1],
            Direction::Incoming => &both[1..],
            Direction::Both if start == end => &both[..1],
            Direction::Both => &both[..],
        };
        for &(left, right) in ends {
            if let Some((profile, ops, _)) = self.profile {
                let start = ops.get(index).map_or(&[][..], |p| p.start.as_slice());
                start.iter().for_each(|&op| profile.row(op));
            }
            if !self.takes(index, rel, found, row)? {
                continue;
            }
            self.bind_relationship_start(index, rel, (left, found, right), moves, row)?;
            self.look = look;
            if self.done() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// [`Self::match_from_relationships`] for a part of one relationship whose ends have
    /// neither labels nor properties to check ([`is_bare_hop`]): each relationship of the
    /// type binds its variables and goes straight to the WHERE's look-ahead and the next
    /// part, without the per-node checks and walk state that a longer part needs.
    fn scan_bare_hops(
        &mut self,
        index: usize,
        rel: usize,
        types: &[String],
        slots: std::ops::Range<usize>,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        let exec = self.exec;
        let part = &self.parts[index];
        let (rel_slot, direction) = (part.rels[rel].slot, part.rels[rel].direction);
        let (left_slot, right_slot) = (part.nodes[rel].slot, part.nodes[rel + 1].slot);
        let look = self.look;
        for found in exec.graph.relationships_of_types_in(types, slots) {
            exec.guard.tick()?;
            let (start, end) = (found.start(), found.end());
            let both = [(start, end), (end, start)];
            let ends = match direction {
                Direction::Outgoing => &both[..1],
                Direction::Incoming => &both[1..],
                Direction::Both if start == end => &both[..1],
                Direction::Both => &both[..],
            };
            let rel_id = found.id();
            if self.used.contains(&rel_id) {
                continue;
            }
            for &(left, right) in ends {
                if let Some((profile, ops, _)) = self.profile {
                    let start = ops.get(index).map_or(&[][..], |p| p.start.as_slice());
                    start.iter().for_each(|&op| profile.row(op));
                }
                let mut set = [None; 3];
                let fits = self
                    .bind_slot(rel_slot, row, &mut set[0], || Value::Relationship(rel_id))
                    && self.bind_slot(left_slot, row, &mut set[1], || Value::Node(left))
                    && self.bind_slot(right_slot, row, &mut set[2], || Value::Node(right));
                if fits && !self.fails_early_at(row, rel_slot.map(|slot| (slot, &found))) {
                    self.states[index].nodes[rel] = Some(left);
                    self.states[index].nodes[rel + 1] = Some(right);
                    self.used.push(rel_id);
                    let result = self.finish_part(index, row);
                    self.used.pop();
                    self.states[index].nodes[rel] = None;
                    self.states[index].nodes[rel + 1] = None;
                    result?;
                }
                for slot in set.into_iter().flatten() {
                    row[slot] = Value::Null;
                }
                self.look = look;
                if self.done() {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Sets `slot` (when there is one) to `value` if it is free, noting it in `set`; a slot
    /// already bound fits only when it holds that value.
    fn bind_slot(
        &self,
        slot: Option<usize>,
        row: &mut Row,
        set: &mut Option<usize>,
        value: impl FnOnce() -> Value,
    ) -> bool {
        let Some(slot) = slot else {
            return true;
        };
        if self.is_free(slot, row) {
            row[slot] = value();
            *set = Some(slot);
            return true;
        }
        row[slot] == value()
    }

    /// Binds `left`, the relationship and `right` at relationship position `rel` of part
    /// `index`, expands the other moves, and unbinds them again.
    fn bind_relationship_start(
        &mut self,
        index: usize,
        rel: usize,
        (left, found, right): (NodeId, &RelView<'_>, NodeId),
        moves: &[Move],
        row: &mut Row,
    ) -> Result<(), QueryError> {
        let rel_id = found.id();
        let rel_slot = self.parts[index].rels[rel].slot;
        let rel_set = rel_slot.filter(|&slot| self.is_free(slot, row));
        if let Some(slot) = rel_set {
            row[slot] = Value::Relationship(rel_id);
            // Conjuncts on the relationship alone prune before its ends are read.
            if self.fails_early_at(row, Some((slot, found))) {
                row[slot] = Value::Null;
                return Ok(());
            }
        }
        let Some(left_set) = self.bind_end(index, rel, left, row)? else {
            if let Some(slot) = rel_set {
                row[slot] = Value::Null;
            }
            return Ok(());
        };
        if let Some(right_set) = self.bind_end(index, rel + 1, right, row)? {
            self.used.push(rel_id);
            self.states[index].hops[rel] = Some(Hop::One(rel_id));
            let result = self.expand(index, moves, 0, row);
            self.states[index].hops[rel] = None;
            self.used.pop();
            self.unbind_node(index, rel + 1, right_set, row);
            result?;
        }
        self.unbind_node(index, rel, left_set, row);
        if let Some(slot) = rel_set {
            row[slot] = Value::Null;
        }
        Ok(())
    }

    /// The nodes a part may start at.
    fn candidates(
        &self,
        part: &PartSpec<'_>,
        start: usize,
        row: &Row,
    ) -> Result<Vec<NodeId>, QueryError> {
        Ok(self.candidates_fitting(part, start, row)?.0)
    }

    /// [`Self::candidates`], and whether they are known to carry the position's labels (they
    /// come from the index of its only label, or from all nodes when it has none).
    fn candidates_fitting(
        &self,
        part: &PartSpec<'_>,
        start: usize,
        row: &Row,
    ) -> Result<(Vec<NodeId>, bool), QueryError> {
        let graph = &self.exec.graph;
        let spec = &part.nodes[start];
        if let Some(slot) = spec.slot {
            if !self.is_free(slot, row) {
                let ids = match &row[slot] {
                    Value::Node(id) => vec![*id],
                    _ => Vec::new(),
                };
                return Ok((ids, false));
            }
            let name = &self.scope.names()[slot];
            if let Some(id_expr) = self.hints.ids.get(name) {
                // `id(n) = 1.0` holds as `1 = 1.0` does.
                let id = match self.exec.eval(id_expr, &self.bindings(row))? {
                    Value::Int(id) => u64::try_from(id).ok(),
                    Value::Float(f) if f.fract() == 0.0 && f >= 0.0 && f < u64::MAX as f64 => {
                        Some(f as u64)
                    }
                    _ => None,
                };
                let ids = id
                    .filter(|&id| graph.node(id).is_some())
                    .into_iter()
                    .collect();
                return Ok((ids, false));
            }
            if let Some(props) = self.hints.properties.get(name) {
                for (_, cond) in props.iter().filter(|(key, _)| is_indexed_name(key)) {
                    let found = match cond {
                        Condition::Equal(expr) => {
                            named_nodes(graph, &self.exec.eval(expr, &self.bindings(row))?)
                        }
                        Condition::In(expr) => {
                            let list = self.exec.eval(expr, &self.bindings(row))?;
                            nodes_named_in(graph, &list)
                        }
                        _ => None,
                    };
                    if let Some(ids) = found {
                        return Ok((ids, false));
                    }
                }
            }
        }
        let known = |e: &Expr| known_before_match(e, self.scope, self.input_len);
        if let Some(expr) = spec.props.and_then(|p| name_in_map(p, &known)) {
            let name = self.exec.eval(expr, &self.bindings(row))?;
            if let Some(ids) = named_nodes(graph, &name) {
                return Ok((ids, false));
            }
        }
        if let Some(planned) = self.index_seek(part, start, row) {
            // Ends of relationships found by their type's index may carry any labels.
            let fitting = spec.labels.len() == 1 && planned.ends.is_none();
            return Ok((self.seek_nodes(&planned), fitting));
        }
        let union = spec
            .slot
            .and_then(|slot| self.hints.label_unions.get(&self.scope.names()[slot]))
            .filter(|_| spec.labels.is_empty());
        if let Some(labels) = union {
            // In id order, as a scan of all nodes would find them.
            let mut ids: Vec<NodeId> = labels
                .iter()
                .flat_map(|label| graph.nodes_with_label(label))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            return Ok((ids, true));
        }
        let smallest = spec.labels.iter().min_by_key(|l| graph.label_count(l));
        Ok(match smallest {
            Some(label) => (
                graph.nodes_with_label(label).collect(),
                spec.labels.len() == 1,
            ),
            None => (graph.node_ids(), true),
        })
    }

    /// Binds node position `pos` of part `index` to `id` if the node fits the pattern.
    /// Returns `Some(newly_set_slot)` on success.
    fn bind_node(
        &mut self,
        index: usize,
        pos: usize,
        id: NodeId,
        row: &mut Row,
    ) -> Result<Option<Option<usize>>, QueryError> {
        self.bind_node_at(index, pos, id, row, false)
    }

    /// [`Self::bind_node`] for the far end of a relationship, which exists: a position
    /// without labels or properties then needs no look at the node.
    fn bind_end(
        &mut self,
        index: usize,
        pos: usize,
        id: NodeId,
        row: &mut Row,
    ) -> Result<Option<Option<usize>>, QueryError> {
        let fits = self.parts[index].nodes[pos].labels.is_empty();
        self.bind_node_at(index, pos, id, row, fits)
    }

    /// `fits`: the node is known to exist and to carry the position's labels.
    fn bind_node_at(
        &mut self,
        index: usize,
        pos: usize,
        id: NodeId,
        row: &mut Row,
        fits: bool,
    ) -> Result<Option<Option<usize>>, QueryError> {
        let spec = &self.parts[index].nodes[pos];
        let node = if fits && spec.props.is_none() {
            None
        } else {
            let graph = &*self.exec.graph;
            // The label index answers without reading the node, so a candidate that lacks a
            // label is dropped before its record is touched; a node in it exists.
            let labels = match &self.label_ids[index][pos] {
                Some(ids) if ids.iter().all(|&l| graph.node_has_label(id, l)) => ids,
                _ => return Ok(None),
            };
            let map = self.node_map(index, pos);
            let from_columns = (map.filter(|m| !m.0.is_empty()))
                .and_then(|map| self.node_columns.map_holds(graph, map, id));
            match from_columns {
                Some(false) => return Ok(None),
                Some(true) => None,
                None if spec.props.is_some() || labels.is_empty() => {
                    if map.is_some() {
                        self.count_record_read();
                    }
                    let Some(node) = graph.node(id) else {
                        return Ok(None);
                    };
                    Some(node)
                }
                _ => None,
            }
        };
        let mut newly_set = None;
        if let Some(slot) = spec.slot {
            match &row[slot] {
                _ if self.is_free(slot, row) => newly_set = Some(slot),
                Value::Node(bound) if *bound == id => {}
                _ => return Ok(None),
            }
        }
        if let (Some(props), Some(node)) = (spec.props, node) {
            let fits = match self.node_map(index, pos) {
                Some(map) => map.holds(|key| node.property_ref(key)),
                None => self.properties_match(props, &|key: &str| node.property(key), row)?,
            };
            if !fits {
                return Ok(None);
            }
        }
        if let Some(slot) = newly_set {
            row[slot] = Value::Node(id);
        }
        self.states[index].nodes[pos] = Some(id);
        Ok(Some(newly_set))
    }

    /// The property map of node position `pos` of part `index`, when it is constant or
    /// evaluated for this input row.
    fn node_map(&self, index: usize, pos: usize) -> Option<&ConstantMap> {
        let constant = self.constant_maps.get(index)?.nodes.get(pos)?.as_ref();
        let of_row =
            || (self.row_maps.iter()).find_map(|(at, map)| (*at == (index, pos)).then_some(map));
        constant.or_else(of_row)
    }

    fn unbind_node(&mut self, index: usize, pos: usize, newly_set: Option<usize>, row: &mut Row) {
        if let Some(slot) = newly_set {
            row[slot] = Value::Null;
        }
        self.states[index].nodes[pos] = None;
    }

    /// Whether every entry of the pattern's property map equals the entity's property.
    fn properties_match(
        &self,
        props: &Expr,
        actual: &dyn Fn(&str) -> Option<Value>,
        row: &Row,
    ) -> Result<bool, QueryError> {
        let expected = self.exec.eval(props, &self.bindings(row))?;
        let Value::Map(expected) = expected else {
            return Err(QueryError::runtime(
                ErrorKind::TypeError,
                "InvalidArgumentType",
                format!(
                    "a pattern's properties must be a map, not {}",
                    expected.type_name()
                ),
            )
            .at_offset(self.exec.source, props.span.start));
        };
        Ok(expected.iter().all(|(key, value)| {
            actual(key).is_some_and(|a| cypher_equals(&a, value) == Some(true))
        }))
    }

    /// Whether `rel` may be taken at relationship position `pos` of part `index`: it fits
    /// the position ([`Self::rel_fits`]) and makes none of the WHERE's conditions on every
    /// relationship false.
    fn takes(
        &mut self,
        index: usize,
        pos: usize,
        rel: &RelView<'_>,
        row: &Row,
    ) -> Result<bool, QueryError> {
        let spec = &self.parts[index].rels[pos];
        Ok(self.rel_fits(spec, self.rel_map(index, pos), rel, row)?
            && !self.fails_every(index, pos, rel))
    }

    /// Whether `rel` may be taken at a position of `spec`: not used already by the match,
    /// and carrying the pattern's properties (`map`: the position's map when it is the same
    /// on every row).
    fn rel_fits(
        &self,
        spec: &RelSpec<'_>,
        map: Option<&ConstantMap>,
        rel: &crate::graph::RelView<'_>,
        row: &Row,
    ) -> Result<bool, QueryError> {
        if self.used.contains(&rel.id()) {
            return Ok(false);
        }
        match (spec.props, map) {
            (Some(_), Some(map)) => Ok(map.holds(|key| rel.property_ref(key))),
            (Some(props), None) => {
                self.properties_match(props, &|key: &str| rel.property(key), row)
            }
            (None, _) => Ok(true),
        }
    }

    /// The constant property map of relationship position `rel` of part `index`.
    fn rel_map(&self, index: usize, rel: usize) -> Option<&ConstantMap> {
        self.constant_maps.get(index)?.rels.get(rel)?.as_ref()
    }

    /// Evaluates the leading conjuncts of the WHERE that the partial match binds, in the
    /// order and with the short-circuit of `AND`: true when one is false, so that no
    /// extension can pass. An error stops the look-ahead without raising it: the full
    /// predicate, evaluated on complete rows as before, raises it if a row reaches it.
    /// Past the first conjunct not yet bound, a bound one may be checked out of turn when
    /// none before it can raise an error: its being false then decides the `AND` just
    /// the same.
    fn fails_early(&mut self, row: &Row) -> bool {
        self.fails_early_at(row, None)
    }

    /// [`Self::fails_early`] just after binding slot `.0` to the relationship `.1`, which
    /// is then read from the view at hand rather than looked up again.
    fn fails_early_at(&mut self, row: &Row, current: Option<(usize, &RelView<'_>)>) -> bool {
        let mut look = self.look;
        let failed = self.look_ahead(&mut look, row, current);
        self.look = look;
        failed
    }

    fn look_ahead(
        &self,
        look: &mut Look,
        row: &Row,
        current: Option<(usize, &RelView<'_>)>,
    ) -> bool {
        if look.passed == STOPPED {
            return false;
        }
        let bound = |c: &Conjunct<'_>| c.slots.iter().all(|&s| !row[s].is_null());
        while let Some(c) = self.conjuncts.get(look.passed) {
            if look.passed >= 64 || look.checked & (1 << look.passed) == 0 {
                if !bound(c) {
                    break;
                }
                match self.verdict(c, row, current) {
                    Some(Some(false)) => return true,
                    Some(Some(true)) => {}
                    Some(None) => look.null = true,
                    None => {
                        look.passed = STOPPED;
                        return false;
                    }
                }
            }
            look.passed += 1;
        }
        for j in look.passed + 1..self.conjuncts.len().min(64) {
            if !self.conjuncts[j - 1].infallible {
                break;
            }
            let c = &self.conjuncts[j];
            if look.checked & (1 << j) != 0 || !bound(c) {
                continue;
            }
            match self.verdict(c, row, current) {
                Some(Some(false)) => return true,
                Some(Some(true)) => look.checked |= 1 << j,
                Some(None) => {
                    look.checked |= 1 << j;
                    look.null = true;
                }
                // Raised in its turn, if a row gets that far.
                None => break,
            }
        }
        false
    }

    /// A conjunct's truth on a row (`Some(None)` for null), `None` on an error.
    fn verdict(
        &self,
        c: &Conjunct<'_>,
        row: &Row,
        current: Option<(usize, &RelView<'_>)>,
    ) -> Option<Option<bool>> {
        let in_place = c.in_place.as_ref();
        if let Some(value) = in_place.and_then(|p| self.in_place(p, row, current)) {
            return truth_of(&value);
        }
        let met = current.filter(|(slot, rel)| rel.hop().is_some() && c.slots.contains(slot));
        if let (Some((_, rel)), false) = (met, self.hop_columns.keys.is_empty()) {
            let lookup = HopLookup { matcher: self, rel };
            let ctx = EvalContext {
                graph: &lookup,
                ..self.exec.ctx()
            };
            let names = RowBindings {
                scope: self.scope,
                row,
            };
            let value = self.exec.value_in(&c.bound, row, &names, &ctx).ok()?;
            return truth_of(value.as_ref());
        }
        truth_of(self.exec.value_of(&c.bound, row, self.scope).ok()?.as_ref())
    }

    /// An [`InPlace`] comparison, reading the property where the graph keeps it; `None`
    /// when the entity is not in the graph (the general evaluation then says why).
    fn in_place(
        &self,
        cmp: &InPlace,
        row: &Row,
        current: Option<(usize, &RelView<'_>)>,
    ) -> Option<Value> {
        if let Some(answer) = self.tabulated(cmp, row) {
            return Some(answer.map_or(Value::Null, Value::Bool));
        }
        let property = self.property_at(cmp.slot, cmp.key, row, current)?;
        let truth = match &cmp.other {
            Operand::Constant(constant, _) => compared_with(cmp, property, constant),
            Operand::Property { slot, key } => {
                if let Some(equal) = self.same_string(cmp, *slot, *key, row) {
                    return Some(Value::Bool(equal != (cmp.op == BinaryOp::Ne)));
                }
                let other = self.property_at(*slot, *key, row, current)?;
                match (property, other) {
                    (None, _) | (_, None) => None,
                    (Some(PropertyRef::Str(a)), Some(PropertyRef::Str(b))) => {
                        Some(compared(cmp.op, a, b, false))
                    }
                    (Some(a), Some(b)) => {
                        compared_values(cmp.op, &a.into_value(), &b.into_value(), false)
                    }
                }
            }
        };
        Some(truth.map_or(Value::Null, Value::Bool))
    }

    /// For `a.k = b.k` or `a.k <> b.k` between two nodes, both holding `k` in a column of
    /// few distinct strings: whether they hold the same string, by the column's numbers
    /// (`None` when that does not apply).
    fn same_string(
        &self,
        cmp: &InPlace,
        other_slot: usize,
        other_key: Option<KeyId>,
        row: &Row,
    ) -> Option<bool> {
        if !matches!(cmp.op, BinaryOp::Eq | BinaryOp::Ne) || cmp.key != other_key {
            return None;
        }
        let (Value::Node(a), Value::Node(b)) = (&row[cmp.slot], &row[other_slot]) else {
            return None;
        };
        let column = self.node_columns.get(cmp.key?)?;
        let graph = &*self.exec.graph;
        Some(graph.node_code(column, *a)? == graph.node_code(column, *b)?)
    }

    /// The property `key` of the entity at `slot` as stored (`None` when the slot holds no
    /// entity; `Some(None)` when the entity lacks the property).
    fn property_at<'r>(
        &'r self,
        slot: usize,
        key: Option<KeyId>,
        row: &Row,
        current: Option<(usize, &'r RelView<'r>)>,
    ) -> Option<Option<PropertyRef<'r>>> {
        let graph = &*self.exec.graph;
        Some(match &row[slot] {
            _ if current.is_some_and(|(at, _)| at == slot) => {
                let rel = current?.1;
                key.and_then(|k| self.hop_property(rel, k))
            }
            Value::Node(id) => {
                if let Some(column) = key.and_then(|key| self.node_columns.get(key)) {
                    return graph.node_value(column, *id);
                }
                self.count_record_read();
                let node = graph.node(*id)?;
                key.and_then(|k| node.property_ref(k))
            }
            Value::Relationship(id) => {
                let properties = graph.relationship_properties(*id)?;
                key.and_then(|k| properties.get(k))
            }
            _ => return None,
        })
    }

    /// A comparison with a constant answered from its [`Tabulation`] (`None` while it has
    /// none, or when the slot holds no live node); counts the tests its column answers
    /// until then.
    fn tabulated(&self, cmp: &InPlace, row: &Row) -> Option<Option<bool>> {
        let Operand::Constant(constant, table) = &cmp.other else {
            return None;
        };
        let Value::Node(id) = row[cmp.slot] else {
            return None;
        };
        let graph = &*self.exec.graph;
        if let Some(truths) = table.truths.get() {
            return graph.node_truth(truths, id);
        }
        let column = self.node_columns.get(cmp.key?)?;
        let tests = full_batch(&self.column_tests, self.node_columns.batch)?;
        let tests = table.tests.fetch_add(tests as usize, Ordering::Relaxed) + tests as usize;
        let from = (self.exec.guard.options.columns_from)
            .unwrap_or_else(|| Tabulation::pays_after(column))
            .max(1);
        if tests < from {
            return None;
        }
        let truths = table.truths.get_or_init(|| tabulate(cmp, column, constant));
        graph.node_truth(truths, id)
    }

    /// The tests a hop meeting the relationship at `slot` makes of each one from its
    /// columns ([`hop_conditions`]), with the values of the entities bound before it read
    /// once; a comparison with a null or an unbound entity tests nothing.
    fn hop_tests(&self, slot: usize, row: &Row) -> Vec<HopTest<'e>> {
        let conjuncts = self.conjuncts;
        let Some((_, conditions)) = (self.hop_columns.conditions.iter()).find(|(s, _)| *s == slot)
        else {
            return Vec::new();
        };
        let mut tests = Vec::new();
        for &j in conditions {
            let Some(cmp) = conjuncts[j].in_place.as_ref() else {
                continue;
            };
            let test = match &cmp.other {
                Operand::Constant(constant, _) => cmp.key.map(|key| HopTest {
                    key,
                    op: cmp.op,
                    flipped: cmp.flipped,
                    with: Cow::Borrowed(constant),
                }),
                Operand::Property { slot: other, key } => {
                    // The relationship's property and the other entity's, whichever side
                    // of the comparison each is on.
                    let (mine, (theirs, their_key), flipped) = match cmp.slot == slot {
                        true => (cmp.key, (*other, *key), false),
                        false => (*key, (cmp.slot, cmp.key), true),
                    };
                    let value = self.property_at(theirs, their_key, row, None).flatten();
                    mine.zip(value).map(|(key, value)| HopTest {
                        key,
                        op: cmp.op,
                        flipped,
                        with: Cow::Owned(value.into_value()),
                    })
                }
            };
            tests.extend(test);
        }
        tests
    }

    /// Whether one of `tests` is false for a relationship just met, as its hop columns say
    /// (`false` where there is no column: the look-ahead then decides).
    fn ruled_out_by_columns(&self, tests: &[HopTest<'_>], rel: &RelView<'_>) -> bool {
        let Some(hop) = rel.hop() else {
            return false;
        };
        tests.iter().any(|test| {
            let column = self.hop_columns.get(hop, test.key);
            column.is_some_and(|column| {
                let value = column.get(hop.position as usize);
                compared_by(test.op, test.flipped, value, &test.with) == Some(false)
            })
        })
    }

    /// Property `key` of a relationship just met: from its hop column when the graph has
    /// one, else from its record (counting the read when a column could serve it).
    fn hop_property<'r>(&'r self, rel: &RelView<'r>, key: KeyId) -> Option<PropertyRef<'r>> {
        if let Some(hop) = rel.hop() {
            if let Some(column) = self.hop_columns.get(hop, key) {
                return column.get(hop.position as usize);
            }
            let counter = &self.hop_reads[usize::from(hop.outgoing)];
            let tracked = self.hop_columns.keys.contains(&key);
            let batch = self.hop_columns.batch;
            if let Some(reads) = tracked.then(|| full_batch(counter, batch)).flatten() {
                (self.hop_columns).count_reads(self.exec, hop.outgoing, reads);
            }
        }
        rel.property_ref(key)
    }

    fn count_record_read(&self) {
        if let Some(reads) = full_batch(&self.record_reads, self.node_columns.batch) {
            self.node_columns.count_reads(self.exec, reads);
        }
    }

    /// Whether the look-ahead found every conjunct of the whole WHERE true.
    fn all_conjuncts_true(&self) -> bool {
        self.conjuncts_complete && self.look.passed == self.conjuncts.len() && !self.look.null
    }

    fn expand(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        if self.done() {
            return Ok(());
        }
        if let Some((profile, ops, _)) = self.profile {
            self.count_row(profile, ops, index, step);
        }
        if self.conjuncts.is_empty() || self.closes_first(index, step) {
            return self.expand_step(index, moves, step, row);
        }
        let look = self.look;
        let result = if self.fails_early(row) {
            Ok(())
        } else {
            self.expand_step(index, moves, step, row)
        };
        self.look = look;
        result
    }

    /// Whether move `step` of part `index` closes into a bound node and is planned to keep
    /// so few rows that the look-ahead waits until it is made.
    fn closes_first(&self, index: usize, step: usize) -> bool {
        (self.plan_ops.get(index)).is_some_and(|ops| ops.closes_first.contains(&step))
    }

    /// Under PROFILE: a row out of the move before move `step` of part `index`.
    fn count_row(&self, profile: &Profile, ops: &[PartOps], index: usize, step: usize) {
        let Some(part) = ops.get(index) else {
            return;
        };
        // The start's rows are its candidates, counted where they are listed.
        if let Some(&op) = step
            .checked_sub(1)
            .and_then(|previous| part.moves.get(previous))
        {
            profile.row(op);
        }
    }

    fn expand_step(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        let Some(&mv) = moves.get(step) else {
            return self.finish_part(index, row);
        };
        // A first hop divided between threads is divided where its relationships are
        // walked one by one (`expand_one_hop`); any other way of making it is the first
        // share's alone.
        let not_mine = self
            .first_hop_share(index, step)
            .is_some_and(|s| !s.is_first());
        // A row counted at the frontier goes no further now; one that may not start a
        // group walks on.
        if self.counts_at(index, step, moves, row)
            && (not_mine || self.count_at_frontier(index, moves, step, row)?)
        {
            return Ok(());
        }
        let Some(from) = self.states[index].nodes[mv.from] else {
            return Ok(());
        };
        let spec = &self.parts[index].rels[mv.rel];
        let direction = if mv.forward {
            spec.direction
        } else {
            reverse(spec.direction)
        };
        if let Some(ends) = self.distinct_ends(index, mv.rel, from, direction)? {
            if not_mine {
                return Ok(());
            }
            self.states[index].hops[mv.rel] = Some(Hop::Many {
                rels: Vec::new(),
                inner: Vec::new(),
            });
            let result = self.expand_ends(index, moves, step, row, &ends);
            self.states[index].hops[mv.rel] = None;
            return result;
        }
        if let Some((min, max)) = spec.range {
            if not_mine {
                return Ok(());
            }
            let mut rels = Vec::new();
            let mut inner = Vec::new();
            return self.expand_var(
                index,
                moves,
                step,
                row,
                from,
                direction,
                (min, max),
                &mut rels,
                &mut inner,
            );
        }
        // The graph and the pattern are borrowed from the executor, not from `self`, so the
        // expansion can walk adjacency in place while binding into `self`.
        let exec = self.exec;
        let types = self.type_ids[index][mv.rel].as_deref();
        // The far node may be bound here already, or by its variable elsewhere (a cycle
        // back to an earlier position, a variable of the input row).
        let bound_to = self.states[index].nodes[mv.to].or_else(|| {
            let slot = self.parts[index].nodes[mv.to].slot?;
            match &row[slot] {
                Value::Node(id) => Some(*id),
                _ => None,
            }
        });
        let far = far_end_test(&exec.graph, bound_to, &self.label_ids[index][mv.to]);
        if let Some(to) = bound_to {
            if let Some(found) = self.pairs_between(index, &mv, (from, to), direction)? {
                let graph = &exec.graph;
                let rels = found.filter_map(|rel| Some((graph.relationship(rel)?, to)));
                return self.expand_one_hop(index, moves, step, row, rels);
            }
            // Into a bound node: walk whichever end has fewer relationships. A short list
            // at the bound end is walked without looking at the other's: the bound node's
            // list is in the cache from the rows before, the other node's is not.
            let back = reverse(direction);
            let to_degree = exec.graph.degree(to, back);
            if to_degree <= SHORT_LIST || to_degree < exec.graph.degree(from, direction) {
                let rels = exec
                    .graph
                    .relationships_to_at(to, back, types, move |other| other == from)
                    .map(move |(rel, _)| (rel, to));
                return self.expand_one_hop(index, moves, step, row, rels);
            }
        }
        if bound_to.is_none() {
            if let Some(result) = self.expand_toward(index, moves, step, from, direction, row) {
                return result;
            }
            if let Some(kept) = self.far_join(index, &mv, direction, from)? {
                let graph = &exec.graph;
                let rels =
                    (kept.iter()).filter_map(|&(rel, far)| Some((graph.relationship(rel)?, far)));
                return self.expand_one_hop(index, moves, step, row, rels);
            }
        }
        if step > 0 {
            // The first hop's loads were started candidates ahead; a later hop's start here,
            // all of the node's at once, so that their misses overlap.
            let loads = self.hop_loads(index, &mv);
            if loads.properties || loads.far_data {
                let ahead = far_end_test(&exec.graph, bound_to, &self.label_ids[index][mv.to]);
                exec.graph
                    .prefetch_relationship_properties(from, direction, types, ahead, loads);
            }
        }
        let rels = exec.graph.relationships_to_at(from, direction, types, far);
        self.expand_one_hop(index, moves, step, row, rels)
    }

    /// The share of the first hop's relationships this thread takes, at the first move
    /// of the first part when a match from one start divides them.
    fn first_hop_share(&self, index: usize, step: usize) -> Option<Share> {
        self.hop_share.filter(|_| index == 0 && step == 0)
    }

    /// Binds each relationship of a single hop (with the node it leads to) and goes on
    /// with the next move; of a divided first hop, only this thread's share of them.
    fn expand_one_hop<'g>(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &mut Row,
        rels: impl Iterator<Item = (RelView<'g>, NodeId)>,
    ) -> Result<(), QueryError> {
        let Some(share) = self.first_hop_share(index, step) else {
            return self.walk_one_hop((index, moves, step), row, rels);
        };
        let rels: Vec<(RelView<'g>, NodeId)> = rels.collect();
        let mine = share.near_equal(rels.len());
        let rels = rels.into_iter().skip(mine.start).take(mine.len());
        self.walk_one_hop((index, moves, step), row, rels)
    }

    /// [`Matcher::expand_one_hop`] over the relationships given.
    fn walk_one_hop<'g>(
        &mut self,
        (index, moves, step): (usize, &[Move], usize),
        row: &mut Row,
        rels: impl Iterator<Item = (RelView<'g>, NodeId)>,
    ) -> Result<(), QueryError> {
        let exec = self.exec;
        let mv = moves[step];
        let spec = &self.parts[index].rels[mv.rel];
        let look = self.look;
        let tests = spec.slot.map(|slot| self.hop_tests(slot, row));
        let tests = tests.as_deref().unwrap_or_default();
        for (rel, other) in rels {
            exec.guard.tick()?;
            if !tests.is_empty() && self.ruled_out_by_columns(tests, &rel) {
                continue;
            }
            let rel_id = rel.id();
            if !self.takes(index, mv.rel, &rel, row)? {
                continue;
            }
            let mut rel_slot_set = None;
            if let Some(slot) = spec.slot {
                match &row[slot] {
                    _ if self.is_free(slot, row) => rel_slot_set = Some(slot),
                    Value::Relationship(bound) if *bound == rel_id => {}
                    _ => continue,
                }
            }
            // Conjuncts that read the relationship alone are checked before the far end
            // is looked at, which costs a visit to another record.
            if let Some(slot) = rel_slot_set {
                row[slot] = Value::Relationship(rel_id);
                if self.fails_early_at(row, Some((slot, &rel))) {
                    row[slot] = Value::Null;
                    self.look = look;
                    continue;
                }
            }
            let to_bound = self.states[index].nodes[mv.to];
            let to_set = match to_bound {
                Some(existing) if existing != other => None,
                Some(_) => Some(None),
                None => self.bind_end(index, mv.to, other, row)?.map(Some),
            };
            let Some(to_set) = to_set else {
                if let Some(slot) = rel_slot_set {
                    row[slot] = Value::Null;
                }
                self.look = look;
                continue;
            };
            self.used.push(rel_id);
            self.states[index].hops[mv.rel] = Some(Hop::One(rel_id));
            self.expand(index, moves, step + 1, row)?;
            self.states[index].hops[mv.rel] = None;
            self.used.pop();
            self.look = look;
            if let Some(slot) = rel_slot_set {
                row[slot] = Value::Null;
            }
            if let Some(set) = to_set {
                self.unbind_node(index, mv.to, set, row);
            }
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_var(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &mut Row,
        at: NodeId,
        direction: Direction,
        (min, max): (u64, Option<u64>),
        rels: &mut Vec<RelId>,
        inner: &mut Vec<NodeId>,
    ) -> Result<(), QueryError> {
        let mv = moves[step];
        let depth = rels.len() as u64;
        if depth >= min {
            self.try_var_end(index, moves, step, row, at, rels, inner)?;
        }
        if max.is_some_and(|m| depth >= m) || self.done() {
            return Ok(());
        }
        let exec = self.exec;
        let type_ids = self.type_ids;
        let types = type_ids[index][mv.rel].as_deref();
        for (rel, other) in exec
            .graph
            .relationships_of_type_ids_at(at, direction, types)
        {
            exec.guard.tick()?;
            let rel_id = rel.id();
            if !self.takes(index, mv.rel, &rel, row)? {
                continue;
            }
            // The walk is recursive: the depth limit keeps an unbounded `*` on a long chain
            // from exhausting the stack (and time), and says so instead of truncating.
            if depth >= exec.guard.max_depth() {
                return Err(exec.guard.depth_exceeded());
            }
            self.used.push(rel_id);
            rels.push(rel_id);
            inner.push(at);
            self.expand_var(
                index,
                moves,
                step,
                row,
                other,
                direction,
                (min, max),
                rels,
                inner,
            )?;
            inner.pop();
            rels.pop();
            self.used.pop();
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    /// The distinct nodes at the far end of relationship position `rel` from `from`, when
    /// the consumer keeps only distinct rows and nothing shows which relationships led there
    /// (no relationship or path variable that anything reads, no property map, the only
    /// relationship of the only part): each end is then produced once instead of once per
    /// relationship or trail, and those variables stay unbound.
    /// `None` when that does not apply, and the caller enumerates.
    fn distinct_ends(
        &self,
        index: usize,
        rel: usize,
        from: NodeId,
        direction: Direction,
    ) -> Result<Option<Vec<NodeId>>, QueryError> {
        let part = &self.parts[index];
        let spec = &part.rels[rel];
        let read = |slot: Option<usize>| slot.is_some_and(|s| !self.unseen.contains(&s));
        if !self.rows_as_set
            || self.parts.len() != 1
            || part.rels.len() != 1
            || read(part.path_slot)
            || part.shortest.is_some()
            || read(spec.slot)
            || spec.props.is_some()
        {
            return Ok(None);
        }
        let graph = &*self.exec.graph;
        let guard = &self.exec.guard;
        let Some((min, max)) = spec.range else {
            return ends::distinct_neighbours(graph, guard, from, direction, spec.types).map(Some);
        };
        // Trails and walks reach the same ends except where a relationship would repeat,
        // which `ends::trail_ends` handles for the bounds it accepts (undirected ones too).
        let Some(max) = max else { return Ok(None) };
        if max > guard.max_depth() {
            return Ok(None);
        }
        ends::trail_ends(graph, guard, from, direction, (min, max), spec.types)
    }

    /// Binds each of the far ends from [`Self::distinct_ends`] in turn and continues with
    /// the next move. Nothing reads the relationship or path variables there, so the hop
    /// stays set once for all ends, and only the far node changes from one end to the next.
    fn expand_ends(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &mut Row,
        ends: &[NodeId],
    ) -> Result<(), QueryError> {
        let to = moves[step].to;
        let graph = &*self.exec.graph;
        let spec = &self.parts[index].nodes[to];
        let read = spec.props.is_some()
            || spec
                .slot
                .is_some_and(|slot| !self.identity_only.contains(&slot));
        // The far ends are spread over memory: their slots are prefetched two batches
        // ahead, their data one batch ahead.
        let batch = |from: usize| {
            let rest = ends.get(from..).unwrap_or_default();
            rest.get(..PREFETCH_AHEAD).unwrap_or(rest)
        };
        if read {
            graph.prefetch_node_slots(batch(0));
            graph.prefetch_node_slots(batch(PREFETCH_AHEAD));
            graph.prefetch_nodes(batch(0));
        }
        for (at, &end) in ends.iter().enumerate() {
            self.exec.guard.tick()?;
            if read && at % PREFETCH_AHEAD == 0 {
                graph.prefetch_node_slots(batch(at + 2 * PREFETCH_AHEAD));
                graph.prefetch_nodes(batch(at + PREFETCH_AHEAD));
            }
            let to_set = match self.states[index].nodes[to] {
                Some(existing) if existing != end => continue,
                Some(_) => None,
                None => match self.bind_end(index, to, end, row)? {
                    Some(set) => Some(set),
                    None => continue,
                },
            };
            self.expand(index, moves, step + 1, row)?;
            if let Some(set) = to_set {
                self.unbind_node(index, to, set, row);
            }
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    /// A variable-length expansion reached `end`: bind it and continue with the next move.
    #[allow(clippy::too_many_arguments)]
    fn try_var_end(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &mut Row,
        end: NodeId,
        rels: &[RelId],
        inner: &[NodeId],
    ) -> Result<(), QueryError> {
        let mv = moves[step];
        let spec = &self.parts[index].rels[mv.rel];
        // Left to right order, whichever way the expansion went.
        let (mut ordered_rels, mut ordered_inner) =
            (rels.to_vec(), inner.get(1..).unwrap_or(&[]).to_vec());
        if !mv.forward {
            ordered_rels.reverse();
            ordered_inner.reverse();
        }
        let list = Value::List(
            ordered_rels
                .iter()
                .map(|&r| Value::Relationship(r))
                .collect(),
        );
        let mut rel_slot_set = None;
        if let Some(slot) = spec.slot.filter(|s| !self.unseen.contains(s)) {
            match &row[slot] {
                _ if self.is_free(slot, row) => rel_slot_set = Some(slot),
                bound if *bound == list => {}
                _ => return Ok(()),
            }
        }
        let to_set = match self.states[index].nodes[mv.to] {
            Some(existing) if existing != end => return Ok(()),
            Some(_) => None,
            None => match self.bind_end(index, mv.to, end, row)? {
                Some(set) => Some(set),
                None => return Ok(()),
            },
        };
        if let Some(slot) = rel_slot_set {
            row[slot] = list;
        }
        self.states[index].hops[mv.rel] = Some(Hop::Many {
            rels: ordered_rels,
            inner: ordered_inner,
        });
        self.expand(index, moves, step + 1, row)?;
        self.states[index].hops[mv.rel] = None;
        if let Some(slot) = rel_slot_set {
            row[slot] = Value::Null;
        }
        if let Some(set) = to_set {
            self.unbind_node(index, mv.to, set, row);
        }
        Ok(())
    }

    /// All positions of a part are bound: bind its path variable and go on to the next part.
    fn finish_part(&mut self, index: usize, row: &mut Row) -> Result<(), QueryError> {
        if self.collecting == Some(index) {
            self.collect(index);
            return Ok(());
        }
        let part = &self.parts[index];
        if let (Some((profile, ops, _)), Some(_)) = (self.profile, part.shortest) {
            // A shortest path is one operator, counted once per path it binds.
            self.count_row(profile, ops, index, 1);
        }
        let Some(slot) = part.path_slot.filter(|s| !self.unseen.contains(s)) else {
            return self.match_part(index + 1, row);
        };
        let path = self.path_of(index);
        let previous = std::mem::replace(&mut row[slot], Value::Path(Box::new(path)));
        self.match_part(index + 1, row)?;
        row[slot] = previous;
        Ok(())
    }

    fn path_of(&self, index: usize) -> Path {
        let state = &self.states[index];
        let mut path = Path {
            nodes: Vec::new(),
            relationships: Vec::new(),
        };
        // A zero-length hop joins a node to itself: that node appears once.
        let mut same_as_previous = false;
        for (pos, node) in state.nodes.iter().enumerate() {
            if let Some(id) = node {
                if !same_as_previous {
                    path.nodes.push(*id);
                }
            }
            same_as_previous = false;
            match state.hops.get(pos) {
                Some(Some(Hop::One(rel))) => path.relationships.push(*rel),
                Some(Some(Hop::Many { rels, inner })) => {
                    path.relationships.extend(rels);
                    path.nodes.extend(inner);
                    same_as_previous = rels.is_empty();
                }
                _ => {}
            }
        }
        path
    }

    /// `shortestPath((a)-[*]-(b))` / `allShortestPaths(…)`: breadth-first search between
    /// every candidate pair of endpoints.
    fn match_shortest(&mut self, index: usize, row: &mut Row) -> Result<(), QueryError> {
        let part = &self.parts[index];
        let (Some(spec), 2) = (part.rels.first(), part.nodes.len()) else {
            return Err(QueryError::runtime(
                ErrorKind::SemanticError,
                "InvalidShortestPath",
                "shortestPath needs a pattern of one relationship between two nodes",
            ));
        };
        let all = part.shortest == Some(ShortestKind::All);
        let (min, max) = spec.range.unwrap_or((1, Some(1)));
        if min > 1 {
            return Err(QueryError::runtime(
                ErrorKind::SemanticError,
                "InvalidShortestPath",
                "shortestPath accepts a lower bound of 0 or 1 only",
            ));
        }
        let starts = self.candidates(part, 0, row)?;
        let ends_all = self.candidates(part, 1, row)?;
        for a in starts {
            let Some(a_set) = self.bind_node(index, 0, a, row)? else {
                continue;
            };
            let mut ends = Vec::new();
            for &b in &ends_all {
                if let Some(b_set) = self.bind_node(index, 1, b, row)? {
                    self.unbind_node(index, 1, b_set, row);
                    ends.push(b);
                }
            }
            let types = self.type_ids[index][0].as_deref();
            let paths = self.breadth_first(a, &ends, spec, types, row, (min, max), all)?;
            for path in paths {
                let Some(&b) = path.nodes.last() else {
                    continue;
                };
                let Some(b_set) = self.bind_node(index, 1, b, row)? else {
                    continue;
                };
                let mut rel_slot_set = None;
                if let Some(slot) = spec.slot {
                    rel_slot_set = Some(slot);
                    row[slot] = Value::List(
                        path.relationships
                            .iter()
                            .map(|&r| Value::Relationship(r))
                            .collect(),
                    );
                }
                let inner = path
                    .nodes
                    .get(1..path.nodes.len().saturating_sub(1))
                    .unwrap_or(&[])
                    .to_vec();
                self.states[index].hops[0] = Some(Hop::Many {
                    rels: path.relationships.clone(),
                    inner,
                });
                self.finish_part(index, row)?;
                self.states[index].hops[0] = None;
                if let Some(slot) = rel_slot_set {
                    row[slot] = Value::Null;
                }
                self.unbind_node(index, 1, b_set, row);
            }
            self.unbind_node(index, 0, a_set, row);
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    /// Shortest paths to a few known targets: a bidirectional search per target, which
    /// touches a tiny part of a large graph where a one-sided search would sweep it.
    fn bidirectional(
        &self,
        from: NodeId,
        targets: &[NodeId],
        spec: &RelSpec<'_>,
        (min, max): (u64, Option<u64>),
        all: bool,
    ) -> Result<Vec<Path>, QueryError> {
        let options = PathOptions {
            traversal: Traversal {
                rel_types: (!spec.types.is_empty()).then(|| spec.types.to_vec()),
                direction: spec.direction,
            },
            ..PathOptions::default()
        };
        let check = || self.exec.guard.algo_tick();
        let mut found = Vec::new();
        for &target in targets {
            if target == from && min > 0 {
                continue;
            }
            let paths = if all {
                algo::all_shortest_paths(&self.exec.graph, from, target, &options, &check)?
            } else {
                algo::shortest_path(&self.exec.graph, from, target, &options, &check)?
                    .into_iter()
                    .collect()
            };
            found.extend(
                paths
                    .into_iter()
                    .filter(|p| max.is_none_or(|m| p.length() as u64 <= m))
                    .map(|p| p.path),
            );
        }
        Ok(found)
    }

    /// Shortest paths from `from` to each of `targets` (all of them when `all` is set).
    #[allow(clippy::too_many_arguments)]
    fn breadth_first(
        &self,
        from: NodeId,
        targets: &[NodeId],
        spec: &RelSpec<'_>,
        types: Option<&[RelTypeId]>,
        row: &Row,
        (min, max): (u64, Option<u64>),
        all: bool,
    ) -> Result<Vec<Path>, QueryError> {
        let mut paths = Vec::new();
        if targets.is_empty() {
            return Ok(paths);
        }
        if spec.props.is_none() && targets.len() <= BIDIRECTIONAL_TARGETS {
            return self.bidirectional(from, targets, spec, (min, max), all);
        }
        if min == 0 && targets.contains(&from) {
            paths.push(Path {
                nodes: vec![from],
                relationships: Vec::new(),
            });
        }
        let mut remaining: std::collections::HashSet<NodeId> = targets
            .iter()
            .copied()
            .filter(|&t| t != from || min == 0)
            .collect();
        if min == 0 {
            remaining.remove(&from);
        }
        // node → (depth, parents as (relationship, previous node))
        let mut seen: HashMap<NodeId, (u64, Vec<(RelId, NodeId)>)> = HashMap::new();
        seen.insert(from, (0, Vec::new()));
        let mut frontier = VecDeque::from([from]);
        let mut found_depth = None;
        while let Some(node) = frontier.pop_front() {
            let depth = seen.get(&node).map_or(0, |s| s.0);
            if found_depth.is_some_and(|d| depth >= d) || max.is_some_and(|m| depth >= m) {
                continue;
            }
            for (rel, other) in
                self.exec
                    .graph
                    .relationships_of_type_ids_at(node, spec.direction, types)
            {
                self.exec.guard.tick()?;
                if !self.rel_fits(spec, None, &rel, row)? {
                    continue;
                }
                match seen.get_mut(&other) {
                    Some((d, parents)) if *d == depth + 1 && all => parents.push((rel.id(), node)),
                    Some(_) => {}
                    None => {
                        seen.insert(other, (depth + 1, vec![(rel.id(), node)]));
                        frontier.push_back(other);
                        if remaining.contains(&other) {
                            found_depth.get_or_insert(depth + 1);
                        }
                    }
                }
            }
            if !all && remaining.iter().all(|t| seen.contains_key(t)) {
                break;
            }
        }
        let mut sorted_targets: Vec<NodeId> = remaining.into_iter().collect();
        sorted_targets.sort_unstable();
        for target in sorted_targets {
            if !seen.contains_key(&target) {
                continue;
            }
            let mut suffixes = vec![(vec![target], Vec::new())];
            let mut complete = Vec::new();
            while let Some((nodes, rels)) = suffixes.pop() {
                let Some(&head) = nodes.last() else { continue };
                if head == from {
                    complete.push((nodes, rels));
                    continue;
                }
                let parents = seen.get(&head).map(|s| s.1.clone()).unwrap_or_default();
                let take = if all { parents.len() } else { 1 };
                for (rel, prev) in parents.into_iter().take(take) {
                    let (mut n, mut r) = (nodes.clone(), rels.clone());
                    n.push(prev);
                    r.push(rel);
                    suffixes.push((n, r));
                }
            }
            for (mut nodes, mut rels) in complete {
                nodes.reverse();
                rels.reverse();
                paths.push(Path {
                    nodes,
                    relationships: rels,
                });
            }
        }
        Ok(paths)
    }
}

/// Up to this many candidate end nodes, shortestPath searches from both ends per pair.
const BIDIRECTIONAL_TARGETS: usize = 16;

/// Whether relationship position `rel` of `part` has no property map and ends that need no
/// look at the node: no labels, no properties, no path to record.
fn is_bare_hop(part: &PartSpec<'_>, rel: usize) -> bool {
    let bare_node = |pos: usize| {
        part.nodes
            .get(pos)
            .is_some_and(|n| n.labels.is_empty() && n.props.is_none())
    };
    part.rels[rel].props.is_none()
        && part.path_slot.is_none()
        && bare_node(rel)
        && bare_node(rel + 1)
}
