//! Evaluation: the statistics and economics managers and researchers read.
//! Pure functions over numbers; the store gathers the data and the web layer
//! draws it. Every analysis answers "not enough data" rather than NaN, and
//! every figure about fewer than [`MIN_CELL`] citizens is suppressed.

pub mod caseload;
pub mod comparison;
pub mod cox;
pub mod dist;
pub mod duration;
pub mod economics;
pub mod linalg;
pub mod logrank;
pub mod prevalence;
pub mod pseudonym;
pub mod rates;
pub mod register;
pub mod screening;
pub mod survival;

use thiserror::Error;

/// Groups smaller than this are never shown, in any view or export, so that a
/// figure cannot point at one citizen.
pub const MIN_CELL: usize = 5;

/// Whether a group of `n` citizens may be shown.
pub fn shown(n: usize) -> bool {
    n >= MIN_CELL
}

/// A figure about a group of citizens, as it may be shown: the one
/// small-cell rule. A group of 1 to [`MIN_CELL`]` - 1` citizens is
/// suppressed, and so is every figure computed from it (a waiting time, a
/// mean); none (0) tells about no one and is shown. Views and exports get
/// cells, so a figure about a small group cannot be shown by mistake.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<T> {
    Shown(T),
    Suppressed,
}

impl<T> Cell<T> {
    /// `value`, a figure about a group of `group` citizens.
    pub fn of(group: usize, value: T) -> Cell<T> {
        if group == 0 || shown(group) {
            Cell::Shown(value)
        } else {
            Cell::Suppressed
        }
    }

    /// A figure computed from this one, about the same group.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Cell<U> {
        match self {
            Cell::Shown(v) => Cell::Shown(f(v)),
            Cell::Suppressed => Cell::Suppressed,
        }
    }

    /// The value, if it may be shown.
    pub fn value(self) -> Option<T> {
        match self {
            Cell::Shown(v) => Some(v),
            Cell::Suppressed => None,
        }
    }
}

/// How a suppressed figure reads, in every language.
pub const SUPPRESSED: &str = "< 5";

impl<T: std::fmt::Display> std::fmt::Display for Cell<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Shown(v) => v.fmt(f),
            Cell::Suppressed => f.write_str(SUPPRESSED),
        }
    }
}

/// A count of citizens as it may be shown.
pub fn count(n: usize) -> Cell<usize> {
    Cell::of(n, n)
}

/// The median of sorted values (the mean of the middle two when even).
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The age bands the evaluation groups by.
pub const AGE_BANDS: [&str; 4] = ["under 30", "30–39", "40–49", "50+"];

/// A citizen's age band at a date, from the birth date.
pub fn age_band(birth: chrono::NaiveDate, at: chrono::NaiveDate) -> &'static str {
    let age = at.years_since(birth).unwrap_or(0);
    match age {
        0..=29 => AGE_BANDS[0],
        30..=39 => AGE_BANDS[1],
        40..=49 => AGE_BANDS[2],
        _ => AGE_BANDS[3],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvalError {
    #[error("not enough data for this analysis")]
    NotEnoughData,
    #[error("the model cannot be estimated from these data (a group with no variation or where everyone leaves first)")]
    NotEstimable,
    #[error("a duration is negative or not a number")]
    BadTime,
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    #[test]
    fn groups_of_one_to_four_are_suppressed_with_all_their_figures() {
        assert_eq!(count(0), Cell::Shown(0));
        for n in 1..MIN_CELL {
            assert_eq!(count(n), Cell::Suppressed, "{n}");
            assert_eq!(Cell::of(n, 13.0).value(), None);
        }
        assert_eq!(count(5), Cell::Shown(5));
        assert_eq!(Cell::of(7, 2.5).value(), Some(2.5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn age_bands_turn_on_the_birthday() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(age_band(d(1996, 3, 2), d(2026, 3, 1)), "under 30");
        assert_eq!(age_band(d(1996, 3, 1), d(2026, 3, 1)), "30–39");
        assert_eq!(age_band(d(1960, 1, 1), d(2026, 3, 1)), "50+");
    }
}
