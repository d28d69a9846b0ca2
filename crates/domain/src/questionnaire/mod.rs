//! The questionnaire engine: versioned definitions, answers, skip logic,
//! risk dimensions, sum scoring and result rules.
//!
//! A definition is data (JSON, format `jobspor-questionnaire/1`, documented in
//! `docs/questionnaire-format.md`), never code, so a municipality can review
//! or replace it. A definition with answers is never changed: an edit is a new
//! version, and each response keeps the version it was answered in.

mod answer;
mod definition;
mod response;
mod scoring;
pub mod shipped;
mod validate;

pub use answer::{AnswerError, AnswerValue, Answers, PageAnswers};
pub use definition::*;
pub use response::*;
pub use scoring::{Colour, DimensionResult, Outcome, RiskClass, SumOutcome};
pub use validate::DefinitionError;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod screening_tests;
