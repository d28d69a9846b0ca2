//! The store conformance suite: the same behaviour on every engine. Run with
//! `JOBSPOR_TEST_DB=sqlite` (default) or `JOBSPOR_TEST_DB=postgres` plus
//! `JOBSPOR_TEST_PG_URL`.

use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::{AuditAction, AuditEvent, ChainProblem};
use jobspor_domain::citizen::Citizen;
use jobspor_domain::contact::ContactPerson;
use jobspor_domain::course::{Course, CourseStatus, Referral, ReferralSection};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::document::DocumentMeta;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::user::{Role, User};
use jobspor_domain::*;
use jobspor_store::testing::TestDb;
use jobspor_store::*;

mod analysis;
mod citizen_access;
mod conference;
mod evaluation;
mod import;
mod insight;
mod plans;
mod progression;
mod questionnaires;
mod reads;
mod retention;
mod rules;
mod triage;
mod writes;

struct World {
    _db: TestDb,
    s: SqlStore,
    m: MunicipalityId,
    cw: User,
    cw_team: User,
    cw_other: User,
    psych: User,
}

async fn world() -> World {
    world_with(EnginePieces::ALL).await
}

/// The same world on a store with some of the engine's pieces left out.
async fn world_with(pieces: EnginePieces) -> World {
    let db = TestDb::new().await;
    let s = db.store_with(pieces).await.expect("connect");
    let m = MunicipalityId::new();
    s.create_municipality(m, "Testkommune").await.unwrap();
    let mk = |name: &str, role: Role, team: Option<&str>| NewUser {
        municipality_id: m,
        username: name.into(),
        display_name: name.to_uppercase(),
        role,
        profession: None,
        unit_id: None,
        team: team.map(String::from),
        password_hash: "x".into(),
    };
    let cw = s
        .create_user(&mk("cw", Role::Caseworker, Some("Nord")), &[])
        .await
        .unwrap();
    let cw_team = s
        .create_user(&mk("cw2", Role::Caseworker, Some("Nord")), &[])
        .await
        .unwrap();
    let cw_other = s
        .create_user(&mk("cw3", Role::Caseworker, Some("Syd")), &[])
        .await
        .unwrap();
    let psych = s
        .create_user(&mk("psych", Role::HealthProfessional, None), &[])
        .await
        .unwrap();
    World {
        _db: db,
        s,
        m,
        cw,
        cw_team,
        cw_other,
        psych,
    }
}

fn ev(w: &World, action: AuditAction, citizen: Option<CitizenId>) -> AuditEvent {
    AuditEvent {
        at: Utc::now(),
        municipality_id: w.m,
        user_id: Some(w.cw.id),
        username: "cw".into(),
        role: Some(Role::Caseworker),
        action,
        citizen_id: citizen,
        object: "test".into(),
        purpose: "conformance".into(),
    }
}

fn citizen(w: &World, cpr: &str, name: &str) -> Citizen {
    Citizen {
        id: CitizenId::new(),
        municipality_id: w.m,
        cpr: Cpr::parse(cpr).unwrap().0,
        name: name.into(),
        phone: None,
        email: Some("a@b.dk".into()),
        address: None,
        created_at: Utc::now(),
        version: 1,
    }
}

