//! The ISO forms in which temporal values print, as Neo4j writes them: `1984-10-11`,
//! `12:31:14.645876`, `+01:00` (`Z` for UTC), `…[Europe/Stockholm]`, `P1Y2M3DT4H5M6.5S`.

use std::fmt::{self, Write};

use super::civil::NANOS_PER_SECOND;
use super::{Date, DateTime, Duration, LocalDateTime, LocalTime, Temporal, Time};

/// An offset as `Z`, `±HH:MM` or, with seconds, `±HH:MM:SS`.
pub fn offset_text(offset: i32) -> String {
    if offset == 0 {
        return "Z".to_owned();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    let mut text = format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60);
    if abs % 60 != 0 {
        let _ = write!(text, ":{:02}", abs % 60);
    }
    text
}

/// A fraction of a second in groups of three digits, as few groups as needed.
fn fraction(nanos: i64) -> String {
    if nanos % 1_000_000 == 0 {
        format!(".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!(".{:06}", nanos / 1_000)
    } else {
        format!(".{nanos:09}")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        if year > 9999 {
            write!(f, "+{year}")?;
        } else if year < 0 {
            write!(f, "-{:04}", year.unsigned_abs())?;
        } else {
            write!(f, "{year:04}")?;
        }
        write!(f, "-{month:02}-{day:02}")
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())?;
        let (second, nanos) = (self.second(), self.nanosecond());
        if second != 0 || nanos != 0 {
            write!(f, ":{second:02}")?;
            if nanos != 0 {
                f.write_str(&fraction(nanos))?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.time, offset_text(self.offset))
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.local, offset_text(self.offset))?;
        if let Some(zone) = &self.zone {
            write!(f, "[{zone}]")?;
        }
        Ok(())
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Duration::ZERO {
            return f.write_str("PT0S");
        }
        let mut text = String::from("P");
        let part = |text: &mut String, amount: i64, unit: char| {
            if amount != 0 {
                let _ = write!(text, "{amount}{unit}");
            }
        };
        part(&mut text, self.months / 12, 'Y');
        part(&mut text, self.months % 12, 'M');
        part(&mut text, self.days, 'D');
        if self.seconds != 0 || self.nanos != 0 {
            text.push('T');
            // Printed with one sign: a negative duration's nanoseconds count down too.
            let negative = self.seconds < 0;
            let (mut seconds, mut nanos) = (self.seconds, self.nanos);
            if negative && nanos != 0 {
                seconds += 1;
                nanos = NANOS_PER_SECOND - nanos;
            }
            part(&mut text, seconds / 3600, 'H');
            part(&mut text, seconds % 3600 / 60, 'M');
            let whole = seconds % 60;
            if whole != 0 || nanos != 0 {
                if whole == 0 && negative {
                    text.push('-');
                }
                let _ = write!(text, "{whole}");
                if nanos != 0 {
                    let digits = format!("{nanos:09}");
                    let _ = write!(text, ".{}", digits.trim_end_matches('0'));
                }
                text.push('S');
            }
        }
        f.write_str(&text)
    }
}

impl fmt::Display for Temporal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::Date(d) => d.fmt(f),
            Temporal::LocalTime(t) => t.fmt(f),
            Temporal::Time(t) => t.fmt(f),
            Temporal::LocalDateTime(t) => t.fmt(f),
            Temporal::DateTime(t) => t.fmt(f),
        }
    }
}
