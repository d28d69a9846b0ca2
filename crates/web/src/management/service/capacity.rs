//! Capacity: per intervention, the places in use against its capacity month
//! by month, the waiting list's length, and how long those who waited
//! waited; and the same summed by providing unit and by track. Counts only.

use crate::error::WebError;
use crate::i18n::Word;
use crate::management::service::outcomes::Filter;
use crate::management::service::register::require_manager;
use crate::AppState;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use jobspor_domain::catalogue::Intervention;
use jobspor_domain::evaluation::{count, median, Cell};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::InterventionId;
use jobspor_store::CapacityPlacement;
use std::collections::{BTreeMap, HashMap};

/// Waiting times, in days, of those who got a place in the period.
#[derive(Debug, Clone, Default)]
pub struct Waits {
    pub count: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub longest: Option<f64>,
}

/// One intervention. Every figure about citizens is a [`Cell`]: a group
/// of 1–4 (in a place, waiting, or having waited) is suppressed.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: InterventionId,
    pub name: String,
    pub unit: String,
    pub tracks: Vec<String>,
    pub capacity: u32,
    pub in_use: Cell<usize>,
    pub waiting: Cell<usize>,
    pub waits: Cell<Waits>,
}

/// A sum over interventions (a unit or a track).
#[derive(Debug, Clone)]
pub struct Sum {
    pub label: String,
    pub interventions: usize,
    pub capacity: u64,
    pub in_use: Cell<usize>,
    pub waiting: Cell<usize>,
}

/// A sum while it is being added up, before the small-cell rule.
#[derive(Default)]
struct Tally {
    interventions: usize,
    capacity: u64,
    in_use: usize,
    waiting: usize,
}

#[derive(Debug, Clone)]
pub struct Capacity {
    pub rows: Vec<Row>,
    pub by_unit: Vec<Sum>,
    pub by_track: Vec<Sum>,
    /// The month starts, and per month (at its end) places in use, today's
    /// capacity, and the waiting list, for the chosen intervention or all.
    pub months: Vec<NaiveDate>,
    pub used: Vec<Cell<usize>>,
    pub capacity: Vec<u64>,
    pub queue: Vec<Cell<usize>>,
    pub chosen: Option<InterventionId>,
}

/// Whether `p` held a place at `t`.
fn in_use_at(p: &CapacityPlacement, t: DateTime<Utc>) -> bool {
    p.activated_at.is_some_and(|a| a <= t) && p.ended_at.is_none_or(|e| e > t)
}

/// Whether `p` was on the waiting list at `t`.
fn waiting_at(p: &CapacityPlacement, t: DateTime<Utc>) -> bool {
    let left = p.activated_at.or(p.ended_at);
    p.queued_at <= t && left.is_none_or(|l| l > t)
}

fn waits(days: &mut [f64]) -> Waits {
    if days.is_empty() {
        return Waits::default();
    }
    days.sort_by(f64::total_cmp);
    let n = days.len();
    Waits {
        count: n,
        mean: Some(days.iter().sum::<f64>() / n as f64),
        median: median(days),
        longest: days.last().copied(),
    }
}

fn end_of_month(m: NaiveDate) -> DateTime<Utc> {
    let next = m + Months::new(1);
    next.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::seconds(1)
}

fn add(
    sums: &mut BTreeMap<String, Tally>,
    label: &str,
    capacity: u32,
    in_use: usize,
    waiting: usize,
) {
    let s = sums.entry(label.to_string()).or_default();
    s.interventions += 1;
    s.capacity += u64::from(capacity);
    s.in_use += in_use;
    s.waiting += waiting;
}

fn shown_sums(sums: BTreeMap<String, Tally>) -> Vec<Sum> {
    sums.into_iter()
        .map(|(label, t)| Sum {
            label,
            interventions: t.interventions,
            capacity: t.capacity,
            in_use: count(t.in_use),
            waiting: count(t.waiting),
        })
        .collect()
}

