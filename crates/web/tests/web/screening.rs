//! Screening through a one-time link: start, answer page by page, leave and
//! resume, review, submit, lock; and every way a link can be bad.

use crate::harness::{Auth, Resp, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_domain::questionnaire::ResponseStatus;
use jobspor_store::QuestionnaireStore;

pub(crate) async fn oempsq_id(app: &TestApp) -> String {
    definition_id(app, "oempsq-10").await
}

/// The id of the municipality's questionnaire definition `key`.
pub(crate) async fn definition_id(app: &TestApp, key: &str) -> String {
    let defs = app.store.definitions(app.m).await.unwrap();
    defs.iter().find(|d| d.key == key).unwrap().id.to_string()
}

fn token_from(page: &Resp) -> String {
    let text = page.text();
    let at = text.find("/s/").expect("a link on the page") + 3;
    text[at..at + 43].to_string()
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Resp {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    app.send(req).await
}

async fn start(app: &TestApp, cid: &str, channel: &str, lang: &str) -> String {
    let s = app.login("cw").await;
    let def = oempsq_id(app).await;
    let r = app
        .post_form(
            &format!("/borgere/{cid}/screening"),
            &s,
            &[
                ("definition_id", &def),
                ("language", lang),
                ("channel", channel),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    token_from(&r)
}

pub(crate) const PAGE1: &[(&str, &str)] = &[
    ("q1_duration", "d3"),
    ("q2_pain", "5"),
    ("q3_light_work", "4"),
    ("q4_sleep", "6"),
];
pub(crate) const PAGE2: &[(&str, &str)] = &[
    ("q5_tense", "3"),
    ("q6_depressed", "2"),
    ("q7_persistent", "7"),
];
pub(crate) const PAGE3: &[(&str, &str)] = &[
    ("q8_work_in_3_months", "8"),
    ("q9_stop_when_pain", "5"),
    ("q10_not_work", "4"),
];

#[tokio::test]
async fn citizen_answers_leaves_resumes_and_submits() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let token = start(&app, &cid, "link", "da").await;
    let base = format!("/s/{token}");
    let intro = app.get(&base, &Auth::None).await;
    assert_eq!(intro.status, StatusCode::OK);
    assert!(intro.text().contains("ÖMPSQ-10") && intro.text().contains(">Start<"));
    assert!(
        !intro.text().contains("Karen") && !intro.text().contains("250380"),
        "the link page shows nothing about the citizen"
    );
    assert_eq!(
        app.get(&format!("{base}/side/1"), &Auth::None).await.status,
        StatusCode::OK
    );

    // Refused answers: nothing saved, the page comes back with the reason.
    for bad in ["11", "-1", "3,5", "NaN"] {
        let r = post(
            &app,
            &format!("{base}/side/1"),
            &[("q1_duration", "d3"), ("q2_pain", bad)],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.text().contains("helt tal fra 0 til 10"));
    }
    assert_eq!(
        post(&app, &format!("{base}/side/1"), &[("q1_duration", "d99")])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let responses = app
        .store
        .responses_of_citizen(app.m, cid.parse().unwrap())
        .await
        .unwrap();
    assert!(responses[0].answers.is_empty());

    // Page 1, sent twice (a double submit): saved once, nothing lost.
    for _ in 0..2 {
        let r = post(&app, &format!("{base}/side/1"), PAGE1).await;
        assert_eq!(
            (r.status, r.location()),
            (StatusCode::SEE_OTHER, format!("{base}/side/2"))
        );
    }
    // Leaving and coming back: the introduction continues where it stopped.
    let resume = app.get(&base, &Auth::None).await.text();
    assert!(resume.contains("Fortsæt") && resume.contains(&format!("{base}/side/2")));
    // A required item left empty is asked again; what was given is kept.
    let partial = post(
        &app,
        &format!("{base}/side/2"),
        &[("q5_tense", "3"), ("q7_persistent", "7")],
    )
    .await;
    assert_eq!(partial.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(partial.text().contains("Besvar dette spørgsmål"));
    let r = app
        .store
        .responses_of_citizen(app.m, cid.parse().unwrap())
        .await
        .unwrap()
        .remove(0);
    assert_eq!(r.answers.len(), 6);
    assert_eq!(
        post(&app, &format!("{base}/side/2"), PAGE2).await.status,
        StatusCode::SEE_OTHER
    );
    // Submitting early is refused and the review names what is missing.
    let early = post(&app, &format!("{base}/indsend"), &[]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.text().contains("Ikke besvaret"));
    let last = post(&app, &format!("{base}/side/3"), PAGE3).await;
    assert_eq!(last.location(), format!("{base}/oversigt"));
    let review = app
        .get(&format!("{base}/oversigt"), &Auth::None)
        .await
        .text();
    assert!(review.contains("3–4 uger") && review.contains("Send dine svar"));
    let sent = post(&app, &format!("{base}/indsend"), &[]).await;
    assert_eq!(sent.location(), format!("{base}/tak"));
    assert!(app
        .get(&format!("{base}/tak"), &Auth::None)
        .await
        .text()
        .contains("Tak for dine svar"));

    // Locked: a second submit or an edit changes nothing, and says so.
    let again = post(&app, &format!("{base}/indsend"), &[]).await;
    assert!(again.text().contains("allerede sendt"));
    let edit = post(
        &app,
        &format!("{base}/side/1"),
        &[
            ("q1_duration", "d1"),
            ("q2_pain", "0"),
            ("q3_light_work", "0"),
            ("q4_sleep", "0"),
        ],
    )
    .await;
    assert!(edit.text().contains("allerede sendt"));
    let r = app
        .store
        .responses_of_citizen(app.m, cid.parse().unwrap())
        .await
        .unwrap()
        .remove(0);
    assert_eq!(r.status, ResponseStatus::Submitted);
    assert_eq!(r.answers.len(), 10);
    // q1 d3 = 3; q2 5; q3 reversed 6; q4 reversed 4; q5 3; q6 2; q7 7; q8 reversed 2; q9 5; q10 4 → 41.
    let result: serde_json::Value = serde_json::from_str(r.result.as_deref().unwrap()).unwrap();
    assert_eq!(result["sum"]["total"], 41.0);
    assert_eq!(result["sum"]["raised"], false);
    // The citizen's changes are in the access log, under the link.
    let log = app.access_log_actions(&cid).await;
    assert!(
        log.iter()
            .any(|(u, a, _)| u == "borger via link" && a == "update"),
        "{log:?}"
    );
    assert!(log.iter().any(|(u, a, _)| u == "cw" && a == "create"));
}

#[tokio::test]
async fn bad_links_get_a_friendly_page_that_leaks_nothing() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let token = start(&app, &cid, "link", "da").await;
    let check = |r: &Resp, status: StatusCode, needle: &str| {
        assert_eq!(r.status, status);
        let t = r.text();
        assert!(
            t.contains(needle) && t.contains("Kontakt din sagsbehandler"),
            "{t}"
        );
        assert!(!t.contains("Karen") && !t.contains("250380") && !t.contains("ÖMPSQ"));
    };
    // Tampered: one character changed, too short, nonsense.
    let mut tampered = token.clone().into_bytes();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    for t in [tampered.as_str(), &token[..20], "x"] {
        check(
            &app.get(&format!("/s/{t}"), &Auth::None).await,
            StatusCode::NOT_FOUND,
            "ikke gyldigt",
        );
    }
    // A path that is no link at all gets the plain 404 page, which shows nothing either.
    let odd = app.get("/s/../../etc/passwd", &Auth::None).await;
    assert_eq!(odd.status, StatusCode::NOT_FOUND);
    assert!(!odd.text().contains("Karen") && !odd.text().contains("250380"));
    check(
        &post(&app, &format!("/s/{tampered}/side/1"), PAGE1).await,
        StatusCode::NOT_FOUND,
        "ikke gyldigt",
    );
    // Expired.
    let past = (chrono::Utc::now() - chrono::Duration::minutes(1)).timestamp_micros();
    sqlx::query("UPDATE questionnaire_links SET expires_at = $1")
        .bind(past)
        .execute(app.store.pool())
        .await
        .unwrap();
    check(
        &app.get(&format!("/s/{token}"), &Auth::None).await,
        StatusCode::GONE,
        "udløbet",
    );
    check(
        &post(&app, &format!("/s/{token}/side/1"), PAGE1).await,
        StatusCode::GONE,
        "udløbet",
    );
    // Revoked.
    let token2 = start(&app, &cid, "link", "da").await;
    app.store
        .revoke_link(app.m, &jobspor_web::auth::sha256_hex(&token2), &[])
        .await
        .unwrap();
    check(
        &app.get(&format!("/s/{token2}/side/1"), &Auth::None).await,
        StatusCode::GONE,
        "lukket",
    );
}

#[tokio::test]
async fn arabic_is_right_to_left_and_only_caseworkers_start_screenings() {
    let app = TestApp::new().await;
    let (cid, _) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let token = start(&app, &cid, "link", "ar").await;
    let page = app
        .get(&format!("/s/{token}/side/1"), &Auth::None)
        .await
        .text();
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "{page}");
    assert!(page.contains("منذ متى تعاني من مشكلة الألم الحالية؟"));
    // The citizen can switch language; the choice is a cookie on the link's path.
    let sw = app.get(&format!("/s/{token}/sprog/en"), &Auth::None).await;
    assert_eq!(sw.location(), format!("/s/{token}"));
    let cookie = crate::harness::cookie_value(&sw.headers, "qlang").unwrap();
    let req = Request::builder()
        .uri(format!("/s/{token}/side/1"))
        .header(header::COOKIE, format!("qlang={cookie}"))
        .body(Body::empty())
        .unwrap();
    let en = app.send(req).await.text();
    assert!(
        en.contains(r#"<html lang="en" dir="ltr">"#)
            && en.contains("How long have you had your current pain problem?")
    );
    // Kiosk and paper sessions open on the staff screen.
    let s = app.login("cw").await;
    let def = oempsq_id(&app).await;
    let kiosk = app
        .post_form(
            &format!("/borgere/{cid}/screening"),
            &s,
            &[
                ("definition_id", &def),
                ("language", "da"),
                ("channel", "kiosk"),
            ],
        )
        .await;
    assert!(kiosk.text().contains("Åbn skemaet"));
    let bad_lang = app
        .post_form(
            &format!("/borgere/{cid}/screening"),
            &s,
            &[
                ("definition_id", &def),
                ("language", "so"),
                ("channel", "link"),
            ],
        )
        .await;
    assert_eq!(bad_lang.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ps = app.login("psych").await;
    let r = app
        .post_form(
            &format!("/borgere/{cid}/screening"),
            &ps,
            &[
                ("definition_id", &def),
                ("language", "da"),
                ("channel", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let citizen_page = app
        .get(&format!("/borgere/{cid}"), &Auth::Session(s))
        .await
        .text();
    assert!(citizen_page.contains("Screeninger") && citizen_page.contains("Ikke indsendt"));
    // How each was answered, in words.
    assert!(
        citizen_page.contains("<td>Kiosk i jobcentret</td>"),
        "{citizen_page}"
    );
    assert!(!citizen_page.contains("<td>kiosk</td>"), "{citizen_page}");
}

fn upload(s: &crate::harness::Session, csrf: &str, filename: &str, body: &str) -> Request<Body> {
    let b = "XyZb";
    let mut out =
        format!("--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n");
    out.push_str(&format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/json\r\n\r\n{body}\r\n--{b}--\r\n"));
    Request::builder()
        .method(Method::POST)
        .uri("/admin/spoergeskemaer")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .header(header::COOKIE, &s.cookie)
        .body(Body::from(out))
        .unwrap()
}

#[tokio::test]
async fn admin_imports_and_exports_definitions_and_versions_never_change() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let shipped = jobspor_domain::questionnaire::shipped::DEFINITIONS[0].1;
    let own = shipped.replace("\"key\": \"oempsq-10\"", "\"key\": \"kommunens-skema\"");
    let ok = app
        .send(upload(&admin, &admin.csrf, "kommunens-skema.json", &own))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert!(ok.text().contains("kommunens-skema v1"));
    let stored = app
        .store
        .definitions(app.m)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.key == "kommunens-skema")
        .unwrap();
    let export = app
        .get(
            &format!("/admin/spoergeskemaer/{}.json", stored.id),
            &Auth::Session(admin.clone()),
        )
        .await;
    assert_eq!(export.text(), own, "exported exactly as imported");
    // The same version with other content is refused: a new version is needed.
    let changed = own.replace("Ti spørgsmål", "Elleve spørgsmål");
    let conflict = app
        .send(upload(
            &admin,
            &admin.csrf,
            "kommunens-skema.json",
            &changed,
        ))
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    // Said in the user's language, naming the version, not in the store's words.
    assert!(
        conflict
            .text()
            .contains("version 1 findes allerede med andet indhold"),
        "{}",
        conflict.text()
    );
    assert!(!conflict.text().contains("exists with other content"));
    let v2 = changed.replace("\"version\": 1", "\"version\": 2");
    assert_eq!(
        app.send(upload(&admin, &admin.csrf, "kommunens-skema.json", &v2))
            .await
            .status,
        StatusCode::OK
    );
    // A malformed file names file, item and field, and imports nothing.
    let broken = own
        .replace("\"key\": \"kommunens-skema\"", "\"key\": \"brudt\"")
        .replace("\"kind\": \"scale\"", "\"kind\": \"slider\"");
    let bad = app
        .send(upload(&admin, &admin.csrf, "brudt.json", &broken))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Quotes are HTML-escaped on the page.
    assert!(
        bad.text()
            .contains("brudt.json: item &#34;q2_pain&#34;, field &#34;items[1].kind&#34;"),
        "{}",
        bad.text()
    );
    assert!(!app
        .store
        .definitions(app.m)
        .await
        .unwrap()
        .iter()
        .any(|d| d.key == "brudt"));
    // Only the administrator; and with the CSRF token.
    let cw = app.login("cw").await;
    assert_eq!(
        app.send(upload(&cw, &cw.csrf, "x.json", &own)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.send(upload(&admin, "forkert", "x.json", &own))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn every_item_type_renders_and_is_answered_through_the_link() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    // The engine's test definition with one item of each type.
    let all = include_str!("../../../domain/src/questionnaire/testdata/all_types.json");
    assert_eq!(
        app.send(upload(&admin, &admin.csrf, "alle-typer.json", all))
            .await
            .status,
        StatusCode::OK
    );
    let (cid, _) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let s = app.login("cw").await;
    let def = app
        .store
        .definitions(app.m)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.key == "alle-typer")
        .unwrap();
    let r = app
        .post_form(
            &format!("/borgere/{cid}/screening"),
            &s,
            &[
                ("definition_id", &def.id.to_string()),
                ("language", "da"),
                ("channel", "link"),
            ],
        )
        .await;
    let token = token_from(&r);
    let page = app
        .get(&format!("/s/{token}/side/1"), &Auth::None)
        .await
        .text();
    for control in [
        r#"type="radio" name="one""#,
        r#"type="checkbox" name="many""#,
        r#"type="radio" name="scale""#,
        r#"name="number""#,
        r#"type="date""#,
        "<textarea",
    ] {
        assert!(page.contains(control), "{control}");
    }
    let answers: &[(&str, &str)] = &[
        ("one", "b"),
        ("many", "x"),
        ("many", "y"),
        ("scale", "7"),
        ("number", "42"),
        ("date", "2026-02-28"),
        ("text", "<b>fri</b> tekst"),
    ];
    let saved = post(&app, &format!("/s/{token}/side/1"), answers).await;
    assert_eq!(saved.location(), format!("/s/{token}/oversigt"));
    let review = app
        .get(&format!("/s/{token}/oversigt"), &Auth::None)
        .await
        .text();
    assert!(
        review.contains("X, Y")
            && review.contains("2026-02-28")
            && review.contains("&#60;b&#62;fri&#60;/b&#62; tekst"),
        "{review}"
    );
    assert_eq!(
        post(&app, &format!("/s/{token}/indsend"), &[])
            .await
            .location(),
        format!("/s/{token}/tak")
    );
}
