//! Sagsstammer: caseload per caseworker and team, the trend, the targets
//! and the proposed moves.

use crate::auth::CurrentUser;
use crate::chart::{bar_chart, series_chart, Bar, Series};
use crate::error::WebError;
use crate::export::{Cell, Table};
use crate::management::pages::{
    chrome, dec1, export, filter_form, group_label, DashQuery, Export, FilterForm,
};
use crate::management::service::caseload;
use crate::management::service::caseload::Caseload;
use crate::page::{render_status, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::evaluation::caseload::{Range, Status};
use jobspor_domain::message::Message;
use jobspor_domain::rules::TargetGroup;
use jobspor_store::DEFAULT_TARGET_KEY;
use serde::Deserialize;

pub struct WorkerRow {
    pub name: String,
    pub team: String,
    pub open: usize,
    pub groups: String,
    pub range: String,
    pub status: &'static str,
}

pub struct TargetRow {
    pub key: String,
    pub label: String,
    pub min: u32,
    pub max: u32,
    pub single: bool,
}

pub struct MoveRow {
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    pub group: String,
    pub group_label: String,
    pub courses: usize,
}

/// Open courses per team in one month.
pub struct TrendRow {
    pub month: String,
    pub courses: Vec<usize>,
}

#[derive(Template)]
#[template(path = "management/templates/mgmt_caseload.html")]
struct CaseloadPage {
    c: Chrome,
    f: FilterForm,
    message: Option<Message>,
    done: Option<usize>,
    workers: Vec<WorkerRow>,
    workers_chart: String,
    teams: Vec<(caseload::TeamLoad, String)>,
    trend_chart: String,
    trend_head: Vec<String>,
    trend_rows: Vec<TrendRow>,
    targets: Vec<TargetRow>,
    moves: Vec<MoveRow>,
    x_workers: Export,
    x_teams: Export,
    x_trend: Export,
    x_moves: Export,
}

fn status_key(s: Status) -> &'static str {
    match s {
        Status::Under => "under_target",
        Status::Within => "within_target",
        Status::Over => "over_target",
    }
}

fn range_text(r: Range) -> String {
    if r.min == r.max {
        r.max.to_string()
    } else {
        format!("{}–{}", r.min, r.max)
    }
}

fn month_label(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    flyttet: Option<usize>,
}

