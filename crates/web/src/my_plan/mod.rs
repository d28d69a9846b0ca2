//! "Min plan": the citizen's own door. The citizen logs in through
//! NemLog-in/MitID (an OpenID broker, its own client configuration), gets a
//! session of their own that never reaches a staff page or API, and sees
//! their plan in plain words and who has seen their data, in Danish,
//! English or Arabic, without JavaScript.

mod answers;
mod appointments;
mod consents;
mod login;
mod page;
pub mod paths;
mod ratings;
mod running;
pub mod session;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::home, get(page::home))
        .route(paths::route::language, get(page::language))
        .route(paths::route::login, get(login::start))
        .route(paths::route::callback, get(login::callback))
        .route(paths::route::logout, post(login::logout))
        .route(paths::route::consent_revoke, post(consents::revoke))
        .route(paths::route::answer, post(answers::save))
        .route(paths::route::rate, post(ratings::rate))
}
