//! The user's messages, grouped by the action that made them, and marking
//! them read. Names shown are audited reads.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::error::WebError;
use crate::AppState;
use chrono::{DateTime, Duration, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::{CitizenId, CourseId};
use jobspor_store::UserNotice;
use std::collections::HashSet;

/// How many of the latest messages are shown.
const SHOWN: i64 = 200;

/// Messages of one kind from one sender within this long are one action.
const ONE_ACTION_SECONDS: i64 = 60;

/// One course a message is about.
#[derive(Debug, Clone)]
pub struct About {
    pub course_id: CourseId,
    /// The citizen's name while the reader carries the course.
    pub citizen: Option<String>,
    pub detail: String,
}

/// The messages of one action.
#[derive(Debug, Clone)]
pub struct Group {
    pub kind: String,
    pub from_name: String,
    pub at: DateTime<Utc>,
    pub unread: bool,
    pub ids: Vec<String>,
    pub about: Vec<About>,
}

/// Who gets messages: caseworkers and health professionals.
fn may_read(actor: &Actor) -> Result<(), WebError> {
    match actor.role {
        Role::Caseworker | Role::HealthProfessional => Ok(()),
        _ => Err(WebError::NotFound),
    }
}

/// Consecutive messages (newest first) of one kind from one sender within
/// a minute of each other are one group.
pub fn group(notices: Vec<UserNotice>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for n in notices {
        let about = About {
            course_id: n.course_id,
            citizen: n.citizen.map(|c| c.1),
            detail: n.detail,
        };
        let unread = n.read_at.is_none();
        if let Some(g) = out.last_mut().filter(|g| {
            g.kind == n.kind
                && g.from_name == n.from_name
                && g.unread == unread
                && (g.at - n.created_at).abs() <= Duration::seconds(ONE_ACTION_SECONDS)
        }) {
            g.ids.push(n.id);
            g.about.push(about);
            continue;
        }
        out.push(Group {
            kind: n.kind,
            from_name: n.from_name,
            at: n.created_at,
            unread,
            ids: vec![n.id],
            about: vec![about],
        });
    }
    out
}

/// The user's latest messages, grouped; each citizen named is audited.
pub async fn messages(state: &AppState, actor: &Actor) -> Result<Vec<Group>, WebError> {
    may_read(actor)?;
    let notices = state
        .store
        .notices(actor.municipality_id, actor.user_id, SHOWN)
        .await?;
    audit_names(state, actor, &notices).await?;
    Ok(group(notices))
}

/// An audited read for each course whose citizen a message names.
pub async fn audit_names(
    state: &AppState,
    actor: &Actor,
    notices: &[UserNotice],
) -> Result<(), WebError> {
    let named: HashSet<(CourseId, CitizenId)> = notices
        .iter()
        .filter_map(|n| n.citizen.as_ref().map(|c| (n.course_id, c.0)))
        .collect();
    let events: Vec<_> = named
        .into_iter()
        .map(|(course, citizen)| {
            event(
                actor,
                AuditAction::Read,
                Some(citizen),
                format!("notices:{course}"),
                PURPOSE_CASEWORK,
            )
        })
        .collect();
    audit(state, &events).await
}

/// Marks these messages read (a group) at once; ones already read, or not
/// the user's, are left alone.
pub async fn mark_read(state: &AppState, actor: &Actor, ids: &[String]) -> Result<(), WebError> {
    may_read(actor)?;
    state
        .store
        .mark_notices_read(actor.municipality_id, actor.user_id, ids, Utc::now())
        .await?;
    Ok(())
}

/// Marks every message of the user read; how many were unread.
pub async fn mark_all_read(state: &AppState, actor: &Actor) -> Result<u64, WebError> {
    may_read(actor)?;
    Ok(state
        .store
        .mark_all_notices_read(actor.municipality_id, actor.user_id, Utc::now())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(id: &str, kind: &str, from: &str, secs: i64) -> UserNotice {
        UserNotice {
            id: id.into(),
            course_id: CourseId::new(),
            citizen: None,
            kind: kind.into(),
            from_name: from.into(),
            detail: String::new(),
            created_at: DateTime::<Utc>::from_timestamp(1_800_000_000 - secs, 0)
                .unwrap_or_default(),
            read_at: None,
        }
    }

    #[test]
    fn one_action_is_one_group() {
        // Newest first: three handovers by Lars in one second, one by Mette,
        // one by Lars an hour earlier.
        let g = group(vec![
            notice("a", "handover", "Lars", 0),
            notice("b", "handover", "Lars", 0),
            notice("c", "handover", "Lars", 1),
            notice("d", "handover", "Mette", 2),
            notice("e", "handover", "Lars", 3600),
        ]);
        let sizes: Vec<usize> = g.iter().map(|g| g.about.len()).collect();
        assert_eq!(sizes, vec![3, 1, 1]);
        assert_eq!(g[0].ids, vec!["a", "b", "c"]);
    }
}
