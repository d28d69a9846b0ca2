//! Screeningens træfsikkerhed: AUC and calibration per questionnaire version.

use crate::auth::CurrentUser;
use crate::export::{Cell, Table};
use crate::management::pages::{chrome, export, filter_form, pct, DashQuery, Export, FilterForm};
use crate::management::service::validity;
use crate::management::service::validity::{Version, LEVELS};
use crate::page::{render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use jobspor_domain::evaluation::MIN_CELL;

pub struct PredictorView {
    pub kind: &'static str,
    pub auc: Option<String>,
    pub levels: Vec<LevelRow>,
}

/// One risk level of the calibration table.
pub struct LevelRow {
    /// The level's text key.
    pub level: &'static str,
    pub citizens: String,
    pub long_share: String,
}

pub struct VersionView {
    pub questionnaire: String,
    pub predictors: Vec<PredictorView>,
}

#[derive(Template)]
#[template(path = "management/templates/mgmt_screening.html")]
struct ScreeningPage {
    c: Chrome,
    f: FilterForm,
    versions: Vec<VersionView>,
    min_cell: usize,
    x: Export,
}

fn level_key(level: u8) -> &'static str {
    match LEVELS.get(level as usize) {
        Some(&"low") => "risk_low",
        Some(&"moderate") => "risk_moderate",
        _ => "risk_high",
    }
}

/// The AUC with both 95% intervals, DeLong's first.
fn auc_text(lang: crate::i18n::Lang, a: &jobspor_domain::evaluation::screening::Auc) -> String {
    let two = |v: f64| crate::i18n::decimal(v, 2);
    lang.fill(
        "auc_with_intervals",
        &[
            ("auc", &two(a.auc)),
            (
                "delong",
                &format!("{}–{}", two(a.delong_lower), two(a.delong_upper)),
            ),
            ("hanley", &format!("{}–{}", two(a.lower), two(a.upper))),
        ],
    )
}

pub async fn screening_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
) -> PageResult {
    let versions = validity::validity(&state, &a.actor, &q.filter()).await?;
    let f = filter_form(
        &state,
        &a.actor,
        crate::management::paths::route::screening,
        &q,
    )
    .await?;
    let c = chrome(&a, "screening_validity");
    let lang = c.lang;
    render(&ScreeningPage {
        c,
        f,
        versions: versions
            .iter()
            .map(|v| VersionView {
                questionnaire: v.questionnaire.clone(),
                predictors: v
                    .predictors
                    .iter()
                    .map(|p| PredictorView {
                        kind: if p.kind == "suggested" {
                            "predictor_screening"
                        } else {
                            "predictor_caseworker"
                        },
                        auc: p.auc.as_ref().ok().map(|a| auc_text(lang, a)),
                        levels: p
                            .calibration
                            .iter()
                            .map(|r| LevelRow {
                                level: level_key(r.level),
                                citizens: r.citizens.to_string(),
                                long_share: pct(r.long_share.value()),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        min_cell: MIN_CELL,
        x: q.exports(&crate::management::paths::screening_export(), "validitet"),
    })
}

fn table(versions: &[Version]) -> Table {
    let mut rows = Vec::new();
    for v in versions {
        for p in &v.predictors {
            let figures: Vec<Cell> = match &p.auc {
                Ok(a) => [a.auc, a.delong_lower, a.delong_upper, a.lower, a.upper]
                    .map(Cell::Number)
                    .to_vec(),
                Err(_) => vec![Cell::Empty; 5],
            };
            for r in &p.calibration {
                rows.push(vec![
                    Cell::Text(v.questionnaire.clone()),
                    Cell::Text(p.kind.into()),
                    Cell::Text(LEVELS.get(r.level as usize).copied().unwrap_or("").into()),
                    r.citizens.into(),
                    r.long_share.map(Some).into(),
                ]);
                if let Some(row) = rows.last_mut() {
                    row.extend(figures.iter().cloned());
                }
            }
        }
    }
    Table {
        headers: crate::export::headers(&[
            "questionnaire",
            "prediction",
            "risk_class",
            "citizens",
            "share_long",
            "auc",
            "delong_lower",
            "delong_upper",
            "hanley_mcneil_lower",
            "hanley_mcneil_upper",
        ]),
        rows,
    }
}

pub async fn screening_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
) -> PageResult {
    let versions = validity::validity(&state, &a.actor, &q.filter()).await?;
    Ok(export(&q, &table(&versions), "screening-validitet")?)
}
