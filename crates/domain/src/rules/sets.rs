//! The shipped rule sets, oldest first: what each law changed, as data.
//! `docs/rules.md` gives the legal source of every line here.

use super::{Category, Decisions, FollowUp, RuleSet, RuleStatus, TargetGroup, TargetGroupRule};
use chrono::NaiveDate;

const JOBPARAT: Category = Category { code: "jobparat" };
const AKTIVITETSPARAT: Category = Category {
    code: "aktivitetsparat",
};
const SDP1: Category = Category { code: "kategori_1" };
const SDP2: Category = Category { code: "kategori_2" };
const SDP3: Category = Category { code: "kategori_3" };

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn group(
    group: TargetGroup,
    categories: &'static [Category],
    default_category: Option<&'static str>,
) -> TargetGroupRule {
    TargetGroupRule {
        group,
        categories,
        default_category,
    }
}

/// The sygedagpenge follow-up of sygedagpengeloven §§ 13 b and 24 before
/// 2025: by the end of week 8 from the first day of absence, then every 4
/// weeks, and the reassessment by the end of week 22.
const FOLLOW_UP_2019: FollowUp = FollowUp {
    first_week: 8,
    every_weeks: 4,
    reassessment_week: 22,
    light_track: false,
    light_track_weeks: 13,
    employed_exemption: false,
};

/// From 2025 (L 74): the same cadence, and the § 13 f light track.
const FOLLOW_UP_2025: FollowUp = FollowUp {
    light_track: true,
    ..FOLLOW_UP_2019
};

/// From 2026-07-01 (lov nr. 1750): sick-listed employees who expect to be
/// back within 26 weeks are left out of the municipal follow-up.
const FOLLOW_UP_2026: FollowUp = FollowUp {
    employed_exemption: true,
    ..FOLLOW_UP_2025
};

/// Before the reform: a new ressourceforløb can be granted, and the
/// rehabilitation team (outside Jobspor) recommends fleksjob and
/// førtidspension.
const DECISIONS_BEFORE_REFORM: Decisions = Decisions {
    new_ressourceforloeb: true,
    health_coordinator_advice: false,
};

/// From 2026-02-01 (lov nr. 1750): no new ressourceforløb, and the
/// sundhedskoordinator's advice before fleksjob and førtidspension.
const DECISIONS_REFORM: Decisions = Decisions {
    new_ressourceforloeb: false,
    health_coordinator_advice: true,
};

/// The five target groups the 2027 act is expected to bring (the expert
/// group's indsatsgrupper, June 2024, on which the April 2025 agreement
/// builds); not law yet.
const EXPECTED_2027: &[&str] = &[
    "dagpengeindsats",
    "jobsoegningsindsats",
    "jobhjaelpsindsats",
    "sygedagpengeindsats",
    "oevrige",
];

/// From 2025-07-01: one kontanthjælp, sygedagpenge in category 1 or 2.
fn one_kontanthjaelp() -> Vec<TargetGroupRule> {
    vec![
        group(
            TargetGroup::Kontanthjaelp,
            &[JOBPARAT, AKTIVITETSPARAT],
            None,
        ),
        group(TargetGroup::Sygedagpenge, &[SDP1, SDP2], None),
        group(TargetGroup::ForsikretLedig, &[], None),
    ]
}

pub(super) fn shipped() -> Vec<RuleSet> {
    use TargetGroup::*;
    let ready: &'static [Category] = &[JOBPARAT, AKTIVITETSPARAT];
    vec![
        RuleSet {
            id: "lab-2019",
            source: "Lov om en aktiv beskæftigelsesindsats (lov nr. 548 af 7. maj 2019); lov om sygedagpenge §§ 12, 13 b og 24",
            valid_from: date(2019, 1, 1),
            status: RuleStatus::InForce,
            groups: vec![
                group(Kontanthjaelp, ready, None),
                group(Sygedagpenge, &[SDP1, SDP2, SDP3], None),
                group(Integrationsydelse, ready, None),
                group(ForsikretLedig, &[], None),
            ],
            follow_up: Some(FOLLOW_UP_2019),
            decisions: DECISIONS_BEFORE_REFORM,
            work_duty: false,
            flexible_contact: false,
            expected_groups: &[],
            kontanthjaelp_rates: false,
        },
        RuleSet {
            id: "sdp-2025",
            source: "L 74 (2024-25), lov om ændring af lov om sygedagpenge m.v.: § 12, stk. 1, nr. 3 og stk. 3 ophævet; ny § 13 f",
            valid_from: date(2025, 1, 1),
            status: RuleStatus::InForce,
            groups: vec![
                group(Kontanthjaelp, ready, None),
                group(Sygedagpenge, &[SDP1, SDP2], None),
                group(Integrationsydelse, ready, None),
                group(ForsikretLedig, &[], None),
            ],
            follow_up: Some(FOLLOW_UP_2025),
            decisions: DECISIONS_BEFORE_REFORM,
            work_duty: true,
            flexible_contact: false,
            expected_groups: &[],
            kontanthjaelp_rates: false,
        },
        RuleSet {
            id: "kh-2025",
            source: "Lov nr. 1655 af 30. december 2024 (nyt kontanthjælpssystem), lov om aktiv socialpolitik §§ 16-20",
            valid_from: date(2025, 7, 1),
            status: RuleStatus::InForce,
            groups: one_kontanthjaelp(),
            follow_up: Some(FOLLOW_UP_2025),
            decisions: DECISIONS_BEFORE_REFORM,
            work_duty: true,
            flexible_contact: false,
            expected_groups: &[],
            kontanthjaelp_rates: true,
        },
        RuleSet {
            id: "reform-2026-02",
            source: "Lov nr. 1750 af 29. december 2025 (reform af beskæftigelsesindsatsen, første fase), i kraft 1. februar 2026",
            valid_from: date(2026, 2, 1),
            status: RuleStatus::InForce,
            groups: one_kontanthjaelp(),
            follow_up: Some(FOLLOW_UP_2025),
            decisions: DECISIONS_REFORM,
            work_duty: true,
            flexible_contact: false,
            expected_groups: &[],
            kontanthjaelp_rates: true,
        },
        RuleSet {
            id: "reform-2026-07",
            source: "Lov nr. 1750 af 29. december 2025, i kraft 1. juli 2026 (fleksible kontaktforløb, opfølgning for sygemeldte i job)",
            valid_from: date(2026, 7, 1),
            status: RuleStatus::InForce,
            groups: one_kontanthjaelp(),
            follow_up: Some(FOLLOW_UP_2026),
            decisions: DECISIONS_REFORM,
            work_duty: true,
            flexible_contact: true,
            expected_groups: &[],
            kontanthjaelp_rates: true,
        },
        RuleSet {
            id: "reform-2027",
            source: "Aftale om reform af beskæftigelsesindsatsen (april 2025), anden fase: ny hovedlov, endnu ikke vedtaget",
            valid_from: date(2027, 1, 1),
            status: RuleStatus::Pending,
            groups: vec![
                group(Kontanthjaelp, ready, Some("jobparat")),
                group(Sygedagpenge, &[], None),
                group(ForsikretLedig, &[], None),
            ],
            follow_up: Some(FOLLOW_UP_2026),
            decisions: DECISIONS_REFORM,
            work_duty: true,
            flexible_contact: true,
            expected_groups: EXPECTED_2027,
            kontanthjaelp_rates: true,
        },
    ]
}
