//! One course: the course menu (Historik, Status og forløbsmål,
//! Kontaktpersoner, Dokumenter) and its forms, one module per menu item.

mod analysis;
mod attachments;
mod conference;
mod consent;
mod control;
mod focus;
mod history;
mod plan;
mod progression;
mod status;

pub use analysis::{notes, save_note};
pub use attachments::*;
pub use conference::{
    addendum as add_addendum, book as book_conversation, cancel as cancel_conversation,
    save as save_conference, show as conference, sign as sign_conference,
};
pub use consent::{record as record_consent, revoke as revoke_consent, show as consents};
pub use control::{close as close_course, meet as meet_deadline, show as control};
pub use focus::{add as add_focus, remove as remove_focus, show as focus_areas};
pub use history::*;
pub use plan::{
    add as add_to_plan, end as end_placement, pdf as plan_pdf, pdf_response,
    revise as revise_placement, show as plan,
};
pub use progression::{
    add_goal, bank, citizen_form as progress_citizen_form, citizen_page,
    citizen_save as progress_citizen_save, decide as decide_progress, rate_employment,
    save_citizen_rating, show as progression, styles, GoalForm, RatingForm,
};
pub use status::*;

use super::{id, Chrome, PageError};
use crate::service::CourseAccess;
use axum::extract::Path;
use axum::response::Redirect;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::rules::category_label;
use jobspor_domain::time::format_date;
use jobspor_domain::CourseId;

/// What the course header and menu show on every tab.
pub struct Head {
    pub id: String,
    pub citizen_id: String,
    pub citizen_name: String,
    pub cpr: String,
    pub target_group: String,
    pub category: String,
    pub status: String,
    pub start: String,
    pub framework: String,
    pub tab: &'static str,
    pub can_manage: bool,
    pub can_analyse: bool,
}

pub(crate) fn head(c: &Chrome, ca: &CourseAccess, citizen: &Citizen, tab: &'static str) -> Head {
    let en = c.en();
    let k = &ca.course;
    Head {
        id: k.id.to_string(),
        citizen_id: citizen.id.to_string(),
        citizen_name: citizen.name.clone(),
        cpr: citizen.cpr.masked(),
        target_group: if en {
            k.target_group.label_en()
        } else {
            k.target_group.label_da()
        }
        .to_string(),
        category: k
            .category
            .as_deref()
            .map(|x| category_label(&k.rule_set, x, en))
            .unwrap_or_default(),
        status: k.status.label(en).to_string(),
        start: format_date(k.start_date),
        framework: k.framework.clone(),
        tab,
        can_manage: ca.can_manage,
        can_analyse: ca.can_analyse,
    }
}

pub async fn open(Path(cid): Path<String>) -> Result<Redirect, PageError> {
    let course: CourseId = id(&cid)?;
    Ok(Redirect::to(&format!("/forloeb/{course}/historik")))
}

pub struct Option_ {
    pub value: String,
    pub label: String,
    pub selected: bool,
}
