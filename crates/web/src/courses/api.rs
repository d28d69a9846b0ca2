//! `/api/v1/courses`

use crate::api::{path_id, rfc3339, ApiJson, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::courses::service::{CourseInputOwned, PAGE_SIZE};
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::course::{Course, ReferralSection};
use jobspor_domain::message::Message;
use jobspor_domain::CitizenId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::IntoParams;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Course)]
pub struct CourseJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    citizen_id: String,
    #[schema(format = Uuid)]
    caseworker_id: String,
    target_group: String,
    category: Option<String>,
    /// The rule set in force on the start date
    rule_set: String,
    /// `referred`, `active`, `on_hold` or `closed`
    status: String,
    #[schema(format = Date)]
    start_date: String,
    /// Sygedagpenge: the first day of absence, from which follow-up is counted
    #[schema(format = Date)]
    first_absence_date: Option<String>,
    /// `standard`, `light` (§ 13 f: follow-up on recovery only) or `exempt`
    /// (employed, back within 26 weeks)
    follow_up_track: String,
    framework: String,
    employment_goal: String,
    referral: BTreeMap<String, String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
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
            first_absence_date: c.first_absence_date.map(|d| d.to_string()),
            follow_up_track: c.follow_up_track.code().into(),
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only the caller's own courses
    #[serde(default)]
    mine: bool,
    /// No longer taken here (400): a name or a CPR number is personal
    /// data; search with `POST /courses/search`
    #[serde(default)]
    q: String,
    /// From 1; a page holds `page_size` courses
    #[serde(default = "one")]
    #[param(minimum = 1, default = 1)]
    page: i64,
}

/// A search of courses, the criterion in the body.
#[derive(Deserialize, ToSchema)]
pub struct CourseSearchRequest {
    /// A name, or a CPR number (separators allowed)
    #[serde(default)]
    q: String,
    /// Only the caller's own courses
    #[serde(default)]
    mine: bool,
    /// From 1
    #[serde(default = "one")]
    page: i64,
}

fn one() -> i64 {
    1
}

#[derive(Serialize, ToSchema)]
pub struct CourseListItem {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    citizen_id: String,
    citizen_name: String,
    cpr_masked: String,
    caseworker_name: String,
    target_group: String,
    category: Option<String>,
    status: String,
    #[schema(format = Date)]
    start_date: String,
    framework: String,
}

#[derive(Serialize, ToSchema)]
pub struct CourseList {
    items: Vec<CourseListItem>,
    total: i64,
    page: i64,
    page_size: i64,
}

/// Courses the caller may see, page by page; `mine` for the caller's own (audited). A search criterion goes in the body of `POST /courses/search`
#[utoipa::path(
    get,
    path = "/courses",
    tag = "courses",
    params(
        ListQuery
    ),
    responses(
        (status = 200, body = CourseList, description = "A page of courses"),
        (status = 400, body = ErrorBody, description = "A search criterion in the address: use POST /courses/search"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired")
    ),
    operation_id = "list_courses"
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<CourseList>, ApiError> {
    if !q.q.trim().is_empty() {
        return Err(ApiError(WebError::BadRequest(Message::new(
            "invalid.search_criterion_in_the_address",
        ))));
    }
    listed(&state, &a, "", q.mine, q.page).await
}

/// Courses the caller may see, searched by name or CPR number in the body; `mine` for the caller's own (audited)
#[utoipa::path(
    post,
    path = "/courses/search",
    tag = "courses",
    request_body = CourseSearchRequest,
    responses(
        (status = 200, body = CourseList, description = "A page of courses"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "search_courses"
)]
pub async fn search(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(b): ApiJson<CourseSearchRequest>,
) -> Result<Json<CourseList>, ApiError> {
    listed(&state, &a, &b.q, b.mine, b.page).await
}

async fn listed(
    state: &AppState,
    a: &crate::auth::Authed,
    q: &str,
    mine: bool,
    page: i64,
) -> Result<Json<CourseList>, ApiError> {
    let (rows, total) =
        crate::courses::service::list_courses(state, &a.actor, q, mine, page).await?;
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
        page: page.max(1),
        page_size: PAGE_SIZE,
    }))
}

/// Only these fields are read; the caseworker is the caller and the
/// municipality the caller's.
#[derive(Deserialize, ToSchema)]
pub struct NewCourse {
    #[schema(format = Uuid)]
    citizen_id: String,
    /// `kontanthjaelp`, `sygedagpenge`, `integrationsydelse` or `forsikret_ledig`
    target_group: String,
    /// As the rule set in force on `start_date` allows, e.g. `jobparat`,
    /// `aktivitetsparat`, `kategori_1`
    category: Option<String>,
    #[schema(format = Date)]
    start_date: Option<String>,
    /// Required for `sygedagpenge`: the first day of absence, on or before
    /// `start_date` and not in the future
    #[schema(format = Date)]
    first_absence_date: Option<String>,
    /// For `sygedagpenge`: `standard` (the default), `light` or `exempt`
    follow_up_track: Option<String>,
    framework: String,
    #[serde(default)]
    employment_goal: String,
    /// Keys: `work_and_absence`, `education`, `social_and_housing`,
    /// `health_and_treatment`, `functional_ability`, `lifestyle_factors`,
    /// `previous_courses`
    #[serde(default)]
    referral: BTreeMap<String, String>,
}

/// Open a course for a citizen; the caller becomes its caseworker
#[utoipa::path(
    post,
    path = "/courses",
    tag = "courses",
    request_body = NewCourse,
    responses(
        (status = 201, body = CourseJson, description = "Created"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 413, body = ErrorBody, description = "The body is too large"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "create_course"
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(b): ApiJson<NewCourse>,
) -> Result<(StatusCode, Json<CourseJson>), ApiError> {
    let citizen: CitizenId = b
        .citizen_id
        .parse()
        .map_err(|_| ApiError(WebError::invalid("invalid.citizenid_is_not_an_id")))?;
    let mut referral = Vec::new();
    for (k, v) in b.referral {
        let s = ReferralSection::ALL
            .into_iter()
            .find(|s| s.code() == k)
            .ok_or_else(|| {
                ApiError(WebError::Validation(
                    Message::new("invalid.unknown_referral_section").with("section", k.as_str()),
                ))
            })?;
        referral.push((s, v));
    }
    let input = CourseInputOwned {
        target_group: b.target_group,
        category: b.category,
        start_date: b.start_date,
        first_absence_date: b.first_absence_date,
        follow_up_track: b.follow_up_track,
        framework: b.framework,
        employment_goal: b.employment_goal,
        referral,
    };
    let c = crate::courses::service::create_course(&state, &a.actor, citizen, &input).await?;
    Ok((StatusCode::CREATED, Json(CourseJson::from(&c))))
}

/// One course (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}",
    tag = "courses",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, body = CourseJson, description = "The course"),
        ReadErrors
    ),
    operation_id = "get_course"
)]
pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CourseJson>, ApiError> {
    let (ca, _) =
        crate::courses::service::read_course(&state, &a.actor, path_id(&id)?, "course").await?;
    Ok(Json(CourseJson::from(&ca.course)))
}
