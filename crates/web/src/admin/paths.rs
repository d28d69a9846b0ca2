//! The administration pages' paths.

use crate::paths::paths;

paths! {
    home() = "/admin";
    users() = "/admin/brugere";
    user_active(id) = "/admin/brugere/{id}/aktiv";
    units() = "/admin/enheder";
    unit_email(id) = "/admin/enheder/{id}/email";
    frameworks() = "/admin/forloebsrammer";
    questionnaires() = "/admin/spoergeskemaer";
    questionnaire(id) = "/admin/spoergeskemaer/{id}";
}
