//! A course's menu: the journal, status and goal, the team, reassignment,
//! contact persons and documents.

use crate::harness::{Auth, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_store::CourseStore;

#[tokio::test]
async fn journal_status_reassign_contacts_and_documents() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let s = app.login("cw").await;
    let hist = format!("/forloeb/{course}/historik");
    let r = app
        .post_form(
            &hist,
            &s,
            &[
                ("text", "<img src=x onerror=alert(1)> notat"),
                ("entry_date", "2026-03-02"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&hist, &Auth::Session(s.clone())).await.text();
    assert!(!page.contains("<img src=x") && page.contains("02-03-2026"));
    let too_long = "x".repeat(64 * 1024 + 1);
    let r = app.post_form(&hist, &s, &[("text", &too_long)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("for lang"));

    // Status with a stale version is a conflict, not an overwrite.
    let status = format!("/forloeb/{course}/status");
    let form = |v: &'static str, goal: &'static str| {
        vec![
            ("version", v),
            ("status", "active"),
            ("framework", "F2"),
            ("employment_goal", goal),
        ]
    };
    assert_eq!(
        app.post_form(&status, &s, &form("1", "Første mål"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let stale = app.post_form(&status, &s, &form("1", "Andet mål")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let k = app.course(&course).await;
    assert_eq!((k.employment_goal.as_str(), k.version), ("Første mål", 2));
    // Health professionals on the course may read but not manage.
    let psych = app.user("psych").await;
    app.store
        .add_course_member(&k, psych.id, &[])
        .await
        .unwrap();
    let ps = app.login("psych").await;
    assert_eq!(
        app.get(&status, &Auth::Session(ps.clone())).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.post_form(&status, &ps, &form("2", "x")).await.status,
        StatusCode::NOT_FOUND
    );

    // Contacts.
    let contacts = format!("/forloeb/{course}/kontaktpersoner");
    assert_eq!(
        app.post_form(
            &contacts,
            &s,
            &[("name", "Dr. Hansen"), ("relation", "Egen læge")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert!(app
        .get(&contacts, &Auth::Session(s.clone()))
        .await
        .text()
        .contains("Dr. Hansen"));
    assert_eq!(
        app.post_form(&contacts, &s, &[("name", ""), ("relation", "x")])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Documents: multipart with the CSRF field first; the type must match the bytes.
    let docs = format!("/forloeb/{course}/dokumenter");
    let upload = |csrf: Option<&str>, ct: &str, bytes: &[u8]| {
        let boundary = "XyZ";
        let mut body = Vec::new();
        if let Some(c) = csrf {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{c}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lægebrev.pdf\"\r\nContent-Type: {ct}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Request::builder()
            .method(Method::POST)
            .uri(&docs)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, &s.cookie)
            .body(Body::from(body))
            .unwrap()
    };
    assert_eq!(
        app.send(upload(None, "application/pdf", b"%PDF-1.4 x"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.send(upload(Some("wrong"), "application/pdf", b"%PDF-1.4 x"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .send(upload(
            Some(&s.csrf),
            "application/pdf",
            b"<script>alert(1)</script>",
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = app
        .send(upload(Some(&s.csrf), "text/html", b"<p>x</p>"))
        .await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app
        .send(upload(
            Some(&s.csrf),
            "application/pdf",
            b"%PDF-1.4 real enough",
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let list = app.get(&docs, &Auth::Session(s.clone())).await.text();
    let doc_id = list
        .split("/dokumenter/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let dl = app
        .get(&format!("/dokumenter/{doc_id}"), &Auth::Session(s.clone()))
        .await;
    assert_eq!(dl.status, StatusCode::OK);
    assert_eq!(dl.body, b"%PDF-1.4 real enough");
    assert_eq!(
        dl.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    assert!(dl
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let other = app.login("cw_other").await;
    assert_eq!(
        app.get(&format!("/dokumenter/{doc_id}"), &Auth::Session(other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let huge = vec![b'a'; 11 * 1024 * 1024];
    assert_eq!(
        app.send(upload(Some(&s.csrf), "text/plain", &huge))
            .await
            .status,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // Reassign to the caseworker in the other team: a journal note, and the
    // old owner (not in that team) loses sight of the course.
    let to = app.user("cw_other").await;
    let k = app.course(&course).await;
    // Handing over asks first, naming who gets it; nothing moves yet.
    let ask = app
        .post_form(
            &format!("/forloeb/{course}/overdrag"),
            &s,
            &[
                ("version", &k.version.to_string()),
                ("caseworker_id", &to.id.to_string()),
                ("note", "Flytter team"),
            ],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.text()
            .contains("Forløbet overdrages til cw_other Testesen, som får besked"),
        "{}",
        ask.text()
    );
    assert_eq!(app.course(&course).await.caseworker_id, k.caseworker_id);
    let r = app
        .post_form(
            &format!("/forloeb/{course}/overdrag"),
            &s,
            &[
                ("version", &k.version.to_string()),
                ("caseworker_id", &to.id.to_string()),
                ("note", "Flytter team"),
                ("bekraeftet", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let moved = app.course(&course).await;
    assert_eq!(moved.caseworker_id, to.id);
    let j = app
        .get(
            &format!("/api/v1/courses/{course}/journal"),
            &app.token("cw_other").await,
        )
        .await
        .json();
    assert!(j["items"][0]["text"]
        .as_str()
        .unwrap()
        .contains("overdraget til cw_other Testesen"));
    assert_eq!(
        app.get(&hist, &Auth::Session(s)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn caseworker_puts_health_professionals_on_the_course_team() {
    let app = TestApp::new().await;
    let (cid, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let s = app.login("cw").await;
    let ps = app.login("psych").await;
    let hist = format!("/forloeb/{course}/historik");
    assert_eq!(
        app.get(&hist, &Auth::Session(ps.clone())).await.status,
        StatusCode::NOT_FOUND
    );
    let psych = app.user("psych").await;
    let cw_team = app.user("cw_team").await;
    let team = format!("/forloeb/{course}/team");
    let not_health = app
        .post_form(&team, &s, &[("user_id", &cw_team.id.to_string())])
        .await;
    assert_eq!(not_health.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stranger = app.login("cw_other").await;
    assert_eq!(
        app.post_form(&team, &stranger, &[("user_id", &psych.id.to_string())])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form(&team, &s, &[("user_id", &psych.id.to_string())])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form(&team, &s, &[("user_id", &psych.id.to_string())])
            .await
            .status,
        StatusCode::SEE_OTHER,
        "idempotent"
    );
    assert_eq!(
        app.get(&hist, &Auth::Session(ps.clone())).await.status,
        StatusCode::OK
    );
    let status = app
        .get(&format!("/forloeb/{course}/status"), &Auth::Session(s))
        .await
        .text();
    assert!(status.contains("psych Testesen (Psykolog)"));
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, _)| u == "cw" && a == "update"));
    // The psychologist now lists the course too.
    let list = app.get("/forloeb", &Auth::Session(ps)).await.text();
    assert!(list.contains("Karen"));
}
