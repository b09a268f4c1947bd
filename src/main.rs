//! The `kizuna` command: parses arguments and hands the work to the library.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use kizuna::render::Format;
use kizuna::shell::Session;
use kizuna::{Database, OpenOptions};

/// A query builds and drops many small values (rows, keys, strings): mimalloc's
/// thread-local free lists serve those faster than the system allocator, on every thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Messages to a closed pipe (`kizuna check | head -1`) are dropped: the std macros would
// panic there.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// kizuna (絆): an embedded graph database of institutional relationships, queried in
/// openCypher.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The database directory (else $KIZUNA_DB, else ./kizuna.db).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Refuse every write.
    #[arg(long, global = true)]
    read_only: bool,
    /// Output format: auto (table on a terminal, csv otherwise), table, csv or json; for
    /// export: csv, cypher, graphml or json.
    #[arg(long, global = true, default_value = "auto", value_name = "FORMAT")]
    format: String,
    /// Run one statement and exit.
    #[arg(short = 'e', long = "execute", value_name = "QUERY")]
    execute: Option<String>,
    /// A query parameter: `--param name=value`; value is a Cypher literal when it is one,
    /// otherwise a string.
    #[arg(long = "param", global = true, value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Stop a statement after this many seconds (default: no limit).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<Duration>,
    /// Fail a statement that would return more rows than this (default: no limit, 10000 in
    /// the interactive shell).
    #[arg(long, global = true, value_name = "N")]
    max_rows: Option<usize>,
    /// How many relationships deep a variable-length pattern such as `-[*]->` may go
    /// (default 100, at most 10000).
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=kizuna::MAX_DEPTH_CEILING as u64))]
    max_depth: Option<u64>,
    /// Fail a statement whose sorts, groups, collected lists and built values would hold
    /// more than this: bytes, or a number with K, M, G or T, e.g. 512M, 2G (default: no
    /// limit, a quarter of the memory in the interactive shell).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_memory)]
    max_memory: Option<usize>,
    /// How many threads a statement that reads much of the graph may use (default: one
    /// per core; 1 keeps every statement on one thread).
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=256))]
    threads: Option<u64>,
    /// Tables as wide as their values (rows not wrapped to the terminal), paths with every
    /// property.
    #[arg(long, global = true)]
    wide: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the statements of query files, separated by `;`.
    Run {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// All statements of all files as one transaction: everything or nothing.
        #[arg(long)]
        atomic: bool,
        /// Keep going after a failed statement (exit status still reports the failure).
        #[arg(long, conflicts_with = "atomic")]
        continue_on_error: bool,
        /// With --atomic, every statement's write statistics rather than one summary line.
        #[arg(long)]
        verbose: bool,
    },
    /// Load the built-in seed dataset (idempotent).
    Seed,
    /// Count nodes per label and relationships per type.
    Stats,
    /// Verify the database's integrity without changing a byte; exit status 0 when sound
    /// (leftovers of a crash that the next open clears are notes), 1 when damage is found.
    Check {
        /// Rebuild a damaged database from every record that can be read, after moving
        /// the original files aside, unchanged, as a backup.
        #[arg(long)]
        repair: bool,
    },
    /// Draw the graph, or what a query returns, as a Graphviz DOT diagram.
    Dot(DotArgs),
    /// Import neo4j-admin CSV files (nodes, then relationships) as one atomic change.
    Import {
        /// Node files: a header with id:ID, optional :LABEL and property columns.
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        nodes: Vec<PathBuf>,
        /// Relationship files: a header with :START_ID, :END_ID, :TYPE and properties.
        #[arg(long, num_args = 1.., value_name = "FILE")]
        edges: Vec<PathBuf>,
        /// Records per chunk of the snapshot the import writes, at most.
        #[arg(long, env = "KIZUNA_IMPORT_BATCH_SIZE", default_value_t = kizuna::import::DEFAULT_BATCH_SIZE, value_name = "N")]
        batch_size: usize,
    },
    /// Export the whole graph: --format csv (a directory), cypher, graphml or json.
    Export {
        /// Where to write (a directory for csv; `-` is standard output for the others).
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
    },
}

