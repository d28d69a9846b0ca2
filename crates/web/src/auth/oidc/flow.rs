//! The steps both doors share: send the browser to the provider with the
//! login remembered server-side, and take the provider's answer back with
//! every check. The staff door ([`super::staff`]) and the citizen's
//! ("Min plan") each decide afterwards who the login is.

use super::{OidcClient, OidcError, BROWSER_COOKIE, LOGIN_WINDOW};
use crate::auth::{cookie, random_token, set_cookie, sha256_hex, with_cookie};
use crate::error::{LoginRefusal, WebError};
use crate::page::PageResult;
use crate::AppState;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use jobspor_store::PendingLogin;
use serde::Deserialize;

/// Sends the browser to the provider, with the login remembered
/// server-side under its state and tied to this browser by a cookie.
pub async fn begin(
    state: &AppState,
    client: &OidcClient,
    kind: &str,
    callback_path: &str,
    scopes: &[&str],
    next: String,
) -> PageResult {
    let started = client
        .start(&state.config.absolute(callback_path), scopes)
        .await
        .map_err(login_error)?;
    let browser = random_token();
    state
        .store
        .save_pending_login(
            &sha256_hex(&started.state),
            &PendingLogin {
                kind: kind.into(),
                browser_hash: sha256_hex(&browser),
                nonce: started.nonce,
                pkce_verifier: started.pkce_verifier,
                next,
                created_at: Utc::now(),
            },
        )
        .await?;
    let res = Redirect::to(&started.url).into_response();
    Ok(with_cookie(
        res,
        &set_cookie(
            state,
            BROWSER_COOKIE,
            &browser,
            "/",
            Some(LOGIN_WINDOW.num_seconds()),
        ),
    ))
}

#[derive(Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// The provider's answer, checked: the login it belongs to (used up now),
/// from this browser, and the verified identity.
pub async fn finish(
    state: &AppState,
    client: &OidcClient,
    kind: &str,
    callback_path: &str,
    headers: &HeaderMap,
    q: Callback,
) -> Result<(super::Identity, String), WebError> {
    let Some(sent_state) = q.state.filter(|s| !s.is_empty() && s.len() <= 512) else {
        return Err(refused(LoginRefusal::UnknownState));
    };
    let pending = state
        .store
        .take_pending_login(&sha256_hex(&sent_state))
        .await?
        .filter(|p| p.kind == kind && Utc::now() - p.created_at <= LOGIN_WINDOW)
        .ok_or_else(|| refused(LoginRefusal::UnknownState))?;
    let browser = cookie(headers, BROWSER_COOKIE).unwrap_or_default();
    if !crate::auth::same_token(&sha256_hex(&browser), &pending.browser_hash) {
        return Err(refused(LoginRefusal::OtherBrowser));
    }
    if q.error.is_some() {
        return Err(refused(LoginRefusal::ProviderSaidNo));
    }
    let code = q
        .code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| refused(LoginRefusal::UnknownState))?;
    let identity = client
        .finish(
            &state.config.absolute(callback_path),
            &code,
            &pending.pkce_verifier,
            &pending.nonce,
        )
        .await
        .map_err(login_error)?;
    Ok((identity, pending.next))
}

pub fn refused(why: LoginRefusal) -> WebError {
    WebError::LoginRefused(why)
}

pub fn login_error(e: OidcError) -> WebError {
    match e {
        OidcError::Unavailable(cause) => WebError::LoginUnavailable(cause),
        OidcError::CodeRefused(_) => refused(LoginRefusal::UnknownState),
        OidcError::Token(p) => refused(LoginRefusal::Token(p)),
    }
}
