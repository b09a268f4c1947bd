//! Unit tests of the evaluator over hand-built expression trees (the parser is not
//! needed): null logic tables, comparison and equivalence, arithmetic errors, subscripts,
//! functions and aggregation; and bound expressions against the evaluator, on parsed
//! ones.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::*;
use crate::query::ast::{Literal, QuantifierKind, Variable};
use crate::query::catalog::{Aggregate, Function};
use crate::value::{Node, Path, Relationship};

// ---------------------------------------------------------------------------------------
// Helpers

#[derive(Default)]
struct TestGraph {
    nodes: HashMap<u64, Node>,
    rels: HashMap<u64, Relationship>,
    deleted_rels: HashMap<u64, Relationship>,
}

impl EntityLookup for TestGraph {
    fn node(&self, id: NodeId) -> Option<NodeRef<'_>> {
        self.nodes.get(&id).map(NodeRef::Owned)
    }
    fn relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        self.rels.get(&id).map(RelRef::Owned)
    }
    fn deleted_relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        self.deleted_rels.get(&id).map(RelRef::Owned)
    }
}

fn props(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// Node 1 `(:Hospital:Org {name: 'Kameda', beds: 900})`, node 2 `(:University)`,
/// relationship 10 `(1)-[:PART_OF {since: 2001}]->(2)`.
fn graph() -> TestGraph {
    let mut g = TestGraph::default();
    g.nodes.insert(
        1,
        Node {
            id: 1,
            labels: vec!["Hospital".into(), "Org".into()],
            properties: props(&[("name", "Kameda".into()), ("beds", 900.into())]).into(),
        },
    );
    g.nodes.insert(
        2,
        Node {
            id: 2,
            labels: vec!["University".into()],
            properties: Default::default(),
        },
    );
    g.rels.insert(
        10,
        Relationship {
            id: 10,
            rel_type: "PART_OF".into(),
            start: 1,
            end: 2,
            properties: props(&[("since", 2001.into())]).into(),
        },
    );
    g.deleted_rels.insert(
        11,
        Relationship {
            id: 11,
            rel_type: "FUNDED".into(),
            start: 1,
            end: 2,
            properties: props(&[("amount", 5.into())]).into(),
        },
    );
    g
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

/// An expression that evaluates to `v` (lists and maps become list and map literals).
fn val(v: impl Into<Value>) -> Expr {
    match v.into() {
        Value::Null => e(ExprKind::Literal(Literal::Null)),
        Value::Bool(b) => e(ExprKind::Literal(Literal::Bool(b))),
        Value::Int(i) => e(ExprKind::Literal(Literal::Integer(i))),
        Value::Float(f) => e(ExprKind::Literal(Literal::Float(f))),
        Value::String(s) => e(ExprKind::Literal(Literal::String(s))),
        Value::List(items) => e(ExprKind::List(items.into_iter().map(val).collect())),
        Value::Map(m) => e(ExprKind::Map(
            m.into_iter().map(|(k, v)| (k, val(v))).collect(),
        )),
        // Entities have no literal: bind them through variables instead.
        other => e(ExprKind::Parameter(format!("entity:{other}"))),
    }
}

fn null() -> Value {
    Value::Null
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn map(pairs: &[(&str, Value)]) -> Value {
    Value::Map(props(pairs))
}

fn var(name: &str) -> Expr {
    e(ExprKind::Variable(name.into()))
}

fn param(name: &str) -> Expr {
    e(ExprKind::Parameter(name.into()))
}

fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
    e(ExprKind::Binary(op, Box::new(l), Box::new(r)))
}

fn un(op: UnaryOp, x: Expr) -> Expr {
    e(ExprKind::Unary(op, Box::new(x)))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    e(ExprKind::call(name.into(), false, args))
}

fn prop(base: Expr, key: &str) -> Expr {
    e(ExprKind::Property(Box::new(base), key.into()))
}

fn index(base: Expr, i: Expr) -> Expr {
    e(ExprKind::Index(Box::new(base), Box::new(i)))
}

fn slice_of(base: Expr, from: Option<Expr>, to: Option<Expr>) -> Expr {
    e(ExprKind::Slice(
        Box::new(base),
        from.map(Box::new),
        to.map(Box::new),
    ))
}

fn variable(name: &str) -> Variable {
    Variable {
        name: name.into(),
        span: Span::default(),
    }
}

/// The row every test runs in: `n` node 1, `m` node 2, `r` relationship 10, `gone` a
/// deleted node, `p` a one-hop path, `x` 5.
fn row() -> BTreeMap<String, Value> {
    let mut row = BTreeMap::new();
    row.insert("n".to_owned(), Value::Node(1));
    row.insert("m".to_owned(), Value::Node(2));
    row.insert("r".to_owned(), Value::Relationship(10));
    row.insert("gone".to_owned(), Value::Node(99));
    row.insert("deleted".to_owned(), Value::Relationship(11));
    row.insert(
        "p".to_owned(),
        Value::Path(Box::new(Path {
            nodes: vec![1, 2],
            relationships: vec![10],
        })),
    );
    row.insert("x".to_owned(), Value::Int(5));
    row
}

fn run_with(expr: &Expr, aggregates: Option<&HashMap<Span, Value>>) -> Result<Value, QueryError> {
    let g = graph();
    let mut params = Params::new();
    params.insert("answer".into(), Value::Int(42));
    for entity in [Value::Node(1), Value::Node(2), Value::Relationship(1)] {
        params.insert(format!("entity:{entity}"), entity);
    }
    let budget = crate::query::budget::Budget::unlimited();
    let ctx = EvalContext {
        graph: &g,
        params: &params,
        aggregates,
        budget: &budget,
        subqueries: None,
    };
    eval(expr, &row(), &ctx)
}

fn run(expr: &Expr) -> Result<Value, QueryError> {
    run_with(expr, None)
}

/// Evaluates and compares structurally (so `1` and `1.0` differ, NaN equals NaN).
#[track_caller]
fn check(expr: Expr, expected: impl Into<Value>) {
    let expected = expected.into();
    match run(&expr) {
        Ok(v) => assert_eq!(v, expected, "for {expr:?}"),
        Err(err) => panic!("{expr:?} failed: {err}"),
    }
}

#[track_caller]
fn check_err(expr: Expr, kind: ErrorKind, code: &str) {
    match run(&expr) {
        Ok(v) => panic!("{expr:?} gave {v} instead of {code}"),
        Err(err) => {
            assert_eq!((err.kind, err.code), (kind, code), "for {expr:?}: {err}");
        }
    }
}

fn b(x: Option<bool>) -> Value {
    x.map_or(Value::Null, Value::Bool)
}

const TRI: [Option<bool>; 3] = [Some(true), Some(false), None];

// ---------------------------------------------------------------------------------------
// Logic

#[test]
fn and_or_xor_not_truth_tables() {
    for l in TRI {
        for r in TRI {
            let and = match (l, r) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let or = match (l, r) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            };
            let xor = match (l, r) {
                (Some(a), Some(c)) => Some(a != c),
                _ => None,
            };
            check(bin(BinaryOp::And, val(b(l)), val(b(r))), b(and));
            check(bin(BinaryOp::Or, val(b(l)), val(b(r))), b(or));
            check(bin(BinaryOp::Xor, val(b(l)), val(b(r))), b(xor));
        }
        check(un(UnaryOp::Not, val(b(l))), b(l.map(|x| !x)));
    }
}

#[test]
fn logic_rejects_non_booleans() {
    // The right operand is only checked when the left one does not decide.
    for (op, left) in [
        (BinaryOp::And, true),
        (BinaryOp::Or, false),
        (BinaryOp::Xor, true),
    ] {
        check_err(
            bin(op, val(left), val(123)),
            ErrorKind::TypeError,
            "InvalidArgumentType",
        );
        check_err(
            bin(op, val("x"), val(null())),
            ErrorKind::TypeError,
            "InvalidArgumentType",
        );
    }
    check_err(
        un(UnaryOp::Not, val(1)),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn and_or_stop_at_a_deciding_left_operand() {
    let boom = bin(BinaryOp::Eq, bin(BinaryOp::Div, val(1), val(0)), val(1));
    check(bin(BinaryOp::And, val(false), boom.clone()), false);
    check(bin(BinaryOp::Or, val(true), boom.clone()), true);
    check_err(
        bin(BinaryOp::And, val(true), boom),
        ErrorKind::ArithmeticError,
        "DivisionByZero",
    );
}

#[test]
fn truthy_filters_null_and_rejects_other_types() {
    assert_eq!(truthy(&Value::Bool(true)), Ok(Some(true)));
    assert_eq!(truthy(&Value::Null), Ok(None));
    let err = truthy(&Value::Int(1)).unwrap_err();
    assert_eq!(
        (err.kind, err.code),
        (ErrorKind::TypeError, "InvalidArgumentType")
    );
}

// ---------------------------------------------------------------------------------------
// Equality and comparison

#[test]
fn equality_of_scalars() {
    let cases: Vec<(Value, Value, Option<bool>)> = vec![
        (1.into(), 1.0.into(), Some(true)),
        (1.0.into(), 1.0.into(), Some(true)),
        ("1.0".into(), 1.0.into(), Some(false)),
        ("1".into(), 1.into(), Some(false)),
        (null(), null(), None),
        (null(), 1.into(), None),
        (true.into(), 1.into(), Some(false)),
        (
            4611686018427387905i64.into(),
            4611686018427387900i64.into(),
            Some(false),
        ),
        // 2^53 + 1 is not the float 2^53.
        (
            9007199254740993i64.into(),
            9007199254740992.0.into(),
            Some(false),
        ),
        (f64::NAN.into(), f64::NAN.into(), Some(false)),
        (f64::NAN.into(), 1.into(), Some(false)),
        (f64::NAN.into(), "a".into(), Some(false)),
        (Value::Node(1), Value::Node(1), Some(true)),
        (Value::Node(1), Value::Relationship(1), Some(false)),
    ];
    for (l, r, want) in cases {
        assert_eq!(cypher_equals(&l, &r), want, "{l} = {r}");
        check(bin(BinaryOp::Eq, val(l.clone()), val(r.clone())), b(want));
        check(bin(BinaryOp::Ne, val(l), val(r)), b(want.map(|x| !x)));
    }
}

#[test]
fn equality_of_lists_and_maps() {
    let cases: Vec<(Value, Value, Option<bool>)> = vec![
        (
            list(vec![1.into(), 2.into()]),
            list(vec![1.into()]),
            Some(false),
        ),
        (list(vec![null()]), list(vec![1.into()]), None),
        (list(vec!["a".into()]), list(vec![1.into()]), Some(false)),
        (
            list(vec![list(vec![1.into()])]),
            list(vec![list(vec![1.into()]), list(vec![null()])]),
            Some(false),
        ),
        (
            list(vec![list(vec![1.into()]), list(vec![2.into()])]),
            list(vec![list(vec![1.into()]), list(vec![null()])]),
            None,
        ),
        (
            list(vec![list(vec![1.into()]), list(vec![2.into(), 3.into()])]),
            list(vec![list(vec![1.into()]), list(vec![null()])]),
            Some(false),
        ),
        (list(vec![1.into(), 2.into()]), "foo".into(), Some(false)),
        (
            list(vec![1.into()]),
            list(vec![1.into(), null()]),
            Some(false),
        ),
        (
            list(vec![1.into(), 2.into()]),
            list(vec![null(), "foo".into()]),
            Some(false),
        ),
        (
            list(vec![1.into(), 2.into()]),
            list(vec![null(), 2.into()]),
            None,
        ),
        (map(&[]), map(&[]), Some(true)),
        (
            map(&[("k", 1.0.into())]),
            map(&[("k", 1.into())]),
            Some(true),
        ),
        (map(&[]), map(&[("k", null())]), Some(false)),
        (
            map(&[("k", 1.into())]),
            map(&[("k", 1.into()), ("l", null())]),
            Some(false),
        ),
        (
            map(&[("k", null())]),
            map(&[("k", null()), ("l", null())]),
            Some(false),
        ),
        (map(&[("k", null())]), map(&[("k", null())]), None),
        (map(&[("k", 1.into())]), map(&[("k", null())]), None),
        (
            map(&[("k", 1.into()), ("l", null())]),
            map(&[("k", null()), ("l", 1.into())]),
            None,
        ),
        (
            map(&[("k", 1.into()), ("l", null())]),
            map(&[("k", 1.into()), ("l", 1.into())]),
            None,
        ),
    ];
    for (l, r, want) in cases {
        check(bin(BinaryOp::Eq, val(l.clone()), val(r.clone())), b(want));
    }
}

#[test]
fn equality_of_paths_ignores_traversal_direction() {
    let p = Value::Path(Box::new(Path {
        nodes: vec![1, 1],
        relationships: vec![10],
    }));
    assert_eq!(cypher_equals(&p, &p.clone()), Some(true));
}

#[test]
fn inequalities() {
    use BinaryOp::{Ge, Gt, Le, Lt};
    let nan = || Value::Float(f64::NAN);
    let cases: Vec<(BinaryOp, Value, Value, Option<bool>)> = vec![
        (Lt, 1.into(), 3.25.into(), Some(true)),
        (Ge, 3.25.into(), 1.into(), Some(true)),
        (Lt, 1.into(), 1.0.into(), Some(false)),
        (Le, 1.into(), 1.0.into(), Some(true)),
        (Lt, "1.0".into(), 1.0.into(), None),
        (Lt, "1".into(), 1.into(), None),
        (Lt, "a".into(), "b".into(), Some(true)),
        (Gt, "xx".into(), "x".into(), Some(true)),
        (Lt, false.into(), true.into(), Some(true)),
        (Lt, true.into(), 1.into(), None),
        (Lt, null(), 1.into(), None),
        (Lt, map(&[]), map(&[]), None),
        (Lt, Value::Node(1), Value::Node(2), None),
        (Gt, nan(), 1.into(), Some(false)),
        (Le, nan(), 1.0.into(), Some(false)),
        (Ge, nan(), nan(), Some(false)),
        (Lt, nan(), "a".into(), None),
        (
            Ge,
            list(vec![1.into(), 0.into()]),
            list(vec![1.into()]),
            Some(true),
        ),
        (
            Ge,
            list(vec![1.into(), null()]),
            list(vec![1.into()]),
            Some(true),
        ),
        (
            Ge,
            list(vec![1.into(), 2.into()]),
            list(vec![1.into(), null()]),
            None,
        ),
        (
            Ge,
            list(vec![1.into(), "a".into()]),
            list(vec![1.into(), null()]),
            None,
        ),
        (
            Ge,
            list(vec![1.into(), 2.into()]),
            list(vec![3.into(), null()]),
            Some(false),
        ),
        (Lt, i64::MAX.into(), 9.3e18.into(), Some(true)),
        (Gt, (-5).into(), (-5.5).into(), Some(true)),
    ];
    for (op, l, r, want) in cases {
        assert_eq!(compare_values(op, &l, &r), want, "{l} {op:?} {r}");
        check(bin(op, val(l), val(r)), b(want));
    }
}

#[test]
fn order_across_types() {
    let sorted = vec![
        map(&[("a", 1.into())]),
        Value::Node(1),
        Value::Node(2),
        Value::Relationship(10),
        list(vec![]),
        list(vec![1.into()]),
        list(vec![1.into(), 2.into()]),
        Value::Path(Box::new(Path {
            nodes: vec![1],
            relationships: vec![],
        })),
        "".into(),
        "a".into(),
        "b".into(),
        false.into(),
        true.into(),
        f64::NEG_INFINITY.into(),
        (-1).into(),
        0.5.into(),
        2.into(),
        f64::INFINITY.into(),
        f64::NAN.into(),
        null(),
    ];
    let mut shuffled = sorted.clone();
    shuffled.reverse();
    shuffled.swap(3, 11);
    shuffled.sort_by(compare_for_order);
    assert_eq!(shuffled, sorted);
    assert_eq!(
        compare_for_order(&1.into(), &1.0.into()),
        std::cmp::Ordering::Equal
    );
}

#[test]
fn sort_keys_mix_directions() {
    use std::cmp::Ordering;
    let a = [Value::from("x"), Value::Int(1)];
    let b = [Value::from("x"), Value::Int(2)];
    assert_eq!(compare_sort_keys(&a, &b, &[false, false]), Ordering::Less);
    assert_eq!(compare_sort_keys(&a, &b, &[false, true]), Ordering::Greater);
    assert_eq!(compare_sort_keys(&a, &a, &[true, true]), Ordering::Equal);
    // Descending puts null first.
    assert_eq!(
        compare_sort_keys(&[null()], &[1.into()], &[true]),
        Ordering::Less
    );
}

#[test]
fn group_keys_use_equivalence() {
    let keys = [
        Value::Int(1),
        Value::Float(1.0),
        Value::Float(f64::NAN),
        Value::Float(f64::NAN),
        null(),
        null(),
        list(vec![1.into(), null()]),
        list(vec![1.0.into(), null()]),
        map(&[("a", 0.into())]),
        map(&[("a", (-0.0).into())]),
        Value::Float(0.5),
        "1".into(),
    ];
    let set: HashSet<GroupKey> = keys.iter().map(|k| GroupKey(vec![k.clone()])).collect();
    // {1, NaN, null, [1, null], {a: 0}, 0.5, '1'}
    assert_eq!(set.len(), 7);
    assert_eq!(
        GroupKey(vec![1.into(), null()]),
        GroupKey(vec![1.0.into(), null()])
    );
    assert_ne!(GroupKey(vec![1.into()]), GroupKey(vec![1.into(), null()]));
    assert!(equivalent(&f64::NAN.into(), &f64::NAN.into()));
    assert!(!equivalent(
        &9007199254740993i64.into(),
        &9007199254740992.0.into()
    ));
}

// ---------------------------------------------------------------------------------------
// Arithmetic and strings

#[test]
fn arithmetic_results() {
    use BinaryOp::{Add, Div, Mod, Mul, Pow, Sub};
    let cases: Vec<(BinaryOp, Value, Value, Value)> = vec![
        (Add, 1.into(), 2.into(), 3.into()),
        (Add, 1.into(), 2.5.into(), 3.5.into()),
        (Sub, 1.into(), 3.into(), (-2).into()),
        (Mul, 4.into(), 2.5.into(), 10.0.into()),
        (Div, 7.into(), 2.into(), 3.into()),
        (Div, (-7).into(), 2.into(), (-3).into()),
        (Div, 7.0.into(), 2.into(), 3.5.into()),
        (Div, 1.0.into(), 0.into(), f64::INFINITY.into()),
        (Div, 0.0.into(), 0.0.into(), f64::NAN.into()),
        (Mod, (-7).into(), 2.into(), (-1).into()),
        (Mod, 7.5.into(), 2.into(), 1.5.into()),
        (Mod, i64::MIN.into(), (-1).into(), 0.into()),
        (Pow, 2.into(), 3.into(), 8.0.into()),
        (Pow, 4.into(), 0.5.into(), 2.0.into()),
        (Add, null(), 1.into(), null()),
        (Mul, 2.into(), null(), null()),
        (Add, "ab".into(), "cd".into(), "abcd".into()),
        (Add, "n".into(), 1.into(), "n1".into()),
        (Add, 1.5.into(), "x".into(), "1.5x".into()),
        (
            Add,
            list(vec![1.into(), 10.into()]),
            list(vec![4.into()]),
            list(vec![1.into(), 10.into(), 4.into()]),
        ),
        (
            Add,
            list(vec![false.into()]),
            false.into(),
            list(vec![false.into(), false.into()]),
        ),
        (
            Add,
            0.into(),
            list(vec![1.into()]),
            list(vec![0.into(), 1.into()]),
        ),
        (Add, list(vec![]), null(), null()),
    ];
    for (op, l, r, want) in cases {
        check(bin(op, val(l), val(r)), want);
    }
    check(un(UnaryOp::Minus, val(5)), -5);
    check(un(UnaryOp::Minus, val(-0.5)), 0.5);
    check(un(UnaryOp::Plus, val(2)), 2);
    check(un(UnaryOp::Minus, val(null())), null());
}

#[test]
fn arithmetic_errors() {
    use BinaryOp::{Add, Div, Mod, Mul, Sub};
    let overflow = [
        (Add, i64::MAX, 1),
        (Sub, i64::MIN, 1),
        (Mul, i64::MAX, 2),
        (Div, i64::MIN, -1),
    ];
    for (op, l, r) in overflow {
        check_err(
            bin(op, val(l), val(r)),
            ErrorKind::ArithmeticError,
            "IntegerOverflow",
        );
    }
    check_err(
        un(UnaryOp::Minus, val(i64::MIN)),
        ErrorKind::ArithmeticError,
        "IntegerOverflow",
    );
    check_err(
        bin(Div, val(1), val(0)),
        ErrorKind::ArithmeticError,
        "DivisionByZero",
    );
    check_err(
        bin(Mod, val(1), val(0)),
        ErrorKind::ArithmeticError,
        "DivisionByZero",
    );
    check_err(
        bin(Sub, val("a"), val(1)),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check_err(
        bin(Add, val(true), val(1)),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check_err(
        un(UnaryOp::Minus, val("a")),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn string_predicates_and_regex() {
    use BinaryOp::{Contains, EndsWith, Regex, StartsWith};
    check(bin(StartsWith, val("Kameda"), val("Kam")), true);
    check(bin(EndsWith, val("Kameda"), val("da")), true);
    check(bin(Contains, val("Kameda"), val("med")), true);
    check(bin(Contains, val("Kameda"), val("x")), false);
    check(bin(StartsWith, val(1), val("1")), null());
    check(bin(Contains, val("a"), val(null())), null());
    check(bin(Regex, val("Kameda"), val("K.*a")), true);
    // Whole-string match only.
    check(bin(Regex, val("Kameda"), val("ame")), false);
    check(bin(Regex, val("a|b"), val("a|b")), false);
    check(bin(Regex, val("b"), val("a|b")), true);
    check(bin(Regex, val("亀田"), val("亀.")), true);
    check(bin(Regex, val(1), val(".*")), null());
    check_err(
        bin(Regex, val("a"), val("(")),
        ErrorKind::ArgumentError,
        "InvalidArgumentValue",
    );
}

#[test]
fn in_with_null_semantics() {
    let l = |items: Vec<Value>| list(items);
    let cases: Vec<(Value, Value, Value)> = vec![
        (2.into(), l(vec![1.into(), null()]), null()),
        (3.into(), l(vec![1.into(), null(), 3.into()]), true.into()),
        (1.into(), l(vec!["1".into(), 2.into()]), false.into()),
        (null(), l(vec![]), false.into()),
        (null(), l(vec![null()]), null()),
        (
            l(vec![1.into()]),
            l(vec![1.into(), 2.into(), l(vec![1.into()])]),
            true.into(),
        ),
        (
            l(vec![1.into(), 2.into()]),
            l(vec![1.into(), 2.into()]),
            false.into(),
        ),
        (
            l(vec![1.into()]),
            l(vec![l(vec![1.into(), null()])]),
            false.into(),
        ),
        (l(vec![null()]), l(vec![l(vec![null()])]), null()),
        (
            l(vec![1.into(), 2.into()]),
            l(vec![
                l(vec![null(), "foo".into()]),
                l(vec![1.into(), 2.into()]),
            ]),
            true.into(),
        ),
        (1.into(), null(), null()),
    ];
    for (needle, hay, want) in cases {
        check(bin(BinaryOp::In, val(needle), val(hay)), want);
    }
    check_err(
        bin(BinaryOp::In, val(1), val(1)),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn is_null() {
    let is_null = |x: Expr, negated| {
        e(ExprKind::IsNull {
            expr: Box::new(x),
            negated,
        })
    };
    check(is_null(val(null()), false), true);
    check(is_null(val(1), false), false);
    check(is_null(val(null()), true), false);
    check(is_null(prop(var("n"), "missing"), false), true);
}

// ---------------------------------------------------------------------------------------
// Graph access, variables, parameters

#[test]
fn properties_of_entities_and_maps() {
    check(prop(var("n"), "name"), "Kameda");
    check(prop(var("n"), "missing"), null());
    check(prop(var("r"), "since"), 2001);
    check(prop(val(map(&[("a", 1.into())])), "a"), 1);
    check(prop(val(map(&[("a", 1.into())])), "A"), null());
    check(prop(val(null()), "a"), null());
    check(
        prop(prop(val(map(&[("a", map(&[("b", 2.into())]))])), "a"), "b"),
        2,
    );
    for bad in [val(1), val("s"), val(list(vec![])), var("p")] {
        check_err(
            prop(bad, "num"),
            ErrorKind::TypeError,
            "InvalidArgumentType",
        );
    }
    check_err(
        prop(var("gone"), "name"),
        ErrorKind::EntityNotFound,
        "DeletedEntityAccess",
    );
}

#[test]
fn label_predicates() {
    let has = |x: Expr, labels: &[&str]| {
        e(ExprKind::HasLabels(
            Box::new(x),
            labels.iter().map(|l| (*l).to_owned()).collect(),
        ))
    };
    check(has(var("n"), &["Hospital"]), true);
    check(has(var("n"), &["Hospital", "Org"]), true);
    check(has(var("n"), &["Hospital", "University"]), false);
    check(has(var("m"), &["Hospital"]), false);
    check(has(val(null()), &["Hospital"]), null());
    check(has(var("r"), &["PART_OF"]), true);
    check_err(
        has(val(1), &["A"]),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn variables_and_parameters() {
    check(var("x"), 5);
    check(param("answer"), 42);
    check_err(var("nope"), ErrorKind::SyntaxError, "UndefinedVariable");
    check_err(
        param("nope"),
        ErrorKind::ParameterMissing,
        "MissingParameter",
    );
    check(
        e(ExprKind::Map(vec![
            ("b".into(), val(1)),
            ("a".into(), var("x")),
        ])),
        map(&[("a", 5.into()), ("b", 1.into())]),
    );
}

// ---------------------------------------------------------------------------------------
// Subscripts

#[test]
fn list_and_map_subscripts() {
    let l = || val(list(vec![1.into(), 2.into(), 3.into()]));
    check(index(l(), val(0)), 1);
    check(index(l(), val(-1)), 3);
    check(index(l(), val(-3)), 1);
    check(index(l(), val(3)), null());
    check(index(l(), val(-4)), null());
    check(index(l(), val(null())), null());
    check(index(val(null()), val(0)), null());
    for bad in [
        val(true),
        val(4.7),
        val("1"),
        val(list(vec![1.into()])),
        val(map(&[])),
    ] {
        check_err(index(l(), bad), ErrorKind::TypeError, "InvalidArgumentType");
    }
    for bad in [val(true), val(123), val(4.7), val("1")] {
        check_err(
            index(bad, val(0)),
            ErrorKind::TypeError,
            "InvalidArgumentType",
        );
    }
    let m = || val(map(&[("name", "Mats".into()), ("Name", "Pontus".into())]));
    check(index(m(), val("Name")), "Pontus");
    check(index(m(), val("nAMe")), null());
    check(index(m(), val(null())), null());
    check(
        index(var("n"), bin(BinaryOp::Add, val("nam"), val("e"))),
        "Kameda",
    );
    check_err(
        index(m(), val(0)),
        ErrorKind::TypeError,
        "MapElementAccessByNonString",
    );
    check_err(
        index(m(), val(12.3)),
        ErrorKind::TypeError,
        "MapElementAccessByNonString",
    );
    check_err(
        index(var("n"), val(0)),
        ErrorKind::TypeError,
        "MapElementAccessByNonString",
    );
}

#[test]
fn list_slices() {
    let five = || val(list((1..=5).map(Value::Int).collect()));
    let three = || val(list((1..=3).map(Value::Int).collect()));
    let ints = |xs: &[i64]| list(xs.iter().map(|x| Value::Int(*x)).collect());
    check(slice_of(five(), Some(val(1)), Some(val(3))), ints(&[2, 3]));
    check(slice_of(three(), Some(val(1)), None), ints(&[2, 3]));
    check(slice_of(three(), None, Some(val(2))), ints(&[1, 2]));
    check(slice_of(three(), Some(val(0)), Some(val(1))), ints(&[1]));
    check(slice_of(three(), Some(val(0)), Some(val(0))), ints(&[]));
    check(
        slice_of(three(), Some(val(-3)), Some(val(-1))),
        ints(&[1, 2]),
    );
    check(slice_of(three(), Some(val(3)), Some(val(1))), ints(&[]));
    check(
        slice_of(three(), Some(val(-5)), Some(val(5))),
        ints(&[1, 2, 3]),
    );
    check(
        slice_of(three(), Some(val(null())), Some(val(null()))),
        null(),
    );
    check(slice_of(three(), Some(val(1)), Some(val(null()))), null());
    check(slice_of(three(), None, Some(val(null()))), null());
    check(slice_of(three(), Some(val(null())), None), null());
    check(slice_of(val(null()), Some(val(1)), None), null());
    check_err(
        slice_of(three(), Some(val(1.5)), None),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check_err(
        slice_of(val("abc"), Some(val(1)), None),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

// ---------------------------------------------------------------------------------------
// CASE, comprehensions, quantifiers

#[test]
fn case_expressions() {
    let simple = |subject: Value| {
        e(ExprKind::Case {
            operand: Some(Box::new(val(subject))),
            whens: vec![(val(1), val("one")), (val(2), val("two"))],
            otherwise: Some(Box::new(val("many"))),
        })
    };
    check(simple(1.0.into()), "one");
    check(simple(2.into()), "two");
    check(simple(3.into()), "many");
    check(simple(null()), "many");
    let generic = |x: Value| {
        e(ExprKind::Case {
            operand: None,
            whens: vec![
                (bin(BinaryOp::Lt, val(x.clone()), val(0)), val("negative")),
                (bin(BinaryOp::Eq, val(x), val(0)), val("zero")),
            ],
            otherwise: None,
        })
    };
    check(generic((-1).into()), "negative");
    check(generic(0.into()), "zero");
    check(generic(1.into()), null());
    check(generic(null()), null());
    check_err(
        e(ExprKind::Case {
            operand: None,
            whens: vec![(val(1), val("x"))],
            otherwise: None,
        }),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn list_comprehensions() {
    let comp = |list_expr: Expr, pred: Option<Expr>, proj: Option<Expr>| {
        e(ExprKind::ListComprehension {
            variable: variable("y"),
            list: Box::new(list_expr),
            predicate: pred.map(Box::new),
            projection: proj.map(Box::new),
        })
    };
    let nums = || val(list(vec![1.into(), 2.into(), null(), 4.into()]));
    check(
        comp(
            nums(),
            Some(bin(BinaryOp::Gt, var("y"), val(1))),
            Some(bin(BinaryOp::Mul, var("y"), var("x"))),
        ),
        list(vec![10.into(), 20.into()]),
    );
    check(
        comp(nums(), None, None),
        list(vec![1.into(), 2.into(), null(), 4.into()]),
    );
    // The comprehension's variable shadows the row's.
    check(
        e(ExprKind::ListComprehension {
            variable: variable("x"),
            list: Box::new(val(list(vec![1.into()]))),
            predicate: None,
            projection: Some(Box::new(var("x"))),
        }),
        list(vec![1.into()]),
    );
    check(comp(val(null()), None, None), null());
    check_err(
        comp(val(1), None, None),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn quantifiers_with_nulls() {
    use QuantifierKind::{All, Any, None as NoneOf, Single};
    let q = |kind, items: Vec<Value>| {
        e(ExprKind::Quantifier {
            kind,
            variable: variable("y"),
            list: Box::new(val(list(items))),
            predicate: Box::new(bin(BinaryOp::Gt, var("y"), val(1))),
        })
    };
    let v = |xs: &[Option<i64>]| -> Vec<Value> {
        xs.iter()
            .map(|x| x.map_or(Value::Null, Value::Int))
            .collect()
    };
    check(q(All, v(&[Some(2), Some(3)])), true);
    check(q(All, v(&[Some(2), Some(1)])), false);
    check(q(All, v(&[Some(2), None])), null());
    check(q(All, v(&[Some(1), None])), false);
    check(q(All, v(&[])), true);
    check(q(Any, v(&[Some(1), Some(2)])), true);
    check(q(Any, v(&[Some(1), None])), null());
    check(q(Any, v(&[])), false);
    check(q(NoneOf, v(&[Some(1), Some(0)])), true);
    check(q(NoneOf, v(&[Some(1), Some(5)])), false);
    check(q(NoneOf, v(&[Some(1), None])), null());
    check(q(Single, v(&[Some(1), Some(5)])), true);
    check(q(Single, v(&[Some(2), Some(5)])), false);
    check(q(Single, v(&[Some(2), Some(5), None])), false);
    check(q(Single, v(&[Some(2), None])), null());
    check(q(Single, v(&[])), false);
}

// ---------------------------------------------------------------------------------------
// Aggregates inside expressions

#[test]
fn aggregate_values_come_from_the_context() {
    let count_star = Expr::new(ExprKind::CountStar, Span::new(7, 15));
    let sum = Expr::new(
        ExprKind::call("SUM".into(), false, vec![var("x")]),
        Span::new(20, 26),
    );
    let mut values = HashMap::new();
    values.insert(Span::new(7, 15), Value::Int(3));
    values.insert(Span::new(20, 26), Value::Int(10));
    let total = bin(BinaryOp::Add, count_star.clone(), sum);
    assert_eq!(run_with(&total, Some(&values)), Ok(Value::Int(13)));
    let err = run(&count_star).unwrap_err();
    assert_eq!(
        (err.kind, err.code),
        (ErrorKind::SyntaxError, "InvalidAggregation")
    );
    assert!(Function::resolve("collect").is_aggregate());
    assert!(Function::resolve("PERCENTILEDISC").is_aggregate());
    assert!(!Function::resolve("coalesce").is_aggregate());
}

// ---------------------------------------------------------------------------------------
// Functions

fn f1(name: &str, arg: impl Into<Value>) -> Expr {
    call(name, vec![val(arg)])
}

#[test]
fn graph_functions() {
    check(call("id", vec![var("n")]), 1);
    check(call("ID", vec![var("r")]), 10);
    check(
        call("labels", vec![var("n")]),
        list(vec!["Hospital".into(), "Org".into()]),
    );
    check(call("type", vec![var("r")]), "PART_OF");
    check(
        call("properties", vec![var("n")]),
        map(&[("beds", 900.into()), ("name", "Kameda".into())]),
    );
    check(call("properties", vec![var("m")]), map(&[]));
    check(
        f1("properties", map(&[("level", 9001.into())])),
        map(&[("level", 9001.into())]),
    );
    check(
        call("keys", vec![var("n")]),
        list(vec!["beds".into(), "name".into()]),
    );
    check(call("keys", vec![var("r")]), list(vec!["since".into()]));
    check(call("length", vec![var("p")]), 1);
    check(
        call("nodes", vec![var("p")]),
        list(vec![Value::Node(1), Value::Node(2)]),
    );
    check(
        call("relationships", vec![var("p")]),
        list(vec![Value::Relationship(10)]),
    );
    check(call("startNode", vec![var("r")]), Value::Node(1));
    check(call("endnode", vec![var("r")]), Value::Node(2));
    for name in [
        "id",
        "labels",
        "type",
        "properties",
        "keys",
        "length",
        "nodes",
        "startNode",
    ] {
        check(f1(name, null()), null());
    }
    for bad in [val(0), val(1.0), val(true), val(""), val(list(vec![]))] {
        check_err(
            call("type", vec![bad]),
            ErrorKind::TypeError,
            "InvalidArgumentValue",
        );
    }
    check_err(
        call("type", vec![var("n")]),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check_err(
        f1("labels", 1),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check_err(
        call("labels", vec![var("p")]),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check_err(
        f1("properties", 1),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check_err(
        f1("properties", "Cypher"),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check_err(
        call("length", vec![var("n")]),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check_err(
        call("labels", vec![var("gone")]),
        ErrorKind::EntityNotFound,
        "DeletedEntityAccess",
    );
    check_err(
        call("nope", vec![]),
        ErrorKind::SyntaxError,
        "UnknownFunction",
    );
    check_err(
        call("abs", vec![val(1), val(2)]),
        ErrorKind::SyntaxError,
        "InvalidNumberOfArguments",
    );
}

#[test]
fn list_functions() {
    let ints = |xs: &[i64]| list(xs.iter().map(|x| Value::Int(*x)).collect());
    check(f1("size", ints(&[1, 2, 3])), 3);
    check(f1("size", "亀田病院"), 4);
    check(f1("size", null()), null());
    check_err(
        call("size", vec![var("p")]),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check(f1("head", ints(&[1, 2])), 1);
    check(f1("head", ints(&[])), null());
    check(f1("last", ints(&[1, 2])), 2);
    check(f1("tail", ints(&[1, 2, 3])), ints(&[2, 3]));
    check(f1("tail", ints(&[])), ints(&[]));
    check(f1("reverse", ints(&[1, 2, 3])), ints(&[3, 2, 1]));
    check(f1("reverse", "abc"), "cba");
    check(f1("isEmpty", ints(&[])), true);
    check(f1("isEmpty", map(&[("a", 1.into())])), false);
    check(f1("isEmpty", ""), true);
    check_err(f1("head", 1), ErrorKind::TypeError, "InvalidArgumentType");
    check(
        call(
            "coalesce",
            vec![val(null()), val(2), bin(BinaryOp::Div, val(1), val(0))],
        ),
        2,
    );
    check(call("coalesce", vec![val(null())]), null());
    check(call("exists", vec![prop(var("n"), "name")]), true);
    check(call("exists", vec![prop(var("n"), "nope")]), false);
}

#[test]
fn range_function() {
    let ints = |xs: &[i64]| list(xs.iter().map(|x| Value::Int(*x)).collect());
    let range = |args: &[i64]| call("range", args.iter().map(|a| val(*a)).collect());
    check(range(&[0, 3]), ints(&[0, 1, 2, 3]));
    check(range(&[0, 10, 3]), ints(&[0, 3, 6, 9]));
    check(range(&[5, 1, -2]), ints(&[5, 3, 1]));
    check(range(&[1, 0]), ints(&[]));
    check(range(&[0, 5, -1]), ints(&[]));
    check(range(&[-2000, 0, 1298]), ints(&[-2000, -702]));
    check(
        range(&[i64::MAX - 1, i64::MAX]),
        ints(&[i64::MAX - 1, i64::MAX]),
    );
    for args in [[0, 0, 0], [2, 8, 0], [-2, 8, 0], [2, -8, 0]] {
        check_err(range(&args), ErrorKind::ArgumentError, "NumberOutOfRange");
    }
    let bad: Vec<[Value; 3]> = vec![
        [true.into(), 1.into(), 1.into()],
        [0.into(), true.into(), 1.into()],
        [0.into(), 1.into(), true.into()],
        [(-1.1).into(), 1.into(), 1.into()],
        [(-0.0).into(), 1.into(), 1.into()],
        [0.into(), (-1.1).into(), 1.into()],
    ];
    for args in bad {
        check_err(
            call("range", args.into_iter().map(val).collect()),
            ErrorKind::TypeError,
            "InvalidArgumentType",
        );
    }
    check_err(
        range(&[0, i64::MAX]),
        ErrorKind::LimitExceeded,
        "ListTooLarge",
    );
}

#[test]
fn string_functions() {
    check(f1("toUpper", "kameda"), "KAMEDA");
    check(f1("tolower", "KAMEDA"), "kameda");
    check(f1("trim", "  a b  "), "a b");
    check(f1("lTrim", "  a "), "a ");
    check(f1("rtrim", "  a "), "  a");
    check(f1("toUpper", null()), null());
    check_err(
        f1("toUpper", 1),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    let sub = |args: Vec<Value>| call("substring", args.into_iter().map(val).collect());
    check(sub(vec!["2020-03-24".into(), 0.into(), 4.into()]), "2020");
    check(sub(vec!["亀田総合病院".into(), 2.into()]), "総合病院");
    check(sub(vec!["abc".into(), 5.into()]), "");
    check(sub(vec!["abc".into(), 1.into(), 10.into()]), "bc");
    check(sub(vec![null(), 1.into()]), null());
    check_err(
        sub(vec!["abc".into(), (-1).into()]),
        ErrorKind::ArgumentError,
        "NegativeIntegerArgument",
    );
    check_err(
        sub(vec!["abc".into(), 0.into(), (-1).into()]),
        ErrorKind::ArgumentError,
        "NegativeIntegerArgument",
    );
    check_err(
        sub(vec!["abc".into(), 1.5.into()]),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
    check(call("left", vec![val("hello"), val(2)]), "he");
    check(call("right", vec![val("hello"), val(2)]), "lo");
    check(call("right", vec![val("hi"), val(5)]), "hi");
    check(sub(vec!["亀田総合病院".into(), 1.into(), 2.into()]), "田総");
    check(sub(vec!["aé".into(), 1.into(), 5.into()]), "é");
    check(call("left", vec![val("亀田総合"), val(3)]), "亀田総");
    check(call("right", vec![val("亀田総合"), val(3)]), "田総合");
    check(call("left", vec![val(""), val(3)]), "");
    check_err(
        call("left", vec![val("hello"), val(-1)]),
        ErrorKind::ArgumentError,
        "NegativeIntegerArgument",
    );
    check(
        call("replace", vec![val("a-b-c"), val("-"), val("+")]),
        "a+b+c",
    );
    check(
        call("replace", vec![val("abc"), val(null()), val("+")]),
        null(),
    );
    check(
        call("split", vec![val("a,b,,c,"), val(",")]),
        list(vec![
            "a".into(),
            "b".into(),
            "".into(),
            "c".into(),
            "".into(),
        ]),
    );
    check(
        call("split", vec![val("ab"), val("")]),
        list(vec!["a".into(), "b".into()]),
    );
    check(call("split", vec![val(null()), val(",")]), null());
    check(
        call("split", vec![val("a--b---c"), val("--")]),
        list(vec!["a".into(), "b".into(), "-c".into()]),
    );
    check(
        call("split", vec![val(""), val(",")]),
        list(vec!["".into()]),
    );
    check(
        call(
            "split",
            vec![val("a,b"), val(list(vec!["".into(), ",".into()]))],
        ),
        list(vec!["a".into(), "b".into()]),
    );
    check(
        call(
            "split",
            vec![val("2020-03/24"), val(list(vec!["-".into(), "/".into()]))],
        ),
        list(vec!["2020".into(), "03".into(), "24".into()]),
    );
    check(
        call("split", vec![val("東京・大阪"), val("・")]),
        list(vec!["東京".into(), "大阪".into()]),
    );
    check_err(
        call("split", vec![val("a"), val(1)]),
        ErrorKind::TypeError,
        "InvalidArgumentType",
    );
}

#[test]
fn conversion_functions() {
    check(f1("toString", 42), "42");
    check(f1("toString", 1.0), "1.0");
    check(f1("toString", 2.5), "2.5");
    check(f1("toString", true), "true");
    check(f1("toString", "s"), "s");
    check(f1("toString", null()), null());
    check_err(
        f1("toString", list(vec![])),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check(f1("toStringOrNull", list(vec![])), null());
    check(f1("toInteger", "42"), 42);
    check(f1("toInteger", " 42 "), 42);
    check(f1("toInteger", "1.9"), 1);
    check(f1("toInteger", -1.9), -1);
    check(f1("toInteger", "x"), null());
    check(f1("toInteger", "NaN"), null());
    check(f1("toInteger", true), 1);
    check(f1("toInteger", f64::NAN), null());
    check_err(
        f1("toInteger", list(vec![])),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check(f1("toFloat", 1), 1.0);
    check(f1("toFloat", "2.5"), 2.5);
    check(f1("toFloat", "1e3"), 1000.0);
    check(f1("toFloat", "inf"), null());
    check(f1("toFloat", "abc"), null());
    check_err(
        f1("toFloat", true),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check(f1("toBoolean", "TRUE"), true);
    check(f1("toBoolean", "false"), false);
    check(f1("toBoolean", "yes"), null());
    check(f1("toBoolean", 0), false);
    check(f1("toBoolean", true), true);
    check_err(
        f1("toBoolean", 1.5),
        ErrorKind::TypeError,
        "InvalidArgumentValue",
    );
    check(f1("toBooleanOrNull", 1.5), null());
    check(call("nullIf", vec![val(1), val(1.0)]), null());
    check(call("nullIf", vec![val(1), val(2)]), 1);
}

#[test]
fn numeric_functions() {
    check(f1("abs", -1), 1);
    check(f1("abs", -1.5), 1.5);
    check(f1("abs", null()), null());
    check_err(
        f1("abs", i64::MIN),
        ErrorKind::ArithmeticError,
        "IntegerOverflow",
    );
    check_err(f1("abs", "1"), ErrorKind::TypeError, "InvalidArgumentType");
    check(f1("round", 2.5), 3.0);
    check(f1("round", -2.5), -2.0);
    check(f1("round", 2.4), 2.0);
    check(f1("round", 3), 3.0);
    check(call("round", vec![val(1.23456), val(2)]), 1.23);
    check(call("round", vec![val(-1.005), val(1)]), -1.0);
    check(f1("ceil", 1.1), 2.0);
    check(f1("floor", -1.1), -2.0);
    check(f1("sign", -3), -1);
    check(f1("sign", 0.5), 1);
    check(f1("sign", 0), 0);
    check(f1("sqrt", 16), 4.0);
    check(f1("sqrt", -1), f64::NAN);
    check(f1("exp", 0), 1.0);
    check(f1("log10", 100), 2.0);
    check(call("pi", vec![]), std::f64::consts::PI);
    check(call("atan2", vec![val(0), val(1)]), 0.0);
    check_err(f1("sqrt", "4"), ErrorKind::TypeError, "InvalidArgumentType");
}

// ---------------------------------------------------------------------------------------
// Accumulators

/// The aggregating function `name` (any case).
fn aggregate(name: &str) -> Aggregate {
    match Function::resolve(name) {
        Function::Aggregate(function) => function,
        other => panic!("{name} resolves to {other:?}"),
    }
}

fn fold(name: &str, distinct: bool, values: Vec<Value>) -> Result<Value, QueryError> {
    let mut acc = Accumulator::new(aggregate(name), distinct);
    for v in values {
        acc.update(v)?;
    }
    Ok(acc.finish())
}

#[test]
fn count_and_count_star() {
    let values = vec![1.into(), null(), 1.0.into(), 2.into()];
    assert_eq!(fold("count", false, values.clone()), Ok(Value::Int(3)));
    assert_eq!(fold("COUNT", true, values.clone()), Ok(Value::Int(2)));
    let mut star = Accumulator::count_star();
    for v in values {
        star.update(v).unwrap();
    }
    assert_eq!(star.finish(), Value::Int(4));
    assert_eq!(fold("count", false, vec![]), Ok(Value::Int(0)));
}

#[test]
fn count_distinct_keeps_nodes_apart_from_other_values() {
    // Nodes are kept by id on their own; a relationship or an integer with the same
    // number is still another value.
    let values = vec![
        Value::Node(1),
        Value::Node(1),
        Value::Node(2),
        Value::Relationship(1),
        Value::Relationship(1),
        1.into(),
        1.0.into(),
        null(),
        Value::Node(2),
    ];
    assert_eq!(fold("count", true, values), Ok(Value::Int(4)));
}

#[test]
fn sum_and_avg() {
    assert_eq!(
        fold("sum", false, vec![33.into(), null(), 42.into()]),
        Ok(Value::Int(75))
    );
    assert_eq!(fold("sum", false, vec![]), Ok(Value::Int(0)));
    assert_eq!(
        fold("sum", false, vec![1.into(), 0.5.into(), 2.into()]),
        Ok(Value::Float(3.5))
    );
    assert_eq!(
        fold("sum", true, vec![1.into(), 1.into(), 2.into()]),
        Ok(Value::Int(3))
    );
    let big: Vec<Value> = (1_000_000..1_003_000).map(Value::Int).collect();
    assert_eq!(fold("sum", false, big), Ok(Value::Int(3_004_498_500)));
    let err = fold("sum", false, vec![i64::MAX.into(), 1.into()]).unwrap_err();
    assert_eq!(
        (err.kind, err.code),
        (ErrorKind::ArithmeticError, "IntegerOverflow")
    );
    let err = fold("sum", false, vec!["a".into()]).unwrap_err();
    assert_eq!(
        (err.kind, err.code),
        (ErrorKind::TypeError, "InvalidArgumentType")
    );
    assert_eq!(
        fold("avg", false, vec![1.into(), 2.into(), null()]),
        Ok(Value::Float(1.5))
    );
    assert_eq!(fold("avg", false, vec![null()]), Ok(Value::Null));
    assert_eq!(
        fold("avg", false, vec![i64::MAX.into(), i64::MAX.into()]),
        Ok(Value::Float(i64::MAX as f64))
    );
}

#[test]
fn min_max_collect() {
    let mixed = vec![
        1.into(),
        "a".into(),
        null(),
        0.2.into(),
        "b".into(),
        "1".into(),
        "99".into(),
    ];
    assert_eq!(fold("max", false, mixed.clone()), Ok(Value::Int(1)));
    assert_eq!(fold("min", false, mixed), Ok(Value::from("1")));
    assert_eq!(fold("min", false, vec![null()]), Ok(Value::Null));
    assert_eq!(
        fold("max", false, vec![3.into(), 10.5.into(), 7.into()]),
        Ok(Value::Float(10.5))
    );
    assert_eq!(
        fold("collect", false, vec![1.into(), null(), 1.0.into()]),
        Ok(list(vec![1.into(), 1.0.into()]))
    );
    assert_eq!(
        fold(
            "collect",
            true,
            vec![
                1.into(),
                null(),
                1.0.into(),
                f64::NAN.into(),
                f64::NAN.into()
            ]
        ),
        Ok(list(vec![1.into(), f64::NAN.into()]))
    );
    assert_eq!(fold("collect", false, vec![]), Ok(list(vec![])));
}

#[test]
fn deviation_and_percentiles() {
    let values = || {
        vec![
            2.into(),
            4.into(),
            4.into(),
            4.into(),
            5.into(),
            5.into(),
            7.into(),
            9.into(),
        ]
    };
    assert_eq!(fold("stDevP", false, values()), Ok(Value::Float(2.0)));
    match fold("stdev", false, values()) {
        Ok(Value::Float(x)) => assert!((x - 2.138_089_935).abs() < 1e-6),
        other => panic!("{other:?}"),
    }
    assert_eq!(fold("stDev", false, vec![1.into()]), Ok(Value::Float(0.0)));
    assert_eq!(fold("stDev", false, vec![]), Ok(Value::Float(0.0)));
    let pct = |name: &str, p: Value, xs: &[i64]| {
        let mut acc = Accumulator::new(aggregate(name), false);
        for x in xs {
            acc.update_with_arg(Value::Int(*x), &p)?;
        }
        Ok::<_, QueryError>(acc.finish())
    };
    let xs = [10, 20, 30, 40];
    assert_eq!(pct("percentileDisc", 0.5.into(), &xs), Ok(Value::Int(20)));
    assert_eq!(pct("percentileDisc", 0.0.into(), &xs), Ok(Value::Int(10)));
    assert_eq!(pct("percentileDisc", 1.into(), &xs), Ok(Value::Int(40)));
    assert_eq!(
        pct("percentileCont", 0.5.into(), &xs),
        Ok(Value::Float(25.0))
    );
    assert_eq!(pct("percentileCont", 0.5.into(), &[]), Ok(Value::Null));
    let err = pct("percentileDisc", 1.5.into(), &xs).unwrap_err();
    assert_eq!(
        (err.kind, err.code),
        (ErrorKind::ArgumentError, "NumberOutOfRange")
    );
    assert_eq!(Function::resolve("median"), Function::Unknown);
}

// ---------------------------------------------------------------------------------------
// Properties of the orders and the equivalence over generated values

mod generated {
    use std::cmp::Ordering;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    use proptest::prelude::*;

    use super::super::{compare_for_order, cypher_equals, equivalent, GroupKey};
    use crate::value::Value;

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..3).prop_map(Value::Int),
            prop_oneof![
                Just(f64::NAN),
                Just(-0.0),
                Just(0.0),
                Just(1.0),
                Just(2.5),
                Just(9007199254740992.0),
                Just(f64::INFINITY),
            ]
            .prop_map(Value::Float),
            Just(Value::Int(9007199254740993)),
            "[ab]{0,2}".prop_map(Value::String),
            (0u64..2).prop_map(Value::Node),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        scalar().prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::List),
                prop::collection::btree_map("[kl]", inner, 0..2).prop_map(Value::Map),
            ]
        })
    }

    fn hash_of(v: &Value) -> u64 {
        let mut h = DefaultHasher::new();
        GroupKey(vec![v.clone()]).hash(&mut h);
        h.finish()
    }

    proptest! {
        #[test]
        fn equivalent_values_hash_alike(a in value(), b in value()) {
            if equivalent(&a, &b) {
                prop_assert_eq!(hash_of(&a), hash_of(&b));
            }
            prop_assert!(equivalent(&a, &a.clone()));
        }

        #[test]
        fn equal_values_are_equivalent(a in value(), b in value()) {
            if cypher_equals(&a, &b) == Some(true) {
                prop_assert!(equivalent(&a, &b));
            }
            prop_assert_eq!(cypher_equals(&a, &b), cypher_equals(&b, &a));
        }

        #[test]
        fn order_is_antisymmetric_and_transitive(a in value(), b in value(), c in value()) {
            prop_assert_eq!(compare_for_order(&a, &b), compare_for_order(&b, &a).reverse());
            if compare_for_order(&a, &b) != Ordering::Greater
                && compare_for_order(&b, &c) != Ordering::Greater
            {
                prop_assert_ne!(compare_for_order(&a, &c), Ordering::Greater);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Bound expressions

/// The expression of `RETURN {text}`, parsed.
fn parsed(text: &str) -> Expr {
    let statement = crate::query::parser::parse_statement(&format!("RETURN {text}"))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    match statement.first.clauses.last() {
        Some(crate::query::ast::Clause::Return(projection)) => projection.items[0].expr.clone(),
        _ => panic!("{text}: not a RETURN"),
    }
}

/// Binds the variables of [`row`] to slots in name order, and knows no property key (the
/// test graph's entities are owned records, read by name either way).
struct RowSlots(Vec<String>);

impl bound::Binder for RowSlots {
    fn slot(&self, variable: &str) -> Option<usize> {
        self.0.iter().position(|name| name == variable)
    }

    fn key(&self, _: &str) -> Option<crate::graph::KeyId> {
        None
    }

    fn label(&self, _: &str) -> Option<crate::graph::LabelId> {
        None
    }
}

/// Every kind of expression binding handles, and those it leaves whole, give through the
/// bound tree exactly what the evaluator gives: the value, or the same error.
#[test]
fn bound_expressions_give_what_the_evaluator_gives() {
    let texts = [
        "x",
        "n:Hospital",
        "n:Hospital:Nope",
        "[x, 2, 3][x - 4]",
        "split(n.name, 'a')[0]",
        "n['name']",
        "x[0]",
        "gone:Hospital",
        "nothing:Hospital",
        "x:Hospital",
        "x + 1.5",
        "-x",
        "NOT (x > 1)",
        "x IS NULL",
        "nothing IS NOT NULL",
        "n.name",
        "n.beds * 2 - x",
        "r.since",
        "m.name",
        "gone.name",
        "deleted.amount",
        "x.name",
        "{a: x}.a",
        "date('2020-02-01').month",
        "$answer + x",
        "$missing",
        "CASE WHEN x > 3 THEN 'big' WHEN x > 1 THEN 'mid' ELSE 'small' END",
        "CASE x WHEN 5 THEN n.name WHEN 6 THEN 'six' END",
        "CASE WHEN x THEN 1 END",
        "x > 10 AND 1 / 0 = 1",
        "x < 10 OR 1 / 0 = 1",
        "x < 10 AND 1 / 0 = 1",
        "x XOR true",
        "x = 5 XOR n.beds > 100",
        "'a' + x",
        "[1, 2] + x",
        "x IN [1, 5, null]",
        "x IN 3",
        "n.name STARTS WITH 'Ka'",
        "n.name =~ 'K.*'",
        "toUpper(n.name) + toString(x)",
        "substring(n.name, 1, 3)",
        "substring(n.name, 1, 2, 3, 4)",
        "coalesce(nothing, n.name)",
        "coalesce(x, 1 / 0)",
        "size([y IN range(1, x) WHERE y > 2])",
        "labels(n)",
        "type(r)",
        "abs('a')",
        "n:Hospital",
        "nosuch(x)",
        "count(x)",
    ];
    let g = graph();
    let mut params = Params::new();
    params.insert("answer".into(), Value::Int(42));
    let budget = crate::query::budget::Budget::unlimited();
    let ctx = EvalContext {
        graph: &g,
        params: &params,
        aggregates: None,
        budget: &budget,
        subqueries: None,
    };
    let names = row();
    let slots = RowSlots(names.keys().cloned().collect());
    let values: Vec<Value> = names.values().cloned().collect();
    for text in texts {
        let expr = parsed(text);
        let expected = eval(&expr, &names, &ctx).map_err(|e| (e.kind, e.code));
        let bound = bound::Bound::new(&expr, &slots, &params);
        let got = bound.value(&values, &names, &ctx);
        let got = got.map(Cow::into_owned).map_err(|e| (e.kind, e.code));
        assert_eq!(got, expected, "{text}");
    }
}
