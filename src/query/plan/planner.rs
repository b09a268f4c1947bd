//! The planner proper: walks a query's clauses with the variables bound so far and an
//! estimate of the rows, choosing where each pattern part starts and describing every
//! operator it will run.

use std::borrow::Cow;

use crate::graph::{normalize_name, Graph};
use crate::query::ast::{
    BinaryOp, CallSubquery, Clause, Direction, Expr, ExprKind, Literal, Match, NodePattern,
    PatternPart, Projection, RelPattern, SchemaCommand, Span, Statement, SubqueryKind, UnaryOp,
};
use crate::query::walk::{
    clause_expressions, contains_aggregate, local_scope, projection_expressions, visit,
};
use crate::query::Params;
use crate::value::{NodeId, Value};

use super::hints::{is_indexed_name, name_in_map, Condition, Hints};
use super::operators::{OpId, Ops};
use super::shapes::{self, AsSet, CountShape};
use super::{
    cannot_fail, hints_for, is_constant, is_foldable, known_with, read_variables, where_conjuncts,
    Bound, Choices, FarJoin, JoinKey, JoinPlan, Operands, PartOps, QueryPlan, RowsPerNode, Step,
    SubPlan, HASH_JOIN_FROM,
};

/// The highest hop count a variable-length estimate adds up to.
const ESTIMATED_HOPS: u64 = 6;

pub(super) struct Planner<'g, 'o, 'q> {
    graph: &'g Graph,
    /// The statement's parameters: a condition on one is estimated from its value, as a
    /// literal's is.
    params: &'g Params,
    ops: &'o mut Ops,
    bound: Bound,
    rows: f64,
    /// The operator producing the rows so far (`None`: the one empty row a query starts from).
    pub(super) top: OpId,
    has_input: bool,
    pub(super) returned: bool,
    /// What the planner may choose.
    choices: Choices,
    /// The variables bound before the MATCH (or MERGE) being planned.
    match_input: Bound,
    /// The plans of the subqueries met so far, by the span of their expression or clause.
    pub(super) subplans: Vec<(Span, SubPlan<'q>)>,
    /// While a MATCH whose projection may take repeated rows is planned: the variables the
    /// projection reads (see [`shapes::repeatable_reads`]), and then, for its one part,
    /// the WHERE's too, when every conjunct of it cannot fail.
    repeatable: Option<RowsCounted>,
    /// While the first part of a MATCH whose projection aggregates is planned: the
    /// variable it groups by (see [`shapes::grouping_variable`]).
    grouped_by: Option<String>,
    /// The one variable the MATCH's WHERE and projection read, only by its properties, in
    /// an aggregation: a scan of its relationships can aggregate them from columns.
    aggregated: Option<String>,
    /// The nodes a part's start seeks by a name known when planning, until its first
    /// hop is estimated from their own degrees.
    sought: Option<Vec<NodeId>>,
}

/// What reading one candidate of a scan costs, beside the rows it keeps: a scan reads
/// every candidate, however few its conditions keep.
const SCAN_READ: f64 = 0.02;

/// What a scan costs, as a share, when it starts at a node the projection groups by: the
/// rows then come grouped (a node's rows one after another, and the nodes each once), so
/// each group is looked up once rather than once per row among many.
const GROUPED_START_SHARE: f64 = 0.5;

/// The rows reaching a last hop from which counting them per node is considered.
const ROWS_PER_NODE_FROM: f64 = 10_000.0;

/// The relationships each row reaching a last hop is estimated to walk, from which
/// counting the rows per node (and values read after the hop) is considered whatever the
/// share of rows that share a node: a row's walk then costs several times its counting.
const ROWS_PER_NODE_FAN_OUT: f64 = 4.0;

/// The share of its rows under which a move into a bound node (closing a cycle) is made
/// before the WHERE's look-ahead checks what is bound already: it then rules out most rows
/// for less than conditions between entities cost.
const CLOSES_FIRST_SHARE: f64 = 0.1;

/// The rows that must reach a move into a bound node before closing it from a table of
/// pairs is considered (unless the options set where hash joins start).
const PAIRS_FROM: usize = 100_000;

/// The rows per bound node from which a move into it walks rather than probes the pairs
/// table ([`Planner::closes_from_pairs`]).
const PAIRS_ROWS_PER_TARGET: f64 = 8.0;

/// Whether `conjunct` compares a property with a literal or parameter: cheap to check
/// (often from a column) and often selective, so best checked as soon as it can be.
fn compares_with_constant(conjunct: &Expr) -> bool {
    let constant = |e: &Expr| is_constant(e, &|_| true);
    let property = |e: &Expr| matches!(e.kind, ExprKind::Property(..));
    match &conjunct.kind {
        ExprKind::Binary(op, left, right) if op.is_comparison() || *op == BinaryOp::In => {
            (property(left) && constant(right)) || (constant(left) && property(right))
        }
        _ => false,
    }
}

/// How the rows reaching a last hop are counted per node (see `Planner::rows_per_node`).
struct CountedPerNode {
    /// The groups estimated.
    groups: f64,
    /// The properties of earlier variables read after the hop, by variable and key.
    keys: Vec<(String, String)>,
    /// The WHERE reads what the hop binds: it is decided after the hop.
    late: bool,
}

/// What the rows of a MATCH may be counted per node under: what its projection reads.
#[derive(Debug, Clone, Default)]
struct RowsCounted {
    projection: Vec<shapes::VariableRead>,
}

/// The plan of a statement's queries (or a subquery's), with what the planner learnt.
pub(super) struct Planned<'q> {
    pub(super) plan: SubPlan<'q>,
    /// The operator producing the rows: the one query's top, or their `Union`.
    pub(super) top: OpId,
    pub(super) returned: bool,
    /// The variables bound at the end of the first query (a RETURN's columns).
    pub(super) bound: Bound,
    pub(super) subplans: Vec<(Span, SubPlan<'q>)>,
}

/// Plans each query of `statement` from the variables in `bound` (those of the row a
/// subquery runs for; none for a statement), and joins a UNION's.
pub(super) fn plan_queries<'q>(
    (graph, params): (&Graph, &Params),
    ops: &mut Ops,
    choices: Choices,
    statement: &'q Statement,
    bound: Bound,
) -> Planned<'q> {
    let mut planned = Planned {
        plan: SubPlan {
            queries: Vec::new(),
            union_all: statement.unions.iter().map(|(all, _)| *all).collect(),
            degree: None,
        },
        top: 0,
        returned: false,
        bound: Bound::new(),
        subplans: Vec::new(),
    };
    let mut tops = Vec::new();
    for query in std::iter::once(&statement.first).chain(statement.unions.iter().map(|(_, q)| q)) {
        let mut planner = Planner::new((graph, params), ops, choices);
        planner.bound = bound.clone();
        let plan = planner.query(&query.clauses);
        planned.returned |= planner.returned;
        if tops.is_empty() {
            planned.bound = std::mem::take(&mut planner.bound);
        }
        tops.push(planner.top);
        planned.subplans.append(&mut planner.subplans);
        planned.plan.queries.push(plan);
    }
    planned.top = tops[0];
    if !statement.unions.is_empty() {
        let estimate = tops.iter().map(|&t| ops.estimate(t)).sum();
        planned.top = ops.add("Union", String::new, estimate, tops);
        if statement.unions.iter().any(|(all, _)| !all) {
            planned.top = ops.add("Distinct", String::new, estimate, vec![planned.top]);
        }
    }
    planned
}

/// How a pattern part reaches its first node.
#[derive(Clone)]
enum Access {
    /// The node is bound already.
    Argument,
    IdSeek,
    NameSeek,
    IndexSeek(String),
    LabelScan(String),
    /// The nodes of any of these labels (the start's label expression `(n:A|B)`).
    LabelUnion(Vec<String>),
    AllNodes,
    /// The relationships of one type, at relationship position `rel` of the part: both its
    /// ends are bound at once.
    RelationshipTypeScan {
        rel: usize,
    },
}

