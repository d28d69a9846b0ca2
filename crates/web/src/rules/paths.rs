//! The rule-set pages' paths.

use crate::paths::paths;

paths! {
    list() = "/admin/regelsaet";
    decide(id) = "/admin/regelsaet/{id}";
}
