//! `/api/v1/courses`

use super::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::service::{self, CourseInputOwned, PAGE_SIZE};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::course::{Course, ReferralSection};
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::{CitizenId, JournalEntryId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct CourseJson {
    id: String,
    citizen_id: String,
    caseworker_id: String,
    target_group: String,
    category: Option<String>,
    rule_set: String,
    status: String,
    start_date: String,
    framework: String,
    employment_goal: String,
    referral: BTreeMap<String, String>,
    created_at: String,
    updated_at: String,
    version: i64,
}

impl From<&Course> for CourseJson {
    fn from(c: &Course) -> Self {
        CourseJson {
            id: c.id.to_string(),
            citizen_id: c.citizen_id.to_string(),
            caseworker_id: c.caseworker_id.to_string(),
            target_group: c.target_group.code().into(),
            category: c.category.clone(),
            rule_set: c.rule_set.clone(),
            status: c.status.code().into(),
            start_date: c.start_date.to_string(),
            framework: c.framework.clone(),
            employment_goal: c.employment_goal.clone(),
            referral: c
                .referral
                .iter()
                .map(|(k, v)| (k.code().to_string(), v.clone()))
                .collect(),
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
            version: c.version,
        }
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    mine: bool,
    #[serde(default)]
    q: String,
    #[serde(default = "one")]
    page: i64,
}

fn one() -> i64 {
    1
}

#[derive(Serialize)]
pub struct CourseListItem {
    id: String,
    citizen_id: String,
    citizen_name: String,
    cpr_masked: String,
    caseworker_name: String,
    target_group: String,
    category: Option<String>,
    status: String,
    start_date: String,
    framework: String,
}

#[derive(Serialize)]
pub struct CourseList {
    items: Vec<CourseListItem>,
    total: i64,
    page: i64,
    page_size: i64,
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<CourseList>, ApiError> {
    let (rows, total) = service::list_courses(&state, &a.actor, &q.q, q.mine, q.page).await?;
    let items = rows
        .iter()
        .map(|r| CourseListItem {
            id: r.course_id.to_string(),
            citizen_id: r.citizen_id.to_string(),
            citizen_name: r.citizen_name.clone(),
            cpr_masked: r.cpr.masked(),
            caseworker_name: r.caseworker_name.clone(),
            target_group: r.target_group.code().into(),
            category: r.category.clone(),
            status: r.status.code().into(),
            start_date: r.start_date.to_string(),
            framework: r.framework.clone(),
        })
        .collect();
    Ok(Json(CourseList {
        items,
        total,
        page: q.page.max(1),
        page_size: PAGE_SIZE,
    }))
}

/// Only these fields are read; the caseworker is the caller and the
/// municipality the caller's.
#[derive(Deserialize)]
pub struct NewCourse {
    citizen_id: String,
    target_group: String,
    category: Option<String>,
    start_date: Option<String>,
    framework: String,
    #[serde(default)]
    employment_goal: String,
    #[serde(default)]
    referral: BTreeMap<String, String>,
}

pub async fn create(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(b): ApiJson<NewCourse>,
) -> Result<(StatusCode, Json<CourseJson>), ApiError> {
    let citizen: CitizenId = b.citizen_id.parse().map_err(|_| {
        ApiError(WebError::invalid(
            "citizen_id er ikke et id",
            "citizen_id is not an id",
        ))
    })?;
    let mut referral = Vec::new();
    for (k, v) in b.referral {
        let s = ReferralSection::ALL
            .into_iter()
            .find(|s| s.code() == k)
            .ok_or_else(|| {
                ApiError(WebError::invalid(
                    &format!("ukendt afsnit i henvisningen: {k}"),
                    &format!("unknown referral section: {k}"),
                ))
            })?;
        referral.push((s, v));
    }
    let input = CourseInputOwned {
        target_group: b.target_group,
        category: b.category,
        start_date: b.start_date,
        framework: b.framework,
        employment_goal: b.employment_goal,
        referral,
    };
    let c = service::create_course(&state, &a.actor, citizen, &input).await?;
    Ok((StatusCode::CREATED, Json(CourseJson::from(&c))))
}

pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CourseJson>, ApiError> {
    let (ca, _) = service::read_course(&state, &a.actor, path_id(&id)?, "course").await?;
    Ok(Json(CourseJson::from(&ca.course)))
}

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
    let (ca, _) = service::read_course(&state, &a.actor, path_id(&id)?, "journal").await?;
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
    let e = service::add_journal(
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
