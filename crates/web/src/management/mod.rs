//! Ledelse: the manager's dashboards (results, caseload, capacity, what
//! works, screening accuracy, economics, research extract) and the register
//! import. Aggregates only, through the one small-cell rule.

mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::response::Redirect;
use axum::routing::{get, post};
use axum::Router;

/// A register file: about 40 bytes a line, so room for a municipality's year.
const REGISTER_MAX_BYTES: usize = 64 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    use pages::*;
    Router::new()
        .route(
            paths::route::home,
            get(|| async { Redirect::to(paths::route::outcomes) }),
        )
        .route(paths::route::outcomes, get(outcomes_page))
        .route(paths::route::outcomes_export, get(outcomes_export))
        .route(paths::route::caseload, get(caseload_page))
        .route(paths::route::caseload_export, get(caseload_export))
        .route(paths::route::caseload_target, post(caseload_targets))
        .route(paths::route::caseload_move, post(caseload_move))
        .route(paths::route::capacity, get(capacity_page))
        .route(paths::route::capacity_export, get(capacity_export))
        .route(paths::route::economics, get(economics_page))
        .route(paths::route::economics_export, get(economics_export))
        .route(paths::route::investment, post(economics_investment))
        .route(paths::route::rate, post(economics_rate))
        .route(paths::route::rates, post(economics_rates))
        .route(paths::route::rates_file, post(economics_rates_file))
        .route(paths::route::comparison, post(economics_comparison))
        .route(paths::route::screening, get(screening_page))
        .route(paths::route::screening_export, get(screening_export))
        .route(paths::route::research, get(research_page))
        .route(paths::route::research_export, get(research_export))
        .route(paths::route::what_works, get(works_page))
        .route(paths::route::what_works_export, get(works_export))
        .route(
            paths::route::register,
            get(register_form)
                .post(register_import)
                .layer(DefaultBodyLimit::max(REGISTER_MAX_BYTES)),
        )
        .route(
            paths::route::register_dry_run,
            post(register_dry_run).layer(DefaultBodyLimit::max(REGISTER_MAX_BYTES)),
        )
}
