//! Everything held about one citizen, for their right of access and
//! portability (GDPR art. 15 and 20, `domain::insight`): every source of
//! [`sources::sources`] and the access log, read in one snapshot so the
//! export is the state at one moment even while others write.

pub(crate) mod sources;

use crate::audit::citizen_entries;
use crate::row::text;
use crate::{Backend, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditEntry;
use jobspor_domain::insight::{Field, Insight, Row, Section, Value};
use jobspor_domain::{CitizenId, MunicipalityId};
use sources::{sources, Kind, Source, ACCESS_LOG};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection, Executor, Row as _};
use std::collections::HashMap;

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// Everything held about a citizen of the municipality, or `None` for
    /// no such citizen. The caller audits the export.
    async fn citizen_insight(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Option<Insight>>;
}

#[async_trait]
impl InsightStore for SqlStore {
    async fn citizen_insight(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Option<Insight>> {
        let mut conn = self.read().await?;
        let mut tx = conn.begin().await?;
        if self.backend() == Backend::Postgres {
            // One snapshot for every query of the export.
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await?;
        }
        let name: Option<String> = sqlx::query_scalar(
            "SELECT m.name FROM municipalities m JOIN citizens c ON c.municipality_id = m.id \
             WHERE m.id = $1 AND c.id = $2",
        )
        .bind(municipality.to_string())
        .bind(citizen.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(municipality_name) = name else {
            return Ok(None);
        };
        let mut sections = Vec::new();
        for source in sources() {
            sections.push(read_source(&mut tx, source, municipality, citizen).await?);
        }
        let mut log = citizen_entries(&mut tx, municipality, citizen, i64::MAX).await?;
        log.reverse();
        let names = staff_names(&mut tx, municipality, &log).await?;
        sections.push(Section {
            key: ACCESS_LOG,
            rows: log.iter().map(|e| access_row(e, &names)).collect(),
        });
        tx.commit().await?;
        Ok(Some(Insight {
            municipality: municipality_name,
            produced_at: Utc::now(),
            sections,
        }))
    }
}

/// The SELECT list of a source: each column as itself, or as the name it
/// stands for.
fn select_list(source: &Source) -> String {
    source
        .columns
        .iter()
        .map(|(col, kind)| match kind {
            Kind::Name(expr) => format!("{} AS {col}", expr.replace("{}", &format!("t.{col}"))),
            _ => format!("t.{col}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn read_source(
    conn: &mut AnyConnection,
    source: &Source,
    municipality: MunicipalityId,
    citizen: CitizenId,
) -> Result<Section> {
    let sql = format!(
        "SELECT {} FROM {} t WHERE {} ORDER BY {}",
        select_list(source),
        source.table,
        source.link.condition(),
        source.order
    );
    let rows = sqlx::query(&sql)
        .bind(municipality.to_string())
        .bind(citizen.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            source
                .columns
                .iter()
                .map(|(col, kind)| {
                    Ok(Field {
                        name: col,
                        value: value(r, col, *kind)?,
                    })
                })
                .collect::<Result<Row>>()
        })
        .collect::<Result<Vec<Row>>>()?;
    Ok(Section {
        key: source.section,
        rows,
    })
}

fn corrupt(col: &str) -> StoreError {
    StoreError::Corrupt(format!("insight column {col}"))
}

fn value(r: &AnyRow, col: &str, kind: Kind) -> Result<Value> {
    let text = || -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(col)?) };
    let number = || -> Result<Option<i64>> { Ok(r.try_get::<Option<i64>, _>(col)?) };
    Ok(match kind {
        Kind::Text | Kind::Name(_) => text()?.map_or(Value::Null, Value::Text),
        Kind::Long => text()?.map_or(Value::Null, Value::Long),
        Kind::Id => text()?.map_or(Value::Null, Value::Id),
        Kind::Json => text()?.map_or(Value::Null, Value::Json),
        Kind::Code(kind) => text()?.map_or(Value::Null, |code| Value::Code { kind, code }),
        Kind::Date => match text()? {
            None => Value::Null,
            Some(s) => {
                Value::Date(NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| corrupt(col))?)
            }
        },
        Kind::Int => number()?.map_or(Value::Null, Value::Int),
        Kind::Flag => number()?.map_or(Value::Null, |n| Value::Flag(n != 0)),
        Kind::Instant => number()?.map_or(Value::Null, |n| {
            Value::Instant(jobspor_domain::time::from_micros(n))
        }),
        Kind::Bytes => r
            .try_get::<Option<Vec<u8>>, _>(col)?
            .map_or(Value::Null, Value::Bytes),
    })
}

/// The display names of the staff in the log entries, by user id.
async fn staff_names(
    conn: &mut AnyConnection,
    municipality: MunicipalityId,
    log: &[AuditEntry],
) -> Result<HashMap<String, String>> {
    let mut names = HashMap::new();
    if log.iter().all(|e| e.event.user_id.is_none()) {
        return Ok(names);
    }
    let rows = sqlx::query("SELECT u.id, u.display_name FROM users u WHERE u.municipality_id = $1")
        .bind(municipality.to_string())
        .fetch_all(&mut *conn)
        .await?;
    for r in &rows {
        names.insert(text(r, "id")?, text(r, "display_name")?);
    }
    Ok(names)
}

/// An access-log entry as a row: when, who (by name), in which role, what
/// they did and why.
fn access_row(e: &AuditEntry, names: &HashMap<String, String>) -> Row {
    let ev = &e.event;
    let who = ev
        .user_id
        .and_then(|u| names.get(&u.to_string()).cloned())
        .unwrap_or_else(|| ev.username.clone());
    let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
    vec![
        Field {
            name: "at",
            value: Value::Instant(ev.at),
        },
        Field {
            name: "user",
            value: Value::Text(who),
        },
        Field {
            name: "role",
            value: opt(ev.role.map(|r| Value::Code {
                kind: "role",
                code: r.code().to_string(),
            })),
        },
        Field {
            name: "action",
            value: Value::Code {
                kind: "audit_action",
                code: ev.action.code().to_string(),
            },
        },
        Field {
            name: "purpose",
            value: Value::Text(ev.purpose.clone()),
        },
        Field {
            name: "object",
            value: Value::Id(ev.object.clone()),
        },
    ]
}

/// The export's shape: each section's key and the names of the fields a
/// person reads (ids left out), in order, for giving each its words.
pub fn insight_shape() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut shape: Vec<_> = sources()
        .map(|s| {
            let fields = s
                .columns
                .iter()
                .filter(|(_, k)| !matches!(k, Kind::Id))
                .map(|(n, _)| *n)
                .collect();
            (s.section, fields)
        })
        .collect();
    shape.push((ACCESS_LOG, ACCESS_LOG_FIELDS.to_vec()));
    shape
}

