//! The definitions Jobspor ships, embedded so they load at start.

/// (file name, JSON)
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "oempsq-10.json",
        include_str!("../../definitions/oempsq-10.json"),
    ),
    (
        "jobspor-screening-kontanthjaelp.json",
        include_str!("../../definitions/jobspor-screening-kontanthjaelp.json"),
    ),
    (
        "jobspor-screening-sygedagpenge.json",
        include_str!("../../definitions/jobspor-screening-sygedagpenge.json"),
    ),
];
