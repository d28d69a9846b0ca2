//! Response headers for every response: CSP without inline script,
//! clickjacking and sniffing protection, no referrer leakage, no caching of
//! anything but static assets, HSTS when served over TLS.

use crate::i18n::{Lang, CURRENT, PAGE_PATH};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The CSP of this Jobspor: forms post to itself only, except that logging
/// out may send the browser on to the identity providers (a form's
/// redirect is held to `form-action` too).
pub fn csp(providers: &[&str]) -> HeaderValue {
    let origins: Vec<String> = providers
        .iter()
        .filter_map(|p| openidconnect::url::Url::parse(p).ok())
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null")
        .collect();
    if origins.is_empty() {
        return HeaderValue::from_static(CSP);
    }
    let policy = CSP.replace(
        "form-action 'self'",
        &format!("form-action 'self' {}", origins.join(" ")),
    );
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(CSP))
}

pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let lang = Lang::from_headers(req.headers());
    // Only GET pages are worth returning to; after a POST go to the list.
    let path = if req.method() == axum::http::Method::GET {
        req.uri().path().to_string()
    } else {
        crate::home::paths::home()
    };
    let mut res = CURRENT
        .scope(lang, PAGE_PATH.scope(path, next.run(req)))
        .await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if is_static {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

/// One log line per request: method, the route *template* (never the path
/// with its ids, never the query), status and duration. Nothing personal.
pub async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(unmatched)".to_string());
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    tracing::info!(
        target: "jobspor::http",
        %method,
        route,
        status = res.status().as_u16(),
        us = started.elapsed().as_micros() as u64,
        "request"
    );
    res
}

/// Refuses a NUL character anywhere a user can put text: in the path, the
/// query, or a form or JSON body (PostgreSQL cannot store it, and no one
/// types it). The answer is a 400 with a message in the user's language;
/// nothing is read or changed. Uploads (multipart) carry files, which may
/// hold any byte, and are left to their handlers.
pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let refuse = || {
        crate::auth::fail(
            &path,
            crate::error::WebError::BadRequest(jobspor_domain::message::Message::new(
                "invalid.nul_character",
            )),
        )
    };
    let uri = req.uri();
    if has_encoded_nul(uri.path().as_bytes())
        || uri.query().is_some_and(|q| has_encoded_nul(q.as_bytes()))
    {
        return refuse();
    }
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let form = ct.starts_with("application/x-www-form-urlencoded");
    let json = ct.starts_with("application/json");
    if !form && !json {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::BODY_LIMIT).await else {
        return crate::error::WebError::PayloadTooLarge.into_json();
    };
    if (form && has_encoded_nul(&bytes)) || (json && has_json_nul(&bytes)) {
        return refuse();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// A NUL byte, raw or percent-encoded (`%00`).
fn has_encoded_nul(s: &[u8]) -> bool {
    s.contains(&0) || s.windows(3).any(|w| w == b"%00")
}

/// A NUL in any string of a JSON body (raw, or written `\u0000`). A body
/// that is no JSON is left for the handler to refuse.
fn has_json_nul(s: &[u8]) -> bool {
    fn any(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(t) => t.contains('\0'),
            serde_json::Value::Array(a) => a.iter().any(any),
            serde_json::Value::Object(o) => o.iter().any(|(k, v)| k.contains('\0') || any(v)),
            _ => false,
        }
    }
    serde_json::from_slice::<serde_json::Value>(s).is_ok_and(|v| any(&v))
}

#[cfg(test)]
mod nul_tests {
    use super::{has_encoded_nul, has_json_nul};

    #[test]
    fn nul_in_every_spelling_is_found() {
        assert!(has_encoded_nul(b"q=a%00b"));
        assert!(has_encoded_nul(b"q=a\0b"));
        assert!(!has_encoded_nul(b"q=100%25"));
        assert!(has_json_nul(br#"{"q":"a\u0000"}"#));
        assert!(has_json_nul(br#"{"list":[{"k\u0000":1}]}"#));
        // A backslash and the letters u0000 are text, not a NUL.
        assert!(!has_json_nul(br#"{"q":"a\\u0000"}"#));
        assert!(!has_json_nul(br#"{"q":"\u00e6"}"#));
        assert!(!has_json_nul(b"not json"));
    }
}
