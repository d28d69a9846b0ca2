//! Logins through an identity provider: the logins under way (one use
//! each), the administrator's claim mappings, the link from a provider's
//! subject to a Jobspor user, and whether a municipality still allows local
//! passwords.

use crate::row::{instant, int, opt_text, parsed, text};
use crate::users::{user_from_row, USER_COLS};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::identity::ClaimMapping;
use jobspor_domain::user::{Role, User};
use jobspor_domain::{MunicipalityId, UserId};
use sqlx::any::AnyRow;

/// A login sent to the identity provider and not yet back. Keyed by the
/// hash of its `state`; `browser_hash` binds it to the browser that started
/// it (a cookie), so a callback link cannot be planted in another browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub kind: String,
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next: String,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait IdentityStore: Send + Sync {
    async fn save_pending_login(&self, state_hash: &str, login: &PendingLogin) -> Result<()>;
    /// Removes and returns the login under way with this state: a state is
    /// good for one callback only.
    async fn take_pending_login(&self, state_hash: &str) -> Result<Option<PendingLogin>>;
    /// Forgets logins started before `before` (never finished).
    async fn purge_pending_logins(&self, before: DateTime<Utc>) -> Result<u64>;
    /// Every municipality's mappings, oldest first (the first match decides).
    async fn all_claim_mappings(&self) -> Result<Vec<ClaimMapping>>;
    async fn claim_mappings(&self, municipality: MunicipalityId) -> Result<Vec<ClaimMapping>>;
    /// A (claim, value) pair maps in one municipality only.
    async fn add_claim_mapping(&self, mapping: &ClaimMapping, audit: &[AuditEvent]) -> Result<()>;
    async fn remove_claim_mapping(
        &self,
        municipality: MunicipalityId,
        id: jobspor_domain::ClaimMappingId,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The user a provider's subject is linked to.
    async fn user_by_subject(&self, issuer: &str, subject: &str) -> Result<Option<User>>;
    /// Whether the user is linked to a provider's subject.
    async fn has_identity(&self, user: UserId) -> Result<bool>;
    /// Links a subject to a user (an administrator's link, or a first login).
    async fn link_subject(
        &self,
        issuer: &str,
        subject: &str,
        user: UserId,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Creates the user of a first login and links its subject, together.
    async fn create_linked_user(
        &self,
        user: &crate::NewUser,
        issuer: &str,
        subject: &str,
        audit: &[AuditEvent],
    ) -> Result<User>;
    /// Brings a linked user's name, role and team in line with the provider.
    async fn sync_linked_user(
        &self,
        user: &User,
        display_name: &str,
        role: Role,
        team: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<User>;
    async fn local_login_allowed(&self, municipality: MunicipalityId) -> Result<bool>;
    async fn set_local_login(
        &self,
        municipality: MunicipalityId,
        allowed: bool,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

fn mapping_from_row(r: &AnyRow) -> Result<ClaimMapping> {
    Ok(ClaimMapping {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        claim: text(r, "claim")?,
        value: text(r, "claim_value")?,
        role: Role::parse(&text(r, "role")?).ok_or_else(|| StoreError::Corrupt("role".into()))?,
        team: opt_text(r, "team")?,
        create_users: int(r, "create_users")? != 0,
    })
}

const MAPPING_COLS: &str = "id, municipality_id, claim, claim_value, role, team, create_users";

#[async_trait]
impl IdentityStore for SqlStore {
    async fn save_pending_login(&self, state_hash: &str, p: &PendingLogin) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO oidc_pending_logins (state_hash, kind, browser_hash, nonce, pkce_verifier, next_path, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(state_hash)
        .bind(&p.kind)
        .bind(&p.browser_hash)
        .bind(&p.nonce)
        .bind(&p.pkce_verifier)
        .bind(&p.next)
        .bind(p.created_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "login"))?;
        tx.commit(&[]).await?;
        Ok(())
    }

    async fn take_pending_login(&self, state_hash: &str) -> Result<Option<PendingLogin>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "DELETE FROM oidc_pending_logins WHERE state_hash = $1
             RETURNING kind, browser_hash, nonce, pkce_verifier, next_path, created_at",
        )
        .bind(state_hash)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit(&[]).await?;
        row.map(|r| {
            Ok(PendingLogin {
                kind: text(&r, "kind")?,
                browser_hash: text(&r, "browser_hash")?,
                nonce: text(&r, "nonce")?,
                pkce_verifier: text(&r, "pkce_verifier")?,
                next: text(&r, "next_path")?,
                created_at: instant(&r, "created_at")?,
            })
        })
        .transpose()
    }

    async fn purge_pending_logins(&self, before: DateTime<Utc>) -> Result<u64> {
        self.write_counted(
            sqlx::query("DELETE FROM oidc_pending_logins WHERE created_at < $1")
                .bind(before.timestamp_micros()),
        )
        .await
    }

    async fn all_claim_mappings(&self) -> Result<Vec<ClaimMapping>> {
        let rows = sqlx::query(&format!(
            "SELECT {MAPPING_COLS} FROM claim_mappings ORDER BY created_at, id"
        ))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(mapping_from_row).collect()
    }

    async fn claim_mappings(&self, municipality: MunicipalityId) -> Result<Vec<ClaimMapping>> {
        let rows = sqlx::query(&format!(
            "SELECT {MAPPING_COLS} FROM claim_mappings WHERE municipality_id = $1 ORDER BY created_at, id"
        ))
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(mapping_from_row).collect()
    }

    async fn add_claim_mapping(&self, m: &ClaimMapping, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO claim_mappings (id, municipality_id, claim, claim_value, role, team, create_users, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(m.id.to_string())
        .bind(m.municipality_id.to_string())
        .bind(&m.claim)
        .bind(&m.value)
        .bind(m.role.code())
        .bind(m.team.clone())
        .bind(i64::from(m.create_users))
        .bind(Utc::now().timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "claim mapping"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn remove_claim_mapping(
        &self,
        municipality: MunicipalityId,
        id: jobspor_domain::ClaimMappingId,
        audit: &[AuditEvent],
    ) -> Result<()> {
        self.update_found(
            sqlx::query("DELETE FROM claim_mappings WHERE id = $1 AND municipality_id = $2")
                .bind(id.to_string())
                .bind(municipality.to_string()),
            audit,
        )
        .await
    }

    async fn user_by_subject(&self, issuer: &str, subject: &str) -> Result<Option<User>> {
        let cols = USER_COLS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let row = sqlx::query(&format!(
            "SELECT {cols} FROM user_identities i JOIN users u ON u.id = i.user_id
             WHERE i.issuer = $1 AND i.subject = $2"
        ))
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| user_from_row(&r)).transpose()
    }

    async fn has_identity(&self, user: UserId) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_identities WHERE user_id = $1")
            .bind(user.to_string())
            .fetch_one(&mut *self.read().await?)
            .await?;
        Ok(n > 0)
    }

    async fn link_subject(
        &self,
        issuer: &str,
        subject: &str,
        user: UserId,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_identity(&mut tx, issuer, subject, user).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn create_linked_user(
        &self,
        u: &crate::NewUser,
        issuer: &str,
        subject: &str,
        audit: &[AuditEvent],
    ) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let user = crate::users::insert_user(&mut tx, u).await?;
        insert_identity(&mut tx, issuer, subject, user.id).await?;
        tx.commit(audit).await?;
        Ok(user)
    }

    async fn sync_linked_user(
        &self,
        user: &User,
        display_name: &str,
        role: Role,
        team: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE users SET display_name = $1, role = $2, team = $3, version = version + 1
             WHERE id = $4 AND version = $5",
        )
        .bind(display_name)
        .bind(role.code())
        .bind(team.map(String::from))
        .bind(user.id.to_string())
        .bind(user.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Conflict::Stale.into());
        }
        tx.commit(audit).await?;
        Ok(User {
            display_name: display_name.into(),
            role,
            team: team.map(String::from),
            version: user.version + 1,
            ..user.clone()
        })
    }

    async fn local_login_allowed(&self, municipality: MunicipalityId) -> Result<bool> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT local_login FROM municipalities WHERE id = $1")
                .bind(municipality.to_string())
                .fetch_optional(&mut *self.read().await?)
                .await?;
        Ok(v.is_none_or(|v| v != 0))
    }

    async fn set_local_login(
        &self,
        municipality: MunicipalityId,
        allowed: bool,
        audit: &[AuditEvent],
    ) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE municipalities SET local_login = $1 WHERE id = $2")
                .bind(i64::from(allowed))
                .bind(municipality.to_string()),
            audit,
        )
        .await
    }
}

async fn insert_identity(
    tx: &mut sqlx::AnyConnection,
    issuer: &str,
    subject: &str,
    user: UserId,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_identities (issuer, subject, user_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(issuer)
    .bind(subject)
    .bind(user.to_string())
    .bind(Utc::now().timestamp_micros())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_write(e, "identity"))?;
    Ok(())
}
