//! The export through the API: the same JSON as the download.

use super::document;
use super::service::{self, Use};
use crate::api::{path_id, ReadErrors};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;

/// Everything held about a citizen (GDPR art. 15 and 20), for the
/// caseworker who carries their course and the data protection officer
/// (audited as an export)
#[utoipa::path(
    get,
    path = "/citizens/{id}/insight",
    tag = "citizens",
    params(
        ("id" = uuid::Uuid, Path, description = "The citizen")
    ),
    responses(
        (status = 200, body = Object, description = "`{format: \"jobspor.insight.v1\", municipality, produced_at, sections: {KEY: [row, …]}}`: every section, empty or not; each row's fields by stored column; staff by name, codes as codes, dates as ISO 8601, files in base64"),
        ReadErrors
    ),
    operation_id = "citizen_insight"
)]
pub async fn export(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let i = service::produce(&state, &a.actor, path_id(&id)?, Use::Json).await?;
    Ok(Json(document::json(&i)))
}
