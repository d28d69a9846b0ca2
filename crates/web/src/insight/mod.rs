//! The citizen's right of access and portability (GDPR art. 15 and 20,
//! issue 25 part 3): everything held about a citizen, produced by staff on
//! request as a readable PDF and as JSON, and offered to the citizen in Min
//! plan. The caseworker who carries the citizen's course and the data
//! protection officer produce it (`need_to_know`, kind `insight`); every
//! view and download is audited.

mod api;
pub mod document;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::request, get(pages::request).post(pages::find))
        .route(paths::route::insight, get(pages::page))
        .route(paths::route::pdf, get(pages::pdf))
        .route(paths::route::json, get(pages::json))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::export))
}
