//! Course control and exit: follow-ups under the rule set in force, what is
//! due or overdue (Frister, Målinger), and closing a course with its outcome.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    use pages::{course, deadlines};
    Router::new()
        .route("/forloeb/{id}/kontrol", get(course::show))
        .route("/forloeb/{id}/afslut", post(course::close))
        .route("/forloeb/{id}/frist", post(course::meet))
        .route("/frister", get(deadlines::for_caseworker))
        .route("/frister/beskeder/{id}/laest", post(deadlines::notice_read))
        .route("/maalinger", get(deadlines::for_provider))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::course_control))
        .routes(routes!(api::close))
        .routes(routes!(api::deadline_list))
}
