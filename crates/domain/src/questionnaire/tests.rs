use super::*;
use crate::questionnaire::shipped::DEFINITIONS;

fn oempsq() -> Definition {
    let (name, json) = DEFINITIONS
        .iter()
        .find(|(n, _)| *n == "oempsq-10.json")
        .unwrap();
    Definition::parse(json, name).unwrap()
}

fn scale_answers(def: &Definition, q1: &str, values: &[(&str, i64)]) -> Answers {
    let mut a = Answers::new();
    a.insert("q1_duration".into(), AnswerValue::Choice(q1.into()));
    for (k, v) in values {
        assert!(def.item(k).is_some(), "{k}");
        a.insert((*k).into(), AnswerValue::Scale(*v));
    }
    a
}

const SCALES: [&str; 9] = [
    "q2_pain",
    "q3_light_work",
    "q4_sleep",
    "q5_tense",
    "q6_depressed",
    "q7_persistent",
    "q8_work_in_3_months",
    "q9_stop_when_pain",
    "q10_not_work",
];

#[test]
fn every_shipped_definition_loads() {
    for (name, json) in DEFINITIONS {
        let d = Definition::parse(json, name).unwrap_or_else(|e| {
            panic!(
                "{name}: {}",
                e.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(
            d.languages.iter().any(|l| l == "ar"),
            "{name} has a right-to-left language"
        );
    }
}

#[test]
fn oempsq_minimum_maximum_and_extremes() {
    let d = oempsq();
    let all = |q1: &str, v: i64| {
        scale_answers(&d, q1, &SCALES.iter().map(|k| (*k, v)).collect::<Vec<_>>())
    };
    // Every answer at its minimum: q1 scores 1, the reversed items 10 each.
    let min = d.score(&all("d1", 0)).sum.unwrap();
    assert_eq!(
        (min.total, min.max, min.complete, min.raised),
        (31.0, 100.0, true, false)
    );
    // Every answer at its maximum: q1 scores 10, the reversed items 0.
    let max = d.score(&all("d10", 10)).sum.unwrap();
    assert_eq!((max.total, max.raised), (70.0, true));
    // The extremes of the scale: 1 (lowest risk) and 100 (highest).
    let mut low = all("d1", 0);
    for k in ["q3_light_work", "q4_sleep", "q8_work_in_3_months"] {
        low.insert(k.into(), AnswerValue::Scale(10));
    }
    assert_eq!(d.score(&low).sum.unwrap().total, 1.0);
    let mut high = all("d10", 10);
    for k in ["q3_light_work", "q4_sleep", "q8_work_in_3_months"] {
        high.insert(k.into(), AnswerValue::Scale(0));
    }
    assert_eq!(d.score(&high).sum.unwrap().total, 100.0);
}

#[test]
fn oempsq_reverse_scored_items_are_3_4_and_8() {
    let d = oempsq();
    let reversed: Vec<&str> = d
        .items
        .iter()
        .filter(|i| i.reverse)
        .map(|i| i.key.as_str())
        .collect();
    assert_eq!(
        reversed,
        ["q3_light_work", "q4_sleep", "q8_work_in_3_months"]
    );
    for k in reversed {
        let i = d.item(k).unwrap();
        assert_eq!(d.item_score(i, &AnswerValue::Scale(10)), Some(0.0));
        assert_eq!(d.item_score(i, &AnswerValue::Scale(3)), Some(7.0));
    }
    let plain = d.item("q2_pain").unwrap();
    assert_eq!(d.item_score(plain, &AnswerValue::Scale(3)), Some(3.0));
}

#[test]
fn oempsq_cutoff_is_above_49() {
    let d = oempsq();
    // q1 = d5 (score 5); reversed items answered 10 (score 0); the rest sum to 44 or 45.
    let base = |last: i64| {
        let mut v: Vec<(&str, i64)> = vec![
            ("q3_light_work", 10),
            ("q4_sleep", 10),
            ("q8_work_in_3_months", 10),
        ];
        v.extend([
            ("q2_pain", 10),
            ("q5_tense", 10),
            ("q6_depressed", 10),
            ("q7_persistent", 10),
            ("q9_stop_when_pain", 4),
        ]);
        v.push(("q10_not_work", last));
        scale_answers(&d, "d5", &v)
    };
    let at_49 = d.score(&base(0)).sum.unwrap();
    assert_eq!((at_49.total, at_49.raised), (49.0, false));
    let at_50 = d.score(&base(1)).sum.unwrap();
    assert_eq!((at_50.total, at_50.raised), (50.0, true));
    // Unanswered items leave the sum incomplete.
    let mut partial = base(1);
    partial.remove("q10_not_work");
    assert!(!d.score(&partial).sum.unwrap().complete);
    assert_eq!(d.missing(&partial), vec!["q10_not_work"]);
}

#[test]
fn scale_answers_are_strict() {
    let d = oempsq();
    let pain = d.item("q2_pain").unwrap();
    for bad in [
        "-1", "11", "3,5", "3.5", "NaN", "nan", "inf", "+3", "tre", "1e1",
    ] {
        assert!(pain.read(&[bad]).is_err(), "{bad} refused");
    }
    assert_eq!(pain.read(&[""]), Ok(None), "empty is unanswered");
    assert_eq!(pain.read(&[]), Ok(None));
    assert_eq!(pain.read(&[" 7 "]), Ok(Some(AnswerValue::Scale(7))));
    assert_eq!(pain.read(&["0"]), Ok(Some(AnswerValue::Scale(0))));
    assert_eq!(pain.read(&["3", "4"]), Err(AnswerError::OneOnly));
    let q1 = d.item("q1_duration").unwrap();
    assert_eq!(q1.read(&["d11"]), Err(AnswerError::NotAnOption));
    assert_eq!(q1.read(&["d2"]), Ok(Some(AnswerValue::Choice("d2".into()))));
    assert!(
        pain.check(&AnswerValue::Number(3.0)).is_err(),
        "the kind must fit"
    );
    assert!(pain.check(&AnswerValue::Scale(12)).is_err());
    assert!(pain.check(&AnswerValue::Scale(10)).is_ok());
}

/// A small risk screening exercising dimensions, skip logic and result rules.
const SCREENING: &str = r#"{
  "format": "jobspor-questionnaire/1", "key": "test-screening", "version": 2,
  "title": {"da": "Test", "en": "Test", "ar": "اختبار"},
  "languages": ["da", "en", "ar"], "target_groups": ["kontanthjaelp"],
  "dimensions": [
    {"key": "health", "label": {"da": "Helbred", "en": "Health"}, "thresholds": {"da": "Rød ved dårligt helbred", "en": "Red when poor"},
     "dialogue": [{"da": "Hvad betyder dit helbred for arbejde?", "en": "What does your health mean for work?"}]},
    {"key": "sleep", "label": {"da": "Søvn", "en": "Sleep"}, "thresholds": {"da": "Gul fra 4, rød fra 7", "en": "Yellow from 4, red from 7"}},
    {"key": "work", "label": {"da": "Arbejde", "en": "Work"}, "thresholds": {"da": "Rød uden job i 2 år", "en": "Red without a job for 2 years"}}
  ],
  "pages": [{"key": "p1", "title": {"da": "Side", "en": "Page", "ar": "صفحة"}, "items": ["health", "sleep", "employed", "years_out"]}],
  "items": [
    {"key": "health", "kind": "single_choice", "text": {"da": "Helbred?", "en": "Health?", "ar": "الصحة؟"}, "purpose": {"da": "p", "en": "p"},
     "options": [
       {"value": "good", "label": {"da": "Godt", "en": "Good", "ar": "جيدة"}, "risk": {"health": "green"}},
       {"value": "fair", "label": {"da": "Nogenlunde", "en": "Fair", "ar": "مقبولة"}, "risk": {"health": "yellow"}},
       {"value": "poor", "label": {"da": "Dårligt", "en": "Poor", "ar": "سيئة"}, "risk": {"health": "red", "work": "yellow"}}]},
    {"key": "sleep", "kind": "scale", "text": {"da": "Søvnproblemer?", "en": "Sleep problems?", "ar": "مشاكل النوم؟"}, "purpose": {"da": "p", "en": "p"},
     "scale": {"min": 0, "max": 10, "min_label": {"da": "Ingen", "en": "None", "ar": "لا"}, "max_label": {"da": "Store", "en": "Big", "ar": "كبيرة"}},
     "risk": [{"dimension": "sleep", "yellow_from": 4, "red_from": 7}]},
    {"key": "employed", "kind": "single_choice", "text": {"da": "I job?", "en": "Employed?", "ar": "تعمل؟"}, "purpose": {"da": "p", "en": "p"},
     "options": [{"value": "yes", "label": {"da": "Ja", "en": "Yes", "ar": "نعم"}, "risk": {"work": "green"}},
                 {"value": "no", "label": {"da": "Nej", "en": "No", "ar": "لا"}}]},
    {"key": "years_out", "kind": "number", "text": {"da": "År uden job?", "en": "Years without a job?", "ar": "سنوات بلا عمل؟"}, "purpose": {"da": "p", "en": "p"},
     "number": {"min": 0, "max": 50}, "show_if": {"equals": {"item": "employed", "value": "no"}},
     "risk": [{"dimension": "work", "yellow_from": 1, "red_from": 2}]}
  ],
  "result": {
    "risk_class": [{"result": "high", "min_red": 2}, {"result": "moderate", "min_flagged": 1}, {"result": "low"}],
    "readiness": [{"result": "aktivitetsparat", "min_red": 2}, {"result": "jobparat"}]
  }
}"#;

fn screening_answers(health: &str, sleep: i64, employed: &str, years: Option<f64>) -> Answers {
    let mut a = Answers::new();
    a.insert("health".into(), AnswerValue::Choice(health.into()));
    a.insert("sleep".into(), AnswerValue::Scale(sleep));
    a.insert("employed".into(), AnswerValue::Choice(employed.into()));
    if let Some(y) = years {
        a.insert("years_out".into(), AnswerValue::Number(y));
    }
    a
}

#[test]
fn dimensions_thresholds_and_result_rules_at_their_edges() {
    let d = Definition::parse(SCREENING, "test.json").unwrap();
    let colour = |o: &Outcome, k: &str| o.dimensions.iter().find(|x| x.key == k).unwrap().colour;
    // Thresholds: 3 green, 4 yellow, 6 yellow, 7 red.
    for (v, want) in [
        (3, Level::Green),
        (4, Level::Yellow),
        (6, Level::Yellow),
        (7, Level::Red),
    ] {
        assert_eq!(
            colour(
                &d.score(&screening_answers("good", v, "yes", None)),
                "sleep"
            ),
            Some(want),
            "sleep {v}"
        );
    }
    // No flags: low.
    let o = d.score(&screening_answers("good", 0, "yes", None));
    assert_eq!(
        (
            o.red,
            o.yellow,
            o.green,
            o.risk_class,
            o.readiness.as_deref()
        ),
        (0, 0, 3, Some(RiskClass::Low), Some("jobparat"))
    );
    // One yellow: moderate (the edge of min_flagged = 1).
    let o = d.score(&screening_answers("fair", 0, "yes", None));
    assert_eq!((o.yellow, o.risk_class), (1, Some(RiskClass::Moderate)));
    // One red is still moderate; two reds are high (the edge of min_red = 2).
    let o = d.score(&screening_answers("good", 7, "yes", None));
    assert_eq!((o.red, o.risk_class), (1, Some(RiskClass::Moderate)));
    let o = d.score(&screening_answers("poor", 7, "yes", None));
    // "poor" makes work yellow, "yes" makes it green: the worst colour wins.
    assert_eq!(colour(&o, "work"), Some(Level::Yellow));
    assert_eq!(
        (o.red, o.risk_class, o.readiness.as_deref()),
        (2, Some(RiskClass::High), Some("aktivitetsparat"))
    );
    let work = o.dimensions.iter().find(|x| x.key == "work").unwrap();
    assert_eq!(work.because, vec!["health"], "the answer behind the colour");
}

#[test]
fn skip_logic_hides_requires_and_scores_only_visible_items() {
    let d = Definition::parse(SCREENING, "test.json").unwrap();
    let employed = screening_answers("good", 0, "yes", Some(5.0));
    assert!(!d.is_visible(d.item("years_out").unwrap(), &employed));
    assert!(
        d.missing(&employed).is_empty(),
        "a hidden item is not required"
    );
    let o = d.score(&employed);
    assert_eq!(
        o.dimensions
            .iter()
            .find(|x| x.key == "work")
            .unwrap()
            .colour,
        Some(Level::Green),
        "the hidden answer is ignored"
    );
    let out = screening_answers("good", 0, "no", None);
    assert_eq!(d.missing(&out), vec!["years_out"]);
    for (years, want) in [(0.5, Level::Green), (1.0, Level::Yellow), (2.0, Level::Red)] {
        let o = d.score(&screening_answers("good", 0, "no", Some(years)));
        assert_eq!(
            o.dimensions
                .iter()
                .find(|x| x.key == "work")
                .unwrap()
                .colour,
            Some(want),
            "{years} years"
        );
    }
    let years = d.item("years_out").unwrap();
    assert_eq!(
        years.read(&["2,5"]),
        Ok(Some(AnswerValue::Number(2.5))),
        "a Danish decimal comma in numbers"
    );
    assert!(
        years.read(&["51"]).is_err()
            && years.read(&["NaN"]).is_err()
            && years.read(&["-1"]).is_err()
    );
}

fn errors_of(json: &str) -> Vec<String> {
    match Definition::parse(json, "kommune.json") {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(|x| x.to_string()).collect(),
    }
}

#[test]
fn import_errors_name_file_item_and_field() {
    // Wrong type: the parse error names the path and the item.
    let bad_kind = SCREENING.replace(r#""kind": "scale""#, r#""kind": "slider""#);
    let e = errors_of(&bad_kind);
    assert!(
        e.len() == 1 && e[0].starts_with("kommune.json: item \"sleep\", field \"items[1].kind\""),
        "{e:?}"
    );
    // An option colouring a dimension that does not exist.
    let e = errors_of(&SCREENING.replace(
        r#""risk": {"health": "red", "work": "yellow"}"#,
        r#""risk": {"helth": "red", "work": "yellow"}"#,
    ));
    assert!(
        e.iter().any(|x| x
            == "kommune.json: item \"health\", field \"options[2].risk\": no dimension \"helth\""),
        "{e:?}"
    );
    // Citizen-facing text must exist in every declared language.
    let e = errors_of(&SCREENING.replace(
        r#""text": {"da": "I job?", "en": "Employed?", "ar": "تعمل؟"}"#,
        r#""text": {"da": "I job?", "en": "Employed?"}"#,
    ));
    assert!(
        e.iter()
            .any(|x| x == "kommune.json: item \"employed\", field \"text\": text missing in: ar"),
        "{e:?}"
    );
    // Skip logic may only look back.
    let e = errors_of(&SCREENING.replace(
        r#""items": ["health", "sleep", "employed", "years_out"]"#,
        r#""items": ["health", "sleep", "years_out", "employed"]"#,
    ));
    assert!(
        e.iter()
            .any(|x| x.contains("item \"years_out\", field \"show_if\"")),
        "{e:?}"
    );
    // Result rules must always give a result.
    let e = errors_of(&SCREENING.replace(
        r#"{"result": "low"}"#,
        r#"{"result": "low", "min_red": 0, "min_yellow": 0, "min_flagged": 0}, {"result": "lav"}"#,
    ));
    assert!(
        e.iter().any(|x| x
            .contains("field \"result.risk_class[3].result\": must be one of low, moderate, high")),
        "{e:?}"
    );
    // Unknown fields are refused, not ignored.
    let e = errors_of(&SCREENING.replace(r#""version": 2,"#, r#""version": 2, "verison": 3,"#));
    assert!(
        e.len() == 1 && e[0].contains("unknown field `verison`"),
        "{e:?}"
    );
    // Several problems are all reported at once.
    let e = errors_of(
        &SCREENING
            .replace(r#""format": "jobspor-questionnaire/1""#, r#""format": "x""#)
            .replace(r#""version": 2"#, r#""version": 0"#),
    );
    assert!(e.len() >= 2, "{e:?}");
    // Not JSON at all.
    assert!(errors_of("{")
        .iter()
        .all(|x| x.starts_with("kommune.json:")));
}

/// One item of each of the six types.
pub const ALL_TYPES: &str = include_str!("testdata/all_types.json");

#[test]
fn every_item_type_reads_strictly() {
    let d = Definition::parse(ALL_TYPES, "alle-typer.json").unwrap();
    let item = |k: &str| d.item(k).unwrap();
    assert_eq!(
        item("many").read(&["x", "y"]),
        Ok(Some(AnswerValue::Choices(vec!["x".into(), "y".into()])))
    );
    assert_eq!(item("many").read(&["x", "x"]), Err(AnswerError::Duplicate));
    assert_eq!(item("many").read(&["z"]), Err(AnswerError::NotAnOption));
    assert_eq!(item("one").read(&["a", "b"]), Err(AnswerError::OneOnly));
    assert_eq!(
        item("number").read(&["2,5"]),
        Err(AnswerError::NotAnInteger)
    );
    assert_eq!(
        item("number").read(&["42"]),
        Ok(Some(AnswerValue::Number(42.0)))
    );
    let date = chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    assert_eq!(
        item("date").read(&["2026-02-28"]),
        Ok(Some(AnswerValue::Date(date)))
    );
    assert_eq!(
        item("date").read(&["28-02-2026"]),
        Ok(Some(AnswerValue::Date(date)))
    );
    assert_eq!(
        item("date").read(&["2026-02-30"]),
        Err(AnswerError::NotADate)
    );
    assert_eq!(
        item("text").read(&["Ha\u{30A}kon"]),
        Ok(Some(AnswerValue::Text("H\u{e5}kon".into()))),
        "NFC"
    );
    assert_eq!(
        item("text").read(&[&"x".repeat(21)]),
        Err(AnswerError::TooLong(20))
    );
    let mut a = Answers::new();
    a.insert("one".into(), AnswerValue::Choice("a".into()));
    assert_eq!(
        d.missing(&a),
        vec!["many", "scale", "number", "date"],
        "text is optional"
    );
}

#[test]
fn a_page_is_read_from_the_posted_fields() {
    let d = oempsq();
    let page = d
        .pages
        .iter()
        .position(|p| p.items.iter().any(|k| k == "q2_pain"))
        .unwrap();
    let form: Vec<(String, String)> = [
        ("csrf", "x"),
        ("q2_pain", " 7 "),
        ("q3_light_work", ""),
        ("q4_sleep", "11"),
        ("q1_duration", "d2"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let read = d.read_page(page, &form).unwrap();
    assert_eq!(read.given.get("q2_pain"), Some(&AnswerValue::Scale(7)));
    assert!(read.cleared.contains(&"q3_light_work".to_string()));
    assert_eq!(read.refused.len(), 1);
    assert_eq!(read.refused[0].0, "q4_sleep");
    // Only the page's own items are read.
    let on_page = |k: &str| d.pages[page].items.iter().any(|i| i == k);
    assert!(read.given.keys().all(|k| on_page(k)));
    assert!(d.read_page(d.pages.len(), &form).is_none());
}
