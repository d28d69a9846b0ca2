//! Providers in other departments: their inbox and their unit's participants,
//! showing only what consent allows.

mod api;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::participants, get(pages::list))
        .route(paths::route::participant, get(pages::show))
        .route(paths::route::goals, post(pages::add_goal))
        .route(paths::route::rating, post(pages::rate))
        .route(
            paths::route::citizen_rating,
            get(pages::citizen_form).post(pages::citizen_save),
        )
        .route(paths::route::inbox, get(pages::inbox))
        .route(paths::route::read_all, post(pages::mark_all_read))
        .route(paths::route::read, post(pages::mark_read))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::participants))
        .routes(routes!(api::get_participant))
        .routes(routes!(api::inbox))
        .routes(routes!(api::mark_read))
}
