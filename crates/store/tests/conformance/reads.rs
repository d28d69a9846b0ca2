//! Reads share a few connections: many at once all get their own answer,
//! a read given up half way leaves its connection fit for the next, and a
//! closed store refuses reads instead of hanging.

use crate::{citizen, world};
use jobspor_domain::citizen::Citizen;
use jobspor_store::*;
use std::time::Duration;

#[tokio::test]
async fn many_reads_at_once_each_get_their_own_answer() {
    let w = world().await;
    let mut people = Vec::new();
    for (i, cpr) in ["250380-1714", "010203-1233", "111111-1118", "020304-1239"]
        .iter()
        .enumerate()
    {
        let c = citizen(&w, cpr, &format!("Borger {i}"));
        w.s.create_citizen(&c, &[]).await.unwrap();
        people.push(c);
    }
    // Far more readers than connections (8 on SQLite, 16 on PostgreSQL).
    each_reads_their_own(&w, &people, 64).await;
}

/// `n` reads at once, of `people` in turn: each must get the citizen it
/// asked for.
async fn each_reads_their_own(w: &crate::World, people: &[Citizen], n: usize) {
    let mut tasks = Vec::new();
    for i in 0..n {
        let (s, m, c) = (w.s.clone(), w.m, people[i % people.len()].clone());
        tasks.push(tokio::spawn(async move {
            let found = s.citizen(m, c.id).await.unwrap().expect("stored");
            (found.name, found.cpr, c.name, c.cpr)
        }));
    }
    for t in tasks {
        let (name, cpr, wanted_name, wanted_cpr) = t.await.unwrap();
        assert_eq!((name, cpr), (wanted_name, wanted_cpr));
    }
}

#[tokio::test]
async fn a_read_given_up_half_way_leaves_its_connection_usable() {
    let w = world().await;
    let a = citizen(&w, "250380-1714", "Karen");
    let b = citizen(&w, "010203-1233", "Ole");
    w.s.create_citizen(&a, &[]).await.unwrap();
    w.s.create_citizen(&b, &[]).await.unwrap();
    // Give reads up at every stage: before a connection, while the
    // statement runs, while its row comes back.
    for n in 0..200u64 {
        let s = w.s.clone();
        let _ = tokio::time::timeout(Duration::from_micros(n * 5), s.citizen(w.m, a.id)).await;
    }
    // Every connection now answers the question it is asked, not an
    // earlier one.
    each_reads_their_own(&w, &[a, b], 32).await;
}

#[tokio::test]
async fn a_closed_store_refuses_reads() {
    let w = world().await;
    assert!(w.s.municipality_name(w.m).await.unwrap().is_some());
    w.s.close().await;
    let read = tokio::time::timeout(Duration::from_secs(5), w.s.municipality_name(w.m))
        .await
        .expect("a read of a closed store returns at once");
    assert!(read.is_err(), "a closed store still read: {read:?}");
}

#[tokio::test]
async fn sqlite_is_built_without_memory_statistics() {
    let w = world().await;
    if w.s.backend() != Backend::Sqlite {
        return;
    }
    let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options")
        .fetch_all(w.s.pool())
        .await
        .unwrap();
    // `.cargo/config.toml` builds SQLite so: the statistics take a global
    // mutex on every allocation, and eleven threads run SQLite at once.
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "{options:?}"
    );
}
