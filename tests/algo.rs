//! The `algo.*` procedures through Cypher: small graphs worked out by hand, a generated
//! graph checked against independent implementations written here (breadth-first search,
//! power iteration, union-find), errors for unknown and ambiguous names, and the time
//! limit stopping an algorithm.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use kizuna::{Database, ErrorKind, ExecOptions, NodeId, Params, Properties, Value};

/// A temporary database with nodes named `n0`, `n1`, … (all `Hospital`) and the given
/// relationships, each with an `amount` when one is given.
fn database(n: usize, rels: &[(usize, usize, &str, Option<f64>)]) -> (Database, Vec<NodeId>) {
    let mut db = Database::open_temporary().unwrap();
    let ids = db
        .write(|tx| {
            let ids: Vec<NodeId> = (0..n)
                .map(|i| {
                    let mut p = Properties::new();
                    p.insert("name".into(), Value::String(format!("n{i}")));
                    tx.create_node(vec!["Hospital".into()], p)
                })
                .collect::<Result<_, _>>()?;
            for &(a, b, t, amount) in rels {
                let mut p = Properties::new();
                if let Some(x) = amount {
                    p.insert("amount".into(), Value::Float(x));
                }
                tx.create_relationship(t, ids[a], ids[b], p)?;
            }
            Ok(ids)
        })
        .unwrap();
    (db, ids)
}

fn plain(n: usize, rels: &[(usize, usize)]) -> (Database, Vec<NodeId>) {
    let typed: Vec<(usize, usize, &str, Option<f64>)> = rels
        .iter()
        .map(|&(a, b)| (a, b, "PARTNERED_WITH", None))
        .collect();
    database(n, &typed)
}

fn rows(db: &mut Database, query: &str) -> Vec<Vec<Value>> {
    match db.execute(query) {
        Ok(result) => result.rows,
        Err(e) => panic!("{query}\n{e}"),
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        other => panic!("not an integer: {other:?}"),
    }
}

fn float(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        other => panic!("not a float: {other:?}"),
    }
}

/// `name → value` from rows of (name, value).
fn by_name(rows: &[Vec<Value>]) -> BTreeMap<String, Value> {
    rows.iter()
        .map(|r| (r[0].as_str().unwrap().to_owned(), r[1].clone()))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---- small graphs worked out by hand ---------------------------------------------------

#[test]
fn a_path_graph() {
    // n0 → n1 → n2 → n3 → n4
    let (mut db, _) = plain(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
    let r = rows(
        &mut db,
        "CALL algo.shortestPath('n0', 'n4') YIELD path, length, cost \
         RETURN [n IN nodes(path) | n.name] AS names, length, cost",
    );
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0][0],
        Value::List(["n0", "n1", "n2", "n3", "n4"].map(Value::from).to_vec())
    );
    assert_eq!(r[0][1], Value::Int(4));
    assert_eq!(r[0][2], Value::Float(4.0));
    // Against the direction of every relationship there is no path.
    let r = rows(
        &mut db,
        "CALL algo.shortestPath('n4', 'n0', {direction: 'OUTGOING'}) YIELD length RETURN length",
    );
    assert!(r.is_empty());
    let r = rows(
        &mut db,
        "CALL algo.shortestPath('n4', 'n0', {direction: 'INCOMING'}) YIELD length RETURN length",
    );
    assert_eq!(r, vec![vec![Value::Int(4)]]);
    // A node given as a node, not a name.
    let r = rows(
        &mut db,
        "MATCH (a {name: 'n1'}), (b {name: 'n3'}) CALL algo.shortestPath(a, b) YIELD length RETURN length",
    );
    assert_eq!(r, vec![vec![Value::Int(2)]]);
    let r = rows(
        &mut db,
        "CALL algo.paths('n0', 'n4', {maxHops: 3}) YIELD path RETURN path",
    );
    assert!(r.is_empty());
    let r = rows(
        &mut db,
        "CALL algo.paths('n0', 'n4') YIELD path RETURN length(path)",
    );
    assert_eq!(r, vec![vec![Value::Int(4)]]);
    let r = rows(
        &mut db,
        "CALL algo.neighborhood('n2', {hops: 1}) YIELD node, distance RETURN node.name, distance",
    );
    let expected: Vec<Vec<Value>> = [("n2", 0), ("n1", 1), ("n3", 1)]
        .iter()
        .map(|&(n, d)| vec![Value::from(n), Value::Int(d)])
        .collect();
    assert_eq!(r, expected);
    let r = rows(
        &mut db,
        "CALL algo.neighborhood('n0', {hops: 10}) YIELD node, distance RETURN max(distance), count(*)",
    );
    assert_eq!(r, vec![vec![Value::Int(4), Value::Int(5)]]);
    // Betweenness of a path of 5: the middle lies between 4 of the 6 pairs of others.
    let r = rows(
        &mut db,
        "CALL algo.betweenness() YIELD node, score RETURN node.name, score",
    );
    let b = by_name(&r);
    for (name, expected) in [
        ("n0", 0.0),
        ("n1", 0.5),
        ("n2", 4.0 / 6.0),
        ("n3", 0.5),
        ("n4", 0.0),
    ] {
        assert!(close(float(&b[name]), expected), "{name}: {:?}", b[name]);
    }
}

