//! The durable store: one sled tree holding every node, relationship and metadata record.
//! Only this module touches sled.
//!
//! Keys are built in one place ([`key`]) and are big-endian so that byte order is id order.
//!
//! **Layout.** The graph lives in two parts:
//!
//! - A **snapshot**: the whole graph at one moment, encoded compactly by [`snapshot`] and
//!   split into chunks of about 96 KiB (below sled's blob threshold, so they stay in its
//!   log): `s/<gen>/n<i>` node chunks and `s/<gen>/e<i>` relationship chunks (`<gen>` a
//!   big-endian u64, `<i>` a big-endian u32, both in id order), and `s/<gen>/d0` the
//!   dictionary of labels, types and property keys. Each chunk carries a CRC-32 of its
//!   contents. `m/snapshot` names the current generation, its chunk and record counts
//!   and the id counters at that moment (with a CRC of its own).
//! - The **delta log**: what was written since the snapshot, overriding it. Since format
//!   4 it is the **commit log** ([`commits`]): each commit's final states, as one or a
//!   few values `c/<seq>/<part>` written in the commit's one flushed batch. Formats 1 to
//!   3 wrote `n/<id>` and `e/<id>`, one record per node or relationship (a version byte
//!   plus bincode 2, serde; a deleted id the snapshot may hold got a tombstone, the single
//!   byte 0); they are still read, and the commit log goes over them.
//!
//! A database without `m/snapshot` (every database of format 1) is all delta log.
//!
//! **Writing a snapshot** ([`Store::write_snapshot`]): the chunks go under a generation
//! number above any present, then a flush; then one small batch flips `m/snapshot` to it
//! (with `m/format`, the counters and `m/log_from`) and is flushed; only then are the
//! absorbed delta records and the previous generation removed, in bounded batches. A
//! crash before the flip leaves chunks no pointer names, a crash after it leaves stale
//! chunks, per-record keys that repeat what the snapshot holds (harmless: applying one
//! changes nothing) and commit records the snapshot holds, below `m/log_from` (which the
//! flip sets), which no read applies: open ([`Store::open`]) removes orphan generations
//! and those commits.
//!
//! **When.** An import writes a snapshot instead of delta records. A write (or a
//! writable open) after which the delta log holds more than `max(50,000, snapshot
//! records / 32)` ids, or four times that in commit-log entries, writes a new snapshot
//! from the in-memory graph. Reading the log at open costs about four times more per
//! record than reading a snapshot chunk (bincode, owned records); at a 32nd, the log adds
//! at most about an eighth to the time of reading the snapshot.
//!
//! **Open** ([`Store::load_chunks`]) deals the snapshot's chunks to decoder threads, each
//! decoding a chunk field by field into a [`RecordSink`] of the caller's (the graph's own
//! encoding, so no owned record is made at open), while the calling thread reads the
//! delta log and builds from the chunks in order, then applies the log over them.
//! [`Store::load_with`] streams owned records instead, merged with the log.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions as FsOpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::schema::IndexDef;
use crate::value::{Node, NodeId, Properties, RelId, Relationship};

mod commits;
pub mod files;
mod snapshot;

pub use snapshot::{RecordSink, Token};

/// The on-disk format this build writes. Format 1 (no snapshot, only per-record keys) and
/// format 2 (snapshots) are read as they are. Format 3 adds value kinds (dates, times,
/// durations) to the records' encodings without changing any existing one, so a writable
/// open upgrades an older database in place by writing its version alone (one flushed
/// write: it is 3 or still what it was); older builds then refuse it rather than misread
/// a value they do not know. Format 4 writes commits to the commit log (`c/…`, see
/// `commits`) instead of per-record keys; the per-record keys of older formats are still
/// read, under it. A format-3 database is upgraded the same way, and older builds refuse
/// it rather than miss the commits they cannot read.
pub const FORMAT_VERSION: u32 = 4;
const RECORD_VERSION: u8 = 1;
/// The value of a delta record that deletes an id the snapshot may hold.
const TOMBSTONE: &[u8] = &[0];
/// Delta records beyond which a write or an open replaces the snapshot, unless the
/// snapshot is so large that a 32nd of it is more.
pub const SNAPSHOT_MIN_DELTAS: u64 = 50_000;
/// See [`SNAPSHOT_MIN_DELTAS`].
const SNAPSHOT_FRACTION: u64 = 32;
/// A snapshot is also due once the commit log holds this many times the threshold in
/// entries, repeats included: rewriting the same records still grows the log that an
/// open reads.
const SNAPSHOT_LOG_GROWTH: u64 = 4;
/// Overrides [`SNAPSHOT_MIN_DELTAS`] (for tests that want snapshots of small graphs).
pub const SNAPSHOT_MIN_DELTAS_ENV: &str = "KIZUNA_SNAPSHOT_MIN_DELTAS";
/// For tests of crash recovery: when set to N, the process aborts right after the N-th
/// chunk of a snapshot (an import's or any other) reaches the store, as a crash would.
pub const CRASH_AFTER_CHUNKS_ENV: &str = "KIZUNA_IMPORT_CRASH_AFTER_BATCHES";
/// Keys removed per batch when clearing stale records.
const DISCARD_BATCH: usize = 10_000;
const PID_FILE: &str = "kizuna.pid";
const LOCK_WAIT: Duration = Duration::from_millis(1500);
/// sled's page cache: small, because every read is served by the in-memory graph.
const SLED_CACHE_BYTES: u64 = 64 << 20;

/// Errors of the storage layer, each a sentence a user can act on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("the database at {path} is in use by another kizuna process{} that may write to it; one process at a time may, so close that one first, or open this one with --read-only", holder.map(|pid| format!(" (pid {pid})")).unwrap_or_default())]
    Locked { path: PathBuf, holder: Option<u32> },
    #[error("no space left on the device that holds {path}: what was unfinished was not kept, and every write reported done is safe; free some space and try again")]
    DiskFull { path: PathBuf },
    #[error("a read-only open of {path} works on a private copy of its files in {temp}, which could not be made ({source}); set TMPDIR to a directory with room")]
    PrivateCopy {
        path: PathBuf,
        temp: PathBuf,
        source: io::Error,
    },
    #[error("{path} is not a kizuna database: {reason}")]
    NotADatabase { path: PathBuf, reason: String },
    #[error("no database at {path} (it does not exist and creating it was not asked for)")]
    Missing { path: PathBuf },
    #[error("the database at {path} has format version {found}, but this kizuna reads only version {FORMAT_VERSION}; use a newer kizuna")]
    NewerFormat { path: PathBuf, found: u32 },
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("storage failure in {path}: {message}")]
    Sled { path: PathBuf, message: String },
    #[error("the record {key} in {path} is damaged: {message}")]
    Corrupt {
        path: PathBuf,
        key: String,
        message: String,
    },
}

/// Builders of every key the store uses.
mod key {
    use super::{NodeId, RelId};

    pub const NODE_PREFIX: &[u8] = b"n/";
    pub const REL_PREFIX: &[u8] = b"e/";
    pub const FORMAT: &[u8] = b"m/format";
    pub const NEXT_NODE: &[u8] = b"m/next_node";
    pub const NEXT_REL: &[u8] = b"m/next_rel";
    /// `m/import/<import id>`: an import whose records are written but not committed.
    pub const IMPORT_PREFIX: &[u8] = b"m/import/";
    pub const NEXT_IMPORT: &[u8] = b"m/next_import";
    /// The property index definitions (see [`crate::schema::IndexDef`]).
    pub const INDEXES: &[u8] = b"m/indexes";
    /// The first commit-log sequence number the current snapshot does not hold (8 bytes,
    /// big-endian): commit records below it are stale.
    pub const LOG_FROM: &[u8] = b"m/log_from";
    /// Which snapshot generation is current (see [`super::SnapshotMeta`]).
    pub const SNAPSHOT: &[u8] = b"m/snapshot";
    /// `s/<gen>/<kind><index>`: the chunks of snapshot generation `gen`.
    pub const SNAPSHOT_PREFIX: &[u8] = b"s/";

    /// `s/<gen>/`, the start of a generation's keys.
    pub fn generation(gen: u64) -> Vec<u8> {
        let mut key = SNAPSHOT_PREFIX.to_vec();
        key.extend_from_slice(&gen.to_be_bytes());
        key.push(b'/');
        key
    }

    pub fn chunk(gen: u64, kind: u8, index: u32) -> Vec<u8> {
        let mut key = generation(gen);
        key.push(kind);
        key.extend_from_slice(&index.to_be_bytes());
        key
    }

    /// The generation, kind and index in a chunk key.
    pub fn chunk_parts(key: &[u8]) -> Option<(u64, u8, u32)> {
        let rest = key.strip_prefix(SNAPSHOT_PREFIX)?;
        let gen = u64::from_be_bytes(rest.get(..8)?.try_into().ok()?);
        if rest.get(8) != Some(&b'/') || rest.len() != 14 {
            return None;
        }
        let index = u32::from_be_bytes(rest.get(10..14)?.try_into().ok()?);
        Some((gen, rest[9], index))
    }

