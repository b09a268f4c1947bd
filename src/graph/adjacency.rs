//! Compact adjacency: per direction, the relationships at each node as one contiguous run
//! of (neighbour index, edge index) entries (compressed sparse rows), so that a traversal
//! reads flat arrays instead of following petgraph's linked lists one cache miss at a time.
//! Beside each entry, in a parallel array, the word of the relationship's record (its type
//! and where its properties are), so that a typed or property-reading traversal does not
//! read the record either, while one that only wants neighbours reads 8 bytes per entry.
//!
//! It is derived data, built in O(E) from the petgraph structure by a counting sort the
//! first time a traversal asks for it. Writes (under `&mut`) do not patch it: they mark the
//! nodes whose relationships changed (in number or in their words) as dirty, a traversal at a dirty node (or at one
//! created after the build) reads petgraph's lists instead, and once the dirty share grows
//! past [`Adjacency::too_dirty`] the graph drops it for a rebuild on the next traversal.
//!
//! **Order:** a node's run holds its relationships grouped by type (ascending type tag, as
//! the caller's `group` key reads it from a word), and within a type in the order
//! petgraph's list yields them (newest insertion first). A typed traversal then reads its
//! type's range alone, found by binary search, and meets the relationships in the order a
//! walk of the lists filtered to that type would. Edges appended at fresh indices keep
//! the lists' order equal to descending edge index, which the counting sort produces; a
//! node whose list got an edge at a reused index is "irregular" (the graph keeps that
//! set) and its run is copied from its list instead, before the grouping.

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use petgraph::Direction as PgDirection;

/// One relationship at a node: the node at its other end and the relationship's edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) node: u32,
    pub(super) edge: u32,
}

/// The key that orders the groups of a run: a relationship's type tag, read from its word.
pub(super) type GroupKey = fn(u64) -> u32;

/// The runs of one direction.
#[derive(Default)]
struct Rows {
    /// Node index `i`'s run is `entries[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    /// The word of each entry's relationship record (type tag and properties' offset,
    /// opaque here), parallel to `entries`.
    words: Vec<u64>,
}

impl Rows {
    fn run(&self, ix: usize) -> (&[Entry], &[u64]) {
        let (Some(&from), Some(&to)) = (self.offsets.get(ix), self.offsets.get(ix + 1)) else {
            return (&[], &[]);
        };
        let range = from as usize..to as usize;
        (
            self.entries.get(range.clone()).unwrap_or_default(),
            self.words.get(range).unwrap_or_default(),
        )
    }

    /// The part of node index `ix`'s run whose group keys lie in `span` (inclusive).
    fn run_within(&self, ix: usize, group: GroupKey, span: (u32, u32)) -> (&[Entry], &[u64]) {
        let (entries, words) = self.run(ix);
        let from = words.partition_point(|&w| group(w) < span.0);
        let to = from + words[from..].partition_point(|&w| group(w) <= span.1);
        (&entries[from..to], &words[from..to])
    }

    fn len_at(&self, ix: usize) -> usize {
        match (self.offsets.get(ix), self.offsets.get(ix + 1)) {
            (Some(&from), Some(&to)) => (to - from) as usize,
            _ => 0,
        }
    }
}

