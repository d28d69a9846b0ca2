//! Imports running in the background, so the page can show how far one
//! has got while it is written (a large file takes tens of seconds): each
//! job belongs to the administrator who started it, and is forgotten an
//! hour after it ends.

use super::service::{ImportError, Refusal, Step, Summary};
use jobspor_domain::message::Message;
use jobspor_domain::{MunicipalityId, UserId};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a finished job's outcome can be looked at.
const KEPT: Duration = Duration::from_secs(3600);

/// How a job ended.
#[derive(Debug, Clone)]
pub enum End {
    Imported(Summary),
    /// Refused lines: nothing imported.
    Refused(Refusal),
    /// Why nothing was imported (the cause of a store failure is logged).
    Failed(Vec<Message>),
}

#[derive(Debug, Clone)]
pub struct Job {
    pub municipality: MunicipalityId,
    pub user: UserId,
    pub started: Instant,
    pub step: Option<Step>,
    pub end: Option<(End, Instant)>,
}

#[derive(Default)]
pub struct Jobs(Mutex<HashMap<Uuid, Job>>);

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Job>> {
        // A panic while the lock was held leaves whole entries only.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a new job (and forgets those ended long ago).
    pub fn start(&self, municipality: MunicipalityId, user: UserId) -> Uuid {
        let id = Uuid::now_v7();
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.end.as_ref().is_none_or(|(_, at)| at.elapsed() < KEPT));
        jobs.insert(
            id,
            Job {
                municipality,
                user,
                started: Instant::now(),
                step: None,
                end: None,
            },
        );
        id
    }

    pub fn step(&self, id: Uuid, step: Step) {
        if let Some(j) = self.lock().get_mut(&id) {
            j.step = Some(step);
        }
    }

    pub fn end(&self, id: Uuid, end: End) {
        if let Some(j) = self.lock().get_mut(&id) {
            j.end = Some((end, Instant::now()));
        }
    }

    /// Records how the import ended.
    pub fn job_done(&self, id: Uuid, result: Result<Summary, ImportError>) {
        let end = match result {
            Ok(done) => End::Imported(done),
            Err(ImportError::Lines(r)) => End::Refused(r),
            Err(ImportError::Refused(ms)) => End::Failed(ms),
            Err(ImportError::NotAllowed) => End::Failed(vec![Message::new("error.not_found")]),
            Err(ImportError::Store(e)) => {
                tracing::error!(error = %e, "an import failed; nothing was written");
                End::Failed(vec![Message::new("invalid.import_failed")])
            }
        };
        self.end(id, end);
    }

    /// The job, for the one who started it; `None` for anyone else.
    pub fn of(&self, id: Uuid, municipality: MunicipalityId, user: UserId) -> Option<Job> {
        self.lock()
            .get(&id)
            .filter(|j| j.municipality == municipality && j.user == user)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_its_starters_alone_and_moves_through_its_steps() {
        let jobs = Jobs::default();
        let (m, u) = (MunicipalityId::new(), UserId::new());
        let id = jobs.start(m, u);
        assert!(jobs.of(id, m, UserId::new()).is_none());
        assert!(jobs.of(id, MunicipalityId::new(), u).is_none());
        assert!(jobs.of(Uuid::now_v7(), m, u).is_none());
        jobs.step(id, Step::Writing(3));
        assert_eq!(jobs.of(id, m, u).unwrap().step, Some(Step::Writing(3)));
        jobs.end(id, End::Refused(Refusal::default()));
        assert!(jobs.of(id, m, u).unwrap().end.is_some());
    }
}