#[test]
fn a_star() {
    // n0 at the centre, linked to n1…n4 (two outwards, two inwards).
    let (mut db, _) = plain(5, &[(0, 1), (0, 2), (3, 0), (4, 0)]);
    let d = by_name(&rows(
        &mut db,
        "CALL algo.degree() YIELD node, degree RETURN node.name, degree",
    ));
    assert_eq!(d["n0"], Value::Int(4));
    assert_eq!(d["n1"], Value::Int(1));
    let d = by_name(&rows(
        &mut db,
        "CALL algo.degree({direction: 'OUTGOING'}) YIELD node, degree RETURN node.name, degree",
    ));
    assert_eq!(d["n0"], Value::Int(2));
    assert_eq!(d["n3"], Value::Int(1));
    assert_eq!(d["n1"], Value::Int(0));
    // The centre lies on the shortest path of every pair of leaves.
    let b = by_name(&rows(
        &mut db,
        "CALL algo.betweenness() YIELD node, score RETURN node.name, score",
    ));
    assert!(close(float(&b["n0"]), 1.0));
    assert!(close(float(&b["n1"]), 0.0));
    let b = by_name(&rows(
        &mut db,
        "CALL algo.betweenness({normalized: false}) YIELD node, score RETURN node.name, score",
    ));
    assert!(close(float(&b["n0"]), 6.0));
    let r = rows(
        &mut db,
        "CALL algo.commonPartners('n1', 'n3') YIELD node RETURN node.name",
    );
    assert_eq!(r, vec![vec![Value::from("n0")]]);
    let r = rows(
        &mut db,
        "CALL algo.commonPartners('n1', 'n3', {relTypes: ['FUNDED']}) YIELD node RETURN node",
    );
    assert!(r.is_empty());
    // PageRank: n3 and n4 (no incoming) share the same score; n1 and n2 too; sum is 1.
    let p = by_name(&rows(
        &mut db,
        "CALL algo.pageRank() YIELD node, score RETURN node.name, score",
    ));
    assert!(close(float(&p["n3"]), float(&p["n4"])));
    assert!(close(float(&p["n1"]), float(&p["n2"])));
    assert!(float(&p["n0"]) > float(&p["n3"]));
    let total: f64 = p.values().map(float).sum();
    assert!(close(total, 1.0));
}

