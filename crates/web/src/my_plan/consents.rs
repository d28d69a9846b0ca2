//! The citizen's consents in "Min plan": what each unit may see, and
//! revoking one. A revocation takes effect at once, as when the caseworker
//! records it: the unit's staff lose access with their next request.

use super::login::own;
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
use jobspor_domain::course::CourseStatus;
use jobspor_domain::{CitizenId, ConsentId, MunicipalityId};
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

/// The consents of the citizen's courses that are not closed, newest first.
async fn of_citizen(
    state: &AppState,
    m: MunicipalityId,
    citizen: CitizenId,
) -> Result<Vec<Consent>, WebError> {
    let mut out = Vec::new();
    for rc in state.store.courses_of_citizen(m, citizen).await? {
        if rc.course.status != CourseStatus::Closed {
            out.extend(state.store.consents(m, rc.course.id).await?);
        }
    }
    Ok(out)
}

pub async fn rows(
    state: &AppState,
    m: MunicipalityId,
    citizen: CitizenId,
    tx: &Tx,
) -> Result<Vec<ConsentRow>, WebError> {
    let units = state.store.list_units(m).await?;
    let date = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    Ok(of_citizen(state, m, citizen)
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
            period: format!("{} – {}", date(c.period.from), date(c.period.to)),
            revoked: c.revoked_at.map(|at| at.format("%d.%m.%Y").to_string()),
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
    let Some(s) = session::current(&state, &headers).await? else {
        return Ok(Redirect::to(&super::paths::home()).into_response());
    };
    if !crate::auth::same_token(&s.csrf_token, &f.csrf) {
        return Err(WebError::Csrf.into());
    }
    let id: ConsentId = id.parse().map_err(|_| WebError::NotFound)?;
    let (m, cid) = (s.municipality_id, s.citizen_id);
    // Only a consent of the citizen's own courses, and only once.
    let consent = of_citizen(&state, m, cid)
        .await?
        .into_iter()
        .find(|c| c.id == id && c.revoked_at.is_none())
        .ok_or(WebError::NotFound)?;
    let citizen = state
        .store
        .citizen(m, cid)
        .await?
        .ok_or(WebError::NotFound)?;
    let ev = own(
        &citizen,
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
