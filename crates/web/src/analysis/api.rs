//! `/api/v1/icf`: search the ICF categories; import the licensed classification.

use crate::analysis::service::icf;
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use jobspor_domain::message::Message;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default = "twenty")]
    limit: usize,
}

fn twenty() -> usize {
    20
}

#[derive(Serialize)]
pub struct CategoryJson {
    code: String,
    component: &'static str,
    title_da: String,
    title_en: String,
}

#[derive(Serialize)]
pub struct Categories {
    items: Vec<CategoryJson>,
}

pub async fn search(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Categories>, ApiError> {
    let c = icf::classification(&state, &a.actor).await?;
    let items = c
        .search(&q.q, q.limit.clamp(1, 100))
        .into_iter()
        .map(|x| CategoryJson {
            code: x.code.to_string(),
            component: x.code.component().code(),
            title_da: x.title_da.clone(),
            title_en: x.title_en.clone(),
        })
        .collect();
    Ok(Json(Categories { items }))
}

#[derive(Serialize)]
pub struct Imported {
    categories: usize,
}

/// The body is the CSV file itself (`text/csv`), as documented in docs/icf-import.md.
pub async fn import(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Imported>), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("text/csv") {
        return Err(ApiError(WebError::UnsupportedMediaType));
    }
    let text = std::str::from_utf8(&body).map_err(|_| {
        ApiError(WebError::invalid(
            "filen er ikke UTF-8",
            "the file is not UTF-8",
        ))
    })?;
    match icf::import(&state, &a.actor, "request body", text).await? {
        Ok(n) => Ok((StatusCode::CREATED, Json(Imported { categories: n }))),
        Err(errors) => Err(ApiError(WebError::Validation(Message::new(
            errors.join("; "),
            errors.join("; "),
        )))),
    }
}
