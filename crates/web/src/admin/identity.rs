//! "Login og identitet": whether staff may use Jobspor passwords, the rules
//! that map the municipality's provider's claims to a role and team, and
//! links from a provider's subject to an existing user (admin role only).

use crate::audit::event;
use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::{render, render_status, say, Chrome, PageResult, SelectOption};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::identity::{valid_claim_text, ClaimMapping};
use jobspor_domain::user::Role;
use jobspor_domain::UserId;
use jobspor_store::{Conflict, StoreError};
use serde::Deserialize;

pub struct MappingRow {
    pub id: String,
    pub claim: String,
    pub value: String,
    pub role: String,
    pub team: String,
    pub creates: bool,
}

#[derive(Template)]
#[template(path = "admin/templates/identity.html")]
struct IdentityPage {
    c: Chrome,
    issuer: Option<String>,
    local_login: bool,
    mappings: Vec<MappingRow>,
    roles: Vec<SelectOption>,
    users: Vec<SelectOption>,
    error: Option<String>,
}

async fn page_for(
    state: &AppState,
    a: &Authed,
    error: Option<String>,
) -> Result<IdentityPage, crate::page::PageError> {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let m = a.actor.municipality_id;
    let mappings = state
        .store
        .claim_mappings(m)
        .await?
        .into_iter()
        .map(|x| MappingRow {
            id: x.id.to_string(),
            claim: x.claim,
            value: x.value,
            role: x.role.word().to_string(),
            team: x.team.unwrap_or_default(),
            creates: x.create_users,
        })
        .collect();
    Ok(IdentityPage {
        c: Chrome::new(Some(a), "identity", "admin"),
        issuer: state
            .staff_oidc
            .as_ref()
            .map(|o| o.settings().issuer.clone()),
        local_login: state.store.local_login_allowed(m).await?,
        mappings,
        roles: Role::STAFF
            .iter()
            .map(|r| SelectOption::new(r.code(), r.word(), false))
            .collect(),
        users: state
            .store
            .list_users(m)
            .await?
            .into_iter()
            .map(|u| {
                SelectOption::new(
                    u.id.to_string(),
                    format!("{} ({})", u.display_name, u.username),
                    false,
                )
            })
            .collect(),
        error,
    })
}

pub async fn page(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    render(&page_for(&state, &a, None).await?)
}

/// The page again with a message and a status; nothing was changed.
async fn refuse(state: &AppState, a: &Authed, status: StatusCode, key: &str) -> PageResult {
    render_status(status, &page_for(state, a, Some(say(key))).await?)
}

/// Back to the page after a save; the page again saying `exists` (409)
/// when what was saved is there already.
async fn saved(
    state: &AppState,
    a: &Authed,
    done: Result<(), StoreError>,
    exists: &str,
) -> PageResult {
    match done {
        Ok(()) => back(),
        Err(StoreError::Conflict(Conflict::Exists(_))) => {
            refuse(state, a, StatusCode::CONFLICT, exists).await
        }
        Err(e) => Err(WebError::from(e).into()),
    }
}

fn back() -> PageResult {
    Ok(Redirect::to(&crate::admin::paths::identity()).into_response())
}

#[derive(Deserialize)]
pub struct LocalForm {
    /// "1" allows Jobspor passwords; anything else switches them off.
    allowed: String,
}

pub async fn set_local(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<LocalForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let allowed = f.allowed == "1";
    // Without the municipality's own login, nobody could log in at all.
    if !allowed && state.staff_oidc.is_none() {
        return refuse(
            &state,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            "identity_local_needs_sso",
        )
        .await;
    }
    let ev = event(
        &a.actor,
        AuditAction::Update,
        None,
        format!("municipality:local_login:{allowed}"),
        "administration",
    );
    state
        .store
        .set_local_login(a.actor.municipality_id, allowed, &[ev])
        .await?;
    back()
}

#[derive(Deserialize)]
pub struct MappingForm {
    claim: String,
    value: String,
    role: String,
    #[serde(default)]
    team: String,
    /// Present when a first login creates the user.
    create_users: Option<String>,
}

