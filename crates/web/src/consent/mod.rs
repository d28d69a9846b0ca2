//! Consent: per receiving unit, with scope, purpose and period; revoking it
//! takes effect with the next request.

mod api;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/forloeb/{id}/samtykke",
            get(pages::show).post(pages::record),
        )
        .route(
            "/forloeb/{id}/samtykke/{kid}/tilbagekald",
            post(pages::revoke),
        )
}

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route(
            "/courses/{id}/consents",
            get(api::consents).post(api::record_consent),
        )
        .route(
            "/courses/{id}/consents/{cid}/revoke",
            post(api::revoke_consent),
        )
}
