//! Building temporal values from components: the fields of a map (`{year: 1984,
//! week: 10}`), other temporal values to select from (`{date: d, hour: 12}`), a zone to
//! move into, the current instant, and truncation to a unit followed by adjustments.

use super::civil::{self, NANOS_PER_SECOND};
use super::parse::{ordinal_date, week_date};
use super::{
    check_range, Date, DateTime, LocalDateTime, LocalTime, Result, Temporal, TemporalError, Time,
    Zone,
};

/// The five instant-like types, as the constructor functions name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
}

impl Kind {
    /// The constructor function of this kind (`date`, `localtime`, …).
    pub fn from_function(name: &str) -> Option<Kind> {
        Some(match name {
            "date" => Kind::Date,
            "localtime" => Kind::LocalTime,
            "time" => Kind::Time,
            "localdatetime" => Kind::LocalDateTime,
            "datetime" => Kind::DateTime,
            _ => return None,
        })
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Date => "Date",
            Kind::LocalTime => "LocalTime",
            Kind::Time => "Time",
            Kind::LocalDateTime => "LocalDateTime",
            Kind::DateTime => "DateTime",
        }
    }

    fn has_date(self) -> bool {
        matches!(self, Kind::Date | Kind::LocalDateTime | Kind::DateTime)
    }
}

/// The fields of a constructor map, each optional.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub year: Option<i64>,
    pub quarter: Option<i64>,
    pub month: Option<i64>,
    pub week: Option<i64>,
    pub day_of_week: Option<i64>,
    pub ordinal_day: Option<i64>,
    pub day_of_quarter: Option<i64>,
    pub day: Option<i64>,
    pub hour: Option<i64>,
    pub minute: Option<i64>,
    pub second: Option<i64>,
    pub millisecond: Option<i64>,
    pub microsecond: Option<i64>,
    pub nanosecond: Option<i64>,
    pub epoch_seconds: Option<i64>,
    pub epoch_millis: Option<i64>,
    /// `date:`, `time:` and `datetime:`: values whose components are selected.
    pub date: Option<Temporal>,
    pub time: Option<Temporal>,
    pub datetime: Option<Temporal>,
    pub timezone: Option<Zone>,
}

impl Fields {
    /// Sets the integer field `name` (case-insensitive); false when there is no such field.
    pub fn set_number(&mut self, name: &str, value: i64) -> bool {
        let slot = match name.to_ascii_lowercase().as_str() {
            "year" => &mut self.year,
            "quarter" => &mut self.quarter,
            "month" => &mut self.month,
            "week" => &mut self.week,
            "dayofweek" => &mut self.day_of_week,
            "ordinalday" => &mut self.ordinal_day,
            "dayofquarter" => &mut self.day_of_quarter,
            "day" => &mut self.day,
            "hour" => &mut self.hour,
            "minute" => &mut self.minute,
            "second" => &mut self.second,
            "millisecond" => &mut self.millisecond,
            "microsecond" => &mut self.microsecond,
            "nanosecond" => &mut self.nanosecond,
            "epochseconds" => &mut self.epoch_seconds,
            "epochmillis" => &mut self.epoch_millis,
            _ => return false,
        };
        *slot = Some(value);
        true
    }

    fn has_date_fields(&self) -> bool {
        [
            self.year,
            self.quarter,
            self.month,
            self.week,
            self.day_of_week,
            self.ordinal_day,
            self.day_of_quarter,
            self.day,
        ]
        .iter()
        .any(Option::is_some)
    }

    fn has_time_fields(&self) -> bool {
        [
            self.hour,
            self.minute,
            self.second,
            self.millisecond,
            self.microsecond,
            self.nanosecond,
        ]
        .iter()
        .any(Option::is_some)
    }

    /// Whether the map names nothing but (at most) a zone: the current instant is meant.
    pub fn is_only_zone(&self) -> bool {
        !self.has_date_fields()
            && !self.has_time_fields()
            && self.date.is_none()
            && self.time.is_none()
            && self.datetime.is_none()
            && self.epoch_seconds.is_none()
            && self.epoch_millis.is_none()
    }
}

/// A temporal value taken apart.
#[derive(Debug, Default, Clone)]
struct Parts {
    date: Option<Date>,
    time: Option<LocalTime>,
    zone: Option<Zone>,
    /// The offset the zone had, to keep where a wall-clock reading repeats.
    offset: Option<i32>,
}

