//! Anchoring the audit chain outside the database. The chain detects a
//! changed entry, but someone who can write the database can recompute every
//! later hash, or cut the tail and rewind the head: its only reference point
//! lives in the same database. So, at least every minute, each chain's head
//! (sequence number and hash) is written as a **checkpoint** somewhere the
//! database cannot reach (an append-only file, syslog), with an HMAC under a
//! key the database never holds. `audit verify` then checks the chain
//! against every checkpoint: an entry whose hash differs from the one a
//! checkpoint saw was rewritten; a chain shorter than a checkpoint saw was
//! cut. No I/O here: the binary reads and writes the file.

use crate::MunicipalityId;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// One chain head as it was at `at`, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub at: DateTime<Utc>,
    pub municipality: MunicipalityId,
    pub seq: i64,
    pub hash: String,
    /// Written by the retention job when it has pruned the chain's start
    /// up to and including `seq` (whose hash the next entry names): the
    /// chain may begin after it. Signed with the rest.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pruned: bool,
    /// HMAC-SHA256 (hex) of the fields above under the anchor key.
    pub mac: String,
}

/// A key of at least 32 bytes: anything shorter is refused.
pub const MIN_KEY_BYTES: usize = 32;

/// The HMAC of a checkpoint's fields under `key`, ready to finish or verify.
fn mac_over(
    key: &[u8],
    at: DateTime<Utc>,
    m: MunicipalityId,
    seq: i64,
    hash: &str,
    pruned: bool,
) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    let mut fields = vec![
        at.timestamp_micros().to_string(),
        m.to_string(),
        seq.to_string(),
        hash.to_string(),
    ];
    // Only a prune adds a field, so every head checkpoint written before
    // prunes existed still verifies.
    if pruned {
        fields.push("pruned".to_string());
    }
    for field in fields {
        // Length-prefixed, so that no two field lists sign alike.
        mac.update(&(field.len() as u64).to_be_bytes());
        mac.update(field.as_bytes());
    }
    Some(mac)
}

impl Checkpoint {
    /// The head of `m`'s chain at `at`, signed with `key`; `None` for a key
    /// shorter than [`MIN_KEY_BYTES`].
    pub fn sign(
        key: &[u8],
        at: DateTime<Utc>,
        m: MunicipalityId,
        seq: i64,
        hash: &str,
    ) -> Option<Checkpoint> {
        Self::signed(key, at, m, seq, hash, false)
    }

    /// The retention job's word that it pruned `m`'s chain up to `seq`,
    /// whose hash was `hash`.
    pub fn sign_prune(
        key: &[u8],
        at: DateTime<Utc>,
        m: MunicipalityId,
        seq: i64,
        hash: &str,
    ) -> Option<Checkpoint> {
        Self::signed(key, at, m, seq, hash, true)
    }

    fn signed(
        key: &[u8],
        at: DateTime<Utc>,
        m: MunicipalityId,
        seq: i64,
        hash: &str,
        pruned: bool,
    ) -> Option<Checkpoint> {
        if key.len() < MIN_KEY_BYTES {
            return None;
        }
        Some(Checkpoint {
            at,
            municipality: m,
            seq,
            hash: hash.to_string(),
            pruned,
            mac: hex::encode(
                mac_over(key, at, m, seq, hash, pruned)?
                    .finalize()
                    .into_bytes(),
            ),
        })
    }

    /// Whether the checkpoint was signed with `key` and not changed since.
    pub fn genuine(&self, key: &[u8]) -> bool {
        let Some(mac) = mac_over(
            key,
            self.at,
            self.municipality,
            self.seq,
            &self.hash,
            self.pruned,
        ) else {
            return false;
        };
        // verify_slice compares in constant time.
        hex::decode(&self.mac).is_ok_and(|m| mac.verify_slice(&m).is_ok())
    }
}

/// What a checkpoint shows about the chain as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AnchorProblem {
    /// The checkpoint's signature does not hold: forged or changed.
    Forged { line: usize },
    /// The chain ends before the entry a checkpoint saw: its tail was cut
    /// (and the head rewound).
    Truncated { checkpoint_seq: i64, head_seq: i64 },
    /// The entry a checkpoint saw now has another hash: the chain was
    /// rewritten from there on (every later hash recomputed).
    Rewritten { seq: i64 },
    /// A chain that a checkpoint saw is gone altogether.
    Missing,
    /// The chain's start was removed up to `seq` with no signed word of
    /// the retention job for it: someone cut it and claimed a prune.
    UnsignedPrune { seq: i64 },
}

/// The prunes the database records (its checkpoints, `seq` and `hash`)
/// that no genuine prune checkpoint of the retention job vouches for.
pub fn unsigned_prunes(
    prunes: &[(MunicipalityId, i64, String)],
    checkpoints: &[Checkpoint],
) -> Vec<(MunicipalityId, AnchorProblem)> {
    prunes
        .iter()
        .filter(|(m, seq, hash)| {
            !checkpoints
                .iter()
                .any(|c| c.pruned && c.municipality == *m && c.seq == *seq && c.hash == *hash)
        })
        .map(|(m, seq, _)| (*m, AnchorProblem::UnsignedPrune { seq: *seq }))
        .collect()
}

