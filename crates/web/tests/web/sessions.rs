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

/// A token request from `peer` (optionally through a proxy's header).
fn token_request(user: &str, pw: &str, forwarded: Option<&str>) -> Request<Body> {
    let mut b = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/token")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(f) = forwarded {
        b = b.header("x-forwarded-for", f);
    }
    b.body(Body::from(
        json!({"username": user, "password": pw}).to_string(),
    ))
    .unwrap()
}

/// Security finding 5: whitespace bypassed the per-account lockout, and 30
/// failures from one address locked out everyone behind it.
#[tokio::test]
async fn login_throttling_counts_the_account_from_each_address() {
    let app = TestApp::new().await;
    let try_from = |user: &'static str, pw: &'static str, peer: &'static str| {
        let app = &app;
        async move {
            app.send_from(token_request(user, pw, None), peer)
                .await
                .status
        }
    };
    let pw = crate::harness::PW;
    // The same account however it is typed.
    for typed in [" cw", "cw ", "CW", "\tcw", " Cw "] {
        assert_eq!(
            try_from(typed, "wrong", "10.0.0.1").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        try_from("cw", pw, "10.0.0.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // From another address the account is not locked.
    assert_eq!(try_from("cw", pw, "10.0.0.2").await, StatusCode::OK);
    // Forty colleagues' typos behind one proxy lock nobody else out.
    let names: Vec<&'static str> = (0..40)
        .map(|i| &*Box::leak(format!("kollega{i}").into_boxed_str()))
        .collect();
    for n in &names {
        try_from(n, "wrong", "10.0.0.3").await;
    }
    assert_eq!(try_from("cw_team", pw, "10.0.0.3").await, StatusCode::OK);
}

#[tokio::test]
async fn an_account_guessed_from_many_addresses_locks_until_an_administrator_unlocks_it() {
    let app = TestApp::new().await;
    for i in 0..jobspor_web::auth::throttle::MAX_PER_ACCOUNT {
        let peer = format!("10.1.{}.{}", i / 200, i % 200 + 1);
        let r = app
            .send_from(token_request("cw", "wrong", None), &peer)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let pw = crate::harness::PW;
    let fresh = app
        .send_from(token_request("cw", pw, None), "192.0.2.1")
        .await;
    assert_eq!(fresh.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(fresh.text().contains("administrator"), "{}", fresh.text());
    let admin = app.login("admin").await;
    let page = app
        .get("/admin", &Auth::Session(admin.clone()))
        .await
        .text();
    assert!(
        page.contains("Låst efter for mange fejlede login"),
        "{page}"
    );
    let cw = app.user("cw").await;
    let r = app
        .post_form(&format!("/admin/brugere/{}/laas-op", cw.id), &admin, &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let unlocked = "SELECT COUNT(*) FROM audit_log WHERE object = $1";
    assert_eq!(
        app.count(unlocked, &[&format!("user:{}:unlocked", cw.id)])
            .await,
        1
    );
    let r = app
        .send_from(token_request("cw", pw, None), "192.0.2.1")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Only an administrator unlocks.
    let other = app.login("cw_team").await;
    let r = app
        .post_form(&format!("/admin/brugere/{}/laas-op", cw.id), &other, &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    let app = TestApp::with_config(jobspor_web::WebConfig {
        trusted_proxies: vec!["10.9.9.9".parse().unwrap()],
        login_failure_floor: std::time::Duration::ZERO,
        ..jobspor_web::WebConfig::default()
    })
    .await;
    let pw = crate::harness::PW;
    for _ in 0..5 {
        let r = app
            .send_from(
                token_request("cw", "wrong", Some("203.0.113.7")),
                "10.9.9.9",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // The proxy's client is locked; another client behind it is not.
    let same = token_request("cw", pw, Some("203.0.113.7"));
    assert_eq!(
        app.send_from(same, "10.9.9.9").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let other = token_request("cw", pw, Some("203.0.113.8"));
    assert_eq!(
        app.send_from(other, "10.9.9.9").await.status,
        StatusCode::OK
    );
    // An untrusted peer's header is not believed: it counts as itself.
    for _ in 0..5 {
        let r = token_request("cw_team", "wrong", Some("198.51.100.1"));
        app.send_from(r, "10.5.5.5").await;
    }
    let r = token_request("cw_team", pw, Some("198.51.100.2"));
    assert_eq!(
        app.send_from(r, "10.5.5.5").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn every_failed_login_takes_at_least_the_floor() {
    let floor = std::time::Duration::from_millis(300);
    let app = TestApp::with_config(jobspor_web::WebConfig {
        login_failure_floor: floor,
        ..jobspor_web::WebConfig::default()
    })
    .await;
    // An unknown user, a wrong password (audited), a deactivated user.
    let cw = app.user("cw_other").await;
    sqlx::query("UPDATE users SET active = 0 WHERE id = $1")
        .bind(cw.id.to_string())
        .execute(app.store.pool())
        .await
        .unwrap();
    for (user, pw) in [
        ("ghost", "wrong"),
        ("cw", "wrong"),
        ("cw_other", crate::harness::PW),
    ] {
        let started = std::time::Instant::now();
        let r = app
            .send_from(token_request(user, pw, None), "10.0.0.9")
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{user}");
        assert!(started.elapsed() >= floor, "{user} answered early");
    }
}
