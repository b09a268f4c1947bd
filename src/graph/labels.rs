//! The nodes of one label, as a set of node ids that costs bits rather than tree nodes.
//!
//! Ids are dense (handed out in order), so the set is split in blocks of 2¹⁶ ids: a block
//! with few members keeps their low 16 bits in a sorted vector, a block with many keeps a
//! bitmap of 8 KB. A label on a sixth of a million nodes costs about 130 KB this way,
//! against some 3 MB as a `BTreeSet`.

use std::collections::BTreeMap;

use crate::value::NodeId;

const BLOCK_BITS: u32 = 16;
const WORDS: usize = (1 << BLOCK_BITS) / 64;
/// A sparse block becomes a bitmap past this many members (where the bitmap is smaller),
/// and a bitmap turns back into a vector below half of it.
const DENSE_AT: usize = WORDS * 64 / 16;

enum Block {
    Sparse(Vec<u16>),
    Dense {
        bits: Box<[u64; WORDS]>,
        count: usize,
    },
}

impl Block {
    fn len(&self) -> usize {
        match self {
            Block::Sparse(low) => low.len(),
            Block::Dense { count, .. } => *count,
        }
    }

    fn insert(&mut self, low: u16) -> bool {
        match self {
            Block::Sparse(lows) => {
                let Err(at) = lows.binary_search(&low) else {
                    return false;
                };
                lows.insert(at, low);
                if lows.len() > DENSE_AT {
                    let mut bits = Box::new([0u64; WORDS]);
                    for &l in lows.iter() {
                        bits[usize::from(l) / 64] |= 1 << (l % 64);
                    }
                    let count = lows.len();
                    *self = Block::Dense { bits, count };
                }
                true
            }
            Block::Dense { bits, count } => {
                let (word, bit) = (usize::from(low) / 64, 1u64 << (low % 64));
                if bits[word] & bit != 0 {
                    return false;
                }
                bits[word] |= bit;
                *count += 1;
                true
            }
        }
    }

    fn remove(&mut self, low: u16) -> bool {
        match self {
            Block::Sparse(lows) => match lows.binary_search(&low) {
                Ok(at) => {
                    lows.remove(at);
                    true
                }
                Err(_) => false,
            },
            Block::Dense { bits, count } => {
                let (word, bit) = (usize::from(low) / 64, 1u64 << (low % 64));
                if bits[word] & bit == 0 {
                    return false;
                }
                bits[word] &= !bit;
                *count -= 1;
                if *count < DENSE_AT / 2 {
                    let lows = Block::lows_of(bits).collect();
                    *self = Block::Sparse(lows);
                }
                true
            }
        }
    }

    fn lows_of(bits: &[u64; WORDS]) -> impl Iterator<Item = u16> + '_ {
        bits.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                Some((w * 64) as u16 + bit as u16)
            })
        })
    }

    #[inline]
    fn contains(&self, low: u16) -> bool {
        match self {
            Block::Sparse(lows) => lows.binary_search(&low).is_ok(),
            Block::Dense { bits, .. } => bits[usize::from(low) / 64] & (1 << (low % 64)) != 0,
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = u16> + '_> {
        match self {
            Block::Sparse(lows) => Box::new(lows.iter().copied()),
            Block::Dense { bits, .. } => Box::new(Block::lows_of(bits)),
        }
    }
}

/// The ids of the nodes carrying one label.
#[derive(Default)]
pub(super) struct LabelSet {
    /// The blocks of ids below [`NEAR_BLOCKS`] blocks, by their high bits: a membership
    /// test indexes it, where a tree would be searched (it is in every expansion's
    /// inner loop). A block without members is an empty sparse one, which allocates
    /// nothing; trailing ones are dropped.
    near: Vec<Block>,
    /// Blocks of ids beyond those, which a graph whose ids are handed out in order never
    /// reaches, kept so that any id stays cheap.
    far: BTreeMap<u64, Block>,
    len: usize,
}

/// How many blocks [`LabelSet::near`] may hold (ids up to 2³⁶).
const NEAR_BLOCKS: u64 = 1 << 20;

