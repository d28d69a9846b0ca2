//! Fleksible kontaktforløb: the caseworker records job conversations and
//! exemptions on a course; managers see, per unit, the shares of those close
//! to the labour market who had a job conversation and an offer within their
//! first six months, against 75 %, and the share exempted, against 25 %.

mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::course, get(pages::course))
        .route(paths::route::conversation, post(pages::conversation))
        .route(paths::route::exemption, post(pages::exemption))
        .route(paths::route::monitor, get(pages::monitor))
}
