//! ICF: search through the API and the admin page; import all or nothing.

use crate::harness::{Auth, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

fn csv_request(token: &str, body: &str, content_type: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/api/v1/icf")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn search_and_import() {
    let app = TestApp::new().await;
    let t = app.token("cw").await;
    let found = app.get("/api/v1/icf?q=b28", &t).await.json();
    let codes: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["b280", "b28013"]);
    assert_eq!(
        app.get("/api/v1/icf?q=ryggen", &t).await.json()["items"][0]["title_en"],
        "Pain in back"
    );

    let crate::harness::Auth::Bearer(admin) = app.token("admin").await else {
        unreachable!()
    };
    let good = "code;title_da;title_en\nb1;Mentale funktioner;Mental functions\nb110;Bevidsthedsfunktioner;Consciousness functions\n";
    let r = app
        .send(csv_request(&admin, good, "text/csv; charset=utf-8"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["categories"], 2);
    assert_eq!(
        app.get("/api/v1/icf?q=bevidsthed", &t).await.json()["items"][0]["code"],
        "b110"
    );
    // Malformed: nothing changes, and the error says where.
    let bad = "code;title_da;title_en\nb2;Sansefunktioner;Sensory functions\nbx;Fejl;Error\n";
    let r = app.send(csv_request(&admin, bad, "text/csv")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("request body: line 3, field \"code\""));
    assert!(
        app.get("/api/v1/icf?q=sansefunktioner", &t).await.json()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.get("/api/v1/icf?q=bevidsthed", &t).await.json()["items"][0]["code"],
        "b110",
        "the earlier import stands"
    );
    assert_eq!(
        app.send(csv_request(&admin, good, "application/json"))
            .await
            .status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let crate::harness::Auth::Bearer(cw) = t else {
        unreachable!()
    };
    assert_eq!(
        app.send(csv_request(&cw, good, "text/csv")).await.status,
        StatusCode::NOT_FOUND
    );

    // The admin page shows the counts and searches.
    let s = app.login("admin").await;
    let page = app.get("/admin/icf?q=d85", &Auth::Session(s)).await.text();
    assert!(
        page.contains("Kategorier: 23")
            && page.contains("heraf importeret: 2")
            && page.contains("Lønnet beskæftigelse"),
        "{page}"
    );
    let cws = app.login("cw").await;
    assert_eq!(
        app.get("/admin/icf", &Auth::Session(cws)).await.status,
        StatusCode::NOT_FOUND
    );
}
