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
    document(id) = "/borger/dokumenter/{id}";
    my_data_pdf() = "/borger/mine-oplysninger.pdf";
    my_data_json() = "/borger/mine-oplysninger.json";
    questionnaire(id) = "/borger/skema/{id}";
    questionnaire_language(id, lang) = "/borger/skema/{id}/sprog/{lang}";
    questionnaire_page(id, n) = "/borger/skema/{id}/side/{n}";
    questionnaire_review(id) = "/borger/skema/{id}/oversigt";
    questionnaire_send(id) = "/borger/skema/{id}/indsend";
    questionnaire_thanks(id) = "/borger/skema/{id}/tak";
}
