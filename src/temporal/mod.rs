//! Cypher's temporal values (dates, times with and without offsets, local and zoned date
//! times, durations): their representation, ISO parsing and formatting, construction from
//! fields, accessors, arithmetic, truncation and the durations between two instants.
//! Named zones come from the IANA database bundled with the `jiff` crate.

mod build;
pub mod civil;
mod duration;
mod format;
mod parse;
mod zone;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use build::{convert, current, from_fields, truncate, Fields, Kind, TruncateUnit};
pub use duration::{
    add_to, between, divide, multiply, Amount, Between, DurationBuilder, DurationUnit,
};
pub use duration::{minus as duration_minus, negate as duration_negate, plus as duration_plus};
pub use parse::{duration as parse_duration, parse};
pub use zone::Zone;

use civil::{NANOS_PER_DAY, NANOS_PER_SECOND};

/// What can go wrong building or combining temporal values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemporalError {
    #[error("Text cannot be parsed to a {kind}: '{text}'.")]
    Unparsable { kind: &'static str, text: String },
    #[error("Invalid value for {field}: {value} (valid values {min} - {max}).")]
    OutOfRange {
        field: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    #[error("Unknown time zone '{0}'.")]
    UnknownZone(String),
    #[error("{0}")]
    Invalid(String),
    #[error("The result does not fit the range of a {0}.")]
    Overflow(&'static str),
}

pub type Result<T> = std::result::Result<T, TemporalError>;

/// The largest year (and, negated, the smallest) a date may have, as in Neo4j.
pub const MAX_YEAR: i64 = 999_999_999;

/// Beyond every day of the years a date may have: day numbers are checked against it
/// before any calendar arithmetic, which could overflow on wilder numbers.
const MAX_EPOCH_DAY: i64 = 366 * (MAX_YEAR + 1);

/// A calendar date, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date(pub i64);

/// A time of day without an offset, as nanoseconds since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalTime(pub i64);

/// A time of day at a fixed offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Time {
    pub time: LocalTime,
    /// Seconds east of UTC.
    pub offset: i32,
}

/// A date and a time of day, without a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub date: Date,
    pub time: LocalTime,
}

/// A date and time in a zone: the wall-clock reading, its offset from UTC and, for a
/// named zone, the zone's IANA name (the offset is then the zone's at that instant).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateTime {
    pub local: LocalDateTime,
    pub offset: i32,
    pub zone: Option<Box<str>>,
}

/// An amount of time as Neo4j keeps it: months, days and seconds apart (a month has no
/// fixed number of days, nor a day of seconds), `nanos` always in `0..1_000_000_000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Duration {
    pub months: i64,
    pub days: i64,
    pub seconds: i64,
    pub nanos: i64,
}

/// Any of the five instant-like temporal values.
#[derive(Debug, Clone, PartialEq)]
pub enum Temporal {
    Date(Date),
    LocalTime(LocalTime),
    Time(Time),
    LocalDateTime(LocalDateTime),
    DateTime(DateTime),
}

impl Date {
    pub fn from_ymd(year: i64, month: i64, day: i64) -> Result<Date> {
        check_range("Year", year, -MAX_YEAR, MAX_YEAR)?;
        check_range("MonthOfYear", month, 1, 12)?;
        check_range("DayOfMonth", day, 1, civil::days_in_month(year, month))?;
        Ok(Date(civil::days_from_civil(year, month, day)))
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        civil::civil_from_days(self.0)
    }

    pub fn year(self) -> i64 {
        self.ymd().0
    }

    /// The date `months` later, the day clamped to the end of a shorter month.
    pub fn plus_months(self, months: i64) -> Result<Date> {
        let (year, month, day) = self.ymd();
        let total = (year * 12 + month - 1)
            .checked_add(months)
            .ok_or(TemporalError::Overflow("Date"))?;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        check_range("Year", year, -MAX_YEAR, MAX_YEAR)?;
        Ok(Date(civil::days_from_civil(
            year,
            month,
            day.min(civil::days_in_month(year, month)),
        )))
    }

