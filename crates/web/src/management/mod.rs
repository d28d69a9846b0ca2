//! Ledelse: the manager's dashboards (results, caseload, capacity, what
//! works, screening accuracy, economics, research extract) and the register
//! import. Aggregates only, through the one small-cell rule.

mod pages;
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
            "/ledelse",
            get(|| async { Redirect::to("/ledelse/resultater") }),
        )
        .route("/ledelse/resultater", get(outcomes_page))
        .route("/ledelse/resultater/eksport", get(outcomes_export))
        .route("/ledelse/sagsstamme", get(caseload_page))
        .route("/ledelse/sagsstamme/eksport", get(caseload_export))
        .route("/ledelse/sagsstamme/maal", post(caseload_targets))
        .route("/ledelse/sagsstamme/flyt", post(caseload_move))
        .route("/ledelse/kapacitet", get(capacity_page))
        .route("/ledelse/kapacitet/eksport", get(capacity_export))
        .route("/ledelse/oekonomi", get(economics_page))
        .route("/ledelse/oekonomi/eksport", get(economics_export))
        .route("/ledelse/oekonomi/investering", post(economics_investment))
        .route("/ledelse/oekonomi/sats", post(economics_rate))
        .route(
            "/ledelse/oekonomi/sammenligning",
            post(economics_comparison),
        )
        .route("/ledelse/screening", get(screening_page))
        .route("/ledelse/screening/eksport", get(screening_export))
        .route("/ledelse/forskning", get(research_page))
        .route("/ledelse/forskning/eksport", get(research_export))
        .route("/ledelse/hvad-virker", get(works_page))
        .route("/ledelse/hvad-virker/eksport", get(works_export))
        .route(
            "/ledelse/register",
            get(register_form)
                .post(register_import)
                .layer(DefaultBodyLimit::max(REGISTER_MAX_BYTES)),
        )
        .route(
            "/ledelse/register/proeve",
            post(register_dry_run).layer(DefaultBodyLimit::max(REGISTER_MAX_BYTES)),
        )
}
