//! The general benchmark suite: everyday query shapes (`benches/general/*.cypher`) on the
//! shared institutions graph of `../shared/bench`, run by kizuna and by Kùzu in the same
//! run, timed side by side, with every answer printed and compared.
//!
//! `cargo bench --bench general` measures the small graph (10k nodes / 50k relationships);
//! `cargo bench --bench general -- large` (or `KIZUNA_BENCH_SCALE=large`) the 1M / 5M one.
//! Settings (environment):
//! - `KIZUNA_BENCH_SCALE`: `small` (default) or `large`;
//! - `KIZUNA_BENCH_DIR`: the directory with `gen.py` and `peers.py` (default
//!   `../shared/bench` beside the repository);
//! - `KIZUNA_BENCH_DATA`: the data directory (default `/tmp/benchwork/data/<scale>`),
//!   generated with `gen.py` when its files are missing;
//! - `KIZUNA_BENCH_DB`: where both databases are kept between runs (default
//!   `/tmp/benchwork/db/<scale>`): kizuna's is imported and Kùzu's loaded only when absent
//!   (Kùzu's is removed when its driver stops in a write, whose undo may not have run);
//! - `KIZUNA_BENCH_PYTHON`: the Python with the `kuzu` package (default
//!   `/tmp/benchwork/venv/bin/python`, made by the shared `setup.sh`);
//! - `KIZUNA_BENCH_RUNS`: timed runs per query after one warm-up (default 5; the median is
//!   printed), fewer when they would pass `KIZUNA_BENCH_BUDGET` seconds (default 60), which
//!   is also the time limit of one run;
//! - `KIZUNA_BENCH_ONLY`: run only the queries whose file name contains this text;
//! - `KIZUNA_BENCH_QUERIES`: another directory of query files, to try shapes outside the
//!   suite against Kùzu the same way (default `benches/general`).
//!
//! A query file `NAME.cypher` may have a `NAME.kuzu.cypher` beside it, the same question in
//! Kùzu's dialect and schema (one node table `Institution` whose `kind` is the label). A
//! write has a `NAME.undo.cypher` (and maybe `NAME.undo.kuzu.cypher`) that puts the graph
//! back, run untimed before the warm-up and after every run.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kizuna::{Database, ExecOptions, OpenOptions, Params, Value};
use serde_json::{json, Value as Json};

mod common;

use common::env_count;
use common::workload::{self, median, value_to_json};

struct Settings {
    scale: String,
    bench_dir: PathBuf,
    data: PathBuf,
    db_dir: PathBuf,
    python: PathBuf,
    runs: usize,
    budget: Duration,
    only: Option<String>,
}

