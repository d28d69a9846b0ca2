//! The intervention catalogue's administration pages.

use crate::paths::paths;

paths! {
    list() = "/admin/indsatser";
    new() = "/admin/indsatser/ny";
    intervention(id) = "/admin/indsatser/{id}";
}