impl LabelSet {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(super) fn insert(&mut self, id: NodeId) {
        let high = id >> BLOCK_BITS;
        let block = if high < NEAR_BLOCKS {
            let at = high as usize;
            if at >= self.near.len() {
                self.near.resize_with(at + 1, || Block::Sparse(Vec::new()));
            }
            &mut self.near[at]
        } else {
            self.far
                .entry(high)
                .or_insert_with(|| Block::Sparse(Vec::new()))
        };
        if block.insert(id as u16) {
            self.len += 1;
        }
    }

    pub(super) fn remove(&mut self, id: NodeId) {
        let high = id >> BLOCK_BITS;
        let block = if high < NEAR_BLOCKS {
            self.near.get_mut(high as usize)
        } else {
            self.far.get_mut(&high)
        };
        let Some(block) = block else {
            return;
        };
        if !block.remove(id as u16) {
            return;
        }
        self.len -= 1;
        if block.len() == 0 {
            *block = Block::Sparse(Vec::new());
            self.far.remove(&high);
            while self.near.last().is_some_and(|b| b.len() == 0) {
                self.near.pop();
            }
        }
    }

    /// Membership without reading the node: a bitmap probe or a binary search in a block
    /// of at most a few thousand entries, both likely cached while a query runs.
    #[inline]
    pub(super) fn contains(&self, id: NodeId) -> bool {
        let high = id >> BLOCK_BITS;
        match self.near.get(high as usize) {
            Some(block) => block.contains(id as u16),
            None if self.far.is_empty() => false,
            None => self.far.get(&high).is_some_and(|b| b.contains(id as u16)),
        }
    }

    /// The ids in increasing order.
    pub(super) fn iter(&self) -> impl Iterator<Item = NodeId> + '_ {
        let near = (self.near.iter().enumerate()).map(|(high, block)| (high as u64, block));
        let far = self.far.iter().map(|(&high, block)| (high, block));
        near.chain(far).flat_map(|(high, block)| {
            block
                .iter()
                .map(move |low| (high << BLOCK_BITS) | u64::from(low))
        })
    }

    #[cfg(test)]
    fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.near.iter().chain(self.far.values())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_change_form_and_keep_their_members() {
        let mut set = LabelSet::default();
        let mut expected = std::collections::BTreeSet::new();
        for i in 0..60_000u64 {
            let id = (i * 7) % 150_000 + (i % 3) * 1_000_000;
            set.insert(id);
            expected.insert(id);
        }
        set.insert(5);
        expected.insert(5);
        assert_eq!(set.len(), expected.len());
        assert!(set.iter().eq(expected.iter().copied()));
        let dense = set
            .blocks()
            .filter(|b| matches!(b, Block::Dense { .. }))
            .count();
        assert!(dense > 0);
        assert_membership(&set, &expected);
        for i in 0..60_000u64 {
            if i % 8 != 0 {
                let id = (i * 7) % 150_000 + (i % 3) * 1_000_000;
                set.remove(id);
                expected.remove(&id);
            }
        }
        set.remove(u64::MAX);
        assert!(set.blocks().all(|b| matches!(b, Block::Sparse(_))));
        assert_eq!(set.len(), expected.len());
        assert!(set.iter().eq(expected.iter().copied()));
        assert_membership(&set, &expected);
        for &id in &expected.clone() {
            set.remove(id);
        }
        assert!(set.is_empty() && set.near.is_empty() && set.far.is_empty());
    }

    #[test]
    fn ids_beyond_the_near_blocks_are_members_in_order() {
        let far = NEAR_BLOCKS << BLOCK_BITS;
        let ids = [3, 70_000, far + 5, far + 9, u64::MAX - 1];
        let mut set = LabelSet::default();
        for &id in ids.iter().rev() {
            set.insert(id);
        }
        assert!(set.iter().eq(ids.iter().copied()));
        assert!(ids.iter().all(|&id| set.contains(id)));
        assert!(!set.contains(far + 6) && !set.contains(u64::MAX));
        set.remove(far + 5);
        set.remove(70_000);
        assert!(set.iter().eq([3, far + 9, u64::MAX - 1]));
        assert_eq!((set.near.len(), set.len()), (1, 3));
    }

    fn assert_membership(set: &LabelSet, expected: &std::collections::BTreeSet<u64>) {
        for id in (0..160_000u64)
            .chain(1_000_000..1_160_000)
            .chain([u64::MAX])
        {
            assert_eq!(set.contains(id), expected.contains(&id), "id {id}");
        }
    }
}