    pub fn plus_days(self, days: i64) -> Result<Date> {
        let days = self
            .0
            .checked_add(days)
            .filter(|d| d.abs() <= MAX_EPOCH_DAY)
            .ok_or(TemporalError::Overflow("Date"))?;
        let year = civil::civil_from_days(days).0;
        check_range("Year", year, -MAX_YEAR, MAX_YEAR)?;
        Ok(Date(days))
    }
}

impl LocalTime {
    pub fn from_hms_nano(hour: i64, minute: i64, second: i64, nano: i64) -> Result<LocalTime> {
        check_range("HourOfDay", hour, 0, 23)?;
        check_range("MinuteOfHour", minute, 0, 59)?;
        check_range("SecondOfMinute", second, 0, 59)?;
        check_range("NanoOfSecond", nano, 0, NANOS_PER_SECOND - 1)?;
        Ok(LocalTime(
            ((hour * 60 + minute) * 60 + second) * NANOS_PER_SECOND + nano,
        ))
    }

    pub fn hour(self) -> i64 {
        self.0 / civil::NANOS_PER_HOUR
    }

    pub fn minute(self) -> i64 {
        self.0 / civil::NANOS_PER_MINUTE % 60
    }

    pub fn second(self) -> i64 {
        self.0 / NANOS_PER_SECOND % 60
    }

    pub fn nanosecond(self) -> i64 {
        self.0 % NANOS_PER_SECOND
    }

    /// The time `nanos` later, wrapping around midnight.
    pub fn plus_nanos(self, nanos: i128) -> LocalTime {
        LocalTime((i128::from(self.0) + nanos).rem_euclid(i128::from(NANOS_PER_DAY)) as i64)
    }
}

impl Time {
    /// Nanoseconds since midnight UTC (may fall outside one day): the order of times.
    fn utc_nanos(&self) -> i64 {
        self.time.0 - i64::from(self.offset) * NANOS_PER_SECOND
    }
}

impl LocalDateTime {
    /// Nanoseconds since 1970-01-01T00:00 on the same wall clock.
    pub fn epoch_nanos(&self) -> i128 {
        i128::from(self.date.0) * i128::from(NANOS_PER_DAY) + i128::from(self.time.0)
    }

    pub fn from_epoch_nanos(nanos: i128) -> Result<LocalDateTime> {
        let day = i128::from(NANOS_PER_DAY);
        let date = i64::try_from(nanos.div_euclid(day))
            .map_err(|_| TemporalError::Overflow("LocalDateTime"))?;
        let date = Date(0).plus_days(date)?;
        Ok(LocalDateTime {
            date,
            time: LocalTime(nanos.rem_euclid(day) as i64),
        })
    }

    pub fn plus_nanos(&self, nanos: i128) -> Result<LocalDateTime> {
        LocalDateTime::from_epoch_nanos(self.epoch_nanos() + nanos)
    }
}

impl DateTime {
    /// Nanoseconds since the Unix epoch.
    pub fn instant_nanos(&self) -> i128 {
        self.local.epoch_nanos() - i128::from(self.offset) * i128::from(NANOS_PER_SECOND)
    }

    pub fn zone(&self) -> Zone {
        match &self.zone {
            Some(name) => Zone::Named(name.clone()),
            None => Zone::Offset(self.offset),
        }
    }

    /// The date time at `instant` (nanoseconds since the epoch) in `zone`.
    pub fn at_instant(instant: i128, zone: &Zone) -> Result<DateTime> {
        let offset = zone.offset_at_instant(instant);
        let local = LocalDateTime::from_epoch_nanos(
            instant + i128::from(offset) * i128::from(NANOS_PER_SECOND),
        )?;
        Ok(DateTime {
            local,
            offset,
            zone: zone.name(),
        })
    }

    /// The wall-clock reading `local` in `zone`; in a gap the clock moves on past it, and
    /// where the clock repeats, `preferred` (or else the earlier offset) is taken.
    pub fn of_local(local: LocalDateTime, zone: &Zone, preferred: Option<i32>) -> Result<DateTime> {
        let (local, offset) = zone.resolve_local(local, preferred)?;
        Ok(DateTime {
            local,
            offset,
            zone: zone.name(),
        })
    }

