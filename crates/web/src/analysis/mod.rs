//! The interdisciplinary analysis: monodisciplinary notes, ICF-coded focus
//! areas, and the ICF classification they draw on.

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
        .route(
            paths::route::notes,
            get(pages::notes::notes).post(pages::notes::save_note),
        )
        .route(
            paths::route::focus_areas,
            get(pages::focus::show).post(pages::focus::add),
        )
        .route(paths::route::remove_focus_area, post(pages::focus::remove))
        .route(
            paths::route::icf,
            get(pages::icf::show).post(pages::icf::import),
        )
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::icf::search, api::icf::import))
        .routes(routes!(api::focus::list, api::focus::add))
        .routes(routes!(api::focus::correct, api::focus::remove))
        .routes(routes!(api::notes::list, api::notes::add))
        .routes(routes!(api::notes::correct, api::notes::withdraw))
}
