//! The query side of temporal values: the constructor functions (`date`, `datetime`,
//! `duration`, …, their `.truncate`, `.statement`, `.transaction`, `.realtime` forms,
//! `duration.between` and friends), accessors such as `d.year`, and the arithmetic of
//! instants and durations. The values themselves live in [`crate::temporal`].

use super::{argument_error, describe, type_error, EvalContext};
use crate::query::ast::BinaryOp;
use crate::query::budget::wall_clock_nanos;
use crate::query::catalog::{Clock, Temporal as TemporalFunction};
use crate::query::QueryError;
use crate::temporal::{
    self, Amount, Between, Component, Duration, DurationBuilder, DurationUnit, Fields, Kind,
    Temporal, TemporalError, TruncateUnit, Zone,
};
use crate::value::Value;

fn failure(e: TemporalError) -> QueryError {
    match e {
        TemporalError::Overflow(_) => QueryError::runtime(
            crate::query::ErrorKind::ArithmeticError,
            "ArithmeticOverflow",
            e.to_string(),
        ),
        _ => argument_error("InvalidArgumentValue", e.to_string()),
    }
}

fn wrong_type(name: &str, expected: &str, got: &Value) -> QueryError {
    type_error(
        "InvalidArgumentType",
        format!("{name}() expects {expected}, but got {}.", describe(got)),
    )
}

fn arity(name: &str, args: &[&Value], min: usize, max: usize) -> Result<(), QueryError> {
    if (min..=max).contains(&args.len()) {
        return Ok(());
    }
    Err(QueryError::semantic(
        "InvalidNumberOfArguments",
        format!(
            "Function {name}() takes {min} to {max} argument(s), but was given {}.",
            args.len()
        ),
    ))
}

/// Calls the temporal function `function`, written `name`.
pub fn call(
    function: TemporalFunction,
    name: &str,
    args: &[&Value],
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    match function {
        TemporalFunction::Construct(kind) => {
            arity(name, args, 0, 1)?;
            construct(kind, name, args.first().copied(), ctx)
        }
        TemporalFunction::Duration => {
            arity(name, args, 1, 1)?;
            duration(name, args[0])
        }
        TemporalFunction::Between(measure) => {
            arity(name, args, 2, 2)?;
            between(name, args[0], args[1], measure)
        }
        TemporalFunction::FromEpoch => {
            arity(name, args, 2, 2)?;
            from_epoch(name, args[0], args[1], 1_000_000_000)
        }
        TemporalFunction::FromEpochMillis => {
            arity(name, args, 1, 1)?;
            from_epoch(name, args[0], &Value::Int(0), 1_000_000)
        }
        TemporalFunction::Truncate(kind) => {
            arity(name, args, 2, 3)?;
            truncate(kind, name, args)
        }
        TemporalFunction::Now(kind, clock) => {
            arity(name, args, 0, 1)?;
            if args.first().is_some_and(|v| v.is_null()) {
                return Ok(Value::Null);
            }
            let now = if clock == Clock::Realtime {
                wall_clock_nanos()
            } else {
                ctx.budget.statement_time()
            };
            let zone = args
                .first()
                .map(|z| zone_arg(name, z))
                .transpose()?
                .flatten();
            let value = temporal::current(kind, zone.as_ref(), now).map_err(failure)?;
            Ok(Value::from(value))
        }
    }
}

fn zone_arg(name: &str, value: &Value) -> Result<Option<Zone>, QueryError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Zone::parse(s).map(Some).map_err(failure),
        other => Err(wrong_type(name, "a time zone String", other)),
    }
}

/// `date(…)` and its siblings: now, from a string, from a map, or from another value.
fn construct(
    kind: Kind,
    name: &str,
    arg: Option<&Value>,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let value = match arg {
        None => temporal::current(kind, None, ctx.budget.statement_time()),
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::String(text)) => temporal::parse(kind, text),
        Some(Value::Map(map)) => {
            let fields = fields(name, map)?;
            temporal::from_fields(kind, &fields, ctx.budget.statement_time())
        }
        Some(other) => match other.as_temporal() {
            Some(t) => temporal::convert(kind, &t),
            None => {
                return Err(wrong_type(
                    name,
                    "a String, a Map or a temporal value",
                    other,
                ))
            }
        },
    };
    value.map(Value::from).map_err(failure)
}

