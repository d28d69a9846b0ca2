//! Login and logout.

use crate::paths::paths;

paths! {
    login() = "/login";
    logout() = "/logout";
}
