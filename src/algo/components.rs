//! Connected components: weakly connected (union-find) and strongly connected (Tarjan,
//! with an explicit stack so that long chains cannot overflow the call stack). A
//! component is named by the smallest node id in it, so results are deterministic.

use crate::graph::{Direction, Graph};
use crate::value::NodeId;

use super::{AlgoError, Check, Csr, Shape, Traversal};

/// Every node with its weakly connected component (relationships taken in either
/// direction), in id order.
pub fn weakly_connected_components(
    graph: &Graph,
    rel_types: Option<Vec<String>>,
    check: Check<'_>,
) -> Result<Vec<(NodeId, NodeId)>, AlgoError> {
    let links = Traversal {
        rel_types,
        direction: Direction::Outgoing,
    };
    let csr = Csr::build(graph, &links, Shape::Multi, check)?;
    let n = csr.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let find = |parent: &mut Vec<u32>, mut x: u32| {
        while parent[x as usize] != x {
            let grand = parent[parent[x as usize] as usize];
            parent[x as usize] = grand;
            x = grand;
        }
        x
    };
    for v in 0..n {
        for &w in csr.neighbours(v) {
            check()?;
            let (rv, rw) = (find(&mut parent, v as u32), find(&mut parent, w));
            // Linking the larger root under the smaller keeps every root the smallest
            // index, hence the smallest id, of its component.
            if rv < rw {
                parent[rw as usize] = rv;
            } else if rw < rv {
                parent[rv as usize] = rw;
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for v in 0..n {
        check()?;
        let root = find(&mut parent, v as u32);
        out.push((csr.ids[v], csr.ids[root as usize]));
    }
    Ok(out)
}

/// Every node with its strongly connected component (following relationships from start
/// to end), in id order.
pub fn strongly_connected_components(
    graph: &Graph,
    rel_types: Option<Vec<String>>,
    check: Check<'_>,
) -> Result<Vec<(NodeId, NodeId)>, AlgoError> {
    let links = Traversal {
        rel_types,
        direction: Direction::Outgoing,
    };
    let csr = Csr::build(graph, &links, Shape::Multi, check)?;
    let n = csr.len();
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    // Each frame: a node and how many of its neighbours it has looked at.
    let mut calls: Vec<(u32, usize)> = Vec::new();
    let mut counter = 0u32;
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        calls.push((root as u32, 0));
        while let Some(&mut (v, ref mut seen)) = calls.last_mut() {
            check()?;
            let v = v as usize;
            if let Some(&w) = csr.neighbours(v).get(*seen) {
                *seen += 1;
                let w = w as usize;
                if index[w] == NONE {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    calls.push((w as u32, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(caller, _)) = calls.last() {
                let caller = caller as usize;
                low[caller] = low[caller].min(low[v]);
            }
            if low[v] == index[v] {
                // Pop the component; its smallest dense index is its smallest id.
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    members.push(w);
                    if w as usize == v {
                        break;
                    }
                }
                let name = members.iter().copied().min().unwrap_or(v as u32);
                for w in members {
                    component[w as usize] = name;
                }
            }
        }
    }
    Ok(csr
        .ids
        .iter()
        .zip(&component)
        .map(|(&id, &c)| (id, csr.ids.get(c as usize).copied().unwrap_or(id)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::no_check;
    use super::super::testing::graph;
    use super::*;

    #[test]
    fn two_weak_components() {
        let (g, n) = graph(6, &[(1, 0, "T"), (2, 1, "T"), (4, 3, "T"), (5, 4, "T")]);
        let wcc = weakly_connected_components(&g, None, &no_check).unwrap();
        let names: Vec<NodeId> = wcc.iter().map(|p| p.1).collect();
        assert_eq!(names, vec![n[0], n[0], n[0], n[3], n[3], n[3]]);
    }

    #[test]
    fn cycle_with_a_tail_is_one_strong_component_plus_singletons() {
        // 0 → 1 → 2 → 0 is a cycle; 2 → 3 → 4 a tail; 5 alone with a self-loop.
        let (g, n) = graph(
            6,
            &[
                (0, 1, "T"),
                (1, 2, "T"),
                (2, 0, "T"),
                (2, 3, "T"),
                (3, 4, "T"),
                (5, 5, "T"),
            ],
        );
        let scc = strongly_connected_components(&g, None, &no_check).unwrap();
        let names: Vec<NodeId> = scc.iter().map(|p| p.1).collect();
        assert_eq!(names, vec![n[0], n[0], n[0], n[3], n[4], n[5]]);
        let wcc = weakly_connected_components(&g, None, &no_check).unwrap();
        assert!(wcc[..5].iter().all(|p| p.1 == n[0]));
        assert_eq!(wcc[5].1, n[5]);
    }

    #[test]
    fn a_long_chain_needs_no_deep_recursion() {
        let len = 200_000;
        let rels: Vec<(usize, usize, &str)> = (0..len - 1).map(|i| (i, i + 1, "T")).collect();
        let mut with_back = rels.clone();
        with_back.push((len - 1, 0, "T"));
        let (g, n) = graph(len, &with_back);
        let scc = strongly_connected_components(&g, None, &no_check).unwrap();
        assert!(scc.iter().all(|p| p.1 == n[0]));
    }
}
