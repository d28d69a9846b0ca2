//! Jobspor's domain: the types and rules of work-oriented rehabilitation.
//!
//! This crate does no I/O: no files, network, database or async. Everything here
//! is a value or a pure function, so the rules can be tested exhaustively and used
//! unchanged by the store, the web layer and the command-line tools.
//!
//! Error policy: each module has its own `thiserror` enum whose messages are safe
//! to show to a user (they never contain a CPR number or other personal data).

pub mod access;
pub mod analysis;
pub mod audit;
pub mod audit_anchor;
pub mod benefit;
pub mod catalogue;
pub mod citizen;
pub mod conference;
pub mod consent;
pub mod contact;
pub mod control;
pub mod course;
pub mod cpr;
pub mod description;
pub mod document;
pub mod evaluation;
pub mod focus;
pub mod icf;
pub mod identity;
pub mod ids;
pub mod import;
pub mod insight;
pub mod job_contact;
pub mod journal;
pub mod log_review;
pub mod message;
pub mod need_to_know;
pub mod period;
pub mod plan;
pub mod plan_response;
pub mod progression;
pub mod questionnaire;
pub mod retention;
pub mod rules;
pub mod text;
pub mod time;
pub mod triage;
pub mod user;
pub mod work_duty;

pub use ids::*;
