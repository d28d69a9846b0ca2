//! The dashboards' computations over the evaluation snapshot: each module
//! reads what it needs, applies the small-cell rule and audits the read as an
//! aggregate.

pub mod capacity;
pub mod caseload;
pub mod economics;
pub mod outcomes;
pub mod register;
pub mod research;
pub mod snapshot;
pub mod validity;
pub mod works;
