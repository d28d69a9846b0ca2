//! `/api/v1` journal: a course's entries, and adding one.

use crate::api::{path_id, rfc3339, ApiJson, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::JournalEntryId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Entry)]
pub struct EntryJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    course_id: String,
    #[schema(format = Date)]
    entry_date: String,
    text: String,
    author_name: String,
    author_role: String,
    #[schema(format = Uuid)]
    corrects: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
}

impl From<&JournalEntry> for EntryJson {
    fn from(e: &JournalEntry) -> Self {
        EntryJson {
            id: e.id.to_string(),
            course_id: e.course_id.to_string(),
            entry_date: e.entry_date.to_string(),
            text: e.text.clone(),
            author_name: e.author_name.clone(),
            author_role: e.author_role.code().into(),
            corrects: e.corrects.map(|c| c.to_string()),
            created_at: rfc3339(e.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Journal {
    items: Vec<EntryJson>,
}

/// The course's journal (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/journal",
    tag = "journal",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, body = Journal, description = "The entries, oldest first"),
        ReadErrors
    ),
    operation_id = "get_journal"
)]
pub async fn journal(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Journal>, ApiError> {
    let (ca, _) =
        crate::courses::service::read_course(&state, &a.actor, path_id(&id)?, "journal").await?;
    let entries = state
        .store
        .journal(a.actor.municipality_id, ca.course.id)
        .await?;
    Ok(Json(Journal {
        items: entries.iter().map(EntryJson::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewEntry {
    text: String,
    #[schema(format = Date)]
    entry_date: Option<String>,
    #[schema(format = Uuid)]
    corrects: Option<String>,
}

/// Add a journal entry; a correction names the entry it corrects, which stays
#[utoipa::path(
    post,
    path = "/courses/{id}/journal",
    tag = "journal",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = NewEntry,
    responses(
        (status = 201, body = EntryJson, description = "Added"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "A stale version, a record that already exists, or a state that does not allow it"),
        (status = 413, body = ErrorBody, description = "The body is too large"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "add_journal_entry"
)]
pub async fn add_journal(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewEntry>,
) -> Result<(StatusCode, Json<EntryJson>), ApiError> {
    let corrects: Option<JournalEntryId> = match b.corrects {
        None => None,
        Some(s) => Some(
            s.parse()
                .map_err(|_| ApiError(WebError::invalid("invalid.corrects_is_not_an_id")))?,
        ),
    };
    let e = crate::journal::service::add_journal(
        &state,
        &a.actor,
        path_id(&id)?,
        &b.text,
        b.entry_date.as_deref(),
        corrects,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(EntryJson::from(&e))))
}
