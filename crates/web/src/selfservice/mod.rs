//! The citizen's side of a screening: the questionnaire opened through a
//! one-time link or at a kiosk, one page at a time, without JavaScript.

mod pages;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{token}", get(pages::intro))
        .route("/s/{token}/sprog/{lang}", get(pages::set_language))
        .route("/s/{token}/side/{n}", get(pages::page).post(pages::save))
        .route("/s/{token}/oversigt", get(pages::review))
        .route("/s/{token}/indsend", post(pages::send))
        .route("/s/{token}/tak", get(pages::thanks))
}
