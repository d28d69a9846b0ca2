//! `/api/v1` course control: what is due on a course, the deadline list,
//! and closing a course with its outcome.

use crate::api::{path_id, ApiJson};
use crate::auth::ApiUser;
use crate::control::service as control;
use crate::control::service::deadlines;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn course_control(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = control::view(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(json!({
        "deadlines": v.rows.iter().map(|r| json!({"kind": r.kind, "due": r.due.to_string(), "detail": r.detail, "overdue": r.due < v.today})).collect::<Vec<_>>(),
        "exit": v.exit.as_ref().map(|x| json!({"outcome": x.outcome.code(), "date": x.date.to_string(), "hours_per_week": x.hours_per_week})),
    })))
}

#[derive(Deserialize)]
pub struct CloseBody {
    version: i64,
    outcome: String,
    date: String,
    #[serde(default)]
    hours_per_week: Option<u8>,
}

pub async fn close(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CloseBody>,
) -> Result<Json<Value>, ApiError> {
    let hours = b.hours_per_week.map(|h| h.to_string()).unwrap_or_default();
    let x = control::close(
        &state,
        &a.actor,
        path_id(&id)?,
        b.version,
        &b.outcome,
        &b.date,
        &hours,
    )
    .await?;
    Ok(Json(
        json!({"outcome": x.outcome.code(), "date": x.date.to_string(), "hours_per_week": x.hours_per_week}),
    ))
}

#[derive(Deserialize, Default)]
pub struct Scope {
    #[serde(default)]
    scope: String,
}

pub async fn deadline_list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<Scope>,
) -> Result<Json<Value>, ApiError> {
    let list = match a.actor.role {
        jobspor_domain::user::Role::Provider => deadlines::for_provider(&state, &a.actor).await?,
        _ => deadlines::for_caseworker(&state, &a.actor, q.scope == "team").await?,
    };
    Ok(Json(json!({"items": list.rows.iter().map(|r| json!({
        "due": r.due.to_string(), "overdue": r.due < list.today, "kind": r.kind,
        "course_id": r.course_id.to_string(), "placement_id": r.placement_id.map(|p| p.to_string()),
        "citizen_name": r.citizen_name, "detail": r.detail, "caseworker": r.caseworker,
    })).collect::<Vec<_>>()})))
}