/// The fields of a constructor or truncation map.
fn fields(
    name: &str,
    map: &std::collections::BTreeMap<String, Value>,
) -> Result<Fields, QueryError> {
    let mut fields = Fields::default();
    for (key, value) in map {
        let lower = key.to_ascii_lowercase();
        match (lower.as_str(), value) {
            (_, Value::Null) => {}
            ("date" | "time" | "datetime", v) => {
                let t = v
                    .as_temporal()
                    .ok_or_else(|| wrong_type(name, &format!("a temporal value for `{key}`"), v))?;
                match lower.as_str() {
                    "date" => fields.date = Some(t),
                    "time" => fields.time = Some(t),
                    _ => fields.datetime = Some(t),
                }
            }
            ("timezone", v) => fields.timezone = zone_arg(name, v)?,
            (_, Value::Int(n)) => {
                if !fields.set_number(key, *n) {
                    return Err(unknown_field(name, key));
                }
            }
            (_, other) => {
                return Err(wrong_type(name, &format!("an Integer for `{key}`"), other));
            }
        }
    }
    Ok(fields)
}

fn unknown_field(name: &str, key: &str) -> QueryError {
    argument_error(
        "InvalidArgumentValue",
        format!("{name}() has no field `{key}`."),
    )
}

fn duration(name: &str, arg: &Value) -> Result<Value, QueryError> {
    let duration = match arg {
        Value::Null => return Ok(Value::Null),
        Value::String(text) => temporal::parse_duration(text),
        Value::Duration(d) => Ok(**d),
        Value::Map(map) => {
            let mut builder = DurationBuilder::default();
            for (key, value) in map {
                let unit = DurationUnit::from_name(key).ok_or_else(|| unknown_field(name, key))?;
                match value {
                    Value::Null => {}
                    Value::Int(n) => builder.add(unit, Amount::Int(*n)),
                    Value::Float(x) => builder.add(unit, Amount::Float(*x)),
                    other => return Err(wrong_type(name, &format!("a number for `{key}`"), other)),
                }
            }
            builder.build()
        }
        other => return Err(wrong_type(name, "a String or a Map", other)),
    };
    duration.map(Value::from).map_err(failure)
}

fn between(name: &str, from: &Value, to: &Value, what: Between) -> Result<Value, QueryError> {
    if from.is_null() || to.is_null() {
        return Ok(Value::Null);
    }
    let instant = |v: &Value| {
        v.as_temporal()
            .ok_or_else(|| wrong_type(name, "temporal values", v))
    };
    temporal::between(&instant(from)?, &instant(to)?, what)
        .map(Value::from)
        .map_err(failure)
}

fn from_epoch(
    name: &str,
    amount: &Value,
    nanos: &Value,
    unit_nanos: i128,
) -> Result<Value, QueryError> {
    let (amount, nanos) = match (amount, nanos) {
        (Value::Null, _) | (_, Value::Null) => return Ok(Value::Null),
        (Value::Int(a), Value::Int(n)) => (*a, *n),
        (Value::Int(_), other) | (other, _) => return Err(wrong_type(name, "Integers", other)),
    };
    let instant = i128::from(amount) * unit_nanos + i128::from(nanos);
    temporal::DateTime::at_instant(instant, &Zone::Offset(0))
        .map(|dt| Value::from(Temporal::DateTime(dt)))
        .map_err(failure)
}

fn truncate(kind: Kind, name: &str, args: &[&Value]) -> Result<Value, QueryError> {
    let unit = match args[0] {
        Value::String(unit) => TruncateUnit::from_name(unit).ok_or_else(|| {
            argument_error(
                "InvalidArgumentValue",
                format!("{name}() has no unit '{unit}'."),
            )
        })?,
        other => return Err(wrong_type(name, "a unit String", other)),
    };
    let value = match args[1] {
        Value::Null => return Ok(Value::Null),
        v => v
            .as_temporal()
            .ok_or_else(|| wrong_type(name, "a temporal value", v))?,
    };
    let fields = match args.get(2) {
        None | Some(Value::Null) => Fields::default(),
        Some(Value::Map(map)) => fields(name, map)?,
        Some(other) => return Err(wrong_type(name, "a Map", other)),
    };
    temporal::truncate(kind, unit, &value, &fields)
        .map(Value::from)
        .map_err(failure)
}

