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
//! # Checkpoints
//!
//! SQLite runs in WAL mode with `synchronous=FULL`. The writer checkpoints
//! as SQLite does by default, once the log holds 1,000 pages. (A load
//! leaves the log alone and empties it at the end, `finish_load`.)
//!
//! # What each piece gives
//!
//! Measured on 2026-12-07 by leaving each piece out of the same release
//! binary (`JOBSPOR_ENGINE_WITHOUT`, see [`EnginePieces`]): the caseworker
//! mix at Hjørring scale, 50 users, 20 s, a freshly generated database for
//! every run, the variants alternating on one machine. This machine's runs
//! vary by a third, so each figure is the median of the runs (req/s; p99):
//!
//! | SQLite | runs | mix req/s | p99 ms |
//! |---|---:|---:|---:|
//! | all pieces | 4 | 1,673 | 68 |
//! | without group commit | 2 | 374 | 360 |
//! | without the read pool | 4 | 1,457 | 80 |
//! | without a checkpoint task | 4 | 1,806 | 66 |
//!
//! | PostgreSQL | runs | mix req/s | p99 ms |
//! |---|---:|---:|---:|
//! | all pieces | 2 | 867 | 122 |
//! | without group commit (reads' audit entries) | 2 | 435 | 303 |
//!
//! - Group commit gives 4.5 times the throughput on SQLite and twice on
//!   PostgreSQL, where it batches the audit entries of reads. It stays.
//! - The read pool of our own gives 15% more throughput and a 15% lower
//!   p99 than sqlx's pool. It stays.
//! - A checkpoint task on another connection (passive checkpoints after
//!   commits, at most every 100 ms, with the writer's own turned off) gave
//!   nothing: the mix was no slower without it. It came out, with the
//!   reader thread priorities before it (below).
//!
//! Taken out earlier: the reader connections lowered their own thread's
//! priority (`nice` 10, through an SQLite extension and `unsafe` system
//! calls) so the writer got the cores first. Measured on 2026-12-07 at
//! Hjørring scale on SQLite, three runs each, alternating: with it 1,657,
//! 1,649 and 2,129 req/s (p99 64, 66, 48 ms); without it 2,014, 2,066 and
//! 2,442 req/s (p99 55, 51, 44 ms).

pub(crate) mod read;
pub(crate) mod write;

/// The engine's pieces. The server runs with all of them; the benchmark
/// leaves one out to measure what it gives, with
/// `JOBSPOR_ENGINE_WITHOUT=group-commit` or `read-pool` (comma-separated).
/// Without group commit every write and every read's audit entries commit
/// in a transaction of their own; without the read pool SQLite reads use
/// sqlx's pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnginePieces {
    pub group_commit: bool,
    pub read_pool: bool,
}

impl EnginePieces {
    /// Every piece: what the server runs.
    pub const ALL: EnginePieces = EnginePieces {
        group_commit: true,
        read_pool: true,
    };

    /// All but those named (`group-commit`, `read-pool`, comma-separated);
    /// other words are ignored.
    pub fn without(list: &str) -> EnginePieces {
        let out = |piece: &str| list.split(',').any(|w| w.trim() == piece);
        EnginePieces {
            group_commit: !out("group-commit"),
            read_pool: !out("read-pool"),
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
        let p = EnginePieces::without("read-pool, fast");
        assert!(p.group_commit && !p.read_pool);
        assert!(!EnginePieces::without("group-commit").group_commit);
    }
}
