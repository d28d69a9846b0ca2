//! Screening: starting a questionnaire for a citizen (by link, at a kiosk or
//! from paper), the questionnaire definitions, and the API for both.

mod api;
pub mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/borgere/{id}/screening", post(pages::start))
}

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/questionnaires", get(api::definitions).post(api::import))
        .route("/questionnaires/{id}", get(api::definition))
        .route("/course-frameworks", get(api::frameworks))
        .route(
            "/citizens/{id}/screenings",
            get(api::of_citizen).post(api::start),
        )
        .route("/screenings/{id}", get(api::get_one))
        .route("/screenings/{id}/answers", post(api::answers))
        .route("/screenings/{id}/links/revoke", post(api::revoke))
}
