//! The benchmark's tools end to end, at the smallest scale, on the engine
//! named by `JOBSPOR_TEST_DB`: the generator's data and the load driver.

mod driver;
mod generate;
// Shared with the jobspor crate's tests, which use all of it.
#[allow(dead_code)]
#[path = "../../../jobspor/tests/cli/server.rs"]
mod server;

/// The `jobspor-bench` binary.
pub const BENCH: &str = env!("CARGO_BIN_EXE_jobspor-bench");
