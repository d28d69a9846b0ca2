//! The journal (historik): append-only dated entries. A correction is a new
//! entry that points at the one it corrects; nothing is edited or deleted.

use crate::text::{self, TextError, JOURNAL_MAX_BYTES};
use crate::user::Role;
use crate::{CourseId, JournalEntryId, MunicipalityId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct JournalEntry {
    pub id: JournalEntryId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub author_id: UserId,
    pub author_name: String,
    pub author_role: Role,
    /// The civil date the entry concerns (defaults to today).
    pub entry_date: NaiveDate,
    pub text: String,
    pub corrects: Option<JournalEntryId>,
    pub created_at: DateTime<Utc>,
}

pub fn validate_text(input: &str) -> Result<String, TextError> {
    text::required(input, "text", JOURNAL_MAX_BYTES)
}
