//! Citizens: creating and finding them by CPR number, their details, and the
//! log of who has read or changed their data.

mod access_log;
pub mod api;
mod pages;
pub mod paths;
pub(crate) mod purpose;
pub mod service;
pub mod standing;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::list, post(pages::create))
        .route(paths::route::new, get(pages::new_form))
        .route(paths::route::citizen, get(pages::show).post(pages::update))
        .route(paths::route::access_log, get(pages::access_log))
        .route(paths::route::purpose, post(purpose::state))
        .route(
            paths::route::access_log_csv,
            get(access_log::access_log_csv),
        )
        .route(
            paths::route::access_log_pdf,
            get(access_log::access_log_pdf),
        )
        .route(
            paths::route::new_course,
            get(pages::new_course_form).post(pages::create_course),
        )
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::search, api::create))
        .routes(routes!(api::search_by_body))
        .routes(routes!(api::get_one))
        .routes(routes!(api::access_log))
        .routes(routes!(api::open_with_purpose))
}
