//! `jobspor generate --scale tiny|hjoerring|denmark --seed N`: realistic,
//! fictitious data for benchmarks, deterministic per seed (ids and dates
//! come from the seed and `--as-of`, never from the clock), bulk-loaded
//! into an empty database through the store.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobspor_domain::audit::{entry_hash, AuditAction, AuditEvent, GENESIS};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::text::search_key;
use jobspor_domain::user::Role;
use jobspor_domain::MunicipalityId;
use jobspor_store::{Cell, SqlStore, UserStore};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::{IsTerminal, Write};
use std::time::Instant;
use uuid::Uuid;

#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub name: &'static str,
    pub municipalities: usize,
    /// Per municipality.
    pub citizens: usize,
    pub courses_per_citizen: f64,
    pub placements_per_course: f64,
    pub measurements_per_placement: usize,
    pub audit_per_course: usize,
}

pub fn scale(name: &str) -> Option<Scale> {
    let s = match name {
        "tiny" => Scale {
            name: "tiny",
            municipalities: 2,
            citizens: 150,
            courses_per_citizen: 1.5,
            placements_per_course: 4.2,
            measurements_per_placement: 4,
            audit_per_course: 20,
        },
        "hjoerring" => Scale {
            name: "hjoerring",
            municipalities: 1,
            citizens: 40_000,
            courses_per_citizen: 1.5,
            placements_per_course: 4.2,
            measurements_per_placement: 4,
            audit_per_course: 83,
        },
        "denmark" => Scale {
            name: "denmark",
            municipalities: 98,
            citizens: 10_200,
            courses_per_citizen: 1.5,
            placements_per_course: 3.33,
            measurements_per_placement: 4,
            audit_per_course: 33,
        },
        _ => return None,
    };
    Some(s)
}

/// The password of every generated user.
pub const PASSWORD: &str = "benchmark";

fn id(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.gen())
        .into_uuid()
        .to_string()
}

