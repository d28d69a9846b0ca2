//! Administration: users, units and their mailboxes, course frameworks, and
//! questionnaire definitions (import and export), and how staff log in.

mod access_review;
mod identity;
mod pages;
pub mod paths;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::home, get(pages::page))
        .route(paths::route::users, post(pages::create_user))
        .route(paths::route::user_active, post(pages::toggle_user))
        .route(paths::route::units, post(pages::create_unit))
        .route(paths::route::unit_email, post(pages::set_unit_email))
        .route(paths::route::frameworks, post(pages::create_framework))
        .route(
            paths::route::questionnaires,
            get(pages::definitions).post(pages::import_definition),
        )
        .route(paths::route::questionnaire, get(pages::export_definition))
        .route(paths::route::identity, get(identity::page))
        .route(paths::route::identity_local, post(identity::set_local))
        .route(paths::route::claim_mappings, post(identity::add_mapping))
        .route(
            paths::route::claim_mapping_remove,
            post(identity::remove_mapping),
        )
        .route(paths::route::identity_links, post(identity::link))
        .route(
            paths::route::user_second_factor,
            post(identity::reset_second_factor),
        )
        .route(paths::route::user_unlock, post(identity::unlock))
        .route(paths::route::access_review, get(access_review::page))
        .route(paths::route::access_reviewed, post(access_review::reviewed))
}
