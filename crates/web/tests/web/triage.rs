//! Triage after screening: the result beside the caseworker's assessment,
//! and both visitation decisions.

use crate::harness::{Auth, Resp, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_domain::questionnaire::{Definition, ItemKind, Level};
use jobspor_domain::triage::Decision;
use jobspor_store::{CourseStore, QuestionnaireStore, TriageStore};

async fn definition(app: &TestApp, key: &str) -> (String, Definition) {
    let s = app
        .store
        .definitions(app.m)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.key == key)
        .unwrap();
    (s.id.to_string(), Definition::parse(&s.body, key).unwrap())
}

async fn post(app: &TestApp, path: &str, fields: &[(String, String)]) -> Resp {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    app.send(req).await
}

/// Answers every item of a definition through the link's pages: the riskiest
/// answers (last option, maxima), or the safest (green options, safe ends).
async fn answer_all(app: &TestApp, token: &str, d: &Definition, risky: bool) {
    for (n, page) in d.pages.iter().enumerate() {
        let mut fields: Vec<(String, String)> = Vec::new();
        for item in page.items.iter().filter_map(|k| d.item(k)) {
            let value = match item.kind {
                ItemKind::SingleChoice if risky => item.options.last().unwrap().value.clone(),
                ItemKind::SingleChoice => item
                    .options
                    .iter()
                    .find(|o| o.risk.values().all(|l| *l == Level::Green))
                    .unwrap()
                    .value
                    .clone(),
                ItemKind::Scale => {
                    let s = item.scale.as_ref().unwrap();
                    let worse_high = item.risk.iter().all(|t| t.higher_is_worse);
                    (if risky == worse_high { s.max } else { s.min }).to_string()
                }
                ItemKind::Number => {
                    let r = item.number.as_ref().unwrap();
                    let worse_high = item.risk.iter().all(|t| t.higher_is_worse);
                    (if risky == worse_high { r.max } else { r.min }).to_string()
                }
                other => panic!("{other:?}"),
            };
            fields.push((item.key.clone(), value));
        }
        let r = post(app, &format!("/s/{token}/side/{}", n + 1), &fields).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "page {}: {}",
            n + 1,
            r.text()
        );
    }
    let r = post(app, &format!("/s/{token}/indsend"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

async fn screening(app: &TestApp, cid: &str, key: &str, risky: bool) -> String {
    let s = app.login("cw").await;
    let (def_id, def) = definition(app, key).await;
    let r = app
        .post_form(
            &format!("/borgere/{cid}/screening"),
            &s,
            &[
                ("definition_id", &def_id),
                ("language", "da"),
                ("channel", "paper"),
            ],
        )
        .await;
    let text = r.text();
    let at = text.find("/s/").unwrap() + 3;
    let token = text[at..at + 43].to_string();
    answer_all(app, &token, &def, risky).await;
    app.store
        .responses_of_citizen(app.m, cid.parse().unwrap())
        .await
        .unwrap()
        .remove(0)
        .id
        .to_string()
}

async fn framework(app: &TestApp) -> String {
    let admin = app.login("admin").await;
    let r = app
        .post_form(
            "/admin/forloebsrammer",
            &admin,
            &[
                (
                    "name",
                    "Udviklingsforløb for kontanthjælpsmodtagere over 30 år",
                ),
                ("target_group", "kontanthjaelp"),
                ("default_weeks", "26"),
                ("team", "psychologist"),
                ("team", "nurse"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let bad = app
        .post_form(
            "/admin/forloebsrammer",
            &admin,
            &[
                ("name", "X"),
                ("target_group", "kontanthjaelp"),
                ("default_weeks", "0"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.store.frameworks(app.m).await.unwrap()[0].id.to_string()
}

#[tokio::test]
async fn high_risk_is_triaged_into_a_development_course() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let fw = framework(&app).await;
    let rid = screening(&app, &cid, "jobspor-screening-kontanthjaelp", true).await;
    let s = app.login("cw").await;
    let page = app
        .get(&format!("/screeninger/{rid}"), &Auth::Session(s.clone()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let t = page.text();
    // The dimensions with colours in words, the answers behind, the suggestion, the guide.
    for needle in [
        "Risikodimensioner",
        "Rød",
        "Bolig og økonomi",
        "Hvordan bor du?: Jeg har ingen fast bolig",
        "Høj risiko",
        "aktivitetsparat",
        "Dialogguide",
        "Hvem kan du regne med",
    ] {
        assert!(t.contains(needle), "{needle}");
    }
    assert!(
        app.access_log_actions(&cid)
            .await
            .iter()
            .any(|(u, a, _)| u == "cw" && a == "read"),
        "viewing answers is audited"
    );
    // Citizen page links the submitted screening to its triage.
    assert!(app
        .get(&format!("/borgere/{cid}"), &Auth::Session(s.clone()))
        .await
        .text()
        .contains(&format!("/screeninger/{rid}")));

    let path = format!("/screeninger/{rid}/triage");
    let wrong = app
        .post_form(
            &path,
            &s,
            &[
                ("assessed_risk", "low"),
                ("decision", "development_course"),
                ("framework_id", &fw),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("ved lav risiko afsluttes"));
    let no_fw = app
        .post_form(
            &path,
            &s,
            &[
                ("assessed_risk", "high"),
                ("decision", "development_course"),
            ],
        )
        .await;
    assert!(no_fw.text().contains("vælg en forløbsramme"));
    let ok = app
        .post_form(
            &path,
            &s,
            &[
                ("assessed_risk", "moderate"),
                ("assessed_readiness", "jobparat"),
                ("decision", "development_course"),
                ("framework_id", &fw),
                ("start_date", "2026-11-23"),
                ("employment_goal", "Job i detailhandlen"),
                ("note", "Vil gerne i gang"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let triage = app
        .store
        .triage_of_response(app.m, rid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(triage.decision, Decision::DevelopmentCourse);
    assert!(
        triage.disagrees(),
        "moderate/jobparat against high/aktivitetsparat"
    );
    let course = app
        .store
        .course(app.m, triage.course_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ok.location(), format!("/forloeb/{}/historik", course.id));
    assert_eq!(
        (
            course.framework.as_str(),
            course.category.as_deref(),
            course.employment_goal.as_str()
        ),
        (
            "Udviklingsforløb for kontanthjælpsmodtagere over 30 år",
            Some("jobparat"),
            "Job i detailhandlen"
        )
    );
    let psych = app.user("psych").await;
    assert_eq!(
        app.store.course_relations(&course).await.unwrap().1,
        vec![psych.id],
        "the framework's default team"
    );
    // The first journal entry records the visitation and the framework's 26 weeks from 23-11-2026.
    let first = jobspor_store::JournalStore::journal(&app.store, app.m, course.id)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        first[0].text.contains("moderat risiko, jobparat")
            && first[0].text.contains("26 uger (til 24-05-2027)")
            && first[0].text.contains("Notat: Vil gerne i gang"),
        "{}",
        first[0].text
    );
    // Once only; and only caseworkers.
    let again = app
        .post_form(
            &path,
            &s,
            &[
                ("assessed_risk", "low"),
                ("decision", "close_low_risk"),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let ps = app.login("psych").await;
    assert_eq!(
        app.get(&format!("/screeninger/{rid}"), &Auth::Session(ps))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(app
        .get(&format!("/screeninger/{rid}"), &Auth::Session(s))
        .await
        .text()
        .contains("Visiteret til udviklingsforløb"));
}

#[tokio::test]
async fn low_risk_is_closed_with_a_note() {
    let app = TestApp::new().await;
    let (cid, _) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let rid = screening(&app, &cid, "jobspor-screening-kontanthjaelp", false).await;
    let s = app.login("cw").await;
    let t = app
        .get(&format!("/screeninger/{rid}"), &Auth::Session(s.clone()))
        .await
        .text();
    assert!(t.contains("Lav risiko") && t.contains("jobparat") && !t.contains("Dialogguide"));
    let path = format!("/screeninger/{rid}/triage");
    let no_note = app
        .post_form(
            &path,
            &s,
            &[("assessed_risk", "low"), ("decision", "close_low_risk")],
        )
        .await;
    assert!(no_note.text().contains("skriv en kort note"));
    let moderate_close = app
        .post_form(
            &path,
            &s,
            &[
                ("assessed_risk", "moderate"),
                ("decision", "close_low_risk"),
                ("note", "x"),
            ],
        )
        .await;
    assert!(moderate_close
        .text()
        .contains("visiteres til et udviklingsforløb"));
    let ok = app
        .post_form(
            &path,
            &s,
            &[
                ("assessed_risk", "low"),
                ("assessed_readiness", "jobparat"),
                ("decision", "close_low_risk"),
                ("note", "Ordinær sagsbehandling"),
            ],
        )
        .await;
    assert_eq!(ok.location(), format!("/screeninger/{rid}"));
    let triage = app
        .store
        .triage_of_response(app.m, rid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (triage.decision, triage.course_id, triage.disagrees()),
        (Decision::CloseLowRisk, None, false)
    );
    assert!(app
        .get(&format!("/screeninger/{rid}"), &Auth::Session(s))
        .await
        .text()
        .contains("Afsluttet ved lav risiko"));
}

#[tokio::test]
async fn a_screening_not_yet_submitted_cannot_be_triaged() {
    let app = TestApp::new().await;
    let (cid, _) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let s = app.login("cw").await;
    let (def_id, _) = definition(&app, "oempsq-10").await;
    app.post_form(
        &format!("/borgere/{cid}/screening"),
        &s,
        &[
            ("definition_id", &def_id),
            ("language", "da"),
            ("channel", "link"),
        ],
    )
    .await;
    let rid = app
        .store
        .responses_of_citizen(app.m, cid.parse().unwrap())
        .await
        .unwrap()
        .remove(0)
        .id;
    let r = app
        .get(&format!("/screeninger/{rid}"), &Auth::Session(s))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("ikke indsendt"));
}

#[tokio::test]
async fn sygedagpenge_courses_need_a_category_of_their_start_date_and_a_first_day_of_absence() {
    let app = TestApp::new().await;
    let (cid, _) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let fw = jobspor_domain::triage::CourseFramework {
        id: jobspor_domain::FrameworkId::new(),
        municipality_id: app.m,
        name: "Udviklingsforløb for sygedagpengemodtagere".into(),
        target_group: jobspor_domain::rules::TargetGroup::Sygedagpenge,
        default_weeks: 22,
        default_team: vec![],
        active: true,
    };
    app.store.create_framework(&fw, &[]).await.unwrap();
    let rid = screening(&app, &cid, "jobspor-screening-sygedagpenge", true).await;
    let s = app.login("cw").await;
    let path = format!("/screeninger/{rid}/triage");
    let fw_id = fw.id.to_string();
    let fields = |category: &'static str, first: &'static str| -> Vec<(&str, &str)> {
        vec![
            ("assessed_risk", "high"),
            ("decision", "development_course"),
            ("framework_id", fw_id.as_str()),
            ("start_date", "2026-11-23"),
            ("first_absence_date", first),
            ("category", category),
        ]
    };
    let missing = app.post_form(&path, &s, &fields("", "2026-10-01")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().contains("kategorien skal vælges"));
    let abolished = app
        .post_form(&path, &s, &fields("kategori_3", "2026-10-01"))
        .await;
    assert_eq!(abolished.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(abolished.text().contains("kategorien findes ikke"));
    let no_absence = app.post_form(&path, &s, &fields("kategori_2", "")).await;
    assert_eq!(no_absence.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_absence.text().contains("første fraværsdag"));
    let late = app
        .post_form(&path, &s, &fields("kategori_2", "2026-11-24"))
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.text().contains("efter forløbets start"));
    // The triage page offers the categories of today's rules: no category 3.
    let form = app
        .get(&path.replace("/triage", ""), &Auth::Session(s.clone()))
        .await
        .text();
    assert!(
        form.contains("Kategori 2") && !form.contains("Kategori 3"),
        "{form}"
    );
    let ok = app
        .post_form(&path, &s, &fields("kategori_2", "2026-10-01"))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let t = app
        .store
        .triage_of_response(app.m, rid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let course = app
        .store
        .course(app.m, t.course_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (course.category.as_deref(), course.rule_set.as_str()),
        (Some("kategori_2"), "reform-2026-07")
    );
    assert_eq!(
        course.first_absence_date,
        jobspor_domain::time::parse_date("2026-10-01")
    );
}
