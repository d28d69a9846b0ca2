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
pub mod pseudonym;
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
