//! Analysis conversations, the conference record, sign-off and addenda.

use crate::{citizen, course, world};
use chrono::{Duration, Utc};
use jobspor_domain::conference::{Addendum, Agreed, Booking, Conference};
use jobspor_domain::description::{HealthConsultation, Recommendation};
use jobspor_domain::document::DocumentMeta;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::*;
use jobspor_store::*;

#[tokio::test]
async fn bookings_do_not_overlap_per_professional() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let start = Utc::now() + Duration::days(2);
    let b = |who: UserId, offset_min: i64, minutes: u32| Booking {
        id: BookingId::new(),
        municipality_id: w.m,
        course_id: k.id,
        professional_id: who,
        starts_at: start + Duration::minutes(offset_min),
        minutes,
        location: "Lokale 2".into(),
        created_by: w.cw.id,
        created_at: Utc::now(),
    };
    let first = b(w.psych.id, 0, 60);
    w.s.book(&first, false, &[]).await.unwrap();
    assert!(matches!(
        w.s.book(&b(w.psych.id, 30, 60), false, &[]).await,
        Err(StoreError::Conflict(Conflict::SlotTaken))
    ));
    w.s.book(&b(w.psych.id, 60, 30), false, &[]).await.unwrap();
    w.s.book(&b(w.cw.id, 0, 60), false, &[]).await.unwrap();
    let got = w.s.bookings(w.m, k.id).await.unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!((got[0].minutes, got[0].location.as_str()), (60, "Lokale 2"));
    w.s.cancel_booking(w.m, k.id, (first.id, first.created_by), Utc::now(), &[])
        .await
        .unwrap();
    assert_eq!(w.s.bookings(w.m, k.id).await.unwrap().len(), 2);
    w.s.book(&b(w.psych.id, 30, 30), false, &[]).await.unwrap();
}

#[tokio::test]
async fn a_booking_brings_the_professional_onto_the_team_once() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let booking = |offset_days: i64| Booking {
        id: BookingId::new(),
        municipality_id: w.m,
        course_id: k.id,
        professional_id: w.psych.id,
        starts_at: Utc::now() + Duration::days(offset_days),
        minutes: 45,
        location: "Lokale 2".into(),
        created_by: w.cw.id,
        created_at: Utc::now(),
    };
    assert!(!w
        .s
        .course_relations(&k)
        .await
        .unwrap()
        .1
        .contains(&w.psych.id));
    w.s.book(&booking(2), true, &[]).await.unwrap();
    assert!(w
        .s
        .course_relations(&k)
        .await
        .unwrap()
        .1
        .contains(&w.psych.id));
    // A second booking of a member is no conflict.
    w.s.book(&booking(3), true, &[]).await.unwrap();
    assert_eq!(w.s.bookings(w.m, k.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_signed_record_is_locked_and_takes_addenda() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let mut conf = Conference {
        id: ConferenceId::new(),
        municipality_id: w.m,
        course_id: k.id,
        scheduled_at: Utc::now() + Duration::days(7),
        location: "Jobcentret".into(),
        participants: vec![w.cw.id, w.psych.id],
        citizen_attends: true,
        invited: vec!["Egen læge".into()],
        employment_goal: String::new(),
        agreed: vec![],
        citizen_statement: String::new(),
        citizen_agrees: false,
        further_assessment: String::new(),
        recommendation: Recommendation::Flexjob,
        signed_at: None,
        signed_by: None,
        created_at: Utc::now(),
        version: 1,
    };
    let saved = w.s.save_conference(&conf, None, &[]).await.unwrap();
    assert_eq!(
        (
            saved.version,
            saved.participants.len(),
            saved.invited.clone()
        ),
        (1, 2, vec!["Egen læge".to_string()])
    );
    assert!(
        matches!(
            w.s.save_conference(&conf, None, &[]).await,
            Err(StoreError::Conflict(_))
        ),
        "one per course"
    );
    conf.employment_goal = "Job som pædagogmedhjælper, 20 timer".into();
    conf.agreed = vec![Agreed {
        intervention: "IPS".into(),
        goal: "Job på 10 timer".into(),
    }];
    conf.citizen_agrees = true;
    conf.recommendation = Recommendation::Foertidspension;
    let saved = w.s.save_conference(&conf, Some(1), &[]).await.unwrap();
    assert_eq!((saved.version, saved.agreed.len()), (2, 1));
    assert_eq!(saved.recommendation, Recommendation::Foertidspension);
    assert!(matches!(
        w.s.save_conference(&conf, Some(1), &[]).await,
        Err(StoreError::Conflict(Conflict::Stale))
    ));
    let addendum = Addendum {
        id: AddendumId::new(),
        municipality_id: w.m,
        conference_id: conf.id,
        text: "Rettelse".into(),
        author_id: w.cw.id,
        author_name: "CW".into(),
        created_at: Utc::now(),
    };
    assert!(
        matches!(
            w.s.add_addendum(&addendum, &[]).await,
            Err(StoreError::Conflict(_))
        ),
        "not before sign-off"
    );
    let signed =
        w.s.sign_conference(w.m, k.id, &signing(&w, 2), &[])
            .await
            .unwrap();
    assert!(signed.signed_at.is_some() && signed.signed_by == Some(w.cw.id));
    assert!(matches!(
        w.s.save_conference(&conf, Some(3), &[]).await,
        Err(StoreError::Conflict(Conflict::Signed))
    ));
    assert!(matches!(
        w.s.sign_conference(w.m, k.id, &signing(&w, 3), &[]).await,
        Err(StoreError::Conflict(Conflict::Signed))
    ));
    // Even a direct UPDATE is refused by the database.
    let direct = sqlx::query("UPDATE conferences SET employment_goal = 'x'")
        .execute(w.s.pool())
        .await;
    assert!(direct.is_err(), "the trigger locks a signed record");
    w.s.add_addendum(&addendum, &[]).await.unwrap();
    let list = w.s.addenda(w.m, conf.id).await.unwrap();
    assert_eq!((list.len(), list[0].text.as_str()), (1, "Rettelse"));
    assert!(sqlx::query("DELETE FROM conference_addenda")
        .execute(w.s.pool())
        .await
        .is_err());
    let back = w.s.conference(w.m, k.id).await.unwrap().unwrap();
    assert_eq!(back.employment_goal, "Job som pædagogmedhjælper, 20 timer");
}

fn note(w: &crate::World, k: CourseId, text: &str) -> JournalEntry {
    JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: w.m,
        course_id: k,
        author_id: w.cw.id,
        author_name: w.cw.display_name.clone(),
        author_role: w.cw.role,
        entry_date: Utc::now().date_naive(),
        text: text.into(),
        corrects: None,
        created_at: Utc::now(),
    }
}

