//! The paths of the citizen's right of access: the staff page of one
//! citizen's export and its files, and the data protection officer's way to
//! a citizen by CPR number.

use crate::paths::paths;

paths! {
    request() = "/indsigt";
    insight(id) = "/borgere/{id}/indsigt";
    pdf(id) = "/borgere/{id}/indsigt.pdf";
    json(id) = "/borgere/{id}/indsigt.json";
}
