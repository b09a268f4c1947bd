//! The plan: the operators a checked statement runs, in order, with the choices made from
//! the graph's statistics (where each pattern part starts, which way it expands) and an
//! estimate of the rows each operator produces. The executor runs a plan's steps;
//! `EXPLAIN` shows the plan, `PROFILE` shows it with what each operator did.
//!
//! **Invariant:** every choice here depends on the statement's structure and the graph's
//! statistics, never on a query's text.

pub(crate) mod hints;
mod operators;
mod planner;
pub(crate) mod shapes;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use crate::graph::Graph;
use crate::query::ast::{BinaryOp, Clause, Expr, ExprKind, Mode, Span, Statement};

use hints::Hints;
pub(crate) use operators::OpId;
use operators::Ops;

/// One operator of a plan as shown by `EXPLAIN` and `PROFILE`: the root produces the
/// statement's rows, each child feeds its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOperator {
    /// Neo4j's vocabulary where it has a word: `NodeByLabelScan`, `Expand(All)`, …
    pub name: String,
    /// What the operator works on, in Cypher's notation: `(n:Hospital)`, `(a)-[:FUNDED]->(b)`.
    pub details: String,
    /// Rows the planner expects the operator to produce, from the graph's statistics.
    pub estimated_rows: f64,
    /// Under `PROFILE`: rows the operator produced.
    pub rows: Option<u64>,
    /// Under `PROFILE`, on the operator that ends a clause: time spent in that clause.
    pub time: Option<Duration>,
    /// Under `PROFILE`, on the operator that ends a MATCH divided among threads: how many.
    pub threads: Option<usize>,
    pub children: Vec<PlanOperator>,
}

