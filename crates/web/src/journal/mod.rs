//! The journal: a course's append-only history of notes, with linked
//! corrections.

mod api;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new().route(
        paths::route::history,
        get(pages::history).post(pages::add_entry),
    )
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::journal, api::add_journal))
}
