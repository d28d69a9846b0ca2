//! The citizen's consents in "Min plan": what each unit may see, and
//! revoking one. A revocation takes effect at once, as when the caseworker
//! records it: the unit's staff lose access with their next request.

use super::login::own;
use super::running::{day, running, Running};
use super::session;
use crate::error::WebError;
use crate::i18n::Tx;
use crate::page::PageResult;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::consent::Consent;
use jobspor_domain::{ConsentId, MunicipalityId};
use serde::Deserialize;

pub struct ConsentRow {
    pub id: String,
    pub unit: String,
    pub scope: String,
    pub purpose: String,
    pub period: String,
    /// When it was revoked, if it was.
    pub revoked: Option<String>,
}

/// The consents of the citizen's running courses, newest first per course.
async fn of_courses(
    state: &AppState,
    m: MunicipalityId,
    courses: &[Running],
) -> Result<Vec<Consent>, WebError> {
    let mut out = Vec::new();
    for r in courses {
        out.extend(state.store.consents(m, r.course.id).await?);
    }
    Ok(out)
}

pub async fn rows(
    state: &AppState,
    m: MunicipalityId,
    courses: &[Running],
    units: &[jobspor_store::Unit],
    tx: &Tx,
) -> Result<Vec<ConsentRow>, WebError> {
    Ok(of_courses(state, m, courses)
        .await?
        .into_iter()
        .map(|c| ConsentRow {
            id: c.id.to_string(),
            unit: units
                .iter()
                .find(|u| u.id == c.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| tx.t("consent.unknown_unit").to_string()),
            scope: c.scope.clone(),
            purpose: c.purpose.clone(),
            period: format!("{} – {}", day(c.period.from), day(c.period.to)),
            revoked: c.revoked_at.map(|at| day(at.date_naive())),
        })
        .collect())
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<RevokeForm>,
) -> PageResult {
    let Some(s) = session::posting(&state, &headers, &f.csrf).await? else {
        return Ok(Redirect::to(&super::paths::home()).into_response());
    };
    let id: ConsentId = id.parse().map_err(|_| WebError::NotFound)?;
    let m = s.municipality_id;
    // Only a consent of the citizen's own courses, and only once.
    let courses = running(&state, m, s.citizen_id).await?;
    let consent = of_courses(&state, m, &courses)
        .await?
        .into_iter()
        .find(|c| c.id == id && c.revoked_at.is_none())
        .ok_or(WebError::NotFound)?;
    let ev = own(
        s.municipality_id,
        s.citizen_id,
        AuditAction::Update,
        &format!("consent:{id}:revoked"),
        "borgerens tilbagekaldelse",
    );
    state
        .store
        .revoke_consent(m, consent.course_id, id, None, Utc::now(), &[ev])
        .await?;
    Ok(Redirect::to(&format!("{}#samtykker", super::paths::home())).into_response())
}
