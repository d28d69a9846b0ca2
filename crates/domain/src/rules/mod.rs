//! Target groups, their categories and the sygedagpenge follow-up as
//! effective-dated rule sets.
//!
//! Legislation changes what a target group is, which categories exist and
//! how often a sick-listed citizen is followed up. Each law is a rule set
//! with a valid-from date ([`sets`]); the set in force on a date is the
//! newest one in force from on or before it. A course records the set in
//! force on its start date, so history keeps the rules of its time, and each
//! follow-up deadline follows the set in force on its own date. A *pending*
//! set (a law expected but not yet passed) never applies by itself: an
//! administrator activates it, or moves its date, when the law is published
//! ([`Activation`]). `docs/rules.md` gives the legal source of every set.

mod sets;
#[cfg(test)]
mod tests;
pub mod transition;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetGroup {
    Kontanthjaelp,
    Sygedagpenge,
    Integrationsydelse,
    ForsikretLedig,
}

impl TargetGroup {
    pub const ALL: [TargetGroup; 4] = [
        TargetGroup::Kontanthjaelp,
        TargetGroup::Sygedagpenge,
        TargetGroup::Integrationsydelse,
        TargetGroup::ForsikretLedig,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TargetGroup::Kontanthjaelp => "kontanthjaelp",
            TargetGroup::Sygedagpenge => "sygedagpenge",
            TargetGroup::Integrationsydelse => "integrationsydelse",
            TargetGroup::ForsikretLedig => "forsikret_ledig",
        }
    }

    pub fn parse(s: &str) -> Option<TargetGroup> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// One category a target group may have under a rule set (its words are in
/// the web catalogue under `category.CODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Category {
    pub code: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetGroupRule {
    pub group: TargetGroup,
    pub categories: &'static [Category],
    /// The category a new course gets when none is chosen (None: must choose
    /// when `categories` is non-empty).
    pub default_category: Option<&'static str>,
}

/// The sygedagpenge follow-up of a rule set, counted from the first day of
/// absence: the first follow-up by the end of `first_week`, then every
/// `every_weeks`, and the reassessment (revurdering) by the end of
/// `reassessment_week`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub first_week: i64,
    pub every_weeks: i64,
    pub reassessment_week: i64,
    /// The § 13 f light track: an employee with a predictable course and
    /// recovery expected within `light_track_weeks` of the first follow-up
    /// is followed up only on recovery.
    pub light_track: bool,
    pub light_track_weeks: i64,
    /// Sick-listed employees who expect to be back within 26 weeks get no
    /// municipal follow-up by default.
    pub employed_exemption: bool,
}

/// What a rule set says about the decisions a course can lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decisions {
    /// A new ressourceforløb can be granted (closed to new cases from
    /// 2026-02-01; running ones continue).
    pub new_ressourceforloeb: bool,
    /// The regional sundhedskoordinator's advice must be on the course
    /// before a fleksjob or førtidspension recommendation is signed (from
    /// 2026-02-01; before, the rehabilitation team, outside Jobspor, gave
    /// its recommendation).
    pub health_coordinator_advice: bool,
}

/// Whether a rule set applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    InForce,
    /// Expected law: applies only once an administrator activates it.
    Pending,
}

impl RuleStatus {
    pub const ALL: [RuleStatus; 2] = [RuleStatus::InForce, RuleStatus::Pending];

    pub fn code(self) -> &'static str {
        match self {
            RuleStatus::InForce => "in_force",
            RuleStatus::Pending => "pending",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleSet {
    /// Kept on every course it classified; never changes.
    pub id: &'static str,
    /// The law (number and date, or the agreement for a pending set).
    pub source: &'static str,
    pub valid_from: NaiveDate,
    pub status: RuleStatus,
    pub groups: Vec<TargetGroupRule>,
    /// The sygedagpenge follow-up; None where the set leaves it to others.
    pub follow_up: Option<FollowUp>,
    pub decisions: Decisions,
    /// Kontanthjælp recipients who fail the residence and employment
    /// requirements have the arbejdspligt (from 2025).
    pub work_duty: bool,
    /// Flexible contact: job conversations and offers within the first six
    /// months for 75 % of those close to the labour market (from
    /// 2026-07-01).
    pub flexible_contact: bool,
    /// Target groups a pending law is expected to bring, by code (words
    /// under `expected_group.CODE`): shown, never applied, until the law is
    /// passed and the set is updated to it.
    pub expected_groups: &'static [&'static str],
    /// Kontanthjælp has its rates (mindstesats, grundsats, forhøjet,
    /// hjemmeboende) from 2025-07-01.
    pub kontanthjaelp_rates: bool,
}

impl RuleSet {
    pub fn group(&self, group: TargetGroup) -> Option<&TargetGroupRule> {
        self.groups.iter().find(|g| g.group == group)
    }

