//! The front door: the start page (which sends each role to its own), the
//! language switch, the stylesheet, the health check and the fallback 404.

pub mod paths;

use crate::api::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::error::WebError;
use crate::page::{render, safe_next, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use jobspor_domain::user::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::home, get(home))
        .route(paths::route::language, get(switch_language))
        .route(paths::route::static_file, get(static_file))
        .fallback(|| async { PageError(WebError::NotFound) })
}

pub fn api_router() -> Router<AppState> {
    Router::new().fallback(|| async { ApiError(WebError::NotFound) })
}

async fn home(CurrentUser(a): CurrentUser) -> PageResult {
    #[derive(Template)]
    #[template(path = "home/templates/home.html")]
    struct Home {
        c: Chrome,
    }
    match a.actor.role {
        Role::Caseworker | Role::HealthProfessional => {
            Ok(Redirect::to(&crate::courses::paths::list()).into_response())
        }
        Role::Admin => Ok(Redirect::to(&crate::admin::paths::home()).into_response()),
        Role::Provider => Ok(Redirect::to(&crate::provider::paths::inbox()).into_response()),
        Role::Manager => Ok(Redirect::to(&crate::management::paths::outcomes()).into_response()),
        _ => render(&Home {
            c: Chrome::new(Some(&a), "welcome", "home"),
        }),
    }
}

#[derive(Deserialize)]
struct LangQuery {
    l: String,
    next: Option<String>,
}

async fn switch_language(
    Query(q): Query<LangQuery>,
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Response {
    let value = if q.l == "en" { "en" } else { "da" };
    let cookie = crate::auth::set_cookie(&state, "lang", value, "/", Some(60 * 60 * 24 * 365));
    let mut res = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    if let Ok(v) = cookie.parse() {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

const CSS: &str = include_str!("../../static/app.css");

pub async fn static_file(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "app.css" => {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/css; charset=utf-8"),
            );
            (h, CSS).into_response()
        }
        _ => PageError(WebError::NotFound).into_response(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`: an unhealthy server answers 500.
    status: &'static str,
}

/// Liveness and readiness: touches the database. No sign-in needed.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    operation_id = "healthz",
    security(()),
    responses(
        (status = 200, body = Health, description = "Healthy"),
        (status = 500, body = ErrorBody, description = "The database cannot be reached")
    )
)]
pub async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<Health>, ApiError> {
    // Touches the database so a broken connection shows as unhealthy.
    state
        .store
        .municipality_name(jobspor_domain::MunicipalityId(uuid::Uuid::nil()))
        .await?;
    Ok(Json(Health { status: "ok" }))
}
