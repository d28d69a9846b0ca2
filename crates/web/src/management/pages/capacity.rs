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
    pub in_use: usize,
    pub waiting: usize,
    pub waited: usize,
    pub mean: String,
    pub median: String,
    pub longest: String,
}

/// Places in use, capacity and the waiting list in one month.
pub struct MonthRow {
    pub month: String,
    pub in_use: usize,
    pub capacity: u64,
    pub waiting: usize,
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
    let as_f = |v: &[usize]| v.iter().map(|n| Some(*n as f64)).collect();
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
            .map(|r| Row {
                name: r.name.clone(),
                unit: r.unit.clone(),
                tracks: r.tracks.join(", "),
                capacity: r.capacity,
                in_use: r.in_use,
                waiting: r.waiting,
                waited: r.waits.count,
                mean: days(r.waits.mean),
                median: days(r.waits.median),
                longest: days(r.waits.longest),
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
                    Cell::Number(x.in_use as f64),
                    Cell::Number(x.waiting as f64),
                ]
            })
            .collect(),
    }
}

fn table(cap: &Capacity, which: &str) -> Table {
    let num = |v: Option<f64>| v.map(Cell::Number).unwrap_or(Cell::Empty);
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
                        Cell::Number(cap.used[k] as f64),
                        Cell::Number(cap.capacity[k] as f64),
                        Cell::Number(cap.queue[k] as f64),
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
                        Cell::Number(r.in_use as f64),
                        Cell::Number(r.waiting as f64),
                        Cell::Number(r.waits.count as f64),
                        num(r.waits.mean),
                        num(r.waits.median),
                        num(r.waits.longest),
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
