//! The caseworker's day as requests, each with the check that says it did
//! what the caseworker meant: the right list, the right citizen, the saved
//! entry. The same requests run two ways — over HTTP against the server,
//! and through the service layer and store in this process (the storage
//! floor: the same queries and audit writes with no HTTP, routing or
//! templates).

use super::desk::{CourseFx, Desk};
use super::http::Http;
use jobspor_domain::progression::Rater;
use jobspor_domain::time::today_copenhagen;
use jobspor_store::Store;
use jobspor_web::courses::service::{list_courses, read_course};
use jobspor_web::journal::service::add_journal;
use jobspor_web::progression::service as progression;
use jobspor_web::screening::service as screening;
use jobspor_web::AppState;
use rand::rngs::StdRng;
use rand::Rng;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    MyCourses,
    CoursePage,
    Search,
    JournalEntry,
    Measurement,
    Questionnaire,
    /// The framework ceiling: an authenticated request with no work.
    Trivial,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::MyCourses => "Mine forløb",
            Kind::CoursePage => "course page",
            Kind::Search => "search (name or CPR)",
            Kind::JournalEntry => "journal entry",
            Kind::Measurement => "progression measurement",
            Kind::Questionnaire => "questionnaire page",
            Kind::Trivial => "GET /api/v1/me",
        }
    }
}

/// The caseworker's day, in percent.
pub const MIX: &[(Kind, u32)] = &[
    (Kind::MyCourses, 40),
    (Kind::CoursePage, 25),
    (Kind::Search, 10),
    (Kind::JournalEntry, 10),
    (Kind::Measurement, 10),
    (Kind::Questionnaire, 5),
];

pub const CEILING: &[(Kind, u32)] = &[(Kind::Trivial, 1)];

pub fn pick(rng: &mut StdRng, weights: &[(Kind, u32)]) -> Kind {
    let total: u32 = weights.iter().map(|w| w.1).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for (k, w) in weights {
        if roll < *w {
            return *k;
        }
        roll -= w;
    }
    weights.first().map(|w| w.0).unwrap_or(Kind::Trivial)
}

/// A note of the length caseworkers write (about 400 characters).
const NOTE: &str = "Opfølgende samtale. Borgeren fortæller, at praktikken går bedre end ventet, og at smerterne er til at holde ud, når der er pauser. Søvnen er stadig urolig. Vi aftalte at øge timetallet fra 10 til 12 timer om ugen og at tale med virksomheden om skånehensyn. Borgeren vil selv kontakte egen læge om medicinen. Næste samtale om tre uger.";

pub enum Target {
    Http(Http),
    Floor(Box<AppState>),
}

