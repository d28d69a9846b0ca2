//! The pages: Mine forløb, citizens, courses and their menu, audit of reads.

use crate::harness::{Auth, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_store::CourseStore;

#[tokio::test]
async fn viewing_reading_and_searching_are_in_the_access_log() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let s = app.login("cw_team").await;
    let r = app
        .get(&format!("/borgere/{cid}"), &Auth::Session(s.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("250380-1714"));
    let t = app.token("cw_other").await;
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &t).await.status,
        StatusCode::OK
    );
    let psearch = app
        .post_form("/forloeb", &s, &[("q", "250380-1714"), ("scope", "team")])
        .await;
    assert_eq!(psearch.status, StatusCode::OK);
    assert!(psearch.text().contains("Karen Karensen"));
    app.get("/api/v1/citizens?q=2503801714", &t).await;
    let log = app.access_log_actions(&cid).await;
    let has = |user: &str, action: &str, purpose: &str| {
        log.iter()
            .any(|(u, a, p)| u == user && a == action && p.contains(purpose))
    };
    assert!(has("cw", "create", ""), "{log:?}");
    assert!(has("cw_team", "read", "sagsbehandling"), "UI view: {log:?}");
    assert!(
        has("cw_other", "read", "sagsbehandling"),
        "API read: {log:?}"
    );
    assert!(
        has("cw_team", "search", "CPR: 250380-xxxx"),
        "UI search: {log:?}"
    );
    assert!(
        has("cw_other", "search", "CPR: 250380-xxxx"),
        "API search: {log:?}"
    );
    assert!(
        log.iter().all(|(_, _, p)| !p.contains("1714")),
        "the criterion never holds the whole CPR"
    );
    // The citizen's log through the API and as CSV.
    let api_log = app
        .get(&format!("/api/v1/citizens/{cid}/access-log"), &t)
        .await
        .json();
    assert!(api_log["items"].as_array().unwrap().len() >= 5);
    let csv = app
        .get(&format!("/borgere/{cid}/adgangslog.csv"), &Auth::Session(s))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text().starts_with("tidspunkt;bruger"));
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, _)| u == "cw_team" && a == "export"));
}

#[tokio::test]
async fn mine_forloeb_pages_and_searches_without_putting_data_in_urls() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    for i in 0..27 {
        let cpr = format!("{:02}0180-10{:02}", i + 1, i);
        app.citizen_with_course("cw", &cpr, &format!("Borger {i:02}"))
            .await;
    }
    drop(t);
    let s = app.login("cw").await;
    let p1 = app.get("/forloeb", &Auth::Session(s.clone())).await.text();
    assert!(
        p1.contains("27 forløb") && p1.contains("Side 1 af 2"),
        "paging shown"
    );
    assert!(p1.contains("Borger 00") && !p1.contains("Borger 26"));
    assert!(
        p1.contains("010180-xxxx") && !p1.contains("010180-1000"),
        "CPR masked in the list"
    );
    let p2 = app
        .get("/forloeb?side=2", &Auth::Session(s.clone()))
        .await
        .text();
    assert!(p2.contains("Borger 26") && !p2.contains("Borger 00"));
    // A query string cannot carry a search: only POST searches.
    let q = app
        .get("/forloeb?q=Borger%2005", &Auth::Session(s.clone()))
        .await
        .text();
    assert!(q.contains("27 forløb"));
    let by_name = app
        .post_form("/forloeb", &s, &[("q", "borger 05")])
        .await
        .text();
    assert!(by_name.contains("1 forløb") && by_name.contains("Borger 05"));
    let by_prefix = app
        .post_form("/forloeb", &s, &[("q", "060180")])
        .await
        .text();
    assert!(by_prefix.contains("1 forløb") && by_prefix.contains("Borger 05"));
    let none = app
        .post_form("/forloeb", &s, &[("q", "Ingen Sådan")])
        .await
        .text();
    assert!(none.contains("Ingen forløb fundet"));
}

