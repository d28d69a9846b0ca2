//! The smaller findings of the outside probe (security issue, point 8),
//! each kept as a regression test; on both engines.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use serde_json::json;

/// A redirect target with control characters gave a 500; it goes home now.
#[tokio::test]
async fn a_redirect_target_with_control_characters_goes_home() {
    let app = TestApp::new().await;
    for next in [
        "/forloeb%0D%0ASet-Cookie:%20x=1",
        "/forloeb%09x",
        "/forloeb%7F",
    ] {
        let r = app
            .get(&format!("/sprog?l=en&next={next}"), &Auth::None)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.location(), "/", "{next}");
        assert!(r
            .headers
            .get("set-cookie")
            .is_some_and(|c| !c.to_str().unwrap().contains("x=1")));
    }
    // A NUL is refused before anything else.
    let r = app.get("/sprog?l=en&next=/forloeb%00", &Auth::None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // A plain local path is still honoured.
    let r = app.get("/sprog?l=en&next=/forloeb", &Auth::None).await;
    assert_eq!(r.location(), "/forloeb");
}

/// A NUL byte in a search gave a 500 on PostgreSQL: now a 400 with a
/// message, in the query, a form and a JSON body, and nothing is stored.
#[tokio::test]
async fn a_nul_character_is_refused_with_a_message_everywhere() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let r = app.get("/api/v1/citizens?q=Ka%00ren", &t).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("NUL"));
    let s = app.login("cw").await;
    let r = app.post_form("/forloeb", &s, &[("q", "Ka\0ren")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("usynligt tegn"), "{}", r.text());
    let entries = "SELECT COUNT(*) FROM journal_entries";
    let before = app.count(entries, &[]).await;
    let r = app
        .post_json(
            &format!("/api/v1/courses/{course}/journal"),
            &t,
            &json!({"text": "før\u{0}efter"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .post_form(
            &format!("/forloeb/{course}/historik"),
            &s,
            &[("text", "a\0b")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count(entries, &[]).await, before);
    // Text with a backslash and "u0000" in it is text.
    let r = app
        .post_json(
            &format!("/api/v1/courses/{course}/journal"),
            &t,
            &json!({"text": "sti C:\\u0000"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // A NUL in a path is no id.
    let r = app.get("/api/v1/courses/ab%00cd", &t).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// The dates 0000-01-01 and 9999-12-31 were accepted (a journal entry's
/// date, for one); they are no dates now, and nothing is stored.
#[tokio::test]
async fn dates_of_year_zero_or_9999_are_refused() {
    let app = TestApp::new().await;
    let (_, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let entries = "SELECT COUNT(*) FROM journal_entries";
    let before = app.count(entries, &[]).await;
    let journal = format!("/api/v1/courses/{course}/journal");
    for date in ["0000-01-01", "9999-12-31", "1899-12-31"] {
        let r = app
            .post_json(&journal, &t, &json!({"text": "notat", "entry_date": date}))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{date}: {}",
            r.text()
        );
    }
    assert_eq!(app.count(entries, &[]).await, before);
    let r = app
        .post_json(
            &journal,
            &t,
            &json!({"text": "notat", "entry_date": "2026-12-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // A consent's period says how far off such a date is.
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let r = app
        .post_json(
            &format!("/api/v1/courses/{course}/consents"),
            &t,
            &json!({"unit_id": sc.to_string(), "scope": "Mål", "purpose": "Indsatser",
                "valid_from": "2026-01-01", "valid_to": "9999-12-31", "method": "digital"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("9999"),
        "the message names the date: {}",
        r.text()
    );
}

/// Bidirectional control characters were kept in names (one citizen shown
/// as another); they are refused now, and nothing is stored.
#[tokio::test]
async fn direction_overrides_in_a_name_are_refused() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    let citizens = "SELECT COUNT(*) FROM citizens";
    let before = app.count(citizens, &[]).await;
    let r = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "0101901234", "name": "Karen\u{202E}nesneraK"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(app.count(citizens, &[]).await, before);
    // The same citizen with a plain name (Arabic too) is fine.
    let r = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "0101901234", "name": "سارة Karensen"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

/// A provider could mark as read a message about a participant whose
/// consent was revoked; such a message is now as unknown as the participant.
#[tokio::test]
async fn a_message_about_a_participant_no_longer_consented_cannot_be_marked_read() {
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let ips = crate::plan::intervention(&app, "IPS", sc, 3).await;
    let (_, k) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let consent = crate::my_plan::consent(&app, &t, &k, sc).await;
    crate::my_plan::placement(&app, &t, &k, ips, 0).await;
    let udf = app.token("fys_udf").await;
    let inbox = app.get("/api/v1/inbox", &udf).await.json();
    let nid = inbox["items"][0]["id"]
        .as_str()
        .expect("a message")
        .to_string();
    let r = app
        .post_json(
            &format!("/api/v1/courses/{k}/consents/{consent}/revoke"),
            &t,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let r = app
        .post_json(&format!("/api/v1/inbox/{nid}/read"), &udf, &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let read = "SELECT COUNT(*) FROM notifications WHERE read_at IS NOT NULL";
    assert_eq!(app.count(read, &[]).await, 0);
}

/// The waiting-list position in a booking's answer could be wrong when
/// bookings raced; each answer now tells the position its booking keeps.
#[tokio::test]
async fn racing_bookings_are_each_told_the_place_in_line_they_keep() {
    use jobspor_store::PlanStore;
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let ips = crate::plan::intervention(&app, "IPS", sc, 1).await;
    let t = app.token("cw").await;
    let iso = crate::plan::iso;
    let mut courses = Vec::new();
    for i in 0..9 {
        let cpr = format!("{:02}0190{:04}", i + 1, 1000 + i);
        let (_, k) = app
            .citizen_with_course("cw", &cpr, &format!("Borger {i}"))
            .await;
        crate::my_plan::consent(&app, &t, &k, sc).await;
        courses.push(k);
    }
    let book = |k: &String| {
        let (app, t, path) = (&app, &t, format!("/api/v1/courses/{k}/plan/placements"));
        async move {
            let r = app
                .post_json(
                    &path,
                    t,
                    &json!({"version": 0, "intervention_id": ips.to_string(), "goal": "Kan arbejde",
                        "start_date": iso(0), "end_date": iso(90), "first_measurement": iso(14)}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
            r.json()
        }
    };
    // One takes the place; eight race for the line.
    book(&courses[0]).await;
    let answers = futures_util::future::join_all(courses[1..].iter().map(book)).await;
    let mut told: Vec<u64> = Vec::new();
    for a in &answers {
        let position = a["waiting_position"].as_u64().expect("on the waiting list");
        let id = a["id"].as_str().unwrap().parse().unwrap();
        let kept = app.store.placement(app.m, id).await.unwrap().unwrap();
        assert_eq!(
            kept.waiting_position,
            Some(position as u32),
            "told {position}"
        );
        told.push(position);
    }
    told.sort_unstable();
    assert_eq!(told, (1..=8).collect::<Vec<u64>>());
}

/// Finding 7: CPR numbers in URLs and in the audit table. Searches take
/// the criterion in the body; a criterion in the address is refused; a
/// CPR number typed with separators is found and masked, and no full CPR
/// number reaches the audit table.
#[tokio::test]
async fn searches_keep_the_cpr_number_out_of_addresses_and_the_audit_log() {
    let app = TestApp::new().await;
    let (cid, _) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let t = app.token("cw").await;
    for path in ["/api/v1/citizens?q=250380-1714", "/api/v1/courses?q=Karen"] {
        let r = app.get(path, &t).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(r.text().contains("POST"), "{}", r.text());
    }
    // Non-personal criteria stay in the address.
    let mine = app.get("/api/v1/courses?mine=true&page=1", &t).await;
    assert_eq!(mine.status, StatusCode::OK);
    for typed in [
        "250380-1714",
        "250380 1714",
        "25.03.80-1714",
        "25/03/80 1714",
        "2503801714",
    ] {
        let r = app
            .post_json("/api/v1/citizens/search", &t, &json!({"q": typed}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{typed}");
        assert_eq!(r.json()["items"][0]["id"], cid.as_str(), "{typed}");
        let r = app
            .post_json("/api/v1/courses/search", &t, &json!({"q": typed}))
            .await;
        assert_eq!(r.json()["items"][0]["citizen_id"], cid.as_str(), "{typed}");
    }
    let s = app.login("cw").await;
    let page = app.post_form("/forloeb", &s, &[("q", "250380 1714")]).await;
    assert!(page.text().contains("Karen Karensen"));
    // Not in any spelling, in any column.
    let full = "SELECT COUNT(*) FROM audit_log WHERE
        REPLACE(REPLACE(REPLACE(REPLACE(object || ' ' || purpose || ' ' || username, '-', ''), ' ', ''), '.', ''), '/', '') LIKE '%2503801714%'";
    assert_eq!(
        app.count(full, &[]).await,
        0,
        "a full CPR number in the audit table"
    );
    let masked = "SELECT COUNT(*) FROM audit_log WHERE purpose = 'CPR: 250380-xxxx'";
    assert!(app.count(masked, &[]).await >= 10);
}
