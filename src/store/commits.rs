//! The commit log: the changes of one commit as a few large values, `c/<seq>/<part>`,
//! rather than a value per record. sled pays per key it inserts, far more than per byte, so
//! a commit of ten thousand records costs a handful of inserts instead of ten thousand.
//!
//! A part is `[version][CRC-32 of the rest][entries]`; an entry is a tag byte, the id
//! (8 bytes, big-endian) and, for a put, the record's length (4 bytes) and its bincode
//! body (the bytes a per-record delta value holds after its version byte). Parts close at
//! [`PART_BYTES`], below the size at which sled moves a value into a blob file of its own.

use crate::value::{Node, NodeId, RelId, Relationship};

/// `c/` + commit sequence number (8 bytes) + part number (4 bytes), big-endian, so that
/// sled's key order is commit order.
pub(super) const PREFIX: &[u8] = b"c/";
/// A part closes once it holds this many bytes.
pub(super) const PART_BYTES: usize = 96 << 10;
const PART_VERSION: u8 = 1;
const HEADER: usize = 5;

const NODE_PUT: u8 = 1;
const NODE_DELETE: u8 = 2;
const REL_PUT: u8 = 3;
const REL_DELETE: u8 = 4;

pub(super) fn key(seq: u64, part: u32) -> [u8; 14] {
    let mut key = [0u8; 14];
    key[..2].copy_from_slice(PREFIX);
    key[2..10].copy_from_slice(&seq.to_be_bytes());
    key[10..].copy_from_slice(&part.to_be_bytes());
    key
}

/// A commit-log key as people read it, `c/<seq>/<part>`.
pub(super) fn name(key: &[u8]) -> String {
    let part = key.get(10..14).and_then(|b| <[u8; 4]>::try_from(b).ok());
    match (seq_of(key), part.map(u32::from_be_bytes)) {
        (Some(seq), Some(part)) => format!("c/{seq}/{part}"),
        _ => String::from_utf8_lossy(key).into_owned(),
    }
}

/// The commit sequence number of a commit-log key.
pub(super) fn seq_of(key: &[u8]) -> Option<u64> {
    let rest = key.strip_prefix(PREFIX)?;
    if rest.len() != 12 {
        return None;
    }
    rest.get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
}

/// Builds the parts of one commit.
pub(super) struct Encoder {
    parts: Vec<Vec<u8>>,
    current: Vec<u8>,
}

impl Encoder {
    pub(super) fn new() -> Encoder {
        Encoder {
            parts: Vec::new(),
            current: header(),
        }
    }

    pub(super) fn put_node(&mut self, node: &Node) {
        let record = super::NodeRecordRef {
            labels: &node.labels,
            properties: &node.properties,
        };
        self.put(NODE_PUT, node.id, &record);
    }

    pub(super) fn put_relationship(&mut self, rel: &Relationship) {
        let record = super::RelRecordRef {
            rel_type: &rel.rel_type,
            start: rel.start,
            end: rel.end,
            properties: &rel.properties,
        };
        self.put(REL_PUT, rel.id, &record);
    }

    pub(super) fn delete_node(&mut self, id: NodeId) {
        self.entry(NODE_DELETE, id);
        self.close_if_full();
    }

    pub(super) fn delete_relationship(&mut self, id: RelId) {
        self.entry(REL_DELETE, id);
        self.close_if_full();
    }

    fn entry(&mut self, tag: u8, id: u64) {
        self.current.push(tag);
        self.current.extend_from_slice(&id.to_be_bytes());
    }

    fn put(&mut self, tag: u8, id: u64, record: &impl serde::Serialize) {
        self.entry(tag, id);
        let length_at = self.current.len();
        self.current.extend_from_slice(&[0; 4]);
        // Encoding plain data into a Vec cannot fail.
        let _ = bincode::serde::encode_into_std_write(
            record,
            &mut self.current,
            bincode::config::standard(),
        );
        let length = (self.current.len() - length_at - 4) as u32;
        self.current[length_at..length_at + 4].copy_from_slice(&length.to_be_bytes());
        self.close_if_full();
    }

    fn close_if_full(&mut self) {
        if self.current.len() >= PART_BYTES {
            let full = std::mem::replace(&mut self.current, header());
            self.parts.push(seal(full));
        }
    }

    /// The parts, in order; none when nothing was added.
    pub(super) fn finish(mut self) -> Vec<Vec<u8>> {
        if self.current.len() > HEADER {
            self.parts.push(seal(self.current));
        }
        self.parts
    }
}

fn header() -> Vec<u8> {
    let mut part = Vec::with_capacity(HEADER);
    part.push(PART_VERSION);
    part.extend_from_slice(&[0; 4]);
    part
}

fn seal(mut part: Vec<u8>) -> Vec<u8> {
    let crc = crc32fast::hash(&part[HEADER..]);
    part[1..HEADER].copy_from_slice(&crc.to_be_bytes());
    part
}

/// One change a part records: the final state of an id, `None` for a delete.
pub(super) enum Entry {
    Node(NodeId, Option<Node>),
    Relationship(RelId, Option<Relationship>),
}

/// Decodes the entries of one part, in order, into `apply`. A part that fails its
/// checksum or ends inside an entry is an error, and nothing of it is applied.
pub(super) fn decode(part: &[u8], mut apply: impl FnMut(Entry)) -> Result<(), String> {
    let (&version, rest) = part.split_first().ok_or("an empty commit record")?;
    if version != PART_VERSION {
        return Err(format!("unknown commit record version {version}"));
    }
    let (crc, body) = rest
        .split_first_chunk::<4>()
        .ok_or("a commit record shorter than its header")?;
    if crc32fast::hash(body).to_be_bytes() != *crc {
        return Err("its checksum does not match its contents".into());
    }
    let mut entries = Vec::new();
    let mut at = body;
    while let Some((&tag, rest)) = at.split_first() {
        let (id, rest) = rest
            .split_first_chunk::<8>()
            .ok_or("a commit record ends inside an entry")?;
        let id = u64::from_be_bytes(*id);
        at = rest;
        let entry = match tag {
            NODE_DELETE => Entry::Node(id, None),
            REL_DELETE => Entry::Relationship(id, None),
            NODE_PUT | REL_PUT => {
                let (length, rest) = at
                    .split_first_chunk::<4>()
                    .ok_or("a commit record ends inside an entry")?;
                let length = u32::from_be_bytes(*length) as usize;
                if rest.len() < length {
                    return Err("a commit record ends inside an entry".into());
                }
                let (record, rest) = rest.split_at(length);
                at = rest;
                if tag == NODE_PUT {
                    Entry::Node(id, Some(super::node_from(id, super::decode_body(record)?)))
                } else {
                    Entry::Relationship(id, Some(super::rel_from(id, super::decode_body(record)?)))
                }
            }
            other => return Err(format!("unknown commit entry kind {other}")),
        };
        entries.push(entry);
    }
    entries.into_iter().for_each(&mut apply);
    Ok(())
}