impl Settings {
    fn from_env() -> Settings {
        let argument = std::env::args()
            .skip(1)
            .find(|a| a == "small" || a == "large");
        let scale = argument
            .or_else(|| std::env::var("KIZUNA_BENCH_SCALE").ok())
            .unwrap_or_else(|| "small".into());
        let path =
            |name: &str, default: PathBuf| std::env::var_os(name).map_or(default, PathBuf::from);
        let work = Path::new("/tmp/benchwork");
        Settings {
            bench_dir: path(
                "KIZUNA_BENCH_DIR",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"),
            ),
            data: path("KIZUNA_BENCH_DATA", work.join("data").join(&scale)),
            db_dir: path("KIZUNA_BENCH_DB", work.join("db").join(&scale)),
            python: path("KIZUNA_BENCH_PYTHON", work.join("venv/bin/python")),
            runs: env_count("KIZUNA_BENCH_RUNS", 5).max(1) as usize,
            budget: Duration::from_secs(env_count("KIZUNA_BENCH_BUDGET", 60).max(1)),
            only: std::env::var("KIZUNA_BENCH_ONLY").ok(),
            scale,
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("general benchmark: {message}");
    std::process::exit(1)
}

fn main() {
    let settings = Settings::from_env();
    workload::ensure_data(&settings.bench_dir, &settings.data, &settings.scale)
        .unwrap_or_else(|e| fail(&e));
    let params = suite_params(&settings);
    let queries = load_queries(&settings, &params);
    if queries.is_empty() {
        fail("no query matches KIZUNA_BENCH_ONLY");
    }
    let ours = run_kizuna(&settings, &queries);
    let theirs = run_kuzu(&settings, &queries);
    let verdicts = report(&settings, &queries, &ours, &theirs);
    if verdicts.iter().any(|v| v.fails()) {
        fail("some answers differ or some queries failed (see the table)");
    }
}

// ---- the queries --------------------------------------------------------------------------

/// One query shape: its texts for kizuna and for Kùzu, and what undoes it if it writes.
struct Query {
    name: String,
    text: String,
    kuzu_text: String,
    undo: Option<String>,
    kuzu_undo: Option<String>,
    params: Params,
    /// Whether the answer's row order is part of it (an ORDER BY in the last clause).
    ordered: bool,
}

fn query_dir() -> PathBuf {
    std::env::var_os("KIZUNA_BENCH_QUERIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/general"))
}

/// The text of a query file without its comment lines, or None when there is no file.
fn read_text(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect();
    Some(kept.join("\n").trim().to_string())
}

fn load_queries(settings: &Settings, suite: &Params) -> Vec<Query> {
    let dir = query_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())))
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            let stem = file.strip_suffix(".cypher")?;
            (!stem.contains('.')).then(|| stem.to_string())
        })
        .filter(|name| {
            settings
                .only
                .as_ref()
                .is_none_or(|only| name.contains(only))
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let file = |suffix: &str| read_text(&dir.join(format!("{name}{suffix}")));
            let text = file(".cypher").unwrap_or_else(|| fail(&format!("cannot read {name}")));
            let undo = file(".undo.cypher");
            Query {
                kuzu_text: file(".kuzu.cypher").unwrap_or_else(|| text.clone()),
                kuzu_undo: file(".undo.kuzu.cypher").or_else(|| undo.clone()),
                params: params_used(&text, suite),
                ordered: last_clause_orders(&text),
                undo,
                text,
                name,
            }
        })
        .collect()
}