fn micros(d: DateTime<Utc>) -> i64 {
    d.timestamp_micros()
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn i(v: i64) -> Cell {
    Cell::Int(v)
}

struct Progress {
    tty: bool,
    started: Instant,
}

impl Progress {
    fn say(&self, what: &str, done: usize, total: usize) {
        let secs = self.started.elapsed().as_secs_f64();
        if self.tty {
            let width = 30;
            let filled = (done * width)
                .checked_div(total)
                .unwrap_or(width)
                .min(width);
            eprint!(
                "\r{what:<14} [{}{}] {done}/{total} {secs:.1}s   ",
                "#".repeat(filled),
                ".".repeat(width - filled)
            );
            if done >= total {
                eprintln!();
            }
        } else if done >= total {
            eprintln!("{what}: {total} in {secs:.1}s");
        }
        let _ = std::io::stderr().flush();
    }
}

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
const INTERVENTIONS: &[(&str, usize)] = &[
    (
        "Forløb for borgere med lettere angst, stress og depression",
        1,
    ),
    ("Mestringsforløb for borgere med angst", 1),
    ("Psykolog med speciale i unge", 3),
    ("Smertehåndteringsforløb", 1),
    ("Fysioterapeutisk træning efter endt GOP", 1),
    ("Den korte rådgivende samtale – alkohol", 1),
    ("Livsstilsforløb", 1),
    ("Komplekse funktionsbegrænsninger", 1),
    ("Sundhed i naturen på vej til job", 1),
    ("IPS (Individual Placement and Support)", 0),
    ("Mentorhus", 0),
    ("Misbrugsindsats", 2),
    ("ADHD og ASF", 2),
    ("Mentorstøtte i job", 0),
    ("Virksomhedspraktik", 0),
    ("Løntilskud hos private arbejdsgivere", 0),
];
const UNITS: &[&str] = &[
    "Jobcenter",
    "Sundhedscenter",
    "Voksenhandicap",
    "Børne- og Familieafdelingen",
];
const NOTE: &str = "Samtale med borgeren om arbejdsevne, helbred og ønsker til job. Borgeren fortæller om smerter i ryggen og om søvnproblemer, men er motiveret for at komme i gang. Vi aftalte at afprøve et forløb i Sundhedscenter og at følge op om fire uger. Borgeren har selv kontakt til egen læge og tager sin medicin som ordineret.";

/// Generates into an empty database. Returns the counts written.
pub async fn run(
    store: &SqlStore,
    sc: Scale,
    seed: u64,
    as_of: NaiveDate,
) -> Result<Vec<(&'static str, usize)>, String> {
    if store
        .count_municipalities()
        .await
        .map_err(|e| e.to_string())?
        > 0
    {
        return Err("generate needs an empty database".into());
    }
    let progress = Progress {
        tty: std::io::stderr().is_terminal(),
        started: Instant::now(),
    };
    let hash = jobspor_web::auth::hash_password(PASSWORD).map_err(|e| e.to_string())?;
    let mut rng = StdRng::seed_from_u64(seed);
    let now: DateTime<Utc> = as_of.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    let add = |name: &'static str, n: usize, counts: &mut Vec<(&'static str, usize)>| {
        if let Some(c) = counts.iter_mut().find(|c| c.0 == name) {
            c.1 += n;
        } else {
            counts.push((name, n));
        }
    };
    for mi in 0..sc.municipalities {
        let m = MunicipalityId(Uuid::parse_str(&id(&mut rng)).unwrap_or_default());
        store
            .create_municipality(m, &format!("Benchmark Kommune {:03}", mi + 1))
            .await
            .map_err(|e| e.to_string())?;
        let ms = m.to_string();
        // Units and staff.
        let units: Vec<String> = UNITS.iter().map(|_| id(&mut rng)).collect();
        let rows: Vec<Vec<Cell>> = UNITS
            .iter()
            .zip(&units)
            .map(|(n, u)| vec![t(u.clone()), t(ms.clone()), t(*n), i(micros(now))])
            .collect();
        store
            .bulk_insert(
                "units",
                &["id", "municipality_id", "name", "created_at"],
                &rows,
            )
            .await
            .map_err(|e| e.to_string())?;
        let open_courses = ((sc.citizens as f64 * sc.courses_per_citizen) * 0.083) as usize;
        let n_caseworkers = (open_courses / 40).max(2);
        let mut users: Vec<Vec<Cell>> = Vec::new();
        let mut caseworkers: Vec<(String, String)> = Vec::new();
        let push_user = |rng: &mut StdRng,
                         users: &mut Vec<Vec<Cell>>,
                         name: String,
                         role: Role,
                         unit: usize,
                         team: Option<String>,
                         profession: Option<&str>| {
            let uid = id(rng);
            users.push(vec![
                t(uid.clone()),
                t(ms.clone()),
                t(format!("{name}.{:03}", mi + 1)),
                t(name.clone()),
                t(role.code()),
                profession.map(t).unwrap_or(Cell::NullText),
                t(units[unit].clone()),
                team.map(t).unwrap_or(Cell::NullText),
                t(hash.clone()),
                i(1),
                i(1),
                i(micros(now)),
            ]);
            uid
        };
        for c in 0..n_caseworkers {
            let name = format!("sagsbehandler{:03}", c + 1);
            let uid = push_user(
                &mut rng,
                &mut users,
                name.clone(),
                Role::Caseworker,
                0,
                Some(format!("Team {}", c / 8 + 1)),
                None,
            );
            caseworkers.push((uid, name));
        }
        let mut providers = Vec::new();
        for (u, _) in UNITS.iter().enumerate().skip(1) {
            providers.push(push_user(
                &mut rng,
                &mut users,
                format!("udfoerer{u}"),
                Role::Provider,
                u,
                None,
                None,
            ));
        }
        for (n, p) in ["psychologist", "physiotherapist", "nurse"]
            .iter()
            .enumerate()
        {
            push_user(
                &mut rng,
                &mut users,
                format!("sundhed{n}"),
                Role::HealthProfessional,
                0,
                None,
                Some(p),
            );
        }
        push_user(
            &mut rng,
            &mut users,
            "leder".into(),
            Role::Manager,
            0,
            None,
            None,
        );
        push_user(
            &mut rng,
            &mut users,
            "admin".into(),
            Role::Admin,
            0,
            None,
            None,
        );
        add("users", users.len(), &mut counts);
        store
            .bulk_insert(
                "users",
                &[
                    "id",
                    "municipality_id",
                    "username",
                    "display_name",
                    "role",
                    "profession",
                    "unit_id",
                    "team",
                    "password_hash",
                    "active",
                    "version",
                    "created_at",
                ],
                &users,
            )
            .await
            .map_err(|e| e.to_string())?;
        // The catalogue.
        let interventions: Vec<(String, usize, i64)> = INTERVENTIONS
            .iter()
            .map(|(_, u)| (id(&mut rng), *u, rng.gen_range(10..60)))
            .collect();
        let rows: Vec<Vec<Cell>> = INTERVENTIONS.iter().zip(&interventions).map(|((name, _), (iid, u, cap))| vec![
            t(iid.clone()), t(ms.clone()), t(*name), t(""), t(units[*u].clone()), t("[\"physical_disorders\"]"),
            t("[\"kontanthjaelp\",\"sygedagpenge\",\"integrationsydelse\",\"forsikret_ledig\"]"), i(12), i(*cap * 20), i(1_000_000),
            t("[\"Hvor godt kan du … i dag?\"]"), i(1), i(1),
        ]).collect();
        store
            .bulk_insert(
                "interventions",
                &[
                    "id",
                    "municipality_id",
                    "name",
                    "description",
                    "unit_id",
                    "tracks",
                    "target_groups",
                    "usual_weeks",
                    "capacity",
                    "price_ore",
                    "progression_questions",
                    "active",
                    "version",
                ],
                &rows,
            )
            .await
            .map_err(|e| e.to_string())?;
        generate_cases(
            store,
            &mut rng,
            sc,
            &ms,
            now,
            &caseworkers,
            &interventions,
            &units,
            &progress,
            &mut counts,
            mi,
        )
        .await?;
    }
    Ok(counts)
}

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

