//! Jobspor's storage: traits per domain concept and one SQL implementation
//! ([`SqlStore`]) that runs the same portable SQL on SQLite and PostgreSQL
//! through sqlx's `Any` driver. The engine is chosen by the URL's scheme.
//!
//! Error policy: every method returns [`StoreError`]. A write the stored
//! state refuses (a unique key taken, a version check failed, a signed
//! record, a closed course …) becomes [`StoreError::Conflict`] with a
//! [`Conflict`] the caller matches on; anything the database says is kept as
//! the source for logging and never shown to users.
//!
//! Writes that touch personal data take the audit events to write and append
//! them to the hash chain in the same transaction.
//!
//! SQLite allows one writer at a time. Writes go through one writer
//! connection, one at a time, and are committed in groups (see `engine/write.rs`),
//! so a deferred transaction never has to upgrade a read lock against another
//! writer of this process. Other processes (e.g. `jobspor audit verify`) only
//! read; a 5 s busy timeout covers the rest.

mod analysis;
mod audit;
pub mod backup;
mod benefit;
mod bulk;
mod catalogue;
mod citizen_access;
mod citizen_sessions;
mod citizens;
mod conference;
mod consents;
mod consultations;
mod control;
mod courses;
mod document_shares;
mod documents;
mod engine;
mod evaluation;
mod exits;
mod icf;
mod identity;
mod import;
mod insight;
mod job_contact;
mod journal;
mod load;
mod load_screenings;
mod log_review;
mod mail;
mod management;
mod migrate;
mod plan_responses;
mod plans;
mod progression;
mod questionnaires;
mod retention;
mod row;
mod rules;
mod second_factor;
pub mod testing;
mod triage;
mod users;
mod work_duty;

pub use analysis::{AnalysisStore, FocusStore};
pub use audit::{AuditFootprint, AuditStore, VerifyReport};
pub use benefit::BenefitStore;
pub use bulk::DeferredIndex;
pub use catalogue::CatalogueStore;
pub use citizen_access::{CitizenAccessStore, GrantToReview};
pub use citizen_sessions::{CitizenSession, CitizenSessionStore};
pub use citizens::CitizenStore;
pub use conference::{ConferenceStore, Signing, NOTICE_BOOKED, NOTICE_BOOKING_CANCELLED};
pub use consents::ConsentStore;
pub use consultations::{Answer, ConsultationStore};
pub use control::{ControlStore, OpenCourse, OpenGoal, UserNotice, Whose};
pub use courses::{
    CourseChange, CourseFilter, CourseListRow, CourseScope, CourseSearch, CourseStore,
    RelatedCourse,
};
pub use document_shares::DocumentShareStore;
pub use documents::DocumentStore;
pub use engine::EnginePieces;
pub use evaluation::{
    BenefitPeriod, CohortCourse, CohortPlacement, EvaluationStore, ImportRecord, RegisterImport,
};
pub use exits::ExitStore;
pub use icf::IcfStore;
pub use identity::{IdentityStore, PendingLogin};
pub use import::{ImportBatch, ImportStore};
pub use insight::{insight_shape, InsightStore};
pub use job_contact::{ContactCourse, JobContactStore};
pub use journal::JournalStore;
pub use load::LoadedPlacement;
pub use log_review::{LogReviewStore, Review};
pub use mail::{MailStore, PendingMail};
pub use management::{
    CapacityPlacement, ComparisonCurve, ManagementStore, RatingChange, DEFAULT_TARGET_KEY,
};
pub use plan_responses::{PlanResponseStore, NOTICE_PLAN_ANSWER};
pub use plans::{Occupancy, PlacementStop, PlanStore, Revision, RosterRow, RosterScope};
pub use progression::{ProgressionStore, RatingLink};
pub use questionnaires::{install_shipped_definitions, QuestionnaireStore};
pub use retention::{HoldRow, RetentionStore};
pub use rules::{RuleStore, StoredActivation};
pub use second_factor::{Challenge, SecondFactorStore, StoredTotp};
pub use triage::TriageStore;
pub use users::{NewUser, SessionRecord, Unit, UserStore};
pub use work_duty::WorkDutyStore;

use engine::{read, write};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The stored state refuses the write; see [`Conflict`].
    #[error("conflict: {0}")]
    Conflict(Conflict),
    #[error("unsupported database URL (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The transaction that carried this audit entry with others failed.
    #[error("audit write failed: {0}")]
    AuditBatch(String),
    /// The shared write transaction was lost before it committed.
    #[error("the write transaction was lost before it committed")]
    WriteLost,
}

