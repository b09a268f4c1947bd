//! The scalar (non-aggregating) functions: graph accessors, list, string, conversion and
//! numeric functions, dispatched on their handle in the catalog.

use super::{
    argument_error, describe, evaluate, lookup_node, lookup_relationship, number_text, type_error,
    with_values, EvalContext,
};
use crate::query::ast::Expr;
use crate::query::budget::{BYTES_PER_UNIT, VALUE_BYTES};
use crate::query::catalog::Scalar;
use crate::query::{Bindings, ErrorKind, QueryError};
use crate::value::Value;

/// The longest list `range()` builds, so that a typo cannot exhaust memory.
pub const MAX_RANGE_LEN: i128 = 10_000_000;

/// Calls the scalar function `function`, written `name`.
pub(super) fn call(
    function: Scalar,
    name: &str,
    args: &[Expr],
    row: &dyn Bindings,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    match function {
        // Lazy: later arguments are not evaluated once a non-null one is found.
        Scalar::Coalesce => {
            for arg in args {
                let v = evaluate(arg, row, ctx)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            Ok(Value::Null)
        }
        Scalar::Exists => {
            arity(name, args.len(), 1, 1)?;
            let v = match args.first() {
                Some(arg) => evaluate(arg, row, ctx)?,
                None => Value::Null,
            };
            Ok(Value::Bool(!v.is_null()))
        }
        _ => with_values(
            args,
            |arg| evaluate(arg, row, ctx),
            |values| apply(function, name, values, ctx),
        ),
    }
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

/// The characters of `s` from the `skip`-th on, at most `take` of them (`None`: to the
/// end), as a slice of `s`.
fn chars_within(s: &str, skip: usize, take: Option<usize>) -> &str {
    let byte_at = |s: &str, chars: usize| match s.is_ascii() {
        true => chars.min(s.len()),
        false => s.char_indices().nth(chars).map_or(s.len(), |(at, _)| at),
    };
    let rest = s.get(byte_at(s, skip)..).unwrap_or_default();
    match take {
        Some(take) => rest.get(..byte_at(rest, take)).unwrap_or_default(),
        None => rest,
    }
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

pub(super) fn apply(
    function: Scalar,
    name: &str,
    args: &[&Value],
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let (min, max) = match function {
        Scalar::Pi | Scalar::E | Scalar::Rand => (0, 0),
        Scalar::Range => (2, 3),
        Scalar::Substring => (2, 3),
        Scalar::Round => (1, 2),
        Scalar::Replace => (3, 3),
        Scalar::Split | Scalar::Left | Scalar::Right | Scalar::Atan2 | Scalar::NullIf => (2, 2),
        _ => (1, 1),
    };
    arity(name, args.len(), min, max)?;
    let null = Value::Null;
    let a0 = args.first().copied().unwrap_or(&null);
    let a1 = args.get(1).copied().unwrap_or(&null);
    let a2 = args.get(2).copied();
    match function {
        // Graph accessors.
        Scalar::Id => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) | Value::Relationship(id) => Ok(Value::Int(*id as i64)),
            other => Err(wrong_type(name, "a Node or Relationship", other)),
        },
        // Neo4j 5's identifier, a string: the id, which is unique among the nodes and
        // among the relationships, as Neo4j's are.
        Scalar::ElementId => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) | Value::Relationship(id) => Ok(Value::String(id.to_string())),
            other => Err(wrong_type(name, "a Node or Relationship", other)),
        },
        Scalar::Labels => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) => Ok(Value::List(
                lookup_node(*id, ctx)?.labels().map(Value::from).collect(),
            )),
            other => Err(wrong_value(name, "a Node", other)),
        },
        Scalar::Type => match a0 {
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
        Scalar::Properties => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Node(id) => Ok(Value::Map(lookup_node(*id, ctx)?.properties().to_map())),
            Value::Relationship(id) => Ok(Value::Map(
                lookup_relationship(*id, ctx)?.properties().to_map(),
            )),
            Value::Map(m) => Ok(Value::Map(m.clone())),
            other => Err(wrong_type(name, "a Node, Relationship or Map", other)),
        },
        Scalar::Keys => {
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
        Scalar::Nodes => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::List(
                p.nodes.iter().map(|n| Value::Node(*n)).collect(),
            )),
            other => Err(wrong_type(name, "a Path", other)),
        },
        Scalar::Relationships => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::List(
                p.relationships
                    .iter()
                    .map(|r| Value::Relationship(*r))
                    .collect(),
            )),
            other => Err(wrong_type(name, "a Path", other)),
        },
        Scalar::StartNode | Scalar::EndNode => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Relationship(id) => {
                let rel = lookup_relationship(*id, ctx)?;
                Ok(Value::Node(if function == Scalar::StartNode {
                    rel.start()
                } else {
                    rel.end()
                }))
            }
            other => Err(wrong_type(name, "a Relationship", other)),
        },
        Scalar::Length => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::Int(p.relationships.len() as i64)),
            other => Err(wrong_type(name, "a Path", other)),
        },

        // Lists and strings.
        Scalar::Size => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => Ok(Value::Int(items.len() as i64)),
            Value::String(s) => {
                ctx.budget.work_bytes(s.len())?;
                Ok(Value::Int(s.chars().count() as i64))
            }
            other => Err(wrong_type(name, "a List or String", other)),
        },
        Scalar::CharLength | Scalar::CharacterLength => match a0 {
            Value::Null => Ok(Value::Null),
            Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
            other => Err(wrong_type(name, "a String", other)),
        },
        Scalar::IsEmpty => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => Ok(Value::Bool(items.is_empty())),
            Value::Map(m) => Ok(Value::Bool(m.is_empty())),
            Value::String(s) => Ok(Value::Bool(s.is_empty())),
            other => Err(wrong_type(name, "a List, Map or String", other)),
        },
        Scalar::Head | Scalar::Last | Scalar::Tail => match a0 {
            Value::Null => Ok(Value::Null),
            Value::List(items) => Ok(match function {
                Scalar::Head => items.first().cloned().unwrap_or(Value::Null),
                Scalar::Last => items.last().cloned().unwrap_or(Value::Null),
                _ => {
                    list_pass(items.len(), ctx)?;
                    Value::List(items.iter().skip(1).cloned().collect())
                }
            }),
            other => Err(wrong_type(name, "a List", other)),
        },
        Scalar::Reverse => match a0 {
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
        Scalar::Range => range(name, a0, a1, a2, ctx),

        // Strings.
        Scalar::ToUpper => string_fn(name, a0, ctx, str::to_uppercase),
        Scalar::ToLower => string_fn(name, a0, ctx, str::to_lowercase),
        Scalar::Trim => string_fn(name, a0, ctx, |s| s.trim().to_owned()),
        Scalar::LTrim => string_fn(name, a0, ctx, |s| s.trim_start().to_owned()),
        Scalar::RTrim => string_fn(name, a0, ctx, |s| s.trim_end().to_owned()),
        Scalar::Substring => {
            let Some(s) = str_arg(name, a0)? else {
                return Ok(Value::Null);
            };
            let start = count_arg(name, a1)?;
            string_pass(s, ctx)?;
            let len = a2.map(|len| count_arg(name, len)).transpose()?;
            Ok(Value::from(chars_within(s, start, len)))
        }
        Scalar::Left | Scalar::Right => {
            let Some(s) = str_arg(name, a0)? else {
                return Ok(Value::Null);
            };
            let n = count_arg(name, a1)?;
            string_pass(s, ctx)?;
            Ok(Value::from(if function == Scalar::Left {
                chars_within(s, 0, Some(n))
            } else {
                let total = s.chars().count();
                chars_within(s, total.saturating_sub(n), None)
            }))
        }
        Scalar::Replace => {
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
        Scalar::Split => {
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
        Scalar::ToString | Scalar::ToStringOrNull => match a0 {
            Value::Null => Ok(Value::Null),
            Value::String(s) => Ok(Value::String(s.clone())),
            Value::Int(_) | Value::Float(_) => Ok(Value::String(number_text(a0))),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            temporal if temporal.is_temporal() => {
                Ok(Value::String(temporal.temporal_text().unwrap_or_default()))
            }
            _ if function == Scalar::ToStringOrNull => Ok(Value::Null),
            other => Err(wrong_value(name, "a String, number or Boolean", other)),
        },
        Scalar::ToInteger | Scalar::ToIntegerOrNull => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Float(f) => Ok(float_to_int(*f)),
            Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
            Value::String(s) => Ok(match s.parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => parse_float(s).map_or(Value::Null, float_to_int),
            }),
            _ if function == Scalar::ToIntegerOrNull => Ok(Value::Null),
            other => Err(wrong_value(name, "a String, number or Boolean", other)),
        },
        Scalar::ToFloat | Scalar::ToFloatOrNull => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Float(*i as f64)),
            Value::Float(f) => Ok(Value::Float(*f)),
            Value::String(s) => Ok(parse_float(s).map_or(Value::Null, Value::Float)),
            _ if function == Scalar::ToFloatOrNull => Ok(Value::Null),
            other => Err(wrong_value(name, "a String or number", other)),
        },
        Scalar::ToBoolean | Scalar::ToBooleanOrNull => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::Int(i) => Ok(Value::Bool(*i != 0)),
            Value::String(s) => Ok(match s.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            }),
            _ if function == Scalar::ToBooleanOrNull => Ok(Value::Null),
            other => Err(wrong_value(name, "a String, Integer or Boolean", other)),
        },
        Scalar::NullIf => Ok(if super::cypher_equals(a0, a1) == Some(true) {
            Value::Null
        } else {
            a0.clone()
        }),

        // Numbers.
        Scalar::Abs => match a0 {
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
        Scalar::Sign => match a0 {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Int(i.signum())),
            Value::Float(f) if f.is_nan() || *f == 0.0 => Ok(Value::Int(0)),
            Value::Float(f) => Ok(Value::Int(if *f > 0.0 { 1 } else { -1 })),
            other => Err(wrong_type(name, "a number", other)),
        },
        Scalar::Round => {
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
        Scalar::Ceil => float_fn(name, a0, f64::ceil),
        Scalar::Floor => float_fn(name, a0, f64::floor),
        Scalar::Sqrt => float_fn(name, a0, f64::sqrt),
        Scalar::Exp => float_fn(name, a0, f64::exp),
        Scalar::Log => float_fn(name, a0, f64::ln),
        Scalar::Log10 => float_fn(name, a0, f64::log10),
        Scalar::Sin => float_fn(name, a0, f64::sin),
        Scalar::Cos => float_fn(name, a0, f64::cos),
        Scalar::Tan => float_fn(name, a0, f64::tan),
        Scalar::Cot => float_fn(name, a0, |x| 1.0 / x.tan()),
        Scalar::Asin => float_fn(name, a0, f64::asin),
        Scalar::Acos => float_fn(name, a0, f64::acos),
        Scalar::Atan => float_fn(name, a0, f64::atan),
        Scalar::Degrees => float_fn(name, a0, f64::to_degrees),
        Scalar::Radians => float_fn(name, a0, f64::to_radians),
        Scalar::Atan2 => match (num_arg(name, a0)?, num_arg(name, a1)?) {
            (Some(y), Some(x)) => Ok(Value::Float(y.atan2(x))),
            _ => Ok(Value::Null),
        },
        Scalar::Pi => Ok(Value::Float(std::f64::consts::PI)),
        Scalar::E => Ok(Value::Float(std::f64::consts::E)),
        Scalar::Rand => Ok(Value::Float(random_unit())),
        // Evaluated lazily by `call`, never with their arguments' values.
        Scalar::Coalesce | Scalar::Exists => Err(QueryError::runtime(
            ErrorKind::SemanticError,
            "UnknownFunction",
            format!("{name}() takes its arguments unevaluated."),
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
    let mut nonempty = delims.iter().copied().filter(|d| !d.is_empty());
    if let (Some(delim), None) = (nonempty.next(), nonempty.next()) {
        // One delimiter: the standard library's search, which skips ahead by bytes.
        ctx.budget.work_bytes(s.len())?;
        let mut chars = delim.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => s.split(c).try_for_each(&mut keep)?,
            _ => s.split(delim).try_for_each(&mut keep)?,
        }
        return Ok(parts);
    }
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
