//! The course list and a course's own pages: status, team, contacts, documents.

use crate::paths::paths;

paths! {
    list() = "/forloeb";
    course(id) = "/forloeb/{id}";
    status(id) = "/forloeb/{id}/status";
    reassign(id) = "/forloeb/{id}/overdrag";
    team(id) = "/forloeb/{id}/team";
    contacts(id) = "/forloeb/{id}/kontaktpersoner";
    documents(id) = "/forloeb/{id}/dokumenter";
    document(id) = "/dokumenter/{id}";
    document_share(id, doc) = "/forloeb/{id}/dokumenter/{doc}/deling";
    share_plan(id) = "/forloeb/{id}/dokumenter/planen";
}
