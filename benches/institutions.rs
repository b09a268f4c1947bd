//! Side-by-side benchmark on the shared institutions workload: imports the graph that
//! `gen.py` generates (`../shared/bench`), opens it in new processes, runs q0–q7, checks
//! every answer against the peers' cross-checked answers in `ANCHORS.md`, and prints
//! kizuna's figures in a table beside the peers' (Kùzu, LadybugDB, SQLite, igraph,
//! networkx).
//!
//! `cargo bench --bench institutions` measures the 1M-node / 5M-relationship graph.
//! Settings (environment):
//! - `KIZUNA_BENCH_SCALE`: `large` (default) or `small` (10k / 50k);
//! - `KIZUNA_BENCH_DIR`: the directory with `gen.py`, `queries/` and `ANCHORS.md`
//!   (default `../shared/bench` beside the repository);
//! - `KIZUNA_BENCH_DATA`: the data directory (default `/tmp/benchwork/data/<scale>`, where
//!   the peers' harness writes it); generated with `gen.py` and `to_neo4j_csv.py` when its
//!   import files are missing;
//! - `KIZUNA_BENCH_RUNS`: timed runs per figure after one warm-up (default 5, the median is
//!   printed; a query is run more often, until its runs add up to a second, up to 500
//!   times); `KIZUNA_BENCH_IMPORT_RUNS`: timed imports (default 1, after none).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kizuna::{Database, ExecOptions, OpenOptions, Params, QueryResult, Value};
use serde_json::Value as Json;

mod common;

use common::env_count;
use common::workload::{self, median, value_to_json};

/// The timed query files, in the order of ANCHORS.md.
const QUERIES: [&str; 8] = ["q1", "q2", "q3", "q4", "q5", "q6a", "q6b", "q7"];

struct Settings {
    scale: String,
    bench_dir: PathBuf,
    data: PathBuf,
    runs: usize,
    import_runs: usize,
}

impl Settings {
    fn from_env() -> Settings {
        let scale = std::env::var("KIZUNA_BENCH_SCALE").unwrap_or_else(|_| "large".into());
        let bench_dir = std::env::var_os("KIZUNA_BENCH_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"));
        let data = std::env::var_os("KIZUNA_BENCH_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new("/tmp/benchwork/data").join(&scale));
        Settings {
            scale,
            bench_dir,
            data,
            runs: env_count("KIZUNA_BENCH_RUNS", 5).max(1) as usize,
            import_runs: env_count("KIZUNA_BENCH_IMPORT_RUNS", 1).max(1) as usize,
        }
    }

    fn size(&self) -> (u64, u64) {
        workload::scale_size(&self.scale)
    }

    fn anchors_heading(&self) -> &'static str {
        match self.scale.as_str() {
            "small" => "### Small scale",
            _ => "### Large scale",
        }
    }
}

/// One measured figure: its label in ANCHORS.md's table, and kizuna's value as printed.
struct Figure {
    label: &'static str,
    value: String,
}

/// How long each query's timed runs last at least, and how many runs that may take at most.
const QUERY_TIMING: Duration = Duration::from_secs(1);
const MOST_RUNS: usize = 500;

fn main() {
    let settings = Settings::from_env();
    ensure_data(&settings);
    let anchors = std::fs::read_to_string(settings.bench_dir.join("ANCHORS.md"))
        .unwrap_or_else(|e| fail(&format!("cannot read ANCHORS.md: {e}")));
    let section = anchors_section(&anchors, settings.anchors_heading());
    let workdir = tempfile::tempdir().unwrap_or_else(|e| fail(&format!("no temp dir: {e}")));
    let db = workdir.path().join("bench.kizuna");
    let mut figures = Vec::new();
    let mut answers = BTreeMap::new();

    figures.extend(measure_import(&settings, &db));
    figures.push(Figure {
        label: "on-disk size, MiB",
        value: format!("{:.1}", mib(dir_size(&db))),
    });
    let (open_figures, q0) = measure_open(&settings, &db);
    figures.extend(open_figures);
    answers.insert("q0".to_string(), q0);
    let (query_figures, query_answers) = measure_queries(&settings, &db);
    figures.extend(query_figures);
    answers.extend(query_answers);

    print_table(&settings, &section, &figures);
    let wrong = print_answers(&section, &answers);
    if wrong > 0 {
        fail(&format!("{wrong} answers differ from ANCHORS.md"));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("institutions benchmark: {message}");
    std::process::exit(1)
}

// ---- data ---------------------------------------------------------------------------------

fn ensure_data(settings: &Settings) {
    workload::ensure_data(&settings.bench_dir, &settings.data, &settings.scale)
        .unwrap_or_else(|e| fail(&e));
}

fn params_json(settings: &Settings) -> Json {
    let text = std::fs::read_to_string(settings.data.join("params.json"))
        .unwrap_or_else(|e| fail(&format!("cannot read params.json: {e}")));
    serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("params.json: {e}")))
}

