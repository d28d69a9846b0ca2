//! Writes committed in groups: each caller's data and audit entries are
//! committed together, and a write that fails leaves nothing behind, not
//! even inside a transaction it shares with others.

use crate::{citizen, course, entry, ev, world, World};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::Course;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::*;
use jobspor_store::*;

/// A citizen with a course opened by a first journal entry.
async fn opened(w: &World) -> (Citizen, Course, JournalEntry) {
    let c = citizen(w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(w, &c, &w.cw);
    let first = entry(w, &k, "Første samtale", None);
    w.s.create_course(&k, Some(&first), &[]).await.unwrap();
    (c, k, first)
}

#[tokio::test]
async fn concurrent_writes_share_commits_and_a_failed_one_leaves_nothing() {
    concurrent_writes(&world().await).await;
}

/// The benchmark measures the engine without each of its pieces; the store
/// must be as right without them.
#[tokio::test]
async fn without_any_one_piece_of_the_engine_the_writes_are_as_right() {
    for without in ["group-commit", "read-pool"] {
        let w = crate::world_with(EnginePieces::without(without)).await;
        concurrent_writes(&w).await;
    }
}

async fn concurrent_writes(w: &World) {
    let (c, k, first) = opened(w).await;

    // 90 callers at once: journal entries, reads, and writes that fail
    // after their first statement has run (a new course whose opening note
    // reuses an existing entry's id, so the course insert must be undone).
    let mut tasks = Vec::new();
    for i in 0..90usize {
        let s = w.s.clone();
        let who = CitizenId::new();
        let audit = vec![ev(w, AuditAction::Create, Some(who))];
        let (k, first) = (k.clone(), first.clone());
        let note = entry(w, &k, &format!("Notat {i}"), None);
        let mut doomed = course(w, &c, &w.cw);
        doomed.id = CourseId::new();
        tasks.push(tokio::spawn(async move {
            let kind = i % 3;
            let result = match kind {
                0 => s.add_journal_entry(&note, &audit).await,
                1 => s.append_audit(&audit).await,
                _ => {
                    let mut clash = first.clone();
                    clash.course_id = doomed.id;
                    s.create_course(&doomed, Some(&clash), &audit).await
                }
            };
            (kind, who, note.id, doomed.id, result.is_ok())
        }));
    }
    let mut written = 0u64;
    for t in tasks {
        let (kind, who, note, doomed, ok) = t.await.unwrap();
        let log = w.s.access_log(w.m, who, 10).await.unwrap();
        match kind {
            0 | 1 => {
                assert!(ok, "a good write or read succeeds beside failing ones");
                assert_eq!(log.len(), 1, "its audit entry is committed");
                written += 1;
            }
            _ => {
                assert!(!ok, "a note with a taken id fails the write");
                assert!(log.is_empty(), "a failed write leaves no audit entry");
                assert!(
                    w.s.course(w.m, doomed).await.unwrap().is_none(),
                    "a failed write's earlier statements are undone"
                );
            }
        }
        if kind == 0 {
            assert!(w.s.journal_entry(w.m, note).await.unwrap().is_some());
        }
    }
    assert_eq!(w.s.journal(w.m, k.id).await.unwrap().len(), 31);
    let r = w.s.verify_audit().await.unwrap();
    assert_eq!(
        (r.entries, r.problems.len()),
        (written, 0),
        "{:?}",
        r.problems
    );
}

#[tokio::test]
async fn a_failed_write_alone_does_not_hold_the_writer() {
    let w = world().await;
    let (c, k, first) = opened(&w).await;
    let mut doomed = course(&w, &c, &w.cw);
    doomed.id = CourseId::new();
    let mut clash = first.clone();
    clash.course_id = doomed.id;
    assert!(w.s.create_course(&doomed, Some(&clash), &[]).await.is_err());
    // The next write, and a reader, go on as if nothing happened.
    let note = entry(&w, &k, "Andet notat", None);
    w.s.add_journal_entry(&note, &[]).await.unwrap();
    assert!(w.s.course(w.m, doomed.id).await.unwrap().is_none());
    assert_eq!(w.s.journal(w.m, k.id).await.unwrap().len(), 2);
}

/// Runs `sql` on a connection of its own (a schema change).
async fn ddl(w: &World, sql: &[String]) {
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&w._db.url).await.unwrap();
    for s in sql {
        sqlx::query(s).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
}

/// Makes every insert into the audit log fail, or lets them through again.
async fn break_audit(w: &World, broken: bool) {
    let sql = match (w.s.backend(), broken) {
        (Backend::Sqlite, true) => vec!["CREATE TRIGGER no_audit BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            .to_string()],
        (Backend::Sqlite, false) => vec!["DROP TRIGGER no_audit".to_string()],
        (Backend::Postgres, true) => vec![
            "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$"
                .to_string(),
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION no_audit()"
                .to_string(),
        ],
        (Backend::Postgres, false) => vec![
            "DROP TRIGGER no_audit ON audit_log".to_string(),
            "DROP FUNCTION no_audit()".to_string(),
        ],
    };
    ddl(w, &sql).await;
}

#[tokio::test]
async fn a_failed_commit_fails_every_write_in_it_and_leaves_none_of_them() {
    let w = world().await;
    let (_, k, _) = opened(&w).await;
    // The commit appends the audit entries last: with that failing, every
    // write of the group fails, and none of their data may remain.
    break_audit(&w, true).await;
    let mut tasks = Vec::new();
    for i in 0..30usize {
        let s = w.s.clone();
        let note = entry(&w, &k, &format!("Notat {i}"), None);
        let audit = vec![ev(&w, AuditAction::Create, None)];
        tasks.push(tokio::spawn(async move {
            (note.id, s.add_journal_entry(&note, &audit).await.is_ok())
        }));
    }
    for t in tasks {
        let (note, ok) = t.await.unwrap();
        assert!(!ok, "a write whose commit failed is told so");
        assert!(
            w.s.journal_entry(w.m, note).await.unwrap().is_none(),
            "and its data is not there"
        );
    }
    break_audit(&w, false).await;
    // The writer is whole again: the next writes commit, the chain verifies.
    let note = entry(&w, &k, "Efter fejlen", None);
    w.s.add_journal_entry(&note, &[ev(&w, AuditAction::Create, None)])
        .await
        .unwrap();
    assert_eq!(w.s.journal(w.m, k.id).await.unwrap().len(), 2);
    let r = w.s.verify_audit().await.unwrap();
    assert_eq!((r.entries, r.problems.len()), (1, 0), "{:?}", r.problems);
}

#[tokio::test]
async fn readers_during_a_commit_see_all_of_it_or_none() {
    let w = world().await;
    // Twenty courses move from one caseworker to another in one write,
    // while readers count the new caseworker's courses.
    let mut changes = Vec::new();
    for i in 0..20u32 {
        let c = citizen(
            &w,
            &format!("0101{:02}-{:04}", 50 + i, 1000 + i),
            &format!("Borger {i}"),
        );
        w.s.create_citizen(&c, &[]).await.unwrap();
        let k = course(&w, &c, &w.cw);
        w.s.create_course(&k, None, &[]).await.unwrap();
        let mut moved = k.clone();
        moved.caseworker_id = w.cw_team.id;
        changes.push(CourseChange {
            note: entry(&w, &k, "Overdraget", None),
            expected_version: k.version,
            course: moved,
        });
    }
    let filter = CourseFilter {
        municipality: w.m,
        scope: CourseScope::Mine(w.cw_team.id),
        search: None,
        include_closed: true,
        limit: 100,
        offset: 0,
    };
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let s = w.s.clone();
            let f = filter.clone();
            // Each reads until it sees the move (bounded), so reads run
            // before, during and after the commit.
            tokio::spawn(async move {
                let mut seen = Vec::new();
                for _ in 0..5_000 {
                    let total = s.list_courses(&f).await.unwrap().1;
                    seen.push(total);
                    if total == 20 {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
                seen
            })
        })
        .collect();
    w.s.update_courses(&changes, &[]).await.unwrap();
    for r in readers {
        let seen = r.await.unwrap();
        for total in &seen {
            assert!(*total == 0 || *total == 20, "a reader saw {total} of 20");
        }
        assert_eq!(seen.last(), Some(&20), "each reader saw the move");
    }
    assert_eq!(w.s.list_courses(&filter).await.unwrap().1, 20);
}

#[tokio::test]
async fn one_append_over_several_chains_keeps_each_in_order() {
    let w = world().await;
    let (other, new) = (MunicipalityId::new(), MunicipalityId::new());
    w.s.create_municipality(other, "Nabokommune").await.unwrap();
    w.s.create_municipality(new, "Ny kommune").await.unwrap();
    let (a, b, c) = (CitizenId::new(), CitizenId::new(), CitizenId::new());
    let at = |m: MunicipalityId, who: CitizenId, action: AuditAction| {
        let mut e = ev(&w, action, Some(who));
        e.municipality_id = m;
        e
    };
    w.s.append_audit(&[at(other, b, AuditAction::Read)])
        .await
        .unwrap();
    // Interleaved entries of two existing chains and one without a head yet.
    w.s.append_audit(&[
        at(w.m, a, AuditAction::Read),
        at(other, b, AuditAction::Search),
        at(w.m, a, AuditAction::Update),
        at(new, c, AuditAction::Read),
        at(other, b, AuditAction::Export),
    ])
    .await
    .unwrap();
    let log = |m, who| {
        let s = w.s.clone();
        async move {
            s.access_log(m, who, 10)
                .await
                .unwrap()
                .iter()
                .map(|e| (e.seq, e.event.action))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        log(w.m, a).await,
        [(2, AuditAction::Update), (1, AuditAction::Read)]
    );
    assert_eq!(
        log(other, b).await,
        [
            (3, AuditAction::Export),
            (2, AuditAction::Search),
            (1, AuditAction::Read)
        ]
    );
    assert_eq!(log(new, c).await, [(1, AuditAction::Read)]);
    let r = w.s.verify_audit().await.unwrap();
    assert_eq!(
        (r.municipalities, r.entries, r.problems.len()),
        (3, 6, 0),
        "{:?}",
        r.problems
    );
}

#[tokio::test]
async fn a_finished_load_leaves_no_write_ahead_log_behind_and_postgres_analysed() {
    let db = jobspor_store::testing::TestDb::new().await;
    let store = db.store().await.unwrap();
    for n in 0..5 {
        store
            .create_municipality(MunicipalityId::new(), &format!("Kommune {n}"))
            .await
            .unwrap();
    }
    if db.backend != Backend::Sqlite {
        // No log to hand over; the planner's statistics instead. Five rows
        // are too few for autovacuum to have analysed them by itself.
        store.finish_load().await.unwrap();
        let columns: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'municipalities'")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert!(columns > 0, "the loaded tables were not analysed");
        return;
    }
    let wal = std::path::PathBuf::from(format!("{}-wal", db.url.trim_start_matches("sqlite://")));
    let size = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    // Five small commits stay in the log (SQLite copies it at 1,000 pages).
    assert!(size() > 0, "the commits are in the log");
    store.finish_load().await.unwrap();
    assert_eq!(size(), 0, "the log was copied and emptied");
    assert_eq!(store.count_municipalities().await.unwrap(), 5);
    store.close().await;
}

#[tokio::test]
async fn the_course_list_reads_its_covering_indexes_and_sorts_by_name() {
    let w = world().await;
    for i in 0..20 {
        let c = citizen(
            &w,
            &format!("0101{}-{}", 60 + i, 1000 + i),
            &format!("Borger {i:02}"),
        );
        w.s.create_citizen(&c, &[]).await.unwrap();
        w.s.create_course(&course(&w, &c, &w.cw), None, &[])
            .await
            .unwrap();
    }
    let mine = CourseFilter {
        municipality: w.m,
        scope: CourseScope::Mine(w.cw.id),
        search: None,
        include_closed: false,
        limit: 25,
        offset: 0,
    };
    if w.s.backend() == Backend::Sqlite {
        // Each course a step in one index, each citizen one descent: not
        // the courses table, nor the citizen's id index and then its table.
        let plan = testing::course_list_plan(&w.s, &mine).await.unwrap();
        for covered in [
            "COVERING INDEX courses_caseworker",
            "COVERING INDEX citizens_listed",
        ] {
            assert!(
                plan.iter().any(|step| step.contains(covered)),
                "{covered} is not in the plan {plan:?}"
            );
        }
    }
    let (rows, total) = w.s.list_courses(&mine).await.unwrap();
    assert_eq!((rows.len(), total), (20, 20));
    let names: Vec<&str> = rows.iter().map(|r| r.citizen_name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Borger 00"));
    assert!(names.windows(2).all(|p| p[0] < p[1]), "{names:?}");
}
