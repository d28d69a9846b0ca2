//! Economics: benefit weeks avoided by the citizens who started with the
//! model, against a baseline, times the weekly rate; beside the investment,
//! in the council memo's table. The estimate compares like with like
//! (`jobspor_domain::evaluation::prevalence`): the baseline is the share *on
//! benefit* in each week since the start, so breaks and returns to benefit
//! count the same on both sides. The baseline is chosen and shown:
//!
//! - `earlier`: the cohorts who started before the model, from the register;
//! - a comparison group's curve imported as CSV (e.g. comparable
//!   municipalities).
//!
//! Each baseline comes with a 95% bootstrap interval over citizens. Each
//! citizen counts once, with their first course in each period, from its
//! start week to the register's last week.

use crate::audit::event;
use crate::error::WebError;
use crate::management::service::outcomes::{default_model_start, Filter};
use crate::management::service::register::{require_manager, PURPOSE_EVALUATION};
use crate::AppState;
use chrono::{Datelike, Duration, NaiveDate};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::evaluation::comparison::share_at;
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::evaluation::economics::{
    saved_support, table, AvoidedWeeks, EconomicsTable, Investment, Rates,
};
use jobspor_domain::evaluation::prevalence::{
    bootstrap, estimate, Followed, ModelCitizen, Prevalence, Source, Uncertainty, REPLICATES,
};
use jobspor_domain::evaluation::rates::{parse_rates, valid_benefit};
use jobspor_domain::message::Message;
use jobspor_domain::user::Actor;

use jobspor_store::ComparisonCurve;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    Earlier,
    Comparison(String),
}

impl Baseline {
    pub fn code(&self) -> String {
        match self {
            Baseline::Earlier => "earlier".into(),
            Baseline::Comparison(n) => format!("cmp:{n}"),
        }
    }

    /// Links made when the earlier cohorts' bands were baselines of their
    /// own (`lower`, `upper`) open the earlier cohorts, now with an interval.
    pub fn parse(s: &str) -> Baseline {
        s.strip_prefix("cmp:")
            .map(|n| Baseline::Comparison(n.to_string()))
            .unwrap_or(Baseline::Earlier)
    }

    pub fn label(&self) -> Message {
        match self {
            Baseline::Earlier => Message::new("baseline.earlier"),
            Baseline::Comparison(n) => Message::new("baseline.comparison").with("name", n.clone()),
        }
    }
}

/// The result under one baseline: the table, or why there is none.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub baseline: Baseline,
    pub weeks_avoided: f64,
    /// The 95% bootstrap interval of the weeks and the support saved.
    pub interval: Option<Uncertainty>,
    /// Weeks since the start the baseline covers.
    pub horizon: usize,
    pub table: Result<EconomicsTable, Message>,
}

#[derive(Debug, Clone)]
pub struct Economics {
    pub investments: Vec<Investment>,
    pub rates: Rates,
    pub model_start: NaiveDate,
    /// Citizens in the before cohort (the baseline) and in the model cohort.
    pub before: usize,
    pub after: usize,
    pub chosen: Scenario,
    pub sensitivity: Vec<Scenario>,
    pub comparisons: Vec<String>,
}

/// Weeks counted from a fixed Monday, and back.
const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 5) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

fn week_no(d: NaiveDate) -> i64 {
    (monday(d) - EPOCH).num_days().div_euclid(7)
}

/// The calendar year a week belongs to: that of its Thursday (as ISO weeks).
fn year_of(w: i64) -> i32 {
    (EPOCH + Duration::weeks(w) + Duration::days(3)).year()
}

/// The bootstrap's seed: fixed, so that a page shows the same interval on
/// every visit.
const SEED: u64 = 2015;

/// The baseline as a prevalence curve, with its source for the bootstrap.
fn curve(b: &Baseline, before: &[Followed], cmp: &[ComparisonCurve]) -> Option<(Prevalence, bool)> {
    match b {
        Baseline::Earlier => {
            let p = Prevalence::of_cohort(before, &vec![1.0; before.len()]);
            (p.horizon() > 0).then_some((p, true))
        }
        Baseline::Comparison(n) => cmp.iter().find(|c| c.name == *n).map(|c| {
            let last = c.points.last().map_or(0, |p| i64::from(p.0));
            let share = (0..=last).map(|k| share_at(&c.points, k)).collect();
            (Prevalence::given(share), false)
        }),
    }
}

/// What every scenario is computed from.
struct Inputs<'a> {
    before: &'a [Followed],
    cmp: &'a [ComparisonCurve],
    citizens: &'a [ModelCitizen],
    f: &'a Filter,
    investments: &'a [Investment],
    rates: &'a Rates,
}

