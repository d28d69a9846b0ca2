//! `/api/v1`: the provider's participants and inbox; the same service calls
//! (and audit) as the pages.

use crate::api::{path_id, rfc3339, ReadErrors};
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
use serde::Serialize;
use utoipa::ToSchema;

/// A participant as the provider sees them: consent decides what is shown.
#[derive(Serialize, ToSchema)]
pub struct Participant {
    placement: PlacementJson,
    /// The citizen's name
    name: String,
    intervention_name: String,
    phone: Option<String>,
    email: Option<String>,
    caseworker_name: String,
}

fn participant(r: &RosterRow) -> Participant {
    Participant {
        placement: PlacementJson::from(&r.placement),
        name: r.citizen_name.clone(),
        intervention_name: r.intervention_name.clone(),
        phone: r.citizen_phone.clone(),
        email: r.citizen_email.clone(),
        caseworker_name: r.caseworker_name.clone(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Participants {
    items: Vec<Participant>,
}

/// A message to the unit about one participant.
#[derive(Serialize, ToSchema)]
pub struct InboxMessage {
    #[schema(format = Uuid)]
    id: String,
    /// What happened, e.g. `placed`, `ended`, `decision`, `consent_revoked`
    kind: &'static str,
    #[schema(format = DateTime)]
    created_at: String,
    read: bool,
    participant: Participant,
}

#[derive(Serialize, ToSchema)]
pub struct Inbox {
    items: Vec<InboxMessage>,
}

/// Providers: the participants of the caller's unit that consent allows (audited)
#[utoipa::path(
    get,
    path = "/participants",
    tag = "provider",
    responses(
        (status = 200, body = Participants, description = "Participants"),
        ReadErrors
    ),
    operation_id = "list_participants"
)]
pub async fn participants(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Participants>, ApiError> {
    let rows = provider::participants(&state, &a.actor).await?;
    let items = rows.iter().map(participant).collect();
    Ok(Json(Participants { items }))
}

/// Providers: one participant; 404 for another unit's or once consent is revoked (audited)
#[utoipa::path(
    get,
    path = "/participants/{pid}",
    tag = "provider",
    params(
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    responses(
        (status = 200, body = Participant, description = "The participant"),
        ReadErrors
    ),
    operation_id = "get_participant"
)]
pub async fn get_participant(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
) -> Result<Json<Participant>, ApiError> {
    let r = provider::participant(&state, &a.actor, path_id(&pid)?).await?;
    Ok(Json(participant(&r)))
}

/// Providers: the unit's inbox, newest first (audited)
#[utoipa::path(
    get,
    path = "/inbox",
    tag = "provider",
    responses(
        (status = 200, body = Inbox, description = "Messages"),
        ReadErrors
    ),
    operation_id = "list_inbox"
)]
pub async fn inbox(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Inbox>, ApiError> {
    let items = provider::inbox(&state, &a.actor)
        .await?
        .iter()
        .map(|(n, r)| InboxMessage {
            id: n.id.to_string(),
            kind: n.kind.code(),
            created_at: rfc3339(n.created_at),
            read: n.read_at.is_some(),
            participant: participant(r),
        })
        .collect();
    Ok(Json(Inbox { items }))
}

/// Providers: mark a message read
#[utoipa::path(
    post,
    path = "/inbox/{nid}/read",
    tag = "provider",
    params(
        ("nid" = uuid::Uuid, Path, description = "The message")
    ),
    responses(
        (status = 204, description = "Marked"),
        ReadErrors
    ),
    operation_id = "mark_message_read"
)]
pub async fn mark_read(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(nid): Path<String>,
) -> Result<StatusCode, ApiError> {
    let n: NotificationId = path_id(&nid)?;
    provider::mark_read(&state, &a.actor, n).await?;
    Ok(StatusCode::NO_CONTENT)
}