/// The suite's parameters, from the data's params.json: `$name` (a random institution),
/// `$hub` (the largest out-degree), `$mid` (the 90th percentile), `$src`/`$dst` and
/// `$src2`/`$dst2` (the first two shortest-path pairs) and `$names` (all 200 names of
/// the shortest-path pairs).
fn suite_params(settings: &Settings) -> Params {
    let path = settings.data.join("params.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    let json: Json = serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("{e}")));
    let string = |value: &Json| -> Value {
        value.as_str().map_or_else(
            || fail("params.json: a name is not a string"),
            |s| Value::String(s.to_string()),
        )
    };
    let pairs = json["q5_pairs"]
        .as_array()
        .unwrap_or_else(|| fail("params.json lacks q5_pairs"));
    let mut params = Params::new();
    params.insert("name".into(), string(&json["q1_name"]));
    params.insert("hub".into(), string(&json["hub_name"]));
    params.insert("mid".into(), string(&json["mid_name"]));
    for (i, suffix) in ["", "2"].iter().enumerate() {
        let pair = pairs.get(i).unwrap_or_else(|| fail("too few q5_pairs"));
        params.insert(format!("src{suffix}"), string(&pair[0]));
        params.insert(format!("dst{suffix}"), string(&pair[1]));
    }
    let names = pairs
        .iter()
        .flat_map(|pair| [string(&pair[0]), string(&pair[1])])
        .collect();
    params.insert("names".into(), Value::List(names));
    params
}

/// The suite parameters a text names (Kùzu rejects parameters it is given but not asked for).
fn params_used(text: &str, suite: &Params) -> Params {
    let mut used = Params::new();
    for (start, _) in text.match_indices('$') {
        let name: String = text[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        match suite.get(&name) {
            Some(value) => used.insert(name, value.clone()),
            None => fail(&format!("unknown parameter ${name}")),
        };
    }
    used
}

fn last_clause_orders(text: &str) -> bool {
    let upper = text.to_uppercase();
    upper
        .rfind("RETURN")
        .is_some_and(|at| upper[at..].contains("ORDER BY"))
}

// ---- outcomes ---------------------------------------------------------------------------

/// What one engine made of one query.
enum Outcome {
    Answered {
        median: Duration,
        runs: usize,
        rows: Vec<Vec<Json>>,
    },
    Failed(String),
}

impl Outcome {
    fn millis(&self) -> Option<f64> {
        match self {
            Outcome::Answered { median, .. } => Some(median.as_secs_f64() * 1e3),
            Outcome::Failed(_) => None,
        }
    }
}

/// How a query's answers compare.
#[derive(PartialEq)]
enum Verdict {
    Equal,
    Differs,
    KizunaFailed,
    KuzuFailed,
    /// Kùzu ran out of time: nothing to compare, and no fault of the suite or of kizuna.
    KuzuTimedOut,
    KizunaOnly,
}

impl Verdict {
    fn fails(&self) -> bool {
        matches!(
            self,
            Verdict::Differs | Verdict::KizunaFailed | Verdict::KuzuFailed
        )
    }

    fn label(&self) -> &'static str {
        match self {
            Verdict::Equal => "equal",
            Verdict::Differs => "DIFFERS",
            Verdict::KizunaFailed => "kizuna failed",
            Verdict::KuzuFailed => "Kùzu failed",
            Verdict::KuzuTimedOut => "Kùzu timeout",
            Verdict::KizunaOnly => "–",
        }
    }
}

// ---- kizuna -------------------------------------------------------------------------------

/// Opens kizuna's database of the graph, importing it first (with `kizuna import`, into
/// `db_dir`) when no complete import is there.
fn open_kizuna(settings: &Settings) -> Database {
    let path = settings.db_dir.join("kizuna");
    let complete = settings.db_dir.join("kizuna.imported");
    if !complete.exists() {
        if path.exists() {
            std::fs::remove_dir_all(&path).unwrap_or_else(|e| fail(&format!("{e}")));
        }
        std::fs::create_dir_all(&settings.db_dir).unwrap_or_else(|e| fail(&format!("{e}")));
        eprintln!(
            "importing {} into {} …",
            settings.data.display(),
            path.display()
        );
        let status = Command::new(env!("CARGO_BIN_EXE_kizuna"))
            .arg("--db")
            .arg(&path)
            .arg("import")
            .arg("--nodes")
            .arg(settings.data.join("import_nodes.csv"))
            .arg("--edges")
            .arg(settings.data.join("import_edges.csv"))
            .stdout(Stdio::null())
            .status()
            .unwrap_or_else(|e| fail(&format!("cannot run kizuna import: {e}")));
        if !status.success() {
            fail("kizuna import failed");
        }
        std::fs::write(&complete, "").unwrap_or_else(|e| fail(&format!("{e}")));
    }
    Database::open(&path, OpenOptions::default())
        .unwrap_or_else(|e| fail(&format!("cannot open {}: {e}", path.display())))
}

fn run_kizuna(settings: &Settings, queries: &[Query]) -> Vec<Outcome> {
    let mut db = open_kizuna(settings);
    let options = ExecOptions {
        timeout: Some(settings.budget),
        ..ExecOptions::default()
    };
    queries
        .iter()
        .map(|query| {
            let outcome = measure_kizuna(&mut db, query, &options, settings);
            let shown = match &outcome {
                Outcome::Answered { median, .. } => format!("{:10.2} ms", ms(*median)),
                Outcome::Failed(why) => why.clone(),
            };
            eprintln!("    kizuna {:40} {shown}", query.name);
            outcome
        })
        .collect()
}

/// One warm-up, then timed runs until `settings.runs` or the budget, undoing writes.
fn measure_kizuna(
    db: &mut Database,
    query: &Query,
    options: &ExecOptions,
    settings: &Settings,
) -> Outcome {
    let undo = |db: &mut Database| -> Result<(), String> {
        match &query.undo {
            Some(text) => db
                .execute(text)
                .map(|_| ())
                .map_err(|e| format!("undo failed: {e}")),
            None => Ok(()),
        }
    };
    let run = |db: &mut Database| -> Result<(Duration, Vec<Vec<Json>>), String> {
        let started = Instant::now();
        let result = db
            .execute_with(&query.text, &query.params, options)
            .map_err(|e| failure_text(&e.to_string()))?;
        let elapsed = started.elapsed();
        undo(db)?;
        let rows = result
            .rows
            .iter()
            .map(|row| row.iter().map(value_to_json).collect())
            .collect();
        Ok((elapsed, rows))
    };
    let measured = undo(db).and_then(|()| {
        let (warm, mut rows) = run(db)?;
        let mut samples = Vec::new();
        let mut spent = warm;
        while samples.len() < settings.runs
            && (samples.is_empty() || spent + warm <= settings.budget)
        {
            let (elapsed, again) = run(db)?;
            samples.push(elapsed);
            spent += elapsed;
            rows = again;
        }
        Ok((samples, rows))
    });
    match measured {
        Ok((samples, rows)) => Outcome::Answered {
            median: median(&samples),
            runs: samples.len(),
            rows,
        },
        Err(why) => Outcome::Failed(why),
    }
}

/// An error's text, or "timeout" when the time limit stopped it.
fn failure_text(message: &str) -> String {
    if message.contains("LimitExceeded") && message.to_lowercase().contains("time") {
        "timeout".into()
    } else {
        format!("error: {message}")
    }
}

// ---- Kùzu ----------------------------------------------------------------------------------

/// What Kùzu answered, or why it was not run.
struct KuzuRun {
    version: String,
    outcomes: Vec<Outcome>,
}

/// Runs the reads in one Kùzu process and every write in a process of its own: in one
/// process, Kùzu 0.11.3 crashes (SIGSEGV) creating relationships after a MERGE.
fn run_kuzu(settings: &Settings, queries: &[Query]) -> Result<KuzuRun, String> {
    if !settings.python.exists() {
        return Err(format!(
            "{} does not exist (the shared setup.sh makes it)",
            settings.python.display()
        ));
    }
    let (writes, reads): (Vec<&Query>, Vec<&Query>) =
        queries.iter().partition(|q| q.undo.is_some());
    let mut batches = vec![reads];
    batches.extend(writes.into_iter().map(|w| vec![w]));
    let mut version = None;
    let mut answered: Vec<(String, Outcome)> = Vec::new();
    for batch in batches.iter().filter(|b| !b.is_empty()) {
        match run_kuzu_batch(settings, batch) {
            Ok((v, outcomes)) => {
                version = Some(v);
                answered.extend(batch.iter().map(|q| q.name.clone()).zip(outcomes));
            }
            // Kùzu cannot be used at all: say why once.
            Err(why) if version.is_none() => return Err(why),
            Err(why) => answered.extend(
                batch
                    .iter()
                    .map(|q| (q.name.clone(), Outcome::Failed(why.clone()))),
            ),
        }
    }
    let outcomes = queries
        .iter()
        .map(|query| {
            let at = answered.iter().position(|(name, _)| *name == query.name);
            at.map_or(Outcome::Failed("not run".into()), |i| {
                answered.swap_remove(i).1
            })
        })
        .collect();
    Ok(KuzuRun {
        version: version.unwrap_or_default(),
        outcomes,
    })
}

/// One process of the Kùzu driver: its version and an outcome per query of `batch`.
fn run_kuzu_batch(settings: &Settings, batch: &[&Query]) -> Result<(String, Vec<Outcome>), String> {
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/general_kuzu.py");
    let request = json!({
        "data": settings.data,
        "db": settings.db_dir.join("kuzu"),
        "bench_dir": settings.bench_dir,
        "runs": settings.runs,
        "budget_s": settings.budget.as_secs_f64(),
        "timeout_s": settings.budget.as_secs_f64(),
        "queries": batch.iter().map(|q| json!({
            "name": q.name,
            "text": q.kuzu_text,
            "params": q.params.iter().map(|(k, v)| (k.clone(), value_to_json(v))).collect::<serde_json::Map<_, _>>(),
            "undo": q.kuzu_undo,
        })).collect::<Vec<_>>(),
    });
    let mut child = Command::new(&settings.python)
        .arg(&driver)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", settings.python.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(request.to_string().as_bytes())
            .map_err(|e| format!("cannot send the queries to the Kùzu driver: {e}"))?;
    }
    let stdout = child.stdout.take().ok_or("the Kùzu driver has no output")?;
    let records: Vec<Json> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str(&line).ok())
        .collect();
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && batch.iter().any(|q| q.kuzu_undo.is_some()) {
        // A write whose undo may not have run: the next driver loads the graph afresh
        // rather than measure, and answer from, a changed one.
        let db = settings.db_dir.join("kuzu");
        eprintln!(
            "the Kùzu driver stopped ({status}) in a write: {} is removed, to be loaded again",
            db.display()
        );
        if let Err(e) = std::fs::remove_dir_all(&db) {
            fail(&format!("cannot remove {}: {e}", db.display()));
        }
    }
    let header = records
        .first()
        .ok_or_else(|| format!("the Kùzu driver stopped ({status}) before saying anything"))?;
    if let Some(reason) = header["skipped"].as_str() {
        return Err(reason.to_string());
    }
    let outcomes = batch
        .iter()
        .map(|query| {
            records
                .iter()
                .find(|r| r["name"].as_str() == Some(&query.name))
                .map_or_else(
                    || Outcome::Failed(format!("no answer: the driver stopped ({status})")),
                    kuzu_outcome,
                )
        })
        .collect();
    Ok((header["kuzu"].as_str().unwrap_or("?").to_string(), outcomes))
}

