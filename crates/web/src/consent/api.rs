//! `/api/v1` consents: the same service calls (and audit) as the pages.

use crate::api::{path_id, rfc3339, ApiJson};
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
use serde_json::{json, Value};

#[derive(Serialize)]
pub struct ConsentJson {
    id: String,
    unit_id: String,
    scope: String,
    purpose: String,
    valid_from: String,
    valid_to: String,
    method: &'static str,
    recorded_at: String,
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

pub async fn consents(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = consent::view(&state, &a.actor, path_id(&id)?).await?;
    let items: Vec<ConsentJson> = v.consents.iter().map(ConsentJson::from).collect();
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize)]
pub struct NewConsent {
    unit_id: String,
    scope: String,
    purpose: String,
    valid_from: String,
    valid_to: String,
    method: String,
}

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

pub async fn revoke_consent(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, cid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let consent_id: ConsentId = path_id(&cid)?;
    consent::revoke(&state, &a.actor, path_id(&id)?, consent_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
