//! Progression through the pages: goals with baselines, separate ratings,
//! the citizen's rating at a meeting, flags, the employment-goal line and
//! decisions that reach the journal and the provider.

use crate::harness::{Auth, Session, TestApp};
use crate::plan::{intervention, iso};
use axum::http::StatusCode;
use jobspor_store::{PlanStore, ProgressionStore};

async fn setup(app: &TestApp) -> (String, String, String) {
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(app, "Smertehåndteringsforløb", sc, 5).await;
    let (cit, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Progressen")
        .await;
    let t = app.token("cw").await;
    let r = app
        .post_json(
            &format!("/api/v1/courses/{k}/consents"),
            &t,
            &serde_json::json!({"unit_id": sc.to_string(), "scope": "Mål", "purpose": "Indsats",
                "valid_from": iso(0), "valid_to": iso(90), "method": "written"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = app
        .post_json(
            &format!("/api/v1/courses/{k}/plan/placements"),
            &t,
            &serde_json::json!({"version": 0, "intervention_id": pain.to_string(), "goal": "Kan gå 30 minutter",
                "start_date": iso(-10), "end_date": iso(60), "first_measurement": iso(-1)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    (cit, k, r.json()["id"].as_str().unwrap().to_string())
}

async fn post(app: &TestApp, s: &Session, path: &str, fields: &[(&str, &str)]) -> StatusCode {
    app.post_form(path, s, fields).await.status
}

#[tokio::test]
async fn goals_ratings_flags_and_decisions() {
    let app = TestApp::new().await;
    let (cit, k, pid) = setup(&app).await;
    let udf = app.login("fys_udf").await;
    let base = format!("/deltagere/{pid}");
    let goal = |q: &'static str, c: &'static str, p: &'static str| {
        vec![
            ("style", "psfs"),
            ("question", q),
            ("gas_levels", ""),
            ("weight", "1"),
            ("interval_days", "14"),
            ("baseline_citizen", c),
            ("baseline_provider", p),
        ]
    };
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/maal"),
            &goal("Hvor godt kan du gå 30 minutter i dag?", "11", "3")
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/maal"),
            &goal("Hvor godt kan du gå 30 minutter i dag?", "2", "6")
        )
        .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/maal"),
            &goal("Hvor godt kan du bære indkøb i dag?", "4", "4")
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let goals = app.store.goals(app.m, k.parse().unwrap()).await.unwrap();
    let (g1, g2) = (goals[0].id.to_string(), goals[1].id.to_string());

    // The provider's own rating: bad values and dates are refused.
    let rate = |value: &'static str, date: String| {
        let g1 = g1.clone();
        move || {
            vec![
                ("goal", g1.clone()),
                ("value", value.to_string()),
                ("comment", "udførerens kommentar".to_string()),
                ("date", date.clone()),
            ]
        }
    };
    for (value, date, why) in [
        ("2.5", iso(0), "a fraction"),
        ("7/10", iso(0), "not a number"),
        ("", iso(0), "blank"),
        ("-1", iso(0), "below the scale"),
        ("5", iso(1), "in the future"),
        ("5", iso(-11), "before the start"),
    ] {
        let f = rate(value, date)();
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
        assert_eq!(
            post(&app, &udf, &format!("{base}/vurdering"), &pairs).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}"
        );
    }
    let f = rate("7", iso(0))();
    let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(
        post(&app, &udf, &format!("{base}/vurdering"), &pairs).await,
        StatusCode::SEE_OTHER
    );

    // The citizen's rating at a meeting shows nothing of the provider's.
    let form = app
        .get(&format!("{base}/borger/{g1}"), &Auth::Session(udf.clone()))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.text();
    assert!(html.contains("Hvor godt kan du gå 30 minutter i dag?"));
    assert!(
        !html.contains("udførerens kommentar") && !html.contains("chart"),
        "no provider ratings on the citizen's page"
    );
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/borger/{g1}"),
            &[("value", "3"), ("comment", ""), ("date", "")]
        )
        .await,
        StatusCode::SEE_OTHER
    );

    // The caseworker's view: chart, table, the flag, and the employment-goal line.
    let cw = app.login("cw").await;
    let page = format!("/forloeb/{k}/progression");
    let html = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(html.contains("<svg class=\"chart\"") && html.contains("role=\"img\""));
    assert!(html.contains("Hvor godt kan du bære indkøb i dag?"));
    assert!(
        html.contains("3 (+1)") && html.contains("7 (+1)"),
        "latest and change since baseline"
    );
    assert!(
        html.contains("langt fra hinanden"),
        "citizen 3 and provider 7 are apart"
    );
    assert_eq!(
        post(
            &app,
            &cw,
            &format!("{page}/beskaeftigelse"),
            &[("value", "11"), ("comment", ""), ("date", "")]
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(
            &app,
            &cw,
            &format!("{page}/beskaeftigelse"),
            &[("value", "6"), ("comment", "God udvikling"), ("date", "")]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    assert!(app
        .get(&page, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("chart-employment"));

    // Decisions: adjust ends the goal, stop ends the intervention; both reach
    // the journal and the provider's inbox.
    assert_eq!(
        post(
            &app,
            &cw,
            &format!("{page}/{pid}/beslutning"),
            &[("goal", &g1), ("decision", "adjust"), ("reason", "")]
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "adjust needs a reason"
    );
    assert_eq!(
        post(
            &app,
            &cw,
            &format!("{page}/{pid}/beslutning"),
            &[
                ("goal", &g1),
                ("decision", "adjust"),
                ("reason", "Nyt spørgsmål om trapper")
            ]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    assert!(app.store.goals(app.m, k.parse().unwrap()).await.unwrap()[0]
        .ended_at
        .is_some());
    let f = rate("8", iso(0))();
    let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(
        post(&app, &udf, &format!("{base}/vurdering"), &pairs).await,
        StatusCode::NOT_FOUND,
        "an ended goal takes no ratings"
    );
    let history = app
        .get(
            &format!("/forloeb/{k}/historik"),
            &Auth::Session(cw.clone()),
        )
        .await
        .text();
    assert!(history.contains("Beslutning om progressionen i Smertehåndteringsforløb"));
    assert!(app
        .get("/indbakke", &Auth::Session(udf.clone()))
        .await
        .text()
        .contains("Beslutning om progressionen"));
    assert_eq!(
        post(
            &app,
            &cw,
            &format!("{page}/{pid}/beslutning"),
            &[
                ("goal", &g2),
                ("decision", "stop"),
                ("reason", "Ingen effekt")
            ]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let p = app
        .store
        .placement(app.m, pid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.status, jobspor_domain::plan::PlacementStatus::Ended);

    // Others: another unit's provider, and the caseworker posing as provider.
    let _ = app.provider_in("Voksenhandicap", "vh_udf").await;
    let vh = app.login("vh_udf").await;
    assert_eq!(
        app.get(&base, &Auth::Session(vh)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post(
            &app,
            &cw,
            &format!("{base}/vurdering"),
            &[("goal", &g2), ("value", "5")]
        )
        .await,
        StatusCode::NOT_FOUND
    );
    let log = app.access_log_actions(&cit).await;
    assert!(
        log.iter()
            .filter(|(u, a, _)| u == "fys_udf" && a == "create")
            .count()
            >= 3,
        "{log:?}"
    );
}

#[tokio::test]
async fn the_citizen_rates_through_a_one_time_link() {
    let app = TestApp::new().await;
    let (cit, k, pid) = setup(&app).await;
    let udf = app.login("fys_udf").await;
    let goal = [
        ("style", "psfs"),
        ("question", "Hvor godt kan du gå 30 minutter i dag?"),
        ("interval_days", "14"),
        ("baseline_citizen", "2"),
        ("baseline_provider", "4"),
    ];
    assert_eq!(
        post(&app, &udf, &format!("/deltagere/{pid}/maal"), &goal).await,
        StatusCode::SEE_OTHER
    );
    let g = app.store.goals(app.m, k.parse().unwrap()).await.unwrap()[0].id;
    let made = app
        .post_form(&format!("/deltagere/{pid}/link"), &udf, &[])
        .await;
    assert_eq!(made.status, StatusCode::OK);
    let html = made.text();
    let start = html.find("/m/").unwrap();
    let path: String = html[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();

    // No login needed; the page shows the question, not the provider's 4.
    let page = app.get(&path, &Auth::None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .text()
        .contains("Hvor godt kan du gå 30 minutter i dag?"));
    assert!(!page.text().contains("chart") && !page.text().contains("Udfører"));
    let field = format!("g-{g}");
    for bad in ["11", "", "2.5"] {
        let r = app
            .post_form_raw(&path, None, &[(field.as_str(), bad), ("comment", "")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    let ok = app
        .post_form_raw(
            &path,
            None,
            &[(field.as_str(), "5"), ("comment", "Bedre end sidst")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.text().contains("Din vurdering er gemt"));
    let again = app
        .post_form_raw(&path, None, &[(field.as_str(), "6"), ("comment", "")])
        .await;
    assert_eq!(again.status, StatusCode::GONE, "a used link is refused");
    assert!(again.text().contains("allerede brugt"));
    assert_eq!(
        app.get("/m/not-a-token", &Auth::None).await.status,
        StatusCode::NOT_FOUND
    );

    let all = app
        .store
        .measurements(app.m, k.parse().unwrap())
        .await
        .unwrap();
    let from_link: Vec<_> = all
        .iter()
        .filter(|m| m.channel == jobspor_domain::progression::Channel::Link)
        .collect();
    assert_eq!(
        (
            from_link.len(),
            from_link[0].value,
            from_link[0].recorded_by
        ),
        (1, 5, None)
    );
    let log = app.access_log_actions(&cit).await;
    assert!(
        log.iter()
            .any(|(u, a, _)| u == "borger via link" && a == "create"),
        "{log:?}"
    );

    // An expired link is refused too.
    let made = app
        .post_form(&format!("/deltagere/{pid}/link"), &udf, &[])
        .await
        .text();
    let start = made.find("/m/").unwrap();
    let path: String = made[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();
    sqlx::query("UPDATE rating_links SET expires_at = 0 WHERE used_at IS NULL")
        .execute(app.store.pool())
        .await
        .unwrap();
    let expired = app.get(&path, &Auth::None).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.text().contains("udløbet"));
}

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

#[tokio::test]
async fn the_provider_corrects_a_rating_through_the_page() {
    let app = TestApp::new().await;
    let (_, k, pid) = setup(&app).await;
    let udf = app.login("fys_udf").await;
    let base = format!("/deltagere/{pid}");
    let goal = [
        ("style", "own"),
        ("question", "Hvor godt møder du op?"),
        ("interval_days", "14"),
        ("baseline_citizen", "5"),
        ("baseline_provider", "5"),
    ];
    assert_eq!(
        post(&app, &udf, &format!("{base}/maal"), &goal).await,
        StatusCode::SEE_OTHER
    );
    let g = app.store.goals(app.m, k.parse().unwrap()).await.unwrap()[0]
        .id
        .to_string();
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/vurdering"),
            &[("goal", &g), ("value", "9"), ("corrects", "")]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let wrong = app
        .store
        .measurements(app.m, k.parse().unwrap())
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.value == 9)
        .unwrap()
        .id
        .to_string();
    let page = app.get(&base, &Auth::Session(udf.clone())).await.text();
    assert!(
        page.contains(&format!("value=\"{wrong}\"")),
        "the rating is offered for correction"
    );
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/vurdering"),
            &[("goal", &g), ("value", "6"), ("corrects", &wrong)]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let page = app.get(&base, &Auth::Session(udf)).await.text();
    assert!(
        !page.contains(&format!("value=\"{wrong}\"")),
        "a corrected rating is not offered again"
    );
    let cw = Auth::Session(app.login("cw").await);
    assert!(
        app.get(&format!("/forloeb/{k}/progression"), &cw)
            .await
            .text()
            .contains("6 (+1)"),
        "the correction counts"
    );
}

#[tokio::test]
async fn gas_goals_give_a_t_score() {
    let app = TestApp::new().await;
    let (_, k, pid) = setup(&app).await;
    let udf = app.login("fys_udf").await;
    let base = format!("/deltagere/{pid}");
    let levels = "Går ikke\nGår 5 minutter\nGår 15 minutter\nGår 30 minutter\nGår 45 minutter";
    let missing = [
        ("style", "gas"),
        ("question", "Gåtur"),
        ("gas_levels", "Kun én linje"),
        ("weight", "1"),
        ("interval_days", "14"),
        ("baseline_citizen", "-2"),
        ("baseline_provider", "-2"),
    ];
    assert_eq!(
        post(&app, &udf, &format!("{base}/maal"), &missing).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "five levels needed"
    );
    for (q, w) in [("Gåtur", "1"), ("Indkøb", "1")] {
        let f = [
            ("style", "gas"),
            ("question", q),
            ("gas_levels", levels),
            ("weight", w),
            ("interval_days", "14"),
            ("baseline_citizen", "-2"),
            ("baseline_provider", "-2"),
        ];
        assert_eq!(
            post(&app, &udf, &format!("{base}/maal"), &f).await,
            StatusCode::SEE_OTHER
        );
    }
    let goals = app.store.goals(app.m, k.parse().unwrap()).await.unwrap();
    assert_eq!(
        post(
            &app,
            &udf,
            &format!("{base}/vurdering"),
            &[("goal", &goals[0].id.to_string()), ("value", "3")]
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "GAS is −2…+2"
    );
    for (g, v) in [(&goals[0], "2"), (&goals[1], "-1")] {
        assert_eq!(
            post(
                &app,
                &udf,
                &format!("{base}/vurdering"),
                &[("goal", &g.id.to_string()), ("value", v)]
            )
            .await,
            StatusCode::SEE_OTHER
        );
    }
    // 50 + 10·(2 − 1)/√(0.7·2 + 0.3·4) = 56.2
    let cw = Auth::Session(app.login("cw").await);
    let html = app
        .get(&format!("/forloeb/{k}/progression"), &cw)
        .await
        .text();
    assert!(
        html.contains("GAS T-score på tværs af GAS-målene: 56,2"),
        "{html}"
    );
}
