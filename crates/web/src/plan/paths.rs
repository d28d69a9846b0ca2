//! A course's intervention plan.

use crate::paths::paths;

paths! {
    plan(id) = "/forloeb/{id}/indsatsplan";
    pdf(id) = "/forloeb/{id}/indsatsplan.pdf";
    placement(id, pid) = "/forloeb/{id}/indsatsplan/{pid}";
    end_placement(id, pid) = "/forloeb/{id}/indsatsplan/{pid}/afslut";
}