pub async fn add_mapping(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<MappingForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let bad = StatusCode::UNPROCESSABLE_ENTITY;
    if !valid_claim_text(&f.claim) || !valid_claim_text(&f.value) {
        return refuse(&state, &a, bad, "identity_invalid_claim").await;
    }
    let Some(role) = Role::parse(&f.role).filter(|r| Role::STAFF.contains(r)) else {
        return refuse(&state, &a, bad, "identity_invalid_role").await;
    };
    let team = f.team.trim();
    if team.chars().count() > 60 || team.chars().any(char::is_control) {
        return refuse(&state, &a, bad, "identity_invalid_team").await;
    }
    let mapping = ClaimMapping {
        id: jobspor_domain::ClaimMappingId::new(),
        municipality_id: a.actor.municipality_id,
        claim: f.claim.trim().into(),
        value: f.value.trim().into(),
        role,
        team: (!team.is_empty()).then(|| team.to_string()),
        create_users: f.create_users.is_some(),
    };
    let ev = event(
        &a.actor,
        AuditAction::Create,
        None,
        format!("claim_mapping:{}", mapping.id),
        "administration",
    );
    let done = state.store.add_claim_mapping(&mapping, &[ev]).await;
    saved(&state, &a, done, "identity_mapping_exists").await
}

pub async fn remove_mapping(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let id: jobspor_domain::ClaimMappingId = id.parse().map_err(|_| WebError::NotFound)?;
    let ev = event(
        &a.actor,
        AuditAction::Delete,
        None,
        format!("claim_mapping:{id}"),
        "administration",
    );
    state
        .store
        .remove_claim_mapping(a.actor.municipality_id, id, &[ev])
        .await?;
    back()
}

/// A user of the administrator's own municipality, by id as sent.
async fn user_here(
    state: &AppState,
    a: &Authed,
    id: &str,
) -> Result<Option<jobspor_domain::user::User>, WebError> {
    let Ok(id) = id.parse::<UserId>() else {
        return Ok(None);
    };
    Ok(state
        .store
        .user(id)
        .await?
        .filter(|u| u.municipality_id == a.actor.municipality_id))
}

#[derive(Deserialize)]
pub struct LinkForm {
    user_id: String,
    subject: String,
}

/// Links an existing user (e.g. one who used a Jobspor password) to their
/// subject at the municipality's provider.
pub async fn link(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<LinkForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let Some(client) = state.staff_oidc.clone() else {
        return refuse(
            &state,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            "identity_local_needs_sso",
        )
        .await;
    };
    let Some(user) = user_here(&state, &a, &f.user_id).await? else {
        return refuse(
            &state,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            "identity_unknown_user",
        )
        .await;
    };
    if !valid_claim_text(&f.subject) {
        return refuse(
            &state,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            "identity_invalid_subject",
        )
        .await;
    }
    let ev = event(
        &a.actor,
        AuditAction::Update,
        None,
        format!("user:{}:identity", user.id),
        "administration",
    );
    let done = state
        .store
        .link_subject(&client.settings().issuer, f.subject.trim(), user.id, &[ev])
        .await;
    saved(&state, &a, done, "identity_link_exists").await
}

/// An administrator's action on one of the municipality's users: the user
/// and the action's audit entry about `what` (404 for anyone but an
/// administrator, and for another municipality's user).
async fn administered(
    state: &AppState,
    a: &Authed,
    id: &str,
    action: AuditAction,
    what: &str,
) -> Result<
    (
        jobspor_domain::user::User,
        jobspor_domain::audit::AuditEvent,
    ),
    WebError,
> {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound);
    }
    let user = user_here(state, a, id).await?.ok_or(WebError::NotFound)?;
    let ev = event(
        &a.actor,
        action,
        None,
        format!("user:{}:{what}", user.id),
        "administration",
    );
    Ok((user, ev))
}

/// Removes a user's authenticator app and recovery codes (a lost phone): the
/// next password login sets up a new one where the role needs it.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    let (user, ev) = administered(&state, &a, &id, AuditAction::Delete, "second_factor").await?;
    state.store.reset_second_factor(user.id, &[ev]).await?;
    Ok(Redirect::to(&crate::admin::paths::home()).into_response())
}

/// Unlocks an account that waits out failed logins (a guess from many
/// addresses locks it for everyone): its counters start again. Audited.
pub async fn unlock(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    let (user, ev) = administered(&state, &a, &id, AuditAction::Update, "unlocked").await?;
    state.store.append_audit(&[ev]).await?;
    state.throttle.unlock(&user.username);
    Ok(Redirect::to(&crate::admin::paths::home()).into_response())
}
