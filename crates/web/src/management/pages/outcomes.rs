//! Outcomes: time on benefit to self-support per group, with the curves,
//! the table, the log-rank test and the export.

use crate::auth::CurrentUser;
use crate::chart::{survival_chart, Curve};
use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::management::pages::{
    chrome, export, filter_form, format_p, group_name, pct, DashQuery, Export, FilterForm,
};
use crate::management::service::outcomes;
use crate::management::service::outcomes::{GroupBy, Outcomes};
use crate::page::{render, Chrome, PageResult, SelectOption};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use jobspor_domain::evaluation::MIN_CELL;

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
#[template(path = "management/templates/mgmt_outcomes.html")]
struct OutcomesPage {
    c: Chrome,
    f: FilterForm,
    chart: String,
    rows: Vec<GroupRow>,
    suppressed: usize,
    min_cell: usize,
    test: Option<String>,
    from_register: usize,
    from_exits: usize,
    export: Export,
    x_curves: Export,
}

fn weeks(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "–".into())
}

fn median_text(g: &outcomes::Group) -> String {
    let Some(km) = &g.km else { return "–".into() };
    let m = km.median();
    if m.value.is_none() {
        // Fewer than half have reached self-support (maybe none: a flat curve).
        return Lang::current().t("median_not_reached").to_string();
    }
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
            label: group_name(Lang::current(), &g.key),
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
    Query(q): Query<DashQuery>,
) -> PageResult {
    let o = outcomes::outcomes(&state, &a.actor, &q.filter()).await?;
    let c = chrome(&a, "outcomes");
    let names: Vec<String> = o
        .groups
        .iter()
        .map(|g| group_name(c.lang, &g.key))
        .collect();
    let curves: Vec<Curve> = o
        .groups
        .iter()
        .zip(&names)
        .filter_map(|(g, name)| {
            g.km.as_ref().map(|k| Curve {
                label: name,
                steps: k.steps.iter().map(|s| (s.time, s.survival)).collect(),
                last: k.last_time,
                band: k
                    .steps
                    .iter()
                    .map_while(|s| Some((s.time, s.lower?, s.upper?)))
                    .collect(),
                censored: k.censored_at.clone(),
            })
        })
        .collect();
    let chart = survival_chart("km", c.t("outcomes_chart_title"), &curves, 156.0);
    let active = GroupBy::parse(&q.gruppe);
    let mut f = filter_form(
        &state,
        &a.actor,
        crate::management::paths::route::outcomes,
        &q,
    )
    .await?;
    f.grouping = GroupBy::ALL
        .iter()
        .map(|g| SelectOption::new(g.code(), c.t(grouping_key(*g)), *g == active))
        .collect();
    let test = o.log_rank.as_ref().map(|t| {
        format!(
            "χ² = {}, df = {}, p = {}",
            crate::i18n::decimal(t.chi2, 2),
            t.df,
            format_p(t.p_value)
        )
    });
    render(&OutcomesPage {
        export: q.exports(&crate::management::paths::outcomes_export(), "grupper"),
        x_curves: q.exports(&crate::management::paths::outcomes_export(), "kurver"),
        rows: rows(&o),
        c,
        f,
        chart,
        suppressed: o.suppressed,
        min_cell: MIN_CELL,
        test,
        from_register: o.from_register,
        from_exits: o.from_exits,
    })
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

fn groups_table(o: &Outcomes) -> Table {
    Table {
        headers: crate::export::headers(&[
            "group",
            "citizens",
            "median_weeks",
            "ci_lower",
            "ci_upper",
            "rmst_weeks",
            "self_support_6",
            "self_support_12",
            "self_support_24",
        ]),
        rows: o
            .groups
            .iter()
            .map(|g| {
                let num = |v: Option<f64>| v.map(Cell::Number).unwrap_or(Cell::Empty);
                let m = g.km.as_ref().map(|k| k.median());
                vec![
                    Cell::Text(group_name(Lang::current(), &g.key)),
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
    }
}

/// The curves' data: every step of every group's curve, with its band.
fn curves_table(o: &Outcomes) -> Table {
    let num = |v: Option<f64>| v.map(Cell::Number).unwrap_or(Cell::Empty);
    let mut rows = Vec::new();
    for g in &o.groups {
        let Some(km) = &g.km else { continue };
        for s in &km.steps {
            rows.push(vec![
                Cell::Text(group_name(Lang::current(), &g.key)),
                Cell::Number(s.time),
                Cell::Number(s.at_risk as f64),
                Cell::Number(s.events as f64),
                Cell::Number(s.censored as f64),
                Cell::Number(s.survival),
                num(s.lower),
                num(s.upper),
            ]);
        }
    }
    Table {
        headers: crate::export::headers(&[
            "group",
            "week",
            "at_risk",
            "events",
            "censored",
            "share_on_benefit",
            "ci_lower",
            "ci_upper",
        ]),
        rows,
    }
}

pub async fn outcomes_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
) -> PageResult {
    let o = outcomes::outcomes(&state, &a.actor, &q.filter()).await?;
    Ok(match q.tabel.as_str() {
        "kurver" => export(&q, &curves_table(&o), "resultater-kurver")?,
        _ => export(&q, &groups_table(&o), "resultater")?,
    })
}
