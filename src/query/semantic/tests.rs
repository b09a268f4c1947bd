//! Table tests of the checker: queries with the error code they must raise, and valid
//! queries that must pass.

use crate::query::parser::parse_statement;

/// The checker's verdict on `query`: `"ok"`, the detail code of its error, or
/// `"parse:CODE"` when the parser already refuses it.
fn verdict(query: &str) -> String {
    match parse_statement(query) {
        Err(e) => format!("parse:{}", e.code),
        Ok(statement) => match super::check(&statement, query) {
            Ok(()) => "ok".to_owned(),
            Err(e) => e.code.to_owned(),
        },
    }
}

/// Runs a JSON-lines file of `{"q": query, "want": code|"ok"|"*", "where": label}` named by
/// `KIZUNA_SEMANTIC_CASES` (for example a conversion of the TCK scenarios) and lists
/// every disagreement.
#[test]
#[ignore = "needs KIZUNA_SEMANTIC_CASES"]
fn external_cases() {
    let Ok(path) = std::env::var("KIZUNA_SEMANTIC_CASES") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (mut good, mut bad) = (0, 0);
    for line in text.lines() {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let query = case["q"].as_str().unwrap_or_default();
        let want = case["want"].as_str().unwrap_or_default();
        let got = verdict(query);
        let agrees = want == "*" || got == want || (want != "ok" && got.starts_with("parse:"));
        if agrees {
            good += 1;
        } else {
            bad += 1;
            println!(
                "want {want:<32} got {got:<32} {} | {}",
                case["where"],
                query.replace('\n', " ")
            );
        }
    }
    println!("{good} agree, {bad} disagree");
}

/// Prints the verdict for each `CODE<TAB>query` line of the file named by
/// `KIZUNA_SEMANTIC_LIST`, for comparing against the parser's own errors.
#[test]
#[ignore = "needs KIZUNA_SEMANTIC_LIST"]
fn external_list() {
    let Ok(path) = std::env::var("KIZUNA_SEMANTIC_LIST") else {
        return;
    };
    for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
        let (want, query) = line.split_once('\t').unwrap_or(("", line));
        println!("LIST {want} {} | {query}", verdict(query));
    }
}

