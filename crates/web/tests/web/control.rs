//! Course control and exit: statutory deadlines, closing with an outcome,
//! and a closed course that only takes journal additions.

use crate::harness::{Auth, TestApp};
use crate::plan::{intervention, iso};
use axum::http::StatusCode;
use jobspor_store::PlanStore;

/// A sygedagpenge course started `start` days from today, with consent for
/// Sundhedscenter and a placement there: (course id, placement id).
async fn sick_course(
    app: &TestApp,
    name: &str,
    start: i64,
    placement: (i64, i64),
) -> (String, String) {
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(app, "Smertehåndteringsforløb", sc, 5).await;
    let t = app.token("cw").await;
    let c = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &serde_json::json!({"cpr": "250380-1714", "name": name}),
        )
        .await;
    let cid = c.json()["id"].as_str().unwrap().to_string();
    let k = app
        .post_json(
            "/api/v1/courses",
            &t,
            &serde_json::json!({"citizen_id": cid, "target_group": "sygedagpenge", "category": "kategori_2",
                "start_date": iso(start), "first_absence_date": iso(start),
                "framework": "Udviklingsforløb for sygedagpengemodtagere"}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.text());
    let k = k.json()["id"].as_str().unwrap().to_string();
    let consent = serde_json::json!({"unit_id": sc.to_string(), "scope": "Mål", "purpose": "Indsats",
        "valid_from": iso(0), "valid_to": iso(90), "method": "written"});
    let r = app
        .post_json(&format!("/api/v1/courses/{k}/consents"), &t, &consent)
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let placed = app
        .post_json(
            &format!("/api/v1/courses/{k}/plan/placements"),
            &t,
            &serde_json::json!({"version": 0, "intervention_id": pain.to_string(), "goal": "Kan gå 30 minutter",
                "start_date": iso(placement.0), "end_date": iso(60), "first_measurement": iso(placement.1)}),
        )
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.text());
    (k, placed.json()["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn deadlines_exit_and_a_read_only_closed_course() {
    let app = TestApp::new().await;
    let (k, pid) = sick_course(&app, "Sygdom Testesen", -70, (-5, 9)).await;
    let t = app.token("cw").await;
    let pain = jobspor_store::CatalogueStore::interventions(&app.store, app.m)
        .await
        .unwrap()[0]
        .id;
    let cw = app.login("cw").await;
    let page = format!("/forloeb/{k}/kontrol");
    let html = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(
        html.contains("Opfølgning (sygedagpenge)") && html.contains("Revurdering (uge 22)"),
        "{html}"
    );
    assert!(
        html.contains("forfalden"),
        "the week-8 follow-up, ten weeks in, is overdue"
    );
    assert!(html.contains("Smertehåndteringsforløb slutter") && html.contains("første måling"));
    // Recording the follow-up as held: it is no longer overdue, and the journal says so.
    let start = jobspor_domain::time::parse_date(&iso(-70)).unwrap();
    let week8 = (start + chrono::Duration::days(55))
        .format("%Y-%m-%d")
        .to_string();
    let meet = |kind: &'static str, due: String, on: String| {
        vec![("kind", kind.to_string()), ("due", due), ("met_on", on)]
    };
    for (f, why) in [
        (
            meet("measurement", week8.clone(), iso(0)),
            "not a recorded kind",
        ),
        (meet("follow_up", iso(-3), iso(0)), "no such deadline"),
        (meet("follow_up", week8.clone(), iso(1)), "in the future"),
    ] {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
        assert_eq!(
            app.post_form(&format!("/forloeb/{k}/frist"), &cw, &pairs)
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}"
        );
    }
    let f = meet("follow_up", week8.clone(), iso(-1));
    let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(
        app.post_form(&format!("/forloeb/{k}/frist"), &cw, &pairs)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form(&format!("/forloeb/{k}/frist"), &cw, &pairs)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "twice"
    );
    let html = app.get(&page, &Auth::Session(cw.clone())).await.text();
    assert!(
        !html.contains("(forfalden)"),
        "nothing overdue once the follow-up is held: {html}"
    );
    assert!(app
        .get(
            &format!("/forloeb/{k}/historik"),
            &Auth::Session(cw.clone())
        )
        .await
        .text()
        .contains("Opfølgning (sygedagpenge) med frist"));

    let close = |outcome: &'static str, hours: &'static str, version: &'static str| {
        let d = iso(0);
        vec![
            ("version", version.to_string()),
            ("outcome", outcome.to_string()),
            ("date", d),
            ("hours", hours.to_string()),
            ("bekraeftet", "1".to_string()),
        ]
    };
    for (f, why) in [
        (close("vanished", "", "1"), "unknown outcome"),
        (close("ordinary_job", "", "1"), "hours missing"),
        (close("moved", "37", "1"), "hours for a move"),
    ] {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
        assert_eq!(
            app.post_form(&format!("/forloeb/{k}/afslut"), &cw, &pairs)
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}"
        );
    }
    let version = app.course(&k).await.version.to_string();
    // Closing asks first, saying what it means; nothing is closed yet.
    let ask = app
        .post_form(
            &format!("/forloeb/{k}/afslut"),
            &cw,
            &[
                ("version", version.as_str()),
                ("outcome", "ordinary_job"),
                ("date", iso(0).as_str()),
                ("hours", "30"),
            ],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.text().contains("Afslut forløbet?")
            && ask.text().contains("kan ikke åbnes igen")
            && ask
                .text()
                .contains("name=\"outcome\" value=\"ordinary_job\""),
        "{}",
        ask.text()
    );
    assert_eq!(app.course(&k).await.version.to_string(), version);
    let f = [
        ("version", version.clone()),
        ("outcome", "ordinary_job".into()),
        ("date", iso(0)),
        ("hours", "30".into()),
        ("bekraeftet", "1".into()),
    ];
    let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(
        app.post_form(&format!("/forloeb/{k}/afslut"), &cw, &pairs)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let again = app
        .post_form(&format!("/forloeb/{k}/afslut"), &cw, &pairs)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("allerede afsluttet"));
    assert!(app
        .get(&page, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("Ordinært job, 30 timer pr. uge"));

    // The intervention ended, and its provider was told.
    let p = app
        .store
        .placement(app.m, pid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.status, jobspor_domain::plan::PlacementStatus::Ended);
    assert!(app
        .get("/indbakke", &Auth::Session(app.login("fys_udf").await))
        .await
        .text()
        .contains("Indsats afsluttet"));
    let hist = format!("/forloeb/{k}/historik");
    assert!(app
        .get(&hist, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("Forløbet er afsluttet pr."));

    // Read-only now: changes are refused with a pointer to the journal …
    let status = app
        .post_form(
            &format!("/forloeb/{k}/status"),
            &cw,
            &[
                ("version", "3"),
                ("status", "active"),
                ("framework", "X"),
                ("employment_goal", ""),
            ],
        )
        .await;
    assert_eq!(status.status, StatusCode::CONFLICT, "{}", status.text());
    let plan = app
        .post_json(
            &format!("/api/v1/courses/{k}/plan/placements"),
            &t,
            &serde_json::json!({"version": 2, "intervention_id": pain.to_string(), "goal": "Igen",
                "start_date": iso(1), "end_date": iso(60), "first_measurement": iso(9)}),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CONFLICT);
    assert!(plan.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("journal"));
    let rate = app
        .post_form(
            &format!("/forloeb/{k}/progression/beskaeftigelse"),
            &cw,
            &[("value", "5")],
        )
        .await;
    assert_eq!(
        rate.status,
        StatusCode::CONFLICT,
        "no measuring on a closed course"
    );
    // … while additions to the journal still go in.
    assert_eq!(
        app.post_form(&hist, &cw, &[("text", "Tilføjelse efter afslutning")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.store
            .plan_version(app.m, k.parse().unwrap())
            .await
            .unwrap(),
        2,
        "closing changed the plan (its intervention ended), nothing after"
    );
}

#[tokio::test]
async fn deadline_lists_for_caseworker_team_and_provider_and_the_handover_notice() {
    let app = TestApp::new().await;
    // Started 50 days ago: the week-8 follow-up falls within two weeks.
    let (k, pid) = sick_course(&app, "Frist Testesen", -50, (-20, -3)).await;
    let udf = app.login("fys_udf").await;
    let goal = [
        ("style", "psfs"),
        ("question", "Hvor godt kan du gå i dag?"),
        ("interval_days", "14"),
        ("baseline_citizen", "2"),
        ("baseline_provider", "3"),
    ];
    assert_eq!(
        app.post_form(&format!("/deltagere/{pid}/maal"), &udf, &goal)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let cw = app.login("cw").await;
    let mine = app.get("/frister", &Auth::Session(cw.clone())).await.text();
    assert!(
        mine.contains("Frist Testesen") && mine.contains("Opfølgning (sygedagpenge)"),
        "{mine}"
    );
    assert!(
        mine.contains("Hvor godt kan du gå i dag?") && mine.contains("forfalden"),
        "the first measurement is overdue"
    );
    let team = app
        .get(
            "/frister?omfang=team",
            &Auth::Session(app.login("cw_team").await),
        )
        .await
        .text();
    assert!(
        team.contains("Frist Testesen") && team.contains("cw Testesen"),
        "the team sees it, with whose it is"
    );
    let other = app
        .get(
            "/frister?omfang=team",
            &Auth::Session(app.login("cw_other").await),
        )
        .await
        .text();
    assert!(!other.contains("Frist Testesen"), "another team does not");
    let provider = app
        .get("/maalinger", &Auth::Session(udf.clone()))
        .await
        .text();
    assert!(provider.contains("Frist Testesen") && provider.contains("forfalden"));
    assert!(
        !provider.contains("Opfølgning"),
        "providers see measurements only"
    );

    // Handing over: the new caseworker is told.
    let to = app.user("cw_team").await.id.to_string();
    let version = app.course(&k).await.version.to_string();
    let r = app
        .post_form(
            &format!("/forloeb/{k}/overdrag"),
            &cw,
            &[
                ("version", &version),
                ("caseworker_id", &to),
                ("note", "Ferie"),
                ("bekraeftet", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let new_cw = app.login("cw_team").await;
    let page = app
        .get("/frister", &Auth::Session(new_cw.clone()))
        .await
        .text();
    assert!(
        page.contains("cw Testesen har overdraget forløbet med "),
        "{page}"
    );
    let notice =
        jobspor_store::ControlStore::notices(&app.store, app.m, app.user("cw_team").await.id, 5)
            .await
            .unwrap();
    let read = app
        .post_form(
            &format!("/frister/beskeder/{}/laest", notice[0].id),
            &new_cw,
            &[],
        )
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/frister", &Auth::Session(app.login("manager").await))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
