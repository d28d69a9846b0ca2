//! The citizen's side of a screening: the questionnaire opened through a
//! one-time link or at a kiosk, one page at a time, without JavaScript.

mod pages;
pub mod paths;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::intro, get(pages::intro))
        .route(paths::route::language, get(pages::set_language))
        .route(paths::route::page, get(pages::page).post(pages::save))
        .route(paths::route::review, get(pages::review))
        .route(paths::route::send, post(pages::send))
        .route(paths::route::thanks, get(pages::thanks))
}
