//! The rule book of a municipality, and the administrator's decision on a
//! pending rule set.

use crate::audit::event;
use crate::error::WebError;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::period::sane_date;
use jobspor_domain::rules::{earliest, Activation, RuleBook, RuleSet, RuleStatus};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::MunicipalityId;
use jobspor_store::StoredActivation;

/// The rules in force for a municipality: the shipped sets with its
/// activations.
pub async fn book(state: &AppState, m: MunicipalityId) -> Result<RuleBook, WebError> {
    let stored = state.store.activations(m).await?;
    let activations: Vec<Activation> = stored.into_iter().map(|s| s.activation).collect();
    Ok(RuleBook::with(&activations))
}

/// One rule set as the administrator sees it.
pub struct RuleSetView {
    pub set: RuleSet,
    /// As shipped: a pending set is one the municipality may activate.
    pub shipped_pending: bool,
    pub decision: Option<StoredActivation>,
}

pub async fn overview(state: &AppState, actor: &Actor) -> Result<Vec<RuleSetView>, WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let stored = state.store.activations(actor.municipality_id).await?;
    let activations: Vec<Activation> = stored.iter().map(|s| s.activation.clone()).collect();
    let shipped = RuleBook::shipped();
    Ok(RuleBook::with(&activations)
        .sets()
        .iter()
        .map(|s| RuleSetView {
            shipped_pending: shipped
                .by_id(s.id)
                .is_some_and(|x| x.status == RuleStatus::Pending),
            decision: stored
                .iter()
                .find(|d| d.activation.rule_set == s.id)
                .cloned(),
            set: s.clone(),
        })
        .collect())
}

/// Activates a pending rule set from a date, or keeps it pending with a moved
/// date. Only a set shipped as pending can be decided on; the decision is
/// audited.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: &str,
    valid_from: &str,
    in_force: bool,
    version: i64,
) -> Result<(), WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let set = RuleBook::shipped()
        .by_id(id)
        .filter(|s| s.status == RuleStatus::Pending)
        .cloned()
        .ok_or(WebError::NotFound)?;
    let now = Utc::now();
    let day: NaiveDate = sane_date(valid_from, today_copenhagen(now), "field.the_date")
        .map_err(WebError::Validation)?;
    if day < earliest() {
        return Err(WebError::invalid("invalid.rule_set_before_2019"));
    }
    let activation = Activation {
        rule_set: set.id.to_string(),
        valid_from: day,
        in_force,
    };
    let ev = event(
        actor,
        AuditAction::Update,
        None,
        format!(
            "rule_set:{}:{}:{}",
            set.id,
            if in_force { "in_force" } else { "pending" },
            day
        ),
        "administration",
    );
    state
        .store
        .set_activation(
            actor.municipality_id,
            &activation,
            actor.user_id,
            now,
            version,
            &[ev],
        )
        .await?;
    Ok(())
}

/// The categories a course starting on `day` may have, as choices (the
/// chosen one selected), with a hint naming the rule set they come from.
pub fn category_options(
    book: &RuleBook,
    day: NaiveDate,
    chosen: &str,
) -> (Vec<crate::page::SelectOption>, String) {
    let lang = crate::i18n::Lang::current();
    let Some(set) = book.on(day) else {
        return (Vec::new(), lang.t("categories_no_rules").to_string());
    };
    let mut codes: Vec<&str> = Vec::new();
    for g in &set.groups {
        for k in g.categories {
            if !codes.contains(&k.code) {
                codes.push(k.code);
            }
        }
    }
    let options = codes
        .into_iter()
        .map(|code| {
            crate::page::SelectOption::new(
                code,
                crate::i18n::words::category(lang, code),
                code == chosen,
            )
        })
        .collect();
    let hint = lang.fill(
        "categories_hint",
        &[
            ("date", &crate::i18n::format::date_in(lang, day)),
            ("rule_set", &crate::i18n::words::rule_set(lang, set.id)),
        ],
    );
    (options, hint)
}
