//! Progression: goals per intervention from the question bank, 0–10 ratings
//! by citizen and provider, one-time rating links, flags and decisions, and
//! the administrator's question bank and thresholds.

mod api;
pub mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    use pages::{admin, course, link};
    Router::new()
        .route(paths::route::course, get(course::show))
        .route(paths::route::employment, post(course::rate_employment))
        .route(paths::route::goals, post(course::add_goal))
        .route(paths::route::decision, post(course::decide))
        .route(
            paths::route::citizen_rating,
            get(course::citizen_form).post(course::citizen_save),
        )
        .route(paths::route::link, get(link::show).post(link::submit))
        .route(paths::route::course_link, post(link::make_for_caseworker))
        .route(paths::route::provider_link, post(link::make_for_provider))
        .route(paths::route::admin, get(admin::show))
        .route(paths::route::questions, post(admin::add))
        .route(paths::route::question_active, post(admin::toggle))
        .route(paths::route::thresholds, post(admin::thresholds))
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
