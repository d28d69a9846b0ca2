//! Asking before the irreversible (issue 27, item 3): closing a course,
//! signing the conference record, revoking a consent, ending an
//! intervention, moving courses between caseworkers. The form posts as
//! before; without the confirmation field the action is not done, and a page
//! of its own says what will happen, with the same fields and a button that
//! confirms (so it works without JavaScript). The API is not asked: its
//! clients confirm in their own way.

use crate::auth::Authed;
use crate::courses::service::{course_for, CourseAccess};
use crate::error::WebError;
use crate::page::{render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use jobspor_domain::user::Actor;
use jobspor_domain::CourseId;

/// The form field that says the user has confirmed.
pub const FIELD: &str = "bekraeftet";

/// Whether the posted fields carry the confirmation.
pub fn confirmed(fields: &[(String, String)]) -> bool {
    fields.iter().any(|(k, v)| k == FIELD && v == "1")
}

/// The value of one posted field (empty when absent).
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The course, if the actor may change it; else the same 404 as for no
/// course, so asking reveals nothing the action would not.
pub async fn may_change(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<CourseAccess, WebError> {
    let ca = course_for(state, actor, course).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    Ok(ca)
}

/// What to ask.
pub struct Ask {
    /// Catalogue keys of the heading and the confirming button.
    pub heading: &'static str,
    pub button: &'static str,
    /// What will happen, in words.
    pub consequence: Vec<String>,
    /// Where the form posts, the fields it carries, and where "no" goes.
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub back: String,
    /// A reason to type on the page (its label's catalogue key, and what
    /// was typed), when the action needs one.
    pub reason: Option<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    c: Chrome,
    ask: Ask,
}

/// The confirmation page: the posted fields again (not the CSRF token,
/// which the page adds afresh), and the confirmation.
pub fn ask(a: &Authed, nav: &'static str, mut ask: Ask) -> PageResult {
    ask.fields.retain(|(k, _)| k != "csrf" && k != FIELD);
    let c = Chrome::new(Some(a), ask.heading, nav);
    render(&ConfirmPage { c, ask })
}
