//! Importing existing cases: citizens created and updated and courses
//! created together with their audit entries, or nothing.

use super::*;
use jobspor_store::{ImportBatch, ImportStore};

#[tokio::test]
async fn an_import_commits_whole_or_not_at_all() {
    let w = world().await;
    let known = citizen(&w, "250380-1714", "Anna Andersen");
    w.s.create_citizen(&known, &[]).await.unwrap();
    let mut renamed = known.clone();
    renamed.name = "Anna Nielsen".into();
    renamed.email = None;
    let new = citizen(&w, "120367-1155", "Bo Berg");
    let k = course(&w, &new, &w.cw);
    let note = entry(&w, &k, "Fra det gamle system", None);
    let batch = ImportBatch {
        create: vec![new.clone()],
        update: vec![renamed],
        courses: vec![k.clone()],
        journal: vec![note],
    };
    let audit = [
        ev(&w, AuditAction::Create, Some(new.id)),
        ev(&w, AuditAction::Update, Some(known.id)),
    ];
    w.s.import_cases(&batch, &audit).await.unwrap();
    let a = w.s.citizen(w.m, known.id).await.unwrap().unwrap();
    assert_eq!(a.name, "Anna Nielsen");
    assert_eq!(
        a.email.as_deref(),
        Some("a@b.dk"),
        "an empty cell keeps what is there"
    );
    assert!(w.s.citizen(w.m, new.id).await.unwrap().is_some());
    assert!(w.s.course(w.m, k.id).await.unwrap().is_some());
    assert_eq!(w.s.access_log(w.m, new.id, 10).await.unwrap().len(), 1);
    let notes: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM journal_entries WHERE course_id = $1")
            .bind(k.id.to_string())
            .fetch_one(w.s.pool())
            .await
            .unwrap();
    assert_eq!(notes, 1);

    // A CPR number created meanwhile: nothing of the batch is written.
    let late = citizen(&w, "010190-1234", "Cai Carl");
    let clash = citizen(&w, "120367-1155", "Bo Igen");
    let k2 = course(&w, &late, &w.cw);
    let lost = entry(&w, &k, "Går tabt", None);
    let batch = ImportBatch {
        create: vec![late.clone(), clash],
        update: vec![],
        courses: vec![k2.clone()],
        journal: vec![lost.clone()],
    };
    let before = w.s.verify_audit().await.unwrap().entries;
    assert!(matches!(
        w.s.import_cases(&batch, &[ev(&w, AuditAction::Create, Some(late.id))])
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(w.s.citizen(w.m, late.id).await.unwrap().is_none());
    assert!(w.s.course(w.m, k2.id).await.unwrap().is_none());
    let lost_notes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal_entries WHERE id = $1")
        .bind(lost.id.to_string())
        .fetch_one(w.s.pool())
        .await
        .unwrap();
    assert_eq!(lost_notes, 0);
    assert_eq!(w.s.verify_audit().await.unwrap().entries, before);
}
