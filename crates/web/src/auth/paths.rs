//! Login and logout, and the door through the municipality's identity
//! provider.

use crate::paths::paths;

paths! {
    login() = "/login";
    logout() = "/logout";
    login_code() = "/login/kode";
    login_enrol() = "/login/kode/ny";
    oidc_login() = "/auth/oidc/login";
    oidc_callback() = "/auth/oidc/callback";
}
