//! Documents shared with the citizen: the caseworker shares an uploaded
//! document or the plan as a PDF; the citizen sees and downloads exactly
//! those in Min plan, while they are shared; every step is audited.

use crate::harness::{Auth, Session, TestApp};
use crate::idp::Idp;
use crate::my_plan::{accounts, citizen_app, logged_in, with_cookie, LoggedIn, CPR};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

async fn upload(app: &TestApp, s: &Session, course: &str, name: &str, bytes: &[u8]) -> String {
    let boundary = "XyZ";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n",
        s.csrf
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri(format!("/forloeb/{course}/dokumenter"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .header(header::COOKIE, &s.cookie)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    sqlx::query_scalar("SELECT id FROM documents WHERE filename = $1")
        .bind(name)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_caseworker_shares_documents_and_the_citizen_downloads_only_those() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let (_, course) = app.citizen_with_course("cw", CPR, "Bo Borgersen").await;
    let (_, other_course) = app
        .citizen_with_course("cw", "0202802345", "Anden Borger")
        .await;
    let cw = app.login("cw").await;
    let shared = upload(&app, &cw, &course, "aftale.pdf", b"%PDF-1.4 aftale").await;
    let private = upload(
        &app,
        &cw,
        &course,
        "laegeerklaering.pdf",
        b"%PDF-1.4 helbred",
    )
    .await;
    let theirs = upload(&app, &cw, &other_course, "andens.pdf", b"%PDF-1.4 anden").await;
    let share_path = |doc: &str| format!("/forloeb/{course}/dokumenter/{doc}/deling");

    // Bad input changes nothing: no choice, an unknown choice, another
    // course's document, someone who does not manage the course.
    let shares = "SELECT COUNT(*) FROM document_shares";
    for (who, path, choice, status) in [
        (
            &cw,
            share_path(&shared),
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &cw,
            share_path(&shared),
            "maybe",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (&cw, share_path(&theirs), "ja", StatusCode::NOT_FOUND),
        (&cw, share_path("not-an-id"), "ja", StatusCode::NOT_FOUND),
    ] {
        let r = app.post_form(&path, who, &[("shared", choice)]).await;
        assert_eq!(r.status, status, "{path} {choice}");
    }
    let other_cw = app.login("cw_other").await;
    let r = app
        .post_form(&share_path(&shared), &other_cw, &[("shared", "ja")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let psych = app.login("psych").await;
    let r = app
        .post_form(&share_path(&shared), &psych, &[("shared", "ja")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count(shares, &[]).await, 0);

    // Share one document, and the plan as it stands today.
    let r = app
        .post_form(&share_path(&shared), &cw, &[("shared", "ja")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let again = app
        .post_form(&share_path(&shared), &cw, &[("shared", "ja")])
        .await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "sharing twice changes nothing"
    );
    let r = app
        .post_form(&format!("/forloeb/{course}/dokumenter/planen"), &cw, &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(app.count(shares, &[]).await, 2);
    let plan_doc: String = sqlx::query_scalar(
        "SELECT id FROM documents WHERE filename LIKE 'indsatsplan-%' AND course_id = $1",
    )
    .bind(&course)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let page = app
        .get(
            &format!("/forloeb/{course}/dokumenter"),
            &Auth::Session(cw.clone()),
        )
        .await
        .text();
    assert!(page.contains("Stop deling"), "{page}");
    assert!(page.contains("Del med borgeren"));
    let audited = "SELECT COUNT(*) FROM audit_log WHERE object = $1";
    assert_eq!(
        app.count(audited, &[&format!("document:{shared}:shared")])
            .await,
        1
    );
    assert_eq!(
        app.count(audited, &[&format!("document:{plan_doc}:shared")])
            .await,
        1
    );
    assert_eq!(
        app.count(audited, &[&format!("plan_pdf:{course}")]).await,
        1
    );

    // The citizen sees and downloads exactly the shared ones.
    let LoggedIn { cookie, page, .. } = logged_in(&app, &idp).await;
    assert!(page.contains("Dokumenter fra din sagsbehandler"));
    assert!(page.contains("aftale.pdf"), "{page}");
    assert!(page.contains("indsatsplan-"));
    assert!(
        !page.contains("laegeerklaering.pdf"),
        "a private document is listed"
    );
    let get = |doc: &str| {
        let (app, cookie, path) = (&app, cookie.clone(), format!("/borger/dokumenter/{doc}"));
        async move { with_cookie(app, Method::GET, &path, &cookie, "").await }
    };
    let dl = get(&shared).await;
    assert_eq!(dl.status, StatusCode::OK);
    assert_eq!(dl.body, b"%PDF-1.4 aftale");
    assert_eq!(dl.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let pdf = get(&plan_doc).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with(b"%PDF"));
    let own = "SELECT COUNT(*) FROM audit_log WHERE object = $1 AND role = 'citizen' AND action = 'export'";
    assert_eq!(app.count(own, &[&format!("document:{shared}")]).await, 1);
    for doc in [private.as_str(), theirs.as_str(), "not-an-id"] {
        assert_eq!(get(doc).await.status, StatusCode::NOT_FOUND, "{doc}");
    }
    // Not logged in: to the door.
    let r = app
        .get(&format!("/borger/dokumenter/{shared}"), &Auth::None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Stopped sharing: gone from Min plan at once.
    let r = app
        .post_form(&share_path(&shared), &cw, &[("shared", "nej")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(get(&shared).await.status, StatusCode::NOT_FOUND);
    let after = with_cookie(&app, Method::GET, "/borger", &cookie, "")
        .await
        .text();
    assert!(!after.contains("aftale.pdf"));
    assert_eq!(
        app.count(audited, &[&format!("document:{shared}:unshared")])
            .await,
        1
    );
}
