//! The rule book of a municipality, and the administrator's decision on a
//! pending rule set.

use crate::audit::event;
use crate::error::WebError;
use crate::i18n::Word;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::period::sane_date;
use jobspor_domain::rules::transition::{conversions, Classified};
use jobspor_domain::rules::{earliest, Activation, RuleBook, RuleSet, RuleStatus};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::user::Role;
use jobspor_domain::JournalEntryId;
use jobspor_domain::MunicipalityId;
use jobspor_store::Store;
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

/// Converts running courses whose target group or category a later law
/// abolished (category 3 from 2025, integrationsydelse from July 2025), each
/// with a journal note and an audit entry in one transaction. Run at start
/// and daily: only the classifications today's rules do not know are read
/// course by course; a course changed meanwhile is skipped until the next
/// run (its version moved on).
pub async fn apply_transitions(store: &dyn Store, today: NaiveDate) -> Result<usize, WebError> {
    let mut books: std::collections::HashMap<MunicipalityId, RuleBook> = Default::default();
    let mut done = 0;
    for (m, group, category) in store.running_classifications().await? {
        let book = match books.entry(m) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let activations: Vec<_> = store
                    .activations(m)
                    .await?
                    .into_iter()
                    .map(|s| s.activation)
                    .collect();
                e.insert(RuleBook::with(&activations))
            }
        };
        if book
            .on(today)
            .is_none_or(|set| set.knows(group, category.as_deref()))
        {
            continue;
        }
        for k in store
            .running_courses_classified(m, group, category.as_deref())
            .await?
        {
            if convert(store, book, &k, today).await? {
                done += 1;
            }
        }
    }
    Ok(done)
}

/// Moves one course along the conversions due for it; false when there are
/// none or the course changed meanwhile.
async fn convert(
    store: &dyn Store,
    book: &RuleBook,
    k: &jobspor_domain::course::Course,
    today: NaiveDate,
) -> Result<bool, WebError> {
    let now = Classified {
        group: k.target_group,
        category: k.category.as_deref(),
        start: k.start_date,
    };
    let steps = conversions(book, &now, today);
    let Some(last) = steps.last() else {
        return Ok(false);
    };
    let lang = crate::i18n::Lang::Da;
    let lines: Vec<String> = steps
        .iter()
        .map(|s| {
            lang.fill(
                "transition_note",
                &[
                    ("date", &crate::i18n::format::date_in(lang, s.on)),
                    ("rule_set", &crate::i18n::words::rule_set(lang, s.rule_set)),
                    ("group", s.group.word_in(lang)),
                    (
                        "category",
                        &s.category
                            .map(|c| crate::i18n::words::category(lang, c))
                            .unwrap_or_else(|| lang.t("transition_no_category").into()),
                    ),
                ],
            )
        })
        .collect();
    let now_at = Utc::now();
    let note = JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: k.municipality_id,
        course_id: k.id,
        author_id: k.caseworker_id,
        author_name: lang.t("transition_author").into(),
        author_role: Role::Caseworker,
        entry_date: last.on,
        text: lines.join("\n"),
        corrects: None,
        created_at: now_at,
    };
    let ev = AuditEvent {
        at: now_at,
        municipality_id: k.municipality_id,
        user_id: None,
        username: "jobspor".into(),
        role: None,
        action: AuditAction::Update,
        citizen_id: Some(k.citizen_id),
        object: format!("course:{}:rules:{}", k.id, last.rule_set),
        purpose: "regelskift".into(),
    };
    let mut converted = k.clone();
    converted.target_group = last.group;
    converted.category = last.category.map(String::from);
    match store
        .update_course(&converted, k.version, Some(&note), &[ev])
        .await
    {
        Ok(_) => Ok(true),
        Err(jobspor_store::StoreError::Conflict(_)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
