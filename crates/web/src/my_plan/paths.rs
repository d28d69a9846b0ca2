//! The citizen's own door, "Min plan".

use crate::paths::paths;

paths! {
    home() = "/borger";
    login() = "/borger/login";
    callback() = "/borger/login/callback";
    logout() = "/borger/logout";
    language(lang) = "/borger/sprog/{lang}";
    consent_revoke(id) = "/borger/samtykker/{id}/tilbagekald";
    answer(id) = "/borger/plan/{id}/svar";
    rate(id) = "/borger/maal/{id}/vurdering";
}
