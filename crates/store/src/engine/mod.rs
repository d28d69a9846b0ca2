//! The storage engine: how reads and writes reach the database, apart from
//! what they read and write (the other modules of the store own that).
//!
//! # Writes: one writer, group commit (`write.rs`)
//!
//! Every write carries the audit entries of the change, and every read of
//! personal data writes audit entries too, each appended to its
//! municipality's hash chain. A request therefore always waits for a commit,
//! and the chain makes each municipality's appends one sequence.
//!
//! On SQLite there is one writer connection. It holds one open transaction
//! that collects writes: a write takes the writer, runs its statements in a
//! savepoint of that transaction (the first write needs none), releases the
//! savepoint and lets the writer go. Its audit entries, and those of reads,
//! wait in a queue. Whoever takes the writer next to commit appends every
//! queued entry to the chains (three statements however many chains) and
//! commits for everyone waiting. So:
//!
//! - a caller returns only after the commit that holds its data and its
//!   audit entries has succeeded;
//! - a write that fails has its savepoint rolled back before anything else
//!   runs in the transaction, and the others in it commit;
//! - a commit that fails (the disk, the audit append) fails every caller in
//!   it, and none of their data remains;
//! - a burst of requests costs one commit instead of one each.
//!
//! On PostgreSQL writes run concurrently, each in its own transaction with
//! its audit entries (the chain's head row is locked until commit); the queue
//! serves the reads' audit entries only.
//!
//! The conformance suite checks these states on both engines
//! (`tests/conformance/writes.rs`): concurrent writes among which some fail,
//! a failed write alone, a failed commit, readers during a commit.
//!
//! # Reads (`read.rs`)
//!
//! SQLite reads run on a small pool of our own (eight connections, opened
//! when needed): sqlx's pool pings a connection when it hands it out and
//! when it takes it back, a round trip between threads each time, and a
//! SQLite connection cannot lose its server. PostgreSQL reads use sqlx's
//! pool.
//!
//! # Checkpoints (`checkpoint.rs`)
//!
//! SQLite runs in WAL mode with `synchronous=FULL`. The writer does not
//! checkpoint (it would do so while everyone waits for it); a task woken by
//! commits runs a passive checkpoint on another connection at most every
//! 100 ms.
//!
//! # What each piece gave
//!
//! Measured with `scripts/bench.sh` in the sessions that built them (the
//! caseworker mix at Hjørring scale on SQLite, 50 users; `docs/performance.md`
//! has the history):
//!
//! - group commit, with savepoint journals in memory and the mimalloc
//!   allocator: 908 → 1,267–1,774 req/s;
//! - checkpoints off the writer (with SQLite's own allocations through
//!   mimalloc and no savepoint for a transaction's first write): 1,267 →
//!   1,497 req/s;
//! - the read pool of our own (with authentication in one query): 1,497 →
//!   1,881 req/s.
//!
//! Each is well over the 10% the renovation asks of a piece that stays.
//!
//! Taken out: the reader connections lowered their own thread's priority
//! (`nice` 10, through an SQLite extension and `unsafe` system calls) so
//! the writer got the cores first. It measured +10–15% at national scale
//! when it came in. Measured again on 2026-12-07 at Hjørring scale on
//! SQLite, 50 users, three runs each on a fresh database, alternating:
//! with it 1,657, 1,649 and 2,129 req/s (p99 64, 66, 48 ms); without it
//! 2,014, 2,066 and 2,442 req/s (p99 55, 51, 44 ms). Without was ahead in
//! every pairing, so the priorities and their `unsafe` calls went.

pub(crate) mod checkpoint;
pub(crate) mod read;
pub(crate) mod write;

/// The engine's pieces. The server runs with all of them; the benchmark
/// leaves one out to measure what it gives, with
/// `JOBSPOR_ENGINE_WITHOUT=group-commit`, `read-pool` or `checkpoints`
/// (comma-separated). Without group commit every write and every read's
/// audit entries commit in a transaction of their own; without the read
/// pool SQLite reads use sqlx's pool; without the checkpoint task the
/// writer checkpoints itself, as SQLite does by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnginePieces {
    pub group_commit: bool,
    pub read_pool: bool,
    pub checkpoints: bool,
}

impl EnginePieces {
    /// Every piece: what the server runs.
    pub const ALL: EnginePieces = EnginePieces {
        group_commit: true,
        read_pool: true,
        checkpoints: true,
    };

    /// All but those named (`group-commit`, `read-pool`, `checkpoints`,
    /// comma-separated); other words are ignored.
    pub fn without(list: &str) -> EnginePieces {
        let out = |piece: &str| list.split(',').any(|w| w.trim() == piece);
        EnginePieces {
            group_commit: !out("group-commit"),
            read_pool: !out("read-pool"),
            checkpoints: !out("checkpoints"),
        }
    }

    /// From `JOBSPOR_ENGINE_WITHOUT`; every piece when it is not set.
    pub(crate) fn from_env() -> EnginePieces {
        let pieces =
            EnginePieces::without(&std::env::var("JOBSPOR_ENGINE_WITHOUT").unwrap_or_default());
        if pieces != EnginePieces::ALL {
            tracing::warn!(?pieces, "storage engine pieces left out for measurement");
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::EnginePieces;

    #[test]
    fn pieces_are_left_out_by_name() {
        assert_eq!(EnginePieces::without(""), EnginePieces::ALL);
        assert_eq!(EnginePieces::without("fast"), EnginePieces::ALL);
        let p = EnginePieces::without("read-pool, checkpoints");
        assert!(p.group_commit && !p.read_pool && !p.checkpoints);
        assert!(!EnginePieces::without("group-commit").group_commit);
    }
}
