//! Courses: the caseworker's list and search, one course's header and menu,
//! its status, goals and team, its contact persons and documents.

mod api;
mod attachments;
pub mod head;
mod list;
pub mod service;
mod status;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forloeb", get(list::list).post(list::search))
        .route("/forloeb/{id}", get(head::open))
        .route(
            "/forloeb/{id}/status",
            get(status::status).post(status::save_status),
        )
        .route("/forloeb/{id}/overdrag", post(status::reassign))
        .route("/forloeb/{id}/team", post(status::add_team_member))
        .route(
            "/forloeb/{id}/kontaktpersoner",
            get(attachments::contacts).post(attachments::add_contact),
        )
        .route(
            "/forloeb/{id}/dokumenter",
            get(attachments::documents).post(attachments::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    jobspor_domain::document::DOCUMENT_MAX_BYTES + 64 * 1024,
                ),
            ),
        )
        .route("/dokumenter/{id}", get(attachments::download))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::get_one))
}
