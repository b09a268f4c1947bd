//! The durable store: one sled tree holding every node, relationship and metadata record.
//! Only this module touches sled.
//!
//! Keys are built in one place ([`key`]) and are big-endian so that byte order is id order:
//! `n/<id>` nodes, `e/<id>` relationships, `m/<name>` metadata. Values are bincode 2 (serde)
//! records behind a one-byte record version.

use std::fs::{self, File, OpenOptions as FsOpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::value::{Node, NodeId, Properties, RelId, Relationship};

/// The on-disk format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
const RECORD_VERSION: u8 = 1;
const PID_FILE: &str = "kizuna.pid";
const LOCK_WAIT: Duration = Duration::from_millis(1500);
/// sled's page cache: small, because every read is served by the in-memory graph.
const SLED_CACHE_BYTES: u64 = 64 << 20;

/// Errors of the storage layer, each a sentence a user can act on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("the database at {path} is in use by another kizuna process{}; sled allows one process per database, readers included, so close that one first", holder.map(|pid| format!(" (pid {pid})")).unwrap_or_default())]
    Locked { path: PathBuf, holder: Option<u32> },
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

    pub fn import(id: u64) -> Vec<u8> {
        let mut key = IMPORT_PREFIX.to_vec();
        key.extend_from_slice(&id.to_be_bytes());
        key
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

#[derive(Serialize, Deserialize)]
struct NodeRecord {
    labels: Vec<String>,
    properties: Properties,
}

#[derive(Serialize, Deserialize)]
struct RelRecord {
    rel_type: String,
    start: NodeId,
    end: NodeId,
    properties: Properties,
}

fn encode<T: Serialize>(record: &T) -> Vec<u8> {
    let mut bytes = vec![RECORD_VERSION];
    // Encoding plain data into a Vec cannot fail.
    if let Ok(body) = bincode::serde::encode_to_vec(record, bincode::config::standard()) {
        bytes.extend_from_slice(&body);
    }
    bytes
}

fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        Some((&RECORD_VERSION, body)) => {
            bincode::serde::decode_from_slice(body, bincode::config::standard())
                .map(|(record, _)| record)
                .map_err(|e| e.to_string())
        }
        Some((version, _)) => Err(format!("unknown record version {version}")),
        None => Err("empty record".into()),
    }
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
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.put_nodes.is_empty()
            && self.deleted_nodes.is_empty()
            && self.put_relationships.is_empty()
            && self.deleted_relationships.is_empty()
    }
}

/// An open sled database, locked for this process.
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    // Held for the lifetime of the store: the advisory lock that names this process.
    _pid_file: File,
}

impl Store {
    /// Opens (or creates, when `create` is set) the database directory at `path`,
    /// discarding what a crashed import left.
    pub fn open(path: &Path, create: bool) -> Result<Store, StoreError> {
        let store = Store::open_unrecovered(path, create)?;
        store.discard_pending_imports()?;
        Ok(store)
    }

