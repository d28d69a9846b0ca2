//! The analysis pages: a course's notes and focus areas, and the
//! administrator's ICF import.

pub mod focus;
pub mod icf;
pub mod notes;
