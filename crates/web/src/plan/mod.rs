//! The intervention plan: placements from the catalogue with their goals,
//! capacity and waiting lists, versioned edits, and the citizen's PDF.

pub mod api;
pub mod pages;
pub mod pdf;
pub mod service;

use crate::AppState;
use axum::routing::{get, post, put};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/forloeb/{id}/indsatsplan",
            get(pages::show).post(pages::add),
        )
        .route("/forloeb/{id}/indsatsplan.pdf", get(pages::pdf))
        .route("/forloeb/{id}/indsatsplan/{pid}", post(pages::revise))
        .route("/forloeb/{id}/indsatsplan/{pid}/afslut", post(pages::end))
}

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/courses/{id}/plan", get(api::get_plan))
        .route("/courses/{id}/plan.pdf", get(api::plan_pdf))
        .route("/courses/{id}/plan/placements", post(api::add_placement))
        .route(
            "/courses/{id}/plan/placements/{pid}",
            put(api::revise_placement),
        )
        .route(
            "/courses/{id}/plan/placements/{pid}/end",
            post(api::end_placement),
        )
}
