//! One course: the course menu (Historik, Status og forløbsmål,
//! Kontaktpersoner, Dokumenter) and its forms, one module per menu item.

use crate::courses::service::CourseAccess;
use crate::i18n::Word;
use crate::page::{id, PageError};
use axum::extract::Path;
use axum::response::Redirect;
use jobspor_domain::citizen::Citizen;
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
    /// The rule set of the course's start date, in words.
    pub rule_set: String,
    /// Sygedagpenge: the first day of absence ("" otherwise or unknown).
    pub first_absence: String,
    pub framework: String,
    pub tab: &'static str,
    pub can_manage: bool,
    pub can_analyse: bool,
    /// A kontanthjælp course: it may have the arbejdspligt.
    pub kontanthjaelp: bool,
    /// Kontanthjælp or dagpenge: the course has a contact course.
    pub contact: bool,
}

pub(crate) fn head(ca: &CourseAccess, citizen: &Citizen, tab: &'static str) -> Head {
    let k = &ca.course;
    Head {
        id: k.id.to_string(),
        citizen_id: citizen.id.to_string(),
        citizen_name: citizen.name.clone(),
        cpr: citizen.cpr.masked(),
        target_group: k.target_group.word().to_string(),
        category: k
            .category
            .as_deref()
            .map(|x| crate::i18n::words::category(crate::i18n::Lang::current(), x))
            .unwrap_or_default(),
        status: k.status.word().to_string(),
        start: crate::i18n::date(k.start_date),
        rule_set: crate::i18n::words::rule_set(crate::i18n::Lang::current(), &k.rule_set),
        first_absence: k
            .first_absence_date
            .map(crate::i18n::date)
            .unwrap_or_default(),
        framework: k.framework.clone(),
        tab,
        can_manage: ca.can_manage,
        can_analyse: ca.can_analyse,
        kontanthjaelp: k.target_group == jobspor_domain::rules::TargetGroup::Kontanthjaelp,
        contact: matches!(
            k.target_group,
            jobspor_domain::rules::TargetGroup::Kontanthjaelp
                | jobspor_domain::rules::TargetGroup::ForsikretLedig
        ),
    }
}

pub async fn open(Path(cid): Path<String>) -> Result<Redirect, PageError> {
    let course: CourseId = id(&cid)?;
    Ok(Redirect::to(&crate::journal::paths::history(course)))
}
