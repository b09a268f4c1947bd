//! The scalar (non-aggregating) functions: graph accessors, list, string, conversion and
//! numeric functions. Names are matched case-insensitively.

use super::{
    argument_error, describe, evaluate, lookup_node, lookup_relationship, number_text, type_error,
    EvalContext,
};
use crate::query::ast::Expr;
use crate::query::budget::{BYTES_PER_UNIT, VALUE_BYTES};
use crate::query::{Bindings, ErrorKind, QueryError};
use crate::value::Value;

/// The longest list `range()` builds, so that a typo cannot exhaust memory.
pub const MAX_RANGE_LEN: i128 = 10_000_000;

/// Every scalar function name this module knows, as Neo4j writes it (calls match any case).
pub(super) const NAMES: &[&str] = &[
    "id",
    "elementId",
    "labels",
    "type",
    "properties",
    "keys",
    "size",
    "length",
    "nodes",
    "relationships",
    "startNode",
    "endNode",
    "coalesce",
    "head",
    "last",
    "tail",
    "range",
    "reverse",
    "toUpper",
    "toLower",
    "trim",
    "ltrim",
    "rtrim",
    "substring",
    "replace",
    "split",
    "left",
    "right",
    "toString",
    "toStringOrNull",
    "toInteger",
    "toIntegerOrNull",
    "toFloat",
    "toFloatOrNull",
    "toBoolean",
    "toBooleanOrNull",
    "abs",
    "round",
    "ceil",
    "floor",
    "sign",
    "sqrt",
    "exp",
    "log",
    "log10",
    "sin",
    "cos",
    "tan",
    "cot",
    "asin",
    "acos",
    "atan",
    "atan2",
    "pi",
    "e",
    "rand",
    "degrees",
    "radians",
    "exists",
    "isEmpty",
    "nullIf",
    "char_length",
    "character_length",
];

/// Whether `name` is a scalar function this evaluator knows.
pub fn is_scalar_function(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(&lower))
        || super::temporal::is_temporal_function(&lower)
}

pub(super) fn call(
    name: &str,
    args: &[Expr],
    row: &dyn Bindings,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        // Lazy: later arguments are not evaluated once a non-null one is found.
        "coalesce" => {
            for arg in args {
                let v = evaluate(arg, row, ctx)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            return Ok(Value::Null);
        }
        "exists" => {
            arity(name, args.len(), 1, 1)?;
            let v = match args.first() {
                Some(arg) => evaluate(arg, row, ctx)?,
                None => Value::Null,
            };
            return Ok(Value::Bool(!v.is_null()));
        }
        _ => {}
    }
    if super::temporal::is_temporal_function(&lower) {
        let values = args
            .iter()
            .map(|a| evaluate(a, row, ctx))
            .collect::<Result<Vec<_>, _>>()?;
        return super::temporal::call(&lower, name, &values, ctx);
    }
    if !NAMES.iter().any(|n| n.eq_ignore_ascii_case(&lower)) {
        return Err(QueryError::semantic(
            "UnknownFunction",
            format!("Unknown function '{name}'."),
        ));
    }
    let values = args
        .iter()
        .map(|a| evaluate(a, row, ctx))
        .collect::<Result<Vec<_>, _>>()?;
    apply(&lower, name, values, ctx)
}

fn arity(name: &str, got: usize, min: usize, max: usize) -> Result<(), QueryError> {
    if got >= min && got <= max {
        return Ok(());
    }
    let expected = if min == max {
        format!("{min}")
    } else {
        format!("{min} to {max}")
    };
    Err(QueryError::semantic(
        "InvalidNumberOfArguments",
        format!("Function {name}() takes {expected} argument(s), but was given {got}."),
    ))
}

fn wrong_type(name: &str, expected: &str, got: &Value) -> QueryError {
    type_error(
        "InvalidArgumentType",
        format!("{name}() expects {expected}, but got {}.", describe(got)),
    )
}

