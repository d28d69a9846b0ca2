//! Planning and committing an import for an administrator.

use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::{Course, CourseStatus};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::import::{plan, plan_journal, Known, Mapping, Plan, Table};
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::message::Message;
use jobspor_domain::rules::{Activation, RuleBook};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::{CitizenId, CourseId, JournalEntryId, UserId};
use jobspor_store::{ImportBatch, Store, StoreError};
use std::collections::{HashMap, HashSet};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ImportError {
    /// The file or the mapping cannot be used (the messages say why).
    #[error("the file cannot be imported")]
    Refused(Vec<Message>),
    /// Some lines are refused: nothing is imported.
    #[error("some lines are refused")]
    Lines(Refusal),
    #[error("only an administrator imports")]
    NotAllowed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The audit entries' purpose.
const PURPOSE: &str = "indlæsning af eksisterende sager";

fn event(actor: &Actor, action: AuditAction, citizen: CitizenId, object: String) -> AuditEvent {
    crate::audit::event(actor, action, Some(citizen), object, PURPOSE)
}

/// The citizens of the file's CPR numbers that are here, each lookup of
/// one audited (whether or not the import goes on).
async fn look_up<S: Store + ?Sized>(
    store: &S,
    actor: &Actor,
    table: &Table,
    cols: &HashMap<jobspor_domain::import::Field, usize>,
) -> Result<HashMap<Cpr, CitizenId>, ImportError> {
    let cpr_col = cols
        .get(&jobspor_domain::import::Field::Cpr)
        .copied()
        .unwrap_or_default();
    let cprs: Vec<Cpr> = table
        .rows
        .iter()
        .filter_map(|(_, cells)| cells.get(cpr_col))
        .filter_map(|c| Cpr::parse(c).ok().map(|(c, _)| c))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let found = store.citizens_by_cpr(actor.municipality_id, &cprs).await?;
    let looked_up: Vec<AuditEvent> = found
        .values()
        .map(|id| event(actor, AuditAction::Search, *id, "import_lookup".into()))
        .collect();
    store.append_audit(&looked_up).await?;
    Ok(found)
}

/// The plan of a table: every CPR number in it looked up (audited for each
/// citizen found, whether or not the import goes on), the caseworkers by
/// username, and the municipality's rules.
async fn prepare<S: Store + ?Sized>(
    store: &S,
    actor: &Actor,
    table: &Table,
    mapping: &Mapping,
    today: chrono::NaiveDate,
) -> Result<(Plan, HashMap<Cpr, CitizenId>), ImportError> {
    let m = actor.municipality_id;
    let cols = mapping
        .resolve(&table.headers)
        .map_err(|e| ImportError::Refused(vec![e]))?;
    let found = look_up(store, actor, table, &cols).await?;
    let caseworkers: HashMap<String, UserId> = store
        .list_users(m)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Caseworker && u.active)
        .map(|u| (u.username, u.id))
        .collect();
    let activations: Vec<Activation> = store
        .activations(m)
        .await?
        .into_iter()
        .map(|s| s.activation)
        .collect();
    let book = RuleBook::with(&activations);
    let existing: HashSet<Cpr> = found.keys().cloned().collect();
    let known = Known {
        existing: &existing,
        caseworkers: &caseworkers,
        book: &book,
        today,
    };
    let p = plan(table, mapping, &known).map_err(|e| ImportError::Refused(vec![e]))?;
    Ok((p, found))
}

/// What an import did, or (checked only) would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub courses: usize,
    pub notes: usize,
}

impl Summary {
    fn of(plan: &Plan) -> Summary {
        Summary {
            created: plan.creates(),
            updated: plan.updates(),
            courses: plan.courses(),
            notes: 0,
        }
    }
}

/// The refused lines of a file, with what the rest would have done.
#[derive(Debug, Clone, Default)]
pub struct Refusal {
    pub lines: Vec<(usize, Vec<Message>)>,
    pub would: Summary,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Citizens and their courses.
    #[default]
    Cases,
    /// Journal notes for citizens already here, for their newest course.
    Journal,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "" | "cases" => Some(Kind::Cases),
            "journal" => Some(Kind::Journal),
            _ => None,
        }
    }
}

/// Where an import has got to, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Checking this many lines.
    Checking(usize),
    /// Writing this many lines in one transaction.
    Writing(usize),
}

/// Plans and, when every line can be imported, commits in one
/// transaction; with `dry_run`, only plans. Refused lines come back as
/// [`ImportError::Lines`] and nothing is written. `progress` hears each
/// step as it starts.
pub async fn import<S: Store + ?Sized>(
    store: &S,
    actor: &Actor,
    kind: Kind,
    table: &Table,
    mapping: &Mapping,
    dry_run: bool,
    progress: &(dyn Fn(Step) + Send + Sync),
) -> Result<Summary, ImportError> {
    if actor.role != Role::Admin {
        return Err(ImportError::NotAllowed);
    }
    progress(Step::Checking(table.rows.len()));
    match kind {
        Kind::Cases => cases(store, actor, table, mapping, dry_run, progress).await,
        Kind::Journal => journal(store, actor, table, mapping, dry_run, progress).await,
    }
}

