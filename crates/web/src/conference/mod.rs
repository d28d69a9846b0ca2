//! Conversations and the conference: booking the citizen's conversations,
//! the conference record, signing it, and addenda.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

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

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route(
            "/courses/{id}/conference",
            get(api::get_conference).put(api::save),
        )
        .route("/courses/{id}/conference/sign", post(api::sign))
        .route("/courses/{id}/conference/addenda", post(api::addendum))
        .route("/courses/{id}/conversations", post(api::book))
        .route(
            "/courses/{id}/conversations/{bid}/cancel",
            post(api::cancel),
        )
}
