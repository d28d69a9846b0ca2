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
    let course = app.course(&course_a).await;
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
    // Need-to-know (docs/security.md): another team's caseworker finds
    // citizen A but opens no more without a stated purpose; the access log
    // is for those who carry the course and the data protection officer.
    let see_citizen_a = ["cw", "cw_team", "psych"];
    let access_log_a = ["cw", "cw_team", "admin"];
    let create = ["cw", "cw_team"];

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
        let found = app
            .post_json("/api/v1/citizens/search", &t, &json!({"q": "250380-1714"}))
            .await
            .json();
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

#[tokio::test]
async fn when_the_audit_cannot_be_written_the_request_fails() {
    let app = TestApp::new().await;
    let (cid, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let s = app.login("cw").await;
    let block = match app.store.backend() {
        jobspor_store::Backend::Sqlite => {
            "CREATE TRIGGER audit_block BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'blocked'); END;"
        }
        jobspor_store::Backend::Postgres => {
            "CREATE FUNCTION audit_block() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'blocked'; END $$ LANGUAGE plpgsql;
             CREATE TRIGGER audit_block BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_block();"
        }
    };
    sqlx::raw_sql(block)
        .execute(app.store.pool())
        .await
        .unwrap();
    // A read: no data leaves without its audit entry.
    let r = app.get(&format!("/api/v1/citizens/{cid}"), &t).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        !r.text().contains("250380"),
        "no personal data in the error: {}",
        r.text()
    );
    assert_eq!(r.json()["error"]["code"], "internal");
    // A change: rolled back with its audit entry.
    let w = app
        .post_json(
            &format!("/api/v1/courses/{course}/journal"),
            &t,
            &json!({"text": "skal ikke gemmes"}),
        )
        .await;
    assert_eq!(w.status, StatusCode::INTERNAL_SERVER_ERROR);
    let entries = jobspor_store::JournalStore::journal(&app.store, app.m, course.parse().unwrap())
        .await
        .unwrap();
    assert!(
        entries.iter().all(|e| e.text != "skal ikke gemmes"),
        "the write was rolled back"
    );
    // A page: the error page, without the data.
    let p = app.get(&format!("/borgere/{cid}"), &Auth::Session(s)).await;
    assert_eq!(p.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!p.text().contains("250380") && !p.text().contains("Karen"));
    // Logging in is audited too, so it fails rather than go unrecorded.
    let page = app.get("/login", &Auth::None).await;
    let lc = crate::harness::cookie_value(&page.headers, "jobspor_login").unwrap();
    let form = serde_urlencoded::to_string([
        ("username", "cw"),
        ("password", crate::harness::PW),
        ("csrf", lc.as_str()),
    ])
    .unwrap();
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("jobspor_login={lc}"))
        .body(axum::body::Body::from(form))
        .unwrap();
    assert_eq!(
        app.send(req).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}
