//! The shipped screening templates: extremes, lowest risk, and the result
//! rules at their edges. Expected values are worked out from the definitions
//! by hand (see the comments), not taken from the code's output.

use super::*;
use crate::questionnaire::shipped::DEFINITIONS;

fn load(file: &str) -> Definition {
    let (name, json) = DEFINITIONS.iter().find(|(n, _)| *n == file).unwrap();
    Definition::parse(json, name).unwrap()
}

/// Every item answered with its first option, the scale minimum or the number minimum
/// (`last` = false), or the last option and maxima (`last` = true). Hidden items are
/// answered too: scoring must ignore them.
fn extreme(d: &Definition, last: bool) -> Answers {
    d.items
        .iter()
        .map(|i| {
            let v = match i.kind {
                ItemKind::SingleChoice => {
                    let o = if last {
                        i.options.last()
                    } else {
                        i.options.first()
                    };
                    AnswerValue::Choice(o.unwrap().value.clone())
                }
                ItemKind::Scale => {
                    let s = i.scale.as_ref().unwrap();
                    AnswerValue::Scale(if last { s.max } else { s.min })
                }
                ItemKind::Number => {
                    let n = i.number.as_ref().unwrap();
                    AnswerValue::Number(if last { n.max } else { n.min })
                }
                other => panic!("no extreme for {other:?}"),
            };
            (i.key.clone(), v)
        })
        .collect()
}

/// The answer that keeps each item's dimensions green.
fn lowest_risk(d: &Definition, overrides: &[(&str, AnswerValue)]) -> Answers {
    let mut a: Answers = d
        .items
        .iter()
        .map(|i| {
            let v = match i.kind {
                ItemKind::SingleChoice => AnswerValue::Choice(
                    i.options
                        .iter()
                        .find(|o| o.risk.values().all(|l| *l == Level::Green))
                        .unwrap()
                        .value
                        .clone(),
                ),
                ItemKind::Scale | ItemKind::Number => {
                    let (lo, hi) = match (&i.scale, &i.number) {
                        (Some(s), _) => (s.min as f64, s.max as f64),
                        (_, Some(n)) => (n.min, n.max),
                        _ => unreachable!(),
                    };
                    let best = if i.risk.iter().all(|t| t.higher_is_worse) {
                        lo
                    } else {
                        hi
                    };
                    if i.kind == ItemKind::Scale {
                        AnswerValue::Scale(best as i64)
                    } else {
                        AnswerValue::Number(best)
                    }
                }
                other => panic!("{other:?}"),
            };
            (i.key.clone(), v)
        })
        .collect();
    for (k, v) in overrides {
        a.insert((*k).into(), v.clone());
    }
    a
}

fn colours(o: &Outcome) -> (u32, u32, u32) {
    (o.red, o.yellow, o.green)
}

#[test]
fn templates_have_24_items_and_10_to_15_dimensions_with_written_purposes() {
    for f in [
        "jobspor-screening-kontanthjaelp.json",
        "jobspor-screening-sygedagpenge.json",
    ] {
        let d = load(f);
        assert_eq!(d.items.len(), 24, "{f}");
        assert!(
            (10..=15).contains(&d.dimensions.len()),
            "{f}: {}",
            d.dimensions.len()
        );
        assert!(d
            .items
            .iter()
            .all(|i| i.purpose.has("da") && i.purpose.has("en")));
        assert!(d
            .dimensions
            .iter()
            .all(|x| x.thresholds.has("da") && !x.dialogue.is_empty()));
        assert!(
            d.notice
                .as_ref()
                .is_some_and(|n| n.get("en").contains("replace")),
            "{f} says it is a replaceable template"
        );
    }
}

