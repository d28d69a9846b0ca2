//! A course's consents.

use crate::paths::paths;

paths! {
    consents(id) = "/forloeb/{id}/samtykke";
    revoke(id, kid) = "/forloeb/{id}/samtykke/{kid}/tilbagekald";
}
