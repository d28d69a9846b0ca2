//! Conversations and the conference: booking the citizen's conversations,
//! the conference record, signing it, and addenda.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/forloeb/{id}/konference",
            get(pages::show).post(pages::save),
        )
        .route("/forloeb/{id}/konference/underskriv", post(pages::sign))
        .route("/forloeb/{id}/konference/tillaeg", post(pages::addendum))
        .route("/forloeb/{id}/samtaler", post(pages::book))
        .route("/forloeb/{id}/samtaler/{bid}/aflys", post(pages::cancel))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::get_conference, api::save))
        .routes(routes!(api::sign))
        .routes(routes!(api::addendum))
        .routes(routes!(api::book))
        .routes(routes!(api::cancel))
}
