//! Sessions, CSRF, throttling, cookies and security headers.

use crate::harness::{cookie_value, Auth, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

#[tokio::test]
async fn sessions_are_fresh_expire_and_end() {
    let app = TestApp::new().await;
    let a = app.login("cw").await;
    let b = app.login("cw").await;
    assert_ne!(a.cookie, b.cookie, "a new id at every login");
    assert_eq!(
        app.get("/forloeb", &Auth::Session(a.clone())).await.status,
        StatusCode::OK
    );

    // Logging in while carrying an old session cookie ends the old session.
    let page = app.get("/login", &Auth::None).await;
    let lc = cookie_value(&page.headers, "jobspor_login").unwrap();
    let form = serde_urlencoded::to_string([
        ("username", "cw"),
        ("password", crate::harness::PW),
        ("csrf", lc.as_str()),
    ])
    .unwrap();
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("jobspor_login={lc}; {}", a.cookie))
        .body(Body::from(form))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let set = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let session_cookie = set
        .iter()
        .find(|c| c.starts_with("jobspor_session="))
        .unwrap();
    for attr in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(session_cookie.contains(attr), "{attr} in {session_cookie}");
    }
    assert_eq!(
        app.get("/forloeb", &Auth::Session(a)).await.location(),
        "/login"
    );

    // Logout ends the session.
    assert_eq!(
        app.post_form("/logout", &b, &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get("/forloeb", &Auth::Session(b)).await.location(),
        "/login"
    );

    // Idle timeout: 30 minutes.
    let c = app.login("cw").await;
    app.age_sessions(29).await;
    assert_eq!(
        app.get("/forloeb", &Auth::Session(c.clone())).await.status,
        StatusCode::OK
    );
    app.age_sessions(31).await;
    assert_eq!(
        app.get("/forloeb", &Auth::Session(c)).await.location(),
        "/login"
    );

    // Absolute timeout: 10 hours, however active.
    let d = app.login("cw").await;
    let old = (chrono::Utc::now() - chrono::Duration::hours(11)).timestamp_micros();
    sqlx::query("UPDATE sessions SET created_at = $1")
        .bind(old)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        app.get("/forloeb", &Auth::Session(d)).await.location(),
        "/login"
    );

    // Administrators' sessions end sooner: after 15 idle minutes and 4
    // hours in all, where a caseworker's lasts on.
    let admin = app.login("admin").await;
    assert_eq!(
        app.get("/admin", &Auth::Session(admin.clone()))
            .await
            .status,
        StatusCode::OK
    );
    let cw = app.login("cw").await;
    app.age_sessions(16).await;
    assert_eq!(
        app.get("/forloeb", &Auth::Session(cw)).await.status,
        StatusCode::OK
    );
    let r = app.get("/admin", &Auth::Session(admin)).await;
    assert_eq!(r.location(), "/login", "{} {}", r.status, r.text());
    let admin = app.login("admin").await;
    let five_hours = (chrono::Utc::now() - chrono::Duration::hours(5)).timestamp_micros();
    sqlx::query("UPDATE sessions SET created_at = $1")
        .bind(five_hours)
        .execute(app.store.pool())
        .await
        .unwrap();
    let r = app.get("/admin", &Auth::Session(admin)).await;
    assert_eq!(r.location(), "/login", "{} {}", r.status, r.text());

    // Deactivating a user ends their sessions.
    let e = app.login("cw").await;
    let admin = app.login("admin").await;
    let cw = app.user("cw").await;
    let r = app
        .post_form(
            &format!("/admin/brugere/{}/aktiv", cw.id),
            &admin,
            &[("active", "0"), ("version", &cw.version.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        app.get("/forloeb", &Auth::Session(e)).await.location(),
        "/login"
    );
    assert!(!app.user("cw").await.active);
}

#[tokio::test]
async fn csrf_is_required_for_every_change_made_with_a_cookie() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let s = app.login("cw").await;
    let path = format!("/forloeb/{course}/historik");
    let no_token = app.post_form_raw(&path, Some(&s), &[("text", "hej")]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong = app
        .post_form_raw(&path, Some(&s), &[("csrf", "forkert"), ("text", "hej")])
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let right = app.post_form(&path, &s, &[("text", "hej")]).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    // The JSON API with a session cookie needs the header.
    let api = format!("/api/v1/courses/{course}/journal");
    let r = app
        .post_json(&api, &Auth::Session(s.clone()), &json!({"text": "x"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let req = Request::builder()
        .method(Method::POST)
        .uri(&api)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .body(Body::from(json!({"text": "x"}).to_string()))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::CREATED);
    // Logout and the login form are protected too.
    assert_eq!(
        app.post_form_raw("/logout", Some(&s), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let login = app
        .post_form_raw(
            "/login",
            None,
            &[
                ("username", "cw"),
                ("password", crate::harness::PW),
                ("csrf", "x"),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
}

/// A multipart body of `parts` (name, value), in order.
fn multipart(path: &str, cookie: &str, parts: &[(&str, &str)]) -> Request<Body> {
    let mut body = String::new();
    for (name, value) in parts {
        body.push_str(&format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str("--XyZ--\r\n");
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// Security finding 2: a multipart post to a handler that reads no upload
/// skipped the token. Now every multipart form needs it as its first part.
#[tokio::test]
async fn a_multipart_post_needs_the_token_whatever_the_handler_reads() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let s = app.login("cw").await;
    let journal = format!("/forloeb/{course}/historik");
    let entries = "SELECT COUNT(*) FROM journal_entries";
    let before = app.count(entries, &[]).await;
    for parts in [
        vec![("text", "hej")],
        vec![("csrf", "forkert"), ("text", "hej")],
        vec![("text", "hej"), ("csrf", s.csrf.as_str())],
        vec![],
    ] {
        let r = app.send(multipart(&journal, &s.cookie, &parts)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{parts:?}");
    }
    assert_eq!(app.count(entries, &[]).await, before);
    // Logging out by a multipart post without the token does not log out.
    let r = app.send(multipart("/logout", &s.cookie, &[])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/forloeb", &Auth::Session(s.clone())).await.status,
        StatusCode::OK
    );
    // A token in a part larger than the limit is not looked for forever.
    let huge = "x".repeat(64 * 1024);
    let r = app
        .send(multipart(
            &journal,
            &s.cookie,
            &[("pad", &huge), ("csrf", &s.csrf)],
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // With the token first, the handler is reached (it wants a plain form).
    let r = app
        .send(multipart(
            &journal,
            &s.cookie,
            &[("csrf", &s.csrf), ("text", "hej")],
        ))
        .await;
    assert_ne!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
}

#[tokio::test]
async fn throttling_without_user_enumeration() {
    let app = TestApp::new().await;
    let attempt = |user: &'static str, pw: &'static str| {
        let app = &app;
        async move {
            app.post_json(
                "/api/v1/auth/token",
                &Auth::None,
                &json!({"username": user, "password": pw}),
            )
            .await
        }
    };
    let known = attempt("cw", "wrong").await;
    let unknown = attempt("ghost", "wrong").await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(
        known.body, unknown.body,
        "the same answer for an unknown user"
    );
    for _ in 0..4 {
        attempt("cw", "wrong").await;
        attempt("ghost", "wrong").await;
    }
    assert_eq!(
        attempt("cw", "wrong").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt("ghost", "wrong").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Even the right password waits out the window; other accounts are unaffected.
    assert_eq!(
        attempt("cw", crate::harness::PW).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt("cw_team", crate::harness::PW).await.status,
        StatusCode::OK
    );
    // The login page answers alike for unknown and known users.
    let page = |u: &'static str| {
        let app = &app;
        async move {
            let p = app.get("/login", &Auth::None).await;
            let lc = cookie_value(&p.headers, "jobspor_login").unwrap();
            let form = serde_urlencoded::to_string([
                ("username", u),
                ("password", "nej"),
                ("csrf", lc.as_str()),
            ])
            .unwrap();
            let req = Request::builder()
                .method(Method::POST)
                .uri("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("jobspor_login={lc}"))
                .body(Body::from(form))
                .unwrap();
            app.send(req).await
        }
    };
    let a = page("cw_other").await;
    let b = page("nobody").await;
    assert_eq!(a.status, b.status);
    assert!(
        a.text().contains("Forkert brugernavn eller adgangskode")
            && b.text().contains("Forkert brugernavn eller adgangskode")
    );
}

#[tokio::test]
async fn security_headers_everywhere() {
    let app = TestApp::new().await;
    let s = app.login("cw").await;
    for (path, auth) in [
        ("/login", Auth::None),
        ("/forloeb", Auth::Session(s.clone())),
        ("/api/v1/courses", Auth::Session(s.clone())),
        ("/nope", Auth::None),
    ] {
        let r = app.get(path, &auth).await;
        let h = |n: &str| {
            r.headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let csp = h("content-security-policy");
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(h("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(h("cache-control"), "no-store", "{path}");
        assert!(
            h("strict-transport-security").is_empty(),
            "no HSTS without TLS"
        );
    }
    let css = app.get("/static/app.css", &Auth::None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css
        .headers
        .get("cache-control")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("public"));
    // HSTS when configured for TLS.
    let state = jobspor_web::AppState::new(
        std::sync::Arc::new(app.store.clone()),
        jobspor_web::WebConfig {
            hsts: true,
            ..Default::default()
        },
    );
    let tls = tower::ServiceExt::oneshot(
        jobspor_web::app(state),
        Request::builder()
            .uri("/login")
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(tls.headers().get("strict-transport-security").is_some());
}
