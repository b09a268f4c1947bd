//! The query model (a small structured fragment of Cypher), its random generator and its
//! Cypher text.

use std::fmt;

use super::common::Rng;
use super::graph::{LABELS, STRINGS, TYPES};
use super::Val;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dir {
    Out,
    In,
    Both,
}

/// A variable-length hop's bounds as written and as meant.
#[derive(Clone, Copy, Debug)]
pub struct Length {
    pub text: &'static str,
    pub min: usize,
    pub max: usize,
}

const LENGTHS: [Length; 8] = [
    Length {
        text: "*0..0",
        min: 0,
        max: 0,
    },
    Length {
        text: "*2",
        min: 2,
        max: 2,
    },
    Length {
        text: "*0..2",
        min: 0,
        max: 2,
    },
    Length {
        text: "*1..3",
        min: 1,
        max: 3,
    },
    Length {
        text: "*2..2",
        min: 2,
        max: 2,
    },
    Length {
        text: "*..2",
        min: 1,
        max: 2,
    },
    Length {
        text: "*0..1",
        min: 0,
        max: 1,
    },
    Length {
        text: "*1..2",
        min: 1,
        max: 2,
    },
];

#[derive(Clone, Debug)]
pub struct NodePat {
    pub var: Option<String>,
    pub label: Option<&'static str>,
    pub props: Vec<(&'static str, Val)>,
}

#[derive(Clone, Debug)]
pub struct Hop {
    pub var: Option<String>,
    pub rel_type: Option<&'static str>,
    pub dir: Dir,
    pub props: Vec<(&'static str, Val)>,
    pub length: Option<Length>,
}

/// One comma-separated part of a pattern: a node, then hops each followed by a node.
#[derive(Clone, Debug)]
pub struct Part {
    pub start: NodePat,
    pub hops: Vec<(Hop, NodePat)>,
}

#[derive(Clone, Debug)]
pub enum Expr {
    Prop(String, &'static str),
    Id(String),
    Var(String),
    Type(String),
    Lit(Val),
    /// A parameter: its name and the value passed with the query.
    Param(String, Val),
}

#[derive(Clone, Copy, Debug)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Ge,
}

#[derive(Clone, Debug)]
pub enum Pred {
    Cmp(Expr, Op, Expr),
    In(Expr, Vec<Val>),
    StartsWith(Expr, Val),
    /// `IS NULL` when the flag is true, `IS NOT NULL` otherwise.
    IsNull(Expr, bool),
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
    Not(Box<Pred>),
    /// A pattern predicate `(node)-[:TYPE]->(:Label)`: one hop from a bound node.
    Pattern {
        node: String,
        rel_type: Option<&'static str>,
        dir: Dir,
        label: Option<&'static str>,
    },
}

#[derive(Clone, Debug)]
pub enum Agg {
    CountStar,
    /// `count(DISTINCT …)` when the flag is true.
    Count(bool, Expr),
    Sum(Expr),
    Min(Expr),
    Max(Expr),
}

#[derive(Clone, Debug)]
pub enum Item {
    Plain(Expr),
    Agg(Agg),
}

/// One ORDER BY key: a column by its alias (or the id of the entity in it).
#[derive(Clone, Copy, Debug)]
pub struct OrderKey {
    pub column: usize,
    pub by_id: bool,
    pub descending: bool,
}

/// A WITH or RETURN: items with their aliases, then ordering and paging; a WITH may
/// filter its rows.
#[derive(Clone, Debug)]
pub struct Projection {
    pub distinct: bool,
    pub items: Vec<(Item, String)>,
    pub order: Vec<OrderKey>,
    pub skip: Option<u64>,
    pub limit: Option<u64>,
    pub filter: Option<Pred>,
}

#[derive(Clone, Debug)]
pub enum Clause {
    Match {
        optional: bool,
        parts: Vec<Part>,
        filter: Option<Pred>,
    },
    With(Projection),
}

#[derive(Clone, Debug)]
pub struct Query {
    pub clauses: Vec<Clause>,
    pub ret: Projection,
    pub params: Vec<(String, Val)>,
}

/// Which constructs a run draws; a construct the engine gets wrong is switched off in the
/// always-run tests, with the defect named where the switch is set.
#[derive(Clone, Copy, Debug)]
pub struct Features {
    pub var_length: bool,
    pub optional_match: bool,
    pub with_stage: bool,
    pub aggregates: bool,
    pub order_and_paging: bool,
    /// One-part patterns whose rows are only counted or seen as a set, the shapes the
    /// planner answers from counters, degrees and distinct far ends.
    pub planner_shapes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Node,
    Rel,
    /// An integer a WITH computed.
    Count,
}

/// The variables in scope while a query is generated.
struct Gen<'r> {
    rng: &'r mut Rng,
    node_ids: &'r [u64],
    scope: Vec<(String, Kind)>,
    /// How many variables of `scope` were bound before the clause being drawn.
    bound_before: usize,
    fresh: usize,
    params: Vec<(String, Val)>,
}

pub fn random_query(rng: &mut Rng, node_ids: &[u64], features: Features) -> Query {
    let mut gen = Gen {
        rng,
        node_ids,
        scope: Vec::new(),
        bound_before: 0,
        fresh: 0,
        params: Vec::new(),
    };
    if features.planner_shapes && gen.one_in(4) {
        return gen.shaped_query(features);
    }
    let parts = 1 + gen.below(3);
    let mut clauses = vec![gen.matching(false, parts, features)];
    if features.with_stage && gen.one_in(3) {
        clauses.push(Clause::With(gen.with_projection(features)));
        let parts = 1 + gen.below(2);
        clauses.push(gen.matching(false, parts, features));
    }
    if features.optional_match && gen.one_in(3) {
        clauses.push(gen.matching(true, 1, features));
    }
    let ret = gen.return_projection(features);
    Query {
        clauses,
        ret,
        params: gen.params,
    }
}

impl Gen<'_> {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.rng.below(n) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn fresh(&mut self, prefix: &str, kind: Kind) -> String {
        let name = format!("{prefix}{}", self.fresh);
        self.fresh += 1;
        self.scope.push((name.clone(), kind));
        name
    }

    fn vars(&self, kind: Kind) -> Vec<String> {
        self.scope
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(name, _)| name.clone())
            .collect()
    }

    fn pick_var(&mut self, kind: Kind) -> Option<String> {
        let vars = self.vars(kind);
        (!vars.is_empty()).then(|| vars[self.below(vars.len())].clone())
    }

    /// A MATCH of `parts` parts with at most four hops in all; parts after the first (and
    /// every optional part) mostly start at a variable already bound, so that they join.
    fn matching(&mut self, optional: bool, parts: usize, features: Features) -> Clause {
        self.bound_before = self.scope.len();
        let mut hops_left = 4;
        let mut built = Vec::new();
        for p in 0..parts {
            let joins = p > 0 || optional || !self.scope.is_empty();
            let start = if self.scope.is_empty() {
                self.node_pat_named()
            } else {
                self.node_pat(if joins { 70 } else { 20 })
            };
            let wanted = if optional {
                1 + self.below(2)
            } else {
                self.below(4)
            };
            let mut hops = Vec::new();
            for _ in 0..wanted.min(hops_left) {
                let hop = self.hop(features);
                hops.push((hop, self.node_pat(20)));
                hops_left -= 1;
            }
            built.push(Part { start, hops });
        }
        let filter = self.one_in(2).then(|| self.pred(0));
        Clause::Match {
            optional,
            parts: built,
            filter,
        }
    }

    fn node_pat_named(&mut self) -> NodePat {
        let var = Some(self.fresh("n", Kind::Node));
        self.node_decorations(var)
    }

    /// A node that reuses a bound variable `reuse_percent` times in a hundred (when there
    /// is one), is anonymous now and then, and otherwise gets a new variable.
    fn node_pat(&mut self, reuse_percent: usize) -> NodePat {
        let roll = self.below(100);
        let var = match self.pick_var(Kind::Node) {
            Some(bound) if roll < reuse_percent => Some(bound),
            _ if roll % 5 == 0 => None,
            _ => Some(self.fresh("n", Kind::Node)),
        };
        self.node_decorations(var)
    }

    fn node_decorations(&mut self, var: Option<String>) -> NodePat {
        let label = self.one_in(3).then(|| self.pick(&LABELS));
        let props = if self.one_in(12) {
            let key = self.pick(&["k", "s"]);
            vec![(key, self.literal(key))]
        } else {
            Vec::new()
        };
        NodePat { var, label, props }
    }

    fn hop(&mut self, features: Features) -> Hop {
        let length = (features.var_length && self.one_in(4)).then(|| self.pick(&LENGTHS));
        let earlier_rels: Vec<String> = self.scope[..self.bound_before]
            .iter()
            .filter(|(_, kind)| *kind == Kind::Rel)
            .map(|(name, _)| name.clone())
            .collect();
        let var = match self.below(5) {
            _ if length.is_some() => None,
            0 if !earlier_rels.is_empty() => {
                Some(earlier_rels[self.below(earlier_rels.len())].clone())
            }
            0..=2 => Some(self.fresh("r", Kind::Rel)),
            _ => None,
        };
        let rel_type = self.one_in(2).then(|| self.pick(&TYPES));
        let props = if self.one_in(10) {
            vec![("w", self.literal("w"))]
        } else {
            Vec::new()
        };
        Hop {
            var,
            rel_type,
            dir: self.pick(&[Dir::Out, Dir::In, Dir::Both]),
            props,
            length,
        }
    }

    /// The value as a literal, or now and then as a parameter.
    fn constant(&mut self, value: Val) -> Expr {
        if self.one_in(4) {
            let name = format!("p{}", self.params.len());
            self.params.push((name.clone(), value.clone()));
            Expr::Param(name, value)
        } else {
            Expr::Lit(value)
        }
    }

    fn literal(&mut self, key: &str) -> Val {
        let key = if self.one_in(5) {
            self.pick(&["s", "k"])
        } else {
            key
        };
        match key {
            "s" => Val::Str(self.pick(&STRINGS).to_owned()),
            "w" => Val::Int(self.below(3) as i64),
            _ => Val::Int(self.below(5) as i64 - 1),
        }
    }

    /// A condition: conjunctions, disjunctions and negations of up to four comparisons.
    fn pred(&mut self, depth: usize) -> Pred {
        match self.below(20) {
            0..=4 if depth < 2 => Pred::And(
                Box::new(self.pred(depth + 1)),
                Box::new(self.pred(depth + 1)),
            ),
            5..=7 if depth < 2 => Pred::Or(
                Box::new(self.pred(depth + 1)),
                Box::new(self.pred(depth + 1)),
            ),
            8 if depth < 2 => Pred::Not(Box::new(self.pred(depth + 1))),
            _ => self.comparison(),
        }
    }

    fn comparison(&mut self) -> Pred {
        if self.one_in(8) {
            if let Some(node) = self.pick_var(Kind::Node) {
                return Pred::Pattern {
                    node,
                    rel_type: self.one_in(2).then(|| self.pick(&TYPES)),
                    dir: self.pick(&[Dir::Out, Dir::In, Dir::Both]),
                    label: self.one_in(2).then(|| self.pick(&LABELS)),
                };
            }
        }
        if let Some(count) = self.pick_var(Kind::Count) {
            if self.one_in(2) {
                let op = self.pick(&[Op::Eq, Op::Ne, Op::Lt, Op::Ge]);
                let bound = Expr::Lit(Val::Int(self.below(4) as i64));
                return Pred::Cmp(Expr::Var(count), op, bound);
            }
        }
        let kind = match (self.vars(Kind::Rel).is_empty(), self.below(4)) {
            (false, 0) => Kind::Rel,
            _ => Kind::Node,
        };
        let Some(var) = self.pick_var(kind) else {
            return Pred::IsNull(Expr::Lit(Val::Null), true);
        };
        let key = if kind == Kind::Rel {
            "w"
        } else {
            self.pick(&["k", "s"])
        };
        let prop = Expr::Prop(var.clone(), key);
        match self.below(20) {
            0..=6 => {
                let op = self.pick(&[Op::Eq, Op::Ne, Op::Lt, Op::Ge]);
                let value = self.literal(key);
                Pred::Cmp(prop, op, self.constant(value))
            }
            7..=8 => {
                let other = self.pick_var(kind).unwrap_or(var);
                let op = self.pick(&[Op::Eq, Op::Ne, Op::Lt, Op::Ge]);
                let key2 = if self.one_in(3) {
                    self.pick(&["s", "k", "w"])
                } else {
                    key
                };
                Pred::Cmp(prop, op, Expr::Prop(other, key2))
            }
            9..=11 => {
                let list = (0..self.below(4))
                    .map(|_| {
                        if self.one_in(6) {
                            Val::Null
                        } else {
                            self.literal(key)
                        }
                    })
                    .collect();
                Pred::In(prop, list)
            }
            12..=13 => Pred::StartsWith(
                Expr::Prop(var, "s"),
                Val::Str(self.pick(&["", "a", "b", "ab"]).to_owned()),
            ),
            14..=15 => Pred::IsNull(prop, self.one_in(2)),
            _ => self.id_equality(var, kind),
        }
    }

    /// `id(x) = id(y)` between two variables of one kind, or `id(x) = N` for a node that
    /// exists (or, now and then, one that does not).
    fn id_equality(&mut self, var: String, kind: Kind) -> Pred {
        match self.pick_var(kind) {
            Some(other) if self.one_in(2) => Pred::Cmp(Expr::Id(var), Op::Eq, Expr::Id(other)),
            _ => {
                let id = if self.node_ids.is_empty() || self.one_in(8) {
                    1_000_000
                } else {
                    self.pick(self.node_ids) as i64
                };
                Pred::Cmp(Expr::Id(var), Op::Eq, self.constant(Val::Int(id)))
            }
        }
    }

    /// A value to project: a property, an id or the variable itself.
    fn value_expr(&mut self) -> Expr {
        let at = self.below(self.scope.len());
        let (var, kind) = self.scope[at].clone();
        match (kind, self.below(10)) {
            (Kind::Count, _) => Expr::Var(var),
            (Kind::Node, 0..=4) => Expr::Prop(var, self.pick(&["k", "s"])),
            (Kind::Rel, 0..=3) => Expr::Prop(var, "w"),
            (Kind::Rel, 4) => Expr::Type(var),
            (_, 5..=6) => Expr::Id(var),
            _ => Expr::Var(var),
        }
    }

    fn int_prop(&mut self) -> Expr {
        match self.pick_var(Kind::Rel) {
            Some(rel) if self.one_in(3) => Expr::Prop(rel, "w"),
            _ => match self.pick_var(Kind::Node) {
                Some(node) => Expr::Prop(node, "k"),
                None => self.value_expr(),
            },
        }
    }

    fn aggregate(&mut self) -> Agg {
        match self.below(10) {
            0..=2 => Agg::CountStar,
            3..=5 => Agg::Count(self.one_in(2), self.value_expr()),
            6 => Agg::Sum(self.int_prop()),
            7 => Agg::Min(self.value_expr_scalar()),
            _ => Agg::Max(self.value_expr_scalar()),
        }
    }

    /// A property or id (never an entity), for min, max and ordered columns.
    fn value_expr_scalar(&mut self) -> Expr {
        match self.value_expr() {
            Expr::Var(var) if self.kind_of(&var) != Kind::Count => Expr::Id(var),
            other => other,
        }
    }

    fn kind_of(&self, var: &str) -> Kind {
        self.scope
            .iter()
            .find(|(name, _)| name == var)
            .map_or(Kind::Node, |(_, kind)| *kind)
    }

    /// A WITH between two MATCHes: some variables passed on (perhaps DISTINCT), or one
    /// node with a count of its rows; perhaps filtered.
    fn with_projection(&mut self, features: Features) -> Projection {
        let nodes = self.vars(Kind::Node);
        let counted = self.one_in(3);
        let mut items: Vec<(Item, String)> = Vec::new();
        let mut scope = Vec::new();
        for (var, kind) in self.scope.clone() {
            let keep = if counted {
                var == nodes[0]
            } else {
                var == nodes[0] || self.one_in(2)
            };
            if keep {
                items.push((Item::Plain(Expr::Var(var.clone())), var.clone()));
                scope.push((var, kind));
            }
        }
        if counted {
            let count = format!("m{}", self.fresh);
            self.fresh += 1;
            let agg = if self.one_in(2) {
                Agg::CountStar
            } else {
                Agg::Count(true, self.value_expr())
            };
            items.push((Item::Agg(agg), count.clone()));
            scope.push((count, Kind::Count));
        }
        let distinct = !counted && self.one_in(3);
        let mut projection = Projection {
            distinct,
            items,
            order: Vec::new(),
            skip: None,
            limit: None,
            filter: None,
        };
        if features.order_and_paging && self.one_in(3) {
            self.order_by_every_column(&mut projection);
            for key in &mut projection.order {
                key.by_id = scope[key.column].1 != Kind::Count;
            }
        }
        self.scope = scope;
        projection.filter = self.one_in(3).then(|| self.pred(1));
        projection
    }

    /// One MATCH of one part with at most one hop and seldom a WHERE, its rows counted
    /// (in all, per node or per type) or seen as a set (DISTINCT, `count(DISTINCT …)`).
    fn shaped_query(&mut self, features: Features) -> Query {
        let start = if self.one_in(3) {
            NodePat {
                var: None,
                label: None,
                props: Vec::new(),
            }
        } else {
            self.node_pat_named()
        };
        let mut hops = Vec::new();
        if !self.one_in(4) {
            let hop = self.hop(features);
            hops.push((hop, self.node_pat(0)));
        }
        let filter = self.one_in(5).then(|| self.pred(1));
        let clauses = vec![Clause::Match {
            optional: false,
            parts: vec![Part { start, hops }],
            filter,
        }];
        let mut items = Vec::new();
        let distinct = !self.scope.is_empty() && self.one_in(3);
        if self.scope.is_empty() {
            items.push(Item::Agg(Agg::CountStar));
        } else if distinct {
            for _ in 0..1 + self.below(2) {
                items.push(Item::Plain(self.shape_key()));
            }
        } else {
            for _ in 0..self.below(2) {
                items.push(Item::Plain(self.shape_key()));
            }
            let counted_distinct = self.one_in(3);
            for _ in 0..1 + self.below(2) {
                let agg = match self.below(3) {
                    0 if !counted_distinct => Agg::CountStar,
                    _ => Agg::Count(counted_distinct, self.shape_key()),
                };
                items.push(Item::Agg(agg));
            }
        }
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (item, format!("c{i}")))
            .collect();
        let ret = Projection {
            distinct,
            items,
            order: Vec::new(),
            skip: None,
            limit: None,
            filter: None,
        };
        Query {
            clauses,
            ret,
            params: std::mem::take(&mut self.params),
        }
    }

    /// A variable, or a relationship's type.
    fn shape_key(&mut self) -> Expr {
        let at = self.below(self.scope.len());
        let (var, kind) = self.scope[at].clone();
        if kind == Kind::Rel && !self.one_in(3) {
            Expr::Type(var)
        } else {
            Expr::Var(var)
        }
    }

    fn return_projection(&mut self, features: Features) -> Projection {
        let ordered = features.order_and_paging && self.below(20) < 7;
        let mut items = Vec::new();
        let mut distinct = false;
        if features.aggregates && self.below(5) < 2 {
            for _ in 0..self.below(3) {
                let key = if ordered {
                    self.value_expr_scalar()
                } else {
                    self.value_expr()
                };
                items.push(Item::Plain(key));
            }
            for _ in 0..1 + self.below(2) {
                items.push(Item::Agg(self.aggregate()));
            }
        } else {
            distinct = self.one_in(3);
            for _ in 0..1 + self.below(3) {
                let column = if ordered {
                    self.value_expr_scalar()
                } else {
                    self.value_expr()
                };
                items.push(Item::Plain(column));
            }
        }
        let items: Vec<(Item, String)> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (item, format!("c{i}")))
            .collect();
        let mut projection = Projection {
            distinct,
            items,
            order: Vec::new(),
            skip: None,
            limit: None,
            filter: None,
        };
        if ordered {
            self.order_by_every_column(&mut projection);
        }
        projection
    }

    /// ORDER BY every column, in a random order and direction: rows that tie are equal,
    /// so the sequence (and every page of it) is determined.
    fn order_by_every_column(&mut self, projection: &mut Projection) {
        let mut columns: Vec<usize> = (0..projection.items.len()).collect();
        for i in (1..columns.len()).rev() {
            columns.swap(i, self.below(i + 1));
        }
        projection.order = columns
            .into_iter()
            .map(|column| OrderKey {
                column,
                by_id: false,
                descending: self.one_in(2),
            })
            .collect();
        projection.skip = self.one_in(2).then(|| self.below(4) as u64);
        projection.limit = (self.below(5) < 3).then(|| self.below(6) as u64);
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for clause in &self.clauses {
            match clause {
                Clause::Match {
                    optional,
                    parts,
                    filter,
                } => {
                    let keyword = if *optional { "OPTIONAL MATCH" } else { "MATCH" };
                    let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                    write!(f, "{keyword} {}", parts.join(", "))?;
                    if let Some(filter) = filter {
                        write!(f, " WHERE {filter}")?;
                    }
                }
                Clause::With(projection) => write!(f, "WITH {projection}")?,
            }
            f.write_str(" ")?;
        }
        write!(f, "RETURN {}", self.ret)
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.start)?;
        for (hop, node) in &self.hops {
            write!(f, "{hop}{node}")?;
        }
        Ok(())
    }
}

