//! Backup and restore of the whole database (issue 25, part 5).
//!
//! - SQLite: `VACUUM INTO` writes a consistent copy from one read
//!   transaction while the server goes on writing (WAL mode); restoring
//!   copies that file into place.
//! - PostgreSQL: `pg_dump --format=custom` takes a consistent snapshot
//!   online; `pg_restore --single-transaction` restores it, all or nothing.
//!
//! A backup is an export of everyone's data: it is written in the audit
//! log of every municipality, as is a restore. A restore goes only into an
//! empty database, and the restored audit chains are verified.

use crate::{parse_url, AuditStore, Backend, SqlStore, StoreError, VerifyReport};
use chrono::Utc;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use sqlx::any::AnyPoolOptions;
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Restore refuses a database that holds tables already.
    #[error("the database is not empty: restore goes only into an empty database")]
    NotEmpty,
    /// A backup never overwrites a file.
    #[error("{0} exists already: a backup never overwrites a file")]
    TargetExists(PathBuf),
    #[error("{0} is not a Jobspor backup")]
    NotABackup(PathBuf),
    /// The PostgreSQL client tool is not installed.
    #[error("{0} was not found (install the PostgreSQL client, or set JOBSPOR_PG_BIN)")]
    ToolMissing(&'static str),
    #[error("{tool} failed ({status}): {stderr}")]
    Tool {
        tool: &'static str,
        status: String,
        stderr: String,
    },
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What was backed up or restored.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub municipalities: i64,
    pub citizens: i64,
    pub audit_entries: u64,
    /// The restored chains, verified (restore only).
    pub verified: Option<VerifyReport>,
}

const ACTOR: &str = "jobspor (drift)";

/// One audit entry per municipality, about the whole database.
async fn audit_everyone(
    store: &SqlStore,
    action: AuditAction,
    purpose: &str,
) -> Result<(), BackupError> {
    let municipalities: Vec<String> =
        sqlx::query_scalar("SELECT id FROM municipalities ORDER BY id")
            .fetch_all(store.pool())
            .await
            .map_err(StoreError::from)?;
    let mut events = Vec::new();
    for m in municipalities {
        events.push(AuditEvent {
            at: Utc::now(),
            municipality_id: m
                .parse()
                .map_err(|_| StoreError::Corrupt("municipality id".into()))?,
            user_id: None,
            username: ACTOR.into(),
            role: None,
            action,
            citizen_id: None,
            object: "database".into(),
            purpose: purpose.into(),
        });
    }
    // Another process (the server) may be writing: take the write lock
    // first on SQLite, so the busy timeout waits for it.
    let mut conn = store.pool().acquire().await.map_err(StoreError::from)?;
    let begin = match store.backend() {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    };
    sqlx::query(begin)
        .execute(&mut *conn)
        .await
        .map_err(StoreError::from)?;
    match crate::audit::append_in_tx(&mut conn, store.backend(), &events).await {
        Ok(()) => {
            sqlx::query("COMMIT")
                .execute(&mut *conn)
                .await
                .map_err(StoreError::from)?;
            Ok(())
        }
        Err(e) => {
            // The connection goes back to the pool clean.
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            Err(e.into())
        }
    }
}

async fn counts(store: &SqlStore) -> Result<(i64, i64, u64), BackupError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM municipalities) AS m, (SELECT COUNT(*) FROM citizens) AS c, (SELECT COUNT(*) FROM audit_log) AS a",
    )
    .fetch_one(store.pool())
    .await
    .map_err(StoreError::from)?;
    let get = |c: &str| row.try_get::<i64, _>(c).map_err(StoreError::from);
    Ok((get("m")?, get("c")?, u64::try_from(get("a")?).unwrap_or(0)))
}

