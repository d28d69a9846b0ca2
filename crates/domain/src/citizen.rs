//! A citizen: identified by CPR within a municipality.

use crate::cpr::{Cpr, CprError, CprWarning};
use crate::text::{self, TextError, SHORT_MAX_BYTES};
use crate::{CitizenId, MunicipalityId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, Serialize)]
pub struct Citizen {
    pub id: CitizenId,
    pub municipality_id: MunicipalityId,
    pub cpr: Cpr,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CitizenError {
    #[error(transparent)]
    Cpr(#[from] CprError),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("e-mailadressen er ikke gyldig")]
    Email,
}

/// What a user typed to create or edit a citizen.
#[derive(Debug, Clone, Default)]
pub struct CitizenInput<'a> {
    pub cpr: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub address: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct ValidCitizen {
    pub cpr: Cpr,
    pub warning: Option<CprWarning>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl CitizenInput<'_> {
    pub fn validate(&self) -> Result<ValidCitizen, CitizenError> {
        let (cpr, warning) = Cpr::parse(self.cpr)?;
        let name = text::required(self.name, "name", SHORT_MAX_BYTES)?;
        let phone = text::optional(self.phone, "phone", 40)?;
        let email = text::optional(self.email, "email", SHORT_MAX_BYTES)?;
        if let Some(e) = &email {
            let ok = e
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !e.contains(' '));
            if !ok {
                return Err(CitizenError::Email);
            }
        }
        let address = text::optional(self.address, "address", SHORT_MAX_BYTES)?;
        Ok(ValidCitizen {
            cpr,
            warning,
            name,
            phone,
            email,
            address,
        })
    }
}