    fn prefixed(prefix: &[u8], id: u64) -> [u8; 10] {
        let mut key = [0u8; 10];
        key[..2].copy_from_slice(prefix);
        key[2..].copy_from_slice(&id.to_be_bytes());
        key
    }

    pub fn node(id: NodeId) -> [u8; 10] {
        prefixed(NODE_PREFIX, id)
    }

    pub fn rel(id: RelId) -> [u8; 10] {
        prefixed(REL_PREFIX, id)
    }

    /// The id in a `n/<id>` or `e/<id>` key.
    pub fn id_of(key: &[u8]) -> Option<u64> {
        let bytes: [u8; 8] = key.get(2..10)?.try_into().ok()?;
        Some(u64::from_be_bytes(bytes))
    }
}

#[derive(Deserialize)]
struct NodeRecord {
    labels: Vec<String>,
    properties: Properties,
}

#[derive(Deserialize)]
struct RelRecord {
    rel_type: String,
    start: NodeId,
    end: NodeId,
    properties: Properties,
}

/// [`NodeRecord`] borrowed from a node: it encodes to the same bytes, without copying the
/// node first.
#[derive(Serialize)]
struct NodeRecordRef<'a> {
    labels: &'a [String],
    properties: &'a Properties,
}

/// [`RelRecord`] borrowed from a relationship, likewise.
#[derive(Serialize)]
struct RelRecordRef<'a> {
    rel_type: &'a str,
    start: NodeId,
    end: NodeId,
    properties: &'a Properties,
}

fn encode<T: Serialize>(record: &T) -> Vec<u8> {
    let mut bytes = vec![RECORD_VERSION];
    // Encoding plain data into a Vec cannot fail.
    let _ = bincode::serde::encode_into_std_write(record, &mut bytes, bincode::config::standard());
    bytes
}

fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        Some((&RECORD_VERSION, body)) => decode_body(body),
        Some((version, _)) => Err(format!("unknown record version {version}")),
        None => Err("empty record".into()),
    }
}

/// A record's bincode body, without the version byte.
fn decode_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, String> {
    bincode::serde::decode_from_slice(body, bincode::config::standard())
        .map(|(record, _)| record)
        .map_err(|e| e.to_string())
}

fn node_from(id: NodeId, record: NodeRecord) -> Node {
    Node {
        id,
        labels: record.labels,
        properties: record.properties,
    }
}

fn rel_from(id: RelId, record: RelRecord) -> Relationship {
    Relationship {
        id,
        rel_type: record.rel_type,
        start: record.start,
        end: record.end,
        properties: record.properties,
    }
}

/// A node's value in the per-record delta log: its record, or `None` for a tombstone.
fn decode_node_delta(id: NodeId, value: &[u8]) -> Result<Option<Node>, String> {
    if value == TOMBSTONE {
        return Ok(None);
    }
    decode(value).map(|record| Some(node_from(id, record)))
}

/// A relationship's value in the per-record delta log: its record, or `None` for a
/// tombstone.
fn decode_rel_delta(id: RelId, value: &[u8]) -> Result<Option<Relationship>, String> {
    if value == TOMBSTONE {
        return Ok(None);
    }
    decode(value).map(|record| Some(rel_from(id, record)))
}

/// What `m/snapshot` holds: the current generation and what it contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotMeta {
    pub generation: u64,
    pub node_chunks: u32,
    pub rel_chunks: u32,
    pub nodes: u64,
    pub relationships: u64,
    pub next_node: NodeId,
    pub next_rel: RelId,
}

const META_VERSION: u8 = 1;

impl SnapshotMeta {
    /// `[version][gen][node chunks][rel chunks][nodes][rels][next node][next rel][crc32]`,
    /// big-endian.
    fn encode(&self) -> Vec<u8> {
        let mut bytes = vec![META_VERSION];
        bytes.extend_from_slice(&self.generation.to_be_bytes());
        bytes.extend_from_slice(&self.node_chunks.to_be_bytes());
        bytes.extend_from_slice(&self.rel_chunks.to_be_bytes());
        for n in [
            self.nodes,
            self.relationships,
            self.next_node,
            self.next_rel,
        ] {
            bytes.extend_from_slice(&n.to_be_bytes());
        }
        let crc = crc32fast::hash(&bytes);
        bytes.extend_from_slice(&crc.to_be_bytes());
        bytes
    }

    fn decode(bytes: &[u8]) -> Result<SnapshotMeta, String> {
        if bytes.len() != 53 {
            return Err(format!("{} bytes where 53 belong", bytes.len()));
        }
        let (body, crc) = bytes.split_at(49);
        if crc32fast::hash(body).to_be_bytes() != crc {
            return Err("its checksum does not match its contents".into());
        }
        if body[0] != META_VERSION {
            return Err(format!("unknown snapshot pointer version {}", body[0]));
        }
        let u64_at = |at: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&body[at..at + 8]);
            u64::from_be_bytes(b)
        };
        let u32_at = |at: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&body[at..at + 4]);
            u32::from_be_bytes(b)
        };
        Ok(SnapshotMeta {
            generation: u64_at(1),
            node_chunks: u32_at(9),
            rel_chunks: u32_at(13),
            nodes: u64_at(17),
            relationships: u64_at(25),
            next_node: u64_at(33),
            next_rel: u64_at(41),
        })
    }

    fn records(&self) -> u64 {
        self.nodes + self.relationships
    }
}

/// What the store knows of its own layout between calls.
#[derive(Debug, Default)]
struct Layout {
    snapshot: Option<SnapshotMeta>,
    /// The ids with a record in the delta log, so that a record written again is not
    /// counted again: repeated writes of the same nodes bring a snapshot forward only
    /// through [`Layout::log_entries`].
    logged_nodes: FxHashSet<NodeId>,
    logged_relationships: FxHashSet<RelId>,
    /// Entries in the commit log since the snapshot, repeats included.
    log_entries: u64,
    /// The sequence number of the next commit.
    next_commit: u64,
    /// The first sequence number the snapshot does not hold (`m/log_from`).
    log_from: u64,
}

impl Layout {
    /// How many records the delta log holds.
    fn deltas(&self) -> u64 {
        (self.logged_nodes.len() + self.logged_relationships.len()) as u64
    }
}

/// Counts and counters known before the records stream in (see [`Store::load_with`]).
#[derive(Debug, Clone, Copy)]
pub struct LoadInfo {
    pub next_node_id: NodeId,
    pub next_rel_id: RelId,
    /// How many nodes and relationships to expect (for reserving memory).
    pub nodes_hint: usize,
    pub relationships_hint: usize,
}

/// What [`Store::load_chunks`] hands its build: the snapshot's chunks, decoded into the
/// caller's sinks, and the delta log to apply over them.
pub struct Loaded<'a, S> {
    /// The snapshot's dictionary: the numbers of labels, types and property keys that the
    /// sinks received are positions in it.
    pub words: &'a [String],
    /// Node chunks in id order (each holding nodes in id order), then relationship chunks.
    pub node_chunks: &'a mut dyn Iterator<Item = S>,
    pub relationship_chunks: &'a mut dyn Iterator<Item = S>,
    /// The delta log: the final state of every id written since the snapshot, `None` for
    /// a deleted one, which the snapshot may or may not hold.
    pub node_deltas: BTreeMap<NodeId, Option<Node>>,
    pub relationship_deltas: BTreeMap<RelId, Option<Relationship>>,
}

/// Everything read at open.
pub struct Contents {
    pub nodes: Vec<Node>,
    pub relationships: Vec<Relationship>,
    pub next_node_id: NodeId,
    pub next_rel_id: RelId,
}

/// The changes of one transaction, as final states: a put overwrites, a delete removes.
#[derive(Debug, Default)]
pub struct Changes {
    pub put_nodes: Vec<Node>,
    pub deleted_nodes: Vec<NodeId>,
    pub put_relationships: Vec<Relationship>,
    pub deleted_relationships: Vec<RelId>,
    pub next_node_id: NodeId,
    pub next_rel_id: RelId,
    /// Every index definition, when the transaction changed them.
    pub index_defs: Option<Vec<IndexDef>>,
}

impl Changes {
    /// How many records the changes put or delete.
    pub fn records(&self) -> usize {
        self.put_nodes.len()
            + self.deleted_nodes.len()
            + self.put_relationships.len()
            + self.deleted_relationships.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records() == 0 && self.index_defs.is_none()
    }
}

/// A database's lock taken as a writer takes it (see [`Store::lock_exclusively`]).
pub struct ExclusiveLock(#[allow(dead_code)] Option<File>);

/// How an open treats the files on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write the database, creating it when `create` is set and it is missing.
    Write { create: bool },
    /// Read a private copy of the database's files (see [`files::PrivateCopy`]): the
    /// original stays byte for byte as it was, damaged or not. Any number of readers may
    /// hold a database at once, but not beside a writer.
    Read,
}

