//! `/api/v1/courses`

use crate::api::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::courses::service::{CourseInputOwned, PAGE_SIZE};
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::course::{Course, ReferralSection};
use jobspor_domain::CitizenId;
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
    let (rows, total) =
        crate::courses::service::list_courses(&state, &a.actor, &q.q, q.mine, q.page).await?;
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
    let c = crate::courses::service::create_course(&state, &a.actor, citizen, &input).await?;
    Ok((StatusCode::CREATED, Json(CourseJson::from(&c))))
}

pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CourseJson>, ApiError> {
    let (ca, _) =
        crate::courses::service::read_course(&state, &a.actor, path_id(&id)?, "course").await?;
    Ok(Json(CourseJson::from(&ca.course)))
}
