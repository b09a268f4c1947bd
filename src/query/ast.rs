//! The abstract syntax tree of kizuna's openCypher subset: what the parser produces and
//! the semantic checker, planner and executor consume. It knows nothing of the graph.

use super::catalog::Function;

/// Byte offsets `[start, end)` into the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// One statement: a query, possibly a `UNION` of several.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// `EXPLAIN` or `PROFILE` before the query, or neither.
    pub mode: Mode,
    pub first: SingleQuery,
    /// `(all, query)` for each `UNION [ALL] query` that follows.
    pub unions: Vec<(bool, SingleQuery)>,
    pub span: Span,
}

/// What is asked of a statement: its answer, its plan (`EXPLAIN`), or both with what each
/// operator did (`PROFILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Run,
    Explain,
    Profile,
}

/// A sequence of clauses (no `UNION`).
#[derive(Debug, Clone, PartialEq)]
pub struct SingleQuery {
    pub clauses: Vec<Clause>,
}

/// A schema command: a statement of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaCommand {
    /// `CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key, …)`, or for
    /// `()-[r:TYPE]-()`; also the older `CREATE INDEX ON :Label(key, …)`.
    CreateIndex {
        name: Option<String>,
        if_not_exists: bool,
        target: crate::schema::IndexTarget,
        keys: Vec<String>,
    },
    /// `DROP INDEX name [IF EXISTS]`, or the older `DROP INDEX ON :Label(key, …)`.
    DropIndex {
        name: Option<String>,
        if_exists: bool,
        schema: Option<(crate::schema::IndexTarget, Vec<String>)>,
    },
    /// `SHOW INDEX[ES]`.
    ShowIndexes,
}

impl SchemaCommand {
    /// Whether the command changes the schema (a read-only database refuses it).
    pub fn writes(&self) -> bool {
        !matches!(self, SchemaCommand::ShowIndexes)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    Schema(SchemaCommand, Span),
    Match(Match),
    Unwind(Unwind),
    With(Projection),
    Return(Projection),
    Create(Create),
    Merge(Merge),
    Set(Vec<SetItem>, Span),
    Remove(Vec<RemoveItem>, Span),
    Delete(Delete),
    Call(Call),
    /// `CALL { … }`: a query run for each row, importing variables with a leading `WITH`.
    CallSubquery(CallSubquery),
}

/// `CALL { [WITH a, b] … [RETURN …] }`: with a RETURN each row is joined to the rows the
/// body returns for it; without one (a unit subquery) the rows pass through unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSubquery {
    pub body: Statement,
    pub span: Span,
}

impl CallSubquery {
    /// Whether the body starts with `WITH`, which sees the outer row's variables (and
    /// keeps those it names); any other body starts from nothing.
    pub fn imports(&self) -> bool {
        matches!(self.body.first.clauses.first(), Some(Clause::With(_)))
    }

