//! The administration pages' paths.

use crate::paths::paths;

paths! {
    home() = "/admin";
    users() = "/admin/brugere";
    user_active(id) = "/admin/brugere/{id}/aktiv";
    user_second_factor(id) = "/admin/brugere/{id}/to-trinslogin";
    user_unlock(id) = "/admin/brugere/{id}/laas-op";
    units() = "/admin/enheder";
    unit_email(id) = "/admin/enheder/{id}/email";
    frameworks() = "/admin/forloebsrammer";
    questionnaires() = "/admin/spoergeskemaer";
    questionnaire(id) = "/admin/spoergeskemaer/{id}";
    identity() = "/admin/login";
    identity_local() = "/admin/login/lokal";
    claim_mappings() = "/admin/login/regler";
    claim_mapping_remove(id) = "/admin/login/regler/{id}/slet";
    identity_links() = "/admin/login/koblinger";
    access_review() = "/admin/adgang-med-formaal";
    access_reviewed(id) = "/admin/adgang-med-formaal/{id}/gennemset";
}
