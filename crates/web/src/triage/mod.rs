//! Triage: the submitted screening's risk picture beside the caseworker's own
//! assessment, and the decision that creates (or closes) a course.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/screeninger/{id}", get(pages::show))
        .route("/screeninger/{id}/triage", post(pages::decide))
}

pub fn api_router() -> Router<AppState> {
    Router::new().route(
        "/screenings/{id}/triage",
        get(api::get_triage).post(api::decide),
    )
}
