//! Administration: users, units and their mailboxes, course frameworks, and
//! questionnaire definitions (import and export).

mod pages;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(pages::page))
        .route("/admin/brugere", post(pages::create_user))
        .route("/admin/brugere/{id}/aktiv", post(pages::toggle_user))
        .route("/admin/enheder", post(pages::create_unit))
        .route("/admin/enheder/{id}/email", post(pages::set_unit_email))
        .route("/admin/forloebsrammer", post(pages::create_framework))
        .route(
            "/admin/spoergeskemaer",
            get(pages::definitions).post(pages::import_definition),
        )
        .route("/admin/spoergeskemaer/{id}", get(pages::export_definition))
}
