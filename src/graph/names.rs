//! The name index: normalized name → the nodes it names, without an allocation per name.
//!
//! Names live end to end in one text buffer (each behind its length); an entry is the
//! offset of its name and its nodes; an open-addressing table of 8-byte slots (linear
//! probing, at most three quarters full) finds the entry of a name. A million names cost
//! about 50 MB this way, against twice that for a hash map of boxed strings, and building
//! it allocates nothing per name.

use std::hash::BuildHasher;

use crate::value::NodeId;

/// The nodes one normalized name names, sorted: almost always one, kept inline.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NameIds {
    One(NodeId),
    Many(Box<[NodeId]>),
}

impl NameIds {
    fn as_slice(&self) -> &[NodeId] {
        match self {
            NameIds::One(id) => std::slice::from_ref(id),
            NameIds::Many(ids) => ids,
        }
    }

    fn insert(&mut self, id: NodeId) {
        let ids = self.as_slice();
        if let Err(at) = ids.binary_search(&id) {
            let mut grown = Vec::with_capacity(ids.len() + 1);
            grown.extend_from_slice(&ids[..at]);
            grown.push(id);
            grown.extend_from_slice(&ids[at..]);
            *self = NameIds::Many(grown.into_boxed_slice());
        }
    }

    /// Removes `id`; returns whether no node is left.
    fn remove(&mut self, id: NodeId) -> bool {
        let ids = self.as_slice();
        if let Ok(at) = ids.binary_search(&id) {
            let rest: Vec<NodeId> = ids[..at].iter().chain(&ids[at + 1..]).copied().collect();
            *self = match rest.as_slice() {
                [] => return true,
                [one] => NameIds::One(*one),
                _ => NameIds::Many(rest.into_boxed_slice()),
            };
        }
        false
    }
}

struct Entry {
    /// Where the name's length (a varint) and bytes start in the text.
    at: usize,
    ids: NameIds,
}

/// A slot holds the entry's index + 1 in its low bits (0: empty) and bits of the name's
/// hash in the rest, so that most probes that miss need not look at the entry.
const INDEX_BITS: u32 = 40;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;

#[derive(Default)]
pub(super) struct NameIndex {
    slots: Vec<u64>,
    entries: Vec<Entry>,
    text: Vec<u8>,
    /// Bytes of the text no entry uses any more.
    garbage: usize,
    /// How many entries name exactly `i` nodes, at `i`: gives the largest group of nodes
    /// one name stands for without a pass over the entries.
    sizes: Vec<usize>,
}

