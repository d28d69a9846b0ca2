//! `/api/v1` journal: a course's entries, and adding one.

use crate::api::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::JournalEntryId;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct EntryJson {
    id: String,
    course_id: String,
    entry_date: String,
    text: String,
    author_name: String,
    author_role: String,
    corrects: Option<String>,
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

#[derive(Serialize)]
pub struct Journal {
    items: Vec<EntryJson>,
}

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

#[derive(Deserialize)]
pub struct NewEntry {
    text: String,
    entry_date: Option<String>,
    corrects: Option<String>,
}

pub async fn add_journal(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewEntry>,
) -> Result<(StatusCode, Json<EntryJson>), ApiError> {
    let corrects: Option<JournalEntryId> = match b.corrects {
        None => None,
        Some(s) => Some(s.parse().map_err(|_| {
            ApiError(WebError::invalid(
                "corrects er ikke et id",
                "corrects is not an id",
            ))
        })?),
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
