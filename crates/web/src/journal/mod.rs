//! The journal: a course's append-only history of notes, with linked
//! corrections.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/forloeb/{id}/historik",
        get(pages::history).post(pages::add_entry),
    )
}

pub fn api_router() -> Router<AppState> {
    Router::new().route(
        "/courses/{id}/journal",
        get(api::journal).post(api::add_journal),
    )
}
