//! Everything held about a citizen (GDPR art. 15 and 20): the export covers
//! every table about citizens, holds this citizen's rows and no one else's,
//! and reads the access log oldest first.

use super::*;
use jobspor_domain::insight::{field, Value};
use jobspor_store::InsightStore;

#[tokio::test]
async fn the_export_covers_every_table_about_citizens() {
    let w = world().await;
    assert_eq!(w.s.insight_gaps().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn the_export_holds_the_citizen_and_nobody_else() {
    let w = world().await;
    let a = citizen(&w, "250380-1714", "Anna Andersen");
    let b = citizen(&w, "120367-1155", "Bo Berg");
    for c in [&a, &b] {
        w.s.create_citizen(c, &[ev(&w, AuditAction::Create, Some(c.id))])
            .await
            .unwrap();
    }
    let ka = course(&w, &a, &w.cw);
    let kb = course(&w, &b, &w.cw);
    w.s.create_course(&ka, None, &[]).await.unwrap();
    w.s.create_course(&kb, None, &[]).await.unwrap();
    w.s.add_journal_entry(&entry(&w, &ka, "Anna møder op", None), &[])
        .await
        .unwrap();
    w.s.add_journal_entry(&entry(&w, &kb, "Bo møder op", None), &[])
        .await
        .unwrap();
    let bytes = b"%PDF-1.4 Annas erklaering".to_vec();
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: w.m,
        course_id: ka.id,
        filename: "erklæring.pdf".into(),
        content_type: "application/pdf".into(),
        size: bytes.len() as i64,
        sha256: "0".repeat(64),
        uploaded_by: w.cw.id,
        created_at: Utc::now(),
    };
    w.s.add_document(&meta, &bytes, &[]).await.unwrap();
    w.s.append_audit(&[ev(&w, AuditAction::Read, Some(a.id))])
        .await
        .unwrap();

    let i = w.s.citizen_insight(w.m, a.id).await.unwrap().unwrap();
    assert_eq!(i.municipality, "Testkommune");
    let rows = |key: &str| i.section(key).map(|s| s.rows.clone()).unwrap_or_default();
    let who = rows("citizen");
    assert_eq!(who.len(), 1);
    assert_eq!(
        field(&who[0], "name"),
        Some(&Value::Text("Anna Andersen".into()))
    );
    assert_eq!(
        field(&who[0], "cpr"),
        Some(&Value::Text("250380-1714".into()))
    );
    let courses = rows("courses");
    assert_eq!(courses.len(), 1);
    assert_eq!(
        field(&courses[0], "id"),
        Some(&Value::Id(ka.id.to_string()))
    );
    // Staff by name, codes as codes of their kind, dates as dates.
    assert_eq!(
        field(&courses[0], "caseworker_id"),
        Some(&Value::Text("CW".into()))
    );
    assert_eq!(
        field(&courses[0], "status"),
        Some(&Value::Code {
            kind: "course_status",
            code: "active".into()
        })
    );
    assert_eq!(
        field(&courses[0], "start_date"),
        Some(&Value::Date(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()))
    );
    let journal = rows("journal");
    assert_eq!(journal.len(), 1);
    assert_eq!(
        field(&journal[0], "body"),
        Some(&Value::Long("Anna møder op".into()))
    );
    let docs = rows("documents");
    assert_eq!(docs.len(), 1);
    assert_eq!(field(&docs[0], "content"), Some(&Value::Bytes(bytes)));
    // The access log, oldest first: the registration, then the read.
    let log = rows("access_log");
    let actions: Vec<_> = log
        .iter()
        .filter_map(|r| match field(r, "action") {
            Some(Value::Code { code, .. }) => Some(code.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(actions, ["create", "read"]);
    assert_eq!(field(&log[0], "user"), Some(&Value::Text("CW".into())));
    // No field anywhere holds Bo's name, text or ids.
    let everything = format!("{:?}", i.sections);
    for other in [
        "Bo Berg",
        "Bo møder op",
        &b.id.to_string(),
        &kb.id.to_string(),
    ] {
        assert!(
            !everything.contains(other),
            "{other} leaked into the export"
        );
    }
    // Every section is there, empty or not.
    assert!(i.section("conferences").is_some_and(|s| s.rows.is_empty()));

    // Unknown citizens and another municipality's get nothing.
    assert!(w
        .s
        .citizen_insight(w.m, CitizenId::new())
        .await
        .unwrap()
        .is_none());
    assert!(w
        .s
        .citizen_insight(MunicipalityId::new(), a.id)
        .await
        .unwrap()
        .is_none());
}
