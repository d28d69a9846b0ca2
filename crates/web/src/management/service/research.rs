//! The pseudonymised analysis export for researchers: one row per course,
//! with no name, no CPR number and no exact date. Citizens and courses carry
//! pseudonyms (HMAC under the municipality's key, which never leaves the
//! database), so the same citizen has the same pseudonym in every export;
//! age is a band and the start a week. Each citizen in the file gets an
//! audit entry: pseudonymised data are still personal data.

use crate::audit::{audit, event};
use crate::error::WebError;
use crate::export::{Cell, Table};
use crate::management::service::outcomes::{observations, Filter};
use crate::management::service::register::require_manager;
use crate::AppState;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::evaluation::age_band;
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::evaluation::pseudonym::{pseudonym, KEY_BYTES};
use jobspor_domain::evaluation::register::format_week;
use jobspor_domain::user::Actor;
use jobspor_domain::{CourseId, PlacementId};
use rand::RngCore;
use std::collections::{BTreeSet, HashMap};

pub const PURPOSE_RESEARCH: &str = "forskning (pseudonymiseret udtræk)";

pub const HEADERS: [&str; 13] = [
    "borger",
    "forloeb",
    "maalgruppe",
    "startuge",
    "aldersgruppe",
    "risiko_screening",
    "risiko_vurdering",
    "spoergeskema",
    "indsatser",
    "uger",
    "selvforsoergelse",
    "aendring_borger",
    "aendring_udfoerer",
];

fn mean(v: &[f64]) -> Cell {
    if v.is_empty() {
        Cell::Empty
    } else {
        Cell::Number(v.iter().sum::<f64>() / v.len() as f64)
    }
}

pub async fn research_table(
    state: &AppState,
    actor: &Actor,
    f: &Filter,
) -> Result<Table, WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let mut fresh = [0u8; KEY_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    let key = state.store.research_key(m, &fresh).await?;
    let cohort = crate::management::service::snapshot::cohort(state, m).await?;
    let (rows, _, _) = observations(state, actor, &cohort, f).await?;
    let mut names: HashMap<CourseId, BTreeSet<String>> = HashMap::new();
    let mut placements: HashMap<CourseId, Vec<PlacementId>> = HashMap::new();
    for p in crate::management::service::snapshot::placements(state, m)
        .await?
        .iter()
    {
        names
            .entry(p.course_id)
            .or_default()
            .insert(p.intervention_name.clone());
        placements
            .entry(p.course_id)
            .or_default()
            .push(p.placement_id);
    }
    let mut changes: HashMap<PlacementId, (Vec<f64>, Vec<f64>)> = HashMap::new();
    for c in crate::management::service::snapshot::rating_changes(state, m)
        .await?
        .iter()
    {
        if c.ratings < 2 {
            continue;
        }
        let e = changes.entry(c.placement_id).or_default();
        let d = (c.last - c.first) as f64;
        if c.rater == "citizen" {
            e.0.push(d);
        } else {
            e.1.push(d);
        }
    }
    let text = |s: Option<&String>| s.map(|s| Cell::Text(s.clone())).unwrap_or(Cell::Empty);
    let mut out = Vec::with_capacity(rows.len());
    let mut citizens = BTreeSet::new();
    for r in &rows {
        let c = r.course;
        citizens.insert(c.citizen_id);
        let (mut cit, mut prov) = (Vec::new(), Vec::new());
        for p in placements.get(&c.course_id).into_iter().flatten() {
            if let Some((a, b)) = changes.get(p) {
                cit.extend(a);
                prov.extend(b);
            }
        }
        out.push(vec![
            Cell::Text(pseudonym(&key, "borger", &c.citizen_id.to_string())),
            Cell::Text(pseudonym(&key, "forloeb", &c.course_id.to_string())),
            Cell::Text(c.target_group.clone()),
            Cell::Text(format_week(monday(c.start))),
            c.birth
                .map(|b| Cell::Text(age_band(b, c.start).into()))
                .unwrap_or(Cell::Empty),
            text(c.suggested_risk.as_ref()),
            text(c.assessed_risk.as_ref()),
            text(c.questionnaire.as_ref()),
            Cell::Text(
                names
                    .get(&c.course_id)
                    .map(|n| n.iter().cloned().collect::<Vec<_>>().join("; "))
                    .unwrap_or_default(),
            ),
            Cell::Number(r.obs.time),
            Cell::Number(f64::from(u8::from(r.obs.event))),
            mean(&cit),
            mean(&prov),
        ]);
    }
    // Shuffle-free but not in the database's order: by pseudonym.
    out.sort_by(|a, b| match (&a[0], &b[0]) {
        (Cell::Text(x), Cell::Text(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    let events: Vec<_> = citizens
        .into_iter()
        .map(|cid| {
            event(
                actor,
                AuditAction::Export,
                Some(cid),
                "evaluation:research_export".into(),
                PURPOSE_RESEARCH,
            )
        })
        .collect();
    audit(state, &events).await?;
    Ok(Table {
        headers: HEADERS.map(String::from).to_vec(),
        rows: out,
    })
}
