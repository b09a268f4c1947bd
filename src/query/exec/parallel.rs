//! Divided reads: a MATCH estimated to look at many rows runs on several threads, each
//! over a share of its input rows or, for a single input row, of its first part's starts
//! or, from a single start, of the relationships of its first hop.
//! Their rows, or their projections' groups and rows, are joined in the order of the
//! shares, so that the answer is the one a single thread gives.

use std::ops::Range;

use super::{Executor, GraphAccess, Guard, Row, Table};
use crate::graph::Graph;
use crate::query::ast::Match;
use crate::query::plan::Step;
use crate::query::QueryError;

/// The stack of a helper thread: matching and evaluation recurse as deep on it as on the
/// statement's own thread.
const HELPER_STACK_BYTES: usize = 512 << 20;

/// One thread's part of a divided MATCH: the `index`-th of `of` near-equal ranges of its
/// starts, or of the first hop of its one start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Share {
    index: usize,
    of: usize,
    first_hop: bool,
}

impl Share {
    /// The first share, which also does what cannot be divided.
    pub(crate) fn is_first(self) -> bool {
        self.index == 0
    }

    /// This share's range of `len` starts: a near-equal part of them, or, when the first
    /// hop is divided instead, all of them for the first share and none for the others.
    pub(crate) fn of_len(self, len: usize) -> Range<usize> {
        match (self.first_hop, self.is_first()) {
            (false, _) => self.near_equal(len),
            (true, true) => 0..len,
            (true, false) => 0..0,
        }
    }

    /// Whether the relationships of the first hop of a single start are divided.
    pub(crate) fn divides_first_hop(self) -> bool {
        self.first_hop
    }

    /// A near-equal part of `len` items: this share's starts or first-hop relationships.
    pub(crate) fn near_equal(self, len: usize) -> Range<usize> {
        let at = |i: usize| (len as u128 * i as u128 / self.of as u128) as usize;
        at(self.index)..at(self.index + 1)
    }
}

/// What runs one share of a divided MATCH: given an executor, its input rows and, when the
/// starts are divided, its share of them.
pub(crate) type ShareRun<'r, S> =
    dyn Fn(&Executor<'_>, &[Row], Option<Share>) -> Result<S, QueryError> + Sync + 'r;

/// How many threads the machine runs at once, asked once per process (the answer reads
/// the scheduler's affinity and the cgroup's quota).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES
        .get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

/// What a MATCH is divided by.
#[derive(Debug, Clone, Copy)]
enum Division {
    /// Each thread matches a range of the input rows.
    Rows,
    /// Each thread matches the one input row from a range of the first part's starts.
    Starts,
    /// Each thread matches the one input row from the first part's one start, over a
    /// range of the relationships of its first hop.
    FirstHop,
}

impl<'a> Executor<'a> {
    /// How to divide a MATCH over `table`, and into how many shares; `None` keeps it whole.
    fn division(&self, table: &Table, m: &Match, step: &Step<'_>) -> Option<(Division, usize)> {
        let options = &self.guard.options;
        let from = options.parallel_from.unwrap_or(crate::PARALLEL_FROM_ROWS);
        if step.work < from as f64 {
            return None;
        }
        let threads = options.threads.unwrap_or_else(cores);
        if threads < 2 {
            return None;
        }
        match table.rows.len() {
            0 => None,
            // An OPTIONAL MATCH's row of nulls depends on every start: it stays whole.
            1 if m.optional => None,
            // A few starts (a node found by name, a shortest path) leave the other
            // threads nothing to do, unless the first hop of one start can be divided.
            1 if step.first_starts < from.max(1) as f64 => step
                .first_hop_divides
                .then_some((Division::FirstHop, threads)),
            1 => Some((Division::Starts, threads)),
            rows => Some((Division::Rows, threads.min(rows))),
        }
    }

    /// An executor for a helper thread: it reads the same graph, under a budget and a
    /// profile of its own that [`Executor::divided`] takes back.
    fn helper(&self) -> Executor<'_> {
        let graph: &Graph = &self.graph;
        Executor {
            graph: GraphAccess::Shared(graph),
            params: self.params,
            source: self.source,
            guard: Guard {
                budget: self.guard.budget.for_helper(),
                options: self.guard.options.clone(),
            },
            stats: Default::default(),
            warnings: Vec::new(),
            profile: self.profile.as_ref().map(super::Profile::for_helper),
            subplans: self.subplans,
            defined: self.defined,
        }
    }

    /// Runs `run` over the rows of `table`, divided among threads when the plan expects
    /// the MATCH to look at many rows: `run` gets an executor, its rows and, when the
    /// starts are divided, its share of them. The results come in the order of the shares:
    /// the first, then the others (none when the MATCH stays whole); the first share's
    /// error wins.
    pub(crate) fn divided<S: Send>(
        &self,
        table: &Table,
        m: &Match,
        step: &Step<'_>,
        run: &ShareRun<'_, S>,
    ) -> Result<(S, Vec<S>), QueryError> {
        let Some((division, of)) = self.division(table, m, step) else {
            return Ok((run(self, &table.rows, None)?, Vec::new()));
        };
        let task = |exec: &Executor<'_>, index: usize| {
            let share = Share {
                index,
                of,
                first_hop: matches!(division, Division::FirstHop),
            };
            match division {
                Division::Rows => {
                    let rows = table.rows.get(share.of_len(table.rows.len()));
                    run(exec, rows.unwrap_or_default(), None)
                }
                Division::Starts | Division::FirstHop => run(exec, &table.rows, Some(share)),
            }
        };
        let held_then = self.guard.budget.mark();
        let helpers: Vec<Executor<'_>> = (1..of).map(|_| self.helper()).collect();
        let (first, others) = std::thread::scope(|scope| {
            let task = &task;
            let spawned: Vec<_> = helpers
                .into_iter()
                .enumerate()
                .map(|(at, helper)| {
                    let index = at + 1;
                    std::thread::Builder::new()
                        .name(format!("kizuna-share-{index}"))
                        .stack_size(HELPER_STACK_BYTES)
                        .spawn_scoped(scope, move || {
                            let result = task(&helper, index);
                            (result, helper)
                        })
                        .map_err(|_| index)
                })
                .collect();
            let first = task(self, 0);
            let others: Vec<_> = spawned
                .into_iter()
                .map(|handle| match handle {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // No thread to be had: this one does the share.
                    Err(index) => {
                        let helper = self.helper();
                        (task(&helper, index), helper)
                    }
                })
                .collect();
            (first, others)
        });
        let first = first?;
        let mut results = Vec::with_capacity(others.len());
        for (result, helper) in others {
            self.guard.budget.absorb(&helper.guard.budget, held_then)?;
            if let (Some(mine), Some(theirs)) = (&self.profile, &helper.profile) {
                mine.absorb(theirs);
            }
            results.push(result?);
        }
        if let Some(profile) = &self.profile {
            profile.divided(step.top, of);
        }
        Ok((first, results))
    }
}