impl<'g, 'o, 'q> Planner<'g, 'o, 'q> {
    pub(super) fn new(
        (graph, params): (&'g Graph, &'g Params),
        ops: &'o mut Ops,
        choices: Choices,
    ) -> Planner<'g, 'o, 'q> {
        let top = ops.add("Argument", String::new, 1.0, Vec::new());
        Planner {
            graph,
            params,
            ops,
            bound: Bound::new(),
            rows: 1.0,
            top,
            has_input: false,
            returned: false,
            choices,
            match_input: Bound::new(),
            subplans: Vec::new(),
            repeatable: None,
            grouped_by: None,
            aggregated: None,
            sought: None,
        }
    }

    pub(super) fn query(&mut self, clauses: &'q [Clause]) -> QueryPlan<'q> {
        let mut steps = Vec::new();
        let mut at = 0;
        while let Some(clause) = clauses.get(at) {
            let then = clauses
                .get(at + 1)
                .filter(|next| matches!(next, Clause::With(_) | Clause::Return(_)))
                .filter(|_| matches!(clause, Clause::Match(_) | Clause::Unwind(_)));
            let mut step = match (clause, then) {
                (Clause::Match(m), Some(Clause::With(p) | Clause::Return(p))) => {
                    self.match_then_project(clause, m, p)
                }
                _ => self.clause(clause, clauses.len()),
            };
            if let Some(next @ (Clause::With(p) | Clause::Return(p))) = then {
                step.top = self.projection(p, matches!(next, Clause::Return(_)));
                step.then = Some(next);
                at += 1;
            }
            steps.push(step);
            self.has_input = true;
            at += 1;
        }
        QueryPlan { steps }
    }

    /// A MATCH whose rows go straight into a projection: answered from counts when the
    /// projection only counts them, else matched (as a set when repeats change nothing).
    fn match_then_project(
        &mut self,
        clause: &'q Clause,
        m: &'q Match,
        projection: &Projection,
    ) -> Step<'q> {
        let mut step = self.empty_step(clause);
        if !self.choices.cost_based {
            self.matching(m, &mut step);
            return step;
        }
        step.counts = shapes::count_shape(m, projection, &self.bound);
        if let Some(shape) = step.counts {
            self.counted(m, shape, &mut step);
            return step;
        }
        step.as_set = shapes::rows_as_set(m, projection, &self.bound);
        self.repeatable =
            shapes::repeatable_reads(projection).map(|projection| RowsCounted { projection });
        self.grouped_by = shapes::grouping_variable(projection);
        self.aggregated = shapes::aggregates_properties_of(projection).filter(|only| {
            (m.where_clause.iter()).all(|w| read_variables(w).iter().all(|v| v == only))
        });
        self.matching(m, &mut step);
        self.aggregated = None;
        self.repeatable = None;
        self.grouped_by = None;
        step
    }

    /// The operators of a MATCH answered from the graph's counters and degrees, and the
    /// work of a scan whose nodes' degrees are taken (what may divide it).
    fn counted(&mut self, m: &Match, shape: CountShape, step: &mut Step<'q>) {
        let Some(part) = m.pattern.first() else {
            step.top = self.top;
            return;
        };
        let element = &part.element;
        let rows = self.rows;
        let op = match (shape, element.chain.first()) {
            (CountShape::ByType { per_type }, Some((rel, _))) => {
                let groups = if per_type {
                    rel.types.len().max(self.graph.relationship_types().len()) as f64
                } else {
                    1.0
                };
                let details = || format!("(){}()", rel_text(rel, rel.direction));
                self.leaf("RelationshipCountFromCountStore", details, rows * groups)
            }
            (CountShape::ByDegree { grouped, bound }, Some((rel, _))) => {
                let node = node_at(part, grouped);
                // A bound node's degree is taken per row; else its nodes are scanned.
                let mut candidates = 1.0;
                if !bound {
                    let (access, scanned) = self.scan(node, &Hints::default());
                    let details = || access_details(&access, part, node);
                    let scan_name = access_name(&access, part).unwrap_or("AllNodesScan");
                    self.leaf(scan_name, details, rows * scanned);
                    candidates = scanned;
                    step.first_starts = scanned;
                    step.work = rows.max(1.0) * scanned.max(1.0);
                }
                let direction = if grouped == 0 {
                    rel.direction
                } else {
                    rel.direction.reversed()
                };
                let details = || format!("{}{}()", node_text(node), rel_text(rel, direction));
                self.push("GetDegree", details, rows * candidates)
            }
            _ => {
                let node = &element.start;
                self.leaf("NodeCountFromCountStore", || node_text(node), rows)
            }
        };
        self.bind_part(part);
        step.top = op;
    }

    fn empty_step(&self, clause: &'q Clause) -> Step<'q> {
        Step {
            clause,
            then: None,
            starts: Vec::new(),
            relationship_starts: Vec::new(),
            parts: Vec::new(),
            joins: Vec::new(),
            top: self.top,
            filter: None,
            counts: None,
            as_set: None,
            work: 0.0,
            first_starts: 0.0,
            first_hop_divides: false,
            read_after: None,
        }
    }

    fn clause(&mut self, clause: &'q Clause, clause_count: usize) -> Step<'q> {
        if !matches!(
            clause,
            Clause::Match(_) | Clause::With(_) | Clause::Return(_)
        ) {
            self.subqueries(clause_expressions(clause));
        }
        let mut step = self.empty_step(clause);
        match clause {
            Clause::CallSubquery(c) => self.call_subquery(c),
            Clause::Match(m) => self.matching(m, &mut step),
            Clause::With(p) => step.top = self.projection(p, false),
            Clause::Return(p) => step.top = self.projection(p, true),
            Clause::Unwind(u) => {
                let per_row = match &u.expr.kind {
                    ExprKind::List(items) => items.len() as f64,
                    _ => 10.0,
                };
                let details = || format!("{} AS {}", u.expr, u.variable.name);
                self.push("Unwind", details, self.rows * per_row);
                self.bound.insert(u.variable.name.clone());
            }
            Clause::Create(c) => {
                self.push("Create", || listed(&c.pattern), self.rows);
                for part in &c.pattern {
                    self.bind_part(part);
                }
            }
            Clause::Merge(m) => {
                self.match_input = self.bound.clone();
                let hints = Hints::default();
                let (start, _, _) = self.choose_start(&m.part, &self.bound.clone(), &hints, None);
                step.starts.push(start);
                self.push("Merge", || m.part.to_string(), self.rows);
                self.bind_part(&m.part);
            }
            Clause::Set(items, _) => {
                self.push("SetProperties", || listed(items), self.rows);
            }
            Clause::Remove(items, _) => {
                self.push("Remove", || listed(items), self.rows);
            }
            Clause::Delete(d) => {
                let name = if d.detach { "DetachDelete" } else { "Delete" };
                self.push(name, || listed(&d.exprs), self.rows);
            }
            Clause::Call(c) => {
                self.push("ProcedureCall", || c.procedure.clone(), self.rows * 10.0);
                for item in c.yields.iter().flatten() {
                    let name = item.alias.as_ref().map_or(&item.field, |a| &a.name);
                    self.bound.insert(name.clone());
                }
                self.returned |= clause_count == 1;
            }
            Clause::Schema(command, _) => {
                let name = match command {
                    SchemaCommand::CreateIndex { .. } => "CreateIndex",
                    SchemaCommand::DropIndex { .. } => "DropIndex",
                    SchemaCommand::ShowIndexes => "ShowIndexes",
                };
                let rows = self.graph.property_indexes().len() as f64;
                self.push(name, || command.to_string(), rows);
                self.returned = true;
            }
        }
        if !matches!(clause, Clause::Match(_)) {
            step.top = self.top;
        }
        step
    }

    /// Adds an operator that reads no rows before it when none come (the first clause),
    /// else one over the current top.
    fn leaf(&mut self, name: &'static str, details: impl FnOnce() -> String, rows: f64) -> OpId {
        if self.has_input {
            return self.push(name, details, rows);
        }
        self.rows = rows;
        self.top = self.ops.add(name, details, rows, Vec::new());
        self.top
    }

    /// Adds an operator over the current top, which then produces `rows`.
    fn push(&mut self, name: &'static str, details: impl FnOnce() -> String, rows: f64) -> OpId {
        self.rows = rows;
        self.top = self.ops.add(name, details, rows, vec![self.top]);
        self.top
    }

    fn bind_part(&mut self, part: &PatternPart) {
        let element = &part.element;
        let names = part
            .variable
            .iter()
            .chain(element.start.variable.iter())
            .chain(
                element
                    .chain
                    .iter()
                    .flat_map(|(r, n)| r.variable.iter().chain(n.variable.iter())),
            );
        for v in names {
            self.bound.insert(v.name.clone());
        }
    }

    fn matching(&mut self, m: &'q Match, step: &mut Step<'q>) {
        let before = self.bound.clone();
        self.match_input = before.clone();
        let input = (self.top, self.rows);
        let applied = m.optional && self.has_input;
        if applied {
            // The optional rows are matched per input row, from an argument holding it.
            self.top = self.ops.add("Argument", String::new, 1.0, Vec::new());
            self.rows = 1.0;
        }
        let hints = hints_for(m.where_clause.as_ref(), &before);
        // The variables of the WHERE's first conjunct that this match binds.
        let first_conjunct = m.where_clause.as_ref().map(|w| {
            let mut vars = first_conjunct_variables(w);
            vars.retain(|v| !before.contains(v));
            vars
        });
        let conjuncts = m.where_clause.as_ref().map(where_conjuncts);
        let complete = conjuncts.as_ref().is_none_or(|(_, complete)| *complete);
        let conjuncts = conjuncts.map_or_else(Vec::new, |(conjuncts, _)| conjuncts);
        let entities = match_entities(m, &before);
        // A call of constants counts as a constant here; the executor checks that it
        // gives a value.
        let constant = |e: &Expr| is_constant(e, &|_| true) || is_foldable(e, &|_| true);
        let operands = Operands {
            constant: &constant,
            list: &constant,
            entity: &|v| entities.contains(&v),
        };
        let infallible: Vec<bool> = conjuncts
            .iter()
            .map(|c| cannot_fail(c, &operands))
            .collect();
        // Rows are counted per node only where the WHERE, checked before the last hop,
        // cannot fail, and one part without OPTIONAL decides every row.
        let countable = complete && infallible.iter().all(|&i| i) && !m.optional;
        if !countable || m.pattern.len() != 1 {
            self.repeatable = None;
        }
        // The share of rows the hash joins' keys keep, which the Filter then keeps again.
        let mut joined_share = 1.0;
        for (index, part) in m.pattern.iter().enumerate() {
            let mut ops = PartOps::default();
            let join = self.join_plan(index, part, &conjuncts, &infallible);
            step.joins.push(join.clone());
            if part.shortest.is_some() {
                // The search finds its own ends: bound ones, or candidates it scans.
                step.starts.push(0);
                step.relationship_starts.push(None);
                self.shortest(part, &mut ops);
                step.parts.push(ops);
                continue;
            }
            let bound_now = self.bound.clone();
            let (start, access, candidates) =
                self.choose_start(part, &bound_now, &hints, first_conjunct.as_deref());
            // Later parts run once per row of the first: their starts give no order.
            self.grouped_by = None;
            let by_relationship = match access {
                Access::RelationshipTypeScan { rel } => Some(rel),
                _ => None,
            };
            if step.parts.is_empty() {
                step.first_starts = candidates;
                step.work = input.1.max(1.0) * candidates.max(1.0);
                let chain = &part.element.chain;
                let first_hop = chain.get(start).or(chain.last()).map(|(rel, _)| rel);
                step.first_hop_divides =
                    by_relationship.is_none() && first_hop.is_some_and(|r| r.length.is_none());
            }
            step.starts.push(start);
            step.relationship_starts.push(by_relationship);
            let node = node_at(part, start);
            self.sought = match access {
                Access::NameSeek if self.choices.cost_based => self.sought_nodes(node, &hints),
                _ => None,
            };
            if let Some(name) = access_name(&access, part) {
                let scan = self.ops.add(
                    name,
                    || access_details(&access, part, node),
                    candidates,
                    vec![],
                );
                ops.start.push(scan);
                let keys: Vec<&Expr> = (join.as_ref().iter())
                    .flat_map(|j| j.keys.iter().map(|k| conjuncts[k.conjunct]))
                    .collect();
                if (self.has_input && !applied) || !step.parts.is_empty() || !keys.is_empty() {
                    let (name, share) = match keys.is_empty() {
                        false => (
                            "ValueHashJoin",
                            keys.iter().map(|k| selectivity(k)).product(),
                        ),
                        true => ("CartesianProduct", 1.0),
                    };
                    joined_share *= share;
                    let rows = self.rows * candidates * share;
                    let details = || {
                        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
                        keys.join(" AND ")
                    };
                    let product = self.ops.add(name, details, rows, vec![self.top, scan]);
                    ops.start.push(product);
                    self.top = product;
                    self.rows = rows;
                } else {
                    self.top = scan;
                    self.rows = candidates;
                }
                // A scan's nodes pass the node's property map before the part goes on.
                if node.properties.is_some() && scans_all(&access) {
                    self.rows *= 0.1;
                }
            }
            let distinct = distinct_ends(m, part, step.as_set.as_ref());
            match by_relationship {
                Some(rel) => {
                    let (r, right) = &part.element.chain[rel];
                    let names = node
                        .variable
                        .iter()
                        .chain(&r.variable)
                        .chain(&right.variable);
                    self.bound.extend(names.map(|v| v.name.clone()));
                    self.expansions(part, rel + 1, Some(rel), (distinct, &conjuncts), &mut ops);
                }
                None => {
                    if let Some(v) = &node.variable {
                        self.bound.insert(v.name.clone());
                    }
                    self.expansions(part, start, None, (distinct, &conjuncts), &mut ops);
                }
            }
            self.sought = None;
            if let Some(v) = &part.variable {
                self.bound.insert(v.name.clone());
            }
            step.parts.push(ops);
        }
        if let Some(w) = &m.where_clause {
            self.subqueries(vec![w]);
            let rows = self.rows * selectivity(w) / joined_share;
            step.filter = Some(self.push("Filter", || w.to_string(), rows));
        }
        step.work = step
            .work
            .max(self.rows * if applied { input.1 } else { 1.0 });
        if applied {
            let rows = self.rows.max(1.0) * input.1;
            let optional = self.push("Optional", String::new, self.rows.max(1.0));
            self.top = self
                .ops
                .add("Apply", String::new, rows, vec![input.0, optional]);
            self.rows = rows;
        } else if m.optional {
            self.push("Optional", String::new, self.rows.max(1.0));
        }
        step.top = self.top;
    }

    /// How part `index` of a MATCH is joined to the rows that reach it ([`JoinPlan`]): when
    /// it is one node, new to them and under a property map the same on every row, its
    /// nodes are matched once; with a key from the WHERE, hashed by it.
    fn join_plan(
        &self,
        index: usize,
        part: &PatternPart,
        conjuncts: &[&Expr],
        infallible: &[bool],
    ) -> Option<JoinPlan> {
        let node = &part.element.start;
        let own = node.variable.as_ref().map(|v| v.name.as_str());
        let alone = self.choices.cost_based
            && (index > 0 || !self.match_input.is_empty())
            && part.shortest.is_none()
            && part.element.chain.is_empty()
            && own.is_none_or(|own| !self.bound.contains(own))
            && node
                .properties
                .as_ref()
                .is_none_or(|p| is_constant(p, &|_| true));
        if !alone {
            return None;
        }
        let keys = own.map_or_else(Vec::new, |own| {
            join_keys(conjuncts, infallible, &self.bound, own)
        });
        // Without keys the part would be a product that compares every node with every
        // row; a range over a property of the node, from the rows' values, is sought per
        // row instead (in an index, or one built for the MATCH over many rows).
        let ranged = own.is_some_and(|own| sought_by_range(conjuncts, &self.bound, own));
        (!keys.is_empty() || !ranged).then_some(JoinPlan { keys })
    }

    /// `shortestPath(…)`: one operator for the whole part.
    fn shortest(&mut self, part: &PatternPart, ops: &mut PartOps) {
        let name = match part.shortest {
            Some(crate::query::ast::ShortestKind::All) => "AllShortestPaths",
            _ => "ShortestPath",
        };
        let op = self.push(name, || part.element.to_string(), self.rows);
        ops.moves.push(op);
        self.bind_part(part);
    }

    /// The moves from the start: forward to the last node, then back to the first.
    /// `skip`: a relationship the start has bound already; `distinct`: only distinct ends
    /// matter; `conjuncts`: the WHERE's.
    fn expansions(
        &mut self,
        part: &PatternPart,
        start: usize,
        skip: Option<usize>,
        (distinct, conjuncts): (bool, &[&Expr]),
        ops: &mut PartOps,
    ) {
        let chain = &part.element.chain;
        let bound = |pos: usize| {
            let node = node_at(part, pos);
            node.variable
                .as_ref()
                .is_some_and(|v| self.bound.contains(&v.name))
        };
        let (order, end) = match skip {
            // A relationship start binds both its ends; the rest goes on from them.
            Some(_) => super::move_order(chain.len(), start, |_| false),
            None => super::move_order(chain.len(), start, bound),
        };
        let mut reached: Vec<usize> = vec![start];
        reached.extend(end);
        // How each node position was reached, by relationship and direction of travel.
        let mut arrivals: Vec<Option<(&RelPattern, Direction)>> = vec![None; chain.len() + 1];
        // The rows there were when each node position was bound: at most so many distinct
        // nodes there, and rows sharing one come one after another.
        let mut bound_rows = vec![self.rows; chain.len() + 1];
        if let Some(rel) = skip {
            let pattern = &chain[rel].0;
            arrivals[rel + 1] = Some((pattern, pattern.direction));
            arrivals[rel] = Some((pattern, pattern.direction.reversed()));
        }
        let variable = |pos: usize| {
            node_at(part, pos)
                .variable
                .as_ref()
                .map(|v| v.name.as_str())
        };
        // A cycle's end is its start, with the start's labels and map.
        let cycle_end =
            end.filter(|&end| variable(end).is_some() && variable(end) == variable(start));
        if let (Some(end), Some(&(_, first))) = (cycle_end, order.first()) {
            // The rows reaching the cycle's end are as many as its start has relationships
            // of the first hop: it has, for what follows, arrived over that hop.
            if skip.is_none() {
                let rel = &chain[first.min(start)].0;
                let towards = if first > start {
                    rel.direction
                } else {
                    rel.direction.reversed()
                };
                arrivals[end] = Some((rel, towards.reversed()));
            }
        }
        let moves = order
            .iter()
            .filter(|&&(from, to)| Some(from.min(to)) != skip);
        let moves: Vec<(usize, usize)> = moves.copied().collect();
        let mut after_toward = false;
        let cheap_conditions =
            !self.choices.cost_based || conjuncts.iter().any(|c| compares_with_constant(c));
        for (at, &(from, to)) in moves.iter().enumerate() {
            let rel_at = from.min(to);
            let rel = &chain[rel_at].0;
            let node = |pos: usize| match cycle_end == Some(pos) {
                true => node_at(part, start),
                false => node_at(part, pos),
            };
            let (from_node, to_node) = (node(from), node(to));
            let bound_at = |pos: usize, reached: &[usize]| {
                reached.contains(&pos)
                    || (node_at(part, pos).variable.as_ref())
                        .is_some_and(|v| self.bound.contains(&v.name))
            };
            let into = bound_at(to, &reached);
            reached.push(to);
            let direction = travelled(rel, from, to);
            let (mut name, mut rows) =
                self.expand_estimate(self.rows, rel, (from_node, to_node), direction, into);
            if into && rows < self.rows * CLOSES_FIRST_SHARE && !cheap_conditions {
                ops.closes_first.push(at);
            }
            let pairs = into && self.closes_from_pairs(rel, bound_rows[to]);
            if pairs {
                name = "Expand(IntoPairs)";
                ops.into_pairs.push(rel_at);
            }
            if let Some(sought) = self.sought.take().filter(|_| at == 0 && !into) {
                rows = self
                    .sought_hop(&sought, rel, direction, to_node)
                    .unwrap_or(rows);
            }
            if after_toward {
                // The hop before kept only far nodes that lead here: most have one way.
                rows = self.rows;
            }
            let bias = arrivals[from].filter(|_| !into).map_or(1.0, |arrival| {
                self.degree_bias(from_node, arrival, (rel, direction))
            });
            rows *= bias;
            arrivals[to] = Some((rel, direction));
            if distinct && !into {
                // Each far end once per start: at most every node.
                let nodes = self.graph.node_count() as f64 * self.label_selectivity(to_node);
                rows = rows.min(self.rows * nodes);
                name = if rel.length.is_some() {
                    "VarLengthExpand(Pruning)"
                } else {
                    "Expand(Distinct)"
                };
            }
            let details = || {
                format!(
                    "{}{}{}",
                    node_text(node_at(part, from)),
                    rel_text(rel, direction),
                    node_text(node_at(part, to))
                )
            };
            // The next move closes into a bound node from this one's far end.
            let closing = moves.get(at + 1).filter(|&&(next_from, next_to)| {
                next_from == to && bound_at(next_to, &reached) && !distinct && !into
            });
            let toward = closing.and_then(|&(_, target)| {
                let next = &chain[to.min(target)].0;
                let hop = (rel, direction, bound_rows[from]);
                let onward = (next, travelled(next, to, target));
                let nodes = (from_node, to_node, node_at(part, target));
                self.toward(hop, onward, nodes, rows)
            });
            let far_join = (!into && !distinct && toward.is_none())
                .then(|| {
                    let hop = (rel_at, rel, direction, bias);
                    self.far_join(hop, (from_node, to_node), conjuncts)
                })
                .flatten();
            let last = at + 1 == moves.len() && far_join.is_none() && toward.is_none();
            let per_node = (last && !into && !distinct)
                .then(|| self.rows_per_node(part, (from, to), (rel_at, rows), conjuncts))
                .flatten();
            let reaching = self.rows;
            if let Some(counted) = &per_node {
                let node = || {
                    let keys = counted.keys.iter().map(|(v, k)| format!("{v}.{k}"));
                    let keys: Vec<String> = keys.collect();
                    match keys.is_empty() {
                        true => node_text(node_at(part, from)),
                        false => {
                            format!("{} by {}", node_text(node_at(part, from)), keys.join(", "))
                        }
                    }
                };
                let op = self.push("RowsPerNode", node, counted.groups);
                ops.rows_per_node = Some(RowsPerNode {
                    step: at,
                    op,
                    keys: counted.keys.clone(),
                    late: counted.late,
                });
            }
            let op = match (far_join, toward) {
                (None, None) if per_node.is_some() => {
                    // The hop walks from each node once; the rows stay as many.
                    let walked = self.rows * rows / reaching.max(1.0);
                    let op = self.push(name, details, walked);
                    self.rows = rows;
                    op
                }
                (Some(build), _) => {
                    self.rows = rows;
                    let join = vec![self.top, build.walk];
                    self.top = self.ops.add("NodeHashJoin", details, rows, join);
                    ops.far_joins.push(build);
                    self.top
                }
                (None, Some(kept)) => {
                    ops.towards.push(rel_at);
                    let target = closing.map_or(to, |&(_, target)| target);
                    let details = || {
                        let variable = node_at(part, target).variable.as_ref();
                        let toward = variable.map_or("", |v| v.name.as_str());
                        format!("{} toward ({toward})", details())
                    };
                    self.push("Expand(Toward)", details, kept)
                }
                (None, None) => self.push(name, details, rows),
            };
            after_toward = toward.is_some();
            bound_rows[to] = self.rows;
            ops.moves.push(op);
            for v in rel.variable.iter().chain(to_node.variable.iter()) {
                self.bound.insert(v.name.clone());
            }
        }
    }

    /// Whether the rows reaching a part's last hop are counted per node before it
    /// (`RowsPerNode`): when the projection may take repeated rows, and no earlier
    /// relationship can be the hop's (their types differ), the rows that share the near
    /// node and the values read after the hop lead to the same rows from there, so the hop
    /// walks from each such group once and hands on its rows with their count. What is
    /// read after the hop (by the projection, and by the WHERE's conjuncts that read what
    /// the hop binds) must read the earlier variables through their properties alone
    /// (`c.country`): those become the group's keys, and a row of the group stands for
    /// all. It pays where far more rows reach the hop than there are nodes for them to
    /// share, or where each row would walk many relationships (rows reaching a hub of high
    /// degree are many, and share it). Gives the groups estimated and the keys.
    fn rows_per_node(
        &self,
        part: &PatternPart,
        (from, to): (usize, usize),
        (rel_at, walked): (usize, f64),
        conjuncts: &[&Expr],
    ) -> Option<CountedPerNode> {
        let counted = self.repeatable.as_ref()?;
        let chain = &part.element.chain;
        let rel = &chain[rel_at].0;
        if !self.choices.cost_based || chain.len() < 2 || part.variable.is_some() {
            return None;
        }
        let hop_bound: Vec<&str> = (rel.variable.iter())
            .chain(node_at(part, to).variable.iter())
            .map(|v| v.name.as_str())
            .collect();
        let mut read = counted.projection.clone();
        let mut late = false;
        for conjunct in conjuncts {
            if read_variables(conjunct)
                .iter()
                .any(|v| hop_bound.contains(v))
            {
                late = true;
                shapes::reads_by_key(conjunct, &mut read);
            }
        }
        let earlier = (0..=chain.len())
            .filter(|&pos| pos != from && pos != to)
            .filter_map(|pos| node_at(part, pos).variable.as_ref())
            .chain(
                (chain.iter().enumerate())
                    .filter(|(at, _)| *at != rel_at)
                    .filter_map(|(_, (r, _))| r.variable.as_ref()),
            )
            .filter(|v| !self.match_input.contains(&v.name))
            .map(|v| v.name.as_str());
        let mut keys = Vec::new();
        for name in earlier {
            let Some(r) = read.iter().find(|r| r.name == name) else {
                continue;
            };
            let taken = r.keys.as_ref()?;
            keys.extend(taken.iter().map(|key| (name.to_owned(), key.clone())));
        }
        // Each earlier relationship of a type the hop cannot take: the hop never meets one.
        let apart = !rel.types.is_empty()
            && (chain.iter().enumerate())
                .filter(|(at, _)| *at != rel_at)
                .all(|(_, (r, _))| {
                    !r.types.is_empty() && r.types.iter().all(|t| !rel.types.contains(t))
                });
        if !apart || rel.length.is_some() {
            return None;
        }
        let near = node_at(part, from);
        let nodes = self.graph.node_count() as f64 * self.label_selectivity(near);
        let nodes = nodes.min(self.rows);
        let fan_out = walked / self.rows.max(1.0);
        let pays = match self.choices.hash_joins_from {
            Some(0) => true,
            _ => {
                self.rows >= ROWS_PER_NODE_FROM
                    && (self.rows > 2.0 * nodes || fan_out >= ROWS_PER_NODE_FAN_OUT)
            }
        };
        // Each key is taken to part a node's rows in two, as a rule of thumb.
        let groups = (nodes * 2f64.powi(keys.len() as i32)).min(self.rows);
        pays.then_some(CountedPerNode { groups, keys, late })
    }

    /// Whether a move into a bound node over `rel` is better closed from a table of every
    /// relationship of its types by their two ends, built once, than walked per row: where
    /// the rows reaching it are at least half as many as those relationships (a walk costs
    /// a few misses, the table one per relationship and a probe per row), and fewer than
    /// [`PAIRS_ROWS_PER_TARGET`] per bound node (`target_rows`: the rows there were when
    /// it was bound): rows sharing a node come one after another, and its relationships,
    /// walked for the first, are at hand for the next.
    fn closes_from_pairs(&self, rel: &RelPattern, target_rows: f64) -> bool {
        if !self.choices.cost_based || rel.length.is_some() || rel.types.is_empty() {
            return false;
        }
        let tabled: usize = rel.types.iter().map(|t| self.graph.type_count(t)).sum();
        let from = self.choices.hash_joins_from.unwrap_or(PAIRS_FROM) as f64;
        let spread = self.choices.hash_joins_from == Some(0)
            || self.rows < PAIRS_ROWS_PER_TARGET * target_rows.max(1.0);
        self.rows >= from && 2.0 * self.rows >= tabled as f64 && spread
    }

    /// Whether a single hop into a new node, whose next hop closes into a bound node, is
    /// better taken toward that node: from a table of the near node's two-hop neighbours
    /// (built once per near node, rows sharing one coming one after another), each row
    /// takes only the relationships whose far node leads on to its bound node, instead of
    /// walking all of them and checking each far node. It pays where the hop would walk
    /// far more relationships (`walked`, as estimated) than the tables hold. The hop is
    /// given with its direction of travel and the rows there were when its near node was
    /// bound; the next hop with its own. Gives the rows the hop is estimated to keep.
    fn toward(
        &self,
        (rel, direction, near_rows): (&RelPattern, Direction, f64),
        (next, onward): (&RelPattern, Direction),
        (near, middle, target): (&NodePattern, &NodePattern, &NodePattern),
        walked: f64,
    ) -> Option<f64> {
        if !self.choices.cost_based || rel.length.is_some() || next.length.is_some() {
            return None;
        }
        let per_near = self
            .expand_estimate(1.0, rel, (near, middle), direction, false)
            .1;
        let label_only = NodePattern {
            properties: None,
            ..target.clone()
        };
        let arrival = (rel, direction);
        let bias = self.degree_bias(middle, arrival, (next, onward));
        let per_middle =
            bias * (self.expand_estimate(1.0, next, (middle, &label_only), onward, false)).1;
        let tabled = near_rows * per_near * per_middle;
        let pays = match self.choices.hash_joins_from {
            Some(0) => true,
            from => walked >= from.unwrap_or(HASH_JOIN_FROM) as f64 && walked > 2.0 * tabled,
        };
        let kept = self
            .expand_estimate(walked, next, (middle, target), onward, true)
            .1;
        pays.then_some(kept.min(walked))
    }

    /// The build side of a hash join that closes a single, directed hop from its far end,
    /// when that costs less than walking the near nodes' relationships: the far node's
    /// candidates scanned once, kept under its own conditions (labels, property map, the
    /// WHERE's conjuncts on it alone) and walked back over the hop. It pays where many rows
    /// reach the hop and few far nodes pass their conditions. The hop is given by its
    /// relationship's position and pattern, the direction of travel and the degree bias at
    /// the near end.
    fn far_join(
        &mut self,
        (rel_at, rel, direction, bias): (usize, &RelPattern, Direction, f64),
        (from, to): (&NodePattern, &NodePattern),
        conjuncts: &[&Expr],
    ) -> Option<FarJoin> {
        if !self.choices.cost_based || rel.length.is_some() || direction == Direction::Both {
            return None;
        }
        let own_variable = to.variable.as_ref().map(|v| v.name.as_str());
        let own: Vec<&Expr> = conjuncts
            .iter()
            .copied()
            .filter(|c| {
                let read = read_variables(c);
                !read.is_empty() && read.iter().all(|v| Some(*v) == own_variable)
            })
            .collect();
        let constant_map = (to.properties.as_ref()).is_none_or(|p| is_constant(p, &|_| true));
        if !constant_map || (to.labels.is_empty() && to.properties.is_none() && own.is_empty()) {
            return None;
        }
        let bare = NodePattern {
            labels: Vec::new(),
            properties: None,
            ..to.clone()
        };
        // The WHERE's conjuncts on what is bound already are checked before the hop.
        let checked: f64 = (conjuncts.iter())
            .filter(|c| read_variables(c).iter().all(|v| self.bound.contains(*v)))
            .map(|c| selectivity(c))
            .product();
        let probes = self.rows * checked;
        let walked = bias * (self.expand_estimate(probes, rel, (from, &bare), direction, false)).1;
        let scanned = self
            .smallest_label(to)
            .map_or(self.graph.node_count() as f64, |(_, count)| count);
        let kept = scanned
            * own.iter().map(|c| selectivity(c)).product::<f64>()
            * if to.properties.is_some() { 0.1 } else { 1.0 };
        let label_only = NodePattern {
            properties: None,
            ..to.clone()
        };
        let near_bare = NodePattern {
            properties: None,
            ..from.clone()
        };
        let back = direction.reversed();
        let built = (self.expand_estimate(kept, rel, (&label_only, &near_bare), back, false)).1;
        let pays = match self.choices.hash_joins_from {
            Some(0) => true,
            from => {
                let from = from.unwrap_or(HASH_JOIN_FROM) as f64;
                // A scanned node is tested against its conditions, which costs about ten
                // times a walked relationship.
                walked >= from && walked > 4.0 * (10.0 * scanned + built + probes)
            }
        };
        if !pays {
            return None;
        }
        let scan_name = if to.labels.is_empty() {
            "AllNodesScan"
        } else {
            "NodeByLabelScan"
        };
        let scan = self
            .ops
            .add(scan_name, || node_text(&label_only), scanned, Vec::new());
        let mut conditions: Vec<String> = own.iter().map(ToString::to_string).collect();
        if let Some(map) = &to.properties {
            conditions.insert(0, format!("{} {map}", node_text(&label_only)));
        }
        let filter = (!conditions.is_empty()).then(|| {
            let details = || conditions.join(" AND ");
            self.ops.add("Filter", details, kept, vec![scan])
        });
        let walk_details = || {
            format!(
                "{}{}{}",
                node_text(to),
                rel_text(rel, back),
                node_text(from)
            )
        };
        let below = filter.unwrap_or(scan);
        let walk = self
            .ops
            .add("Expand(All)", walk_details, built, vec![below]);
        Some(FarJoin {
            rel: rel_at,
            scan,
            filter,
            walk,
        })
    }

    /// The graph's [`Graph::degree_bias`] at `node` for going on over `onward` after
    /// arriving over `arrival` (both as travelled), where both are single hops; 1 where
    /// it has none, and in a plan without statistics.
    fn degree_bias(
        &self,
        node: &NodePattern,
        (arrived, arrived_towards): (&RelPattern, Direction),
        (onward, onward_towards): (&RelPattern, Direction),
    ) -> f64 {
        if !self.choices.cost_based || arrived.length.is_some() || onward.length.is_some() {
            return 1.0;
        }
        let label = self.smallest_label(node).map(|(label, _)| label);
        let back = (arrived.types.as_slice(), arrived_towards.reversed().into());
        let on = (onward.types.as_slice(), onward_towards.into());
        self.graph.degree_bias(label, back, on).unwrap_or(1.0)
    }

    fn expand_estimate(
        &self,
        rows: f64,
        rel: &RelPattern,
        (from, to): (&NodePattern, &NodePattern),
        direction: Direction,
        into: bool,
    ) -> (&'static str, f64) {
        let nodes = self.graph.node_count().max(1) as f64;
        if rel.length.is_none() {
            if let Some(rows) = self.labelled_hop_estimate(rows, rel, (from, to), direction, into) {
                let name = if into { "Expand(Into)" } else { "Expand(All)" };
                return (name, rows);
            }
        }
        let mut degree = if rel.types.is_empty() {
            self.graph.relationship_count() as f64
        } else {
            rel.types
                .iter()
                .map(|t| self.graph.type_count(t) as f64)
                .sum()
        } / nodes;
        if direction == Direction::Both {
            degree *= 2.0;
        }
        if rel.properties.is_some() {
            degree *= 0.1;
        }
        let far = if into {
            1.0 / nodes
        } else {
            self.label_selectivity(to)
        };
        match rel.length {
            None => {
                let name = if into { "Expand(Into)" } else { "Expand(All)" };
                (name, rows * degree * far)
            }
            Some(range) => {
                let min = range.min.unwrap_or(1);
                let max = range.max.unwrap_or(ESTIMATED_HOPS).min(ESTIMATED_HOPS);
                let paths: f64 = (min..=max.max(min)).map(|k| degree.powi(k as i32)).sum();
                let name = if into {
                    "VarLengthExpand(Into)"
                } else {
                    "VarLengthExpand(All)"
                };
                (name, (rows * paths * far).min(rows * nodes))
            }
        }
    }

    /// The rows of one hop between labelled nodes, from the relationships the graph counts
    /// per (start label, type, end label): those from the near end's smallest label to the
    /// far end's, shared among the near end's nodes. `None` when neither end has a label
    /// (the type counts say as much).
    fn labelled_hop_estimate(
        &self,
        rows: f64,
        rel: &RelPattern,
        (from, to): (&NodePattern, &NodePattern),
        direction: Direction,
        into: bool,
    ) -> Option<f64> {
        let (near, far) = (self.smallest_label(from), self.smallest_label(to));
        if near.is_none() && far.is_none() {
            return None;
        }
        let nodes = self.graph.node_count().max(1) as f64;
        let types: Vec<Option<&str>> = if rel.types.is_empty() {
            vec![None]
        } else {
            rel.types.iter().map(|t| Some(t.as_str())).collect()
        };
        let (near_label, far_label) = (near.map(|n| n.0), far.map(|f| f.0));
        let between = |start, end| -> f64 {
            let count = |t: &Option<&str>| self.graph.relationships_between(start, *t, end);
            types.iter().map(count).sum::<u64>() as f64
        };
        let relationships = match direction {
            Direction::Outgoing => between(near_label, far_label),
            Direction::Incoming => between(far_label, near_label),
            Direction::Both => between(near_label, far_label) + between(far_label, near_label),
        };
        let per_near = relationships / near.map_or(nodes, |n| n.1);
        let mut rows = rows * per_near;
        if into {
            // The far end is one node of its label (or of all).
            rows /= far.map_or(nodes, |f| f.1);
        } else if to.properties.is_some() {
            rows *= 0.1;
        }
        if rel.properties.is_some() {
            rows *= 0.1;
        }
        Some(rows)
    }

    /// A node pattern's label with the fewest nodes, with their count.
    fn smallest_label<'n>(&self, node: &'n NodePattern) -> Option<(&'n str, f64)> {
        let label = (node.labels.iter()).min_by_key(|l| self.graph.label_count(l))?;
        Some((label.as_str(), self.graph.label_count(label).max(1) as f64))
    }

    /// The share of all nodes a node pattern's labels and properties let through.
    fn label_selectivity(&self, node: &NodePattern) -> f64 {
        let nodes = self.graph.node_count().max(1) as f64;
        let by_label = node
            .labels
            .iter()
            .map(|l| self.graph.label_count(l) as f64 / nodes)
            .fold(1.0, f64::min);
        by_label * if node.properties.is_some() { 0.1 } else { 1.0 }
    }

    /// The node position to start a part at, the cheapest to enumerate, with how it is
    /// reached and about how many candidates it has.
    fn choose_start(
        &self,
        part: &PatternPart,
        bound: &Bound,
        hints: &Hints<'_>,
        first_conjunct: Option<&[String]>,
    ) -> (usize, Access, f64) {
        let positions = if self.choices.cost_based {
            part.element.chain.len() + 1
        } else {
            1
        };
        let by_node = (0..positions).map(|pos| {
            let (cost, access, rows) = self.access(part, pos, bound, hints, first_conjunct);
            (pos, cost, access, rows)
        });
        let rels = if self.choices.cost_based {
            part.element.chain.len()
        } else {
            0
        };
        let by_relationship = (0..rels).filter_map(|rel| {
            let (cost, rows) = self.relationship_scan(part, rel, bound, hints)?;
            Some((rel, cost, Access::RelationshipTypeScan { rel }, rows))
        });
        // Where no start binds what every map reads first, the cheapest is taken anyway.
        let orders = MapOrders::of(part, bound);
        let starts: Vec<_> = by_node.chain(by_relationship).collect();
        let allowed = starts
            .iter()
            .filter(|(pos, _, access, _)| orders.allows(*pos, access));
        let cheapest = |a: &&(usize, f64, Access, f64), b: &&(usize, f64, Access, f64)| {
            a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))
        };
        allowed
            .min_by(cheapest)
            .or_else(|| starts.iter().min_by(cheapest))
            .cloned()
            .map_or((0, Access::AllNodes, 1.0), |(pos, _, access, rows)| {
                (pos, access, rows)
            })
    }

    /// Starting at relationship position `rel` by a scan of its one type: (cost, rows).
    /// Its ends come with each relationship, so a relationship costs half what a node
    /// does (whose relationships must still be walked); an end that is bound already, or
    /// a variable length, leaves it to the nodes.
    fn relationship_scan(
        &self,
        part: &PatternPart,
        rel: usize,
        bound: &Bound,
        hints: &Hints<'_>,
    ) -> Option<(f64, f64)> {
        let (pattern, right) = part.element.chain.get(rel)?;
        let left = node_at(part, rel);
        let is_bound =
            |n: &NodePattern| n.variable.as_ref().is_some_and(|v| bound.contains(&v.name));
        let rel_bound = pattern
            .variable
            .as_ref()
            .is_some_and(|v| bound.contains(&v.name));
        if pattern.length.is_some() || is_bound(left) || is_bound(right) || rel_bound {
            return None;
        }
        // Relationships of any type, or of several, are scanned only between anonymous
        // nodes: rows of a named node come grouped by it from walks, which what reads it
        // (groups, DISTINCT, the order of ties) is often worth more than the scan.
        let named = left.variable.is_some() || right.variable.is_some();
        let aggregated = part.element.chain.len() == 1
            && !pattern.types.is_empty()
            && (pattern.variable.as_ref())
                .is_some_and(|v| self.aggregated.as_ref() == Some(&v.name))
            && [left, right].iter().all(|n| n.properties.is_none());
        if pattern.types.len() != 1 && named && !aggregated {
            return None;
        }
        let rows = self.first_hop_relationships(part, rel);
        let kept = own_selectivity(
            pattern.variable.as_ref(),
            pattern.properties.as_ref(),
            hints,
            &|_, _| None,
        );
        // Aggregated from columns, a relationship kept costs about what reading one does.
        let per_kept = if aggregated { SCAN_READ } else { 0.5 };
        Some((10.0 + rows * (kept * per_kept + SCAN_READ), rows))
    }

    /// The nodes a start seeks by name, when every name is known while planning (a literal
    /// or a parameter, in the WHERE or the node's map).
    fn sought_nodes(&self, node: &NodePattern, hints: &Hints<'_>) -> Option<Vec<NodeId>> {
        let conditions = (node.variable.as_ref()).and_then(|v| hints.properties.get(&v.name));
        // The name sought, and whether it is a list of names (`IN`).
        let from_where = conditions.into_iter().flatten().find_map(|(k, c)| match c {
            _ if !is_indexed_name(k) => None,
            Condition::Equal(e) => Some((*e, false)),
            Condition::In(e) => Some((*e, true)),
            _ => None,
        });
        let from_map = || Some((name_in_map(node.properties.as_ref()?, &|_| true)?, false));
        let (sought, listed) = from_where.or_else(from_map)?;
        let value = known_value(sought, self.params)?;
        let names: Vec<&Value> = match (&*value, listed) {
            (Value::List(items), true) => items.iter().collect(),
            (one, false) => vec![one],
            (_, true) => return None,
        };
        let mut ids = Vec::new();
        for name in names {
            let Value::String(name) = name else {
                return None;
            };
            ids.extend(self.graph.nodes_named(&normalize_name(name)));
        }
        Some(ids)
    }

    /// The rows of a single hop from nodes sought by name, from their own degrees in the
    /// hop's types and direction rather than the average's (a hub has thousands).
    fn sought_hop(
        &self,
        sought: &[NodeId],
        rel: &RelPattern,
        direction: Direction,
        to: &NodePattern,
    ) -> Option<f64> {
        if rel.length.is_some() || sought.is_empty() {
            return None;
        }
        let types = (!rel.types.is_empty()).then(|| self.graph.type_ids(&rel.types));
        let degrees: usize = (sought.iter())
            .map(|&id| {
                self.graph
                    .degree_of_types(id, direction.into(), types.as_deref())
            })
            .sum();
        let per_start = degrees as f64 / sought.len() as f64;
        let kept = if rel.properties.is_some() { 0.1 } else { 1.0 };
        Some(self.rows * per_start * kept * self.label_selectivity(to))
    }

    /// How node position `pos` would be reached: (cost, access, candidates).
    fn access(
        &self,
        part: &PatternPart,
        pos: usize,
        bound: &Bound,
        hints: &Hints<'_>,
        first_conjunct: Option<&[String]>,
    ) -> (f64, Access, f64) {
        let node = node_at(part, pos);
        if let Some(v) = &node.variable {
            if bound.contains(&v.name) {
                return (0.0, Access::Argument, 1.0);
            }
            if hints.ids.contains_key(&v.name) {
                return (1.0, Access::IdSeek, 1.0);
            }
            let named = hints.properties.get(&v.name).and_then(|ps| {
                ps.iter().find_map(|(k, c)| match c {
                    _ if !is_indexed_name(k) => None,
                    Condition::Equal(_) => Some(1.0),
                    Condition::In(list) => Some(values_listed(list, self.params)),
                    _ => None,
                })
            });
            if let Some(names) = named {
                return (1.0 + names, Access::NameSeek, names);
            }
        }
        let known = |e: &Expr| known_with(e, &self.match_input);
        if node
            .properties
            .as_ref()
            .is_some_and(|p| name_in_map(p, &known).is_some())
        {
            return (2.0, Access::NameSeek, 1.0);
        }
        if let Some((index, rows)) = self.index_seek(part, pos, hints) {
            return (3.0 + rows, Access::IndexSeek(index), rows);
        }
        let (access, all) = self.scan(node, hints);
        // Conditions on the start's own properties prune it before any expansion: the
        // pattern's map, and the WHERE's comparisons with values known before the match
        // (checked at the start, out of turn if need be), or else its first conjunct.
        let filtered = node.variable.as_ref().is_some_and(|v| {
            first_conjunct.is_some_and(|vars| vars.len() == 1 && vars[0] == v.name)
        });
        let label = self.smallest_label(node).map(|(label, _)| label);
        let share = |key: &str, value: &Expr| {
            let value = known_value(value, self.params)?;
            self.choices
                .cost_based
                .then(|| self.graph.equal_share(label, key, &value))
                .flatten()
        };
        let mut kept = own_selectivity(
            node.variable.as_ref(),
            node.properties.as_ref(),
            hints,
            &share,
        );
        if filtered && kept == 1.0 {
            kept = 0.5;
        }
        let grouped = (node.variable.as_ref())
            .is_some_and(|v| self.grouped_by.as_deref() == Some(v.name.as_str()));
        let grouped_share = if grouped { GROUPED_START_SHARE } else { 1.0 };
        // Every node, none ruled out and none named: its first hop then walks every
        // relationship of the hop's types, which a relationship scan reads at half the
        // cost each instead. (A named node's rows come grouped by it from its own scan,
        // which what reads it may be worth more than the walk.)
        let walk = match (&access, kept == 1.0 && node.variable.is_none()) {
            (Access::AllNodes, true) => self.first_hop_relationships(part, pos) * 0.5,
            _ => 0.0,
        };
        (
            10.0 + all * (kept + SCAN_READ) * grouped_share + walk,
            access,
            all,
        )
    }

    /// How many relationships the first hop from node position `pos` may take, by its
    /// types and direction (0 for a part without relationships).
    fn first_hop_relationships(&self, part: &PatternPart, pos: usize) -> f64 {
        let chain = &part.element.chain;
        let Some((rel, _)) = chain.get(pos).or(chain.last()) else {
            return 0.0;
        };
        let count = match rel.types.as_slice() {
            [] => self.graph.relationship_count(),
            types => types.iter().map(|t| self.graph.type_count(t)).sum(),
        } as f64;
        match rel.direction {
            Direction::Both => 2.0 * count,
            _ => count,
        }
    }

    /// A scan of the smallest of a node's labels, or of the labels one of which the WHERE
    /// asks of it, or of all nodes, with its size.
    fn scan(&self, node: &NodePattern, hints: &Hints<'_>) -> (Access, f64) {
        let smallest = node
            .labels
            .iter()
            .map(|l| (l, self.graph.label_count(l)))
            .min_by_key(|(_, n)| *n);
        let union = node
            .variable
            .as_ref()
            .and_then(|v| hints.label_unions.get(&v.name));
        match (smallest, union) {
            (Some((label, n)), _) => (Access::LabelScan(label.clone()), n as f64),
            (None, Some(labels)) => {
                let n: usize = labels.iter().map(|l| self.graph.label_count(l)).sum();
                let labels = labels.iter().map(|l| (*l).to_owned()).collect();
                (Access::LabelUnion(labels), n as f64)
            }
            (None, None) => (Access::AllNodes, self.graph.node_count() as f64),
        }
    }

    /// The cheapest property index that answers conditions on position `pos` (its node's
    /// labels, or the type of a one-hop relationship beside it), with its estimate.
    fn index_seek(
        &self,
        part: &PatternPart,
        pos: usize,
        hints: &Hints<'_>,
    ) -> Option<(String, f64)> {
        let indexes = self.graph.property_indexes();
        if indexes.is_empty() {
            return None;
        }
        let node = node_at(part, pos);
        let chain = &part.element.chain;
        let mut searches = vec![(
            self.conditions(node.variable.as_ref(), node.properties.as_ref(), hints),
            true,
            &node.labels,
        )];
        let beside = [pos.checked_sub(1), (pos < chain.len()).then_some(pos)];
        for rel in beside.into_iter().flatten().map(|at| &chain[at].0) {
            if rel.types.len() == 1 && rel.length.is_none() {
                searches.push((
                    self.conditions(rel.variable.as_ref(), rel.properties.as_ref(), hints),
                    false,
                    &rel.types,
                ));
            }
        }
        let mut best: Option<(String, f64)> = None;
        for (conditions, for_nodes, names) in searches {
            for index in indexes {
                if index.def.is_for_nodes() != for_nodes
                    || !names.iter().any(|n| n == index.def.label_or_type())
                {
                    continue;
                }
                let Some(rows) = seek_estimate(index, &conditions, self.params) else {
                    continue;
                };
                if best.as_ref().is_none_or(|(_, b)| rows < *b) {
                    best = Some((index.def.name.clone(), rows));
                }
            }
        }
        best
    }

    /// The conditions on an entity's properties: from the WHERE, and from its pattern map
    /// where the value is known before the match.
    fn conditions<'e>(
        &self,
        variable: Option<&crate::query::ast::Variable>,
        props: Option<&'e Expr>,
        hints: &Hints<'e>,
    ) -> Vec<(String, Condition<'e>)> {
        let mut found = Vec::new();
        if let Some(v) = variable.filter(|v| !self.bound.contains(&v.name)) {
            if let Some(conds) = hints.properties.get(&v.name) {
                found.extend(conds.iter().cloned());
            }
        }
        if let Some(ExprKind::Map(entries)) = props.map(|p| &p.kind) {
            for (key, value) in entries {
                if known_with(value, &self.bound) {
                    found.push((key.clone(), Condition::Equal(value)));
                }
            }
        }
        found
    }

    /// The operators of a WITH or RETURN over the current rows; returns the last.
    /// The operators that run the subqueries inside `exprs` for each row, over the rows
    /// so far: `SemiApply` (`AntiSemiApply` under NOT) for existence, `Apply` for a
    /// count, `RollUpApply` for a list; each with the subquery's plan as its right child.
    fn subqueries(&mut self, exprs: Vec<&'q Expr>) {
        for root in exprs {
            let mut found: Vec<(&'q Expr, bool)> = Vec::new();
            let mut locals = Bound::new();
            visit(root, &mut |e| match &e.kind {
                ExprKind::Subquery(_) if !found.iter().any(|(f, _)| f.span == e.span) => {
                    found.push((e, false))
                }
                ExprKind::Unary(UnaryOp::Not, inner)
                    if matches!(inner.kind, ExprKind::Subquery(_)) =>
                {
                    found.push((inner, true))
                }
                _ => {
                    if let Some(scope) = local_scope(e) {
                        locals.extend(scope.names.into_iter().map(str::to_owned));
                    }
                }
            });
            for (e, negated) in found {
                let ExprKind::Subquery(subquery) = &e.kind else {
                    continue;
                };
                let mut bound = self.bound.clone();
                bound.extend(locals.iter().cloned());
                let mut body = self.plan_body(&subquery.body, bound.clone());
                if self.choices.cost_based {
                    if let Some(probe) = shapes::degree_probe(subquery, &bound) {
                        let details = || probe.pattern.clone();
                        body.top = self.ops.add("GetDegree", details, 1.0, Vec::new());
                        body.plan.degree = Some(probe);
                    }
                }
                let name = match subquery.kind {
                    SubqueryKind::Exists | SubqueryKind::Pattern if negated => "AntiSemiApply",
                    SubqueryKind::Exists | SubqueryKind::Pattern => "SemiApply",
                    SubqueryKind::Count => "Apply",
                    SubqueryKind::Collect | SubqueryKind::Comprehension => "RollUpApply",
                };
                let children = vec![self.top, body.top];
                self.top = self.ops.add(name, || e.to_string(), self.rows, children);
                self.subplans.push((e.span, body.plan));
            }
        }
    }

    /// Plans a subquery's body from the variables `bound` where it runs, keeping the
    /// plans of the subqueries inside it.
    fn plan_body(&mut self, body: &'q Statement, bound: Bound) -> Planned<'q> {
        let mut planned = plan_queries(
            (self.graph, self.params),
            self.ops,
            self.choices,
            body,
            bound,
        );
        self.subplans.append(&mut planned.subplans);
        planned
    }

    /// `CALL { … }`: an `Apply` of its body for each row; a body that starts with WITH
    /// sees the rows' variables, and a RETURN's columns join them.
    fn call_subquery(&mut self, c: &'q CallSubquery) {
        let bound = if c.imports() {
            self.bound.clone()
        } else {
            Bound::new()
        };
        let body = self.plan_body(&c.body, bound);
        let rows = if body.returned {
            self.rows * self.ops.estimate(body.top).max(1.0)
        } else {
            self.rows
        };
        let children = vec![self.top, body.top];
        let details = || format!("CALL {{ {} }}", c.body);
        self.top = self.ops.add("Apply", details, rows, children);
        self.rows = rows;
        if body.returned {
            self.bound.extend(body.bound);
        }
        self.subplans.push((c.span, body.plan));
    }

    fn projection(&mut self, p: &'q Projection, returns: bool) -> OpId {
        self.subqueries(projection_expressions(p));
        let aggregates: Vec<String> = p
            .items
            .iter()
            .filter(|i| contains_aggregate(&i.expr))
            .map(|i| i.column_name().to_owned())
            .collect();
        let items: Vec<String> = p.items.iter().map(|i| i.column_name().to_owned()).collect();
        if aggregates.is_empty() {
            let details = || {
                if p.star {
                    "*".to_owned()
                } else {
                    items.join(", ")
                }
            };
            self.push("Projection", details, self.rows);
        } else {
            let keys: Vec<&String> = items.iter().filter(|i| !aggregates.contains(i)).collect();
            let rows = if keys.is_empty() {
                1.0
            } else {
                self.rows.sqrt().max(1.0).min(self.rows)
            };
            let details = || {
                let grouping = if keys.is_empty() {
                    String::new()
                } else {
                    format!("by {}: ", listed(&keys))
                };
                format!("{grouping}{}", aggregates.join(", "))
            };
            self.push("Aggregation", details, rows);
        }
        if p.distinct {
            self.push("Distinct", String::new, self.rows * 0.7);
        }
        if let Some(w) = &p.where_clause {
            let rows = self.rows * selectivity(w);
            self.push("Filter", || w.to_string(), rows);
        }
        let literal = |e: &Option<Expr>| match e.as_ref().map(|e| &e.kind) {
            Some(ExprKind::Literal(Literal::Integer(n))) => Some((*n).max(0) as f64),
            _ => None,
        };
        let order = || listed(&p.order_by);
        match (&p.order_by.is_empty(), &p.limit) {
            (false, Some(limit)) => {
                let keep = literal(&p.limit).unwrap_or(self.rows) + literal(&p.skip).unwrap_or(0.0);
                self.push(
                    "Top",
                    || format!("{} LIMIT {limit}", order()),
                    self.rows.min(keep),
                );
            }
            (false, None) => {
                self.push("Sort", order, self.rows);
            }
            _ => {}
        }
        if let Some(skip) = &p.skip {
            let rows = (self.rows - literal(&p.skip).unwrap_or(0.0)).max(0.0);
            self.push("Skip", || skip.to_string(), rows);
        }
        if let (Some(limit), true) = (&p.limit, p.order_by.is_empty()) {
            let rows = self.rows.min(literal(&p.limit).unwrap_or(self.rows));
            self.push("Limit", || limit.to_string(), rows);
        }
        let mut next = if p.star {
            self.bound.clone()
        } else {
            Bound::new()
        };
        next.extend(items);
        self.bound = next;
        self.returned |= returns;
        self.top
    }
}

/// The variables of a pattern part that its property maps read, by node and relationship
/// position, among those the part itself binds: a map is evaluated when its node or
/// relationship is bound, so a start must bind what each map reads before it.
struct MapOrders<'p> {
    part: &'p PatternPart,
    bound: &'p Bound,
    /// Per node position, then per relationship position, the part's variables its map
    /// reads; empty where no map reads any.
    nodes: Vec<Vec<String>>,
    rels: Vec<Vec<String>>,
}

