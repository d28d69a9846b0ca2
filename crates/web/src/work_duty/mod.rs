//! The arbejdspligt ledger of a kontanthjælp course: hours planned and met
//! per week, with reductions for documented health reasons.

mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::route::ledger, get(pages::show).post(pages::record))
}
