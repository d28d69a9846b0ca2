//! The citizen's door, "Min plan": login through a real OpenID provider
//! shaped like a NemLog-in broker (CPR number and level of assurance in the
//! ID token), a session of the citizen's own that reaches no staff page or
//! API, the plan in plain words, and the access log with the citizen's own
//! reads in it. Every refused login creates nothing.

use crate::harness::{cookie_value, Auth, Resp, TestApp};
use crate::idp::Idp;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_web::auth::oidc::OidcSettings;
use jobspor_web::WebConfig;

pub(crate) const CPR: &str = "0101901234";
const LOA: &str = "https://data.gov.dk/concept/core/nsis/loa";
const CPR_CLAIM: &str = "https://data.gov.dk/model/core/eid/cprNumber";

pub(crate) fn accounts() -> String {
    let citizen = |cpr: Option<&str>, loa: Option<&str>| {
        let mut a = serde_json::json!({"name": "Borger"});
        if let Some(c) = cpr {
            a[CPR_CLAIM] = c.into();
        }
        if let Some(l) = loa {
            a[LOA] = format!("{LOA}/{l}").into();
        }
        a
    };
    serde_json::json!({
        "borger": citizen(Some(CPR), Some("Substantial")),
        "borger-high": citizen(Some(CPR), Some("High")),
        "low": citizen(Some(CPR), Some("Low")),
        "no-loa": citizen(Some(CPR), None),
        "no-cpr": citizen(None, Some("Substantial")),
        "stranger": citizen(Some("0202802345"), Some("Substantial")),
    })
    .to_string()
}

pub(crate) async fn citizen_app(idp: &Idp) -> TestApp {
    TestApp::with_config(WebConfig {
        public_url: "http://127.0.0.1:9".into(),
        citizen_oidc: Some(OidcSettings {
            issuer: idp.issuer.clone(),
            client_id: "jobspor-borger".into(),
            client_secret: "jobspor-borger-demo-secret".into(),
        }),
        ..WebConfig::default()
    })
    .await
}