/// Like [`wrong_type`], with the code the TCK expects of the entity accessors
/// `labels()` and `type()` and of the conversions (`toInteger([])`) when the value is
/// only known at run time.
fn wrong_value(name: &str, expected: &str, got: &Value) -> QueryError {
    type_error(
        "InvalidArgumentValue",
        format!("{name}() expects {expected}, but got {}.", describe(got)),
    )
}

/// An integer argument; `Ok(None)` for null.
fn int_arg(name: &str, v: &Value) -> Result<Option<i64>, QueryError> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(wrong_type(name, "an Integer", other)),
    }
}

/// A non-negative integer argument, as a count of characters.
fn count_arg(name: &str, v: &Value) -> Result<usize, QueryError> {
    match v {
        Value::Int(i) if *i < 0 => Err(argument_error(
            "NegativeIntegerArgument",
            format!("{name}() needs a non-negative length or position, but got {i}."),
        )),
        Value::Int(i) => Ok(usize::try_from(*i).unwrap_or(usize::MAX)),
        Value::Null => Err(argument_error(
            "InvalidArgumentValue",
            format!("{name}() needs an Integer length or position, but got null."),
        )),
        other => Err(wrong_type(name, "an Integer", other)),
    }
}

/// A numeric argument as a float; `Ok(None)` for null.
fn num_arg(name: &str, v: &Value) -> Result<Option<f64>, QueryError> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i as f64)),
        Value::Float(f) => Ok(Some(*f)),
        other => Err(wrong_type(name, "a number", other)),
    }
}

/// A string argument; `Ok(None)` for null.
fn str_arg<'v>(name: &str, v: &'v Value) -> Result<Option<&'v str>, QueryError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(wrong_type(name, "a String", other)),
    }
}

fn float_fn(name: &str, v: &Value, f: impl Fn(f64) -> f64) -> Result<Value, QueryError> {
    Ok(num_arg(name, v)?.map_or(Value::Null, |x| Value::Float(f(x))))
}

/// A function of one string that makes a new string about as long.
fn string_fn(
    name: &str,
    v: &Value,
    ctx: &EvalContext,
    f: impl Fn(&str) -> String,
) -> Result<Value, QueryError> {
    let Some(s) = str_arg(name, v)? else {
        return Ok(Value::Null);
    };
    ctx.budget.work_bytes(s.len())?;
    ctx.budget.charge(s.len())?;
    Ok(Value::String(f(s)))
}

/// Reports a pass over `s` and, when the result is a new string, its size.
fn string_pass(s: &str, ctx: &EvalContext) -> Result<(), QueryError> {
    ctx.budget.work_bytes(s.len())?;
    ctx.budget.charge(s.len())
}

/// Reports the copy of a list's `len` slots.
fn list_pass(len: usize, ctx: &EvalContext) -> Result<(), QueryError> {
    ctx.budget.work(len)?;
    ctx.budget.charge(len * VALUE_BYTES)
}

