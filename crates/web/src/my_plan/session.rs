//! The citizen's session: a cookie of its own (`jobspor_borger`, path
//! `/borger`), a table of its own, and shorter timeouts than staff's.

use crate::auth::{cookie, random_token, set_cookie, sha256_hex, with_cookie};
use crate::error::WebError;
use crate::AppState;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Duration, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::citizen::Citizen;
use jobspor_store::CitizenSession;

pub const COOKIE: &str = "jobspor_borger";
/// A citizen's session ends after 15 idle minutes, and after 2 hours in all.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(15);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(2);
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// The citizen's session of this request, if it is alive.
pub async fn current(state: &AppState, h: &HeaderMap) -> Result<Option<CitizenSession>, WebError> {
    let Some(secret) = cookie(h, COOKIE).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let hash = sha256_hex(&secret);
    let Some(s) = state.store.citizen_session(&hash).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if now - s.last_seen > IDLE_TIMEOUT || now - s.created_at > ABSOLUTE_TIMEOUT {
        state.store.end_citizen_session(&hash, &[]).await?;
        return Ok(None);
    }
    if now - s.last_seen > TOUCH_EVERY {
        state.store.touch_citizen_session(&hash, now).await?;
    }
    Ok(Some(s))
}

/// Starts a session for the citizen with the login's audit entry, ending
/// the one this browser had; the response gets its cookie.
pub async fn start(
    state: &AppState,
    h: &HeaderMap,
    citizen: &Citizen,
    audit: &[AuditEvent],
    res: Response,
) -> Result<Response, WebError> {
    let secret = random_token();
    let now = Utc::now();
    let s = CitizenSession {
        id_hash: sha256_hex(&secret),
        municipality_id: citizen.municipality_id,
        citizen_id: citizen.id,
        csrf_token: random_token(),
        created_at: now,
        last_seen: now,
    };
    let old = cookie(h, COOKIE).map(|o| sha256_hex(&o));
    state
        .store
        .create_citizen_session(&s, old.as_deref(), audit)
        .await?;
    Ok(with_cookie(
        res,
        &set_cookie(
            state,
            COOKIE,
            &secret,
            crate::my_plan::paths::route::home,
            None,
        ),
    ))
}

/// The cookie that ends the session in the browser.
pub fn cleared(state: &AppState) -> String {
    set_cookie(
        state,
        COOKIE,
        "",
        crate::my_plan::paths::route::home,
        Some(0),
    )
}

/// The session a form of the citizen's pages was sent in: none when the
/// citizen is not (or no longer) logged in; refused when the form does not
/// carry the session's token.
pub async fn posting(
    state: &AppState,
    h: &HeaderMap,
    csrf: &str,
) -> Result<Option<CitizenSession>, WebError> {
    let found = current(state, h).await?;
    if found
        .as_ref()
        .is_some_and(|s| !crate::auth::same_token(&s.csrf_token, csrf))
    {
        return Err(WebError::Csrf);
    }
    Ok(found)
}

/// The citizen of a session.
pub async fn citizen(state: &AppState, s: &CitizenSession) -> Result<Citizen, WebError> {
    state
        .store
        .citizen(s.municipality_id, s.citizen_id)
        .await?
        .ok_or(WebError::NotFound)
}