impl Parts {
    fn of(t: &Temporal) -> Parts {
        Parts {
            date: t.date(),
            time: t.local_time(),
            zone: t.zone(),
            offset: t.offset(),
        }
    }
}

/// A value of `kind` from the fields of a map; `now` (nanoseconds since the epoch) is
/// used when the map names only a zone.
pub fn from_fields(kind: Kind, fields: &Fields, now: i128) -> Result<Temporal> {
    if fields.is_only_zone() {
        return current(kind, fields.timezone.as_ref(), now);
    }
    if let Some(instant) = epoch_instant(fields) {
        let zone = fields.timezone.clone().unwrap_or(Zone::Offset(0));
        return convert(
            kind,
            &Temporal::DateTime(DateTime::at_instant(instant, &zone)?),
        );
    }
    let mut parts = Parts::default();
    if let Some(base) = &fields.datetime {
        parts = Parts::of(base);
    }
    if let Some(base) = &fields.date {
        parts.date = Some(base.date().ok_or_else(|| cannot_select("date", base))?);
    }
    if let Some(base) = &fields.time {
        parts.time = Some(
            base.local_time()
                .ok_or_else(|| cannot_select("time", base))?,
        );
        if base.zone().is_some() {
            parts.zone = base.zone();
            parts.offset = base.offset();
        }
    }
    apply_fields(&mut parts, fields)?;
    if let Some(zone) = &fields.timezone {
        move_into_zone(&mut parts, zone, now)?;
    }
    assemble(kind, parts, now)
}

fn epoch_instant(fields: &Fields) -> Option<i128> {
    let nanos = i128::from(fields.nanosecond.unwrap_or(0));
    if let Some(seconds) = fields.epoch_seconds {
        return Some(i128::from(seconds) * i128::from(NANOS_PER_SECOND) + nanos);
    }
    fields
        .epoch_millis
        .map(|millis| i128::from(millis) * 1_000_000 + nanos)
}

fn cannot_select(key: &str, base: &Temporal) -> TemporalError {
    TemporalError::Invalid(format!(
        "Cannot select the {key} of a {}.",
        base.kind().type_name()
    ))
}

/// The current instant as a value of `kind`, in `zone` (UTC when none is given).
pub fn current(kind: Kind, zone: Option<&Zone>, now: i128) -> Result<Temporal> {
    let zone = zone.cloned().unwrap_or(Zone::Offset(0));
    convert(kind, &Temporal::DateTime(DateTime::at_instant(now, &zone)?))
}

/// `kind(value)`: the components of `value` that `kind` has (a missing time is midnight,
/// a missing zone UTC).
pub fn convert(kind: Kind, value: &Temporal) -> Result<Temporal> {
    let lacks_date = kind.has_date() && value.date().is_none();
    let lacks_time = matches!(kind, Kind::LocalTime | Kind::Time) && value.local_time().is_none();
    if lacks_date || lacks_time {
        return Err(TemporalError::Invalid(format!(
            "Cannot construct a {} from a {}.",
            kind.type_name(),
            value.kind().type_name()
        )));
    }
    assemble(kind, Parts::of(value), 0)
}

/// Moves the parts into `zone`: the same instant when they had a zone (the time of day
/// alone when there is no date), the same wall clock otherwise.
fn move_into_zone(parts: &mut Parts, zone: &Zone, now: i128) -> Result<()> {
    let Some(old_zone) = parts.zone.clone() else {
        parts.zone = Some(zone.clone());
        parts.offset = None;
        return Ok(());
    };
    let time = parts.time.unwrap_or(LocalTime(0));
    match parts.date {
        Some(date) => {
            let local = LocalDateTime { date, time };
            let moved =
                DateTime::of_local(local, &old_zone, parts.offset)?.with_zone_same_instant(zone)?;
            parts.date = Some(moved.local.date);
            parts.time = Some(moved.local.time);
            parts.offset = Some(moved.offset);
        }
        None => {
            let old = parts
                .offset
                .unwrap_or_else(|| old_zone.offset_at_instant(now));
            let new = zone.offset_at_instant(now);
            parts.time =
                Some(time.plus_nanos(i128::from(new - old) * i128::from(NANOS_PER_SECOND)));
            parts.offset = Some(new);
        }
    }
    parts.zone = Some(zone.clone());
    Ok(())
}

