//! Parser tests: canonical text of parsed queries, exact error positions and messages,
//! every literal form of the TCK, nesting limits, and property-based round trips.

use proptest::prelude::*;

use super::*;
use crate::query::ast::*;

/// Parses `query` and compares its canonical text; then checks that the canonical text
/// parses to the same tree.
#[track_caller]
fn check(query: &str, expected: &str) {
    let parsed = match parse_statement(query) {
        Ok(s) => s,
        Err(e) => panic!("{query:?} failed: {}", e.render(query, None)),
    };
    let shown = parsed.to_string();
    assert_eq!(shown, expected, "for {query:?}");
    let again = parse_statement(&shown).unwrap_or_else(|e| panic!("reparse of {shown:?}: {e}"));
    assert!(
        crate::query::display::same_ast(&parsed, &again),
        "{shown:?} did not round-trip"
    );
}

/// Parses `query`, expecting an error at `line:column` with this code and message.
#[track_caller]
fn check_err(query: &str, code: &str, at: (u32, u32), message: &str) {
    let e = match parse_statement(query) {
        Ok(s) => panic!("{query:?} parsed as {s}"),
        Err(e) => e,
    };
    let pos = e.position.expect("syntax errors have a position");
    assert_eq!(
        (e.code, (pos.line, pos.column), e.message.as_str()),
        (code, at, message),
        "for {query:?}"
    );
    assert_eq!(e.kind, crate::query::ErrorKind::SyntaxError);
    assert_eq!(e.phase, crate::query::Phase::Compile);
}

#[track_caller]
fn code_of(query: &str) -> &'static str {
    match parse_statement(query) {
        Ok(s) => panic!("{query:?} parsed as {s}"),
        Err(e) => e.code,
    }
}

#[test]
fn patterns_and_subqueries_as_expressions() {
    check(
        "MATCH (a) WHERE (a)-[:FUNDED]->(:Hospital) AND NOT (a)--(a) RETURN a",
        "MATCH (a) WHERE ((a)-[:FUNDED]->(:Hospital) AND (NOT (a)--(a))) RETURN a",
    );
    check(
        "RETURN [p = (a)-[r:T*1..2]->(h) WHERE r.x > 0 | h.name] AS l, [(a)-->() | 1]",
        "RETURN [p = (a)-[r:T*1..2]->(h) WHERE (r.x > 0) | h.name] AS l, [(a)-->() | 1]",
    );
    check(
        "MATCH (a) WHERE exists { (a)-->(b) WHERE b.x = 1 } RETURN a",
        "MATCH (a) WHERE EXISTS { MATCH (a)-->(b) WHERE (b.x = 1) } RETURN a",
    );
    check(
        "RETURN COUNT { MATCH (a) RETURN a UNION MATCH (b) RETURN b AS a }, COLLECT { MATCH (a) RETURN a.x }",
        "RETURN COUNT { MATCH (a) RETURN a UNION MATCH (b) RETURN b AS a }, COLLECT { MATCH (a) RETURN a.x }",
    );
    check(
        "MATCH (a) CALL { WITH a CREATE (a)-[:T]->() } CALL { RETURN 1 AS one } RETURN a, one",
        "MATCH (a) CALL { WITH a CREATE (a)-[:T]->() } CALL { RETURN 1 AS one } RETURN a, one",
    );
    // Parentheses that are not a pattern stay expressions: arithmetic, a label test.
    check(
        "RETURN (a)-(b), (a) - 1, (n:Label), (x)<-(y)",
        "RETURN (a - b), (a - 1), (n:Label), (x < (-y))",
    );
    // Neither a pattern nor an expression: the error is the expression's.
    assert_eq!(code_of("RETURN (a)-[:T]"), "UnexpectedSyntax");
    let Expr {
        kind: ExprKind::Subquery(subquery),
        ..
    } = first_expr("RETURN [(a)-[r]->(b) WHERE b.x = c | r]")
    else {
        panic!("not a subquery")
    };
    assert_eq!(subquery.kind, SubqueryKind::Comprehension);
    let names: Vec<String> = subquery.names.iter().map(|e| e.to_string()).collect();
    assert_eq!(names, ["a", "r", "b", "c"]);
}

