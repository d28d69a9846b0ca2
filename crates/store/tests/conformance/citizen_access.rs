//! Access to a citizen opened without a course: a stated purpose or intake,
//! its time, its review (need-to-know).

use super::*;
use jobspor_domain::need_to_know::{Grant, Reason};
use jobspor_domain::user::Actor;
use jobspor_store::CitizenAccessStore;

fn actor(w: &World, u: &User) -> Actor {
    Actor {
        user_id: u.id,
        municipality_id: w.m,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        team: u.team.clone(),
        unit_id: None,
    }
}

#[tokio::test]
async fn access_opens_for_its_time_and_is_reviewed_once() {
    let w = world().await;
    let k = citizen(&w, "250380-1714", "Karen Karensen");
    // Stored to the microsecond.
    let now = chrono::DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap();
    let intake = Grant::intake(&actor(&w, &w.cw), k.id, now);
    w.s.register_citizen(&k, &intake, &[ev(&w, AuditAction::Create, Some(k.id))])
        .await
        .unwrap();
    // The citizen and the access commit together; a second registration
    // of the CPR number leaves no access behind.
    let dup = citizen(&w, "2503801714", "Someone");
    let again = Grant::intake(&actor(&w, &w.cw_team), dup.id, now);
    assert!(matches!(
        w.s.register_citizen(&dup, &again, &[]).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(w
        .s
        .open_citizen_access(w.m, dup.id, w.cw_team.id, now)
        .await
        .unwrap()
        .is_none());
    let open =
        w.s.open_citizen_access(w.m, k.id, w.cw.id, now)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(open, intake);
    // Only for the one it was given to, in its municipality, in its time.
    assert!(w
        .s
        .open_citizen_access(w.m, k.id, w.cw_team.id, now)
        .await
        .unwrap()
        .is_none());
    assert!(w
        .s
        .open_citizen_access(MunicipalityId::new(), k.id, w.cw.id, now)
        .await
        .unwrap()
        .is_none());
    assert!(w
        .s
        .open_citizen_access(w.m, k.id, w.cw.id, intake.expires_at)
        .await
        .unwrap()
        .is_none());
    // Intake is not for review; a stated purpose is, with the names.
    assert!(w
        .s
        .citizen_access_to_review(w.m, 10)
        .await
        .unwrap()
        .is_empty());
    let stated = Grant::stated(
        &actor(&w, &w.cw_other),
        k.id,
        "inquiry",
        "Borgeren ringede ind om mødet",
        now,
    )
    .unwrap();
    w.s.grant_citizen_access(&stated, &[ev(&w, AuditAction::Create, Some(k.id))])
        .await
        .unwrap();
    let list = w.s.citizen_access_to_review(w.m, 10).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].grant, stated);
    assert_eq!(list[0].grant.reason, Reason::Inquiry);
    assert_eq!(
        (list[0].citizen_name.as_str(), list[0].staff_name.as_str()),
        ("Karen Karensen", "CW3")
    );
    assert!(w
        .s
        .citizen_access_to_review(MunicipalityId::new(), 10)
        .await
        .unwrap()
        .is_empty());
    // Reviewed once; a second time, intake or another municipality: not found.
    w.s.review_citizen_access(w.m, stated.id, w.cw.id, now, &[])
        .await
        .unwrap();
    assert!(w
        .s
        .citizen_access_to_review(w.m, 10)
        .await
        .unwrap()
        .is_empty());
    for (m, id) in [
        (w.m, stated.id),
        (w.m, intake.id),
        (MunicipalityId::new(), stated.id),
    ] {
        assert!(matches!(
            w.s.review_citizen_access(m, id, w.cw.id, now, &[]).await,
            Err(StoreError::NotFound)
        ));
    }
    let kept =
        w.s.open_citizen_access(w.m, k.id, w.cw_other.id, now)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        kept.reviewed,
        Some((w.cw.id, now)),
        "who reviewed it, and when"
    );
}
