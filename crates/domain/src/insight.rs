//! The citizen's right of access and portability (GDPR art. 15 and 20):
//! everything the municipality holds about one citizen, section by section
//! (the citizen, their courses, journal, plan, ratings, consents, documents,
//! who has used their data, …), as the store read it in one snapshot.
//!
//! Each section is a list of rows; each row names its fields by the stored
//! column and says what kind of value it holds, so the same export becomes
//! JSON for another system (art. 20) and a readable document for the
//! citizen (art. 15). Members of staff appear by name, catalogue entries
//! (interventions, units, questionnaires) by their name, and codes keep the
//! kind of code they are so a reader can give them their word.

use chrono::{DateTime, NaiveDate, Utc};

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    /// A long text (a journal note, a statement): shown as a paragraph.
    Long(String),
    Int(i64),
    Flag(bool),
    Date(NaiveDate),
    Instant(DateTime<Utc>),
    /// A code of a kind with words in the catalogue (`course_status`,
    /// `active`): the reader looks up `KIND.CODE`.
    Code {
        kind: &'static str,
        code: String,
    },
    /// Structured data kept as JSON (questionnaire answers, GAS levels).
    Json(String),
    /// The identity of a row inside the export, so rows can be linked
    /// (JSON only: a person reads names, not ids).
    Id(String),
    /// A file's bytes (documents).
    Bytes(Vec<u8>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// One field of a row: the stored column's name and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub value: Value,
}

pub type Row = Vec<Field>;

/// One kind of data held about the citizen, e.g. `journal` or `ratings`.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub key: &'static str,
    pub rows: Vec<Row>,
}

/// Everything held about one citizen.
#[derive(Debug, Clone, PartialEq)]
pub struct Insight {
    pub municipality: String,
    pub produced_at: DateTime<Utc>,
    pub sections: Vec<Section>,
}

impl Insight {
    /// The section of a key (every section is present, empty or not).
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// How many rows the export holds in all.
    pub fn rows(&self) -> usize {
        self.sections.iter().map(|s| s.rows.len()).sum()
    }
}

/// The value of a field in a row, by column name.
pub fn field<'a>(row: &'a Row, name: &str) -> Option<&'a Value> {
    row.iter().find(|f| f.name == name).map(|f| &f.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_and_counts_rows() {
        let row = vec![
            Field {
                name: "name",
                value: Value::Text("Ida".into()),
            },
            Field {
                name: "phone",
                value: Value::Null,
            },
        ];
        let i = Insight {
            municipality: "Hjørring".into(),
            produced_at: Utc::now(),
            sections: vec![
                Section {
                    key: "citizen",
                    rows: vec![row.clone()],
                },
                Section {
                    key: "journal",
                    rows: vec![],
                },
            ],
        };
        assert_eq!(i.rows(), 1);
        assert_eq!(i.section("journal").map(|s| s.rows.len()), Some(0));
        assert!(i.section("nothing").is_none());
        assert_eq!(field(&row, "name"), Some(&Value::Text("Ida".into())));
        assert!(field(&row, "phone").is_some_and(Value::is_null));
        assert!(field(&row, "email").is_none());
    }
}
