//! Log in and out. The login form carries its own CSRF token (a cookie and a
//! field that must match), because there is no session yet.

use crate::audit::event;
use crate::auth::{
    client_ip, cookie, random_token, same_token, set_cookie, start_session, verify_password,
    with_cookie, Authed, Via, LOGIN_COOKIE, SESSION_COOKIE,
};
use crate::error::WebError;
use crate::page::{render, render_status, safe_next, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::user::Actor;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/templates/login.html")]
struct LoginPage {
    c: Chrome,
    token: String,
    next: String,
    username: String,
    error: Option<String>,
    /// The municipality's own login is offered.
    sso: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    ext: Extensions,
    Query(q): Query<NextQuery>,
) -> PageResult {
    if ext.get::<Option<Authed>>().cloned().flatten().is_some() {
        return Ok(Redirect::to(&crate::home::paths::home()).into_response());
    }
    let token = random_token();
    let page = LoginPage {
        c: Chrome::new(None, "login", "login"),
        token: token.clone(),
        next: safe_next(q.next.as_deref()),
        username: String::new(),
        error: None,
        sso: state.staff_oidc.is_some(),
    };
    Ok(with_cookie(
        render(&page)?,
        &set_cookie(
            &state,
            LOGIN_COOKIE,
            &token,
            crate::auth::paths::route::login,
            Some(3600),
        ),
    ))
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    Form(f): Form<LoginForm>,
) -> PageResult {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_token(&expected, &f.csrf) {
        return Err(WebError::Csrf.into());
    }
    let started = std::time::Instant::now();
    let ip = client_ip(&state, &headers, &ext);
    let username = crate::auth::normalise(&f.username);
    let lang = crate::i18n::Lang::current();
    let retry = |status: StatusCode, msg: String| {
        let page = LoginPage {
            c: Chrome::new(None, "login", "login"),
            token: expected.clone(),
            next: safe_next(f.next.as_deref()),
            username: f.username.clone(),
            error: Some(msg),
            sso: state.staff_oidc.is_some(),
        };
        render_status(status, &page)
    };
    if !state.throttle.allowed(&username, ip) {
        return retry(
            StatusCode::TOO_MANY_REQUESTS,
            WebError::TooManyAttempts.public_message(lang),
        );
    }
    let found = state.store.user_by_username(&username).await?;
    let ok = verify_password(&f.password, found.as_ref().map(|(_, h)| h.as_str()));
    let user = match found {
        Some((u, _)) if ok && u.active => u,
        other => {
            state.throttle.failed(&username, ip);
            if let Some((u, _)) = other {
                let ev = event(
                    &Actor::from_user(&u),
                    AuditAction::LoginFailed,
                    None,
                    "session".into(),
                    "",
                );
                state.store.append_audit(&[ev]).await?;
            }
            crate::auth::pace_failure(started, state.config.login_failure_floor).await;
            return retry(StatusCode::UNAUTHORIZED, lang.t("login_failed").to_string());
        }
    };
    // A municipality that logs in through its own provider only.
    if !state
        .store
        .local_login_allowed(user.municipality_id)
        .await?
    {
        let ev = event(
            &Actor::from_user(&user),
            AuditAction::LoginFailed,
            None,
            "session".into(),
            "local login off",
        );
        state.store.append_audit(&[ev]).await?;
        return retry(StatusCode::FORBIDDEN, lang.t("login_local_off").to_string());
    }
    // Administrators and managers (and anyone with an app) give a code too.
    if let Some(res) =
        crate::auth::second_factor::challenge_if_due(&state, &user, safe_next(f.next.as_deref()))
            .await?
    {
        return Ok(without_login_cookie(&state, res));
    }
    state.throttle.succeeded(&username, ip);
    // A session id the browser already had is never reused.
    let old = cookie(&headers, SESSION_COOKIE).map(|old| crate::auth::sha256_hex(&old));
    let login = event(
        &Actor::from_user(&user),
        AuditAction::Login,
        None,
        "session".into(),
        "",
    );
    let secret = start_session(&state, user.id, old.as_deref(), &[login]).await?;
    let res = Redirect::to(&safe_next(f.next.as_deref())).into_response();
    let res = with_cookie(res, &set_cookie(&state, SESSION_COOKIE, &secret, "/", None));
    Ok(without_login_cookie(&state, res))
}

/// The login form's own token has done its job.
fn without_login_cookie(
    state: &AppState,
    res: axum::response::Response,
) -> axum::response::Response {
    with_cookie(
        res,
        &set_cookie(
            state,
            LOGIN_COOKIE,
            "",
            crate::auth::paths::route::login,
            Some(0),
        ),
    )
}

/// Ends the session; a user of the municipality's provider is sent there to
/// end that session too (RP-initiated logout), and comes back to the login
/// page.
pub async fn logout(State(state): State<AppState>, ext: Extensions) -> PageResult {
    let mut to = crate::auth::paths::login();
    if let Some(a) = ext.get::<Option<Authed>>().cloned().flatten() {
        if let Via::Session { id_hash, .. } = &a.via {
            let logout = event(&a.actor, AuditAction::Logout, None, "session".into(), "");
            state.store.delete_session(id_hash, &[logout]).await?;
        }
        if let Some(client) = &state.staff_oidc {
            if state.store.has_identity(a.actor.user_id).await? {
                let back = state.config.absolute(&crate::auth::paths::login());
                if let Some(url) = client.logout_url(&back).await {
                    to = url;
                }
            }
        }
    }
    let res = Redirect::to(&to).into_response();
    Ok(with_cookie(
        res,
        &set_cookie(&state, SESSION_COOKIE, "", "/", Some(0)),
    ))
}
