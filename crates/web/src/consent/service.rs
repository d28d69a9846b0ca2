//! Consents per receiving unit: recorded and revoked by the course's
//! caseworker, read by those who see the course; every step audited.

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::courses::service::{read_course, CourseAccess};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::consent::{Consent, ConsentInput};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use jobspor_store::Unit;

pub struct ConsentView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub consents: Vec<Consent>,
    pub units: Vec<Unit>,
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<ConsentView, WebError> {
    let (access, citizen) = read_course(state, actor, course, "consents").await?;
    let consents = state.store.consents(actor.municipality_id, course).await?;
    let units = state.store.list_units(actor.municipality_id).await?;
    Ok(ConsentView {
        access,
        citizen,
        consents,
        units,
    })
}

/// The course if the actor manages it (else 404) and it is still open.
pub(crate) async fn managed_course(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<CourseAccess, WebError> {
    let ca = managed_any(state, actor, course).await?;
    crate::courses::service::ensure_open(&ca.course)?;
    Ok(ca)
}

/// The course if the actor manages it, open or closed.
pub(crate) async fn managed_any(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<CourseAccess, WebError> {
    crate::confirm::may_change(state, actor, course).await
}

pub async fn record(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    unit: &str,
    input: &ConsentInput<'_>,
) -> Result<Consent, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let units = state.store.list_units(actor.municipality_id).await?;
    let unit_id = unit
        .parse::<UnitId>()
        .ok()
        .filter(|u| units.iter().any(|x| x.id == *u))
        .ok_or_else(|| WebError::invalid("invalid.choose_the_receiving_unit"))?;
    let now = Utc::now();
    let v = input
        .validate(today_copenhagen(now))
        .map_err(WebError::Validation)?;
    let c = Consent {
        id: ConsentId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        citizen_id: ca.course.citizen_id,
        unit_id,
        scope: v.scope,
        purpose: v.purpose,
        period: v.period,
        method: v.method,
        recorded_at: now,
        recorded_by: actor.user_id,
        revoked_at: None,
        revoked_by: None,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(c.citizen_id),
        format!("consent:{}", c.id),
        PURPOSE_CASEWORK,
    );
    state.store.record_consent(&c, &[ev]).await?;
    Ok(c)
}

/// Revokes at once: the unit's staff lose access with the next request.
pub async fn revoke(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: ConsentId,
) -> Result<(), WebError> {
    let ca = managed_any(state, actor, course).await?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("consent:{id}:revoked"),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .revoke_consent(
            actor.municipality_id,
            course,
            id,
            Some(actor.user_id),
            Utc::now(),
            &[ev],
        )
        .await?;
    Ok(())
}