/// Writes a consistent backup of the database at `url` to `to` (a new
/// file), while the server may go on working.
pub async fn backup(url: &str, to: &Path) -> Result<BackupReport, BackupError> {
    if to.exists() {
        return Err(BackupError::TargetExists(to.to_path_buf()));
    }
    let store = SqlStore::connect(url).await?;
    // The entry goes into the backup with everything else.
    audit_everyone(&store, AuditAction::Export, "sikkerhedskopi af databasen").await?;
    let (municipalities, citizens, audit_entries) = counts(&store).await?;
    match store.backend() {
        Backend::Sqlite => {
            let target = to
                .to_str()
                .ok_or_else(|| BackupError::NotABackup(to.to_path_buf()))?;
            sqlx::query(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
                .execute(store.pool())
                .await
                .map_err(StoreError::from)?;
        }
        Backend::Postgres => {
            let (_, pg_url) = parse_url(url)?;
            run(
                "pg_dump",
                Command::new(pg_tool("pg_dump")?)
                    .arg("--format=custom")
                    .arg("--no-owner")
                    .arg("--file")
                    .arg(to)
                    .arg("--dbname")
                    .arg(&pg_url),
            )?;
        }
    }
    store.close().await;
    Ok(BackupReport {
        municipalities,
        citizens,
        audit_entries,
        verified: None,
    })
}

/// Restores the backup `from` into the empty database at `url`, brings its
/// schema up to date, verifies its audit chains and writes the restore in
/// them.
pub async fn restore(url: &str, from: &Path) -> Result<BackupReport, BackupError> {
    if !from.is_file() {
        return Err(BackupError::NotABackup(from.to_path_buf()));
    }
    let (backend, sqlx_url) = parse_url(url)?;
    match backend {
        Backend::Sqlite => {
            let path = sqlite_path(url)?;
            if path.exists() && std::fs::metadata(&path)?.len() > 0 {
                if tables(&sqlx_url).await? > 0 {
                    return Err(BackupError::NotEmpty);
                }
                for leftover in ["", "-wal", "-shm"] {
                    let f = PathBuf::from(format!("{}{leftover}", path.display()));
                    if f.exists() {
                        std::fs::remove_file(f)?;
                    }
                }
            }
            let head = std::fs::read(from)?;
            if !head.starts_with(b"SQLite format 3\0") {
                return Err(BackupError::NotABackup(from.to_path_buf()));
            }
            std::fs::copy(from, &path)?;
        }
        Backend::Postgres => {
            if tables(&sqlx_url).await? > 0 {
                return Err(BackupError::NotEmpty);
            }
            run(
                "pg_restore",
                Command::new(pg_tool("pg_restore")?)
                    .arg("--no-owner")
                    .arg("--no-privileges")
                    .arg("--exit-on-error")
                    .arg("--single-transaction")
                    .arg("--dbname")
                    .arg(&sqlx_url)
                    .arg(from),
            )?;
        }
    }
    // Migrations bring a backup of an older version up to date.
    let store = SqlStore::connect(url).await?;
    let verified = store.verify_audit().await?;
    audit_everyone(
        &store,
        AuditAction::Update,
        "databasen gendannet fra sikkerhedskopi",
    )
    .await?;
    let (municipalities, citizens, audit_entries) = counts(&store).await?;
    store.close().await;
    Ok(BackupReport {
        municipalities,
        citizens,
        audit_entries,
        verified: Some(verified),
    })
}

/// How many tables the database holds (without creating any).
async fn tables(sqlx_url: &str) -> Result<i64, BackupError> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(sqlx_url)
        .await
        .map_err(StoreError::from)?;
    let sql = if sqlx_url.starts_with("sqlite:") {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
    } else {
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    };
    let n: i64 = sqlx::query_scalar(sql)
        .fetch_one(&pool)
        .await
        .map_err(StoreError::from)?;
    pool.close().await;
    Ok(n)
}

/// The file of a `sqlite://PATH` or `sqlite:PATH` URL.
fn sqlite_path(url: &str) -> Result<PathBuf, BackupError> {
    let rest = crate::sqlite_location(url).ok_or(StoreError::UnsupportedUrl)?;
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// A PostgreSQL client tool: `JOBSPOR_PG_BIN/NAME`, on the PATH, or the
/// newest installed under /usr/lib/postgresql.
fn pg_tool(name: &'static str) -> Result<PathBuf, BackupError> {
    if let Some(dir) = std::env::var_os("JOBSPOR_PG_BIN") {
        return Ok(PathBuf::from(dir).join(name));
    }
    let on_path = std::env::var_os("PATH").map(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|f| f.is_file())
    });
    if let Some(Some(found)) = on_path {
        return Ok(found);
    }
    let mut installed: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let tool = e.path().join("bin").join(name);
            tool.is_file().then_some((version, tool))
        })
        .collect();
    installed.sort();
    installed
        .pop()
        .map(|(_, t)| t)
        .ok_or(BackupError::ToolMissing(name))
}

fn run(tool: &'static str, cmd: &mut Command) -> Result<(), BackupError> {
    let out = cmd.output().map_err(|_| BackupError::ToolMissing(tool))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool {
            tool,
            status: out.status.to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}
