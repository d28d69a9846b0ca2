//! Qualifiers: how much a code applies. Body functions, structures and
//! activities/participation take 0–4 (none to complete), 8 (not specified)
//! or 9 (not applicable), written with or without the point (`.2`). Environmental factors are barriers `.0`–`.4` or
//! facilitators `+0`–`+4` (and `.8`/`+8`, `.9`). Personal factors are not coded.

use super::Component;
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Qualifier {
    /// 0–4 for b, s and d.
    Extent(u8),
    /// An environmental barrier, 0–4.
    Barrier(u8),
    /// An environmental facilitator, 0–4.
    Facilitator(u8),
    /// A barrier not specified (`.8`, or `8`).
    BarrierNotSpecified,
    /// A facilitator not specified (`+8`).
    FacilitatorNotSpecified,
    NotSpecified,
    NotApplicable,
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum QualifierError {
    #[error("graden skal være 0–4, 8 eller 9 for denne komponent")]
    ForExtent,
    #[error("for omgivelsesfaktorer er graden en barriere .0–.4 eller en fremmende faktor +0–+4 (eller .8, +8, .9)")]
    ForEnvironment,
    #[error("personlige faktorer kodes ikke og har ingen grad")]
    PersonalFactors,
}

impl Qualifier {
    /// Reads a qualifier as typed for a component.
    pub fn parse(component: Component, s: &str) -> Result<Qualifier, QualifierError> {
        let s = s.trim();
        match component {
            Component::PersonalFactors => Err(QualifierError::PersonalFactors),
            Component::EnvironmentalFactors => {
                let (facilitator, rest) = match s.as_bytes().first() {
                    Some(b'+') => (true, &s[1..]),
                    Some(b'.') => (false, &s[1..]),
                    _ => (false, s),
                };
                match (facilitator, rest) {
                    (_, "9") if !facilitator => Ok(Qualifier::NotApplicable),
                    (false, "8") => Ok(Qualifier::BarrierNotSpecified),
                    (true, "8") => Ok(Qualifier::FacilitatorNotSpecified),
                    (f, d) if d.len() == 1 && ("0"..="4").contains(&d) => {
                        let v = d.as_bytes()[0] - b'0';
                        Ok(if f {
                            Qualifier::Facilitator(v)
                        } else {
                            Qualifier::Barrier(v)
                        })
                    }
                    _ => Err(QualifierError::ForEnvironment),
                }
            }
            // ICF writes the qualifier after a point (b28013.2); the point is optional.
            _ => match s.strip_prefix('.').unwrap_or(s) {
                "8" => Ok(Qualifier::NotSpecified),
                "9" => Ok(Qualifier::NotApplicable),
                d if d.len() == 1 && ("0"..="4").contains(&d) => {
                    Ok(Qualifier::Extent(d.as_bytes()[0] - b'0'))
                }
                _ => Err(QualifierError::ForExtent),
            },
        }
    }

    /// The qualifier as written after the code, e.g. `.2` or `+3`.
    pub fn notation(self) -> String {
        match self {
            Qualifier::Extent(v) | Qualifier::Barrier(v) => format!(".{v}"),
            Qualifier::Facilitator(v) => format!("+{v}"),
            Qualifier::BarrierNotSpecified | Qualifier::NotSpecified => ".8".into(),
            Qualifier::FacilitatorNotSpecified => "+8".into(),
            Qualifier::NotApplicable => ".9".into(),
        }
    }
}
