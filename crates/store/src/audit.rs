//! The hash-chained audit log. One chain per municipality; the head row
//! (`audit_head`) holds the last sequence number and hash, and is locked by the
//! `UPDATE … RETURNING` that reserves sequence numbers, so concurrent writers on
//! PostgreSQL append in a strict order.

use crate::bulk::{insert_rows, insert_rows_then, Cell};
use crate::row::{instant, int, opt_parsed, opt_text, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::{
    entry_hash, AuditAction, AuditEntry, AuditEvent, ChainProblem, ChainVerifier, GENESIS,
};
use jobspor_domain::user::Role;
use jobspor_domain::{AuditId, CitizenId, MunicipalityId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub municipalities: usize,
    pub entries: u64,
    pub problems: Vec<(String, ChainProblem)>,
}

/// What the audit log takes on disk, and how many uses of a citizen's data
/// it records (issue 24, finding 9: the benchmark reports bytes per use).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AuditFootprint {
    /// Its tables and their indexes, in bytes (pages in use).
    pub bytes: u64,
    /// Entries in all.
    pub entries: u64,
    /// Entries about one citizen: each is one audited use of their data.
    pub citizen_uses: u64,
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends events in their own transaction (reads of personal data).
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<()>;
    /// The citizen's access log, newest first.
    async fn access_log(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
        limit: i64,
    ) -> Result<Vec<AuditEntry>>;
    /// Re-computes every chain and compares it with its head.
    async fn verify_audit(&self) -> Result<VerifyReport>;
    /// Each chain's head: municipality, last sequence number, its hash.
    async fn audit_heads(&self) -> Result<Vec<(MunicipalityId, i64, String)>>;
    /// The hash stored for entry `seq` of a municipality's chain.
    async fn audit_hash_at(&self, municipality: MunicipalityId, seq: i64)
        -> Result<Option<String>>;
    /// The audit log's size on disk and the citizen-uses it holds.
    async fn audit_footprint(&self) -> Result<AuditFootprint>;
    /// The checkpoints retention wrote before pruning each chain's start:
    /// municipality, the last pruned entry's number and its hash.
    async fn audit_prunes(&self) -> Result<Vec<(MunicipalityId, i64, String)>>;
}

/// The audit log's tables; their indexes count with them.
const AUDIT_TABLES: [&str; 2] = ["audit_log", "audit_head"];

/// Sequence numbers per block of the citizen index (migration 0022).
const AUDIT_BLOCK: i64 = 1024;
/// Blocks the access log asks for in one query.
const BLOCKS_PER_QUERY: i64 = 256;

/// The audit log's columns in the order its rows are written (also by the
/// data generator).
pub(crate) const AUDIT_LOG_COLUMNS: [&str; 13] = [
    "municipality_id",
    "seq",
    "id",
    "at",
    "user_id",
    "username",
    "role",
    "action",
    "citizen_id",
    "object",
    "purpose",
    "prev_hash",
    "hash",
];

/// Appends `events` to their chains: three statements however many chains
/// they touch (a group commit at national scale holds the entries of dozens
/// of municipalities). Each chain's entries keep the order they came in.
/// The heads are read under lock (`FOR UPDATE` on PostgreSQL, where writes
/// run concurrently; always in the same order, so two appends never wait
/// for each other crosswise), the entries are inserted, and the heads
/// written back.
pub(crate) async fn append_in_tx(
    tx: &mut AnyConnection,
    backend: crate::Backend,
    events: &[AuditEvent],
) -> Result<()> {
    append_with_ids(tx, backend, events, |_| AuditId::new()).await
}

