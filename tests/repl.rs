//! The interactive shell in a real pseudo-terminal: multi-line input with a continuation
//! prompt, completion of an institution name, Ctrl-C cancelling a long statement, and the
//! `:timeout` and `:max-memory` limits.

use std::process::Command;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use expectrl::session::OsSession;
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

    // Two lines that reach the shell in one read are both run: the second is not dropped
    // with the first one's read buffer.
    shell
        .send("RETURN 6 * 111 AS first;\rRETURN 7 * 111 AS second;\r")
        .unwrap();
    shell.expect("666").unwrap();
    shell.expect("777").unwrap();

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

/// A seeded database in a temporary directory, and the shell on it in a pseudo-terminal
/// `columns` wide.
fn shell_on_seeded(columns: u16) -> (tempfile::TempDir, OsSession) {
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
    shell
        .get_process_mut()
        .set_window_size(columns, 50)
        .unwrap();
    shell.set_expect_timeout(Some(Duration::from_secs(30)));
    shell.expect("db> ").unwrap();
    (dir, shell)
}

/// The text printed until `until` appears.
fn output_until(shell: &mut OsSession, until: &str) -> String {
    let found = shell.expect(until).unwrap();
    String::from_utf8_lossy(found.before()).into_owned()
}

const CHAIN: &str = "MATCH p = shortestPath((a {name: 'Medical Excellence JAPAN'})-[*..6]-(b {name: 'Juntendo University Hospital'})) RETURN p AS chain, length(p) AS hops;";

fn table_lines(output: &str) -> Vec<&str> {
    output
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| l.starts_with(['│', '┌', '├', '└']))
        .collect()
}

#[test]
fn tables_use_the_terminal_width_and_paths_read_as_chains() {
    use unicode_width::UnicodeWidthStr;

    // 80 columns: the path wraps inside its cell, one hop a line, nothing cut.
    let (_dir, mut shell) = shell_on_seeded(80);
    shell.send_line(CHAIN).unwrap();
    let narrow = output_until(&mut shell, "1 row");
    let lines = table_lines(&narrow);
    assert!(lines.len() > 5, "{narrow}");
    for line in &lines {
        assert!(line.width() <= 80, "wider than the terminal: {line}");
        assert!(!line.contains('…'), "a cell was cut: {line}");
    }
    assert!(
        narrow.contains("│ -[:PART_OF]->(:University {name: 'Juntendo University'})"),
        "{narrow}"
    );

    // `:wide on` says so, and puts the whole path, every property, on one line.
    shell.send_line(":wide on").unwrap();
    shell.expect("wide on").unwrap();
    shell.send_line(CHAIN).unwrap();
    let wide = output_until(&mut shell, "1 row");
    assert_eq!(table_lines(&wide).len(), 5, "{wide}");
    assert!(wide.contains("evidence: "), "{wide}");
    shell.send_line(":wide off").unwrap();
    shell.expect("wide off").unwrap();

    // 200 columns: each hop of the same path whole on its line, names and dates only.
    shell.get_process_mut().set_window_size(200, 50).unwrap();
    shell.send_line(CHAIN).unwrap();
    let broad = output_until(&mut shell, "1 row");
    let lines = table_lines(&broad);
    assert!(lines.iter().any(|l| l.width() > 120), "{broad}");
    assert!(lines.iter().all(|l| l.width() <= 200), "{broad}");
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("│ <-[:PART_OF]-(:Hospital {name: 'Juntendo University Hospital'}) ")),
        "{broad}"
    );
    assert!(!broad.contains("evidence: "), "{broad}");

    // :schema cuts nothing and says what each label connects to.
    shell.send_line(":schema").unwrap();
    shell.expect("┌").unwrap();
    let found = shell.expect(expectrl::Regex(r"\d+ rows")).unwrap();
    let schema = String::from_utf8_lossy(found.before()).into_owned();
    assert!(!schema.contains('…'), "{schema}");
    assert!(schema.contains("-EXCHANGED_WITH->Hospital"), "{schema}");

    // Every meta-command confirms what it did.
    shell.send_line(":timing off").unwrap();
    shell.expect("timing off").unwrap();
    shell.send_line(":format json").unwrap();
    shell.expect("results now show as json").unwrap();
    shell.send_line("RETURN 1 AS one;").unwrap();
    shell.expect("{\"one\":1}").unwrap();
    shell.expect("1 row").unwrap();
    shell.send_line(":quit").unwrap();
    shell.expect(expectrl::Eof).unwrap();
}

