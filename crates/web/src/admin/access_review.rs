//! "Adgang med formål": the data protection officer reviews every time a
//! caseworker opened a citizen they had no course with, and why
//! (need-to-know). Each is marked reviewed once read; both are audited.

use crate::audit::{audit, event};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::{id, render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::AccessGrantId;

/// How many a page lists, oldest first.
const PAGE: i64 = 200;

pub struct GrantRow {
    pub id: String,
    pub at: String,
    pub staff: String,
    pub citizen: String,
    pub reason: &'static str,
    pub purpose: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "admin/templates/access_review.html")]
struct ReviewPage {
    c: Chrome,
    rows: Vec<GrantRow>,
}

const PURPOSE_REVIEW: &str = "gennemsyn af adgang med formål";

pub async fn page(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let list = state
        .store
        .citizen_access_to_review(a.actor.municipality_id, PAGE)
        .await?;
    // Each citizen named on the page is a use of their data.
    let events: Vec<_> = list
        .iter()
        .map(|g| {
            event(
                &a.actor,
                AuditAction::Read,
                Some(g.grant.citizen_id),
                format!("citizen_access:{}", g.grant.id),
                PURPOSE_REVIEW,
            )
        })
        .collect();
    audit(&state, &events).await?;
    let c = Chrome::new(Some(&a), "access_review", "admin");
    let rows = list
        .into_iter()
        .map(|g| GrantRow {
            id: g.grant.id.to_string(),
            at: crate::i18n::datetime(g.grant.granted_at),
            staff: g.staff_name,
            citizen: g.citizen_name,
            reason: g.grant.reason.word(),
            purpose: g.grant.purpose,
            until: crate::i18n::datetime(g.grant.expires_at),
        })
        .collect();
    render(&ReviewPage { c, rows })
}

/// Marks one reviewed; one already reviewed (or unknown) is not found.
pub async fn reviewed(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(gid): Path<String>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let grant: AccessGrantId = id(&gid)?;
    let ev = event(
        &a.actor,
        AuditAction::Update,
        None,
        format!("citizen_access:{grant}:reviewed"),
        PURPOSE_REVIEW,
    );
    state
        .store
        .review_citizen_access(
            a.actor.municipality_id,
            grant,
            a.actor.user_id,
            Utc::now(),
            &[ev],
        )
        .await?;
    Ok(Redirect::to(&crate::admin::paths::access_review()).into_response())
}
