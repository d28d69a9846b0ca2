//! How fast the questionnaire engine is: loading a definition, reading a
//! form answer, scoring a full response. Prints median time per operation
//! over repeated rounds; run with `cargo bench -p jobspor-domain --bench scoring`.

use jobspor_domain::questionnaire::shipped::DEFINITIONS;
use jobspor_domain::questionnaire::{AnswerValue, Answers, Definition, ItemKind};
use std::hint::black_box;
use std::time::Instant;

fn median_ns(rounds: usize, per_round: usize, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_round {
                f();
            }
            t.elapsed().as_nanos() as f64 / per_round as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[rounds / 2]
}

fn full_answers(d: &Definition) -> Answers {
    d.items
        .iter()
        .map(|i| {
            let v = match i.kind {
                ItemKind::SingleChoice => {
                    AnswerValue::Choice(i.options[i.options.len() / 2].value.clone())
                }
                ItemKind::MultipleChoice => AnswerValue::Choices(vec![i.options[0].value.clone()]),
                ItemKind::Scale => AnswerValue::Scale(5),
                ItemKind::Number => AnswerValue::Number(
                    i.number
                        .as_ref()
                        .map_or(1.0, |n| (n.min + n.max) / 2.0)
                        .round(),
                ),
                ItemKind::Date => AnswerValue::Date(
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
                ),
                ItemKind::Text => AnswerValue::Text("tekst".into()),
            };
            (i.key.clone(), v)
        })
        .collect()
}

fn main() {
    println!("{:<52} {:>14}", "operation", "median");
    for (name, json) in DEFINITIONS {
        let parse = median_ns(21, 20, || {
            black_box(Definition::parse(black_box(json), name).ok());
        });
        println!(
            "{:<52} {:>11.1} µs",
            format!("parse+check {name}"),
            parse / 1000.0
        );
        let Ok(d) = Definition::parse(json, name) else {
            continue;
        };
        let answers = full_answers(&d);
        let score = median_ns(21, 2000, || {
            black_box(d.score(black_box(&answers)));
        });
        println!(
            "{:<52} {:>11.2} µs",
            format!("score full response ({} items)", d.items.len()),
            score / 1000.0
        );
        let missing = median_ns(21, 2000, || {
            black_box(d.missing(black_box(&answers)));
        });
        println!(
            "{:<52} {:>11.2} µs",
            "  required-items check",
            missing / 1000.0
        );
    }
    let (name, json) = DEFINITIONS[0];
    let d = Definition::parse(json, name).ok();
    if let Some(item) = d
        .as_ref()
        .and_then(|d| d.items.iter().find(|i| i.kind == ItemKind::Scale))
    {
        let read = median_ns(21, 20_000, || {
            black_box(item.read(black_box(&["7"])).ok());
        });
        println!(
            "{:<52} {:>11.1} ns",
            "read one scale answer from a form", read
        );
    }
}