    /// Opens the database at `path` without touching what is on disk beyond what sled
    /// itself recovers: a pending import stays pending (for `kizuna check`).
    pub fn open_unrecovered(path: &Path, create: bool) -> Result<Store, StoreError> {
        let io_err = |source| StoreError::Io {
            path: path.to_owned(),
            source,
        };
        if path.exists() && !path.is_dir() {
            return Err(StoreError::NotADatabase {
                path: path.to_owned(),
                reason: "it is a file, not a database directory".into(),
            });
        }
        let fresh = !path.exists()
            || fs::read_dir(path)
                .map_err(io_err)?
                .filter_map(Result::ok)
                .all(|entry| entry.file_name() == PID_FILE);
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
        fs::create_dir_all(path).map_err(io_err)?;
        let pid_file = lock_pid_file(path)?;
        let config = sled::Config::new()
            .path(path)
            .mode(sled::Mode::LowSpace)
            .cache_capacity(SLED_CACHE_BYTES);
        // sled takes a lock of its own, which a database closed a moment ago in this
        // process may still hold while sled's background flusher winds down: wait briefly.
        let started = Instant::now();
        let db = loop {
            match quietly(path, "opening", || config.open())?.map_err(|e| sled_error(path, e)) {
                Err(StoreError::Locked { .. }) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                outcome => break outcome?,
            }
        };
        let store = Store {
            path: path.to_owned(),
            db,
            _pid_file: pid_file,
        };
        store.check_format(fresh)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_format(&self, fresh: bool) -> Result<(), StoreError> {
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
                Ok(())
            }
            None if fresh => {
                self.db
                    .insert(key::FORMAT, &FORMAT_VERSION.to_be_bytes())
                    .map_err(|e| sled_error(&self.path, e))?;
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
        self.db.get(key).map_err(|e| sled_error(&self.path, e))
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

    /// Reads every record (done once, at open).
    pub fn load(&self) -> Result<Contents, StoreError> {
        quietly(&self.path, "reading", || self.load_records())?
    }

    fn load_records(&self) -> Result<Contents, StoreError> {
        let mut nodes = Vec::new();
        for entry in self.db.scan_prefix(key::NODE_PREFIX) {
            let (k, v) = entry.map_err(|e| sled_error(&self.path, e))?;
            let id = key::id_of(&k).ok_or_else(|| self.corrupt(&k, "bad key".into()))?;
            let record: NodeRecord = decode(&v).map_err(|m| self.corrupt(&k, m))?;
            nodes.push(Node {
                id,
                labels: record.labels,
                properties: record.properties,
            });
        }
        let mut relationships = Vec::new();
        for entry in self.db.scan_prefix(key::REL_PREFIX) {
            let (k, v) = entry.map_err(|e| sled_error(&self.path, e))?;
            let id = key::id_of(&k).ok_or_else(|| self.corrupt(&k, "bad key".into()))?;
            let record: RelRecord = decode(&v).map_err(|m| self.corrupt(&k, m))?;
            relationships.push(Relationship {
                id,
                rel_type: record.rel_type,
                start: record.start,
                end: record.end,
                properties: record.properties,
            });
        }
        let max_node = nodes.last().map_or(0, |n| n.id + 1);
        let max_rel = relationships.last().map_or(0, |r| r.id + 1);
        Ok(Contents {
            next_node_id: self.read_counter(key::NEXT_NODE)?.max(max_node),
            next_rel_id: self.read_counter(key::NEXT_REL)?.max(max_rel),
            nodes,
            relationships,
        })
    }

    /// Applies `changes` as one atomic batch and flushes it to disk. When this returns
    /// `Ok`, a crash cannot lose the changes.
    pub fn commit(&self, changes: &Changes) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for node in &changes.put_nodes {
            let record = NodeRecord {
                labels: node.labels.clone(),
                properties: node.properties.clone(),
            };
            batch.insert(&key::node(node.id), encode(&record));
        }
        for id in &changes.deleted_nodes {
            batch.remove(&key::node(*id));
        }
        for rel in &changes.put_relationships {
            let record = RelRecord {
                rel_type: rel.rel_type.clone(),
                start: rel.start,
                end: rel.end,
                properties: rel.properties.clone(),
            };
            batch.insert(&key::rel(rel.id), encode(&record));
        }
        for id in &changes.deleted_relationships {
            batch.remove(&key::rel(*id));
        }
        batch.insert(key::NEXT_NODE, &changes.next_node_id.to_be_bytes());
        batch.insert(key::NEXT_REL, &changes.next_rel_id.to_be_bytes());
        self.db
            .apply_batch(batch)
            .map_err(|e| sled_error(&self.path, e))?;
        self.flush()
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db
            .flush()
            .map(|_| ())
            .map_err(|e| sled_error(&self.path, e))
    }

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }
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
        sled::Error::Io(source) => StoreError::Io {
            path: path.to_owned(),
            source,
        },
        sled::Error::Corruption { .. } => StoreError::Corrupt {
            path: path.to_owned(),
            key: "(sled files)".into(),
            message: "sled found damaged data in its files; restore the database from a copy or re-import the data".into(),
        },
        sled::Error::Unsupported(message) => StoreError::NotADatabase {
            path: path.to_owned(),
            reason: format!("sled cannot read its files ({message}); they are damaged or from another program"),
        },
        other => StoreError::Sled {
            path: path.to_owned(),
            message: other.to_string(),
        },
    }
}

