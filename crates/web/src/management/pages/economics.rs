//! Økonomi: the memo's table (saved support, investment, net gain per year
//! and in total) under a chosen baseline, a chart, the sensitivity to the
//! baseline, and the inputs: investments, weekly rates, comparison curves.

use crate::auth::CurrentUser;
use crate::chart::{series_chart, Series};
use crate::export::{Cell, Table};
use crate::i18n::Word;
use crate::management::pages::{
    chrome, export, filter_form, group_label, DashQuery, Export, FilterForm,
};
use crate::management::service::economics;
use crate::management::service::economics::{Baseline, Economics, Scenario};
use crate::page::said;
use crate::page::{render_status, Chrome, PageResult, SelectOption};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::Datelike;
use jobspor_domain::catalogue::format_kroner;
use jobspor_domain::evaluation::economics::{format_mio, Category, EconomicsTable};
use jobspor_domain::evaluation::prevalence::{Uncertainty, REPLICATES};
use jobspor_domain::evaluation::rates::parse_year;
use jobspor_domain::message::Message;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Choice {
    #[serde(default)]
    grundlag: String,
    /// The year whose weekly rates the rates form shows.
    #[serde(default)]
    satsaar: String,
}

/// A year's rates as typed in the form: (benefit code, amount) pairs.
pub struct Typed {
    pub year: i32,
    pub amounts: Vec<(String, String)>,
}

/// The benefits the rates form always offers (the register's usual codes);
/// any other benefit with a rate is offered too.
const BENEFITS: [&str; 8] = [
    "kontanthjaelp",
    "sygedagpenge",
    "integrationsydelse",
    "dagpenge",
    "ledighedsydelse",
    "ressourceforloebsydelse",
    "jobafklaringsydelse",
    "revalideringsydelse",
];

/// One benefit's line in the year's rates form.
pub struct YearRateRow {
    pub code: String,
    pub label: String,
    pub value: String,
}

/// A benefit by its name where the catalogue has one, else as the register
/// writes it.
pub fn benefit_label(lang: crate::i18n::Lang, code: &str) -> String {
    let key = format!("benefit.{code}");
    if crate::i18n::catalogue::has(lang.code(), &key) {
        lang.t(&key).to_string()
    } else {
        group_label(lang, code)
    }
}

/// An amount as the form takes it back: `2.905,50`.
fn amount_text(ore: i64) -> String {
    format_kroner(ore).trim_end_matches(" kr.").to_string()
}

/// The year's rates form: every benefit offered, with what was typed, else
/// the rate held.
fn year_rows(
    lang: crate::i18n::Lang,
    rates: &jobspor_domain::evaluation::economics::Rates,
    year: i32,
    typed: Option<&Typed>,
) -> Vec<YearRateRow> {
    let mut codes: Vec<String> = BENEFITS.iter().map(|b| b.to_string()).collect();
    for (b, _) in rates.0.keys() {
        if !codes.contains(b) {
            codes.push(b.clone());
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let value = match typed {
                Some(t) => t
                    .amounts
                    .iter()
                    .find(|(b, _)| *b == code)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                None => rates
                    .0
                    .get(&(code.clone(), year))
                    .map(|&o| amount_text(o))
                    .unwrap_or_default(),
            };
            YearRateRow {
                label: benefit_label(lang, &code),
                code,
                value,
            }
        })
        .collect()
}

/// One row of the memo's table: a label and a value per year and in total.
pub struct MemoRow {
    pub key: &'static str,
    pub values: Vec<String>,
}

pub struct SensitivityRow {
    pub label: String,
    pub weeks: String,
    /// The 95% interval of the weeks and of the support saved.
    pub weeks_interval: String,
    pub saved: String,
    pub saved_interval: String,
    pub net: String,
    pub ret: String,
    pub note: Option<String>,
    pub chosen: bool,
}

/// One investment as the table shows it.
pub struct InvestmentRow {
    pub year: i32,
    pub category: String,
    pub amount: String,
}

