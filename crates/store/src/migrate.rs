//! Embedded migrations, applied at start. Each migration has a part common to
//! both engines and a part per engine (types and triggers differ).

use crate::{Backend, StoreError};
use sqlx::AnyPool;

struct Migration {
    version: i64,
    name: &'static str,
    common: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        common: include_str!("migrations/0001_foundation.common.sql"),
        sqlite: include_str!("migrations/0001_foundation.sqlite.sql"),
        postgres: include_str!("migrations/0001_foundation.postgres.sql"),
    },
    Migration {
        version: 2,
        name: "questionnaires",
        common: include_str!("migrations/0002_questionnaires.common.sql"),
        sqlite: include_str!("migrations/0002_questionnaires.sqlite.sql"),
        postgres: include_str!("migrations/0002_questionnaires.postgres.sql"),
    },
    Migration {
        version: 3,
        name: "triage",
        common: include_str!("migrations/0003_triage.common.sql"),
        sqlite: include_str!("migrations/0003_triage.sqlite.sql"),
        postgres: include_str!("migrations/0003_triage.postgres.sql"),
    },
    Migration {
        version: 4,
        name: "icf",
        common: include_str!("migrations/0004_icf.common.sql"),
        sqlite: include_str!("migrations/0004_icf.sqlite.sql"),
        postgres: include_str!("migrations/0004_icf.postgres.sql"),
    },
    Migration {
        version: 5,
        name: "focus_areas",
        common: include_str!("migrations/0005_focus_areas.common.sql"),
        sqlite: include_str!("migrations/0005_focus_areas.sqlite.sql"),
        postgres: include_str!("migrations/0005_focus_areas.postgres.sql"),
    },
    Migration {
        version: 6,
        name: "analysis_notes",
        common: include_str!("migrations/0006_analysis_notes.common.sql"),
        sqlite: include_str!("migrations/0006_analysis_notes.sqlite.sql"),
        postgres: include_str!("migrations/0006_analysis_notes.postgres.sql"),
    },
    Migration {
        version: 7,
        name: "catalogue",
        common: include_str!("migrations/0007_catalogue.common.sql"),
        sqlite: include_str!("migrations/0007_catalogue.sqlite.sql"),
        postgres: include_str!("migrations/0007_catalogue.postgres.sql"),
    },
];

pub(crate) async fn run(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(pool)
    .await?;
    for m in MIGRATIONS {
        let mut tx = pool.begin().await?;
        let done: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_some() {
            continue;
        }
        let specific = match backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        sqlx::raw_sql(m.common).execute(&mut *tx).await?;
        sqlx::raw_sql(specific).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(chrono::Utc::now().timestamp_micros())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
    }
    Ok(())
}
