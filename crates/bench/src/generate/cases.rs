//! The citizens and everything about them: courses, exits, placements,
//! goals, measurements, journal entries and the hash-chained audit log.

use super::{uuid, Progress, Scale};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::catalogue::Intervention;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::control::{CourseExit, FollowUpTrack, Outcome};
use jobspor_domain::course::{Course, CourseStatus};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::period::Period;
use jobspor_domain::plan::{Placement, PlacementStatus};
use jobspor_domain::progression::{Channel, Measurement, ProgressGoal, QuestionStyle, Rater};
use jobspor_domain::rules::{classify, earliest, rule_set_on, Classification, TargetGroup};
use jobspor_domain::user::Role;
use jobspor_domain::{
    AuditId, CitizenId, CourseId, GoalId, JournalEntryId, MeasurementId, MunicipalityId,
    PlacementId, UserId,
};
use jobspor_store::{BenefitPeriod, LoadedPlacement, SqlStore};
use rand::rngs::StdRng;
use rand::Rng;

const FIRST: &[&str] = &[
    "Anne", "Mette", "Hanne", "Lars", "Jens", "Peter", "Sofie", "Mads", "Emma", "Ali", "Fatima",
    "Mohamed", "Karen", "Ole", "Ida", "Noah", "Freja", "Lucas",
];

const LAST: &[&str] = &[
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Møller",
    "Poulsen",
];

const NOTE: &str = "Samtale med borgeren om arbejdsevne, helbred og ønsker til job. Borgeren fortæller om smerter i ryggen og om søvnproblemer, men er motiveret for at komme i gang. Vi aftalte at afprøve et forløb i Sundhedscenter og at følge op om fire uger. Borgeren har selv kontakt til egen læge og tager sin medicin som ordineret.";

/// A CPR number that is well-formed but fails modulus 11 (before 2007 every
/// issued number passed it), so it is nobody's.
fn fictitious_cpr(rng: &mut StdRng) -> Cpr {
    loop {
        let year = rng.gen_range(1960..=1999);
        let day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
            + Duration::days(rng.gen_range(0..365));
        let s = format!(
            "{}{}",
            day.format("%d%m%y"),
            rng.gen_range(0..4) * 1000 + rng.gen_range(0..1000)
        );
        if let Ok((cpr, Some(_))) = Cpr::parse(&format!("{s:0<10}")) {
            return cpr;
        }
    }
}

const OUTCOMES: &[(Outcome, u32)] = &[
    (Outcome::OrdinaryJob, 34),
    (Outcome::WageSubsidyJob, 8),
    (Outcome::Flexjob, 10),
    (Outcome::Education, 12),
    (Outcome::Ressourceforloeb, 6),
    (Outcome::Foertidspension, 4),
    (Outcome::OtherBenefit, 8),
    (Outcome::Moved, 6),
    (Outcome::Died, 1),
    (Outcome::StillOnBenefit, 11),
];

