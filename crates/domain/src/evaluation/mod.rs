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

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvalError {
    #[error("not enough data for this analysis")]
    NotEnoughData,
    #[error("the model cannot be estimated from these data (a group with no variation or where everyone leaves first)")]
    NotEstimable,
    #[error("a duration is negative or not a number")]
    BadTime,
}
