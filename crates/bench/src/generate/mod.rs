//! `jobspor-bench generate --scale tiny|hjoerring|denmark --seed N`: realistic,
//! fictitious data for benchmarks, deterministic per seed (ids and dates
//! come from the seed and `--as-of`, never from the clock), bulk-loaded
//! into an empty database through the store.

use chrono::{DateTime, NaiveDate, Utc};
use jobspor_domain::catalogue::{Intervention, Track};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::user::Role;
use jobspor_domain::user::{Profession, User};
use jobspor_domain::MunicipalityId;
use jobspor_domain::{InterventionId, UnitId, UserId};
use jobspor_store::{DeferredIndex, Durability, SecondFactorStore, SqlStore, UserStore};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::{IsTerminal, Write};
use std::time::Instant;
use uuid::Uuid;

mod cases;
use cases::generate_cases;

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

impl Scale {
    /// Caseworkers per municipality: one per 40 open courses (8.3% of the
    /// courses are open), at least two.
    pub fn caseworkers(&self) -> usize {
        let open_courses = ((self.citizens as f64 * self.courses_per_citizen) * 0.083) as usize;
        (open_courses / 40).max(2)
    }
}

/// A generated user's login: `name.NNN`, NNN the municipality from 1.
pub fn username(name: &str, municipality: usize) -> String {
    format!("{name}.{:03}", municipality + 1)
}

/// The name of the `n`th caseworker (from 0) of a municipality.
pub fn caseworker_name(n: usize) -> String {
    format!("sagsbehandler{:03}", n + 1)
}

/// The password of every generated user.
pub const PASSWORD: &str = "benchmark";
/// The authenticator app's secret of every generated manager and
/// administrator (their roles need a second factor).
pub const TOTP_SECRET: &str = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

/// An id from the seed, never from the clock.
pub(crate) fn uuid(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

pub(crate) struct Progress {
    tty: bool,
    started: Instant,
    /// Tenths of the work reported so far (plain lines).
    tenths: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// Reports progress on stderr. A failed write (a full disk under a
    /// redirected stderr, say) is ignored: progress is a courtesy, and the
    /// generation's own error is the one the user must see.
    pub(crate) fn say(&self, what: &str, done: usize, total: usize) {
        let secs = self.started.elapsed().as_secs_f64();
        let mut err = std::io::stderr().lock();
        if self.tty {
            let width = 30;
            let filled = (done * width)
                .checked_div(total)
                .unwrap_or(width)
                .min(width);
            let end = if done >= total { "\n" } else { "" };
            let _ = write!(
                err,
                "\r{what:<14} [{}{}] {done}/{total} {secs:.1}s   {end}",
                "#".repeat(filled),
                ".".repeat(width - filled)
            );
        } else {
            // Plain lines: one per tenth of the work.
            let tenth = (done * 10).checked_div(total).unwrap_or(10).min(10);
            if tenth
                > self
                    .tenths
                    .swap(tenth, std::sync::atomic::Ordering::Relaxed)
            {
                let _ = writeln!(err, "{what}: {done}/{total} in {secs:.1}s");
            }
        }
        let _ = err.flush();
    }
}

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

/// The store to generate into: commits need not wait for the disk while a
/// fresh database is loaded (see [`Durability::Loading`]).
pub async fn connect(url: &str) -> Result<SqlStore, String> {
    SqlStore::connect_with(url, Durability::Loading)
        .await
        .map_err(|e| format!("database: {e}"))
}

/// The tables filled citizen by citizen: their secondary indexes are built
/// after the load instead of row by row during it.
const LOADED: &[&str] = &[
    "citizens",
    "benefit_periods",
    "courses",
    "course_exits",
    "placements",
    "progress_goals",
    "measurements",
    "journal_entries",
    "audit_log",
];

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
    let progress = || Progress {
        tty: std::io::stderr().is_terminal(),
        started: Instant::now(),
        tenths: Default::default(),
    };
    let deferred = store
        .drop_secondary_indexes(LOADED)
        .await
        .map_err(|e| e.to_string())?;
    let filled = fill(store, sc, seed, as_of, &progress()).await;
    // Built even when the load failed, so the schema is whole again; the
    // load's error, if any, is the one reported.
    let built = build_indexes(store, &deferred, &progress()).await;
    let counts = filled?;
    built?;
    store.finish_load().await.map_err(|e| e.to_string())?;
    Ok(counts)
}

async fn build_indexes(
    store: &SqlStore,
    deferred: &[DeferredIndex],
    progress: &Progress,
) -> Result<(), String> {
    for (n, index) in deferred.iter().enumerate() {
        progress.say("indexes", n, deferred.len());
        store
            .build_index(index)
            .await
            .map_err(|e| format!("index {}: {e}", index.name))?;
    }
    progress.say("indexes", deferred.len(), deferred.len());
    Ok(())
}

