//! The audit trail: who did what to whose personal data, and why.
//!
//! Entries form a hash chain per municipality: each entry's hash covers its
//! fields and the previous entry's hash, so changing or removing an entry (or
//! cutting off the tail, checked against the chain head) is detectable.

use crate::user::Role;
use crate::{CitizenId, MunicipalityId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Search,
    Create,
    Update,
    Export,
    Delete,
    Login,
    Logout,
    LoginFailed,
}

impl AuditAction {
    pub const ALL: [AuditAction; 9] = [
        AuditAction::Read,
        AuditAction::Search,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Export,
        AuditAction::Delete,
        AuditAction::Login,
        AuditAction::Logout,
        AuditAction::LoginFailed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Search => "search",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Export => "export",
            AuditAction::Delete => "delete",
            AuditAction::Login => "login",
            AuditAction::Logout => "logout",
            AuditAction::LoginFailed => "login_failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// An entry about to be written (the store assigns sequence and hashes).
#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub municipality_id: MunicipalityId,
    pub user_id: Option<UserId>,
    pub username: String,
    pub role: Option<Role>,
    pub action: AuditAction,
    pub citizen_id: Option<CitizenId>,
    /// What was touched, e.g. "course:<id>" or "journal:<id>".
    pub object: String,
    /// Why, or the search criterion (CPR numbers masked).
    pub purpose: String,
}

/// A stored entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of the chain's start.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry given its sequence number and the previous hash.
pub fn entry_hash(seq: i64, e: &AuditEvent, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let fields: [String; 10] = [
        seq.to_string(),
        e.at.timestamp_micros().to_string(),
        e.municipality_id.to_string(),
        e.user_id.map(|u| u.to_string()).unwrap_or_default(),
        e.username.clone(),
        e.role.map(|r| r.code().to_string()).unwrap_or_default(),
        e.action.code().to_string(),
        e.citizen_id.map(|c| c.to_string()).unwrap_or_default(),
        e.object.clone(),
        e.purpose.clone(),
    ];
    h.update(prev_hash.as_bytes());
    for f in &fields {
        // Length-prefix each field so that no two field lists hash alike.
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChainProblem {
    /// A sequence number is missing (an entry was removed).
    Gap { expected: i64, found: i64 },
    /// An entry's stored previous hash does not match its predecessor.
    BrokenLink { seq: i64 },
    /// An entry's content does not match its hash (it was changed).
    Tampered { seq: i64 },
    /// The chain ends before the recorded head (the tail was removed).
    Truncated { head_seq: i64, last_seq: i64 },
}

/// Incremental verification of one municipality's chain, in sequence order.
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    pub problems: Vec<ChainProblem>,
    pub checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            problems: Vec::new(),
            checked: 0,
        }
    }

    /// Verification that starts after a checkpoint: the last entry pruned
    /// from the chain's start (retention), whose hash the next one names.
    pub fn from_checkpoint(seq: i64, hash: &str) -> Self {
        ChainVerifier {
            expected_seq: seq + 1,
            prev_hash: hash.to_string(),
            problems: Vec::new(),
            checked: 0,
        }
    }

    pub fn push(&mut self, entry: &AuditEntry) {
        self.checked += 1;
        if entry.seq != self.expected_seq {
            self.problems.push(ChainProblem::Gap {
                expected: self.expected_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != self.prev_hash {
            self.problems
                .push(ChainProblem::BrokenLink { seq: entry.seq });
        }
        if entry_hash(entry.seq, &entry.event, &entry.prev_hash) != entry.hash {
            self.problems
                .push(ChainProblem::Tampered { seq: entry.seq });
        }
        self.expected_seq = entry.seq + 1;
        self.prev_hash = entry.hash.clone();
    }

    /// Compares with the head the store keeps (last sequence and hash).
    pub fn finish(mut self, head_seq: i64, head_hash: &str) -> Vec<ChainProblem> {
        let last = self.expected_seq - 1;
        if last != head_seq || (head_seq > 0 && self.prev_hash != head_hash) {
            self.problems.push(ChainProblem::Truncated {
                head_seq,
                last_seq: last,
            });
        }
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(purpose: &str) -> AuditEvent {
        AuditEvent {
            at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            municipality_id: MunicipalityId::new(),
            user_id: Some(UserId::new()),
            username: "sagsbehandler".into(),
            role: Some(Role::Caseworker),
            action: AuditAction::Read,
            citizen_id: Some(CitizenId::new()),
            object: "citizen".into(),
            purpose: purpose.into(),
        }
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let event = ev(&format!("p{seq}"));
                let hash = entry_hash(seq, &event, &prev);
                let e = AuditEntry {
                    seq,
                    event,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: (i64, &str)) -> Vec<ChainProblem> {
        let mut v = ChainVerifier::new();
        entries.iter().for_each(|e| v.push(e));
        v.finish(head.0, head.1)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert!(verify(&c, (5, &c[4].hash)).is_empty());
    }

    #[test]
    fn detects_change_removal_and_truncation() {
        let c = chain(5);
        let head = c[4].hash.clone();
        let mut changed = c.clone();
        changed[2].event.purpose = "other".into();
        assert_eq!(
            verify(&changed, (5, &head)),
            vec![ChainProblem::Tampered { seq: 3 }]
        );
        let mut removed = c.clone();
        removed.remove(1);
        assert!(verify(&removed, (5, &head)).contains(&ChainProblem::Gap {
            expected: 2,
            found: 3
        }));
        assert!(matches!(
            verify(&c[..4], (5, &head))[..],
            [ChainProblem::Truncated { .. }]
        ));
    }
}