pub(super) fn hash(name: &str) -> u64 {
    // Fx mixes poorly into the low bits; a final avalanche spreads every bit everywhere.
    let mut x = rustc_hash::FxBuildHasher.hash_one(name);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

fn tag(hash: u64) -> u64 {
    hash & !INDEX_MASK
}

impl NameIndex {
    pub(super) fn reserve(&mut self, names: usize) {
        self.entries.reserve(names);
        let wanted = Self::capacity_for(self.entries.len() + names);
        if wanted > self.slots.len() {
            self.rehash(wanted);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }

    fn capacity_for(entries: usize) -> usize {
        (entries.saturating_mul(4) / 3 + 1)
            .next_power_of_two()
            .max(16)
    }

    /// Where the bytes of the name at `at` start, and how many there are.
    fn span(&self, at: usize) -> (usize, usize) {
        let mut len = 0usize;
        let mut shift = 0;
        let mut i = at;
        while let Some(&b) = self.text.get(i) {
            i += 1;
            if shift < usize::BITS {
                len |= usize::from(b & 0x7f) << shift;
            }
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        (i, len)
    }

    fn name_at(&self, at: usize) -> &str {
        let (start, len) = self.span(at);
        let bytes = self
            .text
            .get(start..start.saturating_add(len))
            .unwrap_or(&[]);
        std::str::from_utf8(bytes).unwrap_or("")
    }

    fn home(&self, hash: u64) -> usize {
        // The slot count is a power of two: the hash's top bits pick the home slot.
        let bits = self.slots.len().trailing_zeros();
        if bits == 0 {
            0
        } else {
            (hash >> (64 - bits)) as usize
        }
    }

    /// The slot holding `name`, or the empty slot where it would go.
    fn find(&self, name: &str, hash: u64) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if tag(slot) == tag(hash) {
                let entry = (slot & INDEX_MASK) as usize - 1;
                if self
                    .entries
                    .get(entry)
                    .is_some_and(|e| self.name_at(e.at) == name)
                {
                    return Ok(i);
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn entry_of(&self, slot: usize) -> usize {
        (self.slots[slot] & INDEX_MASK) as usize - 1
    }

    pub(super) fn get(&self, name: &str) -> Option<&[NodeId]> {
        if self.entries.is_empty() {
            return None;
        }
        let slot = self.find(name, hash(name)).ok()?;
        Some(self.entries[self.entry_of(slot)].ids.as_slice())
    }

    pub(super) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every name with the nodes it names, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &[NodeId])> {
        self.entries
            .iter()
            .map(|e| (self.name_at(e.at), e.ids.as_slice()))
    }

    /// Records that `name` (normalized) names node `id`.
    pub(super) fn insert(&mut self, name: &str, id: NodeId) {
        self.insert_hashed(name, hash(name), id);
    }

    /// The slot where a lookup of a name of this [`hash`] starts: reading it for a batch
    /// of names before inserting them lets the processor overlap their cache misses.
    pub(super) fn home_slot(&self, hash: u64) -> u64 {
        self.slots.get(self.home(hash)).copied().unwrap_or(0)
    }

    /// [`NameIndex::insert`] with the name's [`hash`] computed already.
    pub(super) fn insert_hashed(&mut self, name: &str, hash: u64, id: NodeId) {
        if Self::capacity_for(self.entries.len() + 1) > self.slots.len() {
            self.rehash(Self::capacity_for(self.entries.len() + 1));
        }
        match self.find(name, hash) {
            Ok(slot) => {
                let entry = self.entry_of(slot);
                let before = self.entries[entry].ids.as_slice().len();
                self.entries[entry].ids.insert(id);
                self.resized(before, self.entries[entry].ids.as_slice().len());
            }
            Err(slot) => {
                let at = self.text.len();
                let mut len = name.len();
                while len >= 0x80 {
                    self.text.push((len as u8) | 0x80);
                    len >>= 7;
                }
                self.text.push(len as u8);
                self.text.extend_from_slice(name.as_bytes());
                self.entries.push(Entry {
                    at,
                    ids: NameIds::One(id),
                });
                self.resized(0, 1);
                self.slots[slot] = tag(hash) | (self.entries.len() as u64 & INDEX_MASK);
            }
        }
    }

    /// Records that `name` (normalized) no longer names node `id`.
    pub(super) fn remove(&mut self, name: &str, id: NodeId) {
        if self.entries.is_empty() {
            return;
        }
        let Ok(slot) = self.find(name, hash(name)) else {
            return;
        };
        let entry = self.entry_of(slot);
        let before = self.entries[entry].ids.as_slice().len();
        if !self.entries[entry].ids.remove(id) {
            self.resized(before, self.entries[entry].ids.as_slice().len());
            return;
        }
        self.resized(before, 0);
        self.garbage += self.entry_len(entry);
        self.vacate(slot);
        // The last entry takes the removed one's place; its slot follows it.
        let last = self.entries.len() - 1;
        if entry != last {
            let moved = self.name_at(self.entries[last].at).to_owned();
            if let Ok(moved_slot) = self.find(&moved, hash(&moved)) {
                self.slots[moved_slot] = tag(self.slots[moved_slot]) | (entry as u64 + 1);
            }
        }
        self.entries.swap_remove(entry);
        if self.garbage > 1 << 16 && self.garbage * 2 > self.text.len() {
            self.compact_text();
        }
    }

    fn resized(&mut self, before: usize, after: usize) {
        if before == after {
            return;
        }
        if let Some(count) = self.sizes.get_mut(before).filter(|_| before > 0) {
            *count = count.saturating_sub(1);
        }
        if after > 0 {
            if after >= self.sizes.len() {
                self.sizes.resize(after + 1, 0);
            }
            self.sizes[after] += 1;
        }
    }

    /// The most nodes any one name names.
    pub(super) fn largest(&self) -> usize {
        self.sizes.iter().rposition(|&count| count > 0).unwrap_or(0)
    }

    fn entry_len(&self, entry: usize) -> usize {
        let at = self.entries[entry].at;
        let (start, len) = self.span(at);
        start - at + len
    }

    /// Empties a slot, moving later slots of the same probe run back so that no lookup
    /// stops early at the hole.
    fn vacate(&mut self, mut hole: usize) {
        let mask = self.slots.len() - 1;
        self.slots[hole] = 0;
        let mut i = hole;
        loop {
            i = (i + 1) & mask;
            let slot = self.slots[i];
            if slot == 0 {
                return;
            }
            let name = self.name_at(self.entries[self.entry_of(i)].at);
            let home = self.home(hash(name));
            // The slot may move to the hole when its home is not cyclically within
            // (hole, i].
            let stays = if hole <= i {
                hole < home && home <= i
            } else {
                hole < home || home <= i
            };
            if !stays {
                self.slots[hole] = slot;
                self.slots[i] = 0;
                hole = i;
            }
        }
    }

    fn rehash(&mut self, capacity: usize) {
        self.slots = vec![0; capacity];
        let mask = capacity - 1;
        for (index, entry) in self.entries.iter().enumerate() {
            let hash = hash(self.name_at(entry.at));
            let mut i = self.home(hash);
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = tag(hash) | (index as u64 + 1);
        }
    }

    fn compact_text(&mut self) {
        let mut text = Vec::with_capacity(self.text.len() - self.garbage);
        for index in 0..self.entries.len() {
            let at = self.entries[index].at;
            let (start, len) = self.span(at);
            let end = start.saturating_add(len).min(self.text.len());
            self.entries[index].at = text.len();
            text.extend_from_slice(&self.text[at..end]);
        }
        self.text = text;
        self.garbage = 0;
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
        self.text.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_and_go() {
        let mut index = NameIndex::default();
        for i in 0..5000u64 {
            index.insert(&format!("name {}", i % 2000), i);
        }
        assert_eq!(index.len(), 2000);
        assert_eq!(index.largest(), 3);
        assert_eq!(index.get("name 7"), Some(&[7, 2007, 4007][..]));
        for i in 0..5000u64 {
            if i % 3 != 0 {
                index.remove(&format!("name {}", i % 2000), i);
            }
        }
        for n in 0..2000u64 {
            let expected: Vec<NodeId> = (0..5000).filter(|i| i % 2000 == n && i % 3 == 0).collect();
            let got = index.get(&format!("name {n}")).map(<[NodeId]>::to_vec);
            assert_eq!(got.unwrap_or_default(), expected, "name {n}");
        }
        let mut seen: Vec<&str> = index.iter().map(|(name, _)| name).collect();
        seen.sort_unstable();
        assert_eq!(seen.len(), index.len());
        index.remove("absent", 1);
        for i in 0..5000u64 {
            index.remove(&format!("name {}", i % 2000), i);
        }
        assert_eq!(index.len(), 0);
        assert_eq!(index.largest(), 0);
        assert_eq!(index.get("name 0"), None);
        index.insert("亀田", 3);
        assert_eq!(index.get("亀田"), Some(&[3][..]));
        assert_eq!(index.iter().count(), 1);
    }
}
