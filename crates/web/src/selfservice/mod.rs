//! The citizen's side of a screening: the questionnaire opened through a
//! one-time link or at a kiosk, or from Min plan, one page at a time,
//! without JavaScript.

pub mod door;
mod link;
pub mod pages;
pub mod paths;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::intro, get(link::intro))
        .route(paths::route::language, get(link::set_language))
        .route(paths::route::page, get(link::page).post(link::save))
        .route(paths::route::review, get(link::review))
        .route(paths::route::send, post(link::send))
        .route(paths::route::thanks, get(link::thanks))
}
