//! The interactive shell in a real pseudo-terminal: multi-line input with a continuation
//! prompt, completion of an institution name, Ctrl-C cancelling a long statement, and the
//! `:timeout` and `:max-memory` limits.

use std::process::Command;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use expectrl::{ControlCode, Expect, Session};

#[test]
fn the_shell_edits_completes_and_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let seeded = Command::new(cargo_bin("kizuna"))
        .arg("--db")
        .arg(&db)
        .arg("seed")
        .status()
        .unwrap();
    assert!(seeded.success());

    let mut command = Command::new(cargo_bin("kizuna"));
    command
        .arg("--db")
        .arg(&db)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("KIZUNA_HISTORY", dir.path().join("history"));
    let mut shell = Session::spawn(command).unwrap();
    shell.set_expect_timeout(Some(Duration::from_secs(30)));
    shell.expect("108 nodes").unwrap();
    shell.expect("db> ").unwrap();

    // A statement over three lines: the second and third get the continuation prompt.
    shell.send_line("MATCH (h:Hospital)").unwrap();
    shell.expect("…> ").unwrap();
    shell
        .send_line("WHERE h.name STARTS WITH 'Kameda'")
        .unwrap();
    shell.expect("…> ").unwrap();
    shell.send_line("RETURN h.name AS name;").unwrap();
    shell.expect("Kameda Medical Center").unwrap();
    shell.expect("1 row").unwrap();

    // Tab completes an institution name inside quotes.
    shell.send("MATCH (n {name: 'Kameda Med").unwrap();
    shell.send("\t").unwrap();
    shell.expect("Kameda Medical Center").unwrap();
    shell.send("'}) RETURN n.country AS country;\r").unwrap();
    shell.expect("JP").unwrap();
    shell.expect("1 row").unwrap();

    // Ctrl-C cancels a statement that would run for a very long time, and the shell goes on.
    shell
        .send_line("MATCH p = (a)-[*]-(b) WHERE length(p) < 0 RETURN count(*) AS n;")
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    shell.send(ControlCode::EndOfText).unwrap();
    shell.expect("cancelled").unwrap();
    shell.send_line("RETURN 40 + 2 AS answer;").unwrap();
    shell.expect("42").unwrap();

    // :why cites an institution's documents by title, and a relationship's with its quote.
    shell.send_line(":why Kameda Medical Center").unwrap();
    shell.expect("中日医学云端交流会").unwrap();
    shell.expect("004_c2fb2b48e16b2881.txt").unwrap();

    // An error does not end the shell either.
    shell.send_line("RETURN nope;").unwrap();
    shell.expect("nope").unwrap();
    shell.send_line(":quit").unwrap();
    shell.expect(expectrl::Eof).unwrap();
    let history = std::fs::read_to_string(dir.path().join("history")).unwrap();
    assert!(history.contains("RETURN 40 + 2 AS answer;"), "{history}");
}

#[test]
fn the_shell_shows_and_sets_its_time_and_memory_limits() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(cargo_bin("kizuna"));
    command
        .arg("--db")
        .arg(dir.path().join("db"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("KIZUNA_HISTORY", dir.path().join("history"));
    let mut shell = Session::spawn(command).unwrap();
    shell.set_expect_timeout(Some(Duration::from_secs(30)));
    shell.expect("db> ").unwrap();

    // The shell's memory limit is a quarter of the machine's memory unless given.
    let quarter = kizuna::shell::default_max_memory().expect("the system reports its memory");
    shell.send_line(":max-memory").unwrap();
    shell
        .expect(kizuna::query::budget::format_size(quarter).as_str())
        .unwrap();

    shell.send_line(":max-memory 64M").unwrap();
    shell.expect("64 MiB").unwrap();
    shell
        .send_line("RETURN size([x IN range(1, 100000) | [y IN range(1, 100000) | y]]) AS n;")
        .unwrap();
    shell.expect("memory limit of 64 MiB").unwrap();
    shell.expect("--max-memory").unwrap();

    shell.expect("db> ").unwrap();
    shell.send_line(":max-memory off").unwrap();
    shell.expect("db> ").unwrap();
    shell.send_line(":timeout 1").unwrap();
    shell.expect("1.0 s").unwrap();
    shell
        .send_line("RETURN size([x IN range(1, 100000) | [y IN range(1, 100000) | y]]) AS n;")
        .unwrap();
    shell.expect("time limit of 1.0 s").unwrap();
    shell.expect("--timeout").unwrap();
    shell.expect("db> ").unwrap();

    shell.send_line(":timeout soon").unwrap();
    shell
        .expect("usage: :timeout SECONDS|off (now 1.0 s)")
        .unwrap();
    shell.send_line(":quit").unwrap();
    shell.expect(expectrl::Eof).unwrap();
}
