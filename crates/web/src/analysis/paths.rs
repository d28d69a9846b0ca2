//! The analysis pages' paths: notes, focus areas, the ICF import.

use crate::paths::paths;

paths! {
    notes(id) = "/forloeb/{id}/analyse";
    focus_areas(id) = "/forloeb/{id}/fokusomraader";
    remove_focus_area(id, fid) = "/forloeb/{id}/fokusomraader/{fid}/fjern";
    icf() = "/admin/icf";
}