fn document(w: &crate::World, k: CourseId) -> DocumentMeta {
    DocumentMeta {
        id: DocumentId::new(),
        municipality_id: w.m,
        course_id: k,
        filename: "svar.pdf".into(),
        content_type: "application/pdf".into(),
        size: 10,
        sha256: "0".repeat(64),
        uploaded_by: w.cw.id,
        created_at: Utc::now(),
    }
}

#[tokio::test]
async fn health_advice_is_requested_answered_and_locked_once_attached() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let other = course(&w, &c, &w.cw);
    w.s.create_course(&other, None, &[]).await.unwrap();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let x = HealthConsultation {
        id: ConsultationId::new(),
        municipality_id: w.m,
        course_id: k.id,
        requested_on: day(2),
        question: "Skånehensyn?".into(),
        requested_by: w.cw.id,
        answered_on: None,
        answer: String::new(),
        document_id: None,
        created_at: Utc::now(),
        version: 1,
    };
    let journal = w.s.journal(w.m, k.id).await.unwrap().len();
    w.s.request_consultation(&x, &note(&w, k.id, "anmodet"), &[])
        .await
        .unwrap();
    assert_eq!(w.s.journal(w.m, k.id).await.unwrap().len(), journal + 1);
    let got = w.s.consultations(w.m, k.id).await.unwrap();
    assert_eq!(
        (got.len(), got[0].requested_on, got[0].version),
        (1, day(2), 1)
    );
    assert!(w.s.consultations(w.m, other.id).await.unwrap().is_empty());

    let answer = |doc: Option<DocumentId>, version: i64| Answer {
        id: x.id,
        version,
        answered_on: day(9),
        answer: "Højst 12 timer",
        document: doc,
    };
    let answered =
        w.s.answer_consultation(
            w.m,
            k.id,
            &answer(None, 1),
            &note(&w, k.id, "besvaret"),
            &[],
        )
        .await
        .unwrap();
    assert_eq!((answered.answered_on, answered.version), (Some(day(9)), 2));
    assert!(matches!(
        w.s.answer_consultation(w.m, k.id, &answer(None, 1), &note(&w, k.id, "x"), &[])
            .await,
        Err(StoreError::Conflict(Conflict::Stale))
    ));
    // A document of another course is not the reply, and nothing changes.
    let foreign = document(&w, other.id);
    w.s.add_document(&foreign, b"%PDF-1.4", &[]).await.unwrap();
    let journal = w.s.journal(w.m, k.id).await.unwrap().len();
    assert!(matches!(
        w.s.answer_consultation(
            w.m,
            k.id,
            &answer(Some(foreign.id), 2),
            &note(&w, k.id, "x"),
            &[]
        )
        .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(w.s.journal(w.m, k.id).await.unwrap().len(), journal);
    let reply = document(&w, k.id);
    w.s.add_document(&reply, b"%PDF-1.4", &[]).await.unwrap();
    let attached =
        w.s.answer_consultation(
            w.m,
            k.id,
            &answer(Some(reply.id), 2),
            &note(&w, k.id, "vedhæftet"),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(attached.document_id, Some(reply.id));
    assert!(matches!(
        w.s.answer_consultation(w.m, k.id, &answer(None, 3), &note(&w, k.id, "x"), &[])
            .await,
        Err(StoreError::Conflict(Conflict::AdviceAttached))
    ));
}

fn signing(w: &crate::World, version: i64) -> Signing<'static> {
    Signing {
        by: w.cw.id,
        at: Utc::now(),
        expected_version: version,
        document: None,
        note: None,
    }
}
