//! The messages page and its actions.

use crate::paths::paths;

paths! {
    list() = "/beskeder";
    read() = "/beskeder/laest";
    read_all() = "/beskeder/alle-laest";
}
