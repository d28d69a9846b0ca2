//! "Demo Kommune": units, one user of every role (password `demo`) and a few
//! hundred synthetic citizens with courses in varied states.
//!
//! The CPR numbers are well-formed (real dates, right century digit) but all
//! fail the modulus-11 check on birth dates before 2007, where the CPR office
//! only issued numbers that pass it, so none can belong to a real person.

mod history;
pub mod idp;
mod law;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use jobspor_domain::catalogue::Track;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::contact::ContactPerson;
use jobspor_domain::control::FollowUpTrack;
use jobspor_domain::course::{Course, CourseStatus, Referral, ReferralSection};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::rules::{RuleBook, TargetGroup};
use jobspor_domain::user::{Profession, Role, User};
use jobspor_domain::*;
use jobspor_store::{CatalogueStore, TriageStore};
use jobspor_store::{
    CitizenStore, CourseStore, DocumentStore, JournalStore, NewUser, SqlStore, UserStore,
};
use jobspor_web::i18n::Word;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const MUNICIPALITY: &str = "Demo Kommune";
pub const CITIZENS: usize = 240;

struct DemoUser {
    username: &'static str,
    name: &'static str,
    role: Role,
    profession: Option<Profession>,
    team: Option<&'static str>,
    unit: &'static str,
}

const USERS: &[DemoUser] = &[
    DemoUser {
        username: "sagsbehandler",
        name: "Sanne Sagsbehandler",
        role: Role::Caseworker,
        profession: None,
        team: Some("Team Nord"),
        unit: "Jobcenter",
    },
    DemoUser {
        username: "sagsbehandler2",
        name: "Søren Sagsbehandler",
        role: Role::Caseworker,
        profession: None,
        team: Some("Team Syd"),
        unit: "Jobcenter",
    },
    DemoUser {
        username: "psykolog",
        name: "Pia Psykolog",
        role: Role::HealthProfessional,
        profession: Some(Profession::Psychologist),
        team: None,
        unit: "Jobcenter",
    },
    DemoUser {
        username: "fysioterapeut",
        name: "Frank Fysioterapeut",
        role: Role::HealthProfessional,
        profession: Some(Profession::Physiotherapist),
        team: None,
        unit: "Jobcenter",
    },
    DemoUser {
        username: "sygeplejerske",
        name: "Sofie Sygeplejerske",
        role: Role::HealthProfessional,
        profession: Some(Profession::Nurse),
        team: None,
        unit: "Jobcenter",
    },
    DemoUser {
        username: "udfoerer",
        name: "Ulla Udfører",
        role: Role::Provider,
        profession: None,
        team: None,
        unit: "Sundhedscenter",
    },
    DemoUser {
        username: "leder",
        name: "Lars Leder",
        role: Role::Manager,
        profession: None,
        team: None,
        unit: "Jobcenter",
    },
    DemoUser {
        username: "admin",
        name: "Anne Administrator",
        role: Role::Admin,
        profession: None,
        team: None,
        unit: "Jobcenter",
    },
];

/// Course frameworks, as in the seeds' "Opret forløbsramme".
const FRAMEWORKS: &[(&str, TargetGroup, u32, &[Profession])] = &[
    (
        "Udviklingsforløb for kontanthjælpsmodtagere over 30 år",
        TargetGroup::Kontanthjaelp,
        26,
        &[
            Profession::Psychologist,
            Profession::Physiotherapist,
            Profession::Nurse,
        ],
    ),
    (
        "Udviklingsforløb for unge under 30 år",
        TargetGroup::Kontanthjaelp,
        26,
        &[Profession::Psychologist],
    ),
    (
        "Udviklingsforløb for sygedagpengemodtagere",
        TargetGroup::Sygedagpenge,
        22,
        &[
            Profession::Physiotherapist,
            Profession::Nurse,
            Profession::Psychologist,
        ],
    ),
    (
        "Afklaringsforløb for forsikrede ledige",
        TargetGroup::ForsikretLedig,
        13,
        &[],
    ),
];

