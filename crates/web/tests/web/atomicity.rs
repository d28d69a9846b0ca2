//! One user action, one transaction. Each test makes the database refuse one
//! insert in the middle of an action (a trigger, as a crash or a full disk
//! would), checks that nothing of the action is left behind, and then that
//! the same action succeeds whole once the failure is gone.

use crate::dashboards::CPRS;
use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use crate::progression::setup;
use axum::http::StatusCode;
use jobspor_domain::plan::PlacementStatus;
use jobspor_store::PlanStore;
use serde_json::json;

/// Audit entries whose object starts with `prefix`.
async fn audited(app: &TestApp, prefix: &str) -> i64 {
    app.count(
        "SELECT COUNT(*) FROM audit_log WHERE object LIKE $1",
        &[&format!("{prefix}%")],
    )
    .await
}

#[tokio::test]
async fn a_decision_to_stop_is_whole_or_not_at_all() {
    let app = TestApp::new().await;
    let (_, _, pid) = setup(&app).await;
    let t = app.token("cw").await;
    let path = format!("/api/v1/placements/{pid}/decisions");
    let body = json!({"decision": "stop", "reason": "Ingen effekt"});
    let status = || async {
        app.store
            .placement(app.m, pid.parse().unwrap())
            .await
            .unwrap()
            .unwrap()
            .status
    };
    let notices = app.rows("notifications").await;
    let notes = app.rows("journal_entries").await;
    // The parts in order: the provider's notice of the decision, the
    // decision, its journal note, the end of the placement and its notice.
    for (table, after) in [
        ("progress_decisions", 0),
        ("journal_entries", notes),
        ("notifications", notices + 1),
    ] {
        app.fail_inserts_into(table, after).await;
        let r = app.post_json(&path, &t, &body).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{table}");
        assert_eq!(app.rows("progress_decisions").await, 0, "{table}");
        assert_eq!(app.rows("journal_entries").await, notes, "{table}");
        assert_eq!(app.rows("notifications").await, notices, "{table}");
        assert_eq!(status().await, PlacementStatus::Active, "{table}");
        assert_eq!(audited(&app, "progress_decision:").await, 0, "{table}");
        app.heal(table).await;
    }
    let r = app.post_json(&path, &t, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(app.rows("progress_decisions").await, 1);
    assert_eq!(app.rows("journal_entries").await, notes + 1);
    assert_eq!(app.rows("notifications").await, notices + 2);
    assert_eq!(status().await, PlacementStatus::Ended);
    assert_eq!(audited(&app, "progress_decision:").await, 1);
    assert_eq!(audited(&app, &format!("placement:{pid}:ended")).await, 1);
}

#[tokio::test]
async fn a_caseload_move_moves_every_course_or_none() {
    let app = TestApp::new().await;
    for (i, cpr) in CPRS.iter().enumerate() {
        app.citizen_with_course("cw", cpr, &format!("Borger {i}"))
            .await;
    }
    let mgr = app.login("manager").await;
    let target = app
        .post_form(
            "/ledelse/sagsstamme/maal",
            &mgr,
            &[("group", "kontanthjaelp"), ("min", "2"), ("max", "3")],
        )
        .await;
    assert_eq!(target.status, StatusCode::SEE_OTHER);
    let cw_team = app.user("cw_team").await.id.to_string();
    let from = app.user("cw").await.id.to_string();
    let moved_to_team = || async {
        app.count(
            "SELECT COUNT(*) FROM courses WHERE caseworker_id = $1",
            &[&cw_team],
        )
        .await
    };
    let form = [
        ("from", from.as_str()),
        ("to", cw_team.as_str()),
        ("group", "kontanthjaelp"),
        ("bekraeftet", "1"),
    ];
    let notes = app.rows("journal_entries").await;
    let notices = app.rows("user_notices").await;
    // The second course's note fails: the first must not have moved either.
    app.fail_inserts_into("journal_entries", notes + 1).await;
    let r = app.post_form("/ledelse/sagsstamme/flyt", &mgr, &form).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(moved_to_team().await, 0);
    assert_eq!(app.rows("journal_entries").await, notes);
    assert_eq!(app.rows("user_notices").await, notices);
    app.heal("journal_entries").await;
    let r = app.post_form("/ledelse/sagsstamme/flyt", &mgr, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/ledelse/sagsstamme?flyttet=3");
    assert_eq!(moved_to_team().await, 3);
    assert_eq!(app.rows("journal_entries").await, notes + 3);
    assert_eq!(app.rows("user_notices").await, notices + 3);
}

#[tokio::test]
async fn a_login_or_logout_that_cannot_be_audited_does_not_happen() {
    let app = TestApp::new().await;
    let sessions = app.rows("sessions").await;
    app.fail_inserts_into("audit_log", 0).await;
    let r = app.try_login("cw").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(app.rows("sessions").await, sessions, "no session started");
    app.heal("audit_log").await;
    let s = app.login("cw").await;
    assert_eq!(app.rows("sessions").await, sessions + 1);

    app.fail_inserts_into("audit_log", 0).await;
    let r = app.post_form("/logout", &s, &[]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(app.rows("sessions").await, sessions + 1, "still logged in");
    app.heal("audit_log").await;
    let r = app.post_form("/logout", &s, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.rows("sessions").await, sessions);
    assert_eq!(
        app.get("/forloeb", &Auth::Session(s)).await.status,
        StatusCode::SEE_OTHER,
        "the session is gone"
    );
}

#[tokio::test]
async fn a_booking_and_the_team_place_it_brings_commit_together() {
    let app = TestApp::new().await;
    let (_, k) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let psych = app.user("psych").await.id.to_string();
    let path = format!("/api/v1/courses/{k}/conversations");
    let body = json!({"professional_id": psych, "date": iso(3), "time": "10:00", "minutes": 45,
        "location": "Lokale 2"});
    let members = app.rows("course_members").await;
    app.fail_inserts_into("course_members", 0).await;
    let r = app.post_json(&path, &t, &body).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(app.rows("analysis_bookings").await, 0, "no booking alone");
    app.heal("course_members").await;
    let r = app.post_json(&path, &t, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(app.rows("analysis_bookings").await, 1);
    assert_eq!(app.rows("course_members").await, members + 1);
}
