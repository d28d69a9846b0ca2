//! The questionnaire behind a one-time link (`/s/{token}`): the token is
//! the citizen's only credential, and the language is a cookie of these
//! pages.

use super::door::Door;
use super::pages;
use crate::i18n::catalogue::CITIZEN_LANGUAGES;
use crate::page::{PageError, PageResult};
use crate::screening::service as screening;
use crate::screening::service::Opened;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

/// The citizen's language behind a link: the cookie set on these pages,
/// if the definition has it.
fn language(headers: &HeaderMap, o: &Opened) -> String {
    crate::auth::cookie(headers, "qlang")
        .filter(|l| o.definition.languages.contains(l))
        .unwrap_or_else(|| o.response.language.clone())
}

/// The questionnaire of a link, with its door and language; or the page
/// that says why it cannot be opened.
async fn opened(
    state: &AppState,
    token: &str,
    headers: &HeaderMap,
) -> Result<Result<(Opened, Door, String), Response>, PageError> {
    match screening::open(state, token).await? {
        Ok(o) => {
            let lang = language(headers, &o);
            Ok(Ok((o, Door::link(token), lang)))
        }
        Err(p) => {
            // No definition is known, so the language comes from the cookie alone.
            let lang = crate::auth::cookie(headers, "qlang")
                .filter(|l| CITIZEN_LANGUAGES.contains(&l.as_str()))
                .unwrap_or_else(|| "da".into());
            Ok(Err(pages::problem(p, lang, None)?))
        }
    }
}

macro_rules! open_or_return {
    ($state:expr, $token:expr, $headers:expr) => {
        match opened(&$state, &$token, &$headers).await? {
            Ok(o) => o,
            Err(resp) => return Ok(resp),
        }
    };
}

pub async fn intro(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    let (o, door, lang) = open_or_return!(state, token, headers);
    pages::intro(&o, lang, &door)
}

pub async fn set_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, lang)): Path<(String, String)>,
) -> PageResult {
    let (o, door, _) = open_or_return!(state, token, headers);
    let lang = if o.definition.languages.contains(&lang) {
        lang
    } else {
        o.response.language.clone()
    };
    let mut res = Redirect::to(&door.intro()).into_response();
    let cookie = crate::auth::set_cookie(&state, "qlang", &lang, "/s/", Some(60 * 60 * 24 * 30));
    if let Ok(v) = cookie.parse() {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, n)): Path<(String, usize)>,
) -> PageResult {
    let (o, door, lang) = open_or_return!(state, token, headers);
    pages::page(&o, lang, &door, n)
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, n)): Path<(String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let (o, door, lang) = open_or_return!(state, token, headers);
    pages::save(&state, o, lang, &door, n, &form).await
}

pub async fn review(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    let (o, door, lang) = open_or_return!(state, token, headers);
    pages::review(&o, lang, &door)
}

pub async fn send(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    let (o, door, lang) = open_or_return!(state, token, headers);
    pages::send(&state, &o, lang, &door).await
}

pub async fn thanks(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    let (o, door, lang) = open_or_return!(state, token, headers);
    pages::thanks(&o, lang, &door)
}
