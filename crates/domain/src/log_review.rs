//! Log review (issue 25, part 4): the data protection officer's and the
//! managers' routine check of who read whom. Spot checks of random reads,
//! each marked fine or suspicious with a note; and a list of anomalies
//! found in the recent reads. Pure rules; the store reads the log and the
//! web layer shows it.

use crate::audit::{AuditAction, AuditEntry};
use crate::time::to_copenhagen;
use crate::{CitizenId, UserId};
use chrono::{DateTime, Duration, Timelike, Utc};
use std::collections::{BTreeMap, HashSet};

/// A reviewer's verdict on one read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Fine,
    Suspicious,
}

impl Verdict {
    pub const ALL: [Verdict; 2] = [Verdict::Fine, Verdict::Suspicious];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Fine => "fine",
            Verdict::Suspicious => "suspicious",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == s)
    }
}

/// What makes a read stand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnomalyKind {
    /// A citizen the reader has no course with (nor a stated purpose).
    OutsideCaseload,
    /// Between 22:00 and 06:00, Danish time.
    AtNight,
    /// More than [`BURST_CITIZENS`] citizens within [`BURST_MINUTES`].
    ManyCitizens,
    /// The citizen has the reader's surname.
    SameSurname,
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 4] = [
        AnomalyKind::OutsideCaseload,
        AnomalyKind::AtNight,
        AnomalyKind::ManyCitizens,
        AnomalyKind::SameSurname,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AnomalyKind::OutsideCaseload => "outside_caseload",
            AnomalyKind::AtNight => "at_night",
            AnomalyKind::ManyCitizens => "many_citizens",
            AnomalyKind::SameSurname => "same_surname",
        }
    }
}

/// How many different citizens one reader may open within the window
/// before it stands out. Lists show 25 at a time, so a few pages are fine.
pub const BURST_CITIZENS: usize = 100;
pub const BURST_MINUTES: i64 = 10;

/// A read that stands out, or (for [`AnomalyKind::ManyCitizens`]) the
/// first read of the burst with the number of citizens in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    pub seq: i64,
    pub user: Option<UserId>,
    pub username: String,
    pub citizen: Option<CitizenId>,
    pub at: DateTime<Utc>,
    pub citizens: usize,
}

/// Whether an entry is a use of one citizen's data in casework: by a
/// caseworker, a health professional or a provider. The reviewers' own
/// oversight reads (the log review, the access log, purpose reviews) are
/// audited like every read, but are not themselves spot-checked or
/// flagged: each page of the review names citizens, and would otherwise
/// feed the next.
pub fn is_staff_read(e: &AuditEntry) -> bool {
    use crate::user::Role;
    matches!(
        e.event.action,
        AuditAction::Read | AuditAction::Search | AuditAction::Export
    ) && e.event.citizen_id.is_some()
        && e.event.user_id.is_some()
        && e.event.role.is_some_and(|r| {
            matches!(
                r,
                Role::Caseworker | Role::HealthProfessional | Role::Provider
            )
        })
}

/// Between 22:00 and 06:00 in Copenhagen.
pub fn at_night(at: DateTime<Utc>) -> bool {
    let h = to_copenhagen(at).hour();
    !(6..22).contains(&h)
}

/// The last word of a name, for comparing surnames (case and accents as
/// typed; "Karen Hansen" and "hansen" match).
pub fn surname(name: &str) -> Option<String> {
    name.split_whitespace().last().map(|w| w.to_lowercase())
}

/// The anomalies among `entries` (any order). `outside` says whether a
/// reader has no relationship with a citizen; `names` gives the reader's
/// and the citizen's names where known.
pub fn anomalies(
    entries: &[AuditEntry],
    outside: impl Fn(UserId, CitizenId) -> bool,
    reader_name: impl Fn(UserId) -> Option<String>,
    citizen_name: impl Fn(CitizenId) -> Option<String>,
) -> Vec<Anomaly> {
    let mut reads: Vec<&AuditEntry> = entries.iter().filter(|e| is_staff_read(e)).collect();
    reads.sort_by_key(|e| e.seq);
    let mut out = Vec::new();
    let anomaly = |kind, e: &AuditEntry, citizens| Anomaly {
        kind,
        seq: e.seq,
        user: e.event.user_id,
        username: e.event.username.clone(),
        citizen: e.event.citizen_id,
        at: e.event.at,
        citizens,
    };
    // One line per reader and citizen for the same kind: the first read.
    let mut seen: HashSet<(AnomalyKind, UserId, CitizenId)> = HashSet::new();
    for e in &reads {
        let (Some(u), Some(c)) = (e.event.user_id, e.event.citizen_id) else {
            continue;
        };
        let mut flag = |kind| {
            if seen.insert((kind, u, c)) {
                out.push(anomaly(kind, e, 1));
            }
        };
        if outside(u, c) {
            flag(AnomalyKind::OutsideCaseload);
        }
        if at_night(e.event.at) {
            flag(AnomalyKind::AtNight);
        }
        if let (Some(a), Some(b)) = (
            reader_name(u).as_deref().and_then(surname),
            citizen_name(c).as_deref().and_then(surname),
        ) {
            if a == b {
                flag(AnomalyKind::SameSurname);
            }
        }
    }
    // Bursts: per reader, a sliding window over their reads.
    let mut by_user: BTreeMap<UserId, Vec<&AuditEntry>> = BTreeMap::new();
    for e in &reads {
        if let Some(u) = e.event.user_id {
            by_user.entry(u).or_default().push(e);
        }
    }
    let window = Duration::minutes(BURST_MINUTES);
    for list in by_user.values() {
        let mut start = 0;
        let mut i = 0;
        while i < list.len() {
            while list[i].event.at - list[start].event.at > window {
                start += 1;
            }
            let citizens: HashSet<CitizenId> = list[start..=i]
                .iter()
                .filter_map(|e| e.event.citizen_id)
                .collect();
            if citizens.len() > BURST_CITIZENS {
                out.push(anomaly(
                    AnomalyKind::ManyCitizens,
                    list[start],
                    citizens.len(),
                ));
                // The next burst starts after this window.
                let end = list[start].event.at + window;
                while i < list.len() && list[i].event.at <= end {
                    i += 1;
                }
                start = i;
                continue;
            }
            i += 1;
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(a.kind.cmp(&b.kind)));
    out
}

#[cfg(test)]
mod tests;
