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

/// One migration: its common SQL and each engine's own part, by file stem.
macro_rules! migration {
    ($version:expr, $name:literal, $stem:literal) => {
        Migration {
            version: $version,
            name: $name,
            common: include_str!(concat!("migrations/", $stem, ".common.sql")),
            sqlite: include_str!(concat!("migrations/", $stem, ".sqlite.sql")),
            postgres: include_str!(concat!("migrations/", $stem, ".postgres.sql")),
        }
    };
}

const MIGRATIONS: &[Migration] = &[
    migration!(1, "foundation", "0001_foundation"),
    migration!(2, "questionnaires", "0002_questionnaires"),
    migration!(3, "triage", "0003_triage"),
    migration!(4, "icf", "0004_icf"),
    migration!(5, "focus_areas", "0005_focus_areas"),
    migration!(6, "analysis_notes", "0006_analysis_notes"),
    migration!(7, "catalogue", "0007_catalogue"),
    migration!(8, "plans", "0008_plans"),
    migration!(9, "conference", "0009_conference"),
    migration!(10, "mail", "0010_mail"),
    migration!(11, "progression", "0011_progression"),
    migration!(12, "exits", "0012_exits"),
    migration!(13, "user_notices", "0013_user_notices"),
    migration!(14, "rating_links", "0014_rating_links"),
    migration!(15, "deadlines_met", "0015_deadlines_met"),
    migration!(16, "evaluation", "0016_evaluation"),
    migration!(17, "management", "0017_management"),
    migration!(18, "comparison", "0018_comparison"),
    migration!(19, "research_key", "0019_research_key"),
    migration!(20, "measurement_corrects", "0020_measurement_corrects"),
    migration!(21, "audit_citizen_blocks", "0021_audit_citizen_blocks"),
    migration!(
        22,
        "audit_citizen_small_blocks",
        "0022_audit_citizen_small_blocks"
    ),
    migration!(23, "list_covering_indexes", "0023_list_covering_indexes"),
    migration!(24, "analysis_corrections", "0024_analysis_corrections"),
    migration!(25, "rules_in_force", "0025_rules_in_force"),
    migration!(26, "overall_description", "0026_overall_description"),
    migration!(27, "work_duty", "0027_work_duty"),
    migration!(28, "job_contact", "0028_job_contact"),
    migration!(29, "readiness_assessments", "0029_readiness_assessments"),
    migration!(30, "identity", "0030_identity"),
    migration!(31, "second_factor", "0031_second_factor"),
    migration!(32, "citizen_sessions", "0032_citizen_sessions"),
    migration!(33, "plan_responses", "0033_plan_responses"),
    migration!(34, "document_shares", "0034_document_shares"),
    migration!(35, "citizen_access", "0035_citizen_access"),
    migration!(36, "audit_reviews", "0036_audit_reviews"),
    migration!(37, "retention", "0037_retention"),
    migration!(38, "import_mappings", "0038_import_mappings"),
    migration!(39, "notice_detail", "0039_notice_detail"),
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