/// An open sled database, locked for this process.
pub struct Store {
    path: PathBuf,
    db: Sled,
    layout: Mutex<Layout>,
    // Dropped after sled: the files a read-only open works on.
    copy: Option<files::PrivateCopy>,
    /// A writer's gate, entered around every change to the files (see [`files::WriteGate`]).
    gate: Option<std::sync::Arc<files::WriteGate>>,
    // Held for the lifetime of a writer's store: the advisory lock that names this process.
    _pid_file: Option<File>,
}

impl Drop for Store {
    fn drop(&mut self) {
        // sled's close flushes; readers must not copy the files meanwhile.
        let _entry = self.gate.as_ref().and_then(|gate| gate.enter().ok());
        self.db.close();
    }
}

impl Store {
    /// Opens the database at `path`, discarding what a crashed import or snapshot left.
    pub fn open(path: &Path, access: Access) -> Result<Store, StoreError> {
        let store = Store::open_unrecovered(path, access)?;
        quietly(path, "recovering", || -> Result<(), StoreError> {
            store.discard_pending_imports()?;
            store.discard_stale_commits()?;
            store.discard_stale_generations()
        })??;
        Ok(store)
    }

    /// Opens the database at `path` without touching kizuna's records beyond what sled
    /// itself recovers: a pending import stays pending (for `kizuna check`). Before sled
    /// opens, under the lock, a writable open removes what an interrupted open or
    /// creation left (see [`files`]); a read-only one leaves it out of its copy.
    pub fn open_unrecovered(path: &Path, access: Access) -> Result<Store, StoreError> {
        Store::open_locked(path, access, None, true)
    }

    /// Takes the database's lock as a writer would, without opening it: `kizuna check
    /// --repair` holds it while it reads the database ([`Store::open_copy_held`]) and
    /// moves it aside.
    pub fn lock_exclusively(path: &Path) -> Result<ExclusiveLock, StoreError> {
        let file = lock_pid_file(path, Access::Write { create: false })?;
        Ok(ExclusiveLock(file))
    }

    /// A read-only open (see [`Access::Read`]) of a database whose lock the caller holds;
    /// without `sled_snapshots`, sled recovers from its log alone, up to the first record
    /// it cannot read (a salvage for when its snapshot file cannot be read).
    pub fn open_copy_held(
        path: &Path,
        _lock: &ExclusiveLock,
        sled_snapshots: bool,
    ) -> Result<Store, StoreError> {
        Store::open_locked(path, Access::Read, Some(None), sled_snapshots)
    }

