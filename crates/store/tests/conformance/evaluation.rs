//! The register import writes everything or nothing, on every engine.

use super::*;
use jobspor_domain::evaluation::caseload::{Range, Targets};
use jobspor_domain::evaluation::economics::{Category, Investment};

fn monday(y: i32, w: u32) -> NaiveDate {
    NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).unwrap()
}

fn import(
    w: &World,
    added: Vec<BenefitPeriod>,
    extended: Vec<(String, NaiveDate)>,
) -> RegisterImport {
    RegisterImport {
        id: uuid::Uuid::now_v7().to_string(),
        municipality_id: w.m,
        file_name: "uge.csv".into(),
        lines: added.len() + extended.len(),
        added,
        extended,
        unchanged: 0,
        by: w.cw.id,
        at: Utc::now(),
    }
}

#[tokio::test]
async fn a_register_import_is_all_or_nothing() {
    let w = world().await;
    let a = citizen(&w, "250380-1714", "Anna");
    w.s.create_citizen(&a, &[]).await.unwrap();
    let period = |from, to| BenefitPeriod {
        id: uuid::Uuid::now_v7().to_string(),
        citizen_id: a.id,
        from: monday(2026, from),
        to: monday(2026, to),
        benefit: "kontanthjaelp".into(),
    };
    let first = period(1, 10);
    w.s.apply_register_import(
        &import(&w, vec![first.clone()], vec![]),
        &[ev(&w, AuditAction::Create, Some(a.id))],
    )
    .await
    .unwrap();
    let found =
        w.s.citizens_by_cpr(w.m, std::slice::from_ref(&a.cpr))
            .await
            .unwrap();
    assert_eq!(found.get(&a.cpr), Some(&a.id));
    // An extension that no longer holds (the period is not shorter than the
    // new end) fails the whole import: the new period is not kept either.
    let stale = import(
        &w,
        vec![period(20, 22)],
        vec![(first.id.clone(), monday(2026, 8))],
    );
    assert!(matches!(
        w.s.apply_register_import(&stale, &[]).await,
        Err(StoreError::Conflict(_))
    ));
    let periods = w.s.benefit_periods(w.m).await.unwrap();
    assert_eq!(periods, vec![first.clone()]);
    assert_eq!(w.s.register_imports(w.m, 10).await.unwrap().len(), 1);
    // A real extension moves the end.
    w.s.apply_register_import(
        &import(&w, vec![], vec![(first.id.clone(), monday(2026, 12))]),
        &[],
    )
    .await
    .unwrap();
    assert_eq!(
        w.s.benefit_periods_of(w.m, &[a.id]).await.unwrap()[0].to,
        monday(2026, 12)
    );
}

#[tokio::test]
async fn investments_and_rates_are_replaced_per_key() {
    let w = world().await;
    let inv = |ore| Investment {
        year: 2016,
        category: Category::Casework,
        ore,
    };
    w.s.set_investment(w.m, &inv(1), &[]).await.unwrap();
    w.s.set_investment(w.m, &inv(880_000_000), &[])
        .await
        .unwrap();
    assert_eq!(w.s.investments(w.m).await.unwrap(), vec![inv(880_000_000)]);
    w.s.set_rate(w.m, "kontanthjaelp", 2016, 1, &[])
        .await
        .unwrap();
    w.s.set_rate(w.m, "kontanthjaelp", 2016, 250_000, &[])
        .await
        .unwrap();
    assert_eq!(
        w.s.rates(w.m)
            .await
            .unwrap()
            .0
            .get(&("kontanthjaelp".to_string(), 2016)),
        Some(&250_000)
    );
}

#[tokio::test]
async fn caseload_targets_override_the_defaults_per_group() {
    let w = world().await;
    let t = w.s.caseload_targets(w.m).await.unwrap();
    assert_eq!(t, Targets::default());
    let r = Range { min: 30, max: 33 };
    w.s.set_caseload_target(w.m, "sygedagpenge", r, &[])
        .await
        .unwrap();
    w.s.set_caseload_target(w.m, DEFAULT_TARGET_KEY, Range { min: 38, max: 38 }, &[])
        .await
        .unwrap();
    // Set twice: the second value stands.
    w.s.set_caseload_target(w.m, "sygedagpenge", Range { min: 31, max: 34 }, &[])
        .await
        .unwrap();
    let t = w.s.caseload_targets(w.m).await.unwrap();
    assert_eq!(t.by_group["sygedagpenge"], Range { min: 31, max: 34 });
    assert_eq!(t.by_group["kontanthjaelp"], Range { min: 40, max: 45 });
    assert_eq!(t.default, 38);
}

#[tokio::test]
async fn a_comparison_curve_is_replaced_by_name() {
    let w = world().await;
    let curve = |points: Vec<(u32, f64)>| ComparisonCurve {
        name: "Nabokommuner".into(),
        points,
    };
    w.s.set_comparison_curve(w.m, &curve(vec![(0, 1.0), (26, 0.5), (52, 0.25)]), &[])
        .await
        .unwrap();
    w.s.set_comparison_curve(w.m, &curve(vec![(0, 1.0), (52, 0.4)]), &[])
        .await
        .unwrap();
    let got = w.s.comparison_curves(w.m).await.unwrap();
    assert_eq!(got, vec![curve(vec![(0, 1.0), (52, 0.4)])]);
}

#[tokio::test]
async fn the_research_key_is_made_once_and_kept() {
    let w = world().await;
    let k = w.s.research_key(w.m, &[1u8; 32]).await.unwrap();
    assert_eq!(k, vec![1u8; 32]);
    let again = w.s.research_key(w.m, &[2u8; 32]).await.unwrap();
    assert_eq!(again, k, "the first key stays");
}
