//! Hvad virker for hvem: the matrix of interventions by profile, and the
//! Cox model adjusted for target group, age band and risk class.

use crate::auth::CurrentUser;
use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::management::pages::{
    chrome, dec1, export, filter_form, format_p, group_label, pct, risk_label, track_label,
    DashQuery, Export, FilterForm,
};
use crate::management::service::works;
use crate::management::service::works::{Matrix, Profile, UNSCREENED};
use crate::page::{render, Chrome, PageResult, SelectOption};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use jobspor_domain::evaluation::cox::Coefficient;
use jobspor_domain::evaluation::{Cell as EvalCell, MIN_CELL};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ProfileChoice {
    #[serde(default)]
    profil: String,
}

pub struct CellView {
    pub suppressed: bool,
    pub citizens: usize,
    pub citizen_change: String,
    pub provider_change: String,
    pub share_12: String,
    pub hr: String,
}

pub struct CoxRow {
    pub name: String,
    pub hr: String,
    pub p: String,
}

#[derive(Template)]
#[template(path = "management/templates/mgmt_works.html")]
struct WorksPage {
    c: Chrome,
    f: FilterForm,
    profiles: Vec<SelectOption>,
    columns: Vec<String>,
    rows: Vec<(String, Vec<CellView>)>,
    cox: Vec<CoxRow>,
    cox_note: Option<&'static str>,
    dropped: String,
    min_cell: usize,
    x_matrix: Export,
    x_cox: Export,
}

fn signed(v: Option<f64>) -> String {
    match v {
        Some(v) if v > 0.0 => format!("+{}", dec1(Some(v))),
        other => dec1(other),
    }
}

/// A coefficient that ran off towards ±∞ (no one, or everyone first, left
/// benefit in its group) in words, since its figures mean nothing.
fn infinite_text(lang: Lang, c: &Coefficient) -> Option<&'static str> {
    c.infinite.then(|| {
        lang.t(if c.beta < 0.0 {
            "hazard_ratio_toward_zero"
        } else {
            "hazard_ratio_toward_infinity"
        })
    })
}

fn hr_text(lang: Lang, c: &Coefficient) -> String {
    if let Some(words) = infinite_text(lang, c) {
        return words.to_string();
    }
    let two = |v: f64| crate::i18n::decimal(v, 2);
    format!(
        "{} ({}–{})",
        two(c.hazard_ratio),
        two(c.lower),
        two(c.upper)
    )
}

fn profile_key(p: Profile) -> &'static str {
    match p {
        Profile::TargetGroup => "target_group",
        Profile::RiskClass => "risk_class",
        Profile::Track => "track",
        Profile::AgeBand => "age_band",
    }
}

pub async fn works_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(choice): Query<ProfileChoice>,
) -> PageResult {
    let profile = Profile::parse(&choice.profil);
    let m = works::matrix(&state, &a.actor, &q.filter(), profile).await?;
    let c = chrome(&a, "what_works");
    let f = filter_form(
        &state,
        &a.actor,
        crate::management::paths::route::what_works,
        &q,
    )
    .await?;
    let columns = m
        .profiles
        .iter()
        .map(|p| profile_value(c.lang, profile, p))
        .collect();
    let rows = m
        .rows
        .iter()
        .map(|(name, cells)| {
            (
                name.clone(),
                cells
                    .iter()
                    .map(|x| match x {
                        EvalCell::Shown(x) => CellView {
                            suppressed: false,
                            citizens: x.citizens,
                            citizen_change: signed(x.citizen_change),
                            provider_change: signed(x.provider_change),
                            share_12: pct(x.share_12),
                            hr: x
                                .hazard_ratio
                                .as_ref()
                                .map(|h| hr_text(c.lang, h))
                                .unwrap_or_else(|| "–".into()),
                        },
                        EvalCell::Suppressed => CellView {
                            suppressed: true,
                            citizens: 0,
                            citizen_change: String::new(),
                            provider_change: String::new(),
                            share_12: String::new(),
                            hr: String::new(),
                        },
                    })
                    .collect(),
            )
        })
        .collect();
    let (cox, cox_note, dropped) = match &m.adjusted {
        Ok(fit) => (
            fit.coefficients
                .iter()
                .map(|k| CoxRow {
                    name: k.name.clone(),
                    hr: hr_text(c.lang, k),
                    p: if k.infinite {
                        "–".into()
                    } else {
                        format_p(k.p_value)
                    },
                })
                .collect(),
            None,
            fit.dropped.join(", "),
        ),
        Err(jobspor_domain::evaluation::EvalError::NotEstimable) => {
            (Vec::new(), Some("not_estimable"), String::new())
        }
        Err(_) => (Vec::new(), Some("not_enough_data"), String::new()),
    };
    let path = "/ledelse/hvad-virker/eksport";
    render(&WorksPage {
        profiles: Profile::ALL
            .iter()
            .map(|p| SelectOption::new(p.code(), c.t(profile_key(*p)), *p == profile))
            .collect(),
        columns,
        rows,
        cox,
        cox_note,
        dropped,
        min_cell: MIN_CELL,
        x_matrix: q.exports_with(path, "matrix", &[("profil", profile.code())]),
        x_cox: q.exports(path, "cox"),
        c,
        f,
    })
}