#[test]
fn completion_knows_where_it_is_and_history_shows_continuation_prompts() {
    let (_dir, mut shell) = shell_on_seeded(120);

    // After `[r:` relationship types come first, after `(n:` labels.
    shell.send("MATCH ()-[r:PARTN").unwrap();
    shell.send("\t").unwrap();
    shell.expect("PARTNERED_WITH").unwrap();
    shell.send(ControlCode::EndOfText).unwrap();
    shell.expect("db> ").unwrap();
    shell.send("MATCH (n:Pol").unwrap();
    shell.send("\t").unwrap();
    shell.expect("PoliticalParty").unwrap();
    shell.send(ControlCode::EndOfText).unwrap();
    shell.expect("db> ").unwrap();

    // An alias inside `{name: '…'}` completes to the name that matches.
    shell.send("MATCH (n {name: 'ncgm").unwrap();
    shell.send("\t").unwrap();
    shell
        .expect("National Center for Global Health and Medicine")
        .unwrap();
    shell.send("'}) RETURN n.country AS country;\r").unwrap();
    shell.expect("JP").unwrap();
    shell.expect("1 row").unwrap();

    // A statement over three lines, recalled: its later lines show the `…>` prompt again.
    shell.expect("db> ").unwrap();
    shell.send_line("MATCH (h:Hospital)").unwrap();
    shell.expect("…> ").unwrap();
    shell
        .send_line("WHERE h.name STARTS WITH 'Kameda'")
        .unwrap();
    shell.expect("…> ").unwrap();
    shell.send_line("RETURN h.name AS name;").unwrap();
    shell.expect("Kameda Medical Center").unwrap();
    shell.expect("1 row").unwrap();
    shell.expect("db> ").unwrap();
    shell.send("\x1b[A").unwrap();
    shell
        .expect("…> WHERE h.name STARTS WITH 'Kameda'")
        .unwrap();
    shell.expect("…> RETURN h.name AS name;").unwrap();
    shell.send("\r").unwrap();
    shell.expect("Kameda Medical Center").unwrap();
    shell.expect("1 row").unwrap();
    shell.send_line(":quit").unwrap();
    shell.expect(expectrl::Eof).unwrap();
}

#[test]
fn a_long_statement_shows_its_progress_until_it_ends() {
    let (_dir, mut shell) = shell_on_seeded(100);
    shell
        .send_line("MATCH p = (a)-[*]-(b) WHERE length(p) < 0 RETURN count(*) AS n;")
        .unwrap();
    // After about two seconds a line on standard error says what is going on.
    shell.expect("relationships and rows visited").unwrap();
    shell.send(ControlCode::EndOfText).unwrap();
    let before = output_until(&mut shell, "Cancelled");
    // The line is cleared before the next output.
    let after_last_clear = before.rsplit("\x1b[2K").next().unwrap_or_default();
    assert!(
        before.contains("\x1b[2K") && !after_last_clear.contains("running:"),
        "{before:?}"
    );
    shell.send_line("RETURN 40 + 2 AS answer;").unwrap();
    shell.expect("42").unwrap();

    // Two lines that reach the shell in one read are both run: the second is not dropped
    // with the first one's read buffer.
    shell
        .send("RETURN 6 * 111 AS first;\rRETURN 7 * 111 AS second;\r")
        .unwrap();
    shell.expect("666").unwrap();
    shell.expect("777").unwrap();
    shell.send_line(":quit").unwrap();
    shell.expect(expectrl::Eof).unwrap();
}