/// A target group and category under the rules in force on the course's
/// start date, classified by the same rules as a course opened in the UI.
/// Drawn in a jobcentre's proportions (4:3:1:1 cash benefit, sickness
/// benefit, integration benefit, insured unemployed); a group the day's
/// rules no longer have (integration benefit from 2027) becomes cash
/// benefit.
fn classification(rng: &mut StdRng, start: NaiveDate) -> Result<Classification, String> {
    use TargetGroup::*;
    let wanted = [
        Kontanthjaelp,
        Kontanthjaelp,
        Kontanthjaelp,
        Kontanthjaelp,
        Sygedagpenge,
        Sygedagpenge,
        Sygedagpenge,
        Integrationsydelse,
        ForsikretLedig,
    ][rng.gen_range(0..9)];
    // History before 2019 is loaded as it is, under the earliest rules.
    let on = start.max(earliest());
    let rules = rule_set_on(on).ok_or_else(|| format!("no rules in force on {on}"))?;
    let rule = rules
        .groups
        .iter()
        .find(|g| g.group == wanted)
        .or_else(|| rules.groups.iter().find(|g| g.group == Kontanthjaelp))
        .ok_or_else(|| format!("rules {} have no cash benefit", rules.id))?;
    let category = match rule.categories.len() {
        0 => None,
        n => Some(rule.categories[rng.gen_range(0..n)].code),
    };
    classify(on, rule.group, category).map_err(|e| format!("{}: {e}", rules.id))
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn generate_cases(
    store: &SqlStore,
    rng: &mut StdRng,
    sc: Scale,
    m: MunicipalityId,
    now: DateTime<Utc>,
    caseworkers: &[(UserId, String)],
    interventions: &[Intervention],
    progress: &Progress,
    counts: &mut Vec<(&'static str, usize)>,
    mi: usize,
    import_id: &str,
) -> Result<usize, String> {
    let today = now.date_naive();
    // The register's last week: the one before this week.
    let register_end = monday(today) - Duration::weeks(1);
    let mut register_lines = 0;
    let mut cprs = std::collections::HashSet::new();
    let batch = 2_000;
    let mut done = 0;
    let mut totals = [0usize; 8];
    let label = if sc.municipalities > 1 {
        "municipalities"
    } else {
        "citizens"
    };
    let w = |e: jobspor_store::StoreError| e.to_string();
    while done < sc.citizens {
        let n = batch.min(sc.citizens - done);
        let mut b = Batch::default();
        let day = Day {
            m,
            today,
            register_end,
        };
        for _ in 0..n {
            citizen(rng, &mut b, sc, &day, caseworkers, interventions, &mut cprs)?;
        }
        register_lines += b.periods.len();
        store.load_citizens(&b.citizens).await.map_err(w)?;
        store
            .load_benefit_periods(m, import_id, &b.periods)
            .await
            .map_err(w)?;
        store.load_courses(&b.courses).await.map_err(w)?;
        store.load_exits(&b.exits).await.map_err(w)?;
        store.load_placements(&b.placements).await.map_err(w)?;
        store.load_goals(&b.goals).await.map_err(w)?;
        store.load_measurements(&b.measurements).await.map_err(w)?;
        store.load_journal(&b.journal).await.map_err(w)?;
        store.load_audit(&b.audit, &b.audit_ids).await.map_err(w)?;
        for (slot, n) in totals.iter_mut().zip([
            b.citizens.len(),
            b.courses.len(),
            b.exits.len(),
            b.placements.len(),
            b.goals.len(),
            b.measurements.len(),
            b.journal.len(),
            b.audit.len(),
        ]) {
            *slot += n;
        }
        done += n;
        if sc.municipalities == 1 {
            progress.say(label, done, sc.citizens);
        }
    }
    if sc.municipalities > 1 {
        progress.say(label, mi + 1, sc.municipalities);
    }
    for (name, n) in [
        "citizens",
        "courses",
        "exits",
        "placements",
        "goals",
        "measurements",
        "journal entries",
        "audit entries",
    ]
    .into_iter()
    .zip(totals)
    {
        if let Some(c) = counts.iter_mut().find(|c| c.0 == name) {
            c.1 += n;
        } else {
            counts.push((name, n));
        }
    }
    if let Some(c) = counts.iter_mut().find(|c| c.0 == "benefit periods") {
        c.1 += register_lines;
    } else {
        counts.push(("benefit periods", register_lines));
    }
    Ok(register_lines)
}

/// One batch of citizens and everything about them, loaded together.
#[derive(Default)]
struct Batch {
    citizens: Vec<Citizen>,
    periods: Vec<BenefitPeriod>,
    courses: Vec<Course>,
    exits: Vec<CourseExit>,
    placements: Vec<LoadedPlacement>,
    goals: Vec<ProgressGoal>,
    measurements: Vec<Measurement>,
    journal: Vec<JournalEntry>,
    audit: Vec<AuditEvent>,
    audit_ids: Vec<AuditId>,
}

/// The municipality and the days a batch is generated for.
struct Day {
    m: MunicipalityId,
    today: NaiveDate,
    register_end: NaiveDate,
}

fn at(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    d.and_hms_opt(hour, 0, 0).unwrap_or_default().and_utc()
}

/// One citizen: their courses with exits, placements, goals, measurements,
/// journal notes and audit entries, and their benefit periods.
fn citizen(
    rng: &mut StdRng,
    b: &mut Batch,
    sc: Scale,
    day: &Day,
    caseworkers: &[(UserId, String)],
    interventions: &[Intervention],
    cprs: &mut std::collections::HashSet<String>,
) -> Result<(), String> {
    let (m, today) = (day.m, day.today);
    let cid = CitizenId(uuid(rng));
    let mut spans: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
    let name = format!(
        "{} {}",
        FIRST[rng.gen_range(0..FIRST.len())],
        LAST[rng.gen_range(0..LAST.len())]
    );
    let cpr = loop {
        let c = fictitious_cpr(rng);
        if cprs.insert(c.full()) {
            break c;
        }
    };
    b.citizens.push(Citizen {
        id: cid,
        municipality_id: m,
        cpr,
        name,
        phone: Some(format!("{:08}", rng.gen_range(20_000_000..99_999_999))),
        email: None,
        address: None,
        created_at: at(today, 12),
        version: 1,
    });
    let n_courses = if rng.gen_bool(sc.courses_per_citizen.fract()) {
        sc.courses_per_citizen as usize + 1
    } else {
        sc.courses_per_citizen as usize
    };
    for _ in 0..n_courses.max(1) {
        let kid = CourseId(uuid(rng));
        let (cw, cw_name) = &caseworkers[rng.gen_range(0..caseworkers.len())];
        let cw = *cw;
        let open = rng.gen_bool(0.083);
        let start = if open {
            today - Duration::days(rng.gen_range(7..400))
        } else {
            today - Duration::days(rng.gen_range(200..3650))
        };
        let class = classification(rng, start)?;
        let weeks = rng.gen_range(8..104);
        let end = (start + Duration::weeks(weeks)).min(today - Duration::days(1));
        let created = at(start, 9);
        b.courses.push(Course {
            id: kid,
            municipality_id: m,
            citizen_id: cid,
            caseworker_id: cw,
            target_group: class.target_group,
            category: class.category.map(str::to_string),
            rule_set: class.rule_set.to_string(),
            status: if open {
                CourseStatus::Active
            } else {
                CourseStatus::Closed
            },
            start_date: start,
            // Referred 2 to 10 weeks into the absence (from the id, so the
            // random stream, and the data set, stay as they were).
            first_absence_date: (class.target_group == TargetGroup::Sygedagpenge)
                .then(|| start - Duration::days(14 + i64::from(kid.0.as_bytes()[15] % 57))),
            follow_up_track: FollowUpTrack::Standard,
            framework: "Udviklingsforløb".into(),
            employment_goal: "Job i detailhandlen".into(),
            referral: Default::default(),
            created_at: created,
            updated_at: created,
            version: 1,
        });
        // On benefit from the start until self-support, or on to the
        // register's end (open, or left for something else).
        let mut on_until = day.register_end;
        if !open {
            let roll = rng.gen_range(0..100);
            let mut acc = 0;
            let outcome = OUTCOMES
                .iter()
                .find(|(_, w)| {
                    acc += w;
                    roll < acc
                })
                .map(|o| o.0)
                .unwrap_or(Outcome::StillOnBenefit);
            let job = matches!(
                outcome,
                Outcome::OrdinaryJob | Outcome::WageSubsidyJob | Outcome::Flexjob
            );
            let hours = job.then(|| rng.gen_range(10..38));
            on_until = if outcome.self_supporting() {
                end
            } else {
                (end + Duration::weeks(rng.gen_range(0..52))).min(day.register_end)
            };
            b.exits.push(CourseExit {
                course_id: kid,
                municipality_id: m,
                outcome,
                date: end,
                hours_per_week: hours,
                recorded_by: cw,
                recorded_at: created,
            });
        }
        let benefit = match class.target_group {
            TargetGroup::ForsikretLedig => "dagpenge",
            g => g.code(),
        };
        spans.push((monday(start), monday(on_until), benefit));
        let n_place = if rng.gen_bool(sc.placements_per_course.fract()) {
            sc.placements_per_course as usize + 1
        } else {
            sc.placements_per_course as usize
        };
        for _ in 0..n_place {
            let pid = PlacementId(uuid(rng));
            let intervention = &interventions[rng.gen_range(0..interventions.len())];
            let from = start + Duration::days(rng.gen_range(14..60));
            let to = from + Duration::weeks(rng.gen_range(6..26));
            let status = if open && to >= today {
                if rng.gen_bool(0.9) {
                    PlacementStatus::Active
                } else {
                    PlacementStatus::Waiting
                }
            } else {
                PlacementStatus::Ended
            };
            // Most get a place at once; some wait up to eight weeks.
            let activated = (status != PlacementStatus::Waiting).then(|| {
                let wait = if rng.gen_bool(0.7) {
                    0
                } else {
                    rng.gen_range(1..=8)
                };
                created + Duration::weeks(wait)
            });
            let ended = (status == PlacementStatus::Ended).then(|| at(to, 15));
            b.placements.push(LoadedPlacement {
                placement: Placement {
                    id: pid,
                    municipality_id: m,
                    course_id: kid,
                    citizen_id: cid,
                    intervention_id: intervention.id,
                    unit_id: intervention.unit_id,
                    goal: "Kan arbejde flere timer om ugen".into(),
                    period: Period { from, to },
                    first_measurement: from + Duration::days(14),
                    status,
                    queued_at: created,
                    waiting_position: None,
                    created_at: created,
                    created_by: cw,
                    ended_at: ended,
                    end_reason: ended.map(|_| "Indsatsen er gennemført".into()),
                },
                ended_by: ended.map(|_| cw),
                activated_at: activated,
            });
            let gid = GoalId(uuid(rng));
            b.goals.push(ProgressGoal {
                id: gid,
                municipality_id: m,
                course_id: kid,
                placement_id: pid,
                style: QuestionStyle::Psfs,
                question: "Hvor godt kan du arbejde fire timer i dag?".into(),
                gas_levels: Vec::new(),
                weight: 1,
                interval_days: 14,
                created_at: created,
                created_by: cw,
                ended_at: None,
            });
            let (mut c, mut p) = (rng.gen_range(1..5i8), rng.gen_range(1..5i8));
            for k in 0..sc.measurements_per_placement {
                let on = (from + Duration::days(14 * (k / 2) as i64)).min(today);
                let (rater, value) = if k % 2 == 0 {
                    c = (c + rng.gen_range(-1..3)).clamp(0, 10);
                    (Rater::Citizen, c)
                } else {
                    p = (p + rng.gen_range(-1..3)).clamp(0, 10);
                    (Rater::Provider, p)
                };
                b.measurements.push(Measurement {
                    id: MeasurementId(uuid(rng)),
                    municipality_id: m,
                    course_id: kid,
                    placement_id: Some(pid),
                    goal_id: Some(gid),
                    rater,
                    value,
                    comment: String::new(),
                    measured_on: on,
                    channel: if rater == Rater::Citizen {
                        Channel::Meeting
                    } else {
                        Channel::Staff
                    },
                    baseline: k < 2,
                    recorded_at: created,
                    recorded_by: Some(cw),
                    corrects: None,
                });
            }
        }
        for k in 0..3 {
            b.journal.push(JournalEntry {
                id: JournalEntryId(uuid(rng)),
                municipality_id: m,
                course_id: kid,
                author_id: cw,
                author_name: cw_name.clone(),
                author_role: Role::Caseworker,
                entry_date: start + Duration::days(14 * k),
                text: NOTE.into(),
                corrects: None,
                created_at: created + Duration::days(14 * k),
            });
        }
        for k in 0..sc.audit_per_course {
            b.audit.push(AuditEvent {
                at: created + Duration::hours(k as i64 * 7),
                municipality_id: m,
                user_id: Some(cw),
                username: cw_name.clone(),
                role: Some(Role::Caseworker),
                action: if k % 6 == 0 {
                    AuditAction::Update
                } else {
                    AuditAction::Read
                },
                citizen_id: Some(cid),
                object: format!("course:{kid}"),
                purpose: "sagsbehandling".into(),
            });
            b.audit_ids.push(AuditId(uuid(rng)));
        }
    }
    // One register line per run of weeks: overlapping or touching spans
    // merge, as the register never overlaps itself.
    spans.retain(|(from, to, _)| from <= to);
    spans.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
    for (from, to, benefit) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 + Duration::weeks(1) => last.1 = last.1.max(to),
            _ => merged.push((from, to, benefit)),
        }
    }
    for (from, to, benefit) in merged {
        b.periods.push(BenefitPeriod {
            id: uuid(rng).to_string(),
            citizen_id: cid,
            from,
            to,
            benefit: benefit.to_string(),
        });
    }
    Ok(())
}
