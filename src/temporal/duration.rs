//! Duration arithmetic: building durations from (possibly fractional) amounts of each
//! unit, adding them to one another and to instants, scaling them, and the duration
//! between two temporal values.

use super::civil::{NANOS_PER_DAY, NANOS_PER_SECOND, SECONDS_PER_DAY};
use super::{
    Date, DateTime, Duration, LocalDateTime, LocalTime, Result, Temporal, TemporalError, Time, Zone,
};

/// The average month (a 400-year Gregorian cycle divided by its months), in seconds:
/// what a fraction of a month is worth in days and seconds.
const SECONDS_PER_AVERAGE_MONTH: f64 = 2_629_746.0;

/// An amount of a duration unit, whole or fractional.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Int(i64),
    Float(f64),
}

/// The units a duration may be given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    Years,
    Months,
    Weeks,
    Days,
    Hours,
    Minutes,
    Seconds,
    Milliseconds,
    Microseconds,
    Nanoseconds,
}

impl DurationUnit {
    pub fn from_name(name: &str) -> Option<DurationUnit> {
        Some(match name.to_ascii_lowercase().as_str() {
            "years" => DurationUnit::Years,
            "months" => DurationUnit::Months,
            "weeks" => DurationUnit::Weeks,
            "days" => DurationUnit::Days,
            "hours" => DurationUnit::Hours,
            "minutes" => DurationUnit::Minutes,
            "seconds" => DurationUnit::Seconds,
            "milliseconds" => DurationUnit::Milliseconds,
            "microseconds" => DurationUnit::Microseconds,
            "nanoseconds" => DurationUnit::Nanoseconds,
            _ => return None,
        })
    }

    /// Which of months, days, seconds, nanoseconds (0–3) the unit counts, and how many.
    fn scale(self) -> (usize, i64) {
        match self {
            DurationUnit::Years => (0, 12),
            DurationUnit::Months => (0, 1),
            DurationUnit::Weeks => (1, 7),
            DurationUnit::Days => (1, 1),
            DurationUnit::Hours => (2, 3600),
            DurationUnit::Minutes => (2, 60),
            DurationUnit::Seconds => (2, 1),
            DurationUnit::Milliseconds => (3, 1_000_000),
            DurationUnit::Microseconds => (3, 1_000),
            DurationUnit::Nanoseconds => (3, 1),
        }
    }
}

/// Sums amounts of units into a duration: exactly while every amount is whole, else by
/// carrying each fraction into the next smaller component.
#[derive(Debug, Default, Clone)]
pub struct DurationBuilder {
    exact: [i128; 4],
    approximate: [f64; 4],
    fractional: bool,
}

impl DurationBuilder {
    pub fn add(&mut self, unit: DurationUnit, amount: Amount) {
        let (slot, factor) = unit.scale();
        match amount {
            Amount::Int(n) => {
                self.exact[slot] += i128::from(n) * i128::from(factor);
                self.approximate[slot] += n as f64 * factor as f64;
            }
            Amount::Float(x) => {
                self.fractional = true;
                self.approximate[slot] += x * factor as f64;
            }
        }
    }

    pub fn build(&self) -> Result<Duration> {
        if self.fractional {
            let [months, days, seconds, nanos] = self.approximate;
            return approximate(months, days, seconds, nanos);
        }
        let overflow = || TemporalError::Overflow("Duration");
        let fit = |v: i128| i64::try_from(v).map_err(|_| overflow());
        let [months, days, seconds, nanos] = self.exact;
        let nanos = seconds * i128::from(NANOS_PER_SECOND) + nanos;
        Duration::from_total_nanos(fit(months)?, fit(days)?, nanos)
    }
}