async fn page(
    state: &AppState,
    a: &crate::auth::Authed,
    q: &DashQuery,
    message: Option<Message>,
    done: Option<usize>,
    status: StatusCode,
) -> PageResult {
    let cl = caseload::caseload(state, &a.actor, &q.filter()).await?;
    let c = chrome(a, "caseload");
    let f = filter_form(
        state,
        &a.actor,
        crate::management::paths::route::caseload,
        q,
    )
    .await?;
    let bars: Vec<Bar> = cl
        .workers
        .iter()
        .map(|w| Bar {
            label: &w.name,
            value: w.open as f64,
            band: Some((w.range.min as f64, w.range.max as f64)),
        })
        .collect();
    let workers_chart = bar_chart("cl", c.t("caseload_per_worker"), &bars);
    let periods: Vec<String> = cl.months.iter().map(|m| month_label(*m)).collect();
    let series: Vec<Series> = cl
        .trend
        .iter()
        .map(|(team, v)| Series {
            label: team,
            values: v.iter().map(|n| Some(*n as f64)).collect(),
        })
        .collect();
    let trend_chart = series_chart("tr", c.t("caseload_trend"), &periods, &series);
    let mut targets: Vec<TargetRow> = TargetGroup::ALL
        .iter()
        .map(|g| {
            let r = cl.targets.by_group.get(g.code()).copied();
            TargetRow {
                key: g.code().into(),
                label: group_label(c.lang, g.code()),
                min: r.map_or(cl.targets.default, |r| r.min),
                max: r.map_or(cl.targets.default, |r| r.max),
                single: false,
            }
        })
        .collect();
    targets.push(TargetRow {
        key: DEFAULT_TARGET_KEY.into(),
        label: c.t("default_target").into(),
        min: cl.targets.default,
        max: cl.targets.default,
        single: true,
    });
    let workers = cl
        .workers
        .iter()
        .map(|w| WorkerRow {
            name: w.name.clone(),
            team: w.team.clone(),
            open: w.open,
            groups: w
                .by_group
                .iter()
                .map(|(g, n)| format!("{} {n}", group_label(c.lang, g)))
                .collect::<Vec<_>>()
                .join(", "),
            range: range_text(w.range),
            status: status_key(w.status),
        })
        .collect();
    let moves = cl
        .moves
        .iter()
        .map(|m| MoveRow {
            from: m.from.to_string(),
            from_name: m.from_name.clone(),
            to: m.to.to_string(),
            to_name: m.to_name.clone(),
            group: m.target_group.clone(),
            group_label: group_label(c.lang, &m.target_group),
            courses: m.courses,
        })
        .collect();
    let path = "/ledelse/sagsstamme/eksport";
    render_status(
        status,
        &CaseloadPage {
            x_workers: q.exports(path, "medarbejdere"),
            x_teams: q.exports(path, "teams"),
            x_trend: q.exports(path, "udvikling"),
            x_moves: q.exports(path, "forslag"),
            c,
            f,
            message,
            done,
            workers,
            workers_chart,
            teams: cl
                .teams
                .into_iter()
                .map(|t| {
                    let m = dec1(Some(t.median));
                    (t, m)
                })
                .collect(),
            trend_chart,
            trend_head: cl.trend.iter().map(|t| t.0.clone()).collect(),
            trend_rows: periods
                .into_iter()
                .enumerate()
                .map(|(i, month)| TrendRow {
                    month,
                    courses: cl.trend.iter().map(|t| t.1[i]).collect(),
                })
                .collect(),
            targets,
            moves,
        },
    )
}

pub async fn caseload_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
    Query(d): Query<Done>,
) -> PageResult {
    page(&state, &a, &q, None, d.flyttet, StatusCode::OK).await
}

fn tables(cl: &Caseload, which: &str) -> Table {
    let t = |s: &str| Cell::Text(s.to_string());
    let n = |v: f64| Cell::Number(v);
    match which {
        "teams" => Table {
            headers: crate::export::headers(&[
                "team",
                "caseworkers",
                "courses",
                "lowest",
                "median",
                "highest",
                "over_target",
                "under_target",
            ]),
            rows: cl
                .teams
                .iter()
                .map(|x| {
                    vec![
                        t(&x.team),
                        n(x.caseworkers as f64),
                        n(x.open as f64),
                        n(x.min as f64),
                        n(x.median),
                        n(x.max as f64),
                        n(x.over as f64),
                        n(x.under as f64),
                    ]
                })
                .collect(),
        },
        "udvikling" => Table {
            headers: std::iter::once(crate::export::header("month"))
                .chain(cl.trend.iter().map(|x| x.0.clone()))
                .collect(),
            rows: cl
                .months
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    std::iter::once(t(&month_label(*m)))
                        .chain(cl.trend.iter().map(|x| n(x.1[i] as f64)))
                        .collect()
                })
                .collect(),
        },
        "forslag" => Table {
            headers: crate::export::headers(&["from", "to", "target_group", "courses"]),
            rows: cl
                .moves
                .iter()
                .map(|m| {
                    vec![
                        t(&m.from_name),
                        t(&m.to_name),
                        t(&m.target_group),
                        n(m.courses as f64),
                    ]
                })
                .collect(),
        },
        _ => Table {
            headers: crate::export::headers(&[
                "caseworker",
                "team",
                "courses",
                "target_min",
                "target_max",
                "status",
            ]),
            rows: cl
                .workers
                .iter()
                .map(|w| {
                    vec![
                        t(&w.name),
                        t(&w.team),
                        n(w.open as f64),
                        n(w.range.min as f64),
                        n(w.range.max as f64),
                        t(match w.status {
                            Status::Under => "under",
                            Status::Within => "inden for",
                            Status::Over => "over",
                        }),
                    ]
                })
                .collect(),
        },
    }
}

