//! `/api/v1/courses/{id}/analysis-notes`: the monodisciplinary notes, one
//! per professional per course. The team and the responsible caseworker read
//! them all; each writes, corrects and withdraws only their own.

use crate::analysis::service::notes;
use crate::api::{path_id, rfc3339, ApiJson, ApiQuery, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::analysis::AnalysisNote;
use jobspor_domain::NoteId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One professional's note: the citizen's limitations and resources as the
/// profession sees them, and the intervention it suggests.
#[derive(Serialize, ToSchema)]
#[schema(as = AnalysisNote)]
pub struct NoteJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    author_id: String,
    author_name: String,
    /// The author's profession, e.g. `psychologist`; null for the caseworker
    profession: Option<&'static str>,
    limitation: String,
    resources: String,
    suggested_intervention: String,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// Send it back to correct or withdraw the note
    version: i64,
}

impl From<&AnalysisNote> for NoteJson {
    fn from(n: &AnalysisNote) -> Self {
        NoteJson {
            id: n.id.to_string(),
            author_id: n.author_id.to_string(),
            author_name: n.author_name.clone(),
            profession: n.profession.map(|p| p.code()),
            limitation: n.limitation.clone(),
            resources: n.resources.clone(),
            suggested_intervention: n.suggested_intervention.clone(),
            created_at: rfc3339(n.created_at),
            updated_at: rfc3339(n.updated_at),
            version: n.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = AnalysisNotes)]
pub struct Notes {
    items: Vec<NoteJson>,
}

/// The caller's note, new.
#[derive(Deserialize, ToSchema)]
#[schema(as = NewAnalysisNote)]
pub struct NewNote {
    #[serde(default)]
    limitation: String,
    #[serde(default)]
    resources: String,
    #[serde(default)]
    suggested_intervention: String,
}

/// The caller's note, corrected.
#[derive(Deserialize, ToSchema)]
#[schema(as = AnalysisNoteChange)]
pub struct NoteChange {
    /// The version read; a stale one answers 409
    version: i64,
    #[serde(default)]
    limitation: String,
    #[serde(default)]
    resources: String,
    #[serde(default)]
    suggested_intervention: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version read; a stale one answers 409
    version: i64,
}

/// Every professional's note on the course, side by side; the course team
/// and its caseworker only (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/analysis-notes",
    tag = "analysis",
    operation_id = "list_analysis_notes",
    params(("id" = uuid::Uuid, Path, description = "The course")),
    responses(
        (status = 200, body = Notes, description = "The notes, oldest first"),
        ReadErrors
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Notes>, ApiError> {
    let v = notes::view(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(Notes {
        items: v.notes.iter().map(NoteJson::from).collect(),
    }))
}

/// Write the caller's own note; one per professional per course
#[utoipa::path(
    post,
    path = "/courses/{id}/analysis-notes",
    tag = "analysis",
    operation_id = "add_analysis_note",
    params(("id" = uuid::Uuid, Path, description = "The course")),
    request_body = NewNote,
    responses(
        (status = 201, body = NoteJson, description = "Written"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "The caller has a note on this course already, or the course is closed"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    )
)]
pub async fn add(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewNote>,
) -> Result<(StatusCode, Json<NoteJson>), ApiError> {
    let parts = (
        b.limitation.as_str(),
        b.resources.as_str(),
        b.suggested_intervention.as_str(),
    );
    let n = notes::save(&state, &a.actor, path_id(&id)?, None, None, parts).await?;
    Ok((StatusCode::CREATED, Json(NoteJson::from(&n))))
}

/// Correct the caller's own note
#[utoipa::path(
    put,
    path = "/courses/{id}/analysis-notes/{nid}",
    tag = "analysis",
    operation_id = "correct_analysis_note",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("nid" = uuid::Uuid, Path, description = "The caller's note")
    ),
    request_body = NoteChange,
    responses(
        (status = 200, body = NoteJson, description = "Saved"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's own note"),
        (status = 409, body = ErrorBody, description = "A stale version, or the course is closed"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    )
)]
pub async fn correct(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, nid)): Path<(String, String)>,
    ApiJson(b): ApiJson<NoteChange>,
) -> Result<Json<NoteJson>, ApiError> {
    let course = path_id(&id)?;
    let note: NoteId = path_id(&nid)?;
    let parts = (
        b.limitation.as_str(),
        b.resources.as_str(),
        b.suggested_intervention.as_str(),
    );
    let n = notes::save(&state, &a.actor, course, Some(b.version), Some(note), parts).await?;
    Ok(Json(NoteJson::from(&n)))
}

/// Withdraw the caller's own note; it is kept, marked, out of every list
#[utoipa::path(
    delete,
    path = "/courses/{id}/analysis-notes/{nid}",
    tag = "analysis",
    operation_id = "withdraw_analysis_note",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("nid" = uuid::Uuid, Path, description = "The caller's note"),
        VersionQuery
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's own note"),
        (status = 409, body = ErrorBody, description = "A stale version, or the course is closed"),
        (status = 422, body = ErrorBody, description = "The version is missing or not a number")
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, nid)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> Result<StatusCode, ApiError> {
    let course = path_id(&id)?;
    let note: NoteId = path_id(&nid)?;
    notes::withdraw(&state, &a.actor, course, note, q.version).await?;
    Ok(StatusCode::NO_CONTENT)
}