/// [`append_in_tx`] with each entry's id from `id_of` (its index in
/// `events`): the benchmark's generator gives ids made from its seed.
pub(crate) async fn append_with_ids(
    tx: &mut AnyConnection,
    backend: crate::Backend,
    events: &[AuditEvent],
    id_of: impl Fn(usize) -> AuditId,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut chains: Vec<String> = events
        .iter()
        .map(|e| e.municipality_id.to_string())
        .collect();
    chains.sort();
    chains.dedup();
    let mut heads = read_heads(tx, backend, &chains).await?;
    if heads.len() < chains.len() {
        // A chain's first entry makes its head.
        let missing = chains
            .iter()
            .filter(|m| !heads.contains_key(*m))
            .map(|m| (m.as_str(), 0, GENESIS));
        put_heads(tx, backend, missing, "DO NOTHING").await?;
        heads = read_heads(tx, backend, &chains).await?;
    }
    // One multi-row statement per thousand entries: a research export
    // audits every citizen in it, tens of thousands at once.
    let mut rows = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let mid = e.municipality_id.to_string();
        let (seq, prev) = heads
            .get_mut(&mid)
            .ok_or_else(|| StoreError::Corrupt("audit chain without a head".into()))?;
        *seq += 1;
        let hash = entry_hash(*seq, e, prev);
        let opt = |v: Option<String>| v.map(Cell::Text).unwrap_or(Cell::NullText);
        rows.push(vec![
            Cell::Text(mid),
            Cell::Int(*seq),
            Cell::Text(id_of(i).to_string()),
            Cell::Int(e.at.timestamp_micros()),
            opt(e.user_id.map(|u| u.to_string())),
            Cell::Text(e.username.clone()),
            opt(e.role.map(|r| r.code().to_string())),
            Cell::Text(e.action.code().to_string()),
            opt(e.citizen_id.map(|c| c.to_string())),
            Cell::Text(e.object.clone()),
            Cell::Text(e.purpose.clone()),
            Cell::Text(std::mem::replace(prev, hash.clone())),
            Cell::Text(hash),
        ]);
    }
    insert_rows(tx, backend, "audit_log", &AUDIT_LOG_COLUMNS, &rows).await?;
    let written = heads
        .iter()
        .map(|(m, (seq, hash))| (m.as_str(), *seq, hash.as_str()));
    put_heads(
        tx,
        backend,
        written,
        "DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .await
}

/// Writes chain heads `(municipality, seq, hash)` in one statement; `then`
/// says what happens to a head that exists already.
async fn put_heads<'a>(
    tx: &mut AnyConnection,
    backend: crate::Backend,
    heads: impl Iterator<Item = (&'a str, i64, &'a str)>,
    then: &str,
) -> Result<()> {
    let rows: Vec<Vec<Cell>> = heads
        .map(|(m, seq, hash)| {
            vec![
                Cell::Text(m.to_string()),
                Cell::Int(seq),
                Cell::Text(hash.to_string()),
            ]
        })
        .collect();
    insert_rows_then(
        tx,
        backend,
        "audit_head",
        &["municipality_id", "seq", "hash"],
        &rows,
        &format!(" ON CONFLICT (municipality_id) {then}"),
    )
    .await
}