fn scenario(b: &Baseline, i: &Inputs<'_>) -> Scenario {
    let none = |m: &'static str| Scenario {
        baseline: b.clone(),
        weeks_avoided: 0.0,
        interval: None,
        horizon: 0,
        table: Err(Message::new(m)),
    };
    let Some((base, from_cohort)) = curve(b, i.before, i.cmp) else {
        return none("invalid.not_enough_data_for_the_baseline");
    };
    let e = estimate(&base, i.citizens, &year_of);
    let avoided: Vec<AvoidedWeeks> = e
        .by_year
        .iter()
        .filter(|((y, _), _)| i.f.year_in(*y))
        .map(|((year, benefit), weeks)| AvoidedWeeks {
            year: *year,
            benefit: benefit.clone(),
            weeks: *weeks,
        })
        .collect();
    let weeks_avoided = avoided.iter().map(|a| a.weeks).sum();
    let invested: Vec<Investment> = i
        .investments
        .iter()
        .filter(|inv| i.f.year_in(inv.year))
        .cloned()
        .collect();
    let source = if from_cohort {
        Source::Cohort(i.before)
    } else {
        Source::Given(&base)
    };
    // The interval is over every year the register shows; with a year
    // filter the table is narrower than the interval, and the page says so.
    let interval = bootstrap(source, i.citizens, i.rates, &year_of, REPLICATES, SEED);
    let table = saved_support(&avoided, i.rates).map(|saved| table(&invested, &saved));
    Scenario {
        baseline: b.clone(),
        weeks_avoided,
        interval: interval.ok().flatten(),
        horizon: e.horizon,
        table,
    }
}

pub async fn economics(
    state: &AppState,
    actor: &Actor,
    f: &Filter,
    chosen: &Baseline,
) -> Result<Economics, WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let model_start = f.model_start.unwrap_or_else(default_model_start);
    let investments = state.store.investments(m).await?;
    let rates = state.store.rates(m).await?;
    let cmp = state.store.comparison_curves(m).await?;
    let register = crate::management::service::snapshot::register(state, m).await?;
    let all = crate::management::service::snapshot::cohort(state, m).await?;
    let mut cohort: Vec<&jobspor_store::CohortCourse> = all.iter().collect();
    cohort.retain(|c| f.keeps_whenever(c));
    cohort.sort_by_key(|c| c.start);
    let (mut before, mut citizens) = (Vec::new(), Vec::new());
    let (mut seen_before, mut seen_after) = (HashSet::new(), HashSet::new());
    if let Some(until) = register.until {
        let last = week_no(until);
        for c in cohort.iter().filter(|c| c.start <= until) {
            let Some(ps) = register.by_citizen.get(&c.citizen_id) else {
                continue;
            };
            let start = week_no(c.start);
            let on: Vec<i64> = ps
                .iter()
                .flat_map(|p| week_no(p.from)..=week_no(p.to))
                .collect();
            let followed = Followed::new(start, last, &on);
            if c.start < model_start {
                if seen_before.insert(c.citizen_id) {
                    before.push(followed);
                }
            } else if seen_after.insert(c.citizen_id) {
                // The benefit at the start, else the first one after it.
                let benefit = ps
                    .iter()
                    .find(|p| week_no(p.to) >= start)
                    .unwrap_or(&ps[0])
                    .benefit
                    .clone();
                citizens.push(ModelCitizen { followed, benefit });
            }
        }
    }
    let inputs = Inputs {
        before: &before,
        cmp: &cmp,
        citizens: &citizens,
        f,
        investments: &investments,
        rates: &rates,
    };
    let run = |b: &Baseline| scenario(b, &inputs);
    let mut all = vec![Baseline::Earlier];
    all.extend(cmp.iter().map(|c| Baseline::Comparison(c.name.clone())));
    let sensitivity: Vec<Scenario> = all.iter().map(run).collect();
    let chosen = sensitivity
        .iter()
        .find(|s| s.baseline == *chosen)
        .cloned()
        .unwrap_or_else(|| run(chosen));
    crate::management::service::register::audit_aggregate(state, actor, "economics").await?;
    Ok(Economics {
        chosen,
        sensitivity,
        comparisons: cmp.into_iter().map(|c| c.name).collect(),
        investments,
        rates,
        model_start,
        before: before.len(),
        after: citizens.len(),
    })
}

