//! The definitions Jobspor ships, embedded so they load at start.

/// (file name, JSON)
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "oempsq-10.json",
        include_str!("../../definitions/oempsq-10.json"),
    ),
    (
        "jobspor-screening-kontanthjaelp.json",
        include_str!("../../definitions/jobspor-screening-kontanthjaelp.json"),
    ),
    (
        "jobspor-screening-sygedagpenge.json",
        include_str!("../../definitions/jobspor-screening-sygedagpenge.json"),
    ),
];

use super::{Definition, DefinitionError, StoredDefinition, SHIPPED_SCOPE};
use sha2::{Digest, Sha256};

/// The shipped definitions, checked and ready to store. `now` stamps them.
pub fn stored(
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<StoredDefinition>, Vec<DefinitionError>> {
    DEFINITIONS
        .iter()
        .map(|(name, json)| {
            let d = Definition::parse(json, name)?;
            Ok(StoredDefinition {
                id: crate::DefinitionId::new(),
                scope: SHIPPED_SCOPE.to_string(),
                key: d.key.clone(),
                version: d.version,
                title: d.title.get("da").to_string(),
                body: (*json).to_string(),
                sha256: hex::encode(Sha256::digest(json.as_bytes())),
                created_at: now,
            })
        })
        .collect()
}