/// Valid queries: the checker must never reject these.
const VALID: &[&str] = &[
    "MATCH (n) RETURN n",
    "MATCH (a:Hospital)-[r:PARTNERED_WITH]->(b) RETURN a.name, type(r), b.name",
    "MATCH (a)-[r]->(b) WITH r MATCH ()-[r]-() RETURN count(*)",
    "MATCH (a) MATCH (a:Foo {x: 1})-->(b) RETURN b",
    "MATCH (a:A), (a:B) RETURN a",
    "MATCH p = (a)-[*1..3]->(b) RETURN p, length(p), nodes(p), relationships(p)",
    "MATCH p = shortestPath((a {name: 'x'})-[*]-(b {name: 'y'})) RETURN p",
    "MATCH ()-[r*]->() RETURN size(r), r",
    "MATCH ()-[r*]->() WITH r MATCH ()-[r*]->() RETURN r",
    "OPTIONAL MATCH (n)-[r]->(m) RETURN n, r, m",
    "MATCH (n) WHERE n.x > 1 AND NOT n:Foo OR n.y IS NULL RETURN n",
    "MATCH (n) WITH n.name AS name ORDER BY n.age RETURN name",
    "MATCH (n) WITH n ORDER BY n.x SKIP 1 LIMIT 2 WHERE n.y = 1 RETURN n",
    "MATCH (n) RETURN DISTINCT n.name ORDER BY n.name",
    "MATCH (n) RETURN n.name AS name, count(*) AS c ORDER BY c DESC, name LIMIT 10",
    "MATCH (n) RETURN n.name, count(*) ORDER BY count(*)",
    "MATCH (n) RETURN n, n.x + count(*)",
    "MATCH (n) RETURN n.x, n.x * 2 + count(*) AS y",
    "MATCH (n) WITH n.x AS k, count(*) AS c ORDER BY k, k + count(*) RETURN k, c",
    "MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN n",
    "MATCH (n) RETURN count(DISTINCT n.x), collect(n.name), avg(n.v), min(n.v), max(n.v), sum(n.v)",
    "MATCH (n) RETURN [x IN collect(n.v) WHERE x > 1 | x * 2] AS l",
    "MATCH (n) RETURN CASE WHEN count(*) > 0 THEN 'y' ELSE 'n' END AS any",
    "RETURN [x IN [1, 2, 3] WHERE x > 1 | x + 1] AS l, all(y IN [1] WHERE y > 0) AS b",
    "WITH [1, 2] AS l UNWIND l AS x RETURN x",
    "UNWIND [1, 2] AS x CREATE ({v: x})",
    "UNWIND $rows AS row MERGE (n:Thing {id: row.id}) ON CREATE SET n.created = true ON MATCH SET n.seen = n.seen + 1",
    "CREATE (a:A {name: 'a'})-[:T {w: 1}]->(b:B), (b)-[:U]->(a) RETURN a, b",
    "CREATE (n $props) RETURN n",
    "CREATE p = (:A)-[:T]->(:B) RETURN p",
    "MATCH (a), (b) CREATE (a)-[:T]->(b)",
    "MATCH (a) CREATE (a)-[:T]->(b:B {x: a.x})",
    "MATCH (a), (b) MERGE (a)-[r:KNOWS]-(b) RETURN r",
    "MERGE (a:Foo)-[:T]->(a) RETURN a",
    "MATCH (n) SET n.x = 1, n += {y: 2}, n:Label REMOVE n.z, n:Old",
    "MATCH (n) SET n = $props",
    "MATCH (n) DETACH DELETE n",
    "MATCH p = ()-->() DELETE p",
    "MATCH (n) WITH collect(n) AS ns UNWIND ns AS n DELETE n",
    "MATCH (n) RETURN * ORDER BY n.x",
    "MATCH (n) WITH * RETURN n",
    "MATCH () CREATE () WITH * CREATE ()",
    "RETURN 1 AS a UNION RETURN 2 AS a",
    "RETURN 1 AS a UNION ALL RETURN 2 AS a UNION ALL RETURN 3 AS a",
    "MATCH (n) RETURN n SKIP $s LIMIT $l",
    "RETURN 1 LIMIT 0",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.labels() YIELD label WHERE label STARTS WITH 'H' RETURN label",
    "CALL algo.pageRank() YIELD node, score RETURN node.name, score ORDER BY score DESC",
    "CALL db.search('x') YIELD * RETURN node",
    "MATCH (n) RETURN toUpper(n.name), toLower(n.name), coalesce(n.a, n.b), substring(n.d, 0, 4)",
    "MATCH (n) RETURN id(n), labels(n), keys(n), properties(n), exists(n.x)",
    "MATCH ()-[r]->() RETURN startNode(r), endNode(r), type(r), properties(r)",
    "WITH {a: 1} AS m RETURN m.a, keys(m), properties(m)",
    "WITH null AS x RETURN x.a, NOT x, x AND true",
    "WITH 1 AS x RETURN x IN [1, 2], x IN $list",
    "MATCH (n) WHERE n.name =~ 'K.*' RETURN n",
    "MATCH (a)-[r1]->(b), (b)-[r2]->(c) RETURN a, c",
    "MATCH (a)-[r]->(b) MATCH (b)-[r]-(a) RETURN r",
    "WITH 1 AS x WITH x + 1 AS x RETURN x",
    "MATCH (n) WITH n AS m RETURN m.name",
    "RETURN -1 AS x",
    "MATCH (n) RETURN n.name AS name ORDER BY name",
    "MATCH (a)-->(b) WHERE (a)-[:T]->(b) OR NOT (b)--() RETURN a",
    "MATCH (a) WITH a WHERE (a)-[:T*1..2]->(:B) AND true RETURN a",
    "MATCH (a) RETURN [p = (a)-->(b) WHERE b.x > 0 | p] AS ps, [(a)-[r]->() | r.w] AS ws",
    "MATCH (a) RETURN [x IN [1] | size([(a)-->() | x])] AS l",
    "MATCH (a) WHERE EXISTS { MATCH (a)-->(b) WHERE b.x = a.x } RETURN a",
    "MATCH (a) WHERE EXISTS { (a)-->(b) WHERE b.x = 1 } RETURN a",
    "MATCH (a) RETURN COUNT { (a)-->() } AS c, COLLECT { MATCH (a)-->(b) RETURN b.name } AS n",
    "MATCH (a) WHERE EXISTS { MATCH (a)-->(m) WITH a, count(*) AS c WHERE c > 1 RETURN true } RETURN a",
    "MATCH (a) CALL { WITH a MATCH (a)-->(b) RETURN b } RETURN a, b",
    "MATCH (a) CALL { WITH a SET a.seen = true } RETURN a",
    "CALL { RETURN 1 AS x UNION RETURN 2 AS x } RETURN x",
    "MATCH (n) CALL { MATCH (n)-->(m) RETURN m } RETURN n, m",
];

