//! Retention: the job deletes and anonymises what has expired, leaves held
//! and recent courses alone, keeps the statistics and the audit chain
//! whole, does nothing in a dry run, and nothing twice.

use super::*;
use chrono::{Duration, Months};
use jobspor_domain::control::{CourseExit, Outcome};
use jobspor_domain::retention::{DataKind, LegalHold};
use jobspor_domain::user::Actor;
use jobspor_store::{EvaluationStore, ExitStore, RetentionStore};

fn actor(w: &World) -> Actor {
    Actor {
        user_id: w.cw.id,
        municipality_id: w.m,
        username: "cw".into(),
        display_name: "CW".into(),
        role: Role::Caseworker,
        team: Some("Nord".into()),
        unit_id: None,
    }
}

/// A citizen with a course closed on `closed`, a journal note, a contact
/// person, a document and a psychologist's and a doctor's note.
async fn closed_case(w: &World, cpr: &str, name: &str, closed: NaiveDate) -> (Citizen, Course) {
    let c = citizen(w, cpr, name);
    w.s.create_citizen(&c, &[ev(w, AuditAction::Create, Some(c.id))])
        .await
        .unwrap();
    let k = course(w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    w.s.add_journal_entry(&entry(w, &k, &format!("Samtale med {name}"), None), &[])
        .await
        .unwrap();
    let contact = ContactPerson {
        id: ContactId::new(),
        municipality_id: w.m,
        course_id: k.id,
        name: "Læge Hansen".into(),
        relation: "Egen læge".into(),
        phone: Some("98000000".into()),
        email: None,
        created_at: Utc::now(),
    };
    w.s.add_contact(&contact, &[]).await.unwrap();
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: w.m,
        course_id: k.id,
        filename: "erklaering.pdf".into(),
        content_type: "application/pdf".into(),
        size: 8,
        sha256: "0".repeat(64),
        uploaded_by: w.cw.id,
        created_at: Utc::now(),
    };
    w.s.add_document(&meta, b"%PDF-1.4", &[]).await.unwrap();
    for (author, profession, text) in [
        (w.psych.id, "psychologist", "Angst"),
        (w.cw_team.id, "doctor", "Diskusprolaps"),
    ] {
        sqlx::query(
            "INSERT INTO analysis_notes (id, municipality_id, course_id, author_id, author_name, profession, limitation, resources, suggested_intervention, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, 'P', $5, $6, '', '', 0, 0, 1)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(w.m.to_string())
        .bind(k.id.to_string())
        .bind(author.to_string())
        .bind(profession)
        .bind(text)
        .execute(w.s.pool())
        .await
        .unwrap();
    }
    let exit = CourseExit {
        course_id: k.id,
        municipality_id: w.m,
        outcome: Outcome::OrdinaryJob,
        date: closed,
        hours_per_week: Some(37),
        recorded_by: w.cw.id,
        recorded_at: Utc::now(),
    };
    w.s.close_course(&exit, 1, &entry(w, &k, "Afsluttet", None), &[])
        .await
        .unwrap();
    (c, k)
}

async fn count(w: &World, sql: &str, course: &Course) -> i64 {
    sqlx::query_scalar(sql)
        .bind(course.id.to_string())
        .fetch_one(w.s.pool())
        .await
        .unwrap()
}

const JOURNAL: &str = "SELECT COUNT(*) FROM journal_entries WHERE course_id = $1";
const CONTACTS: &str = "SELECT COUNT(*) FROM contact_persons WHERE course_id = $1";
const DOCUMENTS: &str = "SELECT COUNT(*) FROM documents WHERE course_id = $1";
const NOTES: &str = "SELECT COUNT(*) FROM analysis_notes WHERE course_id = $1";

#[tokio::test]
async fn expired_cases_go_held_and_recent_ones_stay_and_the_statistics_hold() {
    let w = world().await;
    let now = Utc::now();
    let today = now.date_naive();
    let six_years = today.checked_sub_months(Months::new(72)).unwrap();
    let (old, old_k) = closed_case(&w, "250380-1714", "Gammel Sag", six_years).await;
    let (held, held_k) = closed_case(&w, "120367-1155", "Holdt Sag", six_years).await;
    let (recent, recent_k) =
        closed_case(&w, "010190-1234", "Ny Sag", today - Duration::days(30)).await;
    let hold = LegalHold::place(&actor(&w), held_k.id, "Klage til Ankestyrelsen", now).unwrap();
    w.s.place_legal_hold(&hold, &[]).await.unwrap();
    // A hold on another municipality's course, or none, is refused.
    let stray =
        LegalHold::place(&actor(&w), CourseId::new(), "Klage til Ankestyrelsen", now).unwrap();
    assert!(matches!(
        w.s.place_legal_hold(&stray, &[]).await,
        Err(StoreError::NotFound)
    ));
    let cohort_before = w.s.cohort(w.m).await.unwrap();

    // A dry run reports and changes nothing.
    let dry = w.s.run_retention(w.m, now, true).await.unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.count(DataKind::Journal), 2, "{dry:?}");
    assert_eq!(dry.courses_held, 1);
    assert_eq!(count(&w, JOURNAL, &old_k).await, 2);
    assert!(w.s.citizen(w.m, old.id).await.unwrap().is_some());

    let run = w.s.run_retention(w.m, now, false).await.unwrap();
    assert!(!run.dry_run);
    assert_eq!(run.count(DataKind::Journal), 2);
    assert_eq!(run.count(DataKind::Documents), 1);
    assert_eq!(
        run.count(DataKind::Course),
        2,
        "the contact person and the employment goal"
    );
    // The psychologist's note goes after five years; the doctor's stays ten.
    assert_eq!(run.count(DataKind::HealthNotes), 1);
    assert_eq!(count(&w, NOTES, &old_k).await, 1);
    for sql in [JOURNAL, CONTACTS, DOCUMENTS] {
        assert_eq!(count(&w, sql, &old_k).await, 0, "{sql}");
        assert!(count(&w, sql, &held_k).await > 0, "held: {sql}");
        assert!(count(&w, sql, &recent_k).await > 0, "recent: {sql}");
    }
    // The doctor's note keeps the citizen until its ten years have run.
    assert_eq!(run.citizens_anonymised, 0);
    assert!(w.s.citizen(w.m, old.id).await.unwrap().is_some());
    let later = now.checked_add_months(Months::new(48)).unwrap();
    let run = w.s.run_retention(w.m, later, false).await.unwrap();
    assert_eq!(run.count(DataKind::HealthNotes), 1, "the doctor's note");
    assert_eq!(count(&w, NOTES, &old_k).await, 0);
    assert_eq!(run.citizens_anonymised, 1);
    // The old citizen is no one any more, yet counts in the statistics.
    assert!(w.s.citizen(w.m, old.id).await.unwrap().is_none());
    assert!(w.s.citizen(w.m, held.id).await.unwrap().is_some());
    assert!(w.s.citizen(w.m, recent.id).await.unwrap().is_some());
    let row: (String, String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT name, cpr, email, birth_date FROM citizens WHERE id = $1")
            .bind(old.id.to_string())
            .fetch_one(w.s.pool())
            .await
            .unwrap();
    assert_eq!(row.0, "Anonymiseret borger");
    assert!(row.1.starts_with("anonym-") && !row.1.contains("250380"));
    assert_eq!(row.2, None);
    assert_eq!(row.3.as_deref(), Some("1980-03-25"));
    let cohort_after = w.s.cohort(w.m).await.unwrap();
    let key = |c: &Vec<jobspor_store::CohortCourse>| {
        let mut v: Vec<_> = c
            .iter()
            .map(|k| (k.course_id, k.birth, k.exit.clone(), k.target_group.clone()))
            .collect();
        v.sort_by_key(|x| x.0);
        v
    };
    assert_eq!(
        key(&cohort_before),
        key(&cohort_after),
        "the statistics are unchanged"
    );

    // What the job did is in the audit log, and the chain verifies.
    let log = w.s.access_log(w.m, old.id, 100).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.event.action == AuditAction::Delete && e.event.object == "retention:journal"));
    assert!(log.iter().any(|e| e.event.object == "retention:citizen"));
    assert!(w.s.verify_audit().await.unwrap().problems.is_empty());

    // Nothing twice; lifting the hold lets the job go on.
    let again = w.s.run_retention(w.m, later, false).await.unwrap();
    assert_eq!(again.count(DataKind::Journal), 0);
    assert_eq!(again.citizens_anonymised, 0);
    w.s.lift_legal_hold(w.m, hold.id, w.cw.id, now, &[])
        .await
        .unwrap();
    assert!(matches!(
        w.s.lift_legal_hold(w.m, hold.id, w.cw.id, now, &[]).await,
        Err(StoreError::NotFound)
    ));
    let lifted = w.s.run_retention(w.m, later, false).await.unwrap();
    assert_eq!(lifted.count(DataKind::Journal), 2);
    assert_eq!(lifted.citizens_anonymised, 1);
    assert_eq!(count(&w, JOURNAL, &held_k).await, 0);
    assert!(count(&w, JOURNAL, &recent_k).await > 0);
}