#[test]
fn a_triangle_with_a_tail() {
    // Triangle n0-n1-n2, tail n2-n3-n4; n5 alone.
    let (mut db, ids) = plain(6, &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]);
    let c = by_name(&rows(
        &mut db,
        "CALL algo.components() YIELD node, component RETURN node.name, component",
    ));
    for name in ["n0", "n1", "n2", "n3", "n4"] {
        assert_eq!(c[name], Value::Int(ids[0] as i64));
    }
    assert_eq!(c["n5"], Value::Int(ids[5] as i64));
    // Strongly: the directed triangle is one component, the tail and n5 singletons.
    let s = by_name(&rows(
        &mut db,
        "CALL algo.scc() YIELD node, component RETURN node.name, component",
    ));
    for name in ["n0", "n1", "n2"] {
        assert_eq!(s[name], Value::Int(ids[0] as i64));
    }
    for (i, name) in [(3, "n3"), (4, "n4"), (5, "n5")] {
        assert_eq!(s[name], Value::Int(ids[i] as i64));
    }
    // Betweenness (n = 6, 10 pairs among the others): n2 carries n0/n1 × n3/n4 = 4 pairs,
    // n3 carries n4 × n0/n1/n2 = 3 pairs.
    let b = by_name(&rows(
        &mut db,
        "CALL algo.betweenness() YIELD node, score RETURN node.name, score",
    ));
    assert!(close(float(&b["n2"]), 4.0 / 10.0));
    assert!(close(float(&b["n3"]), 3.0 / 10.0));
    assert!(close(float(&b["n0"]), 0.0));
    // Simple paths from n0 to n3: direct via n2, or round the triangle via n1.
    let r = rows(
        &mut db,
        "CALL algo.paths('n0', 'n3') YIELD path RETURN [n IN nodes(path) | n.name] AS names",
    );
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0][0],
        Value::List(["n0", "n2", "n3"].map(Value::from).to_vec())
    );
    assert_eq!(
        r[1][0],
        Value::List(["n0", "n1", "n2", "n3"].map(Value::from).to_vec())
    );
}

#[test]
fn two_components_and_a_cycle() {
    // A directed 4-cycle n0→n1→n2→n3→n0 and, apart, n4→n5→n6.
    let (mut db, ids) = plain(7, &[(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6)]);
    let r = rows(
        &mut db,
        "CALL algo.components() YIELD component RETURN component, count(*) AS size ORDER BY component",
    );
    assert_eq!(
        r,
        vec![
            vec![Value::Int(ids[0] as i64), Value::Int(4)],
            vec![Value::Int(ids[4] as i64), Value::Int(3)],
        ]
    );
    let r = rows(
        &mut db,
        "CALL algo.scc() YIELD component RETURN component, count(*) AS size ORDER BY size DESC, component",
    );
    assert_eq!(r.len(), 4);
    assert_eq!(r[0], vec![Value::Int(ids[0] as i64), Value::Int(4)]);
    assert!(rows(
        &mut db,
        "CALL algo.shortestPath('n0', 'n6') YIELD path RETURN path"
    )
    .is_empty());
    // The cycle: every node has the same PageRank.
    let r = rows(
        &mut db,
        "CALL algo.pageRank({relTypes: ['PARTNERED_WITH']}) YIELD node, score WHERE node.name IN ['n0', 'n1', 'n2', 'n3'] RETURN score",
    );
    assert!(r
        .windows(2)
        .all(|w| close(float(&w[0][0]), float(&w[1][0]))));
}

