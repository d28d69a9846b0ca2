use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn course(
    start: NaiveDate,
    conversation: Option<NaiveDate>,
    offer: Option<NaiveDate>,
    exempt: bool,
) -> QuotaCourse {
    QuotaCourse {
        start,
        conversations: conversation.into_iter().collect(),
        first_offer: offer,
        exempt,
        ended: None,
    }
}

#[test]
fn the_group_is_dagpenge_and_jobparat_kontanthjaelp() {
    assert!(close_to_labour_market(TargetGroup::ForsikretLedig, None));
    assert!(close_to_labour_market(
        TargetGroup::Kontanthjaelp,
        Some("jobparat")
    ));
    assert!(!close_to_labour_market(
        TargetGroup::Kontanthjaelp,
        Some("aktivitetsparat")
    ));
    assert!(!close_to_labour_market(
        TargetGroup::Sygedagpenge,
        Some("kategori_1")
    ));
}

#[test]
fn the_window_is_the_first_six_months() {
    assert_eq!(window_end(d(2026, 7, 1)), d(2026, 12, 31));
    assert_eq!(window_end(d(2026, 8, 31)), d(2027, 2, 27));
    let c = course(
        d(2026, 7, 1),
        Some(d(2027, 1, 1)),
        Some(d(2026, 12, 31)),
        false,
    );
    assert!(!c.had_conversation(), "the day after the window");
    assert!(c.had_offer(), "the window's last day");
}

#[test]
fn shares_count_against_75_and_25_per_cent_and_small_groups_are_hidden() {
    let from = d(2026, 7, 1);
    let today = d(2026, 12, 7);
    let start = d(2026, 3, 2);
    let held = Some(d(2026, 4, 1));
    // 8 courses: 6 with a conversation (75 %: met), 5 with an offer (63 %:
    // not met), 2 exempt (25 %: within).
    let mut cs: Vec<QuotaCourse> = (0..8)
        .map(|i| {
            course(
                start,
                (i < 6).then_some(held).flatten(),
                (i < 5).then_some(d(2026, 5, 1)),
                i >= 6,
            )
        })
        .collect();
    // Not counted: its window ended before the requirement began, and one not begun.
    cs.push(course(d(2025, 9, 1), None, None, false));
    cs.push(course(d(2026, 12, 8), None, None, false));
    // Not counted: ended (a job) inside its first six months.
    let mut left = course(start, None, None, false);
    left.ended = Some(d(2026, 5, 1));
    cs.push(left);
    let q = Quota::count(&cs, from, today);
    assert_eq!(
        (q.courses, q.with_conversation, q.with_offer, q.exempt),
        (8, 6, 5, 2)
    );
    assert_eq!(q.within_window, 0);
    assert_eq!(
        q.conversations(),
        Cell::Shown(Share {
            percent: 75,
            meets: true
        })
    );
    assert_eq!(
        q.offers(),
        Cell::Shown(Share {
            percent: 63,
            meets: false
        })
    );
    assert_eq!(
        q.exempted(),
        Cell::Shown(Share {
            percent: 25,
            meets: true
        })
    );

    let small = Quota::count(&cs[..4], from, today);
    assert_eq!(small.courses, 4);
    assert_eq!(small.conversations(), Cell::Suppressed);
}

#[test]
fn conversations_are_held_within_the_course_and_not_ahead() {
    let start = d(2026, 9, 1);
    let today = d(2026, 12, 7);
    assert_eq!(
        check_held_on("2026-12-07", start, today),
        Ok(d(2026, 12, 7))
    );
    let key = |r: Result<NaiveDate, Message>| r.err().map(|m| m.key);
    assert_eq!(
        key(check_held_on("2026-12-08", start, today)),
        Some("invalid.conversation_in_the_future")
    );
    assert_eq!(
        key(check_held_on("2026-08-31", start, today)),
        Some("invalid.conversation_before_the_course")
    );
    assert_eq!(
        key(check_held_on("0000-01-01", start, today)),
        Some("invalid.date_too_far")
    );
    assert_eq!(
        key(check_held_on("i morgen", start, today)),
        Some("invalid.date_not_valid")
    );
    assert_eq!(
        check_reason("  ").map_err(|m| m.key),
        Err("invalid.an_exemption_needs_its_reason")
    );
}