#[test]
fn kontanthjaelp_extremes_and_lowest_risk() {
    let d = load("jobspor-screening-kontanthjaelp.json");
    // Minimum: red education (no schooling), work history (0 years), expectations
    // (0 likely, 0 wish); yellow family (single). Everything else green.
    let o = d.score(&extreme(&d, false));
    assert_eq!(colours(&o), (3, 1, 10));
    assert_eq!(
        (o.risk_class, o.readiness.as_deref()),
        (Some(RiskClass::Moderate), Some("aktivitetsparat"))
    );
    // Maximum: twelve red; family yellow (widowed, sole provider); expectations green (10).
    let o = d.score(&extreme(&d, true));
    assert_eq!(colours(&o), (12, 1, 1));
    assert_eq!(
        (o.risk_class, o.readiness.as_deref()),
        (Some(RiskClass::High), Some("aktivitetsparat"))
    );
    // Lowest risk: all fourteen green.
    let o = d.score(&lowest_risk(&d, &[]));
    assert_eq!(colours(&o), (0, 0, 14));
    assert_eq!(
        (o.risk_class, o.readiness.as_deref()),
        (Some(RiskClass::Low), Some("jobparat"))
    );
    assert!(d.missing(&lowest_risk(&d, &[])).is_empty());
    // The follow-up on treatment shows only after anxiety or depression.
    let mut a = lowest_risk(
        &d,
        &[("anxiety_depression", AnswerValue::Choice("still".into()))],
    );
    a.remove("mental_treatment");
    assert_eq!(d.missing(&a), vec!["mental_treatment"]);
}

#[test]
fn sygedagpenge_extremes_and_lowest_risk() {
    let d = load("jobspor-screening-sygedagpenge.json");
    // Minimum: red return expectation (0 sure), workplace (0 support), demands
    // (0 control) and satisfaction (0); yellow cause (musculoskeletal).
    let o = d.score(&extreme(&d, false));
    assert_eq!(colours(&o), (4, 1, 8));
    assert_eq!(o.risk_class, Some(RiskClass::High));
    // Maximum: dismissed, so the workplace questions are hidden and that dimension
    // stays uncoloured; eleven red, return expectation yellow ("do not know").
    let o = d.score(&extreme(&d, true));
    assert_eq!(colours(&o), (11, 1, 0));
    assert!(o
        .dimensions
        .iter()
        .any(|x| x.key == "workplace" && x.colour.is_none()));
    assert_eq!(o.risk_class, Some(RiskClass::High));
    let o = d.score(&lowest_risk(&d, &[]));
    assert_eq!(colours(&o), (0, 0, 13));
    assert_eq!((o.risk_class, o.readiness), (Some(RiskClass::Low), None));
}

#[test]
fn risk_class_thresholds_at_their_edges() {
    let kh = load("jobspor-screening-kontanthjaelp.json");
    let sdp = load("jobspor-screening-sygedagpenge.json");
    // (red, yellow) → class: moderate from 2 red or 4 flagged; high from 4 red or 8 flagged.
    for d in [&kh, &sdp] {
        for (red, yellow, want) in [
            (0, 3, RiskClass::Low),
            (1, 2, RiskClass::Low),
            (0, 4, RiskClass::Moderate),
            (1, 3, RiskClass::Moderate),
            (2, 0, RiskClass::Moderate),
            (3, 4, RiskClass::Moderate),
            (4, 0, RiskClass::High),
            (1, 7, RiskClass::High),
            (0, 8, RiskClass::High),
        ] {
            assert_eq!(
                d.classify_counts(red, yellow).0,
                Some(want),
                "{} {red}/{yellow}",
                d.key
            );
        }
    }
    // Readiness (kontanthjælp only): aktivitetsparat from 3 red or 6 flagged.
    for (red, yellow, want) in [
        (2, 3, "jobparat"),
        (3, 0, "aktivitetsparat"),
        (0, 5, "jobparat"),
        (0, 6, "aktivitetsparat"),
        (2, 4, "aktivitetsparat"),
    ] {
        assert_eq!(
            kh.classify_counts(red, yellow).1.as_deref(),
            Some(want),
            "{red}/{yellow}"
        );
    }
    assert_eq!(sdp.classify_counts(9, 9).1, None);
}
