//! The flexible contact course: job conversations and exemptions recorded on
//! a course (bad input refused, nothing stored), and the managers' monitor of
//! the 75 % and 25 % shares through the small-cell rule.

use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use axum::http::StatusCode;

/// A kontanthjælp course of `category` started `start`, for the caseworker.
async fn course(app: &TestApp, cpr: &str, category: &str, start: &str) -> String {
    let t = app.token("cw").await;
    let c = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &serde_json::json!({"cpr": cpr, "name": format!("Borger {cpr}")}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.text());
    let k = app
        .post_json(
            "/api/v1/courses",
            &t,
            &serde_json::json!({"citizen_id": c.json()["id"], "target_group": "kontanthjaelp",
                "category": category, "start_date": start, "framework": "Kontaktforløb"}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.text());
    k.json()["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn conversations_and_exemptions_feed_the_contact_quota_monitor() {
    let app = TestApp::new().await;
    let cw = app.login("cw").await;
    let start = iso(-40);
    let mut group = Vec::new();
    for i in 0..6 {
        group.push(course(&app, &format!("0101{}-1234", 80 + i), "jobparat", &start).await);
    }
    let far = course(&app, "020285-1234", "aktivitetsparat", &start).await;
    let old = course(&app, "030385-1234", "jobparat", "2025-06-02").await;

    let first = &group[0];
    let page = format!("/forloeb/{first}/kontaktforloeb");
    let shown = app.get(&page, &Auth::Session(cw.clone())).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text().contains("tæt på arbejdsmarkedet"));

    // Bad input: a clear 422, nothing stored.
    let say = format!("{page}/samtale");
    for (date, says) in [
        (iso(1), "i fremtiden"),
        (iso(-41), "før forløbets start"),
        ("i morgen".to_string(), "ikke en gyldig dato"),
        ("9999-12-31".to_string(), "år fra i dag"),
    ] {
        let r = app.post_form(&say, &cw, &[("date", &date)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        assert!(r.text().contains(says), "{date}: {}", r.text());
    }
    let no_reason = app
        .post_form(
            &format!("{page}/undtagelse"),
            &cw,
            &[("exempt", "on"), ("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.text().contains("kræver en begrundelse"));
    let not_group = app
        .post_form(
            &format!("/forloeb/{far}/kontaktforloeb/undtagelse"),
            &cw,
            &[("exempt", "on"), ("reason", "Ingen grund")],
        )
        .await;
    assert_eq!(not_group.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.rows("job_conversations").await, 0);
    assert_eq!(app.rows("contact_exemptions").await, 0);

    // Conversations on five of six, one exempted; each with its journal note.
    let notes = app.rows("journal_entries").await;
    for k in &group[..5] {
        let r = app
            .post_form(
                &format!("/forloeb/{k}/kontaktforloeb/samtale"),
                &cw,
                &[("date", &iso(-30))],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let old_one = app
        .post_form(
            &format!("/forloeb/{old}/kontaktforloeb/samtale"),
            &cw,
            &[("date", "2025-07-01")],
        )
        .await;
    assert_eq!(old_one.status, StatusCode::SEE_OTHER);
    let ex = app
        .post_form(
            &format!("/forloeb/{}/kontaktforloeb/undtagelse", group[5]),
            &cw,
            &[("exempt", "on"), ("reason", "Starter i job om 3 uger")],
        )
        .await;
    assert_eq!(ex.status, StatusCode::SEE_OTHER, "{}", ex.text());
    assert_eq!(app.rows("journal_entries").await, notes + 7);
    let course_page = app
        .get(
            &format!("/forloeb/{}/kontaktforloeb", group[5]),
            &Auth::Session(cw.clone()),
        )
        .await
        .text();
    assert!(
        course_page.contains("Starter i job om 3 uger")
            && course_page.contains("Ophæv undtagelsen")
    );

    // The monitor: 6 in the group (not the aktivitetsparat one, not the one
    // whose first six months ended before July 2026); 5 of 6 had a
    // conversation (83 %, met), none an offer, 1 of 6 exempted (17 %).
    let manager = app.login("manager").await;
    let m = app
        .get("/ledelse/kontaktforloeb", &Auth::Session(manager.clone()))
        .await;
    assert_eq!(m.status, StatusCode::OK);
    let html = m.text();
    for part in [
        "Uden enhed",
        "83 %",
        "0 %",
        "17 %",
        "ikke opfyldt",
        "Hele kommunen",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    assert!(html.contains("<td>6</td>"), "six in the group");
    assert!(!html.contains("Borger 010180"), "no citizen is named");

    // Lifting the exemption: 0 % exempted.
    let lift = app
        .post_form(
            &format!("/forloeb/{}/kontaktforloeb/undtagelse", group[5]),
            &cw,
            &[("exempt", "off")],
        )
        .await;
    assert_eq!(lift.status, StatusCode::SEE_OTHER);
    assert_eq!(app.rows("contact_exemptions").await, 0);

    // Only managers see the monitor; only the caseworker the course's page.
    for who in ["cw", "admin", "provider"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get("/ledelse/kontaktforloeb", &Auth::Session(s))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    for who in ["cw_other", "provider", "manager"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get(&page, &Auth::Session(s)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
}

#[tokio::test]
async fn a_group_under_five_is_not_shown() {
    let app = TestApp::new().await;
    let k = course(&app, "040490-1234", "jobparat", &iso(-10)).await;
    let cw = app.login("cw").await;
    let r = app
        .post_form(
            &format!("/forloeb/{k}/kontaktforloeb/samtale"),
            &cw,
            &[("date", &iso(-1))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let manager = app.login("manager").await;
    let html = app
        .get("/ledelse/kontaktforloeb", &Auth::Session(manager))
        .await
        .text();
    assert!(
        html.contains("for få til at vise") && !html.contains("100 %"),
        "{html}"
    );
}
