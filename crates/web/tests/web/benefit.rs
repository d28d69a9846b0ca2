//! Kontanthjælp's readiness and rate: dated assessments under the rules of
//! their date, the latest becoming the course's category, each bad input a
//! 422 with nothing stored.

use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use axum::http::StatusCode;

#[tokio::test]
async fn assessments_carry_their_date_and_rate_and_the_latest_is_the_category() {
    let app = TestApp::new().await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Kaj Kontant")
        .await;
    let cw = app.login("cw").await;
    let page = format!("/forloeb/{k}/kontanthjaelp");
    let shown = app.get(&page, &Auth::Session(cw.clone())).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text().contains("Ingen vurderinger"));
    assert!(
        shown.text().contains("Grundsats"),
        "today's rules offer the rates"
    );

    let post = |version: i64, date: String, category: &'static str, rate: &'static str| {
        let (app, cw, page) = (&app, cw.clone(), page.clone());
        async move {
            app.post_form(
                &page,
                &cw,
                &[
                    ("version", &version.to_string()),
                    ("date", &date),
                    ("category", category),
                    ("rate", rate),
                ],
            )
            .await
        }
    };
    let v = app.course(&k).await.version;
    for (date, category, rate, says) in [
        (iso(1), "jobparat", "grundsats", "i fremtiden"),
        (
            iso(-3),
            "kategori_2",
            "grundsats",
            "jobparat eller aktivitetsparat",
        ),
        (iso(-3), "jobparat", "", "Vælg satsen"),
        (iso(-3), "jobparat", "loftet", "Vælg satsen"),
        (
            "2025-06-30".to_string(),
            "jobparat",
            "grundsats",
            "fra 1. juli 2025",
        ),
        ("0000-01-01".to_string(), "jobparat", "", "år fra i dag"),
    ] {
        let r = post(v, date.clone(), category, rate).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{date} {category} {rate}"
        );
        assert!(r.text().contains(says), "{says}: {}", r.text());
    }
    assert_eq!(app.rows("readiness_assessments").await, 0);
    assert_eq!(app.course(&k).await.version, v, "the course is untouched");

    // Jobparat with the basic rate: the course's category follows.
    let notes = app.rows("journal_entries").await;
    let ok = post(v, iso(-3), "jobparat", "grundsats").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let course = app.course(&k).await;
    assert_eq!(course.category.as_deref(), Some("jobparat"));
    assert_eq!(app.rows("journal_entries").await, notes + 1);
    // An older assessment is history: it does not change the category.
    let old = post(course.version, "2025-05-02".into(), "aktivitetsparat", "").await;
    assert_eq!(old.status, StatusCode::SEE_OTHER, "{}", old.text());
    let course = app.course(&k).await;
    assert_eq!(course.category.as_deref(), Some("jobparat"));
    // A stale form is refused.
    assert_eq!(
        post(v, iso(-1), "aktivitetsparat", "forhoejet")
            .await
            .status,
        StatusCode::CONFLICT
    );
    let html = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(
        html.contains("Grundsats") && html.contains("Aktivitetsparat") && html.contains("Jobparat")
    );

    // Not for other caseworkers.
    let other = app.login("cw_other").await;
    assert_eq!(
        app.get(&page, &Auth::Session(other)).await.status,
        StatusCode::NOT_FOUND
    );
}
