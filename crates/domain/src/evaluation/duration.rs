//! Time on benefit from a course's start to self-support, the quantity the
//! survival analyses count in weeks.
//!
//! With register data for the citizen: self-support begins in the first week,
//! on or after the start week, that starts four weeks in a row without any
//! benefit (a single week off is noise in the register, not self-support).
//! The time is the number of weeks from the start week to that week. When no
//! such run has been seen by the register's last week, the citizen is
//! censored there.
//!
//! Without register data (none imported yet): the course's exit stands in.
//! An exit to job, job with wage subsidy, flexjob or education is an event at
//! the exit date; any other exit censors there; an open course is censored
//! at `today`.

use super::survival::Observation;
use crate::control::Outcome;
use chrono::{Datelike, Duration, NaiveDate};

/// Weeks without benefit, in a row, that count as self-support.
pub const WEEKS_OFF: i64 = 4;

/// The Monday of the week a date falls in.
pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// `periods`: the citizen's benefit periods as (first Monday, last Monday);
/// `register_until`: the Monday of the register's last week.
pub fn from_register(
    start: NaiveDate,
    periods: &[(NaiveDate, NaiveDate)],
    register_until: NaiveDate,
) -> Option<Observation> {
    let first = monday(start);
    if register_until < first {
        return None;
    }
    // Walk the periods in order rather than week by week: the answer is the
    // first gap of four weeks or more, measured in whole weeks from `first`.
    let week = |d: NaiveDate| (d - first).num_days().div_euclid(7);
    let total = week(register_until);
    let mut spans: Vec<(i64, i64)> = periods
        .iter()
        .map(|(a, b)| (week(monday(*a)), week(monday(*b))))
        .filter(|(a, b)| a <= b && *b >= 0 && *a <= total)
        .collect();
    spans.sort_unstable();
    let mut cur = 0; // the first week not yet known to be on benefit
    for (a, b) in spans {
        if b < cur {
            continue;
        }
        if a - cur >= WEEKS_OFF {
            return Some(Observation::new(cur as f64, true));
        }
        cur = cur.max(b + 1);
        if cur > total {
            break;
        }
    }
    let trailing = (total + 1 - cur).max(0);
    if trailing >= WEEKS_OFF {
        Some(Observation::new(cur as f64, true))
    } else {
        Some(Observation::new((total + 1 - trailing) as f64, false))
    }
}

/// The stand-in from the course's exit, in weeks (days / 7).
pub fn from_exit(
    start: NaiveDate,
    exit: Option<(Outcome, NaiveDate)>,
    today: NaiveDate,
) -> Observation {
    let weeks = |to: NaiveDate| ((to - start).num_days().max(0)) as f64 / 7.0;
    match exit {
        Some((o, d)) => Observation::new(weeks(d), o.self_supporting()),
        None => Observation::new(weeks(today), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn four_weeks_off_is_self_support_and_a_short_gap_is_not() {
        let start = d(2016, 1, 6); // a Wednesday: week of Monday 4 January
                                   // On benefit weeks 0–9, off 10–11, on 12–19, off from 20.
        let periods = [
            (d(2016, 1, 4), d(2016, 3, 7)),
            (d(2016, 3, 28), d(2016, 5, 16)),
        ];
        let o = from_register(start, &periods, d(2016, 12, 26)).unwrap();
        assert_eq!(o, Observation::new(20.0, true));
        // The register ends two weeks after the last period: censored.
        let o = from_register(start, &periods, d(2016, 5, 30)).unwrap();
        assert_eq!(o, Observation::new(20.0, false));
        assert_eq!(from_register(start, &periods, d(2015, 12, 28)), None);
    }

    /// The definition, week by week: the oracle for the faster walk.
    fn week_by_week(
        start: NaiveDate,
        periods: &[(NaiveDate, NaiveDate)],
        until: NaiveDate,
    ) -> Option<Observation> {
        let first = monday(start);
        if until < first {
            return None;
        }
        let on = |w: NaiveDate| periods.iter().any(|(a, b)| *a <= w && w <= *b);
        let total = (until - first).num_days() / 7;
        let mut off_run = 0;
        for k in 0..=total {
            if on(first + Duration::weeks(k)) {
                off_run = 0;
            } else {
                off_run += 1;
                if off_run == WEEKS_OFF {
                    return Some(Observation::new((k + 1 - WEEKS_OFF) as f64, true));
                }
            }
        }
        Some(Observation::new(total as f64 + 1.0 - off_run as f64, false))
    }

    #[test]
    fn the_walk_agrees_with_the_definition_week_by_week() {
        // A small deterministic generator: periods of Mondays around a start.
        let mut x: u64 = 42;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let base = d(2020, 1, 6);
        for _ in 0..5000 {
            let start = base + Duration::days(next(60) as i64);
            let until = base + Duration::weeks(next(40) as i64);
            let periods: Vec<(NaiveDate, NaiveDate)> = (0..next(4))
                .map(|_| {
                    let a = base + Duration::weeks(next(40) as i64 - 5);
                    (a, a + Duration::weeks(next(12) as i64))
                })
                .collect();
            assert_eq!(
                from_register(start, &periods, until),
                week_by_week(start, &periods, until),
                "start {start}, until {until}, periods {periods:?}"
            );
        }
    }

    #[test]
    fn the_exit_stands_in_without_register_data() {
        let start = d(2020, 1, 1);
        assert_eq!(
            from_exit(
                start,
                Some((Outcome::OrdinaryJob, d(2020, 1, 15))),
                d(2021, 1, 1)
            ),
            Observation::new(2.0, true)
        );
        assert_eq!(
            from_exit(start, Some((Outcome::Moved, d(2020, 1, 15))), d(2021, 1, 1)),
            Observation::new(2.0, false)
        );
        assert_eq!(
            from_exit(start, None, d(2020, 1, 8)),
            Observation::new(1.0, false)
        );
    }
}
