//! The second factor for local accounts: after a right password, a user with
//! a TOTP app (RFC 6238) gives its code, or one of the recovery codes; an
//! administrator or manager without one sets it up first. Users who log in
//! through the municipality's provider never come here (the provider does
//! its own MFA). Between the two steps the browser holds a challenge cookie
//! (5 minutes, 5 tries), whose value is also the forms' CSRF token.

use crate::audit::event;
use crate::auth::{
    cookie, random_token, same_token, set_cookie, sha256_hex, start_session, SESSION_COOKIE,
};
use crate::error::WebError;
use crate::page::{render, render_status, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use base64::Engine;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::user::{Actor, Role, User};
use jobspor_store::Challenge;
use serde::Deserialize;
use totp_rs::{Algorithm, Secret, Totp};

pub const CHALLENGE_COOKIE: &str = "jobspor_mfa";
pub const CHALLENGE_WINDOW: chrono::Duration = chrono::Duration::minutes(5);
const MAX_ATTEMPTS: i64 = 5;
const RECOVERY_CODES: usize = 10;

/// Whether a role must have a second factor when it logs in with a password.
pub fn required_for(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Manager)
}

/// The TOTP of a secret: SHA-1, 6 digits, 30-second steps, one step of
/// clock drift either way (what every authenticator app does).
pub fn totp(secret_base32: &str, username: &str) -> Result<Totp, WebError> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| WebError::internal(format!("stored TOTP secret: {e:?}")))?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_issuer(Some("Jobspor"))
        .with_account_name(username)
        .build()
        .map_err(|e| WebError::internal(format!("TOTP: {e:?}")))
}

fn now_secs() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

/// The time step a code belongs to, if it is right now (±30 seconds).
fn check(t: &Totp, code: &str) -> Option<i64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.check(&digits, now_secs())
        .and_then(|step| i64::try_from(step).ok())
}

/// A recovery code as typed, compared without spaces, dashes or case.
fn recovery_hash(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    sha256_hex(&format!("jobspor recovery code\n{plain}"))
}

fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let mut pick = || ALPHABET[rng.gen_range(0..ALPHABET.len())] as char;
    let a: String = (0..5).map(|_| pick()).collect();
    let b: String = (0..5).map(|_| pick()).collect();
    format!("{a}-{b}")
}

/// After a right password: the way on to the code (or to setting up the
/// app), when the user has a second factor or their role needs one.
pub async fn challenge_if_due(
    state: &AppState,
    user: &User,
    next: String,
) -> Result<Option<Response>, WebError> {
    let enrolled = enrolled(state, user).await?;
    if !enrolled && !must(state, user) {
        return Ok(None);
    }
    let token = random_token();
    state
        .store
        .save_challenge(
            &sha256_hex(&token),
            &Challenge {
                user_id: user.id,
                next,
                created_at: Utc::now(),
                attempts: 0,
            },
        )
        .await?;
    let to = if enrolled {
        crate::auth::paths::login_code()
    } else {
        crate::auth::paths::login_enrol()
    };
    let res = Redirect::to(&to).into_response();
    Ok(Some(crate::auth::with_cookie(
        res,
        &set_cookie(
            state,
            CHALLENGE_COOKIE,
            &token,
            crate::auth::paths::route::login,
            Some(CHALLENGE_WINDOW.num_seconds()),
        ),
    )))
}

#[derive(Template)]
#[template(path = "auth/templates/code.html")]
struct CodePage {
    c: Chrome,
    token: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "auth/templates/enrol.html")]
struct EnrolPage {
    c: Chrome,
    token: String,
    /// The secret for typing in, in groups of four.
    secret: String,
    /// The otpauth:// address as a QR code (an SVG image's data address).
    qr: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "auth/templates/recovery.html")]
struct RecoveryPage {
    c: Chrome,
    codes: Vec<String>,
    next: String,
}

/// The challenge of this browser and its user, if it is still good.
async fn current(
    state: &AppState,
    headers: &HeaderMap,
    count: bool,
) -> Result<Option<(String, Challenge, User)>, WebError> {
    let Some(token) = cookie(headers, CHALLENGE_COOKIE).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let hash = sha256_hex(&token);
    let found = if count {
        state.store.attempt_challenge(&hash).await?
    } else {
        state.store.challenge(&hash).await?
    };
    let Some(c) = found else { return Ok(None) };
    if Utc::now() - c.created_at > CHALLENGE_WINDOW || c.attempts > MAX_ATTEMPTS {
        state.store.end_challenge(&hash).await?;
        return Ok(None);
    }
    let Some(user) = state.store.user(c.user_id).await?.filter(|u| u.active) else {
        return Ok(None);
    };
    Ok(Some((token, c, user)))
}