impl<'p> MapOrders<'p> {
    fn of(part: &'p PatternPart, bound: &'p Bound) -> MapOrders<'p> {
        let chain = &part.element.chain;
        let mut own: Vec<&str> = Vec::new();
        own.extend(part.element.start.variable.iter().map(|v| v.name.as_str()));
        for (rel, node) in chain {
            own.extend(rel.variable.iter().map(|v| v.name.as_str()));
            own.extend(node.variable.iter().map(|v| v.name.as_str()));
        }
        let reads = |props: Option<&Expr>| -> Vec<String> {
            let read = props.map(read_variables).unwrap_or_default();
            (read.into_iter())
                .filter(|v| own.contains(v) && !bound.contains(*v))
                .map(str::to_owned)
                .collect()
        };
        MapOrders {
            part,
            bound,
            nodes: (0..=chain.len())
                .map(|pos| reads(node_at(part, pos).properties.as_ref()))
                .collect(),
            rels: chain
                .iter()
                .map(|(rel, _)| reads(rel.properties.as_ref()))
                .collect(),
        }
    }

    /// Whether starting at node position `pos` (or at the relationship a scan starts
    /// from) binds what every map reads before the map is evaluated.
    fn allows(&self, pos: usize, access: &Access) -> bool {
        if self.nodes.iter().chain(&self.rels).all(Vec::is_empty) {
            return true;
        }
        let part = self.part;
        let len = part.element.chain.len();
        let mut bound: Vec<&str> = Vec::new();
        let node_var = |pos: usize| {
            node_at(part, pos)
                .variable
                .as_ref()
                .map(|v| v.name.as_str())
        };
        let rel_var = |rel: usize| {
            let variable = part
                .element
                .chain
                .get(rel)
                .and_then(|(r, _)| r.variable.as_ref());
            variable.map(|v| v.name.as_str())
        };
        let holds =
            |reads: &[String], bound: &[&str]| reads.iter().all(|v| bound.contains(&v.as_str()));
        let moves: Vec<(usize, usize)> = match access {
            Access::RelationshipTypeScan { rel } => {
                // The scan binds both ends and the relationship together, testing each
                // as it goes: none of their maps may read another.
                let first = [&self.nodes[*rel], &self.rels[*rel], &self.nodes[rel + 1]];
                if !first.iter().all(|reads| reads.is_empty()) {
                    return false;
                }
                bound.extend(
                    [node_var(*rel), rel_var(*rel), node_var(rel + 1)]
                        .into_iter()
                        .flatten(),
                );
                let forward = (rel + 1..len).map(|j| (j, j + 1));
                forward.chain((0..*rel).rev().map(|j| (j + 1, j))).collect()
            }
            _ => {
                bound.extend(node_var(pos));
                if !holds(&self.nodes[pos], &bound) {
                    return false;
                }
                let at_start = |p: usize| {
                    (node_at(part, p).variable.as_ref())
                        .is_some_and(|v| self.bound.contains(&v.name))
                };
                super::move_order(len, pos, at_start).0
            }
        };
        for (from, to) in moves {
            let rel = from.min(to);
            bound.extend(rel_var(rel));
            if !holds(&self.rels[rel], &bound) {
                return false;
            }
            bound.extend(node_var(to));
            if !holds(&self.nodes[to], &bound) {
                return false;
            }
        }
        true
    }
}

