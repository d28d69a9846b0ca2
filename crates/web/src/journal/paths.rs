//! A course's history (the journal).

use crate::paths::paths;

paths! {
    history(id) = "/forloeb/{id}/historik";
}