/// One weekly rate as the table shows it.
pub struct RateRow {
    pub benefit: String,
    pub year: i32,
    pub per_week: String,
}

#[derive(Template)]
#[template(path = "management/templates/mgmt_economics.html")]
struct EconomicsPage {
    c: Chrome,
    f: FilterForm,
    message: Option<Message>,
    baselines: Vec<SelectOption>,
    chosen_label: String,
    problem: Option<String>,
    years: Vec<String>,
    memo: Vec<MemoRow>,
    chart: String,
    sensitivity: Vec<SensitivityRow>,
    before: usize,
    after: usize,
    /// Weeks since the start the chosen baseline covers, in words.
    horizon_text: String,
    /// What the estimate assumes.
    assumptions: String,
    model_start: String,
    investments: Vec<InvestmentRow>,
    categories: Vec<SelectOption>,
    rates: Vec<RateRow>,
    /// The year the rates form is for, the years to choose, its lines, and
    /// what one more benefit was typed as.
    rate_year: i32,
    rate_years: Vec<SelectOption>,
    year_rates: Vec<YearRateRow>,
    new_benefit: (String, String),
    comparisons: Vec<String>,
    x_memo: Export,
    x_sensitivity: Export,
}

fn permille(v: Option<i64>) -> String {
    v.map(|p| format!("{} %", (p as f64 / 10.0).round() as i64))
        .unwrap_or_else(|| "–".into())
}

fn memo(t: &EconomicsTable) -> Vec<MemoRow> {
    let row = |key,
               per: &dyn Fn(&jobspor_domain::evaluation::economics::YearColumn) -> String,
               total: String| MemoRow {
        key,
        values: t
            .years
            .iter()
            .map(per)
            .chain(std::iter::once(total))
            .collect(),
    };
    vec![
        row(
            "saved_support",
            &|y| format_mio(y.saved),
            format_mio(t.total_saved),
        ),
        row(
            "investment",
            &|y| format_mio(y.invested),
            format_mio(t.total_invested),
        ),
        row("net_gain", &|y| format_mio(y.net), format_mio(t.total_net)),
        row(
            "cumulative_return",
            &|y| permille(y.cumulative_return_permille),
            permille(t.years.last().and_then(|y| y.cumulative_return_permille)),
        ),
    ]
}

/// "lower – upper" in the given format, or a dash without an interval.
fn interval(
    s: &Scenario,
    of: impl Fn(&Uncertainty) -> (f64, f64),
    show: impl Fn(f64) -> String,
) -> String {
    s.interval.as_ref().map_or_else(
        || "–".to_string(),
        |u| {
            let (lower, upper) = of(u);
            format!("{} – {}", show(lower), show(upper))
        },
    )
}

fn weeks_text(v: f64) -> String {
    crate::i18n::decimal(v.round(), 0)
}

fn sensitivity_row(s: &Scenario, chosen: &Baseline) -> SensitivityRow {
    let dash = || "–".to_string();
    match &s.table {
        Ok(t) => SensitivityRow {
            label: said(&s.baseline.label()),
            weeks: weeks_text(s.weeks_avoided),
            weeks_interval: interval(s, |u| (u.weeks.lower, u.weeks.upper), weeks_text),
            saved: format_mio(t.total_saved),
            saved_interval: interval(
                s,
                |u| (u.ore.lower, u.ore.upper),
                |v| format_mio(v.round() as i64),
            ),
            net: format_mio(t.total_net),
            ret: permille(t.years.last().and_then(|y| y.cumulative_return_permille)),
            note: None,
            chosen: s.baseline == *chosen,
        },
        Err(m) => SensitivityRow {
            label: said(&s.baseline.label()),
            weeks: dash(),
            weeks_interval: dash(),
            saved: dash(),
            saved_interval: dash(),
            net: dash(),
            ret: dash(),
            note: Some(said(m)),
            chosen: s.baseline == *chosen,
        },
    }
}

