//! Samlet beskrivelse af borgerens forudsætninger: the document the
//! interdisciplinary analysis and the conference produce (from 2026-02-01 in
//! place of the rehabilitation team), and the sundhedskoordinator's advice a
//! fleksjob or førtidspension recommendation needs before it is signed.

mod document;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::description, get(pages::show))
        .route(paths::route::pdf, get(pages::pdf))
        .route(paths::route::consultations, post(pages::request))
        .route(paths::route::answer, post(pages::answer))
}