#[tokio::test]
async fn create_citizen_and_course_through_forms() {
    let app = TestApp::new().await;
    let s = app.login("cw").await;
    assert_eq!(
        app.get("/borgere/ny", &Auth::Session(s.clone()))
            .await
            .status,
        StatusCode::OK
    );
    let bad = app
        .post_form("/borgere", &s, &[("cpr", "310299-1234"), ("name", "X")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("fødselsdato findes ikke") && bad.text().contains("310299-1234"),
        "message and the typed value kept"
    );
    let ok = app
        .post_form(
            "/borgere",
            &s,
            &[
                ("cpr", "0707614286"),
                ("name", "Mod <script>Elleve</script>"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let loc = ok.location();
    assert!(
        loc.contains("mod11=1") && !loc.contains("070761"),
        "warning flag but no CPR in the URL: {loc}"
    );
    let page = app.get(&loc, &Auth::Session(s.clone())).await.text();
    assert!(page.contains("modulus 11"));
    assert!(
        page.contains("Mod &#60;script&#62;Elleve") || page.contains("Mod &lt;script&gt;Elleve"),
        "escaped: {page}"
    );
    let dup = app
        .post_form("/borgere", &s, &[("cpr", "070761-4286"), ("name", "Igen")])
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let cid = loc
        .trim_start_matches("/borgere/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    assert!(dup.text().contains(&format!("/borgere/{cid}")));

    let path = format!("/borgere/{cid}/forloeb/nyt");
    assert_eq!(
        app.get(&path, &Auth::Session(s.clone())).await.status,
        StatusCode::OK
    );
    let missing = app
        .post_form(
            &path,
            &s,
            &[
                ("target_group", "sygedagpenge"),
                ("category", ""),
                ("start_date", "2026-05-01"),
                ("framework", "F"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().contains("kategorien skal vælges"));
    let made = app
        .post_form(
            &path,
            &s,
            &[
                ("target_group", "sygedagpenge"),
                ("category", "kategori_2"),
                ("start_date", "2026-05-01"),
                ("framework", "Udviklingsforløb for sygedagpengemodtagere"),
                ("employment_goal", "Tilbage i job"),
                ("ref_education", "Faglært"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let course_page = app
        .get(&made.location(), &Auth::Session(s.clone()))
        .await
        .text();
    assert!(course_page.contains("Kategori 2") && course_page.contains("Forløbsmenu"));
    // Health professionals and others cannot create.
    let ps = app.login("psych").await;
    assert_eq!(
        app.get("/borgere/ny", &Auth::Session(ps.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form("/borgere", &ps, &[("cpr", "120367-1155"), ("name", "N")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

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
    let k = app
        .store
        .course(app.m, course.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
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
    let k = app
        .store
        .course(app.m, course.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let r = app
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
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let moved = app
        .store
        .course(app.m, course.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
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
async fn admin_manages_users_and_units_and_english_is_available() {
    let app = TestApp::new().await;
    let s = app.login("admin").await;
    let page = app.get("/admin", &Auth::Session(s.clone())).await;
    assert!(page.text().contains("cw_team"));
    assert_eq!(
        app.post_form("/admin/enheder", &s, &[("name", "Sundhedscenter")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form("/admin/enheder", &s, &[("name", "Sundhedscenter")])
            .await
            .status,
        StatusCode::CONFLICT
    );
    let weak = app
        .post_form(
            "/admin/brugere",
            &s,
            &[
                ("username", "ny"),
                ("display_name", "Ny"),
                ("role", "caseworker"),
                ("password", "kort"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app
        .post_form(
            "/admin/brugere",
            &s,
            &[
                ("username", "ny.bruger"),
                ("display_name", "Ny Bruger"),
                ("role", "health_professional"),
                ("profession", "nurse"),
                ("password", crate::harness::PW),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    app.login("ny.bruger").await;
    let taken = app
        .post_form(
            "/admin/brugere",
            &s,
            &[
                ("username", "cw"),
                ("display_name", "X"),
                ("role", "caseworker"),
                ("password", crate::harness::PW),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    // Language switch: a cookie, then English text.
    let sw = app.get("/sprog?l=en&next=/login", &Auth::None).await;
    assert_eq!(sw.location(), "/login");
    let evil = app
        .get("/sprog?l=en&next=//evil.example", &Auth::None)
        .await;
    assert_eq!(evil.location(), "/");
    let req = Request::builder()
        .uri("/login")
        .header(header::COOKIE, "lang=en")
        .body(Body::empty())
        .unwrap();
    let en = app.send(req).await.text();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Username"));
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

#[tokio::test]
async fn language_switch_returns_to_the_page() {
    let app = TestApp::new().await;
    let s = app.login("cw").await;
    let page = app.get("/forloeb?side=1", &Auth::Session(s)).await.text();
    assert!(
        page.contains("/sprog?l=en&#38;next=%2Fforloeb\""),
        "switch link back to this page"
    );
}

#[tokio::test]
async fn validation_messages_follow_the_language() {
    let app = TestApp::new().await;
    let s = app.login("cw").await;
    let post = |lang: &'static str| {
        let form = serde_urlencoded::to_string([
            ("csrf", s.csrf.as_str()),
            ("cpr", "310299-1234"),
            ("name", "X"),
        ])
        .unwrap();
        Request::builder()
            .method(Method::POST)
            .uri("/borgere")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("{}; lang={lang}", s.cookie))
            .body(Body::from(form))
            .unwrap()
    };
    let da = app.send(post("da")).await.text();
    let en = app.send(post("en")).await.text();
    assert!(da.contains("fødselsdato findes ikke"), "{da}");
    assert!(
        en.contains("date of birth does not exist") && en.contains("Create citizen"),
        "{en}"
    );
}

#[tokio::test]
async fn caseworker_corrects_contact_data_with_a_version_check() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let s = app.login("cw").await;
    let path = format!("/borgere/{cid}");
    let edit = |v: &'static str, email: &'static str| {
        vec![
            ("version", v),
            ("name", "Karen K. Karensen"),
            ("phone", "12345678"),
            ("email", email),
            ("address", ""),
        ]
    };
    let bad = app
        .post_form(&path, &s, &edit("1", "ikke-en-adresse"))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("e-mailadressen er ikke gyldig"));
    assert_eq!(
        app.post_form(&path, &s, &edit("1", "karen@example.dk"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let stale = app
        .post_form(&path, &s, &edit("1", "other@example.dk"))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let page = app.get(&path, &Auth::Session(s)).await.text();
    assert!(
        page.contains("Karen K. Karensen")
            && page.contains("karen@example.dk")
            && page.contains("250380-1714")
    );
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, _)| u == "cw" && a == "update"));
    let ps = app.login("psych").await;
    assert_eq!(
        app.post_form(&path, &ps, &edit("2", "x@y.dk")).await.status,
        StatusCode::NOT_FOUND
    );
}