pub async fn caseload_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
) -> PageResult {
    let cl = caseload::caseload(&state, &a.actor, &q.filter()).await?;
    let name = match q.tabel.as_str() {
        "teams" | "udvikling" | "forslag" => q.tabel.as_str(),
        _ => "medarbejdere",
    };
    Ok(export(
        &q,
        &tables(&cl, name),
        &format!("sagsstamme-{name}"),
    )?)
}

#[derive(Deserialize)]
pub struct TargetForm {
    group: String,
    #[serde(default)]
    min: String,
    max: String,
}

pub async fn caseload_targets(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<TargetForm>,
) -> PageResult {
    let max: Option<u32> = f.max.trim().parse().ok();
    let min: Option<u32> = if f.min.trim().is_empty() {
        max
    } else {
        f.min.trim().parse().ok()
    };
    let result = match (min, max) {
        (Some(min), Some(max)) => {
            caseload::set_target(&state, &a.actor, &f.group, Range { min, max }).await
        }
        _ => Err(WebError::invalid("invalid.enter_whole_numbers")),
    };
    answer(
        &state,
        &a,
        result.map(|()| crate::management::paths::caseload()),
    )
    .await
}

/// Where a POST goes: on to `Ok`'s address, or the page again with what was
/// wrong (422 for bad input, 409 for a move that is no longer proposed).
async fn answer(
    state: &AppState,
    a: &crate::auth::Authed,
    result: Result<String, WebError>,
) -> PageResult {
    let (m, status) = match result {
        Ok(to) => return Ok(Redirect::to(&to).into_response()),
        Err(WebError::Validation(m)) => (m, StatusCode::UNPROCESSABLE_ENTITY),
        Err(WebError::Refused(r)) => (Message::new(r.key()), StatusCode::CONFLICT),
        Err(e) => return Err(e.into()),
    };
    page(state, a, &DashQuery::default(), Some(m), None, status).await
}

#[derive(Deserialize)]
pub struct MoveForm {
    from: String,
    to: String,
    group: String,
}

pub async fn caseload_move(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = MoveForm {
        from: crate::confirm::field(&fields, "from").to_string(),
        to: crate::confirm::field(&fields, "to").to_string(),
        group: crate::confirm::field(&fields, "group").to_string(),
    };
    let (Ok(from), Ok(to)) = (f.from.parse(), f.to.parse()) else {
        return Err(WebError::NotFound.into());
    };
    if !crate::confirm::confirmed(&fields) {
        let (n, from_name, to_name) =
            caseload::preview_move(&state, &a.actor, from, to, &f.group).await?;
        let lang = crate::i18n::Lang::current();
        return crate::confirm::ask(
            &a,
            "management",
            crate::confirm::Ask {
                heading: "confirm.move_courses",
                button: "confirm.move_courses_yes",
                consequence: vec![
                    lang.fill(
                        "confirm.move_courses_what",
                        &[
                            ("n", &n.to_string()),
                            (
                                "group",
                                &crate::management::pages::group_label(lang, &f.group),
                            ),
                            ("from", &from_name),
                            ("to", &to_name),
                        ],
                    ),
                    lang.t("confirm.move_courses_after").to_string(),
                ],
                action: crate::management::paths::caseload_move(),
                fields,
                reason: None,
                back: crate::management::paths::caseload(),
            },
        );
    }
    let result = caseload::apply_move(&state, &a.actor, from, to, &f.group).await;
    answer(
        &state,
        &a,
        result.map(|n| format!("{}?flyttet={n}", crate::management::paths::caseload())),
    )
    .await
}
