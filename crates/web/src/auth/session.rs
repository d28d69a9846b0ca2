//! Authentication: local accounts (argon2id), server-side sessions, CSRF
//! tokens, login throttling and bearer tokens for machine clients.
//!
//! The `authenticate` middleware resolves the caller once per request and
//! enforces CSRF on every state-changing request made with a session cookie
//! (bearer-token clients are not exposed to CSRF). Handlers take
//! [`CurrentUser`] (pages: redirect to login) or [`ApiUser`] (API: 401).

use crate::error::WebError;
use crate::AppState;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use jobspor_domain::user::Actor;
use jobspor_store::SessionRecord;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub const SESSION_COOKIE: &str = "jobspor_session";
pub const LOGIN_COOKIE: &str = "jobspor_login";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(10);
/// Administrators change everyone's access: their sessions end sooner.
pub const ADMIN_IDLE_TIMEOUT: Duration = Duration::minutes(15);
pub const ADMIN_ABSOLUTE_TIMEOUT: Duration = Duration::hours(4);
pub const TOKEN_LIFETIME: Duration = Duration::hours(8);
/// Sessions are written back at most this often, to spare the database.
const TOUCH_EVERY: Duration = Duration::seconds(60);

// ---------- secrets and passwords ----------

/// 32 random bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

pub fn hash_password(pw: &str) -> Result<String, WebError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pw.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| WebError::internal(format!("hashing: {e}")))
}

/// Verifies in constant work whether or not the user exists: unknown users
/// are checked against a dummy hash so timing does not reveal them.
pub fn verify_password(pw: &str, hash: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy =
        DUMMY.get_or_init(|| hash_password("dummy password for timing").unwrap_or_default());
    let target = hash.unwrap_or(dummy);
    let ok = PasswordHash::new(target)
        .map(|p| Argon2::default().verify_password(pw.as_bytes(), &p).is_ok())
        .unwrap_or(false);
    ok && hash.is_some()
}

/// Constant-time comparison for tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

// ---------- cookies ----------

pub fn cookie(h: &HeaderMap, name: &str) -> Option<String> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The response with one more cookie set.
pub fn with_cookie(mut res: Response, cookie: &str) -> Response {
    if let Ok(v) = cookie.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<i64>,
) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax{secure}{age}")
}

// ---------- sessions ----------