    pub fn with_zone_same_instant(&self, zone: &Zone) -> Result<DateTime> {
        DateTime::at_instant(self.instant_nanos(), zone)
    }
}

impl Duration {
    pub const ZERO: Duration = Duration {
        months: 0,
        days: 0,
        seconds: 0,
        nanos: 0,
    };

    /// A duration with its nanoseconds carried into seconds.
    pub fn new(months: i64, days: i64, seconds: i64, nanos: i64) -> Result<Duration> {
        let seconds = seconds
            .checked_add(nanos.div_euclid(NANOS_PER_SECOND))
            .ok_or(TemporalError::Overflow("Duration"))?;
        Ok(Duration {
            months,
            days,
            seconds,
            nanos: nanos.rem_euclid(NANOS_PER_SECOND),
        })
    }

    /// Seconds and nanoseconds together.
    pub fn total_nanos(&self) -> i128 {
        i128::from(self.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(self.nanos)
    }

    pub fn from_total_nanos(months: i64, days: i64, nanos: i128) -> Result<Duration> {
        let per = i128::from(NANOS_PER_SECOND);
        let seconds = i64::try_from(nanos.div_euclid(per))
            .map_err(|_| TemporalError::Overflow("Duration"))?;
        Ok(Duration {
            months,
            days,
            seconds,
            nanos: nanos.rem_euclid(per) as i64,
        })
    }
}

impl Temporal {
    pub fn kind(&self) -> Kind {
        match self {
            Temporal::Date(_) => Kind::Date,
            Temporal::LocalTime(_) => Kind::LocalTime,
            Temporal::Time(_) => Kind::Time,
            Temporal::LocalDateTime(_) => Kind::LocalDateTime,
            Temporal::DateTime(_) => Kind::DateTime,
        }
    }

    pub fn date(&self) -> Option<Date> {
        match self {
            Temporal::Date(d) => Some(*d),
            Temporal::LocalDateTime(ldt) => Some(ldt.date),
            Temporal::DateTime(dt) => Some(dt.local.date),
            Temporal::LocalTime(_) | Temporal::Time(_) => None,
        }
    }

    pub fn local_time(&self) -> Option<LocalTime> {
        match self {
            Temporal::Date(_) => None,
            Temporal::LocalTime(t) => Some(*t),
            Temporal::Time(t) => Some(t.time),
            Temporal::LocalDateTime(ldt) => Some(ldt.time),
            Temporal::DateTime(dt) => Some(dt.local.time),
        }
    }

    /// The zone, for the values that have one.
    pub fn zone(&self) -> Option<Zone> {
        match self {
            Temporal::Time(t) => Some(Zone::Offset(t.offset)),
            Temporal::DateTime(dt) => Some(dt.zone()),
            _ => None,
        }
    }

    pub fn offset(&self) -> Option<i32> {
        match self {
            Temporal::Time(t) => Some(t.offset),
            Temporal::DateTime(dt) => Some(dt.offset),
            _ => None,
        }
    }

