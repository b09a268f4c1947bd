//! The snapshot codec: nodes and relationships packed into compact, checksummed chunks
//! (the layout is described in the `store` module docs).
//!
//! Labels, relationship types and property keys are numbers into one dictionary per
//! snapshot; string values are written once per chunk and referred to by number after
//! that; integers are varints (zigzag for signed ones); ids are deltas from the previous
//! record's. A chunk is self-contained given the dictionary, so chunks decode in any order
//! and on any thread.

use rustc_hash::FxHashMap as HashMap;

use crate::value::{Node, Path, Properties, Relationship, Value};

/// The version byte every chunk starts with.
const CHUNK_VERSION: u8 = 1;
pub const KIND_NODES: u8 = b'n';
pub const KIND_RELS: u8 = b'e';
pub const KIND_DICT: u8 = b'd';
/// A chunk closes once its records take this many bytes. sled keeps a value below about
/// 128 KiB inside its log; a larger one becomes a blob file that is copied again whenever
/// its tree leaf changes, which costs twice the space and time.
pub const CHUNK_BYTES: usize = 96 << 10;
/// Deeper values than this are taken for damage (stored lists are flat).
const MAX_NESTING: usize = 32;

// Value tags.
const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
/// A string not seen before in this chunk: its length and bytes; it gets the next number.
const NEW_STRING: u8 = 5;
/// A string seen before in this chunk: its number.
const OLD_STRING: u8 = 6;
const LIST: u8 = 7;
const MAP: u8 = 8;
const NODE: u8 = 9;
const RELATIONSHIP: u8 = 10;
const PATH: u8 = 11;
/// A temporal value or duration: a length, then its bytes as `value::temporal_bytes` writes them.
const TEMPORAL: u8 = 12;

/// Places remembered by [`Dictionary::number`]: the label or type, then properties by
/// position.
const RECENT: usize = 16;

/// Labels, relationship types and property keys, numbered in order of appearance.
pub struct Dictionary {
    index: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// The word last numbered at each place of a record: records of one kind mostly
    /// repeat their neighbours' type and keys, and comparing two short strings is
    /// cheaper than hashing one.
    recent: [u32; RECENT],
}

impl Default for Dictionary {
    fn default() -> Self {
        Dictionary {
            index: HashMap::default(),
            words: Vec::new(),
            recent: [Dictionary::NONE; RECENT],
        }
    }
}

impl Dictionary {
    /// Marks a place of `recent` that remembers nothing yet.
    const NONE: u32 = u32::MAX;

    fn number(&mut self, place: usize, word: &str) -> u32 {
        if let Some(&n) = self.recent.get(place) {
            if self
                .words
                .get(n as usize)
                .is_some_and(|last| **last == *word)
            {
                return n;
            }
        }
        let n = match self.index.get(word) {
            Some(&n) => n,
            None => {
                let n = self.words.len() as u32;
                self.words.push(word.into());
                self.index.insert(word.into(), n);
                n
            }
        };
        if let Some(slot) = self.recent.get_mut(place) {
            *slot = n;
        }
        n
    }

    /// The dictionary as a chunk of its own.
    pub fn to_chunk(&self) -> Vec<u8> {
        let mut body = Vec::new();
        for word in &self.words {
            put_varint(&mut body, word.len() as u64);
            body.extend_from_slice(word.as_bytes());
        }
        seal(KIND_DICT, self.words.len() as u64, 0, &body)
    }
}

/// Builds one chunk of nodes or of relationships.
pub struct ChunkEncoder {
    kind: u8,
    body: Vec<u8>,
    strings: HashMap<Box<str>, u32>,
    records: u64,
    first_id: u64,
    last_id: u64,
}

impl ChunkEncoder {
    pub fn new(kind: u8) -> Self {
        ChunkEncoder {
            kind,
            body: Vec::with_capacity(CHUNK_BYTES + (CHUNK_BYTES >> 2)),
            strings: HashMap::default(),
            records: 0,
            first_id: 0,
            last_id: 0,
        }
    }

    pub fn records(&self) -> u64 {
        self.records
    }

