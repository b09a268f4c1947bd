//! Centralities: degree, PageRank (as networkx's `pagerank` defines it) and betweenness
//! (Brandes, on the undirected simple view, scaled as networkx's
//! `betweenness_centrality` scales it for undirected graphs).

use std::collections::VecDeque;

use crate::graph::{Direction, Graph};
use crate::value::NodeId;

use super::{error, AlgoError, Check, Csr, Shape, Traversal};

/// Every node with its number of admitted relationships (a self-loop counts once), in id
/// order.
pub fn degrees(
    graph: &Graph,
    traversal: &Traversal,
    check: Check<'_>,
) -> Result<Vec<(NodeId, usize)>, AlgoError> {
    let mut out = Vec::with_capacity(graph.node_count());
    for id in super::measured_nodes(graph) {
        check()?;
        let mut degree = 0;
        for _ in traversal.steps(graph, id, false) {
            check()?;
            degree += 1;
        }
        out.push((id, degree));
    }
    Ok(out)
}

/// PageRank's parameters, with networkx's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRankOptions {
    /// Probability of following a relationship rather than jumping anywhere.
    pub damping: f64,
    /// Most power iterations before giving up.
    pub max_iterations: usize,
    /// Convergence: the L1 change of an iteration is below `node count × tolerance`.
    pub tolerance: f64,
    /// Which relationships are links (followed from start to end).
    pub rel_types: Option<Vec<String>>,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            damping: 0.85,
            max_iterations: 100,
            tolerance: 1e-6,
            rel_types: None,
        }
    }
}

