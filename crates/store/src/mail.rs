//! The e-mail outbox: notifications to units with a shared mailbox, queued
//! with the notification and sent by a background task. A queued mail holds
//! no personal data: it is rendered from the intervention and its dates.

use crate::row::{date, instant, int, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jobspor_domain::period::Period;
use jobspor_domain::plan::NoticeKind;

#[derive(Debug, Clone)]
pub struct PendingMail {
    pub id: String,
    pub recipient: String,
    pub kind: NoticeKind,
    pub intervention: String,
    pub period: Period,
    pub first_measurement: NaiveDate,
    pub queued_at: DateTime<Utc>,
    pub attempts: i64,
}

#[async_trait]
pub trait MailStore: Send + Sync {
    /// Unsent mail queued after `since` with fewer than `max_attempts`
    /// failed attempts, oldest first.
    async fn pending_mail(
        &self,
        since: DateTime<Utc>,
        max_attempts: i64,
        limit: i64,
    ) -> Result<Vec<PendingMail>>;
    async fn mail_sent(&self, id: &str, at: DateTime<Utc>) -> Result<()>;
    /// Counts a failed attempt; `error` must hold no personal data.
    async fn mail_failed(&self, id: &str, error: &str) -> Result<()>;
}

#[async_trait]
impl MailStore for SqlStore {
    async fn pending_mail(
        &self,
        since: DateTime<Utc>,
        max_attempts: i64,
        limit: i64,
    ) -> Result<Vec<PendingMail>> {
        let rows = sqlx::query(
            "SELECT o.id, o.recipient, o.created_at, o.attempts, n.kind, i.name, p.start_date, p.end_date, p.first_measurement
             FROM mail_outbox o
             JOIN notifications n ON n.id = o.notification_id
             JOIN placements p ON p.id = n.placement_id
             JOIN interventions i ON i.id = p.intervention_id
             WHERE o.sent_at IS NULL AND o.created_at >= $1 AND o.attempts < $2
             ORDER BY o.created_at, o.id LIMIT $3",
        )
        .bind(since.timestamp_micros())
        .bind(max_attempts)
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingMail {
                    id: text(r, "id")?,
                    recipient: text(r, "recipient")?,
                    kind: NoticeKind::parse(&text(r, "kind")?)
                        .ok_or_else(|| StoreError::Corrupt("notification kind".into()))?,
                    intervention: text(r, "name")?,
                    period: Period {
                        from: date(r, "start_date")?,
                        to: date(r, "end_date")?,
                    },
                    first_measurement: date(r, "first_measurement")?,
                    queued_at: instant(r, "created_at")?,
                    attempts: int(r, "attempts")?,
                })
            })
            .collect()
    }

    async fn mail_sent(&self, id: &str, at: DateTime<Utc>) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE mail_outbox SET sent_at = $1 WHERE id = $2")
                .bind(at.timestamp_micros())
                .bind(id),
            &[],
        )
        .await
    }

    async fn mail_failed(&self, id: &str, error: &str) -> Result<()> {
        self.write_one(
            sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2",
            )
            .bind(error)
            .bind(id),
            &[],
        )
        .await
    }
}
