//! The intervention plan: placements from the catalogue with their goals,
//! capacity and waiting lists, versioned edits, and the citizen's PDF.

pub mod api;
pub mod pages;
pub mod paths;
pub mod pdf;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::plan, get(pages::show).post(pages::add))
        .route(paths::route::pdf, get(pages::pdf))
        .route(paths::route::placement, post(pages::revise))
        .route(paths::route::end_placement, post(pages::end))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::get_plan))
        .routes(routes!(api::plan_pdf))
        .routes(routes!(api::add_placement))
        .routes(routes!(api::revise_placement))
        .routes(routes!(api::end_placement))
}