/// PageRank by power iteration, in id order, summing to 1.
///
/// This is networkx's `pagerank` on a `MultiDiGraph`: each relationship from `u` carries
/// `1 / outdegree(u)` of `u`'s score (parallel relationships count once each, self-loops
/// included), the score of nodes without outgoing relationships is spread uniformly, the
/// teleport vector and the start vector are uniform, and iteration stops when the L1
/// change falls below `n × tolerance`. Like networkx, failing to converge within
/// `max_iterations` is an error.
pub fn page_rank(
    graph: &Graph,
    options: &PageRankOptions,
    check: Check<'_>,
) -> Result<Vec<(NodeId, f64)>, AlgoError> {
    let links = Traversal {
        rel_types: options.rel_types.clone(),
        direction: Direction::Outgoing,
    };
    let csr = Csr::build(graph, &links, Shape::Multi, check)?;
    let n = csr.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let nf = n as f64;
    let alpha = options.damping;
    let share: Vec<f64> = (0..n)
        .map(|i| match csr.neighbours(i).len() {
            0 => 0.0,
            d => 1.0 / d as f64,
        })
        .collect();
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..options.max_iterations {
        next.iter_mut().for_each(|v| *v = 0.0);
        let mut dangling = 0.0;
        for (i, &xi) in x.iter().enumerate() {
            check()?;
            let targets = csr.neighbours(i);
            if targets.is_empty() {
                dangling += xi;
                continue;
            }
            let part = xi * share[i];
            for &j in targets {
                if let Some(slot) = next.get_mut(j as usize) {
                    *slot += part;
                }
            }
        }
        let base = alpha * dangling / nf + (1.0 - alpha) / nf;
        let mut change = 0.0;
        for (v, old) in next.iter_mut().zip(&x) {
            *v = alpha * *v + base;
            change += (*v - old).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if change < nf * options.tolerance {
            return Ok(csr.ids.iter().copied().zip(x).collect());
        }
    }
    Err(error(
        "NoConvergence",
        format!(
            "PageRank did not converge within {} iterations (tolerance {}); raise iterations or tolerance",
            options.max_iterations, options.tolerance
        ),
    ))
}

/// Betweenness centrality of every node, in id order: for each pair of other nodes, the
/// share of their shortest paths that pass through the node. Relationships are taken
/// undirected, parallel ones once, self-loops not at all. `normalized` divides by the
/// number of pairs, `(n-1)(n-2)/2`; otherwise each unordered pair counts once.
pub fn betweenness(
    graph: &Graph,
    normalized: bool,
    rel_types: Option<Vec<String>>,
    check: Check<'_>,
) -> Result<Vec<(NodeId, f64)>, AlgoError> {
    let view = Traversal {
        rel_types,
        direction: Direction::Both,
    };
    let csr = Csr::build(graph, &view, Shape::Simple, check)?;
    let n = csr.len();
    let mut score = vec![0.0f64; n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut queue = VecDeque::new();
    for s in 0..n {
        for &v in &order {
            let v = v as usize;
            sigma[v] = 0.0;
            dist[v] = u32::MAX;
            delta[v] = 0.0;
        }
        order.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        queue.push_back(s as u32);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            let v = v as usize;
            for &w in csr.neighbours(v) {
                check()?;
                let w = w as usize;
                if dist[w] == u32::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w as u32);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        // Dependencies, farthest first; a predecessor is a neighbour one layer closer.
        for &w in order.iter().rev() {
            let w = w as usize;
            let coefficient = (1.0 + delta[w]) / sigma[w];
            for &v in csr.neighbours(w) {
                check()?;
                let v = v as usize;
                if dist[v] != u32::MAX && dist[v] + 1 == dist[w] {
                    delta[v] += sigma[v] * coefficient;
                }
            }
            if w != s {
                score[w] += delta[w];
            }
        }
    }
    // Each unordered pair was counted from both ends.
    let scale = if normalized {
        if n > 2 {
            1.0 / ((n - 1) as f64 * (n - 2) as f64)
        } else {
            1.0
        }
    } else {
        0.5
    };
    Ok(csr
        .ids
        .iter()
        .copied()
        .zip(score.into_iter().map(|s| s * scale))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::testing::graph;
    use super::super::{no_check, Traversal};
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn degrees_of_a_star() {
        let (g, n) = graph(4, &[(0, 1, "T"), (0, 2, "T"), (3, 0, "U")]);
        let all = degrees(&g, &Traversal::default(), &no_check).unwrap();
        assert_eq!(all, vec![(n[0], 3), (n[1], 1), (n[2], 1), (n[3], 1)]);
        let out = Traversal {
            rel_types: Some(vec!["T".into()]),
            direction: Direction::Outgoing,
        };
        let all = degrees(&g, &out, &no_check).unwrap();
        assert_eq!(all, vec![(n[0], 2), (n[1], 0), (n[2], 0), (n[3], 0)]);
    }

    #[test]
    fn page_rank_of_a_cycle_is_uniform() {
        let (g, _) = graph(4, &[(0, 1, "T"), (1, 2, "T"), (2, 3, "T"), (3, 0, "T")]);
        let pr = page_rank(&g, &PageRankOptions::default(), &no_check).unwrap();
        assert!(pr.iter().all(|&(_, s)| close(s, 0.25)));
    }

    #[test]
    fn page_rank_of_a_two_node_chain() {
        // 0 → 1, 1 dangling. Fixed point: x0 = 0.15/2 + 0.85·x1/2, x1 = x0 + x0·… solved:
        // x1 = 0.075 + 0.85·(x0 + x1/2), x0 + x1 = 1  ⇒  x0 = 0.35087719…, x1 = 0.64912280…
        let (g, n) = graph(2, &[(0, 1, "T")]);
        let pr = page_rank(&g, &PageRankOptions::default(), &no_check).unwrap();
        assert_eq!(pr[0].0, n[0]);
        assert!((pr[0].1 - 20.0 / 57.0).abs() < 1e-5, "{pr:?}");
        assert!((pr[1].1 - 37.0 / 57.0).abs() < 1e-5, "{pr:?}");
        let total: f64 = pr.iter().map(|p| p.1).sum();
        assert!(close(total, 1.0));
    }

    #[test]
    fn page_rank_without_convergence_is_an_error() {
        let (g, _) = graph(3, &[(0, 1, "T"), (1, 2, "T")]);
        let opts = PageRankOptions {
            max_iterations: 1,
            ..PageRankOptions::default()
        };
        assert_eq!(
            page_rank(&g, &opts, &no_check).unwrap_err().code(),
            "NoConvergence"
        );
    }

    #[test]
    fn betweenness_of_a_path_and_a_diamond() {
        // Path 0-1-2-3: node 1 lies between (0,2) and (0,3): 2 pairs of 3 ⇒ 2/3 normalized.
        let (g, _) = graph(4, &[(0, 1, "T"), (1, 2, "T"), (3, 2, "T")]);
        let b = betweenness(&g, true, None, &no_check).unwrap();
        let scores: Vec<f64> = b.iter().map(|p| p.1).collect();
        assert!(close(scores[0], 0.0) && close(scores[3], 0.0));
        assert!(close(scores[1], 2.0 / 3.0) && close(scores[2], 2.0 / 3.0));
        let raw = betweenness(&g, false, None, &no_check).unwrap();
        assert!(close(raw[1].1, 2.0));
        // Diamond 0-1-3, 0-2-3: 1 and 2 each carry half of the pair (0,3).
        let (g, _) = graph(
            4,
            &[
                (0, 1, "T"),
                (0, 2, "T"),
                (1, 3, "T"),
                (2, 3, "T"),
                (1, 3, "T"),
            ],
        );
        let raw = betweenness(&g, false, None, &no_check).unwrap();
        let scores: Vec<f64> = raw.iter().map(|p| p.1).collect();
        assert!(close(scores[1], 0.5) && close(scores[2], 0.5));
        assert!(close(scores[0], 0.5) && close(scores[3], 0.5));
    }
}
