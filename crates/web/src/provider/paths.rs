//! The provider's participants and inbox.

use crate::paths::paths;

paths! {
    participants() = "/deltagere";
    participant(pid) = "/deltagere/{pid}";
    goals(pid) = "/deltagere/{pid}/maal";
    rating(pid) = "/deltagere/{pid}/vurdering";
    citizen_rating(pid, gid) = "/deltagere/{pid}/borger/{gid}";
    inbox() = "/indbakke";
    read_all() = "/indbakke/alle-laest";
    read(nid) = "/indbakke/{nid}/laest";
}
