//! The administrator's page: the periods, the open legal holds, and a
//! preview of the next run (a dry run: the job's own work, rolled back).

use super::paths;
use crate::audit::event;
use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::{form_error, id, render_status, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::retention::{DataKind, Periods, RetentionError, RunReport};
use jobspor_domain::LegalHoldId;
use serde::Deserialize;

pub struct PeriodRow {
    pub code: &'static str,
    pub kind: &'static str,
    pub months: String,
    pub minimum: u32,
    pub treatment: &'static str,
}

pub struct HoldView {
    pub id: String,
    pub citizen: String,
    pub reason: String,
    pub placed: String,
}

pub struct PreviewRow {
    pub kind: &'static str,
    pub rows: u64,
}

#[derive(Template)]
#[template(path = "retention/templates/retention.html")]
struct RetentionPage {
    c: Chrome,
    periods: Vec<PeriodRow>,
    holds: Vec<HoldView>,
    error: Option<String>,
    preview: Option<(Vec<PreviewRow>, u64, u64, u64)>,
}

/// The page, with a period as typed and its error, or a preview.
async fn show(
    state: &AppState,
    a: &Authed,
    typed: Option<(DataKind, String)>,
    error: Option<(StatusCode, String)>,
    preview: Option<RunReport>,
) -> PageResult {
    let m = a.actor.municipality_id;
    let periods: Periods = state.store.retention_periods(m).await?;
    let c = Chrome::new(Some(a), "retention.title", "admin");
    let rows = DataKind::ALL
        .into_iter()
        .map(|k| PeriodRow {
            code: k.code(),
            kind: k.word(),
            months: match &typed {
                Some((t, v)) if *t == k => v.clone(),
                _ => periods.months(k).to_string(),
            },
            minimum: k.minimum_months(),
            treatment: c.t(&format!("retention.treatment.{}", k.code())),
        })
        .collect();
    // Each hold names a citizen: the list is a use of their data.
    let holds = state.store.legal_holds(m).await?;
    let events: Vec<_> = holds
        .iter()
        .map(|h| {
            event(
                &a.actor,
                AuditAction::Read,
                Some(h.citizen_id),
                format!("legal_hold:{}", h.hold.id),
                "opbevaring: retslige forbehold",
            )
        })
        .collect();
    crate::audit::audit(state, &events).await?;
    let holds = holds
        .into_iter()
        .map(|h| HoldView {
            placed: super::placed(&h),
            id: h.hold.id.to_string(),
            citizen: h.citizen_name,
            reason: h.hold.reason,
        })
        .collect();
    let preview = preview.map(|r| {
        (
            DataKind::ALL
                .into_iter()
                .map(|k| PreviewRow {
                    kind: k.word(),
                    rows: r.count(k),
                })
                .collect(),
            r.citizens_anonymised,
            r.courses_held,
            r.audit_entries_pruned,
        )
    });
    let (status, error) = crate::page::shown_error(error);
    render_status(
        status,
        &RetentionPage {
            c,
            periods: rows,
            holds,
            error,
            preview,
        },
    )
}

pub async fn page(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    show(&state, &a, None, None, None).await
}

#[derive(Deserialize)]
pub struct PeriodForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    months: String,
}

fn period_error(e: RetentionError) -> WebError {
    match e {
        RetentionError::NotMonths => WebError::invalid("invalid.retention_months"),
        RetentionError::BelowMinimum { .. } => WebError::invalid("invalid.retention_below_minimum"),
        RetentionError::AboveMaximum => WebError::invalid("invalid.retention_above_maximum"),
    }
}

pub async fn set_period(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<PeriodForm>,
) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    let Some(kind) = DataKind::parse(&f.kind) else {
        return Err(WebError::invalid("invalid.retention_kind").into());
    };
    let m = a.actor.municipality_id;
    let periods = state.store.retention_periods(m).await?;
    match periods.with_text(kind, &f.months) {
        Ok(p) => {
            let months = p.months(kind);
            let ev = event(
                &a.actor,
                AuditAction::Update,
                None,
                format!("retention_period:{}", kind.code()),
                &format!("opbevaringsperiode {}: {months} måneder", kind.code()),
            );
            state
                .store
                .set_retention_period(m, kind, months, a.actor.user_id, &[ev])
                .await?;
            Ok(Redirect::to(&paths::admin()).into_response())
        }
        Err(e) => {
            let shown = form_error(period_error(e))?;
            show(&state, &a, Some((kind, f.months)), Some(shown), None).await
        }
    }
}

/// What the job would do now, without doing it (audited by the store).
pub async fn preview(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    let report = state
        .store
        .run_retention(a.actor.municipality_id, Utc::now(), true)
        .await?;
    show(&state, &a, None, None, Some(report)).await
}

pub async fn lift(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(hid): Path<String>,
) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    let hold: LegalHoldId = id(&hid)?;
    let ev = event(
        &a.actor,
        AuditAction::Update,
        None,
        format!("legal_hold:{hold}:lifted"),
        "opbevaring: retsligt forbehold ophævet",
    );
    state
        .store
        .lift_legal_hold(
            a.actor.municipality_id,
            hold,
            a.actor.user_id,
            Utc::now(),
            &[ev],
        )
        .await?;
    Ok(Redirect::to(&paths::admin()).into_response())
}
