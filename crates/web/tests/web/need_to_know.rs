//! Need-to-know (issue 24, finding 6): every cell of the policy table in
//! docs/security.md through the real endpoints, the purpose-stated access
//! with its time limit and audit, and its review.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use jobspor_store::CourseStore;
use serde_json::json;

/// Whether each kind of data answered: found by a search, the record,
/// the screening (read and write), the access log.
#[derive(Debug, PartialEq)]
struct Seen {
    found: bool,
    record: bool,
    screening_read: bool,
    screening_write: bool,
    access_log: bool,
}

/// What `auth` is allowed of citizen `cid` (with CPR `cpr`, screening
/// `sid`), each through its API endpoint. Refusals must be 404, the same
/// as for an unknown citizen.
async fn seen(app: &TestApp, auth: &Auth, cid: &str, cpr: &str, sid: &str) -> Seen {
    let ok = |r: &crate::harness::Resp, what: &str| {
        assert!(
            r.status.is_success() || r.status == StatusCode::NOT_FOUND,
            "{what}: {} {}",
            r.status,
            r.text()
        );
        r.status.is_success()
    };
    let search = app
        .post_json("/api/v1/citizens/search", auth, &json!({"q": cpr}))
        .await;
    let found = search.status.is_success()
        && search.json()["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|c| c["id"] == cid));
    let record = app.get(&format!("/api/v1/citizens/{cid}"), auth).await;
    let list = app
        .get(&format!("/api/v1/citizens/{cid}/screenings"), auth)
        .await;
    let one = app.get(&format!("/api/v1/screenings/{sid}"), auth).await;
    assert_eq!(
        ok(&list, "screenings"),
        ok(&one, "screening"),
        "the list and the answers go together"
    );
    let write = app
        .post_json(
            &format!("/api/v1/screenings/{sid}/answers"),
            auth,
            &json!({"answers": {"stress": 5}}),
        )
        .await;
    let log = app
        .get(&format!("/api/v1/citizens/{cid}/access-log"), auth)
        .await;
    Seen {
        found,
        record: ok(&record, "record"),
        screening_read: ok(&one, "screening"),
        screening_write: ok(&write, "answers"),
        access_log: ok(&log, "access log"),
    }
}

fn row(found: bool, record: bool, screening: bool, access_log: bool) -> Seen {
    Seen {
        found,
        record,
        screening_read: screening,
        screening_write: screening,
        access_log,
    }
}

/// A screening of the kontanthjælp questionnaire for a citizen, started by
/// `owner` through the API.
async fn screening(app: &TestApp, owner: &str, cid: &str) -> String {
    let t = app.token(owner).await;
    let kh = crate::screening::definition_id(app, "jobspor-screening-kontanthjaelp").await;
    let started = app
        .post_json(
            &format!("/api/v1/citizens/{cid}/screenings"),
            &t,
            &json!({"definition_id": kh, "channel": "api"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.text());
    started.json()["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn every_cell_of_the_policy_table() {
    let app = TestApp::new().await;
    let cpr = "250380-1714";
    let (cid, course) = app.citizen_with_course("cw", cpr, "Anna A").await;
    let course = app.course(&course).await;
    let psych = app.user("psych").await;
    app.store
        .add_course_member(&course, psych.id, &[])
        .await
        .unwrap();
    let sid = screening(&app, "cw", &cid).await;
    // A second citizen, of another team, whose course psych is not on.
    let cpr_b = "120367-1155";
    let (cid_b, _) = app.citizen_with_course("cw_other", cpr_b, "Bo B").await;
    let sid_b = screening(&app, "cw_other", &cid_b).await;

    // Role and relation → found, record, screening, access log (the
    // table of docs/security.md; `domain::need_to_know` tests the rule).
    let table = [
        (
            "cw",
            "responsible",
            &cid,
            cpr,
            &sid,
            row(true, true, true, true),
        ),
        (
            "cw_team",
            "team",
            &cid,
            cpr,
            &sid,
            row(true, true, true, true),
        ),
        (
            "cw_other",
            "none",
            &cid,
            cpr,
            &sid,
            row(true, false, false, false),
        ),
        (
            "psych",
            "course team",
            &cid,
            cpr,
            &sid,
            row(false, true, false, false),
        ),
        (
            "psych",
            "none",
            &cid_b,
            cpr_b,
            &sid_b,
            row(false, false, false, false),
        ),
        (
            "admin",
            "none",
            &cid,
            cpr,
            &sid,
            row(false, false, false, true),
        ),
        (
            "manager",
            "none",
            &cid,
            cpr,
            &sid,
            row(false, false, false, false),
        ),
        (
            "provider",
            "none",
            &cid,
            cpr,
            &sid,
            row(false, false, false, false),
        ),
        (
            "foreign",
            "another municipality",
            &cid,
            cpr,
            &sid,
            row(false, false, false, false),
        ),
    ];
    for (user, relation, c, p, s, expected) in &table {
        let t = app.token(user).await;
        assert_eq!(
            &seen(&app, &t, c, p, s).await,
            expected,
            "{user} ({relation})"
        );
    }

    // The relation of a stated purpose: only a caseworker states one.
    let purpose =
        json!({"reason": "cover", "purpose": "Dækker for Anna A's sagsbehandler i ferien"});
    for user in ["psych", "admin", "manager", "provider", "foreign"] {
        let t = app.token(user).await;
        let r = app
            .post_json(&format!("/api/v1/citizens/{cid_b}/access"), &t, &purpose)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} states a purpose");
    }
    let other = app.token("cw_other").await;
    let r = app
        .post_json(&format!("/api/v1/citizens/{cid}/access"), &other, &purpose)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        seen(&app, &other, &cid, cpr, &sid).await,
        row(true, true, true, false),
        "cw_other (stated purpose)"
    );
    // Answers entered under the purpose carry it in the audit log.
    let log = app.access_log_actions(&cid).await;
    assert!(
        log.iter().any(|(u, a, p)| u == "cw_other"
            && a == "update"
            && p.starts_with("formål (dækker for kollega)")),
        "{log:?}"
    );
    // A purpose is not stated for a citizen one has a course with.
    let t = app.token("cw").await;
    let r = app
        .post_json(&format!("/api/v1/citizens/{cid}/access"), &t, &purpose)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_stated_purpose_opens_the_citizen_for_hours_audited_and_reviewed() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let s = app.login("cw_other").await;
    let page = app
        .get(&format!("/borgere/{cid}"), &Auth::Session(s.clone()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    // The minimum: the name, the masked CPR number, whose course it is.
    assert!(html.contains("Karen Karensen") && html.contains("250380-xxxx"));
    assert!(!html.contains("250380-1714"), "no full CPR number");
    assert!(html.contains("Har et forløb hos"), "{html}");
    assert!(html.contains("Åbn borgeren med et formål"));

    // Bad input: nothing opened, the form again with what was typed.
    let path = format!("/borgere/{cid}/formaal");
    for (reason, purpose, says) in [
        ("", "Borgeren ringede ind om sin sag", "vælg en begrundelse"),
        (
            "intake",
            "Borgeren ringede ind om sin sag",
            "vælg en begrundelse",
        ),
        ("inquiry", "", "skriv formålet"),
        ("inquiry", "fordi", "skriv formålet"),
        ("inquiry", "Borgeren\u{202e} ringede ind", "skriv formålet"),
    ] {
        let r = app
            .post_form(&path, &s, &[("reason", reason), ("purpose", purpose)])
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{reason} {purpose}"
        );
        let t = r.text();
        assert!(t.contains(says), "{says}: {t}");
        assert!(!t.contains("250380-1714"));
    }
    assert_eq!(app.rows("citizen_access WHERE reason <> 'intake'").await, 0);

    let r = app
        .post_form(
            &path,
            &s,
            &[
                ("reason", "inquiry"),
                ("purpose", "Borgeren ringede om mødet i næste uge"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let full = app
        .get(&format!("/borgere/{cid}"), &Auth::Session(s.clone()))
        .await
        .text();
    assert!(full.contains("250380-1714"), "the record is open");
    // Every use is audited with the purpose.
    let log = app.access_log_actions(&cid).await;
    let with_purpose = "formål (borgeren har henvendt sig): Borgeren ringede om mødet i næste uge";
    assert!(
        log.iter()
            .any(|(u, a, p)| u == "cw_other" && a == "create" && p == with_purpose),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|(u, a, p)| u == "cw_other" && a == "read" && p == with_purpose),
        "{log:?}"
    );
    assert!(
        log.iter().any(|(u, a, _)| u == "cw_other" && a == "search"),
        "the minimal page is audited as found: {log:?}"
    );

    // The data protection officer sees it for review, and marks it.
    let admin = app.login("admin").await;
    let review = app
        .get("/admin/adgang-med-formaal", &Auth::Session(admin.clone()))
        .await;
    assert_eq!(review.status, StatusCode::OK);
    let html = review.text();
    assert!(html.contains("Karen Karensen") && html.contains("Borgeren ringede om mødet"));
    assert!(
        !html.contains("Registrering af borgeren"),
        "intake is not flagged"
    );
    let gid: String = sqlx::query_scalar("SELECT id FROM citizen_access WHERE reason = 'inquiry'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let done = app
        .post_form(
            &format!("/admin/adgang-med-formaal/{gid}/gennemset"),
            &admin,
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = app
        .get("/admin/adgang-med-formaal", &Auth::Session(admin.clone()))
        .await
        .text();
    assert!(!after.contains("Karen Karensen"), "reviewed: off the list");
    // Twice, or by someone else: not found.
    let again = app
        .post_form(
            &format!("/admin/adgang-med-formaal/{gid}/gennemset"),
            &admin,
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let cw = app.login("cw").await;
    assert_eq!(
        app.get("/admin/adgang-med-formaal", &Auth::Session(cw))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // When the time is up, the citizen closes again.
    sqlx::query("UPDATE citizen_access SET expires_at = $1")
        .bind(chrono::Utc::now().timestamp_micros() - 1)
        .execute(app.store.pool())
        .await
        .unwrap();
    let closed = app
        .get(&format!("/borgere/{cid}"), &Auth::Session(s))
        .await
        .text();
    assert!(!closed.contains("250380-1714") && closed.contains("Åbn borgeren med et formål"));
}

#[tokio::test]
async fn registering_a_citizen_opens_them_for_intake_only_to_the_one_who_registers() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    let c = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "250380-1714", "name": "Ny Borger", "phone": "12345678"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED);
    let cid = c.json()["id"].as_str().unwrap().to_string();
    // The one who registered reads, starts a screening, creates a course.
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &t).await.status,
        StatusCode::OK
    );
    screening(&app, "cw", &cid).await;
    // A teammate has no course with the citizen yet: found only.
    let team = app.token("cw_team").await;
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &team)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let hit = app
        .post_json("/api/v1/citizens/search", &team, &json!({"q": "Ny Borger"}))
        .await
        .json();
    let item = &hit["items"][0];
    assert_eq!(item["cpr"], "250380-xxxx");
    assert_eq!(item["has_course"], false);
    assert!(
        item.get("phone").is_none() && item["owner"].is_null(),
        "{item}"
    );
    let k = app
        .post_json(
            "/api/v1/courses",
            &t,
            &json!({"citizen_id": cid, "target_group": "kontanthjaelp", "category": "aktivitetsparat", "framework": "F"}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.text());
    // Now the team carries the course; the search names who has it.
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &team)
            .await
            .status,
        StatusCode::OK
    );
    let other = app.token("cw_other").await;
    let hit = app
        .post_json(
            "/api/v1/citizens/search",
            &other,
            &json!({"q": "250380 1714"}),
        )
        .await
        .json();
    assert_eq!(hit["items"][0]["open_course"], true);
    assert!(
        hit["items"][0]["owner"]
            .as_str()
            .unwrap()
            .contains("(Nord)"),
        "{hit}"
    );
    // Intake is not flagged for review.
    assert_eq!(app.rows("citizen_access WHERE reason = 'intake'").await, 1);
}
