//! The binary, end to end: demo start-up, audit verification and
//! durability under SIGKILL, on the engine named by `JOBSPOR_TEST_DB`.

mod audit;
mod backup;
mod demo;
mod durability;
mod import;
mod retention;
mod server;
