//! The citizen logs in through NemLog-in/MitID: `GET /borger/login` starts
//! the code flow against the citizen's provider, the callback checks the
//! level of assurance (at least substantial) and finds the citizen by the
//! CPR number in the claim. Every refusal creates nothing and is logged by
//! its reason, never with the CPR number.

use super::session;
use crate::auth::oidc::flow::{begin, finish, refused, Callback};
use crate::auth::oidc::BROWSER_COOKIE;
use crate::auth::{same_token, set_cookie, with_cookie};
use crate::error::{LoginRefusal, WebError};
use crate::i18n::Tx;
use crate::page::{render_status, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::identity::Assurance;
use jobspor_domain::user::Role;
use jobspor_domain::{CitizenId, MunicipalityId};
use serde::Deserialize;

const KIND: &str = "citizen";
/// NemLog-in's claims (OIOSAML 3 names, as the brokers pass them on).
pub const CPR_CLAIM: &str = "https://data.gov.dk/model/core/eid/cprNumber";
pub const LOA_CLAIM: &str = "https://data.gov.dk/concept/core/nsis/loa";

/// An audit entry of the citizen's own doing (a session holds both ids).
pub fn own(
    municipality: MunicipalityId,
    citizen: CitizenId,
    action: AuditAction,
    object: &str,
    purpose: &str,
) -> AuditEvent {
    AuditEvent {
        at: Utc::now(),
        municipality_id: municipality,
        user_id: None,
        username: "borger".into(),
        role: Some(Role::Citizen),
        action,
        citizen_id: Some(citizen),
        object: object.into(),
        purpose: purpose.into(),
    }
}

pub async fn start(State(state): State<AppState>) -> PageResult {
    let client = state.citizen_oidc.clone().ok_or(WebError::NotFound)?;
    let scopes: Vec<&str> = state.config.citizen_scopes.split_whitespace().collect();
    begin(
        &state,
        &client,
        KIND,
        super::paths::route::callback,
        &scopes,
        super::paths::home(),
    )
    .await
}

#[derive(Template)]
#[template(path = "my_plan/templates/refused.html")]
struct Refused {
    tx: Tx,
    message: &'static str,
}

/// The broker's answer: a session for the citizen it names, or a page in
/// the citizen's language saying why not (logged by its reason only).
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> PageResult {
    match logged_in(&state, &headers, q).await {
        Err(WebError::LoginRefused(why)) => {
            tracing::warn!(reason = ?why, "citizen login refused");
            let tx = super::page::tx(&headers);
            let key = match why {
                LoginRefusal::NoAssurance | LoginRefusal::LowAssurance => "refused.assurance",
                LoginRefusal::NoCitizen => "refused.no_citizen",
                LoginRefusal::ProviderSaidNo => "refused.cancelled",
                _ => "refused.again",
            };
            render_status(
                StatusCode::FORBIDDEN,
                &Refused {
                    message: tx.t(key),
                    tx,
                },
            )
        }
        other => Ok(other?),
    }
}

async fn logged_in(
    state: &AppState,
    headers: &HeaderMap,
    q: Callback,
) -> Result<Response, WebError> {
    let client = state.citizen_oidc.clone().ok_or(WebError::NotFound)?;
    let route = super::paths::route::callback;
    let (id, next) = finish(state, &client, KIND, route, headers, q).await?;
    match id.claims.first(LOA_CLAIM).map(Assurance::parse) {
        None | Some(None) => return Err(refused(LoginRefusal::NoAssurance)),
        Some(Some(level)) if level < Assurance::Substantial => {
            return Err(refused(LoginRefusal::LowAssurance))
        }
        Some(Some(_)) => {}
    }
    let cpr = id
        .claims
        .first(CPR_CLAIM)
        .and_then(|c| Cpr::parse(c).ok())
        .map(|(cpr, _)| cpr)
        .ok_or_else(|| refused(LoginRefusal::NoCitizen))?;
    let citizen = state
        .store
        .citizens_by_cpr_anywhere(&cpr)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| refused(LoginRefusal::NoCitizen))?;
    let login = own(
        citizen.municipality_id,
        citizen.id,
        AuditAction::Login,
        "session",
        "nemlogin",
    );
    let res = Redirect::to(&next).into_response();
    let res = session::start(state, headers, &citizen, &[login], res).await?;
    Ok(with_cookie(
        res,
        &set_cookie(state, BROWSER_COOKIE, "", "/", Some(0)),
    ))
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

/// Ends the citizen's session, and at the provider too where it offers it.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LogoutForm>,
) -> PageResult {
    let mut to = super::paths::home();
    if let Some(s) = session::current(&state, &headers).await? {
        if !same_token(&s.csrf_token, &f.csrf) {
            return Err(WebError::Csrf.into());
        }
        let ev = own(
            s.municipality_id,
            s.citizen_id,
            AuditAction::Logout,
            "session",
            "",
        );
        state.store.end_citizen_session(&s.id_hash, &[ev]).await?;
        if let Some(client) = &state.citizen_oidc {
            if let Some(url) = client.logout_url(&state.config.absolute(&to)).await {
                to = url;
            }
        }
    }
    let res = Redirect::to(&to).into_response();
    Ok(with_cookie(res, &session::cleared(&state)))
}
