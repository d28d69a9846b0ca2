//! Progression: a course's goals and ratings, the citizen's link, its administration.

use crate::paths::paths;

paths! {
    course(id) = "/forloeb/{id}/progression";
    /// Where a placement's progression pages live (not a page itself): the
    /// placement card adds `/maal`, `/beslutning`, `/link` and
    /// `/borger/{goal}`, as it does below the provider's participant page.
    placement(id, pid) = "/forloeb/{id}/progression/{pid}";
    employment(id) = "/forloeb/{id}/progression/beskaeftigelse";
    goals(id, pid) = "/forloeb/{id}/progression/{pid}/maal";
    decision(id, pid) = "/forloeb/{id}/progression/{pid}/beslutning";
    citizen_rating(id, pid, gid) = "/forloeb/{id}/progression/{pid}/borger/{gid}";
    link(token) = "/m/{token}";
    course_link(id, pid) = "/forloeb/{id}/progression/{pid}/link";
    provider_link(pid) = "/deltagere/{pid}/link";
    admin() = "/admin/progression";
    questions() = "/admin/progression/spoergsmaal";
    question_active(id) = "/admin/progression/spoergsmaal/{id}/aktiv";
    thresholds() = "/admin/progression/graenser";
}
