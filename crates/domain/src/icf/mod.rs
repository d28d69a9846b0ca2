//! The WHO International Classification of Functioning (ICF): codes, their
//! components, qualifiers valid per component, the categories Jobspor ships,
//! search, and an importer for the full classification a municipality
//! licenses (documented CSV; see `docs/icf-import.md`).

mod classification;
mod qualifier;
pub mod shipped;

pub use classification::{Category, Classification, ImportError};
pub use qualifier::{Qualifier, QualifierError};

use serde::Serialize;
use thiserror::Error;

/// ICF components; personal factors are part of the model but not coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    BodyFunctions,
    BodyStructures,
    ActivitiesAndParticipation,
    EnvironmentalFactors,
    PersonalFactors,
}

impl Component {
    pub const ALL: [Component; 5] = [
        Component::BodyFunctions,
        Component::BodyStructures,
        Component::ActivitiesAndParticipation,
        Component::EnvironmentalFactors,
        Component::PersonalFactors,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Component::BodyFunctions => "b",
            Component::BodyStructures => "s",
            Component::ActivitiesAndParticipation => "d",
            Component::EnvironmentalFactors => "e",
            Component::PersonalFactors => "pf",
        }
    }

    pub fn parse(s: &str) -> Option<Component> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum CodeError {
    #[error(
        "en ICF-kode starter med b, s, d eller e efterfulgt af 1, 3, 4 eller 5 cifre (fx b28013)"
    )]
    Malformed,
    #[error("ICF-koden findes ikke i klassifikationen")]
    Unknown,
}

/// A well-formed ICF code such as `b28013`: component letter, then the
/// chapter digit and two, three or four more digits for deeper levels.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct IcfCode(String);

impl IcfCode {
    pub fn parse(s: &str) -> Result<IcfCode, CodeError> {
        let s = s.trim().to_ascii_lowercase();
        let mut chars = s.chars();
        let letter = chars.next().ok_or(CodeError::Malformed)?;
        if !"bsde".contains(letter) {
            return Err(CodeError::Malformed);
        }
        let digits = &s[1..];
        if ![1, 3, 4, 5].contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::Malformed);
        }
        Ok(IcfCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn component(&self) -> Component {
        match self.0.as_bytes()[0] {
            b'b' => Component::BodyFunctions,
            b's' => Component::BodyStructures,
            b'd' => Component::ActivitiesAndParticipation,
            _ => Component::EnvironmentalFactors,
        }
    }

    /// The level: 1 = chapter (b2), 2 = b280, 3 = b2801, 4 = b28013.
    pub fn level(&self) -> usize {
        match self.0.len() - 1 {
            1 => 1,
            3 => 2,
            4 => 3,
            _ => 4,
        }
    }

    /// The code one level up (b28013 → b2801 → b280 → b2), if any.
    pub fn parent(&self) -> Option<IcfCode> {
        let n = self.0.len() - 1;
        let keep = match n {
            5 => 4,
            4 => 3,
            3 => 1,
            _ => return None,
        };
        Some(IcfCode(self.0[..=keep].to_string()))
    }
}

impl std::fmt::Display for IcfCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests;