/// Overrides the selected components with the map's date and time fields.
fn apply_fields(parts: &mut Parts, fields: &Fields) -> Result<()> {
    if fields.has_date_fields() {
        parts.date = Some(date_from_fields(parts.date, fields)?);
    }
    if fields.has_time_fields() {
        parts.time = Some(time_from_fields(parts.time, fields)?);
    }
    Ok(())
}

fn date_from_fields(base: Option<Date>, f: &Fields) -> Result<Date> {
    let year_of = |base_year: Option<i64>| {
        let year = f.year.or(base_year).ok_or_else(|| {
            TemporalError::Invalid(
                "A date needs a year when it selects from no other date.".to_owned(),
            )
        })?;
        check_range("Year", year, -super::MAX_YEAR, super::MAX_YEAR)?;
        Ok(year)
    };
    if f.week.is_some() || f.day_of_week.is_some() {
        let (week_year, week) = base.map_or((None, None), |d| {
            let (y, w) = civil::iso_week(d.0);
            (Some(y), Some(w))
        });
        let day_of_week = f
            .day_of_week
            .or(base.map(|d| civil::day_of_week(d.0)))
            .unwrap_or(1);
        return week_date(
            year_of(week_year)?,
            f.week.or(week).unwrap_or(1),
            day_of_week,
        );
    }
    let base_ymd = base.map(Date::ymd);
    let year = year_of(base_ymd.map(|(y, _, _)| y))?;
    if let Some(ordinal) = f.ordinal_day {
        return ordinal_date(year, ordinal);
    }
    if f.quarter.is_some() || f.day_of_quarter.is_some() {
        let base_quarter = base_ymd.map(|(_, m, _)| civil::quarter_of_month(m));
        let quarter = f.quarter.or(base_quarter).unwrap_or(1);
        check_range("QuarterOfYear", quarter, 1, 4)?;
        let base_day = base.map(|d| {
            let (y, m, _) = d.ymd();
            d.0 - civil::first_day_of_quarter(y, civil::quarter_of_month(m)) + 1
        });
        let day_of_quarter = f.day_of_quarter.or(base_day).unwrap_or(1);
        let first = civil::first_day_of_quarter(year, quarter);
        let length = civil::first_day_of_quarter(year + quarter / 4, quarter % 4 + 1) - first;
        check_range("DayOfQuarter", day_of_quarter, 1, length)?;
        return Ok(Date(first + day_of_quarter - 1));
    }
    let month = f.month.or(base_ymd.map(|(_, m, _)| m)).unwrap_or(1);
    let day = f.day.or(base_ymd.map(|(_, _, d)| d)).unwrap_or(1);
    Date::from_ymd(year, month, day)
}

fn time_from_fields(base: Option<LocalTime>, f: &Fields) -> Result<LocalTime> {
    let nanos = if f.millisecond.is_some() || f.microsecond.is_some() || f.nanosecond.is_some() {
        subsecond(base, f)?
    } else {
        base.map_or(0, LocalTime::nanosecond)
    };
    let base = base.unwrap_or(LocalTime(0));
    LocalTime::from_hms_nano(
        f.hour.unwrap_or(base.hour()),
        f.minute.unwrap_or(base.minute()),
        f.second.unwrap_or(base.second()),
        nanos,
    )
}

/// The fraction of a second from `millisecond`, `microsecond` and `nanosecond`, which
/// add up: a smaller unit counts within the larger one when that is given too. Over a
/// base time, a unit not given keeps the base's digits at that place.
fn subsecond(base: Option<LocalTime>, f: &Fields) -> Result<i64> {
    let base_nanos = base.map_or(0, LocalTime::nanosecond);
    let millis = f.millisecond.unwrap_or(base_nanos / 1_000_000);
    let micros = f.microsecond.unwrap_or(base_nanos / 1_000 % 1_000);
    let nanos = f.nanosecond.unwrap_or(base_nanos % 1_000);
    check_range("MilliOfSecond", millis, 0, 999)?;
    let micro_max = if f.millisecond.is_some() {
        999
    } else {
        999_999
    };
    check_range("MicroOfSecond", micros, 0, micro_max)?;
    let nano_max = match (f.millisecond, f.microsecond) {
        (_, Some(_)) => 999,
        (Some(_), None) => 999_999,
        (None, None) => NANOS_PER_SECOND - 1,
    };
    check_range("NanoOfSecond", nanos, 0, nano_max)?;
    let total = millis * 1_000_000 + micros * 1_000 + nanos;
    check_range("NanoOfSecond", total, 0, NANOS_PER_SECOND - 1)?;
    Ok(total)
}

