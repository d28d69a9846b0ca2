//! Citizens' own sessions, after a login through NemLog-in/MitID: a table
//! of their own, apart from staff sessions, so that a citizen's cookie can
//! never be taken for a member of staff's.

use crate::row::{instant, parsed, text};
use crate::{Result, SqlStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::{CitizenId, MunicipalityId};

/// A citizen's session; the cookie holds a secret whose SHA-256 is `id_hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenSession {
    pub id_hash: String,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

#[async_trait]
pub trait CitizenSessionStore: Send + Sync {
    /// Starts a session with the login's audit entries, ending the one the
    /// browser had (`replaces`) in the same transaction.
    async fn create_citizen_session(
        &self,
        s: &CitizenSession,
        replaces: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn citizen_session(&self, id_hash: &str) -> Result<Option<CitizenSession>>;
    async fn touch_citizen_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()>;
    async fn end_citizen_session(&self, id_hash: &str, audit: &[AuditEvent]) -> Result<()>;
    /// Removes sessions idle since `idle_before` or started before `started_before`.
    async fn purge_citizen_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> Result<u64>;
}

#[async_trait]
impl CitizenSessionStore for SqlStore {
    async fn create_citizen_session(
        &self,
        s: &CitizenSession,
        replaces: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM citizen_sessions WHERE id_hash = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO citizen_sessions (id_hash, municipality_id, citizen_id, csrf_token, created_at, last_seen)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.id_hash)
        .bind(s.municipality_id.to_string())
        .bind(s.citizen_id.to_string())
        .bind(&s.csrf_token)
        .bind(s.created_at.timestamp_micros())
        .bind(s.last_seen.timestamp_micros())
        .execute(&mut *tx)
        .await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn citizen_session(&self, id_hash: &str) -> Result<Option<CitizenSession>> {
        let row = sqlx::query(
            "SELECT id_hash, municipality_id, citizen_id, csrf_token, created_at, last_seen
             FROM citizen_sessions WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| {
            Ok(CitizenSession {
                id_hash: text(&r, "id_hash")?,
                municipality_id: parsed(&r, "municipality_id")?,
                citizen_id: parsed(&r, "citizen_id")?,
                csrf_token: text(&r, "csrf_token")?,
                created_at: instant(&r, "created_at")?,
                last_seen: instant(&r, "last_seen")?,
            })
        })
        .transpose()
    }

    async fn touch_citizen_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE citizen_sessions SET last_seen = $1 WHERE id_hash = $2")
                .bind(at.timestamp_micros())
                .bind(id_hash),
            &[],
        )
        .await
    }

    async fn end_citizen_session(&self, id_hash: &str, audit: &[AuditEvent]) -> Result<()> {
        self.write_one(
            sqlx::query("DELETE FROM citizen_sessions WHERE id_hash = $1").bind(id_hash),
            audit,
        )
        .await
    }

    async fn purge_citizen_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> Result<u64> {
        self.write_counted(
            sqlx::query("DELETE FROM citizen_sessions WHERE last_seen < $1 OR created_at < $2")
                .bind(idle_before.timestamp_micros())
                .bind(started_before.timestamp_micros()),
        )
        .await
    }
}
