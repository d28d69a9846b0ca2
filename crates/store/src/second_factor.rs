//! The second factor of local accounts: a TOTP secret (RFC 6238) per user,
//! its last accepted time step (a code is good once), one-time recovery
//! codes (hashed), and the login challenges between the password and the
//! code.

use crate::row::{instant, int, parsed, text};
use crate::{Result, SqlStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::UserId;

/// A user's TOTP secret (base32) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTotp {
    pub secret: String,
    /// Whether the user proved the app has it (enrolment finished).
    pub confirmed: bool,
    pub last_step: i64,
}

/// A password that was right, waiting for its second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub user_id: UserId,
    pub next: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
}

#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    async fn totp(&self, user: UserId) -> Result<Option<StoredTotp>>;
    /// Keeps a new secret for a user who has none confirmed (replacing an
    /// unfinished enrolment).
    async fn begin_enrolment(&self, user: UserId, secret: &str) -> Result<()>;
    /// Finishes the enrolment: the secret is confirmed with the step its
    /// first code used, and the recovery codes replace any earlier ones.
    async fn confirm_enrolment(
        &self,
        user: UserId,
        step: i64,
        recovery_hashes: &[String],
        audit: &[AuditEvent],
    ) -> Result<bool>;
    /// Accepts a code's time step once: false if it (or a later one) was
    /// used already.
    async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool>;
    /// Uses up a recovery code: false if it is unknown or used.
    async fn use_recovery_code(&self, user: UserId, hash: &str) -> Result<bool>;
    /// How many recovery codes are left.
    async fn recovery_codes_left(&self, user: UserId) -> Result<i64>;
    /// Removes the user's second factor (an administrator's reset).
    async fn reset_second_factor(&self, user: UserId, audit: &[AuditEvent]) -> Result<()>;
    async fn save_challenge(&self, token_hash: &str, c: &Challenge) -> Result<()>;
    /// The challenge, without counting an attempt (to show a page).
    async fn challenge(&self, token_hash: &str) -> Result<Option<Challenge>>;
    /// The challenge, with this attempt counted.
    async fn attempt_challenge(&self, token_hash: &str) -> Result<Option<Challenge>>;
    async fn end_challenge(&self, token_hash: &str) -> Result<()>;
    /// Forgets challenges made before `before` (never answered).
    async fn purge_challenges(&self, before: DateTime<Utc>) -> Result<u64>;
}

fn challenge_from_row(r: &sqlx::any::AnyRow) -> Result<Challenge> {
    Ok(Challenge {
        user_id: parsed(r, "user_id")?,
        next: text(r, "next_path")?,
        created_at: instant(r, "created_at")?,
        attempts: int(r, "attempts")?,
    })
}

#[async_trait]
impl SecondFactorStore for SqlStore {
    async fn totp(&self, user: UserId) -> Result<Option<StoredTotp>> {
        let row =
            sqlx::query("SELECT secret, confirmed, last_step FROM totp_secrets WHERE user_id = $1")
                .bind(user.to_string())
                .fetch_optional(&mut *self.read().await?)
                .await?;
        row.map(|r| {
            Ok(StoredTotp {
                secret: text(&r, "secret")?,
                confirmed: int(&r, "confirmed")? != 0,
                last_step: int(&r, "last_step")?,
            })
        })
        .transpose()
    }

    async fn begin_enrolment(&self, user: UserId, secret: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM totp_secrets WHERE user_id = $1 AND confirmed = 0")
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO totp_secrets (user_id, secret, confirmed, last_step, created_at)
             VALUES ($1, $2, 0, 0, $3)",
        )
        .bind(user.to_string())
        .bind(secret)
        .bind(Utc::now().timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::StoreError::from_write(e, "second factor"))?;
        tx.commit(&[]).await?;
        Ok(())
    }

    async fn confirm_enrolment(
        &self,
        user: UserId,
        step: i64,
        recovery_hashes: &[String],
        audit: &[AuditEvent],
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE totp_secrets SET confirmed = 1, last_step = $2 WHERE user_id = $1 AND confirmed = 0",
        )
        .bind(user.to_string())
        .bind(step)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        for h in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user.to_string())
                .bind(h)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit(audit).await?;
        Ok(true)
    }

    async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool> {
        let n = self
            .write_counted(
                sqlx::query(
                    "UPDATE totp_secrets SET last_step = $2 WHERE user_id = $1 AND confirmed = 1 AND last_step < $2",
                )
                .bind(user.to_string())
                .bind(step),
            )
            .await?;
        Ok(n == 1)
    }

    async fn use_recovery_code(&self, user: UserId, hash: &str) -> Result<bool> {
        let n = self
            .write_counted(
                sqlx::query(
                    "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
                )
                .bind(user.to_string())
                .bind(hash)
                .bind(Utc::now().timestamp_micros()),
            )
            .await?;
        Ok(n == 1)
    }

    async fn recovery_codes_left(&self, user: UserId) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user.to_string())
        .fetch_one(&mut *self.read().await?)
        .await?)
    }

    async fn reset_second_factor(&self, user: UserId, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for sql in [
            "DELETE FROM totp_secrets WHERE user_id = $1",
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM login_challenges WHERE user_id = $1",
        ] {
            sqlx::query(sql)
                .bind(user.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn save_challenge(&self, token_hash: &str, c: &Challenge) -> Result<()> {
        self.write_one(
            sqlx::query(
                "INSERT INTO login_challenges (token_hash, user_id, next_path, created_at, attempts)
                 VALUES ($1, $2, $3, $4, 0)",
            )
            .bind(token_hash)
            .bind(c.user_id.to_string())
            .bind(&c.next)
            .bind(c.created_at.timestamp_micros()),
            &[],
        )
        .await
    }

    async fn challenge(&self, token_hash: &str) -> Result<Option<Challenge>> {
        let row = sqlx::query(
            "SELECT user_id, next_path, created_at, attempts FROM login_challenges WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.as_ref().map(challenge_from_row).transpose()
    }

    async fn attempt_challenge(&self, token_hash: &str) -> Result<Option<Challenge>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = $1
             RETURNING user_id, next_path, created_at, attempts",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit(&[]).await?;
        row.as_ref().map(challenge_from_row).transpose()
    }

    async fn end_challenge(&self, token_hash: &str) -> Result<()> {
        self.write_one(
            sqlx::query("DELETE FROM login_challenges WHERE token_hash = $1").bind(token_hash),
            &[],
        )
        .await
    }

    async fn purge_challenges(&self, before: DateTime<Utc>) -> Result<u64> {
        self.write_counted(
            sqlx::query("DELETE FROM login_challenges WHERE created_at < $1")
                .bind(before.timestamp_micros()),
        )
        .await
    }
}
