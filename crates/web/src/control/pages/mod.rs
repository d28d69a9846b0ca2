//! The course's control tab and the deadline lists.

pub mod course;
pub mod deadlines;