fn kuzu_outcome(record: &Json) -> Outcome {
    if let Some(error) = record["error"].as_str() {
        return Outcome::Failed(if error == "timeout" {
            error.to_string()
        } else {
            format!("error: {error}")
        });
    }
    let rows = record["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| row.as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    Outcome::Answered {
        median: Duration::from_secs_f64(record["ms"].as_f64().unwrap_or(0.0) / 1e3),
        runs: record["runs"].as_u64().unwrap_or(0) as usize,
        rows,
    }
}

// ---- comparing and reporting ---------------------------------------------------------------

/// An answer in a form two engines agree on when they mean the same: integral floats as
/// integers, other floats rounded to 4 decimals, rows sorted unless their order is asked for.
fn normalized(rows: &[Vec<Json>], ordered: bool) -> Vec<String> {
    let mut shown: Vec<String> = rows
        .iter()
        .map(|row| Json::Array(row.iter().map(normal_value).collect()).to_string())
        .collect();
    if !ordered {
        shown.sort();
    }
    shown
}

fn normal_value(value: &Json) -> Json {
    match value {
        Json::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 9e15 {
                Json::from(f as i64)
            } else {
                Json::from((f * 1e4).round() / 1e4)
            }
        }
        Json::Array(items) => Json::Array(items.iter().map(normal_value).collect()),
        other => other.clone(),
    }
}