#[derive(clap::Args)]
struct DotArgs {
    /// Draw what this statement returns (default: the whole graph).
    #[arg(long, value_name = "QUERY", conflicts_with = "file")]
    query: Option<String>,
    /// Draw what the one statement in this file returns.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// Render an image with Graphviz's `dot` (needs -o).
    #[arg(long, value_name = "svg|png", requires = "output", value_parser = ["svg", "png"])]
    render: Option<String>,
    /// Group institutions in one box per country.
    #[arg(long, value_name = "country", value_parser = ["country"])]
    cluster_by: Option<String>,
    /// Graphviz layout engine: dot (layers, left to right; the default), fdp (clustered
    /// countries as a map), neato, sfdp, circo, twopi.
    #[arg(long, value_name = "ENGINE", value_parser = ["dot", "fdp", "neato", "sfdp", "circo", "twopi"])]
    layout: Option<String>,
    /// Annotate relationships with these properties, e.g. `date,topic`; `none` for none
    /// (default: the date of exchanges).
    #[arg(long, value_name = "KEYS")]
    edge_labels: Option<String>,
    /// Font family (default: Noto Sans CJK JP, which has CJK glyphs).
    #[arg(long, value_name = "FAMILY")]
    font: Option<String>,
    /// Leave out the legend of kinds and relationship types.
    #[arg(long)]
    no_legend: bool,
}

/// The interactive shell's row limit when `--max-rows` is not given: a result longer than
/// this is unreadable as a table anyway, and building it could take the machine's memory.
const SHELL_MAX_ROWS: usize = 10_000;

/// `--timeout`: a positive, finite number of seconds.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(seconds.is_finite() && seconds > 0.0 && seconds < 1e9) {
        return Err(format!(
            "`{text}` is not a positive number of seconds below 1e9"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `--max-memory`: a size such as `512M`.
fn parse_memory(text: &str) -> Result<usize, String> {
    kizuna::query::budget::parse_size(text).ok_or_else(|| {
        format!("`{text}` is not a size: give bytes or a number with K, M, G or T, e.g. 512M")
    })
}

/// Exit statuses of the command-line contract.
mod exit {
    pub const QUERY: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const DATABASE: u8 = 3;
}

struct Failure {
    code: u8,
    error: anyhow::Error,
}

fn fail(code: u8, error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        code,
        error: error.into(),
    }
}

/// The stack of the thread that runs the command. Variable-length expansion recurses once
/// per hop, so `--max-depth` up to its ceiling needs more than the main thread's 8 MiB;
/// the memory is only reserved, pages are used as the recursion reaches them.
const STACK_BYTES: usize = 512 << 20;

fn main() -> ExitCode {
    // A damaged database can make sled panic; the store turns that into a plain error, so
    // its backtrace would only be noise.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !kizuna::store::is_sled_panic(info) {
            default_hook(info);
        }
    }));
    match std::thread::Builder::new()
        .name("kizuna".into())
        .stack_size(STACK_BYTES)
        .spawn(command)
    {
        // A panic has already printed its message; 101 is Rust's status for it.
        Ok(handle) => handle.join().unwrap_or(ExitCode::from(101)),
        Err(_) => command(),
    }
}

fn command() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { exit::USAGE } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `kizuna export -o - | head`: the reader has what it wanted.
        Err(failure) if is_closed_pipe(&failure.error) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", error_message(&failure.error));
            ExitCode::from(failure.code)
        }
    }
}

