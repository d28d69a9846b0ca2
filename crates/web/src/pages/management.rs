//! Ledelse: the manager's dashboards and the register import. Aggregates
//! only; groups under the minimum size never show.

use super::{read_upload, render, Chrome, PageResult};
use crate::auth::CurrentUser;
use crate::chart::{survival_chart, Curve};
use crate::export::{download, Cell, Table};
use crate::service::outcomes::{self, Filter, GroupBy, Outcomes};
use crate::service::register::{self, ImportReport};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Extensions;
use axum::response::IntoResponse;
use jobspor_domain::evaluation::MIN_CELL;
use jobspor_domain::time::format_datetime;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct OutcomeQuery {
    #[serde(default)]
    gruppe: String,
    #[serde(default)]
    fra: String,
    #[serde(default)]
    til: String,
    #[serde(default)]
    maalgruppe: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    modelstart: String,
}

impl OutcomeQuery {
    fn filter(&self) -> Filter {
        let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        Filter {
            group_by: GroupBy::parse(&self.gruppe),
            model_start: jobspor_domain::time::parse_date(&self.modelstart),
            from_year: self.fra.trim().parse().ok(),
            to_year: self.til.trim().parse().ok(),
            target_group: non_empty(&self.maalgruppe),
            team: non_empty(&self.team),
        }
    }

    fn query_string(&self) -> String {
        serde_urlencoded::to_string([
            ("gruppe", self.gruppe.as_str()),
            ("fra", &self.fra),
            ("til", &self.til),
            ("maalgruppe", &self.maalgruppe),
            ("team", &self.team),
            ("modelstart", &self.modelstart),
        ])
        .unwrap_or_default()
    }
}

pub struct GroupRow {
    pub label: String,
    pub citizens: usize,
    pub median: String,
    pub rmst: String,
    pub share6: String,
    pub share12: String,
    pub share24: String,
    pub note: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "mgmt_outcomes.html")]
struct OutcomesPage {
    c: Chrome,
    q: OutcomeQuery,
    groupings: Vec<(&'static str, &'static str, bool)>,
    chart: String,
    rows: Vec<GroupRow>,
    suppressed: usize,
    min_cell: usize,
    test: Option<String>,
    from_register: usize,
    from_exits: usize,
    csv_link: String,
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.1} %", v * 100.0).replace('.', ","))
        .unwrap_or_else(|| "–".into())
}

fn weeks(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "–".into())
}

fn median_text(g: &outcomes::Group) -> String {
    let Some(km) = &g.km else { return "–".into() };
    let m = km.median();
    format!("{} ({}–{})", weeks(m.value), weeks(m.lower), weeks(m.upper))
}

/// Restricted mean to two years (104 weeks), or to the end of observation.
fn rmst(g: &outcomes::Group) -> Option<f64> {
    g.km.as_ref()
        .map(|k| k.restricted_mean(Some(104.0f64.min(k.last_time))))
}

fn rows(o: &Outcomes) -> Vec<GroupRow> {
    o.groups
        .iter()
        .map(|g| GroupRow {
            label: g.label.clone(),
            citizens: g.citizens,
            median: median_text(g),
            rmst: weeks(rmst(g)),
            share6: pct(g.share_at_months(6.0)),
            share12: pct(g.share_at_months(12.0)),
            share24: pct(g.share_at_months(24.0)),
            note: g.note.as_ref().map(|_| "not_enough_data"),
        })
        .collect()
}

pub async fn outcomes_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<OutcomeQuery>,
) -> PageResult {
    let o = outcomes::outcomes(&state, &a.actor, &q.filter()).await?;
    let c = Chrome::new(Some(&a), "outcomes", "management");
    let curves: Vec<Curve> = o
        .groups
        .iter()
        .filter_map(|g| {
            g.km.as_ref().map(|k| Curve {
                label: &g.label,
                steps: k.steps.iter().map(|s| (s.time, s.survival)).collect(),
                last: k.last_time,
            })
        })
        .collect();
    let chart = survival_chart("km", c.t("outcomes_chart_title"), &curves, 156.0);
    let active = GroupBy::parse(&q.gruppe);
    let groupings = GroupBy::ALL
        .iter()
        .map(|g| (g.code(), grouping_key(*g), *g == active))
        .collect();
    let test = o.log_rank.as_ref().map(|t| {
        format!(
            "χ² = {:.2}, df = {}, p = {}",
            t.chi2,
            t.df,
            format_p(t.p_value)
        )
        .replace('.', ",")
    });
    render(&OutcomesPage {
        csv_link: format!("/ledelse/resultater.csv?{}", q.query_string()),
        rows: rows(&o),
        c,
        q,
        groupings,
        chart,
        suppressed: o.suppressed,
        min_cell: MIN_CELL,
        test,
        from_register: o.from_register,
        from_exits: o.from_exits,
    })
}