fn apply(
    lower: &str,
    name: &str,
    args: Vec<Value>,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let (min, max) = match lower {
        "pi" | "e" | "rand" => (0, 0),
        "range" => (2, 3),
        "substring" => (2, 3),
        "round" => (1, 2),
        "replace" => (3, 3),
        "split" | "left" | "right" | "atan2" | "nullif" => (2, 2),
        _ => (1, 1),
    };
    arity(name, args.len(), min, max)?;
    let null = Value::Null;
    let a0 = args.first().unwrap_or(&null);
    let a1 = args.get(1).unwrap_or(&null);
    let a2 = args.get(2);
    match lower {
        // Graph accessors.
        "id" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) | Value::Relationship(id) => Ok(Value::Int(*id as i64)),
            other => Err(wrong_type(name, "a Node or Relationship", other)),
        },
        // Neo4j 5's identifier, a string: the id, which is unique among the nodes and
        // among the relationships, as Neo4j's are.
        "elementid" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) | Value::Relationship(id) => Ok(Value::String(id.to_string())),
            other => Err(wrong_type(name, "a Node or Relationship", other)),
        },
        "labels" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) => Ok(Value::List(
                lookup_node(*id, ctx)?.labels().map(Value::from).collect(),
            )),
            other => Err(wrong_value(name, "a Node", other)),
        },
        "type" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Relationship(id) => {
                let rel = match ctx.graph.relationship(*id) {
                    Some(rel) => rel,
                    None => match ctx.graph.deleted_relationship(*id) {
                        Some(rel) => rel,
                        None => lookup_relationship(*id, ctx)?,
                    },
                };
                Ok(Value::from(rel.rel_type()))
            }
            other => Err(wrong_value(name, "a Relationship", other)),
        },
        "properties" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) => Ok(Value::Map(lookup_node(*id, ctx)?.properties().to_map())),
            Value::Relationship(id) => Ok(Value::Map(
                lookup_relationship(*id, ctx)?.properties().to_map(),
            )),
            Value::Map(m) => Ok(Value::Map(m.clone())),
            other => Err(wrong_type(name, "a Node, Relationship or Map", other)),
        },
        "keys" => {
            fn keys<'k>(names: impl IntoIterator<Item = &'k str>) -> Value {
                Value::List(names.into_iter().map(Value::from).collect())
            }
            match a0 {
                Value::Null => Ok(Value::Null),
                Value::Node(id) => Ok(keys(lookup_node(*id, ctx)?.property_keys())),
                Value::Relationship(id) => Ok(keys(lookup_relationship(*id, ctx)?.property_keys())),
                Value::Map(m) => Ok(keys(m.keys().map(String::as_str))),
                other => Err(wrong_type(name, "a Node, Relationship or Map", other)),
            }
        }
        "nodes" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::List(
                p.nodes.iter().map(|n| Value::Node(*n)).collect(),
            )),
            other => Err(wrong_type(name, "a Path", other)),
        },
        "relationships" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::List(
                p.relationships
                    .iter()
                    .map(|r| Value::Relationship(*r))
                    .collect(),
            )),
            other => Err(wrong_type(name, "a Path", other)),
        },
        "startnode" | "endnode" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Relationship(id) => {
                let rel = lookup_relationship(*id, ctx)?;
                Ok(Value::Node(if lower == "startnode" {
                    rel.start()
                } else {
                    rel.end()
                }))
            }
            other => Err(wrong_type(name, "a Relationship", other)),
        },
        "length" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::Int(p.relationships.len() as i64)),
            other => Err(wrong_type(name, "a Path", other)),
        },

        // Lists and strings.
        "size" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => Ok(Value::Int(items.len() as i64)),
            Value::String(s) => {
                ctx.budget.work_bytes(s.len())?;
                Ok(Value::Int(s.chars().count() as i64))
            }
            other => Err(wrong_type(name, "a List or String", other)),
        },
        "char_length" | "character_length" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
            other => Err(wrong_type(name, "a String", other)),
        },
        "isempty" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => Ok(Value::Bool(items.is_empty())),
            Value::Map(m) => Ok(Value::Bool(m.is_empty())),
            Value::String(s) => Ok(Value::Bool(s.is_empty())),
            other => Err(wrong_type(name, "a List, Map or String", other)),
        },
        "head" | "last" | "tail" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => Ok(match lower {
                "head" => items.first().cloned().unwrap_or(Value::Null),
                "last" => items.last().cloned().unwrap_or(Value::Null),
                _ => {
                    list_pass(items.len(), ctx)?;
                    Value::List(items.iter().skip(1).cloned().collect())
                }
            }),
            other => Err(wrong_type(name, "a List", other)),
        },
        "reverse" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => {
                list_pass(items.len(), ctx)?;
                Ok(Value::List(items.iter().rev().cloned().collect()))
            }
            Value::String(s) => {
                string_pass(s, ctx)?;
                Ok(Value::String(s.chars().rev().collect()))
            }
            other => Err(wrong_type(name, "a List or String", other)),
        },
        "range" => range(name, a0, a1, a2, ctx),

        // Strings.
        "toupper" => string_fn(name, a0, ctx, str::to_uppercase),
        "tolower" => string_fn(name, a0, ctx, str::to_lowercase),
        "trim" => string_fn(name, a0, ctx, |s| s.trim().to_owned()),
        "ltrim" => string_fn(name, a0, ctx, |s| s.trim_start().to_owned()),
        "rtrim" => string_fn(name, a0, ctx, |s| s.trim_end().to_owned()),
        "substring" => {
            let Some(s) = str_arg(name, a0)? else {
                return Ok(Value::Null);
            };
            let start = count_arg(name, a1)?;
            string_pass(s, ctx)?;
            let chars = s.chars().skip(start);
            Ok(Value::String(match a2 {
                Some(len) => chars.take(count_arg(name, len)?).collect(),
                None => chars.collect(),
            }))
        }
        "left" | "right" => {
            let Some(s) = str_arg(name, a0)? else {
                return Ok(Value::Null);
            };
            let n = count_arg(name, a1)?;
            string_pass(s, ctx)?;
            Ok(Value::String(if lower == "left" {
                s.chars().take(n).collect()
            } else {
                let total = s.chars().count();
                s.chars().skip(total.saturating_sub(n)).collect()
            }))
        }
        "replace" => {
            let (s, from, to) = (
                str_arg(name, a0)?,
                str_arg(name, a1)?,
                str_arg(name, a2.unwrap_or(&null))?,
            );
            Ok(match (s, from, to) {
                (Some(s), Some(from), Some(to)) => Value::String(replace(s, from, to, ctx)?),
                _ => Value::Null,
            })
        }
        "split" => {
            let Some(s) = str_arg(name, a0)? else {
                return Ok(Value::Null);
            };
            let delims: Vec<&str> = match a1 {
                Value::Null => return Ok(Value::Null),
                Value::String(d) => vec![d.as_str()],
                Value::List(items) => {
                    let mut delims = Vec::with_capacity(items.len());
                    for item in items {
                        match str_arg(name, item)? {
                            Some(d) => delims.push(d),
                            None => return Ok(Value::Null),
                        }
                    }
                    delims
                }
                other => return Err(wrong_type(name, "a String or a List of Strings", other)),
            };
            Ok(Value::List(split(s, &delims, ctx)?))
        }

        // Conversions.
        "tostring" | "tostringornull" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::String(s) => Ok(Value::String(s.clone())),
            Value::Int(_) | Value::Float(_) => Ok(Value::String(number_text(a0))),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            temporal if temporal.is_temporal() => {
                Ok(Value::String(temporal.temporal_text().unwrap_or_default()))
            }
            _ if lower == "tostringornull" => Ok(Value::Null),
            other => Err(wrong_value(name, "a String, number or Boolean", other)),
        },
        "tointeger" | "tointegerornull" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Float(f) => Ok(float_to_int(*f)),
            Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
            Value::String(s) => Ok(match s.parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => parse_float(s).map_or(Value::Null, float_to_int),
            }),
            _ if lower == "tointegerornull" => Ok(Value::Null),
            other => Err(wrong_value(name, "a String, number or Boolean", other)),
        },
        "tofloat" | "tofloatornull" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Float(*i as f64)),
            Value::Float(f) => Ok(Value::Float(*f)),
            Value::String(s) => Ok(parse_float(s).map_or(Value::Null, Value::Float)),
            _ if lower == "tofloatornull" => Ok(Value::Null),
            other => Err(wrong_value(name, "a String or number", other)),
        },
        "toboolean" | "tobooleanornull" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::Int(i) => Ok(Value::Bool(*i != 0)),
            Value::String(s) => Ok(match s.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            }),
            _ if lower == "tobooleanornull" => Ok(Value::Null),
            other => Err(wrong_value(name, "a String, Integer or Boolean", other)),
        },
        "nullif" => Ok(if super::cypher_equals(a0, a1) == Some(true) {
            Value::Null
        } else {
            a0.clone()
        }),

        // Numbers.
        "abs" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => i.checked_abs().map(Value::Int).ok_or_else(|| {
                QueryError::runtime(
                    ErrorKind::ArithmeticError,
                    "IntegerOverflow",
                    format!("abs({i}) does not fit in a 64-bit integer."),
                )
            }),
            Value::Float(f) => Ok(Value::Float(f.abs())),
            other => Err(wrong_type(name, "a number", other)),
        },
        "sign" => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Int(i.signum())),
            Value::Float(f) if f.is_nan() || *f == 0.0 => Ok(Value::Int(0)),
            Value::Float(f) => Ok(Value::Int(if *f > 0.0 { 1 } else { -1 })),
            other => Err(wrong_type(name, "a number", other)),
        },
        "round" => {
            let Some(x) = num_arg(name, a0)? else {
                return Ok(Value::Null);
            };
            match args.get(1) {
                None => Ok(Value::Float(round_half_up(x))),
                Some(p) => {
                    let Some(precision) = int_arg(name, p)? else {
                        return Ok(Value::Null);
                    };
                    Ok(Value::Float(round_to(x, precision)))
                }
            }
        }
        "ceil" => float_fn(name, a0, f64::ceil),
        "floor" => float_fn(name, a0, f64::floor),
        "sqrt" => float_fn(name, a0, f64::sqrt),
        "exp" => float_fn(name, a0, f64::exp),
        "log" => float_fn(name, a0, f64::ln),
        "log10" => float_fn(name, a0, f64::log10),
        "sin" => float_fn(name, a0, f64::sin),
        "cos" => float_fn(name, a0, f64::cos),
        "tan" => float_fn(name, a0, f64::tan),
        "cot" => float_fn(name, a0, |x| 1.0 / x.tan()),
        "asin" => float_fn(name, a0, f64::asin),
        "acos" => float_fn(name, a0, f64::acos),
        "atan" => float_fn(name, a0, f64::atan),
        "degrees" => float_fn(name, a0, f64::to_degrees),
        "radians" => float_fn(name, a0, f64::to_radians),
        "atan2" => match (num_arg(name, a0)?, num_arg(name, a1)?) {
            (Some(y), Some(x)) => Ok(Value::Float(y.atan2(x))),
            _ => Ok(Value::Null),
        },
        "pi" => Ok(Value::Float(std::f64::consts::PI)),
        "e" => Ok(Value::Float(std::f64::consts::E)),
        "rand" => Ok(Value::Float(random_unit())),
        _ => Err(QueryError::semantic(
            "UnknownFunction",
            format!("Unknown function '{name}'."),
        )),
    }
}

