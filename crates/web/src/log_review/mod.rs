//! Log review (issue 25, part 4), for the data protection officer and the
//! managers: spot checks of random reads of citizens, each marked fine or
//! suspicious with a note, and the anomalies of the last week (reads
//! outside one's caseload, at night, of many citizens in a short time, of
//! someone with the reader's surname). Every citizen shown is audited.

mod pages;
pub mod paths;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::page, get(pages::page))
        .route(paths::route::verdict, post(pages::verdict))
}
