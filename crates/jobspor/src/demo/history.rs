//! The demo's history, so that every management dashboard shows figures:
//! closed courses since 2012, before the model (2012–2014) and with it (from
//! 2015, the default model start), each with the weekly benefit register's
//! periods, an exit, and, with the model, a screening and one or two
//! interventions; weekly rates and the yearly investment for the economics.
//!
//! Synthetic and seeded: a citizen's time on benefit depends on the risk
//! class (high risk stays longer), the model shortens it, and some
//! interventions more than others; some take a break of a few weeks or
//! return to benefit later. Everything is loaded in bulk, in a few
//! transactions, so the demo still starts in seconds.

use super::{err, fictitious_cpr, FIRST, LAST};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobspor_domain::catalogue::Intervention;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::control::{CourseExit, FollowUpTrack, Outcome};
use jobspor_domain::course::{Course, CourseStatus};
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::evaluation::economics::{Category, Investment};
use jobspor_domain::period::Period;
use jobspor_domain::plan::{Placement, PlacementStatus};
use jobspor_domain::questionnaire::{Channel, Response, ResponseStatus, RiskClass};
use jobspor_domain::rules::{classify, earliest, rule_set_on, TargetGroup};
use jobspor_domain::triage::{Decision, Triage};
use jobspor_domain::user::User;
use jobspor_domain::{CitizenId, CourseId, MunicipalityId, PlacementId, ResponseId, TriageId};
use jobspor_store::{
    BenefitPeriod, EvaluationStore, LoadedPlacement, QuestionnaireStore, SqlStore,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Citizens before the model (starting 2012–2014) and with it (2015 on).
const BEFORE: usize = 300;
const WITH_MODEL: usize = 700;

/// Weekly rates in kroner by benefit, from 2012; they rise 2% a year.
const RATES: [(&str, i64); 3] = [
    ("kontanthjaelp", 2_600),
    ("sygedagpenge", 4_100),
    ("dagpenge", 4_200),
];

fn at(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc()
}

fn uuid(rng: &mut StdRng) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

/// Everything of the history, loaded together.
#[derive(Default)]
struct History {
    citizens: Vec<Citizen>,
    courses: Vec<Course>,
    exits: Vec<CourseExit>,
    periods: Vec<BenefitPeriod>,
    placements: Vec<LoadedPlacement>,
    screenings: Vec<(Response, Triage)>,
}

/// The weeks of a first spell on benefit: by risk class, shortened by the
/// model and by the interventions that help most.
fn spell(rng: &mut StdRng, risk: RiskClass, model: bool, helps: f64) -> i64 {
    let (lo, hi) = match risk {
        RiskClass::Low => (6, 60),
        RiskClass::Moderate => (16, 80),
        RiskClass::High => (30, 140),
    };
    let weeks = rng.gen_range(lo..=hi) as f64;
    let factor = if model { 0.75 * helps } else { 1.0 };
    ((weeks * factor).round() as i64).max(2)
}

pub async fn load(
    store: &SqlStore,
    m: MunicipalityId,
    caseworkers: &[&User],
    catalogue: &[Intervention],
    today: NaiveDate,
) -> Result<(), String> {
    let mut rng = StdRng::seed_from_u64(2012);
    let register_end = monday(today) - Duration::weeks(1);
    let definitions = store.definitions(m).await.map_err(err)?;
    let definition = |key: &str| {
        definitions
            .iter()
            .find(|d| d.key.contains(key))
            .or_else(|| definitions.first())
            .map(|d| d.id)
    };
    let mut h = History::default();
    let model_start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or(today);
    let first = NaiveDate::from_ymd_opt(2012, 1, 2).unwrap_or(today);
    let last_start = today - Duration::weeks(30);
    for i in 0..BEFORE + WITH_MODEL {
        let model = i >= BEFORE;
        let (from, to) = if model {
            (model_start, last_start)
        } else {
            (first, model_start - Duration::days(1))
        };
        let start = from + Duration::days(rng.gen_range(0..(to - from).num_days().max(1)));
        let group = if rng.gen_bool(0.6) {
            TargetGroup::Kontanthjaelp
        } else {
            TargetGroup::Sygedagpenge
        };
        // History before the first rule set is loaded under it; a category
        // as the day's rules have them.
        let on = start.max(earliest());
        let rules = rule_set_on(on).ok_or_else(|| format!("no rules on {on}"))?;
        let categories = rules
            .groups
            .iter()
            .find(|g| g.group == group)
            .map(|g| g.categories)
            .unwrap_or_default();
        let category = match categories.len() {
            0 => None,
            n => Some(categories[rng.gen_range(0..n)].code),
        };
        let class = classify(on, group, category).map_err(err)?;
        let risk = match rng.gen_range(0..10) {
            0..=2 => RiskClass::Low,
            3..=6 => RiskClass::Moderate,
            _ => RiskClass::High,
        };
        let cw = caseworkers[rng.gen_range(0..caseworkers.len())];
        let (cid, kid) = (CitizenId(uuid(&mut rng)), CourseId(uuid(&mut rng)));
        // With the model: one or two interventions; the first few in the
        // catalogue help a little more than the rest.
        let chosen: Vec<&Intervention> = if model && !catalogue.is_empty() {
            (0..rng.gen_range(1..=2))
                .map(|_| &catalogue[rng.gen_range(0..catalogue.len())])
                .collect()
        } else {
            Vec::new()
        };
        let helps = chosen
            .iter()
            .map(|i| {
                let k = catalogue.iter().position(|c| c.id == i.id).unwrap_or(0);
                if k < 4 {
                    0.85
                } else {
                    1.0
                }
            })
            .fold(1.0, f64::min);
        let weeks = spell(&mut rng, risk, model, helps);
        let end = start + Duration::weeks(weeks);
        let benefit = group.code();
        let mut spans = Vec::new();
        // A break of 1–3 weeks for one in five, halfway through.
        if weeks > 10 && rng.gen_bool(0.2) {
            let half = start + Duration::weeks(weeks / 2);
            spans.push((start, half));
            spans.push((half + Duration::weeks(rng.gen_range(2..=4)), end));
        } else {
            spans.push((start, end));
        }
        // One in four returns to benefit for a while.
        if rng.gen_bool(0.25) {
            let back = end + Duration::weeks(rng.gen_range(8..60));
            spans.push((back, back + Duration::weeks(rng.gen_range(4..26))));
        }
        for (a, b) in spans {
            if monday(a) > register_end {
                continue;
            }
            h.periods.push(BenefitPeriod {
                id: uuid(&mut rng).to_string(),
                citizen_id: cid,
                from: monday(a),
                to: monday(b.min(register_end)),
                benefit: benefit.into(),
            });
        }
        let name = format!(
            "{} {}",
            FIRST[rng.gen_range(0..FIRST.len())],
            LAST[rng.gen_range(0..LAST.len())]
        );
        h.citizens.push(Citizen {
            id: cid,
            municipality_id: m,
            cpr: fictitious_cpr(&mut rng),
            name,
            phone: None,
            email: None,
            address: None,
            created_at: at(start),
            version: 1,
        });
        // Every history course is closed: at self-support, or (still on
        // benefit) some weeks before today.
        let ended = end < today;
        let closed_on = if ended {
            end
        } else {
            (today - Duration::weeks(rng.gen_range(1..8))).max(start)
        };
        let created = at(start);
        h.courses.push(Course {
            id: kid,
            municipality_id: m,
            citizen_id: cid,
            caseworker_id: cw.id,
            target_group: class.target_group,
            category: class.category.map(String::from),
            rule_set: class.rule_set.to_string(),
            status: CourseStatus::Closed,
            start_date: start,
            first_absence_date: (group == TargetGroup::Sygedagpenge)
                .then(|| start - Duration::weeks(rng.gen_range(2..8))),
            follow_up_track: FollowUpTrack::Standard,
            framework: "Udviklingsforløb".into(),
            employment_goal: "Job i detailhandlen".into(),
            referral: Default::default(),
            created_at: created,
            updated_at: created,
            version: 1,
        });
        let outcome = match (ended, rng.gen_range(0..10)) {
            (false, _) => Outcome::StillOnBenefit,
            (true, 0..=5) => Outcome::OrdinaryJob,
            (true, 6) => Outcome::WageSubsidyJob,
            (true, 7) => Outcome::Education,
            (true, 8) => Outcome::Flexjob,
            (true, _) => Outcome::OtherBenefit,
        };
        h.exits.push(CourseExit {
            course_id: kid,
            municipality_id: m,
            outcome,
            date: closed_on,
            hours_per_week: matches!(outcome, Outcome::OrdinaryJob | Outcome::WageSubsidyJob)
                .then(|| rng.gen_range(15..37)),
            recorded_by: cw.id,
            recorded_at: at(closed_on),
        });
        for i in chosen {
            let from = start + Duration::weeks(rng.gen_range(2..6));
            let to = (from + Duration::weeks(i64::from(i.usual_weeks.max(4))))
                .min(closed_on)
                .max(from);
            h.placements.push(LoadedPlacement {
                placement: Placement {
                    id: PlacementId(uuid(&mut rng)),
                    municipality_id: m,
                    course_id: kid,
                    citizen_id: cid,
                    intervention_id: i.id,
                    unit_id: i.unit_id,
                    goal: "Kan arbejde flere timer om ugen".into(),
                    period: Period { from, to },
                    first_measurement: from + Duration::days(14),
                    status: PlacementStatus::Ended,
                    queued_at: created,
                    waiting_position: None,
                    created_at: created,
                    created_by: cw.id,
                    ended_at: Some(at(to)),
                    end_reason: Some("Indsatsen er gennemført".into()),
                },
                ended_by: Some(cw.id),
                activated_at: Some(at(from)),
            });
        }
        // With the model, the course came from a screening: the caseworker
        // mostly agrees with the questionnaire's risk class.
        let key = match group {
            TargetGroup::Sygedagpenge => "sygedagpenge",
            _ => "kontanthjaelp",
        };
        if let (true, Some(definition_id)) = (model, definition(key)) {
            let rid = ResponseId(uuid(&mut rng));
            let submitted = at(start - Duration::days(3));
            let suggested = if rng.gen_bool(0.85) {
                risk
            } else {
                [RiskClass::Low, RiskClass::Moderate, RiskClass::High][rng.gen_range(0..3)]
            };
            h.screenings.push((
                Response {
                    id: rid,
                    municipality_id: m,
                    citizen_id: cid,
                    definition_id,
                    channel: Channel::Link,
                    language: "da".into(),
                    status: ResponseStatus::Submitted,
                    answers: Default::default(),
                    result: None,
                    entered_by: None,
                    created_at: submitted,
                    updated_at: submitted,
                    submitted_at: Some(submitted),
                    version: 1,
                },
                Triage {
                    id: TriageId(uuid(&mut rng)),
                    municipality_id: m,
                    citizen_id: cid,
                    response_id: rid,
                    suggested_risk: Some(suggested),
                    suggested_readiness: None,
                    assessed_risk: risk,
                    assessed_readiness: None,
                    decision: Decision::DevelopmentCourse,
                    framework_id: None,
                    course_id: Some(kid),
                    note: "Udviklingsforløb efter screening".into(),
                    decided_by: cw.id,
                    decided_at: at(start),
                },
            ));
        }
    }
    let import = uuid(&mut rng).to_string();
    let manager = caseworkers.first().map(|u| u.id).ok_or("no caseworker")?;
    store
        .load_register_import(&import, m, "ydelsesregister (demo)", manager, Utc::now())
        .await
        .map_err(err)?;
    store.load_citizens(&h.citizens).await.map_err(err)?;
    store
        .load_benefit_periods(m, &import, &h.periods)
        .await
        .map_err(err)?;
    store.load_courses(&h.courses).await.map_err(err)?;
    store.load_exits(&h.exits).await.map_err(err)?;
    store.load_placements(&h.placements).await.map_err(err)?;
    store.load_screenings(&h.screenings).await.map_err(err)?;
    economics_inputs(store, m, today).await
}

/// Weekly rates for every year of the history, and the model's yearly
/// investment (a small municipality's: 1,5 million kroner a year).
async fn economics_inputs(
    store: &SqlStore,
    m: MunicipalityId,
    today: NaiveDate,
) -> Result<(), String> {
    use chrono::Datelike;
    let mut rates = Vec::new();
    for year in 2012..=today.year() {
        let rise = 1.02f64.powi(year - 2012);
        for (benefit, kr) in RATES {
            rates.push((
                benefit.to_string(),
                year,
                Some((kr as f64 * rise * 100.0).round() as i64),
            ));
        }
    }
    store.set_rates(m, &rates, &[]).await.map_err(err)?;
    for year in 2015..=today.year() {
        for (category, kr) in [
            (Category::Casework, 700_000),
            (Category::MentorAndCompany, 300_000),
            (Category::HealthEducationSocial, 500_000),
        ] {
            let inv = Investment {
                year,
                category,
                ore: kr * 100,
            };
            store.set_investment(m, &inv, &[]).await.map_err(err)?;
        }
    }
    Ok(())
}
