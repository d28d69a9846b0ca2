//! Outcomes: time on benefit to self-support, as Kaplan-Meier curves per
//! group, the log-rank test between the groups, medians, restricted means
//! and the share in self-support at 6, 12 and 24 months. Aggregates only:
//! groups under the minimum size are suppressed, and no citizen is named.

use crate::error::WebError;
use crate::management::service::register::require_manager;
use crate::AppState;
use chrono::{Datelike, Months, NaiveDate, Utc};
use jobspor_domain::control::Outcome;
use jobspor_domain::evaluation::duration::{from_exit, from_register};
use jobspor_domain::evaluation::logrank::{log_rank, LogRank};
use jobspor_domain::evaluation::survival::{kaplan_meier, KaplanMeier, Observation};
use jobspor_domain::evaluation::{count, Cell, EvalError};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::UnitId;
use jobspor_store::CohortCourse;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Model,
    StartYear,
    TargetGroup,
    RiskClass,
    Track,
    Intervention,
}

impl GroupBy {
    pub const ALL: [GroupBy; 6] = [
        GroupBy::Model,
        GroupBy::StartYear,
        GroupBy::TargetGroup,
        GroupBy::RiskClass,
        GroupBy::Track,
        GroupBy::Intervention,
    ];
    pub fn code(self) -> &'static str {
        match self {
            GroupBy::Model => "model",
            GroupBy::StartYear => "year",
            GroupBy::TargetGroup => "target_group",
            GroupBy::RiskClass => "risk",
            GroupBy::Track => "track",
            GroupBy::Intervention => "intervention",
        }
    }
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|g| g.code() == s)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub group_by: GroupBy,
    /// The model's start: courses before it are the "before" cohort.
    pub model_start: Option<NaiveDate>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub target_group: Option<String>,
    pub team: Option<String>,
    /// The caseworker's unit (for the cohort) or the intervention's (for capacity).
    pub unit: Option<UnitId>,
}

impl Filter {
    /// Whether a course of the cohort is inside the filter.
    pub fn keeps(&self, c: &CohortCourse) -> bool {
        self.year_in(c.start.year()) && self.keeps_whenever(c)
    }

    /// The same, whatever year the course started (for analyses that use
    /// the years otherwise).
    pub fn keeps_whenever(&self, c: &CohortCourse) -> bool {
        self.group_in(&c.target_group) && self.staff_in(c.team.as_ref(), c.unit_id)
    }

    pub fn group_in(&self, group: &str) -> bool {
        self.target_group.as_deref().is_none_or(|g| g == group)
    }

    /// Whether a caseworker of this team and unit is inside the filter.
    pub fn staff_in(&self, team: Option<&String>, unit: Option<UnitId>) -> bool {
        self.team.as_ref().is_none_or(|t| Some(t) == team)
            && self.unit.is_none_or(|u| Some(u) == unit)
    }

    /// The first day of each month of the filter's years (up to `today`),
    /// or of the last two years: the timeline of the trend charts.
    pub fn months(&self, today: NaiveDate) -> Vec<NaiveDate> {
        let from = self
            .from_year
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .unwrap_or_else(|| today - Months::new(23));
        let to = self
            .to_year
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31))
            .map_or(today, |d| d.min(today));
        let mut m = from.with_day(1).unwrap_or(from);
        let mut out = Vec::new();
        while m <= to {
            out.push(m);
            m = m + Months::new(1);
        }
        out
    }

    pub fn year_in(&self, year: i32) -> bool {
        self.from_year.is_none_or(|y| year >= y) && self.to_year.is_none_or(|y| year <= y)
    }
}

/// The default model start: Hjørring's investment began in 2015.
pub fn default_model_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default()
}

/// What the courses of a group share. Codes, not words: the page names
/// them in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    BeforeModel,
    WithModel,
    StartYear(i32),
    /// A target group's code.
    TargetGroup(String),
    /// The screening's risk class code.
    Risk(String),
    Unscreened,
    /// A catalogue track's code.
    Track(String),
    /// An intervention's name.
    Intervention(String),
    NoIntervention,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub key: GroupKey,
    pub citizens: usize,
    /// `None` when suppressed or not enough data (see `note`).
    pub km: Option<KaplanMeier>,
    pub note: Option<EvalError>,
}

impl Group {
    pub fn share_at_months(&self, months: f64) -> Option<f64> {
        self.km
            .as_ref()
            .and_then(|k| k.share_by(months * 52.0 / 12.0))
    }
}

