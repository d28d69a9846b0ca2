use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn series(values: &[(u32, i8)]) -> Vec<Point> {
    values
        .iter()
        .map(|(day, v)| Point {
            on: d(2026, 11, *day),
            value: *v,
        })
        .collect()
}

#[test]
fn ratings_are_whole_numbers_on_the_scale() {
    for ok in ["0", "7", " 10 ", "+3"] {
        assert!(parse_rating(ok, QuestionStyle::Psfs).is_ok(), "{ok}");
    }
    for bad in [
        "-1", "11", "2.5", "2,5", "NaN", "", "7/10", "sju", "1e1", "007x",
    ] {
        assert!(parse_rating(bad, QuestionStyle::Own).is_err(), "{bad}");
    }
    assert_eq!(parse_rating("−2", QuestionStyle::Gas), Ok(-2));
    assert!(parse_rating("3", QuestionStyle::Gas).is_err());
    let j = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(rating_from_json(&j("7"), QuestionStyle::Psfs), Ok(7));
    for bad in ["2.5", "-1", "11", "\"7\"", "null", "7.0"] {
        assert!(
            rating_from_json(&j(bad), QuestionStyle::Psfs).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn gas_t_score_follows_the_formula() {
    // All goals at the expected level give 50.
    assert_eq!(
        gas_t_score(&[(1.0, 0), (1.0, 0), (1.0, 0)], GAS_RHO),
        Some(50.0)
    );
    // One goal at +1, weight 1: 50 + 10·1/√(0.7 + 0.3) = 60.
    let one = gas_t_score(&[(1.0, 1)], GAS_RHO).unwrap();
    assert!((one - 60.0).abs() < 1e-9);
    // Two goals at +2 and −1, equal weights: 50 + 10·1/√(0.7·2 + 0.3·4) = 56.2017…
    let two = gas_t_score(&[(1.0, 2), (1.0, -1)], GAS_RHO).unwrap();
    assert!((two - (50.0 + 10.0 / 2.6_f64.sqrt())).abs() < 1e-9, "{two}");
    // Weights count.
    let weighted = gas_t_score(&[(2.0, 1), (1.0, -1)], GAS_RHO).unwrap();
    let expected = 50.0 + 10.0 * 1.0 / (0.7 * 5.0 + 0.3 * 9.0_f64).sqrt();
    assert!((weighted - expected).abs() < 1e-9);
    assert_eq!(gas_t_score(&[], GAS_RHO), None);
}

#[test]
fn dates_of_measurements() {
    let today = d(2026, 11, 22);
    assert!(check_measured_on(today, d(2026, 11, 1), today).is_ok());
    assert!(
        check_measured_on(d(2026, 11, 23), d(2026, 11, 1), today).is_err(),
        "future"
    );
    assert!(
        check_measured_on(d(2026, 10, 31), d(2026, 11, 1), today).is_err(),
        "before start"
    );
}

#[test]
fn schedule_and_flags() {
    let th = Thresholds::default();
    let today = d(2026, 11, 22);
    // Only the baseline: due on the plan's first date.
    let base = series(&[(1, 3)]);
    assert_eq!(next_due(d(2026, 11, 15), 14, &base), d(2026, 11, 15));
    assert_eq!(
        flags(&base, &base, d(2026, 11, 15), today, th),
        vec![Flag::Overdue {
            due: d(2026, 11, 15)
        }]
    );
    // Measured on the 20th: due 14 days later.
    let c = series(&[(1, 3), (20, 4)]);
    assert_eq!(next_due(d(2026, 11, 15), 14, &c), d(2026, 12, 4));
    // Three measurements after baseline, change below 2: no meaningful change.
    let flat = series(&[(1, 3), (5, 4), (10, 3), (20, 4)]);
    let moving = series(&[(1, 3), (5, 4), (10, 5), (20, 6)]);
    let f = flags(&flat, &moving, d(2026, 12, 4), today, th);
    assert_eq!(
        f,
        vec![Flag::NoChange {
            rater: Rater::Citizen,
            change: 1
        }]
    );
    // Only two after baseline: too early to say.
    assert!(flags(
        &series(&[(1, 3), (5, 4), (10, 3)]),
        &[],
        d(2026, 12, 4),
        today,
        th
    )
    .is_empty());
    // Citizen 2, provider 6: apart.
    let low = series(&[(1, 2)]);
    let high = series(&[(1, 6)]);
    assert_eq!(
        flags(&low, &high, d(2026, 12, 4), today, th),
        vec![Flag::Apart {
            citizen: 2,
            provider: 6
        }]
    );
    // Thresholds are configurable.
    let strict = Thresholds { apart: 5, ..th };
    assert!(flags(&low, &high, d(2026, 12, 4), today, strict).is_empty());
}

#[test]
fn corrections_replace_and_goals_are_checked() {
    let m = |value: i8, day: u32, baseline: bool, corrects: Option<MeasurementId>| Measurement {
        id: MeasurementId::new(),
        municipality_id: MunicipalityId::new(),
        course_id: CourseId::new(),
        placement_id: None,
        goal_id: None,
        rater: Rater::Provider,
        value,
        comment: String::new(),
        measured_on: d(2026, 11, day),
        channel: Channel::Staff,
        baseline,
        recorded_at: chrono::Utc::now(),
        recorded_by: None,
        corrects,
    };
    let base = m(3, 5, true, None);
    let wrong = m(9, 10, false, None);
    let fixed = m(4, 10, false, Some(wrong.id));
    let all = [wrong.clone(), base.clone(), fixed];
    assert_eq!(
        effective(&all, None, Rater::Provider),
        vec![
            Point {
                on: d(2026, 11, 5),
                value: 3
            },
            Point {
                on: d(2026, 11, 10),
                value: 4
            }
        ]
    );
    assert!(effective(&all, None, Rater::Citizen).is_empty());

    let mut g = GoalInput {
        style: "psfs",
        question: "Hvor godt kan du gå 30 minutter i dag?",
        gas_levels: "",
        weight: "",
        interval_days: "14",
    };
    assert_eq!(g.validate().unwrap().weight, 1);
    g.interval_days = "3";
    assert!(g.validate().is_err());
    g.interval_days = "14";
    g.style = "gas";
    assert!(g.validate().is_err(), "GAS needs five levels");
    g.gas_levels = "Går ikke\nGår 5 min\nGår 15 min\nGår 30 min\nGår 45 min";
    assert_eq!(g.validate().unwrap().gas_levels.len(), 5);
    g.weight = "4";
    assert!(g.validate().is_err());
}

#[test]
fn bank_questions_and_thresholds_as_typed() {
    let q = QuestionInput {
        style: "psfs",
        text_da: "Hvor godt kan du tage trappen i dag?",
        text_en: "",
        low: "",
        high: "",
    }
    .validate()
    .unwrap();
    assert_eq!(
        (q.text_en.as_str(), q.low.as_str()),
        ("Hvor godt kan du tage trappen i dag?", "0 = slet ikke")
    );
    assert!(QuestionInput {
        style: "x",
        text_da: "Q",
        text_en: "",
        low: "",
        high: ""
    }
    .validate()
    .is_err());
    assert!(QuestionInput {
        style: "own",
        text_da: " ",
        text_en: "",
        low: "",
        high: ""
    }
    .validate()
    .is_err());
    assert_eq!(parse_thresholds("2", "3", "3"), Ok(Thresholds::default()));
    for bad in [
        ("0", "3", "3"),
        ("2", "21", "3"),
        ("2", "3", "x"),
        ("2.5", "3", "3"),
    ] {
        assert!(parse_thresholds(bad.0, bad.1, bad.2).is_err(), "{bad:?}");
    }
}