#[test]
fn a_diamond() {
    // n0 → n1 → n3, n0 → n2 → n3, n3 → n4; the n1-n3 tie is doubled (two exchanges).
    let (mut db, _) = database(
        5,
        &[
            (0, 1, "FUNDED", Some(5.0)),
            (0, 2, "FUNDED", Some(1.0)),
            (1, 3, "FUNDED", Some(1.0)),
            (1, 3, "EXCHANGED_WITH", None),
            (2, 3, "FUNDED", Some(1.0)),
            (3, 4, "FUNDED", Some(2.0)),
        ],
    );
    let r = rows(
        &mut db,
        "CALL algo.allShortestPaths('n0', 'n4') YIELD path, length \
         RETURN [n IN nodes(path) | n.name] AS names, [r IN relationships(path) | type(r)] AS types, length",
    );
    assert_eq!(r.len(), 3);
    assert!(r.iter().all(|row| row[2] == Value::Int(3)));
    let via_n1 = r
        .iter()
        .filter(|row| row[0] == Value::List(["n0", "n1", "n3", "n4"].map(Value::from).to_vec()))
        .count();
    assert_eq!(via_n1, 2);
    let r = rows(
        &mut db,
        "CALL algo.allShortestPaths('n0', 'n4', {relTypes: ['FUNDED']}) YIELD path RETURN path",
    );
    assert_eq!(r.len(), 2);
    // Weighted by amount, only the route through n2 is cheapest.
    let r = rows(
        &mut db,
        "CALL algo.allShortestPaths('n0', 'n4', {weight: 'amount'}) YIELD path, cost \
         RETURN [n IN nodes(path) | n.name] AS names, cost",
    );
    assert_eq!(
        r,
        vec![vec![
            Value::List(["n0", "n2", "n3", "n4"].map(Value::from).to_vec()),
            Value::Float(4.0)
        ]]
    );
    let r = rows(
        &mut db,
        "CALL algo.shortestPath('n0', 'n3', {weight: 'amount'}) YIELD cost, length RETURN cost, length",
    );
    assert_eq!(r, vec![vec![Value::Float(2.0), Value::Int(2)]]);
    // Betweenness on the undirected simple view: n1 and n2 share n0–n3 and n0–n4;
    // n3 carries n4 to everyone else; n0 carries half of n1–n2, and n3 the other half.
    let b = by_name(&rows(
        &mut db,
        "CALL algo.betweenness({normalized: false}) YIELD node, score RETURN node.name, score",
    ));
    assert!(close(float(&b["n1"]), 1.0), "{b:?}");
    assert!(close(float(&b["n2"]), 1.0));
    assert!(close(float(&b["n3"]), 3.5));
    assert!(close(float(&b["n0"]), 0.5));
    assert!(close(float(&b["n4"]), 0.0));
}

// ---- errors ----------------------------------------------------------------------------

fn error(db: &mut Database, query: &str) -> kizuna::QueryError {
    match db.execute(query) {
        Ok(r) => panic!("{query} returned {:?}", r.rows),
        Err(e) => e.as_query().cloned().unwrap_or_else(|| panic!("{e}")),
    }
}

#[test]
fn names_that_are_unknown_or_ambiguous() {
    let (mut db, _) = plain(3, &[(0, 1)]);
    db.execute("CREATE (:University {name: 'Twin', aliases: ['T']}), (:Hospital {name: 'twin'})")
        .unwrap();
    let e = error(
        &mut db,
        "CALL algo.shortestPath('n0', 'nobody') YIELD path RETURN path",
    );
    assert_eq!(e.kind, ErrorKind::ProcedureError);
    assert!(
        e.message.contains("no institution is named 'nobody'"),
        "{}",
        e.message
    );
    let e = error(
        &mut db,
        "CALL algo.neighborhood('TWIN') YIELD node RETURN node",
    );
    assert_eq!(e.kind, ErrorKind::ProcedureError);
    assert_eq!(e.code, "AmbiguousName");
    assert!(e.message.contains("Twin (University, id"), "{}", e.message);
    assert!(e.message.contains("twin (Hospital, id"), "{}", e.message);
    // An exact name wins over the normalized index; an alias resolves too.
    let r = rows(
        &mut db,
        "CALL algo.neighborhood('Twin') YIELD node RETURN labels(node)",
    );
    assert_eq!(r, vec![vec![Value::List(vec![Value::from("University")])]]);
    let r = rows(
        &mut db,
        "CALL algo.neighborhood('t') YIELD node RETURN node.name",
    );
    assert_eq!(r, vec![vec![Value::from("Twin")]]);
    let e = error(
        &mut db,
        "CALL algo.pageRank({damping: 2}) YIELD node RETURN node",
    );
    assert_eq!(e.kind, ErrorKind::ProcedureError);
    let e = error(
        &mut db,
        "CALL algo.degree({dir: 'OUTGOING'}) YIELD node RETURN node",
    );
    assert!(e.message.contains("no option `dir`"), "{}", e.message);
    let e = error(
        &mut db,
        "CALL algo.shortestPath(1, 'n0') YIELD path RETURN path",
    );
    assert_eq!(e.code, "InvalidArgumentType");
    // A null endpoint yields nothing.
    assert!(rows(
        &mut db,
        "CALL algo.shortestPath(null, 'n0') YIELD path RETURN path"
    )
    .is_empty());
}

