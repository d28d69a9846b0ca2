//! Focus areas on a course: read by the course's team and caseworker,
//! written by them, removed softly; every step audited.

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::courses::service::{course_for, read_course, CourseAccess};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::citizen::Citizen;
use jobspor_domain::focus::{FocusArea, FocusInput};
use jobspor_domain::user::Actor;
use jobspor_domain::*;

/// The course's focus areas (the removed ones too when asked), read under
/// an audit entry.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    include_removed: bool,
) -> Result<(CourseAccess, Citizen, Vec<FocusArea>), WebError> {
    let (ca, citizen) = read_course(state, actor, course, "focus_areas").await?;
    let areas = state
        .store
        .focus_areas(actor.municipality_id, course, include_removed)
        .await?;
    Ok((ca, citizen, areas))
}

/// A checked focus area for `course`, made now by the actor.
async fn checked(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    input: &FocusInput<'_>,
    replaces: Option<FocusAreaId>,
) -> Result<(CourseAccess, FocusArea), WebError> {
    let ca = course_for(state, actor, course).await?;
    crate::courses::service::ensure_open(&ca.course)?;
    let icf = crate::analysis::service::icf::classification(state, actor).await?;
    let v = input.validate(&icf).map_err(WebError::Validation)?;
    let area = FocusArea {
        id: FocusAreaId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        component: v.component,
        polarity: v.polarity,
        description: v.description,
        icf_code: v.icf_code,
        qualifier: v.qualifier,
        priority: v.priority,
        suggested_intervention: v.suggested_intervention,
        profession: v.profession,
        created_at: Utc::now(),
        created_by: actor.user_id,
        removed_at: None,
        removed_by: None,
        replaces,
    };
    Ok((ca, area))
}

fn focus_event(
    actor: &Actor,
    ca: &CourseAccess,
    action: AuditAction,
    id: FocusAreaId,
) -> AuditEvent {
    event(
        actor,
        action,
        Some(ca.course.citizen_id),
        format!("focus_area:{id}"),
        PURPOSE_CASEWORK,
    )
}

pub async fn add(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    input: &FocusInput<'_>,
) -> Result<FocusArea, WebError> {
    let (ca, area) = checked(state, actor, course, input, None).await?;
    let ev = focus_event(actor, &ca, AuditAction::Create, area.id);
    state.store.add_focus_area(&area, &[ev]).await?;
    Ok(area)
}

/// Corrects a focus area: the old one is removed and the corrected one,
/// naming it, takes its place; both, and their audit, in one transaction.
pub async fn correct(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    old: FocusAreaId,
    input: &FocusInput<'_>,
) -> Result<FocusArea, WebError> {
    let (ca, area) = checked(state, actor, course, input, Some(old)).await?;
    let events = [
        focus_event(actor, &ca, AuditAction::Delete, old),
        focus_event(actor, &ca, AuditAction::Create, area.id),
    ];
    state.store.replace_focus_area(&area, &events).await?;
    Ok(area)
}

pub async fn remove(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: FocusAreaId,
) -> Result<(), WebError> {
    let ca = course_for(state, actor, course).await?;
    crate::courses::service::ensure_open(&ca.course)?;
    let ev = focus_event(actor, &ca, AuditAction::Delete, id);
    state
        .store
        .remove_focus_area(
            actor.municipality_id,
            course,
            id,
            actor.user_id,
            Utc::now(),
            &[ev],
        )
        .await?;
    Ok(())
}

/// The writer's own profession, as the default responsible one.
pub async fn own_profession(
    state: &AppState,
    actor: &Actor,
) -> Result<Option<jobspor_domain::user::Profession>, WebError> {
    Ok(state
        .store
        .user(actor.user_id)
        .await?
        .and_then(|u| u.profession))
}
