//! Stored definitions, responses and the citizen's one-time links.

use super::answer::Answers;
use crate::{CitizenId, DefinitionId, MunicipalityId, ResponseId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Definitions Jobspor ships are visible to every municipality.
pub const SHIPPED_SCOPE: &str = "shipped";

/// A definition as stored: immutable; a change is a new version.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDefinition {
    pub id: DefinitionId,
    /// `shipped`, or the id of the municipality that imported it.
    pub scope: String,
    pub key: String,
    pub version: u32,
    /// The Danish title, for lists.
    pub title: String,
    /// The definition's JSON, exactly as imported.
    pub body: String,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Draft,
    Submitted,
}

impl ResponseStatus {
    pub const ALL: [ResponseStatus; 2] = [ResponseStatus::Draft, ResponseStatus::Submitted];

    pub fn code(self) -> &'static str {
        match self {
            ResponseStatus::Draft => "draft",
            ResponseStatus::Submitted => "submitted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ResponseStatus::Draft),
            "submitted" => Some(ResponseStatus::Submitted),
            _ => None,
        }
    }
}

/// How the answers reached Jobspor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The citizen, through a one-time link.
    Link,
    /// The citizen, at a kiosk session in the jobcentre.
    Kiosk,
    /// A caseworker entering a paper questionnaire.
    Paper,
    /// Another system, through the API.
    Api,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Link, Channel::Kiosk, Channel::Paper, Channel::Api];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Link => "link",
            Channel::Kiosk => "kiosk",
            Channel::Paper => "paper",
            Channel::Api => "api",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub id: ResponseId,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    pub definition_id: DefinitionId,
    pub channel: Channel,
    /// The language the citizen answers in.
    pub language: String,
    pub status: ResponseStatus,
    pub answers: Answers,
    /// The scoring outcome as JSON, fixed at submission.
    pub result: Option<String>,
    /// The staff user who entered a paper response.
    pub entered_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// A one-time link: the token is given to the citizen once; only its hash is
/// kept. It holds no CPR number and belongs to one citizen and one response.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub token_hash: String,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    pub response_id: ResponseId,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    Open,
    Expired,
    Revoked,
    /// The response has been submitted; the link has done its job.
    Used,
}

impl Link {
    pub fn state(&self, now: DateTime<Utc>, response: ResponseStatus) -> LinkState {
        if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if response == ResponseStatus::Submitted {
            LinkState::Used
        } else if now >= self.expires_at {
            LinkState::Expired
        } else {
            LinkState::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_states() {
        let now = Utc::now();
        let mut l = Link {
            token_hash: "h".into(),
            municipality_id: MunicipalityId::new(),
            citizen_id: CitizenId::new(),
            response_id: ResponseId::new(),
            created_by: UserId::new(),
            created_at: now,
            expires_at: now + chrono::Duration::days(14),
            revoked_at: None,
        };
        assert_eq!(l.state(now, ResponseStatus::Draft), LinkState::Open);
        assert_eq!(
            l.state(now + chrono::Duration::days(14), ResponseStatus::Draft),
            LinkState::Expired
        );
        assert_eq!(l.state(now, ResponseStatus::Submitted), LinkState::Used);
        l.revoked_at = Some(now);
        assert_eq!(
            l.state(now, ResponseStatus::Submitted),
            LinkState::Revoked,
            "revocation wins"
        );
    }
}