fn expect(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

/// What a caseworker types to find a course: the name or the CPR number.
fn search_text(course: &CourseFx, rng: &mut StdRng) -> String {
    if rng.gen_bool(0.5) {
        course.citizen_name.clone()
    } else {
        course.cpr.full()
    }
}

fn today() -> String {
    today_copenhagen(chrono::Utc::now()).to_string()
}

impl Target {
    /// One request of `kind` from `desk`; `Err` says what was wrong with
    /// the answer.
    pub async fn run(&self, desk: &Desk, kind: Kind, rng: &mut StdRng) -> Result<(), String> {
        match self {
            Target::Http(http) => over_http(http, desk, kind, rng).await,
            Target::Floor(state) => through_store(state, desk, kind, rng).await,
        }
    }
}

async fn over_http(http: &Http, desk: &Desk, kind: Kind, rng: &mut StdRng) -> Result<(), String> {
    let course = &desk.courses[rng.gen_range(0..desk.courses.len())];
    let redirect = |res: super::http::Resp, to: String| {
        expect(res.status == 303 && res.location == to, || {
            format!(
                "status {} to {:?}, not 303 to {to}",
                res.status, res.location
            )
        })
    };
    match kind {
        Kind::MyCourses => {
            let res = http.get("/forloeb", &desk.cookie).await?;
            let count = format!("<p id=\"count\" aria-live=\"polite\">{} ", desk.open_total);
            let first = format!("/forloeb/{}/historik", desk.courses[0].id);
            expect(
                res.status == 200 && res.body.contains(&count) && res.body.contains(&first),
                || {
                    format!(
                        "status {}, or not the expected count and first row",
                        res.status
                    )
                },
            )
        }
        Kind::CoursePage => {
            let res = http
                .get(&format!("/forloeb/{}/historik", course.id), &desk.cookie)
                .await?;
            expect(
                res.status == 200
                    && res.body.contains(&course.citizen_name)
                    && res.body.contains(&course.cpr.masked()),
                || format!("status {}, or not the course's citizen", res.status),
            )
        }
        Kind::Search => {
            let q = search_text(course, rng);
            let res = http
                .post(
                    "/forloeb",
                    &desk.cookie,
                    &[("csrf", &desk.csrf), ("q", &q), ("scope", "mine")],
                )
                .await?;
            let row = format!("/forloeb/{}/historik", course.id);
            expect(res.status == 200 && res.body.contains(&row), || {
                format!("status {}, or the course was not found", res.status)
            })
        }
        Kind::JournalEntry => {
            let path = format!("/forloeb/{}/historik", course.id);
            let res = http
                .post(
                    &path,
                    &desk.cookie,
                    &[("csrf", &desk.csrf), ("text", NOTE), ("entry_date", "")],
                )
                .await?;
            redirect(res, path)
        }
        Kind::Measurement => {
            let g = &desk.goals[rng.gen_range(0..desk.goals.len())];
            let value = rng.gen_range(0..=10).to_string();
            let res = http
                .post(
                    &format!(
                        "/forloeb/{}/progression/{}/borger/{}",
                        g.course, g.placement, g.goal
                    ),
                    &desk.cookie,
                    &[
                        ("csrf", desk.csrf.as_str()),
                        ("value", &value),
                        ("comment", ""),
                        ("date", &today()),
                    ],
                )
                .await?;
            redirect(res, format!("/forloeb/{}/progression", g.course))
        }
        Kind::Questionnaire => {
            let form: Vec<(&str, &str)> = desk
                .answers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            // The citizen's own browser: no staff session.
            let res = http
                .post(&format!("/s/{}/side/1", desk.token), "", &form)
                .await?;
            redirect(res, format!("/s/{}/side/2", desk.token))
        }
        Kind::Trivial => {
            let res = http.get("/api/v1/me", &desk.cookie).await?;
            let me = format!("\"username\":\"{}\"", desk.actor.username);
            expect(res.status == 200 && res.body.contains(&me), || {
                format!("status {}, or someone else", res.status)
            })
        }
    }
}

/// What authentication reads on every staff request: the session and its user.
async fn authenticate(store: &dyn Store, desk: &Desk) -> Result<(), String> {
    let (_, user) = store
        .session_with_user(&desk.session_hash)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("session gone")?;
    expect(user.active, || "user inactive".into())
}

async fn through_store(
    state: &AppState,
    desk: &Desk,
    kind: Kind,
    rng: &mut StdRng,
) -> Result<(), String> {
    let course = &desk.courses[rng.gen_range(0..desk.courses.len())];
    let a = &desk.actor;
    let err = |e: jobspor_web::error::WebError| format!("{e:?}");
    if kind != Kind::Questionnaire {
        authenticate(state.store.as_ref(), desk).await?;
    }
    match kind {
        Kind::MyCourses => {
            let (rows, total) = list_courses(state, a, "", true, 1).await.map_err(err)?;
            expect(
                total == desk.open_total
                    && rows.first().map(|r| r.course_id) == Some(desk.courses[0].id),
                || "not the expected count and first row".into(),
            )
        }
        Kind::CoursePage => {
            let (_, citizen) = read_course(state, a, course.id, "journal")
                .await
                .map_err(err)?;
            state
                .store
                .journal(a.municipality_id, course.id)
                .await
                .map_err(|e| e.to_string())?;
            expect(citizen.name == course.citizen_name, || {
                "not the course's citizen".into()
            })
        }
        Kind::Search => {
            let q = search_text(course, rng);
            let (rows, _) = list_courses(state, a, &q, true, 1).await.map_err(err)?;
            expect(rows.iter().any(|r| r.course_id == course.id), || {
                "the course was not found".into()
            })
        }
        Kind::JournalEntry => add_journal(state, a, course.id, NOTE, None, None)
            .await
            .map(drop)
            .map_err(err),
        Kind::Measurement => {
            let g = &desk.goals[rng.gen_range(0..desk.goals.len())];
            let value = rng.gen_range(0..=10).to_string();
            let r = progression::Rating {
                goal: g.goal,
                rater: Rater::Citizen,
                value: &value,
                comment: "",
                date: &today(),
                corrects: None,
            };
            progression::rate(state, a, g.placement, &r)
                .await
                .map(drop)
                .map_err(err)
        }
        Kind::Questionnaire => {
            let o = screening::open(state, &desk.token)
                .await
                .map_err(err)?
                .map_err(|p| format!("link: {p:?}"))?;
            match screening::save_page(state, &o, 0, &desk.answers)
                .await
                .map_err(err)?
            {
                screening::PageSaved::Saved(_) => Ok(()),
                _ => Err("page not saved".into()),
            }
        }
        Kind::Trivial => Ok(()),
    }
}
