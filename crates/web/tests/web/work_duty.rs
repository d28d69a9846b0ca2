//! The arbejdspligt ledger: weeks recorded and corrected by the caseworker,
//! each kind of bad input refused with nothing stored, only where the law
//! gives a duty, and only for the course's caseworker.

use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use axum::http::StatusCode;

#[tokio::test]
async fn the_caseworker_keeps_the_weeks_of_the_work_duty() {
    let app = TestApp::new().await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Asta Arbejdspligt")
        .await;
    let cw = app.login("cw").await;
    let page = format!("/forloeb/{k}/arbejdspligt");
    let shown = app.get(&page, &Auth::Session(cw.clone())).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text().contains("Ingen uger registreret"));

    let last_week = iso(-7);
    let record = |fields: Vec<(&'static str, String)>| {
        let (app, cw, page) = (&app, cw.clone(), page.clone());
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (*a, b.as_str())).collect();
            app.post_form(&page, &cw, &pairs).await
        }
    };
    let week = |version: &str, day: &str, planned: &str, met: &str, red: &str, reason: &str| {
        vec![
            ("version", version.to_string()),
            ("day", day.to_string()),
            ("planned", planned.to_string()),
            ("met", met.to_string()),
            ("reduction", red.to_string()),
            ("reason", reason.to_string()),
        ]
    };

    // Each kind of bad input: a clear 422 in Danish, nothing stored.
    for (fields, says) in [
        (
            week("", &last_week, "38", "", "", ""),
            "hele timer fra 0 til 37",
        ),
        (
            week("", &last_week, "20", "25", "", ""),
            "flere timer end planlagt",
        ),
        (
            week("", &last_week, "30", "", "10", "Lægeerklæring"),
            "pligten 27 timer",
        ),
        (
            week("", &last_week, "27", "", "10", ""),
            "dokumenteret helbredsbegrundelse",
        ),
        (
            week("", &last_week, "27", "", "", "Træt"),
            "hører til en nedsættelse",
        ),
        (week("", &iso(14), "20", "5", "", ""), "ikke er begyndt"),
        (week("", &iso(70), "20", "", "", ""), "højst 8 uger frem"),
        (
            week("", "2026-02-01", "20", "", "", ""),
            "før forløbets start",
        ),
        (week("", "9999-01-01", "20", "", "", ""), "år fra i dag"),
        (week("", "i går", "20", "", "", ""), "ikke en gyldig dato"),
    ] {
        let r = record(fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert!(r.text().contains(says), "{says}: {}", r.text());
    }
    assert_eq!(app.rows("work_duty_weeks").await, 0);

    // A week with a reduction, then corrected under its version.
    let ok = record(week(
        "",
        &last_week,
        "27",
        "20",
        "10",
        "Lægeerklæring: rygsmerter",
    ))
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let twice = record(week(
        "",
        &last_week,
        "27",
        "20",
        "10",
        "Lægeerklæring: rygsmerter",
    ))
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "recorded already");
    let fixed = record(week(
        "1",
        &last_week,
        "27",
        "25",
        "10",
        "Lægeerklæring: rygsmerter",
    ))
    .await;
    assert_eq!(fixed.status, StatusCode::SEE_OTHER, "{}", fixed.text());
    let stale = record(week(
        "1",
        &last_week,
        "27",
        "27",
        "10",
        "Lægeerklæring: rygsmerter",
    ))
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let planned = record(week("", &iso(7), "37", "", "", "")).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "planned ahead");

    let html = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(
        html.contains("De seneste 2 uger: 64 timer planlagt, 25 opfyldt, 39 mangler."),
        "{html}"
    );
    assert!(html.contains("Lægeerklæring: rygsmerter"));
    assert_eq!(app.rows("work_duty_weeks").await, 2);
    let audited = app
        .count(
            "SELECT COUNT(*) FROM audit_log WHERE object LIKE $1",
            &[&format!("work_duty:{k}:%")],
        )
        .await;
    assert_eq!(audited, 3, "two recorded, one corrected");

    // No duty for sygedagpenge, and not for others' courses.
    let t = app.token("cw").await;
    let c = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &serde_json::json!({"cpr": "010190-1234", "name": "Sofus Syg"}),
        )
        .await;
    let cid = c.json()["id"].as_str().unwrap().to_string();
    let s = app
        .post_json(
            "/api/v1/courses",
            &t,
            &serde_json::json!({"citizen_id": cid, "target_group": "sygedagpenge", "category": "kategori_1",
                "start_date": iso(-20), "first_absence_date": iso(-30), "framework": "Udviklingsforløb"}),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text());
    let sick = s.json()["id"].as_str().unwrap().to_string();
    let r = app
        .post_form(
            &format!("/forloeb/{sick}/arbejdspligt"),
            &cw,
            &[("day", &last_week), ("planned", "20")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("ingen arbejdspligt"));
    for who in ["cw_other", "provider", "psych"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get(&page, &Auth::Session(s)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
}