#[test]
fn db_procedures_lists_every_algorithm() {
    let (mut db, _) = plain(1, &[]);
    let r = rows(
        &mut db,
        "CALL db.procedures() YIELD name, signature, description WHERE name STARTS WITH 'algo.' RETURN name, signature, description",
    );
    let names: Vec<&str> = r.iter().map(|row| row[0].as_str().unwrap()).collect();
    for expected in [
        "algo.shortestPath",
        "algo.allShortestPaths",
        "algo.paths",
        "algo.neighborhood",
        "algo.commonPartners",
        "algo.components",
        "algo.scc",
        "algo.degree",
        "algo.pageRank",
        "algo.betweenness",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for row in &r {
        let signature = row[1].as_str().unwrap();
        assert!(signature.starts_with(row[0].as_str().unwrap()));
        assert!(signature.contains(") :: ("));
        assert!(!row[2].as_str().unwrap().is_empty());
    }
}

// ---- a generated graph against independent implementations ----------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A sparse random graph: a few thousand nodes, about 1.3 relationships per node (so it
/// has many components), with parallel relationships and self-loops left in.
fn generated(n: usize, m: usize, seed: u64) -> (Database, Vec<NodeId>, Vec<(usize, usize)>) {
    let mut rng = Rng(seed);
    let rels: Vec<(usize, usize)> = (0..m).map(|_| (rng.below(n), rng.below(n))).collect();
    let (db, ids) = plain(n, &rels);
    (db, ids, rels)
}

fn bfs(adjacency: &[Vec<usize>], from: usize) -> Vec<Option<usize>> {
    let mut dist = vec![None; adjacency.len()];
    dist[from] = Some(0);
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for &w in &adjacency[v] {
            if dist[w].is_none() {
                dist[w] = Some(dist[v].unwrap() + 1);
                queue.push_back(w);
            }
        }
    }
    dist
}

#[test]
fn shortest_paths_agree_with_plain_bfs() {
    let n = 3000;
    let (mut db, ids, rels) = generated(n, 4500, 0x2545_F491_4F6C_DD1D);
    let mut undirected = vec![Vec::new(); n];
    let mut outgoing = vec![Vec::new(); n];
    for &(a, b) in &rels {
        undirected[a].push(b);
        undirected[b].push(a);
        outgoing[a].push(b);
    }
    let mut rng = Rng(77);
    let mut found = 0;
    for round in 0..50 {
        let (a, b) = (rng.below(n), rng.below(n));
        let (adjacency, direction) = if round % 2 == 0 {
            (&undirected, "BOTH")
        } else {
            (&outgoing, "OUTGOING")
        };
        let expected = bfs(adjacency, a)[b];
        let mut params = Params::new();
        params.insert("a".into(), Value::Node(ids[a]));
        params.insert("b".into(), Value::Node(ids[b]));
        params.insert("d".into(), Value::from(direction));
        let result = db
            .execute_with(
                "CALL algo.shortestPath($a, $b, {direction: $d}) YIELD path, length RETURN path, length",
                &params,
                &ExecOptions::default(),
            )
            .unwrap();
        match expected {
            None => assert!(result.rows.is_empty(), "{a} → {b} should be unreachable"),
            Some(d) => {
                found += 1;
                assert_eq!(result.rows.len(), 1);
                assert_eq!(int(&result.rows[0][1]), d as i64, "{a} → {b} ({direction})");
                let Value::Path(path) = &result.rows[0][0] else {
                    panic!("not a path")
                };
                // The path is real: consecutive nodes joined by the listed relationships.
                assert_eq!(path.nodes.first(), Some(&ids[a]));
                assert_eq!(path.nodes.last(), Some(&ids[b]));
                for (i, rel) in path.relationships.iter().enumerate() {
                    let r = db.graph().relationship(*rel).unwrap().to_relationship();
                    let (x, y) = (path.nodes[i], path.nodes[i + 1]);
                    if direction == "OUTGOING" {
                        assert_eq!((r.start, r.end), (x, y));
                    } else {
                        assert!((r.start, r.end) == (x, y) || (r.start, r.end) == (y, x));
                    }
                }
                // allShortestPaths agrees on the length.
                let all = db
                    .execute_with(
                        "CALL algo.allShortestPaths($a, $b, {direction: $d}) YIELD length RETURN DISTINCT length",
                        &params,
                        &ExecOptions::default(),
                    )
                    .unwrap();
                assert_eq!(all.rows, vec![vec![Value::Int(d as i64)]]);
            }
        }
    }
    assert!(
        found >= 10,
        "too few reachable pairs to mean anything: {found}"
    );
}