/// Takes an exclusive advisory lock on `<path>/kizuna.pid`, waiting briefly for another
/// process to let go, and records this process's id in it so that others can name us.
fn lock_pid_file(path: &Path) -> Result<File, StoreError> {
    let pid_path = path.join(PID_FILE);
    let mut file = FsOpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&pid_path)
        .map_err(|source| StoreError::Io {
            path: pid_path.clone(),
            source,
        })?;
    let started = Instant::now();
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is shared.
        let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if locked {
            break;
        }
        if started.elapsed() >= LOCK_WAIT {
            let mut text = String::new();
            let holder = file
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| text.trim().parse().ok());
            return Err(StoreError::Locked {
                path: path.to_owned(),
                holder,
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = std::process::id().to_string();
    let written = file
        .set_len(0)
        .and_then(|_| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(pid.as_bytes()));
    written.map_err(|source| StoreError::Io {
        path: pid_path,
        source,
    })?;
    Ok(file)
}

// ---- pending imports -------------------------------------------------------------------
//
// A bulk import is too large for one batch, yet must be all-or-nothing. Before its first
// record, it writes (and flushes) `m/import/<import id>` holding the first node id and the
// first relationship id it will use. It then allocates ids upward from those, writing
// records under their normal keys (`n/<id>`, `e/<id>`) in batches, while the counters
// `m/next_node` / `m/next_rel` stay where they were. The id ranges *are* the list of what
// the import wrote: nothing else writes while an import runs (the process holds the lock
// and the import holds the database mutably). Commit is one batch that advances the
// counters and removes the marker. A marker found at open means a crash mid-import: every
// record at or above its first ids is removed, then the marker.

/// What `m/import/<id>` holds.
#[derive(Serialize, Deserialize)]
struct PendingImportRecord {
    first_node: NodeId,
    first_rel: RelId,
}

/// A borrowed node record: encodes exactly as [`NodeRecord`].
#[derive(Serialize)]
struct NodeRecordRef<'a> {
    labels: &'a [String],
    properties: &'a Properties,
}

/// A borrowed relationship record: encodes exactly as [`RelRecord`].
#[derive(Serialize)]
struct RelRecordRef<'a> {
    rel_type: &'a str,
    start: NodeId,
    end: NodeId,
    properties: &'a Properties,
}

/// An import in progress: its records are on disk but invisible until
/// [`Store::commit_import`].
#[derive(Debug)]
pub struct PendingImport {
    id: u64,
    first_node: NodeId,
    first_rel: RelId,
}

/// Keys removed per batch when discarding an abandoned import.
const DISCARD_BATCH: usize = 10_000;

impl Store {
    /// Marks an import as pending (durably) before any of its records is written. The
    /// import will use node ids from `first_node` and relationship ids from `first_rel`
    /// upward; both must be at or above every id the store holds.
    pub fn begin_import(
        &self,
        first_node: NodeId,
        first_rel: RelId,
    ) -> Result<PendingImport, StoreError> {
        let id = self.read_counter(key::NEXT_IMPORT)?;
        let mut batch = sled::Batch::default();
        batch.insert(
            key::import(id),
            encode(&PendingImportRecord {
                first_node,
                first_rel,
            }),
        );
        batch.insert(key::NEXT_IMPORT, &(id + 1).to_be_bytes());
        self.db
            .apply_batch(batch)
            .map_err(|e| sled_error(&self.path, e))?;
        self.flush()?;
        Ok(PendingImport {
            id,
            first_node,
            first_rel,
        })
    }

