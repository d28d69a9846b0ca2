//! The administrator's side of progression: the municipality's own
//! questions in the bank (beside the shipped ones) and the flag thresholds.

use crate::audit::event;
use crate::error::WebError;
use crate::AppState;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::progression::{parse_thresholds, BankQuestion, QuestionInput, Thresholds};
use jobspor_domain::user::Actor;
use jobspor_domain::QuestionId;

use crate::auth::require_admin as admin;

pub async fn view(
    state: &AppState,
    actor: &Actor,
) -> Result<(Vec<BankQuestion>, Thresholds), WebError> {
    admin(actor)?;
    let m = actor.municipality_id;
    Ok((
        state.store.bank_questions(m).await?,
        state.store.thresholds(m).await?,
    ))
}

/// The active questions staff choose from when agreeing a goal.
pub async fn active(state: &AppState, actor: &Actor) -> Result<Vec<BankQuestion>, WebError> {
    Ok(state
        .store
        .bank_questions(actor.municipality_id)
        .await?
        .into_iter()
        .filter(|q| q.active)
        .collect())
}

pub async fn add(
    state: &AppState,
    actor: &Actor,
    input: &QuestionInput<'_>,
) -> Result<BankQuestion, WebError> {
    admin(actor)?;
    let v = input.validate().map_err(WebError::Validation)?;
    let q = BankQuestion {
        id: QuestionId::new(),
        municipality_id: actor.municipality_id,
        style: v.style,
        text_da: v.text_da,
        text_en: v.text_en,
        low: v.low,
        high: v.high,
        active: true,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        None,
        format!("question:{}", q.id),
        "administration",
    );
    state.store.add_bank_question(&q, &[ev]).await?;
    Ok(q)
}

pub async fn set_active(
    state: &AppState,
    actor: &Actor,
    id: QuestionId,
    active: bool,
) -> Result<(), WebError> {
    admin(actor)?;
    let ev = event(
        actor,
        AuditAction::Update,
        None,
        format!("question:{id}"),
        "administration",
    );
    Ok(state
        .store
        .set_bank_question_active(actor.municipality_id, id, active, &[ev])
        .await?)
}

pub async fn set_thresholds(
    state: &AppState,
    actor: &Actor,
    min_change: &str,
    after: &str,
    apart: &str,
) -> Result<Thresholds, WebError> {
    admin(actor)?;
    let t = parse_thresholds(min_change, after, apart).map_err(WebError::Validation)?;
    let ev = event(
        actor,
        AuditAction::Update,
        None,
        "progression_thresholds".into(),
        "administration",
    );
    state
        .store
        .set_thresholds(actor.municipality_id, t, &[ev])
        .await?;
    Ok(t)
}
