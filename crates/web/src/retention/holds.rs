//! A course's legal holds: the caseworker who manages the course places
//! one (a complaint, a lawsuit, an inquiry), and the retention job leaves
//! the course and its citizen alone until it is lifted.

use super::paths;
use crate::audit::event;
use crate::auth::{Authed, CurrentUser};
use crate::courses::service::course_for;
use crate::error::WebError;
use crate::page::{form_error, id, render_status, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::retention::LegalHold;
use jobspor_domain::CourseId;
use serde::Deserialize;

pub struct HoldLine {
    pub reason: String,
    pub placed: String,
}

#[derive(Template)]
#[template(path = "retention/templates/course_holds.html")]
struct HoldsPage {
    c: Chrome,
    id: String,
    holds: Vec<HoldLine>,
    reason: String,
    error: Option<String>,
}

async fn show(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    typed: &str,
    error: Option<(StatusCode, String)>,
) -> PageResult {
    let ca = course_for(state, &a.actor, course).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound.into());
    }
    let holds = state
        .store
        .legal_holds(a.actor.municipality_id)
        .await?
        .into_iter()
        .filter(|h| h.hold.course_id == course)
        .map(|h| HoldLine {
            placed: super::placed(&h),
            reason: h.hold.reason,
        })
        .collect();
    let (status, error) = crate::page::shown_error(error);
    render_status(
        status,
        &HoldsPage {
            c: Chrome::new(Some(a), "retention.holds_title", "courses"),
            id: course.to_string(),
            holds,
            reason: typed.to_string(),
            error,
        },
    )
}

pub async fn page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    show(&state, &a, id(&cid)?, "", None).await
}

#[derive(Deserialize)]
pub struct HoldForm {
    #[serde(default)]
    reason: String,
}

pub async fn place(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<HoldForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let ca = course_for(&state, &a.actor, course).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound.into());
    }
    match LegalHold::place(&a.actor, course, &f.reason, Utc::now()) {
        Ok(h) => {
            let ev = event(
                &a.actor,
                AuditAction::Create,
                Some(ca.course.citizen_id),
                format!("legal_hold:{}", h.id),
                "opbevaring: retsligt forbehold",
            );
            state.store.place_legal_hold(&h, &[ev]).await?;
            Ok(Redirect::to(&paths::course_holds(course)).into_response())
        }
        Err(_) => {
            let shown = form_error(WebError::invalid("invalid.retention_hold_reason"))?;
            show(&state, &a, course, &f.reason, Some(shown)).await
        }
    }
}
