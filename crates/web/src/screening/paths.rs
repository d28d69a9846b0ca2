//! Starting a screening for a citizen.

use crate::paths::paths;

paths! {
    start(id) = "/borgere/{id}/screening";
}
