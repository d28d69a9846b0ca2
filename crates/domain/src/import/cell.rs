//! One cell of an imported file: refusing formulas, and reading dates the
//! ways the systems a municipality has today write them.

use crate::message::Message;
use chrono::{Duration, NaiveDate};

/// Whether a cell is a formula (or would be one to a spreadsheet that
/// opens an export of it): `=…`, and `+`, `-`, `@` before a letter or a
/// bracket. A phone number's `+45` and a negative number are not.
pub fn is_formula(s: &str) -> bool {
    let t = s.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('=') => true,
        Some('+' | '-' | '@') => chars.next().is_some_and(|c| c.is_alphabetic() || c == '('),
        _ => false,
    }
}

/// Day 0 of Excel's serial dates (the 1900 system, whose false 29 February
/// 1900 makes every serial from 61 on count from here).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// The serials of 1990-01-01 and 2099-12-31: a number in between in a date
/// column is a date Excel wrote as a number.
const EXCEL_FIRST: i64 = 32874;
const EXCEL_LAST: i64 = 73050;

/// A date as written: `2026-03-01`, `01-03-2026`, `01.03.2026`, `01/03/2026`,
/// or an Excel serial date (`46082`, also `46082.0`). Within `from..=to`.
pub fn date(s: &str, from: NaiveDate, to: NaiveDate) -> Result<NaiveDate, Message> {
    let t = s.trim();
    let d = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .or_else(|| excel_serial(t));
    match d {
        None => Err(Message::new("invalid.import_date").with("value", t.to_string())),
        Some(d) if d < from || d > to => Err(Message::new("invalid.import_date_range")
            .with("date", d)
            .with("from", from)
            .with("to", to)),
        Some(d) => Ok(d),
    }
}

fn excel_serial(t: &str) -> Option<NaiveDate> {
    let whole = t.strip_suffix(".0").unwrap_or(t);
    let n: i64 = whole.parse().ok()?;
    (EXCEL_FIRST..=EXCEL_LAST)
        .contains(&n)
        .then(|| excel_epoch() + Duration::days(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formulas_are_told_from_phone_numbers_and_negatives() {
        for f in [
            "=1+1",
            " =HYPERLINK(\"x\")",
            "+SUM(A1)",
            "-cmd|' /C calc'!A0",
            "@A1",
            "+(1)",
        ] {
            assert!(is_formula(f), "{f}");
        }
        for ok in ["+45 98 00 00 00", "-3", "Anna", "", "a=b", "250380-1714"] {
            assert!(!is_formula(ok), "{ok}");
        }
    }

    #[test]
    fn dates_in_the_forms_systems_write_them() {
        let (from, to) = (d(1990, 1, 1), d(2027, 12, 31));
        for s in [
            "2026-03-01",
            "01-03-2026",
            "01.03.2026",
            "01/03/2026",
            " 46082 ",
            "46082.0",
        ] {
            assert_eq!(date(s, from, to), Ok(d(2026, 3, 1)), "{s}");
        }
        assert!(date("2026-02-30", from, to).is_err());
        assert!(date("marts 2026", from, to).is_err());
        assert!(date("", from, to).is_err());
        assert!(
            date("46082.5", from, to).is_err(),
            "a time of day is no date"
        );
        assert!(date("12", from, to).is_err(), "a small number is no date");
        let far = date("2099-01-01", from, to).unwrap_err();
        assert_eq!(far.key, "invalid.import_date_range");
        assert!(date("1899-12-31", from, to).is_err());
    }
}