    /// The value of an accessor such as `year` or `offsetMinutes`; `None` when the value
    /// has no such component.
    pub fn component(&self, name: &str) -> Option<Component> {
        let date = self.date();
        let time = self.local_time();
        let int = Component::Int;
        let lower = name.to_ascii_lowercase();
        let from_date = |f: fn(Date) -> i64| date.map(|d| int(f(d)));
        let from_time = |f: fn(LocalTime) -> i64| time.map(|t| int(f(t)));
        match lower.as_str() {
            "year" => from_date(|d| d.ymd().0),
            "quarter" => from_date(|d| civil::quarter_of_month(d.ymd().1)),
            "month" => from_date(|d| d.ymd().1),
            "week" => from_date(|d| civil::iso_week(d.0).1),
            "weekyear" => from_date(|d| civil::iso_week(d.0).0),
            "day" => from_date(|d| d.ymd().2),
            "ordinalday" => from_date(|d| civil::ordinal_day(d.0)),
            "weekday" | "dayofweek" => from_date(|d| civil::day_of_week(d.0)),
            "dayofquarter" => from_date(|d| {
                let (year, month, _) = d.ymd();
                d.0 - civil::first_day_of_quarter(year, civil::quarter_of_month(month)) + 1
            }),
            "hour" => from_time(LocalTime::hour),
            "minute" => from_time(LocalTime::minute),
            "second" => from_time(LocalTime::second),
            "millisecond" => from_time(|t| t.nanosecond() / 1_000_000),
            "microsecond" => from_time(|t| t.nanosecond() / 1_000),
            "nanosecond" => from_time(LocalTime::nanosecond),
            "timezone" => self.zone().map(|z| Component::Text(z.to_string())),
            "offset" => self
                .offset()
                .map(|o| Component::Text(format::offset_text(o))),
            "offsetminutes" => self.offset().map(|o| int(i64::from(o) / 60)),
            "offsetseconds" => self.offset().map(|o| int(i64::from(o))),
            "epochseconds" | "epochmillis" => match self {
                Temporal::DateTime(dt) => {
                    let nanos = dt.instant_nanos();
                    let per = if lower == "epochseconds" {
                        i128::from(NANOS_PER_SECOND)
                    } else {
                        1_000_000
                    };
                    i64::try_from(nanos.div_euclid(per)).ok().map(int)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The order of two values of the same kind (`None` across kinds): zoned values by
    /// instant, then by wall clock and zone so that only equal values tie.
    pub fn compare(&self, other: &Temporal) -> Option<Ordering> {
        match (self, other) {
            (Temporal::Date(a), Temporal::Date(b)) => Some(a.cmp(b)),
            (Temporal::LocalTime(a), Temporal::LocalTime(b)) => Some(a.cmp(b)),
            (Temporal::LocalDateTime(a), Temporal::LocalDateTime(b)) => Some(a.cmp(b)),
            (Temporal::Time(a), Temporal::Time(b)) => Some(
                a.utc_nanos()
                    .cmp(&b.utc_nanos())
                    .then(a.offset.cmp(&b.offset)),
            ),
            (Temporal::DateTime(a), Temporal::DateTime(b)) => Some(
                a.instant_nanos()
                    .cmp(&b.instant_nanos())
                    .then(a.local.cmp(&b.local))
                    .then_with(|| a.zone.cmp(&b.zone)),
            ),
            _ => None,
        }
    }

    /// The kind (0 to 4, in declaration order) and the number that `<` orders values of
    /// that kind by: days, nanoseconds of the day, or nanoseconds since the epoch, in UTC
    /// for the zoned kinds.
    pub fn order_key(&self) -> (u8, i128) {
        match self {
            Temporal::Date(d) => (0, i128::from(d.0)),
            Temporal::LocalTime(t) => (1, i128::from(t.0)),
            Temporal::Time(t) => (2, i128::from(t.utc_nanos())),
            Temporal::LocalDateTime(t) => (3, t.epoch_nanos()),
            Temporal::DateTime(t) => (4, t.instant_nanos()),
        }
    }

    /// Whether `<` and friends order two values of this pair of kinds by instant alone:
    /// equal instants at different offsets are then neither less nor greater.
    pub fn compare_instants(&self, other: &Temporal) -> Option<Ordering> {
        match (self, other) {
            (Temporal::Time(a), Temporal::Time(b)) => Some(a.utc_nanos().cmp(&b.utc_nanos())),
            (Temporal::DateTime(a), Temporal::DateTime(b)) => {
                Some(a.instant_nanos().cmp(&b.instant_nanos()))
            }
            _ => self.compare(other),
        }
    }
}

/// An accessor's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Component {
    Int(i64),
    Text(String),
}

fn check_range(field: &'static str, value: i64, min: i64, max: i64) -> Result<()> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(TemporalError::OutOfRange {
            field,
            value,
            min,
            max,
        })
    }
}
