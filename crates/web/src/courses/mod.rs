//! Courses: the caseworker's list and search, one course's header and menu,
//! its status, goals and team, its contact persons and documents.

mod api;
mod attachments;
pub mod head;
mod list;
pub mod paths;
pub mod service;
mod sharing;
mod status;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::list, get(list::list).post(list::search))
        .route(paths::route::course, get(head::open))
        .route(
            paths::route::status,
            get(status::status).post(status::save_status),
        )
        .route(paths::route::reassign, post(status::reassign))
        .route(paths::route::team, post(status::add_team_member))
        .route(
            paths::route::contacts,
            get(attachments::contacts).post(attachments::add_contact),
        )
        .route(
            paths::route::documents,
            get(attachments::documents).post(attachments::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    jobspor_domain::document::DOCUMENT_MAX_BYTES + 64 * 1024,
                ),
            ),
        )
        .route(paths::route::document, get(attachments::download))
        .route(paths::route::document_share, post(sharing::share))
        .route(paths::route::share_plan, post(sharing::share_plan_page))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::search))
        .routes(routes!(api::get_one))
}