fn node_at(part: &PatternPart, pos: usize) -> &NodePattern {
    match pos.checked_sub(1) {
        None => &part.element.start,
        Some(at) => part
            .element
            .chain
            .get(at)
            .map_or(&part.element.start, |(_, n)| n),
    }
}

/// Whether the matcher finds each far end of the pattern's one relationship once (its
/// consumer sees rows as a set and reads neither the relationship nor a path), by a
/// search over nodes rather than trail by trail: for variable lengths, when the lower
/// bound is at most 1, or for a directed `*2..2`.
fn distinct_ends(m: &Match, part: &PatternPart, as_set: Option<&AsSet>) -> bool {
    let Some(as_set) = as_set else {
        return false;
    };
    let unread =
        |v: Option<&crate::query::ast::Variable>| v.is_none_or(|v| as_set.unseen.contains(&v.name));
    let [(rel, _)] = part.element.chain.as_slice() else {
        return false;
    };
    let searchable = match rel.length {
        None => true,
        Some(range) => {
            let min = range.min.unwrap_or(1);
            range.max.is_some()
                && (min <= 1
                    || (min == 2 && range.max == Some(2) && rel.direction != Direction::Both))
        }
    };
    m.pattern.len() == 1
        && part.shortest.is_none()
        && unread(part.variable.as_ref())
        && unread(rel.variable.as_ref())
        && rel.properties.is_none()
        && searchable
}