/// The challenge a code form answers, with this try counted; the form must
/// carry the challenge's own value (its CSRF token).
async fn answering(
    state: &AppState,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<Option<(String, Challenge, User)>, WebError> {
    let found = current(state, headers, true).await?;
    if found
        .as_ref()
        .is_some_and(|(token, _, _)| !same_token(token, csrf))
    {
        return Err(WebError::Csrf);
    }
    Ok(found)
}

/// Back to the login page: the challenge is gone, expired or used up.
fn start_over() -> PageResult {
    Ok(Redirect::to(&crate::auth::paths::login()).into_response())
}

pub async fn code_form(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    let Some((token, _, _)) = current(&state, &headers, false).await? else {
        return start_over();
    };
    render(&CodePage {
        c: Chrome::new(None, "mfa_title", "login"),
        token,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    csrf: String,
    code: String,
}

pub async fn code_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<CodeForm>,
) -> PageResult {
    let Some((token, c, user)) = answering(&state, &headers, &f.csrf).await? else {
        return start_over();
    };
    // Wrong codes count with wrong passwords: a password does not buy
    // endless guesses.
    let ip = crate::auth::client_ip(&state, &headers, &ext);
    if !state.throttle.allowed(&user.username, ip) {
        return Err(WebError::TooManyAttempts.into());
    }
    let how = verify_code(&state, &user, &f.code).await?;
    let Some(how) = how else {
        state.throttle.failed(&user.username, ip);
        let ev = event(
            &Actor::from_user(&user),
            AuditAction::LoginFailed,
            None,
            "session".into(),
            "totp",
        );
        state.store.append_audit(&[ev]).await?;
        let page = CodePage {
            c: Chrome::new(None, "mfa_title", "login"),
            token,
            error: Some(crate::page::say("mfa_wrong_code")),
        };
        return render_status(StatusCode::UNAUTHORIZED, &page);
    };
    let res = Redirect::to(&c.next).into_response();
    finish(&state, &headers, ip, &token, &user, how, res).await
}

/// Whether a user is due a second factor at a password login: they have an
/// app, or their role needs one (then without an app they must set it up).
pub async fn due(state: &AppState, user: &User) -> Result<bool, WebError> {
    Ok(enrolled(state, user).await? || must(state, user))
}

/// Whether the user has set up an app.
async fn enrolled(state: &AppState, user: &User) -> Result<bool, WebError> {
    Ok(state
        .store
        .totp(user.id)
        .await?
        .is_some_and(|t| t.confirmed))
}

/// Whether the user's role must have an app where passwords are used.
fn must(state: &AppState, user: &User) -> bool {
    state.config.mfa_required && required_for(user.role)
}

/// Checks a code from the user's app (each time step once) or one of their
/// recovery codes (each once); how it was given, if it was right.
pub async fn verify_code(
    state: &AppState,
    user: &User,
    code: &str,
) -> Result<Option<&'static str>, WebError> {
    if let Some(t) = state.store.totp(user.id).await?.filter(|t| t.confirmed) {
        if let Some(step) = check(&totp(&t.secret, &user.username)?, code) {
            if state.store.use_totp_step(user.id, step).await? {
                return Ok(Some("totp"));
            }
        }
        if state
            .store
            .use_recovery_code(user.id, &recovery_hash(code))
            .await?
        {
            return Ok(Some("recovery code"));
        }
    }
    Ok(None)
}

/// Starts the session of a user who gave both factors; the challenge ends.
async fn finish(
    state: &AppState,
    headers: &HeaderMap,
    ip: std::net::IpAddr,
    token: &str,
    user: &User,
    how: &str,
    res: Response,
) -> PageResult {
    let login = event(
        &Actor::from_user(user),
        AuditAction::Login,
        None,
        "session".into(),
        how,
    );
    let old = cookie(headers, SESSION_COOKIE).map(|old| sha256_hex(&old));
    let secret = start_session(state, user.id, old.as_deref(), &[login]).await?;
    state.store.end_challenge(&sha256_hex(token)).await?;
    state.throttle.succeeded(&user.username, ip);
    let with = crate::auth::with_cookie;
    let res = with(res, &set_cookie(state, SESSION_COOKIE, &secret, "/", None));
    Ok(with(
        res,
        &set_cookie(
            state,
            CHALLENGE_COOKIE,
            "",
            crate::auth::paths::route::login,
            Some(0),
        ),
    ))
}

fn qr_data_url(t: &Totp) -> Result<String, WebError> {
    let url = t
        .to_url()
        .map_err(|e| WebError::internal(format!("otpauth address: {e:?}")))?;
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| WebError::internal(format!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

/// The page that sets up the app; `stored` is the unfinished enrolment's
/// secret, or none (then a new one is made and kept).
async fn enrol_page(
    state: &AppState,
    token: String,
    user: &User,
    stored: Option<jobspor_store::StoredTotp>,
    error: Option<String>,
) -> PageResult {
    let stored = match stored {
        Some(t) => t,
        None => {
            let mut bytes = [0u8; 20];
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
            let secret = Secret::from(bytes.to_vec()).to_base32();
            state.store.begin_enrolment(user.id, &secret).await?;
            jobspor_store::StoredTotp {
                secret,
                confirmed: false,
                last_step: 0,
            }
        }
    };
    let t = totp(&stored.secret, &user.username)?;
    let grouped: Vec<String> = stored
        .secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let page = EnrolPage {
        c: Chrome::new(None, "mfa_enrol_title", "login"),
        token,
        secret: grouped.join(" "),
        qr: qr_data_url(&t)?,
        error: error.clone(),
    };
    if error.is_some() {
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    } else {
        render(&page)
    }
}

pub async fn enrol_form(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    let Some((token, _, user)) = current(&state, &headers, false).await? else {
        return start_over();
    };
    let stored = state.store.totp(user.id).await?;
    if stored.as_ref().is_some_and(|t| t.confirmed) {
        return Ok(Redirect::to(&crate::auth::paths::login_code()).into_response());
    }
    enrol_page(&state, token, &user, stored, None).await
}

pub async fn enrol_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<CodeForm>,
) -> PageResult {
    let ip = crate::auth::client_ip(&state, &headers, &ext);
    let Some((token, c, user)) = answering(&state, &headers, &f.csrf).await? else {
        return start_over();
    };
    let Some(stored) = state.store.totp(user.id).await?.filter(|t| !t.confirmed) else {
        return Ok(Redirect::to(&crate::auth::paths::login_code()).into_response());
    };
    let Some(step) = check(&totp(&stored.secret, &user.username)?, &f.code) else {
        let msg = crate::page::say("mfa_wrong_code");
        return enrol_page(&state, token, &user, Some(stored), Some(msg)).await;
    };
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    let ev = event(
        &Actor::from_user(&user),
        AuditAction::Update,
        None,
        format!("user:{}:second_factor", user.id),
        "totp",
    );
    if !state
        .store
        .confirm_enrolment(user.id, step, &hashes, &[ev])
        .await?
    {
        return start_over();
    }
    let page = RecoveryPage {
        c: Chrome::new(None, "mfa_recovery_title", "login"),
        codes,
        next: crate::page::safe_next(Some(&c.next)),
    };
    let res = render(&page)?;
    finish(&state, &headers, ip, &token, &user, "totp", res).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_of_this_step_and_recovery_codes_ignore_dashes_and_case() {
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        let t = totp(&secret, "admin").expect("totp");
        // RFC 6238, appendix B: SHA-1 at T = 59 s is 94287082 (8 digits); 6 digits: 287082.
        assert_eq!(t.generate(59).to_string(), "287082");
        let now = t.generate(now_secs()).to_string();
        assert!(check(&t, &now).is_some());
        assert!(check(&t, &format!("{} {}", &now[..3], &now[3..])).is_some());
        assert_eq!(check(&t, "12345"), None);
        assert_eq!(check(&t, "abcdef"), None);
        assert_eq!(recovery_hash("ABCDE-FGHJK"), recovery_hash("abcde fghjk"));
        assert_ne!(recovery_hash("abcde-fghjk"), recovery_hash("abcde-fghjm"));
        let c = new_recovery_code();
        assert_eq!(c.len(), 11);
        assert!(required_for(Role::Admin) && required_for(Role::Manager));
        assert!(!required_for(Role::Caseworker));
    }
}
