use super::*;
use crate::rules::Activation;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn check(date: &str, category: &str, rate: &str) -> Result<ValidAssessment, &'static str> {
    AssessmentInput {
        date,
        category,
        rate,
    }
    .validate(
        &RuleBook::shipped(),
        TargetGroup::Kontanthjaelp,
        d(2026, 12, 7),
    )
    .map_err(|m| m.key)
}

#[test]
fn the_rate_comes_with_the_one_kontanthjaelp() {
    // The day before: no rates in the rules.
    assert_eq!(
        check("2025-06-30", "jobparat", ""),
        Ok(ValidAssessment {
            assessed_on: d(2025, 6, 30),
            category: "jobparat",
            rate: None
        })
    );
    assert_eq!(
        check("2025-06-30", "jobparat", "grundsats"),
        Err("invalid.no_rates_before_july_2025")
    );
    // The day itself: the rate is required.
    assert_eq!(
        check("2025-07-01", "jobparat", ""),
        Err("invalid.choose_the_rate")
    );
    assert_eq!(
        check("2025-07-01", "aktivitetsparat", "forhoejet").map(|a| a.rate),
        Ok(Some(Rate::Forhoejet))
    );
    assert_eq!(
        check("2025-07-01", "jobparat", "loft"),
        Err("invalid.choose_the_rate")
    );
}

#[test]
fn bad_assessments_are_refused() {
    assert_eq!(
        check("2026-12-08", "jobparat", "grundsats"),
        Err("invalid.assessment_in_the_future")
    );
    assert_eq!(
        check("2026-12-01", "kategori_2", "grundsats"),
        Err("invalid.choose_jobparat_or_aktivitetsparat")
    );
    assert_eq!(
        check("9999-01-01", "jobparat", ""),
        Err("invalid.date_too_far")
    );
    assert_eq!(
        check("31-02-2026", "jobparat", ""),
        Err("invalid.date_not_valid")
    );
    let sick = AssessmentInput {
        date: "2026-12-01",
        category: "jobparat",
        rate: "grundsats",
    }
    .validate(
        &RuleBook::shipped(),
        TargetGroup::Sygedagpenge,
        d(2026, 12, 7),
    );
    assert_eq!(
        sick.map_err(|m| m.key),
        Err("invalid.assessment_is_for_kontanthjaelp")
    );
}

#[test]
fn under_2027_a_citizen_is_jobparat_unless_assessed_otherwise() {
    let book = RuleBook::with(&[Activation {
        rule_set: "reform-2027".into(),
        valid_from: d(2027, 1, 1),
        in_force: true,
    }]);
    let default = book
        .on(d(2027, 1, 4))
        .and_then(|s| s.group(TargetGroup::Kontanthjaelp))
        .and_then(|g| g.default_category);
    assert_eq!(readiness(&[], None, default), Some("jobparat"));
    let a = Assessment {
        id: AssessmentId::new(),
        municipality_id: MunicipalityId::new(),
        course_id: CourseId::new(),
        assessed_on: d(2027, 1, 4),
        category: "aktivitetsparat".into(),
        rate: Some(Rate::Grundsats),
        recorded_by: UserId::new(),
        recorded_at: Utc::now(),
    };
    let mut older = a.clone();
    older.assessed_on = d(2026, 11, 2);
    older.category = "jobparat".into();
    assert_eq!(
        readiness(&[older, a], Some("jobparat"), default),
        Some("aktivitetsparat"),
        "the latest assessment holds"
    );
}
