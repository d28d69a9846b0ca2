//! The conversations and the conference on a course.

use crate::paths::paths;

paths! {
    conference(id) = "/forloeb/{id}/konference";
    sign(id) = "/forloeb/{id}/konference/underskriv";
    record_pdf(id) = "/forloeb/{id}/konference.pdf";
    addendum(id) = "/forloeb/{id}/konference/tillaeg";
    conversations(id) = "/forloeb/{id}/samtaler";
    cancel_conversation(id, bid) = "/forloeb/{id}/samtaler/{bid}/aflys";
}
