//! The citizen's answer to a part of their plan: agreeing or not, and a
//! comment. The plan is co-owned: the caseworker sees the answer beside the
//! intervention.

use crate::message::Message;
use crate::{CitizenId, MunicipalityId, PlacementId};
use chrono::{DateTime, Utc};

/// The longest comment a citizen can give on one part of the plan.
pub const MAX_COMMENT: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanResponse {
    pub placement_id: PlacementId,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    /// Agrees (true), does not agree (false), or only comments (none).
    pub agreed: Option<bool>,
    pub comment: String,
    pub answered_at: DateTime<Utc>,
}

/// Checks an answer as the citizen sent it: a choice (`agree`, `disagree`
/// or nothing) and a comment; at least one of them, and a comment of sensible
/// length.
pub fn answer(choice: &str, comment: &str) -> Result<(Option<bool>, String), Message> {
    let agreed = match choice {
        "agree" => Some(true),
        "disagree" => Some(false),
        "" => None,
        _ => return Err(Message::new("invalid.plan_answer_choice")),
    };
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(Message::new("invalid.plan_answer_too_long"));
    }
    if agreed.is_none() && comment.is_empty() {
        return Err(Message::new("invalid.plan_answer_empty"));
    }
    Ok((agreed, comment.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_a_choice_or_a_comment_of_sensible_length() {
        assert_eq!(answer("agree", "  "), Ok((Some(true), String::new())));
        assert_eq!(
            answer("disagree", " For tidligt "),
            Ok((Some(false), "For tidligt".into()))
        );
        assert_eq!(
            answer("", "Kan vi flytte det?"),
            Ok((None, "Kan vi flytte det?".into()))
        );
        assert!(answer("", "   ").is_err());
        assert!(answer("maybe", "x").is_err());
        assert!(answer("agree", &"x".repeat(MAX_COMMENT + 1)).is_err());
        assert!(answer("agree", &"æ".repeat(MAX_COMMENT)).is_ok());
    }
}