impl PlanOperator {
    /// The tree as indented lines, one operator a line, the root first.
    pub fn lines(&self) -> Vec<(usize, &PlanOperator)> {
        fn walk<'p>(op: &'p PlanOperator, depth: usize, out: &mut Vec<(usize, &'p PlanOperator)>) {
            out.push((depth, op));
            for child in &op.children {
                walk(child, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(self, 0, &mut out);
        out
    }

    /// The tree as text: a line per operator with its estimate (and what PROFILE saw).
    pub fn render(&self) -> String {
        let mut text = String::new();
        for (depth, op) in self.lines() {
            let indent = "  ".repeat(depth);
            let mut line = format!("{indent}+{}", op.name);
            if !op.details.is_empty() {
                line.push_str(&format!("  {}", op.details));
            }
            line.push_str(&format!("  (est. {})", format_estimate(op.estimated_rows)));
            if let Some(rows) = op.rows {
                line.push_str(&format!(", rows {rows}"));
            }
            if let Some(threads) = op.threads {
                line.push_str(&format!(", {threads} threads"));
            }
            if let Some(time) = op.time {
                line.push_str(&format!(", {:.3} ms", time.as_secs_f64() * 1e3));
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    }
}

/// An estimate as people read it: whole rows, one decimal below ten, two below one.
pub fn format_estimate(rows: f64) -> String {
    if rows < 1.0 && rows.fract() != 0.0 {
        format!("{rows:.2}")
    } else if rows < 10.0 && rows.fract() != 0.0 {
        format!("{rows:.1}")
    } else {
        format!("{}", rows.round() as u64)
    }
}

/// The plan of a whole statement: its queries (the first, then each of a UNION) and the
/// operators that describe them.
pub(crate) struct StatementPlan<'s> {
    pub(crate) queries: Vec<QueryPlan<'s>>,
    /// For each query after the first: whether its UNION keeps duplicates (`UNION ALL`).
    pub(crate) union_all: Vec<bool>,
    /// The plans of the subqueries inside the statement (`EXISTS { … }`, pattern
    /// predicates and comprehensions, `CALL { … }`), by the span of their expression or
    /// clause.
    pub(crate) subplans: HashMap<Span, SubPlan<'s>>,
    ops: Ops,
    root: OpId,
}

/// The plan of a subquery: its queries (the first, then each of a UNION), run for each
/// row from that row's variables.
pub(crate) struct SubPlan<'s> {
    pub(crate) queries: Vec<QueryPlan<'s>>,
    /// For each query after the first: whether its UNION keeps duplicates (`UNION ALL`).
    pub(crate) union_all: Vec<bool>,
    /// A body that only asks a node's degree: answered from it, the queries not run where
    /// the row binds a node (or null) there.
    pub(crate) degree: Option<shapes::DegreeProbe>,
}

/// The steps of one query of a statement (no UNION), run in order from one empty row.
pub(crate) struct QueryPlan<'s> {
    pub(crate) steps: Vec<Step<'s>>,
}

/// What the executor runs for one clause, or for a MATCH or UNWIND together with the
/// WITH or RETURN that follows it (the rows then go straight into the projection).
pub(crate) struct Step<'s> {
    pub(crate) clause: &'s Clause,
    pub(crate) then: Option<&'s Clause>,
    /// For a MATCH or MERGE: the position each part of its pattern starts at.
    pub(crate) starts: Vec<usize>,
    /// For a MATCH: per part, the relationship position it starts at instead (a scan of
    /// its type binding both ends, the left one at `starts`).
    pub(crate) relationship_starts: Vec<Option<usize>>,
    /// For a MATCH: the operators that count each part's rows under PROFILE.
    pub(crate) parts: Vec<PartOps>,
    /// For a MATCH: per part, how it is joined to the rows that reach it, when it is a
    /// node that shares nothing with them.
    pub(crate) joins: Vec<Option<JoinPlan>>,
    /// The operator whose rows are this step's output.
    pub(crate) top: OpId,
    /// The operator that counts the rows the MATCH's WHERE keeps.
    pub(crate) filter: Option<OpId>,
    /// A MATCH whose projection only counts its rows: how the counts are found instead.
    pub(crate) counts: Option<shapes::CountShape>,
    /// A MATCH whose projection sees its rows as a set.
    pub(crate) as_set: Option<shapes::AsSet>,
    /// For a MATCH: the rows it is estimated to look at, its input rows times the starts
    /// of its first part or the rows it produces, whichever is more. A large one is
    /// divided among threads.
    pub(crate) work: f64,
    /// For a MATCH: how many nodes or relationships its first part is estimated to start
    /// from, for one input row (0 for a shortest path, which finds its own). Only many
    /// are worth dividing among threads.
    pub(crate) first_starts: f64,
    /// For a MATCH: whether its first part starts at a node and first takes a single hop,
    /// whose relationships can be divided among threads when there is one start.
    pub(crate) first_hop_divides: bool,
    /// The variables that the step's projection or a later clause of its query names
    /// (`None`: any may be read, after a `*` or inside a subquery): the others are dropped
    /// from the rows this step hands on, so that a large value nothing reads again (an
    /// unwound list) is not copied into every row.
    pub(crate) read_after: Option<HashSet<String>>,
}

/// Sets each step's [`Step::read_after`] from the clauses after it.
fn mark_read_after(steps: &mut [Step<'_>]) {
    fn add_names(clause: &Clause, read: &mut Option<HashSet<String>>) {
        if let Clause::With(p) | Clause::Return(p) = clause {
            if p.star {
                *read = None;
            }
        }
        if let Some(names) = read {
            crate::query::walk::clause_names(clause, &mut |name, _| {
                names.insert(name.to_owned());
            });
        }
    }
    let mut read = Some(HashSet::new());
    for step in steps.iter_mut().rev() {
        if let Some(then) = step.then {
            add_names(then, &mut read);
        }
        step.read_after = read.clone();
        add_names(step.clause, &mut read);
    }
}

/// The order in which a pattern part of `rels` relationships is walked from node
/// position `start`, as (from, to) positions: to the part's end, then back to its
/// beginning. But when `start` is one end and the other is bound before the walk begins
/// (`end_bound`: by a variable of the input, or by the start's own, a cycle), and there
/// are four relationships or more, the walk goes from both ends toward the middle, and
/// its last move closes into the node the first half reached: a square through a node
/// then follows two hops from it on each side and checks the middle, instead of three
/// hops and a check back. Also says which end is bound.
pub(crate) fn move_order(
    rels: usize,
    start: usize,
    end_bound: impl Fn(usize) -> bool,
) -> (Vec<(usize, usize)>, Option<usize>) {
    let middle = rels.div_ceil(2);
    if rels >= 4 && start == 0 && end_bound(rels) {
        let forward = (0..middle).map(|j| (j, j + 1));
        let backward = (middle..rels).rev().map(|j| (j + 1, j));
        return (forward.chain(backward).collect(), Some(rels));
    }
    if rels >= 4 && start == rels && end_bound(0) {
        let backward = (rels - middle..rels).rev().map(|j| (j + 1, j));
        let forward = (0..rels - middle).map(|j| (j, j + 1));
        return (backward.chain(forward).collect(), Some(0));
    }
    let forward = (start..rels).map(|j| (j, j + 1));
    let backward = (0..start).rev().map(|j| (j + 1, j));
    (forward.chain(backward).collect(), None)
}

/// How a pattern part of one node that shares no variable with the rows reaching it
/// (`MATCH (a:X), (b:Y)`, or `MATCH (b:Y)` after other clauses) is joined to them: its
/// nodes are matched once, under the WHERE's conditions on that node alone, and kept for
/// every row (a `CartesianProduct`); with keys, hashed by them together, so that a row
/// meets only the nodes whose sides of the keys hash as its own do (a `ValueHashJoin`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JoinPlan {
    /// The WHERE's equalities the nodes are hashed by, in the WHERE's order (none: a
    /// product).
    pub(crate) keys: Vec<JoinKey>,
}

/// The WHERE's conjunct `x = y` that a join hashes by, by its place among the
/// [`where_conjuncts`]: one side reads the rows that reach the part and the other the
/// part's node alone, and no conjunct before it can raise an error, so a row whose sides
/// differ fails the WHERE whatever the others give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JoinKey {
    pub(crate) conjunct: usize,
    /// The part's side is the left operand.
    pub(crate) own_left: bool,
}