#[allow(clippy::too_many_arguments)]
async fn generate_cases(
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
) -> Result<(), String> {
    let today = now.date_naive();
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
        for _ in 0..n {
            let cid = id(rng);
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
                let group = [
                    "kontanthjaelp",
                    "sygedagpenge",
                    "integrationsydelse",
                    "forsikret_ledig",
                ][[0, 0, 0, 0, 1, 1, 1, 2, 3][rng.gen_range(0..9)]];
                let category = match group {
                    "kontanthjaelp" | "integrationsydelse" => {
                        Cell::Text(["jobparat", "aktivitetsparat"][rng.gen_range(0..2)].into())
                    }
                    "sygedagpenge" => Cell::Text(
                        ["kategori_1", "kategori_2", "kategori_3"][rng.gen_range(0..3)].into(),
                    ),
                    _ => Cell::NullText,
                };
                let open = rng.gen_bool(0.083);
                let start = if open {
                    today - Duration::days(rng.gen_range(7..400))
                } else {
                    today - Duration::days(rng.gen_range(200..3650))
                };
                let weeks = rng.gen_range(8..104);
                let end = (start + Duration::weeks(weeks)).min(today - Duration::days(1));
                let created = start.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
                courses.push(vec![
                    t(kid.clone()),
                    t(ms),
                    t(cid.clone()),
                    t(cw.clone()),
                    t(group),
                    category,
                    t("lab-2019"),
                    t(if open { "active" } else { "closed" }),
                    t(start.to_string()),
                    t("Udviklingsforløb"),
                    t("Job i detailhandlen"),
                    t("{}"),
                    i(micros(created)),
                    i(micros(created)),
                    i(1),
                ]);
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
                        Cell::NullInt,
                        Cell::NullText,
                        Cell::NullText,
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
        }
        let w = |e: jobspor_store::StoreError| e.to_string();
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
            .bulk_insert(
                "audit_log",
                &[
                    "municipality_id",
                    "seq",
                    "id",
                    "at",
                    "user_id",
                    "username",
                    "role",
                    "action",
                    "citizen_id",
                    "object",
                    "purpose",
                    "prev_hash",
                    "hash",
                ],
                &audit,
            )
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
    Ok(())
}
