//! A kontanthjælp course's readiness and rate.

use crate::paths::paths;

paths! {
    benefit(id) = "/forloeb/{id}/kontanthjaelp";
}