/// A float drawn uniformly from [0, 1): each call draws anew (`rand()` is never a
/// constant), from a per-thread splitmix64 sequence seeded by the process's random
/// hasher keys, which is plenty for sampling and shuffling and needs no dependency.
fn random_unit() -> f64 {
    use std::cell::Cell;
    use std::hash::{BuildHasher, Hasher};
    thread_local! {
        static STATE: Cell<u64> = Cell::new({
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(std::process::id().into());
            hasher.finish()
        });
    }
    let mut z = STATE.with(|state| {
        let next = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(next);
        next
    });
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // The top 53 bits make every representable multiple of 2^-53 equally likely.
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// `replace(s, from, to)`: every occurrence of `from` replaced, left to right (an empty
/// `from` matches before every character and at the end). The result's length is counted
/// first and charged to the memory limit before any of it is allocated, so a result past
/// the limit is refused without being built, and one within it is allocated once (a
/// string grown piece by piece would briefly hold its old and new buffers, half again the
/// memory the limit counts).
fn replace(s: &str, from: &str, to: &str, ctx: &EvalContext) -> Result<String, QueryError> {
    let mut found: usize = 0;
    for _ in s.match_indices(from) {
        ctx.budget.tick()?;
        found += 1;
    }
    let len = (s.len() - found * from.len()).saturating_add(found.saturating_mul(to.len()));
    ctx.budget.work(1 + len / BYTES_PER_UNIT)?;
    ctx.budget.charge(len)?;
    let mut out = String::with_capacity(len);
    let mut copied = 0;
    for (at, piece) in s.match_indices(from) {
        ctx.budget.tick()?;
        out.push_str(s.get(copied..at).unwrap_or_default());
        out.push_str(to);
        copied = at + piece.len();
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    Ok(out)
}

/// Splits `s` at every occurrence of any of `delims` (the first listed wins where two
/// match at the same place); empty pieces are kept. With only empty delimiters, the
/// string splits into its characters.
fn split(s: &str, delims: &[&str], ctx: &EvalContext) -> Result<Vec<Value>, QueryError> {
    let mut parts = Vec::new();
    let mut keep = |piece: &str| -> Result<(), QueryError> {
        ctx.budget.tick()?;
        let value = Value::from(piece);
        ctx.budget.charge_value(&value)?;
        parts.push(value);
        Ok(())
    };
    let delims: Vec<&str> = delims.iter().copied().filter(|d| !d.is_empty()).collect();
    if delims.is_empty() {
        let mut buffer = [0u8; 4];
        for c in s.chars() {
            keep(c.encode_utf8(&mut buffer))?;
        }
        return Ok(parts);
    }
    let mut piece_start = 0;
    let mut at = 0;
    while let Some(rest) = s.get(at..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        ctx.budget.tick()?;
        match delims.iter().find(|d| rest.starts_with(**d)) {
            Some(d) => {
                keep(s.get(piece_start..at).unwrap_or_default())?;
                at += d.len();
                piece_start = at;
            }
            None => at += c.len_utf8(),
        }
    }
    keep(s.get(piece_start..).unwrap_or_default())?;
    Ok(parts)
}

/// `range(start, end [, step])`: integers only; a zero step is an argument error.
fn range(
    name: &str,
    start: &Value,
    end: &Value,
    step: Option<&Value>,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let range_int = |v: &Value| match v {
        Value::Int(i) => Ok(Some(*i)),
        Value::Null => Ok(None),
        other => Err(wrong_type(name, "Integer arguments", other)),
    };
    let start = range_int(start)?;
    let end = range_int(end)?;
    let step = match step {
        Some(v) => range_int(v)?,
        None => Some(1),
    };
    let (Some(start), Some(end), Some(step)) = (start, end, step) else {
        return Ok(Value::Null);
    };
    if step == 0 {
        return Err(argument_error(
            "NumberOutOfRange",
            "range() needs a step other than 0.",
        ));
    }
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let count = if (step > 0 && start > end) || (step < 0 && start < end) {
        0
    } else {
        (end - start) / step + 1
    };
    if count > MAX_RANGE_LEN {
        return Err(QueryError::runtime(
            ErrorKind::LimitExceeded,
            "ListTooLarge",
            format!(
                "range() would build a list of {count} elements; the limit is {MAX_RANGE_LEN}."
            ),
        ));
    }
    ctx.budget.charge(count as usize * VALUE_BYTES)?;
    let mut out = Vec::with_capacity(count as usize);
    let mut at = start;
    for _ in 0..count {
        ctx.budget.tick()?;
        // Every element lies between start and end, so it fits in an i64.
        out.push(Value::Int(at as i64));
        at += step;
    }
    Ok(Value::List(out))
}

/// Rounds half-way cases towards positive infinity, as Java's `Math.round` does
/// (`round(-2.5)` is `-2.0`).
fn round_half_up(x: f64) -> f64 {
    let r = x.round();
    if (r - x).abs() == 0.5 {
        x.ceil()
    } else {
        r
    }
}

/// Rounds to `precision` decimals, half away from zero.
fn round_to(x: f64, precision: i64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let precision = precision.clamp(-308, 308) as i32;
    let scale = 10f64.powi(precision);
    let scaled = x * scale;
    if !scaled.is_finite() {
        return x;
    }
    scaled.round() / scale
}

/// A float to an integer by truncation, as `toInteger` does; NaN has no integer value.
fn float_to_int(f: f64) -> Value {
    if f.is_nan() {
        Value::Null
    } else {
        // Saturates outside the i64 range.
        Value::Int(f as i64)
    }
}

/// Parses a number as `toFloat` accepts it: surrounding whitespace is ignored, and only
/// decimal notation (no `inf` or `nan` words).
fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<f64>().ok()
}
