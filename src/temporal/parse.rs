//! ISO 8601 text in every form Cypher accepts: calendar (`2015-07-21`, `20150721`,
//! `2015-07`), week (`2015-W30-2`, `2015W302`) and ordinal (`2015-202`) dates, times
//! with or without separators and fractions (`21:40:32.142`, `214032`), offsets (`Z`,
//! `+01`, `+0100`, `+01:00`), zone names in brackets, and durations (`P1Y2M3.5DT4H`,
//! `P2012-02-02T14:37:21.545`).

use super::civil;
use super::duration::{Amount, DurationUnit};
use super::zone::{parse_offset, Zone};
use super::{
    Date, DateTime, Duration, DurationBuilder, Kind, LocalDateTime, LocalTime, Result, Temporal,
    TemporalError, Time,
};

/// Parses `text` as a value of `kind`.
pub fn parse(kind: Kind, text: &str) -> Result<Temporal> {
    let fail = || TemporalError::Unparsable {
        kind: kind.type_name(),
        text: text.to_owned(),
    };
    let trimmed = text.trim();
    match kind {
        Kind::Date => date(trimmed).map(Temporal::Date).ok_or_else(fail),
        Kind::LocalTime => {
            let clock = clock(trimmed).ok_or_else(fail)?;
            if clock.offset.is_some() || clock.zone.is_some() {
                return Err(fail());
            }
            Ok(Temporal::LocalTime(clock.time))
        }
        Kind::Time => {
            let clock = clock(trimmed).ok_or_else(fail)?;
            let offset = match (&clock.offset, &clock.zone) {
                (Some(offset), _) => *offset,
                (None, Some(name)) => Zone::parse(name)?.offset_at_instant(0),
                (None, None) => 0,
            };
            Ok(Temporal::Time(Time {
                time: clock.time,
                offset,
            }))
        }
        Kind::LocalDateTime => {
            let (local, clock) = date_time(trimmed).ok_or_else(fail)?;
            if clock.offset.is_some() || clock.zone.is_some() {
                return Err(fail());
            }
            Ok(Temporal::LocalDateTime(local))
        }
        Kind::DateTime => {
            let (local, clock) = date_time(trimmed).ok_or_else(fail)?;
            let zone = match (&clock.zone, clock.offset) {
                (Some(name), _) => Zone::parse(name)?,
                (None, Some(offset)) => Zone::Offset(offset),
                (None, None) => Zone::Offset(0),
            };
            Ok(Temporal::DateTime(DateTime::of_local(
                local,
                &zone,
                clock.offset,
            )?))
        }
    }
}

/// A time of day with what followed it.
struct Clock {
    time: LocalTime,
    offset: Option<i32>,
    zone: Option<String>,
}

fn date_time(text: &str) -> Option<(LocalDateTime, Clock)> {
    let (date_text, clock_text) = match text.find(['T', 't']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let date = date(date_text)?;
    let clock = match clock_text {
        Some(clock_text) => clock(clock_text)?,
        None => Clock {
            time: LocalTime(0),
            offset: None,
            zone: None,
        },
    };
    Some((
        LocalDateTime {
            date,
            time: clock.time,
        },
        clock,
    ))
}

fn number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A calendar, week or ordinal date, extended or basic.
fn date(text: &str) -> Option<Date> {
    let (sign, unsigned) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => (1, text),
    };
    // Four-digit years stand alone; longer ones need a sign and the extended form.
    let year_len = if sign == 1 && !text.starts_with('+') {
        4
    } else {
        unsigned
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(unsigned.len())
    };
    let year = sign * number(unsigned.get(..year_len)?)?;
    let rest = &unsigned[year_len..];
    let extended = rest.starts_with('-');
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    if rest.is_empty() {
        return Date::from_ymd(year, 1, 1).ok();
    }
    if let Some(week_text) = rest.strip_prefix(['W', 'w']) {
        let week = number(week_text.get(..2)?)?;
        let day_text = &week_text[2..];
        let day_text = if extended {
            day_text.strip_prefix('-').unwrap_or(day_text)
        } else {
            day_text
        };
        let day = if day_text.is_empty() {
            1
        } else {
            number(day_text)?
        };
        return week_date(year, week, day).ok();
    }
    let parts: Vec<&str> = if extended {
        rest.split('-').collect()
    } else {
        match rest.len() {
            4 => vec![&rest[..2], &rest[2..]],
            _ => vec![rest],
        }
    };
    match parts.as_slice() {
        [ordinal] if ordinal.len() == 3 => ordinal_date(year, number(ordinal)?).ok(),
        [month] if month.len() == 2 => Date::from_ymd(year, number(month)?, 1).ok(),
        [month, day] if month.len() == 2 && day.len() == 2 => {
            Date::from_ymd(year, number(month)?, number(day)?).ok()
        }
        _ => None,
    }
}

