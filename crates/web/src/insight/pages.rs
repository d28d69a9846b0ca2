//! The staff pages: a citizen's export at a glance with its two files,
//! and the data protection officer's form for finding the citizen a
//! request is about.

use super::document::{self, section_title};
use super::paths;
use super::service::{self, Use};
use crate::auth::CurrentUser;
use crate::page::{form_error, id, render, render_status, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use serde::Deserialize;

pub struct SectionRow {
    pub title: &'static str,
    pub rows: usize,
}

#[derive(Template)]
#[template(path = "insight/templates/insight.html")]
struct InsightPage {
    c: Chrome,
    id: String,
    name: String,
    made: String,
    held: Vec<SectionRow>,
    empty: Vec<&'static str>,
}

pub async fn page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let cid = id(&cid)?;
    let i = service::produce(&state, &a.actor, cid, Use::Overview).await?;
    let c = Chrome::new(Some(&a), "insight.page_title", "");
    let (held, empty): (Vec<_>, Vec<_>) = i.sections.iter().partition(|s| !s.rows.is_empty());
    render(&InsightPage {
        id: cid.to_string(),
        name: document::citizen_name(&i),
        made: c.lang.fill(
            "insight.made",
            &[
                ("municipality", &i.municipality),
                ("at", &crate::i18n::datetime(i.produced_at)),
            ],
        ),
        held: held
            .iter()
            .map(|s| SectionRow {
                title: section_title(c.lang, s.key),
                rows: s.rows.len(),
            })
            .collect(),
        empty: empty.iter().map(|s| section_title(c.lang, s.key)).collect(),
        c,
    })
}

pub async fn pdf(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let i = service::produce(&state, &a.actor, id(&cid)?, Use::Pdf).await?;
    let lang = crate::i18n::Lang::current();
    let bytes = document::pdf(lang, &i)?;
    Ok(crate::export::download(
        "application/pdf",
        document::pdf_name(lang),
        bytes,
    ))
}

pub async fn json(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let i = service::produce(&state, &a.actor, id(&cid)?, Use::Json).await?;
    Ok(crate::export::download(
        "application/json",
        document::json_name(crate::i18n::Lang::current()),
        document::json_bytes(&i)?,
    ))
}

#[derive(Template)]
#[template(path = "insight/templates/request.html")]
struct RequestPage {
    c: Chrome,
    cpr: String,
    error: Option<String>,
}

/// The data protection officer's form: the CPR number of the citizen who
/// asks for insight.
pub async fn request(CurrentUser(a): CurrentUser) -> PageResult {
    if !service::answers_requests(&a.actor) {
        return Err(crate::error::WebError::NotFound.into());
    }
    render(&RequestPage {
        c: Chrome::new(Some(&a), "insight.request_title", "insight"),
        cpr: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct FindForm {
    #[serde(default)]
    cpr: String,
}

/// Goes to the citizen's export; an invalid or unknown CPR number shows
/// the form again with what was typed.
pub async fn find(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<FindForm>,
) -> PageResult {
    match service::find(&state, &a.actor, &f.cpr).await {
        Ok(cid) => Ok(Redirect::to(&paths::insight(cid)).into_response()),
        Err(e) => {
            let (status, error): (StatusCode, String) = form_error(e)?;
            render_status(
                status,
                &RequestPage {
                    c: Chrome::new(Some(&a), "insight.request_title", "insight"),
                    cpr: f.cpr,
                    error: Some(error),
                },
            )
        }
    }
}