#[derive(Debug, Clone)]
pub enum Via {
    Session { id_hash: String, csrf: String },
    Token,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Authed {
    pub actor: Actor,
    pub via: Via,
}

impl Authed {
    pub fn csrf(&self) -> &str {
        match &self.via {
            Via::Session { csrf, .. } => csrf,
            Via::Token => "",
        }
    }
}

/// Creates a session for a user: a fresh id every time (no fixation).
/// Starts a session for `user` with the login's audit entries, ending the
/// session id the browser already had (`replaces`) in the same transaction:
/// a login that cannot be audited does not happen.
pub async fn start_session(
    state: &AppState,
    user: jobspor_domain::UserId,
    replaces: Option<&str>,
    audit: &[jobspor_domain::audit::AuditEvent],
) -> Result<String, WebError> {
    let secret = random_token();
    let now = Utc::now();
    let rec = SessionRecord {
        id_hash: sha256_hex(&secret),
        user_id: user,
        csrf_token: random_token(),
        created_at: now,
        last_seen: now,
    };
    state.store.create_session(&rec, replaces, audit).await?;
    Ok(secret)
}

/// A staff session's idle and absolute timeouts, by the user's role.
/// (Citizens' sessions have their own, in `my_plan::session`.)
pub fn timeouts(role: jobspor_domain::user::Role) -> (Duration, Duration) {
    match role {
        jobspor_domain::user::Role::Admin => (ADMIN_IDLE_TIMEOUT, ADMIN_ABSOLUTE_TIMEOUT),
        _ => (IDLE_TIMEOUT, ABSOLUTE_TIMEOUT),
    }
}

fn session_alive(s: &SessionRecord, role: jobspor_domain::user::Role, now: DateTime<Utc>) -> bool {
    let (idle, absolute) = timeouts(role);
    now - s.last_seen <= idle && now - s.created_at <= absolute
}

fn bearer(h: &HeaderMap) -> Option<&str> {
    h.get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

async fn resolve(state: &AppState, h: &HeaderMap) -> Result<Option<Authed>, WebError> {
    let now = Utc::now();
    if let Some(token) = bearer(h) {
        let Some(uid) = state.store.api_token_user(&sha256_hex(token), now).await? else {
            return Ok(None);
        };
        return Ok(state
            .store
            .user(uid)
            .await?
            .filter(|u| u.active)
            .map(|u| Authed {
                actor: Actor::from_user(&u),
                via: Via::Token,
            }));
    }
    let Some(secret) = cookie(h, SESSION_COOKIE) else {
        return Ok(None);
    };
    let id_hash = sha256_hex(&secret);
    let Some((session, user)) = state.store.session_with_user(&id_hash).await? else {
        return Ok(None);
    };
    if !session_alive(&session, user.role, now) || !user.active {
        state.store.delete_session(&id_hash, &[]).await?;
        return Ok(None);
    }
    if now - session.last_seen > TOUCH_EVERY {
        state.store.touch_session(&id_hash, now).await?;
    }
    Ok(Some(Authed {
        actor: Actor::from_user(&user),
        via: Via::Session {
            id_hash,
            csrf: session.csrf_token,
        },
    }))
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// An error as the request's kind of client takes it: JSON for the API,
/// the error page otherwise.
pub(crate) fn fail(path: &str, e: WebError) -> Response {
    if is_api(path) {
        e.into_json()
    } else {
        crate::page::PageError(e).into_response()
    }
}

pub async fn authenticate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let authed = match resolve(&state, req.headers()).await {
        Ok(a) => a,
        Err(e) => return fail(&path, e),
    };
    let mut req = req;
    // The login form carries its own token (there may be no session yet), and
    // the citizen's questionnaire and rating pages are authorised by their
    // unguessable links alone.
    let changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && path != crate::auth::paths::route::login
        && !path.starts_with("/s/")
        && !path.starts_with("/m/")
        // The citizen's own pages check the citizen's session's token.
        && !path.starts_with("/borger");
    if let (
        true,
        Some(Authed {
            via: Via::Session { csrf, .. },
            ..
        }),
    ) = (changing, &authed)
    {
        match check_csrf(req, csrf).await {
            Ok(r) => req = r,
            Err(e) => return fail(&path, e),
        }
    }
    req.extensions_mut().insert(authed);
    next.run(req).await
}

/// Accepts the token from the `X-CSRF-Token` header or a form field; the body
/// of a form is read (within the body limit) and put back for the handler.
async fn check_csrf(req: Request, expected: &str) -> Result<Request, WebError> {
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if same_token(v, expected) {
            Ok(req)
        } else {
            Err(WebError::Csrf)
        };
    }
    // The boundary is case-sensitive; the media type is not.
    let raw_ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let ct = raw_ct.to_ascii_lowercase();
    if ct.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, crate::BODY_LIMIT)
            .await
            .map_err(|_| WebError::PayloadTooLarge)?;
        let token = form_urlencoded_value(&bytes, CSRF_FIELD);
        if !token.is_some_and(|t| same_token(&t, expected)) {
            return Err(WebError::Csrf);
        }
        return Ok(Request::from_parts(parts, Body::from(bytes)));
    }
    if ct.starts_with("multipart/form-data") {
        return multipart_csrf(req, &raw_ct, expected).await;
    }
    Err(WebError::Csrf)
}

/// How much of a multipart body is read, at most, to find its first part.
const FIRST_PART_LIMIT: usize = 16 * 1024;