fn course(w: &World, c: &Citizen, cw: &User) -> Course {
    let mut referral = Referral::new();
    referral.insert(ReferralSection::Education, "9. klasse".into());
    Course {
        id: CourseId::new(),
        municipality_id: w.m,
        citizen_id: c.id,
        caseworker_id: cw.id,
        target_group: TargetGroup::Kontanthjaelp,
        category: Some("aktivitetsparat".into()),
        rule_set: "lab-2019".into(),
        status: CourseStatus::Active,
        start_date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        first_absence_date: None,
        follow_up_track: jobspor_domain::control::FollowUpTrack::Standard,
        framework: "Udviklingsforløb".into(),
        employment_goal: "Job i detail".into(),
        referral,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

fn entry(w: &World, course: &Course, text: &str, corrects: Option<JournalEntryId>) -> JournalEntry {
    JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: w.m,
        course_id: course.id,
        author_id: w.cw.id,
        author_name: "CW".into(),
        author_role: Role::Caseworker,
        entry_date: NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
        text: text.into(),
        corrects,
        created_at: Utc::now(),
    }
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let db = TestDb::new().await;
    let a = db.store().await.unwrap();
    a.close().await;
    let b = db.store().await.unwrap();
    assert_eq!(b.backend(), db.backend);
}

#[tokio::test]
async fn citizens_roundtrip_conflict_search_and_versions() {
    let w = world().await;
    let k = citizen(&w, "250380-1714", "Karen Karensen");
    w.s.create_citizen(&k, &[ev(&w, AuditAction::Create, Some(k.id))])
        .await
        .unwrap();
    let dup = citizen(&w, "2503801714", "Someone");
    assert!(matches!(
        w.s.create_citizen(&dup, &[]).await,
        Err(StoreError::Conflict(_))
    ));
    let got = w.s.citizen(w.m, k.id).await.unwrap().unwrap();
    assert_eq!(
        (got.name.as_str(), got.cpr.full(), got.version),
        ("Karen Karensen", "250380-1714".into(), 1)
    );
    assert_eq!(
        w.s.citizen_by_cpr(w.m, &k.cpr).await.unwrap().unwrap().id,
        k.id
    );
    // Another municipality's id lookup finds nothing.
    assert!(w
        .s
        .citizen(MunicipalityId::new(), k.id)
        .await
        .unwrap()
        .is_none());
    let p = citizen(&w, "120367-1155", "Niels 100%_Nielsen");
    w.s.create_citizen(&p, &[]).await.unwrap();
    let found =
        w.s.search_citizens_by_name(w.m, "KAREN", 10, 0)
            .await
            .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        w.s.search_citizens_by_name(w.m, "%", 10, 0)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        w.s.search_citizens_by_name(w.m, "_", 10, 0)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(w.s.count_citizens(w.m).await.unwrap(), 2);
    let mut changed = got.clone();
    changed.phone = Some("12345678".into());
    let saved = w.s.update_citizen(&changed, 1, &[]).await.unwrap();
    assert_eq!(saved.version, 2);
    assert!(matches!(
        w.s.update_citizen(&changed, 1, &[]).await,
        Err(StoreError::Conflict(_))
    ));
}

#[tokio::test]
async fn course_lists_scopes_search_and_paging() {
    let w = world().await;
    let mut citizens = Vec::new();
    for (i, name) in [
        "Anna Andersen",
        "Bo Berg",
        "Carl Clausen",
        "Dorte Dam",
        "Eva Eriksen",
    ]
    .iter()
    .enumerate()
    {
        let c = citizen(&w, &format!("0{}0180-100{}", i + 1, i), name);
        w.s.create_citizen(&c, &[]).await.unwrap();
        citizens.push(c);
    }
    let mine: Vec<Course> = citizens[..3].iter().map(|c| course(&w, c, &w.cw)).collect();
    for c in &mine {
        w.s.create_course(c, None, &[]).await.unwrap();
    }
    let teams = course(&w, &citizens[3], &w.cw_team);
    w.s.create_course(&teams, None, &[]).await.unwrap();
    let other = course(&w, &citizens[4], &w.cw_other);
    w.s.create_course(&other, None, &[]).await.unwrap();
    w.s.add_course_member(&other, w.psych.id, &[])
        .await
        .unwrap();
    assert!(matches!(
        w.s.add_course_member(&other, w.psych.id, &[]).await,
        Err(StoreError::Conflict(_))
    ));

    let f = |scope, search| CourseFilter {
        municipality: w.m,
        scope,
        search,
        include_closed: false,
        limit: 2,
        offset: 0,
    };
    let (page, total) =
        w.s.list_courses(&f(CourseScope::Mine(w.cw.id), None))
            .await
            .unwrap();
    assert_eq!((page.len(), total), (2, 3));
    assert_eq!(page[0].citizen_name, "Anna Andersen");
    let mut second = f(CourseScope::Mine(w.cw.id), None);
    second.offset = 2;
    let (page2, total2) = w.s.list_courses(&second).await.unwrap();
    assert_eq!(page2[0].citizen_name, "Carl Clausen");
    assert_eq!((page2.len(), total2), (1, 3), "the total on a later page");
    second.offset = 7;
    let (past, total_past) = w.s.list_courses(&second).await.unwrap();
    assert_eq!((past.len(), total_past), (0, 3), "a page past the end");
    let nobody = f(
        CourseScope::Mine(w.cw.id),
        Some(CourseSearch::Name("Zacharias".into())),
    );
    let (none, total_none) = w.s.list_courses(&nobody).await.unwrap();
    assert_eq!((none.len(), total_none), (0, 0), "nothing found");

    let visible = CourseScope::Visible {
        user: w.cw.id,
        team: Some("Nord".into()),
    };
    let mut all = f(visible, None);
    all.limit = 50;
    let (_, total) = w.s.list_courses(&all).await.unwrap();
    assert_eq!(total, 4, "own three plus the teammate's");
    let mut psych = f(
        CourseScope::Visible {
            user: w.psych.id,
            team: None,
        },
        None,
    );
    psych.limit = 50;
    let (rows, _) = w.s.list_courses(&psych).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].course_id, other.id);

    let by_cpr = f(
        CourseScope::Mine(w.cw.id),
        Some(CourseSearch::Cpr(citizens[1].cpr.clone())),
    );
    let (rows, _) = w.s.list_courses(&by_cpr).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].citizen_name, "Bo Berg");
    let by_prefix = f(
        CourseScope::Mine(w.cw.id),
        Some(CourseSearch::CprPrefix("030180".into())),
    );
    assert_eq!(w.s.list_courses(&by_prefix).await.unwrap().1, 1);
    let by_name = f(
        CourseScope::Mine(w.cw.id),
        Some(CourseSearch::Name("clau".into())),
    );
    assert_eq!(w.s.list_courses(&by_name).await.unwrap().1, 1);

    let (team, members) = w.s.course_relations(&other).await.unwrap();
    assert_eq!(team.as_deref(), Some("Syd"));
    assert_eq!(members, vec![w.psych.id]);

    // Closing hides from the default list; a stale version is refused.
    let mut closed = mine[0].clone();
    closed.status = CourseStatus::Closed;
    let saved = w.s.update_course(&closed, 1, None, &[]).await.unwrap();
    assert_eq!(saved.version, 2);
    assert!(matches!(
        w.s.update_course(&closed, 1, None, &[]).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        w.s.list_courses(&f(CourseScope::Mine(w.cw.id), None))
            .await
            .unwrap()
            .1,
        2
    );
    let back = w.s.course(w.m, mine[0].id).await.unwrap().unwrap();
    assert_eq!(back.status, CourseStatus::Closed);
    assert_eq!(
        back.referral
            .get(&ReferralSection::Education)
            .map(String::as_str),
        Some("9. klasse")
    );
    assert_eq!(
        w.s.courses_of_citizen(w.m, citizens[0].id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn journal_is_append_only_with_linked_corrections() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    let first = entry(&w, &k, "Første samtale <b>fed</b>", None);
    w.s.create_course(&k, Some(&first), &[]).await.unwrap();
    let fix = entry(&w, &k, "Rettelse: samtalen var den 3.", Some(first.id));
    w.s.add_journal_entry(&fix, &[ev(&w, AuditAction::Create, Some(c.id))])
        .await
        .unwrap();
    let j = w.s.journal(w.m, k.id).await.unwrap();
    assert_eq!(j.len(), 2);
    assert_eq!(j[0].corrects, Some(first.id));
    assert_eq!(j[1].text, "Første samtale <b>fed</b>");
    // A correction must point into the same course.
    let c2 = citizen(&w, "120367-1155", "Niels");
    w.s.create_citizen(&c2, &[]).await.unwrap();
    let k2 = course(&w, &c2, &w.cw);
    w.s.create_course(&k2, None, &[]).await.unwrap();
    let stray = entry(&w, &k2, "x", Some(first.id));
    assert!(matches!(
        w.s.add_journal_entry(&stray, &[]).await,
        Err(StoreError::NotFound)
    ));
    assert!(w.s.journal_entry(w.m, first.id).await.unwrap().is_some());
}

#[tokio::test]
async fn contacts_and_documents_roundtrip() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let contact = ContactPerson {
        id: ContactId::new(),
        municipality_id: w.m,
        course_id: k.id,
        name: "Dr. Hansen".into(),
        relation: "Egen læge".into(),
        phone: Some("98 00 00 00".into()),
        email: None,
        created_at: Utc::now(),
    };
    w.s.add_contact(&contact, &[]).await.unwrap();
    assert_eq!(
        w.s.contacts(w.m, k.id).await.unwrap()[0].relation,
        "Egen læge"
    );
    let bytes = b"%PDF-1.4 binary \x00\xff".to_vec();
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: w.m,
        course_id: k.id,
        filename: "lægeerklæring.pdf".into(),
        content_type: "application/pdf".into(),
        size: bytes.len() as i64,
        sha256: "abc".into(),
        uploaded_by: w.cw.id,
        created_at: Utc::now(),
    };
    w.s.add_document(&meta, &bytes, &[]).await.unwrap();
    assert_eq!(w.s.documents(w.m, k.id).await.unwrap().len(), 1);
    let (m2, content) = w.s.document(w.m, meta.id).await.unwrap().unwrap();
    assert_eq!(m2.filename, "lægeerklæring.pdf");
    assert_eq!(content, bytes);
    assert!(w
        .s
        .document(MunicipalityId::new(), meta.id)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn sessions_tokens_and_deactivation() {
    let w = world().await;
    let now = Utc::now();
    let s = SessionRecord {
        id_hash: "h1".into(),
        user_id: w.cw.id,
        csrf_token: "t".into(),
        created_at: now,
        last_seen: now,
    };
    w.s.create_session(&s, None, &[]).await.unwrap();
    w.s.touch_session("h1", now + chrono::Duration::minutes(5))
        .await
        .unwrap();
    let back = w.s.session("h1").await.unwrap().unwrap();
    assert_eq!(
        back.last_seen.timestamp(),
        (now + chrono::Duration::minutes(5)).timestamp()
    );
    let (with, user) = w.s.session_with_user("h1").await.unwrap().unwrap();
    assert_eq!((with.id_hash.as_str(), with.user_id), ("h1", w.cw.id));
    assert_eq!(with.last_seen, back.last_seen);
    assert_eq!((user.id, user.username.as_str()), (w.cw.id, "cw"));
    assert!(user.active);
    assert!(w.s.session_with_user("h2").await.unwrap().is_none());
    w.s.create_api_token("tok", w.cw.id, now + chrono::Duration::hours(1))
        .await
        .unwrap();
    w.s.create_api_token("old", w.cw.id, now - chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(w.s.api_token_user("tok", now).await.unwrap(), Some(w.cw.id));
    assert_eq!(w.s.api_token_user("old", now).await.unwrap(), None);
    assert!(matches!(
        w.s.set_user_active(w.m, w.cw.id, false, 7, &[]).await,
        Err(StoreError::Conflict(_))
    ));
    w.s.set_user_active(w.m, w.cw.id, false, 1, &[])
        .await
        .unwrap();
    assert!(w.s.session("h1").await.unwrap().is_none());
    assert!(w.s.session_with_user("h1").await.unwrap().is_none());
    assert_eq!(w.s.api_token_user("tok", now).await.unwrap(), None);
    let (u, _) = w.s.user_by_username("cw").await.unwrap().unwrap();
    assert!(!u.active);
    assert_eq!(w.s.list_users(w.m).await.unwrap().len(), 4);
    let unit = w.s.create_unit(w.m, "Sundhedscenter", &[]).await.unwrap();
    assert!(matches!(
        w.s.create_unit(w.m, "Sundhedscenter", &[]).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(w.s.list_units(w.m).await.unwrap()[0].id, unit.id);
    assert!(matches!(
        w.s.create_user(
            &NewUser {
                municipality_id: w.m,
                username: "cw".into(),
                display_name: "x".into(),
                role: Role::Admin,
                profession: None,
                unit_id: None,
                team: None,
                password_hash: "x".into()
            },
            &[]
        )
        .await,
        Err(StoreError::Conflict(_))
    ));
}

#[tokio::test]
async fn concurrent_reads_share_commits_and_keep_every_chain_whole() {
    let w = world().await;
    let other = MunicipalityId::new();
    w.s.create_municipality(other, "Nabokommune").await.unwrap();
    // 120 callers at once, one to three entries each, in two chains: the
    // queued ones are written together, and each caller gets its answer
    // only when its own entries are committed.
    let mut tasks = Vec::new();
    for i in 0..120usize {
        let s = w.s.clone();
        let c = CitizenId::new();
        let mut e = ev(&w, AuditAction::Read, Some(c));
        if i % 3 == 0 {
            e.municipality_id = other;
        }
        let events = vec![e; i % 3 + 1];
        let m = events[0].municipality_id;
        tasks.push(tokio::spawn(async move {
            s.append_audit(&events).await.map(|_| (m, c, events.len()))
        }));
    }
    let mut total = 0;
    for t in tasks {
        let (m, c, n) = t.await.unwrap().unwrap();
        let log = w.s.access_log(m, c, 10).await.unwrap();
        assert_eq!(
            log.len(),
            n,
            "every caller's entries are there when it returns"
        );
        total += n;
    }
    let r = w.s.verify_audit().await.unwrap();
    assert_eq!(
        (r.municipalities, r.entries, r.problems.len()),
        (2, total as u64, 0),
        "{:?}",
        r.problems
    );
}

#[tokio::test]
async fn access_log_reads_across_blocks_of_the_citizen_index() {
    let w = world().await;
    let c = CitizenId::new();
    w.s.append_audit(&[ev(&w, AuditAction::Read, Some(c))])
        .await
        .unwrap();
    // Jump the chain to just before a block boundary (1,024 entries per
    // block of the index, 256 blocks per query): the entries after it land
    // in the next block and the next range of blocks, and the first entry
    // is only found by the second query.
    sqlx::query("UPDATE audit_head SET seq = 262141")
        .execute(w.s.pool())
        .await
        .unwrap();
    for _ in 0..5 {
        w.s.append_audit(&[
            ev(&w, AuditAction::Read, Some(c)),
            ev(&w, AuditAction::Search, None),
        ])
        .await
        .unwrap();
    }
    let seqs = |log: Vec<jobspor_domain::audit::AuditEntry>| -> Vec<i64> {
        log.iter().map(|e| e.seq).collect()
    };
    assert_eq!(
        seqs(w.s.access_log(w.m, c, 100).await.unwrap()),
        [262150, 262148, 262146, 262144, 262142, 1],
        "newest first, from every block"
    );
    assert_eq!(
        seqs(w.s.access_log(w.m, c, 4).await.unwrap()),
        [262150, 262148, 262146, 262144],
        "the limit holds across blocks"
    );
}

#[tokio::test]
async fn audit_chain_verifies_and_detects_tampering() {
    let w = world().await;
    let c = CitizenId::new();
    for _ in 0..3 {
        w.s.append_audit(&[
            ev(&w, AuditAction::Read, Some(c)),
            ev(&w, AuditAction::Search, None),
        ])
        .await
        .unwrap();
    }
    // Concurrent appends keep one unbroken chain.
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let s = w.s.clone();
        let e = ev(&w, AuditAction::Read, Some(c));
        tasks.push(tokio::spawn(async move { s.append_audit(&[e]).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let r = w.s.verify_audit().await.unwrap();
    assert_eq!((r.entries, r.problems.len()), (22, 0), "{:?}", r.problems);
    let log = w.s.access_log(w.m, c, 100).await.unwrap();
    assert_eq!(log.len(), 19);
    assert!(log[0].seq > log[1].seq, "newest first");

    // The append-only triggers refuse edits ...
    let upd = sqlx::query("UPDATE audit_log SET purpose = 'x' WHERE seq = 2")
        .execute(w.s.pool())
        .await;
    assert!(upd.is_err());
    // ... and when someone with direct access removes them, the chain tells.
    match w.s.backend() {
        Backend::Sqlite => {
            sqlx::raw_sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")
                .execute(w.s.pool())
                .await
                .unwrap()
        }
        Backend::Postgres => sqlx::raw_sql("DROP TRIGGER audit_log_append_only ON audit_log")
            .execute(w.s.pool())
            .await
            .unwrap(),
    };
    sqlx::query("UPDATE audit_log SET purpose = 'innocent' WHERE seq = 2")
        .execute(w.s.pool())
        .await
        .unwrap();
    let r = w.s.verify_audit().await.unwrap();
    assert!(
        r.problems
            .iter()
            .any(|(_, p)| *p == ChainProblem::Tampered { seq: 2 }),
        "{:?}",
        r.problems
    );
    sqlx::query("DELETE FROM audit_log WHERE seq = 22")
        .execute(w.s.pool())
        .await
        .unwrap();
    let r = w.s.verify_audit().await.unwrap();
    assert!(
        r.problems
            .iter()
            .any(|(_, p)| matches!(p, ChainProblem::Truncated { .. })),
        "{:?}",
        r.problems
    );
}

#[tokio::test]
async fn audit_footprint_counts_the_bytes_and_the_citizen_uses() {
    let w = world().await;
    let k = citizen(&w, "250380-1714", "Karen Karensen");
    w.s.create_citizen(&k, &[]).await.unwrap();
    let before = w.s.audit_footprint().await.unwrap();
    // A thousand reads of the citizen and one entry about no one.
    let reads: Vec<AuditEvent> = (0..1000)
        .map(|_| ev(&w, AuditAction::Read, Some(k.id)))
        .collect();
    w.s.append_audit(&reads).await.unwrap();
    w.s.append_audit(&[ev(&w, AuditAction::Login, None)])
        .await
        .unwrap();
    let after = w.s.audit_footprint().await.unwrap();
    assert_eq!(after.entries - before.entries, 1001);
    assert_eq!(after.citizen_uses - before.citizen_uses, 1000);
    // The entries take room: more than their hashes alone, less than a
    // page each.
    let per_use = (after.bytes - before.bytes) / 1000;
    assert!((64..4096).contains(&per_use), "{per_use} bytes per use");
}

#[tokio::test]
async fn log_review_reads_back_from_the_newest_and_keeps_one_verdict() {
    use jobspor_domain::log_review::Verdict;
    let w = world().await;
    let k = citizen(&w, "250380-1714", "Karen Karensen");
    w.s.create_citizen(&k, &[]).await.unwrap();
    let old = Utc::now() - chrono::Duration::days(40);
    let mut events: Vec<AuditEvent> = (0..3)
        .map(|_| {
            let mut e = ev(&w, AuditAction::Read, Some(k.id));
            e.at = old;
            e
        })
        .collect();
    events.extend((0..7).map(|_| ev(&w, AuditAction::Read, Some(k.id))));
    w.s.append_audit(&events).await.unwrap();
    let since = Utc::now() - chrono::Duration::days(30);
    let recent = w.s.recent_audit(w.m, since, 100).await.unwrap();
    assert_eq!(recent.len(), 7, "only the last 30 days");
    assert!(
        recent.windows(2).all(|p| p[0].seq > p[1].seq),
        "newest first"
    );
    assert_eq!(w.s.recent_audit(w.m, since, 4).await.unwrap().len(), 4);
    assert!(w
        .s
        .recent_audit(MunicipalityId::new(), since, 100)
        .await
        .unwrap()
        .is_empty());
    let seq = recent[0].seq;
    assert_eq!(w.s.audit_entry(w.m, seq).await.unwrap().unwrap().seq, seq);
    assert!(w
        .s
        .audit_entry(MunicipalityId::new(), seq)
        .await
        .unwrap()
        .is_none());
    let at = chrono::DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap();
    let review = Review {
        municipality_id: w.m,
        seq,
        reviewer: w.cw.id,
        verdict: Verdict::Suspicious,
        note: "Ingen grund".into(),
        at,
    };
    w.s.review_entry(&review, &[]).await.unwrap();
    assert!(matches!(
        w.s.review_entry(&review, &[]).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        w.s.reviews_of(w.m, &[seq, seq - 1]).await.unwrap(),
        vec![review]
    );
    assert!(w
        .s
        .reviews_of(MunicipalityId::new(), &[seq])
        .await
        .unwrap()
        .is_empty());
}