async fn fill(
    store: &SqlStore,
    sc: Scale,
    seed: u64,
    as_of: NaiveDate,
    progress: &Progress,
) -> Result<Vec<(&'static str, usize)>, String> {
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
        let m = MunicipalityId(uuid(&mut rng));
        store
            .create_municipality(m, &format!("Benchmark Kommune {:03}", mi + 1))
            .await
            .map_err(|e| e.to_string())?;
        // Units and staff.
        let units: Vec<UnitId> = UNITS.iter().map(|_| UnitId(uuid(&mut rng))).collect();
        let named: Vec<(UnitId, String)> = units
            .iter()
            .zip(UNITS)
            .map(|(u, n)| (*u, n.to_string()))
            .collect();
        store
            .load_units(m, &named, now)
            .await
            .map_err(|e| e.to_string())?;
        let mut users: Vec<(User, String)> = Vec::new();
        let mut caseworkers: Vec<(UserId, String)> = Vec::new();
        let mut push_user = |rng: &mut StdRng,
                             name: String,
                             role: Role,
                             unit: usize,
                             team: Option<String>,
                             profession: Option<Profession>| {
            let id = UserId(uuid(rng));
            users.push((
                User {
                    id,
                    municipality_id: m,
                    username: username(&name, mi),
                    display_name: name,
                    role,
                    profession,
                    unit_id: Some(units[unit]),
                    team,
                    active: true,
                    version: 1,
                },
                hash.clone(),
            ));
            id
        };
        for c in 0..sc.caseworkers() {
            let name = caseworker_name(c);
            let id = push_user(
                &mut rng,
                name.clone(),
                Role::Caseworker,
                0,
                Some(format!("Team {}", c / 8 + 1)),
                None,
            );
            caseworkers.push((id, name));
        }
        for (u, _) in UNITS.iter().enumerate().skip(1) {
            push_user(
                &mut rng,
                format!("udfoerer{u}"),
                Role::Provider,
                u,
                None,
                None,
            );
        }
        for (n, p) in [
            Profession::Psychologist,
            Profession::Physiotherapist,
            Profession::Nurse,
        ]
        .into_iter()
        .enumerate()
        {
            push_user(
                &mut rng,
                format!("sundhed{n}"),
                Role::HealthProfessional,
                0,
                None,
                Some(p),
            );
        }
        let leder = push_user(&mut rng, "leder".into(), Role::Manager, 0, None, None);
        let admin = push_user(&mut rng, "admin".into(), Role::Admin, 0, None, None);
        add("users", users.len(), &mut counts);
        store
            .load_users(&users, now)
            .await
            .map_err(|e| e.to_string())?;
        for id in [leder, admin] {
            store
                .begin_enrolment(id, TOTP_SECRET)
                .await
                .map_err(|e| e.to_string())?;
            store
                .confirm_enrolment(id, 0, &[], &[])
                .await
                .map_err(|e| e.to_string())?;
        }
        // The catalogue.
        let interventions: Vec<Intervention> = INTERVENTIONS
            .iter()
            .map(|(name, u)| Intervention {
                id: InterventionId(uuid(&mut rng)),
                municipality_id: m,
                name: name.to_string(),
                description: String::new(),
                unit_id: units[*u],
                tracks: vec![Track::PhysicalDisorders],
                target_groups: vec![
                    TargetGroup::Kontanthjaelp,
                    TargetGroup::Sygedagpenge,
                    TargetGroup::Integrationsydelse,
                    TargetGroup::ForsikretLedig,
                ],
                usual_weeks: 12,
                capacity: rng.gen_range(10..60) * 20,
                price_ore: 1_000_000,
                progression_questions: vec!["Hvor godt kan du … i dag?".into()],
                active: true,
                version: 1,
            })
            .collect();
        store
            .load_interventions(&interventions)
            .await
            .map_err(|e| e.to_string())?;
        // The weekly benefit register, as if imported by the manager; its
        // periods are written with the cases, and its counts after them.
        let import_id = uuid(&mut rng).to_string();
        store
            .load_register_import(&import_id, m, "ydelsesregister (genereret)", leder, now)
            .await
            .map_err(|e| e.to_string())?;
        let periods = generate_cases(
            store,
            &mut rng,
            sc,
            m,
            now,
            &caseworkers,
            &interventions,
            progress,
            &mut counts,
            mi,
            &import_id,
        )
        .await?;
        store
            .set_register_import_counts(&import_id, periods as i64)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(counts)
}
