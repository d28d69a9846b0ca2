//! A course's arbejdspligt ledger.

use crate::paths::paths;

paths! {
    ledger(id) = "/forloeb/{id}/arbejdspligt";
}
