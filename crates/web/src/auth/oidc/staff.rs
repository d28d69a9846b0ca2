//! The staff door: "Log ind med kommunens login". `GET /auth/oidc/login`
//! sends the browser to the municipality's provider; `/auth/oidc/callback`
//! takes it back, checks everything, finds or creates the user by the
//! provider's subject and the administrator's claim mappings, and starts a
//! session. Every refusal is a page of its own and creates nothing; its
//! reason is logged without tokens, codes or personal data.

use super::flow::{begin, finish, refused, Callback};
use super::{OidcClient, BROWSER_COOKIE};
use crate::audit::event;
use crate::auth::{cookie, set_cookie, sha256_hex, start_session, with_cookie, SESSION_COOKIE};
use crate::error::{LoginRefusal, WebError};
use crate::page::{safe_next, PageResult};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::identity::{mapping_for, ClaimMapping};
use jobspor_domain::user::{Actor, User};
use jobspor_store::{Conflict, NewUser, StoreError};
use serde::Deserialize;
use std::sync::Arc;

const KIND: &str = "staff";
const SCOPES: &[&str] = &["openid", "profile", "email"];

/// Marks the stored password of a user who logs in only through the
/// provider: not a password hash, so no password ever matches it.
pub const NO_PASSWORD: &str = "!sso";

#[derive(Deserialize)]
pub struct Start {
    next: Option<String>,
}

fn provider(state: &AppState) -> Result<&Arc<OidcClient>, WebError> {
    state.staff_oidc.as_ref().ok_or(WebError::NotFound)
}

pub async fn login(State(state): State<AppState>, Query(q): Query<Start>) -> PageResult {
    let client = provider(&state)?.clone();
    begin(
        &state,
        &client,
        KIND,
        crate::auth::paths::route::oidc_callback,
        SCOPES,
        safe_next(q.next.as_deref()),
    )
    .await
}

pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> PageResult {
    let client = provider(&state)?.clone();
    let route = crate::auth::paths::route::oidc_callback;
    let (identity, next) = finish(&state, &client, KIND, route, &headers, q).await?;
    let user = staff_user(&state, &identity).await?;
    let login = event(
        &Actor::from_user(&user),
        AuditAction::Login,
        None,
        "session".into(),
        "sso",
    );
    let old = cookie(&headers, SESSION_COOKIE).map(|old| sha256_hex(&old));
    let secret = start_session(&state, user.id, old.as_deref(), &[login]).await?;
    let res = Redirect::to(&next).into_response();
    let res = with_cookie(res, &set_cookie(&state, SESSION_COOKIE, &secret, "/", None));
    Ok(with_cookie(
        res,
        &set_cookie(&state, BROWSER_COOKIE, "", "/", Some(0)),
    ))
}

/// The Jobspor user of a verified staff login: the one linked to the
/// subject (its name, role and team brought in line with the mapping), or a
/// new one when the mapping allows it. Deactivation in Jobspor wins over
/// any login at the provider.
async fn staff_user(state: &AppState, id: &super::Identity) -> Result<User, WebError> {
    let mappings = state.store.all_claim_mappings().await?;
    let mapping = mapping_for(&mappings, &id.claims);
    match state.store.user_by_subject(&id.issuer, &id.subject).await? {
        Some(user) => {
            let why = if !user.active {
                Some(LoginRefusal::Deactivated)
            } else if mapping.is_none_or(|m| m.municipality_id != user.municipality_id) {
                Some(LoginRefusal::NoRole)
            } else {
                None
            };
            if let Some(why) = why {
                let ev = event(
                    &Actor::from_user(&user),
                    AuditAction::LoginFailed,
                    None,
                    "session".into(),
                    "sso",
                );
                state.store.append_audit(&[ev]).await?;
                return Err(refused(why));
            }
            let m = mapping.ok_or_else(|| refused(LoginRefusal::NoRole))?;
            sync(state, &user, id, m).await
        }
        None => {
            let m = mapping.ok_or_else(|| refused(LoginRefusal::NoRole))?;
            if !m.create_users {
                return Err(refused(LoginRefusal::NotLinked));
            }
            create(state, id, m).await
        }
    }
}

fn display_name(id: &super::Identity) -> String {
    id.name
        .clone()
        .or_else(|| id.username.clone())
        .map(|n| n.chars().filter(|c| !c.is_control()).take(120).collect())
        .filter(|n: &String| !n.trim().is_empty())
        .unwrap_or_else(|| "Ukendt navn".into())
}

async fn sync(
    state: &AppState,
    user: &User,
    id: &super::Identity,
    m: &ClaimMapping,
) -> Result<User, WebError> {
    let name = display_name(id);
    if user.display_name == name && user.role == m.role && user.team == m.team {
        return Ok(user.clone());
    }
    let ev = event(
        &Actor::from_user(user),
        AuditAction::Update,
        None,
        format!("user:{}", user.id),
        "sso",
    );
    match state
        .store
        .sync_linked_user(user, &name, m.role, m.team.as_deref(), &[ev])
        .await
    {
        Ok(u) => Ok(u),
        // Changed meanwhile (an administrator, or a login in another tab):
        // the next login brings it in line.
        Err(StoreError::Conflict(Conflict::Stale)) => Ok(user.clone()),
        Err(e) => Err(e.into()),
    }
}

/// A username for a new user: the provider's, when it is free and valid,
/// else one made from the subject (never shown as the person's name).
fn usernames(id: &super::Identity) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(u) = id
        .username
        .as_deref()
        .map(str::trim)
        .filter(|u| jobspor_domain::user::valid_username(u))
    {
        out.push(u.to_string());
    }
    let digest = sha256_hex(&format!("{}\n{}", id.issuer, id.subject));
    out.push(format!("sso-{}", &digest[..12]));
    out
}

async fn create(
    state: &AppState,
    id: &super::Identity,
    m: &ClaimMapping,
) -> Result<User, WebError> {
    for username in usernames(id) {
        let new = NewUser {
            municipality_id: m.municipality_id,
            username,
            display_name: display_name(id),
            role: m.role,
            profession: None,
            unit_id: None,
            team: m.team.clone(),
            password_hash: NO_PASSWORD.into(),
        };
        let ev = jobspor_domain::audit::AuditEvent {
            at: Utc::now(),
            municipality_id: m.municipality_id,
            user_id: None,
            username: new.username.clone(),
            role: Some(m.role),
            action: AuditAction::Create,
            citizen_id: None,
            object: format!("user:{}", new.username),
            purpose: "sso".into(),
        };
        match state
            .store
            .create_linked_user(&new, &id.issuer, &id.subject, &[ev])
            .await
        {
            Ok(u) => return Ok(u),
            // The username is taken, or a first login in another tab linked
            // the subject just now: that user, else the next username.
            Err(StoreError::Conflict(Conflict::Exists(_))) => {
                if let Some(u) = state.store.user_by_subject(&id.issuer, &id.subject).await? {
                    return Ok(u);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(WebError::internal("no free username for a first login"))
}
