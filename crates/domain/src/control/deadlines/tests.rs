use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sdp(first: NaiveDate, track: FollowUpTrack, until: NaiveDate) -> Vec<Deadline> {
    sygedagpenge_deadlines(&RuleBook::shipped(), first, track, until)
}

fn dues(dl: &[Deadline], kind: DeadlineKind) -> Vec<NaiveDate> {
    dl.iter()
        .filter(|x| x.kind == kind)
        .map(|x| x.due)
        .collect()
}

#[test]
fn week_8_every_4_weeks_and_week_22_from_the_first_day_of_absence() {
    let dl = sdp(d(2026, 6, 1), FollowUpTrack::Standard, d(2026, 11, 30));
    let follow = dues(&dl, DeadlineKind::FollowUp);
    assert_eq!(follow[0], d(2026, 7, 26), "end of week 8");
    assert_eq!(follow[1], d(2026, 8, 23), "four weeks later");
    assert!(follow.windows(2).all(|w| w[1] - w[0] == Duration::weeks(4)));
    assert_eq!(
        dues(&dl, DeadlineKind::Reassessment),
        [d(2026, 11, 1)],
        "end of week 22"
    );
}

#[test]
fn each_deadline_follows_the_rules_on_its_own_date() {
    // Absent from 2024-11-01: the week-8 follow-up falls in 2024, the next
    // ones in 2025 under the 2025 sygedagpenge rules.
    let dl = sdp(d(2024, 11, 1), FollowUpTrack::Standard, d(2025, 3, 1));
    assert_eq!(dl[0].due, d(2024, 12, 26));
    assert_eq!(dl[0].rule_set, Some("lab-2019"));
    assert_eq!(dl[1].due, d(2025, 1, 23));
    assert_eq!(dl[1].rule_set, Some("sdp-2025"));
    // The day before and the day of 2025-07-01.
    let dl = sdp(d(2025, 4, 7), FollowUpTrack::Standard, d(2025, 8, 1));
    let sets: Vec<_> = dl.iter().map(|x| (x.due, x.rule_set)).collect();
    assert!(
        sets.contains(&(d(2025, 6, 1), Some("sdp-2025"))),
        "{sets:?}"
    );
    assert!(
        sets.contains(&(d(2025, 6, 29), Some("sdp-2025"))),
        "{sets:?}"
    );
    assert!(
        sets.contains(&(d(2025, 7, 27), Some("kh-2025"))),
        "{sets:?}"
    );
}

#[test]
fn the_light_track_follows_up_on_recovery_only_from_2025() {
    let dl = sdp(d(2025, 3, 3), FollowUpTrack::Light, d(2025, 12, 31));
    assert_eq!(dues(&dl, DeadlineKind::FollowUp), [d(2025, 4, 27)]);
    assert_eq!(
        dues(&dl, DeadlineKind::RecoveryFollowUp),
        [d(2025, 7, 27)],
        "13 weeks after the first follow-up"
    );
    assert_eq!(dues(&dl, DeadlineKind::Reassessment), [d(2025, 8, 3)]);
    // Before 2025 there is no light track: the standard cadence applies.
    let old = sdp(d(2024, 6, 3), FollowUpTrack::Light, d(2024, 12, 31));
    assert!(dues(&old, DeadlineKind::RecoveryFollowUp).is_empty());
    assert!(dues(&old, DeadlineKind::FollowUp).len() > 3);
}

#[test]
fn employees_back_within_26_weeks_get_no_follow_up_from_july_2026() {
    // Follow-ups fall on 2026-06-28 and then 2026-07-26: the first is
    // before the exemption, the second after.
    let dl = sdp(d(2026, 5, 4), FollowUpTrack::Exempt, d(2026, 12, 31));
    assert_eq!(dues(&dl, DeadlineKind::FollowUp), [d(2026, 6, 28)]);
    // The day before the law: a follow-up on 2026-06-30 is still held.
    let dl = sdp(d(2026, 5, 6), FollowUpTrack::Exempt, d(2026, 7, 1));
    assert_eq!(dues(&dl, DeadlineKind::FollowUp), [d(2026, 6, 30)]);
    // The day itself: none.
    let dl = sdp(d(2026, 5, 7), FollowUpTrack::Exempt, d(2026, 7, 1));
    assert!(dues(&dl, DeadlineKind::FollowUp).is_empty());
    // The standard track is unchanged by the exemption.
    let dl = sdp(d(2026, 5, 7), FollowUpTrack::Standard, d(2026, 7, 1));
    assert_eq!(dues(&dl, DeadlineKind::FollowUp), [d(2026, 7, 1)]);
}

#[test]
fn deadlines_before_the_course_started_are_not_the_courses() {
    let book = RuleBook::shipped();
    let c = CourseDates {
        group: TargetGroup::Sygedagpenge,
        start: d(2026, 8, 10),
        first_absence: Some(d(2026, 6, 1)),
        track: FollowUpTrack::Standard,
    };
    let dl = statutory(&book, &c, d(2026, 12, 31));
    assert_eq!(
        dl[0].due,
        d(2026, 8, 23),
        "the next due point after the start"
    );
    assert!(dl.iter().all(|x| x.due >= c.start));
    assert_eq!(
        before_start(&book, &c),
        1,
        "the week-8 follow-up of 2026-07-26"
    );
    let kontanthjaelp = CourseDates {
        group: TargetGroup::Kontanthjaelp,
        ..c
    };
    assert!(statutory(&book, &kontanthjaelp, d(2027, 1, 1)).is_empty());
}

#[test]
fn only_the_latest_missed_follow_up_is_overdue() {
    let today = d(2026, 6, 20);
    let all = sdp(d(2026, 1, 5), FollowUpTrack::Standard, d(2026, 7, 1));
    let met_none = outstanding(all.clone(), |_| false, today, d(2026, 7, 1));
    let overdue: Vec<_> = met_none.iter().filter(|x| x.due < today).collect();
    assert_eq!(
        overdue.len(),
        2,
        "one follow-up and the reassessment: {overdue:?}"
    );
    assert!(met_none.iter().all(|x| x.due <= d(2026, 7, 1)));
    let latest_missed = overdue
        .iter()
        .find(|x| x.kind == DeadlineKind::FollowUp)
        .unwrap()
        .due;
    let met_latest = outstanding(
        all,
        |x| x.due == latest_missed || x.kind == DeadlineKind::Reassessment,
        today,
        d(2026, 6, 15),
    );
    assert!(
        met_latest.iter().all(|x| x.due >= today),
        "nothing overdue once the latest is met: {met_latest:?}"
    );
}

#[test]
fn codes_round_trip() {
    for k in DeadlineKind::ALL {
        assert_eq!(DeadlineKind::parse(k.code()), Some(k));
    }
    for t in FollowUpTrack::ALL {
        assert_eq!(FollowUpTrack::parse(t.code()), Some(t));
    }
}
