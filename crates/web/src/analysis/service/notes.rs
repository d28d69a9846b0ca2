//! Monodisciplinary notes: read and written only by the course's team and
//! its responsible caseworker; every read and change audited.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::courses::service::{course_for, CourseAccess};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::analysis::{validate, AnalysisNote};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::user::{Actor, Profession};
use jobspor_domain::*;

pub struct NotesView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub notes: Vec<AnalysisNote>,
    pub own_profession: Option<Profession>,
}

/// The course, if the actor is on its team or is its responsible caseworker.
pub(crate) async fn analysis_access(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<CourseAccess, WebError> {
    let ca = course_for(state, actor, course).await?;
    if !ca.can_analyse {
        return Err(WebError::NotFound);
    }
    Ok(ca)
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<NotesView, WebError> {
    let access = analysis_access(state, actor, course).await?;
    let citizen = state
        .store
        .citizen(actor.municipality_id, access.course.citizen_id)
        .await?
        .ok_or(WebError::NotFound)?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(citizen.id),
            format!("analysis_notes:{course}"),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    let notes = state
        .store
        .analysis_notes(actor.municipality_id, course)
        .await?;
    let own_profession = state
        .store
        .user(actor.user_id)
        .await?
        .and_then(|u| u.profession);
    Ok(NotesView {
        access,
        citizen,
        notes,
        own_profession,
    })
}

/// Writes the actor's own note: new (no version) or an update at `version`.
/// `named`: the note the caller says it corrects (the API names it by id);
/// anyone else's is not found.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    version: Option<i64>,
    named: Option<NoteId>,
    parts: (&str, &str, &str),
) -> Result<AnalysisNote, WebError> {
    let ca = analysis_access(state, actor, course).await?;
    if let Some(note) = named {
        ensure_own(state, actor, course, note).await?;
    }
    crate::courses::service::ensure_open(&ca.course)?;
    let v = validate(parts.0, parts.1, parts.2).map_err(WebError::Validation)?;
    let now = Utc::now();
    let note = AnalysisNote {
        id: NoteId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        author_id: actor.user_id,
        author_name: actor.display_name.clone(),
        profession: state
            .store
            .user(actor.user_id)
            .await?
            .and_then(|u| u.profession),
        limitation: v.limitation,
        resources: v.resources,
        suggested_intervention: v.suggested_intervention,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let action = if version.is_some() {
        AuditAction::Update
    } else {
        AuditAction::Create
    };
    let ev = event(
        actor,
        action,
        Some(ca.course.citizen_id),
        format!("analysis_note:{course}:{}", actor.user_id),
        PURPOSE_CASEWORK,
    );
    match state.store.save_analysis_note(&note, version, &[ev]).await {
        Ok(n) => Ok(n),
        Err(e) => Err(e.into()),
    }
}

/// The note `id` is the actor's own current note on the course; anyone
/// else's, or none, is not found. (After the access check.)
async fn ensure_own(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: NoteId,
) -> Result<(), WebError> {
    let notes = state
        .store
        .analysis_notes(actor.municipality_id, course)
        .await?;
    match notes.iter().find(|n| n.id == id) {
        Some(n) if n.author_id == actor.user_id => Ok(()),
        _ => Err(WebError::NotFound),
    }
}

/// The author withdraws their own note `note`, read at `version`. The note
/// stays in the database, marked, and out of every list.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    note: NoteId,
    version: i64,
) -> Result<(), WebError> {
    let ca = analysis_access(state, actor, course).await?;
    ensure_own(state, actor, course, note).await?;
    crate::courses::service::ensure_open(&ca.course)?;
    let ev = event(
        actor,
        AuditAction::Delete,
        Some(ca.course.citizen_id),
        format!("analysis_note:{course}:{}", actor.user_id),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .withdraw_analysis_note(
            actor.municipality_id,
            course,
            actor.user_id,
            version,
            Utc::now(),
            &[ev],
        )
        .await?;
    Ok(())
}
