//! `jobspor retention run`: the dry run prints what would go and changes
//! nothing; the run deletes it, records it, and the audit log verifies.

use crate::server::{jobspor_run, verify};
use jobspor_store::testing::TestDb;

/// The journal entries of the demo's courses that closed long ago.
async fn old_journal(db: &TestDb) -> i64 {
    let store = db.store().await.unwrap();
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM journal_entries j JOIN course_exits x ON x.course_id = j.course_id",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    store.close().await;
    n
}

/// A line of the printed report.
fn line(kind: &str, n: i64) -> String {
    format!("{kind:<14} {n:>8}")
}

#[tokio::test]
async fn a_dry_run_changes_nothing_and_a_run_deletes_what_expired() {
    let db = TestDb::new().await;
    let (code, _, err) = jobspor_run(&db.url, &[], &["demo"]);
    assert_eq!(code, 0, "{err}");
    // Three of the demo's running courses closed seven years ago.
    let store = db.store().await.unwrap();
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT c.id FROM courses c WHERE EXISTS (SELECT 1 FROM journal_entries j WHERE j.course_id = c.id) ORDER BY c.id LIMIT 3",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        sqlx::query("UPDATE courses SET status = 'closed' WHERE id = $1")
            .bind(id)
            .execute(store.pool())
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO course_exits (course_id, municipality_id, outcome, exit_date, hours_per_week, recorded_by, recorded_at)
             SELECT id, municipality_id, 'ordinary_job', '2019-06-30', 37, caseworker_id, 0 FROM courses WHERE id = $1",
        )
        .bind(id)
        .execute(store.pool())
        .await
        .unwrap();
    }
    store.close().await;
    let before = old_journal(&db).await;
    assert!(before > 0);

    let (code, out, err) = jobspor_run(&db.url, &[], &["retention", "run", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Demo Kommune (dry run: nothing changed)"),
        "{out}"
    );
    assert!(out.contains(&line("journal", before)), "{out}");
    assert_eq!(old_journal(&db).await, before, "a dry run changes nothing");

    let (code, out, err) = jobspor_run(&db.url, &[], &["retention", "run"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("dry run"), "{out}");
    assert!(out.contains(&line("journal", before)), "{out}");
    assert_eq!(old_journal(&db).await, 0);

    let (code, out) = verify(&db.url);
    assert_eq!(code, 0, "{out}");
    let store = db.store().await.unwrap();
    let recorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE object = 'retention:journal' AND action = 'delete'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(recorded, 3, "one entry per citizen whose journal went");
    store.close().await;

    // Nothing twice.
    let (_, out, _) = jobspor_run(&db.url, &[], &["retention", "run"]);
    assert!(out.contains(&line("journal", 0)), "{out}");
}
