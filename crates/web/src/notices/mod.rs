//! Beskeder: what happened on a staff user's courses, told to them (issue
//! 27, item 6). A course handed over, a plan answered by the citizen, a
//! conversation booked with or cancelled for a health professional. The
//! messages of one action (40 courses moved at once) are one message that
//! lists them; each names the citizen while the reader carries the course;
//! one button marks them all read. Caseworkers see them on their deadlines
//! too.

pub mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::list, get(pages::list))
        .route(paths::route::read, post(pages::read))
        .route(paths::route::read_all, post(pages::read_all))
}
