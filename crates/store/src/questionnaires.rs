//! Questionnaire definitions (immutable, versioned), responses and links.

use crate::row::{instant, int, one_in_municipality, opt_parsed, opt_text, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::Utc;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::questionnaire::{
    Answers, Channel, Link, Response, ResponseStatus, StoredDefinition, SHIPPED_SCOPE,
};
use jobspor_domain::{CitizenId, DefinitionId, MunicipalityId, ResponseId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait QuestionnaireStore: Send + Sync {
    /// Stores a definition version. Storing the same (scope, key, version)
    /// again with the same content returns the stored one; with other content
    /// it is a conflict, because a stored version never changes.
    async fn store_definition(
        &self,
        d: &StoredDefinition,
        audit: &[AuditEvent],
    ) -> Result<StoredDefinition>;
    /// The shipped definitions and the municipality's own, every version.
    async fn definitions(&self, municipality: MunicipalityId) -> Result<Vec<StoredDefinition>>;
    async fn definition(
        &self,
        municipality: MunicipalityId,
        id: DefinitionId,
    ) -> Result<Option<StoredDefinition>>;
    async fn create_response(
        &self,
        r: &Response,
        link: Option<&Link>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn response(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
    ) -> Result<Option<Response>>;
    async fn responses_of_citizen(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Vec<Response>>;
    /// Saves draft answers if the response is still a draft at `expected_version`.
    async fn save_answers(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
        expected_version: i64,
        answers: &Answers,
        audit: &[AuditEvent],
    ) -> Result<Response>;
    /// Locks the response with its final answers and result.
    async fn submit_response(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
        expected_version: i64,
        answers: &Answers,
        result: &str,
        audit: &[AuditEvent],
    ) -> Result<Response>;
    async fn link(&self, token_hash: &str) -> Result<Option<Link>>;
    async fn links_of_response(
        &self,
        municipality: MunicipalityId,
        response: ResponseId,
    ) -> Result<Vec<Link>>;
    async fn add_link(&self, link: &Link, audit: &[AuditEvent]) -> Result<()>;
    async fn revoke_link(
        &self,
        municipality: MunicipalityId,
        token_hash: &str,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Revokes every open link of a response in one transaction; returns
    /// how many were open.
    async fn revoke_links(
        &self,
        municipality: MunicipalityId,
        response: ResponseId,
        audit: &[AuditEvent],
    ) -> Result<u64>;
}

const DEF_COLS: &str = "id, scope, def_key, version, title, body, sha256, created_at";
pub(crate) const RESP_COLS: &str =
    "id, municipality_id, citizen_id, definition_id, channel, language, status, answers, result, entered_by, created_at, updated_at, submitted_at, version";
const LINK_COLS: &str = "token_hash, municipality_id, citizen_id, response_id, created_by, created_at, expires_at, revoked_at";

fn def_from_row(r: &AnyRow) -> Result<StoredDefinition> {
    Ok(StoredDefinition {
        id: parsed(r, "id")?,
        scope: text(r, "scope")?,
        key: text(r, "def_key")?,
        version: u32::try_from(int(r, "version")?)
            .map_err(|_| StoreError::Corrupt("definition version".into()))?,
        title: text(r, "title")?,
        body: text(r, "body")?,
        sha256: text(r, "sha256")?,
        created_at: instant(r, "created_at")?,
    })
}

fn resp_from_row(r: &AnyRow) -> Result<Response> {
    let answers: Answers = serde_json::from_str(&text(r, "answers")?)
        .map_err(|_| StoreError::Corrupt("answers".into()))?;
    Ok(Response {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        definition_id: parsed(r, "definition_id")?,
        channel: Channel::parse(&text(r, "channel")?)
            .ok_or_else(|| StoreError::Corrupt("channel".into()))?,
        language: text(r, "language")?,
        status: ResponseStatus::parse(&text(r, "status")?)
            .ok_or_else(|| StoreError::Corrupt("status".into()))?,
        answers,
        result: opt_text(r, "result")?,
        entered_by: opt_parsed(r, "entered_by")?,
        created_at: instant(r, "created_at")?,
        updated_at: instant(r, "updated_at")?,
        submitted_at: r.try_get_unchecked_opt_instant("submitted_at")?,
        version: int(r, "version")?,
    })
}

/// Optional instants, read as optional integers.
trait OptInstant {
    fn try_get_unchecked_opt_instant(&self, col: &str) -> Result<Option<chrono::DateTime<Utc>>>;
}

impl OptInstant for AnyRow {
    fn try_get_unchecked_opt_instant(&self, col: &str) -> Result<Option<chrono::DateTime<Utc>>> {
        use sqlx::Row;
        let v: Option<i64> = self.try_get(col)?;
        Ok(v.map(jobspor_domain::time::from_micros))
    }
}

fn link_from_row(r: &AnyRow) -> Result<Link> {
    Ok(Link {
        token_hash: text(r, "token_hash")?,
        municipality_id: parsed(r, "municipality_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        response_id: parsed(r, "response_id")?,
        created_by: parsed(r, "created_by")?,
        created_at: instant(r, "created_at")?,
        expires_at: instant(r, "expires_at")?,
        revoked_at: r.try_get_unchecked_opt_instant("revoked_at")?,
    })
}

pub(crate) fn answers_json(a: &Answers) -> Result<String> {
    serde_json::to_string(a).map_err(|e| StoreError::Corrupt(e.to_string()))
}

async fn insert_link(tx: &mut sqlx::AnyConnection, l: &Link) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO questionnaire_links ({LINK_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(&l.token_hash)
    .bind(l.municipality_id.to_string())
    .bind(l.citizen_id.to_string())
    .bind(l.response_id.to_string())
    .bind(l.created_by.to_string())
    .bind(l.created_at.timestamp_micros())
    .bind(l.expires_at.timestamp_micros())
    .bind(l.revoked_at.map(|t| t.timestamp_micros()))
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_write(e, "link"))?;
    Ok(())
}

impl SqlStore {
    /// Moves a draft on: new answers (and, when submitting, the result).
    async fn advance_response(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
        expected_version: i64,
        answers: &Answers,
        submit: Option<&str>,
        audit: &[AuditEvent],
    ) -> Result<Response> {
        let now = Utc::now().timestamp_micros();
        let (status, submitted_at) = match submit {
            Some(_) => (ResponseStatus::Submitted, Some(now)),
            None => (ResponseStatus::Draft, None),
        };
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE questionnaire_responses SET answers = $1, status = $2, result = $3, submitted_at = $4, updated_at = $5, version = version + 1
             WHERE municipality_id = $6 AND id = $7 AND version = $8 AND status = 'draft'",
        )
        .bind(answers_json(answers)?)
        .bind(status.code())
        .bind(submit.map(String::from))
        .bind(submitted_at)
        .bind(now)
        .bind(municipality.to_string())
        .bind(id.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let current: Option<String> = sqlx::query_scalar(
                "SELECT status FROM questionnaire_responses WHERE municipality_id = $1 AND id = $2",
            )
            .bind(municipality.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            return Err(match current.as_deref() {
                None => StoreError::NotFound,
                Some("submitted") => Conflict::Submitted.into(),
                Some(_) => Conflict::Stale.into(),
            });
        }
        let row = sqlx::query(&format!(
            "SELECT {RESP_COLS} FROM questionnaire_responses WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        let r = resp_from_row(&row)?;
        tx.commit(audit).await?;
        Ok(r)
    }
}

#[async_trait]
impl QuestionnaireStore for SqlStore {
    async fn store_definition(
        &self,
        d: &StoredDefinition,
        audit: &[AuditEvent],
    ) -> Result<StoredDefinition> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query(&format!(
            "SELECT {DEF_COLS} FROM questionnaire_definitions WHERE scope = $1 AND def_key = $2 AND version = $3"
        ))
        .bind(&d.scope)
        .bind(&d.key)
        .bind(i64::from(d.version))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            let stored = def_from_row(&row)?;
            return if stored.sha256 == d.sha256 {
                Ok(stored)
            } else {
                Err(Conflict::VersionExists.into())
            };
        }
        sqlx::query(&format!("INSERT INTO questionnaire_definitions ({DEF_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
            .bind(d.id.to_string())
            .bind(&d.scope)
            .bind(&d.key)
            .bind(i64::from(d.version))
            .bind(&d.title)
            .bind(&d.body)
            .bind(&d.sha256)
            .bind(d.created_at.timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "definition version"))?;
        tx.commit(audit).await?;
        Ok(d.clone())
    }

    async fn definitions(&self, municipality: MunicipalityId) -> Result<Vec<StoredDefinition>> {
        let rows = sqlx::query(&format!(
            "SELECT {DEF_COLS} FROM questionnaire_definitions WHERE scope = $1 OR scope = $2 ORDER BY def_key, version"
        ))
        .bind(SHIPPED_SCOPE)
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(def_from_row).collect()
    }

    async fn definition(
        &self,
        municipality: MunicipalityId,
        id: DefinitionId,
    ) -> Result<Option<StoredDefinition>> {
        let row = sqlx::query(&format!("SELECT {DEF_COLS} FROM questionnaire_definitions WHERE id = $1 AND (scope = $2 OR scope = $3)"))
            .bind(id.to_string())
            .bind(SHIPPED_SCOPE)
            .bind(municipality.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(|r| def_from_row(&r)).transpose()
    }

    async fn create_response(
        &self,
        r: &Response,
        link: Option<&Link>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "INSERT INTO questionnaire_responses ({RESP_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        ))
        .bind(r.id.to_string())
        .bind(r.municipality_id.to_string())
        .bind(r.citizen_id.to_string())
        .bind(r.definition_id.to_string())
        .bind(r.channel.code())
        .bind(&r.language)
        .bind(r.status.code())
        .bind(answers_json(&r.answers)?)
        .bind(r.result.clone())
        .bind(r.entered_by.map(|u| u.to_string()))
        .bind(r.created_at.timestamp_micros())
        .bind(r.updated_at.timestamp_micros())
        .bind(r.submitted_at.map(|t| t.timestamp_micros()))
        .bind(r.version)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "response"))?;
        if let Some(l) = link {
            insert_link(&mut tx, l).await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn response(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
    ) -> Result<Option<Response>> {
        let sql = format!("SELECT {RESP_COLS} FROM questionnaire_responses WHERE municipality_id = $1 AND id = $2");
        one_in_municipality(self, &sql, municipality, id.to_string(), resp_from_row).await
    }

    async fn responses_of_citizen(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Vec<Response>> {
        let rows = sqlx::query(&format!(
            "SELECT {RESP_COLS} FROM questionnaire_responses WHERE municipality_id = $1 AND citizen_id = $2 ORDER BY created_at DESC, id"
        ))
        .bind(municipality.to_string())
        .bind(citizen.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(resp_from_row).collect()
    }

    async fn save_answers(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
        expected_version: i64,
        answers: &Answers,
        audit: &[AuditEvent],
    ) -> Result<Response> {
        self.advance_response(municipality, id, expected_version, answers, None, audit)
            .await
    }

    async fn submit_response(
        &self,
        municipality: MunicipalityId,
        id: ResponseId,
        expected_version: i64,
        answers: &Answers,
        result: &str,
        audit: &[AuditEvent],
    ) -> Result<Response> {
        self.advance_response(
            municipality,
            id,
            expected_version,
            answers,
            Some(result),
            audit,
        )
        .await
    }

    async fn link(&self, token_hash: &str) -> Result<Option<Link>> {
        let row = sqlx::query(&format!(
            "SELECT {LINK_COLS} FROM questionnaire_links WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| link_from_row(&r)).transpose()
    }

    async fn links_of_response(
        &self,
        municipality: MunicipalityId,
        response: ResponseId,
    ) -> Result<Vec<Link>> {
        let rows = sqlx::query(&format!(
            "SELECT {LINK_COLS} FROM questionnaire_links WHERE municipality_id = $1 AND response_id = $2 ORDER BY created_at"
        ))
        .bind(municipality.to_string())
        .bind(response.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(link_from_row).collect()
    }

    async fn add_link(&self, link: &Link, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_link(&mut tx, link).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn revoke_link(
        &self,
        municipality: MunicipalityId,
        token_hash: &str,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let q = sqlx::query(
            "UPDATE questionnaire_links SET revoked_at = $1 WHERE municipality_id = $2 AND token_hash = $3 AND revoked_at IS NULL",
        )
        .bind(Utc::now().timestamp_micros())
        .bind(municipality.to_string())
        .bind(token_hash);
        self.update_found(q, audit).await
    }

    async fn revoke_links(
        &self,
        municipality: MunicipalityId,
        response: ResponseId,
        audit: &[AuditEvent],
    ) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE questionnaire_links SET revoked_at = $1 WHERE municipality_id = $2 AND response_id = $3 AND revoked_at IS NULL",
        )
        .bind(Utc::now().timestamp_micros())
        .bind(municipality.to_string())
        .bind(response.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit(audit).await?;
        Ok(done.rows_affected())
    }
}

/// Stores the questionnaire definitions Jobspor ships. A shipped file whose
/// content changed without a new version is an error: answered versions
/// never change. Returns how many there are.
pub async fn install_shipped_definitions(
    store: &dyn QuestionnaireStore,
) -> std::result::Result<usize, String> {
    let defs = jobspor_domain::questionnaire::shipped::stored(Utc::now()).map_err(|e| {
        e.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    for d in &defs {
        store
            .store_definition(d, &[])
            .await
            .map_err(|e| format!("shipped questionnaire {} v{}: {e}", d.key, d.version))?;
    }
    Ok(defs.len())
}
