//! Time zones: fixed offsets (`+01:00`, `Z`) and IANA zone names, whose offsets at an
//! instant or for a wall-clock reading come from the bundled time zone database.

use std::fmt;

use jiff::tz::{AmbiguousOffset, TimeZone};

use super::civil::{NANOS_PER_SECOND, SECONDS_PER_DAY};
use super::{format, LocalDateTime, Result, TemporalError};

/// The years the zone database covers; outside them the offset of the nearest covered
/// year is used.
const ZONE_YEARS: std::ops::RangeInclusive<i64> = -9998..=9998;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Seconds east of UTC.
    Offset(i32),
    Named(Box<str>),
}

impl Zone {
    /// A zone as written in a `timezone` field or between brackets: an offset (`Z`,
    /// `+01`, `+0100`, `+01:00`, `+01:00:30`) or a zone name the database knows.
    pub fn parse(text: &str) -> Result<Zone> {
        if let Some(offset) = parse_offset(text) {
            return Ok(Zone::Offset(offset));
        }
        match TimeZone::get(text) {
            Ok(tz) => Ok(Zone::Named(
                tz.iana_name().unwrap_or(text).to_owned().into_boxed_str(),
            )),
            Err(_) => Err(TemporalError::UnknownZone(text.to_owned())),
        }
    }

    pub fn name(&self) -> Option<Box<str>> {
        match self {
            Zone::Offset(_) => None,
            Zone::Named(name) => Some(name.clone()),
        }
    }

    fn database_zone(name: &str) -> Option<TimeZone> {
        TimeZone::get(name).ok()
    }

    /// The offset in force at `instant` (nanoseconds since the epoch).
    pub fn offset_at_instant(&self, instant: i128) -> i32 {
        match self {
            Zone::Offset(offset) => *offset,
            Zone::Named(name) => {
                let Some(tz) = Zone::database_zone(name) else {
                    return 0;
                };
                let seconds = instant.div_euclid(i128::from(NANOS_PER_SECOND));
                let limit = |year: i64| (year - 1970) * 365 * SECONDS_PER_DAY;
                let seconds = seconds.clamp(
                    i128::from(limit(*ZONE_YEARS.start())),
                    i128::from(limit(*ZONE_YEARS.end())),
                ) as i64;
                match jiff::Timestamp::from_second(seconds) {
                    Ok(ts) => tz.to_offset(ts).seconds(),
                    Err(_) => 0,
                }
            }
        }
    }

    /// The wall-clock reading `local` made valid in this zone, and its offset: a reading
    /// in a gap moves on by the gap's length; a repeated one takes `preferred` if that is
    /// one of its offsets, else the earlier.
    pub fn resolve_local(
        &self,
        local: LocalDateTime,
        preferred: Option<i32>,
    ) -> Result<(LocalDateTime, i32)> {
        let Zone::Named(name) = self else {
            return Ok((local, self.offset_at_instant(0)));
        };
        let tz = Zone::database_zone(name)
            .ok_or_else(|| TemporalError::UnknownZone(name.to_string()))?;
        let (year, month, day) = local.date.ymd();
        let within_database = ZONE_YEARS.contains(&year);
        let (civil_year, civil_day) = if within_database {
            (year, day)
        } else {
            // 29 February of a leap year may be clamped into a common one.
            (
                year.clamp(*ZONE_YEARS.start(), *ZONE_YEARS.end()),
                day.min(28),
            )
        };
        let civil = jiff::civil::DateTime::new(
            civil_year as i16,
            month as i8,
            civil_day as i8,
            local.time.hour() as i8,
            local.time.minute() as i8,
            local.time.second() as i8,
            0,
        )
        .map_err(|e| TemporalError::Invalid(e.to_string()))?;
        let ambiguous = tz.to_ambiguous_timestamp(civil).offset();
        Ok(match ambiguous {
            AmbiguousOffset::Unambiguous { offset } => (local, offset.seconds()),
            AmbiguousOffset::Fold { before, after } => {
                let chosen = match preferred {
                    Some(p) if p == after.seconds() => after.seconds(),
                    _ => before.seconds(),
                };
                (local, chosen)
            }
            AmbiguousOffset::Gap { before, after } if within_database => {
                let gap = i128::from(after.seconds() - before.seconds());
                let moved = local.plus_nanos(gap * i128::from(NANOS_PER_SECOND))?;
                (moved, after.seconds())
            }
            AmbiguousOffset::Gap { after, .. } => (local, after.seconds()),
        })
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Offset(offset) => f.write_str(&format::offset_text(*offset)),
            Zone::Named(name) => f.write_str(name),
        }
    }
}

/// `Z`, `±HH`, `±HHMM`, `±HH:MM` or `±HH:MM:SS` as seconds east of UTC.
pub(super) fn parse_offset(text: &str) -> Option<i32> {
    if text == "Z" || text == "z" {
        return Some(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || rest.starts_with(':') {
        return None;
    }
    let field = |i: usize| digits.get(i..i + 2).and_then(|s| s.parse::<i32>().ok());
    let (hours, minutes, seconds) = match digits.len() {
        2 => (field(0)?, 0, 0),
        4 => (field(0)?, field(2)?, 0),
        6 => (field(0)?, field(2)?, field(4)?),
        _ => return None,
    };
    if hours > 18 || minutes > 59 || seconds > 59 {
        return None;
    }
    let total = hours * 3600 + minutes * 60 + seconds;
    if total > 18 * 3600 {
        return None;
    }
    Some(sign * total)
}
