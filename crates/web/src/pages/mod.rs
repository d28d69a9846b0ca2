//! Server-rendered pages. Danish first; forms work without JavaScript.

mod admin;
mod admin_catalogue;
mod admin_icf;
mod admin_progression;
mod citizens;
mod course;
pub use course::pdf_response;
mod courses;
mod deadlines;
mod login;
mod management;
mod progress_cards;
mod provider;
mod rating_link;
mod screening;
mod selfservice;
mod triage;

use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use jobspor_domain::user::Role;
use serde::Deserialize;

/// A register file: about 40 bytes a line, so room for a municipality's year.
const REGISTER_MAX_BYTES: usize = 64 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/sprog", get(switch_language))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/forloeb", get(courses::list).post(courses::search))
        .route("/forloeb/{id}", get(course::open))
        .route(
            "/forloeb/{id}/historik",
            get(course::history).post(course::add_entry),
        )
        .route(
            "/forloeb/{id}/status",
            get(course::status).post(course::save_status),
        )
        .route("/forloeb/{id}/overdrag", post(course::reassign))
        .route("/forloeb/{id}/team", post(course::add_team_member))
        .route(
            "/forloeb/{id}/kontaktpersoner",
            get(course::contacts).post(course::add_contact),
        )
        .route(
            "/forloeb/{id}/analyse",
            get(course::notes).post(course::save_note),
        )
        .route(
            "/forloeb/{id}/fokusomraader",
            get(course::focus_areas).post(course::add_focus),
        )
        .route(
            "/forloeb/{id}/fokusomraader/{fid}/fjern",
            post(course::remove_focus),
        )
        .route(
            "/forloeb/{id}/konference",
            get(course::conference).post(course::save_conference),
        )
        .route(
            "/forloeb/{id}/konference/underskriv",
            post(course::sign_conference),
        )
        .route(
            "/forloeb/{id}/konference/tillaeg",
            post(course::add_addendum),
        )
        .route("/forloeb/{id}/samtaler", post(course::book_conversation))
        .route(
            "/forloeb/{id}/samtaler/{bid}/aflys",
            post(course::cancel_conversation),
        )
        .route(
            "/forloeb/{id}/samtykke",
            get(course::consents).post(course::record_consent),
        )
        .route(
            "/forloeb/{id}/samtykke/{kid}/tilbagekald",
            post(course::revoke_consent),
        )
        .route(
            "/forloeb/{id}/indsatsplan",
            get(course::plan).post(course::add_to_plan),
        )
        .route("/forloeb/{id}/indsatsplan.pdf", get(course::plan_pdf))
        .route(
            "/forloeb/{id}/indsatsplan/{pid}",
            post(course::revise_placement),
        )
        .route(
            "/forloeb/{id}/indsatsplan/{pid}/afslut",
            post(course::end_placement),
        )
        .route("/forloeb/{id}/kontrol", get(course::control))
        .route("/forloeb/{id}/afslut", post(course::close_course))
        .route("/forloeb/{id}/frist", post(course::meet_deadline))
        .route("/forloeb/{id}/progression", get(course::progression))
        .route(
            "/forloeb/{id}/progression/beskaeftigelse",
            post(course::rate_employment),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/maal",
            post(course::add_goal),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/beslutning",
            post(course::decide_progress),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/borger/{gid}",
            get(course::progress_citizen_form).post(course::progress_citizen_save),
        )
        .route(
            "/ledelse",
            get(|| async { Redirect::to("/ledelse/resultater") }),
        )
        .route("/ledelse/resultater", get(management::outcomes_page))
        .route(
            "/ledelse/resultater/eksport",
            get(management::outcomes_export),
        )
        .route("/ledelse/sagsstamme", get(management::caseload_page))
        .route(
            "/ledelse/sagsstamme/eksport",
            get(management::caseload_export),
        )
        .route(
            "/ledelse/sagsstamme/maal",
            post(management::caseload_targets),
        )
        .route("/ledelse/sagsstamme/flyt", post(management::caseload_move))
        .route("/ledelse/kapacitet", get(management::capacity_page))
        .route("/ledelse/oekonomi", get(management::economics_page))
        .route("/ledelse/screening", get(management::screening_page))
        .route("/ledelse/forskning", get(management::research_page))
        .route(
            "/ledelse/forskning/eksport",
            get(management::research_export),
        )
        .route("/ledelse/hvad-virker", get(management::works_page))
        .route(
            "/ledelse/hvad-virker/eksport",
            get(management::works_export),
        )
        .route(
            "/ledelse/screening/eksport",
            get(management::screening_export),
        )
        .route(
            "/ledelse/oekonomi/eksport",
            get(management::economics_export),
        )
        .route(
            "/ledelse/oekonomi/investering",
            post(management::economics_investment),
        )
        .route("/ledelse/oekonomi/sats", post(management::economics_rate))
        .route(
            "/ledelse/oekonomi/sammenligning",
            post(management::economics_comparison),
        )
        .route(
            "/ledelse/kapacitet/eksport",
            get(management::capacity_export),
        )
        .route(
            "/ledelse/register",
            get(management::register_form)
                .post(management::register_import)
                .layer(axum::extract::DefaultBodyLimit::max(REGISTER_MAX_BYTES)),
        )
        .route(
            "/ledelse/register/proeve",
            post(management::register_dry_run)
                .layer(axum::extract::DefaultBodyLimit::max(REGISTER_MAX_BYTES)),
        )
        .route("/frister", get(deadlines::for_caseworker))
        .route("/frister/beskeder/{id}/laest", post(deadlines::notice_read))
        .route("/maalinger", get(deadlines::for_provider))
        .route("/deltagere", get(provider::list))
        .route("/deltagere/{pid}", get(provider::show))
        .route("/deltagere/{pid}/maal", post(provider::add_goal))
        .route("/deltagere/{pid}/vurdering", post(provider::rate))
        .route(
            "/deltagere/{pid}/borger/{gid}",
            get(provider::citizen_form).post(provider::citizen_save),
        )
        .route("/indbakke", get(provider::inbox))
        .route("/indbakke/{nid}/laest", post(provider::mark_read))
        .route(
            "/forloeb/{id}/dokumenter",
            get(course::documents).post(course::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    jobspor_domain::document::DOCUMENT_MAX_BYTES + 64 * 1024,
                ),
            ),
        )
        .route("/dokumenter/{id}", get(course::download))
        .route("/borgere", post(citizens::create))
        .route("/borgere/ny", get(citizens::new_form))
        .route("/borgere/{id}", get(citizens::show).post(citizens::update))
        .route("/borgere/{id}/adgangslog", get(citizens::access_log))
        .route(
            "/borgere/{id}/adgangslog.csv",
            get(citizens::access_log_csv),
        )
        .route(
            "/borgere/{id}/forloeb/nyt",
            get(citizens::new_course_form).post(citizens::create_course),
        )
        .route("/borgere/{id}/screening", post(screening::start))
        .route("/screeninger/{id}", get(triage::show))
        .route("/screeninger/{id}/triage", post(triage::decide))
        .route(
            "/m/{token}",
            get(rating_link::show).post(rating_link::submit),
        )
        .route(
            "/forloeb/{id}/progression/{pid}/link",
            post(rating_link::make_for_caseworker),
        )
        .route(
            "/deltagere/{pid}/link",
            post(rating_link::make_for_provider),
        )
        .route("/s/{token}", get(selfservice::intro))
        .route("/s/{token}/sprog/{lang}", get(selfservice::set_language))
        .route(
            "/s/{token}/side/{n}",
            get(selfservice::page).post(selfservice::save),
        )
        .route("/s/{token}/oversigt", get(selfservice::review))
        .route("/s/{token}/indsend", post(selfservice::send))
        .route("/s/{token}/tak", get(selfservice::thanks))
        .route("/admin", get(admin::page))
        .route("/admin/brugere", post(admin::create_user))
        .route("/admin/brugere/{id}/aktiv", post(admin::toggle_user))
        .route("/admin/enheder", post(admin::create_unit))
        .route("/admin/enheder/{id}/email", post(admin::set_unit_email))
        .route("/admin/forloebsrammer", post(admin::create_framework))
        .route(
            "/admin/indsatser",
            get(admin_catalogue::list).post(admin_catalogue::create),
        )
        .route("/admin/indsatser/ny", get(admin_catalogue::new_form))
        .route(
            "/admin/indsatser/{id}",
            get(admin_catalogue::edit_form).post(admin_catalogue::update),
        )
        .route("/admin/progression", get(admin_progression::show))
        .route(
            "/admin/progression/spoergsmaal",
            post(admin_progression::add),
        )
        .route(
            "/admin/progression/spoergsmaal/{id}/aktiv",
            post(admin_progression::toggle),
        )
        .route(
            "/admin/progression/graenser",
            post(admin_progression::thresholds),
        )
        .route("/admin/icf", get(admin_icf::show).post(admin_icf::import))
        .route(
            "/admin/spoergeskemaer",
            get(admin::definitions).post(admin::import_definition),
        )
        .route("/admin/spoergeskemaer/{id}", get(admin::export_definition))
        .fallback(|| async { PageError(WebError::NotFound) })
}

