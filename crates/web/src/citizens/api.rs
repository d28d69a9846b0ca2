//! `/api/v1/citizens`

use crate::api::{path_id, rfc3339, ApiJson, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::citizens::service::{CitizenFields, CreateCitizen};
use crate::citizens::standing::Found;
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::audit::AuditEntry;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::message::Message;
use jobspor_store::Conflict;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Citizen)]
pub struct CitizenJson {
    #[schema(format = Uuid)]
    id: String,
    cpr: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    version: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

impl CitizenJson {
    fn from(c: &Citizen, warnings: Vec<String>) -> Self {
        CitizenJson {
            id: c.id.to_string(),
            cpr: c.cpr.full(),
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            address: c.address.clone(),
            created_at: rfc3339(c.created_at),
            version: c.version,
            warnings,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// No longer taken here: a CPR number or a name is personal data
    #[serde(default)]
    q: String,
}

fn one() -> i64 {
    1
}

#[derive(Serialize, ToSchema)]
pub struct CitizenList {
    items: Vec<CitizenJson>,
}

/// A search hit: what finding a citizen shows (need-to-know). More of the
/// citizen takes a course with them or a stated purpose
/// (`POST /citizens/{id}/access`).
#[derive(Serialize, ToSchema)]
pub struct CitizenFound {
    #[schema(format = Uuid)]
    id: String,
    /// Masked: the date of birth and `-xxxx`
    cpr: String,
    name: String,
    /// Whether the citizen has had a course
    has_course: bool,
    /// Whether a course is open now
    open_course: bool,
    /// The caseworker (and team) responsible for the newest open course
    owner: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CitizenFoundList {
    items: Vec<CitizenFound>,
}

impl From<&Found> for CitizenFound {
    fn from(f: &Found) -> Self {
        CitizenFound {
            id: f.id.to_string(),
            cpr: f.masked_cpr.clone(),
            name: f.name.clone(),
            has_course: f.has_course,
            open_course: f.open_course,
            owner: f.owner.clone(),
        }
    }
}

/// Why the caller opens a citizen they have no course with.
#[derive(Deserialize, ToSchema)]
pub struct StatePurpose {
    /// `cover` (covering for the responsible caseworker), `inquiry` (the
    /// citizen has contacted the municipality) or `other`
    reason: String,
    /// The purpose in words, at least 10 characters
    purpose: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccessOpened {
    #[schema(format = DateTime)]
    expires_at: String,
}

/// Open a citizen the caller has no course with, for a stated purpose: for a few hours, audited with the purpose, and flagged for the data protection officer's review
#[utoipa::path(
    post,
    path = "/citizens/{id}/access",
    tag = "citizens",
    params(
        ("id" = uuid::Uuid, Path, description = "The citizen")
    ),
    request_body = StatePurpose,
    responses(
        (status = 201, body = AccessOpened, description = "Opened until `expires_at`"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "No reason, or no purpose in words; or the caller has a course with the citizen")
    ),
    operation_id = "open_citizen_with_purpose"
)]
pub async fn open_with_purpose(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StatePurpose>,
) -> Result<(StatusCode, Json<AccessOpened>), ApiError> {
    let g = crate::citizens::standing::state_purpose(
        &state,
        &a.actor,
        path_id(&id)?,
        &b.reason,
        &b.purpose,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(AccessOpened {
            expires_at: rfc3339(g.expires_at),
        }),
    ))
}

/// The criterion of a search, in the body: a CPR number or a name is
/// personal data and never goes into an address (logs, proxies, history).
#[derive(Deserialize, ToSchema)]
pub struct CitizenSearch {
    /// A full CPR number (separators allowed), or words of a name
    q: String,
    /// From 1
    #[serde(default = "one")]
    page: i64,
}

/// Search citizens by full CPR number or by name, the criterion in the body (audited). Each hit shows the minimum: name, masked CPR number, whether there is a course, and whose
#[utoipa::path(
    post,
    path = "/citizens/search",
    tag = "citizens",
    request_body = CitizenSearch,
    responses(
        (status = 200, body = CitizenFoundList, description = "Matching citizens"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "search_citizens_by_body"
)]
pub async fn search_by_body(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(b): ApiJson<CitizenSearch>,
) -> Result<Json<CitizenFoundList>, ApiError> {
    let found = crate::citizens::service::search_citizens(&state, &a.actor, &b.q, b.page).await?;
    Ok(Json(CitizenFoundList {
        items: found.iter().map(CitizenFound::from).collect(),
    }))
}

/// Formerly the search; a criterion in the query string is now refused
/// (400): send it with `POST /citizens/search`
#[utoipa::path(
    get,
    path = "/citizens",
    tag = "citizens",
    params(
        SearchQuery
    ),
    responses(
        (status = 400, body = ErrorBody, description = "A search criterion in the address: use POST /citizens/search"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "search_citizens"
)]
pub async fn search(
    State(_state): State<AppState>,
    ApiUser(_a): ApiUser,
    Query(q): Query<SearchQuery>,
) -> Result<Json<CitizenList>, ApiError> {
    if q.q.trim().is_empty() {
        return Err(ApiError(WebError::invalid(
            "invalid.give_a_search_criterion_q",
        )));
    }
    Err(ApiError(WebError::BadRequest(Message::new(
        "invalid.search_criterion_in_the_address",
    ))))
}

/// Only these fields are read; anything else in the body (municipality,
/// owner, role …) is ignored.
#[derive(Deserialize, ToSchema)]
pub struct NewCitizen {
    cpr: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
}

/// Create a citizen; a CPR number already known answers 409
#[utoipa::path(
    post,
    path = "/citizens",
    tag = "citizens",
    request_body = NewCitizen,
    responses(
        (status = 201, body = CitizenJson, description = "Created; `warnings` names a possible duplicate"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "A stale version, a record that already exists, or a state that does not allow it"),
        (status = 413, body = ErrorBody, description = "The body is too large"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "create_citizen"
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(b): ApiJson<NewCitizen>,
) -> Result<(StatusCode, Json<CitizenJson>), ApiError> {
    let fields = CitizenFields {
        cpr: b.cpr,
        name: b.name,
        phone: b.phone,
        email: b.email,
        address: b.address,
    };
    match crate::citizens::service::create_citizen(&state, &a.actor, &fields).await? {
        CreateCitizen::Created(c, w) => {
            let warnings = w.map(|w| vec![w.message().to_string()]).unwrap_or_default();
            Ok((StatusCode::CREATED, Json(CitizenJson::from(&c, warnings))))
        }
        CreateCitizen::Exists(_) => Err(ApiError(WebError::Conflict(Conflict::Exists(
            "citizen with this CPR",
        )))),
    }
}

/// One citizen (audited)
#[utoipa::path(
    get,
    path = "/citizens/{id}",
    tag = "citizens",
    params(
        ("id" = uuid::Uuid, Path, description = "The citizen")
    ),
    responses(
        (status = 200, body = CitizenJson, description = "The citizen"),
        ReadErrors
    ),
    operation_id = "get_citizen"
)]
pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CitizenJson>, ApiError> {
    let c = crate::citizens::service::read_citizen(&state, &a.actor, path_id(&id)?)
        .await?
        .citizen;
    Ok(Json(CitizenJson::from(&c, vec![])))
}

#[derive(Serialize, ToSchema)]
pub struct AccessLogEntry {
    seq: i64,
    at: String,
    username: String,
    role: Option<String>,
    action: String,
    object: String,
    purpose: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccessLog {
    #[schema(format = Uuid)]
    citizen_id: String,
    items: Vec<AccessLogEntry>,
}

pub fn log_entry(e: &AuditEntry) -> AccessLogEntry {
    AccessLogEntry {
        seq: e.seq,
        at: rfc3339(e.event.at),
        username: e.event.username.clone(),
        role: e.event.role.map(|r| r.code().to_string()),
        action: e.event.action.code().to_string(),
        object: e.event.object.clone(),
        purpose: e.event.purpose.clone(),
    }
}

/// The citizen's access log: every read and change of their data (audited)
#[utoipa::path(
    get,
    path = "/citizens/{id}/access-log",
    tag = "citizens",
    params(
        ("id" = uuid::Uuid, Path, description = "The citizen")
    ),
    responses(
        (status = 200, body = AccessLog, description = "Who read or changed the citizen's data, oldest first"),
        ReadErrors
    ),
    operation_id = "citizen_access_log"
)]
pub async fn access_log(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<AccessLog>, ApiError> {
    let (c, entries) =
        crate::citizens::service::access_log(&state, &a.actor, path_id(&id)?, true).await?;
    Ok(Json(AccessLog {
        citizen_id: c.id.to_string(),
        items: entries.iter().map(log_entry).collect(),
    }))
}