    /// Opens with the lock taken here, or with `held`, one the caller took.
    fn open_locked(
        path: &Path,
        access: Access,
        held: Option<Option<File>>,
        sled_snapshots: bool,
    ) -> Result<Store, StoreError> {
        let io_err = |source| io_error(path, source);
        if path.exists() && !path.is_dir() {
            return Err(StoreError::NotADatabase {
                path: path.to_owned(),
                reason: "it is a file, not a database directory".into(),
            });
        }
        let create = access == Access::Write { create: true };
        if !path.exists() {
            if !create {
                return Err(StoreError::Missing {
                    path: path.to_owned(),
                });
            }
            fs::create_dir_all(path).map_err(io_err)?;
        }
        // A writer keeps the lock for as long as it is open; a reader holds the gate (or,
        // in a database no writer of this version opened, the lock) only while it copies.
        let (pid_file, reader_hold) = match (held, access) {
            (Some(lock), _) => (lock, None),
            (None, Access::Write { .. }) => (lock_pid_file(path, access)?, None),
            (None, Access::Read) => match files::hold_gate_shared(path).map_err(io_err)? {
                Some(gate) => (None, Some(gate)),
                None => (None, lock_pid_file(path, access)?),
            },
        };
        // From here on no other kizuna process changes the directory.
        let interrupted = files::creation_interrupted(path);
        let fresh = interrupted
            || fs::read_dir(path)
                .map_err(io_err)?
                .filter_map(Result::ok)
                .all(|entry| {
                    entry.file_name() == PID_FILE || entry.file_name() == files::WRITE_GATE
                });
        if fresh && !create {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        if !fresh && !path.join("conf").exists() {
            let reason = if path.join("db").exists() {
                "sled's configuration file `conf` is missing, so the database is damaged; restore it from a copy"
            } else {
                "the directory holds other files"
            };
            return Err(StoreError::NotADatabase {
                path: path.to_owned(),
                reason: reason.into(),
            });
        }
        if !fresh && files::log_missing(path) {
            return Err(StoreError::Corrupt {
                path: path.to_owned(),
                key: "(sled files)".into(),
                message: "sled's log file `db` is missing, so the data is gone; restore the directory from a copy or re-import the data".into(),
            });
        }
        let (copy, gate) = match access {
            Access::Read => {
                let copy = files::PrivateCopy::make(path, sled_snapshots).map_err(|source| {
                    StoreError::PrivateCopy {
                        path: path.to_owned(),
                        temp: std::env::temp_dir(),
                        source,
                    }
                })?;
                drop(reader_hold);
                (Some(copy), None)
            }
            Access::Write { .. } => {
                let gate = std::sync::Arc::new(files::WriteGate::open(path).map_err(io_err)?);
                (None, Some(gate))
            }
        };
        let entry = match &gate {
            Some(gate) => Some(gate.enter().map_err(io_err)?),
            None => None,
        };
        if gate.is_some() {
            if interrupted {
                files::clear_interrupted_creation(path).map_err(io_err)?;
            } else if fresh {
                files::mark_creation(path).map_err(io_err)?;
            }
            files::remove_unfinished_snapshots(path).map_err(io_err)?;
        }
        let sled_dir = copy.as_ref().map_or(path, files::PrivateCopy::path);
        let db = open_sled(path, sled_dir)?;
        let store = Store {
            path: path.to_owned(),
            db: Sled::new(db),
            layout: Mutex::new(Layout::default()),
            copy,
            gate,
            _pid_file: pid_file,
        };
        store.check_format(fresh, store.gate.is_some())?;
        if fresh {
            files::finish_creation(path).map_err(io_err)?;
        }
        drop(entry);
        let snapshot = store.read_snapshot_meta()?;
        let log_from = store.read_counter(key::LOG_FROM)?;
        let last_commit = match store.db.scan_prefix(commits::PREFIX).keys().next_back() {
            Some(k) => commits::seq_of(&k.map_err(|e| store.sled_error(e))?).map(|seq| seq + 1),
            None => None,
        };
        {
            let mut layout = store.layout();
            layout.snapshot = snapshot;
            layout.log_from = log_from;
            layout.next_commit = last_commit.unwrap_or(0).max(log_from);
        }
        Ok(store)
    }

    /// Keeps readers from copying the files until the entry is dropped (writers only).
    fn enter_gate(&self) -> Result<Option<files::GateEntry>, StoreError> {
        match &self.gate {
            Some(gate) => gate.enter().map(Some).map_err(|e| io_error(&self.path, e)),
            None => Ok(None),
        }
    }

    /// Whether this store works on a private copy (see [`Access::Read`]).
    pub fn is_private_copy(&self) -> bool {
        self.copy.is_some()
    }

    /// How many bytes of data in the log sled's recovery discarded after the first record
    /// it could not read, known for a read-only open only (it compares its private copy
    /// with the original). After a crash these hold writes never reported done.
    pub fn discarded_log_bytes(&self) -> Option<u64> {
        let copy = self.copy.as_ref()?;
        copy.discarded_log_bytes(&self.path).ok()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn layout(&self) -> std::sync::MutexGuard<'_, Layout> {
        // The layout is two plain fields, valid whatever a panicking holder did.
        self.layout
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The current snapshot, if the database has one.
    pub fn snapshot(&self) -> Option<SnapshotMeta> {
        self.layout().snapshot
    }

    /// The property index definitions, in creation order.
    pub fn index_defs(&self) -> Result<Vec<IndexDef>, StoreError> {
        match self.get(key::INDEXES)? {
            None => Ok(Vec::new()),
            Some(bytes) => decode(&bytes).map_err(|m| self.corrupt(key::INDEXES, m)),
        }
    }

    fn read_snapshot_meta(&self) -> Result<Option<SnapshotMeta>, StoreError> {
        match self.get(key::SNAPSHOT)? {
            None => Ok(None),
            Some(bytes) => SnapshotMeta::decode(&bytes)
                .map(Some)
                .map_err(|m| self.corrupt(key::SNAPSHOT, m)),
        }
    }

    /// Whether the delta log has grown enough, relative to the snapshot, that the next
    /// open would be faster after [`Store::write_snapshot`].
    pub fn snapshot_due(&self) -> bool {
        let layout = self.layout();
        let floor = std::env::var(SNAPSHOT_MIN_DELTAS_ENV)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(SNAPSHOT_MIN_DELTAS);
        let relative = layout
            .snapshot
            .map_or(0, |s| s.records() / SNAPSHOT_FRACTION);
        let threshold = floor.max(relative);
        layout.deltas() > threshold
            || layout.log_entries > threshold.saturating_mul(SNAPSHOT_LOG_GROWTH)
    }

    fn check_format(&self, fresh: bool, writable: bool) -> Result<(), StoreError> {
        match self.get(key::FORMAT)? {
            Some(bytes) => {
                let found = u32::from_be_bytes(bytes.as_ref().try_into().map_err(|_| {
                    self.corrupt(key::FORMAT, "format version is not 4 bytes".into())
                })?);
                if found > FORMAT_VERSION || found == 0 {
                    return Err(StoreError::NewerFormat {
                        path: self.path.clone(),
                        found,
                    });
                }
                if found < FORMAT_VERSION && writable {
                    self.db
                        .insert(key::FORMAT, &FORMAT_VERSION.to_be_bytes())
                        .map_err(|e| self.sled_error(e))?;
                    self.flush()?;
                }
                Ok(())
            }
            None if fresh => {
                self.db
                    .insert(key::FORMAT, &FORMAT_VERSION.to_be_bytes())
                    .map_err(|e| self.sled_error(e))?;
                self.flush()
            }
            // Every kizuna database has its format version from the first open on; an
            // existing directory whose store holds nothing lost its data file.
            None if self.db.is_empty() => Err(StoreError::Corrupt {
                path: self.path.clone(),
                key: "m/format".into(),
                message: "the store holds no records at all, so its data file is missing or was emptied; \
                          restore it from a backup or export, or remove the directory to start over"
                    .into(),
            }),
            None => Err(StoreError::NotADatabase {
                path: self.path.clone(),
                reason: "it is a sled database without kizuna's format version".into(),
            }),
        }
    }

    fn get(&self, key: &[u8]) -> Result<Option<sled::IVec>, StoreError> {
        self.db.get(key).map_err(|e| self.sled_error(e))
    }

    fn corrupt(&self, key: &[u8], message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            key: String::from_utf8_lossy(key).into_owned(),
            message,
        }
    }

    fn read_counter(&self, key: &[u8]) -> Result<u64, StoreError> {
        match self.get(key)? {
            None => Ok(0),
            Some(bytes) => {
                Ok(u64::from_be_bytes(bytes.as_ref().try_into().map_err(
                    |_| self.corrupt(key, "counter is not 8 bytes".into()),
                )?))
            }
        }
    }

    /// Reads every record into vectors (see [`Store::load_with`] for the streaming form).
    pub fn load(&self) -> Result<Contents, StoreError> {
        self.load_with(|info, nodes, relationships| Contents {
            next_node_id: info.next_node_id,
            next_rel_id: info.next_rel_id,
            nodes: nodes.collect(),
            relationships: relationships.collect(),
        })
    }

    /// Streams every node, then every relationship, each in id order, into `build` (done
    /// once, at open): the snapshot's chunks are decoded on other threads while `build`
    /// consumes them, merged with the delta log. A damaged chunk or record fails the
    /// whole read (whatever `build` made of the part before it is dropped).
    pub fn load_with<R>(
        &self,
        build: impl FnOnce(
            LoadInfo,
            &mut dyn Iterator<Item = Node>,
            &mut dyn Iterator<Item = Relationship>,
        ) -> R,
    ) -> Result<R, StoreError> {
        let snapshot = self.snapshot();
        let dictionary = self.read_dictionary(snapshot)?;
        let decode = |kind: u8, chunk: &[u8]| {
            if kind == snapshot::KIND_NODES {
                snapshot::decode_nodes(chunk, &dictionary).map(Chunk::Nodes)
            } else {
                snapshot::decode_relationships(chunk, &dictionary).map(Chunk::Relationships)
            }
        };
        self.decode_chunks(snapshot, decode, |node_chunks, rel_chunks| {
            let (node_deltas, rel_deltas) = quietly(&self.path, "reading", || self.read_deltas())??;
            let info = self.load_info(&node_deltas, &rel_deltas)?;
            let node_feed = node_chunks
                .map_while(|chunk| match chunk {
                    Chunk::Nodes(nodes) => Some(nodes),
                    Chunk::Relationships(_) => None,
                })
                .flatten();
            let rel_feed = rel_chunks
                .map_while(|chunk| match chunk {
                    Chunk::Relationships(rels) => Some(rels),
                    Chunk::Nodes(_) => None,
                })
                .flatten();
            let mut nodes = merge(node_feed, node_deltas, |n: &Node| n.id);
            let mut relationships = merge(rel_feed, rel_deltas, |r: &Relationship| r.id);
            Ok(build(info, &mut nodes, &mut relationships))
        })
    }

    /// Hands `build` the snapshot's chunks, each decoded on another thread into a sink
    /// made by `sink` from the dictionary (the caller's own encoding, without owned
    /// records), then the delta log to apply over them. A database without a snapshot
    /// has no chunks and a delta log of everything. A damaged chunk or record fails the
    /// whole read (whatever `build` made of the part before it is dropped).
    pub fn load_chunks<S, R>(
        &self,
        sink: impl Fn(&[String]) -> S + Sync,
        build: impl FnOnce(LoadInfo, Loaded<'_, S>) -> R,
    ) -> Result<R, StoreError>
    where
        S: snapshot::RecordSink + Send,
    {
        let snapshot = self.snapshot();
        let words = self.read_dictionary(snapshot)?;
        let decode = |kind: u8, chunk: &[u8]| {
            let mut into = sink(&words);
            let decoded = if kind == snapshot::KIND_NODES {
                snapshot::decode_nodes_into(chunk, words.len(), &mut into)
            } else {
                snapshot::decode_relationships_into(chunk, words.len(), &mut into)
            };
            decoded.map(|_| into)
        };
        self.decode_chunks(snapshot, decode, |node_chunks, relationship_chunks| {
            // The decoders are at work meanwhile.
            let (node_deltas, relationship_deltas) =
                quietly(&self.path, "reading", || self.read_deltas())??;
            let info = self.load_info(&node_deltas, &relationship_deltas)?;
            Ok(build(
                info,
                Loaded {
                    words: &words,
                    node_chunks,
                    relationship_chunks,
                    node_deltas,
                    relationship_deltas,
                },
            ))
        })
    }

    /// The id counters and the record counts to expect, given the delta log.
    fn load_info<N, E>(
        &self,
        node_deltas: &BTreeMap<NodeId, Option<N>>,
        rel_deltas: &BTreeMap<RelId, Option<E>>,
    ) -> Result<LoadInfo, StoreError> {
        let snapshot = self.snapshot();
        {
            let mut layout = self.layout();
            layout.logged_nodes = node_deltas.keys().copied().collect();
            layout.logged_relationships = rel_deltas.keys().copied().collect();
        }
        Ok(LoadInfo {
            next_node_id: self
                .read_counter(key::NEXT_NODE)?
                .max(snapshot.map_or(0, |s| s.next_node))
                .max(last_put(node_deltas)),
            next_rel_id: self
                .read_counter(key::NEXT_REL)?
                .max(snapshot.map_or(0, |s| s.next_rel))
                .max(last_put(rel_deltas)),
            nodes_hint: snapshot.map_or(0, |s| s.nodes as usize) + node_deltas.len(),
            relationships_hint: snapshot.map_or(0, |s| s.relationships as usize) + rel_deltas.len(),
        })
    }

    /// Decodes the chunks of snapshot `meta` (none without one) with `decode` on up to
    /// [`MAX_DECODERS`] threads while `consume` takes them back in order: the node chunks,
    /// then the relationship chunks. A chunk that is missing or fails to decode ends the
    /// stream, and the whole read fails with its error.
    fn decode_chunks<T: Send, R>(
        &self,
        meta: Option<SnapshotMeta>,
        decode: impl Fn(u8, &[u8]) -> Result<T, String> + Sync,
        consume: impl FnOnce(
            &mut dyn Iterator<Item = T>,
            &mut dyn Iterator<Item = T>,
        ) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        // Node chunks, then relationship chunks, dealt round-robin to the decoders; the
        // consumer takes them back in the same order.
        let (node_chunks, rel_chunks) = meta.map_or((0, 0), |m| (m.node_chunks, m.rel_chunks));
        let jobs: Vec<(u8, u32)> = (0..node_chunks)
            .map(|i| (snapshot::KIND_NODES, i))
            .chain((0..rel_chunks).map(|i| (snapshot::KIND_RELS, i)))
            .collect();
        let decoders = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_DECODERS)
            .min(jobs.len());
        let ordered = std::cell::RefCell::new(Ordered {
            from: Vec::with_capacity(decoders),
            next: 0,
            total: jobs.len(),
            failure: None,
        });
        let consumed = std::thread::scope(|scope| {
            let mut handles = Vec::with_capacity(decoders);
            for decoder in 0..decoders {
                // A few chunks of read-ahead per decoder: memory stays bounded by the
                // chunks in flight.
                let (tx, rx) = mpsc::sync_channel::<Result<T, StoreError>>(4);
                ordered.borrow_mut().from.push(rx);
                let (jobs, decode) = (&jobs, &decode);
                handles.push(scope.spawn(move || {
                    let outcome = quietly(&self.path, "reading", || {
                        for &(kind, index) in jobs.iter().skip(decoder).step_by(decoders) {
                            let decoded = match meta {
                                Some(meta) => {
                                    self.read_chunk(&meta, kind, index, |c| decode(kind, c))
                                }
                                None => return,
                            };
                            let failed = decoded.is_err();
                            if tx.send(decoded).is_err() || failed {
                                return;
                            }
                        }
                    });
                    outcome.err()
                }));
            }
            let mut node_feed =
                std::iter::from_fn(|| ordered.borrow_mut().take(node_chunks as usize));
            let mut rel_feed = std::iter::from_fn(|| ordered.borrow_mut().take(jobs.len()));
            let consumed = consume(&mut node_feed, &mut rel_feed);
            // Should `consume` stop early, no decoder may wait on a full channel.
            ordered.borrow_mut().from.clear();
            for handle in handles {
                if let Ok(Some(panicked)) = handle.join() {
                    ordered.borrow_mut().failure.get_or_insert(panicked);
                }
            }
            consumed
        });
        match ordered.into_inner().failure {
            Some(e) => Err(e),
            None => consumed,
        }
    }

    /// The delta log: every `n/<id>` and `e/<id>` record, `None` for a tombstone, then
    /// the commit log over them, commit by commit.
    #[allow(clippy::type_complexity)]
    fn read_deltas(
        &self,
    ) -> Result<
        (
            BTreeMap<NodeId, Option<Node>>,
            BTreeMap<RelId, Option<Relationship>>,
        ),
        StoreError,
    > {
        let mut nodes = BTreeMap::new();
        for entry in self.db.scan_prefix(key::NODE_PREFIX) {
            let (k, v) = entry.map_err(|e| self.sled_error(e))?;
            let id = key::id_of(&k).ok_or_else(|| self.corrupt(&k, "bad key".into()))?;
            let node = decode_node_delta(id, &v).map_err(|m| self.corrupt(&k, m))?;
            nodes.insert(id, node);
        }
        let mut relationships = BTreeMap::new();
        for entry in self.db.scan_prefix(key::REL_PREFIX) {
            let (k, v) = entry.map_err(|e| self.sled_error(e))?;
            let id = key::id_of(&k).ok_or_else(|| self.corrupt(&k, "bad key".into()))?;
            let rel = decode_rel_delta(id, &v).map_err(|m| self.corrupt(&k, m))?;
            relationships.insert(id, rel);
        }
        let log_from = self.layout().log_from;
        let mut entries = 0;
        for entry in self
            .db
            .range(commits::key(log_from, 0)..=commits::key(u64::MAX, u32::MAX))
        {
            let (k, v) = entry.map_err(|e| self.sled_error(e))?;
            commits::decode(&v, |entry| {
                entries += 1;
                apply_entry(&mut nodes, &mut relationships, entry);
            })
            .map_err(|m| self.corrupt(commits::name(&k).as_bytes(), m))?;
        }
        self.layout().log_entries = entries;
        Ok((nodes, relationships))
    }

    /// The dictionary of snapshot `meta` (empty without a snapshot).
    fn read_dictionary(&self, meta: Option<SnapshotMeta>) -> Result<Vec<String>, StoreError> {
        let Some(meta) = meta else {
            return Ok(Vec::new());
        };
        quietly(&self.path, "reading", || {
            self.read_chunk(&meta, snapshot::KIND_DICT, 0, snapshot::decode_dictionary)
        })?
    }

    /// Reads and decodes one chunk of the snapshot `meta`; a missing or damaged chunk is
    /// [`StoreError::Corrupt`].
    fn read_chunk<T>(
        &self,
        meta: &SnapshotMeta,
        kind: u8,
        index: u32,
        decode: impl FnOnce(&[u8]) -> Result<T, String>,
    ) -> Result<T, StoreError> {
        let k = key::chunk(meta.generation, kind, index);
        let shown = || format!("s/{}/{}{index}", meta.generation, char::from(kind));
        let bytes = self.get(&k)?.ok_or_else(|| StoreError::Corrupt {
            path: self.path.clone(),
            key: shown(),
            message: "a chunk of the current snapshot is missing".into(),
        })?;
        decode(&bytes).map_err(|message| StoreError::Corrupt {
            path: self.path.clone(),
            key: shown(),
            message: format!("the snapshot chunk is damaged: {message}"),
        })
    }

    /// Applies `changes` as one atomic batch of delta records and flushes it to disk.
    /// When this returns `Ok`, a crash cannot lose the changes.
    pub fn commit(&self, changes: &Changes) -> Result<(), StoreError> {
        let _entry = self.enter_gate()?;
        let mut encoder = commits::Encoder::new();
        changes.put_nodes.iter().for_each(|n| encoder.put_node(n));
        (changes.deleted_nodes.iter()).for_each(|&id| encoder.delete_node(id));
        (changes.put_relationships.iter()).for_each(|r| encoder.put_relationship(r));
        (changes.deleted_relationships.iter()).for_each(|&id| encoder.delete_relationship(id));
        let seq = self.layout().next_commit;
        let mut batch = sled::Batch::default();
        for (part, bytes) in encoder.finish().into_iter().enumerate() {
            batch.insert(&commits::key(seq, part as u32), bytes);
        }
        batch.insert(key::NEXT_NODE, &changes.next_node_id.to_be_bytes());
        batch.insert(key::NEXT_REL, &changes.next_rel_id.to_be_bytes());
        if let Some(defs) = &changes.index_defs {
            batch.insert(key::INDEXES, encode(defs));
        }
        self.db.apply_batch(batch).map_err(|e| self.sled_error(e))?;
        self.flush()?;
        let mut layout = self.layout();
        layout.next_commit = seq + 1;
        layout.log_entries += changes.records() as u64;
        let nodes = changes.put_nodes.iter().map(|n| n.id);
        (layout.logged_nodes).extend(nodes.chain(changes.deleted_nodes.iter().copied()));
        let rels = changes.put_relationships.iter().map(|r| r.id);
        (layout.logged_relationships)
            .extend(rels.chain(changes.deleted_relationships.iter().copied()));
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(|e| self.sled_error(e))
    }

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }
}