/// (name, unit, tracks, weeks, places, price in kroner, first progression question)
type DemoIntervention = (
    &'static str,
    &'static str,
    &'static [Track],
    u32,
    u32,
    i64,
    &'static str,
);

/// The seeds' examples.
#[rustfmt::skip]
const CATALOGUE: &[DemoIntervention] = &[
    ("Forløb for borgere med lettere angst, stress og depression", "Sundhedscenter", &[Track::MildMentalDisorders], 10, 24, 9_500, "Hvor godt kan du håndtere din hverdag i dag?"),
    ("Mestringsforløb for borgere med angst", "Sundhedscenter", &[Track::MildMentalDisorders, Track::MentalIllness], 12, 16, 11_000, "Hvor godt kan du gå ud blandt andre i dag?"),
    ("Psykolog med speciale i unge", "Børne- og Familieafdelingen", &[Track::MildMentalDisorders, Track::DevelopmentalCognitive], 12, 10, 14_000, "Hvor godt kan du møde op til aftaler i dag?"),
    ("Smertehåndteringsforløb", "Sundhedscenter", &[Track::PhysicalDisorders, Track::DiffuseUnexplained], 12, 16, 8_400, "Hvor godt kan du håndtere dine smerter i dag?"),
    ("Fysioterapeutisk træning efter endt GOP", "Sundhedscenter", &[Track::PhysicalDisorders], 8, 20, 6_000, "Hvor godt kan du løfte og bære i dag?"),
    ("Den korte rådgivende samtale – alkohol", "Sundhedscenter", &[Track::SubstanceAbuse, Track::Lifestyle], 4, 40, 1_500, "Hvor godt kan du holde dine aftaler om alkohol i dag?"),
    ("Livsstilsforløb", "Sundhedscenter", &[Track::Lifestyle], 12, 30, 5_000, "Hvor godt kan du holde en fast døgnrytme i dag?"),
    ("Komplekse funktionsbegrænsninger (funktionelle lidelser)", "Sundhedscenter", &[Track::DiffuseUnexplained], 16, 12, 16_000, "Hvor godt kan du klare en arbejdsdag på fire timer i dag?"),
    ("Sundhed i naturen på vej til job", "Sundhedscenter", &[Track::Lifestyle, Track::MildMentalDisorders], 10, 15, 7_500, "Hvor godt kan du være aktiv udendørs i en time i dag?"),
    ("IPS (Individual Placement and Support)", "Jobcenter", &[Track::Ips, Track::MentalIllness], 52, 25, 45_000, "Hvor tæt er du på et job i dag?"),
    ("Mentorhus", "Jobcenter", &[Track::Mentor, Track::SocialProblems], 26, 30, 20_000, "Hvor godt kan du møde op til aftaler i dag?"),
    ("Misbrugsindsats", "Voksenhandicap", &[Track::SubstanceAbuse], 26, 20, 30_000, "Hvor godt kan du holde dig fra rusmidler i dag?"),
    ("ADHD og ASF", "Voksenhandicap", &[Track::DevelopmentalCognitive], 16, 12, 18_000, "Hvor godt kan du planlægge din dag i dag?"),
    ("Mentorstøtte i job", "Jobcenter", &[Track::Mentor], 26, 40, 12_000, "Hvor godt trives du på arbejdspladsen i dag?"),
    ("Virksomhedspraktik", "Jobcenter", &[Track::CompanyPlacement], 13, 60, 0, "Hvor mange timer kan du arbejde om ugen i dag?"),
    ("Løntilskud hos private arbejdsgivere", "Jobcenter", &[Track::CompanyPlacement], 26, 40, 0, "Hvor godt klarer du arbejdsopgaverne i dag?"),
];