/// Invalid queries with the detail code each must raise.
const INVALID: &[(&str, &str)] = &[
    ("MATCH (n) WHERE (n)-[r]->(a) RETURN n", "UndefinedVariable"),
    (
        "MATCH (n) WHERE (n)-->(a {num: 5}) RETURN n",
        "UndefinedVariable",
    ),
    ("MATCH (n) WHERE (n) RETURN n", "InvalidArgumentType"),
    ("MATCH (n) RETURN (n)-->()", "UnexpectedSyntax"),
    ("MATCH (n) WITH (n)-->() AS x RETURN x", "UnexpectedSyntax"),
    ("MATCH (a) RETURN size((a)-[:REL]->())", "UnexpectedSyntax"),
    ("MATCH (a) RETURN size(()--())", "UnexpectedSyntax"),
    (
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n",
        "InvalidClauseComposition",
    ),
    (
        "MATCH (n) RETURN COLLECT { MATCH (n)-->(m) RETURN m, n } AS l",
        "InvalidClauseComposition",
    ),
    (
        "MATCH (n) RETURN COLLECT { (n)-->() } AS l",
        "InvalidClauseComposition",
    ),
    (
        "MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN m AS n } RETURN n",
        "VariableAlreadyBound",
    ),
    (
        "MATCH (n) CALL { RETURN n AS m } RETURN m",
        "UndefinedVariable",
    ),
    ("RETURN [x IN [1, 2] | count(*)]", "InvalidAggregation"),
    ("RETURN [(a)-->() | count(a)]", "InvalidAggregation"),
    ("MATCH (n) RETURN m", "UndefinedVariable"),
    ("MATCH (n) WHERE n.x = y RETURN n", "UndefinedVariable"),
    ("MATCH (a), (b) WITH a RETURN b", "UndefinedVariable"),
    (
        "MATCH (a), (b) WITH a, count(*) AS c ORDER BY b.x RETURN a",
        "UndefinedVariable",
    ),
    (
        "MATCH (a) RETURN DISTINCT a.x ORDER BY a.y",
        "UndefinedVariable",
    ),
    ("RETURN 1 AS a UNION RETURN a AS a", "UndefinedVariable"),
    ("RETURN [x IN [1] | x] AS l, x", "UndefinedVariable"),
    ("CREATE (a {v: nothing})", "UndefinedVariable"),
    ("MATCH (a) SET b.x = 1", "UndefinedVariable"),
    ("MATCH (a) REMOVE b:Foo", "UndefinedVariable"),
    (
        "MATCH ()-[x]->() MATCH (x) RETURN x",
        "VariableTypeConflict",
    ),
    (
        "MATCH (x) MATCH ()-[x]->() RETURN x",
        "VariableTypeConflict",
    ),
    (
        "MATCH x = ()-->() MATCH (x)-->() RETURN x",
        "VariableTypeConflict",
    ),
    ("MATCH (a)-[a]->() RETURN a", "VariableTypeConflict"),
    (
        "WITH 'text' AS v MATCH (v) RETURN v",
        "VariableTypeConflict",
    ),
    (
        "WITH {k: 1} AS v MATCH ()-[v]->() RETURN v",
        "VariableTypeConflict",
    ),
    (
        "MATCH p = ()-->(), ()-[p*]->() RETURN p",
        "VariableTypeConflict",
    ),
    (
        "MATCH ()-[r]->() MATCH ()-[r*]->() RETURN r",
        "VariableTypeConflict",
    ),
    (
        "MATCH (x)-->() MATCH x = ()-->() RETURN x",
        "VariableAlreadyBound",
    ),
    ("MATCH x = (x)-->() RETURN x", "VariableAlreadyBound"),
    (
        "WITH 1 AS x MATCH x = ()-->() RETURN x",
        "VariableAlreadyBound",
    ),
    ("MATCH (a) CREATE (a)", "VariableAlreadyBound"),
    (
        "MATCH (a) CREATE (a:Extra)-[:T]->()",
        "VariableAlreadyBound",
    ),
    (
        "CREATE (a:X)-[:T]->(), (a {v: 1})-[:T]->()",
        "VariableAlreadyBound",
    ),
    (
        "MATCH ()-[r]->() CREATE ()-[r:T]->()",
        "VariableAlreadyBound",
    ),
    ("MATCH (a) MERGE (a)", "VariableAlreadyBound"),
    ("MATCH (a) MERGE (a:New)-[:T]->(b)", "VariableAlreadyBound"),
    (
        "MATCH (a)-[r]->(b) MERGE (a)-[r:T]->(b)",
        "VariableAlreadyBound",
    ),
    (
        "WITH 1 AS x UNWIND [1] AS x RETURN x",
        "VariableAlreadyBound",
    ),
    (
        "MATCH (label) CALL db.labels() YIELD label RETURN label",
        "VariableAlreadyBound",
    ),
    (
        "MATCH (a)-[r]->(b)<-[r]-(c) RETURN r",
        "RelationshipUniquenessViolation",
    ),
    (
        "MATCH (a)-[r]->(b), (c)-[r]->(d) RETURN r",
        "RelationshipUniquenessViolation",
    ),
    ("RETURN 1 OR 'x'", "InvalidArgumentType"),
    ("RETURN [true] AND true", "InvalidArgumentType"),
    ("RETURN false XOR {}", "InvalidArgumentType"),
    ("RETURN NOT 2.5", "InvalidArgumentType"),
    ("RETURN 2 IN 'abc'", "InvalidArgumentType"),
    ("RETURN properties('x')", "InvalidArgumentType"),
    ("MATCH (n) RETURN type(n)", "InvalidArgumentType"),
    ("MATCH p = ()-->() RETURN labels(p)", "InvalidArgumentType"),
    ("MATCH p = ()-->() RETURN size(p)", "InvalidArgumentType"),
    ("MATCH ()-[r]->() RETURN length(r)", "InvalidArgumentType"),
    ("WITH [1] AS l RETURN l.x", "InvalidArgumentType"),
    (
        "MATCH p = ()-->() WHERE p.x = 1 RETURN p",
        "InvalidArgumentType",
    ),
    ("MATCH (n) DELETE 'n'", "InvalidArgumentType"),
    ("MATCH (n) RETURN n LIMIT 2.5", "InvalidArgumentType"),
    ("MATCH (n) RETURN n SKIP 'x'", "InvalidArgumentType"),
    ("MATCH (n) RETURN n SKIP -3", "NegativeIntegerArgument"),
    (
        "MATCH (n) WITH n LIMIT -1 RETURN n",
        "NegativeIntegerArgument",
    ),
    ("MATCH (n) RETURN n LIMIT n.x", "NonConstantExpression"),
    ("RETURN sum(rand())", "NonConstantExpression"),
    (
        "MATCH (n) WHERE count(n) > 1 RETURN n",
        "InvalidAggregation",
    ),
    (
        "MATCH (n) WITH n WHERE collect(n) = [] RETURN n",
        "InvalidAggregation",
    ),
    ("MATCH (n) SET n.c = count(*)", "InvalidAggregation"),
    (
        "MATCH (n) RETURN n.x ORDER BY count(*)",
        "InvalidAggregation",
    ),
    (
        "MATCH (n) WITH n.x AS x ORDER BY sum(n.y) RETURN x",
        "InvalidAggregation",
    ),
    ("UNWIND collect(1) AS x RETURN x", "InvalidAggregation"),
    ("RETURN max(min(1))", "NestedAggregation"),
    (
        "MATCH (a)--(b) RETURN a.x + count(*)",
        "AmbiguousAggregationExpression",
    ),
    (
        "MATCH (a)--(b) RETURN a.x + b.x, a.x + b.x + count(*)",
        "AmbiguousAggregationExpression",
    ),
    (
        "MATCH (a)--(b) WITH a.x AS k, count(*) AS c ORDER BY b.x + count(*) RETURN k",
        "UndefinedVariable",
    ),
    (
        "MATCH (a)--(b) RETURN a.x + b.x, count(*) ORDER BY a.x + b.x + count(*)",
        "AmbiguousAggregationExpression",
    ),
    ("MATCH (a) WITH a.x RETURN 1", "NoExpressionAlias"),
    ("RETURN 1 AS x, 2 AS x", "ColumnNameConflict"),
    ("MATCH (n) RETURN n, n", "ColumnNameConflict"),
    ("RETURN *", "NoVariablesInScope"),
    (
        "RETURN 1 AS a UNION RETURN 1 AS b",
        "DifferentColumnsInUnion",
    ),
    (
        "RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a",
        "InvalidClauseComposition",
    ),
    ("MATCH (n)", "InvalidClauseComposition"),
    ("MATCH (n) WITH n", "InvalidClauseComposition"),
    (
        "MATCH (n) CALL db.labels() YIELD label",
        "InvalidClauseComposition",
    ),
    ("CREATE ()-[:A|B]->()", "NoSingleRelationshipType"),
    (
        "MATCH (a), (b) MERGE (a)-[r]->(b)",
        "NoSingleRelationshipType",
    ),
    ("CREATE ()<-[:T]->()", "RequiresDirectedRelationship"),
    ("CREATE ()-[:T*1..2]->()", "CreatingVarLength"),
    ("MATCH (a), (b) MERGE (a)-[:T*]->(b)", "CreatingVarLength"),
    ("MATCH (a $props) RETURN a", "InvalidParameterUse"),
    ("MERGE (a:A $props)", "InvalidParameterUse"),
    ("MATCH (n) DELETE n:Label", "InvalidDelete"),
    ("MATCH (n) RETURN nosuchfunction(n)", "UnknownFunction"),
];

