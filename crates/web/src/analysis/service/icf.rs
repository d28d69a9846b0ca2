//! ICF: the shipped categories plus the municipality's imported ones.

use crate::audit::event;
use crate::error::WebError;
use crate::AppState;
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::icf::{shipped, Classification};
use jobspor_domain::user::Actor;

/// The classification a municipality works with.
pub async fn classification(state: &AppState, actor: &Actor) -> Result<Classification, WebError> {
    let mut c = shipped::classification();
    c.extend(state.store.icf_categories(actor.municipality_id).await?);
    Ok(c)
}

/// Admin: imports the licensed classification. All or nothing: any error
/// leaves the current set as it was, and every error names line and field.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    source: &str,
    text: &str,
) -> Result<Result<usize, Vec<String>>, WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let imported = match Classification::from_csv(text, source) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors.iter().map(ToString::to_string).collect())),
    };
    let categories: Vec<_> = imported.categories().cloned().collect();
    let ev = event(
        actor,
        AuditAction::Update,
        None,
        format!("icf:{} categories", categories.len()),
        "administration",
    );
    state
        .store
        .replace_icf(actor.municipality_id, &categories, &[ev])
        .await?;
    Ok(Ok(categories.len()))
}