    pub fn bytes(&self) -> usize {
        self.body.len()
    }

    fn put_id(&mut self, id: u64) {
        if self.records == 0 {
            self.first_id = id;
            self.last_id = id;
        }
        // Records arrive in id order; anything else is stored as a wrapped delta and
        // still decodes to the right id.
        put_varint(&mut self.body, id.wrapping_sub(self.last_id));
        self.last_id = id;
        self.records += 1;
    }

    pub fn push_node(&mut self, dictionary: &mut Dictionary, node: &Node) {
        self.put_id(node.id);
        put_varint(&mut self.body, node.labels.len() as u64);
        for (place, label) in node.labels.iter().enumerate() {
            let n = dictionary.number(place, label);
            put_varint(&mut self.body, u64::from(n));
        }
        self.put_properties(dictionary, &node.properties);
    }

    pub fn push_relationship(&mut self, dictionary: &mut Dictionary, rel: &Relationship) {
        self.put_id(rel.id);
        let n = dictionary.number(0, &rel.rel_type);
        put_varint(&mut self.body, u64::from(n));
        put_varint(&mut self.body, rel.start);
        put_varint(&mut self.body, rel.end);
        self.put_properties(dictionary, &rel.properties);
    }

    fn put_properties(&mut self, dictionary: &mut Dictionary, properties: &Properties) {
        put_varint(&mut self.body, properties.len() as u64);
        for (place, (key, value)) in properties.into_iter().enumerate() {
            // Places after the labels; a node with many labels shares them with its keys,
            // which only costs a hash lookup.
            let n = dictionary.number(place + 2, key);
            put_varint(&mut self.body, u64::from(n));
            self.put_value(value);
        }
    }

    fn put_string(&mut self, s: &str) {
        match self.strings.get(s) {
            Some(&n) => {
                self.body.push(OLD_STRING);
                put_varint(&mut self.body, u64::from(n));
            }
            None => {
                let n = self.strings.len() as u32;
                self.strings.insert(s.into(), n);
                self.body.push(NEW_STRING);
                put_varint(&mut self.body, s.len() as u64);
                self.body.extend_from_slice(s.as_bytes());
            }
        }
    }

    fn put_value(&mut self, value: &Value) {
        match value {
            Value::Null => self.body.push(NULL),
            Value::Bool(false) => self.body.push(FALSE),
            Value::Bool(true) => self.body.push(TRUE),
            Value::Int(i) => {
                self.body.push(INT);
                put_varint(&mut self.body, zigzag(*i));
            }
            Value::Float(x) => {
                self.body.push(FLOAT);
                self.body.extend_from_slice(&x.to_le_bytes());
            }
            Value::String(s) => self.put_string(s),
            Value::List(items) => {
                self.body.push(LIST);
                put_varint(&mut self.body, items.len() as u64);
                for item in items {
                    self.put_value(item);
                }
            }
            Value::Map(map) => {
                self.body.push(MAP);
                put_varint(&mut self.body, map.len() as u64);
                for (key, item) in map {
                    self.put_string(key);
                    self.put_value(item);
                }
            }
            Value::Node(id) => {
                self.body.push(NODE);
                put_varint(&mut self.body, *id);
            }
            Value::Relationship(id) => {
                self.body.push(RELATIONSHIP);
                put_varint(&mut self.body, *id);
            }
            Value::Path(path) => {
                self.body.push(PATH);
                for ids in [&path.nodes, &path.relationships] {
                    put_varint(&mut self.body, ids.len() as u64);
                    for id in ids {
                        put_varint(&mut self.body, *id);
                    }
                }
            }
            temporal => {
                let bytes = crate::value::temporal_bytes(temporal);
                self.body.push(TEMPORAL);
                put_varint(&mut self.body, bytes.len() as u64);
                self.body.extend_from_slice(&bytes);
            }
        }
    }

    /// The finished chunk; the encoder starts over, empty.
    pub fn finish(&mut self) -> Vec<u8> {
        let chunk = seal(self.kind, self.records, self.first_id, &self.body);
        self.body.clear();
        self.strings.clear();
        self.records = 0;
        chunk
    }
}

