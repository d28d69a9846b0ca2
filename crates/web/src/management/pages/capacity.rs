//! Kapacitet: places in use against capacity, waiting lists and waiting
//! times, per intervention, unit and track.

use crate::auth::CurrentUser;
use crate::chart::{series_chart, Series};
use crate::export::{Cell, Table};
use crate::management::pages::{chrome, dec1, export, filter_form, DashQuery, Export, FilterForm};
use crate::management::service::capacity;
use crate::management::service::capacity::{Capacity, Sum};
use crate::page::{render, Chrome, PageResult, SelectOption};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use jobspor_domain::evaluation::{Cell as EvalCell, SUPPRESSED};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Chosen {
    #[serde(default)]
    indsats: String,
}

pub struct Row {
    pub name: String,
    pub unit: String,
    pub tracks: String,
    pub capacity: u32,
    pub in_use: EvalCell<usize>,
    pub waiting: EvalCell<usize>,
    pub waited: EvalCell<usize>,
    pub mean: String,
    pub median: String,
    pub longest: String,
}

/// Places in use, capacity and the waiting list in one month.
pub struct MonthRow {
    pub month: String,
    pub in_use: EvalCell<usize>,
    pub capacity: u64,
    pub waiting: EvalCell<usize>,
}

#[derive(Template)]
#[template(path = "management/templates/mgmt_capacity.html")]
struct CapacityPage {
    c: Chrome,
    f: FilterForm,
    options: Vec<SelectOption>,
    rows: Vec<Row>,
    by_unit: Vec<Sum>,
    by_track: Vec<Sum>,
    chart: String,
    timeline: Vec<MonthRow>,
    x_rows: Export,
    x_units: Export,
    x_tracks: Export,
    x_timeline: Export,
}

fn days(v: Option<f64>) -> String {
    dec1(v)
}

fn month(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

pub async fn capacity_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(ch): Query<Chosen>,
) -> PageResult {
    let c = chrome(&a, "capacity_dashboard");
    let cap = capacity::capacity(&state, &a.actor, &q.filter(), ch.indsats.parse().ok()).await?;
    let f = filter_form(
        &state,
        &a.actor,
        crate::management::paths::route::capacity,
        &q,
    )
    .await?;
    let periods: Vec<String> = cap.months.iter().map(|m| month(*m)).collect();
    // A suppressed month is a gap in its line.
    let as_f = |v: &[EvalCell<usize>]| v.iter().map(|n| n.value().map(|n| n as f64)).collect();
    let chart = series_chart(
        "cap",
        c.t("capacity_over_time"),
        &periods,
        &[
            Series {
                label: c.t("places_in_use"),
                values: as_f(&cap.used),
            },
            Series {
                label: c.t("capacity"),
                values: cap.capacity.iter().map(|n| Some(*n as f64)).collect(),
            },
            Series {
                label: c.t("waiting_list"),
                values: as_f(&cap.queue),
            },
        ],
    );
    let chosen = cap.chosen.map(|i| i.to_string()).unwrap_or_default();
    let path = "/ledelse/kapacitet/eksport";
    render(&CapacityPage {
        options: cap
            .rows
            .iter()
            .map(|r| SelectOption::new(r.id.to_string(), r.name.clone(), cap.chosen == Some(r.id)))
            .collect(),
        rows: cap
            .rows
            .iter()
            .map(|r| {
                let waited = |f: fn(&capacity::Waits) -> Option<f64>| match &r.waits {
                    EvalCell::Shown(w) => days(f(w)),
                    EvalCell::Suppressed => SUPPRESSED.to_string(),
                };
                Row {
                    name: r.name.clone(),
                    unit: r.unit.clone(),
                    tracks: r.tracks.join(", "),
                    capacity: r.capacity,
                    in_use: r.in_use,
                    waiting: r.waiting,
                    waited: match &r.waits {
                        EvalCell::Shown(w) => EvalCell::Shown(w.count),
                        EvalCell::Suppressed => EvalCell::Suppressed,
                    },
                    mean: waited(|w| w.mean),
                    median: waited(|w| w.median),
                    longest: waited(|w| w.longest),
                }
            })
            .collect(),
        timeline: periods
            .into_iter()
            .enumerate()
            .map(|(k, month)| MonthRow {
                month,
                in_use: cap.used[k],
                capacity: cap.capacity[k],
                waiting: cap.queue[k],
            })
            .collect(),
        by_unit: cap.by_unit,
        by_track: cap.by_track,
        chart,
        x_rows: q.exports(path, "indsatser"),
        x_units: q.exports(path, "enheder"),
        x_tracks: q.exports(path, "spor"),
        x_timeline: q.exports_with(path, "udvikling", &[("indsats", &chosen)]),
        c,
        f,
    })
}

fn sums(label: &str, s: &[Sum]) -> Table {
    Table {
        headers: crate::export::headers(&[
            label,
            "interventions",
            "capacity",
            "places_in_use",
            "waiting_list",
        ]),
        rows: s
            .iter()
            .map(|x| {
                vec![
                    Cell::Text(x.label.clone()),
                    Cell::Number(x.interventions as f64),
                    Cell::Number(x.capacity as f64),
                    x.in_use.into(),
                    x.waiting.into(),
                ]
            })
            .collect(),
    }
}

fn table(cap: &Capacity, which: &str) -> Table {
    // A waiting time is a figure about those who waited: suppressed with them.
    let waited = |r: &capacity::Row, f: fn(&capacity::Waits) -> Option<f64>| -> Cell {
        match &r.waits {
            EvalCell::Shown(w) => EvalCell::Shown(f(w)).into(),
            EvalCell::Suppressed => Cell::Suppressed,
        }
    };
    match which {
        "enheder" => sums("unit", &cap.by_unit),
        "spor" => sums("track", &cap.by_track),
        "udvikling" => Table {
            headers: crate::export::headers(&[
                "month",
                "places_in_use",
                "capacity",
                "waiting_list",
            ]),
            rows: cap
                .months
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    vec![
                        Cell::Text(month(*m)),
                        cap.used[k].into(),
                        Cell::Number(cap.capacity[k] as f64),
                        cap.queue[k].into(),
                    ]
                })
                .collect(),
        },
        _ => Table {
            headers: crate::export::headers(&[
                "intervention",
                "unit",
                "track",
                "capacity",
                "places_in_use",
                "waiting_list",
                "got_a_place",
                "wait_mean_days",
                "wait_median_days",
                "wait_longest_days",
            ]),
            rows: cap
                .rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.name.clone()),
                        Cell::Text(r.unit.clone()),
                        Cell::Text(r.tracks.join(", ")),
                        Cell::Number(f64::from(r.capacity)),
                        r.in_use.into(),
                        r.waiting.into(),
                        match &r.waits {
                            EvalCell::Shown(w) => Cell::Number(w.count as f64),
                            EvalCell::Suppressed => Cell::Suppressed,
                        },
                        waited(r, |w| w.mean),
                        waited(r, |w| w.median),
                        waited(r, |w| w.longest),
                    ]
                })
                .collect(),
        },
    }
}

pub async fn capacity_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(ch): Query<Chosen>,
) -> PageResult {
    let cap = capacity::capacity(&state, &a.actor, &q.filter(), ch.indsats.parse().ok()).await?;
    let name = match q.tabel.as_str() {
        "enheder" | "spor" | "udvikling" => q.tabel.as_str(),
        _ => "indsatser",
    };
    Ok(export(
        &q,
        &table(&cap, name),
        &format!("kapacitet-{name}"),
    )?)
}
