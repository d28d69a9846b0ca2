//! The benefit register import: weekly benefit periods per citizen, as the
//! municipality receives them from the national weekly register, in this CSV
//! format (documented for users in README.md):
//!
//! ```text
//! cpr;fra_uge;til_uge;ydelse
//! 0101901234;201601;201652;kontanthjaelp
//! ```
//!
//! - UTF-8 (a byte-order mark is allowed), `;` between fields, a header line;
//! - weeks as ISO year and week, `ÅÅÅÅUU` (`201601`) or `ÅÅÅÅ-UU`;
//! - the benefit as a lowercase code (`kontanthjaelp`, `sygedagpenge`, …).
//!
//! Parsing never stops at the first error: every line gets its verdict, so
//! the person importing can fix the file in one go. Nothing is imported
//! while any line is wrong (the store writes all or nothing).

use crate::cpr::Cpr;
use crate::message::Message;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

/// One period from the file, by line number (1 = the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterLine {
    pub line: usize,
    pub cpr: Cpr,
    /// Mondays of the first and last week.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub benefit: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: Message,
}

impl LineError {
    /// The problem with its line number ("linje 3: …"), or alone for the
    /// whole file (line 0).
    pub fn said(&self) -> Message {
        if self.line == 0 {
            return self.message.clone();
        }
        Message::new("invalid.at_line")
            .with("line", self.line)
            .with_message("problem", self.message.clone())
    }
}

fn err(line: usize, key: &'static str) -> LineError {
    at(line, Message::new(key))
}

fn at(line: usize, message: Message) -> LineError {
    LineError { line, message }
}

/// The Monday of an ISO week written `ÅÅÅÅUU` or `ÅÅÅÅ-UU`; `None` for week
/// 0, week 54, or week 53 in a year that has 52.
pub fn parse_week(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // Digits and one hyphen only, before any slicing by position.
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let (y, w) = match s.len() {
        6 => (&s[..4], &s[4..]),
        7 if s.as_bytes()[4] == b'-' => (&s[..4], &s[5..]),
        _ => return None,
    };
    NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)
}

/// `ÅÅÅÅUU` for a Monday.
pub fn format_week(monday: NaiveDate) -> String {
    let w = monday.iso_week();
    format!("{:04}{:02}", w.year(), w.week())
}

fn valid_benefit(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
}