/// The parts of every page: language, title, the signed-in user, CSRF token.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub user_name: Option<String>,
    pub role_label: String,
    pub is_caseworker: bool,
    pub is_admin: bool,
    pub is_provider: bool,
    pub is_manager: bool,
    pub can_list: bool,
    pub csrf: String,
    pub path: String,
    pub nav: &'static str,
}

impl Chrome {
    pub fn new(user: Option<&Authed>, title_key: &str, nav: &'static str) -> Chrome {
        let lang = Lang::current();
        Chrome {
            lang,
            title: lang.t(title_key).to_string(),
            user_name: user.map(|a| a.actor.display_name.clone()),
            role_label: user
                .map(|a| a.actor.role.label(lang.english()).to_string())
                .unwrap_or_default(),
            is_caseworker: user.is_some_and(|a| a.actor.role == Role::Caseworker),
            is_admin: user.is_some_and(|a| a.actor.role == Role::Admin),
            is_provider: user.is_some_and(|a| a.actor.role == Role::Provider),
            is_manager: user.is_some_and(|a| a.actor.role == Role::Manager),
            can_list: user.is_some_and(|a| {
                matches!(a.actor.role, Role::Caseworker | Role::HealthProfessional)
            }),
            csrf: user.map(|a| a.csrf().to_string()).unwrap_or_default(),
            path: crate::i18n::current_path(),
            nav,
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    pub fn en(&self) -> bool {
        self.lang.english()
    }

    /// The language switch link, back to this page.
    pub fn switch_link(&self) -> String {
        let qs =
            serde_urlencoded::to_string([("l", self.other_lang()), ("next", self.path.as_str())])
                .unwrap_or_default();
        format!("/sprog?{qs}")
    }

    /// The other language's code, for the switch link.
    pub fn other_lang(&self) -> &'static str {
        if self.lang.english() {
            "da"
        } else {
            "en"
        }
    }
}

/// A page handler's error: rendered as an HTML page in the request's language.
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, WebError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        if let WebError::Internal(cause) = &self.0 {
            tracing::error!(%cause, "page failed");
        }
        let lang = Lang::current();
        let status = self.0.status();
        let page = ErrorPage {
            // Error pages link home, so a 404 looks the same whatever was asked for.
            c: Chrome {
                path: "/".into(),
                ..Chrome::new(None, "error", "")
            },
            status: status.as_u16(),
            message: self.0.public_message(lang.english()),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, self.0.public_message(lang.english())).into_response(),
        }
    }
}