/// The heads of `chains` (sorted), locked on PostgreSQL.
async fn read_heads(
    tx: &mut AnyConnection,
    backend: crate::Backend,
    chains: &[String],
) -> Result<std::collections::BTreeMap<String, (i64, String)>> {
    let mut heads = std::collections::BTreeMap::new();
    let lock = match backend {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    };
    for part in chains.chunks(500) {
        let list: Vec<String> = (1..=part.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT municipality_id, seq, hash FROM audit_head WHERE municipality_id IN ({}) ORDER BY municipality_id{lock}",
            list.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for m in part {
            q = q.bind(m.as_str());
        }
        for row in q.fetch_all(&mut *tx).await? {
            heads.insert(
                text(&row, "municipality_id")?,
                (int(&row, "seq")?, text(&row, "hash")?),
            );
        }
    }
    Ok(heads)
}

/// The newest `limit` entries about a citizen, newest first, read on `conn`
/// (so the export can read them in its snapshot).
pub(crate) async fn citizen_entries(
    conn: &mut sqlx::AnyConnection,
    municipality: MunicipalityId,
    citizen: CitizenId,
    limit: i64,
) -> Result<Vec<AuditEntry>> {
    let head: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM audit_head WHERE municipality_id = $1")
            .bind(municipality.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    // Blocks from the newest, a range of them per query: the index is
    // keyed by block first (migration 0022), so each block is one seek.
    // The block numbers are the outer loop of the join (`CROSS JOIN`
    // keeps SQLite from scanning the log instead), and the loop stops as
    // soon as it has enough.
    let sql = format!(
        "WITH RECURSIVE blocks(n) AS (SELECT CAST($2 AS BIGINT) UNION ALL SELECT n - 1 FROM blocks WHERE n > $3) \
         SELECT {COLS} FROM blocks CROSS JOIN audit_log a \
         WHERE a.municipality_id = $1 AND a.seq / {AUDIT_BLOCK} = blocks.n AND a.citizen_id = $4 \
         ORDER BY a.seq DESC LIMIT $5"
    );
    let mut rows = Vec::new();
    let mut newest = head.unwrap_or(0) / AUDIT_BLOCK;
    while newest >= 0 && (rows.len() as i64) < limit {
        let oldest = (newest - BLOCKS_PER_QUERY + 1).max(0);
        rows.extend(
            sqlx::query(&sql)
                .bind(municipality.to_string())
                .bind(newest)
                .bind(oldest)
                .bind(citizen.to_string())
                .bind(limit - rows.len() as i64)
                .fetch_all(&mut *conn)
                .await?,
        );
        newest = oldest - 1;
    }
    rows.iter().map(entry_from_row).collect()
}

pub(crate) fn entry_from_row(row: &AnyRow) -> Result<AuditEntry> {
    let role: Option<String> = opt_text(row, "role")?;
    let action = text(row, "action")?;
    Ok(AuditEntry {
        seq: int(row, "seq")?,
        event: AuditEvent {
            at: instant(row, "at")?,
            municipality_id: parsed(row, "municipality_id")?,
            user_id: opt_parsed(row, "user_id")?,
            username: text(row, "username")?,
            role: match role {
                None => None,
                Some(r) => {
                    Some(Role::parse(&r).ok_or_else(|| StoreError::Corrupt("audit role".into()))?)
                }
            },
            action: AuditAction::parse(&action)
                .ok_or_else(|| StoreError::Corrupt("audit action".into()))?,
            citizen_id: opt_parsed(row, "citizen_id")?,
            object: text(row, "object")?,
            purpose: text(row, "purpose")?,
        },
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

pub(crate) const COLS: &str = "municipality_id, seq, at, user_id, username, role, action, citizen_id, object, purpose, prev_hash, hash";

impl SqlStore {
    /// Every chain head as stored: municipality (as text), seq, hash.
    async fn head_rows(&self) -> Result<Vec<(String, i64, String)>> {
        let rows = sqlx::query(
            "SELECT municipality_id, seq, hash FROM audit_head ORDER BY municipality_id",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    text(r, "municipality_id")?,
                    int(r, "seq")?,
                    text(r, "hash")?,
                ))
            })
            .collect()
    }
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.queue_audit(events).await
    }

    async fn access_log(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let mut conn = self.read().await?;
        citizen_entries(&mut conn, municipality, citizen, limit).await
    }

    async fn audit_prunes(&self) -> Result<Vec<(MunicipalityId, i64, String)>> {
        let rows = sqlx::query(
            "SELECT municipality_id, seq, hash FROM audit_prunes ORDER BY municipality_id, seq",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parsed(r, "municipality_id")?,
                    int(r, "seq")?,
                    text(r, "hash")?,
                ))
            })
            .collect()
    }

    async fn audit_heads(&self) -> Result<Vec<(MunicipalityId, i64, String)>> {
        self.head_rows()
            .await?
            .into_iter()
            .map(|(m, seq, hash)| {
                let m = m
                    .parse()
                    .map_err(|_| StoreError::Corrupt("audit head municipality".into()))?;
                Ok((m, seq, hash))
            })
            .collect()
    }

    async fn audit_hash_at(
        &self,
        municipality: MunicipalityId,
        seq: i64,
    ) -> Result<Option<String>> {
        let row = sqlx::query("SELECT hash FROM audit_log WHERE municipality_id = $1 AND seq = $2")
            .bind(municipality.to_string())
            .bind(seq)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(|r| text(&r, "hash")).transpose()
    }

    async fn audit_footprint(&self) -> Result<AuditFootprint> {
        let mut conn = self.read().await?;
        let tables = AUDIT_TABLES.map(|t| format!("'{t}'")).join(", ");
        let bytes: i64 = match self.backend() {
            // The pages of the tables and of every index on them.
            crate::Backend::Sqlite => {
                sqlx::query_scalar(&format!(
                    "SELECT CAST(COALESCE(SUM(pgsize), 0) AS BIGINT) FROM dbstat
                     WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name IN ({tables}))"
                ))
                .fetch_one(&mut *conn)
                .await?
            }
            // Heap, indexes and TOAST.
            crate::Backend::Postgres => {
                let sum: Vec<String> = AUDIT_TABLES
                    .iter()
                    .map(|t| format!("pg_total_relation_size('{t}')"))
                    .collect();
                sqlx::query_scalar(&format!("SELECT CAST({} AS BIGINT)", sum.join(" + ")))
                    .fetch_one(&mut *conn)
                    .await?
            }
        };
        let row = sqlx::query(
            "SELECT COUNT(*) AS entries, COUNT(citizen_id) AS citizen_uses FROM audit_log",
        )
        .fetch_one(&mut *conn)
        .await?;
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok(AuditFootprint {
            bytes: n(bytes),
            entries: n(int(&row, "entries")?),
            citizen_uses: n(int(&row, "citizen_uses")?),
        })
    }

    async fn verify_audit(&self) -> Result<VerifyReport> {
        let heads = self.head_rows().await?;
        let mut report = VerifyReport {
            municipalities: heads.len(),
            entries: 0,
            problems: Vec::new(),
        };
        // Municipalities with entries but no head row: the head was removed.
        let orphan: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT municipality_id FROM audit_log WHERE municipality_id NOT IN (SELECT municipality_id FROM audit_head)",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        for m in orphan {
            report.problems.push((
                m,
                ChainProblem::Truncated {
                    head_seq: 0,
                    last_seq: -1,
                },
            ));
        }
        for (mid, head_seq, head_hash) in heads {
            // After retention pruned the chain's start, it is verified from
            // the checkpoint written before the pruning.
            let checkpoint = sqlx::query(
                "SELECT seq, hash FROM audit_prunes WHERE municipality_id = $1 ORDER BY seq DESC LIMIT 1",
            )
            .bind(&mid)
            .fetch_optional(&mut *self.read().await?)
            .await?;
            let (mut verifier, mut after) = match checkpoint {
                Some(r) => {
                    let seq = int(&r, "seq")?;
                    (ChainVerifier::from_checkpoint(seq, &text(&r, "hash")?), seq)
                }
                None => (ChainVerifier::new(), 0i64),
            };
            loop {
                let rows = sqlx::query(&format!(
                    "SELECT {COLS} FROM audit_log WHERE municipality_id = $1 AND seq > $2 ORDER BY seq LIMIT 5000"
                ))
                .bind(&mid)
                .bind(after)
                .fetch_all(&mut *self.read().await?)
                .await?;
                if rows.is_empty() {
                    break;
                }
                for r in &rows {
                    let e = entry_from_row(r)?;
                    after = e.seq;
                    verifier.push(&e);
                }
            }
            report.entries += verifier.checked;
            for p in verifier.finish(head_seq, &head_hash) {
                report.problems.push((mid.clone(), p));
            }
        }
        Ok(report)
    }
}