fn write_map(f: &mut fmt::Formatter<'_>, props: &[(&'static str, Val)]) -> fmt::Result {
    if props.is_empty() {
        return Ok(());
    }
    let entries: Vec<String> = props.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    write!(f, " {{{}}}", entries.join(", "))
}

impl fmt::Display for NodePat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}", self.var.as_deref().unwrap_or(""))?;
        if let Some(label) = self.label {
            write!(f, ":{label}")?;
        }
        write_map(f, &self.props)?;
        f.write_str(")")
    }
}

impl fmt::Display for Hop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (left, right) = match self.dir {
            Dir::Out => ("-", "->"),
            Dir::In => ("<-", "-"),
            Dir::Both => ("-", "-"),
        };
        write!(f, "{left}[{}", self.var.as_deref().unwrap_or(""))?;
        if let Some(rel_type) = self.rel_type {
            write!(f, ":{rel_type}")?;
        }
        if let Some(length) = self.length {
            f.write_str(length.text)?;
        }
        write_map(f, &self.props)?;
        write!(f, "]{right}")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Prop(var, key) => write!(f, "{var}.{key}"),
            Expr::Id(var) => write!(f, "id({var})"),
            Expr::Var(var) => f.write_str(var),
            Expr::Type(var) => write!(f, "type({var})"),
            Expr::Lit(value) => write!(f, "{value}"),
            Expr::Param(name, _) => write!(f, "${name}"),
        }
    }
}

