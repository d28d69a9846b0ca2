//! What the citizen has under way: the courses that are not closed, each
//! with its placements, read once per page and shared by its parts.

use crate::error::WebError;
use crate::AppState;
use jobspor_domain::course::{Course, CourseStatus};
use jobspor_domain::plan::Placement;
use jobspor_domain::{CitizenId, MunicipalityId};

pub struct Running {
    pub course: Course,
    /// In the order they were made, ended ones included.
    pub placements: Vec<Placement>,
}

pub async fn running(
    state: &AppState,
    m: MunicipalityId,
    citizen: CitizenId,
) -> Result<Vec<Running>, WebError> {
    let mut out = Vec::new();
    for rc in state.store.courses_of_citizen(m, citizen).await? {
        if rc.course.status == CourseStatus::Closed {
            continue;
        }
        let placements = state.store.placements(m, rc.course.id).await?;
        out.push(Running {
            course: rc.course,
            placements,
        });
    }
    Ok(out)
}

/// A date as the citizen's pages write it.
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}
