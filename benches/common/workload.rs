//! The shared institutions workload of `../shared/bench`: its generated data files, and
//! kizuna values in the JSON form the peers' answers take.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use kizuna::Value;
use serde_json::Value as Json;

/// Nodes and relationships of a scale: `small` is 10k / 50k, anything else 1M / 5M.
pub fn scale_size(scale: &str) -> (u64, u64) {
    match scale {
        "small" => (10_000, 50_000),
        _ => (1_000_000, 5_000_000),
    }
}

/// Makes sure `data` holds gen.py's files and kizuna's import files for `scale`,
/// generating them with the scripts in `bench_dir` when one is missing.
pub fn ensure_data(bench_dir: &Path, data: &Path, scale: &str) -> Result<(), String> {
    let needed = [
        "nodes.csv",
        "edges.csv",
        "import_nodes.csv",
        "import_edges.csv",
        "params.json",
    ];
    if needed.iter().all(|f| data.join(f).is_file()) {
        return Ok(());
    }
    let (nodes, edges) = scale_size(scale);
    eprintln!("generating the {scale} graph in {} …", data.display());
    let out = data.to_string_lossy().into_owned();
    let steps: [Vec<String>; 2] = [
        vec![
            "gen.py".into(),
            "--nodes".into(),
            nodes.to_string(),
            "--edges".into(),
            edges.to_string(),
            "--out".into(),
            out.clone(),
        ],
        vec!["to_neo4j_csv.py".into(), out],
    ];
    for step in steps {
        let status = Command::new("python3")
            .current_dir(bench_dir)
            .args(&step)
            .status()
            .map_err(|e| format!("cannot run python3 {}: {e}", step[0]))?;
        if !status.success() {
            return Err(format!("python3 {} failed", step[0]));
        }
    }
    Ok(())
}

/// A result value as JSON; nodes, relationships and paths as their display text.
pub fn value_to_json(value: &Value) -> Json {
    match value {
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => Json::from(*f),
        Value::String(s) => Json::from(s.clone()),
        Value::Bool(b) => Json::from(*b),
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect()),
        Value::Null => Json::Null,
        other => Json::from(other.to_string()),
    }
}

pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}