pub type PageResult = Result<Response, PageError>;

pub fn render<T: Template>(t: &T) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> PageResult {
    Ok((status, Html(t.render()?)).into_response())
}

/// For an error a person can act on at the form they sent (invalid input,
/// a conflict, a refusal): its status and message in the request's
/// language, to show with the form again. Any other error is the error page.
pub fn form_error(e: WebError) -> Result<(StatusCode, String), PageError> {
    match e {
        WebError::Validation(_) | WebError::Conflict(_) | WebError::Refused(_) => {
            let msg = e.public_message(Lang::current().english());
            Ok((e.status(), msg))
        }
        other => Err(PageError(other)),
    }
}

/// A message in the request's language.
pub fn said(m: &jobspor_domain::message::Message) -> String {
    m.get(Lang::current().english()).to_string()
}

/// Danish or English text, by the request's language.
pub fn say(da: &str, en: &str) -> String {
    if Lang::current().english() { en } else { da }.to_string()
}

/// A form's fields in order, for forms with repeated names (checkboxes).
pub type Fields = Vec<(String, String)>;

/// The first value of a form field, or "".
pub fn field<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.iter()
        .find(|(x, _)| x == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Every value of a repeated form field.
pub fn fields<'a>(f: &'a Fields, k: &str) -> Vec<&'a str> {
    f.iter()
        .filter(|(x, _)| x == k)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Parses an id from a path; a malformed id is just not found.