/// `[version][crc32 of the rest, LE][kind][record count][first id][body]`.
fn seal(kind: u8, records: u64, first_id: u64, body: &[u8]) -> Vec<u8> {
    let mut chunk = Vec::with_capacity(body.len() + 24);
    chunk.push(CHUNK_VERSION);
    chunk.extend_from_slice(&[0; 4]);
    chunk.push(kind);
    put_varint(&mut chunk, records);
    put_varint(&mut chunk, first_id);
    chunk.extend_from_slice(body);
    let crc = crc32fast::hash(&chunk[5..]);
    chunk[1..5].copy_from_slice(&crc.to_le_bytes());
    chunk
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

// ---- decoding ------------------------------------------------------------------------

/// A cursor over a chunk; every read is checked, so damage is an error, never a panic.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The chunk's strings so far, by number.
    strings: Vec<&'a str>,
}

type Decoded<T> = Result<T, String>;

impl<'a> Reader<'a> {
    #[inline]
    fn byte(&mut self) -> Decoded<u8> {
        let b = *self.bytes.get(self.at).ok_or("the chunk ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: u64) -> Decoded<&'a [u8]> {
        let end = usize::try_from(n)
            .ok()
            .and_then(|n| self.at.checked_add(n))
            .filter(|&end| end <= self.bytes.len())
            .ok_or("the chunk ends early")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    #[inline]
    fn varint(&mut self) -> Decoded<u64> {
        // Most numbers (deltas, dictionary numbers, counts, lengths) take one byte.
        match self.bytes.get(self.at) {
            Some(&b) if b < 0x80 => {
                self.at += 1;
                Ok(u64::from(b))
            }
            _ => self.long_varint(),
        }
    }

    fn long_varint(&mut self) -> Decoded<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err("a number runs past 64 bits".into())
    }

    /// A count of items that each take at least one byte: a damaged count cannot make
    /// the decoder reserve more memory than the chunk could fill.
    #[inline]
    fn count(&mut self) -> Decoded<usize> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(format!(
                "a count of {n} exceeds the {left} bytes left in the chunk"
            ));
        }
        Ok(n as usize)
    }

    fn word<'d>(&mut self, dictionary: &'d [String]) -> Decoded<&'d String> {
        let n = self.varint()?;
        usize::try_from(n)
            .ok()
            .and_then(|n| dictionary.get(n))
            .ok_or_else(|| format!("dictionary entry {n} does not exist"))
    }

    fn string(&mut self, tag: u8) -> Decoded<&'a str> {
        if tag == NEW_STRING {
            let len = self.varint()?;
            let bytes = self.take(len)?;
            let s = std::str::from_utf8(bytes).map_err(|_| "a string is not UTF-8")?;
            self.strings.push(s);
            Ok(s)
        } else {
            let n = self.varint()?;
            usize::try_from(n)
                .ok()
                .and_then(|n| self.strings.get(n))
                .copied()
                .ok_or_else(|| format!("string {n} of the chunk does not exist"))
        }
    }

    fn ids(&mut self) -> Decoded<Vec<u64>> {
        let n = self.count()?;
        (0..n).map(|_| self.varint()).collect()
    }

    fn value(&mut self, depth: usize) -> Decoded<Value> {
        if depth > MAX_NESTING {
            return Err("values nest too deeply".into());
        }
        Ok(match self.byte()? {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            INT => Value::Int(unzigzag(self.varint()?)),
            FLOAT => {
                let bytes: [u8; 8] = self.take(8)?.try_into().map_err(|_| "short float")?;
                Value::Float(f64::from_le_bytes(bytes))
            }
            tag @ (NEW_STRING | OLD_STRING) => Value::String(self.string(tag)?.to_owned()),
            LIST => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::List(items)
            }
            MAP => {
                let n = self.count()?;
                let mut map = std::collections::BTreeMap::new();
                for _ in 0..n {
                    let tag = self.byte()?;
                    if tag != NEW_STRING && tag != OLD_STRING {
                        return Err(format!("a map key has tag {tag}, not a string's"));
                    }
                    let key = self.string(tag)?.to_owned();
                    map.insert(key, self.value(depth + 1)?);
                }
                Value::Map(map)
            }
            NODE => Value::Node(self.varint()?),
            RELATIONSHIP => Value::Relationship(self.varint()?),
            PATH => Value::Path(Box::new(Path {
                nodes: self.ids()?,
                relationships: self.ids()?,
            })),
            TEMPORAL => {
                let len = self.count()? as u64;
                match crate::value::temporal_from_bytes(self.take(len)?) {
                    Value::Null => return Err("a temporal value does not decode".into()),
                    value => value,
                }
            }
            tag => return Err(format!("unknown value tag {tag}")),
        })
    }

    fn properties(&mut self, dictionary: &[String]) -> Decoded<Properties> {
        let n = self.count()?;
        let mut properties = Properties::new();
        for _ in 0..n {
            let key = self.word(dictionary)?.clone();
            let value = self.value(0)?;
            properties.insert(key, value);
        }
        Ok(properties)
    }
}