/// The fields of an access-log row a person reads.
const ACCESS_LOG_FIELDS: [&str; 5] = ["at", "user", "role", "action", "purpose"];

/// Columns whose presence ties a table's rows to a citizen.
const TIES: [&str; 4] = ["citizen_id", "course_id", "placement_id", "conference_id"];

impl SqlStore {
    /// What the export's sources leave out of this database's schema, in
    /// words: a table tied to a citizen that is neither exported nor listed
    /// as not exported, a column neither exported nor withheld, and a
    /// declared column the table does not have. Empty when the export is
    /// complete.
    pub async fn insight_gaps(&self) -> Result<Vec<String>> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT m.name AS tbl, p.name AS col FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS tbl, CAST(column_name AS TEXT) AS col \
                 FROM information_schema.columns WHERE table_schema = current_schema()"
            }
        };
        let mut schema: HashMap<String, Vec<String>> = HashMap::new();
        for r in sqlx::query(sql).fetch_all(&mut *self.read().await?).await? {
            schema
                .entry(text(&r, "tbl")?)
                .or_default()
                .push(text(&r, "col")?);
        }
        Ok(gaps(&schema))
    }
}

/// [`SqlStore::insight_gaps`] for a schema given as table → columns.
fn gaps(schema: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables: Vec<_> = schema.iter().collect();
    tables.sort();
    for (table, cols) in tables {
        let source = sources().find(|s| s.table == table);
        let listed = sources::NOT_EXPORTED.iter().any(|(t, _)| t == table);
        let tied = table == "citizens" || cols.iter().any(|c| TIES.contains(&c.as_str()));
        match source {
            None if tied && !listed => out.push(format!(
                "table {table} holds data about citizens but is not exported"
            )),
            None => {}
            Some(s) => {
                for c in cols {
                    let exported = s.columns.iter().any(|(n, _)| n == c);
                    let withheld = s.withheld.iter().any(|(n, _)| n == c);
                    if !exported && !withheld {
                        out.push(format!(
                            "column {table}.{c} is neither exported nor withheld"
                        ));
                    }
                }
            }
        }
    }
    for s in sources() {
        let Some(cols) = schema.get(s.table) else {
            out.push(format!("table {} is exported but does not exist", s.table));
            continue;
        };
        let declared = s.columns.iter().map(|(n, _)| *n);
        for n in declared.chain(s.withheld.iter().map(|(n, _)| *n)) {
            if !cols.iter().any(|c| c == n) {
                out.push(format!(
                    "column {}.{n} is declared but does not exist",
                    s.table
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(tables: &[(&str, &[&str])]) -> HashMap<String, Vec<String>> {
        tables
            .iter()
            .map(|(t, cols)| (t.to_string(), cols.iter().map(|c| c.to_string()).collect()))
            .collect()
    }

    /// The declared schema itself, as the migrations should have made it.
    fn declared() -> HashMap<String, Vec<String>> {
        sources()
            .map(|s| {
                let cols = s
                    .columns
                    .iter()
                    .map(|(n, _)| n.to_string())
                    .chain(s.withheld.iter().map(|(n, _)| n.to_string()))
                    .collect();
                (s.table.to_string(), cols)
            })
            .collect()
    }

    #[test]
    fn a_new_table_or_column_about_citizens_is_a_gap() {
        assert_eq!(gaps(&declared()), Vec::<String>::new());
        let mut s = declared();
        s.extend(schema(&[
            ("citizen_notes", &["id", "citizen_id", "text"]),
            ("placement_extras", &["placement_id", "what"]),
            ("units", &["id", "name"]),
            ("mail_outbox", &["id", "recipient"]),
        ]));
        if let Some(cols) = s.get_mut("journal_entries") {
            cols.push("mood".into());
        }
        if let Some(cols) = s.get_mut("consents") {
            cols.retain(|c| c != "scope");
        }
        let mut found = gaps(&s);
        found.sort();
        let mut expected = vec![
            "table citizen_notes holds data about citizens but is not exported",
            "column consents.scope is declared but does not exist",
            "column journal_entries.mood is neither exported nor withheld",
            "table placement_extras holds data about citizens but is not exported",
        ];
        expected.sort();
        assert_eq!(found, expected);
    }
}