pub fn id<T: std::str::FromStr>(s: &str) -> Result<T, PageError> {
    s.parse().map_err(|_| PageError(WebError::NotFound))
}

/// Only local paths may be redirect targets.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

async fn home(CurrentUser(a): CurrentUser) -> PageResult {
    #[derive(Template)]
    #[template(path = "home.html")]
    struct Home {
        c: Chrome,
    }
    match a.actor.role {
        Role::Caseworker | Role::HealthProfessional => Ok(Redirect::to("/forloeb").into_response()),
        Role::Admin => Ok(Redirect::to("/admin").into_response()),
        Role::Provider => Ok(Redirect::to("/indbakke").into_response()),
        Role::Manager => Ok(Redirect::to("/ledelse/resultater").into_response()),
        _ => render(&Home {
            c: Chrome::new(Some(&a), "welcome", "home"),
        }),
    }
}

#[derive(Deserialize)]
struct LangQuery {
    l: String,
    next: Option<String>,
}

async fn switch_language(
    Query(q): Query<LangQuery>,
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Response {
    let value = if q.l == "en" { "en" } else { "da" };
    let cookie = crate::auth::set_cookie(&state, "lang", value, "/", Some(60 * 60 * 24 * 365));
    let mut res = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    if let Ok(v) = cookie.parse() {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

const CSS: &str = include_str!("../../static/app.css");

pub async fn static_file(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "app.css" => {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/css; charset=utf-8"),
            );
            (h, CSS).into_response()
        }
        _ => PageError(WebError::NotFound).into_response(),
    }
}

/// One uploaded file from a multipart form whose CSRF field comes first:
/// (file name, declared content type, bytes). `None` when no file was sent.
pub async fn read_upload(
    a: &Authed,
    ext: &axum::http::Extensions,
    mut mp: axum::extract::Multipart,
) -> Result<Option<(String, String, Vec<u8>)>, WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::PayloadTooLarge
        } else {
            WebError::BadRequest(jobspor_domain::message::Message::new(
                "ugyldig formular",
                "invalid form",
            ))
        }
    };
    let mut csrf_ok = ext.get::<crate::auth::CsrfPending>().is_none();
    let mut file = None;
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name() {
            Some(crate::auth::CSRF_FIELD) => {
                let v = field.text().await.map_err(|_| WebError::Csrf)?;
                csrf_ok = crate::auth::same_token(&v, a.csrf());
            }
            Some("file") if csrf_ok => {
                let name = field.file_name().unwrap_or("").to_string();
                let ct = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_string();
                let bytes = field.bytes().await.map_err(bad)?;
                file = Some((name, ct, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(WebError::Csrf);
    }
    Ok(file)
}
