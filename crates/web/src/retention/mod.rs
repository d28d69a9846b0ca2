//! Retention (issue 25, part 2): the administrator sets how long each kind
//! of data is kept (within the law's limits, `domain::retention`), sees and
//! lifts legal holds, and previews what tonight's job would do; the
//! caseworker places a legal hold on a course. The job itself runs nightly
//! in the server and as `jobspor retention run`.

mod admin;
mod holds;
pub mod paths;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use jobspor_store::HoldRow;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::admin, get(admin::page))
        .route(paths::route::period, post(admin::set_period))
        .route(paths::route::preview, post(admin::preview))
        .route(paths::route::lift, post(admin::lift))
        .route(
            paths::route::course_holds,
            get(holds::page).post(holds::place),
        )
}

/// When a hold was placed, and by whom.
fn placed(h: &HoldRow) -> String {
    format!(
        "{} · {}",
        crate::i18n::date(jobspor_domain::time::today_copenhagen(h.hold.placed_at)),
        h.placed_by_name
    )
}
