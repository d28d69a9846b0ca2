//! Fokusområder: the team's ICF-coded findings as the table the team knows,
//! with filter and sort, add and (soft, audited) remove.

use crate::analysis::service::focus;
use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{id, render, render_status, said, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::focus::{FocusInput, Polarity};
use jobspor_domain::icf::Component;
use jobspor_domain::user::Profession;
use jobspor_domain::user::Role;
use jobspor_domain::{CourseId, FocusAreaId};
use serde::Deserialize;

/// A category found by the ICF lookup, with a link that fills the form.
pub struct IcfHit {
    pub code: String,
    pub title: String,
    pub link: String,
}

/// The ICF lookup: categories whose code starts with, or whose title (in
/// the reader's language or Danish) contains, what was typed; at most 50.
fn lookup(
    icf: &jobspor_domain::icf::Classification,
    typed: &str,
    english: bool,
    course: CourseId,
) -> Vec<IcfHit> {
    let q = typed.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<&jobspor_domain::icf::Category> = icf
        .categories()
        .filter(|k| {
            k.code.to_string().to_lowercase().starts_with(&q)
                || k.title(english).to_lowercase().contains(&q)
                || k.title_da.to_lowercase().contains(&q)
        })
        .collect();
    hits.sort_by_key(|k| k.code.to_string());
    hits.into_iter()
        .take(50)
        .map(|k| IcfHit {
            code: k.code.to_string(),
            title: k.title(english).to_string(),
            link: format!(
                "{}?kode={}#ny",
                crate::analysis::paths::focus_areas(course),
                k.code
            ),
        })
        .collect()
}

/// The qualifier scale in words, beside the gradient field: one line per
/// value, for body, activity and participation, and for the environment.
/// A scale: (the value as written, what it means).
type Scale = Vec<(String, String)>;

fn scale(lang: crate::i18n::Lang) -> (Scale, Scale) {
    let extent = |n: u8| lang.t(&format!("qualifier.extent_{n}")).to_string();
    let mut problems: Vec<(String, String)> = (0..=4).map(|n| (n.to_string(), extent(n))).collect();
    problems.push(("8".into(), lang.t("qualifier.not_specified").into()));
    problems.push(("9".into(), lang.t("qualifier.not_applicable").into()));
    let mut environment: Vec<(String, String)> = (0..=4)
        .map(|n| {
            (
                format!(".{n}"),
                lang.fill("qualifier.barrier", &[("extent", &extent(n))]),
            )
        })
        .collect();
    environment.extend((0..=4).map(|n| {
        (
            format!("+{n}"),
            lang.fill("qualifier.facilitator", &[("extent", &extent(n))]),
        )
    }));
    (problems, environment)
}

pub struct FocusRow {
    pub id: String,
    pub component: &'static str,
    pub polarity: &'static str,
    pub description: String,
    pub code: String,
    pub code_title: String,
    pub gradient: String,
    pub priority: u8,
    pub suggestion: String,
    pub created: String,
    pub profession: String,
}

#[derive(Template)]
#[template(path = "analysis/templates/course_focus.html")]
struct FocusPage {
    c: Chrome,
    h: Head,
    rows: Vec<FocusRow>,
    components: Vec<SelectOption>,
    polarities: Vec<SelectOption>,
    sorts: Vec<SelectOption>,
    professions: Vec<SelectOption>,
    codes: Vec<SelectOption>,
    /// 1–3, as typed (2 by default).
    priorities: Vec<SelectOption>,
    error: Option<String>,
    /// What was typed in the add form, when it was refused.
    typed: AddForm,
    /// The ICF lookup: what was searched for, and what was found.
    icf_query: String,
    icf_hits: Vec<IcfHit>,
    /// The qualifier scale: body, activity and participation; environment.
    scale_problems: Scale,
    scale_environment: Scale,
}

#[derive(Deserialize, Default)]
pub struct FocusQuery {
    #[serde(default)]
    komponent: String,
    #[serde(default, rename = "type")]
    polarity: String,
    #[serde(default)]
    sortering: String,
    /// The ICF lookup's words or code.
    #[serde(default)]
    icf: String,
    /// A code chosen from the lookup, to fill the form with.
    #[serde(default)]
    kode: String,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    q: &FocusQuery,
    error: Option<String>,
    mut typed: AddForm,
) -> Result<FocusPage, PageError> {
    if typed.icf_code.is_empty() && !q.kode.is_empty() {
        typed.icf_code = q.kode.trim().to_string();
        // The component follows the code's first letter (b, s, d or e).
        typed.component = q.kode.trim().chars().take(1).collect();
    }
    let (ca, citizen, mut areas) = focus::list(state, &a.actor, course, false).await?;
    let icf = crate::analysis::service::icf::classification(state, &a.actor).await?;
    let c = Chrome::new(Some(a), "focus_areas", "courses");
    areas.retain(|x| {
        (q.komponent.is_empty() || x.component.code() == q.komponent)
            && (q.polarity.is_empty() || x.polarity.code() == q.polarity)
    });
    match q.sortering.as_str() {
        "oprettet" => areas.sort_by_key(|x| std::cmp::Reverse(x.created_at)),
        "komponent" => areas.sort_by(|x, y| {
            (x.component, x.icf_code.clone()).cmp(&(y.component, y.icf_code.clone()))
        }),
        _ => areas.sort_by_key(|x| (x.priority, x.created_at)),
    }
    let rows = areas
        .iter()
        .map(|x| FocusRow {
            id: x.id.to_string(),
            component: x.component.word(),
            polarity: x.polarity.word(),
            description: x.description.clone(),
            code: x
                .icf_code
                .as_ref()
                .map(|k| {
                    x.qualifier
                        .map(|q| format!("{k}{}", q.notation()))
                        .unwrap_or_else(|| k.to_string())
                })
                .unwrap_or_default(),
            code_title: x
                .icf_code
                .as_ref()
                .and_then(|k| icf.get(k))
                .map(|k| k.title(c.en()).to_string())
                .unwrap_or_default(),
            gradient: x
                .qualifier
                .map(|q| crate::i18n::words::qualifier(crate::i18n::Lang::current(), q))
                .unwrap_or_default(),
            priority: x.priority,
            suggestion: x.suggested_intervention.clone(),
            created: crate::i18n::date(jobspor_domain::time::today_copenhagen(x.created_at)),
            profession: x
                .profession
                .map(|p| p.word())
                .unwrap_or(Role::Caseworker.word())
                .to_string(),
        })
        .collect();
    let opt = |v: &str, l: &str, sel: &str| SelectOption {
        value: v.into(),
        label: l.into(),
        selected: v == sel,
    };
    let own = focus::own_profession(state, &a.actor)
        .await?
        .map(|p| p.code())
        .unwrap_or("caseworker");
    let own = if typed.profession.is_empty() {
        own
    } else {
        typed.profession.as_str()
    };
    let mut professions = vec![opt("caseworker", Role::Caseworker.word(), own)];
    professions.extend(Profession::ALL.iter().map(|p| opt(p.code(), p.word(), own)));
    let (scale_problems, scale_environment) = scale(c.lang);
    Ok(FocusPage {
        h: head(&ca, &citizen, "focus"),
        rows,
        components: Component::ALL
            .iter()
            .map(|x| opt(x.code(), x.word(), &q.komponent))
            .collect(),
        polarities: [Polarity::Barrier, Polarity::Resource]
            .iter()
            .map(|p| opt(p.code(), p.word(), &q.polarity))
            .collect(),
        sorts: [
            ("prioritet", c.t("sort_priority")),
            ("oprettet", c.t("sort_newest_first")),
            ("komponent", c.t("sort_component")),
        ]
        .iter()
        .map(|(v, l)| opt(v, l, &q.sortering))
        .collect(),
        professions,
        codes: icf
            .categories()
            .take(2000)
            .map(|k| SelectOption {
                value: k.code.to_string(),
                label: k.title(c.en()).to_string(),
                selected: false,
            })
            .collect(),
        priorities: ["1", "2", "3"]
            .iter()
            .map(|p| {
                let chosen = if typed.priority.is_empty() {
                    "2"
                } else {
                    typed.priority.as_str()
                };
                opt(p, p, chosen)
            })
            .collect(),
        icf_query: q.icf.clone(),
        icf_hits: lookup(&icf, &q.icf, c.en(), course),
        scale_problems,
        scale_environment,
        error,
        typed,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Query(q): Query<FocusQuery>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, &q, None, AddForm::default()).await?)
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    pub component: String,
    #[serde(default)]
    pub polarity: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub icf_code: String,
    #[serde(default)]
    pub qualifier: String,
    #[serde(default)]
    pub priority: String,
    #[serde(default)]
    pub suggested_intervention: String,
    #[serde(default)]
    pub profession: String,
}

pub async fn add(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<AddForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let input = FocusInput {
        component: &f.component,
        polarity: &f.polarity,
        description: &f.description,
        icf_code: &f.icf_code,
        qualifier: &f.qualifier,
        priority: &f.priority,
        suggested_intervention: &f.suggested_intervention,
        profession: &f.profession,
    };
    let result = focus::add(&state, &a.actor, course, &input).await;
    match result {
        Ok(_) => Ok(Redirect::to(&crate::analysis::paths::focus_areas(course)).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                &a,
                course,
                &FocusQuery::default(),
                Some(said(&m)),
                f,
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, fid)): Path<(String, String)>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let area: FocusAreaId = id(&fid)?;
    focus::remove(&state, &a.actor, course, area).await?;
    Ok(Redirect::to(&crate::analysis::paths::focus_areas(course)).into_response())
}