pub(super) async fn page(
    state: &AppState,
    a: &crate::auth::Authed,
    q: &DashQuery,
    choice: &Choice,
    message: Option<Message>,
    typed: Option<Typed>,
    status: StatusCode,
) -> PageResult {
    let chosen = Baseline::parse(&choice.grundlag);
    let e = economics::economics(state, &a.actor, &q.filter(), &chosen).await?;
    let c = chrome(a, "economics");
    let f = filter_form(
        state,
        &a.actor,
        crate::management::paths::route::economics,
        q,
    )
    .await?;
    let mut baselines: Vec<SelectOption> = e
        .sensitivity
        .iter()
        .map(|s| {
            SelectOption::new(
                s.baseline.code(),
                said(&s.baseline.label()),
                s.baseline == chosen,
            )
        })
        .collect();
    if baselines.is_empty() {
        baselines.push(SelectOption::new(
            Baseline::Earlier.code(),
            said(&Baseline::Earlier.label()),
            true,
        ));
    }
    let (years, memo_rows, chart, problem) = match &e.chosen.table {
        Ok(t) => {
            let years: Vec<String> = t.years.iter().map(|y| y.year.to_string()).collect();
            let mio = |v: i64| Some(v as f64 / 1e8);
            let chart = series_chart(
                "eco",
                c.t("economics_chart_title"),
                &years,
                &[
                    Series {
                        label: c.t("saved_support"),
                        values: t.years.iter().map(|y| mio(y.saved)).collect(),
                    },
                    Series {
                        label: c.t("investment"),
                        values: t.years.iter().map(|y| mio(y.invested)).collect(),
                    },
                    Series {
                        label: c.t("net_gain"),
                        values: t.years.iter().map(|y| mio(y.net)).collect(),
                    },
                ],
            );
            (years, memo(t), chart, None)
        }
        Err(m) => (Vec::new(), Vec::new(), String::new(), Some(said(m))),
    };
    let path = "/ledelse/oekonomi/eksport";
    let code = chosen.code();
    // The rates form's year: as typed, as chosen, the latest with rates, or this year.
    let this_year = chrono::Local::now().year();
    let rate_year = typed
        .as_ref()
        .map(|t| t.year)
        .or_else(|| parse_year(&choice.satsaar))
        .or_else(|| e.rates.0.keys().map(|(_, y)| *y).max())
        .unwrap_or(this_year);
    let mut rate_years: Vec<i32> = (this_year - 10..=this_year + 1)
        .chain(e.rates.0.keys().map(|(_, y)| *y))
        .chain([rate_year])
        .collect();
    rate_years.sort_unstable();
    rate_years.dedup();
    let year_codes: Vec<String> = year_rows(c.lang, &e.rates, rate_year, None)
        .into_iter()
        .map(|r| r.code)
        .collect();
    render_status(
        status,
        &EconomicsPage {
            chosen_label: said(&chosen.label()),
            sensitivity: e
                .sensitivity
                .iter()
                .map(|s| sensitivity_row(s, &chosen))
                .collect(),
            investments: e
                .investments
                .iter()
                .map(|i| InvestmentRow {
                    year: i.year,
                    category: i.category.word().to_string(),
                    amount: format_kroner(i.ore),
                })
                .collect(),
            categories: Category::ALL
                .iter()
                .map(|k| SelectOption::new(k.code(), k.word(), false))
                .collect(),
            rates: e
                .rates
                .0
                .iter()
                .map(|((b, y), ore)| RateRow {
                    // A target group's benefit by its name; any other as
                    // the register writes it.
                    benefit: benefit_label(c.lang, b),
                    year: *y,
                    per_week: format_kroner(*ore),
                })
                .collect(),
            comparisons: e.comparisons.clone(),
            before: e.before,
            after: e.after,
            horizon_text: c.lang.fill(
                "economics_horizon",
                &[("weeks", &e.chosen.horizon.to_string())],
            ),
            assumptions: c.lang.fill(
                "economics_assumptions",
                &[("replicates", &REPLICATES.to_string())],
            ),
            year_rates: year_rows(c.lang, &e.rates, rate_year, typed.as_ref()),
            new_benefit: typed
                .as_ref()
                .and_then(|t| {
                    t.amounts
                        .iter()
                        .find(|(b, _)| !year_codes.contains(b))
                        .cloned()
                })
                .unwrap_or_default(),
            rate_years: rate_years
                .iter()
                .map(|y| SelectOption::new(y.to_string(), y.to_string(), *y == rate_year))
                .collect(),
            rate_year,
            model_start: e.model_start.format("%Y-%m-%d").to_string(),
            x_memo: q.exports_with(path, "oekonomi", &[("grundlag", &code)]),
            x_sensitivity: q.exports(path, "foelsomhed"),
            baselines,
            years,
            memo: memo_rows,
            chart,
            problem,
            message,
            c,
            f,
        },
    )
}