pub(super) fn week_date(week_year: i64, week: i64, day_of_week: i64) -> Result<Date> {
    super::check_range("Week", week, 1, civil::weeks_in_week_year(week_year))?;
    super::check_range("DayOfWeek", day_of_week, 1, 7)?;
    Ok(Date(
        civil::first_monday_of_week_year(week_year) + (week - 1) * 7 + day_of_week - 1,
    ))
}

pub(super) fn ordinal_date(year: i64, ordinal: i64) -> Result<Date> {
    super::check_range("DayOfYear", ordinal, 1, civil::days_in_year(year))?;
    Ok(Date(civil::days_from_civil(year, 1, 1) + ordinal - 1))
}

/// `HH[:MM[:SS[.fff]]]` or `HH[MM[SS[.fff]]]`, then an optional offset and zone.
fn clock(text: &str) -> Option<Clock> {
    let (text, zone) = match text.find('[') {
        Some(at) => {
            let name = text[at + 1..].strip_suffix(']')?;
            (&text[..at], Some(name.to_owned()))
        }
        None => (text, None),
    };
    let (clock_text, offset) = match text.find(['+', '-', 'Z', 'z']) {
        Some(at) => (&text[..at], Some(parse_offset(&text[at..])?)),
        None => (text, None),
    };
    let (whole, nanos) = match clock_text.find(['.', ',']) {
        Some(at) => {
            let digits = &clock_text[at + 1..];
            if digits.is_empty() || digits.len() > 9 {
                return None;
            }
            let value = number(digits)?;
            (
                &clock_text[..at],
                value * 10_i64.pow(9 - digits.len() as u32),
            )
        }
        None => (clock_text, 0),
    };
    let fields: Vec<&str> = if whole.contains(':') {
        whole.split(':').collect()
    } else {
        (0..whole.len())
            .step_by(2)
            .map(|i| whole.get(i..i + 2))
            .collect::<Option<Vec<_>>>()?
    };
    if fields.is_empty() || fields.len() > 3 || fields.iter().any(|f| f.len() != 2) {
        return None;
    }
    if nanos != 0 && fields.len() < 3 {
        return None;
    }
    let field = |i: usize| fields.get(i).map_or(Some(0), |f| number(f));
    let time = LocalTime::from_hms_nano(field(0)?, field(1)?, field(2)?, nanos).ok()?;
    Some(Clock { time, offset, zone })
}

/// `P[nY][nM][nW][nD][T[nH][nM][nS]]` (any number may be signed or fractional), or the
/// alternative `PYYYY-MM-DDThh:mm:ss.fff`.
pub fn duration(text: &str) -> Result<Duration> {
    let fail = || TemporalError::Unparsable {
        kind: "Duration",
        text: text.to_owned(),
    };
    let trimmed = text.trim();
    let (negated, body) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let body = body.strip_prefix(['P', 'p']).ok_or_else(fail)?;
    let mut builder = DurationBuilder::default();
    let alternative = body.len() >= 10
        && body.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && body.as_bytes()[4] == b'-';
    if alternative {
        alternative_duration(body, &mut builder).ok_or_else(fail)?;
    } else {
        designated_duration(body, &mut builder).ok_or_else(fail)?;
    }
    let duration = builder.build()?;
    if negated {
        super::duration::negate(&duration)
    } else {
        Ok(duration)
    }
}

