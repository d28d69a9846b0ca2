//! The flexible contact course of a course, and the managers' monitor.

use crate::paths::paths;

paths! {
    course(id) = "/forloeb/{id}/kontaktforloeb";
    conversation(id) = "/forloeb/{id}/kontaktforloeb/samtale";
    exemption(id) = "/forloeb/{id}/kontaktforloeb/undtagelse";
    monitor() = "/ledelse/kontaktforloeb";
}
