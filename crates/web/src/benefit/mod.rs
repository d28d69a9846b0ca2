//! Kontanthjælp as one benefit: the dated jobparat/aktivitetsparat
//! assessments of a course with the rate, the latest being its category.

mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::route::benefit, get(pages::show).post(pages::record))
}
