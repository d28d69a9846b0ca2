//! `/api/v1` consents: the same service calls (and audit) as the pages.

use crate::api::{path_id, rfc3339, ApiJson, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::consent::service as consent;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::consent::{Consent, ConsentInput};
use jobspor_domain::ConsentId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Consent)]
pub struct ConsentJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    unit_id: String,
    scope: String,
    purpose: String,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: String,
    method: &'static str,
    #[schema(format = DateTime)]
    recorded_at: String,
    #[schema(format = DateTime)]
    revoked_at: Option<String>,
}

impl From<&Consent> for ConsentJson {
    fn from(c: &Consent) -> Self {
        ConsentJson {
            id: c.id.to_string(),
            unit_id: c.unit_id.to_string(),
            scope: c.scope.clone(),
            purpose: c.purpose.clone(),
            valid_from: c.period.from.to_string(),
            valid_to: c.period.to.to_string(),
            method: c.method.code(),
            recorded_at: rfc3339(c.recorded_at),
            revoked_at: c.revoked_at.map(rfc3339),
        }
    }
}

/// The course's consents per receiving unit, revoked ones included (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/consents",
    tag = "consent",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, body = Consents, description = "Consents"),
        ReadErrors
    ),
    operation_id = "list_consents"
)]
pub async fn consents(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Consents>, ApiError> {
    let v = consent::view(&state, &a.actor, path_id(&id)?).await?;
    let items: Vec<ConsentJson> = v.consents.iter().map(ConsentJson::from).collect();
    Ok(Json(Consents { items }))
}

#[derive(Serialize, ToSchema)]
pub struct Consents {
    items: Vec<ConsentJson>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewConsent {
    #[schema(format = Uuid)]
    unit_id: String,
    scope: String,
    purpose: String,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: String,
    method: String,
}

/// Record the citizen's consent for a receiving unit
#[utoipa::path(
    post,
    path = "/courses/{id}/consents",
    tag = "consent",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = NewConsent,
    responses(
        (status = 201, body = ConsentJson, description = "Recorded"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "record_consent"
)]
pub async fn record_consent(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewConsent>,
) -> Result<(StatusCode, Json<ConsentJson>), ApiError> {
    let input = ConsentInput {
        scope: &b.scope,
        purpose: &b.purpose,
        from: &b.valid_from,
        to: &b.valid_to,
        method: &b.method,
    };
    let c = consent::record(&state, &a.actor, path_id(&id)?, &b.unit_id, &input).await?;
    Ok((StatusCode::CREATED, Json(ConsentJson::from(&c))))
}

/// Revoke a consent; the unit's staff lose access at once
#[utoipa::path(
    post,
    path = "/courses/{id}/consents/{cid}/revoke",
    tag = "consent",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("cid" = uuid::Uuid, Path, description = "The consent")
    ),
    responses(
        (status = 204, description = "Revoked"),
        ReadErrors
    ),
    operation_id = "revoke_consent"
)]
pub async fn revoke_consent(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, cid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let consent_id: ConsentId = path_id(&cid)?;
    consent::revoke(&state, &a.actor, path_id(&id)?, consent_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
