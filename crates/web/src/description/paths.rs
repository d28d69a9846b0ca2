//! The samlet beskrivelse of a course and the sundhedskoordinator's advice.

use crate::paths::paths;

paths! {
    description(id) = "/forloeb/{id}/samlet-beskrivelse";
    pdf(id) = "/forloeb/{id}/samlet-beskrivelse.pdf";
    consultations(id) = "/forloeb/{id}/sundhedskoordinator";
    answer(id, cid) = "/forloeb/{id}/sundhedskoordinator/{cid}/svar";
}