/// Puts a commit-log entry's final state over what the log said before.
fn apply_entry(
    nodes: &mut BTreeMap<NodeId, Option<Node>>,
    relationships: &mut BTreeMap<RelId, Option<Relationship>>,
    entry: commits::Entry,
) {
    match entry {
        commits::Entry::Node(id, node) => {
            nodes.insert(id, node);
        }
        commits::Entry::Relationship(id, rel) => {
            relationships.insert(id, rel);
        }
    }
}

/// One past the highest id a delta record puts.
fn last_put<T>(deltas: &BTreeMap<u64, Option<T>>) -> u64 {
    deltas
        .iter()
        .rev()
        .find(|(_, v)| v.is_some())
        .map_or(0, |(id, _)| id + 1)
}

/// Decoder threads at open, at most: the build takes the records on one more thread.
const MAX_DECODERS: usize = 2;

/// One decoded snapshot chunk.
enum Chunk {
    Nodes(Vec<Node>),
    Relationships(Vec<Relationship>),
}

/// The decoders' channels, read back in the order the chunks were dealt.
struct Ordered<T> {
    from: Vec<mpsc::Receiver<Result<T, StoreError>>>,
    /// The position of the next chunk in the deal.
    next: usize,
    total: usize,
    /// The first error, which ends the stream.
    failure: Option<StoreError>,
}

impl<T> Ordered<T> {
    /// The next chunk, while its position is below `until`.
    fn take(&mut self, until: usize) -> Option<T> {
        if self.next >= until.min(self.total) || self.failure.is_some() || self.from.is_empty() {
            return None;
        }
        let received = self.from[self.next % self.from.len()].recv();
        self.next += 1;
        match received {
            Ok(Ok(chunk)) => Some(chunk),
            Ok(Err(e)) => {
                self.failure = Some(e);
                None
            }
            // The decoder is gone without a word: its panic turns up at the join.
            Err(_) => {
                self.next = self.total;
                None
            }
        }
    }
}

/// Merges the snapshot's records with the delta log (both in id order): a delta record
/// replaces the snapshot's record of its id, a tombstone removes it.
fn merge<T>(
    snapshot: impl Iterator<Item = T>,
    deltas: BTreeMap<u64, Option<T>>,
    id_of: impl Fn(&T) -> u64,
) -> impl Iterator<Item = T> {
    let mut snapshot = snapshot.peekable();
    let mut deltas = deltas.into_iter().peekable();
    std::iter::from_fn(move || loop {
        let delta_first = match (snapshot.peek(), deltas.peek()) {
            (None, None) => return None,
            (Some(record), Some((id, _))) => *id <= id_of(record),
            (None, Some(_)) => true,
            (Some(_), None) => false,
        };
        if !delta_first {
            return snapshot.next();
        }
        let (id, delta) = deltas.next()?;
        if snapshot.peek().is_some_and(|record| id_of(record) == id) {
            snapshot.next();
        }
        if delta.is_some() {
            return delta;
        }
    })
}

