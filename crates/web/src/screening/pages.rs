//! The caseworker's side of screening: starting a questionnaire for a
//! citizen and handing over its link.

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{id, render, Chrome, PageResult};
use crate::screening::service as screening;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Form;
use jobspor_domain::questionnaire::Channel;
use jobspor_domain::CitizenId;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "screening/templates/screening_started.html")]
struct StartedPage {
    c: Chrome,
    citizen_id: String,
    url: String,
    channel: &'static str,
    expires: String,
    title: String,
}

#[derive(Deserialize)]
pub struct StartForm {
    definition_id: String,
    language: String,
    channel: String,
}

/// The address citizens reach Jobspor at: `JOBSPOR_PUBLIC_URL`, else this request's host.
fn public_base(headers: &HeaderMap) -> String {
    if let Ok(u) = std::env::var("JOBSPOR_PUBLIC_URL") {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1:8080");
    format!("http://{host}")
}

pub async fn start(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    headers: HeaderMap,
    Path(cid): Path<String>,
    Form(f): Form<StartForm>,
) -> PageResult {
    let citizen: CitizenId = id(&cid)?;
    let definition = f
        .definition_id
        .parse()
        .map_err(|_| WebError::invalid("invalid.choose_a_questionnaire"))?;
    let channel = Channel::parse(&f.channel)
        .ok_or_else(|| WebError::invalid("invalid.choose_how_it_is_answered"))?;
    let started =
        screening::start(&state, &a.actor, citizen, definition, &f.language, channel).await?;
    let title = state
        .store
        .definition(a.actor.municipality_id, started.response.definition_id)
        .await?
        .map(|d| d.title)
        .unwrap_or_default();
    render(&StartedPage {
        c: Chrome::new(Some(&a), "screening_started", ""),
        citizen_id: citizen.to_string(),
        url: format!("{}/s/{}", public_base(&headers), started.token),
        channel: channel.code(),
        expires: crate::i18n::datetime(started.expires_at),
        title,
    })
}

/// What the citizen page shows about screenings.
pub struct ScreeningRow {
    /// The triage page, once the screening is submitted.
    pub link: Option<String>,
    pub title: String,
    pub status: &'static str,
    pub channel: String,
    pub created: String,
}

pub struct ScreeningSection {
    pub rows: Vec<ScreeningRow>,
    pub definitions: Vec<SelectOption>,
    pub languages: Vec<SelectOption>,
}

pub async fn section(
    state: &AppState,
    a: &crate::auth::Authed,
    citizen: &crate::citizens::standing::Standing,
) -> Result<ScreeningSection, WebError> {
    // Titles and versions are on the stored rows; nothing needs parsing here.
    let defs = state.store.definitions(a.actor.municipality_id).await?;
    let rows = screening::responses_of(state, &a.actor, citizen)
        .await?
        .into_iter()
        .map(|r| ScreeningRow {
            link: (r.status == jobspor_domain::questionnaire::ResponseStatus::Submitted)
                .then(|| crate::triage::paths::screening(r.id)),
            title: defs
                .iter()
                .find(|s| s.id == r.definition_id)
                .map(|s| format!("{} (v{})", s.title, s.version))
                .unwrap_or_default(),
            status: r.status.word(),
            channel: channel_name(r.channel).to_string(),
            created: crate::i18n::datetime(r.created_at),
        })
        .collect();
    // The newest version of each definition is offered.
    let definitions = defs
        .iter()
        .filter(|s| !defs.iter().any(|o| o.key == s.key && o.version > s.version))
        .map(|s| SelectOption {
            value: s.id.to_string(),
            label: format!("{} (v{})", s.title, s.version),
            selected: false,
        })
        .collect();
    let languages = [("da", "Dansk"), ("en", "English"), ("ar", "العربية")]
        .iter()
        .map(|(c, l)| SelectOption {
            value: (*c).into(),
            label: (*l).into(),
            selected: *c == "da",
        })
        .collect();
    Ok(ScreeningSection {
        rows,
        definitions,
        languages,
    })
}

/// How a questionnaire was answered, in words.
fn channel_name(ch: Channel) -> &'static str {
    let lang = crate::i18n::Lang::current();
    match ch {
        Channel::Link => lang.t("channel_name_link"),
        Channel::Kiosk => lang.t("channel_name_kiosk"),
        Channel::Paper => lang.t("channel_name_paper"),
        Channel::Api => lang.t("channel_name_api"),
    }
}
