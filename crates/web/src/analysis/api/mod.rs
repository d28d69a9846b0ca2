//! `/api/v1` for the analysis: the ICF classification, a course's focus
//! areas and its monodisciplinary notes. The same service calls, access
//! rules and audit as the pages.

pub mod focus;
pub mod icf;
pub mod notes;