/// Why the stored state refuses a write. Callers match on the variant; the
/// text is for logs only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// A unique key is taken: the named thing already exists.
    #[error("{0} already exists")]
    Exists(&'static str),
    /// The record changed since the caller read its version.
    #[error("the record was changed meanwhile")]
    Stale,
    /// The course is closed.
    #[error("the course is closed")]
    CourseClosed,
    /// The intervention is on the course's plan already.
    #[error("the intervention is already on the plan")]
    AlreadyPlanned,
    /// The intervention takes no new participants.
    #[error("the intervention takes no new participants")]
    InterventionClosed,
    /// The professional has another conversation at that time.
    #[error("the professional is booked at that time")]
    SlotTaken,
    /// The conference record is signed and cannot change.
    #[error("the conference record is signed")]
    Signed,
    /// Addenda are for signed records only.
    #[error("the conference record is not signed")]
    NotSigned,
    /// The goal has ended.
    #[error("the goal has already ended")]
    GoalEnded,
    /// The one-time rating link is used or expired.
    #[error("the rating link is used or expired")]
    LinkSpent,
    /// The questionnaire response is submitted and locked.
    #[error("the response is submitted and locked")]
    Submitted,
    /// A questionnaire definition of that key and version exists with other
    /// content.
    #[error("that questionnaire version exists with other content")]
    VersionExists,
    /// The sundhedskoordinator's reply is attached; the consultation is
    /// what a decision rests on and cannot change.
    #[error("the consultation's reply is attached")]
    AdviceAttached,
}

impl From<Conflict> for StoreError {
    fn from(c: Conflict) -> StoreError {
        StoreError::Conflict(c)
    }
}

impl StoreError {
    pub(crate) fn from_write(e: sqlx::Error, what: &'static str) -> StoreError {
        if let sqlx::Error::Database(d) = &e {
            if d.is_unique_violation() {
                return StoreError::Conflict(Conflict::Exists(what));
            }
        }
        StoreError::Database(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Everything the web layer needs from storage.
pub trait Store:
    UserStore
    + CitizenStore
    + CourseStore
    + JournalStore
    + DocumentStore
    + DocumentShareStore
    + CitizenAccessStore
    + InsightStore
    + LogReviewStore
    + AuditStore
    + QuestionnaireStore
    + TriageStore
    + IcfStore
    + FocusStore
    + AnalysisStore
    + CatalogueStore
    + ConsentStore
    + PlanStore
    + ConferenceStore
    + MailStore
    + ProgressionStore
    + ExitStore
    + ControlStore
    + EvaluationStore
    + ManagementStore
    + RuleStore
    + ConsultationStore
    + WorkDutyStore
    + JobContactStore
    + BenefitStore
    + IdentityStore
    + SecondFactorStore
    + CitizenSessionStore
    + PlanResponseStore
    + RetentionStore
    + ImportStore
{
}
impl<T> Store for T where
    T: UserStore
        + CitizenStore
        + CourseStore
        + JournalStore
        + DocumentStore
        + DocumentShareStore
        + CitizenAccessStore
        + InsightStore
        + LogReviewStore
        + AuditStore
        + QuestionnaireStore
        + TriageStore
        + IcfStore
        + FocusStore
        + AnalysisStore
        + CatalogueStore
        + ConsentStore
        + PlanStore
        + ConferenceStore
        + MailStore
        + ProgressionStore
        + ExitStore
        + ControlStore
        + EvaluationStore
        + ManagementStore
        + RuleStore
        + ConsultationStore
        + WorkDutyStore
        + JobContactStore
        + BenefitStore
        + IdentityStore
        + SecondFactorStore
        + CitizenSessionStore
        + PlanResponseStore
        + RetentionStore
        + ImportStore
{
}

#[derive(Clone)]
pub struct SqlStore {
    /// Migrations and a load's last checkpoint; on PostgreSQL also the reads.
    pool: AnyPool,
    /// Where reads run (see `engine/read.rs`).
    readers: Arc<read::Readers>,
    /// Where writes run (see `engine/write.rs`): its own single connection
    /// on SQLite, the shared pool on PostgreSQL.
    writer: AnyPool,
    backend: Backend,
    group: Arc<write::GroupCommit>,
    /// Which pieces of the engine run (all, except in ablation runs).
    pieces: engine::EnginePieces,
}

/// Turns `sqlite://PATH`, `sqlite:PATH` or `postgres://…` into a backend and a
/// URL sqlx accepts; SQLite files are created when missing.
pub fn parse_url(url: &str) -> Result<(Backend, String)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok((Backend::Postgres, url.to_string()))
    } else if let Some(rest) = sqlite_location(url) {
        let sep = if rest.contains('?') { '&' } else { '?' };
        let full = if rest.contains("mode=") {
            format!("sqlite://{rest}")
        } else {
            format!("sqlite://{rest}{sep}mode=rwc")
        };
        Ok((Backend::Sqlite, full))
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}

/// What follows the scheme of a `sqlite://` or `sqlite:` URL: the file,
/// and any options after a `?`.
pub(crate) fn sqlite_location(url: &str) -> Option<&str> {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
}

/// How much a commit promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// An acknowledged write survives power loss.
    Full,
    /// For loading generated data into a fresh database only: commits do
    /// not wait for the disk, and SQLite's writer keeps a large page cache.
    /// A crash can lose the last commits (the data are regenerated).
    Loading,
}

/// SQLite's reader connections: enough that a read seldom waits for one
/// while another waits for the disk.
const SQLITE_READERS: usize = 8;

/// What every SQLite connection runs first. `writer`: the connection that
/// writes. The server's writer checkpoints as SQLite does by default (every
/// 1,000 pages of log); a load leaves it to [`SqlStore::finish_load`].
fn sqlite_pragmas(durability: Durability, writer: bool) -> String {
    // WAL for concurrent readers; FULL so an acknowledged write survives
    // power loss, not only a process crash. Temporary storage in memory:
    // writes that join the writer's open transaction run in savepoints,
    // whose journal would otherwise go to a temporary file.
    let durable = match durability {
        Durability::Full => "PRAGMA synchronous=FULL;",
        // Helper threads let the sorts of `build_index` use every core;
        // nothing else runs while the indexes are built.
        Durability::Loading => {
            "PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA threads=4;"
        }
    };
    let checkpoints = if writer && durability == Durability::Loading {
        "PRAGMA wal_autocheckpoint=0;"
    } else {
        ""
    };
    format!("PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; {durable} {checkpoints}")
}

fn pool_options(
    backend: Backend,
    connections: u32,
    durability: Durability,
    writer: bool,
) -> AnyPoolOptions {
    let opts = AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(10));
    match (backend, durability) {
        (Backend::Postgres, Durability::Full) => opts,
        (Backend::Postgres, Durability::Loading) => opts.after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("SET synchronous_commit = off").await?;
                Ok(())
            })
        }),
        // A SQLite connection cannot lose its server; sqlx's ping before
        // handing one out is a round trip between threads (see `engine/read.rs`).
        (Backend::Sqlite, _) => {
            opts.test_before_acquire(false)
                .after_connect(move |conn, _meta| {
                    Box::pin(async move {
                        conn.execute(sqlite_pragmas(durability, writer).as_str())
                            .await?;
                        Ok(())
                    })
                })
        }
    }
}

