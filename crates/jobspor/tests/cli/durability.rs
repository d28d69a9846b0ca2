//! Every journal write the client saw acknowledged survives a SIGKILL of the
//! server in the middle of a stream of writes.

use crate::server::{get_json, token, Server};
use jobspor_store::testing::TestDb;
use std::time::Duration;

#[tokio::test]
async fn acknowledged_writes_survive_sigkill() {
    let db = TestDb::new().await;
    let server = Server::start(&db.url, true).await;
    let base = server.base.clone();
    let t = token(&base, "sagsbehandler", "demo").await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let list: serde_json::Value = get_json(&base, &t, "/api/v1/courses?mine=true").await;
    let course = list["items"][0]["id"].as_str().unwrap().to_string();

    // Four concurrent writers stream entries until the server dies.
    let mut writers = Vec::new();
    for w in 0..4 {
        let (client, base, t, course) = (client.clone(), base.clone(), t.clone(), course.clone());
        writers.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0.. {
                let text = format!("durability writer {w} entry {i}");
                let r = client
                    .post(format!("{base}/api/v1/courses/{course}/journal"))
                    .bearer_auth(&t)
                    .json(&serde_json::json!({"text": text}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == reqwest::StatusCode::CREATED => acked.push(text),
                    _ => break,
                }
            }
            acked
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    let mut acked = Vec::new();
    for w in writers {
        acked.extend(w.await.unwrap());
    }
    assert!(
        acked.len() >= 20,
        "the stream was under way when killed: {} acknowledged",
        acked.len()
    );

    let server = Server::start(&db.url, false).await;
    let t = token(&server.base, "sagsbehandler", "demo").await;
    let journal: serde_json::Value = get_json(
        &server.base,
        &t,
        &format!("/api/v1/courses/{course}/journal"),
    )
    .await;
    let stored: std::collections::HashSet<&str> = journal["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    let lost: Vec<&String> = acked
        .iter()
        .filter(|a| !stored.contains(a.as_str()))
        .collect();
    eprintln!(
        "durability: {} writes acknowledged before SIGKILL, {} lost",
        acked.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "{} acknowledged writes lost, e.g. {:?}",
        lost.len(),
        lost.first()
    );
    // The audit chain is intact after the crash.
    let store = db.store().await.unwrap();
    let report = jobspor_store::AuditStore::verify_audit(&store)
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
