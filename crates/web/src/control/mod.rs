//! Course control and exit: follow-ups under the rule set in force, what is
//! due or overdue (Frister, Målinger), and closing a course with its outcome.

mod api;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    use pages::{course, deadlines};
    Router::new()
        .route(paths::route::control, get(course::show))
        .route(paths::route::close, post(course::close))
        .route(paths::route::deadline_met, post(course::meet))
        .route(paths::route::deadlines, get(deadlines::for_caseworker))
        .route(paths::route::notice_read, post(deadlines::notice_read))
        .route(paths::route::measurements_due, get(deadlines::for_provider))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::course_control))
        .routes(routes!(api::close))
        .routes(routes!(api::deadline_list))
}