/// The components temporal values and durations have (lower case).
const ACCESSORS: &[&str] = &[
    "year",
    "quarter",
    "month",
    "week",
    "weekyear",
    "day",
    "ordinalday",
    "weekday",
    "dayofweek",
    "dayofquarter",
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
    "timezone",
    "offset",
    "offsetminutes",
    "offsetseconds",
    "epochseconds",
    "epochmillis",
    "years",
    "quarters",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
    "nanoseconds",
    "quartersofyear",
    "monthsofquarter",
    "monthsofyear",
    "daysofweek",
    "minutesofhour",
    "secondsofminute",
    "millisecondsofsecond",
    "microsecondsofsecond",
    "nanosecondsofsecond",
];

/// Whether `key` names a component of a temporal value or duration (`d.year`).
pub fn is_temporal_accessor(key: &str) -> bool {
    ACCESSORS.contains(&key.to_ascii_lowercase().as_str())
}

/// `value.key` for temporal values and durations; `None` when `value` is neither.
pub fn accessor(value: &Value, key: &str) -> Option<Result<Value, QueryError>> {
    let no_such = || {
        Err(argument_error(
            "InvalidArgumentValue",
            format!("A {} has no component `{key}`.", value.type_name()),
        ))
    };
    if let Value::Duration(d) = value {
        return Some(match duration_component(d, key) {
            Some(n) => i64::try_from(n)
                .map(Value::Int)
                .map_err(|_| failure(TemporalError::Overflow("Integer"))),
            None => no_such(),
        });
    }
    let t = value.as_temporal()?;
    Some(match t.component(key) {
        Some(Component::Int(n)) => Ok(Value::Int(n)),
        Some(Component::Text(s)) => Ok(Value::String(s)),
        None => no_such(),
    })
}

/// A component of a duration; wide, as `nanoseconds` of a long duration exceeds 64 bits.
fn duration_component(d: &Duration, key: &str) -> Option<i128> {
    let (months, days, seconds, nanos) = (
        i128::from(d.months),
        i128::from(d.days),
        i128::from(d.seconds),
        i128::from(d.nanos),
    );
    Some(match key.to_ascii_lowercase().as_str() {
        "years" => months / 12,
        "quarters" => months / 3,
        "months" => months,
        "weeks" => days / 7,
        "days" => days,
        "hours" => seconds / 3600,
        "minutes" => seconds / 60,
        "seconds" => seconds,
        "milliseconds" => seconds * 1000 + nanos / 1_000_000,
        "microseconds" => seconds * 1_000_000 + nanos / 1000,
        "nanoseconds" => seconds * 1_000_000_000 + nanos,
        "quartersofyear" => months / 3 % 4,
        "monthsofquarter" => months % 3,
        "monthsofyear" => months % 12,
        "daysofweek" => days % 7,
        "minutesofhour" => seconds / 60 % 60,
        "secondsofminute" => seconds % 60,
        "millisecondsofsecond" => nanos / 1_000_000,
        "microsecondsofsecond" => nanos / 1000,
        "nanosecondsofsecond" => nanos,
        _ => return None,
    })
}

/// `l op r` where a temporal value or duration is involved; `None` when neither operand
/// is one (or the operator has nothing to do with them).
pub fn arithmetic(op: BinaryOp, l: &Value, r: &Value) -> Option<Result<Value, QueryError>> {
    let result = match (op, l, r) {
        (BinaryOp::Add, Value::Duration(a), Value::Duration(b)) => temporal::duration_plus(a, b),
        (BinaryOp::Sub, Value::Duration(a), Value::Duration(b)) => temporal::duration_minus(a, b),
        (BinaryOp::Add, t, Value::Duration(d)) | (BinaryOp::Add, Value::Duration(d), t) => {
            let t = t.as_temporal()?;
            return Some(temporal::add_to(&t, d, 1).map(Value::from).map_err(failure));
        }
        (BinaryOp::Sub, t, Value::Duration(d)) => {
            let t = t.as_temporal()?;
            return Some(
                temporal::add_to(&t, d, -1)
                    .map(Value::from)
                    .map_err(failure),
            );
        }
        (BinaryOp::Mul, Value::Duration(d), n) | (BinaryOp::Mul, n, Value::Duration(d)) => {
            match n {
                Value::Int(i) => temporal::multiply(d, Amount::Int(*i)),
                Value::Float(x) => temporal::multiply(d, Amount::Float(*x)),
                _ => return None,
            }
        }
        (BinaryOp::Div, Value::Duration(d), Value::Int(i)) => temporal::divide(d, *i as f64),
        (BinaryOp::Div, Value::Duration(d), Value::Float(x)) => temporal::divide(d, *x),
        _ => return None,
    };
    Some(result.map(Value::from).map_err(failure))
}
