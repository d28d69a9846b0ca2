//! Fresh databases for tests, on the engine named by `JOBSPOR_TEST_DB`
//! (`sqlite`, the default, or `postgres`). For PostgreSQL,
//! `JOBSPOR_TEST_PG_URL` names a server where each test creates its own
//! database, so tests never share state.

use crate::{Backend, SqlStore, StoreError};
use sqlx::any::AnyPoolOptions;
use std::path::PathBuf;

/// Which engine the test run targets.
pub fn test_backend() -> Backend {
    match std::env::var("JOBSPOR_TEST_DB").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// A database that lives as long as this value (SQLite: a temporary folder).
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    _dir: Option<TempDir>,
}

/// A minimal temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> std::io::Result<TempDir> {
        let p = std::env::temp_dir().join(format!("jobspor-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&p)?;
        Ok(TempDir(p))
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl TestDb {
    /// Creates an empty database. Panics (this is test support) when the
    /// PostgreSQL server named by `JOBSPOR_TEST_PG_URL` is unreachable.
    pub async fn new() -> TestDb {
        match test_backend() {
            Backend::Sqlite => {
                let dir = TempDir::new().expect("temporary directory");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb {
                    url,
                    backend: Backend::Sqlite,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let admin = std::env::var("JOBSPOR_TEST_PG_URL")
                    .expect("JOBSPOR_TEST_DB=postgres needs JOBSPOR_TEST_PG_URL");
                sqlx::any::install_default_drivers();
                let pool = AnyPoolOptions::new()
                    .max_connections(1)
                    .connect(&admin)
                    .await
                    .expect("connect to test server");
                let name = format!("jobspor_t_{}", uuid::Uuid::new_v4().simple());
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .expect("create database");
                pool.close().await;
                let base = admin
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_string())
                    .unwrap_or(admin.clone());
                TestDb {
                    url: format!("{base}/{name}"),
                    backend: Backend::Postgres,
                    _dir: None,
                }
            }
        }
    }

    pub async fn store(&self) -> Result<SqlStore, StoreError> {
        SqlStore::connect(&self.url).await
    }

    /// The store with some of the engine's pieces left out.
    pub async fn store_with(&self, pieces: crate::EnginePieces) -> Result<SqlStore, StoreError> {
        SqlStore::connect_engine(&self.url, crate::Durability::Full, pieces).await
    }
}

/// SQLite: how the engine would run the course list of `filter`, one line
/// per step of `EXPLAIN QUERY PLAN` (e.g. `SEARCH p USING COVERING INDEX
/// citizens_listed (id=?)`).
pub async fn course_list_plan(
    store: &SqlStore,
    filter: &crate::CourseFilter,
) -> Result<Vec<String>, StoreError> {
    let list = crate::courses::course_list_query(filter, store.backend);
    let explain = format!("EXPLAIN QUERY PLAN {}", list.sql);
    let steps = list
        .page(&explain, filter)
        .fetch_all(&mut *store.read().await?)
        .await?;
    steps
        .iter()
        .map(|step| crate::row::text(step, "detail"))
        .collect()
}