impl fmt::Display for Pred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pred::Cmp(left, op, right) => {
                let op = match op {
                    Op::Eq => "=",
                    Op::Ne => "<>",
                    Op::Lt => "<",
                    Op::Ge => ">=",
                };
                write!(f, "{left} {op} {right}")
            }
            Pred::In(value, list) => {
                let list: Vec<String> = list.iter().map(|v| v.to_string()).collect();
                write!(f, "{value} IN [{}]", list.join(", "))
            }
            Pred::StartsWith(value, prefix) => write!(f, "{value} STARTS WITH {prefix}"),
            Pred::IsNull(value, true) => write!(f, "{value} IS NULL"),
            Pred::IsNull(value, false) => write!(f, "{value} IS NOT NULL"),
            Pred::And(a, b) => write!(f, "({a} AND {b})"),
            Pred::Or(a, b) => write!(f, "({a} OR {b})"),
            Pred::Not(a) => write!(f, "NOT ({a})"),
            Pred::Pattern {
                node,
                rel_type,
                dir,
                label,
            } => {
                let hop = Hop {
                    var: None,
                    rel_type: *rel_type,
                    dir: *dir,
                    props: Vec::new(),
                    length: None,
                };
                let far = label.map_or(String::new(), |l| format!(":{l}"));
                write!(f, "({node}){hop}({far})")
            }
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Plain(expr) => write!(f, "{expr}"),
            Item::Agg(Agg::CountStar) => f.write_str("count(*)"),
            Item::Agg(Agg::Count(true, e)) => write!(f, "count(DISTINCT {e})"),
            Item::Agg(Agg::Count(false, e)) => write!(f, "count({e})"),
            Item::Agg(Agg::Sum(e)) => write!(f, "sum({e})"),
            Item::Agg(Agg::Min(e)) => write!(f, "min({e})"),
            Item::Agg(Agg::Max(e)) => write!(f, "max({e})"),
        }
    }
}

impl fmt::Display for Projection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.distinct {
            f.write_str("DISTINCT ")?;
        }
        let items: Vec<String> = self
            .items
            .iter()
            .map(|(item, alias)| match item {
                Item::Plain(Expr::Var(var)) if var == alias => alias.clone(),
                _ => format!("{item} AS {alias}"),
            })
            .collect();
        f.write_str(&items.join(", "))?;
        if !self.order.is_empty() {
            let keys: Vec<String> = self
                .order
                .iter()
                .map(|key| {
                    let alias = &self.items[key.column].1;
                    let value = if key.by_id {
                        format!("id({alias})")
                    } else {
                        alias.clone()
                    };
                    if key.descending {
                        format!("{value} DESC")
                    } else {
                        value
                    }
                })
                .collect();
            write!(f, " ORDER BY {}", keys.join(", "))?;
        }
        if let Some(skip) = self.skip {
            write!(f, " SKIP {skip}")?;
        }
        if let Some(limit) = self.limit {
            write!(f, " LIMIT {limit}")?;
        }
        // A WITH's WHERE comes after its paging, and filters the page.
        if let Some(filter) = &self.filter {
            write!(f, " WHERE {filter}")?;
        }
        Ok(())
    }
}
