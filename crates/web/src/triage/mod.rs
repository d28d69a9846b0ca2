//! Triage: the submitted screening's risk picture beside the caseworker's own
//! assessment, and the decision that creates (or closes) a course.

mod api;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::screening, get(pages::show))
        .route(paths::route::triage, post(pages::decide))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::get_triage, api::decide))
}
