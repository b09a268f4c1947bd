//! The files of a database directory beside sled's records: what an interrupted open or
//! creation leaves behind and how it is cleared, and the private copy on which a
//! read-only open lets sled run its recovery without changing the original.
//!
//! What sled 0.34 writes in the directory, and when:
//! - `conf` (its storage parameters) once, when the directory is new, without `fsync`;
//! - `db`, the log, created when missing; every open zeroes the rest of the segment
//!   after the last record it can read (and, on damage, everything after the first
//!   record it cannot read) and `fsync`s;
//! - `blobs/`, created when missing (values too large for the log, which kizuna avoids);
//! - `snap.<lsn>.generating`, written at every open, `fsync`ed and renamed to
//!   `snap.<lsn>`, after which older `snap.*` files are removed. sled reads the snapshot
//!   file whose name sorts last and does not skip a `.generating` one, so a partial file
//!   left by a crash or a full disk during an open would make every later open fail.
//!
//! A `.generating` file is never needed: until the rename, the previous complete snapshot
//! (or, for a new database, the log alone) is what sled recovers from. A directory still
//! marked as being created ([`CREATING_MARKER`]) holds no write that was ever reported
//! done, because the marker goes only after the format version is flushed, before any
//! statement runs.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// Present while a new database directory is being created.
pub const CREATING_MARKER: &str = "kizuna.creating";
const SLED_CONF: &str = "conf";
const SLED_LOG: &str = "db";
const SLED_BLOBS: &str = "blobs";
const UNFINISHED_SNAPSHOT_SUFFIX: &str = ".generating";
/// Private copies live in the system's temporary directory under this prefix.
const PRIVATE_COPY_PREFIX: &str = "kizuna-readonly-";
/// In a private copy: locked by the process that uses the copy, for as long as it does.
const COPY_OWNER: &str = "owner";

/// sled's snapshot files, complete or not.
fn is_sled_snapshot(name: &str) -> bool {
    name.starts_with("snap.")
}

/// The `snap.*.generating` files in `dir`: snapshots an open began and never finished.
pub fn unfinished_snapshots(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_sled_snapshot(&name) && name.ends_with(UNFINISHED_SNAPSHOT_SUFFIX) {
            found.push(name);
        }
    }
    found.sort();
    Ok(found)
}

/// Removes every unfinished snapshot file from `dir`; see the module docs for why that
/// is always safe.
pub fn remove_unfinished_snapshots(dir: &Path) -> io::Result<usize> {
    let names = unfinished_snapshots(dir)?;
    for name in &names {
        match fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    if !names.is_empty() {
        sync_dir(dir)?;
    }
    Ok(names.len())
}

/// Whether the creation of the database in `dir` began and never finished.
pub fn creation_interrupted(dir: &Path) -> bool {
    dir.join(CREATING_MARKER).exists()
}

/// Marks `dir` as being created, durably, before sled writes anything in it.
pub fn mark_creation(dir: &Path) -> io::Result<()> {
    let marker = File::create(dir.join(CREATING_MARKER))?;
    marker.sync_all()?;
    sync_dir(dir)
}

/// Ends the creation of `dir`: from now on it is a database whose writes must survive.
pub fn finish_creation(dir: &Path) -> io::Result<()> {
    fs::remove_file(dir.join(CREATING_MARKER))?;
    sync_dir(dir)
}

/// Removes what sled wrote in a directory whose creation was interrupted, so that the
/// creation starts over; the marker stays until the new creation finishes.
pub fn clear_interrupted_creation(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == SLED_BLOBS {
            fs::remove_dir_all(entry.path())?;
        } else if name == SLED_CONF || name == SLED_LOG || is_sled_snapshot(&name) {
            fs::remove_file(entry.path())?;
        }
    }
    sync_dir(dir)
}

