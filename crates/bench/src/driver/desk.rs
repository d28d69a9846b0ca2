//! One virtual caseworker's desk: a logged-in session and the facts the
//! driver needs to ask for real things and to check the answers — which
//! courses are theirs, the first row of their list, goals they can rate, a
//! questionnaire link of their own. Read once through the store before the
//! load starts, so that no check depends on the pages under test.

use super::http::Http;
use crate::generate::{caseworker_name, username, Scale};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::plan::PlacementStatus;
use jobspor_domain::questionnaire::{Definition, ItemKind};
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::{CitizenId, CourseId, GoalId, MunicipalityId, PlacementId};
use jobspor_store::{
    CourseFilter, CourseScope, CourseStore, PlanStore, ProgressionStore, QuestionnaireStore,
    SqlStore, UserStore,
};

pub struct CourseFx {
    pub id: CourseId,
    pub citizen_id: CitizenId,
    pub citizen_name: String,
    pub cpr: Cpr,
}

pub struct GoalFx {
    pub course: CourseId,
    pub placement: PlacementId,
    pub goal: GoalId,
}

pub struct Desk {
    pub actor: Actor,
    /// `jobspor_session=…`, for the `Cookie` header.
    pub cookie: String,
    pub csrf: String,
    /// What the store knows the session by (the floor looks it up too).
    pub session_hash: String,
    /// Open courses, in the order "Mine forløb" lists them.
    pub courses: Vec<CourseFx>,
    pub open_total: i64,
    pub goals: Vec<GoalFx>,
    /// A questionnaire link of this desk's own, and valid answers to its
    /// first page.
    pub token: String,
    pub answers: Vec<(String, String)>,
}

/// The generated caseworkers, spread over the municipalities: desk `i`
/// sits in municipality `i mod M`; more desks than caseworkers share
/// accounts (each with a session of its own), as colleagues share nothing
/// else.
pub fn usernames(sc: &Scale, desks: usize) -> Vec<String> {
    let (m, per) = (sc.municipalities.max(1), sc.caseworkers());
    (0..desks)
        .map(|i| username(&caseworker_name((i / m) % per), i % m))
        .collect()
}

/// Answers a citizen could give on a page: the first option, the middle of
/// a scale, the least number, a date or a short text.
pub fn page_answers(def: &Definition, page: usize) -> Vec<(String, String)> {
    let Some(p) = def.pages.get(page) else {
        return Vec::new();
    };
    p.items
        .iter()
        .filter_map(|key| def.item(key))
        .filter(|item| item.show_if.is_none())
        .filter_map(|item| {
            let v = match item.kind {
                ItemKind::SingleChoice | ItemKind::MultipleChoice => {
                    item.options.first()?.value.clone()
                }
                ItemKind::Scale => item
                    .scale
                    .as_ref()
                    .map(|s| ((s.min + s.max) / 2).to_string())?,
                ItemKind::Number => item.number.as_ref().map(|n| n.min.to_string())?,
                ItemKind::Date => "2020-01-01".into(),
                ItemKind::Text => "Det går bedre".into(),
            };
            Some((item.key.clone(), v))
        })
        .collect()
}

async fn screening_link(
    http: &Http,
    store: &SqlStore,
    desk: &Desk,
    m: MunicipalityId,
) -> Result<(String, Vec<(String, String)>), String> {
    let stored = store
        .definitions(m)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|d| d.key == "oempsq-10")
        .max_by_key(|d| d.version)
        .ok_or("the municipality has no oempsq-10 questionnaire")?;
    let def = Definition::parse(&stored.body, &stored.key)
        .map_err(|_| "the stored oempsq-10 does not parse".to_string())?;
    let citizen = desk.courses.first().ok_or("a desk without open courses")?;
    let res = http
        .post(
            &format!("/borgere/{}/screening", citizen.citizen_id),
            &desk.cookie,
            &[
                ("csrf", desk.csrf.as_str()),
                ("definition_id", &stored.id.to_string()),
                ("language", "da"),
                ("channel", "link"),
            ],
        )
        .await?;
    let start = res
        .body
        .find("/s/")
        .ok_or_else(|| format!("starting a screening: status {}", res.status))?
        + 3;
    let token = res.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Ok((token, page_answers(&def, 0)))
}

/// Logs a desk in over HTTP and reads its facts through the store.
pub async fn open(http: &Http, store: &SqlStore, login: &str) -> Result<Desk, String> {
    let (user, _) = store
        .user_by_username(login)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user {login}: is the data of another scale?"))?;
    if user.role != Role::Caseworker {
        return Err(format!("{login} is not a caseworker"));
    }
    let actor = Actor::from_user(&user);
    let m = actor.municipality_id;
    let (rows, open_total) = store
        .list_courses(&CourseFilter {
            municipality: m,
            scope: CourseScope::Mine(actor.user_id),
            search: None,
            include_closed: false,
            limit: 10_000,
            offset: 0,
        })
        .await
        .map_err(|e| e.to_string())?;
    let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now());
    let mut goals = Vec::new();
    for r in rows.iter().take(12) {
        let placements = store
            .placements(m, r.course_id)
            .await
            .map_err(|e| e.to_string())?;
        for g in store
            .goals(m, r.course_id)
            .await
            .map_err(|e| e.to_string())?
        {
            let ratable = placements.iter().any(|p| {
                p.id == g.placement_id
                    && p.status == PlacementStatus::Active
                    && p.period.from <= today
            });
            if ratable && g.ended_at.is_none() {
                goals.push(GoalFx {
                    course: r.course_id,
                    placement: g.placement_id,
                    goal: g.id,
                });
            }
        }
    }
    if goals.is_empty() {
        return Err(format!("{login} has no goal to rate"));
    }
    let courses = rows
        .into_iter()
        .map(|r| CourseFx {
            id: r.course_id,
            citizen_id: r.citizen_id,
            citizen_name: r.citizen_name,
            cpr: r.cpr,
        })
        .collect();
    let cookie = http.login(login, crate::generate::PASSWORD).await?;
    let csrf = http
        .get("/forloeb", &cookie)
        .await?
        .csrf()
        .ok_or("no CSRF token on Mine forløb")?;
    let secret = cookie
        .split_once('=')
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let mut desk = Desk {
        actor,
        cookie,
        csrf,
        session_hash: jobspor_web::auth::sha256_hex(&secret),
        courses,
        open_total,
        goals,
        token: String::new(),
        answers: Vec::new(),
    };
    let (token, answers) = screening_link(http, store, &desk, m).await?;
    desk.token = token;
    desk.answers = answers;
    Ok(desk)
}