/// The conjuncts of a WHERE (its operands of `AND`, left to right, the order `AND`
/// evaluates them in) up to the first that calls a function whose value differs between
/// calls, and whether they are all of them.
pub(crate) fn where_conjuncts(predicate: &Expr) -> (Vec<&Expr>, bool) {
    fn flatten<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
        match &expr.kind {
            ExprKind::Binary(BinaryOp::And, l, r) => {
                flatten(l, out);
                flatten(r, out);
            }
            _ => out.push(expr),
        }
    }
    let mut all = Vec::new();
    flatten(predicate, &mut all);
    let total = all.len();
    let steady: Vec<&Expr> = (all.into_iter())
        .take_while(|e| !crate::query::walk::calls_volatile(e))
        .collect();
    let complete = steady.len() == total;
    (steady, complete)
}

/// Whether `e` is a literal, a parameter `known` knows, or a list or map of such: the
/// same value on every row.
pub(crate) fn is_constant(e: &Expr, known: &dyn Fn(&str) -> bool) -> bool {
    match &e.kind {
        ExprKind::Literal(_) => true,
        ExprKind::Parameter(name) => known(name),
        ExprKind::List(items) => items.iter().all(|item| is_constant(item, known)),
        ExprKind::Map(entries) => entries.iter().all(|(_, value)| is_constant(value, known)),
        _ => false,
    }
}

/// Whether `e` is a call of constants, or of such calls, whose value is the same on every
/// row (no `rand()`, no aggregate): worth evaluating once, if it gives a value.
pub(crate) fn is_foldable(e: &Expr, known: &dyn Fn(&str) -> bool) -> bool {
    match &e.kind {
        ExprKind::FunctionCall { function, args, .. } => {
            !function.is_volatile()
                && !function.is_aggregate()
                && args
                    .iter()
                    .all(|a| is_constant(a, known) || is_foldable(a, known))
        }
        _ => false,
    }
}

/// What [`cannot_fail`] accepts as the operands of a comparison.
pub(crate) struct Operands<'a> {
    /// A constant known to give a value.
    pub(crate) constant: &'a dyn Fn(&Expr) -> bool,
    /// A constant known to give a list (the right of `IN`).
    pub(crate) list: &'a dyn Fn(&Expr) -> bool,
    /// A variable that only ever holds a node or relationship the match binds.
    pub(crate) entity: &'a dyn Fn(&str) -> bool,
}