    /// Whether the body ends with `RETURN`, whose columns join the outer rows.
    pub fn returns(&self) -> bool {
        matches!(self.body.first.clauses.last(), Some(Clause::Return(_)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub optional: bool,
    pub pattern: Vec<PatternPart>,
    pub where_clause: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unwind {
    pub expr: Expr,
    pub variable: Variable,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Create {
    pub pattern: Vec<PatternPart>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub part: PatternPart,
    pub on_create: Vec<SetItem>,
    pub on_match: Vec<SetItem>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub detach: bool,
    pub exprs: Vec<Expr>,
    pub span: Span,
}

/// `CALL name.space.proc(args) YIELD a, b AS c WHERE …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Dotted name as written, e.g. `algo.pageRank`.
    pub procedure: String,
    /// `None` when called without parentheses (`CALL db.labels`): arguments come from
    /// parameters of the same names, as in Neo4j.
    pub args: Option<Vec<Expr>>,
    /// `None` when there is no `YIELD`; `Some(vec![])` is never produced (`YIELD *` is
    /// `yield_all`).
    pub yields: Option<Vec<YieldItem>>,
    pub yield_all: bool,
    pub where_clause: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YieldItem {
    /// The procedure's output column.
    pub field: String,
    /// `YIELD field AS alias`.
    pub alias: Option<Variable>,
}

/// The body of `WITH` and `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub distinct: bool,
    /// `*` as the first item (`RETURN *`, `WITH *, n.x AS y`).
    pub star: bool,
    pub items: Vec<ProjectionItem>,
    pub order_by: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
    /// Only for `WITH … WHERE`.
    pub where_clause: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<Variable>,
    /// The verbatim source text of the expression: the column name when there is no alias
    /// (`RETURN cOuNt( * )` has the column `cOuNt( * )`).
    pub text: String,
}

impl ProjectionItem {
    /// The column name this item produces.
    pub fn column_name(&self) -> &str {
        match &self.alias {
            Some(alias) => &alias.name,
            None => &self.text,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variable {
    pub name: String,
    pub span: Span,
}

/// One comma-separated part of a pattern: `p = shortestPath((a)-[*]-(b))`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternPart {
    /// The path variable, `p` in `p = (a)-->(b)`.
    pub variable: Option<Variable>,
    pub shortest: Option<ShortestKind>,
    pub element: PatternElement,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortestKind {
    /// `shortestPath(…)`: one shortest path.
    Single,
    /// `allShortestPaths(…)`: every shortest path.
    All,
}

/// A node followed by zero or more (relationship, node) steps.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternElement {
    pub start: NodePattern,
    pub chain: Vec<(RelPattern, NodePattern)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodePattern {
    pub variable: Option<Variable>,
    pub labels: Vec<String>,
    /// A map literal or a parameter.
    pub properties: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`
    Outgoing,
    /// `<-[]-`
    Incoming,
    /// `-[]-` (and `<-[]->`, which Cypher treats the same)
    Both,
}

impl Direction {
    /// The direction of the same relationship seen from its other end.
    pub fn reversed(self) -> Direction {
        match self {
            Direction::Outgoing => Direction::Incoming,
            Direction::Incoming => Direction::Outgoing,
            Direction::Both => Direction::Both,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelPattern {
    pub variable: Option<Variable>,
    /// Alternatives: `[:A|B]` (a leading colon before each alternative is accepted too).
    pub types: Vec<String>,
    pub properties: Option<Expr>,
    pub direction: Direction,
    /// `Some` for variable length: `*` is `{min: None, max: None}`, `*2` is
    /// `{Some(2), Some(2)}`, `*1..3`, `*..5`, `*2..`.
    pub length: Option<LengthRange>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthRange {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SetItem {
    /// `n.k = expr` (the target is any expression ending in a property access).
    Property { target: Expr, value: Expr },
    /// `n = map`
    Replace { variable: Variable, value: Expr },
    /// `n += map`
    Merge { variable: Variable, value: Expr },
    /// `n:A:B`
    Labels {
        variable: Variable,
        labels: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum RemoveItem {
    /// `n.k`
    Property(Expr),
    /// `n:A:B`
    Labels {
        variable: Variable,
        labels: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
}

impl Literal {
    /// The value the literal stands for.
    pub fn value(&self) -> crate::value::Value {
        use crate::value::Value;
        match self {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Integer(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(*f),
            Literal::String(s) => Value::String(s.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `$name` (or `$0`).
    Parameter(String),
    Variable(String),
    /// `expr.key`
    Property(Box<Expr>, String),
    /// `expr[index]` (also `n['key']` on maps, nodes and relationships).
    Index(Box<Expr>, Box<Expr>),
    /// `expr[from..to]`, either bound optional.
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    List(Vec<Expr>),
    /// Map literal, keys in source order.
    Map(Vec<(String, Expr)>),
    /// `n {.name, .*, total: sum, x}`: a map of the subject's properties (all of them
    /// with `.*`), then the entries in source order, later keys replacing earlier ones.
    /// `.name` is the entry `name: n.name` and `x` the entry `x: x`. Null when the
    /// subject is null.
    MapProjection {
        subject: Box<Expr>,
        entries: Vec<(String, Expr)>,
        all_properties: bool,
    },
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `expr IS NULL` (`negated: false`) or `expr IS NOT NULL`.
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `n:A:B` used as a predicate.
    HasLabels(Box<Expr>, Vec<String>),
    /// `name(args)`, `count(DISTINCT x)`. The name is as written (dotted for namespaced
    /// functions); function names are case-insensitive, and `function` is what the name
    /// resolves to (built by [`ExprKind::call`]).
    FunctionCall {
        name: String,
        function: Function,
        distinct: bool,
        args: Vec<Expr>,
    },
    /// `count(*)`
    CountStar,
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    /// `[x IN list WHERE pred | proj]`
    ListComprehension {
        variable: Variable,
        list: Box<Expr>,
        predicate: Option<Box<Expr>>,
        projection: Option<Box<Expr>>,
    },
    /// `reduce(acc = init, x IN list | expression)`: `expression` evaluated for each
    /// element, seeing the element as `x` and the value so far as `acc`.
    Reduce {
        accumulator: Variable,
        init: Box<Expr>,
        variable: Variable,
        list: Box<Expr>,
        expression: Box<Expr>,
    },
    /// `all/any/none/single(x IN list WHERE pred)`
    Quantifier {
        kind: QuantifierKind,
        variable: Variable,
        list: Box<Expr>,
        predicate: Box<Expr>,
    },
    /// A query inside an expression: `EXISTS { … }`, `COUNT { … }`, `COLLECT { … }`, a
    /// pattern used as a predicate, or a pattern comprehension.
    Subquery(Box<Subquery>),
}

impl ExprKind {
    /// A call of the function `name`, resolved in the catalog.
    pub fn call(name: String, distinct: bool, args: Vec<Expr>) -> ExprKind {
        ExprKind::FunctionCall {
            function: Function::resolve(&name),
            name,
            distinct,
            args,
        }
    }
}

/// A query an expression runs for each row it is evaluated in.
#[derive(Debug, Clone, PartialEq)]
pub struct Subquery {
    pub kind: SubqueryKind,
    /// What runs: for a pattern predicate a MATCH of the pattern; for a comprehension a
    /// MATCH of the pattern (with its WHERE) and a RETURN of the projection.
    pub body: Statement,
    /// Every variable the body names, as variable expressions: those bound where the
    /// subquery is evaluated are passed in, so walkers see them as what it reads.
    pub names: Vec<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubqueryKind {
    /// `EXISTS { … }`: whether the body has a row.
    Exists,
    /// `COUNT { … }`: how many rows the body has.
    Count,
    /// `COLLECT { … RETURN x }`: the list of the body's one column.
    Collect,
    /// `(a)-[:T]->(b)` as a predicate: whether the pattern matches.
    Pattern,
    /// `[p = (a)-->(b) WHERE … | …]`: the list of the projection over the matches.
    Comprehension,
}

impl SubqueryKind {
    /// Whether the subquery only asks whether a row exists.
    pub fn is_existence(self) -> bool {
        matches!(self, SubqueryKind::Exists | SubqueryKind::Pattern)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantifierKind {
    All,
    Any,
    None,
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Minus,
    Plus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    In,
    StartsWith,
    EndsWith,
    Contains,
    /// `=~`
    Regex,
}

impl BinaryOp {
    /// A comparison or a string test: null rather than an error on any operands.
    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        match self {
            Eq | Ne | Lt | Le | Gt | Ge | StartsWith | EndsWith | Contains => true,
            Or | Xor | And | Add | Sub | Mul | Div | Mod | Pow | In | Regex => false,
        }
    }
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }
}
