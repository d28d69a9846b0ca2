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

fn err(line: usize, da: impl Into<String>, en: impl Into<String>) -> LineError {
    LineError {
        line,
        message: Message::new(da.into(), en.into()),
    }
}

/// The Monday of an ISO week written `ÅÅÅÅUU` or `ÅÅÅÅ-UU`; `None` for week
/// 0, week 54, or week 53 in a year that has 52.
pub fn parse_week(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (y, w) = match s.len() {
        6 => (&s[..4], &s[4..]),
        7 if s.as_bytes()[4] == b'-' => (&s[..4], &s[5..]),
        _ => return None,
    };
    if !s.bytes().filter(|b| *b != b'-').all(|b| b.is_ascii_digit()) {
        return None;
    }
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
        _ => {
            return Err(vec![err(
                1,
                "Første linje skal være overskriften cpr;fra_uge;til_uge;ydelse",
                "The first line must be the header cpr;fra_uge;til_uge;ydelse",
            )])
        }
    }
    for (i, raw) in raw_lines {
        let n = i + 1;
        let Ok(text) = std::str::from_utf8(raw) else {
            errors.push(err(
                n,
                "Linjen er ikke UTF-8 (filen ser ud til at være gemt som Latin-1/Windows-1252). Gem den som UTF-8 og prøv igen.",
                "The line is not UTF-8 (the file looks saved as Latin-1/Windows-1252). Save it as UTF-8 and try again.",
            ));
            continue;
        };
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = text.split(';').map(str::trim).collect();
        if f.len() != 4 {
            errors.push(err(
                n,
                format!("Linjen har {} felter; der skal være 4", f.len()),
                format!("The line has {} fields; 4 are needed", f.len()),
            ));
            continue;
        }
        let cpr = match Cpr::parse(f[0]) {
            Ok((c, _)) => Some(c),
            Err(_) => {
                errors.push(err(
                    n,
                    "CPR-nummeret er ikke gyldigt",
                    "The CPR number is not valid",
                ));
                None
            }
        };
        let week = |s: &str, da: &str, en: &str| -> Result<NaiveDate, LineError> {
            let w = parse_week(s).ok_or_else(|| {
                err(
                    n,
                    format!("{da} \"{s}\" er ikke en uge, der findes (ÅÅÅÅUU)"),
                    format!("{en} \"{s}\" is not a week that exists (YYYYWW)"),
                )
            })?;
            if w > latest {
                return Err(err(
                    n,
                    format!("{da} {s} ligger i fremtiden"),
                    format!("{en} {s} lies in the future"),
                ));
            }
            Ok(w)
        };
        let from = week(f[1], "Fra-ugen", "The from week")
            .map_err(|e| errors.push(e))
            .ok();
        let to = week(f[2], "Til-ugen", "The to week")
            .map_err(|e| errors.push(e))
            .ok();
        if !valid_benefit(f[3]) {
            errors.push(err(
                n,
                "Ydelsen skal være en kode med små bogstaver, fx kontanthjaelp",
                "The benefit must be a lowercase code, e.g. kontanthjaelp",
            ));
            continue;
        }
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                errors.push(err(
                    n,
                    "Til-ugen ligger før fra-ugen",
                    "The to week comes before the from week",
                ));
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
                out.push(err(
                    pair[1].line,
                    format!(
                        "Perioden overlapper linje {} for samme borger",
                        pair[0].line
                    ),
                    format!(
                        "The period overlaps line {} for the same citizen",
                        pair[0].line
                    ),
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
        assert!(errors[5].message.da.contains("Latin-1"));
        assert!(errors[0].message.da.contains("linje 2"));
    }

    #[test]
    fn a_missing_header_is_refused() {
        let errors =
            parse_register(b"0101901234;201601;201610;kontanthjaelp\n", latest()).unwrap_err();
        assert_eq!(errors[0].line, 1);
    }
}
