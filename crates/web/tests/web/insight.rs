//! The citizen's right of access and portability (GDPR art. 15 and 20):
//! the caseworker who carries the course and the data protection officer
//! produce everything held about a citizen as a PDF and as JSON; nobody
//! else can; every view and download is audited; the citizen downloads the
//! same from Min plan.

use crate::harness::{Auth, TestApp};
use crate::idp::Idp;
use crate::my_plan::{accounts, citizen_app, logged_in, with_cookie, CPR};
use crate::plan::pdf_text;
use axum::http::{header, Method, StatusCode};
use jobspor_store::CourseStore;
use serde_json::json;

/// A citizen with a course, a journal note and a contact person.
async fn citizen(app: &TestApp, cpr: &str, name: &str) -> (String, String) {
    let (cid, course) = app.citizen_with_course("cw", cpr, name).await;
    let t = app.token("cw").await;
    let r = app
        .post_json(
            &format!("/api/v1/courses/{course}/journal"),
            &t,
            &json!({"text": format!("Samtale med {name} om ryggen")}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    (cid, course)
}

fn exports(actions: &[(String, String, String)], who: &str) -> usize {
    actions
        .iter()
        .filter(|(u, a, p)| u == who && a == "export" && p.contains("art. 15"))
        .count()
}

#[tokio::test]
async fn the_caseworker_produces_everything_held_as_pdf_and_json_audited() {
    let app = TestApp::new().await;
    let (cid, course) = citizen(&app, "250380-1714", "Anna Andersen").await;
    let (other, _) = citizen(&app, "120367-1155", "Bo Berg").await;
    let cw = app.login("cw").await;

    // The citizen page offers it to the one who carries the course.
    let page = app
        .get(&format!("/borgere/{cid}"), &Auth::Session(cw.clone()))
        .await;
    assert!(page.text().contains(&format!("/borgere/{cid}/indsigt")));

    let overview = app
        .get(
            &format!("/borgere/{cid}/indsigt"),
            &Auth::Session(cw.clone()),
        )
        .await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text());
    let html = overview.text();
    for words in [
        "Anna Andersen",
        "Journal",
        "Forløb",
        "Hvem har brugt dine oplysninger",
    ] {
        assert!(html.contains(words), "{words} missing");
    }
    assert!(!html.contains(&course), "the overview shows words, not ids");

    let pdf = app
        .get(
            &format!("/borgere/{cid}/indsigt.pdf"),
            &Auth::Session(cw.clone()),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let text = pdf_text(&pdf.body);
    for words in [
        "Anna Andersen",
        "250380-1714",
        "Samtale med Anna Andersen om ryggen",
        "cw Testesen",
        "Kontanthjælp",
        "Handling: Udtræk",
    ] {
        assert!(
            text.contains(words),
            "{words} missing from the PDF:\n{text}"
        );
    }
    assert!(!text.contains("Bo Berg"), "another citizen in the PDF");
    assert!(!text.contains("??"), "a label without words:\n{text}");
    assert!(!text.contains(&course), "an id in the PDF");

    let file = app
        .get(
            &format!("/borgere/{cid}/indsigt.json"),
            &Auth::Session(cw.clone()),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let j = file.json();
    assert_eq!(j["format"], "jobspor.insight.v1");
    assert_eq!(j["sections"]["citizen"][0]["name"], "Anna Andersen");
    assert_eq!(j["sections"]["courses"][0]["id"], course.as_str());
    assert_eq!(
        j["sections"]["journal"][0]["body"],
        "Samtale med Anna Andersen om ryggen"
    );
    assert!(j["sections"]["conferences"].as_array().unwrap().is_empty());
    assert!(!file.text().contains("Bo Berg"));
    assert!(!file.text().contains(&other));

    // The API gives the same shape.
    let api = app
        .get(
            &format!("/api/v1/citizens/{cid}/insight"),
            &app.token("cw").await,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json()["sections"]["citizen"][0]["cpr"], "250380-1714");

    // Each use is in the citizen's access log: the overview as a read,
    // each file as an export; the export's own log holds the reads before it.
    let log = app.access_log_actions(&cid).await;
    assert_eq!(exports(&log, "cw"), 3, "{log:?}");
    assert!(log
        .iter()
        .any(|(u, a, p)| u == "cw" && a == "read" && p.contains("oversigt")));
    let logged = j["sections"]["access_log"].as_array().unwrap();
    assert!(logged.iter().any(|e| e["action"] == "read"
        && e["user"] == "cw Testesen"
        && e["purpose"].as_str().unwrap().contains("oversigt")));
}

#[tokio::test]
async fn only_the_course_and_the_data_protection_officer_may_produce_it() {
    let app = TestApp::new().await;
    let (cid, course) = citizen(&app, "250380-1714", "Anna Andersen").await;
    let psych = app.user("psych").await;
    let k = app.course(&course).await;
    app.store
        .add_course_member(&k, psych.id, &[])
        .await
        .unwrap();
    let before = app.rows("audit_log WHERE action = 'export'").await;
    // Those with no business with it get the same answer as for no citizen.
    for user in ["cw_other", "psych", "manager", "provider", "foreign"] {
        let s = app.login(user).await;
        for path in ["", ".pdf", ".json"] {
            let r = app
                .get(
                    &format!("/borgere/{cid}/indsigt{path}"),
                    &Auth::Session(s.clone()),
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} {path}");
        }
        let r = app
            .get(
                &format!("/api/v1/citizens/{cid}/insight"),
                &app.token(user).await,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} API");
        // Nor do they find citizens by CPR number for it.
        let r = app.get("/indsigt", &Auth::Session(s.clone())).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} request form");
    }
    assert_eq!(
        app.rows("audit_log WHERE action = 'export'").await,
        before,
        "a refused export is no export"
    );
    // The team's caseworker carries the course too.
    let team = app.login("cw_team").await;
    let r = app
        .get(
            &format!("/borgere/{cid}/indsigt.json"),
            &Auth::Session(team),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // An unknown citizen is not found.
    let cw = app.login("cw").await;
    let r = app
        .get(
            &format!("/borgere/{}/indsigt", uuid::Uuid::now_v7()),
            &Auth::Session(cw),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_data_protection_officer_finds_the_citizen_by_cpr_number() {
    let app = TestApp::new().await;
    let (cid, _) = citizen(&app, "250380-1714", "Anna Andersen").await;
    let admin = app.login("admin").await;
    let form = app.get("/indsigt", &Auth::Session(admin.clone())).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("name=\"cpr\""));

    // Bad input: a clear message, the typed number kept, nothing found.
    let searches = "audit_log WHERE object = 'insight_request'";
    for (cpr, status, message) in [
        ("", StatusCode::UNPROCESSABLE_ENTITY, "CPR"),
        ("25038O-1714", StatusCode::UNPROCESSABLE_ENTITY, "CPR"),
        ("123", StatusCode::UNPROCESSABLE_ENTITY, "CPR"),
    ] {
        let r = app.post_form("/indsigt", &admin, &[("cpr", cpr)]).await;
        assert_eq!(r.status, status, "{cpr}: {}", r.text());
        assert!(r.text().contains(message), "{cpr}");
        assert!(r.text().contains("role=\"alert\""));
        assert!(r.text().contains(&format!("value=\"{cpr}\"")));
    }
    assert_eq!(
        app.rows(searches).await,
        0,
        "an invalid number is no lookup"
    );
    // A valid number of no citizen: said so, and the lookup is audited.
    let r = app
        .post_form("/indsigt", &admin, &[("cpr", "010190-1234")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .contains("Der er ingen borger med dette CPR-nummer"));
    assert_eq!(app.rows(searches).await, 1);
    // The citizen's number leads to their export, which the officer may produce.
    let r = app
        .post_form("/indsigt", &admin, &[("cpr", "2503801714")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/borgere/{cid}/indsigt"));
    let page = app.get(&r.location(), &Auth::Session(admin.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Anna Andersen"));
    let log = app.access_log_actions(&cid).await;
    assert!(log
        .iter()
        .any(|(u, a, p)| u == "admin" && a == "search" && p.contains("250380-xxxx")));
    assert!(!log.iter().any(|(_, _, p)| p.contains("2503801714")));
}

#[tokio::test]
async fn the_citizen_downloads_their_own_data_from_min_plan() {
    let idp = Idp::start(Some(&accounts()));
    let app = citizen_app(&idp).await;
    let (cid, _) = citizen(&app, CPR, "Bo Borgersen").await;
    let _ = citizen(&app, "0202802345", "Anden Borger").await;
    let me = logged_in(&app, &idp).await;
    assert!(me.page.contains("/borger/mine-oplysninger.pdf"));
    let pdf = with_cookie(
        &app,
        Method::GET,
        "/borger/mine-oplysninger.pdf",
        &me.cookie,
        "",
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = pdf_text(&pdf.body);
    assert!(text.contains("Bo Borgersen") && text.contains("Samtale med Bo Borgersen om ryggen"));
    assert!(!text.contains("Anden Borger"));
    let file = with_cookie(
        &app,
        Method::GET,
        "/borger/mine-oplysninger.json",
        &me.cookie,
        "",
    )
    .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.json()["sections"]["citizen"][0]["name"],
        "Bo Borgersen"
    );
    let log = app.access_log_actions(&cid).await;
    assert_eq!(
        log.iter()
            .filter(|(u, a, p)| u == "borger" && a == "export" && p.contains("egen indsigt"))
            .count(),
        2
    );
    // Without a session: back to the door, nothing handed out.
    for path in [
        "/borger/mine-oplysninger.pdf",
        "/borger/mine-oplysninger.json",
    ] {
        let r = app.get(path, &Auth::None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.location(), "/borger");
    }
}
