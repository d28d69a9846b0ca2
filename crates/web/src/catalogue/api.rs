//! `/api/v1/catalogue`: the intervention catalogue, filtered by track and target group.

use crate::api::ErrorBody;
use crate::auth::ApiUser;
use crate::catalogue::service as catalogue;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa::ToSchema;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    #[serde(default)]
    track: String,
    #[serde(default)]
    target_group: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Intervention)]
pub struct InterventionJson {
    #[schema(format = Uuid)]
    id: String,
    name: String,
    description: String,
    #[schema(format = Uuid)]
    unit_id: String,
    tracks: Vec<&'static str>,
    target_groups: Vec<&'static str>,
    usual_weeks: u32,
    capacity: u32,
    price_ore: i64,
    progression_questions: Vec<String>,
    active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Catalogue {
    items: Vec<InterventionJson>,
}

/// The intervention catalogue, filtered by track and target group
#[utoipa::path(
    get,
    path = "/catalogue",
    tag = "catalogue",
    params(
        Filter
    ),
    responses(
        (status = 200, body = Catalogue, description = "The catalogue"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired")
    ),
    operation_id = "list_catalogue"
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(f): Query<Filter>,
) -> Result<Json<Catalogue>, ApiError> {
    let items = catalogue::list(&state, &a.actor)
        .await?
        .into_iter()
        .filter(|i| f.track.is_empty() || i.tracks.iter().any(|t| t.code() == f.track))
        .filter(|i| {
            f.target_group.is_empty() || i.target_groups.iter().any(|g| g.code() == f.target_group)
        })
        .map(|i| InterventionJson {
            id: i.id.to_string(),
            unit_id: i.unit_id.to_string(),
            tracks: i.tracks.iter().map(|t| t.code()).collect(),
            target_groups: i.target_groups.iter().map(|g| g.code()).collect(),
            usual_weeks: i.usual_weeks,
            capacity: i.capacity,
            price_ore: i.price_ore,
            active: i.active,
            name: i.name,
            description: i.description,
            progression_questions: i.progression_questions,
        })
        .collect();
    Ok(Json(Catalogue { items }))
}
