//! The seed dataset: the `seed/*.cypher` files, embedded in the binary, loaded into a new
//! default database and by `kizuna seed`. Loading is one transaction and idempotent.

use crate::query::parser::split_statements;
use crate::{Database, Error, ExecOptions, Params, WriteStats};

/// `(file name, text)` of every seed file, in load order.
pub static SEED_FILES: &[(&str, &str)] = &[
    (
        "000_ncgm_kazakhstan_covid_videoconference.cypher",
        include_str!("../seed/000_ncgm_kazakhstan_covid_videoconference.cypher"),
    ),
    (
        "001_gmcc_japan_china_online_exchange.cypher",
        include_str!("../seed/001_gmcc_japan_china_online_exchange.cypher"),
    ),
    (
        "002_japan_grant_aid_kazakhstan.cypher",
        include_str!("../seed/002_japan_grant_aid_kazakhstan.cypher"),
    ),
    (
        "003_mej_medical_international_expansion_2013.cypher",
        include_str!("../seed/003_mej_medical_international_expansion_2013.cypher"),
    ),
    (
        "004_japan_china_online_exchanges_2020.cypher",
        include_str!("../seed/004_japan_china_online_exchanges_2020.cypher"),
    ),
];

/// A seed file that failed to load: which file and why.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SeedError {
    pub file: String,
    pub message: String,
}

/// What loading the seed changed.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub stats: WriteStats,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.stats.summary() {
            Some(summary) => write!(f, "seed loaded: {summary}"),
            None => write!(f, "seed already loaded: nothing changed"),
        }
    }
}

/// Loads every seed file as one transaction.
pub fn load(db: &mut Database) -> Result<SeedReport, SeedError> {
    load_files(db, SEED_FILES)
}

/// Loads the given `(name, text)` files as one transaction.
pub fn load_files(db: &mut Database, files: &[(&str, &str)]) -> Result<SeedReport, SeedError> {
    if db.is_read_only() {
        return Err(SeedError {
            file: String::new(),
            message:
                "the database is open read-only (--read-only); seed writes, so nothing was loaded"
                    .into(),
        });
    }
    let mut statements = Vec::new();
    let mut origins = Vec::new();
    for (name, text) in files {
        for statement in split_statements(text) {
            statements.push(statement.text);
            origins.push((*name, *text, statement.offset));
        }
    }
    match db.execute_atomic(&statements, &Params::new(), &ExecOptions::default()) {
        Ok(results) => {
            let mut stats = WriteStats::default();
            for result in &results {
                stats.add(&result.stats);
            }
            Ok(SeedReport { stats })
        }
        Err((index, error)) => {
            let (file, text, offset) = origins.get(index).copied().unwrap_or(("seed", "", 0));
            let message = match error {
                Error::Query(q) => q.relocate(text, offset).render(text, Some(file)),
                other => format!("{file}: {other}"),
            };
            Err(SeedError {
                file: file.to_owned(),
                message,
            })
        }
    }
}
