//! Analysis conversations, the conference record, sign-off and addenda.

use crate::{citizen, course, world};
use chrono::{Duration, Utc};
use jobspor_domain::conference::{Addendum, Agreed, Booking, Conference};
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
    w.s.cancel_booking(w.m, k.id, first.id, Utc::now(), &[])
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
    let saved = w.s.save_conference(&conf, Some(1), &[]).await.unwrap();
    assert_eq!((saved.version, saved.agreed.len()), (2, 1));
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
        w.s.sign_conference(w.m, k.id, w.cw.id, Utc::now(), 2, &[])
            .await
            .unwrap();
    assert!(signed.signed_at.is_some() && signed.signed_by == Some(w.cw.id));
    assert!(matches!(
        w.s.save_conference(&conf, Some(3), &[]).await,
        Err(StoreError::Conflict(Conflict::Signed))
    ));
    assert!(matches!(
        w.s.sign_conference(w.m, k.id, w.cw.id, Utc::now(), 3, &[])
            .await,
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
