//! The intervention catalogue (indsatskatalog): the administrator's list and
//! forms, and the API's read of it.

mod api;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::list, get(pages::list).post(pages::create))
        .route(paths::route::new, get(pages::new_form))
        .route(
            paths::route::intervention,
            get(pages::edit_form).post(pages::update),
        )
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::list))
}
