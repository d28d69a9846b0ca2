//! The start page, the language switch and the static files.

use crate::paths::paths;

paths! {
    home() = "/";
    language() = "/sprog";
    static_file(file) = "/static/{file}";
}
