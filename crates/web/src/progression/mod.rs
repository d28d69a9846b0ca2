//! Progression: goals per intervention from the question bank, 0–10 ratings
//! by citizen and provider, one-time rating links, flags and decisions, and
//! the administrator's question bank and thresholds.

mod api;
pub mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

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

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::course_progression))
        .routes(routes!(api::rate_employment))
        .routes(routes!(api::add_goal))
        .routes(routes!(api::rate))
        .routes(routes!(api::decide))
        .routes(routes!(api::rating_link))
}