/// Checks a chunk's version, checksum and kind; returns a reader at its first record,
/// the record count and the first id.
fn open(chunk: &[u8], kind: u8) -> Decoded<(Reader<'_>, usize, u64)> {
    let (Some(&version), Some(crc), Some(rest)) = (chunk.first(), chunk.get(1..5), chunk.get(5..))
    else {
        return Err("the chunk is shorter than its header".into());
    };
    if version != CHUNK_VERSION {
        return Err(format!("unknown chunk version {version}"));
    }
    let stored = u32::from_le_bytes(crc.try_into().map_err(|_| "short checksum")?);
    if crc32fast::hash(rest) != stored {
        return Err("its checksum does not match its contents".into());
    }
    let mut reader = Reader {
        bytes: chunk,
        at: 5,
        strings: Vec::new(),
    };
    let found = reader.byte()?;
    if found != kind {
        return Err(format!(
            "it holds kind {:?} where {:?} belongs",
            found as char, kind as char
        ));
    }
    let records = reader.count()?;
    let first_id = reader.varint()?;
    Ok((reader, records, first_id))
}

pub fn decode_dictionary(chunk: &[u8]) -> Decoded<Vec<String>> {
    let (mut reader, count, _) = open(chunk, KIND_DICT)?;
    let mut words = Vec::with_capacity(count);
    for _ in 0..count {
        let len = reader.varint()?;
        let bytes = reader.take(len)?;
        let word = std::str::from_utf8(bytes).map_err(|_| "a dictionary word is not UTF-8")?;
        words.push(word.to_owned());
    }
    finished(&reader, words)
}

pub fn decode_nodes(chunk: &[u8], dictionary: &[String]) -> Decoded<Vec<Node>> {
    let (mut reader, count, mut id) = open(chunk, KIND_NODES)?;
    let mut nodes = Vec::with_capacity(count);
    for _ in 0..count {
        id = id.wrapping_add(reader.varint()?);
        let n = reader.count()?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(reader.word(dictionary)?.clone());
        }
        let properties = reader.properties(dictionary)?;
        nodes.push(Node {
            id,
            labels,
            properties,
        });
    }
    finished(&reader, nodes)
}

pub fn decode_relationships(chunk: &[u8], dictionary: &[String]) -> Decoded<Vec<Relationship>> {
    let (mut reader, count, mut id) = open(chunk, KIND_RELS)?;
    let mut relationships = Vec::with_capacity(count);
    for _ in 0..count {
        id = id.wrapping_add(reader.varint()?);
        let rel_type = reader.word(dictionary)?.clone();
        let start = reader.varint()?;
        let end = reader.varint()?;
        let properties = reader.properties(dictionary)?;
        relationships.push(Relationship {
            id,
            rel_type,
            start,
            end,
            properties,
        });
    }
    finished(&reader, relationships)
}

// ---- decoding in place ------------------------------------------------------------------

