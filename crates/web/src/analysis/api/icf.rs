//! `/api/v1/icf`: search the ICF categories; import the licensed classification.

use crate::analysis::service::icf;
use crate::api::ErrorBody;
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use jobspor_domain::message::Message;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa::ToSchema;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words of a title, or the start of a code
    #[serde(default)]
    q: String,
    /// At most this many (1–100)
    #[serde(default = "twenty")]
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: usize,
}

fn twenty() -> usize {
    20
}

#[derive(Serialize, ToSchema)]
#[schema(as = Category)]
pub struct CategoryJson {
    code: String,
    component: &'static str,
    title_da: String,
    title_en: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = IcfCategories)]
pub struct Categories {
    items: Vec<CategoryJson>,
}

/// Search the ICF categories by code or title, in Danish or English
#[utoipa::path(
    get,
    path = "/icf",
    tag = "analysis",
    params(
        SearchQuery
    ),
    responses(
        (status = 200, body = Categories, description = "Matching categories, best first"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired")
    ),
    operation_id = "search_icf"
)]
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

#[derive(Serialize, ToSchema)]
pub struct Imported {
    categories: usize,
}

/// Import the licensed ICF classification (administrators)
///
/// The body is the CSV file itself (`text/csv`), as documented in docs/icf-import.md.
#[utoipa::path(
    post,
    path = "/icf",
    tag = "analysis",
    request_body(content = String, content_type = "text/csv", description = "The classification as CSV: code, Danish title, English title"),
    responses(
        (status = 201, body = Imported, description = "Imported"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 413, body = ErrorBody, description = "The body is too large"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "import_icf"
)]
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
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError(WebError::invalid("invalid.the_file_is_not_utf_8")))?;
    match icf::import(&state, &a.actor, "request body", text).await? {
        Ok(n) => Ok((StatusCode::CREATED, Json(Imported { categories: n }))),
        Err(errors) => Err(ApiError(WebError::Validation(
            Message::new("invalid.import_refused").with("errors", errors.join("; ")),
        ))),
    }
}
