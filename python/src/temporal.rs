//! Dates and times between Cypher and Python's `datetime` module: `Date` is a `date`,
//! `LocalTime` a naive `time`, `Time` a `time` with a fixed-offset `tzinfo`,
//! `LocalDateTime` a naive `datetime`, `DateTime` an aware `datetime` (its zone a
//! `zoneinfo.ZoneInfo` when it has a name). Python keeps microseconds, so nanoseconds
//! below them are cut on the way out. Durations go out as ISO text, since a `timedelta`
//! has no months; a `timedelta` parameter comes in as a duration of days and seconds.

use kizuna::temporal::{self, Date, LocalDateTime, LocalTime, Time, Zone};
use kizuna::Value;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;

const NANOS_PER_MICRO: i64 = 1_000;

/// A Cypher date or time as a Python object; `None` for any other value.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Option<Bound<'py, PyAny>>> {
    let beyond_python = value
        .as_temporal()
        .and_then(|t| t.date())
        .is_some_and(|date| !(1..=9999).contains(&date.ymd().0));
    if beyond_python {
        // Python's dates reach years 1 to 9999 only: beyond, the value goes out as text.
        let text = value.temporal_text().unwrap_or_default();
        return Ok(Some(PyString::new(py, &text).into_any()));
    }
    let datetime = py.import("datetime")?;
    let object = match value {
        Value::Date(date) => python_date(&datetime, *date)?,
        Value::LocalTime(time) => python_time(&datetime, *time, None)?,
        Value::Time(time) => {
            let zone = fixed_offset(&datetime, time.offset)?;
            python_time(&datetime, time.time, Some(zone))?
        }
        Value::LocalDateTime(local) => python_datetime(&datetime, local, None)?,
        Value::DateTime(zoned) => {
            let zone = match &zoned.zone {
                Some(name) => named_zone(py, name)?,
                None => None,
            };
            let zone = match zone {
                Some(zone) => zone,
                None => fixed_offset(&datetime, zoned.offset)?,
            };
            let aware = python_datetime(&datetime, &zoned.local, Some(zone))?;
            at_offset(&aware, zoned.offset)?
        }
        Value::Duration(_) => {
            PyString::new(py, &value.temporal_text().unwrap_or_default()).into_any()
        }
        _ => return Ok(None),
    };
    Ok(Some(object))
}

fn python_date<'py>(datetime: &Bound<'py, PyModule>, date: Date) -> PyResult<Bound<'py, PyAny>> {
    let (year, month, day) = date.ymd();
    datetime.getattr("date")?.call1((year, month, day))
}

fn python_time<'py>(
    datetime: &Bound<'py, PyModule>,
    time: LocalTime,
    zone: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let micros = time.nanosecond() / NANOS_PER_MICRO;
    let args = (time.hour(), time.minute(), time.second(), micros, zone);
    datetime.getattr("time")?.call1(args)
}

fn python_datetime<'py>(
    datetime: &Bound<'py, PyModule>,
    local: &LocalDateTime,
    zone: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (year, month, day) = local.date.ymd();
    let time = local.time;
    let micros = time.nanosecond() / NANOS_PER_MICRO;
    let args = (
        year,
        month,
        day,
        time.hour(),
        time.minute(),
        time.second(),
        micros,
        zone,
    );
    datetime.getattr("datetime")?.call1(args)
}

/// Where a zone's clock reads the same time twice, the reading with this offset (Python's
/// `fold`).
fn at_offset<'py>(aware: &Bound<'py, PyAny>, offset: i32) -> PyResult<Bound<'py, PyAny>> {
    if utc_offset(aware)? == Some(offset) {
        return Ok(aware.clone());
    }
    let kwargs = pyo3::types::PyDict::new(aware.py());
    kwargs.set_item("fold", 1)?;
    let folded = aware.call_method("replace", (), Some(&kwargs))?;
    Ok(if utc_offset(&folded)? == Some(offset) {
        folded
    } else {
        aware.clone()
    })
}

