//! Progression: goals per intervention from the question bank, 0–10 ratings
//! by citizen and provider, one-time rating links, flags and decisions, and
//! the administrator's question bank and thresholds.

mod api;
pub mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    use pages::{admin, course, link};
    Router::new()
        .route("/forloeb/{id}/progression", get(course::show))
        .route(
            "/forloeb/{id}/progression/beskaeftigelse",
            post(course::rate_employment),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/maal",
            post(course::add_goal),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/beslutning",
            post(course::decide),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/borger/{gid}",
            get(course::citizen_form).post(course::citizen_save),
        )
        .route("/m/{token}", get(link::show).post(link::submit))
        .route(
            "/forloeb/{id}/progression/{pid}/link",
            post(link::make_for_caseworker),
        )
        .route("/deltagere/{pid}/link", post(link::make_for_provider))
        .route("/admin/progression", get(admin::show))
        .route("/admin/progression/spoergsmaal", post(admin::add))
        .route(
            "/admin/progression/spoergsmaal/{id}/aktiv",
            post(admin::toggle),
        )
        .route("/admin/progression/graenser", post(admin::thresholds))
}

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/courses/{id}/progression", get(api::course_progression))
        .route(
            "/courses/{id}/employment-ratings",
            post(api::rate_employment),
        )
        .route("/placements/{pid}/goals", post(api::add_goal))
        .route("/placements/{pid}/measurements", post(api::rate))
        .route("/placements/{pid}/decisions", post(api::decide))
        .route("/placements/{pid}/rating-links", post(api::rating_link))
}