#[tokio::test]
async fn periods_are_the_municipalitys_within_the_law() {
    let w = world().await;
    let p = w.s.retention_periods(w.m).await.unwrap();
    assert_eq!(p.months(DataKind::Journal), 60);
    w.s.set_retention_period(w.m, DataKind::Journal, 24, w.cw.id, &[])
        .await
        .unwrap();
    w.s.set_retention_period(w.m, DataKind::Journal, 36, w.cw.id, &[])
        .await
        .unwrap();
    let p = w.s.retention_periods(w.m).await.unwrap();
    assert_eq!(p.months(DataKind::Journal), 36);
    assert_eq!(p.months(DataKind::Documents), 60);
    // Another municipality keeps its own.
    let other = MunicipalityId::new();
    w.s.create_municipality(other, "Anden").await.unwrap();
    assert_eq!(
        w.s.retention_periods(other)
            .await
            .unwrap()
            .months(DataKind::Journal),
        60
    );

    // A shorter journal period reaches a course closed three years ago.
    let three_years = Utc::now()
        .date_naive()
        .checked_sub_months(Months::new(37))
        .unwrap();
    let (_, k) = closed_case(&w, "250380-1714", "Tre År", three_years).await;
    let r = w.s.run_retention(w.m, Utc::now(), false).await.unwrap();
    assert_eq!(r.count(DataKind::Journal), 2);
    assert_eq!(count(&w, JOURNAL, &k).await, 0);
    assert_eq!(
        count(&w, DOCUMENTS, &k).await,
        1,
        "documents keep their five years"
    );
    assert_eq!(r.citizens_anonymised, 0, "not before every period has run");
}