/// Whether a WHERE conjunct cannot raise an error, by its form: a comparison of constants
/// and entities' properties, such a property `IN` a constant list, `IS NULL` of either, a
/// label test of an entity, and `AND`, `OR`, `XOR`, `NOT` of such (which only ever see
/// booleans and nulls).
pub(crate) fn cannot_fail(expr: &Expr, operands: &Operands<'_>) -> bool {
    let entity = |e: &Expr| matches!(&e.kind, ExprKind::Variable(v) if (operands.entity)(v));
    let entity_property = |e: &Expr| matches!(&e.kind, ExprKind::Property(base, _) if entity(base));
    let operand = |e: &Expr| (operands.constant)(e) || entity_property(e);
    match &expr.kind {
        ExprKind::Binary(op, l, r) if op.is_comparison() => operand(l) && operand(r),
        ExprKind::Binary(BinaryOp::In, l, r) => entity_property(l) && (operands.list)(r),
        ExprKind::Binary(BinaryOp::And | BinaryOp::Or | BinaryOp::Xor, l, r) => {
            cannot_fail(l, operands) && cannot_fail(r, operands)
        }
        ExprKind::Unary(crate::query::ast::UnaryOp::Not, operand) => cannot_fail(operand, operands),
        ExprKind::IsNull { expr, .. } => operand(expr),
        ExprKind::HasLabels(base, _) => entity(base),
        _ => false,
    }
}

/// The variables of the row `expr` reads (not those it binds itself, in a comprehension,
/// a quantifier or `reduce`), each once.
pub(crate) fn read_variables(expr: &Expr) -> Vec<&str> {
    let mut read: Vec<&str> = Vec::new();
    crate::query::walk::find_with_locals(expr, &mut |e, locals| {
        if let ExprKind::Variable(v) = &e.kind {
            if !locals.contains(&v.as_str()) && !read.contains(&v.as_str()) {
                read.push(v);
            }
        }
        crate::query::walk::Step::<()>::Descend
    });
    read
}

/// A pattern part's operators under PROFILE: its start, then each move in the order the
/// matcher takes them (forward from the start, then backward).
#[derive(Debug, Clone, Default)]
pub(crate) struct PartOps {
    pub(crate) start: Vec<OpId>,
    pub(crate) moves: Vec<OpId>,
    /// The hops closed by a hash join from their far end.
    pub(crate) far_joins: Vec<FarJoin>,
    /// The relationship positions of the hops taken toward the node their next hop closes
    /// into (`Expand(Toward)`): from a table of the near node's two-hop neighbours, kept
    /// while rows share that near node, each row takes only the relationships whose far
    /// node leads on to its own bound node.
    pub(crate) towards: Vec<usize>,
    /// The rows reaching the part's last hop counted per near node first.
    pub(crate) rows_per_node: Option<RowsPerNode>,
    /// The relationship positions of the moves into a bound node closed from a table of
    /// every relationship of their types by its two ends (`Expand(IntoPairs)`), built once
    /// for the MATCH: where about as many rows reach the move as there are such
    /// relationships, a probe per row costs less than the walk.
    pub(crate) into_pairs: Vec<usize>,
    /// The moves into a bound node estimated to keep so few of the rows that the WHERE's
    /// look-ahead waits for them (by their place among the part's moves).
    pub(crate) closes_first: Vec<usize>,
}

/// A part's last hop taken once from each node the rows reaching it share (and values of
/// `keys`), each row it gives handed on with the count of the rows that shared the node
/// (the projection takes rows repeated): the rows' earlier variables are read by nothing
/// after the hop but through `keys`, which a row of the group stands for.
#[derive(Debug, Clone)]
pub(crate) struct RowsPerNode {
    /// The hop's place among the part's moves.
    pub(crate) step: usize,
    /// The operator counting the nodes under PROFILE.
    pub(crate) op: OpId,
    /// The properties of earlier variables read after the hop: (variable, key).
    pub(crate) keys: Vec<(String, String)>,
    /// The WHERE reads what the hop binds, so it is decided on the rows the hop gives
    /// (each counted row having passed the conjuncts that read nothing of it).
    pub(crate) late: bool,
}

/// A hop closed by a hash join from its far end (`NodeHashJoin` on the near node): the far
/// node's candidates are scanned once, kept under its own conditions and walked back over
/// the hop; a row reaching the near node then takes the relationships kept for it instead
/// of walking the node's own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FarJoin {
    /// The hop's relationship position in its part.
    pub(crate) rel: usize,
    /// The build side's operators: the far node's scan, the filter of its conditions, the
    /// walk back.
    pub(crate) scan: OpId,
    pub(crate) filter: Option<OpId>,
    pub(crate) walk: OpId,
}

