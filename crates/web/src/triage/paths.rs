//! A submitted screening and its triage.

use crate::paths::paths;

paths! {
    screening(id) = "/screeninger/{id}";
    triage(id) = "/screeninger/{id}/triage";
}