/// `(n:Label)` without the property map: what an operator's details show of a node.
/// The direction a relationship pattern is travelled in, from node position `from` to `to`.
fn travelled(rel: &RelPattern, from: usize, to: usize) -> Direction {
    if to == from + 1 {
        rel.direction
    } else {
        rel.direction.reversed()
    }
}

fn node_text(node: &NodePattern) -> String {
    let mut text = String::from("(");
    if let Some(v) = &node.variable {
        text.push_str(&v.name);
    }
    for label in &node.labels {
        text.push(':');
        text.push_str(label);
    }
    text.push(')');
    text
}

/// `-[r:T*1..3]->` as followed in `direction`.
fn rel_text(rel: &RelPattern, direction: Direction) -> String {
    let mut inner = rel
        .variable
        .as_ref()
        .map_or(String::new(), |v| v.name.clone());
    if !rel.types.is_empty() {
        inner.push(':');
        inner.push_str(&rel.types.join("|"));
    }
    if let Some(range) = rel.length {
        inner.push('*');
        if let Some(min) = range.min {
            inner.push_str(&min.to_string());
        }
        if range.min != range.max || range.min.is_none() {
            inner.push_str("..");
            if let Some(max) = range.max {
                inner.push_str(&max.to_string());
            }
        }
    }
    match direction {
        Direction::Outgoing => format!("-[{inner}]->"),
        Direction::Incoming => format!("<-[{inner}]-"),
        Direction::Both => format!("-[{inner}]-"),
    }
}

