//! The pages: Mine forløb, citizens, the access log, administration, language.

use crate::harness::{Auth, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

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
    // Another team's caseworker opens the citizen for a stated purpose.
    let t = app.token("cw_other").await;
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &t).await.status,
        StatusCode::NOT_FOUND
    );
    let opened = app
        .post_json(
            &format!("/api/v1/citizens/{cid}/access"),
            &t,
            &serde_json::json!({"reason": "inquiry", "purpose": "Borgeren ringede om sin ydelse"}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &t).await.status,
        StatusCode::OK
    );
    let psearch = app
        .post_form("/forloeb", &s, &[("q", "250380-1714"), ("scope", "team")])
        .await;
    assert_eq!(psearch.status, StatusCode::OK);
    assert!(psearch.text().contains("Karen Karensen"));
    app.post_json(
        "/api/v1/citizens/search",
        &t,
        &serde_json::json!({"q": "2503801714"}),
    )
    .await;
    let log = app.access_log_actions(&cid).await;
    let has = |user: &str, action: &str, purpose: &str| {
        log.iter()
            .any(|(u, a, p)| u == user && a == action && p.contains(purpose))
    };
    assert!(has("cw", "create", ""), "{log:?}");
    assert!(has("cw_team", "read", "sagsbehandling"), "UI view: {log:?}");
    assert!(
        has(
            "cw_other",
            "read",
            "formål (borgeren har henvendt sig): Borgeren ringede om sin ydelse"
        ),
        "API read, with the stated purpose: {log:?}"
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
        .get(
            &format!("/api/v1/citizens/{cid}/access-log"),
            &app.token("cw_team").await,
        )
        .await
        .json();
    assert!(api_log["items"].as_array().unwrap().len() >= 5);
    let csv = app
        .get(
            &format!("/borgere/{cid}/adgangslog.csv"),
            &Auth::Session(s.clone()),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text().starts_with("tidspunkt;bruger"));
    // And printed: every entry, in words, with who and why (an export too).
    let page = app
        .get(
            &format!("/borgere/{cid}/adgangslog"),
            &Auth::Session(s.clone()),
        )
        .await
        .text();
    assert!(page.contains(&format!("/borgere/{cid}/adgangslog.pdf")));
    let pdf = app
        .get(&format!("/borgere/{cid}/adgangslog.pdf"), &Auth::Session(s))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let text = crate::plan::pdf_text(&pdf.body);
    assert!(text.contains("Adgangslog for"), "{text}");
    assert!(
        text.contains("cw_team") && text.contains("Sagsbehandler"),
        "{text}"
    );
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
                ("first_absence_date", "2026-04-01"),
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
                ("first_absence_date", "2026-04-01"),
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

/// Every template and every redirect builds its links from the features'
/// `paths.rs`: a path typed out again in a template or a handler would not
/// follow when the path changes.
#[test]
fn no_template_or_handler_types_out_a_page_path() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    walk(&root.join("templates"), &mut files);
    let mut typed = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let checks: &[&str] = if name.ends_with(".html") {
            // `("{{` is a path call put inside a string in a template's own code.
            &["href=\"/", "action=\"/", "(\"{{"]
        } else if name.ends_with(".rs") && name != "paths.rs" {
            &[
                "Redirect::to(\"/",
                "format!(\"/forloeb",
                "format!(\"/borgere",
            ]
        } else {
            &[]
        };
        for c in checks {
            if text.contains(c) {
                typed.push(format!("{}: {c}", f.display()));
            }
        }
    }
    assert!(files.len() > 100, "the walk found the sources");
    assert!(typed.is_empty(), "paths typed out: {typed:#?}");
}

/// Dates are written the reader's way: `07-12-2026` in Danish, `7 Dec 2026`
/// in English.
#[tokio::test]
async fn dates_follow_the_readers_language() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    // The history shows the course's start (the first note's date).
    let start = app.course(&course).await.start_date;
    let s = app.login("cw").await;
    let path = format!("/forloeb/{course}/historik");
    let da = app.get(&path, &Auth::Session(s.clone())).await.text();
    assert!(da.contains(&start.format("%d-%m-%Y").to_string()), "{da}");
    let en = app
        .get(
            &path,
            &Auth::Session(crate::harness::Session {
                cookie: format!("{}; lang=en", s.cookie),
                csrf: s.csrf.clone(),
            }),
        )
        .await
        .text();
    assert!(en.contains(&start.format("%-d %b %Y").to_string()), "{en}");
    assert!(!en.contains(&start.format("%d-%m-%Y").to_string()), "{en}");
}