/// Puts the parts together as a value of `kind`.
fn assemble(kind: Kind, parts: Parts, now: i128) -> Result<Temporal> {
    let missing =
        |what: &str| TemporalError::Invalid(format!("A {} needs a {what}.", kind.type_name()));
    let time = parts.time.unwrap_or(LocalTime(0));
    let zone = parts.zone.clone().unwrap_or(Zone::Offset(0));
    Ok(match kind {
        Kind::Date => Temporal::Date(parts.date.ok_or_else(|| missing("date"))?),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::Time => {
            let offset = match (&zone, parts.offset) {
                (Zone::Offset(offset), _) => *offset,
                (Zone::Named(_), Some(offset)) => offset,
                (Zone::Named(_), None) => match parts.date {
                    Some(date) => {
                        DateTime::of_local(LocalDateTime { date, time }, &zone, None)?.offset
                    }
                    None => zone.offset_at_instant(now),
                },
            };
            Temporal::Time(Time { time, offset })
        }
        Kind::LocalDateTime => Temporal::LocalDateTime(LocalDateTime {
            date: parts.date.ok_or_else(|| missing("date"))?,
            time,
        }),
        Kind::DateTime => {
            let local = LocalDateTime {
                date: parts.date.ok_or_else(|| missing("date"))?,
                time,
            };
            Temporal::DateTime(DateTime::of_local(local, &zone, parts.offset)?)
        }
    })
}

/// The units `truncate` rounds down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TruncateUnit {
    Millennium,
    Century,
    Decade,
    Year,
    WeekYear,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
}

impl TruncateUnit {
    pub fn from_name(name: &str) -> Option<TruncateUnit> {
        Some(match name.to_ascii_lowercase().as_str() {
            "millennium" => TruncateUnit::Millennium,
            "century" => TruncateUnit::Century,
            "decade" => TruncateUnit::Decade,
            "year" => TruncateUnit::Year,
            "weekyear" => TruncateUnit::WeekYear,
            "quarter" => TruncateUnit::Quarter,
            "month" => TruncateUnit::Month,
            "week" => TruncateUnit::Week,
            "day" => TruncateUnit::Day,
            "hour" => TruncateUnit::Hour,
            "minute" => TruncateUnit::Minute,
            "second" => TruncateUnit::Second,
            "millisecond" => TruncateUnit::Millisecond,
            "microsecond" => TruncateUnit::Microsecond,
            _ => return None,
        })
    }

    fn truncate_date(self, date: Date) -> Date {
        let (year, month, _) = date.ymd();
        let year_start = |y: i64| Date(civil::days_from_civil(y, 1, 1));
        match self {
            TruncateUnit::Millennium => year_start(year.div_euclid(1000) * 1000),
            TruncateUnit::Century => year_start(year.div_euclid(100) * 100),
            TruncateUnit::Decade => year_start(year.div_euclid(10) * 10),
            TruncateUnit::Year => year_start(year),
            TruncateUnit::WeekYear => {
                Date(civil::first_monday_of_week_year(civil::iso_week(date.0).0))
            }
            TruncateUnit::Quarter => Date(civil::first_day_of_quarter(
                year,
                civil::quarter_of_month(month),
            )),
            TruncateUnit::Month => Date(civil::days_from_civil(year, month, 1)),
            TruncateUnit::Week => Date(date.0 - civil::day_of_week(date.0) + 1),
            _ => date,
        }
    }

    fn truncate_time(self, time: LocalTime) -> LocalTime {
        let step = match self {
            TruncateUnit::Hour => civil::NANOS_PER_HOUR,
            TruncateUnit::Minute => civil::NANOS_PER_MINUTE,
            TruncateUnit::Second => NANOS_PER_SECOND,
            TruncateUnit::Millisecond => 1_000_000,
            TruncateUnit::Microsecond => 1_000,
            _ => return LocalTime(0),
        };
        LocalTime(time.0 - time.0 % step)
    }

    fn is_date_unit(self) -> bool {
        !matches!(
            self,
            TruncateUnit::Hour
                | TruncateUnit::Minute
                | TruncateUnit::Second
                | TruncateUnit::Millisecond
                | TruncateUnit::Microsecond
        )
    }
}

