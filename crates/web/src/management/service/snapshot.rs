//! The evaluation's source data per municipality, read once and kept for a
//! short while. The dashboards read whole cohorts (tens of thousands of
//! courses, hundreds of thousands of placements); reading them again for
//! every view and filter would make every click cost seconds. What the
//! management pages change themselves (a register import, moved courses)
//! clears the municipality's snapshot at once; other changes show within
//! [`TTL`]. Audit is not cached: every view is still logged.

use crate::error::WebError;
use crate::AppState;
use chrono::NaiveDate;
use jobspor_domain::{CitizenId, MunicipalityId};
use jobspor_store::{
    BenefitPeriod, CapacityPlacement, CohortCourse, CohortPlacement, RatingChange,
};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a snapshot serves before it is read again.
pub const TTL: Duration = Duration::from_secs(120);

/// A municipality and the name of what is kept for it.
type Part = (MunicipalityId, String);
/// When it was read, and the value.
type Kept = (Instant, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub struct EvalCache {
    parts: Mutex<HashMap<Part, Kept>>,
}

impl EvalCache {
    fn lookup<T: Any + Send + Sync>(&self, key: &Part) -> Option<Arc<T>> {
        let parts = self.parts.lock().ok()?;
        let (at, v) = parts.get(key)?;
        if at.elapsed() > TTL {
            return None;
        }
        v.clone().downcast::<T>().ok()
    }

    /// The value kept under `part`, or `load`'s, kept from now on.
    pub async fn get<T, E, F, Fut>(
        &self,
        m: MunicipalityId,
        part: &str,
        load: F,
    ) -> Result<Arc<T>, WebError>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
        WebError: From<E>,
    {
        if let Some(v) = self.lookup::<T>(&(m, part.to_string())) {
            return Ok(v);
        }
        let v = Arc::new(load().await?);
        if let Ok(mut parts) = self.parts.lock() {
            // Expired parts of any municipality go too, rather than staying
            // in memory until the same part is asked for again.
            parts.retain(|_, (at, _)| at.elapsed() <= TTL);
            parts.insert((m, part.to_string()), (Instant::now(), v.clone()));
        }
        Ok(v)
    }

    /// Forgets everything kept for `m`.
    pub fn invalidate(&self, m: MunicipalityId) {
        if let Ok(mut parts) = self.parts.lock() {
            parts.retain(|(k, _), _| *k != m);
        }
    }
}

pub async fn cohort(
    state: &AppState,
    m: MunicipalityId,
) -> Result<Arc<Vec<CohortCourse>>, WebError> {
    state
        .eval_cache
        .get(m, "cohort", || state.store.cohort(m))
        .await
}

/// The benefit register grouped per citizen, in week order.
#[derive(Debug, Default)]
pub struct Register {
    /// The Monday of the register's last week.
    pub until: Option<NaiveDate>,
    pub by_citizen: HashMap<CitizenId, Vec<BenefitPeriod>>,
}

impl Register {
    /// A citizen's periods as (first Monday, last Monday).
    pub fn spans(&self, c: CitizenId) -> Option<Vec<(NaiveDate, NaiveDate)>> {
        self.by_citizen
            .get(&c)
            .map(|ps| ps.iter().map(|p| (p.from, p.to)).collect())
    }
}

pub async fn register(state: &AppState, m: MunicipalityId) -> Result<Arc<Register>, WebError> {
    state
        .eval_cache
        .get(m, "register", || async {
            let periods = state.store.benefit_periods(m).await?;
            let mut r = Register {
                until: periods.iter().map(|p| p.to).max(),
                ..Default::default()
            };
            for p in periods {
                r.by_citizen.entry(p.citizen_id).or_default().push(p);
            }
            Ok::<_, jobspor_store::StoreError>(r)
        })
        .await
}

pub async fn placements(
    state: &AppState,
    m: MunicipalityId,
) -> Result<Arc<Vec<CohortPlacement>>, WebError> {
    state
        .eval_cache
        .get(m, "placements", || state.store.cohort_placements(m))
        .await
}

pub async fn rating_changes(
    state: &AppState,
    m: MunicipalityId,
) -> Result<Arc<Vec<RatingChange>>, WebError> {
    state
        .eval_cache
        .get(m, "ratings", || state.store.rating_changes(m))
        .await
}

pub async fn capacity_placements(
    state: &AppState,
    m: MunicipalityId,
) -> Result<Arc<Vec<CapacityPlacement>>, WebError> {
    state
        .eval_cache
        .get(m, "capacity", || state.store.capacity_placements(m))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_part_is_read_once_until_invalidated() {
        let cache = EvalCache::default();
        let m = MunicipalityId::new();
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let load = || async {
            reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, jobspor_store::StoreError>(vec![1, 2, 3])
        };
        let a = cache.get(m, "x", load).await.unwrap();
        let b = cache.get(m, "x", load).await.unwrap();
        assert_eq!((*a).clone(), vec![1, 2, 3]);
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
        cache.invalidate(m);
        cache.get(m, "x", load).await.unwrap();
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