#[test]
fn page_rank_agrees_with_plain_power_iteration() {
    let n = 2000;
    let (mut db, ids, rels) = generated(n, 5000, 0x9E37_79B9_7F4A_7C15);
    // Power iteration written from the definition, pulling from predecessors.
    let mut out_degree = vec![0usize; n];
    let mut incoming = vec![Vec::new(); n];
    for &(a, b) in &rels {
        out_degree[a] += 1;
        incoming[b].push(a);
    }
    let (alpha, nf) = (0.85, n as f64);
    let mut x = vec![1.0 / nf; n];
    let mut iterations = 0;
    loop {
        iterations += 1;
        let dangling: f64 = (0..n).filter(|&v| out_degree[v] == 0).map(|v| x[v]).sum();
        let next: Vec<f64> = (0..n)
            .map(|v| {
                let inflow: f64 = incoming[v]
                    .iter()
                    .map(|&u| x[u] / out_degree[u] as f64)
                    .sum();
                alpha * (inflow + dangling / nf) + (1.0 - alpha) / nf
            })
            .collect();
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if change < nf * 1e-6 {
            break;
        }
        assert!(iterations < 100);
    }
    let r = rows(
        &mut db,
        "CALL algo.pageRank() YIELD node, score RETURN id(node), score",
    );
    assert_eq!(r.len(), n);
    let position: BTreeMap<NodeId, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut total = 0.0;
    for row in &r {
        let v = position[&(int(&row[0]) as NodeId)];
        let score = float(&row[1]);
        total += score;
        assert!((score - x[v]).abs() < 1e-6, "node {v}: {score} vs {}", x[v]);
    }
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn components_agree_with_union_find() {
    let n = 3000;
    let (mut db, ids, rels) = generated(n, 1800, 0xDEAD_BEEF_CAFE_F00D);
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(a, b) in &rels {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    // Smallest member of each set (the database's ids follow creation order).
    let mut smallest: BTreeMap<usize, usize> = BTreeMap::new();
    for v in 0..n {
        let r = root(&mut parent, v);
        let entry = smallest.entry(r).or_insert(v);
        *entry = (*entry).min(v);
    }
    let r = rows(
        &mut db,
        "CALL algo.components() YIELD node, component RETURN id(node), component",
    );
    assert_eq!(r.len(), n);
    let position: BTreeMap<NodeId, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    for row in &r {
        let v = position[&(int(&row[0]) as NodeId)];
        let expected = ids[smallest[&root(&mut parent, v)]];
        assert_eq!(int(&row[1]) as NodeId, expected, "node {v}");
    }
    assert!(
        smallest.len() > 100,
        "the graph should have many components"
    );
}

// ---- limits ----------------------------------------------------------------------------

#[test]
fn a_time_limit_stops_page_rank() {
    let (mut db, _, _) = generated(20_000, 80_000, 12345);
    let options = ExecOptions {
        timeout: Some(Duration::from_millis(1)),
        ..ExecOptions::default()
    };
    let e = db
        .execute_with(
            "CALL algo.pageRank({tolerance: 1e-12}) YIELD node, score RETURN count(*)",
            &Params::new(),
            &options,
        )
        .unwrap_err();
    let e = e.as_query().unwrap();
    assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e}");
    // A cancelled statement stops too, with its own kind.
    let options = ExecOptions {
        cancel: Some(Arc::new(AtomicBool::new(true))),
        ..ExecOptions::default()
    };
    let e = db
        .execute_with(
            "CALL algo.betweenness() YIELD node RETURN count(*)",
            &Params::new(),
            &options,
        )
        .unwrap_err();
    assert_eq!(e.as_query().unwrap().kind, ErrorKind::Cancelled);
}
