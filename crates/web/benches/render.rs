//! How fast a citizen's questionnaire page is served: the whole request
//! through the real router on SQLite (link lookup, response, definition,
//! skip logic, template), for the largest page of the kontanthjælp screening.
//! Prints the median of repeated rounds.

use axum::body::Body;
use axum::http::Request;
use chrono::Utc;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::cpr::Cpr;
use jobspor_domain::questionnaire::{Answers, Channel, Link, Response, ResponseStatus};
use jobspor_domain::user::Role;
use jobspor_domain::*;
use jobspor_store::testing::TestDb;
use jobspor_store::{CitizenStore, NewUser, QuestionnaireStore, UserStore};
use jobspor_web::{app, AppState, WebConfig};
use std::sync::Arc;
use std::time::Instant;
use tower::ServiceExt;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let db = TestDb::new().await;
    let store = db.store().await.expect("store");
    let m = MunicipalityId::new();
    store
        .create_municipality(m, "Bench")
        .await
        .expect("municipality");
    let cw = store
        .create_user(
            &NewUser {
                municipality_id: m,
                username: "cw".into(),
                display_name: "CW".into(),
                role: Role::Caseworker,
                profession: None,
                unit_id: None,
                team: None,
                password_hash: "x".into(),
            },
            &[],
        )
        .await
        .expect("user");
    jobspor_store::install_shipped_definitions(&store)
        .await
        .expect("definitions");
    let def = store
        .definitions(m)
        .await
        .expect("defs")
        .into_iter()
        .find(|d| d.key == "jobspor-screening-kontanthjaelp")
        .expect("kh");
    let citizen = Citizen {
        id: CitizenId::new(),
        municipality_id: m,
        cpr: Cpr::parse("250380-1714").expect("cpr").0,
        name: "Bench".into(),
        phone: None,
        email: None,
        address: None,
        created_at: Utc::now(),
        version: 1,
    };
    store.create_citizen(&citizen, &[]).await.expect("citizen");
    let router = app(AppState::new(Arc::new(store.clone()), WebConfig::default()));
    println!(
        "{:<52} {:>12}",
        "request (optimised build, SQLite)", "median"
    );
    for lang in ["da", "ar"] {
        let now = Utc::now();
        let response = Response {
            id: ResponseId::new(),
            municipality_id: m,
            citizen_id: citizen.id,
            definition_id: def.id,
            channel: Channel::Link,
            language: lang.into(),
            status: ResponseStatus::Draft,
            answers: Answers::new(),
            result: None,
            entered_by: None,
            created_at: now,
            updated_at: now,
            submitted_at: None,
            version: 1,
        };
        let token = jobspor_web::auth::random_token();
        let link = Link {
            token_hash: jobspor_web::auth::sha256_hex(&token),
            municipality_id: m,
            citizen_id: citizen.id,
            response_id: response.id,
            created_by: cw.id,
            created_at: now,
            expires_at: now + chrono::Duration::days(1),
            revoked_at: None,
        };
        store
            .create_response(&response, Some(&link), &[])
            .await
            .expect("response");
        // Page 4 ("Din hverdag") has seven items, the most of any page.
        let path = format!("/s/{token}/side/4");
        let mut samples = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            for _ in 0..40 {
                let res = router
                    .clone()
                    .oneshot(
                        Request::builder()
                            .uri(&path)
                            .body(Body::empty())
                            .expect("request"),
                    )
                    .await
                    .expect("response");
                assert!(res.status().is_success());
                let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await;
            }
            samples.push(t.elapsed().as_secs_f64() * 1e6 / 40.0);
        }
        samples.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{:<52} {:>9.0} µs",
            format!("GET questionnaire page, 7 items ({lang})"),
            samples[samples.len() / 2]
        );
    }
}