const UNITS: &[&str] = &[
    "Jobcenter",
    "Sundhedscenter",
    "Voksenhandicap",
    "Børne- og Familieafdelingen",
];

const FIRST: &[&str] = &[
    "Anne",
    "Mette",
    "Hanne",
    "Susanne",
    "Lene",
    "Maria",
    "Camilla",
    "Louise",
    "Sara",
    "Fatima",
    "Amina",
    "Olena",
    "Karen",
    "Ida",
    "Peter",
    "Michael",
    "Lars",
    "Jens",
    "Thomas",
    "Henrik",
    "Søren",
    "Niels",
    "Mads",
    "Rasmus",
    "Ahmed",
    "Mohamed",
    "Ali",
    "Oleksandr",
    "Jørgen",
    "Bo",
    "Kasper",
    "Emil",
    "Frederik",
    "Brian",
    "René",
    "Dorthe",
    "Birgitte",
    "Signe",
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
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Hassan",
    "Yusuf",
    "Kovalenko",
    "Østergaard",
];
const GOALS: &[&str] = &[
    "Job som lagermedarbejder 20 timer om ugen",
    "Tilbage til eget job som sosu-hjælper på nedsat tid",
    "Ordinær uddannelse som tømrer",
    "Afklaring af arbejdsevne med henblik på fleksjob",
    "Job i detailhandlen med støtte fra mentor",
    "Virksomhedspraktik i kantine med henblik på løntilskud",
];
const NOTES: &[&str] = &[
    "Første samtale. Borger fortæller om smerter i lænden, som gør det svært at sidde længe. Borger er motiveret for at komme i gang og ønsker at arbejde med hænderne.",
    "Borger har udfyldt screeningen. Flere røde risikodimensioner (søvn, økonomi, netværk). Visiteret til tværfaglig analyse.",
    "Telefonsamtale. Borger har fået tid hos egen læge og vil medbringe statusattest til næste møde.",
    "Opfølgning: Borger har deltaget stabilt i forløbet de sidste fire uger. Aftalt at undersøge praktikplads.",
    "Borger udeblev fra aftalt samtale. Der er sendt ny indkaldelse med sms-påmindelse.",
    "Tværfagligt team har drøftet sagen. Psykolog anbefaler forløb for lettere angst, fysioterapeut anbefaler træning to gange ugentligt.",
];
const REFERRAL: &[(ReferralSection, &str)] = &[
    (ReferralSection::WorkAndAbsence, "Seneste arbejdsforhold som lagermedarbejder. Fraværende fra arbejdsmarkedet på grund af fysisk helbred."),
    (ReferralSection::Education, "Grundskole. Påbegyndt erhvervsuddannelse, ikke afsluttet."),
    (ReferralSection::SocialAndHousing, "Bor alene i lejebolig. Har to børn, som bor hos den anden forælder."),
    (ReferralSection::HealthAndTreatment, "Rygsmerter gennem flere år. Går til egen læge."),
    (ReferralSection::FunctionalAbility, "Kan gå 20 minutter. Har svært ved at løfte og sidde længe."),
    (ReferralSection::LifestyleFactors, "Ryger. Sover uregelmæssigt."),
    (ReferralSection::PreviousCourses, "Virksomhedspraktik i 2023 afbrudt efter tre uger."),
];

