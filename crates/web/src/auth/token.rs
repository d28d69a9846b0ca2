//! `POST /api/v1/auth/token`: bearer tokens for machine clients, and
//! `GET /api/v1/me`: who the caller is signed in as.

use crate::api::{ApiJson, ErrorBody};
use crate::auth::{client_ip, random_token, sha256_hex, verify_password, ApiUser, TOKEN_LIFETIME};
use crate::error::{ApiError, LoginRefusal, WebError};
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
    /// The code from the user's authenticator app (or a recovery code):
    /// needed by administrators, managers and anyone who set up an app.
    #[serde(default)]
    code: Option<String>,
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
        (status = 403, body = ErrorBody, description = "Passwords are off for the municipality, or the code from the authenticator app is missing or wrong"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit"),
        (status = 429, body = ErrorBody, description = "Too many failed attempts")
    ),
    operation_id = "create_token"
)]
pub async fn create(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ext: Extensions,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let started = std::time::Instant::now();
    let ip = client_ip(&state, &headers, &ext);
    let username = crate::auth::normalise(&req.username);
    if !state.throttle.allowed(&username, ip) {
        return Err(ApiError(WebError::TooManyAttempts));
    }
    let found = state.store.user_by_username(&username).await?;
    let ok = verify_password(&req.password, found.as_ref().map(|(_, h)| h.as_str()));
    let user = match found {
        Some((u, _)) if ok && u.active => u,
        _ => {
            state.throttle.failed(&username, ip);
            crate::auth::pace_failure(started, state.config.login_failure_floor).await;
            return Err(ApiError(WebError::Unauthenticated));
        }
    };
    // The same rules as the login form: passwords may be off for the
    // municipality, and a second factor may be due.
    if !state
        .store
        .local_login_allowed(user.municipality_id)
        .await?
    {
        return Err(ApiError(WebError::LoginRefused(LoginRefusal::PasswordsOff)));
    }
    if crate::auth::second_factor::due(&state, &user).await? {
        let code = req.code.as_deref().unwrap_or("");
        if crate::auth::second_factor::verify_code(&state, &user, code)
            .await?
            .is_none()
        {
            state.throttle.failed(&username, ip);
            return Err(ApiError(WebError::LoginRefused(LoginRefusal::CodeNeeded)));
        }
    }
    state.throttle.succeeded(&username, ip);
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
