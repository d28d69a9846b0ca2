//! The access matrix: role × endpoint × ownership. Nothing answers 2xx that
//! the policy does not allow, and a forbidden record looks exactly like an
//! unknown one.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use jobspor_store::{CourseStore, UserStore};
use serde_json::json;

const ROLES: [&str; 8] = [
    "cw", "cw_team", "cw_other", "psych", "provider", "manager", "admin", "foreign",
];

#[tokio::test]
async fn role_by_endpoint_by_ownership() {
    let app = TestApp::new().await;
    // Course A: owned by cw (team Nord), psych is on its team.
    let (cit_a, course_a) = app.citizen_with_course("cw", "250380-1714", "Anna A").await;
    let course = app
        .store
        .course(app.m, course_a.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let psych = app.user("psych").await;
    app.store
        .add_course_member(&course, psych.id, &[])
        .await
        .unwrap();
    // Course B: owned by cw_other (team Syd).
    let (_, course_b) = app
        .citizen_with_course("cw_other", "120367-1155", "Bo B")
        .await;

    // Who may do what (everything else must be 404 or an empty list).
    let view_a = ["cw", "cw_team", "psych"];
    let write_a = ["cw", "cw_team", "psych"];
    let view_b = ["cw_other"];
    let see_citizen_a = ["cw", "cw_team", "cw_other", "psych"];
    let access_log_a = ["cw", "cw_team", "cw_other", "psych", "admin"];
    let create = ["cw", "cw_team", "cw_other"];

    let mut checked = 0;
    for role in ROLES {
        let t = app.token(role).await;
        let expect = |allowed: &[&str]| allowed.contains(&role);
        let cases: Vec<(String, bool, crate::harness::Resp)> = vec![
            (format!("GET course A as {role}"), expect(&view_a), app.get(&format!("/api/v1/courses/{course_a}"), &t).await),
            (format!("GET journal A as {role}"), expect(&view_a), app.get(&format!("/api/v1/courses/{course_a}/journal"), &t).await),
            (
                format!("POST journal A as {role}"),
                expect(&write_a),
                app.post_json(&format!("/api/v1/courses/{course_a}/journal"), &t, &json!({"text": "x"})).await,
            ),
            (format!("GET course B as {role}"), expect(&view_b), app.get(&format!("/api/v1/courses/{course_b}"), &t).await),
            (format!("GET citizen A as {role}"), expect(&see_citizen_a), app.get(&format!("/api/v1/citizens/{cit_a}"), &t).await),
            (
                format!("GET access log A as {role}"),
                expect(&access_log_a),
                app.get(&format!("/api/v1/citizens/{cit_a}/access-log"), &t).await,
            ),
            (
                format!("POST course for A as {role}"),
                expect(&create),
                app.post_json("/api/v1/courses", &t, &json!({"citizen_id": cit_a, "target_group": "forsikret_ledig", "framework": "F"})).await,
            ),
        ];
        for (what, allowed, r) in cases {
            checked += 1;
            if allowed {
                assert!(
                    r.status.is_success(),
                    "{what}: expected 2xx, got {} {}",
                    r.status,
                    r.text()
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{what}: expected 404, got {} {}",
                    r.status,
                    r.text()
                );
            }
        }
        // Lists never leak: only courses the role may see.
        let list = app.get("/api/v1/courses", &t).await.json();
        let ids: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert_eq!(
            ids.contains(&course_a.as_str()),
            expect(&view_a),
            "list A as {role}"
        );
        assert_eq!(
            ids.contains(&course_b.as_str()),
            expect(&view_b),
            "list B as {role}"
        );
        let found = app.get("/api/v1/citizens?q=250380-1714", &t).await.json();
        let hits = found["items"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(
            hits > 0,
            ["cw", "cw_team", "cw_other"].contains(&role),
            "citizen search as {role}"
        );
        checked += 3;
    }
    assert_eq!(checked, ROLES.len() * 10);

    // Pages follow the same policy.
    for role in ROLES {
        let s = app.login(role).await;
        let r = app
            .get(
                &format!("/forloeb/{course_a}/historik"),
                &Auth::Session(s.clone()),
            )
            .await;
        assert_eq!(
            r.status.is_success(),
            view_a.contains(&role),
            "page course A as {role}: {}",
            r.status
        );
        let admin = app.get("/admin", &Auth::Session(s)).await;
        assert_eq!(
            admin.status.is_success(),
            role == "admin",
            "admin page as {role}"
        );
    }
}

#[tokio::test]
async fn forbidden_and_unknown_are_indistinguishable() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Anna A").await;
    let other = app.token("cw_other").await;
    let unknown = uuid::Uuid::now_v7();
    let a = app.get(&format!("/api/v1/courses/{course}"), &other).await;
    let b = app.get(&format!("/api/v1/courses/{unknown}"), &other).await;
    let c = app.get("/api/v1/courses/not-an-id", &other).await;
    assert_eq!(
        (a.status, b.status, c.status),
        (
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND
        )
    );
    assert_eq!(a.body, b.body);
    assert_eq!(b.body, c.body);
    let s = app.login("cw_other").await;
    let pa = app
        .get(
            &format!("/forloeb/{course}/historik"),
            &Auth::Session(s.clone()),
        )
        .await;
    let pb = app
        .get(&format!("/forloeb/{unknown}/historik"), &Auth::Session(s))
        .await;
    assert_eq!(
        (pa.status, pb.status),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
    );
    assert_eq!(pa.body, pb.body);
    // Deactivated users' tokens stop working at once.
    let cw = app.user("cw").await;
    let t = app.token("cw").await;
    app.store
        .set_user_active(app.m, cw.id, false, cw.version, &[])
        .await
        .unwrap();
    assert_eq!(
        app.get("/api/v1/courses", &t).await.status,
        StatusCode::UNAUTHORIZED
    );
}
