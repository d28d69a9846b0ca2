//! The JSON API contract: status codes, error shape, validation, limits.

use crate::harness::{Auth, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

fn assert_error_shape(v: &serde_json::Value, code: &str) {
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
}

#[tokio::test]
async fn token_citizen_course_and_journal_roundtrip() {
    let app = TestApp::new().await;
    let bad = app
        .post_json(
            "/api/v1/auth/token",
            &Auth::None,
            &json!({"username": "cw", "password": "nej"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_error_shape(&bad.json(), "unauthenticated");
    let t = app.token("cw").await;
    let tok = app
        .post_json(
            "/api/v1/auth/token",
            &Auth::None,
            &json!({"username": "cw", "password": crate::harness::PW}),
        )
        .await;
    assert!(tok.json()["expires_at"].as_str().is_some());
    // Who the caller is: by token, by session, and not without either.
    let me = app.get("/api/v1/me", &t).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(
        (me.json()["username"].clone(), me.json()["role"].clone()),
        (json!("cw"), json!("caseworker"))
    );
    let psych = Auth::Session(app.login("psych").await);
    assert_eq!(
        app.get("/api/v1/me", &psych).await.json()["username"],
        "psych"
    );
    let anon = app.get("/api/v1/me", &Auth::None).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    assert_error_shape(&anon.json(), "unauthenticated");

    assert_eq!(
        app.get("/api/v1/courses?mine=true", &Auth::None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let (cid, kid) = app
        .citizen_with_course("cw", "250380-1714", "Karen Karensen")
        .await;
    let c = app.get(&format!("/api/v1/citizens/{cid}"), &t).await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(c.json()["cpr"], "250380-1714");
    let list = app.get("/api/v1/courses?mine=true", &t).await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["cpr_masked"], "250380-xxxx");
    let k = app.get(&format!("/api/v1/courses/{kid}"), &t).await.json();
    assert_eq!(
        (
            k["status"].as_str(),
            k["rule_set"].as_str(),
            k["category"].as_str()
        ),
        (
            Some("referred"),
            Some("reform-2026-02"),
            Some("aktivitetsparat")
        )
    );

    let e = app
        .post_json(
            &format!("/api/v1/courses/{kid}/journal"),
            &t,
            &json!({"text": "Første <b>samtale</b>"}),
        )
        .await;
    assert_eq!(e.status, StatusCode::CREATED);
    let first = e.json()["id"].as_str().unwrap().to_string();
    let fix = app
        .post_json(
            &format!("/api/v1/courses/{kid}/journal"),
            &t,
            &json!({"text": "Rettelse", "corrects": first}),
        )
        .await;
    assert_eq!(fix.status, StatusCode::CREATED);
    let j = app
        .get(&format!("/api/v1/courses/{kid}/journal"), &t)
        .await
        .json();
    assert_eq!(j["items"].as_array().unwrap().len(), 2);
    assert_eq!(j["items"][0]["corrects"], first.as_str());
    assert_eq!(
        j["items"][1]["text"], "Første <b>samtale</b>",
        "HTML is kept as text"
    );
    // The page names the corrected entry by its date and author, not its id.
    let cw = app.login("cw").await;
    let history = app
        .get(&format!("/forloeb/{kid}/historik"), &Auth::Session(cw))
        .await
        .text();
    let today = jobspor_domain::time::format_date(jobspor_domain::time::today_copenhagen(
        chrono::Utc::now(),
    ));
    assert!(
        history.contains(&format!(
            "Retter notatet fra <a href=\"#e-{first}\">{today}, cw Testesen</a>"
        )),
        "{history}"
    );
    assert!(!history.contains(&format!(">{first}<")), "no id as text");

    let search = app
        .post_json("/api/v1/citizens/search", &t, &json!({"q": "250380-1714"}))
        .await
        .json();
    assert_eq!(search["items"][0]["id"], cid.as_str());
    let by_name = app
        .post_json("/api/v1/citizens/search", &t, &json!({"q": "karens"}))
        .await
        .json();
    assert_eq!(by_name["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/healthz", &Auth::None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn cpr_validation_answers_clearly() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    for (cpr, needle) in [
        ("250380171", "must have 10 digits"),
        ("25038017145", "must have 10 digits"),
        ("25038O-1714", "may only contain the digits"),
        ("２５０３８０１７１４", "may only contain the digits"),
        ("310299-1234", "date of birth does not exist"),
        ("290201-1234", "date of birth does not exist"),
    ] {
        let r = app
            .post_json("/api/v1/citizens", &t, &json!({"cpr": cpr, "name": "X"}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{cpr}");
        assert_error_shape(&r.json(), "validation");
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{cpr}: {}",
            r.text()
        );
    }
    // 2036 and 1937 by the century table; both accepted.
    for cpr in ["010136-4000", "010137-4000"] {
        let r = app
            .post_json(
                "/api/v1/citizens",
                &t,
                &json!({"cpr": cpr, "name": "Århundrede"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{cpr}: {}", r.text());
    }
    // Fails modulus 11: accepted with a warning.
    let r = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "070761-4286", "name": "Mod Elleve"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(r.json()["warnings"][0]
        .as_str()
        .unwrap()
        .contains("modulus 11"));
    let r = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "0707614286", "name": "Dublet"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_error_shape(&r.json(), "conflict");
}

#[tokio::test]
async fn mass_assignment_is_ignored() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    let forged_id = uuid::Uuid::now_v7().to_string();
    let r = app
        .post_json(
            "/api/v1/citizens",
            &t,
            &json!({"cpr": "120367-1155", "name": "Niels", "id": forged_id, "municipality_id": app.other_m.to_string(), "version": 99}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let c = r.json();
    assert_ne!(c["id"], forged_id.as_str());
    assert_eq!(c["version"], 1);
    let cid = c["id"].as_str().unwrap();
    // It belongs to the caller's municipality: the foreign caseworker cannot see it.
    let foreign = app.token("foreign").await;
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}"), &foreign)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let other = app.user("cw_other").await;
    let k = app
        .post_json(
            "/api/v1/courses",
            &t,
            &json!({"citizen_id": cid, "target_group": "forsikret_ledig", "framework": "F", "caseworker_id": other.id.to_string(),
                "status": "closed", "role": "admin"}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED);
    let me = app.user("cw").await;
    assert_eq!(k.json()["caseworker_id"], me.id.to_string().as_str());
    assert_eq!(k.json()["status"], "referred");
}

#[tokio::test]
async fn limits_content_types_and_text_rules() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    let (_, kid) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let path = format!("/api/v1/courses/{kid}/journal");
    let at_limit = "a".repeat(64 * 1024);
    assert_eq!(
        app.post_json(&path, &t, &json!({"text": at_limit}))
            .await
            .status,
        StatusCode::CREATED
    );
    let over = app
        .post_json(&path, &t, &json!({"text": "a".repeat(64 * 1024 + 1)}))
        .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("65536"));
    let huge = app
        .post_json(&path, &t, &json!({"text": "a".repeat(2 * 1024 * 1024)}))
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error_shape(&huge.json(), "payload_too_large");
    let Auth::Bearer(tok) = &t else {
        unreachable!()
    };
    let wrong_type = Request::builder()
        .method(Method::POST)
        .uri(&path)
        .header(header::AUTHORIZATION, format!("Bearer {tok}"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{\"text\":\"x\"}"))
        .unwrap();
    let r = app.send(wrong_type).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error_shape(&r.json(), "unsupported_media_type");
    let bad_json = Request::builder()
        .method(Method::POST)
        .uri(&path)
        .header(header::AUTHORIZATION, format!("Bearer {tok}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    assert_eq!(app.send(bad_json).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.post_json(&path, &t, &json!({"tekst": "x"}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // NFC: a decomposed å is stored composed.
    let r = app
        .post_json(&path, &t, &json!({"text": "Ha\u{30A}kon"}))
        .await;
    assert_eq!(r.json()["text"], "H\u{e5}kon");
    let bad_course = app
        .post_json("/api/v1/courses", &t, &json!({"citizen_id": uuid::Uuid::now_v7().to_string(), "target_group": "kontanthjaelp", "framework": "x"}))
        .await;
    assert_eq!(bad_course.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn course_rules_follow_the_law_of_the_start_date() {
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
    let cid = c["id"].as_str().unwrap();
    let citizen: jobspor_domain::CitizenId = cid.parse().unwrap();
    let courses = || async {
        jobspor_store::CourseStore::courses_of_citizen(&app.store, app.m, citizen)
            .await
            .unwrap()
            .len()
    };
    let mk = |tg: &str, cat: Option<&str>, start: &str, first: Option<&str>| {
        json!({"citizen_id": cid, "target_group": tg, "category": cat, "start_date": start,
            "first_absence_date": first, "framework": "F"})
    };
    // Refused, each with a message, and nothing stored.
    for (body, why) in [
        (
            mk("sygedagpenge", None, "2026-06-01", Some("2026-05-01")),
            "a category is required",
        ),
        (
            mk(
                "sygedagpenge",
                Some("kategori_3"),
                "2025-03-01",
                Some("2025-02-01"),
            ),
            "category 3 is abolished from 2025",
        ),
        (
            mk("sygedagpenge", Some("kategori_2"), "2026-06-01", None),
            "the first day of absence is required",
        ),
        (
            mk(
                "sygedagpenge",
                Some("kategori_2"),
                "2026-06-01",
                Some("2026-06-02"),
            ),
            "absence after the start",
        ),
        (
            mk(
                "sygedagpenge",
                Some("kategori_2"),
                "2099-06-01",
                Some("2099-05-01"),
            ),
            "a date far in the future",
        ),
        (
            mk(
                "sygedagpenge",
                Some("kategori_2"),
                "2026-06-01",
                Some("0000-01-01"),
            ),
            "year 0000",
        ),
        (
            mk("kontanthjaelp", Some("jobparat"), "9999-12-31", None),
            "year 9999",
        ),
        (
            mk("kontanthjaelp", Some("jobparat"), "2018-12-31", None),
            "before 2019",
        ),
        (
            mk("integrationsydelse", Some("jobparat"), "2025-07-01", None),
            "one kontanthjælp from 2025-07-01",
        ),
        (
            mk("kontanthjaelp", None, "2027-02-01", None),
            "the 2027 reform is pending: no default category",
        ),
        (
            mk("ukendt", None, "2026-01-01", None),
            "unknown target group",
        ),
    ] {
        let r = app.post_json("/api/v1/courses", &t, &body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}: {}",
            r.text()
        );
        assert_eq!(r.json()["error"]["code"], "validation", "{why}");
        assert!(!r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .is_empty());
    }
    assert_eq!(courses().await, 0, "nothing was stored");
    let made = app
        .post_json(
            "/api/v1/courses",
            &t,
            &json!({"citizen_id": cid, "target_group": "sygedagpenge", "category": "kategori_3",
                "start_date": "2024-11-01", "first_absence_date": "2024-09-20",
                "follow_up_track": "standard", "framework": "F"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    assert_eq!(
        (
            made.json()["rule_set"].as_str(),
            made.json()["first_absence_date"].as_str()
        ),
        (Some("lab-2019"), Some("2024-09-20")),
        "category 3 was there in 2024"
    );
    let made = app
        .post_json(
            "/api/v1/courses",
            &t,
            &json!({"citizen_id": cid, "target_group": "sygedagpenge", "category": "kategori_2",
                "start_date": "2026-06-01", "first_absence_date": "2026-05-01",
                "follow_up_track": "light", "framework": "F"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    assert_eq!(made.json()["rule_set"], "reform-2026-02");
    assert_eq!(made.json()["follow_up_track"], "light");
    let made = app
        .post_json(
            "/api/v1/courses",
            &t,
            &mk("integrationsydelse", Some("jobparat"), "2025-06-30", None),
        )
        .await;
    assert_eq!(
        made.status,
        StatusCode::CREATED,
        "the day before the new kontanthjælp"
    );
    assert_eq!(made.json()["rule_set"], "sdp-2025");
    assert_eq!(courses().await, 3);
}

#[tokio::test]
async fn openapi_document_is_the_contract() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/openapi.json", &Auth::None).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    for path in [
        "/api/v1/auth/token",
        "/api/v1/citizens",
        "/api/v1/citizens/{id}",
        "/api/v1/citizens/{id}/access-log",
        "/api/v1/courses",
        "/api/v1/courses/{id}",
        "/api/v1/courses/{id}/journal",
        "/api/v1/courses/{id}/consents",
        "/api/v1/courses/{id}/conference",
        "/api/v1/courses/{id}/conference/sign",
        "/api/v1/courses/{id}/conference/addenda",
        "/api/v1/courses/{id}/conversations",
        "/api/v1/courses/{id}/conversations/{bid}/cancel",
        "/api/v1/courses/{id}/consents/{cid}/revoke",
        "/api/v1/courses/{id}/plan",
        "/api/v1/courses/{id}/plan.pdf",
        "/api/v1/courses/{id}/plan/placements",
        "/api/v1/courses/{id}/plan/placements/{pid}",
        "/api/v1/courses/{id}/plan/placements/{pid}/end",
        "/api/v1/courses/{id}/progression",
        "/api/v1/courses/{id}/employment-ratings",
        "/api/v1/courses/{id}/control",
        "/api/v1/courses/{id}/close",
        "/api/v1/placements/{pid}/goals",
        "/api/v1/placements/{pid}/measurements",
        "/api/v1/placements/{pid}/decisions",
        "/api/v1/placements/{pid}/rating-links",
        "/api/v1/deadlines",
        "/api/v1/participants",
        "/api/v1/participants/{pid}",
        "/api/v1/inbox",
        "/api/v1/inbox/{nid}/read",
        "/api/v1/courses/{id}/focus-areas",
        "/api/v1/courses/{id}/focus-areas/{fid}",
        "/api/v1/courses/{id}/analysis-notes",
        "/api/v1/courses/{id}/analysis-notes/{nid}",
        "/healthz",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    insta::assert_json_snapshot!("openapi", doc);
}

/// The document and the router cannot drift: every documented operation
/// answers (401 to a caller without a token, where one is needed), while a
/// path or method that is not documented answers 404 or 405.
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json", &Auth::None).await.json();
    let id = "0190a0a0-0000-7000-8000-000000000001";
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let concrete: String = path
            .split('/')
            .map(|s| if s.starts_with('{') { id } else { s })
            .collect::<Vec<_>>()
            .join("/");
        for (method, op) in item.as_object().expect("operations") {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
            let r = app
                .send(
                    Request::builder()
                        .method(m.clone())
                        .uri(&concrete)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            let open = op["security"] == json!([{}]);
            if open {
                assert!(
                    r.status != StatusCode::NOT_FOUND && r.status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}: {}",
                    r.status
                );
            } else {
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {path}");
                assert_error_shape(&r.json(), "unauthenticated");
            }
            seen += 1;
        }
    }
    assert!(seen >= 50, "{seen} operations documented");
    // The check can fail: an undocumented path and an undocumented method.
    let t = app.token("cw").await;
    let nothing = app.get(&format!("/api/v1/courses/{id}/nothing"), &t).await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
    assert!(doc["paths"]["/api/v1/courses/{id}"]["delete"].is_null());
    let delete = app
        .send(
            t.apply(
                Request::builder()
                    .method(Method::DELETE)
                    .uri(format!("/api/v1/courses/{id}")),
            )
            .body(Body::empty())
            .unwrap(),
        )
        .await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
}