impl Rows {
    /// The runs of one direction: one pass counting degrees, one placing entries
    /// (ascending edge index, filling each run from its end, which leaves the run in
    /// descending edge index, the lists' order), then the irregular nodes' runs copied
    /// from their lists, then each run grouped by `group`. `word` gives a relationship's
    /// word.
    fn build<N, E>(
        graph: &StableDiGraph<N, E>,
        direction: PgDirection,
        irregular: &IndexSet,
        word: &impl Fn(&E) -> u64,
        group: GroupKey,
    ) -> Rows {
        let range = graph.node_bound();
        let ends = |e: &petgraph::stable_graph::EdgeReference<'_, E>| match direction {
            PgDirection::Outgoing => (e.source().index(), e.target().index()),
            PgDirection::Incoming => (e.target().index(), e.source().index()),
        };
        let mut offsets = vec![0u32; range + 1];
        for e in graph.edge_references() {
            offsets[ends(&e).0 + 1] += 1;
        }
        for i in 0..range {
            offsets[i + 1] += offsets[i];
        }
        let edges = graph.edge_count();
        let mut entries = vec![Entry { node: 0, edge: 0 }; edges];
        let mut words = vec![0u64; edges];
        // Cursors start at each run's end and move down.
        let mut cursor: Vec<u32> = offsets[1..].to_vec();
        for e in graph.edge_references() {
            let (at, other) = ends(&e);
            cursor[at] -= 1;
            let slot = cursor[at] as usize;
            entries[slot] = Entry {
                node: other as u32,
                edge: e.id().index() as u32,
            };
            words[slot] = word(e.weight());
        }
        drop(cursor);
        for ix in irregular.iter().filter(|&ix| ix < range) {
            let from = offsets[ix] as usize;
            for (k, e) in graph
                .edges_directed(NodeIndex::new(ix), direction)
                .enumerate()
            {
                entries[from + k] = Entry {
                    node: ends(&e).1 as u32,
                    edge: e.id().index() as u32,
                };
                words[from + k] = word(e.weight());
            }
        }
        group_runs(&offsets, &mut entries, &mut words, group);
        Rows {
            offsets,
            entries,
            words,
        }
    }
}

/// Orders each run by its group key, keeping the order within a group (a stable sort, and
/// none for the many runs already in order: a single type, or types met in key order).
fn group_runs(offsets: &[u32], entries: &mut [Entry], words: &mut [u64], group: GroupKey) {
    let mut scratch: Vec<(u32, Entry, u64)> = Vec::new();
    for bounds in offsets.windows(2) {
        let range = bounds[0] as usize..bounds[1] as usize;
        let Some(run_words) = words.get(range.clone()) else {
            continue;
        };
        if run_words.is_sorted_by_key(|&w| group(w)) {
            continue;
        }
        scratch.clear();
        scratch.extend(
            entries[range.clone()]
                .iter()
                .zip(run_words)
                .map(|(&entry, &word)| (group(word), entry, word)),
        );
        scratch.sort_by_key(|&(key, ..)| key);
        for (k, &(_, entry, word)) in scratch.iter().enumerate() {
            entries[range.start + k] = entry;
            words[range.start + k] = word;
        }
    }
}

/// A set of node indices as a bitmap, grown on demand.
#[derive(Default, Clone)]
pub(super) struct IndexSet {
    words: Vec<u64>,
    len: usize,
}

impl IndexSet {
    pub(super) fn contains(&self, ix: usize) -> bool {
        self.words
            .get(ix / 64)
            .is_some_and(|w| w & (1 << (ix % 64)) != 0)
    }

    /// Adds `ix`; false when it was there already.
    pub(super) fn insert(&mut self, ix: usize) -> bool {
        let word = ix / 64;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        let bit = 1u64 << (ix % 64);
        let fresh = self.words[word] & bit == 0;
        self.words[word] |= bit;
        self.len += usize::from(fresh);
        fresh
    }

