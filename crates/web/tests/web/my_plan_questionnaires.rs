//! Questionnaires waiting for the citizen, answered from Min plan: listed
//! while their link is open, opened by the session (never by a token),
//! every form checked against the session's token, every view audited as
//! the citizen's own, and nobody else's questionnaire reachable.

use crate::harness::{Auth, TestApp};
use crate::idp::Idp;
use crate::my_plan::{accounts, citizen_app, logged_in, with_cookie, LoggedIn, CPR};
use crate::screening::{oempsq_id, PAGE1, PAGE2, PAGE3};
use axum::http::{Method, StatusCode};

/// The caseworker sends the citizen a questionnaire link; the response's id.
async fn send_link(app: &TestApp, cid: &str) -> String {
    let t = app.token("cw").await;
    let r = app
        .post_json(
            &format!("/api/v1/citizens/{cid}/screenings"),
            &t,
            &serde_json::json!({"definition_id": oempsq_id(app).await, "channel": "link", "language": "da"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_string()
}

fn form(csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    serde_urlencoded::to_string(all).unwrap()
}

#[tokio::test]
async fn a_citizen_answers_a_waiting_questionnaire_in_min_plan() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let (cid, _) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let (other, _) = app
        .citizen_with_course("cw", "0202802345", "Anden Borger")
        .await;
    let sid = send_link(&app, &cid).await;
    let others = send_link(&app, &other).await;
    let base = format!("/borger/skema/{sid}");

    // Not logged in: the questionnaire's pages lead to the door.
    let r = app.get(&base, &Auth::None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/borger");

    let LoggedIn { cookie, page, csrf } = logged_in(&app, &idp).await;
    assert!(page.contains("Spørgeskemaer til dig"), "{page}");
    assert!(page.contains(&format!("href=\"{base}\"")), "{page}");
    assert!(
        !page.contains(&others),
        "another citizen's questionnaire is listed"
    );
    let get = |path: String| {
        let (app, cookie) = (&app, cookie.clone());
        async move { with_cookie(app, Method::GET, &path, &cookie, "").await }
    };
    let post = |path: String, body: String| {
        let (app, cookie) = (&app, cookie.clone());
        async move { with_cookie(app, Method::POST, &path, &cookie, &body).await }
    };

    let intro = get(base.clone()).await;
    assert_eq!(intro.status, StatusCode::OK, "{}", intro.text());
    assert!(intro.text().contains(&format!("{base}/side/1")));
    assert!(!intro.text().contains("/s/"), "no token is shown");
    // Its language chooser sets Min plan's language and comes back; a
    // language the questionnaire lacks changes nothing.
    let r = get(format!("{base}/sprog/en")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), base);
    let lang = crate::harness::cookie_value(&r.headers, "borger_lang").expect("language cookie");
    assert_eq!(lang, "en");
    let r = get(format!("{base}/sprog/xx")).await;
    assert!(crate::harness::cookie_value(&r.headers, "borger_lang").is_none());
    let english = with_cookie(
        &app,
        Method::GET,
        &base,
        &format!("{cookie}; borger_lang=en"),
        "",
    )
    .await;
    assert!(english.text().contains("lang=\"en\""), "{}", english.text());

    // A form without the session's token, or with a forged one, is refused
    // and saves nothing.
    let page1 = format!("{base}/side/1");
    let body = serde_urlencoded::to_string(PAGE1).unwrap();
    assert_eq!(
        post(page1.clone(), body).await.status,
        StatusCode::FORBIDDEN
    );
    let forged = post(page1.clone(), form("forged", PAGE1)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let saved = "SELECT COUNT(*) FROM questionnaire_responses WHERE id = $1 AND answers <> '{}'";
    assert_eq!(app.count(saved, &[&sid]).await, 0);

    // A bad answer comes back as typed, with its message; nothing is saved.
    let bad = post(
        page1.clone(),
        form(&csrf, &[("q1_duration", "d3"), ("q2_pain", "11")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("name=\"csrf\""),
        "the form keeps its token"
    );
    assert_eq!(app.count(saved, &[&sid]).await, 0);

    // Page by page, the review, and submit.
    let r = post(page1, form(&csrf, PAGE1)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), format!("{base}/side/2"));
    assert_eq!(app.count(saved, &[&sid]).await, 1);
    let r = post(format!("{base}/side/2"), form(&csrf, PAGE2)).await;
    assert_eq!(r.location(), format!("{base}/side/3"));
    let r = post(format!("{base}/side/3"), form(&csrf, PAGE3)).await;
    assert_eq!(r.location(), format!("{base}/oversigt"));
    let review = get(format!("{base}/oversigt")).await;
    assert_eq!(review.status, StatusCode::OK);
    let send = format!("{base}/indsend");
    assert_eq!(
        post(send.clone(), "csrf=forged".into()).await.status,
        StatusCode::FORBIDDEN
    );
    let r = post(send, form(&csrf, &[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), format!("{base}/tak"));
    let thanks = get(format!("{base}/tak")).await;
    assert!(thanks.text().contains("Tilbage til Min plan"));
    let submitted =
        "SELECT COUNT(*) FROM questionnaire_responses WHERE id = $1 AND status = 'submitted'";
    assert_eq!(app.count(submitted, &[&sid]).await, 1);

    // Done: no longer waiting, and the citizen's own doing in the audit log.
    let after = get("/borger".into()).await.text();
    assert!(
        !after.contains(&base),
        "a submitted questionnaire still waits"
    );
    assert!(after.contains("Der er ingen spørgeskemaer til dig lige nu."));
    let own = "SELECT COUNT(*) FROM audit_log WHERE role = 'citizen' AND object LIKE $1 AND username = $2";
    let pattern = format!("screening:{sid}%");
    assert!(app.count(own, &[&pattern, "borger via min plan"]).await >= 4);
    assert!(
        app.count(own, &[&pattern, "borger"]).await >= 2,
        "views are audited"
    );

    // Nobody else's questionnaire, and nothing that is not an id.
    for path in [
        format!("/borger/skema/{others}"),
        "/borger/skema/not-an-id".into(),
        format!("/borger/skema/{}", uuid::Uuid::new_v4()),
    ] {
        let r = get(path.clone()).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.text().contains("Anden Borger"));
    }
    let theirs = post(format!("/borger/skema/{others}/side/1"), form(&csrf, PAGE1)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count(saved, &[&others]).await, 0);
}

#[tokio::test]
async fn a_revoked_questionnaire_is_neither_listed_nor_opened() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let (cid, _) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let sid = send_link(&app, &cid).await;
    let t = app.token("cw").await;
    let r = app
        .post_json(
            &format!("/api/v1/screenings/{sid}/links/revoke"),
            &t,
            &serde_json::json!({}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());

    let LoggedIn { cookie, page, csrf } = logged_in(&app, &idp).await;
    assert!(!page.contains(&sid), "a revoked questionnaire is listed");
    let base = format!("/borger/skema/{sid}");
    let r = with_cookie(&app, Method::GET, &base, &cookie, "").await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.text().contains("Tilbage til Min plan"));
    let r = with_cookie(
        &app,
        Method::POST,
        &format!("{base}/side/1"),
        &cookie,
        &form(&csrf, PAGE1),
    )
    .await;
    assert_eq!(r.status, StatusCode::GONE);
    let saved = "SELECT COUNT(*) FROM questionnaire_responses WHERE id = $1 AND answers <> '{}'";
    assert_eq!(app.count(saved, &[&sid]).await, 0);
}
