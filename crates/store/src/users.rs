//! Municipalities, units, staff users, sessions and API tokens.

use crate::row::{instant, int, opt_parsed, opt_text, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::user::{Profession, Role, User};
use jobspor_domain::{MunicipalityId, UnitId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct NewUser {
    pub municipality_id: MunicipalityId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub profession: Option<Profession>,
    pub unit_id: Option<UnitId>,
    pub team: Option<String>,
    pub password_hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub municipality_id: MunicipalityId,
    pub name: String,
    /// The unit's shared mailbox for notifications, if it has one.
    pub email: Option<String>,
}

/// A server-side session; the cookie holds a secret whose SHA-256 is `id_hash`.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn create_municipality(&self, id: MunicipalityId, name: &str) -> Result<()>;
    async fn municipality_name(&self, id: MunicipalityId) -> Result<Option<String>>;
    async fn municipality_by_name(&self, name: &str) -> Result<Option<MunicipalityId>>;
    async fn count_municipalities(&self) -> Result<i64>;
    /// Every municipality, by name.
    async fn municipalities(&self) -> Result<Vec<(MunicipalityId, String)>>;
    async fn create_unit(
        &self,
        municipality: MunicipalityId,
        name: &str,
        audit: &[AuditEvent],
    ) -> Result<Unit>;
    async fn list_units(&self, municipality: MunicipalityId) -> Result<Vec<Unit>>;
    /// Sets or clears the unit's shared mailbox.
    async fn set_unit_email(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        email: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn create_user(&self, user: &NewUser, audit: &[AuditEvent]) -> Result<User>;
    /// The user and their password hash, for login.
    async fn user_by_username(&self, username: &str) -> Result<Option<(User, String)>>;
    async fn user(&self, id: UserId) -> Result<Option<User>>;
    async fn list_users(&self, municipality: MunicipalityId) -> Result<Vec<User>>;
    /// Activates or deactivates; deactivation ends the user's sessions and tokens.
    async fn set_user_active(
        &self,
        municipality: MunicipalityId,
        id: UserId,
        active: bool,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Starts a session with its audit entries; `replaces` (a session id the
    /// browser already had) ends in the same transaction.
    async fn create_session(
        &self,
        s: &SessionRecord,
        replaces: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>>;
    /// The session and its user in one read: what authenticates every
    /// staff request.
    async fn session_with_user(&self, id_hash: &str) -> Result<Option<(SessionRecord, User)>>;
    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()>;
    /// Ends a session, with its audit entries.
    async fn delete_session(&self, id_hash: &str, audit: &[AuditEvent]) -> Result<()>;
    async fn create_api_token(
        &self,
        token_hash: &str,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> Result<()>;
    /// The user of a token that has not expired.
    async fn api_token_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<UserId>>;
    /// Removes sessions idle since `idle_before` or started before
    /// `started_before`, and expired tokens. Returns how many rows went.
    async fn purge_expired(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64>;
}

/// Inserts a new active user in the caller's transaction.
pub(crate) async fn insert_user(tx: &mut sqlx::AnyConnection, u: &NewUser) -> Result<User> {
    let user = User {
        id: UserId::new(),
        municipality_id: u.municipality_id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        profession: u.profession,
        unit_id: u.unit_id,
        team: u.team.clone(),
        active: true,
        version: 1,
    };
    sqlx::query(
        "INSERT INTO users (id, municipality_id, username, display_name, role, profession, unit_id, team, password_hash, active, version, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 1, $10)",
    )
    .bind(user.id.to_string())
    .bind(u.municipality_id.to_string())
    .bind(&u.username)
    .bind(&u.display_name)
    .bind(u.role.code())
    .bind(u.profession.map(|p| p.code()))
    .bind(u.unit_id.map(|x| x.to_string()))
    .bind(u.team.clone())
    .bind(&u.password_hash)
    .bind(Utc::now().timestamp_micros())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_write(e, "user"))?;
    Ok(user)
}

pub(crate) const USER_COLS: &str =
    "id, municipality_id, username, display_name, role, profession, unit_id, team, active, version";

pub(crate) fn user_from_row(row: &AnyRow) -> Result<User> {
    let role = text(row, "role")?;
    let profession = opt_text(row, "profession")?;
    Ok(User {
        id: parsed(row, "id")?,
        municipality_id: parsed(row, "municipality_id")?,
        username: text(row, "username")?,
        display_name: text(row, "display_name")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt("role".into()))?,
        profession: profession.as_deref().and_then(Profession::parse),
        unit_id: opt_parsed(row, "unit_id")?,
        team: opt_text(row, "team")?,
        active: int(row, "active")? != 0,
        version: int(row, "version")?,
    })
}

const SESSION_COLS: &str =
    "sessions.id_hash, sessions.user_id, sessions.csrf_token, sessions.created_at, sessions.last_seen";

fn session_from_row(r: &AnyRow) -> Result<SessionRecord> {
    Ok(SessionRecord {
        id_hash: text(r, "id_hash")?,
        user_id: parsed(r, "user_id")?,
        csrf_token: text(r, "csrf_token")?,
        created_at: instant(r, "created_at")?,
        last_seen: instant(r, "last_seen")?,
    })
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_municipality(&self, id: MunicipalityId, name: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO municipalities (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(id.to_string())
            .bind(name)
            .bind(Utc::now().timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "municipality"))?;
        tx.commit(&[]).await?;
        Ok(())
    }

    async fn municipality_name(&self, id: MunicipalityId) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT name FROM municipalities WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(&mut *self.read().await?)
                .await?,
        )
    }

    async fn municipality_by_name(&self, name: &str) -> Result<Option<MunicipalityId>> {
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM municipalities WHERE name = $1")
                .bind(name)
                .fetch_optional(&mut *self.read().await?)
                .await?;
        id.map(|s| {
            s.parse()
                .map_err(|_| StoreError::Corrupt("municipality id".into()))
        })
        .transpose()
    }

    async fn count_municipalities(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM municipalities")
            .fetch_one(&mut *self.read().await?)
            .await?)
    }

    async fn municipalities(&self) -> Result<Vec<(MunicipalityId, String)>> {
        let rows = sqlx::query("SELECT id, name FROM municipalities ORDER BY name")
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| Ok((parsed(r, "id")?, text(r, "name")?)))
            .collect()
    }

    async fn create_unit(
        &self,
        municipality: MunicipalityId,
        name: &str,
        audit: &[AuditEvent],
    ) -> Result<Unit> {
        let unit = Unit {
            id: UnitId::new(),
            municipality_id: municipality,
            name: name.to_string(),
            email: None,
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO units (id, municipality_id, name, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(unit.id.to_string())
        .bind(municipality.to_string())
        .bind(name)
        .bind(Utc::now().timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "unit"))?;
        tx.commit(audit).await?;
        Ok(unit)
    }

    async fn set_unit_email(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        email: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE units SET email = $1 WHERE municipality_id = $2 AND id = $3")
                .bind(email)
                .bind(municipality.to_string())
                .bind(unit.to_string())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn list_units(&self, municipality: MunicipalityId) -> Result<Vec<Unit>> {
        let rows = sqlx::query(
            "SELECT id, municipality_id, name, email FROM units WHERE municipality_id = $1 ORDER BY name",
        )
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Unit {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    name: text(r, "name")?,
                    email: crate::row::opt_text(r, "email")?,
                })
            })
            .collect()
    }

    async fn create_user(&self, u: &NewUser, audit: &[AuditEvent]) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let user = insert_user(&mut tx, u).await?;
        tx.commit(audit).await?;
        Ok(user)
    }

    async fn user_by_username(&self, username: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLS}, password_hash FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| Ok((user_from_row(&r)?, text(&r, "password_hash")?)))
            .transpose()
    }

    async fn user(&self, id: UserId) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLS} FROM users WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(|r| user_from_row(&r)).transpose()
    }

    async fn list_users(&self, municipality: MunicipalityId) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLS} FROM users WHERE municipality_id = $1 ORDER BY username"
        ))
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn set_user_active(
        &self,
        municipality: MunicipalityId,
        id: UserId,
        active: bool,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE users SET active = $1, version = version + 1 WHERE id = $2 AND municipality_id = $3 AND version = $4",
        )
        .bind(i64::from(active))
        .bind(id.to_string())
        .bind(municipality.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM users WHERE id = $1 AND municipality_id = $2",
            )
            .bind(id.to_string())
            .bind(municipality.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            return Err(match exists {
                None => StoreError::NotFound,
                Some(_) => Conflict::Stale.into(),
            });
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn create_session(
        &self,
        s: &SessionRecord,
        replaces: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)")
            .bind(&s.id_hash)
            .bind(s.user_id.to_string())
            .bind(&s.csrf_token)
            .bind(s.created_at.timestamp_micros())
            .bind(s.last_seen.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        tx.commit(audit).await
    }

    async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE id_hash = $1"
        ))
        .bind(id_hash)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| session_from_row(&r)).transpose()
    }

    async fn session_with_user(&self, id_hash: &str) -> Result<Option<(SessionRecord, User)>> {
        let user_cols = USER_COLS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        // The user's columns and the session's have no name in common.
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLS}, {user_cols} FROM sessions JOIN users u ON u.id = sessions.user_id \
             WHERE sessions.id_hash = $1"
        ))
        .bind(id_hash)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| Ok((session_from_row(&r)?, user_from_row(&r)?)))
            .transpose()
    }

    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id_hash = $2")
                .bind(at.timestamp_micros())
                .bind(id_hash),
            &[],
        )
        .await
    }

    async fn delete_session(&self, id_hash: &str, audit: &[AuditEvent]) -> Result<()> {
        self.write_one(
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash),
            audit,
        )
        .await
    }

    async fn create_api_token(
        &self,
        token_hash: &str,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let q = sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.to_string())
            .bind(Utc::now().timestamp_micros())
            .bind(expires_at.timestamp_micros());
        self.write_one(q, &[]).await
    }

    async fn purge_expired(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let a = sqlx::query("DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2")
            .bind(idle_before.timestamp_micros())
            .bind(started_before.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        let b = sqlx::query("DELETE FROM api_tokens WHERE expires_at <= $1")
            .bind(now.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        tx.commit(&[]).await?;
        Ok(a.rows_affected() + b.rows_affected())
    }

    async fn api_token_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<UserId>> {
        let id: Option<String> = sqlx::query_scalar(
            "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.timestamp_micros())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        id.map(|s| {
            s.parse()
                .map_err(|_| StoreError::Corrupt("token user".into()))
        })
        .transpose()
    }
}
