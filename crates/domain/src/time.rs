//! Time is stored in UTC and shown in Europe/Copenhagen; civil dates are shown
//! as `dd-mm-åååå` in the Danish UI.
//!
//! Danish summer time (CEST, UTC+2) runs from 01:00 UTC on the last Sunday of
//! March to 01:00 UTC on the last Sunday of October (EU rule since 1996); the
//! rest of the year is CET, UTC+1. Encoding the rule avoids shipping a tz
//! database for one zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or(NaiveDate::MIN);
    let mut d = first_next - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// Copenhagen's offset from UTC at an instant, in hours.
pub fn copenhagen_offset_hours(at: DateTime<Utc>) -> i64 {
    let y = at.year();
    let start = Utc.from_utc_datetime(&last_sunday(y, 3).and_hms_opt(1, 0, 0).unwrap_or_default());
    let end = Utc.from_utc_datetime(&last_sunday(y, 10).and_hms_opt(1, 0, 0).unwrap_or_default());
    if at >= start && at < end {
        2
    } else {
        1
    }
}

/// Local wall-clock time in Copenhagen.
pub fn to_copenhagen(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + Duration::hours(copenhagen_offset_hours(at))
}

/// The instant of a Copenhagen wall-clock time. In the autumn's repeated
/// hour the earlier (summer-time) instant is taken; a time in the spring's
/// skipped hour is read as winter time.
pub fn from_copenhagen(local: NaiveDateTime) -> DateTime<Utc> {
    for offset in [2, 1] {
        let at = Utc.from_utc_datetime(&(local - Duration::hours(offset)));
        if copenhagen_offset_hours(at) == offset {
            return at;
        }
    }
    Utc.from_utc_datetime(&(local - Duration::hours(1)))
}

/// `dd-mm-åååå`
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// `dd-mm-åååå tt:mm` in Copenhagen time.
pub fn format_datetime(at: DateTime<Utc>) -> String {
    to_copenhagen(at).format("%d-%m-%Y %H:%M").to_string()
}

/// Today's civil date in Copenhagen.
pub fn today_copenhagen(now: DateTime<Utc>) -> NaiveDate {
    to_copenhagen(now).date()
}

/// The first and last day any date in Jobspor may be: nothing it records
/// happened before 1900 or is planned after 2099, and a year 0000 or 9999
/// is a typing error, not a date.
pub const EARLIEST_DATE: (i32, u32, u32) = (1900, 1, 1);
pub const LATEST_DATE: (i32, u32, u32) = (2099, 12, 31);

/// Parses `åååå-mm-dd` (HTML date inputs, the API) or `dd-mm-åååå`, within
/// [`EARLIEST_DATE`]..=[`LATEST_DATE`].
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let d = parse_calendar_date(s)?;
    let (ey, em, ed) = EARLIEST_DATE;
    let (ly, lm, ld) = LATEST_DATE;
    let range = NaiveDate::from_ymd_opt(ey, em, ed)?..=NaiveDate::from_ymd_opt(ly, lm, ld)?;
    range.contains(&d).then_some(d)
}

/// Any calendar date in those forms, however far off: only for checks that
/// then say how far off it is (`period::sane_date`).
pub fn parse_calendar_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .ok()
}

/// Microseconds since the epoch: how instants are stored.
pub fn to_micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub fn from_micros(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn dates_outside_the_plausible_range_are_no_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_date("0000-01-01"), None);
        assert_eq!(parse_date("9999-12-31"), None);
        assert_eq!(parse_date("1899-12-31"), None);
        assert_eq!(parse_date("2100-01-01"), None);
        assert_eq!(parse_date("1900-01-01"), d(1900, 1, 1));
        assert_eq!(parse_date("31-12-2099"), d(2099, 12, 31));
        assert_eq!(parse_date(" 2026-12-07 "), d(2026, 12, 7));
    }

    #[test]
    fn summer_and_winter() {
        assert_eq!(copenhagen_offset_hours(utc("2026-01-15T12:00:00Z")), 1);
        assert_eq!(copenhagen_offset_hours(utc("2026-07-15T12:00:00Z")), 2);
        // 2026: last Sunday of March is 29th, of October the 25th.
        assert_eq!(copenhagen_offset_hours(utc("2026-03-29T00:59:59Z")), 1);
        assert_eq!(copenhagen_offset_hours(utc("2026-03-29T01:00:00Z")), 2);
        assert_eq!(copenhagen_offset_hours(utc("2026-10-25T00:59:59Z")), 2);
        assert_eq!(copenhagen_offset_hours(utc("2026-10-25T01:00:00Z")), 1);
    }

    #[test]
    fn local_times_back_to_instants() {
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            from_copenhagen(local("2026-01-15 13:00")),
            utc("2026-01-15T12:00:00Z")
        );
        assert_eq!(
            from_copenhagen(local("2026-07-15 14:00")),
            utc("2026-07-15T12:00:00Z")
        );
        assert_eq!(
            from_copenhagen(local("2026-10-25 02:30")),
            utc("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            from_copenhagen(local("2026-03-29 02:30")),
            utc("2026-03-29T01:30:00Z")
        );
        for s in ["2026-11-23 09:00", "2026-06-01 23:59"] {
            assert_eq!(to_copenhagen(from_copenhagen(local(s))), local(s));
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(
            format_datetime(utc("2026-11-22T23:30:00Z")),
            "23-11-2026 00:30"
        );
        assert_eq!(
            format_date(NaiveDate::from_ymd_opt(2015, 11, 2).unwrap()),
            "02-11-2015"
        );
        assert_eq!(
            parse_date("02-11-2015"),
            NaiveDate::from_ymd_opt(2015, 11, 2)
        );
        assert_eq!(
            parse_date("2015-11-02"),
            NaiveDate::from_ymd_opt(2015, 11, 2)
        );
        assert_eq!(parse_date("2015-13-02"), None);
    }
}