#[tokio::test]
async fn the_access_log_is_pruned_from_a_checkpoint_and_still_verifies() {
    let w = world().await;
    // Old entries, then a citizen whose data is still in use (an open
    // course).
    for _ in 0..5 {
        w.s.append_audit(&[ev(&w, AuditAction::Search, None)])
            .await
            .unwrap();
    }
    let k = citizen(&w, "250380-1714", "Stadig Her");
    w.s.create_citizen(&k, &[ev(&w, AuditAction::Create, Some(k.id))])
        .await
        .unwrap();
    w.s.create_course(&course(&w, &k, &w.cw), None, &[])
        .await
        .unwrap();
    w.s.set_retention_period(w.m, DataKind::AccessLog, 12, w.cw.id, &[])
        .await
        .unwrap();
    // Ten years on, the log is kept back to the held citizen's registration.
    let later = Utc::now().checked_add_months(Months::new(120)).unwrap();
    let r = w.s.run_retention(w.m, later, false).await.unwrap();
    assert!(r.audit_entries_pruned >= 5, "{r:?}");
    let report = w.s.verify_audit().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let log = w.s.access_log(w.m, k.id, 10).await.unwrap();
    assert!(log.iter().any(|e| e.event.action == AuditAction::Create));
    let checkpoints: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_prunes")
        .fetch_one(w.s.pool())
        .await
        .unwrap();
    assert_eq!(checkpoints, 1);
    // The log stays append-only outside the job.
    assert!(
        sqlx::query("DELETE FROM audit_log WHERE municipality_id = $1")
            .bind(w.m.to_string())
            .execute(w.s.pool())
            .await
            .is_err()
    );
    // Run again: nothing more to prune.
    let again = w.s.run_retention(w.m, later, false).await.unwrap();
    assert_eq!(again.audit_entries_pruned, 0);
}