/// What the planner may choose.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Choices {
    /// Choices from statistics and rewrites (else each part from its first node).
    pub(crate) cost_based: bool,
    /// How many relationships a hop must be estimated to walk before a cheaper hash join
    /// replaces the walk, from the hop's far end or toward the node the next hop closes
    /// into (`None`: [`HASH_JOIN_FROM`]; 0: wherever one may, whatever it costs).
    pub(crate) hash_joins_from: Option<usize>,
}

/// The relationships a hop must be estimated to walk before a hash join is considered:
/// below it, a misjudged build costs more than the walk could.
pub(crate) const HASH_JOIN_FROM: usize = 1_000_000;

impl StatementPlan<'_> {
    /// How many operators the plan has (the size of a PROFILE's counters).
    pub(crate) fn operator_count(&self) -> usize {
        self.ops.len()
    }

    /// The operator that produces the statement's rows.
    pub(crate) fn root(&self) -> OpId {
        self.root
    }

    /// The operators whose rows the executor counts under PROFILE.
    pub(crate) fn counted_operators(&self) -> HashSet<OpId> {
        let mut counted = HashSet::from([self.root]);
        for step in self.queries.iter().flat_map(|q| &q.steps) {
            counted.insert(step.top);
            counted.extend(step.filter);
            for part in &step.parts {
                counted.extend(part.start.iter().chain(&part.moves));
                counted.extend(part.rows_per_node.as_ref().map(|r| r.op));
                for far in &part.far_joins {
                    counted.extend([far.scan, far.walk].into_iter().chain(far.filter));
                }
            }
        }
        counted
    }

    /// The tree people see, with what PROFILE measured per operator when given.
    pub(crate) fn describe(&self, measured: Option<&dyn Fn(OpId) -> Measured>) -> PlanOperator {
        self.ops.describe(self.root, measured)
    }
}

/// What PROFILE measured of one operator.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Measured {
    pub(crate) rows: Option<u64>,
    pub(crate) time: Option<Duration>,
    pub(crate) threads: Option<usize>,
}

/// Plans a checked statement over `graph`'s current statistics (or, when not
/// [`Choices::cost_based`], naively: each part from its first node, no rewrites).
pub(crate) fn build<'s>(
    statement: &'s Statement,
    (graph, params): (&Graph, &crate::query::Params),
    choices: Choices,
) -> StatementPlan<'s> {
    let mut ops = Ops::default();
    ops.described = statement.mode != Mode::Run;
    let mut planned =
        planner::plan_queries((graph, params), &mut ops, choices, statement, Bound::new());
    // The naive plan keeps every value, as a reference.
    if choices.cost_based {
        for query in &mut planned.plan.queries {
            mark_read_after(&mut query.steps);
        }
    }
    let mut root = planned.top;
    if planned.returned {
        let estimate = ops.estimate(root);
        root = ops.add("ProduceResults", String::new, estimate, vec![root]);
    }
    StatementPlan {
        queries: planned.plan.queries,
        union_all: planned.plan.union_all,
        subplans: planned.subplans.into_iter().collect(),
        ops,
        root,
    }
}

/// Variables bound so far in a query, by name.
pub(crate) type Bound = HashSet<String>;

/// Whether every variable `expr` reads is in `bound` and it calls nothing volatile: its
/// value is known before a match that binds other variables.
fn known_with(expr: &Expr, bound: &Bound) -> bool {
    let mut known = true;
    crate::query::walk::visit(expr, &mut |e| match &e.kind {
        ExprKind::Variable(v) => known &= bound.contains(v),
        ExprKind::FunctionCall { function, .. } => known &= !function.is_volatile(),
        _ => {}
    });
    known
}

/// The hints a WHERE gives a match whose input binds `bound`.
fn hints_for<'e>(where_clause: Option<&'e Expr>, bound: &Bound) -> Hints<'e> {
    let mut hints = Hints::default();
    if let Some(w) = where_clause {
        hints::collect_hints(w, &|e| known_with(e, bound), &mut hints);
    }
    hints
}