/// Runs `work` (a call into sled) so that a panic inside sled, which some damaged files
/// provoke, becomes a [`StoreError::Corrupt`] instead of ending the process. The panic
/// hook is process-wide and belongs to the program, so it is left alone here; the
/// `kizuna` binary installs one that keeps sled's panics quiet ([`is_sled_panic`]).
fn quietly<T>(path: &Path, doing: &str, work: impl FnOnce() -> T) -> Result<T, StoreError> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    outcome.map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no detail".into());
        StoreError::Corrupt {
            path: path.to_owned(),
            key: "(sled files)".into(),
            message: format!(
                "sled failed while {doing} the database ({detail}); the files are damaged, restore them from a copy or re-import the data"
            ),
        }
    })
}

/// Whether a panic was raised inside sled's own code (the store turns those into
/// [`StoreError::Corrupt`], so a program's panic hook may stay quiet about them).
pub fn is_sled_panic(info: &std::panic::PanicHookInfo<'_>) -> bool {
    info.location()
        .is_some_and(|l| l.file().contains("/sled-") || l.file().starts_with("sled-"))
}

fn sled_error(path: &Path, error: sled::Error) -> StoreError {
    match error {
        sled::Error::Io(e) if e.to_string().contains("could not acquire lock") => {
            StoreError::Locked {
                path: path.to_owned(),
                holder: None,
            }
        }
        sled::Error::Io(source) => io_error(path, source),
        sled::Error::Corruption { .. } => StoreError::Corrupt {
            path: path.to_owned(),
            key: "(sled files)".into(),
            message: "sled found damaged data in its files; restore the database from a copy or re-import the data".into(),
        },
        sled::Error::Unsupported(message) => StoreError::NotADatabase {
            path: path.to_owned(),
            reason: format!("sled cannot read its files ({message}); they are damaged or from another program"),
        },
        // sled reports a failure of its background writer as text (an `io::Error`'s
        // debug form); a full disk is the common cause, and it deserves a plain sentence.
        other if mentions_disk_full(&other.to_string()) => StoreError::DiskFull {
            path: path.to_owned(),
        },
        other => StoreError::Sled {
            path: path.to_owned(),
            message: other.to_string(),
        },
    }
}

