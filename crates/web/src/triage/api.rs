//! `/api/v1` triage: a submitted screening's triage and the decision.

use crate::api::{path_id, rfc3339, ApiJson, ChangeErrors, ReadErrors};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::triage::service as triage;
use crate::triage::service::DecisionInput;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::triage::Triage;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Triage)]
pub struct TriageJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    screening_id: String,
    suggested_risk: Option<String>,
    suggested_readiness: Option<String>,
    assessed_risk: String,
    assessed_readiness: Option<String>,
    disagrees: bool,
    decision: String,
    #[schema(format = Uuid)]
    framework_id: Option<String>,
    #[schema(format = Uuid)]
    course_id: Option<String>,
    note: String,
    #[schema(format = DateTime)]
    decided_at: String,
}

fn triage_json(t: &Triage) -> TriageJson {
    TriageJson {
        id: t.id.to_string(),
        screening_id: t.response_id.to_string(),
        suggested_risk: t.suggested_risk.map(|r| r.code().to_string()),
        suggested_readiness: t.suggested_readiness.clone(),
        assessed_risk: t.assessed_risk.code().into(),
        assessed_readiness: t.assessed_readiness.clone(),
        disagrees: t.disagrees(),
        decision: t.decision.code().into(),
        framework_id: t.framework_id.map(|f| f.to_string()),
        course_id: t.course_id.map(|c| c.to_string()),
        note: t.note.clone(),
        decided_at: rfc3339(t.decided_at),
    }
}

/// Triage a submitted screening: the caseworker's own risk assessment beside the suggested one, and the decision
#[utoipa::path(
    post,
    path = "/screenings/{id}/triage",
    tag = "triage",
    params(
        ("id" = uuid::Uuid, Path, description = "The screening")
    ),
    request_body = DecisionInput,
    responses(
        (status = 201, body = TriageJson, description = "Decided; a development course is created when that is the decision"),
        ChangeErrors
    ),
    operation_id = "decide_triage"
)]
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<(StatusCode, Json<TriageJson>), ApiError> {
    let t = triage::decide(&state, &a.actor, path_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(triage_json(&t))))
}

/// A screening's triage; 404 until it is decided
#[utoipa::path(
    get,
    path = "/screenings/{id}/triage",
    tag = "triage",
    params(
        ("id" = uuid::Uuid, Path, description = "The screening")
    ),
    responses(
        (status = 200, body = TriageJson, description = "The triage"),
        ReadErrors
    ),
    operation_id = "get_triage"
)]
pub async fn get_triage(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<TriageJson>, ApiError> {
    let v = triage::view(&state, &a.actor, path_id(&id)?).await?;
    v.existing
        .as_ref()
        .map(|t| Json(triage_json(t)))
        .ok_or(ApiError(WebError::NotFound))
}