/// The error and its causes on one line, each said once: a cause whose text the message
/// already holds (most errors quote their source) is not repeated.
fn error_message(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn open(cli: &Cli) -> Result<(Database, bool), Failure> {
    open_for(cli, cli.read_only)
}

/// Opens the database, read-only when `reads_only` and it exists already: a command that
/// only reads leaves the files as they are.
fn open_for(cli: &Cli, reads_only: bool) -> Result<(Database, bool), Failure> {
    let (path, is_default) = kizuna::resolve_db_path(cli.db.clone());
    let fresh = !path.exists();
    let options = OpenOptions {
        read_only: cli.read_only || (reads_only && !fresh),
        create_if_missing: true,
    };
    let db = Database::open(&path, options).map_err(|e| fail(exit::DATABASE, e))?;
    Ok((db, is_default && fresh))
}

fn session(cli: &Cli) -> Result<Session, Failure> {
    session_for(cli, false)
}

/// A session on the database, opened read-only when `reads_only` and it exists already.
fn session_for(cli: &Cli, reads_only: bool) -> Result<Session, Failure> {
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let format = match cli.format.as_str() {
        "auto" if stdout_is_terminal => Format::Table,
        "auto" => Format::Csv,
        name => Format::parse(name).ok_or_else(|| {
            fail(
                exit::USAGE,
                anyhow::anyhow!("unknown format `{name}`: use auto, table, csv or json"),
            )
        })?,
    };
    let (db, seed_now) = open_for(cli, reads_only)?;
    let mut session = Session::new(db, format);
    if seed_now {
        kizuna::seed::load(&mut session.db).map_err(|e| fail(exit::DATABASE, e))?;
    }
    for param in &cli.params {
        let (name, value) = kizuna::shell::parse_param(param).ok_or_else(|| {
            fail(
                exit::USAGE,
                anyhow::anyhow!("--param needs NAME=VALUE, got `{param}`"),
            )
        })?;
        session.params.insert(name, value);
    }
    session.timeout = cli.timeout;
    session.max_rows = cli.max_rows;
    session.max_depth = cli.max_depth.map(|d| d as usize);
    session.max_memory = cli.max_memory;
    session.threads = cli.threads.map(|n| n as usize);
    session.wide = cli.wide;
    Ok(session)
}

fn script_failure(failure: kizuna::shell::ScriptFailure) -> Failure {
    let code = if failure.is_query_error {
        exit::QUERY
    } else {
        exit::DATABASE
    };
    fail(code, anyhow::anyhow!(failure.message))
}

fn run(cli: Cli) -> Result<(), Failure> {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    match &cli.command {
        Some(Command::Run {
            files,
            atomic,
            continue_on_error,
            verbose,
        }) => {
            let mut session = session(&cli)?;
            session.verbose = *verbose;
            let mut texts = Vec::new();
            for file in files {
                let text = std::fs::read(file)
                    .with_context(|| format!("cannot read {}", file.display()))
                    .map_err(|e| fail(exit::QUERY, e))?;
                let text = kizuna::shell::utf8_text(text, &file.display().to_string())
                    .map_err(|e| fail(exit::QUERY, anyhow::anyhow!(e)))?;
                texts.push((file.display().to_string(), text));
            }
            if *atomic && texts.len() > 1 {
                // Joined, a file's unclosed string or comment would swallow the next file.
                for (name, text) in &texts {
                    if let (_, Some(e)) = kizuna::query::parser::split_script(text) {
                        let message = e.render(text, Some(name));
                        let message = format!("{message}\nnothing was changed (--atomic)");
                        return Err(fail(exit::QUERY, anyhow::anyhow!(message)));
                    }
                }
                let joined: String = texts.iter().map(|(_, t)| format!("{t}\n;\n")).collect();
                let outcome = session
                    .run_script(&joined, None, true, false, &mut out, &mut err)
                    .map_err(script_failure);
                session.db.close_for_exit();
                return outcome;
            }
            for (name, text) in &texts {
                session
                    .run_script(
                        text,
                        Some(name),
                        *atomic,
                        *continue_on_error,
                        &mut out,
                        &mut err,
                    )
                    .map_err(script_failure)?;
            }
            session.db.close_for_exit();
            Ok(())
        }
        Some(Command::Seed) => {
            let (mut db, _) = open(&cli)?;
            let stats = kizuna::seed::load(&mut db).map_err(|e| fail(exit::QUERY, e))?;
            println!("{stats}");
            db.close_for_exit();
            Ok(())
        }
        Some(Command::Dot(args)) => dot_command(&cli, args),
        Some(Command::Import {
            nodes,
            edges,
            batch_size,
        }) => {
            let (path, _) = kizuna::resolve_db_path(cli.db.clone());
            let created = !path.exists();
            let (mut db, _) = open(&cli)?;
            let options = kizuna::import::ImportOptions {
                batch_size: *batch_size,
                progress: std::io::stderr().is_terminal(),
                ..Default::default()
            };
            let summary = db.import(nodes, edges, &options).map_err(|e| {
                let code = if e.is_database_error() {
                    exit::DATABASE
                } else {
                    exit::QUERY
                };
                fail(code, e)
            });
            let summary = match summary {
                Ok(summary) => summary,
                Err(failure) => {
                    // Nothing was imported: a database this command created goes too.
                    drop(db);
                    if created {
                        let _ = std::fs::remove_dir_all(&path);
                    }
                    return Err(failure);
                }
            };
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!("{summary}");
            db.close_for_exit();
            Ok(())
        }
        Some(Command::Export { output }) => {
            let format = kizuna::export::ExportFormat::parse(&cli.format).ok_or_else(|| {
                fail(
                    exit::USAGE,
                    anyhow::anyhow!("export needs --format csv, cypher, graphml or json"),
                )
            })?;
            let (db, _) = open_for(&cli, true)?;
            let summary = db
                .export(format, output)
                .map_err(|e| fail(exit::QUERY, e))?;
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!(
                "exported {} nodes and {} relationships",
                summary.nodes, summary.relationships
            );
            db.close_for_exit();
            Ok(())
        }
        Some(Command::Check { repair: true }) => {
            let (path, _) = kizuna::resolve_db_path(cli.db.clone());
            let report = kizuna::check::repair(&path).map_err(|e| fail(exit::DATABASE, e))?;
            print!("{report}");
            Ok(())
        }
        Some(Command::Check { repair: false }) => {
            let (path, _) = kizuna::resolve_db_path(cli.db.clone());
            let report = kizuna::check::check(&path).map_err(|e| fail(exit::DATABASE, e))?;
            print!("{report}");
            if report.is_clean() {
                Ok(())
            } else {
                Err(fail(
                    exit::QUERY,
                    anyhow::anyhow!("the check found problems in {}", path.display()),
                ))
            }
        }
        Some(Command::Stats) => {
            let (db, _) = open_for(&cli, true)?;
            print!("{}", kizuna::stats::report(&db));
            db.close_for_exit();
            Ok(())
        }
        None => {
            let mut session = session(&cli)?;
            if let Some(query) = &cli.execute {
                let outcome = session
                    .run_script(query, None, false, false, &mut out, &mut err)
                    .map_err(script_failure);
                session.db.close_for_exit();
                return outcome;
            }
            if std::io::stdin().is_terminal() {
                session.max_rows = cli.max_rows.or(Some(SHELL_MAX_ROWS));
                session.max_memory = cli.max_memory.or_else(kizuna::shell::default_max_memory);
                return kizuna::repl::run(session).map_err(|e| fail(exit::QUERY, e));
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")
                .map_err(|e| fail(exit::QUERY, e))?;
            let text = kizuna::shell::utf8_text(bytes, "<stdin>")
                .map_err(|e| fail(exit::QUERY, anyhow::anyhow!(e)))?;
            let outcome = session
                .run_script(&text, Some("<stdin>"), false, false, &mut out, &mut err)
                .map_err(script_failure);
            session.db.close_for_exit();
            outcome
        }
    }
}

fn dot_command(cli: &Cli, args: &DotArgs) -> Result<(), Failure> {
    use kizuna::dot::{self, DotOptions, EdgeLabels, ImageFormat};
    let query_failure = |e: dot::DotError| fail(exit::QUERY, e);
    let mut session = session_for(cli, true)?;
    let statement = match (&args.query, &args.file) {
        (Some(query), _) => Some((query.clone(), None)),
        (None, Some(file)) => {
            let text = std::fs::read(file)
                .with_context(|| format!("cannot read {}", file.display()))
                .map_err(|e| fail(exit::QUERY, e))?;
            let text = kizuna::shell::utf8_text(text, &file.display().to_string())
                .map_err(|e| fail(exit::QUERY, anyhow::anyhow!(e)))?;
            Some((text, Some(file.display().to_string())))
        }
        (None, None) => None,
    };
    let drawing = match &statement {
        Some((text, origin)) => session.drawing(Some(text), origin.as_deref()),
        None => session.drawing(None, None),
    }
    .map_err(query_failure)?;
    let options = DotOptions {
        cluster_by_country: args.cluster_by.is_some(),
        layout: args.layout.as_deref().and_then(dot::Layout::parse),
        edge_labels: args
            .edge_labels
            .as_deref()
            .map_or(EdgeLabels::Default, EdgeLabels::parse),
        font: args
            .font
            .clone()
            .unwrap_or_else(|| dot::DEFAULT_FONT.to_owned()),
        legend: !args.no_legend,
    };
    let text = dot::to_dot(&drawing, &options);
    session.db.close_for_exit();
    let image = args.render.as_deref().and_then(ImageFormat::parse);
    match &args.output {
        Some(path) => {
            let warnings = dot::write_to(&text, path, image).map_err(query_failure)?;
            if !warnings.is_empty() {
                eprintln!("{warnings}");
            }
            Ok(())
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`kizuna dot | head`) is not worth reporting.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
    }
}
