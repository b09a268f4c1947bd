//! The time and memory limits through the real binary: runaway expressions end within
//! `--timeout` plus a second, or under `--max-memory` with the process's peak memory near
//! the limit, and a failed statement changes nothing. Also scripts that end inside a
//! block comment or a string.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn kizuna(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kizuna").unwrap();
    cmd.arg("--db").arg(db).env_remove("KIZUNA_DB");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a finished run of the binary left.
struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_rss: u64,
}

/// Runs the binary on `db` with `args`, reaping it with `wait4` to learn its peak memory.
// `wait4` reaps the child, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn measured(db: &Path, args: &[&str]) -> Finished {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let started = Instant::now();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kizuna"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KIZUNA_DB")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet reaped; status and usage are valid pointers.
    let reaped = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert!(reaped > 0, "wait4 failed");
    Finished {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: text(&std::fs::read(&out_path).unwrap()),
        stderr: text(&std::fs::read(&err_path).unwrap()),
        elapsed,
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// A database of `n` nodes `(:K {i})` with a relationship from each to every other: the
/// paths and cartesian products over it grow as powers of `n`.
fn complete_graph(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (nodes, edges) = (dir.path().join("n.csv"), dir.path().join("e.csv"));
    let mut csv = String::from("id:ID,:LABEL,i:int\n");
    for i in 0..n {
        csv.push_str(&format!("k{i},K,{i}\n"));
    }
    std::fs::write(&nodes, csv).unwrap();
    let mut csv = String::from(":START_ID,:END_ID,:TYPE\n");
    for a in 0..n {
        for b in (0..n).filter(|&b| b != a) {
            csv.push_str(&format!("k{a},k{b},R\n"));
        }
    }
    std::fs::write(&edges, csv).unwrap();
    let out = kizuna(&db)
        .arg("import")
        .arg("--nodes")
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

/// Ten `replace` calls, each making the string ten times longer: 10^10 characters.
fn nested_replace() -> String {
    let mut expr = "'x'".to_owned();
    for _ in 0..10 {
        expr = format!("replace({expr}, 'x', 'xxxxxxxxxx')");
    }
    format!("RETURN size({expr}) AS n")
}

/// Statements that, unchecked, run for hours and take every byte of the machine.
fn runaways() -> Vec<String> {
    vec![
        "RETURN size([x IN range(1, 100000) | [y IN range(1, 100000) | y]]) AS n".to_owned(),
        nested_replace(),
        "MATCH p = ()-[*..3]-() RETURN size(collect(p)) AS n".to_owned(),
        "MATCH (a), (b), (c), (d), (e) RETURN size(collect([a, b, c, d, e])) AS n".to_owned(),
        "RETURN size([x IN range(1, 10000000) | [y IN range(1, 4) | toString(x + y) + ' and more text']]) AS n".to_owned(),
        "UNWIND range(1, 10000000) AS x WITH x ORDER BY x DESC RETURN count(*) AS n".to_owned(),
    ]
}

const MIB: u64 = 1 << 20;

#[test]
fn runaway_expressions_end_within_the_time_limit_plus_a_second() {
    let (_dir, db) = complete_graph(40);
    for (query, timeout) in runaways().iter().zip([5.0, 2.0, 2.0, 2.0, 2.0, 2.0]) {
        let timeout_arg = format!("{timeout}");
        let run = measured(&db, &["--timeout", &timeout_arg, "-e", query]);
        eprintln!(
            "{query}: {:.2} s, peak {} MiB",
            run.elapsed.as_secs_f64(),
            run.peak_rss / MIB
        );
        assert_eq!(run.code, Some(1), "{query}: {}", run.stderr);
        assert_eq!(run.stdout, "", "a failed statement prints no rows");
        assert!(run.stderr.contains("LimitExceeded"), "{}", run.stderr);
        assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
        assert!(
            run.elapsed < Duration::from_secs_f64(timeout + 1.0),
            "{query} ran {:?} under --timeout {timeout}",
            run.elapsed
        );
    }
}

#[test]
fn runaway_expressions_stop_at_the_memory_limit() {
    let (_dir, db) = complete_graph(40);
    let limit = 128 * MIB;
    for query in runaways() {
        let run = measured(
            &db,
            &["--max-memory", "128M", "--timeout", "120", "-e", &query],
        );
        eprintln!(
            "{query}: {:.2} s, peak {} MiB",
            run.elapsed.as_secs_f64(),
            run.peak_rss / MIB
        );
        assert_eq!(run.code, Some(1), "{query}: {}", run.stderr);
        assert_eq!(run.stdout, "", "a failed statement prints no rows");
        assert!(run.stderr.contains("LimitExceeded"), "{}", run.stderr);
        assert!(
            run.stderr.contains("memory limit of 128 MiB"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("--max-memory"), "{}", run.stderr);
        // The count is an estimate and the allocator keeps some slack: twice the limit
        // plus the process itself is the bound, against gigabytes unchecked.
        assert!(
            run.peak_rss < 2 * limit + 64 * MIB,
            "{query}: peak {} MiB under --max-memory 128M",
            run.peak_rss / MIB
        );
    }
}

#[test]
fn work_within_the_memory_limit_is_not_refused() {
    let (_dir, db) = complete_graph(20);
    for (query, answer) in [
        (
            "RETURN size([x IN range(1, 1000000) | x * 2]) AS n",
            "1000000",
        ),
        (
            "UNWIND range(1, 200000) AS x WITH x ORDER BY x DESC RETURN count(*) AS n",
            "200000",
        ),
        // 20 × 38 paths of one hop and 20 × 38 × 37 of two, each relationship once.
        (
            "MATCH p = ()-[*..2]-() RETURN size(collect(p)) AS n",
            "28880",
        ),
        (
            "MATCH (a), (b) RETURN count(DISTINCT [a.i, b.i]) AS n",
            "400",
        ),
        ("RETURN size(replace('abc', 'b', 'bbbbbbbbbb')) AS n", "12"),
        // Rows that would each hold the list of 20,000 (6 GB in all) if it were copied
        // into every one: nothing reads it after the UNWIND.
        (
            "WITH range(1, 20000) AS xs UNWIND xs AS x MATCH (a {i: 1}) RETURN count(*) AS n",
            "20000",
        ),
    ] {
        let out = kizuna(&db)
            .args(["--max-memory", "128M", "-e", query])
            .output()
            .unwrap();
        assert_eq!(
            text(&out.stdout),
            format!("n\n{answer}\n"),
            "{query}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn the_library_takes_a_memory_limit_with_the_execution_options() {
    let mut db = kizuna::Database::open_temporary().unwrap();
    let options = kizuna::ExecOptions {
        max_memory: Some(1 << 20),
        ..kizuna::ExecOptions::default()
    };
    let params = kizuna::Params::new();
    let small = db
        .execute_with(
            "RETURN size([x IN range(1, 1000) | x]) AS n",
            &params,
            &options,
        )
        .unwrap();
    assert_eq!(small.rows, vec![vec![kizuna::Value::Int(1000)]]);
    // A string of 40,001 characters (40 KB) split into as many strings (about 2 MB).
    let bs = "b".repeat(200);
    let split =
        format!("RETURN size(split(replace(replace('ab', 'b', '{bs}'), 'b', '{bs}'), '')) AS n");
    for query in [
        "RETURN size([x IN range(1, 100000) | x]) AS n",
        "UNWIND range(1, 100000) AS x RETURN size(collect(x)) AS n",
        "UNWIND range(1, 100000) AS x WITH x ORDER BY x DESC RETURN count(*) AS n",
        split.as_str(),
    ] {
        let error = db.execute_with(query, &params, &options).unwrap_err();
        let error = error.as_query().expect("a query error");
        assert_eq!(
            error.kind,
            kizuna::ErrorKind::LimitExceeded,
            "{query}: {error}"
        );
        assert_eq!(error.code, "MemoryLimit", "{query}");
    }
}

#[test]
fn a_write_that_runs_out_of_memory_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let query = "UNWIND range(1, 1000) AS i CREATE (:W {i: i}) \
                 WITH collect(range(1, 100000)) AS big RETURN size(big)";
    let out = kizuna(&db)
        .args(["--max-memory", "64M", "-e", query])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--max-memory"), "{stderr}");
    let out = kizuna(&db)
        .args(["-e", "MATCH (w:W) RETURN count(w) AS n"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "n\n0\n", "{}", text(&out.stderr));
}

#[test]
fn a_memory_limit_must_be_a_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    for bad in ["", "0", "-1G", "lots", "12X", "1e9"] {
        let out = kizuna(&db)
            .arg(format!("--max-memory={bad}"))
            .args(["-e", "RETURN 1"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--max-memory {bad}");
        assert!(
            text(&out.stderr).contains("not a size"),
            "--max-memory {bad}"
        );
    }
    for good in ["1048576", "512M", "2G", "1.5gib"] {
        let out = kizuna(&db)
            .args(["--max-memory", good, "-e", "RETURN 1 AS n"])
            .output()
            .unwrap();
        assert_eq!(text(&out.stdout), "n\n1\n", "--max-memory {good}");
    }
}

// ---- scripts that end inside a comment or a string ---------------------------------------

/// Runs `script` from a file and from standard input; checks the exit status, the message
/// and that only the statements before the opening ran.
fn check_unclosed(script: &str, at: &str, message: &str, created_before: usize) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("script.cypher");
    std::fs::write(&file, script).unwrap();
    let file_name = file.display().to_string();
    let count = "MATCH (t:T) RETURN count(t) AS n";
    for (db, origin) in [("by-file", file_name.as_str()), ("by-stdin", "<stdin>")] {
        let db = dir.path().join(db);
        let out = if origin == "<stdin>" {
            kizuna(&db).write_stdin(script).output().unwrap()
        } else {
            kizuna(&db).arg("run").arg(&file).output().unwrap()
        };
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{origin}: {stderr}");
        assert!(stderr.contains(&format!("{origin}:{at}: ")), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        let out = kizuna(&db).args(["-e", count]).output().unwrap();
        assert_eq!(
            text(&out.stdout),
            format!("n\n{created_before}\n"),
            "{origin}"
        );
    }
    // Under --atomic, nothing at all.
    let db = dir.path().join("atomic");
    let out = kizuna(&db)
        .args(["run", "--atomic"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing was changed"));
    let out = kizuna(&db).args(["-e", count]).output().unwrap();
    assert_eq!(text(&out.stdout), "n\n0\n");
}

#[test]
fn a_script_ending_inside_a_block_comment_fails_where_the_comment_opens() {
    check_unclosed(
        "CREATE (:T {v: 1});\nCREATE (:T {v: 2});\n  /* the rest was meant to be commented\nCREATE (:T {v: 3});\n",
        "3:3",
        "unterminated comment",
        2,
    );
    // A statement before the comment without its `;` does not run either.
    check_unclosed(
        "CREATE (:T {v: 1});\nCREATE (:T {v: 2}) /* open\n",
        "2:20",
        "unterminated comment",
        1,
    );
}

#[test]
fn a_script_ending_inside_a_string_fails_where_the_string_opens() {
    check_unclosed(
        "CREATE (:T {v: 1});\nCREATE (:T {v: 'two});\nCREATE (:T {v: 3});\n",
        "2:16",
        "unterminated string literal",
        1,
    );
    check_unclosed(
        "CREATE (:T {v: 1});\nCREATE (:`T {v: 2});\n",
        "2:10",
        "unterminated quoted name",
        1,
    );
}
