//! The citizens and everything about them: courses, exits, placements,
//! goals, measurements, journal entries and the hash-chained audit log.

use super::{i, id, micros, t, Progress, Scale};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobspor_domain::audit::{entry_hash, AuditAction, AuditEvent, GENESIS};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::rules::{classify, rule_set_on, Classification, TargetGroup};
use jobspor_domain::text::search_key;
use jobspor_domain::user::Role;
use jobspor_domain::MunicipalityId;
use jobspor_store::{Cell, SqlStore, AUDIT_LOG_COLUMNS, BENEFIT_PERIOD_COLUMNS};
use rand::rngs::StdRng;
use rand::Rng;
use uuid::Uuid;

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
fn fictitious_cpr(rng: &mut StdRng) -> String {
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
            return cpr.full();
        }
    }
}

const OUTCOMES: &[(&str, u32)] = &[
    ("ordinary_job", 34),
    ("wage_subsidy_job", 8),
    ("flexjob", 10),
    ("education", 12),
    ("ressourceforloeb", 6),
    ("foertidspension", 4),
    ("other_benefit", 8),
    ("moved", 6),
    ("died", 1),
    ("still_on_benefit", 11),
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
    let rules = rule_set_on(start).ok_or_else(|| format!("no rules in force on {start}"))?;
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
    classify(start, rule.group, category).map_err(|e| format!("{}: {e}", rules.id))
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn generate_cases(
    store: &SqlStore,
    rng: &mut StdRng,
    sc: Scale,
    ms: &str,
    now: DateTime<Utc>,
    caseworkers: &[(String, String)],
    interventions: &[(String, usize, i64)],
    units: &[String],
    progress: &Progress,
    counts: &mut Vec<(&'static str, usize)>,
    mi: usize,
    import_id: &str,
) -> Result<usize, String> {
    let today = now.date_naive();
    // The register's last week: the one before this week.
    let register_end = monday(today) - Duration::weeks(1);
    let mut register_lines = 0;
    let mut seq: i64 = 0;
    let mut prev = GENESIS.to_string();
    let mut cprs = std::collections::HashSet::new();
    let batch = 2_000;
    let mut done = 0;
    let mut totals = [0usize; 8];
    let label = if sc.municipalities > 1 {
        "municipalities"
    } else {
        "citizens"
    };
    while done < sc.citizens {
        let n = batch.min(sc.citizens - done);
        let (
            mut citizens,
            mut courses,
            mut exits,
            mut placements,
            mut goals,
            mut measurements,
            mut journal,
            mut audit,
        ) = (
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
        );
        let mut periods: Vec<Vec<Cell>> = Vec::new();
        for _ in 0..n {
            let cid = id(rng);
            let mut spans: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
            let name = format!(
                "{} {}",
                FIRST[rng.gen_range(0..FIRST.len())],
                LAST[rng.gen_range(0..LAST.len())]
            );
            let cpr = loop {
                let c = fictitious_cpr(rng);
                if cprs.insert(c.clone()) {
                    break c;
                }
            };
            citizens.push(vec![
                t(cid.clone()),
                t(ms),
                t(cpr),
                t(name.clone()),
                t(search_key(&name)),
                t(format!("{:08}", rng.gen_range(20_000_000..99_999_999))),
                Cell::NullText,
                Cell::NullText,
                i(micros(now)),
                i(1),
            ]);
            let n_courses = if rng.gen_bool(sc.courses_per_citizen.fract()) {
                sc.courses_per_citizen as usize + 1
            } else {
                sc.courses_per_citizen as usize
            };
            for _ in 0..n_courses.max(1) {
                let kid = id(rng);
                let (cw, cw_name) = &caseworkers[rng.gen_range(0..caseworkers.len())];
                let open = rng.gen_bool(0.083);
                let start = if open {
                    today - Duration::days(rng.gen_range(7..400))
                } else {
                    today - Duration::days(rng.gen_range(200..3650))
                };
                let class = classification(rng, start)?;
                let group = class.target_group.code();
                let weeks = rng.gen_range(8..104);
                let end = (start + Duration::weeks(weeks)).min(today - Duration::days(1));
                let created = start.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
                courses.push(vec![
                    t(kid.clone()),
                    t(ms),
                    t(cid.clone()),
                    t(cw.clone()),
                    t(group),
                    class.category.map(t).unwrap_or(Cell::NullText),
                    t(class.rule_set),
                    t(if open { "active" } else { "closed" }),
                    t(start.to_string()),
                    t("Udviklingsforløb"),
                    t("Job i detailhandlen"),
                    t("{}"),
                    i(micros(created)),
                    i(micros(created)),
                    i(1),
                ]);
                // On benefit from the start until self-support, or on to the
                // register's end (open, or left for something else).
                let mut on_until = register_end;
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
                        .unwrap_or("still_on_benefit");
                    let hours = matches!(outcome, "ordinary_job" | "wage_subsidy_job" | "flexjob")
                        .then(|| rng.gen_range(10..38));
                    on_until = if matches!(
                        outcome,
                        "ordinary_job" | "wage_subsidy_job" | "flexjob" | "education"
                    ) {
                        end
                    } else {
                        (end + Duration::weeks(rng.gen_range(0..52))).min(register_end)
                    };
                    exits.push(vec![
                        t(kid.clone()),
                        t(ms),
                        t(outcome),
                        t(end.to_string()),
                        hours.map(i).unwrap_or(Cell::NullInt),
                        t(cw.clone()),
                        i(micros(created)),
                    ]);
                }
                let benefit = match group {
                    "forsikret_ledig" => "dagpenge",
                    g => g,
                };
                spans.push((monday(start), monday(on_until), benefit));
                let n_place = if rng.gen_bool(sc.placements_per_course.fract()) {
                    sc.placements_per_course as usize + 1
                } else {
                    sc.placements_per_course as usize
                };
                for _ in 0..n_place {
                    let pid = id(rng);
                    let (iid, unit, _) = &interventions[rng.gen_range(0..interventions.len())];
                    let from = start + Duration::days(rng.gen_range(14..60));
                    let to = from + Duration::weeks(rng.gen_range(6..26));
                    let status = if open && to >= today {
                        if rng.gen_bool(0.9) {
                            "active"
                        } else {
                            "waiting"
                        }
                    } else {
                        "ended"
                    };
                    let first = from + Duration::days(14);
                    // Most get a place at once; some wait up to eight weeks.
                    let activated = (status != "waiting").then(|| {
                        let wait = if rng.gen_bool(0.7) {
                            0
                        } else {
                            rng.gen_range(1..=8)
                        };
                        micros(created + Duration::weeks(wait))
                    });
                    let ended = (status == "ended")
                        .then(|| micros(to.and_hms_opt(15, 0, 0).unwrap_or_default().and_utc()));
                    placements.push(vec![
                        t(pid.clone()),
                        t(ms),
                        t(kid.clone()),
                        t(cid.clone()),
                        t(iid.clone()),
                        t(units[*unit].clone()),
                        t("Kan arbejde flere timer om ugen"),
                        t(from.to_string()),
                        t(to.to_string()),
                        t(first.to_string()),
                        t(status),
                        i(micros(created)),
                        i(micros(created)),
                        t(cw.clone()),
                        ended.map(i).unwrap_or(Cell::NullInt),
                        if ended.is_some() {
                            t(cw.clone())
                        } else {
                            Cell::NullText
                        },
                        if ended.is_some() {
                            t("Indsatsen er gennemført")
                        } else {
                            Cell::NullText
                        },
                        activated.map(i).unwrap_or(Cell::NullInt),
                    ]);
                    let gid = id(rng);
                    goals.push(vec![
                        t(gid.clone()),
                        t(ms),
                        t(kid.clone()),
                        t(pid.clone()),
                        t("psfs"),
                        t("Hvor godt kan du arbejde fire timer i dag?"),
                        t("[]"),
                        i(1),
                        i(14),
                        i(micros(created)),
                        t(cw.clone()),
                        Cell::NullInt,
                    ]);
                    let (mut c, mut p) = (rng.gen_range(1..5i64), rng.gen_range(1..5i64));
                    for k in 0..sc.measurements_per_placement {
                        let on = (from + Duration::days(14 * (k / 2) as i64)).min(today);
                        let (rater, v) = if k % 2 == 0 {
                            c = (c + rng.gen_range(-1..3)).clamp(0, 10);
                            ("citizen", c)
                        } else {
                            p = (p + rng.gen_range(-1..3)).clamp(0, 10);
                            ("provider", p)
                        };
                        measurements.push(vec![
                            t(id(rng)),
                            t(ms),
                            t(kid.clone()),
                            t(pid.clone()),
                            t(gid.clone()),
                            t(rater),
                            i(v),
                            t(""),
                            t(on.to_string()),
                            t(if rater == "citizen" {
                                "meeting"
                            } else {
                                "staff"
                            }),
                            i((k < 2) as i64),
                            i(micros(created)),
                            t(cw.clone()),
                            Cell::NullText,
                        ]);
                    }
                }
                for k in 0..3 {
                    let on = start + Duration::days(14 * k);
                    journal.push(vec![
                        t(id(rng)),
                        t(ms),
                        t(kid.clone()),
                        t(cw.clone()),
                        t(cw_name.clone()),
                        t("caseworker"),
                        t(on.to_string()),
                        t(NOTE),
                        Cell::NullText,
                        i(micros(created + Duration::days(14 * k))),
                    ]);
                }
                for k in 0..sc.audit_per_course {
                    seq += 1;
                    let e = AuditEvent {
                        at: created + Duration::hours(k as i64 * 7),
                        municipality_id: MunicipalityId(Uuid::parse_str(ms).unwrap_or_default()),
                        user_id: Uuid::parse_str(cw).ok().map(jobspor_domain::UserId),
                        username: cw_name.clone(),
                        role: Some(Role::Caseworker),
                        action: if k % 6 == 0 {
                            AuditAction::Update
                        } else {
                            AuditAction::Read
                        },
                        citizen_id: Uuid::parse_str(&cid).ok().map(jobspor_domain::CitizenId),
                        object: format!("course:{kid}"),
                        purpose: "sagsbehandling".into(),
                    };
                    let hash = entry_hash(seq, &e, &prev);
                    audit.push(vec![
                        t(ms),
                        i(seq),
                        t(id(rng)),
                        i(micros(e.at)),
                        t(cw.clone()),
                        t(cw_name.clone()),
                        t("caseworker"),
                        t(e.action.code()),
                        t(cid.clone()),
                        t(e.object),
                        t(e.purpose),
                        t(prev.clone()),
                        t(hash.clone()),
                    ]);
                    prev = hash;
                }
            }
            // One register line per run of weeks: overlapping or touching
            // spans merge, as the register never overlaps itself.
            spans.retain(|(from, to, _)| from <= to);
            spans.sort();
            let mut merged: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
            for (from, to, b) in spans {
                match merged.last_mut() {
                    Some(last) if from <= last.1 + Duration::weeks(1) => last.1 = last.1.max(to),
                    _ => merged.push((from, to, b)),
                }
            }
            for (from, to, benefit) in merged {
                periods.push(vec![
                    t(id(rng)),
                    t(ms),
                    t(cid.clone()),
                    t(from.to_string()),
                    t(to.to_string()),
                    t(benefit),
                    t(import_id),
                ]);
            }
        }
        let w = |e: jobspor_store::StoreError| e.to_string();
        register_lines += periods.len();
        store
            .bulk_insert(
                "citizens",
                &[
                    "id",
                    "municipality_id",
                    "cpr",
                    "name",
                    "name_key",
                    "phone",
                    "email",
                    "address",
                    "created_at",
                    "version",
                ],
                &citizens,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert("benefit_periods", &BENEFIT_PERIOD_COLUMNS, &periods)
            .await
            .map_err(w)?;
        store
            .bulk_insert(
                "courses",
                &[
                    "id",
                    "municipality_id",
                    "citizen_id",
                    "caseworker_id",
                    "target_group",
                    "category",
                    "rule_set",
                    "status",
                    "start_date",
                    "framework",
                    "employment_goal",
                    "referral",
                    "created_at",
                    "updated_at",
                    "version",
                ],
                &courses,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert(
                "course_exits",
                &[
                    "course_id",
                    "municipality_id",
                    "outcome",
                    "exit_date",
                    "hours_per_week",
                    "recorded_by",
                    "recorded_at",
                ],
                &exits,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert(
                "placements",
                &[
                    "id",
                    "municipality_id",
                    "course_id",
                    "citizen_id",
                    "intervention_id",
                    "unit_id",
                    "goal",
                    "start_date",
                    "end_date",
                    "first_measurement",
                    "status",
                    "queued_at",
                    "created_at",
                    "created_by",
                    "ended_at",
                    "ended_by",
                    "end_reason",
                    "activated_at",
                ],
                &placements,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert(
                "progress_goals",
                &[
                    "id",
                    "municipality_id",
                    "course_id",
                    "placement_id",
                    "style",
                    "question",
                    "gas_levels",
                    "weight",
                    "interval_days",
                    "created_at",
                    "created_by",
                    "ended_at",
                ],
                &goals,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert(
                "measurements",
                &[
                    "id",
                    "municipality_id",
                    "course_id",
                    "placement_id",
                    "goal_id",
                    "rater",
                    "value",
                    "comment",
                    "measured_on",
                    "channel",
                    "baseline",
                    "recorded_at",
                    "recorded_by",
                    "corrects",
                ],
                &measurements,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert(
                "journal_entries",
                &[
                    "id",
                    "municipality_id",
                    "course_id",
                    "author_id",
                    "author_name",
                    "author_role",
                    "entry_date",
                    "body",
                    "corrects_id",
                    "created_at",
                ],
                &journal,
            )
            .await
            .map_err(w)?;
        store
            .bulk_insert("audit_log", &AUDIT_LOG_COLUMNS, &audit)
            .await
            .map_err(w)?;
        for (slot, n) in totals.iter_mut().zip([
            citizens.len(),
            courses.len(),
            exits.len(),
            placements.len(),
            goals.len(),
            measurements.len(),
            journal.len(),
            audit.len(),
        ]) {
            *slot += n;
        }
        done += n;
        if sc.municipalities == 1 {
            progress.say(label, done, sc.citizens);
        }
    }
    store
        .bulk_insert(
            "audit_head",
            &["municipality_id", "seq", "hash"],
            &[vec![t(ms), i(seq), t(prev)]],
        )
        .await
        .map_err(|e| e.to_string())?;
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
