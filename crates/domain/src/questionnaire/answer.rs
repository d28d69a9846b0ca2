//! Answers: what the citizen gave for each item, checked against the item.

use super::definition::{Item, ItemKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AnswerValue {
    Choice(String),
    Choices(Vec<String>),
    Scale(i64),
    Number(f64),
    Date(NaiveDate),
    Text(String),
}

impl AnswerValue {
    /// A numeric reading, for thresholds and skip logic.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            AnswerValue::Scale(v) => Some(*v as f64),
            AnswerValue::Number(v) => Some(*v),
            _ => None,
        }
    }

    /// The chosen option values.
    pub fn chosen(&self) -> Vec<&str> {
        match self {
            AnswerValue::Choice(c) => vec![c.as_str()],
            AnswerValue::Choices(cs) => cs.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

pub type Answers = BTreeMap<String, AnswerValue>;

pub const DEFAULT_TEXT_MAX: usize = 2000;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum AnswerError {
    #[error("svaret er ikke en af mulighederne")]
    NotAnOption,
    #[error("vælg kun én mulighed")]
    OneOnly,
    #[error("den samme mulighed er valgt to gange")]
    Duplicate,
    #[error("svaret skal være et helt tal fra {min} til {max}")]
    OutOfScale { min: i64, max: i64 },
    #[error("svaret skal være et tal fra {min} til {max}")]
    OutOfRange { min: String, max: String },
    #[error("svaret skal være et tal")]
    NotANumber,
    #[error("svaret skal være et helt tal")]
    NotAnInteger,
    #[error("svaret skal være en dato (dd-mm-åååå)")]
    NotADate,
    #[error("svaret er for langt: højst {0} tegn")]
    TooLong(usize),
    #[error("spørgsmålet findes ikke i skemaet")]
    UnknownItem,
}

/// A page of the form as posted: the answers given, the items left blank
/// (their earlier answer is cleared), and the items whose answer was refused.
#[derive(Debug, Default)]
pub struct PageAnswers {
    pub given: Answers,
    pub cleared: Vec<String>,
    pub refused: Vec<(String, AnswerError)>,
}

impl super::Definition {
    /// Reads page `page` (from 0) of the form from the posted fields: every
    /// value of an item's field, in the order posted. Fields that are no
    /// item of the page are ignored. `None` if there is no such page.
    pub fn read_page(&self, page: usize, form: &[(String, String)]) -> Option<PageAnswers> {
        let p = self.pages.get(page)?;
        let mut read = PageAnswers::default();
        for key in &p.items {
            let Some(item) = self.item(key) else {
                continue;
            };
            let raw: Vec<&str> = form
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .collect();
            match item.read(&raw) {
                Ok(Some(v)) => {
                    read.given.insert(key.clone(), v);
                }
                Ok(None) => read.cleared.push(key.clone()),
                Err(e) => read.refused.push((key.clone(), e)),
            }
        }
        Some(read)
    }
}

impl Item {
    /// Reads an answer from form values. No values, or only empty ones, is
    /// "not answered" (`Ok(None)`); anything else must be a valid answer.
    pub fn read(&self, raw: &[&str]) -> Result<Option<AnswerValue>, AnswerError> {
        let given: Vec<&str> = raw
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if given.is_empty() {
            return Ok(None);
        }
        let one = || {
            if given.len() == 1 {
                Ok(given[0])
            } else {
                Err(AnswerError::OneOnly)
            }
        };
        let value = match self.kind {
            ItemKind::SingleChoice => AnswerValue::Choice(self.option(one()?)?),
            ItemKind::MultipleChoice => {
                let mut out: Vec<String> = Vec::new();
                for g in &given {
                    let v = self.option(g)?;
                    if out.contains(&v) {
                        return Err(AnswerError::Duplicate);
                    }
                    out.push(v);
                }
                AnswerValue::Choices(out)
            }
            ItemKind::Scale => {
                let (min, max) = self.scale.as_ref().map_or((0, 10), |s| (s.min, s.max));
                let s = one()?;
                // Only plain digits: "3,5", "3.0", "NaN", "+3" are not scale answers.
                let digits = s.strip_prefix('-').unwrap_or(s);
                if digits.is_empty()
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || digits.len() > 6
                {
                    return Err(AnswerError::OutOfScale { min, max });
                }
                let v: i64 = s
                    .parse()
                    .map_err(|_| AnswerError::OutOfScale { min, max })?;
                if v < min || v > max {
                    return Err(AnswerError::OutOfScale { min, max });
                }
                AnswerValue::Scale(v)
            }
            ItemKind::Number => {
                let s = one()?.replace(',', ".");
                let v: f64 = s.parse().map_err(|_| AnswerError::NotANumber)?;
                if !v.is_finite() {
                    return Err(AnswerError::NotANumber);
                }
                if let Some(r) = &self.number {
                    if r.integer && v.fract() != 0.0 {
                        return Err(AnswerError::NotAnInteger);
                    }
                    if v < r.min || v > r.max {
                        return Err(AnswerError::OutOfRange {
                            min: r.min.to_string(),
                            max: r.max.to_string(),
                        });
                    }
                }
                AnswerValue::Number(v)
            }
            ItemKind::Date => {
                AnswerValue::Date(crate::time::parse_date(one()?).ok_or(AnswerError::NotADate)?)
            }
            ItemKind::Text => {
                let t: String = given.join("\n").nfc().collect();
                let max = self.max_length.unwrap_or(DEFAULT_TEXT_MAX);
                if t.chars().count() > max {
                    return Err(AnswerError::TooLong(max));
                }
                AnswerValue::Text(t)
            }
        };
        Ok(Some(value))
    }

    fn option(&self, v: &str) -> Result<String, AnswerError> {
        self.options
            .iter()
            .find(|o| o.value == v)
            .map(|o| o.value.clone())
            .ok_or(AnswerError::NotAnOption)
    }

    /// Checks a stored answer (e.g. from the API) the same way as form input.
    pub fn check(&self, value: &AnswerValue) -> Result<(), AnswerError> {
        let raw: Vec<String> = match value {
            AnswerValue::Choice(c) => vec![c.clone()],
            AnswerValue::Choices(cs) => cs.clone(),
            AnswerValue::Scale(v) => vec![v.to_string()],
            AnswerValue::Number(v) => vec![v.to_string()],
            AnswerValue::Date(d) => vec![d.to_string()],
            AnswerValue::Text(t) => vec![t.clone()],
        };
        let kind_fits = matches!(
            (self.kind, value),
            (ItemKind::SingleChoice, AnswerValue::Choice(_))
                | (ItemKind::MultipleChoice, AnswerValue::Choices(_))
                | (ItemKind::Scale, AnswerValue::Scale(_))
                | (ItemKind::Number, AnswerValue::Number(_))
                | (ItemKind::Date, AnswerValue::Date(_))
                | (ItemKind::Text, AnswerValue::Text(_))
        );
        if !kind_fits {
            return Err(match self.kind {
                ItemKind::Scale => AnswerError::OutOfScale {
                    min: self.scale.as_ref().map_or(0, |s| s.min),
                    max: self.scale.as_ref().map_or(10, |s| s.max),
                },
                ItemKind::Number => AnswerError::NotANumber,
                ItemKind::Date => AnswerError::NotADate,
                _ => AnswerError::NotAnOption,
            });
        }
        let refs: Vec<&str> = raw.iter().map(String::as_str).collect();
        self.read(&refs).map(|_| ())
    }
}