/// Whether `dir` has sled's configuration but its log is gone (sled would make a new,
/// empty one and recover nothing).
pub fn log_missing(dir: &Path) -> bool {
    dir.join(SLED_CONF).exists() && !dir.join(SLED_LOG).exists()
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A copy of a database's sled files in the temporary directory, removed when dropped.
/// sled may change its files at any open (see the module docs); a read-only open works
/// on this copy so that the original stays byte for byte as it was.
#[derive(Debug)]
pub struct PrivateCopy {
    dir: PathBuf,
    // Locked while this process uses the copy, so no other reader sweeps it away.
    _owner: File,
}

impl PrivateCopy {
    /// Copies sled's files of `original` (unfinished snapshots left out, and every sled
    /// snapshot unless `sled_snapshots`, so that sled replays its log from the start). The
    /// caller holds the database's lock or gate, so no writer changes them meanwhile.
    pub fn make(original: &Path, sled_snapshots: bool) -> io::Result<PrivateCopy> {
        let temp = std::env::temp_dir();
        remove_abandoned_copies(&temp);
        let dir = unused_copy_dir(&temp)?;
        let owner = File::create(dir.join(COPY_OWNER))?;
        if !try_lock(&owner) {
            return Err(io::Error::other("cannot lock a new private copy"));
        }
        let copy = PrivateCopy { dir, _owner: owner };
        for entry in fs::read_dir(original)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let target = copy.dir.join(&name);
            if name == SLED_BLOBS && entry.file_type()?.is_dir() {
                copy_tree(&entry.path(), &target)?;
            } else if name == SLED_CONF
                || name == SLED_LOG
                || (sled_snapshots
                    && is_sled_snapshot(&name)
                    && !name.ends_with(UNFINISHED_SNAPSHOT_SUFFIX))
            {
                fs::copy(entry.path(), target)?;
            }
        }
        Ok(copy)
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// How many bytes of the original's log hold data that the copy's log no longer
    /// holds: what sled's recovery discarded after the first record it could not read.
    pub fn discarded_log_bytes(&self, original: &Path) -> io::Result<u64> {
        let mut before = File::open(original.join(SLED_LOG))?;
        let mut after = File::open(self.dir.join(SLED_LOG))?;
        let (mut a, mut b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
        let mut discarded = 0;
        loop {
            let read = read_full(&mut before, &mut a)?;
            if read == 0 {
                return Ok(discarded);
            }
            let kept = read_full(&mut after, &mut b[..read])?;
            b[kept..read].fill(0);
            discarded += a[..read]
                .iter()
                .zip(&b[..read])
                .filter(|(x, y)| **x != 0 && x != y)
                .count() as u64;
        }
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        // A copy that cannot be removed now is removed by a later read-only open.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn read_full(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn unused_copy_dir(temp: &Path) -> io::Result<PathBuf> {
    let pid = std::process::id();
    for attempt in 0u32.. {
        let dir = temp.join(format!("{PRIVATE_COPY_PREFIX}{pid}-{attempt}"));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("some attempt number is free")
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn try_lock(file: &File) -> bool {
    // SAFETY: flock on a descriptor we own; the lock ends when the file is closed.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// Removes private copies that no process uses any more (their reader was killed).
fn remove_abandoned_copies(temp: &Path) {
    let Ok(entries) = fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(PRIVATE_COPY_PREFIX) {
            continue;
        }
        // A copy is abandoned when nobody holds its owner lock; one made this instant
        // may not be locked yet, so only copies older than a minute are considered.
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() > 60));
        let abandoned =
            old && File::open(entry.path().join(COPY_OWNER)).map_or(true, |owner| try_lock(&owner));
        if abandoned {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The gate a writer holds exclusively while it changes the database's files (its open,
/// each commit, a snapshot, its close) and a reader holds shared while it copies them, so
/// that a copy is the files as they were between two writes: what a crash at that moment
/// would leave, which sled recovers with every write reported done.
pub const WRITE_GATE: &str = "kizuna.write";

/// How long a writer or a reader waits for the other at the gate.
const GATE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A writer's side of the gate ([`WRITE_GATE`]); entries nest.
#[derive(Debug)]
pub struct WriteGate {
    file: File,
    depth: std::sync::Mutex<usize>,
}

/// An entry through the [`WriteGate`], left when dropped.
pub struct GateEntry {
    gate: std::sync::Arc<WriteGate>,
}

impl WriteGate {
    /// Opens (creating it if needed) the gate of the database in `dir`.
    pub fn open(dir: &Path) -> io::Result<WriteGate> {
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(WRITE_GATE))?;
        Ok(WriteGate {
            file,
            depth: std::sync::Mutex::new(0),
        })
    }

    /// Waits until no reader is copying the files, then keeps readers out until the
    /// returned entry is dropped.
    pub fn enter(self: &std::sync::Arc<Self>) -> io::Result<GateEntry> {
        let mut depth = self.depth.lock().unwrap_or_else(|e| e.into_inner());
        if *depth == 0 {
            lock_waiting(&self.file, libc::LOCK_EX)?;
        }
        *depth += 1;
        Ok(GateEntry { gate: self.clone() })
    }
}

impl Drop for GateEntry {
    fn drop(&mut self) {
        let mut depth = self.gate.depth.lock().unwrap_or_else(|e| e.into_inner());
        *depth -= 1;
        if *depth == 0 {
            // SAFETY: flock on a descriptor the gate owns.
            unsafe { libc::flock(self.gate.file.as_raw_fd(), libc::LOCK_UN) };
        }
    }
}

/// A reader's hold on the gate while it copies the files; `None` when the database has
/// no gate (no writer of this version ever opened it), where the caller takes the
/// database's lock instead.
pub fn hold_gate_shared(dir: &Path) -> io::Result<Option<File>> {
    match File::open(dir.join(WRITE_GATE)) {
        Ok(file) => {
            lock_waiting(&file, libc::LOCK_SH)?;
            Ok(Some(file))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn lock_waiting(file: &File, operation: libc::c_int) -> io::Result<()> {
    let started = std::time::Instant::now();
    // SAFETY: flock on a descriptor the caller owns.
    while unsafe { libc::flock(file.as_raw_fd(), operation | libc::LOCK_NB) } != 0 {
        if started.elapsed() > GATE_WAIT {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "another kizuna process kept the database busy for a minute",
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    Ok(())
}