fn first_expr(query: &str) -> Expr {
    let s = parse_statement(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    match s.first.clauses.into_iter().next() {
        Some(Clause::Return(p)) => p.items.into_iter().next().map(|i| i.expr).expect("item"),
        other => panic!("not a RETURN: {other:?}"),
    }
}

fn literal(query: &str) -> Literal {
    match first_expr(query).kind {
        ExprKind::Literal(l) => l,
        other => panic!("{query:?} is not a literal: {other:?}"),
    }
}

#[test]
fn clauses() {
    check("MATCH (n) RETURN n", "MATCH (n) RETURN n");
    check(
        "optional match (a:Person:Admin {name: 'x'})-[r:KNOWS|:LIKES*1..3]->(b) where a.age > 3 return distinct a, b as c order by a.name desc, c ascending skip 1 limit 2;",
        "OPTIONAL MATCH (a:Person:Admin {name: 'x'})-[r:KNOWS|LIKES*1..3]->(b) WHERE (a.age > 3) RETURN DISTINCT a, b AS c ORDER BY a.name DESC, c SKIP 1 LIMIT 2",
    );
    check(
        "WITH DISTINCT *, 1 AS x ORDER BY x SKIP 2 LIMIT 3 WHERE x > 0 RETURN *",
        "WITH DISTINCT *, 1 AS x ORDER BY x SKIP 2 LIMIT 3 WHERE (x > 0) RETURN *",
    );
    check("UNWIND [1, 2] AS x RETURN x", "UNWIND [1, 2] AS x RETURN x");
    check(
        "CREATE (a:A {k: 1}), (a)-[:T {w: $w}]->(b:B $props)",
        "CREATE (a:A {k: 1}), (a)-[:T {w: $w}]->(b:B $props)",
    );
    check(
        "MERGE (n:N {id: 1}) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2, n:X ON CREATE SET n += {a: 1}",
        "MERGE (n:N {id: 1}) ON CREATE SET n.c = 1, n += {a: 1} ON MATCH SET n.m = 2, n:X",
    );
    check(
        "MATCH (n) SET n.k = 1, n = {a: 1}, n += {b: 2}, n:A:B, (n).x = 2, n.a.b = 3",
        "MATCH (n) SET n.k = 1, n = {a: 1}, n += {b: 2}, n:A:B, n.x = 2, n.a.b = 3",
    );
    check("MATCH (n) REMOVE n.k, n:A:B", "MATCH (n) REMOVE n.k, n:A:B");
    check("MATCH (n) DELETE n", "MATCH (n) DELETE n");
    check(
        "MATCH (n) DETACH DELETE n, m",
        "MATCH (n) DETACH DELETE n, m",
    );
    check(
        "CALL algo.pageRank() YIELD node, score AS s WHERE s > 1 RETURN node",
        "CALL algo.pageRank() YIELD node, score AS s WHERE (s > 1) RETURN node",
    );
    check("CALL db.labels", "CALL db.labels");
    check(
        "call db.search('亀田', 3) yield *",
        "CALL db.search('亀田', 3) YIELD *",
    );
    check(
        "RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x",
        "RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x",
    );
}

#[test]
fn patterns() {
    check(
        "MATCH (a)-->(b)<--(c)--(d)<-->(e)-[]->(f)<-[]-(g)-[]-(h) RETURN a",
        "MATCH (a)-->(b)<--(c)--(d)--(e)-->(f)<--(g)--(h) RETURN a",
    );
    check(
        "MATCH ()-[*]->(), ()-[*2]->(), ()-[*1..3]->(), ()-[*..5]->(), ()-[*2..]->(), ()-[r *0..1 {a: 1}]-() RETURN 1",
        "MATCH ()-[*]->(), ()-[*2]->(), ()-[*1..3]->(), ()-[*..5]->(), ()-[*2..]->(), ()-[r*0..1 {a: 1}]-() RETURN 1",
    );
    check(
        "MATCH ()-[:T {k: 1} *1..2]->() RETURN 1",
        "MATCH ()-[:T*1..2 {k: 1}]->() RETURN 1",
    );
    check(
        "MATCH p = (a)-[:R]->(b), q = shortestPath((a)-[*]-(b)), r = allShortestPaths((a)-[*..3]-(b)) RETURN p",
        "MATCH p = (a)-[:R]->(b), q = shortestPath((a)-[*]-(b)), r = allShortestPaths((a)-[*..3]-(b)) RETURN p",
    );
    check(
        "MATCH (`my node`:`a label`:MATCH) RETURN `my node`",
        "MATCH (`my node`:`a label`:`MATCH`) RETURN `my node`",
    );
    let s = parse_statement("MATCH (a)<-[r:T]-(b) RETURN a").unwrap();
    let Clause::Match(m) = &s.first.clauses[0] else {
        panic!()
    };
    let (rel, node) = &m.pattern[0].element.chain[0];
    assert_eq!(rel.direction, Direction::Incoming);
    assert_eq!(rel.span, Span::new(9, 17));
    assert_eq!(node.span, Span::new(17, 20));
    assert_eq!(m.span, Span::new(0, 20));
}

#[test]
fn expressions_and_precedence() {
    check(
        "RETURN a OR b XOR c AND NOT d = e",
        "RETURN (a OR (b XOR (c AND (NOT (d = e)))))",
    );
    check(
        "RETURN 1 + 2 * 3 ^ 2 ^ 2 - -x % 2 / 4",
        "RETURN ((1 + (2 * ((3 ^ 2) ^ 2))) - (((-x) % 2) / 4))",
    );
    check("RETURN a < b <= c", "RETURN ((a < b) AND (b <= c))");
    check(
        "RETURN a = b <> c != d",
        "RETURN (((a = b) AND (b <> c)) AND (c <> d))",
    );
    check(
        "RETURN x + 1 IN l, s STARTS WITH 'a', s ends with 'b', s CONTAINS 'c', s =~ 'r.*'",
        "RETURN ((x + 1) IN l), (s STARTS WITH 'a'), (s ENDS WITH 'b'), (s CONTAINS 'c'), (s =~ 'r.*')",
    );
    check(
        "RETURN x IS NULL, x IS NOT NULL = true, NOT x IS NULL",
        "RETURN (x IS NULL), ((x IS NOT NULL) = true), (NOT (x IS NULL))",
    );
    check(
        "RETURN n.a.b, n['k'], l[1..2], l[..2], l[1..], n:A:B, (n).x, -n.x",
        "RETURN n.a.b, n['k'], l[1..2], l[..2], l[1..], (n:A:B), n.x, (-n.x)",
    );
    check(
        "RETURN count(*), COUNT( DISTINCT n.x ), my.ns.fn(1, 2), toUpper('a'), exists(n.x)",
        "RETURN count(*), COUNT(DISTINCT n.x), my.ns.fn(1, 2), toUpper('a'), exists(n.x)",
    );
    check(
        "RETURN CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END, CASE WHEN x > 1 THEN 1 END",
        "RETURN CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END, CASE WHEN (x > 1) THEN 1 END",
    );
    check(
        "RETURN [x IN l WHERE x > 1 | x * 2], [x IN l | x], [x IN l WHERE x], [x in l]",
        "RETURN [x IN l WHERE (x > 1) | (x * 2)], [x IN l | x], [x IN l WHERE x], [x IN l]",
    );
    check(
        "RETURN all(x IN l WHERE x > 1), any(x IN l WHERE x), NONE(x IN l WHERE x), single(x IN l WHERE x)",
        "RETURN all(x IN l WHERE (x > 1)), any(x IN l WHERE x), none(x IN l WHERE x), single(x IN l WHERE x)",
    );
    check(
        "RETURN $p, $0, {a: 1, `b c`: 2, match: 3, RETURN: 4}, [], {}",
        "RETURN $p, $0, {a: 1, `b c`: 2, `match`: 3, `RETURN`: 4}, [], {}",
    );
    check("RETURN n.match, n.`a b`", "RETURN n.`match`, n.`a b`");
    check("RETURN - - 1, +1, --1", "RETURN (-(-1)), (+(1)), (-(-1))");
}

#[test]
fn column_text_is_verbatim() {
    let s =
        parse_statement("MATCH (n) RETURN cOuNt( * ), aVg(    n.aGe     ), (n:Foo) AS x, n.a+1")
            .unwrap();
    let Some(Clause::Return(p)) = s.first.clauses.last() else {
        panic!()
    };
    let names: Vec<&str> = p.items.iter().map(|i| i.column_name()).collect();
    assert_eq!(names, ["cOuNt( * )", "aVg(    n.aGe     )", "x", "n.a+1"]);
    assert_eq!(p.items[2].text, "(n:Foo)");
}

#[test]
fn comments_whitespace_keywords() {
    check(
        "  // leading\n match /* in */ (n) // trailing\n RETURN n /* x */ ; // end",
        "MATCH (n) RETURN n",
    );
    check(
        "MATCH (n)\tWHERE\r\nn.x\u{3000}= 1 RETURN n",
        "MATCH (n) WHERE (n.x = 1) RETURN n",
    );
    check("RETURN TRUE, False, nUlL", "RETURN true, false, null");
    check("RETURN 1 AS `weird``name`", "RETURN 1 AS `weird``name`");
}

#[test]
fn literals_of_the_tck() {
    let int = |q: &str, v: i64| assert_eq!(literal(q), Literal::Integer(v), "{q}");
    let float = |q: &str, v: f64| assert_eq!(literal(q), Literal::Float(v), "{q}");
    int("RETURN 0", 0);
    int("RETURN -0", 0);
    int("RETURN 372036854", 372036854);
    int("RETURN -372036854", -372036854);
    int("RETURN 9223372036854775807", i64::MAX);
    int("RETURN -9223372036854775808", i64::MIN);
    int("RETURN 0x0", 0);
    int("RETURN -0x1", -1);
    int("RETURN 0x162CD4F6", 0x162CD4F6);
    int("RETURN 0x1a2b3c4d5e6f7", 0x1A2B3C4D5E6F7);
    int("RETURN 0x7FFFFFFFFFFFFFFF", i64::MAX);
    int("RETURN -0x8000000000000000", i64::MIN);
    int("RETURN 0o2613152366", 0o2613152366);
    int("RETURN -0o1000000000000000000000", i64::MIN);
    int("RETURN 0o777777777777777777777", i64::MAX);
    float("RETURN 1.0", 1.0);
    float("RETURN -0.0", -0.0);
    float("RETURN .0", 0.0);
    float("RETURN -.1e-5", -0.1e-5);
    float("RETURN .1E9", 0.1e9);
    float("RETURN 1e9", 1e9);
    float("RETURN -1E9", -1e9);
    float("RETURN 3985764.3405892687", 3985764.3405892687);
    float("RETURN 123456789e300", 123456789e300);
    float("RETURN 2E-01", 0.2);
    assert!(
        matches!(literal(&format!("RETURN -.{}1", "0".repeat(300))), Literal::Float(x) if x < 0.0)
    );
    assert!(
        matches!(literal(&format!("RETURN 1{}.0", "2".repeat(300))), Literal::Float(x) if x > 1e300)
    );
    assert_eq!(literal("RETURN ''"), Literal::String(String::new()));
    assert_eq!(literal("RETURN \"a\""), Literal::String("a".into()));
    assert_eq!(
        literal("RETURN '🧐🍌❖⋙⚐'"),
        Literal::String("🧐🍌❖⋙⚐".into())
    );
    assert_eq!(
        literal(r#"RETURN 'a\\bcn5t\'"\\//\\"\''"#),
        Literal::String(r#"a\bcn5t'"\//\"'"#.into())
    );
    assert_eq!(
        literal(r#"RETURN '\n\r\t\b\f\u01FF\U0001F600\uD83D\uDE00'"#),
        Literal::String("\n\r\t\u{8}\u{c}\u{1FF}😀😀".into())
    );
    assert_eq!(literal("RETURN true"), Literal::Bool(true));
    assert_eq!(literal("RETURN NULL"), Literal::Null);
    let nested = format!("RETURN {}{} AS literal", "[".repeat(40), "]".repeat(40));
    assert!(parse_statement(&nested).is_ok());
    let maps: String =
        (1..40).map(|n| format!("{{a{n}: ")).collect::<String>() + "{}" + &"}".repeat(39);
    assert!(parse_statement(&format!("RETURN {maps} AS literal")).is_ok());
    check(
        "RETURN { a : ' { b : ' , c : { d : ' ' } , d : ' } ' }",
        "RETURN {a: ' { b : ', c: {d: ' '}, d: ' } '}",
    );
    check(
        "RETURN [1, -2, 0o77, 0xA4C, 71034856]",
        "RETURN [1, -2, 63, 2636, 71034856]",
    );
}

#[test]
fn tck_parse_errors() {
    for q in [
        "RETURN 9223372036854775808 AS literal",
        "RETURN -9223372036854775809 AS literal",
        "RETURN 0x8000000000000000 AS literal",
        "RETURN -0x8000000000000001 AS literal",
        "RETURN 0o1000000000000000000000 AS literal",
        "RETURN -0o1000000000000000000001 AS literal",
    ] {
        assert_eq!(code_of(q), "IntegerOverflow", "{q}");
    }
    for q in [
        "RETURN 0x AS literal",
        "RETURN 0x1A2b3j4D5E6f7 AS literal",
        "RETURN 0x1A2b3c4Z5E6f7 AS literal",
        "RETURN 9223372h54775808 AS literal",
        "RETURN 0o18",
    ] {
        assert_eq!(code_of(q), "InvalidNumberLiteral", "{q}");
    }
    assert_eq!(code_of("RETURN 1.34E999"), "FloatingPointOverflow");
    assert_eq!(code_of("RETURN '\\uH'"), "InvalidUnicodeLiteral");
    assert_eq!(code_of("RETURN 42 — 41"), "InvalidUnicodeCharacter");
    for q in [
        "RETURN 9223372#54775808 AS literal",
        "RETURN {1B2c3e67:1} AS literal",
        "RETURN {k1#k: 1} AS literal",
        "RETURN {k1.k: 1} AS literal",
        "RETURN {, } AS literal",
        "RETURN {1} AS literal",
        "RETURN {[]} AS literal",
        "RETURN {{}} AS literal",
        "RETURN {k: {k: {}} AS literal",
        "RETURN [, ] AS literal",
        "RETURN [[[]] AS literal",
        "RETURN [[','[]',']] AS literal",
    ] {
        assert_eq!(code_of(q), "UnexpectedSyntax", "{q}");
    }
    assert_eq!(
        code_of("MATCH (a:A)\nMATCH (a)-[:LIKES..]->(c)\nRETURN c.name"),
        "InvalidRelationshipPattern"
    );
    assert_eq!(
        code_of("MATCH (a:A)\nMATCH (a)-[:LIKES*-2]->(c)\nRETURN c.name"),
        "InvalidRelationshipPattern"
    );
}

#[test]
fn error_positions_and_messages() {
    check_err(
        "MATCH (n RETURN n",
        "UnexpectedSyntax",
        (1, 10),
        "unexpected 'RETURN', expected ':', '{', '$', 'WHERE' or ')'",
    );
    check_err(
        "MATCH RETURN n",
        "UnexpectedSyntax",
        (1, 7),
        "unexpected 'RETURN', expected a pattern",
    );
    check_err(
        "RETURN f(1 2)",
        "UnexpectedSyntax",
        (1, 12),
        "unexpected '2', expected ',' or ')'",
    );
    check_err(
        "RETURN (1 + 2",
        "UnexpectedSyntax",
        (1, 14),
        "unexpected end of input, expected ')'",
    );
    check_err(
        "MATCH (n)\nRETURN",
        "UnexpectedSyntax",
        (2, 7),
        "unexpected end of input, expected an expression",
    );
    check_err(
        "RETURN 'abc",
        "UnexpectedSyntax",
        (1, 8),
        "unterminated string literal: ' has no closing '",
    );
    // Columns count characters: the caret lands under the `)` after Japanese text.
    let q = "MATCH (n {name: '亀田総合病院'}) RETURN n.name +";
    check_err(
        q,
        "UnexpectedSyntax",
        (1, 43),
        "unexpected end of input, expected an expression",
    );
    let q = "MATCH (n {name: '東京大学'}}) RETURN n";
    let e = parse_statement(q).unwrap_err();
    assert_eq!(e.position.map(|p| p.column), Some(24));
    assert_eq!(
        e.render(q, None),
        "SyntaxError at 1:24: unexpected '}', expected 'WHERE' or ')'\n  MATCH (n {name: '東京大学'}}) RETURN n\n                             ^"
    );
    check_err(
        "MATCH (n) RETURN n LIMT 1",
        "UnexpectedSyntax",
        (1, 20),
        "unexpected 'LIMT', expected 'AS', ',', 'ORDER BY', 'SKIP', 'LIMIT', a clause, 'UNION', ';' or end of input",
    );
    check_err(
        "",
        "UnexpectedSyntax",
        (1, 1),
        "unexpected end of input, expected a clause",
    );
    check_err(
        "RETURN 1 /* open",
        "UnexpectedSyntax",
        (1, 10),
        "unterminated comment: '/*' has no closing '*/'",
    );
    check_err(
        "RETURN 1; RETURN 2",
        "UnexpectedSyntax",
        (1, 11),
        "unexpected 'RETURN', expected end of input",
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("NOT ", ""),
        ("-", ""),
        ("{a:", "}"),
    ] {
        let q = format!("RETURN {}1{}", open.repeat(100_000), close.repeat(100_000));
        let e = parse_statement(&q).unwrap_err();
        assert_eq!(e.code, "NestingTooDeep", "{open}");
    }
    let q = format!("RETURN {}", vec!["1"; 100_000].join(" + "));
    assert_eq!(parse_statement(&q).unwrap_err().code, "NestingTooDeep");
    let ok = format!("RETURN {}1{}", "(".repeat(250), ")".repeat(250));
    assert!(parse_statement(&ok).is_ok());
    let ok = format!("RETURN {}", vec!["1"; 250].join(" + "));
    assert!(parse_statement(&ok).is_ok());
    for (open, close) in [("[", "]"), ("{a:", "}"), ("f(", ")"), ("l[", "]")] {
        let ok = format!("RETURN {}1{}", open.repeat(40), close.repeat(40));
        let r = parse_statement(&ok);
        assert!(r.is_ok(), "{open}: {r:?}");
    }
}

#[test]
fn deepest_accepted_expressions_print_as_text_that_parses() {
    // The canonical text wraps every operator in parentheses, so these must not count
    // towards the operators' limit: whatever depth is accepted must print as text that is
    // accepted too.
    let forms: [fn(usize) -> String; 3] = [
        |n| format!("RETURN {}x", "-".repeat(n)),
        |n| format!("RETURN {}x", "NOT ".repeat(n)),
        |n| format!("RETURN {}", vec!["1"; n].join(" + ")),
    ];
    for form in forms {
        let mut accepted = 0;
        for n in 240..=260 {
            let Ok(parsed) = parse_statement(&form(n)) else {
                continue;
            };
            accepted += 1;
            let canonical = parsed.to_string();
            let again = parse_statement(&canonical).unwrap();
            assert!(crate::query::display::same_ast(&parsed, &again));
        }
        assert!(accepted > 0, "{}", form(240));
    }
    let q = format!("RETURN {}1{}", "(".repeat(257), ")".repeat(257));
    assert_eq!(parse_statement(&q).unwrap_err().code, "NestingTooDeep");
}

#[test]
fn splitting_scripts() {
    let script = "MATCH (n) RETURN n;\n// only a comment;\nRETURN ';' AS a, \"x;\\\"\" AS `b;`; /* ; */ \n RETURN 1";
    let parts = split_statements(script);
    let texts: Vec<&str> = parts.iter().map(|p| p.text).collect();
    assert_eq!(
        texts,
        [
            "MATCH (n) RETURN n",
            "// only a comment;\nRETURN ';' AS a, \"x;\\\"\" AS `b;`",
            "/* ; */ \n RETURN 1"
        ]
    );
    for p in &parts {
        assert_eq!(&script[p.offset..p.offset + p.text.len()], p.text);
    }
    assert!(split_statements("  ; // x\n ;/* y */").is_empty());
    let single: Vec<_> = split_statements(" RETURN ")
        .iter()
        .map(|p| p.text)
        .collect();
    assert_eq!(single, ["RETURN"]);
    assert!(is_statement_complete("MATCH (n) RETURN n;"));
    assert!(is_statement_complete("RETURN 1; // done"));
    assert!(!is_statement_complete("RETURN ';'"));
    assert!(!is_statement_complete("RETURN 1 // ;"));
    assert!(!is_statement_complete("RETURN 1 /* ; "));
    assert!(is_statement_complete(":help"));
    assert!(!is_statement_complete(""));
}

#[test]
fn a_script_ending_inside_a_comment_or_string_keeps_only_what_precedes_it() {
    for (script, kept, at, message) in [
        (
            "RETURN 1;\nRETURN 2; /* open ; RETURN 3;",
            vec!["RETURN 1", "RETURN 2"],
            (2, 11),
            "unterminated comment: '/*' has no closing '*/'",
        ),
        (
            "RETURN 1;\nRETURN 2 /* open",
            vec!["RETURN 1"],
            (2, 10),
            "unterminated comment: '/*' has no closing '*/'",
        ),
        (
            "RETURN 1;\n  RETURN \"a;\nRETURN 3;",
            vec!["RETURN 1"],
            (2, 10),
            "unterminated string literal: \" has no closing \"",
        ),
        (
            "MATCH (`n;) RETURN 1",
            vec![],
            (1, 8),
            "unterminated quoted name: '`' has no closing '`'",
        ),
    ] {
        let (statements, error) = split_script(script);
        let texts: Vec<&str> = statements.iter().map(|s| s.text).collect();
        assert_eq!(texts, kept, "{script}");
        let error = error.expect(script);
        let position = error.position.expect(script);
        assert_eq!((position.line, position.column), at, "{script}");
        assert_eq!(error.message, message);
    }
    let (statements, error) = split_script("RETURN 1; /* closed */ RETURN '2;' // open");
    assert_eq!(statements.len(), 2);
    assert!(error.is_none());
}

// ---------------------------------------------------------------------------------------
// Property tests

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn var_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-zA-Z0-9_]{0,4}".prop_filter("not a keyword", |s| !is_reserved(s)),
        "[ -~]{1,5}",
        Just("名前".to_string()),
    ]
}

fn key_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,4}",
        "[ -~]{1,5}",
        Just("MATCH".to_string())
    ]
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        any::<i64>().prop_map(|i| e(ExprKind::Literal(Literal::Integer(i)))),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| e(ExprKind::Literal(Literal::Float(f)))),
        any::<String>().prop_map(|s| e(ExprKind::Literal(Literal::String(s)))),
        any::<bool>().prop_map(|b| e(ExprKind::Literal(Literal::Bool(b)))),
        Just(e(ExprKind::Literal(Literal::Null))),
        var_name().prop_map(|v| e(ExprKind::Variable(v))),
        prop_oneof!["[a-z][a-z0-9]{0,3}", "[0-9]{1,3}"].prop_map(|p| e(ExprKind::Parameter(p))),
        Just(e(ExprKind::CountStar)),
    ]
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    use BinaryOp::*;
    proptest::sample::select(vec![
        Or, Xor, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Mod, Pow, In, StartsWith,
        EndsWith, Contains, Regex,
    ])
}

