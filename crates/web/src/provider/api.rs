//! `/api/v1`: the provider's participants and inbox; the same service calls
//! (and audit) as the pages.

use crate::api::{path_id, rfc3339};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::plan::api::PlacementJson;
use crate::provider::service as provider;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::NotificationId;
use jobspor_store::RosterRow;
use serde_json::{json, Value};

fn participant(r: &RosterRow) -> Value {
    json!({
        "placement": PlacementJson::from(&r.placement),
        "name": r.citizen_name,
        "intervention_name": r.intervention_name,
        "phone": r.citizen_phone,
        "email": r.citizen_email,
        "caseworker_name": r.caseworker_name,
    })
}

pub async fn participants(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let rows = provider::participants(&state, &a.actor).await?;
    let items: Vec<Value> = rows.iter().map(participant).collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn get_participant(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let r = provider::participant(&state, &a.actor, path_id(&pid)?).await?;
    Ok(Json(participant(&r)))
}

pub async fn inbox(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let items: Vec<Value> = provider::inbox(&state, &a.actor)
        .await?
        .iter()
        .map(|(n, r)| {
            json!({
                "id": n.id.to_string(),
                "kind": n.kind.code(),
                "created_at": rfc3339(n.created_at),
                "read": n.read_at.is_some(),
                "participant": participant(r),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn mark_read(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(nid): Path<String>,
) -> Result<StatusCode, ApiError> {
    let n: NotificationId = path_id(&nid)?;
    provider::mark_read(&state, &a.actor, n).await?;
    Ok(StatusCode::NO_CONTENT)
}