fn input_event(actor: &Actor, object: String) -> jobspor_domain::audit::AuditEvent {
    event(actor, AuditAction::Update, None, object, PURPOSE_EVALUATION)
}

pub async fn set_investment(
    state: &AppState,
    actor: &Actor,
    year: i32,
    category: jobspor_domain::evaluation::economics::Category,
    ore: i64,
) -> Result<(), WebError> {
    require_manager(actor)?;
    let inv = Investment {
        year,
        category,
        ore,
    };
    let ev = input_event(actor, format!("investment:{year}:{}", category.code()));
    state
        .store
        .set_investment(actor.municipality_id, &inv, &[ev])
        .await?;
    Ok(())
}

pub async fn set_rate(
    state: &AppState,
    actor: &Actor,
    benefit: &str,
    year: i32,
    ore_per_week: i64,
) -> Result<(), WebError> {
    set_rates(
        state,
        actor,
        &[(benefit.trim().to_string(), year, Some(ore_per_week))],
    )
    .await
}

/// Sets (`Some`) or removes (`None`) weekly rates in one transaction, each
/// change with its audit entry: a year's form, or an imported file.
pub async fn set_rates(
    state: &AppState,
    actor: &Actor,
    rates: &[(String, i32, Option<i64>)],
) -> Result<(), WebError> {
    require_manager(actor)?;
    if rates.iter().any(|(b, _, _)| !valid_benefit(b)) {
        return Err(WebError::invalid("invalid.enter_the_benefits_code_as_in"));
    }
    // Removing a rate that is not there changes nothing and is not audited.
    let held = state.store.rates(actor.municipality_id).await?;
    let rates: Vec<(String, i32, Option<i64>)> = rates
        .iter()
        .filter(|(b, y, ore)| ore.is_some() || held.0.contains_key(&(b.clone(), *y)))
        .cloned()
        .collect();
    if rates.is_empty() {
        return Ok(());
    }
    let events: Vec<_> = rates
        .iter()
        .map(|(b, y, _)| input_event(actor, format!("benefit_rate:{b}:{y}")))
        .collect();
    state
        .store
        .set_rates(actor.municipality_id, &rates, &events)
        .await?;
    Ok(())
}

/// Imports weekly rates from CSV (`ydelse;aar;kr_pr_uge`): all or nothing.
pub async fn import_rates(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
) -> Result<usize, WebError> {
    require_manager(actor)?;
    let rates = parse_rates(bytes).map_err(|errs| {
        WebError::Validation(
            Message::new("invalid.lines")
                .with_list("lines", errs.iter().take(20).map(|e| e.said()).collect()),
        )
    })?;
    let rates: Vec<(String, i32, Option<i64>)> = rates
        .into_iter()
        .map(|(b, y, ore)| (b, y, Some(ore)))
        .collect();
    set_rates(state, actor, &rates).await?;
    Ok(rates.len())
}

/// Imports a comparison curve named after its file (without `.csv`).
pub async fn import_comparison(
    state: &AppState,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
) -> Result<(), WebError> {
    require_manager(actor)?;
    let points =
        jobspor_domain::evaluation::comparison::parse_comparison(bytes).map_err(|errs| {
            WebError::Validation(
                Message::new("invalid.lines")
                    .with_list("lines", errs.iter().take(20).map(|e| e.said()).collect()),
            )
        })?;
    let name: String = file_name
        .trim_end_matches(".csv")
        .trim_end_matches(".CSV")
        .chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect();
    let name = if name.trim().is_empty() {
        "Sammenligning".to_string()
    } else {
        name.trim().to_string()
    };
    let ev = input_event(actor, format!("comparison_curve:{name}"));
    state
        .store
        .set_comparison_curve(
            actor.municipality_id,
            &ComparisonCurve { name, points },
            &[ev],
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_count_from_a_monday_and_belong_to_their_thursdays_year() {
        let mon = NaiveDate::from_ymd_opt(2024, 12, 30).unwrap_or_default();
        let sun = NaiveDate::from_ymd_opt(2025, 1, 5).unwrap_or_default();
        assert_eq!(week_no(mon), week_no(sun));
        // 30 Dec 2024 – 5 Jan 2025 is ISO week 1 of 2025.
        assert_eq!(year_of(week_no(mon)), 2025);
        assert_eq!(
            Baseline::parse("cmp:Nabo"),
            Baseline::Comparison("Nabo".into())
        );
        // The bands' old codes still open a page: the earlier cohorts.
        assert_eq!(Baseline::parse("lower"), Baseline::Earlier);
        assert_eq!(Baseline::parse("upper"), Baseline::Earlier);
    }
}
