//! Consent, the intervention plan with capacity and waiting list, and what
//! the provider sees: through the real pages.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use jobspor_domain::catalogue::{Intervention, Track};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::*;
use jobspor_store::{CatalogueStore, PlanStore, UserStore};

pub async fn intervention(
    app: &TestApp,
    name: &str,
    unit: UnitId,
    capacity: u32,
) -> InterventionId {
    let i = Intervention {
        id: InterventionId::new(),
        municipality_id: app.m,
        name: name.into(),
        description: String::new(),
        unit_id: unit,
        tracks: vec![Track::PhysicalDisorders],
        target_groups: vec![TargetGroup::Kontanthjaelp],
        usual_weeks: 12,
        capacity,
        price_ore: 840_000,
        progression_questions: vec![],
        active: true,
        version: 1,
    };
    app.store.create_intervention(&i, &[]).await.unwrap();
    i.id
}

/// A date relative to today in Copenhagen (the day the server judges by).
pub fn iso(days_from_today: i64) -> String {
    (jobspor_domain::time::today_copenhagen(Utc::now()) + Duration::days(days_from_today))
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn consent_gates_the_plan_and_the_provider_sees_only_their_participants() {
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let _vh = app.provider_in("Voksenhandicap", "vh_udf").await;
    let pain = intervention(&app, "Smertehåndteringsforløb", sc, 1).await;
    let (cit1, k1) = app
        .citizen_with_course("cw", "250380-1714", "Karen Smertesen")
        .await;
    let (_cit2, k2) = app
        .citizen_with_course("cw", "010190-1234", "Bo Ventesen")
        .await;
    let cw = app.login("cw").await;
    let plan1 = format!("/forloeb/{k1}/indsatsplan");
    let page = app.get(&plan1, &Auth::Session(cw.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("Smertehåndteringsforløb") && html.contains("Mangler samtykke"),
        "{html}"
    );
    assert!(html.contains("1 / 1"), "free places shown");

    let pain_id = pain.to_string();
    let (s, e, f) = (iso(1), iso(90), iso(14));
    let add = |version: &'static str, goal: &'static str| {
        vec![
            ("version", version),
            ("intervention", pain_id.as_str()),
            ("goal", goal),
            ("start", s.as_str()),
            ("end", e.as_str()),
            ("first_measurement", f.as_str()),
        ]
    };
    let refused = app
        .post_form(&plan1, &cw, &add("0", "Kan gå 30 minutter"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("samtykke"), "{}", refused.text());

    // Consent: bad dates are refused, then a good one is recorded.
    let sc_id = sc.to_string();
    let consent = |from: &str, to: &str| {
        vec![
            ("unit", sc_id.clone()),
            ("scope", "Mål, datoer og kontaktoplysninger".to_string()),
            ("purpose", "Smertehåndteringsforløb".to_string()),
            ("from", from.to_string()),
            ("to", to.to_string()),
            ("method", "written".to_string()),
        ]
    };
    let fields = |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
    for (from, to) in [(iso(10), iso(1)), (iso(0), "2099-01-01".to_string())] {
        let c = fields(&consent(&from, &to));
        let pairs: Vec<(&str, &str)> = c.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app
            .post_form(&format!("/forloeb/{k1}/samtykke"), &cw, &pairs)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{from} – {to}");
    }
    for k in [&k1, &k2] {
        let c = consent(&iso(0), &iso(180));
        let pairs: Vec<(&str, &str)> = c.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app
            .post_form(&format!("/forloeb/{k}/samtykke"), &cw, &pairs)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let bad = app.post_form(&plan1, &cw, &add("0", "")).await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a goal is required"
    );
    let ok = app
        .post_form(&plan1, &cw, &add("0", "Kan gå 30 minutter"))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let stale = app.post_form(&plan1, &cw, &add("0", "Noget andet")).await;
    assert_eq!(
        stale.status,
        StatusCode::CONFLICT,
        "an edit from an old plan version"
    );
    assert!(app
        .get(&plan1, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("I gang"));

    // The only place is taken: the second citizen waits, visibly.
    let plan2 = format!("/forloeb/{k2}/indsatsplan");
    let waits = app
        .post_form(&plan2, &cw, &add("0", "Kan sidde en time"))
        .await;
    assert_eq!(waits.status, StatusCode::SEE_OTHER);
    assert!(app
        .get(&plan2, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("På venteliste (nr. 1)"));

    // The provider: inbox and participants, nothing else.
    let udf = Auth::Session(app.login("fys_udf").await);
    let inbox = app.get("/indbakke", &udf).await.text();
    assert!(
        inbox.contains("Karen Smertesen") && inbox.contains("Kan gå 30 minutter"),
        "{inbox}"
    );
    assert!(inbox.contains("Ny på venteliste"));
    let list = app.get("/deltagere", &udf).await.text();
    assert!(list.contains("Karen Smertesen") && list.contains("Bo Ventesen"));
    assert!(!list.contains("250380"), "no CPR for providers");
    let p1 = app
        .store
        .placements(app.m, k1.parse().unwrap())
        .await
        .unwrap()[0]
        .id;
    let one = format!("/deltagere/{p1}");
    assert_eq!(app.get(&one, &udf).await.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("/forloeb/{k1}/historik"), &udf)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "never the course itself"
    );
    let other = Auth::Session(app.login("vh_udf").await);
    assert_eq!(
        app.get(&one, &other).await.status,
        StatusCode::NOT_FOUND,
        "another unit"
    );
    assert!(!app.get("/deltagere", &other).await.text().contains("Karen"));

    // Revoking consent takes effect at once.
    let consent_id = jobspor_store::ConsentStore::consents(&app.store, app.m, k1.parse().unwrap())
        .await
        .unwrap()[0]
        .id;
    // Revoking asks first, naming the unit and what follows; nothing changes yet.
    let revoke = format!("/forloeb/{k1}/samtykke/{consent_id}/tilbagekald");
    let ask = app.post_form(&revoke, &cw, &[]).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.text().contains("tilbagekaldes nu") && ask.text().contains("Det kan ikke fortrydes"),
        "{}",
        ask.text()
    );
    assert_eq!(app.get(&one, &udf).await.status, StatusCode::OK);
    let r = app.post_form(&revoke, &cw, &[("bekraeftet", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&one, &udf).await.status, StatusCode::NOT_FOUND);
    assert!(!app.get("/deltagere", &udf).await.text().contains("Karen"));
    assert!(!app.get("/indbakke", &udf).await.text().contains("Karen"));
    assert!(app
        .get(&plan1, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("Mangler samtykke"));

    // Ending the first placement gives the place to the one waiting.
    let r = app
        .post_form(
            &format!("{plan1}/{p1}/afslut"),
            &cw,
            &[
                ("version", "1"),
                ("reason", "Raskmeldt"),
                ("bekraeftet", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(app
        .get(&plan2, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("I gang"));
    assert!(app
        .get("/indbakke", &udf)
        .await
        .text()
        .contains("Har fået plads fra ventelisten"));

    let log = app.access_log_actions(&cit1).await;
    assert!(
        log.iter()
            .any(|(u, a, p)| u == "fys_udf" && a == "read" && p == "levering af indsats"),
        "{log:?}"
    );
    assert!(log.iter().any(|(u, a, _)| u == "cw" && a == "create"));
}

#[tokio::test]
async fn only_the_caseworkers_team_changes_the_plan() {
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(&app, "Smertehåndteringsforløb", sc, 3).await;
    let (_, k) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let pain_id = pain.to_string();
    let (s, e, f) = (iso(1), iso(90), iso(14));
    let form = [
        ("version", "0"),
        ("intervention", pain_id.as_str()),
        ("goal", "Mål"),
        ("start", s.as_str()),
        ("end", e.as_str()),
        ("first_measurement", f.as_str()),
    ];
    // A teammate stands in for the caseworker (and meets the consent rule).
    let team = app.login("cw_team").await;
    let r = app
        .post_form(&format!("/forloeb/{k}/indsatsplan"), &team, &form)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for who in ["cw_other", "psych", "fys_udf", "manager", "admin"] {
        let sess = app.login(who).await;
        let r = app
            .post_form(&format!("/forloeb/{k}/indsatsplan"), &sess, &form)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}");
        let r = app
            .post_form(
                &format!("/forloeb/{k}/samtykke"),
                &sess,
                &[("unit", &sc.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}");
    }
}

#[tokio::test]
async fn the_api_plans_with_versions_and_refuses_bad_dates() {
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(&app, "Smertehåndteringsforløb", sc, 2).await;
    let ips = intervention(&app, "IPS", sc, 2).await;
    let (_, k) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let consent = app
        .post_json(
            &format!("/api/v1/courses/{k}/consents"),
            &t,
            &serde_json::json!({"unit_id": sc.to_string(), "scope": "Mål og datoer", "purpose": "Indsatser",
                "valid_from": iso(0), "valid_to": iso(365), "method": "digital"}),
        )
        .await;
    assert_eq!(consent.status, StatusCode::CREATED, "{}", consent.text());
    let body = |version: i64, i: InterventionId, start: String, end: String, first: String| {
        serde_json::json!({"version": version, "intervention_id": i.to_string(), "goal": "Kan arbejde 10 timer",
            "start_date": start, "end_date": end, "first_measurement": first})
    };
    let path = format!("/api/v1/courses/{k}/plan/placements");
    for (start, end, first, why) in [
        (iso(10), iso(5), iso(7), "end before start"),
        (iso(1), "2199-01-01".to_string(), iso(7), "insane end"),
        ("1. december".to_string(), iso(30), iso(7), "not a date"),
        (iso(1), iso(30), iso(60), "first measurement after the end"),
    ] {
        let r = app
            .post_json(&path, &t, &body(0, pain, start, end, first))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(r.json()["error"]["message"].is_string());
    }
    let first = app
        .post_json(&path, &t, &body(0, pain, iso(1), iso(90), iso(14)))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.json()["status"], "active");
    let parallel = app
        .post_json(&path, &t, &body(1, ips, iso(1), iso(90), iso(14)))
        .await;
    assert_eq!(
        parallel.status,
        StatusCode::CREATED,
        "parallel interventions"
    );
    let stale = app
        .post_json(&path, &t, &body(1, ips, iso(1), iso(90), iso(14)))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let plan = app
        .get(&format!("/api/v1/courses/{k}/plan"), &t)
        .await
        .json();
    assert_eq!(plan["version"], 2);
    assert_eq!(plan["placements"].as_array().unwrap().len(), 2);
    let offer = plan["offers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Smertehåndteringsforløb")
        .unwrap()
        .clone();
    assert_eq!(
        (offer["free_places"].clone(), offer["has_consent"].clone()),
        (1.into(), true.into())
    );

    let pid = first.json()["id"].as_str().unwrap().to_string();
    let end = app
        .post_json(
            &format!("{path}/{pid}/end"),
            &t,
            &serde_json::json!({"version": 2, "reason": "Mål nået"}),
        )
        .await;
    assert_eq!(end.json()["version"], 3, "{}", end.text());

    let udf = app.token("fys_udf").await;
    let list = app.get("/api/v1/participants", &udf).await.json();
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "the ended one is gone"
    );
    let inbox = app.get("/api/v1/inbox", &udf).await.json();
    let kinds: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ended", "assigned", "assigned"]);
    let nid = inbox["items"][0]["id"].as_str().unwrap();
    let read = app
        .post_json(
            &format!("/api/v1/inbox/{nid}/read"),
            &udf,
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/participants", &t).await.status,
        StatusCode::NOT_FOUND,
        "caseworkers have no participant list"
    );
    assert_eq!(
        app.get(&format!("/api/v1/courses/{k}/plan"), &udf)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "providers never see the plan"
    );
}

/// The text of a PDF as `pdftotext` reads it (the test command installs poppler-utils).
pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) is installed by scripts/test.sh");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_citizens_plan_pdf_has_name_goals_and_interventions() {
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let jc = app
        .store
        .create_unit(app.m, "Jobcenter", &[])
        .await
        .unwrap()
        .id;
    let pain = intervention(&app, "Smertehåndteringsforløb", sc, 5).await;
    let mentor = intervention(&app, "Mentorhus", jc, 5).await;
    let (cit, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Plansen")
        .await;
    let t = app.token("cw").await;
    for unit in [sc, jc] {
        let r = app
            .post_json(
                &format!("/api/v1/courses/{k}/consents"),
                &t,
                &serde_json::json!({"unit_id": unit.to_string(), "scope": "Mål og datoer", "purpose": "Indsatser",
                    "valid_from": iso(0), "valid_to": iso(365), "method": "written"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    for (version, i, goal) in [
        (0, pain, "Kan gå 30 minutter uden pause"),
        (1, mentor, "Møder stabilt op tre dage om ugen"),
    ] {
        let r = app
            .post_json(
                &format!("/api/v1/courses/{k}/plan/placements"),
                &t,
                &serde_json::json!({"version": version, "intervention_id": i.to_string(), "goal": goal,
                    "start_date": iso(7), "end_date": iso(90), "first_measurement": iso(21)}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let cw = Auth::Session(app.login("cw").await);
    let r = app.get(&format!("/forloeb/{k}/indsatsplan.pdf"), &cw).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/pdf");
    assert!(
        !r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("Karen"),
        "no name in the file name"
    );
    assert!(r.body.starts_with(b"%PDF-"));
    let text = pdf_text(&r.body);
    for want in [
        "Din indsatsplan",
        "Karen Plansen",
        "Kan gå 30 minutter uden pause",
        "Møder stabilt op tre dage om ugen",
        "Smertehåndteringsforløb",
        "Mentorhus",
        "Sundhedscenter",
        "Næste datoer",
        "cw Testesen",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    assert!(
        !text.contains("250380"),
        "no CPR number in the citizen's plan"
    );
    let raw = String::from_utf8_lossy(&r.body);
    assert!(
        raw.contains("/StructTreeRoot") && raw.contains("/MarkInfo"),
        "tagged PDF"
    );
    assert!(raw.contains("/Lang"), "language set");
    let log = app.access_log_actions(&cit).await;
    assert!(
        log.iter().any(|(u, a, _)| u == "cw" && a == "export"),
        "{log:?}"
    );
    let api = app.get(&format!("/api/v1/courses/{k}/plan.pdf"), &t).await;
    assert!(api.body.starts_with(b"%PDF-"));
    let udf = Auth::Session(app.login("fys_udf").await);
    assert_eq!(
        app.get(&format!("/forloeb/{k}/indsatsplan.pdf"), &udf)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
