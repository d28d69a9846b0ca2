//! Who is asking: staff login and logout, sessions, CSRF, login throttling,
//! API bearer tokens, and the extractors handlers use to get the signed-in
//! user.

mod login;
pub mod oidc;
pub mod paths;
pub mod second_factor;
mod session;
pub mod throttle;
mod token;

pub use session::*;
pub use throttle::{client_ip, normalise, pace_failure, Throttle};

use crate::AppState;

/// `NotFound` unless the actor administers the municipality (pages of
/// others look as if they were not there).
pub(crate) fn require_admin(
    actor: &jobspor_domain::user::Actor,
) -> Result<(), crate::error::WebError> {
    if jobspor_domain::access::can_administer(actor) {
        Ok(())
    } else {
        Err(crate::error::WebError::NotFound)
    }
}
use axum::routing::{get, post};
use axum::Router;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::login, get(login::form).post(login::submit))
        .route(paths::route::logout, post(login::logout))
        .route(
            paths::route::login_code,
            get(second_factor::code_form).post(second_factor::code_submit),
        )
        .route(
            paths::route::login_enrol,
            get(second_factor::enrol_form).post(second_factor::enrol_submit),
        )
        .route(paths::route::oidc_login, get(oidc::staff::login))
        .route(paths::route::oidc_callback, get(oidc::staff::callback))
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(token::create))
        .routes(routes!(token::me))
}