fn fictitious_cpr(rng: &mut StdRng) -> Cpr {
    loop {
        let year = rng.gen_range(1960..=2004);
        let day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
            + Duration::days(rng.gen_range(1..365));
        let seventh = if year >= 2000 {
            4
        } else {
            rng.gen_range(0..=3)
        };
        let serial = seventh * 1000 + rng.gen_range(0..1000);
        let s = format!(
            "{:02}{:02}{:02}{serial:04}",
            day.day(),
            day.month(),
            day.year() % 100
        );
        if let Ok((cpr, Some(_))) = Cpr::parse(&s) {
            return cpr;
        }
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Loads the demo on an empty database; on a database that already has it,
/// only prints the logins; refuses a database with other municipalities.
pub async fn load(store: &SqlStore) -> Result<(), String> {
    if store
        .municipality_by_name(MUNICIPALITY)
        .await
        .map_err(err)?
        .is_some()
    {
        print_logins();
        return Ok(());
    }
    let any: Option<i64> = sqlx_count(store).await?;
    if any.unwrap_or(0) > 0 {
        return Err("the database already holds other municipalities; demo data is only loaded on an empty database".into());
    }
    let m = MunicipalityId::new();
    store
        .create_municipality(m, MUNICIPALITY)
        .await
        .map_err(err)?;
    let mut units = Vec::new();
    for u in UNITS {
        units.push(store.create_unit(m, u, &[]).await.map_err(err)?);
    }
    for (name, group, weeks, team) in FRAMEWORKS {
        let f = jobspor_domain::triage::CourseFramework {
            id: FrameworkId::new(),
            municipality_id: m,
            name: (*name).into(),
            target_group: *group,
            default_weeks: *weeks,
            default_team: team.to_vec(),
            active: true,
        };
        store.create_framework(&f, &[]).await.map_err(err)?;
    }
    let mut catalogue = Vec::new();
    for (name, unit, tracks, weeks, places, kroner, question) in CATALOGUE {
        let Some(unit) = units.iter().find(|u| u.name == *unit) else {
            continue;
        };
        let i = jobspor_domain::catalogue::Intervention {
            id: InterventionId::new(),
            municipality_id: m,
            name: (*name).into(),
            description: String::new(),
            unit_id: unit.id,
            tracks: tracks.to_vec(),
            target_groups: TargetGroup::ALL.to_vec(),
            usual_weeks: *weeks,
            capacity: *places,
            price_ore: kroner * 100,
            progression_questions: vec![(*question).into()],
            active: true,
            version: 1,
        };
        store.create_intervention(&i, &[]).await.map_err(err)?;
        catalogue.push(i);
    }
    let hash = jobspor_web::auth::hash_password("demo").map_err(err)?;
    let mut users: Vec<User> = Vec::new();
    for d in USERS {
        let unit = units.iter().find(|u| u.name == d.unit).map(|u| u.id);
        let nu = NewUser {
            municipality_id: m,
            username: d.username.into(),
            display_name: d.name.into(),
            role: d.role,
            profession: d.profession,
            unit_id: unit,
            team: d.team.map(String::from),
            password_hash: hash.clone(),
        };
        users.push(store.create_user(&nu, &[]).await.map_err(err)?);
    }
    idp::add_mappings(store, m).await?;
    let by = |name: &str| users.iter().find(|u| u.username == name).cloned();
    let (Some(cw1), Some(cw2)) = (by("sagsbehandler"), by("sagsbehandler2")) else {
        return Err("demo users missing".into());
    };
    let health: Vec<User> = users
        .iter()
        .filter(|u| u.role == Role::HealthProfessional)
        .cloned()
        .collect();
    let mut rng = StdRng::seed_from_u64(2015);
    let mut law_rng = StdRng::seed_from_u64(2026);
    let today = jobspor_domain::time::today_copenhagen(Utc::now());
    for i in 0..CITIZENS {
        let name = format!(
            "{} {}",
            FIRST[rng.gen_range(0..FIRST.len())],
            LAST[rng.gen_range(0..LAST.len())]
        );
        let cpr = fictitious_cpr(&mut rng);
        let citizen = Citizen {
            id: CitizenId::new(),
            municipality_id: m,
            cpr,
            name,
            phone: Some(format!("{:08}", rng.gen_range(20_000_000..99_999_999))),
            email: None,
            address: Some(format!("Demovej {}, 9800 Demoby", rng.gen_range(1..200))),
            created_at: Utc::now(),
            version: 1,
        };
        match store.create_citizen(&citizen, &[]).await {
            Ok(()) => {}
            Err(jobspor_store::StoreError::Conflict(jobspor_store::Conflict::Exists(_))) => {
                continue
            }
            Err(e) => return Err(err(e)),
        }
        let caseworker = if i % 5 < 3 { &cw1 } else { &cw2 };
        let roll: u32 = rng.gen_range(0..100);
        let start = today - Duration::days(rng.gen_range(7..900));
        // The law of the start date: one kontanthjælp from 2025-07-01, no
        // category 3 after 2024.
        let book = RuleBook::shipped();
        let group = match roll {
            0..=44 => TargetGroup::Kontanthjaelp,
            45..=79 => TargetGroup::Sygedagpenge,
            80..=87 => TargetGroup::Integrationsydelse,
            _ => TargetGroup::ForsikretLedig,
        };
        let group = match book.on(start).and_then(|r| r.group(group)) {
            Some(_) => group,
            None => TargetGroup::Kontanthjaelp,
        };
        let category = match group {
            TargetGroup::Kontanthjaelp | TargetGroup::Integrationsydelse => {
                Some(if rng.gen_bool(0.7) {
                    "aktivitetsparat"
                } else {
                    "jobparat"
                })
            }
            TargetGroup::Sygedagpenge => {
                let codes = book.categories_on(start, group);
                codes
                    .get(rng.gen_range(0..codes.len().max(1)))
                    .map(|k| k.code)
            }
            TargetGroup::ForsikretLedig => None,
        };
        let class = book.classify(start, group, category).map_err(err)?;
        // A sick-listed citizen is referred some weeks into the absence.
        let first_absence_date = (group == TargetGroup::Sygedagpenge)
            .then(|| start - Duration::days(rng.gen_range(14..70)));
        let status = match rng.gen_range(0..100) {
            0..=14 => CourseStatus::Referred,
            15..=74 => CourseStatus::Active,
            75..=84 => CourseStatus::OnHold,
            _ => CourseStatus::Closed,
        };
        let framework = match group {
            TargetGroup::Kontanthjaelp if citizen.cpr.age_on(today).unwrap_or(40) < 30 => {
                "Udviklingsforløb for unge under 30 år"
            }
            TargetGroup::Kontanthjaelp => "Udviklingsforløb for kontanthjælpsmodtagere over 30 år",
            TargetGroup::Sygedagpenge => "Udviklingsforløb for sygedagpengemodtagere",
            TargetGroup::Integrationsydelse => "Udviklingsforløb for integrationsborgere",
            TargetGroup::ForsikretLedig => "Afklaringsforløb for forsikrede ledige",
        };
        let mut referral = Referral::new();
        for (s, t) in REFERRAL {
            if rng.gen_bool(0.6) {
                referral.insert(*s, t.to_string());
            }
        }
        let created = Utc::now() - Duration::days((today - start).num_days());
        let course = Course {
            id: CourseId::new(),
            municipality_id: m,
            citizen_id: citizen.id,
            caseworker_id: caseworker.id,
            target_group: class.target_group,
            category: class.category.map(String::from),
            rule_set: class.rule_set.to_string(),
            status,
            start_date: start,
            first_absence_date,
            follow_up_track: FollowUpTrack::Standard,
            framework: framework.into(),
            employment_goal: GOALS[rng.gen_range(0..GOALS.len())].into(),
            referral,
            created_at: created,
            updated_at: created,
            version: 1,
        };
        let note = |text: &str, days: i64| JournalEntry {
            id: JournalEntryId::new(),
            municipality_id: m,
            course_id: course.id,
            author_id: caseworker.id,
            author_name: caseworker.display_name.clone(),
            author_role: Role::Caseworker,
            entry_date: start + Duration::days(days),
            text: text.into(),
            corrects: None,
            created_at: created + Duration::days(days),
        };
        store
            .create_course(&course, Some(&note(NOTES[0], 0)), &[])
            .await
            .map_err(err)?;
        for k in 1..rng.gen_range(1..5) {
            let days = (k * 14).min((today - start).num_days());
            store
                .add_journal_entry(&note(NOTES[rng.gen_range(1..NOTES.len())], days), &[])
                .await
                .map_err(err)?;
        }
        if status == CourseStatus::Active {
            for h in &health {
                if rng.gen_bool(0.3) {
                    store
                        .add_course_member(&course, h.id, &[])
                        .await
                        .map_err(err)?;
                }
            }
        }
        if status == CourseStatus::Active && rng.gen_bool(0.4) {
            let jobcentre = caseworker.unit_id;
            plan(store, &mut rng, &course, caseworker, jobcentre, &catalogue).await?;
        }
        law::contact_and_duty(store, &mut law_rng, &course, caseworker, today).await?;
        if rng.gen_bool(0.4) {
            let contact = ContactPerson {
                id: ContactId::new(),
                municipality_id: m,
                course_id: course.id,
                name: format!("Læge {}", LAST[rng.gen_range(0..LAST.len())]),
                relation: "Egen læge".into(),
                phone: Some("98 00 00 00".into()),
                email: None,
                created_at: created,
            };
            store.add_contact(&contact, &[]).await.map_err(err)?;
        }
    }
    history::load(store, m, &[&cw1, &cw2], &catalogue, today).await?;
    // Courses that ran into a law abolishing their category or target group
    // are moved on, each with a journal note, as the server does daily.
    jobspor_web::rules::service::apply_transitions(store, today)
        .await
        .map_err(|e| e.to_string())?;
    print_logins();
    Ok(())
}

const PLAN_GOALS: &[&str] = &[
    "Kan gå 30 minutter uden pause",
    "Kan håndtere smerterne i en arbejdsdag på 4 timer",
    "Sover mindst 6 timer de fleste nætter",
    "Møder stabilt op tre dage om ugen",
    "Kan bruge to strategier mod angst i pressede situationer",
];

/// One or two interventions on an active course, with consent for the
/// units outside the jobcentre; full interventions put the citizen in line.
async fn plan(
    store: &SqlStore,
    rng: &mut StdRng,
    course: &Course,
    caseworker: &User,
    jobcentre: Option<UnitId>,
    catalogue: &[jobspor_domain::catalogue::Intervention],
) -> Result<(), String> {
    use jobspor_domain::consent::{Consent, ConsentMethod};
    use jobspor_domain::period::Period;
    use jobspor_domain::plan::{Placement, PlacementStatus};
    use jobspor_store::{ConsentStore, PlanStore};
    let today = jobspor_domain::time::today_copenhagen(Utc::now());
    let mut version = 0;
    let mut consented: Vec<UnitId> = Vec::new();
    for _ in 0..rng.gen_range(1..3) {
        let i = &catalogue[rng.gen_range(0..catalogue.len())];
        if jobspor_domain::plan::needs_consent(jobcentre, i.unit_id)
            && !consented.contains(&i.unit_id)
        {
            let c = Consent {
                id: ConsentId::new(),
                municipality_id: course.municipality_id,
                course_id: course.id,
                citizen_id: course.citizen_id,
                unit_id: i.unit_id,
                scope: "Indsatsmål, datoer og kontaktoplysninger".into(),
                purpose: format!("Deltagelse i {}", i.name),
                period: Period {
                    from: today - Duration::days(30),
                    to: today + Duration::days(365),
                },
                method: ConsentMethod::Written,
                recorded_at: Utc::now(),
                recorded_by: caseworker.id,
                revoked_at: None,
                revoked_by: None,
            };
            store.record_consent(&c, &[]).await.map_err(err)?;
            consented.push(i.unit_id);
        }
        let from = today - Duration::days(rng.gen_range(0..60));
        let p = Placement {
            id: PlacementId::new(),
            municipality_id: course.municipality_id,
            course_id: course.id,
            citizen_id: course.citizen_id,
            intervention_id: i.id,
            unit_id: i.unit_id,
            goal: PLAN_GOALS[rng.gen_range(0..PLAN_GOALS.len())].into(),
            period: Period {
                from,
                to: from + Duration::weeks(i64::from(i.usual_weeks)),
            },
            first_measurement: from + Duration::days(14),
            status: PlacementStatus::Active,
            queued_at: Utc::now(),
            waiting_position: None,
            created_at: Utc::now(),
            created_by: caseworker.id,
            ended_at: None,
            end_reason: None,
        };
        match store.place(&p, version, &[]).await {
            Ok((saved, v)) => {
                version = v;
                if saved.status == PlacementStatus::Active {
                    progress(store, rng, course, caseworker, &saved, i, today).await?;
                }
            }
            Err(jobspor_store::StoreError::Conflict(_)) => {} // already on the plan
            Err(e) => return Err(err(e)),
        }
    }
    Ok(())
}

/// A goal from the intervention's first question, the two baselines, and
/// fortnightly ratings up to today that mostly improve.
async fn progress(
    store: &SqlStore,
    rng: &mut StdRng,
    course: &Course,
    caseworker: &User,
    p: &jobspor_domain::plan::Placement,
    i: &jobspor_domain::catalogue::Intervention,
    today: NaiveDate,
) -> Result<(), String> {
    use jobspor_domain::progression::{Channel, Measurement, ProgressGoal, QuestionStyle, Rater};
    use jobspor_store::ProgressionStore;
    let Some(question) = i.progression_questions.first() else {
        return Ok(());
    };
    let g = ProgressGoal {
        id: GoalId::new(),
        municipality_id: course.municipality_id,
        course_id: course.id,
        placement_id: p.id,
        style: QuestionStyle::Psfs,
        question: question.clone(),
        gas_levels: Vec::new(),
        weight: 1,
        interval_days: 14,
        created_at: Utc::now(),
        created_by: caseworker.id,
        ended_at: None,
    };
    let m = |rater, value: i8, on: NaiveDate, baseline| Measurement {
        id: MeasurementId::new(),
        municipality_id: course.municipality_id,
        course_id: course.id,
        placement_id: Some(p.id),
        goal_id: Some(g.id),
        rater,
        value: value.clamp(0, 10),
        comment: String::new(),
        measured_on: on,
        channel: if rater == Rater::Citizen {
            Channel::Meeting
        } else {
            Channel::Staff
        },
        baseline,
        recorded_at: Utc::now(),
        recorded_by: Some(caseworker.id),
        corrects: None,
    };
    let (mut c, mut pr) = (rng.gen_range(1..5_i8), rng.gen_range(1..5_i8));
    store
        .add_goal(
            &g,
            &[
                m(Rater::Citizen, c, p.period.from, true),
                m(Rater::Provider, pr, p.period.from, true),
            ],
            &[],
        )
        .await
        .map_err(err)?;
    let mut on = p.first_measurement;
    while on <= today {
        c += rng.gen_range(-1..3);
        pr += rng.gen_range(-1..3);
        for x in [
            m(Rater::Citizen, c, on, false),
            m(Rater::Provider, pr, on, false),
        ] {
            store.add_measurement(&x, &[]).await.map_err(err)?;
        }
        on += Duration::days(14);
    }
    Ok(())
}

async fn sqlx_count(store: &SqlStore) -> Result<Option<i64>, String> {
    store.count_municipalities().await.map(Some).map_err(err)
}

fn print_logins() {
    println!("Demo Kommune er indlæst. Log ind med adgangskoden \"demo\" som:");
    for u in USERS {
        println!(
            "  {:<15} {} ({})",
            u.username,
            u.name,
            u.role.word_in(jobspor_web::i18n::Lang::Da)
        );
    }
}
