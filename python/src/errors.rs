//! The library's errors as the exceptions of `kizuna.errors`, which are plain Python
//! classes (so that they carry docstrings and keyword attributes). Errors are gathered as
//! [`Failure`] while the interpreter lock is released and become exceptions once it is
//! held again.

use kizuna::import::ImportError;
use kizuna::{ErrorKind, QueryError, StoreError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The exception classes of `kizuna.errors`.
#[derive(Debug, Clone, Copy)]
pub enum ErrorClass {
    Base,
    Query,
    LimitExceeded,
    ReadOnly,
    Data,
    Output,
    Database,
    InUse,
    Corrupt,
    Closed,
}

impl ErrorClass {
    fn name(self) -> &'static str {
        match self {
            ErrorClass::Base => "Error",
            ErrorClass::Query => "QueryError",
            ErrorClass::LimitExceeded => "LimitExceededError",
            ErrorClass::ReadOnly => "ReadOnlyError",
            ErrorClass::Data => "DataError",
            ErrorClass::Output => "OutputError",
            ErrorClass::Database => "DatabaseError",
            ErrorClass::InUse => "DatabaseInUseError",
            ErrorClass::Corrupt => "CorruptDatabaseError",
            ErrorClass::Closed => "DatabaseClosedError",
        }
    }

    pub fn failure(self, message: impl Into<String>) -> Failure {
        Failure::Plain(self, message.into())
    }

    /// The exception, with `attributes` passed to the class as keyword arguments.
    fn build(self, py: Python<'_>, message: &str, attributes: Option<&Bound<'_, PyDict>>) -> PyErr {
        let made = py
            .import("kizuna.errors")
            .and_then(|module| module.getattr(self.name()))
            .and_then(|class| class.call((message,), attributes));
        match made {
            Ok(exception) => PyErr::from_value(exception),
            Err(error) => error,
        }
    }
}

/// An error on its way to Python.
#[derive(Debug)]
pub enum Failure {
    Library(kizuna::Error),
    Import(ImportError),
    Plain(ErrorClass, String),
}

impl From<kizuna::Error> for Failure {
    fn from(error: kizuna::Error) -> Self {
        Failure::Library(error)
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        Python::attach(|py| failure.into_py_err(py, None))
    }
}

impl Failure {
    /// The exception; `query` is the statement's text, for the caret of a query error.
    pub fn into_py_err(self, py: Python<'_>, query: Option<&str>) -> PyErr {
        match self {
            Failure::Library(kizuna::Error::Query(error)) => query_error(py, &error, query),
            Failure::Library(kizuna::Error::Store(error)) => store_error(py, &error),
            Failure::Library(kizuna::Error::Write(kizuna::WriteError::ReadOnly)) => {
                ErrorClass::ReadOnly.build(py, "the database is open read-only", None)
            }
            Failure::Library(other) => ErrorClass::Base.build(py, &other.to_string(), None),
            Failure::Import(error) => import_error(py, &error),
            Failure::Plain(class, message) => class.build(py, &message, None),
        }
    }
}

fn store_error(py: Python<'_>, error: &StoreError) -> PyErr {
    if let StoreError::Locked {
        path,
        holder: Some(pid),
    } = error
    {
        if *pid == std::process::id() {
            let message = format!(
                "the database at {} is already open in this process; close that Database first (one open per database, readers included)",
                path.display()
            );
            return ErrorClass::InUse.build(py, &message, None);
        }
    }
    let class = match error {
        StoreError::Locked { .. } => ErrorClass::InUse,
        StoreError::Corrupt { .. } | StoreError::NotADatabase { .. } => ErrorClass::Corrupt,
        _ => ErrorClass::Database,
    };
    class.build(py, &error.to_string(), None)
}

fn import_error(py: Python<'_>, error: &ImportError) -> PyErr {
    match error {
        ImportError::Data { location, .. } => {
            let attributes = PyDict::new(py);
            let filled = attributes
                .set_item("file", &location.file)
                .and_then(|()| attributes.set_item("line", location.line));
            match filled {
                Ok(()) => ErrorClass::Data.build(py, &error.to_string(), Some(&attributes)),
                Err(e) => e,
            }
        }
        ImportError::Io { .. } => ErrorClass::Data.build(py, &error.to_string(), None),
        ImportError::ReadOnly => ErrorClass::ReadOnly.build(py, &error.to_string(), None),
        ImportError::Store(store) => store_error(py, store),
        other => ErrorClass::Base.build(py, &other.to_string(), None),
    }
}

fn query_error(py: Python<'_>, error: &QueryError, query: Option<&str>) -> PyErr {
    let class = match (error.kind, error.code) {
        (ErrorKind::LimitExceeded, _) => ErrorClass::LimitExceeded,
        (ErrorKind::Database, "ReadOnly") => ErrorClass::ReadOnly,
        _ => ErrorClass::Query,
    };
    let text = match query {
        Some(query) => error.render(query, None),
        None => error.to_string(),
    };
    let attributes = PyDict::new(py);
    if let Err(e) = query_attributes(&attributes, error, query) {
        return e;
    }
    class.build(py, &text, Some(&attributes))
}

fn query_attributes(
    attributes: &Bound<'_, PyDict>,
    error: &QueryError,
    query: Option<&str>,
) -> PyResult<()> {
    attributes.set_item("message", &error.message)?;
    attributes.set_item("kind", error.kind.name())?;
    attributes.set_item("code", error.code)?;
    let phase = match error.phase {
        kizuna::Phase::Compile => "compile",
        kizuna::Phase::Runtime => "runtime",
    };
    attributes.set_item("phase", phase)?;
    attributes.set_item("query", query)?;
    if let Some(position) = error.position {
        attributes.set_item("line", position.line)?;
        attributes.set_item("column", position.column)?;
        // Python indexes strings by character, the library by byte.
        let offset = query
            .and_then(|q| q.get(..position.offset))
            .map(|before| before.chars().count());
        attributes.set_item("offset", offset)?;
        if let Some(query) = query {
            let rendered = error.render(query, None);
            let caret = rendered.split_once('\n').map(|(_, rest)| rest.to_owned());
            attributes.set_item("caret", caret)?;
        }
    }
    Ok(())
}