// ---- child processes ------------------------------------------------------------------------

/// A finished child: wall time from spawn to exit, peak resident memory, its output.
struct Child {
    elapsed: Duration,
    peak_rss: u64,
    stdout: String,
}

fn kizuna(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kizuna"));
    command.arg("--db").arg(db).env("NO_COLOR", "1");
    command
}

/// Runs `command` to completion, reaping it with `wait4` to learn its peak memory.
// `wait4` reaps the child, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_child(mut command: Command) -> Child {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start kizuna: {e}")));
    let mut stdout = String::new();
    let mut stderr = String::new();
    // The outputs are small; read them before reaping so the child never blocks on a pipe.
    if let Some(mut out) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut out, &mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
    }
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet reaped; status and usage are valid pointers.
    let reaped = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    if reaped < 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        fail(&format!("kizuna failed: {}", stderr.trim()));
    }
    Child {
        elapsed,
        peak_rss: usage.ru_maxrss as u64 * 1024,
        stdout,
    }
}

// ---- import and open -------------------------------------------------------------------------

fn measure_import(settings: &Settings, db: &Path) -> Vec<Figure> {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..settings.import_runs {
        if db.exists() {
            std::fs::remove_dir_all(db).unwrap_or_else(|e| fail(&format!("{e}")));
        }
        let mut command = kizuna(db);
        command
            .arg("import")
            .arg("--nodes")
            .arg(settings.data.join("import_nodes.csv"))
            .arg("--edges")
            .arg(settings.data.join("import_edges.csv"));
        let child = run_child(command);
        times.push(child.elapsed);
        peak = peak.max(child.peak_rss);
    }
    vec![
        Figure {
            label: "load CSV → on disk, s (median)",
            value: format!("{:.2} ×{}", median(&times).as_secs_f64(), times.len()),
        },
        Figure {
            label: "load peak RSS, MiB",
            value: format!("{:.0}", mib(peak)),
        },
    ]
}

/// A new process opening the database and counting its nodes, with the files in the page
/// cache and evicted from it first.
fn measure_open(settings: &Settings, db: &Path) -> (Vec<Figure>, Json) {
    let count = || {
        let mut command = kizuna(db);
        command
            .args(["--read-only", "--format", "csv", "-e"])
            .arg("MATCH (n) RETURN count(n) AS nodes");
        run_child(command)
    };
    let warm_up = count();
    let q0 = warm_up
        .stdout
        .lines()
        .nth(1)
        .and_then(|line| line.trim().parse::<u64>().ok())
        .map_or(Json::Null, Json::from);
    let warm: Vec<Duration> = (0..settings.runs).map(|_| count().elapsed).collect();
    let evicted: Vec<Duration> = (0..settings.runs)
        .map(|_| {
            evict_from_page_cache(db);
            count().elapsed
        })
        .collect();
    let figures = vec![
        Figure {
            label: "open + Q0, page cache warm, ms",
            value: millis(median(&warm)),
        },
        Figure {
            label: "open + Q0, page cache evicted, ms",
            value: millis(median(&evicted)),
        },
    ];
    (figures, q0)
}

fn evict_from_page_cache(dir: &Path) {
    for path in files_under(dir) {
        if let Ok(file) = std::fs::File::open(&path) {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid open descriptor; the advice only drops cached pages.
            unsafe {
                libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
            }
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn dir_size(dir: &Path) -> u64 {
    files_under(dir)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

// ---- queries ----------------------------------------------------------------------------------

fn query_text(settings: &Settings, name: &str) -> String {
    let dir = settings.bench_dir.join("queries");
    let file = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())))
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let file = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
            file.starts_with(&format!("{name}_"))
                && file.ends_with(".cypher")
                && !file.contains(".kuzu.")
        })
        .unwrap_or_else(|| fail(&format!("no query file for {name}")));
    std::fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())))
}

