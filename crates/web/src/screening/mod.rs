//! Screening: starting a questionnaire for a citizen (by link, at a kiosk or
//! from paper), the questionnaire definitions, and the API for both.

mod api;
pub mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::post;
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new().route(paths::route::start, post(pages::start))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::definitions, api::import))
        .routes(routes!(api::definition))
        .routes(routes!(api::frameworks))
        .routes(routes!(api::of_citizen, api::start))
        .routes(routes!(api::get_one))
        .routes(routes!(api::answers))
        .routes(routes!(api::revoke))
}
