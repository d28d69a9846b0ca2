//! "Min plan": the citizen's own door. The citizen logs in through
//! NemLog-in/MitID (an OpenID broker, its own client configuration), gets a
//! session of their own that never reaches a staff page or API, and sees
//! their plan in plain words and who has seen their data, in Danish,
//! English or Arabic, without JavaScript.

mod answers;
mod appointments;
mod consents;
mod documents;
mod login;
mod my_data;
mod page;
pub mod paths;
mod questionnaires;
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
        .route(paths::route::document, get(documents::download))
        .route(paths::route::my_data_pdf, get(my_data::pdf))
        .route(paths::route::my_data_json, get(my_data::json))
        .route(paths::route::questionnaire, get(questionnaires::intro))
        .route(
            paths::route::questionnaire_language,
            get(questionnaires::language_of),
        )
        .route(
            paths::route::questionnaire_page,
            get(questionnaires::page).post(questionnaires::save),
        )
        .route(
            paths::route::questionnaire_review,
            get(questionnaires::review),
        )
        .route(paths::route::questionnaire_send, post(questionnaires::send))
        .route(
            paths::route::questionnaire_thanks,
            get(questionnaires::thanks),
        )
}