/// An I/O error on the database's files, a full disk told apart.
fn io_error(path: &Path, source: io::Error) -> StoreError {
    if is_disk_full(&source) || mentions_disk_full(&source.to_string()) {
        StoreError::DiskFull {
            path: path.to_owned(),
        }
    } else {
        StoreError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

fn is_disk_full(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT)
    ) || matches!(
        error.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

fn mentions_disk_full(text: &str) -> bool {
    text.contains("StorageFull") || text.contains("No space left on device")
}

impl Store {
    /// Converts a sled error of an open store, remembering a failed write: sled's close
    /// would wait forever for a buffer that can never reach the disk (see [`Sled`]).
    fn sled_error(&self, error: sled::Error) -> StoreError {
        let converted = sled_error(&self.path, error);
        if matches!(
            converted,
            StoreError::Io { .. } | StoreError::DiskFull { .. } | StoreError::Sled { .. }
        ) {
            self.db.mark_failed();
        }
        converted
    }
}

/// sled's database handle, closed on a thread of its own: dropping a `sled::Db` flushes
/// it and, after a failed write (a full disk), waits for a buffer that will never become
/// stable. A handle that saw a failed write is abandoned instead (everything reported
/// done was flushed already), and a close that takes longer than [`CLOSE_WAIT`] is left
/// to finish, or not, on its thread.
struct Sled {
    db: Option<sled::Db>,
    failed: std::sync::atomic::AtomicBool,
}

/// How long a close waits for sled to finish its flush.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

impl Sled {
    fn new(db: sled::Db) -> Sled {
        Sled {
            db: Some(db),
            failed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn mark_failed(&self) {
        self.failed
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl std::ops::Deref for Sled {
    type Target = sled::Db;

    fn deref(&self) -> &sled::Db {
        self.db
            .as_ref()
            .expect("sled's handle is present until the store is dropped")
    }
}

impl Drop for Sled {
    fn drop(&mut self) {
        self.close();
    }
}

impl Sled {
    /// Closes sled (see the type's docs); later calls do nothing.
    fn close(&mut self) {
        let Some(db) = self.db.take() else {
            return;
        };
        if self.failed.load(std::sync::atomic::Ordering::Relaxed) {
            std::mem::forget(db);
            return;
        }
        let (closed, wait) = mpsc::channel();
        let closer = std::thread::Builder::new()
            .name("kizuna-close".into())
            .spawn(move || {
                drop(db);
                let _ = closed.send(());
            });
        if closer.is_ok() {
            let _ = wait.recv_timeout(CLOSE_WAIT);
        }
    }
}

/// Opens sled on `dir` (the database at `path`, or its private copy), waiting briefly
/// for sled's own lock, which a database closed a moment ago in this process may still
/// hold while sled's background flusher winds down.
fn open_sled(path: &Path, dir: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new()
        .path(dir)
        .mode(sled::Mode::LowSpace)
        .cache_capacity(SLED_CACHE_BYTES);
    let started = Instant::now();
    loop {
        match quietly(path, "opening", || config.open())?.map_err(|e| sled_error(path, e)) {
            Err(StoreError::Locked { .. }) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            outcome => return outcome,
        }
    }
}

/// Locks `<path>/kizuna.pid`, waiting briefly for another process to let go: a writer
/// takes it exclusively and records its process id there, so that others can name it; a
/// reader takes it shared and writes nothing. A reader of a directory without the file
/// (not one kizuna made) goes without the lock rather than create it.
fn lock_pid_file(path: &Path, access: Access) -> Result<Option<File>, StoreError> {
    let pid_path = path.join(PID_FILE);
    let io_err = |source| io_error(&pid_path, source);
    let mut options = FsOpenOptions::new();
    let (operation, opened) = match access {
        Access::Write { .. } => (
            libc::LOCK_EX,
            options
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&pid_path),
        ),
        Access::Read => (libc::LOCK_SH, options.read(true).open(&pid_path)),
    };
    let mut file = match opened {
        Ok(file) => file,
        Err(e) if access == Access::Read && e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(e)),
    };
    let started = Instant::now();
    // SAFETY: flock on a file descriptor we own; no memory is shared.
    while unsafe { libc::flock(file.as_raw_fd(), operation | libc::LOCK_NB) } != 0 {
        if started.elapsed() >= LOCK_WAIT {
            let mut text = String::new();
            let holder = file
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| text.trim().parse().ok())
                // The file names the last writer; readers write nothing.
                .filter(|&pid| process_alive(pid));
            return Err(StoreError::Locked {
                path: path.to_owned(),
                holder,
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Access::Write { .. } = access {
        let pid = std::process::id().to_string();
        file.set_len(0)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(pid.as_bytes()))
            .map_err(io_err)?;
    }
    Ok(Some(file))
}

fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    pid != 0 && unsafe { libc::kill(pid, 0) } == 0
}

// ---- snapshots ---------------------------------------------------------------------------

/// What a finished snapshot wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotWritten {
    pub generation: u64,
    pub chunks: u64,
}

impl Store {
    /// Writes the whole graph (`nodes` and `relationships`, each in id order, with the
    /// id counters `next_node` / `next_rel`) as a new snapshot generation and makes it
    /// current; see the module docs for the protocol. When this returns `Ok` the
    /// snapshot is durable and the delta log is empty; on `Err` the previous state
    /// stands (a chunk the cleanup could not remove is an orphan the next open removes).
    /// A chunk closes at [`snapshot::CHUNK_BYTES`] or after `chunk_records` records.
    pub fn write_snapshot(
        &self,
        next_node: NodeId,
        next_rel: RelId,
        nodes: impl Iterator<Item = Node>,
        relationships: impl Iterator<Item = Relationship>,
        chunk_records: usize,
        mut progress: impl FnMut(u64),
    ) -> Result<SnapshotWritten, StoreError> {
        let _entry = self.enter_gate()?;
        let generation = self.unused_generation()?;
        // The graph handed in holds every commit so far.
        let log_from = self.layout().next_commit;
        let crash_after: Option<u64> = std::env::var(CRASH_AFTER_CHUNKS_ENV)
            .ok()
            .and_then(|v| v.trim().parse().ok());
        let chunk_records = chunk_records.max(1) as u64;
        let mut meta = SnapshotMeta {
            generation,
            node_chunks: 0,
            rel_chunks: 0,
            nodes: 0,
            relationships: 0,
            next_node,
            next_rel,
        };
        // Encoding runs here, the sled writes on a second thread.
        let written = std::thread::scope(|scope| -> Result<u64, StoreError> {
            let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, Vec<u8>)>(8);
            let writer = scope.spawn(move || -> Result<u64, StoreError> {
                let mut chunks = 0u64;
                for (k, chunk) in rx {
                    self.db.insert(k, chunk).map_err(|e| self.sled_error(e))?;
                    chunks += 1;
                    if crash_after.is_some_and(|n| chunks >= n) {
                        // A test hook standing in for a power cut in the middle of a
                        // snapshot, once what was written so far reached the disk.
                        let _ = self.db.flush();
                        std::process::abort();
                    }
                }
                Ok(chunks)
            });
            let mut dictionary = snapshot::Dictionary::default();
            let mut encoder = snapshot::ChunkEncoder::new(snapshot::KIND_NODES);
            // A failed writer ends the channel; its error is what `join` returns.
            let send = |k: Vec<u8>, chunk: Vec<u8>| {
                let _ = tx.send((k, chunk));
            };
            for node in nodes {
                encoder.push_node(&mut dictionary, &node);
                meta.nodes += 1;
                if encoder.bytes() >= snapshot::CHUNK_BYTES || encoder.records() >= chunk_records {
                    send(
                        key::chunk(generation, snapshot::KIND_NODES, meta.node_chunks),
                        encoder.finish(),
                    );
                    meta.node_chunks += 1;
                    progress(meta.nodes);
                }
            }
            if encoder.records() > 0 {
                send(
                    key::chunk(generation, snapshot::KIND_NODES, meta.node_chunks),
                    encoder.finish(),
                );
                meta.node_chunks += 1;
            }
            let mut encoder = snapshot::ChunkEncoder::new(snapshot::KIND_RELS);
            for rel in relationships {
                encoder.push_relationship(&mut dictionary, &rel);
                meta.relationships += 1;
                if encoder.bytes() >= snapshot::CHUNK_BYTES || encoder.records() >= chunk_records {
                    send(
                        key::chunk(generation, snapshot::KIND_RELS, meta.rel_chunks),
                        encoder.finish(),
                    );
                    meta.rel_chunks += 1;
                    progress(meta.nodes + meta.relationships);
                }
            }
            if encoder.records() > 0 {
                send(
                    key::chunk(generation, snapshot::KIND_RELS, meta.rel_chunks),
                    encoder.finish(),
                );
                meta.rel_chunks += 1;
            }
            send(
                key::chunk(generation, snapshot::KIND_DICT, 0),
                dictionary.to_chunk(),
            );
            drop(tx);
            match writer.join() {
                Ok(outcome) => outcome,
                Err(_) => Err(StoreError::Sled {
                    path: self.path.clone(),
                    message: "the thread writing the snapshot failed".into(),
                }),
            }
        });
        let flipped = written.and_then(|chunks| {
            // The chunks are durable before anything names them.
            self.flush()?;
            let mut batch = sled::Batch::default();
            batch.insert(key::SNAPSHOT, meta.encode());
            batch.insert(key::FORMAT, &FORMAT_VERSION.to_be_bytes());
            batch.insert(key::NEXT_NODE, &next_node.to_be_bytes());
            batch.insert(key::NEXT_REL, &next_rel.to_be_bytes());
            batch.insert(key::LOG_FROM, &log_from.to_be_bytes());
            self.db.apply_batch(batch).map_err(|e| self.sled_error(e))?;
            Ok(chunks)
        });
        let chunks = match flipped {
            Ok(chunks) => chunks,
            Err(e) => {
                // Nothing names the new generation: best effort, what remains is an
                // orphan that the next open removes.
                let _ = self.discard_range(
                    &key::generation(generation),
                    &key::generation(generation + 1),
                );
                return Err(e);
            }
        };
        // From here on the new generation is current, whether or not the flush below
        // succeeds: its chunks must stay.
        {
            let mut layout = self.layout();
            layout.snapshot = Some(meta);
            layout.logged_nodes.clear();
            layout.logged_relationships.clear();
            layout.log_entries = 0;
            layout.log_from = log_from;
        }
        self.flush()?;
        // The snapshot holds everything the delta log and the previous generation said.
        self.discard_range(key::NODE_PREFIX, b"n0")?;
        self.discard_range(key::REL_PREFIX, b"e0")?;
        self.discard_stale_commits()?;
        self.discard_stale_generations()?;
        self.flush()?;
        Ok(SnapshotWritten { generation, chunks })
    }

    /// A generation number above the current one and above any chunk present.
    fn unused_generation(&self) -> Result<u64, StoreError> {
        let current = self.snapshot().map_or(0, |s| s.generation);
        let highest = match self.db.scan_prefix(key::SNAPSHOT_PREFIX).keys().next_back() {
            Some(k) => {
                let k = k.map_err(|e| self.sled_error(e))?;
                k.get(2..10)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .map_or(0, u64::from_be_bytes)
            }
            None => 0,
        };
        Ok(current.max(highest).saturating_add(1))
    }

    /// Removes every chunk that is not the current snapshot's: an unfinished snapshot
    /// or the leftovers of a replaced one.
    fn discard_stale_generations(&self) -> Result<(), StoreError> {
        let _entry = self.enter_gate()?;
        match self.snapshot() {
            None => self.discard_range(key::SNAPSHOT_PREFIX, b"s0"),
            Some(meta) => {
                self.discard_range(key::SNAPSHOT_PREFIX, &key::generation(meta.generation))?;
                let after = key::generation(meta.generation.saturating_add(1));
                if meta.generation == u64::MAX {
                    return Ok(());
                }
                self.discard_range(&after, b"s0")
            }
        }
    }

    /// Removes the commit records the snapshot holds (a crash may leave them between the
    /// snapshot's flip and their removal).
    fn discard_stale_commits(&self) -> Result<(), StoreError> {
        let _entry = self.enter_gate()?;
        let log_from = self.layout().log_from;
        self.discard_range(commits::PREFIX, &commits::key(log_from, 0))
    }

    /// Removes every key in `start..end`, in batches so that memory stays bounded.
    fn discard_range(&self, start: &[u8], end: &[u8]) -> Result<(), StoreError> {
        loop {
            let mut batch = sled::Batch::default();
            let mut taken = 0;
            for entry in self.db.range(start..end).keys().take(DISCARD_BATCH) {
                batch.remove(entry.map_err(|e| self.sled_error(e))?);
                taken += 1;
            }
            if taken == 0 {
                return Ok(());
            }
            self.db.apply_batch(batch).map_err(|e| self.sled_error(e))?;
        }
    }
}

// ---- pending imports of format 1 -------------------------------------------------------
//
// Before snapshots, a large import wrote its records under their ordinary keys in batches,
// after a marker `m/import/<import id>` holding the first node id and the first
// relationship id it used, and committed by removing the marker. A marker found at open
// means a crash mid-import: every record at or above its first ids is removed, then the
// marker. Imports no longer write markers; a database left so by an older build is
// still recovered.

/// What `m/import/<id>` holds.
#[derive(Serialize, Deserialize)]
struct PendingImportRecord {
    first_node: NodeId,
    first_rel: RelId,
}

impl Store {
    /// Discards what imports left pending by a crash; returns how many there were.
    fn discard_pending_imports(&self) -> Result<usize, StoreError> {
        let _entry = self.enter_gate()?;
        let mut pending = Vec::new();
        for entry in self.db.scan_prefix(key::IMPORT_PREFIX) {
            let (k, v) = entry.map_err(|e| self.sled_error(e))?;
            let record: PendingImportRecord = decode(&v).map_err(|m| self.corrupt(&k, m))?;
            pending.push((k, record));
        }
        let count = pending.len();
        for (k, import) in pending {
            self.discard_range(&key::node(import.first_node), b"n0")?;
            self.discard_range(&key::rel(import.first_rel), b"e0")?;
            self.db.remove(k).map_err(|e| self.sled_error(e))?;
            self.flush()?;
        }
        Ok(count)
    }
}

// ---- integrity scan --------------------------------------------------------------------

/// Every record as it is on disk, for `kizuna check`: unlike [`Store::load`], a damaged
/// record or chunk is reported and skipped rather than failing the whole read.
#[derive(Debug, Default)]
pub struct Scan {
    /// `m/format`, when present and readable.
    pub format: Option<u32>,
    /// `m/snapshot`, when present and readable.
    pub snapshot: Option<SnapshotMeta>,
    /// The nodes and relationships: the snapshot's, with the delta log applied.
    pub nodes: Vec<Node>,
    pub relationships: Vec<Relationship>,
    /// Ids with a record in the delta log (per-record keys and the commit log), deletes
    /// included.
    pub deltas: usize,
    /// Commit records the snapshot already holds (a crash after the snapshot's flip).
    pub stale_commits: usize,
    /// `m/next_node` and `m/next_rel`, when present and readable.
    pub next_node: Option<u64>,
    pub next_rel: Option<u64>,
    /// Ids of format-1 imports whose marker is still there (a crash mid-import).
    pub pending_imports: Vec<u64>,
    /// Generations other than the current one, with their chunk counts: unfinished
    /// snapshots (above the current one) or leftovers of replaced ones.
    pub stale_generations: Vec<(u64, usize)>,
    /// One sentence per record or chunk that could not be read.
    pub damaged: Vec<String>,
    /// The property index definitions.
    pub index_defs: Vec<IndexDef>,
}

impl Store {
    /// Reads every key of the tree once, sorting records into a [`Scan`].
    pub fn scan(&self) -> Result<Scan, StoreError> {
        quietly(&self.path, "scanning", || self.scan_records())?
    }

    fn scan_records(&self) -> Result<Scan, StoreError> {
        let mut scan = Scan::default();
        let mut node_deltas = BTreeMap::new();
        let mut rel_deltas = BTreeMap::new();
        let mut chunks: BTreeMap<(u8, u32), sled::IVec> = BTreeMap::new();
        let mut stale: BTreeMap<u64, usize> = BTreeMap::new();
        if let Some(v) = self.get(key::SNAPSHOT)? {
            match SnapshotMeta::decode(&v) {
                Ok(meta) => scan.snapshot = Some(meta),
                Err(m) => scan
                    .damaged
                    .push(format!("the snapshot pointer m/snapshot is damaged: {m}")),
            }
        }
        let current = scan.snapshot.map(|s| s.generation);
        let log_from = match self.get(key::LOG_FROM)? {
            None => 0,
            Some(v) => <[u8; 8]>::try_from(v.as_ref()).map_or_else(
                |_| {
                    scan.damaged
                        .push("the commit-log start m/log_from is not 8 bytes".to_owned());
                    0
                },
                u64::from_be_bytes,
            ),
        };
        let mut commit_parts = Vec::new();
        for entry in self.db.iter() {
            let (k, v) = entry.map_err(|e| self.sled_error(e))?;
            let shown = String::from_utf8_lossy(&k).into_owned();
            let eight = |v: &[u8]| <[u8; 8]>::try_from(v).ok().map(u64::from_be_bytes);
            if let Some(rest) = k.strip_prefix(key::NODE_PREFIX) {
                let Some(id) = eight(rest) else {
                    scan.damaged
                        .push(format!("the key {shown:?} is not a node id"));
                    continue;
                };
                match decode_node_delta(id, &v) {
                    Ok(node) => {
                        node_deltas.insert(id, node);
                    }
                    Err(m) => scan
                        .damaged
                        .push(format!("the record of node {id} does not decode: {m}")),
                }
            } else if let Some(rest) = k.strip_prefix(key::REL_PREFIX) {
                let Some(id) = eight(rest) else {
                    scan.damaged
                        .push(format!("the key {shown:?} is not a relationship id"));
                    continue;
                };
                match decode_rel_delta(id, &v) {
                    Ok(rel) => {
                        rel_deltas.insert(id, rel);
                    }
                    Err(m) => scan.damaged.push(format!(
                        "the record of relationship {id} does not decode: {m}"
                    )),
                }
            } else if k.starts_with(commits::PREFIX) {
                match commits::seq_of(&k) {
                    Some(seq) if seq >= log_from => commit_parts.push((commits::name(&k), v)),
                    Some(_) => scan.stale_commits += 1,
                    None => scan
                        .damaged
                        .push(format!("the key {shown:?} is not a commit record")),
                }
            } else if k.starts_with(key::SNAPSHOT_PREFIX) {
                match key::chunk_parts(&k) {
                    Some((gen, kind, index)) if Some(gen) == current => {
                        chunks.insert((kind, index), v);
                    }
                    Some((gen, _, _)) => *stale.entry(gen).or_default() += 1,
                    None => scan
                        .damaged
                        .push(format!("the key {shown:?} is not a snapshot chunk")),
                }
            } else if let Some(rest) = k.strip_prefix(key::IMPORT_PREFIX) {
                match eight(rest) {
                    Some(id) => scan.pending_imports.push(id),
                    None => scan
                        .damaged
                        .push(format!("the key {shown:?} is not an import marker")),
                }
            } else if *k == *key::FORMAT {
                match <[u8; 4]>::try_from(v.as_ref()) {
                    Ok(b) => scan.format = Some(u32::from_be_bytes(b)),
                    Err(_) => scan
                        .damaged
                        .push("the format version is not 4 bytes".to_owned()),
                }
            } else if *k == *key::NEXT_NODE || *k == *key::NEXT_REL {
                match eight(&v) {
                    Some(n) if *k == *key::NEXT_NODE => scan.next_node = Some(n),
                    Some(n) => scan.next_rel = Some(n),
                    None => scan
                        .damaged
                        .push(format!("the counter {shown} is not 8 bytes")),
                }
            } else if *k == *key::INDEXES {
                match decode::<Vec<IndexDef>>(&v) {
                    Ok(defs) => scan.index_defs = defs,
                    Err(m) => scan
                        .damaged
                        .push(format!("the index definitions m/indexes are damaged: {m}")),
                }
            } else if *k != *key::NEXT_IMPORT && *k != *key::SNAPSHOT && *k != *key::LOG_FROM {
                scan.damaged
                    .push(format!("the key {shown:?} is not one kizuna writes"));
            }
        }
        // The commit log goes over the per-record keys, which older builds wrote first.
        for (name, part) in commit_parts {
            let applied = commits::decode(&part, |entry| {
                apply_entry(&mut node_deltas, &mut rel_deltas, entry);
            });
            if let Err(m) = applied {
                (scan.damaged).push(format!("the commit record {name} is damaged: {m}"));
            }
        }
        scan.deltas = node_deltas.len() + rel_deltas.len();
        scan.stale_generations = stale.into_iter().collect();
        let (nodes, relationships) = match scan.snapshot {
            Some(meta) => self.scan_snapshot(&meta, &chunks, &mut scan.damaged),
            None => (Vec::new(), Vec::new()),
        };
        scan.nodes = merge(nodes.into_iter(), node_deltas, |n: &Node| n.id).collect();
        scan.relationships = merge(relationships.into_iter(), rel_deltas, |r: &Relationship| {
            r.id
        })
        .collect();
        Ok(scan)
    }

    /// Decodes the current snapshot's chunks, listing every missing, damaged or extra one.
    fn scan_snapshot(
        &self,
        meta: &SnapshotMeta,
        chunks: &BTreeMap<(u8, u32), sled::IVec>,
        damaged: &mut Vec<String>,
    ) -> (Vec<Node>, Vec<Relationship>) {
        let gen = meta.generation;
        let dictionary = match chunks.get(&(snapshot::KIND_DICT, 0)) {
            None => {
                damaged.push(format!(
                    "the dictionary s/{gen}/d0 of the current snapshot is missing"
                ));
                return (Vec::new(), Vec::new());
            }
            Some(bytes) => match snapshot::decode_dictionary(bytes) {
                Ok(words) => words,
                Err(m) => {
                    damaged.push(format!(
                        "the dictionary s/{gen}/d0 of the current snapshot is damaged: {m}"
                    ));
                    return (Vec::new(), Vec::new());
                }
            },
        };
        for &(kind, index) in chunks.keys() {
            let expected = match kind {
                snapshot::KIND_DICT => 1,
                snapshot::KIND_NODES => meta.node_chunks,
                snapshot::KIND_RELS => meta.rel_chunks,
                _ => 0,
            };
            if index >= expected {
                damaged.push(format!(
                    "the chunk s/{gen}/{}{index} is not one the snapshot names",
                    char::from(kind)
                ));
            }
        }
        let mut nodes = Vec::new();
        let mut relationships = Vec::new();
        for (kind, count) in [
            (snapshot::KIND_NODES, meta.node_chunks),
            (snapshot::KIND_RELS, meta.rel_chunks),
        ] {
            for index in 0..count {
                let name = format!("s/{gen}/{}{index}", char::from(kind));
                let Some(bytes) = chunks.get(&(kind, index)) else {
                    damaged.push(format!("the snapshot chunk {name} is missing"));
                    continue;
                };
                let decoded = if kind == snapshot::KIND_NODES {
                    snapshot::decode_nodes(bytes, &dictionary).map(|n| nodes.extend(n))
                } else {
                    snapshot::decode_relationships(bytes, &dictionary)
                        .map(|r| relationships.extend(r))
                };
                if let Err(m) = decoded {
                    damaged.push(format!("the snapshot chunk {name} is damaged: {m}"));
                }
            }
        }
        for (what, found, expected) in [
            ("nodes", nodes.len() as u64, meta.nodes),
            (
                "relationships",
                relationships.len() as u64,
                meta.relationships,
            ),
        ] {
            if found != expected {
                damaged.push(format!(
                    "the snapshot should hold {expected} {what} but its chunks hold {found}"
                ));
            }
        }
        (nodes, relationships)
    }
}