/// `kind.truncate(unit, value, fields)`: `value` rounded down to `unit`, put in the map's
/// zone if it names one (same wall clock), then adjusted by the map's other fields.
pub fn truncate(
    kind: Kind,
    unit: TruncateUnit,
    value: &Temporal,
    fields: &Fields,
) -> Result<Temporal> {
    let unsupported = || {
        TemporalError::Invalid(format!(
            "Cannot truncate a {} to a {unit:?} as a {}.",
            value.kind().type_name(),
            kind.type_name()
        ))
    };
    if (kind == Kind::Date && !unit.is_date_unit())
        || (!kind.has_date() && unit.is_date_unit() && unit != TruncateUnit::Day)
    {
        return Err(unsupported());
    }
    let mut parts = Parts::of(value);
    if kind.has_date() {
        let date = parts.date.ok_or_else(unsupported)?;
        parts.date = Some(unit.truncate_date(date));
    }
    parts.time = Some(unit.truncate_time(parts.time.unwrap_or(LocalTime(0))));
    if let Some(zone) = &fields.timezone {
        parts.zone = Some(zone.clone());
        parts.offset = None;
    }
    apply_fields(&mut parts, fields)?;
    assemble(kind, parts, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::temporal::parse::parse;

    fn value(kind: Kind, text: &str) -> Temporal {
        parse(kind, text).expect("a valid literal")
    }

    #[test]
    fn week_fields_select_from_a_week_based_year() {
        let fields = Fields {
            date: Some(value(Kind::Date, "1816-12-30")),
            week: Some(2),
            day_of_week: Some(3),
            ..Fields::default()
        };
        let built = from_fields(Kind::Date, &fields, 0).map(|t| t.to_string());
        assert_eq!(built.as_deref(), Ok("1817-01-08"));
        let fields = Fields {
            year: Some(1818),
            week: Some(53),
            ..Fields::default()
        };
        let built = from_fields(Kind::Date, &fields, 0).map(|t| t.to_string());
        assert_eq!(built.as_deref(), Ok("1818-12-28"));
    }

    #[test]
    fn years_beyond_the_range_are_errors_not_overflows() {
        for fields in [
            Fields {
                year: Some(i64::MAX),
                week: Some(1),
                ..Fields::default()
            },
            Fields {
                year: Some(i64::MIN),
                ordinal_day: Some(1),
                ..Fields::default()
            },
            Fields {
                year: Some(1_000_000_000),
                ..Fields::default()
            },
        ] {
            assert!(from_fields(Kind::Date, &fields, 0).is_err());
        }
    }

    #[test]
    fn a_new_zone_keeps_the_instant_of_a_zoned_base() {
        let fields = Fields {
            datetime: Some(value(Kind::DateTime, "1984-10-11T12:00[Europe/Stockholm]")),
            day: Some(28),
            second: Some(42),
            timezone: Some(Zone::parse("Pacific/Honolulu").expect("known zone")),
            ..Fields::default()
        };
        let built = from_fields(Kind::DateTime, &fields, 0).map(|t| t.to_string());
        assert_eq!(
            built.as_deref(),
            Ok("1984-10-28T01:00:42-10:00[Pacific/Honolulu]")
        );
    }

    #[test]
    fn truncation_rounds_down_then_adjusts() {
        let dt = value(Kind::DateTime, "1984-01-01T12:31:14.645876123+01:00");
        let adjust = Fields {
            day: Some(5),
            ..Fields::default()
        };
        let show =
            |kind, unit, fields: &Fields| truncate(kind, unit, &dt, fields).map(|t| t.to_string());
        assert_eq!(
            show(Kind::Date, TruncateUnit::WeekYear, &adjust).as_deref(),
            Ok("1983-01-05")
        );
        assert_eq!(
            show(
                Kind::DateTime,
                TruncateUnit::Millisecond,
                &Fields::default()
            )
            .as_deref(),
            Ok("1984-01-01T12:31:14.645+01:00")
        );
        let zone = Fields {
            timezone: Some(Zone::parse("Europe/Stockholm").expect("known zone")),
            ..Fields::default()
        };
        assert_eq!(
            show(Kind::DateTime, TruncateUnit::Century, &zone).as_deref(),
            Ok("1900-01-01T00:00+01:00[Europe/Stockholm]")
        );
    }
}
