//! What the caseworker's and the provider's progression pages both show for
//! a goal: the chart, the data table beside it, due date and flags.

use crate::chart::{line_chart, Line};
use crate::i18n::Word;
use crate::page::{Chrome, SelectOption};
use crate::progression::service::{GoalView, PlacementView};
use jobspor_domain::progression::Point;
use std::collections::BTreeMap;

pub struct DataRow {
    pub date: String,
    pub citizen: String,
    pub provider: String,
}

pub struct GoalCard {
    pub id: String,
    pub question: String,
    pub style: &'static str,
    pub chart: String,
    pub rows: Vec<DataRow>,
    pub due: String,
    pub overdue: bool,
    pub flags: Vec<String>,
    pub change_citizen: String,
    pub change_provider: String,
    pub low: i8,
    pub high: i8,
    pub gas_levels: Vec<String>,
    pub open: bool,
    /// The provider's own ratings that can be corrected: (id, label).
    pub correctable: Vec<SelectOption>,
}

pub struct PlacementCard {
    pub id: String,
    /// Where this placement's progression forms post to.
    pub base: String,
    pub intervention: String,
    pub goal: String,
    pub period: String,
    pub open: bool,
    pub goals: Vec<GoalCard>,
    pub decisions: Vec<String>,
}

fn signed(v: Option<i8>) -> String {
    v.map(|c| format!("{c:+}")).unwrap_or_else(|| "–".into())
}

/// The data table: one row per date, the citizen's and the provider's values.
pub fn data_rows(series: &[(&[Point], usize)]) -> Vec<DataRow> {
    let mut by_day: BTreeMap<chrono::NaiveDate, [String; 2]> = BTreeMap::new();
    for (points, col) in series {
        for p in points.iter() {
            let cell = by_day
                .entry(p.on)
                .or_insert_with(|| ["–".into(), "–".into()]);
            cell[*col] = p.value.to_string();
        }
    }
    by_day
        .into_iter()
        .map(|(d, [c, p])| DataRow {
            date: crate::i18n::date(d),
            citizen: c,
            provider: p,
        })
        .collect()
}

pub fn goal_card(g: &GoalView, c: &Chrome, today: chrono::NaiveDate, open: bool) -> GoalCard {
    let (low, high) = g.goal.style.range();
    let citizen_label = c.t("citizen_rating");
    let provider_label = c.t("provider_rating");
    GoalCard {
        id: g.goal.id.to_string(),
        question: g.goal.question.clone(),
        style: g.goal.style.word(),
        chart: line_chart(
            &format!("chart-{}", g.goal.id),
            &g.goal.question,
            &[
                Line {
                    label: citizen_label,
                    points: &g.citizen,
                    style: 0,
                },
                Line {
                    label: provider_label,
                    points: &g.provider,
                    style: 1,
                },
            ],
            low,
            high,
        ),
        rows: data_rows(&[(&g.citizen, 0), (&g.provider, 1)]),
        due: crate::i18n::date(g.due),
        overdue: g.due < today && open,
        flags: g
            .flags
            .iter()
            .map(|f| crate::i18n::words::flag(crate::i18n::Lang::current(), f))
            .collect(),
        change_citizen: signed(GoalView::change(&g.citizen)),
        change_provider: signed(GoalView::change(&g.provider)),
        low,
        high,
        gas_levels: g.goal.level_lines(),
        open: open && g.goal.ended_at.is_none(),
        correctable: {
            let corrected: std::collections::HashSet<_> =
                g.entries.iter().filter_map(|m| m.corrects).collect();
            g.entries
                .iter()
                .filter(|m| {
                    m.rater == jobspor_domain::progression::Rater::Provider
                        && !m.baseline
                        && !corrected.contains(&m.id)
                })
                .map(|m| {
                    SelectOption::new(
                        m.id.to_string(),
                        format!("{}: {}", crate::i18n::date(m.measured_on), m.value),
                        false,
                    )
                })
                .collect()
        },
    }
}

pub fn placement_card(
    v: &PlacementView,
    c: &Chrome,
    today: chrono::NaiveDate,
    base: String,
) -> PlacementCard {
    let p = &v.placement;
    let open = p.status == jobspor_domain::plan::PlacementStatus::Active;
    PlacementCard {
        id: p.id.to_string(),
        base,
        intervention: v.intervention_name.clone(),
        goal: p.goal.clone(),
        period: format!(
            "{} – {}",
            crate::i18n::date(p.period.from),
            crate::i18n::date(p.period.to)
        ),
        open,
        goals: v
            .goals
            .iter()
            .map(|g| goal_card(g, c, today, open))
            .collect(),
        decisions: v
            .decisions
            .iter()
            .map(|d| {
                format!(
                    "{}: {}{}",
                    crate::i18n::datetime(d.decided_at),
                    d.decision.word(),
                    if d.reason.is_empty() {
                        String::new()
                    } else {
                        format!(" – {}", d.reason)
                    }
                )
            })
            .collect(),
    }
}