pub(crate) async fn with_cookie(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    body: &str,
) -> Resp {
    app.send(
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

/// The whole login as `account`; Jobspor's answer to the callback.
async fn citizen_login(app: &TestApp, idp: &Idp, account: &str) -> Resp {
    let r = app.get("/borger/login", &Auth::None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let browser = cookie_value(&r.headers, "jobspor_oidc").expect("browser cookie");
    let back = idp.authorize(&r.location(), account).await;
    assert!(back.starts_with("/borger/login/callback"), "{back}");
    with_cookie(
        app,
        Method::GET,
        &back,
        &format!("jobspor_oidc={browser}"),
        "",
    )
    .await
}

/// A citizen logged in as "borger": the session cookie, Min plan as it
/// opens, and the page's form token.
pub(crate) struct LoggedIn {
    pub cookie: String,
    pub page: String,
    pub csrf: String,
}

pub(crate) async fn logged_in(app: &TestApp, idp: &Idp) -> LoggedIn {
    let r = citizen_login(app, idp, "borger").await;
    let cookie = format!(
        "jobspor_borger={}",
        cookie_value(&r.headers, "jobspor_borger").unwrap()
    );
    let page = with_cookie(app, Method::GET, "/borger", &cookie, "")
        .await
        .text();
    let csrf = form_token(&page);
    LoggedIn { cookie, page, csrf }
}

/// The form token on a page of Min plan.
pub(crate) fn form_token(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The caseworker records the citizen's consent for `unit`; its id.
pub(crate) async fn consent(
    app: &TestApp,
    t: &Auth,
    course: &str,
    unit: jobspor_domain::UnitId,
) -> String {
    let iso = crate::plan::iso;
    let r = app
        .post_json(
            &format!("/api/v1/courses/{course}/consents"),
            t,
            &serde_json::json!({"unit_id": unit.to_string(), "scope": "Mål og datoer", "purpose": "Indsatser",
                "valid_from": iso(0), "valid_to": iso(365), "method": "digital"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_string()
}

/// The caseworker puts the intervention on the plan from `start` days from
/// today; the id of the (only) placement.
pub(crate) async fn placement(
    app: &TestApp,
    t: &Auth,
    course: &str,
    intervention: jobspor_domain::InterventionId,
    start: i64,
) -> String {
    let iso = crate::plan::iso;
    let r = app
        .post_json(
            &format!("/api/v1/courses/{course}/plan/placements"),
            t,
            &serde_json::json!({"version": 0, "intervention_id": intervention.to_string(), "goal": "Kan arbejde 10 timer",
                "start_date": iso(start), "end_date": iso(90), "first_measurement": iso(14)}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    sqlx::query_scalar("SELECT id FROM placements")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_citizen_logs_in_with_mitid_and_sees_the_plan_and_who_has_seen_it() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let (cid, _) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    // The door before login.
    let door = app.get("/borger", &Auth::None).await;
    assert_eq!(door.status, StatusCode::OK);
    assert!(door.text().contains("Log ind med MitID"));

    let r = citizen_login(&app, &idp, "borger").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/borger");
    let secret = cookie_value(&r.headers, "jobspor_borger").expect("citizen session");
    assert!(cookie_value(&r.headers, "jobspor_session").is_none());
    let set = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(
        set.iter()
            .any(|c| c.starts_with("jobspor_borger=") && c.contains("Path=/borger")),
        "{set:?}"
    );
    let cookie = format!("jobspor_borger={secret}");

    let page = with_cookie(&app, Method::GET, "/borger", &cookie, "").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Bo Borgersen"));
    assert!(text.contains("Hvem har set mine oplysninger"));
    // The caseworker's work is in the log, and so are the citizen's own login and read.
    assert!(text.contains("Sagsbehandler"), "{text}");
    assert!(text.contains("Dig selv"));
    let own =
        "SELECT COUNT(*) FROM audit_log WHERE citizen_id = $1 AND role = 'citizen' AND action = $2";
    assert_eq!(app.count(own, &[&cid, "login"]).await, 1);
    assert_eq!(app.count(own, &[&cid, "read"]).await, 1);
    // Arabic, right to left.
    let r = with_cookie(&app, Method::GET, "/borger/sprog/ar", &cookie, "").await;
    let lang = cookie_value(&r.headers, "borger_lang").unwrap();
    let ar = with_cookie(
        &app,
        Method::GET,
        "/borger",
        &format!("{cookie}; borger_lang={lang}"),
        "",
    )
    .await;
    assert!(ar.text().contains("dir=\"rtl\""));
    assert!(ar.text().contains("خطتي"));
    assert_eq!(
        with_cookie(&app, Method::GET, "/borger/sprog/xx", &cookie, "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The citizen's session reaches no staff page or API.
    let staff = with_cookie(&app, Method::GET, "/forloeb", &cookie, "").await;
    assert_eq!(staff.status, StatusCode::SEE_OTHER);
    assert!(staff.location().starts_with("/login"));
    let api = with_cookie(&app, Method::GET, "/api/v1/me", &cookie, "").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);

    // Logging out needs the session's token, and ends it.
    let csrf = form_token(&text);
    let r = with_cookie(&app, Method::POST, "/borger/logout", &cookie, "csrf=forged").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = with_cookie(
        &app,
        Method::POST,
        "/borger/logout",
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with(&idp.issuer), "{}", r.location());
    let after = with_cookie(&app, Method::GET, "/borger", &cookie, "").await;
    assert!(after.text().contains("Log ind med MitID"));

    // High assurance is more than enough.
    assert_eq!(
        citizen_login(&app, &idp, "borger-high").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_citizen_login_without_enough_assurance_or_a_known_cpr_is_refused() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let sessions = "SELECT COUNT(*) FROM citizen_sessions";
    for (account, says) in [
        ("low", "MitID på mindst betydeligt niveau"),
        ("no-loa", "MitID på mindst betydeligt niveau"),
        ("no-cpr", "kan ikke finde dig"),
        ("stranger", "kan ikke finde dig"),
    ] {
        let r = citizen_login(&app, &idp, account).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{account}: {}", r.text());
        assert!(r.text().contains(says), "{account}: {}", r.text());
        // The citizen's own page, with the way back to the door.
        assert!(r.text().contains("class=\"citizen\""), "{}", r.text());
        assert!(r.text().contains("href=\"/borger\""));
        assert!(cookie_value(&r.headers, "jobspor_borger").is_none());
    }
    assert_eq!(app.count(sessions, &[]).await, 0);
    // A staff callback's state is no citizen's, and the other way round;
    // the refusal speaks the citizen's chosen language.
    let r = with_cookie(
        &app,
        Method::GET,
        "/borger/login/callback?code=x&state=forged",
        "jobspor_oidc=x; borger_lang=ar",
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("dir=\"rtl\""), "{}", r.text());
    assert!(r.text().contains("تعذّر إكمال تسجيل الدخول"));
    // Without a configured broker the door says so and the login is not there.
    let plain = TestApp::new().await;
    assert!(plain
        .get("/borger", &Auth::None)
        .await
        .text()
        .contains("ikke sat login med MitID op"));
    assert_eq!(
        plain.get("/borger/login", &Auth::None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_citizen_withdraws_a_consent_and_it_takes_effect_at_once() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let (_, k) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let (_, other_k) = app
        .citizen_with_course("cw", "0303703456", "Anden Borger")
        .await;
    let t = app.token("cw").await;
    let ids = [
        consent(&app, &t, &k, sc).await,
        consent(&app, &t, &other_k, sc).await,
    ];
    let LoggedIn { cookie, page, csrf } = logged_in(&app, &idp).await;
    assert!(page.contains("Sundhedscenter"));
    assert!(page.contains("Træk samtykket tilbage"));
    let revoke = |id: &str| format!("/borger/samtykker/{id}/tilbagekald");

    // A forged form, and another citizen's consent, change nothing.
    let r = with_cookie(&app, Method::POST, &revoke(&ids[0]), &cookie, "csrf=forged").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = with_cookie(
        &app,
        Method::POST,
        &revoke(&ids[1]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = with_cookie(
        &app,
        Method::POST,
        &revoke("not-an-id"),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let open = "SELECT COUNT(*) FROM consents WHERE revoked_at IS NULL";
    assert_eq!(app.count(open, &[]).await, 2);

    let r = with_cookie(
        &app,
        Method::POST,
        &revoke(&ids[0]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count(open, &[]).await, 1);
    let by_citizen = "SELECT COUNT(*) FROM audit_log WHERE role = 'citizen' AND action = 'update' AND object = $1";
    assert_eq!(
        app.count(by_citizen, &[&format!("consent:{}:revoked", ids[0])])
            .await,
        1
    );
    let revoked_by = "SELECT COUNT(*) FROM consents WHERE id = $1 AND revoked_at IS NOT NULL AND revoked_by IS NULL";
    assert_eq!(app.count(revoked_by, &[&ids[0]]).await, 1);
    // Once only; the page now says when.
    let r = with_cookie(
        &app,
        Method::POST,
        &revoke(&ids[0]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let page = with_cookie(&app, Method::GET, "/borger", &cookie, "")
        .await
        .text();
    assert!(page.contains("Trukket tilbage den"));
    // The caseworker sees it revoked through the API at once.
    let list = app.get(&format!("/api/v1/courses/{k}/consents"), &t).await;
    assert!(
        list.json()["items"][0]["revoked_at"].is_string(),
        "{}",
        list.text()
    );
}

#[tokio::test]
async fn the_citizen_answers_each_part_of_the_plan_and_the_caseworker_sees_it() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let ips = crate::plan::intervention(&app, "IPS", sc, 3).await;
    let (_, k) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let t = app.token("cw").await;
    consent(&app, &t, &k, sc).await;
    let pid = placement(&app, &t, &k, ips, 1).await;
    let placements: String = app
        .count("SELECT COUNT(*) FROM placements", &[])
        .await
        .to_string();
    assert_eq!(placements, "1");

    let LoggedIn { cookie, page, csrf } = logged_in(&app, &idp).await;
    assert!(page.contains("Er du enig i denne del af planen?"));
    let answer = format!("/borger/plan/{pid}/svar");
    let form = |choice: &str, comment: &str| {
        serde_urlencoded::to_string([
            ("csrf", csrf.as_str()),
            ("choice", choice),
            ("comment", comment),
        ])
        .unwrap()
    };
    let answers = "SELECT COUNT(*) FROM plan_responses";

    // Bad answers are shown again as typed, with a message, and change nothing.
    let long = "å".repeat(1001);
    for (choice, comment, says) in [
        ("", "   ", "skriv en kommentar"),
        ("maybe", "Hvad?", "skriv en kommentar"),
        ("agree", long.as_str(), "1000 tegn"),
    ] {
        let r = with_cookie(&app, Method::POST, &answer, &cookie, &form(choice, comment)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{choice}");
        assert!(r.text().contains(says), "{says}");
        if comment == "Hvad?" {
            assert!(
                r.text().contains(">Hvad?</textarea>"),
                "the typed text is kept"
            );
        }
    }
    let r = with_cookie(
        &app,
        Method::POST,
        &answer,
        &cookie,
        "csrf=forged&choice=agree",
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = with_cookie(
        &app,
        Method::POST,
        "/borger/plan/not-an-id/svar",
        &cookie,
        &form("agree", ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count(answers, &[]).await, 0);

    // Disagreeing with a comment; then changing one's mind.
    let r = with_cookie(
        &app,
        Method::POST,
        &answer,
        &cookie,
        &form("disagree", "Jeg kan først om to uger"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let cw = app.login("cw").await;
    let plan = app
        .get(
            &format!("/forloeb/{k}/indsatsplan"),
            &Auth::Session(cw.clone()),
        )
        .await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.text());
    assert!(plan.text().contains("Ikke enig"));
    assert!(plan.text().contains("Jeg kan først om to uger"));
    let r = with_cookie(&app, Method::POST, &answer, &cookie, &form("agree", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count(answers, &[]).await, 1);
    let plan = app
        .get(&format!("/forloeb/{k}/indsatsplan"), &Auth::Session(cw))
        .await;
    assert!(plan.text().contains("Enig"));
    assert!(!plan.text().contains("Jeg kan først om to uger"));
    let own = "SELECT COUNT(*) FROM audit_log WHERE role = 'citizen' AND action = 'update' AND object = $1";
    assert_eq!(
        app.count(own, &[&format!("placement:{pid}:answer")]).await,
        2
    );
    // The caseworker is told, by name, with the way to the plan; a refused
    // answer told nobody.
    let notices = "SELECT COUNT(*) FROM user_notices WHERE kind = 'plan_answer' AND course_id = $1";
    assert_eq!(app.count(notices, &[&k]).await, 2);
    let cw = app.login("cw").await;
    let inbox = app.get("/frister", &Auth::Session(cw)).await.text();
    assert!(
        inbox.contains("Bo Borgersen har svaret på sin plan i Min plan"),
        "{inbox}"
    );
    assert!(inbox.contains(&format!("href=\"/forloeb/{k}/indsatsplan\"")));
    // The citizen's page shows the answer chosen.
    let page = with_cookie(&app, Method::GET, "/borger", &cookie, "")
        .await
        .text();
    assert!(page.contains("value=\"agree\" checked"));
}

#[tokio::test]
async fn the_citizen_rates_their_own_goals_when_logged_in_and_sees_the_series() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let ips = crate::plan::intervention(&app, "IPS", sc, 3).await;
    let (_, k) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let t = app.token("cw").await;
    consent(&app, &t, &k, sc).await;
    let pid = placement(&app, &t, &k, ips, 0).await;
    let udf = app.token("fys_udf").await;
    let r = app
        .post_json(
            &format!("/api/v1/placements/{pid}/goals"),
            &udf,
            &serde_json::json!({"style": "psfs", "question": "Hvor godt kan du gå i dag?", "interval_days": 14,
                "baseline_citizen": 2, "baseline_provider": 3}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let g = r.json()["id"].as_str().unwrap().to_string();

    let LoggedIn { cookie, page, csrf } = logged_in(&app, &idp).await;
    assert!(page.contains("Hvor godt kan du gå i dag?"));
    let rate = format!("/borger/maal/{g}/vurdering");
    let own = "SELECT COUNT(*) FROM measurements WHERE goal_id = $1 AND rater = 'citizen' AND channel = 'min_plan'";

    // Off the scale, no value, or forged: refused, nothing saved.
    for bad in ["11", "-1", "", "syv"] {
        let r = with_cookie(
            &app,
            Method::POST,
            &rate,
            &cookie,
            &format!("csrf={csrf}&value={bad}"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(r.text().contains("Vælg et tal på skalaen"));
    }
    let r = with_cookie(&app, Method::POST, &rate, &cookie, "csrf=forged&value=5").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = with_cookie(
        &app,
        Method::POST,
        "/borger/maal/not-a-goal/vurdering",
        &cookie,
        &format!("csrf={csrf}&value=5"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count(own, &[&g]).await, 0);

    let r = with_cookie(
        &app,
        Method::POST,
        &rate,
        &cookie,
        &format!("csrf={csrf}&value=6"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(app.count(own, &[&g]).await, 1);
    let page = with_cookie(&app, Method::GET, "/borger", &cookie, "")
        .await
        .text();
    // The series holds the baseline the citizen gave and today's rating.
    assert!(page.contains(": 2</li>"), "{page}");
    assert!(page.contains(": 6</li>"));
    assert!(page.contains("value=\"6\" checked"));
    let audited = "SELECT COUNT(*) FROM audit_log WHERE role = 'citizen' AND action = 'create' AND object = $1";
    assert_eq!(app.count(audited, &[&format!("goal:{g}:rating")]).await, 1);
}

#[tokio::test]
async fn the_citizen_sees_upcoming_conversations_with_when_where_and_whom() {
    use jobspor_domain::conference::Booking;
    use jobspor_store::ConferenceStore;
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let (_, k) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let psych = app.user("psych").await;
    let cw = app.user("cw").await;
    let now = chrono::Utc::now();
    for (days, place) in [(2, "Jobcentret, lokale 2"), (-2, "Det gamle lokale")] {
        let b = Booking {
            id: jobspor_domain::BookingId::new(),
            municipality_id: app.m,
            course_id: k.parse().unwrap(),
            professional_id: psych.id,
            starts_at: now + chrono::Duration::days(days),
            minutes: 45,
            location: place.into(),
            created_by: cw.id,
            created_at: now,
        };
        app.store.book(&b, false, &[]).await.unwrap();
    }
    let LoggedIn { page, .. } = logged_in(&app, &idp).await;
    assert!(page.contains("Mine aftaler"));
    assert!(page.contains("Samtale (45 minutter)"), "{page}");
    assert!(page.contains("psych Testesen"));
    assert!(page.contains("Jobcentret, lokale 2"));
    assert!(
        !page.contains("Det gamle lokale"),
        "past conversations are not upcoming"
    );
}
