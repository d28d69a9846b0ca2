//! The law in force: the rule sets as a municipality has them (the shipped
//! sets with its activations of pending ones), the administrators' page that
//! lists them and activates an expected law when it is published.

mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::route::list, get(pages::list))
        .route(paths::route::decide, post(pages::decide))
}
