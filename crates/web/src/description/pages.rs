//! Samlet beskrivelse: the page, its PDF, and the forms for the
//! sundhedskoordinator's advice.

use super::document::{blocks, document, Document};
use super::service::{self as description, AnswerInput, DescriptionView};
use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::{Lang, Word};
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::description::ConsultationStatus;
use jobspor_domain::{ConsultationId, CourseId};
use serde::Deserialize;

/// A consultation as listed, with its answer form while it is open.
pub struct ConsultationRow {
    pub id: String,
    pub version: i64,
    pub requested: String,
    pub question: String,
    pub status: &'static str,
    pub answered_on: String,
    pub answer: String,
    /// Locked once the reply is attached.
    pub open: bool,
}

pub struct DocumentChoice {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "description/templates/course_description.html")]
struct DescriptionPage {
    c: Chrome,
    h: Head,
    doc: Document,
    consultations: Vec<ConsultationRow>,
    documents: Vec<DocumentChoice>,
    /// Whether the rules of today ask for the advice before fleksjob and
    /// førtidspension, in words.
    advice_rule: String,
    today: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<DescriptionPage, PageError> {
    let c = Chrome::new(Some(a), "overall_description", "courses");
    let v: DescriptionView = description::view(
        state,
        &a.actor,
        course,
        AuditAction::Read,
        "overall_description",
    )
    .await?;
    let icf = crate::analysis::service::icf::classification(state, &a.actor).await?;
    let lang = Lang::current();
    let consultations = v
        .consultations
        .iter()
        .map(|x| ConsultationRow {
            id: x.id.to_string(),
            version: x.version,
            requested: crate::i18n::date(x.requested_on),
            question: x.question.clone(),
            status: x.status().word(),
            answered_on: x
                .answered_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| v.today.format("%Y-%m-%d").to_string()),
            answer: x.answer.clone(),
            open: x.status() != ConsultationStatus::Attached,
        })
        .collect();
    let advice_rule = lang.fill(
        if v.rules_today.decisions.health_coordinator_advice {
            "advice_required_under"
        } else {
            "advice_not_required_under"
        },
        &[(
            "rule_set",
            &crate::i18n::words::rule_set(lang, v.rules_today.id),
        )],
    );
    Ok(DescriptionPage {
        h: head(&v.access, &v.citizen, "description"),
        doc: document(&v, &icf, lang),
        consultations,
        documents: v
            .documents
            .iter()
            .map(|d| DocumentChoice {
                id: d.id.to_string(),
                name: d.filename.clone(),
            })
            .collect(),
        advice_rule,
        today: v.today.format("%Y-%m-%d").to_string(),
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, None).await?)
}

/// The description as a PDF in the reader's language; the file name holds
/// no personal data. Making it is audited as an export.
pub async fn pdf(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let v = description::view(
        &state,
        &a.actor,
        course,
        AuditAction::Export,
        "overall_description_pdf",
    )
    .await?;
    let icf = crate::analysis::service::icf::classification(&state, &a.actor).await?;
    let lang = Lang::current();
    let d = document(&v, &icf, lang);
    let municipality = state
        .store
        .municipality_name(a.actor.municipality_id)
        .await
        .map_err(WebError::from)?
        .unwrap_or_default();
    let bytes = crate::pdf::render(&d.title, &blocks(&d, &municipality))
        .map_err(|e| WebError::internal(format!("description pdf: {e}")))?;
    Ok(crate::export::download(
        "application/pdf",
        "samlet-beskrivelse.pdf",
        bytes,
    ))
}

fn back(course: CourseId) -> Response {
    Redirect::to(&super::paths::description(course)).into_response()
}

async fn refused(state: &AppState, a: &Authed, course: CourseId, e: WebError) -> PageResult {
    let (status, msg) = form_error(e)?;
    render_status(status, &page(state, a, course, Some(msg)).await?)
}

#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    question: String,
}

pub async fn request(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<RequestForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    match description::request(&state, &a.actor, course, &f.date, &f.question).await {
        Ok(_) => Ok(back(course)),
        Err(e) => refused(&state, &a, course, e).await,
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    document: String,
}

pub async fn answer(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, xid)): Path<(String, String)>,
    Form(f): Form<AnswerForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let consultation: ConsultationId = id(&xid)?;
    let input = AnswerInput {
        date: &f.date,
        answer: &f.answer,
        document: &f.document,
        version: f.version.parse().unwrap_or(-1),
    };
    match description::answer(&state, &a.actor, course, consultation, &input).await {
        Ok(_) => Ok(back(course)),
        Err(e) => refused(&state, &a, course, e).await,
    }
}