fn utc_offset(aware: &Bound<'_, PyAny>) -> PyResult<Option<i32>> {
    let offset = aware.call_method0("utcoffset")?;
    if offset.is_none() {
        return Ok(None);
    }
    let seconds: f64 = offset.call_method0("total_seconds")?.extract()?;
    Ok(Some(seconds as i32))
}

fn fixed_offset<'py>(datetime: &Bound<'py, PyModule>, seconds: i32) -> PyResult<Bound<'py, PyAny>> {
    let delta = timedelta(datetime, 0, i64::from(seconds), 0)?;
    datetime.getattr("timezone")?.call1((delta,))
}

fn timedelta<'py>(
    datetime: &Bound<'py, PyModule>,
    days: i64,
    seconds: i64,
    micros: i64,
) -> PyResult<Bound<'py, PyAny>> {
    datetime
        .getattr("timedelta")?
        .call1((days, seconds, micros))
}

/// The zone of this name from the system's zone database, if Python has it.
fn named_zone<'py>(py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    let Ok(zoneinfo) = py.import("zoneinfo") else {
        return Ok(None);
    };
    Ok(zoneinfo.getattr("ZoneInfo")?.call1((name,)).ok())
}

/// A Python `date`, `time`, `datetime` or `timedelta` as a Cypher value; `None` for any
/// other object.
pub fn from_python(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<Value>> {
    let datetime = value.py().import("datetime")?;
    let is = |class: &str| -> PyResult<bool> { value.is_instance(&datetime.getattr(class)?) };
    let invalid =
        |e: temporal::TemporalError| PyValueError::new_err(format!("parameter `{name}`: {e}"));
    // A datetime is also a date, so it is asked first.
    if is("datetime")? {
        let local = LocalDateTime {
            date: date_of(value).map_err(invalid)?,
            time: time_of(value).map_err(invalid)?,
        };
        return Ok(Some(match utc_offset(value)? {
            None => Value::LocalDateTime(local),
            Some(offset) => {
                let zone = zone_name(value)?.map_or(Zone::Offset(offset), Zone::Named);
                let zoned = temporal::DateTime::of_local(local, &zone, Some(offset));
                Value::from(temporal::Temporal::DateTime(zoned.map_err(invalid)?))
            }
        }));
    }
    if is("date")? {
        return Ok(Some(Value::Date(date_of(value).map_err(invalid)?)));
    }
    if is("time")? {
        let time = time_of(value).map_err(invalid)?;
        return Ok(Some(match utc_offset(value)? {
            None => Value::LocalTime(time),
            Some(offset) => Value::Time(Time { time, offset }),
        }));
    }
    if is("timedelta")? {
        let days: i64 = value.getattr("days")?.extract()?;
        let seconds: i64 = value.getattr("seconds")?.extract()?;
        let micros: i64 = value.getattr("microseconds")?.extract()?;
        let duration = temporal::Duration::new(0, days, seconds, micros * NANOS_PER_MICRO);
        return Ok(Some(Value::from(duration.map_err(invalid)?)));
    }
    Ok(None)
}

fn field(value: &Bound<'_, PyAny>, name: &str) -> i64 {
    value
        .getattr(name)
        .and_then(|v| v.extract())
        .unwrap_or_default()
}

fn date_of(value: &Bound<'_, PyAny>) -> temporal::Result<Date> {
    Date::from_ymd(
        field(value, "year"),
        field(value, "month"),
        field(value, "day"),
    )
}

fn time_of(value: &Bound<'_, PyAny>) -> temporal::Result<LocalTime> {
    LocalTime::from_hms_nano(
        field(value, "hour"),
        field(value, "minute"),
        field(value, "second"),
        field(value, "microsecond") * NANOS_PER_MICRO,
    )
}

/// The IANA name of a `zoneinfo.ZoneInfo` tzinfo (its `key`), if it has one.
fn zone_name(value: &Bound<'_, PyAny>) -> PyResult<Option<Box<str>>> {
    let tzinfo = value.getattr("tzinfo")?;
    if tzinfo.is_none() || !tzinfo.hasattr("key")? {
        return Ok(None);
    }
    let key: Option<String> = tzinfo.getattr("key")?.extract().ok();
    Ok(key.filter(|k| Zone::parse(k).is_ok()).map(Into::into))
}
