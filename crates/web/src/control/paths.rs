//! Course control, closing a course, and the deadline lists.

use crate::paths::paths;

paths! {
    control(id) = "/forloeb/{id}/kontrol";
    close(id) = "/forloeb/{id}/afslut";
    deadline_met(id) = "/forloeb/{id}/frist";
    deadlines() = "/frister";
    notice_read(id) = "/frister/beskeder/{id}/laest";
    measurements_due() = "/maalinger";
}