fn string_param(params: &Json, key: &str) -> Value {
    match &params[key] {
        Json::String(s) => Value::String(s.clone()),
        Json::Number(n) => n.as_i64().map_or(Value::Null, Value::Int),
        _ => fail(&format!("params.json lacks {key}")),
    }
}

/// The parameters of one run of `query` (q5 has one set per pair).
fn query_params(query: &str, params: &Json) -> Vec<Params> {
    let one = |pairs: &[(&str, &str)]| -> Params {
        pairs
            .iter()
            .map(|(name, key)| (name.to_string(), string_param(params, key)))
            .collect()
    };
    match query {
        "q1" => vec![one(&[("name", "q1_name")])],
        "q2" | "q3" => vec![one(&[("name", "hub_name")])],
        "q7" => vec![one(&[("name", "mid_name")])],
        "q4" => vec![one(&[
            ("country", "q4_country"),
            ("min_amount", "q4_min_amount"),
        ])],
        "q5" => params["q5_pairs"]
            .as_array()
            .unwrap_or_else(|| fail("params.json lacks q5_pairs"))
            .iter()
            .map(|pair| {
                ["a", "b"]
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let endpoint = pair[i].as_str().unwrap_or_else(|| fail("bad q5 pair"));
                        (name.to_string(), Value::String(endpoint.to_string()))
                    })
                    .collect()
            })
            .collect(),
        _ => vec![Params::new()],
    }
}

fn execute(db: &mut Database, text: &str, params: &Params) -> QueryResult {
    db.execute_with(text, params, &ExecOptions::default())
        .unwrap_or_else(|e| fail(&format!("query failed: {e}")))
}

fn measure_queries(settings: &Settings, db_path: &Path) -> (Vec<Figure>, BTreeMap<String, Json>) {
    let params = params_json(settings);
    let mut db = Database::open(
        db_path,
        OpenOptions {
            read_only: true,
            ..OpenOptions::default()
        },
    )
    .unwrap_or_else(|e| fail(&format!("cannot open: {e}")));
    let rss_after_open = proc_status_bytes("VmRSS");
    let mut figures = vec![Figure {
        label: "resident memory after open, MiB",
        value: format!("{:.0}", mib(rss_after_open)),
    }];
    let mut answers = BTreeMap::new();
    for query in QUERIES {
        let text = query_text(settings, query);
        let runs = query_params(query, &params);
        let pass = |db: &mut Database| -> Vec<QueryResult> {
            runs.iter().map(|p| execute(db, &text, p)).collect()
        };
        let results = pass(&mut db);
        // A query of a few milliseconds is timed many more times than the minimum, for a
        // median that a busy moment of a shared machine does not decide.
        let mut times: Vec<Duration> = Vec::new();
        while times.len() < settings.runs
            || (times.iter().sum::<Duration>() < QUERY_TIMING && times.len() < MOST_RUNS)
        {
            let started = Instant::now();
            pass(&mut db);
            times.push(started.elapsed());
        }
        figures.push(Figure {
            label: anchors_label(query),
            value: millis(median(&times)),
        });
        answers.insert(query.to_string(), answer(query, &results));
    }
    figures.push(Figure {
        label: "query process peak RSS, MiB",
        value: format!("{:.0}", mib(proc_status_bytes("VmHWM"))),
    });
    (figures, answers)
}

fn anchors_label(query: &str) -> &'static str {
    match query {
        "q1" => "Q1 point lookup by name, ms",
        "q2" => "Q2 1-hop out-neighbour names (hub), ms",
        "q3" => "Q3 2-hop distinct count (hub), ms",
        "q4" => "Q4 filtered pattern (FUNDED), ms",
        "q5" => "Q5 100 undirected shortest paths (total), ms",
        "q6a" => "Q6a edges by type, ms",
        "q6b" => "Q6b top-10 in-degree, ms",
        _ => "Q7 var-length 1..3 distinct (mid node), ms",
    }
}

/// A line of `/proc/self/status` (kB) in bytes.
fn proc_status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

// ---- answers ----------------------------------------------------------------------------------

fn rows(result: &QueryResult) -> Json {
    Json::Array(
        result
            .rows
            .iter()
            .map(|row| Json::Array(row.iter().map(value_to_json).collect()))
            .collect(),
    )
}

fn single(result: &QueryResult) -> Json {
    result
        .rows
        .first()
        .and_then(|row| row.first())
        .map_or(Json::Null, value_to_json)
}

