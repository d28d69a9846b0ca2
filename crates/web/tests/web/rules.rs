//! The law in force: the administrators' rule-set page, activating the
//! pending 2027 set, and the course control's follow-up counted from the
//! first day of absence.

use crate::harness::*;
use axum::http::StatusCode;
use serde_json::json;

async fn audited(app: &TestApp, prefix: &str) -> i64 {
    app.count(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND object LIKE $1",
        &[&format!("{prefix}%")],
    )
    .await
}

#[tokio::test]
async fn administrators_see_every_rule_set_and_activate_the_pending_one() {
    let app = TestApp::new().await;
    let s = app.login("admin").await;
    let page = app.get("/admin/regelsaet", &Auth::Session(s.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for words in [
        "Lov om en aktiv beskæftigelsesindsats (2019)",
        "Forenklet sygedagpengeopfølgning (2025)",
        "Nyt kontanthjælpssystem (1. juli 2025)",
        "Beskæftigelsesreformen, første fase (1. juli 2026)",
        "Afventer lovgivning",
        "Lov nr. 1750 af 29. december 2025",
        "Kategori 3 og revisitation",
        // The 2027 act's five groups: shown as expected, said to be unpassed.
        "Forventede målgrupper",
        "Jobsøgningsindsats (kontanthjælps- og ledighedsydelsesmodtagere)",
        "Indsats for øvrige borgere",
        "Ikke vedtaget",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(
        !html.contains("reform-2026-07<"),
        "ids are not shown as names"
    );
    assert_eq!(
        html.matches("Sygedagpengeindsats").count(),
        1,
        "only under 2027"
    );
    // Only the pending set has a form.
    assert_eq!(html.matches("name=\"valid_from\"").count(), 1);

    // Caseworkers see nothing of it.
    let cw = app.login("cw").await;
    assert_eq!(
        app.get("/admin/regelsaet", &Auth::Session(cw.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let decide = |from: &'static str, version: &'static str| {
        vec![
            ("valid_from", from),
            ("in_force", "1"),
            ("version", version),
        ]
    };
    assert_eq!(
        app.post_form(
            "/admin/regelsaet/reform-2027",
            &cw,
            &decide("2027-01-01", "0")
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Bad input: a clear 422, nothing stored.
    for (form, why) in [
        (decide("2018-12-31", "0"), "before 2019"),
        (decide("0000-01-01", "0"), "year 0000"),
        (decide("9999-12-31", "0"), "year 9999"),
        (decide("1. januar", "0"), "not a date"),
    ] {
        let r = app
            .post_form("/admin/regelsaet/reform-2027", &s, &form)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(r.text().contains("role=\"alert\""), "{why}");
    }
    // A set in force cannot be moved; an unknown one is not there.
    for id in ["sdp-2025", "no-such-set"] {
        assert_eq!(
            app.post_form(
                &format!("/admin/regelsaet/{id}"),
                &s,
                &decide("2027-01-01", "0")
            )
            .await
            .status,
            StatusCode::NOT_FOUND,
            "{id}"
        );
    }
    assert_eq!(audited(&app, "rule_set:").await, 0, "nothing was decided");

    // Before activation a kontanthjælp course in 2027 needs its category.
    let t = app.token("cw").await;
    let c = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "250380-1714", "name": "Karen"}),
        )
        .await
        .json();
    let course = json!({"citizen_id": c["id"], "target_group": "kontanthjaelp", "start_date": "2027-02-01", "framework": "F"});
    assert_eq!(
        app.post_json("/api/v1/courses", &t, &course).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let ok = app
        .post_form(
            "/admin/regelsaet/reform-2027",
            &s,
            &decide("2027-01-01", "0"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(
        audited(&app, "rule_set:reform-2027:in_force:2027-01-01").await,
        1
    );
    // The same version again is stale.
    assert_eq!(
        app.post_form(
            "/admin/regelsaet/reform-2027",
            &s,
            &decide("2027-03-01", "0")
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    let html = app
        .get("/admin/regelsaet", &Auth::Session(s.clone()))
        .await
        .text();
    assert!(html.contains("besluttet af kommunen"));
    // Now the 2027 rules apply: jobparat unless assessed otherwise.
    let made = app.post_json("/api/v1/courses", &t, &course).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    assert_eq!(
        (
            made.json()["rule_set"].as_str(),
            made.json()["category"].as_str()
        ),
        (Some("reform-2027"), Some("jobparat"))
    );
    // Moving it back to pending: 2027 falls under the 2026 rules again.
    let back = app
        .post_form(
            "/admin/regelsaet/reform-2027",
            &s,
            &[("valid_from", "2027-07-01"), ("version", "1")],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.post_json("/api/v1/courses", &t, &course).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn course_control_counts_from_the_first_day_of_absence() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    let c = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "250380-1714", "name": "Karen"}),
        )
        .await
        .json();
    let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now());
    let iso = |days: i64| {
        (today + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    // Absent for 12 weeks, referred 2 weeks ago: the week-8 follow-up fell
    // before the course and is not overdue; week 12 is.
    let k = app
        .post_json(
            "/api/v1/courses",
            &t,
            &json!({"citizen_id": c["id"], "target_group": "sygedagpenge", "category": "kategori_2",
                "start_date": iso(-14), "first_absence_date": iso(-84), "framework": "F"}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.text());
    let kid = k.json()["id"].as_str().unwrap().to_string();
    let cw = app.login("cw").await;
    let html = app
        .get(
            &format!("/forloeb/{kid}/kontrol"),
            &Auth::Session(cw.clone()),
        )
        .await
        .text();
    let date = |days: i64| {
        (today + chrono::Duration::days(days))
            .format("%d-%m-%Y")
            .to_string()
    };
    assert!(
        html.contains(&format!("første fraværsdag {}", date(-84))),
        "{html}"
    );
    assert!(
        html.contains("1 frist(er) lå før forløbet startede"),
        "{html}"
    );
    assert!(
        !html.contains(&date(-84 + 55)),
        "week 8 is not the course's"
    );
    assert!(html.contains(&date(-84 + 83)), "week 12 is");
    assert_eq!(html.matches("(forfalden)").count(), 1, "{html}");
    // The course header names the rule set in words.
    assert!(html.contains("Regelsæt: Beskæftigelsesreformen"), "{html}");
    let json = app.get(&format!("/api/v1/courses/{kid}"), &t).await.json();
    assert_eq!(json["first_absence_date"], iso(-84));
    assert_eq!(json["follow_up_track"], "standard");
}

#[tokio::test]
async fn running_courses_move_on_when_a_law_abolishes_their_category_or_group() {
    use jobspor_domain::course::{Course, CourseStatus};
    use jobspor_domain::rules::TargetGroup;
    use jobspor_store::{CourseStore, JournalStore};
    let app = TestApp::new().await;
    let (_, kid) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let base = app.course(&kid).await;
    let d = |s: &str| jobspor_domain::time::parse_date(s).unwrap();
    let make = |group, category: Option<&str>, start: &str, status| Course {
        id: jobspor_domain::CourseId::new(),
        target_group: group,
        category: category.map(String::from),
        rule_set: "lab-2019".into(),
        status,
        start_date: d(start),
        first_absence_date: (group == TargetGroup::Sygedagpenge).then(|| d(start)),
        version: 1,
        ..base.clone()
    };
    let sick = make(
        TargetGroup::Sygedagpenge,
        Some("kategori_3"),
        "2024-10-01",
        CourseStatus::Active,
    );
    let integration = make(
        TargetGroup::Integrationsydelse,
        Some("aktivitetsparat"),
        "2024-03-01",
        CourseStatus::Active,
    );
    let closed = make(
        TargetGroup::Sygedagpenge,
        Some("kategori_3"),
        "2024-02-01",
        CourseStatus::Closed,
    );
    for k in [&sick, &integration, &closed] {
        app.store.create_course(k, None, &[]).await.unwrap();
    }
    let before = app.count("SELECT COUNT(*) FROM audit_log", &[]).await;
    // The day before the 2025 law: nothing moves.
    let store: &dyn jobspor_store::Store = &app.store;
    let moved = jobspor_web::rules::service::apply_transitions(store, d("2024-12-31"))
        .await
        .unwrap();
    assert_eq!(moved, 0);
    let moved = jobspor_web::rules::service::apply_transitions(store, d("2026-12-07"))
        .await
        .unwrap();
    assert_eq!(
        moved, 2,
        "the closed course and the fitting one stay as they are"
    );
    let s = app.course(&sick.id.to_string()).await;
    assert_eq!(
        (s.target_group, s.category.as_deref(), s.rule_set.as_str()),
        (TargetGroup::Sygedagpenge, Some("kategori_2"), "lab-2019"),
        "history keeps the rule set of the start date"
    );
    let i = app.course(&integration.id.to_string()).await;
    assert_eq!(
        (i.target_group, i.category.as_deref()),
        (TargetGroup::Kontanthjaelp, Some("aktivitetsparat"))
    );
    assert_eq!(
        app.course(&closed.id.to_string()).await.category.as_deref(),
        Some("kategori_3")
    );
    let note = &app.store.journal(app.m, sick.id).await.unwrap()[0];
    assert_eq!(
        note.text,
        "Fra 01-01-2025 gælder Forenklet sygedagpengeopfølgning (2025): forløbet er overført til Sygedagpenge, Kategori 2 (raskmelding senere)."
    );
    assert_eq!(note.author_name, "Jobspor (regelskift)");
    assert_eq!(note.entry_date, d("2025-01-01"));
    let note = &app.store.journal(app.m, integration.id).await.unwrap()[0];
    assert!(
        note.text.contains("Nyt kontanthjælpssystem (1. juli 2025)"),
        "{}",
        note.text
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log", &[]).await,
        before + 2
    );
    assert_eq!(
        audited(&app, &format!("course:{}:rules:sdp-2025", sick.id)).await,
        1
    );
    // Once moved, a second run finds nothing.
    assert_eq!(
        jobspor_web::rules::service::apply_transitions(store, d("2026-12-07"))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_course_from_before_gets_its_first_day_of_absence_on_the_status_page() {
    use jobspor_domain::control::FollowUpTrack;
    use jobspor_domain::rules::TargetGroup;
    use jobspor_store::{CourseStore, JournalStore};
    let app = TestApp::new().await;
    let (_, kid) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    // Made before the field existed: a sygedagpenge course without it.
    let mut k = app.course(&kid).await;
    k.id = jobspor_domain::CourseId::new();
    k.target_group = TargetGroup::Sygedagpenge;
    k.category = Some("kategori_2".into());
    k.first_absence_date = None;
    app.store.create_course(&k, None, &[]).await.unwrap();
    let cw = app.login("cw").await;
    let control = format!("/forloeb/{}/kontrol", k.id);
    let html = app.get(&control, &Auth::Session(cw.clone())).await.text();
    assert!(
        html.contains("Første fraværsdag er ikke registreret"),
        "{html}"
    );
    let status = format!("/forloeb/{}/status", k.id);
    let page = app.get(&status, &Auth::Session(cw.clone())).await.text();
    assert!(
        page.contains("name=\"first_absence_date\""),
        "the form asks for it"
    );
    let form = |first: &'static str, track: &'static str, version: &'static str| {
        vec![
            ("version", version),
            ("status", "active"),
            ("framework", "Udviklingsforløb"),
            ("employment_goal", ""),
            ("first_absence_date", first),
            ("follow_up_track", track),
        ]
    };
    for (f, why) in [
        (form("", "standard", "1"), "empty"),
        (
            form("2026-03-02", "standard", "1"),
            "after the start (2026-03-01)",
        ),
        (form("2099-01-01", "standard", "1"), "in the future"),
        (form("2018-06-01", "standard", "1"), "before 2019"),
        (form("2026-01-12", "sometimes", "1"), "an unknown track"),
    ] {
        let r = app.post_form(&status, &cw, &f).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    assert!(
        app.store.journal(app.m, k.id).await.unwrap().is_empty(),
        "nothing stored"
    );
    let ok = app
        .post_form(&status, &cw, &form("2026-01-12", "light", "1"))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    let back = app.course(&k.id.to_string()).await;
    assert_eq!(
        (back.first_absence_date, back.follow_up_track),
        (
            jobspor_domain::time::parse_date("2026-01-12"),
            FollowUpTrack::Light
        )
    );
    let note = &app.store.journal(app.m, k.id).await.unwrap()[0];
    assert_eq!(
        note.text,
        "Sygedagpengeopfølgning: første fraværsdag 12-01-2026; Kun opfølgning på raskmelding (§ 13 f)."
    );
    let html = app.get(&control, &Auth::Session(cw.clone())).await.text();
    assert!(html.contains("første fraværsdag 12-01-2026"), "{html}");
    // Saving again without a change writes no note.
    let again = app
        .post_form(&status, &cw, &form("2026-01-12", "light", "2"))
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.journal(app.m, k.id).await.unwrap().len(), 1);
}
