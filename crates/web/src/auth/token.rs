//! `POST /api/v1/auth/token`: bearer tokens for machine clients, and
//! `GET /api/v1/me`: who the caller is signed in as.

use crate::api::{ApiJson, ErrorBody};
use crate::auth::{client_ip, random_token, sha256_hex, verify_password, ApiUser, TOKEN_LIFETIME};
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::State;
use axum::http::Extensions;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    username: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Token)]
pub struct TokenResponse {
    token: String,
    #[schema(format = DateTime)]
    expires_at: String,
}

/// Exchange a username and password for a bearer token.
#[utoipa::path(
    post,
    path = "/auth/token",
    tag = "auth",
    request_body = TokenRequest,
    security(()),
    responses(
        (status = 200, body = TokenResponse, description = "A token, valid for eight hours"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit"),
        (status = 429, body = ErrorBody, description = "Too many failed attempts")
    ),
    operation_id = "create_token"
)]
pub async fn create(
    State(state): State<AppState>,
    ext: Extensions,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let ip = client_ip(&ext);
    if !state.throttle.allowed(&req.username, ip) {
        return Err(ApiError(WebError::TooManyAttempts));
    }
    let found = state.store.user_by_username(&req.username).await?;
    let ok = verify_password(&req.password, found.as_ref().map(|(_, h)| h.as_str()));
    let user = match found {
        Some((u, _)) if ok && u.active => u,
        _ => {
            state.throttle.failed(&req.username, ip);
            return Err(ApiError(WebError::Unauthenticated));
        }
    };
    state.throttle.succeeded(&req.username);
    let token = random_token();
    let expires = Utc::now() + TOKEN_LIFETIME;
    state
        .store
        .create_api_token(&sha256_hex(&token), user.id, expires)
        .await?;
    Ok(Json(TokenResponse {
        token,
        expires_at: crate::api::rfc3339(expires),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    #[schema(format = Uuid)]
    user_id: String,
    username: String,
    display_name: String,
    role: &'static str,
}

/// The signed-in user, as a client needs it to label its own screen. It
/// reads nothing beyond what authentication already read, which also makes
/// it the benchmark's "framework ceiling": an authenticated request with no
/// work of its own.
#[utoipa::path(
    get,
    path = "/me",
    tag = "auth",
    responses(
        (status = 200, body = Me, description = "The user"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired")
    ),
    operation_id = "me"
)]
pub async fn me(ApiUser(a): ApiUser) -> Json<Me> {
    Json(Me {
        user_id: a.actor.user_id.to_string(),
        username: a.actor.username,
        display_name: a.actor.display_name,
        role: a.actor.role.code(),
    })
}