/// A duration from fractional components: the fraction of a month becomes days (of the
/// average month), the fraction of a day seconds, the fraction of a second nanoseconds.
fn approximate(months: f64, days: f64, seconds: f64, nanos: f64) -> Result<Duration> {
    let whole = |x: f64| -> Result<i64> {
        if x.is_finite() && x.abs() < 9.2e18 {
            Ok(x.trunc() as i64)
        } else {
            Err(TemporalError::Overflow("Duration"))
        }
    };
    let whole_months = whole(months)?;
    let days =
        days + (months - whole_months as f64) * SECONDS_PER_AVERAGE_MONTH / SECONDS_PER_DAY as f64;
    let whole_days = whole(days)?;
    let seconds = seconds + (days - whole_days as f64) * SECONDS_PER_DAY as f64;
    let whole_seconds = whole(seconds)?;
    // What carries down from the larger units is rounded to the nanosecond (so that
    // float noise does not lose one); the nanoseconds given are cut like the others.
    let carried = ((seconds - whole_seconds as f64) * NANOS_PER_SECOND as f64).round();
    let whole_nanos = whole(carried)? + whole(nanos)?;
    Duration::new(whole_months, whole_days, whole_seconds, whole_nanos)
}

fn checked(value: Option<i64>) -> Result<i64> {
    value.ok_or(TemporalError::Overflow("Duration"))
}

pub fn plus(a: &Duration, b: &Duration) -> Result<Duration> {
    Duration::from_total_nanos(
        checked(a.months.checked_add(b.months))?,
        checked(a.days.checked_add(b.days))?,
        a.total_nanos() + b.total_nanos(),
    )
}

pub fn negate(d: &Duration) -> Result<Duration> {
    Duration::from_total_nanos(
        checked(d.months.checked_neg())?,
        checked(d.days.checked_neg())?,
        -d.total_nanos(),
    )
}

pub fn minus(a: &Duration, b: &Duration) -> Result<Duration> {
    plus(a, &negate(b)?)
}

/// `d * factor`: exact for a whole factor, otherwise carried down like fractional input.
pub fn multiply(d: &Duration, factor: Amount) -> Result<Duration> {
    match factor {
        Amount::Int(n) => Duration::from_total_nanos(
            checked(d.months.checked_mul(n))?,
            checked(d.days.checked_mul(n))?,
            d.total_nanos()
                .checked_mul(i128::from(n))
                .ok_or(TemporalError::Overflow("Duration"))?,
        ),
        Amount::Float(x) => approximate(
            d.months as f64 * x,
            d.days as f64 * x,
            d.seconds as f64 * x,
            d.nanos as f64 * x,
        ),
    }
}

pub fn divide(d: &Duration, divisor: f64) -> Result<Duration> {
    if divisor == 0.0 {
        return Err(TemporalError::Invalid("Division by zero.".to_owned()));
    }
    approximate(
        d.months as f64 / divisor,
        d.days as f64 / divisor,
        d.seconds as f64 / divisor,
        d.nanos as f64 / divisor,
    )
}

/// `t + d` (or `t - d` with `sign` -1): months first, then days, then seconds; a value
/// without a date ignores months and days, one without a time ignores what is left of a
/// whole day.
pub fn add_to(t: &Temporal, d: &Duration, sign: i64) -> Result<Temporal> {
    let months = checked(d.months.checked_mul(sign))?;
    let days = checked(d.days.checked_mul(sign))?;
    let nanos = d.total_nanos() * i128::from(sign);
    Ok(match t {
        Temporal::Date(date) => {
            let whole_days = i64::try_from(nanos / i128::from(NANOS_PER_DAY))
                .map_err(|_| TemporalError::Overflow("Date"))?;
            Temporal::Date(
                date.plus_months(months)?
                    .plus_days(checked(days.checked_add(whole_days))?)?,
            )
        }
        Temporal::LocalTime(time) => Temporal::LocalTime(time.plus_nanos(nanos)),
        Temporal::Time(time) => Temporal::Time(Time {
            time: time.time.plus_nanos(nanos),
            offset: time.offset,
        }),
        Temporal::LocalDateTime(ldt) => {
            Temporal::LocalDateTime(shift_local(ldt, months, days)?.plus_nanos(nanos)?)
        }
        Temporal::DateTime(dt) => {
            let zone = dt.zone();
            let local = shift_local(&dt.local, months, days)?;
            let moved = DateTime::of_local(local, &zone, Some(dt.offset))?;
            Temporal::DateTime(DateTime::at_instant(moved.instant_nanos() + nanos, &zone)?)
        }
    })
}