/// One step of a property value as a chunk decodes it, strings borrowed from the chunk.
/// Containers announce their length; their contents follow as further tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Token<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(&'a str),
    /// A list of this many items, each a value's tokens.
    List(usize),
    /// A map of this many entries, each a `MapKey` and a value's tokens.
    Map(usize),
    MapKey(&'a str),
    Node(u64),
    Relationship(u64),
    /// A path: its node ids, then its relationship ids, each as `Ids` and that many `Id`.
    Path,
    Ids(usize),
    Id(u64),
    /// A temporal value or duration, as `value::temporal_bytes` writes it.
    Temporal(&'a [u8]),
}

/// Receives a chunk's records field by field as they decode, with labels, types and keys
/// as dictionary numbers and strings borrowed: for a consumer that keeps records in its
/// own encoding (the in-memory graph), so that no owned record is made only to be
/// converted and freed.
pub trait RecordSink {
    /// A node with this many labels; its labels follow, then its properties.
    fn node(&mut self, id: u64, labels: usize);
    fn label(&mut self, word: u32);
    /// A relationship; its properties follow.
    fn relationship(&mut self, id: u64, rel_type: u32, start: u64, end: u64);
    /// The record has this many properties, each a `key` and a value's tokens, in key
    /// order.
    fn properties(&mut self, count: usize);
    fn key(&mut self, word: u32);
    fn token(&mut self, token: Token<'_>);
    /// The record is complete.
    fn end(&mut self);
}

impl<'a> Reader<'a> {
    /// A dictionary number, checked against the dictionary's size.
    #[inline]
    fn number(&mut self, words: usize) -> Decoded<u32> {
        let n = self.varint()?;
        match u32::try_from(n) {
            Ok(word) if (word as usize) < words => Ok(word),
            _ => Err(format!("dictionary entry {n} does not exist")),
        }
    }

    fn tokens(&mut self, depth: usize, sink: &mut impl RecordSink) -> Decoded<()> {
        if depth > MAX_NESTING {
            return Err("values nest too deeply".into());
        }
        let token = match self.byte()? {
            NULL => Token::Null,
            FALSE => Token::Bool(false),
            TRUE => Token::Bool(true),
            INT => Token::Int(unzigzag(self.varint()?)),
            FLOAT => {
                let bytes: [u8; 8] = self.take(8)?.try_into().map_err(|_| "short float")?;
                Token::Float(f64::from_le_bytes(bytes))
            }
            tag @ (NEW_STRING | OLD_STRING) => Token::String(self.string(tag)?),
            LIST => {
                let n = self.count()?;
                sink.token(Token::List(n));
                for _ in 0..n {
                    self.tokens(depth + 1, sink)?;
                }
                return Ok(());
            }
            MAP => {
                let n = self.count()?;
                sink.token(Token::Map(n));
                for _ in 0..n {
                    let tag = self.byte()?;
                    if tag != NEW_STRING && tag != OLD_STRING {
                        return Err(format!("a map key has tag {tag}, not a string's"));
                    }
                    sink.token(Token::MapKey(self.string(tag)?));
                    self.tokens(depth + 1, sink)?;
                }
                return Ok(());
            }
            NODE => Token::Node(self.varint()?),
            RELATIONSHIP => Token::Relationship(self.varint()?),
            PATH => {
                sink.token(Token::Path);
                for _ in 0..2 {
                    let n = self.count()?;
                    sink.token(Token::Ids(n));
                    for _ in 0..n {
                        sink.token(Token::Id(self.varint()?));
                    }
                }
                return Ok(());
            }
            TEMPORAL => {
                let len = self.count()? as u64;
                Token::Temporal(self.take(len)?)
            }
            tag => return Err(format!("unknown value tag {tag}")),
        };
        sink.token(token);
        Ok(())
    }

    fn properties_into(&mut self, words: usize, sink: &mut impl RecordSink) -> Decoded<()> {
        let n = self.count()?;
        sink.properties(n);
        for _ in 0..n {
            sink.key(self.number(words)?);
            self.tokens(0, sink)?;
        }
        sink.end();
        Ok(())
    }
}

/// Decodes a node chunk into `sink`, record by record, against a dictionary of `words`
/// entries; returns the record count. On an error the sink holds part of the chunk.
pub fn decode_nodes_into(chunk: &[u8], words: usize, sink: &mut impl RecordSink) -> Decoded<usize> {
    let (mut reader, count, mut id) = open(chunk, KIND_NODES)?;
    for _ in 0..count {
        id = id.wrapping_add(reader.varint()?);
        let n = reader.count()?;
        sink.node(id, n);
        for _ in 0..n {
            sink.label(reader.number(words)?);
        }
        reader.properties_into(words, sink)?;
    }
    finished(&reader, count)
}

/// Decodes a relationship chunk into `sink`, as [`decode_nodes_into`] does a node chunk.
pub fn decode_relationships_into(
    chunk: &[u8],
    words: usize,
    sink: &mut impl RecordSink,
) -> Decoded<usize> {
    let (mut reader, count, mut id) = open(chunk, KIND_RELS)?;
    for _ in 0..count {
        id = id.wrapping_add(reader.varint()?);
        let rel_type = reader.number(words)?;
        let start = reader.varint()?;
        let end = reader.varint()?;
        sink.relationship(id, rel_type, start, end);
        reader.properties_into(words, sink)?;
    }
    finished(&reader, count)
}

fn finished<T>(reader: &Reader<'_>, decoded: T) -> Decoded<T> {
    if reader.at != reader.bytes.len() {
        return Err(format!(
            "{} bytes follow the last record",
            reader.bytes.len() - reader.at
        ));
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_properties(i: i64) -> Properties {
        let mut p = Properties::new();
        p.insert("name".into(), Value::String(format!("N{i}")));
        p.insert("country".into(), Value::from("JP"));
        p.insert("n".into(), Value::Int(i - 3));
        p.insert("w".into(), Value::Float(-0.5));
        p.insert("ok".into(), Value::Bool(i % 2 == 0));
        p.insert(
            "aliases".into(),
            Value::List(vec![Value::from("JP"), Value::Int(i64::MIN)]),
        );
        p
    }

    #[test]
    fn chunks_round_trip() {
        let nodes: Vec<Node> = (0..50)
            .map(|i| Node {
                id: i * 3 + 7,
                labels: vec!["A".into(), format!("L{}", i % 3)],
                properties: sample_properties(i as i64),
            })
            .collect();
        let rels: Vec<Relationship> = (0..50)
            .map(|i| Relationship {
                id: i + 1_000_000,
                rel_type: "T".into(),
                start: i * 3 + 7,
                end: u64::MAX - i,
                properties: sample_properties(-(i as i64)),
            })
            .collect();
        let mut dictionary = Dictionary::default();
        let mut encoder = ChunkEncoder::new(KIND_NODES);
        for node in &nodes {
            encoder.push_node(&mut dictionary, node);
        }
        let node_chunk = encoder.finish();
        let mut encoder = ChunkEncoder::new(KIND_RELS);
        for rel in &rels {
            encoder.push_relationship(&mut dictionary, rel);
        }
        let rel_chunk = encoder.finish();
        let words = decode_dictionary(&dictionary.to_chunk()).unwrap();
        assert_eq!(decode_nodes(&node_chunk, &words).unwrap(), nodes);
        assert_eq!(decode_relationships(&rel_chunk, &words).unwrap(), rels);
        // Damage anywhere is caught by the checksum; the wrong kind is refused.
        for at in [0, 3, 9, node_chunk.len() / 2, node_chunk.len() - 1] {
            let mut damaged = node_chunk.clone();
            damaged[at] ^= 0x40;
            assert!(decode_nodes(&damaged, &words).is_err(), "byte {at}");
        }
        assert!(decode_nodes(&rel_chunk, &words).is_err());
        assert!(decode_nodes(&node_chunk[..10], &words).is_err());
    }

    #[test]
    fn varints_and_zigzag() {
        for i in [0, 1, -1, 63, -64, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(i)), i);
        }
        let mut out = Vec::new();
        put_varint(&mut out, u64::MAX);
        let mut reader = Reader {
            bytes: &out,
            at: 0,
            strings: Vec::new(),
        };
        assert_eq!(reader.varint(), Ok(u64::MAX));
    }
}
