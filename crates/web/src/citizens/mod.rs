//! Citizens: creating and finding them by CPR number, their details, and the
//! log of who has read or changed their data.

pub mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/borgere", post(pages::create))
        .route("/borgere/ny", get(pages::new_form))
        .route("/borgere/{id}", get(pages::show).post(pages::update))
        .route("/borgere/{id}/adgangslog", get(pages::access_log))
        .route("/borgere/{id}/adgangslog.csv", get(pages::access_log_csv))
        .route(
            "/borgere/{id}/forloeb/nyt",
            get(pages::new_course_form).post(pages::create_course),
        )
}

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/citizens", get(api::search).post(api::create))
        .route("/citizens/{id}", get(api::get_one))
        .route("/citizens/{id}/access-log", get(api::access_log))
}
