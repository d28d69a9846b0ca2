//! Rule-set activations and a course's follow-up fields, on every engine.

use crate::{citizen, course, ev, world};
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::control::FollowUpTrack;
use jobspor_domain::rules::Activation;
use jobspor_domain::*;
use jobspor_store::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn count_audit(w: &crate::World) -> u64 {
    let report = w.s.verify_audit().await.unwrap();
    assert!(report.problems.is_empty(), "the chain holds");
    report.entries
}

#[tokio::test]
async fn activations_are_versioned_per_municipality_and_audited_with_the_change() {
    let w = world().await;
    assert!(w.s.activations(w.m).await.unwrap().is_empty());
    let a = Activation {
        rule_set: "reform-2027".into(),
        valid_from: d(2027, 1, 1),
        in_force: true,
    };
    let before = count_audit(&w).await;
    let e = ev(&w, AuditAction::Update, None);
    w.s.set_activation(w.m, &a, w.cw.id, Utc::now(), 0, std::slice::from_ref(&e))
        .await
        .unwrap();
    assert_eq!(
        count_audit(&w).await,
        before + 1,
        "the audit entry came with it"
    );
    let got = w.s.activations(w.m).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].activation.clone(), got[0].version), (a.clone(), 1));
    assert_eq!(got[0].changed_by, w.cw.id);
    // A second first decision, or a stale version, changes nothing.
    for version in [0, 2] {
        let moved = Activation {
            valid_from: d(2027, 7, 1),
            ..a.clone()
        };
        assert!(
            matches!(
                w.s.set_activation(
                    w.m,
                    &moved,
                    w.cw.id,
                    Utc::now(),
                    version,
                    std::slice::from_ref(&e)
                )
                .await,
                Err(StoreError::Conflict(Conflict::Stale))
            ),
            "version {version}"
        );
    }
    assert_eq!(
        count_audit(&w).await,
        before + 1,
        "no audit entry for a refused change"
    );
    let pending = Activation {
        valid_from: d(2027, 7, 1),
        in_force: false,
        ..a.clone()
    };
    w.s.set_activation(w.m, &pending, w.cw.id, Utc::now(), 1, &[e])
        .await
        .unwrap();
    let got = w.s.activations(w.m).await.unwrap();
    assert_eq!((got[0].activation.clone(), got[0].version), (pending, 2));
    // Another municipality has its own decisions.
    let other = MunicipalityId::new();
    w.s.create_municipality(other, "Anden kommune")
        .await
        .unwrap();
    assert!(w.s.activations(other).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_course_keeps_its_first_day_of_absence_and_track() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let mut k = course(&w, &c, &w.cw);
    k.target_group = jobspor_domain::rules::TargetGroup::Sygedagpenge;
    k.category = Some("kategori_2".into());
    k.first_absence_date = Some(d(2026, 1, 5));
    k.follow_up_track = FollowUpTrack::Light;
    w.s.create_course(&k, None, &[]).await.unwrap();
    let back = w.s.course(w.m, k.id).await.unwrap().unwrap();
    assert_eq!(
        (back.first_absence_date, back.follow_up_track),
        (Some(d(2026, 1, 5)), FollowUpTrack::Light)
    );
    let mut changed = back.clone();
    changed.first_absence_date = Some(d(2026, 1, 12));
    changed.follow_up_track = FollowUpTrack::Exempt;
    w.s.update_course(&changed, back.version, None, &[])
        .await
        .unwrap();
    let back = w.s.course(w.m, k.id).await.unwrap().unwrap();
    assert_eq!(
        (back.first_absence_date, back.follow_up_track),
        (Some(d(2026, 1, 12)), FollowUpTrack::Exempt)
    );
    let open = w.s.open_courses(w.m, &[w.cw.id]).await.unwrap();
    assert_eq!(open[0].dates(), back.dates());
}
