//! The screening flow through the API: definitions, start, answers, submit,
//! result, triage; links and their revocation; import; access.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use jobspor_domain::questionnaire::{Definition, ItemKind};
use jobspor_store::TriageStore;
use serde_json::{json, Value};

/// The riskiest answer to every item, as API values.
fn risky_answers(d: &Definition) -> Value {
    let mut m = serde_json::Map::new();
    for i in &d.items {
        let v = match i.kind {
            ItemKind::SingleChoice => json!(i.options.last().unwrap().value),
            ItemKind::Scale => {
                let s = i.scale.as_ref().unwrap();
                json!(if i.risk.iter().all(|t| t.higher_is_worse) {
                    s.max
                } else {
                    s.min
                })
            }
            ItemKind::Number => {
                let r = i.number.as_ref().unwrap();
                json!(if i.risk.iter().all(|t| t.higher_is_worse) {
                    r.max
                } else {
                    r.min
                })
            }
            _ => unreachable!(),
        };
        m.insert(i.key.clone(), v);
    }
    Value::Object(m)
}

#[tokio::test]
async fn screening_and_triage_through_the_api() {
    let app = TestApp::new().await;
    let (cid, _) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let t = app.token("cw").await;
    let defs = app.get("/api/v1/questionnaires", &t).await.json();
    let kh = defs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "jobspor-screening-kontanthjaelp")
        .unwrap()
        .clone();
    assert_eq!(defs["items"].as_array().unwrap().len(), 3);
    let body = app
        .get(
            &format!("/api/v1/questionnaires/{}", kh["id"].as_str().unwrap()),
            &t,
        )
        .await
        .json();
    let def = Definition::parse(&body.to_string(), "api").unwrap();

    let started = app
        .post_json(
            &format!("/api/v1/citizens/{cid}/screenings"),
            &t,
            &json!({"definition_id": kh["id"], "channel": "api"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.text());
    assert!(started.json()["link_path"].is_null());
    let sid = started.json()["id"].as_str().unwrap().to_string();
    let answers_path = format!("/api/v1/screenings/{sid}/answers");

    // Checked like the form: out of range, not a number, an unknown item.
    for bad in [
        json!({"stress": 11}),
        json!({"stress": "3,5"}),
        json!({"stress": "NaN"}),
        json!({"housing": "castle"}),
        json!({"no_such": "x"}),
    ] {
        let r = app
            .post_json(&answers_path, &t, &json!({"answers": bad}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    // Submitting with answers missing names them.
    let early = app
        .post_json(
            &answers_path,
            &t,
            &json!({"answers": {"stress": 9}, "submit": true}),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("answers missing: civil_status"));
    // A refused submission saves nothing of what it carried.
    let unchanged = app
        .get(&format!("/api/v1/screenings/{sid}"), &t)
        .await
        .json();
    assert_eq!(unchanged["status"], "draft", "{unchanged}");
    assert!(unchanged["answers"].get("stress").is_none(), "{unchanged}");
    let done = app
        .post_json(
            &answers_path,
            &t,
            &json!({"answers": risky_answers(&def), "submit": true}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let s = done.json();
    assert_eq!(
        (
            s["status"].as_str(),
            s["result"]["risk_class"].as_str(),
            s["result"]["readiness"].as_str()
        ),
        (Some("submitted"), Some("high"), Some("aktivitetsparat"))
    );
    assert_eq!(
        app.post_json(&answers_path, &t, &json!({"answers": {"stress": 0}}))
            .await
            .status,
        StatusCode::CONFLICT,
        "locked"
    );
    let read = app
        .get(&format!("/api/v1/screenings/{sid}"), &t)
        .await
        .json();
    assert_eq!(read["result"]["red"], s["result"]["red"]);
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}/screenings"), &t)
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Triage through the API.
    let fw = jobspor_domain::triage::CourseFramework {
        id: jobspor_domain::FrameworkId::new(),
        municipality_id: app.m,
        name: "Udviklingsforløb".into(),
        target_group: jobspor_domain::rules::TargetGroup::Kontanthjaelp,
        default_weeks: 26,
        default_team: vec![],
        active: true,
    };
    app.store.create_framework(&fw, &[]).await.unwrap();
    assert_eq!(
        app.get("/api/v1/course-frameworks", &t).await.json()["items"][0]["name"],
        "Udviklingsforløb"
    );
    let triage_path = format!("/api/v1/screenings/{sid}/triage");
    assert_eq!(
        app.get(&triage_path, &t).await.status,
        StatusCode::NOT_FOUND,
        "not decided yet"
    );
    let decided = app
        .post_json(&triage_path, &t, &json!({"assessed_risk": "high", "assessed_readiness": "aktivitetsparat", "decision": "development_course", "framework_id": fw.id.to_string(), "employment_goal": "Job"}))
        .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.text());
    let d = decided.json();
    assert_eq!(
        (d["disagrees"].as_bool(), d["suggested_risk"].as_str()),
        (Some(false), Some("high"))
    );
    let course = d["course_id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/courses/{course}"), &t)
            .await
            .json()["category"],
        "aktivitetsparat"
    );
    assert_eq!(app.get(&triage_path, &t).await.json()["id"], d["id"]);
    assert_eq!(
        app.post_json(
            &triage_path,
            &t,
            &json!({"assessed_risk": "low", "decision": "close_low_risk", "note": "x"})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );

    // A link started through the API works in the browser, until revoked.
    let linked = app
        .post_json(
            &format!("/api/v1/citizens/{cid}/screenings"),
            &t,
            &json!({"definition_id": kh["id"], "channel": "link", "language": "ar"}),
        )
        .await
        .json();
    let path = linked["link_path"].as_str().unwrap().to_string();
    assert_eq!(app.get(&path, &Auth::None).await.status, StatusCode::OK);
    let revoked = app
        .post_json(
            &format!(
                "/api/v1/screenings/{}/links/revoke",
                linked["id"].as_str().unwrap()
            ),
            &t,
            &json!({}),
        )
        .await;
    assert_eq!(revoked.json()["revoked"], 1);
    assert_eq!(app.get(&path, &Auth::None).await.status, StatusCode::GONE);

    // Others may not.
    let psych = app.token("psych").await;
    assert_eq!(
        app.get(&format!("/api/v1/citizens/{cid}/screenings"), &psych)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/screenings/{sid}"), &psych)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let foreign = app.token("foreign").await;
    assert_eq!(
        app.get(&format!("/api/v1/screenings/{sid}"), &foreign)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn import_through_the_api() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let mut own: Value =
        serde_json::from_str(jobspor_domain::questionnaire::shipped::DEFINITIONS[0].1).unwrap();
    own["key"] = json!("eget-skema");
    let r = app.post_json("/api/v1/questionnaires", &admin, &own).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        (r.json()["key"].as_str(), r.json()["shipped"].as_bool()),
        (Some("eget-skema"), Some(false))
    );
    own["title"]["da"] = json!("Ændret");
    assert_eq!(
        app.post_json("/api/v1/questionnaires", &admin, &own)
            .await
            .status,
        StatusCode::CONFLICT
    );
    own["items"][0]["kind"] = json!("slider");
    own["version"] = json!(2);
    let bad = app.post_json("/api/v1/questionnaires", &admin, &own).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("request body: item \"q1_duration\", field \"items[0].kind\""),
        "{}",
        bad.text()
    );
    let cw = app.token("cw").await;
    assert_eq!(
        app.post_json("/api/v1/questionnaires", &cw, &own)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
