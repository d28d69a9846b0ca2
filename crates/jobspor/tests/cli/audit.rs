use crate::server::{get_json, token, verify, Server};
use jobspor_store::testing::TestDb;
use jobspor_store::Backend;

#[tokio::test]
async fn audit_verify_detects_a_changed_row() {
    let db = TestDb::new().await;
    let server = Server::start(&db.url, true).await;
    let t = token(&server.base, "sagsbehandler", "demo").await;
    let client = reqwest::Client::new();
    let list: serde_json::Value = get_json(&server.base, &t, "/api/v1/courses?mine=true").await;
    let course = list["items"][0]["id"].as_str().unwrap();
    let r = client
        .get(format!("{}/api/v1/courses/{course}", server.base))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    drop(server);

    let (code, out) = verify(&db.url);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("audit log intact"));

    // Someone with database access removes the guard and edits one row.
    let store = db.store().await.unwrap();
    let drop_guard = match db.backend {
        Backend::Sqlite => "DROP TRIGGER audit_log_no_update",
        Backend::Postgres => "DROP TRIGGER audit_log_append_only ON audit_log",
    };
    sqlx::raw_sql(drop_guard)
        .execute(store.pool())
        .await
        .unwrap();
    let changed = sqlx::query("UPDATE audit_log SET username = 'someone_else' WHERE seq = 3")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    store.close().await;
    let (code, out) = verify(&db.url);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Tampered { seq: 3 }"), "{out}");
}

/// `jobspor audit …` with the anchor configured: its exit code and output.
fn anchored(url: &str, dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let (checkpoints, key) = (dir.join("checkpoints.jsonl"), dir.join("audit.key"));
    let env = [
        ("JOBSPOR_AUDIT_CHECKPOINTS", checkpoints.as_path()),
        ("JOBSPOR_AUDIT_KEY_FILE", key.as_path()),
    ];
    let (code, stdout, stderr) = crate::server::jobspor_run(url, &env, args);
    (code, format!("{stdout}{stderr}"))
}

/// Security finding 4: the chain detected a changed row, but not a rewritten
/// tail (hashes recomputed) nor a cut tail with the head rewound. Signed
/// checkpoints outside the database catch both, and a forged checkpoint.
#[tokio::test]
async fn checkpoints_outside_the_database_catch_a_rewritten_or_cut_tail() {
    use jobspor_domain::audit::{entry_hash, AuditAction, AuditEvent};
    use jobspor_domain::user::Role;
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("audit.key");
    let file = dir.path().join("checkpoints.jsonl");
    std::fs::write(&key, "c2VjcmV0LWtleS1vdXRzaWRlLXRoZS1kYXRhYmFzZS0zMmJ5dGVz").unwrap();
    // The server anchors the chains itself: at start, then every minute.
    let env = [
        ("JOBSPOR_AUDIT_CHECKPOINTS", file.as_path()),
        ("JOBSPOR_AUDIT_KEY_FILE", key.as_path()),
    ];
    let server = Server::start_with(&db.url, true, &env).await;
    let t = token(&server.base, "sagsbehandler", "demo").await;
    let list: serde_json::Value = get_json(&server.base, &t, "/api/v1/courses?mine=true").await;
    assert!(!list["items"].as_array().unwrap().is_empty());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::read_to_string(&file).map_or(true, |t| t.lines().count() == 0) {
        assert!(
            std::time::Instant::now() < deadline,
            "the server wrote no checkpoint"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    drop(server);
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "verify"]);
    assert_eq!(code, 0, "the server's checkpoint holds: {out}");
    std::fs::write(&key, "short").unwrap();
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "checkpoint"]);
    assert_ne!(code, 0, "a short key is refused: {out}");
    std::fs::write(&key, "c2VjcmV0LWtleS1vdXRzaWRlLXRoZS1kYXRhYmFzZS0zMmJ5dGVz").unwrap();
    // The reads since: one more checkpoint, as the next minute would write.
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "checkpoint"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("audit log intact") && out.contains("checkpoints"),
        "{out}"
    );

    // Someone with the database but not the key: drop the guards.
    let store = db.store().await.unwrap();
    let guards: &[&str] = match db.backend {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        Backend::Postgres => &["DROP TRIGGER audit_log_append_only ON audit_log"],
    };
    for g in guards {
        sqlx::raw_sql(g).execute(store.pool()).await.unwrap();
    }
    let head =
        sqlx::query("SELECT municipality_id, seq, hash FROM audit_head ORDER BY seq DESC LIMIT 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
    let m: String = sqlx::Row::get(&head, "municipality_id");
    let n: i64 = sqlx::Row::get(&head, "seq");
    // 1. Rewrite the last entry and recompute its hash and the head's.
    let row = sqlx::query("SELECT at, user_id, username, role, action, citizen_id, object, purpose, prev_hash FROM audit_log WHERE municipality_id = $1 AND seq = $2")
        .bind(&m)
        .bind(n)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let get = |c: &str| -> Option<String> { sqlx::Row::get(&row, c) };
    let event = AuditEvent {
        at: chrono::DateTime::from_timestamp_micros(sqlx::Row::get(&row, "at")).unwrap(),
        municipality_id: m.parse().unwrap(),
        user_id: get("user_id").map(|u| u.parse().unwrap()),
        username: "someone_else".into(),
        role: get("role").and_then(|r| Role::parse(&r)),
        action: AuditAction::parse(&get("action").unwrap()).unwrap(),
        citizen_id: get("citizen_id").map(|c| c.parse().unwrap()),
        object: get("object").unwrap(),
        purpose: get("purpose").unwrap(),
    };
    let rewritten = entry_hash(n, &event, &get("prev_hash").unwrap());
    sqlx::query("UPDATE audit_log SET username = 'someone_else', hash = $1 WHERE municipality_id = $2 AND seq = $3")
        .bind(&rewritten)
        .bind(&m)
        .bind(n)
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE municipality_id = $2")
        .bind(&rewritten)
        .bind(&m)
        .execute(store.pool())
        .await
        .unwrap();
    // The chain alone sees nothing; the checkpoint sees the rewrite.
    let (code, out) = verify(&db.url);
    assert_eq!(code, 0, "the chain alone cannot see it: {out}");
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("Rewritten {{ seq: {n} }}")), "{out}");

    // 2. Cut the last two entries off and rewind the head.
    let keep = n - 2;
    let kept: String =
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE municipality_id = $1 AND seq = $2")
            .bind(&m)
            .bind(keep)
            .fetch_one(store.pool())
            .await
            .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE municipality_id = $1 AND seq > $2")
        .bind(&m)
        .bind(keep)
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE municipality_id = $3")
        .bind(keep)
        .bind(&kept)
        .bind(&m)
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    let (code, out) = verify(&db.url);
    assert_eq!(code, 0, "the chain alone cannot see it: {out}");
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "Truncated {{ checkpoint_seq: {n}, head_seq: {keep} }}"
        )),
        "{out}"
    );

    // 3. A checkpoint written without the key is forged.
    let mut text = std::fs::read_to_string(&file).unwrap();
    let first = text.lines().next().unwrap().to_string();
    text.push_str(&first.replace("\"seq\":", "\"seq\":1"));
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    let (code, out) = anchored(&db.url, dir.path(), &["audit", "verify"]);
    assert_eq!(code, 1);
    assert!(out.contains("Forged"), "{out}");
}
