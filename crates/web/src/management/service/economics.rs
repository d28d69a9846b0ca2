//! Economics: benefit weeks avoided by the citizens who started with the
//! model, against a baseline, times the weekly rate; beside the investment,
//! in the council memo's table. The baseline is chosen and shown:
//!
//! - `earlier`: the Kaplan-Meier curve of the cohorts who started before the
//!   model (from the register), read as the share still on benefit k weeks
//!   after the start; `lower` and `upper` use its 95% band, for sensitivity;
//! - a comparison group's curve imported as CSV (e.g. comparable
//!   municipalities).
//!
//! Each citizen counts once, with their first course in the model period,
//! from its start week to the register's last week. Weeks on benefit after
//! a return count against the model, so the estimate errs low.

use crate::audit::event;
use crate::error::WebError;
use crate::management::service::outcomes::{default_model_start, Filter};
use crate::management::service::register::{require_manager, PURPOSE_EVALUATION};
use crate::AppState;
use chrono::{Datelike, Duration, NaiveDate};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::evaluation::comparison::share_at;
use jobspor_domain::evaluation::duration::{from_register, monday};
use jobspor_domain::evaluation::economics::{
    avoided_for_citizen, saved_support, table, AvoidedWeeks, EconomicsTable, Investment, Rates,
};
use jobspor_domain::evaluation::survival::{kaplan_meier, KaplanMeier};
use jobspor_domain::message::Message;
use jobspor_domain::user::Actor;

use jobspor_store::ComparisonCurve;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    Earlier,
    EarlierLower,
    EarlierUpper,
    Comparison(String),
}

impl Baseline {
    pub fn code(&self) -> String {
        match self {
            Baseline::Earlier => "earlier".into(),
            Baseline::EarlierLower => "lower".into(),
            Baseline::EarlierUpper => "upper".into(),
            Baseline::Comparison(n) => format!("cmp:{n}"),
        }
    }

    pub fn parse(s: &str) -> Baseline {
        match s {
            "lower" => Baseline::EarlierLower,
            "upper" => Baseline::EarlierUpper,
            _ => s
                .strip_prefix("cmp:")
                .map(|n| Baseline::Comparison(n.to_string()))
                .unwrap_or(Baseline::Earlier),
        }
    }

    pub fn label(&self) -> Message {
        match self {
            Baseline::Earlier => Message::new("baseline.earlier"),
            Baseline::EarlierLower => Message::new("baseline.earlier_lower"),
            Baseline::EarlierUpper => Message::new("baseline.earlier_upper"),
            Baseline::Comparison(n) => Message::new("baseline.comparison").with("name", n.clone()),
        }
    }
}

/// The result under one baseline: the table, or why there is none.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub baseline: Baseline,
    pub weeks_avoided: f64,
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

/// One model-period citizen: start week, benefit, the weeks on benefit.
struct Citizen {
    start: i64,
    benefit: String,
    on: Vec<i64>,
}

/// The baseline as the share still on benefit k weeks after the start.
fn curve<'a>(
    b: &Baseline,
    km: Option<&'a KaplanMeier>,
    cmp: &'a [ComparisonCurve],
) -> Option<Box<dyn Fn(i64) -> f64 + 'a>> {
    let step =
        |km: &'a KaplanMeier,
         pick: fn(&jobspor_domain::evaluation::survival::Step) -> Option<f64>| {
            Box::new(move |k: i64| {
                km.steps
                    .iter()
                    .take_while(|s| s.time <= k as f64)
                    .last()
                    .map_or(1.0, |s| pick(s).unwrap_or(s.survival))
            }) as Box<dyn Fn(i64) -> f64 + 'a>
        };
    match b {
        Baseline::Earlier => km.map(|k| step(k, |s| Some(s.survival))),
        // Fewer weeks saved: the baseline's lower band (fewer on benefit).
        Baseline::EarlierLower => km.map(|k| step(k, |s| s.lower)),
        Baseline::EarlierUpper => km.map(|k| step(k, |s| s.upper)),
        Baseline::Comparison(n) => cmp
            .iter()
            .find(|c| c.name == *n)
            .map(|c| Box::new(move |k: i64| share_at(&c.points, k)) as Box<dyn Fn(i64) -> f64>),
    }
}

