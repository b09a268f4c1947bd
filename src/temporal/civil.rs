//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01): month
//! lengths, ISO week dates, quarters and ordinal days.

/// Nanoseconds in a second, minute, hour and day.
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SECOND;
pub const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;
pub const NANOS_PER_DAY: i64 = 24 * NANOS_PER_HOUR;
pub const SECONDS_PER_DAY: i64 = 86_400;

pub fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn days_in_year(year: i64) -> i64 {
    if is_leap(year) {
        366
    } else {
        365
    }
}

/// The day number of a valid year, month (1–12) and day of month.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Counting years from March puts the leap day last, so each era of 400 years repeats.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Year, month and day of a day number.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// ISO day of week: 1 for Monday through 7 for Sunday.
pub fn day_of_week(days: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) + 1
}

/// Day of the year, from 1.
pub fn ordinal_day(days: i64) -> i64 {
    let (year, _, _) = civil_from_days(days);
    days - days_from_civil(year, 1, 1) + 1
}

/// The ISO week-based year and week number (1–53) of a day.
pub fn iso_week(days: i64) -> (i64, i64) {
    // A week belongs to the year that holds its Thursday.
    let thursday = days - day_of_week(days) + 4;
    let (year, _, _) = civil_from_days(thursday);
    (year, (ordinal_day(thursday) - 1) / 7 + 1)
}

/// The Monday of week 1 of an ISO week-based year.
pub fn first_monday_of_week_year(week_year: i64) -> i64 {
    let jan4 = days_from_civil(week_year, 1, 4);
    jan4 - day_of_week(jan4) + 1
}

/// The number of ISO weeks (52 or 53) in a week-based year.
pub fn weeks_in_week_year(week_year: i64) -> i64 {
    (first_monday_of_week_year(week_year + 1) - first_monday_of_week_year(week_year)) / 7
}

pub fn quarter_of_month(month: i64) -> i64 {
    (month - 1) / 3 + 1
}

/// The first day of a quarter (1–4) of a year.
pub fn first_day_of_quarter(year: i64, quarter: i64) -> i64 {
    days_from_civil(year, (quarter - 1) * 3 + 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_across_eras_and_leap_days() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (1900, 3, 1),
            (-1, 12, 31),
            (1600, 2, 29),
            (9999, 12, 31),
        ] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
        assert_eq!(
            days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28),
            1
        );
    }

    #[test]
    fn iso_weeks_straddle_year_ends() {
        // 1816-12-30 is the Monday of week 1 of 1817; 1818 has 53 weeks.
        assert_eq!(iso_week(days_from_civil(1816, 12, 30)), (1817, 1));
        assert_eq!(weeks_in_week_year(1818), 53);
        assert_eq!(iso_week(days_from_civil(1984, 1, 1)), (1983, 52));
        assert_eq!(day_of_week(days_from_civil(2015, 7, 21)), 2);
        assert_eq!(
            first_monday_of_week_year(2015) + 29 * 7 + 1,
            days_from_civil(2015, 7, 21)
        );
    }
}
