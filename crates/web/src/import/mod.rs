//! Importing existing cases (issue 25, part 1): the file read into a table
//! ([`file`]), planned line by line against what the municipality already
//! holds (`domain::import`), and committed all or nothing with an audit
//! entry for every citizen looked up, created or updated ([`service`]).
//! The administrator uses it on *Administration → Indlæsning af sager*, and
//! `jobspor import` runs it from the command line.

pub mod file;
pub mod jobs;
mod pages;
pub mod paths;
pub mod service;

use crate::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            paths::route::page,
            get(pages::page)
                .post(pages::submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    file::MAX_BYTES + 1024 * 1024,
                )),
        )
        .route(paths::route::job, get(pages::job))
}