/// A multipart form must carry the token as its first part, whatever the
/// handler does with the rest (a handler that reads no upload must not
/// skip the check). Only the body's beginning is read; the whole body goes
/// on to the handler, unread, so an upload is not held in memory here.
async fn multipart_csrf(req: Request, ct: &str, expected: &str) -> Result<Request, WebError> {
    use futures_util::StreamExt;
    let boundary = multer::parse_boundary(ct).map_err(|_| WebError::Csrf)?;
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut head = bytes::BytesMut::new();
    let token = loop {
        match first_part(head.clone().freeze(), &boundary).await {
            FirstPart::Token(t) => break t,
            FirstPart::Other => return Err(WebError::Csrf),
            FirstPart::Incomplete if head.len() >= FIRST_PART_LIMIT => return Err(WebError::Csrf),
            FirstPart::Incomplete => {}
        }
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(WebError::PayloadTooLarge),
            None => match first_part(head.clone().freeze(), &boundary).await {
                FirstPart::Token(t) => break t,
                _ => return Err(WebError::Csrf),
            },
        }
    };
    if !same_token(&token, expected) {
        return Err(WebError::Csrf);
    }
    let read = futures_util::stream::once(async move { Ok::<_, axum::Error>(head.freeze()) });
    let body = Body::from_stream(read.chain(stream));
    Ok(Request::from_parts(parts, body))
}

enum FirstPart {
    /// The first part is the token field, with this value.
    Token(String),
    /// The first part is something else: refused.
    Other,
    /// Not enough of the body yet to tell.
    Incomplete,
}

async fn first_part(head: bytes::Bytes, boundary: &str) -> FirstPart {
    let once = futures_util::stream::once(async move { Ok::<_, std::io::Error>(head) });
    let mut mp = multer::Multipart::new(once, boundary);
    let Ok(Some(field)) = mp.next_field().await else {
        return FirstPart::Incomplete;
    };
    if field.name() != Some(CSRF_FIELD) {
        return FirstPart::Other;
    }
    match field.text().await {
        Ok(t) => FirstPart::Token(t),
        Err(_) => FirstPart::Incomplete,
    }
}

fn form_urlencoded_value(body: &[u8], key: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

// ---------- extractors ----------

/// A signed-in user on a page; otherwise a redirect to the login page.
pub struct CurrentUser(pub Authed);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Option<Authed>>().cloned().flatten() {
            Some(a) => Ok(CurrentUser(a)),
            None => Err(Redirect::to(&crate::auth::paths::login()).into_response()),
        }
    }
}

/// A signed-in API client (bearer token or session); otherwise 401.
pub struct ApiUser(pub Authed);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Option<Authed>>().cloned().flatten() {
            Some(a) => Ok(ApiUser(a)),
            None => Err(WebError::Unauthenticated.into_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A multipart body arriving in small pieces: the token is found in its
    /// first part, and the handler gets the whole body, unchanged.
    #[tokio::test]
    async fn the_first_part_is_read_across_chunks_and_the_body_kept() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--B--\r\n";
        let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = body
            .as_bytes()
            .chunks(7)
            .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
            .collect();
        let req = |expected: &'static str| {
            let chunks = chunks
                .iter()
                .map(|c| Ok::<_, std::io::Error>(c.as_ref().unwrap().clone()))
                .collect::<Vec<_>>();
            let r = Request::builder()
                .method(Method::POST)
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
                .body(Body::from_stream(futures_util::stream::iter(chunks)))
                .unwrap();
            check_csrf(r, expected)
        };
        let Ok(passed) = req("tok").await else {
            panic!("the token is not found");
        };
        let kept = axum::body::to_bytes(passed.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(kept, body.as_bytes());
        assert!(matches!(req("other").await, Err(WebError::Csrf)));
    }

    #[test]
    fn passwords() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&h)));
        assert!(!verify_password("wrong", Some(&h)));
        assert!(!verify_password("anything", None));
    }

    #[test]
    fn cookies_and_tokens() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; jobspor_session=abc; lang=en".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "lang").as_deref(), Some("en"));
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert_ne!(random_token(), random_token());
    }
}
