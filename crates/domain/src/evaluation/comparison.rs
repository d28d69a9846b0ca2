//! A comparison group's curve for the economics baseline, imported as CSV:
//! `uge;andel`, the share (0–1, decimal comma or point) on benefit in the
//! week that many weeks after the start (a prevalence curve, as the
//! economics estimate compares: a share may rise again as citizens return
//! to benefit). Weeks rise; between two weeks the first one's share holds.

use super::register::LineError;
use crate::message::Message;

fn err(line: usize, key: &'static str) -> LineError {
    LineError {
        line,
        message: Message::new(key),
    }
}

/// The points in week order, or every line's problem.
pub fn parse_comparison(bytes: &[u8]) -> Result<Vec<(u32, f64)>, Vec<LineError>> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| vec![err(0, "invalid.the_file_is_not_utf_8_2")])?;
    let mut points: Vec<(u32, f64)> = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || (n == 1 && line.to_ascii_lowercase().starts_with("uge")) {
            continue;
        }
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        let [week, share] = fields.as_slice() else {
            errors.push(err(n, "invalid.the_line_needs_two_fields_weekshare"));
            continue;
        };
        let (Ok(week), Ok(share)) = (week.parse::<u32>(), share.replace(',', ".").parse::<f64>())
        else {
            errors.push(err(n, "invalid.the_week_must_be_a_whole"));
            continue;
        };
        if !(0.0..=1.0).contains(&share) {
            errors.push(err(n, "invalid.the_share_must_be_between_0"));
            continue;
        }
        if let Some(&(w, _)) = points.last() {
            if week <= w {
                errors.push(err(n, "invalid.the_weeks_must_rise"));
                continue;
            }
        }
        points.push((week, share));
    }
    if points.is_empty() && errors.is_empty() {
        errors.push(err(0, "invalid.the_file_has_no_points"));
    }
    if errors.is_empty() {
        Ok(points)
    } else {
        Err(errors)
    }
}

/// The share on benefit `k` weeks after the start: the latest point at or
/// before `k` (1 before the first point).
pub fn share_at(points: &[(u32, f64)], k: i64) -> f64 {
    points
        .iter()
        .take_while(|(w, _)| i64::from(*w) <= k)
        .last()
        .map_or(1.0, |(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_parses_with_comma_decimals() {
        let p = parse_comparison("uge;andel\n0;1\n26;0,6\n52;0.45\n".as_bytes()).unwrap();
        assert_eq!(p, vec![(0, 1.0), (26, 0.6), (52, 0.45)]);
        assert_eq!(share_at(&p, 30), 0.6);
        assert_eq!(share_at(&p, 60), 0.45);
    }

    #[test]
    fn bad_lines_are_named() {
        let e = parse_comparison("0;1\n10;0,8\n5;0,7\n20;0,9\n30;1,5\nx\n".as_bytes()).unwrap_err();
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        // A share that rises again (line 4: returns to benefit) is allowed.
        assert_eq!(lines, vec![3, 5, 6]);
        assert!(parse_comparison(&[0xe6, b';']).is_err());
    }
}