async fn cases<S: Store + ?Sized>(
    store: &S,
    actor: &Actor,
    table: &Table,
    mapping: &Mapping,
    dry_run: bool,
    progress: &(dyn Fn(Step) + Send + Sync),
) -> Result<Summary, ImportError> {
    let now = chrono::Utc::now();
    let (p, found) = prepare(store, actor, table, mapping, today_copenhagen(now)).await?;
    if !p.refused.is_empty() {
        return Err(ImportError::Lines(Refusal {
            would: Summary::of(&p),
            lines: p.refused,
        }));
    }
    if p.planned.is_empty() {
        return Err(ImportError::Refused(vec![Message::new(
            "invalid.import_empty",
        )]));
    }
    if dry_run {
        return Ok(Summary::of(&p));
    }
    progress(Step::Writing(p.planned.len()));
    let m = actor.municipality_id;
    let mut batch = ImportBatch::default();
    let mut audit = Vec::with_capacity(p.planned.len() * 2);
    for line in &p.planned {
        let id = found
            .get(&line.citizen.cpr)
            .copied()
            .unwrap_or_else(CitizenId::new);
        let c = Citizen {
            id,
            municipality_id: m,
            cpr: line.citizen.cpr.clone(),
            name: line.citizen.name.clone(),
            phone: line.citizen.phone.clone(),
            email: line.citizen.email.clone(),
            address: line.citizen.address.clone(),
            created_at: now,
            version: 1,
        };
        let action = if line.update {
            AuditAction::Update
        } else {
            AuditAction::Create
        };
        audit.push(event(actor, action, id, format!("citizen:{id}")));
        if let Some((v, caseworker)) = &line.course {
            let k = Course {
                id: CourseId::new(),
                municipality_id: m,
                citizen_id: id,
                caseworker_id: *caseworker,
                target_group: v.classification.target_group,
                category: v.classification.category.map(String::from),
                rule_set: v.classification.rule_set.to_string(),
                status: CourseStatus::Active,
                start_date: v.start_date,
                first_absence_date: v.first_absence_date,
                follow_up_track: v.follow_up_track,
                framework: v.framework.clone(),
                employment_goal: v.employment_goal.clone(),
                referral: v.referral.clone(),
                created_at: now,
                updated_at: now,
                version: 1,
            };
            audit.push(event(
                actor,
                AuditAction::Create,
                id,
                format!("course:{}", k.id),
            ));
            batch.courses.push(k);
        }
        if line.update {
            batch.update.push(c);
        } else {
            batch.create.push(c);
        }
    }
    store.import_cases(&batch, &audit).await?;
    Ok(Summary::of(&p))
}

/// A journal file: each note for its citizen's newest course (the citizens
/// must be here already); one audit entry per citizen.
async fn journal<S: Store + ?Sized>(
    store: &S,
    actor: &Actor,
    table: &Table,
    mapping: &Mapping,
    dry_run: bool,
    progress: &(dyn Fn(Step) + Send + Sync),
) -> Result<Summary, ImportError> {
    let m = actor.municipality_id;
    let cols = mapping
        .resolve_journal(&table.headers)
        .map_err(|e| ImportError::Refused(vec![e]))?;
    let found = look_up(store, actor, table, &cols).await?;
    let ids: Vec<CitizenId> = found.values().copied().collect();
    let mut newest: HashMap<CitizenId, Course> = HashMap::new();
    for r in store.courses_of_citizens(m, &ids).await? {
        let k = r.course;
        match newest.get(&k.citizen_id) {
            Some(n) if n.start_date >= k.start_date => {}
            _ => {
                newest.insert(k.citizen_id, k);
            }
        }
    }
    let courses: HashMap<Cpr, CourseId> = found
        .iter()
        .filter_map(|(cpr, id)| newest.get(id).map(|k| (cpr.clone(), k.id)))
        .collect();
    let now = chrono::Utc::now();
    let p = plan_journal(table, mapping, &courses, today_copenhagen(now))
        .map_err(|e| ImportError::Refused(vec![e]))?;
    let would = Summary {
        notes: p.planned.len(),
        ..Summary::default()
    };
    if !p.refused.is_empty() {
        return Err(ImportError::Lines(Refusal {
            lines: p.refused,
            would,
        }));
    }
    if p.planned.is_empty() {
        return Err(ImportError::Refused(vec![Message::new(
            "invalid.import_empty",
        )]));
    }
    if dry_run {
        return Ok(would);
    }
    progress(Step::Writing(p.planned.len()));
    let mut batch = ImportBatch::default();
    let mut per_citizen: HashMap<CitizenId, usize> = HashMap::new();
    for l in &p.planned {
        if let Some(id) = found.get(&l.cpr) {
            *per_citizen.entry(*id).or_default() += 1;
        }
        batch.journal.push(JournalEntry {
            id: JournalEntryId::new(),
            municipality_id: m,
            course_id: l.course,
            author_id: actor.user_id,
            author_name: l
                .author
                .clone()
                .unwrap_or_else(|| FORMER_SYSTEM.to_string()),
            author_role: actor.role,
            entry_date: l.date,
            text: l.text.clone(),
            corrects: None,
            created_at: now,
        });
    }
    let audit: Vec<AuditEvent> = per_citizen
        .iter()
        .map(|(id, n)| {
            event(
                actor,
                AuditAction::Create,
                *id,
                format!("journal_import:{n}"),
            )
        })
        .collect();
    store.import_cases(&batch, &audit).await?;
    Ok(would)
}

/// The author of a note the file names no one for.
const FORMER_SYSTEM: &str = "Tidligere sagssystem";