/// What every scenario is computed from.
struct Inputs<'a> {
    km: Option<&'a KaplanMeier>,
    cmp: &'a [ComparisonCurve],
    citizens: &'a [Citizen],
    until: i64,
    f: &'a Filter,
    investments: &'a [Investment],
    rates: &'a Rates,
}

fn scenario(b: &Baseline, i: &Inputs<'_>) -> Scenario {
    let Inputs {
        km,
        cmp,
        citizens,
        until,
        f,
        investments,
        rates,
    } = *i;
    let Some(base) = curve(b, km, cmp) else {
        return Scenario {
            baseline: b.clone(),
            weeks_avoided: 0.0,
            table: Err(Message::new("invalid.not_enough_data_for_the_baseline")),
        };
    };
    let mut avoided: BTreeMap<(i32, String), f64> = BTreeMap::new();
    for c in citizens {
        for (year, w) in avoided_for_citizen(c.start, until, &c.on, &*base, &year_of) {
            *avoided.entry((year, c.benefit.clone())).or_insert(0.0) += w;
        }
    }
    let avoided: Vec<AvoidedWeeks> = avoided
        .into_iter()
        .filter(|((y, _), _)| f.year_in(*y))
        .map(|((year, benefit), weeks)| AvoidedWeeks {
            year,
            benefit,
            weeks,
        })
        .collect();
    let weeks_avoided = avoided.iter().map(|a| a.weeks).sum();
    let invested: Vec<Investment> = investments
        .iter()
        .filter(|i| f.year_in(i.year))
        .cloned()
        .collect();
    Scenario {
        baseline: b.clone(),
        weeks_avoided,
        table: saved_support(&avoided, rates).map(|saved| table(&invested, &saved)),
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
    let until = register.until;
    let all = crate::management::service::snapshot::cohort(state, m).await?;
    let mut cohort: Vec<&jobspor_store::CohortCourse> = all.iter().collect();
    cohort.retain(|c| f.keeps_whenever(c));
    cohort.sort_by_key(|c| c.start);
    let (mut before, mut citizens, mut seen) = (Vec::new(), Vec::new(), HashSet::new());
    if let Some(until) = until {
        for c in &cohort {
            let Some(ps) = register.by_citizen.get(&c.citizen_id) else {
                continue;
            };
            let spans: Vec<(NaiveDate, NaiveDate)> = ps.iter().map(|p| (p.from, p.to)).collect();
            if c.start < model_start {
                if let Some(o) = from_register(c.start, &spans, until) {
                    before.push(o);
                }
            } else if seen.insert(c.citizen_id) && c.start <= until {
                let start = week_no(c.start);
                let on: Vec<i64> = ps
                    .iter()
                    .flat_map(|p| week_no(p.from)..=week_no(p.to))
                    .collect();
                // The benefit at the start, else the first one after it.
                let benefit = ps
                    .iter()
                    .find(|p| week_no(p.to) >= start)
                    .unwrap_or(&ps[0])
                    .benefit
                    .clone();
                citizens.push(Citizen { start, benefit, on });
            }
        }
    }
    let km = kaplan_meier(&before).ok();
    let inputs = Inputs {
        km: km.as_ref(),
        cmp: &cmp,
        citizens: &citizens,
        until: until.map(week_no).unwrap_or(0),
        f,
        investments: &investments,
        rates: &rates,
    };
    let run = |b: &Baseline| scenario(b, &inputs);
    let mut all = vec![
        Baseline::Earlier,
        Baseline::EarlierLower,
        Baseline::EarlierUpper,
    ];
    all.extend(cmp.iter().map(|c| Baseline::Comparison(c.name.clone())));
    let sensitivity = all.iter().map(run).collect();
    crate::management::service::register::audit_aggregate(state, actor, "economics").await?;
    Ok(Economics {
        chosen: run(chosen),
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
    require_manager(actor)?;
    let benefit = benefit.trim();
    let ok = !benefit.is_empty()
        && benefit.len() <= 40
        && benefit
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(WebError::invalid("invalid.enter_the_benefits_code_as_in"));
    }
    let ev = input_event(actor, format!("benefit_rate:{benefit}:{year}"));
    state
        .store
        .set_rate(actor.municipality_id, benefit, year, ore_per_week, &[ev])
        .await?;
    Ok(())
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
        assert_eq!(
            Baseline::parse(&Baseline::EarlierLower.code()),
            Baseline::EarlierLower
        );
    }
}
