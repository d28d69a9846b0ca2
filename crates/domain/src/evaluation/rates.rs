//! Weekly benefit rates for the economics, entered a year at a time or
//! imported as CSV, one rate a line:
//!
//! ```text
//! ydelse;aar;kr_pr_uge
//! kontanthjaelp;2026;2.905,50
//! sygedagpenge;2026;4.915
//! ```
//!
//! - UTF-8 (a byte-order mark is allowed), `;` between fields, the header
//!   line optional;
//! - the benefit as the register writes it (lowercase letters, digits, `_`);
//! - amounts in kroner, Danish style: `2.905,50` or `2905,50`. A dot is a
//!   thousands separator, so an English decimal point (`2905.50`) is refused
//!   rather than read as 290.550 kr.
//!
//! Every line gets its verdict; nothing is saved while any line is wrong.

use super::register::LineError;
use crate::catalogue::parse_kroner;
use crate::message::Message;
use std::collections::BTreeMap;

/// Years a rate may be for.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Whether `code` is written as the register writes a benefit.
pub fn valid_benefit(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A year as typed, within [`YEARS`].
pub fn parse_year(s: &str) -> Option<i32> {
    s.trim().parse().ok().filter(|y| YEARS.contains(y))
}

/// One rate: benefit, year, øre a week.
pub type Rate = (String, i32, i64);

/// A weekly rate typed in kroner: above zero, with a decimal comma.
pub fn parse_rate(s: &str) -> Result<i64, Message> {
    let t = s.trim();
    if let Some((_, after)) = t.rsplit_once('.') {
        if !t.contains(',') && (1..=2).contains(&after.len()) {
            return Err(Message::new("invalid.write_the_rate_with_a_decimal_comma"));
        }
    }
    match parse_kroner(t)? {
        0 => Err(Message::new("invalid.a_rate_must_be_above_zero")),
        ore => Ok(ore),
    }
}

fn at(line: usize, message: Message) -> LineError {
    LineError { line, message }
}

/// The rates in the file, or every line's problem. A benefit and year given
/// twice is an error (which one was meant?).
pub fn parse_rates(bytes: &[u8]) -> Result<Vec<Rate>, Vec<LineError>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| vec![at(0, Message::new("invalid.the_file_is_not_utf_8_2"))])?;
    let mut rates: Vec<Rate> = Vec::new();
    let mut first_line: BTreeMap<(String, i32), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || (n == 1 && line.to_ascii_lowercase().starts_with("ydelse")) {
            continue;
        }
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        let [benefit, year, amount] = fields.as_slice() else {
            errors.push(at(
                n,
                Message::new("invalid.a_rate_line_needs_three_fields"),
            ));
            continue;
        };
        if !valid_benefit(benefit) {
            errors.push(at(n, Message::new("invalid.enter_the_benefits_code_as_in")));
            continue;
        }
        let Some(year) = parse_year(year) else {
            errors.push(at(n, Message::new("invalid.enter_a_year")));
            continue;
        };
        let ore = match parse_rate(amount) {
            Ok(ore) => ore,
            Err(m) => {
                errors.push(at(n, m));
                continue;
            }
        };
        if let Some(earlier) = first_line.insert((benefit.to_string(), year), n) {
            errors.push(at(
                n,
                Message::new("invalid.the_rate_is_given_twice").with("line", earlier),
            ));
            continue;
        }
        rates.push((benefit.to_string(), year, ore));
    }
    if rates.is_empty() && errors.is_empty() {
        errors.push(at(0, Message::new("invalid.the_file_has_no_rates")));
    }
    if errors.is_empty() {
        Ok(rates)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_in_danish_and_plain_amounts() {
        let r = parse_rates(
            "\u{feff}ydelse;aar;kr_pr_uge\nkontanthjaelp;2026;2.905,50\nsygedagpenge;2026;4915\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            r,
            vec![
                ("kontanthjaelp".to_string(), 2026, 290_550),
                ("sygedagpenge".to_string(), 2026, 491_500)
            ]
        );
        // Without a header line too; a dot is a thousands separator.
        assert_eq!(
            parse_rates(b"dagpenge;2025;4.000").unwrap(),
            vec![("dagpenge".to_string(), 2025, 400_000)]
        );
    }

    #[test]
    fn every_bad_line_is_named_and_nothing_is_returned() {
        let e = parse_rates(
            "ydelse;aar;kr_pr_uge\n\
             kontanthjaelp;2026\n\
             Kontant hjælp;2026;100\n\
             kontanthjaelp;26;100\n\
             kontanthjaelp;2026;mange\n\
             dagpenge;2026;2905.50\n\
             dagpenge;2027;0\n\
             kontanthjaelp;2026;100\n\
             kontanthjaelp;2026;200\n"
                .as_bytes(),
        )
        .unwrap_err();
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 9]);
        assert_eq!(
            e[6].message,
            Message::new("invalid.the_rate_is_given_twice").with("line", 8)
        );
        assert_eq!(
            e[4].message,
            Message::new("invalid.write_the_rate_with_a_decimal_comma")
        );
        assert_eq!(
            e[5].message,
            Message::new("invalid.a_rate_must_be_above_zero")
        );
        assert_eq!(
            e[0].message,
            Message::new("invalid.a_rate_line_needs_three_fields")
        );
        assert!(parse_rates(&[0xe6, b';']).is_err());
        assert_eq!(
            parse_rates(b"ydelse;aar;kr_pr_uge\n").unwrap_err()[0].message,
            Message::new("invalid.the_file_has_no_rates")
        );
    }

    #[test]
    fn benefit_codes_are_as_the_register_writes_them() {
        assert!(valid_benefit("kontanthjaelp") && valid_benefit("ydelse_2"));
        assert!(!valid_benefit("") && !valid_benefit("Kontanthjælp") && !valid_benefit("a b"));
        assert_eq!(parse_year(" 2026 "), Some(2026));
        assert_eq!(parse_year("1989"), None);
    }
}
