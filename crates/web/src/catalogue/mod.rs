//! The intervention catalogue (indsatskatalog): the administrator's list and
//! forms, and the API's read of it.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/indsatser", get(pages::list).post(pages::create))
        .route("/admin/indsatser/ny", get(pages::new_form))
        .route(
            "/admin/indsatser/{id}",
            get(pages::edit_form).post(pages::update),
        )
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::list))
}
