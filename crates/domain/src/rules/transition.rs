//! What a running course becomes when a law changes under it. A course keeps
//! the rule set of its start date, but a target group or a category that a
//! later law abolishes converts on the law's first day: category 3 becomes
//! category 2 on 2025-01-01 (L 74), integrationsydelse becomes kontanthjælp
//! on 2025-07-01 (lov nr. 1655). The web layer applies each conversion with
//! a journal note; ressourceforløb and jobafklaringsforløb that run when they
//! close to new cases simply continue, so they need nothing here.

use super::{RuleBook, TargetGroup};
use chrono::NaiveDate;

/// A course's classification as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified<'a> {
    pub group: TargetGroup,
    pub category: Option<&'a str>,
    pub start: NaiveDate,
}

/// One conversion: from the law in force on `on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub on: NaiveDate,
    pub rule_set: &'static str,
    pub group: TargetGroup,
    pub category: Option<&'static str>,
}

/// What an abolished target group becomes.
fn successor_group(group: TargetGroup) -> Option<TargetGroup> {
    match group {
        TargetGroup::Integrationsydelse => Some(TargetGroup::Kontanthjaelp),
        _ => None,
    }
}

/// What an abolished category becomes.
fn successor_category(code: &str) -> Option<&'static str> {
    match code {
        "kategori_3" => Some("kategori_2"),
        _ => None,
    }
}

/// The conversions due for a running course up to `today`, oldest first:
/// for each in-force rule set after its start date that no longer knows its
/// target group or category. Nothing when the course fits the rules of today.
pub fn conversions(book: &RuleBook, c: &Classified<'_>, today: NaiveDate) -> Vec<Conversion> {
    let mut out = Vec::new();
    let mut group = c.group;
    let mut category: Option<&str> = c.category;
    for set in book
        .sets()
        .iter()
        .filter(|s| s.status == super::RuleStatus::InForce)
        .filter(|s| s.valid_from > c.start && s.valid_from <= today)
    {
        let mut new_group = group;
        if set.group(group).is_none() {
            match successor_group(group) {
                Some(g) if set.group(g).is_some() => new_group = g,
                _ => continue,
            }
        }
        let Some(rule) = set.group(new_group) else {
            continue;
        };
        let known = |code: &str| {
            rule.categories
                .iter()
                .find(|k| k.code == code)
                .map(|k| k.code)
        };
        let new_category: Option<&'static str> = match category {
            Some(code) => match known(code) {
                Some(k) => Some(k),
                None => match successor_category(code).and_then(known) {
                    Some(k) => Some(k),
                    // The categories are phased out: the course keeps none.
                    None if rule.categories.is_empty() => None,
                    None => continue,
                },
            },
            None => None,
        };
        if new_group != group || new_category != category {
            out.push(Conversion {
                on: set.valid_from,
                rule_set: set.id,
                group: new_group,
                category: new_category,
            });
            group = new_group;
            category = new_category;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn category_3_becomes_2_and_integrationsydelse_kontanthjaelp_on_their_days() {
        let book = RuleBook::shipped();
        let sick = Classified {
            group: TargetGroup::Sygedagpenge,
            category: Some("kategori_3"),
            start: d(2024, 10, 1),
        };
        assert!(
            conversions(&book, &sick, d(2024, 12, 31)).is_empty(),
            "the day before"
        );
        assert_eq!(
            conversions(&book, &sick, d(2025, 1, 1)),
            vec![Conversion {
                on: d(2025, 1, 1),
                rule_set: "sdp-2025",
                group: TargetGroup::Sygedagpenge,
                category: Some("kategori_2"),
            }]
        );
        let integration = Classified {
            group: TargetGroup::Integrationsydelse,
            category: Some("aktivitetsparat"),
            start: d(2024, 3, 1),
        };
        assert!(conversions(&book, &integration, d(2025, 6, 30)).is_empty());
        assert_eq!(
            conversions(&book, &integration, d(2025, 7, 1)),
            vec![Conversion {
                on: d(2025, 7, 1),
                rule_set: "kh-2025",
                group: TargetGroup::Kontanthjaelp,
                category: Some("aktivitetsparat"),
            }]
        );
        // A course that fits today's rules needs nothing.
        let fine = Classified {
            group: TargetGroup::Sygedagpenge,
            category: Some("kategori_2"),
            start: d(2024, 10, 1),
        };
        assert!(conversions(&book, &fine, d(2026, 12, 7)).is_empty());
        // The pending 2027 set converts nothing until it is activated.
        assert!(conversions(&book, &fine, d(2027, 6, 1)).is_empty());
        let active = RuleBook::with(&[super::super::Activation {
            rule_set: "reform-2027".into(),
            valid_from: d(2027, 1, 1),
            in_force: true,
        }]);
        assert_eq!(
            conversions(&active, &fine, d(2027, 6, 1)),
            vec![Conversion {
                on: d(2027, 1, 1),
                rule_set: "reform-2027",
                group: TargetGroup::Sygedagpenge,
                category: None,
            }],
            "the categories are phased out"
        );
    }
}
