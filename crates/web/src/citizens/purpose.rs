//! The page of a citizen the caseworker may only find (need-to-know): who
//! they are and whose course they have, and the form to open more of them
//! for a stated purpose.

use crate::auth::{Authed, CurrentUser};
use crate::citizens::standing::{audit_found, state_purpose, Standing};
use crate::i18n::Word;
use crate::page::{form_error, id, render_status, Chrome, PageResult, SelectOption};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::need_to_know::{Reason, STATED_PURPOSE_HOURS};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "citizens/templates/citizen_found.html")]
struct FoundPage {
    c: Chrome,
    id: String,
    name: String,
    cpr: String,
    course: String,
    reasons: Vec<SelectOption>,
    purpose: String,
    terms: String,
    error: Option<String>,
}

/// The page of a citizen the actor may find but not open; audited as found.
pub async fn found_page(
    state: &AppState,
    a: &Authed,
    s: &Standing,
    typed: Option<(&str, &str)>,
    error: Option<(StatusCode, String)>,
) -> PageResult {
    let f = s.found();
    audit_found(state, &a.actor, std::slice::from_ref(&f)).await?;
    let c = Chrome::new(Some(a), "citizen", "");
    let course = match (&f.owner, f.has_course) {
        (Some(owner), _) => c.lang.fill("found_course_with", &[("owner", owner)]),
        (None, true) => c.t("found_closed_courses").to_string(),
        (None, false) => c.t("found_no_course").to_string(),
    };
    let (reason, purpose) = typed.unwrap_or(("", ""));
    let reasons = Reason::STATED
        .into_iter()
        .map(|r| SelectOption::new(r.code(), r.word(), r.code() == reason))
        .collect();
    let (status, error) = crate::page::shown_error(error);
    render_status(
        status,
        &FoundPage {
            id: f.id.to_string(),
            name: f.name,
            cpr: f.masked_cpr,
            course,
            reasons,
            purpose: purpose.to_string(),
            terms: c.lang.fill(
                "open_with_purpose_terms",
                &[("hours", &STATED_PURPOSE_HOURS.to_string())],
            ),
            error,
            c,
        },
    )
}

#[derive(Deserialize)]
pub struct PurposeForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    purpose: String,
}

/// Opens the citizen for the stated purpose and goes to their page; a
/// missing reason or purpose shows the form again with what was typed.
pub async fn state(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<PurposeForm>,
) -> PageResult {
    let citizen = id(&cid)?;
    match state_purpose(&state, &a.actor, citizen, &f.reason, &f.purpose).await {
        Ok(_) => Ok(Redirect::to(&crate::citizens::paths::citizen(citizen)).into_response()),
        Err(e) => {
            let shown = form_error(e)?;
            let s = crate::citizens::standing::standing(&state, &a.actor, citizen).await?;
            found_page(&state, &a, &s, Some((&f.reason, &f.purpose)), Some(shown)).await
        }
    }
}
