//! Consents, plans, capacity and the waiting list, on every engine.

use crate::{citizen, course, ev, world, World};
use chrono::{Duration, NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::catalogue::{Intervention, Track};
use jobspor_domain::consent::{Consent, ConsentMethod};
use jobspor_domain::course::Course;
use jobspor_domain::period::Period;
use jobspor_domain::plan::{NoticeKind, Placement, PlacementStatus};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::*;
use jobspor_store::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn intervention(w: &World, name: &str, capacity: u32) -> (Intervention, UnitId) {
    let unit =
        w.s.create_unit(w.m, &format!("Enhed {name}"), &[])
            .await
            .unwrap();
    let i = Intervention {
        id: InterventionId::new(),
        municipality_id: w.m,
        name: name.into(),
        description: String::new(),
        unit_id: unit.id,
        tracks: vec![Track::PhysicalDisorders],
        target_groups: vec![TargetGroup::Kontanthjaelp],
        usual_weeks: 12,
        capacity,
        price_ore: 100_000,
        progression_questions: vec![],
        active: true,
        version: 1,
    };
    w.s.create_intervention(&i, &[]).await.unwrap();
    (i, unit.id)
}

/// `n` citizens with a course each.
async fn courses(w: &World, n: usize) -> Vec<Course> {
    let mut out = Vec::new();
    for k in 0..n {
        // Valid-looking dates; modulus 11 is not required.
        let c = citizen(
            w,
            &format!("{:02}0190-{:04}", k % 28 + 1, 1000 + k),
            &format!("Borger {k}"),
        );
        w.s.create_citizen(&c, &[]).await.unwrap();
        let k = course(w, &c, &w.cw);
        w.s.create_course(&k, None, &[]).await.unwrap();
        out.push(k);
    }
    out
}

fn placement(w: &World, k: &Course, i: &Intervention, queued: chrono::DateTime<Utc>) -> Placement {
    Placement {
        id: PlacementId::new(),
        municipality_id: w.m,
        course_id: k.id,
        citizen_id: k.citizen_id,
        intervention_id: i.id,
        unit_id: i.unit_id,
        goal: "Kan gå 30 minutter".into(),
        period: Period {
            from: d(2026, 12, 1),
            to: d(2027, 2, 28),
        },
        first_measurement: d(2026, 12, 15),
        status: PlacementStatus::Active,
        queued_at: queued,
        waiting_position: None,
        created_at: queued,
        created_by: w.cw.id,
        ended_at: None,
        end_reason: None,
    }
}

#[tokio::test]
async fn consents_are_recorded_and_revoked_once() {
    let w = world().await;
    let ks = courses(&w, 1).await;
    let unit = w.s.create_unit(w.m, "Sundhedscenter", &[]).await.unwrap();
    let c = Consent {
        id: ConsentId::new(),
        municipality_id: w.m,
        course_id: ks[0].id,
        citizen_id: ks[0].citizen_id,
        unit_id: unit.id,
        scope: "Mål og aftaler".into(),
        purpose: "Smertehåndtering".into(),
        period: Period {
            from: d(2026, 11, 1),
            to: d(2027, 5, 1),
        },
        method: ConsentMethod::Written,
        recorded_at: Utc::now(),
        recorded_by: w.cw.id,
        revoked_at: None,
        revoked_by: None,
    };
    w.s.record_consent(&c, &[ev(&w, AuditAction::Create, Some(c.citizen_id))])
        .await
        .unwrap();
    let got = w.s.consents(w.m, ks[0].id).await.unwrap();
    assert_eq!(
        (got.len(), got[0].method, got[0].period),
        (1, ConsentMethod::Written, c.period)
    );
    assert!(got[0].in_force(d(2026, 12, 1)));
    w.s.revoke_consent(w.m, ks[0].id, c.id, Some(w.cw.id), Utc::now(), &[])
        .await
        .unwrap();
    assert!(!w.s.consents(w.m, ks[0].id).await.unwrap()[0].in_force(d(2026, 12, 1)));
    assert!(matches!(
        w.s.revoke_consent(w.m, ks[0].id, c.id, Some(w.cw.id), Utc::now(), &[])
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(w
        .s
        .consents(MunicipalityId::new(), ks[0].id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(w.s.unit_consents(w.m, unit.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn capacity_waiting_list_and_plan_versions() {
    let w = world().await;
    let ks = courses(&w, 4).await;
    let (i, unit) = intervention(&w, "Smertehåndteringsforløb", 2).await;
    let t0 = Utc::now();
    let mut got = Vec::new();
    for (n, k) in ks.iter().enumerate() {
        let p = placement(&w, k, &i, t0 - Duration::seconds(10 - n as i64));
        let (saved, v) =
            w.s.place(&p, 0, &[ev(&w, AuditAction::Create, Some(k.citizen_id))])
                .await
                .unwrap();
        assert_eq!(v, 1);
        got.push(saved);
    }
    let shape: Vec<_> = got.iter().map(|p| (p.status, p.waiting_position)).collect();
    assert_eq!(
        shape,
        [
            (PlacementStatus::Active, None),
            (PlacementStatus::Active, None),
            (PlacementStatus::Waiting, Some(1)),
            (PlacementStatus::Waiting, Some(2)),
        ]
    );
    // A second edit from the same plan version is refused.
    let (other, _) = intervention(&w, "Mentorhus", 5).await;
    let stale = placement(&w, &ks[0], &other, Utc::now());
    assert!(matches!(
        w.s.place(&stale, 0, &[]).await,
        Err(StoreError::Conflict(Conflict::Stale))
    ));
    // Parallel interventions are fine; the same one twice is not.
    let (_, v2) = w.s.place(&stale, 1, &[]).await.unwrap();
    assert_eq!(v2, 2);
    let twice = placement(&w, &ks[0], &i, Utc::now());
    assert!(matches!(
        w.s.place(&twice, 2, &[]).await,
        Err(StoreError::Conflict(Conflict::AlreadyPlanned))
    ));
    assert_eq!(
        w.s.plan_version(w.m, ks[0].id).await.unwrap(),
        2,
        "a refused change leaves the version"
    );

    let occ = w.s.occupancy(w.m).await.unwrap();
    assert_eq!((occ[&i.id].active_ends.len(), occ[&i.id].waiting), (2, 2));

    // Ending an active placement gives its place to the first in line.
    let (v3, promoted) =
        w.s.end_placement(
            w.m,
            ks[0].id,
            got[0].id,
            "Raskmeldt",
            2,
            w.cw.id,
            Utc::now(),
            &[],
        )
        .await
        .unwrap();
    assert_eq!((v3, promoted.clone()), (3, vec![got[2].id]));
    let third = w.s.placement(w.m, got[2].id).await.unwrap().unwrap();
    assert_eq!(third.status, PlacementStatus::Active);
    let fourth = w.s.placement(w.m, got[3].id).await.unwrap().unwrap();
    assert_eq!(fourth.waiting_position, Some(1), "the line moves up");
    let ended = w.s.placement(w.m, got[0].id).await.unwrap().unwrap();
    assert_eq!(
        (ended.status, ended.end_reason.as_deref()),
        (PlacementStatus::Ended, Some("Raskmeldt"))
    );
    assert!(
        matches!(
            w.s.end_placement(
                w.m,
                ks[0].id,
                got[0].id,
                "igen",
                3,
                w.cw.id,
                Utc::now(),
                &[]
            )
            .await,
            Err(StoreError::NotFound)
        ),
        "an ended placement cannot end twice"
    );

    // Revising goal and dates.
    let rev = Revision {
        goal: "Kan gå 45 minutter",
        period: Period {
            from: d(2026, 12, 1),
            to: d(2027, 3, 31),
        },
        first_measurement: d(2027, 1, 5),
    };
    w.s.revise_placement(w.m, ks[1].id, got[1].id, &rev, 1, w.cw.id, Utc::now(), &[])
        .await
        .unwrap();
    let p = w.s.placement(w.m, got[1].id).await.unwrap().unwrap();
    assert_eq!(
        (p.goal.as_str(), p.first_measurement),
        ("Kan gå 45 minutter", d(2027, 1, 5))
    );
    assert!(matches!(
        w.s.revise_placement(w.m, ks[1].id, got[1].id, &rev, 1, w.cw.id, Utc::now(), &[])
            .await,
        Err(StoreError::Conflict(_))
    ));

    // The provider unit's inbox: newest first, kinds as they happened.
    let inbox = w.s.inbox(w.m, unit, 50).await.unwrap();
    let kinds: Vec<_> = inbox.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [
            NoticeKind::Promoted,
            NoticeKind::Ended,
            NoticeKind::Waitlisted,
            NoticeKind::Waitlisted,
            NoticeKind::Assigned,
            NoticeKind::Assigned,
        ]
    );
    w.s.mark_read(w.m, unit, inbox[0].id, w.cw.id, Utc::now())
        .await
        .unwrap();
    assert!(w.s.inbox(w.m, unit, 1).await.unwrap()[0].read_at.is_some());
    assert!(
        matches!(
            w.s.mark_read(w.m, UnitId::new(), inbox[1].id, w.cw.id, Utc::now())
                .await,
            Err(StoreError::NotFound)
        ),
        "another unit's notification"
    );
    let mine = w.s.roster(w.m, unit, RosterScope::Open).await.unwrap();
    assert_eq!(mine.len(), 3, "ended placements leave the provider's list");
    assert_eq!(
        (
            mine[0].intervention_name.as_str(),
            mine[0].caseworker_name.as_str()
        ),
        ("Smertehåndteringsforløb", "CW")
    );
    let one =
        w.s.roster(w.m, unit, RosterScope::One(got[0].id))
            .await
            .unwrap();
    assert_eq!((one.len(), one[0].citizen_name.as_str()), (1, "Borger 0"));
    let notified =
        w.s.roster(w.m, unit, RosterScope::Notified(2))
            .await
            .unwrap();
    assert_eq!(notified.len(), 2, "the promoted and the ended one");
    assert!(w
        .s
        .roster(w.m, UnitId::new(), RosterScope::One(got[0].id))
        .await
        .unwrap()
        .is_empty());

    // More places: the waiting one gets one at once.
    let cur = w.s.intervention(w.m, i.id).await.unwrap().unwrap();
    w.s.update_intervention(
        &Intervention {
            capacity: 3,
            ..cur.clone()
        },
        cur.version,
        &[],
    )
    .await
    .unwrap();
    let fourth = w.s.placement(w.m, got[3].id).await.unwrap().unwrap();
    assert_eq!(fourth.status, PlacementStatus::Active);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_bookings_of_five_places() {
    let w = world().await;
    let ks = courses(&w, 20).await;
    let (i, _) = intervention(&w, "Mestringsforløb for borgere med angst", 5).await;
    let mut tasks = Vec::new();
    for k in &ks {
        let s = w.s.clone();
        let p = placement(&w, k, &i, Utc::now());
        tasks.push(tokio::spawn(async move { s.place(&p, 0, &[]).await }));
    }
    let mut waiting = Vec::new();
    let mut active = 0;
    for t in tasks {
        let (p, _) = t.await.unwrap().unwrap();
        match p.status {
            PlacementStatus::Active => active += 1,
            _ => waiting.push(p.id),
        }
    }
    assert_eq!((active, waiting.len()), (5, 15));
    let mut positions = Vec::new();
    for id in waiting {
        positions.push(
            w.s.placement(w.m, id)
                .await
                .unwrap()
                .unwrap()
                .waiting_position
                .unwrap(),
        );
    }
    positions.sort_unstable();
    assert_eq!(positions, (1..=15).collect::<Vec<u32>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_edits_of_one_plan_one_wins() {
    let w = world().await;
    let ks = courses(&w, 1).await;
    let (a, _) = intervention(&w, "IPS", 5).await;
    let (b, _) = intervention(&w, "Mentorhus", 5).await;
    let (s1, s2) = (w.s.clone(), w.s.clone());
    let (p1, p2) = (
        placement(&w, &ks[0], &a, Utc::now()),
        placement(&w, &ks[0], &b, Utc::now()),
    );
    let (r1, r2) = tokio::join!(
        tokio::spawn(async move { s1.place(&p1, 0, &[]).await }),
        tokio::spawn(async move { s2.place(&p2, 0, &[]).await })
    );
    let results = [r1.unwrap(), r2.unwrap()];
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict(Conflict::Stale))))
        .count();
    assert_eq!((ok, conflicts), (1, 1));
    assert_eq!(w.s.placements(w.m, ks[0].id).await.unwrap().len(), 1);
}