/// The share of candidates a node's or relationship's own conditions keep: each entry of
/// its pattern map, and each of the WHERE's conditions on its properties with a value
/// known before the match. `share` measures an equality of a property with a literal
/// where it can (a tenth where it cannot).
fn own_selectivity(
    variable: Option<&crate::query::ast::Variable>,
    properties: Option<&Expr>,
    hints: &Hints<'_>,
    share: &dyn Fn(&str, &Expr) -> Option<f64>,
) -> f64 {
    let equal = |key: &str, value: &Expr| share(key, value).unwrap_or(0.1);
    let mut kept = 1.0;
    if let Some(ExprKind::Map(entries)) = properties.map(|p| &p.kind) {
        for (key, value) in entries {
            kept *= equal(key, value);
        }
    }
    let conditions = variable
        .and_then(|v| hints.properties.get(&v.name))
        .into_iter()
        .flatten();
    for (key, condition) in conditions {
        kept *= match condition {
            Condition::Equal(value) => equal(key, value),
            other => condition_selectivity(other),
        };
    }
    kept
}

/// The share of entities a condition on a property keeps, by a rule of thumb where no
/// sample measures it: equality (with a value unknown when planning) a tenth, a range or a
/// list a third.
fn condition_selectivity(condition: &Condition<'_>) -> f64 {
    match condition {
        Condition::Equal(_) | Condition::Prefix(_) => 0.1,
        Condition::In(_) | Condition::Above(..) | Condition::Below(..) => 0.3,
    }
}