    /// Writes one batch of a pending import's records (not flushed: the commit flushes).
    pub fn write_import_batch(
        &self,
        import: &PendingImport,
        nodes: &[Node],
        relationships: &[Relationship],
    ) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for node in nodes {
            debug_assert!(node.id >= import.first_node);
            let record = NodeRecordRef {
                labels: &node.labels,
                properties: &node.properties,
            };
            batch.insert(&key::node(node.id), encode(&record));
        }
        for rel in relationships {
            debug_assert!(rel.id >= import.first_rel);
            let record = RelRecordRef {
                rel_type: &rel.rel_type,
                start: rel.start,
                end: rel.end,
                properties: &rel.properties,
            };
            batch.insert(&key::rel(rel.id), encode(&record));
        }
        self.db
            .apply_batch(batch)
            .map_err(|e| sled_error(&self.path, e))
    }

    /// Makes a pending import visible: one batch advances the id counters past its records
    /// and removes its marker, then everything is flushed.
    pub fn commit_import(
        &self,
        import: PendingImport,
        next_node_id: NodeId,
        next_rel_id: RelId,
    ) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        batch.insert(key::NEXT_NODE, &next_node_id.to_be_bytes());
        batch.insert(key::NEXT_REL, &next_rel_id.to_be_bytes());
        batch.remove(key::import(import.id));
        self.db
            .apply_batch(batch)
            .map_err(|e| sled_error(&self.path, e))?;
        self.flush()
    }

    /// Removes every record a pending import wrote, then its marker.
    pub fn abandon_import(&self, import: PendingImport) -> Result<(), StoreError> {
        self.discard_from(key::NODE_PREFIX, import.first_node)?;
        self.discard_from(key::REL_PREFIX, import.first_rel)?;
        self.db
            .remove(key::import(import.id))
            .map_err(|e| sled_error(&self.path, e))?;
        self.flush()
    }

    /// Discards what imports left pending by a crash; returns how many there were.
    fn discard_pending_imports(&self) -> Result<usize, StoreError> {
        let mut pending = Vec::new();
        for entry in self.db.scan_prefix(key::IMPORT_PREFIX) {
            let (k, v) = entry.map_err(|e| sled_error(&self.path, e))?;
            let id = k
                .get(key::IMPORT_PREFIX.len()..)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes)
                .ok_or_else(|| self.corrupt(&k, "bad import key".into()))?;
            let record: PendingImportRecord = decode(&v).map_err(|m| self.corrupt(&k, m))?;
            pending.push(PendingImport {
                id,
                first_node: record.first_node,
                first_rel: record.first_rel,
            });
        }
        let count = pending.len();
        for import in pending {
            self.abandon_import(import)?;
        }
        Ok(count)
    }

    /// Removes every `<prefix><id>` record with an id at or above `first`, in batches so
    /// that memory stays bounded however much an import wrote.
    fn discard_from(&self, prefix: &[u8], first: u64) -> Result<(), StoreError> {
        let mut start = key::node(first);
        start[..2].copy_from_slice(prefix);
        loop {
            let mut keys = Vec::with_capacity(DISCARD_BATCH);
            for entry in self.db.range(start.to_vec()..).keys() {
                let k = entry.map_err(|e| sled_error(&self.path, e))?;
                if !k.starts_with(prefix) || keys.len() == DISCARD_BATCH {
                    break;
                }
                keys.push(k);
            }
            if keys.is_empty() {
                return Ok(());
            }
            let mut batch = sled::Batch::default();
            for k in &keys {
                batch.remove(k.clone());
            }
            self.db
                .apply_batch(batch)
                .map_err(|e| sled_error(&self.path, e))?;
        }
    }
}

// ---- integrity scan --------------------------------------------------------------------

/// Every record as it is on disk, for `kizuna check`: unlike [`Store::load`], a damaged
/// record is reported and skipped rather than failing the whole read.
#[derive(Debug, Default)]
pub struct Scan {
    /// `m/format`, when present and readable.
    pub format: Option<u32>,
    pub nodes: Vec<Node>,
    pub relationships: Vec<Relationship>,
    /// `m/next_node` and `m/next_rel`, when present and readable.
    pub next_node: Option<u64>,
    pub next_rel: Option<u64>,
    /// Ids of imports whose marker is still there (a crash mid-import).
    pub pending_imports: Vec<u64>,
    /// One sentence per record that could not be read.
    pub damaged: Vec<String>,
}

impl Store {
    /// Reads every key of the tree once, sorting records into a [`Scan`].
    pub fn scan(&self) -> Result<Scan, StoreError> {
        quietly(&self.path, "scanning", || self.scan_records())?
    }

    fn scan_records(&self) -> Result<Scan, StoreError> {
        let mut scan = Scan::default();
        for entry in self.db.iter() {
            let (k, v) = entry.map_err(|e| sled_error(&self.path, e))?;
            let shown = String::from_utf8_lossy(&k).into_owned();
            let eight = |v: &[u8]| <[u8; 8]>::try_from(v).ok().map(u64::from_be_bytes);
            if let Some(rest) = k.strip_prefix(key::NODE_PREFIX) {
                let Some(id) = eight(rest) else {
                    scan.damaged
                        .push(format!("the key {shown:?} is not a node id"));
                    continue;
                };
                match decode::<NodeRecord>(&v) {
                    Ok(record) => scan.nodes.push(Node {
                        id,
                        labels: record.labels,
                        properties: record.properties,
                    }),
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
                match decode::<RelRecord>(&v) {
                    Ok(record) => scan.relationships.push(Relationship {
                        id,
                        rel_type: record.rel_type,
                        start: record.start,
                        end: record.end,
                        properties: record.properties,
                    }),
                    Err(m) => scan.damaged.push(format!(
                        "the record of relationship {id} does not decode: {m}"
                    )),
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
            } else if *k != *key::NEXT_IMPORT {
                scan.damaged
                    .push(format!("the key {shown:?} is not one kizuna writes"));
            }
        }
        Ok(scan)
    }
}