/// What the connections are opened with. Loading builds indexes over tens
/// of millions of rows: a statement that runs for minutes is the plan
/// there, not something to warn about, so sqlx's slow-statement warning is
/// lowered to a debug line (it stays a warning for the server).
fn connect_options(url: &str, durability: Durability) -> Result<AnyConnectOptions> {
    let opts: AnyConnectOptions = url.parse()?;
    Ok(match durability {
        Durability::Full => opts,
        Durability::Loading => {
            opts.log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1))
        }
    })
}

impl SqlStore {
    /// Connects and applies migrations.
    pub async fn connect(url: &str) -> Result<SqlStore> {
        SqlStore::connect_with(url, Durability::Full).await
    }

    /// Connects with the given durability (see [`Durability::Loading`]).
    pub async fn connect_with(url: &str, durability: Durability) -> Result<SqlStore> {
        SqlStore::connect_engine(url, durability, engine::EnginePieces::from_env()).await
    }

    /// Connects with some of the engine's pieces left out: for measuring
    /// what each gives, and for testing that the store is right without it.
    pub async fn connect_engine(
        url: &str,
        durability: Durability,
        pieces: engine::EnginePieces,
    ) -> Result<SqlStore> {
        sqlx::any::install_default_drivers();
        let (backend, url) = parse_url(url)?;
        let options = connect_options(&url, durability)?;
        let pool = pool_options(
            backend,
            match backend {
                // Reads have a pool of their own; this one migrates and
                // empties the log after a load.
                Backend::Sqlite => 2,
                Backend::Postgres => 16,
            },
            durability,
            false,
        )
        .connect_with(options.clone())
        .await?;
        migrate::run(&pool, backend).await?;
        // SQLite: writes get a connection of their own. Taken from the
        // shared pool, a writer holding the write lock could wait there
        // behind readers; and the only connection that writes is the only
        // one whose page cache the writes do not invalidate.
        let writer = match backend {
            Backend::Sqlite => {
                pool_options(backend, 1, durability, true)
                    // Loading runs longer than a pool's default connection
                    // lifetime; the writer's cache is kept for all of it.
                    .max_lifetime(None)
                    .idle_timeout(None)
                    .connect_with(options.clone())
                    .await?
            }
            Backend::Postgres => pool.clone(),
        };
        let group = Arc::default();
        let readers = Arc::new(match backend {
            Backend::Sqlite if !pieces.read_pool => read::Readers::Pool(
                pool_options(backend, SQLITE_READERS as u32, durability, false)
                    .connect_with(options.clone())
                    .await?,
            ),
            Backend::Sqlite => read::Readers::Own(Box::new(read::ReadPool::new(
                options,
                sqlite_pragmas(durability, false),
                SQLITE_READERS,
            ))),
            Backend::Postgres => read::Readers::Pool(pool.clone()),
        });
        Ok(SqlStore {
            pool,
            readers,
            writer,
            backend,
            group,
            pieces,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.readers.close().await;
        self.pool.close().await;
    }

    /// A connection to read on.
    pub(crate) async fn read(&self) -> Result<read::ReadConn<'_>> {
        self.readers.acquire().await
    }
}