/// The answer in the shape the peers' harness records it.
fn answer(query: &str, results: &[QueryResult]) -> Json {
    let Some(first) = results.first() else {
        return Json::Null;
    };
    match query {
        "q1" | "q6a" | "q6b" => rows(first),
        "q2" => {
            let mut names: Vec<String> = first
                .rows
                .iter()
                .filter_map(|row| row.first().and_then(Value::as_str).map(str::to_string))
                .collect();
            names.sort();
            let digest = sha1_smol::Sha1::from(names.join("\n")).digest().to_string();
            serde_json::json!([names.len(), digest[..12]])
        }
        "q5" => {
            let hops: Vec<i64> = results
                .iter()
                .filter_map(|r| match single(r) {
                    Json::Number(n) => n.as_i64(),
                    _ => None,
                })
                .collect();
            serde_json::json!({
                "found": hops.len(),
                "hops_sum": hops.iter().sum::<i64>(),
                "pairs": results.len(),
            })
        }
        _ => single(first),
    }
}

/// Python's `json.dumps(value, sort_keys=True)`, the form ANCHORS.md shows answers in.
fn python_json(value: &Json) -> String {
    match value {
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(python_json).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let shown: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", Json::from(k.as_str()), python_json(v)))
                .collect();
            format!("{{{}}}", shown.join(", "))
        }
        other => other.to_string(),
    }
}

/// Prints each answer beside the peers' and returns how many differ.
fn print_answers(section: &str, answers: &BTreeMap<String, Json>) -> usize {
    println!("\nAnswers (kizuna, then ANCHORS.md's cross-checked answer, cut at 90 characters):");
    let mut wrong = 0;
    for (query, value) in answers {
        let ours = python_json(value);
        let expected = expected_answer(section, query);
        let shown: String = ours.chars().take(90).collect();
        let verdict = match &expected {
            Some(e) if *e == shown => "equal",
            Some(_) => {
                wrong += 1;
                "DIFFERENT"
            }
            None => "no anchor",
        };
        println!("- {query}: {verdict}: {shown}");
        if verdict == "DIFFERENT" {
            println!("  anchors: {}", expected.unwrap_or_default());
        }
    }
    wrong
}

/// The cross-checked answer of `query` in a scale's section: the text after the peers'
/// names on its `- qN: agree — peers: answer` line.
fn expected_answer(section: &str, query: &str) -> Option<String> {
    let line = section
        .lines()
        .find(|l| l.starts_with(&format!("- {query}: agree")))?;
    let (_, after_dash) = line.split_once(" — ")?;
    let (_, answer) = after_dash.split_once(": ")?;
    Some(answer.to_string())
}

// ---- the table ----------------------------------------------------------------------------------

/// The part of ANCHORS.md from `heading` to the next heading of the same level.
fn anchors_section(anchors: &str, heading: &str) -> String {
    let Some(start) = anchors.find(heading) else {
        fail(&format!("ANCHORS.md has no section {heading}"));
    };
    let rest = &anchors[start + heading.len()..];
    let end = rest
        .find("\n### ")
        .or_else(|| rest.find("\n## "))
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

fn table_cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

fn print_table(settings: &Settings, section: &str, figures: &[Figure]) {
    let table: Vec<Vec<String>> = section
        .lines()
        .filter(|l| l.trim_start().starts_with('|') && !l.contains("---"))
        .map(table_cells)
        .collect();
    let peers: Vec<String> = table.first().map(|h| h[1..].to_vec()).unwrap_or_default();
    let (nodes, rels) = settings.size();
    println!(
        "\nkizuna {} on the institutions workload, {nodes} nodes / {rels} relationships \
         (median of {} timed runs or more, of at least {} s for each query; peers from \
         ANCHORS.md)\n",
        env!("CARGO_PKG_VERSION"),
        settings.runs,
        QUERY_TIMING.as_secs()
    );
    let mut header = vec!["figure".to_string(), "kizuna".to_string()];
    header.extend(peers.iter().cloned());
    println!("| {} |", header.join(" | "));
    println!("|{}", "---|".repeat(header.len()));
    for figure in figures {
        let mut cells = vec![figure.label.to_string(), figure.value.clone()];
        match table
            .iter()
            .find(|row| row.first().map(String::as_str) == Some(figure.label))
        {
            Some(row) => cells.extend(row[1..].iter().cloned()),
            None => cells.extend(peers.iter().map(|_| "–".to_string())),
        }
        println!("| {} |", cells.join(" | "));
    }
}

// ---- units --------------------------------------------------------------------------------------

fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 1.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.4}")
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
