//! Importing existing cases (issue 25, part 1): the file read into a table
//! ([`file`]), planned line by line against what the municipality already
//! holds (`domain::import`), and committed all or nothing with an audit
//! entry for every citizen looked up, created or updated ([`service`]).
//! `jobspor import` runs it from the command line.

pub mod file;
pub mod service;