#[test]
fn valid_queries_pass() {
    let rejected: Vec<String> = VALID
        .iter()
        .map(|q| (q, verdict(q)))
        .filter(|(_, v)| v != "ok")
        .map(|(q, v)| format!("{q}  =>  {v}"))
        .collect();
    assert!(
        rejected.is_empty(),
        "rejected valid queries:\n{}",
        rejected.join("\n")
    );
}

#[test]
fn invalid_queries_raise_their_code() {
    let wrong: Vec<String> = INVALID
        .iter()
        .map(|(q, want)| (q, want, verdict(q)))
        .filter(|(_, want, got)| got != *want)
        .map(|(q, want, got)| format!("{q}  =>  {got} (want {want})"))
        .collect();
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn errors_are_compile_time_syntax_errors_at_the_offending_name() {
    use crate::query::{ErrorKind, Phase};
    let query = "MATCH (n)\nRETURN n, missing";
    let statement = parse_statement(query).expect("valid syntax");
    let err = super::check(&statement, query).expect_err("undefined variable");
    assert_eq!(err.kind, ErrorKind::SyntaxError);
    assert_eq!(err.phase, Phase::Compile);
    assert_eq!(err.code, "UndefinedVariable");
    let pos = err.position.expect("a position");
    assert_eq!((pos.line, pos.column), (2, 11));
}
