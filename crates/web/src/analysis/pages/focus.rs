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
}

#[derive(Deserialize, Default)]
pub struct FocusQuery {
    #[serde(default)]
    komponent: String,
    #[serde(default, rename = "type")]
    polarity: String,
    #[serde(default)]
    sortering: String,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    q: &FocusQuery,
    error: Option<String>,
    typed: AddForm,
) -> Result<FocusPage, PageError> {
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