/// Whether `access` hands on every node of its labels, not only those its map names.
fn scans_all(access: &Access) -> bool {
    matches!(
        access,
        Access::LabelScan(_) | Access::LabelUnion(_) | Access::AllNodes
    )
}

fn access_name(access: &Access, part: &PatternPart) -> Option<&'static str> {
    Some(match access {
        Access::Argument => return None,
        Access::RelationshipTypeScan { rel } => {
            let scanned = part.element.chain.get(*rel).map(|(r, _)| r);
            let undirected = scanned.is_some_and(|r| r.direction == Direction::Both);
            match (scanned.map_or(0, |r| r.types.len()), undirected) {
                (0, false) => "DirectedAllRelationshipsScan",
                (0, true) => "UndirectedAllRelationshipsScan",
                (1, false) => "DirectedRelationshipTypeScan",
                (1, true) => "UndirectedRelationshipTypeScan",
                (_, false) => "DirectedUnionRelationshipTypesScan",
                (_, true) => "UndirectedUnionRelationshipTypesScan",
            }
        }
        Access::IdSeek => "NodeByIdSeek",
        Access::NameSeek => "NodeByNameSeek",
        Access::IndexSeek(_) => "NodeIndexSeek",
        Access::LabelScan(_) => "NodeByLabelScan",
        Access::LabelUnion(_) => "UnionNodeByLabelsScan",
        Access::AllNodes => "AllNodesScan",
    })
}

