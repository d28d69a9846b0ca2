//! Consent: per receiving unit, with scope, purpose and period; revoking it
//! takes effect with the next request.

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
        .route(paths::route::consents, get(pages::show).post(pages::record))
        .route(paths::route::revoke, post(pages::revoke))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::consents, api::record_consent))
        .routes(routes!(api::revoke_consent))
}