fn shift_local(ldt: &LocalDateTime, months: i64, days: i64) -> Result<LocalDateTime> {
    Ok(LocalDateTime {
        date: ldt.date.plus_months(months)?.plus_days(days)?,
        time: ldt.time,
    })
}

/// What `duration.between` and its variants measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Between {
    /// Months, then days, then seconds.
    All,
    Months,
    Days,
    Seconds,
}

/// The duration from `from` to `to`. When either has no date, only the times of day are
/// compared (a date counts as midnight); when both have zones, `to` is first moved into
/// the zone of `from`.
pub fn between(from: &Temporal, to: &Temporal, what: Between) -> Result<Duration> {
    // A value without a zone measured against a date time is read in its zone (on its
    // date, if the value has none).
    let placed = |other: &Temporal, dt: &DateTime| -> Result<Temporal> {
        let local = LocalDateTime {
            date: other.date().unwrap_or(dt.local.date),
            time: other.local_time().unwrap_or(LocalTime(0)),
        };
        DateTime::of_local(local, &dt.zone(), None).map(Temporal::DateTime)
    };
    match (from, to) {
        (Temporal::DateTime(dt), other) if other.zone().is_none() => {
            return between_placed(from, &placed(other, dt)?, what);
        }
        (other, Temporal::DateTime(dt)) if other.zone().is_none() => {
            return between_placed(&placed(other, dt)?, to, what);
        }
        _ => {}
    }
    between_placed(from, to, what)
}

fn between_placed(from: &Temporal, to: &Temporal, what: Between) -> Result<Duration> {
    let both_zoned = from.zone().is_some() && to.zone().is_some();
    if from.date().is_none() || to.date().is_none() {
        let mut to_time = to.local_time().unwrap_or(LocalTime(0)).0;
        if let (true, Some(a), Some(b)) = (both_zoned, from.offset(), to.offset()) {
            to_time += i64::from(a - b) * NANOS_PER_SECOND;
        }
        let from_time = from.local_time().unwrap_or(LocalTime(0)).0;
        return match what {
            Between::Months | Between::Days => Ok(Duration::ZERO),
            _ => Duration::from_total_nanos(0, 0, i128::from(to_time - from_time)),
        };
    }
    let local = |t: &Temporal| LocalDateTime {
        date: t.date().unwrap_or(Date(0)),
        time: t.local_time().unwrap_or(LocalTime(0)),
    };
    let from_local = local(from);
    let (to_local, instants) = match (from, to) {
        (Temporal::DateTime(a), Temporal::DateTime(b)) => {
            let moved = b.with_zone_same_instant(&a.zone())?;
            (
                moved.local,
                Some((a.instant_nanos(), b.instant_nanos(), a.zone(), a.offset)),
            )
        }
        (Temporal::DateTime(a), _) if both_zoned => {
            let moved =
                DateTime::of_local(local(to), &Zone::Offset(to.offset().unwrap_or(0)), None)?
                    .with_zone_same_instant(&a.zone())?;
            (moved.local, None)
        }
        _ => (local(to), None),
    };
    let months = match what {
        Between::All | Between::Months => months_until(&from_local, &to_local),
        _ => 0,
    };
    let after_months = shift_local(&from_local, months, 0)?;
    let days = match what {
        Between::All => days_until(&after_months, &to_local),
        Between::Days => days_until(&from_local, &to_local),
        _ => 0,
    };
    if what == Between::Months || what == Between::Days {
        return Duration::new(months, days, 0, 0);
    }
    let start = shift_local(&after_months, 0, days)?;
    let nanos = match &instants {
        Some((_, to_instant, zone, offset)) => {
            let start = DateTime::of_local(start, zone, Some(*offset))?;
            to_instant - start.instant_nanos()
        }
        None => to_local.epoch_nanos() - start.epoch_nanos(),
    };
    Duration::from_total_nanos(months, days, nanos)
}

