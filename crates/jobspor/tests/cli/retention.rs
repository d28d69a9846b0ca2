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

/// The audit chain across a prune: the job checkpoints, prunes and signs
/// its word into the anchor file; `audit verify` passes with and without
/// the anchor. Someone who cuts the chain's start and claims a prune passes
/// the database's own check, but not the anchored one.
#[tokio::test]
async fn a_prune_verifies_and_a_claimed_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("audit.key");
    let file = dir.path().join("checkpoints.jsonl");
    std::fs::write(&key, "c2VjcmV0LWtleS1vdXRzaWRlLXRoZS1kYXRhYmFzZS0zMmJ5dGVz").unwrap();
    let password = std::path::Path::new("Kodeord-til-prøven-2026");
    let anchor = [
        ("JOBSPOR_AUDIT_CHECKPOINTS", file.as_path()),
        ("JOBSPOR_AUDIT_KEY_FILE", key.as_path()),
        ("JOBSPOR_ADMIN_PASSWORD", password),
    ];
    for forged in [false, true] {
        let db = TestDb::new().await;
        let (code, _, err) = jobspor_run(
            &db.url,
            &anchor,
            &["init", "--municipality", "Prøvekommune", "--admin", "admin"],
        );
        assert_eq!(code, 0, "{err}");
        // Two runs that find nothing still write the log's first entries.
        for _ in 0..2 {
            let (code, _, err) = jobspor_run(&db.url, &anchor, &["retention", "run"]);
            assert_eq!(code, 0, "{err}");
        }
        let (code, _, err) = jobspor_run(&db.url, &anchor, &["audit", "checkpoint"]);
        assert_eq!(code, 0, "{err}");
        if forged {
            // Cut the start and claim a prune, as someone with the database could.
            let store = db.store().await.unwrap();
            let hash: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = 1")
                .fetch_one(store.pool())
                .await
                .unwrap();
            sqlx::query("INSERT INTO retention_permits (token) VALUES ('x')")
                .execute(store.pool())
                .await
                .unwrap();
            sqlx::query("DELETE FROM audit_log WHERE seq = 1")
                .execute(store.pool())
                .await
                .unwrap();
            sqlx::query("DELETE FROM retention_permits")
                .execute(store.pool())
                .await
                .unwrap();
            sqlx::query(
                "INSERT INTO audit_prunes (municipality_id, seq, hash, pruned_at) SELECT municipality_id, 1, $1, 0 FROM audit_head",
            )
            .bind(hash)
            .execute(store.pool())
            .await
            .unwrap();
            store.close().await;
        } else {
            // The log kept a year; two years on, none of it answers for a
            // citizen (there is none yet).
            let store = db.store().await.unwrap();
            sqlx::query(
                "INSERT INTO retention_periods (municipality_id, kind, months, changed_at) SELECT id, 'access_log', 12, 0 FROM municipalities",
            )
            .execute(store.pool())
            .await
            .unwrap();
            store.close().await;
            let at = (chrono::Utc::now() + chrono::Duration::days(800)).to_rfc3339();
            let (code, out, err) =
                jobspor_run(&db.url, &anchor, &["retention", "run", "--at", &at]);
            assert_eq!(code, 0, "{err}");
            assert!(!out.contains(&line("access_log", 0)), "{out}");
        }
        let (code, out) = verify(&db.url);
        assert_eq!(code, 0, "the database's own check passes: {out}");
        let (code, out, _) = jobspor_run(&db.url, &anchor, &["audit", "verify"]);
        if forged {
            assert_eq!(code, 1, "{out}");
            assert!(out.contains("UnsignedPrune { seq: 1 }"), "{out}");
        } else {
            assert_eq!(code, 0, "{out}");
        }
        std::fs::remove_file(&file).ok();
    }
}