fn verdict(query: &Query, ours: &Outcome, theirs: Option<&Outcome>) -> Verdict {
    match (ours, theirs) {
        (Outcome::Failed(_), _) => Verdict::KizunaFailed,
        (_, None) => Verdict::KizunaOnly,
        (_, Some(Outcome::Failed(why))) if why == "timeout" => Verdict::KuzuTimedOut,
        (_, Some(Outcome::Failed(_))) => Verdict::KuzuFailed,
        (Outcome::Answered { rows: a, .. }, Some(Outcome::Answered { rows: b, .. })) => {
            if normalized(a, query.ordered) == normalized(b, query.ordered) {
                Verdict::Equal
            } else {
                Verdict::Differs
            }
        }
    }
}

fn report(
    settings: &Settings,
    queries: &[Query],
    ours: &[Outcome],
    theirs: &Result<KuzuRun, String>,
) -> Vec<Verdict> {
    let (nodes, rels) = workload::scale_size(&settings.scale);
    let peer = theirs
        .as_ref()
        .map_or("Kùzu".to_string(), |k| format!("Kùzu {}", k.version));
    println!(
        "\nGeneral suite, {nodes} nodes / {rels} relationships: median of up to {} timed runs \
         after a warm-up, at most {} s per query\n",
        settings.runs,
        settings.budget.as_secs()
    );
    println!("| query | kizuna ms | {peer} ms | speed-up | answers |");
    println!("|---|---:|---:|---:|---|");
    let mut verdicts = Vec::new();
    let mut log_sum = 0.0;
    let mut counted = 0;
    for (i, query) in queries.iter().enumerate() {
        let theirs_outcome = theirs.as_ref().ok().map(|k| &k.outcomes[i]);
        let v = verdict(query, &ours[i], theirs_outcome);
        let speed_up = match (ours[i].millis(), theirs_outcome.and_then(Outcome::millis)) {
            (Some(a), Some(b)) if a > 0.0 => {
                log_sum += (b / a).ln();
                counted += 1;
                speed_up_text(b / a)
            }
            // Kùzu's time limit bounds the speed-up from below.
            (Some(a), None) if v == Verdict::KuzuTimedOut && a > 0.0 => {
                format!(
                    "> {}",
                    speed_up_text(settings.budget.as_secs_f64() * 1e3 / a)
                )
            }
            _ => "–".into(),
        };
        println!(
            "| {} | {} | {} | {speed_up} | {} |",
            query.name,
            cell(&ours[i]),
            theirs_outcome.map_or("–".into(), cell),
            v.label()
        );
        verdicts.push(v);
    }
    match theirs {
        Ok(_) if counted > 0 => println!(
            "\nGeometric mean of the speed-ups (Kùzu ms / kizuna ms) over {counted} queries \
             both answered: {:.2}×",
            (log_sum / counted as f64).exp()
        ),
        Ok(_) => {}
        Err(why) => println!("\nKùzu skipped: {why}"),
    }
    print_answers(queries, ours, theirs, &verdicts);
    verdicts
}