/// Parses the whole file. `latest` is the Monday of the current week: a
/// period may not reach beyond it.
pub fn parse_register(
    bytes: &[u8],
    latest: NaiveDate,
) -> Result<Vec<RegisterLine>, Vec<LineError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    let mut raw_lines = bytes.split(|b| *b == b'\n').enumerate();
    match raw_lines.next() {
        Some((_, h))
            if String::from_utf8_lossy(h)
                .trim()
                .to_lowercase()
                .replace(' ', "")
                == "cpr;fra_uge;til_uge;ydelse" => {}
        _ => return Err(vec![err(1, "invalid.the_first_line_must_be_the")]),
    }
    for (i, raw) in raw_lines {
        let n = i + 1;
        let Ok(text) = std::str::from_utf8(raw) else {
            errors.push(err(n, "invalid.the_line_is_not_utf_8"));
            continue;
        };
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = text.split(';').map(str::trim).collect();
        if f.len() != 4 {
            errors.push(at(
                n,
                Message::new("invalid.register_field_count").with("n", f.len()),
            ));
            continue;
        }
        let cpr = match Cpr::parse(f[0]) {
            Ok((c, _)) => Some(c),
            Err(_) => {
                errors.push(err(n, "invalid.the_cpr_number_is_not_valid"));
                None
            }
        };
        let week = |s: &str, which: &'static str| -> Result<NaiveDate, LineError> {
            let w = parse_week(s).ok_or_else(|| {
                at(
                    n,
                    Message::new("invalid.register_no_such_week")
                        .with_word("which", which)
                        .with("week", s),
                )
            })?;
            if w > latest {
                return Err(at(
                    n,
                    Message::new("invalid.register_week_in_future")
                        .with_word("which", which)
                        .with("week", s),
                ));
            }
            Ok(w)
        };
        let from = week(f[1], "invalid.register_from_week")
            .map_err(|e| errors.push(e))
            .ok();
        let to = week(f[2], "invalid.register_to_week")
            .map_err(|e| errors.push(e))
            .ok();
        if !valid_benefit(f[3]) {
            errors.push(err(n, "invalid.the_benefit_must_be_a_lowercase"));
            continue;
        }
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                errors.push(err(n, "invalid.the_to_week_comes_before_the"));
                continue;
            }
            if let Some(cpr) = cpr {
                lines.push(RegisterLine {
                    line: n,
                    cpr,
                    from,
                    to,
                    benefit: f[3].to_string(),
                });
            }
        }
    }
    errors.extend(overlaps(&lines));
    if errors.is_empty() {
        Ok(lines)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Periods of one citizen in the file that share a week.
fn overlaps(lines: &[RegisterLine]) -> Vec<LineError> {
    let mut by_cpr: HashMap<&Cpr, Vec<&RegisterLine>> = HashMap::new();
    for l in lines {
        by_cpr.entry(&l.cpr).or_default().push(l);
    }
    let mut out = Vec::new();
    for (_, mut v) in by_cpr {
        v.sort_by_key(|l| (l.from, l.line));
        for pair in v.windows(2) {
            if pair[1].from <= pair[0].to {
                out.push(at(
                    pair[1].line,
                    Message::new("invalid.register_overlap").with("line", pair[0].line),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latest() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    }

    #[test]
    fn weeks_that_exist_and_those_that_do_not() {
        assert_eq!(parse_week("201601"), NaiveDate::from_ymd_opt(2016, 1, 4));
        assert_eq!(parse_week("2015-53"), NaiveDate::from_ymd_opt(2015, 12, 28));
        assert_eq!(parse_week("201653"), None); // 2016 has 52 weeks
        assert_eq!(parse_week("201600"), None);
        assert_eq!(parse_week("201654"), None);
        assert_eq!(parse_week("2016+1"), None);
        // Found by fuzzing: a letter of two bytes where the year ends made
        // the slicing by position panic.
        assert_eq!(parse_week("00w\u{40a}7"), None);
        assert_eq!(parse_week("2016\u{e6}1"), None);
        assert_eq!(
            format_week(NaiveDate::from_ymd_opt(2016, 1, 4).unwrap()),
            "201601"
        );
    }

    #[test]
    fn a_good_file_parses() {
        let f = "\u{feff}cpr;fra_uge;til_uge;ydelse\r\n0101901234;201601;201652;kontanthjaelp\r\n0101901234;201701;201710;sygedagpenge\r\n\r\n";
        let lines = parse_register(f.as_bytes(), latest()).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].line, 3);
        assert_eq!(lines[1].benefit, "sygedagpenge");
    }

    #[test]
    fn every_bad_line_is_reported() {
        let mut f = b"cpr;fra_uge;til_uge;ydelse\n".to_vec();
        f.extend_from_slice(b"0101901234;201601;201610;kontanthjaelp\n"); // 2: fine
        f.extend_from_slice(b"0101901234;201605;201612;kontanthjaelp\n"); // 3: overlaps 2
        f.extend_from_slice(b"3201901234;201601;201610;kontanthjaelp\n"); // 4: bad CPR
        f.extend_from_slice(b"0101901234;201653;201701;kontanthjaelp\n"); // 5: no week 53
        f.extend_from_slice(b"0202901234;203001;203002;kontanthjaelp\n"); // 6: future
        f.extend_from_slice(b"0202901234;201601;201602;kontanthj\xe6lp\n"); // 7: Latin-1 æ
        f.extend_from_slice(b"0202901234;201610;201602;kontanthjaelp\n"); // 8: backwards
        f.extend_from_slice(b"0202901234;201610\n"); // 9: too few fields
        let errors = parse_register(&f, latest()).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 6, 7, 8, 9]);
        assert_eq!(errors[5].message.key, "invalid.the_line_is_not_utf_8");
        assert_eq!(errors[0].message.key, "invalid.register_overlap");
        assert_eq!(
            errors[0].said(),
            Message::new("invalid.at_line")
                .with("line", 3usize)
                .with_message(
                    "problem",
                    Message::new("invalid.register_overlap").with("line", 2usize)
                )
        );
    }

    #[test]
    fn a_missing_header_is_refused() {
        let errors =
            parse_register(b"0101901234;201601;201610;kontanthjaelp\n", latest()).unwrap_err();
        assert_eq!(errors[0].line, 1);
    }
}