fn variable_of(name: String) -> Variable {
    Variable {
        name,
        span: Span::default(),
    }
}

fn expr_strategy() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 48, 3, |inner| {
        let b = || inner.clone().prop_map(Box::new);
        let ob = || proptest::option::of(inner.clone().prop_map(Box::new));
        prop_oneof![
            (binary_op(), b(), b()).prop_map(|(op, l, r)| e(ExprKind::Binary(op, l, r))),
            (
                proptest::sample::select(vec![UnaryOp::Not, UnaryOp::Minus, UnaryOp::Plus]),
                b()
            )
                .prop_map(|(op, x)| e(ExprKind::Unary(op, x))),
            (b(), key_name()).prop_map(|(x, k)| e(ExprKind::Property(x, k))),
            (b(), b()).prop_map(|(x, i)| e(ExprKind::Index(x, i))),
            (b(), ob(), ob()).prop_map(|(x, f, t)| e(ExprKind::Slice(x, f, t))),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|v| e(ExprKind::List(v))),
            proptest::collection::vec((key_name(), inner.clone()), 0..3)
                .prop_map(|v| e(ExprKind::Map(v))),
            (b(), any::<bool>()).prop_map(|(x, negated)| e(ExprKind::IsNull { expr: x, negated })),
            (b(), proptest::collection::vec(key_name(), 1..3))
                .prop_map(|(x, l)| e(ExprKind::HasLabels(x, l))),
            (
                proptest::sample::select(vec!["f", "toUpper", "ns.fn", "count", "`odd name`"]),
                any::<bool>(),
                proptest::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(n, distinct, args)| e(ExprKind::call(
                    n.trim_matches('`').to_string(),
                    distinct,
                    args
                ))),
            (
                ob(),
                proptest::collection::vec((inner.clone(), inner.clone()), 1..3),
                ob()
            )
                .prop_map(|(operand, whens, otherwise)| e(ExprKind::Case {
                    operand,
                    whens,
                    otherwise
                })),
            (var_name(), b(), ob(), ob()).prop_map(|(v, list, predicate, projection)| {
                e(ExprKind::ListComprehension {
                    variable: variable_of(v),
                    list,
                    predicate,
                    projection,
                })
            }),
            (
                proptest::sample::select(vec![
                    QuantifierKind::All,
                    QuantifierKind::Any,
                    QuantifierKind::None,
                    QuantifierKind::Single
                ]),
                var_name(),
                b(),
                b()
            )
                .prop_map(|(kind, v, list, predicate)| e(ExprKind::Quantifier {
                    kind,
                    variable: variable_of(v),
                    list,
                    predicate
                })),
        ]
    })
}