/// Checks one genuine checkpoint against the chain as it is now: its head's
/// sequence number, and the hash now stored for the checkpoint's entry.
pub fn check(
    cp: &Checkpoint,
    head_seq: Option<i64>,
    hash_now: Option<&str>,
) -> Option<AnchorProblem> {
    let Some(head) = head_seq else {
        return Some(AnchorProblem::Missing);
    };
    if head < cp.seq {
        return Some(AnchorProblem::Truncated {
            checkpoint_seq: cp.seq,
            head_seq: head,
        });
    }
    match hash_now {
        Some(h) if h == cp.hash => None,
        // An entry removed from the middle is the chain's own finding.
        None => None,
        Some(_) => Some(AnchorProblem::Rewritten { seq: cp.seq }),
    }
}

/// Reads checkpoint lines (JSON, one a line); a line that does not parse or
/// whose signature fails is reported as forged, by its 1-based number.
pub fn read_lines(text: &str, key: &[u8]) -> (Vec<Checkpoint>, Vec<AnchorProblem>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Checkpoint>(line) {
            Ok(cp) if cp.genuine(key) => good.push(cp),
            _ => bad.push(AnchorProblem::Forged { line: i + 1 }),
        }
    }
    (good, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_checkpoint_holds_only_under_its_key_and_unchanged() {
        let m = MunicipalityId::new();
        let cp = Checkpoint::sign(KEY, Utc::now(), m, 42, "abc").unwrap();
        assert!(cp.genuine(KEY));
        assert!(!cp.genuine(b"another key, also thirty-two bytes!"));
        let mut moved = cp.clone();
        moved.seq = 41;
        assert!(!moved.genuine(KEY));
        let mut rehashed = cp.clone();
        rehashed.hash = "abd".into();
        assert!(!rehashed.genuine(KEY));
        assert!(Checkpoint::sign(b"short", Utc::now(), m, 1, "x").is_none());
    }

    #[test]
    fn the_chain_is_checked_against_what_the_checkpoint_saw() {
        let m = MunicipalityId::new();
        let cp = Checkpoint::sign(KEY, Utc::now(), m, 10, "h10").unwrap();
        assert_eq!(check(&cp, Some(12), Some("h10")), None);
        assert_eq!(
            check(&cp, Some(8), None),
            Some(AnchorProblem::Truncated {
                checkpoint_seq: 10,
                head_seq: 8
            })
        );
        assert_eq!(
            check(&cp, Some(12), Some("x")),
            Some(AnchorProblem::Rewritten { seq: 10 })
        );
        assert_eq!(check(&cp, None, None), Some(AnchorProblem::Missing));
    }

    #[test]
    fn lines_that_do_not_parse_or_verify_are_forged() {
        let m = MunicipalityId::new();
        let cp = Checkpoint::sign(KEY, Utc::now(), m, 3, "h3").unwrap();
        let good = serde_json::to_string(&cp).unwrap();
        let forged = good.replace("\"seq\":3", "\"seq\":2");
        let text = format!("{good}\n\nnot json\n{forged}\n");
        let (ok, bad) = read_lines(&text, KEY);
        assert_eq!(ok, vec![cp]);
        assert_eq!(
            bad,
            vec![
                AnchorProblem::Forged { line: 3 },
                AnchorProblem::Forged { line: 4 }
            ]
        );
    }

    #[test]
    fn a_prune_is_vouched_for_only_by_the_jobs_signed_word() {
        let key = [7u8; 32];
        let m = MunicipalityId::new();
        let at = Utc::now();
        let head = Checkpoint::sign(&key, at, m, 10, "h10").unwrap();
        let prune = Checkpoint::sign_prune(&key, at, m, 10, "h10").unwrap();
        assert!(head.genuine(&key) && prune.genuine(&key));
        // The flag is signed: a head checkpoint cannot be passed off as one.
        let passed_off = Checkpoint {
            pruned: true,
            ..head.clone()
        };
        assert!(!passed_off.genuine(&key));
        // Old lines, written before prunes existed, still read and verify.
        let line = serde_json::to_string(&head).unwrap();
        assert!(!line.contains("pruned"));
        let back: Checkpoint = serde_json::from_str(&line).unwrap();
        assert!(back.genuine(&key) && !back.pruned);
        let recorded = vec![(m, 10, "h10".to_string())];
        assert!(unsigned_prunes(&recorded, std::slice::from_ref(&prune)).is_empty());
        assert_eq!(
            unsigned_prunes(&recorded, &[head]),
            vec![(m, AnchorProblem::UnsignedPrune { seq: 10 })]
        );
        let other = vec![(m, 10, "forged".to_string())];
        assert_eq!(unsigned_prunes(&other, &[prune]).len(), 1);
    }
}
