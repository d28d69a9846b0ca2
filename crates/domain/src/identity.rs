//! Who a login through an identity provider is. Staff: the claims the
//! municipality's provider sends (a group, a department) map to a
//! municipality, a role and a team. Citizens: the level of assurance
//! (NSIS) the login reached, which must be at least substantial.

use crate::user::Role;
use crate::{ClaimMappingId, MunicipalityId};
use std::collections::BTreeMap;

/// An ID token's claims as text: a string claim has one value, an array of
/// strings (a group claim) has several; numbers and booleans are written out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims(BTreeMap<String, Vec<String>>);

impl Claims {
    pub fn from_json(map: &serde_json::Map<String, serde_json::Value>) -> Claims {
        fn words(v: &serde_json::Value) -> Vec<String> {
            match v {
                serde_json::Value::String(s) => vec![s.clone()],
                serde_json::Value::Array(a) => a.iter().flat_map(words).collect(),
                serde_json::Value::Number(n) => vec![n.to_string()],
                serde_json::Value::Bool(b) => vec![b.to_string()],
                _ => Vec::new(),
            }
        }
        Claims(map.iter().map(|(k, v)| (k.clone(), words(v))).collect())
    }

    /// The claim's first value, if it has one.
    pub fn first(&self, claim: &str) -> Option<&str> {
        self.0
            .get(claim)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// Whether the claim has this value (exactly; group ids are case-sensitive).
    pub fn has(&self, claim: &str, value: &str) -> bool {
        self.0
            .get(claim)
            .is_some_and(|v| v.iter().any(|x| x == value))
    }
}

/// An administrator's rule: a login whose `claim` has `value` is a user of
/// the municipality with this role and team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMapping {
    pub id: ClaimMappingId,
    pub municipality_id: MunicipalityId,
    pub claim: String,
    pub value: String,
    pub role: Role,
    pub team: Option<String>,
    /// Whether a first login creates the user; otherwise an administrator
    /// must have linked the account first.
    pub create_users: bool,
}

/// The mapping that decides a login: the first, in the order given, whose
/// claim and value the login carries. Citizens are never staff, whatever
/// a mapping says.
pub fn mapping_for<'a>(mappings: &'a [ClaimMapping], claims: &Claims) -> Option<&'a ClaimMapping> {
    mappings
        .iter()
        .filter(|m| m.role != Role::Citizen)
        .find(|m| claims.has(&m.claim, &m.value))
}

/// Whether a claim's name and value are acceptable to save: non-empty,
/// without control characters, of sensible length.
pub fn valid_claim_text(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= 200 && !s.chars().any(char::is_control)
}

/// The NSIS level of assurance of a login, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Assurance {
    Low,
    Substantial,
    High,
}

impl Assurance {
    /// Reads the level from its name or from a URI that ends in it, as
    /// brokers write it (`Substantial`,
    /// `https://data.gov.dk/concept/core/nsis/loa/Substantial`, `…#High`).
    pub fn parse(s: &str) -> Option<Assurance> {
        let last = s.trim().rsplit(['/', '#', ':']).next().unwrap_or("");
        match last.to_ascii_lowercase().as_str() {
            "low" => Some(Assurance::Low),
            "substantial" => Some(Assurance::Substantial),
            "high" => Some(Assurance::High),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: serde_json::Value) -> Claims {
        Claims::from_json(v.as_object().expect("object"))
    }

    fn mapping(claim: &str, value: &str, role: Role) -> ClaimMapping {
        ClaimMapping {
            id: ClaimMappingId::new(),
            municipality_id: MunicipalityId::new(),
            claim: claim.into(),
            value: value.into(),
            role,
            team: None,
            create_users: true,
        }
    }

    #[test]
    fn a_group_claim_matches_any_of_its_values_and_the_first_mapping_wins() {
        let c = claims(
            json!({"groups": ["kantine", "jobspor-ledere", "jobspor-sagsbehandlere"], "dept": "Nord"}),
        );
        let ms = [
            mapping("groups", "jobspor-admin", Role::Admin),
            mapping("groups", "jobspor-sagsbehandlere", Role::Caseworker),
            mapping("groups", "jobspor-ledere", Role::Manager),
        ];
        assert_eq!(mapping_for(&ms, &c).map(|m| m.role), Some(Role::Caseworker));
        assert!(c.has("dept", "Nord"));
        assert!(!c.has("dept", "nord"));
        assert_eq!(mapping_for(&ms[..1], &c), None);
    }

    #[test]
    fn a_mapping_to_the_citizen_role_never_makes_staff() {
        let c = claims(json!({"groups": "alle"}));
        assert_eq!(
            mapping_for(&[mapping("groups", "alle", Role::Citizen)], &c),
            None
        );
    }

    #[test]
    fn numbers_and_booleans_are_compared_as_text() {
        let c = claims(json!({"level": 3, "staff": true, "none": null}));
        assert!(c.has("level", "3"));
        assert!(c.has("staff", "true"));
        assert_eq!(c.first("none"), None);
    }

    #[test]
    fn assurance_reads_names_and_uris_and_orders_them() {
        assert_eq!(
            Assurance::parse("Substantial"),
            Some(Assurance::Substantial)
        );
        assert_eq!(
            Assurance::parse("https://data.gov.dk/concept/core/nsis/loa/High"),
            Some(Assurance::High)
        );
        assert_eq!(
            Assurance::parse("https://data.gov.dk/concept/core/nsis/Low"),
            Some(Assurance::Low)
        );
        assert_eq!(
            Assurance::parse("urn:eident:cert:eidas:substantial"),
            Some(Assurance::Substantial)
        );
        assert_eq!(Assurance::parse("4"), None);
        assert_eq!(Assurance::parse(""), None);
        assert!(
            Assurance::Low < Assurance::Substantial && Assurance::Substantial < Assurance::High
        );
    }

    #[test]
    fn claim_text_must_be_printable_and_short() {
        assert!(valid_claim_text("groups"));
        assert!(!valid_claim_text("  "));
        assert!(!valid_claim_text("a\nb"));
        assert!(!valid_claim_text(&"x".repeat(201)));
    }
}
