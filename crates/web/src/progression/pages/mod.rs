//! The progression pages: the course tab, the goal cards it shares with the
//! provider's participant page, the rating link, and the admin page.

pub mod admin;
pub mod cards;
pub mod course;
pub mod link;
