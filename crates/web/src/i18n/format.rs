//! Dates and numbers the reader's way. Danish: `07-12-2026`, `07-12-2026
//! 14:05`, `1.234,5`, `12,5 %`. English: `7 Dec 2026`, `7 Dec 2026 14:05`,
//! `1,234.5`, `12.5%`. Times are Copenhagen time. The functions without
//! `_in` take the language of the request being handled; documents with a
//! language of their own (the citizen's plan, mails) use the `_in` ones.

use super::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use jobspor_domain::time::to_copenhagen;

pub fn date(d: NaiveDate) -> String {
    date_in(Lang::current(), d)
}

pub fn date_in(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Da => d.format("%d-%m-%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

pub fn datetime(at: DateTime<Utc>) -> String {
    datetime_in(Lang::current(), at)
}

pub fn datetime_in(lang: Lang, at: DateTime<Utc>) -> String {
    let local = to_copenhagen(at);
    match lang {
        Lang::Da => local.format("%d-%m-%Y %H:%M").to_string(),
        Lang::En => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

/// `v` with `places` decimals and the thousands grouped.
pub fn decimal(v: f64, places: usize) -> String {
    decimal_in(Lang::current(), v, places)
}

pub fn decimal_in(lang: Lang, v: f64, places: usize) -> String {
    let (group, point) = match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    };
    let plain = format!("{:.*}", places, v.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut out = String::with_capacity(plain.len() + whole.len() / 3 + 1);
    if v < 0.0 && plain.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// A share (0.125) as a percentage with one decimal.
pub fn percent(share: f64) -> String {
    percent_in(Lang::current(), share)
}

pub fn percent_in(lang: Lang, share: f64) -> String {
    let n = decimal_in(lang, share * 100.0, 1);
    match lang {
        Lang::Da => format!("{n} %"),
        Lang::En => format!("{n}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_the_readers_way() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(date_in(Lang::Da, d), "07-12-2026");
        assert_eq!(date_in(Lang::En, d), "7 Dec 2026");
        let at = DateTime::parse_from_rfc3339("2026-07-01T12:05:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(datetime_in(Lang::Da, at), "01-07-2026 14:05", "summer time");
        assert_eq!(datetime_in(Lang::En, at), "1 Jul 2026 14:05");
        assert_eq!(date(d), "07-12-2026", "Danish outside a request");
    }

    #[test]
    fn numbers_the_readers_way() {
        assert_eq!(decimal_in(Lang::Da, 1234.5, 1), "1.234,5");
        assert_eq!(decimal_in(Lang::En, 1234.5, 1), "1,234.5");
        assert_eq!(decimal_in(Lang::Da, 1_234_567.0, 0), "1.234.567");
        assert_eq!(decimal_in(Lang::En, 999.0, 2), "999.00");
        assert_eq!(
            decimal_in(Lang::Da, -0.04, 1),
            "0,0",
            "no minus on a rounded zero"
        );
        assert_eq!(decimal_in(Lang::Da, -12.25, 2), "-12,25");
        assert_eq!(percent_in(Lang::Da, 0.125), "12,5 %");
        assert_eq!(percent_in(Lang::En, 0.125), "12.5%");
    }
}