/// A profile's value in the reader's language: a target group, risk class
/// or track by its name; an age band as it is.
fn profile_value(lang: Lang, profile: Profile, value: &str) -> String {
    match profile {
        Profile::TargetGroup => group_label(lang, value),
        Profile::RiskClass if value == UNSCREENED => lang.t("unscreened").to_string(),
        Profile::RiskClass => risk_label(lang, value),
        Profile::Track => track_label(lang, value),
        Profile::AgeBand => value.to_string(),
    }
}

fn matrix_table(m: &Matrix, profile: Profile) -> Table {
    let num = |v: Option<f64>| v.map(Cell::Number).unwrap_or(Cell::Empty);
    let mut rows = Vec::new();
    for (name, cells) in &m.rows {
        for (p, x) in m.profiles.iter().zip(cells) {
            let p = profile_value(Lang::current(), profile, p);
            let EvalCell::Shown(x) = x else {
                // The count and every figure computed from the group.
                let mut row = vec![Cell::Text(name.clone()), Cell::Text(p.clone())];
                row.resize(9, Cell::Suppressed);
                rows.push(row);
                continue;
            };
            let hr = x.hazard_ratio.as_ref().filter(|h| !h.infinite);
            let words = x
                .hazard_ratio
                .as_ref()
                .and_then(|h| infinite_text(Lang::current(), h));
            rows.push(vec![
                Cell::Text(name.clone()),
                Cell::Text(p.clone()),
                Cell::Number(x.citizens as f64),
                num(x.citizen_change),
                num(x.provider_change),
                num(x.share_12),
                words.map_or_else(
                    || num(hr.map(|h| h.hazard_ratio)),
                    |w| Cell::Text(w.to_string()),
                ),
                num(hr.map(|h| h.lower)),
                num(hr.map(|h| h.upper)),
            ]);
        }
    }
    Table {
        headers: crate::export::headers(&[
            "intervention",
            "profile",
            "citizens",
            "change_citizen",
            "change_provider",
            "self_support_12",
            "hazard_ratio",
            "ci_lower",
            "ci_upper",
        ]),
        rows,
    }
}

fn cox_table(m: &Matrix) -> Table {
    Table {
        headers: crate::export::headers(&[
            "variable",
            "hazard_ratio",
            "ci_lower",
            "ci_upper",
            "p_value",
        ]),
        rows: m
            .adjusted
            .as_ref()
            .map(|fit| {
                fit.coefficients
                    .iter()
                    .map(|k| match infinite_text(Lang::current(), k) {
                        Some(words) => vec![
                            Cell::Text(k.name.clone()),
                            Cell::Text(words.to_string()),
                            Cell::Empty,
                            Cell::Empty,
                            Cell::Empty,
                        ],
                        None => vec![
                            Cell::Text(k.name.clone()),
                            Cell::Number(k.hazard_ratio),
                            Cell::Number(k.lower),
                            Cell::Number(k.upper),
                            Cell::Number(k.p_value),
                        ],
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub async fn works_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(choice): Query<ProfileChoice>,
) -> PageResult {
    let profile = Profile::parse(&choice.profil);
    let m = works::matrix(&state, &a.actor, &q.filter(), profile).await?;
    Ok(match q.tabel.as_str() {
        "cox" => export(&q, &cox_table(&m), "hvad-virker-cox")?,
        _ => export(&q, &matrix_table(&m, profile), "hvad-virker")?,
    })
}
