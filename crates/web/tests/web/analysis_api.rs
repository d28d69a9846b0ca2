//! The analysis over the API: focus areas and monodisciplinary notes, with
//! the same access rules and audit as the pages.

use crate::harness::{Resp, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_store::CourseStore;
use serde_json::{json, Value};

/// A course with the psychologist on its team.
async fn course_with_psychologist(app: &TestApp) -> (String, String) {
    let (cid, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let k = app.course(&course).await;
    let psych = app.user("psych").await;
    app.store
        .add_course_member(&k, psych.id, &[])
        .await
        .unwrap();
    (cid, course)
}

/// Audit entries whose object starts with `prefix`, by action.
async fn audited(app: &TestApp, action: &str, prefix: &str) -> i64 {
    app.count(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object LIKE $2",
        &[action, &format!("{prefix}%")],
    )
    .await
}

fn items(r: &Resp) -> Vec<Value> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["items"].as_array().expect("items").clone()
}

fn back_pain() -> Value {
    json!({
        "component": "b", "polarity": "barrier", "description": "Smerter ved siddende arbejde",
        "icf_code": "b28013", "qualifier": "2", "priority": 2,
        "suggested_intervention": "Smertehåndteringsforløb", "profession": "psychologist"
    })
}

#[tokio::test]
async fn focus_areas_are_listed_added_corrected_and_removed() {
    let app = TestApp::new().await;
    let (_, course) = course_with_psychologist(&app).await;
    let ps = app.token("psych").await;
    let path = format!("/api/v1/courses/{course}/focus-areas");
    assert!(items(&app.get(&path, &ps).await).is_empty());

    let r = app.post_json(&path, &ps, &back_pain()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let made = r.json();
    assert_eq!(
        (
            &made["component"],
            &made["icf_code"],
            &made["qualifier"],
            &made["priority"],
            &made["profession"],
            &made["replaces"]
        ),
        (
            &json!("b"),
            &json!("b28013"),
            &json!(".2"),
            &json!(2),
            &json!("psychologist"),
            &Value::Null
        )
    );
    let old = made["id"].as_str().unwrap().to_string();

    // Each kind of bad input is refused with a message and changes nothing.
    let with = |k: &str, v: Value| {
        let mut b = back_pain();
        b[k] = v;
        b
    };
    let without = |k: &str| {
        let mut b = back_pain();
        b.as_object_mut().unwrap().remove(k);
        b
    };
    for (body, needle) in [
        (
            with("icf_code", json!("b28014")),
            "not in the classification",
        ),
        (
            with("icf_code", json!("d450")),
            "does not belong to the chosen component",
        ),
        (with("qualifier", json!("+2")), "the gradient must be"),
        (with("priority", json!(4)), "the priority must be 1, 2 or 3"),
        (with("component", json!("x")), "choose a component"),
        (
            with("polarity", json!("maybe")),
            "choose barrier or resource",
        ),
        (with("description", json!("  ")), "is required"),
        (with("profession", json!("astronaut")), "unknown profession"),
        (
            json!({"component": "pf", "polarity": "resource", "description": "Vedholdende",
                   "icf_code": "b130", "priority": 1}),
            "personal factors are not coded",
        ),
        (with("priority", json!("high")), "the JSON fields"),
        (without("description"), "the JSON fields"),
    ] {
        let r = app.post_json(&path, &ps, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(r.json()["error"]["code"], "validation", "{body}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(message.contains(needle), "{needle}: {message}");
    }
    let not_json = app
        .send(
            ps.apply(Request::builder().method(Method::POST).uri(&path))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("b28013"))
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(items(&app.get(&path, &ps).await).len(), 1);

    // A correction removes the old one and adds one that names it.
    let fixed = with("qualifier", json!("3"));
    let r = app.put_json(&format!("{path}/{old}"), &ps, &fixed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let new = r.json();
    assert_eq!(
        (&new["replaces"], &new["qualifier"]),
        (&json!(old), &json!(".3"))
    );
    let new_id = new["id"].as_str().unwrap().to_string();
    let current = items(&app.get(&path, &ps).await);
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"], json!(new_id));
    let all = items(&app.get(&format!("{path}?include_removed=true"), &ps).await);
    let gone = all.iter().find(|a| a["id"] == json!(old)).unwrap();
    assert!(gone["removed_at"].is_string() && gone["removed_by"].is_string());
    assert_eq!(
        audited(&app, "delete", &format!("focus_area:{old}")).await,
        1
    );
    assert_eq!(
        audited(&app, "create", &format!("focus_area:{new_id}")).await,
        1
    );
    // The removed one cannot be corrected again; a bad correction changes nothing.
    let again = app.put_json(&format!("{path}/{old}"), &ps, &fixed).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let bad = app
        .put_json(
            &format!("{path}/{new_id}"),
            &ps,
            &with("priority", json!(0)),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(items(&app.get(&path, &ps).await)[0]["id"], json!(new_id));

    // Others see nothing and change nothing.
    let stranger = app.token("cw_other").await;
    assert_eq!(
        app.get(&path, &stranger).await.status,
        StatusCode::NOT_FOUND
    );
    for r in [
        app.post_json(&path, &stranger, &back_pain()).await,
        app.put_json(&format!("{path}/{new_id}"), &stranger, &fixed)
            .await,
        app.delete(&format!("{path}/{new_id}"), &stranger).await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(items(&app.get(&path, &ps).await).len(), 1);

    // Removal: soft, audited, once.
    let cw = app.token("cw").await;
    let r = app.delete(&format!("{path}/{new_id}"), &cw).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(items(&app.get(&path, &cw).await).is_empty());
    assert_eq!(
        app.delete(&format!("{path}/{new_id}"), &cw).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        items(&app.get(&format!("{path}?include_removed=true"), &cw).await).len(),
        2
    );
}

#[tokio::test]
async fn a_focus_area_correction_is_whole_or_not_at_all() {
    let app = TestApp::new().await;
    let (_, course) = course_with_psychologist(&app).await;
    let ps = app.token("psych").await;
    let path = format!("/api/v1/courses/{course}/focus-areas");
    let old = app.post_json(&path, &ps, &back_pain()).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut fixed = back_pain();
    fixed["qualifier"] = json!("3");
    app.fail_inserts_into("focus_areas", 1).await;
    let r = app.put_json(&format!("{path}/{old}"), &ps, &fixed).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let current = items(&app.get(&path, &ps).await);
    assert_eq!(
        (current.len(), &current[0]["id"]),
        (1, &json!(old)),
        "not removed"
    );
    assert_eq!(audited(&app, "delete", "focus_area:").await, 0);
    app.heal("focus_areas").await;
    let r = app.put_json(&format!("{path}/{old}"), &ps, &fixed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(audited(&app, "delete", "focus_area:").await, 1);
}

#[tokio::test]
async fn notes_are_written_corrected_and_withdrawn_by_their_author_only() {
    let app = TestApp::new().await;
    let (cid, course) = course_with_psychologist(&app).await;
    let ps = app.token("psych").await;
    let cw = app.token("cw").await;
    let path = format!("/api/v1/courses/{course}/analysis-notes");
    assert!(items(&app.get(&path, &ps).await).is_empty());
    let note = json!({"limitation": "Angst i sociale situationer", "resources": "God til struktur",
                      "suggested_intervention": "Mestringsforløb"});
    // Bad input changes nothing.
    for body in [
        json!({"limitation": "  "}),
        json!({"limitation": 7}),
        json!({"limitation": "x".repeat(70_000)}),
    ] {
        let r = app.post_json(&path, &ps, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    }
    assert!(items(&app.get(&path, &ps).await).is_empty());
    let r = app.post_json(&path, &ps, &note).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let mine = r.json();
    assert_eq!(
        (&mine["version"], &mine["profession"], &mine["author_name"]),
        (&json!(1), &json!("psychologist"), &mine["author_name"])
    );
    let nid = mine["id"].as_str().unwrap().to_string();
    // One per professional per course.
    let twice = app.post_json(&path, &ps, &note).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.json()["error"]["code"], "conflict");

    // The caseworker reads it, and cannot change or withdraw it.
    let seen = items(&app.get(&path, &cw).await);
    assert_eq!(seen[0]["limitation"], "Angst i sociale situationer");
    let change = json!({"version": 1, "limitation": "Ændret af en anden"});
    assert_eq!(
        app.put_json(&format!("{path}/{nid}"), &cw, &change)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(&format!("{path}/{nid}?version=1"), &cw)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, _)| u == "cw" && a == "read"));

    // The author corrects it; a stale version is refused.
    let fixed =
        json!({"version": 1, "limitation": "Angst, bedre med støtte", "resources": "Struktur"});
    let r = app.put_json(&format!("{path}/{nid}"), &ps, &fixed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (&r.json()["version"], &r.json()["id"]),
        (&json!(2), &json!(nid))
    );
    let stale = app.put_json(&format!("{path}/{nid}"), &ps, &fixed).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let no_version = app
        .put_json(&format!("{path}/{nid}"), &ps, &json!({"limitation": "x"}))
        .await;
    assert_eq!(no_version.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Withdrawal needs the version read, and happens once.
    for q in ["", "?version=", "?version=zwei"] {
        let r = app.delete(&format!("{path}/{nid}{q}"), &ps).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert_eq!(r.json()["error"]["code"], "validation");
    }
    assert_eq!(
        app.delete(&format!("{path}/{nid}?version=1"), &ps)
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(items(&app.get(&path, &ps).await).len(), 1);
    assert_eq!(
        app.delete(&format!("{path}/{nid}?version=2"), &ps)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert!(items(&app.get(&path, &cw).await).is_empty());
    assert_eq!(
        app.delete(&format!("{path}/{nid}?version=3"), &ps)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(audited(&app, "delete", "analysis_note:").await, 1);
    // Writing again brings the same note back.
    let r = app.post_json(&path, &ps, &note).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["id"], json!(nid));

    // Outside the team: nothing at all.
    for who in ["cw_other", "provider"] {
        let t = app.token(who).await;
        assert_eq!(
            app.get(&path, &t).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        assert_eq!(
            app.post_json(&path, &t, &note).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
}
