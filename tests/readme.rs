//! The README's examples run as written: every command line of its `sh` blocks that calls
//! `kizuna` runs in a temporary directory (with the CSV files the import example names,
//! `queries/` beside it, and `$KIZUNA_DB` naming a seeded database), and every `cypher`
//! block runs against the seed dataset. A command line that is not run is listed in
//! `NOT_RUN` with the reason. `text` blocks (a shell session, usage, an error) are shown,
//! not run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;

/// Command lines of the README's `sh` blocks that this test does not run, by prefix.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "cargo run --release",
        "builds a release binary and opens the interactive shell",
    ),
    ("cargo test", "runs this test among the others"),
    (
        "cargo bench",
        "benchmarks run for minutes on a million institutions",
    ),
    (
        "KIZUNA_BENCH_SCALE=small cargo bench",
        "benchmarks are measured, not tested",
    ),
    (
        "bash ../shared/bench/setup.sh",
        "installs the peers' Python packages for the side-by-side benchmarks",
    ),
    ("cargo install cargo-fuzz", "installs a tool"),
    (
        "mkdir -p fuzz/corpus",
        "prepares a fuzzing run inside the repository",
    ),
    ("cargo +nightly fuzz", "needs a nightly toolchain"),
    (
        "pip install ./python",
        "builds the Python package; python/run-tests builds and tests it",
    ),
    (
        "python/run-tests",
        "the Python package's own tests, which CI runs after these",
    ),
];

/// The files the import example names, small but of every kind of column.
const IMPORT_FILES: &[(&str, &str)] = &[
    (
        "orgs.csv",
        "id:ID,:LABEL,name,country,founded:int,aliases:string[]\n\
         o1,Hospital,Kameda Medical Center,JP,1954,Kameda;Kameda General Hospital\n\
         o2,Foundation,Sasakawa Health Foundation,JP,1974,\n",
    ),
    (
        "people.csv",
        "id:ID,:LABEL,name\np1,Person,Kameda Shunsuke\n",
    ),
    (
        "funded.csv",
        ":START_ID,:END_ID,:TYPE,amount:float,currency,date\no2,o1,FUNDED,1000000,JPY,2020-03\n",
    ),
    ("works_at.csv", ":START_ID,:END_ID,:TYPE\np1,o1,WORKS_AT\n"),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README's fenced blocks: (info string, text).
fn fenced_blocks(readme: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in readme.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (fence, open.take()) {
            (Some(_), Some(block)) => blocks.push(block),
            (Some(info), None) => open = Some((info.trim().to_owned(), String::new())),
            (None, Some((info, mut text))) => {
                text.push_str(line);
                text.push('\n');
                open = Some((info, text));
            }
            (None, None) => {}
        }
    }
    blocks
}

/// The command lines of a shell block, continuation lines (`\`) joined.
fn command_lines(block: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for line in block.lines() {
        match line.trim_end().strip_suffix('\\') {
            Some(start) => current.push_str(start),
            None => {
                current.push_str(line);
                if !current.trim().is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    lines
}

fn calls_kizuna(line: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || c == '|' || c == '&' || c == ';')
        .any(|word| word == "kizuna")
}

/// A directory set up as a reader of the README would have it.
fn workplace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(repo().join("queries"), dir.path().join("queries")).unwrap();
    for (name, text) in IMPORT_FILES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let seeded = kizuna(dir.path())
        .arg("seed")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(seeded.success());
    dir
}

/// `kizuna` as the README calls it: on the PATH, on the seeded database of `dir`.
fn shell(dir: &Path, line: &str) -> Command {
    let mut command = Command::new("bash");
    command.args(["-o", "pipefail", "-c", line]);
    environment(&mut command, dir);
    command
}

fn kizuna(dir: &Path) -> Command {
    let mut command = Command::new(cargo_bin("kizuna"));
    environment(&mut command, dir);
    command
}

fn environment(command: &mut Command, dir: &Path) {
    let bin = cargo_bin("kizuna");
    let bin_dir = bin.parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    command
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("KIZUNA_DB", dir.join("kizuna.db"))
        .env("HOME", dir)
        .env("KIZUNA_HISTORY", dir.join("history"))
        .stdin(Stdio::null());
}

#[test]
fn every_kizuna_command_of_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let dir = workplace();
    let mut ran = 0;
    for (info, block) in fenced_blocks(&readme) {
        if info != "sh" {
            continue;
        }
        for line in command_lines(&block) {
            let command = line.trim();
            if let Some((_, reason)) = NOT_RUN.iter().find(|(p, _)| command.starts_with(p)) {
                println!("not run: {command} ({reason})");
                continue;
            }
            assert!(
                calls_kizuna(command),
                "`{command}` neither calls kizuna nor is listed in NOT_RUN with a reason"
            );
            let output = shell(dir.path(), command).output().unwrap();
            assert!(
                output.status.success(),
                "`{command}` failed ({}):\n{}{}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 15, "only {ran} README commands ran");
    // What the examples say they write is there.
    for written in [
        "graph.dot",
        "graph.svg",
        "funded.dot",
        "answer.png",
        "map.svg",
    ] {
        let path = dir.path().join(written);
        assert!(
            path.metadata().is_ok_and(|m| m.len() > 0),
            "{written} missing"
        );
    }
    assert!(dir.path().join("dump/nodes.csv").exists());
}

#[test]
fn every_cypher_block_of_the_readme_runs_on_the_seed_dataset() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let dir = workplace();
    let mut ran = 0;
    for (info, block) in fenced_blocks(&readme) {
        if info != "cypher" {
            continue;
        }
        let file = dir.path().join(format!("block{ran}.cypher"));
        std::fs::write(&file, &block).unwrap();
        let output = kizuna(dir.path())
            .args(["--read-only", "run"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{block}\nfailed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 1, "no cypher block in the README");
}
