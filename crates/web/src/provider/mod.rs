//! Providers in other departments: their inbox and their unit's participants,
//! showing only what consent allows.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/deltagere", get(pages::list))
        .route("/deltagere/{pid}", get(pages::show))
        .route("/deltagere/{pid}/maal", post(pages::add_goal))
        .route("/deltagere/{pid}/vurdering", post(pages::rate))
        .route(
            "/deltagere/{pid}/borger/{gid}",
            get(pages::citizen_form).post(pages::citizen_save),
        )
        .route("/indbakke", get(pages::inbox))
        .route("/indbakke/{nid}/laest", post(pages::mark_read))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::participants))
        .routes(routes!(api::get_participant))
        .routes(routes!(api::inbox))
        .routes(routes!(api::mark_read))
}
