//! The benefit register import: the file is checked line by line, CPR
//! numbers are matched to the municipality's citizens, and the periods are
//! compared with those already imported. A dry run stops there and reports;
//! a real import writes everything in one transaction, or nothing.

use crate::audit::event;
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::evaluation::register::{parse_register, LineError};
use jobspor_domain::message::Message;
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::CitizenId;
use jobspor_store::{BenefitPeriod, RegisterImport};
use std::collections::HashMap;
use uuid::Uuid;

/// The purpose recorded for evaluation work.
pub const PURPOSE_EVALUATION: &str = "ledelsesinformation og evaluering";

/// What an import did or would do. A manager sees aggregates only: no line
/// says whether its CPR number is a citizen's, or what was imported for
/// them before, and the counts are shown under the small-cell rule.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub lines: usize,
    pub citizens: usize,
    /// Lines about people who are no citizens here: left out.
    pub not_citizens: usize,
    pub added: usize,
    pub extended: usize,
    pub unchanged: usize,
    pub errors: Vec<LineError>,
    /// Whether anything was written.
    pub written: bool,
}

/// Managers handle evaluation data; anyone else gets 404.
pub fn require_manager(actor: &Actor) -> Result<(), WebError> {
    if actor.role == Role::Manager {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// Logs that `actor` read the aggregate `what` (no citizen is named).
pub async fn audit_aggregate(state: &AppState, actor: &Actor, what: &str) -> Result<(), WebError> {
    crate::audit::audit(
        state,
        &[crate::audit::event(
            actor,
            AuditAction::Read,
            None,
            format!("evaluation:{what}"),
            PURPOSE_EVALUATION,
        )],
    )
    .await
}

const MAX_ERRORS_SHOWN: usize = 200;

pub async fn import(
    state: &AppState,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let now = Utc::now();
    let latest = monday(today_copenhagen(now));
    let mut report = ImportReport::default();
    let lines = match parse_register(bytes, latest) {
        Ok(l) => l,
        Err(errors) => {
            report.errors = errors;
            report.errors.truncate(MAX_ERRORS_SHOWN);
            return Ok(report);
        }
    };
    report.lines = lines.len();
    let cprs: Vec<_> = {
        let mut v: Vec<_> = lines.iter().map(|l| l.cpr.clone()).collect();
        v.sort_by_key(|c| c.full());
        v.dedup();
        v
    };
    let ids = state.store.citizens_by_cpr(m, &cprs).await?;
    let known: Vec<CitizenId> = {
        let mut v: Vec<CitizenId> = ids.values().copied().collect();
        v.sort();
        v.dedup();
        v
    };
    report.citizens = known.len();
    let import_id = Uuid::now_v7().to_string();
    // Every CPR number looked up is a use of that person's data, on every
    // path: each citizen found, and a count of the numbers that are none.
    let looked_up = format!("register_import:{import_id}:lookup");
    let mut audit: Vec<_> = known
        .iter()
        .map(|c| {
            event(
                actor,
                AuditAction::Read,
                Some(*c),
                looked_up.clone(),
                PURPOSE_EVALUATION,
            )
        })
        .collect();
    let strangers = cprs.iter().filter(|c| !ids.contains_key(*c)).count();
    if strangers > 0 {
        audit.push(event(
            actor,
            AuditAction::Read,
            None,
            format!("{looked_up}:{strangers} uden borger"),
            PURPOSE_EVALUATION,
        ));
    }
    let mut existing: HashMap<CitizenId, Vec<BenefitPeriod>> = HashMap::new();
    for p in state.store.benefit_periods_of(m, &known).await? {
        existing.entry(p.citizen_id).or_default().push(p);
    }
    let mut added = Vec::new();
    let mut extended = Vec::new();
    let mut touched: Vec<CitizenId> = Vec::new();
    let mut overlaps = 0usize;
    for l in &lines {
        // Someone who is no citizen here is left out, and only counted.
        let Some(&citizen) = ids.get(&l.cpr) else {
            report.not_citizens += 1;
            continue;
        };
        let overlapping: Vec<&BenefitPeriod> = existing
            .get(&citizen)
            .map(|v| {
                v.iter()
                    .filter(|p| p.from <= l.to && l.from <= p.to)
                    .collect()
            })
            .unwrap_or_default();
        match overlapping.as_slice() {
            [] => {
                added.push(BenefitPeriod {
                    id: Uuid::now_v7().to_string(),
                    citizen_id: citizen,
                    from: l.from,
                    to: l.to,
                    benefit: l.benefit.clone(),
                });
                touched.push(citizen);
            }
            [p] if p.from == l.from && p.benefit == l.benefit => {
                if l.to > p.to {
                    extended.push((p.id.clone(), l.to));
                    touched.push(citizen);
                } else {
                    report.unchanged += 1;
                }
            }
            // Which line, and what was there before, would tell about one
            // citizen: only how many.
            [_, ..] => overlaps += 1,
        }
    }
    if overlaps > 0 {
        let message = if jobspor_domain::evaluation::shown(overlaps) {
            Message::new("invalid.register_overlaps_earlier_count").with("n", overlaps)
        } else {
            Message::new("invalid.register_overlaps_earlier_few")
        };
        report.errors.push(LineError { line: 0, message });
    }
    report.added = added.len();
    report.extended = extended.len();
    if !report.errors.is_empty() || dry_run {
        report.errors.truncate(MAX_ERRORS_SHOWN);
        state.store.append_audit(&audit).await?;
        return Ok(report);
    }
    touched.sort();
    touched.dedup();
    let object = format!("register_import:{import_id}");
    audit.extend(touched.iter().map(|c| {
        event(
            actor,
            AuditAction::Create,
            Some(*c),
            object.clone(),
            PURPOSE_EVALUATION,
        )
    }));
    let import = RegisterImport {
        id: import_id,
        municipality_id: m,
        file_name: file_name
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect(),
        lines: report.lines,
        added,
        extended,
        unchanged: report.unchanged,
        by: actor.user_id,
        at: now,
    };
    state.store.apply_register_import(&import, &audit).await?;
    state.eval_cache.invalidate(actor.municipality_id);
    report.written = true;
    Ok(report)
}
