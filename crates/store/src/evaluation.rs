//! What the evaluation reads and the few inputs it keeps: the benefit
//! register (imported all or nothing), the cohort of courses with their
//! profile and interventions, progression changes, and the economics inputs
//! (investments, weekly benefit rates).

use crate::bulk::{insert_rows, Cell};
use crate::row::{
    date, date_text, int, opt_date, opt_parsed, opt_text, parsed, placeholders, text,
};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::cpr::Cpr;
use jobspor_domain::evaluation::economics::{Category, Investment, Rates};
use jobspor_domain::{
    CitizenId, CourseId, InterventionId, MunicipalityId, PlacementId, UnitId, UserId,
};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitPeriod {
    pub id: String,
    pub citizen_id: CitizenId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub benefit: String,
}

/// A checked register import, ready to write.
#[derive(Debug, Clone)]
pub struct RegisterImport {
    pub id: String,
    pub municipality_id: MunicipalityId,
    pub file_name: String,
    pub lines: usize,
    pub added: Vec<BenefitPeriod>,
    /// (period id, new last week): a running period the register extends.
    pub extended: Vec<(String, NaiveDate)>,
    pub unchanged: usize,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub file_name: String,
    pub lines: i64,
    pub added: i64,
    pub extended: i64,
    pub unchanged: i64,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// One course with what the evaluation groups by.
#[derive(Debug, Clone)]
pub struct CohortCourse {
    pub course_id: CourseId,
    pub citizen_id: CitizenId,
    pub caseworker_id: UserId,
    pub team: Option<String>,
    /// The caseworker's unit.
    pub unit_id: Option<UnitId>,
    pub target_group: String,
    pub start: NaiveDate,
    pub closed: bool,
    pub exit: Option<(String, NaiveDate)>,
    pub birth: Option<NaiveDate>,
    /// The screening's suggested risk and the caseworker's assessed risk, and
    /// the questionnaire (title and version) that was used, from the triage
    /// that made the course.
    pub suggested_risk: Option<String>,
    pub assessed_risk: Option<String>,
    pub questionnaire: Option<String>,
}

/// An intervention a course had (not only waited for).
#[derive(Debug, Clone)]
pub struct CohortPlacement {
    pub course_id: CourseId,
    pub placement_id: PlacementId,
    pub intervention_id: InterventionId,
    pub intervention_name: String,
    pub tracks: Vec<String>,
}

#[async_trait]
pub trait EvaluationStore: Send + Sync {
    /// Citizen ids by CPR number, for the CPR numbers known in the municipality.
    async fn citizens_by_cpr(
        &self,
        municipality: MunicipalityId,
        cprs: &[Cpr],
    ) -> Result<HashMap<Cpr, CitizenId>>;
    async fn benefit_periods_of(
        &self,
        municipality: MunicipalityId,
        citizens: &[CitizenId],
    ) -> Result<Vec<BenefitPeriod>>;
    async fn benefit_periods(&self, municipality: MunicipalityId) -> Result<Vec<BenefitPeriod>>;
    /// Writes the whole import in one transaction, or nothing.
    async fn apply_register_import(
        &self,
        import: &RegisterImport,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn register_imports(
        &self,
        municipality: MunicipalityId,
        limit: i64,
    ) -> Result<Vec<ImportRecord>>;
    async fn cohort(&self, municipality: MunicipalityId) -> Result<Vec<CohortCourse>>;
    async fn cohort_placements(&self, municipality: MunicipalityId)
        -> Result<Vec<CohortPlacement>>;
    async fn investments(&self, municipality: MunicipalityId) -> Result<Vec<Investment>>;
    async fn set_investment(
        &self,
        municipality: MunicipalityId,
        inv: &Investment,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn rates(&self, municipality: MunicipalityId) -> Result<Rates>;
    async fn set_rate(
        &self,
        municipality: MunicipalityId,
        benefit: &str,
        year: i32,
        ore_per_week: i64,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Sets (`Some`) or removes (`None`) many rates, by benefit and year, in
    /// one transaction with their audit entries.
    async fn set_rates(
        &self,
        municipality: MunicipalityId,
        rates: &[(String, i32, Option<i64>)],
        audit: &[AuditEvent],
    ) -> Result<()>;
}

const UPSERT_RATE: &str = "INSERT INTO benefit_rates (municipality_id, benefit, year, ore_per_week) VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_id, benefit, year) DO UPDATE SET ore_per_week = excluded.ore_per_week";

const PERIOD_COLS: &str = "id, citizen_id, from_week, to_week, benefit";

/// The columns of a benefit period row as written (also by the generator).
pub(crate) const BENEFIT_PERIOD_COLUMNS: [&str; 7] = [
    "id",
    "municipality_id",
    "citizen_id",
    "from_week",
    "to_week",
    "benefit",
    "import_id",
];

fn period(r: &sqlx::any::AnyRow) -> Result<BenefitPeriod> {
    Ok(BenefitPeriod {
        id: text(r, "id")?,
        citizen_id: parsed(r, "citizen_id")?,
        from: date(r, "from_week")?,
        to: date(r, "to_week")?,
        benefit: text(r, "benefit")?,
    })
}

const CHUNK: usize = 500;

#[async_trait]
impl EvaluationStore for SqlStore {
    async fn citizens_by_cpr(
        &self,
        municipality: MunicipalityId,
        cprs: &[Cpr],
    ) -> Result<HashMap<Cpr, CitizenId>> {
        let mut out = HashMap::new();
        for chunk in cprs.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, cpr FROM citizens WHERE municipality_id = $1 AND cpr IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query(&sql).bind(municipality.to_string());
            for c in chunk {
                q = q.bind(c.full());
            }
            for r in q.fetch_all(&mut *self.read().await?).await? {
                let cpr = Cpr::parse(&text(&r, "cpr")?)
                    .map_err(|_| StoreError::Corrupt("cpr".into()))?
                    .0;
                out.insert(cpr, parsed(&r, "id")?);
            }
        }
        Ok(out)
    }

    async fn benefit_periods_of(
        &self,
        municipality: MunicipalityId,
        citizens: &[CitizenId],
    ) -> Result<Vec<BenefitPeriod>> {
        let mut out = Vec::new();
        for chunk in citizens.chunks(CHUNK) {
            let sql = format!(
                "SELECT {PERIOD_COLS} FROM benefit_periods WHERE municipality_id = $1 AND citizen_id IN ({}) ORDER BY citizen_id, from_week",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query(&sql).bind(municipality.to_string());
            for c in chunk {
                q = q.bind(c.to_string());
            }
            for r in q.fetch_all(&mut *self.read().await?).await? {
                out.push(period(&r)?);
            }
        }
        Ok(out)
    }

    async fn benefit_periods(&self, municipality: MunicipalityId) -> Result<Vec<BenefitPeriod>> {
        sqlx::query(&format!("SELECT {PERIOD_COLS} FROM benefit_periods WHERE municipality_id = $1 ORDER BY citizen_id, from_week"))
            .bind(municipality.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?
            .iter()
            .map(period)
            .collect()
    }

    async fn apply_register_import(
        &self,
        import: &RegisterImport,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let m = import.municipality_id.to_string();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO register_imports (id, municipality_id, file_name, lines, added, extended, unchanged, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(&import.id)
            .bind(&m)
            .bind(&import.file_name)
            .bind(import.lines as i64)
            .bind(import.added.len() as i64)
            .bind(import.extended.len() as i64)
            .bind(import.unchanged as i64)
            .bind(import.by.to_string())
            .bind(import.at.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        let rows: Vec<Vec<Cell>> = import
            .added
            .iter()
            .map(|p| {
                vec![
                    Cell::Text(p.id.clone()),
                    Cell::Text(m.clone()),
                    Cell::Text(p.citizen_id.to_string()),
                    Cell::Text(date_text(p.from)),
                    Cell::Text(date_text(p.to)),
                    Cell::Text(p.benefit.clone()),
                    Cell::Text(import.id.clone()),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            self.backend,
            "benefit_periods",
            &BENEFIT_PERIOD_COLUMNS,
            &rows,
        )
        .await?;
        for (id, to) in &import.extended {
            let done = sqlx::query("UPDATE benefit_periods SET to_week = $1 WHERE municipality_id = $2 AND id = $3 AND to_week < $1")
                .bind(date_text(*to))
                .bind(&m)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                // Someone imported meanwhile: the check no longer holds.
                return Err(Conflict::Stale.into());
            }
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn register_imports(
        &self,
        municipality: MunicipalityId,
        limit: i64,
    ) -> Result<Vec<ImportRecord>> {
        sqlx::query("SELECT r.file_name, r.lines, r.added, r.extended, r.unchanged, u.display_name, r.imported_at FROM register_imports r JOIN users u ON u.id = r.imported_by WHERE r.municipality_id = $1 ORDER BY r.imported_at DESC LIMIT $2")
            .bind(municipality.to_string())
            .bind(limit)
            .fetch_all(&mut *self.read().await?)
            .await?
            .iter()
            .map(|r| {
                Ok(ImportRecord {
                    file_name: text(r, "file_name")?,
                    lines: int(r, "lines")?,
                    added: int(r, "added")?,
                    extended: int(r, "extended")?,
                    unchanged: int(r, "unchanged")?,
                    by_name: text(r, "display_name")?,
                    at: crate::row::instant(r, "imported_at")?,
                })
            })
            .collect()
    }

    async fn cohort(&self, municipality: MunicipalityId) -> Result<Vec<CohortCourse>> {
        // The triage that made the course, if any (the latest when several).
        let rows = sqlx::query(
            "SELECT c.id, c.citizen_id, c.caseworker_id, u.team, u.unit_id, c.target_group, c.start_date, c.status, \
                    x.outcome, x.exit_date, z.cpr, z.birth_date, t.suggested_risk, t.assessed_risk, d.title AS q_title, d.version AS q_version \
             FROM courses c \
             JOIN citizens z ON z.id = c.citizen_id \
             JOIN users u ON u.id = c.caseworker_id \
             LEFT JOIN course_exits x ON x.course_id = c.id \
             LEFT JOIN triages t ON t.course_id = c.id AND t.decided_at = (SELECT MAX(t2.decided_at) FROM triages t2 WHERE t2.course_id = c.id) \
             LEFT JOIN questionnaire_responses q ON q.id = t.response_id \
             LEFT JOIN questionnaire_definitions d ON d.id = q.definition_id \
             WHERE c.municipality_id = $1",
        )
        .bind(municipality.to_string());
        crate::row::each(rows, self, |r| {
            let exit = match opt_text(r, "outcome")? {
                Some(o) => Some((o, date(r, "exit_date")?)),
                None => None,
            };
            Ok(CohortCourse {
                course_id: parsed(r, "id")?,
                citizen_id: parsed(r, "citizen_id")?,
                caseworker_id: parsed(r, "caseworker_id")?,
                team: opt_text(r, "team")?,
                unit_id: opt_parsed(r, "unit_id")?,
                target_group: text(r, "target_group")?,
                start: date(r, "start_date")?,
                closed: text(r, "status")? == "closed",
                exit,
                // An anonymised citizen keeps only the birth date.
                birth: match opt_date(r, "birth_date")? {
                    Some(d) => Some(d),
                    None => Cpr::parse(&text(r, "cpr")?)
                        .ok()
                        .and_then(|(c, _)| c.birth_date()),
                },
                suggested_risk: opt_text(r, "suggested_risk")?,
                assessed_risk: opt_text(r, "assessed_risk")?,
                questionnaire: match opt_text(r, "q_title")? {
                    Some(t) => Some(format!("{t} (version {})", int(r, "q_version")?)),
                    None => None,
                },
            })
        })
        .await
    }

    async fn cohort_placements(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Vec<CohortPlacement>> {
        // The catalogue once (names and tracks parsed once per intervention),
        // then the placements as three ids each.
        let mut catalogue: HashMap<String, (InterventionId, String, Vec<String>)> = HashMap::new();
        for r in
            sqlx::query("SELECT id, name, tracks FROM interventions WHERE municipality_id = $1")
                .bind(municipality.to_string())
                .fetch_all(&mut *self.read().await?)
                .await?
        {
            catalogue.insert(
                text(&r, "id")?,
                (
                    parsed(&r, "id")?,
                    text(&r, "name")?,
                    crate::catalogue::json_list(&r, "tracks")?,
                ),
            );
        }
        let q = sqlx::query("SELECT course_id, id, intervention_id FROM placements WHERE municipality_id = $1 AND status IN ('active', 'ended')")
            .bind(municipality.to_string());
        crate::row::each(q, self, |r| {
            let (intervention_id, name, tracks) = catalogue
                .get(&text(r, "intervention_id")?)
                .cloned()
                .ok_or_else(|| StoreError::Corrupt("placement without intervention".into()))?;
            Ok(CohortPlacement {
                course_id: parsed(r, "course_id")?,
                placement_id: parsed(r, "id")?,
                intervention_id,
                intervention_name: name,
                tracks,
            })
        })
        .await
    }

    async fn investments(&self, municipality: MunicipalityId) -> Result<Vec<Investment>> {
        sqlx::query("SELECT year, category, ore FROM investments WHERE municipality_id = $1 ORDER BY year, category")
            .bind(municipality.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?
            .iter()
            .map(|r| {
                Ok(Investment {
                    year: int(r, "year")? as i32,
                    category: Category::parse(&text(r, "category")?).ok_or_else(|| StoreError::Corrupt("category".into()))?,
                    ore: int(r, "ore")?,
                })
            })
            .collect()
    }

    async fn set_investment(
        &self,
        municipality: MunicipalityId,
        inv: &Investment,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let q = sqlx::query("INSERT INTO investments (municipality_id, year, category, ore) VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_id, year, category) DO UPDATE SET ore = excluded.ore")
            .bind(municipality.to_string())
            .bind(inv.year as i64)
            .bind(inv.category.code())
            .bind(inv.ore);
        self.write_one(q, audit).await
    }

    async fn rates(&self, municipality: MunicipalityId) -> Result<Rates> {
        let mut rates = Rates::default();
        for r in sqlx::query(
            "SELECT benefit, year, ore_per_week FROM benefit_rates WHERE municipality_id = $1",
        )
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?
        {
            rates.set(
                &text(&r, "benefit")?,
                int(&r, "year")? as i32,
                int(&r, "ore_per_week")?,
            );
        }
        Ok(rates)
    }

    async fn set_rate(
        &self,
        municipality: MunicipalityId,
        benefit: &str,
        year: i32,
        ore_per_week: i64,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let q = sqlx::query(UPSERT_RATE)
            .bind(municipality.to_string())
            .bind(benefit)
            .bind(year as i64)
            .bind(ore_per_week);
        self.write_one(q, audit).await
    }

    async fn set_rates(
        &self,
        municipality: MunicipalityId,
        rates: &[(String, i32, Option<i64>)],
        audit: &[AuditEvent],
    ) -> Result<()> {
        let m = municipality.to_string();
        let mut tx = self.begin_write().await?;
        for (benefit, year, ore) in rates {
            match ore {
                Some(ore) => {
                    sqlx::query(UPSERT_RATE)
                        .bind(&m)
                        .bind(benefit)
                        .bind(i64::from(*year))
                        .bind(*ore)
                        .execute(&mut *tx)
                        .await?
                }
                None => {
                    sqlx::query("DELETE FROM benefit_rates WHERE municipality_id = $1 AND benefit = $2 AND year = $3")
                        .bind(&m)
                        .bind(benefit)
                        .bind(i64::from(*year))
                        .execute(&mut *tx)
                        .await?
                }
            };
        }
        tx.commit(audit).await
    }
}
