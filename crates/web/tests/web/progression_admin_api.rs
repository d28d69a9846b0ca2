//! Progression administered (the question bank, the flag thresholds) and
//! reached through the API: whole-number ratings only, corrections kept,
//! a course closed once.

use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use crate::progression::{post, setup};
use axum::http::StatusCode;
use jobspor_store::ProgressionStore;

#[tokio::test]
async fn the_administrator_keeps_the_question_bank_and_the_thresholds() {
    let app = TestApp::new().await;
    let (_, k, pid) = setup(&app).await;
    let admin = app.login("admin").await;
    assert_eq!(
        post(
            &app,
            &admin,
            "/admin/progression/spoergsmaal",
            &[("style", "own"), ("text_da", " ")]
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(
            &app,
            &admin,
            "/admin/progression/spoergsmaal",
            &[
                ("style", "psfs"),
                ("text_da", "Hvor godt kan du tage trappen til 2. sal i dag?")
            ]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let page = app
        .get("/admin/progression", &Auth::Session(admin.clone()))
        .await
        .text();
    assert!(
        page.contains("Hvor godt kan du tage trappen til 2. sal i dag?")
            && page.contains("Hvor godt kan du … i dag?")
    );
    let udf = app.login("fys_udf").await;
    let participant = format!("/deltagere/{pid}");
    assert!(
        app.get(&participant, &Auth::Session(udf.clone()))
            .await
            .text()
            .contains("tage trappen til 2. sal"),
        "offered when agreeing a goal"
    );
    let q = app.store.bank_questions(app.m).await.unwrap()[0]
        .id
        .to_string();
    assert_eq!(
        post(
            &app,
            &admin,
            &format!("/admin/progression/spoergsmaal/{q}/aktiv"),
            &[("active", "0")]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    assert!(
        !app.get(&participant, &Auth::Session(udf.clone()))
            .await
            .text()
            .contains("tage trappen til 2. sal"),
        "an inactive question is not offered"
    );

    // Thresholds: citizen 2 and provider 6 are apart by the default 3, not by 5.
    let goal = [
        ("style", "psfs"),
        ("question", "Hvor godt kan du gå i dag?"),
        ("interval_days", "14"),
        ("baseline_citizen", "2"),
        ("baseline_provider", "6"),
    ];
    assert_eq!(
        post(&app, &udf, &format!("{participant}/maal"), &goal).await,
        StatusCode::SEE_OTHER
    );
    let cw = Auth::Session(app.login("cw").await);
    assert!(app
        .get(&format!("/forloeb/{k}/progression"), &cw)
        .await
        .text()
        .contains("langt fra hinanden"));
    assert_eq!(
        post(
            &app,
            &admin,
            "/admin/progression/graenser",
            &[
                ("min_change", "2"),
                ("after_measurements", "3"),
                ("apart", "0")
            ]
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(
            &app,
            &admin,
            "/admin/progression/graenser",
            &[
                ("min_change", "2"),
                ("after_measurements", "3"),
                ("apart", "5")
            ]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    assert!(!app
        .get(&format!("/forloeb/{k}/progression"), &cw)
        .await
        .text()
        .contains("langt fra hinanden"));
    let cw_session = app.login("cw").await;
    assert_eq!(
        post(
            &app,
            &cw_session,
            "/admin/progression/graenser",
            &[
                ("min_change", "1"),
                ("after_measurements", "1"),
                ("apart", "1")
            ]
        )
        .await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_api_refuses_bad_ratings_keeps_corrections_and_closes_once() {
    let app = TestApp::new().await;
    let (_, k, pid) = setup(&app).await;
    let udf = app.token("fys_udf").await;
    let r = app
        .post_json(
            &format!("/api/v1/placements/{pid}/goals"),
            &udf,
            &serde_json::json!({"style": "psfs", "question": "Hvor godt kan du gå i dag?", "interval_days": 14,
                "baseline_citizen": 2, "baseline_provider": 3}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let g = r.json()["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/placements/{pid}/measurements");
    for bad in ["-1", "11", "2.5", "\"\"", "\"7/10\"", "null", "7.0"] {
        let body: serde_json::Value = serde_json::from_str(&format!(
            r#"{{"goal_id": "{g}", "rater": "provider", "value": {bad}}}"#
        ))
        .unwrap();
        let r = app.post_json(&path, &udf, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    // NaN is not JSON at all.
    let raw = app
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri(&path)
                .header(
                    "authorization",
                    format!(
                        "Bearer {}",
                        match &udf {
                            Auth::Bearer(b) => b.clone(),
                            _ => unreachable!(),
                        }
                    ),
                )
                .header("content-type", "application/json")
                .body(axum::body::Body::from(format!(
                    r#"{{"goal_id": "{g}", "rater": "provider", "value": NaN}}"#
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(raw.status, StatusCode::BAD_REQUEST);
    let future = app
        .post_json(
            &path,
            &udf,
            &serde_json::json!({"goal_id": g, "rater": "provider", "value": 5, "date": iso(1)}),
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let first = app
        .post_json(
            &path,
            &udf,
            &serde_json::json!({"goal_id": g, "rater": "provider", "value": 9}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let wrong = first.json()["id"].as_str().unwrap().to_string();
    let fix = app
        .post_json(
            &path,
            &udf,
            &serde_json::json!({"goal_id": g, "rater": "provider", "value": 4, "corrects": wrong}),
        )
        .await;
    assert_eq!(fix.status, StatusCode::CREATED, "{}", fix.text());
    let t = app.token("cw").await;
    let view = app
        .get(&format!("/api/v1/courses/{k}/progression"), &t)
        .await
        .json();
    let provider = &view["placements"][0]["goals"][0]["provider"];
    assert_eq!(
        provider
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [3, 4],
        "the correction replaces, the history stays"
    );
    assert_eq!(
        app.store
            .measurements(app.m, k.parse().unwrap())
            .await
            .unwrap()
            .len(),
        4
    );

    let link = app
        .post_json(
            &format!("/api/v1/placements/{pid}/rating-links"),
            &udf,
            &serde_json::json!({}),
        )
        .await;
    assert!(link.json()["link_path"]
        .as_str()
        .unwrap()
        .starts_with("/m/"));
    let dl = app.get("/api/v1/deadlines", &udf).await;
    assert_eq!(dl.status, StatusCode::OK);

    let version = app.course(&k).await.version;
    let close = |v: i64| serde_json::json!({"version": v, "outcome": "flexjob", "date": iso(0), "hours_per_week": 15});
    assert_eq!(
        app.post_json(&format!("/api/v1/courses/{k}/close"), &t, &close(version))
            .await
            .status,
        StatusCode::OK
    );
    let twice = app
        .post_json(
            &format!("/api/v1/courses/{k}/close"),
            &t,
            &close(version + 1),
        )
        .await;
    assert_eq!(
        (twice.status, twice.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("refused"))
    );
    let after = app
        .post_json(
            &path,
            &udf,
            &serde_json::json!({"goal_id": g, "rater": "provider", "value": 5}),
        )
        .await;
    assert_eq!(
        after.status,
        StatusCode::CONFLICT,
        "no measuring on a closed course"
    );
    let control = app
        .get(&format!("/api/v1/courses/{k}/control"), &t)
        .await
        .json();
    assert_eq!(control["exit"]["outcome"], "flexjob");
}
