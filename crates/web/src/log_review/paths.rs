//! The log review's paths.

use crate::paths::paths;

paths! {
    page() = "/logkontrol";
    verdict(seq) = "/logkontrol/{seq}";
}
