//! Date periods typed by people (consents, interventions): both ends real
//! dates, the end not before the start, and neither absurdly far from today.

use crate::message::Message;
use crate::time::parse_calendar_date;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// How far from today a period may reach, either way.
pub const SANE_YEARS: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whole days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// A date from a form field, refused with the field's name when it is not a
/// date or lies more than [`SANE_YEARS`] from `today`.
/// `field` names the field by its catalogue key (`field.start_date`).
pub fn sane_date(s: &str, today: NaiveDate, field: &'static str) -> Result<NaiveDate, Message> {
    // Any calendar date, so that year 9999 is told it is too far off.
    let d = parse_calendar_date(s)
        .ok_or_else(|| Message::new("invalid.date_not_valid").with_word("field", field))?;
    let reach = Duration::days(366 * SANE_YEARS);
    if d < today - reach || d > today + reach {
        return Err(Message::new("invalid.date_too_far")
            .with_word("field", field)
            .with("date", d)
            .with("years", SANE_YEARS));
    }
    Ok(d)
}

/// A period from two form fields; the end may not come before the start.
pub fn sane_period(from: &str, to: &str, today: NaiveDate) -> Result<Period, Message> {
    let from = sane_date(from, today, "field.the_start_date")?;
    let to = sane_date(to, today, "field.the_end_date")?;
    if to < from {
        return Err(Message::new("invalid.the_end_date_is_before_the"));
    }
    Ok(Period { from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_are_checked() {
        let today = d(2026, 11, 22);
        let p = sane_period("2026-12-01", "28-02-2027", today).unwrap();
        assert_eq!(
            (p.from, p.to, p.days()),
            (d(2026, 12, 1), d(2027, 2, 28), 90)
        );
        assert!(p.contains(d(2027, 1, 1)) && !p.contains(d(2027, 3, 1)));
        assert!(sane_period("2026-12-01", "2026-12-01", today).is_ok());
        let e = sane_period("2026-12-02", "2026-12-01", today).unwrap_err();
        assert_eq!(e.key, "invalid.the_end_date_is_before_the", "{e:?}");
        for (a, b) in [
            ("", "2026-12-01"),
            ("2026-02-30", "2026-12-01"),
            ("1900-01-01", "2026-12-01"),
            ("2026-12-01", "9999-12-31"),
            ("2026-12-01", "31-12-2040"),
            ("1. december", "2026-12-24"),
        ] {
            assert!(sane_period(a, b, today).is_err(), "{a} – {b}");
        }
    }
}
