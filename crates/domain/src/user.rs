//! Staff users, their roles, and the acting user of a request.

use crate::{MunicipalityId, UnitId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Caseworker,
    HealthProfessional,
    Provider,
    Manager,
    Admin,
    Citizen,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Caseworker,
        Role::HealthProfessional,
        Role::Provider,
        Role::Manager,
        Role::Admin,
        Role::Citizen,
    ];

    pub const STAFF: [Role; 5] = [
        Role::Caseworker,
        Role::HealthProfessional,
        Role::Provider,
        Role::Manager,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::HealthProfessional => "health_professional",
            Role::Provider => "provider",
            Role::Manager => "manager",
            Role::Admin => "admin",
            Role::Citizen => "citizen",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profession {
    Psychologist,
    Physiotherapist,
    Nurse,
    OccupationalTherapist,
    Doctor,
}

impl Profession {
    pub const ALL: [Profession; 5] = [
        Profession::Psychologist,
        Profession::Physiotherapist,
        Profession::Nurse,
        Profession::OccupationalTherapist,
        Profession::Doctor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Profession::Psychologist => "psychologist",
            Profession::Physiotherapist => "physiotherapist",
            Profession::Nurse => "nurse",
            Profession::OccupationalTherapist => "occupational_therapist",
            Profession::Doctor => "doctor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: UserId,
    pub municipality_id: MunicipalityId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub profession: Option<Profession>,
    pub unit_id: Option<UnitId>,
    /// Caseworkers in the same team see each other's courses.
    pub team: Option<String>,
    pub active: bool,
    pub version: i64,
}

/// The authenticated user of a request: everything an access decision needs.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub municipality_id: MunicipalityId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<String>,
    pub unit_id: Option<UnitId>,
}

impl Actor {
    pub fn from_user(u: &User) -> Actor {
        Actor {
            user_id: u.id,
            municipality_id: u.municipality_id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            team: u.team.clone(),
            unit_id: u.unit_id,
        }
    }
}

/// Usernames: lower-case ASCII letters, digits, dot, dash, underscore.
pub fn valid_username(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Passwords for local accounts: at least 12 characters, except the demo's.
pub fn password_problem(pw: &str) -> Option<crate::message::Message> {
    use crate::message::Message;
    if pw.chars().count() < 12 {
        Some(Message::new("invalid.the_password_must_have_at_least"))
    } else if pw.len() > 1024 {
        Some(Message::new("invalid.the_password_is_too_long"))
    } else {
        None
    }
}