    /// Whether a running course of this group and category fits the set:
    /// the group exists and knows the category (a course without one fits).
    pub fn knows(&self, group: TargetGroup, category: Option<&str>) -> bool {
        self.group(group)
            .is_some_and(|g| category.is_none_or(|c| g.categories.iter().any(|k| k.code == c)))
    }
}

/// A municipality's decision on a pending set: in force from a date, or
/// pending again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    pub rule_set: String,
    pub valid_from: NaiveDate,
    pub in_force: bool,
}

/// The earliest date any rule set covers: courses and dates before it are
/// refused.
pub fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The rule sets of one municipality: the shipped sets with its activations.
#[derive(Debug, Clone)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

impl RuleBook {
    /// The shipped sets as they are: pending sets stay pending.
    pub fn shipped() -> RuleBook {
        RuleBook {
            sets: sets::shipped(),
        }
    }

    /// The shipped sets with a municipality's activations of pending sets
    /// (an activation of a set that is not pending changes nothing).
    pub fn with(activations: &[Activation]) -> RuleBook {
        let mut sets = sets::shipped();
        for s in sets.iter_mut() {
            let shipped_pending = s.status == RuleStatus::Pending;
            if let Some(a) = activations.iter().find(|a| a.rule_set == s.id) {
                if shipped_pending {
                    s.valid_from = a.valid_from;
                    if a.in_force {
                        s.status = RuleStatus::InForce;
                    }
                }
            }
        }
        sets.sort_by_key(|s| s.valid_from);
        RuleBook { sets }
    }

    /// Every set, oldest first.
    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }

    /// The set in force on a date: the newest in-force set from on or
    /// before it.
    pub fn on(&self, day: NaiveDate) -> Option<&RuleSet> {
        self.sets
            .iter()
            .filter(|r| r.status == RuleStatus::InForce && r.valid_from <= day)
            .max_by_key(|r| r.valid_from)
    }

    pub fn by_id(&self, id: &str) -> Option<&RuleSet> {
        self.sets.iter().find(|r| r.id == id)
    }

    /// The categories a course of `group` starting on `day` may have.
    pub fn categories_on(&self, day: NaiveDate, group: TargetGroup) -> &[Category] {
        self.on(day)
            .and_then(|r| r.group(group))
            .map(|g| g.categories)
            .unwrap_or(&[])
    }

    /// Classifies a course under the rules in force on its start date.
    pub fn classify(
        &self,
        start: NaiveDate,
        group: TargetGroup,
        category: Option<&str>,
    ) -> Result<Classification, RuleError> {
        let rules = self.on(start).ok_or(RuleError::NoRuleSet)?;
        let rule = rules
            .group(group)
            .ok_or(RuleError::TargetGroupNotInForce(group))?;
        let category = match category.filter(|c| !c.is_empty()) {
            Some(c) => Some(
                rule.categories
                    .iter()
                    .find(|k| k.code == c)
                    .map(|k| k.code)
                    .ok_or(RuleError::UnknownCategory)?,
            ),
            None if rule.categories.is_empty() => None,
            None => Some(rule.default_category.ok_or(RuleError::CategoryRequired)?),
        };
        Ok(Classification {
            rule_set: rules.id,
            target_group: group,
            category,
        })
    }
}

/// All shipped rule sets, oldest first.
pub fn rule_sets() -> Vec<RuleSet> {
    RuleBook::shipped().sets
}

/// The shipped rule set in force on a date (pending sets left out).
pub fn rule_set_on(day: NaiveDate) -> Option<RuleSet> {
    RuleBook::shipped().on(day).cloned()
}

pub fn rule_set_by_id(id: &str) -> Option<RuleSet> {
    rule_sets().into_iter().find(|r| r.id == id)
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RuleError {
    #[error("no rule set covers the date")]
    NoRuleSet,
    #[error("target group {} is not in force on the date", .0.code())]
    TargetGroupNotInForce(TargetGroup),
    #[error("the target group needs a category")]
    CategoryRequired,
    #[error("the category is not in the rules in force on the date")]
    UnknownCategory,
}

/// The outcome of classifying a course under the rules of its start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub rule_set: &'static str,
    pub target_group: TargetGroup,
    pub category: Option<&'static str>,
}

/// Classifies under the shipped rules (pending sets left out).
pub fn classify(
    start: NaiveDate,
    group: TargetGroup,
    category: Option<&str>,
) -> Result<Classification, RuleError> {
    RuleBook::shipped().classify(start, group, category)
}

/// Every category any rule set knows, once each (for choosing; the rules in
/// force on the start date decide what is valid).
pub fn all_categories() -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    for r in rule_sets() {
        for g in &r.groups {
            for k in g.categories {
                if !out.iter().any(|o| o.code == k.code) {
                    out.push(*k);
                }
            }
        }
    }
    out
}
