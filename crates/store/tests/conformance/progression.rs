//! Progression goals, append-only measurements, decisions and thresholds.

use crate::{citizen, course, entry, world, World};
use chrono::{NaiveDate, Utc};
use jobspor_domain::catalogue::{Intervention, Track};
use jobspor_domain::course::Course;
use jobspor_domain::period::Period;
use jobspor_domain::plan::{Placement, PlacementStatus};
use jobspor_domain::progression::*;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::*;
use jobspor_store::*;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

async fn placed(w: &World) -> (Course, Placement) {
    let c = citizen(w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let unit = w.s.create_unit(w.m, "Sundhedscenter", &[]).await.unwrap();
    let i = Intervention {
        id: InterventionId::new(),
        municipality_id: w.m,
        name: "Smertehåndteringsforløb".into(),
        description: String::new(),
        unit_id: unit.id,
        tracks: vec![Track::PhysicalDisorders],
        target_groups: vec![TargetGroup::Kontanthjaelp],
        usual_weeks: 12,
        capacity: 5,
        price_ore: 0,
        progression_questions: vec![],
        active: true,
        version: 1,
    };
    w.s.create_intervention(&i, &[]).await.unwrap();
    let p = Placement {
        id: PlacementId::new(),
        municipality_id: w.m,
        course_id: k.id,
        citizen_id: c.id,
        intervention_id: i.id,
        unit_id: unit.id,
        goal: "Kan gå 30 minutter".into(),
        period: Period {
            from: d(1),
            to: d(30),
        },
        first_measurement: d(15),
        status: PlacementStatus::Active,
        queued_at: Utc::now(),
        waiting_position: None,
        created_at: Utc::now(),
        created_by: w.cw.id,
        ended_at: None,
        end_reason: None,
    };
    let (p, _) = w.s.place(&p, 0, &[]).await.unwrap();
    (k, p)
}

fn rating(
    w: &World,
    k: &Course,
    p: &Placement,
    g: GoalId,
    rater: Rater,
    value: i8,
    day: u32,
) -> Measurement {
    Measurement {
        id: MeasurementId::new(),
        municipality_id: w.m,
        course_id: k.id,
        placement_id: Some(p.id),
        goal_id: Some(g),
        rater,
        value,
        comment: String::new(),
        measured_on: d(day),
        channel: Channel::Staff,
        baseline: false,
        recorded_at: Utc::now(),
        recorded_by: Some(w.cw.id),
        corrects: None,
    }
}

#[tokio::test]
async fn goals_measurements_corrections_and_decisions() {
    let w = world().await;
    let (k, p) = placed(&w).await;
    let g = ProgressGoal {
        id: GoalId::new(),
        municipality_id: w.m,
        course_id: k.id,
        placement_id: p.id,
        style: QuestionStyle::Psfs,
        question: "Hvor godt kan du gå 30 minutter i dag?".into(),
        gas_levels: vec![],
        weight: 1,
        interval_days: 14,
        created_at: Utc::now(),
        created_by: w.cw.id,
        ended_at: None,
    };
    let base = |rater, v| Measurement {
        baseline: true,
        ..rating(&w, &k, &p, g.id, rater, v, 2)
    };
    w.s.add_goal(
        &g,
        &[base(Rater::Citizen, 2), base(Rater::Provider, 3)],
        &[],
    )
    .await
    .unwrap();
    let wrong = rating(&w, &k, &p, g.id, Rater::Provider, 9, 16);
    w.s.add_measurement(&wrong, &[]).await.unwrap();
    let fix = Measurement {
        corrects: Some(wrong.id),
        value: 4,
        ..rating(&w, &k, &p, g.id, Rater::Provider, 4, 16)
    };
    w.s.add_measurement(&fix, &[]).await.unwrap();
    // A correction must name a measurement of the same goal and rater.
    let stray = Measurement {
        corrects: Some(wrong.id),
        ..rating(&w, &k, &p, g.id, Rater::Citizen, 4, 16)
    };
    assert!(matches!(
        w.s.add_measurement(&stray, &[]).await,
        Err(StoreError::NotFound)
    ));
    let all = w.s.measurements(w.m, k.id).await.unwrap();
    assert_eq!(all.len(), 4);
    let provider = effective(&all, Some(g.id), Rater::Provider);
    assert_eq!(provider.iter().map(|x| x.value).collect::<Vec<_>>(), [3, 4]);
    // Measurements are append-only in the database itself.
    assert!(sqlx::query("UPDATE measurements SET value = 10")
        .execute(w.s.pool())
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM measurements")
        .execute(w.s.pool())
        .await
        .is_err());

    let decision = DecisionRecord {
        id: DecisionId::new(),
        municipality_id: w.m,
        course_id: k.id,
        placement_id: p.id,
        goal_id: Some(g.id),
        decision: Decision::Adjust,
        reason: "Nyt spørgsmål om trapper".into(),
        flags: vec!["Ingen betydende ændring".into()],
        decided_by: w.cw.id,
        decided_at: Utc::now(),
    };
    let notices_before = w.s.inbox(w.m, p.unit_id, 10).await.unwrap().len();
    let note = entry(&w, &k, "Beslutning om progressionen: Justér.", None);
    w.s.decide(&decision, p.unit_id, true, &note, None, &[])
        .await
        .unwrap();
    let journal = w.s.journal(w.m, k.id).await.unwrap();
    assert!(
        journal.iter().any(|e| e.id == note.id),
        "the note goes with it"
    );
    assert_eq!(
        w.s.inbox(w.m, p.unit_id, 1).await.unwrap()[0].kind,
        jobspor_domain::plan::NoticeKind::Decided,
        "the provider is told"
    );
    assert!(w.s.goals(w.m, k.id).await.unwrap()[0].ended_at.is_some());
    assert!(matches!(
        w.s.decide(
            &DecisionRecord {
                id: DecisionId::new(),
                ..decision.clone()
            },
            p.unit_id,
            true,
            &entry(&w, &k, "Beslutning igen", None),
            None,
            &[]
        )
        .await,
        Err(StoreError::Conflict(Conflict::GoalEnded))
    ));
    // The refused decision left neither its note nor a notice behind.
    assert_eq!(w.s.journal(w.m, k.id).await.unwrap().len(), journal.len());
    assert_eq!(
        w.s.inbox(w.m, p.unit_id, 10).await.unwrap().len(),
        1 + notices_before
    );
    let ds = w.s.decisions(w.m, k.id).await.unwrap();
    assert_eq!(
        (ds.len(), ds[0].decision, ds[0].flags.len()),
        (1, Decision::Adjust, 1)
    );

    assert_eq!(w.s.thresholds(w.m).await.unwrap(), Thresholds::default());
    let t = Thresholds {
        min_change: 3,
        after_measurements: 2,
        apart: 4,
    };
    w.s.set_thresholds(w.m, t, &[]).await.unwrap();
    w.s.set_thresholds(w.m, t, &[]).await.unwrap();
    assert_eq!(w.s.thresholds(w.m).await.unwrap(), t);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_providers_saving_at_once_both_keep_their_rows() {
    let w = world().await;
    let (k, p) = placed(&w).await;
    let g = ProgressGoal {
        id: GoalId::new(),
        municipality_id: w.m,
        course_id: k.id,
        placement_id: p.id,
        style: QuestionStyle::Own,
        question: "Hvor godt møder du op?".into(),
        gas_levels: vec![],
        weight: 1,
        interval_days: 14,
        created_at: Utc::now(),
        created_by: w.cw.id,
        ended_at: None,
    };
    w.s.add_goal(&g, &[], &[]).await.unwrap();
    let mut tasks = Vec::new();
    for v in 0..10 {
        let s = w.s.clone();
        let m = rating(&w, &k, &p, g.id, Rater::Provider, v, 20);
        tasks.push(tokio::spawn(
            async move { s.add_measurement(&m, &[]).await },
        ));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(w.s.measurements(w.m, k.id).await.unwrap().len(), 10);
}

#[tokio::test]
async fn closing_a_course_ends_its_interventions_once() {
    use jobspor_domain::control::{CourseExit, Outcome};
    use jobspor_domain::journal::JournalEntry;
    let w = world().await;
    let (k, p) = placed(&w).await;
    let exit = CourseExit {
        course_id: k.id,
        municipality_id: w.m,
        outcome: Outcome::OrdinaryJob,
        date: d(20),
        hours_per_week: Some(30),
        recorded_by: w.cw.id,
        recorded_at: Utc::now(),
    };
    let note = JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: w.m,
        course_id: k.id,
        author_id: w.cw.id,
        author_name: "CW".into(),
        author_role: jobspor_domain::user::Role::Caseworker,
        entry_date: d(20),
        text: "Forløbet er afsluttet: ordinært job, 30 timer.".into(),
        corrects: None,
        created_at: Utc::now(),
    };
    assert_eq!(w.s.close_course(&exit, 1, &note, &[]).await.unwrap(), 1);
    let back = w.s.exit(w.m, k.id).await.unwrap().unwrap();
    assert_eq!(
        (back.outcome, back.hours_per_week),
        (Outcome::OrdinaryJob, Some(30))
    );
    let ended = w.s.placement(w.m, p.id).await.unwrap().unwrap();
    assert_eq!(ended.status, jobspor_domain::plan::PlacementStatus::Ended);
    assert_eq!(
        w.s.inbox(w.m, p.unit_id, 1).await.unwrap()[0].kind,
        jobspor_domain::plan::NoticeKind::Ended
    );
    let again = JournalEntry {
        id: JournalEntryId::new(),
        ..note
    };
    assert!(matches!(
        w.s.close_course(&exit, 2, &again, &[]).await,
        Err(StoreError::Conflict(Conflict::CourseClosed))
    ));
    assert_eq!(
        w.s.course(w.m, k.id).await.unwrap().unwrap().status,
        jobspor_domain::course::CourseStatus::Closed
    );
}
