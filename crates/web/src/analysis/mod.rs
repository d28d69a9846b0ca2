//! The interdisciplinary analysis: monodisciplinary notes, ICF-coded focus
//! areas, and the ICF classification they draw on.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/forloeb/{id}/analyse",
            get(pages::notes::notes).post(pages::notes::save_note),
        )
        .route(
            "/forloeb/{id}/fokusomraader",
            get(pages::focus::show).post(pages::focus::add),
        )
        .route(
            "/forloeb/{id}/fokusomraader/{fid}/fjern",
            post(pages::focus::remove),
        )
        .route("/admin/icf", get(pages::icf::show).post(pages::icf::import))
}

pub fn api_router() -> Router<AppState> {
    Router::new().route("/icf", get(api::search).post(api::import))
}
