//! Server-rendered pages. Danish first; forms work without JavaScript.

use crate::auth::Authed;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::i18n::Word;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jobspor_domain::user::Role;

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
                .map(|a| a.actor.role.word_in(lang).to_string())
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
        format!("{}?{qs}", crate::home::paths::language())
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
            return Redirect::to(&crate::auth::paths::login()).into_response();
        }
        self.0.log();
        let lang = Lang::current();
        let status = self.0.status();
        let page = ErrorPage {
            // Error pages link home, so a 404 looks the same whatever was asked for.
            c: Chrome {
                path: crate::home::paths::home(),
                ..Chrome::new(None, "error", "")
            },
            status: status.as_u16(),
            message: self.0.public_message(lang),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, self.0.public_message(lang)).into_response(),
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
            let msg = e.public_message(Lang::current());
            Ok((e.status(), msg))
        }
        other => Err(PageError(other)),
    }
}

/// A message in the request's language.
pub fn said(m: &jobspor_domain::message::Message) -> String {
    crate::i18n::words::message(Lang::current(), m)
}

/// The catalogue's text for `key`, in the request's language.
pub fn say(key: &str) -> String {
    Lang::current().t(key).to_string()
}

/// The same, with each `{name}` in the text replaced by its value.
pub fn say_with(key: &str, values: &[(&str, &str)]) -> String {
    Lang::current().fill(key, values)
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
/// A page of this Jobspor to go on to, from a `next` parameter: a local
/// path only, and never one with control characters (a header cannot carry
/// them, and a redirect must not fail on them); anything else goes home.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => crate::home::paths::home(),
    }
}

/// One uploaded file from a multipart form whose CSRF field comes first:
/// (file name, declared content type, bytes). `None` when no file was sent.
/// A multipart form that cannot be read: too large, or not a form.
pub fn multipart_error(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge
    } else {
        WebError::BadRequest(jobspor_domain::message::Message::new(
            "invalid.invalid_form",
        ))
    }
}

/// The status a form is shown with and its error, from `form_error`'s
/// answer when there was one (200 and no error otherwise).
pub fn shown_error(error: Option<(StatusCode, String)>) -> (StatusCode, Option<String>) {
    match error {
        Some((status, e)) => (status, Some(e)),
        None => (StatusCode::OK, None),
    }
}

pub async fn read_upload(
    mut mp: axum::extract::Multipart,
) -> Result<Option<(String, String, Vec<u8>)>, WebError> {
    let bad = multipart_error;
    // The token was checked before the handler (auth::session), as the
    // form's first part; the rest of the form is read here.
    let mut file = None;
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            let ct = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            file = Some((name, ct, bytes.to_vec()));
        }
    }
    Ok(file)
}

/// One choice of a select box.
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl SelectOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        SelectOption {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}
