//! The citizen pages: create, open, the access log, a new course.

use crate::paths::paths;

paths! {
    list() = "/borgere";
    new() = "/borgere/ny";
    citizen(id) = "/borgere/{id}";
    access_log(id) = "/borgere/{id}/adgangslog";
    purpose(id) = "/borgere/{id}/formaal";
    access_log_csv(id) = "/borgere/{id}/adgangslog.csv";
    access_log_pdf(id) = "/borgere/{id}/adgangslog.pdf";
    new_course(id) = "/borgere/{id}/forloeb/nyt";
}