const TOKENS: &[&str] = &[
    "MATCH",
    "OPTIONAL",
    "RETURN",
    "WITH",
    "WHERE",
    "UNWIND",
    "AS",
    "CREATE",
    "MERGE",
    "ON",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH",
    "CALL",
    "YIELD",
    "UNION",
    "ALL",
    "ORDER",
    "BY",
    "SKIP",
    "LIMIT",
    "DISTINCT",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS",
    "NULL",
    "STARTS",
    "CONTAINS",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "-",
    "->",
    "<-",
    "--",
    "*",
    "..",
    ":",
    ",",
    ".",
    "=",
    "<>",
    "<=",
    "+=",
    "+",
    "/",
    "%",
    "^",
    "|",
    "$",
    "$p",
    "n",
    "m",
    "`q`",
    "1",
    "0x1F",
    "1.5e3",
    "'s'",
    "\"t\"",
    "'\\u12'",
    "//c\n",
    "/*",
    "*/",
    ";",
    "count",
    "shortestPath",
    "all",
    "亀田",
    "—",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,120}") {
        let _ = parse_statement(&s);
        let _ = split_statements(&s);
        let _ = is_statement_complete(&s);
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40), spaced in any::<bool>()) {
        let q = tokens.join(if spaced { " " } else { "" });
        if let Err(err) = parse_statement(&q) {
            let pos = err.position.expect("position");
            prop_assert!(pos.offset <= q.len());
            let _ = err.render(&q, Some("x.cypher"));
        }
    }

    #[test]
    fn generated_expressions_round_trip(x in expr_strategy()) {
        let text = format!("RETURN {x}");
        let parsed = parse_statement(&text).map_err(|err| TestCaseError::fail(err.render(&text, None)))?;
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn generated_statements_round_trip(
        x in expr_strategy(),
        v in var_name(),
        label in key_name(),
        len in proptest::option::of((proptest::option::of(0u64..5), proptest::option::of(0u64..5))),
    ) {
        let rel = RelPattern {
            variable: None,
            types: vec![label.clone()],
            properties: None,
            direction: Direction::Incoming,
            length: len.map(|(min, max)| LengthRange { min, max }),
            span: Span::default(),
        };
        let node = |var: Option<String>| NodePattern {
            variable: var.map(variable_of),
            labels: vec![label.clone()],
            properties: Some(e(ExprKind::Map(vec![(label.clone(), x.clone())]))),
            span: Span::default(),
        };
        let part = PatternPart {
            variable: None,
            shortest: None,
            element: PatternElement { start: node(Some(v.clone())), chain: vec![(rel, node(None))] },
            span: Span::default(),
        };
        let projection = Projection {
            distinct: true,
            star: false,
            items: vec![ProjectionItem { expr: x.clone(), alias: Some(variable_of(v.clone())), text: String::new() }],
            order_by: vec![SortItem { expr: x.clone(), descending: true }],
            skip: None,
            limit: Some(x.clone()),
            where_clause: Some(x.clone()),
            span: Span::default(),
        };
        let statement = Statement {
            mode: Mode::Run,
            first: SingleQuery { clauses: vec![
                Clause::Match(Match { optional: true, pattern: vec![part], where_clause: Some(x.clone()), span: Span::default() }),
                Clause::Set(vec![SetItem::Property { target: e(ExprKind::Property(Box::new(e(ExprKind::Variable(v.clone()))), label.clone())), value: x.clone() }], Span::default()),
                Clause::With(projection),
            ] },
            unions: vec![],
            span: Span::default(),
        };
        let text = statement.to_string();
        let parsed = parse_statement(&text).map_err(|err| TestCaseError::fail(err.render(&text, None)))?;
        prop_assert_eq!(parsed.to_string(), text);
    }
}
