use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn input<'a>(
    day: &'a str,
    planned: &'a str,
    met: &'a str,
    reduction: &'a str,
    reason: &'a str,
) -> WeekInput<'a> {
    WeekInput {
        day,
        planned,
        met,
        reduction,
        reason,
    }
}

fn check(i: WeekInput<'_>) -> Result<ValidWeek, &'static str> {
    i.validate(
        &RuleBook::shipped(),
        TargetGroup::Kontanthjaelp,
        d(2024, 6, 3),
        d(2026, 12, 7),
    )
    .map_err(|m| m.key)
}

#[test]
fn the_duty_begins_with_2025_for_kontanthjaelp_only() {
    let book = RuleBook::shipped();
    assert!(!applies(&book, TargetGroup::Kontanthjaelp, d(2024, 12, 30)));
    assert!(applies(&book, TargetGroup::Kontanthjaelp, d(2025, 1, 1)));
    assert!(applies(&book, TargetGroup::Kontanthjaelp, d(2026, 12, 7)));
    assert!(!applies(&book, TargetGroup::Sygedagpenge, d(2026, 12, 7)));
    // The week of 2024-12-30 began under the old rules.
    assert_eq!(
        check(input("2025-01-01", "20", "20", "", "")),
        Err("invalid.no_work_duty_that_week")
    );
    assert_eq!(
        check(input("2025-01-06", "20", "20", "", "")).map(|w| w.week),
        Ok(d(2025, 1, 6))
    );
}

#[test]
fn any_day_names_its_week() {
    let w = check(input("2026-12-03", "37", "30", "", "")).unwrap();
    assert_eq!(w.week, d(2026, 11, 30));
    assert_eq!((w.planned, w.met, w.reduction), (37, 30, 0));
}

#[test]
fn hours_are_whole_within_the_duty_and_a_reduction_has_its_reason() {
    assert_eq!(
        check(input("2026-11-30", "38", "", "", "")),
        Err("invalid.hours_0_to_37")
    );
    assert_eq!(
        check(input("2026-11-30", "7,5", "", "", "")),
        Err("invalid.hours_0_to_37")
    );
    assert_eq!(
        check(input("2026-11-30", "-1", "", "", "")),
        Err("invalid.hours_0_to_37")
    );
    assert_eq!(
        check(input("2026-11-30", "20", "25", "", "")),
        Err("invalid.more_hours_met_than_planned")
    );
    assert_eq!(
        check(input(
            "2026-11-30",
            "30",
            "",
            "10",
            "Lægeerklæring: rygsmerter"
        )),
        Err("invalid.planned_above_the_duty")
    );
    assert_eq!(
        check(input("2026-11-30", "27", "", "10", " ")),
        Err("invalid.a_reduction_needs_its_health_reason")
    );
    assert_eq!(
        check(input("2026-11-30", "27", "", "", "Træt")),
        Err("invalid.a_reason_belongs_to_a_reduction")
    );
    let w = check(input(
        "2026-11-30",
        "27",
        "27",
        "10",
        "Lægeerklæring: rygsmerter",
    ))
    .unwrap();
    assert_eq!(
        (w.reduction, w.reduction_reason.as_str()),
        (10, "Lægeerklæring: rygsmerter")
    );
}

#[test]
fn weeks_lie_within_the_course_and_the_near_future() {
    assert_eq!(
        check(input("2024-05-31", "20", "", "", "")),
        Err("invalid.week_before_the_course")
    );
    // Planned ahead, but nothing met in a week not begun.
    assert!(check(input("2026-12-14", "20", "", "", "")).is_ok());
    assert_eq!(
        check(input("2026-12-14", "20", "5", "", "")),
        Err("invalid.hours_met_in_a_week_not_begun")
    );
    assert_eq!(
        check(input("2027-03-01", "20", "", "", "")),
        Err("invalid.week_too_far_ahead")
    );
    assert_eq!(
        check(input("9999-01-01", "20", "", "", "")),
        Err("invalid.date_too_far")
    );
    assert_eq!(
        check(input("2026-13-01", "20", "", "", "")),
        Err("invalid.date_not_valid")
    );
}

#[test]
fn totals_add_up_the_weeks() {
    let week = |planned, met| DutyWeek {
        municipality_id: MunicipalityId::new(),
        course_id: CourseId::new(),
        week: d(2026, 11, 30),
        planned,
        met,
        reduction: 0,
        reduction_reason: String::new(),
        recorded_by: UserId::new(),
        recorded_at: Utc::now(),
        version: 1,
    };
    let t = totals(&[week(37, 30), week(20, 20), week(10, 0)]);
    assert_eq!(
        t,
        Totals {
            weeks: 3,
            planned: 67,
            met: 50,
            shortfall: 17
        }
    );
    assert_eq!(week(37, 30).duty(), 37);
}
