//! Contact persons on a course: GP, employer, union, relatives, other professionals.

use crate::text::{self, TextError, SHORT_MAX_BYTES};
use crate::{ContactId, CourseId, MunicipalityId};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ContactPerson {
    pub id: ContactId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub name: String,
    /// Relation to the citizen, e.g. "Egen læge", "Arbejdsgiver".
    pub relation: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub struct ContactInput<'a> {
    pub name: &'a str,
    pub relation: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
}

pub struct ValidContact {
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl ContactInput<'_> {
    pub fn validate(&self) -> Result<ValidContact, TextError> {
        Ok(ValidContact {
            name: text::required(self.name, "name", SHORT_MAX_BYTES)?,
            relation: text::required(self.relation, "relation", SHORT_MAX_BYTES)?,
            phone: text::optional(self.phone, "phone", 40)?,
            email: text::optional(self.email, "email", SHORT_MAX_BYTES)?,
        })
    }
}
