//! SQLite: the reader connections' threads yield the cores to the writer's.
//!
//! Every request waits for a group commit (its audit entries, or its
//! write), and commits are made one at a time by the one writer connection,
//! whose thread needs a core for each statement of the commit. Under load
//! the eight reader threads compete for the same two cores, and a writer
//! woken in a queue of runnable readers waited behind them while holding the
//! lock everyone queues for. With the readers' threads at a lower priority
//! (`nice` 10) the national caseworker mix went from 1,671–1,786 req/s with
//! p99 59–69 ms (four runs) to 1,913–1,952 req/s with p99 52 ms (two runs,
//! the priority set by hand from outside) and 1,902–2,137 req/s, p99 49–55
//! ms (this code, four runs). `nice` 19 did worse: 1,844 req/s, p99 59 ms.
//!
//! How: sqlx runs each SQLite connection on a thread of its own and offers
//! no hook on it, but SQLite calls an "automatic extension" on the thread
//! that opens a connection. Ours registers the SQL function
//! `jobspor_yield_priority()`, which lowers the priority of the thread that
//! runs it and answers its `nice` value; a reader runs it once, with its
//! pragmas. (`jobspor_thread_nice()` only answers the value.) Only Linux sets
//! priorities per thread; elsewhere the function does nothing.

use libsqlite3_sys as ffi;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};
use std::sync::Once;

/// How much lower a reader's priority is than the server's: `nice` 10
/// against 0 is about a tenth of a thread's share of a contended core.
/// Relative, so that a server started with `nice` keeps the difference.
/// Raising one's own value needs no privilege; 19 is the most there is.
const READER_NICE: c_int = 10;
const LOWEST: c_int = 19;

/// What a reader connection runs once, on its own thread.
pub(crate) const YIELD: &str = "SELECT jobspor_yield_priority();";

/// Makes `jobspor_yield_priority()` known to every SQLite connection opened
/// from now on. Idempotent.
pub(crate) fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: `register` has the signature SQLite expects of an entry
        // point and lives for the whole program.
        let rc = unsafe { ffi::sqlite3_auto_extension(Some(register)) };
        if rc != ffi::SQLITE_OK {
            tracing::warn!(rc, "the readers' priority function could not be installed");
        }
    });
}

/// Called by SQLite on the thread that opens a connection.
unsafe extern "C" fn register(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    let functions: [(&CStr, Function); 2] = [
        (c"jobspor_yield_priority", yield_priority),
        (c"jobspor_thread_nice", thread_nice),
    ];
    for (name, function) in functions {
        // SAFETY: `db` is the connection being opened, valid for this call;
        // the name is a NUL-terminated constant; no user data.
        let rc = unsafe {
            ffi::sqlite3_create_function_v2(
                db,
                name.as_ptr(),
                0,
                ffi::SQLITE_UTF8,
                std::ptr::null_mut(),
                Some(function),
                None,
                None,
                None,
            )
        };
        if rc != ffi::SQLITE_OK {
            return rc;
        }
    }
    ffi::SQLITE_OK
}

type Function =
    unsafe extern "C" fn(*mut ffi::sqlite3_context, c_int, *mut *mut ffi::sqlite3_value);

/// The SQL function: lowers the running thread's priority by
/// [`READER_NICE`] and returns its `nice` value (0 where priorities are
/// not per thread).
unsafe extern "C" fn yield_priority(
    context: *mut ffi::sqlite3_context,
    _argc: c_int,
    _argv: *mut *mut ffi::sqlite3_value,
) {
    let nice = lower_this_thread();
    // SAFETY: `context` is the call's context, valid for this call.
    unsafe { ffi::sqlite3_result_int(context, nice) };
}

/// The SQL function `jobspor_thread_nice()`: the running thread's `nice`
/// value, changing nothing (for tests and diagnosis).
unsafe extern "C" fn thread_nice(
    context: *mut ffi::sqlite3_context,
    _argc: c_int,
    _argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: `context` is the call's context, valid for this call.
    unsafe { ffi::sqlite3_result_int(context, this_thread_nice()) };
}

#[cfg(target_os = "linux")]
fn this_thread_nice() -> c_int {
    // SAFETY: a plain system call about the calling thread, no pointers.
    unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
}

#[cfg(not(target_os = "linux"))]
fn this_thread_nice() -> c_int {
    0
}

#[cfg(target_os = "linux")]
fn lower_this_thread() -> c_int {
    // A new thread starts at the priority of the one that made it.
    let lowered = (this_thread_nice() + READER_NICE).min(LOWEST);
    // Linux: `who` 0 with PRIO_PROCESS is the calling thread alone.
    // SAFETY: a plain system call about the calling thread, no pointers.
    unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, lowered) };
    this_thread_nice()
}

#[cfg(not(target_os = "linux"))]
fn lower_this_thread() -> c_int {
    0
}
