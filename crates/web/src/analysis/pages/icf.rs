//! Administration of the ICF classification: import the licensed file, and
//! search to check what is there.

use crate::analysis::service::icf;
use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::page::{read_upload, render, render_status, say, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use jobspor_domain::access;
use serde::Deserialize;

pub struct Hit {
    pub code: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "analysis/templates/admin_icf.html")]
struct IcfPage {
    c: Chrome,
    total: usize,
    imported: usize,
    q: String,
    hits: Vec<Hit>,
    errors: Vec<String>,
    done: Option<usize>,
}

async fn page(
    state: &AppState,
    a: &Authed,
    q: &str,
    errors: Vec<String>,
    done: Option<usize>,
) -> Result<IcfPage, crate::page::PageError> {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let c = icf::classification(state, &a.actor).await?;
    let en = crate::i18n::Lang::current().english();
    let hits = c
        .search(q, 50)
        .into_iter()
        .map(|x| Hit {
            code: x.code.to_string(),
            title: x.title(en).to_string(),
        })
        .collect();
    Ok(IcfPage {
        c: Chrome::new(Some(a), "icf", "admin"),
        total: c.len(),
        imported: state
            .store
            .icf_categories(a.actor.municipality_id)
            .await?
            .len(),
        q: q.to_string(),
        hits,
        errors,
        done,
    })
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(sq): Query<SearchQuery>,
) -> PageResult {
    render(&page(&state, &a, &sq.q, Vec::new(), None).await?)
}

pub async fn import(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: axum::extract::Multipart,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let Some((name, _, bytes)) = read_upload(mp).await? else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &a, "", vec![say("choose_file")], None).await?,
        );
    };
    let name = jobspor_domain::document::clean_filename(&name).unwrap_or_else(|_| "icf.csv".into());
    let Ok(text) = String::from_utf8(bytes) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                &a,
                "",
                vec![format!("{name}: not UTF-8 text")],
                None,
            )
            .await?,
        );
    };
    match icf::import(&state, &a.actor, &name, &text).await? {
        Ok(n) => render(&page(&state, &a, "", Vec::new(), Some(n)).await?),
        Err(errors) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &a, "", errors, None).await?,
        ),
    }
}
