//! Staff single sign-on through a real OpenID provider (`idp/server.mjs`):
//! the whole code flow with PKCE, the administrator's rules, and every way a
//! login is refused without creating anything.

use crate::harness::{cookie_value, Auth, Resp, TestApp};
use crate::idp::Idp;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_store::{IdentityStore, UserStore};
use jobspor_web::WebConfig;

pub(crate) async fn sso_app(idp: &Idp) -> TestApp {
    TestApp::with_config(WebConfig {
        public_url: "http://127.0.0.1:9".into(),
        staff_oidc: Some(idp.settings()),
        ..WebConfig::default()
    })
    .await
}

/// Starts a login at Jobspor: the provider's address and the browser cookie.
pub(crate) async fn start(app: &TestApp) -> (String, String) {
    let r = app.get("/auth/oidc/login?next=/forloeb", &Auth::None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let browser = cookie_value(&r.headers, "jobspor_oidc").expect("browser cookie");
    (r.location(), browser)
}

pub(crate) async fn callback(app: &TestApp, path: &str, browser: &str) -> Resp {
    app.send(
        Request::builder()
            .method(Method::GET)
            .uri(path)
            .header(header::COOKIE, format!("jobspor_oidc={browser}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// The whole login as `account` at the provider; Jobspor's last answer.
async fn sso_login(app: &TestApp, idp: &Idp, account: &str) -> Resp {
    let (url, browser) = start(app).await;
    let back = idp.authorize(&url, account).await;
    callback(app, &back, &browser).await
}

pub(crate) async fn add_rule(
    app: &TestApp,
    value: &str,
    role: &str,
    team: &str,
    create: bool,
) -> Resp {
    let admin = app.login("admin").await;
    let mut fields = vec![
        ("csrf", admin.csrf.as_str()),
        ("claim", "groups"),
        ("value", value),
        ("role", role),
        ("team", team),
    ];
    if create {
        fields.push(("create_users", "1"));
    }
    app.post_form("/admin/login/regler", &admin, &fields).await
}

pub(crate) fn refused(r: &Resp, says: &str) {
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(r.text().contains(says), "expected «{says}»: {}", r.text());
    assert!(cookie_value(&r.headers, "jobspor_session").is_none());
}

pub(crate) async fn users(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM users", &[]).await
}

#[tokio::test]
async fn staff_log_in_through_the_municipalitys_provider() {
    let idp = Idp::start(None);
    let app = sso_app(&idp).await;
    let page = app.get("/login", &Auth::None).await;
    assert!(page.text().contains("Log ind med kommunens login"));
    // Logging out is a form whose redirect goes on to the provider.
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(&format!("form-action 'self' {}", idp.issuer)),
        "{csp}"
    );
    let before = users(&app).await;

    // No rule yet: the provider's word alone gives no access.
    refused(&sso_login(&app, &idp, "sara").await, "giver ikke adgang");
    assert_eq!(users(&app).await, before);

    let r = add_rule(&app, "jobspor-sagsbehandlere", "caseworker", "Nord", true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = sso_login(&app, &idp, "sara").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/forloeb");
    assert_eq!(users(&app).await, before + 1);
    let (sara, _) = app
        .store
        .user_by_username("sara.sagsbehandler")
        .await
        .unwrap()
        .expect("created at the first login");
    assert_eq!(sara.display_name, "Sara Sagsbehandler");
    assert_eq!(sara.role, jobspor_domain::user::Role::Caseworker);
    assert_eq!(sara.team.as_deref(), Some("Nord"));
    let session = app.session_of(&r).await;
    let home = app.get("/forloeb", &Auth::Session(session.clone())).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("Sara Sagsbehandler"));
    let logins = "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND purpose = 'sso' AND user_id = $1";
    assert_eq!(app.count(logins, &[&sara.id.to_string()]).await, 1);
    // The user has no Jobspor password.
    assert_eq!(
        app.try_login("sara.sagsbehandler").await.status,
        StatusCode::UNAUTHORIZED
    );

    // The same subject again is the same user, with the role the rules give now.
    let admin = app.login("admin").await;
    let rule = app.store.claim_mappings(app.m).await.unwrap()[0]
        .id
        .to_string();
    let r = app
        .post_form(
            &format!("/admin/login/regler/{rule}/slet"),
            &admin,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    add_rule(&app, "jobspor-sagsbehandlere", "manager", "", true).await;
    let r = sso_login(&app, &idp, "sara").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(users(&app).await, before + 1);
    let now = app.store.user(sara.id).await.unwrap().unwrap();
    assert_eq!(now.role, jobspor_domain::user::Role::Manager);
    assert_eq!(now.team, None);
    assert_eq!(app.count(logins, &[&sara.id.to_string()]).await, 2);

    // Logging out ends the session at the provider too.
    let session = app.session_of(&r).await;
    let out = app
        .post_form("/logout", &session, &[("csrf", &session.csrf)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let to = out.location();
    assert!(to.starts_with(&idp.issuer), "{to}");
    assert!(to.contains("client_id=jobspor"), "{to}");
    assert!(
        to.contains("post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Flogin"),
        "{to}"
    );

    // Deactivation in Jobspor wins over a good login at the provider.
    let failed = "SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed' AND user_id = $1";
    let failed_before = app.count(failed, &[&sara.id.to_string()]).await;
    app.store
        .set_user_active(app.m, sara.id, false, now.version, &[])
        .await
        .unwrap();
    refused(&sso_login(&app, &idp, "sara").await, "lukket");
    assert_eq!(
        app.count(failed, &[&sara.id.to_string()]).await,
        failed_before + 1
    );
}

#[tokio::test]
async fn a_login_that_fails_any_check_is_refused_and_creates_nothing() {
    let idp = Idp::start(None);
    let app = sso_app(&idp).await;
    add_rule(&app, "jobspor-sagsbehandlere", "caseworker", "Nord", true).await;
    let before = users(&app).await;
    let sessions = app.count("SELECT COUNT(*) FROM sessions", &[]).await;

    // A forged state, and none at all.
    let (_, browser) = start(&app).await;
    let r = callback(&app, "/auth/oidc/callback?code=abc&state=forged", &browser).await;
    refused(&r, "Start forfra");
    refused(
        &callback(&app, "/auth/oidc/callback?code=abc", &browser).await,
        "Start forfra",
    );

    // The callback in another browser than the one that started the login.
    let (url, _) = start(&app).await;
    let back = idp.authorize(&url, "sara").await;
    refused(
        &callback(&app, &back, "another-browser").await,
        "anden browser",
    );

    // The provider ended the login.
    let (url, browser) = start(&app).await;
    let state = url
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("state="))
        .expect("state in the address");
    let r = callback(
        &app,
        &format!("/auth/oidc/callback?error=access_denied&state={state}"),
        &browser,
    )
    .await;
    refused(&r, "afbrudt");

    // ID tokens that fail a check: a wrong nonce, expired, for another
    // client, signed with a key the provider never published.
    for mode in ["nonce", "expired", "audience", "foreign-key"] {
        idp.mode(mode).await;
        let r = sso_login(&app, &idp, "sara").await;
        refused(&r, "kunne ikke godkendes");
    }
    idp.mode("normal").await;
    // A group that maps to no role.
    refused(&sso_login(&app, &idp, "ulla").await, "giver ikke adgang");
    assert_eq!(users(&app).await, before, "no refused login created a user");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions", &[]).await,
        sessions
    );

    // A callback used once is refused the second time.
    let (url, browser) = start(&app).await;
    let back = idp.authorize(&url, "sara").await;
    assert_eq!(
        callback(&app, &back, &browser).await.status,
        StatusCode::SEE_OTHER
    );
    refused(&callback(&app, &back, &browser).await, "Start forfra");
    assert_eq!(users(&app).await, before + 1);

    // The provider rotates its key: Jobspor reads the keys again and accepts.
    idp.mode("rotated").await;
    let r = sso_login(&app, &idp, "sara").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(users(&app).await, before + 1);
}

#[tokio::test]
async fn administrators_keep_the_rules_links_and_the_password_switch() {
    // Passwords cannot be switched off where the municipality's login is not set up.
    let plain = TestApp::new().await;
    let admin = plain.login("admin").await;
    let r = plain
        .post_form(
            "/admin/login/lokal",
            &admin,
            &[("csrf", &admin.csrf), ("allowed", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("ellers kunne ingen logge ind"));
    assert!(plain.store.local_login_allowed(plain.m).await.unwrap());

    let idp = Idp::start(None);
    let app = sso_app(&idp).await;
    let cw = app.login("cw").await;
    assert_eq!(
        app.get("/admin/login", &Auth::Session(cw)).await.status,
        StatusCode::NOT_FOUND
    );
    let admin = app.login("admin").await;
    let page = app.get("/admin/login", &Auth::Session(admin.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(&idp.issuer));

    // Bad rules are refused with a message and change nothing.
    for (value, role, team, says) in [
        ("", "caseworker", "", "Skriv oplysningens navn"),
        ("a\nb", "caseworker", "", "Skriv oplysningens navn"),
        ("x", "citizen", "", "medarbejderrollerne"),
        ("x", "overlord", "", "medarbejderrollerne"),
        ("x", "caseworker", &"t".repeat(61), "60 tegn"),
    ] {
        let r = add_rule(&app, value, role, team, true).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{value:?} {role}"
        );
        assert!(r.text().contains(says), "{says}: {}", r.text());
    }
    assert!(app.store.claim_mappings(app.m).await.unwrap().is_empty());
    assert_eq!(
        add_rule(&app, "jobspor-sagsbehandlere", "caseworker", "", false)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let r = add_rule(&app, "jobspor-sagsbehandlere", "manager", "", true).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("har allerede en regel"));
    assert_eq!(app.store.claim_mappings(app.m).await.unwrap().len(), 1);

    // A rule that creates nobody: an unlinked login is refused; a linked one
    // is the existing user.
    let before = users(&app).await;
    refused(
        &sso_login(&app, &idp, "sara").await,
        "ikke oprettet i Jobspor",
    );
    let cw_user = app.user("cw").await;
    let link = |user: String, subject: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            app.post_form(
                "/admin/login/koblinger",
                &admin,
                &[
                    ("csrf", &admin.csrf),
                    ("user_id", &user),
                    ("subject", subject),
                ],
            )
            .await
        }
    };
    assert_eq!(
        link("not-a-user".into(), "sara").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let foreign = app.user("foreign").await.id.to_string();
    assert_eq!(
        link(foreign, "sara").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        link(cw_user.id.to_string(), "sara").await.status,
        StatusCode::SEE_OTHER
    );
    let r = link(app.user("cw_team").await.id.to_string(), "sara").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = sso_login(&app, &idp, "sara").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let s = app.session_of(&r).await;
    let me = app.get("/api/v1/me", &Auth::Session(s)).await;
    assert_eq!(me.json()["username"], "cw");
    assert_eq!(users(&app).await, before);

    // Passwords off: refused for this municipality only, and on again.
    let switch = |allowed: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            app.post_form(
                "/admin/login/lokal",
                &admin,
                &[("csrf", &admin.csrf), ("allowed", allowed)],
            )
            .await
        }
    };
    assert_eq!(switch("0").await.status, StatusCode::SEE_OTHER);
    let r = app.try_login("cw").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("bruger sit eget login"));
    assert!(cookie_value(&r.headers, "jobspor_session").is_none());
    assert_eq!(app.try_login("foreign").await.status, StatusCode::SEE_OTHER);
    // Nor does a password get an API token.
    let r = app
        .post_json(
            "/api/v1/auth/token",
            &Auth::None,
            &serde_json::json!({"username": "cw", "password": crate::harness::PW}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "login_refused");
    // The municipality's login still works.
    assert_eq!(
        sso_login(&app, &idp, "sara").await.status,
        StatusCode::SEE_OTHER
    );
    // The administrator's session from before goes on; a new one is through the provider.
    assert_eq!(switch("1").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.try_login("cw").await.status, StatusCode::SEE_OTHER);
}