pub async fn capacity(
    state: &AppState,
    actor: &Actor,
    f: &Filter,
    chosen: Option<InterventionId>,
) -> Result<Capacity, WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let units: HashMap<_, _> = state
        .store
        .list_units(m)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let interventions: Vec<Intervention> = state
        .store
        .interventions(m)
        .await?
        .into_iter()
        .filter(|i| f.unit.is_none_or(|u| u == i.unit_id))
        .filter(|i| {
            f.target_group.is_none() || i.target_groups.iter().any(|t| f.group_in(t.code()))
        })
        .collect();
    let all = crate::management::service::snapshot::capacity_placements(state, m).await?;
    let mut placements: HashMap<InterventionId, Vec<&CapacityPlacement>> = HashMap::new();
    for p in all.iter() {
        placements.entry(p.intervention_id).or_default().push(p);
    }
    let now = Utc::now();
    let mut rows = Vec::new();
    let (mut by_unit, mut by_track) = (BTreeMap::new(), BTreeMap::new());
    for i in &interventions {
        let ps = placements.get(&i.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut days: Vec<f64> = ps
            .iter()
            .filter_map(|p| {
                let a = p.activated_at?;
                f.year_in(a.year())
                    .then(|| (a - p.queued_at).num_seconds().max(0) as f64 / 86_400.0)
            })
            .collect();
        let in_use = ps.iter().filter(|p| p.status == "active").count();
        let waiting = ps.iter().filter(|p| p.status == "waiting").count();
        let unit = units.get(&i.unit_id).cloned().unwrap_or_default();
        let tracks: Vec<String> = i.tracks.iter().map(|t| t.word().to_string()).collect();
        add(&mut by_unit, &unit, i.capacity, in_use, waiting);
        for t in &tracks {
            add(&mut by_track, t, i.capacity, in_use, waiting);
        }
        let waited = waits(&mut days);
        rows.push(Row {
            id: i.id,
            name: i.name.clone(),
            unit,
            tracks,
            capacity: i.capacity,
            in_use: count(in_use),
            waiting: count(waiting),
            waits: Cell::of(waited.count, waited),
        });
    }
    rows.sort_by(|a, b| a.unit.cmp(&b.unit).then(a.name.cmp(&b.name)));
    // The timeline: the filter's years, or the last two years.
    let months = f.months(today_copenhagen(now));
    let chosen = chosen.filter(|c| interventions.iter().any(|i| i.id == *c));
    let shown: Vec<&Intervention> = interventions
        .iter()
        .filter(|i| chosen.is_none_or(|c| c == i.id))
        .collect();
    let cap: u64 = shown.iter().map(|i| u64::from(i.capacity)).sum();
    let (mut used, mut queue) = (vec![0; months.len()], vec![0; months.len()]);
    for i in &shown {
        for p in placements.get(&i.id).map(Vec::as_slice).unwrap_or(&[]) {
            for (k, mo) in months.iter().enumerate() {
                let t = end_of_month(*mo).min(now);
                used[k] += usize::from(in_use_at(p, t));
                queue[k] += usize::from(waiting_at(p, t));
            }
        }
    }
    crate::management::service::register::audit_aggregate(state, actor, "capacity").await?;
    Ok(Capacity {
        rows,
        by_unit: shown_sums(by_unit),
        by_track: shown_sums(by_track),
        capacity: vec![cap; months.len()],
        months,
        used: used.into_iter().map(count).collect(),
        queue: queue.into_iter().map(count).collect(),
        chosen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn placement(q: u32, a: Option<u32>, e: Option<u32>) -> CapacityPlacement {
        CapacityPlacement {
            intervention_id: InterventionId::new(),
            unit_id: jobspor_domain::UnitId::new(),
            status: "ended".into(),
            queued_at: at(q),
            activated_at: a.map(at),
            ended_at: e.map(at),
        }
    }

    #[test]
    fn a_placement_waits_then_holds_a_place_then_ends() {
        let p = placement(2, Some(10), Some(20));
        assert!(waiting_at(&p, at(5)) && !in_use_at(&p, at(5)));
        assert!(!waiting_at(&p, at(12)) && in_use_at(&p, at(12)));
        assert!(!waiting_at(&p, at(25)) && !in_use_at(&p, at(25)));
        // Taken off the list without ever getting a place.
        let gone = placement(2, None, Some(8));
        assert!(waiting_at(&gone, at(5)) && !waiting_at(&gone, at(9)));
        assert!(!in_use_at(&gone, at(5)));
    }

    #[test]
    fn waits_have_mean_median_and_longest() {
        let w = waits(&mut [10.0, 0.0, 4.0, 2.0]);
        assert_eq!(w.count, 4);
        assert_eq!(w.mean, Some(4.0));
        assert_eq!(w.median, Some(3.0));
        assert_eq!(w.longest, Some(10.0));
        assert!(waits(&mut []).mean.is_none());
    }
}