fn format_p(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

fn grouping_key(g: GroupBy) -> &'static str {
    match g {
        GroupBy::Model => "group_model",
        GroupBy::StartYear => "group_year",
        GroupBy::TargetGroup => "target_group",
        GroupBy::RiskClass => "risk_class",
        GroupBy::Track => "group_track",
        GroupBy::Intervention => "intervention",
    }
}

pub async fn outcomes_csv(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<OutcomeQuery>,
) -> PageResult {
    let o = outcomes::outcomes(&state, &a.actor, &q.filter()).await?;
    let table = Table {
        headers: [
            "gruppe",
            "borgere",
            "median_uger",
            "median_nedre",
            "median_oevre",
            "rmst_uger",
            "andel_6_mdr",
            "andel_12_mdr",
            "andel_24_mdr",
        ]
        .map(String::from)
        .to_vec(),
        rows: o
            .groups
            .iter()
            .map(|g| {
                let num = |v: Option<f64>| v.map(Cell::Number).unwrap_or(Cell::Empty);
                let m = g.km.as_ref().map(|k| k.median());
                vec![
                    Cell::Text(g.label.clone()),
                    Cell::Number(g.citizens as f64),
                    num(m.and_then(|m| m.value)),
                    num(m.and_then(|m| m.lower)),
                    num(m.and_then(|m| m.upper)),
                    num(rmst(g)),
                    num(g.share_at_months(6.0)),
                    num(g.share_at_months(12.0)),
                    num(g.share_at_months(24.0)),
                ]
            })
            .collect(),
    };
    Ok(download(
        "text/csv; charset=utf-8",
        "resultater.csv",
        table.to_csv().into_bytes(),
    ))
}

pub struct ImportRow {
    pub file: String,
    pub lines: i64,
    pub added: i64,
    pub extended: i64,
    pub unchanged: i64,
    pub by: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "mgmt_register.html")]
struct RegisterPage {
    c: Chrome,
    report: Option<ImportReport>,
    imports: Vec<ImportRow>,
}

async fn register_page(
    state: &AppState,
    a: &crate::auth::Authed,
    report: Option<ImportReport>,
) -> PageResult {
    register::require_manager(&a.actor)?;
    let imports = state
        .store
        .register_imports(a.actor.municipality_id, 20)
        .await?
        .into_iter()
        .map(|r| ImportRow {
            file: r.file_name,
            lines: r.lines,
            added: r.added,
            extended: r.extended,
            unchanged: r.unchanged,
            by: r.by_name,
            at: format_datetime(r.at),
        })
        .collect();
    render(&RegisterPage {
        c: Chrome::new(Some(a), "register", "management"),
        report,
        imports,
    })
}

pub async fn register_form(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
) -> PageResult {
    register_page(&state, &a, None).await
}

async fn upload(
    state: AppState,
    a: crate::auth::Authed,
    ext: Extensions,
    mp: axum::extract::Multipart,
    dry_run: bool,
) -> PageResult {
    register::require_manager(&a.actor)?;
    let report = match read_upload(&a, &ext, mp).await? {
        Some((name, _, bytes)) => {
            register::import(&state, &a.actor, &name, &bytes, dry_run).await?
        }
        None => ImportReport {
            errors: vec![jobspor_domain::evaluation::register::LineError {
                line: 0,
                message: jobspor_domain::message::Message::new("Vælg en fil", "Choose a file"),
            }],
            ..Default::default()
        },
    };
    let status = if report.errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = register_page(&state, &a, Some(report)).await?;
    Ok((status, page).into_response())
}

pub async fn register_dry_run(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    ext: Extensions,
    mp: axum::extract::Multipart,
) -> PageResult {
    upload(state, a, ext, mp, true).await
}

pub async fn register_import(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    ext: Extensions,
    mp: axum::extract::Multipart,
) -> PageResult {
    upload(state, a, ext, mp, false).await
}
