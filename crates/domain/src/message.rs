//! Messages for people, in Danish and English. Error types keep their Danish
//! `Display` (the UI's first language) and explain themselves in both through
//! [`Explain`], so the English UI and the (English) API get English text.

use crate::citizen::CitizenError;
use crate::course::CourseError;
use crate::cpr::CprError;
use crate::document::{DocumentError, DOCUMENT_MAX_BYTES};
use crate::rules::RuleError;
use crate::text::TextError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub da: String,
    pub en: String,
}

impl Message {
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            da: da.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.da
        }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.da)
    }
}

pub trait Explain {
    fn explain(&self) -> Message;
}

/// English names of the fields that text validation reports in Danish.
fn field_en(field: &str) -> &str {
    match field {
        "navn" => "name",
        "tekst" => "text",
        "telefon" => "phone",
        "e-mail" => "email",
        "adresse" => "address",
        "forløbsramme" => "course framework",
        "beskæftigelsesmål" => "employment goal",
        "henvisningsoplysninger" => "referral information",
        "relation" => "relation",
        "note" => "note",
        "team" => "team",
        other => other,
    }
}

impl Explain for TextError {
    fn explain(&self) -> Message {
        let en = match self {
            TextError::Empty { field } => format!("{} is required", field_en(field)),
            TextError::TooLong { field, max, actual } => {
                format!(
                    "{} is too long: at most {max} bytes, got {actual}",
                    field_en(field)
                )
            }
            TextError::ControlCharacters { field } => {
                format!("{} contains invalid control characters", field_en(field))
            }
        };
        Message::new(self.to_string(), en)
    }
}

impl Explain for CprError {
    fn explain(&self) -> Message {
        let en = match self {
            CprError::WrongLength(n) => format!("the CPR number must have 10 digits (DDMMYYSSSS or DDMMYY-SSSS); it has {n}"),
            CprError::InvalidCharacters => {
                "the CPR number may only contain the digits 0-9 and one hyphen after the first six digits".to_string()
            }
            CprError::ImpossibleDate => "the CPR number's date of birth does not exist".to_string(),
        };
        Message::new(self.to_string(), en)
    }
}

impl Explain for RuleError {
    fn explain(&self) -> Message {
        let en = match self {
            RuleError::NoRuleSet => "no rules apply on the start date".to_string(),
            RuleError::TargetGroupNotInForce(g) => format!("the target group {g} does not exist under the rules in force on the start date"),
            RuleError::CategoryRequired => "a category must be chosen for this target group".to_string(),
            RuleError::UnknownCategory => {
                "the category does not exist for this target group under the rules in force on the start date".to_string()
            }
        };
        Message::new(self.to_string(), en)
    }
}

impl Explain for CourseError {
    fn explain(&self) -> Message {
        match self {
            CourseError::Rule(e) => e.explain(),
            CourseError::Text(e) => e.explain(),
            CourseError::UnknownTargetGroup => {
                Message::new(self.to_string(), "unknown target group")
            }
            CourseError::UnknownStatus => Message::new(self.to_string(), "unknown status"),
        }
    }
}

impl Explain for CitizenError {
    fn explain(&self) -> Message {
        match self {
            CitizenError::Cpr(e) => e.explain(),
            CitizenError::Text(e) => e.explain(),
            CitizenError::Email => Message::new(self.to_string(), "the email address is not valid"),
        }
    }
}

impl Explain for DocumentError {
    fn explain(&self) -> Message {
        let en = match self {
            DocumentError::Empty => "the file is empty".to_string(),
            DocumentError::TooLarge => {
                format!("the file is too large: at most {DOCUMENT_MAX_BYTES} bytes")
            }
            DocumentError::UnsupportedType => {
                "the file type is not allowed; use PDF, PNG, JPEG or text".to_string()
            }
            DocumentError::ContentMismatch => {
                "the file's content does not match its type".to_string()
            }
            DocumentError::BadFilename => "the file name is not valid".to_string(),
        };
        Message::new(self.to_string(), en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpr::Cpr;

    #[test]
    fn both_languages() {
        let Err(e) = Cpr::parse("12") else {
            panic!("invalid")
        };
        let m = e.explain();
        assert!(m.da.contains("10 cifre") && m.en.contains("10 digits"));
        let t = crate::text::required("", "navn", 5).unwrap_err().explain();
        assert_eq!(
            (t.da.as_str(), t.en.as_str()),
            ("navn skal udfyldes", "name is required")
        );
        assert_eq!(m.get(true), m.en);
    }
}
