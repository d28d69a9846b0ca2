//! The citizen's own questionnaire pages (one-time link).

use crate::paths::paths;

paths! {
    intro(token) = "/s/{token}";
    language(token, lang) = "/s/{token}/sprog/{lang}";
    page(token, n) = "/s/{token}/side/{n}";
    review(token) = "/s/{token}/oversigt";
    send(token) = "/s/{token}/indsend";
    thanks(token) = "/s/{token}/tak";
}