#[derive(Debug, Clone)]
pub struct Outcomes {
    pub groups: Vec<Group>,
    /// Groups left out because they had fewer than the minimum.
    pub suppressed: usize,
    pub log_rank: Option<LogRank>,
    /// How many durations came from the register, and how many from course exits.
    pub from_register: usize,
    pub from_exits: usize,
}

/// One course's observation and the labels it belongs to.
pub(crate) struct Row<'a> {
    pub course: &'a CohortCourse,
    pub obs: Observation,
}

/// The cohort with one observation per course, filtered.
pub(crate) async fn observations<'a>(
    state: &AppState,
    actor: &Actor,
    cohort: &'a [CohortCourse],
    f: &Filter,
) -> Result<(Vec<Row<'a>>, usize, usize), WebError> {
    let m = actor.municipality_id;
    let register = crate::management::service::snapshot::register(state, m).await?;
    let today = today_copenhagen(Utc::now());
    let (mut reg, mut exits) = (0, 0);
    let mut rows = Vec::new();
    for c in cohort {
        if !f.keeps(c) {
            continue;
        }
        let obs = match (register.spans(c.citizen_id), register.until) {
            (Some(p), Some(until)) => match from_register(c.start, &p, until) {
                Some(o) => {
                    reg += 1;
                    o
                }
                None => continue,
            },
            _ => {
                exits += 1;
                let exit = c
                    .exit
                    .as_ref()
                    .and_then(|(o, d)| Outcome::parse(o).map(|o| (o, *d)));
                from_exit(c.start, exit, today)
            }
        };
        rows.push(Row { course: c, obs });
    }
    Ok((rows, reg, exits))
}

pub async fn outcomes(state: &AppState, actor: &Actor, f: &Filter) -> Result<Outcomes, WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let cohort = crate::management::service::snapshot::cohort(state, m).await?;
    let (rows, from_register, from_exits) = observations(state, actor, &cohort, f).await?;
    let mut labels: BTreeMap<GroupKey, Vec<Observation>> = BTreeMap::new();
    let model_start = f.model_start.unwrap_or_else(default_model_start);
    let mut tracks: HashMap<_, Vec<(String, String)>> = HashMap::new();
    if matches!(f.group_by, GroupBy::Track | GroupBy::Intervention) {
        for p in crate::management::service::snapshot::placements(state, m)
            .await?
            .iter()
        {
            let t = p.tracks.first().cloned().unwrap_or_default();
            tracks
                .entry(p.course_id)
                .or_default()
                .push((t, p.intervention_name.clone()));
        }
    }
    for r in &rows {
        let c = r.course;
        let keys: Vec<GroupKey> = match f.group_by {
            GroupBy::Model if c.start < model_start => vec![GroupKey::BeforeModel],
            GroupBy::Model => vec![GroupKey::WithModel],
            GroupBy::StartYear => vec![GroupKey::StartYear(c.start.year())],
            GroupBy::TargetGroup => vec![GroupKey::TargetGroup(c.target_group.clone())],
            GroupBy::RiskClass => vec![c
                .suggested_risk
                .clone()
                .map_or(GroupKey::Unscreened, GroupKey::Risk)],
            GroupBy::Track | GroupBy::Intervention => {
                let mut v: Vec<GroupKey> = tracks
                    .get(&c.course_id)
                    .map(|l| {
                        l.iter()
                            .map(|(t, i)| {
                                if f.group_by == GroupBy::Track {
                                    GroupKey::Track(t.clone())
                                } else {
                                    GroupKey::Intervention(i.clone())
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_else(|| vec![GroupKey::NoIntervention]);
                v.sort();
                v.dedup();
                v
            }
        };
        for k in keys {
            labels.entry(k).or_default().push(r.obs);
        }
    }
    let mut groups = Vec::new();
    let mut sets = Vec::new();
    let mut suppressed = 0;
    for (key, obs) in labels {
        // A group too small to show is left out whole, curve and all.
        let Cell::Shown(citizens) = count(obs.len()) else {
            suppressed += 1;
            continue;
        };
        let (km, note) = match kaplan_meier(&obs) {
            Ok(k) => (Some(k), None),
            Err(e) => (None, Some(e)),
        };
        groups.push(Group {
            key,
            citizens,
            km,
            note,
        });
        sets.push(obs);
    }
    // The test needs disjoint groups: a citizen in two interventions counts
    // in both, so by track and by intervention there is no test.
    let disjoint = !matches!(f.group_by, GroupBy::Track | GroupBy::Intervention);
    let log_rank = if disjoint { log_rank(&sets).ok() } else { None };
    crate::management::service::register::audit_aggregate(state, actor, "outcomes").await?;
    Ok(Outcomes {
        groups,
        suppressed,
        log_rank,
        from_register,
        from_exits,
    })
}
