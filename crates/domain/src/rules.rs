//! Target groups and their categories as date-versioned rule sets.
//!
//! Legislation changes what a target group is and which categories exist. A
//! course records the id of the rule set in force on its start date, so history
//! keeps the rules of its time. The 2025–2027 employment reform reduces target
//! groups, makes jobparat the default for kontanthjælp and phases out the
//! sygedagpenge categories; its rule set takes effect on [`REFORM_2027_FROM`].

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

/// One category a target group may have under a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Category {
    pub code: &'static str,
    pub label_da: &'static str,
    pub label_en: &'static str,
}

const JOBPARAT: Category = Category {
    code: "jobparat",
    label_da: "Jobparat",
    label_en: "Job-ready",
};
const AKTIVITETSPARAT: Category = Category {
    code: "aktivitetsparat",
    label_da: "Aktivitetsparat",
    label_en: "Activity-ready",
};
const SDP1: Category = Category {
    code: "kategori_1",
    label_da: "Kategori 1 (raskmelding inden 8 uger)",
    label_en: "Category 1 (recovery within 8 weeks)",
};
const SDP2: Category = Category {
    code: "kategori_2",
    label_da: "Kategori 2 (raskmelding senere)",
    label_en: "Category 2 (later recovery)",
};
const SDP3: Category = Category {
    code: "kategori_3",
    label_da: "Kategori 3 (senere, barrierer ud over helbred)",
    label_en: "Category 3 (later, barriers beyond health)",
};

#[derive(Debug, Clone, Serialize)]
pub struct TargetGroupRule {
    pub group: TargetGroup,
    pub categories: &'static [Category],
    /// The category a new course gets when none is chosen (None: must choose
    /// when `categories` is non-empty).
    pub default_category: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleSet {
    pub id: &'static str,
    pub valid_from: NaiveDate,
    /// Exclusive end; None while in force.
    pub valid_until: Option<NaiveDate>,
    pub groups: Vec<TargetGroupRule>,
}

pub const REFORM_2027_FROM: (i32, u32, u32) = (2027, 1, 1);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// All rule sets, oldest first.
pub fn rule_sets() -> Vec<RuleSet> {
    let (ry, rm, rd) = REFORM_2027_FROM;
    vec![
        RuleSet {
            id: "lab-2019",
            valid_from: date(2000, 1, 1),
            valid_until: Some(date(ry, rm, rd)),
            groups: vec![
                TargetGroupRule {
                    group: TargetGroup::Kontanthjaelp,
                    categories: &[JOBPARAT, AKTIVITETSPARAT],
                    default_category: None,
                },
                TargetGroupRule {
                    group: TargetGroup::Sygedagpenge,
                    categories: &[SDP1, SDP2, SDP3],
                    default_category: None,
                },
                TargetGroupRule {
                    group: TargetGroup::Integrationsydelse,
                    categories: &[JOBPARAT, AKTIVITETSPARAT],
                    default_category: None,
                },
                TargetGroupRule {
                    group: TargetGroup::ForsikretLedig,
                    categories: &[],
                    default_category: None,
                },
            ],
        },
        RuleSet {
            id: "reform-2027",
            valid_from: date(ry, rm, rd),
            valid_until: None,
            groups: vec![
                TargetGroupRule {
                    group: TargetGroup::Kontanthjaelp,
                    categories: &[JOBPARAT, AKTIVITETSPARAT],
                    default_category: Some("jobparat"),
                },
                TargetGroupRule {
                    group: TargetGroup::Sygedagpenge,
                    categories: &[],
                    default_category: None,
                },
                TargetGroupRule {
                    group: TargetGroup::ForsikretLedig,
                    categories: &[],
                    default_category: None,
                },
            ],
        },
    ]
}

/// The rule set in force on a date.
pub fn rule_set_on(day: NaiveDate) -> Option<RuleSet> {
    rule_sets()
        .into_iter()
        .find(|r| r.valid_from <= day && r.valid_until.is_none_or(|u| day < u))
}

pub fn rule_set_by_id(id: &str) -> Option<RuleSet> {
    rule_sets().into_iter().find(|r| r.id == id)
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RuleError {
    #[error("ingen regler gælder på startdatoen")]
    NoRuleSet,
    #[error("målgruppen {} findes ikke i de regler, der gælder på startdatoen", .0.code())]
    TargetGroupNotInForce(TargetGroup),
    #[error("kategorien skal vælges for denne målgruppe")]
    CategoryRequired,
    #[error("kategorien findes ikke for denne målgruppe i de regler, der gælder på startdatoen")]
    UnknownCategory,
}

/// The outcome of classifying a course under the rules of its start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub rule_set: &'static str,
    pub target_group: TargetGroup,
    pub category: Option<&'static str>,
}

pub fn classify(
    start: NaiveDate,
    group: TargetGroup,
    category: Option<&str>,
) -> Result<Classification, RuleError> {
    let rules = rule_set_on(start).ok_or(RuleError::NoRuleSet)?;
    let rule = rules
        .groups
        .iter()
        .find(|g| g.group == group)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_reform_sygedagpenge_needs_category() {
        let d = date(2026, 6, 1);
        assert_eq!(
            classify(d, TargetGroup::Sygedagpenge, None),
            Err(RuleError::CategoryRequired)
        );
        let c = classify(d, TargetGroup::Sygedagpenge, Some("kategori_2")).unwrap();
        assert_eq!(c.rule_set, "lab-2019");
        assert_eq!(c.category, Some("kategori_2"));
        assert!(classify(d, TargetGroup::Integrationsydelse, Some("jobparat")).is_ok());
    }

    #[test]
    fn after_reform_categories_change() {
        let d = date(2027, 1, 1);
        let c = classify(d, TargetGroup::Kontanthjaelp, None).unwrap();
        assert_eq!((c.rule_set, c.category), ("reform-2027", Some("jobparat")));
        assert_eq!(
            classify(d, TargetGroup::Sygedagpenge, Some("kategori_1")),
            Err(RuleError::UnknownCategory)
        );
        assert_eq!(
            classify(d, TargetGroup::Sygedagpenge, None)
                .unwrap()
                .category,
            None
        );
        assert!(matches!(
            classify(d, TargetGroup::Integrationsydelse, None),
            Err(RuleError::TargetGroupNotInForce(_))
        ));
    }
}
