//! Conversations and the conference: booking the citizen's conversations,
//! the conference record, signing it, and addenda.

mod agenda;
mod api;
mod pages;
pub mod paths;
mod print;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::conference, get(pages::show).post(pages::save))
        .route(paths::route::sign, post(pages::sign))
        .route(paths::route::record_pdf, get(print::record_pdf))
        .route(paths::route::addendum, post(pages::addendum))
        .route(paths::route::conversations, post(pages::book))
        .route(paths::route::cancel_conversation, post(pages::cancel))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::get_conference, api::save))
        .routes(routes!(api::sign))
        .routes(routes!(api::addendum))
        .routes(routes!(api::book))
        .routes(routes!(api::cancel))
}