    pub(super) fn remove(&mut self, ix: usize) {
        if let Some(word) = self.words.get_mut(ix / 64) {
            let bit = 1u64 << (ix % 64);
            if *word & bit != 0 {
                *word &= !bit;
                self.len -= 1;
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

/// The compact adjacency of a graph as it was at the build, minus the dirty nodes.
pub(super) struct Adjacency {
    out: Rows,
    into: Rows,
    /// Node indices below this were covered by the build; any other is dirty.
    range: usize,
    /// Node indices whose relationships changed since the build (or that appeared).
    dirty: IndexSet,
    /// The key each run is grouped by.
    group: GroupKey,
}

impl Adjacency {
    /// Builds both directions from the petgraph structure, one per thread (each reads
    /// the edges in order, so the two share nothing but the graph).
    pub(super) fn build<N: Sync, E: Sync>(
        graph: &StableDiGraph<N, E>,
        irregular: &IndexSet,
        word: impl Fn(&E) -> u64 + Sync,
        group: GroupKey,
    ) -> Adjacency {
        let word = &word;
        let rows = move |direction| Rows::build(graph, direction, irregular, word, group);
        let (out, into) = std::thread::scope(|scope| {
            let into = scope.spawn(move || rows(PgDirection::Incoming));
            let out = rows(PgDirection::Outgoing);
            let into = into.join().unwrap_or_else(|_| rows(PgDirection::Incoming));
            (out, into)
        });
        Adjacency {
            out,
            into,
            range: graph.node_bound(),
            dirty: IndexSet::default(),
            group,
        }
    }

    /// Whether the runs of node index `ix` are exact.
    pub(super) fn is_clean(&self, ix: usize) -> bool {
        ix < self.range && !self.dirty.contains(ix)
    }

    /// Records that the relationships at `ix` changed (or that a node appeared there).
    pub(super) fn mark(&mut self, ix: usize) {
        self.dirty.insert(ix);
    }

    /// Whether so many nodes are dirty (or new) that rebuilding beats falling back.
    pub(super) fn too_dirty(&self) -> bool {
        self.dirty.len > self.range / 8 + 16
    }

    /// The outgoing (`outgoing`) or incoming run of a clean node, with its words.
    pub(super) fn run(&self, ix: usize, outgoing: bool) -> (&[Entry], &[u64]) {
        self.rows(outgoing).run(ix)
    }

    /// The part of a clean node's run whose group keys lie in `span` (inclusive), or all
    /// of it without a span.
    pub(super) fn run_within(
        &self,
        ix: usize,
        outgoing: bool,
        span: Option<(u32, u32)>,
    ) -> (&[Entry], &[u64]) {
        let rows = self.rows(outgoing);
        match span {
            Some(span) => rows.run_within(ix, self.group, span),
            None => rows.run(ix),
        }
    }

    /// Starts loading the first cache lines of a node's run, ahead of its traversal.
    pub(super) fn prefetch_run(&self, ix: usize, outgoing: bool) {
        let rows = self.rows(outgoing);
        let (entries, words) = rows.run(ix);
        // A hint for a run's head is enough: the hardware prefetcher follows a long
        // sequential run from there.
        if let (Some(entry), Some(word)) = (entries.first(), words.first()) {
            prefetch(entry);
            prefetch(word);
        }
    }

    /// The entry whose word `word` is, when it is one of this adjacency's words.
    #[inline]
    pub(super) fn hop_of(&self, outgoing: bool, word: &u64) -> Option<super::HopAt> {
        let words = &self.rows(outgoing).words;
        let offset = (word as *const u64 as usize).wrapping_sub(words.as_ptr() as usize);
        let position = offset / std::mem::size_of::<u64>();
        (position < words.len()).then_some(super::HopAt {
            outgoing,
            position: position as u32,
        })
    }

    /// How many entries one direction holds: the length of its hop columns.
    pub(super) fn entries_len(&self, outgoing: bool) -> usize {
        self.rows(outgoing).words.len()
    }

    /// The words of one direction's clean runs, each with the position of its first
    /// entry (a dirty node's run may point at records that changed).
    pub(super) fn clean_runs(&self, outgoing: bool) -> impl Iterator<Item = (usize, &[u64])> {
        let rows = self.rows(outgoing);
        (0..self.range)
            .filter(|&ix| !self.dirty.contains(ix))
            .map(move |ix| (rows.offsets[ix] as usize, rows.run(ix).1))
    }

    fn rows(&self, outgoing: bool) -> &Rows {
        if outgoing {
            &self.out
        } else {
            &self.into
        }
    }

    /// The length of a clean node's run.
    pub(super) fn len_at(&self, ix: usize, outgoing: bool) -> usize {
        self.rows(outgoing).len_at(ix)
    }

    /// Bytes held.
    pub(super) fn bytes(&self) -> usize {
        [&self.out, &self.into]
            .iter()
            .map(|r| r.offsets.len() * 4 + r.entries.len() * 8 + r.words.len() * 8)
            .sum()
    }
}

/// Asks the processor to start loading the cache line of `value` without waiting for it.
#[inline]
pub(super) fn prefetch<T>(value: &T) {
    // SAFETY: a prefetch never faults nor changes memory, and SSE is part of x86-64.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// The edge index of an entry, for petgraph.
pub(super) fn edge_index(entry: Entry) -> EdgeIndex {
    EdgeIndex::new(entry.edge as usize)
}
