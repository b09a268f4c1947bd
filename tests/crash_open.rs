//! Crashes and a full disk at every file operation of an open, a statement, `check` and
//! a read-only open, injected with `strace` (kill -9, or ENOSPC, at the n-th call of each
//! system call that changes files), then a full disk for real on a small tmpfs: every
//! time, the database opens afterwards with every write that was reported done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;

/// The system calls by which sled and kizuna change files.
const CHANGING_CALLS: &[&str] = &[
    "write",
    "pwrite64",
    "pwritev",
    "fsync",
    "fdatasync",
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    "ftruncate",
    "mkdir",
    "copy_file_range",
];

/// Whether `strace` is here and may trace; says what is skipped when not. `.ci/run`
/// installs it, so CI never skips for want of it.
fn strace_usable(what: &str) -> bool {
    let probe = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .output();
    match probe {
        Ok(out) if out.status.success() => true,
        Ok(_) => {
            println!("skipped {what}: strace cannot trace here (ptrace is not permitted)");
            false
        }
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "strace is missing, and CI must run {what}"
            );
            println!("skipped {what}: strace is not installed");
            false
        }
    }
}

fn kizuna(db: &Path, args: &[&str]) -> Output {
    Command::new(cargo_bin("kizuna"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs kizuna under strace with `injection` (`None`: only counts the calls), ending it
/// if it runs for more than a minute: a hang is a failure of its own.
fn traced(db: &Path, args: &[&str], injection: Option<String>) -> (Output, String) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut command = Command::new("strace");
    command
        .args(["-f", "-qq", "-o"])
        .arg(log.path())
        .arg(format!("-etrace={}", CHANGING_CALLS.join(",")));
    if let Some(injection) = injection {
        command.arg(format!("-einject={injection}"));
    }
    let mut child = command
        .arg(cargo_bin("kizuna"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("kizuna {args:?} hung under {:?}", command.get_args());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    (
        output,
        std::fs::read_to_string(log.path()).unwrap_or_default(),
    )
}

/// How many times the busiest thread made each changing call.
fn call_counts(log: &str) -> BTreeMap<String, usize> {
    let mut per_thread: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in log.lines() {
        let mut words = line.split_whitespace();
        let (Some(pid), Some(call)) = (words.next(), words.next()) else {
            continue;
        };
        let Some((name, _)) = call.split_once('(') else {
            continue;
        };
        if CHANGING_CALLS.contains(&name) {
            *per_thread.entry((pid.into(), name.into())).or_default() += 1;
        }
    }
    let mut counts = BTreeMap::new();
    for ((_, name), n) in per_thread {
        let most = counts.entry(name).or_insert(0);
        *most = n.max(*most);
    }
    counts
}

fn count_h(db: &Path) -> usize {
    let out = kizuna(
        db,
        &["--format", "csv", "-e", "MATCH (n:H) RETURN count(n)"],
    );
    assert!(
        out.status.success(),
        "the database does not open: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap()
}

fn assert_plain(output: &Output, context: &str) {
    let stderr = text(&output.stderr);
    for noise in ["panicked", "Os {", "StorageFull", "backtrace"] {
        assert!(!stderr.contains(noise), "{context}: {stderr}");
    }
}

/// What one faulted run of a command may leave: the count of `:H` nodes is what was
/// reported done, or one more when the faulted command writes and did not get to say so.
struct Ledger {
    acknowledged: usize,
}

impl Ledger {
    /// A write just before the faulted command, so that its open has something new to
    /// write down (sled writes a snapshot at an open only when its log has grown).
    fn write_one(&mut self, db: &Path) {
        let out = kizuna(db, &["-e", "CREATE (:H {seq: 0})"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        self.acknowledged += 1;
    }

    fn settle(&mut self, db: &Path, output: &Output, writes: bool, context: &str) {
        let reported = text(&output.stdout).contains("Nodes created");
        if writes && reported {
            self.acknowledged += 1;
        }
        let found = count_h(db);
        let possible = if writes && !reported {
            self.acknowledged..=self.acknowledged + 1
        } else {
            self.acknowledged..=self.acknowledged
        };
        assert!(
            possible.contains(&found),
            "{context}: {found} nodes, {} reported done",
            self.acknowledged
        );
        self.acknowledged = found;
        let check = kizuna(db, &["check"]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{context}: {}{}",
            text(&check.stdout),
            text(&check.stderr)
        );
    }
}

/// The commands whose every file operation is faulted: opens of each kind and a write.
fn commands() -> Vec<(Vec<&'static str>, bool)> {
    vec![
        (vec!["-e", "MATCH (n) RETURN count(n)"], false),
        (
            vec!["--read-only", "-e", "MATCH (n) RETURN count(n)"],
            false,
        ),
        (vec!["check"], false),
        (vec!["stats"], false),
        (vec!["-e", "CREATE (:H {seq: 1})"], true),
    ]
}

fn fault_every_call(fault: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let mut ledger = Ledger { acknowledged: 0 };
    let mut runs = 0;
    for (args, writes) in commands() {
        ledger.write_one(&db);
        let (clean, log) = traced(&db, &args, None);
        assert!(clean.status.success(), "{args:?}: {}", text(&clean.stderr));
        ledger.settle(&db, &clean, writes, &format!("{args:?} untouched"));
        for (call, times) in call_counts(&log) {
            for n in 1..=times {
                let context = format!("{args:?} with {fault} at {call} #{n}");
                ledger.write_one(&db);
                let (output, _) = traced(&db, &args, Some(format!("{call}:{fault}:when={n}")));
                assert_plain(&output, &context);
                if fault.starts_with("error") {
                    let code = output.status.code();
                    assert!(
                        matches!(code, Some(0) | Some(1) | Some(3)),
                        "{context}: {code:?} {}",
                        text(&output.stderr)
                    );
                }
                ledger.settle(&db, &output, writes, &context);
                runs += 1;
            }
        }
    }
    assert!(runs > 20, "only {runs} faulted runs");
}

#[test]
fn a_kill_at_any_file_operation_loses_no_reported_write() {
    if strace_usable("the kill-at-every-call test") {
        fault_every_call("signal=KILL");
    }
}

#[test]
fn a_full_disk_at_any_file_operation_ends_plainly_and_loses_no_reported_write() {
    if strace_usable("the ENOSPC-at-every-call test") {
        fault_every_call("error=ENOSPC");
    }
}

#[test]
fn a_creation_killed_at_any_file_operation_leaves_a_database_that_opens() {
    if !strace_usable("the interrupted-creation test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let args = ["-e", "CREATE (:H {seq: 1})"];
    let (clean, log) = traced(&dir.path().join("probe"), &args, None);
    assert!(clean.status.success(), "{}", text(&clean.stderr));
    for (call, times) in call_counts(&log) {
        for n in 1..=times {
            let db = dir.path().join(format!("{call}-{n}"));
            let context = format!("creation killed at {call} #{n}");
            let (output, _) = traced(&db, &args, Some(format!("{call}:signal=KILL:when={n}")));
            let mut ledger = Ledger { acknowledged: 0 };
            if db.exists() {
                ledger.settle(&db, &output, true, &context);
            }
            assert!(
                kizuna(&db, &args).status.success(),
                "{context}: a write after the crash failed"
            );
        }
    }
}

// ---- a real full disk ---------------------------------------------------------------------

/// A small tmpfs, unmounted when dropped.
struct SmallDisk {
    mount: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let mount = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(mount.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk { mount })
    }

    fn path(&self) -> PathBuf {
        self.mount.path().to_owned()
    }

    /// Fills the disk to the last byte with one file, returned for removal.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0xA5u8; 64 << 10];
        let mut size = block.len();
        while size > 0 {
            if file.write_all(&block[..size]).is_err() {
                size /= 2;
            }
        }
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.mount.path()).status();
    }
}

#[test]
fn a_full_disk_ends_every_command_plainly_and_the_database_opens_once_space_is_freed() {
    let Some(disk) = SmallDisk::mount(16) else {
        println!("skipped the full-disk test: mounting a tmpfs needs root");
        return;
    };
    let db = disk.path().join("db");
    assert!(kizuna(&db, &["seed"]).status.success());
    assert!(kizuna(&db, &["-e", "CREATE (:H {seq: 1})"])
        .status
        .success());
    let csv = disk.path().join("n.csv");
    let mut rows = String::from("id:ID,:LABEL,name\n");
    for i in 0..20_000 {
        rows.push_str(&format!(
            "{i},Org,Organisation number {i} with a longer name\n"
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let filler = disk.fill();
    let csv_arg = csv.to_string_lossy().into_owned();
    for args in [
        &["-e", "CREATE (:H {seq: 2})"][..],
        &["-e", "MATCH (n:H) RETURN count(n)"][..],
        &["import", "--nodes", &csv_arg][..],
        &["seed"][..],
    ] {
        let started = Instant::now();
        let out = kizuna(&db, args);
        let stderr = text(&out.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{args:?} took too long"
        );
        assert_plain(&out, &format!("{args:?}"));
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(stderr.contains("no space left"), "{args:?}: {stderr}");
    }
    // Readers still work: they change nothing in the database's directory.
    let out = kizuna(&db, &["--read-only", "-e", "MATCH (n:H) RETURN count(n)"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = kizuna(&db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    std::fs::remove_file(filler).unwrap();
    assert_eq!(count_h(&db), 1);
    let out = kizuna(&db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        !text(&out.stdout).contains("note:"),
        "{}",
        text(&out.stdout)
    );
}