/// Whole months from `a` to `b`, counting a month only once its day and time are reached.
fn months_until(a: &LocalDateTime, b: &LocalDateTime) -> i64 {
    let (ya, ma, da) = a.date.ymd();
    let (yb, mb, db) = b.date.ymd();
    let mut months = (yb * 12 + mb) - (ya * 12 + ma);
    let a_rest = (da, a.time);
    let b_rest = (db, b.time);
    if months > 0 && b_rest < a_rest {
        months -= 1;
    } else if months < 0 && b_rest > a_rest {
        months += 1;
    }
    months
}

/// Whole days from `a` to `b`.
fn days_until(a: &LocalDateTime, b: &LocalDateTime) -> i64 {
    let nanos = b.epoch_nanos() - a.epoch_nanos();
    (nanos / i128::from(NANOS_PER_DAY)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::temporal::{parse::parse, Kind};

    fn value(kind: Kind, text: &str) -> Temporal {
        parse(kind, text).expect("a valid literal")
    }

    fn dur(text: &str) -> Duration {
        crate::temporal::parse::duration(text).expect("a valid duration")
    }

    #[test]
    fn adding_months_clamps_to_the_end_of_shorter_months() {
        let jan31 = value(Kind::Date, "2019-01-31");
        let sum = add_to(&jan31, &dur("P1M"), 1).map(|t| t.to_string());
        assert_eq!(sum.as_deref(), Ok("2019-02-28"));
        let leap = add_to(&value(Kind::Date, "2020-02-29"), &dur("P1Y"), 1);
        assert_eq!(leap.map(|t| t.to_string()).as_deref(), Ok("2021-02-28"));
    }

    #[test]
    fn adding_across_a_daylight_saving_change_keeps_the_wall_clock_for_days() {
        let before = value(Kind::DateTime, "2017-10-28T12:00[Europe/Stockholm]");
        let next_day = add_to(&before, &dur("P1D"), 1).map(|t| t.to_string());
        assert_eq!(
            next_day.as_deref(),
            Ok("2017-10-29T12:00+01:00[Europe/Stockholm]")
        );
        let hours = add_to(&before, &dur("PT24H"), 1).map(|t| t.to_string());
        assert_eq!(
            hours.as_deref(),
            Ok("2017-10-29T11:00+01:00[Europe/Stockholm]")
        );
    }

    #[test]
    fn between_counts_months_then_days_then_seconds() {
        let show = |a: Temporal, b: Temporal| between(&a, &b, Between::All).map(|d| d.to_string());
        assert_eq!(
            show(
                value(Kind::Date, "1984-10-11"),
                value(Kind::Date, "2015-06-24")
            )
            .as_deref(),
            Ok("P30Y8M13D")
        );
        assert_eq!(
            show(
                value(Kind::DateTime, "2017-10-28T23:00+02:00[Europe/Stockholm]"),
                value(Kind::DateTime, "2017-10-29T04:00+01:00[Europe/Stockholm]")
            )
            .as_deref(),
            Ok("PT6H")
        );
        assert_eq!(
            show(
                value(Kind::LocalDateTime, "2018-01-02T10:00:00.1"),
                value(Kind::LocalDateTime, "2018-01-01T10:00:00.2")
            )
            .as_deref(),
            Ok("PT-23H-59M-59.9S")
        );
    }

    #[test]
    fn scaling_carries_fractions_down() {
        let d = dur("P12Y5M14DT16H13M10.000000001S");
        assert_eq!(
            divide(&d, 2.0).map(|d| d.to_string()).as_deref(),
            Ok("P6Y2M22DT13H21M8S")
        );
        assert_eq!(
            multiply(&d, Amount::Int(2))
                .map(|d| d.to_string())
                .as_deref(),
            Ok("P24Y10M28DT32H26M20.000000002S")
        );
    }
}
