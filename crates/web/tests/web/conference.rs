//! Booking the analysis conversations, the agenda, the conference record,
//! its sign-off and addenda: through the pages and the API.

use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use axum::http::StatusCode;

#[tokio::test]
async fn book_analyse_record_sign_and_correct() {
    let app = TestApp::new().await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Konference")
        .await;
    let cw = app.login("cw").await;
    let page = format!("/forloeb/{k}/konference");
    assert_eq!(
        app.get(&page, &Auth::Session(cw.clone())).await.status,
        StatusCode::OK
    );
    // No record yet: nothing to print.
    assert_eq!(
        app.get(&format!("{page}.pdf"), &Auth::Session(cw.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let psych = app.user("psych").await.id.to_string();
    let date = iso(3);
    let book = |time: &'static str, minutes: &'static str, date: String| {
        vec![
            ("professional", psych.clone()),
            ("date", date),
            ("time", time.to_string()),
            ("minutes", minutes.to_string()),
            ("location", "Jobcentret, lokale 4".to_string()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let cw = cw.clone();
        let path = format!("/forloeb/{k}/samtaler");
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (*a, b.as_str())).collect();
            app.post_form(&path, &cw, &pairs).await
        }
    };
    assert_eq!(
        post(book("09:00", "60", date.clone())).await.status,
        StatusCode::SEE_OTHER
    );
    let clash = post(book("09:30", "30", date.clone())).await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        clash.text().contains("allerede en samtale"),
        "{}",
        clash.text()
    );
    assert_eq!(
        post(book("09:00", "60", iso(-3))).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "in the past"
    );
    assert_eq!(
        post(book("9 om morgenen", "60", date.clone())).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let shown = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(shown.contains("psych Testesen") && shown.contains("Jobcentret, lokale 4"));

    // Booked, the psychologist is on the team and writes the note.
    let ps = app.login("psych").await;
    let note = app
        .post_form(
            &format!("/forloeb/{k}/analyse"),
            &ps,
            &[
                (
                    "limitation",
                    "Angst i sociale situationer begrænser deltagelsen.",
                ),
                ("resources", "Motiveret"),
                (
                    "suggested_intervention",
                    "Mestringsforløb for borgere med angst",
                ),
            ],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.text());
    let agenda = app.get(&page, &Auth::Session(ps.clone())).await.text();
    assert!(
        agenda.contains("Psykolog (psych Testesen): vurdering")
            && agenda.contains("Mestringsforløb for borgere med angst"),
        "{agenda}"
    );

    // Schedule, record, sign.
    let cw_id = app.user("cw").await.id.to_string();
    let conf_date = iso(10);
    let record = |version: &'static str, goal: &'static str, agreed: &'static str| {
        vec![
            ("version", version.to_string()),
            ("date", conf_date.clone()),
            ("time", "13:00".to_string()),
            ("location", "Mødelokale 1".to_string()),
            ("participants", cw_id.clone()),
            ("participants", psych.clone()),
            ("citizen_attends", "on".to_string()),
            ("invited", "Egen læge".to_string()),
            ("employment_goal", goal.to_string()),
            ("agreed", agreed.to_string()),
            ("citizen_statement", "Jeg vil gerne prøve".to_string()),
            ("citizen_agrees", "on".to_string()),
            ("further_assessment", "".to_string()),
        ]
    };
    let save = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let cw = cw.clone();
        let path = page.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (*a, b.as_str())).collect();
            app.post_form(&path, &cw, &pairs).await
        }
    };
    assert_eq!(save(record("", "", "")).await.status, StatusCode::SEE_OTHER);
    let bad = save(record("1", "Job i detail", "Bare tekst uden mål")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("Bare tekst uden mål"),
        "what was typed comes back"
    );
    let ok = save(record(
        "1",
        "Job i detail, 15 timer",
        "Mestringsforløb for borgere med angst: Kan handle ind alene",
    ))
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(
        save(record("1", "Noget andet", "")).await.status,
        StatusCode::CONFLICT,
        "stale version"
    );
    // Signing asks first and says what it means; the conference is in ten
    // days, so the page asks why the record is signed before.
    let underskriv = format!("{page}/underskriv");
    let ask = app.post_form(&underskriv, &cw, &[("version", "2")]).await;
    assert_eq!(ask.status, StatusCode::OK);
    let html = ask.text();
    assert!(
        html.contains("Underskriv referatet?")
            && html.contains("kun rettes med et tillæg")
            && html.contains("name=\"reason\""),
        "{html}"
    );
    let no_reason = app
        .post_form(&underskriv, &cw, &[("version", "2"), ("bekraeftet", "1")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason
            .text()
            .contains("skriv, hvorfor referatet underskrives før"),
        "{}",
        no_reason.text()
    );
    assert!(!app
        .get(&page, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("Underskrevet af"));
    let sign = app
        .post_form(
            &underskriv,
            &cw,
            &[
                ("version", "2"),
                ("bekraeftet", "1"),
                ("reason", "Borgeren starter i job før konferencen"),
            ],
        )
        .await;
    assert_eq!(sign.status, StatusCode::SEE_OTHER, "{}", sign.text());
    assert_eq!(
        app.rows("journal_entries WHERE body LIKE '%Begrundelse: Borgeren starter i job før konferencen%'")
            .await,
        1
    );
    // The record prints as a PDF, with what was agreed and the signature.
    let pdf = app
        .get(&format!("{page}.pdf"), &Auth::Session(cw.clone()))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = crate::plan::pdf_text(&pdf.body);
    assert!(
        text.contains("Konferencereferat for Karen Konference")
            && text.contains("Mestringsforløb for borgere med angst")
            && text.contains("Kan handle ind alene")
            && text.contains("Underskrevet af"),
        "{text}"
    );
    let signed = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(signed.contains(&format!("{page}.pdf")));
    assert!(
        signed.contains("Underskrevet af")
            && signed.contains("Kan handle ind alene")
            && signed.contains("Egen læge")
    );
    let locked = save(record("3", "Ændret mål", "")).await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    assert!(
        locked.text().contains("tillæg"),
        "points to addenda: {}",
        locked.text()
    );

    let add = app
        .post_form(
            &format!("{page}/tillaeg"),
            &ps,
            &[("text", "Rettelse: borgeren har også ondt i knæet")],
        )
        .await;
    assert_eq!(add.status, StatusCode::SEE_OTHER);
    assert!(app
        .get(&page, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("ondt i knæet"));

    // Not for the caseworker's teammates, other teams or providers.
    for who in ["cw_team", "cw_other", "provider", "manager"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get(&page, &Auth::Session(s)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }

    // The API says the same.
    let t = app.token("cw").await;
    let got = app
        .get(&format!("/api/v1/courses/{k}/conference"), &t)
        .await
        .json();
    assert!(got["conference"]["signed_at"].is_string());
    assert_eq!(
        got["conference"]["agreed"][0]["goal"],
        "Kan handle ind alene"
    );
    assert_eq!(got["addenda"].as_array().unwrap().len(), 1);
    let put = app
        .put_json(
            &format!("/api/v1/courses/{k}/conference"),
            &t,
            &serde_json::json!({"version": 3, "date": conf_date, "time": "13:00"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::CONFLICT);
    assert_eq!(put.json()["error"]["code"], "refused");
}
