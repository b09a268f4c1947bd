//! Values between Python and the library: parameters in, result values out. Nodes,
//! relationships and paths come out as dicts shaped as the command line's JSON output
//! shapes them, so a row means the same thing in both.

use std::collections::BTreeMap;

use kizuna::{Node, Params, Properties, QueryResult, Relationship, Value, WriteStats};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Query parameters from a dict of names to Python values.
pub fn params(dict: &Bound<'_, PyDict>) -> PyResult<Params> {
    dict.iter()
        .map(|(name, value)| {
            let name: String = name.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "parameter names must be strings, not {}",
                    type_name(&name)
                ))
            })?;
            let converted = from_python(&value, &name)?;
            Ok((name, converted))
        })
        .collect()
}

/// The rows of a procedure's table: each a list of Python values.
pub fn table(rows: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<Value>>> {
    rows.try_iter()?
        .enumerate()
        .map(|(i, row)| {
            let label = format!("row {}", i + 1);
            row?.try_iter()?
                .map(|cell| from_python(&cell?, &label))
                .collect()
        })
        .collect()
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// A Python value as a Cypher value; `name` is the parameter, for messages.
fn from_python(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    if value.is_none() {
        Ok(Value::Null)
    } else if let Ok(flag) = value.cast::<PyBool>() {
        Ok(Value::Bool(flag.is_true()))
    } else if value.is_instance_of::<PyInt>() {
        value.extract::<i64>().map(Value::Int).map_err(|_| {
            PyOverflowError::new_err(format!(
                "parameter `{name}`: {value} does not fit in a 64-bit integer"
            ))
        })
    } else if value.is_instance_of::<PyFloat>() {
        value.extract::<f64>().map(Value::Float)
    } else if let Ok(text) = value.cast::<PyString>() {
        Ok(Value::String(text.extract::<String>()?))
    } else if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = BTreeMap::new();
        for (key, item) in dict.iter() {
            let key: String = key.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "parameter `{name}`: map keys must be strings, not {}",
                    type_name(&key)
                ))
            })?;
            let item = from_python(&item, name)?;
            map.insert(key, item);
        }
        Ok(Value::Map(map))
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        value
            .try_iter()?
            .map(|item| from_python(&item?, name))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::List)
    } else if let Some(temporal) = crate::temporal::from_python(value, name)? {
        Ok(temporal)
    } else {
        Err(PyTypeError::new_err(format!(
            "parameter `{name}`: a {} is not a Cypher value (use None, bool, int, float, str, list, dict, or a date, time, datetime or timedelta)",
            type_name(value)
        )))
    }
}

/// A result value as a Python value; entities are looked up in the result's snapshot.
pub fn value<'py>(
    py: Python<'py>,
    value: &Value,
    result: &QueryResult,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Int(number) => number.into_pyobject(py)?.into_any(),
        Value::Float(number) => PyFloat::new(py, *number).into_any(),
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::List(items) => {
            let items = items
                .iter()
                .map(|item| self::value(py, item, result))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Map(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, self::value(py, item, result)?)?;
            }
            dict.into_any()
        }
        Value::Node(id) => match result.nodes.get(id) {
            Some(found) => node(py, found)?.into_any(),
            None => deleted(py, *id)?.into_any(),
        },
        Value::Relationship(id) => match result.relationships.get(id) {
            Some(found) => relationship(py, found)?.into_any(),
            None => deleted(py, *id)?.into_any(),
        },
        Value::Path(path) => {
            let dict = PyDict::new(py);
            let nodes = path
                .nodes
                .iter()
                .map(|id| self::value(py, &Value::Node(*id), result))
                .collect::<PyResult<Vec<_>>>()?;
            let relationships = path
                .relationships
                .iter()
                .map(|id| self::value(py, &Value::Relationship(*id), result))
                .collect::<PyResult<Vec<_>>>()?;
            dict.set_item("nodes", nodes)?;
            dict.set_item("relationships", relationships)?;
            dict.into_any()
        }
        temporal => match crate::temporal::to_python(py, temporal)? {
            Some(object) => object,
            None => py.None().into_bound(py),
        },
    })
}

/// An entity the statement itself deleted, as the JSON output shows one.
fn deleted(py: Python<'_>, id: u64) -> PyResult<Bound<'_, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("id", id)?;
    dict.set_item("deleted", true)?;
    Ok(dict)
}

fn properties<'py>(py: Python<'py>, properties: &Properties) -> PyResult<Bound<'py, PyDict>> {
    // Stored properties hold no entities, so no result is needed to look any up.
    let empty = QueryResult::default();
    let dict = PyDict::new(py);
    for (key, item) in properties.iter() {
        dict.set_item(key, value(py, item, &empty)?)?;
    }
    Ok(dict)
}

/// `{"id", "labels", "properties"}`.
pub fn node<'py>(py: Python<'py>, node: &Node) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("id", node.id)?;
    dict.set_item("labels", &node.labels)?;
    dict.set_item("properties", properties(py, &node.properties)?)?;
    Ok(dict)
}

/// `{"id", "type", "start", "end", "properties"}`.
pub fn relationship<'py>(py: Python<'py>, rel: &Relationship) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("id", rel.id)?;
    dict.set_item("type", &rel.rel_type)?;
    dict.set_item("start", rel.start)?;
    dict.set_item("end", rel.end)?;
    dict.set_item("properties", properties(py, &rel.properties)?)?;
    Ok(dict)
}

/// Nodes and relationships as two lists of dicts.
pub fn entity_lists<'a>(
    py: Python<'_>,
    nodes: impl Iterator<Item = &'a Node>,
    relationships: impl Iterator<Item = &'a Relationship>,
) -> PyResult<(Py<PyList>, Py<PyList>)> {
    let nodes = nodes.map(|n| node(py, n)).collect::<PyResult<Vec<_>>>()?;
    let relationships = relationships
        .map(|r| relationship(py, r))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((
        PyList::new(py, nodes)?.unbind(),
        PyList::new(py, relationships)?.unbind(),
    ))
}

/// Write statistics as a dict of counts.
pub fn stats(py: Python<'_>, stats: &WriteStats) -> PyResult<Py<PyAny>> {
    let dict = PyDict::new(py);
    for (name, count) in [
        ("nodes_created", stats.nodes_created),
        ("nodes_deleted", stats.nodes_deleted),
        ("relationships_created", stats.relationships_created),
        ("relationships_deleted", stats.relationships_deleted),
        ("properties_set", stats.properties_set),
        ("labels_added", stats.labels_added),
        ("labels_removed", stats.labels_removed),
    ] {
        dict.set_item(name, count)?;
    }
    Ok(dict.into_any().unbind())
}
