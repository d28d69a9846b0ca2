//! Progression through the pages: goals with baselines, separate ratings,
//! the citizen's rating at a meeting, flags, the employment-goal line and
//! decisions that reach the journal and the provider.

use crate::harness::{Auth, Session, TestApp};
use crate::plan::{intervention, iso};
use axum::http::StatusCode;
use jobspor_store::{PlanStore, ProgressionStore};

pub async fn setup(app: &TestApp) -> (String, String, String) {
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

pub async fn post(app: &TestApp, s: &Session, path: &str, fields: &[(&str, &str)]) -> StatusCode {
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
    // Showing the citizen's goal is a read of their data, and audited
    // (security finding 8: this page wrote no audit entry).
    let shown = "SELECT COUNT(*) FROM audit_log WHERE object = $1 AND action = 'read'";
    assert_eq!(
        app.count(shown, &[&format!("goal:{g1}:rating_form")]).await,
        1
    );
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
