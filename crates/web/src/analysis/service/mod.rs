//! Access, validation and audit for notes, focus areas and the ICF
//! classification.

pub mod focus;
pub mod icf;
pub mod notes;
