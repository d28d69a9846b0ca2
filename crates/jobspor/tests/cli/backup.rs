//! The backup drill (issue 25, part 5): back up under write load, restore
//! into an empty database, verify the audit chains, and find every write
//! acknowledged before the backup began.

use crate::server::{get_json, token, verify, Server};
use jobspor_store::testing::{TempDir, TestDb};
use jobspor_store::UserStore;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `jobspor ARGS` on `url`: exit code and what it printed.
fn jobspor(url: &str, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = crate::server::jobspor_run(url, &[], args);
    (code, format!("{stdout}{stderr}"))
}

#[tokio::test]
async fn a_backup_under_write_load_restores_whole_and_verified() {
    let db = TestDb::new().await;
    let server = Server::start(&db.url, true).await;
    let base = server.base.clone();
    let t = token(&base, "sagsbehandler", "demo").await;
    let list = get_json(&base, &t, "/api/v1/courses?mine=true").await;
    let course = list["items"][0]["id"].as_str().unwrap().to_string();

    // Two writers stream journal entries, noting when each was acknowledged.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..2 {
        let (base, t, course, stop) = (base.clone(), t.clone(), course.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut acked = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("backup drill writer {w} entry {i}");
                i += 1;
                let r = client
                    .post(format!("{base}/api/v1/courses/{course}/journal"))
                    .bearer_auth(&t)
                    .json(&serde_json::json!({"text": text}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), reqwest::StatusCode::CREATED);
                acked.push((text, Instant::now()));
            }
            acked
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("jobspor.backup");
    let path = file.to_str().unwrap().to_string();
    let began = Instant::now();
    let url = db.url.clone();
    let (code, out) = tokio::task::spawn_blocking({
        let path = path.clone();
        move || jobspor(&url, &["backup", "--to", &path])
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("backup written to"), "{out}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut before = Vec::new();
    let mut after = 0;
    for w in writers {
        for (text, at) in w.await.unwrap() {
            if at < began {
                before.push(text);
            } else {
                after += 1;
            }
        }
    }
    assert!(
        before.len() >= 10,
        "writes were under way: {}",
        before.len()
    );
    assert!(after > 0, "and went on while the backup ran");
    let source = db.store().await.unwrap();
    let municipalities = source.count_municipalities().await.unwrap();
    drop(server);

    // A backup never overwrites a file.
    let (code, out) = jobspor(&db.url, &["backup", "--to", &path]);
    assert_ne!(code, 0);
    assert!(out.contains("exists already"), "{out}");

    // Restore into an empty database: the chains verify.
    let target = TestDb::new().await;
    let (code, out) = jobspor(&target.url, &["restore", "--from", &path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("audit log intact"), "{out}");
    let (code, out) = verify(&target.url);
    assert_eq!(code, 0, "{out}");
    let restored = target.store().await.unwrap();
    assert_eq!(
        restored.count_municipalities().await.unwrap(),
        municipalities
    );
    // Every write acknowledged before the backup began is there.
    let server = Server::start(&target.url, false).await;
    let t = token(&server.base, "sagsbehandler", "demo").await;
    let journal = get_json(
        &server.base,
        &t,
        &format!("/api/v1/courses/{course}/journal"),
    )
    .await;
    let texts: HashSet<&str> = journal["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    let missing: Vec<&String> = before
        .iter()
        .filter(|t| !texts.contains(t.as_str()))
        .collect();
    assert!(missing.is_empty(), "lost in the backup: {missing:?}");
    // The backup and the restore are in the audit log.
    let n = |sql: &str| {
        let sql = sql.to_string();
        let store = restored.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(store.pool())
                .await
                .unwrap()
        }
    };
    assert_eq!(
        n("SELECT COUNT(*) FROM audit_log WHERE object = 'database' AND action = 'export'").await,
        municipalities
    );
    assert_eq!(
        n("SELECT COUNT(*) FROM audit_log WHERE object = 'database' AND action = 'update'").await,
        municipalities
    );
    drop(server);

    // Never into a database that holds data; nor from a file that is no backup.
    let (code, out) = jobspor(&target.url, &["restore", "--from", &path]);
    assert_ne!(code, 0);
    assert!(out.contains("not empty"), "{out}");
    let junk = dir.path().join("junk");
    std::fs::write(&junk, b"not a backup").unwrap();
    let empty = TestDb::new().await;
    let (code, _) = jobspor(&empty.url, &["restore", "--from", junk.to_str().unwrap()]);
    assert_ne!(code, 0);
}