fn access_details(access: &Access, part: &PatternPart, node: &NodePattern) -> String {
    let name = node.variable.as_ref().map_or("", |v| v.name.as_str());
    match access {
        Access::RelationshipTypeScan { rel } => match part.element.chain.get(*rel) {
            Some((r, right)) => format!(
                "{}{}{}",
                node_text(node),
                rel_text(r, r.direction),
                node_text(right)
            ),
            None => String::new(),
        },
        Access::IndexSeek(index) => format!("{} by index {index}", node_text(node)),
        Access::LabelScan(label) => format!("({name}:{label})"),
        Access::LabelUnion(labels) => format!("({name}:{})", labels.join("|")),
        _ => node_text(node),
    }
}

/// About how many entries a seek of `index` for `conditions` finds; `None` when the
/// conditions do not let it seek.
fn seek_estimate(
    index: &crate::graph::property_index::PropertyIndex,
    conditions: &[(String, Condition<'_>)],
    params: &Params,
) -> Option<f64> {
    let entries = index.len() as f64;
    let per_key = entries / index.distinct_keys().max(1) as f64;
    let on = |key: &str| -> Vec<&Condition<'_>> {
        conditions
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, c)| c)
            .collect()
    };
    let mut rows = per_key;
    for key in &index.def.keys {
        let equal = on(key).into_iter().find_map(|c| match c {
            Condition::Equal(_) => Some(1.0),
            Condition::In(list) => Some(values_listed(list, params)),
            _ => None,
        });
        match equal {
            Some(times) => rows *= times,
            None if index.def.keys.len() == 1 => {
                return on(key).into_iter().find_map(|c| match c {
                    Condition::Prefix(_) => Some(entries / 10.0),
                    Condition::Above(..) | Condition::Below(..) => Some(entries / 3.0),
                    _ => None,
                });
            }
            None => return None,
        }
    }
    Some(rows)
}

/// The conjuncts `x = y` of a WHERE with one side reading only variables in `bound`
/// (some) and the other only `own`, up to the first other conjunct that can fail.
fn join_keys(conjuncts: &[&Expr], infallible: &[bool], bound: &Bound, own: &str) -> Vec<JoinKey> {
    let reads_bound = |e: &Expr| {
        let read = read_variables(e);
        !read.is_empty() && read.iter().all(|v| bound.contains(*v))
    };
    let reads_own = |e: &Expr| read_variables(e) == [own];
    let mut keys = Vec::new();
    for (at, conjunct) in conjuncts.iter().enumerate() {
        let key = match &conjunct.kind {
            ExprKind::Binary(BinaryOp::Eq, l, r) if reads_bound(l) && reads_own(r) => Some(false),
            ExprKind::Binary(BinaryOp::Eq, l, r) if reads_own(l) && reads_bound(r) => Some(true),
            _ => None,
        };
        if let Some(own_left) = key {
            keys.push(JoinKey {
                conjunct: at,
                own_left,
            });
        }
        // A key after a conjunct that may fail would pass over rows the WHERE raises on.
        if !infallible.get(at).copied().unwrap_or(false) {
            break;
        }
    }
    keys
}

/// Whether a conjunct bounds a property of `own` by a range or prefix whose other side
/// reads only variables bound before (`n.founded >= start`, `n.name STARTS WITH p`).
fn sought_by_range(conjuncts: &[&Expr], bound: &Bound, own: &str) -> bool {
    let reads_bound = |e: &Expr| {
        let read = read_variables(e);
        !read.is_empty() && read.iter().all(|v| bound.contains(*v) && *v != own)
    };
    let own_property = |e: &Expr| match &e.kind {
        ExprKind::Property(target, _) => {
            matches!(&target.kind, ExprKind::Variable(name) if name == own)
        }
        _ => false,
    };
    conjuncts.iter().any(|conjunct| match &conjunct.kind {
        ExprKind::Binary(BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge, l, r) => {
            (own_property(l) && reads_bound(r)) || (reads_bound(l) && own_property(r))
        }
        ExprKind::Binary(BinaryOp::StartsWith, l, r) => own_property(l) && reads_bound(r),
        _ => false,
    })
}

/// The variables a MATCH binds that only ever hold one of its nodes or relationships: not
/// a path, not the list of a variable-length relationship, nothing bound before it.
fn match_entities<'m>(m: &'m Match, before: &Bound) -> Vec<&'m str> {
    let mut entities = Vec::new();
    let mut other = Vec::new();
    for part in &m.pattern {
        other.extend(part.variable.as_ref());
        let nodes =
            std::iter::once(&part.element.start).chain(part.element.chain.iter().map(|(_, n)| n));
        entities.extend(nodes.filter_map(|n| n.variable.as_ref()));
        for (rel, _) in &part.element.chain {
            match rel.length {
                None => entities.extend(rel.variable.as_ref()),
                Some(_) => other.extend(rel.variable.as_ref()),
            }
        }
    }
    let is_other = |v: &&crate::query::ast::Variable| other.iter().any(|o| o.name == v.name);
    entities.retain(|v| !before.contains(&v.name) && !is_other(v));
    entities.iter().map(|v| v.name.as_str()).collect()
}

/// The variables the first conjunct of a WHERE reads.
fn first_conjunct_variables(predicate: &Expr) -> Vec<String> {
    let mut first = predicate;
    while let ExprKind::Binary(BinaryOp::And, l, _) = &first.kind {
        first = l;
    }
    let mut vars = Vec::new();
    crate::query::walk::visit(first, &mut |e| {
        if let ExprKind::Variable(v) = &e.kind {
            if !vars.contains(v) {
                vars.push(v.clone());
            }
        }
    });
    vars
}

/// How many values an `IN` list holds: its items when written out, else a guess.
fn values_listed(list: &Expr, params: &Params) -> f64 {
    match (&list.kind, known_value(list, params).as_deref()) {
        (ExprKind::List(items), _) => items.len() as f64,
        (_, Some(Value::List(items))) => items.len() as f64,
        _ => 3.0,
    }
}

/// The value of a literal, or of a parameter the statement was given, while planning.
fn known_value<'a>(e: &Expr, params: &'a Params) -> Option<Cow<'a, Value>> {
    match &e.kind {
        ExprKind::Literal(literal) => Some(Cow::Owned(literal.value())),
        ExprKind::Parameter(name) => params.get(name).map(Cow::Borrowed),
        _ => None,
    }
}

/// The share of rows a predicate keeps, by a rule of thumb per conjunct.
fn selectivity(predicate: &Expr) -> f64 {
    match &predicate.kind {
        ExprKind::Binary(BinaryOp::And, l, r) => selectivity(l) * selectivity(r),
        ExprKind::Binary(BinaryOp::Or, l, r) => (selectivity(l) + selectivity(r)).min(1.0),
        ExprKind::Binary(BinaryOp::Eq, ..) => 0.1,
        ExprKind::Binary(BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge, ..) => 0.3,
        _ => 0.5,
    }
}

/// Items as written, separated by commas.
fn listed<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
