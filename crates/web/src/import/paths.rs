//! The import page's path.

use crate::paths::paths;

paths! {
    page() = "/admin/indlaesning";
    job(id) = "/admin/indlaesning/{id}";
}
