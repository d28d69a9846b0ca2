//! `/api/v1/courses/{id}/focus-areas`: list, add, correct and remove a
//! course's ICF-coded focus areas. Removal is soft; a correction removes the
//! old one and adds one that names it, in one transaction.

use crate::analysis::service::focus;
use crate::api::{path_id, rfc3339, ApiJson, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::focus::{FocusArea, FocusInput};
use jobspor_domain::FocusAreaId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A focus area: a barrier or a resource, ICF-coded unless it is a
/// personal factor.
#[derive(Serialize, ToSchema)]
#[schema(as = FocusArea)]
pub struct FocusAreaJson {
    #[schema(format = Uuid)]
    id: String,
    /// `b` (body functions), `s` (body structures), `d` (activities and
    /// participation), `e` (environmental factors) or `pf` (personal factors)
    component: &'static str,
    /// `barrier` or `resource`
    polarity: &'static str,
    description: String,
    /// The ICF code, e.g. `b28013`; null for personal factors
    icf_code: Option<String>,
    /// The gradient in ICF notation, e.g. `.2`, or `+3` for a facilitator
    qualifier: Option<String>,
    /// 1 (highest) to 3
    priority: u8,
    suggested_intervention: String,
    /// The profession responsible, e.g. `psychologist`; null for the caseworker
    profession: Option<&'static str>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = Uuid)]
    created_by: String,
    #[schema(format = DateTime)]
    removed_at: Option<String>,
    #[schema(format = Uuid)]
    removed_by: Option<String>,
    /// The focus area this one corrected
    #[schema(format = Uuid)]
    replaces: Option<String>,
}

impl From<&FocusArea> for FocusAreaJson {
    fn from(f: &FocusArea) -> Self {
        FocusAreaJson {
            id: f.id.to_string(),
            component: f.component.code(),
            polarity: f.polarity.code(),
            description: f.description.clone(),
            icf_code: f.icf_code.as_ref().map(|c| c.to_string()),
            qualifier: f.qualifier.map(|q| q.notation()),
            priority: f.priority,
            suggested_intervention: f.suggested_intervention.clone(),
            profession: f.profession.map(|p| p.code()),
            created_at: rfc3339(f.created_at),
            created_by: f.created_by.to_string(),
            removed_at: f.removed_at.map(rfc3339),
            removed_by: f.removed_by.map(|u| u.to_string()),
            replaces: f.replaces.map(|r| r.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FocusAreas {
    items: Vec<FocusAreaJson>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Also the removed ones, with who removed them and when
    #[serde(default)]
    include_removed: bool,
}

/// A new focus area, or the corrected form of one.
#[derive(Deserialize, ToSchema)]
#[schema(as = FocusAreaChange)]
pub struct FocusBody {
    /// `b`, `s`, `d`, `e` or `pf`
    component: String,
    /// `barrier` or `resource`
    polarity: String,
    description: String,
    /// Required unless the component is `pf`; it must belong to the component
    #[serde(default)]
    icf_code: String,
    /// Optional: `0`–`4`, `8` or `9`; for environmental factors a barrier
    /// `.0`–`.4` or a facilitator `+0`–`+4` (or `.8`, `+8`, `.9`)
    #[serde(default)]
    qualifier: String,
    /// 1 (highest) to 3
    priority: u8,
    #[serde(default)]
    suggested_intervention: String,
    /// The profession responsible, e.g. `psychologist`; empty for the caseworker
    #[serde(default)]
    profession: String,
}

impl FocusBody {
    fn input<'a>(&'a self, priority: &'a str) -> FocusInput<'a> {
        FocusInput {
            component: &self.component,
            polarity: &self.polarity,
            description: &self.description,
            icf_code: &self.icf_code,
            qualifier: &self.qualifier,
            priority,
            suggested_intervention: &self.suggested_intervention,
            profession: &self.profession,
        }
    }
}

/// The course's focus areas, by priority (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/focus-areas",
    tag = "analysis",
    operation_id = "list_focus_areas",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ListQuery
    ),
    responses(
        (status = 200, body = FocusAreas, description = "The focus areas"),
        ReadErrors
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Json<FocusAreas>, ApiError> {
    let (_, _, areas) = focus::list(&state, &a.actor, path_id(&id)?, q.include_removed).await?;
    Ok(Json(FocusAreas {
        items: areas.iter().map(FocusAreaJson::from).collect(),
    }))
}

/// Add a focus area, checked against the ICF classification
#[utoipa::path(
    post,
    path = "/courses/{id}/focus-areas",
    tag = "analysis",
    operation_id = "add_focus_area",
    params(("id" = uuid::Uuid, Path, description = "The course")),
    request_body = FocusBody,
    responses(
        (status = 201, body = FocusAreaJson, description = "Added"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "The course is closed"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    )
)]
pub async fn add(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<FocusBody>,
) -> Result<(StatusCode, Json<FocusAreaJson>), ApiError> {
    let priority = b.priority.to_string();
    let area = focus::add(&state, &a.actor, path_id(&id)?, &b.input(&priority)).await?;
    Ok((StatusCode::CREATED, Json(FocusAreaJson::from(&area))))
}

/// Correct a focus area: it is removed, and the corrected one, which names
/// it in `replaces`, takes its place
#[utoipa::path(
    put,
    path = "/courses/{id}/focus-areas/{fid}",
    tag = "analysis",
    operation_id = "correct_focus_area",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("fid" = uuid::Uuid, Path, description = "The focus area to correct")
    ),
    request_body = FocusBody,
    responses(
        (status = 200, body = FocusAreaJson, description = "The corrected focus area"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, already removed, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "The course is closed"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    )
)]
pub async fn correct(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, fid)): Path<(String, String)>,
    ApiJson(b): ApiJson<FocusBody>,
) -> Result<Json<FocusAreaJson>, ApiError> {
    let old: FocusAreaId = path_id(&fid)?;
    let priority = b.priority.to_string();
    let area = focus::correct(&state, &a.actor, path_id(&id)?, old, &b.input(&priority)).await?;
    Ok(Json(FocusAreaJson::from(&area)))
}

/// Remove a focus area; it is kept, marked with who removed it and when
#[utoipa::path(
    delete,
    path = "/courses/{id}/focus-areas/{fid}",
    tag = "analysis",
    operation_id = "remove_focus_area",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("fid" = uuid::Uuid, Path, description = "The focus area")
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, already removed, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "The course is closed")
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, fid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let area: FocusAreaId = path_id(&fid)?;
    focus::remove(&state, &a.actor, path_id(&id)?, area).await?;
    Ok(StatusCode::NO_CONTENT)
}
