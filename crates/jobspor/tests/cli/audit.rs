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