/// Two decimals, or three significant digits below 0.1.
fn speed_up_text(ratio: f64) -> String {
    let decimals = if ratio >= 0.1 || ratio <= 0.0 {
        2
    } else {
        (2.0 - ratio.log10().floor()) as usize
    };
    format!("{ratio:.decimals$}×")
}

fn cell(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Answered { median, runs, .. } => format!("{} (×{runs})", millis(*median)),
        Outcome::Failed(why) if why == "timeout" => "timeout".into(),
        Outcome::Failed(_) => "error".into(),
    }
}

fn print_answers(
    queries: &[Query],
    ours: &[Outcome],
    theirs: &Result<KuzuRun, String>,
    verdicts: &[Verdict],
) {
    println!("\nAnswers (kizuna's; Kùzu's below where they differ; cut at 160 characters):");
    for (i, query) in queries.iter().enumerate() {
        println!("- {}: {}", query.name, answer_text(query, &ours[i]));
        if let (Ok(kuzu), true) = (theirs, verdicts[i] != Verdict::Equal) {
            println!("  Kùzu: {}", answer_text(query, &kuzu.outcomes[i]));
        }
    }
}

fn answer_text(query: &Query, outcome: &Outcome) -> String {
    let text = match outcome {
        Outcome::Answered { rows, .. } => normalized(rows, query.ordered).join(" "),
        Outcome::Failed(why) => why.clone(),
    };
    let mut cut: String = text.chars().take(160).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn millis(d: Duration) -> String {
    let ms = ms(d);
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 1.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.4}")
    }
}
