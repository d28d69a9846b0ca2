//! The paths of retention: the administrator's periods, holds and preview,
//! and a course's legal holds.

use crate::paths::paths;

paths! {
    admin() = "/admin/opbevaring";
    period() = "/admin/opbevaring/perioder";
    preview() = "/admin/opbevaring/proevekoersel";
    lift(id) = "/admin/opbevaring/forbehold/{id}/ophaev";
    course_holds(id) = "/forloeb/{id}/forbehold";
}