fn designated_duration(body: &str, builder: &mut DurationBuilder) -> Option<()> {
    let (date_part, time_part) = match body.find(['T', 't']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    if date_part.is_empty() && time_part.is_none_or(str::is_empty) {
        return None;
    }
    designators(date_part, builder, |unit| match unit {
        'Y' => Some(DurationUnit::Years),
        'M' => Some(DurationUnit::Months),
        'W' => Some(DurationUnit::Weeks),
        'D' => Some(DurationUnit::Days),
        _ => None,
    })?;
    if let Some(time_part) = time_part {
        if time_part.is_empty() {
            return None;
        }
        designators(time_part, builder, |unit| match unit {
            'H' => Some(DurationUnit::Hours),
            'M' => Some(DurationUnit::Minutes),
            'S' => Some(DurationUnit::Seconds),
            _ => None,
        })?;
    }
    Some(())
}

fn designators(
    mut text: &str,
    builder: &mut DurationBuilder,
    unit_of: impl Fn(char) -> Option<DurationUnit>,
) -> Option<()> {
    while !text.is_empty() {
        let at = text.find(|c: char| c.is_ascii_alphabetic())?;
        let unit = unit_of(text[at..].chars().next()?.to_ascii_uppercase())?;
        builder.add(unit, amount(&text[..at])?);
        text = &text[at + 1..];
    }
    Some(())
}

/// A signed decimal number, `,` or `.` before its fraction.
fn amount(text: &str) -> Option<Amount> {
    let normal = text.replace(',', ".");
    let unsigned = normal.strip_prefix(['-', '+']).unwrap_or(&normal);
    if unsigned.is_empty() || unsigned.starts_with('.') {
        return None;
    }
    if !unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if normal.contains('.') {
        normal.parse().ok().map(Amount::Float)
    } else {
        normal.parse().ok().map(Amount::Int)
    }
}

fn alternative_duration(body: &str, builder: &mut DurationBuilder) -> Option<()> {
    let (date_part, time_part) = match body.find(['T', 't']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mut date_fields = date_part.split('-');
    for unit in [
        DurationUnit::Years,
        DurationUnit::Months,
        DurationUnit::Days,
    ] {
        builder.add(unit, Amount::Int(number(date_fields.next()?)?));
    }
    if let Some(time_part) = time_part {
        let mut fields = time_part.split(':');
        builder.add(DurationUnit::Hours, Amount::Int(number(fields.next()?)?));
        builder.add(DurationUnit::Minutes, Amount::Int(number(fields.next()?)?));
        builder.add(DurationUnit::Seconds, amount(fields.next()?)?);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(kind: Kind, input: &str) -> String {
        parse(kind, input)
            .map(|t| t.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn dates_in_calendar_week_and_ordinal_forms() {
        for input in [
            "2015-07-21",
            "20150721",
            "2015-W30-2",
            "2015W302",
            "2015-202",
            "2015202",
        ] {
            assert_eq!(text(Kind::Date, input), "2015-07-21", "{input}");
        }
        assert_eq!(text(Kind::Date, "2015-W30"), "2015-07-20");
        assert_eq!(text(Kind::Date, "201507"), "2015-07-01");
        assert_eq!(text(Kind::Date, "2015"), "2015-01-01");
        assert_eq!(text(Kind::Date, "+999999999-12-31"), "+999999999-12-31");
        assert!(parse(Kind::Date, "2015-02-30").is_err());
        assert!(parse(Kind::Date, "2015-W54").is_err());
    }

    #[test]
    fn times_with_fractions_and_offsets() {
        assert_eq!(text(Kind::LocalTime, "214032.142"), "21:40:32.142");
        assert_eq!(text(Kind::LocalTime, "21"), "21:00");
        assert_eq!(text(Kind::Time, "2140-02"), "21:40-02:00");
        assert_eq!(text(Kind::Time, "2140-00:00"), "21:40Z");
        assert_eq!(text(Kind::Time, "22+18:00"), "22:00+18:00");
        assert!(parse(Kind::LocalTime, "24:00").is_err());
        assert!(parse(Kind::Time, "12:00+19:00").is_err());
    }

    #[test]
    fn date_times_take_the_zone_database_offset() {
        assert_eq!(
            text(Kind::DateTime, "2015-07-21T21:40:32.142[Europe/London]"),
            "2015-07-21T21:40:32.142+01:00[Europe/London]"
        );
        // Local mean time, before Sweden adopted standard time.
        assert_eq!(
            text(Kind::DateTime, "1818-07-21T21:40:32.142[Europe/Stockholm]"),
            "1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]"
        );
        assert_eq!(
            text(Kind::DateTime, "2015-W30T2140-02"),
            "2015-07-20T21:40-02:00"
        );
        assert!(parse(Kind::DateTime, "2015-07-21T21:40[Mars/Olympus]").is_err());
    }

    #[test]
    fn wall_clock_readings_in_a_gap_move_on_and_repeated_ones_take_the_earlier_offset() {
        assert_eq!(
            text(Kind::DateTime, "2017-03-26T02:30[Europe/Stockholm]"),
            "2017-03-26T03:30+02:00[Europe/Stockholm]"
        );
        assert_eq!(
            text(Kind::DateTime, "2017-10-29T02:30[Europe/Stockholm]"),
            "2017-10-29T02:30+02:00[Europe/Stockholm]"
        );
        // An offset given with the zone picks the later reading.
        assert_eq!(
            text(Kind::DateTime, "2017-10-29T02:30+01:00[Europe/Stockholm]"),
            "2017-10-29T02:30+01:00[Europe/Stockholm]"
        );
    }

    #[test]
    fn durations_with_fractions_carry_into_smaller_units() {
        let show = |s: &str| duration(s).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(show("P5M1.5D"), "P5M1DT12H");
        assert_eq!(show("P0.75M"), "P22DT19H51M49.5S");
        assert_eq!(show("PT0.75M"), "PT45S");
        assert_eq!(show("P2.5W"), "P17DT12H");
        assert_eq!(show("P12Y5M14DT16H12M70S"), "P12Y5M14DT16H13M10S");
        assert_eq!(show("P2012-02-02T14:37:21.545"), "P2012Y2M2DT14H37M21.545S");
        assert_eq!(show("PT-1M-0.001S"), "PT-1M-0.001S");
        assert!(duration("P").is_err());
        assert!(duration("PT").is_err());
        assert!(duration("P1Q").is_err());
    }
}