pub async fn economics_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(choice): Query<Choice>,
) -> PageResult {
    page(&state, &a, &q, &choice, None, None, StatusCode::OK).await
}

fn memo_table(e: &Economics) -> Table {
    let Ok(t) = &e.chosen.table else {
        return Table::default();
    };
    let mut headers = vec![crate::export::header("item")];
    headers.extend(t.years.iter().map(|y| y.year.to_string()));
    headers.push(crate::export::header("total"));
    // Million kroner, as in the memo, but unrounded.
    let mio = |v: i64| Cell::Number(v as f64 / 1e8);
    let row = |label: &str,
               per: &dyn Fn(&jobspor_domain::evaluation::economics::YearColumn) -> i64,
               total: i64| {
        std::iter::once(Cell::Text(label.into()))
            .chain(t.years.iter().map(|y| mio(per(y))))
            .chain(std::iter::once(mio(total)))
            .collect()
    };
    Table {
        headers,
        rows: vec![
            row(
                &crate::page::say("export_saved_mio"),
                &|y| y.saved,
                t.total_saved,
            ),
            row(
                &crate::page::say("export_invested_mio"),
                &|y| y.invested,
                t.total_invested,
            ),
            row(&crate::page::say("export_net_mio"), &|y| y.net, t.total_net),
        ],
    }
}

fn sensitivity_table(e: &Economics) -> Table {
    Table {
        headers: crate::export::headers(&[
            "baseline",
            "weeks_avoided",
            "saved_mio_kr",
            "net_gain_mio_kr",
            "weeks_avoided_lower",
            "weeks_avoided_upper",
            "saved_mio_kr_lower",
            "saved_mio_kr_upper",
        ]),
        rows: e
            .sensitivity
            .iter()
            .map(|s| {
                let label = Cell::Text(said(&s.baseline.label()));
                let bounds = |u: &Uncertainty| {
                    [
                        u.weeks.lower.round(),
                        u.weeks.upper.round(),
                        u.ore.lower / 1e8,
                        u.ore.upper / 1e8,
                    ]
                    .map(Cell::Number)
                };
                let interval = s.interval.as_ref().map_or_else(
                    || [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
                    bounds,
                );
                match &s.table {
                    Ok(t) => [
                        label,
                        Cell::Number(s.weeks_avoided.round()),
                        Cell::Number(t.total_saved as f64 / 1e8),
                        Cell::Number(t.total_net as f64 / 1e8),
                    ]
                    .into_iter()
                    .chain(interval)
                    .collect(),
                    Err(_) => vec![label, Cell::Empty, Cell::Empty, Cell::Empty]
                        .into_iter()
                        .chain(interval)
                        .collect(),
                }
            })
            .collect(),
    }
}

pub async fn economics_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(choice): Query<Choice>,
) -> PageResult {
    let e = economics::economics(
        &state,
        &a.actor,
        &q.filter(),
        &Baseline::parse(&choice.grundlag),
    )
    .await?;
    Ok(match q.tabel.as_str() {
        "foelsomhed" => export(&q, &sensitivity_table(&e), "oekonomi-foelsomhed")?,
        _ => export(&q, &memo_table(&e), "oekonomi")?,
    })
}
