//! Questionnaires waiting for the citizen, answered from Min plan: the same
//! pages as behind the one-time link, opened by the logged-in citizen on
//! the same terms (while a link is open), in Min plan's language. Each view
//! is audited as the citizen's own access; each answer as the citizen's own
//! change through Min plan.

use super::login::own;
use super::page::{tx, with_language};
use super::paths;
use super::session;
use crate::i18n::catalogue::CITIZEN_LANGUAGES;
use crate::i18n::Tx;
use crate::page::{PageError, PageResult};
use crate::screening::service as screening;
use crate::screening::service::Opened;
use crate::selfservice::door::{Door, DoorPaths};
use crate::selfservice::pages;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::{CitizenId, MunicipalityId, ResponseId};
use jobspor_store::CitizenSession;
use serde::Deserialize;

/// A questionnaire on Min plan's list.
pub struct WaitingRow {
    pub title: String,
    pub href: String,
    pub started: bool,
    pub until: String,
}

/// The questionnaires waiting for the citizen, in their language.
pub async fn rows(
    state: &AppState,
    m: MunicipalityId,
    cid: CitizenId,
    tx: &Tx,
) -> Result<Vec<WaitingRow>, crate::error::WebError> {
    Ok(screening::waiting(state, m, cid)
        .await?
        .into_iter()
        .map(|w| WaitingRow {
            title: w.title.get(&tx.lang).to_string(),
            href: paths::questionnaire(w.response.id),
            started: w.started,
            until: super::running::day(w.expires_at.date_naive()),
        })
        .collect())
}

struct Own(String);

impl DoorPaths for Own {
    fn intro(&self) -> String {
        paths::questionnaire(&self.0)
    }
    fn language(&self, lang: &str) -> String {
        paths::questionnaire_language(&self.0, lang)
    }
    fn page(&self, n: usize) -> String {
        paths::questionnaire_page(&self.0, n)
    }
    fn review(&self) -> String {
        paths::questionnaire_review(&self.0)
    }
    fn send(&self) -> String {
        paths::questionnaire_send(&self.0)
    }
    fn thanks(&self) -> String {
        paths::questionnaire_thanks(&self.0)
    }
}

/// Min plan's language, if the questionnaire has it.
fn language(h: &HeaderMap, o: &Opened) -> String {
    let chosen = tx(h).lang;
    if o.definition.languages.contains(&chosen) {
        chosen
    } else {
        o.response.language.clone()
    }
}

/// The citizen's own questionnaire with its door and language; or the page
/// that says why it cannot be opened (also for a bad id).
async fn opened(
    state: &AppState,
    h: &HeaderMap,
    s: &CitizenSession,
    id: &str,
) -> Result<Result<(Opened, Door, String), Response>, PageError> {
    let found = match id.parse::<ResponseId>() {
        Ok(rid) => screening::open_own(state, s.municipality_id, s.citizen_id, rid).await?,
        Err(_) => Err(screening::LinkProblem::Unknown),
    };
    match found {
        Ok(o) => {
            let door = Door::new(
                Box::new(Own(o.response.id.to_string())),
                Some(s.csrf_token.clone()),
                Some(paths::home()),
            );
            let lang = language(h, &o);
            Ok(Ok((o, door, lang)))
        }
        Err(p) => Ok(Err(pages::problem(p, tx(h).lang, Some(paths::home()))?)),
    }
}

/// A view of the questionnaire, audited as the citizen's own read.
async fn viewed(
    state: &AppState,
    h: &HeaderMap,
    id: &str,
) -> Result<Result<(Opened, Door, String), Response>, PageError> {
    let Some(s) = session::current(state, h).await? else {
        return Ok(Err(Redirect::to(&paths::home()).into_response()));
    };
    let found = opened(state, h, &s, id).await?;
    if let Ok((o, _, _)) = &found {
        let object = format!("screening:{}", o.response.id);
        let ev = own(
            s.municipality_id,
            s.citizen_id,
            AuditAction::Read,
            &object,
            "egen indsigt",
        );
        state.store.append_audit(&[ev]).await?;
    }
    Ok(found)
}

/// A form sent from the questionnaire: the session's token is checked.
async fn posted(
    state: &AppState,
    h: &HeaderMap,
    id: &str,
    csrf: &str,
) -> Result<Result<(Opened, Door, String), Response>, PageError> {
    let Some(s) = session::posting(state, h, csrf).await? else {
        return Ok(Err(Redirect::to(&paths::home()).into_response()));
    };
    opened(state, h, &s, id).await
}

macro_rules! or_return {
    ($found:expr) => {
        match $found.await? {
            Ok(o) => o,
            Err(resp) => return Ok(resp),
        }
    };
}

pub async fn intro(
    State(state): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> PageResult {
    let (o, door, lang) = or_return!(viewed(&state, &h, &id));
    pages::intro(&o, lang, &door)
}

/// Chooses the language of Min plan from the questionnaire's own list, and
/// comes back to it.
pub async fn language_of(
    State(state): State<AppState>,
    h: HeaderMap,
    Path((id, lang)): Path<(String, String)>,
) -> PageResult {
    let Some(s) = session::current(&state, &h).await? else {
        return Ok(Redirect::to(&paths::home()).into_response());
    };
    let (o, door, _) = or_return!(opened(&state, &h, &s, &id));
    let res = Redirect::to(&door.intro()).into_response();
    if !CITIZEN_LANGUAGES.contains(&lang.as_str()) || !o.definition.languages.contains(&lang) {
        return Ok(res);
    }
    Ok(with_language(&state, res, &lang))
}

pub async fn page(
    State(state): State<AppState>,
    h: HeaderMap,
    Path((id, n)): Path<(String, usize)>,
) -> PageResult {
    let (o, door, lang) = or_return!(viewed(&state, &h, &id));
    pages::page(&o, lang, &door, n)
}

pub async fn save(
    State(state): State<AppState>,
    h: HeaderMap,
    Path((id, n)): Path<(String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let csrf = form
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let (o, door, lang) = or_return!(posted(&state, &h, &id, csrf));
    pages::save(&state, o, lang, &door, n, &form).await
}

pub async fn review(
    State(state): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> PageResult {
    let (o, door, lang) = or_return!(viewed(&state, &h, &id));
    pages::review(&o, lang, &door)
}

#[derive(Deserialize)]
pub struct SendForm {
    #[serde(default)]
    csrf: String,
}

pub async fn send(
    State(state): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<SendForm>,
) -> PageResult {
    let (o, door, lang) = or_return!(posted(&state, &h, &id, &f.csrf));
    pages::send(&state, &o, lang, &door).await
}

pub async fn thanks(
    State(state): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> PageResult {
    let Some(s) = session::current(&state, &h).await? else {
        return Ok(Redirect::to(&paths::home()).into_response());
    };
    let (o, door, lang) = or_return!(opened(&state, &h, &s, &id));
    pages::thanks(&o, lang, &door)
}
