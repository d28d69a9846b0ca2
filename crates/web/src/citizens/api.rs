//! `/api/v1/citizens`

use crate::api::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::citizens::service::{CitizenFields, CreateCitizen};
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::audit::AuditEntry;
use jobspor_domain::citizen::Citizen;
use jobspor_store::Conflict;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct CitizenJson {
    id: String,
    cpr: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
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

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default = "one")]
    page: i64,
}

fn one() -> i64 {
    1
}

#[derive(Serialize)]
pub struct CitizenList {
    items: Vec<CitizenJson>,
}

pub async fn search(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<SearchQuery>,
) -> Result<Json<CitizenList>, ApiError> {
    let found = crate::citizens::service::search_citizens(&state, &a.actor, &q.q, q.page).await?;
    Ok(Json(CitizenList {
        items: found.iter().map(|c| CitizenJson::from(c, vec![])).collect(),
    }))
}

/// Only these fields are read; anything else in the body (municipality,
/// owner, role …) is ignored.
#[derive(Deserialize)]
pub struct NewCitizen {
    cpr: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
}

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

pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CitizenJson>, ApiError> {
    let (c, _) = crate::citizens::service::read_citizen(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(CitizenJson::from(&c, vec![])))
}

#[derive(Serialize)]
pub struct AccessLogEntry {
    seq: i64,
    at: String,
    username: String,
    role: Option<String>,
    action: String,
    object: String,
    purpose: String,
}

#[derive(Serialize)]
pub struct AccessLog {
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
