//! The second factor for local accounts (TOTP, RFC 6238): administrators and
//! managers set up an app at their first password login, give its code or a
//! recovery code afterwards, each code works once, and an administrator can
//! reset a lost phone.

use crate::harness::{cookie_value, Auth, Resp, TestApp, PW};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_domain::user::Role;
use jobspor_store::{NewUser, SecondFactorStore, UserStore};

async fn post_code(app: &TestApp, path: &str, challenge: &str, csrf: &str, code: &str) -> Resp {
    let form = serde_urlencoded::to_string([("csrf", csrf), ("code", code)]).unwrap();
    app.send(
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("jobspor_mfa={challenge}"))
            .body(Body::from(form))
            .unwrap(),
    )
    .await
}

async fn get_with(app: &TestApp, path: &str, challenge: &str) -> Resp {
    app.send(
        Request::builder()
            .uri(path)
            .header(header::COOKIE, format!("jobspor_mfa={challenge}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// A right password that leads to the code page; its challenge cookie.
async fn password(app: &TestApp, username: &str, expect: &str) -> String {
    let r = app.try_login(username).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), expect);
    assert!(cookie_value(&r.headers, "jobspor_session").is_none());
    cookie_value(&r.headers, "jobspor_mfa").expect("challenge cookie")
}

fn code_now(secret: &str, username: &str) -> String {
    let t = jobspor_web::auth::second_factor::totp(secret, username).unwrap();
    t.generate(u64::try_from(chrono::Utc::now().timestamp()).unwrap())
        .to_string()
}

#[tokio::test]
async fn an_administrator_sets_up_an_app_and_then_gives_its_code_or_a_recovery_code() {
    let app = TestApp::new().await;
    let hash = jobspor_web::auth::hash_password(PW).unwrap();
    let admin2 = app
        .store
        .create_user(
            &NewUser {
                municipality_id: app.m,
                username: "admin2".into(),
                display_name: "Anden Admin".into(),
                role: Role::Admin,
                profession: None,
                unit_id: None,
                team: None,
                password_hash: hash,
            },
            &[],
        )
        .await
        .unwrap();

    // No app yet: the password leads to setting one up, not to a session.
    let challenge = password(&app, "admin2", "/login/kode/ny").await;
    let page = get_with(&app, "/login/kode/ny", &challenge).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("data:image/svg+xml;base64,"));
    let secret = app
        .store
        .totp(admin2.id)
        .await
        .unwrap()
        .expect("a secret")
        .secret;
    // The page shows the same secret for typing in.
    let shown: String = secret
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(page.text().contains(&shown));
    // Reloading keeps the secret the app has scanned.
    get_with(&app, "/login/kode/ny", &challenge).await;
    assert_eq!(
        app.store.totp(admin2.id).await.unwrap().unwrap().secret,
        secret
    );

    // A wrong code, a code that is no code, and a forged form change nothing.
    for bad in ["000000", "12345", "abcdef"] {
        let r = post_code(&app, "/login/kode/ny", &challenge, &challenge, bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.text().contains("Koden passer ikke"));
    }
    let r = post_code(
        &app,
        "/login/kode/ny",
        &challenge,
        "forged",
        &code_now(&secret, "admin2"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!app.store.totp(admin2.id).await.unwrap().unwrap().confirmed);

    // The right code: the app is set up, the recovery codes are shown once,
    // and the session starts.
    let r = post_code(
        &app,
        "/login/kode/ny",
        &challenge,
        &challenge,
        &code_now(&secret, "admin2"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(cookie_value(&r.headers, "jobspor_session").is_some());
    let text = r.text();
    let codes: Vec<&str> = text
        .split(['<', '>'])
        .filter(|w| {
            w.len() == 11
                && w.as_bytes()[5] == b'-'
                && w.chars().all(|c| c == '-' || c.is_ascii_alphanumeric())
        })
        .collect();
    assert_eq!(codes.len(), 10, "{text}");
    assert_eq!(app.store.recovery_codes_left(admin2.id).await.unwrap(), 10);
    let set_up = "SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND object = $1";
    assert_eq!(
        app.count(set_up, &[&format!("user:{}:second_factor", admin2.id)])
            .await,
        1
    );
    // The same code does not work twice.
    let used = code_now(&secret, "admin2");
    let challenge = password(&app, "admin2", "/login/kode").await;
    let r = post_code(&app, "/login/kode", &challenge, &challenge, &used).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a code is good once");
    assert!(cookie_value(&r.headers, "jobspor_session").is_none());

    // A recovery code works once, in any case and with spaces.
    let recovery = codes[0].to_uppercase().replace('-', " ");
    let r = post_code(&app, "/login/kode", &challenge, &challenge, &recovery).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(cookie_value(&r.headers, "jobspor_session").is_some());
    assert_eq!(app.store.recovery_codes_left(admin2.id).await.unwrap(), 9);
    let challenge = password(&app, "admin2", "/login/kode").await;
    let r = post_code(&app, "/login/kode", &challenge, &challenge, codes[0]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // Five wrong codes use the challenge up: back to the password.
    for _ in 0..4 {
        post_code(&app, "/login/kode", &challenge, &challenge, "999999").await;
    }
    let r = post_code(&app, "/login/kode", &challenge, &challenge, "999999").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    assert_eq!(
        get_with(&app, "/login/kode", &challenge).await.location(),
        "/login"
    );
    assert_eq!(
        app.get("/login/kode", &Auth::None).await.location(),
        "/login"
    );
}

#[tokio::test]
async fn caseworkers_need_no_app_tokens_need_the_code_and_a_lost_phone_is_reset() {
    let app = TestApp::new().await;
    // A caseworker logs in with the password alone.
    let r = app.try_login("cw").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(cookie_value(&r.headers, "jobspor_session").is_some());

    // A manager's API token needs the code too.
    let r = app
        .post_json(
            "/api/v1/auth/token",
            &Auth::None,
            &serde_json::json!({"username": "manager", "password": PW}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "login_refused");
    let r = app
        .post_json(
            "/api/v1/auth/token",
            &Auth::None,
            &serde_json::json!({"username": "manager", "password": PW, "code": "000000"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let _ = app.token("manager").await;

    // The administrator resets the manager's app: the next login sets up a new one.
    let admin = app.login("admin").await;
    let manager = app.user("manager").await;
    let r = app
        .post_form(
            &format!("/admin/brugere/{}/to-trinslogin", manager.id),
            &admin,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.store.totp(manager.id).await.unwrap().is_none());
    let reset = "SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND object = $1";
    assert_eq!(
        app.count(reset, &[&format!("user:{}:second_factor", manager.id)])
            .await,
        1
    );
    password(&app, "manager", "/login/kode/ny").await;
    // Another municipality's user is not the administrator's to reset.
    let foreign = app.user("foreign").await;
    let r = app
        .post_form(
            &format!("/admin/brugere/{}/to-trinslogin", foreign.id),
            &admin,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Wrong codes count with wrong passwords: five, and the password is
    // refused for a while too.
    let challenge = password(&app, "admin", "/login/kode").await;
    for _ in 0..5 {
        let r = post_code(&app, "/login/kode", &challenge, &challenge, "000000").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.try_login("admin").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}
